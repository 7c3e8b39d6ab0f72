/* review-note-async.h: notes and a vault's local vocabulary terms, written
 * and read by the store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-store-service.h"

G_BEGIN_DECLS

void        review_note_add_async          (ReviewStoreService  *service,
                                            const char          *target_uuid,
                                            const char          *lang,
                                            const char          *text,
                                            const char          *translation_of,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Returns: (transfer full): the note's UUID */
char       *review_note_add_finish         (ReviewStoreService  *service,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The local terms of each vocabulary in @vocabularies. */
void        review_local_terms_load_async  (ReviewStoreService  *service,
                                            const char * const  *vocabularies,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Returns: (transfer container): vocabulary → GPtrArray of ReviewVocabEntry
 *   (those that could be read) */
GHashTable *review_local_terms_load_finish (ReviewStoreService  *service,
                                            GAsyncResult        *result,
                                            GError             **error);
void        review_local_term_add_async    (ReviewStoreService  *service,
                                            const char          *vocabulary,
                                            const char          *code,
                                            const char          *en,
                                            const char          *ar,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    review_local_term_add_finish   (ReviewStoreService  *service,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
