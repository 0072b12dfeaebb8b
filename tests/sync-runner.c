/* sync-runner.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Syncs a cache with a server, as a process of its own, so that a test can
 * kill it at any point:  sync-runner STORE BASE_URL TOKEN
 * Or sends what the cache's outbox holds, until nothing waits:
 *   sync-runner --flush STORE BASE_URL TOKEN
 */

#include "config.h"

#include <stdio.h>

#include "roster-outbox.h"
#include "roster-sync.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  if (argc == 5 && g_str_equal (argv[1], "--flush"))
    {
      g_autoptr(RosterStore) store = roster_store_open (argv[2], &error);
      g_autoptr(RosterOutbox) outbox = NULL;
      g_autoptr(RosterApi) api = NULL;

      if (store == NULL)
        {
          fprintf (stderr, "cannot open the cache: %s\n", error->message);
          return 1;
        }
      outbox = roster_outbox_new (store);
      api = roster_api_new (argv[3], argv[4]);
      while (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED) + roster_outbox_count (outbox, ROSTER_OUTBOX_SENDING) > 0)
        {
          guint sent = 0;

          g_clear_error (&error);
          if (!roster_outbox_flush (outbox, api, &sent, NULL, &error) && sent == 0)
            {
              fprintf (stderr, "flush failed: %s\n", error ? error->message : "?");
              return 1;
            }
        }
      return 0;
    }

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
