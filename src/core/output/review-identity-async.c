/* review-identity-async.c: the reviewer's profile, the vault's signing
 * identity and its recovery key, changed through the store service
 *
 * What Preferences changes in the vault, each as a job of the vault's
 * store service, so that the window never waits on the database (or on
 * the keyring while the database is in use): the profile (written in the
 * worker; the object in memory belongs to the main thread and changes
 * there), the signing identity (described, exported, created or imported
 * with the blocking forms of review-signer.c, which run their own main
 * context) and a new recovery key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-identity-async.h"
#include "review-key.h"
#include "review-lifecycle.h"
#include "review-vault-private.h"
#include "review-profile-private.h"

/* --- the profile -------------------------------------------------------- */

typedef struct
{
  char       *id;
  char       *old_name;
  ReviewRole  old_role;
  char       *name;
  ReviewRole  role;
} ProfileChange;

static void
profile_change_free (ProfileChange *c)
{
  g_free (c->id);
  g_free (c->old_name);
  g_free (c->name);
  g_free (c);
}

static ProfileChange *
profile_change_copy (const ProfileChange *c)
{
  ProfileChange *copy = g_new0 (ProfileChange, 1);

  copy->id = g_strdup (c->id);
  copy->old_name = g_strdup (c->old_name);
  copy->old_role = c->old_role;
  copy->name = g_strdup (c->name);
  copy->role = c->role;
  return copy;
}

static gpointer
profile_job (ReviewVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ProfileChange *c = data;

  (void) cancellable;
  return review_profile_write_change (review_vault_get_db (vault), c->id, c->old_name,
                                      c->old_role, c->name, c->role, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
profile_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProfileChange *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!review_store_service_run_boolean_finish (REVIEW_STORE_SERVICE (source), result, &error))
    {
      ReviewProfile *profile =
        review_vault_get_profile (review_store_service_get_vault (REVIEW_STORE_SERVICE (source)));

      /* Back to what the vault holds, unless a later change came since. */
      if (g_strcmp0 (review_profile_get_display_name (profile), c->name) == 0 &&
          review_profile_get_role (profile) == c->role)
        review_profile_set_values (profile, c->old_name, c->old_role);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * review_profile_save_async:
 *
 * Main thread only: the profile object changes at once, so that the next
 * change is compared with this one; the vault is written in the worker.
 */
void
review_profile_save_async (ReviewStoreService  *service,
                           const char          *display_name,
                           ReviewRole           role,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ReviewProfile *profile = review_vault_get_profile (review_store_service_get_vault (service));
  ProfileChange *c = g_new0 (ProfileChange, 1);
  GTask *task;

  c->id = g_strdup (review_profile_get_id (profile));
  c->old_name = g_strdup (review_profile_get_display_name (profile));
  c->old_role = review_profile_get_role (profile);
  c->name = g_strdup (display_name);
  c->role = role;
  task = g_task_new (service, NULL, callback, user_data);
  g_task_set_source_tag (task, review_profile_save_async);
  g_task_set_task_data (task, profile_change_copy (c), (GDestroyNotify) profile_change_free);
  review_store_service_run_async (service, profile_job, c, (GDestroyNotify) profile_change_free,
                                  NULL, NULL, profile_saved_cb, task);
  review_profile_set_values (profile, display_name, role);
}

gboolean
review_profile_save_finish (ReviewStoreService  *service,
                            GAsyncResult        *result,
                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the signing identity ----------------------------------------------- */

void
review_signature_info_free (ReviewSignatureInfo *info)
{
  if (info == NULL)
    return;
  review_signature_info_clear (info);
  g_free (info);
}

static gpointer
describe_job (ReviewVault   *vault,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  ReviewSignatureInfo *info = g_new0 (ReviewSignatureInfo, 1);

  (void) data; (void) cancellable;
  if (!review_signer_describe (vault, info, error))
    {
      review_signature_info_free (info);
      return NULL;
    }
  return info;
}

void
review_signer_describe_async (ReviewStoreService  *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  review_store_service_run_async (service, describe_job, NULL, NULL,
                                  (GDestroyNotify) review_signature_info_free, cancellable,
                                  callback, user_data);
}

ReviewSignatureInfo *
review_signer_describe_finish (ReviewStoreService  *service,
                               GAsyncResult        *result,
                               GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

static gpointer
export_job (ReviewVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  (void) data; (void) cancellable;
  return review_signer_export_certificate (vault, error);
}

void
review_signer_export_certificate_async (ReviewStoreService  *service,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  review_store_service_run_async (service, export_job, NULL, NULL, g_free, NULL,
                                  callback, user_data);
}

char *
review_signer_export_certificate_finish (ReviewStoreService  *service,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

typedef struct
{
  gboolean             import;
  ReviewSignerKeyType  key_type;
  char                *name;
  char                *organization;
  char                *email;
  GBytes              *pkcs12;
  char                *password;      /* secure memory */
  ReviewKeyringFlags   flags;
} SignerArgs;

static void
signer_args_free (SignerArgs *a)
{
  g_free (a->name);
  g_free (a->organization);
  g_free (a->email);
  g_clear_pointer (&a->pkcs12, g_bytes_unref);
  if (a->password != NULL)
    review_secure_free_string (a->password);
  g_free (a);
}

static gpointer
signer_job (ReviewVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  SignerArgs *a = data;
  g_auto(ReviewSignatureInfo) info = { 0 };
  /* Replacing is what the reviewer confirmed when there is one. */
  gboolean replace = review_signer_describe (vault, &info, NULL);

  if (a->import)
    return review_signer_import_sync (vault, a->pkcs12, a->password, replace, a->flags,
                                      cancellable, error);
  return review_signer_create_sync (vault, a->key_type, a->name, a->organization, a->email,
                                    replace, a->flags, cancellable, error);
}

void
review_signer_create_in_service_async (ReviewStoreService  *service,
                                       ReviewSignerKeyType  key_type,
                                       const char          *name,
                                       const char          *organization,
                                       const char          *email,
                                       ReviewKeyringFlags   flags,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  SignerArgs *a = g_new0 (SignerArgs, 1);

  a->key_type = key_type;
  a->name = g_strdup (name);
  a->organization = g_strdup (organization);
  a->email = g_strdup (email);
  a->flags = flags;
  review_store_service_run_async (service, signer_job, a, (GDestroyNotify) signer_args_free,
                                  g_object_unref, cancellable, callback, user_data);
}

void
review_signer_import_in_service_async (ReviewStoreService  *service,
                                       GBytes              *pkcs12,
                                       const char          *password,
                                       ReviewKeyringFlags   flags,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  SignerArgs *a = g_new0 (SignerArgs, 1);

  a->import = TRUE;
  a->pkcs12 = g_bytes_ref (pkcs12);
  if (password != NULL)
    {
      a->password = review_secure_alloc (strlen (password) + 1);
      strcpy (a->password, password);
    }
  a->flags = flags;
  review_store_service_run_async (service, signer_job, a, (GDestroyNotify) signer_args_free,
                                  g_object_unref, cancellable, callback, user_data);
}

ReviewSigner *
review_signer_in_service_finish (ReviewStoreService  *service,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}

/* --- the recovery key --------------------------------------------------- */

static gpointer
rekey_job (ReviewVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  char *made = NULL;

  (void) data;
  if (!review_lifecycle_rekey_recovery (vault, NULL, &made, cancellable, error))
    return NULL;
  return made;
}

void
review_rekey_recovery_async (ReviewStoreService  *service,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  review_store_service_run_async (service, rekey_job, NULL, NULL,
                                  (GDestroyNotify) review_secure_free_string, cancellable,
                                  callback, user_data);
}

char *
review_rekey_recovery_finish (ReviewStoreService  *service,
                              GAsyncResult        *result,
                              GError             **error)
{
  return review_store_service_run_finish (service, result, error);
}
