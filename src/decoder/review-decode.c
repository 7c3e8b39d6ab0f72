/* review-decode.c: what the decoder does with one untrusted file's bytes
 *
 * Checks the magic bytes; reads the pixel size of every format from its
 * header (review-decode-headers.c) and refuses images over the limit before
 * any decoder exists; refuses variants the decoders cannot decode as
 * unsupported, not damaged; decodes JPEG with libjpeg-turbo
 * (review-decode-jpeg.c) and the other formats with the matching GdkPixbuf
 * loader, forced; parses EXIF; applies the EXIF orientation; scales; and
 * packs the pixels as RGB.
 *
 * A file cut short or damaged is sent as a damaged image when part of it
 * decoded (rep->damage: missing or corrupt from a row, or partly decoded),
 * with what did not decode in mid grey; it is refused (truncated, corrupt)
 * only when nothing decoded. For the GdkPixbuf formats, the rows decoded
 * are those the loader reported ("area-updated") before it failed, or
 * before the end of a file its header shows cut short (a PNG with no IEND,
 * a TIFF strip past the end).
 *
 * No I/O and no process state: review-decoder.c wraps it in the sandboxed
 * process, and the fuzz harness (tests/fuzz/) calls it directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libexif/exif-data.h>

#include "review-decode.h"
#include "review-decode-headers.h"
#include "review-decode-tiff.h"
#include "review-decode-jpeg.h"

#define GREY 128   /* what is not decoded, and what transparency is on */

typedef struct
{
  const ReviewDecoderRequest *req;
  gboolean                    too_large;
  int                         orig_width;
  int                         orig_height;
  int                         rows_done;   /* rows the loader said it decoded */
} LoadState;

/* The size, checked again (the header walk read it already); no scaling
 * here: rows must be counted at the loader's own size, and a loader asked
 * for a smaller size reports none until it is closed. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  LoadState *st = user_data;

  st->orig_width = width;
  st->orig_height = height;
  if ((guint64) width * (guint64) height > st->req->max_pixels)
    {
      st->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
    }
}

/* The loader's pixbuf is uninitialised memory (maybe another file's pixels,
 * in this process): mid grey until rows are decoded into it. */
static void
area_prepared_cb (GdkPixbufLoader *loader,
                  gpointer         user_data)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  guint len = 0;
  guint8 *pixels;

  if (pixbuf == NULL)
    return;
  pixels = gdk_pixbuf_get_pixels_with_length (pixbuf, &len);
  memset (pixels, GREY, len);
}

static void
area_updated_cb (GdkPixbufLoader *loader,
                 int              x,
                 int              y,
                 int              width,
                 int              height,
                 gpointer         user_data)
{
  LoadState *st = user_data;

  if (y >= 0 && height > 0 && y <= G_MAXINT - height)
    st->rows_done = MAX (st->rows_done, y + height);
}

/* "capture time\ncamera", from EXIF where present (JPEG). */
static char *
exif_summary (const guint8 *data,
              gsize         len,
              guint32      *orientation)
{
  ExifData *ed = exif_data_new_from_data (data, (unsigned int) MIN (len, 256 * 1024));
  char capture[64] = "", make[64] = "", model[64] = "";
  ExifEntry *e;

  if (ed == NULL)
    return g_strdup ("\n");
  if ((e = exif_data_get_entry (ed, EXIF_TAG_DATE_TIME_ORIGINAL)) != NULL ||
      (e = exif_data_get_entry (ed, EXIF_TAG_DATE_TIME)) != NULL)
    exif_entry_get_value (e, capture, sizeof capture);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_MAKE)) != NULL)
    exif_entry_get_value (e, make, sizeof make);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_MODEL)) != NULL)
    exif_entry_get_value (e, model, sizeof model);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_ORIENTATION)) != NULL &&
      e->format == EXIF_FORMAT_SHORT && e->components == 1 && e->size >= 2)
    {
      ExifShort o = exif_get_short (e->data, exif_data_get_byte_order (ed));
      if (o >= 1 && o <= 8)
        *orientation = o;
    }
  exif_data_unref (ed);

  /* Text from an untrusted file: keep it valid UTF-8 and printable. */
  {
    g_autofree char *cam = g_strstrip (g_strdup_printf ("%s %s", make,
                                                        g_str_has_prefix (model, make) ?
                                                        model + strlen (make) : model));
    g_autofree char *text = g_strdup_printf ("%s\n%s", g_strstrip (capture), g_strstrip (cam));
    g_autofree char *valid = g_utf8_make_valid (text, -1);
    for (char *p = valid; *p; p++)
      if ((guchar) *p < 0x20 && *p != '\n')
        *p = ' ';
    return g_steal_pointer (&valid);
  }
}

static ReviewDecoderStatus
fail (ReviewDecoderReply  *rep,
      ReviewDecoderStatus  status,
      const char          *message,
      char               **text)
{
  rep->status = status;
  rep->width = rep->height = 0;
  rep->pixel_len = 0;
  rep->damage = REVIEW_DAMAGE_NONE;
  rep->damage_row = 0;
  *text = message != NULL ? g_utf8_make_valid (message, -1) : NULL;
  return status;
}

static void
free_pixels (guchar   *pixels,
             gpointer  data)
{
  g_free (pixels);
}

/* JPEG: libjpeg-turbo (review-decode-jpeg.c), into a pixbuf that carries
 * the EXIF orientation as GdkPixbuf's loader would. */
static ReviewDecoderStatus
decode_jpeg (const ReviewDecoderRequest  *req,
             const guint8                *data,
             gsize                        len,
             ReviewDecoderReply          *rep,
             GdkPixbuf                  **decoded)
{
  ReviewJpegPixels px;
  ReviewDecoderStatus status;
  char orientation[2] = { (char) ('0' + rep->orientation), '\0' };

  status = review_decode_jpeg (data, len, req->max_edge, req->max_pixels, &px);
  if (px.orig_width > 0 && px.orig_height > 0)
    {
      /* libjpeg's reading of the size, which the damaged row refers to. */
      rep->orig_width = px.orig_width;
      rep->orig_height = px.orig_height;
    }
  if (status != REVIEW_DECODER_OK)
    return status;
  /* 16-bit sizes: no overflow. */
  *decoded = gdk_pixbuf_new_from_data (px.rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                       (int) px.width, (int) px.height, (int) px.width * 3,
                                       free_pixels, NULL);
  if (rep->orientation >= 1 && rep->orientation <= 8)
    gdk_pixbuf_set_option (*decoded, "orientation", orientation);
  rep->damage = px.damage;
  rep->damage_row = px.damage_row;
  return REVIEW_DECODER_OK;
}

/* The pieces a file is fed to its loader in: 64 to a file, between 64
 * bytes and 64 KiB each. */
#define LOADER_PIECE(len) CLAMP ((len) / 64, 64, 64 * 1024)

/* PNG, TIFF, WebP: the forced GdkPixbuf loader. When it fails, or the
 * header says the file is cut short (@missing_from, see
 * review_decode_check_header), what it decoded is kept as damaged: the rows
 * it reported ("area-updated") are there and the rest is mid grey. (A WebP
 * file cut short is refused from its header, and one its loader fails on
 * is refused: see below.) */
static ReviewDecoderStatus
decode_with_loader (const ReviewDecoderRequest  *req,
                    const guint8                *data,
                    gsize                        len,
                    guint32                      missing_from,
                    ReviewDecoderReply          *rep,
                    GdkPixbuf                  **decoded,
                    char                       **detail)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  LoadState st = { req, FALSE, 0, 0, 0 };
  gboolean cut = missing_from != G_MAXUINT32;
  GdkPixbuf *pixbuf;
  gboolean ok;
  int h, rows;

  loader = gdk_pixbuf_loader_new_with_type (review_image_format_loader_name (rep->format),
                                            &error);
  if (loader == NULL)
    {
      *detail = g_strdup (error->message);
      return REVIEW_DECODER_NO_LOADER;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &st);
  g_signal_connect (loader, "area-prepared", G_CALLBACK (area_prepared_cb), &st);
  g_signal_connect (loader, "area-updated", G_CALLBACK (area_updated_cb), &st);
  /* In pieces: GdkPixbuf's PNG loader reports the rows of a write only
   * when the write succeeds, so a file given whole and failing near its end
   * would report none. The rows of the pieces before the failing one are
   * reported, and kept. */
  ok = TRUE;
  for (gsize at = 0; ok && !st.too_large && at < len; at += LOADER_PIECE (len))
    ok = gdk_pixbuf_loader_write (loader, data + at, MIN (LOADER_PIECE (len), len - at),
                                  &error);
  if (ok && !st.too_large)
    ok = gdk_pixbuf_loader_close (loader, &error);
  else
    gdk_pixbuf_loader_close (loader, NULL);
  if (st.too_large)
    return REVIEW_DECODER_TOO_LARGE;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (rep->orig_width == 0 || rep->orig_height == 0)
    {
      rep->orig_width = (guint32) st.orig_width;
      rep->orig_height = (guint32) st.orig_height;
    }
  /* Nothing decoded. (A loader that succeeds on a whole file but never
   * reports its rows is believed.) The WebP loader reports the whole image
   * as updated even when it decoded nothing: its failures stay refusals. */
  if (pixbuf == NULL || ((!ok || cut) && st.rows_done <= 0) ||
      (!ok && rep->format == REVIEW_FORMAT_WEBP))
    {
      if (error != NULL)
        *detail = g_strdup (error->message);
      return cut ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
    }
  *decoded = g_object_ref (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  rows = st.rows_done > 0 ? MIN (st.rows_done, h) : h;
  if (ok && !cut && rows == h)
    return REVIEW_DECODER_OK;

  /* Damaged: the first row missing, as the header or the loader says. */
  if (cut && missing_from > 0 && rep->orig_height > 0)
    rows = MIN (rows, (int) ((guint64) missing_from * h / rep->orig_height));
  if (rows < h)
    {
      int stride = gdk_pixbuf_get_rowstride (pixbuf);
      guint row_len = (guint) gdk_pixbuf_get_width (pixbuf) *
                      (guint) gdk_pixbuf_get_n_channels (pixbuf);
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      guint64 full = rep->orig_height > 0 ? (guint64) rows * rep->orig_height / h : 0;

      if (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8)
        for (int y = rows; y < h; y++)
          memset (pixels + (gsize) y * stride, GREY, row_len);
      if (full > 0 && full < rep->orig_height)
        {
          /* The data stops early (the loader took every byte without
           * complaint, or libpng says so: "Not enough compressed data",
           * "Not enough image data"), or is corrupt from that row (libpng
           * names what is wrong: "bad adaptive filter value", …). */
          gboolean ended = error == NULL || strstr (error->message, "Not enough") != NULL;
          rep->damage = ended ? REVIEW_DAMAGE_MISSING : REVIEW_DAMAGE_CORRUPT;
          rep->damage_row = (guint32) full;
          return REVIEW_DECODER_OK;
        }
      if (rows == 0)
        return cut ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
    }
  rep->damage = REVIEW_DAMAGE_PARTLY;
  rep->damage_row = 0;
  return REVIEW_DECODER_OK;
}

/* A TIFF file cut short, which its loader refused: the rows it holds whole
 * (review-decode-tiff.c) on a grey canvas of the full size, missing from
 * the first row past the end. */
static ReviewDecoderStatus
decode_tiff_whole_strips (const ReviewDecoderRequest  *req,
                          const guint8                *data,
                          gsize                        len,
                          ReviewDecoderReply          *rep,
                          GdkPixbuf                  **decoded)
{
  guint32 missing_from = 0;
  g_autofree guint8 *copy = review_decode_tiff_cut_copy (data, len, &missing_from);
  g_autoptr(GdkPixbuf) part = NULL;
  g_autofree char *detail = NULL;
  ReviewDecoderReply part_rep = *rep;
  GdkPixbuf *canvas;
  const char *orientation;

  if (copy == NULL)
    return REVIEW_DECODER_TRUNCATED;
  part_rep.orig_height = missing_from;
  if (decode_with_loader (req, copy, len, G_MAXUINT32, &part_rep, &part, &detail) !=
        REVIEW_DECODER_OK ||
      part_rep.damage != REVIEW_DAMAGE_NONE ||
      gdk_pixbuf_get_width (part) != (int) rep->orig_width ||
      gdk_pixbuf_get_height (part) != (int) missing_from)
    return REVIEW_DECODER_TRUNCATED;
  canvas = gdk_pixbuf_new (GDK_COLORSPACE_RGB, gdk_pixbuf_get_has_alpha (part), 8,
                           (int) rep->orig_width, (int) rep->orig_height);
  if (canvas == NULL)
    return REVIEW_DECODER_TOO_LARGE;
  gdk_pixbuf_fill (canvas, gdk_pixbuf_get_has_alpha (part) ? 0x808080ffu : 0x80808000u);
  gdk_pixbuf_copy_area (part, 0, 0, (int) rep->orig_width, (int) missing_from, canvas, 0, 0);
  orientation = gdk_pixbuf_get_option (part, "orientation");
  if (orientation != NULL)
    gdk_pixbuf_set_option (canvas, "orientation", orientation);
  rep->damage = REVIEW_DAMAGE_MISSING;
  rep->damage_row = missing_from;
  *decoded = canvas;
  return REVIEW_DECODER_OK;
}

/**
 * review_decode_bytes:
 * @req: the request (limits, scaling)
 * @data: @len bytes of the file
 * @rep: filled in (except magic and text_len)
 * @text: (out): EXIF text on success, an error detail or %NULL on failure
 * @pixels: (out): packed RGB, rep->pixel_len bytes, on success only
 *
 * A damaged image (rep->damage) is a success: its pixels are sent.
 *
 * Returns: the status also stored in @rep
 */
ReviewDecoderStatus
review_decode_bytes (const ReviewDecoderRequest  *req,
                     const guint8                *data,
                     gsize                        len,
                     ReviewDecoderReply          *rep,
                     char                       **text,
                     guint8                     **pixels)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autofree char *exif = NULL;
  g_autofree char *detail = NULL;
  g_autofree guint8 *packed = NULL;
  ReviewDecoderStatus status;
  GdkPixbuf *out;
  guint32 hw = 0, hh = 0, missing_from = G_MAXUINT32;
  const char *variant = NULL;

  *text = NULL;
  *pixels = NULL;
  memset (rep, 0, sizeof *rep);
  rep->orientation = 1;
  if (len == 0)
    return fail (rep, REVIEW_DECODER_EMPTY, NULL, text);

  rep->format = review_image_format_sniff (data, len);
  if (review_image_format_loader_name (rep->format) == NULL)
    return fail (rep, REVIEW_DECODER_UNKNOWN_FORMAT, NULL, text);

  /* Every format's size comes from its header, before any decoder sees
   * the file: an image over the limit never reaches a decoding library. */
  status = review_decode_check_header (rep->format, data, len, &hw, &hh, &variant,
                                       &missing_from);
  rep->orig_width = hw;
  rep->orig_height = hh;
  if (hw > 0 && hh > 0 && (guint64) hw * hh > req->max_pixels)
    status = REVIEW_DECODER_TOO_LARGE;
  if (status != REVIEW_DECODER_OK)
    {
      /* An unsupported variant's text is its code ("jpeg-12bit"), which
       * the parent maps to a sentence of its own. */
      return fail (rep, status, status == REVIEW_DECODER_UNSUPPORTED ? variant : NULL, text);
    }

  if (rep->format == REVIEW_FORMAT_JPEG)
    {
      exif = exif_summary (data, len, &rep->orientation);
      status = decode_jpeg (req, data, len, rep, &pixbuf);
    }
  else
    status = decode_with_loader (req, data, len, missing_from, rep, &pixbuf, &detail);
  if (status != REVIEW_DECODER_OK && rep->format == REVIEW_FORMAT_TIFF &&
      missing_from < hh)
    {
      g_clear_object (&pixbuf);
      status = decode_tiff_whole_strips (req, data, len, rep, &pixbuf);
    }
  if (status != REVIEW_DECODER_OK)
    return fail (rep, status, detail, text);

  /* The loader records EXIF orientation as the "orientation" option. */
  {
    const char *opt = gdk_pixbuf_get_option (pixbuf, "orientation");
    if (opt != NULL && opt[0] >= '1' && opt[0] <= '8' && opt[1] == '\0')
      rep->orientation = (guint32) (opt[0] - '0');
  }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  out = oriented;

  if (req->max_edge > 0 && (gdk_pixbuf_get_width (out) > (int) req->max_edge ||
                            gdk_pixbuf_get_height (out) > (int) req->max_edge))
    {
      double scale = (double) req->max_edge / MAX (gdk_pixbuf_get_width (out),
                                                   gdk_pixbuf_get_height (out));
      scaled = gdk_pixbuf_scale_simple (out, MAX (1, (int) (gdk_pixbuf_get_width (out) * scale)),
                                        MAX (1, (int) (gdk_pixbuf_get_height (out) * scale)),
                                        GDK_INTERP_BILINEAR);
      out = scaled;
    }

  /* Packed RGB; transparency is flattened onto mid grey. */
  {
    int w = gdk_pixbuf_get_width (out);
    int h = gdk_pixbuf_get_height (out);
    int n = gdk_pixbuf_get_n_channels (out);
    int stride = gdk_pixbuf_get_rowstride (out);
    const guint8 *src = gdk_pixbuf_read_pixels (out);

    if (gdk_pixbuf_get_bits_per_sample (out) != 8 || (n != 3 && n != 4))
      return fail (rep, REVIEW_DECODER_CORRUPT, NULL, text);
    packed = g_malloc ((gsize) w * h * 3);
    for (int y = 0; y < h; y++)
      {
        const guint8 *s = src + (gsize) y * stride;
        guint8 *d = packed + (gsize) y * w * 3;

        if (n == 3)
          {
            memcpy (d, s, (gsize) w * 3);
            continue;
          }
        for (int x = 0; x < w; x++, s += n, d += 3)
          {
            guint a = s[3];
            d[0] = (guint8) ((s[0] * a + GREY * (255 - a)) / 255);
            d[1] = (guint8) ((s[1] * a + GREY * (255 - a)) / 255);
            d[2] = (guint8) ((s[2] * a + GREY * (255 - a)) / 255);
          }
      }
    rep->width = (guint32) w;
    rep->height = (guint32) h;
    rep->pixel_len = (guint64) w * h * 3;
  }
  rep->status = REVIEW_DECODER_OK;
  *text = exif ? g_steal_pointer (&exif) : g_strdup ("\n");
  *pixels = g_steal_pointer (&packed);
  return REVIEW_DECODER_OK;
}


/* Tiny valid images: decoding each once loads the GdkPixbuf module and
 * every library it needs, and runs libjpeg-turbo's one-time set-up (its
 * SIMD detection), so that nothing is opened from disk after the sandbox's
 * system-call filter is in place. A 16 x 16 JPEG, 4:2:0, made by cjpeg. */
static const guint8 tiny_jpeg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x1b, 0x12, 0x14, 0x17, 0x14, 0x11, 0x1b,
  0x17, 0x16, 0x17, 0x1e, 0x1c, 0x1b, 0x20, 0x28, 0x42, 0x2b, 0x28, 0x25, 0x25, 0x28, 0x51, 0x3a,
  0x3d, 0x30, 0x42, 0x60, 0x55, 0x65, 0x64, 0x5f, 0x55, 0x5d, 0x5b, 0x6a, 0x78, 0x99, 0x81, 0x6a,
  0x71, 0x90, 0x73, 0x5b, 0x5d, 0x85, 0xb5, 0x86, 0x90, 0x9e, 0xa3, 0xab, 0xad, 0xab, 0x67, 0x80,
  0xbc, 0xc9, 0xba, 0xa6, 0xc7, 0x99, 0xa8, 0xab, 0xa4, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x1c, 0x1e,
  0x1e, 0x28, 0x23, 0x28, 0x4e, 0x2b, 0x2b, 0x4e, 0xa4, 0x6e, 0x5d, 0x6e, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
  0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xff, 0xc0,
  0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11,
  0x01, 0xff, 0xc4, 0x00, 0x1f, 0x00, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
  0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04, 0x03, 0x05,
  0x05, 0x04, 0x04, 0x00, 0x00, 0x01, 0x7d, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21,
  0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23,
  0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17,
  0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
  0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a,
  0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
  0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
  0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
  0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5,
  0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1,
  0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xc4, 0x00, 0x1f, 0x01, 0x00, 0x03,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4, 0x00, 0xb5, 0x11, 0x00,
  0x02, 0x01, 0x02, 0x04, 0x04, 0x03, 0x04, 0x07, 0x05, 0x04, 0x04, 0x00, 0x01, 0x02, 0x77, 0x00,
  0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13,
  0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15,
  0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27,
  0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
  0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
  0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4,
  0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
  0xfa, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0xca,
  0x86, 0xdb, 0xda, 0xae, 0xc3, 0x6d, 0xed, 0x56, 0xe1, 0xb6, 0xf6, 0xab, 0xd0, 0xdb, 0x7b, 0x51,
  0x19, 0x06, 0x1b, 0x12, 0x7f, 0xff, 0xd9,
};


static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
  0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82,
};

/**
 * review_decode_preload:
 *
 * Opens every loader the decoder may force (PNG, TIFF, WebP) and runs small
 * decodes through the pipeline (a PNG; a JPEG at full size and scaled on
 * decode), so that later requests need no file. Loaders missing on this computer are skipped (their files are then
 * rejected with REVIEW_DECODER_NO_LOADER, as before).
 */
void
review_decode_preload (void)
{
  static const ReviewImageFormat formats[] = {
    REVIEW_FORMAT_PNG, REVIEW_FORMAT_TIFF, REVIEW_FORMAT_WEBP,
  };
  static const guint32 jpeg_edges[] = { 0, 8, 1 };
  static GIConv latin1 = (GIConv) -1;
  ReviewDecoderRequest req = { 0 };
  ReviewDecoderReply rep;

  /* The PNG loader converts tEXt chunks from Latin-1 (their charset by the
   * standard) with g_convert(), which has glibc read its gconv module cache
   * and load the ISO-8859-1 module: files, which the system-call filter
   * forbids. Convert once now and keep a converter open for the process's
   * life, so that the module stays loaded and later conversions open
   * nothing. (Found by the peers' own test images: libpng's testpngs carry
   * "\xa9" in tEXt.) */
  if (latin1 == (GIConv) -1)
    {
      g_free (g_convert ("\xa9", 1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL));
      latin1 = g_iconv_open ("UTF-8", "ISO-8859-1");
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GdkPixbufLoader) loader =
        gdk_pixbuf_loader_new_with_type (review_image_format_loader_name (formats[i]), NULL);
      if (loader != NULL)
        gdk_pixbuf_loader_close (loader, NULL);
    }
  req.magic = REVIEW_DECODER_MAGIC;
  req.op = REVIEW_DECODER_OP_DECODE;
  req.max_edge = 1;
  req.max_pixels = 16;
  req.max_bytes = sizeof tiny_png;
  {
    g_autofree char *text = NULL;
    g_autofree guint8 *pixels = NULL;
    review_decode_bytes (&req, tiny_png, sizeof tiny_png, &rep, &text, &pixels);
  }
  req.max_pixels = 256;
  req.max_bytes = sizeof tiny_jpeg;
  for (guint i = 0; i < G_N_ELEMENTS (jpeg_edges); i++)
    {
      g_autofree char *text = NULL;
      g_autofree guint8 *pixels = NULL;
      req.max_edge = jpeg_edges[i];
      review_decode_bytes (&req, tiny_jpeg, sizeof tiny_jpeg, &rep, &text, &pixels);
    }
}
