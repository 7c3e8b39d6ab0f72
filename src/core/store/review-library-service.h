/* review-library-service.h: what the library asks of the vault, on the
 * store service's worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-store.h"
#include "review-store-service.h"

G_BEGIN_DECLS

/* The search of the library's search field and filters. */
void                review_library_search_async  (ReviewStoreService   *service,
                                                  const ReviewSearch   *query,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
ReviewSearchResult *review_library_search_finish (ReviewStoreService   *service,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* The id of the next unreviewed photo after @after_id (wrapping round). */
void                review_library_next_unreviewed_async  (ReviewStoreService   *service,
                                                           gint64                after_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
/* Returns: the id, 0 when every photo is reviewed, -1 with @error set */
gint64              review_library_next_unreviewed_finish (ReviewStoreService   *service,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Today's revealed time (local day), from the audit trail. */
void                review_library_exposure_today_async  (ReviewStoreService   *service,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: microseconds, or -1 with @error set */
gint64              review_library_exposure_today_finish (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* One audit entry (a reveal, the vault opened). */
void                review_library_audit_async  (ReviewStoreService   *service,
                                                 const char           *action,
                                                 const char           *target,
                                                 const char           *details_json,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            review_library_audit_finish (ReviewStoreService   *service,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* The end of a session on the vault, in the worker, after every job asked
 * for before: the "vault.locked" entry (when @lock_details is set), the
 * audit head kept outside the vault (@wait: written before this finishes,
 * for a window that closes; else by another worker), then the connection
 * closed, unless another thread still holds the vault (a report being
 * cancelled): then its last reference closes it. Never fails. */
void                review_library_close_async  (ReviewStoreService   *service,
                                                 const char           *lock_details,
                                                 gboolean              wait,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void                review_library_close_finish (ReviewStoreService   *service,
                                                 GAsyncResult         *result);

/* What a tile needs to draw a photo: its stored thumbnail and, for the
 * large view, where its original was found. */
typedef struct
{
  GBytes  *thumbnail;   /* JPEG; NULL when the vault has none */
  char   **paths;       /* most recent import first; NULL unless asked for */
  char    *sha256;      /* the original's, with the paths */
} ReviewPhotoSource;

void                review_photo_source_free  (ReviewPhotoSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewPhotoSource, review_photo_source_free)

void                review_library_photo_source_async  (ReviewStoreService   *service,
                                                        gint64                photo_id,
                                                        gboolean              with_paths,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
ReviewPhotoSource  *review_library_photo_source_finish (ReviewStoreService   *service,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* The same, blocking, for the worker and for tools without a window. */
gint64              review_library_exposure_since (ReviewVault   *vault,
                                                   const char    *since_utc,
                                                   GError       **error);

G_END_DECLS
