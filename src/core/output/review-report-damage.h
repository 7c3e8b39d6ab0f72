/* review-report-damage.h: damaged photos in the signed report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-catalog.h"
#include "review-vault.h"

G_BEGIN_DECLS

GHashTable *review_report_damage_load      (ReviewVault   *vault,
                                            ReviewCatalog *catalog,
                                            GError       **error);
char       *review_report_damage_count     (ReviewCatalog *catalog,
                                            guint          damaged,
                                            guint          total);
char       *review_report_damage_mark      (ReviewCatalog *catalog,
                                            const char    *reason);
const char *review_report_damage_condition (ReviewCatalog *catalog);

G_END_DECLS
