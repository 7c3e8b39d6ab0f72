/* review-export.c
 *
 * A data export is what the vault holds, in a documented and versioned
 * format (data/export-schema/), for people who do not have Review: one JSON
 * file, or a folder of CSV files with a SHA256SUMS manifest. Each is signed
 * with a detached CMS signature (FILE.p7s, or SHA256SUMS.p7s) that
 * `openssl cms -verify` checks.
 *
 * How an export is made:
 *
 * 1. The scope (a ReviewSearch, or everything) picks the photos; the
 *    persons linked to them, the findings on them, the persons' numbers, the
 *    facilities those reference and the notes on any of these follow.
 * 2. Everything is read in one read transaction on a connection of its own,
 *    so the export is one consistent state of the vault even while the
 *    window goes on writing, and the audit checkpoint written into it (the
 *    number of audit entries and the last hash) belongs to that state. An
 *    audit trail that does not verify stops the export.
 * 3. The files are written as hidden temporary files next to the
 *    destination (a hidden temporary folder, for CSV), each fsync()ed.
 * 4. In one vault transaction: the "export.created" audit event (format,
 *    scope, whether family contacts are in it, and every file's SHA-256),
 *    then the renames to the final names, which never replace anything
 *    (renameat2 RENAME_NOREPLACE), then the commit. If anything fails the
 *    renamed files are removed again and the event is rolled back.
 *
 * So a name the user chose either does not exist or holds a complete file:
 * never a half-written export, never an existing file replaced. A JSON
 * export's data file is renamed before its signature: a crash between the
 * two leaves the file without FILE.p7s, which is not a finished export. A
 * CSV folder appears in one rename with every file inside it. A crash
 * before the renames may leave hidden ".NAME.XXXXXX" temporaries behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "review-anchor-private.h"
#include "review-audit-private.h"
#include "review-damage.h"
#include "review-db-private.h"
#include "review-durable.h"
#include "review-error.h"
#include "review-export.h"
#include "review-text.h"
#include "review-vocab.h"
#include "review-vault-private.h"
#include "review-vault-anchor-private.h"

/* --- result ------------------------------------------------------------- */

static void
export_file_free (ReviewExportFile *file)
{
  g_free (file->name);
  g_free (file->sha256);
  g_free (file);
}

void
review_export_result_free (ReviewExportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->export_id);
  g_free (result->path);
  g_free (result->signature);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_free (result);
}

/* --- JSON output ---------------------------------------------------------
 *
 * json-glib's generator writes doubles with 17 significant digits
 * (0.10000000000000001); an export is read by people too, so it is written
 * here: two-space indentation, members in the order they were set, the
 * shortest decimal that reads back as the same double, UTF-8 unescaped. */

static void
write_string (GString    *out,
              const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
format_double (char   *buf,
               gsize   len,
               double  value)
{
  /* The shortest of %.15g, %.16g, %.17g that reads back exactly. */
  for (int digits = 15; digits <= 17; digits++)
    {
      g_autofree char *fmt = g_strdup_printf ("%%.%dg", digits);
      g_ascii_formatd (buf, (int) len, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth);

static void
write_indent (GString *out,
              guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            format_double (buf, sizeof buf, json_node_get_double (node));
            g_string_append (out, buf);
          }
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          write_string (out, json_node_get_string (node) ? json_node_get_string (node) : "");
          break;
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean flat = TRUE;

        /* Arrays of plain values (points, UUIDs) stay on one line. */
        for (guint i = 0; i < n && flat; i++)
          flat = JSON_NODE_TYPE (json_array_get_element (array, i)) != JSON_NODE_OBJECT &&
                 JSON_NODE_TYPE (json_array_get_element (array, i)) != JSON_NODE_ARRAY;
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, flat ? ", " : ",");
            if (!flat)
              write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
          }
        if (!flat && n > 0)
          write_indent (out, depth);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_indent (out, depth + 1);
            write_string (out, name);
            g_string_append (out, ": ");
            write_node (out, member, depth + 1);
          }
        if (!first)
          write_indent (out, depth);
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static GBytes *
json_bytes (JsonObject *root)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), root);
  GString *out = g_string_new (NULL);

  write_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* --- reading the vault -------------------------------------------------- */

typedef struct
{
  ReviewVault               *vault;
  const ReviewExportOptions *options;
  sqlite3                   *db;        /* the export's own connection */
  ReviewVocab               *vocab;
  const char                *format;    /* "json" or "csv" */
  char                      *export_id;
  char                      *created;

  GHashTable *scope_photos;   /* gint64* photo id → itself; NULL: every photo */
  GHashTable *photo_persons;  /* gint64* photo id → GPtrArray of person UUIDs */
  GHashTable *person_photos;  /* person UUID → GPtrArray of photo UUIDs */
  GHashTable *persons;        /* person UUID → JsonObject*, exported persons */
  GHashTable *facility_refs;  /* facility UUIDs referenced */
  GHashTable *profile_refs;   /* profile ids referenced */
  GHashTable *batch_refs;     /* import batch UUIDs referenced */
  GHashTable *targets;        /* UUID → what it is ("photo", "person"…), for notes */
  GHashTable *codes;          /* vocabulary list → GHashTable of codes used */

  JsonArray  *photos;
  JsonArray  *person_list;
  JsonArray  *findings;
  JsonArray  *facilities;
  JsonArray  *notes;
  JsonArray  *contacts;       /* NULL unless asked for */
  JsonArray  *profiles;
  JsonArray  *batches;
  JsonObject *vocabularies;

  guint       n_numbers;
  guint       n_damaged;      /* photos that decoded in part */
  gint64      audit_entries;
  char       *audit_last_hash;
} Export;

static void
export_clear (Export *ex)
{
  if (ex->db != NULL)
    sqlite3_close_v2 (ex->db);
  g_clear_pointer (&ex->vocab, review_vocab_free);
  g_free (ex->export_id);
  g_free (ex->created);
  g_clear_pointer (&ex->scope_photos, g_hash_table_unref);
  g_clear_pointer (&ex->photo_persons, g_hash_table_unref);
  g_clear_pointer (&ex->person_photos, g_hash_table_unref);
  g_clear_pointer (&ex->persons, g_hash_table_unref);
  g_clear_pointer (&ex->facility_refs, g_hash_table_unref);
  g_clear_pointer (&ex->profile_refs, g_hash_table_unref);
  g_clear_pointer (&ex->batch_refs, g_hash_table_unref);
  g_clear_pointer (&ex->targets, g_hash_table_unref);
  g_clear_pointer (&ex->codes, g_hash_table_unref);
  g_clear_pointer (&ex->photos, json_array_unref);
  g_clear_pointer (&ex->person_list, json_array_unref);
  g_clear_pointer (&ex->findings, json_array_unref);
  g_clear_pointer (&ex->facilities, json_array_unref);
  g_clear_pointer (&ex->notes, json_array_unref);
  g_clear_pointer (&ex->contacts, json_array_unref);
  g_clear_pointer (&ex->profiles, json_array_unref);
  g_clear_pointer (&ex->batches, json_array_unref);
  g_clear_pointer (&ex->vocabularies, json_object_unref);
  g_free (ex->audit_last_hash);
}

static GHashTable *
string_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
set_add (GHashTable *set,
         const char *value)
{
  if (value != NULL && *value != '\0' && !g_hash_table_contains (set, value))
    g_hash_table_add (set, g_strdup (value));
}

static void
use_code (Export     *ex,
          const char *list,
          const char *code)
{
  GHashTable *set;

  if (code == NULL || *code == '\0')
    return;
  set = g_hash_table_lookup (ex->codes, list);
  if (set == NULL)
    {
      set = string_set_new ();
      g_hash_table_insert (ex->codes, g_strdup (list), set);
    }
  set_add (set, code);
}

static void
use_profile (Export     *ex,
             const char *id)
{
  set_add (ex->profile_refs, id);
}

/* Text from the vault as valid UTF-8: file names come from file systems. */
static char *
column_utf8 (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  if (text == NULL)
    return NULL;
  return g_utf8_make_valid (text, -1);
}

/* A TEXT column: a string, or null when the column is NULL. */
static void
member_text (JsonObject   *obj,
             const char   *name,
             sqlite3_stmt *stmt,
             int           col)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      json_object_set_null_member (obj, name);
      return;
    }
  text = column_utf8 (stmt, col);
  json_object_set_string_member (obj, name, text);
}

/* A reference (a UUID column): null when NULL or empty. */
static void
member_ref (JsonObject   *obj,
            const char   *name,
            sqlite3_stmt *stmt,
            int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  if (text == NULL || *text == '\0')
    json_object_set_null_member (obj, name);
  else
    member_text (obj, name, stmt, col);
}

static void
member_int (JsonObject   *obj,
            const char   *name,
            sqlite3_stmt *stmt,
            int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    json_object_set_null_member (obj, name);
  else
    json_object_set_int_member (obj, name, sqlite3_column_int64 (stmt, col));
}

static void
member_real (JsonObject   *obj,
             const char   *name,
             sqlite3_stmt *stmt,
             int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    json_object_set_null_member (obj, name);
  else
    json_object_set_double_member (obj, name, sqlite3_column_double (stmt, col));
}

/* A column holding a JSON array (geometry, aliases). Aliases are not
 * checked when they are edited: text that is not an array of strings is
 * exported as one alias, as it is, rather than stopping the export. */
static gboolean
member_json_array (JsonObject    *obj,
                   const char    *name,
                   sqlite3_stmt  *stmt,
                   int            col,
                   gboolean       strings,
                   GError       **error)
{
  g_autofree char *text = column_utf8 (stmt, col);
  JsonNode *node = json_from_string (text != NULL && *text != '\0' ? text : "[]", NULL);
  gboolean ok = node != NULL && JSON_NODE_HOLDS_ARRAY (node);

  for (guint i = 0; ok && strings && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (node), i);
      ok = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING;
    }
  if (!ok && strings)
    {
      JsonArray *one = json_array_new ();
      g_clear_pointer (&node, json_node_unref);
      json_array_add_string_element (one, text);
      node = json_node_init_array (json_node_alloc (), one);
      json_array_unref (one);
      ok = TRUE;
    }
  if (!ok)
    {
      g_clear_pointer (&node, json_node_unref);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The vault holds a damaged value (“%s”); nothing was exported."), name);
      return FALSE;
    }
  json_object_set_member (obj, name, node);
  return TRUE;
}

static gboolean
photo_in_scope (Export *ex,
                gint64  id)
{
  return ex->scope_photos == NULL || g_hash_table_contains (ex->scope_photos, &id);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static GPtrArray *
multimap_add (GHashTable *map,
              gpointer    key,
              const char *value)
{
  GPtrArray *values = g_hash_table_lookup (map, key);

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (map, key, values);
    }
  else
    g_free (key);
  g_ptr_array_add (values, g_strdup (value));
  return values;
}

static JsonArray *
string_array (GPtrArray *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && i < values->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (values, i));
  return array;
}

static gboolean
read_links (Export  *ex,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT pp.photo_id, pp.person_uuid, p.uuid"
                                  " FROM photo_persons pp JOIN photos p ON p.id = pp.photo_id"
                                  " ORDER BY pp.photo_id, pp.person_uuid", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 photo_id = sqlite3_column_int64 (stmt, 0);
      const char *person = (const char *) sqlite3_column_text (stmt, 1);

      if (!photo_in_scope (ex, photo_id))
        continue;
      multimap_add (ex->photo_persons, id_key (photo_id), person);
      multimap_add (ex->person_photos, g_strdup (person),
                    (const char *) sqlite3_column_text (stmt, 2));
    }
  return review_db_step_done (ex->db, rc, error);
}

/* A damaged photo (it decoded only in part): its kind, and the first
 * damaged row as the vault keeps it (0-based) where the kind has one;
 * null and null for a whole photo. */
static void
photo_damage (Export       *ex,
              JsonObject   *obj,
              sqlite3_stmt *stmt,
              int           col)
{
  ReviewDecoderDamage damage = (ReviewDecoderDamage) sqlite3_column_int (stmt, col);
  const char *code = review_damage_code (damage);

  if (code == NULL)
    json_object_set_null_member (obj, "damage");
  else
    {
      json_object_set_string_member (obj, "damage", code);
      ex->n_damaged++;
    }
  if (damage == REVIEW_DAMAGE_MISSING || damage == REVIEW_DAMAGE_CORRUPT)
    member_int (obj, "damage_row", stmt, col + 1);
  else
    json_object_set_null_member (obj, "damage_row");
}

static gboolean
read_photos (Export  *ex,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT p.id, p.uuid, p.sha256, p.file_name, p.status, p.size,"
                                  " p.format, p.width, p.height, p.orientation, p.captured,"
                                  " p.camera, b.uuid, p.imported, p.damage, p.damage_row"
                                  " FROM photos p JOIN import_batches b ON b.id = p.batch_id"
                                  " ORDER BY p.id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *uuid = (const char *) sqlite3_column_text (stmt, 1);
      JsonObject *obj;
      gint64 key = id;

      if (!photo_in_scope (ex, id))
        continue;
      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 1);
      member_text (obj, "sha256", stmt, 2);
      member_text (obj, "file_name", stmt, 3);
      member_text (obj, "status", stmt, 4);
      member_int (obj, "size", stmt, 5);
      member_text (obj, "format", stmt, 6);
      member_int (obj, "width", stmt, 7);
      member_int (obj, "height", stmt, 8);
      member_int (obj, "orientation", stmt, 9);
      member_text (obj, "captured", stmt, 10);
      member_text (obj, "camera", stmt, 11);
      member_text (obj, "import_batch", stmt, 12);
      member_text (obj, "imported", stmt, 13);
      json_object_set_array_member (obj, "persons",
                                    string_array (g_hash_table_lookup (ex->photo_persons, &key)));
      photo_damage (ex, obj, stmt, 14);
      json_array_add_object_element (ex->photos, obj);

      g_hash_table_insert (ex->targets, g_strdup (uuid), (gpointer) "photo");
      use_code (ex, "review_status", (const char *) sqlite3_column_text (stmt, 4));
      set_add (ex->batch_refs, (const char *) sqlite3_column_text (stmt, 12));
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_persons (Export  *ex,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  static const char * const text_fields[] = {
    "name_ar", "name_latin", "father_name", "mother_name", "sex",
  };
  static const char * const later_fields[] = {
    "arrest_date", "last_seen", "death_recorded", "death_alleged", "distinctive_marks",
    "identification_status", "identification_basis", "confirmed_by", "second_confirmed_by",
  };
  int rc;

  if (!review_db_prepare (ex->db, "SELECT uuid, name_ar, name_latin, father_name, mother_name,"
                                  " sex, age_min, age_max, arrest_date, last_seen,"
                                  " death_recorded, death_alleged, distinctive_marks,"
                                  " identification_status, identification_basis, confirmed_by,"
                                  " second_confirmed_by, facility_uuid, merged_into, created,"
                                  " updated FROM persons ORDER BY id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      const char *merged_into = (const char *) sqlite3_column_text (stmt, 18);
      JsonObject *obj;
      int col = 1;

      /* In a scope: the persons on its photos, and those merged into them
       * (kept so that references from elsewhere still resolve). */
      if (ex->scope_photos != NULL && !g_hash_table_contains (ex->person_photos, uuid) &&
          (merged_into == NULL || !g_hash_table_contains (ex->person_photos, merged_into)))
        continue;

      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 0);
      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        member_text (obj, text_fields[i], stmt, col++);
      member_int (obj, "age_min", stmt, col++);
      member_int (obj, "age_max", stmt, col++);
      for (guint i = 0; i < G_N_ELEMENTS (later_fields); i++)
        member_text (obj, later_fields[i], stmt, col++);
      member_ref (obj, "facility_uuid", stmt, col++);
      member_ref (obj, "merged_into", stmt, col++);
      member_text (obj, "created", stmt, col++);
      member_text (obj, "updated", stmt, col++);
      json_object_set_array_member (obj, "photos",
                                    string_array (g_hash_table_lookup (ex->person_photos, uuid)));
      json_object_set_array_member (obj, "numbers", json_array_new ());
      json_array_add_object_element (ex->person_list, obj);

      g_hash_table_insert (ex->persons, g_strdup (uuid), obj);
      g_hash_table_insert (ex->targets, g_strdup (uuid), (gpointer) "person");
      use_code (ex, "identification_status", (const char *) sqlite3_column_text (stmt, 13));
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 15));
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 16));
      set_add (ex->facility_refs, (const char *) sqlite3_column_text (stmt, 17));
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_numbers (Export  *ex,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT n.person_uuid, n.uuid, n.kind, n.value, n.legibility,"
                                  " n.transcribed_by, n.second_reader, n.facility_uuid, p.uuid,"
                                  " p.sha256, n.region, n.created"
                                  " FROM identity_numbers n LEFT JOIN photos p ON p.id = n.photo_id"
                                  " ORDER BY n.id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *person = g_hash_table_lookup (ex->persons, sqlite3_column_text (stmt, 0));
      JsonObject *obj;

      if (person == NULL)
        continue;
      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 1);
      member_text (obj, "kind", stmt, 2);
      member_text (obj, "value", stmt, 3);
      member_text (obj, "legibility", stmt, 4);
      member_text (obj, "transcribed_by", stmt, 5);
      member_text (obj, "second_reader", stmt, 6);
      member_ref (obj, "facility_uuid", stmt, 7);
      member_ref (obj, "photo_uuid", stmt, 8);
      member_ref (obj, "photo_sha256", stmt, 9);
      member_text (obj, "region", stmt, 10);
      member_text (obj, "created", stmt, 11);
      json_array_add_object_element (json_object_get_array_member (person, "numbers"), obj);
      ex->n_numbers++;

      use_code (ex, "legibility", (const char *) sqlite3_column_text (stmt, 4));
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 5));
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 6));
      set_add (ex->facility_refs, (const char *) sqlite3_column_text (stmt, 7));
    }
  return review_db_step_done (ex->db, rc, error);
}

/* Finding columns that hold a vocabulary code, and their list. */
static const char * const finding_codes[][2] = {
  { "finding_type", "finding_types" },
  { "body_region", "body_regions" },
  { "laterality", "laterality" },
  { "aspect", "aspect" },
  { "timing", "timing" },
  { "method", "methods" },
  { "consistency", "consistency" },
  { "certainty", "certainty" },
};

static gboolean
read_findings (Export  *ex,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT f.photo_id, f.uuid, p.uuid, f.photo_sha256,"
                                         " f.shape, f.geometry");
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (finding_codes); i++)
    g_string_append_printf (sql, ", f.%s", finding_codes[i][0]);
  g_string_append (sql, ", f.count, f.size, f.appearance, f.note, f.author, f.created, f.updated"
                        " FROM findings f JOIN photos p ON p.id = f.photo_id"
                        " WHERE f.deleted = 0 ORDER BY f.id");
  if (!review_db_prepare (ex->db, sql->str, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *obj, *region;
      int col = 6;

      if (!photo_in_scope (ex, sqlite3_column_int64 (stmt, 0)))
        continue;
      obj = json_object_new ();
      json_array_add_object_element (ex->findings, obj);
      member_text (obj, "uuid", stmt, 1);
      member_text (obj, "photo_uuid", stmt, 2);
      member_text (obj, "photo_sha256", stmt, 3);
      region = json_object_new ();
      member_text (region, "shape", stmt, 4);
      json_object_set_object_member (obj, "region", region);
      if (!member_json_array (region, "points", stmt, 5, FALSE, error))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (finding_codes); i++, col++)
        {
          member_text (obj, finding_codes[i][0], stmt, col);
          use_code (ex, finding_codes[i][1], (const char *) sqlite3_column_text (stmt, col));
        }
      member_int (obj, "count", stmt, col++);
      member_text (obj, "size", stmt, col++);
      member_text (obj, "appearance", stmt, col++);
      member_text (obj, "note", stmt, col++);
      use_profile (ex, (const char *) sqlite3_column_text (stmt, col));
      member_text (obj, "author", stmt, col++);
      member_text (obj, "created", stmt, col++);
      member_text (obj, "updated", stmt, col++);
      g_hash_table_insert (ex->targets, g_strdup (json_object_get_string_member (obj, "uuid")),
                           (gpointer) "finding");
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_facilities (Export  *ex,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean grew = TRUE;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT uuid, name_en, name_ar, aliases, type, branch_number,"
                                  " agency, parent_uuid, governorate, latitude, longitude,"
                                  " precision, sources, starter, merged_into, created, updated"
                                  " FROM facilities ORDER BY id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *obj = json_object_new ();

      g_ptr_array_add (all, obj);
      member_text (obj, "uuid", stmt, 0);
      member_text (obj, "name_en", stmt, 1);
      member_text (obj, "name_ar", stmt, 2);
      if (!member_json_array (obj, "aliases", stmt, 3, TRUE, error))
        return FALSE;
      member_text (obj, "type", stmt, 4);
      member_text (obj, "branch_number", stmt, 5);
      member_text (obj, "agency", stmt, 6);
      member_ref (obj, "parent_uuid", stmt, 7);
      member_text (obj, "governorate", stmt, 8);
      member_real (obj, "latitude", stmt, 9);
      member_real (obj, "longitude", stmt, 10);
      member_text (obj, "precision", stmt, 11);
      member_text (obj, "sources", stmt, 12);
      json_object_set_boolean_member (obj, "starter", sqlite3_column_int (stmt, 13) != 0);
      member_ref (obj, "merged_into", stmt, 14);
      member_text (obj, "created", stmt, 15);
      member_text (obj, "updated", stmt, 16);
      g_hash_table_insert (by_uuid, (gpointer) json_object_get_string_member (obj, "uuid"), obj);
    }
  if (!review_db_step_done (ex->db, rc, error))
    return FALSE;

  /* In a scope: the facilities referenced, with their parents and what
   * they were merged into, and so on up. */
  while (ex->scope_photos != NULL && grew)
    {
      g_autoptr(GPtrArray) more = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer uuid;

      grew = FALSE;
      g_hash_table_iter_init (&iter, ex->facility_refs);
      while (g_hash_table_iter_next (&iter, &uuid, NULL))
        {
          JsonObject *obj = g_hash_table_lookup (by_uuid, uuid);
          if (obj == NULL)
            continue;
          g_ptr_array_add (more, (gpointer) json_object_get_string_member (obj, "parent_uuid"));
          g_ptr_array_add (more, (gpointer) json_object_get_string_member (obj, "merged_into"));
        }
      for (guint i = 0; i < more->len; i++)
        {
          const char *uuid_ref = g_ptr_array_index (more, i);
          if (uuid_ref != NULL && !g_hash_table_contains (ex->facility_refs, uuid_ref))
            {
              set_add (ex->facility_refs, uuid_ref);
              grew = TRUE;
            }
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *obj = g_ptr_array_index (all, i);
      const char *uuid = json_object_get_string_member (obj, "uuid");

      if (ex->scope_photos != NULL && !g_hash_table_contains (ex->facility_refs, uuid))
        continue;
      json_array_add_object_element (ex->facilities, json_object_ref (obj));
      g_hash_table_insert (ex->targets, g_strdup (uuid), (gpointer) "facility");
      use_code (ex, "facility_type", json_object_get_string_member (obj, "type"));
      use_code (ex, "coordinate_precision", json_object_get_string_member (obj, "precision"));
    }
  return TRUE;
}

/* Notes on anything exported (translations sit on the same target). */
static gboolean
read_notes (Export  *ex,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT uuid, target_uuid, lang, text, translation_of, author,"
                                  " created FROM notes ORDER BY id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = g_hash_table_lookup (ex->targets, sqlite3_column_text (stmt, 1));
      JsonObject *obj;

      if (type == NULL)
        continue;
      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 0);
      member_text (obj, "target_uuid", stmt, 1);
      json_object_set_string_member (obj, "target_type", type);
      member_text (obj, "lang", stmt, 2);
      member_text (obj, "text", stmt, 3);
      member_ref (obj, "translation_of", stmt, 4);
      member_text (obj, "author", stmt, 5);
      member_text (obj, "created", stmt, 6);
      json_array_add_object_element (ex->notes, obj);
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 5));
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_contacts (Export  *ex,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT uuid, person_uuid, name, relation, contact, notes,"
                                  " created FROM family_contacts ORDER BY id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *obj;

      if (!g_hash_table_contains (ex->persons, sqlite3_column_text (stmt, 1)))
        continue;
      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 0);
      member_text (obj, "person_uuid", stmt, 1);
      member_text (obj, "name", stmt, 2);
      member_text (obj, "relation", stmt, 3);
      member_text (obj, "contact", stmt, 4);
      member_text (obj, "notes", stmt, 5);
      member_text (obj, "created", stmt, 6);
      json_array_add_object_element (ex->contacts, obj);
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_batches (Export  *ex,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT uuid, actor, started, finished FROM import_batches"
                                  " ORDER BY id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *obj;

      if (!g_hash_table_contains (ex->batch_refs, sqlite3_column_text (stmt, 0)))
        continue;
      obj = json_object_new ();
      member_text (obj, "uuid", stmt, 0);
      member_text (obj, "actor", stmt, 1);
      member_text (obj, "started", stmt, 2);
      member_text (obj, "finished", stmt, 3);
      json_array_add_object_element (ex->batches, obj);
      use_profile (ex, (const char *) sqlite3_column_text (stmt, 1));
    }
  return review_db_step_done (ex->db, rc, error);
}

static gboolean
read_profiles (Export  *ex,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT id, display_name, role FROM profile ORDER BY created",
                          &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *obj;

      if (!g_hash_table_contains (ex->profile_refs, sqlite3_column_text (stmt, 0)))
        continue;
      obj = json_object_new ();
      member_text (obj, "id", stmt, 0);
      member_text (obj, "name", stmt, 1);
      member_text (obj, "role", stmt, 2);
      json_array_add_object_element (ex->profiles, obj);
    }
  return review_db_step_done (ex->db, rc, error);
}

/* The vocabularies' terms the export uses, with their labels in both
 * languages and their ancestors; local terms (this vault's additions) too. */
static gboolean
read_vocabularies (Export  *ex,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_strfreev);
  g_autoptr(GList) lists = NULL;
  int rc;

  if (!review_db_prepare (ex->db, "SELECT vocabulary, code, en, ar, parent FROM local_terms",
                          &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 4);
      for (int i = 0; i < 3; i++)
        row[i] = column_utf8 (stmt, i + 2);
      g_hash_table_insert (local, g_strdup_printf ("%s\n%s", sqlite3_column_text (stmt, 0),
                                                   sqlite3_column_text (stmt, 1)), row);
    }
  if (!review_db_step_done (ex->db, rc, error))
    return FALSE;

  lists = g_list_sort (g_hash_table_get_keys (ex->codes), (GCompareFunc) g_strcmp0);
  for (GList *l = lists; l != NULL; l = l->next)
    {
      const char *list = l->data;
      GHashTable *used = g_hash_table_lookup (ex->codes, list);
      g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) seen = string_set_new ();
      GPtrArray *entries = review_vocab_get_list (ex->vocab, list);
      JsonObject *obj = json_object_new ();
      JsonArray *terms = json_array_new ();
      GHashTableIter iter;
      gpointer code;

      g_hash_table_iter_init (&iter, used);
      while (g_hash_table_iter_next (&iter, &code, NULL))
        g_ptr_array_add (queue, g_strdup (code));
      /* Parents too, so that a term can be shown in its hierarchy. */
      for (guint i = 0; i < queue->len; i++)
        {
          const char *c = g_ptr_array_index (queue, i);
          const ReviewVocabEntry *e = review_vocab_lookup (ex->vocab, list, c);
          char **row = NULL;
          g_autofree char *key = g_strdup_printf ("%s\n%s", list, c);

          set_add (seen, c);
          if (e == NULL)
            row = g_hash_table_lookup (local, key);
          if (e != NULL && e->parent != NULL && !g_hash_table_contains (seen, e->parent))
            g_ptr_array_add (queue, g_strdup (e->parent));
          else if (row != NULL && row[2] != NULL && *row[2] != '\0' &&
                   !g_hash_table_contains (seen, row[2]))
            g_ptr_array_add (queue, g_strdup (row[2]));
        }

      /* In the vocabulary's own order, then local terms by code. */
      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          const ReviewVocabEntry *e = g_ptr_array_index (entries, i);
          JsonObject *term;

          if (!g_hash_table_contains (seen, e->code))
            continue;
          term = json_object_new ();
          json_object_set_string_member (term, "code", e->code);
          json_object_set_string_member (term, "en", e->en);
          json_object_set_string_member (term, "ar", e->ar);
          if (e->parent != NULL)
            json_object_set_string_member (term, "parent", e->parent);
          json_array_add_object_element (terms, term);
          g_hash_table_remove (seen, e->code);
        }
      {
        g_autoptr(GList) rest = g_list_sort (g_hash_table_get_keys (seen),
                                             (GCompareFunc) g_strcmp0);
        for (GList *r = rest; r != NULL; r = r->next)
          {
            g_autofree char *key = g_strdup_printf ("%s\n%s", list, (char *) r->data);
            char **row = g_hash_table_lookup (local, key);
            JsonObject *term = json_object_new ();

            /* A code that is in neither (an older vault's) keeps itself as
             * its label, as the window shows it. */
            json_object_set_string_member (term, "code", r->data);
            json_object_set_string_member (term, "en", row ? row[0] : r->data);
            json_object_set_string_member (term, "ar", row ? row[1] : r->data);
            if (row != NULL && row[2] != NULL && *row[2] != '\0')
              json_object_set_string_member (term, "parent", row[2]);
            json_object_set_boolean_member (term, "local", TRUE);
            json_array_add_object_element (terms, term);
          }
      }

      json_object_set_int_member (obj, "version", review_vocab_get_version (ex->vocab, list));
      json_object_set_array_member (obj, "terms", terms);
      json_object_set_object_member (ex->vocabularies, list, obj);
    }
  return TRUE;
}

static gboolean
check_cancelled (Export  *ex,
                 GError **error)
{
  return !g_cancellable_set_error_if_cancelled (ex->options->cancellable, error);
}

static gboolean
read_vault (Export  *ex,
            GError **error)
{
  ReviewAuditReport report = { 0 };
  g_autoptr(ReviewDbTransaction) snapshot = NULL;
  gboolean ok;

  /* The scope is evaluated first, by review_store_search() on the vault's
   * main connection (serialized, so safe from a worker thread); photos are
   * never deleted, so its ids stay good for the snapshot below. */
  if (ex->options->scope != NULL)
    {
      ReviewSearch q = *ex->options->scope;
      g_autoptr(ReviewSearchResult) found = NULL;

      q.limit = 0;
      found = review_store_search (ex->vault, &q, error);
      if (found == NULL)
        return FALSE;
      ex->scope_photos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < found->hits->len; i++)
        {
          ReviewSearchHit *hit = g_ptr_array_index (found->hits, i);
          g_hash_table_add (ex->scope_photos, id_key (hit->id));
        }
    }

  ex->db = review_vault_open_connection (ex->vault, error);
  if (ex->db == NULL)
    return FALSE;
  snapshot = review_db_transaction_begin_read (ex->db, error);
  if (snapshot == NULL)
    return FALSE;

  ok = review_audit_verify (ex->db, &report, error);
  if (ok && report.first_bad_seq != 0)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                   /* Translators: %s describes the problem, e.g. “Entry 3 was altered…” */
                   _("The audit trail is broken at entry %lld, so nothing was exported. %s"),
                   (long long) report.first_bad_seq, report.problem);
      ok = FALSE;
    }
  ex->audit_entries = report.n_entries;
  ex->audit_last_hash = g_strdup (report.last_hash);
  review_audit_report_clear (&report);

  ok = ok && check_cancelled (ex, error) &&
       read_links (ex, error) && read_photos (ex, error) && check_cancelled (ex, error) &&
       read_persons (ex, error) && read_numbers (ex, error) && check_cancelled (ex, error) &&
       read_findings (ex, error) && check_cancelled (ex, error) &&
       read_facilities (ex, error) && read_notes (ex, error) &&
       (ex->contacts == NULL || read_contacts (ex, error)) &&
       read_batches (ex, error) && read_profiles (ex, error) &&
       read_vocabularies (ex, error) && check_cancelled (ex, error);

  /* Only read: ending it either way changes nothing (freed, it is rolled back). */
  if (ok)
    review_db_transaction_commit (snapshot, NULL);
  return ok;
}

/* --- the export's description ------------------------------------------- */

static JsonObject *
scope_object (const ReviewSearch *scope)
{
  JsonObject *obj = json_object_new ();
  JsonObject *filters;
  const struct { const char *name; const char *value; } fields[] = {
    { "status", scope ? scope->status : NULL },
    { "finding", scope ? scope->finding : NULL },
    { "region", scope ? scope->region : NULL },
    { "facility", scope ? scope->facility : NULL },
    { "person", scope ? scope->person : NULL },
    { "number", scope ? scope->number : NULL },
    { "text", scope ? scope->text : NULL },
  };

  json_object_set_string_member (obj, "kind", scope ? "filter" : "all");
  if (scope == NULL)
    return obj;
  filters = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL)
      json_object_set_string_member (filters, fields[i].name, fields[i].value);
  if (scope->damaged)
    json_object_set_boolean_member (filters, "damaged", TRUE);
  json_object_set_object_member (obj, "filters", filters);
  return obj;
}

/* The signer's name and its certificate's SHA-256 (a recipient can compare
 * the fingerprint with the one the supervisor gave them). */
static JsonObject *
export_info (Export       *ex,
             ReviewSigner *signer_identity)
{
  JsonObject *obj = json_object_new ();
  JsonObject *app = json_object_new ();
  JsonObject *exporter = json_object_new ();
  JsonObject *signer = json_object_new ();
  JsonObject *checkpoint = json_object_new ();
  JsonObject *counts = json_object_new ();
  ReviewProfile *profile = review_vault_get_profile (ex->vault);

  json_object_set_string_member (obj, "id", ex->export_id);
  json_object_set_string_member (obj, "format", ex->format);
  json_object_set_string_member (obj, "created", ex->created);
  json_object_set_string_member (app, "name", PACKAGE_NAME);
  json_object_set_string_member (app, "version", PACKAGE_VERSION);
  json_object_set_object_member (obj, "app", app);
  json_object_set_string_member (obj, "vault_id", review_vault_get_id (ex->vault));
  json_object_set_int_member (obj, "vault_schema_version",
                              review_vault_get_schema_version (ex->vault));
  json_object_set_string_member (exporter, "id", review_profile_get_id (profile));
  json_object_set_string_member (exporter, "name", review_profile_get_display_name (profile));
  json_object_set_string_member (exporter, "role",
                                 review_role_to_string (review_profile_get_role (profile)));
  json_object_set_object_member (obj, "exporter", exporter);
  json_object_set_string_member (signer, "name", review_signer_get_name (signer_identity));
  if (review_signer_get_organization (signer_identity) != NULL)
    json_object_set_string_member (signer, "organization",
                                   review_signer_get_organization (signer_identity));
  json_object_set_string_member (signer, "certificate_sha256",
                                 review_signer_get_fingerprint (signer_identity));
  json_object_set_object_member (obj, "signer", signer);
  json_object_set_object_member (obj, "scope", scope_object (ex->options->scope));
  json_object_set_boolean_member (obj, "family_contacts_included", ex->contacts != NULL);
  json_object_set_int_member (checkpoint, "entries", ex->audit_entries);
  json_object_set_string_member (checkpoint, "last_hash", ex->audit_last_hash);
  json_object_set_object_member (obj, "audit_checkpoint", checkpoint);
  json_object_set_int_member (counts, "photos", json_array_get_length (ex->photos));
  json_object_set_int_member (counts, "damaged_photos", ex->n_damaged);
  json_object_set_int_member (counts, "persons", json_array_get_length (ex->person_list));
  json_object_set_int_member (counts, "identity_numbers", ex->n_numbers);
  json_object_set_int_member (counts, "findings", json_array_get_length (ex->findings));
  json_object_set_int_member (counts, "facilities", json_array_get_length (ex->facilities));
  json_object_set_int_member (counts, "notes", json_array_get_length (ex->notes));
  json_object_set_int_member (counts, "family_contacts",
                              ex->contacts ? json_array_get_length (ex->contacts) : 0);
  json_object_set_object_member (obj, "counts", counts);
  return obj;
}

static JsonObject *
header_object (Export       *ex,
               ReviewSigner *signer)
{
  JsonObject *root = json_object_new ();

  json_object_set_string_member (root, "schema", REVIEW_EXPORT_SCHEMA_ID);
  json_object_set_int_member (root, "version", REVIEW_EXPORT_SCHEMA_VERSION);
  json_object_set_object_member (root, "export", export_info (ex, signer));
  return root;
}

/* --- signing ------------------------------------------------------------ */

static GBytes *
sign_bytes (Export  *ex,
            GBytes  *content,
            GError **error)
{
  return review_signer_sign_detached (ex->options->signer, content, error);
}

/* --- files -------------------------------------------------------------- */

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_autofree char *display = review_text_quote (path, -1);

  /* Translators: the first %s is a file, the second why writing failed */
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not write “%s”: %s"), display,
               g_strerror (saved_errno));
  return FALSE;
}

/* A new file @name in @dir (a folder of our own), holding @data, on disk. */
static gboolean
write_new_file (const char  *dir,
                const char  *name,
                GBytes      *data,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  gboolean ok;

  if (fd < 0)
    return set_io_error (error, errno, path);
  ok = review_durable_write_fd (fd, data) || set_io_error (error, errno, path);
  if (close (fd) != 0 && ok)
    ok = set_io_error (error, errno, path);
  return ok;
}

static gboolean
refuse_existing (const char  *path,
                 GError     **error)
{
  g_autofree char *display = review_text_quote (path, -1);

  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is the file or folder an export was to create */
               _("“%s” already exists. Review never replaces an existing file or folder with "
                 "an export: choose a new name."), display);
  return FALSE;
}

/* Renames @from to @to unless @to exists, atomically where the file system
 * allows it (renameat2 RENAME_NOREPLACE; otherwise link() for a file). */
static gboolean
rename_new (const char  *from,
            const char  *to,
            gboolean     is_dir,
            GError     **error)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EINVAL || errno == ENOSYS)
    {
      if (!is_dir && link (from, to) == 0)
        {
          g_unlink (from);
          return TRUE;
        }
      if (is_dir && !g_file_test (to, G_FILE_TEST_EXISTS) && rename (from, to) == 0)
        return TRUE;
    }
  if (errno == EEXIST || errno == ENOTEMPTY)
    return refuse_existing (to, error);
  return set_io_error (error, errno, to);
}

/* The destination must not exist, and its folder must. */
static gboolean
check_destination (const char  *path,
                   const char  *signature,
                   GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *display = review_text_quote (parent, -1);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return refuse_existing (path, error);
  if (signature != NULL &&
      (g_file_test (signature, G_FILE_TEST_EXISTS) ||
       g_file_test (signature, G_FILE_TEST_IS_SYMLINK)))
    return refuse_existing (signature, error);
  if (!g_file_test (parent, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The folder “%s” does not exist."), display);
      return FALSE;
    }
  return TRUE;
}

static void
add_file (ReviewExportResult *result,
          const char         *name,
          GBytes             *data)
{
  ReviewExportFile *file = g_new0 (ReviewExportFile, 1);

  file->name = g_strdup (name);
  file->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  g_ptr_array_add (result->files, file);
}

static char *
audit_details (Export             *ex,
               ReviewExportResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) scope = json_node_init_object (json_node_alloc (),
                                                     scope_object (ex->options->scope));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, ex->format);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, result->path);
  json_builder_set_member_name (b, "scope");
  json_builder_add_value (b, json_node_copy (scope));
  json_builder_set_member_name (b, "family_contacts");
  json_builder_add_boolean_value (b, ex->contacts != NULL);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "photos");
  json_builder_add_int_value (b, result->n_photos);
  json_builder_set_member_name (b, "damaged_photos");
  json_builder_add_int_value (b, result->n_damaged);
  json_builder_set_member_name (b, "persons");
  json_builder_add_int_value (b, result->n_persons);
  json_builder_set_member_name (b, "findings");
  json_builder_add_int_value (b, result->n_findings);
  json_builder_set_member_name (b, "family_contacts");
  json_builder_add_int_value (b, result->n_family_contacts);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < result->files->len; i++)
    {
      ReviewExportFile *file = g_ptr_array_index (result->files, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, file->name);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, file->sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* --- common steps ------------------------------------------------------- */

static ReviewExportResult *
prepare (Export                     *ex,
         ReviewVault                *vault,
         const ReviewExportOptions  *options,
         const char                 *format,
         const char                 *out_path,
         GError                    **error)
{
  ReviewExportResult *result;
  ReviewProfile *profile = review_vault_get_profile (vault);

  ex->vault = vault;
  ex->options = options;
  ex->format = format;

  ex->vocab = review_vocab_load (error);
  if (ex->vocab == NULL)
    return NULL;

  ex->export_id = g_uuid_string_random ();
  ex->created = review_db_now_iso8601 ();
  ex->photo_persons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  ex->person_photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  ex->persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ex->facility_refs = string_set_new ();
  ex->profile_refs = string_set_new ();
  ex->batch_refs = string_set_new ();
  ex->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ex->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_hash_table_unref);
  ex->photos = json_array_new ();
  ex->person_list = json_array_new ();
  ex->findings = json_array_new ();
  ex->facilities = json_array_new ();
  ex->notes = json_array_new ();
  ex->contacts = options->include_family_contacts ? json_array_new () : NULL;
  ex->profiles = json_array_new ();
  ex->batches = json_array_new ();
  ex->vocabularies = json_object_new ();
  use_profile (ex, review_profile_get_id (profile));

  if (!read_vault (ex, error))
    return NULL;

  result = g_new0 (ReviewExportResult, 1);
  result->export_id = g_strdup (ex->export_id);
  if (g_path_is_absolute (out_path))
    result->path = g_strdup (out_path);
  else
    {
      g_autofree char *cwd = g_get_current_dir ();
      result->path = g_build_filename (cwd, out_path, NULL);
    }
  result->files = g_ptr_array_new_with_free_func ((GDestroyNotify) export_file_free);
  result->n_photos = json_array_get_length (ex->photos);
  result->n_persons = json_array_get_length (ex->person_list);
  result->n_findings = json_array_get_length (ex->findings);
  result->n_facilities = json_array_get_length (ex->facilities);
  result->n_numbers = ex->n_numbers;
  result->n_damaged = ex->n_damaged;
  result->n_notes = json_array_get_length (ex->notes);
  result->n_family_contacts = ex->contacts ? json_array_get_length (ex->contacts) : 0;
  return result;
}

static gboolean
check_role (ReviewVault  *vault,
            GError      **error)
{
  if (review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can export data. The role of this vault’s "
                             "profile can be changed in Preferences."));
      return FALSE;
    }
  return TRUE;
}

/**
 * review_export_check:
 *
 * What can be checked before the signer is loaded and anything is read:
 * the profile's role, and that the destination is free and its folder
 * exists. review_export_json() and review_export_csv() check it again.
 */
gboolean
review_export_check (ReviewVault         *vault,
                     ReviewExportFormat   format,
                     const char          *out_path,
                     GError             **error)
{
  g_autofree char *sig_path = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (format == REVIEW_EXPORT_JSON)
    sig_path = g_strconcat (out_path, ".p7s", NULL);
  return check_role (vault, error) && check_destination (out_path, sig_path, error);
}

static gboolean
check_options (ReviewVault                *vault,
               const ReviewExportOptions  *options,
               const char                 *out_path,
               GError                    **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL && *out_path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options->signer == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
                           _("An export must be signed, and there is no signing identity."));
      return FALSE;
    }
  if (!check_role (vault, error))
    return FALSE;
  /* A signature would certify what it covers: never over a damaged vault. */
  if (!review_vault_check_integrity (vault, NULL, error))
    {
      g_prefix_error (error, "%s ", _("The vault is damaged, and an export would be signed "
                                      "as if it were whole; nothing was written."));
      return FALSE;
    }
  return TRUE;
}

/* --- JSON --------------------------------------------------------------- */

/**
 * review_export_json:
 * @out_path: the file to create; FILE.p7s is created beside it. Neither
 *   may exist.
 *
 * Writes the export as one JSON document (data/export-schema/) and its
 * detached signature, and records the "export.created" audit event.
 *
 * Returns: (transfer full): what was written, or %NULL with @error set
 *   (and nothing left at @out_path).
 */
ReviewExportResult *
review_export_json (ReviewVault                *vault,
                    const ReviewExportOptions  *options,
                    const char                 *out_path,
                    GError                    **error)
{
  Export ex = { 0 };
  g_autoptr(ReviewExportResult) result = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *sig_base = NULL;
  g_autofree char *tmp_data = NULL;
  g_autofree char *tmp_sig = NULL;
  g_autofree char *details = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) signature = NULL;
  ReviewDbTransaction *tx = NULL;
  gboolean data_placed = FALSE;
  gboolean ok = FALSE;

  if (!check_options (vault, options, out_path, error))
    return NULL;
  sig_path = g_strconcat (out_path, ".p7s", NULL);
  if (!check_destination (out_path, sig_path, error))
    return NULL;

  result = prepare (&ex, vault, options, "json", out_path, error);
  if (result == NULL)
    goto out;
  g_free (result->signature);
  result->signature = g_strconcat (result->path, ".p7s", NULL);

  root = header_object (&ex, options->signer);
  json_object_set_object_member (root, "vocabularies", g_steal_pointer (&ex.vocabularies));
  json_object_set_array_member (root, "profiles", g_steal_pointer (&ex.profiles));
  json_object_set_array_member (root, "import_batches", g_steal_pointer (&ex.batches));
  json_object_set_array_member (root, "photos", g_steal_pointer (&ex.photos));
  json_object_set_array_member (root, "persons", g_steal_pointer (&ex.person_list));
  json_object_set_array_member (root, "findings", g_steal_pointer (&ex.findings));
  json_object_set_array_member (root, "facilities", g_steal_pointer (&ex.facilities));
  json_object_set_array_member (root, "notes", g_steal_pointer (&ex.notes));
  if (ex.contacts != NULL)
    json_object_set_array_member (root, "family_contacts", json_array_ref (ex.contacts));
  data = json_bytes (root);

  signature = sign_bytes (&ex, data, error);
  if (signature == NULL)
    goto out;

  dir = g_path_get_dirname (result->path);
  base = g_path_get_basename (result->path);
  sig_base = g_strconcat (base, ".p7s", NULL);
  add_file (result, base, data);
  add_file (result, sig_base, signature);

  tmp_data = review_durable_write_temp (dir, base, data, error);
  if (tmp_data == NULL)
    goto out;
  tmp_sig = review_durable_write_temp (dir, sig_base, signature, error);
  if (tmp_sig == NULL || !check_cancelled (&ex, error))
    goto out;

  /* The audit event, then the files in place, then the commit: an export
   * is never in place without its event. */
  details = audit_details (&ex, result);
  tx = review_db_transaction_begin (ex.db, error);
  if (tx == NULL)
    goto out;
  if (!review_audit_append (ex.db, review_profile_get_id (review_vault_get_profile (vault)),
                            "export.created", ex.export_id, details, error) ||
      !rename_new (tmp_data, result->path, FALSE, error))
    goto rollback;
  data_placed = TRUE;
  if (!rename_new (tmp_sig, result->signature, FALSE, error))
    goto rollback;
  review_durable_sync_dir (dir);
  if (!review_db_transaction_commit (tx, error))
    {
      g_unlink (result->signature);
      goto rollback;
    }
  g_clear_pointer (&tx, review_db_transaction_free);
  ok = TRUE;
  goto out;

rollback:
  if (data_placed)
    g_unlink (result->path);
  g_clear_pointer (&tx, review_db_transaction_free);

out:
  if (!ok)
    {
      if (tmp_data != NULL)
        g_unlink (tmp_data);
      if (tmp_sig != NULL)
        g_unlink (tmp_sig);
    }
  if (ok && ex.db != NULL)
    review_anchor_keep_from (vault, ex.db);
  export_clear (&ex);
  return ok ? g_steal_pointer (&result) : NULL;
}

/* --- CSV ----------------------------------------------------------------
 *
 * RFC 4180: comma-separated, CRLF line ends, a header row, a field quoted
 * (with inner quotes doubled) when it holds a comma, a quote, CR or LF.
 * UTF-8 without a byte order mark. Empty for null. */

typedef enum
{
  COL_VALUE,    /* a string, number or boolean; "" for null */
  COL_LIST,     /* an array of strings, joined by ";" (UUIDs never hold one) */
  COL_JSON,     /* an array, as compact JSON */
  COL_PARENT,   /* the UUID of the row's parent (a number's person) */
} ColumnKind;

typedef struct
{
  const char *header;
  const char *member;     /* "region.shape": a member of a member */
  ColumnKind  kind;
} Column;

#define V(name) { name, name, COL_VALUE }

static const Column photo_columns[] = {
  V ("uuid"), V ("sha256"), V ("file_name"), V ("status"), V ("size"), V ("format"),
  V ("width"), V ("height"), V ("orientation"), V ("captured"), V ("camera"),
  V ("import_batch"), V ("imported"), { "persons", "persons", COL_LIST }, V ("damage"),
  V ("damage_row"),
};

static const Column person_columns[] = {
  V ("uuid"), V ("name_ar"), V ("name_latin"), V ("father_name"), V ("mother_name"), V ("sex"),
  V ("age_min"), V ("age_max"), V ("arrest_date"), V ("last_seen"), V ("death_recorded"),
  V ("death_alleged"), V ("distinctive_marks"), V ("identification_status"),
  V ("identification_basis"), V ("confirmed_by"), V ("second_confirmed_by"),
  V ("facility_uuid"), V ("merged_into"), V ("created"), V ("updated"),
  { "photos", "photos", COL_LIST },
};

static const Column number_columns[] = {
  V ("uuid"), { "person_uuid", NULL, COL_PARENT }, V ("kind"), V ("value"), V ("legibility"),
  V ("transcribed_by"), V ("second_reader"), V ("facility_uuid"), V ("photo_uuid"),
  V ("photo_sha256"), V ("region"), V ("created"),
};

static const Column finding_columns[] = {
  V ("uuid"), V ("photo_uuid"), V ("photo_sha256"), { "shape", "region.shape", COL_VALUE },
  { "points", "region.points", COL_JSON }, V ("finding_type"), V ("body_region"),
  V ("laterality"), V ("aspect"), V ("timing"), V ("method"), V ("consistency"),
  V ("certainty"), V ("count"), V ("size"), V ("appearance"), V ("note"), V ("author"),
  V ("created"), V ("updated"),
};

static const Column facility_columns[] = {
  V ("uuid"), V ("name_en"), V ("name_ar"), { "aliases", "aliases", COL_JSON }, V ("type"),
  V ("branch_number"), V ("agency"), V ("parent_uuid"), V ("governorate"), V ("latitude"),
  V ("longitude"), V ("precision"), V ("sources"), V ("starter"), V ("merged_into"),
  V ("created"), V ("updated"),
};

static const Column note_columns[] = {
  V ("uuid"), V ("target_uuid"), V ("target_type"), V ("lang"), V ("text"),
  V ("translation_of"), V ("author"), V ("created"),
};

static const Column contact_columns[] = {
  V ("uuid"), V ("person_uuid"), V ("name"), V ("relation"), V ("contact"), V ("notes"),
  V ("created"),
};

static const Column profile_columns[] = {
  V ("id"), V ("name"), V ("role"),
};

static const Column batch_columns[] = {
  V ("uuid"), V ("actor"), V ("started"), V ("finished"),
};

#undef V

static void
csv_field (GString    *out,
           const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (GString            *out,
         const char * const *fields,
         guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      csv_field (out, fields[i] ? fields[i] : "");
    }
  g_string_append (out, "\r\n");
}

/* A text cell that a spreadsheet would take for a formula (it starts with
 * = + - @, a tab or a carriage return: a photo named =WEBSERVICE(…)) gets a
 * leading ', as OWASP recommends; a spreadsheet shows the text and runs
 * nothing. Numbers and booleans are never text cells; the JSON export
 * keeps every value as it is. */
static char *
csv_text_cell (char *value)
{
  if (value != NULL && value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    {
      char *neutral = g_strconcat ("'", value, NULL);
      g_free (value);
      return neutral;
    }
  return value;
}

static char *
node_text (JsonNode   *node,
           ColumnKind  kind)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (kind == COL_LIST && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *s = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (s, "%s%s", i ? ";" : "",
                                json_array_get_string_element (array, i));
      return csv_text_cell (g_string_free (s, FALSE));
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      GString *s = g_string_new (NULL);
      write_node (s, node, 0);
      /* Arrays of objects never reach here; plain arrays are one line. */
      return g_string_free (s, FALSE);
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        format_double (buf, sizeof buf, json_node_get_double (node));
        return g_strdup (buf);
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return csv_text_cell (g_strdup (json_node_get_string (node)));
    }
}

static JsonNode *
lookup_member (JsonObject *obj,
               const char *path)
{
  const char *dot = strchr (path, '.');

  if (dot != NULL)
    {
      g_autofree char *head = g_strndup (path, (gsize) (dot - path));
      JsonObject *inner = json_object_get_object_member (obj, head);
      return inner ? json_object_get_member (inner, dot + 1) : NULL;
    }
  return json_object_get_member (obj, path);
}

static void
csv_header (GString      *out,
            const Column *columns,
            guint         n)
{
  g_autofree const char **headers = g_new0 (const char *, n);

  for (guint i = 0; i < n; i++)
    headers[i] = columns[i].header;
  csv_row (out, headers, n);
}

static void
csv_objects (GString      *out,
             JsonArray    *rows,
             const Column *columns,
             guint         n,
             const char   *parent)
{
  for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
    {
      JsonObject *obj = json_array_get_object_element (rows, r);
      g_auto(GStrv) fields = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        fields[i] = columns[i].kind == COL_PARENT
                    ? g_strdup (parent)
                    : node_text (lookup_member (obj, columns[i].member), columns[i].kind);
      csv_row (out, (const char * const *) fields, n);
    }
}

static GBytes *
csv_table (JsonArray    *rows,
           const Column *columns,
           guint         n)
{
  GString *out = g_string_new (NULL);

  csv_header (out, columns, n);
  csv_objects (out, rows, columns, n, NULL);
  return g_string_free_to_bytes (out);
}

static GBytes *
csv_numbers (JsonArray *persons)
{
  GString *out = g_string_new (NULL);

  csv_header (out, number_columns, G_N_ELEMENTS (number_columns));
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *person = json_array_get_object_element (persons, i);
      csv_objects (out, json_object_get_array_member (person, "numbers"), number_columns,
                   G_N_ELEMENTS (number_columns), json_object_get_string_member (person, "uuid"));
    }
  return g_string_free_to_bytes (out);
}

static const char *
string_or_empty (JsonObject *obj,
                 const char *member)
{
  const char *value = json_object_get_string_member (obj, member);
  return value ? value : "";
}

static GBytes *
csv_vocabularies (JsonObject *vocabularies)
{
  static const char * const headers[] = {
    "list", "version", "code", "en", "ar", "parent", "local",
  };
  GString *out = g_string_new (NULL);
  JsonObjectIter iter;
  const char *list;
  JsonNode *node;

  csv_row (out, headers, G_N_ELEMENTS (headers));
  json_object_iter_init_ordered (&iter, vocabularies);
  while (json_object_iter_next_ordered (&iter, &list, &node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonArray *terms = json_object_get_array_member (obj, "terms");
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member (obj, "version"));

      for (guint i = 0; i < json_array_get_length (terms); i++)
        {
          JsonObject *t = json_array_get_object_element (terms, i);
          /* Local terms are typed by users: text cells like any other. */
          const char *parent_code = json_object_get_string_member_with_default (t, "parent", "");
          g_autofree char *code = csv_text_cell (g_strdup (string_or_empty (t, "code")));
          g_autofree char *en = csv_text_cell (g_strdup (string_or_empty (t, "en")));
          g_autofree char *ar = csv_text_cell (g_strdup (string_or_empty (t, "ar")));
          g_autofree char *parent = csv_text_cell (g_strdup (parent_code));
          const char *fields[] = {
            list, version, code, en, ar, parent,
            json_object_get_boolean_member_with_default (t, "local", FALSE) ? "true" : "false",
          };
          csv_row (out, fields, G_N_ELEMENTS (fields));
        }
    }
  return g_string_free_to_bytes (out);
}

typedef struct
{
  const char *name;
  GBytes     *data;
} CsvFile;

static int
csv_file_compare (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const CsvFile *) a)->name, ((const CsvFile *) b)->name);
}

/* Removes what this export put in its temporary folder, then the folder. */
static void
remove_temp_dir (const char *dir,
                 GArray     *files)
{
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_array_index (files, CsvFile, i).name,
                                                NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
csv_file_clear (CsvFile *file)
{
  g_clear_pointer (&file->data, g_bytes_unref);
}

/**
 * review_export_csv:
 * @out_dir: the folder to create; it must not exist.
 *
 * Writes the export as a folder of CSV files (one per table), export.json
 * (the export's description), SHA256SUMS (sha256sum's format, over every
 * other file) and SHA256SUMS.p7s (its detached signature); records the
 * "export.created" audit event. The folder appears at @out_dir in one
 * rename, complete.
 *
 * Returns: (transfer full): what was written, or %NULL with @error set
 *   (and nothing left at @out_dir).
 */
ReviewExportResult *
review_export_csv (ReviewVault                *vault,
                   const ReviewExportOptions  *options,
                   const char                 *out_dir,
                   GError                    **error)
{
  Export ex = { 0 };
  g_autoptr(ReviewExportResult) result = NULL;
  g_autoptr(GArray) files = g_array_new (FALSE, TRUE, sizeof (CsvFile));
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(GBytes) sums_data = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *details = NULL;
  ReviewDbTransaction *tx = NULL;
  gboolean placed = FALSE;
  gboolean ok = FALSE;
  guint written = 0;

  g_array_set_clear_func (files, (GDestroyNotify) csv_file_clear);

  if (!check_options (vault, options, out_dir, error) ||
      !check_destination (out_dir, NULL, error))
    return NULL;

  result = prepare (&ex, vault, options, "csv", out_dir, error);
  if (result == NULL)
    goto out;
  result->signature = g_build_filename (result->path, "SHA256SUMS.p7s", NULL);

  header = header_object (&ex, options->signer);
  {
    CsvFile tables[] = {
      { "export.json", json_bytes (header) },
      { "vocabularies.csv", csv_vocabularies (ex.vocabularies) },
      { "profiles.csv", csv_table (ex.profiles, profile_columns,
                                   G_N_ELEMENTS (profile_columns)) },
      { "import_batches.csv", csv_table (ex.batches, batch_columns,
                                         G_N_ELEMENTS (batch_columns)) },
      { "photos.csv", csv_table (ex.photos, photo_columns, G_N_ELEMENTS (photo_columns)) },
      { "persons.csv", csv_table (ex.person_list, person_columns,
                                  G_N_ELEMENTS (person_columns)) },
      { "identity_numbers.csv", csv_numbers (ex.person_list) },
      { "findings.csv", csv_table (ex.findings, finding_columns,
                                   G_N_ELEMENTS (finding_columns)) },
      { "facilities.csv", csv_table (ex.facilities, facility_columns,
                                     G_N_ELEMENTS (facility_columns)) },
      { "notes.csv", csv_table (ex.notes, note_columns, G_N_ELEMENTS (note_columns)) },
      { "family_contacts.csv", ex.contacts ? csv_table (ex.contacts, contact_columns,
                                                        G_N_ELEMENTS (contact_columns))
                                           : NULL },
    };
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      if (tables[i].data != NULL)
        g_array_append_val (files, tables[i]);
  }
  g_array_sort (files, csv_file_compare);

  /* sha256sum's own format: "HASH  NAME", one a line, sorted by name. */
  for (guint i = 0; i < files->len; i++)
    {
      CsvFile *f = &g_array_index (files, CsvFile, i);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->data);
      g_string_append_printf (sums, "%s  %s\n", sum, f->name);
      add_file (result, f->name, f->data);
    }
  sums_data = g_string_free_to_bytes (g_steal_pointer (&sums));
  signature = sign_bytes (&ex, sums_data, error);
  if (signature == NULL)
    goto out;
  {
    CsvFile manifest[] = {
      { "SHA256SUMS", g_bytes_ref (sums_data) },
      { "SHA256SUMS.p7s", g_bytes_ref (signature) },
    };
    g_array_append_vals (files, manifest, G_N_ELEMENTS (manifest));
    add_file (result, "SHA256SUMS", sums_data);
    add_file (result, "SHA256SUMS.p7s", signature);
  }

  /* A hidden folder beside the destination, filled, synced, renamed. */
  parent = g_path_get_dirname (result->path);
  base = g_path_get_basename (result->path);
  {
    g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
    tmp_dir = g_build_filename (parent, name, NULL);
    if (g_mkdtemp_full (tmp_dir, 0700) == NULL)
      {
        set_io_error (error, errno, parent);
        g_clear_pointer (&tmp_dir, g_free);
        goto out;
      }
  }
  for (written = 0; written < files->len; written++)
    {
      CsvFile *f = &g_array_index (files, CsvFile, written);
      if (!write_new_file (tmp_dir, f->name, f->data, error))
        goto out;
    }
  review_durable_sync_dir (tmp_dir);
  if (!check_cancelled (&ex, error))
    goto out;

  details = audit_details (&ex, result);
  tx = review_db_transaction_begin (ex.db, error);
  if (tx == NULL)
    goto out;
  if (!review_audit_append (ex.db, review_profile_get_id (review_vault_get_profile (vault)),
                            "export.created", ex.export_id, details, error) ||
      !rename_new (tmp_dir, result->path, TRUE, error))
    goto rollback;
  placed = TRUE;
  review_durable_sync_dir (parent);
  if (!review_db_transaction_commit (tx, error))
    goto rollback;
  g_clear_pointer (&tx, review_db_transaction_free);
  ok = TRUE;
  goto out;

rollback:
  /* Back to its temporary name, then removed with the rest below. */
  if (placed && rename (result->path, tmp_dir) != 0)
    {
      g_free (tmp_dir);
      tmp_dir = g_strdup (result->path);
    }
  g_clear_pointer (&tx, review_db_transaction_free);

out:
  if (!ok && tmp_dir != NULL)
    {
      g_array_set_size (files, MIN (files->len, written + 1));
      remove_temp_dir (tmp_dir, files);
    }
  if (ok && ex.db != NULL)
    review_anchor_keep_from (vault, ex.db);
  export_clear (&ex);
  return ok ? g_steal_pointer (&result) : NULL;
}
