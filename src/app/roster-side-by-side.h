/* roster-side-by-side.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_SIDE_BY_SIDE (roster_side_by_side_get_type ())

G_DECLARE_FINAL_TYPE (RosterSideBySide, roster_side_by_side, ROSTER, SIDE_BY_SIDE, GtkWidget)

GtkWidget *roster_side_by_side_new (void);

G_END_DECLS
