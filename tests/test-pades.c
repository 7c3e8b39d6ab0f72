/* test-pades.c: signing PDFs with an incremental update (review-pades.c),
 * the signatures read back by the structure check (review_pdf_check), checked
 * against our own verifier and, when installed, poppler's pdfsig
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "review-cms-private.h"
#include "review-error.h"
#include "review-pades.h"
#include "review-pdf-check.h"
#include "review-signer-private.h"

static EVP_PKEY *key;
static X509 *cert;
static char *tmpdir;

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A small PDF as cairo 1.16 writes it; with a link on its last page when
 * @link, so that the page already has annotations. */
static GBytes *
make_pdf (guint    pages,
          gboolean link)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, out, 595.276, 841.89);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < pages; i++)
    {
      cairo_rectangle (cr, 50, 50 + 20 * i, 200, 100);
      cairo_fill (cr);
      if (link && i + 1 == pages)
        {
          cairo_tag_begin (cr, CAIRO_TAG_LINK, "uri='https://example.org/'");
          cairo_rectangle (cr, 300, 300, 100, 20);
          cairo_fill (cr);
          cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
sign_cb (GBytes   *content,
         gpointer  user_data,
         GError  **error)
{
  guint *calls = user_data;

  if (calls != NULL)
    (*calls)++;
  return review_cms_sign_detached (key, cert, NULL, content, error);
}

static GBytes *
sign_pdf (GBytes     *pdf,
          gsize       contents_size,
          const char *name,
          guint      *calls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 28, 12, 34, 56);
  ReviewPadesOptions options = { 0 };
  GBytes *signed_pdf;

  options.signer_name = name;
  options.time = time;
  options.reason = "Test";
  options.rect[0] = 50;
  options.rect[1] = 50;
  options.rect[2] = 545;
  options.rect[3] = 120;
  options.contents_size = contents_size;
  signed_pdf = review_pades_sign (pdf, &options, sign_cb, calls, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_pdf);
  return signed_pdf;
}

/* The signature @sig's CMS over the bytes its ranges cover in @pdf. */
static void
check_cms (GBytes                     *pdf,
           const ReviewPadesSignature *sig,
           gboolean                    expect_valid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = review_pades_signed_content (pdf, sig);
  g_auto(ReviewSignatureInfo) info = { 0 };
  gboolean valid;

  g_assert_nonnull (content);
  valid = review_cms_verify_detached (sig->cms, content, NULL, &info, &error);
  g_assert_cmpint (valid, ==, expect_valid);
  if (expect_valid)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (info.signer_name, ==, "PAdES Test Signer");
    }
  else
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
}

/* Our verifier: the one signature the structure check finds, valid, and
 * whether it is total (the check's status then OK, else CHANGED). */
static void
check_signature (GBytes     *pdf,
                 gboolean    expect_valid,
                 gboolean    expect_total,
                 const char *expect_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewPdfCheck) check = review_pdf_check (pdf, &error);
  ReviewPadesSignature *sig;

  g_assert_no_error (error);
  g_assert_nonnull (check);
  g_assert_cmpuint (check->signatures->len, ==, 1);
  g_assert_cmpint (check->status, ==, expect_total ? REVIEW_PDF_OK : REVIEW_PDF_CHANGED);
  sig = g_ptr_array_index (check->signatures, 0);
  g_assert_true (sig->well_formed);
  g_assert_cmpstr (sig->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_cmpstr (sig->time_text, ==, "D:20261128123456+00'00'");
  g_assert_nonnull (sig->time);
  g_assert_cmpint (g_date_time_to_unix (sig->time), ==, 1795869296);
  if (expect_name != NULL)
    g_assert_cmpstr (sig->name, ==, expect_name);
  g_assert_cmpstr (sig->reason, ==, "Test");
  g_assert_cmpint (sig->covers_whole_file, ==, expect_total);
  check_cms (pdf, sig, expect_valid);
}

/* pdfsig's verdict, when poppler-utils is installed (build-aux/setup-deps
 * installs it): each expected line must be in its output. */
static void
check_pdfsig (GBytes             *pdf,
              const char * const *expected,
              const char * const *unexpected)
{
  g_autofree char *pdfsig = g_find_program_in_path ("pdfsig");
  g_autofree char *path = g_build_filename (tmpdir, "check.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-nocert", NULL, NULL };
  int status;

  if (pdfsig == NULL)
    {
      g_test_message ("pdfsig not installed: poppler's check skipped");
      return;
    }
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                                      (gssize) g_bytes_get_size (pdf), NULL));
  argv[0] = pdfsig;
  argv[2] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("pdfsig:\n%s%s", out, err);
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (out, expected[i]) == NULL)
      g_error ("pdfsig did not say “%s”:\n%s%s", expected[i], out, err);
  for (guint i = 0; unexpected != NULL && unexpected[i] != NULL; i++)
    if (strstr (out, unexpected[i]) != NULL)
      g_error ("pdfsig said “%s”:\n%s%s", unexpected[i], out, err);
  g_unlink (path);
}

static const char * const pdfsig_good[] = {
  "Signature Type: ETSI.CAdES.detached", "Total document signed", "Signature is Valid.", NULL
};

static void
test_sign (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, FALSE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "PAdES Test Signer", NULL);
  gsize len = g_bytes_get_size (pdf);

  /* The original bytes are untouched: the signature is an update after them. */
  g_assert_cmpuint (g_bytes_get_size (signed_pdf), >, len + 2 * REVIEW_PADES_CONTENTS_SIZE);
  g_assert_cmpmem (g_bytes_get_data (signed_pdf, NULL), len, g_bytes_get_data (pdf, NULL), len);
  check_signature (signed_pdf, TRUE, TRUE, "PAdES Test Signer");
  check_pdfsig (signed_pdf, pdfsig_good, NULL);
}

/* A name outside ASCII goes in UTF-16 and comes back whole. */
static void
test_arabic_name (void)
{
  g_autoptr(GBytes) pdf = make_pdf (1, FALSE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "سمير نجم (Samir)", NULL);

  check_signature (signed_pdf, TRUE, TRUE, "سمير نجم (Samir)");
  check_pdfsig (signed_pdf, pdfsig_good, NULL);
}

/* The last page already has annotations (a link): the widget joins them. */
static void
test_existing_annotations (void)
{
  g_autoptr(GBytes) pdf = make_pdf (2, TRUE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "PAdES Test Signer", NULL);

  check_signature (signed_pdf, TRUE, TRUE, NULL);
  check_pdfsig (signed_pdf, pdfsig_good, NULL);
}

/* Any one changed byte, anywhere the signature covers, invalidates it. */
static void
test_one_byte (void)
{
  g_autoptr(GBytes) pdf = make_pdf (2, FALSE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "PAdES Test Signer", NULL);
  g_autoptr(ReviewPdfCheck) check = review_pdf_check (signed_pdf, NULL);
  const ReviewPadesSignature *sig = g_ptr_array_index (check->signatures, 0);
  gsize offsets[] = { 20, g_bytes_get_size (pdf) / 2, g_bytes_get_size (pdf) + 40,
                      g_bytes_get_size (signed_pdf) - 10 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gsize len;
      guint8 *data = g_bytes_unref_to_data (g_bytes_ref (signed_pdf), &len);
      g_autoptr(GBytes) changed = NULL;

      /* Not inside the /Contents hole, nor in the ByteRange itself. */
      g_assert_true (offsets[i] < sig->byte_range[1] || offsets[i] >= sig->byte_range[2]);
      data[offsets[i]] ^= 0x01;
      changed = g_bytes_new_take (data, len);
      /* The CMS no longer matches the bytes the signature covers… */
      check_cms (changed, sig, FALSE);
      /* …and read from the changed file, the signature is either still
       * found, whole, with a CMS that does not match, or (a byte of the
       * structure it is found through) not found at all, the PDF then not
       * OK. Never a valid signature. */
      {
        g_autoptr(ReviewPdfCheck) changed_check = review_pdf_check (changed, NULL);

        g_assert_nonnull (changed_check);
        if (changed_check->signatures->len == 1 &&
            ((ReviewPadesSignature *) g_ptr_array_index (changed_check->signatures, 0))->well_formed)
          check_signature (changed, FALSE, TRUE, NULL);
        else
          g_assert_cmpint (changed_check->status, !=, REVIEW_PDF_OK);
        g_test_message ("byte %" G_GSIZE_FORMAT " changed: %u signature(s), status %d (%s)",
                        offsets[i], changed_check->signatures->len, changed_check->status,
                        changed_check->problem != NULL ? changed_check->problem : "");
      }
      if (i == 1)
        {
          /* poppler's words for a changed byte */
          const char *bad[] = { "Digest Mismatch.", NULL };
          const char *not_valid[] = { "Signature is Valid.", NULL };
          check_pdfsig (changed, bad, not_valid);
        }
    }
}

/* An incremental update appended after signing: the signature still holds
 * for what it covers, and no longer covers the whole file. */
static void
test_appended_update (void)
{
  g_autoptr(GBytes) pdf = make_pdf (1, FALSE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "PAdES Test Signer", NULL);
  g_autoptr(GByteArray) longer = g_byte_array_new ();
  g_autoptr(GBytes) appended = NULL;
  g_autofree char *update = NULL;
  static const char object[] = "999 0 obj\n<< /Producer (someone else) >>\nendobj\n";
  gsize len = g_bytes_get_size (signed_pdf);
  const char *text = g_bytes_get_data (signed_pdf, NULL);
  const char *startxref = NULL;
  const char *root = NULL;
  guint64 prev, root_num;

  /* The PDF holds NUL bytes: no string functions over all of it. */
  for (gsize i = len - 9; startxref == NULL && i-- > 0;)
    if (memcmp (text + i, "startxref", 9) == 0)
      startxref = text + i;
  g_assert_nonnull (startxref);
  prev = g_ascii_strtoull (startxref + strlen ("startxref"), NULL, 10);
  /* The update's trailer names the same catalogue, as every trailer must. */
  for (gsize i = startxref - text; root == NULL && i-- > 0;)
    if (memcmp (text + i, "/Root ", 6) == 0)
      root = text + i;
  g_assert_nonnull (root);
  root_num = g_ascii_strtoull (root + strlen ("/Root "), NULL, 10);

  g_byte_array_append (longer, (const guint8 *) text, (guint) len);
  update = g_strdup_printf ("%sxref\n999 1\n%010u 00000 n \ntrailer\n<< /Size 1000 /Root %"
                            G_GUINT64_FORMAT " 0 R /Prev %" G_GUINT64_FORMAT
                            " >>\nstartxref\n%u\n%%%%EOF\n", object, (guint) len, root_num,
                            prev, (guint) (len + strlen (object)));
  g_byte_array_append (longer, (const guint8 *) update, (guint) strlen (update));
  appended = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
  check_signature (appended, TRUE, FALSE, NULL);
  {
    const char *expected[] = { "Signature is Valid.", "Not total document signed", NULL };
    const char *total[] = { "\n  - Total document signed", NULL };
    check_pdfsig (appended, expected, total);
  }
}

/* A placeholder too small for the signature: made again with room. */
static void
test_placeholder_grows (void)
{
  g_autoptr(GBytes) pdf = make_pdf (1, FALSE);
  guint calls = 0;
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 64, "PAdES Test Signer", &calls);

  g_assert_cmpuint (calls, ==, 2);
  check_signature (signed_pdf, TRUE, TRUE, NULL);
  check_pdfsig (signed_pdf, pdfsig_good, NULL);
}

static void
test_not_pdf (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("hello, world, this is not a PDF at all", 38);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  ReviewPadesOptions options = { 0 };
  g_autoptr(ReviewPdfCheck) check = NULL;
  g_autoptr(GBytes) result = NULL;

  options.signer_name = "x";
  options.time = time;
  result = review_pades_sign (junk, &options, sign_cb, NULL, &error);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED);
  g_assert_null (result);
  g_clear_error (&error);

  check = review_pdf_check (junk, &error);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_assert_null (check);
}

/* An unsigned PDF has no signature; a truncated signed one has a malformed
 * one; neither crashes the reader. */
static void
test_unsigned_and_truncated (void)
{
  g_autoptr(GBytes) pdf = make_pdf (1, FALSE);
  g_autoptr(GBytes) signed_pdf = sign_pdf (pdf, 0, "PAdES Test Signer", NULL);
  g_autoptr(ReviewPdfCheck) none = review_pdf_check (pdf, NULL);
  gsize len = g_bytes_get_size (signed_pdf);

  g_assert_nonnull (none);
  g_assert_cmpuint (none->signatures->len, ==, 0);
  for (gsize cut = len - 1; cut > g_bytes_get_size (pdf); cut -= 997)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (signed_pdf, 0, cut);
      g_autoptr(ReviewPdfCheck) check = review_pdf_check (part, NULL);

      g_assert_nonnull (check);
      for (guint i = 0; i < check->signatures->len; i++)
        g_assert_false (((ReviewPadesSignature *)
                         g_ptr_array_index (check->signatures, i))->covers_whole_file);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "PAdES Test Signer",
                                         "Test Organisation", NULL, &key, &cert, &error));
  g_assert_no_error (error);
  tmpdir = g_dir_make_tmp ("review-pades-XXXXXX", NULL);

  g_test_add_func ("/pades/sign", test_sign);
  g_test_add_func ("/pades/arabic-name", test_arabic_name);
  g_test_add_func ("/pades/existing-annotations", test_existing_annotations);
  g_test_add_func ("/pades/one-byte", test_one_byte);
  g_test_add_func ("/pades/appended-update", test_appended_update);
  g_test_add_func ("/pades/placeholder-grows", test_placeholder_grows);
  g_test_add_func ("/pades/not-pdf", test_not_pdf);
  g_test_add_func ("/pades/unsigned-and-truncated", test_unsigned_and_truncated);
  status = g_test_run ();

  g_rmdir (tmpdir);
  g_free (tmpdir);
  EVP_PKEY_free (key);
  X509_free (cert);
  return status;
}
