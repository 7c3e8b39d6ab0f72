/* review-catalog.c
 *
 * Reads a compiled GNU message catalogue (.mo) whole, indexes it once, and
 * never changes afterwards, so lookups need no lock and may run in any
 * thread. The format (GNU gettext manual, "The Format of GNU MO Files"):
 *
 *   offset  0  magic 0x950412de, in the writer's byte order
 *           4  revision (major 0 or 1; minor revisions add nothing we use)
 *           8  N, the number of strings
 *          12  O, offset of the table of original strings
 *          16  T, offset of the table of translations
 *
 * Each table holds N pairs (length, offset) of NUL-terminated strings. An
 * original with a context is "context\004msgid"; a plural original is
 * "msgid\0msgid_plural" and its translation the forms one after another,
 * each ending in NUL. The entry with the empty msgid is the header, whose
 * Plural-Forms line says how many forms there are and which one a number
 * takes (a C expression in n, evaluated here by a small parser).
 *
 * English, the language of the source strings, is the empty catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-catalog.h"
#include "review-error.h"

#define MO_MAGIC          0x950412deu
#define MO_MAGIC_SWAPPED  0xde120495u

/* --- the plural expression ------------------------------------------------ */

typedef enum
{
  OP_NUM, OP_N, OP_NOT, OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB, OP_LT, OP_GT, OP_LE, OP_GE,
  OP_EQ, OP_NE, OP_AND, OP_OR, OP_COND,
} PluralOp;

typedef struct _PluralNode PluralNode;
struct _PluralNode
{
  PluralOp     op;
  gulong       value;
  PluralNode  *a, *b, *c;
};

static void
plural_node_free (PluralNode *node)
{
  if (node == NULL)
    return;
  plural_node_free (node->a);
  plural_node_free (node->b);
  plural_node_free (node->c);
  g_free (node);
}

static PluralNode *
plural_node_new (PluralOp    op,
                 PluralNode *a,
                 PluralNode *b,
                 PluralNode *c)
{
  PluralNode *node = g_new0 (PluralNode, 1);

  node->op = op;
  node->a = a;
  node->b = b;
  node->c = c;
  return node;
}

typedef struct
{
  const char *p;
  int         depth;
  gboolean    failed;
} PluralParser;

static void
skip_space (PluralParser *pp)
{
  while (*pp->p == ' ' || *pp->p == '\t' || *pp->p == '\n' || *pp->p == '\r')
    pp->p++;
}

static gboolean
accept (PluralParser *pp,
        const char   *token)
{
  gsize len = strlen (token);

  skip_space (pp);
  if (strncmp (pp->p, token, len) != 0)
    return FALSE;
  /* "<" must not take the first half of "<=", nor "!" of "!=". */
  if (len == 1 && (token[0] == '<' || token[0] == '>' || token[0] == '!' || token[0] == '=') &&
      pp->p[1] == '=')
    return FALSE;
  pp->p += len;
  return TRUE;
}

static PluralNode *parse_cond (PluralParser *pp);

static PluralNode *
parse_primary (PluralParser *pp)
{
  skip_space (pp);
  if (++pp->depth > 64)
    {
      pp->failed = TRUE;
      return NULL;
    }
  if (accept (pp, "!"))
    {
      PluralNode *a = parse_primary (pp);
      pp->depth--;
      return plural_node_new (OP_NOT, a, NULL, NULL);
    }
  if (accept (pp, "("))
    {
      PluralNode *a = parse_cond (pp);
      if (!accept (pp, ")"))
        pp->failed = TRUE;
      pp->depth--;
      return a;
    }
  if (*pp->p == 'n')
    {
      pp->p++;
      pp->depth--;
      return plural_node_new (OP_N, NULL, NULL, NULL);
    }
  if (g_ascii_isdigit (*pp->p))
    {
      PluralNode *node = plural_node_new (OP_NUM, NULL, NULL, NULL);
      char *end = NULL;

      node->value = (gulong) g_ascii_strtoull (pp->p, &end, 10);
      pp->p = end;
      pp->depth--;
      return node;
    }
  pp->failed = TRUE;
  pp->depth--;
  return NULL;
}

/* Binary operators by precedence, loosest last; each level left-associative. */
static const struct
{
  const char *token;
  PluralOp    op;
  int         level;
} binary_ops[] = {
  { "*", OP_MUL, 0 }, { "/", OP_DIV, 0 }, { "%", OP_MOD, 0 },
  { "+", OP_ADD, 1 }, { "-", OP_SUB, 1 },
  { "<=", OP_LE, 2 }, { ">=", OP_GE, 2 }, { "<", OP_LT, 2 }, { ">", OP_GT, 2 },
  { "==", OP_EQ, 3 }, { "!=", OP_NE, 3 },
  { "&&", OP_AND, 4 },
  { "||", OP_OR, 5 },
};

static PluralNode *
parse_binary (PluralParser *pp,
              int           level)
{
  PluralNode *left = level == 0 ? parse_primary (pp) : parse_binary (pp, level - 1);

  while (!pp->failed)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (binary_ops); i++)
        if (binary_ops[i].level == level && accept (pp, binary_ops[i].token))
          {
            PluralNode *right = level == 0 ? parse_primary (pp) : parse_binary (pp, level - 1);
            left = plural_node_new (binary_ops[i].op, left, right, NULL);
            found = TRUE;
            break;
          }
      if (!found)
        break;
    }
  return left;
}

static PluralNode *
parse_cond (PluralParser *pp)
{
  PluralNode *test = parse_binary (pp, 5);

  if (!pp->failed && accept (pp, "?"))
    {
      PluralNode *yes, *no;

      if (++pp->depth > 64)
        {
          pp->failed = TRUE;
          return test;
        }
      yes = parse_cond (pp);
      if (!accept (pp, ":"))
        pp->failed = TRUE;
      no = parse_cond (pp);
      pp->depth--;
      return plural_node_new (OP_COND, test, yes, no);
    }
  return test;
}

static gulong
plural_eval (const PluralNode *node,
             gulong            n)
{
  gulong a, b;

  switch (node->op)
    {
    case OP_NUM:
      return node->value;
    case OP_N:
      return n;
    case OP_NOT:
      return !plural_eval (node->a, n);
    case OP_COND:
      return plural_eval (node->a, n) ? plural_eval (node->b, n) : plural_eval (node->c, n);
    case OP_AND:
      return plural_eval (node->a, n) && plural_eval (node->b, n);
    case OP_OR:
      return plural_eval (node->a, n) || plural_eval (node->b, n);
    default:
      break;
    }

  a = plural_eval (node->a, n);
  b = plural_eval (node->b, n);
  switch (node->op)
    {
    case OP_MUL: return a * b;
    case OP_DIV: return b != 0 ? a / b : 0;
    case OP_MOD: return b != 0 ? a % b : 0;
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_LT:  return a < b;
    case OP_GT:  return a > b;
    case OP_LE:  return a <= b;
    case OP_GE:  return a >= b;
    case OP_EQ:  return a == b;
    case OP_NE:  return a != b;
    default:     g_return_val_if_reached (0);
    }
}

/* --- the catalogue -------------------------------------------------------- */

typedef struct
{
  const char *text;    /* inside the file's bytes */
  guint32     length;  /* all plural forms, with the NULs between them */
} Translation;

struct _ReviewCatalog
{
  char       *language;
  GBytes     *data;       /* the .mo, which every key and translation points into */
  GHashTable *messages;   /* original (up to its first NUL) → Translation* */
  Translation *translations;
  guint       n_plurals;
  PluralNode *plural;     /* NULL: the Germanic rule, n != 1 */
};

void
review_catalog_free (ReviewCatalog *self)
{
  if (self == NULL)
    return;
  g_free (self->language);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_free (self->translations);
  plural_node_free (self->plural);
  g_free (self);
}

static ReviewCatalog *
catalog_new_empty (const char *language)
{
  ReviewCatalog *self = g_new0 (ReviewCatalog, 1);

  self->language = g_strdup (language);
  self->messages = g_hash_table_new (g_str_hash, g_str_equal);
  self->n_plurals = 2;
  return self;
}

static guint32
read_u32 (const guint8 *data,
          gsize         offset,
          gboolean      swapped)
{
  guint32 v;

  memcpy (&v, data + offset, 4);
  if (swapped)
    v = GUINT32_SWAP_LE_BE (v);
  return v;
}

/* "Plural-Forms: nplurals=6; plural=…;" in the header entry. */
static void
parse_plural_forms (ReviewCatalog *self,
                    const char    *header)
{
  const char *line = strstr (header, "Plural-Forms:");
  const char *nplurals, *plural;
  g_autofree char *expr = NULL;
  PluralParser pp = { 0 };
  PluralNode *node;
  const char *end;
  guint64 n;

  if (line == NULL)
    return;
  end = strchr (line, '\n');
  if (end == NULL)
    end = line + strlen (line);
  nplurals = g_strstr_len (line, end - line, "nplurals=");
  plural = g_strstr_len (line, end - line, "plural=");
  if (nplurals == NULL || plural == NULL)
    return;
  n = g_ascii_strtoull (nplurals + strlen ("nplurals="), NULL, 10);
  if (n < 1 || n > 16)
    return;

  plural += strlen ("plural=");
  expr = g_strndup (plural, end - plural);
  if (strchr (expr, ';') != NULL)
    *strchr (expr, ';') = '\0';
  pp.p = expr;
  node = parse_cond (&pp);
  skip_space (&pp);
  if (pp.failed || *pp.p != '\0')
    {
      g_warning ("catalog %s: cannot parse the plural expression “%s”", self->language, expr);
      plural_node_free (node);
      return;
    }
  self->n_plurals = (guint) n;
  self->plural = node;
}

/**
 * review_catalog_new_from_file:
 * @language: the language the catalogue holds, such as "ar"
 * @mo_path: a compiled message catalogue
 */
ReviewCatalog *
review_catalog_new_from_file (const char  *language,
                              const char  *mo_path,
                              GError     **error)
{
  g_autoptr(ReviewCatalog) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  const guint8 *data;
  guint32 magic, revision, n, orig_table, trans_table;
  gboolean swapped;

  g_return_val_if_fail (language != NULL && mo_path != NULL, NULL);

  if (!g_file_get_contents (mo_path, &contents, &size, &local_error))
    {
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_IO,
                   _("Could not read the translations for “%s”: %s"), language,
                   local_error->message);
      return NULL;
    }

  self = catalog_new_empty (language);
  self->data = g_bytes_new_take (g_steal_pointer (&contents), size);
  data = g_bytes_get_data (self->data, NULL);

  if (size < 20)
    goto damaged;
  memcpy (&magic, data, 4);
  if (magic == MO_MAGIC)
    swapped = FALSE;
  else if (magic == MO_MAGIC_SWAPPED)
    swapped = TRUE;
  else
    goto damaged;
  revision = read_u32 (data, 4, swapped);
  n = read_u32 (data, 8, swapped);
  orig_table = read_u32 (data, 12, swapped);
  trans_table = read_u32 (data, 16, swapped);
  if ((revision >> 16) > 1 || n > size / 16 ||
      orig_table > size || (gsize) n * 8 > size - orig_table ||
      trans_table > size || (gsize) n * 8 > size - trans_table)
    goto damaged;

  self->translations = g_new0 (Translation, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    {
      guint32 olen = read_u32 (data, orig_table + 8 * i, swapped);
      guint32 ooff = read_u32 (data, orig_table + 8 * i + 4, swapped);
      guint32 tlen = read_u32 (data, trans_table + 8 * i, swapped);
      guint32 toff = read_u32 (data, trans_table + 8 * i + 4, swapped);
      Translation *t = &self->translations[i];

      /* Every string lies inside the file and ends with its NUL. */
      if (ooff >= size || olen >= size - ooff || data[ooff + olen] != '\0' ||
          toff >= size || tlen >= size - toff || data[toff + tlen] != '\0')
        goto damaged;
      if (olen == 0)
        {
          parse_plural_forms (self, (const char *) data + toff);
          continue;
        }
      if (tlen == 0)
        continue;   /* not translated */
      t->text = (const char *) data + toff;
      t->length = tlen;
      g_hash_table_insert (self->messages, (gpointer) (data + ooff), t);
    }
  return g_steal_pointer (&self);

damaged:
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED,
               _("The translations for “%s” in “%s” are damaged."), language, mo_path);
  return NULL;
}

/**
 * review_catalog_dup_locale_dir:
 *
 * Where the compiled catalogues are: $REVIEW_LOCALEDIR when set (test
 * builds only),
 * else the folder the process bound its own gettext domain to (the build
 * tree's po folder, or the install's, found relative to the binary by
 * review_process_setup_paths()), else the configured LOCALEDIR.
 */
char *
review_catalog_dup_locale_dir (void)
{
  const char *bound;

#ifdef REVIEW_TEST_HOOKS
  {
    const char *env = g_getenv ("REVIEW_LOCALEDIR");
    if (env != NULL && *env != '\0')
      return g_strdup (env);
  }
#endif
  /* With NULL, bindtextdomain() only answers; it changes nothing. */
  bound = bindtextdomain (GETTEXT_PACKAGE, NULL);
  if (bound != NULL && g_file_test (bound, G_FILE_TEST_IS_DIR))
    return g_strdup (bound);
  return g_strdup (LOCALEDIR);
}

/**
 * review_catalog_new_for_language:
 * @language: "en", or a language with a translation of Review ("ar")
 *
 * English is the language of the source strings: its catalogue is empty and
 * every lookup answers the string it was given.
 */
ReviewCatalog *
review_catalog_new_for_language (const char  *language,
                                 GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  const char *candidates[2];

  g_return_val_if_fail (language != NULL, NULL);

  if (g_str_equal (language, "en") || g_str_has_prefix (language, "en_") ||
      g_str_equal (language, "C"))
    return catalog_new_empty ("en");

  dir = review_catalog_dup_locale_dir ();
  /* "ar_SY" falls back to "ar", as gettext does. */
  base = g_strndup (language, strcspn (language, "_.@"));
  candidates[0] = language;
  candidates[1] = base;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], "LC_MESSAGES",
                                                GETTEXT_PACKAGE ".mo", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return review_catalog_new_from_file (base, path, error);
    }
  g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
               _("Review has no translation into “%s” installed (looked in “%s”)."),
               language, dir);
  return NULL;
}

const char *
review_catalog_get_language (ReviewCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

/* Languages written right to left that Review may be translated into. */
gboolean
review_catalog_is_rtl (ReviewCatalog *self)
{
  static const char * const rtl[] = { "ar", "fa", "he", "ku", "ps", "ur", "yi" };

  g_return_val_if_fail (self != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rtl); i++)
    if (g_str_equal (self->language, rtl[i]))
      return TRUE;
  return FALSE;
}

guint
review_catalog_get_n_messages (ReviewCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->messages);
}

/**
 * review_catalog_gettext:
 * @self: (nullable): a catalogue; %NULL answers @msgid
 *
 * Returns: (transfer none): the translation, or @msgid itself
 */
const char *
review_catalog_gettext (ReviewCatalog *self,
                        const char    *msgid)
{
  const Translation *t;

  if (self == NULL || msgid == NULL || *msgid == '\0')
    return msgid;
  t = g_hash_table_lookup (self->messages, msgid);
  return t != NULL ? t->text : msgid;
}

/**
 * review_catalog_pgettext:
 *
 * A message with a context, as C_() and NC_() mark them.
 */
const char *
review_catalog_pgettext (ReviewCatalog *self,
                         const char    *context,
                         const char    *msgid)
{
  g_autofree char *key = NULL;
  const Translation *t;

  if (self == NULL || msgid == NULL || g_hash_table_size (self->messages) == 0)
    return msgid;
  key = g_strconcat (context, "\004", msgid, NULL);
  t = g_hash_table_lookup (self->messages, key);
  return t != NULL ? t->text : msgid;
}

/**
 * review_catalog_ngettext:
 *
 * The form of a message for the number @n, by the catalogue's plural rule;
 * untranslated, @msgid for 1 and @msgid_plural otherwise.
 */
const char *
review_catalog_ngettext (ReviewCatalog *self,
                         const char    *msgid,
                         const char    *msgid_plural,
                         gulong         n)
{
  const Translation *t = NULL;
  const char *form;
  gulong index;

  if (self != NULL && msgid != NULL)
    t = g_hash_table_lookup (self->messages, msgid);
  if (t == NULL)
    return n == 1 ? msgid : msgid_plural;

  index = self->plural != NULL ? plural_eval (self->plural, n) : (n != 1);
  if (index >= self->n_plurals)
    index = 0;
  /* The forms follow one another, NUL-separated, inside t->length. */
  form = t->text;
  for (gulong i = 0; i < index; i++)
    {
      gsize len = strlen (form);
      if ((gsize) (form - t->text) + len >= t->length)
        return n == 1 ? msgid : msgid_plural;   /* fewer forms than promised */
      form += len + 1;
    }
  return form;
}
