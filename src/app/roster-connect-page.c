/* roster-connect-page.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "roster-connect-page.h"
#include "roster-status-icon.h"

/*
 * Connecting to a firm: one of Clio's regions, or the address of a server
 * of one's own. The sign-in itself happens in the browser; the window's
 * win.sign-in asks this page which server was chosen.
 */

struct _RosterConnectPage
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  AdwComboRow   *region_row;
  AdwEntryRow   *server_row;
};

G_DEFINE_FINAL_TYPE (RosterConnectPage, roster_connect_page, ADW_TYPE_BIN)

/* Clio's regions, and a server of one's own. */
static const struct
{
  const char *name;
  const char *url;
} regions[] = {
  { N_("Clio — United States"), "https://app.clio.com" },
  { N_("Clio — Canada"), "https://ca.app.clio.com" },
  { N_("Clio — Europe"), "https://eu.app.clio.com" },
  { N_("Clio — Australia"), "https://au.app.clio.com" },
  { N_("Another Server"), NULL },
};

static void
region_changed (AdwComboRow       *row,
                GParamSpec        *pspec,
                RosterConnectPage *self)
{
  guint selected = adw_combo_row_get_selected (row);
  gboolean own = selected < G_N_ELEMENTS (regions) && regions[selected].url == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->server_row), own);
  /* A server of one's own is typed next. */
  if (own && gtk_widget_get_mapped (GTK_WIDGET (row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

/* Enter in the address signs in, as the button would. */
static void
server_activated (AdwEntryRow       *row,
                  RosterConnectPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-in", NULL);
}

/**
 * roster_connect_page_dup_server:
 *
 * Returns: (transfer full): the chosen server's address, as typed (the
 *   session checks it)
 */
char *
roster_connect_page_dup_server (RosterConnectPage *self)
{
  guint selected = adw_combo_row_get_selected (self->region_row);

  g_return_val_if_fail (ROSTER_IS_CONNECT_PAGE (self), NULL);

  if (selected < G_N_ELEMENTS (regions) && regions[selected].url != NULL)
    return g_strdup (regions[selected].url);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
}

/* Connecting starts with choosing the server. */
static gboolean
roster_connect_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ROSTER_CONNECT_PAGE (widget)->region_row));
}

/* AdwBin drops its child, and with it the template's widgets. */
static void
roster_connect_page_class_init (RosterConnectPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = roster_connect_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterConnectPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, RosterConnectPage, region_row);
  gtk_widget_class_bind_template_child (widget_class, RosterConnectPage, server_row);
  gtk_widget_class_bind_template_callback (widget_class, region_changed);
  gtk_widget_class_bind_template_callback (widget_class, server_activated);
}

static void
roster_connect_page_init (RosterConnectPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  roster_status_page_defer_icon (self->status_page);

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    gtk_string_list_append (names, _(regions[i].name));
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (names));
}

GtkWidget *
roster_connect_page_new (void)
{
  return g_object_new (ROSTER_TYPE_CONNECT_PAGE, NULL);
}
