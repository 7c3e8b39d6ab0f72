/* review-decoder-escape.h: escape attempts, in test builds only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *review_decoder_escape_attempt (const char *what,
                                     const char *target);

G_END_DECLS
