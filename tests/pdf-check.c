/* pdf-check.c: review_pdf_check() on one file, for script tests: prints
 * the status and the reason, and exits 0 (ok), 10 (changed) or 13
 * (malformed), as `review verify` maps them; 2 when the file cannot be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "review-pdf-check.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(ReviewPdfCheck) check = NULL;
  static const char * const names[] = { "ok", "malformed", "changed" };

  if (argc != 2)
    return 2;
  file = g_mapped_file_new (argv[1], FALSE, &error);
  if (file == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  pdf = g_mapped_file_get_bytes (file);
  check = review_pdf_check (pdf, &error);
  if (check == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_print ("%s: %s\n", names[check->status], check->problem != NULL ? check->problem : "");
  return check->status == REVIEW_PDF_OK ? 0 : check->status == REVIEW_PDF_CHANGED ? 10 : 13;
}
