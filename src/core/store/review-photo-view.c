/* review-photo-view.c: everything the workspace shows of one photo, read
 * in one job of the store service
 *
 * Its review status, findings, the person it shows (their fields, how
 * many photos show them, their facility and numbers), its notes and the
 * state of the undo stacks: read together in the worker, in order after
 * every edit asked for before, and handed to the window in one piece.
 * What cannot be read is left out, as the window always did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-photo-view.h"

typedef struct
{
  ReviewHistory *history;
  char          *photo;
} Args;

static void
args_free (Args *a)
{
  g_clear_object (&a->history);
  g_free (a->photo);
  g_free (a);
}

void
review_photo_view_free (ReviewPhotoView *view)
{
  if (view == NULL)
    return;
  g_free (view->status);
  g_clear_pointer (&view->findings, g_ptr_array_unref);
  g_free (view->person);
  g_clear_pointer (&view->person_fields, g_hash_table_unref);
  g_free (view->facility);
  review_facility_hit_free (view->facility_hit);
  g_clear_pointer (&view->numbers, g_ptr_array_unref);
  g_clear_pointer (&view->notes, g_ptr_array_unref);
  review_history_state_clear (&view->history);
  g_free (view);
}

static gpointer
load_job (ReviewVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Args *a = data;
  ReviewPhotoView *view = g_new0 (ReviewPhotoView, 1);
  g_auto(GStrv) persons = NULL;

  (void) cancellable; (void) error;
  view->status = review_store_get_photo_status (vault, a->photo, NULL);
  view->findings = review_store_list_findings (vault, a->photo, NULL);
  persons = review_store_photo_persons (vault, a->photo, NULL);
  if (persons != NULL && persons[0] != NULL)
    {
      view->person = g_strdup (persons[0]);
      view->person_fields = review_store_get_person (vault, view->person, NULL);
    }
  if (view->person_fields != NULL)
    {
      const char *facility = g_hash_table_lookup (view->person_fields, "facility_uuid");

      view->n_person_photos = review_store_count_person_photos (vault, view->person);
      if (facility != NULL && *facility != '\0')
        {
          view->facility = g_strdup (facility);
          view->facility_hit = review_store_get_facility (vault, facility, NULL);
        }
      view->numbers = review_store_list_numbers (vault, view->person, NULL);
    }
  view->notes = review_store_list_notes (vault, a->photo, NULL);
  if (a->history != NULL)
    review_history_state_take (&view->history, a->history);
  return view;
}

/**
 * review_photo_view_load_async:
 * @cancellable: cancelled when the window moves to another photo (a load
 *   not started by then is not run)
 */
void
review_photo_view_load_async (ReviewStoreService  *service,
                              ReviewHistory       *history,
                              const char          *photo_uuid,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Args *a = g_new0 (Args, 1);

  a->history = history != NULL ? g_object_ref (history) : NULL;
  a->photo = g_strdup (photo_uuid);
  review_store_service_run_async (service, load_job, a, (GDestroyNotify) args_free,
                                  (GDestroyNotify) review_photo_view_free, cancellable,
                                  callback, user_data);
}

ReviewPhotoView *
review_photo_view_load_finish (ReviewStoreService  *service,
                               GAsyncResult        *result,
                               GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
