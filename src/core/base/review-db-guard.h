/* review-db-guard.h: the main-thread guard of test builds
 *
 * The main thread never waits on the database. In builds with test hooks,
 * the application turns this guard on at startup: a statement prepared or
 * stepped on the thread that owns the default main context then aborts the
 * process (review-db.c). Elsewhere it does nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void review_db_set_main_thread_guard (gboolean on);
void review_db_guard_probe           (void);

G_END_DECLS
