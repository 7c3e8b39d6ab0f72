/* test-store.c: searching photos, and review status changes with their audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-db-private.h"
#include "review-error.h"
#include "review-importer.h"
#include "review-store.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char        *dir;
  ReviewVault *vault;
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
  cmd = g_strdup_printf ("%s %s 6 --width=320 --height=240", g_getenv ("REVIEW_GEN_PHOTOS"),
                         photos);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  f->vault = review_test_create_vault (vdir, NULL, NULL);
  paths[0] = photos;
  paths[1] = NULL;
  result = review_import_run (f->vault, paths, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 6);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->dir);
}

static guint
search_total (Fixture            *f,
              const ReviewSearch *q)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewSearchResult) r = review_store_search (f->vault, q, &error);

  g_assert_no_error (error);
  return r->total;
}

static char *
uuid_of (Fixture    *f,
         const char *file_name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM photos WHERE file_name = '%s'",
                                          file_name);
  return review_db_query_text (review_vault_get_db (f->vault), sql, NULL);
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = uuid_of (f, "photo-00001.jpg");
  g_autofree char *b = uuid_of (f, "photo-00002.jpg");
  g_autoptr(GError) error = NULL;
  ReviewSearch all = { 0 }, done = { .status = "done" }, bad = { .status = "finished" };
  gint64 n = 0;

  g_assert_cmpuint (search_total (f, &all), ==, 6);
  g_assert_true (review_store_set_photo_status (f->vault, a, "done", &error));
  g_assert_true (review_store_set_photo_status (f->vault, b, "done", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &done), ==, 2);

  /* Each change is an audit event with before and after. */
  g_assert_true (review_db_query_int (review_vault_get_db (f->vault),
                                      "SELECT count(*) FROM audit WHERE action = 'photo.status'"
                                      " AND json_extract(details, '$.before') = 'unreviewed'"
                                      " AND json_extract(details, '$.after') = 'done'", &n, NULL));
  g_assert_cmpint (n, ==, 2);

  /* Verified is a supervisor's status. */
  g_assert_false (review_store_set_photo_status (f->vault, a, "verified", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (review_vault_set_profile (f->vault, "Supervisor", REVIEW_ROLE_SUPERVISOR,
                                           &error));
  g_assert_true (review_store_set_photo_status (f->vault, a, "verified", &error));
  g_assert_no_error (error);

  g_assert_false (review_store_set_photo_status (f->vault, a, "finished", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_set_photo_status (f->vault, "no-such-photo", "done", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (review_store_search (f->vault, &bad, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A value given by the user goes into the message escaped and isolated
   * (review_text_quote): one line, no terminal control, no reordering. */
  g_assert_false (review_store_set_photo_status (f->vault, "x\n\x1b[2J\u202Egnp.exe", "done",
                                                 &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "x\\n\\x1b[2J\\u{202E}gnp.exe"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_null (strstr (error->message, "\u202E"));
  g_clear_error (&error);
  g_assert_false (review_store_set_photo_status (f->vault, a, "d\xff\u2066one", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "d\\xff\\u{2066}one"));
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  sqlite3 *db = review_vault_get_db (f->vault);
  g_autofree char *photo_id = review_db_query_text (db, "SELECT id FROM photos WHERE file_name"
                                                        " = 'photo-00003.jpg'", NULL);
  g_autofree char *sql = NULL;
  ReviewSearch text = { .text = "00003" };
  ReviewSearch text_wildcard = { .text = "%0003" };
  ReviewSearch text_words = { .text = "PHOTO_00003" };
  ReviewSearch finding = { .finding = "abrasion" };
  ReviewSearch region = { .region = "forearm" };
  ReviewSearch both = { .finding = "abrasion", .region = "scalp" };
  ReviewSearch number = { .number = "1234/56" };
  ReviewSearch number_partial = { .number = "1234" };
  ReviewSearch person = { .person = "3b2f4a8e-0000-4000-8000-000000000001" };
  ReviewSearch facility_name = { .facility = "Branch 215" };
  ReviewSearch facility_ar = { .facility = "الفرع ٢١٥" };
  ReviewSearch by_name = { .text = "Ahmad" };
  ReviewSearch limited = { .limit = 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewSearchResult) r = NULL;

  /* Fixtures for data the annotation workspace will write. */
  sql = g_strdup_printf (
    "INSERT INTO facilities (uuid, name_en, name_ar, aliases, type, created, updated) VALUES"
    " ('f0000000-0000-4000-8000-000000000001', 'Branch 215', 'الفرع ٢١٥', '[\"Raids branch\"]',"
    "  'security-branch', 'now', 'now');"
    "INSERT INTO persons (uuid, name_latin, facility_uuid, created, updated) VALUES"
    " ('3b2f4a8e-0000-4000-8000-000000000001', 'Ahmad', 'f0000000-0000-4000-8000-000000000001',"
    "  'now', 'now');"
    "INSERT INTO photo_persons (photo_id, person_uuid) VALUES"
    " (%s, '3b2f4a8e-0000-4000-8000-000000000001');"
    "INSERT INTO identity_numbers (uuid, person_uuid, kind, value, created) VALUES"
    " ('n1', '3b2f4a8e-0000-4000-8000-000000000001', 'detainee', '1234/56', 'now');"
    "INSERT INTO findings (uuid, photo_id, photo_sha256, shape, geometry, finding_type,"
    " body_region, author, created, updated) SELECT 'g1', id, sha256, 'rect',"
    " '[0.1,0.1,0.2,0.2]', 'abrasion', 'forearm', 'a', 'now', 'now' FROM photos WHERE id = %s;",
    photo_id, photo_id);
  g_assert_true (review_db_exec (db, sql, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (search_total (f, &text), ==, 1);
  g_assert_cmpuint (search_total (f, &text_wildcard), ==, 0);  /* % is not a wildcard */
  g_assert_cmpuint (search_total (f, &text_words), ==, 1);     /* _ separates words */
  g_assert_cmpuint (search_total (f, &finding), ==, 1);
  g_assert_cmpuint (search_total (f, &region), ==, 1);
  g_assert_cmpuint (search_total (f, &both), ==, 0);
  g_assert_cmpuint (search_total (f, &number), ==, 1);
  g_assert_cmpuint (search_total (f, &number_partial), ==, 0); /* exactly as transcribed */
  g_assert_cmpuint (search_total (f, &person), ==, 1);
  g_assert_cmpuint (search_total (f, &facility_name), ==, 1);
  g_assert_cmpuint (search_total (f, &facility_ar), ==, 1);
  g_assert_cmpuint (search_total (f, &by_name), ==, 1);

  r = review_store_search (f->vault, &limited, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->total, ==, 6);
  g_assert_cmpuint (r->hits->len, ==, 2);
  g_assert_cmpuint (strlen (((ReviewSearchHit *) g_ptr_array_index (r->hits, 0))->sha256), ==, 64);
}

static gint64
audit_count (Fixture    *f,
             const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);
  gint64 n = -1;

  g_assert_true (review_db_query_int (review_vault_get_db (f->vault), sql, &n, NULL));
  return n;
}

static void
test_findings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *photo = uuid_of (f, "photo-00004.jpg");
  double rect[] = { 0.1, 0.2, 0.3, 0.25 };
  double outside[] = { 0.8, 0.2, 0.3, 0.25 };
  double triangle[] = { 0.1, 0.1, 0.5, 0.1, 0.3, 0.6 };
  ReviewFinding fd = { REVIEW_SHAPE_RECT, rect, 4, "abrasion", "forearm", "left", "", "ante-mortem",
                       NULL, NULL, NULL, 2, "2 × 3 cm", "", "" };
  ReviewSearch by_type = { .finding = "abrasion" };
  ReviewSearch forearm = { .region = "forearm" };
  ReviewSearch scalp = { .region = "scalp" };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  char *bad_uuid;

  uuid = review_store_add_finding (f->vault, photo, &fd, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpuint (search_total (f, &by_type), ==, 1);
  g_assert_cmpuint (search_total (f, &forearm), ==, 1);
  g_assert_cmpint (audit_count (f, "action = 'finding.created' AND json_extract(details,"
                                   " '$.after.body_region') = 'forearm'"), ==, 1);

  /* Refused: unknown codes, regions outside the photo, wrong shapes. */
  {
    ReviewFinding bad = fd;
    bad.finding_type = "made-up";
    bad_uuid = review_store_add_finding (f->vault, photo, &bad, &error);
    g_assert_null (bad_uuid);
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    bad = fd;
    bad.body_region = "elbowish";
    g_assert_null (review_store_add_finding (f->vault, photo, &bad, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    bad = fd;
    bad.points = outside;
    g_assert_null (review_store_add_finding (f->vault, photo, &bad, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    bad = fd;
    bad.shape = REVIEW_SHAPE_POLYGON;
    g_assert_null (review_store_add_finding (f->vault, photo, &bad, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    bad.points = triangle;
    bad.n_points = 6;
    bad.body_region = "chest";
    bad_uuid = review_store_add_finding (f->vault, photo, &bad, &error);
    g_assert_no_error (error);
    g_free (bad_uuid);
    /* A method is a supervisor's attribution. */
    bad = fd;
    bad.method = "beating";
    g_assert_null (review_store_add_finding (f->vault, photo, &bad, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_null (review_store_add_finding (f->vault, "no-such-photo", &fd, &error));
    g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* An edit records only what changed, before and after. */
  fd.body_region = "scalp";
  g_assert_true (review_store_update_finding (f->vault, uuid, &fd, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &scalp), ==, 1);
  g_assert_cmpuint (search_total (f, &forearm), ==, 0);
  g_assert_cmpint (audit_count (f, "action = 'finding.changed'"
                                   " AND json_extract(details, '$.before.body_region') = 'forearm'"
                                   " AND json_extract(details, '$.after.body_region') = 'scalp'"
                                   " AND json_extract(details, '$.after.finding_type') IS NULL"),
                   ==, 1);
  /* No change, no event. */
  g_assert_true (review_store_update_finding (f->vault, uuid, &fd, &error));
  g_assert_cmpint (audit_count (f, "action = 'finding.changed'"), ==, 1);

  /* Deleting keeps the row and what it said, in the audit trail. */
  g_assert_true (review_store_delete_finding (f->vault, uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &scalp), ==, 0);
  g_assert_cmpint (audit_count (f, "action = 'finding.deleted'"
                                   " AND json_extract(details, '$.before.body_region') = 'scalp'"),
                   ==, 1);
  g_assert_false (review_store_delete_finding (f->vault, uuid, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* As a supervisor, a method may be attributed. */
  g_assert_true (review_vault_set_profile (f->vault, "Supervisor", REVIEW_ROLE_SUPERVISOR,
                                           &error));
  fd.method = "beating";
  fd.consistency = "consistent";
  bad_uuid = review_store_add_finding (f->vault, photo, &fd, &error);
  g_assert_no_error (error);
  g_free (bad_uuid);
}

static char *
person_text (Fixture    *f,
             const char *column,
             const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, '') FROM persons WHERE uuid = '%s'",
                                          column, uuid);
  return review_db_query_text (review_vault_get_db (f->vault), sql, NULL);
}

static void
test_persons (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *photo = uuid_of (f, "photo-00005.jpg");
  g_autofree char *person = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  ReviewSearch by_person = { 0 };
  ReviewSearch by_name = { .text = "Khaled" };
  gboolean awaiting = FALSE;

  person = review_store_create_person (f->vault, &error);
  g_assert_no_error (error);
  by_person.person = person;
  g_assert_true (review_store_set_person_field (f->vault, person, "name_latin", "Khaled", &error));
  g_assert_true (review_store_set_person_field (f->vault, person, "name_ar", "خالد", &error));
  g_assert_true (review_store_set_person_field (f->vault, person, "age_min", "30", &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit_count (f, "action = 'person.changed' AND json_extract(details,"
                                   " '$.field') = 'name_latin' AND json_extract(details,"
                                   " '$.after') = 'Khaled'"), ==, 1);
  g_assert_false (review_store_set_person_field (f->vault, person, "age_min", "thirty", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_set_person_field (f->vault, person, "password", "x", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A body set: photos linked to the person. */
  g_assert_true (review_store_link_photo (f->vault, person, photo, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &by_person), ==, 1);
  g_assert_cmpuint (search_total (f, &by_name), ==, 1);
  g_assert_true (review_store_link_photo (f->vault, person, photo, FALSE, &error));
  g_assert_cmpuint (search_total (f, &by_person), ==, 0);

  /* "confirmed" needs a second person. */
  g_assert_true (review_store_set_identification (f->vault, person, "probable", "family "
                                                  "recognition", &awaiting, &error));
  g_assert_false (awaiting);
  g_assert_true (review_store_set_identification (f->vault, person, "confirmed", NULL, &awaiting,
                                                  &error));
  g_assert_no_error (error);
  g_assert_true (awaiting);
  status = person_text (f, "identification_status", person);
  g_assert_cmpstr (status, ==, "probable");
  g_assert_false (review_store_set_identification (f->vault, person, "confirmed", NULL, &awaiting,
                                                   &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Another person asked first: this confirmation is the second. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE persons SET confirmed_by ="
                                            " 'someone-else' WHERE uuid = '%s'", person);
    g_assert_true (review_db_exec (review_vault_get_db (f->vault), sql, NULL));
  }
  g_assert_true (review_store_set_identification (f->vault, person, "confirmed", NULL, &awaiting,
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (awaiting);
  g_free (status);
  status = person_text (f, "identification_status", person);
  g_assert_cmpstr (status, ==, "confirmed");
  g_free (status);
  status = person_text (f, "second_confirmed_by", person);
  g_assert_cmpstr (status, ==,
                   review_profile_get_id (review_vault_get_profile (f->vault)));
  g_assert_false (review_store_set_identification (f->vault, person, "known", NULL, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Family contacts: stored apart, and the audit trail never holds them. */
  contact = review_store_add_family_contact (f->vault, person, "Mariam", "sister",
                                             "+963 11 555 0100", &error);
  g_assert_no_error (error);
  g_assert_nonnull (contact);
  g_assert_cmpint (audit_count (f, "action = 'person.family-contact'"), ==, 1);
  g_assert_cmpint (audit_count (f, "details LIKE '%Mariam%' OR details LIKE '%555 0100%'"
                                   " OR details LIKE '%sister%'"), ==, 0);
}

static void
test_numbers_and_facilities (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *photo = uuid_of (f, "photo-00002.jpg");
  g_autofree char *person = review_store_create_person (f->vault, NULL);
  g_autofree char *number = NULL;
  g_autofree char *facility = NULL;
  g_autoptr(GError) error = NULL;
  ReviewSearch by_number = { .number = "215/4471" };
  ReviewSearch by_facility = { .facility = "Palestine Branch" };
  ReviewSearch by_alias = { .facility = "Far'" };
  char *bad;

  /* Numbers are kept exactly as transcribed, and found that way. */
  g_assert_true (review_store_link_photo (f->vault, person, photo, TRUE, NULL));
  number = review_store_add_number (f->vault, person, "branch", "215/4471", photo, "partial",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &by_number), ==, 1);
  bad = review_store_add_number (f->vault, person, "shoe-size", "42", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (review_store_add_number (f->vault, person, "detainee", "  ", NULL, NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (review_store_add_number (f->vault, person, "detainee", "1", NULL, "blurry",
                                          &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* The second reader cannot be the transcriber. */
  g_assert_false (review_store_second_read (f->vault, number, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE identity_numbers SET transcribed_by ="
                                            " 'someone-else' WHERE uuid = '%s'", number);
    g_assert_true (review_db_exec (review_vault_get_db (f->vault), sql, NULL));
  }
  g_assert_true (review_store_second_read (f->vault, number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit_count (f, "action = 'person.number-added'"), ==, 1);

  /* Facilities: bilingual, typed by code, linked to persons. */
  facility = review_store_create_facility (f->vault, "Palestine Branch", "فرع فلسطين",
                                           "security-branch", &error);
  g_assert_no_error (error);
  g_assert_true (review_store_set_facility_field (f->vault, facility, "branch_number", "235",
                                                  &error));
  g_assert_true (review_store_set_facility_field (f->vault, facility, "aliases",
                                                  "[\"Far' Filastin\"]", &error));
  g_assert_true (review_store_set_facility_field (f->vault, facility, "latitude", "33.4913",
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (review_store_set_facility_field (f->vault, facility, "latitude", "123",
                                                   &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_set_facility_field (f->vault, facility, "type", "castle", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_set_facility_field (f->vault, facility, "id", "1", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (review_store_create_facility (f->vault, "", "", NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (review_store_set_person_field (f->vault, person, "facility_uuid", facility,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &by_facility), ==, 1);
  g_assert_cmpuint (search_total (f, &by_alias), ==, 1);
  g_assert_cmpint (audit_count (f, "action = 'facility.changed' AND json_extract(details,"
                                   " '$.field') = 'branch_number' AND json_extract(details,"
                                   " '$.after') = '235'"), ==, 1);
}

static void
test_merge_notes_terms (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *photo_a = uuid_of (f, "photo-00001.jpg");
  g_autofree char *photo_b = uuid_of (f, "photo-00002.jpg");
  g_autofree char *a = review_store_create_person (f->vault, NULL);
  g_autofree char *b = review_store_create_person (f->vault, NULL);
  g_autofree char *num = NULL;
  g_autofree char *note = NULL;
  g_autofree char *translation = NULL;
  g_autoptr(GError) error = NULL;
  ReviewSearch into = { .person = b };
  ReviewSearch from = { .person = a };
  ReviewSearch by_number = { .number = "4471" };
  ReviewSearch note_text = { .text = "bruising" };
  double rect[] = { 0.1, 0.1, 0.2, 0.2 };
  ReviewFinding fd = { REVIEW_SHAPE_RECT, rect, 4, "local-electrode-marks", NULL, NULL, NULL,
                       NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL };
  char *uuid;

  /* Merging: photos and numbers follow; the old record stays, marked. */
  g_assert_true (review_store_link_photo (f->vault, a, photo_a, TRUE, NULL));
  g_assert_true (review_store_link_photo (f->vault, b, photo_b, TRUE, NULL));
  num = review_store_add_number (f->vault, a, "detainee", "4471", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (review_store_merge_persons (f->vault, a, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &into), ==, 2);
  g_assert_cmpuint (search_total (f, &by_number), ==, 2);
  /* No photo is listed under the merged record any more. */
  g_assert_cmpuint (search_total (f, &from), ==, 0);
  g_assert_false (review_store_merge_persons (f->vault, a, b, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_merge_persons (f->vault, b, b, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Notes with a language, and a translation beside the original. */
  note = review_store_add_note (f->vault, photo_a, "en", "Patterned bruising on the back.", NULL,
                                &error);
  g_assert_no_error (error);
  translation = review_store_add_note (f->vault, photo_a, "ar", "كدمات ذات نمط على الظهر.", note,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search_total (f, &note_text), ==, 1);
  g_assert_null (review_store_add_note (f->vault, photo_a, "Arabic", "x", NULL, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (review_store_add_note (f->vault, photo_b, "ar", "x", note, &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Local terms extend a vocabulary in their own namespace. */
  uuid = review_store_add_finding (f->vault, photo_a, &fd, &error);
  g_assert_null (uuid);
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (review_store_add_local_term (f->vault, "finding_types", "electrode-marks",
                                              "Electrode marks", "آثار أقطاب كهربائية", &error));
  g_assert_no_error (error);
  uuid = review_store_add_finding (f->vault, photo_a, &fd, &error);
  g_assert_no_error (error);
  g_free (uuid);
  g_assert_false (review_store_add_local_term (f->vault, "finding_types", "electrode-marks",
                                               "Again", "مرة أخرى", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_add_local_term (f->vault, "review_status", "paused", "Paused",
                                               "متوقف", &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (review_store_add_local_term (f->vault, "finding_types", "Bad Code", "x", "س",
                                               &error));
  g_assert_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT);
}

static guint
text_total (Fixture    *f,
            const char *text)
{
  ReviewSearch q = { .text = text };

  return search_total (f, &q);
}

/* The index holds exactly what search_source says, row for row. */
static void
assert_index_current (Fixture *f)
{
  sqlite3 *db = review_vault_get_db (f->vault);
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (review_db_query_int (db, "SELECT count(*) FROM search_source s"
                                          " FULL JOIN search_text t ON t.rowid = s.photo_id"
                                          " WHERE t.body IS NOT s.body", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_true (review_db_exec (db, "INSERT INTO search_text (search_text) VALUES"
                                     " ('integrity-check')", &error));
  g_assert_no_error (error);
}

static void
test_text_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *photo_1 = uuid_of (f, "photo-00001.jpg");
  g_autofree char *photo_2 = uuid_of (f, "photo-00002.jpg");
  g_autofree char *photo_3 = uuid_of (f, "photo-00003.jpg");
  g_autofree char *photo_4 = uuid_of (f, "photo-00004.jpg");
  g_autofree char *photo_5 = uuid_of (f, "photo-00005.jpg");
  g_autofree char *photo_6 = uuid_of (f, "photo-00000.jpg");
  g_autofree char *mohammed = review_store_create_person (f->vault, NULL);
  g_autofree char *ahmad = review_store_create_person (f->vault, NULL);
  g_autofree char *mustafa = review_store_create_person (f->vault, NULL);
  g_autofree char *jose = review_store_create_person (f->vault, NULL);
  g_autofree char *khalil = review_store_create_person (f->vault, NULL);
  g_autofree char *note = NULL;
  g_autofree char *translation = NULL;
  g_autoptr(GError) error = NULL;
  ReviewSearch done_and_name = { .status = "done", .text = "moha" };
  static const char * const hostile[] = {
    "\"", "*", "NEAR(", "OR", "AND", "NOT", "NEAR(moha", "moha OR", "\"moha", "moha\"",
    "body:moha", "{body}:moha", "-moha", "^moha", "moha*", "(", ")", "'", "\\", ":", "+",
    "NEAR(moha ahmad, 2)", "rank:1", "\"\"", "'; DROP TABLE photos; --", "%", "_",
  };

  g_assert_nonnull (mohammed);
  assert_index_current (f);

  /* Arabic: harakat and shadda, alef forms, alef maqsura and ya. */
  g_assert_true (review_store_set_person_field (f->vault, mohammed, "name_ar", "مُحَمَّد", &error));
  g_assert_true (review_store_set_person_field (f->vault, mohammed, "name_latin", "Mohammed",
                                                &error));
  g_assert_true (review_store_link_photo (f->vault, mohammed, photo_1, TRUE, &error));
  g_assert_true (review_store_set_person_field (f->vault, ahmad, "name_ar", "أحمد", &error));
  g_assert_true (review_store_link_photo (f->vault, ahmad, photo_2, TRUE, &error));
  g_assert_true (review_store_set_person_field (f->vault, mustafa, "father_name", "مصطفى",
                                                &error));
  g_assert_true (review_store_link_photo (f->vault, mustafa, photo_3, TRUE, &error));
  g_assert_true (review_store_set_person_field (f->vault, jose, "name_latin", "José", &error));
  g_assert_true (review_store_link_photo (f->vault, jose, photo_4, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (text_total (f, "محمد"), ==, 1);
  g_assert_cmpuint (text_total (f, "مُحَمَّد"), ==, 1);
  g_assert_cmpuint (text_total (f, "محـمد"), ==, 1);
  g_assert_cmpuint (text_total (f, "احمد"), ==, 1);
  g_assert_cmpuint (text_total (f, "أحمد"), ==, 1);
  g_assert_cmpuint (text_total (f, "إحمد"), ==, 1);
  g_assert_cmpuint (text_total (f, "مصطفى"), ==, 1);
  g_assert_cmpuint (text_total (f, "مصطفي"), ==, 1);
  /* As typed, letter by letter. */
  g_assert_cmpuint (text_total (f, "م"), ==, 2);
  g_assert_cmpuint (text_total (f, "مح"), ==, 1);
  g_assert_cmpuint (text_total (f, "محم"), ==, 1);
  /* Latin: accents and case folded, words matched by prefix. */
  g_assert_cmpuint (text_total (f, "Jose"), ==, 1);
  g_assert_cmpuint (text_total (f, "JOSÉ"), ==, 1);
  g_assert_cmpuint (text_total (f, "josé"), ==, 1);
  g_assert_cmpuint (text_total (f, "moha"), ==, 1);
  g_assert_cmpuint (text_total (f, "MOHAMMED"), ==, 1);
  g_assert_cmpuint (text_total (f, "hammed"), ==, 0);      /* words, not substrings */
  g_assert_cmpuint (text_total (f, "mohammed photo-00001"), ==, 1);
  g_assert_cmpuint (text_total (f, "mohammed photo-00002"), ==, 0);
  /* The other filters still apply with it. */
  g_assert_cmpuint (search_total (f, &done_and_name), ==, 0);
  g_assert_true (review_store_set_photo_status (f->vault, photo_1, "done", &error));
  g_assert_cmpuint (search_total (f, &done_and_name), ==, 1);

  /* An edit is found at once; the old name no more. */
  g_assert_true (review_store_set_person_field (f->vault, jose, "name_latin", "Yusuf", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "jose"), ==, 0);
  g_assert_cmpuint (text_total (f, "yusuf"), ==, 1);
  g_assert_true (review_store_link_photo (f->vault, jose, photo_4, FALSE, &error));
  g_assert_cmpuint (text_total (f, "yusuf"), ==, 0);
  g_assert_true (review_store_link_photo (f->vault, jose, photo_4, TRUE, &error));
  g_assert_cmpuint (text_total (f, "yusuf"), ==, 1);

  /* Notes added later, on the photo or on its person, and translations. */
  g_assert_cmpuint (text_total (f, "ligature"), ==, 0);
  note = review_store_add_note (f->vault, photo_5, "en", "Ligature marks on both wrists.", NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "ligature"), ==, 1);
  g_assert_cmpuint (text_total (f, "WRISTS ligature"), ==, 1);
  translation = review_store_add_note (f->vault, photo_5, "ar", "آثار رَبْط على المعصمين.", note,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "اثار ربط"), ==, 1);
  g_clear_pointer (&note, g_free);
  note = review_store_add_note (f->vault, ahmad, "ar", "شوهد في صيدنايا", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "صيدنايا"), ==, 1);
  g_assert_cmpuint (text_total (f, "صيدنايا احمد"), ==, 1);

  /* Merged: the record kept under its old name finds the photos it had and
   * those of the person it was merged into; its notes come along. */
  g_assert_true (review_store_set_person_field (f->vault, khalil, "name_latin", "Abu Khalil",
                                                &error));
  g_assert_true (review_store_link_photo (f->vault, khalil, photo_6, TRUE, &error));
  g_assert_cmpuint (text_total (f, "khalil"), ==, 1);
  g_assert_true (review_store_merge_persons (f->vault, ahmad, mohammed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "احمد"), ==, 2);
  g_assert_cmpuint (text_total (f, "صيدنايا"), ==, 2);
  g_assert_cmpuint (text_total (f, "محمد"), ==, 2);
  g_assert_true (review_store_merge_persons (f->vault, khalil, mohammed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (text_total (f, "khalil"), ==, 3);
  g_assert_cmpuint (text_total (f, "mohammed"), ==, 3);
  /* A merged record renamed later still follows its photos. */
  g_assert_true (review_store_set_person_field (f->vault, khalil, "name_latin", "Abu Jamil",
                                                &error));
  g_assert_cmpuint (text_total (f, "khalil"), ==, 0);
  g_assert_cmpuint (text_total (f, "jamil"), ==, 3);

  /* Nothing typed becomes query syntax, and nothing errs. Text with no
   * letter or digit filters nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      ReviewSearch q = { .text = hostile[i] };
      g_autoptr(ReviewSearchResult) r = review_store_search (f->vault, &q, &error);

      g_assert_no_error (error);
      g_assert_nonnull (r);
    }
  g_assert_cmpuint (text_total (f, "\""), ==, 6);
  g_assert_cmpuint (text_total (f, "*"), ==, 6);
  g_assert_cmpuint (text_total (f, " "), ==, 6);
  g_assert_cmpuint (text_total (f, "moha OR yusuf"), ==, 0);  /* OR is a word like any */
  g_assert_cmpuint (text_total (f, "moha*"), ==, 3);
  g_assert_cmpuint (text_total (f, "\"moha\""), ==, 3);

  assert_index_current (f);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);
  g_test_add ("/store/status", Fixture, NULL, fixture_setup, test_status, fixture_teardown);
  g_test_add ("/store/search-filters", Fixture, NULL, fixture_setup, test_filters,
              fixture_teardown);
  g_test_add ("/store/findings", Fixture, NULL, fixture_setup, test_findings, fixture_teardown);
  g_test_add ("/store/persons", Fixture, NULL, fixture_setup, test_persons, fixture_teardown);
  g_test_add ("/store/numbers-and-facilities", Fixture, NULL, fixture_setup,
              test_numbers_and_facilities, fixture_teardown);
  g_test_add ("/store/merge-notes-local-terms", Fixture, NULL, fixture_setup,
              test_merge_notes_terms, fixture_teardown);
  g_test_add ("/store/text-search", Fixture, NULL, fixture_setup, test_text_search,
              fixture_teardown);
  return g_test_run ();
}
