/* server-fixture.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "server-fixture.h"
#include "test-home.h"

static const char *
server_program (void)
{
  const char *program = g_getenv ("ROSTER_SERVER");

  g_assert_nonnull (program);
  return program;
}

static void
serve (ServerFixture *fixture,
       const char   **extra_args)
{
  g_autoptr(GError) error = NULL;

  /* A test that crashes takes its server with it, even before the closed
   * pipe of its standard input says so: an orphan would hold the test
   * runner's output open, and the runner would wait forever. */
  roster_local_server_start (fixture->server, ROSTER_LOCAL_SERVER_FLAGS_DIE_WITH_THREAD,
                             (const char *const *) extra_args, NULL, &error);
  g_assert_no_error (error);
  g_free (fixture->base_url);
  fixture->base_url = g_strdup (roster_local_server_get_url (fixture->server));
}

void
server_fixture_start (ServerFixture *fixture,
                      const char    *firm,
                      const char   **extra_args)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("roster-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "firm.db", NULL);
  fixture->spool = g_build_filename (fixture->dir, "mail", NULL);
  fixture->server = roster_local_server_new (server_program (), fixture->db_path, fixture->spool);

  roster_local_server_seed_if_missing (fixture->server, firm, 7, NULL, &error);
  g_assert_no_error (error);

  serve (fixture, extra_args);

  fixture->session = soup_session_new_with_options ("timeout", 30, NULL);
}

/* The server stops; its URL is kept, for the tests of a server gone. */
void
server_fixture_kill (ServerFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  /* It stops cleanly on SIGTERM. */
  if (fixture->server != NULL)
    roster_local_server_stop (fixture->server, &error);
  g_assert_no_error (error);
}

/* Kills the server with SIGKILL: a crash, in the middle of whatever it does. */
void
server_fixture_crash (ServerFixture *fixture)
{
  if (fixture->server != NULL)
    roster_local_server_kill (fixture->server);
}

void
server_fixture_restart (ServerFixture *fixture,
                        const char   **extra_args)
{
  server_fixture_kill (fixture);
  serve (fixture, extra_args);
}

void
server_fixture_stop (ServerFixture *fixture)
{
  server_fixture_kill (fixture);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->session);
  if (fixture->dir != NULL)
    test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->spool, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
}

char *
server_fixture_support (ServerFixture *fixture,
                        const char    *first_arg,
                        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;
  char *out;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  out = roster_local_server_support (fixture->server, (const char *const *) args->pdata, NULL, &error);
  g_assert_no_error (error);

  return out;
}

char *
server_fixture_token (ServerFixture *fixture,
                      const char    *email)
{
  return server_fixture_support (fixture, "issue-token", email, NULL);
}

Response *
server_fixture_request (ServerFixture *fixture,
                        const char    *method,
                        const char    *path,
                        const char    *token,
                        const char    *body,
                        const char    *header_name,
                        const char    *header_value)
{
  g_autofree char *url = g_strconcat (fixture->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  Response *response = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (header_name != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header_name, header_value);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  bytes = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_bytes_get_size (bytes) > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                                                 : g_strdup ("");
  if (g_bytes_get_size (bytes) > 0 && json_parser_load_from_data (parser, response->body, -1, NULL))
    response->root = json_node_copy (json_parser_get_root (parser));

  return response;
}

void
response_free (Response *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response->body);
  g_free (response);
}

JsonObject *
response_data_object (Response *response)
{
  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  return json_object_get_object_member (json_node_get_object (response->root), "data");
}

JsonArray *
response_data_array (Response *response)
{
  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  return json_object_get_array_member (json_node_get_object (response->root), "data");
}

/* Every refusal is {"error": {"type", "message"}}. */
const char *
response_error_type (Response *response)
{
  JsonObject *error;

  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  error = json_object_get_object_member (json_node_get_object (response->root), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "type");
}

void
server_fixture_sql (ServerFixture *fixture,
                    const char    *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* @sql's first row, read-only on the firm's database: the statement, with
 * its connection in @db, for the caller to read and close. */
static sqlite3_stmt *
first_row (ServerFixture *fixture,
           const char    *sql,
           sqlite3      **db)
{
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (*db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (*db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      sqlite3_finalize (statement);
      return NULL;
    }

  return statement;
}

/* The first column of the first row of @sql, as a number; -1 if none. */
gint64
server_fixture_sql_int (ServerFixture *fixture,
                        const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = first_row (fixture, sql, &db);
  gint64 value = statement ? sqlite3_column_int64 (statement, 0) : -1;

  sqlite3_finalize (statement);
  sqlite3_close (db);

  return value;
}

/* The first column of the first row of @sql, as text; NULL if none. */
char *
server_fixture_sql_text (ServerFixture *fixture,
                         const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = first_row (fixture, sql, &db);
  char *value = statement ? g_strdup ((const char *) sqlite3_column_text (statement, 0)) : NULL;

  sqlite3_finalize (statement);
  sqlite3_close (db);

  return value;
}

/**
 * server_fixture_open_work_filter:
 *
 * What of @collection the views show, as a list's parameters: matters open
 * or pending, tasks not complete, calendar entries not over now. A first
 * sync asks for that (and entries over within the last day, for the
 * clocks' sake).
 *
 * Returns: (transfer full): the parameters, each with its "&"; "" for a
 *   collection shown whole
 */
char *
server_fixture_open_work_filter (const char *collection)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (g_str_equal (collection, "matters"))
    return g_strdup ("&status=open,pending");
  if (g_str_equal (collection, "tasks"))
    return g_strdup ("&complete=false");
  if (g_str_equal (collection, "calendar_entries"))
    return g_strconcat ("&from=", now_text, NULL);

  return g_strdup ("");
}
