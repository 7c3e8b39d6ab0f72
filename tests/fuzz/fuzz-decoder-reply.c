/* fuzz-decoder-reply.c: the parent reading a hostile decoder's reply,
 * review_decoder_read_reply()
 *
 * Input: 2 bytes of max_edge (0 to 4096), 3 bytes of max_pixels (1 to
 * 16 Mpx), then what the decoder writes: written into one end of a socket
 * pair (by a thread when it is large), which then closes it; the reply is
 * read from the other end with a short deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "review-decoder-reply.h"

typedef struct
{
  int            sock;
  const uint8_t *data;
  size_t         size;
} Writer;

static gpointer
write_all (gpointer user_data)
{
  Writer *w = user_data;

  while (w->size > 0)
    {
      ssize_t n = send (w->sock, w->data, w->size, MSG_NOSIGNAL);
      if (n <= 0)
        break;          /* the reader stopped reading and closed its end */
      w->data += n;
      w->size -= (size_t) n;
    }
  close (w->sock);
  return NULL;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ReviewDecoderReply rep;
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;
  ReviewDecoderRead r;
  Writer w;
  GThread *thread = NULL;
  guint max_edge;
  guint64 max_pixels;
  int sv[2];

  max_edge = (guint) (fuzz_take (&data, &size, 2) % 4097);
  max_pixels = 1 + fuzz_take (&data, &size, 3);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    abort ();
  w = (Writer) { sv[1], data, size };
  /* A small input fits in the socket's buffer: written at once, which is
   * much faster than a thread; a larger one is written by a thread. */
  if (size <= 64 * 1024)
    write_all (&w);
  else
    thread = g_thread_new ("fuzz-writer", write_all, &w);

  memset (&rep, 0xA5, sizeof rep);
  r = review_decoder_read_reply (sv[0], g_get_monotonic_time () + G_USEC_PER_SEC,
                                 max_edge, max_pixels, &rep, &text, &pixels);
  close (sv[0]);
  if (thread != NULL)
    g_thread_join (thread);

  FUZZ_CHECK (r <= REVIEW_DECODER_READ_NONSENSE);
  /* The writer closes its end: nothing can time out. */
  FUZZ_CHECK (r != REVIEW_DECODER_READ_TIMEOUT);
  if (r != REVIEW_DECODER_READ_OK)
    {
      FUZZ_CHECK (text == NULL && pixels == NULL);
      return 0;
    }
  FUZZ_CHECK (rep.magic == REVIEW_DECODER_MAGIC);
  FUZZ_CHECK (rep.status <= REVIEW_DECODER_STATUS_LAST && rep.format <= REVIEW_FORMAT_WEBP);
  FUZZ_CHECK ((text == NULL) == (rep.text_len == 0));
  FUZZ_CHECK (text == NULL || (strlen (text) == rep.text_len &&
                               rep.text_len <= REVIEW_DECODER_MAX_TEXT &&
                               g_utf8_validate (text, -1, NULL)));
  FUZZ_CHECK ((pixels == NULL) == (rep.pixel_len == 0));
  if (rep.status != REVIEW_DECODER_OK)
    {
      FUZZ_CHECK (pixels == NULL);
      return 0;
    }
  FUZZ_CHECK (rep.orientation >= 1 && rep.orientation <= 8);
  FUZZ_CHECK (rep.format != REVIEW_FORMAT_UNKNOWN);
  FUZZ_CHECK (rep.width > 0 && rep.height > 0 && pixels != NULL);
  FUZZ_CHECK (rep.pixel_len == (guint64) rep.width * rep.height * 3);
  FUZZ_CHECK (max_edge == 0 || (rep.width <= max_edge && rep.height <= max_edge));
  FUZZ_CHECK ((guint64) rep.width * rep.height <= max_pixels);
  /* Every byte is there: a short buffer is an ASan report. */
  {
    volatile guint8 first = pixels[0], last = pixels[rep.pixel_len - 1];
    (void) first;
    (void) last;
  }
  return 0;
}
