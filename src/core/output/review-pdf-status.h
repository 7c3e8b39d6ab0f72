/* review-pdf-status.h: the verdict on a signed PDF's structure, and the
 * limits its reader keeps (shared by review-pdf-check.c and
 * review-pdf-doc.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The size cap: larger files are refused before they are read. */
#define REVIEW_PDF_CHECK_MAX_SIZE    (G_GUINT64_CONSTANT (4) << 30)   /* 4 GiB */
#define REVIEW_PDF_CHECK_MAX_SIGNATURES 64

/**
 * ReviewPdfStatus:
 * @REVIEW_PDF_OK: nothing wrong in the structure
 * @REVIEW_PDF_CHANGED: changed after signing: the last signature does not
 *   cover the whole file, or a revision after the first signature does
 *   more than DocMDP permits (add a further signature)
 * @REVIEW_PDF_MALFORMED: structurally invalid: a /ByteRange or /Contents
 *   that is not exactly the signature dictionary's own (wrapped, shadowed,
 *   missing, malformed), a cross-reference that cannot be followed, more
 *   signatures than the cap, or a structure Review cannot check
 *
 * Ordered: a document's status is the highest found… except that
 * REVIEW_PDF_CHANGED wins over REVIEW_PDF_MALFORMED (exit 10 before 13).
 */
typedef enum
{
  REVIEW_PDF_OK,
  REVIEW_PDF_MALFORMED,
  REVIEW_PDF_CHANGED,
} ReviewPdfStatus;

G_END_DECLS
