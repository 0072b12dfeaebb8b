/* roster-account-window.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ACCOUNT_WINDOW (roster_account_window_get_type ())

G_DECLARE_FINAL_TYPE (RosterAccountWindow, roster_account_window, ROSTER, ACCOUNT_WINDOW, AdwPreferencesWindow)

GtkWidget *roster_account_window_new (GtkWindow     *parent,
                                      RosterSession *session,
                                      GSettings     *settings);

G_END_DECLS
