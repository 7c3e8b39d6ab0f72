/* review-importer.c
 *
 * Import runs in the calling thread (the window calls it from a GTask
 * worker; the command line directly):
 *
 *   walk the paths ─► worker threads (one per decoder): open read-only,
 *   SHA-256 with OpenSSL while reading, magic bytes, duplicate check,
 *   decode in a review-decoder helper, encode the thumbnail ─► this thread:
 *   write in batched transactions, report progress.
 *
 * Originals are opened read-only (and without touching their access time
 * where the system allows). A batch is committed every BATCH_SIZE files or
 * BATCH_SECONDS, so a cancelled or killed import keeps everything committed
 * so far; running it again skips what is already in the vault (by SHA-256)
 * and finishes the rest. Nothing is written outside the vault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/evp.h>

#include "review-anchor-private.h"
#include "review-audit-private.h"
#include "review-damage.h"
#include "review-db-private.h"
#include "review-decoder-pool.h"
#include "review-error.h"
#include "review-importer.h"
#include "review-text.h"
#include "review-vault-private.h"
#include "review-vault-anchor-private.h"

#define BATCH_SIZE     64
#define BATCH_SECONDS  0.5
#define READ_CHUNK     (1 << 20)
#define MAX_AUDITED_REJECTIONS 1000

typedef enum
{
  OUTCOME_NEW,
  OUTCOME_DUPLICATE,
  OUTCOME_REJECTED,
  OUTCOME_CANCELLED,
} Outcome;

typedef struct
{
  guint               index;      /* walk order: photos are stored in it */
  char               *path;
  char                sha256[65];
  gint64              size;
  Outcome             outcome;
  char               *reason;
  int                 code;
  ReviewDecodedImage *image;
  GBytes             *thumb;
} Item;

typedef struct
{
  ReviewDecoderPool *pool;
  GAsyncQueue       *results;
  GMutex             lock;
  GHashTable        *known;        /* sha256 → "" (present or in flight) */
  GCancellable      *cancellable;
  guint64            max_pixels;
  GHashTable        *faults;       /* name fragment → ReviewDecoderFault (tests) */
} Shared;

static void
item_free (Item *item)
{
  g_free (item->path);
  g_free (item->reason);
  review_decoded_image_free (item->image);
  g_clear_pointer (&item->thumb, g_bytes_unref);
  g_free (item);
}

void
review_import_result_free (ReviewImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->batch_uuid);
  g_clear_pointer (&result->rejections, g_ptr_array_unref);
  g_clear_pointer (&result->damages, g_ptr_array_unref);
  g_free (result);
}

static void
rejection_free (ReviewImportRejection *r)
{
  g_free (r->path);
  g_free (r->reason);
  g_free (r);
}

/* --- walking ------------------------------------------------------------ */

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
walk (const char *path,
      GPtrArray  *files,
      GPtrArray  *unreadable,
      GHashTable *seen_dirs,
      int         depth)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      g_ptr_array_add (unreadable, g_strdup (path));
      return;
    }
  if (S_ISREG (st.st_mode))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  if (S_ISDIR (st.st_mode) && depth < 64)
    {
      g_autofree char *key = g_strdup_printf ("%lu:%lu", (gulong) st.st_dev, (gulong) st.st_ino);
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      /* A folder reached twice (through a link) is walked once. */
      if (g_hash_table_contains (seen_dirs, key))
        return;
      g_hash_table_add (seen_dirs, g_steal_pointer (&key));
      dir = g_dir_open (path, 0, NULL);
      if (dir == NULL)
        {
          g_ptr_array_add (unreadable, g_strdup (path));
          return;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);
          walk (child, files, unreadable, seen_dirs, depth + 1);
        }
      return;
    }
  /* Devices, sockets, FIFOs: never opened. */
  g_ptr_array_add (unreadable, g_strdup (path));
}

/* --- per-file work, in worker threads ----------------------------------- */

int
review_import_open_original (const char *path)
{
  int fd;

  /* Read-only, and where allowed without updating the access time. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME, 0);
  if (fd < 0 && errno == EPERM)
    fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  return fd;
}

static gboolean
hash_fd (int      fd,
         char     out[65],
         guint8   head[16],
         gsize   *head_len,
         gint64  *size)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  guint8 *buf = g_malloc (READ_CHUNK);
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int dlen = 0;
  gint64 offset = 0;
  gboolean ok = FALSE;

  *head_len = 0;
  if (ctx == NULL || EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) != 1)
    goto out;
  for (;;)
    {
      ssize_t r = pread (fd, buf, READ_CHUNK, offset);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        goto out;
      if (r == 0)
        break;
      if (*head_len < 16)
        {
          gsize take = MIN ((gsize) r, 16 - *head_len);
          memcpy (head + *head_len, buf, take);
          *head_len += take;
        }
      if (EVP_DigestUpdate (ctx, buf, (size_t) r) != 1)
        goto out;
      offset += r;
    }
  if (EVP_DigestFinal_ex (ctx, digest, &dlen) != 1 || dlen != 32)
    goto out;
  for (unsigned int i = 0; i < 32; i++)
    g_snprintf (out + 2 * i, 3, "%02x", digest[i]);
  *size = offset;
  ok = TRUE;
out:
  EVP_MD_CTX_free (ctx);
  g_free (buf);
  return ok;
}

static guint32
faults_for (Shared     *shared,
            const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  GHashTableIter iter;
  gpointer key, value;
  guint32 faults = 0;

  if (shared->faults == NULL)
    return 0;
  g_hash_table_iter_init (&iter, shared->faults);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strstr (base, key) != NULL)
      faults |= GPOINTER_TO_UINT (value);
  return faults;
}

/**
 * review_import_hash_fd:
 *
 * SHA-256 of a whole file, as 64 lowercase hex characters.
 */
gboolean
review_import_hash_fd (int  fd,
                       char sha256_hex[65])
{
  guint8 head[16];
  gsize head_len;
  gint64 size;

  return hash_fd (fd, sha256_hex, head, &head_len, &size);
}

static GBytes *
encode_thumbnail (const ReviewDecodedImage *image)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_bytes (image->pixels, GDK_COLORSPACE_RGB,
                                                           FALSE, 8, (int) image->width,
                                                           (int) image->height,
                                                           (int) image->width * 3);
  char *keys[] = { (char *) "quality", NULL };
  char *values[] = { (char *) "85", NULL };
  gchar *buffer = NULL;
  gsize len = 0;

  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &len, "jpeg", keys, values, NULL))
    return NULL;
  return g_bytes_new_take (buffer, len);
}

static void
reject (Item       *item,
        int         code,
        const char *reason)
{
  item->outcome = OUTCOME_REJECTED;
  item->code = code;
  g_free (item->reason);
  item->reason = g_strdup (reason);
}

static void
process_item (gpointer data,
              gpointer user_data)
{
  Item *item = data;
  Shared *shared = user_data;
  g_autoptr(GError) error = NULL;
  guint8 head[16];
  gsize head_len = 0;
  struct stat st;
  gboolean claimed = FALSE;
  int fd;

  if (g_cancellable_is_cancelled (shared->cancellable))
    {
      item->outcome = OUTCOME_CANCELLED;
      g_async_queue_push (shared->results, item);
      return;
    }

  fd = review_import_open_original (item->path);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *msg = g_strdup_printf (_("The file could not be opened: %s"),
                                              g_strerror (saved));
      reject (item, REVIEW_DECODE_ERROR_IO, msg);
      goto done;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      reject (item, REVIEW_DECODE_ERROR_IO, _("Not a regular file."));
      goto done;
    }
  if (st.st_size == 0)
    {
      reject (item, REVIEW_DECODE_ERROR_EMPTY, _("The file is empty."));
      goto done;
    }
  if (!hash_fd (fd, item->sha256, head, &head_len, &item->size))
    {
      reject (item, REVIEW_DECODE_ERROR_IO, _("The file could not be read."));
      goto done;
    }
  if (review_image_format_sniff (head, head_len) == REVIEW_FORMAT_UNKNOWN)
    {
      reject (item, REVIEW_DECODE_ERROR_UNKNOWN_FORMAT,
              _("Not a JPEG, PNG, TIFF or WebP image (checked by its content, not its name)."));
      goto done;
    }

  g_mutex_lock (&shared->lock);
  if (g_hash_table_contains (shared->known, item->sha256))
    item->outcome = OUTCOME_DUPLICATE;
  else
    {
      g_hash_table_add (shared->known, g_strdup (item->sha256));
      claimed = TRUE;
    }
  g_mutex_unlock (&shared->lock);
  if (!claimed)
    goto done;

  item->image = review_decoder_pool_decode (shared->pool, fd, REVIEW_IMPORT_THUMBNAIL_EDGE,
                                            shared->max_pixels, faults_for (shared, item->path),
                                            &error);
  if (item->image == NULL)
    {
      reject (item, error->domain == REVIEW_DECODE_ERROR ? error->code : 0, error->message);
      goto release;
    }
  item->thumb = encode_thumbnail (item->image);
  g_clear_pointer (&item->image->pixels, g_bytes_unref);
  if (item->thumb == NULL)
    {
      reject (item, REVIEW_DECODE_ERROR_CORRUPT, _("The thumbnail could not be made."));
      goto release;
    }
  item->outcome = OUTCOME_NEW;
  goto done;

release:
  /* A rejected file's content may be imported by a later run. */
  g_mutex_lock (&shared->lock);
  g_hash_table_remove (shared->known, item->sha256);
  g_mutex_unlock (&shared->lock);
done:
  if (fd >= 0)
    close (fd);
  g_async_queue_push (shared->results, item);
}

/* --- writing, in the calling thread ------------------------------------- */

typedef struct
{
  sqlite3       *db;
  gint64         batch_id;
  sqlite3_stmt  *insert_photo;
  sqlite3_stmt  *insert_thumb;
  sqlite3_stmt  *insert_path;
  sqlite3_stmt  *find_photo;
  GPtrArray     *pending_paths;   /* Item* duplicates not yet resolvable */
  ReviewDbTransaction *tx;        /* the open batch's, or NULL */
} Writer;

/* Runs @stmt once, and makes it ready to run again. */
static gboolean
step_once (sqlite3_stmt  *stmt,
           sqlite3       *db,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return review_db_step_done (db, rc, error);
}

static gint64
find_photo (Writer     *w,
            const char *sha256)
{
  gint64 id = 0;

  sqlite3_bind_text (w->find_photo, 1, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (w->find_photo) == SQLITE_ROW)
    id = sqlite3_column_int64 (w->find_photo, 0);
  sqlite3_reset (w->find_photo);
  sqlite3_clear_bindings (w->find_photo);
  return id;
}

static gboolean
add_path (Writer      *w,
          gint64       photo_id,
          const char  *path,
          GError     **error)
{
  sqlite3_bind_int64 (w->insert_path, 1, photo_id);
  sqlite3_bind_text (w->insert_path, 2, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->insert_path, 3, w->batch_id);
  return step_once (w->insert_path, w->db, error);
}

static gboolean
write_new (Writer      *w,
           Item        *item,
           GError     **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *base = g_path_get_basename (item->path);
  /* The display form, and the bytes as the file system has them (so a name
   * that is not valid UTF-8 can still be found on disk). */
  g_autofree char *base_display = review_text_escape (base, -1);
  ReviewDecodedImage *img = item->image;
  gint64 id;

  sqlite3_bind_text (w->insert_photo, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert_photo, 2, item->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->insert_photo, 3, item->size);
  sqlite3_bind_text (w->insert_photo, 4, review_image_format_loader_name (img->format), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (w->insert_photo, 5, img->orig_width);
  sqlite3_bind_int64 (w->insert_photo, 6, img->orig_height);
  sqlite3_bind_int64 (w->insert_photo, 7, img->orientation);
  sqlite3_bind_text (w->insert_photo, 8, img->capture_time, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert_photo, 9, img->camera, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert_photo, 10, base_display, -1, SQLITE_STATIC);
  sqlite3_bind_blob (w->insert_photo, 11, base, (int) strlen (base), SQLITE_STATIC);
  sqlite3_bind_int64 (w->insert_photo, 12, w->batch_id);
  sqlite3_bind_text (w->insert_photo, 13, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->insert_photo, 14, img->damage);
  sqlite3_bind_int64 (w->insert_photo, 15, img->damage_row);
  if (!step_once (w->insert_photo, w->db, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (w->db);

  sqlite3_bind_int64 (w->insert_thumb, 1, id);
  sqlite3_bind_int64 (w->insert_thumb, 2, img->width);
  sqlite3_bind_int64 (w->insert_thumb, 3, img->height);
  sqlite3_bind_blob (w->insert_thumb, 4, g_bytes_get_data (item->thumb, NULL),
                     (int) g_bytes_get_size (item->thumb), SQLITE_STATIC);
  if (!step_once (w->insert_thumb, w->db, error))
    return FALSE;
  return add_path (w, id, item->path, error);
}

/* Duplicates whose original is now in the vault get their path recorded. */
static gboolean
resolve_pending (Writer   *w,
                 GError  **error)
{
  for (guint i = 0; i < w->pending_paths->len;)
    {
      Item *item = g_ptr_array_index (w->pending_paths, i);
      gint64 id = find_photo (w, item->sha256);

      if (id > 0)
        {
          if (!add_path (w, id, item->path, error))
            return FALSE;
          g_ptr_array_remove_index_fast (w->pending_paths, i);
        }
      else
        i++;
    }
  return TRUE;
}

static gboolean
begin (Writer  *w,
       GError **error)
{
  w->tx = review_db_transaction_begin (w->db, error);
  return w->tx != NULL;
}

/* On failure the transaction stays open, for the caller to roll back. */
static gboolean
commit (Writer  *w,
        GError **error)
{
  if (!review_db_transaction_commit (w->tx, error))
    return FALSE;
  g_clear_pointer (&w->tx, review_db_transaction_free);
  return TRUE;
}

static gboolean
update_batch (Writer              *w,
              ReviewImportResult  *result,
              gboolean             finished,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = finished ? review_db_now_iso8601 () : NULL;

  if (!review_db_prepare (w->db,
                          "UPDATE import_batches SET imported = ?, duplicates = ?, rejected = ?,"
                          " finished = ? WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->imported);
  sqlite3_bind_int64 (stmt, 2, result->duplicates);
  sqlite3_bind_int64 (stmt, 3, result->rejected);
  if (now)
    sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, w->batch_id);
  return step_once (stmt, w->db, error);
}

static char *
audit_details (ReviewImportResult *result,
               guint               total)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "batch");
  json_builder_add_string_value (b, result->batch_uuid);
  json_builder_set_member_name (b, "files");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "imported");
  json_builder_add_int_value (b, result->imported);
  json_builder_set_member_name (b, "damaged");
  json_builder_add_int_value (b, result->damaged);
  json_builder_set_member_name (b, "already_present");
  json_builder_add_int_value (b, result->duplicates);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_int_value (b, result->rejected);
  json_builder_set_member_name (b, "cancelled");
  json_builder_add_boolean_value (b, result->cancelled);
  json_builder_set_member_name (b, "rejected_files");
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (result->rejections->len, MAX_AUDITED_REJECTIONS); i++)
    {
      ReviewImportRejection *r = g_ptr_array_index (result->rejections, i);
      g_autofree char *display = review_text_escape (r->path, -1);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, display);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, r->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* Damaged photos are in the vault, flagged; the audit names them too. */
  json_builder_set_member_name (b, "damaged_files");
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (result->damages->len, MAX_AUDITED_REJECTIONS); i++)
    {
      ReviewImportRejection *r = g_ptr_array_index (result->damages, i);
      g_autofree char *display = review_text_escape (r->path, -1);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, display);
      json_builder_set_member_name (b, "damage");
      json_builder_add_string_value (b, review_damage_code ((ReviewDecoderDamage) r->code));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Test builds only: REVIEW_TEST_DECODER_FAULTS=crash=NAME,hang=NAME,…
 * makes the decoder fail on the file whose base name is NAME. */
static GHashTable *
parse_test_faults (void)
{
#ifndef REVIEW_TEST_HOOKS
  return NULL;
#else
  const char *spec = g_getenv ("REVIEW_TEST_DECODER_FAULTS");
  g_auto(GStrv) parts = NULL;
  GHashTable *faults;

  if (spec == NULL || *spec == '\0')
    return NULL;
  faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *eq = strchr (parts[i], '=');
      guint32 f = 0;
      if (eq == NULL)
        continue;
      *eq = '\0';
      if (g_str_equal (parts[i], "crash"))
        f = REVIEW_DECODER_FAULT_CRASH;
      else if (g_str_equal (parts[i], "hang"))
        f = REVIEW_DECODER_FAULT_HANG;
      else if (g_str_equal (parts[i], "oom"))
        f = REVIEW_DECODER_FAULT_OOM;
      if (f != 0 && eq[1] != '\0')
        g_hash_table_insert (faults, g_strdup (eq + 1), GUINT_TO_POINTER (f));
    }
  return faults;
#endif
}

static void
add_rejection (ReviewImportResult         *result,
               const ReviewImportOptions  *options,
               const char                 *path,
               int                         code,
               const char                 *reason)
{
  ReviewImportRejection *r = g_new0 (ReviewImportRejection, 1);

  r->code = code;
  r->path = g_strdup (path);
  r->reason = g_strdup (reason);
  g_ptr_array_add (result->rejections, r);
  result->rejected++;
  if (options->rejected)
    options->rejected (path, reason, options->user_data);
}

/* A photo imported although only part of it decoded: listed with its
 * reason, in words, and told to the caller as it is stored. */
static void
add_damaged (ReviewImportResult         *result,
             const ReviewImportOptions  *options,
             const Item                 *item)
{
  ReviewImportRejection *r = g_new0 (ReviewImportRejection, 1);

  r->code = (int) item->image->damage;
  r->path = g_strdup (item->path);
  r->reason = review_damage_describe (item->image->damage, item->image->damage_row,
                                      item->image->orig_height);
  g_ptr_array_add (result->damages, r);
  result->damaged++;
  if (options->damaged)
    options->damaged (r->path, r->reason, options->user_data);
}

/**
 * review_import_run:
 * @paths: files and folders (folders are walked recursively)
 *
 * Imports what it finds. A rejected file never stops the rest: it is listed
 * in the result (and reported through @options->rejected) with its reason.
 * Returns %NULL with @error only when the import as a whole could not run
 * (no decoder, the vault could not be written).
 */
ReviewImportResult *
review_import_run (ReviewVault                *vault,
                   const char * const         *paths,
                   const ReviewImportOptions  *options,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  g_autoptr(ReviewImportResult) result = g_new0 (ReviewImportResult, 1);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GCancellable) own_cancellable = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;
  ReviewImportProgress progress = { 0 };
  GThreadPool *threads = NULL;
  Writer w = { 0 };
  Shared shared = { 0 };
  guint in_tx = 0, received = 0, committed = 0;
  gdouble last_commit = 0, last_progress = -1;
  gboolean ok = FALSE;
  g_autoptr(GHashTable) waiting = NULL;
  guint next_index = 0;
  guint n_workers;
  int rc;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);
  g_return_val_if_fail (paths != NULL && options != NULL, NULL);

  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();
  result->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) rejection_free);
  result->damages = g_ptr_array_new_with_free_func ((GDestroyNotify) rejection_free);
  result->batch_uuid = g_uuid_string_random ();

  n_workers = options->n_workers > 0 ? options->n_workers : g_get_num_processors ();
  shared.pool = review_decoder_pool_new (options->helper_path, n_workers, error);
  if (shared.pool == NULL)
    return NULL;
#ifdef REVIEW_TEST_HOOKS
  if (g_getenv ("REVIEW_TEST_DECODER_TIMEOUT"))
    review_decoder_pool_set_timeout (shared.pool,
                                     (guint) g_ascii_strtoull (g_getenv ("REVIEW_TEST_DECODER_TIMEOUT"),
                                                               NULL, 10));
#endif
  shared.results = g_async_queue_new ();
  g_mutex_init (&shared.lock);
  shared.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shared.cancellable = cancellable;
  shared.max_pixels = options->max_pixels > 0 ? options->max_pixels : REVIEW_IMPORT_MAX_PIXELS;
  shared.faults = parse_test_faults ();

  /* Its own connection: the import's transactions never take in the
   * window's writes (a reveal recorded meanwhile commits on its own). */
  w.db = review_vault_open_connection (vault, error);
  if (w.db == NULL)
    goto out;
  w.pending_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  /* What is already in the vault. */
  if (!review_db_prepare (w.db, "SELECT sha256 FROM photos", &stmt, error))
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (shared.known, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The batch, committed first so photos can refer to it. */
  if (!review_db_prepare (w.db, "INSERT INTO import_batches (uuid, actor, started) VALUES (?, ?, ?)",
                          &stmt, error))
    goto out;
  sqlite3_bind_text (stmt, 1, result->batch_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, review_profile_get_id (review_vault_get_profile (vault)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!step_once (stmt, w.db, error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  w.batch_id = sqlite3_last_insert_rowid (w.db);

  if (!review_db_prepare (w.db,
                          "INSERT INTO photos (uuid, sha256, size, format, width, height,"
                          " orientation, captured, camera, file_name, file_name_raw, batch_id,"
                          " imported, damage, damage_row)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          &w.insert_photo, error) ||
      !review_db_prepare (w.db, "INSERT INTO thumbnails (photo_id, width, height, jpeg)"
                          " VALUES (?, ?, ?, ?)", &w.insert_thumb, error) ||
      !review_db_prepare (w.db, "INSERT OR IGNORE INTO photo_paths (photo_id, path, batch_id)"
                          " VALUES (?, ?, ?)", &w.insert_path, error) ||
      !review_db_prepare (w.db, "SELECT id FROM photos WHERE sha256 = ?", &w.find_photo, error))
    goto out;

  /* Walk. */
  progress.walking = TRUE;
  if (options->progress)
    options->progress (&progress, options->user_data);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *abs = g_path_is_absolute (paths[i]) ? g_strdup (paths[i])
                             : g_canonicalize_filename (paths[i], NULL);
      walk (abs, files, unreadable, seen_dirs, 0);
    }
  for (guint i = 0; i < unreadable->len; i++)
    add_rejection (result, options, g_ptr_array_index (unreadable, i), REVIEW_DECODE_ERROR_IO,
                   _("Not a regular file or folder, or it could not be read."));

  progress.walking = FALSE;
  progress.total = files->len + unreadable->len;
  progress.done = unreadable->len;
  progress.rejected = result->rejected;

  threads = g_thread_pool_new (process_item, &shared, (int) n_workers, TRUE, error);
  if (threads == NULL)
    goto out;
  for (guint i = 0; i < files->len; i++)
    {
      Item *item = g_new0 (Item, 1);
      item->index = i;
      item->path = g_strdup (g_ptr_array_index (files, i));
      g_thread_pool_push (threads, item, NULL);
    }

  waiting = g_hash_table_new (NULL, NULL);
  while (received < files->len)
    {
      Item *item = g_hash_table_lookup (waiting, GUINT_TO_POINTER (next_index));
      gdouble t;

      /* Results arrive in any order; they are stored in walk order, so
       * "import order" is the order of the files. */
      if (item != NULL)
        g_hash_table_remove (waiting, GUINT_TO_POINTER (next_index));
      else
        {
          Item *arrived = g_async_queue_timeout_pop (shared.results, 100 * 1000);
          if (arrived != NULL && arrived->index != next_index)
            {
              g_hash_table_insert (waiting, GUINT_TO_POINTER (arrived->index), arrived);
              continue;
            }
          item = arrived;
        }
      t = g_timer_elapsed (timer, NULL);

      if (item != NULL)
        {
          next_index++;
          received++;
          progress.done++;
          if ((item->outcome == OUTCOME_NEW || item->outcome == OUTCOME_DUPLICATE) &&
              w.tx == NULL && !begin (&w, error))
            {
              item_free (item);
              goto drain;
            }
          switch (item->outcome)
            {
            case OUTCOME_NEW:
              if (!write_new (&w, item, error))
                {
                  item_free (item);
                  goto drain;
                }
              result->imported++;
              if (item->image->damage != REVIEW_DAMAGE_NONE)
                add_damaged (result, options, item);
              in_tx++;
              item_free (item);
              break;
            case OUTCOME_DUPLICATE:
              result->duplicates++;
              in_tx++;
              {
                gint64 id = find_photo (&w, item->sha256);
                if (id > 0)
                  {
                    if (!add_path (&w, id, item->path, error))
                      {
                        item_free (item);
                        goto drain;
                      }
                    item_free (item);
                  }
                else
                  g_ptr_array_add (w.pending_paths, item);
              }
              break;
            case OUTCOME_REJECTED:
              add_rejection (result, options, item->path, item->code, item->reason);
              item_free (item);
              break;
            case OUTCOME_CANCELLED:
            default:
              result->cancelled = TRUE;
              item_free (item);
              break;
            }
        }

      if (w.tx != NULL && (in_tx >= BATCH_SIZE || t - last_commit >= BATCH_SECONDS ||
                           received == files->len))
        {
          if (!resolve_pending (&w, error) ||
              !update_batch (&w, result, FALSE, error) ||
              !commit (&w, error))
            goto drain;
          in_tx = 0;
          last_commit = t;
          committed = result->imported;
        }

      progress.imported = result->imported;
      progress.damaged = result->damaged;
      progress.duplicates = result->duplicates;
      progress.rejected = result->rejected;
      progress.elapsed = t;
      if (options->progress && (t - last_progress >= 0.1 || received == files->len))
        {
          options->progress (&progress, options->user_data);
          last_progress = t;
        }
    }

  if (g_cancellable_is_cancelled (cancellable))
    result->cancelled = TRUE;
  result->elapsed = g_timer_elapsed (timer, NULL);
  /* Finish the batch: its counts and one audit event. */
  if (!begin (&w, error) ||
      !resolve_pending (&w, error))
    goto drain;
  for (guint i = 0; i < w.pending_paths->len; i++)
    {
      Item *item = g_ptr_array_index (w.pending_paths, i);
      result->duplicates--;
      add_rejection (result, options, item->path, REVIEW_DECODE_ERROR_CORRUPT,
                     _("Same content as another file of this import, which was rejected."));
    }
  details = audit_details (result, progress.total);
  if (!update_batch (&w, result, TRUE, error) ||
      !review_audit_append (w.db, review_profile_get_id (review_vault_get_profile (vault)),
                            "import", result->batch_uuid, details, error) ||
      !commit (&w, error))
    goto drain;
  ok = TRUE;
  /* The import is an entry: keep the head outside the vault too. */
  review_anchor_keep_from (vault, w.db);

drain:
  if (!ok)
    {
      /* Stop the workers and keep what was committed. */
      g_cancellable_cancel (cancellable);
      g_clear_pointer (&w.tx, review_db_transaction_free);
      /* The error is about the last batch: say that the earlier ones stay. */
      if (error != NULL && *error != NULL && committed > 0)
        {
          char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%s %u photo imported before this stays "
                                                        "in the vault; run the same import again "
                                                        "to finish it.",
                                                        "%s %u photos imported before this stay "
                                                        "in the vault; run the same import again "
                                                        "to finish it.", committed),
                                           (*error)->message, committed);
          g_free ((*error)->message);
          (*error)->message = message;
        }
    }
  if (threads != NULL)
    g_thread_pool_free (threads, FALSE, TRUE);
  {
    Item *left;
    while ((left = g_async_queue_try_pop (shared.results)) != NULL)
      item_free (left);
    if (waiting != NULL)
      {
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init (&iter, waiting);
        while (g_hash_table_iter_next (&iter, &key, &value))
          item_free (value);
        g_hash_table_remove_all (waiting);
      }
  }
out:
  g_clear_pointer (&w.insert_photo, sqlite3_finalize);
  g_clear_pointer (&w.insert_thumb, sqlite3_finalize);
  g_clear_pointer (&w.insert_path, sqlite3_finalize);
  g_clear_pointer (&w.find_photo, sqlite3_finalize);
  g_clear_pointer (&w.pending_paths, g_ptr_array_unref);
  if (w.db != NULL)
    sqlite3_close_v2 (w.db);
  review_decoder_pool_free (shared.pool);
  g_async_queue_unref (shared.results);
  g_mutex_clear (&shared.lock);
  g_clear_pointer (&shared.known, g_hash_table_unref);
  g_clear_pointer (&shared.faults, g_hash_table_unref);
  if (!ok)
    return NULL;
  return g_steal_pointer (&result);
}
