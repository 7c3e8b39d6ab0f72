/* library-scale.c: the library model at archive scale (55,000 photos)
 *
 *   library-scale [N]
 *
 * Builds a throw-away encrypted vault holding N photos (one synthetic
 * thumbnail shared by all, inserted directly), then measures, side by side:
 *   - Review's model: loading the ids, then making the items a screen of the
 *     grid shows, and fetching their thumbnails (all on the store service's
 *     worker, as the window does: the times include the hand-over);
 *   - a naive peer: loading every row with its thumbnail up front, as a
 *     straightforward list model would.
 * Reports wall time and resident memory growth for each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "review-db-private.h"
#include "review-library-service.h"
#include "review-photo-list.h"
#include "review-recovery.h"
#include "review-vault-private.h"

static void
source_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(ReviewPhotoSource) found =
    review_library_photo_source_finish (REVIEW_STORE_SERVICE (source), result, NULL);

  g_assert (found != NULL && found->thumbnail != NULL);
  --*pending;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmRSS:");
  return p ? strtol (p + 6, NULL, 10) : -1;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 55000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("review-scale-XXXXXX", NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  char *recovery = review_recovery_key_generate (NULL);
  g_autoptr(ReviewVault) vault = review_vault_create (dir, NULL, key, recovery, "Bench",
                                                      REVIEW_ROLE_REVIEWER, &error);
  g_autoptr(sqlite3_stmt) ins = NULL, thumb = NULL;
  guint8 blob[12000];
  sqlite3 *db;
  gint64 t0;
  long r0;

  g_assert_no_error (error);
  db = review_vault_get_db (vault);
  for (guint i = 0; i < sizeof blob; i++)
    blob[i] = (guint8) (i * 2654435761u >> 24);

  fprintf (stderr, "library-scale: filling a vault with %u photos…\n", n);
  review_db_exec (db, "BEGIN; INSERT INTO import_batches (uuid, actor, started)"
                      " VALUES ('b', 'a', 'now')", NULL);
  review_db_prepare (db, "INSERT INTO photos (uuid, sha256, size, format, width, height,"
                         " file_name, batch_id, imported) VALUES (?, ?, 1, 'jpeg', 2048, 1536,"
                         " ?, 1, 'now')", &ins, NULL);
  review_db_prepare (db, "INSERT INTO thumbnails (photo_id, width, height, jpeg)"
                         " VALUES (?, 320, 240, ?)", &thumb, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *sha = g_strdup_printf ("%064x", i);
      g_autofree char *name = g_strdup_printf ("photo-%06u.jpg", i);
      sqlite3_bind_text (ins, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 2, sha, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 3, name, -1, SQLITE_STATIC);
      sqlite3_step (ins);
      sqlite3_reset (ins);
      sqlite3_bind_int64 (thumb, 1, sqlite3_last_insert_rowid (db));
      sqlite3_bind_blob (thumb, 2, blob, sizeof blob, SQLITE_STATIC);
      sqlite3_step (thumb);
      sqlite3_reset (thumb);
    }
  review_db_exec (db, "COMMIT", NULL);

  /* Review's model: ids only; items and thumbnails for one screen. */
  r0 = rss_kb ();
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(ReviewStoreService) service = review_store_service_new (vault);
    g_autoptr(ReviewPhotoList) list = review_photo_list_new (service);
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
    double load_ms;
    gint64 t1;
    guint start = n / 2;
    guint pending = 0;

    while (review_photo_list_is_loading (list))
      g_main_context_iteration (NULL, TRUE);
    load_ms = (g_get_monotonic_time () - t0) / 1000.0;
    t1 = g_get_monotonic_time ();
    for (guint i = start; i < start + 60 && i < n; i++)
      {
        ReviewPhoto *photo = g_list_model_get_item (G_LIST_MODEL (list), i);
        review_library_photo_source_async (service, review_photo_get_id (photo), FALSE, NULL,
                                           source_read_cb, &pending);
        pending++;
        g_ptr_array_add (items, photo);
      }
    while (pending > 0 || !review_photo_is_loaded (g_ptr_array_index (items, items->len - 1)))
      g_main_context_iteration (NULL, TRUE);
    printf ("%-44s %10.1f ms  load, %6.2f ms  one screen (60 items + thumbnails), RSS +%ld KiB\n",
            "review model (ids, items on demand)", load_ms,
            (g_get_monotonic_time () - t1) / 1000.0, rss_kb () - r0);
    printf ("%-44s %10u\n", "  items in the model", g_list_model_get_n_items (G_LIST_MODEL (list)));
  }

  /* The naive peer: every row and thumbnail up front. */
  r0 = rss_kb ();
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(sqlite3_stmt) all = NULL;
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

    review_db_prepare (db, "SELECT p.id, p.uuid, p.file_name, p.status, t.jpeg FROM photos p"
                           " JOIN thumbnails t ON t.photo_id = p.id ORDER BY p.id", &all, NULL);
    while (sqlite3_step (all) == SQLITE_ROW)
      g_ptr_array_add (rows, g_bytes_new (sqlite3_column_blob (all, 4),
                                          (gsize) sqlite3_column_bytes (all, 4)));
    printf ("%-44s %10.1f ms  load, RSS +%ld KiB\n", "naive peer (all rows with thumbnails)",
            (g_get_monotonic_time () - t0) / 1000.0, rss_kb () - r0);
  }

  review_vault_close (vault);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    int status;
    g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL);
  }
  review_secure_free_string (recovery);
  return 0;
}
