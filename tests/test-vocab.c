/* test-vocab.c: the controlled vocabularies compiled into the binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-test-utils.h"
#include "review-vocab.h"

static gboolean
has_arabic (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x0600 && c <= 0x06FF)
        return TRUE;
    }
  return FALSE;
}

static void
test_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVocab) vocab = review_vocab_load (&error);
  const char *names[] = { "finding_types", "body_regions", "methods", "review_status", "timing",
                          "consistency", "laterality", "identification_status" };

  g_assert_no_error (error);
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      GPtrArray *list = review_vocab_get_list (vocab, names[n]);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_nonnull (list);
      g_assert_cmpint (review_vocab_get_version (vocab, names[n]), >=, 1);
      for (guint i = 0; i < list->len; i++)
        {
          const ReviewVocabEntry *e = g_ptr_array_index (list, i);
          g_assert_false (g_hash_table_contains (seen, e->code));
          g_hash_table_add (seen, (gpointer) e->code);
          g_assert_true (e->en != NULL && *e->en != '\0');
          g_assert_true (has_arabic (e->ar));
          if (e->parent != NULL)
            g_assert_nonnull (review_vocab_lookup (vocab, names[n], e->parent));
        }
    }
  g_assert_cmpuint (review_vocab_get_list (vocab, "finding_types")->len, >=, 25);
  g_assert_cmpuint (review_vocab_get_list (vocab, "body_regions")->len, >=, 40);
}

static void
test_lookup (void)
{
  g_autoptr(ReviewVocab) vocab = review_vocab_load (NULL);
  const char *statuses[] = { "unreviewed", "in-progress", "done", "second-review", "verified" };
  GPtrArray *list = review_vocab_get_list (vocab, "review_status");

  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (statuses));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_nonnull (review_vocab_lookup (vocab, "review_status", statuses[i]));
  g_assert_cmpstr (review_vocab_lookup (vocab, "finding_types", "abrasion")->en, ==, "Abrasion");
  g_assert_null (review_vocab_lookup (vocab, "finding_types", "no-such-code"));
  g_assert_null (review_vocab_get_list (vocab, "no-such-list"));
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  g_test_add_func ("/vocab/lists", test_lists);
  g_test_add_func ("/vocab/lookup", test_lookup);
  return g_test_run ();
}
