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

/* REVIEW_ERROR_AUDIT_ROLLED_BACK, naming the missing entries. */
void              review_anchor_set_error     (const ReviewAnchorCheck *check,
                                               GError            **error);

G_END_DECLS
