/* roster-notifications-button.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-notifications-button"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-labels.h"
#include "roster-notifications-button.h"

/*
 * The signed-in user's in-app notifications (work reassigned to them), in
 * the header bar: a bell with the number of those not yet seen, and a
 * popover that lists them all, the newest first. Opening it marks them
 * seen; the mark is kept in the cache, so that it survives a restart and
 * goes with the account.
 */

/* The newest notification seen, by its id, in the cache's info table. */
#define READ_UP_TO_KEY "notifications-read-up-to"

/* The lines of a notification's body the popover shows. */
#define BODY_LINES 5

/* How many characters a line of the popover holds, or a few less: the list
 * is measured that wide, so that no row is taller than measured. */
#define LINE_CHARS 30

struct _RosterNotificationsButton
{
  GtkWidget      parent_instance;

  RosterSession *session;
  guint          unread;

  /* Template widgets */
  GtkMenuButton *menu_button;
  GtkLabel      *badge_label;
  GtkPopover    *popover;
  GtkWidget     *list_page;
  GtkWidget     *empty_page;
  GtkListBox    *list_box;
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

static GtkWidget *
new_row (RosterNotification *notification,
         gboolean            unread)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *subject = gtk_label_new (roster_notification_get_subject (notification));
  GtkWidget *body = gtk_label_new (NULL);
  g_autofree char *when_text = roster_labels_date_time (roster_notification_get_created_at (notification));
  GtkWidget *when = gtk_label_new (when_text);
  g_autofree char *full_body = g_strstrip (g_strdup (roster_notification_get_body (notification)));
  g_autofree char *body_text = g_strdup (full_body);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  /* The firm's words, not markup; a long one wraps. */
  /* As wide as the popover: the list's height is measured at that width. */
  gtk_label_set_max_width_chars (GTK_LABEL (subject), LINE_CHARS);
  gtk_label_set_max_width_chars (GTK_LABEL (body), LINE_CHARS);
  gtk_label_set_xalign (GTK_LABEL (subject), 0.0);
  gtk_label_set_wrap (GTK_LABEL (subject), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subject), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (subject, TRUE);
  gtk_widget_add_css_class (subject, "heading");
  gtk_box_append (GTK_BOX (top), subject);
  if (unread)
    {
      /* Translators: on a notification not seen before. */
      GtkWidget *badge = gtk_label_new (_("New"));

      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      gtk_widget_add_css_class (badge, "roster-badge");
      gtk_box_append (GTK_BOX (top), badge);
    }
  gtk_box_append (GTK_BOX (box), top);

  /* A reassignment's body lists every item that moved, a line each: the
   * first lines say what happened, and the popover stays a list of
   * notifications. A screen reader reads the whole text. */
  {
    g_auto(GStrv) lines = g_strsplit (body_text, "\n", BODY_LINES + 1);

    if (g_strv_length (lines) > BODY_LINES)
      {
        g_free (lines[BODY_LINES]);
        lines[BODY_LINES] = g_strdup ("…");
      }
    g_free (body_text);
    body_text = g_strjoinv ("\n", lines);
  }
  gtk_label_set_label (GTK_LABEL (body), body_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_PROPERTY_LABEL, full_body, -1);
  gtk_label_set_xalign (GTK_LABEL (body), 0.0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), body);

  gtk_label_set_xalign (GTK_LABEL (when), 0.0);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "caption");
  gtk_box_append (GTK_BOX (box), when);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
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

/* Reads the cache again: the count, and the list. When @showing, the
 * popover shows the list, and what it shows is seen. */
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
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self), open);
  if (open)
    {
      notifications = roster_store_list_notifications (store, &error);
      if (notifications == NULL)
        g_warning ("Cannot read the notifications: %s", error->message);
      seen = read_up_to (store);
      n = notifications ? g_list_model_get_n_items (G_LIST_MODEL (notifications)) : 0;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterNotification) notification = g_list_model_get_item (G_LIST_MODEL (notifications), i);
      gint64 id = roster_notification_get_id (notification);

      newest = MAX (newest, id);
      if (id > seen)
        unread++;
      gtk_list_box_append (self->list_box, new_row (notification, id > seen));
    }
  /* Shown and hidden rather than stacked: GTK 4.8 tells a screen reader
   * of a stack's hidden pages too. */
  gtk_widget_set_visible (self->list_page, n > 0);
  gtk_widget_set_visible (self->empty_page, n == 0);
  /* The newest first, from the top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_page)), 0);

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
  update (self, gtk_widget_get_visible (GTK_WIDGET (self->popover)));
}

static void
popover_shown (RosterNotificationsButton *self)
{
  update (self, TRUE);
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
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, list_page);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsButton, list_box);
  gtk_widget_class_bind_template_callback (widget_class, popover_shown);
}

static void
roster_notifications_button_init (RosterNotificationsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_unread (self, 0);
}
