/* main.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "roster-application.h"
#include "roster-exit-when-drawn.h"
#include "roster-installed.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;
  g_autofree char *locale_dir = NULL;

  /* Libraries loaded and relocated: the first of start-up's steps. */
  roster_exit_when_drawn_mark ("main");
  locale_dir = roster_installed_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = roster_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
