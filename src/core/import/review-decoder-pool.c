/* review-decoder-pool.c
 *
 * Untrusted image bytes are parsed only in review-decoder processes. Each
 * worker is started with an empty environment, limits on address space and
 * open files, and a Unix socket as its only channel; it gets one file
 * descriptor per request. RLIMIT_CPU is cumulative over a process's life, so
 * it cannot bound one file in a long-lived worker: a watchdog here does,
 * killing a worker that takes too long. A worker that crashes, hangs or runs
 * out of memory costs one file (rejected with a reason) and is replaced;
 * workers are also recycled after a number of files.
 *
 * review_decoder_pool_decode() is blocking and thread-safe: the importer
 * calls it from as many threads as there are workers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "review-decoder-pool.h"
#include "review-decoder-reply.h"
#include "review-sandbox.h"

#define FILES_PER_WORKER 400
#define MAX_MEMORY_MB    1536

G_DEFINE_QUARK (review-decode-error-quark, review_decode_error)

typedef struct
{
  GPid      pid;
  int       sock;
  guint     n_done;
  gboolean  sandboxed;    /* pid is bubblewrap's */
} Worker;

struct _ReviewDecoderPool
{
  char        *helper_path;
  GAsyncQueue *idle;         /* Worker* ready for a request */
  guint        n_workers;
  guint        timeout_s;
  guint        spawned;      /* atomic: processes started so far */
  gint         ref_count;
};

static void
child_setup (gpointer data)
{
  /* After fork, before exec: async-signal-safe calls only. */
  struct rlimit as = { (rlim_t) MAX_MEMORY_MB << 20, (rlim_t) MAX_MEMORY_MB << 20 };
  struct rlimit files = { 64, 64 };
  struct rlimit core = { 0, 0 };

  setrlimit (RLIMIT_AS, &as);
  setrlimit (RLIMIT_NOFILE, &files);
  setrlimit (RLIMIT_CORE, &core);
}

/* The decoder's own arguments; in test builds, the escape attempts that
 * tests/test-sandbox.sh asks for (see src/decoder/review-decoder-escape.c). */
static GStrv
decoder_args (void)
{
  GPtrArray *b = g_ptr_array_new ();

  g_ptr_array_add (b, g_strdup_printf ("--max-memory-mb=%d", MAX_MEMORY_MB));
#ifdef REVIEW_TEST_HOOKS
  {
    const char *escape = g_getenv ("REVIEW_TEST_DECODER_ESCAPE");
    const char *target = g_getenv ("REVIEW_TEST_DECODER_ESCAPE_TARGET");

    if (escape != NULL && *escape != '\0')
      {
        g_ptr_array_add (b, g_strdup_printf ("--test-escape=%s", escape));
        if (g_strcmp0 (target, "parent") == 0)
          g_ptr_array_add (b, g_strdup_printf ("--test-target=%d", (int) getpid ()));
        else if (target != NULL)
          g_ptr_array_add (b, g_strdup_printf ("--test-target=%s", target));
      }
  }
#endif
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

static Worker *
worker_spawn (ReviewDecoderPool  *pool,
              GError            **error)
{
  ReviewSandboxStatus sandbox = review_sandbox_probe (pool->helper_path);
  g_auto(GStrv) args = decoder_args ();
  g_auto(GStrv) argv = review_sandbox_argv (pool->helper_path, sandbox.namespaces,
                                            (const char * const *) args);
  char *envp[] = { NULL };
  int pair[2];
  int source_fds[1];
  int target_fds[1] = { REVIEW_DECODER_FD };
  g_autoptr(GError) local_error = NULL;
  Worker *w;
  GPid pid;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
      int saved = errno;
      g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_NO_HELPER,
                   _("Could not start the image decoder: %s"), g_strerror (saved));
      return NULL;
    }
  source_fds[0] = pair[1];
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv,
                                         (const char * const *) envp,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                         G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
                                         child_setup, NULL, -1, -1, -1,
                                         source_fds, target_fds, 1,
                                         &pid, NULL, NULL, NULL, &local_error))
    {
      close (pair[0]);
      close (pair[1]);
      g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_NO_HELPER,
                   _("Could not start the image decoder “%s”: %s"), pool->helper_path,
                   local_error->message);
      return NULL;
    }
  close (pair[1]);
  g_atomic_int_inc (&pool->spawned);
  w = g_new0 (Worker, 1);
  w->pid = pid;
  w->sock = pair[0];
  w->sandboxed = sandbox.namespaces;
  return w;
}

/* Returns the signal that ended the decoder (0 if none, or if it had to be
 * killed here), for the rejection message. A decoder whose socket closed has
 * usually died already: it (or bubblewrap, which reports a child killed by
 * signal N as exit 128 + N) is given a moment to be reaped before SIGKILL,
 * so that its own cause of death is the one reported. */
static int
worker_kill (Worker   *w,
             gboolean  dead_already)
{
  int status = 0;
  pid_t r = 0;
  int sig;

  if (w == NULL)
    return 0;
  if (w->sock >= 0)
    close (w->sock);
  for (int i = 0; dead_already && i < 50; i++)
    {
      r = waitpid (w->pid, &status, WNOHANG);
      if (r != 0)
        break;
      g_usleep (10 * 1000);
    }
  if (r <= 0)
    {
      kill (w->pid, SIGKILL);
      while (waitpid (w->pid, &status, 0) < 0 && errno == EINTR)
        ;
      status = 0;
    }
  sig = review_sandbox_term_signal (status, w->sandboxed);
  g_spawn_close_pid (w->pid);
  g_free (w);
  return sig;
}

/* A polite end: closing the socket makes the helper exit. */
static void
worker_retire (Worker *w)
{
  int status;

  close (w->sock);
  w->sock = -1;
  if (waitpid (w->pid, &status, 0) < 0)
    kill (w->pid, SIGKILL);
  g_spawn_close_pid (w->pid);
  g_free (w);
}

ReviewDecoderPool *
review_decoder_pool_new (const char  *helper_path,
                         guint        n_workers,
                         GError     **error)
{
  ReviewDecoderPool *pool;

  g_return_val_if_fail (helper_path != NULL, NULL);

  if (!g_file_test (helper_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_NO_HELPER,
                   _("The image decoder “%s” is missing. Reinstall Review."), helper_path);
      return NULL;
    }
  pool = g_new0 (ReviewDecoderPool, 1);
  pool->helper_path = g_strdup (helper_path);
  pool->n_workers = MAX (1, n_workers);
  pool->timeout_s = 20;
  pool->idle = g_async_queue_new ();
  pool->ref_count = 1;
  /* Slots: NULL-free queue, so a "slot" with no process yet is a Worker
   * with pid 0, spawned on first use. */
  for (guint i = 0; i < pool->n_workers; i++)
    g_async_queue_push (pool->idle, g_new0 (Worker, 1));
  return pool;
}

void
review_decoder_pool_set_timeout (ReviewDecoderPool *pool,
                                 guint              seconds)
{
  pool->timeout_s = MAX (1, seconds);
}

guint
review_decoder_pool_get_spawned (ReviewDecoderPool *pool)
{
  return (guint) g_atomic_int_get (&pool->spawned);
}

void
review_decoder_pool_free (ReviewDecoderPool *pool)
{
  Worker *w;

  if (pool == NULL)
    return;
  for (guint i = 0; i < pool->n_workers; i++)
    {
      w = g_async_queue_pop (pool->idle);
      if (w->pid != 0)
        worker_retire (w);
      else
        g_free (w);
    }
  g_async_queue_unref (pool->idle);
  g_free (pool->helper_path);
  g_free (pool);
}

ReviewDecoderPool *
review_decoder_pool_ref (ReviewDecoderPool *pool)
{
  g_atomic_int_inc (&pool->ref_count);
  return pool;
}

/* The last reference stops the helpers. */
void
review_decoder_pool_unref (ReviewDecoderPool *pool)
{
  if (pool != NULL && g_atomic_int_dec_and_test (&pool->ref_count))
    review_decoder_pool_free (pool);
}

void
review_decoded_image_free (ReviewDecodedImage *image)
{
  if (image == NULL)
    return;
  g_free (image->capture_time);
  g_free (image->camera);
  g_clear_pointer (&image->pixels, g_bytes_unref);
  g_free (image);
}

static gboolean
send_request (int                         sock,
              const ReviewDecoderRequest *req,
              int                         fd)
{
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int))];
  } control;
  struct iovec iov = { (void *) req, sizeof *req };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  ssize_t r;

  memset (&control, 0, sizeof control);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &fd, sizeof (int));
  do
    r = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r == (ssize_t) sizeof *req;
}

/* The variant a decoder names in an UNSUPPORTED reply, as a translated
 * phrase. The code comes from a decoder that an image may own: it is only
 * ever compared with this fixed list, never shown. */
static const char *
unsupported_variant (const char *code)
{
  static const struct
  {
    const char *code;
    const char *phrase;
  } variants[] = {
    { "jpeg-12bit", N_("12-bit JPEG") },
    { "jpeg-16bit", N_("16-bit JPEG") },
    { "jpeg-precision", N_("JPEG with a precision other than 8 bits") },
    { "jpeg-lossless", N_("lossless JPEG") },
    { "jpeg-hierarchical", N_("hierarchical JPEG") },
    { "tiff-16bit", N_("16-bit TIFF") },
    { "tiff-32bit", N_("32-bit TIFF") },
    { "tiff-cmyk-16bit", N_("16-bit CMYK TIFF") },
    { "tiff-12bit", N_("12-bit TIFF") },
    { "tiff-bits", N_("TIFF with an uncommon number of bits per sample") },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (variants); i++)
    if (strcmp (code, variants[i].code) == 0)
      return _(variants[i].phrase);
  return _("this variant of the format");
}

static void
set_status_error (GError              **error,
                  ReviewDecoderStatus   status,
                  const char           *detail)
{
  switch (status)
    {
    case REVIEW_DECODER_EMPTY:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_EMPTY,
                           _("The file is empty."));
      break;
    case REVIEW_DECODER_UNKNOWN_FORMAT:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNKNOWN_FORMAT,
                           _("Not a JPEG, PNG, TIFF or WebP image (checked by its content, not "
                             "its name)."));
      break;
    case REVIEW_DECODER_TRUNCATED:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TRUNCATED,
                           _("The image is truncated: its end is missing."));
      break;
    case REVIEW_DECODER_TOO_LARGE:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TOO_LARGE,
                           _("The image is larger than the pixel limit."));
      break;
    case REVIEW_DECODER_NO_LOADER:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNKNOWN_FORMAT,
                           _("This image format cannot be decoded on this computer."));
      break;
    case REVIEW_DECODER_UNSUPPORTED:
      g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNSUPPORTED,
                   /* Translators: %s names a kind of image, such as "12-bit JPEG" */
                   _("Unsupported: %s."), unsupported_variant (detail));
      break;
    case REVIEW_DECODER_IO:
      g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_IO,
                           _("The file could not be read."));
      break;
    case REVIEW_DECODER_CORRUPT:
    case REVIEW_DECODER_OK:
    default:
      if (detail != NULL && *detail != '\0')
        g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CORRUPT,
                     _("The image is damaged (%s)."), detail);
      else
        g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CORRUPT,
                             _("The image is damaged."));
      break;
    }
}

/**
 * review_decoder_pool_decode:
 * @fd: a descriptor of the file, open for reading; not closed here
 * @max_edge: the long edge of the pixels to return; 0 for full size
 * @max_pixels: images over this many pixels are rejected from the header
 * @faults: test-only faults for the helper; 0 in normal use
 */
ReviewDecodedImage *
review_decoder_pool_decode (ReviewDecoderPool  *pool,
                            int                 fd,
                            guint               max_edge,
                            guint64             max_pixels,
                            guint32             faults,
                            GError            **error)
{
  ReviewDecoderRequest req = { 0 };
  ReviewDecoderReply rep = { 0 };
  ReviewDecodedImage *image = NULL;
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;
  gint64 deadline;
  Worker *w;
  ReviewDecoderRead r;

  g_return_val_if_fail (pool != NULL && fd >= 0, NULL);

  w = g_async_queue_pop (pool->idle);
  if (w->pid == 0 || w->n_done >= FILES_PER_WORKER)
    {
      Worker *fresh;

      if (w->pid != 0)
        worker_retire (w);
      else
        g_free (w);
      fresh = worker_spawn (pool, error);
      if (fresh == NULL)
        {
          g_async_queue_push (pool->idle, g_new0 (Worker, 1));
          return NULL;
        }
      w = fresh;
    }

  req.magic = REVIEW_DECODER_MAGIC;
  req.op = REVIEW_DECODER_OP_DECODE;
  req.max_edge = max_edge;
  req.faults = faults;
  req.max_pixels = max_pixels;
  req.max_bytes = 2ull << 30;
  deadline = g_get_monotonic_time () + (gint64) pool->timeout_s * G_USEC_PER_SEC;

  if (!send_request (w->sock, &req, fd))
    r = REVIEW_DECODER_READ_EOF;
  else
    r = review_decoder_read_reply (w->sock, deadline, max_edge, max_pixels,
                                   &rep, &text, &pixels);

  if (r != REVIEW_DECODER_READ_OK)
    {
      int sig = worker_kill (w, r == REVIEW_DECODER_READ_EOF);

      g_async_queue_push (pool->idle, g_new0 (Worker, 1));
      if (r == REVIEW_DECODER_READ_TIMEOUT)
        g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_TIMED_OUT,
                     _("Decoding took longer than %u seconds; the decoder was stopped."),
                     pool->timeout_s);
      else if (r == REVIEW_DECODER_READ_NONSENSE)
        g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CRASHED,
                             _("The image decoder answered with nonsense and was stopped."));
      else if (sig == SIGSYS)
        g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_SANDBOX,
                             _("The image decoder tried to do something its sandbox forbids and "
                               "was stopped (sandbox violation). The file may be hostile."));
      else if (sig != 0 && sig != SIGKILL)
        g_set_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CRASHED,
                     _("The image decoder crashed on this file (signal %d)."), sig);
      else
        g_set_error_literal (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CRASHED,
                             _("The image decoder stopped on this file (out of memory or "
                               "crashed)."));
      return NULL;
    }

  w->n_done++;
  g_async_queue_push (pool->idle, w);

  if (rep.status != REVIEW_DECODER_OK)
    {
      set_status_error (error, (ReviewDecoderStatus) rep.status, text);
      return NULL;
    }

  image = g_new0 (ReviewDecodedImage, 1);
  image->format = (ReviewImageFormat) rep.format;
  image->orig_width = rep.orig_width;
  image->orig_height = rep.orig_height;
  image->orientation = rep.orientation >= 1 && rep.orientation <= 8 ? rep.orientation : 1;
  image->width = rep.width;
  image->height = rep.height;
  image->damage = (ReviewDecoderDamage) rep.damage;
  image->damage_row = rep.damage_row;
  {
    char *nl = text ? strchr (text, '\n') : NULL;
    image->capture_time = nl ? g_strndup (text, (gsize) (nl - text)) : g_strdup ("");
    image->camera = nl ? g_strdup (nl + 1) : g_strdup ("");
  }
  image->pixels = g_bytes_new_take (g_steal_pointer (&pixels), rep.pixel_len);
  return image;
}
