/* review-vault.h: one vault, one folder, one SQLCipher 4 database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-audit.h"
#include "review-key.h"
#include "review-profile.h"

G_BEGIN_DECLS

#define REVIEW_VAULT_DB_NAME    "vault.db"
#define REVIEW_VAULT_INFO_NAME  "vault.json"
#define REVIEW_VAULT_FORMAT     1

#define REVIEW_TYPE_VAULT (review_vault_get_type ())

G_DECLARE_FINAL_TYPE (ReviewVault, review_vault, REVIEW, VAULT, GObject)

char          *review_vault_default_dir      (void);
char          *review_vault_resolve_dir      (const char   *option_value);
gboolean       review_vault_check_cipher     (char        **version,
                                              GError      **error);
gboolean       review_vault_exists           (const char   *dir);
char          *review_vault_read_id          (const char   *dir,
                                              GError      **error);
GStrv          review_vault_read_ids         (const char   *dir);
/* vault.json and recovery.json's vault id from their bytes (tests/fuzz). */
gboolean       review_vault_info_parse       (const char   *contents,
                                              gsize         len,
                                              char        **vault_id,
                                              char        **key_check);
char          *review_vault_recovery_id_parse (const char  *contents,
                                               gsize        len);
gboolean       review_vault_check_files      (const char   *dir,
                                              GError      **error);
ReviewVault   *review_vault_create           (const char   *dir,
                                              const char   *vault_id,
                                              const ReviewKey *key,
                                              const char   *recovery_key,
                                              const char   *display_name,
                                              ReviewRole    role,
                                              GError      **error);
ReviewVault   *review_vault_open             (const char   *dir,
                                              const ReviewKey *key,
                                              GError      **error);
ReviewKey     *review_vault_recover_key      (const char   *dir,
                                              const char   *recovery_key,
                                              GError      **error);
void           review_vault_close            (ReviewVault  *self);
ReviewKey     *review_vault_recover_key_raw  (const char   *dir,
                                              const char   *recovery_key,
                                              GError      **error);
char          *review_vault_repair_info      (const char   *dir,
                                              const ReviewKey *key,
                                              GError      **error);
gboolean       review_vault_check_recovery   (ReviewVault  *self,
                                              GError      **error);
gboolean       review_vault_rekey_recovery   (ReviewVault  *self,
                                              const char   *recovery_key,
                                              GError      **error);
guint          review_vault_count_live       (void);

ReviewVault   *review_vault_open_worker_view (ReviewVault  *self,
                                              GError      **error);
const char    *review_vault_get_dir          (ReviewVault  *self);
const char    *review_vault_get_id           (ReviewVault  *self);
const char    *review_vault_get_cipher_version (ReviewVault *self);
int            review_vault_get_schema_version (ReviewVault *self);
ReviewProfile *review_vault_get_profile      (ReviewVault  *self);
gint64         review_vault_count_photos     (ReviewVault  *self);
char          *review_vault_dup_created      (ReviewVault  *self);

gboolean       review_vault_audit            (ReviewVault  *self,
                                              const char   *action,
                                              const char   *target,
                                              const char   *details_json,
                                              GError      **error);
/* How often the audit head is kept while entries are written. */
#define REVIEW_VAULT_ANCHOR_INTERVAL_US (60 * G_USEC_PER_SEC)
void           review_vault_set_anchor_on_close (ReviewVault *self,
                                                 gboolean     anchor);
void           review_vault_note_anchored    (ReviewVault  *self);
void           review_vault_set_anchor_interval (gint64      microseconds);
gboolean       review_vault_foreach_audit_entry (ReviewVault       *self,
                                                 const char        *action,
                                                 ReviewAuditHashFunc func,
                                                 gpointer           user_data,
                                                 GError           **error);
gboolean       review_vault_verify_audit     (ReviewVault  *self,
                                              ReviewAuditReport *report,
                                              GError      **error);
gboolean       review_vault_set_profile      (ReviewVault  *self,
                                              const char   *display_name,
                                              ReviewRole    role,
                                              GError      **error);

/* Full check: cipher_integrity_check (every page's HMAC) and SQLite's own
 * integrity_check. Runs on a second connection, so it may run in a thread
 * while the window goes on using the vault. */
gboolean       review_vault_check_integrity  (ReviewVault  *self,
                                              GCancellable *cancellable,
                                              GError      **error);
void           review_vault_check_integrity_async  (ReviewVault         *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       review_vault_check_integrity_finish (ReviewVault  *self,
                                                    GAsyncResult *result,
                                                    GError      **error);

/* Opening in a worker thread, for the window. */
void           review_vault_open_async       (const char          *dir,
                                              const ReviewKey     *key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
ReviewVault   *review_vault_open_finish      (GAsyncResult *result,
                                              GError      **error);

G_END_DECLS
