/* review-decoder-seccomp.c: the decoder's system-call allow-list
 *
 * Installed once the decoder has started and loaded every image loader
 * (review_decode_preload), so that from then on it needs no file, no
 * process, no socket and no new executable memory. What remains is what
 * decoding needs: receiving a descriptor on its socket, reading that file,
 * writing the answer, memory, and ending. Anything else kills the process
 * with SIGSYS, which the pool reports as a sandbox violation.
 *
 * A few calls that GLib makes when it logs (ioctl to ask whether stderr is a
 * terminal, getsockname to ask whether it is the journal) fail with EPERM
 * instead: they reveal nothing and killing the decoder for them would turn
 * a harmless warning into a lost file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <seccomp.h>

#include "review-decoder-seccomp.h"

gboolean
review_decoder_seccomp_install (void)
{
  static const int allowed[] = {
    /* the request, the file and the reply */
    SCMP_SYS (recvmsg), SCMP_SYS (read), SCMP_SYS (pread64), SCMP_SYS (readv),
    SCMP_SYS (write), SCMP_SYS (writev), SCMP_SYS (close), SCMP_SYS (fstat),
    SCMP_SYS (newfstatat), SCMP_SYS (lseek),
    /* memory (executable mappings are refused below) */
    SCMP_SYS (brk), SCMP_SYS (munmap), SCMP_SYS (mremap), SCMP_SYS (madvise),
    /* threads' locks, signal masks around setjmp/longjmp, time */
    SCMP_SYS (futex), SCMP_SYS (rt_sigprocmask), SCMP_SYS (rt_sigreturn),
    SCMP_SYS (clock_gettime), SCMP_SYS (gettimeofday), SCMP_SYS (getrandom),
    SCMP_SYS (sysinfo), SCMP_SYS (getpid), SCMP_SYS (gettid),
    /* waiting (a stuck loader is stopped by the pool's watchdog) */
    SCMP_SYS (pause), SCMP_SYS (nanosleep), SCMP_SYS (clock_nanosleep),
    SCMP_SYS (sched_yield),
    /* ending */
    SCMP_SYS (exit), SCMP_SYS (exit_group),
  };
  scmp_filter_ctx ctx;
  gboolean ok = TRUE;

  ctx = seccomp_init (SCMP_ACT_KILL_PROCESS);
  if (ctx == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ALLOW, allowed[i], 0) == 0;
  /* New memory, never executable: no shellcode, no loading of code. */
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (mmap), 1,
                               SCMP_A2 (SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) == 0;
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (mprotect), 1,
                               SCMP_A2 (SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) == 0;
  /* abort() signals itself; no other process may be signalled. */
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (tgkill), 1,
                               SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) getpid ())) == 0;
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (rt_sigaction), 0) == 0;
  /* GLib's logging asks about stderr: answer "no". */
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (ioctl), 0) == 0;
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (getsockname), 0) == 0;
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (fcntl), 0) == 0;
  ok = ok && seccomp_load (ctx) == 0;
  seccomp_release (ctx);
  return ok;
}
