/* test-store-service.c: the store service runs every job on its worker, in
 * order, hands results back on the caller's main context, does not run a
 * cancelled job; and the main-thread guard of test builds aborts a
 * statement run on the main thread of a running main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-store-service.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char               *dir;
  ReviewVault        *vault;
  ReviewStoreService *service;
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
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  review_db_set_main_thread_guard (FALSE);
  g_assert_finalize_object (f->service);
  g_assert_finalize_object (f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
}

static GThread *main_thread;

typedef struct
{
  GMutex    lock;
  GArray   *ran;        /* indexes, in the order the worker ran them */
  GPtrArray *delivered; /* results, in the order callbacks saw them */
  guint     pending;
  GMutex    gate;       /* held by the test to keep the worker busy */
} Order;

static gpointer
index_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Order *order = g_object_get_data (G_OBJECT (vault), "order");
  guint index = GPOINTER_TO_UINT (data);
  gint64 n = 0;

  (void) cancellable;
  g_assert_true (g_thread_self () != main_thread);
  /* A real statement on the vault's connection, on the worker. */
  if (!review_db_query_int (review_vault_get_db (vault), "SELECT count(*) FROM audit", &n,
                            error))
    return NULL;
  g_mutex_lock (&order->lock);
  g_array_append_val (order->ran, index);
  g_mutex_unlock (&order->lock);
  return g_strdup_printf ("%u", index);
}

static void
index_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Order *order = data;
  g_autoptr(GError) error = NULL;
  char *value = review_store_service_run_finish (REVIEW_STORE_SERVICE (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (g_thread_self () == main_thread);
  g_ptr_array_add (order->delivered, value);
  order->pending--;
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  Order order = { 0 };

  (void) data;
  g_mutex_init (&order.lock);
  order.ran = g_array_new (FALSE, FALSE, sizeof (guint));
  order.delivered = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data (G_OBJECT (f->vault), "order", &order);
  review_db_set_main_thread_guard (TRUE);
  for (guint i = 0; i < 40; i++)
    {
      order.pending++;
      review_store_service_run_async (f->service, index_job, GUINT_TO_POINTER (i), NULL, g_free,
                                      NULL, index_done, &order);
    }
  while (order.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (order.ran->len, ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i);
      g_assert_cmpuint (g_array_index (order.ran, guint, i), ==, i);
      g_assert_cmpstr (order.delivered->pdata[i], ==, expected);
    }
  g_object_set_data (G_OBJECT (f->vault), "order", NULL);
  g_array_unref (order.ran);
  g_ptr_array_unref (order.delivered);
  g_mutex_clear (&order.lock);
}

typedef struct
{
  GMutex   gate;
  gboolean second_ran;
  guint    pending;
  GError  *second_error;
} Cancel;

static gpointer
blocking_job (ReviewVault   *vault,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Cancel *c = data;

  (void) vault; (void) cancellable; (void) error;
  g_mutex_lock (&c->gate);    /* until the test has cancelled the next job */
  g_mutex_unlock (&c->gate);
  return GINT_TO_POINTER (TRUE);
}

static gpointer
marking_job (ReviewVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Cancel *c = data;

  (void) vault; (void) cancellable; (void) error;
  c->second_ran = TRUE;
  return GINT_TO_POINTER (TRUE);
}

static void
blocking_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Cancel *c = data;

  g_assert_true (review_store_service_run_boolean_finish (REVIEW_STORE_SERVICE (source), result,
                                                          NULL));
  c->pending--;
}

static void
marking_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Cancel *c = data;

  g_assert_false (review_store_service_run_boolean_finish (REVIEW_STORE_SERVICE (source), result,
                                                           &c->second_error));
  c->pending--;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Cancel c = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  (void) data;
  g_mutex_init (&c.gate);
  g_mutex_lock (&c.gate);
  c.pending = 2;
  review_store_service_run_async (f->service, blocking_job, &c, NULL, NULL, NULL, blocking_done,
                                  &c);
  review_store_service_run_async (f->service, marking_job, &c, NULL, NULL, cancellable,
                                  marking_done, &c);
  g_cancellable_cancel (cancellable);
  g_mutex_unlock (&c.gate);
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (c.second_ran);
  g_assert_error (c.second_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.second_error);
  g_mutex_clear (&c.gate);
}

static gpointer
failing_job (ReviewVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  (void) data; (void) cancellable;
  return GINT_TO_POINTER (review_db_exec (review_vault_get_db (vault),
                                          "INSERT INTO no_such_table VALUES (1)", error));
}

static void
failing_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GError **error = data;

  g_assert_false (review_store_service_run_boolean_finish (REVIEW_STORE_SERVICE (source), result,
                                                           error));
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  GError *error = NULL;

  (void) data;
  review_store_service_run_async (f->service, failing_job, NULL, NULL, NULL, NULL, failing_done,
                                  &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (error->domain == REVIEW_ERROR);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_error_free (error);
}

static gboolean
query_on_main_cb (gpointer data)
{
  Fixture *f = data;
  gint64 n = 0;

  review_db_query_int (review_vault_get_db (f->vault), "SELECT count(*) FROM audit", &n,
                       NULL);
  g_printerr ("the main thread ran a statement and was not stopped\n");
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* An attacker's view of the guard: the same statement that the worker may
 * run must abort the process when the main loop's thread runs it. */
static void
test_guard (Fixture       *f,
            gconstpointer  data)
{
  (void) data;
  if (g_test_subprocess ())
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      review_db_set_main_thread_guard (TRUE);
      g_idle_add (query_on_main_cb, f);
      g_timeout_add_seconds (5, quit_cb, loop);
      g_main_loop_run (loop);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*The database was prepared on the main thread*");
  g_test_trap_assert_stderr_unmatched ("*was not stopped*");
}

/* Off (the default, and always in release builds) nothing changes. */
static void
test_guard_off (Fixture       *f,
                gconstpointer  data)
{
  gint64 n = -1;

  (void) data;
  g_assert_true (g_main_context_acquire (NULL));
  g_assert_true (review_db_query_int (review_vault_get_db (f->vault),
                                      "SELECT count(*) FROM audit", &n, NULL));
  g_main_context_release (NULL);
  g_assert_cmpint (n, >=, 0);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  main_thread = g_thread_self ();
  g_test_add ("/store-service/order", Fixture, NULL, fixture_setup, test_order,
              fixture_teardown);
  g_test_add ("/store-service/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/store-service/error", Fixture, NULL, fixture_setup, test_error,
              fixture_teardown);
  g_test_add ("/store-service/guard", Fixture, NULL, fixture_setup, test_guard,
              fixture_teardown);
  g_test_add ("/store-service/guard-off", Fixture, NULL, fixture_setup, test_guard_off,
              fixture_teardown);
  return g_test_run ();
}
