/* test-session.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account session the window and roster-cli share, headless: it opens
 * the demo firm, an account given by token, and an account whose sign-in
 * was not kept (signed out, with the reason, never "offline"); it refuses
 * at once, in the server's words, every action the cache can judge, with
 * nothing queued and the cache unchanged; a non-administrator's sync
 * completes; a stopped server is offline after one request.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "roster-demo.h"
#include "roster-known-accounts.h"
#include "roster-session.h"
#include "server-fixture.h"
#include "test-home.h"

#define ADMIN  "marcus.reyes@hartbell.example"   /* 2, an administrator */
#define MEMBER "daniel.garcia@hartbell.example"  /* 4, manages nothing */

/* The small firm: 1 is the primary subscriber, 13 and 14 are deactivated. */
#define PRIMARY_SUBSCRIBER 1
#define MARCUS             2
#define DANIEL             4
#define YUKI_DEACTIVATED   13
#define ETHAN_DEACTIVATED  14

typedef struct
{
  ServerFixture  server;
  char          *admin_token;
  char          *member_token;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  server_fixture_start (&fixture->server, "small", NULL);
  fixture->admin_token = server_fixture_token (&fixture->server, ADMIN);
  fixture->member_token = server_fixture_token (&fixture->server, MEMBER);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GPtrArray) accounts = roster_known_accounts_load (NULL);

  /* Each test starts with no known account and no cache. */
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      RosterKnownAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *path = roster_known_account_cache_path (account);

      roster_store_remove_cache (path);
      roster_known_accounts_forget (account->key, NULL);
    }

  server_fixture_stop (&fixture->server);
  g_free (fixture->admin_token);
  g_free (fixture->member_token);
}

/* Opens the account of @token and syncs it, as roster-cli does. */
static RosterSession *
synced_session (Fixture    *fixture,
                const char *token)
{
  g_autoptr(GError) error = NULL;
  RosterSession *session = roster_session_new ();

  g_assert_true (roster_session_open_with_token (session, fixture->server.base_url, NULL, token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (roster_session_get_state (session), ==, ROSTER_SESSION_OPEN);
  g_assert_cmpint (roster_session_get_credentials (session), ==, ROSTER_CREDENTIALS_PRESENT);

  roster_session_refresh (session);
  roster_session_wait_idle (session);
  g_assert_null (roster_session_get_last_sync_error (session));
  g_assert_false (roster_session_get_offline (session));

  return session;
}

static guint
outbox_size (RosterSession *session)
{
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (roster_session_get_store (session));
  g_autoptr(GPtrArray) entries = roster_outbox_list (outbox, NULL);

  return entries->len;
}

/* What an action could change in the cache: who is enabled, who holds
 * which open matters, tasks and events, and the renewal option. */
static char *
cache_digest (RosterSession *session)
{
  RosterDatabase *db = roster_store_get_database (roster_session_get_store (session));
  g_autoptr(GString) digest = g_string_new (NULL);
  const char *queries[] = {
    "SELECT group_concat(id || ':' || enabled || ':' || personal_injury_license) FROM (SELECT * FROM users ORDER BY id)",
    "SELECT group_concat(id || ':' || responsible_attorney_id) FROM (SELECT * FROM matters ORDER BY id)",
    "SELECT group_concat(id || ':' || assignee_id) FROM (SELECT * FROM tasks ORDER BY id)",
    "SELECT group_concat(id || ':' || calendar_owner_id) FROM (SELECT * FROM calendar_entries ORDER BY id)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      sqlite3_stmt *statement = roster_database_statement (db, queries[i], NULL);

      g_assert_nonnull (statement);
      g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
      g_string_append_printf (digest, "%s\n", (const char *) sqlite3_column_text (statement, 0));
      sqlite3_reset (statement);
    }
  {
    g_autoptr(RosterAccount) account = roster_store_get_account (roster_session_get_store (session), NULL);

    g_string_append_printf (digest, "%d", account ? roster_account_get_remove_unused_licenses (account) : -1);
  }

  return g_string_free (g_steal_pointer (&digest), FALSE);
}

static void
assert_refused (RosterSession *session,
                gint64         queued,
                GError        *error,
                RosterRefusal  refusal,
                const char    *words)
{
  g_assert_cmpint (queued, ==, 0);
  g_assert_error (error, ROSTER_RULES_ERROR, (int) refusal);
  g_assert_nonnull (strstr (error->message, words));
}

/* The demo firm: started on this computer, signed in to, synced. */
static void
test_demo (void)
{
  g_autoptr(RosterSession) session = roster_session_new ();
  g_autoptr(GError) error = NULL;

  roster_session_start_demo (session);
  while (roster_session_get_state (session) == ROSTER_SESSION_SIGNING_IN)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (roster_session_get_state (session), ==, ROSTER_SESSION_OPEN);
  g_assert_true (roster_session_get_account (session)->demo);
  g_assert_cmpint (roster_session_get_credentials (session), ==, ROSTER_CREDENTIALS_PRESENT);

  roster_session_refresh (session);
  roster_session_wait_idle (session);
  g_assert_null (roster_session_get_last_sync_error (session));
  g_assert_cmpint (roster_store_count (roster_session_get_store (session), "users"), >, 0);
  g_assert_null (roster_session_dup_read_only_reason (session));

  /* Opened again, as the next command would: its own sign-in again. */
  g_clear_object (&session);
  session = roster_session_new ();
  g_assert_true (roster_session_open_known (session, ROSTER_DEMO_KEY, &error));
  g_assert_no_error (error);
  g_assert_true (roster_session_wait_for_credentials (session, &error));
  g_assert_no_error (error);

  roster_session_sign_out (session, TRUE);
}

/* An account given by token, and the same account when its server is gone:
 * it opens on its cache, offline, and nothing waits for retries. */
static void
test_token_account (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(RosterSession) session = synced_session (fixture, fixture->admin_token);
  g_autoptr(GError) error = NULL;
  g_autofree char *server = g_strdup (fixture->server.base_url);
  g_autoptr(GTimer) timer = NULL;
  gint64 users = roster_store_count (roster_session_get_store (session), "users");

  g_assert_cmpint (users, ==, 25);
  g_assert_cmpint (roster_session_get_me (session), ==, MARCUS);
  g_assert_cmpstr (roster_session_get_account (session)->email, ==, ADMIN);
  g_clear_object (&session);

  server_fixture_kill (&fixture->server);

  session = roster_session_new ();
  timer = g_timer_new ();
  g_assert_true (roster_session_open_with_token (session, server, NULL, fixture->admin_token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_count (roster_session_get_store (session), "users"), ==, users);

  roster_session_refresh (session);
  roster_session_wait_idle (session);
  g_test_message ("A stopped server found offline in %.3f s (opening and one sync)", g_timer_elapsed (timer, NULL));
  g_assert_true (roster_session_get_offline (session));
  g_assert_error ((GError *) roster_session_get_last_sync_error (session), ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
  g_assert_cmpint (roster_session_get_credentials (session), ==, ROSTER_CREDENTIALS_PRESENT);
}

/* A known account whose sign-in is not in the keyring (or no keyring at
 * all): signed out, with the reason, and not offline. */
static void
test_keyring_gone (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(RosterSession) session = synced_session (fixture, fixture->admin_token);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *key = g_strdup (roster_session_get_account (session)->key);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 queued;

  g_clear_object (&session);

  session = roster_session_new ();
  g_assert_true (roster_session_open_known (session, key, &error));
  g_assert_no_error (error);
  g_assert_false (roster_session_wait_for_credentials (session, &error));
  g_assert_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_SIGNED_OUT);
  g_assert_nonnull (strstr (error->message, "sign in again"));
  g_clear_error (&error);

  g_assert_cmpint (roster_session_get_credentials (session), ==, ROSTER_CREDENTIALS_MISSING);
  reason = roster_session_dup_signed_out_reason (session);
  g_assert_nonnull (reason);
  g_assert_false (roster_session_get_offline (session));

  /* An action is not "queued offline": it says to sign in again. */
  before = cache_digest (session);
  queued = roster_session_deactivate (session, 9, &error);
  g_assert_cmpint (queued, ==, 0);
  g_assert_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_SIGNED_OUT);
  after = cache_digest (session);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (outbox_size (session), ==, 0);
}

/* With the server gone, every action the cache can judge is refused at
 * once in the server's words: nothing is queued, nothing changes. */
static void
test_refused_offline (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(RosterSession) session = synced_session (fixture, fixture->admin_token);
  g_autoptr(RosterSession) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *member_before = NULL;
  g_autofree char *member_after = NULL;
  gint64 queued;

  g_clear_object (&session);
  session = synced_session (fixture, fixture->admin_token);
  server_fixture_kill (&fixture->server);
  roster_session_refresh (session);
  roster_session_wait_idle (session);
  g_assert_true (roster_session_get_offline (session));
  before = cache_digest (session);

  queued = roster_session_deactivate (session, PRIMARY_SUBSCRIBER, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_PRIMARY_SUBSCRIBER, "primary subscriber");
  g_clear_error (&error);

  queued = roster_session_deactivate (session, MARCUS, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_SELF_DEACTIVATION, "yourself");
  g_clear_error (&error);

  queued = roster_session_deactivate (session, YUKI_DEACTIVATED, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_ALREADY_DEACTIVATED, "already deactivated");
  g_clear_error (&error);

  queued = roster_session_activate (session, DANIEL, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_ALREADY_ACTIVE, "already active");
  g_clear_error (&error);

  queued = roster_session_reassign (session, 23, ETHAN_DEACTIVATED, 0, 0, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_RECEIVER_DEACTIVATED, "Ethan Haddad is deactivated");
  g_clear_error (&error);

  queued = roster_session_reassign (session, YUKI_DEACTIVATED, DANIEL, YUKI_DEACTIVATED, 0, &error);
  assert_refused (session, queued, error, ROSTER_REFUSAL_RECEIVER_IS_SOURCE, "tasks");
  g_clear_error (&error);

  after = cache_digest (session);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (outbox_size (session), ==, 0);

  /* What only the server knows waits for it: queued, shown at once. */
  queued = roster_session_deactivate (session, DANIEL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queued, >, 0);
  roster_session_wait_idle (session);
  g_assert_cmpuint (outbox_size (session), ==, 1);
  {
    g_autoptr(RosterUser) daniel = roster_store_get_user (roster_session_get_store (session), DANIEL, NULL);

    g_assert_false (roster_user_get_enabled (daniel));
  }

  /* Someone who manages nothing may do none of it, offline too. */
  server_fixture_restart (&fixture->server, NULL);
  g_free (fixture->member_token);
  fixture->member_token = server_fixture_token (&fixture->server, MEMBER);
  member = synced_session (fixture, fixture->member_token);
  server_fixture_kill (&fixture->server);
  member_before = cache_digest (member);

  queued = roster_session_deactivate (member, 9, &error);
  assert_refused (member, queued, error, ROSTER_REFUSAL_FORBIDDEN, "administrators");
  g_clear_error (&error);
  queued = roster_session_activate (member, YUKI_DEACTIVATED, &error);
  assert_refused (member, queued, error, ROSTER_REFUSAL_FORBIDDEN, "administrators");
  g_clear_error (&error);
  queued = roster_session_reassign (member, YUKI_DEACTIVATED, DANIEL, 0, 0, &error);
  assert_refused (member, queued, error, ROSTER_REFUSAL_FORBIDDEN, "administrators");
  g_clear_error (&error);
  queued = roster_session_set_renewal_options (member, TRUE, &error);
  assert_refused (member, queued, error, ROSTER_REFUSAL_FORBIDDEN, "administrators");
  g_clear_error (&error);

  member_after = cache_digest (member);
  g_assert_cmpstr (member_before, ==, member_after);
  g_assert_cmpuint (outbox_size (member), ==, 0);
}

/* A user who manages nothing syncs what they may read, to the end: the
 * account is cached, and what they may not read is said to be so. */
static void
test_member_sync (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(RosterSession) session = synced_session (fixture, fixture->member_token);
  g_autoptr(RosterAccount) account = roster_store_get_account (roster_session_get_store (session), NULL);
  g_autofree char *reason = roster_session_dup_read_only_reason (session);
  g_autoptr(Response) users = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json?fields=id",
                                                      fixture->member_token, NULL, NULL, NULL);

  g_assert_nonnull (account);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "Daniel García"));
  g_assert_cmpint (roster_store_count (roster_session_get_store (session), "users"), ==,
                   json_array_get_length (response_data_array (users)));
  g_assert_cmpint (roster_store_count (roster_session_get_store (session), "matters"), >, 0);
}

/* The server answers each queued action; a person waiting hears it. */
static void
count_answers (RosterSession     *session,
               RosterOutboxEntry *entry,
               guint             *answers)
{
  g_assert_cmpint (entry->state, ==, ROSTER_OUTBOX_DONE);
  (*answers)++;
}

static void
test_answered (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(RosterSession) session = synced_session (fixture, fixture->admin_token);
  g_autoptr(GError) error = NULL;
  guint answers = 0;
  gint64 id;

  g_signal_connect (session, "answered", G_CALLBACK (count_answers), &answers);
  id = roster_session_deactivate (session, DANIEL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  roster_session_wait_idle (session);
  g_assert_cmpuint (answers, ==, 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT enabled FROM users WHERE id = 4"), ==, 0);

  id = roster_session_reassign (session, DANIEL, MARCUS, MARCUS, MARCUS, &error);
  g_assert_no_error (error);
  roster_session_wait_idle (session);
  g_assert_cmpuint (answers, ==, 2);
}

/* accounts.ini edited behind Roster's back to send the account to a plain
 * HTTP address off this machine: opening it is refused, before any token
 * is read or sent. */
static void
test_tampered_server_url (void)
{
  g_autoptr(RosterSession) session = roster_session_new ();
  g_autoptr(GError) error = NULL;
  RosterKnownAccount *account = roster_known_account_new ("https://firm.example", "someone@firm.example");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "roster", "accounts.ini", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *key = g_strdup (account->key);

  g_assert_true (roster_known_accounts_save (account, &error));
  g_assert_no_error (error);
  roster_known_account_free (account);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (contents, "https://firm.example", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    tampered = g_strjoinv ("http://attacker.example:8080", parts);
  }
  g_assert_true (g_file_set_contents (path, tampered, -1, NULL));

  g_assert_false (roster_session_open_known (session, key, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "HTTPS"));
  g_assert_cmpint (roster_session_get_state (session), !=, ROSTER_SESSION_OPEN);

  g_assert_true (roster_known_accounts_forget (key, NULL));
}

/* What the window's subtitle and the CLI's progress line say. */
static void
test_progress_text (void)
{
  const struct
  {
    const char *phase;
    guint       done, expected;
    int         seconds_left;
    const char *text;
  } cases[] = {
    { "users", 0, 0, -1, "Users" },
    { "tasks", 12400, 75000, -1, "Tasks: {done} of {all}" },
    { "calendar_entries", 200, 133413, 59, "Calendar events: {done} of {all} — about 59 seconds more at the server’s rate limit" },
    { "matters", 1, 2, 1, "Matters: {done} of {all} — about 1 second more at the server’s rate limit" },
    { "tasks", 200, 75000, 60, "Tasks: {done} of {all} — about 1 minute more at the server’s rate limit" },
    { "tasks", 200, 75000, 61, "Tasks: {done} of {all} — about 2 minutes more at the server’s rate limit" },
    { "tasks", 200, 75000, 3600, "Tasks: {done} of {all} — about 1 hour more at the server’s rate limit" },
    { "tasks", 200, 75000, 3900, "Tasks: {done} of {all} — about 1 hour 5 minutes more at the server’s rate limit" },
    { "audit_events", 3, 9, -1, "Activity: {done} of {all}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = roster_progress_text (cases[i].phase, cases[i].done, cases[i].expected,
                                                    cases[i].seconds_left);
      /* The counts grouped as the locale groups them (the C locale: not). */
      g_autofree char *done = g_strdup_printf ("%'u", cases[i].done);
      g_autofree char *all = g_strdup_printf ("%'u", cases[i].expected);
      g_autoptr(GString) expected = g_string_new (cases[i].text);

      g_string_replace (expected, "{done}", done, 1);
      g_string_replace (expected, "{all}", all, 1);

      g_assert_cmpstr (text, ==, expected->str);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_home_new ("session");
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/progress-text", test_progress_text);
  g_test_add_func ("/session/demo", test_demo);
  g_test_add_func ("/session/tampered-server-url", test_tampered_server_url);
  g_test_add ("/session/token-account", Fixture, NULL, fixture_set_up, test_token_account, fixture_tear_down);
  g_test_add ("/session/keyring-gone", Fixture, NULL, fixture_set_up, test_keyring_gone, fixture_tear_down);
  g_test_add ("/session/refused-offline", Fixture, NULL, fixture_set_up, test_refused_offline, fixture_tear_down);
  g_test_add ("/session/member-sync", Fixture, NULL, fixture_set_up, test_member_sync, fixture_tear_down);
  g_test_add ("/session/answered", Fixture, NULL, fixture_set_up, test_answered, fixture_tear_down);

  status = g_test_run ();
  test_remove_tree (home);

  return status;
}
