/* review-decode-tiff.h: the whole strips of a TIFF file cut short
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint8 *review_decode_tiff_cut_copy (const guint8 *data,
                                     gsize         len,
                                     guint32      *rows);

G_END_DECLS
