/* review-cms-private.h: what review-cms.h keeps from the layers above the core
 *
 * Declarations that take or give SQLCipher or OpenSSL types: for the core's
 * own libraries and tests only, never for src/cli or src/ui
 * (tests/check-layers.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "review-cms.h"

G_BEGIN_DECLS

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

/* Reads every certificate of a PEM file (or PEM text), in order. */
STACK_OF(X509) *review_cms_read_pem_certificates (const char  *pem,
                                                  gssize       len,
                                                  GError     **error);

G_END_DECLS
