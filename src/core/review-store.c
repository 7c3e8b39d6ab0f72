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

#include "review-db.h"
#include "review-error.h"
#include "review-store.h"

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
  g_free (hit->file_name);
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

static char *
like_pattern (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
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
  g_autoptr(GString) sql = g_string_new ("SELECT p.id, p.uuid, p.sha256, p.status, p.file_name"
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
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown review status “%s”: use unreviewed, in-progress, done, "
                         "second-review or verified."), q->status);
          return NULL;
        }
      g_string_append (sql, " AND p.status = ?");
      g_ptr_array_add (binds, g_strdup (q->status));
    }
  if (q->finding != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM findings f WHERE f.photo_id = p.id"
                            " AND f.deleted = 0 AND f.finding_type = ?)");
      g_ptr_array_add (binds, g_strdup (q->finding));
    }
  if (q->region != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM findings f WHERE f.photo_id = p.id"
                            " AND f.deleted = 0 AND f.body_region = ?)");
      g_ptr_array_add (binds, g_strdup (q->region));
    }
  if (q->person != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM photo_persons pp JOIN persons pe"
                            " ON pe.uuid = pp.person_uuid WHERE pp.photo_id = p.id"
                            " AND coalesce (pe.merged_into, pe.uuid) = ?)");
      g_ptr_array_add (binds, g_strdup (q->person));
    }
  if (q->facility != NULL)
    {
      g_autofree char *like = like_pattern (q->facility);
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM photo_persons pp JOIN persons pe"
                            " ON pe.uuid = pp.person_uuid JOIN facilities fa"
                            " ON fa.uuid = pe.facility_uuid WHERE pp.photo_id = p.id"
                            " AND (fa.uuid = ? OR fa.name_en = ? COLLATE NOCASE OR fa.name_ar = ?"
                            " OR fa.aliases LIKE ? ESCAPE '\\'))");
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_steal_pointer (&like));
    }
  if (q->number != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM identity_numbers n"
                            " LEFT JOIN photo_persons pp ON pp.person_uuid = n.person_uuid"
                            " WHERE n.value = ? AND (n.photo_id = p.id OR pp.photo_id = p.id))");
      g_ptr_array_add (binds, g_strdup (q->number));
    }
  if (q->text != NULL && *q->text != '\0')
    {
      g_autofree char *like = like_pattern (q->text);
      g_string_append (sql, " AND (p.file_name LIKE ?1x ESCAPE '\\'"
                            " OR EXISTS (SELECT 1 FROM photo_persons pp JOIN persons pe"
                            " ON pe.uuid = pp.person_uuid WHERE pp.photo_id = p.id AND"
                            " (pe.name_ar LIKE ?1x ESCAPE '\\' OR pe.name_latin LIKE ?1x"
                            " ESCAPE '\\'))"
                            " OR EXISTS (SELECT 1 FROM notes no WHERE no.target_uuid = p.uuid"
                            " AND no.text LIKE ?1x ESCAPE '\\'))");
      g_ptr_array_add (binds, g_steal_pointer (&like));
    }
  g_string_append (sql, " ORDER BY p.id");

  /* The text filter uses one value four times: number the parameters. */
  {
    guint n = 0;
    GString *numbered = g_string_new (NULL);
    for (const char *c = sql->str; *c; c++)
      {
        if (*c == '?' && c[1] == '1' && c[2] == 'x')
          {
            g_string_append_printf (numbered, "?%u", binds->len);
            c += 2;
          }
        else if (*c == '?')
          g_string_append_printf (numbered, "?%u", ++n);
        else
          g_string_append_c (numbered, *c);
      }
    g_string_assign (sql, numbered->str);
    g_string_free (numbered, TRUE);
  }

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
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown review status “%s”: use unreviewed, in-progress, done, "
                     "second-review or verified."), status);
      return FALSE;
    }
  if (g_str_equal (status, "verified") &&
      review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can mark a photo as verified."));
      return FALSE;
    }
  if (!review_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!review_db_prepare (db, "SELECT status FROM photos WHERE uuid = ?", &get, error))
    goto fail;
  sqlite3_bind_text (get, 1, photo_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (get);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                     _("There is no photo “%s” in this vault."), photo_uuid);
      else
        review_db_set_error (error, db, rc);
      goto fail;
    }
  before = g_strdup ((const char *) sqlite3_column_text (get, 0));
  if (g_strcmp0 (before, status) == 0)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }
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
      !review_db_exec (db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
