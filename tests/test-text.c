/* test-text.c: folding text for search, and full-text queries that no
 * typed text can turn into FTS5 syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-test-utils.h"
#include "review-text.h"

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = review_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
assert_same_fold (const char *a,
                  const char *b)
{
  g_autofree char *fa = review_text_fold (a);
  g_autofree char *fb = review_text_fold (b);

  g_assert_cmpstr (fa, ==, fb);
}

static void
test_fold_latin (void)
{
  assert_fold ("", "");
  assert_fold ("Mohammed", "mohammed");
  assert_fold ("MOHAMMED al-Hassan", "mohammed al-hassan");
  assert_fold ("José", "jose");
  assert_fold ("Jose\xcc\x81", "jose");               /* already decomposed */
  assert_fold ("ÇAĞLAR Öztürk", "caglar ozturk");
  assert_fold ("Straße", "strasse");
  assert_fold ("İstanbul", "istanbul");
  assert_fold ("Ｂｒａｎｃｈ　２１５", "branch 215");    /* full-width */
  assert_fold ("ﬁle", "file");                        /* ligature */
  assert_fold ("photo-00003.jpg", "photo-00003.jpg");  /* punctuation stays */
  assert_fold ("O'Brien, 1234/56", "o'brien, 1234/56");
}

static void
test_fold_arabic (void)
{
  /* Harakat, shadda, tanween, sukun, superscript alef. */
  assert_fold ("مُحَمَّد", "محمد");
  assert_fold ("كِتَابٌ", "كتاب");
  assert_fold ("مُسْلِم", "مسلم");
  assert_fold ("هٰذا", "هذا");
  /* Tatweel. */
  assert_fold ("محـــمد", "محمد");
  /* Alef forms. */
  assert_fold ("أحمد", "احمد");
  assert_fold ("إبراهيم", "ابراهيم");
  assert_fold ("آمن", "امن");
  assert_fold ("ٱلله", "الله");
  assert_fold ("أَحْمَد", "احمد");
  /* Alef maqsura and ya; Persian yeh and kaf. */
  assert_fold ("مصطفى", "مصطفي");
  assert_same_fold ("مصطفى", "مصطفي");
  assert_same_fold ("عیسی", "عيسي");
  assert_same_fold ("کمال", "كمال");
  /* Ta marbuta is ha. */
  assert_same_fold ("فاطمة", "فاطمه");
  assert_fold ("حمزة", "حمزه");
  /* Hamza on its seat folds with the seat. */
  assert_same_fold ("مسؤول", "مسوول");
  assert_same_fold ("مسئول", "مسيول");
  /* Standalone hamza stays a letter. */
  assert_fold ("ماء", "ماء");
  /* Quranic annotation signs are dropped. */
  assert_fold ("قال\u06D6", "قال");
  /* Presentation forms (as PDFs carry them) and the lam-alef ligature. */
  assert_fold ("\uFEE3\uFEA4\uFEE4\uFEAA", "محمد");
  assert_fold ("\uFEFB", "لا");
  assert_fold ("\uFEF7", "لا");
  /* Joiners and direction marks inside words. */
  assert_fold ("مح\u200Cمد", "محمد");
  assert_fold ("\u200FAhmad\u200E", "ahmad");
  assert_fold ("\u061Cسعيد", "سعيد");
}

static void
test_fold_digits (void)
{
  assert_fold ("الفرع ٢١٥", "الفرع 215");
  assert_fold ("۱۲۳۴/۵۶", "1234/56");
  assert_fold ("٠١٢٣٤٥٦٧٨٩", "0123456789");
  assert_fold ("۰۱۲۳۴۵۶۷۸۹", "0123456789");
  assert_fold ("²", "2");
}

static void
test_fold_invalid (void)
{
  g_autofree char *folded = review_text_fold ("\xff\xfe Abc \xc3");

  g_assert_true (g_utf8_validate (folded, -1, NULL));
  g_assert_nonnull (strstr (folded, "abc"));
}

static void
assert_query (const char *text,
              const char *expected)
{
  g_autofree char *query = review_text_match_query (text);

  g_assert_cmpstr (query, ==, expected);
}

static void
test_match_query (void)
{
  assert_query (NULL, NULL);
  assert_query ("", NULL);
  assert_query ("   \t\n", NULL);
  assert_query ("\"", NULL);
  assert_query ("*", NULL);
  assert_query ("( ) : ^ - + \"\" ''", NULL);
  assert_query ("ـــ", NULL);                        /* tatweel alone */
  assert_query ("ُ", NULL);                          /* a haraka alone */
  assert_query ("moha", "\"moha\"*");
  assert_query ("Mohammed  Ali", "\"mohammed\"* \"ali\"*");
  assert_query ("مُحَمَّد", "\"محمد\"*");
  assert_query ("OR", "\"or\"*");
  assert_query ("NEAR(", "\"near(\"*");
  assert_query ("a\"b", "\"a\"\"b\"*");
  assert_query ("\"moha", "\"\"\"moha\"*");
  assert_query ("photo_00003", "\"photo_00003\"*");
  assert_query ("x * y", "\"x\"* \"y\"*");
  assert_query ("٢١٥", "\"215\"*");
}

/* Hostile and odd queries run against a real FTS5 table, tokenized as the
 * vault's is: no error, ever, and the expected rows. */
static void
test_match_sql (void)
{
  static const char * const rows[] = {
    "photo-00001.jpg مُحَمَّد Mohammed al-Hassan",
    "photo-00002.jpg أحمد Ahmad",
    "photo-00003.jpg مصطفى Mustafa 1234/56",
    "photo-00004.jpg José NEAR OR AND NOT",
  };
  static const struct
  {
    const char *query;
    int         expected;   /* -1: any number, as long as there is no error */
  } cases[] = {
    { "محمد", 1 }, { "مح", 1 }, { "م", 2 }, { "احمد", 1 }, { "أحمد", 1 },
    { "مصطفي", 1 }, { "مصطفى", 1 }, { "jose", 1 }, { "JOSÉ", 1 }, { "moha", 1 },
    { "MOHAMMED hassan", 1 }, { "al-hass", 1 }, { "1234/5", 1 }, { "1234/56", 1 },
    { "56/1234", 0 }, { "photo-0000", 4 }, { "mohammed ahmad", 0 },
    { "\"", 4 }, { "*", 4 }, { "NEAR(", 1 }, { "NEAR(moha", 0 }, { "OR", 1 },
    { "moha OR ahmad", 0 }, { "AND", 1 }, { "NOT ahmad", 0 }, { "body:moha", 0 },
    { "{body}: moha", 0 }, { "-moha", 1 }, { "^moha", 1 }, { "moha*", 1 },
    { "(moha", 1 }, { "moha)", 1 }, { "\"moha\"", 1 }, { "'moha'", 1 }, { "\\", 4 },
    { "+", 4 }, { "%", 4 }, { "_", 4 }, { "NEAR(moha ahmad, 2)", 0 }, { "rank:1", -1 },
  };
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (review_db_register_functions (db, &error));
  g_assert_true (review_db_exec (db, "CREATE VIRTUAL TABLE t USING fts5 (body,"
                                     " tokenize = 'unicode61 remove_diacritics 2',"
                                     " prefix = '1 2 3')", &error));
  g_assert_no_error (error);
  g_assert_true (review_db_prepare (db, "INSERT INTO t (body) VALUES (review_fold (?))", &insert,
                                    &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_bind_text (insert, 1, rows[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = review_text_match_query (cases[i].query);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 n = 0;

      if (query == NULL)
        {
          /* Nothing to look for: the filter does not apply. */
          n = G_N_ELEMENTS (rows);
        }
      else
        {
          g_assert_true (review_db_prepare (db, "SELECT count(*) FROM t WHERE t MATCH ?", &stmt,
                                            &error));
          sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            g_error ("“%s” (as %s): %s", cases[i].query, query, sqlite3_errmsg (db));
          n = sqlite3_column_int64 (stmt, 0);
        }
      if (cases[i].expected >= 0 && n != cases[i].expected)
        g_error ("“%s” (as %s) found %" G_GINT64_FORMAT " rows, not %d", cases[i].query,
                 query ? query : "no query", n, cases[i].expected);
    }

  /* The SQL function is the C function, and passes NULL through. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_assert_true (review_db_prepare (db, "SELECT review_fold ('أَحْمَد ٢١٥'),"
                                          " review_fold (NULL), review_fold (42)", &stmt, &error));
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "احمد 215");
    g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_NULL);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "42");
  }
  g_clear_pointer (&insert, sqlite3_finalize);
  sqlite3_close (db);
}

/* What an attacker puts in a file name or a certificate field, and what a
 * terminal would do with it unescaped. */
static void
test_escape_controls (void)
{
  static const struct { const char *in; gssize len; const char *out; } cases[] = {
    { "plain name.jpg", -1, "plain name.jpg" },
    { "a\nrejected: forged", -1, "a\\nrejected: forged" },
    { "x\rImported 0", -1, "x\\rImported 0" },
    { "\x1b[2J\x1b]0;title\x07", -1, "\\x1b[2J\\x1b]0;title\\x07" },
    { "col\tcol", -1, "col\\tcol" },
    { "del\x7f", -1, "del\\x7f" },
    { "back\\slash", -1, "back\\\\slash" },
    { "photo\xe2\x80\xaegnp.exe", -1, "photo\\u{202E}gnp.exe" },
    { "\xe2\x81\xa6x\xe2\x81\xa9", -1, "\\u{2066}x\\u{2069}" },
    { "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f", -1, "\\u{061C}\\u{200E}\\u{200F}" },
    { "nel\xc2\x85", -1, "nel\\u{0085}" },
    { "sep\xe2\x80\xa8", -1, "sep\\u{2028}" },
    { "bad\xff\xfe.jpg", -1, "bad\\xff\\xfe.jpg" },
    { "cut\xd9", -1, "cut\\xd9" },
    { "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf.jpg", -1, "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf.jpg" },
    { "nul\0inside", 10, "nul\\x00inside" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = review_text_escape (cases[i].in, cases[i].len);
      g_assert_cmpstr (escaped, ==, cases[i].out);
      g_assert_true (g_utf8_validate (escaped, -1, NULL));
      for (const char *p = escaped; *p != '\0'; p++)
        g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
    }
  {
    g_autofree char *empty = review_text_escape (NULL, -1);
    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_isolate (void)
{
  g_autofree char *ascii = review_text_isolate ("photo.jpg");
  g_autofree char *arabic = review_text_quote ("\xd9\x85.jpg", -1);

  g_assert_cmpstr (ascii, ==, "photo.jpg");
  g_assert_cmpstr (arabic, ==, "\xe2\x81\xa8\xd9\x85.jpg\xe2\x81\xa9");
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  g_test_add_func ("/text/fold-latin", test_fold_latin);
  g_test_add_func ("/text/fold-arabic", test_fold_arabic);
  g_test_add_func ("/text/fold-digits", test_fold_digits);
  g_test_add_func ("/text/fold-invalid-utf8", test_fold_invalid);
  g_test_add_func ("/text/match-query", test_match_query);
  g_test_add_func ("/text/match-sql", test_match_sql);
  g_test_add_func ("/text/escape-controls", test_escape_controls);
  g_test_add_func ("/text/isolate", test_isolate);
  return g_test_run ();
}
