/* review-pdf-doc.c: a PDF read the way a PDF reader reads it, for the
 * structure check (review-pdf-check.c). The last "startxref" leads to the
 * newest classic cross-reference section; each trailer's /Prev to the one
 * before, cycle-safe and bounded. Each section with the bytes before it is
 * a revision, which ends at the "%%EOF" (and one end of line) after its
 * own "startxref". Every object number keeps its history (which revision
 * defined it at which offset), so that an object can be read as of any
 * revision and a revision's changes compared with the one before. Objects
 * are parsed once per offset; all tokenizing is counted against a budget
 * proportional to the file's size, so that no input makes this more than
 * linear. Fields are read from the catalogue's /AcroForm through /Fields
 * and /Kids, bounded in depth and number. Nothing here searches the bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-pdf-doc.h"

typedef struct
{
  guint rev;
  gsize off;
} PdfHistory;

static void
revision_free (gpointer data)
{
  PdfRevision *rev = data;

  g_array_unref (rev->entries);
  g_free (rev);
}

void
review_pdf_doc_clear (PdfDoc *doc)
{
  g_clear_pointer (&doc->revs, g_ptr_array_unref);
  g_clear_pointer (&doc->history, g_hash_table_unref);
  g_clear_pointer (&doc->spans, g_hash_table_unref);
}

gboolean
review_pdf_doc_over_budget (PdfDoc *doc)
{
  return doc->work > doc->budget;
}

PdfRevision *
review_pdf_doc_rev (PdfDoc *doc,
                    guint   rev)
{
  return g_ptr_array_index (doc->revs, rev);
}

static gboolean
is_ref (const Buf *b,
        gsize      value,
        guint64   *num)
{
  return review_pdf_span_ref (b, value, num);
}

/* The offset of the last "startxref" keyword: one pass from the end. */
static gboolean
find_startxref (const Buf *b,
                gsize     *at)
{
  static const char word[] = "startxref";
  gsize n = sizeof word - 1;

  if (b->len < n)
    return FALSE;
  for (gsize p = b->len - n + 1; p-- > 0;)
    if (b->data[p] == 's' && memcmp (b->data + p, word, n) == 0 &&
        (p == 0 || review_pdf_is_space (b->data[p - 1])) &&
        (p + n == b->len || review_pdf_is_space (b->data[p + n])))
      {
        *at = p;
        return TRUE;
      }
  return FALSE;
}

/* One classic section at @offset: its entries and its trailer. */
static gboolean
read_section (PdfDoc      *doc,
              gsize        offset,
              PdfRevision *rev)
{
  const Buf *b = &doc->buf;
  gsize pos = offset;
  Token t = review_pdf_lex (b, &pos);

  if (t.type != TOK_KEYWORD || t.start != offset || !review_pdf_token_is (b, &t, "xref"))
    return FALSE;
  for (;;)
    {
      guint64 first, count;
      Token s = review_pdf_lex (b, &pos);
      Token c;

      if (s.type == TOK_KEYWORD && review_pdf_token_is (b, &s, "trailer"))
        break;
      c = review_pdf_lex (b, &pos);
      if (!review_pdf_token_uint (b, &s, &first) || !review_pdf_token_uint (b, &c, &count) ||
          count > b->len / 18 || first > PDF_MAX_OBJECT_NUM ||
          count > PDF_MAX_OBJECT_NUM - first + 1)
        return FALSE;
      for (guint64 i = 0; i < count; i++)
        {
          Token off = review_pdf_lex (b, &pos);
          Token gen = review_pdf_lex (b, &pos);
          Token kind = review_pdf_lex (b, &pos);
          PdfEntry e = { (guint32) (first + i), PDF_FREE };
          guint64 o, g;

          if (!review_pdf_token_uint (b, &off, &o) || !review_pdf_token_uint (b, &gen, &g) ||
              kind.type != TOK_KEYWORD)
            return FALSE;
          if (review_pdf_token_is (b, &kind, "n"))
            {
              if (o >= b->len)
                return FALSE;
              e.off = (gsize) o;
            }
          else if (!review_pdf_token_is (b, &kind, "f"))
            return FALSE;
          g_array_append_val (rev->entries, e);
        }
    }

  /* The trailer, then "startxref", this section's offset, "%%EOF". */
  {
    gsize s, e, at;
    guint64 value;
    Token k, n;

    rev->trailer = pos;
    if (!review_pdf_parse_value (b, &pos, &s, &e, 0) || !review_pdf_doc_is_dict (doc, s))
      return FALSE;
    rev->trailer = s;
    if (review_pdf_dict_lookup (b, s, "/Root", &at, &e))
      rev->has_root = is_ref (b, at, &rev->root);
    if (review_pdf_dict_lookup (b, s, "/Info", &at, &e))
      rev->has_info = is_ref (b, at, &rev->info);
    k = review_pdf_lex (b, &pos);
    n = review_pdf_lex (b, &pos);
    rev->end = 0;
    if (k.type == TOK_KEYWORD && review_pdf_token_is (b, &k, "startxref") &&
        review_pdf_token_uint (b, &n, &value) && value == offset)
      {
        at = pos;
        while (at < b->len && review_pdf_is_space (b->data[at]) && at - pos < 4)
          at++;
        if (b->len - at >= 5 && memcmp (b->data + at, "%%EOF", 5) == 0)
          {
            at += 5;
            if (at + 1 < b->len && b->data[at] == '\r' && b->data[at + 1] == '\n')
              at += 2;
            else if (at < b->len && (b->data[at] == '\n' || b->data[at] == '\r'))
              at++;
            rev->end = at;
          }
      }
  }
  return TRUE;
}

/**
 * review_pdf_doc_read:
 *
 * Follows the cross-reference sections. %FALSE with a translated @problem
 * when they cannot be followed (the PDF is then malformed for Review).
 */
gboolean
review_pdf_doc_read (PdfDoc  *doc,
                     GBytes  *pdf,
                     char   **problem)
{
  Buf *b = &doc->buf;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gsize at, pos;
  guint64 value;
  Token t;

  b->data = g_bytes_get_data (pdf, &b->len);
  b->work = &doc->work;
  doc->budget = 8 * b->len + (16 << 20);
  doc->revs = g_ptr_array_new_with_free_func (revision_free);
  doc->history = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  doc->spans = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!find_startxref (b, &at))
    {
      *problem = g_strdup (_("The PDF has no cross-reference table (no “startxref”)."));
      return FALSE;
    }
  pos = at + strlen ("startxref");
  t = review_pdf_lex (b, &pos);
  if (!review_pdf_token_uint (b, &t, &value) || value >= b->len)
    {
      *problem = g_strdup (_("The PDF’s last “startxref” does not point into the file."));
      return FALSE;
    }

  for (;;)
    {
      PdfRevision *rev;
      gsize s, e;
      gsize offset = (gsize) value;

      if (doc->revs->len >= PDF_MAX_REVISIONS)
        {
          *problem = g_strdup_printf (_("The PDF has more than %u revisions."), PDF_MAX_REVISIONS);
          return FALSE;
        }
      if (g_hash_table_contains (seen, GSIZE_TO_POINTER (offset)))
        {
          *problem = g_strdup (_("The PDF’s cross-reference sections point back at each other in "
                                 "a loop."));
          return FALSE;
        }
      g_hash_table_add (seen, GSIZE_TO_POINTER (offset));
      rev = g_new0 (PdfRevision, 1);
      rev->xref = offset;
      rev->entries = g_array_new (FALSE, FALSE, sizeof (PdfEntry));
      g_ptr_array_add (doc->revs, rev);
      if (!read_section (doc, offset, rev))
        {
          pos = offset;
          t = review_pdf_lex (b, &pos);
          if (t.type == TOK_NUMBER)
            *problem = g_strdup (_("The PDF uses a cross-reference structure Review cannot check "
                                   "(a cross-reference stream)."));
          else
            *problem = g_strdup_printf (_("The PDF’s cross-reference section at byte %lu"
                                          " cannot be read."), (gulong) offset);
          return FALSE;
        }
      if (review_pdf_dict_lookup (b, rev->trailer, "/Encrypt", &s, &e))
        {
          *problem = g_strdup (_("The PDF is encrypted; Review cannot check its structure."));
          return FALSE;
        }
      if (review_pdf_dict_lookup (b, rev->trailer, "/XRefStm", &s, &e))
        {
          *problem = g_strdup (_("The PDF uses a cross-reference structure Review cannot check "
                                 "(a hybrid cross-reference stream)."));
          return FALSE;
        }
      if (review_pdf_doc_over_budget (doc))
        {
          *problem = g_strdup (_("The PDF’s structure is too complex to check."));
          return FALSE;
        }
      if (!review_pdf_dict_lookup (b, rev->trailer, "/Prev", &s, &e))
        break;
      if (!review_pdf_span_uint (b, s, &value) || value >= b->len)
        {
          *problem = g_strdup (_("A trailer’s /Prev does not point into the file."));
          return FALSE;
        }
      if (value >= offset)
        {
          *problem = g_strdup (_("A trailer’s /Prev points forwards: the revisions are not in "
                                 "the order the file holds them."));
          return FALSE;
        }
    }

  /* Oldest first; each revision's bytes begin where the one before ends. */
  for (guint i = 0, j = doc->revs->len - 1; i < j; i++, j--)
    {
      gpointer tmp = doc->revs->pdata[i];
      doc->revs->pdata[i] = doc->revs->pdata[j];
      doc->revs->pdata[j] = tmp;
    }
  for (guint i = 0; i < doc->revs->len; i++)
    {
      PdfRevision *rev = review_pdf_doc_rev (doc, i);

      rev->start = i == 0 ? 0 : review_pdf_doc_rev (doc, i - 1)->end;
      if (i > 0 && (rev->start == 0 || rev->start > rev->xref))
        {
          *problem = g_strdup_printf (_("Revision %u of the PDF does not follow the end of the "
                                        "one before."), i + 1);
          return FALSE;
        }
      for (guint k = 0; k < rev->entries->len; k++)
        {
          PdfEntry *e = &g_array_index (rev->entries, PdfEntry, k);
          GArray *h = g_hash_table_lookup (doc->history, GUINT_TO_POINTER (e->num));
          PdfHistory entry = { i, e->off };

          if (h == NULL)
            {
              h = g_array_new (FALSE, FALSE, sizeof (PdfHistory));
              g_hash_table_insert (doc->history, GUINT_TO_POINTER (e->num), h);
            }
          else if (g_array_index (h, PdfHistory, h->len - 1).rev == i)
            {
              *problem = g_strdup_printf (_("Revision %u of the PDF defines object %u twice."),
                                          i + 1, e->num);
              return FALSE;
            }
          g_array_append_val (h, entry);
        }
    }
  return TRUE;
}

/* Where object @num is as of revision @rev, and which revision put it
 * there. */
gboolean
review_pdf_doc_offset (PdfDoc  *doc,
                       guint64  num,
                       guint    rev,
                       gsize   *off,
                       guint   *defined_in)
{
  GArray *h;
  guint lo = 0, hi;

  if (num > PDF_MAX_OBJECT_NUM)
    return FALSE;
  h = g_hash_table_lookup (doc->history, GUINT_TO_POINTER ((guint) num));
  if (h == NULL)
    return FALSE;
  /* The last entry with a revision no later than @rev. */
  hi = h->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (h, PdfHistory, mid).rev <= rev)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0 || g_array_index (h, PdfHistory, lo - 1).off == PDF_FREE)
    return FALSE;
  *off = g_array_index (h, PdfHistory, lo - 1).off;
  if (defined_in != NULL)
    *defined_in = g_array_index (h, PdfHistory, lo - 1).rev;
  return TRUE;
}

/* "n g obj" at @off and the value after it, parsed once per offset. */
const PdfSpan *
review_pdf_doc_object_at (PdfDoc *doc,
                          gsize   off)
{
  const Buf *b = &doc->buf;
  PdfSpan *span = g_hash_table_lookup (doc->spans, GSIZE_TO_POINTER (off));
  gsize pos = off;
  guint64 gen;
  Token tn, tg, to;

  if (span != NULL)
    return span;
  span = g_new0 (PdfSpan, 1);
  g_hash_table_insert (doc->spans, GSIZE_TO_POINTER (off), span);
  if (review_pdf_doc_over_budget (doc))
    return span;
  tn = review_pdf_lex (b, &pos);
  tg = review_pdf_lex (b, &pos);
  to = review_pdf_lex (b, &pos);
  if (tn.start != off || !review_pdf_token_uint (b, &tn, &span->num) ||
      !review_pdf_token_uint (b, &tg, &gen) || to.type != TOK_KEYWORD ||
      !review_pdf_token_is (b, &to, "obj"))
    return span;
  if (!review_pdf_parse_value (b, &pos, &span->start, &span->end, 0))
    return span;
  span->ok = TRUE;
  {
    Token k = review_pdf_lex (b, &pos);
    span->stream = k.type == TOK_KEYWORD && review_pdf_token_is (b, &k, "stream");
  }
  return span;
}

/* Object @num as of revision @rev; %NULL when absent or unreadable. */
const PdfSpan *
review_pdf_doc_object (PdfDoc  *doc,
                       guint64  num,
                       guint    rev)
{
  const PdfSpan *span;
  gsize off;

  if (!review_pdf_doc_offset (doc, num, rev, &off, NULL))
    return NULL;
  span = review_pdf_doc_object_at (doc, off);
  return span->ok && span->num == num ? span : NULL;
}

gboolean
review_pdf_doc_is_dict (PdfDoc *doc,
                        gsize   value)
{
  return value + 1 < doc->buf.len && doc->buf.data[value] == '<' &&
         doc->buf.data[value + 1] == '<';
}

/* @value itself, or the object it refers to as of @rev. */
gboolean
review_pdf_doc_resolve (PdfDoc *doc,
                        guint   rev,
                        gsize   value,
                        gsize  *resolved)
{
  guint64 num;
  const PdfSpan *span;

  if (!is_ref (&doc->buf, value, &num))
    {
      *resolved = value;
      return TRUE;
    }
  span = review_pdf_doc_object (doc, num, rev);
  if (span == NULL)
    return FALSE;
  *resolved = span->start;
  return TRUE;
}

gboolean
review_pdf_doc_name_is (PdfDoc     *doc,
                        gsize       value,
                        const char *name)
{
  gsize pos = value;
  Token t = review_pdf_lex (&doc->buf, &pos);
  return t.type == TOK_NAME && review_pdf_token_is (&doc->buf, &t, name);
}

/* Token by token, whitespace aside: the same value. */
gboolean
review_pdf_doc_values_equal (PdfDoc *doc,
                             gsize   a,
                             gsize   b)
{
  const Buf *buf = &doc->buf;
  gsize pa = a, pb = b, sa, ea, sb, eb;

  if (!review_pdf_parse_value (buf, &pa, &sa, &ea, 0) ||
      !review_pdf_parse_value (buf, &pb, &sb, &eb, 0))
    return FALSE;
  pa = sa;
  pb = sb;
  while (pa < ea || pb < eb)
    {
      Token ta = review_pdf_lex (buf, &pa);
      Token tb = review_pdf_lex (buf, &pb);

      if (ta.type != tb.type || ta.end - ta.start != tb.end - tb.start ||
          memcmp (buf->data + ta.start, buf->data + tb.start, ta.end - ta.start) != 0)
        return FALSE;
      if (ta.type == TOK_EOF || review_pdf_doc_over_budget (doc))
        return FALSE;
    }
  return TRUE;
}

/* The dictionary at @dict: key ("/Name" as written) → value offset. */
GHashTable *
review_pdf_doc_dict_entries (PdfDoc   *doc,
                             gsize     dict,
                             gboolean *duplicates)
{
  const Buf *b = &doc->buf;
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize pos = dict;
  Token t = review_pdf_lex (b, &pos);

  *duplicates = FALSE;
  if (t.type != TOK_DICT_OPEN)
    return entries;
  for (;;)
    {
      Token k = review_pdf_lex (b, &pos);
      gsize vs, ve;
      char *key;

      if (k.type != TOK_NAME || !review_pdf_parse_value (b, &pos, &vs, &ve, 1))
        break;
      key = g_strndup ((const char *) b->data + k.start, k.end - k.start);
      if (g_hash_table_contains (entries, key))
        {
          *duplicates = TRUE;
          g_free (key);
          continue;
        }
      g_hash_table_insert (entries, key, GSIZE_TO_POINTER (vs));
    }
  return entries;
}

void
review_pdf_fields_clear (PdfFields *fields)
{
  g_clear_pointer (&fields->nodes, g_hash_table_unref);
  g_clear_pointer (&fields->other, g_hash_table_unref);
  g_clear_pointer (&fields->top, g_array_unref);
  g_clear_pointer (&fields->sigs, g_array_unref);
  g_clear_pointer (&fields->sig_fields, g_array_unref);
  g_clear_pointer (&fields->problem, g_free);
}

typedef struct
{
  guint64  num;
  int      depth;
  gboolean sig;               /* /FT /Sig, own or inherited */
} FieldItem;

/* Every element of the array at @array (resolved as of @rev) that is a
 * reference, in order; %FALSE when it is not an array of references. */
static gboolean
ref_array (PdfDoc *doc,
           guint   rev,
           gsize   value,
           GArray *out)
{
  const Buf *b = &doc->buf;
  gsize array, pos;

  if (!review_pdf_doc_resolve (doc, rev, value, &array) || b->data[array] != '[')
    return FALSE;
  pos = array + 1;
  for (guint n = 0;; n++)
    {
      gsize save = pos, vs, ve;
      Token t = review_pdf_lex (b, &pos);
      guint64 num;

      if (t.type == TOK_ARRAY_CLOSE)
        return TRUE;
      pos = save;
      if (n >= PDF_MAX_FIELDS || !review_pdf_parse_value (b, &pos, &vs, &ve, 1) ||
          !is_ref (b, vs, &num))
        return FALSE;
      g_array_append_val (out, num);
    }
}

/**
 * review_pdf_doc_fields:
 *
 * The form's fields as of revision @rev: from the trailer's /Root to the
 * catalogue's /AcroForm, its /Fields and their /Kids. Sets @fields->problem
 * when they cannot be read.
 */
void
review_pdf_doc_fields (PdfDoc    *doc,
                       guint      rev,
                       PdfFields *fields)
{
  const Buf *b = &doc->buf;
  PdfRevision *r = review_pdf_doc_rev (doc, rev);
  const PdfSpan *root;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (FieldItem));
  gsize s, e, form;
  guint visited = 0;

  fields->nodes = g_hash_table_new (NULL, NULL);
  fields->other = g_hash_table_new (NULL, NULL);
  fields->top = g_array_new (FALSE, FALSE, sizeof (guint64));
  fields->sigs = g_array_new (FALSE, FALSE, sizeof (guint64));
  fields->sig_fields = g_array_new (FALSE, FALSE, sizeof (guint64));

  root = r->has_root ? review_pdf_doc_object (doc, r->root, rev) : NULL;
  if (root == NULL || !review_pdf_doc_is_dict (doc, root->start))
    {
      fields->problem = g_strdup (_("The PDF’s trailer does not lead to a catalogue."));
      return;
    }
  if (!review_pdf_dict_lookup (b, root->start, "/AcroForm", &s, &e))
    return;
  fields->acroform_indirect = is_ref (b, s, &fields->acroform);
  if (!review_pdf_doc_resolve (doc, rev, s, &form) || !review_pdf_doc_is_dict (doc, form))
    {
      fields->problem = g_strdup (_("The PDF’s form (/AcroForm) is not a dictionary."));
      return;
    }
  fields->acroform_dict = form;
  if (!review_pdf_dict_lookup (b, form, "/Fields", &s, &e))
    return;
  if (!ref_array (doc, rev, s, fields->top))
    {
      fields->problem = g_strdup (_("The PDF’s form fields (/Fields) are not a list of "
                                    "fields."));
      return;
    }
  for (guint i = fields->top->len; i-- > 0;)
    {
      FieldItem item = { g_array_index (fields->top, guint64, i), 0, FALSE };
      g_array_append_val (stack, item);
    }

  while (stack->len > 0)
    {
      FieldItem item = g_array_index (stack, FieldItem, stack->len - 1);
      const PdfSpan *node;
      gsize ks, ke;

      g_array_set_size (stack, stack->len - 1);
      if (++visited > PDF_MAX_FIELDS || item.depth > PDF_MAX_FIELD_DEPTH ||
          review_pdf_doc_over_budget (doc))
        {
          fields->problem = g_strdup (_("The PDF’s form has too many fields, or fields nested "
                                        "too deep."));
          return;
        }
      if (item.num > PDF_MAX_OBJECT_NUM ||
          g_hash_table_contains (fields->nodes, GUINT_TO_POINTER ((guint) item.num)))
        {
          fields->problem = g_strdup (_("The PDF’s form lists a field twice or in a loop."));
          return;
        }
      g_hash_table_add (fields->nodes, GUINT_TO_POINTER ((guint) item.num));
      node = review_pdf_doc_object (doc, item.num, rev);
      if (node == NULL || !review_pdf_doc_is_dict (doc, node->start))
        {
          fields->problem = g_strdup_printf (_("The PDF’s form field %llu"
                                               " is not a dictionary."),
                                             (unsigned long long) item.num);
          return;
        }
      if (review_pdf_dict_lookup (b, node->start, "/FT", &s, &e))
        item.sig = review_pdf_doc_name_is (doc, s, "/Sig");
      if (!item.sig)
        g_hash_table_add (fields->other, GUINT_TO_POINTER ((guint) item.num));
      if (item.sig && review_pdf_dict_lookup (b, node->start, "/V", &s, &e))
        {
          guint64 v;
          gsize pos = s;
          Token t = review_pdf_lex (b, &pos);

          if (t.type == TOK_KEYWORD && review_pdf_token_is (b, &t, "null"))
            ;   /* an empty signature field */
          else if (!is_ref (b, s, &v))
            {
              fields->problem = g_strdup_printf (_("The signature field %llu"
                                                   " holds its signature directly, not as an "
                                                   "object of its own."),
                                                 (unsigned long long) item.num);
              return;
            }
          else
            {
              gboolean dup = FALSE;

              for (guint k = 0; k < fields->sigs->len && !dup; k++)
                dup = g_array_index (fields->sigs, guint64, k) == v;
              if (dup)
                {
                  fields->problem = g_strdup_printf (_("Two signature fields share the "
                                                       "signature %llu."),
                                                     (unsigned long long) v);
                  return;
                }
              if (fields->sigs->len >= REVIEW_PDF_CHECK_MAX_SIGNATURES)
                {
                  fields->problem = g_strdup_printf (_("The PDF has more than %d signatures."),
                                                     REVIEW_PDF_CHECK_MAX_SIGNATURES);
                  return;
                }
              g_array_append_val (fields->sigs, v);
              g_array_append_val (fields->sig_fields, item.num);
            }
        }
      if (review_pdf_dict_lookup (b, node->start, "/Kids", &ks, &ke))
        {
          g_autoptr(GArray) kids = g_array_new (FALSE, FALSE, sizeof (guint64));

          if (!ref_array (doc, rev, ks, kids))
            {
              fields->problem = g_strdup_printf (_("The /Kids of form field %llu"
                                                   " are not a list of fields."),
                                                 (unsigned long long) item.num);
              return;
            }
          for (guint i = kids->len; i-- > 0;)
            {
              FieldItem kid = { g_array_index (kids, guint64, i), item.depth + 1, item.sig };
              g_array_append_val (stack, kid);
            }
        }
    }
}
