/* review-rekey-dialog.c: making a new recovery key from the window
 *
 * Preferences → Recovery Key: a confirmation (the old key will stop working),
 * then review_rekey_recovery_async() in the vault's store service, then the
 * new key shown once, selectable, with Save to File…. The key is wiped from
 * memory when the dialog closes. The same as `review vault rekey-recovery`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "review-identity-async.h"
#include "review-key.h"
#include "review-lifecycle.h"
#include "review-rekey-dialog.h"

typedef struct
{
  char     *recovery_key;   /* secure memory */
  GtkLabel *status;         /* weak: what became of the last save */
} Shown;

static void
shown_free (Shown *shown)
{
  if (shown->recovery_key != NULL)
    review_secure_free_string (shown->recovery_key);
  g_free (shown);
}

static void
saved_cb (GtkNativeDialog *chooser,
          int              response,
          gpointer         user_data)
{
  g_autoptr(GtkWidget) box = user_data;
  Shown *shown = g_object_get_data (G_OBJECT (box), "shown");

  if (response == GTK_RESPONSE_ACCEPT && shown != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Choose a folder on a local or removable drive."));
      else
        review_lifecycle_save_recovery_key (path, shown->recovery_key, TRUE, &error);
      gtk_label_set_label (shown->status, error != NULL
                                          ? error->message
                                          : _("Saved. Move the file off this computer now."));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_clicked_cb (GtkButton *button,
                 GtkWidget *box)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (box);

  chooser = gtk_file_chooser_native_new (_("Save Recovery Key"), GTK_WINDOW (root),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name for a saved recovery key */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Review recovery key.txt"));
  g_signal_connect (chooser, "response", G_CALLBACK (saved_cb), g_object_ref (box));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
rekeyed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  char *recovery_key = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *label;
  Shown *shown;

  recovery_key = review_rekey_recovery_finish (REVIEW_STORE_SERVICE (source), result, &error);
  if (recovery_key == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent,
                                                           _("No New Recovery Key"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Your New Recovery Key"),
                                                       _("Shown only this once. Write it down "
                                                         "and keep it away from this computer: "
                                                         "the old recovery key no longer opens "
                                                         "the vault.")));
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save to File…"));
    GtkWidget *status = gtk_label_new (NULL);

    label = gtk_label_new (recovery_key);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_add_css_class (label, "monospace");
    gtk_widget_add_css_class (label, "title-3");
    gtk_widget_set_halign (save, GTK_ALIGN_CENTER);
    gtk_label_set_wrap (GTK_LABEL (status), TRUE);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), save);
    gtk_box_append (GTK_BOX (box), status);
    shown = g_new0 (Shown, 1);
    shown->recovery_key = recovery_key;
    shown->status = GTK_LABEL (status);
    g_object_set_data_full (G_OBJECT (box), "shown", shown, (GDestroyNotify) shown_free);
    g_signal_connect (save, "clicked", G_CALLBACK (save_clicked_cb), box);
    adw_message_dialog_set_extra_child (dialog, box);
  }
  adw_message_dialog_add_response (dialog, "done", _("_Done"));
  adw_message_dialog_set_default_response (dialog, "done");
  adw_message_dialog_set_close_response (dialog, "done");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  ReviewStoreService *service = user_data;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  /* In the service's worker, after what the window wrote before. */
  if (g_strcmp0 (response, "make") == 0)
    review_rekey_recovery_async (service, NULL, rekeyed_cb, g_object_ref (parent));
  g_object_unref (service);
}

/**
 * review_rekey_dialog_present:
 *
 * Asks, then makes a new recovery key for @vault and shows it once.
 */
void
review_rekey_dialog_present (GtkWindow          *parent,
                             ReviewStoreService *service)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (REVIEW_IS_STORE_SERVICE (service));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Make a New Recovery Key?"),
                                                       _("The current recovery key will stop "
                                                         "opening the vault. The new one is "
                                                         "shown once; the change is recorded "
                                                         "in the audit trail.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "make",
                                    _("_Make New Key"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "make", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), g_object_ref (service));
  gtk_window_present (GTK_WINDOW (dialog));
}
