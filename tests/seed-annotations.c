/* seed-annotations.c: fills a test vault with annotations (test only)
 *
 *   seed-annotations --vault=DIR [--extra-persons=N] [--damaged]
 *
 * The command line has no annotation commands; script tests (exports,
 * reports) use this to get persons, identity numbers, findings, facilities,
 * notes and family contacts, all made through review-store.h as the window
 * makes them. The vault must hold at least four photos, its key must be in
 * the keyring, and its profile must be a supervisor's (findings carry a
 * method and a consistency level).
 *
 * What it adds, on the first four photos in import order:
 *   facility F0 "Test Directorate", and F1 "Test Branch 999" (parent F0,
 *     coordinates, aliases, branch number)
 *   person A: Arabic and Latin names, facility F1, photos 1 and 2,
 *     identification "possible" with a basis, a detainee number read on
 *     photo 1 (partly legible) and a branch number, one family contact,
 *     an Arabic note and its English translation
 *   person B: a Latin name with a comma, quotes and a line break, photo 3
 *   findings: a rectangle on photo 1 (with method and consistency), a
 *     polygon on photo 3, an ellipse on photo 4 (no person)
 *   a note on photo 1; photo 1 "done", photo 3 "in-progress"
 *   --extra-persons=N: N more persons, each with a name and a number,
 *     linked to the photos in turn (for reports at scale)
 *   --damaged: photos 2 and 4 flagged damaged, as an import of a file that
 *     decodes only in part flags it (seed_damage_photo()): photo 2 "missing"
 *     from row 120, photo 4 "partly" decoded
 *
 * It prints the UUIDs it made as one JSON object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "review-damage.h"
#include "review-keyring.h"
#include "review-store.h"
#include "review-vault-private.h"
#include "seed-common.h"


static char *
finding (ReviewVault *vault,
         const char  *photo,
         ReviewShape  shape,
         const double *points,
         guint         n_points,
         const char  *type,
         const char  *region,
         const char  *laterality,
         gboolean     supervisor_codes)
{
  g_autoptr(GError) error = NULL;
  ReviewFinding f = { 0 };
  char *uuid;

  f.shape = shape;
  f.points = (double *) points;
  f.n_points = n_points;
  f.finding_type = type;
  f.body_region = region;
  f.laterality = laterality;
  f.timing = "ante-mortem";
  f.certainty = "likely-reliable";
  f.count = 2;
  f.size = "3 cm";
  f.appearance = "Linear, reddish";
  f.note = "Seeded finding";
  if (supervisor_codes)
    {
      f.method = "killing-beating";
      f.consistency = "consistent";
    }
  uuid = review_store_add_finding (vault, photo, &f, &error);
  seed_die_on (g_steal_pointer (&error));
  return uuid;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  int extra = 0;
  gboolean damaged = FALSE;
  GOptionEntry entries[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &dir, "The vault", "DIR" },
    { "extra-persons", 0, 0, G_OPTION_ARG_INT, &extra, "More persons", "N" },
    { "damaged", 0, 0, G_OPTION_ARG_NONE, &damaged, "Flag photos 2 and 4 damaged", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) photos = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *f0 = NULL, *f1 = NULL, *a = NULL, *pb = NULL;
  g_autofree char *n1 = NULL, *n2 = NULL, *contact = NULL;
  g_autofree char *note_ar = NULL, *note_en = NULL, *note_photo = NULL;
  g_autofree char *find1 = NULL, *find2 = NULL, *find3 = NULL;
  g_autofree char *json = NULL;
  const char *p[4];
  ReviewSearch all = { 0 };
  static const double rect[] = { 0.1, 0.2, 0.3, 0.4 };
  static const double polygon[] = { 0.1, 0.1, 0.5, 0.1, 0.3, 0.6 };
  static const double ellipse[] = { 0.25, 0.25, 0.5, 0.125 };

  g_option_context_add_main_entries (context, entries, NULL);
  CHECK (g_option_context_parse (context, &argc, &argv, &error));
  if (dir == NULL)
    {
      g_printerr ("seed-annotations: --vault=DIR is required\n");
      return 2;
    }

  vault = seed_open_vault (dir);
  CHECK ((photos = review_store_search (vault, &all, &error)) != NULL);
  if (photos->hits->len < 4)
    {
      g_printerr ("seed-annotations: the vault needs at least four photos\n");
      return 1;
    }
  for (guint i = 0; i < 4; i++)
    p[i] = ((ReviewSearchHit *) g_ptr_array_index (photos->hits, i))->uuid;

  CHECK ((f0 = review_store_create_facility (vault, "Test Directorate", "مديرية الاختبار",
                                             "other", &error)) != NULL);
  CHECK ((f1 = review_store_create_facility (vault, "Test Branch 999", "فرع الاختبار ٩٩٩",
                                             "security-branch", &error)) != NULL);
  CHECK (review_store_set_facility_field (vault, f1, "parent_uuid", f0, &error));
  CHECK (review_store_set_facility_field (vault, f1, "branch_number", "999", &error));
  CHECK (review_store_set_facility_field (vault, f1, "aliases",
                                          "[\"Branch 999\",\"فرع ٩٩٩\"]", &error));
  CHECK (review_store_set_facility_field (vault, f1, "latitude", "33.5138", &error));
  CHECK (review_store_set_facility_field (vault, f1, "longitude", "36.2765", &error));
  CHECK (review_store_set_facility_field (vault, f1, "precision", "city", &error));
  CHECK (review_store_set_facility_field (vault, f1, "sources", "Seeded for tests", &error));

  CHECK ((a = review_store_create_person (vault, &error)) != NULL);
  CHECK (review_store_set_person_field (vault, a, "name_ar", "أحمد الاختبار", &error));
  CHECK (review_store_set_person_field (vault, a, "name_latin", "Ahmad Test", &error));
  CHECK (review_store_set_person_field (vault, a, "father_name", "Mahmoud", &error));
  CHECK (review_store_set_person_field (vault, a, "sex", "male", &error));
  CHECK (review_store_set_person_field (vault, a, "age_min", "25", &error));
  CHECK (review_store_set_person_field (vault, a, "age_max", "35", &error));
  CHECK (review_store_set_person_field (vault, a, "facility_uuid", f1, &error));
  CHECK (review_store_link_photo (vault, a, p[0], TRUE, &error));
  CHECK (review_store_link_photo (vault, a, p[1], TRUE, &error));
  CHECK (review_store_set_identification (vault, a, "possible", "Detainee number on the card",
                                          NULL, &error));
  CHECK ((n1 = review_store_add_number (vault, a, "detainee", "1234/5", p[0], "partial",
                                        &error)) != NULL);
  CHECK ((n2 = review_store_add_number (vault, a, "branch", "999-17", NULL, NULL,
                                        &error)) != NULL);
  CHECK ((contact = review_store_add_family_contact (vault, a, "Umm Ahmad", "mother",
                                                     "+963 11 000 0000", &error)) != NULL);
  CHECK ((note_ar = review_store_add_note (vault, a, "ar", "ملاحظة بالعربية", NULL,
                                           &error)) != NULL);
  CHECK ((note_en = review_store_add_note (vault, a, "en", "A note in Arabic, translated",
                                           note_ar, &error)) != NULL);

  CHECK ((pb = review_store_create_person (vault, &error)) != NULL);
  CHECK (review_store_set_person_field (vault, pb, "name_latin",
                                        "Person, \"Quoted\"\nSecond line", &error));
  CHECK (review_store_link_photo (vault, pb, p[2], TRUE, &error));

  find1 = finding (vault, p[0], REVIEW_SHAPE_RECT, rect, G_N_ELEMENTS (rect), "abrasion",
                   "forearm", "left", TRUE);
  find2 = finding (vault, p[2], REVIEW_SHAPE_POLYGON, polygon, G_N_ELEMENTS (polygon),
                   "contusion", "chest", NULL, FALSE);
  find3 = finding (vault, p[3], REVIEW_SHAPE_ELLIPSE, ellipse, G_N_ELEMENTS (ellipse),
                   "gunshot-wound", "head", NULL, FALSE);
  CHECK ((note_photo = review_store_add_note (vault, p[0], "en", "Card legible", NULL,
                                              &error)) != NULL);
  CHECK (review_store_set_photo_status (vault, p[0], "done", &error));
  CHECK (review_store_set_photo_status (vault, p[2], "in-progress", &error));

  for (int i = 0; i < extra; i++)
    {
      g_autofree char *person = NULL;
      g_autofree char *name = g_strdup_printf ("Extra Person %05d", i);
      g_autofree char *number = g_strdup_printf ("X-%05d", i);
      g_autofree char *num_uuid = NULL;
      const char *photo = ((ReviewSearchHit *) g_ptr_array_index (photos->hits,
                                                                 (guint) i % photos->hits->len))->uuid;

      CHECK ((person = review_store_create_person (vault, &error)) != NULL);
      CHECK (review_store_set_person_field (vault, person, "name_latin", name, &error));
      CHECK (review_store_link_photo (vault, person, photo, TRUE, &error));
      CHECK ((num_uuid = review_store_add_number (vault, person, "detainee", number, photo,
                                                  NULL, &error)) != NULL);
    }

  if (damaged)
    {
      seed_damage_photo (vault, p[1], REVIEW_DAMAGE_MISSING, 120);
      seed_damage_photo (vault, p[3], REVIEW_DAMAGE_PARTLY, 0);
    }

  json_builder_begin_object (b);
#define MEMBER(name, value) \
  json_builder_set_member_name (b, name); json_builder_add_string_value (b, value)
  json_builder_set_member_name (b, "photos");
  json_builder_begin_array (b);
  for (guint i = 0; i < 4; i++)
    json_builder_add_string_value (b, p[i]);
  json_builder_end_array (b);
  MEMBER ("facility_parent", f0);
  MEMBER ("facility", f1);
  MEMBER ("person_a", a);
  MEMBER ("person_b", pb);
  MEMBER ("number_detainee", n1);
  MEMBER ("number_branch", n2);
  MEMBER ("family_contact", contact);
  MEMBER ("note_ar", note_ar);
  MEMBER ("note_en", note_en);
  MEMBER ("note_photo", note_photo);
  MEMBER ("finding_rect", find1);
  MEMBER ("finding_polygon", find2);
  MEMBER ("finding_ellipse", find3);
#undef MEMBER
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, TRUE);
  g_print ("%s\n", json);
  return 0;
}
