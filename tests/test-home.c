/* test-home.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folders of a test's own, made and removed the same way in every test.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "test-home.h"

/**
 * test_home_new:
 *
 * Makes a temporary folder and points the XDG folders at it, so that the
 * accounts file, the caches and the demo firm are the test's own (GLib's
 * isolated folders leak under the address sanitizer), with no proxy on
 * loopback. Call it before g_test_init(): GLib reads the folders once.
 *
 * Returns: (transfer full): the folder, for test_remove_tree() at the end
 */
char *
test_home_new (const char *name)
{
  g_autofree char *template = g_strdup_printf ("roster-%s-XXXXXX", name);
  char *home = g_dir_make_tmp (template, NULL);

  g_assert_nonnull (home);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  return home;
}

/* Removes @path and everything under it. */
void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/**
 * test_rounds:
 * @variable: the environment variable a long run sets ("ROSTER_KILL_ROUNDS")
 * @in_ci: how many rounds otherwise
 *
 * How many rounds a kill or soak test runs: a few in CI, as many as the
 * documented long runs ask for (docs/reliability.md).
 */
guint
test_rounds (const char *variable,
             guint       in_ci)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : in_ci;
}
