/* review-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "review-gazetteer.h"
#include "review-recovery.h"
#include "review-test-utils.h"

void
review_test_init (int    *argc,
                  char ***argv)
{
  /* Tests check error codes, not wording, and run in the C locale. */
  g_setenv ("LC_ALL", "C", TRUE);
  setlocale (LC_ALL, "C");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

char *
review_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("review-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
review_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        review_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
review_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int dlen = 0;
  GString *hex = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (EVP_Digest (contents, len, digest, &dlen, EVP_sha256 (), NULL) == 1);
  for (unsigned int i = 0; i < dlen; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

/* Overwrites @len bytes at @offset with a pattern, in place. */
void
review_test_corrupt (const char *path,
                     goffset     offset,
                     gsize       len)
{
  FILE *f = g_fopen (path, "r+b");

  g_assert_nonnull (f);
  g_assert_cmpint (fseeko (f, offset, SEEK_SET), ==, 0);
  for (gsize i = 0; i < len; i++)
    fputc (0x5a ^ (int) (i & 0xff), f);
  fclose (f);
}

ReviewVault *
review_test_create_vault (const char  *dir,
                          ReviewKey  **key_out,
                          char       **recovery_key_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewKey) key = review_key_new_random (&error);
  char *recovery = NULL;
  ReviewVault *vault;

  g_assert_no_error (error);
  recovery = review_recovery_key_generate (&error);
  g_assert_no_error (error);
  vault = review_vault_create (dir, NULL, key, recovery, "Test Reviewer", REVIEW_ROLE_REVIEWER,
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault);
  /* As the lifecycle does: the store's part of creating a vault. */
  review_gazetteer_prepare (vault);
  if (key_out)
    *key_out = g_steal_pointer (&key);
  if (recovery_key_out)
    *recovery_key_out = recovery;
  else
    review_secure_free_string (recovery);
  return vault;
}
