/* roster-connect-page.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_CONNECT_PAGE (roster_connect_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterConnectPage, roster_connect_page, ROSTER, CONNECT_PAGE, AdwBin)

GtkWidget *roster_connect_page_new        (void);
char      *roster_connect_page_dup_server (RosterConnectPage *self);

G_END_DECLS
