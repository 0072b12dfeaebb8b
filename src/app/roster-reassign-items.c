/* roster-reassign-items.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-reassign-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-labels.h"
#include "roster-reassign-items.h"
#include "roster-time.h"

/*
 * The items of a reassignment as the dialog shows them and the CSV writes
 * them: each item, its words (kind, outcome, reason, date), and its row in
 * the preview or the result, made a few dozen rows at a time between frames.
 */

void
roster_reassign_item_free (Item *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item->matter);
  g_free (item->date);
  g_free (item->receiver);
  g_free (item->reason);
  g_free (item);
}

Item *
roster_reassign_item_new (RosterWorkKind kind,
                          guint          order,
                          const char    *id,
                          const char    *title,
                          const char    *matter,
                          const char    *date)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->order = order;
  item->verdict = ROSTER_VERDICT_MOVES;
  item->id = g_strdup (id);
  item->title = g_strdup (title ? title : "");
  item->matter = g_strdup (matter);
  item->date = g_strdup (date);

  return item;
}

Item *
roster_reassign_item_copy (const Item *item)
{
  Item *copy = roster_reassign_item_new (item->kind, item->order, item->id, item->title, item->matter, item->date);

  copy->verdict = item->verdict;
  copy->receiver = g_strdup (item->receiver);
  copy->reason = g_strdup (item->reason);

  return copy;
}

gboolean
roster_reassign_item_same (const Item *a,
                           const Item *b)
{
  return a->kind == b->kind && a->verdict == b->verdict && g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->matter, b->matter) == 0 &&
         g_strcmp0 (a->date, b->date) == 0;
}

const char *
roster_reassign_kind_code (RosterWorkKind kind)
{
  static const char *const codes[] = {
    [ROSTER_WORK_MATTER] = "matter",
    [ROSTER_WORK_TASK] = "task",
    [ROSTER_WORK_EVENT] = "calendar_entry",
  };

  return codes[kind];
}

/* Words ------------------------------------------------------------------ */

char *
roster_reassign_open_work_text (const RosterOpenWork *work)
{
  g_autofree char *matters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u matter", "%u matters", work->matters),
                                              work->matters);
  g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", work->tasks),
                                            work->tasks);
  g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", work->events),
                                             work->events);

  /* Translators: a user's open matters, tasks and upcoming events. */
  return g_strdup_printf (_("%s, %s, %s"), matters, tasks, events);
}

static const char *
kind_text (RosterWorkKind kind)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return _("Matter");
    case ROSTER_WORK_TASK:
      return _("Task");
    case ROSTER_WORK_EVENT:
      return _("Calendar event");
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
kind_title (RosterWorkKind kind,
            guint          count)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return g_strdup_printf (_("Matters (%u)"), count);
    case ROSTER_WORK_TASK:
      return g_strdup_printf (_("Tasks (%u)"), count);
    case ROSTER_WORK_EVENT:
      return g_strdup_printf (_("Calendar Events (%u)"), count);
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
kind_icon (RosterWorkKind kind)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return "folder-documents-symbolic";
    case ROSTER_WORK_TASK:
      return "checkbox-checked-symbolic";
    case ROSTER_WORK_EVENT:
      return "x-office-calendar-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Why an item stays, in words. */
static const char *
reason_text (const char *reason)
{
  RosterVerdict verdict;

  /* The kind's group says which kind. */
  if (g_strcmp0 (reason, NO_RECEIVER) == 0)
    return _("Stays: no receiver chosen");

  if (roster_verdict_from_code (reason, &verdict) && verdict != ROSTER_VERDICT_MOVES)
    return roster_verdict_describe (verdict);

  /* A reason this version does not know: the server's word for it. */
  return reason ? reason : "";
}

static char *
moves_text (State       state,
            const char *receiver)
{
  switch (state)
    {
    case STATE_DONE:
      return g_strdup_printf (_("Moved to %s"), receiver);
    case STATE_QUEUED:
      return g_strdup_printf (_("Will move to %s"), receiver);
    case STATE_PREVIEW:
    case STATE_SENDING:
    default:
      return g_strdup_printf (_("Moves to %s"), receiver);
    }
}

/* Dates read as everywhere else in the window (roster-labels). */
static char *
date_text (const char *iso,
           gboolean    with_time)
{
  if (iso == NULL)
    return NULL;

  return with_time ? roster_labels_date_time (iso) : roster_labels_date (iso);
}

/* The row's title: a matter's number, a task's name, an event's summary. */
static const char *
item_title (const Item *item)
{
  if (item->kind == ROSTER_WORK_MATTER && item->matter != NULL && *item->matter != '\0')
    return item->matter;

  return *item->title != '\0' ? item->title : _("Untitled");
}

/* What becomes of the item. */
static char *
item_outcome (const Item *item,
              State       state)
{
  if (item->receiver != NULL)
    return moves_text (state, item->receiver);

  return g_strdup (reason_text (item->reason));
}

/* The row's details: the kind, the matter or its description, the date;
 * with @state, what becomes of the item too, as a screen reader says it. */
static char *
item_details (const Item *item,
              int         state)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, g_strdup (kind_text (item->kind)));
  if (item->kind == ROSTER_WORK_MATTER)
    {
      if (item->matter != NULL && *item->matter != '\0' && *item->title != '\0')
        g_ptr_array_add (parts, g_strdup (item->title));
    }
  else
    {
      g_ptr_array_add (parts, g_strdup (item->matter ? item->matter : _("No matter")));
      if (item->kind == ROSTER_WORK_TASK && item->date != NULL)
        {
          g_autofree char *due = date_text (item->date, FALSE);

          g_ptr_array_add (parts, g_strdup_printf (_("Due %s"), due));
        }
      else if (item->kind == ROSTER_WORK_EVENT && item->date != NULL)
        g_ptr_array_add (parts, date_text (item->date, TRUE));
    }

  if (state >= 0)
    g_ptr_array_add (parts, item_outcome (item, state));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

GPtrArray *
roster_reassign_copy_items (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_new_full (items->len, (GDestroyNotify) roster_reassign_item_free);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (copy, roster_reassign_item_copy (g_ptr_array_index (items, i)));

  return copy;
}

const char *
roster_reassign_member_string (JsonObject *object,
                               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
roster_reassign_member_object (JsonObject *object,
                               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
roster_reassign_member_array (JsonObject *object,
                              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An id as the server wrote it: a number, or a calendar entry's string. */
char *
roster_reassign_member_id (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* What the server did, item by item, from its answer; a kind sent to
* nobody the server leaves out, and the preview says what it held. */
void
roster_reassign_count_items (GPtrArray *items,
                             int        kind,
                             guint     *moves,
                             guint     *stays)
{
  *moves = *stays = 0;
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (kind >= 0 && item->kind != (RosterWorkKind) kind)
        continue;
      if (item->receiver != NULL)
        (*moves)++;
      else
        (*stays)++;
    }
}

/* Rows ------------------------------------------------------------------- */

/* A row is light, for a list can be long: the kind's icon, and three
 * lines that never wrap (measuring wrapped labels by the hundred holds the
 * window up): the title, the details, and what becomes of the item. For a
 * screen reader, the row is named by its title and described by the rest. */
void
roster_reassign_update_row (GtkWidget *row)
{
  const Item *item = g_object_get_data (G_OBJECT (row), "item");
  State state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (gtk_widget_get_parent (row)), "state"));
  g_autofree char *outcome = item_outcome (item, state);
  g_autofree char *description = item_details (item, state);

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "outcome"), outcome);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, item_title (item),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static GtkWidget *
add_line (GtkWidget  *box,
          const char *text,
          const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (box), label);

  return label;
}

static GtkWidget *
make_row (Item *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *details = item_details (item, -1);
  /* The details say the kind in words; the icon is for the eye. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", kind_icon (item->kind),
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  GtkWidget *outcome;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  add_line (lines, item_title (item), NULL);
  gtk_widget_add_css_class (add_line (lines, details, "caption"), "dim-label");
  outcome = add_line (lines, NULL, "caption");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), lines);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "item", item);
  g_object_set_data (G_OBJECT (row), "outcome", outcome);

  return row;
}

/* What moves first, then what stays, each in the server's order. */
static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  const Item *first = g_object_get_data (G_OBJECT (a), "item");
  const Item *second = g_object_get_data (G_OBJECT (b), "item");

  if ((first->receiver != NULL) != (second->receiver != NULL))
    return first->receiver != NULL ? -1 : 1;

  return first->order < second->order ? -1 : first->order > second->order;
}

/* A heading where what moves ends and what stays begins. */
static void
row_header (GtkListBoxRow *row,
            GtkListBoxRow *before,
            gpointer       user_data)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (row));
  const Item *item = g_object_get_data (G_OBJECT (row), "item");
  const Item *previous = before ? g_object_get_data (G_OBJECT (before), "item") : NULL;
  State state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list), "state"));
  guint count = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list), item->receiver ? "moves" : "stays"));
  g_autofree char *text = NULL;
  GtkWidget *header;

  if (previous != NULL && (previous->receiver != NULL) == (item->receiver != NULL))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (item->receiver != NULL)
    {
      g_autofree char *moves = moves_text (state, item->receiver);

      /* Translators: "Moves to Daniel García (12)". */
      text = g_strdup_printf (_("%s (%u)"), moves, count);
    }
  else
    text = g_strdup_printf (state == STATE_DONE ? _("Stayed (%u)")
                                                : state == STATE_QUEUED ? _("Will Stay (%u)") : _("Stays (%u)"),
                            count);

  header = gtk_list_box_row_get_header (row);
  if (!GTK_IS_LABEL (header))
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 12);
      gtk_widget_set_margin_top (header, 10);
      gtk_widget_set_margin_bottom (header, 6);
      gtk_widget_add_css_class (header, "heading");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_label (GTK_LABEL (header), text);
}

static GtkListBox *
make_list (const char *name,
           State       state)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_sort_func (GTK_LIST_BOX (list), sort_rows, NULL, NULL);
  gtk_list_box_set_header_func (GTK_LIST_BOX (list), row_header, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (list), "state", GINT_TO_POINTER (state));

  return GTK_LIST_BOX (list);
}

void
roster_reassign_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

void
roster_reassign_builder_stop (RowBuilder *builder)
{
  g_clear_handle_id (&builder->idle_id, g_source_remove);
  builder->items = NULL;
  for (guint kind = 0; kind < G_N_ELEMENTS (builder->lists); kind++)
    builder->lists[kind] = NULL;
  builder->next = 0;
}

static gboolean
builder_step (gpointer user_data)
{
  RowBuilder *builder = user_data;
  guint end = MIN (builder->next + ROWS_AT_A_TIME, builder->items->len);

  for (; builder->next < end; builder->next++)
    {
      Item *item = g_ptr_array_index (builder->items, builder->next);
      GtkWidget *row = make_row (item);

      gtk_list_box_append (builder->lists[item->kind], row);
      roster_reassign_update_row (row);
    }

  if (builder->next < builder->items->len)
    return G_SOURCE_CONTINUE;

  builder->idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Sets the counts that the headings of a kind's list show. */
void
roster_reassign_set_list_counts (GtkListBox *list,
                                 GPtrArray  *items,
                                 int         kind)
{
  guint moves, stays;

  roster_reassign_count_items (items, kind, &moves, &stays);
  g_object_set_data (G_OBJECT (list), "moves", GUINT_TO_POINTER (moves));
  g_object_set_data (G_OBJECT (list), "stays", GUINT_TO_POINTER (stays));
}

/* One group a kind of work, its rows made a few at a time. */
void
roster_reassign_show_items (RowBuilder *builder,
                            GtkBox     *box,
                            GtkWidget  *groups[3],
                            GPtrArray  *items,
                            State       state)
{
  roster_reassign_builder_stop (builder);
  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      g_autofree char *title = NULL;
      guint moves, stays;
      GtkWidget *group;

      if (groups != NULL && groups[kind] != NULL)
        {
          gtk_box_remove (box, groups[kind]);
          groups[kind] = NULL;
        }
      roster_reassign_count_items (items, kind, &moves, &stays);
      if (moves + stays == 0)
        continue;

      title = kind_title (kind, moves + stays);
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      builder->lists[kind] = make_list (title, state);
      roster_reassign_set_list_counts (builder->lists[kind], items, kind);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (builder->lists[kind]));
      gtk_box_append (box, group);
      if (groups != NULL)
        groups[kind] = group;
    }

  builder->items = items;
  builder->next = 0;
  builder->idle_id = g_idle_add (builder_step, builder);
}
