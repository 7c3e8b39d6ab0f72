/* review-pdf-doc.h: a PDF's revisions as its cross-reference sections
 * define them, for the structure check. Internal to the core; see
 * review-pdf-doc.c (revisions, objects, fields) and review-pdf-docmdp.c
 * (what a revision after the first signature may change).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-pdf-parse.h"
#include "review-pdf-status.h"

G_BEGIN_DECLS

#define PDF_MAX_REVISIONS   100000   /* cross-reference sections followed */
#define PDF_MAX_FIELDS      4096     /* form field nodes visited */
#define PDF_MAX_FIELD_DEPTH 32       /* /Kids nesting */
#define PDF_MAX_OBJECT_NUM  G_MAXUINT32
#define PDF_FREE            G_MAXSIZE /* an offset that means "free entry" */

typedef struct
{
  guint32 num;
  gsize   off;                 /* of "n g obj", or PDF_FREE */
} PdfEntry;

typedef struct
{
  gsize    xref;               /* offset of "xref" */
  gsize    trailer;            /* the trailer's dictionary */
  gsize    start;              /* where the bytes this revision adds begin */
  gsize    end;                /* after "%%EOF" and one end of line; 0: none */
  GArray  *entries;            /* (element-type PdfEntry) in section order */
  guint64  root;
  gboolean has_root;
  guint64  info;
  gboolean has_info;
} PdfRevision;

typedef struct
{
  Buf         buf;
  gsize       work;            /* bytes tokenized so far */
  gsize       budget;          /* …and the most that may be */
  GPtrArray  *revs;            /* (element-type PdfRevision) oldest first */
  GHashTable *history;         /* num → GArray of PdfHistory, oldest first */
  GHashTable *spans;           /* offset → PdfSpan, objects parsed once */
} PdfDoc;

typedef struct
{
  gsize    start;              /* the object's value */
  gsize    end;
  guint64  num;
  gboolean ok;                 /* "num g obj" and a value */
  gboolean stream;             /* the value is a stream's dictionary */
} PdfSpan;

/* A form's signature fields as of one revision. */
typedef struct
{
  GHashTable *nodes;           /* field and widget numbers (a set) */
  GHashTable *other;           /* …those that are not signature fields */
  GArray     *top;             /* (element-type guint64) /Fields, in order */
  GArray     *sigs;            /* (element-type guint64) each /V, in order */
  GArray     *sig_fields;      /* (element-type guint64) the field of each */
  guint64     acroform;        /* its object, when indirect */
  gboolean    acroform_indirect;
  gsize       acroform_dict;   /* 0: no AcroForm */
  char       *problem;         /* translated; why the fields cannot be read */
} PdfFields;

gboolean  review_pdf_doc_read        (PdfDoc       *doc,
                                      GBytes       *pdf,
                                      char        **problem);
void      review_pdf_doc_clear       (PdfDoc       *doc);
gboolean  review_pdf_doc_over_budget (PdfDoc       *doc);
PdfRevision *review_pdf_doc_rev      (PdfDoc       *doc,
                                      guint         rev);
gboolean  review_pdf_doc_offset      (PdfDoc       *doc,
                                      guint64       num,
                                      guint         rev,
                                      gsize        *off,
                                      guint        *defined_in);
const PdfSpan *review_pdf_doc_object (PdfDoc       *doc,
                                      guint64       num,
                                      guint         rev);
const PdfSpan *review_pdf_doc_object_at (PdfDoc    *doc,
                                      gsize         off);
gboolean  review_pdf_doc_resolve     (PdfDoc       *doc,
                                      guint         rev,
                                      gsize         value,
                                      gsize        *resolved);
gboolean  review_pdf_doc_is_dict     (PdfDoc       *doc,
                                      gsize         value);
gboolean  review_pdf_doc_values_equal (PdfDoc      *doc,
                                      gsize         a,
                                      gsize         b);
GHashTable *review_pdf_doc_dict_entries (PdfDoc    *doc,
                                      gsize         dict,
                                      gboolean     *duplicates);
gboolean  review_pdf_doc_name_is     (PdfDoc       *doc,
                                      gsize         value,
                                      const char   *name);
void      review_pdf_doc_fields      (PdfDoc       *doc,
                                      guint         rev,
                                      PdfFields    *fields);
void      review_pdf_fields_clear    (PdfFields    *fields);

/* Whether revision @rev only adds a signature to revision @rev - 1; when
 * not, a translated reason. */
ReviewPdfStatus review_pdf_docmdp_check (PdfDoc    *doc,
                                         guint      rev,
                                         char     **problem);

G_END_DECLS
