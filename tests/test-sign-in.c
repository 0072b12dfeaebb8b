/* test-sign-in.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signing in against a real roster-server: the browser's flow (PKCE, the
 * loopback redirect) with the test as the browser, the demo's flow without
 * one, refusals; the accounts this machine knows; the demo firm's server.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "roster-api.h"
#include "roster-demo.h"
#include "roster-known-accounts.h"
#include "roster-sign-in.h"
#include "server-fixture.h"
#include "test-home.h"

#define ADMIN "marcus.reyes@hartbell.example"

typedef struct
{
  ServerFixture  server;
  GMainLoop     *loop;
  char          *access_token;
  char          *refresh_token;
  GError        *error;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  server_fixture_start (&fixture->server, "small", NULL);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  server_fixture_stop (&fixture->server);
  g_main_loop_unref (fixture->loop);
  g_free (fixture->access_token);
  g_free (fixture->refresh_token);
  g_clear_error (&fixture->error);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;

  roster_sign_in_wait_finish (ROSTER_SIGN_IN (source), result, &fixture->access_token,
                              &fixture->refresh_token, &fixture->error);
  g_main_loop_quit (fixture->loop);
}

/* What a browser does with the sign-in page: fill it in, allow, and follow
 * the server back to the loopback redirect. */
static void
browse_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *authorize_url = task_data;
  g_autoptr(SoupSession) browser = soup_session_new ();
  g_autoptr(GUri) page = g_uri_parse (authorize_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *form = NULL;
  g_autofree char *post_url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;

  form = g_strdup_printf ("%s&email=%s&password=roster-demo&action=allow", g_uri_get_query (page),
                          "marcus.reyes%40hartbell.example");
  post_url = g_strdup_printf ("%s://%s:%d%s", g_uri_get_scheme (page), g_uri_get_host (page),
                              g_uri_get_port (page), g_uri_get_path (page));
  msg = soup_message_new ("POST", post_url);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  /* libsoup follows the redirect to the loopback listener, as a browser would. */
  answer = soup_session_send_and_read (browser, msg, NULL, NULL);
  g_task_return_int (task, soup_message_get_status (msg));
}

static void
test_browser_flow (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(RosterSignIn) sign_in = roster_sign_in_new (fixture->server.base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) browser = NULL;
  g_autofree char *url = roster_sign_in_begin (sign_in, &error);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, fixture->server.base_url));
  g_assert_nonnull (strstr (url, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));

  roster_sign_in_wait_async (sign_in, NULL, signed_in, fixture);
  browser = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (browser, g_strdup (url), g_free);
  g_task_run_in_thread (browser, browse_in_thread);
  g_main_loop_run (fixture->loop);

  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->access_token);
  g_assert_nonnull (fixture->refresh_token);

  g_assert_true (roster_sign_in_who_am_i (fixture->server.base_url, fixture->access_token, &id, &name, &email,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 2);
  g_assert_cmpstr (email, ==, ADMIN);
}

static void
test_password_flow (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;

  {
    g_autoptr(RosterSignIn) sign_in = roster_sign_in_new (fixture->server.base_url);

    g_assert_true (roster_sign_in_with_password (sign_in, ADMIN, ROSTER_DEMO_PASSWORD, &access_token,
                                                 &refresh_token, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (access_token);
  }

  /* A wrong password is refused, plainly. */
  {
    g_autoptr(RosterSignIn) sign_in = roster_sign_in_new (fixture->server.base_url);
    g_autofree char *none = NULL;
    g_autofree char *nothing = NULL;

    g_assert_false (roster_sign_in_with_password (sign_in, ADMIN, "wrong", &none, &nothing, NULL, &error));
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }

  /* Tokens never go to a server off this machine in the clear. */
  {
    g_autoptr(RosterSignIn) sign_in = roster_sign_in_new ("http://firm.example");
    g_autofree char *url = roster_sign_in_begin (sign_in, &error);

    g_assert_null (url);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  }
}

static void
test_known_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterKnownAccount) first = roster_known_account_new ("https://eu.app.clio.com", "ana@firm.example");
  g_autoptr(RosterKnownAccount) second = roster_known_account_new ("http://127.0.0.1:8080", "ana@firm.example");
  g_autoptr(RosterKnownAccount) found = NULL;
  g_autoptr(RosterKnownAccount) last = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "roster", "accounts.ini", NULL);
  g_autofree char *contents = NULL;
  GStatBuf buf;

  g_assert_cmpstr (first->key, ==, "ana@firm.example@eu.app.clio.com");
  g_assert_cmpstr (second->key, ==, "ana@firm.example@127.0.0.1:8080");

  g_assert_true (roster_known_accounts_save (first, &error));
  g_assert_no_error (error);
  g_usleep (2000);
  g_assert_true (roster_known_accounts_save (second, &error));
  g_assert_no_error (error);

  accounts = roster_known_accounts_load (&error);
  g_assert_cmpuint (accounts->len, ==, 2);
  last = roster_known_accounts_last_used (&error);
  g_assert_cmpstr (last->key, ==, second->key);

  /* By key; by e-mail only when that is unambiguous. */
  found = roster_known_accounts_find (first->key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->server, ==, "https://eu.app.clio.com");
  g_assert_null (roster_known_accounts_find ("ana@firm.example", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The owner's alone, and no token in it. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "token"));

  g_assert_true (roster_known_accounts_forget (second->key, &error));
  g_clear_pointer (&found, roster_known_account_free);
  found = roster_known_accounts_find ("ana@firm.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->key, ==, first->key);
}

/* The demo firm: seeded on first use, served on loopback, signed in to
 * without a browser. */
static void
test_demo_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterDemoServer) demo = roster_demo_server_start (NULL, &error);
  g_autoptr(RosterSignIn) sign_in = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (roster_api_url_is_loopback (roster_demo_server_get_url (demo)));

  sign_in = roster_sign_in_new (roster_demo_server_get_url (demo));
  g_assert_true (roster_sign_in_with_password (sign_in, ROSTER_DEMO_EMAIL, ROSTER_DEMO_PASSWORD,
                                               &access_token, &refresh_token, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (roster_sign_in_who_am_i (roster_demo_server_get_url (demo), access_token, &id, &name, &email,
                                          NULL, &error));
  g_assert_cmpstr (name, ==, "Marcus Reyes");

  roster_demo_server_stop (demo);
  g_assert_false (roster_sign_in_who_am_i (roster_demo_server_get_url (demo), access_token, &id, &name, &email,
                                           NULL, &error));
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
}

static gpointer
start_demo_in_thread (gpointer data)
{
  GError **error = data;

  return roster_demo_server_start (NULL, error);
}

/* The demo server lives as long as the program, not as the thread that
 * started it (a worker thread of the app's comes and goes); and it goes
 * when the program's end closes its standard input. */
static void
test_demo_server_outlives_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterDemoServer) demo = NULL;
  g_autoptr(RosterSignIn) sign_in = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  GThread *thread = g_thread_new ("starter", start_demo_in_thread, &error);

  demo = g_thread_join (thread);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);

  sign_in = roster_sign_in_new (roster_demo_server_get_url (demo));
  g_assert_true (roster_sign_in_with_password (sign_in, ROSTER_DEMO_EMAIL, ROSTER_DEMO_PASSWORD,
                                               &access_token, &refresh_token, NULL, &error));
  g_assert_no_error (error);
}

/* What the browser brings back, or anyone who finds the loopback port:
 * the parser fuzz-redirect runs, on the cases that matter. */
static void
test_redirect_parser (void)
{
  static const struct
  {
    const char *query;
    const char *code;   /* NULL: refused */
    GQuark      domain;
    int         error_code;
  } cases[] = {
    { "code=abc123&state=s%2B1", "abc123", 0, 0 },
    { "state=s%2B1&code=a%2Fb", "a/b", 0, 0 },
    { "code=abc&state=other", NULL, 0, G_IO_ERROR_PERMISSION_DENIED },
    { "code=abc", NULL, 0, G_IO_ERROR_PERMISSION_DENIED },
    { NULL, NULL, 0, G_IO_ERROR_PERMISSION_DENIED },
    { "code=abc&state=s%2B1&state=other", NULL, 0, G_IO_ERROR_PERMISSION_DENIED },
    { "error=access_denied&state=s%2B1", NULL, 1, ROSTER_API_ERROR_UNAUTHORIZED },
    { "code=&state=s%2B1", NULL, 1, ROSTER_API_ERROR_UNAUTHORIZED },
    { "code=x&state=s%2B1&error=%FF%FE", NULL, 0, G_IO_ERROR_PERMISSION_DENIED },  /* not UTF-8: not ours */
    { "code=%zz&state=s%2B1", NULL, 0, G_IO_ERROR_PERMISSION_DENIED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      gboolean parsed = roster_sign_in_parse_redirect ("s+1", cases[i].query, &code, &error);

      g_test_message ("%s", cases[i].query ? cases[i].query : "(none)");
      if (cases[i].code != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (parsed);
          g_assert_cmpstr (code, ==, cases[i].code);
        }
      else
        {
          g_assert_false (parsed);
          g_assert_null (code);
          g_assert_error (error, (cases[i].domain ? ROSTER_API_ERROR : G_IO_ERROR), cases[i].error_code);
        }
    }

  /* A sign-in that sent no state accepts none. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *code = NULL;

    g_assert_false (roster_sign_in_parse_redirect (NULL, "code=abc", &code, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_home_new ("sign-in");
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sign-in/browser-flow", Fixture, NULL, fixture_set_up, test_browser_flow, fixture_tear_down);
  g_test_add ("/sign-in/password-flow", Fixture, NULL, fixture_set_up, test_password_flow, fixture_tear_down);
  g_test_add_func ("/sign-in/known-accounts", test_known_accounts);
  g_test_add_func ("/sign-in/redirect-parser", test_redirect_parser);
  g_test_add_func ("/sign-in/demo-server", test_demo_server);
  g_test_add_func ("/sign-in/demo-server-outlives-thread", test_demo_server_outlives_thread);

  status = g_test_run ();
  test_remove_tree (home);

  return status;
}
