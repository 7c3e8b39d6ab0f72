/* review-anchor.h: the audit trail's head, kept outside the vault folder
 *
 * The head (entry count and the last entry's hash) of each vault's audit
 * trail is kept in the keyring, per vault id. A vault whose trail is
 * behind it (truncated, or an older vault.db copied back) is refused until
 * the loss is acknowledged as an audit event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "review-vault.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_ANCHOR_UNAVAILABLE = 0,  /* the keyring could not be asked */
  REVIEW_ANCHOR_NOT_ANCHORED,     /* no kept head on this computer yet */
  REVIEW_ANCHOR_ANCHORED,         /* a kept head, and the vault holds it */
} ReviewAnchorState;

typedef struct
{
  ReviewAnchorState  state;
  gint64             kept_entries;   /* the kept head, when there is one */
  char              *kept_hash;
  gint64             vault_entries;  /* the vault's own head */
  char              *vault_hash;
  gint64             missing_from;   /* 0 unless the vault is behind */
  gint64             missing_to;
  gboolean           replaced;       /* entry kept_entries is there, but different */
} ReviewAnchorCheck;

void              review_anchor_check_clear   (ReviewAnchorCheck  *check);
gboolean          review_anchor_check_behind  (const ReviewAnchorCheck *check);

/* The vault's head read from the database (before migrations too): the
 * highest entry and its hash; 0 and the genesis hash for an empty trail. */
/* Compares the vault's trail in @db with the head kept for @vault_id.
 * Never fails because of the keyring (state UNAVAILABLE then); fails only
 * when the database cannot be read. Blocking; any thread. */
gboolean          review_anchor_check         (sqlite3            *db,
                                               const char         *vault_id,
                                               ReviewAnchorCheck  *check,
                                               GError            **error);
/* REVIEW_ERROR_AUDIT_ROLLED_BACK, naming the missing entries. */
void              review_anchor_set_error     (const ReviewAnchorCheck *check,
                                               GError            **error);

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
/* The same, reading the head through another connection of the vault's
 * (an export's, an import's: never the main one from a worker). */
void              review_anchor_keep_from     (ReviewVault        *vault,
                                               sqlite3            *db);
/* The same, written by a worker thread: never blocks, never fails (a
 * failure is logged at debug level). */
void              review_anchor_keep_in_background (ReviewVault   *vault);
void              review_anchor_keep_holding       (ReviewVault   *vault,
                                                    GApplication  *hold);

G_END_DECLS
