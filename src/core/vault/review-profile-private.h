/* review-profile-private.h: what review-profile.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-profile.h"

G_BEGIN_DECLS

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

G_END_DECLS
