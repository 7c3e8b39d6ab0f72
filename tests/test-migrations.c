/* test-migrations.c: every earlier schema version reaches the latest one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-migrations-private.h"
#include "review-store.h"
#include "review-test-utils.h"
#include "review-vault-private.h"
#include "review-audit-private.h"

/* Builds a vault as a Review of schema @version left it: a keyed database
 * migrated that far, with the vault id where that version kept it. */
static char *
make_old_vault (const char      *dir,
                int              version,
                const ReviewKey *key)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autofree char *info = g_build_filename (dir, REVIEW_VAULT_INFO_NAME, NULL);
  g_autofree char *check = review_key_dup_check_value (key);
  g_autofree char *json = NULL;
  char *literal = review_key_dup_sql_literal (key);
  g_autofree char *key_sql = g_strdup_printf ("PRAGMA key = %s", literal);
  char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  review_secure_free_string (literal);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (review_db_exec (db, key_sql, &error));
  g_assert_true (review_db_exec (db, "PRAGMA journal_mode = WAL", &error));
  g_assert_true (review_migrations_run (db, version, &error));
  g_assert_no_error (error);
  if (version >= 1)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES "
                                              "('vault_id', '%s'), ('created', 'then')", id);
      g_assert_true (review_db_exec (db, sql, &error));
      g_assert_true (review_audit_append (db, "00000000-0000-4000-8000-000000000000",
                                          "vault.created", id, "{}", &error));
      g_assert_no_error (error);
    }
  sqlite3_close (db);

  json = g_strdup_printf ("{\"format\":1,\"vault_id\":\"%s\",\"key_check\":\"%s\"}", id, check);
  g_assert_true (g_file_set_contents (info, json, -1, NULL));
  return id;
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autofree char *id = make_old_vault (dir, version, key);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_vault_open (dir, key, &error);
  ReviewAuditReport report;

  g_assert_no_error (error);
  g_assert_nonnull (vault);
  g_assert_cmpint (review_vault_get_schema_version (vault), ==,
                   review_migrations_latest_version ());
  g_assert_cmpstr (review_vault_get_id (vault), ==, id);
  /* A profile exists after migration (created from the account's name). */
  g_assert_nonnull (review_vault_get_profile (vault));

  /* Existing audit rows survive and the chain continues. */
  g_assert_true (review_vault_audit (vault, "test.after-migration", NULL, NULL, &error));
  g_assert_true (review_vault_verify_audit (vault, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  g_assert_cmpint (report.n_entries, >=, version >= 1 ? 3 : 2);
  review_audit_report_clear (&report);

  /* Opening again migrates nothing more. */
  review_vault_close (vault);
  g_clear_object (&vault);
  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review_vault_get_schema_version (vault), ==,
                   review_migrations_latest_version ());
  review_test_remove_dir (dir);
}

/* An emptied vault.db that someone keyed again (or an empty database where
 * a vault was) must never be migrated into a new, empty vault. */
static void
test_version_0_is_damage (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autofree char *id = make_old_vault (dir, 0, key);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  gsize len_before = 0, len_after = 0;

  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  vault = review_vault_open (dir, key, &error);
  g_assert_null (vault);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "holds no vault"));
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  review_test_remove_dir (dir);
}

static void
test_failed_migration_rolls_back (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "x.db", NULL);
  g_autoptr(GError) error = NULL;
  gint64 version = -1;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (review_migrations_run (db, 1, &error));
  /* Make migration 2 fail half-way: its table already exists. */
  g_assert_true (review_db_exec (db, "CREATE TABLE profile (x)", &error));
  g_assert_false (review_migrations_run (db, -1, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED);
  g_assert_true (review_db_query_int (db, "PRAGMA user_version", &version, NULL));
  g_assert_cmpint (version, ==, 1);
  sqlite3_close (db);
  review_test_remove_dir (dir);
}

/* Migration 5 indexes what a schema-4 vault already holds. */
static void
test_search_backfill (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autofree char *id = make_old_vault (dir, 4, key);
  char *literal = review_key_dup_sql_literal (key);
  g_autofree char *key_sql = g_strdup_printf ("PRAGMA key = %s", literal);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  ReviewSearch by_name = { .text = "محمد" }, by_latin = { .text = "moha" };
  ReviewSearch by_note = { .text = "ligature" }, by_file = { .text = "IMG_0042" };
  const ReviewSearch *queries[] = { &by_name, &by_latin, &by_note, &by_file };
  sqlite3 *db = NULL;

  review_secure_free_string (literal);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (review_db_exec (db, key_sql, &error));
  g_assert_true (review_db_exec (db,
    "INSERT INTO import_batches (uuid, actor, started) VALUES ('b', 'a', 'then');"
    "INSERT INTO photos (uuid, sha256, size, format, width, height, file_name, batch_id,"
    " imported) VALUES ('p1', printf ('%064d', 1), 1, 'jpeg', 1, 1, 'IMG_0042.JPG', 1, 'then'),"
    " ('p2', printf ('%064d', 2), 1, 'jpeg', 1, 1, 'IMG_0043.JPG', 1, 'then');"
    "INSERT INTO persons (uuid, name_ar, name_latin, created, updated) VALUES"
    " ('x1', 'مُحَمَّد', 'Mohammed', 'then', 'then');"
    "INSERT INTO photo_persons (photo_id, person_uuid) VALUES (1, 'x1');"
    "INSERT INTO notes (uuid, target_uuid, lang, text, author, created) VALUES"
    " ('n1', 'p2', 'en', 'Ligature marks.', 'a', 'then');", &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review_vault_get_schema_version (vault), ==,
                   review_migrations_latest_version ());
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(ReviewSearchResult) r = review_store_search (vault, queries[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (r->total, ==, 1);
    }
  review_test_remove_dir (dir);
}

/* Migration 6: file names get their bytes (file_name_raw) and, as their
 * display form, the escaped form of those bytes; search still finds them. */
static void
test_file_name_raw (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autofree char *id = make_old_vault (dir, 5, key);
  char *literal = review_key_dup_sql_literal (key);
  g_autofree char *key_sql = g_strdup_printf ("PRAGMA key = %s", literal);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) r = NULL;
  ReviewSearch all = { 0 }, by_file = { .text = "forged" };
  sqlite3 *db = NULL;

  review_secure_free_string (literal);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (review_db_exec (db, key_sql, &error));
  /* Schema 5's search triggers call review_fold(). */
  g_assert_true (review_db_register_functions (db, &error));
  g_assert_true (review_db_exec (db,
    "INSERT INTO import_batches (uuid, actor, started) VALUES ('b', 'a', 'then');"
    "INSERT INTO photos (uuid, sha256, size, format, width, height, file_name, batch_id,"
    " imported) VALUES ('p1', printf ('%064d', 1), 1, 'jpeg', 1, 1,"
    " 'a' || char (10) || 'rejected: forged' || char (8238) || '.jpg', 1, 'then'),"
    " ('p2', printf ('%064d', 2), 1, 'jpeg', 1, 1, 'IMG_0043.JPG', 1, 'then');", &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  r = review_store_search (vault, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->hits->len, ==, 2);
  for (guint i = 0; i < r->hits->len; i++)
    {
      ReviewSearchHit *h = g_ptr_array_index (r->hits, i);
      gsize len = 0;
      const char *raw = g_bytes_get_data (h->file_name_raw, &len);

      if (g_str_equal (h->uuid, "p1"))
        {
          g_assert_cmpstr (h->file_name, ==, "a\\nrejected: forged\\u{202E}.jpg");
          g_assert_cmpmem (raw, len, "a\nrejected: forged\u202e.jpg",
                           strlen ("a\nrejected: forged\u202e.jpg"));
        }
      else
        {
          g_assert_cmpstr (h->file_name, ==, "IMG_0043.JPG");
          g_assert_cmpmem (raw, len, "IMG_0043.JPG", 12);
        }
    }
  g_clear_pointer (&r, review_search_result_free);
  r = review_store_search (vault, &by_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->total, ==, 1);
  review_test_remove_dir (dir);
}

/* Schema 7: photos imported before it are whole (they were rejected if they
 * were not); a damage the decoder cannot report cannot be written either. */
static void
test_damage_columns (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autofree char *id = make_old_vault (dir, 6, key);
  char *literal = review_key_dup_sql_literal (key);
  g_autofree char *key_sql = g_strdup_printf ("PRAGMA key = %s", literal);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) r = NULL;
  ReviewSearch damaged = { .damaged = TRUE }, all = { 0 };
  static const char * const forged[] = {
    "UPDATE photos SET damage = 4",
    "UPDATE photos SET damage = -1",
    "UPDATE photos SET damage_row = -5",
    "UPDATE photos SET damage = NULL",
  };
  sqlite3 *db = NULL;

  review_secure_free_string (literal);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (review_db_exec (db, key_sql, &error));
  g_assert_true (review_db_register_functions (db, &error));
  g_assert_true (review_db_exec (db,
    "INSERT INTO import_batches (uuid, actor, started) VALUES ('b', 'a', 'then');"
    "INSERT INTO photos (uuid, sha256, size, format, width, height, file_name, batch_id,"
    " imported) VALUES ('p1', printf ('%064d', 1), 1, 'jpeg', 4, 10, 'old.jpg', 1, 'then');",
    &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  r = review_store_search (vault, &damaged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->total, ==, 0);
  g_clear_pointer (&r, review_search_result_free);
  r = review_store_search (vault, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->total, ==, 1);
  g_assert_null (((ReviewSearchHit *) g_ptr_array_index (r->hits, 0))->damage);
  g_clear_pointer (&r, review_search_result_free);

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr(GError) e = NULL;
      g_test_message ("%s", forged[i]);
      g_assert_false (review_db_exec (review_vault_get_db (vault), forged[i], &e));
      g_assert_nonnull (e);
    }
  g_assert_true (review_db_exec (review_vault_get_db (vault),
                                 "UPDATE photos SET damage = 1, damage_row = 4", &error));
  r = review_store_search (vault, &damaged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->total, ==, 1);
  g_assert_cmpstr (((ReviewSearchHit *) g_ptr_array_index (r->hits, 0))->damage_code, ==,
                   "missing");
  g_assert_nonnull (((ReviewSearchHit *) g_ptr_array_index (r->hits, 0))->damage);
  review_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  g_test_add_func ("/migrations/damage-columns", test_damage_columns);

  /* Version 0 is an empty database: never migrated, reported as damage
   * (see /migrations/version-0-is-damage). */
  for (int v = 1; v < review_migrations_latest_version (); v++)
    {
      g_autofree char *name = g_strdup_printf ("/migrations/from-version-%d", v);
      g_test_add_data_func (name, GINT_TO_POINTER (v), test_from_version);
    }
  g_test_add_func ("/migrations/version-0-is-damage", test_version_0_is_damage);
  g_test_add_func ("/migrations/failed-migration-rolls-back", test_failed_migration_rolls_back);
  g_test_add_func ("/migrations/search-backfill", test_search_backfill);
  g_test_add_func ("/migrations/file-name-raw", test_file_name_raw);

  return g_test_run ();
}
