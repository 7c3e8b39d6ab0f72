/* review-cli-export.c: `review export`, signed data exports
 *
 *   review [--vault=DIR] export --format=json --out=FILE.json
 *                               [--include-family-contacts] [SCOPE…]
 *   review [--vault=DIR] export --format=csv --out=FOLDER …
 *
 * The format is documented in data/export-schema/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-cli-private.h"
#include "review-error.h"
#include "review-export.h"
#include "review-signer.h"
#include "review-text.h"

static void
print_summary (const ReviewExportResult *result,
               const char               *format,
               const char               *signer_name,
               gboolean                  family)
{
  g_autofree char *data = review_text_quote (result->path, -1);
  g_autofree char *signature = review_text_quote (result->signature, -1);
  g_autofree char *signer = review_text_quote (signer_name, -1);

  if (g_str_equal (format, "json"))
    /* Translators: %s are a file, a person's name, and the signature file */
    g_print (_("Exported to “%s”, signed by %s in “%s”.\n"), data, signer, signature);
  else
    /* Translators: %s are a folder, a person's name, and the signature file */
    g_print (_("Exported to the folder “%s”, its manifest signed by %s in “%s”.\n"), data,
             signer, signature);
  /* Each a literal, for the format checks and for translators. */
  g_print ("  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", result->n_photos),
           result->n_photos);
  g_print ("\n  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u persons", result->n_persons),
           result->n_persons);
  g_print ("\n  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u identity number", "%u identity numbers",
                        result->n_numbers), result->n_numbers);
  g_print ("\n  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u finding", "%u findings", result->n_findings),
           result->n_findings);
  g_print ("\n  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u facility", "%u facilities", result->n_facilities),
           result->n_facilities);
  g_print ("\n  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", result->n_notes),
           result->n_notes);
  g_print ("\n");
  if (family)
    {
      g_print ("  ");
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u family contact (restricted data)",
                            "%u family contacts (restricted data)", result->n_family_contacts),
               result->n_family_contacts);
      g_print ("\n");
    }
  else
    g_print ("  %s\n", _("Family contact data was left out (--include-family-contacts adds it)."));
  g_print (_("Export id: %s (its audit event is export.created).\n"), result->export_id);
}

int
review_cli_cmd_export (Globals  *g,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  g_auto(ReviewCliScope) scope = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_autoptr(ReviewExportResult) result = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  gboolean family = FALSE;
  gboolean csv;
  ReviewSearch q = { 0 };
  ReviewExportOptions options = { 0 };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json, or csv (a folder of tables)"),
      N_("FORMAT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file (json) or folder (csv) to create; it must not exist"), N_("PATH") },
    { "include-family-contacts", 0, 0, G_OPTION_ARG_NONE, &family,
      N_("Also export family contact data (restricted; left out by default)"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Export the vault’s data, or the photos a scope "
                                           "selects with what they reference, as signed JSON "
                                           "or CSV. Needs a signing identity."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  review_cli_scope_add_entries (context, &scope, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc > 1)
    {
      g_autofree char *arg = review_text_quote (argv[1], -1);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”."), arg);
      return -1;
    }
  if (format == NULL || (!g_str_equal (format, "json") && !g_str_equal (format, "csv")))
    {
      if (format == NULL)
        g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                             _("Choose a format: --format=json or --format=csv."));
      else
        {
          g_autofree char *shown = review_text_quote (format, -1);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                       _("Unknown format “%s”: use json or csv."), shown);
        }
      return -1;
    }
  if (out == NULL || *out == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name the file or folder to create with --out=PATH."));
      return -1;
    }

  csv = g_str_equal (format, "csv");

  /* The role and the destination first: nothing to unlock if it cannot go on. */
  vault = review_cli_open_vault (g, error);
  if (vault == NULL ||
      !review_export_check (vault, csv ? REVIEW_EXPORT_CSV : REVIEW_EXPORT_JSON, out, error))
    return -1;
  signer = review_signer_load_or_explain (vault, g->keyring_flags, error);
  if (signer == NULL)
    return -1;

  review_cli_scope_to_search (&scope, &q);
  options.scope = review_cli_scope_is_empty (&scope) ? NULL : &q;
  options.include_family_contacts = family;
  options.signer = signer;
  if (csv)
    result = review_export_csv (vault, &options, out, error);
  else
    result = review_export_json (vault, &options, out, error);
  if (result == NULL)
    return -1;
  print_summary (result, format, review_signer_get_name (signer), family);
  return 0;
}
