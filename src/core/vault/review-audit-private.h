/* review-audit-private.h: what review-audit.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-audit.h"

G_BEGIN_DECLS

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

gboolean  review_audit_foreach       (sqlite3      *db,
                                      const char   *action,
                                      ReviewAuditFunc func,
                                      gpointer      user_data,
                                      GError      **error);

gboolean  review_audit_foreach_with_hash (sqlite3            *db,
                                          const char         *action,
                                          ReviewAuditHashFunc func,
                                          gpointer            user_data,
                                          GError            **error);

G_END_DECLS
