/* review-workspace.c
 *
 * One photo, annotated. The photo stays blurred (ReviewPhotoTile, inside a
 * ReviewAnnotationCanvas that outlines the regions already recorded); the
 * side panel holds its findings, the person it shows and their identity,
 * the facility, the review status and notes.
 *
 * Every edit is written to the vault as it happens, in its own audited
 * transaction, through ReviewHistory so that it can be undone. Text fields
 * are written when the reviewer pauses typing, presses Enter or leaves the
 * field, and before the photo changes or the window closes; the label at
 * the top says "Saved" only once the vault has it.
 *
 * The workspace never waits for the database: every read and write is a
 * job of the vault's ReviewStoreService (src/core/review-*-async.c), run
 * in order in its worker, and the panel is updated when the result comes
 * back. A result that comes back after the workspace moved to another
 * photo (or vault) is not shown (a generation counter; reads of the photo
 * not started by then are cancelled); what it wrote is written all the
 * same. The undo history is only changed in the worker; the workspace
 * keeps the snapshot of its stacks that each job returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "review-annotation-canvas.h"
#include "review-damage-banner.h"
#include "review-facility-async.h"
#include "review-facility-dialog.h"
#include "review-history-async.h"
#include "review-note-async.h"
#include "review-person-async.h"
#include "review-photo-view.h"
#include "review-store-query.h"
#include "review-tag-palette.h"
#include "review-vocab.h"
#include "review-workspace.h"

#define COMMIT_DELAY_MS 700

typedef enum
{
  PALETTE_CLOSED,
  PALETTE_NEW_FINDING,
  PALETTE_CHANGE_TYPE,
  PALETTE_BODY_REGION,
  PALETTE_METHOD,
  PALETTE_WAITING,   /* a new finding is being written */
} PaletteMode;

/* What to do once the next view of the photo is shown. */
typedef enum
{
  AFTER_NOTHING,
  AFTER_OPEN_BODY_REGION,
  AFTER_FOCUS_NAME,
} AfterRefresh;

struct _ReviewWorkspace
{
  GtkWidget               parent_instance;

  /* template children */
  GtkPaned               *paned;
  GtkToggleButton        *tool_none;
  GtkLabel               *saved_label;
  GtkDropDown            *status_drop;
  ReviewAnnotationCanvas *canvas;
  ReviewDamageBanner     *damage_banner;
  ReviewTagPalette       *palette;
  GtkListBox             *findings_list;
  GtkGrid                *finding_grid;
  GtkButton              *finding_type_button;
  GtkLabel               *finding_type_button_label;
  GtkButton              *region_button;
  GtkLabel               *region_button_label;
  GtkDropDown            *laterality_drop;
  GtkDropDown            *aspect_drop;
  GtkDropDown            *timing_drop;
  GtkDropDown            *certainty_drop;
  GtkSpinButton          *count_spin;
  GtkEntry               *size_entry;
  GtkEntry               *appearance_entry;
  GtkEntry               *finding_note_entry;
  GtkButton              *method_button;
  GtkLabel               *method_button_label;
  GtkDropDown            *consistency_drop;
  GtkButton              *delete_finding_button;
  GtkStack               *person_stack;
  GtkSearchEntry         *person_search;
  GtkListBox             *person_results;
  GtkLabel               *person_label;
  GtkEntry               *name_ar_entry;
  GtkEntry               *name_latin_entry;
  GtkEntry               *father_entry;
  GtkEntry               *mother_entry;
  GtkDropDown            *sex_drop;
  GtkEntry               *age_min_entry;
  GtkEntry               *age_max_entry;
  GtkEntry               *arrest_entry;
  GtkEntry               *last_seen_entry;
  GtkEntry               *death_recorded_entry;
  GtkEntry               *death_alleged_entry;
  GtkEntry               *marks_entry;
  GtkDropDown            *ident_drop;
  GtkEntry               *basis_entry;
  GtkLabel               *facility_label;
  GtkSearchEntry         *facility_search;
  GtkListBox             *facility_results;
  GtkListBox             *numbers_list;
  GtkDropDown            *number_kind_drop;
  GtkEntry               *number_entry;
  GtkDropDown            *legibility_drop;
  GtkSearchEntry         *merge_search;
  GtkListBox             *merge_results;
  GtkListBox             *notes_list;
  GtkExpander            *family_expander;
  GtkListBox             *family_list;
  GtkEntry               *family_name_entry;
  GtkEntry               *family_relation_entry;
  GtkEntry               *family_contact_entry;
  GtkLabel               *translating_label;
  GtkDropDown            *note_lang_drop;
  GtkEntry               *note_entry;

  ReviewStoreService     *service;
  ReviewHistory          *history;         /* changed only in the service's worker */
  ReviewHistoryState      history_state;   /* its stacks, as the last job saw them */
  GCancellable           *photo_cancellable; /* reads of this photo */
  guint                   generation;      /* of the photo shown: older results are not shown */
  guint                   service_serial;  /* of the service */
  guint                   writes_sent;     /* a view read before the last write is stale */
  gboolean                creating_person; /* New Person waits for its person */
  GPtrArray              *notes;           /* ReviewNoteRecord* of this photo */
  ReviewVocab            *vocab;
  ReviewPhoto            *photo;
  GPtrArray              *findings;        /* ReviewFindingRecord* of this photo */
  char                   *selected;        /* finding UUID */
  char                   *person;          /* person UUID shown */
  GHashTable             *person_fields;   /* as loaded */
  char                   *tool;

  PaletteMode             palette_mode;
  GHashTable             *local_terms;     /* vocabulary → GPtrArray of ReviewVocabEntry */
  GPtrArray              *palette_entries; /* what the palette shows (borrowed entries) */
  ReviewShape             pending_shape;   /* region drawn, not tagged yet */
  GArray                 *pending_points;
  char                   *number_region_for;
  char                   *translation_of;

  guint                   finding_commit_id;
  guint                   person_commit_id;
  gboolean                loading;
};

enum {
  PROP_0,
  PROP_TOOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PERSON_PHOTOS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewWorkspace, review_workspace, GTK_TYPE_WIDGET)

static void refresh (ReviewWorkspace *self);
static void refresh_then (ReviewWorkspace *self,
                          AfterRefresh     after);
static gboolean is_arabic_text (const char *text);
static void commit_finding_details (ReviewWorkspace *self);
static void commit_person_fields (ReviewWorkspace *self);

/* The person fields that are plain text entries, by column. */
static const struct { gsize offset; const char *field; } person_entries[] = {
  { G_STRUCT_OFFSET (ReviewWorkspace, name_ar_entry), "name_ar" },
  { G_STRUCT_OFFSET (ReviewWorkspace, name_latin_entry), "name_latin" },
  { G_STRUCT_OFFSET (ReviewWorkspace, father_entry), "father_name" },
  { G_STRUCT_OFFSET (ReviewWorkspace, mother_entry), "mother_name" },
  { G_STRUCT_OFFSET (ReviewWorkspace, age_min_entry), "age_min" },
  { G_STRUCT_OFFSET (ReviewWorkspace, age_max_entry), "age_max" },
  { G_STRUCT_OFFSET (ReviewWorkspace, arrest_entry), "arrest_date" },
  { G_STRUCT_OFFSET (ReviewWorkspace, last_seen_entry), "last_seen" },
  { G_STRUCT_OFFSET (ReviewWorkspace, death_recorded_entry), "death_recorded" },
  { G_STRUCT_OFFSET (ReviewWorkspace, death_alleged_entry), "death_alleged" },
  { G_STRUCT_OFFSET (ReviewWorkspace, marks_entry), "distinctive_marks" },
};

/* The kinds of identity number, and their names (translated where shown). */
static const char * const number_kinds[] = { "detainee", "branch", "forensic", "hospital", NULL };
static const char * const number_kind_names[] = { N_("Detainee no."), N_("Branch no."),
                                                  N_("Forensic report no."), N_("Hospital no."),
                                                  NULL };

#define PERSON_ENTRY(self, i) G_STRUCT_MEMBER (GtkEntry *, self, person_entries[i].offset)

/* --- small helpers ------------------------------------------------------ */

static void
toast (ReviewWorkspace *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
saved (ReviewWorkspace *self,
       GError          *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%X");
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      /* Translators: %s says why an edit could not be written */
      text = g_strdup_printf (_("Not saved: %s"), error->message);
      toast (self, error->message);
    }
  else
    /* Translators: %s is the time of day */
    text = g_strdup_printf (_("Saved at %s"), time);
  gtk_label_set_label (self->saved_label, text);
}

static void
editing (ReviewWorkspace *self)
{
  gtk_label_set_label (self->saved_label, _("Editing…"));
}

static const char *
photo_uuid (ReviewWorkspace *self)
{
  return self->photo != NULL ? review_photo_get_uuid (self->photo) : NULL;
}

static ReviewProfile *
profile (ReviewWorkspace *self)
{
  return self->service != NULL
         ? review_vault_get_profile (review_store_service_get_vault (self->service)) : NULL;
}

/* --- results from the store service ------------------------------------- */

/* What a job's callback needs to know whether its result still belongs
 * to what the workspace shows. */
typedef struct
{
  ReviewWorkspace *self;
  guint            generation;
  GtkListBox      *box;        /* searches: the list they fill */
  guint            serial;     /* … and which search of it */
  guint            writes;     /* views: writes asked for before */
  AfterRefresh     after;      /* what the view that follows this job then does */
  char            *text;
  char            *text2;
  char            *text3;
} Pending;

static Pending *
pending_new (ReviewWorkspace *self)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->generation = self->generation;
  return p;
}

static void
pending_free (Pending *p)
{
  g_object_unref (p->self);
  g_free (p->text);
  g_free (p->text2);
  g_free (p->text3);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* Whether the result is about what is still shown. */
static gboolean
pending_current (Pending *p)
{
  return p->generation == p->self->generation && p->self->service != NULL;
}

/* A write is being asked for: views asked for before it are stale. */
static Pending *
write_pending (ReviewWorkspace *self)
{
  self->writes_sent++;
  return pending_new (self);
}

/* The result of a write for a photo no longer shown: only its failure is
 * told. */
static gboolean
write_done_elsewhere (Pending *p,
                      GError  *error)
{
  if (pending_current (p))
    return FALSE;
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (p->self, error->message);
  return TRUE;
}

static void
set_history_state (ReviewWorkspace          *self,
                   const ReviewHistoryState *state)
{
  review_history_state_copy (&self->history_state, state);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workspace.undo", state->can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workspace.redo", state->can_redo);
}

/* The callback of most edits: says whether it was saved, then shows the
 * photo again. */
static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewHistoryOutcome) outcome =
    review_history_edit_finish (REVIEW_STORE_SERVICE (source), result, &error);

  if (write_done_elsewhere (p, error))
    return;
  if (outcome != NULL)
    set_history_state (p->self, &outcome->state);
  saved (p->self, error);
  refresh_then (p->self, p->after);
}

/* The same, for writes that return only success. */
static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;

  review_store_service_run_boolean_finish (REVIEW_STORE_SERVICE (source), result, &error);
  if (write_done_elsewhere (p, error))
    return;
  saved (p->self, error);
  refresh (p->self);
}

/* The vault's local terms for a vocabulary (finding types, body regions,
 * methods), read when the vault opens and added to as terms are made. */
static GPtrArray *
local_terms (ReviewWorkspace *self,
             const char      *list)
{
  if (self->service == NULL)
    return NULL;
  return g_hash_table_lookup (self->local_terms, list);
}

static const char *
vocab_label (ReviewWorkspace *self,
             const char      *list,
             const char      *code)
{
  const ReviewVocabEntry *e;

  if (code == NULL || *code == '\0')
    return "";
  e = self->vocab ? review_vocab_lookup (self->vocab, list, code) : NULL;
  if (e == NULL && g_str_has_prefix (code, "local-"))
    {
      GPtrArray *terms = local_terms (self, list);
      for (guint i = 0; terms != NULL && i < terms->len && e == NULL; i++)
        if (g_str_equal (((ReviewVocabEntry *) terms->pdata[i])->code, code))
          e = terms->pdata[i];
    }
  return e != NULL ? review_tag_palette_label_for (e) : code;
}

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static GtkWidget *
row_with_label (const char *text,
                const char *key,
                const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (key != NULL)
    g_object_set_data_full (G_OBJECT (row), key, g_strdup (value), g_free);
  return row;
}

/* Drop-downs over codes: the model holds labels, the codes ride along. */
static void
setup_drop (GtkDropDown       *drop,
            const char * const *codes,
            const char * const *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  g_object_set_data_full (G_OBJECT (drop), "codes", g_strdupv ((char **) codes),
                          (GDestroyNotify) g_strfreev);
  gtk_drop_down_set_model (drop, G_LIST_MODEL (model));
}

static void
setup_vocab_drop (ReviewWorkspace *self,
                  GtkDropDown     *drop,
                  const char      *list,
                  gboolean         with_none)
{
  GPtrArray *entries = self->vocab ? review_vocab_get_list (self->vocab, list) : NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) c = NULL;
  g_auto(GStrv) l = NULL;

  if (with_none)
    {
      g_strv_builder_add (codes, "");
      /* Translators: nothing chosen in a list */
      g_strv_builder_add (labels, C_("choice", "—"));
    }
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const ReviewVocabEntry *e = g_ptr_array_index (entries, i);
      g_strv_builder_add (codes, e->code);
      g_strv_builder_add (labels, review_tag_palette_label_for (e));
    }
  c = g_strv_builder_end (codes);
  l = g_strv_builder_end (labels);
  setup_drop (drop, (const char * const *) c, (const char * const *) l);
}

static const char *
drop_get_code (GtkDropDown *drop)
{
  char **codes = g_object_get_data (G_OBJECT (drop), "codes");
  guint i = gtk_drop_down_get_selected (drop);

  if (codes == NULL || i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (codes))
    return "";
  return codes[i];
}

static void
drop_set_code (GtkDropDown *drop,
               const char  *code)
{
  char **codes = g_object_get_data (G_OBJECT (drop), "codes");

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], code ? code : "") == 0)
      {
        gtk_drop_down_set_selected (drop, i);
        return;
      }
  gtk_drop_down_set_selected (drop, 0);
}

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
set_entry (GtkEntry   *entry,
           const char *text)
{
  if (g_strcmp0 (entry_text (entry), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

/* --- findings ----------------------------------------------------------- */

static ReviewFindingRecord *
selected_finding (ReviewWorkspace *self)
{
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      ReviewFindingRecord *r = g_ptr_array_index (self->findings, i);
      if (g_strcmp0 (r->uuid, self->selected) == 0)
        return r;
    }
  return NULL;
}

static char *
finding_label (ReviewWorkspace           *self,
               const ReviewFindingRecord *r)
{
  const char *type = vocab_label (self, "finding_types", r->finding_type);
  const char *region = vocab_label (self, "body_regions", r->body_region);
  const char *side = vocab_label (self, "laterality", r->laterality);

  if (*region == '\0')
    return g_strdup (type);
  if (*side == '\0')
    /* Translators: a finding's label: its type, then the body region */
    return g_strdup_printf (_("%s · %s"), type, region);
  /* Translators: a finding's label: type, body region, then side */
  return g_strdup_printf (_("%s · %s (%s)"), type, region, side);
}

/* Sets an entry to what the vault holds, unless the reviewer changed it
 * since @before was shown (that text is still to be written). */
static void
set_entry_unless_edited (GtkEntry   *entry,
                         const char *before,
                         gboolean    have_before,
                         const char *text)
{
  if (have_before && g_strcmp0 (entry_text (entry), before ? before : "") != 0)
    return;
  set_entry (entry, text);
}

/* @before: the same finding as shown until now, or NULL. */
static void
show_finding_details (ReviewWorkspace           *self,
                      const ReviewFindingRecord *before)
{
  ReviewFindingRecord *r = selected_finding (self);
  gboolean supervisor = profile (self) != NULL &&
    review_profile_get_role (profile (self)) == REVIEW_ROLE_SUPERVISOR;
  gboolean was_loading = self->loading;

  gtk_widget_set_visible (GTK_WIDGET (self->finding_grid), r != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->delete_finding_button)),
                          r != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workspace.delete-finding", r != NULL);
  if (r == NULL)
    return;
  self->loading = TRUE;
  gtk_label_set_label (self->finding_type_button_label,
                       vocab_label (self, "finding_types", r->finding_type));
  gtk_label_set_label (self->region_button_label,
                       *r->body_region ? vocab_label (self, "body_regions", r->body_region)
                                       : _("Choose…"));
  gtk_label_set_label (self->method_button_label,
                       *r->method ? vocab_label (self, "methods", r->method) : _("Choose…"));
  drop_set_code (self->laterality_drop, r->laterality);
  drop_set_code (self->aspect_drop, r->aspect);
  drop_set_code (self->timing_drop, r->timing);
  drop_set_code (self->certainty_drop, r->certainty);
  drop_set_code (self->consistency_drop, r->consistency);
  if (before == NULL || self->finding_commit_id == 0 ||
      gtk_spin_button_get_value_as_int (self->count_spin) == before->count)
    gtk_spin_button_set_value (self->count_spin, r->count);
  set_entry_unless_edited (self->size_entry, before ? before->size : NULL, before != NULL,
                           r->size);
  set_entry_unless_edited (self->appearance_entry, before ? before->appearance : NULL,
                           before != NULL, r->appearance);
  set_entry_unless_edited (self->finding_note_entry, before ? before->note : NULL,
                           before != NULL, r->note);
  /* Attributing a method or a consistency level is a supervisor's call. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->method_button), supervisor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->consistency_drop), supervisor);
  self->loading = was_loading;
}

static void
select_finding (ReviewWorkspace *self,
                const char      *uuid)
{
  GtkWidget *row;

  if (g_strcmp0 (self->selected, uuid) != 0)
    {
      commit_finding_details (self);
      g_free (self->selected);
      self->selected = g_strdup (uuid);
    }
  review_annotation_canvas_select (self->canvas, uuid);
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "finding"), uuid) == 0 &&
        gtk_list_box_get_selected_row (self->findings_list) != GTK_LIST_BOX_ROW (row))
      {
        gboolean was_loading = self->loading;
        self->loading = TRUE;
        gtk_list_box_select_row (self->findings_list, GTK_LIST_BOX_ROW (row));
        self->loading = was_loading;
      }
  show_finding_details (self, NULL);
}

/* Writes the details form into the selected finding, if anything changed. */
/* What the reviewer sees is what the next comparison is made with: the
 * finding as it is being written. */
static void
replace_finding (ReviewWorkspace           *self,
                 const ReviewFindingRecord *edit)
{
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    if (g_strcmp0 (((ReviewFindingRecord *) self->findings->pdata[i])->uuid, edit->uuid) == 0)
      {
        review_finding_record_free (self->findings->pdata[i]);
        self->findings->pdata[i] = review_finding_record_copy (edit);
      }
}

/* Writes the details form into the selected finding, if anything changed. */
static void
commit_finding_details (ReviewWorkspace *self)
{
  ReviewFindingRecord *r;
  g_autoptr(ReviewFindingRecord) edit = NULL;

  g_clear_handle_id (&self->finding_commit_id, g_source_remove);
  if (self->loading || self->service == NULL || (r = selected_finding (self)) == NULL)
    return;
  edit = review_finding_record_copy (r);
#define TAKE(field, value) G_STMT_START { g_free (edit->field); edit->field = g_strdup (value); } G_STMT_END
  TAKE (laterality, drop_get_code (self->laterality_drop));
  TAKE (aspect, drop_get_code (self->aspect_drop));
  TAKE (timing, drop_get_code (self->timing_drop));
  TAKE (certainty, drop_get_code (self->certainty_drop));
  TAKE (consistency, drop_get_code (self->consistency_drop));
  TAKE (size, entry_text (self->size_entry));
  TAKE (appearance, entry_text (self->appearance_entry));
  TAKE (note, entry_text (self->finding_note_entry));
#undef TAKE
  edit->count = gtk_spin_button_get_value_as_int (self->count_spin);
  if (g_strcmp0 (edit->laterality, r->laterality) == 0 &&
      g_strcmp0 (edit->aspect, r->aspect) == 0 && g_strcmp0 (edit->timing, r->timing) == 0 &&
      g_strcmp0 (edit->certainty, r->certainty) == 0 &&
      g_strcmp0 (edit->consistency, r->consistency) == 0 &&
      g_strcmp0 (edit->size, r->size) == 0 && g_strcmp0 (edit->appearance, r->appearance) == 0 &&
      g_strcmp0 (edit->note, r->note) == 0 && edit->count == r->count)
    return;
  review_history_update_finding_async (self->service, self->history, photo_uuid (self), edit,
                                       edited_cb, write_pending (self));
  replace_finding (self, edit);
}

static gboolean
finding_commit_cb (gpointer data)
{
  ReviewWorkspace *self = data;

  self->finding_commit_id = 0;
  commit_finding_details (self);
  return G_SOURCE_REMOVE;
}

static void
finding_detail_changed_cb (ReviewWorkspace *self)
{
  if (self->loading)
    return;
  editing (self);
  g_clear_handle_id (&self->finding_commit_id, g_source_remove);
  self->finding_commit_id = g_timeout_add (COMMIT_DELAY_MS, finding_commit_cb, self);
}

/* Drop-downs and the spin button are written at once. */
static void
finding_choice_changed_cb (ReviewWorkspace *self)
{
  if (!self->loading)
    commit_finding_details (self);
}

static void
update_finding_field (ReviewWorkspace *self,
                      const char      *field,
                      const char      *code)
{
  ReviewFindingRecord *r = selected_finding (self);
  g_autoptr(ReviewFindingRecord) edit = NULL;

  if (r == NULL)
    return;
  commit_finding_details (self);
  r = selected_finding (self);
  if (r == NULL)
    return;
  edit = review_finding_record_copy (r);
  if (g_str_equal (field, "finding_type"))
    g_free (edit->finding_type), edit->finding_type = g_strdup (code);
  else if (g_str_equal (field, "body_region"))
    g_free (edit->body_region), edit->body_region = g_strdup (code);
  else if (g_str_equal (field, "method"))
    g_free (edit->method), edit->method = g_strdup (code);
  review_history_update_finding_async (self->service, self->history, photo_uuid (self), edit,
                                       edited_cb, write_pending (self));
  replace_finding (self, edit);
}

static void
findings_row_selected_cb (GtkListBox      *box,
                          GtkListBoxRow   *row,
                          ReviewWorkspace *self)
{
  if (self->loading || row == NULL)
    return;
  select_finding (self, g_object_get_data (G_OBJECT (row), "finding"));
}

static void
region_activated_cb (ReviewAnnotationCanvas *canvas,
                     const char             *uuid,
                     ReviewWorkspace        *self)
{
  if (g_str_has_prefix (uuid, "number:"))
    return;
  select_finding (self, uuid);
}

/* --- the palette -------------------------------------------------------- */

static void
open_palette (ReviewWorkspace *self,
              PaletteMode      mode)
{
  static const struct { const char *list; const char *title; } lists[] = {
    [PALETTE_NEW_FINDING] = { "finding_types", N_("Finding type for the new region") },
    [PALETTE_CHANGE_TYPE] = { "finding_types", N_("Finding type") },
    [PALETTE_BODY_REGION] = { "body_regions", N_("Body region (Escape to skip)") },
    [PALETTE_METHOD] = { "methods", N_("Attributed method") },
  };

  GPtrArray *shared, *local;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  if (self->vocab == NULL)
    return;
  self->palette_mode = mode;
  shared = review_vocab_get_list (self->vocab, lists[mode].list);
  local = local_terms (self, lists[mode].list);
  for (guint i = 0; shared != NULL && i < shared->len; i++)
    g_ptr_array_add (entries, shared->pdata[i]);
  for (guint i = 0; local != NULL && i < local->len; i++)
    g_ptr_array_add (entries, local->pdata[i]);
  review_tag_palette_set_entries (self->palette, _(lists[mode].title), entries);
  /* The entries must outlive the palette's use of them. */
  g_clear_pointer (&self->palette_entries, g_ptr_array_unref);
  self->palette_entries = g_steal_pointer (&entries);
  review_tag_palette_set_can_add (self->palette, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->palette), TRUE);
  review_tag_palette_focus (self->palette);
}

static void
close_palette (ReviewWorkspace *self)
{
  self->palette_mode = PALETTE_CLOSED;
  gtk_widget_set_visible (GTK_WIDGET (self->palette), FALSE);
  g_array_set_size (self->pending_points, 0);
  review_annotation_canvas_set_pending (self->canvas, REVIEW_SHAPE_RECT, NULL, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
finding_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewHistoryOutcome) outcome =
    review_history_edit_finish (REVIEW_STORE_SERVICE (source), result, &error);
  ReviewWorkspace *self = p->self;
  gboolean waiting;

  if (write_done_elsewhere (p, error))
    return;
  waiting = self->palette_mode == PALETTE_WAITING;
  saved (self, error);
  if (outcome == NULL)
    {
      if (waiting)
        close_palette (self);
      return;
    }
  set_history_state (self, &outcome->state);
  g_free (self->selected);
  self->selected = g_strdup (outcome->uuid);
  /* Then where on the body, which may be skipped: once the finding is
   * listed, so that the choice has a finding to go to. */
  refresh_then (self, waiting ? AFTER_OPEN_BODY_REGION : AFTER_NOTHING);
}

static void
palette_chosen_cb (ReviewTagPalette *palette,
                   const char       *code,
                   ReviewWorkspace  *self)
{
  PaletteMode mode = self->palette_mode;

  switch (mode)
    {
    case PALETTE_NEW_FINDING:
      if (self->service == NULL)
        break;
      review_history_add_finding_async (self->service, self->history, photo_uuid (self),
                                        self->pending_shape,
                                        (const double *) self->pending_points->data,
                                        self->pending_points->len, code,
                                        finding_added_cb, write_pending (self));
      self->palette_mode = PALETTE_WAITING;
      g_array_set_size (self->pending_points, 0);
      review_annotation_canvas_set_pending (self->canvas, REVIEW_SHAPE_RECT, NULL, 0);
      return;
    case PALETTE_WAITING:
      return;
    case PALETTE_CHANGE_TYPE:
      update_finding_field (self, "finding_type", code);
      break;
    case PALETTE_BODY_REGION:
      update_finding_field (self, "body_region", code);
      break;
    case PALETTE_METHOD:
      update_finding_field (self, "method", code);
      break;
    case PALETTE_CLOSED:
    default:
      break;
    }
  close_palette (self);
}

static const char *
palette_list (PaletteMode mode)
{
  switch (mode)
    {
    case PALETTE_NEW_FINDING:
    case PALETTE_CHANGE_TYPE:
      return "finding_types";
    case PALETTE_BODY_REGION:
      return "body_regions";
    case PALETTE_METHOD:
      return "methods";
    case PALETTE_WAITING:
    case PALETTE_CLOSED:
    default:
      return NULL;
    }
}

static void
term_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  ReviewWorkspace *self = p->self;
  const char *list = p->text;
  const char *code = p->text2;

  review_local_term_add_finish (REVIEW_STORE_SERVICE (source), result, &error);
  if (write_done_elsewhere (p, error))
    return;
  if (error != NULL)
    {
      saved (self, error);
      return;
    }
  saved (self, NULL);
  /* Added to the cached list: the palette still points at its entries. */
  {
    GPtrArray *terms = local_terms (self, list);
    ReviewVocabEntry *e = g_new0 (ReviewVocabEntry, 1);
    e->code = g_strdup (code);
    e->en = g_strdup (p->text3);
    e->ar = g_strdup (p->text3);
    if (terms != NULL)
      g_ptr_array_add (terms, e);
    else
      review_local_term_free (e);
  }
  palette_chosen_cb (self->palette, code, self);
}

/* A term this vault needs and the vocabulary lacks: it gets a code of its
 * own ("local-…"), labelled with what was typed in both languages until a
 * translator corrects one of them. */
static void
palette_add_term_cb (ReviewTagPalette *palette,
                     const char       *text,
                     ReviewWorkspace  *self)
{
  const char *list = palette_list (self->palette_mode);
  g_autoptr(GString) code = g_string_new ("local-");
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  gboolean dash = FALSE;
  Pending *p;

  if (list == NULL || self->service == NULL)
    return;
  for (const char *c = ascii; *c != '\0' && code->len < 40; c++)
    {
      if (g_ascii_isalnum (*c))
        {
          g_string_append_c (code, g_ascii_tolower (*c));
          dash = FALSE;
        }
      else if (!dash && code->len > strlen ("local-"))
        {
          g_string_append_c (code, '-');
          dash = TRUE;
        }
    }
  while (code->len > 0 && code->str[code->len - 1] == '-')
    g_string_truncate (code, code->len - 1);
  /* Arabic alone leaves nothing ASCII: a short random code. */
  if (code->len <= strlen ("local-") || is_arabic_text (text))
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_string_truncate (code, strlen ("local-"));
      g_string_append_len (code, uuid, 8);
    }
  p = write_pending (self);
  p->text = g_strdup (list);
  p->text2 = g_strdup (code->str);
  p->text3 = g_strdup (text);
  review_local_term_add_async (self->service, list, code->str, text, text, term_added_cb, p);
}

static void
palette_cancelled_cb (ReviewTagPalette *palette,
                      ReviewWorkspace  *self)
{
  if (self->palette_mode == PALETTE_NEW_FINDING)
    toast (self, _("The region was not kept: it had no finding type."));
  close_palette (self);
}

static void
region_drawn_cb (ReviewAnnotationCanvas *canvas,
                 guint                   shape,
                 GVariant               *points,
                 ReviewWorkspace        *self)
{
  gsize n = 0;
  const double *p = g_variant_get_fixed_array (points, &n, sizeof (double));

  if (self->number_region_for != NULL)
    {
      g_autofree char *json = NULL;
      double box[4];
      char b[4][G_ASCII_DTOSTR_BUF_SIZE];

      /* A number's region is its bounding box. */
      box[0] = box[1] = 1;
      box[2] = box[3] = 0;
      if (shape == REVIEW_SHAPE_POLYGON)
        for (gsize i = 0; i + 1 < n; i += 2)
          {
            box[0] = MIN (box[0], p[i]);
            box[1] = MIN (box[1], p[i + 1]);
            box[2] = MAX (box[2], p[i]);
            box[3] = MAX (box[3], p[i + 1]);
          }
      else
        {
          box[0] = p[0];
          box[1] = p[1];
          box[2] = p[0] + p[2];
          box[3] = p[1] + p[3];
        }
      json = g_strdup_printf ("[%s,%s,%s,%s]",
                              g_ascii_formatd (b[0], sizeof b[0], "%.6f", box[0]),
                              g_ascii_formatd (b[1], sizeof b[1], "%.6f", box[1]),
                              g_ascii_formatd (b[2], sizeof b[2], "%.6f", box[2] - box[0]),
                              g_ascii_formatd (b[3], sizeof b[3], "%.6f", box[3] - box[1]));
      if (self->service != NULL)
        review_number_set_region_async (self->service, self->number_region_for, json,
                                        written_cb, write_pending (self));
      g_clear_pointer (&self->number_region_for, g_free);
      return;
    }
  self->pending_shape = (ReviewShape) shape;
  g_array_set_size (self->pending_points, 0);
  g_array_append_vals (self->pending_points, p, (guint) n);
  review_annotation_canvas_set_pending (self->canvas, self->pending_shape, p, (guint) n);
  open_palette (self, PALETTE_NEW_FINDING);
}

static void
choose_type_clicked_cb (ReviewWorkspace *self)
{
  open_palette (self, PALETTE_CHANGE_TYPE);
}

static void
choose_region_clicked_cb (ReviewWorkspace *self)
{
  open_palette (self, PALETTE_BODY_REGION);
}

static void
choose_method_clicked_cb (ReviewWorkspace *self)
{
  open_palette (self, PALETTE_METHOD);
}

/* --- the person --------------------------------------------------------- */

static char *
person_hit_label (ReviewPersonHit *hit)
{
  GString *s = g_string_new (NULL);

  if (*hit->name_ar)
    g_string_append (s, hit->name_ar);
  if (*hit->name_latin)
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", hit->name_latin);
  if (s->len == 0)
    g_string_append (s, _("Unnamed person"));
  if (*hit->numbers)
    g_string_append_printf (s, " · %s", hit->numbers);
  /* Translators: how many photos show this person */
  g_string_append_printf (s, " · ");
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", hit->n_photos),
                          hit->n_photos);
  return g_string_free (s, FALSE);
}

/* A search's serial: only the newest search of a list fills it. */
static Pending *
search_pending (ReviewWorkspace *self,
                GtkListBox      *box)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "serial")) + 1;
  Pending *p;

  g_object_set_data (G_OBJECT (box), "serial", GUINT_TO_POINTER (serial));
  p = pending_new (self);
  p->box = box;
  p->serial = serial;
  return p;
}

static gboolean
search_current (Pending *p)
{
  return pending_current (p) &&
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (p->box), "serial")) == p->serial;
}

static void
persons_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GPtrArray) hits = review_person_find_finish (REVIEW_STORE_SERVICE (source), result,
                                                         NULL);

  if (!search_current (p))
    return;
  clear_list_box (p->box);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      ReviewPersonHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *label = NULL;

      if (g_strcmp0 (hit->uuid, p->text) == 0)
        continue;
      label = person_hit_label (hit);
      gtk_list_box_append (p->box, row_with_label (label, "person", hit->uuid));
    }
}

static void
fill_person_rows (ReviewWorkspace *self,
                  GtkListBox      *box,
                  const char      *text,
                  const char      *exclude)
{
  Pending *p = search_pending (self, box);

  if (self->service == NULL || text == NULL || *text == '\0')
    {
      clear_list_box (box);
      pending_free (p);
      return;
    }
  p->text = g_strdup (exclude);
  review_person_find_async (self->service, text, 8, self->photo_cancellable, persons_found_cb, p);
}

static void
person_search_changed_cb (ReviewWorkspace *self)
{
  fill_person_rows (self, self->person_results,
                    gtk_editable_get_text (GTK_EDITABLE (self->person_search)), NULL);
}

static void
person_result_activated_cb (GtkListBox      *box,
                            GtkListBoxRow   *row,
                            ReviewWorkspace *self)
{
  if (self->service == NULL || self->photo == NULL)
    return;
  review_history_link_photo_async (self->service, self->history, photo_uuid (self),
                                   g_object_get_data (G_OBJECT (row), "person"), TRUE,
                                   edited_cb, write_pending (self));
  gtk_editable_set_text (GTK_EDITABLE (self->person_search), "");
}

static void
merge_search_changed_cb (ReviewWorkspace *self)
{
  fill_person_rows (self, self->merge_results,
                    gtk_editable_get_text (GTK_EDITABLE (self->merge_search)), self->person);
}

static void
merge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ReviewWorkspace  *self)
{
  const char *from = g_object_get_data (G_OBJECT (dialog), "from");

  if (g_strcmp0 (response, "merge") != 0 || self->person == NULL || self->service == NULL)
    return;
  review_person_merge_async (self->service, from, self->person, written_cb, write_pending (self));
  gtk_editable_set_text (GTK_EDITABLE (self->merge_search), "");
}

static void
merge_result_activated_cb (GtkListBox      *box,
                           GtkListBoxRow   *row,
                           ReviewWorkspace *self)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Merge These Persons?"),
                                   _("Their photos and numbers move to the person shown here. The "
                                     "other record is kept in the vault, marked as merged. This "
                                     "cannot be undone from the workspace."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "from",
                          g_strdup (g_object_get_data (G_OBJECT (row), "person")), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
person_fields_written_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewHistoryOutcome) outcome =
    review_history_edit_finish (REVIEW_STORE_SERVICE (source), result, &error);

  if (write_done_elsewhere (p, error))
    {
      /* The identification is recorded all the same: it needs a second
       * person, wherever the window is now. */
      if (outcome != NULL && outcome->awaiting_second)
        toast (p->self, _("Recorded. A second person must confirm this identification."));
      return;
    }
  if (outcome != NULL)
    {
      set_history_state (p->self, &outcome->state);
      if (outcome->awaiting_second)
        toast (p->self, _("Recorded. A second person must confirm this identification."));
    }
  saved (p->self, error);
  refresh (p->self);
}

static void
commit_person_fields (ReviewWorkspace *self)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *ident = NULL;
  const char *basis = NULL;

  g_clear_handle_id (&self->person_commit_id, g_source_remove);
  if (self->loading || self->service == NULL || self->person == NULL ||
      self->person_fields == NULL)
    return;
  /* What the vault will hold once this is written is what the next
   * commit compares with. */
  for (guint i = 0; i < G_N_ELEMENTS (person_entries); i++)
    {
      const char *now = entry_text (PERSON_ENTRY (self, i));
      const char *before = g_hash_table_lookup (self->person_fields, person_entries[i].field);

      if (g_strcmp0 (now, before ? before : "") == 0)
        continue;
      g_ptr_array_add (fields, g_strdup (person_entries[i].field));
      g_ptr_array_add (fields, g_strdup (now));
      g_hash_table_insert (self->person_fields, g_strdup (person_entries[i].field),
                           g_strdup (now));
    }
  if (g_strcmp0 (drop_get_code (self->sex_drop),
                 g_hash_table_lookup (self->person_fields, "sex")) != 0)
    {
      g_ptr_array_add (fields, g_strdup ("sex"));
      g_ptr_array_add (fields, g_strdup (drop_get_code (self->sex_drop)));
      g_hash_table_insert (self->person_fields, g_strdup ("sex"),
                           g_strdup (drop_get_code (self->sex_drop)));
    }
  if (g_strcmp0 (drop_get_code (self->ident_drop),
                 g_hash_table_lookup (self->person_fields, "identification_status")) != 0 ||
      g_strcmp0 (entry_text (self->basis_entry),
                 g_hash_table_lookup (self->person_fields, "identification_basis")) != 0)
    {
      ident = drop_get_code (self->ident_drop);
      basis = entry_text (self->basis_entry);
    }
  if (fields->len == 0 && ident == NULL)
    return;
  g_ptr_array_add (fields, NULL);
  review_history_set_person_fields_async (self->service, self->history, photo_uuid (self),
                                          self->person, (const char * const *) fields->pdata,
                                          ident, basis, person_fields_written_cb,
                                          write_pending (self));
  if (ident != NULL)
    {
      g_hash_table_insert (self->person_fields, g_strdup ("identification_status"),
                           g_strdup (ident));
      g_hash_table_insert (self->person_fields, g_strdup ("identification_basis"),
                           g_strdup (basis));
    }
}

static gboolean
person_commit_cb (gpointer data)
{
  ReviewWorkspace *self = data;

  self->person_commit_id = 0;
  commit_person_fields (self);
  return G_SOURCE_REMOVE;
}

static void
person_field_changed_cb (ReviewWorkspace *self)
{
  if (self->loading)
    return;
  editing (self);
  g_clear_handle_id (&self->person_commit_id, g_source_remove);
  self->person_commit_id = g_timeout_add (COMMIT_DELAY_MS, person_commit_cb, self);
}

static void
person_choice_changed_cb (ReviewWorkspace *self)
{
  if (!self->loading)
    commit_person_fields (self);
}

static void
facilities_found_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GPtrArray) hits = review_facility_find_finish (REVIEW_STORE_SERVICE (source), result,
                                                           NULL);
  ReviewWorkspace *self = p->self;

  if (!search_current (p))
    return;
  clear_list_box (self->facility_results);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      ReviewFacilityHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *label = NULL;
      const char *first = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL && *hit->name_ar
                          ? hit->name_ar : hit->name_en;
      const char *second = first == hit->name_ar ? hit->name_en : hit->name_ar;

      label = g_strdup_printf ("%s · %s · %s%s", first, second,
                               vocab_label (self, "facility_type", hit->type),
                               /* Translators: marks an entry of the shipped starter list */
                               hit->starter ? _(" · starter list") : "");
      gtk_list_box_append (self->facility_results, row_with_label (label, "facility", hit->uuid));
    }
  {
    /* Translators: %s is what the reviewer typed */
    g_autofree char *add = g_strdup_printf (_("Add “%s” as a new facility"), p->text);
    gtk_list_box_append (self->facility_results, row_with_label (add, "new-facility", p->text));
  }
}

static void
facility_search_changed_cb (ReviewWorkspace *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->facility_search));
  Pending *p = search_pending (self, self->facility_results);

  if (self->service == NULL || *text == '\0')
    {
      clear_list_box (self->facility_results);
      pending_free (p);
      return;
    }
  p->text = g_strdup (text);
  review_facility_find_async (self->service, text, 8, self->photo_cancellable,
                              facilities_found_cb, p);
}

static gboolean
is_arabic_text (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

static void
facility_result_activated_cb (GtkListBox      *box,
                              GtkListBoxRow   *row,
                              ReviewWorkspace *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "facility");
  const char *name = g_object_get_data (G_OBJECT (row), "new-facility");

  if (self->person == NULL || self->service == NULL)
    return;
  if (uuid != NULL || name != NULL)
    review_history_set_facility_async (self->service, self->history, photo_uuid (self),
                                       self->person, name != NULL ? NULL : uuid, name,
                                       edited_cb, write_pending (self));
  gtk_editable_set_text (GTK_EDITABLE (self->facility_search), "");
}

static void
show_numbers (ReviewWorkspace *self,
              GPtrArray       *numbers)
{
  const char *me = profile (self) != NULL ? review_profile_get_id (profile (self)) : NULL;

  clear_list_box (self->numbers_list);
  for (guint i = 0; numbers != NULL && i < numbers->len; i++)
    {
      ReviewNumberRecord *n = g_ptr_array_index (numbers, i);
      const char *kind = n->kind;
      GtkWidget *row, *box, *buttons, *mark, *second;
      g_autofree char *text = NULL;
      g_autofree char *target = NULL;

      for (guint k = 0; number_kinds[k] != NULL; k++)
        if (g_str_equal (n->kind, number_kinds[k]))
          kind = _(number_kind_names[k]);
      /* Translators: a number: its kind, the number, its legibility, whether a second
       * reader checked it */
      text = g_strdup_printf (_("%s %s · %s · %s"), kind, n->value,
                              vocab_label (self, "legibility", n->legibility),
                              *n->second_reader ? _("checked by a second reader")
                                                : _("not yet checked by a second reader"));
      row = row_with_label (text, "number", n->uuid);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      g_object_ref (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      {
        GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
        gtk_box_append (GTK_BOX (box), label);
        g_object_unref (label);
      }
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_widget_set_margin_start (buttons, 8);
      gtk_widget_set_margin_bottom (buttons, 6);
      target = g_strdup (n->uuid);
      mark = gtk_button_new_with_mnemonic (*n->region ? _("Mark Again on Photo")
                                                      : _("Mark Where It Was Read"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (mark), "workspace.mark-number");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (mark), "s", target);
      gtk_box_append (GTK_BOX (buttons), mark);
      if (*n->second_reader == '\0' && g_strcmp0 (n->transcribed_by, me) != 0)
        {
          second = gtk_button_new_with_mnemonic (_("Confirm Reading"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (second), "workspace.second-read");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (second), "s", target);
          gtk_box_append (GTK_BOX (buttons), second);
        }
      gtk_box_append (GTK_BOX (box), buttons);
      gtk_list_box_append (self->numbers_list, row);

      /* Where it was read, outlined on this photo. */
      if (*n->region && g_strcmp0 (n->photo_uuid, photo_uuid (self)) == 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          if (json_parser_load_from_data (parser, n->region, -1, NULL) &&
              JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
            {
              JsonArray *a = json_node_get_array (json_parser_get_root (parser));
              double box4[4];
              g_autofree char *id = g_strconcat ("number:", n->uuid, NULL);
              g_autofree char *label = g_strdup_printf ("%s %s", kind, n->value);

              for (guint k = 0; k < 4 && k < json_array_get_length (a); k++)
                box4[k] = json_array_get_double_element (a, k);
              if (json_array_get_length (a) == 4)
                review_annotation_canvas_add_region (self->canvas, id, REVIEW_SHAPE_RECT, box4, 4,
                                                     label);
            }
        }
    }
}

static void
family_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = review_family_list_finish (REVIEW_STORE_SERVICE (source),
                                                             result, &error);
  ReviewWorkspace *self = p->self;

  if (!search_current (p) || g_strcmp0 (self->person, p->text) != 0 ||
      !gtk_expander_get_expanded (self->family_expander))
    return;
  clear_list_box (self->family_list);
  if (contacts == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < contacts->len; i++)
    {
      ReviewFamilyContact *c = g_ptr_array_index (contacts, i);
      /* Translators: a family contact: name, relation, how to reach them */
      g_autofree char *text = g_strdup_printf (_("%s · %s · %s"), c->name, c->relation,
                                               c->contact);
      gtk_list_box_append (self->family_list, row_with_label (text, NULL, NULL));
    }
}

/* Family contacts are shown only while their expander is open; each
 * opening reads them again, and the reading is recorded. */
static void
show_family (ReviewWorkspace *self)
{
  Pending *p = search_pending (self, self->family_list);

  clear_list_box (self->family_list);
  if (self->service == NULL || self->person == NULL ||
      !gtk_expander_get_expanded (self->family_expander))
    {
      pending_free (p);
      return;
    }
  p->text = g_strdup (self->person);
  review_family_list_async (self->service, self->person, self->photo_cancellable,
                            family_listed_cb, p);
}

static void
family_expanded_cb (ReviewWorkspace *self)
{
  show_family (self);
}

static void
family_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = review_family_add_finish (REVIEW_STORE_SERVICE (source), result,
                                                    &error);
  ReviewWorkspace *self = p->self;

  if (write_done_elsewhere (p, error))
    return;
  saved (self, error);
  if (uuid == NULL && *entry_text (self->family_name_entry) == '\0' &&
      *entry_text (self->family_contact_entry) == '\0')
    {
      /* Not written: it is the reviewer's to try again. */
      gtk_editable_set_text (GTK_EDITABLE (self->family_name_entry), p->text);
      gtk_editable_set_text (GTK_EDITABLE (self->family_relation_entry), p->text2);
      gtk_editable_set_text (GTK_EDITABLE (self->family_contact_entry), p->text3);
    }
  show_family (self);
}

static void
add_family_contact_action (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  Pending *p;

  if (self->person == NULL || self->service == NULL ||
      (*entry_text (self->family_name_entry) == '\0' &&
       *entry_text (self->family_contact_entry) == '\0'))
    return;
  p = write_pending (self);
  p->text = g_strdup (entry_text (self->family_name_entry));
  p->text2 = g_strdup (entry_text (self->family_relation_entry));
  p->text3 = g_strdup (entry_text (self->family_contact_entry));
  review_family_add_async (self->service, self->person, p->text, p->text2, p->text3,
                           family_added_cb, p);
  /* Emptied at once, so that a second click does not write it twice. */
  gtk_editable_set_text (GTK_EDITABLE (self->family_name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->family_relation_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->family_contact_entry), "");
}

/* @view: what the vault holds; @same: the person shown until now is the
 * same one (what the reviewer is typing into their fields then stays). */
static void
show_person (ReviewWorkspace *self,
             ReviewPhotoView *view,
             gboolean         same)
{
  g_autoptr(GHashTable) before = g_steal_pointer (&self->person_fields);
  g_autofree char *label = NULL;
  const char *facility;

  same = same && before != NULL;
  if (self->person == NULL)
    {
      gtk_stack_set_visible_child_name (self->person_stack, "none");
      return;
    }
  self->person_fields = view->person_fields != NULL ? g_hash_table_ref (view->person_fields)
                                                    : NULL;
  if (self->person_fields == NULL)
    {
      gtk_stack_set_visible_child_name (self->person_stack, "none");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (person_entries); i++)
    set_entry_unless_edited (PERSON_ENTRY (self, i),
                             same ? g_hash_table_lookup (before, person_entries[i].field) : NULL,
                             same,
                             g_hash_table_lookup (self->person_fields, person_entries[i].field));
  drop_set_code (self->sex_drop, g_hash_table_lookup (self->person_fields, "sex"));
  drop_set_code (self->ident_drop,
                 g_hash_table_lookup (self->person_fields, "identification_status"));
  set_entry_unless_edited (self->basis_entry,
                           same ? g_hash_table_lookup (before, "identification_basis") : NULL,
                           same,
                           g_hash_table_lookup (self->person_fields, "identification_basis"));
  {
    guint n_photos = view->n_person_photos;
    g_autofree char *photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo",
                                                            "%u photos", n_photos), n_photos);
    /* Translators: the person shown: their identification status, how many
     * photos show them, then their identifier (a UUID, for merging vaults) */
    label = g_strdup_printf (_("%s · %s · %s"),
                             vocab_label (self, "identification_status",
                                          g_hash_table_lookup (self->person_fields,
                                                               "identification_status")),
                             photos, self->person);
  }
  gtk_label_set_label (self->person_label, label);

  facility = g_hash_table_lookup (self->person_fields, "facility_uuid");
  if (facility != NULL && *facility != '\0')
    {
      ReviewFacilityHit *hit = view->facility_hit;
      g_autofree char *text = hit ? g_strdup_printf ("%s · %s", hit->name_en, hit->name_ar)
                                  : g_strdup (facility);
      gtk_label_set_label (self->facility_label, text);
    }
  else
    gtk_label_set_label (self->facility_label, _("No facility recorded."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workspace.edit-facility",
                                 facility != NULL && *facility != '\0');
  show_numbers (self, view->numbers);
  gtk_stack_set_visible_child_name (self->person_stack, "linked");
}

/* --- notes -------------------------------------------------------------- */

static void
show_notes (ReviewWorkspace *self,
            GPtrArray       *notes)
{
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  self->notes = notes != NULL ? g_ptr_array_ref (notes) : NULL;
  clear_list_box (self->notes_list);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      ReviewNoteRecord *n = g_ptr_array_index (notes, i);
      g_autofree char *text = NULL;
      GtkWidget *row, *box, *label, *button;

      if (*n->translation_of)
        /* Translators: a translation of a note: its language code, then its text */
        text = g_strdup_printf (_("↳ Translation [%s]: %s"), n->lang, n->text);
      else
        /* Translators: a note: its language code, then its text */
        text = g_strdup_printf (_("[%s] %s"), n->lang, n->text);
      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      /* Each note in its own direction, whatever the interface's. */
      gtk_widget_set_direction (label, g_str_equal (n->lang, "ar") ? GTK_TEXT_DIR_RTL
                                                                   : GTK_TEXT_DIR_LTR);
      gtk_box_append (GTK_BOX (box), label);
      if (*n->translation_of == '\0')
        {
          button = gtk_button_new_with_mnemonic (_("_Translate"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "workspace.translate-note");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", n->uuid);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_box_append (GTK_BOX (box), button);
        }
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_list_box_append (self->notes_list, row);
    }
}

/* --- refresh ------------------------------------------------------------ */

static void
show_view (ReviewWorkspace *self,
           ReviewPhotoView *view,
           AfterRefresh     after)
{
  g_autoptr(GPtrArray) before = g_steal_pointer (&self->findings);
  const ReviewFindingRecord *selected_before = NULL;
  gboolean was_loading = self->loading;
  gboolean found = FALSE;
  gboolean same_person;

  self->loading = TRUE;

  drop_set_code (self->status_drop, view->status);

  for (guint i = 0; before != NULL && i < before->len; i++)
    if (g_strcmp0 (((ReviewFindingRecord *) before->pdata[i])->uuid, self->selected) == 0)
      selected_before = before->pdata[i];
  self->findings = view->findings != NULL ? g_ptr_array_ref (view->findings) : NULL;
  clear_list_box (self->findings_list);
  review_annotation_canvas_clear_regions (self->canvas);
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      ReviewFindingRecord *r = g_ptr_array_index (self->findings, i);
      g_autofree char *label = finding_label (self, r);
      GtkWidget *row = row_with_label (label, "finding", r->uuid);

      gtk_list_box_append (self->findings_list, row);
      review_annotation_canvas_add_region (self->canvas, r->uuid, r->shape, r->points,
                                           r->n_points, label);
      if (g_strcmp0 (r->uuid, self->selected) == 0)
        {
          gtk_list_box_select_row (self->findings_list, GTK_LIST_BOX_ROW (row));
          found = TRUE;
        }
    }
  if (!found)
    g_clear_pointer (&self->selected, g_free);
  review_annotation_canvas_select (self->canvas, self->selected);
  show_finding_details (self, found ? selected_before : NULL);

  same_person = self->person != NULL && g_strcmp0 (self->person, view->person) == 0;
  if (g_strcmp0 (self->person, view->person) != 0)
    gtk_expander_set_expanded (self->family_expander, FALSE);
  g_free (self->person);
  self->person = g_strdup (view->person);
  show_person (self, view, same_person);
  show_notes (self, view->notes);
  set_history_state (self, &view->history);
  self->loading = was_loading;

  switch (after)
    {
    case AFTER_OPEN_BODY_REGION:
      if (self->palette_mode == PALETTE_WAITING)
        open_palette (self, PALETTE_BODY_REGION);
      break;
    case AFTER_FOCUS_NAME:
      self->creating_person = FALSE;
      gtk_widget_grab_focus (GTK_WIDGET (self->name_ar_entry));
      break;
    case AFTER_NOTHING:
    default:
      break;
    }
}

static void
view_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(ReviewPhotoView) view = review_photo_view_load_finish (REVIEW_STORE_SERVICE (source),
                                                                   result, NULL);

  if (view == NULL || !pending_current (p))
    return;
  /* A view read before the last write is left for the one that follows
   * that write, unless the edit it follows has more to do (at once, as
   * the reviewer expects it). */
  if (p->writes != p->self->writes_sent && p->after == AFTER_NOTHING)
    return;
  show_view (p->self, view, p->after);
}

/* Reads the photo again, after every write asked for so far; then does
 * @after. */
static void
refresh_then (ReviewWorkspace *self,
              AfterRefresh     after)
{
  Pending *p;

  if (self->service == NULL || self->photo == NULL)
    return;
  p = pending_new (self);
  p->writes = self->writes_sent;
  p->after = after;
  review_photo_view_load_async (self->service, self->history, photo_uuid (self),
                                self->photo_cancellable, view_loaded_cb, p);
}

static void
refresh (ReviewWorkspace *self)
{
  refresh_then (self, AFTER_NOTHING);
}

/* --- actions ------------------------------------------------------------ */

static void
flush (ReviewWorkspace *self)
{
  if (self->finding_commit_id != 0)
    commit_finding_details (self);
  if (self->person_commit_id != 0)
    commit_person_fields (self);
}

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewHistoryOutcome) outcome =
    review_history_undo_finish (REVIEW_STORE_SERVICE (source), result, &error);
  ReviewWorkspace *self = p->self;
  gboolean redo = GPOINTER_TO_UINT (p->serial);

  if (outcome != NULL && error == NULL && outcome->error != NULL)
    error = g_error_copy (outcome->error);
  if (write_done_elsewhere (p, error))
    return;
  if (outcome != NULL && outcome->where == NULL)
    {
      /* Nothing to undo: nothing was written, the view stays. */
      refresh (self);
      return;
    }
  if (outcome != NULL && g_strcmp0 (outcome->where, photo_uuid (self)) != 0)
    toast (self, redo ? _("Redone on another photo.") : _("Undone on another photo."));
  if (outcome != NULL)
    set_history_state (self, &outcome->state);
  saved (self, error);
  refresh (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  gboolean redo = g_str_equal (name, "workspace.redo");
  Pending *p;

  if (self->service == NULL)
    return;
  flush (self);
  p = write_pending (self);
  p->serial = redo;
  review_history_undo_async (self->service, self->history, redo, undone_cb, p);
}

static void
tool_changed (ReviewWorkspace *self)
{
  static const char * const names[] = { "none", "rect", "ellipse", "polygon" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (self->tool, names[i]) == 0)
      review_annotation_canvas_set_tool (self->canvas, (ReviewTool) i);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  if (g_str_equal (name, "workspace.zoom-in"))
    review_annotation_canvas_zoom (self->canvas, 1.25);
  else if (g_str_equal (name, "workspace.zoom-out"))
    review_annotation_canvas_zoom (self->canvas, 0.8);
  else
    review_annotation_canvas_reset_zoom (self->canvas);
}

static void
new_region_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  if (self->photo != NULL)
    review_annotation_canvas_start_keyboard_region (self->canvas);
}

/* Ctrl+K: tag the region just drawn, or retag the selected finding, or
 * start a region from the keyboard. */
static void
focus_palette_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  if (self->photo == NULL)
    return;
  if (self->palette_mode != PALETTE_CLOSED)
    review_tag_palette_focus (self->palette);
  else if (selected_finding (self) != NULL)
    open_palette (self, PALETTE_CHANGE_TYPE);
  else
    review_annotation_canvas_start_keyboard_region (self->canvas);
}

static void
delete_finding_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  g_autofree char *uuid = g_strdup (self->selected);

  if (uuid == NULL || self->service == NULL)
    return;
  g_clear_handle_id (&self->finding_commit_id, g_source_remove);
  review_history_delete_finding_async (self->service, self->history, photo_uuid (self), uuid,
                                       edited_cb, write_pending (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
set_status (ReviewWorkspace *self,
            const char      *status)
{
  if (self->photo == NULL || self->service == NULL)
    return;
  review_history_set_status_async (self->service, self->history, photo_uuid (self), status,
                                   edited_cb, write_pending (self));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  set_status (REVIEW_WORKSPACE (widget), g_variant_get_string (param, NULL));
}

static void
status_drop_changed_cb (ReviewWorkspace *self)
{
  if (!self->loading)
    set_status (self, drop_get_code (self->status_drop));
}

static void
new_person_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  Pending *p;

  /* A second click while the first person is being made makes none. */
  if (self->photo == NULL || self->service == NULL || self->creating_person)
    return;
  self->creating_person = TRUE;
  p = write_pending (self);
  /* The name is typed next, once the person is shown. */
  p->after = AFTER_FOCUS_NAME;
  review_history_link_photo_async (self->service, self->history, photo_uuid (self), NULL, TRUE,
                                   edited_cb, p);
}

static void
unlink_person_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  if (self->person == NULL || self->service == NULL)
    return;
  commit_person_fields (self);
  review_history_link_photo_async (self->service, self->history, photo_uuid (self), self->person,
                                   FALSE, edited_cb, write_pending (self));
}

static void
edit_facility_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  const char *facility = self->person_fields
                         ? g_hash_table_lookup (self->person_fields, "facility_uuid") : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (facility == NULL || *facility == '\0')
    return;
  if (self->service == NULL)
    return;
  dialog = review_facility_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->service, facility);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
person_photos_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  g_autofree char *person = g_strdup (self->person);

  if (person == NULL)
    return;
  commit_person_fields (self);
  g_signal_emit (self, signals[SIGNAL_PERSON_PHOTOS], 0, person);
}

static void
number_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewNumberAdded) added = review_number_add_finish (REVIEW_STORE_SERVICE (source),
                                                                 result, &error);
  ReviewWorkspace *self = p->self;

  if (added != NULL && added->error != NULL)
    error = g_error_copy (added->error);
  if (write_done_elsewhere (p, error))
    return;
  saved (self, error);
  if (added == NULL && *entry_text (self->number_entry) == '\0')
    /* Not written: the number is the reviewer's to try again. */
    gtk_editable_set_text (GTK_EDITABLE (self->number_entry), p->text);
  refresh (self);
}

static void
add_number_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  const char *kind = drop_get_code (self->number_kind_drop);
  const char *facility;
  Pending *p;

  if (self->person == NULL || self->service == NULL)
    return;
  /* A branch number belongs to the person's facility, when there is one. */
  facility = self->person_fields ? g_hash_table_lookup (self->person_fields, "facility_uuid") : NULL;
  p = write_pending (self);
  p->text = g_strdup (entry_text (self->number_entry));
  review_number_add_async (self->service, self->person, kind, entry_text (self->number_entry),
                           photo_uuid (self), drop_get_code (self->legibility_drop), facility,
                           number_added_cb, p);
  /* Emptied at once, so that a second Enter does not write it twice. */
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
}

static void
mark_number_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  g_free (self->number_region_for);
  self->number_region_for = g_variant_dup_string (param, NULL);
  toast (self, _("Draw a box around the number on the photo, or press Ctrl+N."));
  g_free (self->tool);
  self->tool = g_strdup ("rect");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
  tool_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
second_read_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);

  if (self->service == NULL)
    return;
  review_number_second_read_async (self->service, g_variant_get_string (param, NULL),
                                   written_cb, write_pending (self));
}

static void
translate_note_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  /* The notes as last read: the button was made from them. */
  GPtrArray *notes = self->notes;
  const char *uuid = g_variant_get_string (param, NULL);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      ReviewNoteRecord *n = g_ptr_array_index (notes, i);
      g_autofree char *text = NULL;

      if (!g_str_equal (n->uuid, uuid))
        continue;
      g_free (self->translation_of);
      self->translation_of = g_strdup (uuid);
      /* Translators: shown while writing a translation; %s is the original note */
      text = g_strdup_printf (_("Translating: %s"), n->text);
      gtk_label_set_label (self->translating_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->translating_label), TRUE);
      drop_set_code (self->note_lang_drop, g_str_equal (n->lang, "ar") ? "en" : "ar");
      gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
    }
}

static void
note_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = review_note_add_finish (REVIEW_STORE_SERVICE (source), result, &error);
  ReviewWorkspace *self = p->self;

  if (write_done_elsewhere (p, error))
    return;
  saved (self, error);
  if (uuid != NULL)
    {
      if (g_strcmp0 (self->translation_of, p->text2) == 0)
        {
          g_clear_pointer (&self->translation_of, g_free);
          gtk_widget_set_visible (GTK_WIDGET (self->translating_label), FALSE);
        }
    }
  else if (*entry_text (self->note_entry) == '\0')
    /* Not written: the text is the reviewer's to try again. */
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), p->text);
  refresh (self);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (widget);
  g_autofree char *text = g_strstrip (g_strdup (entry_text (self->note_entry)));

  Pending *p;

  if (self->photo == NULL || self->service == NULL || *text == '\0')
    return;
  p = write_pending (self);
  p->text = g_strdup (entry_text (self->note_entry));
  p->text2 = g_strdup (self->translation_of);
  review_note_add_async (self->service, photo_uuid (self), drop_get_code (self->note_lang_drop),
                         text, self->translation_of, note_added_cb, p);
  /* Emptied at once, so that a second Enter does not write it twice. */
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

/* --- API ---------------------------------------------------------------- */

static void
terms_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  g_autoptr(GHashTable) terms = review_local_terms_load_finish (REVIEW_STORE_SERVICE (source),
                                                                result, NULL);
  ReviewWorkspace *self = p->self;
  GHashTableIter iter;
  gpointer key, value;

  if (terms == NULL || p->serial != self->service_serial || self->service == NULL)
    return;
  g_hash_table_iter_init (&iter, terms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->local_terms, g_strdup (key), g_ptr_array_ref (value));
}

/**
 * review_workspace_set_service:
 * @service: (nullable): the open vault's store service; NULL when it closes
 *
 * What is being typed is written first, through the service it was typed
 * for.
 */
void
review_workspace_set_service (ReviewWorkspace    *self,
                              ReviewStoreService *service)
{
  /* Every vocabulary whose codes the workspace shows as labels. */
  static const char * const vocabularies[] = { "finding_types", "body_regions", "methods",
                                               "laterality", "legibility", "facility_type",
                                               "identification_status", NULL };

  g_return_if_fail (REVIEW_IS_WORKSPACE (self));
  g_return_if_fail (service == NULL || REVIEW_IS_STORE_SERVICE (service));

  flush (self);
  review_workspace_set_photo (self, NULL);
  g_set_object (&self->service, service);
  self->service_serial++;
  review_tag_palette_set_entries (self->palette, "", NULL);
  g_clear_pointer (&self->palette_entries, g_ptr_array_unref);
  g_hash_table_remove_all (self->local_terms);
  g_clear_object (&self->history);
  review_history_state_clear (&self->history_state);
  if (service != NULL)
    {
      Pending *p = pending_new (self);

      /* Only ever changed in the service's worker. */
      self->history = review_history_new (review_store_service_get_vault (service));
      p->serial = self->service_serial;
      review_local_terms_load_async (service, vocabularies, NULL, terms_loaded_cb, p);
    }
}

void
review_workspace_set_photo (ReviewWorkspace *self,
                            ReviewPhoto     *photo)
{
  g_return_if_fail (REVIEW_IS_WORKSPACE (self));

  flush (self);
  if (self->palette_mode != PALETTE_CLOSED)
    {
      self->palette_mode = PALETTE_CLOSED;
      gtk_widget_set_visible (GTK_WIDGET (self->palette), FALSE);
    }
  g_array_set_size (self->pending_points, 0);
  review_annotation_canvas_set_pending (self->canvas, REVIEW_SHAPE_RECT, NULL, 0);
  g_clear_pointer (&self->number_region_for, g_free);
  g_clear_pointer (&self->translation_of, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->translating_label), FALSE);
  review_annotation_canvas_cancel_drawing (self->canvas);
  review_annotation_canvas_reset_zoom (self->canvas);
  if (self->photo != photo)
    g_clear_pointer (&self->selected, g_free);
  g_set_object (&self->photo, photo);
  /* Results about the photo shown until now are not shown; its reads not
   * started are not run (its writes are). */
  self->generation++;
  if (self->photo_cancellable != NULL)
    g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  self->photo_cancellable = g_cancellable_new ();
  self->creating_person = FALSE;
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->person_fields, g_hash_table_unref);
  g_clear_pointer (&self->person, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  review_photo_tile_set_photo (review_annotation_canvas_get_tile (self->canvas), photo);
  review_damage_banner_set_reason (self->damage_banner,
                                   photo ? review_photo_get_damage (photo) : NULL);
  gtk_expander_set_expanded (self->family_expander, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->person_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->merge_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->facility_search), "");
  if (photo == NULL)
    {
      review_annotation_canvas_clear_regions (self->canvas);
      return;
    }
  refresh (self);
  gtk_label_set_label (self->saved_label, "");
}

ReviewPhotoTile *
review_workspace_get_tile (ReviewWorkspace *self)
{
  g_return_val_if_fail (REVIEW_IS_WORKSPACE (self), NULL);
  return review_annotation_canvas_get_tile (self->canvas);
}

/* Writes what is being typed now, before something else uses the vault. */
void
review_workspace_flush (ReviewWorkspace *self)
{
  g_return_if_fail (REVIEW_IS_WORKSPACE (self));
  flush (self);
}

/* The person the photo shows, if any. */
const char *
review_workspace_get_person (ReviewWorkspace *self)
{
  g_return_val_if_fail (REVIEW_IS_WORKSPACE (self), NULL);
  return self->photo != NULL ? self->person : NULL;
}

ReviewHistory *
review_workspace_get_history (ReviewWorkspace *self)
{
  g_return_val_if_fail (REVIEW_IS_WORKSPACE (self), NULL);
  return self->history;
}

static gboolean
focus_canvas_cb (gpointer data)
{
  ReviewWorkspace *self = data;

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return G_SOURCE_REMOVE;
}

/* After the click or key that opened the photo has been handled, so that
 * the widget it landed on does not take the focus back. */
void
review_workspace_focus_photo (ReviewWorkspace *self)
{
  g_return_if_fail (REVIEW_IS_WORKSPACE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  g_idle_add_full (G_PRIORITY_DEFAULT, focus_canvas_cb, g_object_ref (self), g_object_unref);
}

GtkWidget *
review_workspace_new (void)
{
  return g_object_new (REVIEW_TYPE_WORKSPACE, NULL);
}

static void
review_workspace_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_string (value, self->tool);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
review_workspace_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_free (self->tool);
      self->tool = g_value_dup_string (value);
      if (self->tool == NULL)
        self->tool = g_strdup ("none");
      if (!g_str_equal (self->tool, "rect"))
        g_clear_pointer (&self->number_region_for, g_free);
      tool_changed (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
unmap_cb (ReviewWorkspace *self)
{
  flush (self);
}

static void
review_workspace_dispose (GObject *object)
{
  ReviewWorkspace *self = REVIEW_WORKSPACE (object);

  flush (self);
  g_clear_handle_id (&self->finding_commit_id, g_source_remove);
  g_clear_handle_id (&self->person_commit_id, g_source_remove);
  /* Results still to come are not shown. */
  self->generation++;
  self->service_serial++;
  if (self->photo_cancellable != NULL)
    g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REVIEW_TYPE_WORKSPACE);
  g_clear_object (&self->history);
  review_history_state_clear (&self->history_state);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_object (&self->service);
  g_clear_object (&self->photo);
  g_clear_pointer (&self->vocab, review_vocab_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->person_fields, g_hash_table_unref);
  g_clear_pointer (&self->pending_points, g_array_unref);
  g_clear_pointer (&self->palette_entries, g_ptr_array_unref);
  g_clear_pointer (&self->local_terms, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->person, g_free);
  g_clear_pointer (&self->tool, g_free);
  g_clear_pointer (&self->number_region_for, g_free);
  g_clear_pointer (&self->translation_of, g_free);
  G_OBJECT_CLASS (review_workspace_parent_class)->dispose (object);
}

static void
bind_shortcut (GtkWidgetClass  *widget_class,
               guint            keyval,
               GdkModifierType  mods,
               const char      *action,
               const char      *format,
               const char      *target)
{
  if (format != NULL)
    gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, format, target);
  else
    gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, NULL);
}

static void
review_workspace_class_init (ReviewWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const statuses[] = { "unreviewed", "in-progress", "done", "second-review",
                                           "verified" };
  static const char * const tools[] = { "none", "rect", "ellipse", "polygon" };
  static const guint tool_keys[] = { GDK_KEY_v, GDK_KEY_b, GDK_KEY_e, GDK_KEY_p };

  object_class->dispose = review_workspace_dispose;
  object_class->get_property = review_workspace_get_property;
  object_class->set_property = review_workspace_set_property;
  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REVIEW_TYPE_ANNOTATION_CANVAS);
  g_type_ensure (REVIEW_TYPE_TAG_PALETTE);
  g_type_ensure (REVIEW_TYPE_DAMAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Review/review-workspace.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ReviewWorkspace, name)
  BIND (paned); BIND (tool_none); BIND (saved_label); BIND (status_drop); BIND (canvas);
  BIND (damage_banner);
  BIND (palette); BIND (findings_list); BIND (finding_grid); BIND (finding_type_button);
  BIND (finding_type_button_label); BIND (region_button); BIND (region_button_label);
  BIND (laterality_drop); BIND (aspect_drop); BIND (timing_drop); BIND (certainty_drop);
  BIND (count_spin); BIND (size_entry); BIND (appearance_entry); BIND (finding_note_entry);
  BIND (method_button); BIND (method_button_label); BIND (consistency_drop);
  BIND (delete_finding_button);
  BIND (person_stack); BIND (person_search); BIND (person_results); BIND (person_label);
  BIND (name_ar_entry); BIND (name_latin_entry); BIND (father_entry); BIND (mother_entry);
  BIND (sex_drop); BIND (age_min_entry); BIND (age_max_entry); BIND (arrest_entry);
  BIND (last_seen_entry); BIND (death_recorded_entry); BIND (death_alleged_entry);
  BIND (marks_entry); BIND (ident_drop); BIND (basis_entry); BIND (facility_label);
  BIND (facility_search); BIND (facility_results); BIND (numbers_list); BIND (number_kind_drop);
  BIND (number_entry); BIND (legibility_drop); BIND (merge_search); BIND (merge_results);
  BIND (notes_list); BIND (family_expander); BIND (family_list); BIND (family_name_entry);
  BIND (family_relation_entry); BIND (family_contact_entry); BIND (translating_label); BIND (note_lang_drop); BIND (note_entry);
#undef BIND

  gtk_widget_class_install_property_action (widget_class, "workspace.tool", "tool");
  gtk_widget_class_install_action (widget_class, "workspace.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "workspace.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "workspace.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "workspace.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "workspace.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "workspace.new-region", NULL, new_region_action);
  gtk_widget_class_install_action (widget_class, "workspace.focus-palette", NULL,
                                   focus_palette_action);
  gtk_widget_class_install_action (widget_class, "workspace.delete-finding", NULL,
                                   delete_finding_action);
  gtk_widget_class_install_action (widget_class, "workspace.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "workspace.new-person", NULL, new_person_action);
  gtk_widget_class_install_action (widget_class, "workspace.unlink-person", NULL,
                                   unlink_person_action);
  gtk_widget_class_install_action (widget_class, "workspace.add-number", NULL, add_number_action);
  gtk_widget_class_install_action (widget_class, "workspace.add-family-contact", NULL,
                                   add_family_contact_action);
  gtk_widget_class_install_action (widget_class, "workspace.edit-facility", NULL,
                                   edit_facility_action);
  gtk_widget_class_install_action (widget_class, "workspace.person-photos", NULL,
                                   person_photos_action);
  /**
   * ReviewWorkspace::person-photos:
   * @person: the person's UUID
   *
   * The reviewer asked to see every photo of this person.
   */
  signals[SIGNAL_PERSON_PHOTOS] =
    g_signal_new ("person-photos", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "workspace.mark-number", "s", mark_number_action);
  gtk_widget_class_install_action (widget_class, "workspace.second-read", "s", second_read_action);
  gtk_widget_class_install_action (widget_class, "workspace.translate-note", "s",
                                   translate_note_action);
  gtk_widget_class_install_action (widget_class, "workspace.add-note", NULL, add_note_action);

  bind_shortcut (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "workspace.undo", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "workspace.redo",
                 NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "workspace.redo",
                 NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "workspace.redo", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "workspace.new-region", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "workspace.focus-palette", NULL,
                 NULL);
  bind_shortcut (widget_class, GDK_KEY_Delete, 0, "workspace.delete-finding", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "workspace.zoom-in", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "workspace.zoom-in", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "workspace.zoom-in", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "workspace.zoom-out", NULL, NULL);
  bind_shortcut (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "workspace.zoom-out", NULL,
                 NULL);
  bind_shortcut (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "workspace.zoom-reset", NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      bind_shortcut (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "workspace.set-status", "s",
                     statuses[i]);
      bind_shortcut (widget_class, GDK_KEY_KP_1 + i, GDK_CONTROL_MASK, "workspace.set-status", "s",
                     statuses[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, tool_keys[i], 0, "workspace.tool", "s",
                                           tools[i]);
    }
  gtk_widget_class_set_css_name (widget_class, "reviewworkspace");
}

static void
number_activated_cb (ReviewWorkspace *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "workspace.add-number", NULL);
}

static void
note_activated_cb (ReviewWorkspace *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "workspace.add-note", NULL);
}

static void
connect_entry (ReviewWorkspace *self,
               GtkEntry        *entry,
               GCallback        changed,
               GCallback        commit)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (entry, "changed", changed, self);
  g_signal_connect_swapped (entry, "activate", commit, self);
  g_signal_connect_swapped (focus, "leave", commit, self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

static void
review_workspace_init (ReviewWorkspace *self)
{
  static const char * const sexes[] = { "", "male", "female", "unknown", NULL };
  static const char * const langs[] = { "ar", "en", NULL };
  const char *sex_labels[] = { C_("choice", "—"), _("Male"), _("Female"), _("Unknown"), NULL };
  const char *kind_labels[G_N_ELEMENTS (number_kind_names)] = { NULL };
  const char *lang_labels[] = { _("Arabic"), _("English"), NULL };
  g_autoptr(GError) error = NULL;

  self->tool = g_strdup ("none");
  self->pending_points = g_array_new (FALSE, FALSE, sizeof (double));
  self->local_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The banner above the photo says it is damaged. */
  review_photo_tile_set_show_badge (review_annotation_canvas_get_tile (self->canvas), FALSE);
  self->vocab = review_vocab_load (&error);
  if (self->vocab == NULL)
    g_warning ("%s", error->message);

  setup_vocab_drop (self, self->status_drop, "review_status", FALSE);
  setup_vocab_drop (self, self->laterality_drop, "laterality", TRUE);
  setup_vocab_drop (self, self->aspect_drop, "aspect", TRUE);
  setup_vocab_drop (self, self->timing_drop, "timing", FALSE);
  setup_vocab_drop (self, self->certainty_drop, "certainty", TRUE);
  setup_vocab_drop (self, self->consistency_drop, "consistency", TRUE);
  setup_vocab_drop (self, self->ident_drop, "identification_status", FALSE);
  setup_vocab_drop (self, self->legibility_drop, "legibility", FALSE);
  setup_drop (self->sex_drop, sexes, sex_labels);
  for (guint k = 0; number_kind_names[k] != NULL; k++)
    kind_labels[k] = _(number_kind_names[k]);
  setup_drop (self->number_kind_drop, number_kinds, kind_labels);
  setup_drop (self->note_lang_drop, langs, lang_labels);
  drop_set_code (self->note_lang_drop,
                 gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "ar" : "en");

  {
    struct { GtkListBox *box; const char *text; } empty[] = {
      { self->findings_list, _("No findings yet. Choose a tool and draw a region, or press "
                               "Ctrl+N.") },
      { self->notes_list, _("No notes yet.") },
      { self->numbers_list, _("No numbers recorded.") },
    };
    for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
      {
        GtkWidget *label = gtk_label_new (empty[i].text);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_widget_set_margin_start (label, 8);
        gtk_widget_set_margin_end (label, 8);
        gtk_widget_set_margin_top (label, 8);
        gtk_widget_set_margin_bottom (label, 8);
        gtk_widget_add_css_class (label, "dim-label");
        gtk_list_box_set_placeholder (empty[i].box, label);
      }
  }
  g_signal_connect_object (self->canvas, "region-drawn", G_CALLBACK (region_drawn_cb), self, 0);
  g_signal_connect_object (self->canvas, "region-activated", G_CALLBACK (region_activated_cb),
                           self, 0);
  g_signal_connect_object (self->palette, "chosen", G_CALLBACK (palette_chosen_cb), self, 0);
  g_signal_connect_object (self->palette, "add-term", G_CALLBACK (palette_add_term_cb), self, 0);
  g_signal_connect_object (self->palette, "cancelled", G_CALLBACK (palette_cancelled_cb), self, 0);
  g_signal_connect_object (self->findings_list, "row-selected",
                           G_CALLBACK (findings_row_selected_cb), self, 0);
  g_signal_connect_swapped (self->status_drop, "notify::selected",
                            G_CALLBACK (status_drop_changed_cb), self);
  g_signal_connect_swapped (self->finding_type_button, "clicked",
                            G_CALLBACK (choose_type_clicked_cb), self);
  g_signal_connect_swapped (self->region_button, "clicked",
                            G_CALLBACK (choose_region_clicked_cb), self);
  g_signal_connect_swapped (self->method_button, "clicked",
                            G_CALLBACK (choose_method_clicked_cb), self);
  {
    GtkDropDown *choices[] = { self->laterality_drop, self->aspect_drop, self->timing_drop,
                               self->certainty_drop, self->consistency_drop };
    for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
      g_signal_connect_swapped (choices[i], "notify::selected",
                                G_CALLBACK (finding_choice_changed_cb), self);
    g_signal_connect_swapped (self->count_spin, "value-changed",
                              G_CALLBACK (finding_detail_changed_cb), self);
  }
  connect_entry (self, self->size_entry, G_CALLBACK (finding_detail_changed_cb),
                 G_CALLBACK (commit_finding_details));
  connect_entry (self, self->appearance_entry, G_CALLBACK (finding_detail_changed_cb),
                 G_CALLBACK (commit_finding_details));
  connect_entry (self, self->finding_note_entry, G_CALLBACK (finding_detail_changed_cb),
                 G_CALLBACK (commit_finding_details));
  for (guint i = 0; i < G_N_ELEMENTS (person_entries); i++)
    connect_entry (self, PERSON_ENTRY (self, i), G_CALLBACK (person_field_changed_cb),
                   G_CALLBACK (commit_person_fields));
  connect_entry (self, self->basis_entry, G_CALLBACK (person_field_changed_cb),
                 G_CALLBACK (commit_person_fields));
  g_signal_connect_swapped (self->sex_drop, "notify::selected",
                            G_CALLBACK (person_choice_changed_cb), self);
  g_signal_connect_swapped (self->ident_drop, "notify::selected",
                            G_CALLBACK (person_choice_changed_cb), self);

  g_signal_connect_swapped (self->family_expander, "notify::expanded",
                            G_CALLBACK (family_expanded_cb), self);
  g_signal_connect_swapped (self->person_search, "search-changed",
                            G_CALLBACK (person_search_changed_cb), self);
  g_signal_connect_object (self->person_results, "row-activated",
                           G_CALLBACK (person_result_activated_cb), self, 0);
  g_signal_connect_swapped (self->merge_search, "search-changed",
                            G_CALLBACK (merge_search_changed_cb), self);
  g_signal_connect_object (self->merge_results, "row-activated",
                           G_CALLBACK (merge_result_activated_cb), self, 0);
  g_signal_connect_swapped (self->facility_search, "search-changed",
                            G_CALLBACK (facility_search_changed_cb), self);
  g_signal_connect_object (self->facility_results, "row-activated",
                           G_CALLBACK (facility_result_activated_cb), self, 0);
  g_signal_connect_swapped (self->number_entry, "activate", G_CALLBACK (number_activated_cb),
                            self);
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (note_activated_cb), self);
  g_signal_connect_swapped (self, "unmap", G_CALLBACK (unmap_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workspace.delete-finding", FALSE);
}
