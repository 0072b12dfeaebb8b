/* bench-util.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-local-server.h"

G_BEGIN_DECLS

/* A roster-server on a loopback port, and a token for its primary
 * administrator. */
typedef struct
{
  RosterLocalServer *server;
  char              *base;
  char              *token;
} BenchServer;

char *bench_run          (const char * const *argv);
void  bench_server_start (BenchServer        *server,
                          const char         *program,
                          const char         *dir,
                          const char         *firm);
void  bench_server_start_with (BenchServer        *server,
                               const char         *program,
                               const char         *dir,
                               const char         *firm,
                               const char * const *extra_args);
void  bench_server_stop  (BenchServer        *server);

G_END_DECLS
