/* server-fixture.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-local-server.h"

G_BEGIN_DECLS

/* A real roster-server on a loopback port, with a freshly seeded firm of its
 * own, and a libsoup session to talk to it. */
typedef struct
{
  char              *dir;
  char              *db_path;
  char              *spool;
  RosterLocalServer *server;
  char              *base_url;
  SoupSession       *session;
} ServerFixture;

typedef struct
{
  guint               status;
  JsonNode           *root;     /* NULL when the body is empty or not JSON */
  char               *body;
  SoupMessageHeaders *headers;
} Response;

void      server_fixture_start    (ServerFixture  *fixture,
                                   const char     *firm,
                                   const char    **extra_args);
void      server_fixture_stop     (ServerFixture  *fixture);
void      server_fixture_kill     (ServerFixture  *fixture);
void      server_fixture_crash    (ServerFixture  *fixture);
void      server_fixture_restart  (ServerFixture  *fixture,
                                   const char    **extra_args);
char     *server_fixture_support  (ServerFixture  *fixture,
                                   const char     *first_arg,
                                   ...) G_GNUC_NULL_TERMINATED;
char     *server_fixture_token    (ServerFixture  *fixture,
                                   const char     *email);
Response *server_fixture_request  (ServerFixture  *fixture,
                                   const char     *method,
                                   const char     *path,
                                   const char     *token,
                                   const char     *body,
                                   const char     *header_name,
                                   const char     *header_value);
void      response_free           (Response       *response);
JsonObject *response_data_object  (Response       *response);
JsonArray  *response_data_array   (Response       *response);
const char *response_error_type   (Response       *response);
char     *server_fixture_open_work_filter (const char *collection);
void      server_fixture_sql      (ServerFixture  *fixture,
                                   const char     *sql);
gint64    server_fixture_sql_int  (ServerFixture  *fixture,
                                   const char     *sql);
char     *server_fixture_sql_text (ServerFixture  *fixture,
                                   const char     *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

G_END_DECLS
