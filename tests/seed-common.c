/* seed-common.c: what the test programs that fill a vault share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "review-db-private.h"
#include "review-keyring.h"
#include "review-vault-private.h"
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

/* Until the decoder reports damage (ReviewDecoderDamage) for real files,
 * a test makes a damaged photo the way an import of a truncated or corrupt
 * file records one: the photo's damage kind and first damaged row, set in
 * the vault like any other seeded value. Nothing else about the photo
 * changes: its original, its SHA-256 and its thumbnail stay as they were. */
void
seed_damage_photo (ReviewVault *vault,
                   const char  *uuid,
                   int          damage,
                   guint        row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  int rc;

  CHECK (review_db_prepare (db, "UPDATE photos SET damage = ?, damage_row = ? WHERE uuid = ?",
                            &stmt, &error));
  sqlite3_bind_int (stmt, 1, damage);
  sqlite3_bind_int64 (stmt, 2, row);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE || sqlite3_changes (db) != 1)
    {
      g_printerr ("%s: could not damage photo %s: %s\n", g_get_prgname (), uuid,
                  sqlite3_errmsg (db));
      exit (1);
    }
}
