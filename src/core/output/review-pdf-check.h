/* review-pdf-check.h: what a signed PDF's structure says, read the way a
 * PDF reader reads it (cross-reference sections, trailer, catalogue,
 * AcroForm), never by scanning for patterns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-pades.h"
#include "review-pdf-status.h"

G_BEGIN_DECLS

typedef struct
{
  /* Every signature in the order of the revisions it closes (the first
   * signed revision first); each entry's byte_range, cms, sub_filter,
   * time(_text), name, reason, well_formed, covers_whole_file,
   * revision_end and file_size filled as review-pades.h says. */
  GPtrArray       *signatures;     /* (element-type ReviewPadesSignature) */
  /* Per signature, same index: its own status and the translated reason. */
  GArray          *statuses;       /* (element-type ReviewPdfStatus) */
  GPtrArray       *problems;       /* (element-type utf8) nullable entries */

  ReviewPdfStatus  status;         /* of the document as a whole */
  char            *problem;        /* translated, the first reason; nullable */

  guint            n_revisions;    /* cross-reference sections followed */
  gsize            file_size;

  /* The document information dictionary's text entries as of the last
   * signature's revision (after that, DocMDP permits no change to it):
   * key without the slash → UTF-8 value. Never NULL (maybe empty). */
  GHashTable      *info;
} ReviewPdfCheck;

/* Errors: REVIEW_ERROR_INVALID_ARGUMENT when @pdf does not start with
 * %PDF- or is over the size cap. Everything else is a status. Linear in the
 * size of @pdf whatever its content. */
ReviewPdfCheck *review_pdf_check      (GBytes          *pdf,
                                       GError         **error);
void            review_pdf_check_free (ReviewPdfCheck  *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewPdfCheck, review_pdf_check_free)

G_END_DECLS
