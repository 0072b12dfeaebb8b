/* test-sync.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine against a real roster-server: a first sync, changes,
 * deletions and deactivations made on the server, injected faults, and a
 * sync killed at random points: each time the cache ends equal to the
 * server, record for record and etag for etag.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "roster-account.h"
#include "roster-api.h"
#include "roster-audit-event.h"
#include "roster-compat.h"
#include "roster-notification.h"
#include "roster-outbox.h"
#include "roster-store.h"
#include "roster-sync.h"
#include "server-fixture.h"
#include "test-home.h"

#define ADMIN "marcus.reyes@hartbell.example"
/* A user who neither owns the account nor administers the firm. */
#define MEMBER "daniel.garcia@hartbell.example"
#define MEMBER_ID 4

/* The firm's records, then what a Roster server adds: the signed-in user's
 * notifications and the audit log. */
static const char *collections[] = { "users", "matters", "tasks", "calendar_entries", "notifications", "audit_events" };
#define N_CLIO_COLLECTIONS 4

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
  server_fixture_start (&fixture->server, "small", (const char **) data);
  fixture->token = server_fixture_token (&fixture->server, ADMIN);
  fixture->store_path = g_build_filename (fixture->server.dir, "cache", "cache.db", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  server_fixture_stop (&fixture->server);
  g_free (fixture->token);
  g_free (fixture->store_path);
}

/* An id as the server wrote it: a number in decimal, a string as it is. */
static char *
id_text (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* What the server says to the holder of @token: every record's etag, by
 * id, walking its pages; hidden calendar entries too for a manager. With
 * @open_work, only what the views show: tasks not complete, calendar
 * entries not over. */
static GHashTable *
server_etags (Fixture    *fixture,
              const char *token,
              gboolean    manages,
              const char *collection,
              gboolean    open_work)
{
  g_autoptr(GHashTable) etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *filter = open_work ? server_fixture_open_work_filter (collection) : g_strdup ("");
  g_autofree char *path = g_strdup_printf ("/api/v4/%s.json?fields=id,etag&limit=200%s%s", collection,
                                           manages && g_str_equal (collection, "calendar_entries") ? "&include_hidden=true" : "",
                                           filter);

  while (path != NULL)
    {
      g_autoptr(Response) page = server_fixture_request (&fixture->server, "GET", path, token, NULL, NULL, NULL);
      JsonArray *data;
      JsonObject *paging;

      g_assert_cmpuint (page->status, ==, 200);
      data = response_data_array (page);
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *record = json_array_get_object_element (data, i);

          g_hash_table_insert (etags, id_text (json_object_get_member (record, "id")),
                               g_strdup (json_object_get_string_member (record, "etag")));
        }

      g_clear_pointer (&path, g_free);
      paging = json_object_get_object_member (json_object_get_object_member (json_node_get_object (page->root), "meta"), "paging");
      if (json_object_has_member (paging, "next"))
        path = g_strdup (json_object_get_string_member (paging, "next") + strlen (fixture->server.base_url));
    }

  return g_steal_pointer (&etags);
}

/* The pages a first sync walks of @collection: its open work, 200 a
 * page. */
static guint
first_walk_pages (Fixture    *fixture,
                  const char *collection)
{
  g_autoptr(GHashTable) open_work = server_etags (fixture, fixture->token, TRUE, collection, TRUE);

  return MAX (1, (g_hash_table_size (open_work) + 199) / 200);
}

/* The cache holds what the server lets the holder of @token read of the
 * open work, record for record and etag for etag; everything else it
 * holds (work completed or over since it was synced) as the server has it
 * now; @exact, and nothing the server has not. The audit log is compared
 * for those who manage the firm alone. */
static void
assert_cache_holds_server (Fixture    *fixture,
                           const char *token,
                           gboolean    manages,
                           gboolean    exact)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (roster_database_check_integrity (roster_store_get_database (store), &error));
  g_assert_no_error (error);

  for (guint c = 0; c < G_N_ELEMENTS (collections); c++)
    {
      g_autoptr(GHashTable) expected = NULL;
      g_autoptr(GHashTable) everything = NULL;
      g_autoptr(GHashTable) cached = NULL;
      GHashTableIter iter;
      gpointer id, etag;
      gboolean hidden;

      if (c >= N_CLIO_COLLECTIONS && roster_store_get_server_api (store) != ROSTER_SERVER_API_ROSTER)
        break;
      if (!manages && g_str_equal (collections[c], "audit_events"))
        continue;

      /* A server of Clio's API alone has no hidden entries to ask for. */
      hidden = manages && roster_store_get_server_api (store) == ROSTER_SERVER_API_ROSTER;
      expected = server_etags (fixture, token, hidden, collections[c], TRUE);
      everything = server_etags (fixture, token, hidden, collections[c], FALSE);
      cached = roster_store_etags (store, collections[c], &error);
      g_assert_no_error (error);
      if (g_hash_table_size (cached) < g_hash_table_size (expected))
        g_error ("%s: the cache has %u records, the server's open work %u", collections[c],
                 g_hash_table_size (cached), g_hash_table_size (expected));

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &id, &etag))
        {
          const char *mine = g_hash_table_lookup (cached, id);

          if (g_strcmp0 (mine, etag) != 0)
            g_error ("%s %s: the cache has %s, the server %s", collections[c],
                     (const char *) id, mine ? mine : "nothing", (const char *) etag);
        }

      if (!exact)
        continue;
      g_hash_table_iter_init (&iter, cached);
      while (g_hash_table_iter_next (&iter, &id, &etag))
        {
          const char *theirs = g_hash_table_lookup (everything, id);

          if (g_strcmp0 (theirs, etag) != 0)
            g_error ("%s %s: the cache has %s, the server %s", collections[c],
                     (const char *) id, (const char *) etag, theirs ? theirs : "nothing");
        }
    }
}

static void
assert_cache_equals_server (Fixture *fixture)
{
  assert_cache_holds_server (fixture, fixture->token, TRUE, TRUE);
}

static guint
sync_once (Fixture *fixture,
           GError **error)
{
  g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);

  if (!roster_sync_run (sync, NULL, error))
    return 0;

  /* It reported its progress to the end. */
  g_assert_cmpuint (roster_sync_get_done (sync), <=, roster_sync_get_expected (sync));
  g_assert_false (roster_sync_get_offline (sync));

  return roster_sync_get_requests (sync);
}

static void
test_full_then_changes (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) deactivated = NULL;
  g_autoptr(Response) patched = NULL;
  g_autoptr(Response) deleted = NULL;
  g_autoptr(Response) reassigned = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterUser) user = NULL;
  guint requests;
  guint expected;
  GStatBuf buf;

  /* The next sync asks from the first one's start, less an overlap of two
   * seconds: let the seeded records fall before it. */
  g_usleep (3 * G_USEC_PER_SEC);

  /* extensions, who am I, then the users', the matters' and the open
   * work's pages, one more page for each walk of several pages (to catch
   * what changed behind its cursor), notifications, the audit log, the
   * account, tombstones */
  expected = 1 + 1;
  for (guint c = 0; c < N_CLIO_COLLECTIONS; c++)
    {
      guint pages = first_walk_pages (fixture, collections[c]);

      expected += pages + (pages > 1);
    }
  expected += 1 + 1 + 1 + 1;
  /* The small firm's users are one page, its open and pending matters two
   * of its three; a third of its tasks are complete and half its entries
   * over. */
  g_assert_cmpuint (first_walk_pages (fixture, "users"), ==, 1);
  g_assert_cmpuint (first_walk_pages (fixture, "matters"), ==, 2);
  g_assert_cmpuint (first_walk_pages (fixture, "tasks"), <, 8);
  g_assert_cmpuint (first_walk_pages (fixture, "calendar_entries"), <, 5);

  requests = sync_once (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests, ==, expected);
  assert_cache_equals_server (fixture);

  /* The cache is its owner's alone. */
  g_assert_cmpint (g_stat (fixture->store_path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* A sync with nothing changed: one request per collection, and those
   * answered 304 with no body where the cache holds the same page. */
  requests = sync_once (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests, ==, 1 + 6 + 1 + 1);
  assert_cache_equals_server (fixture);
  {
    g_autoptr(RosterStore) cache = roster_store_open (fixture->store_path, &error);
    sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (cache),
                                                         "SELECT count(*) FROM sync_state WHERE etag IS NOT NULL", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (statement, 0), ==, 6);
    sqlite3_reset (statement);
  }

  /* Changes, a deletion and a deactivation on the server. */
  deactivated = server_fixture_request (&fixture->server, "POST", "/api/v4/users/5/deactivate.json", fixture->token, NULL, NULL, NULL);
  g_assert_cmpuint (deactivated->status, ==, 200);
  patched = server_fixture_request (&fixture->server, "PATCH", "/api/v4/matters/2.json", fixture->token,
                                    "{\"data\": {\"description\": \"Changed on the server\"}}", NULL, NULL);
  g_assert_cmpuint (patched->status, ==, 200);
  deleted = server_fixture_request (&fixture->server, "DELETE", "/api/v4/tasks/3.json", fixture->token, NULL, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  reassigned = server_fixture_request (&fixture->server, "POST", "/api/v4/users/13/reassign_work.json", fixture->token,
                                       "{\"data\": {\"matters_to\": 4, \"tasks_to\": 4, \"calendar_entries_to\": 4}}", NULL, NULL);
  g_assert_cmpuint (reassigned->status, ==, 200);

  requests = sync_once (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests, <=, 1 + 6 + 1 + 1 + 2);
  assert_cache_equals_server (fixture);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  user = roster_store_get_user (store, 5, &error);
  g_assert_no_error (error);
  g_assert_false (roster_user_get_enabled (user));
  g_assert_false (roster_user_get_personal_injury_license (user));
}

/* A first sync asks for the open work alone; a later one for everything
 * changed since, open or not: a task completed on the server leaves the
 * cache's open work, a task reopened there enters it. */
/* A matter as the cache holds it: its status, and whether someone is
 * responsible for it; NULL when the cache does not hold it. */
static const char *
cached_matter (RosterStore *store,
               gint64       id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store),
                                                       "SELECT status, responsible_attorney_id IS NOT NULL"
                                                       " FROM matters WHERE id = ?", &error);
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    found = g_strdup_printf ("%s, %s", (const char *) sqlite3_column_text (statement, 0),
                             sqlite3_column_int (statement, 1) ? "someone responsible" : "nobody responsible");
  sqlite3_reset (statement);

  return g_intern_string (found);
}

static void
test_open_work_first (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(Response) completed = NULL;
  g_autoptr(Response) reopened = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *complete_id = NULL;
  g_autofree char *completed_path = NULL;
  g_autofree char *reopened_path = NULL;
  g_autofree char *first_open = NULL;
  g_autofree char *first_complete = NULL;
  g_autoptr(Response) matter_reopened = NULL;
  g_autoptr(Response) matter_closed = NULL;
  g_autofree char *matter_path = NULL;
  RosterOpenWork before, after;
  gint64 assignee;
  gint64 closed_id;
  gint64 open_matter_id;

  /* Let the seeded records fall before the next sync's start. */
  g_usleep (3 * G_USEC_PER_SEC);
  g_assert_cmpuint (sync_once (fixture, &error), >, 0);
  g_assert_no_error (error);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (roster_store_holds_open_work_only (store));
  tasks = roster_store_etags (store, "tasks", &error);
  g_assert_no_error (error);
  entries = roster_store_etags (store, "calendar_entries", &error);
  g_assert_no_error (error);
  /* No complete task and no entry long over, of the many the firm has. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE status = 'complete'"), >, 50);
  g_assert_cmpint (g_hash_table_size (tasks), ==,
                   server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE status <> 'complete'"));
  g_assert_cmpint (g_hash_table_size (entries), <,
                   server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM calendar_entries"));
  g_assert_cmpint (g_hash_table_size (entries), >=,
                   server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM calendar_entries"
                                           " WHERE julianday(end_at) >= julianday('now')"));

  /* One of a user's open tasks completed on the server, and one of their
   * complete tasks, which the cache never had, reopened. */
  assignee = server_fixture_sql_int (&fixture->server,
                                     "SELECT assignee_id FROM tasks WHERE assignee_id IS NOT NULL AND status = 'pending'"
                                     " AND assignee_id IN (SELECT assignee_id FROM tasks WHERE status = 'complete')"
                                     " ORDER BY id LIMIT 1");
  first_open = g_strdup_printf ("SELECT min(id) FROM tasks WHERE status = 'pending' AND assignee_id = %" G_GINT64_FORMAT,
                                assignee);
  first_complete = g_strdup_printf ("SELECT min(id) FROM tasks WHERE status = 'complete' AND assignee_id = %" G_GINT64_FORMAT,
                                    assignee);
  open_id = g_strdup_printf ("%" G_GINT64_FORMAT, server_fixture_sql_int (&fixture->server, first_open));
  complete_id = g_strdup_printf ("%" G_GINT64_FORMAT, server_fixture_sql_int (&fixture->server, first_complete));
  g_assert_true (g_hash_table_contains (tasks, open_id));
  g_assert_false (g_hash_table_contains (tasks, complete_id));
  g_assert_true (roster_store_get_open_work (store, assignee, "2000-01-01T00:00:00Z", &before, &error));
  g_assert_no_error (error);

  /* Of the matters, the open and pending ones alone; an open task on a
   * closed one keeps its number, which says it is closed. */
  g_assert_cmpint (roster_store_count (store, "matters"), ==,
                   server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters WHERE status <> 'Closed'"));
  closed_id = server_fixture_sql_int (&fixture->server,
                                      "SELECT min(m.id) FROM matters m JOIN tasks t ON t.matter_id = m.id"
                                      " WHERE m.status = 'Closed' AND t.status <> 'complete'"
                                      " AND m.responsible_attorney_id IS NOT NULL");
  g_assert_cmpint (closed_id, >, 0);
  g_assert_null (cached_matter (store, closed_id));
  {
    g_autofree char *number_sql = g_strdup_printf ("SELECT display_number FROM matters WHERE id = %" G_GINT64_FORMAT,
                                                   closed_id);
    g_autofree char *number = server_fixture_sql_text (&fixture->server, number_sql);
    sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store),
                                                         "SELECT DISTINCT closed_matter_number FROM tasks"
                                                         " WHERE matter_id = ?", &error);

    g_assert_no_error (error);
    sqlite3_bind_int64 (statement, 1, closed_id);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, number);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
    sqlite3_reset (statement);
  }
  open_matter_id = server_fixture_sql_int (&fixture->server,
                                           "SELECT min(id) FROM matters WHERE status = 'Open'"
                                           " AND responsible_attorney_id IS NOT NULL");
  g_assert_cmpstr (cached_matter (store, open_matter_id), ==, "Open, someone responsible");
  g_clear_object (&store);

  completed_path = g_strdup_printf ("/api/v4/tasks/%s.json", open_id);
  completed = server_fixture_request (&fixture->server, "PATCH", completed_path, fixture->token,
                                      "{\"data\": {\"status\": \"complete\"}}", NULL, NULL);
  g_assert_cmpuint (completed->status, ==, 200);
  reopened_path = g_strdup_printf ("/api/v4/tasks/%s.json", complete_id);
  reopened = server_fixture_request (&fixture->server, "PATCH", reopened_path, fixture->token,
                                     "{\"data\": {\"status\": \"in_progress\"}}", NULL, NULL);
  g_assert_cmpuint (reopened->status, ==, 200);

  /* And a closed matter reopened, an open one closed. */
  matter_path = g_strdup_printf ("/api/v4/matters/%" G_GINT64_FORMAT ".json", closed_id);
  matter_reopened = server_fixture_request (&fixture->server, "PATCH", matter_path, fixture->token,
                                            "{\"data\": {\"status\": \"Open\"}}", NULL, NULL);
  g_assert_cmpuint (matter_reopened->status, ==, 200);
  g_free (matter_path);
  matter_path = g_strdup_printf ("/api/v4/matters/%" G_GINT64_FORMAT ".json", open_matter_id);
  matter_closed = server_fixture_request (&fixture->server, "PATCH", matter_path, fixture->token,
                                          "{\"data\": {\"status\": \"Closed\"}}", NULL, NULL);
  g_assert_cmpuint (matter_closed->status, ==, 200);

  g_assert_cmpuint (sync_once (fixture, &error), >, 0);
  g_assert_no_error (error);
  assert_cache_equals_server (fixture);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&tasks, g_hash_table_unref);
  tasks = roster_store_etags (store, "tasks", &error);
  g_assert_no_error (error);
  /* The completed task is known complete, the reopened one is there: the
   * same count of open tasks, each the right one. */
  g_assert_true (g_hash_table_contains (tasks, open_id));
  g_assert_true (g_hash_table_contains (tasks, complete_id));
  g_assert_true (roster_store_get_open_work (store, assignee, "2000-01-01T00:00:00Z", &after, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (after.tasks, ==, before.tasks);
  {
    sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store),
                                                         "SELECT status FROM tasks WHERE id = ?", &error);

    g_assert_no_error (error);
    sqlite3_bind_int64 (statement, 1, g_ascii_strtoll (open_id, NULL, 10));
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, "complete");
    sqlite3_reset (statement);
  }
  /* The reopened matter came whole, the closed one is known closed. */
  g_assert_cmpstr (cached_matter (store, closed_id), ==, "Open, someone responsible");
  g_assert_cmpstr (cached_matter (store, open_matter_id), ==, "Closed, someone responsible");
}

/* Whether the cache at @path has the index @name, read by a connection of
 * its own, as the window reads the cache during a sync. */
static gboolean
cache_has_index (const char *path,
                 const char *name)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  found = sqlite3_column_int (statement, 0) > 0;
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return found;
}

typedef struct
{
  const char *store_path;
  int         indexed_at_tasks; /* -1 until the tasks' walk begins */
} IndexWatch;

static void
phase_begun (RosterSync *sync,
             GParamSpec *pspec,
             IndexWatch *watch)
{
  if (g_strcmp0 (roster_sync_get_phase (sync), "tasks") == 0 && watch->indexed_at_tasks < 0)
    watch->indexed_at_tasks = cache_has_index (watch->store_path, "tasks_assignee");
}

/* A first walk writes its collection without the indexes that find a
 * user's records and builds them at its end; a walk of changes keeps them. */
static void
test_first_walk_indexes_at_end (Fixture      *fixture,
                                gconstpointer data)
{
  static const char *const indexes[] = { "matters_responsible", "tasks_assignee", "calendar_entries_owner",
                                         "attendees_calendar" };
  g_autoptr(GError) error = NULL;

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);
      IndexWatch watch = { fixture->store_path, -1 };

      g_signal_connect (sync, "notify::phase", G_CALLBACK (phase_begun), &watch);
      g_assert_true (roster_sync_run (sync, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (watch.indexed_at_tasks, ==, (int) (run > 0));
      for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
        g_assert_true (cache_has_index (fixture->store_path, indexes[i]));
    }
  assert_cache_equals_server (fixture);
}

/* Under the server's rate limit, the sync says how long its phase will
 * take: four requests a minute, and at the matters' first page (the fourth
 * request: extensions, who am I, the users in one page) none is left for
 * the open and pending matters' second page. */
typedef struct
{
  GCancellable *cancellable;
  int           seconds_left;
  char         *phase;
} HeldBack;

static void
held_back (RosterSync *sync,
           GParamSpec *pspec,
           HeldBack   *seen)
{
  if (roster_sync_get_seconds_left (sync) < 0 || seen->phase != NULL)
    return;
  seen->seconds_left = roster_sync_get_seconds_left (sync);
  seen->phase = g_strdup (roster_sync_get_phase (sync));
  g_cancellable_cancel (seen->cancellable);
}

static void
test_rate_limit_time_left (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  HeldBack seen = { cancellable, -1, NULL };
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (sync, "notify::seconds-left", G_CALLBACK (held_back), &seen);
  g_assert_cmpint (roster_sync_get_seconds_left (sync), ==, -1);
  g_assert_false (roster_sync_run (sync, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Said before the sync had to wait: the window under way, to its end;
   * and no longer once the sync is over. */
  g_assert_cmpstr (seen.phase, ==, "matters");
  g_assert_cmpint (seen.seconds_left, >=, 0);
  g_assert_cmpint (seen.seconds_left, <=, 60);
  g_assert_cmpint (roster_sync_get_seconds_left (sync), ==, -1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_free (seen.phase);
  /* The matters' first walk, cut short, left their index built. */
  g_assert_true (cache_has_index (fixture->store_path, "matters_responsible"));
}

static void
test_faults (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* 5% each of 500s, 429s, delays, dropped connections and malformed JSON. */
  sync_once (fixture, &error);
  g_assert_no_error (error);

  /* The faults apply to the test's own checks too: read the truth from a
   * server without them, on the same database. */
  server_fixture_restart (&fixture->server, NULL);
  assert_cache_equals_server (fixture);
}

static void
test_offline (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterSync) sync = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autofree char *synced_at = NULL;

  sync_once (fixture, &error);
  g_assert_no_error (error);

  server_fixture_kill (&fixture->server);

  sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);
  g_assert_false (roster_sync_run (sync, NULL, &error));
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
  g_assert_true (roster_sync_get_offline (sync));
  /* A refused connection is not asked again. */
  g_assert_cmpuint (roster_sync_get_requests (sync), ==, 1);
  g_clear_error (&error);

  /* Offline, the cache still answers. */
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (users)), ==, 25);
  synced_at = roster_store_last_synced_at (store);
  g_assert_nonnull (synced_at);
}

static void
test_killed_and_resumed (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;
  const char *runner = g_getenv ("ROSTER_SYNC_RUNNER");
  guint rounds = test_rounds ("ROSTER_KILL_ROUNDS", 25);
  guint killed = 0;

  g_assert_nonnull (runner);

  /* Enough pages that a kill lands in the middle of the walk. */
  server_fixture_sql (&fixture->server,
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)"
                      " INSERT INTO tasks (name, status, priority, assignee_id, matter_id, due_at, created_at, updated_at)"
                      " SELECT 'Bulk task ' || i, 'pending', 'Normal', 1 + i % 25, 1 + i % 500, '2030-01-01',"
                      " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z' FROM n");

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocess) process = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, runner, fixture->store_path,
                                  fixture->server.base_url, fixture->token, NULL);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 20, 80) * 1000);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      killed += g_subprocess_get_if_signaled (process);

      /* Meanwhile the server changes too. */
      if (round % 5 == 0)
        {
          g_autofree char *path = g_strdup_printf ("/api/v4/tasks/%u.json", 100 + round);
          g_autoptr(Response) patched = server_fixture_request (&fixture->server, "PATCH", path, fixture->token,
                                                                "{\"data\": {\"name\": \"Changed between kills\"}}", NULL, NULL);

          g_assert_cmpuint (patched->status, ==, 200);
        }
    }

  g_test_message ("%u of %u runs killed in the middle of a sync", killed, rounds);
  g_assert_cmpuint (killed, >=, rounds * 4 / 5);

  sync_once (fixture, &error);
  g_assert_no_error (error);
  assert_cache_equals_server (fixture);
  /* A first walk killed left its indexes to be built; the walk that ended
   * built them. */
  g_assert_true (cache_has_index (fixture->store_path, "tasks_assignee"));
  g_assert_true (cache_has_index (fixture->store_path, "matters_responsible"));
}

/* The preview from the cache says, item by item, what the server's dry run
 * says, and lists every item of it in @open_work (NULL: all of them): a
 * sync of open work does not bring closed matters, complete tasks and
 * entries over, which always stay, and the preview says it does not list
 * them. */
static void
assert_same_items (GArray     *preview,
                   JsonObject *kind,
                   GHashTable *open_work,
                   const char *what,
                   gint64      user_id)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  const char *lists[] = { "moved", "stayed" };
  GHashTableIter iter;
  gpointer id, reason;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *items = json_object_get_array_member (kind, lists[l]);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_hash_table_insert (expected, id_text (json_object_get_member (item, "id")),
                               g_strdup (json_object_has_member (item, "reason")
                                           ? json_object_get_string_member (item, "reason") : "moves"));
        }
    }

  for (guint i = 0; i < preview->len; i++)
    {
      RosterPreviewItem *item = &g_array_index (preview, RosterPreviewItem, i);
      const char *theirs = g_hash_table_lookup (expected, item->id_string);

      if (g_strcmp0 (theirs, roster_verdict_to_code (item->verdict)) != 0)
        g_error ("user %" G_GINT64_FORMAT ", %s %s: the preview says %s, the server %s",
                 user_id, what, item->id_string, roster_verdict_to_code (item->verdict), theirs ? theirs : "nothing");
      g_hash_table_add (shown, item->id_string);
    }

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &id, &reason))
    if ((open_work == NULL || g_hash_table_contains (open_work, id)) && !g_hash_table_contains (shown, id))
      g_error ("user %" G_GINT64_FORMAT ", %s %s (%s): the server has it, the preview does not",
               user_id, what, (const char *) id, (const char *) reason);
}

static void
test_preview_equals_dry_run (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GHashTable) open_matters = NULL;
  g_autoptr(GHashTable) open_tasks = NULL;
  g_autoptr(GHashTable) open_entries = NULL;
  guint compared = 0;

  sync_once (fixture, &error);
  g_assert_no_error (error);
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (roster_store_holds_open_work_only (store));
  open_matters = server_etags (fixture, fixture->token, TRUE, "matters", TRUE);
  open_tasks = server_etags (fixture, fixture->token, TRUE, "tasks", TRUE);
  open_entries = server_etags (fixture, fixture->token, TRUE, "calendar_entries", TRUE);

  for (gint64 user_id = 1; user_id <= 25; user_id++)
    {
      /* Any active receiver other than the user will do: the verdicts are
       * the source's. */
      gint64 receiver = user_id == 2 ? 3 : 2;
      g_autofree char *path = g_strdup_printf ("/api/v4/users/%" G_GINT64_FORMAT "/reassign_work.json", user_id);
      g_autofree char *body = g_strdup_printf ("{\"data\": {\"matters_to\": %" G_GINT64_FORMAT ", \"tasks_to\": %"
                                               G_GINT64_FORMAT ", \"calendar_entries_to\": %" G_GINT64_FORMAT
                                               ", \"dry_run\": true}}", receiver, receiver, receiver);
      g_autoptr(Response) dry = server_fixture_request (&fixture->server, "POST", path, fixture->token, body, NULL, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(RosterPreview) preview = roster_store_preview_reassignment (store, user_id, now, &error);
      JsonObject *result;

      g_assert_no_error (error);
      g_assert_cmpuint (dry->status, ==, 200);
      result = response_data_object (dry);
      assert_same_items (preview->matters, json_object_get_object_member (result, "matters"), open_matters, "matters",
                         user_id);
      assert_same_items (preview->tasks, json_object_get_object_member (result, "tasks"), open_tasks, "tasks", user_id);
      assert_same_items (preview->calendar_entries, json_object_get_object_member (result, "calendar_entries"),
                         open_entries, "calendar entries", user_id);
      compared += preview->matters->len + preview->tasks->len + preview->calendar_entries->len;
    }

  /* The small firm's work: every matter open or pending, every task not
   * complete and every entry not over, own or attended. */
  g_assert_cmpuint (compared, >=, g_hash_table_size (open_matters) + g_hash_table_size (open_tasks) +
                    g_hash_table_size (open_entries));
}

/* A server of Clio's public API alone: reads and sync still work. */
static void
test_clio_only (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  guint requests;

  requests = sync_once (fixture, &error);
  g_assert_no_error (error);
  /* The probe, then 1 + 3 + 8 + 5 pages (hidden entries are not served)
   * and their catch-up walks; no tombstones to ask for. */
  g_assert_cmpuint (requests, >=, 1 + 1 + 3 + 8 + 4);
  assert_cache_equals_server (fixture);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_count (store, "users"), ==, 25);
}

static void
remember_tokens (const char *access_token,
                 const char *refresh_token,
                 gpointer    user_data)
{
  char **stored = user_data;

  g_free (*stored);
  *stored = g_strdup (access_token);
}

/* An expired access token is refreshed once, and the request goes on. */
static void
test_token_refresh (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *pair = server_fixture_support (&fixture->server, "issue-tokens", ADMIN, NULL);
  g_auto(GStrv) tokens = g_strsplit (pair, " ", 2);
  g_autoptr(RosterApi) api = NULL;
  g_autoptr(RosterApi) without = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  g_assert_cmpuint (g_strv_length (tokens), ==, 2);
  /* Every access token issued so far has expired. */
  server_fixture_sql (&fixture->server, "UPDATE oauth_tokens SET expires_at = 1 WHERE kind = 'access'");

  without = roster_api_new (fixture->server.base_url, tokens[0]);
  refused = roster_api_get (without, "/users/who_am_i.json", NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  api = roster_api_new (fixture->server.base_url, tokens[0]);
  roster_api_set_refresh (api, "roster-desktop", tokens[1], remember_tokens, &stored);
  me = roster_api_get (api, "/users/who_am_i.json?fields=email", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored, !=, tokens[0]);
  g_assert_cmpuint (roster_api_get_requests (api), ==, 3);

  /* A whole sync goes through the same way, on both of its threads. */
  server_fixture_sql (&fixture->server, "UPDATE oauth_tokens SET expires_at = 1 WHERE kind = 'access'");
  g_clear_pointer (&stored, g_free);
  {
    g_autofree char *refresh = server_fixture_support (&fixture->server, "issue-tokens", ADMIN, NULL);
    g_auto(GStrv) fresh = g_strsplit (refresh, " ", 2);
    g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, tokens[0]);

    roster_sync_set_refresh (sync, "roster-desktop", fresh[1], remember_tokens, &stored);
    g_assert_true (roster_sync_run (sync, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (stored);
  }
  /* The test's own token expired with the others: read with the new one. */
  g_free (fixture->token);
  fixture->token = g_steal_pointer (&stored);
  assert_cache_equals_server (fixture);
}

/* The account, the audit log and notifications, read through the codecs. */
static void
test_account_and_logs (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) account_root = NULL;
  g_autoptr(JsonNode) audit_root = NULL;
  g_autoptr(JsonNode) notices_root = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(Response) reassigned = NULL;
  g_autofree char *receiver = NULL;
  JsonArray *events;
  JsonArray *notices;
  gboolean saw_reassignment = FALSE;

  account_root = roster_api_get (api, "/account.json", NULL, NULL, &error);
  g_assert_no_error (error);
  account = roster_account_new_from_json (json_object_get_object_member (json_node_get_object (account_root), "data"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (roster_account_get_subscription (account), ==, "annual");
  g_assert_cmpint (roster_account_get_licenses (account), ==,
                   roster_account_get_licenses_in_use (account) + roster_account_get_licenses_unused (account));
  g_assert_cmpint (roster_account_get_renewal_projected_price (account), ==,
                   roster_account_get_renewal_price_without_removal (account));
  g_assert_null (roster_account_get_closed_at (account));

  reassigned = server_fixture_request (&fixture->server, "POST", "/api/v4/users/13/reassign_work.json", fixture->token,
                                       "{\"data\": {\"matters_to\": 4}}", NULL, NULL);
  g_assert_cmpuint (reassigned->status, ==, 200);

  audit_root = roster_api_get (api, "/audit_events.json?fields=id,etag,actor,action,target_type,target_id,created_at",
                               NULL, NULL, &error);
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (audit_root), "data");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autoptr(RosterAuditEvent) event = roster_audit_event_new_from_json (json_array_get_object_element (events, i), &error);

      g_assert_no_error (error);
      saw_reassignment |= g_strcmp0 (roster_audit_event_get_action (event), "user.reassign_work") == 0 &&
        roster_audit_event_get_target_id (event) == 13 &&
        roster_audit_event_get_actor_id (event) == 2;
    }
  g_assert_true (saw_reassignment);

  receiver = server_fixture_token (&fixture->server, "daniel.garcia@hartbell.example");
  {
    g_autoptr(RosterApi) receiver_api = roster_api_new (fixture->server.base_url, receiver);

    notices_root = roster_api_get (receiver_api, "/notifications.json?fields=id,etag,kind,subject,body,created_at",
                                   NULL, NULL, &error);
    g_assert_no_error (error);
  }
  notices = json_object_get_array_member (json_node_get_object (notices_root), "data");
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  {
    g_autoptr(RosterNotification) notice = roster_notification_new_from_json (json_array_get_object_element (notices, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (roster_notification_get_kind (notice), ==, "work_reassigned");
    g_assert_nonnull (strstr (roster_notification_get_body (notice), "Matters you are now responsible attorney of"));
  }
}

/* The sync keeps the account, the audit log and the signed-in user's
 * notifications in the cache, for review offline. */
static void
test_cached_account_and_logs (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) reassigned = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(GListStore) notices = NULL;
  g_autoptr(JsonNode) unchanged = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *me = NULL;
  gboolean not_modified = FALSE;

  /* Work for the signed-in administrator, so that they are notified. */
  reassigned = server_fixture_request (&fixture->server, "POST", "/api/v4/users/13/reassign_work.json", fixture->token,
                                       "{\"data\": {\"matters_to\": 2}}", NULL, NULL);
  g_assert_cmpuint (reassigned->status, ==, 200);

  sync_once (fixture, &error);
  g_assert_no_error (error);
  assert_cache_equals_server (fixture);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_get_server_api (store), ==, ROSTER_SERVER_API_ROSTER);
  me = roster_store_get_info (store, "me");
  g_assert_cmpstr (me, ==, "2");

  account = roster_store_get_account (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpstr (roster_account_get_subscription (account), ==, "annual");
  g_assert_cmpint (roster_account_get_licenses_unused (account), ==, 2);

  /* Asked again with its ETag, the unchanged account costs no transfer. */
  etag = roster_store_get_account_etag (store);
  unchanged = roster_api_get_if_changed (api, "/account.json", etag, NULL, NULL, &not_modified, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (unchanged);
  g_assert_true (not_modified);

  events = roster_store_list_audit_events (store, 13, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), >=, 1);
  {
    g_autoptr(RosterAuditEvent) newest = g_list_model_get_item (G_LIST_MODEL (events), 0);

    g_assert_cmpstr (roster_audit_event_get_action (newest), ==, "user.reassign_work");
    g_assert_cmpint (roster_audit_event_get_actor_id (newest), ==, 2);
    g_assert_cmpstr (roster_audit_event_get_actor_name (newest), ==, "Marcus Reyes");
  }

  notices = roster_store_list_notifications (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notices)), ==, 1);
}

/* A network monitor that says there is no network. */
typedef struct
{
  GObject  parent_instance;
} NoNetwork;

typedef struct
{
  GObjectClass  parent_class;
} NoNetworkClass;

static void no_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void no_network_initable_iface_init (GInitableIface *iface);

GType no_network_get_type (void);
G_DEFINE_TYPE_WITH_CODE (NoNetwork, no_network, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, no_network_initable_iface_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, no_network_monitor_iface_init))

enum { NO_NETWORK_PROP_AVAILABLE = 1, NO_NETWORK_PROP_METERED, NO_NETWORK_PROP_CONNECTIVITY };

static void
no_network_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case NO_NETWORK_PROP_AVAILABLE:
    case NO_NETWORK_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case NO_NETWORK_PROP_CONNECTIVITY:
      g_value_set_enum (value, G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
no_network_class_init (NoNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = no_network_get_property;
  g_object_class_override_property (object_class, NO_NETWORK_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, NO_NETWORK_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, NO_NETWORK_PROP_CONNECTIVITY, "connectivity");
}

static void
no_network_init (NoNetwork *self)
{
}

static void
no_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static gboolean
no_network_initable_init (GInitable    *initable,
                          GCancellable *cancellable,
                          GError      **error)
{
  return TRUE;
}

static void
no_network_initable_iface_init (GInitableIface *iface)
{
  iface->init = no_network_initable_init;
}

/* With no network, a sync of a firm elsewhere does not even try; one of a
 * server on this machine goes ahead. */
static void
test_no_network (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(GObject) monitor = g_object_new (no_network_get_type (), NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, "https://firm.example", fixture->token);

    roster_sync_set_network_monitor (sync, G_NETWORK_MONITOR (monitor));
    g_assert_false (roster_sync_run (sync, NULL, &error));
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
    g_clear_error (&error);
    g_assert_true (roster_sync_get_offline (sync));
    g_assert_cmpuint (roster_sync_get_requests (sync), ==, 0);
  }
  {
    g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);

    roster_sync_set_network_monitor (sync, G_NETWORK_MONITOR (monitor));
    g_assert_true (roster_sync_run (sync, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (roster_sync_get_offline (sync));
  }
  assert_cache_equals_server (fixture);
}

/* Against Clio's API alone, work moves item by item, by the same rules. */
static void
test_clio_only_reassign (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint expected = 0;
  guint moved = 0;

  sync_once (fixture, &error);
  g_assert_no_error (error);
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);

  preview = roster_store_preview_reassignment (store, 13, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < preview->matters->len; i++)
    expected += g_array_index (preview->matters, RosterPreviewItem, i).verdict == ROSTER_VERDICT_MOVES;
  for (guint i = 0; i < preview->tasks->len; i++)
    expected += g_array_index (preview->tasks, RosterPreviewItem, i).verdict == ROSTER_VERDICT_MOVES;
  g_assert_cmpuint (expected, >, 0);

  g_assert_true (roster_compat_reassign_work (store, api, 13, 4, 7, 0, now, &moved, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, expected);

  /* What was to move moved; what was to stay stayed. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"
                                           " AND status <> 'Closed' AND private_to_user_id IS NULL"), ==, 0);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"), >, 0);

  sync_once (fixture, &error);
  g_assert_no_error (error);
  assert_cache_equals_server (fixture);
}

/* How many records the server says the holder of @api's token may read. */
static gint64
server_records (RosterApi  *api,
                const char *collection,
                const char *filter)
{
  g_autofree char *path = g_strdup_printf ("/%s.json?fields=id&limit=1%s", collection, filter);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = roster_api_get (api, path, NULL, NULL, &error);
  JsonObject *meta;

  g_assert_no_error (error);
  meta = json_object_get_object_member (json_node_get_object (root), "meta");
  g_assert_nonnull (meta);
  g_assert_true (json_object_has_member (meta, "records"));

  return json_object_get_int_member (meta, "records");
}

static void
assert_not_available (Fixture    *fixture,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_auto(GStrv) not_available = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *result = NULL;

  g_assert_no_error (error);
  not_available = roster_sync_dup_not_available (store);
  g_assert_nonnull (not_available);
  joined = g_strjoinv (",", not_available);
  g_assert_cmpstr (joined, ==, expected);

  /* Not available is not a failure. */
  result = roster_store_get_info (store, "last-sync-result");
  g_assert_cmpstr (result, ==, "ok");
}

static void
sync_as (Fixture    *fixture,
         const char *token)
{
  g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, token);
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_sync_run (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (roster_sync_get_offline (sync));
  g_assert_cmpuint (roster_sync_get_done (sync), <=, roster_sync_get_expected (sync));
}

/* A user who does not manage the firm syncs to the end: the cache holds
 * all they may read, and says what they may not. */
static void
test_not_a_manager (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *token = server_fixture_token (&fixture->server, MEMBER);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, token);
  g_autoptr(GError) error = NULL;

  /* The records a member does not see changed long ago: made an
   * administrator later, nothing of theirs says to fetch them again. (The
   * test passed by chance before: the seed's records were seconds old, in
   * the overlap of the walks; under valgrind they were not.) */
  server_fixture_sql (&fixture->server, "UPDATE matters SET updated_at = '2025-06-01T00:00:00.000000Z';"
                      " UPDATE tasks SET updated_at = '2025-06-01T00:00:00.000000Z';"
                      " UPDATE calendar_entries SET updated_at = '2025-06-01T00:00:00.000000Z'");
  sync_as (fixture, token);
  assert_cache_holds_server (fixture, token, FALSE, TRUE);
  assert_not_available (fixture, "calendar_entries.hidden,audit_events");
  {
    const char *readable[] = { "users", "matters", "tasks", "calendar_entries", "notifications" };
    g_autofree char *from_now = server_fixture_open_work_filter ("calendar_entries");
    g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
    g_autoptr(RosterAccount) account = NULL;
    g_autofree char *me = NULL;
    g_autofree char *synced_at = NULL;

    g_assert_no_error (error);
    me = roster_store_get_info (store, "me");
    g_assert_cmpint (g_ascii_strtoll (me, NULL, 10), ==, MEMBER_ID);
    /* All of the users and notifications, the matters open or pending, the
     * tasks not complete, and the entries not over (and those over since
     * the sync asked). */
    for (guint i = 0; i < G_N_ELEMENTS (readable); i++)
      if (!g_str_equal (readable[i], "calendar_entries"))
        {
          g_autofree char *open_work = server_fixture_open_work_filter (readable[i]);

          g_assert_cmpint (roster_store_count (store, readable[i]), ==, server_records (api, readable[i], open_work));
        }
    g_assert_cmpint (roster_store_count (store, "calendar_entries"), >=, server_records (api, "calendar_entries", from_now));
    g_assert_cmpint (roster_store_count (store, "calendar_entries"), <=, server_records (api, "calendar_entries", ""));
    g_assert_cmpint (roster_store_count (store, "audit_events"), ==, 0);

    /* Less than the firm holds: others' private matters, and the entries
     * of deactivated users. */
    g_assert_cmpint (roster_store_count (store, "matters"), <,
                     server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters"));
    g_assert_cmpint (roster_store_count (store, "calendar_entries"), <,
                     server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM calendar_entries"));

    account = roster_store_get_account (store, &error);
    g_assert_no_error (error);
    g_assert_nonnull (account);
    synced_at = roster_store_last_synced_at (store);
    g_assert_nonnull (synced_at);
  }

  /* Made an administrator, they are given the rest at the next sync. (The
   * server keeps its users in memory: it starts again to see the change.) */
  server_fixture_sql (&fixture->server,
                      "UPDATE users SET admin = 1, version = version + 1,"
                      " updated_at = strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE id = 4");
  server_fixture_restart (&fixture->server, NULL);
  sync_as (fixture, token);
  assert_cache_holds_server (fixture, token, TRUE, TRUE);
  assert_not_available (fixture, "");

  /* No longer one, and the cache does not know it (the record's change is
   * older than the last sync, so the sync does not fetch it again): the
   * server's refusal is taken as not available, not as a failure. The
   * hidden entries cached meanwhile stay. */
  server_fixture_sql (&fixture->server,
                      "UPDATE users SET admin = 0, updated_at = '2026-01-01T00:00:00.000000Z' WHERE id = 4");
  server_fixture_restart (&fixture->server, NULL);
  sync_as (fixture, token);
  assert_cache_holds_server (fixture, token, FALSE, FALSE);
  assert_not_available (fixture, "calendar_entries.hidden,audit_events");
  {
    g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (roster_store_count (store, "calendar_entries"), ==,
                     server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM calendar_entries"
                                             " WHERE julianday(end_at) >= julianday('now', '-1 day')"));
  }
}

/* A server that is not there is offline after one request, not after a
 * round of retries. */
static void
test_offline_at_once (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  gint64 start;
  gint64 elapsed;

  /* Its port is closed now: connections to it are refused. */
  server_fixture_kill (&fixture->server);

  {
    g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
    g_autoptr(JsonNode) root = NULL;

    start = g_get_monotonic_time ();
    root = roster_api_get (api, "/users/who_am_i.json?fields=id", NULL, NULL, &error);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("A read of a stopped server: offline after %.1f ms", elapsed / 1000.0);
    g_assert_null (root);
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
    g_assert_cmpuint (roster_api_get_requests (api), ==, 1);
    g_assert_null (roster_api_error_get_refusal (error));
    g_assert_cmpuint (roster_api_error_get_status (error), ==, 0);
    g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
    g_clear_error (&error);
  }

  /* A write, as the outbox sends one. */
  {
    g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
    g_autoptr(JsonNode) root = NULL;

    start = g_get_monotonic_time ();
    root = roster_api_write (api, "POST", "/users/5/deactivate.json", NULL, key, NULL, NULL, &error);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("A write to a stopped server: offline after %.1f ms", elapsed / 1000.0);
    g_assert_null (root);
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
    g_assert_cmpuint (roster_api_get_requests (api), ==, 1);
    g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
    g_clear_error (&error);
  }

  /* A whole sync. */
  {
    g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->server.base_url, fixture->token);

    start = g_get_monotonic_time ();
    g_assert_false (roster_sync_run (sync, NULL, &error));
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("A sync with a stopped server: offline after %.1f ms", elapsed / 1000.0);
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
    g_assert_true (roster_sync_get_offline (sync));
    g_assert_cmpuint (roster_sync_get_requests (sync), ==, 1);
    g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
    g_clear_error (&error);
  }

  /* A name that no resolver knows (RFC 6761 keeps .invalid so). How long
   * that takes is the resolver's affair: only the one request is asserted. */
  {
    g_autoptr(RosterApi) api = roster_api_new ("http://roster-firm.invalid", fixture->token);
    g_autoptr(JsonNode) root = NULL;

    start = g_get_monotonic_time ();
    root = roster_api_get (api, "/users/who_am_i.json?fields=id", NULL, NULL, &error);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("A read of an unknown host: offline after %.1f ms", elapsed / 1000.0);
    g_assert_null (root);
    g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE);
    g_assert_cmpuint (roster_api_get_requests (api), ==, 1);
    g_clear_error (&error);
  }
}

/* A refusal's GError carries the server's type and the HTTP status, also
 * when copied, whatever the client does next. */
static void
test_refusal_carries_type (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *member = server_fixture_token (&fixture->server, MEMBER);
  g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, member);
  g_autoptr(RosterApi) stranger = roster_api_new (fixture->server.base_url, "not-a-token");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) me = NULL;

  root = roster_api_get (api, "/audit_events.json?fields=id", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED);
  g_assert_cmpstr (roster_api_error_get_refusal (error), ==, "forbidden");
  g_assert_cmpuint (roster_api_error_get_status (error), ==, 403);

  copy = g_error_copy (error);
  g_clear_error (&error);
  me = roster_api_get (api, "/users/who_am_i.json?fields=id", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_error (copy, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED);
  g_assert_cmpstr (roster_api_error_get_refusal (copy), ==, "forbidden");
  g_assert_cmpuint (roster_api_error_get_status (copy), ==, 403);

  g_clear_pointer (&root, json_node_unref);
  root = roster_api_get (api, "/calendar_entries.json?fields=id&include_hidden=true", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED);
  g_assert_cmpstr (roster_api_error_get_refusal (error), ==, "forbidden");
  g_clear_error (&error);

  root = roster_api_get (api, "/users/999999.json?fields=id", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED);
  g_assert_cmpstr (roster_api_error_get_refusal (error), ==, "not_found");
  g_assert_cmpuint (roster_api_error_get_status (error), ==, 404);
  g_clear_error (&error);

  root = roster_api_get (stranger, "/users/who_am_i.json?fields=id", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (roster_api_error_get_refusal (error), ==, "unauthorized");
  g_assert_cmpuint (roster_api_error_get_status (error), ==, 401);
  g_clear_error (&error);

  /* An error of the API's domain made elsewhere carries nothing; another
   * domain's, nor does it. */
  g_set_error_literal (&error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE, "Offline");
  g_assert_null (roster_api_error_get_refusal (error));
  g_assert_cmpuint (roster_api_error_get_status (error), ==, 0);
  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Failed");
  g_assert_null (roster_api_error_get_refusal (other));
  g_assert_cmpuint (roster_api_error_get_status (other), ==, 0);
  g_assert_null (roster_api_error_get_refusal (NULL));
}

/* The soak: rounds of a client that queues actions, sends them and syncs
 * while the server changes and answers one request in ten of each fault
 * (500, 429, a delay, a dropped connection, malformed JSON, a truncated
 * answer): the rounds may fail; in the end, with the faults gone, the
 * cache equals the server and every action was applied once or refused
 * once with its reason. */
static void
test_fault_soak (Fixture      *fixture,
                 gconstpointer data)
{
  guint rounds = test_rounds ("ROSTER_SOAK_ROUNDS", 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  guint queued = 0;
  guint failed_rounds = 0;
  gint64 audited_before;

  sync_once (fixture, &error);
  g_assert_no_error (error);
  audited_before = server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM audit_events WHERE action IN ('user.deactivate', 'user.activate')");
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  outbox = roster_outbox_new (store);

  server_fixture_restart (&fixture->server, (const char *[]) {
    "--faults", "seed=23,500=0.1,429=0.1,delay=0.1,drop=0.1,malformed=0.1,truncate=0.1", NULL
  });

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);
      g_autofree char *change = NULL;
      guint sent = 0;

      /* The server changes under the client's feet... */
      change = g_strdup_printf ("UPDATE tasks SET name = 'Soaked %u', updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'),"
                                " version = version + 1 WHERE id %% 7 = %u", round, round % 7);
      server_fixture_sql (&fixture->server, change);

      /* ...while it queues an action on each of two users, and sends. */
      for (gint64 user = 4; user <= 5; user++)
        {
          g_assert_cmpint (round % 2 == 0 ? roster_outbox_enqueue_deactivate (outbox, user, &error)
                                          : roster_outbox_enqueue_activate (outbox, user, &error), >, 0);
          queued++;
        }
      g_clear_error (&error);
      roster_outbox_flush (outbox, api, &sent, NULL, &error);
      g_clear_error (&error);
      if (sync_once (fixture, &error) == 0)
        failed_rounds++;
      g_clear_error (&error);
    }

  /* The faults end; what is left is sent, and a last sync. */
  server_fixture_restart (&fixture->server, NULL);
  {
    g_autoptr(RosterApi) api = roster_api_new (fixture->server.base_url, fixture->token);

    for (guint flushes = 0;
         roster_outbox_count (outbox, ROSTER_OUTBOX_QUEUED) + roster_outbox_count (outbox, ROSTER_OUTBOX_SENDING) > 0;
         flushes++)
      {
        guint sent = 0;

        g_assert_cmpuint (flushes, <, 10);
        g_clear_error (&error);
        roster_outbox_flush (outbox, api, &sent, NULL, &error);
      }
  }
  g_clear_object (&outbox);
  g_clear_object (&store);
  sync_once (fixture, &error);
  g_assert_no_error (error);

  g_test_message ("%u rounds under faults, %u of them failed before the end; %u actions queued", rounds, failed_rounds,
                  queued);
  /* Each alternates deactivate and activate from active: all apply, once. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server,
                                           "SELECT count(*) FROM audit_events WHERE action IN ('user.deactivate', 'user.activate')")
                   - audited_before, ==, queued);
  assert_cache_equals_server (fixture);
}

static void
count_connection (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  guint             *count)
{
  (*count)++;
}

/* A server whose links point elsewhere (here, at a port that counts who
 * comes): the sync stops with an error and sends nothing there, least of
 * all the access token. The server builds its links from --public-url, as
 * one that was tampered with, or a proxy set up wrong, would. */
static void
test_foreign_next_refused (void)
{
  g_autoptr(GSocketService) trap = g_socket_service_new ();
  g_autoptr(RosterSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trap_url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *store_path = NULL;
  ServerFixture server = { 0 };
  guint arrived = 0;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (trap), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (trap, "incoming", G_CALLBACK (count_connection), &arrived);
  trap_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  server_fixture_start (&server, "small", (const char *[]) { "--public-url", trap_url, NULL });
  token = server_fixture_token (&server, ADMIN);
  store_path = g_build_filename (server.dir, "cache", "cache.db", NULL);

  sync = roster_sync_new (store_path, server.base_url, token);
  g_assert_false (roster_sync_run (sync, NULL, &error));
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "not to itself"));

  /* Whatever reached the trap would be waiting to be accepted by now. */
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (arrived, ==, 0);

  g_socket_service_stop (trap);
  server_fixture_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  static const char *clio_only[] = { "--clio-only", NULL };
  static const char *four_a_minute[] = { "--rate-limit", "4/min", NULL };
  static const char *faulty[] = {
    "--faults", "seed=5,500=0.05,429=0.05,delay=0.05,drop=0.05,malformed=0.05,truncate=0.02", NULL
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/full-then-changes", Fixture, NULL, fixture_set_up, test_full_then_changes, fixture_tear_down);
  g_test_add ("/sync/open-work-first", Fixture, NULL, fixture_set_up, test_open_work_first, fixture_tear_down);
  g_test_add ("/sync/first-walk-indexes-at-end", Fixture, NULL, fixture_set_up, test_first_walk_indexes_at_end,
              fixture_tear_down);
  g_test_add ("/sync/rate-limit-time-left", Fixture, four_a_minute, fixture_set_up, test_rate_limit_time_left,
              fixture_tear_down);
  g_test_add ("/sync/faults", Fixture, faulty, fixture_set_up, test_faults, fixture_tear_down);
  g_test_add ("/sync/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/sync/token-refresh", Fixture, NULL, fixture_set_up, test_token_refresh, fixture_tear_down);
  g_test_add ("/sync/account-and-logs", Fixture, NULL, fixture_set_up, test_account_and_logs, fixture_tear_down);
  g_test_add ("/sync/cached-account-and-logs", Fixture, NULL, fixture_set_up, test_cached_account_and_logs, fixture_tear_down);
  g_test_add ("/sync/no-network", Fixture, NULL, fixture_set_up, test_no_network, fixture_tear_down);
  g_test_add ("/sync/clio-only", Fixture, clio_only, fixture_set_up, test_clio_only, fixture_tear_down);
  g_test_add ("/sync/clio-only-reassign", Fixture, clio_only, fixture_set_up, test_clio_only_reassign, fixture_tear_down);
  g_test_add ("/sync/preview-equals-dry-run", Fixture, NULL, fixture_set_up, test_preview_equals_dry_run, fixture_tear_down);
  g_test_add ("/sync/not-a-manager", Fixture, NULL, fixture_set_up, test_not_a_manager, fixture_tear_down);
  g_test_add ("/sync/offline-at-once", Fixture, NULL, fixture_set_up, test_offline_at_once, fixture_tear_down);
  g_test_add ("/sync/refusal-carries-type", Fixture, NULL, fixture_set_up, test_refusal_carries_type, fixture_tear_down);
  g_test_add_func ("/sync/foreign-next-refused", test_foreign_next_refused);
  g_test_add ("/sync/fault-soak", Fixture, NULL, fixture_set_up, test_fault_soak, fixture_tear_down);
  g_test_add ("/sync/killed-and-resumed", Fixture, NULL, fixture_set_up, test_killed_and_resumed, fixture_tear_down);

  return g_test_run ();
}
