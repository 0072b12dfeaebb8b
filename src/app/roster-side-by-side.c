/* roster-side-by-side.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-side-by-side.h"

/*
 * A row of children, as a horizontal GtkBox would lay them out, with one
 * difference: only the first child's minimum width counts towards its
 * own. The others (the window's separator and the user's page beside the
 * list) keep their minimum widths when there is room, and are pushed off
 * the end edge, clipped, when there is not.
 *
 * The window moves the user's page back into a page of its own when it is
 * narrower than 1,280 px; it learns its width only once allocated. With a
 * box, the page beside the list held the window at the list's minimum
 * plus the page's, 976 px: a window tiled to half of a screen, or asked
 * for a smaller size in one step, stopped there, and never got narrow
 * enough for the page to move. Here it gets the width it asks for, the
 * page is clipped for the one frame until the window lays itself out
 * again.
 */

struct _RosterSideBySide
{
  GtkWidget  parent_instance;
};

G_DEFINE_FINAL_TYPE (RosterSideBySide, roster_side_by_side, GTK_TYPE_WIDGET)

static void
roster_side_by_side_measure (GtkWidget     *widget,
                             GtkOrientation orientation,
                             int            for_size,
                             int           *minimum,
                             int           *natural,
                             int           *minimum_baseline,
                             int           *natural_baseline)
{
  GtkWidget *first = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      /* Sizes for any width or height: the list and the page scroll. */
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          if (child == first)
            *minimum = child_min;
          *natural += child_nat;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }
  *natural = MAX (*natural, *minimum);
}

static void
roster_side_by_side_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GtkWidget *first = gtk_widget_get_first_child (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int others = 0;
  int first_min = 0;
  int x;

  if (first == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_next_sibling (first); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int child_min = 0;

        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
        others += child_min;
      }

  /* The first takes what the others leave, and never less than its
   * minimum; the others follow it, each at its minimum width. */
  x = 0;
  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_width = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      if (child == first)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &first_min, NULL, NULL, NULL);
          child_width = MAX (width - others, first_min);
        }
      else
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_width, NULL, NULL, NULL);

      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - child_width : x, 0, child_width, height },
                                -1);
      x += child_width;
    }
}

static GtkSizeRequestMode
roster_side_by_side_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

GtkWidget *
roster_side_by_side_new (void)
{
  return g_object_new (ROSTER_TYPE_SIDE_BY_SIDE, NULL);
}

static void
roster_side_by_side_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_side_by_side_parent_class)->dispose (object);
}

static void
roster_side_by_side_class_init (RosterSideBySideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_side_by_side_dispose;

  widget_class->measure = roster_side_by_side_measure;
  widget_class->size_allocate = roster_side_by_side_size_allocate;
  widget_class->get_request_mode = roster_side_by_side_get_request_mode;
  /* A box, to the theme. */
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
roster_side_by_side_init (RosterSideBySide *self)
{
  /* What is pushed past the end edge is not drawn over the window's. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}
