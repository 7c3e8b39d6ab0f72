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

#include "review-db-private.h"
#include "review-error.h"
#include "review-migrations-private.h"

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

  /* 5: full-text search (issue 5). search_text holds one row per photo,
   * its rowid the photo's id, its body the folded text (review-text.c) of
   * the photo's file name, the names of the persons linked to it and of the
   * persons merged into those, and the notes (translations included) on the
   * photo and on those persons. search_source says what that text is, in
   * one place; the index is filled from it here and kept equal to it by
   * triggers.
   *
   * Why triggers calling review_fold(), and not reindex calls from the
   * store's functions: the index then changes in the same transaction as
   * the data, whichever code path, connection or future feature writes it
   * (the importer's own connection, merges, the annotation workspace), and
   * cannot be forgotten. The price is that every connection that writes
   * those tables needs review_fold(): review_db_register_functions() runs
   * on every vault connection and before every migration, and a connection
   * without it (the sqlcipher shell) fails loudly on such a write instead
   * of leaving the index stale. Reading, and writing other tables (the
   * audit trail), work without it.
   *
   * FTS5's own secure-delete option is left off: it made every edit 20 to
   * 60 ms slower (bench/search-latency.c). Text that an edit replaced can
   * therefore stay inside the (encrypted) index until FTS5 merges its
   * segments; "INSERT INTO search_text (search_text) VALUES ('optimize')"
   * purges it at once. Prefix indexes of 1 to 3 characters keep the first
   * letters typed fast. */
  "CREATE INDEX photo_persons_by_person ON photo_persons (person_uuid);"
  "CREATE INDEX persons_by_merged_into ON persons (merged_into);"
  "CREATE VIEW search_source (photo_id, body) AS"
  "  SELECT p.id, review_fold (p.file_name"
  "    || ' ' || coalesce ((SELECT group_concat (pe.name_ar || ' ' || pe.name_latin || ' ' ||"
  "                                              pe.father_name || ' ' || pe.mother_name, ' ')"
  "                         FROM photo_persons pp JOIN persons pe"
  "                           ON pe.uuid = pp.person_uuid OR pe.merged_into = pp.person_uuid"
  "                         WHERE pp.photo_id = p.id), '')"
  "    || ' ' || coalesce ((SELECT group_concat (no.text, ' ') FROM notes no"
  "                         WHERE no.target_uuid = p.uuid), '')"
  "    || ' ' || coalesce ((SELECT group_concat (no.text, ' ')"
  "                         FROM photo_persons pp JOIN persons pe"
  "                           ON pe.uuid = pp.person_uuid OR pe.merged_into = pp.person_uuid"
  "                         JOIN notes no ON no.target_uuid = pe.uuid"
  "                         WHERE pp.photo_id = p.id), ''))"
  "  FROM photos p;"
  "CREATE VIRTUAL TABLE search_text USING fts5 ("
  "  body,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3'"
  ");"
  "INSERT INTO search_text (rowid, body) SELECT photo_id, body FROM search_source;"
  /* The photos whose text a change touches, then their rows made again. */
#define SEARCH_V5_REINDEX(ids) \
  "  DELETE FROM search_text WHERE rowid IN (" ids ");" \
  "  INSERT INTO search_text (rowid, body) SELECT photo_id, body FROM search_source" \
  "    WHERE photo_id IN (" ids ");"
  /* A person's own photos, and those of the person they were merged into. */
#define SEARCH_V5_PERSON_PHOTOS(uuid) \
  "SELECT photo_id FROM photo_persons WHERE person_uuid IN (" uuid "," \
  " (SELECT merged_into FROM persons WHERE uuid = " uuid "))"
  /* The photos a note's text belongs to: its photo, or its person's. */
#define SEARCH_V5_NOTE_PHOTOS(target) \
  "SELECT id FROM photos WHERE uuid = " target " UNION " SEARCH_V5_PERSON_PHOTOS (target)
  "CREATE TRIGGER search_photo_inserted AFTER INSERT ON photos BEGIN"
  "  INSERT INTO search_text (rowid, body) SELECT photo_id, body FROM search_source"
  "    WHERE photo_id = NEW.id;"
  "END;"
  "CREATE TRIGGER search_photo_changed AFTER UPDATE OF id, uuid, file_name ON photos BEGIN"
  "  DELETE FROM search_text WHERE rowid = OLD.id;"
  SEARCH_V5_REINDEX ("NEW.id")
  "END;"
  "CREATE TRIGGER search_photo_deleted AFTER DELETE ON photos BEGIN"
  "  DELETE FROM search_text WHERE rowid = OLD.id;"
  "END;"
  "CREATE TRIGGER search_link_inserted AFTER INSERT ON photo_persons BEGIN"
  SEARCH_V5_REINDEX ("NEW.photo_id")
  "END;"
  "CREATE TRIGGER search_link_changed AFTER UPDATE ON photo_persons BEGIN"
  SEARCH_V5_REINDEX ("OLD.photo_id, NEW.photo_id")
  "END;"
  "CREATE TRIGGER search_link_deleted AFTER DELETE ON photo_persons BEGIN"
  SEARCH_V5_REINDEX ("OLD.photo_id")
  "END;"
  "CREATE TRIGGER search_person_changed"
  "  AFTER UPDATE OF name_ar, name_latin, father_name, mother_name, merged_into ON persons"
  "  WHEN OLD.name_ar IS NOT NEW.name_ar OR OLD.name_latin IS NOT NEW.name_latin"
  "    OR OLD.father_name IS NOT NEW.father_name OR OLD.mother_name IS NOT NEW.mother_name"
  "    OR OLD.merged_into IS NOT NEW.merged_into"
  "  BEGIN"
  SEARCH_V5_REINDEX (SEARCH_V5_PERSON_PHOTOS ("NEW.uuid")
                     " UNION SELECT photo_id FROM photo_persons"
                     " WHERE person_uuid = OLD.merged_into")
  "END;"
  "CREATE TRIGGER search_person_deleted AFTER DELETE ON persons BEGIN"
  SEARCH_V5_REINDEX ("SELECT photo_id FROM photo_persons"
                     " WHERE person_uuid IN (OLD.uuid, OLD.merged_into)")
  "END;"
  "CREATE TRIGGER search_note_inserted AFTER INSERT ON notes BEGIN"
  SEARCH_V5_REINDEX (SEARCH_V5_NOTE_PHOTOS ("NEW.target_uuid"))
  "END;"
  "CREATE TRIGGER search_note_changed AFTER UPDATE OF text, target_uuid ON notes BEGIN"
  SEARCH_V5_REINDEX (SEARCH_V5_NOTE_PHOTOS ("OLD.target_uuid")
                     " UNION " SEARCH_V5_NOTE_PHOTOS ("NEW.target_uuid"))
  "END;"
  "CREATE TRIGGER search_note_deleted AFTER DELETE ON notes BEGIN"
  SEARCH_V5_REINDEX (SEARCH_V5_NOTE_PHOTOS ("OLD.target_uuid"))
  "END;",

  /* 6: file names keep their original bytes. file_name was the name as
   * g_filename_display_name() made it: invalid UTF-8 became U+FFFD (so the
   * file could not be found again) and control characters stayed raw.
   * file_name_raw holds the bytes as the file system has them; file_name
   * is from now on their display form, review_text_escape() of those bytes
   * (no control character, no bidirectional control, invalid bytes as
   * \\xNN). Old rows only have the display form: their raw bytes are its
   * bytes (U+FFFD included: what was lost before this migration stays
   * lost). */
  "ALTER TABLE photos ADD COLUMN file_name_raw BLOB;"
  "UPDATE photos SET file_name_raw = CAST (file_name AS BLOB);"
  "UPDATE photos SET file_name = review_escape (file_name_raw)"
  "  WHERE file_name IS NOT review_escape (file_name_raw);",

  /* 7: damaged photos. A photo whose file decoded only in part is kept and
   * flagged: damage is the decoder's kind (ReviewDecoderDamage: 0 whole, 1
   * missing from a row, 2 corrupt from a row, 3 partly decoded) and
   * damage_row the first damaged row, 0-based, in the stored orientation.
   * The reason is worded from these when shown (review-damage.c), in the
   * reader's language. Photos imported before this version are whole: they
   * were rejected if they were not. */
  "ALTER TABLE photos ADD COLUMN damage INTEGER NOT NULL DEFAULT 0"
  "  CHECK (damage BETWEEN 0 AND 3);"
  "ALTER TABLE photos ADD COLUMN damage_row INTEGER NOT NULL DEFAULT 0"
  "  CHECK (damage_row >= 0);"
  "CREATE INDEX photos_damaged ON photos (id) WHERE damage <> 0;",
#undef SEARCH_V5_REINDEX
#undef SEARCH_V5_PERSON_PHOTOS
#undef SEARCH_V5_NOTE_PHOTOS
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

  /* Migrations and the triggers they create call Review's SQL functions. */
  if (!review_db_register_functions (db, error) ||
      !review_db_query_int (db, "PRAGMA user_version", &current, error))
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
      g_autoptr(ReviewDbTransaction) tx = review_db_transaction_begin (db, error);

      if (tx == NULL)
        return FALSE;
      if (!review_db_exec (db, migrations[v - 1], &local_error) ||
          !review_db_exec (db, set_version, &local_error) ||
          !review_db_transaction_commit (tx, &local_error))
        {
          g_clear_pointer (&tx, review_db_transaction_free);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("Could not update the vault to schema version %d: %s"),
                       v, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
