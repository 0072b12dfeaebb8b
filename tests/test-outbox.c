/* test-outbox.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox against a real roster-server: 200 queued actions sent through
 * dropped connections are each applied once (the server's audit log says
 * so), a refused one keeps the server's reason, and actions queued offline
 * are applied when the server returns.
 */

#include "config.h"

#include <signal.h>

#include "roster-outbox.h"
#include "roster-sync.h"
#include "server-fixture.h"
#include "test-home.h"

#define ADMIN "marcus.reyes@hartbell.example"

typedef struct
{
  ServerFixture  server;
  char          *token;
  char          *store_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(RosterSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  server_fixture_start (&fixture->server, "small", (const char **) data);
  fixture->token = server_fixture_token (&fixture->server, ADMIN);
  fixture->store_path = g_build_filename (fixture->server.dir, "cache", "cache.db", NULL);

  sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);
  g_assert_true (roster_sync_run (sync, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  server_fixture_stop (&fixture->server);
  g_free (fixture->token);
  g_free (fixture->store_path);
}

static gint64
audit_count (Fixture *fixture)
{
  return server_fixture_sql_int (&fixture->server,
                                 "SELECT count(*) FROM audit_events WHERE action IN ('user.deactivate', 'user.activate')");
}

static void
test_exactly_once (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(RosterApi) api = NULL;
  g_autoptr(RosterUser) yuki = NULL;
  guint sent_total = 0;
  guint flushes = 0;
  guint requests;

  g_assert_no_error (error);
  outbox = roster_outbox_new (store);

  /* Ten users deactivated and activated in turn, twenty times: an action
   * applied twice would be refused, and show in the audit log. User 13 is
   * deactivated already, so its first action is refused. */
  for (guint round = 0; round < 20; round++)
    for (gint64 user = 4; user <= 13; user++)
      {
        gint64 id = round % 2 == 0 ? roster_outbox_enqueue_deactivate (outbox, user, &error)
                                    : roster_outbox_enqueue_activate (outbox, user, &error);

        g_assert_no_error (error);
        g_assert_cmpint (id, >, 0);
      }
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED), ==, 200);

  /* Sent through a server that drops one connection in ten after doing the
   * work, and fails now and then. */
  api = roster_api_new (fixture->server.base_url, fixture->token);
  while (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED) + roster_outbox_count (outbox, ROSTER_OUTBOX_SENDING) > 0)
    {
      guint sent = 0;

      g_clear_error (&error);
      roster_outbox_flush (outbox, api, &sent, NULL, &error);
      sent_total += sent;
      g_assert_cmpuint (++flushes, <, 50);
    }
  g_assert_no_error (error);
  requests = roster_api_get_requests (api);

  g_assert_cmpuint (sent_total, ==, 200);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 199);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED), ==, 1);
  /* At least ten connections were dropped or failed, and sent again. */
  g_assert_cmpuint (requests - 200, >=, 10);

  /* Read the truth from a server without faults, on the same database. */
  server_fixture_restart (&fixture->server, NULL);
  g_assert_cmpint (audit_count (fixture), ==, 199);

  /* The refusal keeps the server's reason; the cache shows the server's state. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM users WHERE id BETWEEN 4 AND 13 AND enabled = 1"), ==, 10);
  {
    sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store),
                                                         "SELECT error_type, error_message FROM outbox WHERE state = 'refused'", NULL);

    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, "already_deactivated");
    g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 1), ==, "This user is already deactivated");
    sqlite3_reset (statement);
  }
  yuki = roster_store_get_user (store, 13, &error);
  g_assert_no_error (error);
  g_assert_true (roster_user_get_enabled (yuki));
}

/* kill -9 of the client while it sends the outbox, and of the server while
 * it writes, again and again: every action is applied once, or refused
 * once with its reason. (The first action, on the already deactivated
 * user 13, is the one refused.) */
static void
test_killed_and_resumed (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(RosterApi) api = NULL;
  const char *runner = g_getenv ("ROSTER_SYNC_RUNNER");
  guint rounds = test_rounds ("ROSTER_KILL_ROUNDS", 12);
  guint clients_killed = 0;
  guint servers_killed = 0;

  g_assert_no_error (error);
  g_assert_nonnull (runner);
  outbox = roster_outbox_new (store);
  /* As in exactly-once, sixty actions a round: enough that kills land in
   * the middle of the sending, however many rounds. */
  for (guint round = 0; round < 6 * rounds; round++)
    for (gint64 user = 4; user <= 13; user++)
      g_assert_cmpint (round % 2 == 0 ? roster_outbox_enqueue_deactivate (outbox, user, &error)
                                      : roster_outbox_enqueue_activate (outbox, user, &error), >, 0);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocess) process = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, runner, "--flush", fixture->store_path,
                                  fixture->server.base_url, fixture->token, NULL);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 15, 120) * 1000);

      /* One round in three, the server dies first, in whatever write it
       * is in the middle of; then the client. */
      if (round % 3 == 2)
        {
          server_fixture_crash (&fixture->server);
          servers_killed++;
        }
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      clients_killed += g_subprocess_get_if_signaled (process);
      if (round % 3 == 2)
        server_fixture_restart (&fixture->server, NULL);
    }
  g_test_message ("%u clients and %u servers killed with SIGKILL; %u actions", clients_killed, servers_killed,
                  60 * rounds);
  g_assert_cmpuint (clients_killed, >=, rounds / 2);

  /* What is left is sent by a client that lives. */
  api = roster_api_new (fixture->server.base_url, fixture->token);
  for (guint flushes = 0;
       roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED) + roster_outbox_count (outbox, ROSTER_OUTBOX_SENDING) > 0;
       flushes++)
    {
      guint sent = 0;

      g_assert_cmpuint (flushes, <, 20);
      g_clear_error (&error);
      roster_outbox_flush (outbox, api, &sent, NULL, &error);
    }

  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 60 * rounds - 1);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED), ==, 1);
  g_assert_cmpint (audit_count (fixture), ==, 60 * rounds - 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM users WHERE id BETWEEN 4 AND 13 AND enabled = 1"), ==, 10);
}

static void
test_queued_offline (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(RosterApi) offline_api = NULL;
  g_autoptr(RosterApi) api = NULL;
  g_autoptr(RosterUser) shown = NULL;
  guint sent = 0;

  g_assert_no_error (error);
  outbox = roster_outbox_new (store);
  offline_api = roster_api_new (fixture->server.base_url, fixture->token);
  roster_api_set_max_attempts (offline_api, 2);

  server_fixture_kill (&fixture->server);

  /* Offline, the action is queued and shown at once. */
  g_assert_cmpint (roster_outbox_enqueue_deactivate (outbox, 4, &error), >, 0);
  shown = roster_store_get_user (store, 4, &error);
  g_assert_false (roster_user_get_enabled (shown));

  g_assert_false (roster_outbox_flush (outbox, offline_api, &sent, NULL, &error));
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED), ==, 1);

  /* Another, taken back before it is sent: undone, gone, never sent. */
  {
    g_autoptr(RosterUser) before = roster_store_get_user (store, 9, NULL);
    g_autoptr(RosterUser) during = NULL;
    g_autoptr(RosterUser) after = NULL;
    g_autoptr(RosterOutboxEntry) pending = NULL;
    gint64 taken_back = roster_outbox_enqueue_reassignment (outbox, 9, 5, 5, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpint (roster_outbox_enqueue_deactivate (outbox, 9, &error), >, 0);
    during = roster_store_get_user (store, 9, NULL);
    g_assert_false (roster_user_get_enabled (during));
    pending = roster_outbox_find_waiting (outbox, 9);
    g_assert_nonnull (pending);
    g_assert_cmpint (pending->action, ==, ROSTER_ACTION_DEACTIVATE);
    g_assert_true (roster_outbox_cancel (outbox, pending->id, &error));
    g_assert_no_error (error);
    g_assert_true (roster_outbox_cancel (outbox, taken_back, &error));
    g_assert_no_error (error);
    after = roster_store_get_user (store, 9, NULL);
    g_assert_cmpint (roster_user_get_enabled (after), ==, roster_user_get_enabled (before));
    g_assert_cmpint (roster_user_get_personal_injury_license (after), ==,
                     roster_user_get_personal_injury_license (before));
    g_assert_null (roster_outbox_find_waiting (outbox, 9));
    g_assert_false (roster_outbox_cancel (outbox, taken_back, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED), ==, 1);

  /* The server returns: the action is applied once. */
  server_fixture_restart (&fixture->server, NULL);
  api = roster_api_new (fixture->server.base_url, fixture->token);
  g_assert_true (roster_outbox_flush (outbox, api, &sent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT enabled FROM users WHERE id = 4"), ==, 0);
  g_assert_cmpint (audit_count (fixture), ==, 1);

  /* What was answered is history: it cannot be taken back. */
  {
    g_autoptr(GPtrArray) entries = roster_outbox_list (outbox, NULL);

    g_assert_false (roster_outbox_cancel (outbox, ((RosterOutboxEntry *) g_ptr_array_index (entries, 0))->id,
                                          &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  }
}

static void
test_refused_undone (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(RosterUser) owner = NULL;

  /* The window shows the primary subscriber deactivated until the server
   * refuses; then the cache is as before, and the reason kept. */
  g_assert_cmpint (roster_outbox_enqueue_deactivate (outbox, 1, &error), >, 0);
  g_assert_true (roster_outbox_flush (outbox, api, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED), ==, 1);
  owner = roster_store_get_user (store, 1, &error);
  g_assert_true (roster_user_get_enabled (owner));
  {
    g_autoptr(GPtrArray) entries = roster_outbox_list (outbox, &error);
    RosterOutboxEntry *refused;

    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 1);
    refused = g_ptr_array_index (entries, 0);
    g_assert_cmpint (refused->state, ==, ROSTER_OUTBOX_REFUSED);
    g_assert_cmpstr (refused->error_type, ==, "primary_subscriber");
    g_assert_nonnull (refused->error_message);
  }
}

static gint64
cached_int (RosterStore *store,
            const char  *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store), sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  return value;
}

/* The matters a reassignment moves, in the cache and on the server, whose
 * tables differ in how they say a matter is private. */
#define OPEN_MATTERS_OF(id) "SELECT count(*) FROM matters WHERE responsible_attorney_id = " #id \
  " AND status IN ('Open', 'Pending') AND is_private = 0"
#define SERVER_OPEN_MATTERS_OF(id) "SELECT count(*) FROM matters WHERE responsible_attorney_id = " #id \
  " AND status IN ('Open', 'Pending') AND private_to_user_id IS NULL"

/* A reassignment shows at once what it moves; refused, the cache is put
 * back; accepted, the next sync agrees with what was shown. */
static void
test_reassign_optimistic (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(RosterSync) sync = NULL;
  gint64 movable = cached_int (store, OPEN_MATTERS_OF (13));
  gint64 receivers = cached_int (store, OPEN_MATTERS_OF (4));

  g_assert_cmpint (movable, >, 0);

  /* To a deactivated user: shown, then refused and undone. */
  g_assert_cmpint (roster_outbox_enqueue_reassignment (outbox, 13, 14, 0, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (cached_int (store, OPEN_MATTERS_OF (13)), ==, 0);
  g_assert_true (roster_outbox_flush (outbox, api, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED), ==, 1);
  g_assert_cmpint (cached_int (store, OPEN_MATTERS_OF (13)), ==, movable);

  /* To an active one: shown, done, and the server agrees. */
  g_assert_cmpint (roster_outbox_enqueue_reassignment (outbox, 13, 4, 4, 4, &error), >, 0);
  g_assert_cmpint (cached_int (store, OPEN_MATTERS_OF (4)), ==, receivers + movable);
  g_assert_true (roster_outbox_flush (outbox, api, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, SERVER_OPEN_MATTERS_OF (4)), ==, receivers + movable);

  sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);
  g_assert_true (roster_sync_run (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cached_int (store, OPEN_MATTERS_OF (4)), ==, receivers + movable);
  /* The cache holds open tasks (complete ones when they changed since). */
  g_assert_cmpint (cached_int (store, "SELECT count(*) FROM tasks WHERE assignee_id = 4 AND status <> 'complete'"), ==,
                   server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM tasks WHERE assignee_id = 4 AND status <> 'complete'"));
}

/* Renewal options show at once, with the price they project. */
static void
test_renewal_optimistic (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(RosterAccount) before = roster_store_get_account (store, &error);
  g_autoptr(RosterAccount) shown = NULL;
  g_autoptr(RosterAccount) after = NULL;

  g_assert_nonnull (before);
  g_assert_false (roster_account_get_remove_unused_licenses (before));

  g_assert_cmpint (roster_outbox_enqueue_renewal_options (outbox, TRUE, &error), >, 0);
  g_assert_no_error (error);
  shown = roster_store_get_account (store, &error);
  g_assert_true (roster_account_get_remove_unused_licenses (shown));
  g_assert_cmpint (roster_account_get_renewal_projected_price (shown), ==,
                   roster_account_get_renewal_price_with_removal (shown));

  g_assert_true (roster_outbox_flush (outbox, api, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 1);
  after = roster_store_get_account (store, &error);
  g_assert_true (roster_account_get_remove_unused_licenses (after));
  g_assert_cmpstr (roster_account_get_etag (after), !=, roster_account_get_etag (before));
}

/* Against Clio's API alone: what it cannot do is said at once, plainly;
 * a reassignment goes item by item. */
static void
test_clio_only (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  gint64 movable = cached_int (store, OPEN_MATTERS_OF (13));
  gint64 receivers = cached_int (store, OPEN_MATTERS_OF (4));

  g_assert_cmpint (roster_store_get_server_api (store), ==, ROSTER_SERVER_API_CLIO);
  g_assert_cmpint (roster_outbox_enqueue_deactivate (outbox, 4, &error), ==, 0);
  g_assert_error (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_NOT_OFFERED);
  g_assert_nonnull (strstr (error->message, "Clio"));
  g_clear_error (&error);
  g_assert_cmpint (roster_outbox_enqueue_renewal_options (outbox, TRUE, &error), ==, 0);
  g_assert_error (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED), ==, 0);

  g_assert_cmpint (roster_outbox_enqueue_reassignment (outbox, 13, 4, 0, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (roster_outbox_flush (outbox, api, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_outbox_count (outbox, ROSTER_OUTBOX_DONE), ==, 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, SERVER_OPEN_MATTERS_OF (4)), ==, receivers + movable);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, SERVER_OPEN_MATTERS_OF (13)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const char *faulty[] = { "--faults", "seed=9,drop=0.1,500=0.03,429=0.02", NULL };
  static const char *clio_only[] = { "--clio-only", NULL };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/outbox/exactly-once", Fixture, faulty, fixture_set_up, test_exactly_once, fixture_tear_down);
  g_test_add ("/outbox/killed-and-resumed", Fixture, NULL, fixture_set_up, test_killed_and_resumed, fixture_tear_down);
  g_test_add ("/outbox/queued-offline", Fixture, NULL, fixture_set_up, test_queued_offline, fixture_tear_down);
  g_test_add ("/outbox/refused-undone", Fixture, NULL, fixture_set_up, test_refused_undone, fixture_tear_down);
  g_test_add ("/outbox/reassign-optimistic", Fixture, NULL, fixture_set_up, test_reassign_optimistic, fixture_tear_down);
  g_test_add ("/outbox/renewal-optimistic", Fixture, NULL, fixture_set_up, test_renewal_optimistic, fixture_tear_down);
  g_test_add ("/outbox/clio-only", Fixture, clio_only, fixture_set_up, test_clio_only, fixture_tear_down);

  return g_test_run ();
}
