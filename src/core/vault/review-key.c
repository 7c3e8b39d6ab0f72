/* review-key.c
 *
 * The vault key never lives in ordinary heap memory: it is kept in pages that
 * are mlock()ed (never swapped), excluded from core dumps, and wiped with
 * explicit_bzero before they are returned. Hex forms of the key, which are
 * needed for the keyring and for PRAGMA key, go through the same allocator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "review-error.h"
#include "review-key.h"

#define KEY_CHECK_LABEL "com.example.Review key-check v1"

struct _ReviewKey
{
  guint8 bytes[REVIEW_KEY_LEN];
};

G_DEFINE_BOXED_TYPE (ReviewKey, review_key, review_key_copy, review_key_free)

/* Secure allocations: a header in front records the mapping's length. */
typedef struct
{
  gsize map_len;
  gsize size;
} SecureHeader;

gpointer
review_secure_alloc (gsize size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize total = sizeof (SecureHeader) + size;
  gsize map_len = (total + page - 1) / page * page;
  SecureHeader *hdr;

  hdr = mmap (NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (hdr == MAP_FAILED)
    g_error ("Out of memory for secure allocation of %" G_GSIZE_FORMAT " bytes", size);

  /* Best effort: a low RLIMIT_MEMLOCK must not stop the app, but the key
   * is still wiped on free and kept out of core dumps. */
  if (mlock (hdr, map_len) != 0)
    g_debug ("mlock failed: %s", g_strerror (errno));
#ifdef MADV_DONTDUMP
  madvise (hdr, map_len, MADV_DONTDUMP);
#endif
  hdr->map_len = map_len;
  hdr->size = size;
  return hdr + 1;
}

void
review_secure_wipe (gpointer mem,
                    gsize    size)
{
  if (mem != NULL && size > 0)
    explicit_bzero (mem, size);
}

void
review_secure_free (gpointer mem)
{
  SecureHeader *hdr;
  gsize map_len;

  if (mem == NULL)
    return;
  hdr = ((SecureHeader *) mem) - 1;
  map_len = hdr->map_len;
  explicit_bzero (hdr, map_len);
  munlock (hdr, map_len);
  munmap (hdr, map_len);
}

/* For strings that came from the secure allocator. */
void
review_secure_free_string (char *str)
{
  review_secure_free (str);
}

gboolean
review_random_bytes (guint8  *buf,
                     gsize    len,
                     GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t r = getrandom (buf + done, len - done, 0);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The system’s random number generator failed: %s"),
                       g_strerror (errno));
          return FALSE;
        }
      done += (gsize) r;
    }
  return TRUE;
}

/* How many keys are alive, so that a lock can prove none is left. */
static gint live_keys;

static ReviewKey *
review_key_alloc (void)
{
  g_atomic_int_inc (&live_keys);
  return review_secure_alloc (sizeof (ReviewKey));
}

/**
 * review_key_count_live:
 *
 * The number of ReviewKeys not yet freed (and so not yet wiped).
 */
guint
review_key_count_live (void)
{
  return (guint) g_atomic_int_get (&live_keys);
}

ReviewKey *
review_key_new_random (GError **error)
{
  ReviewKey *self = review_key_alloc ();

  if (!review_random_bytes (self->bytes, sizeof self->bytes, error))
    {
      review_key_free (self);
      return NULL;
    }
  return self;
}

ReviewKey *
review_key_new_from_bytes (const guint8  *bytes,
                           gsize          len,
                           GError       **error)
{
  ReviewKey *self;

  if (len != REVIEW_KEY_LEN)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                           _("The stored key has the wrong length."));
      return NULL;
    }
  self = review_key_alloc ();
  memcpy (self->bytes, bytes, REVIEW_KEY_LEN);
  return self;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

ReviewKey *
review_key_new_from_hex (const char  *hex,
                         GError     **error)
{
  ReviewKey *self;

  if (hex == NULL || strlen (hex) != REVIEW_KEY_HEX_LEN)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                           _("The key stored in the keyring is not a valid vault key."));
      return NULL;
    }

  self = review_key_alloc ();
  for (gsize i = 0; i < REVIEW_KEY_LEN; i++)
    {
      int hi = hex_value (hex[2 * i]);
      int lo = hex_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        {
          review_key_free (self);
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY,
                               _("The key stored in the keyring is not a valid vault key."));
          return NULL;
        }
      self->bytes[i] = (guint8) (hi << 4 | lo);
    }
  return self;
}

ReviewKey *
review_key_copy (const ReviewKey *self)
{
  ReviewKey *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = review_key_alloc ();
  memcpy (copy->bytes, self->bytes, REVIEW_KEY_LEN);
  return copy;
}

void
review_key_free (ReviewKey *self)
{
  if (self == NULL)
    return;
  g_atomic_int_dec_and_test (&live_keys);
  review_secure_free (self);
}

const guint8 *
review_key_get_bytes (const ReviewKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->bytes;
}

static void
write_hex (char         *out,
           const guint8 *bytes,
           gsize         len)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  out[2 * len] = '\0';
}

/**
 * review_key_dup_hex:
 *
 * Returns: (transfer full): 64 lowercase hex characters in secure memory;
 *   free with review_secure_free_string().
 */
char *
review_key_dup_hex (const ReviewKey *self)
{
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);
  hex = review_secure_alloc (REVIEW_KEY_HEX_LEN + 1);
  write_hex (hex, self->bytes, REVIEW_KEY_LEN);
  return hex;
}

/**
 * review_key_dup_sql_literal:
 *
 * Returns: (transfer full): `"x'<hex>'"`, the raw-key form for PRAGMA key,
 *   in secure memory; free with review_secure_free_string().
 */
char *
review_key_dup_sql_literal (const ReviewKey *self)
{
  char *lit;

  g_return_val_if_fail (self != NULL, NULL);
  lit = review_secure_alloc (REVIEW_KEY_HEX_LEN + 6);
  lit[0] = '"';
  lit[1] = 'x';
  lit[2] = '\'';
  write_hex (lit + 3, self->bytes, REVIEW_KEY_LEN);
  lit[3 + REVIEW_KEY_HEX_LEN] = '\'';
  lit[4 + REVIEW_KEY_HEX_LEN] = '"';
  lit[5 + REVIEW_KEY_HEX_LEN] = '\0';
  return lit;
}

/**
 * review_key_dup_check_value:
 *
 * The key-check value kept in vault.json: HMAC-SHA256 of a fixed label under
 * the key, as hex. It tells a wrong key from a damaged file before SQLCipher
 * reads anything, and reveals nothing about the key.
 */
char *
review_key_dup_check_value (const ReviewKey *self)
{
  guint8 mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);
  if (HMAC (EVP_sha256 (), self->bytes, REVIEW_KEY_LEN,
            (const guint8 *) KEY_CHECK_LABEL, strlen (KEY_CHECK_LABEL),
            mac, &mac_len) == NULL)
    g_error ("HMAC-SHA256 failed");
  hex = g_malloc (mac_len * 2 + 1);
  write_hex (hex, mac, mac_len);
  return hex;
}

gboolean
review_key_matches_check (const ReviewKey *self,
                          const char      *check_hex)
{
  g_autofree char *mine = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  if (check_hex == NULL)
    return FALSE;
  mine = review_key_dup_check_value (self);
  if (strlen (mine) != strlen (check_hex))
    return FALSE;
  return CRYPTO_memcmp (mine, check_hex, strlen (mine)) == 0;
}
