/* raw-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "raw-server.h"


static void
limit_files (gpointer data)
{
  Server *server = data;
  struct rlimit limit = { server->max_files, server->max_files };

  if (server->max_files > 0)
    setrlimit (RLIMIT_NOFILE, &limit);
}

/* Runs roster-server with the arguments given; returns its output's last line. */
char *
run_tool (const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ROSTER_SERVER"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  return g_strdup (lines[0] ? lines[g_strv_length (lines) - 1] : "");
}

/* Seeds a small firm and serves it with the options given. */
void
server_start (Server     *server,
              const char *first_option,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *seeded = NULL;
  g_autoptr(GUri) uri = NULL;
  va_list args;

  server->dir = g_dir_make_tmp ("roster-hostile-XXXXXX", NULL);
  server->db = g_build_filename (server->dir, "firm.db", NULL);
  seeded = run_tool ("seed", "--db", server->db, "--firm", "small", NULL);

  g_ptr_array_add (argv, (gpointer) g_getenv ("ROSTER_SERVER"));
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, (gpointer) "--exit-with-stdin");
  va_start (args, first_option);
  for (const char *arg = first_option; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, limit_files, server, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  server->base_url = g_strndup (line + strlen ("Listening on "), strlen (line) - strlen ("Listening on ") - 1);
  uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  server->port = g_uri_get_port (uri);
}

gboolean
server_alive (Server *server)
{
  return g_subprocess_get_identifier (server->process) != NULL;
}

/* Stops the server; returns what it wrote on standard error. */
char *
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (server_alive (server));
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (server->db, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_rmdir (server->dir);
  g_clear_object (&server->process);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->db, g_free);
  g_clear_pointer (&server->base_url, g_free);

  return g_steal_pointer (&err);
}

char *
sql_text (Server     *server,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (server->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return text;
}

/* An access token of one of the firm's administrators. */
char *
admin_token (Server *server)
{
  g_autofree char *email = sql_text (server, "SELECT email FROM users WHERE admin = 1 AND enabled = 1 ORDER BY id");

  return run_tool ("support", "issue-token", "--db", server->db, email, NULL);
}

GSocketConnection *
connect_raw (Server *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

void
send_raw (GSocketConnection *connection,
          const void        *data,
          gsize              length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), data, length,
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Everything the server sends until it closes, or NULL when the connection
 * failed (reset) before a byte. */
char *
receive_all (GSocketConnection *connection)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  for (;;)
    {
      guint8 buffer[16384];
      g_autoptr(GError) error = NULL;
      gssize got = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      if (got <= 0)
        break;
      g_byte_array_append (all, buffer, got);
    }

  if (all->len == 0)
    return NULL;
  g_byte_array_append (all, (const guint8 *) "", 1);
  return g_strdup ((const char *) all->data);
}

/* A whole request on a connection of its own; returns the whole response. */
char *
request_raw (Server     *server,
             const char *request)
{
  g_autoptr(GSocketConnection) connection = connect_raw (server);

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  send_raw (connection, request, strlen (request));
  return receive_all (connection);
}

guint
status_of (const char *response)
{
  guint status = 0;

  g_assert_nonnull (response);
  g_assert_cmpint (sscanf (response, "HTTP/1.1 %u", &status), ==, 1);
  return status;
}

char *
raw_get (Server     *server,
         const char *path,
         const char *token)
{
  g_autofree char *authorization = token ? g_strconcat ("Bearer ", token, NULL) : NULL;

  return raw_send (server, "GET", path, authorization, NULL);
}

/* A request on a connection of its own, with its Authorization header
 * as given (NULL: none) and a JSON body (NULL: none); returns the whole
 * response. */
char *
raw_send (Server     *server,
          const char *method,
          const char *path,
          const char *authorization,
          const char *body)
{
  g_autofree char *length = body ? g_strdup_printf ("Content-Type: application/json\r\nContent-Length: %zu\r\n",
                                                    strlen (body)) : g_strdup ("");
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s%s%s%s"
                                              "Connection: close\r\n\r\n%s",
                                              method, path, server->port,
                                              authorization ? "Authorization: " : "",
                                              authorization ? authorization : "", authorization ? "\r\n" : "",
                                              length, body ? body : "");

  return request_raw (server, request);
}

/* Whether the server closed @connection within @seconds, sending nothing. */
gboolean
closed_within (GSocketConnection *connection,
               guint              seconds)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      char byte;
      gssize got;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN, 200000, NULL, NULL))
        continue;
      got = g_socket_receive (socket, &byte, 1, NULL, &error);
      if (got == 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        return TRUE;
      if (got < 0)
        return TRUE;  /* reset: closed all the same */
    }

  return FALSE;
}

gint64
resident_kib (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}
