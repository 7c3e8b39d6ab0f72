/* review-facility-dialog.c
 *
 * One gazetteer entry, field by field: each field is written when applied,
 * through the store, which records its value before and after. A duplicate
 * found by name can be merged into this entry. The dialog emits "changed"
 * so that the workspace shows the corrected names.
 *
 * Reads and writes are jobs of the vault's store service: the dialog
 * fills in when the entry has been read, and says "changed" once a write
 * is in the vault. Results that come back after it closed are dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-facility-async.h"
#include "review-facility-dialog.h"
#include "review-store-query.h"
#include "review-tag-palette.h"
#include "review-vocab.h"

static const char * const text_fields[] = {
  "name_en", "name_ar", "aliases", "branch_number", "agency", "governorate", "latitude",
  "longitude", "sources",
};

struct _ReviewFacilityDialog
{
  AdwWindow       parent_instance;

  AdwEntryRow    *name_en_row;
  AdwEntryRow    *name_ar_row;
  AdwEntryRow    *aliases_row;
  AdwEntryRow    *branch_number_row;
  AdwEntryRow    *agency_row;
  AdwEntryRow    *governorate_row;
  AdwEntryRow    *latitude_row;
  AdwEntryRow    *longitude_row;
  AdwEntryRow    *sources_row;
  AdwComboRow    *type_row;
  GtkSearchEntry *merge_search;
  GtkListBox     *merge_results;

  ReviewStoreService *service;   /* NULL once closed */
  ReviewVocab    *vocab;
  guint           search_serial;
  char           *uuid;
  char          **type_codes;
  gboolean        loading;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewFacilityDialog, review_facility_dialog, ADW_TYPE_WINDOW)

static AdwEntryRow *
row_for (ReviewFacilityDialog *self,
         guint                 i)
{
  AdwEntryRow *rows[] = { self->name_en_row, self->name_ar_row, self->aliases_row,
                          self->branch_number_row, self->agency_row, self->governorate_row,
                          self->latitude_row, self->longitude_row, self->sources_row };
  return rows[i];
}

static void
toast (ReviewFacilityDialog *self,
       const char           *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Aliases are stored as a JSON array and shown separated by semicolons. */
static char *
aliases_to_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) s = g_string_new (NULL);

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return g_strdup (json ? json : "");
  {
    JsonArray *a = json_node_get_array (json_parser_get_root (parser));
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonNode *node = json_array_get_element (a, i);
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          g_string_append_printf (s, "%s%s", s->len ? "; " : "", json_node_get_string (node));
      }
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
text_to_aliases (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        json_builder_add_string_value (b, parts[i]);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void load (ReviewFacilityDialog *self);

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ReviewFacilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = review_facility_get_fields_finish (REVIEW_STORE_SERVICE (source),
                                                                    result, &error);

  if (self->service == NULL)
    return;
  if (fields == NULL)
    {
      toast (self, error->message);
      return;
    }
  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *value = g_hash_table_lookup (fields, text_fields[i]);
      g_autofree char *shown = g_str_equal (text_fields[i], "aliases") ? aliases_to_text (value)
                                                                      : g_strdup (value);
      gtk_editable_set_text (GTK_EDITABLE (row_for (self, i)), shown ? shown : "");
    }
  for (guint i = 0; self->type_codes != NULL && self->type_codes[i] != NULL; i++)
    if (g_strcmp0 (self->type_codes[i], g_hash_table_lookup (fields, "type")) == 0)
      adw_combo_row_set_selected (self->type_row, i);
  self->loading = FALSE;
}

static void
load (ReviewFacilityDialog *self)
{
  if (self->service != NULL)
    review_facility_get_fields_async (self->service, self->uuid, NULL, loaded_cb,
                                      g_object_ref (self));
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ReviewFacilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!review_facility_write_finish (REVIEW_STORE_SERVICE (source), result, &error))
    {
      if (self->service == NULL)
        return;
      toast (self, error->message);
      load (self);
      return;
    }
  /* The workspace shows the corrected names (a closed dialog has no one left to tell). */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
apply (ReviewFacilityDialog *self,
       const char           *field,
       const char           *value)
{
  if (self->loading || self->service == NULL)
    return;
  review_facility_set_field_async (self->service, self->uuid, field, value, applied_cb,
                                   g_object_ref (self));
}

static void
row_applied_cb (AdwEntryRow          *row,
                ReviewFacilityDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (row_for (self, i) == row)
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
        g_autofree char *value = g_str_equal (text_fields[i], "aliases")
                                 ? text_to_aliases (text) : g_strdup (text);
        apply (self, text_fields[i], value);
      }
}

static void
type_changed_cb (ReviewFacilityDialog *self)
{
  guint i = adw_combo_row_get_selected (self->type_row);

  if (self->type_codes != NULL && i < g_strv_length (self->type_codes))
    apply (self, "type", self->type_codes[i]);
}

static void
clear_results (ReviewFacilityDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->merge_results))) != NULL)
    gtk_list_box_remove (self->merge_results, child);
}

typedef struct
{
  ReviewFacilityDialog *self;
  guint                 serial;
} Search;

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Search *search = user_data;
  g_autoptr(ReviewFacilityDialog) self = search->self;
  g_autoptr(GPtrArray) hits = review_facility_find_finish (REVIEW_STORE_SERVICE (source), result,
                                                           NULL);
  gboolean current = search->serial == self->search_serial;

  g_free (search);
  /* Only the newest search fills the list. */
  if (self->service == NULL || !current)
    return;
  clear_results (self);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      ReviewFacilityHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *label = NULL;
      GtkWidget *row, *l;

      if (g_str_equal (hit->uuid, self->uuid))
        continue;
      /* Translators: a facility to merge: its English, then its Arabic name */
      label = g_strdup_printf (_("Merge “%s · %s” into this facility"), hit->name_en,
                               hit->name_ar);
      row = gtk_list_box_row_new ();
      l = gtk_label_new (label);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_set_margin_start (l, 8);
      gtk_widget_set_margin_end (l, 8);
      gtk_widget_set_margin_top (l, 6);
      gtk_widget_set_margin_bottom (l, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), l);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (row), "facility", g_strdup (hit->uuid), g_free);
      gtk_list_box_append (self->merge_results, row);
    }
}

static void
merge_search_cb (ReviewFacilityDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->merge_search));
  Search *search;

  self->search_serial++;
  if (*text == '\0' || self->service == NULL)
    {
      clear_results (self);
      return;
    }
  search = g_new0 (Search, 1);
  search->self = g_object_ref (self);
  search->serial = self->search_serial;
  review_facility_find_async (self->service, text, 8, NULL, found_cb, search);
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ReviewFacilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!review_facility_write_finish (REVIEW_STORE_SERVICE (source), result, &error))
    {
      if (self->service != NULL)
        toast (self, error->message);
      return;
    }
  if (self->service != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->merge_search), "");
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
merge_response_cb (AdwMessageDialog     *dialog,
                   const char           *response,
                   ReviewFacilityDialog *self)
{
  if (g_strcmp0 (response, "merge") != 0 || self->service == NULL)
    return;
  review_facility_merge_async (self->service, g_object_get_data (G_OBJECT (dialog), "from"),
                               self->uuid, merged_cb, g_object_ref (self));
}

static void
merge_activated_cb (GtkListBox           *box,
                    GtkListBoxRow        *row,
                    ReviewFacilityDialog *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Merge These Facilities?"),
                                              _("This cannot be undone from the window; the "
                                                "merge is recorded in the audit trail."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "from",
                          g_strdup (g_object_get_data (G_OBJECT (row), "facility")), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
review_facility_dialog_new (GtkWindow          *parent,
                            ReviewStoreService *service,
                            const char         *facility_uuid)
{
  ReviewFacilityDialog *self = g_object_new (REVIEW_TYPE_FACILITY_DIALOG, "transient-for", parent,
                                             NULL);

  self->service = g_object_ref (service);
  self->uuid = g_strdup (facility_uuid);
  load (self);
  return GTK_WIDGET (self);
}

static void
review_facility_dialog_dispose (GObject *object)
{
  ReviewFacilityDialog *self = REVIEW_FACILITY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_FACILITY_DIALOG);
  g_clear_object (&self->service);
  g_clear_pointer (&self->vocab, review_vocab_free);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->type_codes, g_strfreev);
  G_OBJECT_CLASS (review_facility_dialog_parent_class)->dispose (object);
}

static void
review_facility_dialog_class_init (ReviewFacilityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_facility_dialog_dispose;
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Review/review-facility-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ReviewFacilityDialog, name)
  BIND (name_en_row); BIND (name_ar_row); BIND (aliases_row); BIND (branch_number_row);
  BIND (agency_row); BIND (governorate_row); BIND (latitude_row); BIND (longitude_row);
  BIND (sources_row); BIND (type_row); BIND (merge_search); BIND (merge_results);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
review_facility_dialog_init (ReviewFacilityDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  GPtrArray *types;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->vocab = review_vocab_load (NULL);
  types = self->vocab ? review_vocab_get_list (self->vocab, "facility_type") : NULL;
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      const ReviewVocabEntry *e = g_ptr_array_index (types, i);
      gtk_string_list_append (labels, review_tag_palette_label_for (e));
      g_strv_builder_add (codes, e->code);
    }
  self->type_codes = g_strv_builder_end (codes);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (labels));
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    g_signal_connect (row_for (self, i), "apply", G_CALLBACK (row_applied_cb), self);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (type_changed_cb),
                            self);
  g_signal_connect_swapped (self->merge_search, "search-changed", G_CALLBACK (merge_search_cb),
                            self);
  g_signal_connect (self->merge_results, "row-activated", G_CALLBACK (merge_activated_cb), self);
}
