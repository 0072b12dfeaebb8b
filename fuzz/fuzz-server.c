/* fuzz-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "roster-firm.h"
#include "roster-seed.h"
#include "roster-server.h"

/*
 * roster-server's request handling, whole: the input is the bytes a
 * client sends (request line, path, query, fields=, headers, body),
 * handed to the server over a socket pair, and the server's answer is
 * read until it closes the connection. "@T" in the input stands for an
 * administrator's valid access token, and "@M" for a member's, so that
 * the fuzzer reaches past authentication. The firm is seeded once and
 * lives on across inputs, written to by them.
 */

static RosterServer *server;
static char *admin_token;
static char *member_token;

static char *
token_for (RosterFirm *firm,
           const char *where)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE enabled = 1 AND %s ORDER BY id", where);
  sqlite3_stmt *statement = roster_database_statement (db, sql, NULL);
  g_autoptr(JsonObject) tokens = NULL;
  gint64 id = 0;

  g_assert_nonnull (statement);
  if (sqlite3_step (statement) == SQLITE_ROW)
    id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);
  tokens = roster_firm_issue_tokens (firm, id, "roster-desktop", NULL);
  g_assert_nonnull (tokens);

  return g_strdup (json_object_get_string_member (tokens, "access_token"));
}

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void serve (const char *request,
                   gsize       length);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char warm_up[] = "GET /api/v4/users.json?fields=id,name HTTP/1.1\r\nHost: x\r\n"
    "Authorization: Bearer @T\r\n\r\n";
  g_autofree char *dir = g_dir_make_tmp ("roster-fuzz-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "firm.db", NULL);
  g_autoptr(RosterFirm) firm = NULL;
  g_autoptr(GError) error = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  firm = roster_firm_open (path, &error);
  g_assert_no_error (error);
  roster_seed_firm (firm, ROSTER_SEED_SMALL, 1, &error);
  g_assert_no_error (error);
  admin_token = token_for (firm, "admin = 1");
  member_token = token_for (firm, "admin = 0 AND account_owner = 0");

  server = roster_server_new (firm);
  roster_server_set_quiet (server, TRUE);
  serve (warm_up, sizeof warm_up - 1);
  return 0;
}

/* Sends @request, reads the answer until the server closes: at most a
 * few seconds, as a request never takes longer. */
static void
serve (const char *request,
       gsize       length)
{
  g_autoptr(GString) expanded = g_string_new_len (request, length);
  g_autoptr(GSocket) server_end = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gsize sent = 0;
  int fds[2];

  g_string_replace (expanded, "@T", admin_token, 0);
  g_string_replace (expanded, "@M", member_token, 0);

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), ==, 0);
  server_end = g_socket_new_from_fd (fds[1], NULL);
  g_assert_nonnull (server_end);
  connection = g_socket_connection_factory_create_connection (server_end);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  roster_server_accept_stream (server, G_IO_STREAM (connection), address, address);

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd poll_fd = { fds[0], POLLIN, 0 };
      char buffer[65536];

      if (sent < expanded->len)
        {
          ssize_t wrote = write (fds[0], expanded->str + sent, expanded->len - sent);

          if (wrote > 0)
            sent += wrote;
          else if (wrote < 0 && errno != EAGAIN)
            break;
          if (sent == expanded->len)
            shutdown (fds[0], SHUT_WR);
        }

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (poll (&poll_fd, 1, 1) == 1)
        {
          ssize_t got = read (fds[0], buffer, sizeof buffer);

          if (got == 0 || (got < 0 && errno != EAGAIN))
            break;
        }
    }

  close (fds[0]);
  /* Let the server see the end, and let the connection go. */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  serve ((const char *) data, size);
  return 0;
}
