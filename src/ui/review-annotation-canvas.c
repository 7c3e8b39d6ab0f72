/* review-annotation-canvas.c
 *
 * The workspace's photo: a ReviewPhotoTile (blurred, with its reveal
 * gestures) under the regions already recorded, outlined with their labels
 * so the reviewer can work without revealing again.
 *
 *   Draw: choose a tool (rectangle, ellipse, polygon) and drag, or click the
 *   corners of a polygon and press Enter (or click the first corner). From
 *   the keyboard, Ctrl+N puts a region in the middle: arrows move it,
 *   Shift+arrows resize it, Enter keeps it.
 *   Spotlight: while Alt is held, only a circle around the pointer is
 *   revealed; releasing Alt blurs again and the exposure is recorded.
 *   Zoom: Ctrl+scroll, Ctrl+plus/minus/0; pan with the middle button, or
 *   with arrow keys while zoomed in.
 *
 * Regions are in normalised coordinates of the oriented original (0..1), so
 * they do not depend on zoom or on the size shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "review-annotation-canvas.h"

#define MAX_ZOOM 8.0
#define SPOT_RADIUS 90.0
#define MIN_DRAG 6.0

typedef struct
{
  char        *uuid;
  ReviewShape  shape;
  GArray      *points;   /* double */
  char        *label;
} Region;

struct _ReviewAnnotationCanvas
{
  GtkWidget        parent_instance;

  ReviewPhotoTile *tile;
  GPtrArray       *regions;      /* Region* */
  char            *selected;
  ReviewTool       tool;

  double           zoom;
  double           pan_x, pan_y;  /* tile origin in canvas coordinates */
  double           pointer_x, pointer_y;
  gboolean         pointer_inside;

  /* The region being drawn, in normalised coordinates. */
  gboolean         drawing;
  ReviewShape      draw_shape;
  GArray          *draw_points;   /* polygon corners, or x0, y0, x1, y1 of a drag */
  gboolean         keyboard_region;
  double           key_box[4];

  double           pan_start_x, pan_start_y;

  /* A region drawn and waiting for its tag. */
  ReviewShape      pending_shape;
  GArray          *pending;       /* double; empty when none */
};

enum {
  SIGNAL_REGION_DRAWN,
  SIGNAL_REGION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewAnnotationCanvas, review_annotation_canvas, GTK_TYPE_WIDGET)

static void
region_free (Region *r)
{
  g_free (r->uuid);
  g_array_unref (r->points);
  g_free (r->label);
  g_free (r);
}

/* --- coordinates -------------------------------------------------------- */

static gboolean
image_rect (ReviewAnnotationCanvas *self,
            graphene_rect_t        *rect)
{
  if (!review_photo_tile_get_image_rect (self->tile, rect))
    return FALSE;
  rect->origin.x += self->pan_x;
  rect->origin.y += self->pan_y;
  return rect->size.width > 0 && rect->size.height > 0;
}

static gboolean
to_normal (ReviewAnnotationCanvas *self,
           double                  x,
           double                  y,
           double                 *u,
           double                 *v)
{
  graphene_rect_t r;

  if (!image_rect (self, &r))
    return FALSE;
  *u = CLAMP ((x - r.origin.x) / r.size.width, 0.0, 1.0);
  *v = CLAMP ((y - r.origin.y) / r.size.height, 0.0, 1.0);
  return TRUE;
}

static void
to_canvas (const graphene_rect_t *r,
           double                 u,
           double                 v,
           double                *x,
           double                *y)
{
  *x = r->origin.x + u * r->size.width;
  *y = r->origin.y + v * r->size.height;
}

static void
clamp_pan (ReviewAnnotationCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  self->pan_x = CLAMP (self->pan_x, w - w * self->zoom, 0);
  self->pan_y = CLAMP (self->pan_y, h - h * self->zoom, 0);
}

/* --- drawing ------------------------------------------------------------ */

static void
path_region (cairo_t               *cr,
             const graphene_rect_t *r,
             ReviewShape            shape,
             const double          *p,
             guint                  n)
{
  double x0, y0, x1, y1;

  if (shape == REVIEW_SHAPE_POLYGON)
    {
      for (guint i = 0; i + 1 < n; i += 2)
        {
          to_canvas (r, p[i], p[i + 1], &x0, &y0);
          if (i == 0)
            cairo_move_to (cr, x0, y0);
          else
            cairo_line_to (cr, x0, y0);
        }
      cairo_close_path (cr);
      return;
    }
  if (n < 4)
    return;
  to_canvas (r, p[0], p[1], &x0, &y0);
  to_canvas (r, p[0] + p[2], p[1] + p[3], &x1, &y1);
  if (shape == REVIEW_SHAPE_RECT)
    cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  else if (x1 - x0 > 0 && y1 - y0 > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, (x0 + x1) / 2, (y0 + y1) / 2);
      cairo_scale (cr, (x1 - x0) / 2, (y1 - y0) / 2);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
    }
}

/* Outline in two strokes (dark under light) so it shows on any blur. */
static void
stroke_outline (cairo_t  *cr,
                gboolean  selected,
                gboolean  dashed)
{
  double dash[] = { 6, 4 };

  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  cairo_set_line_width (cr, selected ? 5 : 4);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, selected ? 3 : 2);
  if (selected)
    cairo_set_source_rgba (cr, 1.0, 0.78, 0.0, 1.0);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_stroke (cr);
}

/* The box drawn so far, normalised: x, y, w, h. */
static gboolean
drag_box (ReviewAnnotationCanvas *self,
          double                  box[4])
{
  const double *p;

  if (self->keyboard_region)
    {
      memcpy (box, self->key_box, sizeof self->key_box);
      return TRUE;
    }
  if (!self->drawing || self->draw_shape == REVIEW_SHAPE_POLYGON || self->draw_points->len < 4)
    return FALSE;
  p = (const double *) self->draw_points->data;
  box[0] = MIN (p[0], p[2]);
  box[1] = MIN (p[1], p[3]);
  box[2] = fabs (p[2] - p[0]);
  box[3] = fabs (p[3] - p[1]);
  return TRUE;
}

static void
review_annotation_canvas_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  ReviewAnnotationCanvas *self = REVIEW_ANNOTATION_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t r;
  cairo_t *cr;
  double box[4];

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->tile), snapshot);
  if (!image_rect (self, &r))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->regions->len; i++)
    {
      Region *region = g_ptr_array_index (self->regions, i);
      gboolean selected = g_strcmp0 (region->uuid, self->selected) == 0;

      path_region (cr, &r, region->shape, (const double *) region->points->data,
                   region->points->len);
      stroke_outline (cr, selected, FALSE);
    }

  if (self->pending->len > 0)
    {
      path_region (cr, &r, self->pending_shape, (const double *) self->pending->data,
                   self->pending->len);
      stroke_outline (cr, TRUE, TRUE);
    }
  if (drag_box (self, box))
    {
      path_region (cr, &r, self->keyboard_region ? REVIEW_SHAPE_RECT : self->draw_shape, box, 4);
      stroke_outline (cr, TRUE, TRUE);
    }
  else if (self->drawing && self->draw_shape == REVIEW_SHAPE_POLYGON && self->draw_points->len >= 2)
    {
      const double *p = (const double *) self->draw_points->data;
      double x, y;

      for (guint i = 0; i + 1 < self->draw_points->len; i += 2)
        {
          to_canvas (&r, p[i], p[i + 1], &x, &y);
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (self->pointer_inside)
        cairo_line_to (cr, self->pointer_x, self->pointer_y);
      stroke_outline (cr, TRUE, TRUE);
      for (guint i = 0; i + 1 < self->draw_points->len; i += 2)
        {
          to_canvas (&r, p[i], p[i + 1], &x, &y);
          cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 1.0, 0.78, 0.0, 1.0);
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);

  /* Labels, on a dark plate, at each region's top start corner, moved down
   * past any label already placed there so that none hides another. */
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  for (guint i = 0; i < self->regions->len; i++)
    {
      Region *region = g_ptr_array_index (self->regions, i);
      const double *p = (const double *) region->points->data;
      g_autoptr(PangoLayout) layout = NULL;
      double minx = 1, miny = 1, x, y;
      int lw, lh;
      GdkRGBA plate = { 0, 0, 0, 0.72 };
      GdkRGBA ink = { 1, 1, 1, 1 };

      if (region->label == NULL || *region->label == '\0')
        continue;
      if (region->shape == REVIEW_SHAPE_POLYGON)
        for (guint j = 0; j + 1 < region->points->len; j += 2)
          {
            minx = MIN (minx, p[j]);
            miny = MIN (miny, p[j + 1]);
          }
      else
        {
          minx = p[0];
          miny = p[1];
        }
      to_canvas (&r, minx, miny, &x, &y);
      layout = gtk_widget_create_pango_layout (widget, region->label);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      y = MAX (0, y - lh - 4);
      for (gboolean moved = TRUE; moved;)
        {
          graphene_rect_t here = GRAPHENE_RECT_INIT (x, y, lw + 8, lh + 4);
          moved = FALSE;
          for (guint j = 0; j < placed->len; j++)
            if (graphene_rect_intersection (&here, &g_array_index (placed, graphene_rect_t, j),
                                            NULL))
              {
                y = g_array_index (placed, graphene_rect_t, j).origin.y + lh + 5;
                moved = TRUE;
              }
        }
      g_array_append_val (placed, GRAPHENE_RECT_INIT (x, y, lw + 8, lh + 4));
      gtk_snapshot_append_color (snapshot, &plate, &GRAPHENE_RECT_INIT (x, y, lw + 8, lh + 4));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 4, y + 2));
      gtk_snapshot_append_layout (snapshot, layout, &ink);
      gtk_snapshot_restore (snapshot);
    }
}

static void
review_annotation_canvas_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  ReviewAnnotationCanvas *self = REVIEW_ANNOTATION_CANVAS (widget);

  clamp_pan (self);
  gtk_widget_allocate (GTK_WIDGET (self->tile), (int) (width * self->zoom),
                       (int) (height * self->zoom), -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (self->pan_x,
                                                                            self->pan_y)));
}

static void
review_annotation_canvas_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

/* --- editing ------------------------------------------------------------ */

static void
finish_region (ReviewAnnotationCanvas *self,
               ReviewShape             shape,
               const double           *points,
               guint                   n)
{
  g_autoptr(GVariant) variant = NULL;

  variant = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, points, n,
                                                           sizeof (double)));
  self->drawing = FALSE;
  self->keyboard_region = FALSE;
  g_array_set_size (self->draw_points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_REGION_DRAWN], 0, (guint) shape, variant);
}

void
review_annotation_canvas_cancel_drawing (ReviewAnnotationCanvas *self)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  self->drawing = FALSE;
  self->keyboard_region = FALSE;
  g_array_set_size (self->draw_points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_polygon (ReviewAnnotationCanvas *self)
{
  if (self->draw_points->len >= 6)
    finish_region (self, REVIEW_SHAPE_POLYGON, (const double *) self->draw_points->data,
                   self->draw_points->len);
  else
    review_annotation_canvas_cancel_drawing (self);
}

static void
drag_begin_cb (GtkGestureDrag         *gesture,
               double                  x,
               double                  y,
               ReviewAnnotationCanvas *self)
{
  double u, v;

  if ((self->tool != REVIEW_TOOL_RECT && self->tool != REVIEW_TOOL_ELLIPSE) ||
      !to_normal (self, x, y, &u, &v))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->keyboard_region = FALSE;
  self->drawing = TRUE;
  self->draw_shape = self->tool == REVIEW_TOOL_RECT ? REVIEW_SHAPE_RECT : REVIEW_SHAPE_ELLIPSE;
  g_array_set_size (self->draw_points, 0);
  g_array_append_val (self->draw_points, u);
  g_array_append_val (self->draw_points, v);
  g_array_append_val (self->draw_points, u);
  g_array_append_val (self->draw_points, v);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag         *gesture,
                double                  dx,
                double                  dy,
                ReviewAnnotationCanvas *self)
{
  double x, y, u, v;

  if (!self->drawing || self->draw_points->len < 4)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  if (!to_normal (self, x + dx, y + dy, &u, &v))
    return;
  g_array_index (self->draw_points, double, 2) = u;
  g_array_index (self->draw_points, double, 3) = v;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag         *gesture,
             double                  dx,
             double                  dy,
             ReviewAnnotationCanvas *self)
{
  double box[4];

  drag_update_cb (gesture, dx, dy, self);
  if (!drag_box (self, box))
    return;
  if (hypot (dx, dy) < MIN_DRAG || box[2] <= 0 || box[3] <= 0)
    {
      review_annotation_canvas_cancel_drawing (self);
      return;
    }
  finish_region (self, self->draw_shape, box, 4);
}

static void
polygon_pressed_cb (GtkGestureClick        *gesture,
                    int                     n_press,
                    double                  x,
                    double                  y,
                    ReviewAnnotationCanvas *self)
{
  graphene_rect_t r;
  double u, v;

  if (self->tool != REVIEW_TOOL_POLYGON || !to_normal (self, x, y, &u, &v) ||
      !image_rect (self, &r))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->drawing || self->draw_shape != REVIEW_SHAPE_POLYGON)
    {
      self->drawing = TRUE;
      self->keyboard_region = FALSE;
      self->draw_shape = REVIEW_SHAPE_POLYGON;
      g_array_set_size (self->draw_points, 0);
    }
  else if (n_press >= 2)
    {
      finish_polygon (self);
      return;
    }
  else if (self->draw_points->len >= 6)
    {
      /* A click on the first corner closes the polygon. */
      double fx, fy;
      to_canvas (&r, g_array_index (self->draw_points, double, 0),
                 g_array_index (self->draw_points, double, 1), &fx, &fy);
      if (hypot (x - fx, y - fy) < 10)
        {
          finish_polygon (self);
          return;
        }
    }
  g_array_append_val (self->draw_points, u);
  g_array_append_val (self->draw_points, v);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A click with no tool selects the region under the pointer (the smallest,
 * when they overlap). */
static void
select_pressed_cb (GtkGestureClick        *gesture,
                   int                     n_press,
                   double                  x,
                   double                  y,
                   ReviewAnnotationCanvas *self)
{
  graphene_rect_t r;
  Region *best = NULL;
  double best_area = G_MAXDOUBLE;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->tool != REVIEW_TOOL_NONE || !image_rect (self, &r))
    return;
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  for (guint i = 0; i < self->regions->len; i++)
    {
      Region *region = g_ptr_array_index (self->regions, i);
      double x1, y1, x2, y2;

      cairo_new_path (cr);
      path_region (cr, &r, region->shape, (const double *) region->points->data,
                   region->points->len);
      if (!cairo_in_fill (cr, x, y))
        continue;
      cairo_fill_extents (cr, &x1, &y1, &x2, &y2);
      if ((x2 - x1) * (y2 - y1) < best_area)
        {
          best_area = (x2 - x1) * (y2 - y1);
          best = region;
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (best != NULL)
    {
      review_annotation_canvas_select (self, best->uuid);
      g_signal_emit (self, signals[SIGNAL_REGION_ACTIVATED], 0, best->uuid);
    }
}

/* --- pan, zoom, spotlight ----------------------------------------------- */

static void
zoom_at (ReviewAnnotationCanvas *self,
         double                  factor,
         double                  x,
         double                  y)
{
  double old = self->zoom;

  self->zoom = CLAMP (self->zoom * factor, 1.0, MAX_ZOOM);
  /* Keep the point under (x, y) where it is. */
  self->pan_x = x - (x - self->pan_x) * self->zoom / old;
  self->pan_y = y - (y - self->pan_y) * self->zoom / old;
  clamp_pan (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
review_annotation_canvas_zoom (ReviewAnnotationCanvas *self,
                               double                  factor)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
review_annotation_canvas_reset_zoom (ReviewAnnotationCanvas *self)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  self->zoom = 1.0;
  self->pan_x = self->pan_y = 0;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

double
review_annotation_canvas_get_zoom (ReviewAnnotationCanvas *self)
{
  return self->zoom;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ReviewAnnotationCanvas   *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, dy < 0 ? 1.25 : 0.8, self->pointer_x, self->pointer_y);
      return TRUE;
    }
  if (self->zoom > 1.0)
    {
      self->pan_x -= dx * 40;
      self->pan_y -= dy * 40;
      clamp_pan (self);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return TRUE;
    }
  return FALSE;
}

static void
pan_begin_cb (GtkGestureDrag         *gesture,
              double                  x,
              double                  y,
              ReviewAnnotationCanvas *self)
{
  self->pan_start_x = self->pan_x;
  self->pan_start_y = self->pan_y;
}

static void
pan_update_cb (GtkGestureDrag         *gesture,
               double                  dx,
               double                  dy,
               ReviewAnnotationCanvas *self)
{
  self->pan_x = self->pan_start_x + dx;
  self->pan_y = self->pan_start_y + dy;
  clamp_pan (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
update_spotlight (ReviewAnnotationCanvas *self,
                  gboolean                held)
{
  double x = self->pointer_x - self->pan_x;
  double y = self->pointer_y - self->pan_y;

  review_photo_tile_set_spotlight (self->tile, held && self->pointer_inside, x, y, SPOT_RADIUS);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ReviewAnnotationCanvas   *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_spotlight (self, (state & GDK_ALT_MASK) != 0);
  if (self->drawing && self->draw_shape == REVIEW_SHAPE_POLYGON)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          ReviewAnnotationCanvas   *self)
{
  self->pointer_inside = FALSE;
  update_spotlight (self, FALSE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey  *controller,
                guint                   keyval,
                guint                   keycode,
                GdkModifierType         state,
                ReviewAnnotationCanvas *self)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  double step = 0.02;
  double dx = 0, dy = 0;

  if (keyval == GDK_KEY_Alt_L || keyval == GDK_KEY_Alt_R)
    {
      update_spotlight (self, TRUE);
      return FALSE;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dx = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dx = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dy = -1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dy = 1; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
      if (self->keyboard_region)
        {
          double box[4];
          memcpy (box, self->key_box, sizeof box);
          finish_region (self, REVIEW_SHAPE_RECT, box, 4);
          return TRUE;
        }
      if (self->drawing && self->draw_shape == REVIEW_SHAPE_POLYGON)
        {
          finish_polygon (self);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_BackSpace:
      if (self->drawing && self->draw_shape == REVIEW_SHAPE_POLYGON && self->draw_points->len >= 2)
        {
          g_array_set_size (self->draw_points, self->draw_points->len - 2);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_Escape:
      /* Cancel the drawing, and let the window blur everything too. */
      review_annotation_canvas_cancel_drawing (self);
      return FALSE;
    default:
      return FALSE;
    }

  /* The keys move with the text direction: "Left" is towards the start in
   * a left-to-right layout only; the photo itself is never mirrored. */
  if (self->keyboard_region)
    {
      double *b = self->key_box;
      if (shift)
        {
          b[2] = CLAMP (b[2] + dx * step, 0.02, 1.0 - b[0]);
          b[3] = CLAMP (b[3] + dy * step, 0.02, 1.0 - b[1]);
        }
      else
        {
          b[0] = CLAMP (b[0] + dx * step, 0.0, 1.0 - b[2]);
          b[1] = CLAMP (b[1] + dy * step, 0.0, 1.0 - b[3]);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  if (self->zoom > 1.0)
    {
      self->pan_x -= dx * 60;
      self->pan_y -= dy * 60;
      clamp_pan (self);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return TRUE;
    }
  return FALSE;
}

static void
key_released_cb (GtkEventControllerKey  *controller,
                 guint                   keyval,
                 guint                   keycode,
                 GdkModifierType         state,
                 ReviewAnnotationCanvas *self)
{
  if (keyval == GDK_KEY_Alt_L || keyval == GDK_KEY_Alt_R)
    update_spotlight (self, FALSE);
}

/* --- API ---------------------------------------------------------------- */

ReviewPhotoTile *
review_annotation_canvas_get_tile (ReviewAnnotationCanvas *self)
{
  g_return_val_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self), NULL);
  return self->tile;
}

void
review_annotation_canvas_clear_regions (ReviewAnnotationCanvas *self)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  g_ptr_array_set_size (self->regions, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
review_annotation_canvas_add_region (ReviewAnnotationCanvas *self,
                                     const char             *uuid,
                                     ReviewShape             shape,
                                     const double           *points,
                                     guint                   n_points,
                                     const char             *label)
{
  Region *region;

  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  region = g_new0 (Region, 1);
  region->uuid = g_strdup (uuid);
  region->shape = shape;
  region->points = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (region->points, points, n_points);
  region->label = g_strdup (label);
  g_ptr_array_add (self->regions, region);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
review_annotation_canvas_select (ReviewAnnotationCanvas *self,
                                 const char             *uuid)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  g_free (self->selected);
  self->selected = g_strdup (uuid);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
review_annotation_canvas_set_tool (ReviewAnnotationCanvas *self,
                                   ReviewTool              tool)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  if (self->tool == tool)
    return;
  self->tool = tool;
  review_annotation_canvas_cancel_drawing (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), tool == REVIEW_TOOL_NONE ? NULL
                                                                                : "crosshair");
}

ReviewTool
review_annotation_canvas_get_tool (ReviewAnnotationCanvas *self)
{
  return self->tool;
}

/**
 * review_annotation_canvas_set_pending:
 * @points: (nullable): the region waiting for its tag; %NULL when none
 */
void
review_annotation_canvas_set_pending (ReviewAnnotationCanvas *self,
                                      ReviewShape             shape,
                                      const double           *points,
                                      guint                   n_points)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  self->pending_shape = shape;
  g_array_set_size (self->pending, 0);
  if (points != NULL)
    g_array_append_vals (self->pending, points, n_points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * review_annotation_canvas_start_keyboard_region:
 *
 * A rectangle in the middle of the photo, to move with the arrow keys, size
 * with Shift+arrows, and keep with Enter.
 */
void
review_annotation_canvas_start_keyboard_region (ReviewAnnotationCanvas *self)
{
  g_return_if_fail (REVIEW_IS_ANNOTATION_CANVAS (self));
  self->drawing = FALSE;
  self->keyboard_region = TRUE;
  self->key_box[0] = 0.375;
  self->key_box[1] = 0.375;
  self->key_box[2] = 0.25;
  self->key_box[3] = 0.25;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
review_annotation_canvas_new (void)
{
  return g_object_new (REVIEW_TYPE_ANNOTATION_CANVAS, NULL);
}

static void
review_annotation_canvas_dispose (GObject *object)
{
  ReviewAnnotationCanvas *self = REVIEW_ANNOTATION_CANVAS (object);

  if (self->tile != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->tile));
      self->tile = NULL;
    }
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->draw_points, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->selected, g_free);
  G_OBJECT_CLASS (review_annotation_canvas_parent_class)->dispose (object);
}

static void
review_annotation_canvas_class_init (ReviewAnnotationCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_annotation_canvas_dispose;
  widget_class->snapshot = review_annotation_canvas_snapshot;
  widget_class->size_allocate = review_annotation_canvas_size_allocate;
  widget_class->measure = review_annotation_canvas_measure;

  /**
   * ReviewAnnotationCanvas::region-drawn:
   * @shape: a #ReviewShape
   * @points: (type GVariant): "ad", normalised
   */
  signals[SIGNAL_REGION_DRAWN] =
    g_signal_new ("region-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_VARIANT);
  signals[SIGNAL_REGION_ACTIVATED] =
    g_signal_new ("region-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "reviewannotationcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
review_annotation_canvas_init (ReviewAnnotationCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *polygon = gtk_gesture_click_new ();
  GtkGesture *select = gtk_gesture_click_new ();
  GtkGesture *pan = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_HORIZONTAL);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->zoom = 1.0;
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) region_free);
  self->draw_points = g_array_new (FALSE, FALSE, sizeof (double));
  self->pending = g_array_new (FALSE, FALSE, sizeof (double));
  self->tile = REVIEW_PHOTO_TILE (review_photo_tile_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->tile), widget);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  /* Drawing tools take the pointer before the tile's reveal gesture. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (polygon), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (polygon), GTK_PHASE_CAPTURE);
  g_signal_connect (polygon, "pressed", G_CALLBACK (polygon_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (polygon));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (select), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (select), GTK_PHASE_BUBBLE);
  g_signal_connect (select, "pressed", G_CALLBACK (select_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (select));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (pan_begin_cb), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (pan_update_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pan));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotation canvas"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Choose a tool and drag to draw a region, or press Ctrl+N "
                                    "and use the arrow keys. Hold Alt for a spotlight."), -1);
}
