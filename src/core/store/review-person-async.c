/* review-person-async.c: persons, their identity numbers and family
 * contacts, read and written by the store service
 *
 * Each function runs the matching review_store_* call as a job of the
 * service, in order with every other; reads take a cancellable (the
 * window cancels them when it moves to another photo), writes do not.
 * Edits that can be undone go through review-history-async.c instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-job-args.h"
#include "review-person-async.h"
#include "review-store.h"

#define TRUE_RESULT GINT_TO_POINTER (TRUE)

void
review_number_added_free (ReviewNumberAdded *added)
{
  if (added == NULL)
    return;
  g_free (added->uuid);
  g_clear_error (&added->error);
  g_free (added);
}

static void
run (ReviewStoreService  *service,
     ReviewStoreJob       job,
     ReviewJobArgs       *args,
     GDestroyNotify       result_free,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  review_store_service_run_async (service, job, args, review_job_args_free, result_free,
                                  cancellable, callback, user_data);
}

gboolean
review_person_write_finish (ReviewStoreService  *service,
                            GAsyncResult        *result,
                            GError             **error)
{
  return review_store_service_run_boolean_finish (service, result, error);
}

/* --- persons ------------------------------------------------------------ */

static gpointer
find_job (ReviewVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_find_persons (vault, a->s[0], (guint) a->n, error);
}

void
review_person_find_async (ReviewStoreService  *service,
                          const char          *text,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run (service, find_job, REVIEW_JOB_ARGS (limit, text), (GDestroyNotify) g_ptr_array_unref,
       cancellable, callback, user_data);
}

GPtrArray *
review_person_find_finish (ReviewStoreService  *service,
                           GAsyncResult        *result,
                           GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
merge_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_merge_persons (vault, a->s[0], a->s[1], error) ? TRUE_RESULT : NULL;
}

void
review_person_merge_async (ReviewStoreService  *service,
                           const char          *from_uuid,
                           const char          *into_uuid,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run (service, merge_job, REVIEW_JOB_ARGS (0, from_uuid, into_uuid), NULL, NULL,
       callback, user_data);
}

/* --- numbers ------------------------------------------------------------ */

static gpointer
add_number_job (ReviewVault   *vault,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ReviewJobArgs *a = data;
  ReviewNumberAdded *added;
  g_autofree char *uuid = NULL;

  (void) cancellable;
  uuid = review_store_add_number (vault, a->s[0], a->s[1], a->s[2], a->s[3], a->s[4], error);
  if (uuid == NULL)
    return NULL;
  added = g_new0 (ReviewNumberAdded, 1);
  added->uuid = g_steal_pointer (&uuid);
  /* A branch number belongs to the person's facility, when there is one. */
  if (g_str_equal (a->s[1], "branch") && a->s[5] != NULL && *a->s[5] != '\0')
    review_store_set_number_field (vault, added->uuid, "facility_uuid", a->s[5], &added->error);
  return added;
}

void
review_number_add_async (ReviewStoreService  *service,
                         const char          *person_uuid,
                         const char          *kind,
                         const char          *value,
                         const char          *photo_uuid,
                         const char          *legibility,
                         const char          *facility_uuid,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  run (service, add_number_job,
       REVIEW_JOB_ARGS (0, person_uuid, kind, value, photo_uuid, legibility, facility_uuid),
       (GDestroyNotify) review_number_added_free, NULL, callback, user_data);
}

ReviewNumberAdded *
review_number_add_finish (ReviewStoreService  *service,
                          GAsyncResult        *result,
                          GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
number_field_job (ReviewVault   *vault,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_set_number_field (vault, a->s[0], a->s[1], a->s[2], error)
         ? TRUE_RESULT : NULL;
}

void
review_number_set_region_async (ReviewStoreService  *service,
                                const char          *number_uuid,
                                const char          *region_json,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run (service, number_field_job, REVIEW_JOB_ARGS (0, number_uuid, "region", region_json),
       NULL, NULL, callback, user_data);
}

static gpointer
second_read_job (ReviewVault   *vault,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_second_read (vault, a->s[0], error) ? TRUE_RESULT : NULL;
}

void
review_number_second_read_async (ReviewStoreService  *service,
                                 const char          *number_uuid,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run (service, second_read_job, REVIEW_JOB_ARGS (0, number_uuid), NULL, NULL,
       callback, user_data);
}

/* --- family contacts ---------------------------------------------------- */

static gpointer
list_family_job (ReviewVault   *vault,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_list_family_contacts (vault, a->s[0], error);
}

void
review_family_list_async (ReviewStoreService  *service,
                          const char          *person_uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run (service, list_family_job, REVIEW_JOB_ARGS (0, person_uuid),
       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
review_family_list_finish (ReviewStoreService  *service,
                           GAsyncResult        *result,
                           GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
add_family_job (ReviewVault   *vault,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_add_family_contact (vault, a->s[0], a->s[1], a->s[2], a->s[3], error);
}

void
review_family_add_async (ReviewStoreService  *service,
                         const char          *person_uuid,
                         const char          *name,
                         const char          *relation,
                         const char          *contact,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  run (service, add_family_job, REVIEW_JOB_ARGS (0, person_uuid, name, relation, contact),
       g_free, NULL, callback, user_data);
}

char *
review_family_add_finish (ReviewStoreService  *service,
                          GAsyncResult        *result,
                          GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
