/* review-profile.h: the local user profile (name and role on this machine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

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

ReviewProfile *review_profile_load_local    (sqlite3     *db,
                                             GError     **error);
ReviewProfile *review_profile_create_local  (sqlite3     *db,
                                             const char  *display_name,
                                             ReviewRole   role,
                                             GError     **error);
gboolean       review_profile_update        (ReviewProfile *self,
                                             sqlite3     *db,
                                             const char  *display_name,
                                             ReviewRole   role,
                                             GError     **error);
gboolean       review_profile_write_change  (sqlite3     *db,
                                             const char  *id,
                                             const char  *old_name,
                                             ReviewRole   old_role,
                                             const char  *display_name,
                                             ReviewRole   role,
                                             GError     **error);
void           review_profile_set_values    (ReviewProfile *self,
                                             const char  *display_name,
                                             ReviewRole   role);
const char    *review_profile_get_id        (ReviewProfile *self);
const char    *review_profile_get_display_name (ReviewProfile *self);
ReviewRole     review_profile_get_role      (ReviewProfile *self);
char          *review_profile_default_name  (void);

G_END_DECLS
