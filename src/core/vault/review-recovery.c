/* review-recovery.c
 *
 * When a vault is created, its 32-byte key is wrapped under a recovery key
 * that the user keeps outside the machine: scrypt (through OpenSSL 3.0's
 * EVP_KDF, which has no Argon2) derives a wrapping key from the recovery
 * key's 160 random bits, and AES-256-GCM seals the vault key with the vault
 * id as associated data. The result, with its parameters, is recovery.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "review-error.h"
#include "review-json.h"
#include "review-recovery.h"

#define FORMAT_VERSION 1
#define CROCKFORD "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define DATA_CHARS 32          /* 160 bits / 5 */
#define CHECK_CHARS 4          /* 20 bits of SHA-256 */
#define GROUP 4
#define SCRYPT_N 65536
#define SCRYPT_R 8
#define SCRYPT_P 1
#define SALT_LEN 16
#define NONCE_LEN 12
#define TAG_LEN 16
#define AAD_PREFIX "com.example.Review recovery v1|"
#define MAC_LABEL "com.example.Review recovery.json MAC v1"
#define MAC_LEN 32

static void
checksum_chars (const guint8 secret[REVIEW_RECOVERY_SECRET_LEN],
                char         out[CHECK_CHARS])
{
  static const char label[] = "com.example.Review recovery-key checksum";
  guint8 digest[SHA256_DIGEST_LENGTH];
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  guint32 bits;

  if (ctx == NULL ||
      EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) != 1 ||
      EVP_DigestUpdate (ctx, label, sizeof label - 1) != 1 ||
      EVP_DigestUpdate (ctx, secret, REVIEW_RECOVERY_SECRET_LEN) != 1 ||
      EVP_DigestFinal_ex (ctx, digest, NULL) != 1)
    g_error ("SHA-256 failed");
  EVP_MD_CTX_free (ctx);
  bits = (guint32) digest[0] << 12 | (guint32) digest[1] << 4 | digest[2] >> 4;
  for (int i = CHECK_CHARS - 1; i >= 0; i--)
    {
      out[i] = CROCKFORD[bits & 31];
      bits >>= 5;
    }
  OPENSSL_cleanse (digest, sizeof digest);
}

/**
 * review_recovery_key_generate:
 *
 * Returns: (transfer full): a new recovery key such as
 *   `7K3M-…-Q2XD`, in secure memory (free with review_secure_free_string()).
 */
char *
review_recovery_key_generate (GError **error)
{
  guint8 *secret = review_secure_alloc (REVIEW_RECOVERY_SECRET_LEN);
  char chars[DATA_CHARS + CHECK_CHARS];
  char *out;
  gsize o = 0;
  guint bitbuf = 0, nbits = 0, c = 0;

  if (!review_random_bytes (secret, REVIEW_RECOVERY_SECRET_LEN, error))
    {
      review_secure_free (secret);
      return NULL;
    }

  for (gsize i = 0; i < REVIEW_RECOVERY_SECRET_LEN; i++)
    {
      bitbuf = (bitbuf << 8) | secret[i];
      nbits += 8;
      while (nbits >= 5)
        {
          chars[c++] = CROCKFORD[(bitbuf >> (nbits - 5)) & 31];
          nbits -= 5;
        }
      bitbuf &= (1u << nbits) - 1;
    }
  g_assert (c == DATA_CHARS && nbits == 0);
  checksum_chars (secret, chars + DATA_CHARS);

  out = review_secure_alloc (sizeof chars + sizeof chars / GROUP + 1);
  for (gsize i = 0; i < sizeof chars; i++)
    {
      if (i > 0 && i % GROUP == 0)
        out[o++] = '-';
      out[o++] = chars[i];
    }
  out[o] = '\0';

  review_secure_wipe (chars, sizeof chars);
  bitbuf = 0;
  review_secure_free (secret);
  return out;
}

static int
crockford_value (char ch)
{
  ch = g_ascii_toupper (ch);
  switch (ch)
    {
    case 'O': return 0;
    case 'I': case 'L': return 1;
    case 'U': return -1;
    default: break;
    }
  for (int i = 0; i < 32; i++)
    if (CROCKFORD[i] == ch)
      return i;
  return -1;
}

/**
 * review_recovery_key_parse:
 *
 * Accepts what people type: any case, spaces and dashes anywhere, O for 0
 * and I or L for 1. Rejects a key of the wrong length or with a wrong
 * checksum group, naming the problem.
 */
gboolean
review_recovery_key_parse (const char  *text,
                           guint8       secret[REVIEW_RECOVERY_SECRET_LEN],
                           GError     **error)
{
  char chars[DATA_CHARS + CHECK_CHARS];
  char expected[CHECK_CHARS];
  gsize n = 0;
  guint bitbuf = 0, nbits = 0, b = 0;

  if (text == NULL)
    text = "";

  for (const char *p = text; *p; p++)
    {
      int v;
      if (*p == '-' || g_ascii_isspace (*p))
        continue;
      v = crockford_value (*p);
      if (v < 0)
        {
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID,
                       _("A recovery key contains only letters and digits; “%c” is not part of one."),
                       *p);
          review_secure_wipe (chars, sizeof chars);
          return FALSE;
        }
      if (n == sizeof chars)
        {
          n++;
          break;
        }
      chars[n++] = CROCKFORD[v];
    }

  if (n != sizeof chars)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID,
                   _("A recovery key has %d characters in nine groups of four; this one has a different length."),
                   (int) sizeof chars);
      review_secure_wipe (chars, sizeof chars);
      return FALSE;
    }

  for (gsize i = 0; i < DATA_CHARS; i++)
    {
      bitbuf = (bitbuf << 5) | (guint) crockford_value (chars[i]);
      nbits += 5;
      if (nbits >= 8)
        {
          secret[b++] = (guint8) (bitbuf >> (nbits - 8));
          nbits -= 8;
          bitbuf &= (1u << nbits) - 1;
        }
    }
  g_assert (b == REVIEW_RECOVERY_SECRET_LEN);

  checksum_chars (secret, expected);
  if (memcmp (expected, chars + DATA_CHARS, CHECK_CHARS) != 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_INVALID,
                           _("This recovery key has a typing mistake: its last group does not match the rest. Check each character and try again."));
      review_secure_wipe (chars, sizeof chars);
      review_secure_wipe (secret, REVIEW_RECOVERY_SECRET_LEN);
      return FALSE;
    }
  review_secure_wipe (chars, sizeof chars);
  return TRUE;
}

static gboolean
derive_wrapping_key (const guint8  secret[REVIEW_RECOVERY_SECRET_LEN],
                     const guint8 *salt,
                     gsize         salt_len,
                     guint64       n,
                     guint32       r,
                     guint32       p,
                     guint8        out[32],
                     GError      **error)
{
  EVP_KDF *kdf = EVP_KDF_fetch (NULL, "SCRYPT", NULL);
  EVP_KDF_CTX *ctx = NULL;
  OSSL_PARAM params[6];
  gboolean ok = FALSE;

  if (kdf == NULL)
    goto out;
  ctx = EVP_KDF_CTX_new (kdf);
  if (ctx == NULL)
    goto out;

  params[0] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD, (void *) secret,
                                                 REVIEW_RECOVERY_SECRET_LEN);
  params[1] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt, salt_len);
  params[2] = OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_N, &n);
  params[3] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_R, &r);
  params[4] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_P, &p);
  params[5] = OSSL_PARAM_construct_end ();

  ok = EVP_KDF_derive (ctx, out, 32, params) == 1;

out:
  EVP_KDF_CTX_free (ctx);
  EVP_KDF_free (kdf);
  if (!ok)
    g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                         _("Could not derive a key from the recovery key."));
  return ok;
}

static char *
aad_for (const char *vault_id)
{
  return g_strconcat (AAD_PREFIX, vault_id, NULL);
}

/* The MAC that binds recovery.json to its vault: HMAC-SHA256, under a key
 * derived from the vault key, over every value the file holds. A damaged or
 * replaced wrapped_key is found by `vault check`, which has the vault key,
 * long before the day the recovery key is needed. */
static gboolean
compute_mac (const ReviewKey *key,
             const char      *vault_id,
             gint64           n,
             gint64           r,
             gint64           p,
             const guint8     salt[SALT_LEN],
             const guint8     nonce[NONCE_LEN],
             const guint8     tag[TAG_LEN],
             const guint8     ct[REVIEW_KEY_LEN],
             guint8           mac[MAC_LEN])
{
  guint8 mac_key[MAC_LEN];
  unsigned int len = 0;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean ok;

  if (HMAC (EVP_sha256 (), review_key_get_bytes (key), REVIEW_KEY_LEN,
            (const guint8 *) MAC_LABEL, strlen (MAC_LABEL), mac_key, &len) == NULL)
    return FALSE;
  g_string_append_printf (text, "%d|%s|scrypt|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%"
                          G_GINT64_FORMAT "|aes-256-gcm|", FORMAT_VERSION, vault_id, n, r, p);
  g_string_append_len (text, (const char *) salt, SALT_LEN);
  g_string_append_len (text, (const char *) nonce, NONCE_LEN);
  g_string_append_len (text, (const char *) tag, TAG_LEN);
  g_string_append_len (text, (const char *) ct, REVIEW_KEY_LEN);
  ok = HMAC (EVP_sha256 (), mac_key, sizeof mac_key, (const guint8 *) text->str, text->len,
             mac, &len) != NULL && len == MAC_LEN;
  OPENSSL_cleanse (mac_key, sizeof mac_key);
  return ok;
}

char *
review_recovery_wrap (const ReviewKey  *key,
                      const char       *recovery_key,
                      const char       *vault_id,
                      GError          **error)
{
  guint8 *secret = review_secure_alloc (REVIEW_RECOVERY_SECRET_LEN);
  guint8 *wrap_key = review_secure_alloc (32);
  guint8 salt[SALT_LEN], nonce[NONCE_LEN], tag[TAG_LEN], ct[REVIEW_KEY_LEN];
  g_autofree char *aad = aad_for (vault_id);
  g_autofree char *salt_b64 = NULL, *nonce_b64 = NULL, *tag_b64 = NULL, *ct_b64 = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  EVP_CIPHER_CTX *ctx = NULL;
  char *result = NULL;
  int len = 0;

  if (!review_recovery_key_parse (recovery_key, secret, error) ||
      !review_random_bytes (salt, sizeof salt, error) ||
      !review_random_bytes (nonce, sizeof nonce, error) ||
      !derive_wrapping_key (secret, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P,
                            wrap_key, error))
    goto out;

  ctx = EVP_CIPHER_CTX_new ();
  if (ctx == NULL ||
      EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) != 1 ||
      EVP_EncryptInit_ex (ctx, NULL, NULL, wrap_key, nonce) != 1 ||
      EVP_EncryptUpdate (ctx, NULL, &len, (const guint8 *) aad, (int) strlen (aad)) != 1 ||
      EVP_EncryptUpdate (ctx, ct, &len, review_key_get_bytes (key), REVIEW_KEY_LEN) != 1 ||
      EVP_EncryptFinal_ex (ctx, ct + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) != 1)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("Could not seal the vault key with the recovery key."));
      goto out;
    }

  salt_b64 = g_base64_encode (salt, sizeof salt);
  nonce_b64 = g_base64_encode (nonce, sizeof nonce);
  tag_b64 = g_base64_encode (tag, sizeof tag);
  ct_b64 = g_base64_encode (ct, sizeof ct);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "vault_id");
  json_builder_add_string_value (builder, vault_id);
  json_builder_set_member_name (builder, "kdf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "scrypt");
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, SCRYPT_N);
  json_builder_set_member_name (builder, "r");
  json_builder_add_int_value (builder, SCRYPT_R);
  json_builder_set_member_name (builder, "p");
  json_builder_add_int_value (builder, SCRYPT_P);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt_b64);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "cipher");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "aes-256-gcm");
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, nonce_b64);
  json_builder_set_member_name (builder, "tag");
  json_builder_add_string_value (builder, tag_b64);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "wrapped_key");
  json_builder_add_string_value (builder, ct_b64);
  {
    guint8 mac[MAC_LEN];
    g_autofree char *mac_b64 = NULL;

    if (!compute_mac (key, vault_id, SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, nonce, tag, ct, mac))
      {
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                             _("Could not seal the vault key with the recovery key."));
        goto out;
      }
    mac_b64 = g_base64_encode (mac, sizeof mac);
    json_builder_set_member_name (builder, "mac");
    json_builder_add_string_value (builder, mac_b64);
  }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  result = json_generator_to_data (gen, NULL);

out:
  EVP_CIPHER_CTX_free (ctx);
  review_secure_free (secret);
  review_secure_free (wrap_key);
  return result;
}

static gboolean
decode_b64_member (JsonObject  *obj,
                   const char  *name,
                   guint8      *out,
                   gsize        expected_len)
{
  const char *text;
  g_autofree guint8 *raw = NULL;
  gsize len = 0;

  if (obj == NULL || !json_object_has_member (obj, name))
    return FALSE;
  text = review_json_string_member (obj, name);
  if (text == NULL)
    return FALSE;
  raw = g_base64_decode (text, &len);
  if (len != expected_len)
    return FALSE;
  memcpy (out, raw, len);
  return TRUE;
}

/* recovery.json's values, read and checked for shape and bounds. */
typedef struct
{
  gint64 n, r, p;
  guint8 salt[SALT_LEN], nonce[NONCE_LEN], tag[TAG_LEN], ct[REVIEW_KEY_LEN];
  guint8 mac[MAC_LEN];
  gboolean has_mac;
} Sealed;

static gboolean
parse_sealed (const char *recovery_json,
              const char *vault_id,
              Sealed     *sealed)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *kdf, *cipher;

  root = review_json_load_object (parser, recovery_json, -1, G_MAXSIZE);
  if (root == NULL)
    return FALSE;
  if (review_json_int_member (root, "format") != FORMAT_VERSION ||
      g_strcmp0 (review_json_string_member (root, "vault_id"), vault_id) != 0)
    return FALSE;
  kdf = review_json_object_member (root, "kdf");
  cipher = review_json_object_member (root, "cipher");
  if (kdf == NULL || cipher == NULL ||
      g_strcmp0 (review_json_string_member (kdf, "name"), "scrypt") != 0 ||
      g_strcmp0 (review_json_string_member (cipher, "name"), "aes-256-gcm") != 0)
    return FALSE;
  sealed->n = review_json_int_member (kdf, "n");
  sealed->r = review_json_int_member (kdf, "r");
  sealed->p = review_json_int_member (kdf, "p");
  /* Refuse parameters that would make a forged file eat the machine. */
  if (sealed->n < 1024 || sealed->n > (1 << 20) || (sealed->n & (sealed->n - 1)) != 0 ||
      sealed->r < 1 || sealed->r > 32 || sealed->p < 1 || sealed->p > 16)
    return FALSE;
  if (!decode_b64_member (kdf, "salt", sealed->salt, sizeof sealed->salt) ||
      !decode_b64_member (cipher, "nonce", sealed->nonce, sizeof sealed->nonce) ||
      !decode_b64_member (cipher, "tag", sealed->tag, sizeof sealed->tag) ||
      !decode_b64_member (root, "wrapped_key", sealed->ct, sizeof sealed->ct))
    return FALSE;
  sealed->has_mac = json_object_has_member (root, "mac");
  if (sealed->has_mac && !decode_b64_member (root, "mac", sealed->mac, sizeof sealed->mac))
    return FALSE;
  return TRUE;
}

ReviewKey *
review_recovery_unwrap (const char  *recovery_json,
                        const char  *recovery_key,
                        const char  *vault_id,
                        GError     **error)
{
  guint8 *secret = NULL, *wrap_key = NULL, *plain = NULL;
  g_autofree char *aad = aad_for (vault_id);
  Sealed sealed = { 0 };
  EVP_CIPHER_CTX *ctx = NULL;
  ReviewKey *key = NULL;
  int len = 0;

  if (!parse_sealed (recovery_json, vault_id, &sealed))
    goto damaged;

  secret = review_secure_alloc (REVIEW_RECOVERY_SECRET_LEN);
  if (!review_recovery_key_parse (recovery_key, secret, error))
    goto out;
  wrap_key = review_secure_alloc (32);
  if (!derive_wrapping_key (secret, sealed.salt, sizeof sealed.salt, (guint64) sealed.n,
                            (guint32) sealed.r, (guint32) sealed.p,
                            wrap_key, error))
    goto out;

  plain = review_secure_alloc (REVIEW_KEY_LEN + 16);
  ctx = EVP_CIPHER_CTX_new ();
  if (ctx == NULL ||
      EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) != 1 ||
      EVP_DecryptInit_ex (ctx, NULL, NULL, wrap_key, sealed.nonce) != 1 ||
      EVP_DecryptUpdate (ctx, NULL, &len, (const guint8 *) aad, (int) strlen (aad)) != 1 ||
      EVP_DecryptUpdate (ctx, plain, &len, sealed.ct, sizeof sealed.ct) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, sealed.tag) != 1 ||
      EVP_DecryptFinal_ex (ctx, plain + len, &len) != 1)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_KEY_WRONG,
                           _("This recovery key does not belong to this vault."));
      goto out;
    }
  key = review_key_new_from_bytes (plain, REVIEW_KEY_LEN, error);
  goto out;

damaged:
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_RECOVERY_MISSING,
               _("The recovery file “%s” beside the vault is damaged or belongs to another vault."),
               REVIEW_RECOVERY_FILE_NAME);
out:
  EVP_CIPHER_CTX_free (ctx);
  review_secure_free (secret);
  review_secure_free (wrap_key);
  review_secure_free (plain);
  return key;
}

/**
 * review_recovery_key_write_file:
 * @replace: whether an existing file may be replaced (the user confirmed)
 *
 * Writes the recovery key as one line to a file only its owner can read.
 * Nothing else goes in the file, and a failed write leaves no file behind.
 */
gboolean
review_recovery_key_write_file (const char  *path,
                                const char  *recovery_key,
                                gboolean     replace,
                                GError     **error)
{
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL);
  int fd = g_open (path, flags, 0600);
  gsize len = strlen (recovery_key), done = 0;
  char *line;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not create the recovery key file “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  line = review_secure_alloc (len + 2);
  memcpy (line, recovery_key, len);
  line[len++] = '\n';
  while (done < len)
    {
      ssize_t w = write (fd, line + done, len - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        break;
      done += (gsize) w;
    }
  review_secure_free (line);
  if (done < len || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not write the recovery key file “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      g_unlink (path);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not write the recovery key file “%s”."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * review_recovery_check:
 * @recovery_json: the contents of recovery.json
 * @key: the vault key (from the keyring)
 *
 * Checks, without the recovery key, that recovery.json is whole and is this
 * vault's: its structure, its parameters, and its MAC under the vault key.
 * Run by `vault check`, so that a damaged wrapped key is found long before
 * the day the recovery key is needed.
 *
 * Errors: REVIEW_ERROR_DAMAGED (exit 7) when the file is damaged, changed,
 * belongs to another vault, or (made by an older Review) has no MAC.
 */
gboolean
review_recovery_check (const char      *recovery_json,
                       const ReviewKey *key,
                       const char      *vault_id,
                       GError         **error)
{
  Sealed sealed = { 0 };
  guint8 expected[MAC_LEN];

  if (!parse_sealed (recovery_json, vault_id, &sealed))
    goto damaged;
  if (!sealed.has_mac)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                   _("The recovery file “%s” was made by an older version of Review and "
                     "cannot be checked. Make a new recovery key: review vault "
                     "rekey-recovery"), REVIEW_RECOVERY_FILE_NAME);
      return FALSE;
    }
  if (!compute_mac (key, vault_id, sealed.n, sealed.r, sealed.p, sealed.salt, sealed.nonce,
                    sealed.tag, sealed.ct, expected) ||
      CRYPTO_memcmp (sealed.mac, expected, MAC_LEN) != 0)
    goto damaged;
  return TRUE;

damaged:
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
               _("The recovery file “%s” is damaged or was changed: the recovery key would "
                 "not open the vault. The vault itself is fine. Make a new recovery key now: "
                 "review vault rekey-recovery"), REVIEW_RECOVERY_FILE_NAME);
  return FALSE;
}
