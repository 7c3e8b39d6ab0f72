/* test-workspace.c: the annotation workspace, in process, driven through its
 * actions
 *
 * A real vault (SQLCipher, key in the session's keyring) in a temporary
 * folder, a few synthetic photos ($REVIEW_GEN_PHOTOS) imported through the
 * real decoder ($REVIEW_DECODER_PATH), and a ReviewWorkspace in a window
 * under build-aux/test's Xvfb. Each step activates one of the workspace's
 * actions (workspace.set-status, .undo, .redo, .new-region, .delete-finding,
 * .add-note, .new-person), or stands in for the widget the user would use
 * (the canvas's "region-drawn", the palette's "chosen"), then checks the
 * vault, through the store API on a connection of its own, and the widgets.
 *
 * The workspace may write on a worker thread and answer on the main loop:
 * after every action the test iterates the main context until the expected
 * state holds (wait_until), and fails after WAIT_TIMEOUT_S seconds. Every
 * test ends with g_assert_finalize_object on the window: nothing may keep it.
 * Runs with G_DEBUG=fatal-warnings, as every test does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "review-annotation-canvas.h"
#include "review-db-guard.h"
#include "review-importer.h"
#include "review-photo-list.h"
#include "review-store-service.h"
#include "review-store-query.h"
#include "review-tag-palette.h"
#include "review-test-utils.h"
#include "review-workspace.h"

#define WAIT_TIMEOUT_S 10

typedef struct
{
  char            *dir;
  ReviewKey       *key;
  ReviewVault     *vault;     /* the workspace's */
  ReviewStoreService *service; /* its connection's only user */
  ReviewVault     *check;     /* the test's own connection, for checks */
  ReviewPhotoList *photos;
  ReviewPhoto     *photo;     /* the photo the workspace shows */
  GtkWindow       *window;
  ReviewWorkspace *workspace;
} Fixture;

/* --- waiting ------------------------------------------------------------ */

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until COND holds; fails the test after the timeout.
 * Never assumes that an action took effect before it returned. */
static void
wait_until_full (Fixture       *f,
                 Condition      cond,
                 gconstpointer  data,
                 const char    *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, timed_out_cb, &timed_out);

  while (!cond (f, data))
    {
      if (timed_out)
        g_error ("timed out after %d s waiting until %s", WAIT_TIMEOUT_S, what);
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (id);
}

#define wait_until(f, cond, data) wait_until_full ((f), (cond), (data), #cond)

/* --- what the vault holds, read on the test's own connection ------------ */

static const char *
photo_uuid (Fixture *f)
{
  return review_photo_get_uuid (f->photo);
}

static char *
vault_status (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *status;

  /* The test's own read, on the main thread: the guard steps aside. */
  review_db_set_main_thread_guard (FALSE);
  status = review_store_get_photo_status (f->check, photo_uuid (f), &error);
  review_db_set_main_thread_guard (TRUE);

  g_assert_no_error (error);
  return status;
}

static GPtrArray *
vault_findings (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  /* The test's own read, on the main thread: the guard steps aside. */
  review_db_set_main_thread_guard (FALSE);
  findings = review_store_list_findings (f->check, photo_uuid (f), &error);
  review_db_set_main_thread_guard (TRUE);

  g_assert_no_error (error);
  g_assert_nonnull (findings);
  return findings;
}

static GPtrArray *
vault_notes (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *notes;

  /* The test's own read, on the main thread: the guard steps aside. */
  review_db_set_main_thread_guard (FALSE);
  notes = review_store_list_notes (f->check, photo_uuid (f), &error);
  review_db_set_main_thread_guard (TRUE);

  g_assert_no_error (error);
  g_assert_nonnull (notes);
  return notes;
}

static guint
vault_n_persons (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) persons = NULL;

  /* The test's own read, on the main thread: the guard steps aside. */
  review_db_set_main_thread_guard (FALSE);
  persons = review_store_photo_persons (f->check, photo_uuid (f), &error);
  review_db_set_main_thread_guard (TRUE);

  g_assert_no_error (error);
  return persons != NULL ? g_strv_length (persons) : 0;
}

/* --- what the widgets show ---------------------------------------------- */

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->workspace),
                                                   REVIEW_TYPE_WORKSPACE, name);

  g_assert_nonnull (object);
  return object;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w))
      n++;
  return n;
}

/* The code a drop-down shows (the workspace keeps its codes beside the
 * labels of its model). */
static const char *
drop_code (GtkDropDown *drop)
{
  char **codes = g_object_get_data (G_OBJECT (drop), "codes");
  guint i = gtk_drop_down_get_selected (drop);

  g_assert_nonnull (codes);
  if (i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (codes))
    return "";
  return codes[i];
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->workspace), action,
                                                     parameter));
}

/* --- setting up --------------------------------------------------------- */

static void
gen (const char *dir,
     const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s %s", g_getenv ("REVIEW_GEN_PHOTOS"), dir, args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static gboolean
photos_listed (Fixture       *f,
               gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->photos)) == 3;
}

static gboolean
photo_loaded (Fixture       *f,
              gconstpointer  data)
{
  return review_photo_is_loaded (f->photo);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vdir = NULL;
  g_autofree char *pdir = NULL;
  const char *paths[] = { NULL, NULL };
  ReviewImportOptions options = { g_getenv ("REVIEW_DECODER_PATH"), 2, 0, NULL, NULL, NULL };
  g_autoptr(ReviewImportResult) result = NULL;
  GtkWidget *overlay;

  f->dir = review_test_make_dir ();
  vdir = g_build_filename (f->dir, "vault", NULL);
  pdir = g_build_filename (f->dir, "photos", NULL);
  f->vault = review_test_create_vault (vdir, &f->key, NULL);

  gen (pdir, "3 --width=320 --height=240");
  paths[0] = pdir;
  result = review_import_run (f->vault, paths, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->imported, ==, 3);

  f->check = review_vault_open (vdir, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->check);

  /* From here on, as in the window: the vault's connection is the store
   * service's, and a statement on the main thread aborts. */
  f->service = review_store_service_new (f->vault);
  review_db_set_main_thread_guard (TRUE);
  f->photos = review_photo_list_new (f->service);
  review_photo_list_reload (f->photos);
  wait_until (f, photos_listed, NULL);
  f->photo = g_list_model_get_item (G_LIST_MODEL (f->photos), 1);
  wait_until (f, photo_loaded, NULL);

  /* As the window holds it: in a toast overlay, its tile fed by the list. */
  f->window = g_object_ref (GTK_WINDOW (gtk_window_new ()));
  gtk_window_set_default_size (f->window, 1000, 700);
  overlay = adw_toast_overlay_new ();
  f->workspace = REVIEW_WORKSPACE (review_workspace_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->workspace));
  gtk_window_set_child (f->window, overlay);
  review_photo_tile_set_source (review_workspace_get_tile (f->workspace), f->photos, 1.0, TRUE);
  review_workspace_set_service (f->workspace, f->service);
  review_workspace_set_photo (f->workspace, f->photo);
  gtk_window_present (f->window);
}

static gboolean
workspace_gone (Fixture       *f,
                gconstpointer  data)
{
  return f->workspace == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  review_workspace_set_photo (f->workspace, NULL);
  review_workspace_set_service (f->workspace, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->workspace), (gpointer *) &f->workspace);
  gtk_window_destroy (f->window);
  /* Let what was under way (the tile's load) see its cancellation. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->window));
  /* The workspace may still finish work of its own, but not keep itself. */
  wait_until (f, workspace_gone, NULL);

  g_clear_object (&f->photo);
  g_clear_object (&f->photos);
  review_db_set_main_thread_guard (FALSE);
  g_clear_object (&f->service);
  g_clear_object (&f->check);
  g_clear_object (&f->vault);
  g_clear_pointer (&f->key, review_key_free);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* --- status, undo, redo ------------------------------------------------- */

static gboolean
status_is (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *status = vault_status (f);

  return g_strcmp0 (status, data) == 0 &&
         g_strcmp0 (drop_code (child (f, "status_drop")), data) == 0;
}

static void
test_status_undo_redo (Fixture       *f,
                       gconstpointer  data)
{
  wait_until_full (f, status_is, "unreviewed", "the photo is shown as unreviewed");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->workspace), "workspace.no-such", NULL));

  activate (f, "workspace.set-status", g_variant_new_string ("in-progress"));
  wait_until_full (f, status_is, "in-progress", "the status is in-progress");
  activate (f, "workspace.set-status", g_variant_new_string ("done"));
  wait_until_full (f, status_is, "done", "the status is done");

  activate (f, "workspace.undo", NULL);
  wait_until_full (f, status_is, "in-progress", "undo brings back in-progress");
  activate (f, "workspace.undo", NULL);
  wait_until_full (f, status_is, "unreviewed", "a second undo brings back unreviewed");
  activate (f, "workspace.redo", NULL);
  wait_until_full (f, status_is, "in-progress", "redo sets in-progress again");
  activate (f, "workspace.redo", NULL);
  wait_until_full (f, status_is, "done", "a second redo sets done again");
}

/* --- a finding: drawn, tagged, deleted, restored ------------------------ */

static gboolean
n_findings_is (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) findings = vault_findings (f);
  guint n = GPOINTER_TO_UINT (data);

  return findings->len == n && n_rows (child (f, "findings_list")) == n;
}

static gboolean
finding_is (Fixture       *f,
            gconstpointer  data)
{
  const char * const *want = data;   /* finding type, body region */
  g_autoptr(GPtrArray) findings = vault_findings (f);
  ReviewFindingRecord *r;

  if (findings->len != 1)
    return FALSE;
  r = g_ptr_array_index (findings, 0);
  return g_strcmp0 (r->finding_type, want[0]) == 0 &&
         g_strcmp0 (r->body_region ? r->body_region : "", want[1]) == 0 &&
         n_rows (child (f, "findings_list")) == 1;
}

static gboolean
palette_shown (Fixture       *f,
               gconstpointer  data)
{
  return gtk_widget_get_visible (child (f, "palette")) == GPOINTER_TO_INT (data);
}

static void
test_finding (Fixture       *f,
              gconstpointer  data)
{
  static const char * const abrasion[] = { "abrasion", "" };
  static const char * const abrasion_head[] = { "abrasion", "head" };
  static const double box[] = { 0.25, 0.25, 0.5, 0.25 };
  ReviewAnnotationCanvas *canvas = child (f, "canvas");
  ReviewTagPalette *palette = child (f, "palette");

  wait_until (f, n_findings_is, GUINT_TO_POINTER (0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (palette)));

  /* Ctrl+N starts a region from the keyboard; Enter on the canvas keeps it,
   * which the canvas tells with "region-drawn". */
  activate (f, "workspace.new-region", NULL);
  g_signal_emit_by_name (canvas, "region-drawn", (guint) REVIEW_SHAPE_RECT,
                         g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box,
                                                    G_N_ELEMENTS (box), sizeof (double)));
  wait_until (f, palette_shown, GINT_TO_POINTER (TRUE));
  /* Nothing is written before the region has a finding type. */
  wait_until (f, n_findings_is, GUINT_TO_POINTER (0));

  g_signal_emit_by_name (palette, "chosen", "abrasion");
  wait_until (f, finding_is, abrasion);
  /* Then where on the body: the palette asks again. */
  wait_until (f, palette_shown, GINT_TO_POINTER (TRUE));
  g_signal_emit_by_name (palette, "chosen", "head");
  wait_until (f, finding_is, abrasion_head);
  wait_until (f, palette_shown, GINT_TO_POINTER (FALSE));

  {
    g_autoptr(GPtrArray) findings = vault_findings (f);
    ReviewFindingRecord *r = g_ptr_array_index (findings, 0);

    g_assert_cmpint (r->shape, ==, REVIEW_SHAPE_RECT);
    g_assert_cmpuint (r->n_points, ==, 4);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpfloat_with_epsilon (r->points[i], box[i], 1e-6);
  }

  /* The new finding is the selected one: delete it, then undo. */
  activate (f, "workspace.delete-finding", NULL);
  wait_until (f, n_findings_is, GUINT_TO_POINTER (0));
  activate (f, "workspace.undo", NULL);
  wait_until (f, finding_is, abrasion_head);
}

/* --- a note and a person ------------------------------------------------ */

static gboolean
note_is (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(GPtrArray) notes = vault_notes (f);
  ReviewNoteRecord *n;

  if (notes->len != 1 || n_rows (child (f, "notes_list")) != 1)
    return FALSE;
  n = g_ptr_array_index (notes, 0);
  /* Once kept, the entry is emptied for the next note. */
  return g_str_equal (n->text, data) &&
         *gtk_editable_get_text (GTK_EDITABLE (child (f, "note_entry"))) == '\0';
}

static gboolean
n_persons_is (Fixture       *f,
              gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);

  return vault_n_persons (f) == n &&
         (review_workspace_get_person (f->workspace) != NULL) == (n > 0);
}

static void
test_note_and_person (Fixture       *f,
                      gconstpointer  data)
{
  const char *text = "Bruising consistent with the account";

  wait_until (f, n_persons_is, GUINT_TO_POINTER (0));
  {
    g_autoptr(GPtrArray) notes = vault_notes (f);
    g_assert_cmpuint (notes->len, ==, 0);
  }

  /* An empty note is not kept. */
  activate (f, "workspace.add-note", NULL);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "note_entry")), text);
  activate (f, "workspace.add-note", NULL);
  wait_until (f, note_is, text);

  activate (f, "workspace.new-person", NULL);
  wait_until (f, n_persons_is, GUINT_TO_POINTER (1));
  activate (f, "workspace.undo", NULL);
  wait_until (f, n_persons_is, GUINT_TO_POINTER (0));
  activate (f, "workspace.redo", NULL);
  wait_until (f, n_persons_is, GUINT_TO_POINTER (1));
  activate (f, "workspace.unlink-person", NULL);
  wait_until (f, n_persons_is, GUINT_TO_POINTER (0));
  /* The note stays. */
  wait_until (f, note_is, text);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add ("/workspace/status-undo-redo", Fixture, NULL, fixture_setup,
              test_status_undo_redo, fixture_teardown);
  g_test_add ("/workspace/finding", Fixture, NULL, fixture_setup, test_finding,
              fixture_teardown);
  g_test_add ("/workspace/note-and-person", Fixture, NULL, fixture_setup,
              test_note_and_person, fixture_teardown);
  return g_test_run ();
}
