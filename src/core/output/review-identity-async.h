/* review-identity-async.h: the reviewer's profile, the vault's signing
 * identity and its recovery key, changed through the store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-cms.h"
#include "review-profile.h"
#include "review-signer.h"
#include "review-store-service.h"

G_BEGIN_DECLS

/* The profile in memory changes at once (and back if the vault refuses). */
void                 review_profile_save_async           (ReviewStoreService   *service,
                                                          const char           *display_name,
                                                          ReviewRole            role,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean             review_profile_save_finish          (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void                 review_signer_describe_async        (ReviewStoreService   *service,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: (transfer full): free with review_signature_info_free(); NULL
 * with REVIEW_ERROR_NO_SIGNER when the vault has none */
ReviewSignatureInfo *review_signer_describe_finish       (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                 review_signature_info_free          (ReviewSignatureInfo  *info);

void                 review_signer_export_certificate_async  (ReviewStoreService   *service,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
char                *review_signer_export_certificate_finish (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* Create or import the identity in the service's worker; an existing one
 * is replaced (the window has asked). */
void                 review_signer_create_in_service_async (ReviewStoreService  *service,
                                                          ReviewSignerKeyType   key_type,
                                                          const char           *name,
                                                          const char           *organization,
                                                          const char           *email,
                                                          ReviewKeyringFlags    flags,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
void                 review_signer_import_in_service_async (ReviewStoreService  *service,
                                                          GBytes               *pkcs12,
                                                          const char           *password,
                                                          ReviewKeyringFlags    flags,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ReviewSigner        *review_signer_in_service_finish     (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* A new recovery key, returned in secure memory (review_secure_free_string). */
void                 review_rekey_recovery_async         (ReviewStoreService   *service,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
char                *review_rekey_recovery_finish        (ReviewStoreService   *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
