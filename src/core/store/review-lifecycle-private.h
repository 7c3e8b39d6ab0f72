/* review-lifecycle-private.h: what the lifecycle's blocking and async
 * halves share (review-lifecycle.c, review-lifecycle-async.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "review-lifecycle.h"

G_BEGIN_DECLS

/* The blocking forms report no stage (the command line has no page to
 * show); the window's async forms call their stage function directly, on
 * its main context. */
typedef struct
{
  ReviewLifecycleStageFunc  func;
  gpointer                  data;
} Stage;

gboolean     check_no_vault    (const char          *dir,
                                GError             **error);
ReviewVault *open_anchored     (const char          *dir,
                                const ReviewKey     *key,
                                gboolean             acknowledge,
                                GError             **error);
void         anchor_created    (ReviewVault         *vault);
ReviewVault *repair_with_key   (const char          *dir,
                                const ReviewKey     *key,
                                const char          *via,
                                GError             **error);
ReviewVault *repair_with_stage (const char          *dir,
                                const char          *recovery_key,
                                ReviewKeyringFlags   flags,
                                const char          *via,
                                const Stage         *stage,
                                GCancellable        *cancellable,
                                GError             **error);

G_END_DECLS
