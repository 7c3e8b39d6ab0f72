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
 * Reading back (review_pades_find_signatures) finds every /ByteRange, checks
 * its shape, and takes /Contents from the hole the ranges leave, which is
 * what a verifier must hash around; the other fields come from the
 * dictionary that holds it.
 *
 * The PDF reading here is only what these two jobs need: a tokenizer that
 * knows strings, hex strings, names, comments and nesting, objects found
 * through the classic xref table and its /Prev chain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-error.h"
#include "review-pades.h"

#define BYTE_RANGE_WIDTH 40   /* "0 a b c" and the spaces after it */
#define MAX_DEPTH        64

/* --- tokens ------------------------------------------------------------- */

typedef enum
{
  TOK_EOF,
  TOK_ERROR,
  TOK_NAME,
  TOK_NUMBER,
  TOK_STRING,
  TOK_HEX,
  TOK_DICT_OPEN,
  TOK_DICT_CLOSE,
  TOK_ARRAY_OPEN,
  TOK_ARRAY_CLOSE,
  TOK_KEYWORD,
} TokType;

typedef struct
{
  TokType type;
  gsize   start;
  gsize   end;
} Token;

typedef struct
{
  const guint8 *data;
  gsize         len;
} Buf;

static gboolean
is_space (guint8 c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static gboolean
is_delimiter (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

static Token
lex (const Buf *b,
     gsize     *pos)
{
  const guint8 *d = b->data;
  gsize p = *pos;
  Token t = { TOK_EOF, p, p };

  for (;;)
    {
      while (p < b->len && is_space (d[p]))
        p++;
      if (p < b->len && d[p] == '%')
        {
          while (p < b->len && d[p] != '\n' && d[p] != '\r')
            p++;
          continue;
        }
      break;
    }
  t.start = t.end = p;
  if (p >= b->len)
    {
      *pos = p;
      return t;
    }

  if (d[p] == '<' && p + 1 < b->len && d[p + 1] == '<')
    {
      t.type = TOK_DICT_OPEN;
      p += 2;
    }
  else if (d[p] == '>' && p + 1 < b->len && d[p + 1] == '>')
    {
      t.type = TOK_DICT_CLOSE;
      p += 2;
    }
  else if (d[p] == '[')
    {
      t.type = TOK_ARRAY_OPEN;
      p++;
    }
  else if (d[p] == ']')
    {
      t.type = TOK_ARRAY_CLOSE;
      p++;
    }
  else if (d[p] == '<')
    {
      t.type = TOK_HEX;
      for (p++; p < b->len && d[p] != '>'; p++)
        if (!g_ascii_isxdigit (d[p]) && !is_space (d[p]))
          t.type = TOK_ERROR;
      if (p >= b->len)
        t.type = TOK_ERROR;
      else
        p++;
    }
  else if (d[p] == '(')
    {
      int depth = 1;

      t.type = TOK_STRING;
      for (p++; p < b->len && depth > 0; p++)
        {
          if (d[p] == '\\')
            p++;
          else if (d[p] == '(')
            depth++;
          else if (d[p] == ')')
            depth--;
        }
      if (depth > 0)
        t.type = TOK_ERROR;
      p = MIN (p, b->len);
    }
  else if (d[p] == '/')
    {
      t.type = TOK_NAME;
      for (p++; p < b->len && !is_space (d[p]) && !is_delimiter (d[p]); p++)
        ;
    }
  else if (is_delimiter (d[p]))
    {
      t.type = TOK_ERROR;
      p++;
    }
  else
    {
      gboolean numeric = TRUE;

      for (; p < b->len && !is_space (d[p]) && !is_delimiter (d[p]); p++)
        if (!g_ascii_isdigit (d[p]) && d[p] != '+' && d[p] != '-' && d[p] != '.')
          numeric = FALSE;
      t.type = numeric ? TOK_NUMBER : TOK_KEYWORD;
    }
  t.end = p;
  *pos = p;
  return t;
}

static gboolean
token_is (const Buf   *b,
          const Token *t,
          const char  *text)
{
  gsize len = strlen (text);
  return t->end - t->start == len && memcmp (b->data + t->start, text, len) == 0;
}

static gboolean
token_uint (const Buf   *b,
            const Token *t,
            guint64     *value)
{
  char text[24];
  gsize len = t->end - t->start;
  char *end = NULL;

  if (t->type != TOK_NUMBER || len == 0 || len >= sizeof text)
    return FALSE;
  memcpy (text, b->data + t->start, len);
  text[len] = '\0';
  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  *value = g_ascii_strtoull (text, &end, 10);
  return end != NULL && *end == '\0';
}

/* One value (a reference "n g R" counts as one), its span in [*start, *end). */
static gboolean
parse_value (const Buf *b,
             gsize     *pos,
             gsize     *start,
             gsize     *end,
             int        depth)
{
  Token t = lex (b, pos);
  gsize ignored_start, ignored_end;

  if (depth > MAX_DEPTH)
    return FALSE;
  *start = t.start;
  switch (t.type)
    {
    case TOK_DICT_OPEN:
      for (;;)
        {
          Token k = lex (b, pos);
          if (k.type == TOK_DICT_CLOSE)
            break;
          if (k.type != TOK_NAME ||
              !parse_value (b, pos, &ignored_start, &ignored_end, depth + 1))
            return FALSE;
        }
      break;
    case TOK_ARRAY_OPEN:
      for (;;)
        {
          gsize save = *pos;
          Token k = lex (b, pos);
          if (k.type == TOK_ARRAY_CLOSE)
            break;
          if (k.type == TOK_EOF || k.type == TOK_ERROR)
            return FALSE;
          *pos = save;
          if (!parse_value (b, pos, &ignored_start, &ignored_end, depth + 1))
            return FALSE;
        }
      break;
    case TOK_NUMBER:
      {
        gsize save = *pos;
        Token gen = lex (b, pos);
        Token r = lex (b, pos);
        if (!(gen.type == TOK_NUMBER && r.type == TOK_KEYWORD && token_is (b, &r, "R")))
          *pos = save;
      }
      break;
    case TOK_NAME:
    case TOK_STRING:
    case TOK_HEX:
    case TOK_KEYWORD:
      break;
    default:
      return FALSE;
    }
  *end = *pos;
  return TRUE;
}

/* The value of @key in the dictionary that starts at @dict. */
static gboolean
dict_lookup (const Buf  *b,
             gsize       dict,
             const char *key,
             gsize      *start,
             gsize      *end)
{
  gsize pos = dict;
  Token t = lex (b, &pos);

  if (t.type != TOK_DICT_OPEN)
    return FALSE;
  for (;;)
    {
      Token k = lex (b, &pos);
      gsize vs, ve;

      if (k.type != TOK_NAME || !parse_value (b, &pos, &vs, &ve, 1))
        return FALSE;
      if (token_is (b, &k, key))
        {
          *start = vs;
          *end = ve;
          return TRUE;
        }
    }
}

static gboolean
span_ref (const Buf *b,
          gsize      start,
          guint64   *num)
{
  gsize pos = start;
  Token n = lex (b, &pos);
  Token g = lex (b, &pos);
  Token r = lex (b, &pos);
  guint64 gen;

  return token_uint (b, &n, num) && token_uint (b, &g, &gen) && r.type == TOK_KEYWORD &&
         token_is (b, &r, "R");
}

static gboolean
span_uint (const Buf *b,
           gsize      start,
           guint64   *value)
{
  gsize pos = start;
  Token t = lex (b, &pos);
  return token_uint (b, &t, value);
}

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

/* The bytes of a literal or hex string token. */
static GByteArray *
string_bytes (const Buf   *b,
              const Token *t)
{
  GByteArray *out = g_byte_array_new ();
  const guint8 *d = b->data;

  if (t->type == TOK_HEX)
    {
      int nibble = -1;

      for (gsize p = t->start + 1; p + 1 < t->end; p++)
        {
          int v = g_ascii_xdigit_value (d[p]);
          if (v < 0)
            continue;
          if (nibble < 0)
            nibble = v;
          else
            {
              guint8 byte = (guint8) (nibble << 4 | v);
              g_byte_array_append (out, &byte, 1);
              nibble = -1;
            }
        }
      if (nibble >= 0)
        {
          guint8 byte = (guint8) (nibble << 4);
          g_byte_array_append (out, &byte, 1);
        }
      return out;
    }

  for (gsize p = t->start + 1; p + 1 < t->end; p++)
    {
      guint8 c = d[p];

      if (c == '\\' && p + 2 < t->end)
        {
          c = d[++p];
          switch (c)
            {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '\r':
              if (p + 2 < t->end && d[p + 1] == '\n')
                p++;
              continue;
            case '\n':
              continue;
            default:
              if (c >= '0' && c <= '7')
                {
                  int v = c - '0';
                  for (int k = 0; k < 2 && p + 2 < t->end && d[p + 1] >= '0' &&
                                  d[p + 1] <= '7'; k++)
                    v = v * 8 + (d[++p] - '0');
                  c = (guint8) v;
                }
              break;
            }
        }
      g_byte_array_append (out, &c, 1);
    }
  return out;
}

static char *
decode_text_string (const Buf   *b,
                    const Token *t)
{
  g_autoptr(GByteArray) bytes = string_bytes (b, t);

  if (bytes->len >= 2 && bytes->data[0] == 0xfe && bytes->data[1] == 0xff)
    return g_convert ((const char *) bytes->data + 2, bytes->len - 2, "UTF-8", "UTF-16BE",
                      NULL, NULL, NULL);
  if (g_utf8_validate ((const char *) bytes->data, bytes->len, NULL))
    return g_strndup ((const char *) bytes->data, bytes->len);
  /* PDFDocEncoding is Latin-1 for everything Review would read. */
  return g_convert ((const char *) bytes->data, bytes->len, "UTF-8", "ISO-8859-1",
                    NULL, NULL, NULL);
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

static int
digits (const char **p,
        int          n,
        int          fallback)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    if (!g_ascii_isdigit ((*p)[i]))
      return fallback;
  for (int i = 0; i < n; i++)
    v = v * 10 + ((*p)[i] - '0');
  *p += n;
  return v;
}

static GDateTime *
parse_date (const char *text)
{
  const char *p = text;
  int year, month, day, hour, minute, second, tz_h = 0, tz_m = 0;
  g_autoptr(GTimeZone) tz = NULL;
  char sign = 'Z';

  if (g_str_has_prefix (p, "D:"))
    p += 2;
  year = digits (&p, 4, -1);
  if (year < 0)
    return NULL;
  month = digits (&p, 2, 1);
  day = digits (&p, 2, 1);
  hour = digits (&p, 2, 0);
  minute = digits (&p, 2, 0);
  second = digits (&p, 2, 0);
  if (*p == '+' || *p == '-' || *p == 'Z')
    {
      sign = *p++;
      tz_h = digits (&p, 2, 0);
      if (*p == '\'')
        p++;
      tz_m = digits (&p, 2, 0);
    }
  if (sign == 'Z' || (tz_h == 0 && tz_m == 0))
    tz = g_time_zone_new_utc ();
  else
    {
      g_autofree char *id = g_strdup_printf ("%c%02d:%02d", sign, tz_h, tz_m);
      tz = g_time_zone_new_identifier (id);
      if (tz == NULL)
        return NULL;
    }
  return g_date_time_new (tz, year, month, day, hour, minute, second);
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
  Token t = lex (b, &pos);

  if (t.type != TOK_KEYWORD || !token_is (b, &t, "xref"))
    return FALSE;
  for (;;)
    {
      guint64 first, count;
      Token s = lex (b, &pos);
      Token c;

      if (s.type == TOK_KEYWORD && token_is (b, &s, "trailer"))
        {
          *trailer = pos;
          return TRUE;
        }
      c = lex (b, &pos);
      if (!token_uint (b, &s, &first) || !token_uint (b, &c, &count) || count > b->len / 18)
        return FALSE;
      for (guint64 i = 0; i < count; i++)
        {
          Token off = lex (b, &pos);
          Token gen = lex (b, &pos);
          Token kind = lex (b, &pos);
          guint64 o, g;

          if (!token_uint (b, &off, &o) || !token_uint (b, &gen, &g) || kind.type != TOK_KEYWORD)
            return FALSE;
          /* Newer sections are read first: the first offset seen wins. */
          if (token_is (b, &kind, "n") && o < b->len &&
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
  t = lex (b, &pos);
  if (!token_uint (b, &t, &value) || value >= b->len)
    goto unsupported;
  doc->xref_offset = offset = (gsize) value;

  for (int section = 0; section < 100; section++)
    {
      gsize trailer, start, end;

      if (!read_xref_section (doc, offset, &trailer))
        goto unsupported;
      if (section == 0)
        doc->trailer = trailer;
      if (!dict_lookup (b, trailer, "/Prev", &start, &end))
        return TRUE;
      if (!span_uint (b, start, &value) || value >= b->len)
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
  tn = lex (b, &pos);
  tg = lex (b, &pos);
  tobj = lex (b, &pos);
  if (!token_uint (b, &tn, &n) || n != num || !token_uint (b, &tg, &g) ||
      tobj.type != TOK_KEYWORD || !token_is (b, &tobj, "obj"))
    return FALSE;
  return parse_value (b, &pos, start, end, 0) && b->data[*start] == '<';
}

static gboolean
dict_ref (Doc        *doc,
          gsize       dict,
          const char *key,
          guint64    *num)
{
  gsize start, end;
  return dict_lookup (&doc->buf, dict, key, &start, &end) && span_ref (&doc->buf, start, num);
}

/* The last page: the last kid of the last kid … of the page tree. */
static gboolean
doc_last_page (Doc     *doc,
               guint64  pages,
               guint64 *page)
{
  const Buf *b = &doc->buf;
  guint64 node = pages;

  for (int depth = 0; depth < MAX_DEPTH; depth++)
    {
      gsize start, end, ks, ke, ts, te, pos, last = 0;
      gboolean any = FALSE;
      Token type;

      if (!doc_object (doc, node, &start, &end) ||
          !dict_lookup (b, start, "/Type", &ts, &te))
        return FALSE;
      pos = ts;
      type = lex (b, &pos);
      if (token_is (b, &type, "/Page"))
        {
          *page = node;
          return TRUE;
        }
      if (!token_is (b, &type, "/Pages") || !dict_lookup (b, start, "/Kids", &ks, &ke) ||
          b->data[ks] != '[')
        return FALSE;
      pos = ks + 1;
      for (;;)
        {
          gsize save = pos, vs, ve;
          Token k = lex (b, &pos);
          if (k.type == TOK_ARRAY_CLOSE)
            break;
          pos = save;
          if (!parse_value (b, &pos, &vs, &ve, 1))
            return FALSE;
          last = vs;
          any = TRUE;
        }
      if (!any || !span_ref (b, last, &node))
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

  dict_lookup (b, doc->trailer, "/Size", &size_start, &size_end);
  span_uint (b, size_start, &size);
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
  if (dict_lookup (b, ps, "/Annots", &as, &ae))
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
  if (dict_lookup (b, doc->trailer, "/ID", &id_start, &id_end))
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
      !dict_lookup (&doc.buf, doc.trailer, "/Size", &start, &end) ||
      !span_uint (&doc.buf, start, &size) ||
      !doc_object (&doc, root, &start, &end) ||
      dict_lookup (&doc.buf, start, "/AcroForm", &start, &end) ||
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
  if (dict_lookup (&doc.buf, start, "/Annots", &start, &end) && doc.buf.data[start] != '[')
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

/* --- reading signatures -------------------------------------------------- */

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

/* The DER length of the SEQUENCE at @der, or 0. */
static gsize
der_length (const guint8 *der,
            gsize         len)
{
  gsize value = 0, n;

  if (len < 2 || der[0] != 0x30)
    return 0;
  if (der[1] < 0x80)
    return 2 + der[1];
  n = der[1] & 0x7f;
  if (n == 0 || n > 4 || len < 2 + n)
    return 0;
  for (gsize i = 0; i < n; i++)
    value = value << 8 | der[2 + i];
  return 2 + n + value;
}

/* Where the object around @pos starts: after "n g obj", and before @pos. */
static gboolean
enclosing_dict (const Buf *b,
                gsize      pos,
                gsize     *dict)
{
  for (gsize p = pos; p-- > 3;)
    {
      if (memcmp (b->data + p, "obj", 3) == 0 && is_space (b->data[p - 1]) &&
          (p + 3 >= b->len || is_space (b->data[p + 3]) || b->data[p + 3] == '<'))
        {
          gsize q = p + 3, s, e;

          if (!parse_value (b, &q, &s, &e, 0) || b->data[s] != '<' || e <= pos)
            return FALSE;
          *dict = s;
          return TRUE;
        }
      if (p + 6 <= pos && memcmp (b->data + p, "endobj", 6) == 0)
        return FALSE;
    }
  return FALSE;
}

static char *
dict_text (const Buf  *b,
           gsize       dict,
           const char *key)
{
  gsize start, end, pos;
  Token t;

  if (!dict_lookup (b, dict, key, &start, &end))
    return NULL;
  pos = start;
  t = lex (b, &pos);
  if (t.type == TOK_STRING || t.type == TOK_HEX)
    return decode_text_string (b, &t);
  if (t.type == TOK_NAME)
    return g_strndup ((const char *) b->data + t.start + 1, t.end - t.start - 1);
  return NULL;
}

/**
 * review_pades_find_signatures:
 *
 * Every signature in @pdf, in file order, read from its /ByteRange.
 * Nothing here checks the CMS; see review_pades_signed_content().
 *
 * Returns: (transfer full) (element-type ReviewPadesSignature): possibly
 *   empty
 */
GPtrArray *
review_pades_find_signatures (GBytes  *pdf,
                              GError **error)
{
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) review_pades_signature_free);
  Buf b;
  static const char needle[] = "/ByteRange";

  b.data = g_bytes_get_data (pdf, &b.len);
  if (b.len < 5 || memcmp (b.data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("This is not a PDF file."));
      return NULL;
    }

  for (gsize p = 0; p + sizeof needle - 1 <= b.len; p++)
    {
      ReviewPadesSignature *sig;
      gsize pos, dict;
      guint64 r[4];
      Token t;
      gboolean ok = TRUE;

      if (memcmp (b.data + p, needle, sizeof needle - 1) != 0 ||
          (p + sizeof needle - 1 < b.len && !is_space (b.data[p + sizeof needle - 1]) &&
           !is_delimiter (b.data[p + sizeof needle - 1])))
        continue;
      pos = p + sizeof needle - 1;
      t = lex (&b, &pos);
      if (t.type != TOK_ARRAY_OPEN)
        continue;
      for (int i = 0; i < 4 && ok; i++)
        {
          t = lex (&b, &pos);
          ok = token_uint (&b, &t, &r[i]);
        }
      t = lex (&b, &pos);
      if (!ok || t.type != TOK_ARRAY_CLOSE)
        continue;

      sig = g_new0 (ReviewPadesSignature, 1);
      for (int i = 0; i < 4; i++)
        sig->byte_range[i] = (gsize) r[i];
      sig->file_size = b.len;
      g_ptr_array_add (list, sig);

      /* The ranges leave out one hex string and nothing else. */
      sig->well_formed = r[0] == 0 && r[1] > 0 && r[2] > r[1] + 1 && r[2] <= b.len &&
                         r[3] <= b.len - r[2] && b.data[r[1]] == '<' && b.data[r[2] - 1] == '>';
      if (sig->well_formed)
        {
          Token hex = { TOK_HEX, (gsize) r[1], (gsize) r[2] };
          g_autoptr(GByteArray) bytes = NULL;
          gsize der_len;

          for (gsize q = r[1] + 1; q < r[2] - 1 && sig->well_formed; q++)
            if (!g_ascii_isxdigit (b.data[q]))
              sig->well_formed = FALSE;
          bytes = string_bytes (&b, &hex);
          der_len = der_length (bytes->data, bytes->len);
          if (der_len == 0 || der_len > bytes->len)
            der_len = bytes->len;
          sig->cms = g_bytes_new (bytes->data, der_len);
          sig->revision_end = (gsize) (r[2] + r[3]);
          sig->covers_whole_file = sig->well_formed && sig->revision_end == b.len;
        }

      if (enclosing_dict (&b, p, &dict))
        {
          sig->sub_filter = dict_text (&b, dict, "/SubFilter");
          sig->time_text = dict_text (&b, dict, "/M");
          sig->name = dict_text (&b, dict, "/Name");
          sig->reason = dict_text (&b, dict, "/Reason");
          if (sig->time_text != NULL)
            sig->time = parse_date (sig->time_text);
        }
      p = pos - 1;
    }
  return g_steal_pointer (&list);
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
