/* seed-report.c: fills a test vault with what a report shows (test only)
 *
 *   seed-report --vault=DIR [--persons=N] [--damaged]
 *
 * The command line has no annotation commands; tests/test-report.sh uses
 * this to make persons, numbers, a facility and findings through
 * review-store.h, as the window makes them. The vault's key must be in the
 * keyring and its profile a supervisor's; it must hold photos.
 *
 * Arabic names and labels in what it makes avoid the lam-alef ligature,
 * which text extraction gives back in the wrong order.
 *
 *   person 0: محمد حسن / Muhammad Hasan, photos 1 and 2, identification
 *     "probable", a detainee number read on photo 1 and a branch number,
 *     facility "Test Prison" / "سجن التجربة"
 *   person 1: يوسف عمر / Yousef Omar, photo 3
 *   persons 2…N-1: generated names, one photo each in turn
 *   findings: on every photo, one to three (contusion on the chest,
 *     abrasion on the forearm, a gunshot wound on the head), as
 *     rectangle, polygon and ellipse; the first with method and consistency
 *
 *   --damaged: two photos are flagged damaged, as an import of a file that
 *     decodes only in part flags it (seed_damage_photo()): photo 2 (person
 *     0's second) "missing" from row 360 (the last 25 % of a 480-row
 *     image), and photo 5 (no person: shown in the annex only) "corrupt"
 *     from row 100 (99 in the vault, which counts from 0)
 *
 * Prints the UUIDs of persons 0 and 1, of the facility and of the damaged
 * photos, as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review-damage.h"
#include "review-keyring.h"
#include "review-store.h"
#include "review-vault-private.h"
#include "seed-common.h"


static const struct { const char *ar, *latin; } first_names[] = {
  { "محمد", "Muhammad" }, { "يوسف", "Yousef" }, { "خالد", "Khaled" }, { "سمير", "Samir" },
  { "حسين", "Hussein" }, { "عمر", "Omar" }, { "رامي", "Rami" }, { "زياد", "Ziad" },
};
static const struct { const char *ar, *latin; } family_names[] = {
  { "حسن", "Hasan" }, { "نجم", "Najm" }, { "ديب", "Dib" }, { "شريف", "Sharif" },
  { "عيسى", "Issa" }, { "موسى", "Musa" }, { "سعيد", "Said" },
};

static void
add_findings (ReviewVault *vault,
              const char  *photo,
              guint        index)
{
  g_autoptr(GError) error = NULL;
  static const double rect[] = { 0.30, 0.30, 0.25, 0.20 };
  static const double polygon[] = { 0.60, 0.55, 0.85, 0.60, 0.75, 0.85 };
  static const double ellipse[] = { 0.10, 0.05, 0.20, 0.18 };
  ReviewFinding f = { 0 };
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  f.shape = REVIEW_SHAPE_RECT;
  f.points = (double *) rect;
  f.n_points = G_N_ELEMENTS (rect);
  f.finding_type = "contusion";
  f.body_region = "chest";
  f.laterality = "left";
  f.timing = "ante-mortem";
  f.certainty = "likely-reliable";
  f.method = "killing-beating";
  f.consistency = "consistent";
  f.count = 3;
  f.size = "4 × 6 cm";
  f.appearance = "Purple, linear";
  f.note = "Parallel marks";
  CHECK ((a = review_store_add_finding (vault, photo, &f, &error)) != NULL);
  if (index % 3 == 2)
    return;

  memset (&f, 0, sizeof f);
  f.shape = REVIEW_SHAPE_POLYGON;
  f.points = (double *) polygon;
  f.n_points = G_N_ELEMENTS (polygon);
  f.finding_type = "abrasion";
  f.body_region = "forearm";
  f.timing = "peri-mortem";
  CHECK ((b = review_store_add_finding (vault, photo, &f, &error)) != NULL);
  if (index % 3 == 1)
    return;

  memset (&f, 0, sizeof f);
  f.shape = REVIEW_SHAPE_ELLIPSE;
  f.points = (double *) ellipse;
  f.n_points = G_N_ELEMENTS (ellipse);
  f.finding_type = "gunshot-wound";
  f.body_region = "head";
  f.certainty = "unsure";
  CHECK ((c = review_store_add_finding (vault, photo, &f, &error)) != NULL);
}

static char *
person (ReviewVault *vault,
        const char  *name_ar,
        const char  *name_latin)
{
  g_autoptr(GError) error = NULL;
  char *uuid;

  CHECK ((uuid = review_store_create_person (vault, &error)) != NULL);
  CHECK (review_store_set_person_field (vault, uuid, "name_ar", name_ar, &error));
  CHECK (review_store_set_person_field (vault, uuid, "name_latin", name_latin, &error));
  return uuid;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  int n_persons = 2;
  gboolean damaged = FALSE;
  GOptionEntry entries[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &dir, "The vault", "DIR" },
    { "persons", 0, 0, G_OPTION_ARG_INT, &n_persons, "How many persons (at least 2)", "N" },
    { "damaged", 0, 0, G_OPTION_ARG_NONE, &damaged, "Flag photos 2 and 5 damaged", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) photos = NULL;
  g_autofree char *facility = NULL;
  g_autofree char *p0 = NULL, *p1 = NULL, *n0 = NULL, *n1 = NULL;
  ReviewSearch all = { 0 };
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  CHECK (g_option_context_parse (context, &argc, &argv, &error));
  if (dir == NULL || n_persons < 2)
    {
      g_printerr ("seed-report: --vault=DIR is required, and --persons at least 2\n");
      return 2;
    }

  vault = seed_open_vault (dir);
  CHECK ((photos = review_store_search (vault, &all, &error)) != NULL);
  n = photos->hits->len;
  if (n < 3 || (damaged && n < 5))
    {
      g_printerr ("seed-report: the vault needs at least three photos (five with --damaged)\n");
      return 1;
    }
#define PHOTO(i) (((ReviewSearchHit *) g_ptr_array_index (photos->hits, (i) % n))->uuid)

  for (guint i = 0; i < n; i++)
    add_findings (vault, PHOTO (i), i);
  CHECK (review_store_set_photo_status (vault, PHOTO (0), "done", &error));
  CHECK (review_store_set_photo_status (vault, PHOTO (1), "verified", &error));

  CHECK ((facility = review_store_create_facility (vault, "Test Prison", "سجن التجربة",
                                                   "prison", &error)) != NULL);

  p0 = person (vault, "محمد حسن", "Muhammad Hasan");
  CHECK (review_store_set_person_field (vault, p0, "father_name", "Ibrahim", &error));
  CHECK (review_store_set_person_field (vault, p0, "sex", "male", &error));
  CHECK (review_store_set_person_field (vault, p0, "age_min", "30", &error));
  CHECK (review_store_set_person_field (vault, p0, "age_max", "35", &error));
  CHECK (review_store_set_person_field (vault, p0, "arrest_date", "2013-05-02", &error));
  CHECK (review_store_set_person_field (vault, p0, "distinctive_marks", "Scar above the right "
                                        "eyebrow", &error));
  CHECK (review_store_set_person_field (vault, p0, "facility_uuid", facility, &error));
  CHECK (review_store_link_photo (vault, p0, PHOTO (0), TRUE, &error));
  CHECK (review_store_link_photo (vault, p0, PHOTO (1), TRUE, &error));
  CHECK (review_store_set_identification (vault, p0, "probable", "Detainee number on the "
                                          "card, and the family's description", NULL, &error));
  CHECK ((n0 = review_store_add_number (vault, p0, "detainee", "1234/5", PHOTO (0), "partial",
                                        &error)) != NULL);
  CHECK ((n1 = review_store_add_number (vault, p0, "branch", "215-7", NULL, NULL,
                                        &error)) != NULL);

  p1 = person (vault, "يوسف عمر", "Yousef Omar");
  CHECK (review_store_set_person_field (vault, p1, "sex", "male", &error));
  CHECK (review_store_link_photo (vault, p1, PHOTO (2), TRUE, &error));

  for (int i = 2; i < n_persons; i++)
    {
      g_autofree char *uuid = NULL;
      guint f = (guint) i % G_N_ELEMENTS (first_names);
      guint l = (guint) i % G_N_ELEMENTS (family_names);
      g_autofree char *ar = g_strdup_printf ("%s %s %d", first_names[f].ar, family_names[l].ar, i);
      g_autofree char *latin = g_strdup_printf ("%s %s %d", first_names[f].latin,
                                                family_names[l].latin, i);
      g_autofree char *number = g_strdup_printf ("%05d", i);
      g_autofree char *num_uuid = NULL;

      uuid = person (vault, ar, latin);
      if (i % 2 == 0)
        CHECK (review_store_set_person_field (vault, uuid, "facility_uuid", facility, &error));
      CHECK (review_store_link_photo (vault, uuid, PHOTO ((guint) i), TRUE, &error));
      CHECK ((num_uuid = review_store_add_number (vault, uuid, "detainee", number, NULL, NULL,
                                                  &error)) != NULL);
    }
  if (damaged)
    {
      seed_damage_photo (vault, PHOTO (1), REVIEW_DAMAGE_MISSING, 360);
      seed_damage_photo (vault, PHOTO (4), REVIEW_DAMAGE_CORRUPT, 99);
    }

  g_print ("{ \"person_0\": \"%s\", \"person_1\": \"%s\", \"facility\": \"%s\"",
           p0, p1, facility);
  if (damaged)
    g_print (", \"damaged_missing\": \"%s\", \"damaged_corrupt\": \"%s\"",
             PHOTO (1), PHOTO (4));
  g_print (" }\n");
#undef PHOTO
  return 0;
}
