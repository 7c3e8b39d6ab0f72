/* review-audit.c
 *
 * Every event is a row holding the previous row's hash and its own SHA-256
 * over a canonical encoding of its fields, so an altered, removed or
 * reordered row breaks the chain at a named place. Triggers make the table
 * append-only for ordinary SQL. A local chain cannot stop someone holding the
 * key from rewriting all of it; the checkpoints in signed reports (a later
 * issue) pin it from outside.
 *
 * Canonical encoding (version 1), hashed with SHA-256 and stored as hex:
 *   "review-audit-v1\n" then, for each of seq (decimal), time, actor, action,
 *   target, details and prev_hash: its byte length in decimal, ':', the
 *   bytes, '\n'. A missing target or details is the empty string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <openssl/evp.h>

#include "review-audit-private.h"
#include "review-db-private.h"
#include "review-error.h"

static void
add_field (GString    *buf,
           const char *value)
{
  if (value == NULL)
    value = "";
  g_string_append_printf (buf, "%" G_GSIZE_FORMAT ":", strlen (value));
  g_string_append (buf, value);
  g_string_append_c (buf, '\n');
}

char *
review_audit_compute_hash (gint64      seq,
                           const char *time,
                           const char *actor,
                           const char *action,
                           const char *target,
                           const char *details,
                           const char *prev_hash)
{
  g_autoptr(GString) buf = g_string_new ("review-audit-v1\n");
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *hex;

  add_field (buf, seq_text);
  add_field (buf, time);
  add_field (buf, actor);
  add_field (buf, action);
  add_field (buf, target);
  add_field (buf, details);
  add_field (buf, prev_hash);

  if (EVP_Digest (buf->str, buf->len, digest, &len, EVP_sha256 (), NULL) != 1)
    g_error ("SHA-256 failed");

  hex = g_string_sized_new (len * 2);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

/* The last entry's number and hash: 0 and the genesis hash when there is
 * none. */
static gboolean
read_last (sqlite3  *db,
           gint64   *seq,
           char    **hash,
           GError  **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  int rc;

  if (!review_db_prepare (db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &last,
                          error))
    return FALSE;
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (last, 0);
      *hash = g_strdup ((const char *) sqlite3_column_text (last, 1));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *seq = 0;
      *hash = g_strdup (REVIEW_AUDIT_GENESIS_HASH);
      return TRUE;
    }
  review_db_set_error (error, db, rc);
  return FALSE;
}

/**
 * review_audit_head:
 *
 * The trail's head: its number of entries and the last one's hash (the
 * genesis hash for an empty trail, or a database that has none yet).
 */
gboolean
review_audit_head (sqlite3  *db,
                   gint64   *n_entries,
                   char    **hash,
                   GError  **error)
{
  *n_entries = 0;
  *hash = NULL;
  if (!review_db_table_exists (db, "audit"))
    {
      *hash = g_strdup (REVIEW_AUDIT_GENESIS_HASH);
      return TRUE;
    }
  return read_last (db, n_entries, hash, error);
}

/**
 * review_audit_entry_hash:
 *
 * Entry @seq's hash, or %NULL (without an error) when there is none.
 */
char *
review_audit_entry_hash (sqlite3  *db,
                         gint64    seq,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_table_exists (db, "audit"))
    return NULL;
  if (!review_db_prepare (db, "SELECT hash FROM audit WHERE seq = ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    review_db_set_error (error, db, rc);
  return NULL;
}

/**
 * review_audit_append:
 * @details_json: (nullable): a JSON object with the event's details. It must
 *   never hold the content of a restricted field, only the fact of a change.
 *
 * Appends one event in its own IMMEDIATE transaction (or inside the caller's
 * transaction when one is open), so concurrent writers cannot fork the chain.
 */
gboolean
review_audit_append (sqlite3     *db,
                     const char  *actor,
                     const char  *action,
                     const char  *target,
                     const char  *details_json,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *time = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(ReviewDbTransaction) tx = NULL;
  gboolean own_tx = sqlite3_get_autocommit (db) != 0;
  gint64 seq = 0;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  if (own_tx)
    {
      tx = review_db_transaction_begin (db, error);
      if (tx == NULL)
        return FALSE;
    }

  if (!read_last (db, &seq, &prev_hash, error))
    goto fail;
  seq++;

  time = review_db_now_iso8601 ();
  hash = review_audit_compute_hash (seq, time, actor, action, target, details_json, prev_hash);

  if (!review_db_prepare (db,
                          "INSERT INTO audit (seq, time, actor, action, target, details, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          &insert, error))
    goto fail;
  sqlite3_bind_int64 (insert, 1, seq);
  sqlite3_bind_text (insert, 2, time, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, target ? target : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 6, details_json ? details_json : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 7, prev_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 8, hash, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      goto fail;
    }

  if (own_tx && !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

void
review_audit_report_clear (ReviewAuditReport *report)
{
  g_clear_pointer (&report->last_hash, g_free);
  g_clear_pointer (&report->problem, g_free);
  report->n_entries = 0;
  report->first_bad_seq = 0;
}

/**
 * review_audit_verify:
 *
 * Recomputes the whole chain. Returns %FALSE with @error only when the
 * audit table cannot be read; a broken chain returns %TRUE with
 * @report->first_bad_seq set to the first row that does not verify.
 */
gboolean
review_audit_verify (sqlite3            *db,
                     ReviewAuditReport  *report,
                     GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *expected_prev = g_strdup (REVIEW_AUDIT_GENESIS_HASH);
  gint64 expected_seq = 1;
  int rc;

  g_return_val_if_fail (report != NULL, FALSE);
  memset (report, 0, sizeof *report);

  if (!review_db_prepare (db,
                          "SELECT seq, time, actor, action, target, details, prev_hash, hash "
                          "FROM audit ORDER BY seq", &stmt, error))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *prev = (const char *) sqlite3_column_text (stmt, 6);
      const char *stored = (const char *) sqlite3_column_text (stmt, 7);
      g_autofree char *computed = NULL;

      report->n_entries++;
      if (report->first_bad_seq != 0)
        continue;

      if (seq != expected_seq)
        {
          report->first_bad_seq = seq;
          report->problem = g_strdup_printf (_("Entry %lld follows entry %lld: entries are missing."),
                                             (long long) seq, (long long) expected_seq - 1);
          continue;
        }
      if (g_strcmp0 (prev, expected_prev) != 0)
        {
          report->first_bad_seq = seq;
          report->problem = g_strdup_printf (_("Entry %lld does not link to the "
                                               "entry before it."), (long long) seq);
          continue;
        }
      computed = review_audit_compute_hash (seq,
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            (const char *) sqlite3_column_text (stmt, 3),
                                            (const char *) sqlite3_column_text (stmt, 4),
                                            (const char *) sqlite3_column_text (stmt, 5),
                                            prev);
      if (g_strcmp0 (computed, stored) != 0)
        {
          report->first_bad_seq = seq;
          report->problem = g_strdup_printf (_("Entry %lld was altered after it "
                                               "was written."), (long long) seq);
          continue;
        }
      g_free (expected_prev);
      expected_prev = g_strdup (stored);
      expected_seq = seq + 1;
    }

  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  report->last_hash = g_steal_pointer (&expected_prev);
  return TRUE;
}

/**
 * review_audit_foreach:
 * @action: (nullable): only events of this action
 *
 * Calls @func for each event in order; stops when it returns %FALSE.
 */
static gboolean
audit_foreach (sqlite3              *db,
               const char           *action,
               ReviewAuditFunc       func,
               ReviewAuditHashFunc   hash_func,
               gpointer              user_data,
               GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db,
                          action ? "SELECT seq, time, actor, action, target, details, hash"
                                   " FROM audit WHERE action = ? ORDER BY seq"
                                 : "SELECT seq, time, actor, action, target, details, hash"
                                   " FROM audit ORDER BY seq", &stmt, error))
    return FALSE;
  if (action)
    sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *time = (const char *) sqlite3_column_text (stmt, 1);
      const char *actor = (const char *) sqlite3_column_text (stmt, 2);
      const char *act = (const char *) sqlite3_column_text (stmt, 3);
      const char *target = (const char *) sqlite3_column_text (stmt, 4);
      const char *details = (const char *) sqlite3_column_text (stmt, 5);
      const char *hash = (const char *) sqlite3_column_text (stmt, 6);
      gboolean go_on = func != NULL
                       ? func (seq, time, actor, act, target, details, user_data)
                       : hash_func (seq, time, actor, act, target, details, hash, user_data);
      if (!go_on)
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
review_audit_foreach (sqlite3          *db,
                      const char       *action,
                      ReviewAuditFunc   func,
                      gpointer          user_data,
                      GError          **error)
{
  return audit_foreach (db, action, func, NULL, user_data, error);
}

/**
 * review_audit_foreach_with_hash:
 *
 * As review_audit_foreach(), with each entry's own hash.
 */
gboolean
review_audit_foreach_with_hash (sqlite3              *db,
                                const char           *action,
                                ReviewAuditHashFunc   func,
                                gpointer              user_data,
                                GError              **error)
{
  return audit_foreach (db, action, NULL, func, user_data, error);
}
