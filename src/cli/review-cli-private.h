/* review-cli-private.h: what the command line's parts share
 *
 * Each group of commands may live in its own file (review-cli-*.c); the
 * table in review-cli.c lists them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "review-keyring.h"
#include "review-store.h"
#include "review-vault.h"

G_BEGIN_DECLS

typedef struct
{
  char               *vault_dir;
  ReviewKeyringFlags  keyring_flags;
} Globals;

/* Returns the exit status; -1 with @error set on failure. */
typedef int (*CommandFunc) (Globals *g, int argc, char **argv, GError **error);

typedef struct
{
  const char  *group;
  const char  *name;
  const char  *summary;   /* N_() */
  CommandFunc  func;
} Command;

gboolean     review_cli_parse_options (const char   *usage,
                                       const char   *summary,
                                       GOptionEntry *entries,
                                       int          *argc,
                                       char       ***argv,
                                       GError      **error);
void         review_cli_print_json    (JsonBuilder  *builder);
char        *review_cli_sanitize      (const char   *text);
ReviewVault *review_cli_open_vault    (Globals      *g,
                                       GError      **error);

/* A scope: the filters of `review search` (--status, --finding, --region,
 * --facility, --person, --number, --damaged, and --text where asked for). */
typedef struct
{
  char *status;
  char *finding;
  char *region;
  char *facility;
  char *person;
  char *number;
  gboolean damaged;
  char *text;
} ReviewCliScope;

void         review_cli_scope_add_entries (GOptionContext       *context,
                                           ReviewCliScope       *scope,
                                           gboolean              with_text);
void         review_cli_scope_to_search   (const ReviewCliScope *scope,
                                           ReviewSearch         *q);
gboolean     review_cli_scope_is_empty    (const ReviewCliScope *scope);
void         review_cli_scope_clear       (ReviewCliScope       *scope);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReviewCliScope, review_cli_scope_clear)

/* review-cli-vault.c */
int          review_cli_cmd_vault_create (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_vault_info (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_vault_check (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_vault_repair (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_vault_rekey_recovery (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_vault_recover (Globals *g, int argc, char **argv, GError **error);
/* review-cli-audit.c */
int          review_cli_cmd_audit_verify (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_audit_acknowledge (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_audit_list (Globals *g, int argc, char **argv, GError **error);
/* review-cli-export.c */
int          review_cli_cmd_facility_list      (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_facility_add       (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_facility_set       (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_facility_merge     (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_export             (Globals *g, int argc, char **argv, GError **error);
/* review-cli-sign.c */
int          review_cli_cmd_signer_create      (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_signer_import      (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_signer_export_cert (Globals *g, int argc, char **argv, GError **error);
int          review_cli_cmd_signer_info        (Globals *g, int argc, char **argv, GError **error);
/* review-cli-report.c */
int          review_cli_cmd_report             (Globals *g, int argc, char **argv, GError **error);
/* review-cli-verify.c */
int          review_cli_cmd_verify             (Globals *g, int argc, char **argv, GError **error);

G_END_DECLS
