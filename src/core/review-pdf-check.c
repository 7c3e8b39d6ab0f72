/* review-pdf-check.c: INTERIM. Wraps review_pades_find_signatures() until
 * the structural check (cross-reference sections, AcroForm, DocMDP) lands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-error.h"
#include "review-pdf-check.h"

void
review_pdf_check_free (ReviewPdfCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->signatures, g_ptr_array_unref);
  g_clear_pointer (&check->statuses, g_array_unref);
  g_clear_pointer (&check->problems, g_ptr_array_unref);
  g_clear_pointer (&check->info, g_hash_table_unref);
  g_free (check->problem);
  g_free (check);
}

ReviewPdfCheck *
review_pdf_check (GBytes  *pdf,
                  GError **error)
{
  g_autoptr(ReviewPdfCheck) check = g_new0 (ReviewPdfCheck, 1);

  check->signatures = review_pades_find_signatures (pdf, error);
  if (check->signatures == NULL)
    return NULL;
  check->statuses = g_array_new (FALSE, TRUE, sizeof (ReviewPdfStatus));
  check->problems = g_ptr_array_new_with_free_func (g_free);
  check->info = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  check->file_size = g_bytes_get_size (pdf);
  for (guint i = 0; i < check->signatures->len; i++)
    {
      ReviewPadesSignature *sig = g_ptr_array_index (check->signatures, i);
      ReviewPdfStatus status = REVIEW_PDF_OK;
      char *problem = NULL;

      if (!sig->well_formed)
        {
          status = REVIEW_PDF_MALFORMED;
          problem = g_strdup (_("The signed ranges do not leave out exactly the signature."));
        }
      else if (i + 1 == check->signatures->len && !sig->covers_whole_file)
        {
          status = REVIEW_PDF_CHANGED;
          problem = g_strdup (_("Something was added after the last signature."));
        }
      g_array_append_val (check->statuses, status);
      g_ptr_array_add (check->problems, problem);
      if (status > check->status)
        {
          check->status = status;
          g_free (check->problem);
          check->problem = g_strdup (problem);
        }
    }
  return g_steal_pointer (&check);
}
