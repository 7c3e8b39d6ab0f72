/* review-pades.c
 *
 * A signature is added to a finished PDF as an incremental update: the
 * original bytes stay as they are, and after them come
 *
 *   - the catalogue again, now with an /AcroForm (/SigFlags 3) and a DocMDP
 *     permission naming the signature (certification, P 2: later form
 *     filling and signatures are allowed, any other change is not);
 *   - the last page again, with the signature's widget in its /Annots;
 *   - the signature field and widget (one object), its empty appearance
 *     (what it shows is drawn in the page itself, so that Arabic names are
 *     shaped by Pango like all other text), the AcroForm;
 *   - the signature dictionary: /Filter /Adobe.PPKLite, /SubFilter
 *     /ETSI.CAdES.detached, /Name, /M, a /ByteRange and a zero-filled
 *     /Contents placeholder;
 *   - a classic cross-reference section for those objects and a trailer
 *     whose /Prev points at the original one (cairo 1.16, Debian 12's,
 *     writes a classic xref table; anything else is refused).
 *
 * The ByteRange [0 a b c] leaves out exactly the /Contents hex string,
 * angle brackets included, and reaches the end of the file. Its numbers go
 * into a space-padded field of fixed width, so filling them in moves
 * nothing; only then are the covered bytes signed, and the CMS is written
 * as hex into the placeholder. A CMS larger than the placeholder (a long
 * certificate chain) makes the update again with room for it.
 *
 * Reading signatures back is review_pdf_check's (review-pdf-check.c): it
 * reads the structure (cross-reference sections, catalogue, AcroForm) and
 * never scans the bytes for "/ByteRange". review_pades_signed_content()
 * gives the bytes a signature it found covers.
 *
 * The PDF reading here is only what signing needs: the tokenizer shared
 * with the structure check (review-pdf-parse.c), objects found through the
 * classic xref table and its /Prev chain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-error.h"
#include "review-pades.h"
#include "review-pdf-parse.h"

#define BYTE_RANGE_WIDTH 40   /* "0 a b c" and the spaces after it */

/* --- PDF strings and dates --------------------------------------------- */

/* A text string: literal when plain ASCII, else UTF-16BE with its BOM. */
static void
append_text_string (GString    *out,
                    const char *utf8)
{
  gboolean ascii = TRUE;

  for (const char *p = utf8; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      ascii = FALSE;
  if (ascii)
    {
      g_string_append_c (out, '(');
      for (const char *p = utf8; *p; p++)
        {
          if (*p == '(' || *p == ')' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, ')');
    }
  else
    {
      g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (utf8, -1, NULL, NULL, NULL);

      g_string_append (out, "<FEFF");
      for (gunichar2 *u = utf16; u != NULL && *u; u++)
        g_string_append_printf (out, "%04X", (guint) *u);
      g_string_append_c (out, '>');
    }
}


/**
 * review_pades_format_date:
 *
 * A PDF date, "D:YYYYMMDDHHmmSS+HH'mm'", in UTC.
 */
char *
review_pades_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "D:%Y%m%d%H%M%S+00'00'");
}


/* --- the document's structure ------------------------------------------ */

typedef struct
{
  Buf         buf;
  GHashTable *offsets;        /* object number → offset of "n g obj" */
  gsize       xref_offset;    /* the newest section */
  gsize       trailer;        /* the newest trailer's dictionary */
} Doc;

static void
doc_clear (Doc *doc)
{
  g_clear_pointer (&doc->offsets, g_hash_table_unref);
}

static gboolean
find_last (const Buf  *b,
           const char *needle,
           gsize       from,
           gsize      *at)
{
  gsize len = strlen (needle);

  if (b->len < len)
    return FALSE;
  for (gsize p = b->len - len + 1; p-- > from;)
    if (memcmp (b->data + p, needle, len) == 0)
      {
        *at = p;
        return TRUE;
      }
  return FALSE;
}

static gboolean
read_xref_section (Doc    *doc,
                   gsize   offset,
                   gsize  *trailer)
{
  const Buf *b = &doc->buf;
  gsize pos = offset;
  Token t = review_pdf_lex (b, &pos);

  if (t.type != TOK_KEYWORD || !review_pdf_token_is (b, &t, "xref"))
    return FALSE;
  for (;;)
    {
      guint64 first, count;
      Token s = review_pdf_lex (b, &pos);
      Token c;

      if (s.type == TOK_KEYWORD && review_pdf_token_is (b, &s, "trailer"))
        {
          *trailer = pos;
          return TRUE;
        }
      c = review_pdf_lex (b, &pos);
      if (!review_pdf_token_uint (b, &s, &first) || !review_pdf_token_uint (b, &c, &count) || count > b->len / 18)
        return FALSE;
      for (guint64 i = 0; i < count; i++)
        {
          Token off = review_pdf_lex (b, &pos);
          Token gen = review_pdf_lex (b, &pos);
          Token kind = review_pdf_lex (b, &pos);
          guint64 o, g;

          if (!review_pdf_token_uint (b, &off, &o) || !review_pdf_token_uint (b, &gen, &g) || kind.type != TOK_KEYWORD)
            return FALSE;
          /* Newer sections are read first: the first offset seen wins. */
          if (review_pdf_token_is (b, &kind, "n") && o < b->len &&
              !g_hash_table_contains (doc->offsets, GSIZE_TO_POINTER ((gsize) (first + i))))
            g_hash_table_insert (doc->offsets, GSIZE_TO_POINTER ((gsize) (first + i)),
                                 GSIZE_TO_POINTER ((gsize) o));
        }
    }
}

static gboolean
doc_parse (Doc           *doc,
           GBytes        *pdf,
           GError       **error)
{
  Buf *b = &doc->buf;
  gsize at, pos, offset;
  guint64 value;
  Token t;

  b->data = g_bytes_get_data (pdf, &b->len);
  doc->offsets = g_hash_table_new (NULL, NULL);

  if (b->len < 32 || memcmp (b->data, "%PDF-", 5) != 0)
    goto unsupported;
  if (!find_last (b, "startxref", b->len > 2048 ? b->len - 2048 : 0, &at))
    goto unsupported;
  pos = at + strlen ("startxref");
  t = review_pdf_lex (b, &pos);
  if (!review_pdf_token_uint (b, &t, &value) || value >= b->len)
    goto unsupported;
  doc->xref_offset = offset = (gsize) value;

  for (int section = 0; section < 100; section++)
    {
      gsize trailer, start, end;

      if (!read_xref_section (doc, offset, &trailer))
        goto unsupported;
      if (section == 0)
        doc->trailer = trailer;
      if (!review_pdf_dict_lookup (b, trailer, "/Prev", &start, &end))
        return TRUE;
      if (!review_pdf_span_uint (b, start, &value) || value >= b->len)
        goto unsupported;
      offset = (gsize) value;
    }

unsupported:
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The PDF could not be signed: its structure is not one Review can "
                         "add a signature to."));
  return FALSE;
}

/* The span of object @num's value (its dictionary, for the objects read). */
static gboolean
doc_object (Doc     *doc,
            guint64  num,
            gsize   *start,
            gsize   *end)
{
  const Buf *b = &doc->buf;
  gpointer offset;
  gsize pos;
  guint64 n, g;
  Token tn, tg, tobj;

  if (!g_hash_table_lookup_extended (doc->offsets, GSIZE_TO_POINTER ((gsize) num), NULL, &offset))
    return FALSE;
  pos = GPOINTER_TO_SIZE (offset);
  tn = review_pdf_lex (b, &pos);
  tg = review_pdf_lex (b, &pos);
  tobj = review_pdf_lex (b, &pos);
  if (!review_pdf_token_uint (b, &tn, &n) || n != num || !review_pdf_token_uint (b, &tg, &g) ||
      tobj.type != TOK_KEYWORD || !review_pdf_token_is (b, &tobj, "obj"))
    return FALSE;
  return review_pdf_parse_value (b, &pos, start, end, 0) && b->data[*start] == '<';
}

static gboolean
dict_ref (Doc        *doc,
          gsize       dict,
          const char *key,
          guint64    *num)
{
  gsize start, end;
  return review_pdf_dict_lookup (&doc->buf, dict, key, &start, &end) && review_pdf_span_ref (&doc->buf, start, num);
}

/* The last page: the last kid of the last kid … of the page tree. */
static gboolean
doc_last_page (Doc     *doc,
               guint64  pages,
               guint64 *page)
{
  const Buf *b = &doc->buf;
  guint64 node = pages;

  for (int depth = 0; depth < REVIEW_PDF_MAX_DEPTH; depth++)
    {
      gsize start, end, ks, ke, ts, te, pos, last = 0;
      gboolean any = FALSE;
      Token type;

      if (!doc_object (doc, node, &start, &end) ||
          !review_pdf_dict_lookup (b, start, "/Type", &ts, &te))
        return FALSE;
      pos = ts;
      type = review_pdf_lex (b, &pos);
      if (review_pdf_token_is (b, &type, "/Page"))
        {
          *page = node;
          return TRUE;
        }
      if (!review_pdf_token_is (b, &type, "/Pages") || !review_pdf_dict_lookup (b, start, "/Kids", &ks, &ke) ||
          b->data[ks] != '[')
        return FALSE;
      pos = ks + 1;
      for (;;)
        {
          gsize save = pos, vs, ve;
          Token k = review_pdf_lex (b, &pos);
          if (k.type == TOK_ARRAY_CLOSE)
            break;
          pos = save;
          if (!review_pdf_parse_value (b, &pos, &vs, &ve, 1))
            return FALSE;
          last = vs;
          any = TRUE;
        }
      if (!any || !review_pdf_span_ref (b, last, &node))
        return FALSE;
    }
  return FALSE;
}

/* --- signing ------------------------------------------------------------- */

typedef struct
{
  guint64 num;
  gsize   offset;
} XrefEntry;

static int
xref_entry_compare (gconstpointer a,
                    gconstpointer b)
{
  const XrefEntry *x = a, *y = b;
  return x->num < y->num ? -1 : x->num > y->num;
}

static void
begin_object (GString *out,
              GArray  *entries,
              gsize    base,
              guint64  num)
{
  XrefEntry e = { num, base + out->len };

  g_array_append_val (entries, e);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT " 0 obj\n", num);
}

/* Numbers as PDF writes them, whatever the locale's decimal separator. */
static void
format_numbers (char         *out,
                gsize         size,
                const double *values,
                guint         n)
{
  out[0] = '\0';
  for (guint i = 0; i < n; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.2f", values[i]);
      if (i > 0)
        g_strlcat (out, " ", size);
      g_strlcat (out, number, size);
    }
}

/* The document information dictionary, as the original has it (its entries
 * kept) with @entries added, as object @num. Returns its number. */
static guint64
append_info (GString            *out,
             GArray             *entries,
             gsize               base,
             Doc                *doc,
             const char * const *info_entries,
             guint64            *size)
{
  const Buf *b = &doc->buf;
  guint64 num, old;
  gsize start, end;

  if (dict_ref (doc, doc->trailer, "/Info", &old) && doc_object (doc, old, &start, &end))
    {
      num = old;
      begin_object (out, entries, base, num);
      /* The original dictionary without its closing ">>", then ours. */
      g_string_append_len (out, (const char *) b->data + start, end - start - 2);
    }
  else
    {
      num = (*size)++;
      begin_object (out, entries, base, num);
      g_string_append (out, "<<");
    }
  for (guint i = 0; info_entries[i] != NULL && info_entries[i + 1] != NULL; i += 2)
    {
      g_return_val_if_fail (g_regex_match_simple ("^[A-Za-z0-9]+$", info_entries[i], 0, 0), num);
      g_string_append_printf (out, "\n   /%s ", info_entries[i]);
      append_text_string (out, info_entries[i + 1]);
    }
  g_string_append (out, "\n>>\nendobj\n");
  return num;
}

/* The update, with ByteRange and Contents still to fill in. */
static GString *
build_update (Doc                      *doc,
              const ReviewPadesOptions *options,
              gsize                     contents_size,
              guint64                   root,
              guint64                   page,
              gsize                    *contents_at,
              gsize                    *byte_range_at)
{
  const Buf *b = &doc->buf;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (XrefEntry));
  g_autofree char *date = review_pades_format_date (options->time);
  gboolean visible = options->rect[2] > options->rect[0] && options->rect[3] > options->rect[1];
  gsize base = b->len;
  GString *out = g_string_new (NULL);
  gsize rs, re, ps, pe, as, ae, size_start, size_end, id_start, id_end, xref_at;
  guint64 size, sig, widget, form, appearance, info = 0;
  char rect[160];

  /* The original ends with an end of line before the update starts. */
  if (b->data[b->len - 1] != '\n' && b->data[b->len - 1] != '\r')
    g_string_append_c (out, '\n');

  review_pdf_dict_lookup (b, doc->trailer, "/Size", &size_start, &size_end);
  review_pdf_span_uint (b, size_start, &size);
  sig = size;
  widget = size + 1;
  form = size + 2;
  appearance = size + 3;
  size += visible ? 4 : 3;

  if (visible)
    format_numbers (rect, sizeof rect, options->rect, 4);
  else
    g_strlcpy (rect, "0 0 0 0", sizeof rect);

  /* The catalogue, with the form and the certification. */
  doc_object (doc, root, &rs, &re);
  begin_object (out, entries, base, root);
  g_string_append_len (out, (const char *) b->data + rs, re - rs - 2);
  g_string_append_printf (out, "   /AcroForm %" G_GUINT64_FORMAT " 0 R\n"
                          "   /Perms << /DocMDP %" G_GUINT64_FORMAT " 0 R >>\n>>\nendobj\n",
                          form, sig);

  /* The last page, with the widget among its annotations. */
  doc_object (doc, page, &ps, &pe);
  begin_object (out, entries, base, page);
  if (review_pdf_dict_lookup (b, ps, "/Annots", &as, &ae))
    {
      g_string_append_len (out, (const char *) b->data + ps, ae - 1 - ps);
      g_string_append_printf (out, " %" G_GUINT64_FORMAT " 0 R", widget);
      g_string_append_len (out, (const char *) b->data + ae - 1, pe - (ae - 1));
    }
  else
    {
      g_string_append_len (out, (const char *) b->data + ps, pe - ps - 2);
      g_string_append_printf (out, "   /Annots [ %" G_GUINT64_FORMAT " 0 R ]\n>>", widget);
    }
  g_string_append (out, "\nendobj\n");

  /* The field and its widget. */
  begin_object (out, entries, base, widget);
  g_string_append_printf (out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1)\n"
                               "   /V %" G_GUINT64_FORMAT " 0 R /P %" G_GUINT64_FORMAT " 0 R\n"
                               "   /F 132 /Rect [ %s ]\n",
                          sig, page, rect);
  if (visible)
    g_string_append_printf (out, "   /AP << /N %" G_GUINT64_FORMAT " 0 R >>\n", appearance);
  g_string_append (out, ">>\nendobj\n");

  begin_object (out, entries, base, form);
  g_string_append_printf (out, "<< /Fields [ %" G_GUINT64_FORMAT " 0 R ] /SigFlags 3 >>\nendobj\n",
                          widget);

  if (visible)
    {
      double bbox[4] = { 0, 0, options->rect[2] - options->rect[0],
                         options->rect[3] - options->rect[1] };
      char box[160];

      format_numbers (box, sizeof box, bbox, 4);
      begin_object (out, entries, base, appearance);
      g_string_append_printf (out, "<< /Type /XObject /Subtype /Form /BBox [ %s ]\n"
                                   "   /Resources << >> /Length 0 >>\n"
                                   "stream\n\nendstream\nendobj\n", box);
    }

  if (options->info_entries != NULL)
    info = append_info (out, entries, base, doc, options->info_entries, &size);

  /* The signature dictionary, last, so that nothing follows its placeholder
   * but the cross-reference section. */
  begin_object (out, entries, base, sig);
  g_string_append (out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n"
                        "   /Name ");
  append_text_string (out, options->signer_name != NULL ? options->signer_name : "");
  g_string_append_printf (out, "\n   /M (%s)\n", date);
  if (options->reason != NULL && *options->reason != '\0')
    {
      g_string_append (out, "   /Reason ");
      append_text_string (out, options->reason);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "   /Reference [ << /Type /SigRef /TransformMethod /DocMDP\n"
                        "      /TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >> ]\n"
                        "   /ByteRange [");
  *byte_range_at = base + out->len;
  g_string_append_printf (out, "%-*s]\n   /Contents <", BYTE_RANGE_WIDTH, "0");
  *contents_at = base + out->len - 1;
  for (gsize i = 0; i < contents_size * 2; i++)
    g_string_append_c (out, '0');
  g_string_append (out, ">\n>>\nendobj\n");

  /* The cross-reference section: one subsection per run of numbers. */
  g_array_sort (entries, xref_entry_compare);
  xref_at = base + out->len;
  g_string_append (out, "xref\n");
  for (guint i = 0; i < entries->len;)
    {
      guint j = i + 1;

      while (j < entries->len && g_array_index (entries, XrefEntry, j).num ==
                                 g_array_index (entries, XrefEntry, j - 1).num + 1)
        j++;
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " %u\n",
                              g_array_index (entries, XrefEntry, i).num, j - i);
      for (; i < j; i++)
        g_string_append_printf (out, "%010" G_GSIZE_FORMAT " 00000 n \n",
                                g_array_index (entries, XrefEntry, i).offset);
    }
  g_string_append_printf (out, "trailer\n<< /Size %" G_GUINT64_FORMAT "\n   /Root %"
                          G_GUINT64_FORMAT " 0 R\n", size, root);
  if (info != 0 || dict_ref (doc, doc->trailer, "/Info", &info))
    g_string_append_printf (out, "   /Info %" G_GUINT64_FORMAT " 0 R\n", info);
  if (review_pdf_dict_lookup (b, doc->trailer, "/ID", &id_start, &id_end))
    {
      g_string_append (out, "   /ID ");
      g_string_append_len (out, (const char *) b->data + id_start, id_end - id_start);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "   /Prev %" G_GSIZE_FORMAT "\n>>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n", doc->xref_offset, xref_at);
  return out;
}

/**
 * review_pades_sign:
 * @pdf: a complete PDF with a classic cross-reference table
 * @sign: makes the CMS over the bytes the ByteRange covers
 *
 * Returns: (transfer full): @pdf with the signature appended
 */
GBytes *
review_pades_sign (GBytes                   *pdf,
                   const ReviewPadesOptions *options,
                   ReviewPadesSignFunc       sign,
                   gpointer                  user_data,
                   GError                  **error)
{
  Doc doc = { 0 };
  gsize contents_size;
  guint64 root, pages, page, size;
  gsize start, end;
  GBytes *result = NULL;

  g_return_val_if_fail (pdf != NULL && options != NULL && options->time != NULL, NULL);
  g_return_val_if_fail (sign != NULL, NULL);

  contents_size = options->contents_size > 0 ? options->contents_size : REVIEW_PADES_CONTENTS_SIZE;
  if (!doc_parse (&doc, pdf, error))
    goto out;
  if (!dict_ref (&doc, doc.trailer, "/Root", &root) ||
      !review_pdf_dict_lookup (&doc.buf, doc.trailer, "/Size", &start, &end) ||
      !review_pdf_span_uint (&doc.buf, start, &size) ||
      !doc_object (&doc, root, &start, &end) ||
      review_pdf_dict_lookup (&doc.buf, start, "/AcroForm", &start, &end) ||
      !doc_object (&doc, root, &start, &end) ||
      !dict_ref (&doc, start, "/Pages", &pages) ||
      !doc_last_page (&doc, pages, &page) ||
      !doc_object (&doc, page, &start, &end))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("The PDF could not be signed: its structure is not one Review can "
                             "add a signature to."));
      goto out;
    }
  /* Existing annotations must be a direct array, as cairo writes them. */
  if (review_pdf_dict_lookup (&doc.buf, start, "/Annots", &start, &end) && doc.buf.data[start] != '[')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("The PDF could not be signed: its structure is not one Review can "
                             "add a signature to."));
      goto out;
    }

  for (int attempt = 0; attempt < 2 && result == NULL; attempt++)
    {
      g_autoptr(GString) update = NULL;
      g_autoptr(GBytes) content = NULL;
      g_autoptr(GBytes) cms = NULL;
      gsize contents_at, byte_range_at, hole_end, total;
      GByteArray *whole;
      char ranges[BYTE_RANGE_WIDTH + 1];
      const guint8 *der;
      gsize der_len;
      int n;

      update = build_update (&doc, options, contents_size, root, page, &contents_at,
                             &byte_range_at);
      whole = g_byte_array_sized_new (doc.buf.len + update->len);
      g_byte_array_append (whole, doc.buf.data, doc.buf.len);
      g_byte_array_append (whole, (const guint8 *) update->str, update->len);
      total = whole->len;
      hole_end = contents_at + contents_size * 2 + 2;
      g_assert (whole->data[contents_at] == '<' && whole->data[hole_end - 1] == '>');

      n = g_snprintf (ranges, sizeof ranges, "0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %"
                      G_GSIZE_FORMAT, contents_at, hole_end, total - hole_end);
      g_assert (n > 0 && n <= BYTE_RANGE_WIDTH);
      memset (ranges + n, ' ', BYTE_RANGE_WIDTH - n);
      memcpy (whole->data + byte_range_at, ranges, BYTE_RANGE_WIDTH);

      {
        GByteArray *covered = g_byte_array_sized_new (total - (hole_end - contents_at));
        g_byte_array_append (covered, whole->data, contents_at);
        g_byte_array_append (covered, whole->data + hole_end, total - hole_end);
        content = g_byte_array_free_to_bytes (covered);
      }
      cms = sign (content, user_data, error);
      if (cms == NULL)
        {
          g_byte_array_unref (whole);
          goto out;
        }
      der = g_bytes_get_data (cms, &der_len);
      if (der_len > contents_size)
        {
          g_byte_array_unref (whole);
          if (attempt == 0)
            {
              contents_size = (der_len + 4096) & ~(gsize) 1023;
              continue;
            }
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                               _("The signature does not fit into the space reserved for it."));
          goto out;
        }
      for (gsize i = 0; i < der_len; i++)
        {
          static const char hex[] = "0123456789abcdef";
          whole->data[contents_at + 1 + 2 * i] = (guint8) hex[der[i] >> 4];
          whole->data[contents_at + 2 + 2 * i] = (guint8) hex[der[i] & 0xf];
        }
      result = g_byte_array_free_to_bytes (whole);
    }

out:
  doc_clear (&doc);
  return result;
}

/* --- signatures read back (review_pdf_check) ----------------------------- */

void
review_pades_signature_free (ReviewPadesSignature *sig)
{
  if (sig == NULL)
    return;
  g_clear_pointer (&sig->cms, g_bytes_unref);
  g_free (sig->sub_filter);
  g_free (sig->time_text);
  g_clear_pointer (&sig->time, g_date_time_unref);
  g_free (sig->name);
  g_free (sig->reason);
  g_free (sig);
}

/**
 * review_pades_signed_content:
 *
 * The bytes @signature's ranges cover, the content its CMS signs.
 * Returns: (transfer full) (nullable): %NULL when the ranges are malformed
 */
GBytes *
review_pades_signed_content (GBytes                     *pdf,
                             const ReviewPadesSignature *signature)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (pdf, &len);
  const gsize *r = signature->byte_range;
  GByteArray *covered;

  if (!signature->well_formed || r[2] > len || r[3] > len - r[2])
    return NULL;
  covered = g_byte_array_sized_new (r[1] + r[3]);
  g_byte_array_append (covered, data + r[0], r[1]);
  g_byte_array_append (covered, data + r[2], r[3]);
  return g_byte_array_free_to_bytes (covered);
}
