/* review-cli-sign.c: `review signer …` and `review verify`
 *
 * The signer commands work on the vault's signing identity (its key in the
 * keyring, its certificate in the vault). `review verify` is for
 * recipients: it opens no vault and no keyring, only the file, its
 * signature and the certificates given with --cert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <openssl/x509.h>

#include "review-cli-private.h"
#include "review-cms.h"
#include "review-error.h"
#include "review-key.h"
#include "review-signer.h"
#include "review-text.h"

#define MANIFEST_NAME "SHA256SUMS"
#define SIGNATURE_SUFFIX ".p7s"

static void
free_certificates (STACK_OF(X509) *certs)
{
  if (certs != NULL)
    sk_X509_pop_free (certs, X509_free);
}

/* --- signer create ------------------------------------------------------ */

/* A certificate's fields are whatever its issuer wrote: each is escaped,
 * so that an organisation holding a newline cannot print a line of its own
 * (a fake “Fingerprint:”). */
static void
print_identity (const ReviewSignatureInfo *info)
{
  g_autofree char *name = review_text_quote (info->signer_name, -1);
  g_autofree char *org = review_text_quote (info->signer_org, -1);
  g_autofree char *email = review_text_quote (info->signer_email, -1);
  g_autofree char *fingerprint = review_text_quote (info->fingerprint, -1);

  g_print (_("Signer:        %s\n"), name);
  if (info->signer_org != NULL)
    g_print (_("Organisation:  %s\n"), org);
  if (info->signer_email != NULL)
    g_print (_("E-mail:        %s\n"), email);
  /* Translators: keep “SHA-256” */
  g_print (_("Fingerprint:   %s (SHA-256)\n"), fingerprint);
}

static void
print_signer (ReviewSigner *signer)
{
  g_auto(ReviewSignatureInfo) info = { 0 };

  review_signature_info_set_from_certificate (&info, review_signer_get_certificate (signer));
  print_identity (&info);
}

int
review_cli_cmd_signer_create (Globals  *g,
                              int       argc,
                              char    **argv,
                              GError  **error)
{
  g_autofree char *name = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *email = NULL;
  g_autofree char *key_type_text = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  ReviewSignerKeyType key_type = REVIEW_SIGNER_KEY_EC_P256;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("The signer’s name, as recipients will see it"), N_("NAME") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization,
      N_("The signer’s organisation"), N_("ORG") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The signer’s e-mail address (optional)"),
      N_("EMAIL") },
    { "key-type", 0, 0, G_OPTION_ARG_STRING, &key_type_text,
      N_("ec (P-256, the default) or rsa (3072 bits)"), N_("TYPE") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("Replace the vault’s current signing identity"), NULL },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Create a signing identity for this vault: a private key "
                                         "kept in your keyring and a self-signed certificate "
                                         "that recipients can trust. Supervisors only."),
                                 entries, &argc, &argv, error))
    return -1;
  if (name == NULL || organization == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Give the signer’s name and organisation: "
                             "review signer create --name=NAME --organization=ORG"));
      return -1;
    }
  if (key_type_text != NULL)
    {
      if (g_ascii_strcasecmp (key_type_text, "ec") == 0)
        key_type = REVIEW_SIGNER_KEY_EC_P256;
      else if (g_ascii_strcasecmp (key_type_text, "rsa") == 0)
        key_type = REVIEW_SIGNER_KEY_RSA_3072;
      else
        {
          g_autofree char *shown = review_text_quote (key_type_text, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown key type “%s”: use ec or rsa."), shown);
          return -1;
        }
    }

  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  signer = review_signer_create_sync (vault, key_type, name, organization, email, replace,
                                      g->keyring_flags, NULL, error);
  if (signer == NULL)
    return -1;

  g_print (_("Created a signing identity. Its private key is in your keyring; its "
             "certificate is in the vault.\n"));
  print_signer (signer);
  g_print (_("Give recipients the certificate (review signer export-cert --out=FILE), and "
             "the fingerprint by another channel, so they can check who signed.\n"));
  return 0;
}

/* --- signer import ------------------------------------------------------ */

/* One line from the terminal without echo, or from standard input; in
 * secure memory (review_secure_free_string()). */
static char *
read_password (const char  *prompt,
               GError     **error)
{
  char buf[1024];
  gboolean tty = isatty (STDIN_FILENO);
  struct termios old, quiet;
  gboolean got;
  char *password;
  size_t len;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  got = fgets (buf, sizeof buf, stdin) != NULL;
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
      g_printerr ("\n");
    }
  if (!got)
    buf[0] = '\0';
  len = strcspn (buf, "\r\n");
  if (len == sizeof buf - 1)
    {
      review_secure_wipe (buf, sizeof buf);
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("The password is too long."));
      return NULL;
    }
  password = review_secure_alloc (len + 1);
  memcpy (password, buf, len);
  password[len] = '\0';
  review_secure_wipe (buf, sizeof buf);
  return password;
}

int
review_cli_cmd_signer_import (Globals  *g,
                              int       argc,
                              char    **argv,
                              GError  **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  g_autofree char *prompt = NULL;
  char *contents = NULL;
  gsize len = 0;
  char *password;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("Replace the vault’s current signing identity"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE.p12"));
  g_option_context_set_summary (context, _("Import a signing identity issued by your "
                                           "organisation from a PKCS#12 file (.p12 or .pfx). "
                                           "The password is read from the terminal, or from "
                                           "standard input. Supervisors only."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc != 2)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name one PKCS#12 file to import: review signer import FILE.p12"));
      return -1;
    }
  display = review_text_quote (argv[1], -1);
  if (!g_file_get_contents (argv[1], &contents, &len, &read_error))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not read “%s”: %s"), display,
                   read_error->message);
      return -1;
    }
  bytes = g_bytes_new_with_free_func (contents, len, (GDestroyNotify) g_free, contents);

  /* Open the vault first: a wrong vault should not cost a password. */
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  /* Translators: %s is a file name */
  prompt = g_strdup_printf (_("Password of “%s”: "), display);
  password = read_password (prompt, error);
  if (password == NULL)
    return -1;
  signer = review_signer_import_sync (vault, bytes, password, replace, g->keyring_flags, NULL,
                                      error);
  review_secure_free_string (password);
  /* The file's bytes hold the key, encrypted; wipe them anyway. */
  review_secure_wipe (contents, len);
  if (signer == NULL)
    return -1;

  g_print (_("Imported the signing identity. Its private key is in your keyring; its "
             "certificate and chain are in the vault.\n"));
  print_signer (signer);
  if (sk_X509_num (review_signer_get_chain (signer)) > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Chain:         %d certificate\n",
                          "Chain:         %d certificates\n",
                          sk_X509_num (review_signer_get_chain (signer))),
             sk_X509_num (review_signer_get_chain (signer)));
  return 0;
}

/* --- signer export-cert ------------------------------------------------- */

int
review_cli_cmd_signer_export_cert (Globals  *g,
                                   int       argc,
                                   char    **argv,
                                   GError  **error)
{
  g_autofree char *out = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GError) write_error = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("Write the certificate to FILE (default: standard output)"), N_("FILE") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Export the signing certificate (and its chain) as PEM, "
                                         "for recipients to verify signed reports and exports."),
                                 entries, &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  pem = review_signer_export_certificate (vault, error);
  if (pem == NULL)
    return -1;
  if (out == NULL)
    {
      fputs (pem, stdout);
      fflush (stdout);
      return 0;
    }
  /* Written to a temporary file in the same folder, then renamed. */
  if (!g_file_set_contents_full (out, pem, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &write_error))
    {
      g_autofree char *display = review_text_quote (out, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not write “%s”: %s"), display,
                   write_error->message);
      return -1;
    }
  {
    g_autofree char *display = review_text_quote (out, -1);
    g_printerr (_("Wrote the signing certificate to “%s”.\n"), display);
  }
  return 0;
}

/* --- signer info -------------------------------------------------------- */

int
review_cli_cmd_signer_info (Globals  *g,
                            int       argc,
                            char    **argv,
                            GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_autoptr(GError) key_error = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Show the vault’s signing identity, and whether its "
                                         "private key is in this keyring."),
                                 entries, &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  if (!review_signer_describe (vault, &info, error))
    return -1;
  signer = review_signer_load_sync (vault, g->keyring_flags, NULL, &key_error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, info.signer_name);
      json_builder_set_member_name (b, "organization");
      json_builder_add_string_value (b, info.signer_org);
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, info.signer_email);
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, info.fingerprint);
      json_builder_set_member_name (b, "self_signed");
      json_builder_add_boolean_value (b, info.self_signed);
      json_builder_set_member_name (b, "key_in_keyring");
      json_builder_add_boolean_value (b, signer != NULL);
      json_builder_end_object (b);
      review_cli_print_json (b);
    }
  else
    {
      print_identity (&info);
      g_print ("%s\n", info.self_signed ? _("Certificate:   self-signed")
                                        : _("Certificate:   issued by another authority"));
      if (signer != NULL)
        g_print ("%s\n", _("Private key:   in this keyring"));
      else
        /* Translators: %s says why the key could not be used */
        {
          g_autofree char *why = review_cli_sanitize (key_error->message);
          g_print (_("Private key:   not usable here: %s\n"), why);
        }
    }
  return 0;
}

/* --- verify ------------------------------------------------------------- */

/* Until the report's command line provides PDF verification, this weak
 * definition stands in (src/cli/review-cli-report.c has the real one). */
__attribute__((weak)) int
review_cli_verify_pdf (const char      *path,
                       STACK_OF(X509)  *trusted,
                       GError         **error)
{
  g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("PDF verification is not available yet."));
  return -1;
}

static GBytes *
map_file (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local_error);

  if (mapped == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not read “%s”: %s"), display,
                   local_error->message);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

static STACK_OF(X509) *
read_trusted (char    **paths,
              GError  **error)
{
  STACK_OF(X509) *trusted = sk_X509_new_null ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *pem = NULL;
      g_autofree char *display = g_filename_display_name (paths[i]);
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
      certs = review_cms_read_pem_certificates (pem, len, &local_error);
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

static gboolean
starts_with_pdf_header (const char *path)
{
  char head[5] = { 0 };
  FILE *f = fopen (path, "rb");
  gboolean pdf;

  if (f == NULL)
    return FALSE;
  pdf = fread (head, 1, sizeof head, f) == sizeof head && memcmp (head, "%PDF-", 5) == 0;
  fclose (f);
  return pdf;
}

static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  FILE *f = fopen (path, "rb");
  size_t n;

  if (f == NULL)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("Could not read “%s”: %s"), display,
                   g_strerror (saved));
      return NULL;
    }
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    g_checksum_update (sum, buf, n);
  fclose (f);
  return g_strdup (g_checksum_get_string (sum));
}

/* A signed SHA256SUMS (coreutils format: hash, two spaces or “ *”, name)
 * vouches for the files it lists, in its own folder. Returns the number of
 * problems found, each printed. */
static guint
check_manifest (const char *manifest_path,
                GBytes     *manifest)
{
  g_autofree char *dir = g_path_get_dirname (manifest_path);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *entry;
  gsize len;
  const char *data = g_bytes_get_data (manifest, &len);
  guint problems = 0, checked = 0;

  text = g_strndup (data, len);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *line = lines[i];
      const char *name;
      gboolean hex = TRUE;

      if (*line == '\0')
        continue;
      for (int k = 0; k < 64; k++)
        hex = hex && g_ascii_isxdigit (line[k]);
      if (!hex || strlen (line) < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
        {
          g_print (_("  line %u of the manifest cannot be read\n"), i + 1);
          problems++;
          continue;
        }
      name = line + 66;
      if (g_path_is_absolute (name) || strstr (name, "..") != NULL || strchr (name, '/') != NULL)
        {
          g_print (_("  %s: refused (a path outside the export’s folder)\n"), name);
          problems++;
          continue;
        }
      g_hash_table_add (listed, g_strdup (name));
      path = g_build_filename (dir, name, NULL);
      actual = file_sha256 (path, &local_error);
      if (actual == NULL)
        {
          g_print (_("  %s: missing or unreadable\n"), name);
          problems++;
        }
      else if (g_ascii_strncasecmp (actual, line, 64) != 0)
        {
          g_print (_("  %s: changed (its SHA-256 does not match the signed manifest)\n"), name);
          problems++;
        }
      else
        checked++;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Files:         %u file listed in the manifest matches it\n",
                        "Files:         %u files listed in the manifest match it\n", checked),
           checked);

  /* Files the manifest does not list are not covered by the signature. */
  folder = g_dir_open (dir, 0, NULL);
  while (folder != NULL && (entry = g_dir_read_name (folder)) != NULL)
    {
      if (g_str_equal (entry, MANIFEST_NAME) ||
          g_str_equal (entry, MANIFEST_NAME SIGNATURE_SUFFIX) ||
          g_hash_table_contains (listed, entry))
        continue;
      g_print (_("  %s: not covered by the signature (not in the manifest)\n"), entry);
    }
  return problems;
}

static int
verify_file (Globals  *g,
             int       argc,
             char    **argv,
             GError  **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) cert_paths = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *sig_display = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) verify_error = NULL;
  g_autofree char *signing_time = NULL;
  g_auto(ReviewSignatureInfo) info = { 0 };
  STACK_OF(X509) *trusted = NULL;
  gboolean record = FALSE;  /* read by the caller, which records the result */
  gboolean valid;
  guint problems = 0;
  int status;
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

  path = g_strdup (argv[1]);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      char *manifest = g_build_filename (path, MANIFEST_NAME, NULL);
      g_free (path);
      path = manifest;
    }
  else if (g_str_has_suffix (path, SIGNATURE_SUFFIX))
    {
      /* The signature was named: check the file it signs. */
      g_autofree char *signed_path = g_strndup (path, strlen (path) - strlen (SIGNATURE_SUFFIX));
      if (g_file_test (signed_path, G_FILE_TEST_IS_REGULAR))
        {
          g_free (path);
          path = g_steal_pointer (&signed_path);
        }
    }
  display = g_filename_display_name (path);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO, _("There is no file “%s”."), display);
      return -1;
    }

  trusted = read_trusted (cert_paths, error);
  if (trusted == NULL)
    return -1;

  if (starts_with_pdf_header (path))
    {
      status = review_cli_verify_pdf (path, trusted, error);
      free_certificates (trusted);
      return status;
    }

  sig_path = g_strconcat (path, SIGNATURE_SUFFIX, NULL);
  sig_display = g_filename_display_name (sig_path);
  if (!g_file_test (sig_path, G_FILE_TEST_IS_REGULAR))
    {
      free_certificates (trusted);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_NOT_SIGNED,
                   _("“%s” has no signature: there is no “%s” next to it. A signed export "
                     "comes with its signature file."), display, sig_display);
      return -1;
    }
  content = map_file (path, error);
  signature = content != NULL ? map_file (sig_path, error) : NULL;
  if (signature == NULL)
    {
      free_certificates (trusted);
      return -1;
    }

  valid = review_cms_verify_detached (signature, content, trusted, &info, &verify_error);

  g_print (_("File:          %s\n"), display);
  /* Translators: the kind of signature: a detached CMS (CAdES) signature in DER */
  g_print (_("Signature:     %s (detached CMS)\n"), sig_display);
  if (info.fingerprint != NULL)
    print_identity (&info);
  signing_time = review_cms_dup_signing_time (signature);
  if (signing_time != NULL)
    /* Translators: %s is a date and time, as the signer's computer claimed it */
    g_print (_("Time:          %s (as the signer’s computer stated it)\n"), signing_time);
  else
    g_print ("%s\n", _("Time:          not stated by the signature"));
  if (!valid)
    {
      free_certificates (trusted);
      g_print ("%s\n", _("Result:        NOT VALID"));
      g_propagate_error (error, g_steal_pointer (&verify_error));
      return -1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Coverage:      every byte of the file (%lu byte)\n",
                        "Coverage:      every byte of the file (%lu bytes)\n",
                        (gulong) g_bytes_get_size (content)),
           (gulong) g_bytes_get_size (content));

  {
    g_autofree char *base = g_path_get_basename (path);
    if (g_str_equal (base, MANIFEST_NAME))
      problems = check_manifest (path, content);
  }

  if (problems > 0)
    {
      free_certificates (trusted);
      g_print ("%s\n", _("Result:        NOT VALID"));
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_SIGNATURE_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The signed manifest is valid, but %u file of the export does "
                                "not match it.",
                                "The signed manifest is valid, but %u files of the export do "
                                "not match it.", problems), problems);
      return -1;
    }

  g_print ("%s\n", _("Result:        valid"));
  if (info.trusted)
    g_print ("%s\n", _("Trust:         trusted: the signer’s certificate is, or chains to, one "
                       "of your trusted certificates"));
  else if (sk_X509_num (trusted) == 0)
    g_print ("%s\n", info.self_signed
                     ? _("Trust:         valid, signer not among your trusted certificates "
                         "(a self-signed certificate: compare its fingerprint with the one the "
                         "signer gave you, then pass the certificate with --cert)")
                     : _("Trust:         valid, signer not among your trusted certificates "
                         "(pass the issuer’s certificate with --cert)"));
  else
    g_print ("%s\n", _("Trust:         valid, signer not among your trusted certificates (the "
                       "certificates given with --cert do not include it or its issuer, or "
                       "it has expired)"));
  free_certificates (trusted);
  return 0;
}

/* With --record, a verification made by someone who has a vault is an
 * audit event there; recipients without one verify all the same. */
static void
record_verification (Globals    *g,
                     const char *path,
                     int         status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      (mapped = g_mapped_file_new (path, FALSE, NULL)) != NULL)
    g_checksum_update (sum, (const guchar *) g_mapped_file_get_contents (mapped),
                       (gssize) g_mapped_file_get_length (mapped));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, base);
  if (mapped != NULL)
    {
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, g_checksum_get_string (sum));
    }
  json_builder_set_member_name (b, "valid");
  json_builder_add_boolean_value (b, status == 0);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  details = json_to_string (root, FALSE);

  vault = review_cli_open_vault (g, &error);
  if (vault == NULL ||
      !review_vault_audit (vault, "signature.verified", base, details, &error))
    /* Translators: %s says why */
    g_printerr (_("The verification was not recorded: %s\n"), error->message);
  else
    g_print ("%s\n", _("Recorded in the vault’s audit trail."));
}

int
review_cli_cmd_verify (Globals  *g,
                       int       argc,
                       char    **argv,
                       GError  **error)
{
  gboolean record = FALSE;
  const char *path = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--record"))
        record = TRUE;
      else if (argv[i][0] != '-' && path == NULL)
        path = argv[i];
    }
  status = verify_file (g, argc, argv, error);
  if (record && path != NULL && (status == 0 || (error != NULL && *error != NULL &&
                                                 g_error_matches (*error, REVIEW_ERROR,
                                                                  REVIEW_ERROR_SIGNATURE_INVALID))))
    record_verification (g, path, status);
  return status;
}
