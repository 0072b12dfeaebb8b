/* sync-runner.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Syncs a cache with a server, as a process of its own, so that a test can
 * kill it at any point:  sync-runner STORE BASE_URL TOKEN
 */

#include "config.h"

#include <stdio.h>

#include "roster-sync.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s STORE BASE_URL TOKEN\n", argv[0]);
      return 2;
    }

  sync = roster_sync_new (argv[1], argv[2], argv[3]);
  if (!roster_sync_run (sync, NULL, &error))
    {
      fprintf (stderr, "sync failed: %s\n", error->message);
      return 1;
    }

  return 0;
}
