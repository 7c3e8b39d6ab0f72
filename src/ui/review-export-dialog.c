/* review-export-dialog.c
 *
 * The choices of `review report` and `review export`, in a dialog: what
 * (a signed PDF report, or signed JSON or CSV data), the scope (the whole
 * vault, the photos the library shows, or the person in the workspace), the
 * report's language and images, and family contacts for data. The signing
 * identity is loaded from the keyring first; the work runs in a thread with
 * progress and Cancel, and the core never leaves a half-written file at the
 * destination. The core records each export in the audit trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-export.h"
#include "review-export-dialog.h"
#include "review-library-service.h"
#include "review-report.h"
#include "review-signer-async.h"
#include "review-text.h"

typedef enum
{
  KIND_REPORT,
  KIND_JSON,
  KIND_CSV,
} Kind;

typedef enum
{
  SCOPE_ALL,
  SCOPE_FILTER,
  SCOPE_PERSON,
} Scope;

struct _ReviewExportDialog
{
  AdwWindow             parent_instance;

  AdwComboRow          *kind_row;
  AdwComboRow          *scope_row;
  AdwActionRow         *signer_row;
  AdwPreferencesGroup  *report_group;
  AdwComboRow          *language_row;
  AdwComboRow          *images_row;
  AdwEntryRow          *reason_row;
  AdwEntryRow          *organization_row;
  AdwPreferencesGroup  *data_group;
  GtkSwitch            *family_switch;
  GtkLabel             *status_label;
  GtkProgressBar       *progress;

  ReviewVault          *vault;
  ReviewSigner         *signer;
  GCancellable         *cancellable;   /* the dialog's life, then the export */
  GArray               *scopes;        /* Scope, in the scope row's order */
  /* The library's filter, copied. */
  char                 *f_status, *f_finding, *f_region, *f_facility, *f_person, *f_number,
                       *f_text;
  gboolean              f_damaged;     /* "Damaged only" */
  char                 *person;
  gboolean              running;
};

G_DEFINE_FINAL_TYPE (ReviewExportDialog, review_export_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  ReviewVault   *vault;
  ReviewSigner  *signer;
  Kind           kind;
  char          *path;
  char          *language;
  ReviewReportImages images;
  char          *reason;
  char          *organization;
  gboolean       family;
  gboolean       scoped;
  char          *s_status, *s_finding, *s_region, *s_facility, *s_person, *s_number, *s_text;
  gboolean       s_damaged;
  ReviewExportDialog *dialog;   /* strong; progress only */
  char          *done;          /* what to say when finished */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->vault);
  g_clear_object (&job->signer);
  g_clear_object (&job->dialog);
  g_free (job->path);
  g_free (job->language);
  g_free (job->reason);
  g_free (job->organization);
  g_free (job->s_status);
  g_free (job->s_finding);
  g_free (job->s_region);
  g_free (job->s_facility);
  g_free (job->s_person);
  g_free (job->s_number);
  g_free (job->s_text);
  g_free (job->done);
  g_free (job);
}

static Kind
current_kind (ReviewExportDialog *self)
{
  return (Kind) adw_combo_row_get_selected (self->kind_row);
}

static void
update_rows (ReviewExportDialog *self)
{
  Kind kind = current_kind (self);
  gboolean unblurred = adw_combo_row_get_selected (self->images_row) ==
                       REVIEW_REPORT_IMAGES_UNBLURRED;

  gtk_widget_set_visible (GTK_WIDGET (self->report_group), kind == KIND_REPORT);
  gtk_widget_set_visible (GTK_WIDGET (self->data_group), kind != KIND_REPORT);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), kind == KIND_REPORT && unblurred);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run",
                                 self->signer != NULL && !self->running);
}

/* --- the signing identity ----------------------------------------------- */

static void
signer_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ReviewExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  ReviewSigner *signer = review_signer_load_in_service_finish (REVIEW_STORE_SERVICE (source),
                                                               result, &error);

  if (signer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_action_row_set_subtitle (self->signer_row, error->message);
      gtk_label_set_label (self->status_label,
                           _("Reports and exports are always signed. A supervisor can create "
                             "or import a signing identity in Preferences."));
    }
  else
    {
      g_autofree char *who = NULL;
      /* Certificate fields: escaped, then isolated in the sentence. */
      g_autofree char *name = review_text_escape (review_signer_get_name (signer), -1);
      g_autofree char *org = review_text_escape (review_signer_get_organization (signer), -1);

      self->signer = signer;
      if (review_signer_get_organization (signer) != NULL)
        /* Translators: the signer: their name, then their organisation */
        who = g_strdup_printf (_("%s, %s"), name, org);
      else
        who = g_strdup (name);
      adw_action_row_set_subtitle (self->signer_row, who);
      if (review_signer_get_organization (signer) != NULL &&
          *gtk_editable_get_text (GTK_EDITABLE (self->organization_row)) == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->organization_row),
                               review_signer_get_organization (signer));
    }
  update_rows (self);
}

/* --- running ------------------------------------------------------------ */

typedef struct
{
  ReviewExportDialog *self;
  guint done, total;
} Progress;

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *p = data;

  /* The dialog may have been closed under a running export (a lock). */
  if (p->self->progress == NULL)
    ;
  else if (p->total > 0)
    gtk_progress_bar_set_fraction (p->self->progress, (double) p->done / p->total);
  else
    gtk_progress_bar_pulse (p->self->progress);
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
report_progress_cb (guint    done,
                    guint    total,
                    gpointer data)
{
  Job *job = data;
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (job->dialog);
  p->done = done;
  p->total = total;
  g_idle_add (progress_idle_cb, p);
}

/* A path inside a sentence in either direction: escaped (a path is bytes
 * that Review did not write, see review-text-escape.c), then isolated
 * (U+2068 … U+2069) so that an Arabic sentence does not reorder its
 * slashes. */
static char *
isolated_path (const char *path)
{
  g_autofree char *escaped = review_text_escape (path, -1);
  return g_strdup_printf ("\u2068%s\u2069", escaped);
}
#define ISOLATE(path) isolated_path (path)

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  ReviewSearch q = { job->s_status, job->s_finding, job->s_region, job->s_facility,
                     job->s_person, job->s_number, job->s_text, job->s_damaged, 0 };

  /* A connection of this worker's own: the vault's is the store service's. */
  vault = review_vault_open_worker_view (job->vault, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->kind == KIND_REPORT)
    {
      ReviewReportOptions options = { 0 };
      g_auto(ReviewReportSummary) summary = { 0 };

      options.output_path = job->path;
      options.language = job->language;
      options.images = job->images;
      options.reason = job->reason;
      options.organization = job->organization;
      options.filter = job->scoped ? &q : NULL;
      options.signer = job->signer;
      if (!review_report_write (vault, &options, cancellable, report_progress_cb, job,
                                &summary, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_autofree char *where = ISOLATE (job->path);

      /* Translators: %s is a file; %u a number of pages */
      job->done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The signed report “%s” is ready (%u page).",
                                                "The signed report “%s” is ready (%u pages).",
                                                summary.n_pages),
                                   where, summary.n_pages);
    }
  else
    {
      ReviewExportOptions options = { 0 };
      g_autoptr(ReviewExportResult) result = NULL;

      options.scope = job->scoped ? &q : NULL;
      options.include_family_contacts = job->family;
      options.signer = job->signer;
      options.cancellable = cancellable;
      result = job->kind == KIND_JSON ? review_export_json (vault, &options, job->path, &error)
                                      : review_export_csv (vault, &options, job->path, &error);
      if (result == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_autofree char *where = ISOLATE (result->path);
      g_autofree char *signature = ISOLATE (result->signature);

      /* Translators: %s is the file or folder written, then its signature */
      job->done = g_strdup_printf (_("The signed export “%s” is ready, with its signature “%s”."),
                                   where, signature);
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReviewExportDialog *self = REVIEW_EXPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  /* Closed while the export ran (a lock destroys it): nothing to show. */
  if (self->progress == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_label (self->status_label,
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                           ? _("Cancelled. Nothing was written.") : error->message);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      update_rows (self);
      return;
    }
  gtk_label_set_label (self->status_label, job->done);
  update_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", FALSE);
}

static void
start (ReviewExportDialog *self,
       const char         *path)
{
  Job *job = g_new0 (Job, 1);
  GTask *task;
  Scope scope = SCOPE_ALL;
  guint i = adw_combo_row_get_selected (self->scope_row);
  static const char * const languages[] = { "en", "ar" };

  if (i < self->scopes->len)
    scope = g_array_index (self->scopes, Scope, i);
  job->vault = g_object_ref (self->vault);
  job->signer = g_object_ref (self->signer);
  job->dialog = g_object_ref (self);
  job->kind = current_kind (self);
  job->path = g_strdup (path);
  job->language = g_strdup (languages[MIN (adw_combo_row_get_selected (self->language_row), 1)]);
  job->images = (ReviewReportImages) adw_combo_row_get_selected (self->images_row);
  job->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  job->organization = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->organization_row)));
  job->family = gtk_switch_get_active (self->family_switch);
  job->scoped = scope != SCOPE_ALL;
  if (scope == SCOPE_FILTER)
    {
      job->s_status = g_strdup (self->f_status);
      job->s_finding = g_strdup (self->f_finding);
      job->s_region = g_strdup (self->f_region);
      job->s_facility = g_strdup (self->f_facility);
      job->s_person = g_strdup (self->f_person);
      job->s_number = g_strdup (self->f_number);
      job->s_text = g_strdup (self->f_text);
      job->s_damaged = self->f_damaged;
    }
  else if (scope == SCOPE_PERSON)
    job->s_person = g_strdup (self->person);

  self->running = TRUE;
  gtk_label_set_label (self->status_label, _("Writing and signing…"));
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  update_rows (self);
  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_name (task, "[review] export");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
  g_object_unref (task);
}

static void
destination_chosen_cb (GtkNativeDialog    *chooser,
                       int                 response,
                       ReviewExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file ? g_file_get_path (file) : NULL;
    }
  g_object_unref (chooser);
  if (path != NULL)
    start (self, path);
}

static void
run_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  ReviewExportDialog *self = REVIEW_EXPORT_DIALOG (widget);
  static const char * const suggested[] = { "report.pdf", "export.json", "export" };
  GtkFileChooserNative *chooser;
  Kind kind = current_kind (self);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  if (self->running || self->signer == NULL)
    return;
  if (kind == KIND_REPORT &&
      adw_combo_row_get_selected (self->images_row) == REVIEW_REPORT_IMAGES_UNBLURRED &&
      *reason == '\0')
    {
      gtk_label_set_label (self->status_label,
                           _("Unblurred images need a reason, which the audit trail keeps."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  chooser = gtk_file_chooser_native_new (kind == KIND_CSV ? _("Name the New Folder")
                                                          : _("Save the Signed File"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested[kind]);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (destination_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ReviewExportDialog *self = REVIEW_EXPORT_DIALOG (widget);

  if (self->running)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* --- object ------------------------------------------------------------- */

/**
 * review_export_dialog_new:
 * @service: the open vault's store service: the signing identity is read
 *   by its worker; the report or export runs in a thread of its own
 */
GtkWidget *
review_export_dialog_new (GtkWindow          *parent,
                          ReviewStoreService *service,
                          const ReviewSearch *filter,
                          const char         *person)
{
  ReviewVault *vault = review_store_service_get_vault (service);
  ReviewExportDialog *self = g_object_new (REVIEW_TYPE_EXPORT_DIALOG,
                                           "transient-for", parent, NULL);
  g_autoptr(GtkStringList) scopes = gtk_string_list_new (NULL);
  Scope s;

  self->vault = g_object_ref (vault);
  s = SCOPE_ALL;
  g_array_append_val (self->scopes, s);
  gtk_string_list_append (scopes, _("The whole vault"));
  if (filter != NULL)
    {
      self->f_status = g_strdup (filter->status);
      self->f_finding = g_strdup (filter->finding);
      self->f_region = g_strdup (filter->region);
      self->f_facility = g_strdup (filter->facility);
      self->f_person = g_strdup (filter->person);
      self->f_number = g_strdup (filter->number);
      self->f_text = g_strdup (filter->text);
      self->f_damaged = filter->damaged;
      s = SCOPE_FILTER;
      g_array_append_val (self->scopes, s);
      gtk_string_list_append (scopes, _("The photos the library shows now"));
    }
  if (person != NULL)
    {
      self->person = g_strdup (person);
      s = SCOPE_PERSON;
      g_array_append_val (self->scopes, s);
      gtk_string_list_append (scopes, _("The person in the workspace"));
    }
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scopes));
  adw_combo_row_set_selected (self->scope_row, self->scopes->len - 1);
  adw_action_row_set_subtitle (self->signer_row, _("Loading the signing identity…"));
  review_signer_load_in_service_async (service, REVIEW_KEYRING_ALLOW_PROMPT, self->cancellable,
                                       signer_loaded_cb, g_object_ref (self));
  update_rows (self);
  return GTK_WIDGET (self);
}

static void
review_export_dialog_dispose (GObject *object)
{
  ReviewExportDialog *self = REVIEW_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->signer);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->scopes, g_array_unref);
  g_clear_pointer (&self->f_status, g_free);
  g_clear_pointer (&self->f_finding, g_free);
  g_clear_pointer (&self->f_region, g_free);
  g_clear_pointer (&self->f_facility, g_free);
  g_clear_pointer (&self->f_person, g_free);
  g_clear_pointer (&self->f_number, g_free);
  g_clear_pointer (&self->f_text, g_free);
  g_clear_pointer (&self->person, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (review_export_dialog_parent_class)->dispose (object);
}

static void
review_export_dialog_class_init (ReviewExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_export_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Review/review-export-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ReviewExportDialog, name)
  BIND (kind_row); BIND (scope_row); BIND (signer_row); BIND (report_group);
  BIND (language_row); BIND (images_row); BIND (reason_row); BIND (organization_row);
  BIND (data_group); BIND (family_switch); BIND (status_label); BIND (progress);
#undef BIND
  gtk_widget_class_install_action (widget_class, "export.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
review_export_dialog_init (ReviewExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->scopes = g_array_new (FALSE, FALSE, sizeof (Scope));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_rows), self);
  g_signal_connect_swapped (self->images_row, "notify::selected", G_CALLBACK (update_rows), self);
  /* The report's language defaults to the interface's. */
  adw_combo_row_set_selected (self->language_row,
                              gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? 1 : 0);
}
