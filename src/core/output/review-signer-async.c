/* review-signer-async.c: the signing identity, through the store service
 *
 * What the window asks of the vault's signing identity runs as a job on the
 * store service's worker (its connection, and the keyring's wait there),
 * never on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-signer-async.h"

static gpointer
signer_load_job (ReviewVault   *vault,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  /* Reads the identity from the vault here, then waits for the keyring in
   * a main context of its own. */
  return review_signer_load_sync (vault, (ReviewKeyringFlags) GPOINTER_TO_INT (data),
                                  cancellable, error);
}

void
review_signer_load_in_service_async (ReviewStoreService  *service,
                                     ReviewKeyringFlags   flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  review_store_service_run_async (service, signer_load_job, GINT_TO_POINTER (flags), NULL,
                                  g_object_unref, cancellable, callback, user_data);
}

ReviewSigner *
review_signer_load_in_service_finish (ReviewStoreService  *service,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
