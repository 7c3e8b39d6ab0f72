/* review-decoder-escape.c: what a decoder owned by a hostile image would try
 *
 * Compiled only into builds with -Dtest_hooks=true. tests/test-sandbox.sh
 * starts decoders that run one of these attempts from inside the real
 * sandbox, once before the system-call filter is in place (the namespaces
 * alone must stop it: the call fails) and once after (the filter must stop
 * it: the process dies with SIGSYS). Each attempt goes as far as it can and
 * leaves a trace the test looks for outside (a file written, a connection
 * accepted, a keyring item read, a stopped parent).
 *
 *   bus     connect to the session bus socket at TARGET (a path, or @NAME
 *           for an abstract socket) and say hello
 *   home    open the folder TARGET (the user's home) and list it
 *   net     open a TCP socket and connect to 127.0.0.1:TARGET
 *   write   create the file TARGET
 *   exec    fork, and in the child run /bin/sh -c "echo escaped > TARGET"
 *   ptrace  attach to the process TARGET (the importer that started it)
 *
 * Returns a line for the reply: "held: WHAT: REASON" when the attempt
 * failed, "ESCAPED: WHAT" when it did not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "review-decoder-escape.h"

static char *
held (const char *what,
      int         err)
{
  return g_strdup_printf ("held: %s: %s", what, g_strerror (err));
}

static char *
try_bus (const char *path)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  int s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (s < 0)
    return held ("bus", errno);
  /* "@NAME": an abstract socket (they live in the network namespace). */
  if (path[0] == '@')
    g_strlcpy (sa.sun_path + 1, path + 1, sizeof sa.sun_path - 1);
  else
    g_strlcpy (sa.sun_path, path, sizeof sa.sun_path);
  if (connect (s, (struct sockaddr *) &sa,
               path[0] == '@' ? (socklen_t) (offsetof (struct sockaddr_un, sun_path) + strlen (path))
                              : (socklen_t) sizeof sa) != 0)
    {
      int err = errno;
      close (s);
      return held ("bus", err);
    }
  /* The first bytes of a D-Bus handshake: proof that the bus answered. */
  if (write (s, "\0AUTH EXTERNAL 30\r\n", 19) != 19)
    {
      int err = errno;
      close (s);
      return held ("bus", err);
    }
  close (s);
  return g_strdup ("ESCAPED: bus");
}

static char *
try_home (const char *path)
{
  DIR *d = opendir (path);
  struct dirent *e;
  int n = 0;

  if (d == NULL)
    return held ("home", errno);
  while ((e = readdir (d)) != NULL)
    n++;
  closedir (d);
  return g_strdup_printf ("ESCAPED: home (%d entries)", n);
}

static char *
try_net (const char *port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET };
  int s = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (s < 0)
    return held ("net", errno);
  sa.sin_port = htons ((guint16) g_ascii_strtoull (port, NULL, 10));
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (s, (struct sockaddr *) &sa, sizeof sa) != 0)
    {
      int err = errno;
      close (s);
      return held ("net", err);
    }
  if (write (s, "escaped\n", 8) != 8)
    {
      int err = errno;
      close (s);
      return held ("net", err);
    }
  close (s);
  return g_strdup ("ESCAPED: net");
}

static char *
try_write (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0)
    return held ("write", errno);
  if (write (fd, "escaped\n", 8) != 8)
    {
      int err = errno;
      close (fd);
      return held ("write", err);
    }
  close (fd);
  return g_strdup ("ESCAPED: write");
}

static char *
try_exec (const char *path)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid < 0)
    return held ("exec", errno);
  if (pid == 0)
    {
      g_autofree char *cmd = g_strdup_printf ("echo escaped > '%s'", path);
      char *argv[] = { (char *) "/bin/sh", (char *) "-c", cmd, NULL };
      char *envp[] = { NULL };

      execve (argv[0], argv, envp);
      _exit (100 + MIN (errno, 100));
    }
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFEXITED (status) && WEXITSTATUS (status) >= 100)
    return held ("exec", WEXITSTATUS (status) - 100);
  return g_strdup_printf ("ESCAPED: exec (status %d)", status);
}

static char *
try_ptrace (const char *pid_text)
{
  pid_t pid = (pid_t) g_ascii_strtoull (pid_text, NULL, 10);

  if (ptrace (PTRACE_ATTACH, pid, NULL, NULL) != 0)
    return held ("ptrace", errno);
  /* Attached: the importer is stopped. Let it go, and say so. */
  waitpid (pid, NULL, __WALL);
  ptrace (PTRACE_DETACH, pid, NULL, NULL);
  return g_strdup ("ESCAPED: ptrace");
}

char *
review_decoder_escape_attempt (const char *what,
                               const char *target)
{
  if (target == NULL)
    target = "";
  if (g_str_equal (what, "bus"))
    return try_bus (target);
  if (g_str_equal (what, "home"))
    return try_home (target);
  if (g_str_equal (what, "net"))
    return try_net (target);
  if (g_str_equal (what, "write"))
    return try_write (target);
  if (g_str_equal (what, "exec"))
    return try_exec (target);
  if (g_str_equal (what, "ptrace"))
    return try_ptrace (target);
  return g_strdup_printf ("unknown attempt: %s", what);
}
