/* sign-file.c: signs FILE with the vault's signing identity, as an export
 * will, writing FILE.p7s. For tests/test-sign-cli.sh only.
 *
 *   sign-file VAULT_DIR FILE
 *
 * The vault's key comes from the keyring, or, when REVIEW_RECOVERY_KEY is
 * set, from that recovery key (to reach the signing key's own keyring
 * checks when the vault key cannot be read). The signing key always comes
 * from the keyring. Exits with `review`'s exit status for the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "review-error.h"
#include "review-keyring.h"
#include "review-signer-private.h"
#include "review-vault-private.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *sig_path = NULL;
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) sig = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: sign-file VAULT_DIR FILE\n");
      return 2;
    }
  if (g_getenv ("REVIEW_RECOVERY_KEY") != NULL)
    key = review_vault_recover_key (argv[1], g_getenv ("REVIEW_RECOVERY_KEY"), &error);
  else if ((vault_id = review_vault_read_id (argv[1], &error)) != NULL)
    key = review_keyring_lookup_sync (vault_id, REVIEW_KEYRING_NONE, NULL, &error);
  if (key == NULL ||
      (vault = review_vault_open (argv[1], key, &error)) == NULL ||
      (signer = review_signer_load (vault, &error)) == NULL ||
      (mapped = g_mapped_file_new (argv[2], FALSE, &error)) == NULL)
    goto fail;
  content = g_mapped_file_get_bytes (mapped);
  sig = review_signer_sign_detached (signer, content, &error);
  if (sig == NULL)
    goto fail;
  sig_path = g_strconcat (argv[2], ".p7s", NULL);
  if (!g_file_set_contents (sig_path, g_bytes_get_data (sig, NULL), g_bytes_get_size (sig),
                            &error))
    goto fail;
  return 0;

fail:
  fprintf (stderr, "sign-file: %s (%s %d)\n", error->message, g_quark_to_string (error->domain),
           error->code);
  return review_error_exit_status (error);
}
