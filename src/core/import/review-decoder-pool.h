/* review-decoder-pool.h: long-lived review-decoder helper processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

#define REVIEW_DECODE_ERROR (review_decode_error_quark ())

/* Why an image was rejected; every code has a translated message. */
typedef enum
{
  REVIEW_DECODE_ERROR_EMPTY = 1,
  REVIEW_DECODE_ERROR_UNKNOWN_FORMAT,
  REVIEW_DECODE_ERROR_TRUNCATED,
  REVIEW_DECODE_ERROR_TOO_LARGE,
  REVIEW_DECODE_ERROR_CORRUPT,
  REVIEW_DECODE_ERROR_CRASHED,
  REVIEW_DECODE_ERROR_TIMED_OUT,
  REVIEW_DECODE_ERROR_IO,
  REVIEW_DECODE_ERROR_NO_HELPER,
  REVIEW_DECODE_ERROR_SANDBOX,     /* the decoder broke its sandbox's rules */
  REVIEW_DECODE_ERROR_UNSUPPORTED, /* a valid variant this computer cannot decode */
} ReviewDecodeError;

typedef struct
{
  ReviewImageFormat  format;
  guint32            orig_width;
  guint32            orig_height;
  guint32            orientation;
  guint32            width;
  guint32            height;
  ReviewDecoderDamage damage;        /* decoded in part; see the protocol */
  guint32            damage_row;
  char              *capture_time;   /* EXIF text, may be empty */
  char              *camera;         /* EXIF text, may be empty */
  GBytes            *pixels;         /* packed RGB, width * height * 3 */
} ReviewDecodedImage;

typedef struct _ReviewDecoderPool ReviewDecoderPool;

GQuark              review_decode_error_quark    (void) G_GNUC_CONST;
ReviewDecoderPool  *review_decoder_pool_new      (const char         *helper_path,
                                                  guint               n_workers,
                                                  GError            **error);
void                review_decoder_pool_free     (ReviewDecoderPool  *pool);
ReviewDecoderPool  *review_decoder_pool_ref      (ReviewDecoderPool  *pool);
void                review_decoder_pool_unref    (ReviewDecoderPool  *pool);
void                review_decoder_pool_set_timeout (ReviewDecoderPool *pool,
                                                  guint               seconds);
ReviewDecodedImage *review_decoder_pool_decode   (ReviewDecoderPool  *pool,
                                                  int                 fd,
                                                  guint               max_edge,
                                                  guint64             max_pixels,
                                                  guint32             faults,
                                                  GError            **error);
void                review_decoded_image_free    (ReviewDecodedImage *image);
guint               review_decoder_pool_get_spawned (ReviewDecoderPool *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewDecodedImage, review_decoded_image_free)

G_END_DECLS
