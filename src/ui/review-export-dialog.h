/* review-export-dialog.h: a signed report or data export, from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "review-store.h"
#include "review-store-service.h"
#include "review-vault.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_EXPORT_DIALOG (review_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ReviewExportDialog, review_export_dialog, REVIEW, EXPORT_DIALOG, AdwWindow)

GtkWidget *review_export_dialog_new (GtkWindow          *parent,
                                     ReviewStoreService *service,
                                     const ReviewSearch *filter,
                                     const char         *person);

G_END_DECLS
