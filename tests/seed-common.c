/* seed-common.c: what the test programs that fill a vault share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "review-keyring.h"
#include "seed-common.h"

void
seed_die_on (GError *error)
{
  if (error == NULL)
    return;
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  exit (1);
}

ReviewVault *
seed_open_vault (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = NULL;
  g_autofree char *id = NULL;
  ReviewVault *vault;

  CHECK ((id = review_vault_read_id (dir, &error)) != NULL);
  CHECK ((key = review_keyring_lookup_sync (id, REVIEW_KEYRING_NONE, NULL, &error)) != NULL);
  CHECK ((vault = review_vault_open (dir, key, &error)) != NULL);
  return vault;
}
