/* review-decoder.c: the only place Review parses untrusted image bytes
 *
 * A long-lived helper process started by the importer's decoder pool. It
 * runs with an empty environment, resource limits (address space, open
 * files, no core dumps), no new privileges and "/" as its folder; it is
 * handed one file descriptor at a time over its socket (fd 3), never a path,
 * and never sees the vault. For each file it: checks the magic bytes and
 * forces the matching GdkPixbuf loader; reads the pixel size from the header
 * and refuses images over the limit before any large allocation; refuses
 * truncated JPEG and PNG files (GdkPixbuf accepts a JPEG cut short and
 * returns grey); parses EXIF; applies the EXIF orientation; scales; and
 * answers with packed RGB pixels.
 *
 * The process is built to be sandboxed further (seccomp) in a later step:
 * after start-up it needs only recvmsg, read, write, close, mmap/munmap/brk.
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
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libexif/exif-data.h>

#include "review-decoder-protocol.h"

typedef struct
{
  const ReviewDecoderRequest *req;
  gboolean                    too_large;
  int                         orig_width;
  int                         orig_height;
} LoadState;

static guint16
be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The frame header gives the size; an end-of-image marker after the first
 * scan proves the file is whole (FF D9 cannot occur inside entropy-coded
 * data, where every FF is followed by 00 or a restart marker). */
static ReviewDecoderStatus
check_jpeg (const guint8 *data,
            gsize         len,
            guint32      *w,
            guint32      *h)
{
  gsize i = 2;
  gsize sos = 0;

  *w = *h = 0;
  while (i + 4 <= len)
    {
      guint8 marker;

      if (data[i] != 0xFF)
        return REVIEW_DECODER_CORRUPT;
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        {
          i += 2;
          continue;
        }
      if (marker == 0xD9)
        return REVIEW_DECODER_CORRUPT;
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
          marker != 0xCC && i + 9 <= len)
        {
          *h = be16 (data + i + 5);
          *w = be16 (data + i + 7);
        }
      if (marker == 0xDA)
        {
          sos = i + 2 + be16 (data + i + 2);
          break;
        }
      i += 2 + (gsize) be16 (data + i + 2);
    }
  if (*w == 0 || *h == 0)
    return sos == 0 ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
  if (sos == 0 || sos >= len)
    return REVIEW_DECODER_TRUNCATED;
  for (gsize k = len - 1; k > sos; k--)
    if (data[k] == 0xD9 && data[k - 1] == 0xFF)
      return REVIEW_DECODER_OK;
  return REVIEW_DECODER_TRUNCATED;
}

static ReviewDecoderStatus
check_png (const guint8 *data,
           gsize         len,
           guint32      *w,
           guint32      *h)
{
  static const guint8 iend[] = { 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };
  gsize from;

  *w = *h = 0;
  if (len < 33 || memcmp (data + 12, "IHDR", 4) != 0)
    return len < 33 ? REVIEW_DECODER_TRUNCATED : REVIEW_DECODER_CORRUPT;
  *w = be32 (data + 16);
  *h = be32 (data + 20);
  if (*w == 0 || *h == 0)
    return REVIEW_DECODER_CORRUPT;
  /* IEND must be there, near the end (allowing a little trailing padding). */
  from = len > 4096 + sizeof iend ? len - 4096 - sizeof iend : 33;
  for (gsize k = len - sizeof iend + 1; k-- > from;)
    if (memcmp (data + k, iend, sizeof iend) == 0)
      return REVIEW_DECODER_OK;
  return REVIEW_DECODER_TRUNCATED;
}

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  LoadState *st = user_data;
  guint32 edge = st->req->max_edge;

  st->orig_width = width;
  st->orig_height = height;
  if ((guint64) width * (guint64) height > st->req->max_pixels)
    {
      st->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  if (edge > 0 && (width > (int) edge || height > (int) edge))
    {
      double scale = (double) edge / MAX (width, height);
      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)));
    }
}

/* "capture time\ncamera", from EXIF where present (JPEG). */
static char *
exif_summary (const guint8 *data,
              gsize         len,
              guint32      *orientation)
{
  ExifData *ed = exif_data_new_from_data (data, (unsigned int) MIN (len, 256 * 1024));
  char capture[64] = "", make[64] = "", model[64] = "";
  ExifEntry *e;

  if (ed == NULL)
    return g_strdup ("\n");
  if ((e = exif_data_get_entry (ed, EXIF_TAG_DATE_TIME_ORIGINAL)) != NULL ||
      (e = exif_data_get_entry (ed, EXIF_TAG_DATE_TIME)) != NULL)
    exif_entry_get_value (e, capture, sizeof capture);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_MAKE)) != NULL)
    exif_entry_get_value (e, make, sizeof make);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_MODEL)) != NULL)
    exif_entry_get_value (e, model, sizeof model);
  if ((e = exif_data_get_entry (ed, EXIF_TAG_ORIENTATION)) != NULL &&
      e->format == EXIF_FORMAT_SHORT && e->components == 1 && e->size >= 2)
    {
      ExifShort o = exif_get_short (e->data, exif_data_get_byte_order (ed));
      if (o >= 1 && o <= 8)
        *orientation = o;
    }
  exif_data_unref (ed);

  /* Text from an untrusted file: keep it valid UTF-8 and printable. */
  {
    g_autofree char *cam = g_strstrip (g_strdup_printf ("%s %s", make,
                                                        g_str_has_prefix (model, make) ?
                                                        model + strlen (make) : model));
    g_autofree char *text = g_strdup_printf ("%s\n%s", g_strstrip (capture), g_strstrip (cam));
    g_autofree char *valid = g_utf8_make_valid (text, -1);
    for (char *p = valid; *p; p++)
      if ((guchar) *p < 0x20 && *p != '\n')
        *p = ' ';
    return g_steal_pointer (&valid);
  }
}

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
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exif = NULL;
  g_autofree guint8 *packed = NULL;
  LoadState st = { req, FALSE, 0, 0 };
  ReviewDecoderStatus status;
  GdkPixbuf *pixbuf, *out;
  guint32 hw = 0, hh = 0;
  const char *loader_name;
  guint8 *data;
  gsize len = 0;
  int read_status = 0;
  gboolean ok;

  rep.orientation = 1;
  data = read_fd (fd, req->max_bytes, &len, &read_status);
  close (fd);
  if (data == NULL)
    return fail (sock, &rep, (ReviewDecoderStatus) read_status, NULL);

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

  rep.format = review_image_format_sniff (data, len);
  loader_name = review_image_format_loader_name (rep.format);
  if (loader_name == NULL)
    {
      free (data);
      return fail (sock, &rep, REVIEW_DECODER_UNKNOWN_FORMAT, NULL);
    }

  status = REVIEW_DECODER_OK;
  if (rep.format == REVIEW_FORMAT_JPEG)
    status = check_jpeg (data, len, &hw, &hh);
  else if (rep.format == REVIEW_FORMAT_PNG)
    status = check_png (data, len, &hw, &hh);
  rep.orig_width = hw;
  rep.orig_height = hh;
  if (hw > 0 && hh > 0 && (guint64) hw * hh > req->max_pixels)
    status = REVIEW_DECODER_TOO_LARGE;
  if (status != REVIEW_DECODER_OK)
    {
      free (data);
      return fail (sock, &rep, status, NULL);
    }

  if (rep.format == REVIEW_FORMAT_JPEG)
    exif = exif_summary (data, len, &rep.orientation);

  loader = gdk_pixbuf_loader_new_with_type (loader_name, &error);
  if (loader == NULL)
    {
      free (data);
      return fail (sock, &rep, REVIEW_DECODER_NO_LOADER, error->message);
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &st);
  ok = gdk_pixbuf_loader_write (loader, data, len, &error);
  free (data);
  if (!ok || st.too_large)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      if (st.too_large)
        return fail (sock, &rep, REVIEW_DECODER_TOO_LARGE, NULL);
      return fail (sock, &rep, REVIEW_DECODER_CORRUPT, error ? error->message : NULL);
    }
  if (!gdk_pixbuf_loader_close (loader, &error))
    return fail (sock, &rep, REVIEW_DECODER_CORRUPT, error->message);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || st.too_large)
    return fail (sock, &rep, st.too_large ? REVIEW_DECODER_TOO_LARGE : REVIEW_DECODER_CORRUPT,
                 NULL);
  if (rep.orig_width == 0)
    {
      rep.orig_width = (guint32) st.orig_width;
      rep.orig_height = (guint32) st.orig_height;
    }

  /* The loader records EXIF orientation as the "orientation" option. */
  {
    const char *opt = gdk_pixbuf_get_option (pixbuf, "orientation");
    if (opt != NULL && opt[0] >= '1' && opt[0] <= '8' && opt[1] == '\0')
      rep.orientation = (guint32) (opt[0] - '0');
  }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  out = oriented;

  if (req->max_edge > 0 && (gdk_pixbuf_get_width (out) > (int) req->max_edge ||
                            gdk_pixbuf_get_height (out) > (int) req->max_edge))
    {
      double scale = (double) req->max_edge / MAX (gdk_pixbuf_get_width (out),
                                                   gdk_pixbuf_get_height (out));
      scaled = gdk_pixbuf_scale_simple (out, MAX (1, (int) (gdk_pixbuf_get_width (out) * scale)),
                                        MAX (1, (int) (gdk_pixbuf_get_height (out) * scale)),
                                        GDK_INTERP_BILINEAR);
      out = scaled;
    }

  /* Packed RGB; transparency is flattened onto mid grey. */
  {
    int w = gdk_pixbuf_get_width (out);
    int h = gdk_pixbuf_get_height (out);
    int n = gdk_pixbuf_get_n_channels (out);
    int stride = gdk_pixbuf_get_rowstride (out);
    const guint8 *src = gdk_pixbuf_read_pixels (out);

    if (gdk_pixbuf_get_bits_per_sample (out) != 8 || (n != 3 && n != 4))
      return fail (sock, &rep, REVIEW_DECODER_CORRUPT, NULL);
    packed = g_malloc ((gsize) w * h * 3);
    for (int y = 0; y < h; y++)
      {
        const guint8 *s = src + (gsize) y * stride;
        guint8 *d = packed + (gsize) y * w * 3;
        for (int x = 0; x < w; x++, s += n, d += 3)
          {
            if (n == 4)
              {
                guint a = s[3];
                d[0] = (guint8) ((s[0] * a + 128 * (255 - a)) / 255);
                d[1] = (guint8) ((s[1] * a + 128 * (255 - a)) / 255);
                d[2] = (guint8) ((s[2] * a + 128 * (255 - a)) / 255);
              }
            else
              memcpy (d, s, 3);
          }
      }
    rep.width = (guint32) w;
    rep.height = (guint32) h;
    rep.pixel_len = (guint64) w * h * 3;
  }
  rep.status = REVIEW_DECODER_OK;
  return reply (sock, &rep, exif ? exif : "\n", packed);
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

int
main (int    argc,
      char **argv)
{
  guint64 max_memory_mb = 1024;
  int max_files = 64;
  ReviewDecoderRequest req;
  int fd;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--max-memory-mb="))
        max_memory_mb = g_ascii_strtoull (argv[i] + strlen ("--max-memory-mb="), NULL, 10);
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

  while (receive (REVIEW_DECODER_FD, &req, &fd))
    {
      if (req.op != REVIEW_DECODER_OP_DECODE)
        {
          close (fd);
          return 2;
        }
      if (!handle (REVIEW_DECODER_FD, fd, &req))
        return 3;
    }
  return 0;
}
