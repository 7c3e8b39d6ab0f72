/* review-lifecycle-async.c: the window's forms of the vault lifecycle
 *
 * Every keyring call is an async call on the caller's main context, so that
 * Cancel reaches a keyring prompt at once, and everything that touches the
 * vault's files runs in a worker thread; review-lifecycle.c has the
 * blocking forms and says what holds throughout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-error.h"
#include "review-gazetteer-private.h"
#include "review-key.h"
#include "review-lifecycle-private.h"
#include "review-recovery.h"
#include "review-text.h"

/* The window's forms run every keyring call as an async call on the
 * caller's main context, so that Cancel reaches a keyring prompt at once,
 * and everything that touches the vault's files in a worker thread. */

typedef enum
{
  OP_OPEN,            /* ids → keyring lookup → thread: open */
  OP_ACKNOWLEDGE,     /* the same, opening a vault whose audit trail is behind */
  OP_CREATE,          /* keyring ready → store → thread: create */
  OP_RECOVER,         /* thread: unwrap, open → keyring store → thread: audit */
  OP_REPAIR,          /* ids → keyring lookup (or the recovery key) → thread: repair */
  OP_REKEY,           /* thread: new recovery key */
} Op;

typedef struct
{
  Op                        op;
  int                       step;             /* OP_RECOVER: 0 unwrap, 1 audit */
  char                     *dir;
  char                     *display_name;
  ReviewRole                role;
  char                     *recovery_key;     /* secure memory: given, or made */
  ReviewKeyringFlags        flags;
  char                     *vault_id;
  ReviewKey                *key;
  ReviewVault              *vault;
  GStrv                     ids;
  guint                     next_id;
  ReviewLifecycleStageFunc  stage;
  gpointer                  stage_data;
} Job;

static void
job_free (Job *job)
{
  g_free (job->dir);
  g_free (job->display_name);
  if (job->recovery_key != NULL)
    review_secure_free_string (job->recovery_key);
  g_free (job->vault_id);
  g_clear_pointer (&job->key, review_key_free);
  g_clear_object (&job->vault);
  g_strfreev (job->ids);
  g_free (job);
}

static void
job_stage (Job                  *job,
           ReviewLifecycleStage  stage)
{
  if (job->stage != NULL)
    job->stage (stage, job->stage_data);
}

static char *
secure_copy (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = review_secure_alloc (strlen (text) + 1);
  strcpy (copy, text);
  return copy;
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  ReviewVault *vault = NULL;

  switch (job->op)
    {
    case OP_OPEN:
    case OP_ACKNOWLEDGE:
      vault = open_anchored (job->dir, job->key, job->op == OP_ACKNOWLEDGE, &error);
      break;
    case OP_CREATE:
      vault = review_vault_create (job->dir, job->vault_id, job->key, job->recovery_key,
                                   job->display_name, job->role, &error);
      if (vault != NULL)
        {
          review_gazetteer_prepare (vault);
          anchor_created (vault);
        }
      if (vault == NULL)
        {
          /* The key went into the keyring first: take it out again. */
          g_autoptr(GError) clear_error = NULL;
          if (!review_keyring_clear_sync (job->vault_id, NULL, &clear_error))
            g_warning ("Could not remove an unused vault key from the keyring: %s",
                       clear_error->message);
        }
      break;
    case OP_RECOVER:
      if (job->step == 0)
        {
          job->key = review_vault_recover_key (job->dir, job->recovery_key, &error);
          if (job->key != NULL)
            vault = open_anchored (job->dir, job->key, FALSE, &error);
        }
      else if (review_vault_audit (job->vault, "vault.recovered",
                                   review_vault_get_id (job->vault), "{\"via\":\"window\"}",
                                   &error))
        vault = g_object_ref (job->vault);
      break;
    case OP_REPAIR:
      vault = job->key != NULL
              ? repair_with_key (job->dir, job->key, "window", &error)
              : repair_with_stage (job->dir, job->recovery_key, job->flags, "window", NULL,
                                   cancellable, &error);
      break;
    case OP_REKEY:
      {
        char *made = NULL;
        if (review_lifecycle_rekey_recovery (job->vault, NULL, &made, cancellable, &error))
          {
            job->recovery_key = made;
            vault = g_object_ref (job->vault);
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (vault == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

static GTask *
new_job_task (Job                      *job,
              ReviewLifecycleStageFunc  stage,
              gpointer                  stage_data,
              GCancellable             *cancellable,
              GAsyncReadyCallback       callback,
              gpointer                  user_data,
              gpointer                  source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  job->stage = stage;
  job->stage_data = stage_data;
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[review] vault lifecycle");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  return task;
}

/* Looks the key up under each candidate id in turn (async, on this main
 * context), then runs the job's vault part in a worker. */
static void lookup_next (GTask *task);

static void
key_found_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job->key = review_keyring_lookup_finish (result, &error);
  if (job->key != NULL)
    {
      job_stage (job, REVIEW_LIFECYCLE_WORKING);
      g_task_run_in_thread (task, job_thread);
      return;
    }
  if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING) &&
      job->ids[job->next_id] != NULL)
    {
      lookup_next (g_steal_pointer (&task));
      return;
    }
  if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING))
    {
      g_autofree char *where = review_text_quote (job->dir, -1);
      g_task_return_new_error (task, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING,
                               _("The key of the vault in “%s” (vault id %s) is not in your "
                                 "keyring. Nothing was changed. You need the vault’s recovery "
                                 "key to open it."), where, job->ids[0]);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
lookup_next (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  const char *id = job->ids[job->next_id++];

  review_keyring_lookup_async (id, job->flags, g_task_get_cancellable (task), key_found_cb,
                               task);
}

static void
start_lookup (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!check_no_vault (job->dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  job->ids = review_vault_read_ids (job->dir);
  if (job->ids[0] == NULL)
    {
      g_autofree char *where = review_text_quote (job->dir, -1);
      g_task_return_new_error (task, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                               _("The vault in “%s” is damaged: neither vault.json nor "
                                 "recovery.json can be read, so its key cannot be found."),
                               where);
      g_object_unref (task);
      return;
    }
  job_stage (job, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  lookup_next (task);
}

void
review_lifecycle_open_async (const char               *dir,
                             ReviewKeyringFlags        flags,
                             ReviewLifecycleStageFunc  stage,
                             gpointer                  stage_data,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);

  job->op = OP_OPEN;
  job->dir = g_strdup (dir);
  job->flags = flags;
  start_lookup (new_job_task (job, stage, stage_data, cancellable, callback, user_data,
                              review_lifecycle_open_async));
}

ReviewVault *
review_lifecycle_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_lifecycle_acknowledge_async (const char               *dir,
                                    ReviewKeyringFlags        flags,
                                    ReviewLifecycleStageFunc  stage,
                                    gpointer                  stage_data,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);

  job->op = OP_ACKNOWLEDGE;
  job->dir = g_strdup (dir);
  job->flags = flags;
  start_lookup (new_job_task (job, stage, stage_data, cancellable, callback, user_data,
                              review_lifecycle_acknowledge_async));
}

ReviewVault *
review_lifecycle_acknowledge_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_key_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!review_keyring_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job_stage (job, REVIEW_LIFECYCLE_WORKING);
  g_task_run_in_thread (task, job_thread);
}

static void
create_keyring_ready_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!review_keyring_ensure_ready_finish (result, &error) ||
      (job->key = review_key_new_random (&error)) == NULL ||
      (job->recovery_key = review_recovery_key_generate (&error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  review_keyring_store_async (job->vault_id, job->key, job->flags, cancellable,
                              create_key_stored_cb, g_steal_pointer (&task));
}

void
review_lifecycle_create_async (const char               *dir,
                               const char               *display_name,
                               ReviewRole                role,
                               ReviewKeyringFlags        flags,
                               ReviewLifecycleStageFunc  stage,
                               gpointer                  stage_data,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);
  GTask *task;
  GError *error = NULL;

  job->op = OP_CREATE;
  job->dir = g_strdup (dir);
  job->display_name = g_strdup (display_name);
  job->role = role;
  job->flags = flags;
  job->vault_id = g_uuid_string_random ();
  task = new_job_task (job, stage, stage_data, cancellable, callback, user_data,
                       review_lifecycle_create_async);
  if (!review_vault_check_cipher (NULL, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (review_vault_exists (dir))
    {
      g_autofree char *where = review_text_quote (dir, -1);
      g_task_return_new_error (task, REVIEW_ERROR, REVIEW_ERROR_VAULT_EXISTS,
                               _("A vault already exists in “%s”; nothing was changed."), where);
      g_object_unref (task);
      return;
    }
  /* The keyring must be able to take the key before anything is written. */
  job_stage (job, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  review_keyring_ensure_ready_async (flags, cancellable, create_keyring_ready_cb, task);
}

/* @recovery_key: the new vault's recovery key, shown once (secure memory) */
ReviewVault *
review_lifecycle_create_finish (GAsyncResult  *result,
                                char         **recovery_key,
                                GError       **error)
{
  ReviewVault *vault = g_task_propagate_pointer (G_TASK (result), error);
  Job *job = g_task_get_task_data (G_TASK (result));

  if (recovery_key != NULL)
    *recovery_key = vault != NULL ? g_steal_pointer (&job->recovery_key) : NULL;
  return vault;
}

static void
recover_key_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!review_keyring_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, REVIEW_ERROR, error->code,
                                 _("The recovery key is right, but the vault’s key could not be "
                                   "stored in your keyring: %s"), error->message);
      return;
    }
  job->step = 1;
  job_stage (job, REVIEW_LIFECYCLE_WORKING);
  g_task_run_in_thread (task, job_thread);
}

static void
recover_unwrapped_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (outer);
  Job *inner_job = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable;
  GError *error = NULL;

  job->vault = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->vault == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  /* The key is proved on the vault: now into the keyring. */
  job->key = g_steal_pointer (&inner_job->key);
  job_stage (job, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  cancellable = g_task_get_cancellable (outer);
  review_keyring_store_async (review_vault_get_id (job->vault), job->key, job->flags,
                              cancellable, recover_key_stored_cb, g_steal_pointer (&outer));
}

void
review_lifecycle_recover_async (const char               *dir,
                                const char               *recovery_key,
                                ReviewKeyringFlags        flags,
                                ReviewLifecycleStageFunc  stage,
                                gpointer                  stage_data,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);
  Job *inner_job = g_new0 (Job, 1);
  GTask *task, *inner;
  GError *error = NULL;

  job->op = OP_RECOVER;
  job->dir = g_strdup (dir);
  job->flags = flags;
  task = new_job_task (job, stage, stage_data, cancellable, callback, user_data,
                       review_lifecycle_recover_async);
  if (!check_no_vault (dir, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      job_free (inner_job);
      return;
    }
  inner_job->op = OP_RECOVER;
  inner_job->dir = g_strdup (dir);
  inner_job->recovery_key = secure_copy (recovery_key);
  inner = new_job_task (inner_job, NULL, NULL, cancellable, recover_unwrapped_cb, task,
                        review_lifecycle_recover_async);
  job_stage (job, REVIEW_LIFECYCLE_WORKING);
  g_task_run_in_thread (inner, job_thread);
  g_object_unref (inner);
}

ReviewVault *
review_lifecycle_recover_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_lifecycle_repair_async (const char               *dir,
                               const char               *recovery_key,
                               ReviewKeyringFlags        flags,
                               ReviewLifecycleStageFunc  stage,
                               gpointer                  stage_data,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);
  GTask *task;

  job->op = OP_REPAIR;
  job->dir = g_strdup (dir);
  job->recovery_key = secure_copy (recovery_key);
  job->flags = flags;
  task = new_job_task (job, stage, stage_data, cancellable, callback, user_data,
                       review_lifecycle_repair_async);
  if (recovery_key == NULL)
    {
      start_lookup (task);
      return;
    }
  job_stage (job, REVIEW_LIFECYCLE_WORKING);
  g_task_run_in_thread (task, job_thread);
  g_object_unref (task);
}

ReviewVault *
review_lifecycle_repair_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_lifecycle_rekey_recovery_async (ReviewVault         *vault,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);
  GTask *task;

  job->op = OP_REKEY;
  job->vault = g_object_ref (vault);
  task = new_job_task (job, NULL, NULL, cancellable, callback, user_data,
                       review_lifecycle_rekey_recovery_async);
  g_task_run_in_thread (task, job_thread);
  g_object_unref (task);
}

gboolean
review_lifecycle_rekey_recovery_finish (GAsyncResult  *result,
                                        char         **recovery_key,
                                        GError       **error)
{
  g_autoptr(ReviewVault) vault = g_task_propagate_pointer (G_TASK (result), error);
  Job *job = g_task_get_task_data (G_TASK (result));

  if (recovery_key != NULL)
    *recovery_key = vault != NULL ? g_steal_pointer (&job->recovery_key) : NULL;
  return vault != NULL;
}

