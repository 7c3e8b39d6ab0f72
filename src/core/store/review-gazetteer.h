/* review-gazetteer.h: the starter facility list (data/facilities), shipped
 * inside the binary and added to every vault
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-vault.h"
#include "review-vocab.h"

G_BEGIN_DECLS

/* The meta key holding the starter list version a vault was last seeded with. */
#define REVIEW_GAZETTEER_META_VERSION "starter_facilities_version"

GBytes   *review_gazetteer_load_starter      (GError       **error);
gboolean  review_gazetteer_validate          (GBytes        *json,
                                              ReviewVocab   *vocab,
                                              int           *version,
                                              guint         *n_facilities,
                                              GError       **error);
gboolean  review_gazetteer_seed              (ReviewVault   *vault,
                                              guint         *n_inserted,
                                              GError       **error);
gboolean  review_gazetteer_seed_if_outdated  (ReviewVault   *vault,
                                              guint         *n_inserted,
                                              GError       **error);
void      review_gazetteer_prepare           (ReviewVault   *vault);

G_END_DECLS
