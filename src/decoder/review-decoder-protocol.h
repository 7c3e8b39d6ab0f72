/* review-decoder-protocol.h: the wire format between Review and its
 * review-decoder helper processes
 *
 * The parent sends a request with exactly one file descriptor attached
 * (SCM_RIGHTS) over a Unix stream socket; the helper answers with a reply
 * header, then text_len bytes of UTF-8 text, then pixel_len bytes of pixels
 * (packed RGB, 3 bytes per pixel, rows of width * 3 bytes). The helper never
 * sees a path, the vault or its key: only the descriptor of one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_DECODER_MAGIC 0x31445652u /* "RVD1" */
#define REVIEW_DECODER_FD    3           /* the socket, in the helper */

typedef enum
{
  REVIEW_DECODER_OP_DECODE = 1,          /* decode, orient, scale to max_edge */
} ReviewDecoderOp;

/* Test-only faults, honoured only when the parent runs with
 * REVIEW_TEST_DECODER_FAULTS set; they prove that a helper that crashes or
 * hangs costs one file and nothing more. */
typedef enum
{
  REVIEW_DECODER_FAULT_CRASH = 1 << 0,
  REVIEW_DECODER_FAULT_HANG  = 1 << 1,
  REVIEW_DECODER_FAULT_OOM   = 1 << 2,
} ReviewDecoderFault;

typedef enum
{
  REVIEW_DECODER_OK = 0,
  REVIEW_DECODER_EMPTY,          /* zero bytes */
  REVIEW_DECODER_UNKNOWN_FORMAT, /* magic bytes match no accepted format */
  REVIEW_DECODER_TRUNCATED,      /* no end-of-image marker */
  REVIEW_DECODER_TOO_LARGE,      /* over the pixel limit, from the header */
  REVIEW_DECODER_CORRUPT,        /* the forced loader refused the data */
  REVIEW_DECODER_IO,             /* the descriptor could not be read */
  REVIEW_DECODER_NO_LOADER,      /* no loader for this format here */
  REVIEW_DECODER_UNSUPPORTED,    /* a valid variant the loaders here cannot
                                  * decode; the text is its code
                                  * ("jpeg-12bit"), never shown as is */
} ReviewDecoderStatus;

#define REVIEW_DECODER_STATUS_LAST REVIEW_DECODER_UNSUPPORTED

/* How a decoded image is damaged. A damaged image decoded in part: its
 * pixels are sent (status OK) and the photo is imported, flagged, with the
 * reason the parent words from these codes. damage_row is the first row, in
 * the file's stored orientation (before EXIF orientation), that is missing
 * or wrong; it is below orig_height. */
typedef enum
{
  REVIEW_DAMAGE_NONE = 0,
  REVIEW_DAMAGE_MISSING,         /* the file ends early: rows from damage_row
                                  * on are missing (0 < damage_row) */
  REVIEW_DAMAGE_CORRUPT,         /* the data is corrupt from damage_row on */
  REVIEW_DAMAGE_PARTLY,          /* some data could not be decoded; the row
                                  * is unknown (damage_row is 0) */
} ReviewDecoderDamage;

#define REVIEW_DAMAGE_LAST REVIEW_DAMAGE_PARTLY

typedef enum
{
  REVIEW_FORMAT_UNKNOWN = 0,
  REVIEW_FORMAT_JPEG,
  REVIEW_FORMAT_PNG,
  REVIEW_FORMAT_TIFF,
  REVIEW_FORMAT_WEBP,
} ReviewImageFormat;

typedef struct
{
  guint32 magic;
  guint32 op;
  guint32 max_edge;      /* 0: no scaling */
  guint32 faults;        /* ReviewDecoderFault, tests only */
  guint64 max_pixels;    /* reject larger images from their header */
  guint64 max_bytes;     /* reject larger files */
} ReviewDecoderRequest;

typedef struct
{
  guint32 magic;
  guint32 status;        /* ReviewDecoderStatus */
  guint32 format;        /* ReviewImageFormat */
  guint32 orientation;   /* EXIF orientation 1-8, 1 when absent */
  guint32 orig_width;    /* as stored, before orientation */
  guint32 orig_height;
  guint32 width;         /* of the pixels sent, after orientation */
  guint32 height;
  guint32 text_len;      /* error message, or "capture time\ncamera" */
  guint32 damage;        /* ReviewDecoderDamage, with status OK only */
  guint32 damage_row;    /* see ReviewDecoderDamage */
  guint32 reserved;      /* 0 */
  guint64 pixel_len;
} ReviewDecoderReply;

ReviewImageFormat review_image_format_sniff (const guint8 *data,
                                             gsize         len);
const char       *review_image_format_loader_name (ReviewImageFormat format);

G_END_DECLS
