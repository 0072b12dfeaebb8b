/* main.c — roster-server
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <unistd.h>

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "roster-firm.h"
#include "roster-seed.h"
#include "roster-server.h"

static const char usage[] =
  "Usage:\n"
  "  roster-server serve --db PATH [--listen HOST:PORT] [--mail-spool DIR] [--rate-limit N/min]\n"
  "                      [--tls-cert FILE --tls-key FILE] [--faults SPEC] [--token-lifetime SECONDS] [--quiet] [--clio-only]\n"
  "                      [--exit-with-stdin] [--public-url URL] [--max-connections N] [--idle-timeout SECONDS] [--request-timeout SECONDS]\n"
  "  roster-server seed --db PATH --firm small|large|odd [--seed N]\n"
  "  roster-server support release-email --db PATH EMAIL\n"
  "  roster-server support closure-code --db PATH\n"
  "  roster-server support issue-token --db PATH EMAIL\n"
  "  roster-server support issue-tokens --db PATH EMAIL\n"
  "\n"
  "The reference implementation of Roster's API (docs/api.md): the demo firm,\n"
  "the peer of every test. `serve` prints the URL it listens on, then one line\n"
  "a request on standard error.\n";

static int
fail (GError *error)
{
  g_printerr ("roster-server: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* The program that started the server holds its standard input open: when
 * that program ends, however it ends, the pipe closes and so does the
 * server. (A parent-death signal would follow the thread that started it.) */
static gboolean
quit_on_stdin_closed (int          fd,
                      GIOCondition condition,
                      gpointer     loop)
{
  char buffer[256];

  if ((condition & G_IO_IN) && read (fd, buffer, sizeof buffer) > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_rate_limit (const char *text,
                  guint      *per_minute,
                  GError    **error)
{
  g_autofree char *copy = g_strdup (text);
  char *slash = strchr (copy, '/');
  char *end = NULL;
  guint64 value;

  if (slash != NULL)
    {
      if (!g_str_equal (slash, "/min"))
        goto invalid;
      *slash = '\0';
    }

  value = g_ascii_strtoull (copy, &end, 10);
  if (end == copy || *end != '\0' || value == 0 || value > G_MAXUINT)
    goto invalid;

  *per_minute = (guint) value;
  return TRUE;

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--rate-limit takes N/min, not “%s”", text);
  return FALSE;
}

static int
serve (int    argc,
       char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *mail_spool = NULL;
  g_autofree char *rate_limit = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *public_url = NULL;
  gint64 token_lifetime = 0;
  gboolean quiet = FALSE;
  gboolean exit_with_stdin = FALSE;
  gboolean clio_only = FALSE;
  gint max_connections = ROSTER_LISTENER_MAX_CONNECTIONS;
  gint idle_timeout = ROSTER_LISTENER_IDLE_SECONDS;
  gint request_timeout = ROSTER_LISTENER_REQUEST_SECONDS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The firm's database", "PATH" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Where to listen (port 0 picks one)", "HOST:PORT" },
    { "mail-spool", 0, 0, G_OPTION_ARG_FILENAME, &mail_spool, "Where e-mails go, one file each", "DIR" },
    { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &rate_limit, "Requests a minute and access token", "N/min" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, "Injected faults, e.g. seed=1,500=0.05,429=0.05,delay=0.05,drop=0.05,malformed=0.05,truncate=0.05", "SPEC" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT64, &token_lifetime, "Access tokens live this long (default 30 days)", "SECONDS" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "Do not log requests", NULL },
    { "exit-with-stdin", 0, 0, G_OPTION_ARG_NONE, &exit_with_stdin, "Stop when standard input closes (for the program that started it)", NULL },
    { "clio-only", 0, 0, G_OPTION_ARG_NONE, &clio_only, "Serve Clio's public API alone, without Roster's extensions", NULL },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, "Where clients reach the server, for the links it gives (default: its loopback address)", "URL" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections, "Connections open at once (default 256)", "N" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, "Close a connection idle this long (default 30)", "SECONDS" },
    { "request-timeout", 0, 0, G_OPTION_ARG_INT, &request_timeout, "Close a connection whose request takes longer (default 60)", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— serve the firm's API");
  g_autoptr(RosterFirm) firm = NULL;
  g_autoptr(RosterServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GError *error = NULL;
  guint per_minute = 0;
  guint port = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error);

  if (db_path == NULL)
    {
      g_printerr ("%s", usage);
      return 2;
    }

  if (max_connections < 1 || idle_timeout < 1 || request_timeout < 1)
    {
      g_printerr ("roster-server: --max-connections, --idle-timeout and --request-timeout are at least 1\n");
      return 2;
    }

  if (rate_limit != NULL && !parse_rate_limit (rate_limit, &per_minute, &error))
    return fail (error);

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("roster-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  if (tls_cert != NULL && (certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)) == NULL)
    return fail (error);

  firm = roster_firm_open (db_path, &error);
  if (firm == NULL)
    return fail (error);
  if (mail_spool != NULL)
    roster_firm_set_mail_spool (firm, mail_spool);
  if (token_lifetime > 0)
    roster_firm_set_token_lifetime (firm, token_lifetime);

  server = roster_server_new (firm);
  roster_server_set_rate_limit (server, per_minute);
  roster_server_set_quiet (server, quiet);
  roster_server_set_clio_only (server, clio_only);
  if (public_url != NULL && !roster_server_set_public_url (server, public_url, &error))
    return fail (error);
  roster_server_set_limits (server, &(RosterListenerLimits) { max_connections, idle_timeout, request_timeout });
  if (!roster_server_set_faults (server, faults, &error))
    return fail (error);

  if (!roster_server_listen (server, listen ? listen : "127.0.0.1:0", certificate, &port, &error))
    return fail (error);

  /* The first line says where: tests and the app read the port from it. */
  printf ("Listening on %s://%s:%u/\n", certificate ? "https" : "http",
          listen && g_str_has_prefix (listen, "[") ? "[::1]" : "127.0.0.1", port);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  if (exit_with_stdin)
    g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, quit_on_stdin_closed, loop);
  g_main_loop_run (loop);

  return 0;
}

static int
seed (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *size = NULL;
  gint seed_value = 1;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The new firm's database", "PATH" },
    { "firm", 0, 0, G_OPTION_ARG_STRING, &size, "small, large or odd (unusual but valid data)", "FIRM" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed_value, "The random seed (default 1)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— generate a demo firm");
  g_autoptr(RosterFirm) firm = NULL;
  GError *error = NULL;
  RosterSeedSize seed_size;
  gint64 started = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error);

  if (db_path == NULL || size == NULL)
    {
      g_printerr ("%s", usage);
      return 2;
    }

  if (g_str_equal (size, "small"))
    seed_size = ROSTER_SEED_SMALL;
  else if (g_str_equal (size, "large"))
    seed_size = ROSTER_SEED_LARGE;
  else if (g_str_equal (size, "odd"))
    seed_size = ROSTER_SEED_ODD;
  else
    {
      g_printerr ("roster-server: --firm is small, large or odd\n");
      return 2;
    }

  firm = roster_firm_open (db_path, &error);
  if (firm == NULL || !roster_seed_firm (firm, seed_size, (guint32) seed_value, &error))
    return fail (error);

  printf ("Seeded a %s firm in %s in %.1f s. Every user's password is “%s”.\n",
          size, db_path, (g_get_monotonic_time () - started) / 1e6, ROSTER_SEED_PASSWORD);
  return 0;
}

static int
support (int    argc,
         char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The firm's database", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("release-email EMAIL | closure-code | issue-token EMAIL");
  g_autoptr(RosterFirm) firm = NULL;
  GError *error = NULL;
  const char *action;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error);

  if (db_path == NULL || argc < 2)
    {
      g_printerr ("%s", usage);
      return 2;
    }

  firm = roster_firm_open (db_path, &error);
  if (firm == NULL)
    return fail (error);

  action = argv[1];
  if (g_str_equal (action, "release-email") && argc == 3)
    {
      if (!roster_firm_release_email (firm, argv[2], &error))
        return fail (error);
      printf ("Released %s: a deactivated user with this address can now be reactivated.\n", argv[2]);
      return 0;
    }

  if (g_str_equal (action, "closure-code") && argc == 2)
    {
      g_autofree char *code = roster_firm_issue_closure_code (firm, &error);

      if (code == NULL)
        return fail (error);
      printf ("%s\n", code);
      return 0;
    }

  if ((g_str_equal (action, "issue-token") || g_str_equal (action, "issue-tokens")) && argc == 3)
    {
      /* For scripts and tests: a token as if the user had signed in. */
      g_autoptr(JsonObject) tokens = NULL;
      RosterDatabase *db = roster_firm_get_database (firm);
      sqlite3_stmt *statement;
      gint64 user_id = 0;

      statement = roster_database_statement (db, "SELECT id FROM users WHERE email = ? AND enabled = 1", &error);
      if (statement == NULL)
        return fail (error);
      sqlite3_bind_text (statement, 1, argv[2], -1, SQLITE_STATIC);
      if (sqlite3_step (statement) == SQLITE_ROW)
        user_id = sqlite3_column_int64 (statement, 0);
      sqlite3_reset (statement);
      if (user_id == 0)
        {
          g_printerr ("roster-server: no active user signs in with %s\n", argv[2]);
          return 1;
        }

      tokens = roster_firm_issue_tokens (firm, user_id, "roster-desktop", &error);
      if (tokens == NULL)
        return fail (error);
      /* issue-tokens prints the refresh token too, for clients that refresh. */
      if (g_str_equal (action, "issue-tokens"))
        printf ("%s %s\n", json_object_get_string_member (tokens, "access_token"),
                json_object_get_string_member (tokens, "refresh_token"));
      else
        printf ("%s\n", json_object_get_string_member (tokens, "access_token"));
      return 0;
    }

  g_printerr ("%s", usage);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return 2;
    }

  if (g_str_equal (argv[1], "serve"))
    return serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "seed"))
    return seed (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "support"))
    return support (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      printf ("%s", usage);
      return 0;
    }

  g_printerr ("%s", usage);
  return 2;
}
