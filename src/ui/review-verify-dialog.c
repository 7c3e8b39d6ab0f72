/* review-verify-dialog.c
 *
 * Verify…: what `review verify` says, in the window, for recipients who
 * have Review but are not terminal users. Choose a PDF report, a JSON
 * export (its .p7s next to it) or a CSV export's folder, add the
 * certificates you trust (PEM, zero or more), and Verify: the check runs in
 * review_verify_file_async()'s worker (the main thread never waits on a
 * file), and the dialog shows the verdict in words, its reason, and the
 * details: each signature's signer, fingerprint, time, coverage and trust,
 * the files of a CSV export that do not match, and the audit checkpoint.
 *
 * Every value that came from the file or a certificate (file names, signer
 * fields, problems that quote them) is shown through review_text_escape():
 * a newline or a right-to-left override in a certificate's organisation is
 * a visible escape, never a forged line. No vault and no keyring are
 * opened, so Verify… is an application action, there without a vault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-text.h"
#include "review-verify.h"
#include "review-verify-dialog.h"

struct _ReviewVerifyDialog
{
  AdwWindow           parent_instance;

  AdwActionRow       *file_row;
  GtkListBox         *certificate_list;
  GtkSpinner         *spinner;
  GtkBox             *result_box;
  GtkImage           *verdict_icon;
  GtkLabel           *verdict_label;
  GtkLabel           *reason_label;
  GtkBox             *details_box;

  char               *path;           /* file name encoding */
  GPtrArray          *certificates;   /* (element-type filename) */
  GCancellable       *cancellable;    /* the running verification */
  gboolean            running;
  gboolean            disposed;
};

G_DEFINE_FINAL_TYPE (ReviewVerifyDialog, review_verify_dialog, ADW_TYPE_WINDOW)

/* --- showing text Review did not write ---------------------------------- */

/* A value from the file or a certificate, alone on its line. */
static char *
escaped (const char *raw)
{
  return review_text_escape (raw, -1);
}

/* The same, inside a translated sentence: escaped, then isolated so that
 * its direction cannot reorder the sentence around it. */
static char *
escaped_isolated (const char *raw)
{
  g_autofree char *text = review_text_escape (raw, -1);

  return review_text_isolate (text);
}

/* --- state -------------------------------------------------------------- */

static void
update_actions (ReviewVerifyDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "verify.open-file", !self->running);
  gtk_widget_action_set_enabled (widget, "verify.open-folder", !self->running);
  gtk_widget_action_set_enabled (widget, "verify.add-certificate", !self->running);
  gtk_widget_action_set_enabled (widget, "verify.remove-certificate",
                                 !self->running && self->certificates->len > 0);
  gtk_widget_action_set_enabled (widget, "verify.run", !self->running && self->path != NULL);
}

static void
clear_details (ReviewVerifyDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);
}

/* A verdict never stays next to a file or certificates it was not made
 * for. */
static void
forget_result (ReviewVerifyDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->result_box), FALSE);
  gtk_label_set_label (self->verdict_label, "");
  gtk_label_set_label (self->reason_label, "");
  clear_details (self);
}

static void
show_path (ReviewVerifyDialog *self)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (self->path == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("No file chosen"));
      adw_action_row_set_subtitle (self->file_row, "");
      return;
    }
  base = g_path_get_basename (self->path);
  dir = g_path_get_dirname (self->path);
  title = escaped (base);
  subtitle = escaped (dir);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), title);
  adw_action_row_set_subtitle (self->file_row, subtitle);
}

static void
set_path (ReviewVerifyDialog *self,
          const char         *path)
{
  g_free (self->path);
  self->path = g_strdup (path);
  show_path (self);
  forget_result (self);
  update_actions (self);
}

static void
rebuild_certificates (ReviewVerifyDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->certificate_list))) != NULL)
    gtk_list_box_remove (self->certificate_list, child);

  for (guint i = 0; i < self->certificates->len; i++)
    {
      const char *path = g_ptr_array_index (self->certificates, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *title = escaped (base);
      g_autofree char *subtitle = escaped (dir);
      g_autofree char *remove_name = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      /* Translators: %s is a certificate file's name */
      remove_name = g_strdup_printf (_("Remove %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "verify.remove-certificate");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_uint32 (i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->certificate_list, row);
    }
  forget_result (self);
  update_actions (self);
}

static void
add_certificate (ReviewVerifyDialog *self,
                 const char         *path)
{
  for (guint i = 0; i < self->certificates->len; i++)
    if (g_str_equal (g_ptr_array_index (self->certificates, i), path))
      return;
  g_ptr_array_add (self->certificates, g_strdup (path));
}

/* --- the result, in words ----------------------------------------------- */

/* A row of the details: what it is, then its value, selectable (so that a
 * fingerprint can be copied and compared). @value is text Review wrote or
 * an escaped value. */
static void
add_row (GtkListBox *list,
         const char *title,
         const char *value,
         gboolean    monospace)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  /* Translators: a detail of a verification for screen readers: what it
   * is, then its value, as “Fingerprint: 3a4f…” */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), title, value);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  if (monospace)
    gtk_widget_add_css_class (value_label, "monospace");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_list_box_append (list, row);
}

/* The same for a value from the file or a certificate. */
static void
add_value_row (GtkListBox *list,
               const char *title,
               const char *raw,
               gboolean    monospace)
{
  g_autofree char *value = escaped (raw);

  add_row (list, title, value, monospace);
}

/* A group of the details, with its own boxed list. */
static GtkListBox *
add_group (ReviewVerifyDialog *self,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->details_box, group);
  return GTK_LIST_BOX (list);
}

static void
add_signer_rows (GtkListBox                    *list,
                 const ReviewVerifiedSignature *sig)
{
  if (sig->signer_name != NULL)
    add_value_row (list, _("Signer"), sig->signer_name, FALSE);
  if (sig->signer_org != NULL)
    add_value_row (list, _("Organisation"), sig->signer_org, FALSE);
  if (sig->signer_email != NULL)
    add_value_row (list, _("E-mail"), sig->signer_email, FALSE);
  if (sig->fingerprint != NULL)
    /* Translators: keep “SHA-256” */
    add_value_row (list, _("Fingerprint (SHA-256)"), sig->fingerprint, TRUE);
  if (sig->time != NULL)
    {
      g_autofree char *time = escaped_isolated (sig->time);
      /* Translators: the signing time, which the signer's own clock gave */
      g_autofree char *text = g_strdup_printf (_("%s (as the signer’s computer stated it)"), time);

      add_row (list, _("Time"), text, FALSE);
    }
  else
    add_row (list, _("Time"), _("Not stated by the signature"), FALSE);
}

static void
add_trust_row (GtkListBox                    *list,
               const ReviewVerification      *v,
               const ReviewVerifiedSignature *sig)
{
  const char *text;

  if (sig->trusted)
    text = _("Trusted: the signer’s certificate is, or chains to, one of the certificates you "
             "trust");
  else if (!v->certificates_given)
    text = sig->self_signed
           ? _("Signer not checked: a self-signed certificate. Compare its fingerprint with "
               "the one the signer gave you by another channel, then add their certificate")
           : _("Signer not checked: add the certificate of the signer’s issuer");
  else
    text = _("NOT TRUSTED: the signer is not among the certificates you gave, and does not "
             "chain to one of them (or its certificate has expired)");
  add_row (list, _("Trust"), text, FALSE);
}

static void
add_pdf_coverage_row (GtkListBox                    *list,
                      const ReviewVerification      *v,
                      const ReviewVerifiedSignature *sig)
{
  g_autofree char *text = NULL;

  if (sig->verdict == REVIEW_VERDICT_MALFORMED)
    text = g_strdup (_("Malformed: the signed ranges are not exactly this signature’s own"));
  else if (sig->covers_whole_file)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Every byte of the file (%lu byte) except the "
                                         "signature itself",
                                         "Every byte of the file (%lu bytes) except the "
                                         "signature itself", (gulong) v->size),
                            (gulong) v->size);
  else if (sig != g_ptr_array_index (v->signatures, v->signatures->len - 1) &&
           v->verdict != REVIEW_VERDICT_CHANGED)
    /* Translators: both numbers are byte offsets in the file */
    text = g_strdup_printf (_("The file up to byte %lu of %lu; what follows only adds a further "
                              "signature (shown below)"),
                            (gulong) sig->revision_end, (gulong) v->size);
  else
    /* Translators: both numbers are byte offsets in the file */
    text = g_strdup_printf (_("NOT the whole file: the signed revision ends at byte %lu of %lu; "
                              "what follows was added after signing"),
                            (gulong) sig->revision_end, (gulong) v->size);
  add_row (list, _("Coverage"), text, FALSE);
}

static void
add_files_group (ReviewVerifyDialog       *self,
                 const ReviewVerification *v)
{
  g_autofree char *matching =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "%u file listed in the manifest matches it.",
                                  "%u files listed in the manifest match it.",
                                  v->files_matching),
                     v->files_matching);
  GtkListBox *list = NULL;

  for (guint i = 0; i < v->files->len; i++)
    {
      const ReviewVerifiedFile *file = g_ptr_array_index (v->files, i);
      const char *state = review_file_state_describe (file->state);
      g_autofree char *name = NULL;

      if (state == NULL)
        continue;
      if (list == NULL)
        list = add_group (self, _("Files That Do Not Match"), matching);
      /* The state first, small; the name below it, selectable. */
      name = escaped (file->name);
      add_row (list, state, name, FALSE);
    }
  if (list == NULL)
    {
      list = add_group (self, _("Files"), NULL);
      add_row (list, _("Files"), matching, FALSE);
    }
}

static const char *
verdict_text (const ReviewVerification *v)
{
  switch (v->verdict)
    {
    case REVIEW_VERDICT_VALID:
      return v->certificates_given
             ? _("Valid: the file as it is was signed, by a trusted signer")
             : _("Intact, signer not checked: compare the fingerprint");
    case REVIEW_VERDICT_CHANGED:
      return _("NOT VALID: changed after signing");
    case REVIEW_VERDICT_NOT_SIGNED:
      return _("NOT VALID: no signature");
    case REVIEW_VERDICT_MALFORMED:
      return _("NOT VALID: the signature’s structure is invalid");
    case REVIEW_VERDICT_UNTRUSTED:
      return _("NOT VALID: intact, but not signed by a certificate given");
    case REVIEW_VERDICT_FILES:
      return _("NOT VALID: the export’s folder does not match its signed manifest");
    default:
      return _("NOT VALID");
    }
}

static void
show_verdict (ReviewVerifyDialog *self,
              const char         *verdict,
              const char         *reason,
              const char         *icon,
              const char         *style)
{
  static const char * const styles[] = { "success", "warning", "error" };

  gtk_label_set_label (self->verdict_label, verdict);
  gtk_label_set_label (self->reason_label, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL && *reason != '\0');
  gtk_image_set_from_icon_name (self->verdict_icon, icon);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), styles[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), styles[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), style);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), style);
  gtk_widget_set_visible (GTK_WIDGET (self->result_box), TRUE);
}

static void
show_verification (ReviewVerifyDialog       *self,
                   const ReviewVerification *v)
{
  g_autofree char *reason = NULL;
  GtkListBox *list;

  if (v->verdict != REVIEW_VERDICT_VALID)
    reason = escaped (v->reason);
  else if (v->certificates_given)
    reason = g_strdup (_("The signature matches every byte it covers, and every signer is, or "
                         "chains to, a certificate you trust."));
  else
    reason = g_strdup (_("The signature matches every byte it covers, but anyone can make a "
                         "signature: compare the fingerprint below with the one the signer gave "
                         "you by another channel, or add their certificate and verify again."));
  if (v->verdict == REVIEW_VERDICT_VALID)
    show_verdict (self, verdict_text (v), reason,
                  v->certificates_given ? "emblem-ok-symbolic" : "dialog-warning-symbolic",
                  v->certificates_given ? "success" : "warning");
  else
    show_verdict (self, verdict_text (v), reason, "dialog-error-symbolic", "error");

  clear_details (self);
  list = add_group (self, _("File"), NULL);
  add_value_row (list, _("File checked"), v->path, FALSE);
  if (v->kind != REVIEW_VERIFY_PDF && v->signature_path != NULL)
    {
      g_autofree char *sig_path = escaped_isolated (v->signature_path);
      /* Translators: %s is the signature's file; a detached CMS (CAdES)
       * signature in DER */
      g_autofree char *text = g_strdup_printf (_("%s (detached CMS)"), sig_path);

      add_row (list, _("Signature"), text, FALSE);
    }

  if (v->kind != REVIEW_VERIFY_PDF && v->signatures->len > 0)
    {
      const ReviewVerifiedSignature *sig = g_ptr_array_index (v->signatures, 0);

      list = add_group (self, _("Signed By"), NULL);
      add_signer_rows (list, sig);
      if (sig->crypto_valid)
        {
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Every byte of the file (%lu byte)",
                                          "Every byte of the file (%lu bytes)",
                                          (gulong) v->size),
                             (gulong) v->size);

          add_row (list, _("Coverage"), text, FALSE);
        }
      else if (sig->problem != NULL)
        add_value_row (list, _("Problem"), sig->problem, FALSE);
      if (sig->crypto_valid)
        add_trust_row (list, v, sig);
    }

  for (guint i = 0; v->kind == REVIEW_VERIFY_PDF && i < v->signatures->len; i++)
    {
      const ReviewVerifiedSignature *sig = g_ptr_array_index (v->signatures, i);
      g_autofree char *title = NULL;
      g_autofree char *type = NULL;
      g_autofree char *sub_filter = escaped_isolated (sig->sub_filter != NULL ? sig->sub_filter
                                                                              : "?");

      if (v->signatures->len > 1)
        /* Translators: the first number counts the signatures, the second is
         * how many there are */
        title = g_strdup_printf (_("Signature %u of %u"), i + 1, v->signatures->len);
      else
        title = g_strdup (_("Signature"));
      list = add_group (self, title, NULL);
      /* Translators: the PDF signature's type (its SubFilter), as
       * ETSI.CAdES.detached */
      type = g_strdup_printf (_("%s (PDF, SHA-256)"), sub_filter);
      add_row (list, _("Type"), type, FALSE);
      add_signer_rows (list, sig);
      add_pdf_coverage_row (list, v, sig);
      if (sig->problem != NULL)
        add_value_row (list, _("Problem"), sig->problem, FALSE);
      if (sig->crypto_valid && sig->verdict != REVIEW_VERDICT_CHANGED &&
          sig->verdict != REVIEW_VERDICT_MALFORMED)
        add_trust_row (list, v, sig);
    }

  if (v->kind == REVIEW_VERIFY_MANIFEST && v->files->len > 0)
    add_files_group (self, v);

  if (v->checkpoint_entries >= 0 && v->checkpoint_hash != NULL)
    {
      g_autofree char *entries = g_strdup_printf ("%lld", (long long) v->checkpoint_entries);

      list = add_group (self, _("Audit Checkpoint"),
                        _("The audit trail as the signed file states it: its length and the "
                          "hash of its last entry, to compare with the vault’s."));
      add_row (list, _("Audit entry"), entries, FALSE);
      add_value_row (list, _("Hash of the last entry"), v->checkpoint_hash, TRUE);
      if (v->checkpoint_vault_id != NULL)
        add_value_row (list, _("Vault"), v->checkpoint_vault_id, TRUE);
    }
}

/* --- verifying ---------------------------------------------------------- */

static void
set_running (ReviewVerifyDialog *self,
             gboolean            running)
{
  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  update_actions (self);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ReviewVerifyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVerification) v = review_verify_file_finish (result, &error);

  if (self->disposed || (v == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    return;   /* the dialog was closed: nothing to say */
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  if (v == NULL)
    {
      g_autofree char *message = escaped (error->message);

      clear_details (self);
      show_verdict (self, _("Could not verify"), message, "dialog-error-symbolic", "error");
      return;
    }
  show_verification (self, v);
}

static void
cancel_running (ReviewVerifyDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->running)
    set_running (self, FALSE);
}

static void
run_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (widget);

  if (self->running || self->path == NULL)
    return;
  forget_result (self);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  g_ptr_array_add (self->certificates, NULL);
  review_verify_file_async (self->path, (const char * const *) self->certificates->pdata,
                            self->cancellable, verified_cb, g_object_ref (self));
  g_ptr_array_remove_index (self->certificates, self->certificates->len - 1);
}

/* --- choosing files ----------------------------------------------------- */

typedef enum
{
  CHOOSE_FILE,
  CHOOSE_FOLDER,
  CHOOSE_CERTIFICATES,
} Choice;

static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           gpointer         user_data)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (user_data);
  Choice choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "review-choice"));

  if (response == GTK_RESPONSE_ACCEPT && !self->running && !self->disposed)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path == NULL)
            continue;
          if (choice == CHOOSE_CERTIFICATES)
            add_certificate (self, path);
          else
            set_path (self, path);
        }
      if (choice == CHOOSE_CERTIFICATES && n > 0)
        rebuild_certificates (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose (ReviewVerifyDialog *self,
        Choice              choice)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  const char *title;

  if (self->running)
    return;
  title = choice == CHOOSE_FILE ? _("Open a Signed Report or Export")
        : choice == CHOOSE_FOLDER ? _("Open the Folder of a CSV Export")
        : _("Add Certificates You Trust");
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                         choice == CHOOSE_FOLDER
                                         ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                         : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         choice == CHOOSE_FOLDER ? _("_Select") : _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "review-choice", GINT_TO_POINTER (choice));
  if (choice == CHOOSE_FILE)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Signed reports and exports"));
      gtk_file_filter_add_suffix (filter, "pdf");
      gtk_file_filter_add_suffix (filter, "json");
      gtk_file_filter_add_suffix (filter, "p7s");
      gtk_file_filter_add_pattern (filter, "SHA256SUMS");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  else if (choice == CHOOSE_CERTIFICATES)
    {
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
      gtk_file_filter_add_suffix (filter, "pem");
      gtk_file_filter_add_suffix (filter, "crt");
      gtk_file_filter_add_suffix (filter, "cer");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  if (choice != CHOOSE_FOLDER)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("All files"));
      gtk_file_filter_add_pattern (filter, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  choose (REVIEW_VERIFY_DIALOG (widget), CHOOSE_FILE);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  choose (REVIEW_VERIFY_DIALOG (widget), CHOOSE_FOLDER);
}

static void
add_certificate_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  choose (REVIEW_VERIFY_DIALOG (widget), CHOOSE_CERTIFICATES);
}

static void
remove_certificate_action (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (widget);
  guint index = g_variant_get_uint32 (param);

  if (self->running || index >= self->certificates->len)
    return;
  g_ptr_array_remove_index (self->certificates, index);
  rebuild_certificates (self);
}

/* Files dropped on the dialog: certificates by their suffix, anything else
 * is the file (or folder) to verify. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (user_data);
  GSList *files;
  gboolean certificates = FALSE;

  if (self->running || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path == NULL)
        continue;
      if (g_str_has_suffix (path, ".pem") || g_str_has_suffix (path, ".crt") ||
          g_str_has_suffix (path, ".cer"))
        {
          add_certificate (self, path);
          certificates = TRUE;
        }
      else
        set_path (self, path);
    }
  g_slist_free (files);
  if (certificates)
    rebuild_certificates (self);
  return TRUE;
}

/* --- object ------------------------------------------------------------- */

GtkWidget *
review_verify_dialog_new (GtkWindow *parent)
{
  return g_object_new (REVIEW_TYPE_VERIFY_DIALOG, "transient-for", parent, NULL);
}

static gboolean
review_verify_dialog_close_request (GtkWindow *window)
{
  cancel_running (REVIEW_VERIFY_DIALOG (window));
  return GTK_WINDOW_CLASS (review_verify_dialog_parent_class)->close_request (window);
}

static void
review_verify_dialog_dispose (GObject *object)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_VERIFY_DIALOG);
  G_OBJECT_CLASS (review_verify_dialog_parent_class)->dispose (object);
}

static void
review_verify_dialog_finalize (GObject *object)
{
  ReviewVerifyDialog *self = REVIEW_VERIFY_DIALOG (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  G_OBJECT_CLASS (review_verify_dialog_parent_class)->finalize (object);
}

static void
review_verify_dialog_class_init (ReviewVerifyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = review_verify_dialog_dispose;
  object_class->finalize = review_verify_dialog_finalize;
  window_class->close_request = review_verify_dialog_close_request;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Review/review-verify-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ReviewVerifyDialog, name)
  BIND (file_row); BIND (certificate_list); BIND (spinner); BIND (result_box);
  BIND (verdict_icon); BIND (verdict_label); BIND (reason_label); BIND (details_box);
#undef BIND

  /* Every command of the dialog, in one place. */
  gtk_widget_class_install_action (widget_class, "verify.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "verify.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "verify.add-certificate", NULL,
                                   add_certificate_action);
  gtk_widget_class_install_action (widget_class, "verify.remove-certificate", "u",
                                   remove_certificate_action);
  gtk_widget_class_install_action (widget_class, "verify.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "verify.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
review_verify_dialog_init (ReviewVerifyDialog *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->certificates = g_ptr_array_new_with_free_func (g_free);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  update_actions (self);
}
