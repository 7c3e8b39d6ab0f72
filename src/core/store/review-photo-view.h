/* review-photo-view.h: everything the workspace shows of one photo, read
 * in one job of the store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-history-async.h"
#include "review-store-query.h"
#include "review-store-service.h"

G_BEGIN_DECLS

typedef struct
{
  char               *status;         /* NULL if it could not be read */
  GPtrArray          *findings;       /* ReviewFindingRecord*, NULL on error */
  char               *person;         /* the first person linked, or NULL */
  GHashTable         *person_fields;  /* NULL without a person, or on error */
  guint               n_person_photos;
  char               *facility;       /* the person's facility UUID, or NULL */
  ReviewFacilityHit  *facility_hit;   /* NULL if unknown */
  GPtrArray          *numbers;        /* ReviewNumberRecord*, NULL without a person */
  GPtrArray          *notes;          /* ReviewNoteRecord*, NULL on error */
  ReviewHistoryState  history;
} ReviewPhotoView;

void             review_photo_view_free        (ReviewPhotoView     *view);
/* @history may be NULL (the snapshot then says nothing to undo). */
void             review_photo_view_load_async  (ReviewStoreService  *service,
                                                ReviewHistory       *history,
                                                const char          *photo_uuid,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
ReviewPhotoView *review_photo_view_load_finish (ReviewStoreService  *service,
                                                GAsyncResult        *result,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewPhotoView, review_photo_view_free)

G_END_DECLS
