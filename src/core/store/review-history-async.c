/* review-history-async.c: undo, redo and the edits they remember, run by
 * the store service
 *
 * Each function here packs its arguments, runs the synchronous
 * ReviewHistory operation as one job of the store service (so the history
 * is only ever changed in the service's worker, in the order the edits
 * were made) and returns a ReviewHistoryOutcome: what the edit made, and
 * a snapshot of the stacks taken in the worker right after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-history-async.h"

typedef enum
{
  OP_ADD_FINDING,
  OP_UPDATE_FINDING,
  OP_DELETE_FINDING,
  OP_SET_STATUS,
  OP_PERSON_FIELDS,
  OP_LINK,
  OP_FACILITY,
  OP_UNDO,
  OP_REDO,
} Op;

typedef struct
{
  Op                   op;
  ReviewHistory       *history;
  char                *photo;
  char                *target;       /* finding or person UUID */
  char                *value;        /* status; new facility name */
  ReviewFindingRecord *finding;
  GStrv                fields;       /* name, value, name, value, … */
  char                *ident_status;
  char                *ident_basis;
  char                *facility;
  gboolean             linked;
} Args;

static void
args_free (Args *a)
{
  g_clear_object (&a->history);
  g_free (a->photo);
  g_free (a->target);
  g_free (a->value);
  review_finding_record_free (a->finding);
  g_strfreev (a->fields);
  g_free (a->ident_status);
  g_free (a->ident_basis);
  g_free (a->facility);
  g_free (a);
}

static Args *
args_new (Op             op,
          ReviewHistory *history,
          const char    *photo,
          const char    *target)
{
  Args *a = g_new0 (Args, 1);

  a->op = op;
  a->history = g_object_ref (history);
  a->photo = g_strdup (photo);
  a->target = g_strdup (target);
  return a;
}

void
review_history_state_clear (ReviewHistoryState *state)
{
  g_clear_pointer (&state->undo_photo, g_free);
  g_clear_pointer (&state->redo_photo, g_free);
  state->can_undo = state->can_redo = FALSE;
}

void
review_history_state_copy (ReviewHistoryState       *dest,
                           const ReviewHistoryState *src)
{
  if (dest == src)
    return;
  review_history_state_clear (dest);
  dest->can_undo = src->can_undo;
  dest->can_redo = src->can_redo;
  dest->undo_photo = g_strdup (src->undo_photo);
  dest->redo_photo = g_strdup (src->redo_photo);
}

/* In the worker only: the history's stacks as they are now. */
void
review_history_state_take (ReviewHistoryState *state,
                           ReviewHistory      *history)
{
  review_history_state_clear (state);
  state->can_undo = review_history_can_undo (history);
  state->can_redo = review_history_can_redo (history);
  state->undo_photo = g_strdup (review_history_peek_undo_photo (history));
  state->redo_photo = g_strdup (review_history_peek_redo_photo (history));
}

void
review_history_outcome_free (ReviewHistoryOutcome *outcome)
{
  if (outcome == NULL)
    return;
  review_history_state_clear (&outcome->state);
  g_free (outcome->uuid);
  g_free (outcome->where);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static gboolean
is_arabic_text (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

static gboolean
person_fields (ReviewVault           *vault,
               Args                  *a,
               ReviewHistoryOutcome  *out,
               GError               **error)
{
  for (guint i = 0; a->fields != NULL && a->fields[i] != NULL && a->fields[i + 1] != NULL; i += 2)
    if (!review_history_set_person_field (a->history, a->photo, a->target, a->fields[i],
                                          a->fields[i + 1], error))
      return FALSE;
  if (a->ident_status != NULL)
    return review_store_set_identification (vault, a->target, a->ident_status, a->ident_basis,
                                            &out->awaiting_second, error);
  return TRUE;
}

static gpointer
edit_job (ReviewVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Args *a = data;
  g_autoptr(ReviewHistoryOutcome) out = g_new0 (ReviewHistoryOutcome, 1);
  ReviewFinding view = { 0 };
  gboolean ok = TRUE;

  (void) cancellable;
  switch (a->op)
    {
    case OP_ADD_FINDING:
      review_finding_record_view (a->finding, &view);
      out->uuid = review_history_add_finding (a->history, a->photo, &view, error);
      ok = out->uuid != NULL;
      break;
    case OP_UPDATE_FINDING:
      review_finding_record_view (a->finding, &view);
      ok = review_history_update_finding (a->history, a->photo, a->finding->uuid, &view, error);
      break;
    case OP_DELETE_FINDING:
      ok = review_history_delete_finding (a->history, a->photo, a->target, error);
      break;
    case OP_SET_STATUS:
      ok = review_history_set_status (a->history, a->photo, a->value, error);
      break;
    case OP_PERSON_FIELDS:
      ok = person_fields (vault, a, out, error);
      break;
    case OP_LINK:
      if (a->target == NULL)
        {
          out->uuid = review_store_create_person (vault, error);
          if (out->uuid == NULL)
            return NULL;
        }
      ok = review_history_link_photo (a->history, a->photo, a->target ? a->target : out->uuid,
                                      a->linked, error);
      break;
    case OP_FACILITY:
      if (a->value != NULL)
        {
          gboolean ar = is_arabic_text (a->value);

          out->uuid = review_store_create_facility (vault, ar ? "" : a->value, ar ? a->value : "",
                                                    "unknown", error);
          if (out->uuid == NULL)
            return NULL;
        }
      ok = review_history_set_person_field (a->history, a->photo, a->target, "facility_uuid",
                                            a->value != NULL ? out->uuid : a->facility, error);
      break;
    case OP_UNDO:
    case OP_REDO:
      out->where = g_strdup (a->op == OP_REDO ? review_history_peek_redo_photo (a->history)
                                              : review_history_peek_undo_photo (a->history));
      /* A failed undo still says where it was tried: the outcome carries
       * its error. */
      if (out->where != NULL)
        (void) (a->op == OP_REDO ? review_history_redo (a->history, &out->error)
                                 : review_history_undo (a->history, &out->error));
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return NULL;
  review_history_state_take (&out->state, a->history);
  return g_steal_pointer (&out);
}

static void
run (ReviewStoreService  *service,
     Args                *a,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  /* Edits are never cancelled: what the reviewer did is written. */
  review_store_service_run_async (service, edit_job, a, (GDestroyNotify) args_free,
                                  (GDestroyNotify) review_history_outcome_free, NULL,
                                  callback, user_data);
}

void
review_history_add_finding_async (ReviewStoreService  *service,
                                  ReviewHistory       *history,
                                  const char          *photo_uuid,
                                  ReviewShape          shape,
                                  const double        *points,
                                  guint                n_points,
                                  const char          *finding_type,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Args *a = args_new (OP_ADD_FINDING, history, photo_uuid, NULL);

  a->finding = g_new0 (ReviewFindingRecord, 1);
  a->finding->shape = shape;
  a->finding->points = g_memdup2 (points, n_points * sizeof (double));
  a->finding->n_points = n_points;
  a->finding->finding_type = g_strdup (finding_type);
  run (service, a, callback, user_data);
}

void
review_history_update_finding_async (ReviewStoreService        *service,
                                     ReviewHistory             *history,
                                     const char                *photo_uuid,
                                     const ReviewFindingRecord *finding,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data)
{
  Args *a = args_new (OP_UPDATE_FINDING, history, photo_uuid, finding->uuid);

  a->finding = review_finding_record_copy (finding);
  run (service, a, callback, user_data);
}

void
review_history_delete_finding_async (ReviewStoreService  *service,
                                     ReviewHistory       *history,
                                     const char          *photo_uuid,
                                     const char          *finding_uuid,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run (service, args_new (OP_DELETE_FINDING, history, photo_uuid, finding_uuid),
       callback, user_data);
}

void
review_history_set_status_async (ReviewStoreService  *service,
                                 ReviewHistory       *history,
                                 const char          *photo_uuid,
                                 const char          *status,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Args *a = args_new (OP_SET_STATUS, history, photo_uuid, photo_uuid);

  a->value = g_strdup (status);
  run (service, a, callback, user_data);
}

void
review_history_set_person_fields_async (ReviewStoreService  *service,
                                        ReviewHistory       *history,
                                        const char          *photo_uuid,
                                        const char          *person_uuid,
                                        const char * const  *fields,
                                        const char          *ident_status,
                                        const char          *ident_basis,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Args *a = args_new (OP_PERSON_FIELDS, history, photo_uuid, person_uuid);

  a->fields = g_strdupv ((char **) fields);
  a->ident_status = g_strdup (ident_status);
  a->ident_basis = g_strdup (ident_basis);
  run (service, a, callback, user_data);
}

void
review_history_link_photo_async (ReviewStoreService  *service,
                                 ReviewHistory       *history,
                                 const char          *photo_uuid,
                                 const char          *person_uuid,
                                 gboolean             linked,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Args *a = args_new (OP_LINK, history, photo_uuid, person_uuid);

  a->linked = linked;
  run (service, a, callback, user_data);
}

void
review_history_set_facility_async (ReviewStoreService  *service,
                                   ReviewHistory       *history,
                                   const char          *photo_uuid,
                                   const char          *person_uuid,
                                   const char          *facility_uuid,
                                   const char          *new_name,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Args *a = args_new (OP_FACILITY, history, photo_uuid, person_uuid);

  a->value = g_strdup (new_name);
  a->facility = g_strdup (facility_uuid);
  run (service, a, callback, user_data);
}

void
review_history_undo_async (ReviewStoreService  *service,
                           ReviewHistory       *history,
                           gboolean             redo,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run (service, args_new (redo ? OP_REDO : OP_UNDO, history, NULL, NULL), callback, user_data);
}

/**
 * review_history_undo_finish:
 *
 * Returns: (transfer full): the outcome, whose error says why the undo
 *   failed (where is then still set); NULL only if the job could not run
 */
ReviewHistoryOutcome *
review_history_undo_finish (ReviewStoreService  *service,
                            GAsyncResult        *result,
                            GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

/**
 * review_history_edit_finish:
 *
 * Returns: (transfer full): what the edit made and the stacks after it;
 *   NULL with @error set when it failed (the stacks are then as before)
 */
ReviewHistoryOutcome *
review_history_edit_finish (ReviewStoreService  *service,
                            GAsyncResult        *result,
                            GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
