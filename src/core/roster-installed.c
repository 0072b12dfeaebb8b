/* roster-installed.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-installed"

#include "config.h"

#include "roster-installed.h"

/*
 * The paths Meson compiles in (BINDIR, LOCALEDIR) are where the files will
 * be once installed to the configured prefix. A tree installed elsewhere
 * (`meson install --destdir`, a package built in a staging directory and
 * not yet installed, a prefix moved as a whole) keeps the same layout
 * under another root: the running program's own directory is the bindir,
 * and the rest is found from it. The compiled-in paths are the fallback.
 */

/* The directory of the running program, or NULL where /proc is not. */
static char *
own_directory (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self == NULL)
    return NULL;

  return g_path_get_dirname (self);
}

/**
 * roster_installed_find_program:
 * @name: the name of another of Roster's programs, e.g. "roster-server"
 *
 * Finds @name beside the running program (an installed tree: every
 * program is in the bindir), else where it is in the build tree (each
 * program in src/<part>/), else in the configured bindir.
 *
 * Returns: (transfer full): a path; the last, whether it exists or not
 */
char *
roster_installed_find_program (const char *name)
{
  g_autofree char *dir = own_directory ();

  g_return_val_if_fail (name != NULL, NULL);

  if (dir != NULL)
    {
      g_autofree char *beside = g_build_filename (dir, name, NULL);
      g_autofree char *built = g_build_filename (dir, "..", "server", name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (beside, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&beside);
      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (built, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&built);
    }

  return g_build_filename (BINDIR, name, NULL);
}

/**
 * roster_installed_locale_dir:
 *
 * The translations: RELATIVE_LOCALEDIR from the running program's
 * directory when it is there (the tree is installed, wherever it is),
 * else the configured LOCALEDIR.
 *
 * Returns: (transfer full): a directory for bindtextdomain()
 */
char *
roster_installed_locale_dir (void)
{
#ifdef RELATIVE_LOCALEDIR
  g_autofree char *dir = own_directory ();

  if (dir != NULL)
    {
      g_autofree char *relative = g_build_filename (dir, RELATIVE_LOCALEDIR, NULL);
      g_autofree char *canonical = g_canonicalize_filename (relative, NULL);

      if (g_file_test (canonical, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&canonical);
    }
#endif

  return g_strdup (LOCALEDIR);
}
