/* test-vault.c: creating, opening and refusing vaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "review-anchor-private.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-keyring.h"
#include "review-migrations-private.h"
#include "review-test-utils.h"
#include "review-vault-private.h"
#include "review-audit-private.h"

static char *
db_path (const char *dir)
{
  return g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
}

static void
test_cipher_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  g_assert_true (review_vault_check_cipher (&version, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (version, "4."));
}

static void
test_create_open_reopen (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *vdir = g_build_filename (dir, "nested", "vault", NULL);
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (vdir, &key, NULL);
  g_autofree char *id = g_strdup (review_vault_get_id (vault));
  g_autofree char *path = db_path (vdir);
  g_autofree char *header = NULL;
  gsize len = 0;
  GStatBuf st;

  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (review_vault_get_schema_version (vault), ==,
                   review_migrations_latest_version ());
  g_assert_cmpstr (review_profile_get_display_name (review_vault_get_profile (vault)), ==,
                   "Test Reviewer");
  g_assert_cmpint (review_vault_count_photos (vault), ==, 0);
  review_vault_close (vault);
  g_clear_object (&vault);

  /* Encrypted from the first byte; private to the user. */
  g_assert_true (g_file_get_contents (path, &header, &len, NULL));
  g_assert_cmpuint (len, >=, 4096);
  g_assert_true (memcmp (header, "SQLite format 3", 15) != 0);
  g_assert_cmpint (g_stat (vdir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  for (int i = 0; i < 2; i++)
    {
      vault = review_vault_open (vdir, key, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (review_vault_get_id (vault), ==, id);
      g_assert_cmpstr (review_profile_get_display_name (review_vault_get_profile (vault)), ==,
                       "Test Reviewer");
      g_assert_true (review_vault_audit (vault, "test.event", "x", "{}", &error));
      g_assert_no_error (error);
      g_assert_finalize_object (g_steal_pointer (&vault));
    }
  review_test_remove_dir (dir);
}

static void
test_pragmas (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, NULL, NULL);
  sqlite3 *db = review_vault_get_db (vault);
  struct { const char *sql; const char *expected; } checks[] = {
    { "PRAGMA cipher_memory_security", "1" },
    { "PRAGMA temp_store", "2" },
    { "PRAGMA secure_delete", "1" },
    { "PRAGMA foreign_keys", "1" },
    { "PRAGMA journal_mode", "wal" },
    { "PRAGMA synchronous", "2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = review_db_query_text (db, checks[i].sql, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, checks[i].expected);
    }
  review_test_remove_dir (dir);
}

static void
test_exists (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, NULL, NULL);
  g_autoptr(ReviewKey) key2 = review_key_new_random (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db_path (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(ReviewVault) second = NULL;

  review_vault_close (vault);
  before = review_test_file_sha256 (path);
  second = review_vault_create (dir, NULL, key2, "ABCD", "x", REVIEW_ROLE_REVIEWER, &error);
  g_assert_null (second);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_VAULT_EXISTS);
  after = review_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  review_test_remove_dir (dir);
}

static void
test_no_vault (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_vault_open (dir, key, &error);

  g_assert_null (vault);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_VAULT);
  /* Opening never creates anything. */
  g_assert_false (review_vault_exists (dir));
  review_test_remove_dir (dir);
}

static void
test_wrong_key (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, NULL, NULL);
  g_autoptr(ReviewKey) wrong = review_key_new_random (NULL);
  g_autofree char *path = db_path (dir);
  g_autofree char *info = g_build_filename (dir, REVIEW_VAULT_INFO_NAME, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) other = NULL;

  review_vault_close (vault);
  before = review_test_file_sha256 (path);

  /* Caught by the key-check value, before SQLCipher reads anything. */
  other = review_vault_open (dir, wrong, &error);
  g_assert_null (other);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* Without vault.json, SQLCipher itself refuses the key. */
  g_assert_cmpint (g_unlink (info), ==, 0);
  other = review_vault_open (dir, wrong, &error);
  g_assert_null (other);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY);

  after = review_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (info, G_FILE_TEST_EXISTS));
  review_test_remove_dir (dir);
}

static void
test_restores_vault_json (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, NULL);
  g_autofree char *info = g_build_filename (dir, REVIEW_VAULT_INFO_NAME, NULL);
  g_autofree char *id = g_strdup (review_vault_get_id (vault));
  g_autofree char *read_id = NULL;
  g_autoptr(GError) error = NULL;

  review_vault_close (vault);
  g_clear_object (&vault);
  g_assert_cmpint (g_unlink (info), ==, 0);
  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  read_id = review_vault_read_id (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read_id, ==, id);
  review_test_remove_dir (dir);
}

static void
test_damaged_page1 (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, NULL);
  g_autofree char *path = db_path (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) other = NULL;

  review_vault_close (vault);
  review_test_corrupt (path, 100, 16);
  before = review_test_file_sha256 (path);

  other = review_vault_open (dir, key, &error);
  g_assert_null (other);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);

  after = review_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  review_test_remove_dir (dir);
}

static void
test_damaged_later_page (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, NULL);
  g_autofree char *path = db_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *details = g_strnfill (400, 'd');
  GStatBuf st;

  /* Grow the audit table over many pages. */
  for (int i = 0; i < 400; i++)
    {
      g_autofree char *d = g_strdup_printf ("{\"pad\":\"%s\",\"i\":%d}", details, i);
      g_assert_true (review_vault_audit (vault, "test.pad", NULL, d, &error));
      g_assert_no_error (error);
    }
  g_assert_true (review_vault_check_integrity (vault, NULL, &error));
  g_assert_no_error (error);
  review_vault_close (vault);
  g_clear_object (&vault);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 20 * 4096);
  /* A page in the middle of the audit table: not read at open. */
  review_test_corrupt (path, (st.st_size / 4096 - 3) * 4096 + 1000, 32);

  vault = review_vault_open (dir, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault);
  g_assert_false (review_vault_check_integrity (vault, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INTEGRITY);
  review_test_remove_dir (dir);
}

static void
integrity_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (review_vault_check_integrity_finish (REVIEW_VAULT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_integrity_async (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, NULL, NULL);
  gboolean done = FALSE;

  review_vault_check_integrity_async (vault, NULL, integrity_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  review_test_remove_dir (dir);
}

static void
test_schema_too_new (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) other = NULL;

  g_assert_true (review_db_exec (review_vault_get_db (vault), "PRAGMA user_version = 99", &error));
  review_vault_close (vault);

  other = review_vault_open (dir, key, &error);
  g_assert_null (other);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SCHEMA_TOO_NEW);
  review_test_remove_dir (dir);
}

/* The audit head is kept while entries are written, also when they are
 * written inside a transaction (annotations): once it commits. */
static void
test_anchor_periodic (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, NULL);
  g_autofree char *want = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *hash = NULL;
  gint64 n = 0, deadline;

  if (!review_keyring_ensure_ready_sync (REVIEW_KEYRING_NONE, NULL, NULL))
    {
      g_test_skip ("no unlocked keyring in this session");
      review_test_remove_dir (dir);
      return;
    }
  review_vault_set_anchor_interval (100 * 1000);
  review_vault_note_anchored (vault);
  g_usleep (150 * 1000);

  /* Inside a transaction: nothing is kept before the commit. */
  g_assert_true (review_db_exec (review_vault_get_db (vault), "BEGIN IMMEDIATE", &error));
  g_assert_true (review_vault_audit (vault, "test.event", "x", "{}", &error));
  g_assert_no_error (error);
  kept = review_keyring_head_lookup_sync (review_vault_get_id (vault), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kept);
  g_assert_true (review_db_exec (review_vault_get_db (vault), "COMMIT", &error));

  g_assert_true (review_audit_head (review_vault_get_db (vault), &n, &hash, &error));
  want = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", n, hash);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_clear_pointer (&kept, g_free);
      kept = review_keyring_head_lookup_sync (review_vault_get_id (vault), NULL, NULL);
      if (g_strcmp0 (kept, want) == 0)
        break;
      g_usleep (50 * 1000);
    }
  g_assert_cmpstr (kept, ==, want);
  review_vault_set_anchor_interval (0);
  review_vault_close (vault);
  review_test_remove_dir (dir);
}

static void
test_resolve_dir (void)
{
  g_autofree char *def = NULL;
  g_autofree char *opt = NULL;
  g_autofree char *env = NULL;

  g_unsetenv ("REVIEW_VAULT");
  def = review_vault_resolve_dir (NULL);
  g_assert_true (g_str_has_suffix (def, "/" APP_ID));
  g_setenv ("REVIEW_VAULT", "/tmp/from-env", TRUE);
  env = review_vault_resolve_dir (NULL);
  g_assert_cmpstr (env, ==, "/tmp/from-env");
  opt = review_vault_resolve_dir ("/tmp/from-option/");
  g_assert_cmpstr (opt, ==, "/tmp/from-option");
  g_unsetenv ("REVIEW_VAULT");
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);

  g_test_add_func ("/vault/cipher-version", test_cipher_version);
  g_test_add_func ("/vault/create-open-reopen", test_create_open_reopen);
  g_test_add_func ("/vault/pragmas", test_pragmas);
  g_test_add_func ("/vault/exists", test_exists);
  g_test_add_func ("/vault/no-vault", test_no_vault);
  g_test_add_func ("/vault/wrong-key", test_wrong_key);
  g_test_add_func ("/vault/restores-vault-json", test_restores_vault_json);
  g_test_add_func ("/vault/damaged-page-1", test_damaged_page1);
  g_test_add_func ("/vault/damaged-later-page", test_damaged_later_page);
  g_test_add_func ("/vault/integrity-async", test_integrity_async);
  g_test_add_func ("/vault/schema-too-new", test_schema_too_new);
  g_test_add_func ("/vault/resolve-dir", test_resolve_dir);
  g_test_add_func ("/vault/anchor-periodic", test_anchor_periodic);

  return g_test_run ();
}
