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
 * them with grey); a JPEG's end is libjpeg's to find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-decode-headers.h"

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

/* TIFF, first IFD only (the image GdkPixbuf decodes). */

#define TIFF_MAX_ENTRIES 4096   /* loop guard: real files have a few dozen */

#define TIFF_TAG_WIDTH          256
#define TIFF_TAG_LENGTH         257
#define TIFF_TAG_BITS           258
#define TIFF_TAG_PHOTOMETRIC    262
#define TIFF_TAG_STRIP_OFFSETS  273
#define TIFF_TAG_ROWS_PER_STRIP 278
#define TIFF_TAG_STRIP_COUNTS   279
#define TIFF_TAG_PLANAR         284
#define TIFF_TAG_TILE_WIDTH     322
#define TIFF_TAG_TILE_LENGTH    323
#define TIFF_TAG_TILE_OFFSETS   324
#define TIFF_TAG_TILE_COUNTS    325
#define TIFF_TYPE_SHORT         3
#define TIFF_TYPE_LONG          4
#define TIFF_PHOTOMETRIC_CMYK   5

typedef struct
{
  const guint8 *data;
  gsize         len;
  gboolean      big_endian;
} Tiff;

static guint16
tiff16 (const Tiff *t,
        gsize       at)
{
  const guint8 *p = t->data + at;
  return t->big_endian ? (guint16) (p[0] << 8 | p[1]) : (guint16) (p[1] << 8 | p[0]);
}

static guint32
tiff32 (const Tiff *t,
        gsize       at)
{
  const guint8 *p = t->data + at;
  return t->big_endian ? be32 (p) : (guint32) p[3] << 24 | (guint32) p[2] << 16 |
                                    (guint32) p[1] << 8 | p[0];
}

/* A SHORT or LONG with count 1, held in the entry at @e. */
static gboolean
tiff_scalar (const Tiff *t,
             gsize       e,
             guint32    *value)
{
  guint16 type = tiff16 (t, e + 2);

  if (tiff32 (t, e + 4) != 1)
    return FALSE;
  if (type == TIFF_TYPE_SHORT)
    *value = tiff16 (t, e + 8);
  else if (type == TIFF_TYPE_LONG)
    *value = tiff32 (t, e + 8);
  else
    return FALSE;
  return TRUE;
}

/* BitsPerSample: one SHORT per sample, in the entry when 1 or 2 of them,
 * elsewhere in the file otherwise. Returns the largest, 0 when damaged,
 * G_MAXUINT32 when the values lie past the end of the file. */
static guint32
tiff_bits (const Tiff *t,
           gsize       e)
{
  guint32 count = tiff32 (t, e + 4);
  guint32 most = 0;
  gsize at;

  if (tiff16 (t, e + 2) != TIFF_TYPE_SHORT || count == 0 || count > 64)
    return 0;
  at = e + 8;
  if (count > 2)
    {
      at = tiff32 (t, e + 8);
      if ((guint64) at + (guint64) count * 2 > t->len)
        return G_MAXUINT32;
    }
  for (guint32 k = 0; k < count; k++)
    most = MAX (most, tiff16 (t, at + (gsize) k * 2));
  return most;
}

/* The @k-th of the SHORTs or LONGs of the entry at @e (held in the entry
 * when they fit in its 4 bytes, elsewhere otherwise); FALSE when not
 * there. */
static gboolean
tiff_value (const Tiff *t,
            gsize       e,
            guint32     k,
            guint32    *value)
{
  guint16 type = tiff16 (t, e + 2);
  guint32 count = tiff32 (t, e + 4);
  guint size = type == TIFF_TYPE_SHORT ? 2 : type == TIFF_TYPE_LONG ? 4 : 0;
  guint64 at;

  if (size == 0 || k >= count)
    return FALSE;
  at = (guint64) count * size <= 4 ? e + 8 : tiff32 (t, e + 8);
  at += (guint64) k * size;
  if (at + size > t->len)
    return FALSE;
  *value = size == 2 ? tiff16 (t, (gsize) at) : tiff32 (t, (gsize) at);
  return TRUE;
}

/* The first row of the first strip or tile whose data lies past the end of
 * the file: 0 when the row is unknown (the offsets themselves are cut, or
 * the planes are stored apart), G_MAXUINT32 when all of them are there.
 * Strips and tiles are stored top to bottom, @across to a row of
 * @unit_rows rows each. */
static guint32
tiff_missing_from (const Tiff *t,
                   gsize       offsets,
                   gsize       counts,
                   guint32     unit_rows,
                   guint32     across,
                   guint32     height,
                   gboolean    planar)
{
  guint32 n = tiff32 (t, offsets + 4);

  for (guint32 k = 0; k < n; k++)
    {
      guint32 at, bytes;
      guint64 row;

      if (!tiff_value (t, offsets, k, &at) || !tiff_value (t, counts, k, &bytes))
        return 0;
      if ((guint64) at + bytes <= t->len)
        continue;
      if (planar)
        return 0;
      row = (guint64) (k / across) * unit_rows;
      return row < height ? (guint32) row : 0;
    }
  return G_MAXUINT32;
}

static ReviewDecoderStatus
check_tiff (const guint8  *data,
            gsize          len,
            guint32       *w,
            guint32       *h,
            const char   **variant,
            guint32       *missing_from)
{
  Tiff t = { data, len, FALSE };
  guint32 ifd, bits = 8, photometric = 0;
  guint32 rows_per_strip = G_MAXUINT32, tile_w = 0, tile_h = 0, planar = 1;
  gsize offsets = 0, counts = 0, tile_offsets = 0, tile_counts = 0;
  guint16 n;

  *w = *h = 0;
  if (len < 8)
    return REVIEW_DECODER_TRUNCATED;
  if (memcmp (data, "II", 2) == 0)
    t.big_endian = FALSE;
  else if (memcmp (data, "MM", 2) == 0)
    t.big_endian = TRUE;
  else
    return REVIEW_DECODER_CORRUPT;
  if (tiff16 (&t, 2) != 42)
    return REVIEW_DECODER_CORRUPT;
  ifd = tiff32 (&t, 4);
  if (ifd < 8)
    return REVIEW_DECODER_CORRUPT;
  if ((guint64) ifd + 2 > len)
    return REVIEW_DECODER_TRUNCATED;
  n = tiff16 (&t, ifd);
  if (n == 0 || n > TIFF_MAX_ENTRIES)
    return REVIEW_DECODER_CORRUPT;
  if ((guint64) ifd + 2 + (guint64) n * 12 > len)
    return REVIEW_DECODER_TRUNCATED;

  for (guint16 k = 0; k < n; k++)
    {
      gsize e = ifd + 2 + (gsize) k * 12;
      guint16 tag = tiff16 (&t, e);

      if (tag == TIFF_TAG_WIDTH && !tiff_scalar (&t, e, w))
        return REVIEW_DECODER_CORRUPT;
      if (tag == TIFF_TAG_LENGTH && !tiff_scalar (&t, e, h))
        return REVIEW_DECODER_CORRUPT;
      if (tag == TIFF_TAG_PHOTOMETRIC && !tiff_scalar (&t, e, &photometric))
        return REVIEW_DECODER_CORRUPT;
      if (tag == TIFF_TAG_BITS)
        {
          bits = tiff_bits (&t, e);
          if (bits == 0)
            return REVIEW_DECODER_CORRUPT;
          if (bits == G_MAXUINT32)
            return REVIEW_DECODER_TRUNCATED;
        }
      /* Where the data is, for *missing_from only: never a refusal. */
      if (tag == TIFF_TAG_STRIP_OFFSETS)
        offsets = e;
      if (tag == TIFF_TAG_STRIP_COUNTS)
        counts = e;
      if (tag == TIFF_TAG_TILE_OFFSETS)
        tile_offsets = e;
      if (tag == TIFF_TAG_TILE_COUNTS)
        tile_counts = e;
      if (tag == TIFF_TAG_ROWS_PER_STRIP && !tiff_scalar (&t, e, &rows_per_strip))
        rows_per_strip = G_MAXUINT32;
      if (tag == TIFF_TAG_TILE_WIDTH && !tiff_scalar (&t, e, &tile_w))
        tile_w = 0;
      if (tag == TIFF_TAG_TILE_LENGTH && !tiff_scalar (&t, e, &tile_h))
        tile_h = 0;
      if (tag == TIFF_TAG_PLANAR && !tiff_scalar (&t, e, &planar))
        planar = 1;
    }
  if (*w == 0 || *h == 0)
    return REVIEW_DECODER_CORRUPT;
  if (bits == 16 && photometric == TIFF_PHOTOMETRIC_CMYK)
    *variant = "tiff-cmyk-16bit";
  else if (bits == 16)
    *variant = "tiff-16bit";
  else if (bits == 32)
    *variant = "tiff-32bit";
  if (offsets != 0 && counts != 0)
    *missing_from = tiff_missing_from (&t, offsets, counts, MAX (1, rows_per_strip), 1,
                                       *h, planar == 2);
  else if (tile_offsets != 0 && tile_counts != 0 && tile_w > 0 && tile_h > 0)
    *missing_from = tiff_missing_from (&t, tile_offsets, tile_counts, tile_h,
                                       (guint32) (((guint64) *w + tile_w - 1) / tile_w),
                                       *h, planar == 2);
  return *variant != NULL ? REVIEW_DECODER_UNSUPPORTED : REVIEW_DECODER_OK;
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
      status = check_tiff (data, len, width, height, variant, missing_from);
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
