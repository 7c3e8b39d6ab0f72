/* review-verify.c: one verification of a signed report or export
 *
 * What a recipient relies on: the verdict. It is VALID only when the file
 * as it is was signed, nothing after the signature changes what it shows,
 * and (when certificates are given) every signer chains to one of them.
 * Everything else has a verdict of its own and a sentence that says why;
 * review-verify.h lists them and their order.
 *
 * Three kinds of signed file:
 *   - a PDF report: its structure is read by review_pdf_check() (revisions,
 *     the AcroForm's signatures, what DocMDP permits), then each signature's
 *     CMS is checked over exactly the bytes its /ByteRange covers;
 *   - a JSON export with its detached FILE.p7s;
 *   - a CSV export's folder: SHA256SUMS with SHA256SUMS.p7s, and every file
 *     of the folder against the signed list (an unlisted or a missing file
 *     is a verdict of its own, so a folder with something slipped in is
 *     never “valid”).
 *
 * Nothing here opens a vault or a keyring. The async form runs the same
 * code in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <openssl/x509.h>

#include "review-cms-private.h"
#include "review-error.h"
#include "review-pades.h"
#include "review-pdf-check.h"
#include "review-text.h"
#include "review-verify.h"

#define MANIFEST_NAME "SHA256SUMS"
#define SIGNATURE_SUFFIX ".p7s"
#define JSON_HEADER_NAME "export.json"
#define MAX_MANIFEST_LINES 100000

static void
verified_signature_free (ReviewVerifiedSignature *sig)
{
  g_free (sig->sub_filter);
  g_free (sig->signer_name);
  g_free (sig->signer_org);
  g_free (sig->signer_email);
  g_free (sig->fingerprint);
  g_free (sig->time);
  g_free (sig->problem);
  g_free (sig);
}

static void
verified_file_free (ReviewVerifiedFile *file)
{
  g_free (file->name);
  g_free (file);
}

void
review_verification_free (ReviewVerification *v)
{
  if (v == NULL)
    return;
  g_free (v->reason);
  g_free (v->path);
  g_free (v->signature_path);
  g_clear_pointer (&v->signatures, g_ptr_array_unref);
  g_clear_pointer (&v->files, g_ptr_array_unref);
  g_free (v->checkpoint_hash);
  g_free (v->checkpoint_vault_id);
  g_free (v);
}

static void
free_certificates (STACK_OF(X509) *certs)
{
  if (certs != NULL)
    sk_X509_pop_free (certs, X509_free);
}

/* The first verdict in the order CHANGED, MALFORMED, UNTRUSTED, FILES. */
static int
verdict_rank (ReviewVerdict verdict)
{
  switch (verdict)
    {
    case REVIEW_VERDICT_CHANGED:    return 5;
    case REVIEW_VERDICT_NOT_SIGNED: return 4;
    case REVIEW_VERDICT_MALFORMED:  return 3;
    case REVIEW_VERDICT_UNTRUSTED:  return 2;
    case REVIEW_VERDICT_FILES:      return 1;
    case REVIEW_VERDICT_VALID:
    default:                        return 0;
    }
}

/* Records @verdict with its reason unless one that wins is already there. */
static void
raise_verdict (ReviewVerification *v,
               ReviewVerdict       verdict,
               const char         *reason)
{
  if (verdict_rank (verdict) <= verdict_rank (v->verdict))
    return;
  v->verdict = verdict;
  g_free (v->reason);
  v->reason = g_strdup (reason);
}

static GBytes *
map_file (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local_error);

  if (mapped == NULL)
    {
      g_autofree char *display = review_text_quote (path, -1);
      /* Translators: the first %s is a file name, the second why it failed */
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not read “%s”: %s"), display,
                   local_error->message);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

static STACK_OF(X509) *
read_trusted (const char * const  *paths,
              GError             **error)
{
  STACK_OF(X509) *trusted = sk_X509_new_null ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *pem = NULL;
      g_autofree char *display = review_text_quote (paths[i], -1);
      g_autoptr(GError) local_error = NULL;
      STACK_OF(X509) *certs;
      gsize len = 0;

      if (!g_file_get_contents (paths[i], &pem, &len, &local_error))
        {
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not read “%s”: %s"),
                       display, local_error->message);
          free_certificates (trusted);
          return NULL;
        }
      certs = review_cms_read_pem_certificates (pem, (gssize) len, &local_error);
      if (certs == NULL)
        {
          /* Translators: %s is a file name, then why it was refused */
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a certificate file: %s"), display, local_error->message);
          free_certificates (trusted);
          return NULL;
        }
      while (sk_X509_num (certs) > 0)
        sk_X509_push (trusted, sk_X509_shift (certs));
      sk_X509_free (certs);
    }
  return trusted;
}

static ReviewVerifiedSignature *
signature_from_info (const ReviewSignatureInfo *info)
{
  ReviewVerifiedSignature *sig = g_new0 (ReviewVerifiedSignature, 1);

  sig->signer_name = g_strdup (info->signer_name);
  sig->signer_org = g_strdup (info->signer_org);
  sig->signer_email = g_strdup (info->signer_email);
  sig->fingerprint = g_strdup (info->fingerprint);
  sig->self_signed = info->self_signed;
  sig->trusted = info->trusted;
  return sig;
}

/* A signature whose CMS is valid: trusted, or an UNTRUSTED verdict when
 * certificates were given. */
static void
judge_trust (ReviewVerification      *v,
             ReviewVerifiedSignature *sig)
{
  if (!v->certificates_given || sig->trusted)
    return;
  sig->verdict = REVIEW_VERDICT_UNTRUSTED;
  g_free (sig->problem);
  sig->problem = g_strdup (_("The signer’s certificate is not one of the certificates given, "
                             "and does not chain to one of them (or it has expired)."));
  raise_verdict (v, REVIEW_VERDICT_UNTRUSTED,
                 _("A signer is not among the trusted certificates given: the file is "
                   "intact, but it was not signed by whom you expected."));
}

/* A member of @obj of the given type, or NULL: the JSON comes from the file. */
static JsonNode *
member_of_type (JsonObject *obj,
                const char *name,
                GType       value_type,
                JsonNodeType node_type)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != node_type)
    return NULL;
  if (node_type == JSON_NODE_VALUE && json_node_get_value_type (node) != value_type)
    return NULL;
  return node;
}

/* The audit checkpoint a JSON header carries: export.audit_checkpoint. */
static void
read_json_checkpoint (ReviewVerification *v,
                      GBytes             *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (json, &len);
  JsonNode *root, *export, *checkpoint, *entries, *hash, *vault_id;

  if (len > G_MAXSSIZE || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  export = member_of_type (json_node_get_object (root), "export", G_TYPE_INVALID,
                           JSON_NODE_OBJECT);
  if (export == NULL)
    return;
  checkpoint = member_of_type (json_node_get_object (export), "audit_checkpoint",
                               G_TYPE_INVALID, JSON_NODE_OBJECT);
  if (checkpoint == NULL)
    return;
  entries = member_of_type (json_node_get_object (checkpoint), "entries", G_TYPE_INT64,
                            JSON_NODE_VALUE);
  hash = member_of_type (json_node_get_object (checkpoint), "last_hash", G_TYPE_STRING,
                         JSON_NODE_VALUE);
  if (entries == NULL || hash == NULL || json_node_get_int (entries) < 0)
    return;
  v->checkpoint_entries = json_node_get_int (entries);
  v->checkpoint_hash = g_strdup (json_node_get_string (hash));
  vault_id = member_of_type (json_node_get_object (export), "vault_id", G_TYPE_STRING,
                            JSON_NODE_VALUE);
  if (vault_id != NULL)
    v->checkpoint_vault_id = g_strdup (json_node_get_string (vault_id));
}

/* --- PDF ----------------------------------------------------------------- */

static void
verify_pdf (ReviewVerification *v,
            GBytes             *pdf,
            STACK_OF(X509)     *trusted)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ReviewPdfCheck) check = review_pdf_check (pdf, &local_error);
  gboolean all_valid = TRUE;

  if (check == NULL)
    {
      raise_verdict (v, REVIEW_VERDICT_MALFORMED, local_error->message);
      return;
    }
  if (check->signatures->len == 0)
    {
      if (check->status != REVIEW_PDF_OK)
        raise_verdict (v, check->status == REVIEW_PDF_CHANGED ? REVIEW_VERDICT_CHANGED
                                                              : REVIEW_VERDICT_MALFORMED,
                       check->problem);
      else
        raise_verdict (v, REVIEW_VERDICT_NOT_SIGNED, _("The file has no signature."));
      return;
    }

  for (guint i = 0; i < check->signatures->len; i++)
    {
      ReviewPadesSignature *ps = g_ptr_array_index (check->signatures, i);
      ReviewPdfStatus status = g_array_index (check->statuses, ReviewPdfStatus, i);
      const char *problem = g_ptr_array_index (check->problems, i);
      g_auto(ReviewSignatureInfo) info = { 0 };
      g_autoptr(GBytes) content = review_pades_signed_content (pdf, ps);
      g_autoptr(GError) cms_error = NULL;
      ReviewVerifiedSignature *sig;
      gboolean valid = FALSE;

      if (content != NULL && ps->cms != NULL)
        valid = review_cms_verify_detached (ps->cms, content, trusted, &info, &cms_error);
      sig = signature_from_info (&info);
      g_ptr_array_add (v->signatures, sig);
      if (sig->signer_name == NULL)
        sig->signer_name = g_strdup (ps->name);
      sig->sub_filter = g_strdup (ps->sub_filter);
      if (ps->time != NULL)
        {
          g_autoptr(GDateTime) utc = g_date_time_to_utc (ps->time);
          sig->time = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
        }
      sig->crypto_valid = valid;
      sig->covers_whole_file = ps->covers_whole_file;
      sig->revision_end = ps->revision_end;

      if (status == REVIEW_PDF_CHANGED)
        {
          sig->verdict = REVIEW_VERDICT_CHANGED;
          sig->problem = g_strdup (problem);
        }
      else if (status == REVIEW_PDF_MALFORMED)
        {
          sig->verdict = REVIEW_VERDICT_MALFORMED;
          sig->problem = g_strdup (problem);
        }
      else if (!valid)
        {
          sig->verdict = REVIEW_VERDICT_CHANGED;
          sig->problem = g_strdup (cms_error != NULL
                                   ? cms_error->message
                                   : _("The signature does not match the bytes it covers."));
        }
      /* The bytes of a malformed signature say nothing: its verdict is
       * its structure, never "changed". */
      if (!valid && status == REVIEW_PDF_OK)
        all_valid = FALSE;
    }

  /* The document's own status first: it names what changed. */
  if (check->status == REVIEW_PDF_CHANGED)
    raise_verdict (v, REVIEW_VERDICT_CHANGED, check->problem);
  if (!all_valid)
    raise_verdict (v, REVIEW_VERDICT_CHANGED,
                   _("A signature does not match the bytes it covers: the file or the "
                     "signature was changed after signing."));
  if (check->status == REVIEW_PDF_MALFORMED)
    raise_verdict (v, REVIEW_VERDICT_MALFORMED, check->problem);
  for (guint i = 0; i < v->signatures->len; i++)
    {
      ReviewVerifiedSignature *sig = g_ptr_array_index (v->signatures, i);
      if (sig->verdict == REVIEW_VERDICT_VALID)
        judge_trust (v, sig);
    }

  if (v->verdict == REVIEW_VERDICT_VALID || v->verdict == REVIEW_VERDICT_UNTRUSTED)
    {
      const char *entries = g_hash_table_lookup (check->info, "ReviewAuditEntries");
      const char *hash = g_hash_table_lookup (check->info, "ReviewAuditHash");
      const char *vault_id = g_hash_table_lookup (check->info, "ReviewVaultId");
      guint64 n;

      if (entries != NULL && hash != NULL &&
          g_ascii_string_to_unsigned (entries, 10, 0, G_MAXINT64, &n, NULL))
        {
          v->checkpoint_entries = (gint64) n;
          v->checkpoint_hash = g_strdup (hash);
          v->checkpoint_vault_id = g_strdup (vault_id);
        }
    }
}

/* --- a detached signature -------------------------------------------------- */

static gboolean
verify_detached (ReviewVerification *v,
                 GBytes             *content,
                 STACK_OF(X509)     *trusted,
                 GError            **error)
{
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) cms_error = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  ReviewVerifiedSignature *sig;
  gboolean valid;

  if (!g_file_test (v->signature_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = review_text_quote (v->path, -1);
      g_autofree char *sig_display = review_text_quote (v->signature_path, -1);
      g_autofree char *reason =
        /* Translators: both %s are file names */
        g_strdup_printf (_("“%s” has no signature: there is no “%s” next to it. A signed "
                           "export comes with its signature file."), display, sig_display);
      raise_verdict (v, REVIEW_VERDICT_NOT_SIGNED, reason);
      return TRUE;
    }
  signature = map_file (v->signature_path, error);
  if (signature == NULL)
    return FALSE;

  valid = review_cms_verify_detached (signature, content, trusted, &info, &cms_error);
  sig = signature_from_info (&info);
  g_ptr_array_add (v->signatures, sig);
  sig->sub_filter = g_strdup ("CMS (CAdES, detached)");
  sig->time = review_cms_dup_signing_time (signature);
  sig->crypto_valid = valid;
  sig->covers_whole_file = valid;
  sig->revision_end = g_bytes_get_size (content);
  if (!valid)
    {
      sig->verdict = REVIEW_VERDICT_CHANGED;
      sig->problem = g_strdup (cms_error != NULL
                               ? cms_error->message
                               : _("The signature does not match the file."));
      raise_verdict (v, REVIEW_VERDICT_CHANGED,
                     _("The signature does not match the file: a byte of the file or of its "
                       "signature was changed, added or removed after signing."));
      return TRUE;
    }
  judge_trust (v, sig);
  return TRUE;
}

/* --- a CSV export's folder ------------------------------------------------- */

static char *
file_sha256 (const char    *path,
             GCancellable  *cancellable)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree guchar *buf = g_malloc (1 << 16);
  gssize n;

  /* A folder or a device named in the manifest is not a matching file. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  in = g_file_read (file, cancellable, NULL);
  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, 1 << 16, cancellable, NULL)) > 0)
    g_checksum_update (sum, buf, (gsize) n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (sum));
}

const char *
review_file_state_describe (ReviewFileState state)
{
  switch (state)
    {
    case REVIEW_FILE_CHANGED:
      return _("changed (its SHA-256 does not match the signed manifest)");
    case REVIEW_FILE_MISSING:
      return _("missing or unreadable");
    case REVIEW_FILE_UNLISTED:
      return _("not covered by the signature (not in the manifest)");
    case REVIEW_FILE_REFUSED:
      return _("refused (cannot be read, names a path outside the export’s folder, or is "
               "listed twice)");
    case REVIEW_FILE_MATCHES:
    default:
      return NULL;
    }
}

static void
add_file (ReviewVerification *v,
          const char         *name,
          ReviewFileState     state)
{
  ReviewVerifiedFile *file = g_new0 (ReviewVerifiedFile, 1);

  file->name = g_strdup (name);
  file->state = state;
  g_ptr_array_add (v->files, file);
}

/* A signed SHA256SUMS (coreutils format: hash, two spaces or “ *”, name)
 * vouches for the files it lists, in its own folder, and for nothing else. */
static void
check_manifest (ReviewVerification *v,
                GBytes             *manifest,
                GCancellable       *cancellable)
{
  g_autofree char *dir = g_path_get_dirname (v->path);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GBytes) header = NULL;
  const char *entry;
  gsize len;
  const char *data = g_bytes_get_data (manifest, &len);
  guint changed = 0, missing = 0, refused = 0, unlisted = 0;

  text = g_strndup (data, len);
  lines = g_strsplit (text, "\n", MAX_MANIFEST_LINES);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      const char *line = lines[i];
      const char *name;
      gboolean hex = strlen (line) >= 67;

      if (*line == '\0')
        continue;
      for (int k = 0; k < 64 && hex; k++)
        hex = g_ascii_isxdigit (line[k]);
      if (!hex || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
        {
          g_autofree char *label = g_strdup_printf (_("line %u of the manifest"), i + 1);
          add_file (v, label, REVIEW_FILE_REFUSED);
          refused++;
          continue;
        }
      name = line + 66;
      if (g_path_is_absolute (name) || strchr (name, '/') != NULL || g_str_equal (name, "..") ||
          g_str_equal (name, ".") || g_str_equal (name, MANIFEST_NAME) ||
          g_str_equal (name, MANIFEST_NAME SIGNATURE_SUFFIX) ||
          g_hash_table_contains (listed, name))
        {
          add_file (v, name, REVIEW_FILE_REFUSED);
          refused++;
          continue;
        }
      g_hash_table_add (listed, g_strdup (name));
      path = g_build_filename (dir, name, NULL);
      actual = file_sha256 (path, cancellable);
      if (actual == NULL)
        {
          add_file (v, name, REVIEW_FILE_MISSING);
          missing++;
        }
      else if (g_ascii_strncasecmp (actual, line, 64) != 0)
        {
          add_file (v, name, REVIEW_FILE_CHANGED);
          changed++;
        }
      else
        {
          add_file (v, name, REVIEW_FILE_MATCHES);
          v->files_matching++;
          if (g_str_equal (name, JSON_HEADER_NAME))
            header = map_file (path, NULL);
        }
    }

  /* Files the manifest does not list are not covered by the signature. */
  folder = g_dir_open (dir, 0, NULL);
  while (folder != NULL && (entry = g_dir_read_name (folder)) != NULL)
    {
      if (g_str_equal (entry, MANIFEST_NAME) ||
          g_str_equal (entry, MANIFEST_NAME SIGNATURE_SUFFIX) ||
          g_hash_table_contains (listed, entry))
        continue;
      add_file (v, entry, REVIEW_FILE_UNLISTED);
      unlisted++;
    }

  if (changed > 0)
    {
      g_autofree char *reason =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The signed manifest is valid, but %u file of the export "
                                      "does not match it: it was changed after signing.",
                                      "The signed manifest is valid, but %u files of the export "
                                      "do not match it: they were changed after signing.",
                                      changed), changed);
      raise_verdict (v, REVIEW_VERDICT_CHANGED, reason);
    }
  if (refused > 0)
    raise_verdict (v, REVIEW_VERDICT_MALFORMED,
                   _("The signed manifest has a line that cannot be read, or names a file "
                     "outside the export’s folder or twice."));
  if (missing > 0 || unlisted > 0)
    {
      g_autofree char *reason = NULL;

      if (unlisted > 0)
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u file in the export’s folder is not listed "
                                               "in the signed manifest: the signature does not "
                                               "cover it.",
                                               "%u files in the export’s folder are not listed "
                                               "in the signed manifest: the signature does not "
                                               "cover them.", unlisted), unlisted);
      else
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u file listed in the signed manifest is "
                                               "missing from the export’s folder.",
                                               "%u files listed in the signed manifest are "
                                               "missing from the export’s folder.", missing),
                                  missing);
      raise_verdict (v, REVIEW_VERDICT_FILES, reason);
    }
  if (header != NULL && v->verdict != REVIEW_VERDICT_CHANGED)
    read_json_checkpoint (v, header);
}

/* --- the entry points -------------------------------------------------------- */

static gboolean
starts_with_pdf_header (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return len >= 5 && memcmp (data, "%PDF-", 5) == 0;
}

/**
 * review_verify_file:
 *
 * Checks @path and returns the verdict with everything it rests on; see
 * review-verify.h. Blocking: call it from a worker (or the command line).
 *
 * Returns: (transfer full) (nullable): %NULL with @error set when a file
 *   cannot be read at all
 */
ReviewVerification *
review_verify_file (const char          *path,
                    const char * const  *certificates,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(ReviewVerification) v = g_new0 (ReviewVerification, 1);
  g_autoptr(GBytes) content = NULL;
  STACK_OF(X509) *trusted = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, NULL);

  v->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) verified_signature_free);
  v->files = g_ptr_array_new_with_free_func ((GDestroyNotify) verified_file_free);
  v->checkpoint_entries = -1;
  v->verdict = REVIEW_VERDICT_VALID;
  v->certificates_given = certificates != NULL && certificates[0] != NULL;

  v->path = g_strdup (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_free (v->path);
      v->path = g_build_filename (path, MANIFEST_NAME, NULL);
    }
  else if (g_str_has_suffix (path, SIGNATURE_SUFFIX))
    {
      /* The signature was named: check the file it signs. */
      g_autofree char *signed_path = g_strndup (path, strlen (path) - strlen (SIGNATURE_SUFFIX));
      if (g_file_test (signed_path, G_FILE_TEST_IS_REGULAR))
        {
          g_free (v->path);
          v->path = g_steal_pointer (&signed_path);
        }
    }
  if (!g_file_test (v->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = review_text_quote (v->path, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("There is no file “%s”."), display);
      return NULL;
    }

  trusted = read_trusted (certificates, error);
  if (trusted == NULL)
    return NULL;
  content = map_file (v->path, error);
  if (content == NULL)
    {
      free_certificates (trusted);
      return NULL;
    }
  v->size = g_bytes_get_size (content);

  if (starts_with_pdf_header (content))
    {
      v->kind = REVIEW_VERIFY_PDF;
      verify_pdf (v, content, trusted);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (v->path);

      v->kind = g_str_equal (base, MANIFEST_NAME) ? REVIEW_VERIFY_MANIFEST
                                                  : REVIEW_VERIFY_DETACHED;
      v->signature_path = g_strconcat (v->path, SIGNATURE_SUFFIX, NULL);
      ok = verify_detached (v, content, trusted, error);
      if (ok && v->kind == REVIEW_VERIFY_MANIFEST && v->signatures->len > 0 &&
          v->verdict != REVIEW_VERDICT_CHANGED)
        check_manifest (v, content, cancellable);
      else if (ok && v->kind == REVIEW_VERIFY_DETACHED &&
               (v->verdict == REVIEW_VERDICT_VALID || v->verdict == REVIEW_VERDICT_UNTRUSTED))
        read_json_checkpoint (v, content);
    }
  free_certificates (trusted);
  if (!ok)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&v);
}

typedef struct
{
  char  *path;
  GStrv  certificates;
} VerifyTask;

static void
verify_task_free (VerifyTask *t)
{
  g_free (t->path);
  g_strfreev (t->certificates);
  g_free (t);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyTask *t = task_data;
  GError *error = NULL;
  ReviewVerification *v = review_verify_file (t->path, (const char * const *) t->certificates,
                                              cancellable, &error);
  if (v == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, v, (GDestroyNotify) review_verification_free);
}

void
review_verify_file_async (const char          *path,
                          const char * const  *certificates,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  VerifyTask *t = g_new0 (VerifyTask, 1);

  t->path = g_strdup (path);
  t->certificates = g_strdupv ((char **) certificates);
  g_task_set_source_tag (task, review_verify_file_async);
  g_task_set_task_data (task, t, (GDestroyNotify) verify_task_free);
  g_task_run_in_thread (task, verify_thread);
}

ReviewVerification *
review_verify_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
