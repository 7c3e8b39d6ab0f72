/* review-audit.h: the append-only, hash-chained audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_AUDIT_GENESIS_HASH \
  "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64  n_entries;
  gint64  first_bad_seq;   /* 0 when the chain verifies */
  char   *last_hash;       /* hash of the last entry, or the genesis hash */
  char   *problem;         /* translated description of the first break */
} ReviewAuditReport;

void      review_audit_report_clear  (ReviewAuditReport *report);

typedef gboolean (*ReviewAuditFunc) (gint64      seq,
                                     const char *time,
                                     const char *actor,
                                     const char *action,
                                     const char *target,
                                     const char *details,
                                     gpointer    user_data);
typedef gboolean (*ReviewAuditHashFunc) (gint64      seq,
                                         const char *time,
                                         const char *actor,
                                         const char *action,
                                         const char *target,
                                         const char *details,
                                         const char *hash,
                                         gpointer    user_data);
char     *review_audit_compute_hash  (gint64        seq,
                                      const char   *time,
                                      const char   *actor,
                                      const char   *action,
                                      const char   *target,
                                      const char   *details,
                                      const char   *prev_hash);

G_END_DECLS
