/* review-tag-palette.c
 *
 * A search entry over one vocabulary: each word typed must appear in the
 * code, the English label or the Arabic label (folded the same way as the
 * search index: case, accents, Arabic diacritics and letter forms). Down and
 * Up move through the matches, Enter chooses, Escape gives up. Stored
 * annotations get the code; people see the label in their language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-tag-palette.h"
#include "review-text.h"

struct _ReviewTagPalette
{
  GtkWidget           parent_instance;

  GtkLabel           *title;
  GtkSearchEntry     *entry;
  GtkListView        *list;
  GtkSingleSelection *selection;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkStringList      *codes;
  GHashTable         *entries;   /* code → const ReviewVocabEntry* */
  GHashTable         *folded;    /* code → folded "code en ar" */
  char              **words;     /* folded query words */
  GtkButton          *add_button;  /* "Add … as a local term" */
  GtkLabel           *add_label;
  gboolean            can_add;
};

enum {
  SIGNAL_CHOSEN,
  SIGNAL_CANCELLED,
  SIGNAL_ADD_TERM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReviewTagPalette, review_tag_palette, GTK_TYPE_WIDGET)

static gboolean
ui_is_arabic (void)
{
  return gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;
}

/* The entry's label in the interface language. */
const char *
review_tag_palette_label_for (const ReviewVocabEntry *entry)
{
  if (entry == NULL)
    return "";
  return ui_is_arabic () && entry->ar != NULL && *entry->ar ? entry->ar : entry->en;
}

static gboolean
match_func (gpointer item,
            gpointer user_data)
{
  ReviewTagPalette *self = user_data;
  const char *code = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  const char *haystack = g_hash_table_lookup (self->folded, code);

  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    if (haystack == NULL || strstr (haystack, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
search_changed_cb (ReviewTagPalette *self)
{
  g_autofree char *folded = review_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  g_strfreev (self->words);
  self->words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  /* Drop empty words left by repeated spaces. */
  {
    guint j = 0;
    for (guint i = 0; self->words[i] != NULL; i++)
      {
        if (*self->words[i] == '\0')
          g_free (self->words[i]);
        else
          self->words[j++] = self->words[i];
      }
    self->words[j] = NULL;
  }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);

  /* What is typed may become a local term, unless a term has that label. */
  {
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
    g_autofree char *stripped = g_strstrip (g_strdup (text));
    gboolean exact = FALSE;
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->entries);
    while (!exact && g_hash_table_iter_next (&iter, NULL, &value))
      {
        const ReviewVocabEntry *e = value;
        exact = g_utf8_collate (stripped, e->en ? e->en : "") == 0 ||
                g_utf8_collate (stripped, e->ar ? e->ar : "") == 0;
      }
    gtk_widget_set_visible (GTK_WIDGET (self->add_button),
                            self->can_add && *stripped != '\0' && !exact);
    if (*stripped != '\0')
      {
        /* Translators: %s is what the reviewer typed in the palette */
        g_autofree char *label = g_strdup_printf (_("Add “%s” as a local term"), stripped);
        gtk_label_set_label (self->add_label, label);
      }
  }
}

static void
add_clicked_cb (ReviewTagPalette *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*text != '\0' && self->can_add)
    g_signal_emit (self, signals[SIGNAL_ADD_TERM], 0, text);
}

static void
choose (ReviewTagPalette *self,
        guint             position)
{
  g_autoptr(GtkStringObject) item = NULL;

  if (position == GTK_INVALID_LIST_POSITION ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, gtk_string_object_get_string (item));
}

static void
activate_cb (ReviewTagPalette *self)
{
  choose (self, gtk_single_selection_get_selected (self->selection));
}

static void
list_activate_cb (GtkListView      *list,
                  guint             position,
                  ReviewTagPalette *self)
{
  choose (self, position);
}

static void
move_selection (ReviewTagPalette *self,
                int               delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (n == 0)
    return;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else
    pos = (guint) CLAMP ((int) pos + delta, 0, (int) n - 1);
  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", pos);
}

static gboolean
entry_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              ReviewTagPalette      *self)
{
  switch (keyval)
    {
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
      move_selection (self, 8);
      return TRUE;
    case GDK_KEY_Page_Up:
      move_selection (self, -8);
      return TRUE;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
      if (state & GDK_CONTROL_MASK)
        {
          add_clicked_cb (self);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static void
stop_search_cb (ReviewTagPalette *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *other = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (other), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (other), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (other, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), other);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ReviewTagPalette         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *other = gtk_widget_get_next_sibling (label);
  const char *code = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const ReviewVocabEntry *entry = g_hash_table_lookup (self->entries, code);

  gtk_label_set_label (GTK_LABEL (label), review_tag_palette_label_for (entry));
  /* The other language beside it, so either can be checked at a glance. */
  gtk_label_set_label (GTK_LABEL (other),
                       entry == NULL ? "" : ui_is_arabic () ? entry->en : entry->ar);
}

/**
 * review_tag_palette_set_entries:
 * @entries: (element-type ReviewVocabEntry): borrowed; must outlive the palette's use
 */
void
review_tag_palette_set_can_add (ReviewTagPalette *self,
                                gboolean          can_add)
{
  g_return_if_fail (REVIEW_IS_TAG_PALETTE (self));
  self->can_add = can_add;
  search_changed_cb (self);
}

void
review_tag_palette_set_entries (ReviewTagPalette *self,
                                const char       *title,
                                GPtrArray        *entries)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_if_fail (REVIEW_IS_TAG_PALETTE (self));

  gtk_label_set_label (self->title, title);
  g_hash_table_remove_all (self->entries);
  g_hash_table_remove_all (self->folded);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const ReviewVocabEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *all = g_strdup_printf ("%s %s %s", e->code, e->en ? e->en : "",
                                              e->ar ? e->ar : "");

      g_hash_table_insert (self->entries, (gpointer) e->code, (gpointer) e);
      g_hash_table_insert (self->folded, (gpointer) e->code, review_text_fold (all));
      g_strv_builder_add (codes, e->code);
    }
  strv = g_strv_builder_end (codes);
  gtk_string_list_splice (self->codes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->codes)),
                          (const char * const *) strv);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  search_changed_cb (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
}

void
review_tag_palette_focus (ReviewTagPalette *self)
{
  g_return_if_fail (REVIEW_IS_TAG_PALETTE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

GtkWidget *
review_tag_palette_new (void)
{
  return g_object_new (REVIEW_TYPE_TAG_PALETTE, NULL);
}

static void
review_tag_palette_dispose (GObject *object)
{
  ReviewTagPalette *self = REVIEW_TAG_PALETTE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  g_clear_pointer (&self->words, g_strfreev);
  G_OBJECT_CLASS (review_tag_palette_parent_class)->dispose (object);
}

static void
review_tag_palette_class_init (ReviewTagPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = review_tag_palette_dispose;
  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ADD_TERM] =
    g_signal_new ("add-term", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewtagpalette");
}

static void
review_tag_palette_init (ReviewTagPalette *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->entries = g_hash_table_new (g_str_hash, g_str_equal);
  self->folded = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_widget_set_parent (GTK_WIDGET (self->title), GTK_WIDGET (self));

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, 0);
  gtk_widget_set_parent (GTK_WIDGET (self->entry), GTK_WIDGET (self));
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  self->codes = gtk_string_list_new (NULL);
  self->filter = gtk_custom_filter_new (match_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->codes),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect (self->list, "activate", G_CALLBACK (list_activate_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));

  self->add_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->add_label, PANGO_ELLIPSIZE_END);
  self->add_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->add_button, GTK_WIDGET (self->add_label));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->add_label, NULL, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                               _("A term of this vault only, with its own code (Ctrl+Enter)"));
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->add_button), GTK_WIDGET (self));
}
