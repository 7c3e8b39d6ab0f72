/* review-pdf-parse.c: the PDF reading that the signer and the structure
 * check share. A tokenizer that knows strings, hex strings, names,
 * comments and nesting; one value at a time ("n g R" counts as one), a
 * dictionary's entry by key, text strings (PDFDocEncoding or UTF-16BE with
 * its BOM) decoded to UTF-8, PDF dates, and the length of a DER SEQUENCE
 * (a CMS without the zero padding of its placeholder). Nothing here
 * searches a file for patterns; every function reads forward from an
 * offset it is given, and nesting is bounded by REVIEW_PDF_MAX_DEPTH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-pdf-parse.h"

gboolean
review_pdf_is_space (guint8 c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

gboolean
review_pdf_is_delimiter (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

Token
review_pdf_lex (const Buf *b,
                gsize     *pos)
{
  const guint8 *d = b->data;
  gsize p = *pos;
  Token t = { TOK_EOF, p, p };

  for (;;)
    {
      while (p < b->len && review_pdf_is_space (d[p]))
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
      if (b->work != NULL)
        *b->work += p - *pos;
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
        if (!g_ascii_isxdigit (d[p]) && !review_pdf_is_space (d[p]))
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
      for (p++; p < b->len && !review_pdf_is_space (d[p]) && !review_pdf_is_delimiter (d[p]); p++)
        ;
    }
  else if (review_pdf_is_delimiter (d[p]))
    {
      t.type = TOK_ERROR;
      p++;
    }
  else
    {
      gboolean numeric = TRUE;

      for (; p < b->len && !review_pdf_is_space (d[p]) && !review_pdf_is_delimiter (d[p]); p++)
        if (!g_ascii_isdigit (d[p]) && d[p] != '+' && d[p] != '-' && d[p] != '.')
          numeric = FALSE;
      t.type = numeric ? TOK_NUMBER : TOK_KEYWORD;
    }
  t.end = p;
  if (b->work != NULL)
    *b->work += p - *pos + 1;
  *pos = p;
  return t;
}

gboolean
review_pdf_token_is (const Buf   *b,
                     const Token *t,
                     const char  *text)
{
  gsize len = strlen (text);
  return t->end - t->start == len && memcmp (b->data + t->start, text, len) == 0;
}

gboolean
review_pdf_token_uint (const Buf   *b,
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
gboolean
review_pdf_parse_value (const Buf *b,
                        gsize     *pos,
                        gsize     *start,
                        gsize     *end,
                        int        depth)
{
  Token t = review_pdf_lex (b, pos);
  gsize ignored_start, ignored_end;

  if (depth > REVIEW_PDF_MAX_DEPTH)
    return FALSE;
  *start = t.start;
  switch (t.type)
    {
    case TOK_DICT_OPEN:
      for (;;)
        {
          Token k = review_pdf_lex (b, pos);
          if (k.type == TOK_DICT_CLOSE)
            break;
          if (k.type != TOK_NAME ||
              !review_pdf_parse_value (b, pos, &ignored_start, &ignored_end, depth + 1))
            return FALSE;
        }
      break;
    case TOK_ARRAY_OPEN:
      for (;;)
        {
          gsize save = *pos;
          Token k = review_pdf_lex (b, pos);
          if (k.type == TOK_ARRAY_CLOSE)
            break;
          if (k.type == TOK_EOF || k.type == TOK_ERROR)
            return FALSE;
          *pos = save;
          if (!review_pdf_parse_value (b, pos, &ignored_start, &ignored_end, depth + 1))
            return FALSE;
        }
      break;
    case TOK_NUMBER:
      {
        gsize save = *pos;
        Token gen = review_pdf_lex (b, pos);
        Token r = review_pdf_lex (b, pos);
        if (!(gen.type == TOK_NUMBER && r.type == TOK_KEYWORD && review_pdf_token_is (b, &r, "R")))
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
gboolean
review_pdf_dict_lookup (const Buf  *b,
                        gsize       dict,
                        const char *key,
                        gsize      *start,
                        gsize      *end)
{
  gsize pos = dict;
  Token t = review_pdf_lex (b, &pos);

  if (t.type != TOK_DICT_OPEN)
    return FALSE;
  for (;;)
    {
      Token k = review_pdf_lex (b, &pos);
      gsize vs, ve;

      if (k.type != TOK_NAME || !review_pdf_parse_value (b, &pos, &vs, &ve, 1))
        return FALSE;
      if (review_pdf_token_is (b, &k, key))
        {
          *start = vs;
          *end = ve;
          return TRUE;
        }
    }
}

gboolean
review_pdf_span_ref (const Buf *b,
                     gsize      start,
                     guint64   *num)
{
  gsize pos = start;
  Token n = review_pdf_lex (b, &pos);
  Token g = review_pdf_lex (b, &pos);
  Token r = review_pdf_lex (b, &pos);
  guint64 gen;

  return review_pdf_token_uint (b, &n, num) && review_pdf_token_uint (b, &g, &gen) && r.type == TOK_KEYWORD &&
         review_pdf_token_is (b, &r, "R");
}

gboolean
review_pdf_span_uint (const Buf *b,
                      gsize      start,
                      guint64   *value)
{
  gsize pos = start;
  Token t = review_pdf_lex (b, &pos);
  return review_pdf_token_uint (b, &t, value);
}

/* The bytes of a literal or hex string token. */
GByteArray *
review_pdf_string_bytes (const Buf   *b,
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

char *
review_pdf_decode_text_string (const Buf   *b,
                               const Token *t)
{
  g_autoptr(GByteArray) bytes = review_pdf_string_bytes (b, t);

  if (bytes->len >= 2 && bytes->data[0] == 0xfe && bytes->data[1] == 0xff)
    return g_convert ((const char *) bytes->data + 2, bytes->len - 2, "UTF-8", "UTF-16BE",
                      NULL, NULL, NULL);
  if (g_utf8_validate ((const char *) bytes->data, bytes->len, NULL))
    return g_strndup ((const char *) bytes->data, bytes->len);
  /* PDFDocEncoding is Latin-1 for everything Review would read. */
  return g_convert ((const char *) bytes->data, bytes->len, "UTF-8", "ISO-8859-1",
                    NULL, NULL, NULL);
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

GDateTime *
review_pdf_parse_date (const char *text)
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

/* The DER length of the SEQUENCE at @der, or 0. */
gsize
review_pdf_der_length (const guint8 *der,
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