/* review-facility-async.c: the facility gazetteer, read and written by the
 * store service
 *
 * Finding, reading, correcting and merging facilities, each as one job of
 * the service; reads take a cancellable, writes are never cancelled. The
 * facility of a person is set through review-history-async.c (it can be
 * undone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-facility-async.h"
#include "review-job-args.h"
#include "review-store.h"

static gpointer
find_job (ReviewVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_find_facilities (vault, a->s[0], (guint) a->n, error);
}

void
review_facility_find_async (ReviewStoreService  *service,
                            const char          *text,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  review_store_service_run_async (service, find_job, REVIEW_JOB_ARGS (limit, text),
                                  review_job_args_free, (GDestroyNotify) g_ptr_array_unref,
                                  cancellable, callback, user_data);
}

GPtrArray *
review_facility_find_finish (ReviewStoreService  *service,
                             GAsyncResult        *result,
                             GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
fields_job (ReviewVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_get_facility_fields (vault, a->s[0], error);
}

void
review_facility_get_fields_async (ReviewStoreService  *service,
                                  const char          *facility_uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  review_store_service_run_async (service, fields_job, REVIEW_JOB_ARGS (0, facility_uuid),
                                  review_job_args_free, (GDestroyNotify) g_hash_table_unref,
                                  cancellable, callback, user_data);
}

GHashTable *
review_facility_get_fields_finish (ReviewStoreService  *service,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
set_field_job (ReviewVault   *vault,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_set_facility_field (vault, a->s[0], a->s[1], a->s[2], error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

void
review_facility_set_field_async (ReviewStoreService  *service,
                                 const char          *facility_uuid,
                                 const char          *field,
                                 const char          *value,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  review_store_service_run_async (service, set_field_job,
                                  REVIEW_JOB_ARGS (0, facility_uuid, field, value),
                                  review_job_args_free, NULL, NULL, callback, user_data);
}

static gpointer
merge_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_merge_facilities (vault, a->s[0], a->s[1], error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

void
review_facility_merge_async (ReviewStoreService  *service,
                             const char          *from_uuid,
                             const char          *into_uuid,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  review_store_service_run_async (service, merge_job, REVIEW_JOB_ARGS (0, from_uuid, into_uuid),
                                  review_job_args_free, NULL, NULL, callback, user_data);
}

gboolean
review_facility_write_finish (ReviewStoreService  *service,
                              GAsyncResult        *result,
                              GError             **error)
{
  return review_store_service_run_boolean_finish (service, result, error);
}
