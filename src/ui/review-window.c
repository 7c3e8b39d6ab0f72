/* review-window.c
 *
 * The window walks the vault's states: first run (create the vault, show
 * the recovery key once), opening (keyring lookup, then the vault opened in
 * a worker thread), the keyring's failure states (each with its own remedy,
 * never taken for a first run), recovery with the recovery key, and the
 * library. Every keyring call is async; nothing blocks the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "review-blur.h"
#include "review-error.h"
#include "review-importer.h"
#include "review-library-service.h"
#include "review-lifecycle.h"
#include "review-photo-list.h"
#include "review-export-dialog.h"
#include "review-photo-tile.h"
#include "review-tag-palette.h"
#include "review-vocab.h"
#include "review-workspace.h"
#include "review-process.h"
#include "review-window.h"
#include "review-text.h"

struct _ReviewWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkInfoBar           *damage_bar;
  GtkLabel             *damage_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  AdwEntryRow          *name_row;
  AdwComboRow          *role_row;
  GtkSpinButton        *welcome_break_spin;
  GtkLabel             *create_error_label;
  GtkLabel             *recovery_key_label;
  GtkCheckButton       *saved_check;
  AdwStatusPage        *locked_page;
  GtkButton            *unlock_button;
  GtkLabel             *unlock_label;
  AdwPasswordEntryRow  *recovery_entry;
  GtkLabel             *recover_error_label;
  GtkSpinner           *recover_spinner;
  AdwStatusPage        *error_page;
  AdwStatusPage        *rollback_page;
  GtkButton            *error_recover_button;
  GtkButton            *error_repair_button;
  GtkStack             *library_stack;
  GtkGridView          *photo_grid;
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;

  GtkWidget            *library_toolbar;
  GtkLabel             *viewer_title;
  GtkLabel             *viewer_notice;
  ReviewWorkspace      *workspace;
  ReviewPhotoTile      *viewer_tile;      /* the workspace's */
  guint                 viewer_position;
  ReviewDecoderPool    *viewer_pool;
  GtkDropDown          *sort_dropdown;
  GtkDropDown          *filter_dropdown;
  GtkLabel             *exposure_label;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *finding_filter;
  GtkDropDown          *region_filter;
  GtkEntry             *facility_filter;
  GtkEntry             *number_filter;
  GtkEntry             *person_filter;
  GtkCheckButton       *damaged_filter;   /* photos that decoded only in part */
  GtkLabel             *matches_label;
  GtkMenuButton        *filters_button;
  ReviewVocab          *vocab;
  guint                 query_id;
  GCancellable         *search_cancellable; /* the search under way */
  guint                 search_serial;      /* of the last search asked for */
  gboolean              count_matches;      /* the next reload answers a search */
  gboolean              library_pending;    /* shown once the ids arrive */
  ReviewPhoto          *viewer_waiting;     /* shown once its details arrive */

  ReviewPhotoList      *photos;
  GCancellable         *import_cancellable;
  GPtrArray            *tiles;            /* live ReviewPhotoTile*, unowned */
  gint64                exposure_us;      /* revealed time today */
  gint64                break_snoozed_until_us;
  gboolean              watching_settings;

  char                 *vault_dir;
  char                 *vault_id;
  char                 *recovery_key;   /* secure memory; only until saved */
  const char           *working_text;   /* shown while a lifecycle step works */
  ReviewVault          *vault;
  ReviewStoreService   *service;         /* the open vault's database */
  GSettings            *settings;        /* the application's */
  ReviewActivity       *activity;        /* the last input, in any window */
  GCancellable         *cancellable;     /* the window's life */
  GCancellable         *op_cancellable;  /* the keyring step in progress */
  GtkButton            *cancel_button;
  gboolean              busy;

  GCancellable         *vault_cancellable; /* background work on the open vault */
  guint                 idle_id;           /* the idle-lock timer */
  gboolean              watching_lock_settings;
};

enum {
  PROP_0,
  PROP_VAULT_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ReviewWindow, review_window, ADW_TYPE_APPLICATION_WINDOW)

static void review_window_start (ReviewWindow *self);
static void arm_idle_lock (ReviewWindow *self);

/* --- state -------------------------------------------------------------- */

static gboolean
viewing (ReviewWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->library_stack), "photo") == 0;
}

static void
update_actions (ReviewWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean idle = !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-vault",
                                 idle && g_strcmp0 (page, "welcome") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-recovery-key",
                                 idle && self->recovery_key != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish-recovery-key",
                                 idle && g_strcmp0 (page, "recovery-key") == 0 &&
                                 gtk_check_button_get_active (self->saved_check));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unlock-keyring", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-recover", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recover", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.repair", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.acknowledge",
                                 idle && g_strcmp0 (page, "rolled-back") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-recovery-file", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 self->vault != NULL && self->recovery_key == NULL &&
                                 self->import_cancellable == NULL &&
                                 g_strcmp0 (page, "library") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", self->vault != NULL &&
                                 g_strcmp0 (page, "library") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reveal-focused",
                                 self->vault != NULL && g_strcmp0 (page, "library") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-grid", viewing (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-photo",
                                 viewing (self) && self->viewer_position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-photo",
                                 viewing (self) && self->photos != NULL &&
                                 self->viewer_position + 1 <
                                 g_list_model_get_n_items (G_LIST_MODEL (self->photos)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import",
                                 self->import_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-operation",
                                 self->busy && self->op_cancellable != NULL);
}

static void
set_busy (ReviewWindow *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->recover_spinner,
                            busy && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                               "recover") == 0);
  update_actions (self);
}

static void
show_page (ReviewWindow *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  update_actions (self);
}

static void
show_loading (ReviewWindow *self,
              const char   *text)
{
  gtk_label_set_label (self->loading_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  show_page (self, "loading");
}

static gboolean
closing (ReviewWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

static void
forget_recovery_key (ReviewWindow *self)
{
  gtk_label_set_label (self->recovery_key_label, "");
  g_clear_pointer (&self->recovery_key, review_secure_free_string);
}

/* One page per failure, each saying what to do. */
static void
show_failure (ReviewWindow *self,
              const GError *error)
{
  const char *title = NULL;
  const char *description = NULL;
  gboolean locked_page = TRUE;
  gboolean can_unlock = FALSE;

  if (error->domain == REVIEW_ERROR)
    switch (error->code)
      {
      case REVIEW_ERROR_KEYRING_LOCKED:
        title = _("The Keyring Is Locked");
        description = _("The vault’s key is kept in your keyring, which is locked. Unlock it "
                        "to open the vault.");
        can_unlock = TRUE;
        break;
      case REVIEW_ERROR_KEYRING_UNAVAILABLE:
        title = _("No Keyring Service");
        description = _("No keyring service (Secret Service) is running in this session, so "
                        "the vault’s key cannot be read. Start one, for example "
                        "gnome-keyring, and try again, or open the vault with its recovery "
                        "key.");
        break;
      case REVIEW_ERROR_KEYRING_NO_DEFAULT:
        title = _("No Keyring Yet");
        description = _("This account has no keyring yet, so the vault’s key cannot be in "
                        "it. Open the vault with its recovery key: its key will then be kept "
                        "in a new keyring.");
        break;
      case REVIEW_ERROR_KEY_MISSING:
        title = _("The Vault’s Key Is Missing");
        description = _("The vault is here, but its key is not in your keyring. This happens "
                        "when the keyring was reset or the vault came from another account. "
                        "Nothing was changed. Open it with its recovery key.");
        break;
      case REVIEW_ERROR_TIMED_OUT:
        title = _("The Keyring Did Not Answer");
        description = _("The keyring took too long to answer. Try again.");
        can_unlock = TRUE;
        break;
      case REVIEW_ERROR_WRONG_KEY:
        title = _("This Key Does Not Open This Vault");
        description = _("The key in your keyring belongs to another vault. Nothing was "
                        "changed. Open the vault with its recovery key.");
        locked_page = FALSE;
        break;
      default:
        locked_page = FALSE;
        break;
      }
  else
    locked_page = FALSE;

  if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_AUDIT_ROLLED_BACK))
    {
      /* A page of its own: nothing was written, and opening means
       * recording the loss (win.acknowledge). */
      adw_status_page_set_title (self->rollback_page, _("Entries Are Missing From This Vault"));
      adw_status_page_set_description (self->rollback_page, error->message);
      show_page (self, "rolled-back");
      return;
    }

  if (locked_page)
    {
      gtk_label_set_label (self->unlock_label, _("_Unlock Keyring…"));
      adw_status_page_set_title (self->locked_page, title);
      adw_status_page_set_description (self->locked_page, description);
      gtk_widget_set_visible (GTK_WIDGET (self->unlock_button), can_unlock);
      show_page (self, "locked");
      return;
    }

  if (title == NULL)
    {
      if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_DAMAGED) ||
          g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_INTEGRITY))
        title = _("The Vault Is Damaged");
      else if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_INFO_DAMAGED))
        title = _("vault.json Is Damaged");
      else if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_CIPHER_UNSUPPORTED))
        title = _("SQLCipher 4 Is Needed");
      else if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_SCHEMA_TOO_NEW))
        title = _("Made by a Newer Review");
      else
        title = _("The Vault Could Not Be Opened");
      description = error->message;
    }
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->error_recover_button),
                          g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_WRONG_KEY));
  gtk_widget_set_visible (GTK_WIDGET (self->error_repair_button),
                          g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_INFO_DAMAGED));
  show_page (self, "error");
}

/* --- the open vault ----------------------------------------------------- */

static void
integrity_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (review_vault_check_integrity_finish (REVIEW_VAULT (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_label (self->damage_label, error->message);
  gtk_info_bar_set_revealed (self->damage_bar, TRUE);
}

static void
update_title (ReviewWindow *self)
{
  ReviewProfile *profile = self->vault ? review_vault_get_profile (self->vault) : NULL;

  if (profile != NULL)
    {
      /* Translators: the window's subtitle; %s is a person's name, %s a role */
      g_autofree char *name = review_text_isolate (review_profile_get_display_name (profile));
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), name,
                                                   review_role_get_label (
                                                     review_profile_get_role (profile)));
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

/* --- the library -------------------------------------------------------- */

static GSettings *
window_settings (ReviewWindow *self)
{
  return self->settings;
}

static void
update_library_page (ReviewWindow *self)
{
  guint n = self->photos ? g_list_model_get_n_items (G_LIST_MODEL (self->photos)) : 0;

  gboolean filtered = gtk_drop_down_get_selected (self->filter_dropdown) != 0 ||
                      gtk_check_button_get_active (self->damaged_filter);

  if (review_photo_tile_get_photo (self->viewer_tile) != NULL && n > 0)
    return;
  /* The ids are on their way from the worker: "empty" would be a guess. */
  if (n == 0 && self->photos != NULL && review_photo_list_is_loading (self->photos))
    return;
  gtk_stack_set_visible_child_name (self->library_stack, n > 0 || filtered ? "grid" : "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->library_toolbar), n > 0 || filtered);
}

static void
update_exposure (ReviewWindow *self)
{
  g_autofree char *text = NULL;
  gint64 minutes = self->exposure_us / (60 * G_USEC_PER_SEC);
  gint64 seconds = self->exposure_us / G_USEC_PER_SEC % 60;

  /* Translators: the time spent looking at revealed images today */
  text = g_strdup_printf (_("Revealed today: %d:%02d"), (int) minutes, (int) seconds);
  gtk_label_set_label (self->exposure_label, text);
}

static void
break_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ReviewWindow     *self)
{
  GSettings *settings = window_settings (self);

  if (g_strcmp0 (response, "off") == 0 && settings != NULL)
    g_settings_set_uint (settings, "break-reminder-minutes", 0);
  else
    self->break_snoozed_until_us = self->exposure_us + 10 * 60 * G_USEC_PER_SEC;
}

/* A gentle reminder after a set amount of revealed time. */
static void
maybe_remind_break (ReviewWindow *self)
{
  GSettings *settings = window_settings (self);
  guint minutes = settings ? g_settings_get_uint (settings, "break-reminder-minutes") : 0;
  gint64 threshold = (gint64) minutes * 60 * G_USEC_PER_SEC;
  AdwMessageDialog *dialog;

  if (minutes == 0 || self->exposure_us < threshold ||
      self->exposure_us < self->break_snoozed_until_us)
    return;
  self->break_snoozed_until_us = self->exposure_us + threshold;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Time for a Break?"),
                                                       NULL));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "You have looked at revealed images for %u minute "
                                               "today. A short pause away from the screen helps.",
                                               "You have looked at revealed images for %u minutes "
                                               "today. A short pause away from the screen helps.",
                                               (gulong) (self->exposure_us / 60 / G_USEC_PER_SEC)),
                                  (guint) (self->exposure_us / 60 / G_USEC_PER_SEC));
  adw_message_dialog_add_responses (dialog, "off", _("_Turn Off Reminders"),
                                    "snooze", _("Remind Me _Later"), NULL);
  adw_message_dialog_set_default_response (dialog, "snooze");
  adw_message_dialog_set_close_response (dialog, "snooze");
  g_signal_connect_object (dialog, "response", G_CALLBACK (break_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tile_gone (gpointer  data,
           GObject  *where)
{
  ReviewWindow *self = data;

  g_ptr_array_remove_fast (self->tiles, where);
}

static void
conceal_all (ReviewWindow *self)
{
  for (guint i = 0; i < self->tiles->len; i++)
    review_photo_tile_conceal (g_ptr_array_index (self->tiles, i));
}

/* An audit entry written by the worker; a failure is said in a toast. */
static void
audit_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!review_library_audit_finish (REVIEW_STORE_SERVICE (source), result, &error) &&
      !closing (self))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
photo_revealed_cb (ReviewPhotoTile *tile,
                   ReviewPhoto     *photo,
                   gint64           start,
                   gint64           duration,
                   gboolean         spotlight,
                   ReviewWindow    *self)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autofree char *iso = g_date_time_format_iso8601 (when);
  g_autofree char *details =
    g_strdup_printf ("{\"start\":\"%s\",\"duration_ms\":%" G_GINT64_FORMAT
                     ",\"view\":\"%s\",\"spotlight\":%s}", iso, duration / 1000,
                     tile == self->viewer_tile ? "workspace" : "library",
                     spotlight ? "true" : "false");

  self->exposure_us += duration;
  update_exposure (self);
  if (self->service != NULL)
    review_library_audit_async (self->service, "photo.revealed", review_photo_get_uuid (photo),
                                details, NULL, audit_done_cb, g_object_ref (self));
  maybe_remind_break (self);
}

/* Protection settings apply at once to every photo on screen. */
static void
protection_changed_cb (ReviewWindow *self)
{
  GSettings *settings = window_settings (self);

  if (settings == NULL || self->photos == NULL)
    return;
  for (guint i = 0; i < self->tiles->len; i++)
    {
      ReviewPhotoTile *tile = g_ptr_array_index (self->tiles, i);
      g_autoptr(ReviewPhoto) photo = NULL;

      review_photo_tile_set_source (tile, self->photos,
                                    g_settings_get_double (settings, "blur-strength"),
                                    g_settings_get_boolean (settings, "reveal-grayscale"));
      review_photo_tile_set_reveal_policy (tile, g_settings_get_boolean (settings, "keep-revealed"),
                                           g_settings_get_uint (settings, "reveal-duration"));
      /* Blur again from the stored pixels, at the new strength. */
      if (review_photo_tile_get_photo (tile) != NULL)
        {
          photo = g_object_ref (review_photo_tile_get_photo (tile));
          review_photo_tile_set_photo (tile, NULL);
          review_photo_tile_set_photo (tile, photo);
        }
    }
}

static void
tile_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ReviewWindow             *self)
{
  GtkWidget *tile = review_photo_tile_new ();
  GSettings *settings = window_settings (self);

  review_photo_tile_set_source (REVIEW_PHOTO_TILE (tile), self->photos,
                                settings ? g_settings_get_double (settings, "blur-strength")
                                         : REVIEW_BLUR_DEFAULT,
                                settings ? g_settings_get_boolean (settings, "reveal-grayscale")
                                         : TRUE);
  if (settings != NULL)
    review_photo_tile_set_reveal_policy (REVIEW_PHOTO_TILE (tile),
                                         g_settings_get_boolean (settings, "keep-revealed"),
                                         g_settings_get_uint (settings, "reveal-duration"));
  g_signal_connect_object (tile, "revealed", G_CALLBACK (photo_revealed_cb), self, 0);
  g_ptr_array_add (self->tiles, tile);
  g_object_weak_ref (G_OBJECT (tile), tile_gone, self);
  gtk_list_item_set_child (item, tile);
}

static void
tile_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ReviewWindow             *self)
{
  review_photo_tile_set_photo (REVIEW_PHOTO_TILE (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
tile_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                ReviewWindow             *self)
{
  review_photo_tile_set_photo (REVIEW_PHOTO_TILE (gtk_list_item_get_child (item)), NULL);
}

static void
sort_changed_cb (ReviewWindow *self)
{
  if (self->photos != NULL)
    review_photo_list_set_sort (self->photos,
                                (ReviewPhotoSort) gtk_drop_down_get_selected (self->sort_dropdown));
}

/* --- searching the library --------------------------------------------- */

static void
setup_code_filter (ReviewWindow *self,
                   GtkDropDown  *drop,
                   const char   *list)
{
  GPtrArray *entries = self->vocab ? review_vocab_get_list (self->vocab, list) : NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GtkExpression) expression = NULL;

  /* Translators: a filter that lets everything through */
  gtk_string_list_append (labels, C_("filter", "Any"));
  g_strv_builder_add (codes, "");
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const ReviewVocabEntry *e = g_ptr_array_index (entries, i);
      gtk_string_list_append (labels, review_tag_palette_label_for (e));
      g_strv_builder_add (codes, e->code);
    }
  g_object_set_data_full (G_OBJECT (drop), "codes", g_strv_builder_end (codes),
                          (GDestroyNotify) g_strfreev);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (drop, expression);
  gtk_drop_down_set_model (drop, G_LIST_MODEL (labels));
}

static const char *
code_filter (GtkDropDown *drop)
{
  char **codes = g_object_get_data (G_OBJECT (drop), "codes");
  guint i = gtk_drop_down_get_selected (drop);

  if (codes == NULL || i == 0 || i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (codes))
    return NULL;
  return codes[i];
}

static const char *
text_filter (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The "Show" drop-down's statuses, in its order. */
static const char * const shown_statuses[] = { NULL, "unreviewed", "in-progress", "done",
                                               "second-review", "verified" };

static const char *
status_filter (ReviewWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->filter_dropdown);
  return i < G_N_ELEMENTS (shown_statuses) ? shown_statuses[i] : NULL;
}

/* The search text and filters as a query (without the status, which the
 * photo list applies itself). @text holds the stripped search text. */
static void
library_query (ReviewWindow  *self,
               ReviewSearch  *q,
               char         **text)
{
  *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  q->text = **text != '\0' ? *text : NULL;
  q->finding = code_filter (self->finding_filter);
  q->region = code_filter (self->region_filter);
  q->facility = text_filter (GTK_EDITABLE (self->facility_filter));
  q->number = text_filter (GTK_EDITABLE (self->number_filter));
  q->person = text_filter (GTK_EDITABLE (self->person_filter));
  q->damaged = gtk_check_button_get_active (self->damaged_filter);
}

static void
update_filters_button (ReviewWindow       *self,
                       const ReviewSearch *q)
{
  if (q->finding || q->region || q->facility || q->number || q->person || q->damaged)
    gtk_widget_add_css_class (GTK_WIDGET (self->filters_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filters_button), "suggested-action");
}

/* The photo list finished a reload: when it answered a search, the count. */
static void
photos_loaded_cb (ReviewWindow *self)
{
  guint n;
  g_autofree char *label = NULL;

  if (self->photos == NULL)
    return;
  if (self->library_pending)
    {
      /* The library appears with its photos, not as "No Photos Yet" first. */
      self->library_pending = FALSE;
      update_library_page (self);
      show_page (self, "library");
    }
  if (!self->count_matches)
    return;
  self->count_matches = FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  gtk_label_set_label (self->matches_label, label);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_label), TRUE);
}

typedef struct
{
  ReviewWindow *self;      /* strong */
  guint         serial;
  ReviewSearch  q;         /* only the flags are kept: for the filters button */
} SearchCall;

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SearchCall *call = user_data;
  g_autoptr(ReviewWindow) self = call->self;
  g_autoptr(ReviewSearchResult) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  ReviewSearch q = call->q;
  guint serial = call->serial;

  g_free (call);
  found = review_library_search_finish (REVIEW_STORE_SERVICE (source), result, &error);
  /* A newer keystroke asked again, or the vault closed: this one is stale. */
  if (serial != self->search_serial || self->photos == NULL || closing (self) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  if (found == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < found->hits->len; i++)
    {
      ReviewSearchHit *hit = g_ptr_array_index (found->hits, i);
      g_hash_table_add (ids, g_memdup2 (&hit->id, sizeof hit->id));
    }
  /* The count is shown when the list has its new ids. */
  self->count_matches = TRUE;
  review_photo_list_set_matching (self->photos, ids);
  update_filters_button (self, &q);
}

/* Narrows the grid to the photos matching the search and the filters. The
 * search runs on the store service's worker; each one asked for cancels
 * the one before, and an answer to an older one is ignored. */
static void
apply_query (ReviewWindow *self)
{
  ReviewSearch q = { 0 };
  g_autofree char *text = NULL;
  SearchCall *call;

  g_clear_handle_id (&self->query_id, g_source_remove);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_serial++;
  if (self->photos == NULL || self->service == NULL)
    return;
  library_query (self, &q, &text);
  if (q.text == NULL && q.finding == NULL && q.region == NULL && q.facility == NULL &&
      q.number == NULL && q.person == NULL)
    {
      /* "Damaged only" alone: the photo list applies it itself. */
      self->count_matches = FALSE;
      review_photo_list_set_matching (self->photos, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->matches_label), FALSE);
      update_filters_button (self, &q);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  call = g_new0 (SearchCall, 1);
  call->self = g_object_ref (self);
  call->serial = self->search_serial;
  call->q.finding = q.finding ? "" : NULL;
  call->q.region = q.region ? "" : NULL;
  call->q.facility = q.facility ? "" : NULL;
  call->q.number = q.number ? "" : NULL;
  call->q.person = q.person ? "" : NULL;
  call->q.damaged = q.damaged;
  review_library_search_async (self->service, &q, self->search_cancellable, search_done_cb,
                               call);
}

static gboolean
query_timeout_cb (gpointer data)
{
  ReviewWindow *self = data;

  self->query_id = 0;
  apply_query (self);
  return G_SOURCE_REMOVE;
}

/* Typing in a filter field waits for a short pause; the search entry has
 * its own. */
static void
query_changed_cb (ReviewWindow *self)
{
  g_clear_handle_id (&self->query_id, g_source_remove);
  self->query_id = g_timeout_add (150, query_timeout_cb, self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  gtk_drop_down_set_selected (self->finding_filter, 0);
  gtk_drop_down_set_selected (self->region_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->facility_filter), "");
  gtk_editable_set_text (GTK_EDITABLE (self->number_filter), "");
  gtk_editable_set_text (GTK_EDITABLE (self->person_filter), "");
  gtk_check_button_set_active (self->damaged_filter, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  apply_query (self);
}

static void
person_photos_cb (ReviewWorkspace *workspace,
                  const char      *person,
                  ReviewWindow    *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->person_filter), person);
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  gtk_check_button_set_active (self->damaged_filter, FALSE);
  review_workspace_set_photo (self->workspace, NULL);
  apply_query (self);
  update_library_page (self);
  update_actions (self);
}

static void
filter_changed_cb (ReviewWindow *self)
{
  if (self->photos == NULL)
    return;
  review_photo_list_set_status (self->photos, status_filter (self));
  review_photo_list_set_damaged_only (self->photos,
                                      gtk_check_button_get_active (self->damaged_filter));
}

/* "Damaged only": the photo list narrows itself, and the search (with any
 * other filter) asks for damaged photos too. */
static void
damaged_filter_cb (ReviewWindow *self)
{
  filter_changed_cb (self);
  apply_query (self);
  update_library_page (self);
}

/* --- one photo, large --------------------------------------------------- */

static void
viewer_notice_cb (ReviewWindow *self)
{
  const char *notice = review_photo_tile_get_notice (self->viewer_tile);

  gtk_label_set_label (self->viewer_notice, notice ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->viewer_notice), notice != NULL);
}

static void show_loaded_photo (ReviewWindow *self,
                               guint         position,
                               ReviewPhoto  *photo);

static void
forget_viewer_waiting (ReviewWindow *self)
{
  if (self->viewer_waiting == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->viewer_waiting, self);
  g_clear_object (&self->viewer_waiting);
}

/* The details of the photo to show large arrived from the worker. */
static void
viewer_photo_loaded_cb (ReviewWindow *self)
{
  g_autoptr(ReviewPhoto) photo = g_object_ref (self->viewer_waiting);

  forget_viewer_waiting (self);
  if (self->photos == NULL ||
      review_photo_list_find (self->photos, review_photo_get_id (photo)) != self->viewer_position)
    return;
  show_loaded_photo (self, self->viewer_position, photo);
}

static void
show_photo_at (ReviewWindow *self,
               guint         position)
{
  guint n = self->photos ? g_list_model_get_n_items (G_LIST_MODEL (self->photos)) : 0;
  g_autoptr(ReviewPhoto) photo = NULL;

  forget_viewer_waiting (self);
  if (position >= n)
    return;
  photo = g_list_model_get_item (G_LIST_MODEL (self->photos), position);
  self->viewer_position = position;
  /* The workspace needs the photo's uuid: wait for its details. */
  if (!review_photo_is_loaded (photo))
    {
      self->viewer_waiting = g_steal_pointer (&photo);
      g_signal_connect_object (self->viewer_waiting, "notify::loaded",
                               G_CALLBACK (viewer_photo_loaded_cb), self, G_CONNECT_SWAPPED);
      return;
    }
  show_loaded_photo (self, position, photo);
}

static void
show_loaded_photo (ReviewWindow *self,
                   guint         position,
                   ReviewPhoto  *photo)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  g_autofree char *title = NULL;
  g_autofree char *file_name = NULL;
  GSettings *settings = window_settings (self);

  if (self->viewer_pool == NULL)
    {
      g_autofree char *helper = review_process_find_helper ("review-decoder");
      g_autoptr(GError) error = NULL;
      self->viewer_pool = review_decoder_pool_new (helper, 1, &error);
      if (self->viewer_pool == NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  review_photo_tile_set_source (self->viewer_tile, self->photos,
                                settings ? g_settings_get_double (settings, "blur-strength")
                                         : REVIEW_BLUR_DEFAULT,
                                settings ? g_settings_get_boolean (settings, "reveal-grayscale")
                                         : TRUE);
  review_photo_tile_set_full_size (self->viewer_tile, self->viewer_pool);
  if (settings != NULL)
    review_photo_tile_set_reveal_policy (self->viewer_tile,
                                         g_settings_get_boolean (settings, "keep-revealed"),
                                         g_settings_get_uint (settings, "reveal-duration"));
  review_workspace_set_photo (self->workspace, photo);
  viewer_notice_cb (self);
  /* The file name's display form is escaped already (review-text-escape.c);
   * isolated in the sentence. */
  file_name = review_text_isolate (review_photo_get_file_name (photo));
  /* Translators: the large photo's title: its number, the count, its file name */
  title = g_strdup_printf (_("Photo %u of %u · %s"), position + 1, n, file_name);
  gtk_label_set_label (self->viewer_title, title);
  gtk_stack_set_visible_child_name (self->library_stack, "photo");
  /* Sorting and filtering belong to the grid; the workspace needs the room. */
  gtk_widget_set_visible (GTK_WIDGET (self->library_toolbar), FALSE);
  review_workspace_focus_photo (self->workspace);
  update_actions (self);
}

static void
show_grid (ReviewWindow *self)
{
  forget_viewer_waiting (self);
  review_workspace_set_photo (self->workspace, NULL);
  update_library_page (self);
  update_actions (self);
}

static void
grid_activate_cb (GtkGridView  *grid,
                  guint         position,
                  ReviewWindow *self)
{
  show_photo_at (self, position);
}

static void
previous_photo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  if (viewing (self) && self->viewer_position > 0)
    show_photo_at (self, self->viewer_position - 1);
}

static void
next_photo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  if (viewing (self))
    show_photo_at (self, self->viewer_position + 1);
}

/* A signed report or data export: of the whole vault, of what the library
 * shows, or of the person in the workspace. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  ReviewSearch q = { 0 };
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  gboolean filtered;

  if (self->service == NULL)
    return;
  /* The export runs beside the window: first write what is being typed. */
  review_workspace_flush (self->workspace);
  library_query (self, &q, &text);
  q.status = status_filter (self);
  filtered = q.text || q.finding || q.region || q.facility || q.number || q.person || q.status ||
             q.damaged;
  dialog = review_export_dialog_new (GTK_WINDOW (self), self->service, filtered ? &q : NULL,
                                     viewing (self) ? review_workspace_get_person (self->workspace)
                                                    : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  if (self->vault == NULL)
    return;
  if (viewing (self))
    show_grid (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void next_unreviewed_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);

/* The next photo still to review, after this one (wrapping round). */
static void
next_unreviewed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  g_autoptr(ReviewPhoto) current = NULL;

  if (self->service == NULL || self->photos == NULL)
    return;
  if (viewing (self))
    current = g_list_model_get_item (G_LIST_MODEL (self->photos), self->viewer_position);
  review_library_next_unreviewed_async (self->service,
                                        current ? review_photo_get_id (current) : 0,
                                        self->vault_cancellable, next_unreviewed_cb,
                                        g_object_ref (self));
}

static void
next_unreviewed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = review_library_next_unreviewed_finish (REVIEW_STORE_SERVICE (source), result,
                                                     &error);
  guint position;

  if (closing (self) || self->photos == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id < 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  position = id > 0 ? review_photo_list_find (self->photos, id) : G_MAXUINT;
  if (id == 0)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("Every photo has been reviewed.")));
  else if (position == G_MAXUINT)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The next unreviewed photo is hidden by the "
                                                  "current filter.")));
  else
    show_photo_at (self, position);
}

static void
show_grid_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  show_grid (REVIEW_WINDOW (widget));
}

static void
exposure_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 us = review_library_exposure_today_finish (REVIEW_STORE_SERVICE (source), result,
                                                    &error);

  if (us < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Today's revealed time could not be read: %s", error->message);
      return;
    }
  if (closing (self) || self->service == NULL)
    return;
  /* Reveals recorded since were added already. */
  self->exposure_us += us;
  update_exposure (self);
}

static void
setup_library (ReviewWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection;

  g_clear_object (&self->photos);
  self->photos = review_photo_list_new (self->service);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->photos))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (tile_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (tile_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (tile_unbind_cb), self);
  gtk_grid_view_set_factory (self->photo_grid, factory);
  gtk_grid_view_set_model (self->photo_grid, selection);
  g_object_unref (factory);
  g_object_unref (selection);
  g_signal_connect_object (self->photos, "items-changed", G_CALLBACK (update_library_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->photos, "loaded", G_CALLBACK (photos_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  review_photo_list_set_sort (self->photos,
                              (ReviewPhotoSort) gtk_drop_down_get_selected (self->sort_dropdown));
  filter_changed_cb (self);
  apply_query (self);
  /* Today's revealed time, from the audit trail (so it survives restarts):
   * asked before any reveal of this session is recorded. */
  self->exposure_us = 0;
  update_exposure (self);
  review_library_exposure_today_async (self->service, self->vault_cancellable,
                                       exposure_read_cb, g_object_ref (self));
  update_library_page (self);

  {
    GSettings *settings = window_settings (self);
    const char *keys[] = { "changed::blur-strength", "changed::reveal-grayscale",
                           "changed::keep-revealed", "changed::reveal-duration" };
    for (guint i = 0; settings != NULL && !self->watching_settings && i < G_N_ELEMENTS (keys);
         i++)
      g_signal_connect_object (settings, keys[i], G_CALLBACK (protection_changed_cb), self,
                               G_CONNECT_SWAPPED);
    self->watching_settings = settings != NULL;
  }
}

/* --- importing from the window ------------------------------------------ */

typedef struct
{
  ReviewWindow         *self;    /* strong */
  ReviewImportProgress  progress;
} ProgressUpdate;

static gboolean
show_progress_cb (gpointer data)
{
  ProgressUpdate *u = data;
  ReviewWindow *self = u->self;
  const ReviewImportProgress *p = &u->progress;
  g_autofree char *text = NULL;

  if (p->walking)
    {
      text = g_strdup (_("Looking for photos…"));
      gtk_progress_bar_pulse (self->import_progress);
    }
  else
    {
      double rate = p->elapsed > 0 ? p->done / p->elapsed : 0;
      double left = rate > 0 ? (p->total - p->done) / rate : 0;
      /* Translators: import progress: done of total, files per second, time left (m:ss) */
      text = g_strdup_printf (_("Importing %u of %u · %.0f per second · %d:%02d left"),
                              p->done, p->total, rate, (int) left / 60, (int) left % 60);
      gtk_progress_bar_set_fraction (self->import_progress,
                                     p->total ? (double) p->done / p->total : 0);
    }
  gtk_label_set_label (self->import_label, text);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *u = data;

  g_object_unref (u->self);
  g_free (u);
}

static void
import_progress_cb (const ReviewImportProgress *progress,
                    gpointer                    user_data)
{
  ProgressUpdate *u = g_new0 (ProgressUpdate, 1);

  /* Called in the import thread: hop to the main thread. */
  u->self = g_object_ref (REVIEW_WINDOW (user_data));
  u->progress = *progress;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress_cb, u, progress_update_free);
}

typedef struct
{
  char              **paths;
  ReviewVault        *vault;
  char               *helper;
  ReviewWindow       *self;    /* unowned: the task holds a reference */
} ImportData;

static void
import_data_free (ImportData *d)
{
  g_strfreev (d->paths);
  g_clear_object (&d->vault);
  g_free (d->helper);
  g_free (d);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *d = task_data;
  ReviewImportOptions options = { d->helper, 0, 0, import_progress_cb, NULL, d->self };
  g_autoptr(GError) error = NULL;
  ReviewImportResult *result = review_import_run (d->vault, (const char * const *) d->paths,
                                                  &options, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) review_import_result_free);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  ReviewWindow *self = REVIEW_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewImportResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autofree char *message = NULL;

  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  update_actions (self);
  if (self->photos != NULL)
    review_photo_list_reload (self->photos);
  if (result == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  if (result->rejected > 0)
    /* Translators: after an import; damaged photos are imported (and
     * counted in the first number) but decoded only in part; the rejected
     * files are listed in the audit trail */
    message = g_strdup_printf (_("Imported %u (%u damaged), already present %u, rejected %u "
                                 "(see the audit trail for why)"), result->imported,
                               result->damaged, result->duplicates, result->rejected);
  else if (result->damaged > 0)
    /* Translators: after an import; damaged photos are imported but
     * decoded only in part (the Damaged only filter shows them) */
    message = g_strdup_printf (_("Imported %u (%u damaged), already present %u"),
                               result->imported, result->damaged, result->duplicates);
  else
    message = g_strdup_printf (_("Imported %u, already present %u"), result->imported,
                               result->duplicates);
  if (result->cancelled)
    {
      g_autofree char *m = g_strdup_printf (_("Import cancelled. %s"), message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (m));
    }
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
start_import (ReviewWindow *self,
              char        **paths)
{
  ImportData *d;
  GTask *task;

  if (self->vault == NULL || self->import_cancellable != NULL || paths == NULL || paths[0] == NULL)
    {
      g_strfreev (paths);
      return;
    }
  d = g_new0 (ImportData, 1);
  d->paths = paths;
  d->vault = g_object_ref (self->vault);
  d->helper = review_process_find_helper ("review-decoder");
  d->self = self;
  self->import_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->import_label, _("Looking for photos…"));
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  update_actions (self);

  task = g_task_new (self, self->import_cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, start_import);
  g_task_set_name (task, "[review] import");
  g_task_set_task_data (task, d, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
  g_object_unref (task);
}

static void
import_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ReviewWindow *self = REVIEW_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      GPtrArray *paths = g_ptr_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      start_import (self, (char **) g_ptr_array_free (paths, FALSE));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Photos"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Import"),
                                         _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
blur_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  conceal_all (self);
  review_photo_tile_conceal (self->viewer_tile);
  if (viewing (self))
    show_grid (self);
}

/* --- locking ------------------------------------------------------------ */

#ifdef REVIEW_TEST_HOOKS
/* Tests read this from the app's stderr: once every vault object and every
 * key is gone after a lock (or 5 s have passed), the counts are printed. */
static gboolean
report_released_cb (gpointer data)
{
  guint *ticks = data;
  guint vaults = review_vault_count_live ();
  guint keys = review_key_count_live ();

  if ((vaults > 0 || keys > 0) && ++*ticks < 50)
    return G_SOURCE_CONTINUE;
  g_printerr ("review-test-hook: after lock, live vaults %u, live keys %u\n", vaults, keys);
  return G_SOURCE_REMOVE;
}
#endif

static void
keyring_locked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (review_lifecycle_lock_keyring_finish (result, &error))
    {
      g_debug ("the keyring is locked");
      return;
    }
  if (closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  {
    /* Translators: %s says why */
    g_autofree char *message = g_strdup_printf (_("The keyring could not be locked: %s"),
                                                error->message);
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  }
}

/* Every window opened from this one (export, facility and message dialogs,
 * Preferences, the shortcuts window) holds the vault or shows its data:
 * they go with the lock. */
static void
destroy_dependent_windows (ReviewWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWindow *parent = window;

      while (parent != NULL && parent != GTK_WINDOW (self))
        parent = gtk_window_get_transient_for (parent);
      if (parent == GTK_WINDOW (self) && window != GTK_WINDOW (self))
        g_ptr_array_add (doomed, g_object_ref (window));
    }
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
}

static void
service_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GApplication *app = user_data;

  review_library_close_finish (REVIEW_STORE_SERVICE (source), result);
  /* The last job ran: the worker ends here, on the main thread. */
  g_object_unref (source);
  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
}

/* The end of the session on the vault: @lock_details, when set, are
 * recorded as "vault.locked"; the audit head is kept (@wait: before the
 * connection closes, the application held until then); the service is
 * released once its worker closed the connection. */
static void
drop_service (ReviewWindow *self,
              const char   *lock_details,
              gboolean      wait)
{
  ReviewStoreService *service = g_steal_pointer (&self->service);
  GApplication *app = NULL;

  if (service == NULL)
    return;
  if (wait)
    {
      app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      if (app != NULL)
        g_application_hold (g_object_ref (app));
    }
  /* The service's reference is handed to the callback. */
  review_library_close_async (service, lock_details, wait, service_closed_cb, app);
}

/* Panic, idle or the user's choice: blur everything, close the vault, drop
 * every reference to it (so the key copy it holds is wiped), record why,
 * and hide the library behind the unlock page. @via is "shortcut",
 * "button" or "idle". */
static void
review_window_lock (ReviewWindow *self,
                    const char   *via)
{
  g_autoptr(ReviewVault) vault = NULL;
  GSettings *settings = window_settings (self);
  gboolean lock_keyring = settings != NULL &&
                          g_settings_get_boolean (settings, "lock-keyring-too");

  if (self->vault == NULL || self->recovery_key != NULL)
    return;
  g_clear_handle_id (&self->idle_id, g_source_remove);

  conceal_all (self);
  review_photo_tile_conceal (self->viewer_tile);
  destroy_dependent_windows (self);
  /* Text being typed is written before the vault closes. */
  forget_viewer_waiting (self);
  review_workspace_set_photo (self->workspace, NULL);
  review_workspace_set_service (self->workspace, NULL);
  /* Workers on the vault stop; the import's own connection is closed by it. */
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->vault_cancellable != NULL)
    g_cancellable_cancel (self->vault_cancellable);
  g_clear_object (&self->vault_cancellable);
  g_clear_handle_id (&self->query_id, g_source_remove);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->count_matches = FALSE;
  self->library_pending = FALSE;

  vault = g_steal_pointer (&self->vault);

  /* Every holder of the photo list (and so of the vault): the grid, its
   * tiles, the large view. */
  gtk_grid_view_set_model (self->photo_grid, NULL);
  for (guint i = 0; i < self->tiles->len; i++)
    {
      ReviewPhotoTile *tile = g_ptr_array_index (self->tiles, i);
      review_photo_tile_set_photo (tile, NULL);
      review_photo_tile_set_source (tile, NULL, REVIEW_BLUR_DEFAULT, TRUE);
    }
  review_photo_tile_set_photo (self->viewer_tile, NULL);
  review_photo_tile_set_source (self->viewer_tile, NULL, REVIEW_BLUR_DEFAULT, TRUE);
  g_clear_object (&self->photos);
  g_signal_handlers_disconnect_by_data (review_vault_get_profile (vault), self);
  g_clear_object (&vault);

  /* In the worker, after what was asked before: the lock recorded, the
   * audit head kept outside the vault (by another worker), the connection
   * closed (which wipes the vault's key copy); then the service goes, and
   * with it the last reference to the vault. */
  {
    g_autofree char *details = g_strdup_printf ("{\"via\":\"%s\"}", via);
    drop_service (self, details, FALSE);
  }

  update_title (self);
  gtk_label_set_label (self->damage_label, "");
  gtk_info_bar_set_revealed (self->damage_bar, FALSE);
  adw_status_page_set_title (self->locked_page, _("Review Is Locked"));
  adw_status_page_set_description (self->locked_page,
                                   lock_keyring
                                   ? _("The vault is closed, every image hidden and the keyring "
                                       "locked. Choose Unlock and type your keyring password to "
                                       "go on working.")
                                   : _("The vault is closed and every image hidden. Choose "
                                       "Unlock to go on working."));
  gtk_label_set_label (self->unlock_label, _("_Unlock"));
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_button), TRUE);
  show_page (self, "locked");
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_button));

  if (lock_keyring && self->vault_id != NULL)
    review_lifecycle_lock_keyring_async (self->vault_id, self->cancellable, keyring_locked_cb,
                                          g_object_ref (self));
#ifdef REVIEW_TEST_HOOKS
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, report_released_cb, g_new0 (guint, 1), g_free);
#endif
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *via = param != NULL ? g_variant_get_string (param, NULL) : "shortcut";

  if (!g_str_equal (via, "button") && !g_str_equal (via, "shortcut"))
    via = "shortcut";
  review_window_lock (REVIEW_WINDOW (widget), via);
}

/* --- locking after idle time -------------------------------------------- */

static gboolean
idle_check_cb (gpointer data)
{
  ReviewWindow *self = data;

  self->idle_id = 0;
  arm_idle_lock (self);
  return G_SOURCE_REMOVE;
}

/* One timer, set for the moment the idle time would run out; input moves
 * that moment, and the timer then just sets itself again. */
static void
arm_idle_lock (ReviewWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = window_settings (self);
  guint seconds = settings ? g_settings_get_uint (settings, "lock-after-idle") : 0;
  gint64 idle_us, left_us;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (app == NULL || seconds == 0 || self->vault == NULL || self->recovery_key != NULL ||
      closing (self))
    return;
  idle_us = review_activity_get_idle_us (self->activity);
  left_us = (gint64) seconds * G_USEC_PER_SEC - idle_us;
  if (left_us <= 0)
    {
      g_debug ("no input for %" G_GINT64_FORMAT " ms: locking", idle_us / 1000);
      review_window_lock (self, "idle");
      return;
    }
  self->idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (left_us / 1000) + 50,
                                      idle_check_cb, self, NULL);
  g_source_set_name_by_id (self->idle_id, "[review] idle lock");
}

static void
reveal_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ReviewWindow     *self)
{
  GtkWidget *focus;

  if (g_strcmp0 (response, "reveal") != 0)
    return;
  focus = gtk_root_get_focus (GTK_ROOT (self));
  while (focus != NULL && !REVIEW_IS_PHOTO_TILE (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL)
    {
      /* The grid's focused cell holds the tile as its child. */
      GtkWidget *cell = gtk_root_get_focus (GTK_ROOT (self));
      if (cell != NULL && gtk_widget_get_first_child (cell) != NULL &&
          REVIEW_IS_PHOTO_TILE (gtk_widget_get_first_child (cell)))
        focus = gtk_widget_get_first_child (cell);
    }
  if (focus != NULL)
    {
      GSettings *settings = window_settings (self);
      review_photo_tile_reveal_for (REVIEW_PHOTO_TILE (focus),
                                    settings ? g_settings_get_uint (settings, "reveal-duration")
                                             : 10);
    }
}

/* The keyboard and screen-reader way: a confirmation, then ten seconds. */
static void
reveal_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Reveal This Photo?"),
                                                       NULL));
  {
    GSettings *settings = window_settings (self);
    guint seconds = settings ? g_settings_get_uint (settings, "reveal-duration") : 10;
    adw_message_dialog_format_body (dialog,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "The focused photo will be shown unblurred for "
                                                 "%u second. The reveal is recorded.",
                                                 "The focused photo will be shown unblurred for "
                                                 "%u seconds. The reveal is recorded.", seconds),
                                    seconds);
  }
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reveal", _("_Reveal"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reveal", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reveal_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static gboolean
files_dropped_cb (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  ReviewWindow  *self)
{
  GSList *files;
  GPtrArray *paths;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->vault == NULL ||
      self->import_cancellable != NULL)
    return FALSE;
  files = g_value_get_boxed (value);
  paths = g_ptr_array_new ();
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  start_import (self, (char **) g_ptr_array_free (paths, FALSE));
  return TRUE;
}

static void library_ready (ReviewWindow *self);

static void
vault_event_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = review_library_audit_finish (REVIEW_STORE_SERVICE (source), result, &error);

  /* Locked or closed meanwhile: nothing to show. */
  if (closing (self) || self->service != REVIEW_STORE_SERVICE (source))
    return;
  if (!ok)
    {
      show_failure (self, error);
      review_workspace_set_service (self->workspace, NULL);
      drop_service (self, NULL, FALSE);
      g_clear_object (&self->vault);
      return;
    }
  library_ready (self);
}

/* The vault is open (the lifecycle's open, create, recover or repair
 * finished): from now on its connection is the store service's. @event,
 * when set, is recorded first; the library shows once it is. */
static void
vault_ready (ReviewWindow *self,
             ReviewVault  *vault,
             const char   *event)
{
  g_set_object (&self->vault, vault);
  if (self->service == NULL || review_store_service_get_vault (self->service) != vault)
    {
      drop_service (self, NULL, FALSE);
      self->service = review_store_service_new (vault);
    }
  review_workspace_set_service (self->workspace, self->service);
  if (event != NULL)
    {
      review_library_audit_async (self->service, event, review_vault_get_id (vault),
                                  "{\"via\":\"window\"}", NULL, vault_event_cb,
                                  g_object_ref (self));
      return;
    }
  library_ready (self);
}

static void
library_ready (ReviewWindow *self)
{
  ReviewVault *vault = self->vault;

  /* Background work on the open vault; a lock stops it. */
  g_clear_object (&self->vault_cancellable);
  self->vault_cancellable = g_cancellable_new ();
  g_signal_connect_object (review_vault_get_profile (vault), "notify",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  update_title (self);
  self->library_pending = TRUE;
  setup_library (self);

  /* Opening counts as activity: the idle time starts now. */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    GSettings *settings = window_settings (self);
    if (app != NULL)
      review_activity_note (self->activity);
    if (settings != NULL && !self->watching_lock_settings)
      {
        g_signal_connect_object (settings, "changed::lock-after-idle",
                                 G_CALLBACK (arm_idle_lock), self, G_CONNECT_SWAPPED);
        self->watching_lock_settings = TRUE;
      }
    arm_idle_lock (self);
  }

  /* The full page-by-page check runs in the background (on a connection of
   * its own), never on the start-up path; a lock stops it. */
  review_vault_check_integrity_async (vault, self->vault_cancellable, integrity_checked_cb,
                                      g_object_ref (self));
}

/* The id under which the keyring holds the key: for locking the keyring. */
static void
remember_vault_id (ReviewWindow *self,
                   ReviewVault  *vault)
{
  g_free (self->vault_id);
  self->vault_id = g_strdup (review_vault_get_id (vault));
}

/* A lifecycle step says where it is: waiting on the keyring (maybe on its
 * prompt, which the user can give up), or working on the vault. */
static void
lifecycle_stage_cb (ReviewLifecycleStage  stage,
                    gpointer              user_data)
{
  ReviewWindow *self = user_data;

  if (closing (self) || !self->busy)
    return;
  if (stage == REVIEW_LIFECYCLE_WAITING_FOR_KEYRING)
    {
      gtk_label_set_label (self->loading_label, _("Waiting for the keyring…"));
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
      show_page (self, "loading");
      return;
    }
  gtk_label_set_label (self->loading_label, self->working_text);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  /* The recovery page keeps its own spinner while the key is unwrapped. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "recover") != 0)
    show_page (self, "loading");
}

/* Starts a lifecycle step: busy, with a cancellable the Cancel button
 * reaches, and the text shown while the vault itself is worked on. */
static GCancellable *
begin_lifecycle (ReviewWindow *self,
                 const char   *working_text)
{
  g_clear_object (&self->op_cancellable);
  self->op_cancellable = g_cancellable_new ();
  self->working_text = working_text;
  set_busy (self, TRUE);
  return self->op_cancellable;
}

/* A cancelled wait for the keyring is reported as "locked". */
static void
show_open_failure (ReviewWindow *self,
                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) locked = g_error_new_literal (REVIEW_ERROR, REVIEW_ERROR_KEYRING_LOCKED,
                                                      _("The keyring was not unlocked."));
      show_failure (self, locked);
      return;
    }
  if (g_error_matches (error, REVIEW_ERROR, REVIEW_ERROR_NO_VAULT))
    {
      /* An empty folder: the first run. */
      show_page (self, "welcome");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  show_failure (self, error);
}

static void
vault_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_lifecycle_open_finish (result, &error);

  set_busy (self, FALSE);
  g_debug ("open finished: %s", error ? error->message : "open");
  if (vault == NULL)
    {
      if (!closing (self))
        show_open_failure (self, error);
      return;
    }
  remember_vault_id (self, vault);
  vault_ready (self, vault, "vault.unlocked");
  if (self->vault == vault &&
      review_lifecycle_anchor_state (vault) == REVIEW_ANCHOR_NOT_ANCHORED)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The end of this vault’s audit trail was not "
                                                  "anchored on this computer yet; from now on "
                                                  "it is.")));
}

static void
open_vault (ReviewWindow       *self,
            ReviewKeyringFlags  flags)
{
  GCancellable *cancellable = begin_lifecycle (self, _("Opening the vault…"));

  show_loading (self, _("Opening the vault…"));
  review_lifecycle_open_async (self->vault_dir, flags, lifecycle_stage_cb, self, cancellable,
                               vault_opened_cb, g_object_ref (self));
}

static void
review_window_start (ReviewWindow *self)
{
  drop_service (self, NULL, FALSE);
  g_clear_object (&self->vault);
  update_title (self);
  open_vault (self, REVIEW_KEYRING_NONE);
}

/* --- first run ---------------------------------------------------------- */

static void
create_failed (ReviewWindow *self,
               const GError *error)
{
  set_busy (self, FALSE);
  show_page (self, "welcome");
  gtk_label_set_label (self->create_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), TRUE);
}

static void
vault_created_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *recovery_key = NULL;
  g_autoptr(ReviewVault) vault = review_lifecycle_create_finish (result, &recovery_key, &error);

  if (vault == NULL)
    {
      /* The lifecycle took back what it made: files and keyring item. */
      if (closing (self))
        ;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          show_page (self, "welcome");
        }
      else
        create_failed (self, error);
      return;
    }

  set_busy (self, FALSE);
  self->recovery_key = recovery_key;
  remember_vault_id (self, vault);
  {
    /* Three lines of three groups: easier to copy by hand, never wrapped
     * mid-group. Whitespace is accepted when the key is typed back. */
    g_auto(GStrv) groups = g_strsplit (self->recovery_key, "-", -1);
    g_autoptr(GString) shown = g_string_new (NULL);
    for (guint i = 0; groups[i] != NULL; i++)
      {
        if (i > 0)
          g_string_append_c (shown, i % 3 == 0 ? '\n' : '-');
        g_string_append (shown, groups[i]);
      }
    gtk_label_set_label (self->recovery_key_label, shown->str);
    review_secure_wipe (shown->str, shown->len);
  }
  gtk_check_button_set_active (self->saved_check, FALSE);
  g_set_object (&self->vault, vault);
  update_title (self);
  show_page (self, "recovery-key");
}

static void
create_vault_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  GCancellable *cancellable;

  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
  if (window_settings (self) != NULL)
    g_settings_set_uint (window_settings (self), "break-reminder-minutes",
                         (guint) gtk_spin_button_get_value_as_int (self->welcome_break_spin));
  if (*name == '\0')
    {
      g_free (name);
      name = review_profile_default_name ();
    }
  cancellable = begin_lifecycle (self, _("Creating the vault…"));
  show_loading (self, _("Creating the vault…"));
  /* The window may create a default keyring through the system prompt. */
  review_lifecycle_create_async (self->vault_dir, name,
                                 (ReviewRole) adw_combo_row_get_selected (self->role_row),
                                 REVIEW_KEYRING_ALLOW_PROMPT, lifecycle_stage_cb, self,
                                 cancellable, vault_created_cb, g_object_ref (self));
}

static void
recovery_file_chosen_cb (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  ReviewWindow *self = REVIEW_WINDOW (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->recovery_key != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file ? g_file_get_path (file) : NULL;
      if (path == NULL)
        g_set_error_literal (&error, REVIEW_ERROR, REVIEW_ERROR_IO,
                             _("Choose a folder on a local or removable drive."));
      if (path != NULL &&
          review_lifecycle_save_recovery_key (path, self->recovery_key, TRUE, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          /* Translators: %s is a file name */
          g_autofree char *msg = g_strdup_printf (_("Recovery key saved to “%s”"), base);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (msg));
        }
      if (error != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_recovery_key_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Recovery Key"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name for a saved recovery key */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Review recovery key.txt"));
  g_signal_connect (chooser, "response", G_CALLBACK (recovery_file_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
finish_recovery_key_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  forget_recovery_key (self);
  if (self->vault != NULL)
    vault_ready (self, self->vault, NULL);
}

/* --- keyring failure states --------------------------------------------- */

static void
unlock_keyring_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  /* A cancelled prompt comes back as "locked", on the same page. */
  open_vault (self, REVIEW_KEYRING_ALLOW_PROMPT);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  review_window_start (REVIEW_WINDOW (widget));
}

static void
show_recover_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->recovery_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->recover_error_label), FALSE);
  show_page (self, "recover");
  gtk_widget_grab_focus (GTK_WIDGET (self->recovery_entry));
}

static void
cancel_operation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);

  g_debug ("cancel requested (busy %d)", self->busy);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
}

/* --- recovery ----------------------------------------------------------- */

static void
recover_failed (ReviewWindow *self,
                const GError *error)
{
  set_busy (self, FALSE);
  gtk_label_set_label (self->recover_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->recover_error_label), TRUE);
}

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_lifecycle_recover_finish (result, &error);

  if (vault == NULL)
    {
      if (closing (self))
        return;
      show_page (self, "recover");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_busy (self, FALSE);
      else
        recover_failed (self, error);
      return;
    }
  set_busy (self, FALSE);
  remember_vault_id (self, vault);
  /* The lifecycle recorded vault.recovered. */
  vault_ready (self, vault, NULL);
}

static void
start_recover (ReviewWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->recovery_entry));
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (self->busy)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->recover_error_label), FALSE);
  /* Typing mistakes are caught here, before the slow key derivation. */
  if (!review_lifecycle_check_recovery_key (text, &error))
    {
      recover_failed (self, error);
      return;
    }
  cancellable = begin_lifecycle (self, _("Opening the vault…"));
  gtk_spinner_set_spinning (self->recover_spinner, TRUE);
  review_lifecycle_recover_async (self->vault_dir, text, REVIEW_KEYRING_ALLOW_PROMPT,
                                  lifecycle_stage_cb, self, cancellable, recovered_cb,
                                  g_object_ref (self));
}

static void
repaired_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_lifecycle_repair_finish (result, &error);

  set_busy (self, FALSE);
  if (vault == NULL)
    {
      if (!closing (self))
        show_open_failure (self, error);
      return;
    }
  remember_vault_id (self, vault);
  /* The lifecycle recorded vault.repaired. */
  vault_ready (self, vault, "vault.unlocked");
}

static void
acknowledged_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = review_lifecycle_acknowledge_finish (result, &error);

  set_busy (self, FALSE);
  if (vault == NULL)
    {
      if (!closing (self))
        show_open_failure (self, error);
      return;
    }
  remember_vault_id (self, vault);
  /* The lifecycle recorded audit.rollback-acknowledged. */
  vault_ready (self, vault, "vault.unlocked");
}

/* A vault whose audit trail is behind the one last used here: opened
 * anyway, the missing entries recorded as an audit event. */
static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  GCancellable *cancellable = begin_lifecycle (self, _("Opening the vault…"));

  show_loading (self, _("Opening the vault…"));
  review_lifecycle_acknowledge_async (self->vault_dir, REVIEW_KEYRING_ALLOW_PROMPT,
                                      lifecycle_stage_cb, self, cancellable, acknowledged_cb,
                                      g_object_ref (self));
}

/* vault.json rewritten from the vault itself, with the keyring's key. */
static void
repair_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  GCancellable *cancellable = begin_lifecycle (self, _("Repairing vault.json…"));

  show_loading (self, _("Repairing vault.json…"));
  review_lifecycle_repair_async (self->vault_dir, NULL, REVIEW_KEYRING_ALLOW_PROMPT,
                                 lifecycle_stage_cb, self, cancellable, repaired_cb,
                                 g_object_ref (self));
}

static void
recover_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  start_recover (REVIEW_WINDOW (widget));
}

static void
on_recovery_entry_activated (ReviewWindow *self)
{
  start_recover (self);
}

static void
key_file_chosen_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  ReviewWindow *self = REVIEW_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (file != NULL && g_file_load_contents (file, NULL, &contents, &len, NULL, NULL) &&
          len < 4096)
        {
          char *nl = strchr (contents, '\n');
          if (nl != NULL)
            *nl = '\0';
          gtk_editable_set_text (GTK_EDITABLE (self->recovery_entry), g_strstrip (contents));
          review_secure_wipe (contents, len);
          start_recover (self);
        }
      else
        {
          GError e = { REVIEW_ERROR, REVIEW_ERROR_IO,
                       (char *) _("That file could not be read as a recovery key file.") };
          recover_failed (self, &e);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_recovery_file_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  ReviewWindow *self = REVIEW_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Recovery Key File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (key_file_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- GObject ------------------------------------------------------------ */

/**
 * review_window_new:
 * @settings: the application's settings
 * @activity: the process's input clock, for the idle lock
 */
ReviewWindow *
review_window_new (GtkApplication *app,
                   GSettings      *settings,
                   ReviewActivity *activity,
                   const char     *vault_dir)
{
  ReviewWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (REVIEW_IS_ACTIVITY (activity), NULL);

  self = g_object_new (REVIEW_TYPE_WINDOW,
                       "application", app,
                       "vault-dir", vault_dir,
                       NULL);
  self->settings = g_object_ref (settings);
  self->activity = g_object_ref (activity);

  /* "application" is set after constructed(), so the size is restored here. */
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  return self;
}

ReviewVault *
review_window_get_vault (ReviewWindow *self)
{
  g_return_val_if_fail (REVIEW_IS_WINDOW (self), NULL);
  /* Only a vault whose recovery key has been dealt with counts as open. */
  if (self->recovery_key != NULL)
    return NULL;
  return self->vault;
}

/**
 * review_window_get_service:
 *
 * The open vault's store service (every read and write of its database
 * goes through it), or %NULL when no vault is open.
 */
ReviewStoreService *
review_window_get_service (ReviewWindow *self)
{
  g_return_val_if_fail (REVIEW_IS_WINDOW (self), NULL);
  if (self->recovery_key != NULL)
    return NULL;
  return self->service;
}

const char *
review_window_get_page (ReviewWindow *self)
{
  g_return_val_if_fail (REVIEW_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
save_window_state (ReviewWindow *self)
{
  GSettings *settings = self->settings;
  int width = 0, height = 0;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", MAX (width, 360));
      g_settings_set_int (settings, "window-height", MAX (height, 294));
    }
}

static gboolean
review_window_close_request (GtkWindow *window)
{
  ReviewWindow *self = REVIEW_WINDOW (window);

  save_window_state (self);
  g_cancellable_cancel (self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  forget_recovery_key (self);
  if (self->vault != NULL)
    {
      /* The window closes: the worker keeps the audit head, then closes the
       * connection; the application stays until it has. A vault whose
       * recovery key was still shown has no service yet. */
      forget_viewer_waiting (self);
      review_workspace_set_photo (self->workspace, NULL);
      review_workspace_set_service (self->workspace, NULL);
      if (self->service == NULL)
        self->service = review_store_service_new (self->vault);
      drop_service (self, NULL, TRUE);
    }
  return GTK_WINDOW_CLASS (review_window_parent_class)->close_request (window);
}

static void
review_window_constructed (GObject *object)
{
  ReviewWindow *self = REVIEW_WINDOW (object);

  G_OBJECT_CLASS (review_window_parent_class)->constructed (object);

  if (self->vault_dir == NULL)
    self->vault_dir = review_vault_default_dir ();
  review_window_start (self);
}

static void
review_window_dispose (GObject *object)
{
  ReviewWindow *self = REVIEW_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->op_cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->photo_grid != NULL)
    gtk_grid_view_set_model (self->photo_grid, NULL);
  g_clear_object (&self->photos);
  g_clear_pointer (&self->viewer_pool, review_decoder_pool_unref);
  g_clear_handle_id (&self->query_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->vault_cancellable != NULL)
    g_cancellable_cancel (self->vault_cancellable);
  g_clear_object (&self->vault_cancellable);
  g_clear_pointer (&self->vocab, review_vocab_free);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  forget_viewer_waiting (self);
  if (self->workspace != NULL)
    review_workspace_set_service (self->workspace, NULL);
  drop_service (self, NULL, FALSE);
  g_clear_object (&self->vault);
  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_WINDOW);
  G_OBJECT_CLASS (review_window_parent_class)->dispose (object);
}

static void
review_window_finalize (GObject *object)
{
  ReviewWindow *self = REVIEW_WINDOW (object);

  g_clear_pointer (&self->vault_dir, g_free);
  g_clear_pointer (&self->vault_id, g_free);
  g_clear_pointer (&self->recovery_key, review_secure_free_string);
  g_clear_object (&self->settings);
  g_clear_object (&self->activity);
  for (guint i = 0; i < self->tiles->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->tiles, i), tile_gone, self);
  g_ptr_array_unref (self->tiles);
  G_OBJECT_CLASS (review_window_parent_class)->finalize (object);
}

static void
review_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ReviewWindow *self = REVIEW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT_DIR:
      g_free (self->vault_dir);
      self->vault_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
review_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ReviewWindow *self = REVIEW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT_DIR:
      g_value_set_string (value, self->vault_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
review_window_class_init (ReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = review_window_constructed;
  object_class->dispose = review_window_dispose;
  object_class->finalize = review_window_finalize;
  object_class->set_property = review_window_set_property;
  object_class->get_property = review_window_get_property;
  window_class->close_request = review_window_close_request;

  properties[PROP_VAULT_DIR] =
    g_param_spec_string ("vault-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REVIEW_TYPE_PHOTO_TILE);
  g_type_ensure (REVIEW_TYPE_WORKSPACE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/review-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, damage_bar);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, damage_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, welcome_break_spin);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, create_error_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, recovery_key_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, saved_check);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, locked_page);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, unlock_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, recovery_entry);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, recover_error_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, recover_spinner);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, rollback_page);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, error_recover_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, error_repair_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, library_toolbar);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, viewer_title);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, viewer_notice);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, workspace);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, exposure_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, finding_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, region_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, facility_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, number_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, person_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, damaged_filter);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, matches_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, filters_button);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, photo_grid);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, ReviewWindow, import_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_entry_activated);

  gtk_widget_class_install_action (widget_class, "win.create-vault", NULL, create_vault_action);
  gtk_widget_class_install_action (widget_class, "win.save-recovery-key", NULL,
                                   save_recovery_key_action);
  gtk_widget_class_install_action (widget_class, "win.finish-recovery-key", NULL,
                                   finish_recovery_key_action);
  gtk_widget_class_install_action (widget_class, "win.unlock-keyring", NULL,
                                   unlock_keyring_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.show-recover", NULL, show_recover_action);
  gtk_widget_class_install_action (widget_class, "win.recover", NULL, recover_action);
  gtk_widget_class_install_action (widget_class, "win.repair", NULL, repair_action);
  gtk_widget_class_install_action (widget_class, "win.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "win.open-recovery-file", NULL,
                                   open_recovery_file_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-operation", NULL,
                                   cancel_operation_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.blur-all", NULL, blur_all_action);
  gtk_widget_class_install_action (widget_class, "win.show-grid", NULL, show_grid_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.previous-photo", NULL,
                                   previous_photo_action);
  gtk_widget_class_install_action (widget_class, "win.next-photo", NULL, next_photo_action);
  gtk_widget_class_install_action (widget_class, "win.next-unreviewed", NULL,
                                   next_unreviewed_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK,
                                       "win.next-unreviewed", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "win.previous-photo",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-grid",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "win.next-photo",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.lock", "s", lock_action);
  gtk_widget_class_install_action (widget_class, "win.reveal-focused", NULL,
                                   reveal_focused_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.blur-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock",
                                       "s", "shortcut");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.reveal-focused",
                                       NULL);
}

static void
review_window_init (ReviewWindow *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autofree char *default_name = review_profile_default_name ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->viewer_tile = review_workspace_get_tile (self->workspace);
  self->cancellable = g_cancellable_new ();
  self->tiles = g_ptr_array_new ();
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  self->vocab = review_vocab_load (NULL);
  setup_code_filter (self, self->finding_filter, "finding_types");
  setup_code_filter (self, self->region_filter, "body_regions");
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (apply_query), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding_filter, "notify::selected", G_CALLBACK (apply_query),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region_filter, "notify::selected", G_CALLBACK (apply_query),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->facility_filter, "changed", G_CALLBACK (query_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->number_filter, "changed", G_CALLBACK (query_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->person_filter, "changed", G_CALLBACK (query_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->damaged_filter, "toggled", G_CALLBACK (damaged_filter_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "person-photos", G_CALLBACK (person_photos_cb), self,
                           0);
  g_signal_connect_object (self->photo_grid, "activate", G_CALLBACK (grid_activate_cb), self, 0);
  g_signal_connect_object (self->viewer_tile, "notify::notice", G_CALLBACK (viewer_notice_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewer_tile, "revealed", G_CALLBACK (photo_revealed_cb), self, 0);

  for (int r = REVIEW_ROLE_REVIEWER; r <= REVIEW_ROLE_SUPERVISOR; r++)
    gtk_string_list_append (roles, review_role_get_label ((ReviewRole) r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), default_name);

  g_signal_connect_object (self->saved_check, "notify::active", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
    g_signal_connect (drop, "drop", G_CALLBACK (files_dropped_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->library_stack), GTK_EVENT_CONTROLLER (drop));
  }
}
