/* test-importer.c: importing untrusted photos through the decoder helpers
 *
 * Uses synthetic photos made by tests/gen-photos.c ($REVIEW_GEN_PHOTOS) and
 * the real review-decoder ($REVIEW_DECODER_PATH).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "review-db-private.h"
#include "review-decoder-pool.h"
#include "review-importer.h"
#include "review-test-utils.h"
#include "review-vault-private.h"

typedef struct
{
  char        *dir;
  char        *photos;
  ReviewVault *vault;
} Fixture;

static void
gen (const char *dir,
     const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s %s", g_getenv ("REVIEW_GEN_PHOTOS"), dir, args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = review_test_make_dir ();
  f->photos = g_build_filename (f->dir, "photos", NULL);
  {
    g_autofree char *vdir = g_build_filename (f->dir, "vault", NULL);
    f->vault = review_test_create_vault (vdir, NULL, NULL);
  }
  /* Fault tests pass their fault as data, and use the default photos. */
  gen (f->photos, data != NULL && g_ascii_isdigit (((const char *) data)[0])
                  ? data : "8 --width=800 --height=600 --rotate-every=4 --png-every=5 --hostile");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->vault);
  review_test_remove_dir (f->dir);
  g_free (f->photos);
  g_free (f->dir);
}

static ReviewImportResult *
import (Fixture    *f,
        const char *path)
{
  const char *paths[] = { path ? path : f->photos, NULL };
  ReviewImportOptions options = { g_getenv ("REVIEW_DECODER_PATH"), 2, 0, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  ReviewImportResult *result = review_import_run (f->vault, paths, &options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static int
code_for (ReviewImportResult *result,
          const char         *name)
{
  for (guint i = 0; i < result->rejections->len; i++)
    {
      ReviewImportRejection *r = g_ptr_array_index (result->rejections, i);
      if (g_str_has_suffix (r->path, name))
        return r->code;
    }
  return -1;
}

/* The damaged photo of that name, or NULL. */
static ReviewImportRejection *
damage_for (ReviewImportResult *result,
            const char         *name)
{
  for (guint i = 0; i < result->damages->len; i++)
    {
      ReviewImportRejection *r = g_ptr_array_index (result->damages, i);
      if (g_str_has_suffix (r->path, name))
        return r;
    }
  return NULL;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (review_db_query_int (review_vault_get_db (f->vault), sql, &n, NULL));
  return n;
}

static void
test_sniff (void)
{
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "\xFF\xD8\xFF\xE0", 4), ==,
                   REVIEW_FORMAT_JPEG);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "\x89PNG\r\n\x1a\n", 8), ==,
                   REVIEW_FORMAT_PNG);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "II*\0", 4), ==,
                   REVIEW_FORMAT_TIFF);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "MM\0*", 4), ==,
                   REVIEW_FORMAT_TIFF);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "RIFF\0\0\0\0WEBP", 12), ==,
                   REVIEW_FORMAT_WEBP);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "/* XPM */", 9), ==,
                   REVIEW_FORMAT_UNKNOWN);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "\xFF\xD8", 2), ==,
                   REVIEW_FORMAT_UNKNOWN);
  g_assert_cmpint (review_image_format_sniff ((const guint8 *) "", 0), ==,
                   REVIEW_FORMAT_UNKNOWN);
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ReviewImportResult) result = import (f, NULL);
  ReviewImportRejection *cut;

  /* The JPEG cut at 6000 bytes decodes in part: it is kept, flagged as
   * damaged (issue 12), not rejected. */
  g_assert_cmpuint (result->imported, ==, 9);
  g_assert_cmpuint (result->damaged, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 4);
  g_assert_cmpint (code_for (result, "hostile-xpm-named.jpg"), ==,
                   REVIEW_DECODE_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpint (code_for (result, "hostile-truncated.jpg"), ==, -1);
  cut = damage_for (result, "hostile-truncated.jpg");
  g_assert_nonnull (cut);
  if (cut == NULL)
    return;
  g_assert_cmpint (cut->code, ==, REVIEW_DAMAGE_MISSING);
  g_assert_true (g_str_has_prefix (cut->reason, "The last "));
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos WHERE damage = 1 AND damage_row > 0"
                             " AND damage_row < height AND file_name = 'hostile-truncated.jpg'"),
                   ==, 1);
  g_assert_cmpint (code_for (result, "hostile-pixel-bomb.png"), ==, REVIEW_DECODE_ERROR_TOO_LARGE);
  g_assert_cmpint (code_for (result, "hostile-random.jpg"), ==,
                   REVIEW_DECODE_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpint (code_for (result, "hostile-empty.jpg"), ==, REVIEW_DECODE_ERROR_EMPTY);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos"), ==, 9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM thumbnails"), ==, 9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos WHERE damage <> 0"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos WHERE format = 'png'"), ==, 1);
}

/* A JPEG cut short is kept as damaged, with the share that is missing,
 * whatever marker it ends with (GdkPixbuf accepted such a file as whole and
 * painted the rest grey; then Review refused it, losing the person in it).
 * A file cut before any row of the scan decodes is still refused. */
static void
test_truncated_jpeg_variants (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *src = g_build_filename (f->photos, "photo-00000.jpg", NULL);
  g_autofree char *one = g_build_filename (f->dir, "cut", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0, scan = 0;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  /* Where the entropy-coded data starts: after the SOS segment. */
  for (gsize i = 2; i + 4 < len; i++)
    if ((guint8) contents[i] == 0xFF && (guint8) contents[i + 1] == 0xDA)
      {
        scan = i + 2 + ((guint8) contents[i + 2] << 8 | (guint8) contents[i + 3]);
        break;
      }
  g_assert_cmpuint (scan, >, 0);
  g_mkdir (one, 0700);
  for (int i = 1; i <= 4; i++)
    {
      gsize cut = scan + (len - scan) * i / 5;
      g_autofree char *name = g_strdup_printf ("%s/cut-%d.jpg", one, i);
      g_autofree char *forged = g_strdup_printf ("%s/cut-%d-forged-end.jpg", one, i);
      g_autofree char *with_end = g_malloc (cut + 2);

      g_assert_true (g_file_set_contents (name, contents, (gssize) cut, NULL));
      /* The same cut with an end-of-image marker appended: the marker is
       * no proof that the image is whole. */
      memcpy (with_end, contents, cut);
      with_end[cut] = (char) 0xFF;
      with_end[cut + 1] = (char) 0xD9;
      g_assert_true (g_file_set_contents (forged, with_end, (gssize) cut + 2, NULL));
    }
  {
    g_autofree char *name = g_strdup_printf ("%s/header-only.jpg", one);
    g_assert_true (g_file_set_contents (name, contents, (gssize) scan, NULL));
  }
  {
    g_autoptr(ReviewImportResult) result = import (f, one);
    g_assert_cmpuint (result->imported, ==, 8);
    g_assert_cmpuint (result->damaged, ==, 8);
    g_assert_cmpuint (result->rejected, ==, 1);
    g_assert_cmpint (code_for (result, "header-only.jpg"), ==, REVIEW_DECODE_ERROR_TRUNCATED);
    for (int i = 1; i <= 4; i++)
      for (int forged = 0; forged <= 1; forged++)
        {
          g_autofree char *name = g_strdup_printf (forged ? "cut-%d-forged-end.jpg" : "cut-%d.jpg", i);
          ReviewImportRejection *d = damage_for (result, name);
          guint percent = 0;

          g_test_message ("%s: %s", name, d ? d->reason : "(not damaged)");
          g_assert_nonnull (d);
          if (d == NULL)
            return;
          g_assert_cmpint (d->code, ==, REVIEW_DAMAGE_MISSING);
          g_assert_cmpint (sscanf (d->reason, "The last %u %%", &percent), ==, 1);
          /* Cut after i fifths of the scan data: about (5 - i) fifths of
           * the rows are missing (the data per row is not even, and rows
           * are decoded 8 or 16 at a time). */
          g_assert_cmpuint (percent, >=, (guint) (5 - i) * 20 - 15);
          g_assert_cmpuint (percent, <=, (guint) (5 - i) * 20 + 15);
        }
    g_assert_cmpint (count (f, "SELECT count(*) FROM photos WHERE damage = 1"), ==, 8);
  }
}

static void
test_sha256 (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ReviewImportResult) result = import (f, NULL);
  g_autofree char *path = g_build_filename (f->photos, "photo-00001.jpg", NULL);
  g_autofree char *cmd = g_strdup_printf ("sha256sum %s", path);
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  out[64] = '\0';
  sql = g_strdup_printf ("SELECT count(*) FROM photos p JOIN photo_paths pp ON pp.photo_id = p.id"
                         " WHERE p.sha256 = '%s' AND pp.path = '%s'", out, path);
  g_assert_cmpint (count (f, sql), ==, 1);
}

static void
test_dedup (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *src = g_build_filename (f->photos, "photo-00002.jpg", NULL);
  g_autofree char *copy = g_build_filename (f->photos, "copy-of-2.jpg", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  {
    /* 8 whole photos and the cut JPEG of the hostile set, damaged. */
    g_autoptr(ReviewImportResult) first = import (f, NULL);
    g_assert_cmpuint (first->imported, ==, 9);
    g_assert_cmpuint (first->damaged, ==, 1);
  }
  {
    /* A damaged photo already in the vault is a duplicate like any
     * other: not damaged again, not imported again. */
    g_autoptr(ReviewImportResult) again = import (f, NULL);
    g_assert_cmpuint (again->imported, ==, 0);
    g_assert_cmpuint (again->damaged, ==, 0);
    g_assert_cmpuint (again->duplicates, ==, 9);
  }
  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  {
    g_autoptr(ReviewImportResult) third = import (f, NULL);
    g_assert_cmpuint (third->imported, ==, 0);
    g_assert_cmpuint (third->duplicates, ==, 10);
  }
  /* One photo, found at two paths. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos"), ==, 9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_paths WHERE photo_id = (SELECT photo_id"
                             " FROM photo_paths WHERE path LIKE '%copy-of-2.jpg')"), ==, 2);
  /* Each import is one audit event. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 3);
}

static void
test_orientation (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ReviewImportResult) result = import (f, NULL);

  /* photo-00003-rotated.jpg is 800×600 with EXIF orientation 6. */
  g_assert_cmpint (count (f, "SELECT orientation FROM photos WHERE file_name LIKE '%rotated%'"),
                   ==, 6);
  g_assert_cmpint (count (f, "SELECT t.width FROM thumbnails t JOIN photos p ON p.id = t.photo_id"
                             " WHERE p.file_name LIKE '%rotated%'"), ==, 240);
  g_assert_cmpint (count (f, "SELECT t.height FROM thumbnails t JOIN photos p ON p.id = t.photo_id"
                             " WHERE p.file_name LIKE '%rotated%'"), ==, 320);
  g_assert_cmpint (count (f, "SELECT t.width FROM thumbnails t JOIN photos p ON p.id = t.photo_id"
                             " WHERE p.file_name = 'photo-00000.jpg'"), ==, 320);
}

static void
test_originals_untouched (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->photos, "photo-00001.jpg", NULL);
  g_autofree char *before = review_test_file_sha256 (path);
  g_autofree char *after = NULL;
  GStatBuf st1, st2;

  g_assert_cmpint (g_stat (path, &st1), ==, 0);
  {
    g_autoptr(ReviewImportResult) result = import (f, NULL);
  }
  g_assert_cmpint (g_stat (path, &st2), ==, 0);
  after = review_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (st1.st_mtime, ==, st2.st_mtime);
  g_assert_cmpint (st1.st_size, ==, st2.st_size);
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const char *spec = data;
  g_autoptr(ReviewImportResult) result = NULL;

  g_setenv ("REVIEW_TEST_DECODER_FAULTS", spec, TRUE);
  g_setenv ("REVIEW_TEST_DECODER_TIMEOUT", "2", TRUE);
  result = import (f, NULL);
  g_unsetenv ("REVIEW_TEST_DECODER_FAULTS");
  g_unsetenv ("REVIEW_TEST_DECODER_TIMEOUT");

  /* One file lost, the rest imported (the cut JPEG of the hostile set
   * among them, damaged). */
  g_assert_cmpuint (result->imported, ==, 8);
  g_assert_cmpuint (result->damaged, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 5);
  if (g_str_has_prefix (spec, "hang"))
    g_assert_cmpint (code_for (result, "photo-00002.jpg"), ==, REVIEW_DECODE_ERROR_TIMED_OUT);
  else
    g_assert_cmpint (code_for (result, "photo-00002.jpg"), ==, REVIEW_DECODE_ERROR_CRASHED);
  /* Still importable later, once the decoder behaves. */
  {
    g_autoptr(ReviewImportResult) again = import (f, NULL);
    g_assert_cmpuint (again->imported, ==, 1);
  }
}

typedef struct
{
  GCancellable *cancellable;
  guint         stop_after;
} CancelAt;

static void
cancel_progress_cb (const ReviewImportProgress *p,
                    gpointer                    user_data)
{
  CancelAt *c = user_data;

  if (p->imported >= c->stop_after)
    g_cancellable_cancel (c->cancellable);
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt c = { cancellable, 3 };
  const char *paths[] = { f->photos, NULL };
  ReviewImportOptions options = { g_getenv ("REVIEW_DECODER_PATH"), 1, 0, cancel_progress_cb,
                                  NULL, &c };
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewImportResult) first = review_import_run (f->vault, paths, &options, cancellable,
                                                           &error);
  gint64 after_first;

  g_assert_no_error (error);
  g_assert_true (first->cancelled);
  after_first = count (f, "SELECT count(*) FROM photos");
  g_assert_cmpint (after_first, >=, 3);
  g_assert_cmpint (after_first, <, 40);
  {
    g_autoptr(ReviewImportResult) second = import (f, NULL);
    g_assert_cmpuint (second->imported + second->duplicates, ==, 40);
    g_assert_cmpint (count (f, "SELECT count(*) FROM photos"), ==, 40);
  }
}

typedef struct
{
  Fixture            *f;
  ReviewImportResult *result;
} Concurrent;

static gpointer
import_in_thread (gpointer data)
{
  Concurrent *c = data;

  c->result = import (c->f, NULL);
  return NULL;
}

/* What the window records while an import runs (reveals) goes into the
 * chain on its own and is never lost with the import's transactions. */
static void
test_audit_during_import (Fixture       *f,
                          gconstpointer  data)
{
  Concurrent c = { f, NULL };
  GThread *thread = g_thread_new ("import", import_in_thread, &c);
  ReviewAuditReport report;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    {
      g_assert_true (review_vault_audit (f->vault, "photo.revealed", "x", "{}", &error));
      g_assert_no_error (error);
      g_usleep (20 * 1000);
    }
  g_thread_join (thread);
  g_assert_cmpuint (c.result->imported, ==, 40);
  review_import_result_free (c.result);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'photo.revealed'"), ==,
                   20);
  g_assert_true (review_vault_verify_audit (f->vault, &report, &error));
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  review_audit_report_clear (&report);
}

static void
test_no_helper (Fixture       *f,
                gconstpointer  data)
{
  const char *paths[] = { f->photos, NULL };
  ReviewImportOptions options = { "/nonexistent/review-decoder", 1, 0, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewImportResult) result = review_import_run (f->vault, paths, &options, NULL,
                                                            &error);

  g_assert_null (result);
  g_assert_error (error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_NO_HELPER);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photos"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  review_test_init (&argc, &argv);

  g_test_add_func ("/import/sniff", test_sniff);
  g_test_add ("/import/hostile-files", Fixture, NULL, fixture_setup, test_hostile,
              fixture_teardown);
  g_test_add ("/import/truncated-jpeg", Fixture, "1 --width=800 --height=600", fixture_setup,
              test_truncated_jpeg_variants, fixture_teardown);
  g_test_add ("/import/sha256", Fixture, NULL, fixture_setup, test_sha256, fixture_teardown);
  g_test_add ("/import/dedup", Fixture, NULL, fixture_setup, test_dedup, fixture_teardown);
  g_test_add ("/import/orientation", Fixture, NULL, fixture_setup, test_orientation,
              fixture_teardown);
  g_test_add ("/import/originals-untouched", Fixture, NULL, fixture_setup,
              test_originals_untouched, fixture_teardown);
  g_test_add ("/import/decoder-crash", Fixture, "crash=photo-00002", fixture_setup, test_fault,
              fixture_teardown);
  g_test_add ("/import/decoder-hang", Fixture, "hang=photo-00002", fixture_setup, test_fault,
              fixture_teardown);
  g_test_add ("/import/decoder-out-of-memory", Fixture, "oom=photo-00002", fixture_setup,
              test_fault, fixture_teardown);
  g_test_add ("/import/resume", Fixture, "40 --width=640 --height=480", fixture_setup,
              test_resume, fixture_teardown);
  g_test_add ("/import/audit-during-import", Fixture, "40 --width=1024 --height=768",
              fixture_setup, test_audit_during_import, fixture_teardown);
  g_test_add ("/import/no-helper", Fixture, "2 --width=320 --height=240", fixture_setup,
              test_no_helper, fixture_teardown);

  return g_test_run ();
}
