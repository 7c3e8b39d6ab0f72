/* test-sign.c: signing identities and detached CMS signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include "review-cms-private.h"
#include "review-error.h"
#include "review-signer-private.h"
#include "review-test-utils.h"

static const char content_text[] =
  "{\"schema\":\"com.example.Review.export/1\",\"persons\":[{\"name\":\"سمير\"}]}\n";

typedef struct
{
  EVP_PKEY *key;
  X509     *cert;
} Identity;

static void
identity_clear (Identity *id)
{
  g_clear_pointer (&id->key, EVP_PKEY_free);
  g_clear_pointer (&id->cert, X509_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CMS_ContentInfo, CMS_ContentInfo_free)

static void
make_identity (Identity            *id,
               ReviewSignerKeyType  type,
               const char          *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (review_signer_generate (type, name, "Test Organisation", "test@example.org",
                                         &id->key, &id->cert, &error));
  g_assert_no_error (error);
}

static STACK_OF(X509) *
stack_of (X509 *cert)
{
  STACK_OF(X509) *s = sk_X509_new_null ();

  if (cert != NULL)
    {
      X509_up_ref (cert);
      sk_X509_push (s, cert);
    }
  return s;
}

static void
free_stack (STACK_OF(X509) *s)
{
  sk_X509_pop_free (s, X509_free);
}

static GBytes *
content_bytes (void)
{
  return g_bytes_new_static (content_text, strlen (content_text));
}

/* --- certificates ------------------------------------------------------- */

static void
test_generate_ec (void)
{
  g_auto(Identity) id = { 0 };
  g_auto(ReviewSignatureInfo) info = { 0 };
  const ASN1_INTEGER *serial;
  BASIC_CONSTRAINTS *bc;
  EXTENDED_KEY_USAGE *eku;
  int crit = -1, pday = 0, psec = 0;
  gboolean email_protection = FALSE;

  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "Jane Doe");
  g_assert_true (EVP_PKEY_is_a (id.key, "EC"));
  g_assert_cmpint (EVP_PKEY_get_bits (id.key), ==, 256);
  g_assert_cmpint (X509_get_version (id.cert), ==, X509_VERSION_3);

  review_signature_info_set_from_certificate (&info, id.cert);
  g_assert_cmpstr (info.signer_name, ==, "Jane Doe");
  g_assert_cmpstr (info.signer_org, ==, "Test Organisation");
  g_assert_cmpstr (info.signer_email, ==, "test@example.org");
  g_assert_cmpuint (strlen (info.fingerprint), ==, 64);
  g_assert_true (info.self_signed);
  g_assert_false (info.trusted);

  /* A random, positive 128-bit serial. */
  serial = X509_get0_serialNumber (id.cert);
  g_assert_cmpint (ASN1_STRING_length (serial), ==, 16);

  /* Five years. */
  g_assert_true (ASN1_TIME_diff (&pday, &psec, X509_get0_notBefore (id.cert),
                                 X509_get0_notAfter (id.cert)));
  g_assert_cmpint (pday, >=, 5 * 365);
  g_assert_cmpint (pday, <=, 5 * 365 + 2);

  bc = X509_get_ext_d2i (id.cert, NID_basic_constraints, &crit, NULL);
  g_assert_nonnull (bc);
  g_assert_cmpint (crit, ==, 1);
  g_assert_false (bc->ca);
  BASIC_CONSTRAINTS_free (bc);

  g_assert_cmpuint (X509_get_key_usage (id.cert), ==, KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION);
  g_assert_cmpint (X509_get_ext_by_NID (id.cert, NID_key_usage, -1), >=, 0);
  g_assert_cmpint (X509_EXTENSION_get_critical (
                     X509_get_ext (id.cert, X509_get_ext_by_NID (id.cert, NID_key_usage, -1))),
                   ==, 1);

  eku = X509_get_ext_d2i (id.cert, NID_ext_key_usage, NULL, NULL);
  g_assert_nonnull (eku);
  for (int i = 0; i < sk_ASN1_OBJECT_num (eku); i++)
    if (OBJ_obj2nid (sk_ASN1_OBJECT_value (eku, i)) == NID_email_protect)
      email_protection = TRUE;
  g_assert_true (email_protection);
  sk_ASN1_OBJECT_pop_free (eku, ASN1_OBJECT_free);

  g_assert_nonnull (X509_get0_subject_key_id (id.cert));
}

static void
test_generate_rsa (void)
{
  g_auto(Identity) id = { 0 };

  make_identity (&id, REVIEW_SIGNER_KEY_RSA_3072, "Rami Rsa");
  g_assert_true (EVP_PKEY_is_a (id.key, "RSA"));
  g_assert_cmpint (EVP_PKEY_get_bits (id.key), ==, 3072);
}

static void
test_generate_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (65, 'x');
  EVP_PKEY *key = NULL;
  X509 *cert = NULL;

  g_assert_false (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "", "Org", NULL, &key,
                                          &cert, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, long_name, "Org", NULL,
                                          &key, &cert, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "Name", "Org",
                                          "not an address",
                                          &key, &cert, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_assert_null (key);
  g_assert_null (cert);
}

/* --- signatures --------------------------------------------------------- */

static GBytes *
sign (Identity       *id,
      STACK_OF(X509) *chain,
      GBytes         *content)
{
  g_autoptr(GError) error = NULL;
  GBytes *sig = review_cms_sign_detached (id->key, id->cert, chain, content, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sig);
  return sig;
}

static void
round_trip (ReviewSignerKeyType type)
{
  g_auto(Identity) id = { 0 };
  g_auto(ReviewSignatureInfo) info = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;
  STACK_OF(X509) *trusted;

  make_identity (&id, type, "Round Trip");
  sig = sign (&id, NULL, content);

  /* Valid, and trusted when its own certificate is trusted. */
  trusted = stack_of (id.cert);
  g_assert_true (review_cms_verify_detached (sig, content, trusted, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.signer_name, ==, "Round Trip");
  g_assert_cmpstr (info.signer_org, ==, "Test Organisation");
  g_assert_true (info.self_signed);
  g_assert_true (info.trusted);
  free_stack (trusted);

  /* Valid but not trusted without trusted certificates. */
  g_assert_true (review_cms_verify_detached (sig, content, NULL, &info, &error));
  g_assert_no_error (error);
  g_assert_false (info.trusted);
  g_assert_nonnull (info.fingerprint);
}

static void
test_round_trip_ec (void)
{
  round_trip (REVIEW_SIGNER_KEY_EC_P256);
}

static void
test_round_trip_rsa (void)
{
  round_trip (REVIEW_SIGNER_KEY_RSA_3072);
}

static void
test_empty_content (void)
{
  g_auto(Identity) id = { 0 };
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;

  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "Empty");
  sig = sign (&id, NULL, empty);
  g_assert_true (review_cms_verify_detached (sig, empty, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_changed_content (void)
{
  g_auto(Identity) id = { 0 };
  g_auto(ReviewSignatureInfo) info = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GBytes) flipped = NULL;
  g_autoptr(GBytes) appended = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strdup (content_text);
  g_autofree char *longer = g_strconcat (content_text, " ", NULL);
  gsize len = strlen (content_text);

  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "Flip");
  sig = sign (&id, NULL, content);

  for (gsize i = 0; i < len; i += 7)
    {
      copy[i] ^= 0x01;
      flipped = g_bytes_new (copy, len);
      g_assert_false (review_cms_verify_detached (sig, flipped, NULL, &info, &error));
      g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
      /* The claimed signer is still named. */
      g_assert_cmpstr (info.signer_name, ==, "Flip");
      g_clear_error (&error);
      g_clear_pointer (&flipped, g_bytes_unref);
      copy[i] ^= 0x01;
    }

  appended = g_bytes_new (longer, len + 1);
  g_assert_false (review_cms_verify_detached (sig, appended, NULL, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
  g_clear_error (&error);

  truncated = g_bytes_new (content_text, len - 1);
  g_assert_false (review_cms_verify_detached (sig, truncated, NULL, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
}

static void
test_changed_signature (void)
{
  g_auto(Identity) id = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a signature", 15);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *der;

  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "Sig");
  sig = sign (&id, NULL, content);
  der = g_bytes_get_data (sig, &len);

  /* Flip one byte of the signature value (the last bytes of the DER). */
  {
    g_autofree guint8 *copy = g_memdup2 (der, len);
    g_autoptr(GBytes) bad = NULL;
    copy[len - 5] ^= 0x40;
    bad = g_bytes_new (copy, len);
    g_assert_false (review_cms_verify_detached (bad, content, NULL, NULL, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
    g_clear_error (&error);
  }

  g_assert_false (review_cms_verify_detached (garbage, content, NULL, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID);
}

static void
test_wrong_certificate (void)
{
  g_auto(Identity) id = { 0 };
  g_auto(Identity) other = { 0 };
  g_auto(ReviewSignatureInfo) info = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;
  STACK_OF(X509) *trusted;

  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "Signer");
  make_identity (&other, REVIEW_SIGNER_KEY_EC_P256, "Someone Else");
  sig = sign (&id, NULL, content);

  /* Another certificate trusted: the signature is valid, the signer is not
   * trusted. */
  trusted = stack_of (other.cert);
  g_assert_true (review_cms_verify_detached (sig, content, trusted, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.signer_name, ==, "Signer");
  g_assert_false (info.trusted);
  free_stack (trusted);

  /* Signing with a key that is not the certificate's is refused. */
  g_assert_null (review_cms_sign_detached (other.key, id.cert, NULL, content, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER);
}

/* A CA and a leaf it issued, as an organisation would. */
static void
make_issued (Identity *ca,
             Identity *leaf)
{
  g_autoptr(GError) error = NULL;
  X509V3_CTX ctx;
  X509_EXTENSION *ext;

  g_assert_true (review_signer_generate (REVIEW_SIGNER_KEY_EC_P256, "Test Root CA", "Test CA Org",
                                         NULL, &ca->key, &ca->cert, &error));
  /* Make it a CA: replace basicConstraints and keyUsage, sign again. */
  X509_delete_ext (ca->cert, X509_get_ext_by_NID (ca->cert, NID_basic_constraints, -1));
  X509_delete_ext (ca->cert, X509_get_ext_by_NID (ca->cert, NID_key_usage, -1));
  X509V3_set_ctx (&ctx, ca->cert, ca->cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
  X509_add_ext (ca->cert, ext, -1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_key_usage, "critical,keyCertSign,digitalSignature");
  X509_add_ext (ca->cert, ext, -1);
  X509_EXTENSION_free (ext);
  g_assert_cmpint (X509_sign (ca->cert, ca->key, EVP_sha256 ()), >, 0);

  g_assert_true (review_signer_generate (REVIEW_SIGNER_KEY_RSA_3072, "Issued Person", "Test CA Org",
                                         NULL, &leaf->key, &leaf->cert, &error));
  X509_set_issuer_name (leaf->cert, X509_get_subject_name (ca->cert));
  X509_delete_ext (leaf->cert, X509_get_ext_by_NID (leaf->cert, NID_authority_key_identifier, -1));
  X509V3_set_ctx (&ctx, ca->cert, leaf->cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_authority_key_identifier, "keyid:always");
  X509_add_ext (leaf->cert, ext, -1);
  X509_EXTENSION_free (ext);
  g_assert_cmpint (X509_sign (leaf->cert, ca->key, EVP_sha256 ()), >, 0);
}

static void
test_chain (void)
{
  g_auto(Identity) ca = { 0 };
  g_auto(Identity) leaf = { 0 };
  g_auto(ReviewSignatureInfo) info = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  STACK_OF(X509) *chain;
  STACK_OF(X509) *trusted;
  STACK_OF(X509) *certs;
  const unsigned char *p;
  gsize len;

  make_issued (&ca, &leaf);
  chain = stack_of (ca.cert);
  sig = sign (&leaf, chain, content);
  free_stack (chain);

  /* The chain travels in the signature. */
  p = g_bytes_get_data (sig, &len);
  cms = d2i_CMS_ContentInfo (NULL, &p, (long) len);
  g_assert_nonnull (cms);
  certs = CMS_get1_certs (cms);
  g_assert_cmpint (sk_X509_num (certs), ==, 2);
  free_stack (certs);

  trusted = stack_of (ca.cert);
  g_assert_true (review_cms_verify_detached (sig, content, trusted, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.trusted);
  g_assert_false (info.self_signed);
  g_assert_cmpstr (info.signer_name, ==, "Issued Person");
  free_stack (trusted);

  /* Trusting the signer's own certificate is enough too. */
  trusted = stack_of (leaf.cert);
  g_assert_true (review_cms_verify_detached (sig, content, trusted, &info, &error));
  g_assert_true (info.trusted);
  free_stack (trusted);

  g_assert_true (review_cms_verify_detached (sig, content, NULL, &info, &error));
  g_assert_false (info.trusted);
}

/* The structure PAdES B-B asks for, read back with OpenSSL. */
static void
check_structure (GBytes *sig,
                 X509   *cert)
{
  g_autoptr(CMS_ContentInfo) cms = NULL;
  STACK_OF(CMS_SignerInfo) *signers;
  CMS_SignerInfo *si;
  X509_ALGOR *digest_alg = NULL;
  const unsigned char *p;
  gsize len;
  int nid = 0;

  p = g_bytes_get_data (sig, &len);
  cms = d2i_CMS_ContentInfo (NULL, &p, (long) len);
  g_assert_nonnull (cms);
  g_assert_cmpint (OBJ_obj2nid (CMS_get0_type (cms)), ==, NID_pkcs7_signed);
  g_assert_true (CMS_is_detached (cms));
  g_assert_cmpint (OBJ_obj2nid (CMS_get0_eContentType (cms)), ==, NID_pkcs7_data);

  signers = CMS_get0_SignerInfos (cms);
  g_assert_cmpint (sk_CMS_SignerInfo_num (signers), ==, 1);
  si = sk_CMS_SignerInfo_value (signers, 0);
  g_assert_cmpint (CMS_SignerInfo_cert_cmp (si, cert), ==, 0);

  CMS_SignerInfo_get0_algs (si, NULL, NULL, &digest_alg, NULL);
  {
    const ASN1_OBJECT *obj = NULL;
    X509_ALGOR_get0 (&obj, NULL, NULL, digest_alg);
    nid = OBJ_obj2nid (obj);
  }
  g_assert_cmpint (nid, ==, NID_sha256);

  /* content-type, message-digest, signing-certificate-v2; no signing-time,
   * nothing else. */
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1), <, 0);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_pkcs9_contentType, -1), >=, 0);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_pkcs9_messageDigest, -1), >=, 0);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_id_smime_aa_signingCertificateV2, -1),
                   >=, 0);
  g_assert_cmpint (CMS_signed_get_attr_count (si), ==, 3);
  g_assert_cmpint (CMS_unsigned_get_attr_count (si), <=, 0);
}

static void
test_structure (void)
{
  g_auto(Identity) ec = { 0 };
  g_auto(Identity) rsa = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig_ec = NULL;
  g_autoptr(GBytes) sig_rsa = NULL;

  make_identity (&ec, REVIEW_SIGNER_KEY_EC_P256, "Structure EC");
  make_identity (&rsa, REVIEW_SIGNER_KEY_RSA_3072, "Structure RSA");
  sig_ec = sign (&ec, NULL, content);
  sig_rsa = sign (&rsa, NULL, content);
  check_structure (sig_ec, ec.cert);
  check_structure (sig_rsa, rsa.cert);
  g_assert_null (review_cms_dup_signing_time (sig_ec));
}

/* --- the openssl command line agrees ------------------------------------ */

static gboolean
run (const char *command_line,
     char      **out)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int status = -1;

  g_assert_true (g_shell_parse_argv (command_line, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

static void
write_file (const char   *path,
            const void   *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

static void
openssl_check (ReviewSignerKeyType type)
{
  g_autofree char *dir = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *printed = NULL;
  g_auto(Identity) id = { 0 };
  g_auto(Identity) other = { 0 };
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) sig = NULL;
  BIO *bio;
  const void *der;
  gsize len;

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  dir = review_test_make_dir ();
  data_path = g_build_filename (dir, "export.json", NULL);
  sig_path = g_build_filename (dir, "export.json.p7s", NULL);
  cert_path = g_build_filename (dir, "cert.pem", NULL);
  other_path = g_build_filename (dir, "other.pem", NULL);

  make_identity (&id, type, "OpenSSL Check");
  make_identity (&other, type, "Other");
  sig = sign (&id, NULL, content);
  der = g_bytes_get_data (sig, &len);
  write_file (data_path, content_text, strlen (content_text));
  write_file (sig_path, der, len);
  bio = BIO_new_file (cert_path, "w");
  PEM_write_bio_X509 (bio, id.cert);
  BIO_free (bio);
  bio = BIO_new_file (other_path, "w");
  PEM_write_bio_X509 (bio, other.cert);
  BIO_free (bio);

  /* The recipient's command from the README, with and without -cades. */
  cmd = g_strdup_printf ("openssl cms -verify -binary -inform DER -in '%s' -content '%s' "
                         "-CAfile '%s' -purpose any -out /dev/null", sig_path, data_path,
                         cert_path);
  g_assert_true (run (cmd, NULL));
  g_free (cmd);
  cmd = g_strdup_printf ("openssl cms -verify -cades -binary -inform DER -in '%s' -content '%s' "
                         "-CAfile '%s' -purpose any -out /dev/null", sig_path, data_path,
                         cert_path);
  g_assert_true (run (cmd, NULL));
  g_free (cmd);
  /* Another CA file: openssl refuses the chain. */
  cmd = g_strdup_printf ("openssl cms -verify -binary -inform DER -in '%s' -content '%s' "
                         "-CAfile '%s' -purpose any -out /dev/null", sig_path, data_path,
                         other_path);
  g_assert_false (run (cmd, NULL));
  g_free (cmd);

  cmd = g_strdup_printf ("openssl cms -cmsout -print -inform DER -in '%s'", sig_path);
  g_assert_true (run (cmd, &printed));
  g_assert_null (strstr (printed, "signingTime"));
  g_assert_nonnull (strstr (printed, "id-smime-aa-signingCertificateV2"));
  g_assert_nonnull (strstr (printed, "messageDigest"));
  g_assert_nonnull (strstr (printed, "contentType"));
  g_free (cmd);

  /* One changed byte. */
  {
    g_autofree char *changed = g_strdup (content_text);
    changed[3] ^= 0x20;
    write_file (data_path, changed, strlen (changed));
    cmd = g_strdup_printf ("openssl cms -verify -binary -inform DER -in '%s' -content '%s' "
                           "-CAfile '%s' -purpose any -out /dev/null", sig_path, data_path,
                           cert_path);
    g_assert_false (run (cmd, NULL));
  }

  review_test_remove_dir (dir);
}

static void
test_openssl_ec (void)
{
  openssl_check (REVIEW_SIGNER_KEY_EC_P256);
}

static void
test_openssl_rsa (void)
{
  openssl_check (REVIEW_SIGNER_KEY_RSA_3072);
}

/* A signature made by `openssl cms -sign` verifies here too. */
static void
test_openssl_made (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *data = NULL;
  g_autofree char *sig_der = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  STACK_OF(X509) *trusted;
  gsize len;

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  dir = review_test_make_dir ();
  cmd = g_strdup_printf ("sh -c 'cd \"%s\" && "
                         "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                         "-keyout k.pem -out c.pem -days 30 "
                         "-subj \"/CN=Made By OpenSSL/O=Elsewhere\" "
                         "2>/dev/null && printf \"hello\\n\" > data.txt && "
                         "openssl cms -sign -binary -cades -md sha256 -nosmimecap -in data.txt "
                         "-signer c.pem -inkey k.pem -outform DER -out data.txt.p7s'", dir);
  g_assert_true (run (cmd, NULL));

  g_free (cmd);
  cmd = g_build_filename (dir, "data.txt", NULL);
  g_assert_true (g_file_get_contents (cmd, &data, &len, NULL));
  content = g_bytes_new (data, len);
  g_free (cmd);
  cmd = g_build_filename (dir, "data.txt.p7s", NULL);
  g_assert_true (g_file_get_contents (cmd, &sig_der, &len, NULL));
  sig = g_bytes_new (sig_der, len);
  g_free (cmd);
  cmd = g_build_filename (dir, "c.pem", NULL);
  g_assert_true (g_file_get_contents (cmd, &cert_pem, NULL, NULL));
  trusted = review_cms_read_pem_certificates (cert_pem, -1, &error);
  g_assert_no_error (error);

  g_assert_true (review_cms_verify_detached (sig, content, trusted, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.signer_name, ==, "Made By OpenSSL");
  g_assert_cmpstr (info.signer_org, ==, "Elsewhere");
  g_assert_true (info.trusted);
  free_stack (trusted);
  /* openssl states a signing time; we read it back. */
  {
    g_autofree char *when = review_cms_dup_signing_time (sig);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *year = g_date_time_format (now, "%Y-");
    g_assert_nonnull (when);
    g_assert_true (g_str_has_prefix (when, year));
    g_assert_true (g_str_has_suffix (when, " UTC"));
  }
  review_test_remove_dir (dir);
}

/* --- the vault's part, without a keyring -------------------------------- */

static void
test_vault_rules (void)
{
  g_autofree char *dir = review_test_make_dir ();
  g_autofree char *vdir = g_build_filename (dir, "vault", NULL);
  g_autoptr(ReviewVault) vault = review_test_create_vault (vdir, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  g_auto(Identity) id = { 0 };
  g_autoptr(GBytes) p12_bytes = NULL;
  PKCS12 *p12;
  unsigned char *der = NULL;
  int der_len;

  /* No identity yet. */
  g_assert_false (review_signer_describe (vault, &info, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER);
  g_clear_error (&error);
  g_assert_null (review_signer_export_certificate (vault, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER);
  g_clear_error (&error);
  g_assert_null (review_signer_load (vault, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_NO_SIGNER);
  g_clear_error (&error);

  /* A reviewer may not create one; nothing reaches the keyring. */
  signer = review_signer_create_sync (vault, REVIEW_SIGNER_KEY_EC_P256, "Rev", "Org", NULL,
                                      FALSE, REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_null (signer);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A supervisor with a wrong PKCS#12 password is told so. */
  g_assert_true (review_vault_set_profile (vault, "Sup", REVIEW_ROLE_SUPERVISOR, &error));
  make_identity (&id, REVIEW_SIGNER_KEY_EC_P256, "P12 Person");
  p12 = PKCS12_create ("right password", "P12 Person", id.key, id.cert, NULL, 0, 0, 0, 0, 0);
  g_assert_nonnull (p12);
  der_len = i2d_PKCS12 (p12, &der);
  PKCS12_free (p12);
  p12_bytes = g_bytes_new (der, der_len);
  OPENSSL_free (der);
  signer = review_signer_import_sync (vault, p12_bytes, "wrong password", FALSE,
                                      REVIEW_KEYRING_NONE, NULL, &error);
  g_assert_null (signer);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("junk", 4);
    signer = review_signer_import_sync (vault, junk, "x", FALSE, REVIEW_KEYRING_NONE, NULL,
                                        &error);
    g_assert_null (signer);
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  }

  review_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);

  g_test_add_func ("/sign/generate/ec", test_generate_ec);
  g_test_add_func ("/sign/generate/rsa", test_generate_rsa);
  g_test_add_func ("/sign/generate/refuses", test_generate_refuses);
  g_test_add_func ("/sign/cms/round-trip-ec", test_round_trip_ec);
  g_test_add_func ("/sign/cms/round-trip-rsa", test_round_trip_rsa);
  g_test_add_func ("/sign/cms/empty-content", test_empty_content);
  g_test_add_func ("/sign/cms/changed-content", test_changed_content);
  g_test_add_func ("/sign/cms/changed-signature", test_changed_signature);
  g_test_add_func ("/sign/cms/wrong-certificate", test_wrong_certificate);
  g_test_add_func ("/sign/cms/chain", test_chain);
  g_test_add_func ("/sign/cms/structure", test_structure);
  g_test_add_func ("/sign/openssl/ec", test_openssl_ec);
  g_test_add_func ("/sign/openssl/rsa", test_openssl_rsa);
  g_test_add_func ("/sign/openssl/made-by-openssl", test_openssl_made);
  g_test_add_func ("/sign/vault/rules", test_vault_rules);

  return g_test_run ();
}
