/* review-cli-audit.c: `review audit …`: verify (also --against a signed
 * report or export), acknowledge (open a vault whose trail is behind the
 * head kept here) and list.
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
#include "review-text.h"
#include "review-vault.h"
#include "review-verify.h"
#include "review-vault-anchor.h"

/* --- audit verify ------------------------------------------------------- */

int
review_cli_cmd_audit_verify (Globals  *g,
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

int
review_cli_cmd_audit_acknowledge (Globals  *g,
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

int
review_cli_cmd_audit_list (Globals  *g,
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
  if (!review_vault_foreach_audit_entry (vault, action, print_event_cb, &st, error))
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

