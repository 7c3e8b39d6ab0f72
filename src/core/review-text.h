/* review-text.h: text folding for search, the same in the index and in the
 * query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *review_text_fold        (const char *text);
char *review_text_match_query (const char *text);

G_END_DECLS
