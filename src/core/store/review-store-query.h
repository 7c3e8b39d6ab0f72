/* review-store-query.h: what the workspace reads back from the vault
 *
 * Plain records, owned by the caller; nothing here writes, except the two
 * undo helpers at the end, which are audited like every other change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "review-store.h"
#include "review-vocab.h"
#include "review-vault.h"

G_BEGIN_DECLS

typedef struct
{
  char        *uuid;
  ReviewShape  shape;
  double      *points;
  guint        n_points;
  char        *finding_type;
  char        *body_region;
  char        *laterality;
  char        *aspect;
  char        *timing;
  char        *method;
  char        *consistency;
  char        *certainty;
  int          count;
  char        *size;
  char        *appearance;
  char        *note;
  char        *author;
  char        *created;
} ReviewFindingRecord;

typedef struct
{
  char *uuid;
  char *name_ar;
  char *name_latin;
  char *identification_status;
  char *numbers;       /* the person's numbers, comma-separated, for display */
  guint n_photos;
} ReviewPersonHit;

typedef struct
{
  char *uuid;
  char *name_en;
  char *name_ar;
  char *type;
  char *branch_number;
  char *governorate;
  gboolean starter;
} ReviewFacilityHit;

typedef struct
{
  char *uuid;
  char *kind;
  char *value;
  char *legibility;
  char *transcribed_by;
  char *second_reader;
  char *facility_uuid;
  char *photo_uuid;
  char *region;
} ReviewNumberRecord;

typedef struct
{
  char *uuid;
  char *lang;
  char *text;
  char *translation_of;
  char *author;
  char *created;
} ReviewNoteRecord;

typedef struct
{
  char *uuid;
  char *name;
  char *relation;
  char *contact;
} ReviewFamilyContact;

void                 review_family_contact_free     (ReviewFamilyContact *contact);
void                 review_finding_record_free     (ReviewFindingRecord *record);
ReviewFindingRecord *review_finding_record_copy     (const ReviewFindingRecord *record);
void                 review_finding_record_view     (const ReviewFindingRecord *record,
                                                     ReviewFinding             *view);
void                 review_person_hit_free         (ReviewPersonHit     *hit);
void                 review_facility_hit_free       (ReviewFacilityHit   *hit);
void                 review_number_record_free      (ReviewNumberRecord  *record);
void                 review_note_record_free        (ReviewNoteRecord    *record);

GPtrArray  *review_store_list_findings   (ReviewVault  *vault,
                                          const char   *photo_uuid,
                                          GError      **error);
ReviewFindingRecord *review_store_get_finding (ReviewVault *vault,
                                          const char   *finding_uuid,
                                          GError      **error);
char      **review_store_photo_persons   (ReviewVault  *vault,
                                          const char   *photo_uuid,
                                          GError      **error);
GHashTable *review_store_get_person      (ReviewVault  *vault,
                                          const char   *person_uuid,
                                          GError      **error);
guint       review_store_count_person_photos (ReviewVault *vault,
                                          const char   *person_uuid);
GPtrArray  *review_store_find_persons    (ReviewVault  *vault,
                                          const char   *text,
                                          guint         limit,
                                          GError      **error);
GPtrArray  *review_store_find_facilities (ReviewVault  *vault,
                                          const char   *text,
                                          guint         limit,
                                          GError      **error);
ReviewFacilityHit *review_store_get_facility (ReviewVault *vault,
                                          const char   *facility_uuid,
                                          GError      **error);
GHashTable *review_store_get_facility_fields (ReviewVault *vault,
                                          const char   *facility_uuid,
                                          GError      **error);
GPtrArray  *review_store_list_numbers    (ReviewVault  *vault,
                                          const char   *person_uuid,
                                          GError      **error);
GPtrArray  *review_store_list_notes      (ReviewVault  *vault,
                                          const char   *target_uuid,
                                          GError      **error);
char       *review_store_get_photo_status (ReviewVault *vault,
                                          const char   *photo_uuid,
                                          GError      **error);
gint64      review_store_next_unreviewed (ReviewVault  *vault,
                                          gint64        after_id,
                                          GError      **error);

/* A vault's own terms for a vocabulary, as vocabulary entries (free each
 * with review_local_term_free). */
GPtrArray  *review_store_list_local_terms (ReviewVault *vault,
                                          const char   *vocabulary,
                                          GError      **error);
void        review_local_term_free       (gpointer      entry);

/* Restricted: reading them is recorded (without their content). */
GPtrArray  *review_store_list_family_contacts (ReviewVault *vault,
                                          const char   *person_uuid,
                                          GError      **error);

/* Undo of a deletion: the finding, with its UUID, is current again. */
gboolean    review_store_restore_finding (ReviewVault  *vault,
                                          const char   *finding_uuid,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewFindingRecord, review_finding_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewFacilityHit, review_facility_hit_free)

G_END_DECLS
