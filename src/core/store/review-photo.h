/* review-photo.h: one photo of the vault, as the library shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REVIEW_TYPE_PHOTO (review_photo_get_type ())

G_DECLARE_FINAL_TYPE (ReviewPhoto, review_photo, REVIEW, PHOTO, GObject)

ReviewPhoto *review_photo_new           (gint64       id,
                                         const char  *uuid,
                                         const char  *file_name,
                                         const char  *status,
                                         guint        number);
ReviewPhoto *review_photo_new_pending   (gint64       id,
                                         guint        number);
void         review_photo_set_details   (ReviewPhoto *self,
                                         const char  *uuid,
                                         const char  *file_name,
                                         const char  *status,
                                         const char  *damage);
gboolean     review_photo_is_loaded     (ReviewPhoto *self);
gint64       review_photo_get_id        (ReviewPhoto *self);
const char  *review_photo_get_uuid      (ReviewPhoto *self);
const char  *review_photo_get_file_name (ReviewPhoto *self);
const char  *review_photo_get_status    (ReviewPhoto *self);
guint        review_photo_get_number    (ReviewPhoto *self);
void         review_photo_set_damage    (ReviewPhoto *self,
                                         const char  *damage);
const char  *review_photo_get_damage    (ReviewPhoto *self);
const char  *review_photo_status_label  (const char  *status);

G_END_DECLS
