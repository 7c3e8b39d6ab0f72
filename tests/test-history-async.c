/* test-history-async.c: the workspace's edits, undo and redo through the
 * store service: run in the order asked (results too), the history only
 * touched by the worker, each result with a snapshot of the stacks; the
 * main thread never touches the database (the guard is on)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-history-async.h"
#include "review-importer.h"
#include "review-photo-view.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char               *dir;
  ReviewVault        *vault;
  ReviewStoreService *service;
  ReviewHistory      *history;
  char               *photo;
  GPtrArray          *outcomes;   /* ReviewHistoryOutcome*, in the order delivered */
  guint               pending;
  ReviewPhotoView    *view;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *photos = NULL;
  g_autofree char *vdir = NULL;
  g_autofree char *cmd = NULL;
  const char *paths[2];
  ReviewImportOptions options = { g_getenv ("REVIEW_DECODER_PATH"), 2, 0, NULL, NULL, NULL };
  g_autoptr(ReviewImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  (void) data;
  f->dir = review_test_make_dir ();
  photos = g_build_filename (f->dir, "photos", NULL);
  vdir = g_build_filename (f->dir, "vault", NULL);
  cmd = g_strdup_printf ("%s %s 2 --width=320 --height=240", g_getenv ("REVIEW_GEN_PHOTOS"),
                         photos);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  f->vault = review_test_create_vault (vdir, NULL, NULL);
  paths[0] = photos;
  paths[1] = NULL;
  result = review_import_run (f->vault, paths, &options, NULL, &error);
  g_assert_no_error (error);
  f->photo = review_db_query_text (review_vault_get_db (f->vault),
                                   "SELECT uuid FROM photos ORDER BY id LIMIT 1", NULL);
  f->history = review_history_new (f->vault);
  f->service = review_store_service_new (f->vault);
  f->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) review_history_outcome_free);
  /* From here on the main thread may not touch the database. */
  review_db_set_main_thread_guard (TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  review_db_set_main_thread_guard (FALSE);
  g_clear_pointer (&f->view, review_photo_view_free);
  g_ptr_array_unref (f->outcomes);
  g_clear_object (&f->history);
  g_assert_finalize_object (f->service);
  g_assert_finalize_object (f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->photo);
}

static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  ReviewHistoryOutcome *outcome = review_history_edit_finish (REVIEW_STORE_SERVICE (source),
                                                              result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_ptr_array_add (f->outcomes, outcome);
  f->pending--;
}

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  ReviewHistoryOutcome *outcome = review_history_undo_finish (REVIEW_STORE_SERVICE (source),
                                                              result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_ptr_array_add (f->outcomes, outcome);
  f->pending--;
}

static void
view_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->view = review_photo_view_load_finish (REVIEW_STORE_SERVICE (source), result, &error);
  g_assert_no_error (error);
  f->pending--;
}

static void
wait_all (Fixture *f)
{
  while (f->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static ReviewHistoryOutcome *
outcome (Fixture *f,
         guint    i)
{
  g_assert_cmpuint (i, <, f->outcomes->len);
  return g_ptr_array_index (f->outcomes, i);
}

/* Rapid edits, undos and a read, all asked for at once: done in order. */
static void
test_ordered (Fixture       *f,
              gconstpointer  data)
{
  const double box[] = { 0.1, 0.1, 0.2, 0.2 };
  g_autofree char *status_before = NULL;

  (void) data;
  review_photo_view_load_async (f->service, f->history, f->photo, NULL, view_cb, f);
  f->pending++;
  wait_all (f);
  g_assert_false (f->view->history.can_undo);
  status_before = g_strdup (f->view->status);
  g_assert_nonnull (status_before);
  g_assert_cmpstr (status_before, !=, "done");
  g_clear_pointer (&f->view, review_photo_view_free);

  review_history_add_finding_async (f->service, f->history, f->photo, REVIEW_SHAPE_RECT, box, 4,
                                    "contusion", edited_cb, f);
  review_history_set_status_async (f->service, f->history, f->photo, "done", edited_cb, f);
  review_history_undo_async (f->service, f->history, FALSE, undone_cb, f);
  review_history_undo_async (f->service, f->history, FALSE, undone_cb, f);
  review_history_undo_async (f->service, f->history, FALSE, undone_cb, f);
  review_photo_view_load_async (f->service, f->history, f->photo, NULL, view_cb, f);
  f->pending += 6;
  wait_all (f);

  g_assert_cmpuint (f->outcomes->len, ==, 5);
  /* The finding, then the status, each with the stacks after it. */
  g_assert_nonnull (outcome (f, 0)->uuid);
  g_assert_true (outcome (f, 0)->state.can_undo);
  g_assert_false (outcome (f, 0)->state.can_redo);
  g_assert_cmpstr (outcome (f, 0)->state.undo_photo, ==, f->photo);
  g_assert_true (outcome (f, 1)->state.can_undo);
  /* Two undos, where they were made; the third finds nothing to undo. */
  g_assert_cmpstr (outcome (f, 2)->where, ==, f->photo);
  g_assert_no_error (outcome (f, 2)->error);
  g_assert_true (outcome (f, 2)->state.can_undo);
  g_assert_true (outcome (f, 2)->state.can_redo);
  g_assert_cmpstr (outcome (f, 3)->where, ==, f->photo);
  g_assert_false (outcome (f, 3)->state.can_undo);
  g_assert_cmpstr (outcome (f, 3)->state.redo_photo, ==, f->photo);
  g_assert_null (outcome (f, 4)->where);
  g_assert_no_error (outcome (f, 4)->error);
  g_assert_false (outcome (f, 4)->state.can_undo);
  /* The read came after them all. */
  g_assert_nonnull (f->view);
  g_assert_cmpuint (f->view->findings->len, ==, 0);
  g_assert_cmpstr (f->view->status, ==, status_before);
  g_assert_false (f->view->history.can_undo);
  g_assert_true (f->view->history.can_redo);
  g_clear_pointer (&f->view, review_photo_view_free);

  /* Redo twice: the finding is back with its UUID, then the status. */
  review_history_undo_async (f->service, f->history, TRUE, undone_cb, f);
  review_history_undo_async (f->service, f->history, TRUE, undone_cb, f);
  review_history_undo_async (f->service, f->history, TRUE, undone_cb, f);
  review_photo_view_load_async (f->service, f->history, f->photo, NULL, view_cb, f);
  f->pending += 4;
  wait_all (f);
  g_assert_cmpstr (outcome (f, 5)->where, ==, f->photo);
  g_assert_cmpstr (outcome (f, 6)->where, ==, f->photo);
  g_assert_null (outcome (f, 7)->where);
  g_assert_cmpuint (f->view->findings->len, ==, 1);
  g_assert_cmpstr (((ReviewFindingRecord *) f->view->findings->pdata[0])->uuid, ==,
                   outcome (f, 0)->uuid);
  g_assert_cmpstr (f->view->status, ==, "done");
  g_assert_true (f->view->history.can_undo);
  g_assert_false (f->view->history.can_redo);
}

static void
refused_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  ReviewHistoryOutcome *outcome = review_history_edit_finish (REVIEW_STORE_SERVICE (source),
                                                              result, &error);

  g_assert_null (outcome);
  g_assert_nonnull (error);
  f->pending--;
}

/* An edit the vault refuses: its error; nothing to undo after it. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  (void) data;
  review_history_set_status_async (f->service, f->history, f->photo, "no-such-status",
                                   refused_cb, f);
  review_history_undo_async (f->service, f->history, FALSE, undone_cb, f);
  f->pending += 2;
  wait_all (f);
  g_assert_cmpuint (f->outcomes->len, ==, 1);
  g_assert_null (outcome (f, 0)->where);
  g_assert_false (outcome (f, 0)->state.can_undo);
}

int
main (int   argc,
      char *argv[])
{
  review_test_init (&argc, &argv);
  g_test_add ("/history-async/ordered", Fixture, NULL, fixture_setup, test_ordered,
              fixture_teardown);
  g_test_add ("/history-async/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);
  return g_test_run ();
}
