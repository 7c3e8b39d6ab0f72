/* review-photo-list.c
 *
 * 55,000 photos in bounded memory: the model holds only the sorted photo
 * ids (8 bytes each); a ReviewPhoto is made when a view asks for that
 * position, and kept while anything holds it. Thumbnails are fetched one by
 * one, by id, from their own table, off the main thread by the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-damage.h"
#include "review-db-private.h"
#include "review-photo-list.h"
#include "review-vault-private.h"

struct _ReviewPhotoList
{
  GObject          parent_instance;
  ReviewVault     *vault;
  GArray          *ids;        /* gint64 */
  GHashTable      *alive;      /* position → weak ReviewPhoto* */
  ReviewPhotoSort  sort;
  char            *status;     /* filter, or NULL for all */
  gboolean         damaged;    /* only damaged photos */
  GHashTable      *matching;   /* set of gint64 ids a search returned, or NULL for all */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReviewPhotoList, review_photo_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return REVIEW_TYPE_PHOTO;
}

static guint
get_n_items (GListModel *model)
{
  return REVIEW_PHOTO_LIST (model)->ids->len;
}

static void
photo_gone (gpointer  data,
            GObject  *where)
{
  ReviewPhotoList *self = data;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == (gpointer) where)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  ReviewPhotoList *self = REVIEW_PHOTO_LIST (model);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ReviewPhoto *photo;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  photo = g_hash_table_lookup (self->alive, GUINT_TO_POINTER (position));
  if (photo != NULL)
    return g_object_ref (photo);

  id = g_array_index (self->ids, gint64, position);
  if (!review_db_prepare (review_vault_get_db (self->vault),
                          "SELECT uuid, file_name, status, damage, damage_row, height"
                          " FROM photos WHERE id = ?", &stmt, NULL))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    photo = review_photo_new (id, "", "", "unreviewed", position + 1);
  else
    {
      g_autofree char *damage =
        review_damage_describe ((ReviewDecoderDamage) sqlite3_column_int (stmt, 3),
                                (guint32) sqlite3_column_int64 (stmt, 4),
                                (guint32) sqlite3_column_int64 (stmt, 5));
      photo = review_photo_new (id, (const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2), position + 1);
      review_photo_set_damage (photo, damage);
    }
  g_hash_table_insert (self->alive, GUINT_TO_POINTER (position), photo);
  g_object_weak_ref (G_OBJECT (photo), photo_gone, self);
  return photo;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
forget_alive (ReviewPhotoList *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_object_weak_unref (G_OBJECT (value), photo_gone, self);
  g_hash_table_remove_all (self->alive);
}

static void
review_photo_list_finalize (GObject *object)
{
  ReviewPhotoList *self = REVIEW_PHOTO_LIST (object);

  forget_alive (self);
  g_hash_table_unref (self->alive);
  g_array_unref (self->ids);
  g_free (self->status);
  g_clear_pointer (&self->matching, g_hash_table_unref);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (review_photo_list_parent_class)->finalize (object);
}

static void
review_photo_list_class_init (ReviewPhotoListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = review_photo_list_finalize;
}

static void
review_photo_list_init (ReviewPhotoList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->alive = g_hash_table_new (NULL, NULL);
}

ReviewPhotoList *
review_photo_list_new (ReviewVault *vault)
{
  ReviewPhotoList *self = g_object_new (REVIEW_TYPE_PHOTO_LIST, NULL);

  self->vault = g_object_ref (vault);
  review_photo_list_reload (self, NULL);
  return self;
}

/**
 * review_photo_list_reload:
 *
 * Reads the ids again (after an import, a sort or a filter change) and tells
 * the views.
 */
gboolean
review_photo_list_reload (ReviewPhotoList  *self,
                          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM photos");
  guint old_len = self->ids->len;
  int rc;

  g_return_val_if_fail (REVIEW_IS_PHOTO_LIST (self), FALSE);

  g_string_append (sql, " WHERE 1");
  if (self->status != NULL)
    g_string_append (sql, " AND status = ?1");
  if (self->damaged)
    g_string_append (sql, " AND damage <> 0");
  switch (self->sort)
    {
    case REVIEW_PHOTO_SORT_CAPTURED:
      g_string_append (sql, " ORDER BY captured = '', captured, id");
      break;
    case REVIEW_PHOTO_SORT_FILE_NAME:
      g_string_append (sql, " ORDER BY file_name, id");
      break;
    case REVIEW_PHOTO_SORT_IMPORT:
    default:
      g_string_append (sql, " ORDER BY id");
      break;
    }
  if (!review_db_prepare (review_vault_get_db (self->vault), sql->str, &stmt, error))
    return FALSE;
  if (self->status != NULL)
    sqlite3_bind_text (stmt, 1, self->status, -1, SQLITE_STATIC);

  forget_alive (self);
  g_array_set_size (self->ids, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (self->matching == NULL || g_hash_table_contains (self->matching, &id))
        g_array_append_val (self->ids, id);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->ids->len);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, review_vault_get_db (self->vault), rc);
      return FALSE;
    }
  return TRUE;
}

void
review_photo_list_set_sort (ReviewPhotoList *self,
                            ReviewPhotoSort  sort)
{
  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));
  if (self->sort == sort)
    return;
  self->sort = sort;
  review_photo_list_reload (self, NULL);
}

void
review_photo_list_set_status (ReviewPhotoList *self,
                              const char      *status)
{
  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  review_photo_list_reload (self, NULL);
}

/**
 * review_photo_list_set_damaged_only:
 *
 * Shows only the photos that decoded in part (the library's "Damaged"
 * filter), together with the status filter.
 */
void
review_photo_list_set_damaged_only (ReviewPhotoList *self,
                                    gboolean         damaged)
{
  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));
  if (self->damaged == !!damaged)
    return;
  self->damaged = !!damaged;
  review_photo_list_reload (self, NULL);
}

/**
 * review_photo_list_dup_thumbnail:
 *
 * The stored thumbnail (JPEG, made by the importer from the helper's
 * pixels). Thread-safe: the vault's connection serialises access.
 */
GBytes *
review_photo_list_dup_thumbnail (ReviewPhotoList  *self,
                                 gint64            photo_id,
                                 GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!review_db_prepare (review_vault_get_db (self->vault),
                          "SELECT jpeg FROM thumbnails WHERE photo_id = ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, photo_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    review_db_set_error (error, review_vault_get_db (self->vault), rc);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no thumbnail");
  return NULL;
}

/**
 * review_photo_list_dup_paths:
 * @sha256: (out): the original's SHA-256, to check a file against
 *
 * Where the original was found, most recent import first.
 */
char **
review_photo_list_dup_paths (ReviewPhotoList  *self,
                             gint64            photo_id,
                             char            **sha256,
                             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  int rc;

  if (!review_db_prepare (review_vault_get_db (self->vault),
                          "SELECT p.sha256, pp.path FROM photos p JOIN photo_paths pp"
                          " ON pp.photo_id = p.id WHERE p.id = ? ORDER BY pp.batch_id DESC",
                          &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, photo_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (*sha256 == NULL)
        *sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (paths, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, review_vault_get_db (self->vault), rc);
      return NULL;
    }
  return g_strv_builder_end (paths);
}

/**
 * review_photo_list_find:
 *
 * Returns: the position of the photo with this id, or %G_MAXUINT
 */
guint
review_photo_list_find (ReviewPhotoList *self,
                        gint64           id)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

/**
 * review_photo_list_set_matching:
 * @ids: (nullable) (transfer none): the ids of the photos to show, as a set
 *   of gint64 (g_int64_hash); %NULL to show every photo
 *
 * Narrows the list to a search's results, keeping the list's sort order and
 * status filter.
 */
void
review_photo_list_set_matching (ReviewPhotoList *self,
                                GHashTable      *ids)
{
  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));
  if (ids == NULL && self->matching == NULL)
    return;
  g_clear_pointer (&self->matching, g_hash_table_unref);
  if (ids != NULL)
    self->matching = g_hash_table_ref (ids);
  review_photo_list_reload (self, NULL);
}
