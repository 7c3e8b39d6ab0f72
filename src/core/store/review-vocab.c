/* review-vocab.c
 *
 * Annotations store codes, never display strings: a report can then be
 * written in English or Arabic from the same data. The vocabularies are the
 * versioned files in data/vocabularies/ (see its README), compiled into the
 * binary, so an install can never run with a mismatched copy.
 *
 * Lists: finding_types, body_regions, laterality, aspect, methods, and from
 * scales.json: timing, consistency, certainty, review_status (also known as
 * "statuses"), identification_status, legibility, facility_type,
 * coordinate_precision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "review-error.h"
#include "review-vocab.h"

#define RESOURCE "/com/example/Review/vocabularies/"

struct _ReviewVocab
{
  GPtrArray  *parsers;   /* JsonParser*, owning the strings */
  GHashTable *lists;     /* name → GPtrArray of ReviewVocabEntry* */
  GHashTable *versions;  /* name → version */
};

static void
entries_free (gpointer data)
{
  g_ptr_array_unref (data);
}

void
review_vocab_free (ReviewVocab *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->lists);
  g_hash_table_unref (self->versions);
  g_ptr_array_unref (self->parsers);
  g_free (self);
}

static gboolean
add_list (ReviewVocab  *self,
          const char   *name,
          JsonArray    *array,
          int           version,
          GError      **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      ReviewVocabEntry *e;

      if (obj == NULL ||
          json_object_get_string_member_with_default (obj, "code", NULL) == NULL)
        {
          g_ptr_array_unref (entries);
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The vocabulary “%s” is damaged."), name);
          return FALSE;
        }
      e = g_new0 (ReviewVocabEntry, 1);
      e->code = json_object_get_string_member (obj, "code");
      e->en = json_object_get_string_member_with_default (obj, "en", e->code);
      e->ar = json_object_get_string_member_with_default (obj, "ar", e->en);
      e->parent = json_object_get_string_member_with_default (obj, "parent", NULL);
      g_ptr_array_add (entries, e);
    }
  g_hash_table_insert (self->lists, g_strdup (name), entries);
  g_hash_table_insert (self->versions, g_strdup (name), GINT_TO_POINTER (version));
  return TRUE;
}

static JsonObject *
load_file (ReviewVocab  *self,
           const char   *file,
           GError      **error)
{
  g_autofree char *path = g_strconcat (RESOURCE, file, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  JsonParser *parser;

  if (bytes == NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  g_ptr_array_add (self->parsers, parser);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      if (error && *error == NULL)
        g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                     _("The vocabulary “%s” is damaged."), file);
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonArray *
array_member (JsonObject *obj,
              const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

ReviewVocab *
review_vocab_load (GError **error)
{
  g_autoptr(ReviewVocab) self = g_new0 (ReviewVocab, 1);
  static const struct { const char *file; const char *list; const char *extra[3]; } files[] = {
    { "finding-types.json", "finding_types", { NULL } },
    { "body-regions.json", "body_regions", { "laterality", "aspect", NULL } },
    { "methods.json", "methods", { NULL } },
  };
  JsonObject *scales, *lists;

  self->parsers = g_ptr_array_new_with_free_func (g_object_unref);
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entries_free);
  self->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      JsonObject *obj = load_file (self, files[i].file, error);
      int version;

      if (obj == NULL)
        return NULL;
      version = (int) json_object_get_int_member_with_default (obj, "version", 0);
      if (array_member (obj, "entries") == NULL)
        {
          g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                       _("The vocabulary “%s” is damaged."), files[i].file);
          return NULL;
        }
      if (!add_list (self, files[i].list, array_member (obj, "entries"), version, error))
        return NULL;
      for (guint k = 0; files[i].extra[k] != NULL; k++)
        if (array_member (obj, files[i].extra[k]) != NULL &&
            !add_list (self, files[i].extra[k], array_member (obj, files[i].extra[k]), version,
                       error))
          return NULL;
    }

  scales = load_file (self, "scales.json", error);
  if (scales == NULL)
    return NULL;
  lists = json_object_get_object_member (scales, "lists");
  if (lists != NULL)
    {
      int version = (int) json_object_get_int_member_with_default (scales, "version", 0);
      g_autoptr(GList) names = json_object_get_members (lists);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonArray *array = array_member (lists, l->data);
          if (array != NULL && !add_list (self, l->data, array, version, error))
            return NULL;
        }
    }
  return g_steal_pointer (&self);
}

/**
 * review_vocab_get_list:
 *
 * Returns: (transfer none) (nullable): the list's ReviewVocabEntry*, in order.
 */
GPtrArray *
review_vocab_get_list (ReviewVocab *self,
                       const char  *list)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->lists, list);
}

const ReviewVocabEntry *
review_vocab_lookup (ReviewVocab *self,
                     const char  *list,
                     const char  *code)
{
  GPtrArray *entries = review_vocab_get_list (self, list);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const ReviewVocabEntry *e = g_ptr_array_index (entries, i);
      if (g_strcmp0 (e->code, code) == 0)
        return e;
    }
  return NULL;
}

int
review_vocab_get_version (ReviewVocab *self,
                          const char  *list)
{
  g_return_val_if_fail (self != NULL, 0);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->versions, list));
}
