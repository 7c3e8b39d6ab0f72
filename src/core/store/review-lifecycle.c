/* review-lifecycle.c: creating, opening, recovering, repairing a vault, and
 * giving it a new recovery key, written once
 *
 * Each workflow is a blocking function for the command line and a GTask
 * for the window, whose keyring calls are async calls on the window's main
 * context (so that Cancel reaches a keyring prompt at once) and whose work
 * on the vault's files runs in a worker. Between its steps a workflow tells
 * the window whether it now waits for the keyring (which may be showing its
 * prompt: the window then offers Cancel) or works on the vault.
 *
 * What holds throughout:
 *   - a folder that holds any vault file is never made into a new vault,
 *     and an emptied or missing vault.db is reported as damaged, never
 *     re-made (review_vault_exists(), review_vault_check_files());
 *   - no path deletes a file that it did not create in the same call: a
 *     failed create removes its own new files and its keyring item only;
 *   - vault.json is derived data: when it is damaged and the key still
 *     opens the database, the error says so (INFO_DAMAGED) and
 *     review_lifecycle_repair() rewrites it, as an audit event;
 *   - the key is proved on the vault before it goes into the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "review-anchor-private.h"
#include "review-error.h"
#include "review-gazetteer-private.h"
#include "review-key.h"
#include "review-lifecycle.h"
#include "review-lifecycle-private.h"
#include "review-recovery.h"
#include "review-text.h"
#include "review-vault-private.h"
#include "review-vault-anchor.h"

static void
report_stage (const Stage          *stage,
              ReviewLifecycleStage  value)
{
  if (stage != NULL && stage->func != NULL)
    stage->func (value, stage->data);
}

gboolean
check_no_vault (const char  *dir,
                GError     **error)
{
  if (!review_vault_check_cipher (NULL, error))
    return FALSE;
  if (!review_vault_exists (dir))
    {
      g_autofree char *where = review_text_quote (dir, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_VAULT,
                   _("There is no vault in “%s”. Create one with: review vault create"), where);
      return FALSE;
    }
  /* An emptied or missing vault.db is damage, found before any keyring
   * call: the folder's other files say a vault was here. */
  return review_vault_check_files (dir, error);
}

/* The key from the keyring, under vault.json's id or, when vault.json is
 * damaged, recovery.json's. */
static ReviewKey *
lookup_key (const char          *dir,
            ReviewKeyringFlags   flags,
            const Stage         *stage,
            GCancellable        *cancellable,
            GError             **error)
{
  g_auto(GStrv) ids = review_vault_read_ids (dir);
  g_autoptr(GError) first_error = NULL;

  if (ids[0] == NULL)
    {
      g_autofree char *where = review_text_quote (dir, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The vault in “%s” is damaged: neither vault.json nor recovery.json can "
                     "be read, so its key cannot be found."), where);
      return NULL;
    }
  report_stage (stage, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      ReviewKey *key = review_keyring_lookup_sync (ids[i], flags, cancellable, &local_error);

      if (key != NULL)
        return key;
      if (!g_error_matches (local_error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }
  {
    g_autofree char *where = review_text_quote (dir, -1);
    g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING,
                 _("The key of the vault in “%s” (vault id %s) is not in your keyring. "
                   "Nothing was changed. You need the vault’s recovery key to open it."),
                 where, ids[0]);
  }
  return NULL;
}

/* --- the audit trail's kept head ------------------------------------------------- */

#define ANCHOR_STATE_KEY "review-lifecycle-anchor-state"
#define ANCHOR_ACK_KEY   "review-lifecycle-anchor-acknowledged"

typedef struct
{
  gboolean           acknowledge;  /* open a vault that is behind, and record it */
  ReviewAnchorCheck  check;
} AnchorGate;

/* Runs inside review_vault_open_checked(), before anything is written. */
static gboolean
anchor_gate_cb (sqlite3     *db,
                const char  *vault_id,
                gpointer     user_data,
                GError     **error)
{
  AnchorGate *gate = user_data;

  if (!review_anchor_check (db, vault_id, &gate->check, error))
    return FALSE;
  if (review_anchor_check_behind (&gate->check) && !gate->acknowledge)
    {
      review_anchor_set_error (&gate->check, error);
      return FALSE;
    }
  return TRUE;
}

/* Opens with the anchor check; when @acknowledge and the vault is behind,
 * records the loss as an audit event. Then the head is kept (a vault not
 * anchored here yet is anchored now). */
ReviewVault *
open_anchored (const char       *dir,
               const ReviewKey  *key,
               gboolean          acknowledge,
               GError          **error)
{
  AnchorGate gate = { acknowledge, { 0 } };
  g_autoptr(ReviewVault) vault = NULL;
  ReviewAnchorState state;

  vault = review_vault_open_checked (dir, key, anchor_gate_cb, &gate, error);
  if (vault == NULL)
    {
      review_anchor_check_clear (&gate.check);
      return NULL;
    }
  review_gazetteer_prepare (vault);
  state = gate.check.state;
  if (review_anchor_check_behind (&gate.check))
    {
      g_autofree char *details = NULL;
      gint64 *range = g_new (gint64, 2);

      details = g_strdup_printf ("{\"missing_from\":%" G_GINT64_FORMAT
                                 ",\"missing_to\":%" G_GINT64_FORMAT
                                 ",\"kept_entries\":%" G_GINT64_FORMAT
                                 ",\"kept_hash\":\"%s\",\"vault_entries\":%" G_GINT64_FORMAT
                                 ",\"replaced\":%s}",
                                 gate.check.missing_from, gate.check.missing_to,
                                 gate.check.kept_entries, gate.check.kept_hash,
                                 gate.check.vault_entries,
                                 gate.check.replaced ? "true" : "false");
      if (!review_vault_audit (vault, "audit.rollback-acknowledged", review_vault_get_id (vault),
                               details, error))
        {
          g_free (range);
          review_anchor_check_clear (&gate.check);
          return NULL;
        }
      range[0] = gate.check.missing_from;
      range[1] = gate.check.missing_to;
      g_object_set_data_full (G_OBJECT (vault), ANCHOR_ACK_KEY, range, g_free);
    }
  /* Keep the head now unless the kept one is already this vault's. */
  if (state != REVIEW_ANCHOR_UNAVAILABLE &&
      (state != REVIEW_ANCHOR_ANCHORED || review_anchor_check_behind (&gate.check) ||
       gate.check.kept_entries != gate.check.vault_entries))
    {
      g_autoptr(GError) keep_error = NULL;

      if (review_anchor_keep (vault, &keep_error))
        review_vault_note_anchored (vault);
      else
        g_debug ("The audit trail's head could not be kept: %s", keep_error->message);
    }
  else if (state == REVIEW_ANCHOR_ANCHORED)
    review_vault_note_anchored (vault);
  g_object_set_data (G_OBJECT (vault), ANCHOR_STATE_KEY, GINT_TO_POINTER (state + 1));
  review_anchor_check_clear (&gate.check);
  return g_steal_pointer (&vault);
}

/* A new vault's head is kept at once: it is anchored here from its start. */
void
anchor_created (ReviewVault *vault)
{
  review_lifecycle_keep_audit_head (vault, TRUE);
  g_object_set_data (G_OBJECT (vault), ANCHOR_STATE_KEY,
                     GINT_TO_POINTER (REVIEW_ANCHOR_ANCHORED + 1));
}

/**
 * review_lifecycle_anchor_state:
 *
 * What the open found about the audit trail's kept head: anchored, not
 * anchored on this computer yet (it is now), or the keyring could not say.
 */
ReviewAnchorState
review_lifecycle_anchor_state (ReviewVault *vault)
{
  int value;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), REVIEW_ANCHOR_UNAVAILABLE);
  value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (vault), ANCHOR_STATE_KEY));
  return value == 0 ? REVIEW_ANCHOR_UNAVAILABLE : (ReviewAnchorState) (value - 1);
}

/**
 * review_lifecycle_acknowledged:
 *
 * Whether this open recorded missing entries (review_lifecycle_acknowledge()),
 * and which.
 */
gboolean
review_lifecycle_acknowledged (ReviewVault *vault,
                               gint64      *missing_from,
                               gint64      *missing_to)
{
  gint64 *range;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  range = g_object_get_data (G_OBJECT (vault), ANCHOR_ACK_KEY);
  if (missing_from != NULL)
    *missing_from = range != NULL ? range[0] : 0;
  if (missing_to != NULL)
    *missing_to = range != NULL ? range[1] : 0;
  return range != NULL;
}

void
review_lifecycle_keep_audit_head_on_close (ReviewVault  *vault,
                                           GApplication *app)
{
  g_return_if_fail (REVIEW_IS_VAULT (vault));
  if (review_vault_get_db (vault) == NULL)
    return;
  review_anchor_keep_holding (vault, app);
  review_vault_note_anchored (vault);
}

/**
 * review_lifecycle_keep_audit_head:
 * @wait: %FALSE from the UI thread: the keyring is written by a worker
 *
 * Keeps the vault's audit head in the keyring (lock, report, export,
 * closing the window). Never fails: the keyring may be away.
 */
void
review_lifecycle_keep_audit_head (ReviewVault *vault,
                                  gboolean     wait)
{
  g_return_if_fail (REVIEW_IS_VAULT (vault));
  if (review_vault_get_db (vault) == NULL)
    return;
  if (!wait)
    {
      review_anchor_keep_in_background (vault);
      review_vault_note_anchored (vault);
      return;
    }
  {
    g_autoptr(GError) error = NULL;
    if (review_anchor_keep (vault, &error))
      review_vault_note_anchored (vault);
    else
      g_debug ("The audit trail's head could not be kept: %s", error->message);
  }
}

/* --- open ------------------------------------------------------------------ */

static ReviewVault *
open_with_stage (const char          *dir,
                 ReviewKeyringFlags   flags,
                 gboolean             acknowledge,
                 const Stage         *stage,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(ReviewKey) key = NULL;

  if (!check_no_vault (dir, error))
    return NULL;
  key = lookup_key (dir, flags, stage, cancellable, error);
  if (key == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  report_stage (stage, REVIEW_LIFECYCLE_WORKING);
  return open_anchored (dir, key, acknowledge, error);
}

/**
 * review_lifecycle_open:
 *
 * Opens the vault in @dir with its key from the keyring. Read-only until
 * every check has passed: a damaged folder is reported, never changed.
 *
 * Returns: (transfer full) (nullable)
 */
ReviewVault *
review_lifecycle_open (const char          *dir,
                       ReviewKeyringFlags   flags,
                       GCancellable        *cancellable,
                       GError             **error)
{
  ReviewVault *vault = open_with_stage (dir, flags, FALSE, NULL, cancellable, error);

  if (vault != NULL)
    review_vault_set_anchor_on_close (vault, TRUE);
  return vault;
}

/**
 * review_lifecycle_acknowledge:
 *
 * Opens the vault in @dir even when its audit trail is behind the head
 * kept on this computer (truncated, or an older copy): the missing entries
 * are recorded as an audit event (audit.rollback-acknowledged) and the
 * head is kept anew. See review_lifecycle_acknowledged().
 *
 * Returns: (transfer full) (nullable)
 */
ReviewVault *
review_lifecycle_acknowledge (const char          *dir,
                              ReviewKeyringFlags   flags,
                              GCancellable        *cancellable,
                              GError             **error)
{
  ReviewVault *vault = open_with_stage (dir, flags, TRUE, NULL, cancellable, error);

  if (vault != NULL)
    review_vault_set_anchor_on_close (vault, TRUE);
  return vault;
}

/* --- create ------------------------------------------------------------------ */

static ReviewVault *
create_with_stage (const char          *dir,
                   const char          *display_name,
                   ReviewRole           role,
                   const char          *recovery_key_file,
                   ReviewKeyringFlags   flags,
                   char               **recovery_key_out,
                   const Stage         *stage,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autofree char *vault_id = g_uuid_string_random ();
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GError) local_error = NULL;
  char *recovery_key = NULL;
  gboolean stored = FALSE, wrote_file = FALSE;

  if (recovery_key_out != NULL)
    *recovery_key_out = NULL;
  if (!review_vault_check_cipher (NULL, error))
    return NULL;
  if (review_vault_exists (dir))
    {
      g_autofree char *where = review_text_quote (dir, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_VAULT_EXISTS,
                   _("A vault already exists in “%s”; nothing was changed."), where);
      return NULL;
    }
  if (recovery_key_file != NULL && g_file_test (recovery_key_file, G_FILE_TEST_EXISTS))
    {
      g_autofree char *where = review_text_quote (recovery_key_file, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The file “%s” already exists; choose a new file for the recovery key."),
                   where);
      return NULL;
    }

  /* The keyring must be able to take the key before anything is written. */
  report_stage (stage, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  if (!review_keyring_ensure_ready_sync (flags, cancellable, error))
    return NULL;
  key = review_key_new_random (error);
  if (key == NULL)
    return NULL;
  recovery_key = review_recovery_key_generate (error);
  if (recovery_key == NULL)
    return NULL;
  if (!review_keyring_store_sync (vault_id, key, flags, cancellable, &local_error))
    goto fail;
  stored = TRUE;

  report_stage (stage, REVIEW_LIFECYCLE_WORKING);
  vault = review_vault_create (dir, vault_id, key, recovery_key, display_name, role,
                               &local_error);
  if (vault == NULL)
    goto fail;
  review_gazetteer_prepare (vault);
  if (recovery_key_file != NULL)
    {
      if (!review_recovery_key_write_file (recovery_key_file, recovery_key, FALSE, &local_error))
        goto fail;
      wrote_file = TRUE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto fail;

  if (recovery_key_out != NULL && recovery_key_file == NULL)
    *recovery_key_out = recovery_key;
  else
    review_secure_free_string (recovery_key);
  anchor_created (vault);
  return g_steal_pointer (&vault);

fail:
  if (vault != NULL)
    {
      /* A vault whose recovery key was never handed over must not stay:
       * every file here was created by this call (the folder held none). */
      const char *names[] = { REVIEW_VAULT_DB_NAME, REVIEW_VAULT_DB_NAME "-wal",
                              REVIEW_VAULT_DB_NAME "-shm", REVIEW_RECOVERY_FILE_NAME,
                              REVIEW_VAULT_INFO_NAME };

      review_vault_close (vault);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *p = g_build_filename (dir, names[i], NULL);
          g_unlink (p);
        }
    }
  if (wrote_file)
    g_unlink (recovery_key_file);
  if (stored)
    {
      g_autoptr(GError) clear_error = NULL;
      if (!review_keyring_clear_sync (vault_id, NULL, &clear_error))
        g_warning ("Could not remove an unused vault key from the keyring: %s",
                   clear_error->message);
    }
  review_secure_free_string (recovery_key);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * review_lifecycle_create:
 *
 * Returns: (transfer full) (nullable): the new vault, open
 */
ReviewVault *
review_lifecycle_create (const char          *dir,
                         const char          *display_name,
                         ReviewRole           role,
                         const char          *recovery_key_file,
                         ReviewKeyringFlags   flags,
                         char               **recovery_key,
                         GCancellable        *cancellable,
                         GError             **error)
{
  ReviewVault *vault = create_with_stage (dir, display_name, role, recovery_key_file, flags,
                                          recovery_key, NULL, cancellable, error);

  if (vault != NULL)
    review_vault_set_anchor_on_close (vault, TRUE);
  return vault;
}

/* --- recover ------------------------------------------------------------------ */

static ReviewVault *
recover_with_stage (const char          *dir,
                    const char          *recovery_key,
                    ReviewKeyringFlags   flags,
                    const char          *via,
                    const Stage         *stage,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(ReviewKey) key = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *details = NULL;

  if (!check_no_vault (dir, error))
    return NULL;
  report_stage (stage, REVIEW_LIFECYCLE_WORKING);
  key = review_vault_recover_key (dir, recovery_key, error);
  if (key == NULL)
    return NULL;
  /* Prove the key opens the vault before it goes into the keyring. */
  vault = open_anchored (dir, key, FALSE, error);
  if (vault == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  report_stage (stage, REVIEW_LIFECYCLE_WAITING_FOR_KEYRING);
  if (!review_keyring_store_sync (review_vault_get_id (vault), key, flags, cancellable,
                                  &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, REVIEW_ERROR, local_error->code,
                     _("The recovery key is right, but the vault’s key could not be stored "
                       "in your keyring: %s"), local_error->message);
      return NULL;
    }
  details = g_strdup_printf ("{\"via\":\"%s\"}", via);
  if (!review_vault_audit (vault, "vault.recovered", review_vault_get_id (vault), details, error))
    return NULL;
  return g_steal_pointer (&vault);
}

/**
 * review_lifecycle_recover:
 *
 * Returns: (transfer full) (nullable): the vault, open, its key stored in
 *   the keyring again
 */
ReviewVault *
review_lifecycle_recover (const char          *dir,
                          const char          *recovery_key,
                          ReviewKeyringFlags   flags,
                          GCancellable        *cancellable,
                          GError             **error)
{
  ReviewVault *vault = recover_with_stage (dir, recovery_key, flags, "command line", NULL,
                                           cancellable, error);

  if (vault != NULL)
    review_vault_set_anchor_on_close (vault, TRUE);
  return vault;
}

/* --- repair -------------------------------------------------------------------- */

/* vault.json rewritten from the database with @key, then the vault opened
 * and the repair recorded. */
ReviewVault *
repair_with_key (const char       *dir,
                 const ReviewKey  *key,
                 const char       *via,
                 GError          **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *details = NULL;

  vault_id = review_vault_repair_info (dir, key, error);
  if (vault_id == NULL)
    return NULL;
  vault = open_anchored (dir, key, FALSE, error);
  if (vault == NULL)
    return NULL;
  details = g_strdup_printf ("{\"file\":\"vault.json\",\"via\":\"%s\"}", via);
  if (!review_vault_audit (vault, "vault.repaired", vault_id, details, error))
    return NULL;
  return g_steal_pointer (&vault);
}

ReviewVault *
repair_with_stage (const char          *dir,
                   const char          *recovery_key,
                   ReviewKeyringFlags   flags,
                   const char          *via,
                   const Stage         *stage,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(ReviewKey) key = NULL;

  if (!check_no_vault (dir, error))
    return NULL;
  if (recovery_key != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      report_stage (stage, REVIEW_LIFECYCLE_WORKING);
      key = review_vault_recover_key (dir, recovery_key, &local_error);
      /* A damaged vault.json is what is being repaired: the unwrapped key
       * is the one to prove on the database. */
      if (key == NULL && g_error_matches (local_error, REVIEW_ERROR, REVIEW_ERROR_INFO_DAMAGED))
        {
          g_clear_error (&local_error);
          key = review_vault_recover_key_raw (dir, recovery_key, &local_error);
        }
      if (key == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else
    {
      key = lookup_key (dir, flags, stage, cancellable, error);
      if (key == NULL)
        return NULL;
    }
  report_stage (stage, REVIEW_LIFECYCLE_WORKING);
  return repair_with_key (dir, key, via, error);
}

/**
 * review_lifecycle_repair:
 * @recovery_key: (nullable): used instead of the keyring's key
 *
 * Returns: (transfer full) (nullable): the vault, open
 */
ReviewVault *
review_lifecycle_repair (const char          *dir,
                         const char          *recovery_key,
                         ReviewKeyringFlags   flags,
                         GCancellable        *cancellable,
                         GError             **error)
{
  ReviewVault *vault = repair_with_stage (dir, recovery_key, flags, "command line", NULL,
                                          cancellable, error);

  if (vault != NULL)
    review_vault_set_anchor_on_close (vault, TRUE);
  return vault;
}

/* --- a new recovery key --------------------------------------------------------- */

/**
 * review_lifecycle_rekey_recovery:
 *
 * Returns: %TRUE when the new recovery key is in place (and the old one
 *   opens nothing any more)
 */
gboolean
review_lifecycle_rekey_recovery (ReviewVault   *vault,
                                 const char    *recovery_key_file,
                                 char         **recovery_key_out,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  char *recovery_key;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (recovery_key_out != NULL)
    *recovery_key_out = NULL;
  if (recovery_key_file != NULL && g_file_test (recovery_key_file, G_FILE_TEST_EXISTS))
    {
      g_autofree char *where = review_text_quote (recovery_key_file, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The file “%s” already exists; choose a new file for the recovery key."),
                   where);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  recovery_key = review_recovery_key_generate (error);
  if (recovery_key == NULL)
    return FALSE;
  /* The file first: a new key that nobody has must never replace the old. */
  if (recovery_key_file != NULL &&
      !review_recovery_key_write_file (recovery_key_file, recovery_key, FALSE, error))
    {
      review_secure_free_string (recovery_key);
      return FALSE;
    }
  if (!review_vault_rekey_recovery (vault, recovery_key, error))
    {
      if (recovery_key_file != NULL)
        g_unlink (recovery_key_file);
      review_secure_free_string (recovery_key);
      return FALSE;
    }
  if (recovery_key_out != NULL && recovery_key_file == NULL)
    *recovery_key_out = recovery_key;
  else
    review_secure_free_string (recovery_key);
  return TRUE;
}

/* --- small parts the window needs ----------------------------------------------- */

gboolean
review_lifecycle_check_recovery_key (const char  *text,
                                     GError     **error)
{
  guint8 secret[REVIEW_RECOVERY_SECRET_LEN];
  gboolean ok = review_recovery_key_parse (text, secret, error);

  review_secure_wipe (secret, sizeof secret);
  return ok;
}

gboolean
review_lifecycle_save_recovery_key (const char  *path,
                                    const char  *recovery_key,
                                    gboolean     replace,
                                    GError     **error)
{
  return review_recovery_key_write_file (path, recovery_key, replace, error);
}

/* --- the keyring, for the window's lock -------------------------------------------- */

void
review_lifecycle_lock_keyring_async (const char          *vault_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  review_keyring_lock_collection_async (vault_id, cancellable, callback, user_data);
}

gboolean
review_lifecycle_lock_keyring_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return review_keyring_lock_collection_finish (result, error);
}

void
review_lifecycle_set_keyring_timeouts (guint call_seconds,
                                       guint prompt_seconds)
{
  review_keyring_set_timeouts (call_seconds, prompt_seconds);
}
