/* review-durable.c: files that reach the disk whole
 *
 * A file that must never be seen half-written (a report, an export) is
 * written to a new hidden file ".BASE.XXXXXX" (mode 0600) in the folder of
 * its destination and synced (review_durable_write_temp()); the caller then
 * renames it into place, in its own way (replacing or not, after its audit
 * event), and syncs the folder so that the rename too reaches the disk
 * (review_durable_sync_dir()). Killed at any moment, this leaves at most
 * the hidden temporary file, never a partial one under the real name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "review-durable.h"
#include "review-error.h"
#include "review-text.h"

/**
 * review_durable_write_fd:
 *
 * Writes all of @bytes to @fd, then fsync()s it.
 *
 * Returns: FALSE with errno set when a write or the sync failed.
 */
gboolean
review_durable_write_fd (int     fd,
                         GBytes *bytes)
{
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  while (len > 0)
    {
      gssize n = write (fd, p, MIN (len, (gsize) 1 << 20));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return fsync (fd) == 0;
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_autofree char *display = NULL;

  if (error == NULL)
    return;
  display = review_text_quote (path, -1);
  /* Translators: the first %s is a file, the second why writing failed */
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not write “%s”: %s"), display,
               g_strerror (saved_errno));
}

/**
 * review_durable_write_temp:
 * @dir: the destination's folder
 * @base: the destination's name
 *
 * A new hidden file ".@base.XXXXXX" in @dir, mode 0600, holding @bytes, on
 * disk.
 *
 * Returns: (transfer full): its path, or %NULL with @error set (naming @dir
 *   when the file could not be made, else the file, which is removed) and
 *   errno saying why.
 */
char *
review_durable_write_temp (const char  *dir,
                           const char  *base,
                           GBytes      *bytes,
                           GError     **error)
{
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      set_io_error (error, saved, dir);
      errno = saved;
      return NULL;
    }
  if (!review_durable_write_fd (fd, bytes))
    {
      saved = errno;
      set_io_error (error, saved, path);
      close (fd);
      g_unlink (path);
      errno = saved;
      return NULL;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (path);
      set_io_error (error, saved, path);
      errno = saved;
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* Syncs the folder @dir, so that a rename in it reaches the disk. Some file
 * systems cannot sync a folder (EINVAL); the files are synced. */
void
review_durable_sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}
