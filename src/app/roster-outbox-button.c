/* roster-outbox-button.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-outbox-button"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-labels.h"
#include "roster-outbox-button.h"

/*
 * What waits to be sent, from the header bar: shown only while something
 * waits, with how many; its popover lists each action, on whom, since
 * when and in what state, with Cancel while it has not left. Read from the
 * outbox in the cache, so it survives a restart as the actions do.
 */

struct _RosterOutboxButton
{
  GtkWidget      parent_instance;

  RosterSession *session;
  guint          count;

  /* Template widgets */
  GtkWidget     *menu_button;
  GtkLabel      *count_label;
  GtkLabel      *explanation_label;
  GtkListBox    *list_box;
  GtkWidget     *popover;
};

G_DEFINE_FINAL_TYPE (RosterOutboxButton, roster_outbox_button, GTK_TYPE_WIDGET)

static GtkWidget *
make_row (RosterOutboxButton *self,
          RosterStore        *store,
          RosterOutboxEntry  *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(RosterUser) user = entry->target_id ? roster_store_get_user (store, entry->target_id, NULL) : NULL;
  g_autofree char *when = roster_labels_date_time (entry->created_at);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an action waiting to be sent, and whom it is for. */
  title = user ? g_strdup_printf (_("%s: %s"), roster_labels_pending (entry->action), roster_user_get_name (user))
               : g_strdup (roster_labels_pending (entry->action));
  if (entry->state == ROSTER_OUTBOX_SENDING)
    subtitle = g_strdup_printf (_("Queued %s; being sent now"), when);
  else
    subtitle = g_strdup_printf (_("Queued %s"), when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_focusable (row, FALSE);

  if (entry->state == ROSTER_OUTBOX_QUEUED)
    {
      GtkWidget *cancel = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      /* Translators: the tooltip of the button that takes a queued action back. */
      g_autofree char *name = g_strdup_printf (_("Cancel: %s"), title);

      gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (cancel, "flat");
      gtk_widget_set_tooltip_text (cancel, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (cancel), "x", entry->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
    }

  return row;
}

static void
refresh (RosterOutboxButton *self)
{
  RosterStore *store = self->session ? roster_session_get_store (self->session) : NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  if (store != NULL && roster_session_get_state (self->session) == ROSTER_SESSION_OPEN)
    {
      outbox = roster_outbox_new (store);
      waiting = roster_outbox_list_waiting (outbox, NULL);
    }
  self->count = waiting ? waiting->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (self), self->count > 0);
  if (self->count == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      return;
    }

  for (guint i = 0; i < waiting->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, store, g_ptr_array_index (waiting, i)));

  count = g_strdup_printf ("%u", self->count);
  gtk_label_set_label (self->count_label, count);
  {
    g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action waiting to be sent",
                                                          "%u actions waiting to be sent", self->count),
                                             self->count);

    gtk_widget_set_tooltip_text (self->menu_button, name);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
  gtk_label_set_label (self->explanation_label,
                       roster_session_get_offline (self->session)
                         ? _("Roster is offline: these are shown as done, and sent in this order when the firm’s "
                             "server can be reached. Until then each can be cancelled.")
                         : _("These are being sent to the firm’s server, in this order."));
}

void
roster_outbox_button_set_session (RosterOutboxButton *self,
                                  RosterSession      *session)
{
  g_return_if_fail (ROSTER_IS_OUTBOX_BUTTON (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::offline", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
    }
  refresh (self);
}

/**
 * roster_outbox_button_get_count:
 *
 * Returns: how many actions wait to be sent
 */
guint
roster_outbox_button_get_count (RosterOutboxButton *self)
{
  return self->count;
}

static void
roster_outbox_button_dispose (GObject *object)
{
  RosterOutboxButton *self = ROSTER_OUTBOX_BUTTON (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_OUTBOX_BUTTON);

  G_OBJECT_CLASS (roster_outbox_button_parent_class)->dispose (object);
}

static void
roster_outbox_button_class_init (RosterOutboxButtonClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = roster_outbox_button_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-outbox-button.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterOutboxButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RosterOutboxButton, count_label);
  gtk_widget_class_bind_template_child (widget_class, RosterOutboxButton, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, RosterOutboxButton, list_box);
  gtk_widget_class_bind_template_child (widget_class, RosterOutboxButton, popover);
}

static void
roster_outbox_button_init (RosterOutboxButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
