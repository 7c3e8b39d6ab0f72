/* review-decoder-seccomp.h: the decoder's system-call allow-list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean review_decoder_seccomp_install (void);

G_END_DECLS
