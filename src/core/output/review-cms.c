/* review-cms.c
 *
 * Detached CMS SignedData, as PAdES baseline B-B (ETSI.CAdES.detached) and
 * our signed exports want it: SHA-256, exactly one SignerInfo whose signed
 * attributes are content-type, message-digest and ESS signing-certificate-v2
 * and nothing else. OpenSSL 3.0 cannot make that directly: CMS_final() (more
 * precisely CMS_SignerInfo_sign()) always adds a signing-time attribute. So
 * we let OpenSSL build and sign the whole structure, delete signing-time,
 * and sign the DER `SET OF` the remaining attributes again ourselves, in the
 * order DER requires (the order i2d will write them in). The result is then
 * verified before it is handed out.
 *
 * Verification separates two questions: is the signature valid over these
 * exact bytes (CMS_verify without chain building), and does the signer's
 * certificate chain to one of the certificates the caller trusts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "review-cms-private.h"
#include "review-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ESS_SIGNING_CERT, ESS_SIGNING_CERT_free)

/* The last OpenSSL error, for the debug log only: users get our sentences. */
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

void
review_signature_info_clear (ReviewSignatureInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->signer_name, g_free);
  g_clear_pointer (&info->signer_org, g_free);
  g_clear_pointer (&info->signer_email, g_free);
  g_clear_pointer (&info->fingerprint, g_free);
  info->self_signed = FALSE;
  info->trusted = FALSE;
}

char *
review_cms_certificate_fingerprint (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *hex;

  g_return_val_if_fail (cert != NULL, NULL);

  if (!X509_digest (cert, EVP_sha256 (), md, &len))
    {
      log_openssl_errors ("X509_digest");
      return NULL;
    }
  hex = g_string_sized_new (len * 2);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", md[i]);
  return g_string_free (hex, FALSE);
}

static char *
name_entry_dup (const X509_NAME *name,
                int              nid)
{
  int loc = X509_NAME_get_index_by_NID (name, nid, -1);
  X509_NAME_ENTRY *entry;
  unsigned char *utf8 = NULL;
  char *result;
  int len;

  if (loc < 0)
    return NULL;
  entry = X509_NAME_get_entry (name, loc);
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (entry));
  if (len < 0)
    return NULL;
  result = g_utf8_make_valid ((const char *) utf8, len);
  OPENSSL_free (utf8);
  return result;
}

/* The first e-mail address of the subject alternative names. */
static char *
san_email_dup (X509 *cert)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  char *result = NULL;

  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && result == NULL; i++)
    {
      GENERAL_NAME *gn = sk_GENERAL_NAME_value (names, i);
      if (gn->type == GEN_EMAIL)
        result = g_utf8_make_valid ((const char *) ASN1_STRING_get0_data (gn->d.rfc822Name),
                                    ASN1_STRING_length (gn->d.rfc822Name));
    }
  GENERAL_NAMES_free (names);
  return result;
}

void
review_signature_info_set_from_certificate (ReviewSignatureInfo *info,
                                            X509                *cert)
{
  const X509_NAME *subject;

  g_return_if_fail (info != NULL && cert != NULL);

  review_signature_info_clear (info);
  subject = X509_get_subject_name (cert);
  info->signer_name = name_entry_dup (subject, NID_commonName);
  if (info->signer_name == NULL)
    {
      char *oneline = X509_NAME_oneline (subject, NULL, 0);
      info->signer_name = g_utf8_make_valid (oneline ? oneline : "", -1);
      OPENSSL_free (oneline);
    }
  info->signer_org = name_entry_dup (subject, NID_organizationName);
  info->signer_email = name_entry_dup (subject, NID_pkcs9_emailAddress);
  if (info->signer_email == NULL)
    info->signer_email = san_email_dup (cert);
  info->fingerprint = review_cms_certificate_fingerprint (cert);
  info->self_signed = X509_self_signed (cert, 1) == 1;
  ERR_clear_error ();
}

/* --- signing ------------------------------------------------------------ */

typedef struct
{
  unsigned char *der;
  int            len;
} DerItem;

/* DER orders a SET OF by its elements' encodings (as OpenSSL's der_cmp). */
static int
der_item_compare (gconstpointer a,
                  gconstpointer b)
{
  const DerItem *x = a, *y = b;
  int n = MIN (x->len, y->len);
  int c = memcmp (x->der, y->der, n);

  if (c != 0)
    return c;
  return x->len - y->len;
}

static void
append_der_length (GByteArray *out,
                   gsize       len)
{
  guint8 buf[9];
  int n = 0;

  if (len < 0x80)
    {
      buf[0] = (guint8) len;
      g_byte_array_append (out, buf, 1);
      return;
    }
  for (gsize l = len; l > 0; l >>= 8)
    n++;
  buf[0] = 0x80 | (guint8) n;
  for (int i = 0; i < n; i++)
    buf[1 + i] = (guint8) (len >> (8 * (n - 1 - i)));
  g_byte_array_append (out, buf, 1 + n);
}

/* The DER `SET OF Attribute` over which a SignerInfo's signature is made
 * (RFC 5652 §5.4: the EXPLICIT SET OF tag, not the [0] IMPLICIT one). */
static GByteArray *
encode_signed_attributes (CMS_SignerInfo *si)
{
  int n = CMS_signed_get_attr_count (si);
  g_autoptr(GArray) items = NULL;
  GByteArray *out;
  gsize total = 0;

  if (n <= 0)
    return NULL;
  items = g_array_sized_new (FALSE, TRUE, sizeof (DerItem), n);
  for (int i = 0; i < n; i++)
    {
      DerItem item = { NULL, 0 };
      item.len = i2d_X509_ATTRIBUTE (CMS_signed_get_attr (si, i), &item.der);
      if (item.len <= 0)
        {
          for (guint k = 0; k < items->len; k++)
            OPENSSL_free (g_array_index (items, DerItem, k).der);
          return NULL;
        }
      g_array_append_val (items, item);
      total += item.len;
    }
  g_array_sort (items, der_item_compare);

  out = g_byte_array_sized_new (total + 8);
  g_byte_array_append (out, (const guint8 *) "\x31", 1);
  append_der_length (out, total);
  for (guint k = 0; k < items->len; k++)
    {
      DerItem *item = &g_array_index (items, DerItem, k);
      g_byte_array_append (out, item->der, item->len);
      OPENSSL_free (item->der);
    }
  return out;
}

static gboolean
sign_error (GError     **error,
            const char  *what)
{
  log_openssl_errors (what);
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The signature could not be made (a cryptographic operation failed)."));
  return FALSE;
}

static GBytes *
sign_failed (GError     **error,
             const char  *what)
{
  sign_error (error, what);
  return NULL;
}

/* Removes every signing-time attribute, then signs the remaining signed
 * attributes again with @key. */
static gboolean
resign_without_signing_time (CMS_SignerInfo  *si,
                             EVP_PKEY        *key,
                             GError         **error)
{
  g_autoptr(GByteArray) attrs = NULL;
  g_autoptr(EVP_MD_CTX) mctx = NULL;
  unsigned char *sig = NULL;
  size_t siglen = 0;
  int loc;

  while ((loc = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1)) >= 0)
    X509_ATTRIBUTE_free (CMS_signed_delete_attr (si, loc));

  attrs = encode_signed_attributes (si);
  if (attrs == NULL)
    return sign_error (error, "encode signed attributes");

  mctx = EVP_MD_CTX_new ();
  if (mctx == NULL ||
      EVP_DigestSignInit (mctx, NULL, EVP_sha256 (), NULL, key) <= 0 ||
      EVP_DigestSign (mctx, NULL, &siglen, attrs->data, attrs->len) <= 0)
    return sign_error (error, "EVP_DigestSignInit");
  sig = OPENSSL_malloc (siglen);
  if (sig == NULL || EVP_DigestSign (mctx, sig, &siglen, attrs->data, attrs->len) <= 0)
    {
      OPENSSL_free (sig);
      return sign_error (error, "EVP_DigestSign");
    }
  /* Takes ownership of @sig and frees the signature OpenSSL made. */
  ASN1_STRING_set0 (CMS_SignerInfo_get0_signature (si), sig, (int) siglen);
  return TRUE;
}

static gboolean
check_key_supported (EVP_PKEY  *key,
                     GError   **error)
{
  if (EVP_PKEY_is_a (key, "EC") || (EVP_PKEY_is_a (key, "RSA") && EVP_PKEY_get_bits (key) >= 2048))
    return TRUE;
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("This kind of key cannot sign here: use an EC key (P-256 or larger) or "
                         "an RSA key of at least 2048 bits."));
  return FALSE;
}

GBytes *
review_cms_sign_detached (EVP_PKEY        *key,
                          X509            *cert,
                          STACK_OF(X509)  *chain,
                          GBytes          *content,
                          GError         **error)
{
  const unsigned int flags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_CADES |
                             CMS_NOSMIMECAP;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(BIO) in = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) check_error = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  CMS_SignerInfo *si;
  unsigned char *der = NULL;
  const void *data;
  gsize len;
  int der_len;

  g_return_val_if_fail (key != NULL && cert != NULL && content != NULL, NULL);

  if (!check_key_supported (key, error))
    return NULL;
  if (X509_check_private_key (cert, key) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER,
                           _("The signing key does not belong to the signing certificate."));
      return NULL;
    }

  data = g_bytes_get_data (content, &len);
  if (len > G_MAXINT)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The file is too large to sign."));
      return NULL;
    }
  in = BIO_new_mem_buf (len > 0 ? data : "", (int) len);

  /* CMS_CADES adds ESS signing-certificate-v2 (the digest is SHA-256). */
  cms = CMS_sign (NULL, NULL, NULL, NULL, flags);
  if (cms == NULL)
    return sign_failed (error, "CMS_sign");
  si = CMS_add1_signer (cms, cert, key, EVP_sha256 (), flags);
  if (si == NULL)
    return sign_failed (error, "CMS_add1_signer");
  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    if (!CMS_add1_cert (cms, sk_X509_value (chain, i)))
      {
        /* The same certificate twice is not an error worth failing for. */
        ERR_clear_error ();
      }
  /* Digests the content, adds content-type and message-digest, signs
   * (adding signing-time, which goes again just below). */
  if (!CMS_final (cms, in, NULL, CMS_DETACHED | CMS_BINARY))
    return sign_failed (error, "CMS_final");
  if (!resign_without_signing_time (si, key, error))
    return NULL;

  der_len = i2d_CMS_ContentInfo (cms, &der);
  if (der_len <= 0)
    return sign_failed (error, "i2d_CMS_ContentInfo");
  result = g_bytes_new (der, der_len);
  OPENSSL_free (der);

  /* Never hand out a signature that does not verify. */
  if (!review_cms_verify_detached (result, content, NULL, &info, &check_error))
    {
      g_warning ("A signature just made does not verify: %s", check_error->message);
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                           _("The signature just made did not verify; nothing was signed."));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* --- verification ------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID, message);
  return FALSE;
}

/* When the signer protected its certificate with an ESS signing-certificate
 * (v2 or v1) attribute, it must name @signer. Returns FALSE when it does not.
 * Absent attributes are not an error here. */
static gboolean
check_ess_attribute (CMS_SignerInfo *si,
                     X509           *signer)
{
  g_autoptr(ESS_SIGNING_CERT_V2) v2 = NULL;
  g_autoptr(ESS_SIGNING_CERT) v1 = NULL;
  ASN1_STRING *s;
  STACK_OF(X509) *chain;
  int ok;

  s = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_id_smime_aa_signingCertificateV2), -3,
                                   V_ASN1_SEQUENCE);
  if (s != NULL)
    {
      const unsigned char *p = ASN1_STRING_get0_data (s);
      v2 = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (s));
      if (v2 == NULL)
        return FALSE;
    }
  s = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_id_smime_aa_signingCertificate), -3,
                                   V_ASN1_SEQUENCE);
  if (s != NULL)
    {
      const unsigned char *p = ASN1_STRING_get0_data (s);
      v1 = d2i_ESS_SIGNING_CERT (NULL, &p, ASN1_STRING_length (s));
      if (v1 == NULL)
        return FALSE;
    }
  if (v1 == NULL && v2 == NULL)
    return TRUE;

  chain = sk_X509_new_null ();
  sk_X509_push (chain, signer);
  ok = OSSL_ESS_check_signing_certs (v1, v2, chain, 1);
  sk_X509_free (chain);
  return ok > 0;
}

static gboolean
check_trust (X509           *signer,
             STACK_OF(X509) *untrusted,
             STACK_OF(X509) *trusted)
{
  g_autoptr(X509_STORE) store = X509_STORE_new ();
  g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
  int ok;

  if (trusted == NULL || sk_X509_num (trusted) == 0 || store == NULL || ctx == NULL)
    return FALSE;
  for (int i = 0; i < sk_X509_num (trusted); i++)
    X509_STORE_add_cert (store, sk_X509_value (trusted, i));
  /* A recipient may trust the signer's own certificate, or an intermediate. */
  X509_STORE_set_flags (store, X509_V_FLAG_PARTIAL_CHAIN);
  if (!X509_STORE_CTX_init (ctx, store, signer, untrusted))
    {
      log_openssl_errors ("X509_STORE_CTX_init");
      return FALSE;
    }
  ok = X509_verify_cert (ctx);
  if (ok != 1)
    g_debug ("signer not trusted: %s",
             X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
  ERR_clear_error ();
  return ok == 1;
}

/* The certificate that identifies @si: among the signature's own, else among
 * @extra. Borrowed from whichever stack holds it. */
static X509 *
find_signer (CMS_SignerInfo *si,
             STACK_OF(X509) *certs,
             STACK_OF(X509) *extra)
{
  for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
    if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (certs, i)) == 0)
      return sk_X509_value (certs, i);
  for (int i = 0; extra != NULL && i < sk_X509_num (extra); i++)
    if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (extra, i)) == 0)
      return sk_X509_value (extra, i);
  return NULL;
}

gboolean
review_cms_verify_detached (GBytes               *cms_der,
                            GBytes               *content,
                            STACK_OF(X509)       *trusted,
                            ReviewSignatureInfo  *info,
                            GError              **error)
{
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(BIO) in = NULL;
  g_auto(ReviewSignatureInfo) local_info = { 0 };
  STACK_OF(CMS_SignerInfo) *signers;
  STACK_OF(X509) *certs = NULL;
  STACK_OF(X509) *one = NULL;
  CMS_SignerInfo *si;
  X509 *signer;
  const unsigned char *p;
  const void *data;
  gsize der_len, len;
  gboolean ok = FALSE;

  g_return_val_if_fail (cms_der != NULL && content != NULL, FALSE);

  if (info == NULL)
    info = &local_info;
  review_signature_info_clear (info);

  p = g_bytes_get_data (cms_der, &der_len);
  if (der_len == 0 || der_len > G_MAXLONG)
    return invalid (error, _("The signature is empty or cannot be read."));
  cms = d2i_CMS_ContentInfo (NULL, &p, (long) der_len);
  if (cms == NULL)
    {
      log_openssl_errors ("d2i_CMS_ContentInfo");
      return invalid (error, _("The signature is not a CMS signature (DER), or it is damaged."));
    }
  if (OBJ_obj2nid (CMS_get0_type (cms)) != NID_pkcs7_signed)
    return invalid (error, _("The signature file holds no signed data."));
  if (!CMS_is_detached (cms))
    return invalid (error, _("The signature is not a detached signature: it carries its own "
                             "content instead of signing the file next to it."));
  signers = CMS_get0_SignerInfos (cms);
  if (signers == NULL || sk_CMS_SignerInfo_num (signers) != 1)
    return invalid (error, _("The signature must have exactly one signer."));
  si = sk_CMS_SignerInfo_value (signers, 0);

  certs = CMS_get1_certs (cms);
  signer = find_signer (si, certs, trusted);
  if (signer == NULL)
    {
      sk_X509_pop_free (certs, X509_free);
      return invalid (error, _("The signer’s certificate is neither included in the signature "
                               "nor among the certificates given, so the signer cannot be "
                               "named."));
    }
  review_signature_info_set_from_certificate (info, signer);

  data = g_bytes_get_data (content, &len);
  if (len > G_MAXINT)
    {
      sk_X509_pop_free (certs, X509_free);
      return invalid (error, _("The file is too large to check."));
    }
  in = BIO_new_mem_buf (len > 0 ? data : "", (int) len);

  /* Cryptographic validity only: the chain is looked at separately. The
   * signer's certificate is passed explicitly, so one given with --cert is
   * used when the signature does not carry it. */
  one = sk_X509_new_null ();
  sk_X509_push (one, signer);
  if (CMS_verify (cms, one, NULL, in, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1)
    {
      log_openssl_errors ("CMS_verify");
      invalid (error, _("The signature does not match the file: the file was changed after it "
                        "was signed, or the signature belongs to another file."));
      goto out;
    }
  if (!check_ess_attribute (si, signer))
    {
      log_openssl_errors ("ESS signing certificate");
      invalid (error, _("The signature names a different certificate than the one it was "
                        "checked with (ESS signing certificate mismatch)."));
      goto out;
    }
  info->trusted = check_trust (signer, certs, trusted);
  ok = TRUE;

out:
  ERR_clear_error ();
  sk_X509_free (one);
  sk_X509_pop_free (certs, X509_free);
  return ok;
}

char *
review_cms_dup_signing_time (GBytes *cms_der)
{
  g_autoptr(CMS_ContentInfo) cms = NULL;
  STACK_OF(CMS_SignerInfo) *signers;
  const unsigned char *p;
  const ASN1_TIME *t = NULL;
  struct tm tm;
  gsize len;
  char buf[64];

  g_return_val_if_fail (cms_der != NULL, NULL);

  p = g_bytes_get_data (cms_der, &len);
  if (len == 0 || len > G_MAXLONG || (cms = d2i_CMS_ContentInfo (NULL, &p, (long) len)) == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  signers = CMS_get0_SignerInfos (cms);
  if (signers == NULL || sk_CMS_SignerInfo_num (signers) < 1)
    return NULL;
  for (int type = V_ASN1_UTCTIME; t == NULL && type <= V_ASN1_GENERALIZEDTIME; type++)
    t = CMS_signed_get0_data_by_OBJ (sk_CMS_SignerInfo_value (signers, 0),
                                     OBJ_nid2obj (NID_pkcs9_signingTime), -3, type);
  ERR_clear_error ();
  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1 ||
      strftime (buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
    return NULL;
  return g_strdup (buf);
}

STACK_OF(X509) *
review_cms_read_pem_certificates (const char  *pem,
                                  gssize       len,
                                  GError     **error)
{
  g_autoptr(BIO) bio = NULL;
  STACK_OF(X509) *certs;
  X509 *cert;

  g_return_val_if_fail (pem != NULL, NULL);

  if (len < 0)
    len = strlen (pem);
  if (len > G_MAXINT)
    len = G_MAXINT;
  bio = BIO_new_mem_buf (pem, (int) len);
  certs = sk_X509_new_null ();
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    sk_X509_push (certs, cert);
  /* The loop ends on "no more PEM data", which is not an error. */
  ERR_clear_error ();
  if (sk_X509_num (certs) == 0)
    {
      sk_X509_free (certs);
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("No certificate was found: expected one or more PEM certificates "
                             "(“-----BEGIN CERTIFICATE-----”)."));
      return NULL;
    }
  return certs;
}
