/* review-keyring-sync.c: the keyring's blocking forms, for the command
 * line, the tests and workers: each runs its async call (review-keyring.c)
 * on a private main context (review-sync), with the same timeouts. Never
 * from the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-keyring.h"
#include "review-sync.h"

gboolean
review_keyring_ensure_ready_sync (ReviewKeyringFlags  flags,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  ReviewSync data;
  gboolean ok;

  review_sync_begin (&data);
  review_keyring_ensure_ready_async (flags, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  ok = review_keyring_ensure_ready_finish (data.result, error);
  review_sync_end (&data);
  return ok;
}

ReviewKey *
review_keyring_lookup_sync (const char         *vault_id,
                            ReviewKeyringFlags  flags,
                            GCancellable       *cancellable,
                            GError            **error)
{
  ReviewSync data;
  ReviewKey *key;

  review_sync_begin (&data);
  review_keyring_lookup_async (vault_id, flags, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  key = review_keyring_lookup_finish (data.result, error);
  review_sync_end (&data);
  return key;
}

gboolean
review_keyring_store_sync (const char         *vault_id,
                           const ReviewKey    *key,
                           ReviewKeyringFlags  flags,
                           GCancellable       *cancellable,
                           GError            **error)
{
  ReviewSync data;
  gboolean ok;

  review_sync_begin (&data);
  review_keyring_store_async (vault_id, key, flags, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  ok = review_keyring_store_finish (data.result, error);
  review_sync_end (&data);
  return ok;
}

gboolean
review_keyring_clear_sync (const char    *vault_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  ReviewSync data;
  gboolean ok;

  review_sync_begin (&data);
  review_keyring_clear_async (vault_id, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  ok = review_keyring_clear_finish (data.result, error);
  review_sync_end (&data);
  return ok;
}

gboolean
review_keyring_lock_collection_sync (const char    *vault_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  ReviewSync data;
  gboolean ok;

  review_sync_begin (&data);
  review_keyring_lock_collection_async (vault_id, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  ok = review_keyring_lock_collection_finish (data.result, error);
  review_sync_end (&data);
  return ok;
}

/**
 * review_keyring_head_lookup_sync:
 *
 * The kept head of @vault_id's audit trail, as stored; %NULL without an
 * error when there is none. Never prompts: a locked keyring is an error.
 * Blocking; safe from any thread.
 */
char *
review_keyring_head_lookup_sync (const char    *vault_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  ReviewSync data;
  char *text;

  g_return_val_if_fail (vault_id != NULL, NULL);
  review_sync_begin (&data);
  review_keyring_head_lookup_async (vault_id, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  text = review_keyring_head_lookup_finish (data.result, error);
  review_sync_end (&data);
  return text;
}

gboolean
review_keyring_head_store_sync (const char    *vault_id,
                                const char    *value,
                                GCancellable  *cancellable,
                                GError       **error)
{
  ReviewSync data;
  gboolean ok;

  g_return_val_if_fail (vault_id != NULL && value != NULL, FALSE);
  review_sync_begin (&data);
  review_keyring_head_store_async (vault_id, value, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  ok = review_keyring_head_store_finish (data.result, error);
  review_sync_end (&data);
  return ok;
}
