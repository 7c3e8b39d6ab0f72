/* review-store.h: typed queries and edits over the vault's annotation data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-vault.h"

G_BEGIN_DECLS

typedef struct
{
  const char *status;     /* review status code */
  const char *finding;    /* finding type code */
  const char *region;     /* body region code */
  const char *facility;   /* facility UUID, or a name (English, Arabic or alias) */
  const char *person;     /* person UUID */
  const char *number;     /* any identity number, exactly as transcribed */
  const char *text;       /* file name, person names, notes */
  guint       limit;      /* 0: no limit */
} ReviewSearch;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *sha256;
  char   *status;
  char   *file_name;
} ReviewSearchHit;

typedef struct
{
  guint      total;
  GPtrArray *hits;        /* ReviewSearchHit* */
} ReviewSearchResult;

ReviewSearchResult *review_store_search            (ReviewVault         *vault,
                                                    const ReviewSearch  *query,
                                                    GError             **error);
void                review_search_result_free      (ReviewSearchResult  *result);
gboolean            review_store_set_photo_status  (ReviewVault         *vault,
                                                    const char          *photo_uuid,
                                                    const char          *status,
                                                    GError             **error);
gboolean            review_status_is_valid         (const char          *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewSearchResult, review_search_result_free)

G_END_DECLS
