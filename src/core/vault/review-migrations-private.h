/* review-migrations-private.h: the vault's schema and its forward-only migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

int      review_migrations_latest_version (void);
gboolean review_migrations_run            (sqlite3  *db,
                                           int       target_version,
                                           GError  **error);

G_END_DECLS
