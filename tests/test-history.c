/* test-history.c: the workspace's reads, undo and redo of every annotation
 * edit, and the constraints they keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-history.h"
#include "review-importer.h"
#include "review-store-query.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char          *dir;
  ReviewVault   *vault;
  ReviewHistory *history;
  char          *photo;    /* first photo's UUID */
  char          *photo2;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *photos = NULL;
  g_autofree char *vdir = NULL;
  g_autofree char *cmd = NULL;
  const char *paths[2];
  ReviewImportOptions options = { g_getenv ("REVIEW_DECODER_PATH"), 2, 0, NULL, NULL, NULL };
  g_autoptr(ReviewImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  f->dir = review_test_make_dir ();
  photos = g_build_filename (f->dir, "photos", NULL);
  vdir = g_build_filename (f->dir, "vault", NULL);
  cmd = g_strdup_printf ("%s %s 3 --width=320 --height=240", g_getenv ("REVIEW_GEN_PHOTOS"),
                         photos);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  f->vault = review_test_create_vault (vdir, NULL, NULL);
  paths[0] = photos;
  paths[1] = NULL;
  result = review_import_run (f->vault, paths, &options, NULL, &error);
  g_assert_no_error (error);
  f->history = review_history_new (f->vault);
  f->photo = review_db_query_text (review_vault_get_db (f->vault),
                                   "SELECT uuid FROM photos ORDER BY id LIMIT 1", NULL);
  f->photo2 = review_db_query_text (review_vault_get_db (f->vault),
                                    "SELECT uuid FROM photos ORDER BY id LIMIT 1 OFFSET 1", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->photo);
  g_free (f->photo2);
}

static guint
n_findings (Fixture    *f,
            const char *photo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = review_store_list_findings (f->vault, photo, &error);

  g_assert_no_error (error);
  return list->len;
}

static gint64
audit_count (Fixture    *f,
             const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit WHERE action = '%s'",
                                          action);
  gint64 n = -1;

  g_assert_true (review_db_query_int (review_vault_get_db (f->vault), sql, &n, NULL));
  return n;
}

static void
test_finding_undo_redo (Fixture       *f,
                        gconstpointer  data)
{
  double box[] = { 0.1, 0.2, 0.3, 0.25 };
  ReviewFinding finding = { REVIEW_SHAPE_RECT, box, 4, "contusion", .body_region = "forearm" };
  ReviewFinding changed = finding;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(ReviewFindingRecord) record = NULL;

  g_assert_false (review_history_can_undo (f->history));
  uuid = review_history_add_finding (f->history, f->photo, &finding, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_findings (f, f->photo), ==, 1);
  g_assert_cmpuint (n_findings (f, f->photo2), ==, 0);
  g_assert_true (review_history_can_undo (f->history));
  g_assert_cmpstr (review_history_peek_undo_photo (f->history), ==, f->photo);

  changed.finding_type = "abrasion";
  g_assert_true (review_history_update_finding (f->history, f->photo, uuid, &changed, &error));
  g_assert_no_error (error);
  record = review_store_get_finding (f->vault, uuid, &error);
  g_assert_cmpstr (record->finding_type, ==, "abrasion");
  g_assert_cmpstr (record->body_region, ==, "forearm");
  g_assert_cmpuint (record->n_points, ==, 4);
  g_assert_cmpfloat_with_epsilon (record->points[2], 0.3, 1e-6);
  g_clear_pointer (&record, review_finding_record_free);

  /* Undo the change, then the creation. */
  g_assert_true (review_history_undo (f->history, &error));
  record = review_store_get_finding (f->vault, uuid, &error);
  g_assert_cmpstr (record->finding_type, ==, "contusion");
  g_clear_pointer (&record, review_finding_record_free);
  g_assert_true (review_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_findings (f, f->photo), ==, 0);
  g_assert_false (review_history_can_undo (f->history));
  g_assert_false (review_history_undo (f->history, &error));
  g_clear_error (&error);

  /* Redo both: the same UUID comes back, then the change. */
  g_assert_true (review_history_redo (f->history, &error));
  g_assert_true (review_history_redo (f->history, &error));
  g_assert_no_error (error);
  record = review_store_get_finding (f->vault, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->finding_type, ==, "abrasion");
  g_assert_false (review_history_can_redo (f->history));

  /* Delete, undo: back with its UUID. A new edit clears redo. */
  g_assert_true (review_history_delete_finding (f->history, f->photo, uuid, &error));
  g_assert_cmpuint (n_findings (f, f->photo), ==, 0);
  g_assert_true (review_history_undo (f->history, &error));
  g_assert_cmpuint (n_findings (f, f->photo), ==, 1);
  g_assert_true (review_history_can_redo (f->history));
  g_assert_true (review_history_set_status (f->history, f->photo, "in-progress", &error));
  g_assert_false (review_history_can_redo (f->history));

  /* Every step is in the audit trail, which still verifies. */
  g_assert_cmpint (audit_count (f, "finding.created"), ==, 1);
  g_assert_cmpint (audit_count (f, "finding.restored"), ==, 2);
  g_assert_cmpint (audit_count (f, "finding.deleted"), ==, 2);
  g_assert_cmpint (audit_count (f, "finding.changed"), >=, 3);
}

static void
test_status_person_link (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = review_store_create_person (f->vault, &error);
  g_autofree char *status = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_auto(GStrv) persons = NULL;

  g_assert_true (review_history_set_status (f->history, f->photo, "done", &error));
  g_assert_true (review_history_set_person_field (f->history, f->photo, person, "name_ar",
                                                  "مُحَمَّد", &error));
  g_assert_true (review_history_link_photo (f->history, f->photo, person, TRUE, &error));
  g_assert_no_error (error);

  persons = review_store_photo_persons (f->vault, f->photo, &error);
  g_assert_cmpuint (g_strv_length (persons), ==, 1);
  g_assert_cmpstr (persons[0], ==, person);
  g_clear_pointer (&persons, g_strfreev);

  g_assert_true (review_history_undo (f->history, &error));   /* link */
  persons = review_store_photo_persons (f->vault, f->photo, &error);
  g_assert_cmpuint (g_strv_length (persons), ==, 0);
  g_assert_true (review_history_undo (f->history, &error));   /* name */
  fields = review_store_get_person (f->vault, person, &error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "name_ar"), ==, "");
  g_assert_true (review_history_undo (f->history, &error));   /* status */
  status = review_store_get_photo_status (f->vault, f->photo, &error);
  g_assert_cmpstr (status, ==, "unreviewed");
  g_clear_pointer (&status, g_free);

  g_assert_true (review_history_redo (f->history, &error));
  status = review_store_get_photo_status (f->vault, f->photo, &error);
  g_assert_cmpstr (status, ==, "done");
  g_assert_no_error (error);

  /* Next unreviewed skips the done photo and wraps round. */
  g_assert_cmpint (review_store_next_unreviewed (f->vault, 0, NULL), >, 1);
}

static void
test_refused_edits (Fixture       *f,
                    gconstpointer  data)
{
  double box[] = { 0.5, 0.5, 0.6, 0.2 };   /* runs off the photo */
  double ok[] = { 0.1, 0.1, 0.2, 0.2 };
  ReviewFinding outside = { REVIEW_SHAPE_RECT, box, 4, "contusion" };
  ReviewFinding unknown = { REVIEW_SHAPE_RECT, ok, 4, "no-such-code" };
  ReviewFinding method = { REVIEW_SHAPE_RECT, ok, 4, "contusion", .method = "beating" };
  g_autoptr(GError) error = NULL;
  char *uuid;

  uuid = review_history_add_finding (f->history, f->photo, &outside, &error);
  g_assert_null (uuid);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  uuid = review_history_add_finding (f->history, f->photo, &unknown, &error);
  g_assert_null (uuid);
  g_clear_error (&error);
  /* The local profile is a reviewer: no attributed method. */
  uuid = review_history_add_finding (f->history, f->photo, &method, &error);
  g_assert_null (uuid);
  g_clear_error (&error);
  g_assert_false (review_history_set_status (f->history, f->photo, "verified", &error));
  g_clear_error (&error);
  /* A finding on a photo that does not exist. */
  uuid = review_history_add_finding (f->history, "00000000-0000-4000-8000-000000000000", &unknown,
                                     &error);
  g_assert_null (uuid);
  g_clear_error (&error);
  g_assert_false (review_history_can_undo (f->history));
  g_assert_cmpuint (n_findings (f, f->photo), ==, 0);
}

static void
test_numbers_and_lookup (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = review_store_create_person (f->vault, &error);
  g_autofree char *facility = review_store_create_facility (f->vault, "Test Branch 999",
                                                            "فرع الاختبار ٩٩٩", "security-branch",
                                                            &error);
  g_autofree char *number = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) facilities = NULL;
  ReviewNumberRecord *n;

  g_assert_no_error (error);
  g_assert_true (review_store_set_person_field (f->vault, person, "name_latin", "Test Person",
                                                &error));
  number = review_store_add_number (f->vault, person, "branch", "999/2231", f->photo, "partial",
                                    &error);
  g_assert_no_error (error);
  g_assert_true (review_store_set_number_field (f->vault, number, "region",
                                                "[0.1,0.8,0.3,0.1]", &error));
  g_assert_true (review_store_set_number_field (f->vault, number, "facility_uuid", facility,
                                                &error));
  g_assert_no_error (error);
  g_assert_false (review_store_set_number_field (f->vault, number, "region", "[0.9,0.9,0.3,0.3]",
                                                 &error));
  g_clear_error (&error);
  g_assert_false (review_store_set_number_field (f->vault, number, "value", "1", &error));
  g_clear_error (&error);

  numbers = review_store_list_numbers (f->vault, person, &error);
  g_assert_cmpuint (numbers->len, ==, 1);
  n = g_ptr_array_index (numbers, 0);
  g_assert_cmpstr (n->value, ==, "999/2231");
  g_assert_cmpstr (n->kind, ==, "branch");
  g_assert_cmpstr (n->legibility, ==, "partial");
  g_assert_cmpstr (n->facility_uuid, ==, facility);
  g_assert_cmpstr (n->photo_uuid, ==, f->photo);
  g_assert_cmpstr (n->region, ==, "[0.1,0.8,0.3,0.1]");

  persons = review_store_find_persons (f->vault, "999/2231", 10, &error);
  g_assert_cmpuint (persons->len, ==, 1);
  g_clear_pointer (&persons, g_ptr_array_unref);
  persons = review_store_find_persons (f->vault, "test pers", 10, &error);
  g_assert_cmpuint (persons->len, ==, 1);
  g_clear_pointer (&persons, g_ptr_array_unref);
  /* Folded like the search index: vowel marks and letter forms. */
  g_assert_true (review_store_set_person_field (f->vault, person, "name_ar", "مُحَمَّد أَحمد",
                                                &error));
  persons = review_store_find_persons (f->vault, "محمد احمد", 10, &error);
  g_assert_cmpuint (persons->len, ==, 1);
  g_clear_pointer (&persons, g_ptr_array_unref);
  persons = review_store_find_persons (f->vault, "%", 10, &error);
  g_assert_cmpuint (persons->len, ==, 0);

  facilities = review_store_find_facilities (f->vault, "الاختبار", 10, &error);
  g_assert_cmpuint (facilities->len, ==, 1);
  g_clear_pointer (&facilities, g_ptr_array_unref);
  facilities = review_store_find_facilities (f->vault, "test branch", 10, &error);
  g_assert_cmpuint (facilities->len, ==, 1);
  g_assert_no_error (error);
}

static void
test_notes_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = review_store_add_note (f->vault, f->photo, "ar", "ملاحظة", NULL, &error);
  g_autofree char *second = review_store_add_note (f->vault, f->photo, "en", "Second", NULL, &error);
  g_autofree char *tr = review_store_add_note (f->vault, f->photo, "en", "A note", first, &error);
  g_autoptr(GPtrArray) notes = NULL;

  g_assert_no_error (error);
  notes = review_store_list_notes (f->vault, f->photo, &error);
  g_assert_cmpuint (notes->len, ==, 3);
  /* The translation sits right after its original. */
  g_assert_cmpstr (((ReviewNoteRecord *) notes->pdata[0])->uuid, ==, first);
  g_assert_cmpstr (((ReviewNoteRecord *) notes->pdata[1])->uuid, ==, tr);
  g_assert_cmpstr (((ReviewNoteRecord *) notes->pdata[1])->translation_of, ==, first);
  g_assert_cmpstr (((ReviewNoteRecord *) notes->pdata[2])->uuid, ==, second);
}

static void
test_family_contacts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = review_store_create_person (f->vault, &error);
  g_autofree char *contact = review_store_add_family_contact (f->vault, person, "Secret Name",
                                                              "brother", "+963 000", &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *audit = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (audit_count (f, "person.family-viewed"), ==, 0);
  list = review_store_list_family_contacts (f->vault, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((ReviewFamilyContact *) list->pdata[0])->name, ==, "Secret Name");
  /* Reading is recorded, and no audit row holds the content. */
  g_assert_cmpint (audit_count (f, "person.family-viewed"), ==, 1);
  audit = review_db_query_text (review_vault_get_db (f->vault),
                                "SELECT group_concat (details, ' ') FROM audit", NULL);
  g_assert_null (strstr (audit, "Secret Name"));
  g_assert_null (strstr (audit, "+963"));
}

static void
test_merge_facilities (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = review_store_create_person (f->vault, &error);
  g_autofree char *dup = review_store_create_facility (f->vault, "Branch 999 (typo)", "",
                                                       "security-branch", &error);
  g_autofree char *real = review_store_create_facility (f->vault, "Branch 999", "فرع ٩٩٩",
                                                        "security-branch", &error);
  g_autofree char *number = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ReviewSearch q = { 0 };
  g_autoptr(ReviewSearchResult) result = NULL;

  g_assert_no_error (error);
  g_assert_true (review_store_link_photo (f->vault, person, f->photo, TRUE, &error));
  g_assert_true (review_store_set_person_field (f->vault, person, "facility_uuid", dup, &error));
  number = review_store_add_number (f->vault, person, "branch", "999/1", f->photo, "clear",
                                    &error);
  g_assert_true (review_store_set_number_field (f->vault, number, "facility_uuid", dup, &error));

  g_assert_true (review_store_merge_facilities (f->vault, dup, real, &error));
  g_assert_no_error (error);
  fields = review_store_get_person (f->vault, person, &error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "facility_uuid"), ==, real);
  numbers = review_store_list_numbers (f->vault, person, &error);
  g_assert_cmpstr (((ReviewNumberRecord *) numbers->pdata[0])->facility_uuid, ==, real);
  /* The duplicate is kept, answers as the one it was merged into, and is
   * no longer offered. */
  {
    g_autoptr(ReviewFacilityHit) hit = review_store_get_facility (f->vault, dup, &error);
    g_assert_cmpstr (hit->uuid, ==, real);
  }
  found = review_store_find_facilities (f->vault, "typo", 10, &error);
  g_assert_cmpuint (found->len, ==, 0);
  q.facility = "Branch 999";
  result = review_store_search (f->vault, &q, &error);
  g_assert_cmpuint (result->total, ==, 1);
  g_assert_cmpint (audit_count (f, "facility.merged"), ==, 1);
  /* Merging again, or into itself, is refused. */
  g_assert_false (review_store_merge_facilities (f->vault, dup, real, &error));
  g_clear_error (&error);
  g_assert_false (review_store_merge_facilities (f->vault, real, real, &error));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  review_test_init (&argc, &argv);
  g_test_add ("/history/finding", Fixture, NULL, fixture_setup, test_finding_undo_redo,
              fixture_teardown);
  g_test_add ("/history/status-person-link", Fixture, NULL, fixture_setup,
              test_status_person_link, fixture_teardown);
  g_test_add ("/history/refused", Fixture, NULL, fixture_setup, test_refused_edits,
              fixture_teardown);
  g_test_add ("/query/numbers-lookup", Fixture, NULL, fixture_setup, test_numbers_and_lookup,
              fixture_teardown);
  g_test_add ("/query/notes-order", Fixture, NULL, fixture_setup, test_notes_order,
              fixture_teardown);
  g_test_add ("/query/family-contacts", Fixture, NULL, fixture_setup, test_family_contacts,
              fixture_teardown);
  g_test_add ("/query/merge-facilities", Fixture, NULL, fixture_setup, test_merge_facilities,
              fixture_teardown);
  return g_test_run ();
}
