/* review-signer.c
 *
 * A signing identity is a private key and an X.509 certificate (with the
 * chain of an organisation's certificate, when it was imported). The key
 * lives only in the Secret Service, as unencrypted PKCS#8 PEM, under the
 * schema com.example.Review.SigningKey with the attributes fingerprint (the
 * certificate's SHA-256) and vault-id; it is never written to disk. The
 * certificate and chain live in the vault's meta table (signer.certificate,
 * signer.chain), so the vault says who signs, and anyone may export the
 * certificate without the keyring.
 *
 * The keyring's states are walked by review_keyring_ensure_ready_async()
 * first, so a locked keyring, a missing default keyring or a missing service
 * give exactly the vault key's errors (and prompts, when allowed); the item
 * itself is then read or written with our own timeout.
 *
 * Key material is kept in OpenSSL's cleansed buffers or in our secure
 * memory, and wiped when freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-key.h"
#include "review-signer-private.h"
#include "review-sync.h"
#include "review-text.h"
#include "review-vault-private.h"
#include "review-cms-private.h"

#define CALL_TIMEOUT_S 25
#define VALIDITY_DAYS  (5 * 365 + 1)
#define MAX_NAME_CHARS 64    /* X.520 upper bounds for CN and O */

static const SecretSchema signing_key_schema = {
  "com.example.Review.SigningKey",
  SECRET_SCHEMA_NONE,
  {
    { "fingerprint", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "vault-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

struct _ReviewSigner
{
  GObject         parent_instance;

  EVP_PKEY       *key;
  X509           *cert;
  STACK_OF(X509) *chain;
  char           *fingerprint;
  char           *name;
  char           *organization;
  char           *email;
};

G_DEFINE_FINAL_TYPE (ReviewSigner, review_signer, G_TYPE_OBJECT)

static void
review_signer_finalize (GObject *object)
{
  ReviewSigner *self = REVIEW_SIGNER (object);

  /* EVP_PKEY_free() clears the key material. */
  g_clear_pointer (&self->key, EVP_PKEY_free);
  g_clear_pointer (&self->cert, X509_free);
  if (self->chain != NULL)
    sk_X509_pop_free (self->chain, X509_free);
  g_free (self->fingerprint);
  g_free (self->name);
  g_free (self->organization);
  g_free (self->email);

  G_OBJECT_CLASS (review_signer_parent_class)->finalize (object);
}

static void
review_signer_class_init (ReviewSignerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = review_signer_finalize;
}

static void
review_signer_init (ReviewSigner *self)
{
}

/* Takes @key, @cert and @chain. */
static ReviewSigner *
signer_new (EVP_PKEY       *key,
            X509           *cert,
            STACK_OF(X509) *chain)
{
  ReviewSigner *self = g_object_new (REVIEW_TYPE_SIGNER, NULL);
  g_auto(ReviewSignatureInfo) info = { 0 };

  self->key = key;
  self->cert = cert;
  self->chain = chain != NULL ? chain : sk_X509_new_null ();
  review_signature_info_set_from_certificate (&info, cert);
  self->fingerprint = g_steal_pointer (&info.fingerprint);
  self->name = g_steal_pointer (&info.signer_name);
  self->organization = g_steal_pointer (&info.signer_org);
  self->email = g_steal_pointer (&info.signer_email);
  return self;
}

EVP_PKEY *
review_signer_get_key (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->key;
}

X509 *
review_signer_get_certificate (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->cert;
}

STACK_OF(X509) *
review_signer_get_chain (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->chain;
}

guint
review_signer_get_chain_length (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), 0);
  return (guint) sk_X509_num (self->chain);
}

void
review_signer_describe_identity (ReviewSigner        *self,
                                 ReviewSignatureInfo *info)
{
  g_return_if_fail (REVIEW_IS_SIGNER (self));
  review_signature_info_set_from_certificate (info, self->cert);
}

const char *
review_signer_get_fingerprint (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->fingerprint;
}

const char *
review_signer_get_name (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->name;
}

const char *
review_signer_get_organization (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->organization;
}

const char *
review_signer_get_email (ReviewSigner *self)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  return self->email;
}

GBytes *
review_signer_sign_detached (ReviewSigner  *self,
                             GBytes        *content,
                             GError       **error)
{
  g_return_val_if_fail (REVIEW_IS_SIGNER (self), NULL);
  g_return_val_if_fail (content != NULL, NULL);

  return review_cms_sign_detached (self->key, self->cert, self->chain, content, error);
}

/* --- helpers ------------------------------------------------------------ */

static void
log_openssl_errors (const char *what)
{
  unsigned long e;
  char buf[256];

  while ((e = ERR_get_error ()) != 0)
    {
      ERR_error_string_n (e, buf, sizeof buf);
      g_debug ("%s: %s", what, buf);
    }
}

static gboolean
crypto_failed (GError     **error,
               const char  *what)
{
  log_openssl_errors (what);
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The signing identity could not be made (a cryptographic operation "
                         "failed)."));
  return FALSE;
}

/* Unencrypted PKCS#8 PEM in secure memory (free with
 * review_secure_free_string()); the BIO's own buffer is cleansed on free. */
static char *
key_to_pem (EVP_PKEY *key)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_secmem ());
  BUF_MEM *mem = NULL;
  char *pem;

  if (bio == NULL || !PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL))
    {
      log_openssl_errors ("PEM_write_bio_PrivateKey");
      return NULL;
    }
  BIO_get_mem_ptr (bio, &mem);
  pem = review_secure_alloc (mem->length + 1);
  memcpy (pem, mem->data, mem->length);
  pem[mem->length] = '\0';
  return pem;
}

static EVP_PKEY *
key_from_pem (const char *pem)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (pem, -1);
  EVP_PKEY *key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);

  if (key == NULL)
    log_openssl_errors ("PEM_read_bio_PrivateKey");
  return key;
}

static char *
certificates_to_pem (X509           *cert,
                     STACK_OF(X509) *chain)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  BUF_MEM *mem = NULL;

  if (cert != NULL && !PEM_write_bio_X509 (bio, cert))
    return NULL;
  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    if (!PEM_write_bio_X509 (bio, sk_X509_value (chain, i)))
      return NULL;
  BIO_get_mem_ptr (bio, &mem);
  return g_strndup (mem->data, mem->length);
}

static gboolean
check_supervisor (ReviewVault  *vault,
                  GError      **error)
{
  if (review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can create or import a signing identity."));
      return FALSE;
    }
  return TRUE;
}

/* --- the vault's part --------------------------------------------------- */

/* The stored certificate and chain; FALSE with REVIEW_ERROR_NO_SIGNER when
 * there is none. */
static gboolean
read_identity (ReviewVault     *vault,
               X509           **cert_out,
               STACK_OF(X509) **chain_out,
               GError         **error)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autofree char *cert_pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autoptr(GError) local_error = NULL;
  STACK_OF(X509) *certs;

  cert_pem = review_db_meta_get (db, REVIEW_SIGNER_META_CERTIFICATE, &local_error);
  if (cert_pem == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
                             _("This vault has no signing identity yet. A supervisor can create "
                               "one, or import one issued by the organisation."));
      return FALSE;
    }
  certs = review_cms_read_pem_certificates (cert_pem, -1, NULL);
  if (certs == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
                           _("The vault’s signing certificate cannot be read."));
      return FALSE;
    }
  *cert_out = sk_X509_shift (certs);
  sk_X509_pop_free (certs, X509_free);

  chain_pem = review_db_meta_get (db, REVIEW_SIGNER_META_CHAIN, &local_error);
  if (local_error != NULL)
    {
      g_clear_pointer (cert_out, X509_free);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *chain_out = chain_pem != NULL ? review_cms_read_pem_certificates (chain_pem, -1, NULL) : NULL;
  if (*chain_out == NULL)
    *chain_out = sk_X509_new_null ();
  return TRUE;
}

gboolean
review_signer_describe (ReviewVault          *vault,
                        ReviewSignatureInfo  *info,
                        GError              **error)
{
  g_autoptr(X509) cert = NULL;
  STACK_OF(X509) *chain = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!read_identity (vault, &cert, &chain, error))
    return FALSE;
  review_signature_info_set_from_certificate (info, cert);
  sk_X509_pop_free (chain, X509_free);
  return TRUE;
}

char *
review_signer_export_certificate (ReviewVault  *vault,
                                  GError      **error)
{
  g_autoptr(X509) cert = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *pem = NULL;
  STACK_OF(X509) *chain = NULL;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), NULL);

  if (!read_identity (vault, &cert, &chain, error))
    return NULL;
  pem = certificates_to_pem (cert, chain);
  fingerprint = review_cms_certificate_fingerprint (cert);
  sk_X509_pop_free (chain, X509_free);
  if (pem == NULL)
    {
      crypto_failed (error, "PEM_write_bio_X509");
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fingerprint");
  json_builder_add_string_value (b, fingerprint);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  details = json_generator_to_data (gen, NULL);
  if (!review_vault_audit (vault, "signer.certificate-exported", fingerprint, details, error))
    return NULL;
  return g_steal_pointer (&pem);
}

/* --- making a key and certificate --------------------------------------- */

/* @missing is a whole translated sentence. */
static gboolean
check_name_field (const char  *value,
                  const char  *missing,
                  GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT, missing);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The name or organisation is not valid text (UTF-8)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return TRUE;
  at = strchr (email, '@');
  for (const char *p = email; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      {
        at = NULL;
        break;
      }
  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strlen (email) > 128)
    {
      g_autofree char *shown = review_text_quote (email, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an e-mail address that a certificate can hold (plain "
                     "ASCII, as in name@example.org)."), shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_extension (X509        *cert,
               X509V3_CTX  *ctx,
               int          nid,
               const char  *value)
{
  X509_EXTENSION *ext = X509V3_EXT_conf_nid (NULL, ctx, nid, value);
  gboolean ok;

  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1) == 1;
  X509_EXTENSION_free (ext);
  return ok;
}

/* A random positive 128-bit serial. */
static gboolean
set_random_serial (X509 *cert)
{
  unsigned char bytes[16];
  g_autoptr(BIGNUM) bn = NULL;
  ASN1_INTEGER *serial;
  gboolean ok;

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    return FALSE;
  bytes[0] &= 0x7f;
  bytes[0] |= 0x40;   /* always 16 bytes long, never zero */
  bn = BN_bin2bn (bytes, sizeof bytes, NULL);
  if (bn == NULL)
    return FALSE;
  serial = BN_to_ASN1_INTEGER (bn, NULL);
  if (serial == NULL)
    return FALSE;
  ok = X509_set_serialNumber (cert, serial) == 1;
  ASN1_INTEGER_free (serial);
  return ok;
}

gboolean
review_signer_generate (ReviewSignerKeyType   key_type,
                        const char           *name,
                        const char           *organization,
                        const char           *email,
                        EVP_PKEY            **key_out,
                        X509                **cert_out,
                        GError              **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  X509_NAME *subject;
  X509V3_CTX ctx;

  g_return_val_if_fail (key_out != NULL && cert_out != NULL, FALSE);

  if (!check_name_field (name, _("The signing identity needs a name."), error) ||
      !check_name_field (organization, _("The signing identity needs an organisation."),
                         error))
    return FALSE;
  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      /* Translators: %d is a number of characters */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The name may have at most %d characters."), MAX_NAME_CHARS);
      return FALSE;
    }
  if (g_utf8_strlen (organization, -1) > MAX_NAME_CHARS)
    {
      /* Translators: %d is a number of characters */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("The organisation may have at most %d characters."), MAX_NAME_CHARS);
      return FALSE;
    }
  if (!check_email (email, error))
    return FALSE;

  switch (key_type)
    {
    case REVIEW_SIGNER_KEY_EC_P256:
      key = EVP_EC_gen ("P-256");
      break;
    case REVIEW_SIGNER_KEY_RSA_3072:
      key = EVP_RSA_gen (3072);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (key == NULL)
    return crypto_failed (error, "key generation");

  cert = X509_new ();
  subject = X509_NAME_new ();
  if (cert == NULL || subject == NULL ||
      !X509_set_version (cert, X509_VERSION_3) ||
      !set_random_serial (cert) ||
      X509_gmtime_adj (X509_getm_notBefore (cert), 0) == NULL ||
      X509_time_adj_ex (X509_getm_notAfter (cert), VALIDITY_DAYS, 0, NULL) == NULL ||
      !X509_NAME_add_entry_by_NID (subject, NID_commonName, MBSTRING_UTF8,
                                   (const unsigned char *) name, -1, -1, 0) ||
      !X509_NAME_add_entry_by_NID (subject, NID_organizationName, MBSTRING_UTF8,
                                   (const unsigned char *) organization, -1, -1, 0) ||
      (email != NULL && *email != '\0' &&
       !X509_NAME_add_entry_by_NID (subject, NID_pkcs9_emailAddress, MBSTRING_ASC,
                                    (const unsigned char *) email, -1, -1, 0)) ||
      !X509_set_subject_name (cert, subject) ||
      !X509_set_issuer_name (cert, subject) ||
      !X509_set_pubkey (cert, key))
    {
      X509_NAME_free (subject);
      return crypto_failed (error, "certificate fields");
    }
  X509_NAME_free (subject);

  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  if (!add_extension (cert, &ctx, NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension (cert, &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation") ||
      /* S/MIME, and Microsoft's document signing (1.3.6.1.4.1.311.10.3.12) */
      !add_extension (cert, &ctx, NID_ext_key_usage,
                      "emailProtection,1.3.6.1.4.1.311.10.3.12") ||
      !add_extension (cert, &ctx, NID_subject_key_identifier, "hash") ||
      !add_extension (cert, &ctx, NID_authority_key_identifier, "keyid:always"))
    return crypto_failed (error, "certificate extensions");
  if (email != NULL && *email != '\0')
    {
      g_autofree char *san = g_strdup_printf ("email:%s", email);
      if (!add_extension (cert, &ctx, NID_subject_alt_name, san))
        return crypto_failed (error, "subjectAltName");
    }
  if (X509_sign (cert, key, EVP_sha256 ()) <= 0)
    return crypto_failed (error, "X509_sign");

  *key_out = g_steal_pointer (&key);
  *cert_out = g_steal_pointer (&cert);
  return TRUE;
}

/* --- reading a PKCS#12 file --------------------------------------------- */

static gboolean
check_usable_certificate (X509      *cert,
                          EVP_PKEY  *key,
                          GError   **error)
{
  uint32_t usage;

  if (!EVP_PKEY_is_a (key, "EC") &&
      !(EVP_PKEY_is_a (key, "RSA") && EVP_PKEY_get_bits (key) >= 2048))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The key in this file cannot sign here: use an EC key (P-256 or "
                             "larger) or an RSA key of at least 2048 bits."));
      return FALSE;
    }
  if (X509_check_private_key (cert, key) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The key in this file does not belong to its certificate."));
      return FALSE;
    }
  if (X509_cmp_current_time (X509_get0_notAfter (cert)) <= 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The certificate in this file has expired."));
      return FALSE;
    }
  if (X509_cmp_current_time (X509_get0_notBefore (cert)) > 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The certificate in this file is not valid yet."));
      return FALSE;
    }
  usage = X509_get_key_usage (cert);   /* UINT32_MAX when not restricted */
  if ((usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The certificate in this file may not be used to sign documents "
                             "(its key usage allows neither digital signatures nor "
                             "non-repudiation)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_pkcs12 (GBytes           *bytes,
             const char       *password,
             EVP_PKEY        **key_out,
             X509            **cert_out,
             STACK_OF(X509)  **chain_out,
             GError          **error)
{
  g_autoptr(PKCS12) p12 = NULL;
  const unsigned char *p;
  gsize len;
  gboolean parsed;

  p = g_bytes_get_data (bytes, &len);
  if (len == 0 || len > G_MAXLONG ||
      (p12 = d2i_PKCS12 (NULL, &p, (long) len)) == NULL)
    {
      log_openssl_errors ("d2i_PKCS12");
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("This is not a PKCS#12 file (.p12 or .pfx), or it is damaged."));
      return FALSE;
    }

  /* The password check first, as PKCS12_parse() does it, so that a wrong
   * password is told apart from an unreadable file. */
  if (PKCS12_mac_present (p12))
    {
      gboolean empty = password == NULL || *password == '\0';
      if (empty ? !(PKCS12_verify_mac (p12, NULL, 0) || PKCS12_verify_mac (p12, "", 0))
                : !PKCS12_verify_mac (p12, password, -1))
        {
          ERR_clear_error ();
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_PASSWORD,
                               _("The password of the PKCS#12 file is wrong."));
          return FALSE;
        }
    }

  parsed = PKCS12_parse (p12, password, key_out, cert_out, chain_out) == 1;
  if (!parsed)
    {
      /* Files made by older tools use RC2 or 3DES with SHA-1, which OpenSSL
       * 3 keeps in its legacy provider. */
      log_openssl_errors ("PKCS12_parse");
      if (OSSL_PROVIDER_try_load (NULL, "legacy", 1) != NULL)
        parsed = PKCS12_parse (p12, password, key_out, cert_out, chain_out) == 1;
    }
  if (!parsed || *key_out == NULL || *cert_out == NULL)
    {
      log_openssl_errors ("PKCS12_parse");
      g_clear_pointer (key_out, EVP_PKEY_free);
      g_clear_pointer (cert_out, X509_free);
      if (*chain_out != NULL)
        sk_X509_pop_free (*chain_out, X509_free);
      *chain_out = NULL;
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           parsed ? _("The PKCS#12 file holds no private key with its "
                                      "certificate.")
                                  : _("The PKCS#12 file could not be read (an unsupported "
                                      "encryption, or a damaged file)."));
      return FALSE;
    }
  if (*chain_out == NULL)
    *chain_out = sk_X509_new_null ();
  if (!check_usable_certificate (*cert_out, *key_out, error))
    {
      g_clear_pointer (key_out, EVP_PKEY_free);
      g_clear_pointer (cert_out, X509_free);
      sk_X509_pop_free (*chain_out, X509_free);
      *chain_out = NULL;
      return FALSE;
    }
  return TRUE;
}

/* --- the asynchronous operations ---------------------------------------- */

typedef enum
{
  JOB_CREATE,
  JOB_IMPORT,
  JOB_LOAD,
} JobKind;

typedef struct
{
  JobKind              kind;
  ReviewVault         *vault;
  ReviewKeyringFlags   flags;
  gboolean             replace;

  /* create */
  ReviewSignerKeyType  key_type;
  char                *name;
  char                *organization;
  char                *email;
  /* import */
  GBytes              *pkcs12;
  char                *password;       /* secure memory */

  char                *old_fingerprint; /* the identity replaced, if any */
  EVP_PKEY            *key;
  X509                *cert;
  STACK_OF(X509)      *chain;
  char                *fingerprint;
  char                *key_pem;        /* secure memory */

  /* the current Secret Service call */
  GCancellable        *step;
  GSource             *timeout;
  gboolean             timed_out;
  GCancellable        *outer;
  gulong               outer_handler;
  GError              *pending_error;  /* returned after a clean-up step */
} Job;

static void
job_clear_step (Job *job)
{
  if (job->timeout != NULL)
    {
      g_source_destroy (job->timeout);
      g_clear_pointer (&job->timeout, g_source_unref);
    }
  if (job->outer_handler != 0)
    {
      g_cancellable_disconnect (job->outer, job->outer_handler);
      job->outer_handler = 0;
    }
  g_clear_object (&job->step);
}

static void
job_free (Job *job)
{
  job_clear_step (job);
  g_clear_object (&job->outer);
  g_clear_object (&job->vault);
  g_free (job->name);
  g_free (job->organization);
  g_free (job->email);
  g_clear_pointer (&job->pkcs12, g_bytes_unref);
  g_clear_pointer (&job->password, review_secure_free_string);
  g_free (job->old_fingerprint);
  g_clear_pointer (&job->key, EVP_PKEY_free);
  g_clear_pointer (&job->cert, X509_free);
  if (job->chain != NULL)
    sk_X509_pop_free (job->chain, X509_free);
  g_free (job->fingerprint);
  g_clear_pointer (&job->key_pem, review_secure_free_string);
  g_clear_error (&job->pending_error);
  g_free (job);
}

static Job *
job_new (JobKind              kind,
         ReviewVault         *vault,
         ReviewKeyringFlags   flags,
         GCancellable        *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->vault = g_object_ref (vault);
  job->flags = flags;
  job->outer = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return job;
}

static gboolean
step_timeout_cb (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->timeout, g_source_unref);
  job->timed_out = TRUE;
  g_cancellable_cancel (job->step);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* A fresh cancellable for one Secret Service call, cancelled by our timeout
 * or by the caller's cancellable. */
static GCancellable *
job_begin_step (Job *job)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  job_clear_step (job);
  job->timed_out = FALSE;
  job->step = g_cancellable_new ();
  if (job->outer != NULL)
    job->outer_handler = g_cancellable_connect (job->outer, G_CALLBACK (outer_cancelled_cb),
                                                job->step, NULL);
  job->timeout = g_timeout_source_new_seconds (CALL_TIMEOUT_S);
  g_source_set_callback (job->timeout, step_timeout_cb, job, NULL);
  g_source_set_name (job->timeout, "[review] signing key timeout");
  g_source_attach (job->timeout, context);
  return job->step;
}

/* Turns a Secret Service error into ours; returns a new error. */
static GError *
job_step_error (Job        *job,
                GError     *error,
                const char *message)
{
  GError *result;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && job->timed_out)
    result = g_error_new_literal (REVIEW_ERROR, REVIEW_ERROR_TIMED_OUT,
                                  _("The keyring did not answer in time."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = g_error_copy (error);
  else
    result = g_error_new (REVIEW_ERROR, REVIEW_ERROR_KEYRING_FAILED, "%s (%s)", message,
                          error->message);
  g_error_free (error);
  return result;
}

static char *
name_oneline (const X509_NAME *name)
{
  char *text = X509_NAME_oneline (name, NULL, 0);
  char *result = g_utf8_make_valid (text != NULL ? text : "", -1);

  OPENSSL_free (text);
  return result;
}

static char *
details_json (Job        *job,
              const char *via)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *subject = name_oneline (X509_get_subject_name (job->cert));
  g_autofree char *issuer = name_oneline (X509_get_issuer_name (job->cert));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fingerprint");
  json_builder_add_string_value (b, job->fingerprint);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, subject);
  json_builder_set_member_name (b, "issuer");
  json_builder_add_string_value (b, issuer);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, EVP_PKEY_is_a (job->key, "EC") ? "ec" : "rsa");
  json_builder_set_member_name (b, "key_bits");
  json_builder_add_int_value (b, EVP_PKEY_get_bits (job->key));
  json_builder_set_member_name (b, "self_signed");
  json_builder_add_boolean_value (b, X509_self_signed (job->cert, 0) == 1);
  json_builder_set_member_name (b, "chain_length");
  json_builder_add_int_value (b, sk_X509_num (job->chain));
  json_builder_set_member_name (b, "via");
  json_builder_add_string_value (b, via);
  if (job->old_fingerprint != NULL)
    {
      json_builder_set_member_name (b, "replaces");
      json_builder_add_string_value (b, job->old_fingerprint);
    }
  json_builder_end_object (b);
  ERR_clear_error ();
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* The certificate into the vault, with its audit event, in one transaction. */
static gboolean
job_save_to_vault (Job     *job,
                   GError **error)
{
  sqlite3 *db = review_vault_get_db (job->vault);
  g_autofree char *cert_pem = certificates_to_pem (job->cert, NULL);
  g_autofree char *chain_pem = sk_X509_num (job->chain) > 0
                               ? certificates_to_pem (NULL, job->chain) : NULL;
  g_autofree char *details = details_json (job, job->kind == JOB_CREATE ? "created" : "pkcs12");
  g_autoptr(ReviewDbTransaction) tx = NULL;

  if (cert_pem == NULL)
    return crypto_failed (error, "PEM_write_bio_X509");
  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  return review_db_meta_set (db, REVIEW_SIGNER_META_CERTIFICATE, cert_pem, error) &&
         review_db_meta_set (db, REVIEW_SIGNER_META_CHAIN, chain_pem, error) &&
         review_vault_audit (job->vault, job->kind == JOB_CREATE ? "signer.created"
                                                                 : "signer.imported",
                             job->fingerprint, details, error) &&
         review_db_transaction_commit (tx, error);
}

static void
return_signer (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  ReviewSigner *signer = signer_new (g_steal_pointer (&job->key), g_steal_pointer (&job->cert),
                                     g_steal_pointer (&job->chain));

  g_task_return_pointer (task, signer, g_object_unref);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job_clear_step (job);
  if (!secret_password_clear_finish (result, &error))
    {
      /* Nothing to remove is fine; anything else leaves a stale item,
       * which is worth a note but not a failure. */
      if (error != NULL)
        g_warning ("A signing key could not be removed from the keyring: %s", error->message);
    }
  if (job->pending_error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->pending_error));
  else
    return_signer (task);
}

static void
clear_key_item (GTask      *task,
                const char *fingerprint)
{
  Job *job = g_task_get_task_data (task);
  GCancellable *c = job_begin_step (job);

  secret_password_clear (&signing_key_schema, c, cleared_cb, task,
                         "fingerprint", fingerprint,
                         "vault-id", review_vault_get_id (job->vault),
                         NULL);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job_clear_step (job);
  g_clear_pointer (&job->key_pem, review_secure_free_string);
  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, job_step_error (job, error,
                                                 _("The signing key could not be saved in "
                                                   "the keyring.")));
      g_object_unref (task);
      return;
    }
  if (!job_save_to_vault (job, &error))
    {
      /* The vault does not name this key: take it out of the keyring. */
      job->pending_error = error;
      clear_key_item (task, job->fingerprint);
      return;
    }
  if (job->old_fingerprint != NULL && g_strcmp0 (job->old_fingerprint, job->fingerprint) != 0)
    {
      clear_key_item (task, job->old_fingerprint);
      return;
    }
  return_signer (task);
  g_object_unref (task);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *pem;

  job_clear_step (job);
  pem = secret_password_lookup_nonpageable_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, job_step_error (job, error,
                                                 _("The keyring could not be read.")));
      return;
    }
  if (pem == NULL)
    {
      /* Translators: %s is the signer's name, %.16s the start of the
       * certificate's fingerprint */
      g_task_return_new_error (task, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
                               _("The private key of the signing identity “%s” (fingerprint "
                                 "%.16s…) is not in this keyring. Import the identity again "
                                 "from its PKCS#12 file, or create a new one."),
                               job->name, job->fingerprint);
      return;
    }
  job->key = key_from_pem (pem);
  secret_password_free (pem);
  if (job->key == NULL || X509_check_private_key (job->cert, job->key) != 1)
    {
      ERR_clear_error ();
      g_task_return_new_error (task, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
                               _("The signing key in the keyring does not belong to the "
                                 "vault’s signing certificate (fingerprint %.16s…)."),
                               job->fingerprint);
      return;
    }
  return_signer (task);
}

static void
keyring_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *c;

  if (!review_keyring_ensure_ready_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  c = job_begin_step (job);
  if (job->kind == JOB_LOAD)
    {
      secret_password_lookup (&signing_key_schema, c, looked_up_cb, task,
                              "fingerprint", job->fingerprint,
                              "vault-id", review_vault_get_id (job->vault),
                              NULL);
    }
  else
    {
      /* Translators: the name of the keyring item holding the signing key;
       * %s is the signer's name, the second %s the vault's identifier */
      g_autofree char *label = g_strdup_printf (_("Review signing key of “%s” (vault %s)"),
                                                job->name, review_vault_get_id (job->vault));
      secret_password_store (&signing_key_schema, SECRET_COLLECTION_DEFAULT, label,
                             job->key_pem, c, stored_cb, task,
                             "fingerprint", job->fingerprint,
                             "vault-id", review_vault_get_id (job->vault),
                             NULL);
    }
}

static void
job_to_keyring (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  review_keyring_ensure_ready_async (job->flags, job->outer, keyring_ready_cb, task);
}

/* Runs in a worker thread: RSA key generation and PKCS#12 key derivation
 * take long enough to be felt. Only touches the job's own fields. */
static void
prepare_thread (GTask        *inner,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  gboolean ok;

  if (job->kind == JOB_CREATE)
    ok = review_signer_generate (job->key_type, job->name, job->organization, job->email,
                                 &job->key, &job->cert, &error);
  else
    ok = read_pkcs12 (job->pkcs12, job->password, &job->key, &job->cert, &job->chain, &error);
  g_clear_pointer (&job->password, review_secure_free_string);
  if (ok && job->chain == NULL)
    job->chain = sk_X509_new_null ();
  if (ok)
    {
      job->key_pem = key_to_pem (job->key);
      job->fingerprint = review_cms_certificate_fingerprint (job->cert);
      if (job->key_pem == NULL || job->fingerprint == NULL)
        ok = crypto_failed (&error, "key encoding");
    }
  if (ok)
    g_task_return_boolean (inner, TRUE);
  else
    g_task_return_error (inner, error);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (job->kind == JOB_IMPORT)
    {
      g_auto(ReviewSignatureInfo) info = { 0 };
      review_signature_info_set_from_certificate (&info, job->cert);
      job->name = g_steal_pointer (&info.signer_name);
    }
  job_to_keyring (task);
}

/* The checks that need the vault, on the caller's thread, before anything
 * is made. */
static gboolean
job_check_vault (Job     *job,
                 GError **error)
{
  g_auto(ReviewSignatureInfo) existing = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (!check_supervisor (job->vault, error))
    return FALSE;
  if (review_signer_describe (job->vault, &existing, &local_error))
    {
      if (!job->replace)
        {
          g_autofree char *shown = review_text_quote (existing.signer_name, -1);
          /* Translators: %s is the signer's name, %.16s the start of a fingerprint */
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("This vault already has a signing identity (“%s”, fingerprint "
                         "%.16s…); nothing was changed. Replace it only on purpose: "
                         "recipients who trust the old certificate will not trust the "
                         "new one."),
                       shown, existing.fingerprint);
          return FALSE;
        }
      job->old_fingerprint = g_steal_pointer (&existing.fingerprint);
    }
  else if (!g_error_matches (local_error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
job_start (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  if (!job_check_vault (job, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  inner = g_task_new (NULL, job->outer, prepared_cb, task);
  g_task_set_task_data (inner, job, NULL);
  g_task_set_name (inner, "[review] signing identity");
  g_task_run_in_thread (inner, prepare_thread);
}

void
review_signer_create_async (ReviewVault          *vault,
                            ReviewSignerKeyType   key_type,
                            const char           *name,
                            const char           *organization,
                            const char           *email,
                            gboolean              replace,
                            ReviewKeyringFlags    flags,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (REVIEW_IS_VAULT (vault));

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_signer_create_async);
  g_task_set_name (task, "[review] signer create");
  job = job_new (JOB_CREATE, vault, flags, cancellable);
  job->key_type = key_type;
  job->name = g_strstrip (g_strdup (name != NULL ? name : ""));
  job->organization = g_strstrip (g_strdup (organization != NULL ? organization : ""));
  job->email = email != NULL && *email != '\0' ? g_strstrip (g_strdup (email)) : NULL;
  job->replace = replace;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job_start (task);
}

ReviewSigner *
review_signer_create_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_signer_import_async (ReviewVault          *vault,
                            GBytes               *pkcs12,
                            const char           *password,
                            gboolean              replace,
                            ReviewKeyringFlags    flags,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (REVIEW_IS_VAULT (vault));
  g_return_if_fail (pkcs12 != NULL);

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_signer_import_async);
  g_task_set_name (task, "[review] signer import");
  job = job_new (JOB_IMPORT, vault, flags, cancellable);
  job->pkcs12 = g_bytes_ref (pkcs12);
  if (password != NULL)
    {
      job->password = review_secure_alloc (strlen (password) + 1);
      strcpy (job->password, password);
    }
  job->replace = replace;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job_start (task);
}

ReviewSigner *
review_signer_import_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
review_signer_load_async (ReviewVault         *vault,
                          ReviewKeyringFlags   flags,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Job *job;
  GError *error = NULL;

  g_return_if_fail (REVIEW_IS_VAULT (vault));

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, review_signer_load_async);
  g_task_set_name (task, "[review] signer load");
  job = job_new (JOB_LOAD, vault, flags, cancellable);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (!read_identity (vault, &job->cert, &job->chain, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  {
    g_auto(ReviewSignatureInfo) info = { 0 };
    review_signature_info_set_from_certificate (&info, job->cert);
    job->fingerprint = g_steal_pointer (&info.fingerprint);
    job->name = g_steal_pointer (&info.signer_name);
  }
  job_to_keyring (task);
}

ReviewSigner *
review_signer_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- blocking forms ----------------------------------------------------- */


ReviewSigner *
review_signer_create_sync (ReviewVault          *vault,
                           ReviewSignerKeyType   key_type,
                           const char           *name,
                           const char           *organization,
                           const char           *email,
                           gboolean              replace,
                           ReviewKeyringFlags    flags,
                           GCancellable         *cancellable,
                           GError              **error)
{
  ReviewSync data;
  ReviewSigner *signer;

  review_sync_begin (&data);
  review_signer_create_async (vault, key_type, name, organization, email, replace, flags,
                              cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  signer = review_signer_create_finish (data.result, error);
  review_sync_end (&data);
  return signer;
}

ReviewSigner *
review_signer_import_sync (ReviewVault          *vault,
                           GBytes               *pkcs12,
                           const char           *password,
                           gboolean              replace,
                           ReviewKeyringFlags    flags,
                           GCancellable         *cancellable,
                           GError              **error)
{
  ReviewSync data;
  ReviewSigner *signer;

  review_sync_begin (&data);
  review_signer_import_async (vault, pkcs12, password, replace, flags, cancellable,
                              review_sync_done_cb, &data);
  review_sync_wait (&data);
  signer = review_signer_import_finish (data.result, error);
  review_sync_end (&data);
  return signer;
}

ReviewSigner *
review_signer_load_sync (ReviewVault         *vault,
                         ReviewKeyringFlags   flags,
                         GCancellable        *cancellable,
                         GError             **error)
{
  ReviewSync data;
  ReviewSigner *signer;

  review_sync_begin (&data);
  review_signer_load_async (vault, flags, cancellable, review_sync_done_cb, &data);
  review_sync_wait (&data);
  signer = review_signer_load_finish (data.result, error);
  review_sync_end (&data);
  return signer;
}

ReviewSigner *
review_signer_load (ReviewVault  *vault,
                    GError      **error)
{
  return review_signer_load_sync (vault, REVIEW_KEYRING_NONE, NULL, error);
}

/**
 * review_signer_load_or_explain:
 *
 * review_signer_load_sync(), for the commands that sign (export, report):
 * when the vault has no usable signing identity (REVIEW_ERROR_NO_SIGNER),
 * the error says why and how to create or import one, on one line. Other
 * errors (the keyring's) are returned as they are.
 */
ReviewSigner *
review_signer_load_or_explain (ReviewVault         *vault,
                               ReviewKeyringFlags   flags,
                               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  ReviewSigner *signer = review_signer_load_sync (vault, flags, NULL, &local_error);

  if (signer != NULL)
    return signer;
  if (!g_error_matches (local_error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
               /* Translators: %s is why the signing identity could not be used */
               _("%s\nReports and exports are always signed. Create a signing identity first: "
                 "review signer create --name=NAME --organization=ORGANIZATION (or "
                 "import one: review signer import FILE.p12)."), local_error->message);
  /* One line: the error printer shows any line break as \n. */
  if (error != NULL)
    g_strdelimit ((*error)->message, "\n", ' ');
  return NULL;
}
