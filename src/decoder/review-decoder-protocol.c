/* review-decoder-protocol.c: format detection by magic bytes, shared by the
 * importer (to reject early) and the helper (to force the loader)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-decoder-protocol.h"

ReviewImageFormat
review_image_format_sniff (const guint8 *data,
                           gsize         len)
{
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return REVIEW_FORMAT_JPEG;
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return REVIEW_FORMAT_PNG;
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return REVIEW_FORMAT_TIFF;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return REVIEW_FORMAT_WEBP;
  return REVIEW_FORMAT_UNKNOWN;
}

/* The GdkPixbuf loader forced for each format: never guessed from data. */
const char *
review_image_format_loader_name (ReviewImageFormat format)
{
  switch (format)
    {
    case REVIEW_FORMAT_JPEG: return "jpeg";
    case REVIEW_FORMAT_PNG:  return "png";
    case REVIEW_FORMAT_TIFF: return "tiff";
    case REVIEW_FORMAT_WEBP: return "webp";
    case REVIEW_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}
