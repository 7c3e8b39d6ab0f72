/* review-note-async.c: notes and a vault's local vocabulary terms, written
 * and read by the store service
 *
 * Notes are written as one job each; the local terms of the vocabularies
 * the workspace labels with are read at once when a vault opens, and a
 * new term is written as a job of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-job-args.h"
#include "review-note-async.h"
#include "review-store-query.h"
#include "review-store.h"

static gpointer
add_note_job (ReviewVault   *vault,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_add_note (vault, a->s[0], a->s[1], a->s[2], a->s[3], error);
}

void
review_note_add_async (ReviewStoreService  *service,
                       const char          *target_uuid,
                       const char          *lang,
                       const char          *text,
                       const char          *translation_of,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  review_store_service_run_async (service, add_note_job,
                                  REVIEW_JOB_ARGS (0, target_uuid, lang, text, translation_of),
                                  review_job_args_free, g_free, NULL, callback, user_data);
}

char *
review_note_add_finish (ReviewStoreService  *service,
                        GAsyncResult        *result,
                        GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
load_terms_job (ReviewVault   *vault,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  char **lists = data;
  GHashTable *terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);

  (void) cancellable; (void) error;
  for (guint i = 0; lists[i] != NULL; i++)
    {
      GPtrArray *list = review_store_list_local_terms (vault, lists[i], NULL);

      if (list != NULL)
        g_hash_table_insert (terms, g_strdup (lists[i]), list);
    }
  return terms;
}

void
review_local_terms_load_async (ReviewStoreService  *service,
                               const char * const  *vocabularies,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  review_store_service_run_async (service, load_terms_job, g_strdupv ((char **) vocabularies),
                                  (GDestroyNotify) g_strfreev,
                                  (GDestroyNotify) g_hash_table_unref, cancellable,
                                  callback, user_data);
}

GHashTable *
review_local_terms_load_finish (ReviewStoreService  *service,
                                GAsyncResult        *result,
                                GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
add_term_job (ReviewVault   *vault,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  ReviewJobArgs *a = data;

  (void) cancellable;
  return review_store_add_local_term (vault, a->s[0], a->s[1], a->s[2], a->s[3], error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

void
review_local_term_add_async (ReviewStoreService  *service,
                             const char          *vocabulary,
                             const char          *code,
                             const char          *en,
                             const char          *ar,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  review_store_service_run_async (service, add_term_job,
                                  REVIEW_JOB_ARGS (0, vocabulary, code, en, ar),
                                  review_job_args_free, NULL, NULL, callback, user_data);
}

gboolean
review_local_term_add_finish (ReviewStoreService  *service,
                              GAsyncResult        *result,
                              GError             **error)
{
  return review_store_service_run_boolean_finish (service, result, error);
}
