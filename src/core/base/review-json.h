/* review-json.h: reading members of untrusted JSON without criticals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *review_json_load_object   (JsonParser *parser,
                                       const char *contents,
                                       gssize      len,
                                       gsize       max_len);
JsonObject *review_json_object_member (JsonObject *obj,
                                       const char *name);
const char *review_json_string_member (JsonObject *obj,
                                       const char *name);
gint64      review_json_int_member    (JsonObject *obj,
                                       const char *name);

G_END_DECLS
