/* review-audit.h: the append-only, hash-chained audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

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

gboolean  review_audit_append        (sqlite3      *db,
                                      const char   *actor,
                                      const char   *action,
                                      const char   *target,
                                      const char   *details_json,
                                      GError      **error);
gboolean  review_audit_head          (sqlite3      *db,
                                      gint64       *n_entries,
                                      char        **hash,
                                      GError      **error);
char     *review_audit_entry_hash    (sqlite3      *db,
                                      gint64        seq,
                                      GError      **error);
gboolean  review_audit_verify        (sqlite3      *db,
                                      ReviewAuditReport *report,
                                      GError      **error);
void      review_audit_report_clear  (ReviewAuditReport *report);

typedef gboolean (*ReviewAuditFunc) (gint64      seq,
                                     const char *time,
                                     const char *actor,
                                     const char *action,
                                     const char *target,
                                     const char *details,
                                     gpointer    user_data);
gboolean  review_audit_foreach       (sqlite3      *db,
                                      const char   *action,
                                      ReviewAuditFunc func,
                                      gpointer      user_data,
                                      GError      **error);
typedef gboolean (*ReviewAuditHashFunc) (gint64      seq,
                                         const char *time,
                                         const char *actor,
                                         const char *action,
                                         const char *target,
                                         const char *details,
                                         const char *hash,
                                         gpointer    user_data);
gboolean  review_audit_foreach_with_hash (sqlite3            *db,
                                          const char         *action,
                                          ReviewAuditHashFunc func,
                                          gpointer            user_data,
                                          GError            **error);
char     *review_audit_compute_hash  (gint64        seq,
                                      const char   *time,
                                      const char   *actor,
                                      const char   *action,
                                      const char   *target,
                                      const char   *details,
                                      const char   *prev_hash);

G_END_DECLS
