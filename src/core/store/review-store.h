/* review-store.h: typed queries and edits over the vault's annotation data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-vault.h"

G_BEGIN_DECLS

typedef struct
{
  const char *status;     /* review status code */
  const char *finding;    /* finding type code */
  const char *region;     /* body region code */
  const char *facility;   /* facility UUID, or a name (English, Arabic or alias) */
  const char *person;     /* person UUID */
  const char *number;     /* any identity number, exactly as transcribed */
  const char *text;       /* file name, person names, notes */
  gboolean    damaged;    /* only photos that decoded in part */
  guint       limit;      /* 0: no limit */
} ReviewSearch;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *sha256;
  char   *status;
  char   *file_name;      /* the display form: visible escapes, see review-text-escape.c */
  GBytes *file_name_raw;  /* the name's bytes as the file system had them */
  char   *damage;         /* translated reason, NULL for a whole photo */
  const char *damage_code; /* "missing", "corrupt", "partly", or NULL */
} ReviewSearchHit;

typedef struct
{
  guint      total;
  GPtrArray *hits;        /* ReviewSearchHit* */
} ReviewSearchResult;

ReviewSearchResult *review_store_search            (ReviewVault         *vault,
                                                    const ReviewSearch  *query,
                                                    GError             **error);
void                review_search_result_free      (ReviewSearchResult  *result);
gboolean            review_store_set_photo_status  (ReviewVault         *vault,
                                                    const char          *photo_uuid,
                                                    const char          *status,
                                                    GError             **error);
gboolean            review_status_is_valid         (const char          *status);

typedef enum
{
  REVIEW_SHAPE_RECT,
  REVIEW_SHAPE_ELLIPSE,
  REVIEW_SHAPE_POLYGON,
} ReviewShape;

/* A finding: a region on one photo (normalised coordinates of the oriented
 * original, 0..1) and what was seen there, by code. */
typedef struct
{
  ReviewShape  shape;
  double      *points;        /* rect/ellipse: x, y, w, h; polygon: x0, y0, x1, y1, … */
  guint        n_points;      /* number of doubles */
  const char  *finding_type;  /* vocabulary code, required */
  const char  *body_region;   /* optional codes: */
  const char  *laterality;
  const char  *aspect;
  const char  *timing;
  const char  *method;        /* supervisor only */
  const char  *consistency;   /* supervisor only */
  const char  *certainty;
  int          count;         /* 0: not given */
  const char  *size;
  const char  *appearance;
  const char  *note;
} ReviewFinding;

char               *review_store_add_finding       (ReviewVault         *vault,
                                                    const char          *photo_uuid,
                                                    const ReviewFinding *finding,
                                                    GError             **error);
gboolean            review_store_update_finding    (ReviewVault         *vault,
                                                    const char          *finding_uuid,
                                                    const ReviewFinding *finding,
                                                    GError             **error);
gboolean            review_store_delete_finding    (ReviewVault         *vault,
                                                    const char          *finding_uuid,
                                                    GError             **error);

/* Persons (the victims). Fields are set by name, so that every change is
 * audited field by field. */
char               *review_store_create_person     (ReviewVault         *vault,
                                                    GError             **error);
gboolean            review_store_set_person_field  (ReviewVault         *vault,
                                                    const char          *person_uuid,
                                                    const char          *field,
                                                    const char          *value,
                                                    GError             **error);
gboolean            review_store_link_photo        (ReviewVault         *vault,
                                                    const char          *person_uuid,
                                                    const char          *photo_uuid,
                                                    gboolean             linked,
                                                    GError             **error);
gboolean            review_store_set_identification (ReviewVault        *vault,
                                                    const char          *person_uuid,
                                                    const char          *status,
                                                    const char          *basis,
                                                    gboolean            *awaiting_second,
                                                    GError             **error);
char               *review_store_add_family_contact (ReviewVault        *vault,
                                                    const char          *person_uuid,
                                                    const char          *name,
                                                    const char          *relation,
                                                    const char          *contact,
                                                    GError             **error);

/* Identity numbers: detainee, branch, forensic or hospital numbers, each
 * with who read it, a second reader, and how legible it was. */
char               *review_store_add_number        (ReviewVault         *vault,
                                                    const char          *person_uuid,
                                                    const char          *kind,
                                                    const char          *value,
                                                    const char          *photo_uuid,
                                                    const char          *legibility,
                                                    GError             **error);
gboolean            review_store_second_read       (ReviewVault         *vault,
                                                    const char          *number_uuid,
                                                    GError             **error);
gboolean            review_store_set_number_field  (ReviewVault         *vault,
                                                    const char          *number_uuid,
                                                    const char          *field,
                                                    const char          *value,
                                                    GError             **error);

/* The facility gazetteer. */
char               *review_store_create_facility   (ReviewVault         *vault,
                                                    const char          *name_en,
                                                    const char          *name_ar,
                                                    const char          *type,
                                                    GError             **error);
gboolean            review_store_set_facility_field (ReviewVault        *vault,
                                                    const char          *facility_uuid,
                                                    const char          *field,
                                                    const char          *value,
                                                    GError             **error);

gboolean            review_store_merge_facilities (ReviewVault       *vault,
                                                    const char          *from_uuid,
                                                    const char          *into_uuid,
                                                    GError             **error);
gboolean            review_store_merge_persons     (ReviewVault         *vault,
                                                    const char          *from_uuid,
                                                    const char          *into_uuid,
                                                    GError             **error);

/* Notes carry a language; a translation is a note beside the original. */
char               *review_store_add_note          (ReviewVault         *vault,
                                                    const char          *target_uuid,
                                                    const char          *lang,
                                                    const char          *text,
                                                    const char          *translation_of,
                                                    GError             **error);

/* Local terms extend a vocabulary without breaking its codes. */
gboolean            review_store_add_local_term    (ReviewVault         *vault,
                                                    const char          *vocabulary,
                                                    const char          *code,
                                                    const char          *en,
                                                    const char          *ar,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewSearchResult, review_search_result_free)

G_END_DECLS
