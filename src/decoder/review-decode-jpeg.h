/* review-decode-jpeg.h: one untrusted JPEG decoded by libjpeg-turbo, with
 * the damage it shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

typedef struct
{
  guint8              *rgb;          /* width * height * 3, packed RGB, as
                                      * stored (before EXIF orientation) */
  guint32              width;        /* decoded, maybe scaled on decode */
  guint32              height;
  guint32              orig_width;   /* from the frame header */
  guint32              orig_height;
  ReviewDecoderDamage  damage;
  guint32              damage_row;   /* in full-resolution rows */
} ReviewJpegPixels;

ReviewDecoderStatus review_decode_jpeg (const guint8     *data,
                                        gsize             len,
                                        guint32           max_edge,
                                        guint64           max_pixels,
                                        ReviewJpegPixels *out);

G_END_DECLS
