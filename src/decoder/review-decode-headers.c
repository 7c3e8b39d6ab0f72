/* review-decode-headers.c: the size and variant of an untrusted image, read
 * from its header before any decoding library sees the file
 *
 * For each format the decoder accepts, the pixel size is read from the
 * header with every offset and length checked against the buffer, so that
 * an image over the pixel limit is refused before a GdkPixbuf loader exists
 * (a loader may allocate from the header before it says the size). Variants
 * the loaders here cannot decode are named by a short code (the decoder has
 * no gettext: the parent maps the code to a translated sentence). A PNG with
 * no end chunk and a TIFF whose strips or tiles lie past the end of the file
 * are flagged as cut short (the loaders may decode them in part, or accept
 * them with grey); a JPEG's end is libjpeg's to find. TIFF, whose IFD
 * walk is longer, is read in review-decode-tiff.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-decode-headers.h"
#include "review-decode-tiff.h"

static guint16
be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* What libjpeg-turbo 2.1 cannot decode, from a frame header: a precision
 * other than 8 bits, the lossless and the hierarchical processes. The
 * arithmetic-coded processes (SOF9-SOF11) are decoded here, and pass. */
static const char *
jpeg_variant (guint8 marker,
              guint8 precision)
{
  if (precision == 12)
    return "jpeg-12bit";
  if (precision == 16)
    return "jpeg-16bit";
  if (precision != 8)
    return "jpeg-precision";
  if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF)
    return "jpeg-lossless";
  if (marker == 0xC5 || marker == 0xC6 || marker == 0xCD || marker == 0xCE)
    return "jpeg-hierarchical";
  return NULL;
}

/* The frame header gives the size. Bytes that are not a marker are skipped
 * up to the next 0xFF, as libjpeg's next_marker() does (Photoshop leaves
 * some between markers). Whether the scan data is whole is libjpeg's to
 * find (review-decode-jpeg.c): a missing end marker proves nothing either
 * way. */
static ReviewDecoderStatus
check_jpeg (const guint8  *data,
            gsize          len,
            guint32       *w,
            guint32       *h,
            const char   **variant)
{
  gsize i = 2;
  gsize sos = 0;

  *w = *h = 0;
  while (i + 4 <= len)
    {
      guint8 marker;
      guint16 length;

      if (data[i] != 0xFF)
        {
          i++;
          continue;
        }
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }
      /* Standalone markers, and FF 00, which libjpeg skips as stray bytes. */
      if (marker == 0x00 || marker == 0xD8 || marker == 0x01 ||
          (marker >= 0xD0 && marker <= 0xD7))
        {
          i += 2;
          continue;
        }
      if (marker == 0xD9)
        return REVIEW_DECODER_CORRUPT;
      length = be16 (data + i + 2);
      if (length < 2)
        return REVIEW_DECODER_CORRUPT;
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
          marker != 0xCC && i + 9 <= len)
        {
          *h = be16 (data + i + 5);
          *w = be16 (data + i + 7);
          *variant = jpeg_variant (marker, data[i + 4]);
        }
      if (marker == 0xDA)
        {
          sos = i + 2 + length;
          break;
        }
      i += 2 + (gsize) length;
    }
  if (*w == 0 || *h == 0)
    return sos == 0 ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
  if (*variant != NULL)
    return REVIEW_DECODER_UNSUPPORTED;
  if (sos == 0 || sos >= len)
    return REVIEW_DECODER_TRUNCATED;
  return REVIEW_DECODER_OK;
}

/* A PNG without IEND near its end is cut short: what it holds is the
 * loader's to decode, and *missing_from says the file is not whole. */
static ReviewDecoderStatus
check_png (const guint8 *data,
           gsize         len,
           guint32      *w,
           guint32      *h,
           guint32      *missing_from)
{
  static const guint8 iend[] = { 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };
  gsize from;

  *w = *h = 0;
  if (len < 33 || memcmp (data + 12, "IHDR", 4) != 0)
    return len < 33 ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
  *w = be32 (data + 16);
  *h = be32 (data + 20);
  if (*w == 0 || *h == 0)
    return REVIEW_DECODER_CORRUPT;
  /* IEND must be there, near the end (allowing a little trailing padding). */
  from = len > 4096 + sizeof iend ? len - 4096 - sizeof iend : 33;
  for (gsize k = len - sizeof iend + 1; k-- > from;)
    if (memcmp (data + k, iend, sizeof iend) == 0)
      return REVIEW_DECODER_OK;
  *missing_from = 0;
  return REVIEW_DECODER_OK;
}

/* WebP: the RIFF header, then the first chunk, which holds the size. */

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | le24 (p);
}

static ReviewDecoderStatus
check_webp (const guint8 *data,
            gsize         len,
            guint32      *w,
            guint32      *h)
{
  const guint8 *chunk = data + 12;
  const guint8 *payload = data + 20;
  guint32 riff;

  *w = *h = 0;
  if (len < 20)
    return REVIEW_DECODER_TRUNCATED;
  riff = le32 (data + 4);
  if (riff < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    return REVIEW_DECODER_CORRUPT;
  if (memcmp (chunk, "VP8 ", 4) == 0)
    {
      /* Frame tag (3 bytes, bit 0 clear on a key frame), start code
       * 9d 01 2a, then 14-bit width and height (2 bits of scaling each). */
      if (len < 30)
        return REVIEW_DECODER_TRUNCATED;
      if ((payload[0] & 1) != 0 || payload[3] != 0x9d || payload[4] != 0x01 ||
          payload[5] != 0x2a)
        return REVIEW_DECODER_CORRUPT;
      *w = (guint32) (payload[6] | payload[7] << 8) & 0x3fff;
      *h = (guint32) (payload[8] | payload[9] << 8) & 0x3fff;
    }
  else if (memcmp (chunk, "VP8L", 4) == 0)
    {
      /* Signature 0x2f, then 14 bits of width - 1 and 14 of height - 1. */
      guint32 bits;

      if (len < 25)
        return REVIEW_DECODER_TRUNCATED;
      if (payload[0] != 0x2f)
        return REVIEW_DECODER_CORRUPT;
      bits = le32 (payload + 1);
      *w = (bits & 0x3fff) + 1;
      *h = ((bits >> 14) & 0x3fff) + 1;
    }
  else if (memcmp (chunk, "VP8X", 4) == 0)
    {
      /* Flags (1 byte), reserved (3), canvas width - 1 and height - 1 (24
       * bits each): up to 2^48 pixels, which a guint64 holds. */
      if (len < 30)
        return REVIEW_DECODER_TRUNCATED;
      *w = le24 (payload + 4) + 1;
      *h = le24 (payload + 7) + 1;
    }
  else
    return REVIEW_DECODER_CORRUPT;
  if (*w == 0 || *h == 0)
    return REVIEW_DECODER_CORRUPT;
  if ((guint64) riff + 8 > len)
    return REVIEW_DECODER_TRUNCATED;
  return REVIEW_DECODER_OK;
}

/**
 * review_decode_check_header:
 * @width: (out): the size stored in the header, 0 when not found
 * @height: (out):
 * @variant: (out): on %REVIEW_DECODER_UNSUPPORTED, the variant's code
 *   ("jpeg-12bit", "tiff-16bit"…), a static string; %NULL otherwise
 * @missing_from: (out): on %REVIEW_DECODER_OK, %G_MAXUINT32 when the file
 *   looks whole; otherwise it is cut short (a PNG with no IEND, a TIFF
 *   strip past the end), and this is the first row known to be missing,
 *   0 when unknown. JPEG: always %G_MAXUINT32 (libjpeg finds out).
 *
 * Reads nothing outside @data[0..@len). The caller compares the size with
 * its limit even when the status is not OK: an image that claims to be too
 * large is too large, whether or not the rest of it is there.
 */
ReviewDecoderStatus
review_decode_check_header (ReviewImageFormat   format,
                            const guint8       *data,
                            gsize               len,
                            guint32            *width,
                            guint32            *height,
                            const char        **variant,
                            guint32            *missing_from)
{
  ReviewDecoderStatus status = REVIEW_DECODER_OK;

  *width = *height = 0;
  *variant = NULL;
  *missing_from = G_MAXUINT32;
  switch (format)
    {
    case REVIEW_FORMAT_JPEG:
      status = check_jpeg (data, len, width, height, variant);
      break;
    case REVIEW_FORMAT_PNG:
      status = check_png (data, len, width, height, missing_from);
      break;
    case REVIEW_FORMAT_TIFF:
      status = review_decode_check_tiff (data, len, width, height, variant, missing_from);
      break;
    case REVIEW_FORMAT_WEBP:
      status = check_webp (data, len, width, height);
      break;
    case REVIEW_FORMAT_UNKNOWN:
    default:
      return REVIEW_DECODER_UNKNOWN_FORMAT;
    }
  if (status != REVIEW_DECODER_UNSUPPORTED)
    *variant = NULL;
  if (status != REVIEW_DECODER_OK)
    *missing_from = G_MAXUINT32;
  return status;
}
