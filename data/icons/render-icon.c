/* render-icon.c: the application's icon drawn at one size, at build time
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   render-icon SVG SIZE PNG
 *
 * On X11, GTK gives a window its icon as pixels, drawn from the icon
 * theme at the sizes it holds (48 for a scalable icon). With only the SVG,
 * drawing it loaded librsvg and libxml2 into every start of Roster, 7 MB
 * that nothing else on the first screen needs (#17, bench/README.md). A
 * PNG of 48 px among the application's resources is what GTK picks
 * instead. It is drawn from the SVG here, so that the two never differ.
 */

#include <stdlib.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  int size;

  if (argc != 4 || (size = atoi (argv[2])) <= 0)
    {
      g_printerr ("Usage: %s SVG SIZE PNG\n", argv[0]);
      return 2;
    }

  pixbuf = gdk_pixbuf_new_from_file_at_size (argv[1], size, size, &error);
  if (pixbuf == NULL || !gdk_pixbuf_save (pixbuf, argv[3], "png", &error, NULL))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  return 0;
}
