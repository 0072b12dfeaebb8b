/* roster-welcome-page.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-welcome-page.h"
#include "roster-status-icon.h"

/*
 * The first page a new user sees: the demo firm, to look around at once,
 * or their own firm's server. Both buttons are the window's actions.
 */

struct _RosterWelcomePage
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  GtkWidget     *demo_button;
};

G_DEFINE_FINAL_TYPE (RosterWelcomePage, roster_welcome_page, ADW_TYPE_BIN)

/* The suggested way in has the focus, so Enter starts the demo. */
static gboolean
roster_welcome_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (ROSTER_WELCOME_PAGE (widget)->demo_button);
}

/* AdwBin drops its child, and with it the template's widgets. */
static void
roster_welcome_page_class_init (RosterWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = roster_welcome_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, RosterWelcomePage, demo_button);
}

static void
roster_welcome_page_init (RosterWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  roster_status_page_defer_icon (self->status_page);
}

GtkWidget *
roster_welcome_page_new (void)
{
  return g_object_new (ROSTER_TYPE_WELCOME_PAGE, NULL);
}
