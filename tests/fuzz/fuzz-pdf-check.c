/* fuzz-pdf-check.c: the structure half of `review verify`,
 * review_pdf_check(), on a PDF's bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz.h"
#include "review-pdf-check.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) pdf = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewPdfCheck) check = review_pdf_check (pdf, &error);

  if (check == NULL)
    {
      FUZZ_CHECK (error != NULL);
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (check->status <= REVIEW_PDF_CHANGED);
  FUZZ_CHECK (check->file_size == size);
  FUZZ_CHECK (check->info != NULL);
  FUZZ_CHECK (check->signatures->len == check->statuses->len &&
              check->signatures->len == check->problems->len);
  FUZZ_CHECK (check->signatures->len <= REVIEW_PDF_CHECK_MAX_SIGNATURES);
  /* A reason for every status but OK; with OK, only "no signature". */
  FUZZ_CHECK (check->status == REVIEW_PDF_OK || check->problem != NULL);
  FUZZ_CHECK (check->status != REVIEW_PDF_OK || check->problem == NULL ||
              check->signatures->len == 0);
  FUZZ_CHECK (check->problem == NULL || g_utf8_validate (check->problem, -1, NULL));
  for (guint i = 0; i < check->signatures->len; i++)
    {
      ReviewPdfStatus s = g_array_index (check->statuses, ReviewPdfStatus, i);
      const char *problem = g_ptr_array_index (check->problems, i);

      FUZZ_CHECK (s <= REVIEW_PDF_CHANGED);
      FUZZ_CHECK (problem == NULL || g_utf8_validate (problem, -1, NULL));
    }
  return 0;
}
