/* roster-activity-window.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ACTIVITY_WINDOW (roster_activity_window_get_type ())

G_DECLARE_FINAL_TYPE (RosterActivityWindow, roster_activity_window, ROSTER, ACTIVITY_WINDOW, AdwWindow)

GtkWidget  *roster_activity_window_new         (GtkWindow            *parent,
                                                RosterSession        *session);
void        roster_activity_window_present     (GtkWindow            *parent,
                                                RosterSession        *session);
GListModel *roster_activity_window_get_model   (RosterActivityWindow *self);
char       *roster_activity_window_dup_csv     (RosterActivityWindow *self);

G_END_DECLS
