/* review-cms.h: detached CMS (CAdES-style) signatures, made and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/**
 * ReviewSignatureInfo:
 *
 * Who signed, as read from a signature's signer certificate. Strings are
 * owned by the struct (UTF-8); free them with review_signature_info_clear().
 */
typedef struct {
  char    *signer_name;     /* subject CN */
  char    *signer_org;      /* subject O, or NULL */
  char    *signer_email;    /* or NULL */
  char    *fingerprint;     /* SHA-256 of the certificate DER, hex, lower case */
  gboolean self_signed;
  gboolean trusted;         /* chains to one of the trusted certificates given */
} ReviewSignatureInfo;

void     review_signature_info_clear (ReviewSignatureInfo *info);

/* Fills @info from @cert alone (trusted stays FALSE). */
void     review_signature_info_set_from_certificate (ReviewSignatureInfo *info,
                                                     X509                *cert);

/* Lower-case hex SHA-256 of @cert's DER encoding. */
char    *review_cms_certificate_fingerprint (X509 *cert);

/* Detached CAdES-style CMS SignedData over @content, DER: SHA-256, ESS
 * signing-certificate-v2 signed attribute present, NO signing-time
 * attribute, content-type and message-digest present; certificate (and
 * @chain, nullable) included. Supports EC (P-256 and up) and RSA keys.
 * @key and @cert are only read: several threads may sign with them at once. */
GBytes  *review_cms_sign_detached   (EVP_PKEY        *key,
                                     X509            *cert,
                                     STACK_OF(X509)  *chain,
                                     GBytes          *content,
                                     GError         **error);

/* Verifies @cms_der against @content. Returns TRUE when the signature is
 * cryptographically valid (the signature over the content matches, and an
 * ESS signing-certificate attribute, when present, names the signer's
 * certificate), whatever the trust; fills @info (nullable) as far as the
 * signature could be read, even when it does not verify. @trusted may be
 * NULL (then info->trusted is FALSE). A trusted certificate may be a root,
 * an intermediate or the signer's own certificate. Never opens a vault or
 * keyring.
 *
 * Errors: REVIEW_ERROR_SIGNATURE_INVALID when the signature does not match
 * @content or cannot be read as a detached CMS signature. */
gboolean review_cms_verify_detached (GBytes              *cms_der,
                                     GBytes              *content,
                                     STACK_OF(X509)      *trusted,
                                     ReviewSignatureInfo *info,
                                     GError             **error);

/* The signing-time its signer claims, as "YYYY-MM-DD HH:MM:SS UTC", or NULL
 * when the signature states none (ours never do: PAdES puts the time in the
 * PDF's /M). Not verified: only what the signer's computer said. */
char    *review_cms_dup_signing_time (GBytes *cms_der);

/* Reads every certificate of a PEM file (or PEM text), in order. */
STACK_OF(X509) *review_cms_read_pem_certificates (const char  *pem,
                                                  gssize       len,
                                                  GError     **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReviewSignatureInfo, review_signature_info_clear)

G_END_DECLS
