/* review-text.c
 *
 * Search folds text the same way in the index (the review_fold() SQL
 * function, see review-db.c and migration 5) and in the query, so that the
 * spellings a reader meets in the archive find each other:
 *
 *   - compatibility decomposition (NFKD): Arabic presentation forms and the
 *     lam-alef ligatures, as text copied out of PDFs carries them, become
 *     the plain letters; full-width Latin becomes ASCII;
 *   - case folding (full: "ß" is "ss");
 *   - every non-spacing and enclosing mark is dropped: Latin accents
 *     ("José" is "jose") and the Arabic harakat and tashkeel
 *     (U+064B–U+065F, U+0670), with the Quranic annotation signs
 *     (U+06D6–U+06ED) and the tatweel (U+0640), which are not all marks;
 *   - format characters are dropped: the joiners and direction marks
 *     (U+200C–U+200F, U+061C) that bidirectional editing leaves inside words;
 *   - Arabic letters that are written interchangeably become one: the alef
 *     forms أ إ آ ٱ are ا (the hamza and madda are marks once decomposed, so
 *     ؤ and ئ also become و and ي, the way they are often typed); alef
 *     maqsura ى and Persian yeh ی are ي; Persian kaf ک is ك;
 *   - ta marbuta ة is ه. Decided, not optional: names and places ending in
 *     ة are written both ways in records, transcriptions and messages
 *     (فاطمة, فاطمه), and a missed person costs more than an extra match;
 *     no pair of names told apart only by that letter is known to matter;
 *   - every decimal digit (Arabic-Indic ٠–٩, Persian ۰–۹, …) is its ASCII
 *     digit, so "٢١٥" finds "215".
 *
 * Punctuation and spaces are kept: the FTS5 tokenizer splits words on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-text.h"

static gboolean
is_dropped (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
      return TRUE;
    default:
      break;
    }
  return (c >= 0x064B && c <= 0x065F) ||   /* harakat, tanween, shadda, sukun, … */
         c == 0x0670 ||                    /* superscript alef */
         (c >= 0x06D6 && c <= 0x06ED) ||   /* Quranic annotation signs */
         c == 0x0640;                      /* tatweel */
}

static gunichar
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x0622:   /* آ alef with madda: decomposed already; kept for clarity */
    case 0x0623:   /* أ alef with hamza above */
    case 0x0625:   /* إ alef with hamza below */
    case 0x0671:   /* ٱ alef wasla */
    case 0x0672:   /* ٲ alef with wavy hamza above */
    case 0x0673:   /* ٳ alef with wavy hamza below */
      return 0x0627;   /* ا */
    case 0x0649:   /* ى alef maqsura */
    case 0x06CC:   /* ی Persian yeh */
      return 0x064A;   /* ي */
    case 0x06A9:   /* ک Persian kaf */
      return 0x0643;   /* ك */
    case 0x0629:   /* ة ta marbuta */
      return 0x0647;   /* ه */
    default:
      return c;
    }
}

/**
 * review_text_fold:
 * @text: UTF-8 text (invalid sequences are replaced, never trusted)
 *
 * Returns: (transfer full): @text folded for search, as described above.
 */
char *
review_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  /* Decomposed before folding (so "℃" folds to "°c"), and again after,
   * since a few case foldings leave a base letter and a mark. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  folded = g_utf8_casefold (decomposed, -1);
  normal = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);

  out = g_string_sized_new (strlen (normal));
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit;

      if (is_dropped (c))
        continue;
      digit = g_unichar_type (c) == G_UNICODE_DECIMAL_NUMBER ? g_unichar_digit_value (c) : -1;
      if (digit >= 0)
        g_string_append_c (out, (char) ('0' + digit));
      else
        g_string_append_unichar (out, fold_letter (c));
    }
  return g_string_free (out, FALSE);
}

/* What FTS5's unicode61 tokenizer keeps in a word (its default categories,
 * "L* N* Co"); everything else separates words. */
static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * review_text_match_query:
 * @text: what the user typed
 *
 * The FTS5 query for @text: folded, split at white space, each piece a
 * quoted string (a " inside doubled) followed by *, all of them required.
 * Inside quotes FTS5 reads no syntax at all, so AND, OR, NOT, NEAR, ^, :,
 * parentheses and * typed by the user are plain text; the tokenizer then
 * splits a piece at its punctuation into a phrase, whose last word matches
 * as a prefix: "moha" finds "Mohammed", "1234/5" finds "1234/56".
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text has
 *   no letter or digit to look for (the text filter then does not apply).
 */
char *
review_text_match_query (const char *text)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) piece = g_string_new (NULL);
  gboolean has_word = FALSE;
  const char *p;

  if (text == NULL)
    return NULL;
  folded = review_text_fold (text);
  for (p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || g_unichar_isspace (c))
        {
          if (has_word)
            g_string_append_printf (query, "%s\"%s\"*", query->len > 0 ? " " : "", piece->str);
          g_string_truncate (piece, 0);
          has_word = FALSE;
          if (c == 0)
            break;
          continue;
        }
      has_word |= is_word_char (c);
      if (c == '"')
        g_string_append_c (piece, '"');
      g_string_append_unichar (piece, c);
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
