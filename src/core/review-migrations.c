/* review-migrations.c
 *
 * PRAGMA user_version is the schema version. Migrations only go forward,
 * each in one transaction that also sets the new version, so a vault is
 * always at exactly one known version. Never edit a released migration:
 * add a new one. tests/test-migrations.c opens a vault at every earlier
 * version and checks that it reaches the latest one intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-db.h"
#include "review-error.h"
#include "review-migrations.h"

static const char * const migrations[] = {
  /* 1: vault metadata and the append-only audit trail */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE audit ("
  "  seq       INTEGER PRIMARY KEY,"
  "  time      TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  target    TEXT NOT NULL DEFAULT '',"
  "  details   TEXT NOT NULL DEFAULT '',"
  "  prev_hash TEXT NOT NULL,"
  "  hash      TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",

  /* 2: the local user profile */
  "CREATE TABLE profile ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  display_name TEXT NOT NULL,"
  "  role         TEXT NOT NULL CHECK (role IN ('reviewer', 'translator', 'supervisor')),"
  "  is_local     INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),"
  "  created      TEXT NOT NULL"
  ") STRICT;"
  "CREATE UNIQUE INDEX profile_one_local ON profile (is_local) WHERE is_local = 1;",

  /* 3: imported originals, where they were found, and their thumbnails.
   * Thumbnails have their own table: paging over photos then never decrypts
   * thumbnail pages. */
  "CREATE TABLE import_batches ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  actor      TEXT NOT NULL,"
  "  started    TEXT NOT NULL,"
  "  finished   TEXT,"
  "  imported   INTEGER NOT NULL DEFAULT 0,"
  "  duplicates INTEGER NOT NULL DEFAULT 0,"
  "  rejected   INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE photos ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
  "  size        INTEGER NOT NULL,"
  "  format      TEXT NOT NULL,"
  "  width       INTEGER NOT NULL,"
  "  height      INTEGER NOT NULL,"
  "  orientation INTEGER NOT NULL DEFAULT 1,"
  "  captured    TEXT NOT NULL DEFAULT '',"
  "  camera      TEXT NOT NULL DEFAULT '',"
  "  file_name   TEXT NOT NULL,"
  "  batch_id    INTEGER NOT NULL REFERENCES import_batches (id),"
  "  imported    TEXT NOT NULL,"
  "  status      TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN"
  "                ('unreviewed', 'in-progress', 'done', 'second-review', 'verified'))"
  ") STRICT;"
  "CREATE INDEX photos_by_captured ON photos (captured, id);"
  "CREATE INDEX photos_by_file_name ON photos (file_name, id);"
  "CREATE INDEX photos_by_status ON photos (status, id);"
  "CREATE TABLE photo_paths ("
  "  photo_id INTEGER NOT NULL REFERENCES photos (id),"
  "  path     TEXT NOT NULL,"
  "  batch_id INTEGER NOT NULL REFERENCES import_batches (id),"
  "  UNIQUE (photo_id, path)"
  ") STRICT;"
  "CREATE TABLE thumbnails ("
  "  photo_id INTEGER PRIMARY KEY REFERENCES photos (id),"
  "  width    INTEGER NOT NULL,"
  "  height   INTEGER NOT NULL,"
  "  jpeg     BLOB NOT NULL"
  ") STRICT;",
};

int
review_migrations_latest_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

/**
 * review_migrations_run:
 * @target_version: the version to reach; -1 for the latest. (Tests use
 *   earlier targets to build vaults as older versions of Review left them.)
 */
gboolean
review_migrations_run (sqlite3  *db,
                       int       target_version,
                       GError  **error)
{
  gint64 current = 0;
  int latest = review_migrations_latest_version ();

  if (target_version < 0)
    target_version = latest;
  g_return_val_if_fail (target_version <= latest, FALSE);

  if (!review_db_query_int (db, "PRAGMA user_version", &current, error))
    return FALSE;

  if (current > latest)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_SCHEMA_TOO_NEW,
                   _("This vault was last used by a newer version of Review (schema %d; this "
                     "version knows up to %d). Update Review to open it."),
                   (int) current, latest);
      return FALSE;
    }

  for (int v = (int) current + 1; v <= target_version; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);
      g_autoptr(GError) local_error = NULL;

      if (!review_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!review_db_exec (db, migrations[v - 1], &local_error) ||
          !review_db_exec (db, set_version, &local_error) ||
          !review_db_exec (db, "COMMIT", &local_error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("Could not update the vault to schema version %d: %s"),
                       v, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
