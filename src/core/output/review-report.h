/* review-report.h: the signed PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-signer.h"
#include "review-store.h"
#include "review-vault.h"

G_BEGIN_DECLS

typedef enum
{
  REVIEW_REPORT_IMAGES_BLURRED,     /* the default */
  REVIEW_REPORT_IMAGES_UNBLURRED,   /* needs a reason, which the audit trail keeps */
  REVIEW_REPORT_IMAGES_NONE,
} ReviewReportImages;

typedef struct
{
  const char          *output_path;    /* the .pdf to write (replaced when it exists) */
  const char          *language;       /* "en" (default when NULL) or "ar" */
  ReviewReportImages   images;
  const char          *reason;         /* why images are unblurred; required then */
  const char          *organization;   /* nullable: the signer's organisation */
  /* The scope: every photo and person when both are NULL (or the filter is
   * empty); else the photos the filter finds (review_store_search()), or
   * those of @photos (UUIDs, a selection), and the persons they show. A
   * filter naming a person is that person's report. */
  const ReviewSearch  *filter;
  const char * const  *photos;
  ReviewSigner        *signer;         /* nullable: review_signer_load() */
  GDateTime           *time;           /* nullable: now */
} ReviewReportOptions;

typedef struct
{
  char  *report_id;
  char  *sha256;       /* of the file written */
  guint  n_pages;
  guint  n_persons;
  guint  n_photos;
  guint  n_findings;
  guint  n_damaged;    /* photos whose files decoded in part */
  gsize  size;
} ReviewReportSummary;

/* Called from the thread running review_report_write(). */
typedef void (*ReviewReportProgressFunc) (guint     done,
                                          guint     total,
                                          gpointer  user_data);

const char *review_report_images_to_string   (ReviewReportImages   images);
gboolean    review_report_images_from_string (const char          *text,
                                              ReviewReportImages  *images);

gboolean    review_report_write        (ReviewVault                *vault,
                                        const ReviewReportOptions  *options,
                                        GCancellable               *cancellable,
                                        ReviewReportProgressFunc    progress,
                                        gpointer                    progress_data,
                                        ReviewReportSummary        *summary,
                                        GError                    **error);
void        review_report_summary_clear (ReviewReportSummary       *summary);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReviewReportSummary, review_report_summary_clear)

G_END_DECLS
