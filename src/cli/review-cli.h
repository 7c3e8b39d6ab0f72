/* review-cli.h: the command line, over the same core as the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean review_cli_handle (int     argc,
                            char  **argv,
                            int    *exit_status,
                            char  **window_vault_dir);

G_END_DECLS
