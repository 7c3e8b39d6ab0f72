/* review-decoder-reply.c: the parent's side of the decoder protocol
 *
 * A decoder is treated as hostile: an image may own it. Every field of its
 * reply header is checked before anything is allocated from it: the magic,
 * a known status and format, an orientation of 1 to 8, a text of at most
 * REVIEW_DECODER_MAX_TEXT bytes, a known damage only on success, naming a
 * row inside the image, and pixels only on success, exactly
 * width * height * 3 bytes and within the size that was asked for. An error
 * reply carries no pixels. A reply that breaks any rule is "nonsense": the
 * pool kills that decoder and rejects the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "review-decoder-reply.h"

/* Reads exactly len bytes before the deadline. */
static ReviewDecoderRead
read_exact (int     sock,
            void   *buf,
            gsize   len,
            gint64  deadline)
{
  guint8 *p = buf;

  while (len > 0)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      struct pollfd pfd = { sock, POLLIN, 0 };
      ssize_t r;
      int pr;

      if (left <= 0)
        return REVIEW_DECODER_READ_TIMEOUT;
      pr = poll (&pfd, 1, (int) MIN (MAX (1, left / 1000), G_MAXINT));
      if (pr < 0 && errno == EINTR)
        continue;
      if (pr < 0)
        return REVIEW_DECODER_READ_EOF;
      if (pr == 0)
        return REVIEW_DECODER_READ_TIMEOUT;
      r = read (sock, p, len);
      if (r < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (r <= 0)
        return REVIEW_DECODER_READ_EOF;
      p += r;
      len -= (gsize) r;
    }
  return REVIEW_DECODER_READ_OK;
}

/**
 * review_decoder_reply_valid:
 * @max_edge: the long edge asked for, 0 for full size
 * @max_pixels: the pixel limit asked for
 *
 * Returns: whether @rep is a reply an honest decoder could have sent
 */
gboolean
review_decoder_reply_valid (const ReviewDecoderReply *rep,
                            guint                     max_edge,
                            guint64                   max_pixels)
{
  guint64 limit;

  if (rep->magic != REVIEW_DECODER_MAGIC || rep->text_len > REVIEW_DECODER_MAX_TEXT ||
      rep->status > REVIEW_DECODER_STATUS_LAST || rep->format > REVIEW_FORMAT_WEBP)
    return FALSE;
  if (rep->reserved != 0 || rep->damage > REVIEW_DAMAGE_LAST)
    return FALSE;
  if (rep->status != REVIEW_DECODER_OK)
    return rep->pixel_len == 0 && rep->damage == REVIEW_DAMAGE_NONE;
  if (rep->orientation < 1 || rep->orientation > 8 || rep->format == REVIEW_FORMAT_UNKNOWN)
    return FALSE;
  if (rep->width == 0 || rep->height == 0)
    return FALSE;
  if (max_edge > 0 && (rep->width > max_edge || rep->height > max_edge))
    return FALSE;
  if ((guint64) rep->width * rep->height > max_pixels)
    return FALSE;
  /* A damaged image names a row inside the image it decoded in part: a
   * missing part starts after at least one row, and a partly decoded image
   * names no row. */
  switch ((ReviewDecoderDamage) rep->damage)
    {
    case REVIEW_DAMAGE_NONE:
    case REVIEW_DAMAGE_PARTLY:
      if (rep->damage_row != 0)
        return FALSE;
      break;
    case REVIEW_DAMAGE_MISSING:
      if (rep->damage_row == 0 || rep->damage_row >= rep->orig_height)
        return FALSE;
      break;
    case REVIEW_DAMAGE_CORRUPT:
      if (rep->damage_row >= rep->orig_height)
        return FALSE;
      break;
    default:
      return FALSE;
    }
  /* width and height are 32-bit: their product times 3 cannot overflow. */
  if (rep->pixel_len != (guint64) rep->width * rep->height * 3)
    return FALSE;
  limit = max_edge > 0 ? (guint64) max_edge * max_edge * 3 : max_pixels * 3;
  return rep->pixel_len <= limit;
}

/**
 * review_decoder_read_reply:
 * @text: (out): the reply's text, NUL-terminated and valid UTF-8, or %NULL
 * @pixels: (out): rep->pixel_len bytes, or %NULL
 *
 * Reads one reply before @deadline (monotonic time). On anything but
 * %REVIEW_DECODER_READ_OK, @text and @pixels are %NULL and the decoder must
 * be stopped: the stream is no longer in step.
 */
ReviewDecoderRead
review_decoder_read_reply (int                  sock,
                           gint64               deadline,
                           guint                max_edge,
                           guint64              max_pixels,
                           ReviewDecoderReply  *rep,
                           char               **text,
                           guint8             **pixels)
{
  g_autofree char *t = NULL;
  g_autofree guint8 *p = NULL;
  ReviewDecoderRead r;

  *text = NULL;
  *pixels = NULL;
  r = read_exact (sock, rep, sizeof *rep, deadline);
  if (r != REVIEW_DECODER_READ_OK)
    return r;
  if (!review_decoder_reply_valid (rep, max_edge, max_pixels))
    return REVIEW_DECODER_READ_NONSENSE;
  if (rep->text_len > 0)
    {
      t = g_malloc0 ((gsize) rep->text_len + 1);
      r = read_exact (sock, t, rep->text_len, deadline);
      if (r != REVIEW_DECODER_READ_OK)
        return r;
      if (!g_utf8_validate (t, rep->text_len, NULL))
        return REVIEW_DECODER_READ_NONSENSE;
    }
  if (rep->pixel_len > 0)
    {
      p = g_try_malloc (rep->pixel_len);
      if (p == NULL)
        return REVIEW_DECODER_READ_NONSENSE;
      r = read_exact (sock, p, rep->pixel_len, deadline);
      if (r != REVIEW_DECODER_READ_OK)
        return r;
    }
  *text = g_steal_pointer (&t);
  *pixels = g_steal_pointer (&p);
  return REVIEW_DECODER_READ_OK;
}
