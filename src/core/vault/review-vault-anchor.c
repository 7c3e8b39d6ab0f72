/* review-vault-anchor.c: keeping an open vault's audit head
 *
 * The audit head kept in the keyring (review-anchor.c), for an open
 * ReviewVault: read through its connection, or another of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-anchor-private.h"
#include "review-vault-anchor-private.h"
#include "review-vault-private.h"

gboolean
review_anchor_verify_checkpoint (ReviewVault  *vault,
                                 const char   *vault_id,
                                 gint64        entries,
                                 const char   *hash,
                                 GError      **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  return review_anchor_verify_head (review_vault_get_db (vault), review_vault_get_id (vault),
                                    vault_id, entries, hash, error);
}

gboolean
review_anchor_keep (ReviewVault  *vault,
                    GError      **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  return review_anchor_keep_head (review_vault_get_db (vault), review_vault_get_id (vault),
                                  error);
}

/**
 * review_anchor_keep_from:
 * @db: a connection of the vault's own (an export's, an import's), read by
 *   the calling thread, outside any transaction
 *
 * As review_anchor_keep_quietly(), reading the head through @db, so that
 * a worker never uses the vault's main connection.
 */
void
review_anchor_keep_from (ReviewVault *vault,
                         sqlite3     *db)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REVIEW_IS_VAULT (vault) && db != NULL);
  if (!review_anchor_keep_head (db, review_vault_get_id (vault), &error))
    g_debug ("The audit trail's head could not be kept: %s", error->message);
}

void
review_anchor_keep_quietly (ReviewVault *vault)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REVIEW_IS_VAULT (vault));
  if (review_anchor_keep (vault, &error))
    review_vault_note_anchored (vault);
  else
    g_debug ("The audit trail's head could not be kept: %s", error->message);
}

void
review_anchor_keep_in_background (ReviewVault *vault)
{
  review_anchor_keep_holding (vault, NULL);
}

/**
 * review_anchor_keep_holding:
 * @hold: (nullable): an application kept running until the head is written
 *   (when its last window closes)
 *
 * As review_anchor_keep_in_background().
 */
void
review_anchor_keep_holding (ReviewVault  *vault,
                            GApplication *hold)
{
  g_return_if_fail (REVIEW_IS_VAULT (vault));
  review_anchor_keep_head_holding (review_vault_get_db (vault), review_vault_get_id (vault), hold);
}
