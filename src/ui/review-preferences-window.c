/* review-preferences-window.c
 *
 * Appearance is bound to GSettings. The profile (name and role) lives in the
 * vault, not in GSettings, and every change to it is an audit event.
 * Everything that reads or writes the vault (the profile, the signing
 * identity, a new recovery key) is a job of its store service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "review-blur.h"
#include "review-identity-async.h"
#include "review-process.h"
#include "review-sandbox.h"
#include "review-signer.h"
#include "review-preferences-window.h"
#include "review-rekey-dialog.h"
#include "review-text.h"

struct _ReviewPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  GtkSpinButton        *blur_spin;
  GtkSwitch            *grayscale_switch;
  GtkSpinButton        *break_spin;
  GtkSwitch            *keep_switch;
  GtkSpinButton        *duration_spin;
  AdwComboRow          *idle_row;
  GtkSwitch            *keyring_switch;
  GArray               *idle_choices;    /* guint seconds, in the idle row's order */
  AdwPreferencesGroup  *profile_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *role_row;
  GtkLabel             *vault_label;
  AdwPreferencesGroup  *signer_group;
  AdwPreferencesGroup  *recovery_group;
  AdwActionRow         *signer_row;
  GtkButton            *create_signer_button;
  GtkButton            *import_signer_button;
  GtkButton            *export_cert_button;
  AdwActionRow         *sandbox_row;
  GCancellable         *cancellable;

  GSettings            *settings;
  ReviewStoreService   *service;
  ReviewVault          *vault;           /* the service's: its profile and folder only */
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

/* --- locking after idle time ------------------------------------------- */

static const guint idle_presets[] = { 60, 120, 300, 600, 900, 1800, 3600, 0 };

static char *
idle_label (guint seconds)
{
  if (seconds == 0)
    /* Translators: never lock after idle time */
    return g_strdup (C_("lock after", "Never"));
  if (seconds % 3600 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600),
                            seconds / 3600);
  if (seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", seconds / 60),
                            seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                          seconds);
}

/* The presets, plus the current value when it is none of them. */
static void
fill_idle_row (ReviewPreferencesWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint current = g_settings_get_uint (self->settings, "lock-after-idle");
  guint selected = G_MAXUINT;

  g_array_set_size (self->idle_choices, 0);
  g_array_append_vals (self->idle_choices, idle_presets, G_N_ELEMENTS (idle_presets));
  for (guint i = 0; i < self->idle_choices->len; i++)
    if (g_array_index (self->idle_choices, guint, i) == current)
      selected = i;
  if (selected == G_MAXUINT)
    {
      g_array_prepend_val (self->idle_choices, current);
      selected = 0;
    }
  for (guint i = 0; i < self->idle_choices->len; i++)
    {
      g_autofree char *label = idle_label (g_array_index (self->idle_choices, guint, i));
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->idle_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->idle_row, selected);
}

static void
idle_selected_cb (ReviewPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->idle_row);

  if (i < self->idle_choices->len &&
      g_array_index (self->idle_choices, guint, i) !=
      g_settings_get_uint (self->settings, "lock-after-idle"))
    g_settings_set_uint (self->settings, "lock-after-idle",
                         g_array_index (self->idle_choices, guint, i));
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
profile_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ReviewPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!review_profile_save_finish (REVIEW_STORE_SERVICE (source), result, &error) &&
      self->service != NULL)
    show_error (self, error);
}

static void
save_profile (ReviewPreferencesWindow *self)
{
  ReviewProfile *profile;
  g_autofree char *name = NULL;
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
  if (g_strcmp0 (name, review_profile_get_display_name (profile)) == 0 &&
      role == review_profile_get_role (profile))
    return;
  review_profile_save_async (self->service, name, role, profile_saved_cb, g_object_ref (self));
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

/* --- the signing identity ---------------------------------------------- */

static void
signer_described_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ReviewPreferencesWindow) self = user_data;
  ReviewSignatureInfo *described = review_signer_describe_finish (REVIEW_STORE_SERVICE (source),
                                                                  result, NULL);
  g_auto(ReviewSignatureInfo) info = { 0 };
  gboolean supervisor, have = described != NULL;

  if (described != NULL)
    {
      info = *described;
      g_free (described);
    }
  if (self->vault == NULL)
    return;
  supervisor = review_profile_get_role (review_vault_get_profile (self->vault)) ==
               REVIEW_ROLE_SUPERVISOR;
  if (have)
    {
      /* Translators: a signer: their name, then their organisation */
      /* Certificate fields: escaped (review-text-escape.c), so that a
       * newline or a bidirectional control shows as what it is. */
      g_autofree char *name = review_text_quote (info.signer_name, -1);
      g_autofree char *org = review_text_quote (info.signer_org, -1);
      g_autofree char *fingerprint = review_text_quote (info.fingerprint, -1);
      g_autofree char *title = info.signer_org ? g_strdup_printf (_("%s, %s"), name, org)
                                               : g_strdup (name);
      /* Translators: %s is a certificate's SHA-256 fingerprint */
      g_autofree char *subtitle = g_strdup_printf (_("Certificate SHA-256: %s"), fingerprint);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signer_row), title);
      adw_action_row_set_subtitle (self->signer_row, subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signer_row),
                                     _("No signing identity"));
      adw_action_row_set_subtitle (self->signer_row,
                                   supervisor ? _("Create one, or import one your organisation "
                                                  "issued (PKCS#12).")
                                              : _("Only a supervisor can create or import one."));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_signer_button), supervisor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_signer_button), supervisor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_cert_button), have);
}

static void
update_signer (ReviewPreferencesWindow *self)
{
  if (self->vault == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->signer_group), FALSE);
      return;
    }
  review_signer_describe_async (self->service, self->cancellable, signer_described_cb,
                                g_object_ref (self));
}

static void
signer_ready (ReviewPreferencesWindow *self,
              ReviewSigner            *signer,
              GError                  *error)
{
  if (signer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  update_signer (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The signing identity is ready.")));
}

static void
signer_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ReviewPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewSigner) signer = review_signer_in_service_finish (REVIEW_STORE_SERVICE (source),
                                                                    result, &error);

  signer_ready (self, signer, error);
}

static void
signer_imported_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ReviewPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewSigner) signer = review_signer_in_service_finish (REVIEW_STORE_SERVICE (source),
                                                                    result, &error);

  signer_ready (self, signer, error);
}

static void
create_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    ReviewPreferencesWindow *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *org = gtk_widget_get_next_sibling (name);
  GtkWidget *email = gtk_widget_get_next_sibling (org);
  const char *email_text = gtk_editable_get_text (GTK_EDITABLE (email));

  if (g_strcmp0 (response, "create") != 0 || self->vault == NULL)
    return;
  /* An identity there is replaced: the dialog said so. */
  review_signer_create_in_service_async (self->service, REVIEW_SIGNER_KEY_EC_P256,
                                         gtk_editable_get_text (GTK_EDITABLE (name)),
                                         gtk_editable_get_text (GTK_EDITABLE (org)),
                                         *email_text != '\0' ? email_text : NULL,
                                         REVIEW_KEYRING_ALLOW_PROMPT, self->cancellable,
                                         signer_created_cb, g_object_ref (self));
}

static GtkWidget *
labelled_entry (GtkWidget  *box,
                const char *label,
                const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
create_signer_described_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(ReviewPreferencesWindow) self = user_data;
  ReviewSignatureInfo *info = review_signer_describe_finish (REVIEW_STORE_SERVICE (source),
                                                             result, NULL);
  gboolean existing = info != NULL;
  GtkWidget *dialog, *box;

  review_signature_info_free (info);
  if (self->vault == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Create a Signing Identity"),
                                   existing ? _("This replaces the current identity; reports "
                                                "it signed stay valid.")
                                            : _("A new key and a self-signed certificate. "
                                                "Recipients see the name and organisation."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  labelled_entry (box, _("Your name"),
                  review_profile_get_display_name (review_vault_get_profile (self->vault)));
  labelled_entry (box, _("Organisation"), NULL);
  labelled_entry (box, _("Email (optional)"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  g_signal_connect_object (dialog, "response", G_CALLBACK (create_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_create_signer (ReviewPreferencesWindow *self)
{
  if (self->vault == NULL)
    return;
  /* Whether there is one to replace: the dialog says so. */
  review_signer_describe_async (self->service, self->cancellable, create_signer_described_cb,
                                g_object_ref (self));
}

static void
import_password_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    ReviewPreferencesWindow *self)
{
  GBytes *pkcs12 = g_object_get_data (G_OBJECT (dialog), "pkcs12");
  GtkWidget *password = adw_message_dialog_get_extra_child (dialog);

  if (g_strcmp0 (response, "import") != 0 || self->vault == NULL || pkcs12 == NULL)
    return;
  review_signer_import_in_service_async (self->service, pkcs12,
                                         gtk_editable_get_text (GTK_EDITABLE (password)),
                                         REVIEW_KEYRING_ALLOW_PROMPT, self->cancellable,
                                         signer_imported_cb, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (password), "");
}

static void
import_file_cb (GtkNativeDialog         *chooser,
                int                      response,
                ReviewPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *password;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      show_error (self, error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import a Signing Identity"),
                                   _("Enter the password of the PKCS#12 file."));
  password = gtk_password_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (password), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), password);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  g_object_set_data_full (G_OBJECT (dialog), "pkcs12", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_password_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_signer (ReviewPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Signing Identity"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PKCS#12 files"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_file_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  ReviewPreferencesWindow *self = g_object_get_data (G_OBJECT (file), "window");
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = review_signer_export_certificate_finish (REVIEW_STORE_SERVICE (source),
                                                                  result, &error);
  g_autofree char *path = g_file_get_path (file);

  if (self->vault == NULL)
    return;
  /* A certificate is public: it is what recipients trust. */
  if (pem == NULL || path == NULL || !g_file_set_contents (path, pem, -1, &error))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Certificate exported.")));
}

static void
export_file_cb (GtkNativeDialog         *chooser,
                int                      response,
                ReviewPreferencesWindow *self)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->vault == NULL)
    {
      g_clear_object (&file);
      return;
    }
  g_object_set_data_full (G_OBJECT (file), "window", g_object_ref (self), g_object_unref);
  review_signer_export_certificate_async (self->service, exported_cb, file);
}

static void
on_export_certificate (ReviewPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export the Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "signer.pem");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_file_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A new recovery key: confirmed, made in a worker, shown once. */
static void
on_rekey_recovery (ReviewPreferencesWindow *self)
{
  if (self->vault != NULL)
    review_rekey_dialog_present (GTK_WINDOW (self), self->service);
}

ReviewPreferencesWindow *
review_preferences_window_new (GSettings          *settings,
                               ReviewStoreService *service)
{
  ReviewPreferencesWindow *self = g_object_new (REVIEW_TYPE_PREFERENCES_WINDOW, NULL);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) styles = gtk_string_list_new (NULL);
  ReviewVault *vault = service != NULL ? review_store_service_get_vault (service) : NULL;

  self->settings = g_object_ref (settings);
  g_set_object (&self->service, service);
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

  fill_idle_row (self);
  g_signal_connect_object (self->idle_row, "notify::selected", G_CALLBACK (idle_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "lock-keyring-too", self->keyring_switch, "active",
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
      gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->profile_group), FALSE);
      adw_preferences_group_set_description (self->profile_group,
                                             _("Open the vault to change your profile."));
    }
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (on_role_selected),
                           self, G_CONNECT_SWAPPED);
  if (vault != NULL)
    g_signal_connect_object (review_vault_get_profile (vault), "notify",
                             G_CALLBACK (update_signer), self, G_CONNECT_SWAPPED);
  update_signer (self);
  return self;
}

/* How the image decoder is confined is probed once per run, off the main
 * thread (it starts a decoder); a missing layer shows a warning row. */
static void
probe_sandbox_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autofree char *decoder = review_process_find_helper ("review-decoder");
  ReviewSandboxStatus *status = g_new (ReviewSandboxStatus, 1);

  *status = review_sandbox_probe (decoder);
  g_task_return_pointer (task, status, g_free);
}

static void
probe_sandbox_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree ReviewSandboxStatus *status = g_task_propagate_pointer (G_TASK (result), NULL);
  ReviewPreferencesWindow *self;
  const char *warning;

  if (status == NULL)
    return;  /* cancelled: the window is gone */
  self = REVIEW_PREFERENCES_WINDOW (source);
  warning = review_sandbox_warning (*status);
  if (warning != NULL)
    {
      adw_action_row_set_subtitle (self->sandbox_row, warning);
      gtk_widget_set_visible (GTK_WIDGET (self->sandbox_row), TRUE);
    }
}

static void
review_preferences_window_dispose (GObject *object)
{
  ReviewPreferencesWindow *self = REVIEW_PREFERENCES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->service);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->idle_choices, g_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, idle_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, profile_group);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, vault_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, signer_group);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, recovery_group);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, signer_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow,
                                        create_signer_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow,
                                        import_signer_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, export_cert_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewPreferencesWindow, sandbox_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied);
  gtk_widget_class_bind_template_callback (widget_class, on_create_signer);
  gtk_widget_class_bind_template_callback (widget_class, on_rekey_recovery);
  gtk_widget_class_bind_template_callback (widget_class, on_import_signer);
  gtk_widget_class_bind_template_callback (widget_class, on_export_certificate);
}

static void
review_preferences_window_init (ReviewPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->idle_choices = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    g_autoptr(GTask) task = g_task_new (self, self->cancellable, probe_sandbox_cb, NULL);
    g_task_set_return_on_cancel (task, TRUE);
    g_task_run_in_thread (task, probe_sandbox_thread);
  }
}
