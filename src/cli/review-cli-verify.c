/* review-cli-verify.c: `review verify`, for recipients
 *
 * Prints what review_verify_file() found, one value per line, every value
 * that came from the file or a certificate escaped (review_text_escape), and
 * exits with the verdict: 0 only when the file as it is was signed and,
 * with --cert, every signer chains to a certificate given. It opens no
 * vault and no keyring, unless --record asks for an audit event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-cli-private.h"
#include "review-error.h"
#include "review-text.h"
#include "review-verify.h"

/* A line "Label:   value" whose value is escaped. */
#define print_value(format, value) \
  G_STMT_START { \
    g_autofree char *escaped_ = review_text_escape ((value), -1); \
    g_print ((format), escaped_); \
  } G_STMT_END

static void
print_signer (const ReviewVerifiedSignature *sig)
{
  if (sig->signer_name != NULL)
    print_value (_("Signer:        %s\n"), sig->signer_name);
  if (sig->signer_org != NULL)
    print_value (_("Organisation:  %s\n"), sig->signer_org);
  if (sig->signer_email != NULL)
    print_value (_("E-mail:        %s\n"), sig->signer_email);
  if (sig->fingerprint != NULL)
    /* Translators: keep “SHA-256” */
    print_value (_("Fingerprint:   %s (SHA-256)\n"), sig->fingerprint);
  if (sig->time != NULL)
    /* Translators: the signing time, which the signer's own clock gave */
    print_value (_("Time:          %s (as the signer’s computer stated it)\n"), sig->time);
  else
    g_print ("%s\n", _("Time:          not stated by the signature"));
}

static void
print_trust (const ReviewVerification      *v,
             const ReviewVerifiedSignature *sig)
{
  if (sig->trusted)
    g_print ("%s\n", _("Trust:         trusted: the signer’s certificate is, or chains to, one "
                       "of your trusted certificates"));
  else if (!v->certificates_given)
    g_print ("%s\n", sig->self_signed
                     ? _("Trust:         valid, signer not among your trusted certificates "
                         "(a self-signed certificate: compare its fingerprint with the one the "
                         "signer gave you, then pass the certificate with --cert)")
                     : _("Trust:         valid, signer not among your trusted certificates "
                         "(pass the issuer’s certificate with --cert)"));
  else
    g_print ("%s\n", _("Trust:         NOT TRUSTED: the signer is not among the certificates "
                       "given with --cert, and does not chain to one of them (or its "
                       "certificate has expired)"));
}

static void
print_pdf_signature (const ReviewVerification      *v,
                     const ReviewVerifiedSignature *sig,
                     guint                          index)
{
  if (v->signatures->len > 1)
    g_print (_("Signature %u of %u\n"), index + 1, v->signatures->len);
  /* Translators: the PDF signature's type (its SubFilter), as
   * ETSI.CAdES.detached */
  print_value (_("Signature:     %s (PDF, SHA-256)\n"),
               sig->sub_filter != NULL ? sig->sub_filter : "?");
  print_signer (sig);
  if (sig->verdict == REVIEW_VERDICT_MALFORMED)
    g_print ("%s\n", _("Coverage:      malformed: the signed ranges are not exactly this "
                       "signature’s own"));
  else if (sig->covers_whole_file)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Coverage:      every byte of the file (%lu byte) except the "
                          "signature itself\n",
                          "Coverage:      every byte of the file (%lu bytes) except the "
                          "signature itself\n", (gulong) v->size),
             (gulong) v->size);
  else if (index + 1 < v->signatures->len && v->verdict != REVIEW_VERDICT_CHANGED)
    /* Translators: both numbers are byte offsets in the file */
    g_print (_("Coverage:      the file up to byte %lu of %lu; what follows only adds a "
               "further signature (checked below)\n"),
             (gulong) sig->revision_end, (gulong) v->size);
  else
    /* Translators: both numbers are byte offsets in the file */
    g_print (_("Coverage:      NOT the whole file: the signed revision ends at byte %lu of "
               "%lu; what follows was added after signing\n"),
             (gulong) sig->revision_end, (gulong) v->size);
}

static void
print_files (const ReviewVerification *v)
{
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Files:         %u file listed in the manifest matches it\n",
                        "Files:         %u files listed in the manifest match it\n",
                        v->files_matching),
           v->files_matching);
  for (guint i = 0; i < v->files->len; i++)
    {
      const ReviewVerifiedFile *file = g_ptr_array_index (v->files, i);
      const char *state = review_file_state_describe (file->state);
      g_autofree char *name = NULL;

      if (state == NULL)
        continue;
      name = review_text_escape (file->name, -1);
      /* Translators: a file of the export, then what is wrong with it */
      g_print (_("  %s: %s\n"), name, state);
    }
}

static const char *
verdict_text (const ReviewVerification *v)
{
  switch (v->verdict)
    {
    case REVIEW_VERDICT_VALID:
      return v->certificates_given
             ? _("Result:        valid: the file as it is was signed, by a trusted signer")
             : _("Result:        valid: intact, signer not checked (compare the "
                 "fingerprint, or pass the signer’s certificate with --cert)");
    case REVIEW_VERDICT_CHANGED:
      return _("Result:        NOT VALID: changed after signing");
    case REVIEW_VERDICT_NOT_SIGNED:
      return _("Result:        NOT VALID: no signature");
    case REVIEW_VERDICT_MALFORMED:
      return _("Result:        NOT VALID: the signature’s structure is invalid");
    case REVIEW_VERDICT_UNTRUSTED:
      return _("Result:        NOT VALID: intact, but not signed by a certificate given");
    case REVIEW_VERDICT_FILES:
      return _("Result:        NOT VALID: the export’s folder does not match its signed "
               "manifest");
    default:
      return _("Result:        NOT VALID");
    }
}

static void
print_verification (const ReviewVerification *v)
{
  print_value (_("File:          %s\n"), v->path);
  if (v->kind != REVIEW_VERIFY_PDF && v->signatures->len > 0)
    {
      const ReviewVerifiedSignature *sig = g_ptr_array_index (v->signatures, 0);

      /* Translators: the kind of signature: a detached CMS (CAdES) signature in DER */
      print_value (_("Signature:     %s (detached CMS)\n"), v->signature_path);
      print_signer (sig);
      if (sig->crypto_valid)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Coverage:      every byte of the file (%lu byte)\n",
                              "Coverage:      every byte of the file (%lu bytes)\n",
                              (gulong) v->size),
                 (gulong) v->size);
      else if (sig->problem != NULL)
        print_value (_("Problem:       %s\n"), sig->problem);
      if (sig->crypto_valid)
        print_trust (v, sig);
    }
  for (guint i = 0; v->kind == REVIEW_VERIFY_PDF && i < v->signatures->len; i++)
    {
      const ReviewVerifiedSignature *sig = g_ptr_array_index (v->signatures, i);

      print_pdf_signature (v, sig, i);
      if (sig->problem != NULL)
        print_value (_("Problem:       %s\n"), sig->problem);
      if (sig->crypto_valid && sig->verdict != REVIEW_VERDICT_CHANGED &&
          sig->verdict != REVIEW_VERDICT_MALFORMED)
        print_trust (v, sig);
    }
  if (v->kind == REVIEW_VERIFY_MANIFEST && v->files->len > 0)
    print_files (v);
  if (v->checkpoint_entries >= 0 && v->checkpoint_hash != NULL)
    {
      g_autofree char *hash = review_text_escape (v->checkpoint_hash, -1);
      /* Translators: the audit trail's length and its last entry's hash,
       * as the signed file states them */
      g_print (_("Checkpoint:    audit trail up to entry %lld, hash %s\n"),
               (long long) v->checkpoint_entries, hash);
    }
  g_print ("%s\n", verdict_text (v));
  if (v->verdict != REVIEW_VERDICT_VALID && v->reason != NULL)
    {
      g_autofree char *reason = review_text_escape (v->reason, -1);
      g_printerr ("review: %s\n", reason);
    }
}

/* With --record, a verification made by someone who has a vault is an
 * audit event there; recipients without one verify all the same. */
static void
record_verification (Globals                  *g,
                     const ReviewVerification *v)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  g_autofree char *base = g_path_get_basename (v->path);
  g_autofree char *display = review_text_escape (base, -1);

  if (g_file_test (v->path, G_FILE_TEST_IS_REGULAR) &&
      (mapped = g_mapped_file_new (v->path, FALSE, NULL)) != NULL)
    g_checksum_update (sum, (const guchar *) g_mapped_file_get_contents (mapped),
                       (gssize) g_mapped_file_get_length (mapped));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, display);
  if (mapped != NULL)
    {
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, g_checksum_get_string (sum));
    }
  json_builder_set_member_name (b, "valid");
  json_builder_add_boolean_value (b, v->verdict == REVIEW_VERDICT_VALID);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_int_value (b, v->verdict);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  details = json_to_string (root, FALSE);

  vault = review_cli_open_vault (g, &error);
  if (vault == NULL ||
      !review_vault_audit (vault, "signature.verified", display, details, &error))
    {
      g_autofree char *message = review_text_escape (error->message, -1);
      /* Translators: %s says why */
      g_printerr (_("The verification was not recorded: %s\n"), message);
    }
  else
    g_print ("%s\n", _("Recorded in the vault’s audit trail."));
}

int
review_cli_cmd_verify (Globals  *g,
                       int       argc,
                       char    **argv,
                       GError  **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ReviewVerification) v = NULL;
  g_auto(GStrv) cert_paths = NULL;
  gboolean record = FALSE;
  GOptionEntry entries[] = {
    { "cert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cert_paths,
      N_("Trust the certificates in this PEM file (may be given more than once)"), N_("PEM") },
    { "record", 0, 0, G_OPTION_ARG_NONE, &record,
      N_("Also record the verification in your vault’s audit trail (opens the vault)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_summary (context, _("Check the signature of a signed PDF report, or of a "
                                           "data export with its signature FILE.p7s next to it "
                                           "(for a CSV export, give its folder or its "
                                           "SHA256SUMS). Opens no vault and no keyring, "
                                           "unless --record is given."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc != 2)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name one file to verify: review verify FILE [--cert=PEM]"));
      return -1;
    }

  v = review_verify_file (argv[1], (const char * const *) cert_paths, NULL, error);
  if (v == NULL)
    return -1;
  print_verification (v);
  if (record && v->verdict != REVIEW_VERDICT_NOT_SIGNED)
    record_verification (g, v);
  return (int) v->verdict;
}
