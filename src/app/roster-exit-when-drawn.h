/* roster-exit-when-drawn.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether @window shows what it was started for, when it was last painted. */
typedef gboolean (*RosterDrawnFunc) (GtkWindow *window);

void roster_exit_when_drawn      (GtkWindow       *window,
                                  RosterDrawnFunc  drawn);
void roster_exit_when_drawn_mark (const char      *step);

G_END_DECLS
