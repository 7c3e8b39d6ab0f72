/* fail-io.c: an LD_PRELOAD shim that makes file operations fail, for tests
 * that must see what a failure in the middle of writing leaves behind
 * (running as root, a read-only folder is no such failure).
 *
 *   REVIEW_FAIL_FSYNC=TEXT   fsync() of a file whose path holds TEXT fails
 *   REVIEW_FAIL_RENAME=TEXT  renameat2() to a path holding TEXT fails
 *
 * both with EIO, and a full disk:
 *
 *   REVIEW_FAIL_ENOSPC=TEXT        writes to files whose path holds TEXT
 *   REVIEW_FAIL_ENOSPC_AFTER=N     fail with ENOSPC once N bytes (0 by
 *                                  default) have been written to them
 *
 * as a full disk does: write(), pwrite(), pwrite64() and writev() write
 * what is left of the budget (a short write), then fail; fallocate(),
 * posix_fallocate() and ftruncate() that would grow such a file past the
 * budget fail. The budget is the process's, over all matching files.
 * Anything else goes to the C library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
/* The 64-bit names are defined below, each under its own name. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int
fsync (int fd)
{
  static int (*real) (int);
  const char *match = getenv ("REVIEW_FAIL_FSYNC");

  if (real == NULL)
    *(void **) &real = dlsym (RTLD_NEXT, "fsync");
  if (match != NULL && *match != '\0')
    {
      char link[64], path[4096];
      ssize_t n;

      snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
      n = readlink (link, path, sizeof path - 1);
      if (n > 0)
        {
          path[n] = '\0';
          if (strstr (path, match) != NULL)
            {
              errno = EIO;
              return -1;
            }
        }
    }
  return real (fd);
}

int
renameat2 (int          olddirfd,
           const char  *oldpath,
           int          newdirfd,
           const char  *newpath,
           unsigned int flags)
{
  static int (*real) (int, const char *, int, const char *, unsigned int);
  const char *match = getenv ("REVIEW_FAIL_RENAME");

  if (real == NULL)
    *(void **) &real = dlsym (RTLD_NEXT, "renameat2");
  if (match != NULL && *match != '\0' && strstr (newpath, match) != NULL)
    {
      errno = EIO;
      return -1;
    }
  return real (olddirfd, oldpath, newdirfd, newpath, flags);
}

/* --- a full disk ----------------------------------------------------- */

static long long enospc_left = -1;   /* -1: not read yet */

static int
enospc_applies (int fd)
{
  const char *match = getenv ("REVIEW_FAIL_ENOSPC");
  char link[64], path[4096];
  ssize_t n;

  if (match == NULL || *match == '\0')
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n <= 0)
    return 0;
  path[n] = '\0';
  if (strstr (path, match) == NULL)
    return 0;
  if (__atomic_load_n (&enospc_left, __ATOMIC_SEQ_CST) < 0)
    {
      const char *after = getenv ("REVIEW_FAIL_ENOSPC_AFTER");
      long long budget = after != NULL ? atoll (after) : 0;
      long long unset = -1;

      __atomic_compare_exchange_n (&enospc_left, &unset, budget < 0 ? 0 : budget, 0,
                                   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
  return 1;
}

/* How many of @want bytes may still be written: 0 means ENOSPC. */
static size_t
enospc_take (size_t want)
{
  long long left = __atomic_load_n (&enospc_left, __ATOMIC_SEQ_CST);

  for (;;)
    {
      long long grant = (long long) want < left ? (long long) want : left;

      if (grant <= 0)
        return 0;
      if (__atomic_compare_exchange_n (&enospc_left, &left, left - grant, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return (size_t) grant;
    }
}

/* Growing @fd to @length: allowed (1) while the budget lasts. */
static int
enospc_grow (int   fd,
             off_t length)
{
  struct stat st;

  if (fstat (fd, &st) != 0 || length <= st.st_size)
    return 1;
  return enospc_take ((size_t) (length - st.st_size)) == (size_t) (length - st.st_size);
}

/* A write of *@count bytes to @fd: cut to what the budget allows, or -1
 * with ENOSPC when nothing is left. */
static int
enospc_clip (int     fd,
             size_t *count)
{
  if (*count > 0 && enospc_applies (fd))
    {
      *count = enospc_take (*count);
      if (*count == 0)
        {
          errno = ENOSPC;
          return -1;
        }
    }
  return 0;
}

#define REAL(name) \
  static __typeof__ (name) *real; \
  if (real == NULL) \
    *(void **) &real = dlsym (RTLD_NEXT, #name)

ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  REAL (write);
  if (enospc_clip (fd, &count) < 0)
    return -1;
  return real (fd, buf, count);
}

ssize_t
pwrite (int         fd,
        const void *buf,
        size_t      count,
        off_t       offset)
{
  REAL (pwrite);
  if (enospc_clip (fd, &count) < 0)
    return -1;
  return real (fd, buf, count, offset);
}

ssize_t
pwrite64 (int         fd,
          const void *buf,
          size_t      count,
          off64_t     offset)
{
  REAL (pwrite64);
  if (enospc_clip (fd, &count) < 0)
    return -1;
  return real (fd, buf, count, offset);
}

ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 iovcnt)
{
  REAL (writev);
  if (enospc_applies (fd))
    {
      size_t total = 0, grant;

      for (int i = 0; i < iovcnt; i++)
        total += iov[i].iov_len;
      if (total > 0)
        {
          grant = enospc_take (total);
          if (grant == 0)
            {
              errno = ENOSPC;
              return -1;
            }
          if (grant < total)
            {
              /* The part that fits, from the first buffers. */
              static ssize_t (*real_write) (int, const void *, size_t);
              ssize_t done = 0;

              if (real_write == NULL)
                *(void **) &real_write = dlsym (RTLD_NEXT, "write");
              for (int i = 0; i < iovcnt && grant > 0; i++)
                {
                  size_t len = iov[i].iov_len < grant ? iov[i].iov_len : grant;
                  ssize_t w = real_write (fd, iov[i].iov_base, len);
                  if (w < 0)
                    return done > 0 ? done : -1;
                  done += w;
                  grant -= (size_t) w;
                }
              return done;
            }
        }
    }
  return real (fd, iov, iovcnt);
}

int
fallocate (int   fd,
           int   mode,
           off_t offset,
           off_t len)
{
  REAL (fallocate);
  if (enospc_applies (fd) && !enospc_grow (fd, offset + len))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, mode, offset, len);
}

int
fallocate64 (int     fd,
             int     mode,
             off64_t offset,
             off64_t len)
{
  REAL (fallocate64);
  if (enospc_applies (fd) && !enospc_grow (fd, offset + len))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, mode, offset, len);
}

int
posix_fallocate (int   fd,
                 off_t offset,
                 off_t len)
{
  REAL (posix_fallocate);
  if (enospc_applies (fd) && !enospc_grow (fd, offset + len))
    return ENOSPC;
  return real (fd, offset, len);
}

int
posix_fallocate64 (int     fd,
                   off64_t offset,
                   off64_t len)
{
  REAL (posix_fallocate64);
  if (enospc_applies (fd) && !enospc_grow (fd, offset + len))
    return ENOSPC;
  return real (fd, offset, len);
}

int
ftruncate (int   fd,
           off_t length)
{
  REAL (ftruncate);
  if (enospc_applies (fd) && !enospc_grow (fd, length))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, length);
}

int
ftruncate64 (int     fd,
             off64_t length)
{
  REAL (ftruncate64);
  if (enospc_applies (fd) && !enospc_grow (fd, length))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, length);
}
