/* review-sandbox.h: how review-decoder processes are confined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean namespaces;   /* started inside bubblewrap, every namespace unshared */
  gboolean seccomp;      /* the decoder's system-call filter installs */
} ReviewSandboxStatus;

ReviewSandboxStatus review_sandbox_probe       (const char         *decoder_path);
char              **review_sandbox_argv        (const char         *decoder_path,
                                                gboolean            namespaces,
                                                const char * const *decoder_args);
const char         *review_sandbox_describe    (ReviewSandboxStatus status);
const char         *review_sandbox_warning     (ReviewSandboxStatus status);
int                 review_sandbox_term_signal (int                 wait_status,
                                                gboolean            namespaces);

G_END_DECLS
