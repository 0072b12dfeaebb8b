/* bench-util.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

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
  g_autofree char *db = g_strdup_printf ("%s/bench-%s-firm.db", dir, firm);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      const char *seed[] = { program, "seed", "--db", db, "--firm", firm, NULL };

      g_printerr ("Seeding the %s firm…\n", firm);
      g_free (bench_run (seed));
    }

  {
    const char *issue[] = { program, "support", "--db", db, "issue-token", "marcus.reyes@hartbell.example", NULL };
    const char *serve[] = { program, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet", NULL };

    server->token = bench_run (issue);
    server->process = g_subprocess_newv (serve, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);
  }

  /* It says "Listening on URL" first. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  server->base = g_strdup (strstr (line, "http://"));
  server->base[strlen (server->base) - 1] = '\0';
}

void
bench_server_stop (BenchServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base, g_free);
  g_clear_pointer (&server->token, g_free);
}
