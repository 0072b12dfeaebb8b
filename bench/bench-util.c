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

/**
 * bench_server_start:
 * @dir: where the firm's database is kept between runs, as
 *   bench-FIRM-firm.db
 * @firm: small or large
 *
 * Seeds the firm once, then serves it on a loopback port.
 */
void
bench_server_start (BenchServer *server,
                    const char  *program,
                    const char  *dir,
                    const char  *firm)
{
  bench_server_start_with (server, program, dir, firm, NULL);
}

/**
 * bench_server_start_with:
 * @extra_args: (nullable): more of `roster-server serve`'s options
 *
 * As bench_server_start(), the server started with @extra_args.
 */
void
bench_server_start_with (BenchServer       *server,
                         const char        *program,
                         const char        *dir,
                         const char        *firm,
                         const char *const *extra_args)
{
  g_autofree char *db = g_strdup_printf ("%s/bench-%s-firm.db", dir, firm);
  const char *issue[] = { "issue-token", "marcus.reyes@hartbell.example", NULL };
  g_autoptr(GError) error = NULL;

  server->server = roster_local_server_new (program, db, NULL);
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    g_printerr ("Seeding the %s firm…\n", firm);

  if (!roster_local_server_seed_if_missing (server->server, firm, 0, NULL, &error) ||
      (server->token = roster_local_server_support (server->server, issue, NULL, &error)) == NULL ||
      !roster_local_server_start (server->server, ROSTER_LOCAL_SERVER_FLAGS_NONE, extra_args, NULL, &error))
    g_error ("The %s firm’s server did not start: %s", firm, error->message);

  server->base = g_strdup (roster_local_server_get_url (server->server));
}

void
bench_server_stop (BenchServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->server != NULL && !roster_local_server_stop (server->server, &error))
    g_warning ("%s", error->message);
  g_clear_object (&server->server);
  g_clear_pointer (&server->base, g_free);
  g_clear_pointer (&server->token, g_free);
}
