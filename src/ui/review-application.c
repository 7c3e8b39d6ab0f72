/* review-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-activity.h"
#include "review-application.h"
#include "review-cli.h"
#include "review-db-guard.h"
#include "review-lifecycle.h"
#include "review-preferences-window.h"
#include "review-verify-dialog.h"
#include "review-window.h"

struct _ReviewApplication
{
  AdwApplication  parent_instance;
  char           *vault_dir;
  GSettings      *settings;
  ReviewActivity *activity;        /* the last input, in any window */
};

G_DEFINE_FINAL_TYPE (ReviewApplication, review_application, ADW_TYPE_APPLICATION)

ReviewApplication *
review_application_new (void)
{
  return g_object_new (REVIEW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

const char *
review_application_get_vault_dir (ReviewApplication *self)
{
  g_return_val_if_fail (REVIEW_IS_APPLICATION (self), NULL);
  return self->vault_dir;
}

GSettings *
review_application_get_settings (ReviewApplication *self)
{
  g_return_val_if_fail (REVIEW_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* Commands run here, in the calling process, before any display is opened
 * or the bus name is taken; only the plain `review [--vault=DIR]` goes on to
 * the window. */
static gboolean
review_application_local_command_line (GApplication   *app,
                                       char         ***arguments,
                                       int            *exit_status)
{
  ReviewApplication *self = REVIEW_APPLICATION (app);
  char **argv = *arguments;
  int argc = (int) g_strv_length (argv);
  g_autofree char *vault_dir = NULL;

  if (review_cli_handle (argc, argv, exit_status, &vault_dir))
    return TRUE;

  g_free (self->vault_dir);
  self->vault_dir = g_steal_pointer (&vault_dir);

  /* The window takes no further arguments. */
  for (int i = 1; argv[i] != NULL; i++)
    g_clear_pointer (&argv[i], g_free);

  return G_APPLICATION_CLASS (review_application_parent_class)->local_command_line (app, arguments,
                                                                                   exit_status);
}

static void
apply_color_scheme (ReviewApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
review_application_activate (GApplication *app)
{
  ReviewApplication *self = REVIEW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (review_window_new (GTK_APPLICATION (self), self->settings,
                                            self->activity, self->vault_dir));
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so they save their state and close the vault. */
  GList *copy = g_list_copy (windows);

  for (GList *iter = copy; iter != NULL; iter = iter->next)
    gtk_window_close (GTK_WINDOW (iter->data));
  g_list_free (copy);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("Review developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Review"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("Review developers"),
                         "developers", developers,
                         "comments", _("Document deaths in detention from evidence photos, "
                                       "with every image blurred until you choose to see it "
                                       "and everything kept in an encrypted vault."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  ReviewApplication *self = REVIEW_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ReviewStoreService *service = REVIEW_IS_WINDOW (parent)
                                ? review_window_get_service (REVIEW_WINDOW (parent)) : NULL;
  ReviewPreferencesWindow *prefs = review_preferences_window_new (self->settings, service);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Verify…: checking a signed report or export needs no vault, so it is
 * the application's, there on every page of the window (first run, a
 * missing key, a locked keyring) as well as with a vault open. */
static void
verify_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWidget *dialog;

  if (REVIEW_IS_VERIFY_DIALOG (parent))
    {
      gtk_window_present (parent);
      return;
    }
  dialog = review_verify_dialog_new (parent);
  gtk_window_set_application (GTK_WINDOW (dialog), app);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "verify", verify_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

#ifdef REVIEW_TEST_HOOKS
static void
guard_probe_cb (gpointer data)
{
  review_db_guard_probe ();
}
#endif

static void
review_application_startup (GApplication *app)
{
  ReviewApplication *self = REVIEW_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };
  static const char *help_accels[] = { "<Primary>question", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *verify_accels[] = { "<Primary><Shift>v", NULL };

  G_APPLICATION_CLASS (review_application_parent_class)->startup (app);

#ifdef REVIEW_TEST_HOOKS
  /* Tests: the main thread never waits on the database. Every statement
   * runs in the store service's worker (or an import's, an export's); one
   * on the main thread aborts the process, so every window test checks it. */
  review_db_set_main_thread_guard (TRUE);
  /* Tests: proof that the guard is on in the running application (see
   * tests/test-main-thread-guard.sh): a statement from the main loop. */
  if (g_getenv ("REVIEW_TEST_GUARD_PROBE") != NULL)
    g_idle_add_once (guard_probe_cb, NULL);
  /* Tests: how long an unanswered keyring prompt may wait (seconds). */
  {
    const char *prompt_timeout = g_getenv ("REVIEW_KEYRING_PROMPT_TIMEOUT");
    if (prompt_timeout != NULL)
      review_lifecycle_set_keyring_timeouts (0, (guint) g_ascii_strtoull (prompt_timeout, NULL, 10));
  }
#endif

  /* No recent-files entries: the list would name evidence files. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  self->settings = g_settings_new (APP_ID);

  self->activity = review_activity_new ();
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.verify", verify_accels);
}

static void
review_application_finalize (GObject *object)
{
  ReviewApplication *self = REVIEW_APPLICATION (object);

  g_clear_pointer (&self->vault_dir, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->activity);
  G_OBJECT_CLASS (review_application_parent_class)->finalize (object);
}

static void
review_application_class_init (ReviewApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = review_application_finalize;
  app_class->local_command_line = review_application_local_command_line;
  app_class->startup = review_application_startup;
  app_class->activate = review_application_activate;
}

static void
review_application_init (ReviewApplication *self)
{
}
