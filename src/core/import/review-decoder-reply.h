/* review-decoder-reply.h: reading a decoder's reply, which is untrusted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-decoder-protocol.h"

G_BEGIN_DECLS

#define REVIEW_DECODER_MAX_TEXT 4096

typedef enum
{
  REVIEW_DECODER_READ_OK = 0,
  REVIEW_DECODER_READ_EOF,       /* the decoder closed its end or died */
  REVIEW_DECODER_READ_TIMEOUT,   /* nothing (more) before the deadline */
  REVIEW_DECODER_READ_NONSENSE,  /* a reply no honest decoder sends */
} ReviewDecoderRead;

gboolean          review_decoder_reply_valid (const ReviewDecoderReply  *rep,
                                              guint                      max_edge,
                                              guint64                    max_pixels);
ReviewDecoderRead review_decoder_read_reply  (int                        sock,
                                              gint64                     deadline,
                                              guint                      max_edge,
                                              guint64                    max_pixels,
                                              ReviewDecoderReply        *rep,
                                              char                     **text,
                                              guint8                   **pixels);

G_END_DECLS
