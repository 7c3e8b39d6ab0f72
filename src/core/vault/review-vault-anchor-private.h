/* review-vault-anchor-private.h: what review-vault-anchor.h keeps from the
 * layers above the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-vault-anchor.h"

G_BEGIN_DECLS

/* The same, reading the head through another connection of the vault's
 * (an export's, an import's: never the main one from a worker). */
void              review_anchor_keep_from     (ReviewVault        *vault,
                                               sqlite3            *db);

G_END_DECLS
