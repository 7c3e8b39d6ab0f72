/* review-decode-headers.h: the pixel size and variant of an untrusted file,
 * read from its header before any decoder library sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

ReviewDecoderStatus review_decode_check_header (ReviewImageFormat   format,
                                                const guint8       *data,
                                                gsize               len,
                                                guint32            *width,
                                                guint32            *height,
                                                const char        **variant,
                                                guint32            *missing_from);

G_END_DECLS
