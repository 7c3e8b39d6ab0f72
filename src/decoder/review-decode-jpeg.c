/* review-decode-jpeg.c: one untrusted JPEG decoded by libjpeg-turbo, and
 * how it is damaged
 *
 * The decoder reads JPEG with libjpeg-turbo directly, from memory
 * (jpeg_mem_src), rather than through GdkPixbuf, so that it can tell a
 * whole image from a damaged one. libjpeg never stops on damaged data: it
 * warns and goes on, filling what is missing with mid grey. Its warnings
 * are read here by code (emit_message), never printed, and classified by
 * when they come:
 *
 *   - while the headers are read, before the first scan: ignored. Stray
 *     bytes between markers (Photoshop writes some) hide no pixels.
 *   - while the rows are decoded (a single-scan file): a premature end of
 *     the file (JWRN_JPEG_EOF) or a scan that stops at an end-of-image
 *     marker (JWRN_HIT_MARKER) means the rows from the current one on are
 *     MISSING; any other damage (a bad code, a lost restart marker, stray
 *     bytes in the scan, a scan stopped by another marker) means the data is
 *     CORRUPT from the current row.
 *   - while jpeg_start_decompress() reads every scan of a progressive or
 *     multi-scan file: an end inside the first scan means the rows from
 *     its current iMCU row on are MISSING; any other damage is PARTLY (the
 *     row is unknown: a later scan only refines the whole image).
 *   - after the last row (jpeg_finish_decompress): PARTLY.
 *
 * The first damage counts. An image with nothing decoded (its data ends in
 * the first row, or a marker stops the scan there) is refused as truncated
 * or corrupt. A fatal error (error_exit, which jumps back here instead of
 * exiting) before any row is a refusal; after some rows, the image is
 * damaged from the row reached and the rest is mid grey. Rows are
 * reported in the file's full resolution, whatever the scale of the decode.
 *
 * Output is packed RGB: libjpeg converts grey, YCbCr and RGB (JCS_EXT_RGB);
 * CMYK and YCCK come out as CMYK and are converted here, as inverted CMYK
 * (what Photoshop writes, and what GdkPixbuf's loader assumes). The decode
 * is scaled by 1/2, 1/4 or 1/8 (the scales libjpeg-turbo has SIMD code for)
 * when the result is still at least max_edge on its long edge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "review-decode-jpeg.h"

#define MAX_WARNINGS 1000    /* a file that warns more is refused */
#define MAX_SCANS    1000    /* progressive files need about 10 */
#define GREY         128

typedef enum
{
  PHASE_HEADER,
  PHASE_START,
  PHASE_ROWS,
  PHASE_FINISH,
} Phase;

typedef struct
{
  struct jpeg_decompress_struct  cinfo;
  struct jpeg_error_mgr          err;
  struct jpeg_progress_mgr       progress;
  jmp_buf                        jump;
  Phase                          phase;
  gboolean                       saw_eof;
  gboolean                       out_of_memory;
  gboolean                       stopped_at_marker;  /* the first damage: a scan
                                                      * stopped by a marker
                                                      * other than EOI */
  ReviewDecoderDamage            damage;
  guint32                        damage_row;         /* full resolution */
  guint32                        grey_from;          /* output row */
  guint                          bpp;                /* 3 (RGB) or 4 (CMYK) */
  /* The sizes as the decode began: a hostile file may hold a second frame
   * header that libjpeg reads later, over the first one's size. */
  guint32                        image_width;
  guint32                        image_height;
  guint32                        output_width;
  guint32                        output_height;
  guint8                        *buffer;
  JSAMPROW                      *rows;
} Job;

static void
error_exit (j_common_ptr common)
{
  Job *job = common->client_data;

  if (common->err->msg_code == JERR_OUT_OF_MEMORY)
    job->out_of_memory = TRUE;
  longjmp (job->jump, 1);
}

static void
output_message (j_common_ptr common)
{
  /* Nothing is printed: the decoder has nowhere to print to. */
}

/* The full-resolution row of an output row. */
static guint32
full_row (Job        *job,
          JDIMENSION  out_row)
{
  if (job->output_height == 0)
    return 0;
  return (guint32) ((guint64) MIN (out_row, job->output_height) * job->image_height /
                    job->output_height);
}

static void
damaged (Job                 *job,
         ReviewDecoderDamage  damage,
         guint32              row,
         guint32              grey_from)
{
  if (job->damage != REVIEW_DAMAGE_NONE)
    return;
  if (damage != REVIEW_DAMAGE_PARTLY && row >= job->image_height)
    damage = REVIEW_DAMAGE_PARTLY;           /* never a row outside the image */
  job->damage = damage;
  job->damage_row = damage == REVIEW_DAMAGE_PARTLY ? 0 : row;
  if (damage == REVIEW_DAMAGE_MISSING)
    job->grey_from = MIN (job->grey_from, grey_from);
}

/* The warnings that mean the pixels are not what the file meant. Others
 * (an unknown JFIF version, a bad ICC profile chunk, an unknown Adobe
 * transform) are about metadata. */
static gboolean
is_damage (int code)
{
  switch (code)
    {
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
emit_message (j_common_ptr common,
              int          msg_level)
{
  Job *job = common->client_data;
  j_decompress_ptr cinfo = &job->cinfo;
  int code = common->err->msg_code;
  gboolean at_end;

  if (msg_level >= 0)
    return;                              /* a trace message */
  if (++common->err->num_warnings > MAX_WARNINGS)
    error_exit (common);
  if (code == JWRN_JPEG_EOF)
    job->saw_eof = TRUE;
  if (!is_damage (code))
    return;
  /* The file ends here: it ran out, or the scan stopped at an end marker. */
  at_end = code == JWRN_JPEG_EOF ||
           (code == JWRN_HIT_MARKER && cinfo->unread_marker == JPEG_EOI);

  switch (job->phase)
    {
    case PHASE_HEADER:
      break;

    case PHASE_START:
      {
        guint64 row = (guint64) cinfo->input_iMCU_row * cinfo->max_v_samp_factor * DCTSIZE;

        if (at_end && cinfo->input_scan_number == 1 && row < job->image_height &&
            job->output_height > 0)
          damaged (job, REVIEW_DAMAGE_MISSING, (guint32) row,
                   (guint32) (row * job->output_height / job->image_height));
        else
          damaged (job, REVIEW_DAMAGE_PARTLY, 0, 0);
      }
      break;

    case PHASE_ROWS:
      if (at_end)
        damaged (job, REVIEW_DAMAGE_MISSING, full_row (job, cinfo->output_scanline),
                 cinfo->output_scanline);
      else
        {
          if (job->damage == REVIEW_DAMAGE_NONE && code == JWRN_HIT_MARKER)
            job->stopped_at_marker = TRUE;
          damaged (job, REVIEW_DAMAGE_CORRUPT, full_row (job, cinfo->output_scanline),
                   cinfo->output_scanline);
        }
      break;

    case PHASE_FINISH:
    default:
      damaged (job, REVIEW_DAMAGE_PARTLY, 0, 0);
      break;
    }
}

/* Called as the scans of a multi-scan file are read: a file of thousands of
 * tiny scans would take minutes. */
static void
progress_monitor (j_common_ptr common)
{
  Job *job = common->client_data;

  if (job->cinfo.input_scan_number > MAX_SCANS)
    error_exit (common);
}

/* After a fatal error: a refusal, or what decoded so far. */
static ReviewDecoderStatus
after_fatal_error (Job *job)
{
  JDIMENSION done = job->cinfo.output_scanline;

  if (job->out_of_memory)
    return REVIEW_DECODER_TOO_LARGE;
  switch (job->phase)
    {
    case PHASE_HEADER:
    case PHASE_START:
      return job->saw_eof ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
    case PHASE_ROWS:
      if (done == 0 || job->buffer == NULL)
        return job->saw_eof ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
      damaged (job, job->saw_eof ? REVIEW_DAMAGE_MISSING : REVIEW_DAMAGE_CORRUPT,
               full_row (job, done), done);
      job->grey_from = MIN (job->grey_from, done);
      return REVIEW_DECODER_OK;
    case PHASE_FINISH:
    default:
      damaged (job, REVIEW_DAMAGE_PARTLY, 0, 0);
      return REVIEW_DECODER_OK;
    }
}

/* The smallest of 1/8, 1/4, 1/2 and 1 that leaves the long edge at least
 * @max_edge. */
static void
choose_scale (j_decompress_ptr cinfo,
              guint32          max_edge)
{
  cinfo->scale_num = 1;
  cinfo->scale_denom = 1;
  if (max_edge == 0 || MAX (cinfo->image_width, cinfo->image_height) <= max_edge)
    return;
  for (guint denom = 8; denom >= 2; denom /= 2)
    {
      cinfo->scale_denom = denom;
      jpeg_calc_output_dimensions (cinfo);
      if (MAX (cinfo->output_width, cinfo->output_height) >= max_edge)
        return;
    }
  cinfo->scale_denom = 1;
}

/* Everything libjpeg does, under one setjmp: a fatal error comes back here
 * with the phase it was in. Only @job is read after the jump. */
static ReviewDecoderStatus
run (Job          *job,
     const guint8 *data,
     gsize         len,
     guint32       max_edge,
     guint64       max_pixels)
{
  j_decompress_ptr cinfo = &job->cinfo;
  guint64 bytes;

  if (setjmp (job->jump) != 0)
    return after_fatal_error (job);

  jpeg_create_decompress (cinfo);
  job->progress.progress_monitor = progress_monitor;
  cinfo->progress = &job->progress;
  jpeg_mem_src (cinfo, data, (unsigned long) len);

  job->phase = PHASE_HEADER;
  if (jpeg_read_header (cinfo, TRUE) != JPEG_HEADER_OK)
    return REVIEW_DECODER_TRUNCATED;
  job->image_width = cinfo->image_width;
  job->image_height = cinfo->image_height;
  if (job->image_width == 0 || job->image_height == 0)
    return REVIEW_DECODER_CORRUPT;
  if ((guint64) job->image_width * job->image_height > max_pixels)
    return REVIEW_DECODER_TOO_LARGE;

  if (cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK)
    {
      cinfo->out_color_space = JCS_CMYK;
      job->bpp = 4;
    }
  else
    {
      cinfo->out_color_space = JCS_EXT_RGB;
      job->bpp = 3;
    }
  choose_scale (cinfo, max_edge);
  /* A reduced decode is scaled again: smooth chroma upsampling costs time
   * for nothing there. */
  if (cinfo->scale_denom > 1)
    cinfo->do_fancy_upsampling = FALSE;
  jpeg_calc_output_dimensions (cinfo);
  job->output_width = cinfo->output_width;
  job->output_height = cinfo->output_height;

  job->phase = PHASE_START;
  jpeg_start_decompress (cinfo);
  if (cinfo->output_components != (int) job->bpp ||
      cinfo->output_width != job->output_width || cinfo->output_height != job->output_height ||
      job->output_width == 0 || job->output_height == 0 ||
      job->output_width > job->image_width || job->output_height > job->image_height)
    return REVIEW_DECODER_CORRUPT;
  job->grey_from = MIN (job->grey_from, job->output_height);

  /* Within the pixel limit, as the image is: no overflow below. */
  bytes = (guint64) job->output_width * job->output_height * job->bpp;
  if (bytes > G_MAXSIZE || bytes > max_pixels * 4)
    return REVIEW_DECODER_TOO_LARGE;
  job->buffer = g_try_malloc ((gsize) bytes);
  job->rows = g_try_new (JSAMPROW, job->output_height);
  if (job->buffer == NULL || job->rows == NULL)
    return REVIEW_DECODER_TOO_LARGE;
  for (guint32 y = 0; y < job->output_height; y++)
    job->rows[y] = job->buffer + (gsize) y * job->output_width * job->bpp;

  job->phase = PHASE_ROWS;
  while (cinfo->output_scanline < job->output_height)
    if (jpeg_read_scanlines (cinfo, job->rows + cinfo->output_scanline,
                             job->output_height - cinfo->output_scanline) == 0)
      break;
  /* jpeg_mem_src never suspends: every row is there, or an error jumped. */
  if (cinfo->output_scanline < job->output_height)
    {
      damaged (job, REVIEW_DAMAGE_CORRUPT, full_row (job, cinfo->output_scanline),
               cinfo->output_scanline);
      job->grey_from = MIN (job->grey_from, cinfo->output_scanline);
      return cinfo->output_scanline > 0 ? REVIEW_DECODER_OK : REVIEW_DECODER_CORRUPT;
    }

  job->phase = PHASE_FINISH;
  jpeg_finish_decompress (cinfo);
  return REVIEW_DECODER_OK;
}

/* Inverted CMYK (Adobe) to RGB, in place: each pixel moves down from 4
 * bytes to 3. */
static void
cmyk_to_rgb (guint8 *buffer,
             gsize   n_pixels)
{
  for (gsize i = 0; i < n_pixels; i++)
    {
      const guint8 *s = buffer + i * 4;
      guint c = s[0], m = s[1], y = s[2], k = s[3];
      guint8 *d = buffer + i * 3;

      d[0] = (guint8) (c * k / 255);
      d[1] = (guint8) (m * k / 255);
      d[2] = (guint8) (y * k / 255);
    }
}

/**
 * review_decode_jpeg:
 * @max_edge: the long edge wanted, 0 for full size; the decode may be
 *   larger (never smaller): the caller scales
 * @max_pixels: the pixel limit, checked against the frame header
 * @out: (out caller-allocates): the pixels on %REVIEW_DECODER_OK, with
 *   their damage; out->rgb is the caller's to g_free()
 *
 * Returns: %REVIEW_DECODER_OK for a whole or damaged image; TRUNCATED or
 *   CORRUPT when nothing decoded; TOO_LARGE over the limit
 */
ReviewDecoderStatus
review_decode_jpeg (const guint8     *data,
                    gsize             len,
                    guint32           max_edge,
                    guint64           max_pixels,
                    ReviewJpegPixels *out)
{
  Job *job = g_new0 (Job, 1);
  j_decompress_ptr cinfo = &job->cinfo;
  ReviewDecoderStatus status;

  memset (out, 0, sizeof *out);
  cinfo->err = jpeg_std_error (&job->err);
  job->err.error_exit = error_exit;
  job->err.emit_message = emit_message;
  job->err.output_message = output_message;
  cinfo->client_data = job;
  job->grey_from = G_MAXUINT32;

  status = run (job, data, len, max_edge, max_pixels);
  out->orig_width = job->image_width;
  out->orig_height = job->image_height;
  if (status == REVIEW_DECODER_OK)
    {
      /* Nothing decoded: the data ends, or a marker stops it, in row 0. */
      if (job->damage == REVIEW_DAMAGE_MISSING && job->damage_row == 0)
        status = REVIEW_DECODER_TRUNCATED;
      else if (job->damage == REVIEW_DAMAGE_CORRUPT && job->damage_row == 0 &&
               job->stopped_at_marker)
        status = REVIEW_DECODER_CORRUPT;
    }
  if (status == REVIEW_DECODER_OK)
    {
      gsize w = job->output_width, h = job->output_height;

      if (job->bpp == 4)
        cmyk_to_rgb (job->buffer, w * h);
      if (job->grey_from < h)
        memset (job->buffer + job->grey_from * w * 3, GREY, (h - job->grey_from) * w * 3);
      out->rgb = g_steal_pointer (&job->buffer);
      out->width = (guint32) w;
      out->height = (guint32) h;
      out->damage = job->damage;
      out->damage_row = job->damage_row;
    }
  jpeg_destroy_decompress (cinfo);
  g_free (job->buffer);
  g_free (job->rows);
  g_free (job);
  return status;
}
