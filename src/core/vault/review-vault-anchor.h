/* review-vault-anchor.h: keeping an open vault's audit head
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-anchor.h"
#include "review-vault.h"

G_BEGIN_DECLS

/* The vault holds the trail a signed checkpoint names: the same vault id,
 * and its entry @entries has exactly @hash (the trail may be longer). Else
 * REVIEW_ERROR_AUDIT_ROLLED_BACK naming the problem. */
gboolean          review_anchor_verify_checkpoint (ReviewVault    *vault,
                                                   const char     *vault_id,
                                                   gint64          entries,
                                                   const char     *hash,
                                                   GError        **error);

/* Keeps the vault's current head in the keyring. A request made after
 * another is never overwritten by it. Blocking; any thread. */
gboolean          review_anchor_keep          (ReviewVault        *vault,
                                               GError            **error);

/* The same, a failure logged at debug level (reports, exports). */
void              review_anchor_keep_quietly  (ReviewVault        *vault);

/* The same, written by a worker thread: never blocks, never fails (a
 * failure is logged at debug level). */
void              review_anchor_keep_in_background (ReviewVault   *vault);
void              review_anchor_keep_holding       (ReviewVault   *vault,
                                                    GApplication  *hold);

G_END_DECLS
