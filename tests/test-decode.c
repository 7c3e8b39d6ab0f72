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
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "review-decode.h"
#include "review-decoder-pool.h"

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
    { 12, 1, 1, "tiff-12bit" },
    { 12, 3, 2, "tiff-12bit" },
    { 24, 3, 2, "tiff-bits" },
    { 7, 1, 1, "tiff-bits" },
    { 8, 3, 2, NULL },
    { 1, 1, 0, NULL },
    { 4, 1, 1, NULL },
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

/* ---- through the real decoder and the pool ---- */

/* Appends a PNG chunk with its CRC. */
static void
png_chunk (GByteArray   *b,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  guint8 be[4] = { len >> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff };
  guint32 crc = 0xffffffffu;
  gsize start;

  g_byte_array_append (b, be, 4);
  start = b->len;
  g_byte_array_append (b, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (b, data, len);
  for (gsize i = start; i < b->len; i++)
    {
      crc ^= b->data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  crc ^= 0xffffffffu;
  be[0] = crc >> 24; be[1] = (crc >> 16) & 0xff; be[2] = (crc >> 8) & 0xff; be[3] = crc & 0xff;
  g_byte_array_append (b, be, 4);
}

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
  {
    /* A valid PNG whose tEXt chunk holds a Latin-1 byte (as libpng's own
     * test images do): the loader converts it with g_convert(), which
     * loaded a gconv module from disk after the system-call filter was in
     * place, and the sandbox killed the decoder. */
    static const guint8 latin1_png[] = {
      0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
      0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
      0x90, 0x77, 0x53, 0xde,
    };
    static const char text[] = "Copyright\0\xa9 2026";
    static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00,
                                   0x03, 0x01, 0x01, 0x00 };
    g_autoptr(GByteArray) b = g_byte_array_new ();
    g_autofree char *path = g_build_filename (dir, "latin1.png", NULL);
    g_autoptr(ReviewDecodedImage) image = NULL;
    g_autoptr(GError) e = NULL;
    int fd;

    g_byte_array_append (b, latin1_png, sizeof latin1_png);
    png_chunk (b, "tEXt", (const guint8 *) text, sizeof text - 1);
    png_chunk (b, "IDAT", idat, sizeof idat);
    png_chunk (b, "IEND", NULL, 0);
    g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
    fd = open (path, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint (fd, >=, 0);
    /* Twice: the second conversion, too, must open nothing. */
    for (int i = 0; i < 2; i++)
      {
        g_clear_pointer (&image, review_decoded_image_free);
        g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
        image = review_decoder_pool_decode (pool, fd, 256, LIMIT, 0, &e);
        g_assert_no_error (e);
        g_assert_nonnull (image);
        g_assert_cmpuint (image->width, ==, 1);
        g_assert_cmpint (image->damage, ==, REVIEW_DAMAGE_NONE);
      }
    close (fd);
    g_unlink (path);
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
  g_test_add_func ("/decode/pool", test_pool);
  return g_test_run ();
}
