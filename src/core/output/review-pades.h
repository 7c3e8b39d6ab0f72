/* review-pades.h: signing a PDF with an incremental update (PAdES); the
 * signature record review_pdf_check() (review-pdf-check.h) fills when it
 * reads them back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_PADES_CONTENTS_SIZE 16384   /* bytes reserved for the CMS, at first */

/* Signs @content (the bytes the ByteRange covers) and returns a DER
 * CAdES-detached CMS SignedData, or %NULL with @error set. */
typedef GBytes *(*ReviewPadesSignFunc) (GBytes    *content,
                                        gpointer   user_data,
                                        GError   **error);

typedef struct
{
  const char *signer_name;   /* the signature dictionary's /Name */
  GDateTime  *time;          /* its /M */
  const char *reason;        /* nullable: /Reason */
  /* The signature widget on the last page, in PDF points from the page's
   * lower left corner (x1, y1, x2, y2). What it shows is drawn in the page
   * itself; the widget only makes it the signature's place. All zero: an
   * invisible signature. */
  double      rect[4];
  gsize       contents_size; /* 0: REVIEW_PADES_CONTENTS_SIZE */
  /* Nullable: key, value, key, value, …, NULL. Text entries added to the
   * document information dictionary inside the signed revision (keys
   * without the slash, letters and digits only), so that what they state
   * is covered by the signature; `pdfinfo -custom` shows them. */
  const char * const *info_entries;
} ReviewPadesOptions;

GBytes *review_pades_sign (GBytes                   *pdf,
                           const ReviewPadesOptions *options,
                           ReviewPadesSignFunc       sign,
                           gpointer                  user_data,
                           GError                  **error);

typedef struct
{
  gsize      byte_range[4];
  GBytes    *cms;             /* DER, without the placeholder's padding */
  char      *sub_filter;      /* "ETSI.CAdES.detached", … */
  char      *time_text;       /* /M as written, nullable */
  GDateTime *time;            /* /M, nullable when absent or malformed */
  char      *name;            /* /Name in UTF-8, nullable */
  char      *reason;          /* /Reason in UTF-8, nullable */
  /* The ranges cover every byte from the start of the file to the end of
   * this signature's revision except the /Contents string. */
  gboolean   well_formed;
  /* …and this revision ends where the file ends: nothing was added. */
  gboolean   covers_whole_file;
  gsize      revision_end;
  gsize      file_size;
} ReviewPadesSignature;

GBytes    *review_pades_signed_content      (GBytes               *pdf,
                                             const ReviewPadesSignature *signature);
void       review_pades_signature_free      (ReviewPadesSignature *signature);
char      *review_pades_format_date         (GDateTime            *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewPadesSignature, review_pades_signature_free)

G_END_DECLS
