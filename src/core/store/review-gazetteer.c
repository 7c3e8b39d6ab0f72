/* review-gazetteer.c
 *
 * Review ships a small starter list of facilities (security branches,
 * prisons, military hospitals, burial sites), each with the public sources
 * it was compiled from: data/facilities/starter-facilities.json, compiled
 * into the binary. See data/facilities/README.md for its format.
 *
 * Every entry has a UUID fixed in that file, so every vault gets the same
 * UUIDs and records made in different vaults refer to the same facility.
 * Seeding only ever inserts entries a vault does not have yet, marked
 * starter = 1; it never updates one. An entry a user corrected or merged
 * therefore keeps the user's version, and a later starter list only adds
 * its new entries. The vault remembers the list version it was seeded with
 * (meta key REVIEW_GAZETTEER_META_VERSION) so that opening a vault seeds
 * again only when Review ships a newer list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-gazetteer-private.h"
#include "review-text.h"
#include "review-vault-private.h"

#define RESOURCE "/com/example/Review/facilities/starter-facilities.json"

/* A generous box around Syria: a coordinate outside it is a typo. */
#define SYRIA_LAT_MIN 32.0
#define SYRIA_LAT_MAX 37.5
#define SYRIA_LON_MIN 35.5
#define SYRIA_LON_MAX 42.5

static const char * const entry_keys[] = {
  "id", "name_en", "name_ar", "aliases", "type", "branch_number", "agency", "parent",
  "governorate", "latitude", "longitude", "precision", "location_note", "note", "sources",
};

static const char * const text_keys[] = {
  "branch_number", "agency", "governorate", "precision", "location_note", "note",
};

static const char * const source_keys[] = { "publisher", "title", "date", "url" };

/**
 * review_gazetteer_load_starter:
 *
 * Returns: (transfer full): the starter list as shipped, unparsed
 */
GBytes *
review_gazetteer_load_starter (GError **error)
{
  return g_resources_lookup_data (RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static gboolean
key_known (const char         *key,
           const char * const *keys,
           gsize               n_keys)
{
  for (gsize i = 0; i < n_keys; i++)
    if (g_str_equal (key, keys[i]))
      return TRUE;
  return FALSE;
}

/* Only the keys in @keys, and none of them null. */
static gboolean
keys_known (JsonObject         *obj,
            const char * const *keys,
            gsize               n_keys)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!key_known (l->data, keys, n_keys) || json_object_get_null_member (obj, l->data))
      return FALSE;
  return TRUE;
}

/* Returns the member as a string, or NULL when absent or not a string. */
static const char *
string_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Not NULL, and not only white space. */
static gboolean
nonempty (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return TRUE;
  return FALSE;
}

static gboolean
has_arabic_letter (const char *s)
{
  for (const char *p = s; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x0600 && c <= 0x06ff && g_unichar_isalpha (c))
        return TRUE;
    }
  return FALSE;
}

static gboolean
number_member (JsonObject *obj,
               const char *name,
               double     *out)
{
  JsonNode *node = json_object_get_member (obj, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
is_uuid_v4 (const char *s)
{
  /* Lower case only: the UUID is compared as text in every vault. */
  if (s == NULL || !g_uuid_string_is_valid (s))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return s[14] == '4' && strchr ("89ab", s[19]) != NULL;
}

static gboolean
aliases_valid (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "aliases");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *alias = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (alias) || json_node_get_value_type (alias) != G_TYPE_STRING ||
          !nonempty (json_node_get_string (alias)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sources_valid (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "sources");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *src = json_array_get_element (array, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (src) ? json_node_get_object (src) : NULL;
      const char *url;

      if (s == NULL || !keys_known (s, source_keys, G_N_ELEMENTS (source_keys)) ||
          !nonempty (string_member (s, "publisher")) || !nonempty (string_member (s, "title")))
        return FALSE;
      if (json_object_has_member (s, "date") && !nonempty (string_member (s, "date")))
        return FALSE;
      url = string_member (s, "url");
      if (json_object_has_member (s, "url") &&
          (url == NULL || (!g_str_has_prefix (url, "https://") &&
                           !g_str_has_prefix (url, "http://"))))
        return FALSE;
    }
  return TRUE;
}

static gboolean
location_valid (JsonObject  *obj,
                ReviewVocab *vocab)
{
  gboolean has_lat = json_object_has_member (obj, "latitude");
  gboolean has_lon = json_object_has_member (obj, "longitude");
  const char *precision = string_member (obj, "precision");
  double lat = 0, lon = 0;

  if (!has_lat && !has_lon)
    return !json_object_has_member (obj, "precision");
  return number_member (obj, "latitude", &lat) && number_member (obj, "longitude", &lon) &&
         lat >= SYRIA_LAT_MIN && lat <= SYRIA_LAT_MAX &&
         lon >= SYRIA_LON_MIN && lon <= SYRIA_LON_MAX &&
         precision != NULL &&
         review_vocab_lookup (vocab, "coordinate_precision", precision) != NULL;
}

/* Checks one entry; @ids holds the ids of the entries before it. */
static gboolean
validate_entry (JsonObject   *obj,
                guint         position,
                GHashTable   *ids,
                ReviewVocab  *vocab,
                GError      **error)
{
  const char *id = string_member (obj, "id");
  const char *type = string_member (obj, "type");
  const char *parent = string_member (obj, "parent");

  if (!is_uuid_v4 (id) || g_hash_table_contains (ids, id))
    {
      /* Translators: %u is the position of the entry in the list, from 1 */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %u has no valid UUID, or one used twice."), position + 1);
      return FALSE;
    }
  if (!keys_known (obj, entry_keys, G_N_ELEMENTS (entry_keys)) || !aliases_valid (obj) ||
      (json_object_has_member (obj, "parent") && parent == NULL))
    goto wrong_field;
  for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++)
    if (json_object_has_member (obj, text_keys[i]) &&
        !nonempty (string_member (obj, text_keys[i])))
      goto wrong_field;

  if (!nonempty (string_member (obj, "name_en")) ||
      !has_arabic_letter (string_member (obj, "name_ar")))
    {
      /* Translators: %s is the facility's UUID */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %s needs an English and an Arabic name."), id);
      return FALSE;
    }
  if (type == NULL || review_vocab_lookup (vocab, "facility_type", type) == NULL)
    {
      g_autofree char *shown = review_text_quote (type, -1);
      /* Translators: the first %s is the facility's UUID, the second a code */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %s has an unknown type “%s”."), id, shown);
      return FALSE;
    }
  if (!sources_valid (obj))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %s names no source, or a source without a title and "
                     "a publisher."), id);
      return FALSE;
    }
  if (parent != NULL && !g_hash_table_contains (ids, parent))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %s has a parent that is not listed before it."), id);
      return FALSE;
    }
  if (!location_valid (obj, vocab))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("Starter facility %s has incomplete coordinates, coordinates outside "
                     "Syria, or no known precision."), id);
      return FALSE;
    }
  g_hash_table_add (ids, (gpointer) id);
  return TRUE;

wrong_field:
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
               _("Starter facility %s has a field that is unknown or of the wrong type."), id);
  return FALSE;
}

/* Returns the facilities array, owned by @parser, or NULL. */
static JsonArray *
parse_starter (JsonParser   *parser,
               GBytes       *json,
               ReviewVocab  *vocab,
               int          *version,
               GError      **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root = NULL;
  JsonNode *node;
  JsonArray *facilities = NULL;
  gint64 v = 0;

  if (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                  (gssize) g_bytes_get_size (json), NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_get_object (json_parser_get_root (parser));
  if (root != NULL)
    {
      node = json_object_get_member (root, "version");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64)
        v = json_node_get_int (node);
      node = json_object_get_member (root, "facilities");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        facilities = json_node_get_array (node);
    }
  if (v < 1 || v > G_MAXINT || facilities == NULL || json_array_get_length (facilities) == 0 ||
      !nonempty (string_member (root, "note")))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                           _("The starter facility list is damaged: it needs a version, a note "
                             "and a list of facilities."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (facilities); i++)
    {
      JsonNode *entry = json_array_get_element (facilities, i);

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                       _("Starter facility %u has no valid UUID, or one used twice."), i + 1);
          return NULL;
        }
      if (!validate_entry (json_node_get_object (entry), i, ids, vocab, error))
        return NULL;
    }
  if (version != NULL)
    *version = (int) v;
  return facilities;
}

/**
 * review_gazetteer_validate:
 * @json: a starter list, as review_gazetteer_load_starter() returns it
 * @vocab: the vocabularies; types and precisions must be codes of its
 *   "facility_type" and "coordinate_precision" lists
 * @version: (out) (optional): the list's version
 * @n_facilities: (out) (optional): how many facilities it lists
 *
 * Checks everything seeding relies on: a version and a note; for each entry a
 * lower-case version 4 UUID used once, an English and an Arabic name, a known
 * type, at least one source with a title and a publisher, a parent listed
 * earlier, and coordinates (if any) inside Syria with a known precision.
 */
gboolean
review_gazetteer_validate (GBytes       *json,
                           ReviewVocab  *vocab,
                           int          *version,
                           guint        *n_facilities,
                           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonArray *facilities;

  g_return_val_if_fail (json != NULL && vocab != NULL, FALSE);

  facilities = parse_starter (parser, json, vocab, version, error);
  if (facilities == NULL)
    return FALSE;
  if (n_facilities != NULL)
    *n_facilities = json_array_get_length (facilities);
  return TRUE;
}

/* The sources as the text kept in the vault: one source a line, then the
 * notes on the location and the facility. */
static char *
sources_text (JsonObject *obj)
{
  JsonArray *sources = json_object_get_array_member (obj, "sources");
  GString *text = g_string_new (NULL);
  const char *location = string_member (obj, "location_note");
  const char *note = string_member (obj, "note");

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *s = json_array_get_object_element (sources, i);
      const char *date = string_member (s, "date");
      const char *url = string_member (s, "url");

      g_string_append_printf (text, "%s, “%s”", string_member (s, "publisher"),
                              string_member (s, "title"));
      if (date != NULL)
        g_string_append_printf (text, ", %s", date);
      g_string_append_c (text, '.');
      if (url != NULL)
        g_string_append_printf (text, " %s", url);
      g_string_append_c (text, '\n');
    }
  if (location != NULL || note != NULL)
    g_string_append_c (text, '\n');
  if (location != NULL)
    g_string_append_printf (text, "Location: %s\n", location);
  if (note != NULL)
    g_string_append_printf (text, "Note: %s\n", note);
  return g_string_free (text, FALSE);
}

static void
bind_optional_text (sqlite3_stmt *stmt,
                    int           column,
                    JsonObject   *obj,
                    const char   *name)
{
  const char *value = string_member (obj, name);

  sqlite3_bind_text (stmt, column, value ? value : "", -1, SQLITE_TRANSIENT);
}

static gboolean
insert_entry (sqlite3       *db,
              sqlite3_stmt  *stmt,
              JsonObject    *obj,
              const char    *now,
              guint         *n_inserted,
              GError       **error)
{
  g_autofree char *aliases = NULL;
  g_autofree char *sources = sources_text (obj);
  JsonNode *aliases_node = json_object_get_member (obj, "aliases");
  const char *parent = string_member (obj, "parent");
  double lat, lon;
  int rc;

  aliases = aliases_node ? json_to_string (aliases_node, FALSE) : g_strdup ("[]");
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, string_member (obj, "id"), -1, SQLITE_TRANSIENT);
  bind_optional_text (stmt, 2, obj, "name_en");
  bind_optional_text (stmt, 3, obj, "name_ar");
  sqlite3_bind_text (stmt, 4, aliases, -1, SQLITE_TRANSIENT);
  bind_optional_text (stmt, 5, obj, "type");
  bind_optional_text (stmt, 6, obj, "branch_number");
  bind_optional_text (stmt, 7, obj, "agency");
  if (parent != NULL)
    sqlite3_bind_text (stmt, 8, parent, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 8);
  bind_optional_text (stmt, 9, obj, "governorate");
  if (number_member (obj, "latitude", &lat) && number_member (obj, "longitude", &lon))
    {
      sqlite3_bind_double (stmt, 10, lat);
      sqlite3_bind_double (stmt, 11, lon);
    }
  else
    {
      sqlite3_bind_null (stmt, 10);
      sqlite3_bind_null (stmt, 11);
    }
  bind_optional_text (stmt, 12, obj, "precision");
  sqlite3_bind_text (stmt, 13, sources, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, now, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  *n_inserted += (guint) sqlite3_changes (db);
  return TRUE;
}

static char *
seeded_details (guint n_inserted,
                guint n_listed,
                int   version)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "inserted");
  json_builder_add_int_value (b, n_inserted);
  json_builder_set_member_name (b, "listed");
  json_builder_add_int_value (b, n_listed);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, version);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/**
 * review_gazetteer_seed:
 * @n_inserted: (out) (optional): how many facilities were added
 *
 * Adds every starter facility the vault does not have yet (by UUID), marked
 * starter = 1, and never changes one it has: running it again adds nothing.
 * Records the list version in the vault's meta table (never lowering it),
 * and writes one "facility.seeded" audit event when anything was added.
 *
 * Runs in its own transaction; called inside the caller's transaction, it
 * uses a savepoint in it instead. Either way it is all or nothing. The
 * vault must have its local profile (the audit event's actor).
 */
gboolean
review_gazetteer_seed (ReviewVault  *vault,
                       guint        *n_inserted,
                       GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(ReviewVocab) vocab = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *version_text = NULL;
  g_autofree char *details = NULL;
  g_autoptr(ReviewDbTransaction) tx = NULL;
  JsonArray *facilities;
  guint inserted = 0;
  int version = 0;
  int rc;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (n_inserted != NULL)
    *n_inserted = 0;
  json = review_gazetteer_load_starter (error);
  if (json == NULL)
    return FALSE;
  vocab = review_vocab_load (error);
  if (vocab == NULL)
    return FALSE;
  /* A damaged list adds nothing at all, rather than the entries before the damage. */
  facilities = parse_starter (parser, json, vocab, &version, error);
  if (facilities == NULL)
    return FALSE;

  tx = review_db_transaction_begin_nested (db, "review_gazetteer_seed", error);
  if (tx == NULL)
    return FALSE;

  if (!review_db_prepare (db, "INSERT INTO facilities (uuid, name_en, name_ar, aliases, type,"
                              " branch_number, agency, parent_uuid, governorate, latitude,"
                              " longitude, precision, sources, starter, created, updated)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                              " 1, ?14, ?14) ON CONFLICT (uuid) DO NOTHING", &insert, error))
    goto fail;
  /* Parents come before their children in the list, so references resolve. */
  for (guint i = 0; i < json_array_get_length (facilities); i++)
    if (!insert_entry (db, insert, json_array_get_object_element (facilities, i), now,
                       &inserted, error))
      goto fail;

  version_text = g_strdup_printf ("%d", version);
  if (!review_db_prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                              " WHERE CAST (value AS INTEGER) < CAST (excluded.value AS INTEGER)",
                          &meta, error))
    goto fail;
  sqlite3_bind_text (meta, 1, REVIEW_GAZETTEER_META_VERSION, -1, SQLITE_STATIC);
  sqlite3_bind_text (meta, 2, version_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (meta);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      goto fail;
    }

  if (inserted > 0)
    {
      details = seeded_details (inserted, json_array_get_length (facilities), version);
      if (!review_vault_audit (vault, "facility.seeded", NULL, details, error))
        goto fail;
    }
  if (!review_db_transaction_commit (tx, error))
    goto fail;
  if (n_inserted != NULL)
    *n_inserted = inserted;
  return TRUE;

fail:
  return FALSE;
}

/* The list version recorded in the vault; 0 when it was never seeded. */
static gboolean
seeded_version (sqlite3  *db,
                gint64   *version,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *version = 0;
  if (!review_db_prepare (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = ?", &stmt,
                          error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, REVIEW_GAZETTEER_META_VERSION, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * review_gazetteer_seed_if_outdated:
 *
 * review_gazetteer_seed(), but only when the vault was seeded with an older
 * starter list than this Review ships (or never): opening a vault then
 * writes nothing in the usual case.
 */
gboolean
review_gazetteer_seed_if_outdated (ReviewVault  *vault,
                                   guint        *n_inserted,
                                   GError      **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  gint64 seeded = 0, shipped = 0;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (n_inserted != NULL)
    *n_inserted = 0;
  if (!seeded_version (review_vault_get_db (vault), &seeded, error))
    return FALSE;
  json = review_gazetteer_load_starter (error);
  if (json == NULL)
    return FALSE;
  /* Only the version is read here; review_gazetteer_seed() checks the rest. */
  if (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                  (gssize) g_bytes_get_size (json), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    shipped = json_object_get_int_member_with_default (json_node_get_object (root), "version",
                                                       0);
  if (shipped > 0 && seeded >= shipped)
    return TRUE;
  return review_gazetteer_seed (vault, n_inserted, error);
}

/**
 * review_gazetteer_prepare:
 *
 * The store's part of opening a vault for use, run by whoever opens or
 * creates one (the lifecycle, the tools): a new vault gets the starter
 * facility list, an older one what a newer list adds (existing entries,
 * even edited or merged, are never touched). Usually a no-op. A failure
 * does not stop the vault opening: it is retried on the next open.
 */
void
review_gazetteer_prepare (ReviewVault *vault)
{
  g_autoptr(GError) seed_error = NULL;

  if (!review_gazetteer_seed_if_outdated (vault, NULL, &seed_error))
    g_warning ("Could not add the starter facilities: %s", seed_error->message);
}

/**
 * review_gazetteer_count:
 * @starter_only: count only the entries that came from a starter list
 *
 * Returns: how many facilities the vault holds, merged ones included; -1 on
 *   a database error
 */
gint64
review_gazetteer_count (sqlite3  *db,
                        gboolean  starter_only)
{
  gint64 n = -1;

  if (!review_db_query_int (db, starter_only ? "SELECT count(*) FROM facilities WHERE starter = 1"
                                             : "SELECT count(*) FROM facilities", &n, NULL))
    return -1;
  return n;
}
