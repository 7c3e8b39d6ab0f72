/* review-vault.c
 *
 * Opening order, and why:
 *   1. vault.json's key-check value is compared with the key, so a wrong
 *      key is told apart from a damaged file before SQLCipher reads a byte;
 *   2. SQLCipher's own logging is routed away, then PRAGMA key is the first
 *      statement, verified by a read of page 1 and the schema;
 *   3. the hardening pragmas are set and each is read back;
 *   4. a quick check (schema readable, vault id matches vault.json) passes;
 *   5. only then may anything be written: migrations, the profile, audit.
 * Nothing is written before step 5, so a failed open leaves vault.db
 * byte-for-byte unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "review-anchor-private.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-json.h"
#include "review-migrations-private.h"
#include "review-recovery.h"
#include "review-text.h"
#include "review-vault-private.h"
#include "review-audit-private.h"
#include "review-profile-private.h"

struct _ReviewVault
{
  GObject        parent_instance;
  char          *dir;
  char          *db_path;
  char          *id;
  char          *cipher_version;
  ReviewKey     *key;
  sqlite3       *db;
  ReviewProfile *profile;
  int            schema_version;
  gboolean       anchor_on_close;  /* keep the audit head when it closes */
  gint64         anchored_at;      /* monotonic µs of the last head kept; 0: the
                                    * lifecycle did not anchor it (no periodic keeping) */
  gboolean       anchor_scheduled; /* a deferred keep waits for a commit */
};

G_DEFINE_FINAL_TYPE (ReviewVault, review_vault, G_TYPE_OBJECT)

/* How many vault objects are alive, so that a lock can prove none is left. */
static gint live_vaults;

/**
 * review_vault_count_live:
 *
 * The number of ReviewVault objects not yet finalized.
 */
guint
review_vault_count_live (void)
{
  return (guint) g_atomic_int_get (&live_vaults);
}

static void
review_vault_finalize (GObject *object)
{
  ReviewVault *self = REVIEW_VAULT (object);

  review_vault_close (self);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->cipher_version, g_free);
  g_atomic_int_dec_and_test (&live_vaults);
  G_OBJECT_CLASS (review_vault_parent_class)->finalize (object);
}

static void
review_vault_dispose (GObject *object)
{
  ReviewVault *self = REVIEW_VAULT (object);

  g_clear_object (&self->profile);
  G_OBJECT_CLASS (review_vault_parent_class)->dispose (object);
}

static void
review_vault_class_init (ReviewVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = review_vault_finalize;
  object_class->dispose = review_vault_dispose;
}

static void
review_vault_init (ReviewVault *self)
{
  g_atomic_int_inc (&live_vaults);
}

/* --- locations ---------------------------------------------------------- */

char *
review_vault_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, NULL);
}

/**
 * review_vault_resolve_dir:
 * @option_value: (nullable): the --vault option, if given
 *
 * --vault=DIR, else $REVIEW_VAULT, else the default folder. Always absolute.
 */
char *
review_vault_resolve_dir (const char *option_value)
{
  const char *env = g_getenv ("REVIEW_VAULT");
  g_autofree char *dir = NULL;

  if (option_value != NULL && *option_value != '\0')
    dir = g_strdup (option_value);
  else if (env != NULL && *env != '\0')
    dir = g_strdup (env);
  else
    return review_vault_default_dir ();

  if (!g_path_is_absolute (dir))
    {
      g_autofree char *cwd = g_get_current_dir ();
      return g_canonicalize_filename (dir, cwd);
    }
  return g_canonicalize_filename (dir, NULL);
}

/* Every file a vault folder may hold. A folder with any of them is a vault,
 * whole or damaged, and is never initialised again. */
static const char * const vault_files[] = {
  REVIEW_VAULT_DB_NAME, REVIEW_VAULT_INFO_NAME, REVIEW_RECOVERY_FILE_NAME,
  REVIEW_VAULT_DB_NAME "-wal", REVIEW_VAULT_DB_NAME "-shm",
};

/**
 * review_vault_exists:
 *
 * Whether @dir holds any vault file (vault.db, vault.json, recovery.json,
 * a WAL or SHM file): such a folder is a vault, maybe a damaged one, and
 * is never made into a new vault.
 */
gboolean
review_vault_exists (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (vault_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, vault_files[i], NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* vault.db is there and not empty: an emptied vault.db must never be taken
 * for a new database (SQLCipher would make one on the first write). */
static gboolean
check_database_file (const char  *dir,
                     GError     **error)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_autofree char *where = review_text_quote (dir, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The vault in “%s” is damaged: vault.db is missing or empty. Nothing was "
                     "changed. Restore vault.db from a backup; Review never makes a new vault "
                     "over the files of an old one."), where);
      return FALSE;
    }
  return TRUE;
}

/* --- the SQLCipher library ---------------------------------------------- */

static void
quiet_cipher_log (sqlite3 *db)
{
  /* SQLCipher 4.6 writes "hmac check failed" and mlock errors to stderr;
   * every failure reaches the user as Review's own translated error. */
  sqlite3_exec (db, "PRAGMA cipher_log_source = NONE", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA cipher_log = '/dev/null'", NULL, NULL, NULL);
}

/**
 * review_vault_check_cipher:
 * @version: (out) (optional): the loaded SQLCipher's version
 *
 * Refuses SQLCipher 3 (Debian 12's main archive has 3.4.1) and plain
 * SQLite: pkg-config cannot tell them apart, so this asks the library.
 */
gboolean
review_vault_check_cipher (char   **version,
                           GError **error)
{
  sqlite3 *db = NULL;
  g_autofree char *v = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      sqlite3_close (db);
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_CIPHER_UNSUPPORTED,
                           _("The SQLCipher library could not be started."));
      return FALSE;
    }
  quiet_cipher_log (db);
  v = review_db_query_text (db, "PRAGMA cipher_version", NULL);
  sqlite3_close (db);

  if (v == NULL || *v == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_CIPHER_UNSUPPORTED,
                           _("Review was linked with SQLite instead of SQLCipher, so it cannot "
                             "encrypt the vault. Install SQLCipher 4 and rebuild."));
      return FALSE;
    }
  if (!g_str_has_prefix (v, "4."))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_CIPHER_UNSUPPORTED,
                   _("Review needs SQLCipher 4, but version %s is installed. On Debian 12, "
                     "install libsqlcipher1 from bookworm-backports."), v);
      return FALSE;
    }
  if (version)
    *version = g_steal_pointer (&v);
  return TRUE;
}

/* --- vault.json --------------------------------------------------------- */

typedef struct
{
  char *vault_id;
  char *key_check;
} VaultInfo;

static void
vault_info_clear (VaultInfo *info)
{
  g_clear_pointer (&info->vault_id, g_free);
  g_clear_pointer (&info->key_check, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VaultInfo, vault_info_clear)

/**
 * review_vault_info_parse:
 * @contents: the @len bytes of a vault.json (untrusted)
 * @vault_id: (out): its vault id, a valid UUID
 * @key_check: (out): its key check value
 *
 * Returns: whether @contents is a whole vault.json; nothing is set if not
 */
gboolean
review_vault_info_parse (const char  *contents,
                         gsize        len,
                         char       **vault_id,
                         char       **key_check)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *id = NULL;
  g_autofree char *check = NULL;
  JsonObject *obj;

  obj = review_json_load_object (parser, contents, (gssize) len, 64 * 1024);
  if (obj == NULL)
    return FALSE;
  if (review_json_int_member (obj, "format") != REVIEW_VAULT_FORMAT)
    return FALSE;
  id = g_strdup (review_json_string_member (obj, "vault_id"));
  check = g_strdup (review_json_string_member (obj, "key_check"));
  if (id == NULL || !g_uuid_string_is_valid (id) || check == NULL)
    return FALSE;
  *vault_id = g_steal_pointer (&id);
  *key_check = g_steal_pointer (&check);
  return TRUE;
}

/* Returns FALSE with G_FILE_ERROR_NOENT when absent, REVIEW_ERROR_DAMAGED
 * when present but unreadable. */
static gboolean
vault_info_load (const char  *dir,
                 VaultInfo   *info,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_VAULT_INFO_NAME, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!review_vault_info_parse (contents, len, &info->vault_id, &info->key_check))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The file “%s” in the vault folder is damaged."), REVIEW_VAULT_INFO_NAME);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_private_file (const char  *dir,
                    const char  *name,
                    const char  *contents,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Writes a new file: refused (VAULT_EXISTS) when it exists already. */
static gboolean
create_private_file (const char  *dir,
                     const char  *name,
                     const char  *contents,
                     GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len = strlen (contents);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *where = review_text_quote (path, -1);
      g_set_error (error, REVIEW_ERROR, saved == EEXIST ? REVIEW_ERROR_VAULT_EXISTS : REVIEW_ERROR_IO,
                   _("Could not write “%s”: %s"), where, g_strerror (saved));
      return FALSE;
    }
  ok = write (fd, contents, len) == (gssize) len && fsync (fd) == 0;
  if (close (fd) != 0)
    ok = FALSE;
  if (!ok)
    {
      int saved = errno;
      g_autofree char *where = review_text_quote (path, -1);
      g_unlink (path);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not write “%s”: %s"), where,
                   g_strerror (saved));
    }
  return ok;
}

static char *
vault_info_text (const char      *vault_id,
                 const ReviewKey *key)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *check = review_key_dup_check_value (key);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, REVIEW_VAULT_FORMAT);
  json_builder_set_member_name (b, "vault_id");
  json_builder_add_string_value (b, vault_id);
  json_builder_set_member_name (b, "key_check");
  json_builder_add_string_value (b, check);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
vault_info_save (const char       *dir,
                 const char       *vault_id,
                 const ReviewKey  *key,
                 GError          **error)
{
  g_autofree char *text = vault_info_text (vault_id, key);
  return write_private_file (dir, REVIEW_VAULT_INFO_NAME, text, error);
}

static gboolean
vault_info_create (const char       *dir,
                   const char       *vault_id,
                   const ReviewKey  *key,
                   GError          **error)
{
  g_autofree char *text = vault_info_text (vault_id, key);
  return create_private_file (dir, REVIEW_VAULT_INFO_NAME, text, error);
}

/**
 * review_vault_recovery_id_parse:
 * @contents: the @len bytes of a recovery.json (untrusted)
 *
 * The vault id as recovery.json records it: a fallback when vault.json is
 * lost, so the key can still be found (and the vault then restores it).
 *
 * Returns: (transfer full) (nullable): a valid UUID
 */
char *
review_vault_recovery_id_parse (const char *contents,
                                gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj = review_json_load_object (parser, contents, (gssize) len, 64 * 1024);
  const char *id;

  if (obj == NULL)
    return NULL;
  id = review_json_string_member (obj, "vault_id");
  return id != NULL && g_uuid_string_is_valid (id) ? g_strdup (id) : NULL;
}

static char *
recovery_file_vault_id (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return review_vault_recovery_id_parse (contents, len);
}

/**
 * review_vault_read_ids:
 *
 * The ids under which this vault's key may be kept: vault.json's, then
 * recovery.json's when it differs (one of the two files may be damaged).
 *
 * Returns: (transfer full): possibly empty
 */
GStrv
review_vault_read_ids (const char *dir)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(VaultInfo) info = { 0 };
  g_autofree char *fallback = recovery_file_vault_id (dir);

  if (vault_info_load (dir, &info, NULL))
    g_strv_builder_add (ids, info.vault_id);
  if (fallback != NULL && g_strcmp0 (fallback, info.vault_id) != 0)
    g_strv_builder_add (ids, fallback);
  return g_strv_builder_end (ids);
}

/**
 * review_vault_check_files:
 *
 * Whether vault.db is there and not empty. A folder holding other vault
 * files without it is a damaged vault, never a place for a new one.
 */
gboolean
review_vault_check_files (const char  *dir,
                          GError     **error)
{
  return check_database_file (dir, error);
}

char *
review_vault_read_id (const char  *dir,
                      GError     **error)
{
  g_auto(VaultInfo) info = { 0 };
  g_autoptr(GError) local_error = NULL;
  char *fallback;

  if (!vault_info_load (dir, &info, &local_error))
    {
      fallback = recovery_file_vault_id (dir);
      if (fallback != NULL)
        return fallback;
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                     _("The file “%s” is missing from the vault folder “%s”."),
                     REVIEW_VAULT_INFO_NAME, dir);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&info.vault_id);
}

/* --- connections -------------------------------------------------------- */

static gboolean
expect_pragma (sqlite3     *db,
               const char  *set_sql,
               const char  *get_sql,
               const char  *expected,
               GError     **error)
{
  g_autofree char *value = NULL;

  if (set_sql != NULL)
    {
      g_autofree char *ignored = review_db_query_text (db, set_sql, error);
      if (ignored == NULL)
        return FALSE;
    }
  value = review_db_query_text (db, get_sql, error);
  if (value == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (value, expected) != 0)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                   _("A required vault setting did not take effect (%s is “%s”, not “%s”)."),
                   get_sql, value, expected);
      return FALSE;
    }
  return TRUE;
}

/* PRAGMA key with the raw key, its text only ever in locked, wiped memory.
 * Memory security must be on already. Returns SQLite's result code. */
static int
apply_key (sqlite3         *db,
           const ReviewKey *key)
{
  char *literal = review_key_dup_sql_literal (key);
  char *key_sql = review_secure_alloc (strlen (literal) + 16);
  int rc;

  strcpy (key_sql, "PRAGMA key = ");
  strcat (key_sql, literal);
  review_secure_free_string (literal);
  rc = sqlite3_exec (db, key_sql, NULL, NULL, NULL);
  review_secure_free_string (key_sql);
  return rc;
}

/* Keys a fresh connection and checks it reads. On a wrong key or damaged
 * page 1, SQLCipher reports SQLITE_NOTADB at the first read. */
static sqlite3 *
open_connection (const char       *path,
                 const ReviewKey  *key,
                 gboolean          create,
                 int              *sqlite_rc,
                 GError          **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  *sqlite_rc = SQLITE_OK;
  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      *sqlite_rc = rc;
      review_db_set_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  review_db_watch (db);
  sqlite3_extended_result_codes (db, 1);
  /* The window and the command line may use the vault at the same time. */
  sqlite3_busy_timeout (db, 10000);
  quiet_cipher_log (db);
  /* The schema's triggers call them: before any statement may fire one. */
  if (!review_db_register_functions (db, error))
    goto fail_error;

  /* Memory security before the key: every copy SQLite makes of the key
   * text, and every page decrypted afterwards, is wiped when freed. Once on,
   * it stays on for the life of the process. */
  if (!expect_pragma (db, "PRAGMA cipher_memory_security = ON",
                      "PRAGMA cipher_memory_security", "1", error))
    goto fail_error;

  rc = apply_key (db, key);
  if (rc != SQLITE_OK)
    goto fail;

  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  if (!expect_pragma (db, "PRAGMA temp_store = MEMORY", "PRAGMA temp_store", "2", error) ||
      !expect_pragma (db, "PRAGMA secure_delete = ON", "PRAGMA secure_delete", "1", error) ||
      !expect_pragma (db, "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1", error))
    goto fail_error;

  return db;

fail:
  *sqlite_rc = rc;
  review_db_set_error (error, db, rc);
fail_error:
  sqlite3_close (db);
  return NULL;
}

/* Settings that write to the file: only after the quick check passed. */
static gboolean
set_write_pragmas (sqlite3  *db,
                   GError  **error)
{
  return expect_pragma (db, "PRAGMA journal_mode = WAL", "PRAGMA journal_mode", "wal", error) &&
         expect_pragma (db, "PRAGMA synchronous = FULL", "PRAGMA synchronous", "2", error);
}

static gboolean
load_state (ReviewVault  *self,
            GError      **error)
{
  gint64 version = 0;

  if (!review_db_query_int (self->db, "PRAGMA user_version", &version, error))
    return FALSE;
  self->schema_version = (int) version;
  g_clear_object (&self->profile);
  self->profile = review_profile_load_local (self->db, error);
  if (self->profile == NULL && error && *error)
    return FALSE;
  return TRUE;
}

static void
remove_if_created (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
}

/* Whether @key decrypts @db_path: opened read-only, nothing written. */
static gboolean
key_opens_database (const char      *db_path,
                    const ReviewKey *key)
{
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) !=
      SQLITE_OK)
    goto out;
  review_db_watch (db);
  quiet_cipher_log (db);
  if (sqlite3_exec (db, "PRAGMA cipher_memory_security = ON", NULL, NULL, NULL) != SQLITE_OK)
    goto out;
  ok = apply_key (db, key) == SQLITE_OK &&
       sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) ==
             SQLITE_OK;
out:
  sqlite3_close (db);
  return ok;
}

static void
set_info_damaged (GError     **error,
                  const char  *dir)
{
  g_autofree char *where = review_text_quote (dir, -1);

  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INFO_DAMAGED,
               _("The file vault.json in “%s” is damaged; the vault itself is fine and its "
                 "key opens it. Repair vault.json with: review vault repair"), where);
}

/**
 * review_vault_repair_info:
 * @key: a key that opens the database (from the keyring or the recovery key)
 *
 * Rewrites vault.json from the database: its vault id, and the key-check
 * value of @key. Nothing else is touched.
 *
 * Returns: (transfer full): the vault id, or %NULL with @error set
 */
char *
review_vault_repair_info (const char       *dir,
                          const ReviewKey  *key,
                          GError          **error)
{
  g_autofree char *db_path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  g_autofree char *vault_id = NULL;
  sqlite3 *db = NULL;
  int rc = 0;

  if (!check_database_file (dir, error))
    return NULL;
  db = open_connection (db_path, key, FALSE, &rc, NULL);
  if (db == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                           _("This key does not open this vault, so vault.json cannot be "
                             "repaired with it."));
      return NULL;
    }
  vault_id = review_db_meta_get (db, "vault_id", error);
  sqlite3_close (db);
  if (vault_id == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                             _("The vault file is damaged: its identity record is missing."));
      return NULL;
    }
  if (!vault_info_save (dir, vault_id, key, error))
    return NULL;
  return g_steal_pointer (&vault_id);
}

/* --- create ------------------------------------------------------------- */

/**
 * review_vault_create:
 * @vault_id: (nullable): the new vault's id (a UUID); %NULL makes one
 * @recovery_key: the recovery key shown to the user (see
 *   review_recovery_key_generate()); a copy of @key wrapped by it is kept
 *   in recovery.json
 *
 * Creates vault.db, recovery.json and vault.json in @dir (made 0700 when
 * missing). On any failure, the files this call created are removed again.
 * The key is not stored in the keyring here: callers do that first, so a
 * keyring failure leaves no vault behind.
 */
ReviewVault *
review_vault_create (const char       *dir,
                     const char       *vault_id,
                     const ReviewKey  *key,
                     const char       *recovery_key,
                     const char       *display_name,
                     ReviewRole        role,
                     GError          **error)
{
  g_autoptr(ReviewVault) self = NULL;
  g_autofree char *cipher_version = NULL;
  g_autofree char *recovery_json = NULL;
  g_autofree char *now = NULL;
  g_autofree char *details = NULL;
  gboolean created_recovery = FALSE;
  int rc = 0;

  g_return_val_if_fail (dir != NULL && key != NULL && recovery_key != NULL, NULL);
  g_return_val_if_fail (vault_id == NULL || g_uuid_string_is_valid (vault_id), NULL);

  if (!review_vault_check_cipher (&cipher_version, error))
    return NULL;

  if (review_vault_exists (dir))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_VAULT_EXISTS,
                   _("A vault already exists in “%s”."), dir);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not create the vault folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (REVIEW_TYPE_VAULT, NULL);
  self->dir = g_strdup (dir);
  self->db_path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  self->id = vault_id ? g_strdup (vault_id) : g_uuid_string_random ();
  self->cipher_version = g_steal_pointer (&cipher_version);
  self->key = review_key_copy (key);

  /* Made private before SQLite writes a byte, whatever the umask; SQLite
   * gives the -wal and -shm files the same mode. O_EXCL also closes the
   * race with another process creating a vault here. */
  {
    int fd = g_open (self->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
      {
        int saved = errno;
        g_set_error (error, REVIEW_ERROR,
                     saved == EEXIST ? REVIEW_ERROR_VAULT_EXISTS : REVIEW_ERROR_IO,
                     _("Could not create “%s”: %s"), self->db_path, g_strerror (saved));
        return NULL;
      }
    close (fd);
  }

  self->db = open_connection (self->db_path, key, TRUE, &rc, error);
  if (self->db == NULL)
    goto fail;
  now = review_db_now_iso8601 ();
  if (!set_write_pragmas (self->db, error) ||
      !review_migrations_run (self->db, -1, error) ||
      !review_db_meta_set (self->db, "vault_id", self->id, error) ||
      !review_db_meta_set (self->db, "created", now, error) ||
      !review_db_meta_set (self->db, "created_by_version", PACKAGE_VERSION, error))
    goto fail;

  self->profile = review_profile_create_local (self->db, display_name, role, error);
  if (self->profile == NULL)
    goto fail;

  details = g_strdup_printf ("{\"app_version\":\"%s\",\"cipher_version\":\"%s\"}",
                             PACKAGE_VERSION, self->cipher_version);
  /* The starter facility list comes next, from the store's open path
   * (review_gazetteer_prepare()): the vault knows nothing of facilities. */
  if (!review_vault_audit (self, "vault.created", self->id, details, error) ||
      !load_state (self, error))
    goto fail;

  recovery_json = review_recovery_wrap (key, recovery_key, self->id, error);
  if (recovery_json == NULL)
    goto fail;
  /* Neither file may exist yet: another process may have started a vault
   * here since the check; never write over its files. */
  if (!create_private_file (dir, REVIEW_RECOVERY_FILE_NAME, recovery_json, error))
    goto fail;
  created_recovery = TRUE;
  if (!vault_info_create (dir, self->id, key, error))
    goto fail;

  return g_steal_pointer (&self);

fail:
  /* Only what this call created goes: vault.db (made with O_EXCL above)
   * and SQLite's own -wal and -shm for it, and recovery.json when it was
   * written here. */
  review_vault_close (self);
  remove_if_created (dir, REVIEW_VAULT_DB_NAME);
  remove_if_created (dir, REVIEW_VAULT_DB_NAME "-wal");
  remove_if_created (dir, REVIEW_VAULT_DB_NAME "-shm");
  if (created_recovery)
    remove_if_created (dir, REVIEW_RECOVERY_FILE_NAME);
  return NULL;
}

/* --- open --------------------------------------------------------------- */

ReviewVault *
review_vault_open (const char       *dir,
                   const ReviewKey  *key,
                   GError          **error)
{
  return review_vault_open_checked (dir, key, NULL, NULL, error);
}

/**
 * review_vault_open_checked:
 * @check: (nullable): called after the read-only checks (step 4) and before
 *   anything is written (step 5), with the database and the vault id; when
 *   it fails the vault is not opened and nothing was written.
 */
ReviewVault *
review_vault_open_checked (const char            *dir,
                           const ReviewKey       *key,
                           ReviewVaultCheckFunc   check,
                           gpointer               check_data,
                           GError               **error)
{
  g_autoptr(ReviewVault) self = NULL;
  g_auto(VaultInfo) info = { 0 };
  g_autoptr(GError) info_error = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autofree char *cipher_version = NULL;
  g_autofree char *stored_id = NULL;
  gboolean have_info;
  gint64 version = 0;
  int rc = 0;

  g_return_val_if_fail (dir != NULL && key != NULL, NULL);

  if (!review_vault_check_cipher (&cipher_version, error))
    return NULL;

  if (!review_vault_exists (dir))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_VAULT,
                   _("There is no vault in “%s”."), dir);
      return NULL;
    }

  if (!check_database_file (dir, error))
    return NULL;

  /* 1. The key-check value: a wrong key never reaches SQLCipher, unless
   * vault.json itself is what is wrong (then the key opens the database,
   * read-only, and the message says so: `review vault repair`). */
  have_info = vault_info_load (dir, &info, &info_error);
  if ((have_info && !review_key_matches_check (key, info.key_check)) ||
      (!have_info && !g_error_matches (info_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)))
    {
      g_autofree char *db_path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);

      if (key_opens_database (db_path, key))
        set_info_damaged (error, dir);
      else if (have_info)
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                             _("This key does not open this vault."));
      else
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                             _("This key does not open this vault, or the vault file is "
                               "damaged."));
      return NULL;
    }

  self = g_object_new (REVIEW_TYPE_VAULT, NULL);
  self->dir = g_strdup (dir);
  self->db_path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);
  self->cipher_version = g_steal_pointer (&cipher_version);
  self->key = review_key_copy (key);

  /* 2, 3. Key, first read, hardening. */
  self->db = open_connection (self->db_path, key, FALSE, &rc, &open_error);
  if (self->db == NULL)
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        {
          if (have_info)
            g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                                 _("The vault file is damaged: its first page cannot be read. "
                                   "Nothing was changed. Restore vault.db from a backup."));
          else
            g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                                 _("This key does not open this vault, or the vault file is "
                                   "damaged."));
        }
      else if ((rc & 0xff) == SQLITE_CORRUPT)
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                             _("The vault file is damaged: its table of contents cannot be "
                               "read. Nothing was changed. Restore vault.db from a backup."));
      else
        g_propagate_error (error, g_steal_pointer (&open_error));
      return NULL;
    }

  /* 4. Quick check: the schema reads, and this is the vault vault.json names. */
  if (!review_db_query_int (self->db, "PRAGMA user_version", &version, error))
    return NULL;
  if (version == 0)
    {
      /* An empty database where a vault was: never migrated from nothing. */
      g_autofree char *where = review_text_quote (dir, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The vault in “%s” is damaged: vault.db holds no vault. Nothing was "
                     "changed. Restore vault.db from a backup."), where);
      return NULL;
    }
  if (version > review_migrations_latest_version ())
    {
      /* Let the migration code word the refusal. */
      review_migrations_run (self->db, -1, error);
      return NULL;
    }
  stored_id = review_db_meta_get (self->db, "vault_id", &open_error);
  if (open_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&open_error));
      return NULL;
    }
  if (version >= 1 && stored_id == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                           _("The vault file is damaged: its identity record is missing."));
      return NULL;
    }
  if (stored_id != NULL && have_info && g_strcmp0 (stored_id, info.vault_id) != 0)
    {
      /* The key opened it and passed vault.json's check: the id in
       * vault.json is what changed. */
      set_info_damaged (error, dir);
      return NULL;
    }

  /* 4b. The caller's own read-only check (the audit trail's kept head). */
  if (check != NULL &&
      !check (self->db, stored_id != NULL ? stored_id : info.vault_id, check_data, error))
    return NULL;

  /* 5. From here on, writing is allowed. */
  if (!set_write_pragmas (self->db, error) ||
      !review_migrations_run (self->db, -1, error))
    return NULL;

  if (stored_id == NULL)
    {
      stored_id = have_info ? g_strdup (info.vault_id) : g_uuid_string_random ();
      if (!review_db_meta_set (self->db, "vault_id", stored_id, error))
        return NULL;
    }
  self->id = g_steal_pointer (&stored_id);

  if (!load_state (self, error))
    return NULL;
  if (self->profile == NULL)
    {
      g_autofree char *name = review_profile_default_name ();
      self->profile = review_profile_create_local (self->db, name, REVIEW_ROLE_REVIEWER, error);
      if (self->profile == NULL)
        return NULL;
    }

  /* vault.json is derived data; put it back if it went missing. */
  if (!have_info && !vault_info_save (dir, self->id, key, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * review_vault_recover_key:
 *
 * Unwraps the vault key from recovery.json with a recovery key typed by the
 * user, and checks it against vault.json. Slow on purpose (scrypt): call it
 * from a worker thread in the window.
 */
ReviewKey *
review_vault_recover_key (const char  *dir,
                          const char  *recovery_key,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  g_autofree char *json = NULL;
  g_autofree char *vault_id = NULL;
  guint8 secret[REVIEW_RECOVERY_SECRET_LEN];
  g_auto(VaultInfo) info = { 0 };
  g_autoptr(ReviewKey) key = NULL;
  gsize len = 0;

  if (!review_vault_exists (dir))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_VAULT,
                   _("There is no vault in “%s”."), dir);
      return NULL;
    }
  /* Reject typing mistakes before the slow part. */
  if (!review_recovery_key_parse (recovery_key, secret, error))
    return NULL;
  review_secure_wipe (secret, sizeof secret);

  if (!g_file_get_contents (path, &json, &len, NULL) || len > 64 * 1024)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING,
                   _("The recovery file “%s” is missing from the vault folder, so a recovery "
                     "key cannot open this vault."), REVIEW_RECOVERY_FILE_NAME);
      return NULL;
    }
  /* recovery.json names its own vault (its wrapped key is bound to that
   * id): unwrap under it, so that a damaged vault.json is not taken for a
   * wrong recovery key. */
  vault_id = recovery_file_vault_id (dir);
  if (!vault_info_load (dir, &info, NULL))
    {
      /* vault.json lost or damaged: SQLCipher checks the key. */
      if (vault_id == NULL)
        {
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING,
                       _("The recovery file “%s” beside the vault is damaged or belongs to "
                         "another vault."), REVIEW_RECOVERY_FILE_NAME);
          return NULL;
        }
      return review_recovery_unwrap (json, recovery_key, vault_id, error);
    }
  key = review_recovery_unwrap (json, recovery_key, vault_id != NULL ? vault_id : info.vault_id,
                                error);
  if (key == NULL)
    return NULL;
  if (!review_key_matches_check (key, info.key_check) ||
      g_strcmp0 (vault_id, info.vault_id) != 0)
    {
      g_autofree char *db_path = g_build_filename (dir, REVIEW_VAULT_DB_NAME, NULL);

      if (key_opens_database (db_path, key))
        set_info_damaged (error, dir);
      else
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_WRONG,
                             _("This recovery key does not belong to this vault."));
      return NULL;
    }
  return g_steal_pointer (&key);
}

/**
 * review_vault_check_recovery:
 *
 * Checks recovery.json against this vault's key (its structure and MAC),
 * without the recovery key. See review_recovery_check().
 */
gboolean
review_vault_check_recovery (ReviewVault  *self,
                             GError      **error)
{
  g_autofree char *path = g_build_filename (self->dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  g_autofree char *json = NULL;
  gsize len = 0;

  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);

  if (!g_file_get_contents (path, &json, &len, NULL) || len > 64 * 1024)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING,
                   _("The recovery file “%s” is missing from the vault folder, so a recovery "
                     "key cannot open this vault."), REVIEW_RECOVERY_FILE_NAME);
      return FALSE;
    }
  return review_recovery_check (json, self->key, self->id, error);
}

/**
 * review_vault_rekey_recovery:
 * @recovery_key: the new recovery key (see review_recovery_key_generate())
 *
 * Replaces recovery.json with a copy of the vault key wrapped by
 * @recovery_key: the old recovery key no longer opens the vault. An audit
 * event records it (never the key). The new file is written beside the old
 * one and renamed over it only once the event is recorded.
 */
gboolean
review_vault_rekey_recovery (ReviewVault  *self,
                             const char   *recovery_key,
                             GError      **error)
{
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *staged_name = g_strconcat (REVIEW_RECOVERY_FILE_NAME, ".new", NULL);

  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);

  json = review_recovery_wrap (self->key, recovery_key, self->id, error);
  if (json == NULL)
    return FALSE;
  path = g_build_filename (self->dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  staged = g_build_filename (self->dir, staged_name, NULL);
  g_unlink (staged);
  if (!create_private_file (self->dir, staged_name, json, error))
    return FALSE;
  if (!review_vault_audit (self, "vault.recovery-key-replaced", self->id, "{}", error))
    {
      g_unlink (staged);
      return FALSE;
    }
  if (g_rename (staged, path) != 0)
    {
      int saved = errno;
      g_autofree char *where = review_text_quote (path, -1);
      g_unlink (staged);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not write “%s”: %s"), where,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * review_vault_recover_key_raw:
 *
 * The key recovery.json holds under @recovery_key, unwrapped under the id
 * recovery.json itself names, checked against nothing else: for repairing
 * a damaged vault.json, where the database then proves it.
 */
ReviewKey *
review_vault_recover_key_raw (const char  *dir,
                              const char  *recovery_key,
                              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, REVIEW_RECOVERY_FILE_NAME, NULL);
  g_autofree char *json = NULL;
  g_autofree char *vault_id = recovery_file_vault_id (dir);
  gsize len = 0;

  if (vault_id == NULL || !g_file_get_contents (path, &json, &len, NULL) || len > 64 * 1024)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING,
                   _("The recovery file “%s” beside the vault is damaged or belongs to "
                     "another vault."), REVIEW_RECOVERY_FILE_NAME);
      return NULL;
    }
  return review_recovery_unwrap (json, recovery_key, vault_id, error);
}

void
review_vault_close (ReviewVault *self)
{
  g_return_if_fail (REVIEW_IS_VAULT (self));

  if (self->db != NULL)
    {
      if (self->anchor_on_close)
        {
          g_autoptr(GError) anchor_error = NULL;
          if (!review_anchor_keep_head (self->db, self->id, &anchor_error))
            g_debug ("The audit trail's head could not be kept: %s", anchor_error->message);
        }
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->key, review_key_free);
}

/* --- accessors ---------------------------------------------------------- */

const char *
review_vault_get_dir (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return self->dir;
}

const char *
review_vault_get_id (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return self->id;
}

const char *
review_vault_get_cipher_version (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return self->cipher_version;
}

int
review_vault_get_schema_version (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), 0);
  return self->schema_version;
}

ReviewProfile *
review_vault_get_profile (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return self->profile;
}

sqlite3 *
review_vault_get_db (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return self->db;
}

/**
 * review_vault_open_connection:
 *
 * A second connection to the same vault, keyed and hardened like the first,
 * for long writers in another thread (an import) so that their transactions
 * never mix with the window's own writes. Close it with sqlite3_close_v2().
 */
sqlite3 *
review_vault_open_connection (ReviewVault  *self,
                              GError      **error)
{
  sqlite3 *db;
  int rc = 0;

  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  g_return_val_if_fail (self->key != NULL, NULL);

  db = open_connection (self->db_path, self->key, FALSE, &rc, error);
  if (db != NULL && !set_write_pragmas (db, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

/**
 * review_vault_open_worker_view:
 *
 * The same open vault on a connection of its own (review_vault_open_connection()),
 * for a long worker in another thread (a report, an export) that uses the
 * vault's whole API: its statements and transactions never mix with those
 * of the store service, which alone uses the vault's own connection. The
 * profile is shared; the audit head is kept by the worker when it is done,
 * not on a schedule.
 */
ReviewVault *
review_vault_open_worker_view (ReviewVault  *self,
                               GError      **error)
{
  ReviewVault *view;
  sqlite3 *db;

  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);

  db = review_vault_open_connection (self, error);
  if (db == NULL)
    return NULL;
  view = g_object_new (REVIEW_TYPE_VAULT, NULL);
  view->dir = g_strdup (self->dir);
  view->db_path = g_strdup (self->db_path);
  view->id = g_strdup (self->id);
  view->cipher_version = g_strdup (self->cipher_version);
  view->key = review_key_copy (self->key);
  view->db = db;
  view->profile = self->profile != NULL ? g_object_ref (self->profile) : NULL;
  view->schema_version = self->schema_version;
  return view;
}

gint64
review_vault_count_photos (ReviewVault *self)
{
  gint64 n = 0;

  g_return_val_if_fail (REVIEW_IS_VAULT (self), 0);
  /* The photos table arrives with the importer; before that there are none. */
  if (!review_db_table_exists (self->db, "photos"))
    return 0;
  if (!review_db_query_int (self->db, "SELECT count(*) FROM photos", &n, NULL))
    return 0;
  return n;
}

char *
review_vault_dup_created (ReviewVault *self)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), NULL);
  return review_db_meta_get (self->db, "created", NULL);
}

static gint64 anchor_interval_us = REVIEW_VAULT_ANCHOR_INTERVAL_US;
#define ANCHOR_RETRY_MS 500

static void
keep_head_now (ReviewVault *self)
{
  self->anchored_at = g_get_monotonic_time ();
  review_anchor_keep_head_holding (self->db, self->id, NULL);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* After the transaction that wrote an entry: keep the head once it is
 * committed (a lock or close keeps it anyway). */
static gboolean
deferred_keep_cb (gpointer data)
{
  g_autoptr(ReviewVault) self = g_weak_ref_get (data);

  if (self == NULL || self->db == NULL)
    return G_SOURCE_REMOVE;
  if (sqlite3_get_autocommit (self->db) == 0)
    return G_SOURCE_CONTINUE;
  self->anchor_scheduled = FALSE;
  keep_head_now (self);
  return G_SOURCE_REMOVE;
}

gboolean
review_vault_audit (ReviewVault  *self,
                    const char   *action,
                    const char   *target,
                    const char   *details_json,
                    GError      **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (self->profile != NULL, FALSE);

  if (!review_audit_append (self->db, review_profile_get_id (self->profile), action, target,
                            details_json, error))
    return FALSE;
  /* At least once a minute while entries are written, the head is kept
   * outside the vault too: never inside the caller's transaction (it may
   * still roll back; then it is kept just after, from this thread's main
   * context), never blocking, never failing the entry. */
  if (self->anchored_at != 0 &&
      g_get_monotonic_time () - self->anchored_at >= anchor_interval_us)
    {
      if (sqlite3_get_autocommit (self->db) != 0)
        keep_head_now (self);
      else if (!self->anchor_scheduled)
        {
          GWeakRef *weak = g_new0 (GWeakRef, 1);
          GSource *source = g_timeout_source_new (ANCHOR_RETRY_MS);

          g_weak_ref_init (weak, self);
          self->anchor_scheduled = TRUE;
          g_source_set_callback (source, deferred_keep_cb, weak, weak_ref_free);
          g_source_set_name (source, "[review] keep audit head");
          g_source_attach (source, g_main_context_get_thread_default ());
          g_source_unref (source);
        }
    }
  return TRUE;
}

/**
 * review_vault_set_anchor_interval:
 *
 * How often the audit head is kept while entries are written (tests only;
 * 0 restores the minute).
 */
void
review_vault_set_anchor_interval (gint64 microseconds)
{
  anchor_interval_us = microseconds > 0 ? microseconds : REVIEW_VAULT_ANCHOR_INTERVAL_US;
}

/**
 * review_vault_set_anchor_on_close:
 *
 * When set, closing the vault keeps its audit trail's head in the keyring
 * first (blocking: for the command line and workers, not the UI thread).
 */
void
review_vault_set_anchor_on_close (ReviewVault *self,
                                  gboolean     anchor)
{
  g_return_if_fail (REVIEW_IS_VAULT (self));
  self->anchor_on_close = anchor;
}

/* The head was kept just now (by the lifecycle): the next periodic write is
 * due a minute later. */
void
review_vault_note_anchored (ReviewVault *self)
{
  g_return_if_fail (REVIEW_IS_VAULT (self));
  self->anchored_at = g_get_monotonic_time ();
}

/**
 * review_vault_foreach_audit_entry:
 *
 * review_audit_foreach_with_hash() over the vault's trail: every entry (of
 * @action, if not NULL), oldest first, with its hash.
 */
gboolean
review_vault_foreach_audit_entry (ReviewVault         *self,
                                  const char          *action,
                                  ReviewAuditHashFunc  func,
                                  gpointer             user_data,
                                  GError             **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);
  return review_audit_foreach_with_hash (self->db, action, func, user_data, error);
}

gboolean
review_vault_verify_audit (ReviewVault        *self,
                           ReviewAuditReport  *report,
                           GError            **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);
  return review_audit_verify (self->db, report, error);
}

gboolean
review_vault_set_profile (ReviewVault  *self,
                          const char   *display_name,
                          ReviewRole    role,
                          GError      **error)
{
  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);
  return review_profile_update (self->profile, self->db, display_name, role, error);
}

/* --- integrity ---------------------------------------------------------- */

static int
progress_cancel_cb (void *data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (data)) ? 1 : 0;
}

gboolean
review_vault_check_integrity (ReviewVault   *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3 *db;
  int rc = 0;

  g_return_val_if_fail (REVIEW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (self->key != NULL, FALSE);

  db = open_connection (self->db_path, self->key, FALSE, &rc, error);
  if (db == NULL)
    return FALSE;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cancel_cb, cancellable);

  /* Every page's HMAC: returns one row per damaged page, none when clean. */
  if (!review_db_prepare (db, "PRAGMA cipher_integrity_check", &stmt, error))
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (problems->len < 2000)
        g_string_append_printf (problems, "%s\n", sqlite3_column_text (stmt, 0));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    goto step_failed;

  if (problems->len == 0)
    {
      if (!review_db_prepare (db, "PRAGMA integrity_check", &stmt, error))
        goto fail;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *line = (const char *) sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (line, "ok") != 0 && problems->len < 2000)
            g_string_append_printf (problems, "%s\n", line);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE)
        goto step_failed;
    }

  sqlite3_close_v2 (db);
  if (problems->len > 0)
    {
      g_strchomp (problems->str);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INTEGRITY,
                   _("The vault is damaged or was tampered with:\n%s"), problems->str);
      return FALSE;
    }
  return TRUE;

step_failed:
  if (rc == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check was cancelled."));
  else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INTEGRITY,
                 _("The vault is damaged or was tampered with: %s"), sqlite3_errmsg (db));
  else
    review_db_set_error (error, db, rc);
fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  return FALSE;
}

static void
check_integrity_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (review_vault_check_integrity (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
review_vault_check_integrity_async (ReviewVault         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REVIEW_IS_VAULT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_vault_check_integrity_async);
  g_task_set_name (task, "[review] vault integrity check");
  g_task_run_in_thread (task, check_integrity_thread);
}

gboolean
review_vault_check_integrity_finish (ReviewVault   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char      *dir;
  ReviewKey *key;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->dir);
  review_key_free (data->key);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(GError) error = NULL;
  ReviewVault *vault = review_vault_open (data->dir, data->key, &error);

  if (vault == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

void
review_vault_open_async (const char          *dir,
                         const ReviewKey     *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (dir != NULL && key != NULL);

  data = g_new0 (OpenData, 1);
  data->dir = g_strdup (dir);
  data->key = review_key_copy (key);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_vault_open_async);
  g_task_set_name (task, "[review] open vault");
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

ReviewVault *
review_vault_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
