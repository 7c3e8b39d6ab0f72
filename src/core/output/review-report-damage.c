/* review-report-damage.c: damaged photos in the signed report
 *
 * A photo whose file decoded only in part is in the vault, flagged
 * (review-damage.c). A report must never let it pass for a whole one: the
 * summary states how many of the report's photos are damaged (0 included,
 * so that a reader knows it was counted), and every damaged photo carries a
 * mark, "Damaged file:" and what is wrong with it, wherever the report
 * shows it (the annex, which lists every photo, and under its image in a
 * person's dossier). Here: what the marks say, in the report's language;
 * review-report.c draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-damage.h"
#include "review-db-private.h"
#include "review-report-damage.h"
#include "review-vault-private.h"

#define T(s) review_catalog_gettext (catalog, s)

/**
 * review_report_damage_load:
 * @catalog: the report's language
 *
 * Returns: (transfer full): photo UUID → why its file is damaged, worded
 *   in @catalog's language; whole photos are not in it
 */
GHashTable *
review_report_damage_load (ReviewVault    *vault,
                           ReviewCatalog  *catalog,
                           GError        **error)
{
  g_autoptr(GHashTable) reasons = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = review_vault_get_db (vault);
  int rc;

  if (!review_db_prepare (db, "SELECT uuid, damage, damage_row, height FROM photos"
                              " WHERE damage <> 0", &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *reason = review_damage_describe_in (catalog,
                                                (ReviewDecoderDamage) sqlite3_column_int (stmt, 1),
                                                (guint32) sqlite3_column_int64 (stmt, 2),
                                                (guint32) sqlite3_column_int64 (stmt, 3));
      if (reason != NULL)
        g_hash_table_insert (reasons, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             reason);
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&reasons);
}

/**
 * review_report_damage_count:
 *
 * Returns: the summary's count of damaged photos, stated even when it is 0
 */
char *
review_report_damage_count (ReviewCatalog *catalog,
                            guint          damaged,
                            guint          total)
{
  if (total == 0)
    return g_strdup ("0");
  if (damaged == 0)
    /* Translators: the report's summary, beside "Damaged photos"; %u is the
     * number of photos in the report. The report states the count even when
     * no photo is damaged */
    return g_strdup_printf (T (N_("0 of %u: every photo’s file decoded whole")), total);
  /* Translators: the report's summary, beside "Damaged photos": %u of %u
   * photos in the report were imported although their files decode only in
   * part; "Damaged file" is the mark each of them carries in the report */
  return g_strdup_printf (T (N_("%u of %u (imported although their files decode only in "
                                "part; each is marked “Damaged file” below)")),
                          damaged, total);
}

/**
 * review_report_damage_mark:
 * @reason: why the file is damaged, in the report's language
 *
 * Returns: the mark a damaged photo carries wherever the report shows it
 */
char *
review_report_damage_mark (ReviewCatalog *catalog,
                           const char    *reason)
{
  /* Translators: the mark beside a damaged photo in the report; %s says
   * what is wrong with its file */
  return g_strdup_printf (T (N_("Damaged file: %s")), reason);
}

/**
 * review_report_damage_condition:
 *
 * Returns: the condition "only damaged photos", as a report's scope lists it
 */
const char *
review_report_damage_condition (ReviewCatalog *catalog)
{
  /* Translators: one of the conditions of a report's scope, after "Files: " */
  return T (N_("only damaged ones (decoded in part)"));
}
