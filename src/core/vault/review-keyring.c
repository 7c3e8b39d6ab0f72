/* review-keyring.c
 *
 * The vault key is stored in the Secret Service under the schema
 * com.example.Review.VaultKey, attribute vault-id, as 64 lowercase hex
 * characters. libsecret answers NULL with no error both when an item is
 * missing and when the keyring is locked (with no display to prompt on), so
 * each operation first walks the states explicitly:
 *
 *   service reachable?  → REVIEW_ERROR_KEYRING_UNAVAILABLE
 *   default collection? → REVIEW_ERROR_KEYRING_NO_DEFAULT (or create it,
 *                         through the system prompt, when allowed)
 *   collection locked?  → REVIEW_ERROR_KEYRING_LOCKED (or prompt, when
 *                         allowed; a cancelled prompt is still "locked")
 *   item present?       → REVIEW_ERROR_KEY_MISSING
 *
 * Locking (review_keyring_lock_collection_async) takes its own path: it finds
 * the collection that holds the vault's item (the default one when the item
 * is gone) and asks the Secret Service to lock it, which never prompts.
 *
 * None of these is ever taken for "first run", and none writes anything.
 * Every call is async and bounded by a timeout; prompts get a longer one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "review-error.h"
#include "review-keyring.h"

static const SecretSchema vault_key_schema = {
  "com.example.Review.VaultKey",
  SECRET_SCHEMA_NONE,
  {
    { "vault-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* The audit trail's head, kept outside the vault folder (review-anchor.c):
 * not a secret, but here nobody without the login password can move it.
 * Its attribute is not "vault-id", so that `secret-tool lookup vault-id ID`
 * (the README's way to find a vault's key) still finds only the key. */
static const SecretSchema audit_head_schema = {
  "com.example.Review.AuditHead",
  SECRET_SCHEMA_NONE,
  {
    { "audit-vault-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static guint call_timeout_s = 25;
static guint prompt_timeout_s = 120;

/**
 * review_keyring_set_timeouts:
 *
 * How long one Secret Service call, and one unlock prompt, may take before
 * it is abandoned with REVIEW_ERROR_TIMED_OUT. Zero keeps the current value.
 */
void
review_keyring_set_timeouts (guint call_seconds,
                             guint prompt_seconds)
{
  if (call_seconds > 0)
    call_timeout_s = call_seconds;
  if (prompt_seconds > 0)
    prompt_timeout_s = prompt_seconds;
}

typedef enum
{
  OP_ENSURE_READY,
  OP_LOOKUP,
  OP_STORE,
  OP_CLEAR,
  OP_LOCK,
  OP_HEAD_LOOKUP,
  OP_HEAD_STORE,
} OpKind;

typedef struct
{
  OpKind              kind;
  ReviewKeyringFlags  flags;
  char               *vault_id;
  char               *key_hex;      /* secure memory */
  SecretService      *service;
  SecretCollection   *collection;
  GCancellable       *step_cancellable;
  GCancellable       *outer_cancellable;
  gulong              outer_handler;
  GSource            *timeout_source;
  GSource            *grace_source;
  gboolean            timed_out;
  gboolean            returned;     /* the task has its result */
  GMainContext       *context;
  GTask              *task;         /* unowned back pointer */
} Op;

static void
clear_timeout (Op *op)
{
  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
}

static void
op_free (Op *op)
{
  clear_timeout (op);
  if (op->grace_source != NULL)
    {
      g_source_destroy (op->grace_source);
      g_clear_pointer (&op->grace_source, g_source_unref);
    }
  if (op->outer_handler != 0)
    g_cancellable_disconnect (op->outer_cancellable, op->outer_handler);
  g_clear_object (&op->outer_cancellable);
  g_clear_object (&op->step_cancellable);
  g_clear_object (&op->collection);
  g_clear_object (&op->service);
  g_clear_pointer (&op->vault_id, g_free);
  g_clear_pointer (&op->key_hex, review_secure_free_string);
  g_clear_pointer (&op->context, g_main_context_unref);
  g_free (op);
}

/* Every result goes through these, so a late answer from the Secret
 * Service after a timeout is recognised and dropped. */
static void
op_return_error (GTask  *task,
                 GError *error)
{
  Op *op = g_task_get_task_data (task);

  if (op->returned)
    {
      g_error_free (error);
      return;
    }
  op->returned = TRUE;
  g_task_return_error (task, error);
}

static void op_return_new_error (GTask *task, int code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
op_return_new_error (GTask      *task,
                     int         code,
                     const char *format,
                     ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  op_return_error (task, g_error_new_literal (REVIEW_ERROR, code, message));
  g_free (message);
}

static void
op_return_boolean (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (!op->returned)
    {
      op->returned = TRUE;
      g_task_return_boolean (task, TRUE);
    }
}

/* A callback that arrives after the operation was given up: drop it. */
static gboolean
op_abandoned (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  return op->returned;
}

static gboolean
grace_timeout_cb (gpointer data)
{
  GTask *task = data;
  Op *op = g_task_get_task_data (task);

  g_clear_pointer (&op->grace_source, g_source_unref);
  /* The Secret Service did not even answer the cancellation (seen with a
   * prompter that fails to start): give up on it. */
  op_return_new_error (task, REVIEW_ERROR_TIMED_OUT, "%s",
                       _("The keyring did not answer in time."));
  return G_SOURCE_REMOVE;
}

static gboolean
step_timeout_cb (gpointer data)
{
  GTask *task = data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_clear_pointer (&op->timeout_source, g_source_unref);
  op->timed_out = TRUE;
  g_cancellable_cancel (op->step_cancellable);
  if (op->grace_source == NULL)
    {
      op->grace_source = g_timeout_source_new_seconds (2);
      g_source_set_callback (op->grace_source, grace_timeout_cb, g_object_ref (task),
                             g_object_unref);
      g_source_attach (op->grace_source, context);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
return_cancelled_cb (gpointer data)
{
  GTask *task = data;

  g_debug ("keyring: answering a cancelled operation");
  op_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("Cancelled")));
  return G_SOURCE_REMOVE;
}

/* The caller gave up: answer at once. A prompt being dismissed may take the
 * Secret Service a while, or never end; its late answer is dropped. */
static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      data)
{
  Op *op = data;
  GSource *idle = g_idle_source_new ();

  g_debug ("keyring: operation cancelled by its caller");
  g_cancellable_cancel (op->step_cancellable);
  /* Default priority: an idle-priority source starves while the window
   * animates (the spinner of the waiting page). */
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, return_cancelled_cb, g_object_ref (op->task), g_object_unref);
  g_source_attach (idle, op->context);
  g_source_unref (idle);
}

/* Each step gets a fresh cancellable and its own timer. */
static GCancellable *
op_begin_step (GTask    *task,
               gboolean  is_prompt)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  clear_timeout (op);
  if (op->step_cancellable == NULL || g_cancellable_is_cancelled (op->step_cancellable))
    {
      g_clear_object (&op->step_cancellable);
      op->step_cancellable = g_cancellable_new ();
    }
  /* On the caller's context, so the blocking forms' private loop runs it. */
  op->timeout_source = g_timeout_source_new_seconds (is_prompt ? prompt_timeout_s
                                                               : call_timeout_s);
  g_source_set_callback (op->timeout_source, step_timeout_cb, task, NULL);
  g_source_set_name (op->timeout_source, "[review] keyring timeout");
  g_source_attach (op->timeout_source, context);
  return op->step_cancellable;
}

static void
op_end_step (Op *op)
{
  clear_timeout (op);
  if (op->grace_source != NULL)
    {
      g_source_destroy (op->grace_source);
      g_clear_pointer (&op->grace_source, g_source_unref);
    }
}

/* Returns TRUE (and finishes the task) when @error ended the operation. */
static gboolean
op_fail_if (GTask   *task,
            GError  *error,
            int      code,
            const char *message)
{
  Op *op = g_task_get_task_data (task);

  if (error == NULL)
    return FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (op->outer_cancellable && g_cancellable_is_cancelled (op->outer_cancellable))
        op_return_error (task, error);
      else if (op->timed_out)
        {
          op_return_new_error (task, REVIEW_ERROR_TIMED_OUT, "%s",
                               _("The keyring did not answer in time."));
          g_error_free (error);
        }
      else
        op_return_error (task, error);
      return TRUE;
    }

  if (error->domain == REVIEW_ERROR)
    op_return_error (task, error);
  else
    {
      op_return_new_error (task, code, "%s (%s)", message, error->message);
      g_error_free (error);
    }
  return TRUE;
}

/* A collection whose properties could not be read counts as locked
 * (secret_collection_get_locked() would raise a critical on it). */
static gboolean
collection_locked (SecretCollection *collection)
{
  g_autoptr(GVariant) locked = g_dbus_proxy_get_cached_property (G_DBUS_PROXY (collection),
                                                                 "Locked");

  return locked == NULL || g_variant_get_boolean (locked);
}

static void run_action (GTask *task);
static void check_locked (GTask *task);

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    return;
  switch (op->kind)
    {
    case OP_LOOKUP:
      {
        char *hex = secret_password_lookup_nonpageable_finish (result, &error);
        ReviewKey *key;

        if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                        _("The keyring could not be read.")))
          return;
        if (hex == NULL)
          {
            op_return_new_error (task, REVIEW_ERROR_KEY_MISSING,
                                     _("The key of this vault is not in your keyring."));
            return;
          }
        key = review_key_new_from_hex (hex, &error);
        secret_password_free (hex);
        if (key == NULL)
          op_return_error (task, error);
        else
          {
            op->returned = TRUE;
            g_task_return_pointer (task, key, (GDestroyNotify) review_key_free);
          }
        return;
      }
    case OP_STORE:
      secret_password_store_finish (result, &error);
      if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                      _("The key could not be saved in the keyring.")))
        return;
      op_return_boolean (task);
      return;
    case OP_HEAD_LOOKUP:
      {
        char *text = secret_password_lookup_finish (result, &error);

        if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                        _("The keyring could not be read.")))
          return;
        /* No item: NULL without an error ("not anchored here yet"). */
        op->returned = TRUE;
        g_task_return_pointer (task, text, g_free);
        return;
      }
    case OP_HEAD_STORE:
      secret_password_store_finish (result, &error);
      if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                      _("The audit trail’s head could not be saved in the keyring.")))
        return;
      op_return_boolean (task);
      return;
    case OP_CLEAR:
      secret_password_clear_finish (result, &error);
      if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                      _("The key could not be removed from the keyring.")))
        return;
      op_return_boolean (task);
      return;
    case OP_ENSURE_READY:
    default:
      g_assert_not_reached ();
    }
}

static void
run_action (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GCancellable *c;

  switch (op->kind)
    {
    case OP_ENSURE_READY:
      op_return_boolean (task);
      g_object_unref (task);
      return;
    case OP_LOOKUP:
      c = op_begin_step (task, FALSE);
      secret_password_lookup (&vault_key_schema, c, action_done_cb, task,
                              "vault-id", op->vault_id, NULL);
      return;
    case OP_STORE:
      {
        /* Translators: the name of the keyring item that holds a vault's key;
         * %s is the vault's identifier. */
        g_autofree char *label = g_strdup_printf (_("Review vault key (%s)"), op->vault_id);
        c = op_begin_step (task, FALSE);
        secret_password_store (&vault_key_schema, SECRET_COLLECTION_DEFAULT, label, op->key_hex,
                               c, action_done_cb, task, "vault-id", op->vault_id, NULL);
        return;
      }
    case OP_HEAD_LOOKUP:
      c = op_begin_step (task, FALSE);
      secret_password_lookup (&audit_head_schema, c, action_done_cb, task,
                              "audit-vault-id", op->vault_id, NULL);
      return;
    case OP_HEAD_STORE:
      {
        /* Translators: the name of the keyring item that holds where a
         * vault's audit trail ended; %s is the vault's identifier. */
        g_autofree char *label = g_strdup_printf (_("Review audit trail head (%s)"),
                                                  op->vault_id);
        c = op_begin_step (task, FALSE);
        secret_password_store (&audit_head_schema, SECRET_COLLECTION_DEFAULT, label, op->key_hex,
                               c, action_done_cb, task, "audit-vault-id", op->vault_id, NULL);
        return;
      }
    case OP_CLEAR:
      c = op_begin_step (task, FALSE);
      secret_password_clear (&vault_key_schema, c, action_done_cb, task,
                             "vault-id", op->vault_id, NULL);
      return;
    default:
      g_assert_not_reached ();
    }
}

static void
unlock_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  secret_service_unlock_finish (SECRET_SERVICE (source), result, NULL, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("unlock failed: %s", error->message);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      op->outer_cancellable && g_cancellable_is_cancelled (op->outer_cancellable))
    {
      op_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_clear_error (&error);

  /* A dismissed prompt leaves the collection locked: that is "locked". */
  if (collection_locked (op->collection))
    {
      op_return_new_error (task, REVIEW_ERROR_KEYRING_LOCKED,
                               _("The keyring is locked and was not unlocked."));
      g_object_unref (task);
      return;
    }
  run_action (task);
}

static void
check_locked (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (!collection_locked (op->collection))
    {
      run_action (task);
      return;
    }
  if (op->kind == OP_CLEAR || (op->flags & REVIEW_KEYRING_ALLOW_PROMPT) == 0)
    {
      op_return_new_error (task, REVIEW_ERROR_KEYRING_LOCKED,
                               _("The keyring is locked."));
      g_object_unref (task);
      return;
    }
  {
    GList objects = { op->collection, NULL, NULL };
    GCancellable *c = op_begin_step (task, TRUE);
    secret_service_unlock (op->service, &objects, c, unlock_done_cb, task);
  }
}

static void
collection_created_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  op->collection = secret_collection_create_finish (result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !op->timed_out &&
      !(op->outer_cancellable && g_cancellable_is_cancelled (op->outer_cancellable)))
    {
      g_clear_error (&error);
    }
  if (error != NULL && op_fail_if (task, error, REVIEW_ERROR_KEYRING_NO_DEFAULT,
                                   _("No keyring could be created.")))
    {
      g_object_unref (task);
      return;
    }
  if (op->collection == NULL)
    {
      op_return_new_error (task, REVIEW_ERROR_KEYRING_NO_DEFAULT,
                               _("There is no default keyring yet, and none was created."));
      g_object_unref (task);
      return;
    }
  check_locked (task);
}

static void
alias_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  op->collection = secret_collection_for_alias_finish (result, &error);
  if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED,
                  _("The keyring could not be read.")))
    {
      g_object_unref (task);
      return;
    }
  if (op->collection == NULL)
    {
      if ((op->kind == OP_STORE || op->kind == OP_ENSURE_READY) &&
          (op->flags & REVIEW_KEYRING_ALLOW_PROMPT) != 0)
        {
          GCancellable *c = op_begin_step (task, TRUE);
          secret_collection_create (op->service, _("Login"), SECRET_COLLECTION_DEFAULT,
                                    SECRET_COLLECTION_CREATE_NONE, c, collection_created_cb, task);
          return;
        }
      op_return_new_error (task, REVIEW_ERROR_KEYRING_NO_DEFAULT,
                               _("There is no default keyring yet."));
      g_object_unref (task);
      return;
    }
  check_locked (task);
}

/* --- locking ------------------------------------------------------------ */

static void
lock_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *locked = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  secret_service_lock_finish (SECRET_SERVICE (source), result, &locked, &error);
  g_list_free_full (locked, g_object_unref);
  if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED, _("The keyring could not be locked.")))
    {
      g_object_unref (task);
      return;
    }
  op_return_boolean (task);
  g_object_unref (task);
}

static void
lock_collection (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GList objects = { op->collection, NULL, NULL };
  GCancellable *c;

  g_debug ("keyring: locking %s", g_dbus_proxy_get_object_path (G_DBUS_PROXY (op->collection)));
  c = op_begin_step (task, FALSE);
  secret_service_lock (op->service, &objects, c, lock_done_cb, task);
}

static void
lock_alias_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  op->collection = secret_collection_for_alias_finish (result, &error);
  if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED, _("The keyring could not be read.")))
    {
      g_object_unref (task);
      return;
    }
  if (op->collection == NULL)
    {
      op_return_new_error (task, REVIEW_ERROR_KEYRING_NO_DEFAULT, "%s",
                           _("There is no default keyring yet."));
      g_object_unref (task);
      return;
    }
  lock_collection (task);
}

/* The collection an item belongs to: its object path is the collection's
 * followed by one more element. */
static SecretCollection *
collection_of_item (SecretService *service,
                    SecretItem    *item)
{
  const char *item_path = g_dbus_proxy_get_object_path (G_DBUS_PROXY (item));
  GList *collections = secret_service_get_collections (service);
  SecretCollection *found = NULL;

  for (GList *l = collections; l != NULL && found == NULL; l = l->next)
    {
      const char *path = g_dbus_proxy_get_object_path (G_DBUS_PROXY (l->data));
      gsize len = strlen (path);

      if (strncmp (item_path, path, len) == 0 && item_path[len] == '/' &&
          strchr (item_path + len + 1, '/') == NULL)
        found = g_object_ref (l->data);
    }
  g_list_free_full (collections, g_object_unref);
  return found;
}

static void
lock_search_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;
  GCancellable *c;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  items = secret_service_search_finish (op->service, result, &error);
  if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_FAILED, _("The keyring could not be read.")))
    {
      g_object_unref (task);
      return;
    }
  for (GList *l = items; l != NULL && op->collection == NULL; l = l->next)
    op->collection = collection_of_item (op->service, l->data);
  g_list_free_full (items, g_object_unref);
  if (op->collection != NULL)
    {
      lock_collection (task);
      return;
    }
  /* The key is not there (any more): lock the keyring it would be kept in. */
  c = op_begin_step (task, FALSE);
  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, c,
                               lock_alias_done_cb, task);
}

static void
service_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *c;

  op_end_step (op);
  if (op_abandoned (task))
    {
      g_object_unref (task);
      return;
    }
  op->service = secret_service_get_finish (result, &error);
  if (op_fail_if (task, error, REVIEW_ERROR_KEYRING_UNAVAILABLE,
                  _("No keyring service (Secret Service) is running.")))
    {
      g_object_unref (task);
      return;
    }
  if (op->kind == OP_LOCK)
    {
      g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (attributes, (gpointer) "vault-id", op->vault_id);
      c = op_begin_step (task, FALSE);
      /* Locked items too: the collection may be locked already. */
      secret_service_search (op->service, &vault_key_schema, attributes, SECRET_SEARCH_ALL, c,
                             lock_search_done_cb, task);
      return;
    }
  c = op_begin_step (task, FALSE);
  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT,
                               SECRET_COLLECTION_NONE, c, alias_done_cb, task);
}

static void
op_start (OpKind              kind,
          const char         *vault_id,
          const ReviewKey    *key,
          ReviewKeyringFlags  flags,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data,
          gpointer            source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);
  GCancellable *c;

  op->kind = kind;
  op->flags = flags;
  op->task = task;
  op->context = g_main_context_ref_thread_default ();
  op->vault_id = g_strdup (vault_id);
  if (key != NULL)
    op->key_hex = review_key_dup_hex (key);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[review] keyring");
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  c = op_begin_step (task, FALSE);
  if (cancellable != NULL)
    {
      op->outer_cancellable = g_object_ref (cancellable);
      op->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                 op, NULL);
    }
  /* OPEN_SESSION is needed to move secrets; LOAD_COLLECTIONS fails at once
   * when nothing provides org.freedesktop.secrets. */
  secret_service_get (SECRET_SERVICE_OPEN_SESSION | SECRET_SERVICE_LOAD_COLLECTIONS, c,
                      service_done_cb, task);
}

void
review_keyring_ensure_ready_async (ReviewKeyringFlags  flags,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  op_start (OP_ENSURE_READY, NULL, NULL, flags, cancellable, callback, user_data,
            review_keyring_ensure_ready_async);
}

gboolean
review_keyring_ensure_ready_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
review_keyring_lookup_async (const char         *vault_id,
                             ReviewKeyringFlags  flags,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (vault_id != NULL);
  op_start (OP_LOOKUP, vault_id, NULL, flags, cancellable, callback, user_data,
            review_keyring_lookup_async);
}

ReviewKey *
review_keyring_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_keyring_store_async (const char         *vault_id,
                            const ReviewKey    *key,
                            ReviewKeyringFlags  flags,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (vault_id != NULL && key != NULL);
  op_start (OP_STORE, vault_id, key, flags, cancellable, callback, user_data,
            review_keyring_store_async);
}

gboolean
review_keyring_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
review_keyring_clear_async (const char         *vault_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (vault_id != NULL);
  op_start (OP_CLEAR, vault_id, NULL, REVIEW_KEYRING_NONE, cancellable, callback, user_data,
            review_keyring_clear_async);
}

gboolean
review_keyring_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * review_keyring_lock_collection_async:
 *
 * Locks the keyring collection that holds @vault_id's key (the default
 * collection when the key is not in any), for every application: afterwards
 * reading the key asks for the keyring's password. Never prompts.
 */
void
review_keyring_lock_collection_async (const char         *vault_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (vault_id != NULL);
  op_start (OP_LOCK, vault_id, NULL, REVIEW_KEYRING_NONE, cancellable, callback, user_data,
            review_keyring_lock_collection_async);
}

gboolean
review_keyring_lock_collection_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the audit trail's head ----------------------------------------------- */

static void
head_start (OpKind               kind,
            const char          *vault_id,
            const char          *value,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);
  GCancellable *c;

  op->kind = kind;
  op->flags = REVIEW_KEYRING_NONE;   /* never a prompt for the head */
  op->task = task;
  op->context = g_main_context_ref_thread_default ();
  op->vault_id = g_strdup (vault_id);
  if (value != NULL)
    {
      op->key_hex = review_secure_alloc (strlen (value) + 1);
      strcpy (op->key_hex, value);
    }
  g_task_set_source_tag (task, head_start);
  g_task_set_name (task, "[review] keyring audit head");
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  c = op_begin_step (task, FALSE);
  if (cancellable != NULL)
    {
      op->outer_cancellable = g_object_ref (cancellable);
      op->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                 op, NULL);
    }
  secret_service_get (SECRET_SERVICE_OPEN_SESSION | SECRET_SERVICE_LOAD_COLLECTIONS, c,
                      service_done_cb, task);
}

void
review_keyring_head_lookup_async (const char          *vault_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (vault_id != NULL);
  head_start (OP_HEAD_LOOKUP, vault_id, NULL, cancellable, callback, user_data);
}

/* The kept head as stored; %NULL without an error when there is none. */
char *
review_keyring_head_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_keyring_head_store_async (const char          *vault_id,
                                 const char          *value,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (vault_id != NULL && value != NULL);
  head_start (OP_HEAD_STORE, vault_id, value, cancellable, callback, user_data);
}

gboolean
review_keyring_head_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
