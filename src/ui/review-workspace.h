/* review-workspace.h: annotate one photo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "review-history.h"
#include "review-photo.h"
#include "review-photo-tile.h"
#include "review-store-service.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_WORKSPACE (review_workspace_get_type ())

G_DECLARE_FINAL_TYPE (ReviewWorkspace, review_workspace, REVIEW, WORKSPACE, GtkWidget)

GtkWidget       *review_workspace_new        (void);
void             review_workspace_set_service (ReviewWorkspace    *self,
                                               ReviewStoreService *service);
void             review_workspace_set_photo  (ReviewWorkspace *self,
                                              ReviewPhoto     *photo);
ReviewPhotoTile *review_workspace_get_tile   (ReviewWorkspace *self);
void             review_workspace_flush      (ReviewWorkspace *self);
const char      *review_workspace_get_person (ReviewWorkspace *self);
/* Only ever used in the store service's worker (review-history-async.h). */
ReviewHistory   *review_workspace_get_history (ReviewWorkspace *self);
void             review_workspace_focus_photo (ReviewWorkspace *self);

G_END_DECLS
