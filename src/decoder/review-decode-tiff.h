/* review-decode-tiff.h: an untrusted TIFF file's header, and the rows of a
 * file cut short
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

ReviewDecoderStatus review_decode_check_tiff    (const guint8  *data,
                                                 gsize          len,
                                                 guint32       *width,
                                                 guint32       *height,
                                                 const char   **variant,
                                                 guint32       *missing_from);
guint8             *review_decode_tiff_cut_copy (const guint8  *data,
                                                 gsize          len,
                                                 guint32       *rows);

G_END_DECLS
