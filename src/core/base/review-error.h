/* review-error.h: the error domain of Review's core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_ERROR (review_error_quark ())

/**
 * ReviewError:
 *
 * Every failure the core reports to the window or the command line. Messages
 * are translated; the codes are stable and map to the command line's exit
 * statuses (see review_error_exit_status() and README.md).
 */
typedef enum
{
  REVIEW_ERROR_FAILED = 1,
  REVIEW_ERROR_CIPHER_UNSUPPORTED,  /* the SQLCipher loaded is not 4.x */
  REVIEW_ERROR_NO_VAULT,            /* no vault in that folder */
  REVIEW_ERROR_VAULT_EXISTS,        /* creating over an existing vault */
  REVIEW_ERROR_WRONG_KEY,           /* this key does not open this vault */
  REVIEW_ERROR_DAMAGED,             /* damaged file, or not a vault */
  REVIEW_ERROR_SCHEMA_TOO_NEW,      /* made by a newer Review */
  REVIEW_ERROR_KEYRING_UNAVAILABLE, /* no Secret Service on the bus */
  REVIEW_ERROR_KEYRING_LOCKED,      /* keyring locked (or unlock cancelled) */
  REVIEW_ERROR_KEYRING_NO_DEFAULT,  /* no default keyring yet */
  REVIEW_ERROR_KEY_MISSING,         /* vault exists, key item missing */
  REVIEW_ERROR_KEYRING_FAILED,      /* any other keyring failure */
  REVIEW_ERROR_RECOVERY_KEY_INVALID,/* not a well-formed recovery key */
  REVIEW_ERROR_RECOVERY_KEY_WRONG,  /* well-formed, but not this vault's */
  REVIEW_ERROR_RECOVERY_MISSING,    /* recovery.json missing or unreadable */
  REVIEW_ERROR_AUDIT_BROKEN,        /* the audit chain does not verify */
  REVIEW_ERROR_INTEGRITY,           /* cipher_integrity_check found damage */
  REVIEW_ERROR_IO,                  /* reading or writing a file failed */
  REVIEW_ERROR_INVALID_ARGUMENT,    /* bad input from the user */
  REVIEW_ERROR_TIMED_OUT,           /* a keyring prompt was not answered */
  REVIEW_ERROR_SIGNATURE_INVALID,   /* a signature does not match its file */
  REVIEW_ERROR_NOT_SIGNED,          /* no signature found to check */
  REVIEW_ERROR_NO_SIGNER,           /* no signing identity, or its key is not in the keyring */
  REVIEW_ERROR_WRONG_PASSWORD,      /* e.g. a PKCS#12 file's password */
  REVIEW_ERROR_INFO_DAMAGED,        /* vault.json damaged, the database fine: repair */
  REVIEW_ERROR_AUDIT_ROLLED_BACK,   /* the audit trail is behind the head kept in the keyring
                                     * (truncated, or an older vault.db): entries missing */
} ReviewError;

GQuark review_error_quark (void) G_GNUC_CONST;
int    review_error_exit_status (const GError *error);

G_END_DECLS
