/* roster-users-view.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-users-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "roster-labels.h"
#include "roster-outbox.h"
#include "roster-filtered-users.h"
#include "roster-user-slots.h"
#include "roster-spare-cells.h"
#include "roster-status-icon.h"
#include "roster-exit-when-drawn.h"
#include "roster-users-view.h"

/*
 * The firm's users as a table: a GtkColumnView over every cached user,
 * filtered in memory (Active, Deactivated or All, and the search text on
 * names and e-mail addresses) and sorted by the column a person picks. The
 * cache is read once a change; a keystroke only filters what is loaded,
 * so that it costs less than a frame even for a large firm.
 */

struct _RosterUsersView
{
  GtkWidget            parent_instance;

  RosterStore         *store;
  GListStore          *users;
  GHashTable          *open_work;   /* id → RosterOpenWork */
  GHashTable          *pending;     /* id → the RosterAction waiting to be sent for the user */
  gint64               me;          /* the signed-in user, marked "You" */
  gboolean             narrow;      /* two-line rows: name and address, and the status */
  RosterUserFilter     filter_mode;
  char                *searched;    /* the search text the filter last applied */
  char                *needle;      /* the same, case-folded, or NULL for none */
  guint                counting;    /* the open-work count last asked for */
  GPtrArray           *rest;        /* users still to add after the first screenful */
  guint                rest_source;

  GtkWidget           *toolbar;
  GtkWidget           *active_button;
  GtkWidget           *deactivated_button;
  GtkWidget           *all_button;
  GtkWidget           *search_entry;
  GtkWidget           *stack;
  GtkWidget           *column_view;
  GtkWidget           *empty_page;
  GtkWidget           *hidden_bar;
  GtkWidget           *hidden_label;
  GtkWidget           *summary_label;
  RosterFilteredUsers *filtered;
  GtkMultiSelection   *selection;
  GtkWidget           *select_button;
  GtkWidget           *selection_bar;
  GtkWidget           *selection_label;
  GtkWidget           *deactivate_selected_button;
};

G_DEFINE_FINAL_TYPE (RosterUsersView, roster_users_view, GTK_TYPE_WIDGET)

enum
{
  USER_ACTIVATED,
  OPEN_WORK_COUNTED,
  DEACTIVATE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GQuark search_key_quark;

/* What the search looks in: the name and the address, case-folded once. */
static const char *
search_key (RosterUser *user)
{
  char *key = g_object_get_qdata (G_OBJECT (user), search_key_quark);

  if (key == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", roster_user_get_name (user), roster_user_get_email (user));

      key = g_utf8_casefold (text, -1);
      g_object_set_qdata_full (G_OBJECT (user), search_key_quark, key, g_free);
    }

  return key;
}

static gboolean
filter_user (RosterUser *user,
             gpointer    user_data)
{
  RosterUsersView *self = user_data;

  if (self->filter_mode == ROSTER_USER_FILTER_ACTIVE && !roster_user_get_enabled (user))
    return FALSE;
  if (self->filter_mode == ROSTER_USER_FILTER_DEACTIVATED && roster_user_get_enabled (user))
    return FALSE;

  return self->needle == NULL || strstr (search_key (user), self->needle) != NULL;
}

/* What the filter looks for from now on. */
static void
set_searched (RosterUsersView *self,
              const char      *text)
{
  g_free (self->searched);
  self->searched = g_strdup (text);
  g_clear_pointer (&self->needle, g_free);
  if (text != NULL && *text != '\0')
    self->needle = g_utf8_casefold (text, -1);
}

/* A search under Active or Deactivated says how many users it found that
 * the filter hides, with a way to see them: "yuki" under Active must not
 * simply say nobody is called Yuki. */
static void
update_hidden_matches (RosterUsersView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->users));
  guint hidden = 0;
  g_autofree char *text = NULL;

  if (self->needle != NULL && self->filter_mode != ROSTER_USER_FILTER_ALL)
    for (guint i = 0; i < n; i++)
      {
        RosterUser *user = g_list_model_get_item (G_LIST_MODEL (self->users), i);

        if (roster_user_get_enabled (user) == (self->filter_mode == ROSTER_USER_FILTER_DEACTIVATED) &&
            strstr (search_key (user), self->needle) != NULL)
          hidden++;
        g_object_unref (user);
      }

  gtk_widget_set_visible (self->hidden_bar, hidden > 0);
  if (hidden == 0)
    return;

  if (self->filter_mode == ROSTER_USER_FILTER_ACTIVE)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deactivated user matches too, hidden by the filter",
                                         "%u deactivated users match too, hidden by the filter", hidden), hidden);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active user matches too, hidden by the filter",
                                         "%u active users match too, hidden by the filter", hidden), hidden);
  gtk_label_set_label (GTK_LABEL (self->hidden_label), text);
}

/* "21 active · 6 deactivated · 2 licenses unused", under the list. */
static void
update_summary (RosterUsersView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->users));
  guint active = 0;
  g_autofree char *active_text = NULL;
  g_autofree char *deactivated_text = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RosterAccount) account = self->store ? roster_store_get_account (self->store, NULL) : NULL;

  if (self->rest != NULL)
    n += self->rest->len;
  for (guint i = 0; i < n; i++)
    {
      RosterUser *user = i < g_list_model_get_n_items (G_LIST_MODEL (self->users))
                           ? g_list_model_get_item (G_LIST_MODEL (self->users), i)
                           : g_object_ref (g_ptr_array_index (self->rest, i - g_list_model_get_n_items (G_LIST_MODEL (self->users))));

      active += roster_user_get_enabled (user) ? 1 : 0;
      g_object_unref (user);
    }

  active_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active", "%u active", active), active);
  deactivated_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deactivated", "%u deactivated", n - active),
                                      n - active);
  if (account != NULL)
    {
      guint unused = (guint) MAX (roster_account_get_licenses_unused (account), 0);
      g_autofree char *unused_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u license unused",
                                                                   "%u licenses unused", unused), unused);

      /* Translators: active users, deactivated users and unused licenses. */
      text = g_strdup_printf (_("%s · %s · %s"), active_text, deactivated_text, unused_text);
    }
  else
    /* Translators: active users and deactivated users. */
    text = g_strdup_printf (_("%s · %s"), active_text, deactivated_text);
  gtk_label_set_label (GTK_LABEL (self->summary_label), text);
}

static void
update_empty_state (RosterUsersView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child (GTK_STACK (self->stack), empty ? self->empty_page
                                                              : gtk_widget_get_parent (self->column_view));
  update_hidden_matches (self);
}

static void
show_hidden_clicked (GtkButton       *button,
                     RosterUsersView *self)
{
  roster_users_view_set_filter (self, ROSTER_USER_FILTER_ALL);
}

/* Escape clears the search, and a second one leaves it. */
static void
search_stopped (GtkSearchEntry  *entry,
                RosterUsersView *self)
{
  roster_users_view_clear_search (self);
}

static void
refilter (RosterUsersView *self)
{
  set_searched (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  roster_filtered_users_refilter (self->filtered, GTK_FILTER_CHANGE_DIFFERENT);
  update_empty_state (self);
}

static void
filter_toggled (GtkToggleButton *button,
                RosterUsersView *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (GTK_WIDGET (button) == self->active_button)
    self->filter_mode = ROSTER_USER_FILTER_ACTIVE;
  else if (GTK_WIDGET (button) == self->deactivated_button)
    self->filter_mode = ROSTER_USER_FILTER_DEACTIVATED;
  else
    self->filter_mode = ROSTER_USER_FILTER_ALL;

  refilter (self);
}

/* A longer search only narrows what is shown, a shorter one only widens
 * it: the filter then looks at those items alone. */
static void
search_changed (GtkSearchEntry  *entry,
                RosterUsersView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  /* Said twice for one change (the entry says at once what is set from
   * code, and again after its delay): the list already shows it. */
  if (g_strcmp0 (self->searched ? self->searched : "", text) == 0)
    return;

  if (self->searched != NULL && strstr (text, self->searched) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->searched != NULL && strstr (self->searched, text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  set_searched (self, text);
  roster_filtered_users_refilter (self->filtered, change);
  update_empty_state (self);
}

/* Enter in the search opens the first user found: found with what was
 * typed, even when typed faster than the search entry's delay. */
static void
search_activated (GtkSearchEntry  *entry,
                  RosterUsersView *self)
{
  g_autoptr(RosterUser) first = NULL;

  if (g_strcmp0 (self->searched, gtk_editable_get_text (GTK_EDITABLE (entry))) != 0)
    search_changed (entry, self);
  first = g_list_model_get_item (G_LIST_MODEL (self->filtered), 0);

  if (first != NULL)
    g_signal_emit (self, signals[USER_ACTIVATED], 0, roster_user_get_id (first));
}

/* Down from the search goes into the list, as in GNOME's other lists. */
static gboolean
search_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    RosterUsersView       *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  return gtk_widget_child_focus (self->column_view, GTK_DIR_TAB_FORWARD);
}

/* Cells ------------------------------------------------------------------- */

typedef enum
{
  COLUMN_NAME,
  COLUMN_EMAIL,
  COLUMN_ROLE,
  COLUMN_SUBSCRIPTION,
  COLUMN_STATUS,
  COLUMN_PERSONAL_INJURY,
  COLUMN_MATTERS,
  COLUMN_TASKS,
  COLUMN_EVENTS,
  N_COLUMNS
} Column;

/* How many characters wide a column's cells are, the badges' aside. */
static const guint cell_chars[N_COLUMNS] = {
  [COLUMN_NAME] = 16,
  [COLUMN_EMAIL] = 28,
  [COLUMN_SUBSCRIPTION] = 9,
  [COLUMN_STATUS] = 8,
  [COLUMN_PERSONAL_INJURY] = 6,
  [COLUMN_MATTERS] = 4,
  [COLUMN_TASKS] = 4,
  [COLUMN_EVENTS] = 4,
};

/* A name or an address cut short is read whole in its tooltip: taken from
* the cell when asked, not set on every bind (a keystroke of the search
* rebinds every row shown, and setting tooltips there cost it tenfold). */
/* What a cell is made of, found again at each update without a lookup by
 * name: a keystroke updates some 1,800 cells. */
typedef struct
{
  RosterUsersView *view;
  Column           column;
  GtkWidget       *text;  /* the label or inscription showing the cell's text */
  GtkWidget       *you;   /* the Name column's "You" badge, once needed */
  GtkWidget       *email; /* the Name column's address in narrow windows, once needed */
} CellParts;

static GQuark cell_parts_quark;

static gboolean
inscription_tooltip (GtkWidget  *cell,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
tooltip_from_text (GtkWidget *cell)
{
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (inscription_tooltip), NULL);
}

/* The text of a cell of @column, cut short with an ellipsis. An
 * inscription's size does not follow its text: a row whose user changes as
 * the search does is redrawn, never measured again. */
static GtkWidget *
column_inscription (Column column)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), column >= COLUMN_MATTERS ? 1.0 : 0.0);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), MIN (cell_chars[column], 4));
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), cell_chars[column]);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (column >= COLUMN_MATTERS)
    gtk_widget_add_css_class (cell, "numeric");
  if (column == COLUMN_NAME || column == COLUMN_EMAIL)
    tooltip_from_text (cell);

  return cell;
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  CellParts *parts;
  RosterSpareCells *spare = g_object_get_data (G_OBJECT (factory), "spare-cells");
  GtkWidget *cell = roster_spare_cells_take (spare);

  if (cell != NULL)
    {
      roster_spare_cells_hold (item, cell);
      g_object_unref (cell);
      return;
    }

  parts = g_new0 (CellParts, 1);
  parts->view = g_object_get_data (G_OBJECT (factory), "view");
  parts->column = column;
  if (column == COLUMN_ROLE || column == COLUMN_STATUS)
    {
      /* A label as wide as its text, never cut short, so that a badge
       * shows all its words. */
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 0.0);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
      gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
    }
  else
    cell = column_inscription (column);

  parts->text = cell;

  /* The signed-in user's name has "You" beside it; in a narrow window,
   * the address goes under the name, its own column hidden. Both are
   * made for the rows that show them (name_cell_you(),
   * name_cell_address()). */
  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_box_append (GTK_BOX (line), cell);
      gtk_box_append (GTK_BOX (box), line);
      cell = box;
    }

  g_object_set_qdata_full (G_OBJECT (cell), cell_parts_quark, parts, g_free);
  roster_spare_cells_hold (item, cell);
}

/* A row going: its cell waits for the next row made (see roster-spare-cells.c). */
static void
teardown_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  roster_spare_cells_keep (g_object_get_data (G_OBJECT (factory), "spare-cells"), item);
}

static void
set_cell_text (CellParts  *parts,
               const char *text)
{
  if (GTK_IS_LABEL (parts->text))
    gtk_label_set_label (GTK_LABEL (parts->text), text);
  else
    gtk_inscription_set_text (GTK_INSCRIPTION (parts->text), text);
}

/* @user's count in one of the open work's columns (Matters, Tasks,
 * Events): 0 for a user with none, or before the count. */
static guint
open_work_in_column (RosterUsersView *self,
                     RosterUser      *user,
                     Column           column)
{
  static const RosterOpenWork none = { 0, 0, 0 };
  gint64 id = roster_user_get_id (user);
  const RosterOpenWork *work = self->open_work ? g_hash_table_lookup (self->open_work, &id) : NULL;

  if (work == NULL)
    work = &none;
  switch (column)
    {
    case COLUMN_MATTERS:
      return work->matters;
    case COLUMN_TASKS:
      return work->tasks;
    case COLUMN_EVENTS:
      return work->events;
    case COLUMN_NAME:
    case COLUMN_EMAIL:
    case COLUMN_ROLE:
    case COLUMN_SUBSCRIPTION:
    case COLUMN_STATUS:
    case COLUMN_PERSONAL_INJURY:
    case N_COLUMNS:
    default:
      g_return_val_if_reached (0);
    }
}

/* The Name cell's "You" badge, made the first time its row shows the
 * signed-in user: of a screenful of rows, one needs it (#17). */
static GtkWidget *
name_cell_you (CellParts *parts)
{
  if (parts->you == NULL)
    {
      parts->you = gtk_label_new (_("You"));
      gtk_widget_add_css_class (parts->you, "roster-badge");
      gtk_box_append (GTK_BOX (gtk_widget_get_parent (parts->text)), parts->you);
    }
  return parts->you;
}

/* The Name cell's second line, the address, made the first time its row
 * is shown in a narrow window. */
static GtkWidget *
name_cell_address (CellParts *parts)
{
  if (parts->email == NULL)
    {
      GtkWidget *line = gtk_widget_get_parent (parts->text);

      /* The E-mail column's cell, smaller and dimmed. */
      parts->email = column_inscription (COLUMN_EMAIL);
      gtk_widget_add_css_class (parts->email, "dim-label");
      gtk_widget_add_css_class (parts->email, "caption");
      gtk_box_append (GTK_BOX (gtk_widget_get_parent (line)), parts->email);
    }
  return parts->email;
}

/* Shows @user in one cell. */
static void
update_cell (GtkWidget  *cell,
             RosterUser *user)
{
  CellParts *parts = g_object_get_qdata (G_OBJECT (cell), cell_parts_quark);
  RosterUsersView *self = parts->view;
  Column column = parts->column;
  g_autofree char *number = NULL;
  const char *text = NULL;

  if (user == NULL)
    {
      set_cell_text (parts, "");
      return;
    }

  switch (column)
    {
    case COLUMN_NAME:
      {
        GtkWidget *name = parts->text;
        gboolean me = roster_user_get_id (user) == self->me;

        text = roster_user_get_name (user);
        if (me || parts->you != NULL)
          gtk_widget_set_visible (name_cell_you (parts), me);
        if (self->narrow || parts->email != NULL)
          {
            GtkWidget *email = name_cell_address (parts);

            gtk_widget_set_visible (email, self->narrow);
            gtk_inscription_set_text (GTK_INSCRIPTION (email), self->narrow ? roster_user_get_email (user) : NULL);
          }
        /* A deactivated user reads dimmed (and the Status badge says so). */
        if (roster_user_get_enabled (user))
          gtk_widget_remove_css_class (name, "dim-label");
        else
          gtk_widget_add_css_class (name, "dim-label");
      }
      break;
    case COLUMN_EMAIL:
      text = roster_user_get_email (user);
      break;
    case COLUMN_ROLE:
      text = roster_labels_role (user);
      /* The primary subscriber and administrators stand out. */
      if (roster_user_get_account_owner (user) || roster_user_get_admin (user))
        gtk_widget_add_css_class (cell, "roster-badge");
      else
        gtk_widget_remove_css_class (cell, "roster-badge");
      break;
    case COLUMN_SUBSCRIPTION:
      text = roster_labels_subscription (user);
      break;
    case COLUMN_STATUS:
      {
        gint64 id = roster_user_get_id (user);
        gpointer action = NULL;
        gboolean waiting = self->pending && g_hash_table_lookup_extended (self->pending, &id, NULL, &action);

        /* What waits to be sent shows as pending where the user looks. */
        text = waiting ? roster_labels_pending (GPOINTER_TO_INT (action)) : roster_labels_status (user);
        gtk_widget_add_css_class (cell, "roster-status");
        if (roster_user_get_enabled (user) || waiting)
          gtk_widget_remove_css_class (cell, "roster-deactivated");
        else
          gtk_widget_add_css_class (cell, "roster-deactivated");
        if (waiting)
          gtk_widget_add_css_class (cell, "roster-pending");
        else
          gtk_widget_remove_css_class (cell, "roster-pending");
      }
      break;
    case COLUMN_PERSONAL_INJURY:
      text = roster_user_get_personal_injury_license (user) ? _("Licensed") : "";
      break;
    /* Until the open work is counted, its cells are blank: a 0 would say
     * a user has none. */
    case COLUMN_MATTERS:
    case COLUMN_TASKS:
    case COLUMN_EVENTS:
      if (self->open_work != NULL)
        text = number = g_strdup_printf ("%u", open_work_in_column (self, user, column));
      else
        text = "";
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  set_cell_text (parts, text);
}

static void
slot_user_changed (RosterUserSlot *slot,
                   GParamSpec     *pspec,
                   GtkWidget      *cell)
{
  update_cell (cell, roster_user_slot_get_user (slot));
}

/* A row shows a slot; the slot's user changes as the search does. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RosterUserSlot *slot = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);

  update_cell (cell, roster_user_slot_get_user (slot));
  g_signal_connect_object (slot, "notify::user", G_CALLBACK (slot_user_changed), cell, 0);
  roster_user_slot_watch (slot);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  RosterUserSlot *slot = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_func (slot, slot_user_changed, gtk_list_item_get_child (item));
  roster_user_slot_unwatch (slot);
}

/* Sorting ----------------------------------------------------------------- */

static int
compare_users (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  RosterUsersView *self = g_object_get_data (G_OBJECT (user_data), "view");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "column"));
  RosterUser *first = (RosterUser *) a;
  RosterUser *second = (RosterUser *) b;
  int order = 0;

  switch (column)
    {
    case COLUMN_NAME:
      order = strcmp (roster_user_get_name_key (first), roster_user_get_name_key (second));
      break;
    case COLUMN_EMAIL:
      order = g_strcmp0 (roster_user_get_email (first), roster_user_get_email (second));
      break;
    case COLUMN_ROLE:
      order = (roster_user_get_account_owner (second) * 2 + roster_user_get_admin (second)) -
        (roster_user_get_account_owner (first) * 2 + roster_user_get_admin (first));
      break;
    case COLUMN_SUBSCRIPTION:
      order = g_strcmp0 (roster_user_get_subscription_type (first), roster_user_get_subscription_type (second));
      break;
    case COLUMN_STATUS:
      order = roster_user_get_enabled (second) - roster_user_get_enabled (first);
      break;
    case COLUMN_PERSONAL_INJURY:
      order = roster_user_get_personal_injury_license (second) - roster_user_get_personal_injury_license (first);
      break;
    case COLUMN_MATTERS:
    case COLUMN_TASKS:
    case COLUMN_EVENTS:
      order = (int) open_work_in_column (self, first, column) - (int) open_work_in_column (self, second, column);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  /* Ties by name, so that the order is the same every time. */
  if (order == 0 && column != COLUMN_NAME)
    order = strcmp (roster_user_get_name_key (first), roster_user_get_name_key (second));

  return order;
}

/* A column keeps at most as many spare cells as GTK 4.8 keeps rows (200
 * items and a few around them), so never more than it has shown at once. */
#define SPARE_CELLS 210

static void
add_column (RosterUsersView *self,
            Column           column,
            const char      *title,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_users, NULL, NULL);

  g_object_set_data (G_OBJECT (factory), "view", self);
  g_object_set_data_full (G_OBJECT (factory), "spare-cells", roster_spare_cells_new (SPARE_CELLS),
                          (GDestroyNotify) roster_spare_cells_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_text_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);

  /* The sorter's function finds the view and its column through it. */
  gtk_custom_sorter_set_sort_func (sorter, compare_users, sorter, NULL);
  g_object_set_data (G_OBJECT (sorter), "view", self);
  g_object_set_data (G_OBJECT (sorter), "column", GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (view_column, GTK_SORTER (sorter));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), view_column);

  g_object_unref (sorter);
  g_object_unref (view_column);
}

static void
row_activated (GtkColumnView   *view,
               guint            position,
               RosterUsersView *self)
{
  g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (user != NULL)
    g_signal_emit (self, signals[USER_ACTIVATED], 0, roster_user_get_id (user));
}

/* Several users at once -------------------------------------------------- */

static guint
count_selected (RosterUsersView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (selected);
}

static void
update_selection_bar (RosterUsersView *self)
{
  guint n = count_selected (self);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Select the users to act on: Ctrl or Shift and a click, or Ctrl+A for all shown"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user selected", "%u users selected", n), n);
  gtk_label_set_label (GTK_LABEL (self->selection_label), text);
  gtk_widget_set_sensitive (self->deactivate_selected_button, n > 0);
}

static void
selection_changed (GtkSelectionModel *model,
                   guint              position,
                   guint              n_items,
                   RosterUsersView   *self)
{
  update_selection_bar (self);
}

static void
selection_items_changed (GListModel      *model,
                         guint            position,
                         guint            removed,
                         guint            added,
                         RosterUsersView *self)
{
  /* Every keystroke of the search changes the items: count the selection
   * only when its bar is shown. */
  if (gtk_widget_get_visible (self->selection_bar))
    update_selection_bar (self);
}

/* In selection mode a click selects instead of opening the user's page. */
static void
select_toggled (GtkToggleButton *button,
                RosterUsersView *self)
{
  gboolean selecting = gtk_toggle_button_get_active (button);

  gtk_column_view_set_single_click_activate (GTK_COLUMN_VIEW (self->column_view), !selecting);
  gtk_column_view_set_enable_rubberband (GTK_COLUMN_VIEW (self->column_view), selecting);
  if (!selecting)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  /* Hidden, not only folded away: a control out of sight is out of the
   * accessibility tree too. */
  gtk_widget_set_visible (self->selection_bar, selecting);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->selection_bar), selecting);
  update_selection_bar (self);
}

static void
deactivate_selected_clicked (GtkButton       *button,
                             RosterUsersView *self)
{
  g_signal_emit (self, signals[DEACTIVATE_REQUESTED], 0);
}

/**
 * roster_users_view_set_selection_mode:
 *
 * Several users can be selected for one action; the bar at the foot says
 * how many and offers the action.
 */
void
roster_users_view_set_selection_mode (RosterUsersView *self,
                                      gboolean         selecting)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->select_button), selecting);
}

/**
 * roster_users_view_dup_selected_ids:
 *
 * Returns: (transfer full) (element-type gint64): the selected users' ids,
 *   in the list's order
 */
GArray *
roster_users_view_dup_selected_ids (RosterUsersView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
      gint64 id;

      if (user == NULL)
        continue;
      id = roster_user_get_id (user);
      g_array_append_val (ids, id);
    }

  return ids;
}

/* The widget --------------------------------------------------------------- */

static void
roster_users_view_dispose (GObject *object)
{
  RosterUsersView *self = ROSTER_USERS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_USERS_VIEW);

  g_clear_object (&self->store);
  g_clear_object (&self->filtered);
  g_clear_object (&self->users);
  g_clear_pointer (&self->open_work, g_hash_table_unref);
  g_clear_pointer (&self->searched, g_free);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_handle_id (&self->rest_source, g_source_remove);
  g_clear_pointer (&self->rest, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_users_view_parent_class)->dispose (object);
}

static void
roster_users_view_class_init (RosterUsersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_users_view_dispose;

  signals[USER_ACTIVATED] = g_signal_new ("user-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The open work of every user has been counted, behind the list. */
  signals[OPEN_WORK_COUNTED] = g_signal_new ("open-work-counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Deactivate… in the selection bar: roster_users_view_dup_selected_ids(). */
  signals[DEACTIVATE_REQUESTED] = g_signal_new ("deactivate-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rosterusersview");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/firmroster/Roster/roster-users-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, active_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, deactivated_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, all_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, hidden_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, show_hidden_clicked);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, select_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, RosterUsersView, deactivate_selected_button);
  gtk_widget_class_bind_template_callback (widget_class, select_toggled);
  gtk_widget_class_bind_template_callback (widget_class, deactivate_selected_clicked);

  cell_parts_quark = g_quark_from_static_string ("roster-cell-parts");
  search_key_quark = g_quark_from_static_string ("roster-search-key");
}

static void
roster_users_view_init (RosterUsersView *self)
{
  GtkSortListModel *sorted;
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  roster_status_page_defer_icon (ADW_STATUS_PAGE (self->empty_page));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->filter_mode = ROSTER_USER_FILTER_ACTIVE;

  /* Sorted, then filtered: a keystroke filters what is already in order,
   * and only a click on a heading sorts. */
  self->users = g_list_store_new (ROSTER_TYPE_USER);
  view_sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->column_view));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->users)), g_object_ref (view_sorter));
  self->filtered = roster_filtered_users_new (G_LIST_MODEL (sorted), filter_user, self);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (roster_user_slots_new (G_LIST_MODEL (self->filtered))));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed), self, 0);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (selection_items_changed), self, 0);
  gtk_column_view_set_model (GTK_COLUMN_VIEW (self->column_view), GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);

  add_column (self, COLUMN_NAME, _("Name"), TRUE);
  add_column (self, COLUMN_EMAIL, _("E-mail"), TRUE);
  add_column (self, COLUMN_ROLE, _("Role"), FALSE);
  add_column (self, COLUMN_SUBSCRIPTION, _("Subscription"), FALSE);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE);
  add_column (self, COLUMN_PERSONAL_INJURY, _("Personal Injury"), FALSE);
  add_column (self, COLUMN_MATTERS, _("Matters"), FALSE);
  add_column (self, COLUMN_TASKS, _("Tasks"), FALSE);
  add_column (self, COLUMN_EVENTS, _("Events"), FALSE);
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->column_view),
                                  g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view)), 0),
                                  GTK_SORT_ASCENDING);
}

GtkWidget *
roster_users_view_new (void)
{
  return g_object_new (ROSTER_TYPE_USERS_VIEW, NULL);
}

/**
 * roster_users_view_set_store:
 * @store: (nullable): the cache to show
 */
void
roster_users_view_set_store (RosterUsersView *self,
                             RosterStore     *store)
{
  g_return_if_fail (ROSTER_IS_USERS_VIEW (self));

  /* Another cache's counts say nothing of this one's users, whose ids
   * may be the same: blank until this one's are counted. */
  if (g_set_object (&self->store, store))
    g_clear_pointer (&self->open_work, g_hash_table_unref);
  /* Another account, or none: the last one's search is not this one's. */
  if (store == NULL)
    roster_users_view_clear_search (self);
  roster_users_view_reload (self);
}

/* On a worker thread, with a connection of its own: counting a large
 * firm's open work is not something the window waits for. */
static void
count_open_work (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(RosterStore) store = NULL;
  GError *error = NULL;

  store = roster_store_open (task_data, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, roster_store_open_work_counts (store, now_text), (GDestroyNotify) g_hash_table_unref);
}

static void
open_work_counted (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RosterUsersView *self = ROSTER_USERS_VIEW (source);
  g_autoptr(GError) error = NULL;
  GHashTable *counts = g_task_propagate_pointer (G_TASK (result), &error);
  GListModel *columns;

  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count the open work: %s", error->message);
      return;
    }
  /* A later reload asked for newer counts. */
  if (GPOINTER_TO_UINT (user_data) != self->counting)
    {
      g_hash_table_unref (counts);
      return;
    }

  g_clear_pointer (&self->open_work, g_hash_table_unref);
  self->open_work = counts;

  /* The counts' columns show them, and sort by them. */
  roster_user_slots_refresh (ROSTER_USER_SLOTS (gtk_multi_selection_get_model (self->selection)));
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view));
  for (guint i = COLUMN_MATTERS; i <= COLUMN_EVENTS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      gtk_sorter_changed (gtk_column_view_column_get_sorter (column), GTK_SORTER_CHANGE_DIFFERENT);
    }
  g_signal_emit (self, signals[OPEN_WORK_COUNTED], 0);

#ifdef __GLIBC__
  /* The count read a large firm's 800,000 rows through a connection of its
   * own, on a thread of its own: glibc keeps what that thread freed (about
   * 3.5 MiB, bench-app's settled memory) unless asked to give it back. */
  malloc_trim (0);
#endif
}

/* A row of the list is 22 px high at the default text size, and is never
 * less than this. */
#define ROW_MIN_HEIGHT 20
/* Of a window's height, the header bar, the list's toolbar, its column
 * titles and the summary under it take at least this much (about 170 px
 * at the default text size): what is left is the rows'. */
#define CHROME_MIN_HEIGHT 120
/* What a tall window shows, for a window whose height is not known. */
#define TALL_SCREENFUL 48

/* The rows the window can show at once: those a person waits for. More
 * are made for nothing before the first frame (nine cells each, #17);
 * fewer leave the window's foot blank until the rest come, right after
 * that frame. Before its first frame a window's surface may not have its
 * size yet: the size asked for is the window's default; a maximized
 * window's, its monitor's. */
static guint
first_screenful (RosterUsersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GdkSurface *surface;
  int width;
  int height;

  /* Called for a shown window alone, which has its surface. */
  if (!GTK_IS_WINDOW (root))
    return TALL_SCREENFUL;

  surface = gtk_native_get_surface (GTK_NATIVE (root));
  gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  height = MAX (height, gdk_surface_get_height (surface));
  if (gtk_window_is_maximized (GTK_WINDOW (root)) || gtk_window_is_fullscreen (GTK_WINDOW (root)))
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
      GdkRectangle geometry;

      if (monitor != NULL)
        {
          gdk_monitor_get_geometry (monitor, &geometry);
          height = MAX (height, geometry.height);
        }
    }

  /* A window of no size asked for: as many as a tall one shows. */
  return height > 1 ? (guint) MAX (height - CHROME_MIN_HEIGHT, 0) / ROW_MIN_HEIGHT + 1 : TALL_SCREENFUL;
}

/* Takes the @n first of @items in the list's order out of @items, which
 * keeps the rest in their own order, and returns them sorted. One look at
 * most users rather than a sort of them all before the first frame: the
 * list sorts the rest when they come, after it (#17). */
static GPtrArray *
take_first_in_view_order (RosterUsersView *self,
                          GPtrArray       *items,
                          guint            n)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->column_view));
  GPtrArray *first = g_ptr_array_new_full (n + 1, g_object_unref);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      guint low = 0;
      guint high = first->len;

      if (first->len == n && gtk_sorter_compare (sorter, item, g_ptr_array_index (first, n - 1)) != GTK_ORDERING_SMALLER)
        continue;

      /* After those it equals, as a stable sort keeps them. */
      while (low < high)
        {
          guint middle = low + (high - low) / 2;

          if (gtk_sorter_compare (sorter, item, g_ptr_array_index (first, middle)) == GTK_ORDERING_SMALLER)
            high = middle;
          else
            low = middle + 1;
        }
      g_ptr_array_insert (first, low, g_object_ref (item));
      if (first->len > n)
        g_ptr_array_remove_index (first, n);
    }

  for (guint i = 0; i < first->len; i++)
    g_ptr_array_remove (items, g_ptr_array_index (first, i));

  return first;
}

static gboolean
add_the_rest (gpointer user_data)
{
  RosterUsersView *self = user_data;

  self->rest_source = 0;
  g_list_store_splice (self->users, g_list_model_get_n_items (G_LIST_MODEL (self->users)), 0,
                       self->rest->pdata, self->rest->len);
  g_clear_pointer (&self->rest, g_ptr_array_unref);
  update_empty_state (self);

  return G_SOURCE_REMOVE;
}

/* Which users have a deactivation or a reactivation waiting to be sent. */
static void
read_pending (RosterUsersView *self)
{
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (self->store);
  g_autoptr(GPtrArray) waiting = roster_outbox_list_waiting (outbox, NULL);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      RosterOutboxEntry *entry = g_ptr_array_index (waiting, i);

      if (entry->action == ROSTER_ACTION_DEACTIVATE || entry->action == ROSTER_ACTION_ACTIVATE)
        g_hash_table_insert (self->pending, g_memdup2 (&entry->target_id, sizeof (gint64)),
                             GINT_TO_POINTER (entry->action));
    }
}

/**
 * roster_users_view_reload:
 *
 * Reads the users from the cache again at once, and their open work
 * behind them.
 */
void
roster_users_view_reload (RosterUsersView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint screenful;

  if (self->store != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, open_work_counted, GUINT_TO_POINTER (++self->counting));

      items = roster_store_read_users (self->store, ROSTER_USER_FILTER_ALL, NULL, &error);
      if (items == NULL)
        g_warning ("Cannot read the users: %s", error->message);
      read_pending (self);
      roster_exit_when_drawn_mark ("users-read");

      g_task_set_task_data (task, g_strdup (roster_database_get_path (roster_store_get_database (self->store))), g_free);
      g_task_run_in_thread (task, count_open_work);
    }
  else
    g_clear_pointer (&self->open_work, g_hash_table_unref);

  if (items == NULL)
    items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_handle_id (&self->rest_source, g_source_remove);
  g_clear_pointer (&self->rest, g_ptr_array_unref);

  /* The first time a shown window fills the list, a screenful comes first
   * and the rest after that screenful is painted: the list makes rows for
   * every item it might scroll to soon, and a person waits only for those
   * they can see. Otherwise, one splice and one change to redraw. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->users)) == 0 &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)))) &&
      items->len > (screenful = first_screenful (self)))
    {
      /* The screenful that comes first is the top of the list as sorted. */
      g_autoptr(GPtrArray) first = take_first_in_view_order (self, items, screenful);

      g_list_store_splice (self->users, 0, 0, first->pdata, first->len);
      self->rest = g_steal_pointer (&items);
      self->rest_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, add_the_rest, self, NULL);
    }
  else
    g_list_store_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                         items->pdata, items->len);
  update_empty_state (self);
  update_summary (self);
  roster_exit_when_drawn_mark ("users-listed");
}

/**
 * roster_users_view_set_filter:
 *
 * Shows active, deactivated or all users, as the buttons do.
 */
void
roster_users_view_set_filter (RosterUsersView *self,
                              RosterUserFilter filter)
{
  GtkWidget *buttons[] = { self->active_button, self->deactivated_button, self->all_button };

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (buttons[filter]), TRUE);
}

void
roster_users_view_set_search (RosterUsersView *self,
                              const char      *text)
{
  /* Setting the text first deletes the old one, and an empty search entry
   * says so at once: the list would show every user before showing those
   * found. And for the new text it waits a moment; the caller wants the
   * list now. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed, self);
  search_changed (GTK_SEARCH_ENTRY (self->search_entry), self);
}

/**
 * roster_users_view_clear_search:
 *
 * Returns: %TRUE when there was a search to clear
 */
gboolean
roster_users_view_clear_search (RosterUsersView *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    return FALSE;

  roster_users_view_set_search (self, "");
  return TRUE;
}

/* Under these widths, columns give way, the least read first: the list
 * never scrolls sideways and never cuts a name to a few letters. */
#define NARROW_WIDTH 600
#define MEDIUM_WIDTH 1000

static gboolean
column_shown (Column column,
              int    width)
{
  switch (column)
    {
    case COLUMN_NAME:
    case COLUMN_STATUS:
      return TRUE;
    case COLUMN_SUBSCRIPTION:
    case COLUMN_PERSONAL_INJURY:
      return width >= MEDIUM_WIDTH;
    case COLUMN_EMAIL:
    case COLUMN_ROLE:
    case COLUMN_MATTERS:
    case COLUMN_TASKS:
    case COLUMN_EVENTS:
      return width >= NARROW_WIDTH;
    case N_COLUMNS:
    default:
      g_return_val_if_reached (TRUE);
    }
}

/**
 * roster_users_view_set_width:
 * @width: the window's width
 *
 * Under about 600 pixels, two-line rows (name over address) and the
 * status, the rest hidden, and the search on a line of its own; under
 * 1,000, the subscription and the Personal Injury license hidden too.
 */
void
roster_users_view_set_width (RosterUsersView *self,
                             int              width)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view));
  gboolean narrow = width < NARROW_WIDTH;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column) != column_shown (i, width))
        gtk_column_view_column_set_visible (column, column_shown (i, width));
    }

  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  /* Moving the search takes its focus away: it is given back. */
  had_focus = focus != NULL && (focus == self->search_entry || gtk_widget_is_ancestor (focus, self->search_entry));
  g_object_ref (self->search_entry);
  gtk_grid_remove (GTK_GRID (self->toolbar), self->search_entry);
  if (narrow)
    gtk_grid_attach (GTK_GRID (self->toolbar), self->search_entry, 0, 1, 3, 1);
  else
    gtk_grid_attach (GTK_GRID (self->toolbar), self->search_entry, 1, 0, 1, 1);
  g_object_unref (self->search_entry);
  if (had_focus)
    gtk_widget_grab_focus (self->search_entry);
  /* Alone with the filters, Select keeps to the end of the line. */
  gtk_widget_set_hexpand (self->select_button, narrow);

  roster_user_slots_refresh (ROSTER_USER_SLOTS (gtk_multi_selection_get_model (self->selection)));
}

/**
 * roster_users_view_set_me:
 *
 * Marks the signed-in user's row "You".
 */
void
roster_users_view_set_me (RosterUsersView *self,
                          gint64           me)
{
  self->me = me;
}

GtkWidget *
roster_users_view_get_search_entry (RosterUsersView *self)
{
  return self->search_entry;
}

/**
 * roster_users_view_get_model:
 *
 * Returns: (transfer none): the users as shown: filtered and sorted
 */
GListModel *
roster_users_view_get_model (RosterUsersView *self)
{
  return G_LIST_MODEL (self->filtered);
}

/**
 * roster_users_view_sort_by:
 * @column: the column's number, from 0 (Name)
 *
 * Sorts as a click on the column's heading does.
 */
void
roster_users_view_sort_by (RosterUsersView *self,
                           guint            column,
                           GtkSortType      direction)
{
  g_autoptr(GtkColumnViewColumn) view_column =
    g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view)), column);

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->column_view), view_column, direction);
}
