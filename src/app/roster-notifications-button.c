/* roster-notifications-button.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-notifications-button"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-notifications-button.h"
#include "roster-notifications-popover.h"

/*
 * The signed-in user's in-app notifications (work reassigned to them), in
 * the header bar: a bell with the number of those not yet seen, and a
 * popover that lists them all, the newest first. Opening it marks them
 * seen; the mark is kept in the cache, so that it survives a restart and
 * goes with the account.
 *
 * The popover is made when the bell is first opened, not with the window
 * (#17), and its rows only while it shows: a sync that brings nothing new
 * to read redraws the count alone.
 */

/* The newest notification seen, by its id, in the cache's info table. */
#define READ_UP_TO_KEY "notifications-read-up-to"

struct _RosterNotificationsButton
{
  GtkWidget      parent_instance;

  RosterSession *session;
  guint          unread;

  /* Template widgets */
  GtkMenuButton *menu_button;
  GtkLabel      *badge_label;
};

G_DEFINE_FINAL_TYPE (RosterNotificationsButton, roster_notifications_button, GTK_TYPE_WIDGET)

static gint64
read_up_to (RosterStore *store)
{
  g_autofree char *text = roster_store_get_info (store, READ_UP_TO_KEY);
  gint64 id = 0;

  if (text != NULL && !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &id, NULL))
    id = 0;

  return id;
}

/* The bell's count, and its name for a screen reader. */
static void
show_unread (RosterNotificationsButton *self,
             guint                      unread)
{
  g_autofree char *count = g_strdup_printf ("%u", unread);
  g_autofree char *name = NULL;

  self->unread = unread;
  if (unread > 0)
    /* Translators: the notifications button's name, with how many are unread. */
    name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Notifications, %u unread", "Notifications, %u unread",
                                         unread), unread);
  else
    name = g_strdup (_("Notifications"));

  gtk_label_set_label (self->badge_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), unread > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* Reads the cache again: the count, and the list if the popover shows.
 * When @showing, what the popover shows is seen. */
static void
update (RosterNotificationsButton *self,
        gboolean                   showing)
{
  RosterStore *store = self->session ? roster_session_get_store (self->session) : NULL;
  gboolean open = store != NULL && roster_session_get_state (self->session) == ROSTER_SESSION_OPEN;
  g_autoptr(GListStore) notifications = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seen = 0;
  gint64 newest = 0;
  guint unread = 0;
  guint n = 0;

  gtk_widget_set_visible (GTK_WIDGET (self), open);
  if (open)
    {
      notifications = roster_store_list_notifications (store, &error);
      if (notifications == NULL)
        g_warning ("Cannot read the notifications: %s", error->message);
      seen = read_up_to (store);
      n = notifications ? g_list_model_get_n_items (G_LIST_MODEL (notifications)) : 0;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterNotification) notification = g_list_model_get_item (G_LIST_MODEL (notifications), i);
      gint64 id = roster_notification_get_id (notification);

      newest = MAX (newest, id);
      if (id > seen)
        unread++;
    }
  if (showing)
    roster_notifications_popover_show_list (ROSTER_NOTIFICATIONS_POPOVER (gtk_menu_button_get_popover (self->menu_button)),
                                            G_LIST_MODEL (notifications), seen);

  if (showing && newest > seen)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, newest);

      g_debug ("Notifications seen up to %s", text);
      if (roster_store_set_info (store, READ_UP_TO_KEY, text, &error))
        unread = 0;
      else
        g_warning ("Cannot keep the notifications seen: %s", error->message);
    }
  show_unread (self, unread);
}

static void
refresh (RosterNotificationsButton *self)
{
  /* No popover yet: the bell was never opened. */
  GtkPopover *popover = gtk_menu_button_get_popover (self->menu_button);

  update (self, popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)));
}

static void
popover_shown (RosterNotificationsButton *self)
{
  update (self, TRUE);
}

/* GTK asks each time the bell is opened; the popover is made the first. */
static void
create_popover (GtkMenuButton *menu_button,
                gpointer       user_data)
{
  RosterNotificationsButton *self = user_data;
  GtkWidget *popover;

  if (gtk_menu_button_get_popover (menu_button) != NULL)
    return;

  popover = roster_notifications_popover_new ();
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_shown), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (menu_button, popover);
}

/**
 * roster_notifications_button_set_session:
 * @session: (nullable): whose notifications to show
 */
void
roster_notifications_button_set_session (RosterNotificationsButton *self,
                                         RosterSession             *session)
{
  g_return_if_fail (ROSTER_IS_NOTIFICATIONS_BUTTON (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
    }
  refresh (self);
}

/**
 * roster_notifications_button_get_unread:
 *
 * Returns: how many notifications the bell counts as not yet seen
 */
guint
roster_notifications_button_get_unread (RosterNotificationsButton *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATIONS_BUTTON (self), 0);

  return self->unread;
}

GtkWidget *
roster_notifications_button_new (void)
{
  return g_object_new (ROSTER_TYPE_NOTIFICATIONS_BUTTON, NULL);
}

static void
roster_notifications_button_dispose (GObject *object)
{
  RosterNotificationsButton *self = ROSTER_NOTIFICATIONS_BUTTON (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_NOTIFICATIONS_BUTTON);

  G_OBJECT_CLASS (roster_notifications_button_parent_class)->dispose (object);
}

static void
roster_notifications_button_class_init (RosterNotificationsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_notifications_button_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-notifications-button.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, badge_label);
}

static void
roster_notifications_button_init (RosterNotificationsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popover, self, NULL);
  show_unread (self, 0);
}
