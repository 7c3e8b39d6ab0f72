/* review-rekey-dialog.h: making a new recovery key from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "review-store-service.h"

G_BEGIN_DECLS

void review_rekey_dialog_present (GtkWindow          *parent,
                                  ReviewStoreService *service);

G_END_DECLS
