/* review-decode.h: decoding one untrusted file's bytes, without I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

ReviewDecoderStatus review_decode_bytes   (const ReviewDecoderRequest  *req,
                                           const guint8                *data,
                                           gsize                        len,
                                           ReviewDecoderReply          *rep,
                                           char                       **text,
                                           guint8                     **pixels);
void                review_decode_preload (void);

G_END_DECLS
