/* bench-util.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-util.h"

/* Runs a command to its end and returns what it printed, or stops the
 * benchmark: a failed step has no number to report. */
char *
bench_run (const char *const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (process))
    g_error ("%s %s failed: %s", argv[0], argv[1], error ? error->message : "see above");

  return g_strstrip (g_steal_pointer (&out));
}
