/* roster-spare-cells.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _RosterSpareCells RosterSpareCells;

RosterSpareCells *roster_spare_cells_new   (guint             limit);
void              roster_spare_cells_free  (RosterSpareCells *self);
GtkWidget        *roster_spare_cells_take  (RosterSpareCells *self);
void              roster_spare_cells_hold  (GtkListItem      *item,
                                            GtkWidget        *cell);
void              roster_spare_cells_keep  (RosterSpareCells *self,
                                            GtkListItem      *item);

G_END_DECLS
