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
};

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_STATUS,
  PROP_DAMAGE,
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
  return self;
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
