/* fuzz-recovery-key.c: a typed recovery key, review_recovery_key_parse()
 *
 * The input is the text as typed (up to its first NUL). A key that parses
 * is parsed again with its groups spaced and in lower case, and must give
 * the same secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "review-recovery.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint8 secret[REVIEW_RECOVERY_SECRET_LEN];
  guint8 again[REVIEW_RECOVERY_SECRET_LEN];
  g_autoptr(GString) retyped = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = review_recovery_key_parse (text, secret, &error);
  FUZZ_CHECK (ok == (error == NULL));
  FUZZ_CHECK (ok || error->domain != 0);
  if (!ok)
    return 0;
  for (const char *p = text; *p; p++)
    if (g_ascii_isalnum (*p))
      {
        if (retyped->len % 5 == 4)
          g_string_append_c (retyped, ' ');
        g_string_append_c (retyped, g_ascii_tolower (*p));
      }
  FUZZ_CHECK (review_recovery_key_parse (retyped->str, again, NULL));
  FUZZ_CHECK (memcmp (secret, again, sizeof secret) == 0);
  return 0;
}
