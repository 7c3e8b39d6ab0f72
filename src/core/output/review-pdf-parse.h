/* review-pdf-parse.h: the small PDF tokenizer shared by the signer
 * (review-pades.c) and the structure check (review-pdf-check.c). Internal
 * to the core; see review-pdf-parse.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_PDF_MAX_DEPTH 64   /* nesting of arrays and dictionaries */

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
  /* Nullable: every byte the tokenizer reads is counted here, so that a
   * reader can stop once it has done more work than the file's size
   * justifies (linear time on hostile input). */
  gsize        *work;
} Buf;

gboolean    review_pdf_is_space           (guint8        c);
gboolean    review_pdf_is_delimiter       (guint8        c);
Token       review_pdf_lex                (const Buf    *b,
                                           gsize        *pos);
gboolean    review_pdf_token_is           (const Buf    *b,
                                           const Token  *t,
                                           const char   *text);
gboolean    review_pdf_token_uint         (const Buf    *b,
                                           const Token  *t,
                                           guint64      *value);
gboolean    review_pdf_parse_value        (const Buf    *b,
                                           gsize        *pos,
                                           gsize        *start,
                                           gsize        *end,
                                           int           depth);
gboolean    review_pdf_dict_lookup        (const Buf    *b,
                                           gsize         dict,
                                           const char   *key,
                                           gsize        *start,
                                           gsize        *end);
gboolean    review_pdf_span_ref           (const Buf    *b,
                                           gsize         start,
                                           guint64      *num);
gboolean    review_pdf_span_uint          (const Buf    *b,
                                           gsize         start,
                                           guint64      *value);
GByteArray *review_pdf_string_bytes       (const Buf    *b,
                                           const Token  *t);
char       *review_pdf_decode_text_string (const Buf    *b,
                                           const Token  *t);
GDateTime  *review_pdf_parse_date         (const char   *text);
gsize       review_pdf_der_length         (const guint8 *der,
                                           gsize         len);

G_END_DECLS
