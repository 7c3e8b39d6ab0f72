/* review-profile.c
 *
 * Roles shape the workflow on one machine (which fields and actions are
 * offered); they are not access control against the machine's owner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-audit-private.h"
#include "review-db-private.h"
#include "review-error.h"
#include "review-profile-private.h"

struct _ReviewProfile
{
  GObject     parent_instance;
  char       *id;
  char       *display_name;
  ReviewRole  role;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ReviewProfile, review_profile, G_TYPE_OBJECT)

static const char * const role_names[] = { "reviewer", "translator", "supervisor" };

const char *
review_role_to_string (ReviewRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
review_role_from_string (const char *text,
                         ReviewRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *role = (ReviewRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
review_role_get_label (ReviewRole role)
{
  switch (role)
    {
    case REVIEW_ROLE_REVIEWER:
      return C_("role", "Reviewer");
    case REVIEW_ROLE_TRANSLATOR:
      return C_("role", "Translator");
    case REVIEW_ROLE_SUPERVISOR:
      return C_("role", "Supervisor");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
review_profile_finalize (GObject *object)
{
  ReviewProfile *self = REVIEW_PROFILE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  G_OBJECT_CLASS (review_profile_parent_class)->finalize (object);
}

static void
review_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ReviewProfile *self = REVIEW_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
review_profile_class_init (ReviewProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = review_profile_finalize;
  object_class->get_property = review_profile_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, REVIEW_ROLE_SUPERVISOR, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
review_profile_init (ReviewProfile *self)
{
}

static ReviewProfile *
profile_new (const char *id,
             const char *display_name,
             ReviewRole  role)
{
  ReviewProfile *self = g_object_new (REVIEW_TYPE_PROFILE, NULL);

  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name);
  self->role = role;
  return self;
}

/**
 * review_profile_load_local:
 *
 * Returns: (transfer full) (nullable): the local profile, or %NULL with no
 *   error when none was created yet.
 */
ReviewProfile *
review_profile_load_local (sqlite3  *db,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ReviewRole role = REVIEW_ROLE_REVIEWER;
  int rc;

  if (!review_db_prepare (db, "SELECT id, display_name, role FROM profile WHERE is_local = 1",
                          &stmt, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      review_db_set_error (error, db, rc);
      return NULL;
    }
  review_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role);
  return profile_new ((const char *) sqlite3_column_text (stmt, 0),
                      (const char *) sqlite3_column_text (stmt, 1),
                      role);
}

static char *
profile_details (const char *field,
                 const char *before,
                 const char *after)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, field);
    }
  if (before != NULL)
    {
      json_builder_set_member_name (b, "before");
      json_builder_add_string_value (b, before);
    }
  json_builder_set_member_name (b, field ? "after" : "role");
  json_builder_add_string_value (b, after);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

ReviewProfile *
review_profile_create_local (sqlite3     *db,
                             const char  *display_name,
                             ReviewRole   role,
                             GError     **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = review_db_now_iso8601 ();
  g_autofree char *details = NULL;
  int rc;

  g_return_val_if_fail (display_name != NULL, NULL);

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return NULL;
  if (!review_db_prepare (db,
                          "INSERT INTO profile (id, display_name, role, is_local, created) "
                          "VALUES (?, ?, ?, 1, ?)", &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, review_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      goto fail;
    }
  details = profile_details (NULL, NULL, review_role_to_string (role));
  if (!review_audit_append (db, id, "profile.created", id, details, error) ||
      !review_db_transaction_commit (tx, error))
    goto fail;
  return profile_new (id, display_name, role);

fail:
  return NULL;
}

/**
 * review_profile_write_change:
 * @id: the profile's id
 * @old_name: (nullable): the name before, as the vault has it
 *
 * Writes a change of the profile to the vault, with its audit events, and
 * changes nothing in memory (review_profile_set_values() does): so that
 * the store service's worker can write while the window keeps the object.
 */
gboolean
review_profile_write_change (sqlite3     *db,
                             const char  *id,
                             const char  *old_name,
                             ReviewRole   old_role,
                             const char  *display_name,
                             ReviewRole   role,
                             GError     **error)
{
  g_autoptr(ReviewDbTransaction) tx = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean name_changed, role_changed;
  int rc;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  name_changed = g_strcmp0 (display_name, old_name) != 0;
  role_changed = role != old_role;
  if (!name_changed && !role_changed)
    return TRUE;

  tx = review_db_transaction_begin (db, error);
  if (tx == NULL)
    return FALSE;
  if (!review_db_prepare (db, "UPDATE profile SET display_name = ?, role = ? WHERE id = ?",
                          &stmt, error))
    goto fail;
  sqlite3_bind_text (stmt, 1, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, review_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      review_db_set_error (error, db, rc);
      goto fail;
    }
  if (name_changed)
    {
      g_autofree char *d = profile_details ("display_name", old_name, display_name);
      if (!review_audit_append (db, id, "profile.changed", id, d, error))
        goto fail;
    }
  if (role_changed)
    {
      g_autofree char *d = profile_details ("role", review_role_to_string (old_role),
                                            review_role_to_string (role));
      if (!review_audit_append (db, id, "profile.changed", id, d, error))
        goto fail;
    }
  if (!review_db_transaction_commit (tx, error))
    goto fail;
  return TRUE;

fail:
  return FALSE;
}

/* The profile in memory, as the vault now has it (notifies what changed). */
void
review_profile_set_values (ReviewProfile *self,
                           const char    *display_name,
                           ReviewRole     role)
{
  g_return_if_fail (REVIEW_IS_PROFILE (self));
  g_return_if_fail (display_name != NULL);

  if (g_strcmp0 (display_name, self->display_name) != 0)
    {
      g_free (self->display_name);
      self->display_name = g_strdup (display_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
  if (role != self->role)
    {
      self->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
}

gboolean
review_profile_update (ReviewProfile  *self,
                       sqlite3        *db,
                       const char     *display_name,
                       ReviewRole      role,
                       GError        **error)
{
  g_return_val_if_fail (REVIEW_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  if (!review_profile_write_change (db, self->id, self->display_name, self->role, display_name,
                                    role, error))
    return FALSE;
  review_profile_set_values (self, display_name, role);
  return TRUE;
}

const char *
review_profile_get_id (ReviewProfile *self)
{
  g_return_val_if_fail (REVIEW_IS_PROFILE (self), NULL);
  return self->id;
}

const char *
review_profile_get_display_name (ReviewProfile *self)
{
  g_return_val_if_fail (REVIEW_IS_PROFILE (self), NULL);
  return self->display_name;
}

ReviewRole
review_profile_get_role (ReviewProfile *self)
{
  g_return_val_if_fail (REVIEW_IS_PROFILE (self), REVIEW_ROLE_REVIEWER);
  return self->role;
}

/* The account's real name, or its login name when no real name is set. */
char *
review_profile_default_name (void)
{
  const char *real = g_get_real_name ();

  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}
