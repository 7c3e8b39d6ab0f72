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

/* Text that Review did not write (file names, certificate fields, names
 * and notes, messages from libraries that quote them), made safe to show:
 * see review-text-escape.c. */
char *review_text_escape      (const char *bytes,
                               gssize      len);
char *review_text_isolate     (const char *text);
char *review_text_quote       (const char *bytes,
                               gssize      len);

G_END_DECLS
