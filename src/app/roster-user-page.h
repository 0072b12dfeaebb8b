/* roster-user-page.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_USER_PAGE (roster_user_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterUserPage, roster_user_page, ROSTER, USER_PAGE, AdwBin)

GtkWidget *roster_user_page_new          (void);
gboolean   roster_user_page_show_user    (RosterUserPage *self,
                                          RosterSession  *session,
                                          gint64          user_id);
gint64     roster_user_page_get_user_id  (RosterUserPage *self);
void       roster_user_page_reload       (RosterUserPage *self);
void       roster_user_page_scroll_to_top (RosterUserPage *self);

G_END_DECLS
