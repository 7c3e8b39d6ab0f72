/* review-activity.c: when the reviewer last did anything, in any window
 *
 * The idle lock needs one clock for the whole process: every window (the
 * main window, dialogs, Preferences, file choosers) gets one capture-phase
 * controller that only records the time of the last input. Windows read it
 * from a single timer; nothing is rescheduled per event. The application
 * owns one and hands it to each window it makes, so that the window needs
 * nothing else of the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-activity.h"

struct _ReviewActivity
{
  GObject     parent_instance;
  GListModel *toplevels;       /* every window of the process */
  gint64      last_input_us;   /* monotonic; any input in any window */
};

G_DEFINE_FINAL_TYPE (ReviewActivity, review_activity, G_TYPE_OBJECT)

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                ReviewActivity           *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      self->last_input_us = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
toplevels_changed_cb (GListModel     *toplevels,
                      guint           position,
                      guint           removed,
                      guint           added,
                      ReviewActivity *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *controller;

      if (g_object_get_data (G_OBJECT (window), "review-input-watch") != NULL)
        continue;
      controller = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      gtk_event_controller_set_name (controller, "review-input-watch");
      g_signal_connect_object (controller, "event", G_CALLBACK (input_event_cb), self, 0);
      gtk_widget_add_controller (window, controller);
      g_object_set_data (G_OBJECT (window), "review-input-watch", controller);
    }
}

static void
review_activity_dispose (GObject *object)
{
  ReviewActivity *self = REVIEW_ACTIVITY (object);

  if (self->toplevels != NULL)
    g_signal_handlers_disconnect_by_data (self->toplevels, self);
  g_clear_object (&self->toplevels);
  G_OBJECT_CLASS (review_activity_parent_class)->dispose (object);
}

static void
review_activity_class_init (ReviewActivityClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = review_activity_dispose;
}

static void
review_activity_init (ReviewActivity *self)
{
  self->last_input_us = g_get_monotonic_time ();
  self->toplevels = g_object_ref (gtk_window_get_toplevels ());
  g_signal_connect_object (self->toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb),
                           self, 0);
  toplevels_changed_cb (self->toplevels, 0, 0, g_list_model_get_n_items (self->toplevels), self);
}

ReviewActivity *
review_activity_new (void)
{
  return g_object_new (REVIEW_TYPE_ACTIVITY, NULL);
}

/**
 * review_activity_get_idle_us:
 *
 * How long ago (monotonic microseconds) the last input arrived in any
 * window of the process.
 */
gint64
review_activity_get_idle_us (ReviewActivity *self)
{
  g_return_val_if_fail (REVIEW_IS_ACTIVITY (self), 0);
  return g_get_monotonic_time () - self->last_input_us;
}

/* Something that counts as activity without input (a vault just opened). */
void
review_activity_note (ReviewActivity *self)
{
  g_return_if_fail (REVIEW_IS_ACTIVITY (self));
  self->last_input_us = g_get_monotonic_time ();
}
