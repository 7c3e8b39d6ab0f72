/* review-anchor.c: the audit trail's head, kept outside the vault folder
 *
 * A hash chain shows a changed or removed entry in the middle, but not a
 * cut end: deleting the last rows (with the key), or copying an older
 * vault.db back (without it), leaves a chain that verifies. So the head
 * (entry count and the last entry's hash, "N:HASH") is also kept in the
 * keyring, as an item of its own schema per vault id, and each open
 * compares the two before anything is written (review-lifecycle.c).
 *
 * The kept head only moves with the vault: a request to keep a head is
 * numbered when the head is read, and a later request already written is
 * never replaced by an earlier one finishing late.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "review-anchor-private.h"
#include "review-audit-private.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-keyring.h"
#include "review-text.h"

void
review_anchor_check_clear (ReviewAnchorCheck *check)
{
  g_clear_pointer (&check->kept_hash, g_free);
  g_clear_pointer (&check->vault_hash, g_free);
  memset (check, 0, sizeof *check);
}

gboolean
review_anchor_check_behind (const ReviewAnchorCheck *check)
{
  return check->missing_from > 0;
}

/* "N:HASH", N decimal (1 or more), HASH 64 lowercase hex digits. */
static gboolean
parse_head (const char  *text,
            gint64      *n_entries,
            char       **hash)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;
  char *end = NULL;
  gint64 n;

  if (colon == NULL || colon == text || strlen (colon + 1) != 64)
    return FALSE;
  n = g_ascii_strtoll (text, &end, 10);
  if (end != colon || n < 0)
    return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  *n_entries = n;
  *hash = g_strdup (colon + 1);
  return TRUE;
}

gboolean
review_anchor_check (sqlite3            *db,
                     const char         *vault_id,
                     ReviewAnchorCheck  *check,
                     GError            **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *at_kept = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (db != NULL && vault_id != NULL && check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  if (!review_audit_head (db, &check->vault_entries, &check->vault_hash, error))
    return FALSE;

  kept = review_keyring_head_lookup_sync (vault_id, NULL, &keyring_error);
  if (keyring_error != NULL)
    {
      g_debug ("The audit trail's kept head could not be read: %s", keyring_error->message);
      check->state = REVIEW_ANCHOR_UNAVAILABLE;
      return TRUE;
    }
  if (kept == NULL)
    {
      check->state = REVIEW_ANCHOR_NOT_ANCHORED;
      return TRUE;
    }
  if (!parse_head (kept, &check->kept_entries, &check->kept_hash))
    {
      /* Not something Review wrote: treat it as absent, and replace it. */
      g_debug ("The audit trail's kept head is not readable; it is replaced");
      check->state = REVIEW_ANCHOR_NOT_ANCHORED;
      return TRUE;
    }
  check->state = REVIEW_ANCHOR_ANCHORED;
  if (check->kept_entries == 0)
    return TRUE;

  if (check->vault_entries < check->kept_entries)
    {
      check->missing_from = check->vault_entries + 1;
      check->missing_to = check->kept_entries;
      return TRUE;
    }
  at_kept = review_audit_entry_hash (db, check->kept_entries, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (at_kept, check->kept_hash) != 0)
    {
      /* Entry N is there but is not the one kept: the trail was replaced by
       * another from N (or earlier) on. */
      check->replaced = TRUE;
      check->missing_from = check->kept_entries;
      check->missing_to = check->kept_entries;
    }
  return TRUE;
}

void
review_anchor_set_error (const ReviewAnchorCheck  *check,
                         GError                  **error)
{
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, check->missing_from);
  g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, check->missing_to);

  if (check->replaced)
    g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_ROLLED_BACK,
                 /* Translators: %s: an audit entry number (both the same) */
                 _("This vault is older than the one last used here: its entry %s is not "
                   "the one last recorded here, so entries up to %s are missing (replaced "
                   "by others). Nothing was changed; opening it anyway "
                   "records this in its audit trail."), to, to);
  else if (check->missing_from == check->missing_to)
    g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_ROLLED_BACK,
                 /* Translators: %s: an audit entry number */
                 _("This vault is older than the one last used here: entry %s is missing. "
                   "Nothing was changed; opening it anyway "
                   "records this in its audit trail."), to);
  else
    g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_ROLLED_BACK,
                 /* Translators: %s–%s: the first and last missing audit entry numbers. */
                 _("This vault is older than the one last used here: entries %s–%s are "
                   "missing. Nothing was changed; opening it anyway "
                   "records this in its audit trail."), from, to);
}

/**
 * review_anchor_verify_head:
 * @db: the vault's connection
 * @own_id: the vault's id
 *
 * The trail in @db holds the one a signed checkpoint names: the same
 * vault id, and its entry @entries has exactly @hash (the trail may be
 * longer).
 */
gboolean
review_anchor_verify_head (sqlite3      *db,
                           const char   *own_id,
                           const char   *vault_id,
                           gint64        entries,
                           const char   *hash,
                           GError      **error)
{
  g_autofree char *vault_hash = NULL;
  g_autofree char *at = NULL;
  g_autofree char *n_text = NULL;
  GError *local_error = NULL;
  gint64 n = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  if (vault_id == NULL || entries < 0 || hash == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The signed file carries no audit checkpoint."));
      return FALSE;
    }
  if (g_strcmp0 (vault_id, own_id) != 0)
    {
      g_autofree char *quoted = review_text_quote (vault_id, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                   _("The checkpoint is of another vault: its vault id %s differs from this "
                     "vault’s (%s)."), quoted, own_id);
      return FALSE;
    }
  if (!review_audit_head (db, &n, &vault_hash, error))
    return FALSE;
  n_text = g_strdup_printf ("%" G_GINT64_FORMAT, entries);
  if (entries == 0)
    return TRUE;
  if (n < entries)
    {
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, n + 1);
      if (n + 1 == entries)
        g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                     /* Translators: %s: an audit entry number */
                     _("The vault’s audit trail is shorter than the signed checkpoint: "
                       "entry %s is missing."), n_text);
      else
        g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                     /* Translators: %s–%s: audit entry numbers */
                     _("The vault’s audit trail is shorter than the signed checkpoint: "
                       "entries %s–%s are missing."), from, n_text);
      return FALSE;
    }
  at = review_audit_entry_hash (db, entries, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (at, hash) != 0)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                   /* Translators: %s: an audit entry number */
                   _("Entry %s of the vault’s audit trail is not the one the signed checkpoint "
                     "names: the trail was replaced or rewritten."), n_text);
      return FALSE;
    }
  return TRUE;
}

/* --- keeping the head ----------------------------------------------------- */

static GMutex keep_lock;
static guint64 next_ticket = 1;
static GHashTable *written;   /* vault id → the last ticket written (guint64 *) */

typedef struct
{
  char    *vault_id;
  char    *value;
  guint64  ticket;
} KeepRequest;

static void
keep_request_free (KeepRequest *request)
{
  g_free (request->vault_id);
  g_free (request->value);
  g_free (request);
}

/* @db: the connection to read the head from (committed entries only: not
 * inside a transaction); NULL when the vault is closed. */
static KeepRequest *
keep_request_new (sqlite3      *db,
                  const char   *vault_id,
                  GError      **error)
{
  g_autofree char *hash = NULL;
  KeepRequest *request;
  gint64 n = 0;

  if (db == NULL || vault_id == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("The vault is closed."));
      return NULL;
    }
  if (sqlite3_get_autocommit (db) == 0)
    {
      /* Inside a transaction the head may still roll back. */
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("A transaction is open on the vault."));
      return NULL;
    }
  if (!review_audit_head (db, &n, &hash, error))
    return NULL;
  request = g_new0 (KeepRequest, 1);
  request->vault_id = g_strdup (vault_id);
  request->value = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", n, hash);
  g_mutex_lock (&keep_lock);
  request->ticket = next_ticket++;
  g_mutex_unlock (&keep_lock);
  return request;
}

static gboolean
keep_request_run (KeepRequest  *request,
                  GError      **error)
{
  guint64 *last;
  gboolean ok = TRUE;

  g_mutex_lock (&keep_lock);
  if (written == NULL)
    written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  last = g_hash_table_lookup (written, request->vault_id);
  if (last == NULL || *last < request->ticket)
    {
      ok = review_keyring_head_store_sync (request->vault_id, request->value, NULL, error);
      if (ok)
        {
          guint64 *ticket = g_new (guint64, 1);
          *ticket = request->ticket;
          g_hash_table_replace (written, g_strdup (request->vault_id), ticket);
        }
    }
  g_mutex_unlock (&keep_lock);
  return ok;
}

/**
 * review_anchor_keep_head:
 * @db: a connection of the vault's, outside any transaction
 * @vault_id: the vault's id
 *
 * Keeps the head read through @db in the keyring, blocking.
 */
gboolean
review_anchor_keep_head (sqlite3     *db,
                         const char  *vault_id,
                         GError     **error)
{
  KeepRequest *request;
  gboolean ok;

  request = keep_request_new (db, vault_id, error);
  if (request == NULL)
    return FALSE;
  ok = keep_request_run (request, error);
  keep_request_free (request);
  return ok;
}

static void
keep_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!keep_request_run (task_data, &error))
    g_debug ("The audit trail's head could not be kept: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
kept_release_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GApplication *app = user_data;

  g_application_release (app);
  g_object_unref (app);
}

/**
 * review_anchor_keep_head_holding:
 * @db: a connection of the vault's, outside any transaction; the head is
 *   read from it now, in the calling thread
 * @hold: (nullable): an application kept running until the head is written
 *   (when its last window closes)
 *
 * Keeps the head in the keyring from a worker thread: never blocks, never
 * fails (a failure is logged at debug level).
 */
void
review_anchor_keep_head_holding (sqlite3      *db,
                                 const char   *vault_id,
                                 GApplication *hold)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  KeepRequest *request;

  request = keep_request_new (db, vault_id, &error);
  if (request == NULL)
    {
      g_debug ("The audit trail's head could not be read: %s", error->message);
      return;
    }
  if (hold != NULL)
    g_application_hold (hold);
  task = g_task_new (NULL, NULL, hold != NULL ? kept_release_cb : NULL,
                     hold != NULL ? g_object_ref (hold) : NULL);
  g_task_set_name (task, "[review] keep audit head");
  g_task_set_task_data (task, request, (GDestroyNotify) keep_request_free);
  g_task_run_in_thread (task, keep_thread);
}
