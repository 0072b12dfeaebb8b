/* roster-notifications-popover.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-notifications-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-labels.h"
#include "roster-notification.h"
#include "roster-notifications-popover.h"

/*
 * The list under the bell: the signed-in user's notifications, the newest
 * first, those not seen before marked "New". The bell
 * (roster-notifications-button.c) makes it when it is first opened, and
 * says what to list; this file only shows it.
 */

/* The lines of a notification's body the popover shows. */
#define BODY_LINES 5

/* How many characters a line of the popover holds, or a few less: the list
 * is measured that wide, so that no row is taller than measured. */
#define LINE_CHARS 30

struct _RosterNotificationsPopover
{
  GtkPopover  parent_instance;

  /* Template widgets */
  GtkWidget  *list_page;
  GtkWidget  *empty_page;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (RosterNotificationsPopover, roster_notifications_popover, GTK_TYPE_POPOVER)

static GtkWidget *
new_row (RosterNotification *notification,
         gboolean unread)
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

/**
 * roster_notifications_popover_show_list:
 * @notifications: (nullable): the #RosterNotification s to list, in order
 * @seen: the newest notification seen before, by its id; those after it
 *   are marked new
 *
 * Lists @notifications in place of what was listed, from the top, or says
 * there are none.
 */
void
roster_notifications_popover_show_list (RosterNotificationsPopover *self,
                                        GListModel                 *notifications,
                                        gint64                      seen)
{
  guint n = notifications != NULL ? g_list_model_get_n_items (notifications) : 0;
  GtkWidget *child;

  g_return_if_fail (ROSTER_IS_NOTIFICATIONS_POPOVER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterNotification) notification = g_list_model_get_item (notifications, i);

      gtk_list_box_append (self->list_box, new_row (notification, roster_notification_get_id (notification) > seen));
    }

  /* Shown and hidden rather than stacked: GTK 4.8 tells a screen reader
   * of a stack's hidden pages too. */
  gtk_widget_set_visible (self->list_page, n > 0);
  gtk_widget_set_visible (self->empty_page, n == 0);
  /* The newest first, from the top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_page)), 0);
}

GtkWidget *
roster_notifications_popover_new (void)
{
  return g_object_new (ROSTER_TYPE_NOTIFICATIONS_POPOVER, NULL);
}

static void
roster_notifications_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ROSTER_TYPE_NOTIFICATIONS_POPOVER);

  G_OBJECT_CLASS (roster_notifications_popover_parent_class)->dispose (object);
}

static void
roster_notifications_popover_class_init (RosterNotificationsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_notifications_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-notifications-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsPopover, list_page);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsPopover, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RosterNotificationsPopover, list_box);
}

static void
roster_notifications_popover_init (RosterNotificationsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
