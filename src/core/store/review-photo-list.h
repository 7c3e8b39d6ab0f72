/* review-photo-list.h: the vault's photos as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-photo.h"
#include "review-store-service.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_PHOTO_SORT_IMPORT,
  REVIEW_PHOTO_SORT_CAPTURED,
  REVIEW_PHOTO_SORT_FILE_NAME,
} ReviewPhotoSort;

#define REVIEW_TYPE_PHOTO_LIST (review_photo_list_get_type ())

G_DECLARE_FINAL_TYPE (ReviewPhotoList, review_photo_list, REVIEW, PHOTO_LIST, GObject)

ReviewPhotoList *review_photo_list_new        (ReviewStoreService *service);
ReviewStoreService *review_photo_list_get_service (ReviewPhotoList *self);
void             review_photo_list_reload     (ReviewPhotoList *self);
gboolean         review_photo_list_is_loading (ReviewPhotoList *self);
void             review_photo_list_set_sort   (ReviewPhotoList *self,
                                               ReviewPhotoSort  sort);
void             review_photo_list_set_status (ReviewPhotoList *self,
                                               const char      *status);
void             review_photo_list_set_damaged_only (ReviewPhotoList *self,
                                                     gboolean         damaged);

void             review_photo_list_set_matching (ReviewPhotoList *self,
                                                 GHashTable      *ids);
guint            review_photo_list_find       (ReviewPhotoList *self,
                                               gint64           id);

G_END_DECLS
