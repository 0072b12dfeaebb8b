/* roster-welcome-page.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_WELCOME_PAGE (roster_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterWelcomePage, roster_welcome_page, ROSTER, WELCOME_PAGE, AdwBin)

GtkWidget *roster_welcome_page_new (void);

G_END_DECLS
