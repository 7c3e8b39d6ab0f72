/* review-cli-report.c: `review report` (the signed PDF report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "review-cli-private.h"
#include "review-cms.h"
#include "review-error.h"
#include "review-pades.h"
#include "review-report.h"
#include "review-signer.h"
#include "review-text.h"

/* --- report --------------------------------------------------------------- */

typedef struct
{
  ReviewVault         *vault;
  ReviewReportOptions  options;
  ReviewReportSummary  summary;
  GCancellable        *cancellable;
  GMainLoop           *loop;
  GError              *error;
  gboolean             ok;
  gboolean             tty;
  gint                 done;       /* atomic, for the progress line */
  gint                 total;
  guint                shown;
} ReportRun;

static void
report_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  ReportRun *run = user_data;

  g_atomic_int_set (&run->total, (gint) total);
  g_atomic_int_set (&run->done, (gint) done);
}

static gpointer
report_thread (gpointer data)
{
  ReportRun *run = data;

  run->ok = review_report_write (run->vault, &run->options, run->cancellable,
                                 report_progress_cb, run, &run->summary, &run->error);
  g_main_loop_quit (run->loop);
  return NULL;
}

static gboolean
report_tick_cb (gpointer user_data)
{
  ReportRun *run = user_data;
  guint done = (guint) g_atomic_int_get (&run->done);
  guint total = (guint) g_atomic_int_get (&run->total);

  if (run->tty && total > 0 && done != run->shown)
    {
      g_printerr ("\r");
      /* Translators: progress while a report is made: parts done, of all */
      g_printerr (_("Making the report: %u of %u"), done, total);
      run->shown = done;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
report_interrupted_cb (gpointer user_data)
{
  ReportRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

int
review_cli_cmd_report (Globals  *g,
                       int       argc,
                       char    **argv,
                       GError  **error)
{
  g_auto(ReviewCliScope) scope = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSigner) signer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *out = NULL;
  g_autofree char *language = NULL;
  g_autofree char *images_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *organization = NULL;
  ReviewReportImages images = REVIEW_REPORT_IMAGES_BLURRED;
  ReviewSearch q = { 0 };
  ReportRun run = { 0 };
  GThread *thread;
  guint sigint, sigterm, tick;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write"), N_("FILE.pdf") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("The report’s language: en or ar (default: en)"), N_("LANG") },
    { "images", 0, 0, G_OPTION_ARG_STRING, &images_text,
      N_("blurred (default), unblurred (needs --reason) or none"), N_("MODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the images are unblurred; the audit trail keeps it"), N_("TEXT") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization,
      N_("The organisation named on the cover (default: the signing certificate’s)"),
      N_("TEXT") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Make a signed PDF report of the whole vault, of the "
                                           "photos the scope options find, or of one person "
                                           "(--person). Supervisors only."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  review_cli_scope_add_entries (context, &scope, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc > 1)
    {
      g_autofree char *arg = review_text_quote (argv[1], -1);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”."), arg);
      return -1;
    }
  if (out == NULL || *out == '\0')
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name the report’s file with --out=FILE.pdf."));
      return -1;
    }
  if (language != NULL && !g_str_equal (language, "en") && !g_str_equal (language, "ar"))
    {
      g_autofree char *shown = review_text_quote (language, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown report language “%s”: use en or ar."), shown);
      return -1;
    }
  if (images_text != NULL && !review_report_images_from_string (images_text, &images))
    {
      g_autofree char *shown = review_text_quote (images_text, -1);
      g_set_error (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                   _("Unknown image mode “%s”: use blurred, unblurred or none."), shown);
      return -1;
    }
  if (images == REVIEW_REPORT_IMAGES_UNBLURRED &&
      (reason == NULL || *g_strstrip (reason) == '\0'))
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--images=unblurred needs --reason=TEXT: why the images must be "
                             "seen unblurred. The audit trail keeps the reason."));
      return -1;
    }
  if (reason != NULL && images != REVIEW_REPORT_IMAGES_UNBLURRED)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--reason goes with --images=unblurred only."));
      return -1;
    }

  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  signer = review_signer_load_or_explain (vault, g->keyring_flags, error);
  if (signer == NULL)
    return -1;

  review_cli_scope_to_search (&scope, &q);
  run.vault = vault;
  run.options.output_path = out;
  run.options.language = language != NULL ? language : "en";
  run.options.images = images;
  run.options.reason = reason;
  run.options.organization = organization;
  run.options.filter = review_cli_scope_is_empty (&scope) ? NULL : &q;
  run.options.signer = signer;
  run.cancellable = cancellable;
  run.loop = loop;
  run.tty = isatty (STDERR_FILENO);

  /* Ctrl+C stops it cleanly: nothing is left at the destination. */
  sigint = g_unix_signal_add (SIGINT, report_interrupted_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, report_interrupted_cb, &run);
  tick = g_timeout_add (200, report_tick_cb, &run);
  thread = g_thread_new ("review-report", report_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (tick);
  if (run.tty && run.shown > 0)
    g_printerr ("\n");

  if (!run.ok)
    {
      review_report_summary_clear (&run.summary);
      if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&run.error);
          g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_FAILED,
                               _("Stopped: no report was written."));
          return -1;
        }
      g_propagate_error (error, run.error);
      return -1;
    }

  {
    g_autofree char *display = review_text_quote (out, -1);
    g_print (_("Report:        %s\n"), display);
  }
  g_print (_("Pages:         %u\n"), run.summary.n_pages);
  g_print (_("Persons:       %u\n"), run.summary.n_persons);
  g_print (_("Photos:        %u\n"), run.summary.n_photos);
  g_print (_("Findings:      %u\n"), run.summary.n_findings);
  /* Translators: photos whose files decoded only in part; keep the
   * alignment of the lines above */
  g_print (_("Damaged photos: %u\n"), run.summary.n_damaged);
  g_print (_("SHA-256:       %s\n"), run.summary.sha256);
  {
    g_autofree char *signed_by = review_text_quote (review_signer_get_name (signer), -1);
    g_print (_("Signed by:     %s\n"), signed_by);
  }
  g_print (_("Report ID:     %s\n"), run.summary.report_id);
  review_report_summary_clear (&run.summary);
  return 0;
}
