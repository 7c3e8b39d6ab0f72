/* review-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "review-error.h"

G_DEFINE_QUARK (review-error-quark, review_error)

/**
 * review_error_exit_status:
 *
 * The command line's exit status for an error. Documented in README.md;
 * scripts rely on these numbers, so never renumber them.
 */
int
review_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain == G_OPTION_ERROR)
    return 2;
  if (error->domain != REVIEW_ERROR)
    return 1;

  switch ((ReviewError) error->code)
    {
    case REVIEW_ERROR_INVALID_ARGUMENT:
      return 2;
    case REVIEW_ERROR_NO_VAULT:
    case REVIEW_ERROR_VAULT_EXISTS:
      return 3;
    case REVIEW_ERROR_KEYRING_UNAVAILABLE:
    case REVIEW_ERROR_KEYRING_LOCKED:
    case REVIEW_ERROR_KEYRING_NO_DEFAULT:
    case REVIEW_ERROR_KEYRING_FAILED:
    case REVIEW_ERROR_TIMED_OUT:
      return 4;
    case REVIEW_ERROR_KEY_MISSING:
      return 5;
    case REVIEW_ERROR_WRONG_KEY:
    case REVIEW_ERROR_RECOVERY_KEY_INVALID:
    case REVIEW_ERROR_RECOVERY_KEY_WRONG:
    case REVIEW_ERROR_RECOVERY_MISSING:
    case REVIEW_ERROR_WRONG_PASSWORD:
      return 6;
    case REVIEW_ERROR_DAMAGED:
    case REVIEW_ERROR_INFO_DAMAGED:
    case REVIEW_ERROR_INTEGRITY:
    case REVIEW_ERROR_AUDIT_BROKEN:
    case REVIEW_ERROR_AUDIT_ROLLED_BACK:
      return 7;
    case REVIEW_ERROR_CIPHER_UNSUPPORTED:
    case REVIEW_ERROR_SCHEMA_TOO_NEW:
      return 8;
    case REVIEW_ERROR_SIGNATURE_INVALID:
      return 10;
    case REVIEW_ERROR_NOT_SIGNED:
      return 11;
    case REVIEW_ERROR_NO_SIGNER:
      return 12;
    case REVIEW_ERROR_IO:
    case REVIEW_ERROR_FAILED:
    default:
      return 1;
    }
}
