/* review-lifecycle.h: the one place where a vault is created, opened,
 * recovered, repaired and given a new recovery key
 *
 * The window (async) and the command line (sync) both call these and keep
 * no vault workflow of their own: the keyring, the recovery key and vault
 * creation are reached through this API only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-anchor.h"
#include "review-keyring.h"
#include "review-profile.h"
#include "review-vault.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_LIFECYCLE_WAITING_FOR_KEYRING,  /* a keyring call is under way (maybe its prompt) */
  REVIEW_LIFECYCLE_WORKING,              /* the vault itself is being opened or written */
} ReviewLifecycleStage;

/* Called on the main context of the thread that started the async call. */
typedef void (*ReviewLifecycleStageFunc) (ReviewLifecycleStage stage,
                                          gpointer             user_data);

/* Open: the key from the keyring. Errors: NO_VAULT (an empty folder: the
 * first run), DAMAGED (vault.db missing or empty beside other vault files,
 * or damaged), INFO_DAMAGED (vault.json damaged: offer repair), KEY_MISSING,
 * the keyring's errors, WRONG_KEY, SCHEMA_TOO_NEW, CIPHER_UNSUPPORTED. */
ReviewVault *review_lifecycle_open         (const char               *dir,
                                            ReviewKeyringFlags        flags,
                                            GCancellable             *cancellable,
                                            GError                  **error);
void         review_lifecycle_open_async   (const char               *dir,
                                            ReviewKeyringFlags        flags,
                                            ReviewLifecycleStageFunc  stage,
                                            gpointer                  stage_data,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data);
ReviewVault *review_lifecycle_open_finish  (GAsyncResult             *result,
                                            GError                  **error);

/* Opening checks the audit trail against the head kept in the keyring,
 * before anything is written: a trail that is behind it (truncated, or an
 * older vault.db copied back) is AUDIT_ROLLED_BACK, naming the missing
 * entries. Acknowledge opens it anyway and records the loss as an audit
 * event (audit.rollback-acknowledged). Each successful open keeps the head;
 * the sync forms keep it again when the vault closes. */
ReviewVault *review_lifecycle_acknowledge        (const char               *dir,
                                                  ReviewKeyringFlags        flags,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
void         review_lifecycle_acknowledge_async  (const char               *dir,
                                                  ReviewKeyringFlags        flags,
                                                  ReviewLifecycleStageFunc  stage,
                                                  gpointer                  stage_data,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
ReviewVault *review_lifecycle_acknowledge_finish (GAsyncResult             *result,
                                                  GError                  **error);
/* What the open found: anchored, not anchored on this computer yet (it is
 * now), or the keyring could not say. */
ReviewAnchorState review_lifecycle_anchor_state  (ReviewVault              *vault);
/* TRUE when this open recorded missing entries @missing_from–@missing_to. */
gboolean     review_lifecycle_acknowledged       (ReviewVault              *vault,
                                                  gint64                   *missing_from,
                                                  gint64                   *missing_to);
/* Keeps the vault's audit head in the keyring now (lock, close, report,
 * export). @wait FALSE: a worker writes it (from the UI thread). */
void         review_lifecycle_keep_audit_head    (ReviewVault              *vault,
                                                  gboolean                  wait);
/* The same from a closing window: the keyring is written by a worker and
 * @app keeps running until it is. */
void         review_lifecycle_keep_audit_head_on_close (ReviewVault          *vault,
                                                        GApplication         *app);

/* Create, in a folder that holds no vault file. @recovery_key_file
 * (nullable): a NEW file the recovery key is written to; otherwise
 * *@recovery_key receives it (secure memory: free it with
 * review_secure_free_string()). On failure nothing stays: no file that
 * this call created, no key in the keyring. */
ReviewVault *review_lifecycle_create        (const char               *dir,
                                             const char               *display_name,
                                             ReviewRole                role,
                                             const char               *recovery_key_file,
                                             ReviewKeyringFlags        flags,
                                             char                    **recovery_key,
                                             GCancellable             *cancellable,
                                             GError                  **error);
void         review_lifecycle_create_async  (const char               *dir,
                                             const char               *display_name,
                                             ReviewRole                role,
                                             ReviewKeyringFlags        flags,
                                             ReviewLifecycleStageFunc  stage,
                                             gpointer                  stage_data,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
ReviewVault *review_lifecycle_create_finish (GAsyncResult             *result,
                                             char                    **recovery_key,
                                             GError                  **error);

/* Recover: the key unwrapped with the recovery key, proved on the vault,
 * stored in the keyring again; an audit event. */
ReviewVault *review_lifecycle_recover        (const char               *dir,
                                              const char               *recovery_key,
                                              ReviewKeyringFlags        flags,
                                              GCancellable             *cancellable,
                                              GError                  **error);
void         review_lifecycle_recover_async  (const char               *dir,
                                              const char               *recovery_key,
                                              ReviewKeyringFlags        flags,
                                              ReviewLifecycleStageFunc  stage,
                                              gpointer                  stage_data,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
ReviewVault *review_lifecycle_recover_finish (GAsyncResult             *result,
                                              GError                  **error);

/* Repair: vault.json rewritten from the database, with the key from the
 * keyring or, when given, the recovery key; an audit event. */
ReviewVault *review_lifecycle_repair         (const char               *dir,
                                              const char               *recovery_key,
                                              ReviewKeyringFlags        flags,
                                              GCancellable             *cancellable,
                                              GError                  **error);
void         review_lifecycle_repair_async   (const char               *dir,
                                              const char               *recovery_key,
                                              ReviewKeyringFlags        flags,
                                              ReviewLifecycleStageFunc  stage,
                                              gpointer                  stage_data,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
ReviewVault *review_lifecycle_repair_finish  (GAsyncResult             *result,
                                              GError                  **error);

/* A new recovery key: the old one stops working; an audit event. With
 * @recovery_key_file it is written to that NEW file, else returned in
 * *@recovery_key (secure memory). */
gboolean     review_lifecycle_rekey_recovery        (ReviewVault          *vault,
                                                     const char           *recovery_key_file,
                                                     char                **recovery_key,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void         review_lifecycle_rekey_recovery_async  (ReviewVault          *vault,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean     review_lifecycle_rekey_recovery_finish (GAsyncResult         *result,
                                                     char                **recovery_key,
                                                     GError              **error);

/* The recovery key's own checks, before the slow part (typing mistakes). */
gboolean     review_lifecycle_check_recovery_key    (const char           *text,
                                                     GError              **error);
/* Writes a recovery key to a file only its owner can read. */
gboolean     review_lifecycle_save_recovery_key     (const char           *path,
                                                     const char           *recovery_key,
                                                     gboolean              replace,
                                                     GError              **error);

/* Locks the keyring collection that holds the vault's key (the user asked
 * for it in Preferences): unlocking then asks for the keyring's password. */
void         review_lifecycle_lock_keyring_async    (const char           *vault_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean     review_lifecycle_lock_keyring_finish   (GAsyncResult         *result,
                                                     GError              **error);
/* How long keyring calls may take (0: the default); the first for calls
 * without a prompt, the second for a prompt. */
void         review_lifecycle_set_keyring_timeouts  (guint                 call_seconds,
                                                     guint                 prompt_seconds);

G_END_DECLS
