/* review-keyring-prompt-bug.c: the test suite's one tolerated message
 *
 * Test builds only (REVIEW_TEST_HOOKS); in other builds this file is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-keyring.h"

#ifdef REVIEW_TEST_HOOKS
/* The test suite runs with G_DEBUG=fatal-warnings, and this is its one
 * exception. libsecret 0.20.5's prompt code (SecretPrompt) returns its GTask
 * with no error, or a second time, when the system prompter cannot start,
 * as happens in the suite's headless session when a locked keyring is asked
 * to unlock (tests/test-keyring.c and test-window.py locked). GLib then
 * logs, in the "GLib-GIO" domain:
 *
 *   g_task_return_error: assertion 'error != NULL' failed
 *   g_task_return_error: assertion '!task->ever_returned' failed
 *
 * Those criticals are libsecret's, not ours (every return of ours is
 * guarded by Op.returned), and the operation still ends as "locked" or
 * "timed out", which the tests check. Exactly those two messages are printed
 * as plain criticals, not fatal (and not as a GTest "Bail out!"); every other
 * warning or critical, in any domain, still aborts. Installed by main.c and
 * tests/test-keyring.c; never compiled into builds for use. */
static gboolean
is_prompt_bug (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message)
{
  return g_strcmp0 (log_domain, "GLib-GIO") == 0 &&
         (log_level & G_LOG_LEVEL_MASK) == G_LOG_LEVEL_CRITICAL &&
         message != NULL &&
         (strstr (message, "g_task_return_error: assertion 'error != NULL' failed") != NULL ||
          strstr (message, "g_task_return_error: assertion '!task->ever_returned' failed")
          != NULL);
}

static gboolean
prompt_bug_fatal_cb (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  return !is_prompt_bug (log_domain, log_level, message);   /* TRUE: abort */
}

static void
prompt_bug_log_cb (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  if (is_prompt_bug (log_domain, log_level, message))
    log_level &= ~G_LOG_FLAG_FATAL;
  g_log_default_handler (log_domain, log_level, message, user_data);
}

/* GTest clears the fatal handler at the start of every test case: a test
 * program calls this in each case that may prompt. */
void
review_keyring_tolerate_prompt_bug (void)
{
  static gsize handler_set = 0;

  g_test_log_set_fatal_handler (prompt_bug_fatal_cb, NULL);
  if (g_once_init_enter (&handler_set))
    g_once_init_leave (&handler_set,
                       g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL,
                                          prompt_bug_log_cb, NULL));
}
#endif
