/* roster-users-view.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_USERS_VIEW (roster_users_view_get_type ())

G_DECLARE_FINAL_TYPE (RosterUsersView, roster_users_view, ROSTER, USERS_VIEW, GtkWidget)

GtkWidget  *roster_users_view_new              (void);
void        roster_users_view_set_store        (RosterUsersView  *self,
                                                RosterStore      *store);
void        roster_users_view_reload           (RosterUsersView  *self);
void        roster_users_view_set_filter       (RosterUsersView  *self,
                                                RosterUserFilter  filter);
void        roster_users_view_set_search       (RosterUsersView  *self,
                                                const char       *text);
GtkWidget  *roster_users_view_get_search_entry (RosterUsersView  *self);
gboolean    roster_users_view_clear_search     (RosterUsersView  *self);
void        roster_users_view_set_width        (RosterUsersView  *self,
                                                int               width);
void        roster_users_view_set_me           (RosterUsersView  *self,
                                                gint64            me);
GListModel *roster_users_view_get_model        (RosterUsersView  *self);
void        roster_users_view_set_selection_mode (RosterUsersView *self,
                                                  gboolean         selecting);
GArray     *roster_users_view_dup_selected_ids (RosterUsersView  *self);
void        roster_users_view_sort_by          (RosterUsersView  *self,
                                                guint             column,
                                                GtkSortType       direction);

G_END_DECLS
