/* test-decoder-reply.c: the parent treats a decoder as hostile
 *
 * Replies no honest decoder sends, first straight into
 * review_decoder_read_reply() over a socket pair, then from a lying decoder
 * (evil-decoder.c) started by the real pool inside the real sandbox: each is
 * refused before anything is allocated from its lengths, the lying decoder
 * is killed and replaced, and the next file is decoded by a fresh one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "review-decoder-pool.h"
#include "review-decoder-reply.h"

static ReviewDecoderReply
honest (void)
{
  ReviewDecoderReply rep = { 0 };

  rep.magic = REVIEW_DECODER_MAGIC;
  rep.status = REVIEW_DECODER_OK;
  rep.format = REVIEW_FORMAT_JPEG;
  rep.orientation = 1;
  rep.orig_width = rep.width = 4;
  rep.orig_height = rep.height = 2;
  rep.pixel_len = 4 * 2 * 3;
  return rep;
}

/* Writes the header and body into a socket pair and reads it back. */
static ReviewDecoderRead
roundtrip (const ReviewDecoderReply *rep,
           const void               *body,
           gsize                     body_len,
           char                    **text,
           guint8                  **pixels)
{
  ReviewDecoderReply got;
  ReviewDecoderRead r;
  int sv[2];

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM, 0, sv));
  g_assert_cmpint (write (sv[1], rep, sizeof *rep), ==, (ssize_t) sizeof *rep);
  if (body_len > 0)
    g_assert_cmpint (write (sv[1], body, body_len), ==, (ssize_t) body_len);
  close (sv[1]);
  r = review_decoder_read_reply (sv[0], g_get_monotonic_time () + G_USEC_PER_SEC, 256, 1000000,
                                 &got, text, pixels);
  close (sv[0]);
  return r;
}

static void
test_honest (void)
{
  ReviewDecoderReply rep = honest ();
  guint8 body[2 + 24];
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;

  rep.text_len = 2;
  memcpy (body, "a\n", 2);
  memset (body + 2, 7, 24);
  g_assert_cmpint (roundtrip (&rep, body, sizeof body, &text, &pixels), ==, REVIEW_DECODER_READ_OK);
  g_assert_cmpstr (text, ==, "a\n");
  g_assert_nonnull (pixels);
  g_assert_cmpint (pixels[23], ==, 7);

  /* Damaged images an honest decoder sends. */
  {
    static const guint32 kinds[][2] = {
      { REVIEW_DAMAGE_MISSING, 1 }, { REVIEW_DAMAGE_CORRUPT, 0 },
      { REVIEW_DAMAGE_CORRUPT, 1 }, { REVIEW_DAMAGE_PARTLY, 0 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autofree char *t = NULL;
        g_autofree guint8 *p = NULL;

        rep = honest ();
        rep.text_len = 2;
        rep.damage = kinds[i][0];
        rep.damage_row = kinds[i][1];
        g_assert_cmpint (roundtrip (&rep, body, sizeof body, &t, &p), ==, REVIEW_DECODER_READ_OK);
        g_assert_nonnull (p);
      }
  }
}

static void
test_nonsense (void)
{
  ReviewDecoderReply rep;
  guint8 body[64] = { 0 };
  char *text;
  guint8 *pixels;

#define EXPECT_NONSENSE(what, body_len)                                                   \
  do {                                                                                    \
    g_test_message ("%s", what);                                                          \
    g_assert_cmpint (roundtrip (&rep, body, body_len, &text, &pixels), ==,                \
                     REVIEW_DECODER_READ_NONSENSE);                                       \
    g_assert_null (text);                                                                 \
    g_assert_null (pixels);                                                               \
  } while (0)

  rep = honest (); rep.magic ^= 1;
  EXPECT_NONSENSE ("bad magic", 24);
  rep = honest (); rep.status = REVIEW_DECODER_CORRUPT;
  EXPECT_NONSENSE ("an error reply that carries pixels", 24);
  rep = honest (); rep.status = 77; rep.pixel_len = 0;
  EXPECT_NONSENSE ("an unknown status", 0);
  rep = honest (); rep.status = REVIEW_DECODER_STATUS_LAST + 1; rep.pixel_len = 0;
  EXPECT_NONSENSE ("the status after the last", 0);
  rep = honest (); rep.status = REVIEW_DECODER_UNSUPPORTED;
  EXPECT_NONSENSE ("an unsupported reply that carries pixels", 24);
  rep = honest (); rep.format = 9;
  EXPECT_NONSENSE ("an unknown format", 24);
  rep = honest (); rep.format = REVIEW_FORMAT_UNKNOWN;
  EXPECT_NONSENSE ("success with no format", 24);
  rep = honest (); rep.orientation = 9;
  EXPECT_NONSENSE ("orientation 9", 24);
  rep = honest (); rep.orientation = 0;
  EXPECT_NONSENSE ("orientation 0", 24);
  rep = honest (); rep.pixel_len = 23;
  EXPECT_NONSENSE ("pixels not width x height x 3", 23);
  rep = honest (); rep.width = rep.height = 1; rep.pixel_len = G_GUINT64_CONSTANT (1) << 60;
  EXPECT_NONSENSE ("2^60 bytes of pixels claimed", 24);
  rep = honest (); rep.width = 0x10000; rep.height = 0x10000;
  rep.pixel_len = (guint64) 0x10000 * 0x10000 * 3;
  EXPECT_NONSENSE ("a 65536 x 65536 image (over the size asked for)", 24);
  rep = honest (); rep.width = 300; rep.height = 1; rep.pixel_len = 900;
  EXPECT_NONSENSE ("wider than the long edge asked for", 24);
  rep = honest (); rep.width = rep.height = 0; rep.pixel_len = 0;
  EXPECT_NONSENSE ("success with no pixels", 0);
  rep = honest (); rep.text_len = 1u << 30;
  EXPECT_NONSENSE ("1 GiB of text claimed", 24);
  rep = honest (); rep.text_len = 2; memcpy (body, "\xff\xfe", 2);
  EXPECT_NONSENSE ("text that is not UTF-8", 26);
  rep = honest (); rep.damage = REVIEW_DAMAGE_LAST + 1;
  EXPECT_NONSENSE ("an unknown kind of damage", 24);
  rep = honest (); rep.damage = 0xFFFFFFFFu;
  EXPECT_NONSENSE ("damage kind 2^32 - 1", 24);
  rep = honest (); rep.status = REVIEW_DECODER_CORRUPT; rep.pixel_len = 0;
  rep.damage = REVIEW_DAMAGE_MISSING; rep.damage_row = 1;
  EXPECT_NONSENSE ("damage on a rejection", 0);
  rep = honest (); rep.damage = REVIEW_DAMAGE_MISSING; rep.damage_row = 0;
  EXPECT_NONSENSE ("missing from row 0 (nothing decoded, yet pixels)", 24);
  rep = honest (); rep.damage = REVIEW_DAMAGE_MISSING; rep.damage_row = 2;
  EXPECT_NONSENSE ("missing from a row below the image", 24);
  rep = honest (); rep.damage = REVIEW_DAMAGE_CORRUPT; rep.damage_row = 0x7FFFFFFF;
  EXPECT_NONSENSE ("corrupt from a row far below the image", 24);
  rep = honest (); rep.damage = REVIEW_DAMAGE_PARTLY; rep.damage_row = 1;
  EXPECT_NONSENSE ("partly decoded, naming a row", 24);
  rep = honest (); rep.damage_row = 1;
  EXPECT_NONSENSE ("a row with no damage", 24);
  rep = honest (); rep.reserved = 1;
  EXPECT_NONSENSE ("the reserved field set", 24);
#undef EXPECT_NONSENSE
}

static void
test_short_reply (void)
{
  ReviewDecoderReply rep = honest ();
  char *text;
  guint8 *pixels;

  /* The decoder dies after promising 24 bytes and sending 10. */
  g_assert_cmpint (roundtrip (&rep, "0123456789", 10, &text, &pixels), ==, REVIEW_DECODER_READ_EOF);
  g_assert_null (text);
  g_assert_null (pixels);
}

/* The last status is a reply an honest decoder sends. */
static void
test_unsupported_reply (void)
{
  ReviewDecoderReply rep = honest ();
  g_autofree char *text = NULL;
  g_autofree guint8 *pixels = NULL;

  rep.status = REVIEW_DECODER_UNSUPPORTED;
  rep.width = rep.height = 0;
  rep.pixel_len = 0;
  rep.text_len = 10;
  g_assert_cmpint (roundtrip (&rep, "jpeg-12bit", 10, &text, &pixels), ==, REVIEW_DECODER_READ_OK);
  g_assert_cmpstr (text, ==, "jpeg-12bit");
  g_assert_null (pixels);
}

/* The reason shown for an unsupported file is the parent's sentence: a
 * known code maps to its phrase, any other text to a generic one, and the
 * decoder's own words are never shown. */
static void
test_unsupported_text (void)
{
  static const struct
  {
    const char *word;
    const char *message;
  } cases[] = {
    { "unsupported-known", "Unsupported: 12-bit JPEG." },
    { "unsupported-odd", "Unsupported: this variant of the format." },
  };
  g_autofree char *evil = g_test_build_filename (G_TEST_BUILT, "evil-decoder", NULL);
  g_autofree char *dir = g_dir_make_tmp ("review-evil-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  ReviewDecoderPool *pool = review_decoder_pool_new (evil, 1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].word, NULL);
      g_autoptr(ReviewDecodedImage) image = NULL;
      g_autoptr(GError) local_error = NULL;
      int fd;

      g_assert_true (g_file_set_contents (path, cases[i].word, -1, NULL));
      fd = open (path, O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      image = review_decoder_pool_decode (pool, fd, 256, 1000000, 0, &local_error);
      close (fd);
      g_unlink (path);
      g_assert_null (image);
      g_assert_error (local_error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_UNSUPPORTED);
      g_assert_cmpstr (local_error->message, ==, cases[i].message);
    }
  /* An honest reply: the same decoder answered both. */
  g_assert_cmpuint (review_decoder_pool_get_spawned (pool), ==, 1);
  review_decoder_pool_free (pool);
  g_rmdir (dir);
}

static void
test_lying_decoder (void)
{
  static const char *lies[] = {
    "error-with-pixels", "huge", "long-text", "bad-utf8", "wrong-size", "too-big",
    "orientation", "bad-status",
  };
  g_autofree char *evil = g_test_build_filename (G_TEST_BUILT, "evil-decoder", NULL);
  g_autofree char *dir = g_dir_make_tmp ("review-evil-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  ReviewDecoderPool *pool;
  guint spawned;

  pool = review_decoder_pool_new (evil, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (lies) + 1; i++)
    {
      const char *word = i < G_N_ELEMENTS (lies) ? lies[i] : "good";
      g_autofree char *path = g_build_filename (dir, word, NULL);
      g_autoptr(ReviewDecodedImage) image = NULL;
      g_autoptr(GError) local_error = NULL;
      int fd;

      g_assert_true (g_file_set_contents (path, word, -1, NULL));
      fd = open (path, O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      spawned = review_decoder_pool_get_spawned (pool);
      image = review_decoder_pool_decode (pool, fd, 256, 1000000, 0, &local_error);
      close (fd);
      g_unlink (path);
      /* Each decode needed a new decoder: the one before was killed. */
      g_assert_cmpuint (review_decoder_pool_get_spawned (pool), ==, spawned + 1);
      if (i < G_N_ELEMENTS (lies))
        {
          g_test_message ("lie: %s", word);
          g_assert_null (image);
          g_assert_error (local_error, REVIEW_DECODE_ERROR, REVIEW_DECODE_ERROR_CRASHED);
          g_assert_nonnull (strstr (local_error->message, "nonsense"));
        }
      else
        {
          /* A fresh decoder after every lie: each liar was killed. */
          g_assert_no_error (local_error);
          g_assert_nonnull (image);
          g_assert_cmpuint (image->width, ==, 2);
          g_assert_cmpuint (review_decoder_pool_get_spawned (pool), ==, G_N_ELEMENTS (lies) + 1);
        }
    }
  review_decoder_pool_free (pool);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decoder-reply/honest", test_honest);
  g_test_add_func ("/decoder-reply/nonsense", test_nonsense);
  g_test_add_func ("/decoder-reply/short", test_short_reply);
  g_test_add_func ("/decoder-reply/unsupported", test_unsupported_reply);
  g_test_add_func ("/decoder-reply/unsupported-text", test_unsupported_text);
  g_test_add_func ("/decoder-reply/lying-decoder", test_lying_decoder);
  return g_test_run ();
}
