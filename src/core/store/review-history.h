/* review-history.h: undo and redo for annotation edits
 *
 * Every edit goes to the vault at once (there is no Save); the history
 * remembers how to reverse it, and undoing is itself a new, audited edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "review-store.h"
#include "review-vault.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_HISTORY (review_history_get_type ())

G_DECLARE_FINAL_TYPE (ReviewHistory, review_history, REVIEW, HISTORY, GObject)

ReviewHistory *review_history_new            (ReviewVault         *vault);
gboolean       review_history_can_undo       (ReviewHistory       *self);
gboolean       review_history_can_redo       (ReviewHistory       *self);
/* The photo the next undo (or redo) would change, so the view can go there. */
const char    *review_history_peek_undo_photo (ReviewHistory      *self);
const char    *review_history_peek_redo_photo (ReviewHistory      *self);
gboolean       review_history_undo           (ReviewHistory       *self,
                                              GError             **error);
gboolean       review_history_redo           (ReviewHistory       *self,
                                              GError             **error);
void           review_history_clear          (ReviewHistory       *self);

char          *review_history_add_finding    (ReviewHistory       *self,
                                              const char          *photo_uuid,
                                              const ReviewFinding *finding,
                                              GError             **error);
gboolean       review_history_update_finding (ReviewHistory       *self,
                                              const char          *photo_uuid,
                                              const char          *finding_uuid,
                                              const ReviewFinding *finding,
                                              GError             **error);
gboolean       review_history_delete_finding (ReviewHistory       *self,
                                              const char          *photo_uuid,
                                              const char          *finding_uuid,
                                              GError             **error);
gboolean       review_history_set_status     (ReviewHistory       *self,
                                              const char          *photo_uuid,
                                              const char          *status,
                                              GError             **error);
gboolean       review_history_set_person_field (ReviewHistory     *self,
                                              const char          *photo_uuid,
                                              const char          *person_uuid,
                                              const char          *field,
                                              const char          *value,
                                              GError             **error);
gboolean       review_history_link_photo     (ReviewHistory       *self,
                                              const char          *photo_uuid,
                                              const char          *person_uuid,
                                              gboolean             linked,
                                              GError             **error);

G_END_DECLS
