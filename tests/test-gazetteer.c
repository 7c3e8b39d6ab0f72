/* test-gazetteer.c: the starter facility list and how vaults are seeded with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-gazetteer-private.h"
#include "review-store.h"
#include "review-test-utils.h"
#include "review-vocab.h"
#include "review-vault-private.h"

/* Two facilities of the starter list: one with a parent, one without children. */
#define AFI_MEZZEH  "e2981d86-b601-4837-9fb1-973d61efcf98"
#define AIRPORT     "3027c82b-406c-4f52-82bb-9360dbcdb110"
#define NAJHA       "1afcab76-da93-460d-b05c-85db666c9ea9"
#define PALESTINE   "85369c98-7dc3-465f-a21e-2de917629ddd"

typedef struct
{
  char        *dir;
  ReviewKey   *key;
  ReviewVault *vault;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *vdir = NULL;

  f->dir = review_test_make_dir ();
  vdir = g_build_filename (f->dir, "vault", NULL);
  f->vault = review_test_create_vault (vdir, &f->key, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->vault != NULL)
    review_vault_close (f->vault);
  g_clear_object (&f->vault);
  g_clear_pointer (&f->key, review_key_free);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (review_db_query_int (review_vault_get_db (f->vault), sql, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (review_db_exec (review_vault_get_db (f->vault), sql, &error));
  g_assert_no_error (error);
}

static JsonObject *
starter_root (JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = review_gazetteer_load_starter (&error);

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                             (gssize) g_bytes_get_size (json), &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static guint
starter_length (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_array_get_length (json_object_get_array_member (starter_root (parser),
                                                              "facilities"));
}

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

/* The shipped list, checked here directly rather than only through
 * review_gazetteer_validate(). */
static void
test_starter_list (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVocab) vocab = review_vocab_load (&error);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) json = NULL;
  JsonObject *root = starter_root (parser);
  JsonArray *facilities = json_object_get_array_member (root, "facilities");
  int version = 0;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (root, "version"), >=, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (root, "note"), "erify"));
  g_assert_cmpuint (json_array_get_length (facilities), >=, 12);
  g_assert_cmpuint (json_array_get_length (facilities), <=, 20);

  for (guint i = 0; i < json_array_get_length (facilities); i++)
    {
      JsonObject *e = json_array_get_object_element (facilities, i);
      const char *id = json_object_get_string_member (e, "id");
      const char *parent = json_object_get_string_member_with_default (e, "parent", NULL);

      g_test_message ("%s %s", id, json_object_get_string_member (e, "name_en"));
      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_false (g_hash_table_contains (ids, id));
      g_assert_cmpstr (json_object_get_string_member (e, "name_en"), !=, "");
      g_assert_true (has_arabic (json_object_get_string_member (e, "name_ar")));
      g_assert_nonnull (review_vocab_lookup (vocab, "facility_type",
                                             json_object_get_string_member (e, "type")));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "sources")), >,
                        0);
      if (parent != NULL)
        g_assert_true (g_hash_table_contains (ids, parent));
      if (json_object_has_member (e, "latitude"))
        {
          double lat = json_object_get_double_member (e, "latitude");
          double lon = json_object_get_double_member (e, "longitude");
          g_assert_cmpfloat (lat, >=, 32.3);
          g_assert_cmpfloat (lat, <=, 37.4);
          g_assert_cmpfloat (lon, >=, 35.7);
          g_assert_cmpfloat (lon, <=, 42.4);
          g_assert_nonnull (review_vocab_lookup (vocab, "coordinate_precision",
                                                 json_object_get_string_member (e, "precision")));
        }
      g_hash_table_add (ids, (gpointer) id);
    }

  json = review_gazetteer_load_starter (&error);
  g_assert_true (review_gazetteer_validate (json, vocab, &version, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, json_object_get_int_member (root, "version"));
  g_assert_cmpuint (n, ==, json_array_get_length (facilities));
}

#define GOOD_ID  "0b0e6f0c-5d3a-4f7e-9a51-1c2d3e4f5a6b"
#define CHILD_ID "1c1f7a1d-6e4b-4a8f-8b62-2d3e4f5a6b7c"
#define GOOD_ENTRY \
  "{\"id\": \"" GOOD_ID "\", \"name_en\": \"A\", \"name_ar\": \"أ\", \"type\": \"prison\"," \
  " \"sources\": [{\"publisher\": \"P\", \"title\": \"T\"}]}"
#define CHILD_ENTRY \
  "{\"id\": \"" CHILD_ID "\", \"name_en\": \"B\", \"name_ar\": \"ب\"," \
  " \"type\": \"security-branch\", \"parent\": \"" GOOD_ID "\", \"latitude\": 33.5," \
  " \"longitude\": 36.3, \"precision\": \"city\", \"aliases\": [\"x\", \"س\"]," \
  " \"sources\": [{\"publisher\": \"P\", \"title\": \"T\", \"url\": \"https://example.org\"}]}"

/* @base with the members of @changes set; a null member removes it. */
static char *
entry_with (const char *base,
            const char *changes)
{
  g_autoptr(JsonNode) entry = json_from_string (base, NULL);
  g_autoptr(JsonNode) change = json_from_string (changes, NULL);
  JsonObject *obj = json_node_get_object (entry);
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (change));

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (change), l->data);
      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (obj, l->data);
      else
        json_object_set_member (obj, l->data, json_node_copy (value));
    }
  return json_to_string (entry, FALSE);
}

static gboolean
validate_text (ReviewVocab *vocab,
               const char  *facilities,
               GError     **error)
{
  g_autofree char *doc = g_strdup_printf ("{\"version\": 1, \"note\": \"Verify.\","
                                          " \"facilities\": [%s]}", facilities);
  g_autoptr(GBytes) bytes = g_bytes_new (doc, strlen (doc));

  return review_gazetteer_validate (bytes, vocab, NULL, NULL, error);
}

static void
test_validate_rejects (void)
{
  g_autoptr(ReviewVocab) vocab = review_vocab_load (NULL);
  /* Changes that each make GOOD_ENTRY invalid. */
  const char *bad_changes[] = {
    "{\"id\": \"0B0E6F0C-5D3A-4F7E-9A51-1C2D3E4F5A6B\"}",   /* upper case */
    "{\"id\": \"0b0e6f0c-5d3a-1f7e-9a51-1c2d3e4f5a6b\"}",   /* not version 4 */
    "{\"id\": null}",
    "{\"name_ar\": \"A\"}",                                   /* no Arabic letter */
    "{\"name_en\": \" \"}",
    "{\"type\": \"castle\"}",
    "{\"type\": null}",
    "{\"sources\": []}",
    "{\"sources\": null}",
    "{\"sources\": [{\"publisher\": \"P\"}]}",                /* no title */
    "{\"sources\": [{\"publisher\": \"P\", \"title\": \"T\", \"url\": \"ftp://x\"}]}",
    "{\"sources\": [{\"publisher\": \"P\", \"title\": \"T\", \"pages\": \"3\"}]}",
    "{\"latitude\": 48.85, \"longitude\": 2.35, \"precision\": \"city\"}",  /* Paris */
    "{\"latitude\": 33.5, \"longitude\": 36.3}",              /* no precision */
    "{\"latitude\": 33.5, \"longitude\": 36.3, \"precision\": \"roughly\"}",
    "{\"latitude\": 33.5, \"precision\": \"city\"}",          /* no longitude */
    "{\"latitude\": \"33.5\", \"longitude\": 36.3, \"precision\": \"city\"}",
    "{\"precision\": \"city\"}",                              /* the precision of nothing */
    "{\"parent\": \"" GOOD_ID "\"}",                          /* its own parent */
    "{\"parent\": 3}",
    "{\"aliases\": [\"x\", 3]}",
    "{\"aliases\": \"x\"}",
    "{\"agency\": 7}",
    "{\"agency\": \"\"}",
    "{\"colour\": \"red\"}",                                  /* unknown field */
  };
  /* Whole lists that are invalid though each entry is fine. */
  const char *bad_lists[] = {
    "",                                                       /* no facility */
    "42",
    GOOD_ENTRY ", " GOOD_ENTRY,                               /* one UUID twice */
    CHILD_ENTRY ", " GOOD_ENTRY,                              /* child before its parent */
  };
  const char *bad_docs[] = {
    "{\"version\": 1, \"facilities\": [" GOOD_ENTRY "]}",     /* no note */
    "{\"version\": 0, \"note\": \"n\", \"facilities\": [" GOOD_ENTRY "]}",
    "{\"version\": \"1\", \"note\": \"n\", \"facilities\": [" GOOD_ENTRY "]}",
    "{\"note\": \"n\", \"facilities\": [" GOOD_ENTRY "]}",
    "[" GOOD_ENTRY "]",
    "{\"version\": 1, \"note\": \"n\", \"facilities\": [" GOOD_ENTRY,  /* not JSON */
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (validate_text (vocab, GOOD_ENTRY ", " CHILD_ENTRY, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_changes); i++)
    {
      g_autofree char *entry = entry_with (GOOD_ENTRY, bad_changes[i]);

      g_test_message ("bad entry %s", entry);
      g_assert_false (validate_text (vocab, entry, &error));
      g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_lists); i++)
    {
      g_test_message ("bad list %u", i);
      g_assert_false (validate_text (vocab, bad_lists[i], &error));
      g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_docs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad_docs[i], strlen (bad_docs[i]));

      g_test_message ("bad document %u", i);
      g_assert_false (review_gazetteer_validate (bytes, vocab, NULL, NULL, &error));
      g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED);
      g_clear_error (&error);
    }
}

/* A new vault holds the whole list, marked as starter entries. */
static void
test_create_seeds (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *version = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *sql = NULL;
  ReviewAuditReport report;
  g_autoptr(GError) error = NULL;
  guint n = starter_length ();

  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), FALSE), ==, n);
  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), TRUE), ==, n);
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE starter = 1 AND"
                             " merged_into IS NULL AND name_en != '' AND name_ar != ''"
                             " AND sources != '' AND json_valid (aliases)"), ==, n);

  parent = review_db_query_text (review_vault_get_db (f->vault), "SELECT parent_uuid FROM"
                                 " facilities WHERE uuid = '" AFI_MEZZEH "'", NULL);
  g_assert_cmpstr (parent, ==, AIRPORT);
  /* Arabic aliases are stored as text, so that searching finds them. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE uuid = '" PALESTINE "'"
                             " AND aliases LIKE '%فرع فلسطين%' AND latitude IS NOT NULL"
                             " AND precision = 'locality'"), ==, 1);
  sources = review_db_query_text (review_vault_get_db (f->vault), "SELECT sources FROM"
                                  " facilities WHERE uuid = '" PALESTINE "'", NULL);
  g_assert_nonnull (strstr (sources, "Human Rights Watch, “Torture Archipelago"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE uuid = '" NAJHA "'"
                             " AND latitude IS NULL AND precision = ''"), ==, 1);

  version = review_db_query_text (review_vault_get_db (f->vault), "SELECT value FROM meta"
                                  " WHERE key = '" REVIEW_GAZETTEER_META_VERSION "'", NULL);
  g_assert_cmpstr (version, ==, "1");
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'facility.seeded' AND"
                         " json_extract (details, '$.inserted') = %u AND"
                         " json_extract (details, '$.version') = 1", n);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_assert_true (review_vault_verify_audit (f->vault, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  review_audit_report_clear (&report);
}

static void
test_seed_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = starter_length ();
  guint inserted = 99;

  g_assert_true (review_gazetteer_seed (f->vault, &inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inserted, ==, 0);
  g_assert_true (review_gazetteer_seed_if_outdated (f->vault, &inserted, &error));
  g_assert_cmpuint (inserted, ==, 0);
  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), TRUE), ==, n);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'facility.seeded'"), ==,
                   1);

  /* A vault seeded with an older list gets what it lacks, once. */
  exec (f, "DELETE FROM facilities WHERE uuid = '" NAJHA "';"
           "UPDATE meta SET value = '0' WHERE key = '" REVIEW_GAZETTEER_META_VERSION "'");
  g_assert_true (review_gazetteer_seed_if_outdated (f->vault, &inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inserted, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'facility.seeded'"
                             " AND json_extract (details, '$.inserted') = 1"), ==, 1);
  /* Up to date: nothing is looked at, even if an entry is missing. */
  exec (f, "DELETE FROM facilities WHERE uuid = '" NAJHA "'");
  g_assert_true (review_gazetteer_seed_if_outdated (f->vault, &inserted, &error));
  g_assert_cmpuint (inserted, ==, 0);
  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), TRUE), ==, n - 1);
  /* The recorded version never goes down. */
  exec (f, "UPDATE meta SET value = '7' WHERE key = '" REVIEW_GAZETTEER_META_VERSION "'");
  g_assert_true (review_gazetteer_seed (f->vault, &inserted, &error));
  g_assert_cmpuint (inserted, ==, 1);
  g_assert_cmpint (count (f, "SELECT value FROM meta WHERE key = '"
                             REVIEW_GAZETTEER_META_VERSION "'"), ==, 7);
}

/* What a user corrected or merged stays as the user left it. */
static void
test_edits_kept (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lat = NULL;
  g_autofree char *local = review_store_create_facility (f->vault, "Palestine Branch (local)",
                                                         "فرع فلسطين", "security-branch",
                                                         &error);
  guint inserted = 99;

  g_assert_no_error (error);
  g_assert_true (review_store_set_facility_field (f->vault, PALESTINE, "name_en",
                                                  "Palestine Branch, Qazzaz", &error));
  g_assert_true (review_store_set_facility_field (f->vault, PALESTINE, "latitude", "33.4917",
                                                  &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE facilities SET merged_into = '%s'"
                                            " WHERE uuid = '" AIRPORT "'", local);
    exec (f, sql);
  }
  exec (f, "UPDATE meta SET value = '0' WHERE key = '" REVIEW_GAZETTEER_META_VERSION "'");

  g_assert_true (review_gazetteer_seed (f->vault, &inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inserted, ==, 0);
  name = review_db_query_text (review_vault_get_db (f->vault), "SELECT name_en FROM facilities"
                               " WHERE uuid = '" PALESTINE "'", NULL);
  g_assert_cmpstr (name, ==, "Palestine Branch, Qazzaz");
  lat = review_db_query_text (review_vault_get_db (f->vault), "SELECT latitude FROM facilities"
                              " WHERE uuid = '" PALESTINE "'", NULL);
  g_assert_cmpstr (lat, ==, "33.4917");
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE uuid = '" AIRPORT "'"
                             " AND merged_into IS NOT NULL"), ==, 1);
  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), TRUE), ==,
                   starter_length ());
  g_assert_cmpint (review_gazetteer_count (review_vault_get_db (f->vault), FALSE), ==,
                   starter_length () + 1);
}

/* Inside a caller's transaction it is part of it: a rollback undoes it. */
static void
test_in_transaction (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint inserted = 0;

  exec (f, "DELETE FROM facilities WHERE uuid = '" NAJHA "'");
  exec (f, "BEGIN IMMEDIATE");
  g_assert_true (review_gazetteer_seed (f->vault, &inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inserted, ==, 1);
  g_assert_false (sqlite3_get_autocommit (review_vault_get_db (f->vault)));
  exec (f, "ROLLBACK");
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE uuid = '" NAJHA "'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'facility.seeded'"), ==,
                   1);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vdir = g_strdup (review_vault_get_dir (f->vault));

  review_vault_close (f->vault);
  g_clear_object (&f->vault);
  f->vault = review_vault_open (vdir, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->vault);
  /* As the lifecycle does: the store's part of opening a vault. */
  review_gazetteer_prepare (f->vault);
}

/* Opening writes nothing when the vault is up to date, and adds what a
 * newer list brings otherwise. */
static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  gint64 events = count (f, "SELECT count(*) FROM audit");

  reopen (f);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit"), ==, events);

  exec (f, "DELETE FROM facilities WHERE uuid = '" NAJHA "';"
           "DELETE FROM meta WHERE key = '" REVIEW_GAZETTEER_META_VERSION "'");
  reopen (f);
  g_assert_cmpint (count (f, "SELECT count(*) FROM facilities WHERE uuid = '" NAJHA "'"
                             " AND starter = 1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit"), ==, events + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM meta WHERE key = '"
                             REVIEW_GAZETTEER_META_VERSION "'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  g_test_add_func ("/gazetteer/starter-list", test_starter_list);
  g_test_add_func ("/gazetteer/validate-rejects", test_validate_rejects);
  g_test_add ("/gazetteer/create-seeds", Fixture, NULL, fixture_setup, test_create_seeds,
              fixture_teardown);
  g_test_add ("/gazetteer/seed-twice", Fixture, NULL, fixture_setup, test_seed_twice,
              fixture_teardown);
  g_test_add ("/gazetteer/edits-kept", Fixture, NULL, fixture_setup, test_edits_kept,
              fixture_teardown);
  g_test_add ("/gazetteer/in-transaction", Fixture, NULL, fixture_setup, test_in_transaction,
              fixture_teardown);
  g_test_add ("/gazetteer/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  return g_test_run ();
}
