/* review-facility-async.h: the facility gazetteer, read and written by the
 * store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-store-query.h"
#include "review-store-service.h"

G_BEGIN_DECLS

void        review_facility_find_async       (ReviewStoreService  *service,
                                              const char          *text,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns: (transfer container): ReviewFacilityHit* */
GPtrArray  *review_facility_find_finish      (ReviewStoreService  *service,
                                              GAsyncResult        *result,
                                              GError             **error);
void        review_facility_get_fields_async (ReviewStoreService  *service,
                                              const char          *facility_uuid,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns: (transfer container): column → value */
GHashTable *review_facility_get_fields_finish (ReviewStoreService *service,
                                              GAsyncResult        *result,
                                              GError             **error);
void        review_facility_set_field_async  (ReviewStoreService  *service,
                                              const char          *facility_uuid,
                                              const char          *field,
                                              const char          *value,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void        review_facility_merge_async      (ReviewStoreService  *service,
                                              const char          *from_uuid,
                                              const char          *into_uuid,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* For set_field and merge. */
gboolean    review_facility_write_finish     (ReviewStoreService  *service,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
