/* test-identity-async.c: the profile changed through the store service:
 * written in the worker with its audit events, the object in memory
 * changed on the main thread at once (and back when the vault refuses);
 * the main thread never touches the database (the guard is on)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-db-private.h"
#include "review-identity-async.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char               *dir;
  ReviewVault        *vault;
  ReviewStoreService *service;
  guint               pending;
  gboolean            ok;
  GError             *error;
  guint               notified;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *vdir = NULL;

  (void) data;
  f->dir = review_test_make_dir ();
  vdir = g_build_filename (f->dir, "vault", NULL);
  f->vault = review_test_create_vault (vdir, NULL, NULL);
  f->service = review_store_service_new (f->vault);
  review_db_set_main_thread_guard (TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  review_db_set_main_thread_guard (FALSE);
  g_clear_error (&f->error);
  g_assert_finalize_object (f->service);
  g_assert_finalize_object (f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  f->ok = review_profile_save_finish (REVIEW_STORE_SERVICE (source), result, &f->error);
  f->pending--;
}

static gpointer
count_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 n = -1;

  (void) cancellable;
  if (!review_db_query_int (review_vault_get_db (vault), data, &n, error))
    return NULL;
  return g_memdup2 (&n, sizeof n);
}

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gint64 *out = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *n = review_store_service_run_finish (REVIEW_STORE_SERVICE (source), result,
                                                         &error);

  g_assert_no_error (error);
  *out = *n;
}

/* A statement's count, read in the worker. */
static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -2;

  review_store_service_run_async (f->service, count_job, g_strdup (sql), g_free, g_free, NULL,
                                  count_cb, &n);
  while (n == -2)
    g_main_context_iteration (NULL, TRUE);
  return n;
}

static GThread *main_thread;

static void
notified_cb (Fixture *f)
{
  /* The object in memory belongs to the main thread. */
  g_assert_true (g_thread_self () == main_thread);
  f->notified++;
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  ReviewProfile *profile = review_vault_get_profile (f->vault);
  ReviewRole r0 = review_profile_get_role (profile);
  ReviewRole r1 = r0 == REVIEW_ROLE_SUPERVISOR ? REVIEW_ROLE_REVIEWER : REVIEW_ROLE_SUPERVISOR;
  gint64 events = count (f, "SELECT count(*) FROM audit WHERE action = 'profile.changed'");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM profile WHERE "
                                          "display_name = 'Async Name' AND role = '%s'",
                                          review_role_to_string (r1));

  (void) data;
  g_signal_connect_swapped (profile, "notify", G_CALLBACK (notified_cb), f);
  /* Two changes at once: each compared with the one before. */
  g_assert_cmpstr (review_profile_get_display_name (profile), !=, "Async Name");
  review_profile_save_async (f->service, "Async Name", r0, saved_cb, f);
  review_profile_save_async (f->service, "Async Name", r1, saved_cb, f);
  f->pending = 2;
  g_assert_cmpstr (review_profile_get_display_name (profile), ==, "Async Name");
  g_assert_cmpint (review_profile_get_role (profile), ==, r1);
  while (f->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_cmpuint (f->notified, ==, 2);
  /* One event for the name, one for the role. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'profile.changed'"),
                   ==, events + 2);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_signal_handlers_disconnect_by_data (profile, f);
}

int
main (int   argc,
      char *argv[])
{
  review_test_init (&argc, &argv);
  main_thread = g_thread_self ();
  g_test_add ("/identity-async/profile", Fixture, NULL, fixture_setup, test_save,
              fixture_teardown);
  return g_test_run ();
}
