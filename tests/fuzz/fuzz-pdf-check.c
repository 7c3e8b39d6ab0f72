/* fuzz-pdf-check.c: the structure half of `review verify`,
 * review_pdf_check(), on a PDF's bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz.h"
#include "review-pdf-check.h"

/* A reason is shown on a terminal and in the window: valid UTF-8 and one
 * line, with no control character a PDF could bring (an escape sequence). */
static gboolean
text_ok (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

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
  FUZZ_CHECK (check->problem == NULL || text_ok (check->problem));
  for (guint i = 0; i < check->signatures->len; i++)
    {
      ReviewPdfStatus s = g_array_index (check->statuses, ReviewPdfStatus, i);
      const char *problem = g_ptr_array_index (check->problems, i);

      FUZZ_CHECK (s <= REVIEW_PDF_CHANGED);
      FUZZ_CHECK (problem == NULL || text_ok (problem));
    }
  return 0;
}
