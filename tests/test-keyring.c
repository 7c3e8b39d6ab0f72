/* test-keyring.c: the vault key in a real gnome-keyring, in each state
 *
 * Run by tests/keyring-session.sh, which gives each state its own D-Bus
 * session, HOME and keyring daemon: REVIEW_TEST_KEYRING names the state
 * (unlocked, locked, none, fresh). In the locked state the wrapper first
 * runs this program with REVIEW_TEST_PHASE=seed while the keyring is still
 * unlocked, to store an item that must then stay unreadable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-error.h"
#include "review-keyring.h"
#include "review-test-utils.h"

#define SEED_VAULT_ID "6a1c2f0e-4b7d-4c1e-9a55-0d6f1e2b3c4d"

static const char *
state (void)
{
  const char *s = g_getenv ("REVIEW_TEST_KEYRING");
  return s ? s : "unset";
}

static void
test_unlocked_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autoptr(ReviewKey) back = NULL;
  g_autoptr(ReviewKey) gone = NULL;
  g_autofree char *id = g_uuid_string_random ();

  g_assert_true (review_keyring_ensure_ready_sync (REVIEW_KEYRING_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (review_keyring_store_sync (id, key, REVIEW_KEYRING_NONE, NULL, &error));
  g_assert_no_error (error);
  back = review_keyring_lookup_sync (id, REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (review_key_get_bytes (back), REVIEW_KEY_LEN,
                   review_key_get_bytes (key), REVIEW_KEY_LEN);
  g_assert_true (review_keyring_clear_sync (id, NULL, &error));
  g_assert_no_error (error);
  gone = review_keyring_lookup_sync (id, REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_null (gone);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING);
}

static void
test_unlocked_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(ReviewKey) key = review_keyring_lookup_sync (id, REVIEW_KEYRING_NONE, NULL, &error);

  g_assert_null (key);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEY_MISSING);
}

typedef struct
{
  gboolean   done;
  GError    *error;
  ReviewKey *key;
  guint      ticks;
} AsyncState;

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *st = user_data;

  st->key = review_keyring_lookup_finish (result, &st->error);
  st->done = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  AsyncState *st = user_data;

  st->ticks++;
  return G_SOURCE_CONTINUE;
}

/* The async form never blocks the main loop, and cancelling it returns. */
static void
test_async_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = g_uuid_string_random ();
  AsyncState st = { 0 };
  guint tick = g_timeout_add (10, tick_cb, &st);
  gint64 start = g_get_monotonic_time ();

  review_keyring_lookup_async (id, REVIEW_KEYRING_ALLOW_PROMPT, cancellable, lookup_done_cb, &st);
  g_cancellable_cancel (cancellable);
  while (!st.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_null (st.key);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_clear_error (&st.error);
}

static void
test_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autoptr(ReviewKey) found = NULL;

  /* Told apart from a missing item, although libsecret says NULL for both. */
  found = review_keyring_lookup_sync (SEED_VAULT_ID, REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (review_keyring_ensure_ready_sync (REVIEW_KEYRING_NONE, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (review_keyring_store_sync (SEED_VAULT_ID, key, REVIEW_KEYRING_NONE, NULL,
                                             &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_LOCKED);
}

/* With prompting allowed, an unanswered or failed prompt ends as "locked"
 * or "timed out", never as a hang or as "missing". */
static void
test_locked_prompt_times_out (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) found = NULL;
  gint64 start = g_get_monotonic_time ();

  /* libsecret's own criticals when the prompter cannot start: the suite's
   * one exception to fatal warnings (review-keyring.c). */
  review_keyring_tolerate_prompt_bug ();
  review_keyring_set_timeouts (10, 2);
  found = review_keyring_lookup_sync (SEED_VAULT_ID, REVIEW_KEYRING_ALLOW_PROMPT, NULL, &error);
  g_assert_null (found);
  g_assert_nonnull (error);
  g_assert_true (error->domain == REVIEW_ERROR);
  g_assert_true (error->code == REVIEW_ERROR_KEYRING_LOCKED ||
                 error->code == REVIEW_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

static gboolean
cancel_later_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

/* Cancelling while the unlock prompt is up answers at once. */
static void
test_locked_prompt_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState st = { 0 };
  gint64 start;

  /* libsecret's own criticals when the prompter cannot start: the suite's
   * one exception to fatal warnings (review-keyring.c). */
  review_keyring_tolerate_prompt_bug ();
  review_keyring_set_timeouts (10, 30);
  review_keyring_lookup_async (SEED_VAULT_ID, REVIEW_KEYRING_ALLOW_PROMPT, cancellable,
                               lookup_done_cb, &st);
  g_timeout_add (500, cancel_later_cb, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  while (!st.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (st.key);
  g_assert_nonnull (st.error);
  g_clear_error (&st.error);
}

static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autoptr(ReviewKey) found = NULL;

  found = review_keyring_lookup_sync (SEED_VAULT_ID, REVIEW_KEYRING_ALLOW_PROMPT, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (review_keyring_store_sync (SEED_VAULT_ID, key, REVIEW_KEYRING_NONE, NULL,
                                             &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (review_keyring_ensure_ready_sync (REVIEW_KEYRING_NONE, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_UNAVAILABLE);
}

static void
test_fresh_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  g_autoptr(ReviewKey) found = NULL;

  found = review_keyring_lookup_sync (SEED_VAULT_ID, REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_NO_DEFAULT);
  g_clear_error (&error);
  g_assert_false (review_keyring_store_sync (SEED_VAULT_ID, key, REVIEW_KEYRING_NONE, NULL,
                                             &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_KEYRING_NO_DEFAULT);
}

static int
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);

  if (!review_keyring_store_sync (SEED_VAULT_ID, key, REVIEW_KEYRING_NONE, NULL, &error))
    {
      g_printerr ("seed failed: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *s;

  if (g_strcmp0 (g_getenv ("REVIEW_TEST_PHASE"), "seed") == 0)
    return seed ();

  review_test_init (&argc, &argv);
  s = state ();
  if (g_str_equal (s, "unlocked"))
    {
      g_test_add_func ("/keyring/unlocked/roundtrip", test_unlocked_roundtrip);
      g_test_add_func ("/keyring/unlocked/missing", test_unlocked_missing);
      g_test_add_func ("/keyring/unlocked/async-cancel", test_async_cancel);
    }
  else if (g_str_equal (s, "locked"))
    {
      g_test_add_func ("/keyring/locked/told-apart", test_locked);
      g_test_add_func ("/keyring/locked/prompt-times-out", test_locked_prompt_times_out);
      g_test_add_func ("/keyring/locked/prompt-cancel", test_locked_prompt_cancel);
    }
  else if (g_str_equal (s, "none"))
    g_test_add_func ("/keyring/no-service", test_no_service);
  else if (g_str_equal (s, "fresh"))
    g_test_add_func ("/keyring/fresh-account", test_fresh_account);
  else
    g_error ("REVIEW_TEST_KEYRING must be unlocked, locked, none or fresh (is %s)", s);

  return g_test_run ();
}
