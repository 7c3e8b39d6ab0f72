/* review-catalog.h: one language's messages, looked up explicitly
 *
 * gettext's language belongs to the whole process. A report is written in
 * the language chosen for it, whatever the window's language, and possibly
 * in a worker thread; it reads its text from a catalogue of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ReviewCatalog ReviewCatalog;

ReviewCatalog *review_catalog_new_for_language (const char    *language,
                                                GError       **error);
ReviewCatalog *review_catalog_new_from_file    (const char    *language,
                                                const char    *mo_path,
                                                GError       **error);
void           review_catalog_free             (ReviewCatalog *self);
char          *review_catalog_dup_locale_dir   (void);

const char    *review_catalog_get_language     (ReviewCatalog *self);
gboolean       review_catalog_is_rtl           (ReviewCatalog *self);
guint          review_catalog_get_n_messages   (ReviewCatalog *self);

/* Like gettext(), the answer keeps the format of the string given, so that
 * compilers check translated formats against the original. */
const char    *review_catalog_gettext          (ReviewCatalog *self,
                                                const char    *msgid) G_GNUC_FORMAT (2);
const char    *review_catalog_pgettext         (ReviewCatalog *self,
                                                const char    *context,
                                                const char    *msgid) G_GNUC_FORMAT (3);
const char    *review_catalog_ngettext         (ReviewCatalog *self,
                                                const char    *msgid,
                                                const char    *msgid_plural,
                                                gulong         n) G_GNUC_FORMAT (3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewCatalog, review_catalog_free)

G_END_DECLS
