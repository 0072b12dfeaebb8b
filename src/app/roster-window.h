/* roster-window.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-application.h"
#include "roster-session.h"
#include "roster-users-view.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_WINDOW (roster_window_get_type ())

G_DECLARE_FINAL_TYPE (RosterWindow, roster_window, ROSTER, WINDOW, AdwApplicationWindow)

RosterWindow    *roster_window_new            (RosterApplication *application);
void             roster_window_open           (RosterWindow      *self,
                                               gboolean           demo);
RosterSession   *roster_window_get_session    (RosterWindow      *self);

G_END_DECLS
