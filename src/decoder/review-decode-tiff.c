/* review-decode-tiff.c: an untrusted TIFF file's first image, read from
 * its header before any decoding library sees it, and the rows of a file
 * cut short
 *
 * The pixel size, the variant and where the strip or tile data lies, read
 * from the first IFD (the image GdkPixbuf decodes) with every offset and
 * count checked against the file's length; and, for a file cut short, a
 * copy that says it is only as tall as the rows it holds whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-decode-tiff.h"

/* Writes @v as @n bytes (2 or 4) in the file's byte order. */
static void
put (guint8   *p,
     gboolean  big_endian,
     guint     n,
     guint32   v)
{
  for (guint i = 0; i < n; i++)
    p[big_endian ? n - 1 - i : i] = (guint8) (v >> (8 * i));
}

/* TIFF, first IFD only (the image GdkPixbuf decodes). */

#define TIFF_MAX_ENTRIES 4096   /* loop guard: real files have a few dozen */

#define TIFF_TAG_WIDTH          256
#define TIFF_TAG_LENGTH         257
#define TIFF_TAG_BITS           258
#define TIFF_TAG_COMPRESSION    259
#define TIFF_TAG_PHOTOMETRIC    262
#define TIFF_TAG_STRIP_OFFSETS  273
#define TIFF_TAG_SAMPLES        277
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
  return t->big_endian ? (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]
                       : (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
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

/* Where the @k-th of the SHORTs or LONGs of the entry at @e is (held in
 * the entry when they fit in its 4 bytes, elsewhere otherwise), its size
 * and value; FALSE when not there. */
static gboolean
tiff_value_at (const Tiff *t,
               gsize       e,
               guint32     k,
               gsize      *where,
               guint      *size,
               guint32    *value)
{
  guint16 type = tiff16 (t, e + 2);
  guint32 count = tiff32 (t, e + 4);
  guint s = type == TIFF_TYPE_SHORT ? 2 : type == TIFF_TYPE_LONG ? 4 : 0;
  guint64 at;

  if (s == 0 || k >= count)
    return FALSE;
  at = (guint64) count * s <= 4 ? e + 8 : tiff32 (t, e + 8);
  at += (guint64) k * s;
  if (at + s > t->len)
    return FALSE;
  *where = (gsize) at;
  *size = s;
  *value = s == 2 ? tiff16 (t, (gsize) at) : tiff32 (t, (gsize) at);
  return TRUE;
}

static gboolean
tiff_value (const Tiff *t,
            gsize       e,
            guint32     k,
            guint32    *value)
{
  gsize where;
  guint size;

  return tiff_value_at (t, e, k, &where, &size, value);
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

/**
 * review_decode_check_tiff:
 *
 * The size and variant of a TIFF file's first image, from its first IFD,
 * as review_decode_check_header() gives them.
 */
ReviewDecoderStatus
review_decode_check_tiff (const guint8  *data,
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
  else if (bits == 12)
    *variant = "tiff-12bit";
  else if (bits != 1 && bits != 2 && bits != 4 && bits != 8)
    *variant = "tiff-bits";
  if (offsets != 0 && counts != 0)
    *missing_from = tiff_missing_from (&t, offsets, counts, MAX (1, rows_per_strip), 1,
                                       *h, planar == 2);
  else if (tile_offsets != 0 && tile_counts != 0 && tile_w > 0 && tile_h > 0)
    *missing_from = tiff_missing_from (&t, tile_offsets, tile_counts, tile_h,
                                       (guint32) (((guint64) *w + tile_w - 1) / tile_w),
                                       *h, planar == 2);
  return *variant != NULL ? REVIEW_DECODER_UNSUPPORTED : REVIEW_DECODER_OK;
}

/**
 * review_decode_tiff_cut_copy:
 * @rows: (out): the rows the copy holds
 *
 * GdkPixbuf's TIFF loader decodes nothing from a file whose last strips
 * lie past its end (libtiff's RGBA reader stops at the first strip it cannot
 * read). This makes a copy of the file that says its first image is only
 * as tall as the rows it holds whole: its whole strips, and, when the
 * strips are not compressed, the whole rows of the first strip cut short
 * (whose byte count is then made to match). The caller decodes the copy
 * and puts its rows on a grey canvas of the full size. Only those two
 * values change, in the copy: the original's bytes are never written.
 * Strips only, one plane.
 *
 * Returns: (nullable): the copy, or %NULL when no row is whole or the
 *   layout is not one this understands
 */
guint8 *
review_decode_tiff_cut_copy (const guint8 *data,
                             gsize         len,
                             guint32      *rows)
{
  Tiff t = { data, len, FALSE };
  gsize length_at = 0, offsets = 0, counts = 0, at;
  guint32 ifd, width = 0, height = 0, bits = 0, spp = 1, compression = 1, planar = 1;
  guint32 per_strip = G_MAXUINT32, n_strips;
  guint64 row_bytes;
  guint size, length_size = 0;
  guint8 *copy;
  guint16 n;

  *rows = 0;
  if (len < 8)
    return NULL;
  if (memcmp (data, "MM", 2) == 0)
    t.big_endian = TRUE;
  else if (memcmp (data, "II", 2) != 0)
    return NULL;
  ifd = tiff32 (&t, 4);
  if ((guint64) ifd + 2 > len)
    return NULL;
  n = tiff16 (&t, ifd);
  if (n > TIFF_MAX_ENTRIES || (guint64) ifd + 2 + (guint64) n * 12 > len)
    return NULL;
  for (guint16 k = 0; k < n; k++)
    {
      gsize e = ifd + 2 + (gsize) k * 12;
      guint32 v;

      if (!tiff_value_at (&t, e, 0, &at, &size, &v))
        continue;
      switch (tiff16 (&t, e))
        {
        case TIFF_TAG_WIDTH: width = v; break;
        case TIFF_TAG_LENGTH: height = v; length_at = at; length_size = size; break;
        case TIFF_TAG_BITS: bits = v; break;
        case TIFF_TAG_COMPRESSION: compression = v; break;
        case TIFF_TAG_SAMPLES: spp = v; break;
        case TIFF_TAG_ROWS_PER_STRIP: per_strip = v; break;
        case TIFF_TAG_PLANAR: planar = v; break;
        case TIFF_TAG_STRIP_OFFSETS: offsets = e; break;
        case TIFF_TAG_STRIP_COUNTS: counts = e; break;
        default: break;
        }
    }
  if (length_at == 0 || offsets == 0 || counts == 0 || width == 0 || height == 0 ||
      bits == 0 || spp == 0 || planar != 1)
    return NULL;
  per_strip = CLAMP (per_strip, 1, height);
  n_strips = (guint32) (((guint64) height + per_strip - 1) / per_strip);
  row_bytes = ((guint64) width * spp * bits + 7) / 8;
  for (guint32 k = 0; k < n_strips; k++)
    {
      gsize count_at;
      guint32 offset, count;
      guint64 whole = 0;
      guint count_size;

      if (!tiff_value (&t, offsets, k, &offset) ||
          !tiff_value_at (&t, counts, k, &count_at, &count_size, &count))
        return NULL;
      if ((guint64) offset + count <= len)
        continue;
      /* The first strip cut short: its whole rows, if not compressed. */
      if (compression == 1 && offset < len && row_bytes > 0)
        whole = MIN ((len - offset) / row_bytes, per_strip);
      *rows = (guint32) MIN ((guint64) k * per_strip + whole, height);
      if (*rows == 0 || *rows >= height || (length_size == 2 && *rows > G_MAXUINT16))
        return NULL;
      copy = g_memdup2 (data, len);
      put (copy + length_at, t.big_endian, length_size, *rows);
      if (whole > 0)
        put (copy + count_at, t.big_endian, count_size, (guint32) (whole * row_bytes));
      return copy;
    }
  return NULL;
}
