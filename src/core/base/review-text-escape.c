/* review-text-escape.c: showing text that Review did not write
 *
 * File names, certificate fields, and everything else that arrives from an
 * archive, a PDF or a certificate can carry bytes that a terminal obeys or
 * that reorder what a reader sees: a newline forges a second line of
 * output, a carriage return overwrites the line, ESC starts ANSI and OSC
 * sequences (colours, the window title, clearing the screen), a
 * right-to-left override makes “…gnp.exe” read as “….exe.png”, and
 * invalid UTF-8, replaced by U+FFFD, names a file that cannot be found.
 *
 * review_text_escape() turns each of those into a visible escape, so that
 * one value always stays on one line and says what its bytes are:
 *
 *   - \\ for a backslash, so that an escape is never ambiguous;
 *   - \\n, \\r, \\t for newline, carriage return and tab;
 *   - \\xNN for the other C0 controls, DEL and every byte that is not
 *     part of valid UTF-8 (the byte itself, so the file can be found);
 *   - \\u{NNNN} for the C1 controls (U+0080–U+009F), the bidirectional
 *     controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) and
 *     the line and paragraph separators (U+2028, U+2029), which some
 *     terminals take as line breaks.
 *
 * Everything else passes unchanged: Arabic, accents, emoji.
 *
 * review_text_isolate() puts an escaped value inside a translated sentence:
 * it wraps the value in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so
 * that an Arabic file name cannot reorder the English words around it, nor
 * a Latin one the Arabic sentence. Pure ASCII needs no isolation in a
 * left-to-right language and gets none (what scripts grep stays plain).
 *
 * Names and notes, which legitimately carry U+200F or U+061C in Arabic, are
 * shown isolated but never escaped in the window and in reports; on a
 * terminal, everything is escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "review-text.h"

static gboolean
is_escaped_char (gunichar c)
{
  return (c >= 0x80 && c <= 0x9F) ||            /* C1 controls */
         c == 0x061C ||                         /* ARABIC LETTER MARK */
         c == 0x200E || c == 0x200F ||          /* LRM, RLM */
         (c >= 0x202A && c <= 0x202E) ||        /* LRE, RLE, PDF, LRO, RLO */
         (c >= 0x2066 && c <= 0x2069) ||        /* LRI, RLI, FSI, PDI */
         c == 0x2028 || c == 0x2029;            /* line, paragraph separator */
}

/**
 * review_text_escape:
 * @bytes: (nullable): any bytes: a file name as the file system has it, a
 *   certificate field, a string from a PDF
 * @len: the length of @bytes, or -1 when it ends with a NUL
 *
 * Returns: (transfer full): valid UTF-8 with no control character, no
 *   bidirectional control and no line break: the visible escapes described
 *   above. "" for %NULL.
 */
char *
review_text_escape (const char *bytes,
                    gssize      len)
{
  GString *out;
  const char *p, *end;

  if (bytes == NULL)
    return g_strdup ("");
  if (len < 0)
    len = (gssize) strlen (bytes);
  out = g_string_sized_new ((gsize) len + 8);
  p = bytes;
  end = bytes + len;
  while (p < end)
    {
      guchar b = (guchar) *p;
      gunichar c;

      if (b < 0x80)
        {
          switch (b)
            {
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default:
              if (b < 0x20 || b == 0x7F)
                g_string_append_printf (out, "\\x%02x", b);
              else
                g_string_append_c (out, (char) b);
            }
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", b);
          p++;
          continue;
        }
      if (is_escaped_char (c))
        g_string_append_printf (out, "\\u{%04X}", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
locale_is_rtl (void)
{
  /* Translators: the direction of the language; say "default:RTL" in a
   * language written from right to left (the same msgid as GTK's). */
  const char *direction = _("default:LTR");
  return strcmp (direction, "default:RTL") == 0;
}

/**
 * review_text_isolate:
 * @text: (nullable): an escaped value (valid UTF-8)
 *
 * Returns: (transfer full): @text ready to sit inside a sentence: wrapped
 *   in U+2068 … U+2069 unless it is plain ASCII in a left-to-right
 *   language.
 */
char *
review_text_isolate (const char *text)
{
  gboolean ascii = TRUE;

  if (text == NULL)
    text = "";
  for (const char *p = text; *p != '\0' && ascii; p++)
    ascii = (guchar) *p < 0x80;
  if (ascii && !locale_is_rtl ())
    return g_strdup (text);
  return g_strconcat ("\xE2\x81\xA8", text, "\xE2\x81\xA9", NULL);
}

/**
 * review_text_quote:
 *
 * review_text_escape() then review_text_isolate(): a value of unknown
 * origin for a translated sentence on a terminal.
 *
 * Returns: (transfer full)
 */
char *
review_text_quote (const char *bytes,
                   gssize      len)
{
  g_autofree char *escaped = review_text_escape (bytes, len);
  return review_text_isolate (escaped);
}
