/* fuzz-decode.c: the decoder's work on one file, review_decode_bytes()
 *
 * Input: 2 bytes of max_edge (0 to 4096, 0 for full size), 3 bytes of
 * max_pixels (1 to 16 Mpx), then the file. Checks what the parent checks
 * of a reply (review_decoder_reply_valid) and more: an honest decoder's
 * reply must always pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "review-decode.h"
#include "review-decoder-reply.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char * const third_party[] = { "GdkPixbuf", "GLib-GObject", NULL };

  fuzz_init_glib_tolerating (third_party);
  review_decode_preload ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ReviewDecoderRequest req = { 0 };
  ReviewDecoderReply rep;
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;
  ReviewDecoderStatus status;

  req.magic = REVIEW_DECODER_MAGIC;
  req.op = REVIEW_DECODER_OP_DECODE;
  req.max_edge = (guint32) (fuzz_take (&data, &size, 2) % 4097);
  req.max_pixels = 1 + fuzz_take (&data, &size, 3);
  req.max_bytes = size;

  status = review_decode_bytes (&req, data, size, &rep, &text, &pixels);
  FUZZ_CHECK (status == rep.status);
  FUZZ_CHECK (status <= REVIEW_DECODER_STATUS_LAST);
  if (status != REVIEW_DECODER_OK)
    {
      FUZZ_CHECK (pixels == NULL && rep.pixel_len == 0);
      FUZZ_CHECK (text == NULL || g_utf8_validate (text, -1, NULL));
      return 0;
    }
  FUZZ_CHECK (pixels != NULL && text != NULL);
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL) && strlen (text) <= REVIEW_DECODER_MAX_TEXT);
  FUZZ_CHECK (rep.pixel_len == (guint64) rep.width * rep.height * 3);
  /* What review-decoder.c sends, checked as the parent does. */
  rep.magic = REVIEW_DECODER_MAGIC;
  rep.text_len = (guint32) strlen (text);
  FUZZ_CHECK (review_decoder_reply_valid (&rep, req.max_edge, req.max_pixels));
  /* Touch every pixel: a short buffer is an ASan report. */
  {
    guint sum = 0;
    for (guint64 i = 0; i < rep.pixel_len; i++)
      sum += pixels[i];
    (void) sum;
  }
  return 0;
}
