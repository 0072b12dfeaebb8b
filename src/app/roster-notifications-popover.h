/* roster-notifications-popover.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_NOTIFICATIONS_POPOVER (roster_notifications_popover_get_type ())

G_DECLARE_FINAL_TYPE (RosterNotificationsPopover, roster_notifications_popover, ROSTER, NOTIFICATIONS_POPOVER, GtkPopover)

GtkWidget *roster_notifications_popover_new        (void);
void       roster_notifications_popover_show_list  (RosterNotificationsPopover *self,
                                                    GListModel                 *notifications,
                                                    gint64                      seen);

G_END_DECLS
