/* review-db-private.h: small helpers over an open SQLCipher connection
 *
 * For the core's own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "review-db-guard.h"

G_BEGIN_DECLS

gboolean review_db_exec        (sqlite3     *db,
                                const char  *sql,
                                GError     **error);
gboolean review_db_query_int   (sqlite3     *db,
                                const char  *sql,
                                gint64      *out,
                                GError     **error);
char    *review_db_query_text  (sqlite3     *db,
                                const char  *sql,
                                GError     **error);
gboolean review_db_prepare     (sqlite3     *db,
                                const char  *sql,
                                sqlite3_stmt **stmt,
                                GError     **error);
void     review_db_set_error   (GError     **error,
                                sqlite3     *db,
                                int          rc);
gboolean review_db_table_exists (sqlite3    *db,
                                 const char *name);
char    *review_db_now_iso8601 (void);
char    *review_db_like_contains (const char *text);
gboolean review_db_register_functions (sqlite3  *db,
                                       GError  **error);
void     review_db_watch       (sqlite3     *db);
gboolean review_db_step_done   (sqlite3     *db,
                                int          rc,
                                GError     **error);
char    *review_db_meta_get    (sqlite3     *db,
                                const char  *key,
                                GError     **error);
gboolean review_db_meta_set    (sqlite3     *db,
                                const char  *key,
                                const char  *value,
                                GError     **error);

/* A write transaction: begun, then committed; freed uncommitted, it is
 * rolled back. */
typedef struct _ReviewDbTransaction ReviewDbTransaction;

ReviewDbTransaction *review_db_transaction_begin        (sqlite3              *db,
                                                         GError              **error);
ReviewDbTransaction *review_db_transaction_begin_read   (sqlite3              *db,
                                                         GError              **error);
ReviewDbTransaction *review_db_transaction_begin_nested (sqlite3              *db,
                                                         const char           *savepoint,
                                                         GError              **error);
gboolean             review_db_transaction_commit       (ReviewDbTransaction  *tx,
                                                         GError              **error);
void                 review_db_transaction_free         (ReviewDbTransaction  *tx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewDbTransaction, review_db_transaction_free)

G_END_DECLS
