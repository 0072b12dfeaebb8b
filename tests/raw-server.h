/* raw-server.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/resource.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* A roster-server process of a test's own, on a freshly seeded small firm,
 * and raw sockets to it: what a hostile client sends, libsoup's client
 * would not. */
typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *process;
  char        *base_url;
  guint        port;
  rlim_t       max_files;  /* 0: as inherited */
} Server;

void               server_start   (Server            *server,
                                   const char        *first_option,
                                   ...) G_GNUC_NULL_TERMINATED;
gboolean           server_alive   (Server            *server);
char              *server_stop    (Server            *server);
char              *run_tool       (const char        *first,
                                   ...) G_GNUC_NULL_TERMINATED;
char              *sql_text       (Server            *server,
                                   const char        *sql);
char              *admin_token    (Server            *server);
GSocketConnection *connect_raw    (Server            *server);
void               send_raw       (GSocketConnection *connection,
                                   const void        *data,
                                   gsize              length);
char              *receive_all    (GSocketConnection *connection);
char              *request_raw    (Server            *server,
                                   const char        *request);
guint              status_of      (const char        *response);
char              *raw_get        (Server            *server,
                                   const char        *path,
                                   const char        *token);
char              *raw_send       (Server            *server,
                                   const char        *method,
                                   const char        *path,
                                   const char        *authorization,
                                   const char        *body);
gboolean           closed_within  (GSocketConnection *connection,
                                   guint              seconds);
gint64             resident_kib   (Server            *server);

G_END_DECLS
