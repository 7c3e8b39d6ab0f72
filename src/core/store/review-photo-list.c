/* review-photo-list.c
 *
 * 55,000 photos in bounded memory: the model holds only the sorted photo
 * ids (8 bytes each); a ReviewPhoto is made when a view asks for that
 * position, and kept while anything holds it.
 *
 * The main thread never waits on the database: the ids (in the current
 * sort and filters) are read by the store service's worker, and the views
 * are told when they arrive ("items-changed", then "loaded"). A photo asked
 * for is made at once with only its id and number; its details (uuid, file
 * name, status, damage) are read on the worker a page at a time, around the
 * position asked for, and set on the photo when they arrive, so that views
 * update through its property notifications. Thumbnails are read on the
 * worker too, by the tiles (review-library-service.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "review-damage.h"
#include "review-db-private.h"
#include "review-photo-list.h"
#include "review-vault-private.h"

/* Photos whose details one job reads. */
#define PAGE_SIZE 200
/* Details kept for photos a view let go of, so that scrolling back shows
 * them at once; beyond this many, the cache starts again. */
#define CACHE_MAX 4000

struct _ReviewPhotoList
{
  GObject             parent_instance;
  ReviewStoreService *service;
  GArray             *ids;        /* gint64 */
  GHashTable         *alive;      /* position → weak ReviewPhoto* */
  ReviewPhotoSort     sort;
  char               *status;     /* filter, or NULL for all */
  gboolean            damaged;    /* only damaged photos */
  GHashTable         *matching;   /* set of gint64 ids a search returned, or NULL for all */

  guint               generation; /* of the ids: a reload makes a new one */
  GCancellable       *reloading;  /* the reload under way, if any */
  GHashTable         *pages;      /* page index → TRUE: details asked for */
  GHashTable         *cache;      /* gint64 id → Details* */
};

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReviewPhotoList, review_photo_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* --- details, read on the worker ---------------------------------------- */

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *file_name;
  char   *status;
  char   *damage;     /* translated; NULL when whole */
  gboolean found;
} Details;

static void
details_free (Details *d)
{
  g_free (d->uuid);
  g_free (d->file_name);
  g_free (d->status);
  g_free (d->damage);
  g_free (d);
}

static void
details_apply (const Details *d,
               ReviewPhoto   *photo)
{
  if (d->found)
    review_photo_set_details (photo, d->uuid, d->file_name, d->status, d->damage);
  else
    review_photo_set_details (photo, "", "", "unreviewed", NULL);
}

typedef struct
{
  GArray *ids;       /* gint64, the page's */
} PageData;

static void
page_data_free (PageData *d)
{
  g_array_unref (d->ids);
  g_free (d);
}

static gpointer
page_job (ReviewVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  PageData *d = data;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) details_free);

  if (!review_db_prepare (db, "SELECT uuid, file_name, status, damage, damage_row, height"
                              " FROM photos WHERE id = ?", &stmt, error))
    return NULL;
  for (guint i = 0; i < d->ids->len; i++)
    {
      Details *details = g_new0 (Details, 1);
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          details_free (details);
          return NULL;
        }
      details->id = g_array_index (d->ids, gint64, i);
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, details->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          details->found = TRUE;
          details->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          details->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          details->status = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          details->damage =
            review_damage_describe ((ReviewDecoderDamage) sqlite3_column_int (stmt, 3),
                                    (guint32) sqlite3_column_int64 (stmt, 4),
                                    (guint32) sqlite3_column_int64 (stmt, 5));
        }
      else if (rc != SQLITE_DONE)
        {
          details_free (details);
          review_db_set_error (error, db, rc);
          return NULL;
        }
      g_ptr_array_add (page, details);
    }
  return g_steal_pointer (&page);
}

typedef struct
{
  ReviewPhotoList *self;        /* strong */
  guint            generation;
  guint            page;
} PageCall;

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageCall *call = user_data;
  ReviewPhotoList *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = review_store_service_run_finish (REVIEW_STORE_SERVICE (source),
                                                               result, &error);

  if (call->generation != self->generation)
    goto out;   /* the ids changed meanwhile: a view asks again */
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (call->page));
  if (page == NULL)
    {
      g_debug ("A page of photos could not be read: %s", error->message);
      goto out;
    }
  if (g_hash_table_size (self->cache) + page->len > CACHE_MAX)
    g_hash_table_remove_all (self->cache);
  /* The details move into the cache. */
  g_ptr_array_set_free_func (page, NULL);
  for (guint i = 0; i < page->len; i++)
    {
      Details *d = g_ptr_array_index (page, i);
      guint position = call->page * PAGE_SIZE + i;
      ReviewPhoto *photo = g_hash_table_lookup (self->alive, GUINT_TO_POINTER (position));

      g_hash_table_replace (self->cache, &d->id, d);
      if (photo != NULL && review_photo_get_id (photo) == d->id)
        details_apply (d, photo);
    }
out:
  g_object_unref (call->self);
  g_free (call);
}

static void
request_page (ReviewPhotoList *self,
              guint            position)
{
  guint page = position / PAGE_SIZE;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  PageData *d;
  PageCall *call;

  if (self->service == NULL || g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->pages, GUINT_TO_POINTER (page));
  d = g_new0 (PageData, 1);
  d->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (d->ids, &g_array_index (self->ids, gint64, start), n);
  call = g_new0 (PageCall, 1);
  call->self = g_object_ref (self);
  call->generation = self->generation;
  call->page = page;
  review_store_service_run_async (self->service, page_job, d, (GDestroyNotify) page_data_free,
                                  (GDestroyNotify) g_ptr_array_unref, NULL, page_read_cb, call);
}

/* --- the model ------------------------------------------------------------ */

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
  ReviewPhoto *photo;
  const Details *details;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  photo = g_hash_table_lookup (self->alive, GUINT_TO_POINTER (position));
  if (photo != NULL)
    return g_object_ref (photo);

  id = g_array_index (self->ids, gint64, position);
  photo = review_photo_new_pending (id, position + 1);
  details = g_hash_table_lookup (self->cache, &id);
  if (details != NULL)
    details_apply (details, photo);
  else
    request_page (self, position);
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
review_photo_list_dispose (GObject *object)
{
  ReviewPhotoList *self = REVIEW_PHOTO_LIST (object);

  if (self->reloading != NULL)
    g_cancellable_cancel (self->reloading);
  g_clear_object (&self->reloading);
  G_OBJECT_CLASS (review_photo_list_parent_class)->dispose (object);
}

static void
review_photo_list_finalize (GObject *object)
{
  ReviewPhotoList *self = REVIEW_PHOTO_LIST (object);

  forget_alive (self);
  g_hash_table_unref (self->alive);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->cache);
  g_array_unref (self->ids);
  g_free (self->status);
  g_clear_pointer (&self->matching, g_hash_table_unref);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (review_photo_list_parent_class)->finalize (object);
}

static void
review_photo_list_class_init (ReviewPhotoListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = review_photo_list_dispose;
  object_class->finalize = review_photo_list_finalize;

  /**
   * ReviewPhotoList::loaded:
   *
   * A reload finished: the ids in the current sort and filters are in
   * place (after "items-changed").
   */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
review_photo_list_init (ReviewPhotoList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->alive = g_hash_table_new (NULL, NULL);
  self->pages = g_hash_table_new (NULL, NULL);
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) details_free);
}

/**
 * review_photo_list_new:
 * @service: the open vault's store service
 *
 * The list starts empty; the ids arrive from the worker ("loaded").
 */
ReviewPhotoList *
review_photo_list_new (ReviewStoreService *service)
{
  ReviewPhotoList *self;

  g_return_val_if_fail (REVIEW_IS_STORE_SERVICE (service), NULL);
  self = g_object_new (REVIEW_TYPE_PHOTO_LIST, NULL);
  self->service = g_object_ref (service);
  review_photo_list_reload (self);
  return self;
}

ReviewStoreService *
review_photo_list_get_service (ReviewPhotoList *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_LIST (self), NULL);
  return self->service;
}

/* --- reading the ids ------------------------------------------------------ */

typedef struct
{
  ReviewPhotoSort  sort;
  char            *status;
  gboolean         damaged;
  GHashTable      *matching;   /* read only, shared with the list */
} IdsData;

static void
ids_data_free (IdsData *d)
{
  g_free (d->status);
  g_clear_pointer (&d->matching, g_hash_table_unref);
  g_free (d);
}

static gpointer
ids_job (ReviewVault   *vault,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  IdsData *d = data;
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM photos");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  (void) cancellable;
  g_string_append (sql, " WHERE 1");
  if (d->status != NULL)
    g_string_append (sql, " AND status = ?1");
  if (d->damaged)
    g_string_append (sql, " AND damage <> 0");
  switch (d->sort)
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
  if (!review_db_prepare (db, sql->str, &stmt, error))
    return NULL;
  if (d->status != NULL)
    sqlite3_bind_text (stmt, 1, d->status, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (d->matching == NULL || g_hash_table_contains (d->matching, &id))
        g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

typedef struct
{
  ReviewPhotoList *self;        /* strong */
  guint            generation;
} ReloadCall;

static void
ids_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReloadCall *call = user_data;
  ReviewPhotoList *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = review_store_service_run_finish (REVIEW_STORE_SERVICE (source),
                                                           result, &error);
  guint old_len;

  /* A newer reload replaced this one (its result, if any, is stale). */
  if (call->generation != self->generation)
    goto out;
  g_clear_object (&self->reloading);
  if (ids == NULL)
    {
      /* The old ids stay, as before: they are still the vault's photos. */
      g_debug ("The photo list could not be read: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      goto out;
    }
  old_len = self->ids->len;
  forget_alive (self);
  g_hash_table_remove_all (self->pages);
  /* The ids changed: pages asked for under the old ones are dropped. */
  self->generation++;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->ids->len);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
out:
  g_object_unref (call->self);
  g_free (call);
}

/**
 * review_photo_list_reload:
 *
 * Reads the ids again (after an import, a sort or a filter change), on the
 * store service's worker, and tells the views when they arrive. A reload
 * asked for while another is under way replaces it.
 */
void
review_photo_list_reload (ReviewPhotoList *self)
{
  IdsData *d;
  ReloadCall *call;

  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));

  if (self->reloading != NULL)
    g_cancellable_cancel (self->reloading);
  g_clear_object (&self->reloading);
  self->reloading = g_cancellable_new ();
  /* Statuses may have changed: details are read again. */
  g_hash_table_remove_all (self->cache);
  self->generation++;
  d = g_new0 (IdsData, 1);
  d->sort = self->sort;
  d->status = g_strdup (self->status);
  d->damaged = self->damaged;
  d->matching = self->matching ? g_hash_table_ref (self->matching) : NULL;
  call = g_new0 (ReloadCall, 1);
  call->self = g_object_ref (self);
  call->generation = self->generation;
  review_store_service_run_async (self->service, ids_job, d, (GDestroyNotify) ids_data_free,
                                  (GDestroyNotify) g_array_unref, self->reloading, ids_read_cb,
                                  call);
}

/**
 * review_photo_list_is_loading:
 *
 * Whether a reload is under way (the ids shown may be the previous ones).
 */
gboolean
review_photo_list_is_loading (ReviewPhotoList *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO_LIST (self), FALSE);
  return self->reloading != NULL;
}

void
review_photo_list_set_sort (ReviewPhotoList *self,
                            ReviewPhotoSort  sort)
{
  g_return_if_fail (REVIEW_IS_PHOTO_LIST (self));
  if (self->sort == sort)
    return;
  self->sort = sort;
  review_photo_list_reload (self);
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
  review_photo_list_reload (self);
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
  review_photo_list_reload (self);
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
 *   of gint64 (g_int64_hash), not changed afterwards (the worker reads it);
 *   %NULL to show every photo
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
  review_photo_list_reload (self);
}
