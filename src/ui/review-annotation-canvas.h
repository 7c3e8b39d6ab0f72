/* review-annotation-canvas.h: the photo in the workspace, with its regions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "review-photo-tile.h"
#include "review-store.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_TOOL_NONE,       /* press and hold reveals, click selects a region */
  REVIEW_TOOL_RECT,
  REVIEW_TOOL_ELLIPSE,
  REVIEW_TOOL_POLYGON,
} ReviewTool;

#define REVIEW_TYPE_ANNOTATION_CANVAS (review_annotation_canvas_get_type ())

G_DECLARE_FINAL_TYPE (ReviewAnnotationCanvas, review_annotation_canvas, REVIEW, ANNOTATION_CANVAS,
                      GtkWidget)

GtkWidget       *review_annotation_canvas_new           (void);
ReviewPhotoTile *review_annotation_canvas_get_tile      (ReviewAnnotationCanvas *self);
void             review_annotation_canvas_clear_regions (ReviewAnnotationCanvas *self);
void             review_annotation_canvas_add_region    (ReviewAnnotationCanvas *self,
                                                         const char             *uuid,
                                                         ReviewShape             shape,
                                                         const double           *points,
                                                         guint                   n_points,
                                                         const char             *label);
void             review_annotation_canvas_select        (ReviewAnnotationCanvas *self,
                                                         const char             *uuid);
void             review_annotation_canvas_set_tool      (ReviewAnnotationCanvas *self,
                                                         ReviewTool              tool);
ReviewTool       review_annotation_canvas_get_tool      (ReviewAnnotationCanvas *self);
void             review_annotation_canvas_set_pending   (ReviewAnnotationCanvas *self,
                                                         ReviewShape             shape,
                                                         const double           *points,
                                                         guint                   n_points);
void             review_annotation_canvas_start_keyboard_region (ReviewAnnotationCanvas *self);
void             review_annotation_canvas_cancel_drawing (ReviewAnnotationCanvas *self);
void             review_annotation_canvas_zoom          (ReviewAnnotationCanvas *self,
                                                         double                  factor);
void             review_annotation_canvas_reset_zoom    (ReviewAnnotationCanvas *self);
double           review_annotation_canvas_get_zoom      (ReviewAnnotationCanvas *self);

G_END_DECLS
