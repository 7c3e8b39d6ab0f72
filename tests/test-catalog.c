/* test-catalog.c: the report's own message catalogue (review-catalog.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "review-catalog.h"
#include "review-error.h"

static const char *
mo_path (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);
  return path;
}

static void
check_translations (ReviewCatalog *cat)
{
  g_assert_cmpstr (review_catalog_get_language (cat), ==, "ar");
  g_assert_true (review_catalog_is_rtl (cat));
  g_assert_cmpstr (review_catalog_gettext (cat, "Persons"), ==, "الأشخاص");
  g_assert_cmpstr (review_catalog_gettext (cat, "Page %u"), ==, "الصفحة %u");
  /* Contexts are separate messages. */
  g_assert_cmpstr (review_catalog_pgettext (cat, "sex", "Male"), ==, "ذكر");
  g_assert_cmpstr (review_catalog_gettext (cat, "Male"), ==, "مذكر بلا سياق");
  g_assert_cmpstr (review_catalog_pgettext (cat, "other", "Male"), ==, "Male");
  /* Untranslated and unknown messages are answered as given. */
  g_assert_cmpstr (review_catalog_gettext (cat, "Untranslated"), ==, "Untranslated");
  g_assert_cmpstr (review_catalog_gettext (cat, "Not in the catalogue"), ==,
                   "Not in the catalogue");
  g_assert_cmpstr (review_catalog_gettext (cat, ""), ==, "");
  /* Arabic's six plural forms. */
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 0), ==, "zero %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 1), ==, "one %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 2), ==, "two %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 3), ==, "few %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 10), ==, "few %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 11), ==, "many %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 99), ==, "many %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 100), ==, "other %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 102), ==, "other %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 103), ==, "few %u");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u apple", "%u apples", 1), ==, "%u apple");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u apple", "%u apples", 7), ==, "%u apples");
}

static void
test_little_endian (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewCatalog) cat = review_catalog_new_from_file ("ar", mo_path ("REVIEW_TEST_MO"),
                                                               &error);
  g_assert_no_error (error);
  check_translations (cat);
  g_assert_cmpuint (review_catalog_get_n_messages (cat), ==, 5);
}

static void
test_big_endian (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewCatalog) cat = review_catalog_new_from_file ("ar",
                                                               mo_path ("REVIEW_TEST_MO_BE"),
                                                               &error);
  g_assert_no_error (error);
  check_translations (cat);
}

static void
test_english_is_identity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewCatalog) cat = review_catalog_new_for_language ("en", &error);

  g_assert_no_error (error);
  g_assert_false (review_catalog_is_rtl (cat));
  g_assert_cmpstr (review_catalog_gettext (cat, "Persons"), ==, "Persons");
  g_assert_cmpstr (review_catalog_pgettext (cat, "sex", "Male"), ==, "Male");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 1), ==, "%u photo");
  g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", 2), ==, "%u photos");
  /* No catalogue at all answers the same. */
  g_assert_cmpstr (review_catalog_gettext (NULL, "Persons"), ==, "Persons");
}

/* The installed (here: built) Arabic translation of Review loads by language,
 * from $REVIEW_LOCALEDIR, and a regional variant falls back to it. */
static void
test_for_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewCatalog) cat = review_catalog_new_for_language ("ar_SY.UTF-8", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (review_catalog_get_language (cat), ==, "ar");
  g_assert_cmpuint (review_catalog_get_n_messages (cat), >, 10);

  g_clear_pointer (&cat, review_catalog_free);
  cat = review_catalog_new_for_language ("xx", &error);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_assert_null (cat);
}

/* Cut or corrupted files are refused, never read out of bounds. */
static void
test_damaged (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_dir_make_tmp ("review-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.mo", NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (mo_path ("REVIEW_TEST_MO"), &contents, &len, NULL));
  /* Every truncation fails cleanly or, past the strings' ends, still works. */
  for (gsize cut = 0; cut < len; cut += 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ReviewCatalog) cat = NULL;

      g_assert_true (g_file_set_contents (path, contents, (gssize) cut, NULL));
      cat = review_catalog_new_from_file ("ar", path, &error);
      g_assert_true ((cat == NULL) == (error != NULL));
      if (cat == NULL)
        g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
    }
  /* A string offset pointing far outside the file. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ReviewCatalog) cat = NULL;
    guint32 orig_table;

    memcpy (&orig_table, contents + 12, 4);
    memset (contents + orig_table + 12, 0x7f, 4);
    g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
    cat = review_catalog_new_from_file ("ar", path, &error);
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ReviewCatalog) cat = review_catalog_new_from_file ("ar", "/nonexistent/x.mo",
                                                                 &error);
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_IO);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* Lookups from many threads at once, as reports in workers make them. */
static gpointer
lookup_thread (gpointer data)
{
  ReviewCatalog *cat = data;

  for (int i = 0; i < 20000; i++)
    {
      g_assert_cmpstr (review_catalog_gettext (cat, "Persons"), ==, "الأشخاص");
      g_assert_cmpstr (review_catalog_ngettext (cat, "%u photo", "%u photos", (gulong) i % 200),
                       !=, NULL);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewCatalog) cat = review_catalog_new_from_file ("ar", mo_path ("REVIEW_TEST_MO"),
                                                               &error);
  GThread *threads[8];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("lookup", lookup_thread, cat);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/little-endian", test_little_endian);
  g_test_add_func ("/catalog/big-endian", test_big_endian);
  g_test_add_func ("/catalog/english", test_english_is_identity);
  g_test_add_func ("/catalog/for-language", test_for_language);
  g_test_add_func ("/catalog/damaged", test_damaged);
  g_test_add_func ("/catalog/threads", test_threads);
  return g_test_run ();
}
