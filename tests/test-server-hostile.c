/* test-server-hostile.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "raw-server.h"

/*
 * roster-server against what a hostile tester tried (issue #18): idle and
 * slow connections, more connections than descriptors, bodies over the
 * limit declared and undeclared, forged log lines, garbage tokens, a Host
 * header of the client's choosing, forged page tokens, guessed closure
 * codes, odd paths on a server of Clio's API alone. Each test runs a
 * server of its own, as a process, over raw sockets where libsoup's
 * client would not send what an attacker does.
 */

/* Connections ------------------------------------------------------------- */

static void
test_idle_closed (void)
{
  Server server = { 0 };
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) slow = NULL;
  g_autofree char *token = NULL;
  g_autofree char *log = NULL;
  static const char slow_request[] = "POST /api/v4/account/closure.json HTTP/1.1\r\nHost: x\r\n"
    "Content-Length: 100\r\n\r\n{\"da";

  server_start (&server, "--idle-timeout", "1", "--request-timeout", "2", "--quiet", NULL);
  token = admin_token (&server);

  /* Connected, and never a byte: closed after the idle timeout. */
  idle = connect_raw (&server);
  g_assert_true (closed_within (idle, 5));

  /* A body promised and never sent: closed after the request timeout. */
  slow = connect_raw (&server);
  send_raw (slow, slow_request, strlen (slow_request));
  g_assert_true (closed_within (slow, 6));

  /* And a request as it should be is answered. */
  {
    g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", token);

    g_assert_cmpuint (status_of (answer), ==, 200);
  }

  /* A connection answered stays open for the client's next request, until
   * it is idle too long (libsoup closed each one after its answer when the
   * server accepted connections itself). */
  {
    g_autoptr(GSocketConnection) kept = connect_raw (&server);
    g_autofree char *request = g_strdup_printf ("GET /api/v4/users/who_am_i.json HTTP/1.1\r\nHost: x\r\n"
                                                "Authorization: Bearer %s\r\n\r\n", token);
    g_autofree char *answers = NULL;
    const char *second;

    send_raw (kept, request, strlen (request));
    send_raw (kept, request, strlen (request));
    answers = receive_all (kept);
    g_assert_nonnull (answers);
    g_assert_true (g_str_has_prefix (answers, "HTTP/1.1 200"));
    second = strstr (answers + 1, "HTTP/1.1 ");
    g_assert_nonnull (second);
    g_assert_true (g_str_has_prefix (second, "HTTP/1.1 200"));
  }
  log = server_stop (&server);
}

static void
test_connection_limit (void)
{
  Server server = { 0 };
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *token = NULL;
  g_autofree char *log = NULL;
  guint closed = 0;

  server_start (&server, "--max-connections", "8", "--quiet", NULL);
  token = admin_token (&server);

  /* 30 idle connections against a limit of 8: the server makes room for
   * each newcomer by closing the longest idle one, so that someone with a
   * request to make is served. */
  for (guint i = 0; i < 30; i++)
    {
      g_ptr_array_add (held, connect_raw (&server));
      g_usleep (20000);
    }

  {
    g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", token);

    g_assert_cmpuint (status_of (answer), ==, 200);
  }

  for (guint i = 0; i < held->len; i++)
    closed += closed_within (g_ptr_array_index (held, i), 0) ||
      closed_within (g_ptr_array_index (held, i), 1);
  g_assert_cmpuint (closed, >=, 30 - 8);

  log = server_stop (&server);
}

/* With 48 descriptors, and a connection limit above that: the server runs
 * out, and must go on accepting once the connections are gone (it used to
 * stop for good). */
static void
test_out_of_descriptors (void)
{
  Server server = { .max_files = 48 };
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *token = NULL;
  g_autofree char *log = NULL;
  gboolean served = FALSE;

  server_start (&server, "--max-connections", "1000", "--quiet", NULL);
  token = admin_token (&server);

  for (guint i = 0; i < 100; i++)
    g_ptr_array_add (held, connect_raw (&server));
  g_usleep (G_USEC_PER_SEC / 2);

  /* Even while they are held, a request gets in: the longest idle make room. */
  for (guint attempt = 0; attempt < 10 && !served; attempt++)
    {
      g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", token);

      served = answer != NULL && status_of (answer) == 200;
    }
  g_assert_true (served);

  g_ptr_array_set_size (held, 0);
  g_usleep (G_USEC_PER_SEC / 2);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", token);

      g_assert_cmpuint (status_of (answer), ==, 200);
    }

  g_assert_true (server_alive (&server));
  log = server_stop (&server);
}

/* Bodies ------------------------------------------------------------------ */

static void
test_body_limit (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *chunk = g_malloc (1024 * 1024);
  gint64 before;

  /* Under AddressSanitizer, freed memory waits in a quarantine of 256 MiB
   * before it is reused: the server's resident set would count every
   * chunk read and dropped. Without the quarantine it counts what is kept. */
  {
    g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                         ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0", NULL);
    g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));

    g_setenv ("ASAN_OPTIONS", asan, TRUE);
    server_start (&server, "--quiet", NULL);
    if (saved != NULL)
      g_setenv ("ASAN_OPTIONS", saved, TRUE);
    else
      g_unsetenv ("ASAN_OPTIONS");
  }
  memset (chunk, '[', 1024 * 1024);
  before = resident_kib (&server);

  /* 64 MiB declared and sent, with no token: refused, and never kept. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw (&server);
    static const char head[] = "PATCH /api/v4/account/renewal_options.json HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/json\r\nContent-Length: 67108864\r\n\r\n";
    g_autofree char *answer = NULL;

    g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
    send_raw (connection, head, strlen (head));
    for (guint i = 0; i < 64; i++)
      send_raw (connection, chunk, 1024 * 1024);
    answer = receive_all (connection);
    g_assert_cmpuint (status_of (answer), ==, 413);
    g_assert_nonnull (strstr (answer, "payload_too_large"));
  }

  /* 32 MiB in chunks, no length declared: the same. */
  {
    g_autoptr(GSocketConnection) connection = connect_raw (&server);
    static const char head[] = "POST /api/v4/users/1/deactivate.json HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    g_autofree char *answer = NULL;

    g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
    send_raw (connection, head, strlen (head));
    for (guint i = 0; i < 32; i++)
      {
        send_raw (connection, "100000\r\n", 8);
        send_raw (connection, chunk, 1024 * 1024);
        send_raw (connection, "\r\n", 2);
      }
    send_raw (connection, "0\r\n\r\n", 5);
    answer = receive_all (connection);
    g_assert_cmpuint (status_of (answer), ==, 413);
  }

  /* Neither was held in memory: the peak grew by far less than either. */
  g_test_message ("peak resident set: %" G_GINT64_FORMAT " KiB before, %" G_GINT64_FORMAT " KiB after",
                  before, resident_kib (&server));
  g_assert_cmpint (resident_kib (&server) - before, <, 8 * 1024);

  log = server_stop (&server);
}

/* Logs, rate limits, links ------------------------------------------------- */

static void
test_log_not_forged (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *answer = NULL;
  g_auto(GStrv) lines = NULL;

  server_start (&server, "--rate-limit", "1000/min", NULL);
  answer = raw_get (&server, "/api/v4/x%0APOST%20/api/v4/users/1/deactivate.json%20200%201.0ms%0A.json", NULL);
  g_assert_cmpuint (status_of (answer), ==, 401);
  log = server_stop (&server);

  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_false (g_str_has_prefix (lines[i], "POST "));
  g_assert_nonnull (strstr (log, "GET /api/v4/x%0APOST /api/v4/users/1/deactivate.json 200 1.0ms%0A.json 401"));
}

static void
test_garbage_tokens_share_a_minute (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *token = NULL;

  server_start (&server, "--rate-limit", "5/min", "--quiet", NULL);
  token = admin_token (&server);

  /* Each garbage token used to have a minute, and an entry, of its own. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *garbage = g_strdup_printf ("garbage-%u-%d", i, g_random_int ());
      g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", garbage);

      g_assert_cmpuint (status_of (answer), ==, i < 5 ? 401 : 429);
    }

  /* A signed-in administrator has a minute of his own. */
  {
    g_autofree char *answer = raw_get (&server, "/api/v4/users/who_am_i.json", token);

    g_assert_cmpuint (status_of (answer), ==, 200);
  }
  log = server_stop (&server);
}

static JsonObject *
body_object (const char *response,
             JsonParser *parser)
{
  const char *body = strstr (response, "\r\n\r\n");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (body);
  json_parser_load_from_data (parser, body + 4, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
next_of (const char *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = body_object (response, parser);
  JsonObject *paging = json_object_get_object_member (json_object_get_object_member (root, "meta"), "paging");

  return g_strdup (json_object_get_string_member_with_default (paging, "next", NULL));
}

static void
test_next_from_base_url (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *token = NULL;
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *next = NULL;
  g_autofree char *expected = NULL;

  server_start (&server, "--quiet", NULL);
  token = admin_token (&server);

  request = g_strdup_printf ("GET /api/v4/users.json?limit=1&fields=id HTTP/1.1\r\nHost: evil.example\r\n"
                             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", token);
  answer = request_raw (&server, request);
  g_assert_cmpuint (status_of (answer), ==, 200);
  next = next_of (answer);
  expected = g_strdup_printf ("http://127.0.0.1:%u/api/v4/users.json?", server.port);
  g_assert_true (g_str_has_prefix (next, expected));
  log = server_stop (&server);

  /* Behind a proxy, the address the operator gives. */
  server_start (&server, "--quiet", "--public-url", "https://roster.example.com", NULL);
  g_free (token);
  token = admin_token (&server);
  g_free (request);
  request = g_strdup_printf ("GET /api/v4/users.json?limit=1&fields=id HTTP/1.1\r\nHost: evil.example\r\n"
                             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", token);
  g_free (answer);
  answer = request_raw (&server, request);
  g_assert_cmpuint (status_of (answer), ==, 200);
  g_free (next);
  next = next_of (answer);
  g_assert_true (g_str_has_prefix (next, "https://roster.example.com/api/v4/users.json?"));
  g_free (log);
  log = server_stop (&server);
}

/* The page token of @next, with its total replaced by @total: what an
 * attacker who read the format would send. */
static char *
forge_total (const char *next,
             gint64      total)
{
  g_autofree char *token = g_strdup (strstr (next, "page_token=") + strlen ("page_token="));
  char *end = strchr (token, '&');
  g_autofree char *payload = NULL;
  g_autofree char *padded = NULL;
  g_autofree guchar *plain = NULL;
  g_autofree char *forged_plain = NULL;
  g_autofree char *forged = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length = 0;

  if (end != NULL)
    *end = '\0';
  /* (A token of the old, unsigned kind has no dot.) */
  payload = strchr (token, '.') ? g_strndup (token, strchr (token, '.') - token) : g_strdup (token);
  padded = g_strdup_printf ("%s%s", payload, (const char *[]) { "", "===", "==", "=" }[strlen (payload) % 4]);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  plain = g_base64_decode (padded, &length);
  parts = g_strsplit ((const char *) plain, ":", -1);
  g_assert_cmpstr (parts[0], ==, "v1");
  forged_plain = g_strdup_printf ("v1:%s:%" G_GINT64_FORMAT, parts[1], total);
  forged = g_base64_encode ((const guchar *) forged_plain, strlen (forged_plain));
  g_strdelimit (forged, "+", '-');
  g_strdelimit (forged, "/", '_');
  g_strdelimit (forged, "=", '\0');

  return g_strconcat (forged, strchr (token, '.') ? strchr (token, '.') : "", NULL);
}

static void
test_forged_page_token (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *token = NULL;
  g_autofree char *first = NULL;
  g_autofree char *next = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *forged_path = NULL;
  g_autofree char *real_path = NULL;
  g_autofree char *unsigned_path = NULL;

  server_start (&server, "--quiet", NULL);
  token = admin_token (&server);
  first = raw_get (&server, "/api/v4/users.json?limit=2&fields=id", token);
  next = next_of (first);
  g_assert_nonnull (next);

  /* The token the server gave is good. */
  real_path = g_strdup (next + strlen (server.base_url));
  {
    g_autofree char *answer = raw_get (&server, real_path, token);

    g_assert_cmpuint (status_of (answer), ==, 200);
  }

  /* One that claims 999999 records is not, nor one without its signature. */
  forged = forge_total (next, 999999);
  forged_path = g_strdup_printf ("/api/v4/users.json?limit=2&fields=id&page_token=%s", forged);
  unsigned_path = strrchr (real_path, '.') > strstr (real_path, "page_token=")
                    ? g_strndup (real_path, strrchr (real_path, '.') - real_path) : g_strdup (real_path);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *answer = raw_get (&server, i == 0 ? forged_path : unsigned_path, token);

      g_assert_cmpuint (status_of (answer), ==, 400);
      g_assert_null (strstr (answer, "999999,"));
      g_assert_nonnull (strstr (answer, "page_token"));
    }

  log = server_stop (&server);
}

/* Closure codes ------------------------------------------------------------ */

static char *
close_account (Server     *server,
               const char *token,
               const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"data\": {\"reason\": \"switching_products\", \"verification_code\": \"%s\","
                                           " \"confirmation\": \"I Want To Permanently Close My Account\"}}", code);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  return raw_send (server, "POST", "/api/v4/account/closure.json", authorization, body);
}

static void
test_closure_code_tries (void)
{
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *audited = NULL;

  server_start (&server, "--quiet", NULL);
  token = admin_token (&server);
  code = run_tool ("support", "closure-code", "--db", server.db, NULL);
  g_assert_cmpuint (strlen (code), ==, 6);
  wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);

  /* Five wrong tries, each told how many are left; the fifth spends the code. */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *answer = close_account (&server, token, wrong);
      g_autofree char *left = g_strdup_printf ("(%u tr", 5 - i);

      g_assert_cmpuint (status_of (answer), ==, 422);
      if (i < 5)
        g_assert_nonnull (strstr (answer, left));
      else
        g_assert_nonnull (strstr (answer, "no code is valid any more"));
    }

  /* The right code now opens nothing, and the account stays open. */
  {
    g_autofree char *answer = close_account (&server, token, code);
    g_autofree char *closed = sql_text (&server, "SELECT closed_at IS NULL FROM account");

    g_assert_cmpuint (status_of (answer), ==, 422);
    g_assert_cmpstr (closed, ==, "1");
  }

  /* Every wrong try is in the audit log. */
  audited = sql_text (&server, "SELECT count(*) FROM audit_events WHERE action = 'account.close_refused'");
  g_assert_cmpstr (audited, ==, "6");

  /* A new code from support works. */
  {
    g_autofree char *fresh = run_tool ("support", "closure-code", "--db", server.db, NULL);
    g_autofree char *answer = close_account (&server, token, fresh);

    g_assert_cmpuint (status_of (answer), ==, 200);
  }
  log = server_stop (&server);
}

/* Clio's API alone ----------------------------------------------------------- */

static void
test_clio_only_odd_paths (void)
{
  static const char *const paths[] = {
    "/api/v4/.json", "/api/v4/", "/api/v4//.json", "/api/v4/users/.json", "/api/v4/users//.json",
    "/api/v4/.json?fields=id", "/api/v4/users/1/.json", "/api/v4/..json", "/api/v4/extensions.json",
    "/api/v4/users/who_am_i/.json", "/api/v4/%2e.json", "/api/v4/users/%00.json",
  };
  Server server = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *token = NULL;

  /* The server inherits G_DEBUG=fatal-criticals: a critical would end it. */
  server_start (&server, "--clio-only", NULL);
  token = admin_token (&server);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint with_token = 0; with_token < 2; with_token++)
      {
        g_autofree char *answer = raw_get (&server, paths[i], with_token ? token : NULL);

        g_assert_cmpuint (status_of (answer), >=, 400);
        g_assert_cmpuint (status_of (answer), <, 500);
      }

  g_assert_true (server_alive (&server));
  log = server_stop (&server);
  g_assert_null (strstr (log, "CRITICAL"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/idle-closed", test_idle_closed);
  g_test_add_func ("/hostile/connection-limit", test_connection_limit);
  g_test_add_func ("/hostile/out-of-descriptors", test_out_of_descriptors);
  g_test_add_func ("/hostile/body-limit", test_body_limit);
  g_test_add_func ("/hostile/log-not-forged", test_log_not_forged);
  g_test_add_func ("/hostile/garbage-tokens-share-a-minute", test_garbage_tokens_share_a_minute);
  g_test_add_func ("/hostile/next-from-base-url", test_next_from_base_url);
  g_test_add_func ("/hostile/forged-page-token", test_forged_page_token);
  g_test_add_func ("/hostile/closure-code-tries", test_closure_code_tries);
  g_test_add_func ("/hostile/clio-only-odd-paths", test_clio_only_odd_paths);

  return g_test_run ();
}
