/* review-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "review-activity.h"
#include "review-store-service.h"
#include "review-vault.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_WINDOW (review_window_get_type ())

G_DECLARE_FINAL_TYPE (ReviewWindow, review_window, REVIEW, WINDOW, AdwApplicationWindow)

ReviewWindow *review_window_new        (GtkApplication    *app,
                                        GSettings         *settings,
                                        ReviewActivity    *activity,
                                        const char        *vault_dir);
ReviewVault  *review_window_get_vault  (ReviewWindow      *self);
ReviewStoreService *review_window_get_service (ReviewWindow *self);
const char   *review_window_get_page   (ReviewWindow      *self);

G_END_DECLS
