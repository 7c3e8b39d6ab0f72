/* review-keyring.h: the vault key in the Secret Service, and the states the
 * keyring can be in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-key.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_KEYRING_NONE         = 0,
  /* Show the system's unlock (or create-keyring) prompt when needed. Without
   * it, a locked keyring is reported at once instead of prompting. */
  REVIEW_KEYRING_ALLOW_PROMPT = 1 << 0,
} ReviewKeyringFlags;

void       review_keyring_set_timeouts    (guint               call_seconds,
                                           guint               prompt_seconds);

void       review_keyring_ensure_ready_async (ReviewKeyringFlags  flags,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean   review_keyring_ensure_ready_finish (GAsyncResult      *result,
                                               GError           **error);
void       review_keyring_lookup_async    (const char         *vault_id,
                                           ReviewKeyringFlags  flags,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
ReviewKey *review_keyring_lookup_finish   (GAsyncResult       *result,
                                           GError            **error);
void       review_keyring_store_async     (const char         *vault_id,
                                           const ReviewKey    *key,
                                           ReviewKeyringFlags  flags,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean   review_keyring_store_finish    (GAsyncResult       *result,
                                           GError            **error);
void       review_keyring_clear_async     (const char         *vault_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean   review_keyring_clear_finish    (GAsyncResult       *result,
                                           GError            **error);
void       review_keyring_lock_collection_async  (const char         *vault_id,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean   review_keyring_lock_collection_finish (GAsyncResult       *result,
                                                  GError            **error);

void       review_keyring_head_lookup_async  (const char         *vault_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
char      *review_keyring_head_lookup_finish (GAsyncResult       *result,
                                              GError            **error);
void       review_keyring_head_store_async   (const char         *vault_id,
                                              const char         *value,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean   review_keyring_head_store_finish  (GAsyncResult       *result,
                                              GError            **error);

/* Blocking forms for the command line and tests: they run the async calls
 * on a private main context, with the same timeouts. Never from the UI. */
gboolean   review_keyring_ensure_ready_sync (ReviewKeyringFlags flags,
                                             GCancellable      *cancellable,
                                             GError           **error);
ReviewKey *review_keyring_lookup_sync     (const char         *vault_id,
                                           ReviewKeyringFlags  flags,
                                           GCancellable       *cancellable,
                                           GError            **error);
gboolean   review_keyring_store_sync      (const char         *vault_id,
                                           const ReviewKey    *key,
                                           ReviewKeyringFlags  flags,
                                           GCancellable       *cancellable,
                                           GError            **error);
gboolean   review_keyring_clear_sync      (const char         *vault_id,
                                           GCancellable       *cancellable,
                                           GError            **error);
gboolean   review_keyring_lock_collection_sync (const char       *vault_id,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* The audit trail's kept head (schema com.example.Review.AuditHead, one
 * item per vault id): blocking, never prompting, safe from any thread.
 * Only review-anchor.c calls these. */
char      *review_keyring_head_lookup_sync (const char    *vault_id,
                                            GCancellable  *cancellable,
                                            GError       **error);
gboolean   review_keyring_head_store_sync  (const char    *vault_id,
                                            const char    *value,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* Test builds only (REVIEW_TEST_HOOKS): see review-keyring.c. */
void       review_keyring_tolerate_prompt_bug (void);

G_END_DECLS
