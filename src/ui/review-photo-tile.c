/* review-photo-tile.c
 *
 * Pixels are blurred on the CPU, in a worker thread, before any texture is
 * made from them: the texture this widget paints is the blurred one. The
 * unblurred texture exists only while the reveal gesture holds:
 *
 *   press and hold (mouse or touch) for REVEAL_HOLD_MS, with a progress ring;
 *   or hold the R key on the focused photo.
 *
 * Releasing blurs again at once and the widget emits "revealed" with the
 * start time and duration, which the window records in the audit trail. A
 * single click or Enter never reveals.
 *
 * A photo that decoded only in part carries a "Damaged" badge at the top end
 * corner (its reason as the tooltip), and its accessible name says
 * "damaged". The badge is a child widget drawn over the blurred texture; it
 * never changes what is drawn beneath it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "review-blur.h"
#include "review-importer.h"
#include "review-library-service.h"
#include "review-photo-tile.h"

#define REVEAL_HOLD_MS 600
#define FULL_SIZE_EDGE 2048

struct _ReviewPhotoTile
{
  GtkWidget        parent_instance;

  ReviewPhoto     *photo;
  ReviewPhotoList *list;
  ReviewDecoderPool *pool;        /* set: the original, decoded in a helper */
  char            *notice;        /* why the original could not be shown */
  double           strength;
  gboolean         grayscale;
  gboolean         keep_revealed; /* after release, until focus leaves or time ends */
  guint            duration_s;

  GdkTexture      *blurred;
  GdkTexture      *revealed;
  GCancellable    *loading;

  guint            hold_id;       /* ticking while held, before reveal */
  guint            timed_id;      /* ends a confirmed, timed reveal */
  gint64           hold_start;
  double           progress;      /* 0..1 while holding */
  gboolean         holding;
  gint64           reveal_start;  /* wall clock, µs; 0 when not revealed */
  gboolean         spotlight;     /* revealed only inside a circle */
  double           spot_x, spot_y, spot_r;

  GtkWidget       *badge;         /* "Damaged", at the top end corner */
  GtkWidget       *badge_label;
  gboolean         show_badge;
};

#define BADGE_MARGIN 6

enum {
  SIGNAL_REVEALED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewPhotoTile, review_photo_tile, GTK_TYPE_WIDGET)

/* --- loading, off the main thread ---------------------------------------
 *
 * Two steps, neither on the main thread: the thumbnail (and, for the large
 * view, where the original is) is read by the store service's worker; then
 * the pixels are decoded and blurred in a thread of GIO's pool. The tasks
 * hold no widget: the tile is held by the step's call and released in its
 * callback, on the main thread. */

typedef void (*LoadedFunc) (ReviewPhotoTile *self,
                            GdkTexture      *texture,
                            const char      *notice);

typedef struct
{
  ReviewDecoderPool *pool;
  double             strength;   /* 0: not blurred (reveal) */
  gboolean           grayscale;
  GBytes            *jpeg;       /* the stored thumbnail */
  char             **paths;      /* where the original was found */
  char              *sha256;
  char              *notice;     /* set by the worker */
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_pointer (&d->pool, review_decoder_pool_unref);
  g_clear_pointer (&d->jpeg, g_bytes_unref);
  g_strfreev (d->paths);
  g_free (d->sha256);
  g_free (d->notice);
  g_free (d);
}

typedef struct
{
  ReviewPhotoTile *self;         /* strong; released on the main thread */
  GCancellable    *cancellable;
  LoadedFunc       loaded;
  LoadData        *data;         /* until the thread takes it */
} LoadCall;

static void
load_call_free (LoadCall *call)
{
  g_object_unref (call->self);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->data, load_data_free);
  g_free (call);
}

/* The original, checked against its SHA-256 and decoded in a helper. */
static GBytes *
load_original (LoadData *d,
               int      *w,
               int      *h)
{
  gboolean changed = FALSE;

  for (guint i = 0; d->paths != NULL && d->paths[i] != NULL; i++)
    {
      g_autoptr(ReviewDecodedImage) image = NULL;
      char actual[65];
      int fd = review_import_open_original (d->paths[i]);

      if (fd < 0)
        continue;
      if (!review_import_hash_fd (fd, actual) || g_strcmp0 (actual, d->sha256) != 0)
        {
          changed = TRUE;
          close (fd);
          continue;
        }
      image = review_decoder_pool_decode (d->pool, fd, FULL_SIZE_EDGE,
                                          REVIEW_IMPORT_MAX_PIXELS, 0, NULL);
      close (fd);
      if (image != NULL)
        {
          *w = (int) image->width;
          *h = (int) image->height;
          return g_bytes_ref (image->pixels);
        }
    }
  d->notice = g_strdup (changed ? _("The original file has changed since it was imported; "
                                    "showing the thumbnail kept in the vault.")
                                : _("The original file is not where it was imported from; "
                                    "showing the thumbnail kept in the vault."));
  return NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GdkPixbuf *pixbuf;
  guint8 *pixels;
  int w, h, n, stride;

  if (d->pool != NULL)
    {
      g_autoptr(GBytes) original = load_original (d, &w, &h);
      if (original != NULL)
        {
          pixels = g_memdup2 (g_bytes_get_data (original, NULL), g_bytes_get_size (original));
          goto have_pixels;
        }
    }

  if (d->jpeg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no thumbnail");
      return;
    }
  /* Our own JPEG, encoded by the importer from the decoder's pixels. */
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", &error);
  if (loader == NULL ||
      !gdk_pixbuf_loader_write_bytes (loader, d->jpeg, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  if (n != 3)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unexpected thumbnail");
      return;
    }
  pixels = g_malloc ((gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    memcpy (pixels + (gsize) y * w * 3, gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * stride,
            (gsize) w * 3);

have_pixels:
  if (d->strength > 0)
    review_blur_rgb (pixels, w, h, w * 3, review_blur_sigma_for (w, h, d->strength));
  else if (d->grayscale)
    review_grayscale_rgb (pixels, w, h, w * 3);
  bytes = g_bytes_new_take (pixels, (gsize) w * h * 3);
  g_task_return_pointer (task, gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8, bytes,
                                                       (gsize) w * 3),
                         g_object_unref);
}

static void
pixels_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadCall *call = user_data;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);
  LoadData *d = g_task_get_task_data (G_TASK (result));

  /* A tile given another photo (or none) meanwhile cancelled this. */
  if (texture != NULL && !g_cancellable_is_cancelled (call->cancellable))
    call->loaded (call->self, texture, d->notice);
  load_call_free (call);
}

static void
source_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewPhotoSource) found =
    review_library_photo_source_finish (REVIEW_STORE_SERVICE (source), result, &error);
  GTask *task;

  if (found == NULL || g_cancellable_is_cancelled (call->cancellable))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A thumbnail could not be read: %s", error->message);
      load_call_free (call);
      return;
    }
  call->data->jpeg = g_steal_pointer (&found->thumbnail);
  call->data->paths = g_steal_pointer (&found->paths);
  call->data->sha256 = g_steal_pointer (&found->sha256);
  task = g_task_new (NULL, call->cancellable, pixels_ready_cb, call);
  g_task_set_source_tag (task, source_read_cb);
  g_task_set_name (task, "[review] thumbnail");
  g_task_set_task_data (task, g_steal_pointer (&call->data), (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
  g_object_unref (task);
}

static void
start_load (ReviewPhotoTile *self,
            gboolean         unblurred,
            LoadedFunc       loaded)
{
  ReviewStoreService *service;
  LoadCall *call;
  LoadData *d;

  if (self->photo == NULL || self->list == NULL)
    return;
  service = review_photo_list_get_service (self->list);
  d = g_new0 (LoadData, 1);
  d->strength = unblurred ? 0 : MAX (self->strength, REVIEW_BLUR_FLOOR / 2);
  d->grayscale = self->grayscale;
  d->pool = self->pool ? review_decoder_pool_ref (self->pool) : NULL;
  call = g_new0 (LoadCall, 1);
  call->self = g_object_ref (self);
  call->cancellable = self->loading ? g_object_ref (self->loading) : g_cancellable_new ();
  call->loaded = loaded;
  call->data = d;
  review_library_photo_source_async (service, review_photo_get_id (self->photo), d->pool != NULL,
                                     call->cancellable, source_read_cb, call);
}

static void
blurred_loaded (ReviewPhotoTile *self,
                GdkTexture      *texture,
                const char      *notice)
{
  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
  g_set_object (&self->blurred, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (ReviewPhotoTile *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  const char *status;
  const char *damage;
  guint number;

  if (self->photo == NULL)
    return;
  number = review_photo_get_number (self->photo);
  status = review_photo_status_label (review_photo_get_status (self->photo));
  damage = review_photo_get_damage (self->photo);
  /* Never describes what a blurred image shows. */
  if (damage != NULL && self->reveal_start != 0)
    /* Translators: an accessible name of a photo that decoded only in part;
     * %u is the photo's number, %s its review status */
    label = g_strdup_printf (_("Photo %u, revealed, damaged, %s"), number, status);
  else if (damage != NULL)
    /* Translators: an accessible name of a photo that decoded only in part;
     * %u is the photo's number, %s its review status */
    label = g_strdup_printf (_("Photo %u, blurred, damaged, %s"), number, status);
  else if (self->reveal_start != 0)
    /* Translators: an accessible name; %u is the photo's number, %s its review status */
    label = g_strdup_printf (_("Photo %u, revealed, %s"), number, status);
  else
    /* Translators: an accessible name; %u is the photo's number, %s its review status */
    label = g_strdup_printf (_("Photo %u, blurred, %s"), number, status);
  if (damage != NULL)
    /* Translators: an accessible description of a damaged photo; %s is why it
     * is damaged, a sentence ending in a full stop */
    description = g_strdup_printf (_("Damaged: %s Press and hold, or hold R, to reveal"),
                                   damage);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description
                                              : _("Press and hold, or hold R, to reveal"), -1);
}

/* The badge shows on a damaged photo, with the reason as its tooltip. */
static void
update_badge (ReviewPhotoTile *self)
{
  const char *damage = self->photo ? review_photo_get_damage (self->photo) : NULL;

  if (self->badge == NULL)
    return;
  gtk_widget_set_tooltip_text (self->badge, damage);
  if (damage != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, damage, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->badge_label),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_set_visible (self->badge, damage != NULL && self->show_badge);
}

/* The photo's details arrived (or its damage or status changed). */
static void
photo_details_cb (ReviewPhotoTile *self,
                  GParamSpec      *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "damage"))
    update_badge (self);
  if (g_str_equal (name, "damage") || g_str_equal (name, "status") ||
      g_str_equal (name, "number"))
    update_accessible (self);
}

/* --- the gesture -------------------------------------------------------- */

static void
revealed_loaded (ReviewPhotoTile *self,
                 GdkTexture      *texture,
                 const char      *notice)
{
  /* Released before the pixels arrived: never paint them. */
  if (self->reveal_start == 0)
    return;
  g_set_object (&self->revealed, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
stop_holding (ReviewPhotoTile *self)
{
  g_clear_handle_id (&self->hold_id, g_source_remove);
  g_clear_handle_id (&self->timed_id, g_source_remove);
  self->holding = FALSE;
  self->progress = 0;
}

/**
 * review_photo_tile_conceal:
 *
 * Blurs again now (release, focus lost, "blur everything"); records the
 * exposure if there was one.
 */
void
review_photo_tile_conceal (ReviewPhotoTile *self)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));

  stop_holding (self);
  if (self->reveal_start != 0)
    {
      gint64 start = self->reveal_start;
      gint64 duration = g_get_real_time () - start;

      gboolean spotlight = self->spotlight;

      self->reveal_start = 0;
      self->spotlight = FALSE;
      g_clear_object (&self->revealed);
      update_accessible (self);
      if (self->photo != NULL)
        g_signal_emit (self, signals[SIGNAL_REVEALED], 0, self->photo, start, duration,
                       spotlight);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
hold_tick_cb (gpointer data)
{
  ReviewPhotoTile *self = data;
  gint64 held = (g_get_monotonic_time () - self->hold_start) / 1000;

  self->progress = MIN (1.0, (double) held / REVEAL_HOLD_MS);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (held < REVEAL_HOLD_MS)
    return G_SOURCE_CONTINUE;

  self->hold_id = 0;
  self->progress = 0;
  self->reveal_start = g_get_real_time ();
  update_accessible (self);
  start_load (self, TRUE, revealed_loaded);
  return G_SOURCE_REMOVE;
}

static void
start_holding (ReviewPhotoTile *self)
{
  if (self->holding || self->photo == NULL)
    return;
  self->holding = TRUE;
  self->hold_start = g_get_monotonic_time ();
  self->progress = 0;
  self->hold_id = g_timeout_add (30, hold_tick_cb, self);
  g_source_set_name_by_id (self->hold_id, "[review] reveal hold");
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            ReviewPhotoTile *self)
{
  start_holding (self);
}

static gboolean timed_end_cb (gpointer data);

/* Release: blur again, unless "keep revealed" is on, in which case the photo
 * stays revealed until focus moves away or the reveal duration ends. */
static void
release (ReviewPhotoTile *self)
{
  if (self->keep_revealed && self->reveal_start != 0 && self->timed_id == 0)
    {
      g_clear_handle_id (&self->hold_id, g_source_remove);
      self->holding = FALSE;
      self->timed_id = g_timeout_add_seconds (MAX (1, self->duration_s), timed_end_cb, self);
      return;
    }
  if (self->timed_id != 0)
    return;
  review_photo_tile_conceal (self);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             ReviewPhotoTile *self)
{
  release (self);
}

static void
gesture_end_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                ReviewPhotoTile  *self)
{
  release (self);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ReviewPhotoTile       *self)
{
  if ((keyval == GDK_KEY_r || keyval == GDK_KEY_R) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    {
      start_holding (self);
      return TRUE;
    }
  return FALSE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 ReviewPhotoTile       *self)
{
  if (keyval == GDK_KEY_r || keyval == GDK_KEY_R)
    release (self);
}

/* --- drawing ------------------------------------------------------------ */

static void
review_photo_tile_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ReviewPhotoTile *self = REVIEW_PHOTO_TILE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkTexture *texture = self->reveal_start != 0 && self->revealed && !self->spotlight
                        ? self->revealed : self->blurred;
  GdkRGBA bg = { 0.5, 0.5, 0.5, 0.25 };
  graphene_rect_t image;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (texture != NULL && review_photo_tile_get_image_rect (self, &image))
    gtk_snapshot_append_texture (snapshot, texture, &image);

  /* The spotlight: the unblurred pixels, only inside the circle. */
  if (self->spotlight && self->revealed != NULL && review_photo_tile_get_image_rect (self, &image))
    {
      GskRoundedRect circle;
      cairo_t *cr;

      gsk_rounded_rect_init_from_rect (&circle,
                                       &GRAPHENE_RECT_INIT (self->spot_x - self->spot_r,
                                                            self->spot_y - self->spot_r,
                                                            2 * self->spot_r, 2 * self->spot_r),
                                       self->spot_r);
      gtk_snapshot_push_rounded_clip (snapshot, &circle);
      gtk_snapshot_append_texture (snapshot, self->revealed, &image);
      gtk_snapshot_pop (snapshot);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_set_line_width (cr, 2);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_arc (cr, self->spot_x, self->spot_y, self->spot_r, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  if (self->holding && self->progress > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));
      double r = MIN (width, height) * 0.18;

      cairo_set_line_width (cr, 6);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
      cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_arc (cr, width / 2.0, height / 2.0, r, -G_PI / 2,
                 -G_PI / 2 + 2 * G_PI * self->progress);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  gtk_widget_snapshot_child (widget, self->badge, snapshot);
}

static void
review_photo_tile_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 220 : 165;
}

/* The badge at the top end corner: the top right, or the top left in a
 * right-to-left language. */
static void
review_photo_tile_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  ReviewPhotoTile *self = REVIEW_PHOTO_TILE (widget);
  GtkRequisition size;
  int x;

  gtk_widget_get_preferred_size (self->badge, NULL, &size);
  size.width = MIN (size.width, MAX (0, width - 2 * BADGE_MARGIN));
  x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
      ? BADGE_MARGIN : width - BADGE_MARGIN - size.width;
  gtk_widget_size_allocate (self->badge,
                            &(GtkAllocation) { x, BADGE_MARGIN, size.width, size.height }, -1);
}

/* --- API ---------------------------------------------------------------- */

void
review_photo_tile_set_source (ReviewPhotoTile *self,
                              ReviewPhotoList *list,
                              double           blur_strength,
                              gboolean         grayscale)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));
  g_set_object (&self->list, list);
  self->strength = blur_strength;
  self->grayscale = grayscale;
}

void
review_photo_tile_set_photo (ReviewPhotoTile *self,
                             ReviewPhoto     *photo)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));

  if (self->photo == photo)
    return;
  review_photo_tile_conceal (self);
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->blurred);
  if (self->photo != NULL)
    g_signal_handlers_disconnect_by_func (self->photo, photo_details_cb, self);
  g_set_object (&self->photo, photo);
  update_badge (self);
  if (photo != NULL)
    {
      /* A photo list fills in the details when the worker has read them. */
      g_signal_connect_object (photo, "notify", G_CALLBACK (photo_details_cb), self,
                               G_CONNECT_SWAPPED);
      self->loading = g_cancellable_new ();
      update_accessible (self);
      start_load (self, FALSE, blurred_loaded);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * review_photo_tile_set_full_size:
 * @pool: (nullable): decoder helpers for the original; %NULL for the thumbnail
 */
void
review_photo_tile_set_full_size (ReviewPhotoTile   *self,
                                 ReviewDecoderPool *pool)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));
  g_clear_pointer (&self->pool, review_decoder_pool_unref);
  self->pool = pool ? review_decoder_pool_ref (pool) : NULL;
}

const char *
review_photo_tile_get_notice (ReviewPhotoTile *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_TILE (self), NULL);
  return self->notice;
}

ReviewPhoto *
review_photo_tile_get_photo (ReviewPhotoTile *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_TILE (self), NULL);
  return self->photo;
}

gboolean
review_photo_tile_get_revealed (ReviewPhotoTile *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_TILE (self), FALSE);
  return self->reveal_start != 0;
}

static gboolean
timed_end_cb (gpointer data)
{
  ReviewPhotoTile *self = data;

  self->timed_id = 0;
  review_photo_tile_conceal (self);
  return G_SOURCE_REMOVE;
}

void
review_photo_tile_set_reveal_policy (ReviewPhotoTile *self,
                                     gboolean         keep_revealed,
                                     guint            duration_s)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));
  self->keep_revealed = keep_revealed;
  self->duration_s = MAX (1, duration_s);
}

/**
 * review_photo_tile_reveal_for:
 *
 * Reveals for a fixed time, after the user confirmed it (the keyboard and
 * screen-reader way); losing focus blurs at once.
 */
void
review_photo_tile_reveal_for (ReviewPhotoTile *self,
                              guint            seconds)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));

  if (self->photo == NULL || self->reveal_start != 0)
    return;
  self->reveal_start = g_get_real_time ();
  update_accessible (self);
  start_load (self, TRUE, revealed_loaded);
  self->timed_id = g_timeout_add_seconds (MAX (1, seconds), timed_end_cb, self);
}

/**
 * review_photo_tile_get_image_rect:
 *
 * Where the photo is drawn, in the tile's coordinates (scaled to fit,
 * centred). Returns: %FALSE while nothing is loaded
 */
gboolean
review_photo_tile_get_image_rect (ReviewPhotoTile *self,
                                  graphene_rect_t *rect)
{
  GdkTexture *texture;
  double width, height, tw, th, scale;

  g_return_val_if_fail (REVIEW_IS_PHOTO_TILE (self), FALSE);

  texture = self->blurred;
  if (texture == NULL)
    return FALSE;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  tw = gdk_texture_get_width (texture);
  th = gdk_texture_get_height (texture);
  scale = MIN (width / tw, height / th);
  graphene_rect_init (rect, (width - tw * scale) / 2, (height - th * scale) / 2, tw * scale,
                      th * scale);
  return TRUE;
}

/**
 * review_photo_tile_set_spotlight:
 * @active: whether the spotlight is on
 * @x: (in tile coordinates) the centre
 * @radius: in tile coordinates
 *
 * While active, the photo stays blurred except a circle around (@x, @y).
 * Turning it off ends the exposure, which is reported by "revealed" as a
 * spotlight reveal.
 */
void
review_photo_tile_set_spotlight (ReviewPhotoTile *self,
                                 gboolean         active,
                                 double           x,
                                 double           y,
                                 double           radius)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));

  if (!active)
    {
      if (self->spotlight)
        review_photo_tile_conceal (self);
      return;
    }
  if (self->photo == NULL)
    return;
  self->spot_x = x;
  self->spot_y = y;
  self->spot_r = radius;
  if (self->reveal_start == 0)
    {
      stop_holding (self);
      self->spotlight = TRUE;
      self->reveal_start = g_get_real_time ();
      update_accessible (self);
      start_load (self, TRUE, revealed_loaded);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
review_photo_tile_get_spotlight (ReviewPhotoTile *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_TILE (self), FALSE);
  return self->spotlight;
}

/**
 * review_photo_tile_set_show_badge:
 *
 * Whether a damaged photo carries the "Damaged" badge (the library's tiles);
 * the workspace says it in a message of its own instead. The accessible name
 * says "damaged" either way.
 */
void
review_photo_tile_set_show_badge (ReviewPhotoTile *self,
                                  gboolean         show_badge)
{
  g_return_if_fail (REVIEW_IS_PHOTO_TILE (self));
  self->show_badge = !!show_badge;
  update_badge (self);
}

GtkWidget *
review_photo_tile_new (void)
{
  return g_object_new (REVIEW_TYPE_PHOTO_TILE, NULL);
}

static void
review_photo_tile_dispose (GObject *object)
{
  ReviewPhotoTile *self = REVIEW_PHOTO_TILE (object);

  review_photo_tile_set_photo (self, NULL);
  g_clear_object (&self->list);
  g_clear_pointer (&self->pool, review_decoder_pool_unref);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->badge, gtk_widget_unparent);
  G_OBJECT_CLASS (review_photo_tile_parent_class)->dispose (object);
}

static void
review_photo_tile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ReviewPhotoTile *self = REVIEW_PHOTO_TILE (object);

  switch (prop_id)
    {
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
unmap_cb (GtkWidget *widget)
{
  review_photo_tile_conceal (REVIEW_PHOTO_TILE (widget));
}

static void
review_photo_tile_class_init (ReviewPhotoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_photo_tile_dispose;
  object_class->get_property = review_photo_tile_get_property;
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = review_photo_tile_snapshot;
  widget_class->measure = review_photo_tile_measure;
  widget_class->size_allocate = review_photo_tile_size_allocate;

  /**
   * ReviewPhotoTile::revealed:
   * @photo: the photo
   * @start: when the reveal began (wall clock, µs)
   * @duration: how long it lasted (µs)
   * @spotlight: only a circle around the pointer was revealed
   *
   * Emitted when a reveal ends, for the audit trail.
   */
  signals[SIGNAL_REVEALED] =
    g_signal_new ("revealed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, REVIEW_TYPE_PHOTO, G_TYPE_INT64, G_TYPE_INT64,
                  G_TYPE_BOOLEAN);

  gtk_widget_class_set_css_name (widget_class, "reviewphototile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
review_photo_tile_init (ReviewPhotoTile *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->strength = REVIEW_BLUR_DEFAULT;
  self->grayscale = TRUE;
  self->duration_s = 10;
  self->show_badge = TRUE;

  self->badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_add_css_class (self->badge, "damage-badge");
  /* The icon is decoration: the label says it. */
  gtk_box_append (GTK_BOX (self->badge),
                  g_object_new (GTK_TYPE_IMAGE, "icon-name", "dialog-warning-symbolic",
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL));
  /* Translators: a badge on a photo that decoded only in part */
  self->badge_label = gtk_label_new (_("Damaged"));
  gtk_box_append (GTK_BOX (self->badge), self->badge_label);
  gtk_widget_set_visible (self->badge, FALSE);
  gtk_widget_set_parent (self->badge, GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  g_signal_connect (click, "end", G_CALLBACK (gesture_end_cb), self);
  g_signal_connect (click, "cancel", G_CALLBACK (gesture_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect_swapped (focus, "leave", G_CALLBACK (unmap_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), focus);
  }
}
