/* review-gazetteer-private.h: what review-gazetteer.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "review-gazetteer.h"

G_BEGIN_DECLS

gint64    review_gazetteer_count             (sqlite3       *db,
                                              gboolean       starter_only);

G_END_DECLS
