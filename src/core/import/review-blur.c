/* review-blur.c
 *
 * A Gaussian blur approximated by three successive box blurs (sliding sums,
 * cost independent of the radius), on packed 8-bit RGB. The box widths come
 * from the standard construction that matches the Gaussian's variance
 * (W. Jarosz, "Fast image convolutions", 2001). Edges are clamped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "review-blur.h"

/* Three box radii whose successive application has variance sigma². */
static void
boxes_for_gauss (double sigma,
                 int    radii[3])
{
  double w_ideal = sqrt (12.0 * sigma * sigma / 3.0 + 1.0);
  int wl = (int) floor (w_ideal);
  int wu, m;

  if (wl % 2 == 0)
    wl--;
  wu = wl + 2;
  m = (int) round ((12.0 * sigma * sigma - 3.0 * wl * wl - 12.0 * wl - 9.0) / (-4.0 * wl - 4.0));
  for (int i = 0; i < 3; i++)
    radii[i] = ((i < m ? wl : wu) - 1) / 2;
}

/* One box pass along a line of n samples, `step` bytes apart (3 channels). */
static void
box_line (const guint8 *src,
          int           step,
          guint8       *dst,
          int           dstep,
          int           n,
          int           r)
{
  int window = 2 * r + 1;
  /* Fixed-point reciprocal: avoids a division per sample. */
  guint32 inv = (guint32) ((1u << 24) / (guint32) window);

  for (int c = 0; c < 3; c++)
    {
      const guint8 *s = src + c;
      guint8 *d = dst + c;
      guint32 sum = 0;

      for (int k = -r; k <= r; k++)
        sum += s[CLAMP (k, 0, n - 1) * step];
      for (int i = 0; i < n; i++)
        {
          d[i * dstep] = (guint8) ((sum * inv + (1u << 23)) >> 24);
          sum += s[MIN (i + r + 1, n - 1) * step];
          sum -= s[MAX (i - r, 0) * step];
        }
    }
}

void
review_blur_rgb (guint8 *pixels,
                 int     width,
                 int     height,
                 int     stride,
                 double  sigma)
{
  int radii[3];
  guint8 *tmp;
  gsize line;

  if (sigma < 0.5 || width <= 0 || height <= 0)
    return;
  boxes_for_gauss (sigma, radii);
  line = (gsize) MAX (width, height) * 3;
  tmp = g_malloc (line);

  for (int pass = 0; pass < 3; pass++)
    {
      int r = MAX (1, radii[pass]);

      for (int y = 0; y < height; y++)
        {
          guint8 *row = pixels + (gsize) y * stride;
          box_line (row, 3, tmp, 3, width, r);
          memcpy (row, tmp, (gsize) width * 3);
        }
      for (int x = 0; x < width; x++)
        {
          guint8 *col = pixels + (gsize) x * 3;
          box_line (col, stride, tmp, 3, height, r);
          for (int y = 0; y < height; y++)
            memcpy (col + (gsize) y * stride, tmp + (gsize) y * 3, 3);
        }
    }
  /* tmp held blurred evidence pixels too. */
  memset (tmp, 0, line);
  g_free (tmp);
}

double
review_blur_sigma_for (int    width,
                       int    height,
                       double strength)
{
  return MAX (width, height) * strength;
}

void
review_grayscale_rgb (guint8 *pixels,
                      int     width,
                      int     height,
                      int     stride)
{
  for (int y = 0; y < height; y++)
    {
      guint8 *p = pixels + (gsize) y * stride;
      for (int x = 0; x < width; x++, p += 3)
        {
          guint8 g = (guint8) ((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
          p[0] = p[1] = p[2] = g;
        }
    }
}
