/* search-latency.c: library search and filters at archive scale
 *
 *   search-latency [PHOTOS [PERSONS [RUNS]]]      (55000 20000 25)
 *
 * Builds a throw-away encrypted vault holding PHOTOS photos (rows only: no
 * thumbnails, which search never reads) and PERSONS persons with Arabic and
 * Latin names (a fifth of the Arabic ones written with harakat, a fifth
 * with ya for alef maqsura), identity numbers, findings, facilities and notes in
 * both languages, all through the schema's own triggers. Then it times each
 * filter RUNS times, as the library runs it while the user types:
 *   - review_store_search() (the full-text index of migration 5);
 *   - the naive peer: the previous implementation, LIKE '%text%' over file
 *     names, person names and notes, with the same other filters;
 * and prints the median and 95th percentile of each, with the number of
 * photos each found (the peer misses spellings it does not fold). It also
 * reports how long building the index from scratch takes (what migration 5
 * does to an existing vault) and what the index's triggers cost the edits
 * that change indexed text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "review-db-private.h"
#include "review-recovery.h"
#include "review-store.h"
#include "review-vault-private.h"

static const char * const first_ar[] = {
  "محمد", "أحمد", "علي", "حسن", "حسين", "خالد", "عمر", "يوسف", "إبراهيم", "مصطفى",
  "عبد الله", "عبد الرحمن", "محمود", "سامر", "رامي", "فادي", "ياسر", "وليد", "مازن", "طارق",
  "أنس", "حمزة", "عيسى", "موسى", "يحيى", "زكريا", "نور", "سعيد", "جمال", "كمال", "عماد",
  "إياد", "هاني", "نبيل", "منير", "أيمن", "أسامة", "معاذ", "بلال", "مهند",
};
static const char * const first_latin[] = {
  "Mohammed", "Ahmad", "Ali", "Hassan", "Hussein", "Khaled", "Omar", "Yousef", "Ibrahim",
  "Mustafa", "Abdullah", "Abdulrahman", "Mahmoud", "Samer", "Rami", "Fadi", "Yaser", "Walid",
  "Mazen", "Tareq", "Anas", "Hamza", "Issa", "Moussa", "Yahya", "Zakaria", "Nour", "Saeed",
  "Jamal", "Kamal", "Imad", "Iyad", "Hani", "Nabil", "Munir", "Ayman", "Osama", "Muaz",
  "Bilal", "Muhannad",
};
static const char * const family_ar[] = {
  "الحلبي", "الشامي", "الأحمد", "المصري", "العلي", "الحسن", "الخطيب", "النجار", "الحداد",
  "العمر", "الزعبي", "الحمصي", "الإدلبي", "الدرعاوي", "الحموي", "السيد", "القاسم", "الرفاعي",
  "البيطار", "الكردي",
};
static const char * const family_latin[] = {
  "al-Halabi", "al-Shami", "al-Ahmad", "al-Masri", "al-Ali", "al-Hassan", "al-Khatib",
  "al-Najjar", "al-Haddad", "al-Omar", "al-Zoubi", "al-Homsi", "al-Idlibi", "al-Daraawi",
  "al-Hamwi", "al-Sayed", "al-Qasem", "al-Rifai", "al-Bitar", "al-Kurdi",
};
static const char * const mothers[] = {
  "فاطمة", "عائشة", "خديجة", "مريم", "زينب", "آمنة", "سعاد", "نجاح", "هدى", "ليلى", "سلمى",
  "رقية", "حليمة", "أمينة", "وفاء",
};
static const char * const notes_en[] = {
  "Ligature marks on both wrists.", "Bruising on the back, patterned.",
  "Number written on the forehead.", "Emaciation; ribs visible.",
  "Photo taken at the military hospital.", "Burn marks on the chest.",
  "Body tag partly legible.", "Identified by his brother from the clothing.",
};
static const char * const notes_ar[] = {
  "آثار ربط على المعصمين.", "كدمات على الظهر ذات نمط.", "رقم مكتوب على الجبهة.",
  "هزال شديد وبروز الأضلاع.", "صورة من المشفى العسكري.", "آثار حروق على الصدر.",
  "بطاقة الجثة مقروءة جزئياً.", "تعرّف عليه أخوه من ملابسه.",
};
static const char * const finding_types[] = {
  "abrasion", "contusion", "contusion-tramline", "laceration", "burn", "cigarette-burn",
  "ligature-mark-wrist", "ligature-mark-neck", "swelling", "nail-loss",
};
static const char * const regions[] = {
  "head", "scalp", "forehead", "face", "neck", "chest", "abdomen", "upper-back", "lower-back",
  "upper-arm", "forearm", "wrist", "thigh", "lower-leg", "foot",
};

/* Harakat over every letter, alternately fatha, damma and kasra: how a
 * vocalised name reads to a LIKE pattern. */
static char *
vocalise (const char *text)
{
  GString *s = g_string_new (NULL);
  guint i = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (s, c);
      if (c >= 0x0621 && c <= 0x064A)
        g_string_append_unichar (s, 0x064E + (i++ % 3));
    }
  return g_string_free (s, FALSE);
}

static char *
with_ya (const char *text)
{
  GString *s = g_string_new (text);

  /* ى written as ي, as it often is. */
  g_string_replace (s, "ى", "ي", 0);
  return g_string_free (s, FALSE);
}

static void
step (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
fill (ReviewVault *vault,
      guint        n_photos,
      guint        n_persons,
      char       **number_out,
      char       **facility_out)
{
  static const char * const statuses[] = { "unreviewed", "unreviewed", "unreviewed",
                                           "in-progress", "done", "done", "second-review",
                                           "verified" };
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20130821);
  g_autoptr(sqlite3_stmt) photo = NULL, facility = NULL, person = NULL, link = NULL;
  g_autoptr(sqlite3_stmt) number = NULL, finding = NULL, note = NULL;
  g_autoptr(GPtrArray) facilities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint next_photo = 1, n_notes = 0;

  if (!review_db_exec (db, "BEGIN; INSERT INTO import_batches (uuid, actor, started)"
                           " VALUES ('b', 'a', 'now')", &error) ||
      !review_db_prepare (db, "INSERT INTO photos (uuid, sha256, size, format, width, height,"
                              " file_name, batch_id, imported, status) VALUES (?, ?, 1, 'jpeg',"
                              " 2048, 1536, ?, 1, 'now', ?)", &photo, &error) ||
      !review_db_prepare (db, "INSERT INTO facilities (uuid, name_en, name_ar, type, created,"
                              " updated) VALUES (?, ?, ?, 'security-branch', 'now', 'now')",
                          &facility, &error) ||
      !review_db_prepare (db, "INSERT INTO persons (uuid, name_ar, name_latin, father_name,"
                              " mother_name, facility_uuid, created, updated)"
                              " VALUES (?, ?, ?, ?, ?, ?, 'now', 'now')", &person, &error) ||
      !review_db_prepare (db, "INSERT INTO photo_persons (photo_id, person_uuid) VALUES (?, ?)",
                          &link, &error) ||
      !review_db_prepare (db, "INSERT INTO identity_numbers (uuid, person_uuid, kind, value,"
                              " created) VALUES (?, ?, ?, ?, 'now')", &number, &error) ||
      !review_db_prepare (db, "INSERT INTO findings (uuid, photo_id, photo_sha256, shape,"
                              " geometry, finding_type, body_region, author, created, updated)"
                              " VALUES (?, ?, printf ('%064d', ?2), 'rect', '[0.1,0.1,0.2,0.2]',"
                              " ?, ?, 'a', 'now', 'now')", &finding, &error) ||
      !review_db_prepare (db, "INSERT INTO notes (uuid, target_uuid, lang, text, author,"
                              " created) VALUES (?, ?, ?, ?, 'a', 'now')", &note, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < 40; i++)
    {
      char *uuid = g_uuid_string_random ();
      g_autofree char *en = g_strdup_printf ("Branch %u", 200 + i * 5);
      g_autofree char *ar = g_strdup_printf ("الفرع %u", 200 + i * 5);
      sqlite3_bind_text (facility, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (facility, 2, en, -1, SQLITE_STATIC);
      sqlite3_bind_text (facility, 3, ar, -1, SQLITE_STATIC);
      step (facility);
      g_ptr_array_add (facilities, uuid);
    }
  *facility_out = g_strdup ("Branch 215");

  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *sha = g_strdup_printf ("%064u", i + 1);
      g_autofree char *name = g_strdup_printf (i % 3 ? "IMG_%05u.JPG" : "DSC%05u.jpg", i);
      sqlite3_bind_text (photo, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (photo, 2, sha, -1, SQLITE_STATIC);
      sqlite3_bind_text (photo, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (photo, 4, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))],
                         -1, SQLITE_STATIC);
      step (photo);
      for (int k = g_rand_int_range (rand, 0, 4); k > 0; k--)
        {
          g_autofree char *fuuid = g_uuid_string_random ();
          sqlite3_bind_text (finding, 1, fuuid, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (finding, 2, i + 1);
          sqlite3_bind_text (finding, 3, finding_types[g_rand_int_range (rand, 0,
                                                       G_N_ELEMENTS (finding_types))],
                             -1, SQLITE_STATIC);
          sqlite3_bind_text (finding, 4, regions[g_rand_int_range (rand, 0,
                                                 G_N_ELEMENTS (regions))], -1, SQLITE_STATIC);
          step (finding);
        }
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          g_autofree char *nuuid = g_uuid_string_random ();
          gboolean ar = g_rand_boolean (rand);
          guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (notes_en));
          sqlite3_bind_text (note, 1, nuuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 2, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 3, ar ? "ar" : "en", -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 4, ar ? notes_ar[t] : notes_en[t], -1, SQLITE_STATIC);
          step (note);
          n_notes++;
        }
    }

  for (guint i = 0; i < n_persons; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      guint f = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_ar));
      guint fa = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_ar));
      guint fam = g_rand_int_range (rand, 0, G_N_ELEMENTS (family_ar));
      guint m = g_rand_int_range (rand, 0, G_N_ELEMENTS (mothers));
      g_autofree char *plain = g_strdup_printf ("%s %s %s", first_ar[f], first_ar[fa],
                                                family_ar[fam]);
      g_autofree char *name_ar = NULL;
      g_autofree char *latin = g_strdup_printf ("%s %s %s", first_latin[f], first_latin[fa],
                                                family_latin[fam]);
      guint r = g_rand_int_range (rand, 0, 10);
      g_autofree char *num = g_strdup_printf ("%u/%u", 1000 + i, 10 + i % 90);

      name_ar = r < 2 ? vocalise (plain) : r < 4 ? with_ya (plain) : g_strdup (plain);
      sqlite3_bind_text (person, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 2, name_ar, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 3, latin, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 4, first_ar[fa], -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 5, mothers[m], -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 6, g_ptr_array_index (facilities,
                                                       g_rand_int_range (rand, 0, 40)),
                         -1, SQLITE_STATIC);
      step (person);

      /* A body is photographed in a series of one to five. */
      for (int k = g_rand_int_range (rand, 1, 6); k > 0 && next_photo <= n_photos; k--)
        {
          sqlite3_bind_int64 (link, 1, next_photo++);
          sqlite3_bind_text (link, 2, uuid, -1, SQLITE_STATIC);
          step (link);
        }

      for (guint k = 0; k < 1 + (i % 2); k++)
        {
          g_autofree char *nuuid = g_uuid_string_random ();
          g_autofree char *value = k == 0 ? g_strdup (num) : g_strdup_printf ("%u", 30000 + i);
          sqlite3_bind_text (number, 1, nuuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (number, 2, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (number, 3, k == 0 ? "detainee" : "branch", -1, SQLITE_STATIC);
          sqlite3_bind_text (number, 4, value, -1, SQLITE_STATIC);
          step (number);
        }
      if (i == n_persons / 2)
        *number_out = g_strdup (num);

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          g_autofree char *nuuid = g_uuid_string_random ();
          gboolean ar = g_rand_boolean (rand);
          guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (notes_en));
          sqlite3_bind_text (note, 1, nuuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 2, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 3, ar ? "ar" : "en", -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 4, ar ? notes_ar[t] : notes_en[t], -1, SQLITE_STATIC);
          step (note);
          n_notes++;
        }
    }
  if (!review_db_exec (db, "COMMIT", &error))
    g_error ("%s", error->message);
  fprintf (stderr, "search-latency: %u photos, %u persons, %u linked photos, %u notes\n",
           n_photos, n_persons, next_photo - 1, n_notes);
}

/* --- the naive peer: the previous review_store_search() ----------------- */

static char *
like_pattern (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *sha256;
  char   *status;
  char   *file_name;
} Hit;

static void
hit_free (Hit *hit)
{
  g_free (hit->uuid);
  g_free (hit->sha256);
  g_free (hit->status);
  g_free (hit->file_name);
  g_free (hit);
}

static guint
search_like (sqlite3            *db,
             const ReviewSearch *q)
{
  g_autoptr(GString) sql = g_string_new ("SELECT p.id, p.uuid, p.sha256, p.status, p.file_name"
                                         " FROM photos p WHERE 1");
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hit_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint total = 0;
  int rc;

  if (q->status != NULL)
    {
      g_string_append (sql, " AND p.status = ?");
      g_ptr_array_add (binds, g_strdup (q->status));
    }
  if (q->finding != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM findings f WHERE f.photo_id = p.id"
                            " AND f.deleted = 0 AND f.finding_type = ?)");
      g_ptr_array_add (binds, g_strdup (q->finding));
    }
  if (q->facility != NULL)
    {
      g_autofree char *like = like_pattern (q->facility);
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM photo_persons pp JOIN persons pe"
                            " ON pe.uuid = pp.person_uuid JOIN facilities fa"
                            " ON fa.uuid = pe.facility_uuid WHERE pp.photo_id = p.id"
                            " AND (fa.uuid = ? OR fa.name_en = ? COLLATE NOCASE OR fa.name_ar = ?"
                            " OR fa.aliases LIKE ? ESCAPE '\\'))");
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_strdup (q->facility));
      g_ptr_array_add (binds, g_steal_pointer (&like));
    }
  if (q->number != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM identity_numbers n"
                            " LEFT JOIN photo_persons pp ON pp.person_uuid = n.person_uuid"
                            " WHERE n.value = ? AND (n.photo_id = p.id OR pp.photo_id = p.id))");
      g_ptr_array_add (binds, g_strdup (q->number));
    }
  if (q->text != NULL && *q->text != '\0')
    {
      g_autofree char *like = like_pattern (q->text);
      g_string_append (sql, " AND (p.file_name LIKE @text ESCAPE '\\'"
                            " OR EXISTS (SELECT 1 FROM photo_persons pp JOIN persons pe"
                            " ON pe.uuid = pp.person_uuid WHERE pp.photo_id = p.id AND"
                            " (pe.name_ar LIKE @text ESCAPE '\\' OR pe.name_latin LIKE @text"
                            " ESCAPE '\\'))"
                            " OR EXISTS (SELECT 1 FROM notes no WHERE no.target_uuid = p.uuid"
                            " AND no.text LIKE @text ESCAPE '\\'))");
      g_ptr_array_add (binds, g_steal_pointer (&like));
    }
  g_string_append (sql, " ORDER BY p.id");

  if (!review_db_prepare (db, sql->str, &stmt, NULL))
    g_error ("%s", sqlite3_errmsg (db));
  for (guint i = 0; i < binds->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (binds, i), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit *hit = g_new0 (Hit, 1);

      total++;
      hit->id = sqlite3_column_int64 (stmt, 0);
      hit->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->status = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (db));
  return total;
}

/* --- timing ------------------------------------------------------------- */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median and 95th percentile (nearest rank), in milliseconds. */
static void
summarise (GArray *times,
           double *median,
           double *p95)
{
  guint n = times->len;

  g_array_sort (times, compare_double);
  *median = n % 2 ? g_array_index (times, double, n / 2)
                  : (g_array_index (times, double, n / 2 - 1) +
                     g_array_index (times, double, n / 2)) / 2;
  *p95 = g_array_index (times, double, MIN (n - 1, (guint) ((n * 95 + 99) / 100) - 1));
}

/* Padded by characters, not bytes, so that Arabic labels line up. */
static void
print_label (const char *label)
{
  glong len = g_utf8_strlen (label, -1);

  printf ("| %s%*s |", label, (int) MAX (0, 32 - len), "");
}

static void
measure (ReviewVault        *vault,
         const char         *label,
         const ReviewSearch *q,
         guint               runs)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like = g_array_new (FALSE, FALSE, sizeof (double));
  guint fts_total = 0, like_total = 0;
  double fts_median, fts_p95, like_median, like_p95;

  for (guint i = 0; i < runs + 1; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ReviewSearchResult) r = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      r = review_store_search (vault, q, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (r == NULL)
        g_error ("%s: %s", label, error->message);
      fts_total = r->total;
      if (i > 0)   /* the first run warms the page cache */
        g_array_append_val (fts, ms);

      t0 = g_get_monotonic_time ();
      like_total = search_like (db, q);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (i > 0)
        g_array_append_val (like, ms);
    }
  summarise (fts, &fts_median, &fts_p95);
  summarise (like, &like_median, &like_p95);
  print_label (label);
  printf (" %8.2f | %8.2f | %6u | %8.2f | %8.2f | %6u |\n", fts_median, fts_p95, fts_total,
          like_median, like_p95, like_total);
}

static GPtrArray *
some_uuids (sqlite3    *db,
            const char *table,
            guint       n,
            guint       pass)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE rowid %% 97 = %u"
                                          " ORDER BY rowid LIMIT %u", table, pass, n);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);

  review_db_prepare (db, sql, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return uuids;
}

typedef struct
{
  GArray *rename;
  GArray *link;
  GArray *unlink;
  GArray *note;
} EditTimes;

static void
time_since (GArray *times,
            gint64  t0)
{
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_array_append_val (times, ms);
}

/* Each edit below is one of the store's audited transactions; with the
 * index, it also re-indexes the photos whose text it changes. */
static EditTimes
time_edits (ReviewVault *vault,
            guint        runs,
            guint        pass)
{
  sqlite3 *db = review_vault_get_db (vault);
  g_autoptr(GPtrArray) persons = some_uuids (db, "persons", runs, pass);
  g_autoptr(GPtrArray) photos = some_uuids (db, "photos", runs, pass);
  g_autoptr(GError) error = NULL;
  EditTimes t = { g_array_new (FALSE, FALSE, sizeof (double)),
                  g_array_new (FALSE, FALSE, sizeof (double)),
                  g_array_new (FALSE, FALSE, sizeof (double)),
                  g_array_new (FALSE, FALSE, sizeof (double)) };

  for (guint i = 0; i < MIN (persons->len, photos->len); i++)
    {
      const char *person = g_ptr_array_index (persons, i);
      const char *photo = g_ptr_array_index (photos, i);
      g_autofree char *name = g_strdup_printf ("Renamed Person %u", pass);
      g_autofree char *uuid = NULL;
      gint64 t0 = g_get_monotonic_time ();

      if (!review_store_set_person_field (vault, person, "name_latin", name, &error))
        g_error ("%s", error->message);
      time_since (t.rename, t0);

      t0 = g_get_monotonic_time ();
      if (!review_store_link_photo (vault, person, photo, TRUE, &error))
        g_error ("%s", error->message);
      time_since (t.link, t0);

      t0 = g_get_monotonic_time ();
      if (!review_store_link_photo (vault, person, photo, FALSE, &error))
        g_error ("%s", error->message);
      time_since (t.unlink, t0);

      t0 = g_get_monotonic_time ();
      uuid = review_store_add_note (vault, person, "en", "Seen in the photo of the transfer.",
                                    NULL, &error);
      if (uuid == NULL)
        g_error ("%s", error->message);
      time_since (t.note, t0);
    }
  return t;
}

static void
print_edit (const char *label,
            GArray     *with,
            GArray     *without)
{
  double median, p95, base_median, base_p95;

  summarise (with, &median, &p95);
  summarise (without, &base_median, &base_p95);
  print_label (label);
  printf (" %8.2f | %8.2f | %8.2f | %8.2f |\n", median, p95, base_median, base_p95);
  g_array_unref (with);
  g_array_unref (without);
}

/* What the index's triggers cost an edit: the same edits on other rows,
 * once with them and once with them dropped (this vault is thrown away). */
static void
measure_edits (ReviewVault *vault,
               guint        runs)
{
  EditTimes with = time_edits (vault, runs, 1);
  EditTimes without;
  g_autoptr(GError) error = NULL;

  if (!review_db_exec (review_vault_get_db (vault),
                       "DROP TRIGGER search_person_changed; DROP TRIGGER search_link_inserted;"
                       "DROP TRIGGER search_link_deleted; DROP TRIGGER search_note_inserted",
                       &error))
    g_error ("%s", error->message);
  without = time_edits (vault, runs, 2);

  printf ("\nEdits, each one audited transaction; %u each; ms\n\n", with.rename->len);
  print_label ("edit");
  printf (" %8s | %8s | %8s | %8s |\n", "indexed", "p95", "no index", "p95");
  printf ("|%.34s|%.10s|%.10s|%.10s|%.10s|\n", "----------------------------------",
          "----------", "----------", "----------", "----------");
  print_edit ("rename a person", with.rename, without.rename);
  print_edit ("link a photo to a person", with.link, without.link);
  print_edit ("unlink it", with.unlink, without.unlink);
  print_edit ("add a note on a person", with.note, without.note);
}

int
main (int    argc,
      char **argv)
{
  guint n_photos = argc > 1 ? (guint) atoi (argv[1]) : 55000;
  guint n_persons = argc > 2 ? (guint) atoi (argv[2]) : 20000;
  guint runs = argc > 3 ? (guint) atoi (argv[3]) : 25;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("review-search-XXXXXX", NULL);
  g_autoptr(ReviewKey) key = review_key_new_random (NULL);
  char *recovery = review_recovery_key_generate (NULL);
  g_autoptr(ReviewVault) vault = review_vault_create (dir, NULL, key, recovery, "Bench",
                                                      REVIEW_ROLE_REVIEWER, &error);
  g_autofree char *number = NULL;
  g_autofree char *facility = NULL;
  sqlite3 *db;
  gint64 t0, index_bytes = 0, db_bytes = 0;
  struct
  {
    const char   *label;
    ReviewSearch  q;
  } cases[] = {
    { "text “م”", { .text = "م" } },
    { "text “مح”", { .text = "مح" } },
    { "text “محم”", { .text = "محم" } },
    { "text “محمد”", { .text = "محمد" } },
    { "text “مصطفى”", { .text = "مصطفى" } },
    { "text “Moh”", { .text = "Moh" } },
    { "text “Mohammed al-Halabi”", { .text = "Mohammed al-Halabi" } },
    { "text “ligature” (notes)", { .text = "ligature" } },
    { "number, exact", { 0 } },
    { "facility", { 0 } },
    { "finding type", { .finding = "ligature-mark-wrist" } },
    { "status", { .status = "done" } },
    { "status + finding + “محمد”", { .status = "done", .finding = "contusion",
                                         .text = "محمد" } },
  };

  g_assert_no_error (error);
  db = review_vault_get_db (vault);
  fprintf (stderr, "search-latency: filling a vault…\n");
  t0 = g_get_monotonic_time ();
  fill (vault, n_photos, n_persons, &number, &facility);
  fprintf (stderr, "search-latency: filled in %.1f s (index kept by the triggers)\n",
           (g_get_monotonic_time () - t0) / 1e6);
  cases[8].q.number = number;
  cases[9].q.facility = facility;

  /* What migration 5 does to a vault of this size: a new index, filled from
   * search_source in one statement (same table options as the migration). */
  t0 = g_get_monotonic_time ();
  if (!review_db_exec (db, "BEGIN;"
                           "CREATE VIRTUAL TABLE bench_fresh USING fts5 (body,"
                           " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
                           "INSERT INTO bench_fresh (rowid, body)"
                           " SELECT photo_id, body FROM search_source;"
                           "COMMIT", &error))
    g_error ("%s", error->message);
  fprintf (stderr, "search-latency: index built from scratch (as migration 5 does) in %.1f s\n",
           (g_get_monotonic_time () - t0) / 1e6);
  review_db_exec (db, "DROP TABLE bench_fresh", NULL);
  review_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  /* The index's blocks and its copy of the folded text (no dbstat here). */
  if (!review_db_query_int (db, "SELECT (SELECT sum (length (block)) FROM search_text_data) +"
                                " (SELECT sum (length (c0)) FROM search_text_content)",
                            &index_bytes, &error))
    g_error ("%s", error->message);
  review_db_query_int (db, "SELECT page_count * page_size FROM pragma_page_count,"
                           " pragma_page_size", &db_bytes, NULL);
  fprintf (stderr, "search-latency: index %.1f MiB of a %.1f MiB vault\n",
           index_bytes / 1048576.0, db_bytes / 1048576.0);

  printf ("\n%u photos, %u persons, %u runs each; times in ms\n\n", n_photos, n_persons, runs);
  print_label ("filter");
  printf (" %8s | %8s | %6s | %8s | %8s | %6s |\n", "FTS med", "FTS p95", "found", "LIKE med",
          "LIKE p95", "found");
  printf ("|%.34s|%.10s|%.10s|%.8s|%.10s|%.10s|%.8s|\n",
          "----------------------------------", "----------", "----------", "--------",
          "----------", "----------", "--------");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    measure (vault, cases[i].label, &cases[i].q, runs);

  measure_edits (vault, runs);

  review_vault_close (vault);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    int status;
    g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL);
  }
  review_secure_free_string (recovery);
  return 0;
}
