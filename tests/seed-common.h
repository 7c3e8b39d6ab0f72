/* seed-common.h: what the test programs that fill a vault share
 * (seed-annotations, seed-report, crash-writer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "review-vault.h"

/* Prints "PROGRAM: message" and exits 1 when @error is set. */
void         seed_die_on     (GError     *error);
/* Opens the vault in @dir with its key from the keyring, or exits. */
ReviewVault *seed_open_vault (const char *dir);
/* Flags a photo as damaged (photos.damage, damage_row), or exits. */
void         seed_damage_photo (ReviewVault *vault,
                                const char  *uuid,
                                int          damage,
                                guint        row);

#define CHECK(expr) G_STMT_START { if (!(expr)) seed_die_on (error); } G_STMT_END
