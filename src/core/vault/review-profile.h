/* review-profile.h: the local user profile (name and role on this machine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  REVIEW_ROLE_REVIEWER,
  REVIEW_ROLE_TRANSLATOR,
  REVIEW_ROLE_SUPERVISOR,
} ReviewRole;

#define REVIEW_TYPE_PROFILE (review_profile_get_type ())

G_DECLARE_FINAL_TYPE (ReviewProfile, review_profile, REVIEW, PROFILE, GObject)

const char    *review_role_to_string        (ReviewRole   role);
gboolean       review_role_from_string      (const char  *text,
                                             ReviewRole  *role);
const char    *review_role_get_label        (ReviewRole   role);

void           review_profile_set_values    (ReviewProfile *self,
                                             const char  *display_name,
                                             ReviewRole   role);
const char    *review_profile_get_id        (ReviewProfile *self);
const char    *review_profile_get_display_name (ReviewProfile *self);
ReviewRole     review_profile_get_role      (ReviewProfile *self);
char          *review_profile_default_name  (void);

G_END_DECLS
