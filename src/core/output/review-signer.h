/* review-signer.h: the supervisor's signing identity (a private key in the
 * keyring, its certificate in the vault)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-cms.h"
#include "review-keyring.h"
#include "review-vault.h"

G_BEGIN_DECLS

/* Keys in the vault's meta table. */
#define REVIEW_SIGNER_META_CERTIFICATE "signer.certificate"   /* PEM */
#define REVIEW_SIGNER_META_CHAIN       "signer.chain"         /* PEM, may be absent */

typedef enum
{
  REVIEW_SIGNER_KEY_EC_P256,
  REVIEW_SIGNER_KEY_RSA_3072,
} ReviewSignerKeyType;

#define REVIEW_TYPE_SIGNER (review_signer_get_type ())

G_DECLARE_FINAL_TYPE (ReviewSigner, review_signer, REVIEW, SIGNER, GObject)


/* What the vault says about its signing identity, without the keyring:
 * FALSE with REVIEW_ERROR_NO_SIGNER when it has none. */
gboolean      review_signer_describe            (ReviewVault          *vault,
                                                 ReviewSignatureInfo  *info,
                                                 GError              **error);

/* The certificate, then its chain, as PEM, for recipients to trust. An
 * audit event (signer.certificate-exported). */
char         *review_signer_export_certificate  (ReviewVault          *vault,
                                                 GError              **error);

/* Creating or importing an identity: supervisors only, audited. The private
 * key goes into the keyring (schema com.example.Review.SigningKey, attributes
 * fingerprint and vault-id) before the certificate goes into the vault; when
 * the vault already has an identity, @replace must be TRUE, and the old key
 * is then removed from the keyring. The vault is used on the calling
 * thread; the keyring is not blocked on (key generation runs in a thread).
 * Keyring failures are the vault key's: REVIEW_ERROR_KEYRING_UNAVAILABLE,
 * _LOCKED, _NO_DEFAULT, _FAILED and _TIMED_OUT. */
void          review_signer_create_async        (ReviewVault          *vault,
                                                 ReviewSignerKeyType   key_type,
                                                 const char           *name,
                                                 const char           *organization,
                                                 const char           *email,
                                                 gboolean              replace,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
ReviewSigner *review_signer_create_finish       (GAsyncResult         *result,
                                                 GError              **error);

/* @password may be NULL or empty for an unprotected file. A wrong password
 * gives REVIEW_ERROR_WRONG_PASSWORD. The chain in the file is kept. */
void          review_signer_import_async        (ReviewVault          *vault,
                                                 GBytes               *pkcs12,
                                                 const char           *password,
                                                 gboolean              replace,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
ReviewSigner *review_signer_import_finish       (GAsyncResult         *result,
                                                 GError              **error);

/* The vault's identity with its key from the keyring, checked to match.
 * REVIEW_ERROR_NO_SIGNER when the vault has no identity or the keyring lacks
 * (or holds a different) key for it. */
void          review_signer_load_async          (ReviewVault          *vault,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
ReviewSigner *review_signer_load_finish         (GAsyncResult         *result,
                                                 GError              **error);

/* Blocking forms for the command line, tests and worker threads (they run
 * the async calls on a private main context). Never on the UI thread. */
ReviewSigner *review_signer_create_sync         (ReviewVault          *vault,
                                                 ReviewSignerKeyType   key_type,
                                                 const char           *name,
                                                 const char           *organization,
                                                 const char           *email,
                                                 gboolean              replace,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
ReviewSigner *review_signer_import_sync         (ReviewVault          *vault,
                                                 GBytes               *pkcs12,
                                                 const char           *password,
                                                 gboolean              replace,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
ReviewSigner *review_signer_load_sync           (ReviewVault          *vault,
                                                 ReviewKeyringFlags    flags,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* review_signer_load_sync() without prompting for the keyring. */
ReviewSigner *review_signer_load                (ReviewVault          *vault,
                                                 GError              **error);
/* review_signer_load_sync() for the command line: when there is no usable
 * identity, the error also says how to make one. */
ReviewSigner *review_signer_load_or_explain     (ReviewVault          *vault,
                                                 ReviewKeyringFlags    flags,
                                                 GError              **error);

/* Borrowed strings, valid as long as the signer. */
const char     *review_signer_get_fingerprint   (ReviewSigner *self);
const char     *review_signer_get_name          (ReviewSigner *self);
const char     *review_signer_get_organization  (ReviewSigner *self);   /* nullable */
const char     *review_signer_get_email         (ReviewSigner *self);   /* nullable */

/* Who the certificate names (trusted stays FALSE), and how many
 * certificates its chain holds. */
void            review_signer_describe_identity (ReviewSigner        *self,
                                                 ReviewSignatureInfo *info);
guint           review_signer_get_chain_length  (ReviewSigner *self);

/* review_cms_sign_detached() with this identity's key, certificate and
 * chain. */
GBytes         *review_signer_sign_detached     (ReviewSigner *self,
                                                 GBytes       *content,
                                                 GError      **error);

G_END_DECLS
