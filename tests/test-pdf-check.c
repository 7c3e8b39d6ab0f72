/* test-pdf-check.c: the PDF structure check (review-pdf-check.c) against
 * a genuine signed PDF and, in miniature, every published attack on PDF
 * signatures (incremental saving, signature wrapping, universal signature
 * forgery, shadow hide / replace / hide-and-replace), the bounds (number
 * of signatures, /Kids depth, /Prev loops) and hostile input that must be
 * parsed in linear time. Each case fails on the old /ByteRange scanner
 * (review_pades_find_signatures, since removed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "review-cms-private.h"
#include "review-error.h"
#include "review-pades.h"
#include "review-pdf-check.h"
#include "review-signer-private.h"

static EVP_PKEY *key;
static X509 *cert;
static GBytes *genuine;   /* a cairo PDF signed by review_pades_sign */

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, out, 595.276, 841.89);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 50, 50, 200, 100);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
sign_cb (GBytes   *content,
         gpointer  user_data,
         GError  **error)
{
  return review_cms_sign_detached (key, cert, NULL, content, error);
}

static GBytes *
sign_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 28, 12, 34, 56);
  ReviewPadesOptions options = { 0 };
  GBytes *signed_pdf;

  options.signer_name = "PDF Check Signer";
  options.time = time;
  options.rect[0] = 50;
  options.rect[1] = 50;
  options.rect[2] = 545;
  options.rect[3] = 120;
  signed_pdf = review_pades_sign (pdf, &options, sign_cb, NULL, &error);
  g_assert_no_error (error);
  return signed_pdf;
}

/* The offset of the last (or first) @needle in @pdf; the test's own
 * shortcuts, not how the check reads. */
static gsize
find (GBytes     *pdf,
      const char *needle,
      gboolean    last)
{
  gsize len, n = strlen (needle);
  const guint8 *d = g_bytes_get_data (pdf, &len);
  gsize found = G_MAXSIZE;

  for (gsize p = 0; p + n <= len; p++)
    if (memcmp (d + p, needle, n) == 0)
      {
        found = p;
        if (!last)
          break;
      }
  g_assert_cmpuint (found, !=, G_MAXSIZE);
  return found;
}

static guint64
number_after (GBytes     *pdf,
              const char *needle,
              gboolean    last)
{
  gsize at = find (pdf, needle, last) + strlen (needle);
  return g_ascii_strtoull ((const char *) g_bytes_get_data (pdf, NULL) + at, NULL, 10);
}

/* An incremental update: @objects ("num", "body", … NULL) and a classic
 * section; @trailer_extra replaces the /Root and /Info the base has when
 * not NULL. Without @xref, only the objects are appended. */
static GBytes *
append_update (GBytes      *pdf,
               gboolean     xref,
               const char  *trailer_extra,
               ...)
{
  g_autoptr(GString) out = g_string_new_len (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(GString) section = g_string_new ("xref\n");
  guint64 prev = number_after (pdf, "startxref\n", TRUE);
  guint64 size = number_after (pdf, "/Size ", TRUE);
  guint64 root = number_after (pdf, "/Root ", TRUE);
  guint64 info = number_after (pdf, "/Info ", TRUE);
  gsize xref_at;
  va_list ap;
  const char *num;

  va_start (ap, trailer_extra);
  while ((num = va_arg (ap, const char *)) != NULL)
    {
      const char *body = va_arg (ap, const char *);
      g_string_append_printf (section, "%s 1\n%010" G_GSIZE_FORMAT " 00000 n \n", num, out->len);
      g_string_append_printf (out, "%s 0 obj\n%s\nendobj\n", num, body);
      size = MAX (size, g_ascii_strtoull (num, NULL, 10) + 1);
    }
  va_end (ap);
  if (!xref)
    return g_bytes_new (out->str, out->len);
  xref_at = out->len;
  g_string_append (out, section->str);
  if (trailer_extra == NULL)
    g_string_append_printf (out, "trailer\n<< /Size %" G_GUINT64_FORMAT " /Root %" G_GUINT64_FORMAT
                            " 0 R /Info %" G_GUINT64_FORMAT " 0 R /Prev %" G_GUINT64_FORMAT " >>\n",
                            size, root, info, prev);
  else
    g_string_append_printf (out, "trailer\n<< /Size %" G_GUINT64_FORMAT " %s /Prev %" G_GUINT64_FORMAT
                            " >>\n", size, trailer_extra, prev);
  g_string_append_printf (out, "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref_at);
  return g_bytes_new (out->str, out->len);
}

/* @pdf with the bytes at @at replaced by @text (same length). */
static GBytes *
patch (GBytes     *pdf,
       gsize       at,
       const char *text)
{
  GByteArray *copy = g_byte_array_new ();

  g_byte_array_append (copy, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_assert_cmpuint (at + strlen (text), <=, copy->len);
  memcpy (copy->data + at, text, strlen (text));
  return g_byte_array_free_to_bytes (copy);
}

static ReviewPdfCheck *
expect (GBytes          *pdf,
        ReviewPdfStatus  status,
        const char      *reason)
{
  g_autoptr(GError) error = NULL;
  ReviewPdfCheck *check = review_pdf_check (pdf, &error);

  g_assert_no_error (error);
  g_assert_nonnull (check);
  if (check->status != status || (reason != NULL && (check->problem == NULL ||
                                                     strstr (check->problem, reason) == NULL)))
    g_error ("status %d (%s), expected %d (…%s…)", check->status,
             check->problem != NULL ? check->problem : "no problem", status,
             reason != NULL ? reason : "");
  if (status != REVIEW_PDF_OK)
    g_assert_nonnull (check->problem);
  return check;
}

static void
test_genuine (void)
{
  g_autoptr(ReviewPdfCheck) check = expect (genuine, REVIEW_PDF_OK, NULL);
  ReviewPadesSignature *sig;
  g_autoptr(GBytes) content = NULL;

  g_assert_cmpuint (check->signatures->len, ==, 1);
  g_assert_cmpuint (check->n_revisions, ==, 2);
  sig = g_ptr_array_index (check->signatures, 0);
  g_assert_true (sig->well_formed);
  g_assert_true (sig->covers_whole_file);
  g_assert_cmpuint (sig->revision_end, ==, g_bytes_get_size (genuine));
  g_assert_cmpstr (sig->name, ==, "PDF Check Signer");
  g_assert_cmpstr (sig->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_nonnull (sig->time);
  g_assert_null (g_ptr_array_index (check->problems, 0));
  g_assert_true (g_hash_table_contains (check->info, "Producer"));
  content = review_pades_signed_content (genuine, sig);
  g_assert_true (review_cms_verify_detached (sig->cms, content, NULL, NULL, NULL));
}

static void
test_unsigned (void)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_OK, "no signature");

  g_assert_cmpuint (check->signatures->len, ==, 0);
}

/* Incremental saving: page content replaced in a new revision. */
static void
test_isa_content (void)
{
  g_autofree char *num = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                          number_after (genuine, "/Contents ", FALSE));
  g_autoptr(GBytes) pdf = append_update (genuine, TRUE, NULL, num,
                                         "<< /Length 0 >>\nstream\n\nendstream", NULL);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_CHANGED, "changes object");
  g_assert_cmpint (g_array_index (check->statuses, ReviewPdfStatus, 0), ==, REVIEW_PDF_CHANGED);
}

/* Incremental saving without a cross-reference section. */
static void
test_isa_no_xref (void)
{
  g_autoptr(GBytes) pdf = append_update (genuine, FALSE, NULL, "999",
                                         "<< /Producer (someone else) >>", NULL);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_CHANGED, "added after");
}

/* A new object added (an annotation drawing over the page). */
static void
test_isa_new_object (void)
{
  g_autoptr(GBytes) pdf = append_update (genuine, TRUE, NULL, "900",
                                         "<< /Type /Annot /Subtype /Square /Rect [0 0 600 900] >>",
                                         NULL);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_CHANGED, "adds object");
}

/* Signature wrapping: the ranges moved so that the gap holds more. */
static void
test_wrapping (void)
{
  gsize at = find (genuine, "/ByteRange [", TRUE) + strlen ("/ByteRange [");
  gsize a = number_after (genuine, "/ByteRange [0 ", TRUE);
  g_autofree char *ranges = g_strdup_printf ("0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " 10",
                                             a - 40, g_bytes_get_size (genuine) - 10);
  g_autoptr(GBytes) pdf = patch (genuine, at, ranges);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_MALFORMED, "/ByteRange");
}

/* Universal signature forgery: /Contents or /ByteRange missing, empty,
 * null or zero. */
#define SPACES33 "                                 "

static void
test_usf (void)
{
  gsize br = find (genuine, "/ByteRange [", TRUE);
  gsize ct = find (genuine, "/Contents <", TRUE);
  const struct { gsize at; const char *text; const char *reason; } cases[] = {
    { ct, "/Xontents", "no /Contents" },
    { br, "/XyteRange", "no /ByteRange" },
    { br + strlen ("/ByteRange ["), "0 0 0 0" SPACES33, "/ByteRange" },
    { br + strlen ("/ByteRange "), "null  " SPACES33 "   ", "/ByteRange" },
    { ct + strlen ("/Contents "), NULL, "CMS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup (cases[i].text);
      g_autoptr(GBytes) pdf = NULL;

      if (text == NULL)   /* the whole /Contents string becomes <00> */
        {
          const char *d = g_bytes_get_data (genuine, NULL);
          gsize end = cases[i].at;

          while (d[end] != '>')
            end++;
          text = g_strnfill (end + 1 - cases[i].at, ' ');
          memcpy (text, "<00>", 4);
        }
      pdf = patch (genuine, cases[i].at, text);
      g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_MALFORMED, cases[i].reason);
      g_assert_false (((ReviewPadesSignature *) g_ptr_array_index (check->signatures, 0))->well_formed);
    }
}

/* Shadow hide: an update that only re-points an object at older bytes. */
static void
test_shadow_hide (void)
{
  guint64 num = number_after (genuine, "/Contents ", FALSE);
  g_autofree char *header = g_strdup_printf ("\n%" G_GUINT64_FORMAT " 0 obj", num);
  gsize old = find (genuine, header, FALSE) + 1;
  g_autoptr(GString) out = g_string_new_len (g_bytes_get_data (genuine, NULL),
                                             g_bytes_get_size (genuine));
  gsize xref_at = out->len;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;

  g_string_append_printf (out, "xref\n%" G_GUINT64_FORMAT " 1\n%010" G_GSIZE_FORMAT
                          " 00000 n \ntrailer\n<< /Size 100 /Root %" G_GUINT64_FORMAT
                          " 0 R /Info %" G_GUINT64_FORMAT " 0 R /Prev %" G_GUINT64_FORMAT
                          " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", num, old,
                          number_after (genuine, "/Root ", TRUE),
                          number_after (genuine, "/Info ", TRUE),
                          number_after (genuine, "startxref\n", TRUE), xref_at);
  pdf = g_bytes_new (out->str, out->len);
  check = expect (pdf, REVIEW_PDF_CHANGED, "shadowed");
}

/* Shadow replace: the document information replaced after signing. */
static void
test_shadow_replace_info (void)
{
  g_autofree char *num = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                          number_after (genuine, "/Info ", TRUE));
  g_autoptr(GBytes) pdf = append_update (genuine, TRUE, NULL, num,
                                         "<< /Producer (forged) /Title (Forged) >>", NULL);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_CHANGED, "document information");

  /* …and the information read is the signed one. */
  g_assert_cmpstr (g_hash_table_lookup (check->info, "Title"), !=, "Forged");
}

/* Shadow hide-and-replace: the trailer points at another catalogue. */
static void
test_shadow_root (void)
{
  g_autofree char *trailer = g_strdup_printf ("/Root 901 0 R /Info %" G_GUINT64_FORMAT " 0 R",
                                              number_after (genuine, "/Info ", TRUE));
  g_autofree char *catalogue = g_strdup_printf ("<< /Type /Catalog /Pages %" G_GUINT64_FORMAT
                                                " 0 R >>", number_after (genuine, "/Pages ", FALSE));
  g_autoptr(GBytes) pdf = append_update (genuine, TRUE, trailer, "901", catalogue, NULL);
  g_autoptr(ReviewPdfCheck) check = expect (pdf, REVIEW_PDF_CHANGED, "removes its signatures");
  g_autofree char *with_form = g_strdup_printf ("<< /Type /Catalog /Pages %" G_GUINT64_FORMAT
                                                " 0 R /AcroForm %" G_GUINT64_FORMAT " 0 R >>",
                                                number_after (genuine, "/Pages ", FALSE),
                                                number_after (genuine, "/AcroForm ", TRUE));
  g_autoptr(GBytes) kept = append_update (genuine, TRUE, trailer, "901", with_form, NULL);

  /* …and, keeping the form, points at another catalogue. */
  g_clear_pointer (&check, review_pdf_check_free);
  check = expect (kept, REVIEW_PDF_CHANGED, "another catalogue");
}

/* The last definition of object @num in @pdf: "<< … >>" between "obj"
 * and "endobj" (the test's shortcut for the objects review_pades_sign
 * writes). */
static char *
last_object (GBytes  *pdf,
             guint64  num)
{
  g_autofree char *header = g_strdup_printf ("\n%" G_GUINT64_FORMAT " 0 obj\n", num);
  gsize at = find (pdf, header, TRUE) + strlen (header);
  const char *d = g_bytes_get_data (pdf, NULL);
  const char *end = g_strstr_len (d + at, g_bytes_get_size (pdf) - at, "\nendobj");

  g_assert_nonnull (end);
  return g_strndup (d + at, end - (d + at));
}

/* @dict with " @num 0 R" added at the end of its array @array_key. */
static char *
array_plus (const char *dict,
            const char *array_key,
            guint64     num)
{
  const char *open = strstr (dict, array_key);
  const char *close;

  g_assert_nonnull (open);
  close = strchr (open, ']');
  g_assert_nonnull (close);
  return g_strdup_printf ("%.*s %" G_GUINT64_FORMAT " 0 R %s", (int) (close - dict), dict, num,
                          close);
}

/* A countersignature as a second signer's PDF tool adds it: a new
 * signature field and widget on the signed page, the form and that page
 * again with the widget added, a signature dictionary whose /ByteRange
 * covers the whole new file but its /Contents, signed by another key; with
 * @extra_num/@extra_body, one more object in the same revision. */
static GBytes *
countersign (GBytes     *pdf,
             EVP_PKEY   *second_key,
             X509       *second_cert,
             const char *extra_num,
             const char *extra_body)
{
  guint64 size = number_after (pdf, "/Size ", TRUE);
  guint64 form = number_after (pdf, "/AcroForm ", TRUE);
  guint64 page = number_after (pdf, " 0 R /P ", TRUE);
  g_autofree char *sig = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  g_autofree char *widget = g_strdup_printf ("%" G_GUINT64_FORMAT, size + 1);
  g_autofree char *page_num = g_strdup_printf ("%" G_GUINT64_FORMAT, page);
  g_autofree char *form_num = g_strdup_printf ("%" G_GUINT64_FORMAT, form);
  g_autofree char *old_page = last_object (pdf, page);
  g_autofree char *old_form = last_object (pdf, form);
  g_autofree char *new_page = array_plus (old_page, "/Annots [", size + 1);
  g_autofree char *new_form = array_plus (old_form, "/Fields [", size + 1);
  g_autofree char *widget_body =
    g_strdup_printf ("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /V %s 0 R "
                     "/P %s 0 R /Rect [0 0 0 0] /F 132 >>", sig, page_num);
  g_autofree char *placeholder = g_strnfill (2 * 8192, '0');
  g_autofree char *sig_body =
    g_strdup_printf ("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                     "/Name (Second Signer) /M (D:20261201000000Z) /ByteRange [0 0 0 0"
                     "%40s] /Contents <%s> >>", "", placeholder);
  /* A NULL @extra_num ends the list there. */
  g_autoptr(GBytes) unsigned_pdf =
    append_update (pdf, TRUE, NULL, page_num, new_page, widget, widget_body,
                   form_num, new_form, sig, sig_body, extra_num, extra_body, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autofree char *ranges = NULL;
  g_autofree char *hex = NULL;
  GByteArray *out = g_byte_array_new ();
  gsize a, b, br, len;
  const guint8 *der;

  g_byte_array_append (out, g_bytes_get_data (unsigned_pdf, NULL),
                       g_bytes_get_size (unsigned_pdf));
  a = find (unsigned_pdf, "/Contents <", TRUE) + strlen ("/Contents ");
  b = a + strlen (placeholder) + 2;
  br = find (unsigned_pdf, "/ByteRange [", TRUE) + strlen ("/ByteRange [");
  ranges = g_strdup_printf ("0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT, a, b,
                            out->len - b);
  g_assert_cmpuint (strlen (ranges), <=, 47);
  memcpy (out->data + br, ranges, strlen (ranges));
  {
    GByteArray *covered = g_byte_array_new ();

    g_byte_array_append (covered, out->data, a);
    g_byte_array_append (covered, out->data + b, out->len - b);
    content = g_byte_array_free_to_bytes (covered);
  }
  cms = review_cms_sign_detached (second_key, second_cert, NULL, content, &error);
  g_assert_no_error (error);
  der = g_bytes_get_data (cms, &len);
  hex = g_malloc (2 * len + 1);
  for (gsize i = 0; i < len; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", der[i]);
  g_assert_cmpuint (2 * len, <=, strlen (placeholder));
  memcpy (out->data + a + 1, hex, 2 * len);
  return g_byte_array_free_to_bytes (out);
}

/* A legitimate countersignature, another signer adding only its signature,
 * is what DocMDP /P 2 permits: both signatures are well formed, each CMS
 * matches the bytes it covers, the last covers the whole file. The same
 * revision also changing the page's content is a change. */
static void
test_countersigned (void)
{
  g_autoptr(GError) error = NULL;
  EVP_PKEY *second_key = NULL;
  X509 *second_cert = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) changed = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;
  g_autofree char *content_num = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                  number_after (genuine, "/Contents ", FALSE));

  g_assert_true (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "Second Signer",
                                         "Another Organisation", NULL, &second_key, &second_cert,
                                         &error));
  g_assert_no_error (error);
  pdf = countersign (genuine, second_key, second_cert, NULL, NULL);
  check = expect (pdf, REVIEW_PDF_OK, NULL);
  g_assert_null (check->problem);
  g_assert_cmpuint (check->n_revisions, ==, 3);
  g_assert_cmpuint (check->signatures->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      ReviewPadesSignature *sig = g_ptr_array_index (check->signatures, i);
      g_autoptr(GBytes) content = review_pades_signed_content (pdf, sig);
      g_auto(ReviewSignatureInfo) info = { 0 };

      g_assert_cmpint (g_array_index (check->statuses, ReviewPdfStatus, i), ==, REVIEW_PDF_OK);
      g_assert_null (g_ptr_array_index (check->problems, i));
      g_assert_true (sig->well_formed);
      g_assert_cmpstr (sig->name, ==, i == 0 ? "PDF Check Signer" : "Second Signer");
      g_assert_true (review_cms_verify_detached (sig->cms, content, NULL, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.signer_name, ==, i == 0 ? "PDF Check Signer" : "Second Signer");
    }
  g_assert_false (((ReviewPadesSignature *) g_ptr_array_index (check->signatures, 0))->covers_whole_file);
  g_assert_cmpuint (((ReviewPadesSignature *) g_ptr_array_index (check->signatures, 0))->revision_end,
                    ==, g_bytes_get_size (genuine));
  g_assert_true (((ReviewPadesSignature *) g_ptr_array_index (check->signatures, 1))->covers_whole_file);

  /* …and with the page's content replaced in the same revision. */
  changed = countersign (genuine, second_key, second_cert, content_num,
                         "<< /Length 0 >>\nstream\n\nendstream");
  g_clear_pointer (&check, review_pdf_check_free);
  check = expect (changed, REVIEW_PDF_CHANGED, "changes object");
  g_assert_cmpint (g_array_index (check->statuses, ReviewPdfStatus, 0), ==, REVIEW_PDF_CHANGED);

  EVP_PKEY_free (second_key);
  X509_free (second_cert);
}

/* A form on an unsigned PDF: its /Fields array's content, and @bodies as
 * objects 1000, 1001, … */
static GBytes *
with_form (const char *fields,
           GPtrArray  *bodies)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  guint64 root = number_after (pdf, "/Root ", TRUE);
  g_autoptr(GString) out = g_string_new_len (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(GString) entries = g_string_new (NULL);
  gsize root_at = out->len, xref_at;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT " 0 obj\n<< /Type /Catalog /Pages %"
                          G_GUINT64_FORMAT " 0 R /AcroForm << /Fields [ %s ] >> >>\nendobj\n",
                          root, number_after (pdf, "/Pages ", FALSE), fields);
  for (guint i = 0; i < bodies->len; i++)
    {
      g_string_append_printf (entries, "%010" G_GSIZE_FORMAT " 00000 n \n", out->len);
      g_string_append_printf (out, "%u 0 obj\n%s\nendobj\n", 1000 + i,
                              (const char *) g_ptr_array_index (bodies, i));
    }
  xref_at = out->len;
  g_string_append_printf (out, "xref\n%" G_GUINT64_FORMAT " 1\n%010" G_GSIZE_FORMAT
                          " 00000 n \n1000 %u\n%s", root, root_at, bodies->len, entries->str);
  g_string_append_printf (out, "trailer\n<< /Size 100000 /Root %" G_GUINT64_FORMAT
                          " 0 R /Prev %" G_GUINT64_FORMAT " >>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n", root, number_after (pdf, "startxref\n", TRUE), xref_at);
  return g_bytes_new (out->str, out->len);
}

static void
test_signature_cap (void)
{
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;

  for (guint i = 0; i < REVIEW_PDF_CHECK_MAX_SIGNATURES + 1; i++)
    {
      g_string_append_printf (fields, "%u 0 R ", 1000 + 2 * i);
      g_ptr_array_add (objects, g_strdup_printf ("<< /FT /Sig /V %u 0 R >>", 1001 + 2 * i));
      g_ptr_array_add (objects, g_strdup ("<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>"));
    }
  pdf = with_form (fields->str, objects);
  check = expect (pdf, REVIEW_PDF_MALFORMED, "more than");
}

static void
test_deep_kids (void)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;

  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (objects, g_strdup_printf ("<< /FT /Sig /Kids [ %u 0 R ] >>", 1001 + i));
  pdf = with_form ("1000 0 R", objects);
  check = expect (pdf, REVIEW_PDF_MALFORMED, "too deep");
}

static void
test_prev_loop (void)
{
  g_autoptr(GString) out = g_string_new ("%PDF-1.5\n");
  gsize xref_at = out->len;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;

  g_string_append_printf (out, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Prev %"
                          G_GSIZE_FORMAT " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          xref_at, xref_at);
  pdf = g_bytes_new (out->str, out->len);
  check = expect (pdf, REVIEW_PDF_MALFORMED, "/Prev");
}

static void
test_too_large (void)
{
  /* Only the size is looked at before refusing: a fake length. */
  static const char head[] = "%PDF-1.5\n";
  g_autoptr(GBytes) small = g_bytes_new_static (head, sizeof head - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewPdfCheck) check = review_pdf_check (small, &error);

  g_assert_no_error (error);
  g_assert_cmpint (check->status, ==, REVIEW_PDF_MALFORMED);
}

static void
time_check (GBytes          *pdf,
            ReviewPdfStatus  status,
            const char      *what)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(ReviewPdfCheck) check = expect (pdf, status, NULL);
  gint64 took = g_get_monotonic_time () - start;

  g_test_message ("%s: %.3f s, %u revisions", what, took / 1e6, check->n_revisions);
#if defined(__SANITIZE_ADDRESS__)
  (void) took;
#else
  g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
#endif
}

#define HOSTILE_SIZE (40u << 20)

static void
test_hostile_patterns (void)
{
  static const char pattern[] = "/ByteRange [0 1 2 3]\n";
  GByteArray *data = g_byte_array_sized_new (HOSTILE_SIZE + 64);
  g_autoptr(GBytes) pdf = NULL;

  g_byte_array_append (data, (const guint8 *) "%PDF-1.5\n", 9);
  while (data->len < HOSTILE_SIZE)
    g_byte_array_append (data, (const guint8 *) pattern, sizeof pattern - 1);
  pdf = g_byte_array_free_to_bytes (data);
  time_check (pdf, REVIEW_PDF_MALFORMED, "40 MB of /ByteRange");
}

static void
test_hostile_objects (void)
{
  /* A genuine structure whose catalogue and page are full of patterns. */
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GString) junk = g_string_new ("<< /Type /Catalog /Pages ");
  g_autofree char *root = g_strdup_printf ("%" G_GUINT64_FORMAT, number_after (pdf, "/Root ", TRUE));
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) forged = NULL;

  g_string_append_printf (junk, "%" G_GUINT64_FORMAT " 0 R /Junk [", number_after (pdf, "/Pages ", FALSE));
  while (junk->len < HOSTILE_SIZE)
    g_string_append (junk, " << /ByteRange [0 1 2 3] /Contents <00> >> (/ByteRange [0 1 2 3])");
  g_string_append (junk, " ] >>");
  big = append_update (pdf, TRUE, NULL, root, junk->str, NULL);
  signed_pdf = sign_pdf (big);
  time_check (signed_pdf, REVIEW_PDF_OK, "40 MB catalogue, signed");
  forged = append_update (signed_pdf, TRUE, NULL, root, junk->str, NULL);
  time_check (forged, REVIEW_PDF_CHANGED, "…and redefined after signing");
}

static void
test_hostile_sections (void)
{
  g_autoptr(GBytes) pdf = g_bytes_ref (genuine);

  for (guint i = 0; i < 3000; i++)
    {
      GBytes *next = append_update (pdf, TRUE, NULL, "999", "<< /Producer (again) >>", NULL);
      g_bytes_unref (pdf);
      pdf = next;
    }
  time_check (pdf, REVIEW_PDF_CHANGED, "3000 cross-reference sections");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "PDF Check Signer",
                                         "Test Organisation", NULL, &key, &cert, &error));
  g_assert_no_error (error);
  pdf = make_pdf ();
  genuine = sign_pdf (pdf);

  g_test_add_func ("/pdf-check/genuine", test_genuine);
  g_test_add_func ("/pdf-check/unsigned", test_unsigned);
  g_test_add_func ("/pdf-check/isa-content", test_isa_content);
  g_test_add_func ("/pdf-check/isa-no-xref", test_isa_no_xref);
  g_test_add_func ("/pdf-check/isa-new-object", test_isa_new_object);
  g_test_add_func ("/pdf-check/wrapping", test_wrapping);
  g_test_add_func ("/pdf-check/usf", test_usf);
  g_test_add_func ("/pdf-check/shadow-hide", test_shadow_hide);
  g_test_add_func ("/pdf-check/shadow-replace-info", test_shadow_replace_info);
  g_test_add_func ("/pdf-check/shadow-root", test_shadow_root);
  g_test_add_func ("/pdf-check/countersigned", test_countersigned);
  g_test_add_func ("/pdf-check/signature-cap", test_signature_cap);
  g_test_add_func ("/pdf-check/deep-kids", test_deep_kids);
  g_test_add_func ("/pdf-check/prev-loop", test_prev_loop);
  g_test_add_func ("/pdf-check/no-xref", test_too_large);
  g_test_add_func ("/pdf-check/hostile-patterns", test_hostile_patterns);
  g_test_add_func ("/pdf-check/hostile-objects", test_hostile_objects);
  g_test_add_func ("/pdf-check/hostile-sections", test_hostile_sections);
  status = g_test_run ();

  g_bytes_unref (genuine);
  EVP_PKEY_free (key);
  X509_free (cert);
  return status;
}
