/* review-decode.c: what the decoder does with one untrusted file's bytes
 *
 * Checks the magic bytes and forces the matching GdkPixbuf loader; reads the
 * pixel size of every format from its header (review-decode-headers.c) and
 * refuses images over the limit before any loader exists; refuses variants
 * the loaders cannot decode as unsupported, not damaged; refuses truncated
 * JPEG and PNG files (GdkPixbuf accepts a JPEG cut short and returns grey);
 * parses EXIF; applies the EXIF
 * orientation; scales; and packs the pixels as RGB. No I/O and no process
 * state: review-decoder.c wraps it in the sandboxed process, and the fuzz
 * harness (tests/fuzz/) calls it directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libexif/exif-data.h>

#include "review-decode.h"
#include "review-decode-headers.h"

typedef struct
{
  const ReviewDecoderRequest *req;
  gboolean                    too_large;
  int                         orig_width;
  int                         orig_height;
} LoadState;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  LoadState *st = user_data;
  guint32 edge = st->req->max_edge;

  st->orig_width = width;
  st->orig_height = height;
  if ((guint64) width * (guint64) height > st->req->max_pixels)
    {
      st->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  if (edge > 0 && (width > (int) edge || height > (int) edge))
    {
      double scale = (double) edge / MAX (width, height);
      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)));
    }
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
  *text = message != NULL ? g_utf8_make_valid (message, -1) : NULL;
  return status;
}

/**
 * review_decode_bytes:
 * @req: the request (limits, scaling)
 * @data: @len bytes of the file
 * @rep: filled in (except magic and text_len)
 * @text: (out): EXIF text on success, an error detail or %NULL on failure
 * @pixels: (out): packed RGB, rep->pixel_len bytes, on success only
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
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exif = NULL;
  g_autofree guint8 *packed = NULL;
  LoadState st = { req, FALSE, 0, 0 };
  ReviewDecoderStatus status;
  GdkPixbuf *pixbuf, *out;
  guint32 hw = 0, hh = 0;
  const char *variant = NULL;
  const char *loader_name;
  gboolean ok;

  *text = NULL;
  *pixels = NULL;
  memset (rep, 0, sizeof *rep);
  rep->orientation = 1;
  if (len == 0)
    return fail (rep, REVIEW_DECODER_EMPTY, NULL, text);

  rep->format = review_image_format_sniff (data, len);
  loader_name = review_image_format_loader_name (rep->format);
  if (loader_name == NULL)
    {
      return fail (rep, REVIEW_DECODER_UNKNOWN_FORMAT, NULL, text);
    }

  /* Every format's size comes from its header, before any loader exists:
   * an image over the limit never reaches a decoding library. */
  status = review_decode_check_header (rep->format, data, len, &hw, &hh, &variant);
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
    exif = exif_summary (data, len, &rep->orientation);

  loader = gdk_pixbuf_loader_new_with_type (loader_name, &error);
  if (loader == NULL)
    {
      return fail (rep, REVIEW_DECODER_NO_LOADER, error->message, text);
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &st);
  ok = gdk_pixbuf_loader_write (loader, data, len, &error);
  if (!ok || st.too_large)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      if (st.too_large)
        return fail (rep, REVIEW_DECODER_TOO_LARGE, NULL, text);
      return fail (rep, REVIEW_DECODER_CORRUPT, error ? error->message : NULL, text);
    }
  if (!gdk_pixbuf_loader_close (loader, &error))
    return fail (rep, REVIEW_DECODER_CORRUPT, error->message, text);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || st.too_large)
    return fail (rep, st.too_large ? REVIEW_DECODER_TOO_LARGE : REVIEW_DECODER_CORRUPT,
                 NULL, text);
  if (rep->orig_width == 0)
    {
      rep->orig_width = (guint32) st.orig_width;
      rep->orig_height = (guint32) st.orig_height;
    }

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
        for (int x = 0; x < w; x++, s += n, d += 3)
          {
            if (n == 4)
              {
                guint a = s[3];
                d[0] = (guint8) ((s[0] * a + 128 * (255 - a)) / 255);
                d[1] = (guint8) ((s[1] * a + 128 * (255 - a)) / 255);
                d[2] = (guint8) ((s[2] * a + 128 * (255 - a)) / 255);
              }
            else
              memcpy (d, s, 3);
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


/* Tiny valid images, one per format: decoding each once loads its
 * GdkPixbuf module and every library the module needs, so that nothing is
 * opened from disk after the sandbox's system-call filter is in place. */
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
 * Opens every loader the decoder may force (JPEG, PNG, TIFF, WebP) and runs
 * one small decode through the pipeline, so that later requests need no
 * file. Loaders missing on this computer are skipped (their files are then
 * rejected with REVIEW_DECODER_NO_LOADER, as before).
 */
void
review_decode_preload (void)
{
  static const ReviewImageFormat formats[] = {
    REVIEW_FORMAT_JPEG, REVIEW_FORMAT_PNG, REVIEW_FORMAT_TIFF, REVIEW_FORMAT_WEBP,
  };
  ReviewDecoderRequest req = { 0 };
  ReviewDecoderReply rep;
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;

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
  review_decode_bytes (&req, tiny_png, sizeof tiny_png, &rep, &text, &pixels);
}
