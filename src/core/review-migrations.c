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

  /* 4: the annotation data model (issue 4). Everything that may be merged
   * across vaults is identified by a UUID; codes come from the vocabularies
   * (data/vocabularies), never display strings. Family contact data lives in
   * its own table, never exported by default, and its audit rows never hold
   * its content. */
  "CREATE TABLE facilities ("
  "  id             INTEGER PRIMARY KEY,"
  "  uuid           TEXT NOT NULL UNIQUE,"
  "  name_en        TEXT NOT NULL DEFAULT '',"
  "  name_ar        TEXT NOT NULL DEFAULT '',"
  "  aliases        TEXT NOT NULL DEFAULT '[]',"
  "  type           TEXT NOT NULL DEFAULT 'other',"
  "  branch_number  TEXT NOT NULL DEFAULT '',"
  "  agency         TEXT NOT NULL DEFAULT '',"
  "  parent_uuid    TEXT REFERENCES facilities (uuid),"
  "  governorate    TEXT NOT NULL DEFAULT '',"
  "  latitude       REAL,"
  "  longitude      REAL,"
  "  precision      TEXT NOT NULL DEFAULT '',"
  "  sources        TEXT NOT NULL DEFAULT '',"
  "  starter        INTEGER NOT NULL DEFAULT 0 CHECK (starter IN (0, 1)),"
  "  merged_into    TEXT REFERENCES facilities (uuid),"
  "  created        TEXT NOT NULL,"
  "  updated        TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE persons ("
  "  id                     INTEGER PRIMARY KEY,"
  "  uuid                   TEXT NOT NULL UNIQUE,"
  "  name_ar                TEXT NOT NULL DEFAULT '',"
  "  name_latin             TEXT NOT NULL DEFAULT '',"
  "  father_name            TEXT NOT NULL DEFAULT '',"
  "  mother_name            TEXT NOT NULL DEFAULT '',"
  "  sex                    TEXT NOT NULL DEFAULT '',"
  "  age_min                INTEGER,"
  "  age_max                INTEGER,"
  "  arrest_date            TEXT NOT NULL DEFAULT '',"
  "  last_seen              TEXT NOT NULL DEFAULT '',"
  "  death_recorded         TEXT NOT NULL DEFAULT '',"
  "  death_alleged          TEXT NOT NULL DEFAULT '',"
  "  distinctive_marks      TEXT NOT NULL DEFAULT '',"
  "  identification_status  TEXT NOT NULL DEFAULT 'unidentified' CHECK (identification_status IN"
  "                           ('unidentified', 'possible', 'probable', 'confirmed', 'excluded')),"
  "  identification_basis   TEXT NOT NULL DEFAULT '',"
  "  confirmed_by           TEXT NOT NULL DEFAULT '',"
  "  second_confirmed_by    TEXT NOT NULL DEFAULT '',"
  "  facility_uuid          TEXT REFERENCES facilities (uuid),"
  "  merged_into            TEXT REFERENCES persons (uuid),"
  "  created                TEXT NOT NULL,"
  "  updated                TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE photo_persons ("
  "  photo_id     INTEGER NOT NULL REFERENCES photos (id),"
  "  person_uuid  TEXT NOT NULL REFERENCES persons (uuid),"
  "  UNIQUE (photo_id, person_uuid)"
  ") STRICT;"
  "CREATE TABLE identity_numbers ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  person_uuid     TEXT NOT NULL REFERENCES persons (uuid),"
  "  kind            TEXT NOT NULL CHECK (kind IN ('detainee', 'branch', 'forensic', 'hospital')),"
  "  value           TEXT NOT NULL,"
  "  facility_uuid   TEXT REFERENCES facilities (uuid),"
  "  photo_id        INTEGER REFERENCES photos (id),"
  "  region          TEXT NOT NULL DEFAULT '',"
  "  transcribed_by  TEXT NOT NULL DEFAULT '',"
  "  second_reader   TEXT NOT NULL DEFAULT '',"
  "  legibility      TEXT NOT NULL DEFAULT 'clear' CHECK (legibility IN"
  "                    ('clear', 'partial', 'illegible')),"
  "  created         TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX identity_numbers_by_value ON identity_numbers (value);"
  "CREATE TABLE findings ("
  "  id             INTEGER PRIMARY KEY,"
  "  uuid           TEXT NOT NULL UNIQUE,"
  "  photo_id       INTEGER NOT NULL REFERENCES photos (id),"
  "  photo_sha256   TEXT NOT NULL,"
  "  shape          TEXT NOT NULL CHECK (shape IN ('rect', 'ellipse', 'polygon')),"
  "  geometry       TEXT NOT NULL,"
  "  finding_type   TEXT NOT NULL,"
  "  body_region    TEXT NOT NULL DEFAULT '',"
  "  laterality     TEXT NOT NULL DEFAULT '',"
  "  aspect         TEXT NOT NULL DEFAULT '',"
  "  count          INTEGER,"
  "  size           TEXT NOT NULL DEFAULT '',"
  "  appearance     TEXT NOT NULL DEFAULT '',"
  "  timing         TEXT NOT NULL DEFAULT 'unclear',"
  "  method         TEXT NOT NULL DEFAULT '',"
  "  consistency    TEXT NOT NULL DEFAULT '',"
  "  certainty      TEXT NOT NULL DEFAULT '',"
  "  note           TEXT NOT NULL DEFAULT '',"
  "  author         TEXT NOT NULL,"
  "  created        TEXT NOT NULL,"
  "  updated        TEXT NOT NULL,"
  "  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))"
  ") STRICT;"
  "CREATE INDEX findings_by_photo ON findings (photo_id);"
  "CREATE INDEX findings_by_type ON findings (finding_type);"
  "CREATE TABLE notes ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  target_uuid     TEXT NOT NULL,"
  "  lang            TEXT NOT NULL,"
  "  text            TEXT NOT NULL,"
  "  translation_of  TEXT REFERENCES notes (uuid),"
  "  author          TEXT NOT NULL,"
  "  created         TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX notes_by_target ON notes (target_uuid);"
  "CREATE TABLE family_contacts ("
  "  id           INTEGER PRIMARY KEY,"
  "  uuid         TEXT NOT NULL UNIQUE,"
  "  person_uuid  TEXT NOT NULL REFERENCES persons (uuid),"
  "  name         TEXT NOT NULL DEFAULT '',"
  "  relation     TEXT NOT NULL DEFAULT '',"
  "  contact      TEXT NOT NULL DEFAULT '',"
  "  notes        TEXT NOT NULL DEFAULT '',"
  "  created      TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE local_terms ("
  "  vocabulary  TEXT NOT NULL,"
  "  code        TEXT NOT NULL,"
  "  en          TEXT NOT NULL,"
  "  ar          TEXT NOT NULL,"
  "  parent      TEXT NOT NULL DEFAULT '',"
  "  created     TEXT NOT NULL,"
  "  PRIMARY KEY (vocabulary, code)"
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
