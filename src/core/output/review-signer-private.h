/* review-signer-private.h: what review-signer.h keeps from the layers above the core
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

#include "review-signer.h"

G_BEGIN_DECLS

/* A new key and a self-signed certificate for it, touching neither a vault
 * nor a keyring: CN=@name, O=@organization, emailAddress=@email (nullable),
 * a random 128-bit serial, five years' validity, basicConstraints CA:FALSE,
 * keyUsage digitalSignature and nonRepudiation, extendedKeyUsage
 * emailProtection and document signing, subjectKeyIdentifier. */
gboolean      review_signer_generate            (ReviewSignerKeyType   key_type,
                                                 const char           *name,
                                                 const char           *organization,
                                                 const char           *email,
                                                 EVP_PKEY            **key_out,
                                                 X509                **cert_out,
                                                 GError              **error);

/* A ReviewSigner never changes once made: it may sign from any thread.
 * Borrowed pointers, valid as long as the signer. */
EVP_PKEY       *review_signer_get_key           (ReviewSigner *self);

X509           *review_signer_get_certificate   (ReviewSigner *self);

STACK_OF(X509) *review_signer_get_chain         (ReviewSigner *self);   /* never NULL */

G_END_DECLS
