/* review-pdf-docmdp.c: what a revision after the first signature may
 * change. Review certifies its reports with DocMDP /P 2, and the check
 * holds every later revision to it, object by object through the
 * cross-reference sections: a revision is permitted only when it adds a
 * further signature, that is
 *
 *   - new signature fields and widgets (/FT /Sig, own or inherited) and
 *     their new signature dictionaries (/V), the widgets invisible (no
 *     area, or Hidden/NoView): a visible one paints on the signed page and
 *     can cover what was signed (the "sneaky signature" attack);
 *   - new appearance streams named by those new widgets' /AP;
 *   - the AcroForm again, its /Fields keeping every earlier field, nothing
 *     else changed but /SigFlags;
 *   - the catalogue again, nothing changed but /AcroForm;
 *   - a page again, nothing changed but its /Annots, which keeps every
 *     earlier entry in order and adds only the new widgets;
 *   - a trailer with the same /Root and /Info.
 *
 * Anything else (another object redefined or added, an object number
 * re-pointed at bytes the revision did not add, as the Shadow attacks do,
 * a freed object, another catalogue or information dictionary) is a change
 * signing does not permit. Validation data (/DSS) is not permitted either:
 * Review writes none, and a recipient's long-term validation data would be
 * reported as a change (left for later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-pdf-doc.h"
#include "review-text.h"

/* What the object at @span is, for a person. */
static const char *
kind_of (PdfDoc        *doc,
         const PdfSpan *span,
         guint64        num,
         guint          rev)
{
  PdfRevision *r = review_pdf_doc_rev (doc, rev);
  gsize s, e;

  if (r->has_info && r->info == num)
    return _("the document information");
  if (r->has_root && r->root == num)
    return _("the catalogue");
  if (span == NULL || !span->ok)
    return _("an object");
  if (review_pdf_doc_is_dict (doc, span->start) &&
      review_pdf_dict_lookup (&doc->buf, span->start, "/Type", &s, &e))
    {
      if (review_pdf_doc_name_is (doc, s, "/Page"))
        return _("a page");
      if (review_pdf_doc_name_is (doc, s, "/Pages"))
        return _("the page tree");
      if (review_pdf_doc_name_is (doc, s, "/Font"))
        return _("a font");
      if (review_pdf_doc_name_is (doc, s, "/XObject"))
        return _("an image or drawing");
      if (review_pdf_doc_name_is (doc, s, "/Annot"))
        return _("an annotation");
      if (review_pdf_doc_name_is (doc, s, "/Sig"))
        return _("a signature");
      if (review_pdf_doc_name_is (doc, s, "/Catalog"))
        return _("a catalogue");
    }
  if (span->stream)
    return _("a page’s content or other data");
  return _("an object");
}

/* The dictionaries at @old and @new are the same but for @except (a
 * NULL-terminated list of keys); else the first key that differs. */
static gboolean
same_dict_except (PdfDoc             *doc,
                  gsize               old,
                  gsize               new,
                  const char * const *except,
                  char              **differs)
{
  gboolean dup_old, dup_new;
  g_autoptr(GHashTable) a = review_pdf_doc_dict_entries (doc, old, &dup_old);
  g_autoptr(GHashTable) b = review_pdf_doc_dict_entries (doc, new, &dup_new);
  GHashTableIter iter;
  gpointer key, value;

  if (dup_old || dup_new)
    {
      *differs = g_strdup (_("a key given twice"));
      return FALSE;
    }
  for (int pass = 0; pass < 2; pass++)
    {
      g_hash_table_iter_init (&iter, pass == 0 ? a : b);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gpointer other;

          if (g_strv_contains (except, key))
            continue;
          if (!g_hash_table_lookup_extended (pass == 0 ? b : a, key, NULL, &other) ||
              (pass == 0 && !review_pdf_doc_values_equal (doc, GPOINTER_TO_SIZE (value),
                                                          GPOINTER_TO_SIZE (other))))
            {
              *differs = review_text_quote (key, -1);   /* the PDF's bytes */
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* A page's /Annots: every earlier entry kept in order, and after them
 * only new signature widgets. */
static gboolean
annots_extended (PdfDoc     *doc,
                 gsize       old_page,
                 gsize       new_page,
                 GHashTable *new_widgets)
{
  const Buf *b = &doc->buf;
  gsize os, oe, ns, ne, op, np;
  gboolean had = review_pdf_dict_lookup (b, old_page, "/Annots", &os, &oe);

  if (!review_pdf_dict_lookup (b, new_page, "/Annots", &ns, &ne) || b->data[ns] != '[' ||
      (had && b->data[os] != '['))
    return FALSE;
  op = os + 1;
  np = ns + 1;
  for (guint n = 0;; n++)
    {
      gsize save = np, vs, ve, ws, we;
      Token t = review_pdf_lex (b, &np);
      guint64 num;

      if (t.type == TOK_ARRAY_CLOSE)
        break;
      np = save;
      if (n > PDF_MAX_FIELDS || !review_pdf_parse_value (b, &np, &vs, &ve, 1))
        return FALSE;
      if (had)
        {
          save = op;
          t = review_pdf_lex (b, &op);
          if (t.type != TOK_ARRAY_CLOSE)
            {
              op = save;
              if (!review_pdf_parse_value (b, &op, &ws, &we, 1) ||
                  !review_pdf_doc_values_equal (doc, ws, vs))
                return FALSE;
              continue;
            }
          had = FALSE;   /* the earlier entries are all there */
        }
      if (!review_pdf_span_ref (b, vs, &num) || num > PDF_MAX_OBJECT_NUM ||
          !g_hash_table_contains (new_widgets, GUINT_TO_POINTER ((guint) num)))
        return FALSE;
    }
  if (had)
    {
      Token t = review_pdf_lex (b, &op);
      return t.type == TOK_ARRAY_CLOSE;
    }
  return TRUE;
}

/* Whether the widget at @widget is drawn on its page: a /Rect of some
 * area, and neither Hidden (bit 2) nor NoView (bit 6) in /F. Writes the
 * rectangle's size. */
static gboolean
widget_visible (PdfDoc *doc,
                gsize   widget,
                double *width,
                double *height)
{
  const Buf *b = &doc->buf;
  double v[4] = { 0 };
  guint64 flags = 0;
  gsize s, e, pos;
  Token t;

  if (review_pdf_dict_lookup (b, widget, "/F", &s, &e))
    review_pdf_span_uint (b, s, &flags);
  if ((flags & (2 | 32)) != 0 || !review_pdf_dict_lookup (b, widget, "/Rect", &s, &e))
    return FALSE;
  pos = s;
  t = review_pdf_lex (b, &pos);
  if (t.type != TOK_ARRAY_OPEN)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      t = review_pdf_lex (b, &pos);
      if (t.type != TOK_NUMBER || t.end - t.start >= sizeof text)
        return FALSE;
      memcpy (text, b->data + t.start, t.end - t.start);
      text[t.end - t.start] = '\0';
      v[i] = g_ascii_strtod (text, NULL);
    }
  *width = ABS (v[2] - v[0]);
  *height = ABS (v[3] - v[1]);
  return *width > 0.0 && *height > 0.0;
}

static void
allow_appearances (PdfDoc     *doc,
                   guint       rev,
                   gsize       widget,
                   GHashTable *allowed)
{
  const Buf *b = &doc->buf;
  static const char * const keys[] = { "/N", "/R", "/D" };
  gsize s, e, ap;

  if (!review_pdf_dict_lookup (b, widget, "/AP", &s, &e) ||
      !review_pdf_doc_resolve (doc, rev, s, &ap) || !review_pdf_doc_is_dict (doc, ap))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      guint64 num;

      if (review_pdf_dict_lookup (b, ap, keys[i], &s, &e) && review_pdf_span_ref (b, s, &num) &&
          num <= PDF_MAX_OBJECT_NUM)
        g_hash_table_add (allowed, GUINT_TO_POINTER ((guint) num));
    }
}

ReviewPdfStatus
review_pdf_docmdp_check (PdfDoc  *doc,
                         guint    rev,
                         char   **problem)
{
  PdfRevision *now = review_pdf_doc_rev (doc, rev);
  PdfRevision *before = review_pdf_doc_rev (doc, rev - 1);
  PdfFields fb = { 0 }, fn = { 0 };
  g_autoptr(GHashTable) allowed = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) new_widgets = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  static const char * const catalogue_keys[] = { "/AcroForm", NULL };
  static const char * const form_keys[] = { "/Fields", "/SigFlags", NULL };
  static const char * const page_keys[] = { "/Annots", NULL };
  ReviewPdfStatus status = REVIEW_PDF_CHANGED;
  g_autofree char *differs = NULL;
  GHashTableIter iter;
  gpointer key;

  g_assert (rev > 0);
  if (!now->has_root || !before->has_root || now->root != before->root)
    {
      *problem = g_strdup_printf (_("Revision %u points the document at another catalogue "
                                    "(/Root), which signing does not permit."), rev + 1);
      return REVIEW_PDF_CHANGED;
    }
  if (now->has_info != before->has_info || now->info != before->info)
    {
      *problem = g_strdup_printf (_("Revision %u replaces the document information (/Info), "
                                    "which signing does not permit."), rev + 1);
      return REVIEW_PDF_CHANGED;
    }

  review_pdf_doc_fields (doc, rev - 1, &fb);
  review_pdf_doc_fields (doc, rev, &fn);
  if (fn.problem != NULL || fb.problem != NULL)
    {
      *problem = g_strdup_printf (_("Revision %u leaves a form Review cannot read: %s"), rev + 1,
                                  fn.problem != NULL ? fn.problem : fb.problem);
      goto out;
    }
  if (fb.acroform_dict != 0 &&
      (fn.acroform_dict == 0 ||
       !same_dict_except (doc, fb.acroform_dict, fn.acroform_dict, form_keys, &differs)))
    {
      *problem = g_strdup_printf (_("Revision %u changes the form (%s), which signing does not "
                                    "permit."), rev + 1, differs != NULL ? differs : "/AcroForm");
      goto out;
    }
  for (guint i = 0; i < fn.top->len; i++)
    g_hash_table_add (kept, GSIZE_TO_POINTER (g_array_index (fn.top, guint64, i)));
  for (guint i = 0; i < fb.top->len; i++)
    if (!g_hash_table_contains (kept, GSIZE_TO_POINTER (g_array_index (fb.top, guint64, i))))
      {
        *problem = g_strdup_printf (_("Revision %u removes form field %llu"
                                      ", which signing does not permit."), rev + 1,
                                    (unsigned long long) g_array_index (fb.top, guint64, i));
        goto out;
      }

  /* The new signature fields and what they bring. */
  g_hash_table_iter_init (&iter, fn.nodes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const PdfSpan *widget;

      if (g_hash_table_contains (fb.nodes, key))
        continue;
      if (g_hash_table_contains (fn.other, key))
        {
          *problem = g_strdup_printf (_("Revision %u adds form field %u, which is not a "
                                        "signature; signing does not permit it."), rev + 1,
                                      GPOINTER_TO_UINT (key));
          goto out;
        }
      g_hash_table_add (allowed, key);
      g_hash_table_add (new_widgets, key);
      widget = review_pdf_doc_object (doc, GPOINTER_TO_UINT (key), rev);
      if (widget != NULL)
        {
          double width, height;

          /* A visible signature added later paints on the signed page: its
           * appearance can cover what was signed (the "sneaky signature"
           * of the PDF-insecurity research). Only invisible ones pass. */
          if (widget_visible (doc, widget->start, &width, &height))
            {
              *problem = g_strdup_printf (_("Revision %u adds a signature that is drawn on the "
                                            "page (%.0f × %.0f points): what it shows can cover "
                                            "what was signed, so it counts as a change."),
                                          rev + 1, width, height);
              goto out;
            }
          allow_appearances (doc, rev, widget->start, allowed);
        }
    }
  for (guint i = 0; i < fn.sigs->len; i++)
    if (g_array_index (fn.sigs, guint64, i) <= PDF_MAX_OBJECT_NUM)
      g_hash_table_add (allowed, GUINT_TO_POINTER ((guint) g_array_index (fn.sigs, guint64, i)));
  if (fn.acroform_indirect && fn.acroform <= PDF_MAX_OBJECT_NUM)
    g_hash_table_add (allowed, GUINT_TO_POINTER ((guint) fn.acroform));

  /* Every object the revision defines. */
  for (guint i = 0; i < now->entries->len; i++)
    {
      PdfEntry *entry = &g_array_index (now->entries, PdfEntry, i);
      const PdfSpan *span, *old = NULL;
      gsize old_off;
      gboolean had = review_pdf_doc_offset (doc, entry->num, rev - 1, &old_off, NULL);

      if (had)
        {
          old = review_pdf_doc_object_at (doc, old_off);
          if (!old->ok || old->num != entry->num)
            old = NULL;
        }
      if (review_pdf_doc_over_budget (doc))
        {
          *problem = g_strdup (_("The PDF’s structure is too complex to check."));
          status = REVIEW_PDF_MALFORMED;
          goto out;
        }
      if (entry->off == PDF_FREE)
        {
          if (entry->num == 0 || !had)
            continue;
          *problem = g_strdup_printf (_("Revision %u deletes object %u (%s), which signing does "
                                        "not permit."), rev + 1, entry->num,
                                      kind_of (doc, old, entry->num, rev - 1));
          goto out;
        }
      if (entry->off < now->start || entry->off >= now->xref)
        {
          *problem = g_strdup_printf (_("Revision %u points object %u (%s) at bytes it did not "
                                        "add (a shadowed object), which signing does not "
                                        "permit."), rev + 1, entry->num,
                                      kind_of (doc, old, entry->num, rev - 1));
          goto out;
        }
      span = review_pdf_doc_object_at (doc, entry->off);
      if (!span->ok || span->num != entry->num)
        {
          *problem = g_strdup_printf (_("Revision %u lists object %u at a place that does not "
                                        "hold it."), rev + 1, entry->num);
          goto out;
        }
      if (!had)
        {
          if (g_hash_table_contains (allowed, GUINT_TO_POINTER (entry->num)))
            continue;
          *problem = g_strdup_printf (_("Revision %u adds object %u (%s), which signing does not "
                                        "permit."), rev + 1, entry->num,
                                      kind_of (doc, span, entry->num, rev));
          goto out;
        }
      if (old != NULL && !old->stream && !span->stream &&
          review_pdf_doc_is_dict (doc, old->start) && review_pdf_doc_is_dict (doc, span->start))
        {
          gsize ts, te;

          g_clear_pointer (&differs, g_free);
          if (entry->num == now->root &&
              same_dict_except (doc, old->start, span->start, catalogue_keys, &differs))
            continue;
          if (fn.acroform_indirect && entry->num == fn.acroform && fb.acroform_indirect &&
              fb.acroform == fn.acroform)
            continue;   /* compared above */
          if (review_pdf_dict_lookup (&doc->buf, old->start, "/Type", &ts, &te) &&
              review_pdf_doc_name_is (doc, ts, "/Page") &&
              same_dict_except (doc, old->start, span->start, page_keys, &differs) &&
              annots_extended (doc, old->start, span->start, new_widgets))
            continue;
        }
      *problem = g_strdup_printf (_("Revision %u changes object %u (%s), which signing does not "
                                    "permit."), rev + 1, entry->num,
                                  kind_of (doc, old, entry->num, rev - 1));
      goto out;
    }
  status = REVIEW_PDF_OK;

out:
  review_pdf_fields_clear (&fb);
  review_pdf_fields_clear (&fn);
  return status;
}
