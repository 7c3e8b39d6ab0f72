/* review-tag-palette.h: type to find a code, in English or Arabic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "review-vocab.h"

G_BEGIN_DECLS

#define REVIEW_TYPE_TAG_PALETTE (review_tag_palette_get_type ())

G_DECLARE_FINAL_TYPE (ReviewTagPalette, review_tag_palette, REVIEW, TAG_PALETTE, GtkWidget)

GtkWidget  *review_tag_palette_new         (void);
void        review_tag_palette_set_entries (ReviewTagPalette *self,
                                            const char       *title,
                                            GPtrArray        *entries);
void        review_tag_palette_set_can_add (ReviewTagPalette *self,
                                            gboolean          can_add);
void        review_tag_palette_focus       (ReviewTagPalette *self);
const char *review_tag_palette_label_for   (const ReviewVocabEntry *entry);

G_END_DECLS
