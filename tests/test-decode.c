/* test-decode.c: what the decoder reads from a header, before any loader
 *
 * Minimal files made in memory, given to review_decode_bytes() (compiled in
 * from src/decoder, as the fuzz harness does): every format's pixel size is
 * read from its header and an image over the limit is refused before a
 * GdkPixbuf loader sees it (an emission hook on "size-prepared" counts what
 * the loaders saw); valid variants the loaders cannot decode are refused as
 * unsupported, with their code; hostile TIFF offsets and counts end as
 * damaged or truncated, never as a crash. Then the same files through the
 * real decoder ($REVIEW_DECODER_PATH) and the pool: the reason shown is the
 * parent's own sentence.
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

#define LIMIT 50000000u   /* 50 Mpx, the importer's default order */

static guint size_prepared_seen;

static gboolean
size_prepared_hook (GSignalInvocationHint *ihint,
                    guint                  n_param_values,
                    const GValue          *param_values,
                    gpointer               data)
{
  size_prepared_seen++;
  return TRUE;
}

typedef struct
{
  ReviewDecoderStatus status;
  guint32             width;
  guint32             height;
  char               *text;
  guint               loader_saw_size;   /* "size-prepared" emissions */
  gint64              usec;
} Decoded;

static Decoded
decode (const guint8 *data,
        gsize         len)
{
  ReviewDecoderRequest req = { 0 };
  ReviewDecoderReply rep;
  g_autofree guint8 *pixels = NULL;
  Decoded d = { 0 };
  gint64 start;

  req.magic = REVIEW_DECODER_MAGIC;
  req.op = REVIEW_DECODER_OP_DECODE;
  req.max_edge = 256;
  req.max_pixels = LIMIT;
  req.max_bytes = len;
  size_prepared_seen = 0;
  start = g_get_monotonic_time ();
  d.status = review_decode_bytes (&req, data, len, &rep, &d.text, &pixels);
  d.usec = g_get_monotonic_time () - start;
  d.loader_saw_size = size_prepared_seen;
  d.width = rep.orig_width;
  d.height = rep.orig_height;
  g_assert_cmpint (d.status, ==, rep.status);
  if (d.status != REVIEW_DECODER_OK)
    g_assert_null (pixels);
  return d;
}

static Decoded
decode_bytes (GByteArray *b)
{
  return decode (b->data, b->len);
}

/* ---- TIFF ---- */

typedef struct
{
  gboolean big_endian;
  guint32  width, height;
  guint16  size_type;          /* 3 SHORT, 4 LONG, anything else to break it */
  guint16  bits;               /* 0: no BitsPerSample entry */
  guint16  samples;            /* BitsPerSample count */
  guint16  photometric;        /* 0: no entry */
  guint32  bits_offset;        /* 0: values written after the IFD */
} TiffSpec;

static void
put16 (GByteArray *b,
       gboolean    be,
       guint16     v)
{
  guint8 p[2] = { be ? v >> 8 : v & 0xff, be ? v & 0xff : v >> 8 };
  g_byte_array_append (b, p, 2);
}

static void
put32 (GByteArray *b,
       gboolean    be,
       guint32     v)
{
  if (be)
    {
      put16 (b, be, (guint16) (v >> 16));
      put16 (b, be, (guint16) v);
    }
  else
    {
      put16 (b, be, (guint16) v);
      put16 (b, be, (guint16) (v >> 16));
    }
}

static void
put_entry (GByteArray *b,
           gboolean    be,
           guint16     tag,
           guint16     type,
           guint32     count,
           guint32     value)
{
  put16 (b, be, tag);
  put16 (b, be, type);
  put32 (b, be, count);
  if (type == 3 && count <= 2)
    {
      put16 (b, be, (guint16) value);
      put16 (b, be, 0);
    }
  else
    put32 (b, be, value);
}

/* A header and a first IFD: the size, and optionally the sample depth and
 * the colour model; no strips (a loader would refuse it as damaged). */
static GByteArray *
make_tiff (const TiffSpec *s)
{
  GByteArray *b = g_byte_array_new ();
  gboolean be = s->big_endian;
  guint16 n = 2 + (s->bits ? 1 : 0) + (s->photometric ? 1 : 0);
  guint32 after = 8 + 2 + n * 12 + 4;

  g_byte_array_append (b, (const guint8 *) (be ? "MM" : "II"), 2);
  put16 (b, be, 42);
  put32 (b, be, 8);
  put16 (b, be, n);
  put_entry (b, be, 256, s->size_type, 1, s->width);
  put_entry (b, be, 257, s->size_type, 1, s->height);
  if (s->bits)
    put_entry (b, be, 258, 3, s->samples, s->samples > 2 ?
               (s->bits_offset ? s->bits_offset : after) : s->bits);
  if (s->photometric)
    put_entry (b, be, 262, 3, 1, s->photometric);
  put32 (b, be, 0);
  if (s->bits && s->samples > 2 && s->bits_offset == 0)
    for (guint i = 0; i < s->samples; i++)
      put16 (b, be, s->bits);
  return b;
}

static void
test_tiff_too_large (void)
{
  for (int be = 0; be <= 1; be++)
    {
      TiffSpec spec = { be, 100000, 100000, 4, 8, 3, 2, 0 };
      g_autoptr(GByteArray) b = make_tiff (&spec);
      Decoded d = decode_bytes (b);

      g_test_message ("%s 100000 x 100000, LONG", be ? "MM" : "II");
      g_assert_cmpint (d.status, ==, REVIEW_DECODER_TOO_LARGE);
      g_assert_cmpuint (d.width, ==, 100000);
      g_assert_cmpuint (d.height, ==, 100000);
      /* From the header: no loader got as far as the size. */
      g_assert_cmpuint (d.loader_saw_size, ==, 0);
      g_assert_cmpint (d.usec, <, G_USEC_PER_SEC);
      g_free (d.text);
    }
  {
    TiffSpec spec = { FALSE, 60000, 60000, 3, 0, 0, 0, 0 };
    g_autoptr(GByteArray) b = make_tiff (&spec);
    Decoded d = decode_bytes (b);

    g_assert_cmpint (d.status, ==, REVIEW_DECODER_TOO_LARGE);
    g_assert_cmpuint (d.loader_saw_size, ==, 0);
    g_free (d.text);
  }
  {
    /* Within the limit, the same (strip-less) file is the loader's to refuse. */
    TiffSpec spec = { FALSE, 64, 48, 3, 8, 3, 2, 0 };
    g_autoptr(GByteArray) b = make_tiff (&spec);
    Decoded d = decode_bytes (b);

    g_assert_cmpint (d.status, !=, REVIEW_DECODER_TOO_LARGE);
    g_assert_cmpint (d.status, !=, REVIEW_DECODER_OK);
    g_assert_cmpuint (d.width, ==, 64);
    g_free (d.text);
  }
}

static void
test_tiff_unsupported (void)
{
  static const struct
  {
    guint16     bits, samples, photometric;
    const char *code;
  } cases[] = {
    { 16, 3, 2, "tiff-16bit" },
    { 16, 1, 1, "tiff-16bit" },
    { 32, 3, 2, "tiff-32bit" },
    { 16, 4, 5, "tiff-cmyk-16bit" },
    { 8, 3, 2, NULL },
    { 8, 4, 5, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int be = 0; be <= 1; be++)
      {
        TiffSpec spec = { be, 64, 48, 3, cases[i].bits, cases[i].samples, cases[i].photometric, 0 };
        g_autoptr(GByteArray) b = make_tiff (&spec);
        Decoded d = decode_bytes (b);

        g_test_message ("%u x %u bits, photometric %u", cases[i].samples, cases[i].bits,
                        cases[i].photometric);
        if (cases[i].code != NULL)
          {
            g_assert_cmpint (d.status, ==, REVIEW_DECODER_UNSUPPORTED);
            g_assert_cmpstr (d.text, ==, cases[i].code);
            g_assert_cmpuint (d.loader_saw_size, ==, 0);
          }
        else
          g_assert_cmpint (d.status, !=, REVIEW_DECODER_UNSUPPORTED);
        g_free (d.text);
      }
}

static void
set32le (GByteArray *b,
         gsize       at,
         guint32     v)
{
  b->data[at] = v & 0xff;
  b->data[at + 1] = (v >> 8) & 0xff;
  b->data[at + 2] = (v >> 16) & 0xff;
  b->data[at + 3] = v >> 24;
}

static void
expect_damaged (GByteArray *b,
                const char *what)
{
  Decoded d = decode_bytes (b);

  g_test_message ("%s: status %d", what, d.status);
  g_assert_true (d.status == REVIEW_DECODER_CORRUPT || d.status == REVIEW_DECODER_TRUNCATED);
  g_free (d.text);
}

static void
test_tiff_hostile (void)
{
  TiffSpec spec = { FALSE, 64, 48, 3, 16, 3, 2, 0 };
  static const guint32 ifd_offsets[] = { 0, 4, 7, 200, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFF0, 0xFFFFFFFF };

  for (guint i = 0; i < G_N_ELEMENTS (ifd_offsets); i++)
    {
      g_autoptr(GByteArray) b = make_tiff (&spec);
      g_autofree char *what = g_strdup_printf ("IFD offset %u", ifd_offsets[i]);
      set32le (b, 4, ifd_offsets[i]);
      expect_damaged (b, what);
    }
  {
    g_autoptr(GByteArray) b = make_tiff (&spec);
    Decoded d;
    b->data[8] = b->data[9] = 0xFF;            /* 65535 entries */
    expect_damaged (b, "65535 entries");
    b->data[8] = 40;                            /* 40 entries, 4 of them there */
    b->data[9] = 0;
    expect_damaged (b, "40 entries in a file that holds 4");
    b->data[8] = b->data[9] = 0;
    expect_damaged (b, "no entries");
    /* An IFD offset past the end is truncated, not damaged. */
    set32le (b, 4, 1u << 20);
    b->data[8] = 4;
    d = decode_bytes (b);
    g_assert_cmpint (d.status, ==, REVIEW_DECODER_TRUNCATED);
    g_free (d.text);
  }
  {
    /* BitsPerSample values outside the file, at its end, and far away. */
    static const guint32 at[] = { 60, 1u << 31, 0xFFFFFFFE };
    for (guint i = 0; i < G_N_ELEMENTS (at); i++)
      {
        TiffSpec s = spec;
        g_autoptr(GByteArray) b = NULL;
        s.bits_offset = at[i];
        b = make_tiff (&s);
        expect_damaged (b, "BitsPerSample outside the file");
      }
  }
  {
    TiffSpec s = spec;
    g_autoptr(GByteArray) b = NULL;
    s.size_type = 2;                            /* ASCII */
    b = make_tiff (&s);
    expect_damaged (b, "width of type ASCII");
  }
  {
    TiffSpec s = { FALSE, 0, 48, 3, 8, 3, 2, 0 };
    g_autoptr(GByteArray) b = make_tiff (&s);
    expect_damaged (b, "width 0");
  }
  /* Every prefix of a valid header: never a crash, never too large. */
  {
    TiffSpec s = { TRUE, 64, 48, 3, 8, 3, 2, 0 };
    g_autoptr(GByteArray) b = make_tiff (&s);
    for (guint cut = 4; cut < b->len; cut++)
      {
        Decoded d = decode (b->data, cut);
        g_assert_cmpint (d.status, !=, REVIEW_DECODER_TOO_LARGE);
        g_assert_cmpint (d.status, !=, REVIEW_DECODER_OK);
        g_free (d.text);
      }
  }
}

/* ---- WebP ---- */

typedef enum { VP8, VP8L, VP8X } WebpKind;

/* RIFF, then only the first chunk's header and payload start: @riff_extra
 * bytes more are promised than are there (0 for a whole file). */
static GByteArray *
make_webp (WebpKind kind,
           guint32  width,
           guint32  height,
           guint32  riff_extra)
{
  GByteArray *b = g_byte_array_new ();
  guint8 payload[10] = { 0 };
  guint payload_len = 10;
  const char *fourcc = kind == VP8 ? "VP8 " : kind == VP8L ? "VP8L" : "VP8X";

  switch (kind)
    {
    case VP8:
      payload[0] = 0x10;                     /* key frame, version 0, shown */
      payload[3] = 0x9d; payload[4] = 0x01; payload[5] = 0x2a;
      payload[6] = width & 0xff; payload[7] = (width >> 8) & 0x3f;
      payload[8] = height & 0xff; payload[9] = (height >> 8) & 0x3f;
      break;
    case VP8L:
      {
        guint32 bits = ((width - 1) & 0x3fff) | ((height - 1) & 0x3fff) << 14;
        payload[0] = 0x2f;
        payload[1] = bits & 0xff; payload[2] = (bits >> 8) & 0xff;
        payload[3] = (bits >> 16) & 0xff; payload[4] = bits >> 24;
        payload_len = 5;
      }
      break;
    case VP8X:
    default:
      payload[4] = (width - 1) & 0xff; payload[5] = ((width - 1) >> 8) & 0xff;
      payload[6] = ((width - 1) >> 16) & 0xff;
      payload[7] = (height - 1) & 0xff; payload[8] = ((height - 1) >> 8) & 0xff;
      payload[9] = ((height - 1) >> 16) & 0xff;
      break;
    }
  g_byte_array_append (b, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  g_byte_array_append (b, (const guint8 *) fourcc, 4);
  g_byte_array_append (b, (const guint8 *) "\0\0\0\0", 4);
  set32le (b, 16, payload_len + riff_extra);
  g_byte_array_append (b, payload, payload_len);
  set32le (b, 4, b->len - 8 + riff_extra);
  return b;
}

static void
test_webp_too_large (void)
{
  static const struct
  {
    WebpKind kind;
    guint32  width, height;
  } cases[] = {
    { VP8, 16383, 16383 },
    { VP8L, 16384, 16384 },
    { VP8X, 1u << 24, 1u << 24 },
    { VP8X, 100000, 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint32 extra = 0; extra <= 1000; extra += 1000)
      {
        g_autoptr(GByteArray) b = make_webp (cases[i].kind, cases[i].width, cases[i].height, extra);
        Decoded d = decode_bytes (b);

        g_test_message ("WebP kind %d, %u x %u, %u bytes missing", cases[i].kind,
                        cases[i].width, cases[i].height, extra);
        g_assert_cmpint (d.status, ==, REVIEW_DECODER_TOO_LARGE);
        g_assert_cmpuint (d.width, ==, cases[i].width);
        g_assert_cmpuint (d.height, ==, cases[i].height);
        g_assert_cmpuint (d.loader_saw_size, ==, 0);
        g_assert_cmpint (d.usec, <, G_USEC_PER_SEC);
        g_free (d.text);
      }
}

static void
test_webp_short (void)
{
  for (WebpKind kind = VP8; kind <= VP8X; kind++)
    {
      g_autoptr(GByteArray) b = make_webp (kind, 64, 48, 1000);
      Decoded d = decode_bytes (b);

      /* A small image whose data is missing: truncated, not too large. */
      g_assert_cmpint (d.status, ==, REVIEW_DECODER_TRUNCATED);
      g_assert_cmpuint (d.width, ==, 64);
      g_assert_cmpuint (d.height, ==, 48);
      g_free (d.text);
      for (guint cut = 12; cut < b->len; cut++)
        {
          d = decode (b->data, cut);
          g_assert_cmpint (d.status, ==, REVIEW_DECODER_TRUNCATED);
          g_free (d.text);
        }
    }
  {
    g_autoptr(GByteArray) b = make_webp (VP8, 64, 48, 0);
    Decoded d;
    b->data[23] = 0x9e;                       /* no start code */
    d = decode_bytes (b);
    g_assert_cmpint (d.status, ==, REVIEW_DECODER_CORRUPT);
    g_free (d.text);
  }
}

/* ---- JPEG ---- */

/* SOI, then a frame header of type @sof with @precision; then, when @whole,
 * a scan header, one byte of data and EOI. */
static GByteArray *
make_jpeg (guint8   sof,
           guint8   precision,
           guint16  width,
           guint16  height,
           gboolean whole)
{
  GByteArray *b = g_byte_array_new ();
  guint8 frame[] = { 0xFF, sof, 0, 11, precision, height >> 8, height & 0xff,
                     width >> 8, width & 0xff, 1, 1, 0x11, 0 };
  static const guint8 scan[] = { 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0xFF, 0xD9 };

  g_byte_array_append (b, (const guint8 *) "\xFF\xD8", 2);
  g_byte_array_append (b, frame, sizeof frame);
  if (whole)
    g_byte_array_append (b, scan, sizeof scan);
  return b;
}

static void
test_jpeg_unsupported (void)
{
  static const struct
  {
    guint8      sof, precision;
    const char *code;
  } cases[] = {
    { 0xC1, 12, "jpeg-12bit" },
    { 0xC2, 12, "jpeg-12bit" },
    { 0xC3, 16, "jpeg-16bit" },
    { 0xC3, 8, "jpeg-lossless" },
    { 0xC1, 10, "jpeg-precision" },
    { 0xC5, 8, "jpeg-hierarchical" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int whole = 0; whole <= 1; whole++)
      {
        g_autoptr(GByteArray) b = make_jpeg (cases[i].sof, cases[i].precision, 64, 48, whole);
        Decoded d = decode_bytes (b);

        g_test_message ("SOF %02x, precision %u", cases[i].sof, cases[i].precision);
        g_assert_cmpint (d.status, ==, REVIEW_DECODER_UNSUPPORTED);
        g_assert_cmpstr (d.text, ==, cases[i].code);
        g_free (d.text);
      }
  {
    /* The same header at 8 bits, baseline or extended, is not unsupported. */
    g_autoptr(GByteArray) b0 = make_jpeg (0xC0, 8, 64, 48, FALSE);
    g_autoptr(GByteArray) b1 = make_jpeg (0xC1, 8, 64, 48, TRUE);
    Decoded d = decode_bytes (b0);
    g_assert_cmpint (d.status, ==, REVIEW_DECODER_TRUNCATED);
    g_free (d.text);
    d = decode_bytes (b1);
    g_assert_cmpint (d.status, !=, REVIEW_DECODER_UNSUPPORTED);
    g_free (d.text);
  }
  {
    /* A 12-bit image over the limit is too large. */
    g_autoptr(GByteArray) b = make_jpeg (0xC1, 12, 65000, 65000, FALSE);
    Decoded d = decode_bytes (b);
    g_assert_cmpint (d.status, ==, REVIEW_DECODER_TOO_LARGE);
    g_free (d.text);
  }
}

/* 16 x 16, arithmetic-coded (SOF9), made with libjpeg-turbo 2.1.5's arith_code. */
static const guint8 arith_jpeg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
  0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09,
  0x09, 0x08, 0x0a, 0x0c, 0x14, 0x0d, 0x0c, 0x0b, 0x0b, 0x0c, 0x19, 0x12,
  0x13, 0x0f, 0x14, 0x1d, 0x1a, 0x1f, 0x1e, 0x1d, 0x1a, 0x1c, 0x1c, 0x20,
  0x24, 0x2e, 0x27, 0x20, 0x22, 0x2c, 0x23, 0x1c, 0x1c, 0x28, 0x37, 0x29,
  0x2c, 0x30, 0x31, 0x34, 0x34, 0x34, 0x1f, 0x27, 0x39, 0x3d, 0x38, 0x32,
  0x3c, 0x2e, 0x33, 0x34, 0x32, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x09, 0x09,
  0x09, 0x0c, 0x0b, 0x0c, 0x18, 0x0d, 0x0d, 0x18, 0x32, 0x21, 0x1c, 0x21,
  0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
  0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
  0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
  0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32,
  0x32, 0x32, 0xff, 0xc9, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03,
  0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xcc, 0x00,
  0x0a, 0x00, 0x10, 0x10, 0x05, 0x01, 0x10, 0x11, 0x05, 0xff, 0xda, 0x00,
  0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0xff,
  0x00, 0xb2, 0xf1, 0x30, 0xa1, 0xd0, 0x63, 0x66, 0x6e, 0x6d, 0x5d, 0x9c,
  0xab, 0xb4, 0x53, 0xd5, 0x24, 0xff, 0xd9
};

/* libjpeg-turbo here decodes arithmetic coding: such a file is no variant. */
static void
test_jpeg_arithmetic (void)
{
  Decoded d = decode (arith_jpeg, sizeof arith_jpeg);

  g_assert_cmpint (d.status, ==, REVIEW_DECODER_OK);
  g_assert_cmpuint (d.width, ==, 16);
  g_free (d.text);
}

/* ---- damaged files: what decoded is kept, and the damage is named ---- */

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

/* ---- through the real decoder and the pool ---- */

static GError *
pool_decode (ReviewDecoderPool *pool,
             const char        *dir,
             GByteArray        *b)
{
  g_autofree char *path = g_build_filename (dir, "image", NULL);
  g_autoptr(ReviewDecodedImage) image = NULL;
  GError *error = NULL;
  int fd;

  g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  image = review_decoder_pool_decode (pool, fd, 256, LIMIT, 0, &error);
  close (fd);
  g_unlink (path);
  g_assert_null (image);
  g_assert_nonnull (error);
  return error;
}

static ReviewDecodedImage *
pool_decode_image (ReviewDecoderPool *pool,
                   const char        *dir,
                   GByteArray        *b)
{
  g_autofree char *path = g_build_filename (dir, "image", NULL);
  g_autoptr(GError) error = NULL;
  ReviewDecodedImage *image;
  int fd;

  g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  image = review_decoder_pool_decode (pool, fd, 256, LIMIT, 0, &error);
  close (fd);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_nonnull (image);
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
      g_autoptr(ReviewDecodedImage) image = pool_decode_image (pool, dir, b);
      Full f = decode_full (b->data, b->len, 256);

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
    g_autoptr(GError) e = pool_decode (pool, dir, cut);
    g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TRUNCATED);
  }
  review_decoder_pool_free (pool);
  g_rmdir (dir);
}

static void
test_pool (void)
{
  g_autofree char *dir = g_dir_make_tmp ("review-decode-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  ReviewDecoderPool *pool = review_decoder_pool_new (g_getenv ("REVIEW_DECODER_PATH"), 1, &error);
  static const struct
  {
    guint8      sof, precision;
    const char *message;
  } jpegs[] = {
    { 0xC1, 12, "Unsupported: 12-bit JPEG." },
    { 0xC3, 8, "Unsupported: lossless JPEG." },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (jpegs); i++)
    {
      g_autoptr(GByteArray) b = make_jpeg (jpegs[i].sof, jpegs[i].precision, 64, 48, TRUE);
      g_autoptr(GError) e = pool_decode (pool, dir, b);
      g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNSUPPORTED);
      g_assert_cmpstr (e->message, ==, jpegs[i].message);
    }
  {
    TiffSpec spec = { TRUE, 64, 48, 3, 16, 4, 5, 0 };
    g_autoptr(GByteArray) b = make_tiff (&spec);
    g_autoptr(GError) e = pool_decode (pool, dir, b);
    g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNSUPPORTED);
    g_assert_cmpstr (e->message, ==, "Unsupported: 16-bit CMYK TIFF.");
  }
  {
    TiffSpec spec = { FALSE, 100000, 100000, 4, 8, 3, 2, 0 };
    g_autoptr(GByteArray) b = make_tiff (&spec);
    g_autoptr(GError) e = pool_decode (pool, dir, b);
    g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TOO_LARGE);
  }
  {
    g_autoptr(GByteArray) b = make_webp (VP8X, 1u << 24, 1u << 24, 0);
    g_autoptr(GError) e = pool_decode (pool, dir, b);
    g_assert_error (e, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TOO_LARGE);
  }
  review_decoder_pool_free (pool);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_type_class_unref (g_type_class_ref (GDK_TYPE_PIXBUF_LOADER));
  g_signal_add_emission_hook (g_signal_lookup ("size-prepared", GDK_TYPE_PIXBUF_LOADER), 0,
                              size_prepared_hook, NULL, NULL);
  g_test_add_func ("/decode/tiff/too-large", test_tiff_too_large);
  g_test_add_func ("/decode/tiff/unsupported", test_tiff_unsupported);
  g_test_add_func ("/decode/tiff/hostile", test_tiff_hostile);
  g_test_add_func ("/decode/webp/too-large", test_webp_too_large);
  g_test_add_func ("/decode/webp/short", test_webp_short);
  g_test_add_func ("/decode/jpeg/unsupported", test_jpeg_unsupported);
  g_test_add_func ("/decode/jpeg/arithmetic", test_jpeg_arithmetic);
  g_test_add_func ("/decode/jpeg/stray-bytes", test_jpeg_stray_bytes);
  g_test_add_func ("/decode/jpeg/cut", test_jpeg_cut);
  g_test_add_func ("/decode/jpeg/nothing", test_jpeg_nothing);
  g_test_add_func ("/decode/jpeg/corrupt", test_jpeg_corrupt);
  g_test_add_func ("/decode/jpeg/progressive", test_jpeg_progressive);
  g_test_add_func ("/decode/jpeg/orientation-scale", test_jpeg_orientation_scale);
  g_test_add_func ("/decode/jpeg/cmyk", test_jpeg_cmyk);
  g_test_add_func ("/decode/png/cut", test_png_cut);
  g_test_add_func ("/decode/pool", test_pool);
  g_test_add_func ("/decode/pool-damaged", test_pool_damaged);
  return g_test_run ();
}
