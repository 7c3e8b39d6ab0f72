/* test-audit.c: the hash chain, its verification and tamper detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-audit-private.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

static void
test_known_vector (void)
{
  /* Pins the canonical encoding: changing it breaks every existing vault.
   * Computed independently with:
   *   printf 'review-audit-v1\n1:1\n4:time\n5:actor\n6:action\n0:\n2:{}\n3:abc\n' | sha256sum */
  g_autofree char *hash = review_audit_compute_hash (1, "time", "actor", "action", NULL, "{}",
                                                     "abc");

  g_assert_cmpstr (hash, ==, "3e116275918c96e47f059099cbea4159859a04f261362997496c61d06ea2f276");
}

static ReviewVault *
vault_with_events (const char *dir,
                   int         n)
{
  ReviewVault *vault = review_test_create_vault (dir, NULL, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *d = g_strdup_printf ("{\"i\":%d}", i);
      g_assert_true (review_vault_audit (vault, "test.event", "target", d, &error));
      g_assert_no_error (error);
    }
  return vault;
}

static void
test_chain_verifies (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = vault_with_events (dir, 10);
  ReviewAuditReport report;
  g_autoptr(GError) error = NULL;

  g_assert_true (review_vault_verify_audit (vault, &report, &error));
  g_assert_no_error (error);
  /* profile.created, vault.created and facility.seeded, then ours */
  g_assert_cmpint (report.n_entries, ==, 13);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  g_assert_cmpuint (strlen (report.last_hash), ==, 64);
  review_audit_report_clear (&report);
  review_test_remove_dir (dir);
}

static void
test_append_only (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = vault_with_events (dir, 3);
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GError) error = NULL;

  g_assert_false (review_db_exec (db, "UPDATE audit SET details = '{}' WHERE seq = 2", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (review_db_exec (db, "DELETE FROM audit WHERE seq = 3", &error));
  g_assert_nonnull (error);
  review_test_remove_dir (dir);
}

static void
check_broken_at (ReviewVault *vault,
                 gint64       seq)
{
  ReviewAuditReport report;
  g_autoptr(GError) error = NULL;

  g_assert_true (review_vault_verify_audit (vault, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.first_bad_seq, ==, seq);
  g_assert_nonnull (report.problem);
  review_audit_report_clear (&report);
}

static void
test_tamper_altered (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = vault_with_events (dir, 6);
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GError) error = NULL;

  /* Someone with the key drops the guard and edits a row. */
  g_assert_true (review_db_exec (db, "DROP TRIGGER audit_no_update;"
                                 "UPDATE audit SET details = '{\"i\":99}' WHERE seq = 5", &error));
  g_assert_no_error (error);
  check_broken_at (vault, 5);
  review_test_remove_dir (dir);
}

static void
test_tamper_rehashed (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = vault_with_events (dir, 6);
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *time = review_db_query_text (db, "SELECT time FROM audit WHERE seq = 4", NULL);
  g_autofree char *actor = review_db_query_text (db, "SELECT actor FROM audit WHERE seq = 4", NULL);
  g_autofree char *prev = review_db_query_text (db, "SELECT prev_hash FROM audit WHERE seq = 4",
                                                NULL);

  /* Editing a row and fixing its own hash still breaks the next link. */
  hash = review_audit_compute_hash (4, time, actor, "test.event", "target", "{\"i\":42}", prev);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         "UPDATE audit SET details = '{\"i\":42}', hash = '%s' WHERE seq = 4",
                         hash);
  g_assert_true (review_db_exec (db, sql, &error));
  g_assert_no_error (error);
  check_broken_at (vault, 5);
  review_test_remove_dir (dir);
}

static void
test_tamper_deleted (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewVault) vault = vault_with_events (dir, 6);
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GError) error = NULL;

  g_assert_true (review_db_exec (db, "DROP TRIGGER audit_no_delete;"
                                 "DELETE FROM audit WHERE seq = 3", &error));
  g_assert_no_error (error);
  check_broken_at (vault, 4);
  review_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);

  g_test_add_func ("/audit/known-vector", test_known_vector);
  g_test_add_func ("/audit/chain-verifies", test_chain_verifies);
  g_test_add_func ("/audit/append-only", test_append_only);
  g_test_add_func ("/audit/tamper-altered", test_tamper_altered);
  g_test_add_func ("/audit/tamper-rehashed", test_tamper_rehashed);
  g_test_add_func ("/audit/tamper-deleted", test_tamper_deleted);

  return g_test_run ();
}
