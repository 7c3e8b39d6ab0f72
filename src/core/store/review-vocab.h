/* review-vocab.h: the controlled vocabularies (codes with English and
 * Arabic labels), shipped inside the binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _ReviewVocab ReviewVocab;

typedef struct
{
  const char *code;
  const char *en;
  const char *ar;
  const char *parent;   /* nullable */
} ReviewVocabEntry;

ReviewVocab            *review_vocab_load          (GError           **error);
void                    review_vocab_free          (ReviewVocab       *self);
const ReviewVocabEntry *review_vocab_lookup        (ReviewVocab       *self,
                                                    const char        *list,
                                                    const char        *code);
GPtrArray              *review_vocab_get_list      (ReviewVocab       *self,
                                                    const char        *list);
int                     review_vocab_get_version   (ReviewVocab       *self,
                                                    const char        *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewVocab, review_vocab_free)

G_END_DECLS
