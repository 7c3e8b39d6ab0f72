/* review-vault-private.h: what review-vault.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-vault.h"

G_BEGIN_DECLS

/* A check run on the opened database before anything is written. */
typedef gboolean (*ReviewVaultCheckFunc) (sqlite3     *db,
                                          const char  *vault_id,
                                          gpointer     user_data,
                                          GError     **error);

ReviewVault   *review_vault_open_checked     (const char   *dir,
                                              const ReviewKey *key,
                                              ReviewVaultCheckFunc check,
                                              gpointer      check_data,
                                              GError      **error);

sqlite3       *review_vault_get_db           (ReviewVault  *self);

sqlite3       *review_vault_open_connection  (ReviewVault  *self,
                                              GError      **error);

G_END_DECLS
