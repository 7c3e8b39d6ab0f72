/* review-library-service.c: what the library asks of the vault, on the
 * store service's worker
 *
 * The window's library never reads or writes the database itself: each
 * question (a search, the next unreviewed photo, today's revealed time, a
 * tile's thumbnail) and each audit entry it makes is a job run by the store
 * service on the vault's connection, in the order asked, its answer handed
 * back on the main context. These are the jobs and their typed wrappers.
 * Nothing here touches GTK: results are plain data, freed on either side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-db-private.h"
#include "review-library-service.h"
#include "review-lifecycle.h"
#include "review-store-query.h"
#include "review-vault-private.h"

static gint64 *
int64_new (gint64 value)
{
  gint64 *p = g_new (gint64, 1);

  *p = value;
  return p;
}

/* Takes the int64 result of a job that returns one. */
static gint64
int64_finish (ReviewStoreService  *service,
              GAsyncResult        *result,
              GError             **error)
{
  g_autofree gint64 *value = review_store_service_run_finish (service, result, error);

  if (value == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no result");
      return -1;
    }
  return *value;
}

/* --- the search ---------------------------------------------------------- */

typedef struct
{
  ReviewSearch  query;   /* pointing into the strings below */
  char         *status, *finding, *region, *facility, *person, *number, *text;
} SearchData;

static void
search_data_free (SearchData *d)
{
  g_free (d->status);
  g_free (d->finding);
  g_free (d->region);
  g_free (d->facility);
  g_free (d->person);
  g_free (d->number);
  g_free (d->text);
  g_free (d);
}

static gpointer
search_job (ReviewVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  SearchData *d = data;

  (void) cancellable;
  return review_store_search (vault, &d->query, error);
}

/**
 * review_library_search_async:
 * @query: (transfer none): copied
 *
 * Runs review_store_search() in the worker. A search whose @cancellable is
 * cancelled before it starts is not run (the next keystroke's replaces it).
 */
void
review_library_search_async (ReviewStoreService  *service,
                             const ReviewSearch  *query,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SearchData *d = g_new0 (SearchData, 1);

  g_return_if_fail (query != NULL);
  d->query = *query;
  d->query.status = d->status = g_strdup (query->status);
  d->query.finding = d->finding = g_strdup (query->finding);
  d->query.region = d->region = g_strdup (query->region);
  d->query.facility = d->facility = g_strdup (query->facility);
  d->query.person = d->person = g_strdup (query->person);
  d->query.number = d->number = g_strdup (query->number);
  d->query.text = d->text = g_strdup (query->text);
  review_store_service_run_async (service, search_job, d, (GDestroyNotify) search_data_free,
                                  (GDestroyNotify) review_search_result_free, cancellable,
                                  callback, user_data);
}

ReviewSearchResult *
review_library_search_finish (ReviewStoreService  *service,
                              GAsyncResult        *result,
                              GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

/* --- the next unreviewed photo ------------------------------------------ */

static gpointer
next_unreviewed_job (ReviewVault   *vault,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gint64 id;

  (void) cancellable;
  id = review_store_next_unreviewed (vault, *(gint64 *) data, error);
  return id < 0 ? NULL : int64_new (id);
}

void
review_library_next_unreviewed_async (ReviewStoreService  *service,
                                      gint64               after_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  review_store_service_run_async (service, next_unreviewed_job, int64_new (after_id), g_free,
                                  g_free, cancellable, callback, user_data);
}

gint64
review_library_next_unreviewed_finish (ReviewStoreService  *service,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  return int64_finish (service, result, error);
}

/* --- today's revealed time ---------------------------------------------- */

/**
 * review_library_exposure_since:
 * @since_utc: an audit time ("%Y-%m-%dT%H:%M:%S.000000Z")
 *
 * The revealed time recorded since then (reveals' durations), in
 * microseconds; -1 with @error set. Blocking: the worker's.
 */
gint64
review_library_exposure_since (ReviewVault  *vault,
                               const char   *since_utc,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  int rc;

  if (!review_db_prepare (db,
                          "SELECT coalesce(sum(json_extract(details, '$.duration_ms')), 0)"
                          " FROM audit WHERE action = 'photo.revealed' AND time >= ?",
                          &stmt, error))
    return -1;
  sqlite3_bind_text (stmt, 1, since_utc, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0) * 1000;
  review_db_set_error (error, db, rc);
  return -1;
}

static gpointer
exposure_job (ReviewVault   *vault,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 us;

  (void) cancellable;
  us = review_library_exposure_since (vault, data, error);
  return us < 0 ? NULL : int64_new (us);
}

/**
 * review_library_exposure_today_async:
 *
 * Today is the local day when this is called; the revealed time comes from
 * the audit trail, so it survives restarts.
 */
void
review_library_exposure_today_async (ReviewStoreService  *service,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) midnight_utc = g_date_time_to_utc (midnight);

  review_store_service_run_async (service, exposure_job,
                                  g_date_time_format (midnight_utc, "%Y-%m-%dT%H:%M:%S.000000Z"),
                                  g_free, g_free, cancellable, callback, user_data);
}

gint64
review_library_exposure_today_finish (ReviewStoreService  *service,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  return int64_finish (service, result, error);
}

/* --- audit entries ------------------------------------------------------ */

typedef struct
{
  char *action;
  char *target;
  char *details;
} AuditData;

static void
audit_data_free (AuditData *d)
{
  g_free (d->action);
  g_free (d->target);
  g_free (d->details);
  g_free (d);
}

static gpointer
audit_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  AuditData *d = data;

  (void) cancellable;
  if (review_vault_get_db (vault) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The vault is closed."));
      return NULL;
    }
  if (!review_vault_audit (vault, d->action, d->target, d->details, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
review_library_audit_async (ReviewStoreService  *service,
                            const char          *action,
                            const char          *target,
                            const char          *details_json,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  AuditData *d = g_new0 (AuditData, 1);

  d->action = g_strdup (action);
  d->target = g_strdup (target);
  d->details = g_strdup (details_json);
  review_store_service_run_async (service, audit_job, d, (GDestroyNotify) audit_data_free, NULL,
                                  cancellable, callback, user_data);
}

gboolean
review_library_audit_finish (ReviewStoreService  *service,
                             GAsyncResult        *result,
                             GError             **error)
{
  return review_store_service_run_boolean_finish (service, result, error);
}

/* --- the end of a session ----------------------------------------------- */

typedef struct
{
  char     *lock_details;
  gboolean  wait;
} CloseData;

static void
close_data_free (CloseData *d)
{
  g_free (d->lock_details);
  g_free (d);
}

static gpointer
close_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  CloseData *d = data;

  (void) cancellable; (void) error;
  if (review_vault_get_db (vault) == NULL)
    return GINT_TO_POINTER (TRUE);
  if (d->lock_details != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      if (!review_vault_audit (vault, "vault.locked", review_vault_get_id (vault),
                               d->lock_details, &local_error))
        g_warning ("The lock could not be recorded: %s", local_error->message);
    }
  /* The head, with the lock, kept outside the vault. */
  review_lifecycle_keep_audit_head (vault, d->wait);
  /* Closing wipes the vault's key copy. A thread that still holds the vault
   * (a cancelled report finishing) would use the connection after it
   * closed: then its last reference closes it instead, moments later. The
   * service holds one reference. */
  if (G_OBJECT (vault)->ref_count == 1)
    review_vault_close (vault);
  else
    g_debug ("close: %u other holders of the vault; it closes when they let go",
             G_OBJECT (vault)->ref_count - 1);
  return GINT_TO_POINTER (TRUE);
}

void
review_library_close_async (ReviewStoreService  *service,
                            const char          *lock_details,
                            gboolean             wait,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  CloseData *d = g_new0 (CloseData, 1);

  d->lock_details = g_strdup (lock_details);
  d->wait = wait;
  review_store_service_run_async (service, close_job, d, (GDestroyNotify) close_data_free, NULL,
                                  NULL, callback, user_data);
}

void
review_library_close_finish (ReviewStoreService *service,
                             GAsyncResult       *result)
{
  review_store_service_run_boolean_finish (service, result, NULL);
}

/* --- a tile's pixels ---------------------------------------------------- */

void
review_photo_source_free (ReviewPhotoSource *source)
{
  if (source == NULL)
    return;
  g_clear_pointer (&source->thumbnail, g_bytes_unref);
  g_strfreev (source->paths);
  g_free (source->sha256);
  g_free (source);
}

typedef struct
{
  gint64   id;
  gboolean with_paths;
} SourceData;

static gboolean
read_thumbnail (sqlite3            *db,
                gint64              photo_id,
                ReviewPhotoSource  *source,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, "SELECT jpeg FROM thumbnails WHERE photo_id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, photo_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    source->thumbnail = g_bytes_new (sqlite3_column_blob (stmt, 0),
                                     (gsize) sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_paths (sqlite3            *db,
            gint64              photo_id,
            ReviewPhotoSource  *source,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  int rc;

  if (!review_db_prepare (db, "SELECT p.sha256, pp.path FROM photos p JOIN photo_paths pp"
                              " ON pp.photo_id = p.id WHERE p.id = ? ORDER BY pp.batch_id DESC",
                          &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, photo_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (source->sha256 == NULL)
        source->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (paths, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  source->paths = g_strv_builder_end (paths);
  return TRUE;
}

static gpointer
photo_source_job (ReviewVault   *vault,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SourceData *d = data;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(ReviewPhotoSource) source = g_new0 (ReviewPhotoSource, 1);

  (void) cancellable;
  if (db == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The vault is closed."));
      return NULL;
    }
  if ((d->with_paths && !read_paths (db, d->id, source, error)) ||
      !read_thumbnail (db, d->id, source, error))
    return NULL;
  return g_steal_pointer (&source);
}

/**
 * review_library_photo_source_async:
 * @with_paths: also where the original was found (the large view)
 *
 * A photo's stored thumbnail (JPEG, made by the importer from the helper's
 * pixels) and, when asked, the original's paths and SHA-256.
 */
void
review_library_photo_source_async (ReviewStoreService  *service,
                                   gint64               photo_id,
                                   gboolean             with_paths,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SourceData *d = g_new0 (SourceData, 1);

  d->id = photo_id;
  d->with_paths = with_paths;
  review_store_service_run_async (service, photo_source_job, d, g_free,
                                  (GDestroyNotify) review_photo_source_free, cancellable,
                                  callback, user_data);
}

ReviewPhotoSource *
review_library_photo_source_finish (ReviewStoreService  *service,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
