/* review-verify-dialog.h: Verify…, checking a signed report or export in
 * the window, for recipients (no vault needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REVIEW_TYPE_VERIFY_DIALOG (review_verify_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ReviewVerifyDialog, review_verify_dialog, REVIEW, VERIFY_DIALOG, AdwWindow)

GtkWidget *review_verify_dialog_new (GtkWindow *parent);

G_END_DECLS
