/* review-process.h: process-wide hardening and locating installed data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  review_process_harden      (void);
char *review_process_setup_paths (void);
char *review_process_find_helper (const char *name);

G_END_DECLS
