/* review-store-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-store-query.h"
#include "review-text.h"
#include "review-vault-private.h"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return g_strdup (text != NULL ? (const char *) text : "");
}

/* --- records ------------------------------------------------------------ */

void
review_finding_record_free (ReviewFindingRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->uuid);
  g_free (r->points);
  g_free (r->finding_type);
  g_free (r->body_region);
  g_free (r->laterality);
  g_free (r->aspect);
  g_free (r->timing);
  g_free (r->method);
  g_free (r->consistency);
  g_free (r->certainty);
  g_free (r->size);
  g_free (r->appearance);
  g_free (r->note);
  g_free (r->author);
  g_free (r->created);
  g_free (r);
}

ReviewFindingRecord *
review_finding_record_copy (const ReviewFindingRecord *r)
{
  ReviewFindingRecord *c = g_new0 (ReviewFindingRecord, 1);

  c->uuid = g_strdup (r->uuid);
  c->shape = r->shape;
  c->points = g_memdup2 (r->points, sizeof (double) * r->n_points);
  c->n_points = r->n_points;
  c->finding_type = g_strdup (r->finding_type);
  c->body_region = g_strdup (r->body_region);
  c->laterality = g_strdup (r->laterality);
  c->aspect = g_strdup (r->aspect);
  c->timing = g_strdup (r->timing);
  c->method = g_strdup (r->method);
  c->consistency = g_strdup (r->consistency);
  c->certainty = g_strdup (r->certainty);
  c->count = r->count;
  c->size = g_strdup (r->size);
  c->appearance = g_strdup (r->appearance);
  c->note = g_strdup (r->note);
  c->author = g_strdup (r->author);
  c->created = g_strdup (r->created);
  return c;
}

/* A ReviewFinding that borrows @record's strings, for update calls. */
void
review_finding_record_view (const ReviewFindingRecord *r,
                            ReviewFinding             *f)
{
  f->shape = r->shape;
  f->points = r->points;
  f->n_points = r->n_points;
  f->finding_type = r->finding_type;
  f->body_region = r->body_region;
  f->laterality = r->laterality;
  f->aspect = r->aspect;
  f->timing = r->timing;
  f->method = r->method;
  f->consistency = r->consistency;
  f->certainty = r->certainty;
  f->count = r->count;
  f->size = r->size;
  f->appearance = r->appearance;
  f->note = r->note;
}

void
review_person_hit_free (ReviewPersonHit *h)
{
  if (h == NULL)
    return;
  g_free (h->uuid);
  g_free (h->name_ar);
  g_free (h->name_latin);
  g_free (h->identification_status);
  g_free (h->numbers);
  g_free (h);
}

void
review_facility_hit_free (ReviewFacilityHit *h)
{
  if (h == NULL)
    return;
  g_free (h->uuid);
  g_free (h->name_en);
  g_free (h->name_ar);
  g_free (h->type);
  g_free (h->branch_number);
  g_free (h->governorate);
  g_free (h);
}

void
review_number_record_free (ReviewNumberRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->uuid);
  g_free (r->kind);
  g_free (r->value);
  g_free (r->legibility);
  g_free (r->transcribed_by);
  g_free (r->second_reader);
  g_free (r->facility_uuid);
  g_free (r->photo_uuid);
  g_free (r->region);
  g_free (r);
}

void
review_note_record_free (ReviewNoteRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->uuid);
  g_free (r->lang);
  g_free (r->text);
  g_free (r->translation_of);
  g_free (r->author);
  g_free (r->created);
  g_free (r);
}

void
review_family_contact_free (ReviewFamilyContact *c)
{
  if (c == NULL)
    return;
  g_free (c->uuid);
  g_free (c->name);
  g_free (c->relation);
  g_free (c->contact);
  g_free (c);
}

/* --- findings ----------------------------------------------------------- */

#define FINDING_SELECT \
  "SELECT uuid, shape, geometry, finding_type, body_region, laterality, aspect, timing," \
  " method, consistency, certainty, coalesce (count, 0), size, appearance, note, author," \
  " created FROM findings"

static ReviewFindingRecord *
finding_from_row (sqlite3_stmt *stmt)
{
  ReviewFindingRecord *r = g_new0 (ReviewFindingRecord, 1);
  const char *shape = (const char *) sqlite3_column_text (stmt, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *geometry = (const char *) sqlite3_column_text (stmt, 2);

  r->uuid = column_dup (stmt, 0);
  r->shape = g_strcmp0 (shape, "ellipse") == 0 ? REVIEW_SHAPE_ELLIPSE
             : g_strcmp0 (shape, "polygon") == 0 ? REVIEW_SHAPE_POLYGON
                                                 : REVIEW_SHAPE_RECT;
  if (geometry != NULL && json_parser_load_from_data (parser, geometry, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *array = json_node_get_array (json_parser_get_root (parser));
      r->n_points = json_array_get_length (array);
      r->points = g_new0 (double, MAX (r->n_points, 1));
      for (guint i = 0; i < r->n_points; i++)
        r->points[i] = json_array_get_double_element (array, i);
    }
  else
    r->points = g_new0 (double, 1);
  r->finding_type = column_dup (stmt, 3);
  r->body_region = column_dup (stmt, 4);
  r->laterality = column_dup (stmt, 5);
  r->aspect = column_dup (stmt, 6);
  r->timing = column_dup (stmt, 7);
  r->method = column_dup (stmt, 8);
  r->consistency = column_dup (stmt, 9);
  r->certainty = column_dup (stmt, 10);
  r->count = sqlite3_column_int (stmt, 11);
  r->size = column_dup (stmt, 12);
  r->appearance = column_dup (stmt, 13);
  r->note = column_dup (stmt, 14);
  r->author = column_dup (stmt, 15);
  r->created = column_dup (stmt, 16);
  return r;
}

/**
 * review_store_list_findings:
 *
 * The current (not deleted) findings on one photo, oldest first.
 * Returns: (transfer full) (element-type ReviewFindingRecord)
 */
GPtrArray *
review_store_list_findings (ReviewVault  *vault,
                            const char   *photo_uuid,
                            GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_finding_record_free);
  int rc;

  if (!review_db_prepare (db, FINDING_SELECT " WHERE deleted = 0 AND photo_id ="
                              " (SELECT id FROM photos WHERE uuid = ?) ORDER BY id",
                          &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, photo_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, finding_from_row (stmt));
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

ReviewFindingRecord *
review_store_get_finding (ReviewVault  *vault,
                          const char   *finding_uuid,
                          GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, FINDING_SELECT " WHERE uuid = ? AND deleted = 0", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, finding_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return finding_from_row (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *shown = review_text_quote (finding_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no finding “%s” in this vault."), shown);
    }
  else
    review_db_set_error (error, db, rc);
  return NULL;
}

gboolean
review_store_restore_finding (ReviewVault  *vault,
                              const char   *finding_uuid,
                              GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = review_db_now_iso8601 ();

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, "UPDATE findings SET deleted = 0, updated = ?"
                              " WHERE uuid = ? AND deleted = 1", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, finding_uuid, -1, SQLITE_STATIC);
  if (!review_db_step_done (db, sqlite3_step (stmt), error))
    goto fail;
  if (sqlite3_changes (db) != 1)
    {
      g_autofree char *shown = review_text_quote (finding_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no deleted finding “%s” to restore."), shown);
      goto fail;
    }
  if (!review_vault_audit (vault, "finding.restored", finding_uuid, "{}", error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/* --- persons ------------------------------------------------------------ */

/**
 * review_store_photo_persons:
 *
 * The persons this photo shows, merged persons followed to the record they
 * were merged into.
 * Returns: (transfer full): a %NULL-terminated array, possibly empty
 */
char **
review_store_photo_persons (ReviewVault  *vault,
                            const char   *photo_uuid,
                            GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (!review_db_prepare (db, "SELECT DISTINCT coalesce (pe.merged_into, pe.uuid)"
                              " FROM photo_persons pp JOIN persons pe ON pe.uuid = pp.person_uuid"
                              " WHERE pp.photo_id = (SELECT id FROM photos WHERE uuid = ?)"
                              " ORDER BY pe.id", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, photo_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_strv_builder_end (builder);
}

/* Every column of one row, found by UUID, as text. @table is one of the
 * callers' fixed names, never input. Sets @error to @missing (which names the
 * row) when there is none. */
static GHashTable *
row_fields (ReviewVault  *vault,
            const char   *table,
            const char   *uuid,
            char         *missing,
            GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE uuid = ?", table);
  g_autofree char *message = missing;
  GHashTable *fields;
  int rc;

  if (!review_db_prepare (db, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT, message);
      else
        review_db_set_error (error, db, rc);
      return NULL;
    }
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    g_hash_table_insert (fields, g_strdup (sqlite3_column_name (stmt, i)), column_dup (stmt, i));
  return fields;
}

/**
 * review_store_get_person:
 *
 * Returns: (transfer full): column name → value (text; "" for none)
 */
GHashTable *
review_store_get_person (ReviewVault  *vault,
                         const char   *person_uuid,
                         GError      **error)
{
  g_autofree char *shown = review_text_quote (person_uuid, -1);

  return row_fields (vault, "persons", person_uuid,
                     g_strdup_printf (_("There is no person “%s” in this vault."), shown),
                     error);
}

/**
 * review_store_find_persons:
 * @text: (nullable): part of a name, or a number exactly as transcribed
 *
 * Persons not merged into another, most recently changed first.
 * Returns: (transfer full) (element-type ReviewPersonHit)
 */
GPtrArray *
review_store_find_persons (ReviewVault  *vault,
                           const char   *text,
                           guint         limit,
                           GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_person_hit_free);
  /* Names are compared folded, as the search index does: case, accents,
   * Arabic diacritics and letter forms. */
  g_autofree char *folded = review_text_fold (text != NULL ? text : "");
  g_autofree char *like = review_db_like_contains (folded);
  int rc;

  if (!review_db_prepare (db,
                          "SELECT pe.uuid, pe.name_ar, pe.name_latin, pe.identification_status,"
                          " (SELECT group_concat (value, ', ') FROM identity_numbers n"
                          "   WHERE n.person_uuid = pe.uuid),"
                          " (SELECT count (*) FROM photo_persons pp"
                          "   WHERE pp.person_uuid = pe.uuid)"
                          " FROM persons pe WHERE pe.merged_into IS NULL AND"
                          " (?1 = '' OR review_fold (pe.name_ar) LIKE ?2 ESCAPE '\\'"
                          "  OR review_fold (pe.name_latin) LIKE ?2 ESCAPE '\\' OR pe.uuid = ?1"
                          "  OR EXISTS (SELECT 1 FROM identity_numbers n"
                          "    WHERE n.person_uuid = pe.uuid AND n.value = ?1))"
                          " ORDER BY pe.updated DESC, pe.id DESC LIMIT ?3", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, text != NULL ? text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, like, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewPersonHit *hit = g_new0 (ReviewPersonHit, 1);
      hit->uuid = column_dup (stmt, 0);
      hit->name_ar = column_dup (stmt, 1);
      hit->name_latin = column_dup (stmt, 2);
      hit->identification_status = column_dup (stmt, 3);
      hit->numbers = column_dup (stmt, 4);
      hit->n_photos = (guint) sqlite3_column_int (stmt, 5);
      g_ptr_array_add (list, hit);
    }
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* --- facilities --------------------------------------------------------- */

#define FACILITY_SELECT \
  "SELECT uuid, name_en, name_ar, type, branch_number, governorate, starter FROM facilities"

static ReviewFacilityHit *
facility_from_row (sqlite3_stmt *stmt)
{
  ReviewFacilityHit *hit = g_new0 (ReviewFacilityHit, 1);

  hit->uuid = column_dup (stmt, 0);
  hit->name_en = column_dup (stmt, 1);
  hit->name_ar = column_dup (stmt, 2);
  hit->type = column_dup (stmt, 3);
  hit->branch_number = column_dup (stmt, 4);
  hit->governorate = column_dup (stmt, 5);
  hit->starter = sqlite3_column_int (stmt, 6) != 0;
  return hit;
}

/**
 * review_store_find_facilities:
 * @text: (nullable): part of a name or alias in either language, or a branch
 *   number
 *
 * Returns: (transfer full) (element-type ReviewFacilityHit)
 */
GPtrArray *
review_store_find_facilities (ReviewVault  *vault,
                              const char   *text,
                              guint         limit,
                              GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_facility_hit_free);
  /* Names are compared folded, as the search index does: case, accents,
   * Arabic diacritics and letter forms. */
  g_autofree char *folded = review_text_fold (text != NULL ? text : "");
  g_autofree char *like = review_db_like_contains (folded);
  int rc;

  if (!review_db_prepare (db, FACILITY_SELECT " WHERE merged_into IS NULL AND"
                              " (?1 = '' OR review_fold (name_en) LIKE ?2 ESCAPE '\\'"
                              "  OR review_fold (name_ar) LIKE ?2 ESCAPE '\\'"
                              "  OR review_fold (aliases) LIKE ?2 ESCAPE '\\' OR branch_number = ?1"
                              "  OR uuid = ?1)"
                              " ORDER BY (branch_number = ?1) DESC, name_en LIMIT ?3",
                          &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, text != NULL ? text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, like, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, facility_from_row (stmt));
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

ReviewFacilityHit *
review_store_get_facility (ReviewVault  *vault,
                           const char   *facility_uuid,
                           GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* A facility merged into another answers as the one it was merged into. */
  if (!review_db_prepare (db, FACILITY_SELECT " WHERE uuid = (SELECT coalesce (merged_into, uuid)"
                              " FROM facilities WHERE uuid = ?)", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, facility_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return facility_from_row (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *shown = review_text_quote (facility_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no facility “%s” in this vault."), shown);
    }
  else
    review_db_set_error (error, db, rc);
  return NULL;
}

/* --- numbers, notes, status --------------------------------------------- */

GPtrArray *
review_store_list_numbers (ReviewVault  *vault,
                           const char   *person_uuid,
                           GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_number_record_free);
  int rc;

  if (!review_db_prepare (db, "SELECT n.uuid, n.kind, n.value, n.legibility, n.transcribed_by,"
                              " n.second_reader, coalesce (n.facility_uuid, ''),"
                              " coalesce (p.uuid, ''), n.region FROM identity_numbers n"
                              " LEFT JOIN photos p ON p.id = n.photo_id"
                              " WHERE n.person_uuid = ? ORDER BY n.id", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewNumberRecord *r = g_new0 (ReviewNumberRecord, 1);
      r->uuid = column_dup (stmt, 0);
      r->kind = column_dup (stmt, 1);
      r->value = column_dup (stmt, 2);
      r->legibility = column_dup (stmt, 3);
      r->transcribed_by = column_dup (stmt, 4);
      r->second_reader = column_dup (stmt, 5);
      r->facility_uuid = column_dup (stmt, 6);
      r->photo_uuid = column_dup (stmt, 7);
      r->region = column_dup (stmt, 8);
      g_ptr_array_add (list, r);
    }
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * review_store_list_notes:
 *
 * Notes on one photo or person, each original followed by its translations.
 */
GPtrArray *
review_store_list_notes (ReviewVault  *vault,
                         const char   *target_uuid,
                         GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_note_record_free);
  int rc;

  if (!review_db_prepare (db, "SELECT n.uuid, n.lang, n.text, coalesce (n.translation_of, ''),"
                              " n.author, n.created FROM notes n"
                              " LEFT JOIN notes o ON o.uuid = n.translation_of"
                              " WHERE n.target_uuid = ?"
                              " ORDER BY coalesce (o.id, n.id), n.translation_of IS NOT NULL, n.id",
                          &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, target_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewNoteRecord *r = g_new0 (ReviewNoteRecord, 1);
      r->uuid = column_dup (stmt, 0);
      r->lang = column_dup (stmt, 1);
      r->text = column_dup (stmt, 2);
      r->translation_of = column_dup (stmt, 3);
      r->author = column_dup (stmt, 4);
      r->created = column_dup (stmt, 5);
      g_ptr_array_add (list, r);
    }
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

char *
review_store_get_photo_status (ReviewVault  *vault,
                               const char   *photo_uuid,
                               GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, "SELECT status FROM photos WHERE uuid = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, photo_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_dup (stmt, 0);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *shown = review_text_quote (photo_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no photo “%s” in this vault."), shown);
    }
  else
    review_db_set_error (error, db, rc);
  return NULL;
}

/**
 * review_store_next_unreviewed:
 *
 * Returns: the id of the first unreviewed photo after @after_id (wrapping
 *   round to the start), 0 when there is none, -1 on error
 */
gint64
review_store_next_unreviewed (ReviewVault  *vault,
                              gint64        after_id,
                              GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (db, "SELECT id FROM photos WHERE status = 'unreviewed'"
                              " ORDER BY id <= ?, id LIMIT 1", &stmt, error))
    return -1;
  sqlite3_bind_int64 (stmt, 1, after_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return review_db_step_done (db, rc, error) ? 0 : -1;
}

/**
 * review_store_list_family_contacts:
 *
 * A person's family contacts. They are restricted: each reading is an
 * audit event that names the person and the count, never the content.
 * Returns: (transfer full) (element-type ReviewFamilyContact)
 */
GPtrArray *
review_store_list_family_contacts (ReviewVault  *vault,
                                   const char   *person_uuid,
                                   GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) review_family_contact_free);
  g_autofree char *details = NULL;
  int rc;

  if (!review_db_prepare (db, "SELECT uuid, name, relation, contact FROM family_contacts"
                              " WHERE person_uuid = ? ORDER BY id", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewFamilyContact *c = g_new0 (ReviewFamilyContact, 1);
      c->uuid = column_dup (stmt, 0);
      c->name = column_dup (stmt, 1);
      c->relation = column_dup (stmt, 2);
      c->contact = column_dup (stmt, 3);
      g_ptr_array_add (list, c);
    }
  if (!review_db_step_done (db, rc, error))
    return NULL;
  details = g_strdup_printf ("{\"count\":%u}", list->len);
  if (!review_vault_audit (vault, "person.family-viewed", person_uuid, details, error))
    return NULL;
  return g_steal_pointer (&list);
}

void
review_local_term_free (gpointer data)
{
  ReviewVocabEntry *e = data;

  if (e == NULL)
    return;
  g_free ((char *) e->code);
  g_free ((char *) e->en);
  g_free ((char *) e->ar);
  g_free (e);
}

GPtrArray *
review_store_list_local_terms (ReviewVault  *vault,
                               const char   *vocabulary,
                               GError      **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (review_local_term_free);
  int rc;

  if (!review_db_prepare (db, "SELECT code, en, ar FROM local_terms WHERE vocabulary = ?"
                              " ORDER BY created, code", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, vocabulary, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewVocabEntry *e = g_new0 (ReviewVocabEntry, 1);
      e->code = column_dup (stmt, 0);
      e->en = column_dup (stmt, 1);
      e->ar = column_dup (stmt, 2);
      g_ptr_array_add (list, e);
    }
  if (!review_db_step_done (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * review_store_get_facility_fields:
 *
 * Every column of one facility (as stored; not following a merge).
 * Returns: (transfer full): column name → value as text ("" for none)
 */
GHashTable *
review_store_get_facility_fields (ReviewVault  *vault,
                                  const char   *facility_uuid,
                                  GError      **error)
{
  g_autofree char *shown = review_text_quote (facility_uuid, -1);

  return row_fields (vault, "facilities", facility_uuid,
                     g_strdup_printf (_("There is no facility “%s” in this vault."), shown),
                     error);
}

/* How many photos show this person (0 on error): a person's "body set". */
guint
review_store_count_person_photos (ReviewVault *vault,
                                  const char  *person_uuid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!review_db_prepare (review_vault_get_db (vault),
                          "SELECT count (*) FROM photo_persons WHERE person_uuid = ?", &stmt,
                          NULL))
    return 0;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}
