/* fail-io.c: an LD_PRELOAD shim that makes file operations fail, for tests
 * that must see what a failure in the middle of writing leaves behind
 * (running as root, a read-only folder is no such failure).
 *
 *   REVIEW_FAIL_FSYNC=TEXT   fsync() of a file whose path holds TEXT fails
 *   REVIEW_FAIL_RENAME=TEXT  renameat2() to a path holding TEXT fails
 *
 * both with EIO. Anything else goes to the C library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
