/* gen-photos.c: synthetic, photo-like test images (never real photos)
 *
 *   gen-photos DIR COUNT [--width=W] [--height=H] [--rotate-every=K]
 *                        [--png-every=K] [--webp-every=K] [--hostile] [--seed=S]
 *
 * Each image is camera-sized noise and gradients with a white card bearing a
 * large printed four-digit number (1000 + index): what blurring must make
 * unreadable. Every K-th JPEG carries an EXIF orientation (6: rotate 90°).
 * Every K-th image (--png-every, --webp-every) is a PNG or a WebP instead
 * (WebP needs Debian's webp-pixbuf-loader, which build-aux/setup-deps
 * installs).
 * --hostile adds the files an importer must reject: an XPM named .jpg, a
 * truncated JPEG, a PNG "pixel bomb" claiming 100000×100000, random bytes
 * named .jpg and an empty file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>

static guint32 rng_state = 2463534242u;

static guint32
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* A minimal APP1/Exif segment holding only an Orientation tag. */
static GBytes *
with_orientation (const guint8 *jpeg,
                  gsize         len,
                  guint16       orientation)
{
  static const guint8 app1_head[] = {
    0xFF, 0xE1, 0x00, 0x22,                          /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,    /* TIFF header, IFD at 8 */
    0x01, 0x00,                                      /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, /* 0x0112 SHORT ×1 */
  };
  GByteArray *out = g_byte_array_sized_new (len + 64);
  guint8 value[8] = { (guint8) orientation, 0, 0, 0, 0, 0, 0, 0 }; /* value, next IFD 0 */

  g_byte_array_append (out, jpeg, 2);                /* SOI */
  g_byte_array_append (out, app1_head, sizeof app1_head);
  g_byte_array_append (out, value, sizeof value);
  g_byte_array_append (out, jpeg + 2, (guint) (len - 2));
  return g_byte_array_free_to_bytes (out);
}

static GdkPixbuf *
render (int width,
        int height,
        int number)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GdkPixbuf *pixbuf;
  char text[16];
  double card_w = width * 0.55, card_h = height * 0.32;
  double cx = width * 0.22, cy = height * 0.34;
  guint8 *data;
  int stride;

  /* Gradient "room" with a darker figure, then noise like a real sensor. */
  {
    cairo_pattern_t *g = cairo_pattern_create_linear (0, 0, width, height);
    cairo_pattern_add_color_stop_rgb (g, 0, 0.35 + (number % 7) * 0.03, 0.32, 0.30);
    cairo_pattern_add_color_stop_rgb (g, 1, 0.15, 0.17, 0.22 + (number % 5) * 0.03);
    cairo_set_source (cr, g);
    cairo_paint (cr);
    cairo_pattern_destroy (g);
  }
  cairo_set_source_rgb (cr, 0.55, 0.45, 0.40);
  cairo_arc (cr, width * 0.75, height * 0.3, height * 0.14, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_rectangle (cr, width * 0.62, height * 0.44, width * 0.26, height * 0.56);
  cairo_fill (cr);

  /* The card with its number. */
  cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
  cairo_rectangle (cr, cx, cy, card_w, card_h);
  cairo_fill (cr);
  g_snprintf (text, sizeof text, "%04d", 1000 + number % 9000);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, card_h * 0.75);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.08);
  {
    cairo_text_extents_t ext;
    cairo_text_extents (cr, text, &ext);
    cairo_move_to (cr, cx + (card_w - ext.width) / 2 - ext.x_bearing,
                   cy + (card_h - ext.height) / 2 - ext.y_bearing);
  }
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  for (int y = 0; y < height; y++)
    {
      guint32 *src = (guint32 *) (data + (gsize) y * stride);
      guint8 *dst = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);
      for (int x = 0; x < width; x++)
        {
          int noise = (int) (rng () % 25) - 12;
          guint32 p = src[x];
          dst[3 * x] = (guint8) CLAMP ((int) ((p >> 16) & 0xff) + noise, 0, 255);
          dst[3 * x + 1] = (guint8) CLAMP ((int) ((p >> 8) & 0xff) + noise, 0, 255);
          dst[3 * x + 2] = (guint8) CLAMP ((int) (p & 0xff) + noise, 0, 255);
        }
    }
  cairo_surface_destroy (surface);
  return pixbuf;
}

static void
write_file (const char   *dir,
            const char   *name,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) len, &error))
    g_error ("%s", error->message);
}

static void
hostile (const char *dir,
         GBytes     *a_jpeg)
{
  static const char xpm[] =
    "/* XPM */\nstatic char * x_xpm[] = {\n\"2 2 1 1\",\n\"  c #FF0000\",\n\"  \",\n\"  \"};\n";
  guint8 png[57] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0,   /* 100000 × 100000 */
    8, 2, 0, 0, 0, 0, 0, 0, 0,                         /* RGB, CRC (bogus) */
    0, 0, 0, 0, 'I', 'D', 'A', 'T', 0, 0, 0, 0,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82,
  };
  guint8 noise[4096];

  write_file (dir, "hostile-xpm-named.jpg", (const guint8 *) xpm, sizeof xpm - 1);
  write_file (dir, "hostile-truncated.jpg", g_bytes_get_data (a_jpeg, NULL),
              MIN (6000, g_bytes_get_size (a_jpeg)));
  write_file (dir, "hostile-pixel-bomb.png", png, sizeof png);
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) rng ();
  write_file (dir, "hostile-random.jpg", noise, sizeof noise);
  write_file (dir, "hostile-empty.jpg", (const guint8 *) "", 0);
}

int
main (int    argc,
      char **argv)
{
  int width = 2048, height = 1536, rotate_every = 0, png_every = 0, webp_every = 0, seed = 1;
  gboolean with_hostile = FALSE;
  g_autoptr(GBytes) first = NULL;
  const char *dir;
  int count;

  if (argc < 3)
    {
      g_printerr ("usage: gen-photos DIR COUNT [--width=W] [--height=H] [--rotate-every=K] "
                  "[--png-every=K] [--webp-every=K] [--hostile] [--seed=S]\n");
      return 2;
    }
  dir = argv[1];
  count = atoi (argv[2]);
  for (int i = 3; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--width="))
        width = atoi (argv[i] + 8);
      else if (g_str_has_prefix (argv[i], "--height="))
        height = atoi (argv[i] + 9);
      else if (g_str_has_prefix (argv[i], "--rotate-every="))
        rotate_every = atoi (argv[i] + 15);
      else if (g_str_has_prefix (argv[i], "--png-every="))
        png_every = atoi (argv[i] + 12);
      else if (g_str_has_prefix (argv[i], "--webp-every="))
        webp_every = atoi (argv[i] + 13);
      else if (g_str_has_prefix (argv[i], "--seed="))
        seed = atoi (argv[i] + 7);
      else if (g_str_equal (argv[i], "--hostile"))
        with_hostile = TRUE;
    }
  rng_state ^= (guint32) seed * 2654435761u;
  g_mkdir_with_parents (dir, 0755);

  for (int n = 0; n < count; n++)
    {
      g_autoptr(GdkPixbuf) pixbuf = render (width, height, n);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      gchar *buf = NULL;
      gsize len = 0;

      if (webp_every > 0 && n % webp_every == webp_every - 1)
        {
          name = g_strdup_printf ("photo-%05d.webp", n);
          if (!gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "webp", &error, "quality", "90",
                                          NULL))
            g_error ("%s", error->message);
          write_file (dir, name, (guint8 *) buf, len);
        }
      else if (png_every > 0 && n % png_every == png_every - 1)
        {
          name = g_strdup_printf ("photo-%05d.png", n);
          if (!gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "png", &error, NULL))
            g_error ("%s", error->message);
          write_file (dir, name, (guint8 *) buf, len);
        }
      else
        {
          g_autoptr(GBytes) jpeg = NULL;
          if (!gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", &error, "quality", "90",
                                          NULL))
            g_error ("%s", error->message);
          jpeg = g_bytes_new (buf, len);
          if (rotate_every > 0 && n % rotate_every == rotate_every - 1)
            {
              g_autoptr(GBytes) rotated = with_orientation ((guint8 *) buf, len, 6);
              name = g_strdup_printf ("photo-%05d-rotated.jpg", n);
              write_file (dir, name, g_bytes_get_data (rotated, NULL), g_bytes_get_size (rotated));
            }
          else
            {
              name = g_strdup_printf ("photo-%05d.jpg", n);
              write_file (dir, name, (guint8 *) buf, len);
            }
          if (first == NULL)
            first = g_bytes_ref (jpeg);
        }
      g_free (buf);
    }
  if (with_hostile)
    {
      if (first == NULL)
        {
          g_autoptr(GdkPixbuf) pixbuf = render (width, height, 0);
          gchar *buf = NULL;
          gsize len = 0;
          gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", NULL, NULL);
          first = g_bytes_new_take (buf, len);
        }
      hostile (dir, first);
    }
  return 0;
}
