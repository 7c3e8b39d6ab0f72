/* review-decode-tiff.c: the whole strips of a TIFF file cut short
 *
 * GdkPixbuf's TIFF loader decodes nothing from a file whose last strips
 * lie past its end (libtiff's RGBA reader stops at the first strip it cannot
 * read). A copy of the file whose first image says it is only as tall as
 * the rows it holds whole is decoded instead; the caller puts those rows on
 * a grey canvas of the full size and flags the rest as missing. Only the
 * ImageLength value of the first IFD and the byte count of the strip cut
 * short change, in the copy: the original's bytes are never written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-decode-tiff.h"

#define TIFF_TAG_WIDTH          256
#define TIFF_TAG_LENGTH         257
#define TIFF_TAG_BITS           258
#define TIFF_TAG_COMPRESSION    259
#define TIFF_TAG_STRIP_OFFSETS  273
#define TIFF_TAG_SAMPLES        277
#define TIFF_TAG_ROWS_PER_STRIP 278
#define TIFF_TAG_STRIP_COUNTS   279
#define TIFF_TAG_PLANAR         284
#define TIFF_SHORT              3
#define TIFF_LONG               4

static guint32
get (const guint8 *p,
     gboolean      be,
     int           n)
{
  guint32 v = 0;

  for (int i = 0; i < n; i++)
    v |= (guint32) p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
  return v;
}

static void
put (guint8   *p,
     gboolean  be,
     int       n,
     guint32   v)
{
  for (int i = 0; i < n; i++)
    p[be ? n - 1 - i : i] = (guint8) (v >> (8 * i));
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gboolean      be;
} Tiff;

/* Value @k of the entry at @e (SHORT or LONG), checked against the file. */
static gboolean
value (const Tiff *t,
       gsize       e,
       guint32     k,
       gsize      *at,
       int        *width,
       guint32    *v)
{
  guint32 type = get (t->data + e + 2, t->be, 2);
  guint32 count = get (t->data + e + 4, t->be, 4);
  int size = type == TIFF_SHORT ? 2 : type == TIFF_LONG ? 4 : 0;
  guint64 where;

  if (size == 0 || k >= count)
    return FALSE;
  where = (guint64) count * size <= 4 ? e + 8 : get (t->data + e + 8, t->be, 4);
  where += (guint64) k * size;
  if (where + size > t->len)
    return FALSE;
  *at = (gsize) where;
  *width = size;
  *v = get (t->data + where, t->be, size);
  return TRUE;
}

/**
 * review_decode_tiff_cut_copy:
 * @rows: (out): the rows the copy holds
 *
 * A copy of a TIFF file cut short, made to say that its first image is only
 * as tall as the rows it holds whole: its whole strips, and, when the strips
 * are not compressed, the whole rows of the first strip cut short (whose
 * byte count is then made to match). Strips only, one plane, as
 * review-decode-headers.c read the file (every offset is checked again all
 * the same).
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
  guint8 *copy;
  int size, length_size = 0;
  guint16 n;

  *rows = 0;
  if (len < 8)
    return NULL;
  if (memcmp (data, "MM", 2) == 0)
    t.be = TRUE;
  else if (memcmp (data, "II", 2) != 0)
    return NULL;
  ifd = get (data + 4, t.be, 4);
  if ((guint64) ifd + 2 > len)
    return NULL;
  n = (guint16) get (data + ifd, t.be, 2);
  if ((guint64) ifd + 2 + (guint64) n * 12 > len)
    return NULL;
  for (guint16 k = 0; k < n; k++)
    {
      gsize e = ifd + 2 + (gsize) k * 12;
      guint32 tag = get (data + e, t.be, 2);
      guint32 v;

      if (!value (&t, e, 0, &at, &size, &v))
        continue;
      switch (tag)
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
      int count_size;

      if (!value (&t, offsets, k, &at, &size, &offset) ||
          !value (&t, counts, k, &count_at, &count_size, &count))
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
      put (copy + length_at, t.be, length_size, *rows);
      if (whole > 0)
        put (copy + count_at, t.be, count_size, (guint32) (whole * row_bytes));
      return copy;
    }
  return NULL;
}
