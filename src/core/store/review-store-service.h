/* review-store-service.h: the vault's database, on a worker of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-vault.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_STORE_SERVICE (review_store_service_get_type ())

G_DECLARE_FINAL_TYPE (ReviewStoreService, review_store_service, REVIEW, STORE_SERVICE, GObject)

/* A job: runs in the service's worker thread, one at a time, on the vault's
 * connection (which no other thread uses once the service has it). It
 * returns its result (freed with the result_free given to run_async if
 * nobody takes it), or NULL and sets @error. A job that returns NULL
 * without an error returns NULL as its result. */
typedef gpointer (*ReviewStoreJob) (ReviewVault   *vault,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

ReviewStoreService *review_store_service_new        (ReviewVault          *vault);
ReviewVault        *review_store_service_get_vault  (ReviewStoreService   *self);
void                review_store_service_run_async  (ReviewStoreService   *self,
                                                     ReviewStoreJob        job,
                                                     gpointer              data,
                                                     GDestroyNotify        data_free,
                                                     GDestroyNotify        result_free,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gpointer            review_store_service_run_finish (ReviewStoreService   *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean            review_store_service_run_boolean_finish (ReviewStoreService  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                review_store_service_close_async  (ReviewStoreService  *self,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            review_store_service_close_finish (ReviewStoreService  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
