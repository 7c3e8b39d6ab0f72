/* review-cli.c
 *
 * `review [--vault=DIR] COMMAND …` runs in the calling process, with no
 * display and without forwarding to a running window, so it works over SSH
 * and in scripts with its own exit status (see review_error_exit_status()).
 * Each command has its own option parser. With no command, the window opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "review-cli.h"
#include "review-cli-private.h"
#include "review-error.h"
#include "review-importer.h"
#include "review-keyring.h"
#include "review-lifecycle.h"
#include "review-process.h"
#include "review-recovery.h"
#include "review-store.h"
#include "review-text.h"
#include "review-vault.h"
#include "review-verify.h"
#include "review-vocab.h"


/* Whether review_text_escape() would change nothing in @len bytes of @text
 * but double its backslashes: valid UTF-8, no control character, no
 * bidirectional control (every other escape is longer than what it
 * replaces). */
static gboolean
needs_no_escape (const char *text,
                 gsize       len)
{
  g_autofree char *escaped = review_text_escape (text, (gssize) len);
  gsize backslashes = 0;

  for (gsize i = 0; i < len; i++)
    backslashes += text[i] == '\\';
  return strlen (escaped) == len + backslashes;
}

#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"

/**
 * review_cli_sanitize:
 * @text: (nullable): a message for the terminal: an error's, or a sentence
 *   that may hold a library's message
 *
 * Messages that Review builds put every value it did not write in with
 * review_text_quote(): already escaped, and isolated. A library's message
 * (GIO's “Error opening file …”) may quote a file name raw. So: @text as it
 * is when nothing in it needs escaping, apart from the isolates around
 * values (U+2068 … U+2069, in pairs); otherwise review_text_escape() of
 * everything between those pairs.
 *
 * Returns: (transfer full): one line, safe for a terminal
 */
char *
review_cli_sanitize (const char *text)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) marks = NULL;  /* byte offsets of paired isolates */
  const char *seg;
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  marks = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* An isolate is kept only with its partner: an FSI from a raw value that
   * never closes would isolate the rest of the line. */
  for (const char *p = text; (p = strstr (p, FSI)) != NULL; )
    {
      const char *close = strstr (p + 3, PDI);
      const char *next_open = strstr (p + 3, FSI);
      gsize a, b;

      if (close == NULL)
        break;
      if (next_open != NULL && next_open < close)
        {
          p = next_open;
          continue;
        }
      a = (gsize) (p - text);
      b = (gsize) (close - text);
      g_array_append_val (marks, a);
      g_array_append_val (marks, b);
      p = close + 3;
    }

  {
    gboolean clean = TRUE;
    gsize start = 0;
    for (guint i = 0; i <= marks->len && clean; i++)
      {
        gsize end = i < marks->len ? g_array_index (marks, gsize, i) : len;
        clean = needs_no_escape (text + start, end - start);
        start = end + 3;
      }
    if (clean)
      return g_strdup (text);
  }

  out = g_string_new (NULL);
  seg = text;
  for (guint i = 0; i <= marks->len; i++)
    {
      gsize end = i < marks->len ? g_array_index (marks, gsize, i) : len;
      g_autofree char *escaped = review_text_escape (seg, (gssize) (text + end - seg));

      g_string_append (out, escaped);
      if (i < marks->len)
        {
          g_string_append (out, i % 2 == 0 ? FSI : PDI);
          seg = text + end + 3;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_error (const GError *error)
{
  g_autofree char *message = review_cli_sanitize (error->message);

  g_printerr ("review: %s\n", message);
}

/* What the user can do next, for each failure that has a remedy. */
static const char *
hint_for (const GError *error)
{
  if (error->domain != REVIEW_ERROR)
    return NULL;
  switch (error->code)
    {
    case REVIEW_ERROR_KEYRING_UNAVAILABLE:
      return _("No keyring service is running. A desktop session starts one; on a server, "
               "start gnome-keyring-daemon in this session first (build-aux/run does this "
               "for you).");
    case REVIEW_ERROR_KEYRING_LOCKED:
      return _("Unlock the keyring (logging in to the desktop does this), or run the command "
               "again with --unlock to be asked for the keyring’s password.");
    case REVIEW_ERROR_KEYRING_NO_DEFAULT:
      return _("This account has no default keyring yet. Run the command again with --unlock "
               "to create one, or open Review’s window.");
    case REVIEW_ERROR_KEY_MISSING:
      return _("If the keyring was reset, or this is another account or computer, open the "
               "vault with its recovery key: review vault recover");
    case REVIEW_ERROR_WRONG_KEY:
      return _("The key in your keyring does not open this vault. Open it with its recovery "
               "key instead: review vault recover");
    case REVIEW_ERROR_TIMED_OUT:
      return _("Try again; if it keeps happening, restart the keyring service.");
    case REVIEW_ERROR_AUDIT_ROLLED_BACK:
      return _("If an older copy of the vault was put back on purpose, open it anyway with: "
               "review audit acknowledge (the missing entries are recorded in its audit "
               "trail).");
    case REVIEW_ERROR_NO_SIGNER:
      return _("A supervisor creates a signing identity with: review signer create "
               "--name=NAME --organization=ORG, or imports one: review signer import FILE.p12");
    default:
      return NULL;
    }
}

static int
fail (GError *error)
{
  const char *hint;
  int status;

  if (error == NULL)
    return 1;
  print_error (error);
  hint = hint_for (error);
  if (hint != NULL)
    g_printerr ("%s\n", hint);
  status = review_error_exit_status (error);
  g_error_free (error);
  return status;
}

gboolean
review_cli_parse_options (const char   *usage,
                       const char   *summary,
                       GOptionEntry *entries,
                       int          *argc,
                       char       ***argv,
                       GError      **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_autofree char *arg = review_text_quote ((*argv)[1], -1);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”."), arg);
      return FALSE;
    }
  return TRUE;
}

/* Prints what a builder holds, pretty, for scripts. */
void
review_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* Opens the vault with the key from the keyring, as every command but
 * create and recover does (review_lifecycle_open): read-only until every
 * check has passed. */
ReviewVault *
review_cli_open_vault (Globals  *g,
                       GError  **error)
{
  return review_lifecycle_open (g->vault_dir, g->keyring_flags, NULL, error);
}

/* --- search ------------------------------------------------------------- */

/* The scope options of `review search`, shared with the commands that take
 * a scope (report, export). */
void
review_cli_scope_add_entries (GOptionContext *context,
                              ReviewCliScope *scope,
                              gboolean        with_text)
{
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &scope->status,
      N_("unreviewed, in-progress, done, second-review or verified"), N_("STATUS") },
    { "finding", 0, 0, G_OPTION_ARG_STRING, &scope->finding, N_("A finding type code"),
      N_("CODE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &scope->region, N_("A body region code"), N_("CODE") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &scope->facility, N_("A facility, by UUID or name"),
      N_("UUID|NAME") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &scope->person, N_("A person, by UUID"), N_("UUID") },
    { "number", 0, 0, G_OPTION_ARG_STRING, &scope->number,
      N_("Any identity number, exactly as transcribed"), N_("TEXT") },
    { "damaged", 0, 0, G_OPTION_ARG_NONE, &scope->damaged,
      N_("Only photos whose files are damaged (imported, decoded in part)"), NULL },
    { "text", 0, 0, G_OPTION_ARG_STRING, &scope->text,
      N_("Words in names, notes or file names"), N_("TEXT") },
    { NULL }
  };

  if (!with_text)
    memset (&entries[7], 0, sizeof entries[7]);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
review_cli_scope_to_search (const ReviewCliScope *scope,
                            ReviewSearch         *q)
{
  q->status = scope->status;
  q->finding = scope->finding;
  q->region = scope->region;
  q->facility = scope->facility;
  q->person = scope->person;
  q->number = scope->number;
  q->damaged = scope->damaged;
  q->text = scope->text != NULL && *scope->text != '\0' ? scope->text : NULL;
}

gboolean
review_cli_scope_is_empty (const ReviewCliScope *scope)
{
  return !scope->status && !scope->finding && !scope->region && !scope->facility &&
         !scope->person && !scope->number && !scope->damaged &&
         !(scope->text && *scope->text);
}

void
review_cli_scope_clear (ReviewCliScope *scope)
{
  g_clear_pointer (&scope->status, g_free);
  g_clear_pointer (&scope->finding, g_free);
  g_clear_pointer (&scope->region, g_free);
  g_clear_pointer (&scope->facility, g_free);
  g_clear_pointer (&scope->person, g_free);
  g_clear_pointer (&scope->number, g_free);
  g_clear_pointer (&scope->text, g_free);
}

static int
cmd_search (Globals  *g,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_auto(ReviewCliScope) scope = { 0 };
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) result = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean as_json = FALSE;
  int limit = 0;
  ReviewSearch q = { 0 };
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("List at most this many photos"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[TEXT]"));
  g_option_context_set_summary (context, _("Find photos by review status, findings, persons, "
                                           "facilities, numbers or text."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  review_cli_scope_add_entries (context, &scope, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  for (int i = 1; i < argc; i++)
    g_string_append_printf (text, "%s%s", i > 1 ? " " : "", argv[i]);
  if (limit < 0)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--limit cannot be negative."));
      return -1;
    }
  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;
  review_cli_scope_to_search (&scope, &q);
  q.text = text->len > 0 ? text->str : NULL;
  q.limit = (guint) limit;
  result = review_store_search (vault, &q, error);
  if (result == NULL)
    return -1;

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, result->total);
      json_builder_set_member_name (b, "photos");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->hits->len; i++)
        {
          ReviewSearchHit *h = g_ptr_array_index (result->hits, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, h->uuid);
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, h->sha256);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, h->status);
          json_builder_set_member_name (b, "file_name");
          json_builder_add_string_value (b, h->file_name);
          /* The name's bytes as the file system had them (file_name is
           * their display form, with visible escapes). */
          if (h->file_name_raw != NULL)
            {
              g_autofree char *raw = g_base64_encode (g_bytes_get_data (h->file_name_raw, NULL),
                                                      g_bytes_get_size (h->file_name_raw));
              json_builder_set_member_name (b, "file_name_base64");
              json_builder_add_string_value (b, raw);
            }
          /* A damaged photo: the kind for scripts, the reason for people. */
          if (h->damage_code != NULL)
            {
              json_builder_set_member_name (b, "damage");
              json_builder_add_string_value (b, h->damage_code);
              json_builder_set_member_name (b, "damage_reason");
              json_builder_add_string_value (b, h->damage);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      review_cli_print_json (b);
      return 0;
    }
  for (guint i = 0; i < result->hits->len; i++)
    {
      ReviewSearchHit *h = g_ptr_array_index (result->hits, i);
      /* Three columns, one photo a line: the file name is its display form
       * (escaped when it was imported); sanitised again all the same. */
      g_autofree char *uuid = review_text_escape (h->uuid, -1);
      g_autofree char *status = review_text_escape (h->status, -1);
      g_autofree char *file_name = review_cli_sanitize (h->file_name);

      g_print ("%s\t%s\t%s\n", uuid, status, file_name);
      /* A damaged photo says so on its own line below it, indented. */
      if (h->damage != NULL)
        {
          g_autofree char *why = review_cli_sanitize (h->damage);
          /* Translators: under a photo in search results; %s says what is
           * wrong with its file */
          g_print (_("\tdamaged: %s\n"), why);
        }
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u photo\n", "%u photos\n", result->total),
           result->total);
  return 0;
}

/* --- vocab -------------------------------------------------------------- */

static int
cmd_vocab (Globals  *g,
           int       argc,
           char    **argv,
           GError  **error)
{
  /* JSON key → vocabulary list */
  static const char * const lists[][2] = {
    { "finding_types", "finding_types" },
    { "body_regions", "body_regions" },
    { "methods", "methods" },
    { "statuses", "review_status" },
  };
  g_autoptr(ReviewVocab) vocab = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON object for scripts"), NULL },
    { NULL }
  };

  if (!review_cli_parse_options (NULL, _("List the controlled vocabularies: their codes with English "
                                      "and Arabic labels."), entries, &argc, &argv, error))
    return -1;
  vocab = review_vocab_load (error);
  if (vocab == NULL)
    return -1;

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          GPtrArray *list = review_vocab_get_list (vocab, lists[l][1]);
          json_builder_set_member_name (b, lists[l][0]);
          json_builder_begin_array (b);
          for (guint i = 0; list != NULL && i < list->len; i++)
            {
              const ReviewVocabEntry *e = g_ptr_array_index (list, i);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "code");
              json_builder_add_string_value (b, e->code);
              json_builder_set_member_name (b, "en");
              json_builder_add_string_value (b, e->en);
              json_builder_set_member_name (b, "ar");
              json_builder_add_string_value (b, e->ar);
              if (e->parent != NULL)
                {
                  json_builder_set_member_name (b, "parent");
                  json_builder_add_string_value (b, e->parent);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      review_cli_print_json (b);
      return 0;
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GPtrArray *list = review_vocab_get_list (vocab, lists[l][1]);
      g_print ("# %s (version %d)\n", lists[l][0], review_vocab_get_version (vocab, lists[l][1]));
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          const ReviewVocabEntry *e = g_ptr_array_index (list, i);
          g_print ("%s\t%s\t%s\n", e->code, e->en, e->ar);
        }
    }
  return 0;
}

/* --- import ------------------------------------------------------------- */

typedef struct
{
  ReviewVault        *vault;
  const char * const *paths;
  ReviewImportOptions options;
  GCancellable       *cancellable;
  ReviewImportResult *result;
  GError             *error;
  GMainLoop          *loop;
  gboolean            tty;
  int                 last_len;
} ImportRun;

static void
clear_progress_line (ImportRun *run)
{
  if (run->tty && run->last_len > 0)
    {
      g_print ("\r%*s\r", run->last_len, "");
      run->last_len = 0;
    }
}

static void
import_progress_cb (const ReviewImportProgress *p,
                    gpointer                    user_data)
{
  ImportRun *run = user_data;
  g_autofree char *line = NULL;
  char bar[31];
  double rate, left;
  guint filled;

  if (!run->tty)
    return;
  if (p->walking)
    line = g_strdup (_("Looking for files…"));
  else
    {
      filled = p->total ? (guint) (30.0 * p->done / p->total) : 0;
      memset (bar, '#', filled);
      memset (bar + filled, '-', 30 - filled);
      bar[30] = '\0';
      rate = p->elapsed > 0 ? p->done / p->elapsed : 0;
      left = rate > 0 ? (p->total - p->done) / rate : 0;
      /* Translators: a progress line: files done of total, files per second,
       * and the time left in minutes:seconds */
      line = g_strdup_printf (_("[%s] %u/%u  %.0f/s  %d:%02d left"), bar, p->done, p->total,
                              rate, (int) left / 60, (int) left % 60);
    }
  clear_progress_line (run);
  g_print ("%s", line);
  run->last_len = (int) g_utf8_strlen (line, -1);
  fflush (stdout);
}

static void
import_rejected_cb (const char *path,
                    const char *reason,
                    gpointer    user_data)
{
  ImportRun *run = user_data;
  g_autofree char *display = review_text_quote (path, -1);
  g_autofree char *why = review_cli_sanitize (reason);

  clear_progress_line (run);
  /* Translators: one line per rejected file: its path, then why */
  g_print (_("rejected: %s: %s\n"), display, why);
}

static void
import_damaged_cb (const char *path,
                   const char *reason,
                   gpointer    user_data)
{
  ImportRun *run = user_data;
  g_autofree char *display = review_text_quote (path, -1);
  g_autofree char *why = review_cli_sanitize (reason);

  clear_progress_line (run);
  /* Translators: one line per file imported although only part of it
   * decoded: its path, then what is wrong with it */
  g_print (_("damaged: %s: %s\n"), display, why);
}

static gpointer
import_thread (gpointer data)
{
  ImportRun *run = data;

  run->result = review_import_run (run->vault, run->paths, &run->options, run->cancellable,
                                   &run->error);
  g_main_loop_quit (run->loop);
  return NULL;
}

static gboolean
interrupted_cb (gpointer data)
{
  ImportRun *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
cmd_import (Globals  *g,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *helper = review_process_find_helper ("review-decoder");
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GOptionContext) context = NULL;
  ImportRun run = { 0 };
  GThread *thread;
  guint sigint, sigterm;
  int jobs = 0;
  int status;
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("How many files to decode at once (default: one per processor)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("PATH…"));
  g_option_context_set_summary (context, _("Import photos (files and folders, recursively) into "
                                           "the vault. Each file is recognised by its content; "
                                           "files already in the vault are skipped."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return -1;
  if (argc < 2)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("Name at least one file or folder to import."));
      return -1;
    }
  if (jobs < 0 || jobs > 64)
    {
      g_set_error_literal (error, REVIEW_ERROR, REVIEW_ERROR_INVALID_ARGUMENT,
                           _("--jobs must be between 1 and 64."));
      return -1;
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (paths, argv[i]);
  g_ptr_array_add (paths, NULL);

  vault = review_cli_open_vault (g, error);
  if (vault == NULL)
    return -1;

  run.vault = vault;
  run.paths = (const char * const *) paths->pdata;
  run.options.helper_path = helper;
  run.options.n_workers = (guint) jobs;
  run.options.progress = import_progress_cb;
  run.options.rejected = import_rejected_cb;
  run.options.damaged = import_damaged_cb;
  run.options.user_data = &run;
  run.cancellable = cancellable;
  run.loop = loop;
  run.tty = isatty (STDOUT_FILENO);

  /* Ctrl+C stops the import cleanly: what was committed stays. */
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, &run);
  thread = g_thread_new ("review-import", import_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  clear_progress_line (&run);

  if (run.result == NULL)
    {
      g_propagate_error (error, run.error);
      return -1;
    }
  /* Translators: the summary line of an import; damaged photos are
   * imported (and counted in the first number) but decoded only in part */
  g_print (_("Imported %u (%u damaged), already present %u, rejected %u (%.1f s).\n"),
           run.result->imported, run.result->damaged, run.result->duplicates,
           run.result->rejected, run.result->elapsed);
  if (run.result->cancelled)
    {
      g_print (_("The import was interrupted; run the same command again to finish it.\n"));
      status = 130;
    }
  else
    status = run.result->rejected > 0 ? 9 : 0;
  review_import_result_free (run.result);
  return status;
}

/* --- dispatch ----------------------------------------------------------- */

static const Command commands[] = {
  { "vault", "create",  N_("Create a new vault and show its recovery key"), review_cli_cmd_vault_create },
  { "vault", "info",    N_("Show the vault’s identity and contents"), review_cli_cmd_vault_info },
  { "vault", "check",   N_("Check every page of the vault for damage or tampering"),
    review_cli_cmd_vault_check },
  { "vault", "recover", N_("Open the vault with its recovery key and store its key again"),
    review_cli_cmd_vault_recover },
  { "vault", "repair",  N_("Rewrite a damaged vault.json from the vault itself"),
    review_cli_cmd_vault_repair },
  { "vault", "rekey-recovery", N_("Make a new recovery key (the old one stops working)"),
    review_cli_cmd_vault_rekey_recovery },
  { "audit", "verify",  N_("Check the audit trail’s hash chain"), review_cli_cmd_audit_verify },
  { "audit", "list",    N_("List the audit trail’s events"), review_cli_cmd_audit_list },
  { "audit", "acknowledge", N_("Open a vault whose audit trail was cut, recording the loss"),
    review_cli_cmd_audit_acknowledge },
  { "import", NULL,     N_("Import photos from files and folders"), cmd_import },
  { "search", NULL,     N_("Find photos by status, findings, persons, numbers or text"),
    cmd_search },
  { "vocab", NULL,      N_("List the controlled vocabularies"), cmd_vocab },
  { "facility", "list", N_("List or find facilities in the gazetteer"),
    review_cli_cmd_facility_list },
  { "facility", "add",  N_("Add a facility to the gazetteer"), review_cli_cmd_facility_add },
  { "facility", "set",  N_("Correct one field of a facility"), review_cli_cmd_facility_set },
  { "facility", "merge", N_("Merge a duplicate facility into another"),
    review_cli_cmd_facility_merge },
  { "export", NULL,     N_("Export data as signed JSON or CSV (supervisors)"),
    review_cli_cmd_export },
  { "signer", "create", N_("Create a signing identity (supervisors)"),
    review_cli_cmd_signer_create },
  { "signer", "import", N_("Import a signing identity from a PKCS#12 file (supervisors)"),
    review_cli_cmd_signer_import },
  { "signer", "export-cert", N_("Export the signing certificate for recipients"),
    review_cli_cmd_signer_export_cert },
  { "signer", "info", N_("Show the signing identity"), review_cli_cmd_signer_info },
  { "report", NULL,     N_("Make a signed PDF report (supervisors)"), review_cli_cmd_report },
  { "verify", NULL,     N_("Check a signed report or export (no vault needed)"),
    review_cli_cmd_verify },
};

static void
print_help (FILE *out)
{
  g_autofree char *default_dir = review_vault_default_dir ();

  fprintf (out, "%s\n  review [--vault=DIR] [--unlock] [COMMAND] [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n", _("Review: document deaths in detention from evidence photos. With no "
                            "command, Review opens its window."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = commands[i].name ? g_strdup_printf ("%s %s", commands[i].group,
                                                                  commands[i].name)
                                               : g_strdup_printf ("%s%s", commands[i].group,
                                                                  commands[i].func == cmd_import
                                                                  ? " PATH…"
                                                                  : commands[i].func == cmd_search
                                                                  ? " [TEXT]" : "");
      /* Pad by characters, not bytes: "…" is three bytes. */
      long pad = 16 - g_utf8_strlen (name, -1);
      fprintf (out, "  %s%*s %s\n", name, (int) MAX (pad, 0), "", _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-16s ", "--vault=DIR");
  /* Translators: %s is a folder */
  fprintf (out, _("Use the vault in DIR (default: $REVIEW_VAULT, else %s)"), default_dir);
  fprintf (out, "\n  %-16s %s\n", "--unlock", _("Let the keyring ask for its password if it is "
                                                "locked"));
  fprintf (out, "  %-16s %s\n", "--version", _("Show the version and exit"));
  fprintf (out, "  %-16s %s\n\n", "-h, --help", _("Show this help and exit"));
  fprintf (out, "%s\n", _("Run “review COMMAND --help” for a command’s options."));
}

static void
print_version (void)
{
  g_autofree char *cipher = NULL;
  g_autoptr(GError) error = NULL;

  review_vault_check_cipher (&cipher, &error);
  g_print ("review %s\n", PACKAGE_VERSION);
  g_print ("SQLCipher %s, GLib %u.%u.%u\n", cipher ? cipher : _("(unsupported)"),
           glib_major_version, glib_minor_version, glib_micro_version);
}

/**
 * review_cli_handle:
 * @window_vault_dir: (out): when the window should open, the vault folder
 *   it should use (from --vault, $REVIEW_VAULT or the default)
 *
 * Returns: %TRUE when the command line was handled here (with
 *   @exit_status set); %FALSE when the window should open.
 */
gboolean
review_cli_handle (int     argc,
                   char  **argv,
                   int    *exit_status,
                   char  **window_vault_dir)
{
  g_autofree char *vault_opt = NULL;
  Globals g = { 0 };
  int i;

  *exit_status = 0;
  for (i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (g_str_has_prefix (a, "--vault="))
        {
          g_free (vault_opt);
          vault_opt = g_strdup (a + strlen ("--vault="));
        }
      else if (g_str_equal (a, "--vault"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("review: %s\n", _("--vault needs a folder, as in --vault=DIR."));
              *exit_status = 2;
              return TRUE;
            }
          g_free (vault_opt);
          vault_opt = g_strdup (argv[++i]);
        }
      else if (g_str_equal (a, "--unlock"))
        g.keyring_flags |= REVIEW_KEYRING_ALLOW_PROMPT;
      else if (g_str_equal (a, "--version"))
        {
          print_version ();
          return TRUE;
        }
      else if (g_str_equal (a, "--help") || g_str_equal (a, "-h") || g_str_equal (a, "help"))
        {
          print_help (stdout);
          return TRUE;
        }
      else if (a[0] == '-')
        {
          g_autofree char *option = review_text_quote (a, -1);
          g_printerr (_("review: unknown option “%s”.\n"), option);
          print_help (stderr);
          *exit_status = 2;
          return TRUE;
        }
      else
        break;
    }

  if (i >= argc)
    {
      *window_vault_dir = review_vault_resolve_dir (vault_opt);
      return FALSE;
    }

  g.vault_dir = review_vault_resolve_dir (vault_opt);
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      gboolean single = commands[c].name == NULL;
      if (g_str_equal (argv[i], commands[c].group) &&
          (single || (i + 1 < argc && g_str_equal (argv[i + 1], commands[c].name))))
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *prgname = single ? g_strdup_printf ("review %s", commands[c].group)
                                            : g_strdup_printf ("review %s %s", commands[c].group,
                                                               commands[c].name);
          g_autofree char **sub_argv = g_new0 (char *, argc - i + 1);
          int sub_argc = 0;
          int status;

          /* The command's own parser sees "review vault create" as argv[0]. */
          sub_argv[sub_argc++] = prgname;
          for (int k = i + (single ? 1 : 2); k < argc; k++)
            sub_argv[sub_argc++] = argv[k];
          {
            char **parse_argv = sub_argv;
            status = commands[c].func (&g, sub_argc, parse_argv, &error);
          }
          if (status < 0)
            *exit_status = fail (g_steal_pointer (&error));
          else
            *exit_status = status;
          g_free (g.vault_dir);
          return TRUE;
        }
    }

  {
    g_autofree char *group = review_text_quote (argv[i], -1);
    g_autofree char *name = i + 1 < argc ? review_text_quote (argv[i + 1], -1) : NULL;
    if (name != NULL)
      g_printerr (_("review: unknown command “%s %s”.\n"), group, name);
    else
      g_printerr (_("review: unknown command “%s”.\n"), group);
  }
  print_help (stderr);
  g_free (g.vault_dir);
  *exit_status = 2;
  return TRUE;
}
