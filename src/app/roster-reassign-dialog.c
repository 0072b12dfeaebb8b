/* roster-reassign-dialog.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-reassign-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-csv-export.h"
#include "roster-reassign-dialog.h"
#include "roster-reassign-items.h"
#include "roster-time.h"

/*
 * Reassign Work: one receiver for a user's matters, one for their tasks and
 * one for their calendar events, each an active user other than them, shown
 * with the open work they already have. Below, the preview from the cache:
 * every item of the user, kind by kind, what moves and what stays and why,
 * by the rules the server applies. Reassign queues the action through the
 * session; the result is the server's answer (what moved, what it left and
 * why, who was told), or, offline, that it waits for the next sync. The
 * result can be saved as CSV.
 *
 * Opened from the Deactivate dialog ("Reassign Work First…"), the user is
 * deactivated once the server has moved the work; offline, the
 * deactivation is queued behind the reassignment, which the outbox sends
 * first.
 *
 * A user may hold hundreds of items: their rows are made a few dozen at a
 * time, between frames, and choosing a receiver rewrites the rows of that
 * kind in place rather than making them again.
 */


struct _RosterReassignDialog
{
  AdwWindow       parent_instance;

  RosterSession  *session;
  gint64          user_id;
  char           *user_name;
  gboolean        then_deactivate;

  State           state;
  gboolean        blocked;             /* a refusal the cache can tell before anything is chosen */
  GPtrArray      *preview;             /* of Item, from the cache, with the cache's verdicts */
  guint           unjudged;
  gboolean        open_work_only;
  GtkStringList  *receiver_model;       /* "Name — open work", by position */
  GArray         *receiver_ids;        /* gint64 by position; 0 is Nobody */
  GPtrArray      *receiver_names;
  GPtrArray      *receiver_work;
  gint64          sent[3];             /* the receivers sent, by RosterWorkKind */
  gint64          entry_id;            /* the reassignment's outbox entry */
  gint64          deactivation_id;       /* the deactivation's, once queued */
  GPtrArray      *result;              /* of Item: what the result page shows and the CSV holds */
  RowBuilder      preview_rows;
  RowBuilder      result_rows;
  GtkWidget      *preview_groups[3];
  guint           pulse_id;
  GCancellable   *cancellable;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *cancel_button;
  GtkWidget      *reassign_button;
  GtkWidget      *done_button;
  GtkProgressBar *progress_bar;
  GtkStack       *stack;
  GtkWidget      *error_box;
  GtkLabel       *error_label;
  GtkLabel       *intro_label;
  GtkWidget      *receivers_group;
  AdwComboRow    *matters_row;
  AdwComboRow    *tasks_row;
  AdwComboRow    *events_row;
  GtkLabel       *summary_label;
  GtkLabel       *unjudged_label;
  GtkLabel       *open_work_label;
  GtkBox         *preview_items;
  GtkStack       *result_icon;
  GtkSpinner     *spinner;
  GtkLabel       *result_title;
  GtkLabel       *result_label;
  GtkLabel       *deactivation_label;
  GtkWidget      *save_button;
  GtkLabel       *saved_label;
  GtkBox         *result_items;
};

G_DEFINE_FINAL_TYPE (RosterReassignDialog, roster_reassign_dialog, ADW_TYPE_WINDOW)

static AdwComboRow *
receiver_row (RosterReassignDialog *self,
              RosterWorkKind kind)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return self->matters_row;
    case ROSTER_WORK_TASK:
      return self->tasks_row;
    case ROSTER_WORK_EVENT:
      return self->events_row;
    default:
      g_return_val_if_reached (NULL);
    }
}

static gint64
receiver_at (RosterReassignDialog *self,
             guint                 position)
{
  if (position == GTK_INVALID_LIST_POSITION || position >= self->receiver_ids->len)
    return 0;

  return g_array_index (self->receiver_ids, gint64, position);
}

static const char *
receiver_name (RosterReassignDialog *self,
               gint64                id)
{
  for (guint i = 1; i < self->receiver_ids->len; i++)
    if (g_array_index (self->receiver_ids, gint64, i) == id)
      return g_ptr_array_index (self->receiver_names, i);

  return NULL;
}

static void
chosen_receivers (RosterReassignDialog *self,
                  gint64                receivers[3])
{
  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    receivers[kind] = receiver_at (self, adw_combo_row_get_selected (receiver_row (self, kind)));
}

/* The items -------------------------------------------------------------- */

/* What reassigning to @receivers would do, from the cache's verdicts. */
static void
judge_items (RosterReassignDialog *self,
             GPtrArray            *items,
             const gint64          receivers[3])
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      g_clear_pointer (&item->receiver, g_free);
      g_clear_pointer (&item->reason, g_free);
      if (receivers[item->kind] == 0)
        item->reason = g_strdup (NO_RECEIVER);
      else if (item->verdict == ROSTER_VERDICT_MOVES)
        item->receiver = g_strdup (receiver_name (self, receivers[item->kind]));
      else
        item->reason = g_strdup (roster_verdict_to_code (item->verdict));
    }
}

static GPtrArray *
items_from_answer (RosterReassignDialog *self,
                   JsonObject           *data)
{
  static const struct
  {
    const char *member;
    const char *title;
    const char *date;
  } kinds[] = {
    [ROSTER_WORK_MATTER] = { "matters", "description", NULL },
    [ROSTER_WORK_TASK] = { "tasks", "name", "due_at" },
    [ROSTER_WORK_EVENT] = { "calendar_entries", "summary", "start_at" },
  };
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_reassign_item_free);

  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      JsonObject *part = roster_reassign_member_object (data, kinds[kind].member);
      const char *to = roster_reassign_member_string (roster_reassign_member_object (part, "to"), "name");

      if (self->sent[kind] == 0)
        {
          for (guint i = 0; i < self->preview->len; i++)
            {
              Item *item = g_ptr_array_index (self->preview, i);

              if (item->kind == kind)
                {
                  item = roster_reassign_item_copy (item);
                  item->order = items->len;
                  g_ptr_array_add (items, item);
                }
            }
          continue;
        }

      for (guint moved = 0; moved < 2; moved++)
        {
          JsonArray *list = roster_reassign_member_array (part, moved == 0 ? "moved" : "stayed");

          for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
            {
              JsonNode *node = json_array_get_element (list, i);
              JsonObject *object;
              g_autofree char *id = NULL;
              Item *item;

              if (!JSON_NODE_HOLDS_OBJECT (node))
                continue;
              object = json_node_get_object (node);
              id = roster_reassign_member_id (object);
              item = roster_reassign_item_new (kind, items->len, id, roster_reassign_member_string (object, kinds[kind].title),
                                               kind == ROSTER_WORK_MATTER ? roster_reassign_member_string (object, "display_number")
                                                          : roster_reassign_member_string (roster_reassign_member_object (object, "matter"),
                                                                                           "display_number"),
                                               kinds[kind].date ? roster_reassign_member_string (object, kinds[kind].date) : NULL);
              if (moved == 0)
                item->receiver = g_strdup (to ? to : receiver_name (self, self->sent[kind]));
              else
                item->reason = g_strdup (roster_reassign_member_string (object, "reason"));
              g_ptr_array_add (items, item);
            }
        }
    }

  return items;
}

/* The preview ------------------------------------------------------------ */

static void
show_error (RosterReassignDialog *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (self->error_box, message != NULL);
  if (message != NULL)
    {
      GtkWidget *scroller = gtk_stack_get_child_by_name (self->stack, "preview");

      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
    }
}

static void
update_actions (RosterReassignDialog *self)
{
  gint64 receivers[3];
  gboolean any;

  chosen_receivers (self, receivers);
  any = receivers[0] != 0 || receivers[1] != 0 || receivers[2] != 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.reassign",
                                 any && !self->blocked && self->state == STATE_PREVIEW);
  gtk_widget_set_sensitive (self->receivers_group, !self->blocked && self->state == STATE_PREVIEW);
}

/* The receivers chosen now, in the preview: the rows of each kind say what
 * becomes of them, rewritten in place. */
static void
update_preview (RosterReassignDialog *self)
{
  gint64 receivers[3];
  guint moves, stays;

  chosen_receivers (self, receivers);
  judge_items (self, self->preview, receivers);
  roster_reassign_count_items (self->preview, -1, &moves, &stays);

  if (self->preview->len == 0)
    gtk_label_set_label (self->summary_label, _("This user has no work to reassign"));
  else if (receivers[0] == 0 && receivers[1] == 0 && receivers[2] == 0)
    gtk_label_set_label (self->summary_label,
                         _("Choose a receiver for at least one kind of work: until then, everything stays"));
  else
    {
      g_autofree char *moving = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item moves",
                                                              "%u items move", moves), moves);
      g_autofree char *staying = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item stays",
                                                               "%u items stay", stays), stays);
      /* Translators: "12 items move, 30 items stay". */
      g_autofree char *summary = g_strdup_printf (_("%s, %s"), moving, staying);

      gtk_label_set_label (self->summary_label, summary);
    }

  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      GtkListBox *list = self->preview_rows.lists[kind];

      if (list == NULL)
        continue;
      roster_reassign_set_list_counts (list, self->preview, kind);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (GTK_IS_LIST_BOX_ROW (row))
          roster_reassign_update_row (row);
      gtk_list_box_invalidate_sort (list);
      gtk_list_box_invalidate_headers (list);
    }
  update_actions (self);
}

static GPtrArray *
read_preview (RosterReassignDialog *self,
              GError              **error)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GListStore) work = NULL;
  g_autoptr(RosterPreview) preview = NULL;
  GPtrArray *items;

  if (store == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) roster_reassign_item_free);

  work = roster_store_preview_items (store, self->user_id, now, error);
  if (work == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_reassign_item_free);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (work)); i++)
    {
      g_autoptr(RosterWorkItem) entry = g_list_model_get_item (G_LIST_MODEL (work), i);
      RosterWorkKind kind = roster_work_item_get_kind (entry);
      Item *item = roster_reassign_item_new (kind, i, roster_work_item_get_id_string (entry), roster_work_item_get_title (entry),
                                             roster_work_item_get_matter_number (entry),
                                             kind == ROSTER_WORK_MATTER ? NULL : roster_work_item_get_date (entry));

      item->verdict = roster_work_item_get_verdict (entry);
      g_ptr_array_add (items, item);
    }

  preview = roster_store_preview_reassignment (store, self->user_id, now, NULL);
  self->unjudged = preview ? preview->unjudged : 0;
  self->open_work_only = preview ? preview->open_work_only : FALSE;

  return items;
}

/* The user's work from the cache; the rows are made again only when it
 * changed. */
static void
load_preview (RosterReassignDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = read_preview (self, &error);
  gboolean same;

  if (items == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The preview cannot be read from the cache: %s"), error->message);

      show_error (self, message);
      return;
    }

  same = self->preview != NULL && self->preview->len == items->len;
  for (guint i = 0; same && i < items->len; i++)
    same = roster_reassign_item_same (g_ptr_array_index (items, i), g_ptr_array_index (self->preview, i));
  if (!same)
    {
      /* The old rows point at the old items: they go first. */
      g_autoptr(GPtrArray) old = g_steal_pointer (&self->preview);

      self->preview = g_steal_pointer (&items);
      judge_items (self, self->preview, (const gint64[3]) { 0, 0, 0 });
      roster_reassign_show_items (&self->preview_rows, self->preview_items, self->preview_groups, self->preview, STATE_PREVIEW);
    }

  if (self->unjudged > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u task or event is tied to a matter not synced yet: it "
                                                            "is shown as tied to no matter, and the server may "
                                                            "judge it otherwise.",
                                                            "%u tasks and events are tied to matters not synced yet: "
                                                            "they are shown as tied to no matter, and the server may "
                                                            "judge them otherwise.",
                                                            self->unjudged), self->unjudged);

      gtk_label_set_label (self->unjudged_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unjudged_label), self->unjudged > 0);

  /* The server's answer lists them; the cache holds open work alone. */
  if (self->open_work_only)
    {
      g_autofree char *text = g_strdup_printf (_("Closed matters, complete tasks and past calendar events are not synced, so "
                                                 "they are not listed: they stay with %s."), self->user_name);

      gtk_label_set_label (self->open_work_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->open_work_label), self->open_work_only);
}

/* The receivers ---------------------------------------------------------- */

static void
check_changed (AdwComboRow *row,
               GParamSpec  *pspec,
               GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_last_child (box);

  gtk_widget_set_opacity (check, adw_combo_row_get_selected (row) == gtk_list_item_get_position (list_item));
}

/* In the list, a receiver's name and, under it, their open work: in full,
 * where AdwComboRow's own would cut it. */
static void
receiver_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *work = gtk_label_new (NULL);
  /* The list tells which one is chosen; the check mark is for the eye. */
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (work), 0);
  gtk_label_set_wrap (GTK_LABEL (work), TRUE);
  gtk_widget_add_css_class (work, "caption");
  gtk_widget_add_css_class (work, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), work);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (list_item, box);
}

static void
receiver_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               AdwComboRow              *row)
{
  RosterReassignDialog *self = ROSTER_REASSIGN_DIALOG (gtk_widget_get_root (GTK_WIDGET (row)));
  guint position = gtk_list_item_get_position (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (box);

  if (position >= self->receiver_names->len)
    return;
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (labels)),
                       g_ptr_array_index (self->receiver_names, position));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (labels)),
                       g_ptr_array_index (self->receiver_work, position));
  g_signal_connect (row, "notify::selected", G_CALLBACK (check_changed), list_item);
  check_changed (row, NULL, list_item);
}

static void
receiver_unbind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, check_changed, list_item);
}

/* Active users other than the source, each with their open work now; the
 * choices made are kept. */
static void
load_receivers (RosterReassignDialog *self)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autoptr(GListStore) users = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) work = g_ptr_array_new_with_free_func (g_free);
  gint64 chosen[3] = { 0, 0, 0 };
  gint64 nobody = 0;
  gboolean same;

  g_array_append_val (ids, nobody);
  g_ptr_array_add (names, g_strdup (_("Nobody")));
  g_ptr_array_add (work, g_strdup (_("This kind of work stays where it is")));
  gtk_string_list_append (model, _("Nobody — this kind of work stays where it is"));

  users = store ? roster_store_list_users (store, ROSTER_USER_FILTER_ACTIVE, NULL, NULL) : NULL;
  counts = store ? roster_store_open_work_counts (store, now_text) : NULL;
  for (guint i = 0; users != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = roster_user_get_id (user);
      RosterOpenWork none = { 0, 0, 0 };
      const RosterOpenWork *open = counts ? g_hash_table_lookup (counts, &id) : NULL;
      g_autofree char *text = NULL;
      char *work_text;

      if (id == self->user_id || !roster_user_get_enabled (user))
        continue;
      work_text = roster_reassign_open_work_text (open ? open : &none);
      /* Translators: a receiver and their open work now. */
      text = g_strdup_printf (_("%s — %s"), roster_user_get_name (user), work_text);
      g_array_append_val (ids, id);
      g_ptr_array_add (names, g_strdup (roster_user_get_name (user)));
      g_ptr_array_add (work, work_text);
      gtk_string_list_append (model, text);
    }

  /* The same people with the same work: the lists stay as they are, open
   * or not. */
  same = self->receiver_model != NULL &&
    g_list_model_get_n_items (G_LIST_MODEL (self->receiver_model)) == g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; same && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    same = g_strcmp0 (gtk_string_list_get_string (model, i), gtk_string_list_get_string (self->receiver_model, i)) == 0 &&
      g_array_index (ids, gint64, i) == g_array_index (self->receiver_ids, gint64, i);
  if (same)
    return;

  if (self->receiver_ids != NULL)
    chosen_receivers (self, chosen);
  g_clear_pointer (&self->receiver_ids, g_array_unref);
  g_clear_pointer (&self->receiver_names, g_ptr_array_unref);
  g_clear_pointer (&self->receiver_work, g_ptr_array_unref);
  self->receiver_ids = g_steal_pointer (&ids);
  self->receiver_names = g_steal_pointer (&names);
  self->receiver_work = g_steal_pointer (&work);
  g_set_object (&self->receiver_model, model);

  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      AdwComboRow *row = receiver_row (self, kind);
      guint position = 0;

      for (guint i = 1; chosen[kind] != 0 && i < self->receiver_ids->len; i++)
        if (g_array_index (self->receiver_ids, gint64, i) == chosen[kind])
          position = i;
      g_signal_handlers_block_by_func (row, update_preview, self);
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      adw_combo_row_set_selected (row, position);
      g_signal_handlers_unblock_by_func (row, update_preview, self);
    }
}

static void
setup_receiver_row (RosterReassignDialog *self,
                    AdwComboRow          *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (receiver_setup), row);
  g_signal_connect (factory, "bind", G_CALLBACK (receiver_bind), row);
  g_signal_connect (factory, "unbind", G_CALLBACK (receiver_unbind), row);
  adw_combo_row_set_list_factory (row, factory);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (update_preview), self);
}

/* The result ------------------------------------------------------------- */

static void
stop_pulse (RosterReassignDialog *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_spinner_stop (self->spinner);
}

static gboolean
pulse (gpointer user_data)
{
  RosterReassignDialog *self = user_data;
  double progress = roster_session_get_progress (self->session);

  /* The sync after the reassignment tells how far it is; before it, the
   * request's own time is unknown. */
  if (progress > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, progress);
  else
    gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
set_state (RosterReassignDialog *self,
           State                 state)
{
  gboolean result = state != STATE_PREVIEW;

  self->state = state;
  {
    GtkWidget *shown = gtk_stack_get_child_by_name (self->stack, result ? "result" : "preview");
    GtkWidget *hidden = gtk_stack_get_child_by_name (self->stack, result ? "preview" : "result");

    /* The page not shown is hidden, not only out of sight: GTK 4.8 would
     * still offer it to a screen reader. */
    gtk_widget_set_visible (shown, TRUE);
    gtk_stack_set_visible_child (self->stack, shown);
    gtk_widget_set_visible (hidden, FALSE);
  }
  gtk_widget_set_visible (self->cancel_button, !result);
  gtk_widget_set_visible (self->reassign_button, !result);
  gtk_widget_set_visible (self->done_button, result);
  gtk_widget_set_visible (self->save_button, state == STATE_DONE || state == STATE_QUEUED);
  /* On the result, the focus goes to Done, not into its text. */
  if (result)
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), self->done_button);
      gtk_window_set_focus (GTK_WINDOW (self), self->done_button);
    }

  if (state == STATE_SENDING)
    {
      gtk_stack_set_visible_child_name (self->result_icon, "sending");
      gtk_spinner_start (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (150, pulse, self);
    }
  else
    stop_pulse (self);
  if (state == STATE_DONE)
    gtk_stack_set_visible_child_name (self->result_icon, "done");
  else if (state == STATE_QUEUED)
    gtk_stack_set_visible_child_name (self->result_icon, "queued");

  update_actions (self);
}

static void
set_deactivation_text (RosterReassignDialog *self,
                       const char           *text)
{
  gtk_label_set_label (self->deactivation_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->deactivation_label), text != NULL);
}

/* The deactivation that follows a reassignment opened from the Deactivate
 * dialog: queued once the work has moved, or, offline, behind it. */
static void
queue_deactivation (RosterReassignDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!self->then_deactivate || self->deactivation_id != 0)
    return;

  self->deactivation_id = roster_session_deactivate (self->session, self->user_id, &error);
  if (self->deactivation_id == 0)
    text = g_strdup_printf (_("%s was not deactivated: %s"), self->user_name, error->message);
  else if (roster_session_get_offline (self->session))
    text = g_strdup_printf (_("The deactivation of %s waits behind the reassignment and is sent with it."),
                            self->user_name);
  else
    text = g_strdup_printf (_("Deactivating %s…"), self->user_name);
  set_deactivation_text (self, text);
}

static void
show_result_items (RosterReassignDialog *self,
                   State                 state)
{
  roster_reassign_clear_box (self->result_items);
  roster_reassign_show_items (&self->result_rows, self->result_items, NULL, self->result, state);
}

static void
show_queued (RosterReassignDialog *self,
             const char           *why)
{
  g_autofree char *text = NULL;

  /* The old rows point at the old items: they go first. */
  roster_reassign_builder_stop (&self->result_rows);
  roster_reassign_clear_box (self->result_items);
  g_clear_pointer (&self->result, g_ptr_array_unref);
  self->result = roster_reassign_copy_items (self->preview);
  set_state (self, STATE_QUEUED);
  gtk_label_set_label (self->result_title, _("Waiting to Be Sent"));
  text = g_strdup_printf (_("%s The reassignment is kept on this computer and will be applied at the next sync; "
                            "nothing has moved on the server yet, and nobody has been told."), why);
  gtk_label_set_label (self->result_label, text);
  show_result_items (self, STATE_QUEUED);
  queue_deactivation (self);
}

static GtkWidget *
add_text_row (GtkWidget  *group,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names are the firm's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

/* Who was told, before the items: it is what a person asks next. */
static void
add_notified (RosterReassignDialog *self,
              JsonObject           *data,
              guint                 moves)
{
  JsonArray *notifications = roster_reassign_member_array (data, "notifications");
  RosterStore *store = roster_session_get_store (self->session);
  GtkWidget *group = adw_preferences_group_new ();
  guint told = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notified"));
  gtk_box_prepend (self->result_items, group);

  if (store != NULL && roster_store_get_server_api (store) == ROSTER_SERVER_API_CLIO)
    {
      add_text_row (group, _("Nobody was notified"),
                    _("The server offers Clio’s public API only, which tells no one: tell each receiver yourself"));
      return;
    }

  for (guint i = 0; notifications != NULL && i < json_array_get_length (notifications); i++)
    {
      JsonNode *node = json_array_get_element (notifications, i);
      JsonObject *notice = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 id = notice && json_object_has_member (notice, "user_id")
                    ? json_object_get_int_member (notice, "user_id") : 0;
      g_autoptr(RosterUser) user = store && id ? roster_store_get_user (store, id, NULL) : NULL;
      const char *name = user ? roster_user_get_name (user) : receiver_name (self, id);
      g_autofree char *fallback = NULL;
      gboolean in_app, email;

      if (notice == NULL)
        continue;
      in_app = json_object_has_member (notice, "notification_id");
      email = json_object_has_member (notice, "email_id");
      if (name == NULL)
        name = fallback = g_strdup_printf (_("User %" PRId64), id);
      add_text_row (group, name,
                    in_app && email ? _("Told in the app and by e-mail")
                                    : in_app ? _("Told in the app") : _("Told by e-mail"));
      told++;
    }

  if (told == 0)
    add_text_row (group, _("Nobody was notified"),
                  moves == 0 ? _("Nothing moved, so there was nothing to tell") : NULL);
}

static void
show_done (RosterReassignDialog *self,
           RosterOutboxEntry    *entry)
{
  g_autoptr(JsonNode) root = entry->answer ? json_from_string (entry->answer, NULL) : NULL;
  JsonObject *data = root && JSON_NODE_HOLDS_OBJECT (root)
                       ? roster_reassign_member_object (json_node_get_object (root), "data") : NULL;
  g_autofree char *text = NULL;
  guint moves, stays;

  roster_reassign_builder_stop (&self->result_rows);
  roster_reassign_clear_box (self->result_items);
  g_clear_pointer (&self->result, g_ptr_array_unref);
  /* Against Clio's public API, the outbox moved what the cache's preview
   * said, item by item, and there is no answer to read. */
  self->result = data ? items_from_answer (self, data) : roster_reassign_copy_items (self->preview);
  roster_reassign_count_items (self->result, -1, &moves, &stays);

  set_state (self, STATE_DONE);
  gtk_label_set_label (self->result_title, _("Work Reassigned"));
  if (moves == 0)
    text = g_strdup_printf (_("Nothing of the work of %s could move: everything stayed, each item with its "
                              "reason below."), self->user_name);
  else
    {
      g_autofree char *moved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item of the work of %s moved",
                                                             "%u items of the work of %s moved", moves),
                                                moves, self->user_name);
      g_autofree char *stayed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stayed where it was, with its reason",
                                                              "%u stayed where they were, each with its reason",
                                                              stays), stays);

      /* Translators: "12 items of the work of Yuki moved; 30 stayed where they were, …". */
      text = g_strdup_printf (_("%s; %s."), moved, stayed);
    }
  gtk_label_set_label (self->result_label, text);
  show_result_items (self, STATE_DONE);
  add_notified (self, data, moves);
  queue_deactivation (self);
}

static void
session_answered (RosterSession        *session,
                  RosterOutboxEntry    *entry,
                  RosterReassignDialog *self)
{
  if (self->deactivation_id != 0 && entry->id == self->deactivation_id)
    {
      g_autofree char *text = NULL;

      if (entry->state == ROSTER_OUTBOX_REFUSED)
        text = g_strdup_printf (_("%s was not deactivated: %s"), self->user_name, entry->error_message);
      else
        text = g_strdup_printf (_("%s was deactivated."), self->user_name);
      set_deactivation_text (self, text);
      return;
    }

  if (self->entry_id == 0 || entry->id != self->entry_id)
    return;

  if (entry->state == ROSTER_OUTBOX_REFUSED)
    {
      g_autofree char *message = g_strdup_printf (_("The server refused the reassignment: %s"),
                                                  entry->error_message ? entry->error_message : _("no reason given"));

      /* Back to the choice, with the cache as the refusal left it. */
      self->entry_id = 0;
      set_state (self, STATE_PREVIEW);
      load_receivers (self);
      load_preview (self);
      update_preview (self);
      show_error (self, message);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->matters_row));
      return;
    }

  show_done (self, entry);
}

static void
session_offline_changed (RosterSession        *session,
                         GParamSpec           *pspec,
                         RosterReassignDialog *self)
{
  if (self->state == STATE_SENDING && roster_session_get_offline (session))
    show_queued (self, _("The server could not be reached."));
}

static void
session_failed (RosterSession        *session,
                const char           *message,
                gboolean              retryable,
                RosterReassignDialog *self)
{
  g_autofree char *why = NULL;

  if (self->state != STATE_SENDING)
    return;
  why = g_strdup_printf (_("It was not sent: %s."), message);
  show_queued (self, why);
}

/* What the cache holds now, while the person is still choosing. */
static void
session_changed (RosterSession        *session,
                 RosterReassignDialog *self)
{
  if (self->state != STATE_PREVIEW)
    return;
  load_receivers (self);
  load_preview (self);
  update_preview (self);
}

static void
reassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RosterReassignDialog *self = ROSTER_REASSIGN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gint64 receivers[3];

  if (self->state != STATE_PREVIEW)
    return;

  chosen_receivers (self, receivers);
  show_error (self, NULL);
  /* Queuing changes the cache at once: the preview stays as it was chosen. */
  memcpy (self->sent, receivers, sizeof self->sent);
  set_state (self, STATE_SENDING);
  gtk_label_set_label (self->result_title, _("Reassigning…"));
  gtk_label_set_label (self->result_label, _("Sending the reassignment to the server, then syncing the firm"));
  roster_reassign_builder_stop (&self->result_rows);
  roster_reassign_clear_box (self->result_items);
  set_deactivation_text (self, NULL);

  self->entry_id = roster_session_reassign (self->session, self->user_id, receivers[ROSTER_WORK_MATTER],
                                            receivers[ROSTER_WORK_TASK], receivers[ROSTER_WORK_EVENT], &error);
  if (self->entry_id == 0)
    {
      /* Refused before anything was queued, in full, where the person looks. */
      set_state (self, STATE_PREVIEW);
      show_error (self, error->message);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->matters_row));
      return;
    }

  g_debug ("Reassignment of user %" PRId64 " queued as outbox entry %" PRId64,
           self->user_id, self->entry_id);
  if (roster_session_get_offline (self->session))
    show_queued (self, _("Roster is offline."));
}

/* Saving as CSV ---------------------------------------------------------- */

/**
 * roster_reassign_dialog_dup_csv:
 *
 * The result as CSV (RFC 4180): one line an item, columns kind, id, title,
 * matter, outcome (moved or stayed; moves or stays while it waits to be
 * sent), receiver and reason (the API's code; no_receiver for a kind sent
 * to nobody).
 *
 * Returns: (transfer full) (nullable): the CSV, or %NULL before a result
 */
char *
roster_reassign_dialog_dup_csv (RosterReassignDialog *self)
{
  static const char *const header[] = { "kind", "id", "title", "matter", "outcome", "receiver", "reason" };
  GString *csv;

  g_return_val_if_fail (ROSTER_IS_REASSIGN_DIALOG (self), NULL);

  if (self->result == NULL)
    return NULL;

  csv = g_string_new (NULL);
  roster_csv_append_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < self->result->len; i++)
    {
      Item *item = g_ptr_array_index (self->result, i);
      gboolean moves = item->receiver != NULL;
      const char *fields[] = {
        roster_reassign_kind_code (item->kind), item->id, item->title, item->matter,
        self->state == STATE_DONE ? (moves ? "moved" : "stayed") : (moves ? "moves" : "stays"),
        item->receiver, item->reason,
      };

      roster_csv_append_row (csv, fields, G_N_ELEMENTS (fields));
    }

  return g_string_free (csv, FALSE);
}

static void
csv_saved (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RosterReassignDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = roster_csv_export_finish (result, &error);
  g_autofree char *text = NULL;

  if (file == NULL && error == NULL)
    return;
  if (error != NULL)
    text = g_strdup_printf (_("The result could not be saved: %s"), error->message);
  else
    {
      g_autofree char *where = g_file_get_parse_name (file);

      text = g_strdup_printf (_("Saved as %s"), where);
    }
  gtk_label_set_label (self->saved_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), TRUE);
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RosterReassignDialog *self = ROSTER_REASSIGN_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  char *csv = roster_reassign_dialog_dup_csv (self);
  g_autoptr(GBytes) contents = NULL;

  if (csv == NULL)
    return;
  contents = g_bytes_new_take (csv, strlen (csv));

  /* Translators: the file name offered for the result: the user's name and the date. */
  name = g_strdup_printf (_("Work of %s reassigned %s.csv"), self->user_name, date);
  roster_csv_export_async (GTK_WINDOW (self), _("Save the Result as CSV"), name, contents, self->cancellable,
                           csv_saved, g_object_ref (self));
}

/* The dialog ------------------------------------------------------------- */

/**
 * roster_reassign_dialog_new:
 * @then_deactivate: deactivate the user once the work has moved, as
 *   "Reassign Work First…" in the Deactivate dialog asks
 *
 * Returns: (transfer floating): the dialog for @user_id's work, over @parent
 */
GtkWidget *
roster_reassign_dialog_new (GtkWindow     *parent,
                            RosterSession *session,
                            gint64         user_id,
                            gboolean       then_deactivate)
{
  RosterReassignDialog *self;
  RosterStore *store;
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (ROSTER_IS_SESSION (session), NULL);

  self = g_object_new (ROSTER_TYPE_REASSIGN_DIALOG,
                       "transient-for", parent,
                       /* Of the application, for its shortcuts: Ctrl+W closes it. */
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->session = g_object_ref (session);
  self->user_id = user_id;
  self->then_deactivate = then_deactivate;

  store = roster_session_get_store (session);
  user = store ? roster_store_get_user (store, user_id, NULL) : NULL;
  self->user_name = user ? g_strdup (roster_user_get_name (user))
                         : g_strdup_printf (_("User %" PRId64), user_id);
  adw_window_title_set_subtitle (self->window_title, self->user_name);

  /* The title stays short enough for 360 pixels; the first words say
   * what follows. */
  if (then_deactivate)
    {
      intro = g_strdup_printf (_("Choose who receives the open work of %s. Once the server has moved it, %s is "
                                 "deactivated."), self->user_name, self->user_name);
    }
  else
    intro = g_strdup_printf (_("Choose who receives the work of %s. Open and pending matters that are not private "
                               "move, with their tasks that are not past due and their upcoming events; the rest "
                               "stays, and the preview says why."), self->user_name);
  gtk_label_set_label (self->intro_label, intro);

  g_signal_connect_object (session, "answered", G_CALLBACK (session_answered), self, 0);
  g_signal_connect_object (session, "notify::offline", G_CALLBACK (session_offline_changed), self, 0);
  g_signal_connect_object (session, "failed", G_CALLBACK (session_failed), self, 0);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed), self, 0);

  load_receivers (self);
  load_preview (self);

  /* What the cache can refuse already is said before anything is chosen. */
  if (!roster_session_check (session, ROSTER_ACTION_REASSIGN_WORK, user_id, NULL, &error) ||
      (then_deactivate && !roster_session_check (session, ROSTER_ACTION_DEACTIVATE, user_id, NULL, &error)))
    {
      self->blocked = TRUE;
      show_error (self, error->message);
    }
  update_preview (self);
  roster_a11y_name_buttons (GTK_WIDGET (self));
  /* The first choice is the first thing to do. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->matters_row));

  return GTK_WIDGET (self);
}

static void
roster_reassign_dialog_dispose (GObject *object)
{
  RosterReassignDialog *self = ROSTER_REASSIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  roster_reassign_builder_stop (&self->preview_rows);
  roster_reassign_builder_stop (&self->result_rows);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_REASSIGN_DIALOG);

  G_OBJECT_CLASS (roster_reassign_dialog_parent_class)->dispose (object);
}

static void
roster_reassign_dialog_finalize (GObject *object)
{
  RosterReassignDialog *self = ROSTER_REASSIGN_DIALOG (object);

  g_free (self->user_name);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_object (&self->receiver_model);
  g_clear_pointer (&self->receiver_ids, g_array_unref);
  g_clear_pointer (&self->receiver_names, g_ptr_array_unref);
  g_clear_pointer (&self->receiver_work, g_ptr_array_unref);
  g_clear_pointer (&self->result, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (roster_reassign_dialog_parent_class)->finalize (object);
}

static void
roster_reassign_dialog_class_init (RosterReassignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_reassign_dialog_dispose;
  object_class->finalize = roster_reassign_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-reassign-dialog.ui");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, reassign_button);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, receivers_group);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, matters_row);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, tasks_row);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, events_row);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, unjudged_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, open_work_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, preview_items);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, result_icon);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, result_title);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, deactivation_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, saved_label);
  gtk_widget_class_bind_template_child (widget_class, RosterReassignDialog, result_items);

  gtk_widget_class_install_action (widget_class, "dialog.reassign", NULL, reassign_action);
  gtk_widget_class_install_action (widget_class, "dialog.save-csv", NULL, save_csv_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_reassign_dialog_init (RosterReassignDialog *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->stack, "result"), FALSE);
  setup_receiver_row (self, self->matters_row);
  setup_receiver_row (self, self->tasks_row);
  setup_receiver_row (self, self->events_row);
}
