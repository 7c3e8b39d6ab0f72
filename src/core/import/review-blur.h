/* review-blur.h: blurring pixels on the CPU, before they reach a texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The floor below which numbers on cards can still be guessed by eye:
 * a Gaussian sigma of 6% of the image's long edge. */
#define REVIEW_BLUR_FLOOR    0.06
#define REVIEW_BLUR_DEFAULT  0.08

void   review_blur_rgb        (guint8 *pixels,
                               int     width,
                               int     height,
                               int     stride,
                               double  sigma);
double review_blur_sigma_for  (int     width,
                               int     height,
                               double  strength);
void   review_grayscale_rgb   (guint8 *pixels,
                               int     width,
                               int     height,
                               int     stride);

G_END_DECLS
