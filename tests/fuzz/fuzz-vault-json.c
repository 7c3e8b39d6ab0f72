/* fuzz-vault-json.c: vault.json and recovery.json as the vault reads them
 *
 * The same bytes go to review_vault_info_parse (vault.json),
 * review_vault_recovery_id_parse (recovery.json's vault id, the fallback)
 * and review_recovery_check (recovery.json whole, under a fixed vault key,
 * for the vault id the file names or a fixed one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "review-recovery.h"
#include "review-vault-private.h"

static ReviewKey *key;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const guint8 bytes[REVIEW_KEY_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };

  fuzz_init_glib ();
  key = review_key_new_from_bytes (bytes, sizeof bytes, NULL);
  if (key == NULL)
    abort ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *vault_id = NULL;
  g_autofree char *key_check = NULL;
  g_autofree char *recovery_id = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* vault.json: both out or neither, the id a UUID. */
  if (review_vault_info_parse ((const char *) data, size, &vault_id, &key_check))
    FUZZ_CHECK (vault_id != NULL && key_check != NULL && g_uuid_string_is_valid (vault_id));
  else
    FUZZ_CHECK (vault_id == NULL && key_check == NULL);

  recovery_id = review_vault_recovery_id_parse ((const char *) data, size);
  FUZZ_CHECK (recovery_id == NULL || g_uuid_string_is_valid (recovery_id));

  /* recovery.json is read as a string (review-cli-vault.c, review-lifecycle.c). */
  ok = review_recovery_check (text, key, recovery_id != NULL ? recovery_id :
                              "00000000-0000-4000-8000-000000000000", &error);
  FUZZ_CHECK (ok == (error == NULL));
  return 0;
}
