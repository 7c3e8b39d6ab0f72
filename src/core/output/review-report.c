/* review-report.c
 *
 * The report is drawn with cairo's PDF surface and Pango, into memory; then
 * signed (review-pades.c) with the supervisor's identity; then written to a
 * new temporary file beside the destination (O_EXCL, fsync), recorded in the
 * audit trail, and only then renamed into place. Failed or cancelled, it
 * adds no file; SIGKILL may leave the hidden .NAME.XXXXXX, never a partial one.
 *
 * Language: the report's own, independent of the process's. Review's
 * strings come from a catalogue loaded for the report (review-catalog.c);
 * vocabulary labels come from the vocabularies, which carry both languages.
 * For Arabic the Pango context's base direction is right to left: every
 * paragraph still finds its own direction from its text (auto-dir), and
 * every block is laid out from the right edge, tables and photo rows
 * included. Text that mixes a label with a value isolates the value
 * (U+2068 … U+2069) so that numbers and Latin names in Arabic sentences, and
 * Arabic names in English ones, keep their order.
 *
 * Images: the vault's thumbnails (already oriented as the findings'
 * coordinates expect), blurred here as the window blurs them unless the
 * supervisor chose otherwise with a reason, re-encoded as JPEG and embedded
 * as such; finding regions are drawn over them as vectors.
 *
 * Page layout: A4 portrait, 50 pt margins; the cover, a summary, one
 * dossier per person (each from a new page), the annex of originals, the
 * audit checkpoint, and the signature block on the last page, where the
 * signature's widget is placed over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "review-anchor-private.h"
#include "review-audit-private.h"
#include "review-blur.h"
#include "review-catalog.h"
#include "review-db-private.h"
#include "review-durable.h"
#include "review-error.h"
#include "review-pades.h"
#include "review-report-damage.h"
#include "review-report.h"
#include "review-store-query.h"
#include "review-text.h"
#include "review-vocab.h"
#include "review-vault-private.h"
#include "review-vault-anchor.h"

#define PAGE_W      595.276
#define PAGE_H      841.890
#define MARGIN      50.0
#define CONTENT_W   (PAGE_W - 2 * MARGIN)
#define TOP         56.0
#define BOTTOM      (PAGE_H - 62.0)
#define CELL_PAD    3.0
#define PHOTO_BOX   155.0
#define PHOTO_GAP   ((CONTENT_W - 3 * PHOTO_BOX) / 2)

#define FONT_BODY   "Noto Sans, Noto Sans Arabic, DejaVu Sans 10"
#define FONT_BOLD   "Noto Sans, Noto Sans Arabic, DejaVu Sans Bold 10"
#define FONT_SMALL  "Noto Sans, Noto Sans Arabic, DejaVu Sans 8"
#define FONT_H1     "Noto Sans, Noto Sans Arabic, DejaVu Sans Bold 17"
#define FONT_H2     "Noto Sans, Noto Sans Arabic, DejaVu Sans Bold 12.5"
#define FONT_TITLE  "Noto Sans, Noto Sans Arabic, DejaVu Sans Bold 26"
#define FONT_MONO   "DejaVu Sans Mono 7"
#define FONT_MONO_KV "DejaVu Sans Mono 8"

/* Review's strings in the report's language: marked with N_() or NC_() so
 * that xgettext finds them, looked up in the report's catalogue. */
#define T(s)     review_catalog_gettext (r->catalog, s)
#define TC(c, s) review_catalog_pgettext (r->catalog, c, s)

#define LRM "\xe2\x80\x8e"
#define RLM "\xe2\x80\x8f"
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
#define DASH "\xe2\x80\x94"

typedef struct
{
  char      *uuid;
  char      *sha256;
  char      *status;
  char      *file_name;
  char      *batch;       /* import batch UUID */
  char      *batch_time;
  GPtrArray *findings;    /* ReviewFindingRecord* */
  char     **persons;
  guint      number;      /* 1-based, as listed in the annex */
  char      *damage;      /* why its file is damaged, in the report's language; NULL: whole */
} Photo;

typedef struct
{
  char       *uuid;
  GHashTable *fields;
  GPtrArray  *photos;     /* Photo*, borrowed */
  char       *sort_key;
} Person;

typedef enum
{
  ALIGN_START,
  ALIGN_END,
  ALIGN_CENTER,
} Align;

typedef struct
{
  double      width;
  const char *font;       /* NULL: FONT_BODY */
  Align       align;
} Column;

typedef struct
{
  const Column       *columns;
  guint               n_columns;
  const char * const *headers;   /* nullable */
} Table;

typedef struct
{
  ReviewVault               *vault;
  const ReviewReportOptions *options;
  GCancellable              *cancellable;
  ReviewReportProgressFunc   progress;
  gpointer                   progress_data;
  guint                      done, total;

  ReviewCatalog *catalog;
  ReviewVocab   *vocab;
  GHashTable    *local_terms;   /* vocabulary → GPtrArray of ReviewVocabEntry* */
  GHashTable    *facility_names; /* UUID → label */
  gboolean       rtl;
  ReviewSigner  *signer;
  GDateTime     *time;
  char          *time_text;
  char          *report_id;
  char          *scope_kind;     /* vault, filter, selection, person */

  GPtrArray     *photos;         /* Photo* */
  GPtrArray     *persons;        /* Person* */
  guint          n_findings;
  guint          n_damaged;      /* photos whose files decoded in part */
  char          *audit_last_hash;
  gint64         audit_entries;

  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoFontMap    *fontmap;
  PangoContext    *pango;
  GByteArray      *pdf;
  double           y;
  guint            page;
  double           sig_rect[4];
  sqlite3_stmt    *thumb_stmt;
} Report;

static void
photo_free (Photo *p)
{
  g_free (p->uuid);
  g_free (p->sha256);
  g_free (p->status);
  g_free (p->file_name);
  g_free (p->batch);
  g_free (p->batch_time);
  g_free (p->damage);
  g_clear_pointer (&p->findings, g_ptr_array_unref);
  g_strfreev (p->persons);
  g_free (p);
}

static void
person_free (Person *p)
{
  g_free (p->uuid);
  g_clear_pointer (&p->fields, g_hash_table_unref);
  g_clear_pointer (&p->photos, g_ptr_array_unref);
  g_free (p->sort_key);
  g_free (p);
}

static void
report_clear (Report *r)
{
  g_clear_pointer (&r->catalog, review_catalog_free);
  g_clear_pointer (&r->vocab, review_vocab_free);
  g_clear_pointer (&r->local_terms, g_hash_table_unref);
  g_clear_pointer (&r->facility_names, g_hash_table_unref);
  g_clear_object (&r->signer);
  g_clear_pointer (&r->time, g_date_time_unref);
  g_clear_pointer (&r->time_text, g_free);
  g_clear_pointer (&r->report_id, g_free);
  g_clear_pointer (&r->scope_kind, g_free);
  g_clear_pointer (&r->photos, g_ptr_array_unref);
  g_clear_pointer (&r->persons, g_ptr_array_unref);
  g_clear_pointer (&r->audit_last_hash, g_free);
  g_clear_pointer (&r->cr, cairo_destroy);
  g_clear_pointer (&r->surface, cairo_surface_destroy);
  g_clear_object (&r->pango);
  g_clear_object (&r->fontmap);
  g_clear_pointer (&r->pdf, g_byte_array_unref);
  g_clear_pointer (&r->thumb_stmt, sqlite3_finalize);
}

const char *
review_report_images_to_string (ReviewReportImages images)
{
  switch (images)
    {
    case REVIEW_REPORT_IMAGES_BLURRED:   return "blurred";
    case REVIEW_REPORT_IMAGES_UNBLURRED: return "unblurred";
    case REVIEW_REPORT_IMAGES_NONE:      return "none";
    default:                             g_return_val_if_reached (NULL);
    }
}

gboolean
review_report_images_from_string (const char         *text,
                                  ReviewReportImages *images)
{
  for (int i = REVIEW_REPORT_IMAGES_BLURRED; i <= REVIEW_REPORT_IMAGES_NONE; i++)
    if (g_strcmp0 (text, review_report_images_to_string (i)) == 0)
      {
        *images = i;
        return TRUE;
      }
  return FALSE;
}

void
review_report_summary_clear (ReviewReportSummary *summary)
{
  g_clear_pointer (&summary->report_id, g_free);
  g_clear_pointer (&summary->sha256, g_free);
  memset (summary, 0, sizeof *summary);
}

static gboolean
check_cancelled (Report  *r,
                 GError **error)
{
  return g_cancellable_set_error_if_cancelled (r->cancellable, error);
}

static void
step_progress (Report *r)
{
  r->done++;
  if (r->progress != NULL)
    r->progress (MIN (r->done, r->total), r->total, r->progress_data);
}

/* --- labels -------------------------------------------------------------- */

static const char *
field (Person     *person,
       const char *name)
{
  const char *value = g_hash_table_lookup (person->fields, name);
  return value != NULL ? value : "";
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : DASH;
}

/* A vocabulary label in the report's language, the vault's own terms
 * included; the code itself when the vocabulary does not know it. */
static const char *
vocab_label (Report     *r,
             const char *list,
             const char *code)
{
  const ReviewVocabEntry *e;

  if (code == NULL || *code == '\0')
    return "";
  e = review_vocab_lookup (r->vocab, list, code);
  if (e == NULL)
    {
      GPtrArray *terms = g_hash_table_lookup (r->local_terms, list);

      if (terms == NULL)
        {
          terms = review_store_list_local_terms (r->vault, list, NULL);
          if (terms == NULL)
            terms = g_ptr_array_new ();
          g_hash_table_insert (r->local_terms, g_strdup (list), terms);
        }
      for (guint i = 0; i < terms->len && e == NULL; i++)
        if (g_strcmp0 (((ReviewVocabEntry *) g_ptr_array_index (terms, i))->code, code) == 0)
          e = g_ptr_array_index (terms, i);
    }
  if (e == NULL)
    return code;
  return r->rtl ? e->ar : e->en;
}

static char *
person_name (Report *r,
             Person *person)
{
  const char *ar = field (person, "name_ar");
  const char *latin = field (person, "name_latin");
  const char *first = r->rtl ? ar : latin;
  const char *second = r->rtl ? latin : ar;

  if (*first != '\0' && *second != '\0')
    return g_strdup_printf ("%s (" FSI "%s" PDI ")", first, second);
  if (*first != '\0' || *second != '\0')
    return g_strdup (*first != '\0' ? first : second);
  {
    g_autofree char *short_id = g_strndup (person->uuid, 8);
    /* Translators: a person with no name recorded; %s is the start of their
     * record's identifier */
    return g_strdup_printf (T (N_("Unnamed person %s")), short_id);
  }
}

/* Every paragraph in the report's own direction, whatever it starts with:
 * a leading mark decides it (Pango's auto-dir then finds the report's
 * direction), so that every block starts at the same edge. Values inside
 * keep their own direction through isolate(). */
static char *
directed (Report     *r,
          const char *text)
{
  GString *s = g_string_new (r->rtl ? RLM : LRM);

  for (const char *p = text; *p; p++)
    {
      g_string_append_c (s, *p);
      if (*p == '\n')
        g_string_append (s, r->rtl ? RLM : LRM);
    }
  return g_string_free (s, FALSE);
}

/* Each paragraph of @text isolated (U+2068 … U+2069): laid out in the
 * direction of its own first letter, as one block among its neighbours. */
static char *
isolate (const char *text)
{
  g_auto(GStrv) paragraphs = g_strsplit (text != NULL ? text : "", "\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    g_string_append_printf (s, "%s" FSI "%s" PDI, i > 0 ? "\n" : "", paragraphs[i]);
  return g_string_free (s, FALSE);
}

static char *
labelled (Report     *r,
          const char *label,
          const char *value)
{
  g_autofree char *v = isolate (value);

  /* Translators: a label and its value, as in "Timing: Ante-mortem" */
  return g_strdup_printf (T (N_("%s: %s")), label, v);
}

/* --- drawing primitives ------------------------------------------------- */

/* The physical x of a block @width wide whose start is @x from the start
 * margin: from the left in English, from the right in Arabic. */
static double
phys_x (Report *r,
        double  x,
        double  width)
{
  return r->rtl ? MARGIN + CONTENT_W - x - width : MARGIN + x;
}

static PangoLayout *
layout_new (Report     *r,
            const char *text,
            const char *font,
            double      width,
            Align       align)
{
  PangoLayout *layout = pango_layout_new (r->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : FONT_BODY);
  PangoAlignment want;
  PangoDirection dir;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, pango_units_from_double (MAX (width, 1)));
  {
    g_autofree char *t = directed (r, text != NULL ? text : "");
    pango_layout_set_text (layout, t, -1);
  }

  if (align == ALIGN_CENTER)
    {
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      return layout;
    }
  want = (align == ALIGN_START) != r->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
  /* Pango swaps left and right for a paragraph whose own direction is not
   * the context's. directed() makes that rare; should it happen, undo it, so
   * that every block starts at the report's edge. */
  dir = pango_layout_get_direction (layout, 0);
  if ((dir == PANGO_DIRECTION_RTL && !r->rtl) || (dir == PANGO_DIRECTION_LTR && r->rtl))
    want = want == PANGO_ALIGN_LEFT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  pango_layout_set_alignment (layout, want);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
show_layout (Report      *r,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (r->cr, x, y);
  pango_cairo_show_layout (r->cr, layout);
}

/* Draws @text from @x (logical) at @y; returns its height. */
static double
draw_text (Report     *r,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      width,
           Align       align)
{
  g_autoptr(PangoLayout) layout = layout_new (r, text, font, width, align);

  show_layout (r, layout, phys_x (r, x, width), y);
  return layout_height (layout);
}

static double
text_height (Report     *r,
             const char *text,
             const char *font,
             double      width)
{
  g_autoptr(PangoLayout) layout = layout_new (r, text, font, width, ALIGN_START);
  return layout_height (layout);
}

static void
page_footer (Report *r)
{
  g_autofree char *date = g_date_time_format (r->time, "%Y-%m-%d");
  /* Translators: the footer of each page: the report's identifier and date */
  g_autofree char *left = g_strdup_printf (T (N_("Report %s · %s")), r->report_id, date);
  /* Translators: the page number in each page's footer */
  g_autofree char *right = g_strdup_printf (T (N_("Page %u")), r->page);

  cairo_set_source_rgb (r->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (r->cr, 0.5);
  cairo_move_to (r->cr, MARGIN, PAGE_H - 46);
  cairo_line_to (r->cr, PAGE_W - MARGIN, PAGE_H - 46);
  cairo_stroke (r->cr);
  cairo_set_source_rgb (r->cr, 0.4, 0.4, 0.4);
  draw_text (r, left, FONT_SMALL, 0, PAGE_H - 42, CONTENT_W * 0.75, ALIGN_START);
  draw_text (r, right, FONT_SMALL, CONTENT_W * 0.75, PAGE_H - 42, CONTENT_W * 0.25, ALIGN_END);
  cairo_set_source_rgb (r->cr, 0, 0, 0);
}

static void
new_page (Report *r)
{
  if (r->page > 0)
    cairo_show_page (r->cr);
  r->page++;
  r->y = TOP;
  page_footer (r);
}

static void
ensure_space (Report *r,
              double  height)
{
  if (r->y + height > BOTTOM && r->y > TOP)
    new_page (r);
}

/* A heading, kept on one page with the @keep points that follow it. */
static void
heading_keep (Report     *r,
              const char *text,
              const char *font,
              double      keep)
{
  const char *t = text;
  gboolean big = g_strcmp0 (font, FONT_H1) == 0;
  double h = text_height (r, t, font, CONTENT_W);

  ensure_space (r, h + 20 + keep);
  if (r->y > TOP)
    r->y += big ? 10 : 6;
  cairo_set_source_rgb (r->cr, 0.10, 0.20, 0.35);
  r->y += draw_text (r, t, font, 0, r->y, CONTENT_W, ALIGN_START);
  if (big)
    {
      cairo_set_line_width (r->cr, 1.2);
      cairo_move_to (r->cr, MARGIN, r->y + 2);
      cairo_line_to (r->cr, PAGE_W - MARGIN, r->y + 2);
      cairo_stroke (r->cr);
      r->y += 6;
    }
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  r->y += 4;
}

/* A heading never ends a page alone. */
static void
heading (Report     *r,
         const char *text,
         const char *font)
{
  heading_keep (r, text, font, 40);
}

static void
paragraph (Report     *r,
           const char *text,
           const char *font)
{
  const char *t = text;
  double h = text_height (r, t, font, CONTENT_W);

  ensure_space (r, h);
  r->y += draw_text (r, t, font, 0, r->y, CONTENT_W, ALIGN_START) + 5;
}

/* A box with a tinted background around a paragraph. */
static void
notice (Report     *r,
        const char *text)
{
  const char *t = text;
  double h = text_height (r, t, FONT_BODY, CONTENT_W - 16);

  ensure_space (r, h + 14);
  cairo_set_source_rgb (r->cr, 0.96, 0.94, 0.88);
  cairo_rectangle (r->cr, MARGIN, r->y, CONTENT_W, h + 12);
  cairo_fill (r->cr);
  cairo_set_source_rgb (r->cr, 0.2, 0.2, 0.2);
  draw_text (r, t, FONT_BODY, 8, r->y + 6, CONTENT_W - 16, ALIGN_START);
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  r->y += h + 18;
}

static void table_header (Report *r, const Table *t);

static void
table_row_full (Report             *r,
                const Table        *t,
                const char * const *cells,
                gboolean            header)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double h = 0, x = 0;

  for (guint i = 0; i < t->n_columns; i++)
    {
      const char *font = header ? FONT_BOLD : t->columns[i].font;
      g_autofree char *text = header ? g_strdup (cells[i]) : isolate (or_dash (cells[i]));
      PangoLayout *layout = layout_new (r, text, font, t->columns[i].width - 2 * CELL_PAD,
                                        t->columns[i].align);

      /* A cell never runs past one page. */
      pango_layout_set_height (layout, pango_units_from_double (BOTTOM - TOP - 60));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      h = MAX (h, layout_height (layout));
      g_ptr_array_add (layouts, layout);
    }
  h += 2 * CELL_PAD;

  if (r->y + h > BOTTOM)
    {
      new_page (r);
      if (!header && t->headers != NULL)
        table_header (r, t);
    }
  if (header)
    {
      cairo_set_source_rgb (r->cr, 0.90, 0.92, 0.95);
      cairo_rectangle (r->cr, MARGIN, r->y, CONTENT_W, h);
      cairo_fill (r->cr);
    }
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  for (guint i = 0; i < t->n_columns; i++)
    {
      double w = t->columns[i].width;
      show_layout (r, g_ptr_array_index (layouts, i), phys_x (r, x + CELL_PAD, w - 2 * CELL_PAD),
                   r->y + CELL_PAD);
      x += w;
    }
  cairo_set_source_rgb (r->cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (r->cr, 0.4);
  cairo_move_to (r->cr, MARGIN, r->y + h);
  cairo_line_to (r->cr, MARGIN + x, r->y + h);
  cairo_stroke (r->cr);
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  r->y += h;
}

static void
table_header (Report      *r,
              const Table *t)
{
  table_row_full (r, t, t->headers, TRUE);
}

static void
table_row (Report             *r,
           const Table        *t,
           const char * const *cells)
{
  table_row_full (r, t, cells, FALSE);
}

static void
table_begin (Report      *r,
             const Table *t)
{
  ensure_space (r, 50);
  if (t->headers != NULL)
    table_header (r, t);
}

static void
table_end (Report *r)
{
  r->y += 10;
}

/* Two columns, label and value. */
static const Column kv_columns[] = { { 150, FONT_BOLD, ALIGN_START },
                                     { CONTENT_W - 150, NULL, ALIGN_START } };
static const Table kv_table = { kv_columns, 2, NULL };
/* …with a value in a fixed-width font: hashes, identifiers. */
static const Column kv_mono_columns[] = { { 150, FONT_BOLD, ALIGN_START },
                                          { CONTENT_W - 150, FONT_MONO_KV, ALIGN_START } };
static const Table kv_mono_table = { kv_mono_columns, 2, NULL };

static void
kv_row (Report     *r,
        const char *label,
        const char *value)
{
  const char *cells[] = { label, value };
  table_row (r, &kv_table, cells);
}

static void
kv_row_mono (Report     *r,
             const char *label,
             const char *value)
{
  const char *cells[] = { label, value };
  table_row (r, &kv_mono_table, cells);
}

/* --- the scope ----------------------------------------------------------- */

static gboolean
filter_is_empty (const ReviewSearch *q)
{
  return q == NULL || (q->status == NULL && q->finding == NULL && q->region == NULL &&
                       q->facility == NULL && q->person == NULL && q->number == NULL &&
                       !q->damaged && (q->text == NULL || *q->text == '\0'));
}

static gboolean
load_batches (Report      *r,
              GHashTable  *by_uuid,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = review_vault_get_db (r->vault);
  int rc;

  if (!review_db_prepare (db, "SELECT p.uuid, b.uuid, b.started FROM photos p"
                              " JOIN import_batches b ON b.id = p.batch_id", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Photo *photo = g_hash_table_lookup (by_uuid, sqlite3_column_text (stmt, 0));
      if (photo == NULL)
        continue;
      photo->batch = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      photo->batch_time = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

static int
person_compare (gconstpointer a,
                gconstpointer b)
{
  const Person *x = *(Person * const *) a, *y = *(Person * const *) b;
  int c;

  /* The named first, by name; then by record. */
  if ((*x->sort_key == '\0') != (*y->sort_key == '\0'))
    return *x->sort_key == '\0' ? 1 : -1;
  c = strcmp (x->sort_key, y->sort_key);
  return c != 0 ? c : strcmp (x->uuid, y->uuid);
}

static gboolean
add_person (Report      *r,
            GHashTable  *seen,
            const char  *uuid,
            GError     **error)
{
  Person *person;
  const char *first, *second;

  if (g_hash_table_contains (seen, uuid))
    return TRUE;
  person = g_new0 (Person, 1);
  person->uuid = g_strdup (uuid);
  person->photos = g_ptr_array_new ();
  person->fields = review_store_get_person (r->vault, uuid, error);
  if (person->fields == NULL)
    {
      person_free (person);
      return FALSE;
    }
  first = field (person, r->rtl ? "name_ar" : "name_latin");
  second = field (person, r->rtl ? "name_latin" : "name_ar");
  person->sort_key = g_utf8_casefold (*first != '\0' ? first : second, -1);
  g_hash_table_insert (seen, person->uuid, person);
  g_ptr_array_add (r->persons, person);
  return TRUE;
}

static gboolean
load_scope (Report  *r,
            GError **error)
{
  const ReviewReportOptions *o = r->options;
  ReviewSearch q = { 0 };
  g_autoptr(ReviewSearchResult) result = NULL;
  g_autoptr(GHashTable) selection = NULL;
  g_autoptr(GHashTable) photo_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) persons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) damaged = NULL;
  gboolean whole = filter_is_empty (o->filter) && o->photos == NULL;

  if (o->filter != NULL)
    q = *o->filter;
  q.limit = 0;
  if (o->photos != NULL)
    {
      selection = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; o->photos[i] != NULL; i++)
        g_hash_table_add (selection, (gpointer) o->photos[i]);
    }
  r->scope_kind = g_strdup (whole ? "vault" : o->photos != NULL ? "selection"
                            : (q.person != NULL && q.status == NULL && q.finding == NULL &&
                               q.region == NULL && q.facility == NULL && q.number == NULL &&
                               !q.damaged && (q.text == NULL || *q.text == '\0'))
                            ? "person" : "filter");

  result = review_store_search (r->vault, &q, error);
  damaged = result != NULL ? review_report_damage_load (r->vault, r->catalog, error) : NULL;
  if (result == NULL || damaged == NULL)
    return FALSE;
  for (guint i = 0; i < result->hits->len; i++)
    {
      ReviewSearchHit *hit = g_ptr_array_index (result->hits, i);
      Photo *photo;

      if (selection != NULL && !g_hash_table_contains (selection, hit->uuid))
        continue;
      photo = g_new0 (Photo, 1);
      photo->uuid = g_strdup (hit->uuid);
      photo->sha256 = g_strdup (hit->sha256);
      photo->status = g_strdup (hit->status);
      photo->file_name = g_strdup (hit->file_name);
      photo->number = r->photos->len + 1;
      photo->damage = g_strdup (g_hash_table_lookup (damaged, hit->uuid));
      r->n_damaged += photo->damage != NULL;
      g_ptr_array_add (r->photos, photo);
      g_hash_table_insert (photo_by_uuid, photo->uuid, photo);

      photo->findings = review_store_list_findings (r->vault, photo->uuid, error);
      photo->persons = review_store_photo_persons (r->vault, photo->uuid, error);
      if (photo->findings == NULL || photo->persons == NULL)
        return FALSE;
      r->n_findings += photo->findings->len;
      if (i % 64 == 0 && check_cancelled (r, error))
        return FALSE;
    }
  if (!load_batches (r, photo_by_uuid, error))
    return FALSE;

  /* The persons: everyone for the whole vault; the one named; or those the
   * photos show. */
  if (whole)
    {
      g_autoptr(GPtrArray) all = review_store_find_persons (r->vault, NULL, 0, error);
      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        if (!add_person (r, persons, ((ReviewPersonHit *) g_ptr_array_index (all, i))->uuid, error))
          return FALSE;
    }
  else if (q.person != NULL)
    {
      if (!add_person (r, persons, q.person, error))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < r->photos->len; i++)
        {
          Photo *photo = g_ptr_array_index (r->photos, i);
          for (guint k = 0; photo->persons[k] != NULL; k++)
            if (!add_person (r, persons, photo->persons[k], error))
              return FALSE;
        }
    }

  for (guint i = 0; i < r->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (r->photos, i);
      for (guint k = 0; photo->persons[k] != NULL; k++)
        {
          Person *person = g_hash_table_lookup (persons, photo->persons[k]);
          if (person != NULL)
            g_ptr_array_add (person->photos, photo);
        }
    }
  g_ptr_array_sort (r->persons, person_compare);
  return TRUE;
}

static char *
describe_scope (Report *r)
{
  const ReviewReportOptions *o = r->options;
  const ReviewSearch *q = o->filter;
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_str_equal (r->scope_kind, "vault"))
    return g_strdup (T (N_("The whole vault: every photo and every person in it.")));
  if (g_str_equal (r->scope_kind, "selection"))
    /* Translators: %u is a number of photos */
    return g_strdup_printf (T (N_("Photos selected one by one (%u selected).")),
                            g_strv_length ((char **) o->photos));
  if (g_str_equal (r->scope_kind, "person"))
    {
      Person *person = r->persons->len > 0 ? g_ptr_array_index (r->persons, 0) : NULL;
      g_autofree char *name = person != NULL ? person_name (r, person) : g_strdup (q->person);
      /* Translators: %s is a person's name */
      return g_strdup_printf (T (N_("One person: %s.")), name);
    }

  g_string_append (text, T (N_("The photos that match all of these conditions, and the persons "
                               "they show:")));
#define CONDITION(label, value) \
  G_STMT_START { \
    g_autofree char *line = labelled (r, label, value); \
    g_string_append_printf (text, "\n• %s", line); \
  } G_STMT_END
  if (q->status != NULL)
    CONDITION (T (N_("Review status")), vocab_label (r, "review_status", q->status));
  if (q->finding != NULL)
    CONDITION (T (N_("Finding")), vocab_label (r, "finding_types", q->finding));
  if (q->region != NULL)
    CONDITION (T (N_("Body region")), vocab_label (r, "body_regions", q->region));
  if (q->facility != NULL)
    {
      g_autoptr(ReviewFacilityHit) f = review_store_get_facility (r->vault, q->facility, NULL);
      const char *name = f == NULL ? q->facility : r->rtl && *f->name_ar ? f->name_ar : f->name_en;
      CONDITION (T (N_("Facility")), name);
    }
  if (q->person != NULL)
    {
      Person *person = NULL;
      g_autofree char *name = NULL;
      for (guint i = 0; i < r->persons->len && person == NULL; i++)
        if (g_str_equal (((Person *) g_ptr_array_index (r->persons, i))->uuid, q->person))
          person = g_ptr_array_index (r->persons, i);
      name = person != NULL ? person_name (r, person) : g_strdup (q->person);
      CONDITION (T (N_("Person")), name);
    }
  if (q->number != NULL)
    CONDITION (T (N_("Identity number")), q->number);
  if (q->text != NULL && *q->text != '\0')
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", q->text);
      CONDITION (T (N_("Text")), quoted);
    }
  /* Translators: a condition of a report's scope, as in "Files: only
   * damaged ones (decoded in part)" */
  if (q->damaged)
    CONDITION (T (N_("Files")), review_report_damage_condition (r->catalog));
#undef CONDITION
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- images -------------------------------------------------------------- */

static GBytes *
load_thumbnail (Report     *r,
                const char *photo_uuid)
{
  sqlite3 *db = review_vault_get_db (r->vault);
  GBytes *bytes = NULL;

  if (r->thumb_stmt == NULL &&
      !review_db_prepare (db, "SELECT t.jpeg FROM thumbnails t JOIN photos p ON p.id = t.photo_id"
                              " WHERE p.uuid = ?", &r->thumb_stmt, NULL))
    return NULL;
  sqlite3_reset (r->thumb_stmt);
  sqlite3_bind_text (r->thumb_stmt, 1, photo_uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (r->thumb_stmt) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (r->thumb_stmt, 0),
                         (gsize) sqlite3_column_bytes (r->thumb_stmt, 0));
  sqlite3_reset (r->thumb_stmt);
  return bytes;
}

/* The thumbnail as a cairo surface that the PDF embeds as JPEG: blurred and
 * re-encoded, or the vault's own JPEG when unblurred. */
static cairo_surface_t *
photo_surface (Report     *r,
               const char *photo_uuid)
{
  g_autoptr(GBytes) jpeg = load_thumbnail (r, photo_uuid);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GBytes) embedded = NULL;
  g_autoptr(GdkPixbuf) half = NULL;
  g_autofree guint8 *rgb = NULL;
  cairo_surface_t *surface;
  GdkPixbuf *pixbuf;
  const guint8 *src;
  guint8 *dst;
  int w, h, n, stride, dstride;

  if (jpeg == NULL)
    return NULL;
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  if (loader == NULL || !gdk_pixbuf_loader_write_bytes (loader, jpeg, NULL) ||
      !gdk_pixbuf_loader_close (loader, NULL) ||
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    return NULL;
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  /* A blurred image holds no detail worth the thumbnail's full size (about
   * 2 pixels per point on the page): half of it blurs four times faster
   * and makes a smaller file. */
  if (r->options->images != REVIEW_REPORT_IMAGES_UNBLURRED && MAX (w, h) > 200)
    {
      half = gdk_pixbuf_scale_simple (pixbuf, MAX (w / 2, 1), MAX (h / 2, 1),
                                      GDK_INTERP_BILINEAR);
      if (half == NULL)
        return NULL;
      pixbuf = half;
    }
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);
  if (w <= 0 || h <= 0 || n < 3 || w > 4096 || h > 4096)
    return NULL;

  rgb = g_malloc ((gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      memcpy (rgb + ((gsize) y * w + x) * 3, src + (gsize) y * stride + (gsize) x * n, 3);

  if (r->options->images == REVIEW_REPORT_IMAGES_UNBLURRED)
    embedded = g_bytes_ref (jpeg);
  else
    {
      g_autoptr(GdkPixbuf) blurred = NULL;
      char *keys[] = { (char *) "quality", NULL };
      char *values[] = { (char *) "80", NULL };
      gchar *buffer = NULL;
      gsize len = 0;

      review_blur_rgb (rgb, w, h, w * 3, review_blur_sigma_for (w, h, REVIEW_BLUR_DEFAULT));
      blurred = gdk_pixbuf_new_from_data (rgb, GDK_COLORSPACE_RGB, FALSE, 8, w, h, w * 3,
                                          NULL, NULL);
      if (!gdk_pixbuf_save_to_bufferv (blurred, &buffer, &len, "jpeg", keys, values, NULL))
        return NULL;
      embedded = g_bytes_new_take (buffer, len);
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dstride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (dst + (gsize) y * dstride);
      const guint8 *p = rgb + (gsize) y * w * 3;
      for (int x = 0; x < w; x++, p += 3)
        row[x] = 0xff000000u | (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
    }
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG,
                               g_bytes_get_data (embedded, NULL), g_bytes_get_size (embedded),
                               (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (embedded));
  return surface;
}

static void
path_region (cairo_t                   *cr,
             const ReviewFindingRecord *f,
             double                     ox,
             double                     oy,
             double                     w,
             double                     h)
{
  const double *p = f->points;

  if (f->shape == REVIEW_SHAPE_POLYGON)
    {
      for (guint i = 0; i + 1 < f->n_points; i += 2)
        {
          if (i == 0)
            cairo_move_to (cr, ox + p[i] * w, oy + p[i + 1] * h);
          else
            cairo_line_to (cr, ox + p[i] * w, oy + p[i + 1] * h);
        }
      cairo_close_path (cr);
      return;
    }
  if (f->n_points < 4)
    return;
  if (f->shape == REVIEW_SHAPE_RECT)
    cairo_rectangle (cr, ox + p[0] * w, oy + p[1] * h, p[2] * w, p[3] * h);
  else if (p[2] > 0 && p[3] > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, ox + (p[0] + p[2] / 2) * w, oy + (p[1] + p[3] / 2) * h);
      cairo_scale (cr, p[2] * w / 2, p[3] * h / 2);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
    }
}

/* Where a region's number goes: its top left corner, inside the image. */
static void
region_anchor (const ReviewFindingRecord *f,
               double                    *u,
               double                    *v)
{
  *u = 1;
  *v = 1;
  if (f->shape == REVIEW_SHAPE_POLYGON)
    {
      for (guint i = 0; i + 1 < f->n_points; i += 2)
        {
          *u = MIN (*u, f->points[i]);
          *v = MIN (*v, f->points[i + 1]);
        }
    }
  else if (f->n_points >= 2)
    {
      *u = f->points[0];
      *v = f->points[1];
    }
  *u = CLAMP (*u, 0, 1);
  *v = CLAMP (*v, 0, 1);
}

/* One photo in a box @PHOTO_BOX wide at logical @x; returns the height used. */
static double
draw_photo (Report *r,
            Photo  *photo,
            guint   first_number,
            double  x)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *surface = photo_surface (r, photo->uuid);
  double px = phys_x (r, x, PHOTO_BOX);
  double y = r->y, w = PHOTO_BOX, h = PHOTO_BOX * 0.75, ox, oy;
  g_autofree char *file_name = isolate (photo->file_name);
  /* Translators: a photo's caption: its number in the annex, then its file name */
  g_autofree char *caption = g_strdup_printf (T (N_("Photo %u · %s")), photo->number,
                                              file_name);
  g_autofree char *cap = g_strdup (caption);

  if (surface != NULL)
    {
      int iw = cairo_image_surface_get_width (surface);
      int ih = cairo_image_surface_get_height (surface);
      double s = MIN (PHOTO_BOX / iw, PHOTO_BOX / ih);

      w = iw * s;
      h = ih * s;
      ox = px + (PHOTO_BOX - w) / 2;
      oy = y;
      cairo_save (cr);
      cairo_translate (cr, ox, oy);
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_rectangle (cr, 0, 0, iw, ih);
      cairo_fill (cr);
      cairo_restore (cr);
      cairo_surface_destroy (surface);
    }
  else
    {
      ox = px;
      oy = y;
      cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
      cairo_rectangle (cr, ox, oy, w, h);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      draw_text (r, T (N_("No thumbnail")), FONT_SMALL, x, y + h / 2 - 5, PHOTO_BOX, ALIGN_CENTER);
    }

  for (guint i = 0; i < photo->findings->len; i++)
    {
      const ReviewFindingRecord *f = g_ptr_array_index (photo->findings, i);
      g_autofree char *number = g_strdup_printf ("%u", first_number + i);
      g_autoptr(PangoLayout) label = NULL;
      double u, v, lw, lh, lx, ly;
      int iw, ih;

      cairo_new_path (cr);
      path_region (cr, f, ox, oy, w, h);
      cairo_set_line_width (cr, 2.2);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 1.1);
      cairo_set_source_rgb (cr, 1.0, 0.85, 0.1);
      cairo_stroke (cr);

      label = layout_new (r, number, FONT_SMALL, 40, ALIGN_CENTER);
      pango_layout_set_width (label, -1);
      pango_layout_get_size (label, &iw, &ih);
      lw = (double) iw / PANGO_SCALE + 4;
      lh = (double) ih / PANGO_SCALE;
      region_anchor (f, &u, &v);
      lx = CLAMP (ox + u * w - lw / 2, ox, ox + w - lw);
      ly = CLAMP (oy + v * h - lh / 2, oy, oy + h - lh);
      cairo_set_source_rgb (cr, 1.0, 0.85, 0.1);
      cairo_rectangle (cr, lx, ly, lw, lh);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (r, label, lx + 2, ly);
    }
  /* A damaged file: framed in red, and marked under its caption. */
  if (photo->damage != NULL)
    {
      cairo_set_source_rgb (cr, 0.70, 0.10, 0.10);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, ox - 1, oy - 1, w + 2, h + 2);
      cairo_stroke (cr);
    }
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  h += 2 + draw_text (r, cap, FONT_SMALL, x, y + h + 2, PHOTO_BOX, ALIGN_START);
  if (photo->damage != NULL)
    {
      g_autofree char *mark = review_report_damage_mark (r->catalog, photo->damage);

      cairo_set_source_rgb (cr, 0.60, 0.05, 0.05);
      h += 1 + draw_text (r, mark, FONT_SMALL, x, y + h + 1, PHOTO_BOX, ALIGN_START);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  return h;
}

/* --- sections ------------------------------------------------------------ */

static void
draw_cover (Report *r)
{
  const ReviewReportOptions *o = r->options;
  g_autofree char *scope = describe_scope (r);
  g_autofree char *version = g_strdup_printf ("Review %s", PACKAGE_VERSION);
  g_autofree char *images = NULL;
  g_autofree char *title = g_strdup (T (N_("Documentation report")));
  g_autofree char *subtitle = g_strdup (T (N_("Deaths in detention: findings from evidence "
                                                 "photos")));
  /* Certificate fields are whatever the certificate's issuer wrote: shown
   * with visible escapes, as everywhere (review-text-escape.c). */
  g_autofree char *org = review_text_escape (o->organization != NULL &&
                                             *o->organization != '\0'
                                             ? o->organization
                                             : review_signer_get_organization (r->signer), -1);
  g_autofree char *supervisor = review_text_escape (review_signer_get_name (r->signer), -1);

  switch (o->images)
    {
    case REVIEW_REPORT_IMAGES_BLURRED:
      images = g_strdup (T (N_("Blurred (as Review shows them by default).")));
      break;
    case REVIEW_REPORT_IMAGES_UNBLURRED:
      /* Translators: %s is the reason the supervisor gave */
      images = g_strdup_printf (T (N_("Not blurred. Reason given by the supervisor: %s")),
                                o->reason);
      break;
    case REVIEW_REPORT_IMAGES_NONE:
    default:
      images = g_strdup (T (N_("Not included.")));
      break;
    }

  new_page (r);
  r->y = 90;
  if (org != NULL && *org != '\0')
    {
      cairo_set_source_rgb (r->cr, 0.3, 0.3, 0.3);
      r->y += draw_text (r, org, FONT_H2, 0, r->y, CONTENT_W, ALIGN_START) + 14;
    }
  cairo_set_source_rgb (r->cr, 0.10, 0.20, 0.35);
  r->y += draw_text (r, title, FONT_TITLE, 0, r->y, CONTENT_W, ALIGN_START) + 4;
  r->y += draw_text (r, subtitle, FONT_H2, 0, r->y, CONTENT_W, ALIGN_START) + 10;
  cairo_set_line_width (r->cr, 2);
  cairo_move_to (r->cr, MARGIN, r->y);
  cairo_line_to (r->cr, PAGE_W - MARGIN, r->y);
  cairo_stroke (r->cr);
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  r->y += 24;

  kv_row (r, T (N_("Organisation")), org);
  kv_row (r, T (N_("Supervisor")), supervisor);
  kv_row (r, T (N_("Date")), r->time_text);
  kv_row (r, T (N_("Scope")), scope);
  kv_row (r, T (N_("Images")), images);
  kv_row_mono (r, T (N_("Report identifier")), r->report_id);
  kv_row_mono (r, T (N_("Vault identifier")), review_vault_get_id (r->vault));
  kv_row (r, T (N_("Made with")), version);
  r->y += 24;

  if (r->persons->len == 0 && r->photos->len == 0)
    notice (r, T (N_("There are no photos and no persons in this report’s scope. The report "
                     "is complete: there is nothing else to show.")));
  notice (r, T (N_("This report describes injuries to persons who died in detention and may "
                   "show images of their bodies. Read it with care, and take breaks.")));
  notice (r, T (N_("Confidential: this report holds personal data of the dead and of their "
                   "families’ cases. Share it only as your organisation’s procedures allow.")));
  notice (r, T (N_("This report is digitally signed (PAdES). Anyone can check who signed it and "
                   "that not one byte has changed since, with a PDF signature checker, for "
                   "example: pdfsig FILE.pdf")));
}

typedef struct
{
  const char *label;
  guint       a, b, c;
} Count;

static void
count_add (GHashTable *counts,
           const char *label,
           guint       which)
{
  Count *c = g_hash_table_lookup (counts, label);

  if (c == NULL)
    {
      c = g_new0 (Count, 1);
      c->label = label;
      g_hash_table_insert (counts, (gpointer) label, c);
    }
  if (which == 0)
    c->a++;
  else if (which == 1)
    c->b++;
  else
    c->c++;
}

/* g_hash_table_get_values_as_ptr_array() is GLib 2.76. */
static GPtrArray *
hash_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);
  return values;
}

static int
count_compare (gconstpointer a,
               gconstpointer b)
{
  const Count *x = *(Count * const *) a, *y = *(Count * const *) b;

  if (x->a != y->a)
    return x->a > y->a ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

static void
count_table (Report     *r,
             const char *title,
             const char *label_header,
             GHashTable *counts)
{
  static const Column columns[] = { { CONTENT_W - 90, NULL, ALIGN_START },
                                    { 90, NULL, ALIGN_CENTER } };
  const char *headers[] = { label_header, T (N_("Number")) };
  Table t = { columns, 2, headers };
  g_autoptr(GPtrArray) rows = hash_values (counts);

  heading (r, title, FONT_H2);
  if (rows->len == 0)
    {
      paragraph (r, T (N_("None.")), FONT_BODY);
      return;
    }
  g_ptr_array_sort (rows, count_compare);
  table_begin (r, &t);
  for (guint i = 0; i < rows->len; i++)
    {
      Count *c = g_ptr_array_index (rows, i);
      g_autofree char *n = g_strdup_printf ("%u", c->a);
      const char *cells[] = { c->label, n };
      table_row (r, &t, cells);
    }
  table_end (r);
}

/* A facility's name in the report's language (the other one beside it),
 * read once per report. */
static const char *
facility_label (Report     *r,
                const char *uuid)
{
  g_autoptr(ReviewFacilityHit) f = NULL;
  const char *first, *second;
  char *label;

  if (uuid == NULL || *uuid == '\0')
    return NULL;
  label = g_hash_table_lookup (r->facility_names, uuid);
  if (label != NULL)
    return label;
  f = review_store_get_facility (r->vault, uuid, NULL);
  if (f == NULL)
    label = g_strdup (uuid);
  else
    {
      first = r->rtl ? f->name_ar : f->name_en;
      second = r->rtl ? f->name_en : f->name_ar;
      if (*first == '\0')
        {
          first = second;
          second = "";
        }
      if (*second != '\0')
        label = g_strdup_printf ("%s (" FSI "%s" PDI ")", first, second);
      else
        label = g_strdup (first);
    }
  g_hash_table_insert (r->facility_names, g_strdup (uuid), label);
  return label;
}

static void
draw_summary (Report *r)
{
  g_autoptr(GHashTable) by_status = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) by_photo_status = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                                 g_free);
  g_autoptr(GHashTable) by_type = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) by_region = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) by_facility = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             g_free);
  g_autoptr(GHashTable) facility_photos =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autofree char *n_persons = g_strdup_printf ("%u", r->persons->len);
  g_autofree char *n_photos = g_strdup_printf ("%u", r->photos->len);
  g_autofree char *n_findings = g_strdup_printf ("%u", r->n_findings);
  g_autofree char *n_damaged = review_report_damage_count (r->catalog, r->n_damaged,
                                                           r->photos->len);
  const char *no_facility = T (N_("No facility recorded"));
  const char *not_recorded = T (N_("Not recorded"));

  new_page (r);
  heading (r, T (N_("Summary")), FONT_H1);
  table_begin (r, &kv_table);
  kv_row (r, T (N_("Persons")), n_persons);
  kv_row (r, T (N_("Photos")), n_photos);
  kv_row (r, T (N_("Findings")), n_findings);
  kv_row (r, T (N_("Damaged photos")), n_damaged);
  table_end (r);

  for (guint i = 0; i < r->persons->len; i++)
    {
      Person *p = g_ptr_array_index (r->persons, i);
      const char *fac = field (p, "facility_uuid");
      const char *label = no_facility;
      GHashTable *photos;

      count_add (by_status, vocab_label (r, "identification_status",
                                         field (p, "identification_status")), 0);
      if (*fac != '\0')
        label = facility_label (r, fac);
      count_add (by_facility, label, 0);
      photos = g_hash_table_lookup (facility_photos, label);
      if (photos == NULL)
        {
          photos = g_hash_table_new (NULL, NULL);
          g_hash_table_insert (facility_photos, (gpointer) label, photos);
        }
      for (guint k = 0; k < p->photos->len; k++)
        g_hash_table_add (photos, g_ptr_array_index (p->photos, k));
    }
  for (guint i = 0; i < r->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (r->photos, i);

      count_add (by_photo_status, vocab_label (r, "review_status", photo->status), 0);
      for (guint k = 0; k < photo->findings->len; k++)
        {
          ReviewFindingRecord *f = g_ptr_array_index (photo->findings, k);
          count_add (by_type, vocab_label (r, "finding_types", f->finding_type), 0);
          count_add (by_region,
                     *f->body_region != '\0' ? vocab_label (r, "body_regions", f->body_region)
                                             : not_recorded,
                     0);
        }
    }

  count_table (r, T (N_("Persons by identification status")), T (N_("Identification status")),
               by_status);
  count_table (r, T (N_("Photos by review status")), T (N_("Review status")), by_photo_status);
  count_table (r, T (N_("Findings by type")), T (N_("Finding")), by_type);
  count_table (r, T (N_("Findings by body region")), T (N_("Body region")), by_region);

  /* Facilities: persons, and the photos and findings of those persons. */
  {
    static const Column columns[] = { { CONTENT_W - 210, NULL, ALIGN_START },
                                      { 70, NULL, ALIGN_CENTER }, { 70, NULL, ALIGN_CENTER },
                                      { 70, NULL, ALIGN_CENTER } };
    const char *headers[] = { T (N_("Facility")), T (N_("Persons")), T (N_("Photos")),
                              T (N_("Findings")) };
    Table t = { columns, 4, headers };
    g_autoptr(GPtrArray) rows = hash_values (by_facility);

    heading (r, T (N_("By facility")), FONT_H2);
    if (rows->len == 0)
      paragraph (r, T (N_("None.")), FONT_BODY);
    else
      {
        g_ptr_array_sort (rows, count_compare);
        table_begin (r, &t);
        for (guint i = 0; i < rows->len; i++)
          {
            Count *c = g_ptr_array_index (rows, i);
            GHashTable *photos = g_hash_table_lookup (facility_photos, c->label);
            GHashTableIter iter;
            gpointer key;
            guint findings = 0;
            g_autofree char *a = g_strdup_printf ("%u", c->a);
            g_autofree char *b = NULL;
            g_autofree char *f = NULL;

            g_hash_table_iter_init (&iter, photos);
            while (g_hash_table_iter_next (&iter, &key, NULL))
              findings += ((Photo *) key)->findings->len;
            b = g_strdup_printf ("%u", g_hash_table_size (photos));
            f = g_strdup_printf ("%u", findings);
            {
              const char *cells[] = { c->label, a, b, f };
              table_row (r, &t, cells);
            }
          }
        table_end (r);
      }
  }
}

static char *
finding_region_text (Report                    *r,
                     const ReviewFindingRecord *f)
{
  g_autoptr(GString) s = g_string_new (vocab_label (r, "body_regions", f->body_region));
  /* Translators: between the parts of a body region in the report, as in
   * "Forearm, left, front" */
  const char *separator = TC ("list", NC_("list", ", "));

  if (*f->laterality != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? separator : "",
                            vocab_label (r, "laterality", f->laterality));
  if (*f->aspect != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? separator : "",
                            vocab_label (r, "aspect", f->aspect));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
append_line (GString    *s,
             const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

static char *
finding_assessment_text (Report                    *r,
                         const ReviewFindingRecord *f)
{
  GString *s = g_string_new (NULL);

  if (*f->timing != '\0')
    {
      g_autofree char *line = labelled (r, T (N_("Timing")), vocab_label (r, "timing", f->timing));
      append_line (s, line);
    }
  if (*f->certainty != '\0')
    {
      g_autofree char *line = labelled (r, T (N_("Certainty")),
                                        vocab_label (r, "certainty", f->certainty));
      append_line (s, line);
    }
  if (*f->consistency != '\0' || *f->method != '\0')
    {
      g_autofree char *both = NULL;
      if (*f->consistency != '\0' && *f->method != '\0')
        both = g_strdup_printf ("%s %s", vocab_label (r, "consistency", f->consistency),
                                vocab_label (r, "methods", f->method));
      else
        both = g_strdup (*f->method != '\0' ? vocab_label (r, "methods", f->method)
                                            : vocab_label (r, "consistency", f->consistency));
      append_line (s, both);
    }
  return g_string_free (s, FALSE);
}

static char *
finding_details_text (Report                    *r,
                      const ReviewFindingRecord *f)
{
  GString *s = g_string_new (NULL);

  if (f->count > 0)
    {
      g_autofree char *n = g_strdup_printf ("%d", f->count);
      g_autofree char *line = labelled (r, T (N_("Count")), n);
      append_line (s, line);
    }
  if (*f->size != '\0')
    {
      g_autofree char *line = labelled (r, T (N_("Size")), f->size);
      append_line (s, line);
    }
  if (*f->appearance != '\0')
    {
      g_autofree char *line = labelled (r, T (N_("Appearance")), f->appearance);
      append_line (s, line);
    }
  append_line (s, f->note);
  return g_string_free (s, FALSE);
}

static char *
numbers_text (Report     *r,
              GPtrArray  *numbers)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < numbers->len; i++)
    {
      ReviewNumberRecord *n = g_ptr_array_index (numbers, i);
      const char *kind = n->kind;

      if (g_str_equal (n->kind, "detainee"))
        kind = TC ("number", NC_("number", "Detainee number"));
      else if (g_str_equal (n->kind, "branch"))
        kind = TC ("number", NC_("number", "Branch number"));
      else if (g_str_equal (n->kind, "forensic"))
        kind = TC ("number", NC_("number", "Forensic number"));
      else if (g_str_equal (n->kind, "hospital"))
        kind = TC ("number", NC_("number", "Hospital number"));
      g_autofree char *value = g_strdup_printf (FSI "%s" PDI, n->value);
      g_autofree char *line = labelled (r, kind, value);

      if (*n->legibility != '\0' && !g_str_equal (n->legibility, "clear"))
        {
          g_autofree char *with = g_strdup_printf ("%s (%s)", line,
                                                   vocab_label (r, "legibility", n->legibility));
          append_line (s, with);
        }
      else
        append_line (s, line);
    }
  return g_string_free (s, FALSE);
}

static gboolean
draw_person (Report  *r,
             Person  *person,
             guint    index,
             GError **error)
{
  g_autofree char *name = person_name (r, person);
  g_autofree char *title = g_strdup_printf ("%u. %s", index, name);
  g_autoptr(GPtrArray) numbers = review_store_list_numbers (r->vault, person->uuid, error);
  g_autofree char *numbers_str = NULL;
  const char *facility;
  g_autofree char *age = NULL;
  g_autofree char *n_photos = g_strdup_printf ("%u", person->photos->len);
  const char *sex = field (person, "sex");
  const char *age_min = field (person, "age_min");
  const char *age_max = field (person, "age_max");
  guint number = 1;

  if (numbers == NULL)
    return FALSE;
  numbers_str = numbers_text (r, numbers);
  facility = facility_label (r, field (person, "facility_uuid"));
  if (*age_min != '\0' && *age_max != '\0' && !g_str_equal (age_min, age_max))
    age = g_strdup_printf ("%s–%s", age_min, age_max);
  else
    age = g_strdup (*age_min != '\0' ? age_min : age_max);
  sex = g_str_equal (sex, "male") ? TC ("sex", NC_("sex", "Male"))
      : g_str_equal (sex, "female") ? TC ("sex", NC_("sex", "Female"))
      : g_str_equal (sex, "unknown") ? TC ("sex", NC_("sex", "Unknown"))
      : sex;

  new_page (r);
  heading (r, title, FONT_H1);
  table_begin (r, &kv_table);
  kv_row (r, T (N_("Name (Arabic)")), field (person, "name_ar"));
  kv_row (r, T (N_("Name (Latin letters)")), field (person, "name_latin"));
  kv_row (r, T (N_("Father’s name")), field (person, "father_name"));
  kv_row (r, T (N_("Mother’s name")), field (person, "mother_name"));
  kv_row (r, T (N_("Sex")), sex);
  kv_row (r, T (N_("Age")), age);
  kv_row (r, T (N_("Arrest date")), field (person, "arrest_date"));
  kv_row (r, T (N_("Last seen")), field (person, "last_seen"));
  kv_row (r, T (N_("Death (date recorded)")), field (person, "death_recorded"));
  kv_row (r, T (N_("Death (date alleged)")), field (person, "death_alleged"));
  kv_row (r, T (N_("Distinctive marks")), field (person, "distinctive_marks"));
  kv_row (r, T (N_("Identity numbers")), numbers_str);
  kv_row (r, T (N_("Facility")), facility);
  kv_row (r, T (N_("Identification status")),
          vocab_label (r, "identification_status", field (person, "identification_status")));
  kv_row (r, T (N_("Basis of identification")), field (person, "identification_basis"));
  kv_row (r, T (N_("Photos in this report")), n_photos);
  kv_row_mono (r, T (N_("Record identifier")), person->uuid);
  table_end (r);

  /* The findings, numbered as their regions are on the photos. */
  heading (r, T (N_("Findings")), FONT_H2);
  {
    static const Column columns[] = { { 22, NULL, ALIGN_CENTER }, { 44, NULL, ALIGN_CENTER },
                                      { 112, NULL, ALIGN_START }, { 100, NULL, ALIGN_START },
                                      { 112, NULL, ALIGN_START },
                                      { CONTENT_W - 390, NULL, ALIGN_START } };
    const char *headers[] = { "#", T (N_("Photo")), T (N_("Finding")), T (N_("Body region")),
                              T (N_("Assessment")), T (N_("Details")) };
    Table t = { columns, 6, headers };
    gboolean any = FALSE;

    for (guint i = 0; i < person->photos->len; i++)
      {
        Photo *photo = g_ptr_array_index (person->photos, i);

        for (guint k = 0; k < photo->findings->len; k++)
          {
            ReviewFindingRecord *f = g_ptr_array_index (photo->findings, k);
            g_autofree char *n = g_strdup_printf ("%u", number++);
            g_autofree char *p = g_strdup_printf ("%u", photo->number);
            g_autofree char *region = finding_region_text (r, f);
            g_autofree char *assessment = finding_assessment_text (r, f);
            g_autofree char *details = finding_details_text (r, f);
            const char *cells[] = { n, p, vocab_label (r, "finding_types", f->finding_type),
                                    region, assessment, details };

            if (!any)
              table_begin (r, &t);
            any = TRUE;
            table_row (r, &t, cells);
          }
      }
    if (any)
      table_end (r);
    else
      paragraph (r, T (N_("No findings are recorded on this person’s photos in this report’s "
                          "scope.")), FONT_BODY);
  }

  /* The photos, three to a row, regions outlined and numbered. */
  if (person->photos->len > 0)
    {
      heading_keep (r, T (N_("Photos")), FONT_H2,
                    r->options->images == REVIEW_REPORT_IMAGES_NONE ? 20 : PHOTO_BOX + 30);
      if (r->options->images == REVIEW_REPORT_IMAGES_NONE)
        paragraph (r, T (N_("Images are not included in this report; the annex lists the "
                            "photos by file name and SHA-256.")), FONT_BODY);
      else
        {
          double row_height = 0;

          number = 1;
          for (guint i = 0; i < person->photos->len; i++)
            {
              Photo *photo = g_ptr_array_index (person->photos, i);
              guint column = i % 3;

              if (column == 0)
                {
                  r->y += row_height + (i > 0 ? 8 : 0);
                  row_height = 0;
                  ensure_space (r, PHOTO_BOX + 30);
                }
              row_height = MAX (row_height, draw_photo (r, photo, number,
                                                        column * (PHOTO_BOX + PHOTO_GAP)));
              number += photo->findings->len;
            }
          r->y += row_height + 10;
        }
    }
  return TRUE;
}

/* A time the vault holds (ISO 8601) as the report shows times. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (iso == NULL)
    return g_strdup ("");
  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return g_strdup (iso);
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

/* A damaged file's mark under its row in the annex, in red on a tint. */
static void
annex_mark (Report     *r,
            const char *mark)
{
  double w = CONTENT_W - 26, h = text_height (r, mark, FONT_BOLD, w - 2 * CELL_PAD);

  cairo_set_source_rgb (r->cr, 0.99, 0.91, 0.89);
  cairo_rectangle (r->cr, phys_x (r, 26, w), r->y, w, h + 2 * CELL_PAD);
  cairo_fill (r->cr);
  cairo_set_source_rgb (r->cr, 0.60, 0.05, 0.05);
  draw_text (r, mark, FONT_BOLD, 26 + CELL_PAD, r->y + CELL_PAD, w - 2 * CELL_PAD, ALIGN_START);
  cairo_set_source_rgb (r->cr, 0, 0, 0);
  r->y += h + 2 * CELL_PAD;
}

static void
draw_annex (Report *r)
{
  /* A SHA-256 on one line: 64 characters of 0.6 em at 7 points, and padding. */
  static const Column columns[] = { { 26, NULL, ALIGN_CENTER }, { 128, NULL, ALIGN_START },
                                    { 284, FONT_MONO, ALIGN_START },
                                    { CONTENT_W - 438, NULL, ALIGN_CENTER } };
  static const Column batch_columns[] = { { 50, NULL, ALIGN_CENTER },
                                          { 240, FONT_MONO_KV, ALIGN_START },
                                          { 125, NULL, ALIGN_START },
                                          { CONTENT_W - 415, NULL, ALIGN_CENTER } };
  const char *headers[] = { "#", T (N_("File name")), "SHA-256", T (N_("Import")) };
  const char *batch_headers[] = { T (N_("Import")), T (N_("Import batch identifier")),
                                  T (N_("Started")), T (N_("Photos")) };
  Table t = { columns, 4, headers };
  Table bt = { batch_columns, 4, batch_headers };
  g_autoptr(GHashTable) batch_numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();   /* Photo*: each batch's first */
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));

  new_page (r);
  heading (r, T (N_("Annex: the original photos")), FONT_H1);
  paragraph (r, T (N_("Every original photo in this report’s scope, as imported: its file name, "
                      "the SHA-256 of the file’s bytes, and the import it came in. The originals "
                      "themselves stay in the vault; their SHA-256 identifies them.")), FONT_BODY);
  if (r->photos->len == 0)
    {
      paragraph (r, T (N_("None.")), FONT_BODY);
      return;
    }
  table_begin (r, &t);
  for (guint i = 0; i < r->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (r->photos, i);
      g_autofree char *n = g_strdup_printf ("%u", photo->number);
      g_autofree char *batch = NULL;
      const char *key = photo->batch != NULL ? photo->batch : "";
      guint number = GPOINTER_TO_UINT (g_hash_table_lookup (batch_numbers, key));

      if (number == 0)
        {
          guint zero = 0;

          g_ptr_array_add (batches, photo);
          g_array_append_val (counts, zero);
          number = batches->len;
          g_hash_table_insert (batch_numbers, (gpointer) key, GUINT_TO_POINTER (number));
        }
      g_array_index (counts, guint, number - 1)++;
      batch = g_strdup_printf ("%u", number);
      {
        const char *cells[] = { n, photo->file_name, photo->sha256, batch };
        g_autofree char *mark = NULL;

        /* A damaged file's row and its mark stay on one page. */
        if (photo->damage != NULL)
          {
            mark = review_report_damage_mark (r->catalog, photo->damage);
            if (r->y + 2 * CELL_PAD + text_height (r, photo->file_name, NULL, 128) +
                text_height (r, mark, FONT_BOLD, CONTENT_W - 26) + 8 > BOTTOM)
              {
                new_page (r);
                table_header (r, &t);
              }
          }
        table_row (r, &t, cells);
        if (mark != NULL)
          annex_mark (r, mark);
      }
    }
  table_end (r);

  heading (r, T (N_("Imports")), FONT_H2);
  table_begin (r, &bt);
  for (guint i = 0; i < batches->len; i++)
    {
      Photo *photo = g_ptr_array_index (batches, i);
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *count = g_strdup_printf ("%u", g_array_index (counts, guint, i));
      g_autofree char *started = format_time (photo->batch_time);
      const char *cells[] = { n, photo->batch, started, count };
      table_row (r, &bt, cells);
    }
  table_end (r);
}

static void
draw_checkpoint (Report *r)
{
  g_autofree char *entries = g_strdup_printf ("%" G_GINT64_FORMAT, r->audit_entries);

  heading (r, T (N_("Audit checkpoint")), FONT_H1);
  paragraph (r, T (N_("Every change in the vault is recorded in its audit trail, each entry "
                      "holding the hash of the one before. When this report was made the trail "
                      "verified, and it ended as below. A later copy of the trail that does not "
                      "contain this entry with this hash was altered.")), FONT_BODY);
  table_begin (r, &kv_table);
  kv_row (r, T (N_("Audit entries")), entries);
  kv_row_mono (r, T (N_("Hash of the last entry")), r->audit_last_hash);
  table_end (r);
}

/* The visible signature: a framed block whose rectangle the signature's
 * widget covers. It is the last thing on the last page. */
static void
draw_signature_block (Report *r)
{
  /* Certificate fields, escaped (review-text-escape.c). */
  g_autofree char *org = review_text_escape (review_signer_get_organization (r->signer), -1);
  g_autofree char *email = review_text_escape (review_signer_get_email (r->signer), -1);
  g_autofree char *name = review_text_escape (review_signer_get_name (r->signer), -1);
  g_autofree char *fingerprint = review_text_escape (review_signer_get_fingerprint (r->signer),
                                                     -1);
  g_autoptr(GString) who = g_string_new (name);
  g_autofree char *lines = NULL;
  g_autofree char *title = g_strdup (T (N_("Digitally signed")));
  g_autofree char *body = NULL;
  double h, x = 0, w = CONTENT_W, px;

  if (org != NULL && *org != '\0')
    g_string_append_printf (who, " — %s", org);
  if (email != NULL && *email != '\0')
    g_string_append_printf (who, " <%s>", email);
  {
    g_autofree char *l1 = labelled (r, T (N_("Signed by")), who->str);
    g_autofree char *l2 = labelled (r, T (N_("Signing time")), r->time_text);
    g_autofree char *l3 = labelled (r, T (N_("Certificate (SHA-256)")), fingerprint);
    g_autofree char *l4 = labelled (r, T (N_("Signature")),
                                    T (N_("PAdES, ETSI.CAdES.detached, SHA-256; it covers "
                                          "every byte of this file")));
    lines = g_strjoin ("\n", l1, l2, l3, l4, NULL);
  }
  body = g_strdup (lines);
  h = text_height (r, body, FONT_SMALL, w - 20) + text_height (r, title, FONT_H2, w - 20) + 24;

  ensure_space (r, h + 20);
  r->y += 12;
  px = phys_x (r, x, w);
  cairo_set_source_rgb (r->cr, 0.94, 0.96, 0.99);
  cairo_rectangle (r->cr, px, r->y, w, h);
  cairo_fill_preserve (r->cr);
  cairo_set_source_rgb (r->cr, 0.10, 0.20, 0.35);
  cairo_set_line_width (r->cr, 1.2);
  cairo_stroke (r->cr);
  {
    double ty = r->y + 8;
    ty += draw_text (r, title, FONT_H2, x + 10, ty, w - 20, ALIGN_START) + 6;
    cairo_set_source_rgb (r->cr, 0, 0, 0);
    draw_text (r, body, FONT_SMALL, x + 10, ty, w - 20, ALIGN_START);
  }
  /* In PDF space: points from the lower left corner. */
  r->sig_rect[0] = px;
  r->sig_rect[1] = PAGE_H - (r->y + h);
  r->sig_rect[2] = px + w;
  r->sig_rect[3] = PAGE_H - r->y;
  r->y += h;
}

/* --- writing -------------------------------------------------------------- */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
sign_cb (GBytes   *content,
         gpointer  user_data,
         GError  **error)
{
  return review_signer_sign_detached (user_data, content, error);
}

static gboolean
render (Report  *r,
        GError **error)
{
  g_autofree char *title = NULL;
  g_autofree char *created = g_date_time_format (r->time, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *creator = g_strdup_printf ("Review %s", PACKAGE_VERSION);
  cairo_font_options_t *font_options;

  r->pdf = g_byte_array_new ();
  r->surface = cairo_pdf_surface_create_for_stream (write_cb, r->pdf, PAGE_W, PAGE_H);
  title = g_strdup (T (N_("Documentation report")));
  cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_TITLE, title);
  {
    g_autofree char *author = review_text_escape (review_signer_get_name (r->signer), -1);
    cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_AUTHOR, author);
  }
  cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  r->cr = cairo_create (r->surface);

  r->fontmap = pango_cairo_font_map_new ();
  r->pango = pango_font_map_create_context (r->fontmap);
  pango_context_set_base_dir (r->pango, r->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  pango_context_set_language (r->pango,
                              pango_language_from_string (
                                review_catalog_get_language (r->catalog)));
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (r->pango, font_options);
  cairo_font_options_destroy (font_options);
  pango_cairo_update_context (r->cr, r->pango);
  /* Font sizes in points, as the page is measured. */
  pango_cairo_context_set_resolution (r->pango, 72);
  /* Positions rounded to whole points open gaps inside Arabic words at
   * small sizes, which text extraction then reads as spaces. */
  pango_context_set_round_glyph_positions (r->pango, FALSE);

  draw_cover (r);
  step_progress (r);
  if (r->photos->len > 0 || r->persons->len > 0)
    {
      draw_summary (r);
      step_progress (r);
      for (guint i = 0; i < r->persons->len; i++)
        {
          if (check_cancelled (r, error) ||
              !draw_person (r, g_ptr_array_index (r->persons, i), i + 1, error))
            return FALSE;
          step_progress (r);
        }
      draw_annex (r);
    }
  else
    new_page (r);
  draw_checkpoint (r);
  draw_signature_block (r);
  step_progress (r);

  cairo_show_page (r->cr);
  g_clear_pointer (&r->cr, cairo_destroy);
  cairo_surface_finish (r->surface);
  if (cairo_surface_status (r->surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED, _("The report could not be drawn: %s"),
                   cairo_status_to_string (cairo_surface_status (r->surface)));
      return FALSE;
    }
  return TRUE;
}

static char *
audit_details (Report     *r,
               const char *sha256,
               gsize       size)
{
  const ReviewReportOptions *o = r->options;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *file = g_path_get_basename (o->output_path);

#define MEMBER_STRING(name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_string_value (b, value); } G_STMT_END
#define MEMBER_INT(name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_int_value (b, value); } G_STMT_END

  json_builder_begin_object (b);
  MEMBER_STRING ("report_id", r->report_id);
  MEMBER_STRING ("file", file);
  MEMBER_STRING ("sha256", sha256);
  MEMBER_INT ("size", (gint64) size);
  MEMBER_STRING ("language", review_catalog_get_language (r->catalog));
  MEMBER_STRING ("images", review_report_images_to_string (o->images));
  if (o->images == REVIEW_REPORT_IMAGES_UNBLURRED)
    MEMBER_STRING ("reason", o->reason);
  json_builder_set_member_name (b, "scope");
  json_builder_begin_object (b);
  MEMBER_STRING ("kind", r->scope_kind);
  if (o->filter != NULL)
    {
      const ReviewSearch *q = o->filter;
      if (q->status != NULL) MEMBER_STRING ("status", q->status);
      if (q->finding != NULL) MEMBER_STRING ("finding", q->finding);
      if (q->region != NULL) MEMBER_STRING ("region", q->region);
      if (q->facility != NULL) MEMBER_STRING ("facility", q->facility);
      if (q->person != NULL) MEMBER_STRING ("person", q->person);
      if (q->number != NULL) MEMBER_STRING ("number", q->number);
      if (q->text != NULL && *q->text != '\0') MEMBER_STRING ("text", q->text);
      if (q->damaged)
        {
          json_builder_set_member_name (b, "damaged");
          json_builder_add_boolean_value (b, TRUE);
        }
    }
  if (o->photos != NULL)
    {
      json_builder_set_member_name (b, "photos");
      json_builder_begin_array (b);
      for (guint i = 0; o->photos[i] != NULL; i++)
        json_builder_add_string_value (b, o->photos[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  MEMBER_INT ("persons", r->persons->len);
  MEMBER_INT ("photos", r->photos->len);
  MEMBER_INT ("findings", r->n_findings);
  MEMBER_INT ("damaged_photos", r->n_damaged);
  MEMBER_INT ("pages", r->page);
  MEMBER_STRING ("signer", review_signer_get_fingerprint (r->signer));
  MEMBER_INT ("audit_checkpoint_entries", r->audit_entries);
  MEMBER_STRING ("audit_checkpoint_hash", r->audit_last_hash);
  json_builder_end_object (b);
#undef MEMBER_STRING
#undef MEMBER_INT

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Writes @bytes beside the destination, records the report in the audit
 * trail, then moves it into place. */
static gboolean
install_file (Report               *r,
              GBytes               *bytes,
              ReviewReportSummary  *summary,
              GError              **error)
{
  const char *path = r->options->output_path;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir_shown = review_text_quote (dir, -1);
  g_autofree char *path_shown = review_text_quote (path, -1);
  g_autofree char *tmp = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *details = NULL;
  gsize size = g_bytes_get_size (bytes);
  int saved;

  tmp = review_durable_write_temp (dir, base, bytes, NULL);
  if (tmp == NULL)
    {
      saved = errno;
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not write the report into “%s”: %s"), dir_shown, g_strerror (saved));
      return FALSE;
    }

  /* The last moment to stop; after the audit entry the report exists. */
  details = audit_details (r, sha256, size);
  if (check_cancelled (r, error) ||
      !review_vault_audit (r->vault, "report.exported", r->report_id, details, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not write the report “%s”: %s"), path_shown, g_strerror (saved));
      return FALSE;
    }
  /* The rename itself reaches the disk. */
  review_durable_sync_dir (dir);

  if (summary != NULL)
    {
      summary->sha256 = g_steal_pointer (&sha256);
      summary->size = size;
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/**
 * review_report_write:
 * @progress: (nullable): called from this thread after each part
 * @summary: (out caller-allocates) (optional): what was written
 *
 * Makes the report, signs it, records it in the audit trail and puts it at
 * @options->output_path. Supervisors only. Uses the vault's connection:
 * run it in the thread that owns the vault, or give it a vault of its own.
 */
gboolean
review_report_write (ReviewVault                *vault,
                     const ReviewReportOptions  *options,
                     GCancellable               *cancellable,
                     ReviewReportProgressFunc    progress,
                     gpointer                    progress_data,
                     ReviewReportSummary        *summary,
                     GError                    **error)
{
  Report report = { 0 };
  Report *r = &report;
  ReviewAuditReport audit = { 0 };
  g_autoptr(GBytes) unsigned_pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  ReviewPadesOptions pades = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (REVIEW_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (options != NULL && options->output_path != NULL, FALSE);

  if (summary != NULL)
    memset (summary, 0, sizeof *summary);
  if (review_profile_get_role (review_vault_get_profile (vault)) != REVIEW_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Only a supervisor can make reports. The role of this vault’s "
                             "profile can be changed in Preferences."));
      return FALSE;
    }
  if (options->images == REVIEW_REPORT_IMAGES_UNBLURRED && is_blank (options->reason))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Unblurred images need a reason, which the audit trail keeps."));
      return FALSE;
    }

  r->vault = vault;
  r->options = options;
  r->cancellable = cancellable;
  r->progress = progress;
  r->progress_data = progress_data;
  r->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  r->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  r->local_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  r->facility_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->report_id = g_uuid_string_random ();
  r->time = options->time != NULL ? g_date_time_to_utc (options->time)
                                  : g_date_time_new_now_utc ();
  r->time_text = g_date_time_format (r->time, "%Y-%m-%d %H:%M:%S UTC");

  r->catalog = review_catalog_new_for_language (options->language != NULL ? options->language
                                                                          : "en", error);
  if (r->catalog == NULL)
    goto out;
  r->rtl = review_catalog_is_rtl (r->catalog);
  r->vocab = review_vocab_load (error);
  if (r->vocab == NULL)
    goto out;
  r->signer = options->signer != NULL ? g_object_ref (options->signer)
                                      : review_signer_load (vault, error);
  if (r->signer == NULL)
    goto out;

  /* A signature would certify what it covers: never over a damaged vault. */
  if (!review_vault_check_integrity (vault, cancellable, error))
    {
      g_prefix_error (error, "%s ", _("The vault is damaged, and a report would be signed as "
                                      "if it were whole; nothing was written."));
      goto out;
    }

  /* The checkpoint: the trail as it stands, which must verify. */
  if (!review_vault_verify_audit (vault, &audit, error))
    goto out;
  if (audit.first_bad_seq != 0)
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_BROKEN,
                   _("The audit trail does not verify (%s) and a report would certify it. "
                     "See: review audit verify"), audit.problem);
      review_audit_report_clear (&audit);
      goto out;
    }
  r->audit_entries = audit.n_entries;
  r->audit_last_hash = g_strdup (audit.last_hash);
  review_audit_report_clear (&audit);

  if (!load_scope (r, error) || check_cancelled (r, error))
    goto out;
  r->total = r->persons->len + 3;
  if (!render (r, error) || check_cancelled (r, error))
    goto out;

  unsigned_pdf = g_byte_array_free_to_bytes (g_steal_pointer (&r->pdf));
  pades.signer_name = review_signer_get_name (r->signer);
  pades.time = r->time;
  memcpy (pades.rect, r->sig_rect, sizeof pades.rect);
  /* The checkpoint, machine-readable inside the signed revision, so that a
   * vault can later be checked against the report (audit verify --against). */
  {
    g_autofree char *entries = g_strdup_printf ("%" G_GINT64_FORMAT, r->audit_entries);
    const char *info[] = {
      "ReviewAuditEntries", entries,
      "ReviewAuditHash", r->audit_last_hash != NULL ? r->audit_last_hash : "",
      "ReviewVaultId", review_vault_get_id (r->vault),
      "ReviewReportId", r->report_id,
      NULL
    };
    pades.info_entries = info;
    signed_pdf = review_pades_sign (unsigned_pdf, &pades, sign_cb, r->signer, error);
  }
  if (signed_pdf == NULL || check_cancelled (r, error))
    goto out;
  if (!install_file (r, signed_pdf, summary, error))
    goto out;

  if (summary != NULL)
    {
      summary->report_id = g_strdup (r->report_id);
      summary->n_pages = r->page;
      summary->n_persons = r->persons->len;
      summary->n_photos = r->photos->len;
      summary->n_findings = r->n_findings;
      summary->n_damaged = r->n_damaged;
    }
  ok = TRUE;
  /* The report names this head: keep it outside the vault too. */
  review_anchor_keep_quietly (r->vault);

out:
  report_clear (r);
  return ok;
}
