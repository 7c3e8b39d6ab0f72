/* review-history.c
 *
 * Two stacks of edits. An edit knows its photo, what it changed and the
 * values before and after; undo applies "before" through the same audited
 * store functions, redo applies "after". Findings keep their UUID across
 * undo and redo (deleting marks a finding, restoring unmarks it), so an
 * audit trail and a merge see one finding, not a chain of copies.
 *
 * A failed undo (the vault refused, or another window changed the row)
 * leaves both stacks as they were and reports the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-history.h"
#include "review-store-query.h"

#define MAX_EDITS 500

typedef enum
{
  EDIT_FINDING_ADDED,
  EDIT_FINDING_CHANGED,
  EDIT_FINDING_DELETED,
  EDIT_STATUS,
  EDIT_PERSON_FIELD,
  EDIT_LINK,
} EditKind;

typedef struct
{
  EditKind             kind;
  char                *photo_uuid;
  char                *target;      /* finding or person UUID */
  char                *field;       /* person field */
  char                *before;      /* status / field value; link: "1" or "" */
  char                *after;
  ReviewFindingRecord *finding_before;
  ReviewFindingRecord *finding_after;
} Edit;

struct _ReviewHistory
{
  GObject      parent_instance;
  ReviewVault *vault;
  GQueue       undo;   /* Edit*, newest at head */
  GQueue       redo;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewHistory, review_history, G_TYPE_OBJECT)

static void
edit_free (Edit *e)
{
  g_free (e->photo_uuid);
  g_free (e->target);
  g_free (e->field);
  g_free (e->before);
  g_free (e->after);
  review_finding_record_free (e->finding_before);
  review_finding_record_free (e->finding_after);
  g_free (e);
}

static Edit *
edit_new (EditKind    kind,
          const char *photo_uuid,
          const char *target)
{
  Edit *e = g_new0 (Edit, 1);

  e->kind = kind;
  e->photo_uuid = g_strdup (photo_uuid);
  e->target = g_strdup (target);
  return e;
}

static void
push (ReviewHistory *self,
      Edit          *e)
{
  g_queue_push_head (&self->undo, e);
  while (self->undo.length > MAX_EDITS)
    edit_free (g_queue_pop_tail (&self->undo));
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Applies one side of an edit. */
static gboolean
apply (ReviewHistory  *self,
       Edit           *e,
       gboolean        forward,
       GError        **error)
{
  ReviewFinding view = { 0 };

  switch (e->kind)
    {
    case EDIT_FINDING_ADDED:
      return forward ? review_store_restore_finding (self->vault, e->target, error)
                     : review_store_delete_finding (self->vault, e->target, error);
    case EDIT_FINDING_DELETED:
      return forward ? review_store_delete_finding (self->vault, e->target, error)
                     : review_store_restore_finding (self->vault, e->target, error);
    case EDIT_FINDING_CHANGED:
      review_finding_record_view (forward ? e->finding_after : e->finding_before, &view);
      return review_store_update_finding (self->vault, e->target, &view, error);
    case EDIT_STATUS:
      return review_store_set_photo_status (self->vault, e->photo_uuid,
                                            forward ? e->after : e->before, error);
    case EDIT_PERSON_FIELD:
      return review_store_set_person_field (self->vault, e->target, e->field,
                                            forward ? e->after : e->before, error);
    case EDIT_LINK:
      return review_store_link_photo (self->vault, e->target, e->photo_uuid,
                                      *(forward ? e->after : e->before) != '\0', error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
move (ReviewHistory  *self,
      GQueue         *from,
      GQueue         *to,
      gboolean        forward,
      GError        **error)
{
  Edit *e = g_queue_peek_head (from);

  if (e == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           forward ? _("There is nothing to redo.") : _("There is nothing to undo."));
      return FALSE;
    }
  if (!apply (self, e, forward, error))
    return FALSE;
  g_queue_pop_head (from);
  g_queue_push_head (to, e);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
review_history_undo (ReviewHistory  *self,
                     GError        **error)
{
  g_return_val_if_fail (REVIEW_IS_HISTORY (self), FALSE);
  return move (self, &self->undo, &self->redo, FALSE, error);
}

gboolean
review_history_redo (ReviewHistory  *self,
                     GError        **error)
{
  g_return_val_if_fail (REVIEW_IS_HISTORY (self), FALSE);
  return move (self, &self->redo, &self->undo, TRUE, error);
}

gboolean
review_history_can_undo (ReviewHistory *self)
{
  return !g_queue_is_empty (&self->undo);
}

gboolean
review_history_can_redo (ReviewHistory *self)
{
  return !g_queue_is_empty (&self->redo);
}

const char *
review_history_peek_undo_photo (ReviewHistory *self)
{
  Edit *e = g_queue_peek_head (&self->undo);
  return e ? e->photo_uuid : NULL;
}

const char *
review_history_peek_redo_photo (ReviewHistory *self)
{
  Edit *e = g_queue_peek_head (&self->redo);
  return e ? e->photo_uuid : NULL;
}

void
review_history_clear (ReviewHistory *self)
{
  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* --- edits -------------------------------------------------------------- */

char *
review_history_add_finding (ReviewHistory        *self,
                            const char           *photo_uuid,
                            const ReviewFinding  *finding,
                            GError              **error)
{
  g_autofree char *uuid = review_store_add_finding (self->vault, photo_uuid, finding, error);

  if (uuid == NULL)
    return NULL;
  push (self, edit_new (EDIT_FINDING_ADDED, photo_uuid, uuid));
  return g_steal_pointer (&uuid);
}

gboolean
review_history_update_finding (ReviewHistory        *self,
                               const char           *photo_uuid,
                               const char           *finding_uuid,
                               const ReviewFinding  *finding,
                               GError              **error)
{
  g_autoptr(ReviewFindingRecord) before = review_store_get_finding (self->vault, finding_uuid,
                                                                    error);
  ReviewFindingRecord *after;
  Edit *e;

  if (before == NULL ||
      !review_store_update_finding (self->vault, finding_uuid, finding, error) ||
      (after = review_store_get_finding (self->vault, finding_uuid, error)) == NULL)
    return FALSE;
  e = edit_new (EDIT_FINDING_CHANGED, photo_uuid, finding_uuid);
  e->finding_before = g_steal_pointer (&before);
  e->finding_after = after;
  push (self, e);
  return TRUE;
}

gboolean
review_history_delete_finding (ReviewHistory  *self,
                               const char     *photo_uuid,
                               const char     *finding_uuid,
                               GError        **error)
{
  if (!review_store_delete_finding (self->vault, finding_uuid, error))
    return FALSE;
  push (self, edit_new (EDIT_FINDING_DELETED, photo_uuid, finding_uuid));
  return TRUE;
}

gboolean
review_history_set_status (ReviewHistory  *self,
                           const char     *photo_uuid,
                           const char     *status,
                           GError        **error)
{
  g_autofree char *before = review_store_get_photo_status (self->vault, photo_uuid, error);
  Edit *e;

  if (before == NULL ||
      !review_store_set_photo_status (self->vault, photo_uuid, status, error))
    return FALSE;
  if (g_strcmp0 (before, status) == 0)
    return TRUE;
  e = edit_new (EDIT_STATUS, photo_uuid, photo_uuid);
  e->before = g_steal_pointer (&before);
  e->after = g_strdup (status);
  push (self, e);
  return TRUE;
}

gboolean
review_history_set_person_field (ReviewHistory  *self,
                                 const char     *photo_uuid,
                                 const char     *person_uuid,
                                 const char     *field,
                                 const char     *value,
                                 GError        **error)
{
  g_autoptr(GHashTable) person = review_store_get_person (self->vault, person_uuid, error);
  const char *before;
  Edit *e;

  if (person == NULL)
    return FALSE;
  before = g_hash_table_lookup (person, field);
  if (!review_store_set_person_field (self->vault, person_uuid, field, value, error))
    return FALSE;
  if (g_strcmp0 (before ? before : "", value ? value : "") == 0)
    return TRUE;
  e = edit_new (EDIT_PERSON_FIELD, photo_uuid, person_uuid);
  e->field = g_strdup (field);
  e->before = g_strdup (before ? before : "");
  e->after = g_strdup (value ? value : "");
  push (self, e);
  return TRUE;
}

gboolean
review_history_link_photo (ReviewHistory  *self,
                           const char     *photo_uuid,
                           const char     *person_uuid,
                           gboolean        linked,
                           GError        **error)
{
  g_auto(GStrv) current = review_store_photo_persons (self->vault, photo_uuid, error);
  gboolean was;
  Edit *e;

  if (current == NULL)
    return FALSE;
  was = g_strv_contains ((const char * const *) current, person_uuid);
  if (!review_store_link_photo (self->vault, person_uuid, photo_uuid, linked, error))
    return FALSE;
  if (was == linked)
    return TRUE;
  e = edit_new (EDIT_LINK, photo_uuid, person_uuid);
  e->before = g_strdup (was ? "1" : "");
  e->after = g_strdup (linked ? "1" : "");
  push (self, e);
  return TRUE;
}

/* --- object ------------------------------------------------------------- */

ReviewHistory *
review_history_new (ReviewVault *vault)
{
  ReviewHistory *self = g_object_new (REVIEW_TYPE_HISTORY, NULL);

  self->vault = g_object_ref (vault);
  return self;
}

static void
review_history_finalize (GObject *object)
{
  ReviewHistory *self = REVIEW_HISTORY (object);

  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (review_history_parent_class)->finalize (object);
}

static void
review_history_class_init (ReviewHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = review_history_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
review_history_init (ReviewHistory *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}
