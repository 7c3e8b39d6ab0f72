/* test-recovery.c: recovery keys and the wrapped vault key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "review-error.h"
#include "review-recovery.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

static void
test_format (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;
      char *key = review_recovery_key_generate (&error);
      g_auto(GStrv) groups = NULL;
      guint8 secret[REVIEW_RECOVERY_SECRET_LEN];

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (key), ==, 9 * 4 + 8);
      groups = g_strsplit (key, "-", -1);
      g_assert_cmpuint (g_strv_length (groups), ==, 9);
      for (guint g = 0; groups[g]; g++)
        {
          g_assert_cmpuint (strlen (groups[g]), ==, 4);
          /* Crockford base32: no I, L, O or U to mistake. */
          g_assert_null (strpbrk (groups[g], "ILOU"));
        }
      g_assert_true (review_recovery_key_parse (key, secret, &error));
      g_assert_no_error (error);
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, g_strdup (key));
      review_secure_free_string (key);
    }
}

static void
test_parse_tolerant (void)
{
  char *key = review_recovery_key_generate (NULL);
  guint8 a[REVIEW_RECOVERY_SECRET_LEN], b[REVIEW_RECOVERY_SECRET_LEN];
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) messy = g_string_new ("  ");

  g_assert_true (review_recovery_key_parse (key, a, &error));
  /* Lower case, spaces instead of dashes, O for 0 and l for 1. */
  for (const char *p = key; *p; p++)
    {
      if (*p == '-')
        g_string_append_c (messy, ' ');
      else if (*p == '0')
        g_string_append_c (messy, 'o');
      else if (*p == '1')
        g_string_append_c (messy, 'l');
      else
        g_string_append_c (messy, g_ascii_tolower (*p));
    }
  g_string_append (messy, "\n");
  g_assert_true (review_recovery_key_parse (messy->str, b, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  review_secure_free_string (key);
}

static void
test_parse_typo (void)
{
  char *key = review_recovery_key_generate (NULL);
  guint8 secret[REVIEW_RECOVERY_SECRET_LEN];
  g_autoptr(GError) error = NULL;
  g_autofree char *typo = g_strdup (key);

  /* Change one character of the data. */
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  g_assert_false (review_recovery_key_parse (typo, secret, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID);
  g_clear_error (&error);

  g_assert_false (review_recovery_key_parse ("ABCD-EFGH", secret, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID);
  g_clear_error (&error);

  g_assert_false (review_recovery_key_parse ("ABCD-EFGH-!!!!", secret, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID);
  g_clear_error (&error);

  g_assert_false (review_recovery_key_parse ("", secret, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID);
  review_secure_free_string (key);
}

static void
test_wrap_unwrap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  char *recovery = review_recovery_key_generate (NULL);
  char *other = review_recovery_key_generate (NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json = review_recovery_wrap (key, recovery, id, &error);
  g_autoptr(ReviewKey) back = NULL;
  g_autoptr(ReviewKey) wrong = NULL;
  g_autoptr(ReviewKey) other_vault = NULL;
  g_autofree char *other_id = g_uuid_string_random ();

  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"scrypt\""));
  g_assert_nonnull (strstr (json, "\"aes-256-gcm\""));
  /* The key itself never appears. */
  {
    g_autofree char *hex = NULL;
    char *h = review_key_dup_hex (key);
    hex = g_strdup (h);
    review_secure_free_string (h);
    g_assert_null (strstr (json, hex));
  }

  back = review_recovery_unwrap (json, recovery, id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (review_key_get_bytes (back), REVIEW_KEY_LEN,
                   review_key_get_bytes (key), REVIEW_KEY_LEN);

  wrong = review_recovery_unwrap (json, other, id, &error);
  g_assert_null (wrong);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_WRONG);
  g_clear_error (&error);

  /* Bound to its vault: the file of one vault does not open another. */
  other_vault = review_recovery_unwrap (json, recovery, other_id, &error);
  g_assert_null (other_vault);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING);

  review_secure_free_string (recovery);
  review_secure_free_string (other);
}

static void
test_damaged_file (void)
{
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  char *recovery = review_recovery_key_generate (NULL);
  g_autofree char *id = g_uuid_string_random ();
  const char *bad[] = {
    "", "not json", "[]", "{\"format\":1}",
    "{\"format\":1,\"vault_id\":\"%s\",\"kdf\":{\"name\":\"scrypt\",\"n\":1073741824,\"r\":8,"
    "\"p\":1,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\"},\"cipher\":{\"name\":\"aes-256-gcm\","
    "\"nonce\":\"AAAAAAAAAAAAAAAA\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA==\"},\"wrapped_key\":"
    "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) parts = g_strsplit (bad[i], "%s", -1);
      g_autofree char *json = g_strjoinv (id, parts);
      g_autoptr(ReviewKey) back = review_recovery_unwrap (json, recovery, id, &error);
      g_assert_null (back);
      g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING);
    }
  review_secure_free_string (recovery);
}

static void
test_vault_recover_key (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autoptr(ReviewKey) key = NULL;
  char *recovery = NULL;
  g_autoptr(ReviewVault) vault = review_test_create_vault (dir, &key, &recovery);
  char *wrong = review_recovery_key_generate (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) back = NULL;
  g_autoptr(ReviewKey) none = NULL;
  g_autoptr(ReviewVault) reopened = NULL;
  g_autofree char *path = g_build_filename (dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  GStatBuf st;

  review_vault_close (vault);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  back = review_vault_recover_key (dir, recovery, &error);
  g_assert_no_error (error);
  reopened = review_vault_open (dir, back, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);

  none = review_vault_recover_key (dir, wrong, &error);
  g_assert_null (none);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_WRONG);
  g_clear_error (&error);

  /* With vault.json lost, the id comes from recovery.json and the key is
   * checked by SQLCipher; opening puts vault.json back. */
  {
    g_autofree char *info = g_build_filename (dir, REVIEW_VAULT_INFO_NAME, NULL);
    g_autofree char *id = g_strdup (review_vault_get_id (reopened));
    g_autofree char *read_id = NULL;
    g_autoptr(ReviewKey) again = NULL;
    g_autoptr(ReviewVault) third = NULL;

    review_vault_close (reopened);
    g_assert_cmpint (g_unlink (info), ==, 0);
    read_id = review_vault_read_id (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (read_id, ==, id);
    again = review_vault_recover_key (dir, recovery, &error);
    g_assert_no_error (error);
    third = review_vault_open (dir, again, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_test (info, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
  none = review_vault_recover_key (dir, recovery, &error);
  g_assert_null (none);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING);

  review_secure_free_string (recovery);
  review_secure_free_string (wrong);
  review_test_remove_dir (dir);
}

static void
test_write_file (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "key.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (review_recovery_key_write_file (path, "ABCD-EFGH", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "ABCD-EFGH\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Never over an existing file unless the user said so. */
  g_assert_false (review_recovery_key_write_file (path, "X", FALSE, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (review_recovery_key_write_file (path, "WXYZ", TRUE, &error));
  review_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);

  g_test_add_func ("/recovery/format", test_format);
  g_test_add_func ("/recovery/parse-tolerant", test_parse_tolerant);
  g_test_add_func ("/recovery/parse-typo", test_parse_typo);
  g_test_add_func ("/recovery/wrap-unwrap", test_wrap_unwrap);
  g_test_add_func ("/recovery/damaged-file", test_damaged_file);
  g_test_add_func ("/recovery/vault-recover-key", test_vault_recover_key);
  g_test_add_func ("/recovery/write-file", test_write_file);

  return g_test_run ();
}
