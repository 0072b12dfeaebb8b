/* roster-status-icon.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-status-icon.h"

/*
 * A status page's icon, given only once the page is shown.
 *
 * GTK looks an image's icon up when it computes the image's style, shown or
 * not, and each lookup starts reading the icon on GTK's icon threads. The
 * large icons of the status pages that wait in a stack (no user matches,
 * connect to a server, welcome) exist only as SVGs, so reading them loaded
 * librsvg and libxml2 into every start although none of those pages was
 * on screen: 7 MB of a window whose own share is 30 (#17, bench/README.md).
 * The icon the template names is taken off here and given back when the
 * page is first mapped, before its first frame.
 */

#define DEFERRED_ICON "roster-deferred-icon"

static void
give_icon_back (AdwStatusPage *page)
{
  const char *icon_name = g_object_get_data (G_OBJECT (page), DEFERRED_ICON);

  adw_status_page_set_icon_name (page, icon_name);
  g_signal_handlers_disconnect_by_func (page, give_icon_back, NULL);
  g_object_set_data (G_OBJECT (page), DEFERRED_ICON, NULL);
}

/* Call after gtk_widget_init_template(), before the page is first styled. */
void
roster_status_page_defer_icon (AdwStatusPage *page)
{
  const char *icon_name;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  icon_name = adw_status_page_get_icon_name (page);
  if (icon_name == NULL || gtk_widget_get_mapped (GTK_WIDGET (page)))
    return;

  g_object_set_data_full (G_OBJECT (page), DEFERRED_ICON, g_strdup (icon_name), g_free);
  adw_status_page_set_icon_name (page, NULL);
  g_signal_connect (page, "map", G_CALLBACK (give_icon_back), NULL);
}
