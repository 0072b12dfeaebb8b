/* roster-notifications-button.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_NOTIFICATIONS_BUTTON (roster_notifications_button_get_type ())

G_DECLARE_FINAL_TYPE (RosterNotificationsButton, roster_notifications_button, ROSTER, NOTIFICATIONS_BUTTON, GtkWidget)

GtkWidget *roster_notifications_button_new         (void);
void       roster_notifications_button_set_session (RosterNotificationsButton *self,
                                                    RosterSession             *session);
guint      roster_notifications_button_get_unread  (RosterNotificationsButton *self);

G_END_DECLS
