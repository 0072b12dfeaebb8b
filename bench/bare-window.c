/* bare-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline of Roster's start-up: a bare libadwaita window with a header
 * bar, which prints its memory and quits once it has been painted, as
 * `roster` does with ROSTER_EXIT_WHEN_DRAWN.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

static void
painted (GdkFrameClock *clock,
         GtkWindow     *window)
{
  g_autofree char *status = NULL;
  const char *line;

  g_signal_handlers_disconnect_by_func (clock, painted, window);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) && (line = strstr (status, "VmRSS:")) != NULL)
    {
      gint64 kb = g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);

      /* Nothing comes after the first paint: settled as drawn. */
      g_print ("drawn %" G_GINT64_FORMAT " kB\nsettled %" G_GINT64_FORMAT " kB\n", kb, kb);
    }
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
realized (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted), window);
}

static void
activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  g_signal_connect (window, "realize", G_CALLBACK (realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.firmroster.Roster.BareWindow",
                                                               G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
