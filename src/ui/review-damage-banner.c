/* review-damage-banner.c
 *
 * A strip above the photo in the workspace, shown only for a photo that
 * decoded in part (issue 12): it says the file is damaged, why (the reason
 * worded by review-damage.c), that what is shown is the part that decoded,
 * and that the original file is kept as it was. libadwaita 1.2 has no
 * AdwBanner: a box with an icon and a wrapping label, styled in style.css.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-damage-banner.h"

struct _ReviewDamageBanner
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (ReviewDamageBanner, review_damage_banner, GTK_TYPE_WIDGET)

/**
 * review_damage_banner_set_reason:
 * @reason: (nullable): why the photo is damaged, translated; %NULL for a
 *   whole photo, which hides the banner
 */
void
review_damage_banner_set_reason (ReviewDamageBanner *self,
                                 const char         *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (REVIEW_IS_DAMAGE_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), reason != NULL);
  if (reason == NULL)
    {
      gtk_label_set_label (self->label, "");
      return;
    }
  /* Translators: shown above a damaged photo in the workspace; %s is why it
   * is damaged, a sentence ending in a full stop, such as "The last 60 % of
   * the image is missing: the file ends early." */
  text = g_strdup_printf (_("This file is damaged: %s The part that decoded is shown; "
                            "the original is kept as it was."), reason);
  gtk_label_set_label (self->label, text);
}

GtkWidget *
review_damage_banner_new (void)
{
  return g_object_new (REVIEW_TYPE_DAMAGE_BANNER, NULL);
}

static void
review_damage_banner_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), REVIEW_TYPE_DAMAGE_BANNER);
  /* The template's icon is not bound to a field: dispose_template leaves
   * it, and GTK warns of a widget finalized with children left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (review_damage_banner_parent_class)->dispose (object);
}

static void
review_damage_banner_class_init (ReviewDamageBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_damage_banner_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Review/review-damage-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, ReviewDamageBanner, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewdamagebanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
review_damage_banner_init (ReviewDamageBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              10);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
