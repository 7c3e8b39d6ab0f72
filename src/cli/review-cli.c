/* review-cli.c
 *
 * `review [--vault=DIR] COMMAND …` runs in the calling process, with no
 * display and without forwarding to a running window, so it works over SSH
 * and in scripts with its own exit status (see review_error_exit_status()).
 * Each command has its own option parser. With no command, the window opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "review-cli.h"
#include "review-cli-private.h"
#include "review-error.h"
#include "review-importer.h"
#include "review-keyring.h"
#include "review-lifecycle.h"
#include "review-process.h"
#include "review-recovery.h"
#include "review-store.h"
#include "review-text.h"
#include "review-vault.h"
#include "review-verify.h"
#include "review-vocab.h"


/* Whether review_text_escape() would change nothing in @len bytes of @text
 * but double its backslashes: valid UTF-8, no control character, no
 * bidirectional control (every other escape is longer than what it
 * replaces). */
static gboolean
needs_no_escape (const char *text,
                 gsize       len)
{
  g_autofree char *escaped = review_text_escape (text, (gssize) len);
  gsize backslashes = 0;

  for (gsize i = 0; i < len; i++)
    backslashes += text[i] == '\\';
  return strlen (escaped) == len + backslashes;
}

#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"

/**
 * review_cli_sanitize:
 * @text: (nullable): a message for the terminal: an error's, or a sentence
 *   that may hold a library's message
 *
 * Messages that Review builds put every value it did not write in with
 * review_text_quote(): already escaped, and isolated. A library's message
 * (GIO's “Error opening file …”) may quote a file name raw. So: @text as it
 * is when nothing in it needs escaping, apart from the isolates around
 * values (U+2068 … U+2069, in pairs); otherwise review_text_escape() of
 * everything between those pairs.
 *
 * Returns: (transfer full): one line, safe for a terminal
 */
char *
review_cli_sanitize (const char *text)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) marks = NULL;  /* byte offsets of paired isolates */
  const char *seg;
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  marks = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* An isolate is kept only with its partner: an FSI from a raw value that
   * never closes would isolate the rest of the line. */
  for (const char *p = text; (p = strstr (p, FSI)) != NULL; )
    {
      const char *close = strstr (p + 3, PDI);
      const char *next_open = strstr (p + 3, FSI);
      gsize a, b;

      if (close == NULL)
        break;
      if (next_open != NULL && next_open < close)
        {
          p = next_open;
          continue;
        }
      a = (gsize) (p - text);
      b = (gsize) (close - text);
      g_array_append_val (marks, a);
      g_array_append_val (marks, b);
      p = close + 3;
    }

  {
    gboolean clean = TRUE;
    gsize start = 0;
    for (guint i = 0; i <= marks->len && clean; i++)
      {
        gsize end = i < marks->len ? g_array_index (marks, gsize, i) : len;
        clean = needs_no_escape (text + start, end - start);
        start = end + 3;
      }
    if (clean)
      return g_strdup (text);
  }

  out = g_string_new (NULL);
  seg = text;
  for (guint i = 0; i <= marks->len; i++)
    {
      gsize end = i < marks->len ? g_array_index (marks, gsize, i) : len;
      g_autofree char *escaped = review_text_escape (seg, (gssize) (text + end - seg));

      g_string_append (out, escaped);
      if (i < marks->len)
        {
          g_string_append (out, i % 2 == 0 ? FSI : PDI);
          seg = text + end + 3;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_error (const GError *error)
{
  g_autofree char *message = review_cli_sanitize (error->message);

  g_printerr ("review: %s\n", message);
}

/* What the user can do next, for each failure that has a remedy. */
static const char *
hint_for (const GError *error)
{
  if (error->domain != REVIEW_ERROR)
    return NULL;
  switch (error->code)
    {
    case REVIEW_ERROR_KEYRING_UNAVAILABLE:
      return _("No keyring service is running. A desktop session starts one; on a server, "
               "start gnome-keyring-daemon in this session first (build-aux/run does this "
               "for you).");
    case REVIEW_ERROR_KEYRING_LOCKED:
      return _("Unlock the keyring (logging in to the desktop does this), or run the command "
               "again with --unlock to be asked for the keyring’s password.");
    case REVIEW_ERROR_KEYRING_NO_DEFAULT:
      return _("This account has no default keyring yet. Run the command again with --unlock "
               "to create one, or open Review’s window.");
    case REVIEW_ERROR_KEY_MISSING:
      return _("If the keyring was reset, or this is another account or computer, open the "
               "vault with its recovery key: review vault recover");
    case REVIEW_ERROR_WRONG_KEY:
      return _("The key in your keyring does not open this vault. Open it with its recovery "
               "key instead: review vault recover");
    case REVIEW_ERROR_TIMED_OUT:
      return _("Try again; if it keeps happening, restart the keyring service.");
    case REVIEW_ERROR_AUDIT_ROLLED_BACK:
      return _("If an older copy of the vault was put back on purpose, open it anyway with: "
               "review audit acknowledge (the missing entries are recorded in its audit "
               "trail).");
    case REVIEW_ERROR_NO_SIGNER:
      return _("A supervisor creates a signing identity with: review signer create "
               "--name=NAME --organization=ORG, or imports one: review signer import FILE.p12");
    default:
      return NULL;
    }
}

static int
fail (GError *error)
{
  const char *hint;
  int status;

  if (error == NULL)
    return 1;
  print_error (error);
  hint = hint_for (error);
  if (hint != NULL)
    g_printerr ("%s\n", hint);
  status = review_error_exit_status (error);
  g_error_free (error);
  return status;
}

gboolean
review_cli_parse_options (const char   *usage,
                       const char   *summary,
                       GOptionEntry *entries,
                       int          *argc,
                       char       ***argv,
                       GError      **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_autofree char *arg = review_text_quote ((*argv)[1], -1);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”."), arg);
      return FALSE;
    }
  return TRUE;
}

/* Prints what a builder holds, pretty, for scripts. */
void
review_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* Opens the vault with the key from the keyring, as every command but
 * create and recover does (review_lifecycle_open): read-only until every
 * check has passed. */
ReviewVault *
review_cli_open_vault (Globals  *g,
                       GError  **error)
{
  return review_lifecycle_open (g->vault_dir, g->keyring_flags, NULL, error);
}

/* --- vault create ------------------------------------------------------- */

static int
cmd_vault_create (Globals  *g,
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

static int
cmd_vault_info (Globals  *g,
                int       argc,
                char    **argv,
                GError  **error)
{
  gboolean as_json = FALSE;
  g_autoptr(ReviewVault) vault = NULL;
  g_autofree char *created = NULL;
  ReviewAuditReport report = { 0 };
  ReviewProfile *profile;
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
    }
  review_audit_report_clear (&report);
  return 0;
}

/* --- vault check -------------------------------------------------------- */

static int
cmd_vault_check (Globals  *g,
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

static int
cmd_vault_repair (Globals  *g,
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

static int
cmd_vault_rekey_recovery (Globals  *g,
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

static int
cmd_vault_recover (Globals  *g,
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

/* --- audit verify ------------------------------------------------------- */

static int
cmd_audit_verify (Globals  *g,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewVerification) v = NULL;
  g_autofree char *against = NULL;
  g_auto(GStrv) cert_paths = NULL;
  ReviewAuditReport report = { 0 };
  int status = 0;
  GOptionEntry entries[] = {
    { "against", 0, 0, G_OPTION_ARG_FILENAME, &against,
      N_("Also check the vault against the audit checkpoint in this signed report or export"),
      N_("FILE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cert_paths,
      N_("Trust the certificates in this PEM file (may be given more than once)"), N_("PEM") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("Recompute the audit trail’s hash chain."), entries,
                              &argc, &argv, error))
    return -1;
  if (cert_paths != NULL && against == NULL)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--cert is for --against: review audit verify --against=FILE "
                             "[--cert=PEM]"));
      return -1;
    }
  if (against != NULL)
    {
      /* The checkpoint counts only from a file whose signature holds. */
      v = review_verify_file (against, (const char * const *) cert_paths, NULL, error);
      if (v == NULL)
        return -1;
      if (v->verdict != REVIEW_VERDICT_VALID)
        {
          g_autofree char *reason = review_cli_sanitize (v->reason);
          g_printerr (_("review: the signed file does not verify, so its checkpoint is not "
                        "used: %s\n"), reason);
          return (int) v->verdict;
        }
      if (v->checkpoint_entries < 0 || v->checkpoint_hash == NULL ||
          v->checkpoint_vault_id == NULL)
        {
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                               _("The signed file carries no audit checkpoint."));
          return -1;
        }
    }
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  if (!review_vault_verify_audit (vault, &report, error))
    return -1;
  if (report.first_bad_seq != 0)
    {
      /* Translators: %s describes the problem, e.g. “Entry 3 was altered…” */
      g_autofree char *problem = review_cli_sanitize (report.problem);
      g_printerr (_("review: the audit trail is broken at entry %lld. %s\n"),
                  (long long) report.first_bad_seq, problem);
      status = 7;  /* review_error_exit_status() of REVIEW_ERROR_AUDIT_BROKEN */
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "The audit trail is intact: %lld entry, last hash %s.\n",
                          "The audit trail is intact: %lld entries, last hash %s.\n",
                          (gulong) report.n_entries),
             (long long) report.n_entries, report.last_hash);
  review_audit_report_clear (&report);
  if (status == 0 && v != NULL)
    {
      if (!review_anchor_verify_checkpoint (vault, v->checkpoint_vault_id,
                                            v->checkpoint_entries, v->checkpoint_hash, error))
        return -1;
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "It holds the signed checkpoint: entry %lld, hash %s.\n",
                            "It holds the signed checkpoint: %lld entries, hash %s.\n",
                            (gulong) v->checkpoint_entries),
               (long long) v->checkpoint_entries, v->checkpoint_hash);
    }
  return status;
}

/* --- audit acknowledge -------------------------------------------------- */

static int
cmd_audit_acknowledge (Globals  *g,
                       int       argc,
                       char    **argv,
                       GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  gint64 from = 0, to = 0;

  if (!review_cli_parse_options (NULL, _("Open a vault whose audit trail is behind the one last "
                                         "used on this computer, and record that entries are "
                                         "missing (an audit event)."), NULL,
                                 &argc, &argv, error))
    return -1;
  vault = review_lifecycle_acknowledge (g->vault_dir, g->keyring_flags, NULL, error);
  if (vault == NULL)
    return -1;
  if (review_lifecycle_acknowledged (vault, &from, &to))
    g_print (_("Recorded in the audit trail: entries %lld–%lld are missing from this vault. "
               "Its current end is kept on this computer from now on.\n"),
             (long long) from, (long long) to);
  else
    g_print (_("Nothing to acknowledge: the vault’s audit trail is not behind the one last "
               "used on this computer.\n"));
  return 0;
}

/* --- audit list --------------------------------------------------------- */

typedef struct
{
  gboolean     json;
  JsonBuilder *builder;
} ListState;

static gboolean
print_event_cb (gint64      seq,
                const char *time,
                const char *actor,
                const char *action,
                const char *target,
                const char *details,
                const char *hash,
                gpointer    user_data)
{
  ListState *st = user_data;

  if (!st->json)
    {
      /* One event per line, five columns: every value escaped, so a tab or
       * a newline in a target or in details cannot add a column or a row. */
      g_autofree char *time_e = review_text_escape (time, -1);
      g_autofree char *action_e = review_text_escape (action, -1);
      g_autofree char *target_e = review_text_escape (target, -1);
      g_autofree char *details_e = review_text_escape (details, -1);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", seq, time_e, action_e, target_e,
               details_e);
      return TRUE;
    }
  json_builder_begin_object (st->builder);
  json_builder_set_member_name (st->builder, "seq");
  json_builder_add_int_value (st->builder, seq);
  json_builder_set_member_name (st->builder, "time");
  json_builder_add_string_value (st->builder, time);
  json_builder_set_member_name (st->builder, "actor");
  json_builder_add_string_value (st->builder, actor);
  json_builder_set_member_name (st->builder, "action");
  json_builder_add_string_value (st->builder, action);
  json_builder_set_member_name (st->builder, "target");
  json_builder_add_string_value (st->builder, target);
  json_builder_set_member_name (st->builder, "hash");
  json_builder_add_string_value (st->builder, hash);
  json_builder_set_member_name (st->builder, "details");
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    if (details && *details && json_parser_load_from_data (parser, details, -1, NULL) &&
        json_parser_get_root (parser) != NULL)
      json_builder_add_value (st->builder, json_node_copy (json_parser_get_root (parser)));
    else
      json_builder_add_string_value (st->builder, details ? details : "");
  }
  json_builder_end_object (st->builder);
  return TRUE;
}

static int
cmd_audit_list (Globals  *g,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autofree char *action = NULL;
  ListState st = { FALSE, NULL };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &st.json, N_("Print a JSON array for scripts"), NULL },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action,
      N_("Only events of this action, such as photo.revealed"), N_("ACTION") },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("List the audit trail’s events, oldest first."), entries,
                              &argc, &argv, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  if (st.json)
    {
      st.builder = json_builder_new ();
      json_builder_begin_array (st.builder);
    }
  if (!review_audit_foreach_with_hash (review_vault_get_db (vault), action, print_event_cb, &st,
                                       error))
    {
      g_clear_object (&st.builder);
      return -1;
    }
  if (st.json)
    {

      json_builder_end_array (st.builder);
      review_cli_print_json (st.builder);
      g_clear_object (&st.builder);
    }
  return 0;
}

/* --- search ------------------------------------------------------------- */

/* The scope options of `review search`, shared with the commands that take
 * a scope (report, export). */
void
review_cli_scope_add_entries (GOptionContext *context,
                              ReviewCliScope *scope,
                              gboolean        with_text)
{
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &scope->status,
      N_("unreviewed, in-progress, done, second-review or verified"), N_("STATUS") },
    { "finding", 0, 0, G_OPTION_ARG_STRING, &scope->finding, N_("A finding type code"),
      N_("CODE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &scope->region, N_("A body region code"), N_("CODE") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &scope->facility, N_("A facility, by UUID or name"),
      N_("UUID|NAME") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &scope->person, N_("A person, by UUID"), N_("UUID") },
    { "number", 0, 0, G_OPTION_ARG_STRING, &scope->number,
      N_("Any identity number, exactly as transcribed"), N_("TEXT") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &scope->text,
      N_("Words in names, notes or file names"), N_("TEXT") },
    { NULL }
  };

  if (!with_text)
    memset (&entries[6], 0, sizeof entries[6]);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
review_cli_scope_to_search (const ReviewCliScope *scope,
                            ReviewSearch         *q)
{
  q->status = scope->status;
  q->finding = scope->finding;
  q->region = scope->region;
  q->facility = scope->facility;
  q->person = scope->person;
  q->number = scope->number;
  q->text = scope->text != NULL && *scope->text != '\0' ? scope->text : NULL;
}

gboolean
review_cli_scope_is_empty (const ReviewCliScope *scope)
{
  return !scope->status && !scope->finding && !scope->region && !scope->facility &&
         !scope->person && !scope->number && !(scope->text && *scope->text);
}

void
review_cli_scope_clear (ReviewCliScope *scope)
{
  g_clear_pointer (&scope->status, g_free);
  g_clear_pointer (&scope->finding, g_free);
  g_clear_pointer (&scope->region, g_free);
  g_clear_pointer (&scope->facility, g_free);
  g_clear_pointer (&scope->person, g_free);
  g_clear_pointer (&scope->number, g_free);
  g_clear_pointer (&scope->text, g_free);
}

static int
cmd_search (Globals  *g,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_auto(ReviewCliScope) scope = { 0 };
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) result = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean as_json = FALSE;
  int limit = 0;
  ReviewSearch q = { 0 };
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("List at most this many photos"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[TEXT]"));
  g_option_context_set_summary (context, _("Find photos by review status, findings, persons, "
                                           "facilities, numbers or text."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  review_cli_scope_add_entries (context, &scope, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  for (int i = 1; i < argc; i++)
    g_string_append_printf (text, "%s%s", i > 1 ? " " : "", argv[i]);
  if (limit < 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--limit cannot be negative."));
      return -1;
    }
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  review_cli_scope_to_search (&scope, &q);
  q.text = text->len > 0 ? text->str : NULL;
  q.limit = (guint) limit;
  result = review_store_search (vault, &q, error);
  if (result == NULL)
    return -1;

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, result->total);
      json_builder_set_member_name (b, "photos");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->hits->len; i++)
        {
          ReviewSearchHit *h = g_ptr_array_index (result->hits, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, h->uuid);
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, h->sha256);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, h->status);
          json_builder_set_member_name (b, "file_name");
          json_builder_add_string_value (b, h->file_name);
          /* The name's bytes as the file system had them (file_name is
           * their display form, with visible escapes). */
          if (h->file_name_raw != NULL)
            {
              g_autofree char *raw = g_base64_encode (g_bytes_get_data (h->file_name_raw, NULL),
                                                      g_bytes_get_size (h->file_name_raw));
              json_builder_set_member_name (b, "file_name_base64");
              json_builder_add_string_value (b, raw);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      review_cli_print_json (b);
      return 0;
    }
  for (guint i = 0; i < result->hits->len; i++)
    {
      ReviewSearchHit *h = g_ptr_array_index (result->hits, i);
      /* Three columns, one photo a line: the file name is its display form
       * (escaped when it was imported); sanitised again all the same. */
      g_autofree char *uuid = review_text_escape (h->uuid, -1);
      g_autofree char *status = review_text_escape (h->status, -1);
      g_autofree char *file_name = review_cli_sanitize (h->file_name);

      g_print ("%s\t%s\t%s\n", uuid, status, file_name);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u photo\n", "%u photos\n", result->total),
           result->total);
  return 0;
}

/* --- vocab -------------------------------------------------------------- */

static int
cmd_vocab (Globals  *g,
           int       argc,
           char    **argv,
           GError  **error)
{
  /* JSON key → vocabulary list */
  static const char * const lists[][2] = {
    { "finding_types", "finding_types" },
    { "body_regions", "body_regions" },
    { "methods", "methods" },
    { "statuses", "review_status" },
  };
  g_autoptr(ReviewVocab) vocab = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("List the controlled vocabularies: their codes with English "
                                      "and Arabic labels."), entries, &argc, &argv, error))
    return -1;
  vocab = review_vocab_load (error);
  if (vocab == NULL)
    return -1;

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          GPtrArray *list = review_vocab_get_list (vocab, lists[l][1]);
          json_builder_set_member_name (b, lists[l][0]);
          json_builder_begin_array (b);
          for (guint i = 0; list != NULL && i < list->len; i++)
            {
              const ReviewVocabEntry *e = g_ptr_array_index (list, i);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "code");
              json_builder_add_string_value (b, e->code);
              json_builder_set_member_name (b, "en");
              json_builder_add_string_value (b, e->en);
              json_builder_set_member_name (b, "ar");
              json_builder_add_string_value (b, e->ar);
              if (e->parent != NULL)
                {
                  json_builder_set_member_name (b, "parent");
                  json_builder_add_string_value (b, e->parent);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      review_cli_print_json (b);
      return 0;
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GPtrArray *list = review_vocab_get_list (vocab, lists[l][1]);
      g_print ("# %s (version %d)\n", lists[l][0], review_vocab_get_version (vocab, lists[l][1]));
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          const ReviewVocabEntry *e = g_ptr_array_index (list, i);
          g_print ("%s\t%s\t%s\n", e->code, e->en, e->ar);
        }
    }
  return 0;
}

/* --- import ------------------------------------------------------------- */

typedef struct
{
  ReviewVault        *vault;
  const char * const *paths;
  ReviewImportOptions options;
  GCancellable       *cancellable;
  ReviewImportResult *result;
  GError             *error;
  GMainLoop          *loop;
  gboolean            tty;
  int                 last_len;
} ImportRun;

static void
clear_progress_line (ImportRun *run)
{
  if (run->tty && run->last_len > 0)
    {
      g_print ("\r%*s\r", run->last_len, "");
      run->last_len = 0;
    }
}

static void
import_progress_cb (const ReviewImportProgress *p,
                    gpointer                    user_data)
{
  ImportRun *run = user_data;
  g_autofree char *line = NULL;
  char bar[31];
  double rate, left;
  guint filled;

  if (!run->tty)
    return;
  if (p->walking)
    line = g_strdup (_("Looking for files…"));
  else
    {
      filled = p->total ? (guint) (30.0 * p->done / p->total) : 0;
      memset (bar, '#', filled);
      memset (bar + filled, '-', 30 - filled);
      bar[30] = '\0';
      rate = p->elapsed > 0 ? p->done / p->elapsed : 0;
      left = rate > 0 ? (p->total - p->done) / rate : 0;
      /* Translators: a progress line: files done of total, files per second,
       * and the time left in minutes:seconds */
      line = g_strdup_printf (_("[%s] %u/%u  %.0f/s  %d:%02d left"), bar, p->done, p->total,
                              rate, (int) left / 60, (int) left % 60);
    }
  clear_progress_line (run);
  g_print ("%s", line);
  run->last_len = (int) g_utf8_strlen (line, -1);
  fflush (stdout);
}

static void
import_rejected_cb (const char *path,
                    const char *reason,
                    gpointer    user_data)
{
  ImportRun *run = user_data;
  g_autofree char *display = review_text_quote (path, -1);
  g_autofree char *why = review_cli_sanitize (reason);

  clear_progress_line (run);
  /* Translators: one line per rejected file: its path, then why */
  g_print (_("rejected: %s: %s\n"), display, why);
}

static gpointer
import_thread (gpointer data)
{
  ImportRun *run = data;

  run->result = review_import_run (run->vault, run->paths, &run->options, run->cancellable,
                                   &run->error);
  g_main_loop_quit (run->loop);
  return NULL;
}

static gboolean
interrupted_cb (gpointer data)
{
  ImportRun *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
cmd_import (Globals  *g,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *helper = review_process_find_helper ("review-decoder");
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GOptionContext) context = NULL;
  ImportRun run = { 0 };
  GThread *thread;
  guint sigint, sigterm;
  int jobs = 0;
  int status;
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("How many files to decode at once (default: one per processor)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("PATH…"));
  g_option_context_set_summary (context, _("Import photos (files and folders, recursively) into "
                                           "the vault. Each file is recognised by its content; "
                                           "files already in the vault are skipped."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc < 2)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name at least one file or folder to import."));
      return -1;
    }
  if (jobs < 0 || jobs > 64)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--jobs must be between 1 and 64."));
      return -1;
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (paths, argv[i]);
  g_ptr_array_add (paths, NULL);

  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;

  run.vault = vault;
  run.paths = (const char * const *) paths->pdata;
  run.options.helper_path = helper;
  run.options.n_workers = (guint) jobs;
  run.options.progress = import_progress_cb;
  run.options.rejected = import_rejected_cb;
  run.options.user_data = &run;
  run.cancellable = cancellable;
  run.loop = loop;
  run.tty = isatty (STDOUT_FILENO);

  /* Ctrl+C stops the import cleanly: what was committed stays. */
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, &run);
  thread = g_thread_new ("review-import", import_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  clear_progress_line (&run);

  if (run.result == NULL)
    {
      g_propagate_error (error, run.error);
      return -1;
    }
  /* Translators: the summary line of an import */
  g_print (_("Imported %u, already present %u, rejected %u (%.1f s).\n"),
           run.result->imported, run.result->duplicates, run.result->rejected,
           run.result->elapsed);
  if (run.result->cancelled)
    {
      g_print (_("The import was interrupted; run the same command again to finish it.\n"));
      status = 130;
    }
  else
    status = run.result->rejected > 0 ? 9 : 0;
  review_import_result_free (run.result);
  return status;
}

/* --- dispatch ----------------------------------------------------------- */

static const Command commands[] = {
  { "vault", "create",  N_("Create a new vault and show its recovery key"), cmd_vault_create },
  { "vault", "info",    N_("Show the vault’s identity and contents"), cmd_vault_info },
  { "vault", "check",   N_("Check every page of the vault for damage or tampering"),
    cmd_vault_check },
  { "vault", "recover", N_("Open the vault with its recovery key and store its key again"),
    cmd_vault_recover },
  { "vault", "repair",  N_("Rewrite a damaged vault.json from the vault itself"),
    cmd_vault_repair },
  { "vault", "rekey-recovery", N_("Make a new recovery key (the old one stops working)"),
    cmd_vault_rekey_recovery },
  { "audit", "verify",  N_("Check the audit trail’s hash chain"), cmd_audit_verify },
  { "audit", "list",    N_("List the audit trail’s events"), cmd_audit_list },
  { "audit", "acknowledge", N_("Open a vault whose audit trail was cut, recording the loss"),
    cmd_audit_acknowledge },
  { "import", NULL,     N_("Import photos from files and folders"), cmd_import },
  { "search", NULL,     N_("Find photos by status, findings, persons, numbers or text"),
    cmd_search },
  { "vocab", NULL,      N_("List the controlled vocabularies"), cmd_vocab },
  { "facility", "list", N_("List or find facilities in the gazetteer"),
    review_cli_cmd_facility_list },
  { "facility", "add",  N_("Add a facility to the gazetteer"), review_cli_cmd_facility_add },
  { "facility", "set",  N_("Correct one field of a facility"), review_cli_cmd_facility_set },
  { "facility", "merge", N_("Merge a duplicate facility into another"),
    review_cli_cmd_facility_merge },
  { "export", NULL,     N_("Export data as signed JSON or CSV (supervisors)"),
    review_cli_cmd_export },
  { "signer", "create", N_("Create a signing identity (supervisors)"),
    review_cli_cmd_signer_create },
  { "signer", "import", N_("Import a signing identity from a PKCS#12 file (supervisors)"),
    review_cli_cmd_signer_import },
  { "signer", "export-cert", N_("Export the signing certificate for recipients"),
    review_cli_cmd_signer_export_cert },
  { "signer", "info", N_("Show the signing identity"), review_cli_cmd_signer_info },
  { "report", NULL,     N_("Make a signed PDF report (supervisors)"), review_cli_cmd_report },
  { "verify", NULL,     N_("Check a signed report or export (no vault needed)"),
    review_cli_cmd_verify },
};

static void
print_help (FILE *out)
{
  g_autofree char *default_dir = review_vault_default_dir ();

  fprintf (out, "%s\n  review [--vault=DIR] [--unlock] [COMMAND] [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n", _("Review: document deaths in detention from evidence photos. With no "
                            "command, Review opens its window."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = commands[i].name ? g_strdup_printf ("%s %s", commands[i].group,
                                                                  commands[i].name)
                                               : g_strdup_printf ("%s%s", commands[i].group,
                                                                  commands[i].func == cmd_import
                                                                  ? " PATH…"
                                                                  : commands[i].func == cmd_search
                                                                  ? " [TEXT]" : "");
      /* Pad by characters, not bytes: "…" is three bytes. */
      long pad = 16 - g_utf8_strlen (name, -1);
      fprintf (out, "  %s%*s %s\n", name, (int) MAX (pad, 0), "", _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-16s ", "--vault=DIR");
  /* Translators: %s is a folder */
  fprintf (out, _("Use the vault in DIR (default: $REVIEW_VAULT, else %s)"), default_dir);
  fprintf (out, "\n  %-16s %s\n", "--unlock", _("Let the keyring ask for its password if it is "
                                                "locked"));
  fprintf (out, "  %-16s %s\n", "--version", _("Show the version and exit"));
  fprintf (out, "  %-16s %s\n\n", "-h, --help", _("Show this help and exit"));
  fprintf (out, "%s\n", _("Run “review COMMAND --help” for a command’s options."));
}

static void
print_version (void)
{
  g_autofree char *cipher = NULL;
  g_autoptr(GError) error = NULL;

  review_vault_check_cipher (&cipher, &error);
  g_print ("review %s\n", PACKAGE_VERSION);
  g_print ("SQLCipher %s, GLib %u.%u.%u\n", cipher ? cipher : _("(unsupported)"),
           glib_major_version, glib_minor_version, glib_micro_version);
}

/**
 * review_cli_handle:
 * @window_vault_dir: (out): when the window should open, the vault folder
 *   it should use (from --vault, $REVIEW_VAULT or the default)
 *
 * Returns: %TRUE when the command line was handled here (with
 *   @exit_status set); %FALSE when the window should open.
 */
gboolean
review_cli_handle (int     argc,
                   char  **argv,
                   int    *exit_status,
                   char  **window_vault_dir)
{
  g_autofree char *vault_opt = NULL;
  Globals g = { 0 };
  int i;

  *exit_status = 0;
  for (i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (g_str_has_prefix (a, "--vault="))
        {
          g_free (vault_opt);
          vault_opt = g_strdup (a + strlen ("--vault="));
        }
      else if (g_str_equal (a, "--vault"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("review: %s\n", _("--vault needs a folder, as in --vault=DIR."));
              *exit_status = 2;
              return TRUE;
            }
          g_free (vault_opt);
          vault_opt = g_strdup (argv[++i]);
        }
      else if (g_str_equal (a, "--unlock"))
        g.keyring_flags |= REVIEW_KEYRING_ALLOW_PROMPT;
      else if (g_str_equal (a, "--version"))
        {
          print_version ();
          return TRUE;
        }
      else if (g_str_equal (a, "--help") || g_str_equal (a, "-h") || g_str_equal (a, "help"))
        {
          print_help (stdout);
          return TRUE;
        }
      else if (a[0] == '-')
        {
          g_autofree char *option = review_text_quote (a, -1);
          g_printerr (_("review: unknown option “%s”.\n"), option);
          print_help (stderr);
          *exit_status = 2;
          return TRUE;
        }
      else
        break;
    }

  if (i >= argc)
    {
      *window_vault_dir = review_vault_resolve_dir (vault_opt);
      return FALSE;
    }

  g.vault_dir = review_vault_resolve_dir (vault_opt);
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      gboolean single = commands[c].name == NULL;
      if (g_str_equal (argv[i], commands[c].group) &&
          (single || (i + 1 < argc && g_str_equal (argv[i + 1], commands[c].name))))
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *prgname = single ? g_strdup_printf ("review %s", commands[c].group)
                                            : g_strdup_printf ("review %s %s", commands[c].group,
                                                               commands[c].name);
          g_autofree char **sub_argv = g_new0 (char *, argc - i + 1);
          int sub_argc = 0;
          int status;

          /* The command's own parser sees "review vault create" as argv[0]. */
          sub_argv[sub_argc++] = prgname;
          for (int k = i + (single ? 1 : 2); k < argc; k++)
            sub_argv[sub_argc++] = argv[k];
          {
            char **parse_argv = sub_argv;
            status = commands[c].func (&g, sub_argc, parse_argv, &error);
          }
          if (status < 0)
            *exit_status = fail (g_steal_pointer (&error));
          else
            *exit_status = status;
          g_free (g.vault_dir);
          return TRUE;
        }
    }

  {
    g_autofree char *group = review_text_quote (argv[i], -1);
    g_autofree char *name = i + 1 < argc ? review_text_quote (argv[i + 1], -1) : NULL;
    if (name != NULL)
      g_printerr (_("review: unknown command “%s %s”.\n"), group, name);
    else
      g_printerr (_("review: unknown command “%s”.\n"), group);
  }
  print_help (stderr);
  g_free (g.vault_dir);
  *exit_status = 2;
  return TRUE;
}
