/* review-verify.h: checking a signed report or export, for recipients
 *
 * One verification for the command line (`review verify`) and the window
 * (Verify…): it opens no vault and no keyring, only the file, its signature
 * and the certificates given. The verdict has one meaning for each value;
 * the command line's exit status is the verdict.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ReviewVerdict:
 * @REVIEW_VERDICT_VALID: the file as it is was signed, nothing after the
 *   signature changes what it shows, and, when certificates were given,
 *   every signer chains to one of them. Without certificates: intact,
 *   signer not checked (compare the fingerprint).
 * @REVIEW_VERDICT_CHANGED: changed after signing: a byte of the file or of
 *   the signature, data appended, a revision that DocMDP does not permit,
 *   or a file of a CSV export that does not match the signed manifest
 * @REVIEW_VERDICT_NOT_SIGNED: no signature found
 * @REVIEW_VERDICT_MALFORMED: structurally invalid (a wrapped or shadowed
 *   signature, a malformed /ByteRange or /Contents)
 * @REVIEW_VERDICT_UNTRUSTED: intact, but a signer does not chain to any of
 *   the certificates given
 * @REVIEW_VERDICT_FILES: a CSV export's folder has a file that the signed
 *   manifest does not list, or misses one that it lists
 *
 * The values are the command line's exit statuses. When several apply, the
 * first in this order wins: CHANGED, MALFORMED, UNTRUSTED, FILES.
 */
typedef enum
{
  REVIEW_VERDICT_VALID = 0,
  REVIEW_VERDICT_CHANGED = 10,
  REVIEW_VERDICT_NOT_SIGNED = 11,
  REVIEW_VERDICT_MALFORMED = 13,
  REVIEW_VERDICT_UNTRUSTED = 14,
  REVIEW_VERDICT_FILES = 15,
} ReviewVerdict;

typedef enum
{
  REVIEW_VERIFY_PDF,        /* a PDF with PAdES signatures */
  REVIEW_VERIFY_DETACHED,   /* a file with FILE.p7s next to it (JSON export) */
  REVIEW_VERIFY_MANIFEST,   /* a CSV export: SHA256SUMS and SHA256SUMS.p7s */
} ReviewVerifyKind;

/* Strings that come from the file or a certificate are as they were read
 * (UTF-8, possibly with controls): show them through review_text_escape(). */
typedef struct
{
  char          *sub_filter;     /* "ETSI.CAdES.detached", or the CMS kind */
  char          *signer_name;    /* from the certificate, else the PDF's /Name */
  char          *signer_org;
  char          *signer_email;
  char          *fingerprint;    /* SHA-256 of the certificate, hex */
  gboolean       self_signed;
  gboolean       trusted;        /* chains to a certificate given */
  char          *time;           /* "YYYY-MM-DD HH:MM:SS UTC" as claimed, nullable */
  gboolean       crypto_valid;   /* the CMS matches the bytes it covers */
  gboolean       covers_whole_file;
  gsize          revision_end;   /* PDF: where the signed revision ends */
  ReviewVerdict  verdict;        /* of this signature alone */
  char          *problem;        /* translated; nullable */
} ReviewVerifiedSignature;

typedef enum
{
  REVIEW_FILE_MATCHES,
  REVIEW_FILE_CHANGED,    /* listed, its SHA-256 differs */
  REVIEW_FILE_MISSING,    /* listed, not there or unreadable */
  REVIEW_FILE_UNLISTED,   /* there, not listed */
  REVIEW_FILE_REFUSED,    /* a line of the manifest that names a path outside
                           * the folder, or cannot be read */
} ReviewFileState;

typedef struct
{
  char            *name;   /* as the manifest or the folder has it (bytes) */
  ReviewFileState  state;
} ReviewVerifiedFile;

/* What is wrong with a file of a CSV export, in words (translated); NULL
 * for a file that matches. The same words on the command line and in the
 * window. */
const char *review_file_state_describe (ReviewFileState state);

typedef struct
{
  ReviewVerifyKind kind;
  ReviewVerdict    verdict;
  char            *reason;            /* translated: why, in one sentence */
  char            *path;              /* the file checked (file name encoding) */
  char            *signature_path;    /* DETACHED, MANIFEST: the .p7s */
  gsize            size;              /* of the file checked */
  gboolean         certificates_given;
  GPtrArray       *signatures;        /* (element-type ReviewVerifiedSignature) */
  GPtrArray       *files;             /* MANIFEST: (element-type ReviewVerifiedFile) */
  guint            files_matching;
  /* The audit checkpoint the signed file carries (reports: metadata in the
   * signed revision; JSON exports: "audit_checkpoint"), when it is valid. */
  gint64           checkpoint_entries;   /* -1: none */
  char            *checkpoint_hash;      /* hex, nullable */
  char            *checkpoint_vault_id;  /* nullable */
} ReviewVerification;

/* @path: a PDF, a file with FILE.p7s next to it, the .p7s itself, a CSV
 * export's folder or its SHA256SUMS. @certificates: PEM files (nullable).
 * Errors (no verdict): the file or a certificate file cannot be read
 * (REVIEW_ERROR_IO), a certificate file holds no certificate
 * (REVIEW_ERROR_INVALID_ARGUMENT). */
ReviewVerification *review_verify_file        (const char          *path,
                                               const char * const  *certificates,
                                               GCancellable        *cancellable,
                                               GError             **error);
void                review_verify_file_async  (const char          *path,
                                               const char * const  *certificates,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
ReviewVerification *review_verify_file_finish (GAsyncResult        *result,
                                               GError             **error);
void                review_verification_free  (ReviewVerification  *verification);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewVerification, review_verification_free)

G_END_DECLS
