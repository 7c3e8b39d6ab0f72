/* review-durable.h: files that reach the disk whole: written to a temporary
 * file beside the destination, synced, then renamed into place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean review_durable_write_fd   (int          fd,
                                    GBytes      *bytes);
char    *review_durable_write_temp (const char  *dir,
                                    const char  *base,
                                    GBytes      *bytes,
                                    GError     **error);
void     review_durable_sync_dir   (const char  *dir);

G_END_DECLS
