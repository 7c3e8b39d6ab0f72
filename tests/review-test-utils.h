/* review-test-utils.h: shared helpers for Review's unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-key.h"
#include "review-vault.h"

G_BEGIN_DECLS

#define TEST_RECOVERY_KEY_INVALID "0000-0000-0000-0000-0000-0000-0000-0000-0000"

void         review_test_init           (int          *argc,
                                         char       ***argv);
char        *review_test_make_dir       (void);
void         review_test_remove_dir     (const char   *dir);
char        *review_test_file_sha256    (const char   *path);
void         review_test_corrupt        (const char   *path,
                                         goffset       offset,
                                         gsize         len);
ReviewVault *review_test_create_vault   (const char   *dir,
                                         ReviewKey   **key_out,
                                         char        **recovery_key_out);

G_END_DECLS
