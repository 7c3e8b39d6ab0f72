/* review-cms.h: detached CMS (CAdES-style) signatures, made and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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





/* The signing-time its signer claims, as "YYYY-MM-DD HH:MM:SS UTC", or NULL
 * when the signature states none (ours never do: PAdES puts the time in the
 * PDF's /M). Not verified: only what the signer's computer said. */
char    *review_cms_dup_signing_time (GBytes *cms_der);


G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReviewSignatureInfo, review_signature_info_clear)

G_END_DECLS
