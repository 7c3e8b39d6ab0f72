/* review-photo-tile.h: one blurred photo in the library, and the reveal
 * gesture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "review-decoder-pool.h"
#include "review-photo.h"
#include "review-photo-list.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_PHOTO_TILE (review_photo_tile_get_type ())

G_DECLARE_FINAL_TYPE (ReviewPhotoTile, review_photo_tile, REVIEW, PHOTO_TILE, GtkWidget)

GtkWidget   *review_photo_tile_new          (void);
void         review_photo_tile_set_source   (ReviewPhotoTile *self,
                                             ReviewPhotoList *list,
                                             double           blur_strength,
                                             gboolean         grayscale);
void         review_photo_tile_set_full_size (ReviewPhotoTile   *self,
                                              ReviewDecoderPool *pool);
const char  *review_photo_tile_get_notice   (ReviewPhotoTile *self);
void         review_photo_tile_set_photo    (ReviewPhotoTile *self,
                                             ReviewPhoto     *photo);
ReviewPhoto *review_photo_tile_get_photo    (ReviewPhotoTile *self);
gboolean     review_photo_tile_get_revealed (ReviewPhotoTile *self);
void         review_photo_tile_conceal      (ReviewPhotoTile *self);
void         review_photo_tile_set_reveal_policy (ReviewPhotoTile *self,
                                                  gboolean         keep_revealed,
                                                  guint            duration_s);
void         review_photo_tile_reveal_for   (ReviewPhotoTile *self,
                                             guint            seconds);
gboolean     review_photo_tile_get_image_rect (ReviewPhotoTile *self,
                                               graphene_rect_t *rect);
void         review_photo_tile_set_spotlight (ReviewPhotoTile *self,
                                              gboolean         active,
                                              double           x,
                                              double           y,
                                              double           radius);
gboolean     review_photo_tile_get_spotlight (ReviewPhotoTile *self);
void         review_photo_tile_set_show_badge (ReviewPhotoTile *self,
                                               gboolean         show_badge);

G_END_DECLS
