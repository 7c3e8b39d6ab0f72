/* review-history-async.h: undo, redo and the edits they remember, run by
 * the store service
 *
 * The window keeps a ReviewHistory but never touches it: each edit, undo
 * and redo runs in the service's worker, in order with every other job,
 * and hands back with its result a snapshot of the two stacks that the
 * window uses for its Undo and Redo actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-history.h"
#include "review-store-query.h"
#include "review-store-service.h"

G_BEGIN_DECLS

/* The stacks as they were when a job ended. */
typedef struct
{
  gboolean  can_undo;
  gboolean  can_redo;
  char     *undo_photo;   /* the photo the next undo would change */
  char     *redo_photo;
} ReviewHistoryState;

typedef struct
{
  ReviewHistoryState  state;
  char               *uuid;             /* a new finding, person or facility */
  char               *where;            /* undo/redo: the photo changed; NULL: nothing to do */
  gboolean            awaiting_second;  /* an identification waits for a second person */
  GError             *error;            /* undo/redo only: why it failed */
} ReviewHistoryOutcome;

void                  review_history_outcome_free (ReviewHistoryOutcome *outcome);
void                  review_history_state_copy   (ReviewHistoryState       *dest,
                                                   const ReviewHistoryState *src);
void                  review_history_state_clear  (ReviewHistoryState       *state);
void                  review_history_state_take   (ReviewHistoryState       *state,
                                                   ReviewHistory            *history);

void review_history_add_finding_async    (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          ReviewShape                shape,
                                          const double              *points,
                                          guint                      n_points,
                                          const char                *finding_type,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
void review_history_update_finding_async (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const ReviewFindingRecord *finding,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
void review_history_delete_finding_async (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const char                *finding_uuid,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
void review_history_set_status_async     (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const char                *status,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
/* @fields: field names and values, in turn (a NULL-terminated vector of
 * pairs), each set through the history until one fails; then, when
 * @ident_status is not NULL, the identification (not undoable). */
void review_history_set_person_fields_async (ReviewStoreService     *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const char                *person_uuid,
                                          const char * const        *fields,
                                          const char                *ident_status,
                                          const char                *ident_basis,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
/* @person_uuid NULL: a new person, created first (outcome's uuid). */
void review_history_link_photo_async     (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const char                *person_uuid,
                                          gboolean                   linked,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
/* The person's facility: @facility_uuid, or a new facility named @new_name
 * (Arabic or not, as written), created first. */
void review_history_set_facility_async   (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          const char                *photo_uuid,
                                          const char                *person_uuid,
                                          const char                *facility_uuid,
                                          const char                *new_name,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
/* Undoes (or redoes) the newest edit; with nothing to undo the outcome's
 * where is NULL and nothing is written. */
void review_history_undo_async           (ReviewStoreService        *service,
                                          ReviewHistory             *history,
                                          gboolean                   redo,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
ReviewHistoryOutcome *review_history_undo_finish (ReviewStoreService *service,
                                                  GAsyncResult       *result,
                                                  GError            **error);
ReviewHistoryOutcome *review_history_edit_finish (ReviewStoreService *service,
                                                  GAsyncResult       *result,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewHistoryOutcome, review_history_outcome_free)

G_END_DECLS
