/* test-damage.c: a damaged photo's reason, in words
 *
 * The decoder's damage kind and row, as the vault stores them, worded for
 * people: rows counted from 1, a missing part as a percentage rounded up
 * (a missing sliver is never "0 %"), and nothing for a whole photo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "review-damage.h"

static void
test_whole (void)
{
  g_assert_null (review_damage_describe (REVIEW_DAMAGE_NONE, 0, 100));
  g_assert_null (review_damage_code (REVIEW_DAMAGE_NONE));
}

static void
test_missing (void)
{
  static const struct { guint32 row, height; const char *percent; } cases[] = {
    { 400, 1000, "The last 60 % " },    /* a scan cut at 40 % */
    { 999, 1000, "The last 1 % " },     /* one row: rounded up, not 0 */
    { 1, 3, "The last 67 % " },
    { 1, 1000000, "The last 99 % " },   /* one row of a million decoded: not 100 */
    { 0, 10, "The last 100 % " },
    { 65534, 65535, "The last 1 % " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = review_damage_describe (REVIEW_DAMAGE_MISSING, cases[i].row,
                                                   cases[i].height);
      g_test_message ("%u of %u: %s", cases[i].row, cases[i].height, s);
      g_assert_true (g_str_has_prefix (s, cases[i].percent));
      g_assert_nonnull (strstr (s, "ends early"));
    }
  g_assert_cmpstr (review_damage_code (REVIEW_DAMAGE_MISSING), ==, "missing");

  /* A row the vault should never hold (outside the image) still gives a
   * sentence, never a percentage over 100 or a division by zero. */
  {
    g_autofree char *a = review_damage_describe (REVIEW_DAMAGE_MISSING, 5, 0);
    g_autofree char *b = review_damage_describe (REVIEW_DAMAGE_MISSING, 500, 10);
    g_assert_cmpstr (a, ==, "Part of the image is missing: the file ends early.");
    g_assert_cmpstr (b, ==, "Part of the image is missing: the file ends early.");
  }
}

static void
test_corrupt (void)
{
  g_autofree char *first = review_damage_describe (REVIEW_DAMAGE_CORRUPT, 0, 10);
  g_autofree char *later = review_damage_describe (REVIEW_DAMAGE_CORRUPT, 411, 1000);
  g_autofree char *partly = review_damage_describe (REVIEW_DAMAGE_PARTLY, 0, 10);

  g_assert_cmpstr (first, ==, "Corrupt data from row 1 on.");
  g_assert_cmpstr (later, ==, "Corrupt data from row 412 on.");
  g_assert_cmpstr (partly, ==, "Part of the image data could not be decoded.");
  g_assert_cmpstr (review_damage_code (REVIEW_DAMAGE_CORRUPT), ==, "corrupt");
  g_assert_cmpstr (review_damage_code (REVIEW_DAMAGE_PARTLY), ==, "partly");
  /* A kind from a newer version of Review reads as "partly". */
  {
    g_autofree char *unknown = review_damage_describe ((ReviewDecoderDamage) 9, 0, 10);
    g_assert_cmpstr (unknown, ==, "Part of the image data could not be decoded.");
    g_assert_null (review_damage_code ((ReviewDecoderDamage) 9));
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/damage/whole", test_whole);
  g_test_add_func ("/damage/missing", test_missing);
  g_test_add_func ("/damage/corrupt", test_corrupt);
  return g_test_run ();
}
