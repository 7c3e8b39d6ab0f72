/* review-cli-sign.c: `review signer …`
 *
 * The signer commands work on the vault's signing identity (its key in the
 * keyring, its certificate in the vault). `review verify`, for recipients,
 * is in review-cli-verify.c.
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

#include "review-cli-private.h"
#include "review-cms.h"
#include "review-error.h"
#include "review-key.h"
#include "review-signer.h"
#include "review-text.h"


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

  review_signer_describe_identity (signer, &info);
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
  if (review_signer_get_chain_length (signer) > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Chain:         %d certificate\n",
                          "Chain:         %d certificates\n",
                          review_signer_get_chain_length (signer)),
             (int) review_signer_get_chain_length (signer));
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
