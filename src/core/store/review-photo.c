/* review-photo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-photo.h"

struct _ReviewPhoto
{
  GObject  parent_instance;
  gint64   id;
  char    *uuid;
  char    *file_name;
  char    *status;
  char    *damage;     /* translated reason, NULL when whole */
  guint    number;
  gboolean loaded;     /* the details above came from the vault */
};

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_STATUS,
  PROP_DAMAGE,
  PROP_UUID,
  PROP_FILE_NAME,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ReviewPhoto, review_photo, G_TYPE_OBJECT)

static void
review_photo_finalize (GObject *object)
{
  ReviewPhoto *self = REVIEW_PHOTO (object);

  g_free (self->uuid);
  g_free (self->file_name);
  g_free (self->status);
  g_free (self->damage);
  G_OBJECT_CLASS (review_photo_parent_class)->finalize (object);
}

static void
review_photo_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ReviewPhoto *self = REVIEW_PHOTO (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_DAMAGE:
      g_value_set_string (value, self->damage);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
review_photo_class_init (ReviewPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = review_photo_finalize;
  object_class->get_property = review_photo_get_property;
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Why the photo decoded only in part, translated; NULL when whole. */
  properties[PROP_DAMAGE] =
    g_param_spec_string ("damage", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether the details (uuid, file name, status, damage) were read from
   * the vault yet: a photo list makes its photos first and fills them in
   * when the store service answers. */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
review_photo_init (ReviewPhoto *self)
{
}

ReviewPhoto *
review_photo_new (gint64      id,
                  const char *uuid,
                  const char *file_name,
                  const char *status,
                  guint       number)
{
  ReviewPhoto *self = g_object_new (REVIEW_TYPE_PHOTO, NULL);

  self->id = id;
  self->uuid = g_strdup (uuid);
  self->file_name = g_strdup (file_name);
  self->status = g_strdup (status);
  self->number = number;
  self->loaded = TRUE;
  return self;
}

/**
 * review_photo_new_pending:
 *
 * A photo whose details are not read yet: no uuid or file name,
 * "unreviewed"; review_photo_set_details() fills them in.
 */
ReviewPhoto *
review_photo_new_pending (gint64 id,
                          guint  number)
{
  ReviewPhoto *self = review_photo_new (id, "", "", "unreviewed", number);

  self->loaded = FALSE;
  return self;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * review_photo_set_details:
 * @damage: (nullable): why the photo decoded only in part, translated
 *
 * The details read from the vault; each one that changes is notified, then
 * "loaded". Main thread only (views listen).
 */
void
review_photo_set_details (ReviewPhoto *self,
                          const char  *uuid,
                          const char  *file_name,
                          const char  *status,
                          const char  *damage)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (REVIEW_IS_PHOTO (self));
  g_object_freeze_notify (object);
  if (replace_string (&self->uuid, uuid))
    g_object_notify_by_pspec (object, properties[PROP_UUID]);
  if (replace_string (&self->file_name, file_name))
    g_object_notify_by_pspec (object, properties[PROP_FILE_NAME]);
  if (replace_string (&self->status, status))
    g_object_notify_by_pspec (object, properties[PROP_STATUS]);
  review_photo_set_damage (self, damage);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (object, properties[PROP_LOADED]);
    }
  g_object_thaw_notify (object);
}

gboolean
review_photo_is_loaded (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), FALSE);
  return self->loaded;
}

gint64
review_photo_get_id (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), 0);
  return self->id;
}

const char *
review_photo_get_uuid (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), NULL);
  return self->uuid;
}

const char *
review_photo_get_file_name (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), NULL);
  return self->file_name;
}

const char *
review_photo_get_status (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), NULL);
  return self->status;
}

/**
 * review_photo_set_damage:
 * @damage: (nullable): why the photo decoded only in part, translated
 */
void
review_photo_set_damage (ReviewPhoto *self,
                         const char  *damage)
{
  g_return_if_fail (REVIEW_IS_PHOTO (self));
  if (g_strcmp0 (self->damage, damage) == 0)
    return;
  g_free (self->damage);
  self->damage = g_strdup (damage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAMAGE]);
}

const char *
review_photo_get_damage (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), NULL);
  return self->damage;
}

guint
review_photo_get_number (ReviewPhoto *self)
{
  g_return_val_if_fail (REVIEW_IS_PHOTO (self), 0);
  return self->number;
}

/* The translated name of a review status code. */
const char *
review_photo_status_label (const char *status)
{
  if (g_strcmp0 (status, "in-progress") == 0)
    return C_("review status", "In progress");
  if (g_strcmp0 (status, "done") == 0)
    return C_("review status", "Done");
  if (g_strcmp0 (status, "second-review") == 0)
    return C_("review status", "Needs second review");
  if (g_strcmp0 (status, "verified") == 0)
    return C_("review status", "Verified");
  return C_("review status", "Unreviewed");
}
