/* review-importer.h: import photos into the vault, safely and fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-vault.h"

G_BEGIN_DECLS

#define REVIEW_IMPORT_THUMBNAIL_EDGE   320
#define REVIEW_IMPORT_MAX_PIXELS       (100ull * 1000 * 1000)

typedef struct
{
  guint   total;        /* files found so far */
  guint   done;         /* files finished (any outcome) */
  guint   imported;     /* damaged ones included */
  guint   damaged;      /* imported, but decoded only in part */
  guint   duplicates;   /* already in the vault */
  guint   rejected;
  double  elapsed;      /* seconds */
  gboolean walking;     /* still looking for files */
} ReviewImportProgress;

typedef struct
{
  char *path;
  char *reason;         /* translated */
  int   code;           /* ReviewDecodeError, 0 for a file that could not be read;
                         * for a damaged photo, its ReviewDecoderDamage */
} ReviewImportRejection;

typedef struct
{
  char       *batch_uuid;
  guint       imported;     /* damaged ones included */
  guint       damaged;
  guint       duplicates;
  guint       rejected;
  gboolean    cancelled;
  GPtrArray  *rejections;   /* ReviewImportRejection* */
  GPtrArray  *damages;      /* ReviewImportRejection*: imported, flagged damaged */
  double      elapsed;
} ReviewImportResult;

/* Called from the importer's thread: copy what you need, and hop to your
 * own thread before touching widgets. */
typedef void (*ReviewImportProgressFunc) (const ReviewImportProgress *progress,
                                          gpointer                    user_data);
typedef void (*ReviewImportRejectFunc)   (const char                 *path,
                                          const char                 *reason,
                                          gpointer                    user_data);

typedef struct
{
  const char               *helper_path;   /* review-decoder */
  guint                     n_workers;     /* 0: one per core */
  guint64                   max_pixels;    /* 0: the default */
  ReviewImportProgressFunc  progress;
  ReviewImportRejectFunc    rejected;
  gpointer                  user_data;
  ReviewImportRejectFunc    damaged;       /* imported, but decoded in part */
} ReviewImportOptions;

ReviewImportResult *review_import_run          (ReviewVault                *vault,
                                                const char * const         *paths,
                                                const ReviewImportOptions  *options,
                                                GCancellable               *cancellable,
                                                GError                    **error);
void                review_import_result_free  (ReviewImportResult         *result);
gboolean            review_import_hash_fd      (int                         fd,
                                                char                        sha256_hex[65]);
int                 review_import_open_original (const char                *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewImportResult, review_import_result_free)

G_END_DECLS
