/* review-sync.h: the blocking forms of async calls, for the command line
 *
 * Runs an async call to its end in a private main context pushed as the
 * thread default, so that nothing else of the caller's runs meanwhile:
 *
 *   ReviewSync sync;
 *   review_sync_begin (&sync);
 *   some_async (…, review_sync_done_cb, &sync);
 *   review_sync_wait (&sync);
 *   result = some_finish (sync.result, error);
 *   review_sync_end (&sync);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} ReviewSync;

void review_sync_begin   (ReviewSync   *sync);
void review_sync_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);
void review_sync_wait    (ReviewSync   *sync);
void review_sync_end     (ReviewSync   *sync);

G_END_DECLS
