/* review-sandbox.c: how review-decoder processes are confined
 *
 * Two layers. The outer one is bubblewrap: each decoder starts in new user,
 * mount, network, IPC, PID, UTS and cgroup namespaces, with a cleared
 * environment, no capabilities, its own session, killed with its parent. Its
 * file system is a read-only root holding only the shared libraries (/usr/lib
 * and the /lib* links or folders beside it), the loader cache and the
 * decoder itself: no /usr/bin (nothing to exec), no /home, no /run/user, no
 * D-Bus socket, no /tmp, no /proc, no /dev, nothing writable. The image
 * arrives as a descriptor on the decoder's socket. The inner layer is the
 * decoder's own seccomp filter (src/decoder/review-decoder-seccomp.c).
 *
 * Where user namespaces are not available (some hardened kernels turn them
 * off), bubblewrap cannot start; the decoder then runs directly, with its
 * filter and its resource limits, and review_sandbox_probe() says so:
 * `review vault info --json` and the Preferences window show it.
 *
 * bubblewrap reports a child killed by signal N as exit status 128 + N;
 * review_sandbox_term_signal() maps it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include <glib/gi18n.h>

#include "review-sandbox.h"

#define DECODER_INSIDE "/review-decoder"

static char *
find_bwrap (void)
{
#ifdef REVIEW_TEST_HOOKS
  /* Tests: a bubblewrap that cannot make namespaces, as on a hardened kernel. */
  const char *env = g_getenv ("REVIEW_TEST_BWRAP");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
#endif
  if (g_file_test ("/usr/bin/bwrap", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/bwrap");
  return g_find_program_in_path ("bwrap");
}

static void
add (GPtrArray  *argv,
     const char *arg)
{
  g_ptr_array_add (argv, g_strdup (arg));
}

/* /lib, /lib64…: a link into /usr (merged /usr, Debian 12's default) is
 * recreated as the same link; a real folder (an older, unmerged system) is
 * bound read-only. */
static void
add_lib_dir (GPtrArray  *argv,
             const char *path)
{
  g_autofree char *target = g_file_read_link (path, NULL);

  if (target != NULL)
    {
      add (argv, "--symlink");
      add (argv, target);
      add (argv, path);
    }
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      add (argv, "--ro-bind");
      add (argv, path);
      add (argv, path);
    }
}

/**
 * review_sandbox_argv:
 * @decoder_path: the decoder binary
 * @namespaces: whether to start it inside bubblewrap
 * @decoder_args: (nullable): the decoder's own arguments
 *
 * Returns: (transfer full): the command line that starts one decoder
 */
char **
review_sandbox_argv (const char         *decoder_path,
                     gboolean            namespaces,
                     const char * const *decoder_args)
{
  static const char *usr_libs[] = { "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32" };
  static const char *root_libs[] = { "/lib", "/lib64", "/lib32", "/libx32" };
  GPtrArray *argv = g_ptr_array_new ();
  g_autofree char *bwrap = namespaces ? find_bwrap () : NULL;

  if (bwrap == NULL)
    add (argv, decoder_path);
  else
    {
      add (argv, bwrap);
      for (const char *const *a = (const char *const[]) {
             "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net",
             "--unshare-uts", "--unshare-cgroup", "--die-with-parent", "--new-session",
             "--clearenv", "--cap-drop", "ALL", NULL }; *a; a++)
        add (argv, *a);
      for (guint i = 0; i < G_N_ELEMENTS (usr_libs); i++)
        if (g_file_test (usr_libs[i], G_FILE_TEST_IS_DIR) &&
            !g_file_test (usr_libs[i], G_FILE_TEST_IS_SYMLINK))
          {
            add (argv, "--ro-bind");
            add (argv, usr_libs[i]);
            add (argv, usr_libs[i]);
          }
      for (guint i = 0; i < G_N_ELEMENTS (root_libs); i++)
        add_lib_dir (argv, root_libs[i]);
      add (argv, "--ro-bind");
      add (argv, "/etc/ld.so.cache");
      add (argv, "/etc/ld.so.cache");
      add (argv, "--ro-bind");
      add (argv, decoder_path);
      add (argv, DECODER_INSIDE);
      add (argv, "--remount-ro");
      add (argv, "/");
      add (argv, "--chdir");
      add (argv, "/");
      add (argv, DECODER_INSIDE);
    }
  for (guint i = 0; decoder_args != NULL && decoder_args[i] != NULL; i++)
    add (argv, decoder_args[i]);
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
}

static int
run_probe (const char *decoder_path,
           gboolean    namespaces)
{
  const char *args[] = { "--probe", NULL };
  g_auto(GStrv) argv = review_sandbox_argv (decoder_path, namespaces, args);
  char *envp[] = { NULL };
  int status = -1;

  if (namespaces && g_str_equal (argv[0], decoder_path))
    return -1;  /* no bubblewrap here */
  if (!g_spawn_sync ("/", argv, envp,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL |
                     G_SPAWN_STDIN_FROM_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return -1;
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/**
 * review_sandbox_probe:
 *
 * Starts the decoder once inside bubblewrap and asks it to install its
 * filter (--probe): exit 0 means both layers hold, 10 that the filter could
 * not be installed. If bubblewrap cannot start it (no user namespaces, or no
 * bubblewrap), the decoder is probed on its own. Blocking: call it from a
 * worker thread. The answer is kept for the rest of the run.
 */
ReviewSandboxStatus
review_sandbox_probe (const char *decoder_path)
{
  static GMutex lock;
  static gboolean done;
  static ReviewSandboxStatus status;
  int r;

  g_mutex_lock (&lock);
  if (!done)
    {
      r = run_probe (decoder_path, TRUE);
      if (r == 0 || r == 10)
        {
          status.namespaces = TRUE;
          status.seccomp = r == 0;
        }
      else
        {
          status.namespaces = FALSE;
          status.seccomp = run_probe (decoder_path, FALSE) == 0;
        }
      done = TRUE;
    }
  g_mutex_unlock (&lock);
  return status;
}

/**
 * review_sandbox_term_signal:
 * @wait_status: from waitpid() on the started process
 * @namespaces: whether that process was bubblewrap
 *
 * Returns: the signal that ended the decoder, or 0 if it exited
 */
int
review_sandbox_term_signal (int      wait_status,
                            gboolean namespaces)
{
  if (WIFSIGNALED (wait_status))
    return WTERMSIG (wait_status);
  if (namespaces && WIFEXITED (wait_status) && WEXITSTATUS (wait_status) > 128 &&
      WEXITSTATUS (wait_status) < 128 + NSIG)
    return WEXITSTATUS (wait_status) - 128;
  return 0;
}

/* One line for `review vault info`. */
const char *
review_sandbox_describe (ReviewSandboxStatus status)
{
  if (status.namespaces && status.seccomp)
    return _("Image decoder:   sandboxed (bubblewrap namespaces and a system-call filter)");
  if (status.namespaces)
    return _("Image decoder:   in bubblewrap namespaces, but without its system-call filter");
  if (status.seccomp)
    return _("Image decoder:   system-call filter and limits only (no user namespaces here)");
  return _("Image decoder:   NOT sandboxed: resource limits only");
}

/**
 * review_sandbox_warning:
 *
 * Returns: (nullable): a one-line warning when either layer is missing
 */
const char *
review_sandbox_warning (ReviewSandboxStatus status)
{
  if (status.namespaces && status.seccomp)
    return NULL;
  if (status.seccomp)
    return _("Images are decoded with a system-call filter only: this computer does not allow "
             "the user namespaces that bubblewrap needs to isolate the decoder.");
  if (status.namespaces)
    return _("Images are decoded in bubblewrap namespaces, but the decoder’s system-call filter "
             "could not be installed on this computer.");
  return _("Images are decoded with resource limits only: neither bubblewrap namespaces nor a "
           "system-call filter are available on this computer.");
}
