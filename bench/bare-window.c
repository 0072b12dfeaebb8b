/* bare-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline of Roster's start-up: a bare libadwaita window with a header
 * bar, which prints its memory once it has been painted and again once its
 * memory has settled, and quits, as `roster` does with ROSTER_EXIT_WHEN_DRAWN.
 */

#include "config.h"

#include <adwaita.h>

#include "roster-exit-when-drawn.h"

/* Painted at all is what a bare window is for. */
static gboolean
drawn (GtkWindow *window)
{
  return TRUE;
}

static void
activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  /* Run by hand, it is a window that stays. */
  if (g_getenv ("ROSTER_EXIT_WHEN_DRAWN") != NULL)
    roster_exit_when_drawn (GTK_WINDOW (window), drawn);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;

  roster_exit_when_drawn_mark ("main");
  application = adw_application_new ("io.github.firmroster.Roster.BareWindow",
                                     G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
