/* review-cli-vault.c: `review vault …`: create, info, check, recover,
 * repair and rekey-recovery, each over the core's vault lifecycle
 * (review-lifecycle.h); the command line keeps no vault workflow of its own.
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
#include "review-error.h"
#include "review-key.h"
#include "review-lifecycle.h"
#include "review-process.h"
#include "review-sandbox.h"
#include "review-text.h"
#include "review-vault.h"
#include "review-verify.h"

/* --- vault create ------------------------------------------------------- */

int
review_cli_cmd_vault_create (Globals  *g,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autofree char *recovery_file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *vault_id = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  char *recovery_key = NULL;
  ReviewRole role = REVIEW_ROLE_REVIEWER;
  g_autofree char *dir_display = review_text_quote (g->vault_dir, -1);
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &recovery_file,
      N_("Save the recovery key to a new file instead of showing it"), N_("PATH") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("Your name, as it appears in the audit trail (default: your account’s name)"),
      N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text,
      N_("Your role: reviewer, translator or supervisor (default: reviewer)"), N_("ROLE") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Create a new encrypted vault and show its recovery key."),
                              entries, &argc, &argv, error))
    return -1;

  if (role_text != NULL && !review_role_from_string (role_text, &role))
    {
      g_autofree char *role_display = review_text_quote (role_text, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown role “%s”: use reviewer, translator or supervisor."), role_display);
      return -1;
    }
  if (name == NULL || *g_strstrip (name) == '\0')
    {
      g_free (name);
      name = review_profile_default_name ();
    }
  vault = review_lifecycle_create (g->vault_dir, name, role, recovery_file, g->keyring_flags,
                                   &recovery_key, NULL, error);
  if (vault == NULL)
    return -1;
  vault_id = g_strdup (review_vault_get_id (vault));

  g_print (_("Created a vault in “%s” (vault id %s).\n"), dir_display, vault_id);
  g_print (_("Its key is stored in your keyring.\n\n"));
  if (recovery_file != NULL)
    {
      g_autofree char *file = review_text_quote (recovery_file, -1);
      g_print (_("The recovery key was saved to “%s”. Move that file off this computer now: "
                 "on paper, on a separate drive, or in a password manager. Anyone with it "
                 "and this folder can open the vault.\n"), file);
    }
  else
    g_print (_("Recovery key (shown only this once):\n\n    %s\n\n"
               "Write it down and keep it away from this computer. If the keyring is lost, "
               "it is the only way to open the vault: review vault recover\n"),
             recovery_key);
  if (recovery_key != NULL)
    review_secure_free_string (recovery_key);
  return 0;
}

/* --- vault info --------------------------------------------------------- */

static const char *
anchor_state_name (ReviewAnchorState state)
{
  switch (state)
    {
    case REVIEW_ANCHOR_ANCHORED:
      return "anchored";
    case REVIEW_ANCHOR_NOT_ANCHORED:
      return "not-anchored";
    case REVIEW_ANCHOR_UNAVAILABLE:
    default:
      return "unavailable";
    }
}

static const char *
anchor_state_text (ReviewAnchorState state)
{
  switch (state)
    {
    case REVIEW_ANCHOR_ANCHORED:
      return _("Audit head:      anchored on this computer (kept in your keyring)");
    case REVIEW_ANCHOR_NOT_ANCHORED:
      return _("Audit head:      not anchored on this computer yet (it is from now on)");
    case REVIEW_ANCHOR_UNAVAILABLE:
    default:
      return _("Audit head:      unknown: the keyring could not be asked");
    }
}

int
review_cli_cmd_vault_info (Globals  *g,
                int       argc,
                char    **argv,
                GError  **error)
{
  gboolean as_json = FALSE;
  g_autoptr(ReviewVault) vault = NULL;
  g_autofree char *created = NULL;
  ReviewAuditReport report = { 0 };
  ReviewProfile *profile;
  ReviewSandboxStatus sandbox;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Show the vault’s identity and contents."), entries,
                              &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  created = review_vault_dup_created (vault);
  profile = review_vault_get_profile (vault);
  if (!review_vault_verify_audit (vault, &report, error))
    return -1;
  {
    g_autofree char *decoder = review_process_find_helper ("review-decoder");
    sandbox = review_sandbox_probe (decoder);
  }

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, review_vault_get_dir (vault));
      json_builder_set_member_name (b, "vault_id");
      json_builder_add_string_value (b, review_vault_get_id (vault));
      json_builder_set_member_name (b, "schema_version");
      json_builder_add_int_value (b, review_vault_get_schema_version (vault));
      json_builder_set_member_name (b, "cipher_version");
      json_builder_add_string_value (b, review_vault_get_cipher_version (vault));
      json_builder_set_member_name (b, "photos");
      json_builder_add_int_value (b, review_vault_count_photos (vault));
      json_builder_set_member_name (b, "created");
      json_builder_add_string_value (b, created);
      json_builder_set_member_name (b, "audit_entries");
      json_builder_add_int_value (b, report.n_entries);
      json_builder_set_member_name (b, "audit_last_hash");
      json_builder_add_string_value (b, report.last_hash);
      json_builder_set_member_name (b, "audit_anchor");
      json_builder_add_string_value (b, anchor_state_name (review_lifecycle_anchor_state (vault)));
      json_builder_set_member_name (b, "profile");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, review_profile_get_id (profile));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, review_profile_get_display_name (profile));
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, review_role_to_string (review_profile_get_role (profile)));
      json_builder_end_object (b);
      json_builder_set_member_name (b, "decoder_sandbox");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "namespaces");
      json_builder_add_boolean_value (b, sandbox.namespaces);
      json_builder_set_member_name (b, "seccomp");
      json_builder_add_boolean_value (b, sandbox.seccomp);
      json_builder_end_object (b);
      json_builder_end_object (b);
      review_cli_print_json (b);
    }
  else
    {
      g_autofree char *dir = review_text_escape (review_vault_get_dir (vault), -1);
      g_autofree char *name = review_text_quote (review_profile_get_display_name (profile), -1);

      g_print (_("Vault:           %s\n"), dir);
      g_print (_("Vault id:        %s\n"), review_vault_get_id (vault));
      g_print (_("Created:         %s\n"), created ? created : "");
      g_print (_("Schema version:  %d\n"), review_vault_get_schema_version (vault));
      g_print (_("SQLCipher:       %s\n"), review_vault_get_cipher_version (vault));
      g_print (_("Photos:          %lld\n"), (long long) review_vault_count_photos (vault));
      g_print (_("Audit entries:   %lld\n"), (long long) report.n_entries);
      g_print ("%s\n", anchor_state_text (review_lifecycle_anchor_state (vault)));
      /* Translators: %s is a person's name, %s a role such as “Reviewer” */
      g_print (_("Profile:         %s (%s)\n"), name,
               review_role_get_label (review_profile_get_role (profile)));
      g_print ("%s\n", review_sandbox_describe (sandbox));
    }
  review_audit_report_clear (&report);
  return 0;
}

/* --- vault check -------------------------------------------------------- */

int
review_cli_cmd_vault_check (Globals  *g,
                 int       argc,
                 char    **argv,
                 GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;

  if (!review_cli_parse_options (NULL, _("Check every page of the vault for damage or tampering."),
                              NULL, &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  if (!review_vault_check_integrity (vault, NULL, error))
    return -1;
  g_print (_("The vault is intact: every page decrypts and passes its authentication check.\n"));
  /* recovery.json is checked now, not the day the recovery key is needed. */
  if (!review_vault_check_recovery (vault, error))
    return -1;
  g_print (_("The recovery file is intact and belongs to this vault.\n"));
  return 0;
}

/* --- vault repair, vault rekey-recovery ------------------------------------ */

static char *read_recovery_key (const char  *path,
                                GError     **error);

int
review_cli_cmd_vault_repair (Globals  *g,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autofree char *recovery_file = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  char *recovery_key = NULL;
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &recovery_file,
      N_("Use the recovery key in this file instead of the keyring’s key"), N_("PATH") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Rewrite a damaged vault.json from the vault itself "
                                         "(an audit event)."),
                                 entries, &argc, &argv, error))
    return -1;
  if (recovery_file != NULL)
    {
      recovery_key = read_recovery_key (recovery_file, error);
      if (recovery_key == NULL)
        return -1;
    }
  vault = review_lifecycle_repair (g->vault_dir, recovery_key, g->keyring_flags, NULL, error);
  if (recovery_key != NULL)
    review_secure_free_string (recovery_key);
  if (vault == NULL)
    return -1;
  {
    g_autofree char *dir = review_text_quote (g->vault_dir, -1);
    g_print (_("vault.json in “%s” was rewritten from the vault; the repair is recorded in "
               "the audit trail.\n"), dir);
  }
  return 0;
}

int
review_cli_cmd_vault_rekey_recovery (Globals  *g,
                          int       argc,
                          char    **argv,
                          GError  **error)
{
  g_autofree char *recovery_file = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  char *recovery_key = NULL;
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &recovery_file,
      N_("Save the new recovery key to a new file instead of showing it"), N_("PATH") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Make a new recovery key; the old one stops opening "
                                         "the vault (an audit event)."),
                                 entries, &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  if (!review_lifecycle_rekey_recovery (vault, recovery_file, &recovery_key, NULL, error))
    return -1;
  if (recovery_file != NULL)
    {
      g_autofree char *file = review_text_quote (recovery_file, -1);
      g_print (_("The new recovery key was saved to “%s”; the old one no longer opens the "
                 "vault. Move that file off this computer now.\n"), file);
    }
  else
    {
      g_print (_("New recovery key (shown only this once; the old one no longer opens the "
                 "vault):\n\n    %s\n\n"), recovery_key);
      review_secure_free_string (recovery_key);
    }
  return 0;
}

/* --- vault recover ------------------------------------------------------ */

static char *
read_recovery_key (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  char *line;

  if (path != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gsize len = 0;
      if (!g_file_get_contents (path, &contents, &len, &local_error) || len > 4096)
        {
          g_autofree char *file = review_text_quote (path, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                       _("Could not read the recovery key file “%s”: %s"), file,
                       local_error ? local_error->message : _("the file is too large"));
          return NULL;
        }
    }
  else
    {
      char buf[512];
      gboolean tty = isatty (STDIN_FILENO);
      struct termios old, quiet;

      if (tty)
        {
          g_printerr ("%s", _("Recovery key: "));
          tcgetattr (STDIN_FILENO, &old);
          quiet = old;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
      if (fgets (buf, sizeof buf, stdin) == NULL)
        buf[0] = '\0';
      if (tty)
        {
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
          g_printerr ("\n");
        }
      contents = g_strdup (buf);
      review_secure_wipe (buf, sizeof buf);
    }

  line = review_secure_alloc (strlen (contents) + 1);
  strcpy (line, contents);
  review_secure_wipe (contents, strlen (contents));
  g_strstrip (line);
  {
    char *nl = strchr (line, '\n');
    if (nl != NULL)
      *nl = '\0';
  }
  return line;
}

int
review_cli_cmd_vault_recover (Globals  *g,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  g_autofree char *recovery_file = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  char *recovery_key;
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &recovery_file,
      N_("Read the recovery key from a file (default: standard input)"), N_("PATH") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Open the vault with its recovery key and store its key in "
                                      "this keyring again."),
                              entries, &argc, &argv, error))
    return -1;
  recovery_key = read_recovery_key (recovery_file, error);
  if (recovery_key == NULL)
    return -1;
  vault = review_lifecycle_recover (g->vault_dir, recovery_key, g->keyring_flags, NULL, error);
  review_secure_free_string (recovery_key);
  if (vault == NULL)
    return -1;
  {
    g_autofree char *dir = review_text_quote (g->vault_dir, -1);
    g_print (_("The vault in “%s” is open again, and its key is stored in this keyring.\n"),
             dir);
  }
  return 0;
}

