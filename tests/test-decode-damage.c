/* test-decode-damage.c: damaged files decode in part, and say so
 *
 * Files made in the test with libjpeg and GdkPixbuf, then damaged as an
 * attacker or a bad copy would: stray bytes between markers (which hide
 * nothing), a scan cut short with or without an end marker, corrupt scan
 * data, progressive files cut, PNG files cut in their image data with or
 * without a forged IEND. Each goes to review_decode_bytes() (compiled in
 * from src/decoder, as the fuzz harness does) and must come back as the
 * damage the parent will word: missing from a row (and grey below it),
 * corrupt from a row, partly decoded, or refused when nothing decoded;
 * every reply passes the parent's checks. The JPEG path keeps EXIF
 * orientation, scaling on decode and CMYK. Then through the real decoder
 * ($REVIEW_DECODER_PATH, sandboxed) and the pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <jpeglib.h>

#include "review-decode.h"
#include "review-decoder-pool.h"
#include "review-decoder-reply.h"

#define LIMIT 50000000u

/* ---- JPEG ---- */

typedef struct
{
  ReviewDecoderReply  rep;
  guint8             *pixels;
} Full;

static Full
decode_full (const guint8 *data,
             gsize         len,
             guint32       max_edge)
{
  ReviewDecoderRequest req = { REVIEW_DECODER_MAGIC, REVIEW_DECODER_OP_DECODE, max_edge, 0,
                               LIMIT, len };
  g_autofree char *text = NULL;
  Full f = { 0 };

  review_decode_bytes (&req, data, len, &f.rep, &text, &f.pixels);
  if (f.rep.status == REVIEW_DECODER_OK)
    {
      /* What the parent checks of every reply. */
      f.rep.magic = REVIEW_DECODER_MAGIC;
      g_assert_true (review_decoder_reply_valid (&f.rep, max_edge, LIMIT));
      g_assert_nonnull (f.pixels);
    }
  else
    g_assert_null (f.pixels);
  return f;
}

/* Noise, the same on every row, so that each row costs about as many bytes
 * of scan data; or one flat colour when @flat is set (4 bytes for CMYK). */
static GByteArray *
encode_jpeg (int           width,
             int           height,
             gboolean      progressive,
             J_COLOR_SPACE space,
             const guint8 *flat,
             int           restart_rows)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *buf = NULL;
  unsigned long size = 0;
  int n = space == JCS_CMYK ? 4 : 3;
  g_autofree guint8 *row = g_malloc ((gsize) width * n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  GByteArray *b;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &buf, &size);
  c.image_width = (JDIMENSION) width;
  c.image_height = (JDIMENSION) height;
  c.input_components = n;
  c.in_color_space = space;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 90, TRUE);
  c.restart_in_rows = restart_rows;
  if (progressive)
    jpeg_simple_progression (&c);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW r = row;
      for (int i = 0; i < width * n; i++)
        row[i] = flat ? flat[i % n] : (guint8) g_rand_int_range (rand, 0, 256);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  b = g_byte_array_new ();
  g_byte_array_append (b, buf, (guint) size);
  free (buf);
  return b;
}

/* Where the first scan's data begins, after its SOS header. */
static gsize
scan_start (GByteArray *b)
{
  for (gsize i = 2; i + 4 < b->len; i++)
    if (b->data[i] == 0xFF && b->data[i + 1] == 0xDA)
      return i + 2 + (b->data[i + 2] << 8 | b->data[i + 3]);
  g_assert_not_reached ();
}

/* @b cut at @fraction of its (first) scan's data, then @tail. */
static GByteArray *
cut_scan (GByteArray   *b,
          double        fraction,
          const guint8 *tail,
          guint         tail_len)
{
  gsize start = scan_start (b);
  gsize at = start + (gsize) ((b->len - 2 - start) * fraction);
  GByteArray *cut = g_byte_array_new ();

  g_byte_array_append (cut, b->data, (guint) at);
  if (tail_len > 0)
    g_byte_array_append (cut, tail, tail_len);
  return cut;
}

/* Every pixel of rows @from..@to (output rows) is mid grey. */
static void
assert_grey_rows (const Full *f,
                  guint32     from,
                  guint32     to)
{
  for (gsize y = from; y < to; y++)
    for (gsize i = 0; i < (gsize) f->rep.width * 3; i++)
      if (f->pixels[y * f->rep.width * 3 + i] != 128)
        g_error ("row %" G_GSIZE_FORMAT " is not grey (byte %u)", y,
                 f->pixels[y * f->rep.width * 3 + i]);
}

static const guint8 eoi[] = { 0xFF, 0xD9 };

/* Photoshop leaves bytes between markers: the image is whole, and the
 * same as without them. */
static void
test_jpeg_stray_bytes (void)
{
  g_autoptr(GByteArray) b = encode_jpeg (64, 48, FALSE, JCS_RGB, NULL, 0);
  Full whole = decode_full (b->data, b->len, 0);
  static const guint8 stray[] = { 0x00, 0x00, 0x12, 0x34, 0x00 };
  gsize sos = scan_start (b) - 14;       /* the SOS marker of one component... */

  g_assert_cmpint (whole.rep.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpint (whole.rep.damage, ==, REVIEW_DAMAGE_NONE);
  /* The SOS header of a 3-component scan is 2 + 12 bytes long. */
  g_assert_cmpuint (b->data[sos], ==, 0xFF);
  g_assert_cmpuint (b->data[sos + 1], ==, 0xDA);
  for (int where = 0; where < 2; where++)
    {
      g_autoptr(GByteArray) s = g_byte_array_new ();
      gsize at = where == 0 ? 20 : sos;  /* after JFIF's APP0; before SOS */
      Full f;

      g_assert_cmpuint (b->data[at], ==, 0xFF);
      g_byte_array_append (s, b->data, (guint) at);
      g_byte_array_append (s, stray, sizeof stray);
      g_byte_array_append (s, b->data + at, (guint) (b->len - at));
      f = decode_full (s->data, s->len, 0);
      g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
      g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_NONE);
      g_assert_cmpmem (f.pixels, f.rep.pixel_len, whole.pixels, whole.rep.pixel_len);
      g_free (f.pixels);
    }
  {
    /* Bytes after the end marker are not the image's. */
    g_autoptr(GByteArray) s = g_byte_array_new ();
    Full f;
    g_byte_array_append (s, b->data, b->len);
    g_byte_array_append (s, stray, sizeof stray);
    f = decode_full (s->data, s->len, 0);
    g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_NONE);
    g_free (f.pixels);
  }
  {
    /* ...but bytes between the scan and the end marker are damage. */
    g_autoptr(GByteArray) s = g_byte_array_new ();
    Full f;
    g_byte_array_append (s, b->data, b->len - 2);
    g_byte_array_append (s, stray, sizeof stray);
    g_byte_array_append (s, eoi, sizeof eoi);
    f = decode_full (s->data, s->len, 0);
    g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
    g_assert_cmpint (f.rep.damage, !=, REVIEW_DAMAGE_NONE);
    g_free (f.pixels);
  }
  g_free (whole.pixels);
}

/* A scan cut at 40 %, with or without an end marker after it: the rows
 * from about 40 % on are missing, and grey. At full size and scaled. */
static void
test_jpeg_cut (void)
{
  g_autoptr(GByteArray) b = encode_jpeg (256, 320, FALSE, JCS_RGB, NULL, 0);

  for (int with_eoi = 0; with_eoi <= 1; with_eoi++)
    for (guint32 edge = 0; edge <= 100; edge += 100)
      {
        g_autoptr(GByteArray) cut = cut_scan (b, 0.4, eoi, with_eoi ? 2 : 0);
        Full f = decode_full (cut->data, cut->len, edge);
        guint32 grey_from;

        g_test_message ("cut at 40 %%, %s FF D9, max edge %u: row %u", with_eoi ? "with" : "no",
                        edge, f.rep.damage_row);
        g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
        g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_MISSING);
        g_assert_cmpuint (f.rep.orig_height, ==, 320);
        /* 40 % of 320 is 128; the decoder may name a row group earlier. */
        g_assert_cmpuint (f.rep.damage_row, >=, 96);
        g_assert_cmpuint (f.rep.damage_row, <=, 136);
        if (edge == 0)
          {
            g_assert_cmpuint (f.rep.height, ==, 320);
            grey_from = f.rep.damage_row;
          }
        else
          {
            g_assert_cmpuint (f.rep.height, ==, 100);
            /* Bilinear scaling blends one row across the boundary. */
            grey_from = f.rep.damage_row * 100 / 320 + 2;
          }
        assert_grey_rows (&f, grey_from, f.rep.height);
        /* ...and the rows above are the image, not grey. */
        g_assert_cmpuint (f.pixels[0], !=, 128);
        g_free (f.pixels);
      }
}

/* Nothing decoded: refused as truncated. */
static void
test_jpeg_nothing (void)
{
  g_autoptr(GByteArray) b = encode_jpeg (256, 320, FALSE, JCS_RGB, NULL, 0);
  gsize start = scan_start (b);
  static const guint cuts[] = { 0, 1, 20 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    for (int with_eoi = 0; with_eoi <= 1; with_eoi++)
      {
        g_autoptr(GByteArray) cut = g_byte_array_new ();
        Full f;

        g_byte_array_append (cut, b->data, (guint) (start + cuts[i]));
        if (with_eoi)
          g_byte_array_append (cut, eoi, sizeof eoi);
        f = decode_full (cut->data, cut->len, 256);
        g_test_message ("%u bytes of scan, %s FF D9", cuts[i], with_eoi ? "with" : "no");
        g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_TRUNCATED);
      }
}

/* Corrupt data inside the scan: a run of restart markers in a file that has
 * none, or a restart marker out of sequence. */
static void
test_jpeg_corrupt (void)
{
  for (int restarts = 0; restarts <= 1; restarts++)
    {
      g_autoptr(GByteArray) b = encode_jpeg (256, 320, FALSE, JCS_RGB, NULL, restarts);
      gsize start = scan_start (b);
      gsize middle = start + (b->len - start) / 2;
      Full f;

      if (!restarts)
        for (gsize i = middle; i < middle + 64; i += 2)
          {
            b->data[i] = 0xFF;
            b->data[i + 1] = 0xD3;
          }
      else
        {
          /* The first restart marker after the middle, renumbered. */
          while (!(b->data[middle] == 0xFF && b->data[middle + 1] >= 0xD0 &&
                   b->data[middle + 1] <= 0xD7))
            middle++;
          b->data[middle + 1] = 0xD0 + ((b->data[middle + 1] - 0xD0 + 4) & 7);
        }
      f = decode_full (b->data, b->len, 0);
      g_test_message ("%s: damage %u from row %u", restarts ? "restart renumbered" : "FF D3 run",
                      f.rep.damage, f.rep.damage_row);
      g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
      g_assert_true (f.rep.damage == REVIEW_DAMAGE_CORRUPT || f.rep.damage == REVIEW_DAMAGE_MISSING);
      g_assert_cmpuint (f.rep.damage_row, >, 100);
      g_assert_cmpuint (f.rep.damage_row, <, 200);
      g_free (f.pixels);
    }
}

static void
test_jpeg_progressive (void)
{
  g_autoptr(GByteArray) b = encode_jpeg (256, 320, TRUE, JCS_RGB, NULL, 0);
  Full f = decode_full (b->data, b->len, 0);

  g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_NONE);
  g_free (f.pixels);
  for (double at = 0.3; at < 0.95; at += 0.3)
    {
      g_autoptr(GByteArray) cut = g_byte_array_new ();
      g_byte_array_append (cut, b->data, (guint) (b->len * at));
      f = decode_full (cut->data, cut->len, 0);
      g_test_message ("progressive cut at %.0f %%: damage %u", at * 100, f.rep.damage);
      g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
      g_assert_true (f.rep.damage == REVIEW_DAMAGE_PARTLY || f.rep.damage == REVIEW_DAMAGE_MISSING);
      g_free (f.pixels);
    }
  {
    /* Cut inside its first scan (the DC one, a few hundred bytes): the
     * rows below the cut are missing. */
    g_autoptr(GByteArray) cut = cut_scan (b, 0.0, NULL, 0);
    gsize first_scan_end = scan_start (b);
    while (!(b->data[first_scan_end] == 0xFF && b->data[first_scan_end + 1] != 0x00))
      first_scan_end++;
    g_byte_array_set_size (cut, 0);
    g_byte_array_append (cut, b->data,
                         (guint) (scan_start (b) + (first_scan_end - scan_start (b)) / 2));
    f = decode_full (cut->data, cut->len, 0);
    g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
    g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_MISSING);
    g_assert_cmpuint (f.rep.damage_row, >, 64);
    g_assert_cmpuint (f.rep.damage_row, <, 256);
    assert_grey_rows (&f, f.rep.damage_row, 320);
    g_free (f.pixels);
  }
}

/* A minimal EXIF APP1 segment holding only Orientation. */
static GByteArray *
with_orientation (GByteArray *b,
                  guint16     orientation)
{
  const guint8 app1[] = {
    0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 42, 0, 8, 0, 0, 0,                     /* TIFF header, IFD at 8 */
    1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,              /* Orientation, SHORT, 1 */
    orientation & 0xff, orientation >> 8, 0, 0, 0, 0, 0, 0,
  };
  GByteArray *o = g_byte_array_new ();

  g_byte_array_append (o, b->data, 2);
  g_byte_array_append (o, app1, sizeof app1);
  g_byte_array_append (o, b->data + 2, b->len - 2);
  return o;
}

static void
test_jpeg_orientation_scale (void)
{
  g_autoptr(GByteArray) b = encode_jpeg (64, 32, FALSE, JCS_RGB, NULL, 0);
  g_autoptr(GByteArray) rotated = with_orientation (b, 6);
  g_autoptr(GByteArray) big = encode_jpeg (2000, 1000, FALSE, JCS_RGB, NULL, 0);
  g_autoptr(GByteArray) big_rotated = with_orientation (big, 6);
  Full f = decode_full (rotated->data, rotated->len, 0);

  g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpuint (f.rep.orientation, ==, 6);
  g_assert_cmpuint (f.rep.orig_width, ==, 64);
  g_assert_cmpuint (f.rep.width, ==, 32);
  g_assert_cmpuint (f.rep.height, ==, 64);
  g_free (f.pixels);
  f = decode_full (big->data, big->len, 256);
  g_assert_cmpuint (f.rep.width, ==, 256);
  g_assert_cmpuint (f.rep.height, ==, 128);
  g_free (f.pixels);
  f = decode_full (big_rotated->data, big_rotated->len, 300);
  g_assert_cmpuint (f.rep.width, ==, 150);
  g_assert_cmpuint (f.rep.height, ==, 300);
  g_free (f.pixels);
  f = decode_full (big->data, big->len, 4000);
  g_assert_cmpuint (f.rep.width, ==, 2000);
  g_free (f.pixels);
}

/* CMYK and YCCK, as Photoshop writes them (inverted), come out as RGB. */
static void
test_jpeg_cmyk (void)
{
  static const struct
  {
    guint8 cmyk[4];
    guint8 rgb[3];
  } colours[] = {
    { { 255, 0, 0, 255 }, { 255, 0, 0 } },
    { { 255, 255, 255, 255 }, { 255, 255, 255 } },
    { { 0, 255, 255, 128 }, { 0, 128, 128 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    for (int ycck = 0; ycck <= 1; ycck++)
      {
        g_autoptr(GByteArray) b = NULL;
        struct jpeg_compress_struct probe;
        Full f;

        b = encode_jpeg (32, 32, FALSE, JCS_CMYK, colours[i].cmyk, 0);
        if (ycck)
          {
            /* The same, written as YCCK: set in the Adobe marker. */
            struct jpeg_error_mgr err;
            unsigned char *buf = NULL;
            unsigned long size = 0;
            JSAMPROW row;
            guint8 px[32 * 4];

            for (int k = 0; k < 32 * 4; k++)
              px[k] = colours[i].cmyk[k % 4];
            row = px;
            probe.err = jpeg_std_error (&err);
            jpeg_create_compress (&probe);
            jpeg_mem_dest (&probe, &buf, &size);
            probe.image_width = probe.image_height = 32;
            probe.input_components = 4;
            probe.in_color_space = JCS_CMYK;
            jpeg_set_defaults (&probe);
            jpeg_set_colorspace (&probe, JCS_YCCK);
            jpeg_start_compress (&probe, TRUE);
            while (probe.next_scanline < 32)
              jpeg_write_scanlines (&probe, &row, 1);
            jpeg_finish_compress (&probe);
            jpeg_destroy_compress (&probe);
            g_byte_array_set_size (b, 0);
            g_byte_array_append (b, buf, (guint) size);
            free (buf);
          }
        f = decode_full (b->data, b->len, 0);
        g_test_message ("%s %u %u %u %u -> %u %u %u", ycck ? "YCCK" : "CMYK",
                        colours[i].cmyk[0], colours[i].cmyk[1], colours[i].cmyk[2],
                        colours[i].cmyk[3], f.pixels[0], f.pixels[1], f.pixels[2]);
        g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
        g_assert_cmpuint (f.rep.width, ==, 32);
        for (gsize p = 0; p < f.rep.pixel_len; p++)
          g_assert_cmpint (ABS ((int) f.pixels[p] - (int) colours[i].rgb[p % 3]), <=, 6);
        g_free (f.pixels);
      }
}

/* ---- PNG ---- */

static GByteArray *
encode_png (int width,
            int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *buf = NULL;
  gsize len = 0;
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf);
  GByteArray *b = g_byte_array_new ();

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      p[y * gdk_pixbuf_get_rowstride (pixbuf) + x] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "png", NULL, NULL));
  g_byte_array_append (b, (const guint8 *) buf, (guint) len);
  return b;
}

static void
test_png_cut (void)
{
  g_autoptr(GByteArray) b = encode_png (64, 200);
  static const guint8 iend[] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };
  Full f = decode_full (b->data, b->len, 0);

  g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_NONE);
  g_free (f.pixels);
  for (int forged = 0; forged <= 1; forged++)
    {
      g_autoptr(GByteArray) cut = g_byte_array_new ();

      g_byte_array_append (cut, b->data, (guint) (b->len * 4 / 10));
      if (forged)
        g_byte_array_append (cut, iend, sizeof iend);
      f = decode_full (cut->data, cut->len, 0);
      g_test_message ("PNG cut at 40 %%, %s IEND: damage %u from row %u",
                      forged ? "forged" : "no", f.rep.damage, f.rep.damage_row);
      g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
      g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_MISSING);
      g_assert_cmpuint (f.rep.damage_row, >=, 60);
      g_assert_cmpuint (f.rep.damage_row, <=, 82);
      assert_grey_rows (&f, f.rep.damage_row, f.rep.height);
      g_free (f.pixels);
    }
  {
    /* Cut in its header: nothing decoded. */
    f = decode_full (b->data, 60, 0);
    g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_TRUNCATED);
  }
}

/* ---- TIFF ---- */

static void
le16 (GByteArray *b,
      guint16     v)
{
  guint8 p[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (b, p, 2);
}

static void
le32 (GByteArray *b,
      guint32     v)
{
  le16 (b, (guint16) v);
  le16 (b, (guint16) (v >> 16));
}

static void
entry (GByteArray *b,
       guint16     tag,
       guint16     type,
       guint32     count,
       guint32     value)
{
  le16 (b, tag);
  le16 (b, type);
  le32 (b, count);
  if (type == 3 && count == 1)
    {
      le16 (b, (guint16) value);
      le16 (b, 0);
    }
  else
    le32 (b, value);
}

/* An uncompressed RGB TIFF, its IFD first, then @height / 10 strips of 10
 * rows of noise (so that a cut file still has its IFD, as a camera's or a
 * scanner's may). */
static GByteArray *
encode_tiff (guint32 width,
             guint32 height)
{
  GByteArray *b = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint32 strips = height / 10, strip_bytes = width * 3 * 10;
  guint16 n = 10;
  guint32 ifd_end = 8 + 2 + n * 12 + 4;
  guint32 bits_at = ifd_end, offsets_at = bits_at + 6, counts_at = offsets_at + strips * 4;
  guint32 data_at = counts_at + strips * 4;

  g_assert_cmpuint (height % 10, ==, 0);
  g_byte_array_append (b, (const guint8 *) "II*\0\x08\0\0\0", 8);
  le16 (b, n);
  entry (b, 256, 4, 1, width);
  entry (b, 257, 4, 1, height);
  entry (b, 258, 3, 3, bits_at);
  entry (b, 259, 3, 1, 1);                     /* no compression */
  entry (b, 262, 3, 1, 2);                     /* RGB */
  entry (b, 273, 4, strips, offsets_at);
  entry (b, 277, 3, 1, 3);
  entry (b, 278, 4, 1, 10);
  entry (b, 279, 4, strips, counts_at);
  entry (b, 284, 3, 1, 1);
  le32 (b, 0);
  for (int i = 0; i < 3; i++)
    le16 (b, 8);
  for (guint32 i = 0; i < strips; i++)
    le32 (b, data_at + i * strip_bytes);
  for (guint32 i = 0; i < strips; i++)
    le32 (b, strip_bytes);
  g_assert_cmpuint (b->len, ==, data_at);
  for (guint32 i = 0; i < strips * strip_bytes; i++)
    {
      guint8 v = (guint8) g_rand_int_range (rand, 0, 256);
      g_byte_array_append (b, &v, 1);
    }
  return b;
}

/* Strips past the end of the file: refused as truncated when the loader
 * gives up, or missing from the first strip that is not there when it
 * decodes what is; never a whole image. */
static void
test_tiff_cut (void)
{
  g_autoptr(GByteArray) b = encode_tiff (64, 200);
  Full f = decode_full (b->data, b->len, 0);

  g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_NONE);
  g_free (f.pixels);
  for (guint percent = 40; percent <= 99; percent += 59)
    {
      guint len = b->len * percent / 100;

      f = decode_full (b->data, len, 0);
      g_test_message ("TIFF cut at %u %%: status %d, damage %u from row %u", percent,
                      f.rep.status, f.rep.damage, f.rep.damage_row);
      if (f.rep.status == REVIEW_DECODER_OK)
        {
          g_assert_cmpint (f.rep.damage, ==, REVIEW_DAMAGE_MISSING);
          g_assert_cmpuint (f.rep.damage_row, <=, 200 * percent / 100);
          assert_grey_rows (&f, f.rep.damage_row, f.rep.height);
          g_free (f.pixels);
        }
      else
        g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_TRUNCATED);
    }
}

/* ---- through the real decoder and the pool ---- */

static ReviewDecodedImage *
pool_decode_image (ReviewDecoderPool  *pool,
                   const char         *dir,
                   GByteArray         *b,
                   GError            **error)
{
  g_autofree char *path = g_build_filename (dir, "image", NULL);
  ReviewDecodedImage *image;
  int fd;

  g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  image = review_decoder_pool_decode (pool, fd, 256, LIMIT, 0, error);
  close (fd);
  g_unlink (path);
  return image;
}

/* Damaged files through the sandboxed decoder: the parent accepts the
 * damage it reports, the same as in this process. */
static void
test_pool_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("review-decode-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  ReviewDecoderPool *pool = review_decoder_pool_new (g_getenv ("REVIEW_DECODER_PATH"), 1, &error);
  g_autoptr(GByteArray) jpeg = encode_jpeg (256, 320, FALSE, JCS_RGB, NULL, 0);
  g_autoptr(GByteArray) progressive = encode_jpeg (256, 320, TRUE, JCS_RGB, NULL, 0);
  g_autoptr(GByteArray) png = encode_png (64, 200);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);

  g_assert_no_error (error);
  g_ptr_array_add (files, g_byte_array_ref (jpeg));
  g_ptr_array_add (files, cut_scan (jpeg, 0.4, eoi, 2));
  g_ptr_array_add (files, cut_scan (jpeg, 0.6, NULL, 0));
  g_ptr_array_add (files, cut_scan (progressive, 0.7, NULL, 0));
  g_ptr_array_add (files, g_byte_array_new ());
  g_byte_array_append (files->pdata[files->len - 1], png->data, png->len / 2);
  for (guint i = 0; i < files->len; i++)
    {
      GByteArray *b = files->pdata[i];
      g_autoptr(ReviewDecodedImage) image = pool_decode_image (pool, dir, b, &error);
      Full f = decode_full (b->data, b->len, 256);

      g_assert_no_error (error);
      g_assert_nonnull (image);
      g_test_message ("file %u: damage %u from row %u", i, image->damage, image->damage_row);
      g_assert_cmpint (f.rep.status, ==, REVIEW_DECODER_OK);
      g_assert_cmpint (image->damage, ==, f.rep.damage);
      g_assert_cmpuint (image->damage_row, ==, f.rep.damage_row);
      g_assert_cmpuint (image->width, ==, f.rep.width);
      g_assert_cmpmem (g_bytes_get_data (image->pixels, NULL), g_bytes_get_size (image->pixels),
                       f.pixels, f.rep.pixel_len);
      g_assert_cmpint (image->damage, ==, i == 0 ? REVIEW_DAMAGE_NONE :
                                          i == 3 ? REVIEW_DAMAGE_PARTLY : REVIEW_DAMAGE_MISSING);
      g_free (f.pixels);
    }
  {
    /* Nothing decoded: refused, as before. */
    g_autoptr(GByteArray) cut = cut_scan (jpeg, 0.0, eoi, 2);
    g_autoptr(GError) e = NULL;
    g_autoptr(ReviewDecodedImage) image = pool_decode_image (pool, dir, cut, &e);
    g_assert_null (image);
    g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TRUNCATED);
  }
  review_decoder_pool_free (pool);
  g_rmdir (dir);
}


int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decode-damage/jpeg/stray-bytes", test_jpeg_stray_bytes);
  g_test_add_func ("/decode-damage/jpeg/cut", test_jpeg_cut);
  g_test_add_func ("/decode-damage/jpeg/nothing", test_jpeg_nothing);
  g_test_add_func ("/decode-damage/jpeg/corrupt", test_jpeg_corrupt);
  g_test_add_func ("/decode-damage/jpeg/progressive", test_jpeg_progressive);
  g_test_add_func ("/decode-damage/jpeg/orientation-scale", test_jpeg_orientation_scale);
  g_test_add_func ("/decode-damage/jpeg/cmyk", test_jpeg_cmyk);
  g_test_add_func ("/decode-damage/png/cut", test_png_cut);
  g_test_add_func ("/decode-damage/tiff/cut", test_tiff_cut);
  g_test_add_func ("/decode-damage/pool", test_pool_damaged);
  return g_test_run ();
}
