/* review-activity.h: when the reviewer last did anything, in any window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REVIEW_TYPE_ACTIVITY (review_activity_get_type ())

G_DECLARE_FINAL_TYPE (ReviewActivity, review_activity, REVIEW, ACTIVITY, GObject)

ReviewActivity *review_activity_new         (void);
gint64          review_activity_get_idle_us (ReviewActivity *self);
void            review_activity_note        (ReviewActivity *self);

G_END_DECLS
