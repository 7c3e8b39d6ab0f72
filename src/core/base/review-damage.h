/* review-damage.h: a damaged photo's reason, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-catalog.h"
#include "review-decoder-protocol.h"

G_BEGIN_DECLS

char       *review_damage_describe    (ReviewDecoderDamage  damage,
                                       guint32              row,
                                       guint32              height);
char       *review_damage_describe_in (ReviewCatalog       *catalog,
                                       ReviewDecoderDamage  damage,
                                       guint32              row,
                                       guint32              height);
const char *review_damage_code        (ReviewDecoderDamage  damage);

G_END_DECLS
