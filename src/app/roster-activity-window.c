/* roster-activity-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-activity-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-activity-window.h"
#include "roster-csv-export.h"
#include "roster-labels.h"
#include "roster-sync.h"

/*
 * Activity: the firm's audit log, newest first, read from the cache so that
 * it is there offline too. Each event says what happened in the words a
 * user's page uses, whom it was about, who did it and when. The search
 * looks in those words; the filters keep one user's events (those they did
 * and those about them) and one action's. What is shown can be saved as
 * CSV. Those who may not read the log are told so, not shown an empty list.
 */

struct _RosterActivityWindow
{
  AdwWindow           parent_instance;

  RosterSession      *session;
  GCancellable       *cancellable;
  GListStore         *events;        /* of RosterAuditEvent, newest first */
  GHashTable         *names;         /* user id → their name, as cached */
  GArray             *user_ids;      /* the user row's choices: 0 for all */
  GPtrArray          *actions;       /* the action row's choices: NULL for all */
  char               *needle;        /* the search, case-folded, or NULL */
  gboolean            filling;       /* the rows' choices are being set */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *export_button;
  GtkWidget          *log_page;
  GtkWidget          *events_page;
  GtkWidget          *none_found_page;
  GtkWidget          *empty_page;
  GtkSearchEntry     *search_entry;
  AdwComboRow        *user_row;
  AdwComboRow        *action_row;
  GtkLabel           *summary_label;
  GtkListView        *list_view;
  AdwStatusPage      *unavailable_page;
};

/* What the window shows. The pages are shown and hidden rather than
 * stacked: GTK 4.8 tells a screen reader of a stack's hidden pages too. */
typedef enum
{
  PAGE_LOG,
  PAGE_EMPTY,
  PAGE_UNAVAILABLE,
} Page;

G_DEFINE_FINAL_TYPE (RosterActivityWindow, roster_activity_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark search_key_quark;

/* Words ------------------------------------------------------------------- */

static const char *
user_name (RosterActivityWindow *self,
           gint64                id)
{
  return id > 0 ? g_hash_table_lookup (self->names, &id) : NULL;
}

/* Whom the event was about, as a person reads it. */
static char *
target_text (RosterActivityWindow *self,
             RosterAuditEvent     *event)
{
  const char *type = roster_audit_event_get_target_type (event);
  gint64 id = roster_audit_event_get_target_id (event);
  const char *name;

  if (g_strcmp0 (type, "account") == 0)
    return g_strdup (_("The firm’s account"));
  if (g_strcmp0 (type, "user") == 0)
    {
      name = user_name (self, id);
      /* Translators: a user the cache does not know, by their ID. */
      return name ? g_strdup (name) : g_strdup_printf (_("User %" PRId64), id);
    }

  /* Something Roster does not show, as the API names it. */
  return id > 0 ? g_strdup_printf ("%s %" PRId64, type, id) : g_strdup (type);
}

/* Who did it: the user's name as cached now, else as the server recorded it. */
static const char *
actor_text (RosterActivityWindow *self,
            RosterAuditEvent     *event)
{
  const char *name = user_name (self, roster_audit_event_get_actor_id (event));

  if (name == NULL)
    name = roster_audit_event_get_actor_name (event);

  return name ? name : _("Support");
}

/* The second line of a row: whom, and by whom. */
static char *
about_text (RosterActivityWindow *self,
            RosterAuditEvent     *event)
{
  g_autofree char *target = target_text (self, event);

  /* Translators: whom an event was about, then who did it. */
  return g_strdup_printf (_("%s, by %s"), target, actor_text (self, event));
}

/* What the search looks in: the actor, the action in words and as the API
 * names it, and whom it was about; case-folded once an event. */
static const char *
search_key (RosterActivityWindow *self,
            RosterAuditEvent     *event)
{
  char *key = g_object_get_qdata (G_OBJECT (event), search_key_quark);

  if (key == NULL)
    {
      g_autofree char *target = target_text (self, event);
      g_autofree char *text = g_strdup_printf ("%s\n%s\n%s\n%s\n%s", actor_text (self, event),
                                               roster_labels_audit_action (roster_audit_event_get_action (event)),
                                               roster_audit_event_get_action (event), target,
                                               roster_audit_event_get_actor_name (event)
                                                 ? roster_audit_event_get_actor_name (event) : "");

      key = g_utf8_casefold (text, -1);
      g_object_set_qdata_full (G_OBJECT (event), search_key_quark, key, g_free);
    }

  return key;
}

/* Filtering --------------------------------------------------------------- */

static gint64
chosen_user (RosterActivityWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->user_row);

  return selected < self->user_ids->len ? g_array_index (self->user_ids, gint64, selected) : 0;
}

static const char *
chosen_action (RosterActivityWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->action_row);

  return selected < self->actions->len ? g_ptr_array_index (self->actions, selected) : NULL;
}

static gboolean
filter_event (gpointer item,
              gpointer user_data)
{
  RosterActivityWindow *self = user_data;
  RosterAuditEvent *event = item;
  gint64 user = chosen_user (self);
  const char *action = chosen_action (self);

  if (user != 0 && roster_audit_event_get_actor_id (event) != user &&
      !(g_strcmp0 (roster_audit_event_get_target_type (event), "user") == 0 &&
        roster_audit_event_get_target_id (event) == user))
    return FALSE;
  if (action != NULL && g_strcmp0 (roster_audit_event_get_action (event), action) != 0)
    return FALSE;

  return self->needle == NULL || strstr (search_key (self, event), self->needle) != NULL;
}

static void
show_page (RosterActivityWindow *self,
           Page                  page)
{
  /* Nothing to export but the log. */
  gtk_widget_set_visible (self->export_button, page == PAGE_LOG);
  gtk_widget_set_visible (self->log_page, page == PAGE_LOG);
  gtk_widget_set_visible (self->empty_page, page == PAGE_EMPTY);
  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_page), page == PAGE_UNAVAILABLE);
}

/* The count above the list, and the list or why it is empty. */
static void
update_summary (RosterActivityWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event, the newest first",
                                         "%u events, the newest first", total), total);
  else
    /* Translators: how many events the search and the filters keep, of all. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u event, the newest first",
                                         "%u of %u events, the newest first", total), shown, total);
  gtk_label_set_label (self->summary_label, text);
  gtk_widget_set_visible (self->events_page, shown > 0);
  gtk_widget_set_visible (self->none_found_page, shown == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.export",
                                 shown > 0 && gtk_widget_get_visible (self->log_page));
}

static void
refilter (RosterActivityWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_summary (self);
}

static void
search_changed (RosterActivityWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->needle, g_free);
  if (text != NULL && *text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  refilter (self);
}

/* Escape in the search clears it, and closes the window once clear. */
static void
search_stopped (RosterActivityWindow *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
filter_changed (RosterActivityWindow *self)
{
  if (!self->filling)
    refilter (self);
}

/* Rows -------------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *about = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (about), 0.0);
  gtk_label_set_wrap (GTK_LABEL (about), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (about), PANGO_WRAP_WORD_CHAR);
  /* A moment is short, and never cut: the words beside it wrap. */
  gtk_label_set_xalign (GTK_LABEL (when), 1.0);
  gtk_widget_set_valign (when, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "numeric");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), about);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), when);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "about", about);
  g_object_set_data (G_OBJECT (row), "when", when);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RosterActivityWindow     *self)
{
  RosterAuditEvent *event = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autofree char *about = about_text (self, event);
  g_autofree char *when = roster_labels_date_time (roster_audit_event_get_created_at (event));

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "title"),
                       roster_labels_audit_action (roster_audit_event_get_action (event)));
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "about"), about);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "when"), when);
}

/* Reading the cache ------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GHashTable *keys = user_data;
  gint64 first = *(const gint64 *) a;
  gint64 second = *(const gint64 *) b;

  return strcmp (g_hash_table_lookup (keys, &first), g_hash_table_lookup (keys, &second));
}

/* The user row's choices: everyone who acted or was acted on, by name; two
 * people of one name told apart by their ID. */
static void
fill_user_row (RosterActivityWindow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) name_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 was = chosen_user (self);
  gint64 all = 0;
  guint selected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->events)); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      gint64 people[2] = { roster_audit_event_get_actor_id (event), 0 };

      if (g_strcmp0 (roster_audit_event_get_target_type (event), "user") == 0)
        people[1] = roster_audit_event_get_target_id (event);
      for (guint p = 0; p < G_N_ELEMENTS (people); p++)
        {
          const char *name = p == 0 ? actor_text (self, event) : user_name (self, people[p]);

          if (people[p] <= 0 || name == NULL || g_hash_table_contains (seen, &people[p]))
            continue;
          g_hash_table_insert (seen, g_memdup2 (&people[p], sizeof (gint64)), g_utf8_collate_key (name, -1));
          g_hash_table_insert (name_counts, (gpointer) name,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, name)) + 1));
          g_array_append_val (ids, people[p]);
        }
    }
  g_array_sort_with_data (ids, compare_names, seen);

  g_array_set_size (self->user_ids, 0);
  g_array_append_val (self->user_ids, all);
  gtk_string_list_append (labels, _("All Users"));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      const char *name = user_name (self, id);
      g_autofree char *label = NULL;

      /* An actor the cache does not know goes by the name the log has. */
      for (guint e = 0; name == NULL && e < g_list_model_get_n_items (G_LIST_MODEL (self->events)); e++)
        {
          g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), e);

          if (roster_audit_event_get_actor_id (event) == id)
            name = actor_text (self, event);
        }
      if (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, name)) > 1)
        /* Translators: a user's name, and their ID when two users share it. */
        label = g_strdup_printf (_("%s (ID %" PRId64 ")"), name, id);
      else
        label = g_strdup (name);
      if (id == was)
        selected = self->user_ids->len;
      g_array_append_val (self->user_ids, id);
      gtk_string_list_append (labels, label);
    }

  adw_combo_row_set_model (self->user_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->user_row, selected);
}

/* The first choice, all actions, is NULL. */
static gboolean
same_action (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (a, b) == 0;
}

/* The action row's choices: those Roster has words for, then any other the
 * log holds, as the API names it. */
static void
fill_action_row (RosterActivityWindow *self)
{
  g_autofree char *was = g_strdup (chosen_action (self));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_known = 0;
  g_autofree const char **known = roster_labels_audit_actions (&n_known);
  guint selected = 0;

  g_ptr_array_set_size (self->actions, 0);
  g_ptr_array_add (self->actions, NULL);
  gtk_string_list_append (labels, _("All Actions"));
  for (guint i = 0; i < n_known; i++)
    {
      g_ptr_array_add (self->actions, g_strdup (known[i]));
      gtk_string_list_append (labels, roster_labels_audit_action (known[i]));
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->events)); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      const char *action = roster_audit_event_get_action (event);

      if (g_ptr_array_find_with_equal_func (self->actions, action, same_action, NULL))
        continue;
      g_ptr_array_add (self->actions, g_strdup (action));
      gtk_string_list_append (labels, roster_labels_audit_action (action));
    }
  for (guint i = 1; i < self->actions->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->actions, i), was) == 0)
      selected = i;

  adw_combo_row_set_model (self->action_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->action_row, selected);
}

/* Whether the signed-in user may read the log: the sync says what it did
 * not ask for, and the session who only looks. */
static char *
dup_unavailable_reason (RosterActivityWindow *self,
                        RosterStore          *store)
{
  g_auto(GStrv) not_available = roster_sync_dup_not_available (store);
  g_autofree char *read_only = roster_session_dup_read_only_reason (self->session);

  if (read_only != NULL)
    return g_steal_pointer (&read_only);
  if (g_strv_contains ((const char *const *) not_available, "audit_events"))
    return g_strdup (_("The server shows the firm’s audit log to administrators and the primary subscriber alone"));

  return NULL;
}

static void
refresh (RosterActivityWindow *self)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(GListStore) events = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autoptr(RosterAccount) firm = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unavailable = NULL;
  guint n_events;

  if (store == NULL)
    return;

  firm = roster_store_get_account (store, NULL);
  adw_window_title_set_subtitle (self->window_title, firm ? roster_account_get_name (firm) : NULL);

  unavailable = dup_unavailable_reason (self, store);
  if (unavailable != NULL)
    {
      adw_status_page_set_description (self->unavailable_page, unavailable);
      show_page (self, PAGE_UNAVAILABLE);
      g_list_store_remove_all (self->events);
      update_summary (self);
      return;
    }

  users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, NULL);
  g_hash_table_remove_all (self->names);
  for (guint i = 0; users != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = roster_user_get_id (user);

      g_hash_table_insert (self->names, g_memdup2 (&id, sizeof id), g_strdup (roster_user_get_name (user)));
    }

  events = roster_store_list_audit_events (store, 0, NULL, 0, &error);
  if (events == NULL)
    g_warning ("Cannot read the audit log: %s", error->message);
  n_events = events ? g_list_model_get_n_items (G_LIST_MODEL (events)) : 0;
  g_debug ("%u events in the audit log", n_events);

  /* The choices first, while the list is still the old one: the new list
   * is filtered once, with them. */
  self->filling = TRUE;
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n_events; i++)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (events), i));
    g_list_store_splice (self->events, 0, g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                         items->pdata, items->len);
  }
  fill_user_row (self);
  fill_action_row (self);
  self->filling = FALSE;

  show_page (self, n_events > 0 ? PAGE_LOG : PAGE_EMPTY);
  refilter (self);
}

static void
session_state_changed (RosterActivityWindow *self)
{
  /* Signed out, or the data removed: nothing left to show. */
  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Saving as CSV ----------------------------------------------------------- */

/**
 * roster_activity_window_dup_csv:
 *
 * The events shown, as CSV (RFC 4180), the newest first: columns
 * created_at (as the server wrote it), actor (by name), action and
 * target_type (as the API names them) and target_id.
 *
 * Returns: (transfer full): the CSV
 */
char *
roster_activity_window_dup_csv (RosterActivityWindow *self)
{
  static const char *const header[] = { "created_at", "actor", "action", "target_type", "target_id" };
  GListModel *shown = G_LIST_MODEL (self->filtered);
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (ROSTER_IS_ACTIVITY_WINDOW (self), NULL);

  roster_csv_append_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (shown, i);
      gint64 target = roster_audit_event_get_target_id (event);
      g_autofree char *target_id = target > 0 ? g_strdup_printf ("%" PRId64, target) : NULL;
      const char *fields[] = {
        roster_audit_event_get_created_at (event), roster_audit_event_get_actor_name (event),
        roster_audit_event_get_action (event), roster_audit_event_get_target_type (event), target_id,
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
  g_autoptr(RosterActivityWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = roster_csv_export_finish (result, &error);
  g_autofree char *text = NULL;

  if (file == NULL && error == NULL)
    return;
  if (error != NULL)
    {
      /* Said in full where the person looks, not in a toast. */
      GtkWidget *dialog;

      text = g_strdup_printf (_("The activity could not be saved: %s"), error->message);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Not Saved"), text);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  {
    g_autofree char *where = g_file_get_parse_name (file);

    text = g_strdup_printf (_("Saved as %s"), where);
  }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (widget);
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(RosterAccount) firm = store ? roster_store_get_account (store, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  char *csv = roster_activity_window_dup_csv (self);
  g_autoptr(GBytes) contents = g_bytes_new_take (csv, strlen (csv));

  /* Translators: the file name offered for the audit log: the firm's name and the date. */
  name = g_strdup_printf (_("Activity of %s %s.csv"), firm ? roster_account_get_name (firm) : _("the firm"), date);
  roster_csv_export_async (GTK_WINDOW (self), _("Export the Activity as CSV"), name, contents, self->cancellable,
                           csv_saved, g_object_ref (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (widget);

  if (gtk_widget_get_visible (self->log_page))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The window -------------------------------------------------------------- */

/**
 * roster_activity_window_new:
 *
 * Returns: (transfer floating): the firm's activity, over @parent
 */
GtkWidget *
roster_activity_window_new (GtkWindow     *parent,
                            RosterSession *session)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (session), NULL);

  return g_object_new (ROSTER_TYPE_ACTIVITY_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "session", session,
                       NULL);
}

/**
 * roster_activity_window_present:
 *
 * Shows the activity of @session's firm over @parent: the window already
 * open for it, or a new one.
 */
void
roster_activity_window_present (GtkWindow     *parent,
                                RosterSession *session)
{
  GtkApplication *application = parent ? gtk_window_get_application (parent) : NULL;

  for (GList *l = application ? gtk_application_get_windows (application) : NULL; l != NULL; l = l->next)
    if (ROSTER_IS_ACTIVITY_WINDOW (l->data) && ROSTER_ACTIVITY_WINDOW (l->data)->session == session)
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }

  gtk_window_present (GTK_WINDOW (roster_activity_window_new (parent, session)));
}

/**
 * roster_activity_window_get_model:
 *
 * Returns: (transfer none): the events as shown: searched and filtered
 */
GListModel *
roster_activity_window_get_model (RosterActivityWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_ACTIVITY_WINDOW (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

static void
roster_activity_window_constructed (GObject *object)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (object);

  G_OBJECT_CLASS (roster_activity_window_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
roster_activity_window_dispose (GObject *object)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_ACTIVITY_WINDOW);
  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (roster_activity_window_parent_class)->dispose (object);
}

static void
roster_activity_window_finalize (GObject *object)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->events);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->user_ids, g_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (roster_activity_window_parent_class)->finalize (object);
}

static void
roster_activity_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_activity_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RosterActivityWindow *self = ROSTER_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_activity_window_class_init (RosterActivityWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = roster_activity_window_constructed;
  object_class->dispose = roster_activity_window_dispose;
  object_class->finalize = roster_activity_window_finalize;
  object_class->get_property = roster_activity_window_get_property;
  object_class->set_property = roster_activity_window_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ROSTER_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-activity-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, events_page);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, none_found_page);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, action_row);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, RosterActivityWindow, unavailable_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed);

  gtk_widget_class_install_action (widget_class, "activity.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "activity.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "activity.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "activity.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  search_key_quark = g_quark_from_static_string ("roster-activity-search-key");
}

static void
roster_activity_window_init (RosterActivityWindow *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->events = g_list_store_new (ROSTER_TYPE_AUDIT_EVENT);
  self->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->actions = g_ptr_array_new_with_free_func (g_free);

  self->filter = gtk_custom_filter_new (filter_event, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->events)), GTK_FILTER (self->filter));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  /* Typing in the list searches; not in the whole window, where the
   * search would take Return and Space from the filters. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  roster_a11y_name_buttons (GTK_WIDGET (self));
}
