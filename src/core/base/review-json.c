/* review-json.c: reading members of untrusted JSON without criticals
 *
 * vault.json and recovery.json come from a folder anyone may have edited.
 * json-glib's _with_default getters raise a critical when a member holds an
 * object or array where a value was expected (found by tests/fuzz); these
 * answer NULL or 0 instead, and the caller refuses the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "review-json.h"

/**
 * review_json_load_object:
 * @parser: parses @contents and keeps the result
 * @len: the length of @contents, or -1 if NUL-terminated
 * @max_len: longer contents are refused unread
 *
 * Returns: (transfer none) (nullable): the root object, or %NULL when
 *   @contents is too long, not JSON, or not an object
 */
JsonObject *
review_json_load_object (JsonParser *parser,
                         const char *contents,
                         gssize      len,
                         gsize       max_len)
{
  gsize n = len < 0 ? strlen (contents) : (gsize) len;
  JsonNode *root;

  if (n > max_len || !json_parser_load_from_data (parser, contents, (gssize) n, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* A member that is an object, or NULL. */
JsonObject *
review_json_object_member (JsonObject *obj,
                           const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A member's string, or NULL (also for a number, an object or an array). */
const char *
review_json_string_member (JsonObject *obj,
                           const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* A member's integer, or 0. */
gint64
review_json_int_member (JsonObject *obj,
                        const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}
