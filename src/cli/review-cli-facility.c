/* review-cli-facility.c: the facility gazetteer from the command line
 *
 *   review facility list [TEXT] [--json]
 *   review facility add --en=NAME --ar=NAME [--type=CODE]
 *   review facility set UUID FIELD VALUE
 *   review facility merge FROM-UUID INTO-UUID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-cli-private.h"
#include "review-error.h"
#include "review-store-query.h"
#include "review-text.h"

static gboolean
parse_positional (const char    *usage,
                  const char    *summary,
                  GOptionEntry  *entries,
                  int           *argc,
                  char        ***argv,
                  int            min_args,
                  int            max_args,
                  GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      /* Translators: %s is how the command is used, such as “UUID FIELD VALUE” */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Expected: %s"), usage);
      return FALSE;
    }
  return TRUE;
}

int
review_cli_cmd_facility_list (Globals  *g,
                              int       argc,
                              char    **argv,
                              GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  if (!parse_positional (_("[TEXT]"), _("List the facility gazetteer, or the entries whose name, "
                                       "alias or branch number matches TEXT."),
                         entries, &argc, &argv, 0, 1, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  hits = review_store_find_facilities (vault, argc > 1 ? argv[1] : NULL, 0, error);
  if (hits == NULL)
    return -1;
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "facilities");
      json_builder_begin_array (b);
      for (guint i = 0; i < hits->len; i++)
        {
          ReviewFacilityHit *h = g_ptr_array_index (hits, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "uuid");
          json_builder_add_string_value (b, h->uuid);
          json_builder_set_member_name (b, "en");
          json_builder_add_string_value (b, h->name_en);
          json_builder_set_member_name (b, "ar");
          json_builder_add_string_value (b, h->name_ar);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, h->type);
          json_builder_set_member_name (b, "branch_number");
          json_builder_add_string_value (b, h->branch_number);
          json_builder_set_member_name (b, "starter");
          json_builder_add_boolean_value (b, h->starter);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      review_cli_print_json (b);
      return 0;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      ReviewFacilityHit *h = g_ptr_array_index (hits, i);
      /* One facility a line, its columns escaped: a tab or a newline in a
       * name cannot add a column or a row. */
      g_autofree char *uuid = review_text_escape (h->uuid, -1);
      g_autofree char *type = review_text_escape (h->type, -1);
      g_autofree char *name_en = review_text_escape (h->name_en, -1);
      g_autofree char *name_ar = review_text_escape (h->name_ar, -1);

      g_print ("%s\t%s\t%s\t%s%s\n", uuid, type, name_en, name_ar,
               h->starter ? _("\t(starter list)") : "");
    }
  return 0;
}

int
review_cli_cmd_facility_add (Globals  *g,
                             int       argc,
                             char    **argv,
                             GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autofree char *en = NULL, *ar = NULL, *type = NULL, *uuid = NULL;
  GOptionEntry entries[] = {
    { "en", 0, 0, G_OPTION_ARG_STRING, &en, N_("The name in English"), N_("NAME") },
    { "ar", 0, 0, G_OPTION_ARG_STRING, &ar, N_("The name in Arabic"), N_("NAME") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("security-branch, prison, military-hospital, burial-site… (see review vocab)"),
      N_("CODE") },
    { NULL }
  };

  if (!parse_positional ("", _("Add a facility to the gazetteer."), entries, &argc, &argv, 0, 0,
                         error))
    return -1;
  if ((en == NULL || *en == '\0') && (ar == NULL || *ar == '\0'))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("A facility needs a name: --en=NAME, --ar=NAME or both."));
      return -1;
    }
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  uuid = review_store_create_facility (vault, en ? en : "", ar ? ar : "",
                                       type ? type : "unknown", error);
  if (uuid == NULL)
    return -1;
  g_print ("%s\n", uuid);
  return 0;
}

int
review_cli_cmd_facility_set (Globals  *g,
                             int       argc,
                             char    **argv,
                             GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;

  if (!parse_positional (_("UUID FIELD VALUE"),
                         _("Correct one field of a facility: name_en, name_ar, aliases (a JSON "
                           "array), type, branch_number, agency, parent_uuid, governorate, "
                           "latitude, longitude, precision or sources. Every change is recorded "
                           "with its value before and after."),
                         NULL, &argc, &argv, 3, 3, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  return review_store_set_facility_field (vault, argv[1], argv[2], argv[3], error) ? 0 : -1;
}

int
review_cli_cmd_facility_merge (Globals  *g,
                               int       argc,
                               char    **argv,
                               GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;

  if (!parse_positional (_("FROM-UUID INTO-UUID"),
                         _("Merge a duplicate facility into another: its persons, numbers and "
                           "sub-facilities move; the duplicate is kept, marked as merged."),
                         NULL, &argc, &argv, 2, 2, error))
    return -1;
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  return review_store_merge_facilities (vault, argv[1], argv[2], error) ? 0 : -1;
}
