/* review-signer-async.h: the signing identity, through the store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-signer.h"
#include "review-store-service.h"

G_BEGIN_DECLS

/* The vault's signing identity, read on the worker, with its key from the
 * keyring (the worker waits for the keyring, and for its prompt when
 * @flags allow one). */
void          review_signer_load_in_service_async  (ReviewStoreService   *service,
                                                    ReviewKeyringFlags    flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
ReviewSigner *review_signer_load_in_service_finish (ReviewStoreService   *service,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
