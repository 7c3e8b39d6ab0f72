/* review-pdf-check.c: whether a signed PDF is, as it is, what was signed;
 * the structure half of `review verify` (the CMS half is review-cms.c).
 *
 * The PDF is read the way a reader reads it (review-pdf-doc.c): the
 * cross-reference sections from the last "startxref" back through /Prev,
 * the trailer's /Root, the catalogue's /AcroForm, its /Fields and /Kids,
 * each signature field's /V. Only those signature dictionaries are
 * signatures; nothing searches the bytes for "/ByteRange". For each one:
 *
 *   - /ByteRange is a direct array of four whole numbers [0 a b c], a is
 *     the offset of the '<' of this dictionary's own /Contents and b just
 *     after its '>' (no wrapped or moved signature), /Contents is a direct
 *     hex string of hex digits only, and b + c is where a revision ends;
 *   - the dictionary is defined in that revision, inside the bytes it
 *     covers; otherwise the PDF is REVIEW_PDF_MALFORMED.
 *
 * The last signature must reach the end of the file, and every revision
 * after the first signed one must only add a further signature
 * (review-pdf-docmdp.c); otherwise REVIEW_PDF_CHANGED. A PDF with no
 * signature at all is REVIEW_PDF_MALFORMED. Everything is bounded: the
 * number of revisions, fields, signatures and the nesting, and the work
 * done is at most a fixed multiple of the file's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-error.h"
#include "review-pdf-check.h"
#include "review-pdf-doc.h"

typedef struct
{
  ReviewPadesSignature *sig;
  guint                 rev;       /* the revision it closes (or holds it) */
  guint                 order;     /* in the form's order */
  ReviewPdfStatus       status;
  char                 *problem;
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  if (f->sig != NULL)
    review_pades_signature_free (f->sig);
  g_free (f->problem);
  g_free (f);
}

/* Keeps the first reason of the highest status; takes @problem. */
static void
raise_status (ReviewPdfStatus *status,
              char           **current,
              ReviewPdfStatus  to,
              char            *problem)
{
  if (to > *status || (to == *status && *current == NULL))
    {
      *status = to;
      g_free (*current);
      *current = problem;
    }
  else
    g_free (problem);
}

void
review_pdf_check_free (ReviewPdfCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->signatures, g_ptr_array_unref);
  g_clear_pointer (&check->statuses, g_array_unref);
  g_clear_pointer (&check->problems, g_ptr_array_unref);
  g_clear_pointer (&check->info, g_hash_table_unref);
  g_free (check->problem);
  g_free (check);
}

/* A text or name entry of a dictionary, in UTF-8. */
static char *
entry_text (PdfDoc     *doc,
            GHashTable *entries,
            const char *key)
{
  gpointer value;
  gsize pos;
  Token t;
  char *text = NULL;

  if (!g_hash_table_lookup_extended (entries, key, NULL, &value))
    return NULL;
  pos = GPOINTER_TO_SIZE (value);
  t = review_pdf_lex (&doc->buf, &pos);
  if (t.type == TOK_STRING || t.type == TOK_HEX)
    text = review_pdf_decode_text_string (&doc->buf, &t);
  else if (t.type == TOK_NAME)
    text = g_strndup ((const char *) doc->buf.data + t.start + 1, t.end - t.start - 1);
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    g_clear_pointer (&text, g_free);
  return text;
}

/* /ByteRange: exactly "[ n n n n ]", whole numbers. */
static gboolean
read_byte_range (PdfDoc  *doc,
                 gsize    value,
                 guint64  r[4])
{
  const Buf *b = &doc->buf;
  gsize pos = value;
  Token t = review_pdf_lex (b, &pos);

  if (t.type != TOK_ARRAY_OPEN)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      t = review_pdf_lex (b, &pos);
      if (!review_pdf_token_uint (b, &t, &r[i]))
        return FALSE;
    }
  t = review_pdf_lex (b, &pos);
  return t.type == TOK_ARRAY_CLOSE;
}

static void
malformed (Found      *f,
           char       *problem)
{
  raise_status (&f->status, &f->problem, REVIEW_PDF_MALFORMED, problem);
}

/* Signature @num (a field's /V) as of the last revision. */
static void
read_signature (PdfDoc     *doc,
                guint64     num,
                GHashTable *ends,
                Found      *f)
{
  const Buf *b = &doc->buf;
  ReviewPadesSignature *sig = f->sig;
  guint last = doc->revs->len - 1, defined_in = last;
  const PdfSpan *span = NULL;
  g_autoptr(GHashTable) entries = NULL;
  gboolean duplicates = FALSE;
  gpointer value, rev_index;
  gsize off = 0, cs, ce, pos;
  guint64 r[4];
  Token t;

  sig->file_size = b->len;
  sig->cms = g_bytes_new (NULL, 0);
  f->rev = last;
  if (review_pdf_doc_offset (doc, num, last, &off, &defined_in))
    span = review_pdf_doc_object_at (doc, off);
  if (span == NULL || !span->ok || span->num != num || !review_pdf_doc_is_dict (doc, span->start))
    {
      malformed (f, g_strdup_printf (_("Signature %llu is not a dictionary "
                                       "the cross-reference table leads to."),
                                     (unsigned long long) num));
      return;
    }
  f->rev = defined_in;
  sig->revision_end = review_pdf_doc_rev (doc, defined_in)->end;
  entries = review_pdf_doc_dict_entries (doc, span->start, &duplicates);
  sig->sub_filter = entry_text (doc, entries, "/SubFilter");
  sig->time_text = entry_text (doc, entries, "/M");
  sig->name = entry_text (doc, entries, "/Name");
  sig->reason = entry_text (doc, entries, "/Reason");
  if (sig->time_text != NULL)
    sig->time = review_pdf_parse_date (sig->time_text);
  if (duplicates)
    {
      malformed (f, g_strdup (_("The signature dictionary gives a key twice, so that readers "
                                "may disagree on what it says.")));
      return;
    }

  /* /Contents: a direct hex string of hex digits only. */
  if (!g_hash_table_lookup_extended (entries, "/Contents", NULL, &value))
    {
      malformed (f, g_strdup (_("The signature has no /Contents.")));
      return;
    }
  pos = GPOINTER_TO_SIZE (value);
  t = review_pdf_lex (b, &pos);
  if (t.type != TOK_HEX || t.end - t.start < 2 || review_pdf_span_ref (b, t.start, &r[0]))
    {
      malformed (f, g_strdup (_("The signature’s /Contents is not a hex string written in the "
                                "signature dictionary.")));
      return;
    }
  cs = t.start;
  ce = t.end;
  for (gsize p = cs + 1; p + 1 < ce; p++)
    if (!g_ascii_isxdigit (b->data[p]))
      {
        malformed (f, g_strdup (_("The signature’s /Contents holds something other than hex "
                                  "digits.")));
        return;
      }
  {
    g_autoptr(GByteArray) der = review_pdf_string_bytes (b, &t);
    gsize len = review_pdf_der_length (der->data, der->len);

    if (len == 0 || len > der->len)
      {
        malformed (f, g_strdup (_("The signature’s /Contents is not a CMS signature.")));
        return;
      }
    g_bytes_unref (sig->cms);
    sig->cms = g_bytes_new (der->data, len);
  }

  /* /ByteRange: [0 a b c] around exactly this /Contents. */
  if (!g_hash_table_lookup_extended (entries, "/ByteRange", NULL, &value))
    {
      malformed (f, g_strdup (_("The signature has no /ByteRange.")));
      return;
    }
  if (!read_byte_range (doc, GPOINTER_TO_SIZE (value), r))
    {
      malformed (f, g_strdup (_("The signature’s /ByteRange is not a list of four whole "
                                "numbers written in the signature dictionary.")));
      return;
    }
  for (int i = 0; i < 4; i++)
    sig->byte_range[i] = (gsize) MIN (r[i], (guint64) G_MAXSIZE);
  if (r[0] != 0 || r[1] != cs || r[2] != ce)
    {
      malformed (f, g_strdup (_("The signature’s /ByteRange does not leave out exactly its own "
                                "/Contents: the signed bytes are not where the signature is "
                                "(a wrapped or moved signature).")));
      return;
    }
  if (r[3] > b->len - r[2] ||
      !g_hash_table_lookup_extended (ends, GSIZE_TO_POINTER ((gsize) (r[2] + r[3])), NULL,
                                     &rev_index))
    {
      malformed (f, g_strdup (_("The signature’s /ByteRange does not end where a revision of "
                                "the PDF ends.")));
      return;
    }
  if (GPOINTER_TO_UINT (rev_index) != defined_in ||
      off < review_pdf_doc_rev (doc, defined_in)->start || off >= cs)
    {
      malformed (f, g_strdup (_("The signature dictionary is not part of the revision its "
                                "/ByteRange signs.")));
      return;
    }
  sig->revision_end = (gsize) (r[2] + r[3]);
  sig->well_formed = TRUE;
  sig->covers_whole_file = sig->revision_end == b->len;
}

static gint
found_compare (gconstpointer a,
               gconstpointer b)
{
  const Found *x = *(Found * const *) a, *y = *(Found * const *) b;

  if (x->rev != y->rev)
    return x->rev < y->rev ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The document information's text entries as of revision @rev. */
static void
read_info (PdfDoc         *doc,
           guint           rev,
           ReviewPdfCheck *check)
{
  PdfRevision *r = review_pdf_doc_rev (doc, rev);
  const PdfSpan *span;
  g_autoptr(GHashTable) entries = NULL;
  gboolean duplicates;
  GHashTableIter iter;
  gpointer key, value;

  if (!r->has_info)
    return;
  span = review_pdf_doc_object (doc, r->info, rev);
  if (span == NULL || !review_pdf_doc_is_dict (doc, span->start))
    return;
  entries = review_pdf_doc_dict_entries (doc, span->start, &duplicates);
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize pos = GPOINTER_TO_SIZE (value);
      Token t = review_pdf_lex (&doc->buf, &pos);
      char *text;

      if (t.type != TOK_STRING && t.type != TOK_HEX)
        continue;
      text = review_pdf_decode_text_string (&doc->buf, &t);
      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        {
          g_free (text);
          continue;
        }
      g_hash_table_replace (check->info, g_strdup ((const char *) key + 1), text);
    }
}

/**
 * review_pdf_check:
 * @pdf: the whole file
 *
 * Returns: (transfer full) (nullable): the structure's verdict; %NULL only
 *   when @pdf is not a PDF or is over the size cap
 */
ReviewPdfCheck *
review_pdf_check (GBytes  *pdf,
                  GError **error)
{
  g_autoptr(ReviewPdfCheck) check = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  g_autoptr(GHashTable) ends = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) closed = g_hash_table_new (NULL, NULL);
  PdfDoc doc = { 0 };
  PdfFields fields = { 0 };
  char *problem = NULL;
  gsize len;
  const guint8 *data;
  guint last, first_signed, last_signed;

  g_return_val_if_fail (pdf != NULL, NULL);

  data = g_bytes_get_data (pdf, &len);
  if ((guint64) len > REVIEW_PDF_CHECK_MAX_SIZE)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The PDF is larger than %u GiB; Review does not check files that large."),
                   (guint) (REVIEW_PDF_CHECK_MAX_SIZE >> 30));
      return NULL;
    }
  if (len < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("This is not a PDF file."));
      return NULL;
    }

  check = g_new0 (ReviewPdfCheck, 1);
  check->signatures =
    g_ptr_array_new_with_free_func ((GDestroyNotify) review_pades_signature_free);
  check->statuses = g_array_new (FALSE, TRUE, sizeof (ReviewPdfStatus));
  check->problems = g_ptr_array_new_with_free_func (g_free);
  check->info = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  check->file_size = len;

  if (!review_pdf_doc_read (&doc, pdf, &problem))
    {
      check->n_revisions = doc.revs != NULL ? doc.revs->len : 0;
      raise_status (&check->status, &check->problem, REVIEW_PDF_MALFORMED, problem);
      review_pdf_doc_clear (&doc);
      return g_steal_pointer (&check);
    }
  check->n_revisions = doc.revs->len;
  last = doc.revs->len - 1;
  for (guint i = 0; i < doc.revs->len; i++)
    if (review_pdf_doc_rev (&doc, i)->end != 0)
      g_hash_table_insert (ends, GSIZE_TO_POINTER (review_pdf_doc_rev (&doc, i)->end),
                           GUINT_TO_POINTER (i));

  /* The signatures, through the form. */
  review_pdf_doc_fields (&doc, last, &fields);
  if (fields.problem != NULL)
    raise_status (&check->status, &check->problem, REVIEW_PDF_MALFORMED,
                  g_steal_pointer (&fields.problem));
  for (guint i = 0; i < fields.sigs->len; i++)
    {
      Found *f = g_new0 (Found, 1);

      f->sig = g_new0 (ReviewPadesSignature, 1);
      f->order = i;
      g_ptr_array_add (found, f);
      read_signature (&doc, g_array_index (fields.sigs, guint64, i), ends, f);
    }
  review_pdf_fields_clear (&fields);
  g_ptr_array_sort (found, found_compare);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);

      if (!f->sig->well_formed)
        continue;
      if (g_hash_table_contains (closed, GUINT_TO_POINTER (f->rev)))
        malformed (f, g_strdup (_("Two signatures sign the same revision.")));
      g_hash_table_add (closed, GUINT_TO_POINTER (f->rev));
    }

  if (found->len == 0)
    {
      /* Signatures that a later revision hid (another catalogue or form,
       * as in shadow hide-and-replace) are a change, not an unsigned PDF;
       * looked for in a bounded number of earlier revisions. */
      for (guint r = last; r-- > 0 && last - r <= 64 && !review_pdf_doc_over_budget (&doc);)
        {
          PdfFields earlier = { 0 };
          gboolean signed_then;

          review_pdf_doc_fields (&doc, r, &earlier);
          signed_then = earlier.sigs->len > 0;
          review_pdf_fields_clear (&earlier);
          if (signed_then)
            {
              raise_status (&check->status, &check->problem, REVIEW_PDF_CHANGED,
                            g_strdup_printf (_("Revision %u, after the PDF was signed, removes its "
                                               "signatures (another catalogue or form)."), r + 2));
              break;
            }
        }
      /* An unsigned PDF is not malformed: it has no signature to check
       * (review verify: "no signature", exit 11). */
      if (check->problem == NULL)
        check->problem = g_strdup (_("The PDF has no signature."));
    }
  else
    {
      Found *lastf = g_ptr_array_index (found, found->len - 1);
      gsize end;

      first_signed = ((Found *) g_ptr_array_index (found, 0))->rev;
      last_signed = lastf->rev;

      /* DocMDP: every later revision only adds a signature. */
      for (guint r = first_signed + 1; r <= last; r++)
        {
          ReviewPdfStatus status = review_pdf_docmdp_check (&doc, r, &problem);

          if (status == REVIEW_PDF_OK && !g_hash_table_contains (closed, GUINT_TO_POINTER (r)))
            {
              status = REVIEW_PDF_CHANGED;
              problem = g_strdup_printf (_("Revision %u, after the first signature, is not "
                                           "closed by a signature of its own."), r + 1);
            }
          if (status == REVIEW_PDF_OK)
            continue;
          for (guint i = 0; i < found->len; i++)
            {
              Found *f = g_ptr_array_index (found, i);
              if (f->rev < r)
                raise_status (&f->status, &f->problem, status, g_strdup (problem));
            }
          raise_status (&check->status, &check->problem, status, problem);
          problem = NULL;
          break;
        }

      /* The last signature reaches the end of the file. */
      end = review_pdf_doc_rev (&doc, last_signed)->end;
      if (end != len)
        {
          if (end != 0 && end < len)
            problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%lu byte was added after "
                                                    "the last signature.",
                                                    "%lu bytes were added "
                                                    "after the last signature.", len - end),
                                       (gulong) (len - end));
          else
            problem = g_strdup (_("The last signature does not reach the end of the file."));
          raise_status (&lastf->status, &lastf->problem, REVIEW_PDF_CHANGED, g_strdup (problem));
          raise_status (&check->status, &check->problem, REVIEW_PDF_CHANGED, problem);
          problem = NULL;
        }
      read_info (&doc, last_signed, check);
    }
  if (found->len == 0)
    read_info (&doc, last, check);

  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);

      g_ptr_array_add (check->signatures, g_steal_pointer (&f->sig));
      g_array_append_val (check->statuses, f->status);
      g_ptr_array_add (check->problems, g_steal_pointer (&f->problem));
      if (f->status == REVIEW_PDF_MALFORMED)
        raise_status (&check->status, &check->problem, REVIEW_PDF_MALFORMED,
                      g_strdup (g_ptr_array_index (check->problems, i)));
    }
  if (review_pdf_doc_over_budget (&doc))
    raise_status (&check->status, &check->problem, REVIEW_PDF_MALFORMED,
                  g_strdup (_("The PDF’s structure is too complex to check.")));
  review_pdf_doc_clear (&doc);
  return g_steal_pointer (&check);
}
