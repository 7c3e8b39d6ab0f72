/* review-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-sync.h"

void
review_sync_begin (ReviewSync *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  g_main_context_push_thread_default (sync->context);
}

void
review_sync_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ReviewSync *sync = user_data;

  sync->result = g_object_ref (result);
  g_main_context_wakeup (sync->context);
}

void
review_sync_wait (ReviewSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
}

void
review_sync_end (ReviewSync *sync)
{
  g_main_context_pop_thread_default (sync->context);
  g_clear_object (&sync->result);
  g_main_context_unref (sync->context);
}
