/* review-store-service.c: the vault's database, on a worker of its own
 *
 * The window never waits on the database. Once a vault is open, its
 * connection belongs to this service: one worker thread, running its own
 * main context, takes the jobs in the order they were asked for (so a
 * write and the read that follows it see each other) and hands each
 * result back as a GTask, delivered in the main context of the thread
 * that asked. A job whose GCancellable is cancelled before it starts is
 * not run; one already running may check the cancellable itself.
 *
 * The worker's own main context also runs what the vault schedules there
 * (the deferred keeping of the audit head after a commit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-store-service.h"

struct _ReviewStoreService
{
  GObject       parent_instance;
  ReviewVault  *vault;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
};

G_DEFINE_FINAL_TYPE (ReviewStoreService, review_store_service, G_TYPE_OBJECT)

typedef struct
{
  ReviewStoreJob  job;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

static gpointer
worker_main (gpointer data)
{
  ReviewStoreService *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  /* Whatever the vault scheduled here last (a keeping of the head that
   * waited for a commit) still runs before the thread ends. */
  while (g_main_context_pending (self->context))
    g_main_context_iteration (self->context, FALSE);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
review_store_service_dispose (GObject *object)
{
  ReviewStoreService *self = REVIEW_STORE_SERVICE (object);

  /* A running job holds a reference on its task and the task one on the
   * service: nothing is left to run when this is reached. */
  if (self->thread != NULL)
    {
      g_main_context_invoke_full (self->context, G_PRIORITY_LOW, quit_cb,
                                  g_main_loop_ref (self->loop),
                                  (GDestroyNotify) g_main_loop_unref);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
  G_OBJECT_CLASS (review_store_service_parent_class)->dispose (object);
}

static void
review_store_service_finalize (GObject *object)
{
  ReviewStoreService *self = REVIEW_STORE_SERVICE (object);

  g_clear_object (&self->vault);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (review_store_service_parent_class)->finalize (object);
}

static void
review_store_service_class_init (ReviewStoreServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = review_store_service_dispose;
  object_class->finalize = review_store_service_finalize;
}

static void
review_store_service_init (ReviewStoreService *self)
{
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

/**
 * review_store_service_new:
 * @vault: an open vault; from now on only the service uses its connection
 */
ReviewStoreService *
review_store_service_new (ReviewVault *vault)
{
  ReviewStoreService *self;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  self = g_object_new (REVIEW_TYPE_STORE_SERVICE, NULL);
  self->vault = g_object_ref (vault);
  self->thread = g_thread_new ("review-store", worker_main, self);
  return self;
}

/**
 * review_store_service_get_vault:
 *
 * The vault, for what needs no database: its folder, id, profile. Never
 * call anything that reads or writes it from another thread than the
 * service's (test builds abort when the main thread does).
 */
ReviewVault *
review_store_service_get_vault (ReviewStoreService *self)
{
  g_return_val_if_fail (REVIEW_IS_STORE_SERVICE (self), NULL);
  return self->vault;
}

typedef struct
{
  GTask    *task;
  gpointer  result;
  GError   *error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_object_unref (outcome->task);
  g_free (outcome);
}

/* In the caller's context: the task is returned, and released, there, so
 * that the service (the task's source object) is never released last by
 * its own worker, which would then have to join itself. */
static gboolean
return_cb (gpointer data)
{
  Outcome *outcome = data;
  Job *job = g_task_get_task_data (outcome->task);

  if (outcome->error != NULL)
    g_task_return_error (outcome->task, g_steal_pointer (&outcome->error));
  else
    g_task_return_pointer (outcome->task, g_steal_pointer (&outcome->result), job->result_free);
  return G_SOURCE_REMOVE;
}

/* In the worker: owns one reference on the task, handed on to return_cb. */
static gboolean
run_job_cb (gpointer data)
{
  Outcome *outcome = g_new0 (Outcome, 1);
  ReviewStoreService *self;
  GCancellable *cancellable;
  Job *job;

  outcome->task = data;
  self = g_task_get_source_object (outcome->task);
  job = g_task_get_task_data (outcome->task);
  cancellable = g_task_get_cancellable (outcome->task);
  if (!g_cancellable_set_error_if_cancelled (cancellable, &outcome->error))
    {
      outcome->result = job->job (self->vault, job->data, cancellable, &outcome->error);
      if (outcome->error != NULL && outcome->result != NULL && job->result_free != NULL)
        g_clear_pointer (&outcome->result, job->result_free);
    }
  g_main_context_invoke_full (g_task_get_context (outcome->task), G_PRIORITY_DEFAULT, return_cb,
                              outcome, (GDestroyNotify) outcome_free);
  return G_SOURCE_REMOVE;
}

/**
 * review_store_service_run_async:
 * @job: what to run in the worker
 * @data: (transfer full): its argument, freed with @data_free in the end
 * @result_free: frees @job's result if nobody takes it
 *
 * Runs @job in the worker after every job asked for before it. The
 * callback runs in the thread-default main context of the caller.
 */
void
review_store_service_run_async (ReviewStoreService  *self,
                                ReviewStoreJob       job,
                                gpointer             data,
                                GDestroyNotify       data_free,
                                GDestroyNotify       result_free,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Job *j;

  g_return_if_fail (REVIEW_IS_STORE_SERVICE (self));
  g_return_if_fail (job != NULL);

  j = g_new0 (Job, 1);
  j->job = job;
  j->data = data;
  j->data_free = data_free;
  j->result_free = result_free;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_store_service_run_async);
  g_task_set_task_data (task, j, (GDestroyNotify) job_free);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, run_job_cb, task, NULL);
}

/**
 * review_store_service_run_finish:
 *
 * Returns: (transfer full): the job's result; NULL with @error set if it
 *   failed or was cancelled (a job may also return NULL with no error)
 */
gpointer
review_store_service_run_finish (ReviewStoreService  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * review_store_service_run_boolean_finish:
 *
 * For jobs that return GINT_TO_POINTER (TRUE) on success.
 */
gboolean
review_store_service_run_boolean_finish (ReviewStoreService  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return value != NULL;
}

static gpointer
close_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  (void) data; (void) cancellable; (void) error;
  review_vault_close (vault);
  return GINT_TO_POINTER (TRUE);
}

/**
 * review_store_service_close_async:
 *
 * Closes the vault's connection in the worker, after every job asked for
 * before (keeping the audit head first when the vault was told to).
 */
void
review_store_service_close_async (ReviewStoreService  *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  review_store_service_run_async (self, close_job, NULL, NULL, NULL, NULL, callback, user_data);
}

gboolean
review_store_service_close_finish (ReviewStoreService  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  return review_store_service_run_boolean_finish (self, result, error);
}
