/* review-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "review-store-service.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_PREFERENCES_WINDOW (review_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ReviewPreferencesWindow, review_preferences_window, REVIEW,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

ReviewPreferencesWindow *review_preferences_window_new (GSettings          *settings,
                                                        ReviewStoreService *service);

G_END_DECLS
