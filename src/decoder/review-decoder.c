/* review-decoder.c: the only place Review parses untrusted image bytes
 *
 * A long-lived helper process started by the importer's decoder pool. It
 * runs with an empty environment, resource limits (address space, open
 * files, no core dumps), no new privileges and "/" as its folder; it is
 * handed one file descriptor at a time over its socket (fd 3), never a path,
 * and never sees the vault. For each file it (review-decode.c): checks the
 * magic bytes; reads the pixel size from the header and refuses images over
 * the limit before any large allocation; decodes JPEG with libjpeg-turbo and
 * the other formats with the matching GdkPixbuf loader, forced; sends a file
 * cut short or damaged as a damaged image (missing or corrupt from a row, or
 * partly decoded) when part of it decoded, and refuses it when nothing did;
 * parses EXIF; applies the EXIF orientation; scales; and answers with packed
 * RGB pixels.
 *
 * The pool starts it inside bubblewrap (review-sandbox.c: no network, no
 * home, no session bus, nothing writable). Here, once every image loader is
 * loaded, it installs a system-call allow-list (review-decoder-seccomp.c):
 * from then on opening a file, a socket or a process kills it.
 *
 *   review-decoder [--max-memory-mb=N]   serve requests on fd 3
 *   review-decoder --probe                exit 0 if the filter installs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "review-decode.h"
#include "review-decoder-seccomp.h"
#ifdef REVIEW_TEST_HOOKS
#include "review-decoder-escape.h"
#endif

static gboolean
write_all (int         fd,
           const void *buf,
           gsize       len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      p += w;
      len -= (gsize) w;
    }
  return TRUE;
}

static gboolean
reply (int                  sock,
       ReviewDecoderReply  *rep,
       const char          *text,
       const guint8        *pixels)
{
  rep->magic = REVIEW_DECODER_MAGIC;
  rep->text_len = text ? (guint32) strlen (text) : 0;
  return write_all (sock, rep, sizeof *rep) &&
         (rep->text_len == 0 || write_all (sock, text, rep->text_len)) &&
         (rep->pixel_len == 0 || write_all (sock, pixels, rep->pixel_len));
}

static gboolean
fail (int                  sock,
      ReviewDecoderReply  *rep,
      ReviewDecoderStatus  status,
      const char          *message)
{
  rep->status = status;
  rep->pixel_len = 0;
  return reply (sock, rep, message, NULL);
}

static guint8 *
read_fd (int     fd,
         guint64 max_bytes,
         gsize  *len_out,
         int    *status)
{
  struct stat st;
  guint8 *buf;
  gsize len, done = 0;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      *status = REVIEW_DECODER_IO;
      return NULL;
    }
  if (st.st_size == 0)
    {
      *status = REVIEW_DECODER_EMPTY;
      return NULL;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      *status = REVIEW_DECODER_TOO_LARGE;
      return NULL;
    }
  len = (gsize) st.st_size;
  buf = malloc (len);
  if (buf == NULL)
    {
      *status = REVIEW_DECODER_TOO_LARGE;
      return NULL;
    }
  while (done < len)
    {
      ssize_t r = pread (fd, buf + done, len - done, (off_t) done);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      done += (gsize) r;
    }
  if (done != len)
    {
      free (buf);
      *status = REVIEW_DECODER_IO;
      return NULL;
    }
  *len_out = len;
  return buf;
}

static gboolean
handle (int                         sock,
        int                         fd,
        const ReviewDecoderRequest *req)
{
  ReviewDecoderReply rep = { 0 };
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;
  guint8 *data;
  gsize len = 0;
  int read_status = 0;

  rep.orientation = 1;
  data = read_fd (fd, req->max_bytes, &len, &read_status);
  close (fd);
  if (data == NULL)
    return fail (sock, &rep, (ReviewDecoderStatus) read_status, NULL);

#ifdef REVIEW_TEST_HOOKS
  if (req->faults & REVIEW_DECODER_FAULT_CRASH)
    abort ();
  if (req->faults & REVIEW_DECODER_FAULT_HANG)
    for (;;)
      pause ();
  if (req->faults & REVIEW_DECODER_FAULT_OOM)
    for (;;)
      {
        /* Address space runs out at RLIMIT_AS, as with a real bomb. */
        volatile char *p = malloc (64 << 20);
        if (p == NULL)
          abort ();
        p[0] = 1;
      }
#endif

  review_decode_bytes (req, data, len, &rep, &text, &pixels);
  free (data);
  return reply (sock, &rep, text, pixels);
}

/* One request and its descriptor. FALSE at end of stream. */
static gboolean
receive (int                   sock,
         ReviewDecoderRequest *req,
         int                  *fd)
{
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int))];
  } control;
  struct iovec iov = { req, sizeof *req };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  ssize_t r;

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  do
    r = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
  while (r < 0 && errno == EINTR);
  if (r != (ssize_t) sizeof *req || req->magic != REVIEW_DECODER_MAGIC)
    return FALSE;
  *fd = -1;
  for (cmsg = CMSG_FIRSTHDR (&msg); cmsg; cmsg = CMSG_NXTHDR (&msg, cmsg))
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
      memcpy (fd, CMSG_DATA (cmsg), sizeof (int));
  return *fd >= 0;
}

static void
limit (int      resource,
       rlim_t   value)
{
  struct rlimit rl = { value, value };

  setrlimit (resource, &rl);
}

static GLogWriterOutput
discard_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  return G_LOG_WRITER_HANDLED;
}

#ifdef REVIEW_TEST_HOOKS
/* Test builds: --test-escape=before:WHAT or after:WHAT, --test-target=T.
 * Each request then runs the attempt instead of decoding and answers with
 * what happened; "before" never installs the filter, so that bubblewrap
 * alone is tried, "after" tries once the filter is in place. */
static char *escape_what;
static char *escape_target;
static gboolean escape_before;

static gboolean
handle_escape (int sock,
               int fd)
{
  ReviewDecoderReply rep = { 0 };
  g_autofree char *result = NULL;

  close (fd);
  result = review_decoder_escape_attempt (escape_what, escape_target);
  rep.orientation = 1;
  return fail (sock, &rep, REVIEW_DECODER_CORRUPT, result);
}
#endif

int
main (int    argc,
      char **argv)
{
  guint64 max_memory_mb = 1024;
  int max_files = 64;
  ReviewDecoderRequest req;
  int fd;

  gboolean probe = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--max-memory-mb="))
        max_memory_mb = g_ascii_strtoull (argv[i] + strlen ("--max-memory-mb="), NULL, 10);
      else if (g_str_equal (argv[i], "--probe"))
        probe = TRUE;
#ifdef REVIEW_TEST_HOOKS
      else if (g_str_has_prefix (argv[i], "--test-escape=before:"))
        escape_what = argv[i] + strlen ("--test-escape=before:"), escape_before = TRUE;
      else if (g_str_has_prefix (argv[i], "--test-escape=after:"))
        escape_what = argv[i] + strlen ("--test-escape=after:");
      else if (g_str_has_prefix (argv[i], "--test-target="))
        escape_target = argv[i] + strlen ("--test-target=");
#endif
    }

  /* Defence in depth: the parent set these limits too. */
  limit (RLIMIT_AS, (rlim_t) max_memory_mb << 20);
  limit (RLIMIT_NOFILE, (rlim_t) max_files);
  limit (RLIMIT_CORE, 0);
  limit (RLIMIT_FSIZE, 0);
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (chdir ("/") != 0)
    return 1;
  signal (SIGPIPE, SIG_IGN);

  /* Everything that reads files happens now, before the filter. Loaders
   * log warnings and criticals on bad files; GLib's own writer would then
   * read the time zone (a file) to stamp them. Nobody reads the decoder's
   * stderr (/dev/null), so its messages go nowhere, through no system call. */
  g_log_set_writer_func (discard_log, NULL, NULL);
  tzset ();
  review_decode_preload ();
  g_get_charset (NULL);
#ifdef REVIEW_TEST_HOOKS
  if (escape_what != NULL && escape_before)
    ; /* bubblewrap alone */
  else
#endif
  if (!review_decoder_seccomp_install () && probe)
    return 10;
  if (probe)
    return 0;

  while (receive (REVIEW_DECODER_FD, &req, &fd))
    {
      if (req.op != REVIEW_DECODER_OP_DECODE)
        {
          close (fd);
          return 2;
        }
#ifdef REVIEW_TEST_HOOKS
      if (escape_what != NULL)
        {
          if (!handle_escape (REVIEW_DECODER_FD, fd))
            return 3;
          continue;
        }
#endif
      if (!handle (REVIEW_DECODER_FD, fd, &req))
        return 3;
    }
  return 0;
}
