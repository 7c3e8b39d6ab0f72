/* review-preferences-window.c
 *
 * Appearance is bound to GSettings. The profile (name and role) lives in the
 * vault, not in GSettings, and every change to it is an audit event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "review-blur.h"
#include "review-preferences-window.h"

struct _ReviewPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  GtkSpinButton        *blur_spin;
  GtkSwitch            *grayscale_switch;
  GtkSpinButton        *break_spin;
  GtkSwitch            *keep_switch;
  GtkSpinButton        *duration_spin;
  AdwPreferencesGroup  *profile_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *role_row;
  GtkLabel             *vault_label;

  GSettings            *settings;
  ReviewVault          *vault;
};

G_DEFINE_FINAL_TYPE (ReviewPreferencesWindow, review_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static const char * const schemes[] = { "default", "light", "dark" };

static gboolean
scheme_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (nick, schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_scheme (const GValue       *value,
                 const GVariantType *type,
                 gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (schemes[i < G_N_ELEMENTS (schemes) ? i : 0]);
}

static void
weak_blur_response_cb (AdwMessageDialog        *dialog,
                       const char              *response,
                       ReviewPreferencesWindow *self)
{
  double value = gtk_spin_button_get_value (self->blur_spin) / 100.0;

  if (g_strcmp0 (response, "weaken") == 0)
    g_settings_set_double (self->settings, "blur-strength", value);
  else
    gtk_spin_button_set_value (self->blur_spin,
                               100.0 * g_settings_get_double (self->settings, "blur-strength"));
}

/* Going below the floor needs a confirmation. */
static void
blur_changed_cb (ReviewPreferencesWindow *self)
{
  double value = gtk_spin_button_get_value (self->blur_spin) / 100.0;
  AdwMessageDialog *dialog;

  if (fabs (value - g_settings_get_double (self->settings, "blur-strength")) < 1e-6)
    return;
  if (value + 1e-6 >= REVIEW_BLUR_FLOOR)
    {
      g_settings_set_double (self->settings, "blur-strength", value);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Weaken the Blur?"),
                                                       _("Below 6 percent, printed numbers and "
                                                         "faces can be recognised in blurred "
                                                         "images.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Current Strength"),
                                    "weaken", _("_Weaken"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "weaken", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (weak_blur_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (ReviewPreferencesWindow *self,
            const GError            *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
save_profile (ReviewPreferencesWindow *self)
{
  ReviewProfile *profile;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  ReviewRole role;

  if (self->vault == NULL)
    return;
  profile = review_vault_get_profile (self->vault);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  role = (ReviewRole) adw_combo_row_get_selected (self->role_row);
  if (*name == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             review_profile_get_display_name (profile));
      return;
    }
  if (!review_vault_set_profile (self->vault, name, role, &error))
    show_error (self, error);
}

static void
on_name_applied (ReviewPreferencesWindow *self)
{
  save_profile (self);
}

static void
on_role_selected (ReviewPreferencesWindow *self)
{
  if (self->vault != NULL &&
      adw_combo_row_get_selected (self->role_row) !=
      (guint) review_profile_get_role (review_vault_get_profile (self->vault)))
    save_profile (self);
}

ReviewPreferencesWindow *
review_preferences_window_new (GSettings   *settings,
                               ReviewVault *vault)
{
  ReviewPreferencesWindow *self = g_object_new (REVIEW_TYPE_PREFERENCES_WINDOW, NULL);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) styles = gtk_string_list_new (NULL);

  self->settings = g_object_ref (settings);
  g_set_object (&self->vault, vault);

  gtk_string_list_append (styles, C_("style", "Follow System"));
  gtk_string_list_append (styles, C_("style", "Light"));
  gtk_string_list_append (styles, C_("style", "Dark"));
  adw_combo_row_set_model (self->style_row, G_LIST_MODEL (styles));
  g_settings_bind_with_mapping (settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, scheme_to_index, index_to_scheme,
                                NULL, NULL);

  gtk_spin_button_set_value (self->blur_spin, 100.0 * g_settings_get_double (settings,
                                                                            "blur-strength"));
  g_signal_connect_object (self->blur_spin, "value-changed", G_CALLBACK (blur_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind (settings, "reveal-grayscale", self->grayscale_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "keep-revealed", self->keep_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reveal-duration",
                   gtk_spin_button_get_adjustment (self->duration_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "break-reminder-minutes",
                   gtk_spin_button_get_adjustment (self->break_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  for (int r = REVIEW_ROLE_REVIEWER; r <= REVIEW_ROLE_SUPERVISOR; r++)
    gtk_string_list_append (roles, review_role_get_label ((ReviewRole) r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));

  if (vault != NULL)
    {
      ReviewProfile *profile = review_vault_get_profile (vault);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             review_profile_get_display_name (profile));
      adw_combo_row_set_selected (self->role_row, (guint) review_profile_get_role (profile));
      gtk_label_set_label (self->vault_label, review_vault_get_dir (vault));
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->profile_group), FALSE);
      adw_preferences_group_set_description (self->profile_group,
                                             _("Open the vault to change your profile."));
    }
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (on_role_selected),
                           self, G_CONNECT_SWAPPED);
  return self;
}

static void
review_preferences_window_dispose (GObject *object)
{
  ReviewPreferencesWindow *self = REVIEW_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->vault);
  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (review_preferences_window_parent_class)->dispose (object);
}

static void
review_preferences_window_class_init (ReviewPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/review-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, blur_spin);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, grayscale_switch);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, break_spin);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, keep_switch);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, profile_group);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, vault_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied);
}

static void
review_preferences_window_init (ReviewPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
