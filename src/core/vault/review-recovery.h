/* review-recovery.h: recovery keys and the wrapped copy of the vault key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-key.h"

G_BEGIN_DECLS

/* 160 random bits, shown as nine groups of four characters: eight groups of
 * Crockford base32 and one group of checksum that catches typing mistakes
 * before the slow key derivation runs. */
#define REVIEW_RECOVERY_SECRET_LEN 20
#define REVIEW_RECOVERY_FILE_NAME "recovery.json"

char      *review_recovery_key_generate (GError      **error);
gboolean   review_recovery_key_parse    (const char   *text,
                                         guint8        secret[REVIEW_RECOVERY_SECRET_LEN],
                                         GError      **error);
gboolean   review_recovery_key_write_file (const char *path,
                                           const char *recovery_key,
                                           gboolean    replace,
                                           GError    **error);
char      *review_recovery_wrap         (const ReviewKey *key,
                                         const char   *recovery_key,
                                         const char   *vault_id,
                                         GError      **error);
gboolean   review_recovery_check        (const char      *recovery_json,
                                         const ReviewKey *key,
                                         const char      *vault_id,
                                         GError         **error);
ReviewKey *review_recovery_unwrap       (const char   *recovery_json,
                                         const char   *recovery_key,
                                         const char   *vault_id,
                                         GError      **error);

G_END_DECLS
