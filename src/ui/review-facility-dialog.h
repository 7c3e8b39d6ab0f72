/* review-facility-dialog.h: correct a gazetteer entry, merge a duplicate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "review-store-service.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_FACILITY_DIALOG (review_facility_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ReviewFacilityDialog, review_facility_dialog, REVIEW, FACILITY_DIALOG,
                      AdwWindow)

GtkWidget *review_facility_dialog_new (GtkWindow          *parent,
                                       ReviewStoreService *service,
                                       const char         *facility_uuid);

G_END_DECLS
