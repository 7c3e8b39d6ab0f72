/* review-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-text.h"

/* Turns an SQLite result code into Review's own, translated error. The
 * library's English message goes in parentheses for support, never alone. */
void
review_db_set_error (GError  **error,
                     sqlite3  *db,
                     int       rc)
{
  int primary = rc & 0xff;
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* A full disk can also stop SQLite where it reports a plain I/O error
   * (growing the WAL index, a temporary file): say what it is. */
  if (primary == SQLITE_IOERR && db != NULL &&
      (sqlite3_system_errno (db) == ENOSPC || sqlite3_system_errno (db) == EDQUOT))
    primary = SQLITE_FULL;

  switch (primary)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The vault file is damaged (%s)."), detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("The disk is full; nothing was changed (%s)."), detail);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("The vault file could not be read or written (%s)."), detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("The vault is busy in another program; try again (%s)."), detail);
      break;
    default:
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                   _("The vault reported an error (%s)."), detail);
      break;
    }
}

gboolean
review_db_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
review_db_prepare (sqlite3       *db,
                   const char    *sql,
                   sqlite3_stmt **stmt,
                   GError       **error)
{
  int rc = sqlite3_prepare_v2 (db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
review_db_query_int (sqlite3     *db,
                     const char  *sql,
                     gint64      *out,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, sql, &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *out = 0;
      return TRUE;
    }
  review_db_set_error (error, db, rc);
  return FALSE;
}

char *
review_db_query_text (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, sql, &stmt, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    return g_strdup ("");
  review_db_set_error (error, db, rc);
  return NULL;
}

/* The end of stepping a statement: TRUE when @rc (sqlite3_step()'s last
 * result) is SQLITE_DONE, else FALSE with @error set. */
gboolean
review_db_step_done (sqlite3  *db,
                     int       rc,
                     GError  **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  review_db_set_error (error, db, rc);
  return FALSE;
}

/* --- the meta table: the vault's own keys and values ------------------- */

/* Returns NULL with no error when the value is absent (or there is no meta
 * table yet). */
char *
review_db_meta_get (sqlite3     *db,
                    const char  *key,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_table_exists (db, "meta"))
    return NULL;
  if (!review_db_prepare (db, "SELECT value FROM meta WHERE key = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  review_db_step_done (db, rc, error);
  return NULL;
}

/* @value NULL deletes the key. */
gboolean
review_db_meta_set (sqlite3     *db,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!review_db_prepare (db, value != NULL
                              ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
                              : "DELETE FROM meta WHERE key = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return review_db_step_done (db, sqlite3_step (stmt), error);
}

/* --- transactions -------------------------------------------------------
 *
 * Every write transaction of Review's is begun here, immediate (it takes
 * the write lock at once, so two writers never both read and then fail to
 * write), and ended here: committed, or rolled back when it is freed
 * uncommitted, on every way out of the function that began it. */

struct _ReviewDbTransaction
{
  sqlite3  *db;
  char     *savepoint;  /* NULL: a transaction of its own */
  gboolean  committed;
};

static ReviewDbTransaction *
transaction_new (sqlite3     *db,
                 const char  *sql,
                 const char  *savepoint,
                 GError     **error)
{
  ReviewDbTransaction *tx;

  if (!review_db_exec (db, sql, error))
    return NULL;
  tx = g_new0 (ReviewDbTransaction, 1);
  tx->db = db;
  tx->savepoint = g_strdup (savepoint);
  return tx;
}

/**
 * review_db_transaction_begin:
 *
 * Begins an immediate transaction on @db; none may be open.
 *
 * Returns: (transfer full): the transaction, or %NULL with @error set.
 */
ReviewDbTransaction *
review_db_transaction_begin (sqlite3  *db,
                             GError  **error)
{
  return transaction_new (db, "BEGIN IMMEDIATE", NULL, error);
}

/**
 * review_db_transaction_begin_read:
 *
 * Begins a deferred transaction: the reads that follow see one state of
 * the vault. Committed or rolled back, it changes nothing.
 */
ReviewDbTransaction *
review_db_transaction_begin_read (sqlite3  *db,
                                  GError  **error)
{
  return transaction_new (db, "BEGIN", NULL, error);
}

/**
 * review_db_transaction_begin_nested:
 * @savepoint: an SQL name for the savepoint
 *
 * review_db_transaction_begin() when no transaction is open on @db; else
 * the savepoint @savepoint inside the open one, which committing releases
 * and freeing uncommitted rolls back to (the open transaction goes on).
 */
ReviewDbTransaction *
review_db_transaction_begin_nested (sqlite3     *db,
                                    const char  *savepoint,
                                    GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (savepoint != NULL, NULL);

  if (sqlite3_get_autocommit (db) != 0)
    return review_db_transaction_begin (db, error);
  sql = g_strdup_printf ("SAVEPOINT %s", savepoint);
  return transaction_new (db, sql, savepoint, error);
}

/* Commits @tx. When it fails, @tx is still to be freed, which rolls it back. */
gboolean
review_db_transaction_commit (ReviewDbTransaction  *tx,
                              GError              **error)
{
  g_autofree char *release = NULL;

  g_return_val_if_fail (tx != NULL && !tx->committed, FALSE);

  if (tx->savepoint != NULL)
    release = g_strdup_printf ("RELEASE %s", tx->savepoint);
  if (!review_db_exec (tx->db, release != NULL ? release : "COMMIT", error))
    return FALSE;
  tx->committed = TRUE;
  return TRUE;
}

/* Rolls @tx back unless it was committed, and frees it. */
void
review_db_transaction_free (ReviewDbTransaction *tx)
{
  if (tx == NULL)
    return;
  if (!tx->committed)
    {
      g_autofree char *rollback = NULL;

      if (tx->savepoint != NULL)
        rollback = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", tx->savepoint,
                                    tx->savepoint);
      sqlite3_exec (tx->db, rollback != NULL ? rollback : "ROLLBACK", NULL, NULL, NULL);
    }
  g_free (tx->savepoint);
  g_free (tx);
}

gboolean
review_db_table_exists (sqlite3    *db,
                        const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* UTC, microseconds, always the same width: sorts as text. */
char *
review_db_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  text = (const char *) sqlite3_value_text (argv[0]);
  if (text == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  sqlite3_result_text (context, review_text_fold (text), -1, g_free);
}

static void
escape_function (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  const char *bytes;
  int len;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  /* The bytes as stored (a BLOB, or TEXT that may hold invalid UTF-8). */
  bytes = (const char *) sqlite3_value_blob (argv[0]);
  len = sqlite3_value_bytes (argv[0]);
  if (bytes == NULL && len > 0)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  sqlite3_result_text (context, review_text_escape (bytes ? bytes : "", len), -1, g_free);
}

#ifdef REVIEW_TEST_HOOKS
/* The main-thread guard (test builds only). The main thread never waits on
 * the database: every statement runs in the store service's worker, an
 * import's or an export's. A statement that slips onto the main thread of a
 * running application would pass unnoticed (with WAL, readers never wait
 * for a writer), so test builds abort instead: the authorizer runs while a
 * statement is prepared, the trace callback when it starts to step. */
static gint main_thread_guard;

static void
check_thread (const char *what,
              const char *sql)
{
  if (g_atomic_int_get (&main_thread_guard) &&
      g_main_context_is_owner (g_main_context_default ()))
    g_error ("The database was %s on the main thread: %s", what, sql ? sql : "");
}

static int
guard_authorizer (void       *data,
                  int         action,
                  const char *arg1,
                  const char *arg2,
                  const char *db_name,
                  const char *trigger)
{
  (void) data; (void) action; (void) arg2; (void) db_name; (void) trigger;
  /* A SELECT's first call names nothing; the tables read come next. */
  check_thread ("prepared", arg1 != NULL ? arg1 : "(a statement)");
  return SQLITE_OK;
}

static int
guard_trace (unsigned  type,
             void     *data,
             void     *p,
             void     *x)
{
  (void) data; (void) x;
  if (type == SQLITE_TRACE_STMT)
    check_thread ("stepped", sqlite3_sql (p));
  return 0;
}
#endif

/**
 * review_db_set_main_thread_guard:
 * @on: whether statements on the main thread abort
 *
 * Test builds only (elsewhere it does nothing): from now on, preparing or
 * stepping a statement on any connection opened through review_db_watch(),
 * in the thread that owns the default main context, aborts the process.
 * The application turns it on at startup in builds with test hooks, so that
 * every window test proves the main thread never waits on the database.
 */
void
review_db_set_main_thread_guard (gboolean on)
{
#ifdef REVIEW_TEST_HOOKS
  g_atomic_int_set (&main_thread_guard, on ? 1 : 0);
#else
  (void) on;
#endif
}

/**
 * review_db_guard_probe:
 *
 * Runs one statement on a watched in-memory connection, in the calling
 * thread: with the guard on, on the main thread, it aborts. Tests use it to
 * prove that the running application has the guard on.
 */
void
review_db_guard_probe (void)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
      SQLITE_OK)
    {
      review_db_watch (db);
      sqlite3_exec (db, "SELECT 1", NULL, NULL, NULL);
    }
  sqlite3_close (db);
  g_message ("The main-thread guard let a statement through.");
}

/**
 * review_db_watch:
 * @db: a connection just opened
 *
 * Every connection to a vault passes here once, before its first
 * statement: in test builds it gets the main-thread guard.
 */
void
review_db_watch (sqlite3 *db)
{
#ifdef REVIEW_TEST_HOOKS
  sqlite3_set_authorizer (db, guard_authorizer, NULL);
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, guard_trace, NULL);
#else
  (void) db;
#endif
}

/**
 * review_db_register_functions:
 *
 * The SQL functions the vault's schema uses, on one connection: every
 * connection to a vault needs them before it runs a migration or writes to
 * a table whose triggers call them (see migration 5). review_fold(text) is
 * review_text_fold(): deterministic, and innocuous (no side effects), so
 * triggers may use it even with PRAGMA trusted_schema off.
 * review_escape(bytes) is review_text_escape() of a BLOB's or a TEXT's
 * bytes (migration 6 makes the display form of file names with it).
 */
gboolean
review_db_register_functions (sqlite3  *db,
                              GError  **error)
{
  int rc = sqlite3_create_function_v2 (db, "review_fold", 1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                       NULL, fold_function, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db, "review_escape", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, escape_function, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * review_db_like_contains:
 *
 * A LIKE pattern (with ESCAPE '\\') matching @text anywhere, its own % and _
 * taken literally.
 */
char *
review_db_like_contains (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}
