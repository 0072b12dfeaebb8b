/* roster-filtered-users.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "roster-user.h"

G_BEGIN_DECLS

typedef gboolean (*RosterUserMatch) (RosterUser *user,
                                     gpointer    user_data);

#define ROSTER_TYPE_FILTERED_USERS (roster_filtered_users_get_type ())

G_DECLARE_FINAL_TYPE (RosterFilteredUsers, roster_filtered_users, ROSTER, FILTERED_USERS, GObject)

RosterFilteredUsers *roster_filtered_users_new      (GListModel          *sorted,
                                                     RosterUserMatch      match,
                                                     gpointer             user_data);
void                 roster_filtered_users_refilter (RosterFilteredUsers *self,
                                                     GtkFilterChange      change);

G_END_DECLS
