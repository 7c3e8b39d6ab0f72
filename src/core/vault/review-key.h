/* review-key.h: a 32-byte vault key held in locked, wiped memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REVIEW_KEY_LEN 32
#define REVIEW_KEY_HEX_LEN (REVIEW_KEY_LEN * 2)
#define REVIEW_TYPE_KEY (review_key_get_type ())

typedef struct _ReviewKey ReviewKey;

GType         review_key_get_type        (void) G_GNUC_CONST;
ReviewKey    *review_key_new_random      (GError       **error);
ReviewKey    *review_key_new_from_bytes  (const guint8  *bytes,
                                          gsize          len,
                                          GError       **error);
ReviewKey    *review_key_new_from_hex    (const char    *hex,
                                          GError       **error);
ReviewKey    *review_key_copy            (const ReviewKey *self);
void          review_key_free            (ReviewKey     *self);
guint         review_key_count_live      (void);
const guint8 *review_key_get_bytes       (const ReviewKey *self);
char         *review_key_dup_hex         (const ReviewKey *self);
char         *review_key_dup_sql_literal (const ReviewKey *self);
char         *review_key_dup_check_value (const ReviewKey *self);
gboolean      review_key_matches_check   (const ReviewKey *self,
                                          const char    *check_hex);

/* Memory that is not paged out and is wiped when freed. */
gpointer      review_secure_alloc        (gsize          size);
void          review_secure_free         (gpointer       mem);
void          review_secure_wipe         (gpointer       mem,
                                          gsize          size);
void          review_secure_free_string  (char          *str);
gboolean      review_random_bytes        (guint8        *buf,
                                          gsize          len,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewKey, review_key_free)

G_END_DECLS
