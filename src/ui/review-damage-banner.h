/* review-damage-banner.h: the workspace's message on a damaged photo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REVIEW_TYPE_DAMAGE_BANNER (review_damage_banner_get_type ())

G_DECLARE_FINAL_TYPE (ReviewDamageBanner, review_damage_banner, REVIEW, DAMAGE_BANNER, GtkWidget)

GtkWidget *review_damage_banner_new        (void);
void       review_damage_banner_set_reason (ReviewDamageBanner *self,
                                            const char         *reason);

G_END_DECLS
