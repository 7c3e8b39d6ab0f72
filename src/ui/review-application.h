/* review-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REVIEW_TYPE_APPLICATION (review_application_get_type ())

G_DECLARE_FINAL_TYPE (ReviewApplication, review_application, REVIEW, APPLICATION, AdwApplication)

ReviewApplication *review_application_new            (void);
const char        *review_application_get_vault_dir  (ReviewApplication *self);
GSettings         *review_application_get_settings   (ReviewApplication *self);

G_END_DECLS
