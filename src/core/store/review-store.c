/* review-store.c
 *
 * Every edit is one transaction with its audit event (before and after
 * values), so an edit shown as saved is committed, and never without its
 * trace. Restricted changes follow the local profile's role: roles shape the
 * workflow on one machine, they are not access control.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-damage.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-store.h"
#include "review-text.h"
#include "review-vocab.h"
#include "review-vault-private.h"

static const char * const statuses[] = {
  "unreviewed", "in-progress", "done", "second-review", "verified",
};

gboolean
review_status_is_valid (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
hit_free (ReviewSearchHit *hit)
{
  g_free (hit->uuid);
  g_free (hit->sha256);
  g_free (hit->status);
  g_free (hit->damage);
  g_free (hit->file_name);
  g_clear_pointer (&hit->file_name_raw, g_bytes_unref);
  g_free (hit);
}

void
review_search_result_free (ReviewSearchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->hits, g_ptr_array_unref);
  g_free (result);
}

/**
 * review_store_search:
 *
 * Photos matching every given filter, in import order. Persons and
 * facilities merged into others are followed.
 */
ReviewSearchResult *
review_store_search (ReviewVault         *vault,
                     const ReviewSearch  *q,
                     GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT p.id, p.uuid, p.sha256, p.status, p.file_name,"
                                         " p.file_name_raw, p.damage, p.damage_row, p.height"
                                         " FROM photos p WHERE 1");
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ReviewSearchResult *result;
  int rc;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault) && q != NULL, NULL);

  if (q->status != NULL)
    {
      if (!review_status_is_valid (q->status))
        {
          g_autofree char *shown = review_text_quote (q->status, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown review status “%s”: use unreviewed, in-progress, done, "
                         "second-review or verified."), shown);
          return NULL;
        }
      g_string_append (sql, " AND p.status = ?");
      g_ptr_array_add (binds, g_strdup (q->status));
    }
  if (q->damaged)
    g_string_append (sql, " AND p.damage <> 0");
  if (q->finding != NULL)
    {
      /* Each filter is a set of photo ids, found from its own side through
       * its index, not tested photo by photo: at 55,000 photos that is the
       * difference between milliseconds and a tenth of a second. */
      g_string_append (sql, " AND p.id IN (SELECT f.photo_id FROM findings f"
                            " WHERE f.finding_type = ? AND f.deleted = 0)");
      g_ptr_array_add (binds, g_strdup (q->finding));
    }
  if (q->region != NULL)
    {
      g_string_append (sql, " AND p.id IN (SELECT f.photo_id FROM findings f"
                            " WHERE f.body_region = ? AND f.deleted = 0)");
      g_ptr_array_add (binds, g_strdup (q->region));
    }
  if (q->person != NULL)
    {
      g_string_append (sql, " AND p.id IN (SELECT pp.photo_id FROM persons pe"
                            " JOIN photo_persons pp ON pp.person_uuid = pe.uuid"
                            " WHERE pe.uuid = ? OR pe.merged_into = ?)");
      g_ptr_array_add (binds, g_strdup (q->person));
      g_ptr_array_add (binds, g_strdup (q->person));
    }
  if (q->facility != NULL)
    {
      g_autofree char *like = review_db_like_contains (q->facility);
      /* A facility merged into another stands for the one it was merged into. */
      g_string_append (sql, " AND p.id IN (SELECT pp.photo_id FROM persons pe"
                            " JOIN photo_persons pp ON pp.person_uuid = pe.uuid"
                            " WHERE pe.facility_uuid IN (SELECT coalesce (fa.merged_into, fa.uuid)"
                            " FROM facilities fa WHERE fa.uuid = ? OR fa.name_en = ? COLLATE NOCASE"
                            " OR fa.name_ar = ? OR fa.aliases LIKE ? ESCAPE '\\'))");
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_steal_pointer (&like));
    }
  if (q->number != NULL)
    {
      g_string_append (sql, " AND p.id IN (SELECT n.photo_id FROM identity_numbers n"
                            " WHERE n.value = ? AND n.photo_id IS NOT NULL"
                            " UNION SELECT pp.photo_id FROM identity_numbers n"
                            " JOIN photo_persons pp ON pp.person_uuid = n.person_uuid"
                            " WHERE n.value = ?)");
      g_ptr_array_add (binds, g_strdup (q->number));
      g_ptr_array_add (binds, g_strdup (q->number));
    }
  if (q->text != NULL)
    {
      /* The full-text index (migration 5): every word as a prefix, folded
       * as the index is. Text with no letter or digit filters nothing. */
      g_autofree char *match = review_text_match_query (q->text);
      if (match != NULL)
        {
          g_string_append (sql, " AND p.id IN (SELECT rowid FROM search_text"
                                " WHERE search_text MATCH ?)");
          g_ptr_array_add (binds, g_steal_pointer (&match));
        }
    }
  g_string_append (sql, " ORDER BY p.id");

  if (!review_db_prepare (review_vault_get_db (vault), sql->str, &stmt, error))
    return NULL;
  for (guint i = 0; i < binds->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (binds, i), -1, SQLITE_STATIC);

  result = g_new0 (ReviewSearchResult, 1);
  result->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewSearchHit *hit;

      result->total++;
      if (q->limit > 0 && result->hits->len >= q->limit)
        continue;
      hit = g_new0 (ReviewSearchHit, 1);
      hit->id = sqlite3_column_int64 (stmt, 0);
      hit->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->status = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        hit->file_name_raw = g_bytes_new (sqlite3_column_blob (stmt, 5),
                                          (gsize) sqlite3_column_bytes (stmt, 5));
      {
        ReviewDecoderDamage damage = (ReviewDecoderDamage) sqlite3_column_int (stmt, 6);
        hit->damage = review_damage_describe (damage, (guint32) sqlite3_column_int64 (stmt, 7),
                                              (guint32) sqlite3_column_int64 (stmt, 8));
        hit->damage_code = review_damage_code (damage);
      }
      g_ptr_array_add (result->hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, review_vault_get_db (vault), rc);
      review_search_result_free (result);
      return NULL;
    }
  return result;
}

/**
 * review_store_set_photo_status:
 *
 * One transaction: the change and its audit event with before and after.
 * "verified" is a supervisor's status.
 */
gboolean
review_store_set_photo_status (ReviewVault  *vault,
                               const char   *photo_uuid,
                               const char   *status,
                               GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL;
  g_autofree char *details = NULL;
  int rc;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (!review_status_is_valid (status))
    {
      g_autofree char *shown = review_text_quote (status, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown review status “%s”: use unreviewed, in-progress, done, "
                     "second-review or verified."), shown);
      return FALSE;
    }
  if (g_str_equal (status, "verified") &&
      review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can mark a photo as verified."));
      return FALSE;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, "SELECT status FROM photos WHERE uuid = ?", &get, error))
    goto fail;
  sqlite3_bind_text (get, 1, photo_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (get);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_autofree char *shown = review_text_quote (photo_uuid, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("There is no photo “%s” in this vault."), shown);
        }
      else
        review_db_set_error (error, db, rc);
      goto fail;
    }
  before = g_strdup ((const char *) sqlite3_column_text (get, 0));
  if (g_strcmp0 (before, status) == 0)
    return TRUE;
  if (!review_db_prepare (db, "UPDATE photos SET status = ? WHERE uuid = ?", &set, error))
    goto fail;
  sqlite3_bind_text (set, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 2, photo_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (set) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, "status");
  json_builder_set_member_name (b, "before");
  json_builder_add_string_value (b, before);
  json_builder_set_member_name (b, "after");
  json_builder_add_string_value (b, status);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  details = json_to_string (root, FALSE);
  if (!review_vault_audit (vault, "photo.status", photo_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/* --- findings ----------------------------------------------------------- */

static ReviewVocab *
shared_vocab (void)
{
  static gsize once = 0;
  static ReviewVocab *vocab = NULL;

  if (g_once_init_enter (&once))
    {
      vocab = review_vocab_load (NULL);
      g_once_init_leave (&once, 1);
    }
  return vocab;
}

/* A code is valid when the vocabulary has it, or the vault's local terms do. */
static gboolean
code_known (ReviewVault *vault,
            const char  *list,
            const char  *code)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (shared_vocab () != NULL && review_vocab_lookup (shared_vocab (), list, code) != NULL)
    return TRUE;
  if (!review_db_prepare (review_vault_get_db (vault),
                          "SELECT 1 FROM local_terms WHERE vocabulary = ? AND code = ?", &stmt,
                          NULL))
    return FALSE;
  sqlite3_bind_text (stmt, 1, list, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static const char * const shape_names[] = { "rect", "ellipse", "polygon" };

static gboolean
validate_finding (ReviewVault          *vault,
                  const ReviewFinding  *f,
                  GError              **error)
{
  static const struct { gsize offset; const char *list; } codes[] = {
    { G_STRUCT_OFFSET (ReviewFinding, body_region), "body_regions" },
    { G_STRUCT_OFFSET (ReviewFinding, laterality), "laterality" },
    { G_STRUCT_OFFSET (ReviewFinding, aspect), "aspect" },
    { G_STRUCT_OFFSET (ReviewFinding, timing), "timing" },
    { G_STRUCT_OFFSET (ReviewFinding, method), "methods" },
    { G_STRUCT_OFFSET (ReviewFinding, consistency), "consistency" },
    { G_STRUCT_OFFSET (ReviewFinding, certainty), "certainty" },
  };
  gboolean box = f->shape == REVIEW_SHAPE_RECT || f->shape == REVIEW_SHAPE_ELLIPSE;

  if ((guint) f->shape >= G_N_ELEMENTS (shape_names) || f->points == NULL ||
      (box && f->n_points != 4) ||
      (!box && (f->n_points < 6 || f->n_points % 2 != 0)))
    goto bad_region;
  for (guint i = 0; i < f->n_points; i++)
    if (!(f->points[i] >= 0.0 && f->points[i] <= 1.0))
      goto bad_region;
  if (box && (f->points[2] <= 0 || f->points[3] <= 0 ||
              f->points[0] + f->points[2] > 1.0 + 1e-9 ||
              f->points[1] + f->points[3] > 1.0 + 1e-9))
    goto bad_region;

  if (f->finding_type == NULL || !code_known (vault, "finding_types", f->finding_type))
    {
      g_autofree char *shown = review_text_quote (f->finding_type, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown finding type “%s”."), shown);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *code = G_STRUCT_MEMBER (const char *, f, codes[i].offset);
      if (code != NULL && *code != '\0' && !code_known (vault, codes[i].list, code))
        {
          g_autofree char *shown = review_text_quote (code, -1);
          /* Translators: %s is a code, such as “forearm” */
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown code “%s”."), shown);
          return FALSE;
        }
    }
  /* Attributing a method, or a consistency level, is a supervisor's call. */
  if (((f->method != NULL && *f->method != '\0') ||
       (f->consistency != NULL && *f->consistency != '\0')) &&
      review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can attribute a method or a consistency level."));
      return FALSE;
    }
  return TRUE;

bad_region:
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("The region is not a valid shape inside the photo."));
  return FALSE;
}

static char *
points_json (const ReviewFinding *f)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < f->n_points; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (s, "%s%s", i ? "," : "",
                              g_ascii_formatd (buf, sizeof buf, "%.6f", f->points[i]));
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The stored fields, in one order, for SQL and for audit records. */
static const char * const finding_columns[] = {
  "shape", "geometry", "finding_type", "body_region", "laterality", "aspect", "count", "size",
  "appearance", "timing", "method", "consistency", "certainty", "note",
};

static void
finding_values (const ReviewFinding *f,
                char                *values[G_N_ELEMENTS (finding_columns)])
{
  values[0] = g_strdup (shape_names[f->shape]);
  values[1] = points_json (f);
  values[2] = g_strdup (f->finding_type);
  values[3] = g_strdup (f->body_region ? f->body_region : "");
  values[4] = g_strdup (f->laterality ? f->laterality : "");
  values[5] = g_strdup (f->aspect ? f->aspect : "");
  values[6] = f->count > 0 ? g_strdup_printf ("%d", f->count) : g_strdup ("");
  values[7] = g_strdup (f->size ? f->size : "");
  values[8] = g_strdup (f->appearance ? f->appearance : "");
  values[9] = g_strdup (f->timing && *f->timing ? f->timing : "unclear");
  values[10] = g_strdup (f->method ? f->method : "");
  values[11] = g_strdup (f->consistency ? f->consistency : "");
  values[12] = g_strdup (f->certainty ? f->certainty : "");
  values[13] = g_strdup (f->note ? f->note : "");
}

static void
values_free (char **values)
{
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    g_free (values[i]);
}

static gboolean
read_finding (sqlite3    *db,
              const char *uuid,
              char       *values[G_N_ELEMENTS (finding_columns)],
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", finding_columns[i]);
  g_string_append (sql, " FROM findings WHERE uuid = ? AND deleted = 0");
  if (!review_db_prepare (db, sql->str, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_autofree char *shown = review_text_quote (uuid, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("There is no finding “%s” in this vault."), shown);
        }
      else
        review_db_set_error (error, db, rc);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    values[i] = g_strdup (sqlite3_column_type (stmt, (int) i) == SQLITE_NULL
                          ? "" : (const char *) sqlite3_column_text (stmt, (int) i));
  return TRUE;
}

/* {"before": {...}, "after": {...}} with only the fields that differ;
 * either side may be NULL (created, deleted). */
static char *
change_details (char       **before,
                char       **after,
                const char  *photo_uuid)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (photo_uuid != NULL)
    {
      json_builder_set_member_name (b, "photo");
      json_builder_add_string_value (b, photo_uuid);
    }
  for (int side = 0; side < 2; side++)
    {
      char **v = side == 0 ? before : after;
      if (v == NULL)
        continue;
      json_builder_set_member_name (b, side == 0 ? "before" : "after");
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
        if (before == NULL || after == NULL || g_strcmp0 (before[i], after[i]) != 0)
          {
            json_builder_set_member_name (b, finding_columns[i]);
            json_builder_add_string_value (b, v[i]);
          }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
bind_values (sqlite3_stmt *stmt,
             int           first,
             char        **values)
{
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    {
      if (g_str_equal (finding_columns[i], "count"))
        {
          if (*values[i] == '\0')
            sqlite3_bind_null (stmt, first + (int) i);
          else
            sqlite3_bind_int64 (stmt, first + (int) i, g_ascii_strtoll (values[i], NULL, 10));
        }
      else
        sqlite3_bind_text (stmt, first + (int) i, values[i], -1, SQLITE_STATIC);
    }
}

/**
 * review_store_add_finding:
 *
 * Returns: (transfer full): the new finding's UUID, or %NULL with @error.
 */
char *
review_store_add_finding (ReviewVault          *vault,
                          const char           *photo_uuid,
                          const ReviewFinding  *finding,
                          GError              **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) photo = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autoptr(GString) sql = g_string_new ("INSERT INTO findings (uuid, photo_id, photo_sha256, "
                                         "author, created, updated");
  char *values[G_N_ELEMENTS (finding_columns)] = { NULL };
  gint64 photo_id;
  int rc;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault) && finding != NULL, NULL);

  if (!validate_finding (vault, finding, error))
    return NULL;
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!review_db_prepare (db, "SELECT id, sha256 FROM photos WHERE uuid = ?", &photo, error))
    goto fail;
  sqlite3_bind_text (photo, 1, photo_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (photo) != SQLITE_ROW)
    {
      g_autofree char *shown = review_text_quote (photo_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no photo “%s” in this vault."), shown);
      goto fail;
    }
  photo_id = sqlite3_column_int64 (photo, 0);

  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    g_string_append_printf (sql, ", %s", finding_columns[i]);
  g_string_append (sql, ") VALUES (?, ?, ?, ?, ?, ?");
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
  if (!review_db_prepare (db, sql->str, &insert, error))
    goto fail;
  finding_values (finding, values);
  sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, photo_id);
  sqlite3_bind_text (insert, 3, (const char *) sqlite3_column_text (photo, 1), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, review_profile_get_id (review_vault_get_profile (vault)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, now, -1, SQLITE_STATIC);
  bind_values (insert, 7, values);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      goto fail;
    }
  details = change_details (NULL, values, photo_uuid);
  if (!review_vault_audit (vault, "finding.created", uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  values_free (values);
  return g_steal_pointer (&uuid);

fail:
  values_free (values);
  return NULL;
}

gboolean
review_store_update_finding (ReviewVault          *vault,
                             const char           *finding_uuid,
                             const ReviewFinding  *finding,
                             GError              **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GString) sql = g_string_new ("UPDATE findings SET updated = ?");
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;
  char *before[G_N_ELEMENTS (finding_columns)] = { NULL };
  char *after[G_N_ELEMENTS (finding_columns)] = { NULL };
  gboolean changed = FALSE;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault) && finding != NULL, FALSE);

  if (!validate_finding (vault, finding, error))
    return FALSE;
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!read_finding (db, finding_uuid, before, error))
    goto fail;
  finding_values (finding, after);
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    changed |= g_strcmp0 (before[i], after[i]) != 0;
  if (!changed)
    {
      values_free (before);
      values_free (after);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (finding_columns); i++)
    g_string_append_printf (sql, ", %s = ?", finding_columns[i]);
  g_string_append (sql, " WHERE uuid = ?");
  if (!review_db_prepare (db, sql->str, &update, error))
    goto fail;
  sqlite3_bind_text (update, 1, now, -1, SQLITE_STATIC);
  bind_values (update, 2, after);
  sqlite3_bind_text (update, 2 + (int) G_N_ELEMENTS (finding_columns), finding_uuid, -1,
                     SQLITE_STATIC);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = change_details (before, after, NULL);
  if (!review_vault_audit (vault, "finding.changed", finding_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  values_free (before);
  values_free (after);
  return TRUE;

fail:
  values_free (before);
  values_free (after);
  return FALSE;
}

/* Findings are never erased: deleting marks them, and the audit keeps what
 * they said. */
gboolean
review_store_delete_finding (ReviewVault  *vault,
                             const char   *finding_uuid,
                             GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autofree char *details = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  char *before[G_N_ELEMENTS (finding_columns)] = { NULL };

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!read_finding (db, finding_uuid, before, error) ||
      !review_db_prepare (db, "UPDATE findings SET deleted = 1, updated = ? WHERE uuid = ?",
                          &del, error))
    goto fail;
  sqlite3_bind_text (del, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (del, 2, finding_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (del) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = change_details (before, NULL, NULL);
  if (!review_vault_audit (vault, "finding.deleted", finding_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  values_free (before);
  return TRUE;

fail:
  values_free (before);
  return FALSE;
}

/* --- persons ------------------------------------------------------------ */

static const char * const person_fields[] = {
  "name_ar", "name_latin", "father_name", "mother_name", "sex", "age_min", "age_max",
  "arrest_date", "last_seen", "death_recorded", "death_alleged", "distinctive_marks",
  "facility_uuid",
};

static gboolean
person_field_known (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    if (g_strcmp0 (field, person_fields[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
field_details (const char *field,
               const char *before,
               const char *after)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, field);
  if (before != NULL)
    {
      json_builder_set_member_name (b, "before");
      json_builder_add_string_value (b, before);
    }
  if (after != NULL)
    {
      json_builder_set_member_name (b, "after");
      json_builder_add_string_value (b, after);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
person_exists (sqlite3    *db,
               const char *uuid,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!review_db_prepare (db, "SELECT 1 FROM persons WHERE uuid = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_autofree char *shown = review_text_quote (uuid, -1);
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
               _("There is no person “%s” in this vault."), shown);
  return FALSE;
}

char *
review_store_create_person (ReviewVault  *vault,
                            GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!review_db_prepare (db, "INSERT INTO persons (uuid, created, updated) VALUES (?, ?, ?)",
                          &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  if (!review_vault_audit (vault, "person.created", uuid, "{}", error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return g_steal_pointer (&uuid);

fail:
  return NULL;
}

typedef enum
{
  FIELD_TEXT,
  FIELD_INTEGER,
  FIELD_REAL,
  FIELD_REFERENCE,   /* a UUID; empty clears it */
} FieldKind;

/* Sets one column of one row (found by UUID) in its own transaction, with an
 * audit event holding the field, before and after. @table and @field come
 * from the callers' fixed lists, never from input; @value is already
 * validated. */
static gboolean
set_row_field (ReviewVault  *vault,
               const char   *table,
               const char   *uuid,
               const char   *field,
               FieldKind     kind,
               const char   *value,
               const char   *action,
               const char   *missing,
               GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autofree char *sql_get = g_strdup_printf ("SELECT coalesce (%s, '') FROM %s WHERE uuid = ?",
                                              field, table);
  /* Identity numbers keep no "updated" column: the audit trail has it. */
  g_autofree char *sql_set = g_strdup_printf ("UPDATE %s SET %s = ?1%s WHERE uuid = ?3",
                                              table, field,
                                              g_str_equal (table, "identity_numbers")
                                              ? "" : ", updated = ?2");
  g_autofree char *before = NULL;
  g_autofree char *details = NULL;
  g_autofree char *now = review_db_now_iso8601 ();

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, sql_get, &get, error))
    goto fail;
  sqlite3_bind_text (get, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (get) != SQLITE_ROW)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT, missing);
      goto fail;
    }
  before = g_strdup ((const char *) sqlite3_column_text (get, 0));
  if (g_strcmp0 (before, value) == 0)
    return TRUE;
  if (!review_db_prepare (db, sql_set, &set, error))
    goto fail;
  if (kind != FIELD_TEXT && *value == '\0')
    sqlite3_bind_null (set, 1);
  else if (kind == FIELD_INTEGER)
    sqlite3_bind_int64 (set, 1, g_ascii_strtoll (value, NULL, 10));
  else if (kind == FIELD_REAL)
    sqlite3_bind_double (set, 1, g_ascii_strtod (value, NULL));
  else
    sqlite3_bind_text (set, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 3, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (set) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details (field, before, value);
  if (!review_vault_audit (vault, action, uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/**
 * review_store_set_person_field:
 * @value: (nullable): the new value; %NULL or "" clears it
 */
gboolean
review_store_set_person_field (ReviewVault  *vault,
                               const char   *person_uuid,
                               const char   *field,
                               const char   *value,
                               GError      **error)
{
  gboolean numeric = g_str_has_prefix (field, "age_");
  g_autofree char *missing = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (!person_field_known (field))
    {
      g_autofree char *shown = review_text_quote (field, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("A person has no field “%s”."), shown);
      return FALSE;
    }
  if (value == NULL)
    value = "";
  if (numeric && *value != '\0')
    {
      char *end = NULL;
      gint64 age = g_ascii_strtoll (value, &end, 10);
      if (end == value || *end != '\0' || age < 0 || age > 130)
        {
          g_autofree char *shown = review_text_quote (value, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("An age is a whole number of years from 0 to 130, not “%s”."), shown);
          return FALSE;
        }
    }
  g_autofree char *shown = review_text_quote (person_uuid, -1);
  missing = g_strdup_printf (_("There is no person “%s” in this vault."), shown);
  return set_row_field (vault, "persons", person_uuid, field,
                        numeric ? FIELD_INTEGER
                                : g_str_equal (field, "facility_uuid") ? FIELD_REFERENCE
                                                                       : FIELD_TEXT,
                        value, "person.changed", missing, error);
}

gboolean
review_store_link_photo (ReviewVault  *vault,
                         const char   *person_uuid,
                         const char   *photo_uuid,
                         gboolean      linked,
                         GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!person_exists (db, person_uuid, error) ||
      !review_db_prepare (db, linked
                              ? "INSERT OR IGNORE INTO photo_persons (photo_id, person_uuid)"
                                " SELECT id, ?2 FROM photos WHERE uuid = ?1"
                              : "DELETE FROM photo_persons WHERE person_uuid = ?2 AND photo_id ="
                                " (SELECT id FROM photos WHERE uuid = ?1)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, photo_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, person_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  if (sqlite3_changes (db) == 0)
    return TRUE;
  details = field_details ("photo", linked ? NULL : photo_uuid, linked ? photo_uuid : NULL);
  if (!review_vault_audit (vault, linked ? "person.photo-linked" : "person.photo-unlinked",
                           person_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/**
 * review_store_set_identification:
 * @awaiting_second: (out): set when "confirmed" now waits for a second person
 *
 * "confirmed" needs two different people: the first to ask for it is
 * recorded and the status stays as it was until a second profile confirms.
 */
gboolean
review_store_set_identification (ReviewVault  *vault,
                                 const char   *person_uuid,
                                 const char   *status,
                                 const char   *basis,
                                 gboolean     *awaiting_second,
                                 GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  static const char * const valid[] = { "unidentified", "possible", "probable", "confirmed",
                                        "excluded" };
  sqlite3 *db = review_vault_get_db (vault);
  const char *me = review_profile_get_id (review_vault_get_profile (vault));
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autofree char *before = NULL;
  g_autofree char *first = NULL;
  g_autofree char *details = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  const char *new_status = status;
  const char *confirmed_by = "";
  const char *second = "";
  g_autofree char *keep_second = NULL;
  gboolean ok_status = FALSE;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  if (awaiting_second)
    *awaiting_second = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    ok_status |= g_strcmp0 (status, valid[i]) == 0;
  if (!ok_status)
    {
      g_autofree char *shown = review_text_quote (status, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown identification status “%s”."), shown);
      return FALSE;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!person_exists (db, person_uuid, error) ||
      !review_db_prepare (db, "SELECT identification_status, confirmed_by FROM persons"
                              " WHERE uuid = ?", &get, error))
    goto fail;
  sqlite3_bind_text (get, 1, person_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (get) != SQLITE_ROW)
    goto fail;
  before = g_strdup ((const char *) sqlite3_column_text (get, 0));
  first = g_strdup ((const char *) sqlite3_column_text (get, 1));
  if (g_str_equal (before, status) && basis == NULL)
    return TRUE;

  if (g_str_equal (status, "confirmed") && g_str_equal (before, "confirmed"))
    {
      g_autoptr(sqlite3_stmt) s2 = NULL;
      if (!review_db_prepare (db, "SELECT second_confirmed_by FROM persons WHERE uuid = ?", &s2,
                              error))
        goto fail;
      sqlite3_bind_text (s2, 1, person_uuid, -1, SQLITE_STATIC);
      if (sqlite3_step (s2) == SQLITE_ROW)
        keep_second = g_strdup ((const char *) sqlite3_column_text (s2, 0));
      confirmed_by = first;
      second = keep_second ? keep_second : "";
    }
  else if (g_str_equal (status, "confirmed"))
    {
      if (*first == '\0')
        {
          /* The first of two: recorded, the status waits. */
          new_status = before;
          confirmed_by = me;
          if (awaiting_second)
            *awaiting_second = TRUE;
        }
      else if (g_str_equal (first, me))
        {
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                               _("A confirmed identification needs a second person: you have "
                                 "already confirmed this one."));
          goto fail;
        }
      else
        {
          confirmed_by = first;
          second = me;
        }
    }

  if (!review_db_prepare (db, "UPDATE persons SET identification_status = ?,"
                              " identification_basis = coalesce (?, identification_basis),"
                              " confirmed_by = ?, second_confirmed_by = ?, updated = ?"
                              " WHERE uuid = ?", &set, error))
    goto fail;
  sqlite3_bind_text (set, 1, new_status, -1, SQLITE_STATIC);
  if (basis != NULL)
    sqlite3_bind_text (set, 2, basis, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (set, 2);
  sqlite3_bind_text (set, 3, confirmed_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 4, second, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 6, person_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (set) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details ("identification_status", before, new_status);
  if (!review_vault_audit (vault, awaiting_second && *awaiting_second
                                  ? "person.confirmation-requested" : "person.changed",
                           person_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/**
 * review_store_add_family_contact:
 *
 * Family contact data is restricted: its audit row says only that a contact
 * was added, never who or how, so it can be erased when a family asks.
 */
char *
review_store_add_family_contact (ReviewVault  *vault,
                                 const char   *person_uuid,
                                 const char   *name,
                                 const char   *relation,
                                 const char   *contact,
                                 GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!person_exists (db, person_uuid, error) ||
      !review_db_prepare (db, "INSERT INTO family_contacts (uuid, person_uuid, name, relation,"
                              " contact, created) VALUES (?, ?, ?, ?, ?, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, person_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name ? name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, relation ? relation : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, contact ? contact : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = g_strdup_printf ("{\"field\":\"family_contact\",\"contact\":\"%s\",\"change\":"
                             "\"added\"}", uuid);
  if (!review_vault_audit (vault, "person.family-contact", person_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return g_steal_pointer (&uuid);

fail:
  return NULL;
}

/* --- identity numbers --------------------------------------------------- */

char *
review_store_add_number (ReviewVault  *vault,
                         const char   *person_uuid,
                         const char   *kind,
                         const char   *value,
                         const char   *photo_uuid,
                         const char   *legibility,
                         GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  static const char * const kinds[] = { "detainee", "branch", "forensic", "hospital" };
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *stripped = NULL;
  gboolean kind_ok = FALSE;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_ok |= g_strcmp0 (kind, kinds[i]) == 0;
  if (!kind_ok)
    {
      g_autofree char *shown = review_text_quote (kind, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown kind of number “%s”: use detainee, branch, forensic or hospital."),
                   shown);
      return NULL;
    }
  if (value == NULL || *g_strstrip (stripped = g_strdup (value)) == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A number cannot be empty; record an illegible one as illegible."));
      return NULL;
    }
  if (legibility == NULL)
    legibility = "clear";
  if (!code_known (vault, "legibility", legibility))
    {
      g_autofree char *shown = review_text_quote (legibility, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown code “%s”."), shown);
      return NULL;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!person_exists (db, person_uuid, error) ||
      !review_db_prepare (db, "INSERT INTO identity_numbers (uuid, person_uuid, kind, value,"
                              " photo_id, transcribed_by, legibility, created) VALUES (?, ?, ?, ?,"
                              " (SELECT id FROM photos WHERE uuid = ?), ?, ?, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, person_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  /* Kept exactly as transcribed: searches match it exactly. */
  sqlite3_bind_text (stmt, 4, value, -1, SQLITE_STATIC);
  if (photo_uuid != NULL)
    sqlite3_bind_text (stmt, 5, photo_uuid, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, review_profile_get_id (review_vault_get_profile (vault)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, legibility, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details (kind, NULL, value);
  if (!review_vault_audit (vault, "person.number-added", person_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return g_steal_pointer (&uuid);

fail:
  return NULL;
}

/**
 * review_store_second_read:
 *
 * Records the local profile as the number's second reader; the second reader
 * must not be the person who transcribed it.
 */
gboolean
review_store_second_read (ReviewVault  *vault,
                          const char   *number_uuid,
                          GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  const char *me = review_profile_get_id (review_vault_get_profile (vault));
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autofree char *person = NULL;
  g_autofree char *details = NULL;

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, "SELECT transcribed_by, person_uuid FROM identity_numbers"
                              " WHERE uuid = ?", &get, error))
    goto fail;
  sqlite3_bind_text (get, 1, number_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (get) != SQLITE_ROW)
    {
      g_autofree char *shown = review_text_quote (number_uuid, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("There is no number “%s” in this vault."), shown);
      goto fail;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (get, 0), me) == 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The second reader of a number must be someone other than the "
                             "person who transcribed it."));
      goto fail;
    }
  person = g_strdup ((const char *) sqlite3_column_text (get, 1));
  if (!review_db_prepare (db, "UPDATE identity_numbers SET second_reader = ? WHERE uuid = ?",
                          &set, error))
    goto fail;
  sqlite3_bind_text (set, 1, me, -1, SQLITE_STATIC);
  sqlite3_bind_text (set, 2, number_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (set) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details ("second_reader", NULL, number_uuid);
  if (!review_vault_audit (vault, "person.number-second-read", person, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/* --- facilities --------------------------------------------------------- */

static const char * const facility_fields[] = {
  "name_en", "name_ar", "aliases", "type", "branch_number", "agency", "parent_uuid",
  "governorate", "latitude", "longitude", "precision", "sources",
};

char *
review_store_create_facility (ReviewVault  *vault,
                              const char   *name_en,
                              const char   *name_ar,
                              const char   *type,
                              GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  if ((name_en == NULL || *name_en == '\0') && (name_ar == NULL || *name_ar == '\0'))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A facility needs a name, in English or in Arabic."));
      return NULL;
    }
  if (type == NULL)
    type = "other";
  if (!code_known (vault, "facility_type", type))
    {
      g_autofree char *shown = review_text_quote (type, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown code “%s”."), shown);
      return NULL;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!review_db_prepare (db, "INSERT INTO facilities (uuid, name_en, name_ar, type, created,"
                              " updated) VALUES (?, ?, ?, ?, ?, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name_en ? name_en : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name_ar ? name_ar : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details ("name_en", NULL, name_en ? name_en : "");
  if (!review_vault_audit (vault, "facility.created", uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return g_steal_pointer (&uuid);

fail:
  return NULL;
}

gboolean
review_store_set_facility_field (ReviewVault  *vault,
                                 const char   *facility_uuid,
                                 const char   *field,
                                 const char   *value,
                                 GError      **error)
{
  gboolean known = FALSE, number;
  g_autofree char *missing = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (facility_fields); i++)
    known |= g_strcmp0 (field, facility_fields[i]) == 0;
  if (!known)
    {
      g_autofree char *shown = review_text_quote (field, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("A facility has no field “%s”."), shown);
      return FALSE;
    }
  if (value == NULL)
    value = "";
  number = g_str_equal (field, "latitude") || g_str_equal (field, "longitude");
  if (number && *value != '\0')
    {
      char *end = NULL;
      double v = g_ascii_strtod (value, &end);
      double limit = g_str_equal (field, "latitude") ? 90 : 180;
      if (end == value || *end != '\0' || v < -limit || v > limit)
        {
          g_autofree char *shown = review_text_quote (value, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid coordinate."), shown);
          return FALSE;
        }
    }
  if (g_str_equal (field, "type") && !code_known (vault, "facility_type", value))
    {
      g_autofree char *shown = review_text_quote (value, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown code “%s”."), shown);
      return FALSE;
    }
  g_autofree char *shown = review_text_quote (facility_uuid, -1);
  missing = g_strdup_printf (_("There is no facility “%s” in this vault."), shown);
  return set_row_field (vault, "facilities", facility_uuid, field,
                        number ? FIELD_REAL
                               : g_str_equal (field, "parent_uuid") ? FIELD_REFERENCE
                                                                    : FIELD_TEXT,
                        value, "facility.changed", missing, error);
}

/* --- merging, notes, local terms ---------------------------------------- */

/**
 * review_store_merge_persons:
 *
 * Two records turned out to be one person: @from_uuid's photos and numbers
 * move to @into_uuid, and @from_uuid is kept, marked as merged, so that
 * references from other vaults still resolve.
 */
gboolean
review_store_merge_persons (ReviewVault  *vault,
                            const char   *from_uuid,
                            const char   *into_uuid,
                            GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autofree char *details = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  const char *moves[] = {
    ("INSERT OR IGNORE INTO photo_persons (photo_id, person_uuid)"
     " SELECT photo_id, ?2 FROM photo_persons WHERE person_uuid = ?1"),
    "DELETE FROM photo_persons WHERE person_uuid = ?1",
    "UPDATE identity_numbers SET person_uuid = ?2 WHERE person_uuid = ?1",
    "UPDATE family_contacts SET person_uuid = ?2 WHERE person_uuid = ?1",
    "UPDATE persons SET merged_into = ?2, updated = ?3 WHERE uuid = ?1",
  };

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (g_strcmp0 (from_uuid, into_uuid) == 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A person cannot be merged into themselves."));
      return FALSE;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!person_exists (db, from_uuid, error) || !person_exists (db, into_uuid, error) ||
      !review_db_prepare (db, "SELECT 1 FROM persons WHERE uuid IN (?1, ?2)"
                              " AND merged_into IS NOT NULL", &check, error))
    goto fail;
  sqlite3_bind_text (check, 1, from_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (check, 2, into_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (check) == SQLITE_ROW)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("One of these persons was already merged into another."));
      goto fail;
    }
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      if (!review_db_prepare (db, moves[i], &stmt, error))
        goto fail;
      sqlite3_bind_text (stmt, 1, from_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, into_uuid, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          review_db_set_error (error, db, sqlite3_errcode (db));
          goto fail;
        }
    }
  details = field_details ("merged_into", NULL, into_uuid);
  if (!review_vault_audit (vault, "person.merged", from_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

char *
review_store_add_note (ReviewVault  *vault,
                       const char   *target_uuid,
                       const char   *lang,
                       const char   *text,
                       const char   *translation_of,
                       GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  /* A language tag such as "ar", "en" or "ar-SY". */
  if (lang == NULL || !g_regex_match_simple ("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", lang, 0, 0))
    {
      g_autofree char *shown = review_text_quote (lang, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a language tag such as ar or en."), shown);
      return NULL;
    }
  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A note needs some text."));
      return NULL;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (translation_of != NULL)
    {
      g_autoptr(sqlite3_stmt) orig = NULL;
      if (!review_db_prepare (db, "SELECT target_uuid FROM notes WHERE uuid = ?", &orig, error))
        goto fail;
      sqlite3_bind_text (orig, 1, translation_of, -1, SQLITE_STATIC);
      if (sqlite3_step (orig) != SQLITE_ROW ||
          g_strcmp0 ((const char *) sqlite3_column_text (orig, 0), target_uuid) != 0)
        {
          g_autofree char *shown = review_text_quote (translation_of, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("There is no note “%s” to translate here."), shown);
          goto fail;
        }
    }
  if (!review_db_prepare (db, "INSERT INTO notes (uuid, target_uuid, lang, text, translation_of,"
                              " author, created) VALUES (?, ?, ?, ?, ?, ?, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  if (translation_of != NULL)
    sqlite3_bind_text (stmt, 5, translation_of, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, review_profile_get_id (review_vault_get_profile (vault)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details (translation_of ? "translation" : "note", NULL, uuid);
  if (!review_vault_audit (vault, "note.added", target_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return g_steal_pointer (&uuid);

fail:
  return NULL;
}

gboolean
review_store_add_local_term (ReviewVault  *vault,
                             const char   *vocabulary,
                             const char   *code,
                             const char   *en,
                             const char   *ar,
                             GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  static const char * const extensible[] = { "finding_types", "body_regions", "methods",
                                             "facility_type" };
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *local_code = NULL;
  g_autofree char *details = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (extensible); i++)
    ok |= g_strcmp0 (vocabulary, extensible[i]) == 0;
  if (!ok)
    {
      g_autofree char *shown = review_text_quote (vocabulary, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The vocabulary “%s” cannot take local terms."), shown);
      return FALSE;
    }
  if (code == NULL || !g_regex_match_simple ("^[a-z0-9]+(-[a-z0-9]+)*$", code, 0, 0) ||
      en == NULL || *en == '\0' || ar == NULL || *ar == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A local term needs a code of lowercase letters, digits and "
                             "dashes, and a label in English and in Arabic."));
      return FALSE;
    }
  /* Local codes live in their own namespace: never a shipped code. */
  local_code = g_str_has_prefix (code, "local-") ? g_strdup (code)
                                                  : g_strconcat ("local-", code, NULL);
  if (code_known (vault, vocabulary, local_code))
    {
      g_autofree char *shown = review_text_quote (local_code, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The code “%s” is already in use."), shown);
      return FALSE;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, "INSERT INTO local_terms (vocabulary, code, en, ar, created)"
                              " VALUES (?, ?, ?, ?, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, vocabulary, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, local_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, en, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ar, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      review_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  details = field_details (vocabulary, NULL, local_code);
  if (!review_vault_audit (vault, "vocabulary.term-added", local_code, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/**
 * review_store_set_number_field:
 * @field: "region" (where on its photo the number was read: a JSON array
 *   x, y, w, h in normalised coordinates, or ""), "facility_uuid" (the
 *   facility a branch number belongs to) or "legibility"
 */
gboolean
review_store_set_number_field (ReviewVault  *vault,
                               const char   *number_uuid,
                               const char   *field,
                               const char   *value,
                               GError      **error)
{
  g_autofree char *missing = NULL;
  FieldKind kind = FIELD_TEXT;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (field, "region") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *array;
      gboolean ok = *value == '\0';

      if (!ok && json_parser_load_from_data (parser, value, -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)) &&
          json_array_get_length (array = json_node_get_array (json_parser_get_root (parser))) == 4)
        {
          double v[4];
          ok = TRUE;
          for (guint i = 0; i < 4; i++)
            {
              JsonNode *node = json_array_get_element (array, i);
              v[i] = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : -1;
              ok &= v[i] >= 0 && v[i] <= 1;
            }
          ok &= v[2] > 0 && v[3] > 0 && v[0] + v[2] <= 1 + 1e-9 && v[1] + v[3] <= 1 + 1e-9;
        }
      if (!ok)
        {
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                               _("The region is not a valid shape inside the photo."));
          return FALSE;
        }
    }
  else if (g_strcmp0 (field, "facility_uuid") == 0)
    kind = FIELD_REFERENCE;
  else if (g_strcmp0 (field, "legibility") == 0)
    {
      if (!code_known (vault, "legibility", value))
        {
          g_autofree char *shown = review_text_quote (value, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown code “%s”."), shown);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *shown = review_text_quote (field, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("A number has no field “%s”."), shown);
      return FALSE;
    }
  g_autofree char *shown = review_text_quote (number_uuid, -1);
  missing = g_strdup_printf (_("There is no number “%s” in this vault."), shown);
  return set_row_field (vault, "identity_numbers", number_uuid, field, kind, value,
                        "person.number-changed", missing, error);
}

/**
 * review_store_merge_facilities:
 *
 * Two gazetteer entries turned out to be one place: persons, branch numbers
 * and sub-facilities pointing at @from_uuid now point at @into_uuid, and
 * @from_uuid is kept, marked as merged, so that other vaults' references
 * still resolve (searches and lookups follow it).
 */
gboolean
review_store_merge_facilities (ReviewVault  *vault,
                               const char   *from_uuid,
                               const char   *into_uuid,
                               GError      **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  static const char * const moves[] = {
    "UPDATE persons SET facility_uuid = ?2 WHERE facility_uuid = ?1",
    "UPDATE identity_numbers SET facility_uuid = ?2 WHERE facility_uuid = ?1",
    "UPDATE facilities SET parent_uuid = ?2 WHERE parent_uuid = ?1 AND uuid != ?2",
    "UPDATE facilities SET merged_into = ?2, updated = ?3 WHERE uuid = ?1",
    /* Entries already merged into @from_uuid follow it. */
    "UPDATE facilities SET merged_into = ?2, updated = ?3 WHERE merged_into = ?1",
  };
  sqlite3 *db = review_vault_get_db (vault);
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);

  if (from_uuid == NULL || into_uuid == NULL || g_strcmp0 (from_uuid, into_uuid) == 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Choose two different facilities to merge."));
      return FALSE;
    }
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(sqlite3_stmt) check = NULL;
      const char *uuid = i == 0 ? from_uuid : into_uuid;

      if (!review_db_prepare (db, "SELECT 1 FROM facilities WHERE uuid = ?"
                                  " AND merged_into IS NULL", &check, error))
        goto fail;
      sqlite3_bind_text (check, 1, uuid, -1, SQLITE_STATIC);
      if (sqlite3_step (check) != SQLITE_ROW)
        {
          g_autofree char *shown = review_text_quote (uuid, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("There is no facility “%s” in this vault, or it was merged already."),
                       shown);
          goto fail;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (!review_db_prepare (db, moves[i], &stmt, error))
        goto fail;
      sqlite3_bind_text (stmt, 1, from_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, into_uuid, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          review_db_set_error (error, db, sqlite3_errcode (db));
          goto fail;
        }
    }
  details = field_details ("merged_into", NULL, into_uuid);
  if (!review_vault_audit (vault, "facility.merged", from_uuid, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}
