/* review-anchor-private.h: what review-anchor.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-anchor.h"

G_BEGIN_DECLS

/* The vault's head read from the database (before migrations too): the
 * highest entry and its hash; 0 and the genesis hash for an empty trail. */
/* Compares the vault's trail in @db with the head kept for @vault_id.
 * Never fails because of the keyring (state UNAVAILABLE then); fails only
 * when the database cannot be read. Blocking; any thread. */
gboolean          review_anchor_check         (sqlite3            *db,
                                               const char         *vault_id,
                                               ReviewAnchorCheck  *check,
                                               GError            **error);

/* Keeps the head read through @db (a connection of the vault's, outside
 * any transaction) in the keyring. A request made after another is never
 * overwritten by it. Blocking; any thread. */
gboolean          review_anchor_keep_head     (sqlite3            *db,
                                               const char         *vault_id,
                                               GError            **error);
void              review_anchor_keep_head_holding (sqlite3        *db,
                                                   const char     *vault_id,
                                                   GApplication   *hold);
gboolean          review_anchor_verify_head   (sqlite3            *db,
                                               const char         *own_id,
                                               const char         *vault_id,
                                               gint64              entries,
                                               const char         *hash,
                                               GError            **error);

G_END_DECLS
