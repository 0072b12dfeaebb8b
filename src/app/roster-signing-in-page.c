/* roster-signing-in-page.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-signing-in-page.h"

/*
 * While the demo firm starts or the browser is open: what Roster waits
 * for, a spinner that turns only while the page is shown, and Cancel.
 */

struct _RosterSigningInPage
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  GtkSpinner    *spinner;
  GtkWidget     *cancel_button;
};

G_DEFINE_FINAL_TYPE (RosterSigningInPage, roster_signing_in_page, ADW_TYPE_BIN)

void
roster_signing_in_page_set_description (RosterSigningInPage *self,
                                        const char          *description)
{
  g_return_if_fail (ROSTER_IS_SIGNING_IN_PAGE (self));

  adw_status_page_set_description (self->status_page, description);
}

static void
roster_signing_in_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (roster_signing_in_page_parent_class)->map (widget);
  gtk_spinner_start (ROSTER_SIGNING_IN_PAGE (widget)->spinner);
}

static void
roster_signing_in_page_unmap (GtkWidget *widget)
{
  gtk_spinner_stop (ROSTER_SIGNING_IN_PAGE (widget)->spinner);
  GTK_WIDGET_CLASS (roster_signing_in_page_parent_class)->unmap (widget);
}

/* Cancel is the one thing to do here. */
static gboolean
roster_signing_in_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (ROSTER_SIGNING_IN_PAGE (widget)->cancel_button);
}

/* AdwBin drops its child, and with it the template's widgets. */
static void
roster_signing_in_page_class_init (RosterSigningInPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = roster_signing_in_page_map;
  widget_class->unmap = roster_signing_in_page_unmap;
  widget_class->grab_focus = roster_signing_in_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-signing-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterSigningInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, RosterSigningInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RosterSigningInPage, cancel_button);
}

static void
roster_signing_in_page_init (RosterSigningInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
roster_signing_in_page_new (void)
{
  return g_object_new (ROSTER_TYPE_SIGNING_IN_PAGE, NULL);
}
