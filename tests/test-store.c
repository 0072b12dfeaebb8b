/* test-store.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache: its file, its migrations, and the queries the window needs.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "roster-json.h"
#include "roster-store.h"

static char *
temp_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("roster-store-XXXXXX", NULL);

  return g_build_filename (dir, "nested", "cache.db", NULL);
}

static void
remove_cache (const char *path)
{
  g_autofree char *nested = g_path_get_dirname (path);
  g_autofree char *dir = g_path_get_dirname (nested);
  roster_store_remove_cache (path);
  g_rmdir (nested);
  g_rmdir (dir);
}

static RosterUser *
user (gint64      id,
      const char *name,
      const char *email,
      gboolean    enabled)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": %" G_GINT64_FORMAT ", \"etag\": \"e%" G_GINT64_FORMAT "\","
                                           " \"name\": \"%s\", \"first_name\": \"F\", \"last_name\": \"L\","
                                           " \"email\": \"%s\", \"enabled\": %s, \"account_owner\": false,"
                                           " \"roles\": [], \"subscription_type\": \"Attorney\","
                                           " \"default_calendar_id\": %" G_GINT64_FORMAT ","
                                           " \"updated_at\": \"2026-11-27T10:00:00Z\"}",
                                           id, id, name, email, enabled ? "true" : "false", 100 + id);
  g_autoptr(JsonNode) root = roster_json_parse (text, -1, NULL);

  return roster_user_new_from_json (json_node_get_object (root), NULL);
}

static void
put_user (RosterStore *store,
          gint64       id,
          const char  *name,
          const char  *email,
          gboolean     enabled)
{
  g_autoptr(RosterUser) record = user (id, name, email, enabled);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record);
  g_assert_true (roster_store_put_user (store, record, &error));
  g_assert_no_error (error);
}

static guint
count_users (RosterStore     *store,
             RosterUserFilter filter,
             const char      *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = roster_store_list_users (store, filter, search, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (users));
}

static void
test_file_and_migrations (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (roster_database_get_version (roster_store_get_database (store)), ==, 10);
  }

  /* Owner only: the file and its folder. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* From every earlier schema to the current one, keeping what the cache
   * held. */
  {
    guint n_migrations;
    const RosterMigration *migrations = roster_store_get_migrations (&n_migrations);

    for (guint from = 0; from < n_migrations; from++)
      {
        g_autofree char *old_path = g_strdup_printf ("%s.v%u", path, from);

        {
          g_autoptr(RosterDatabase) db = roster_database_open (old_path, &error);

          g_assert_no_error (error);
          g_assert_true (roster_database_migrate (db, migrations, from, &error));
          g_assert_no_error (error);
          g_assert_cmpint (roster_database_get_version (db), ==, from);
          if (from >= 1)
            g_assert_true (roster_database_exec (db,
                                                 "INSERT INTO users VALUES (7, 'e7', 'Ada Byron', 'Ada', 'Byron',"
                                                 " 'ada@hartbell.example', 1, 0, 0, 'Attorney', 0, 107, 'x');"
                                                 "INSERT INTO sync_state (collection, next_url, high_water)"
                                                 " VALUES ('users', NULL, '2026-11-01T00:00:00Z')",
                                                 &error));
          /* Before version 6: integer calendar entry ids, times with an
           * offset, tasks that did not say whose type their assignee is. */
          if (from >= 1 && from < 6)
            g_assert_true (roster_database_exec (db,
                                                 "INSERT INTO calendar_entries VALUES (31, 'e31', 'Kickoff',"
                                                 " '2026-12-01T06:00:00-08:00', '2026-12-01T07:30:00-08:00', 107,"
                                                 " NULL, 0, '2026-11-01T00:00:00Z');"
                                                 "INSERT INTO attendees VALUES (31, 108);"
                                                 "INSERT INTO tasks VALUES (5, 't5', 'Call', 'pending', NULL, 7, NULL,"
                                                 " '2026-11-01T00:00:00Z');"
                                                 "INSERT INTO sync_state (collection, next_url, high_water)"
                                                 " VALUES ('tasks', NULL, '2026-11-01T00:00:00Z')",
                                                 &error));
          /* From version 6: text ids, times in UTC, the assignee's type;
           * before version 7, no entry says whether it is all day. */
          if (from >= 6)
            g_assert_true (roster_database_exec (db,
                                                 from == 6
                                                   ? "INSERT INTO calendar_entries VALUES ('31', 'e31', 'Kickoff',"
                                                 " '2026-12-01T14:00:00.000000Z', '2026-12-01T15:30:00.000000Z', 107,"
                                                 " NULL, 0, '2026-11-01T00:00:00.000000Z');"
                                                   : "INSERT INTO calendar_entries VALUES ('31', 'e31', 'Kickoff',"
                                                 " '2026-12-01T14:00:00.000000Z', '2026-12-01T15:30:00.000000Z', 107,"
                                                 " NULL, 0, '2026-11-01T00:00:00.000000Z', 0);",
                                                 &error) &&
                           roster_database_exec (db,
                                                 "INSERT INTO attendees VALUES ('31', 108);"
                                                 "INSERT INTO sync_state (collection, next_url, high_water)"
                                                 " VALUES ('calendar_entries', NULL, '2026-11-01T00:00:00Z');"
                                                 "INSERT INTO tasks VALUES (5, 't5', 'Call', 'pending', NULL, 7, NULL,"
                                                 " '2026-11-01T00:00:00.000000Z', 'User')",
                                                 &error));
          if (from >= 2)
            g_assert_true (roster_database_exec (db,
                                                 "INSERT INTO outbox (idempotency_key, action, target_id, state,"
                                                 " created_at, updated_at) VALUES ('k', 'deactivate', 7, 'queued', 'x', 'x')",
                                                 &error));
          /* The undo records of before version 5, each in its format;
           * from version 5, the one JSON record. */
          if (from >= 2 && from < 5)
            g_assert_true (roster_database_exec (db,
                                                 "UPDATE outbox SET undo = '1 1' WHERE idempotency_key = 'k';"
                                                 "INSERT INTO outbox (idempotency_key, action, target_id, state, undo,"
                                                 " created_at, updated_at) VALUES ('r', 'renewal_options', 0, 'queued',"
                                                 " 'renewal 1', 'x', 'x')",
                                                 &error));
          if (from >= 5)
            g_assert_true (roster_database_exec (db,
                                                 "UPDATE outbox SET undo = '{\"users\":[[7,1,1]]}' WHERE idempotency_key = 'k';"
                                                 "INSERT INTO outbox (idempotency_key, action, target_id, state, undo,"
                                                 " created_at, updated_at) VALUES ('r', 'renewal_options', 0, 'queued',"
                                                 " '{\"remove_unused_licenses\":true}', 'x', 'x')",
                                                 &error));
          g_assert_no_error (error);
        }
        {
          g_autoptr(RosterStore) store = roster_store_open (old_path, &error);
          g_autofree char *next = NULL;
          g_autofree char *since = NULL;
          g_autofree char *etag = NULL;

          g_assert_no_error (error);
          g_assert_cmpint (roster_database_get_version (roster_store_get_database (store)), ==, n_migrations);
          g_assert_cmpint (roster_store_count (store, "users"), ==, from >= 1 ? 1 : 0);
          g_assert_true (roster_store_get_sync_state (store, "users", &next, &since, &etag, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (since, ==, from >= 1 ? "2026-11-01T00:00:00Z" : NULL);
          g_assert_null (etag);
          g_assert_true (roster_store_set_info (store, "api", "roster", &error));
          g_assert_cmpint (roster_store_get_server_api (store), ==, ROSTER_SERVER_API_ROSTER);
          g_assert_true (roster_database_check_integrity (roster_store_get_database (store), &error));
          g_assert_no_error (error);
          if (from >= 1)
            {
              RosterDatabase *db = roster_store_get_database (store);
              sqlite3_stmt *statement = roster_database_statement (db,
                                                                   "SELECT id, typeof (id), start_at, end_at, updated_at,"
                                                                   " (SELECT count(*) FROM attendees WHERE entry_id = '31')"
                                                                   " FROM calendar_entries",
                                                                   &error);
              g_autofree char *tasks_next = NULL;
              g_autofree char *tasks_since = NULL;
              gint64 owner = 0;

              g_assert_no_error (error);
              g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, "31");
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 1), ==, "text");
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 2), ==, "2026-12-01T14:00:00.000000Z");
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 3), ==, "2026-12-01T15:30:00.000000Z");
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 4), ==, "2026-11-01T00:00:00.000000Z");
              g_assert_cmpint (sqlite3_column_int (statement, 5), ==, 1);
              sqlite3_reset (statement);

              /* The tasks are read again at the next sync, for their
               * assignees' types; meanwhile they stay as they were. */
              g_assert_true (roster_store_get_sync_state (store, "tasks", &tasks_next, &tasks_since, NULL, &error));
              g_assert_null (tasks_since);
              g_clear_pointer (&tasks_since, g_free);
              /* The calendar entries are read again, to learn which are
               * all day (before version 7); meanwhile none is. */
              g_assert_true (roster_store_get_sync_state (store, "calendar_entries", &tasks_next, &tasks_since, NULL,
                                                          &error));
              g_assert_cmpstr (tasks_since, ==, from < 7 ? NULL : "2026-11-01T00:00:00Z");
              statement = roster_database_statement (db, "SELECT count(*) FROM calendar_entries WHERE all_day = 0",
                                                     &error);
              g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
              g_assert_cmpint (sqlite3_column_int (statement, 0), ==, 1);
              sqlite3_reset (statement);
              g_assert_true (roster_store_get_work_owner (store, ROSTER_WORK_TASK, 5, &owner, &error));
              g_assert_cmpint (owner, ==, 7);
              g_assert_true (roster_store_get_work_owner (store, ROSTER_WORK_EVENT, 31, &owner, &error));
              g_assert_cmpint (owner, ==, 107);
              g_assert_no_error (error);
              g_assert_cmpuint (roster_store_count_unreadable (store, NULL), ==, 0);
            }
          if (from >= 2)
            {
              RosterDatabase *db = roster_store_get_database (store);
              sqlite3_stmt *statement = roster_database_statement (db, "SELECT undo FROM outbox ORDER BY id", &error);

              g_assert_no_error (error);
              g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, "{\"users\":[[7,1,1]]}");
              g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
              g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==,
                               "{\"remove_unused_licenses\":true}");
              sqlite3_reset (statement);
            }
        }
        remove_cache (old_path);
      }
  }

  /* A cache from a newer Roster is refused, not damaged. */
  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);

    g_assert_true (roster_database_exec (roster_store_get_database (store), "PRAGMA user_version = 11", &error));
  }
  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);

    g_assert_null (store);
    g_assert_error (error, ROSTER_DATABASE_ERROR, ROSTER_DATABASE_ERROR_TOO_NEW);
  }

  remove_cache (path);
}

/* The ids of all the users, as read in their order, comma-separated. */
static char *
user_ids (RosterStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = roster_store_read_users (store, ROSTER_USER_FILTER_ALL, NULL, &error);
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", roster_user_get_id (users->pdata[i]));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
cache_with_users (const char *first_name)
{
  char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);

  g_assert_no_error (error);
  put_user (store, 1, first_name, "one@hartbell.example", TRUE);
  put_user (store, 2, "Marcus Reyes", "marcus@hartbell.example", TRUE);
  put_user (store, 3, "Yuki Lindqvist", "yuki@hartbell.example", FALSE);
  return path;
}

/* A cache opened early, on a thread of its own (#17), and taken by the
 * next open of the same path: its users are what a read gives at the
 * moment they are asked for, whoever wrote in between. */
static void
test_preopen (void)
{
  g_autofree char *path = cache_with_users ("Olivia Hart");
  g_autofree char *other = cache_with_users ("Zoe Adams");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterStore) writer = NULL;
  g_autofree char *ids = NULL;

  /* Nothing written since: the users in their order. */
  roster_store_preopen (path);
  store = roster_store_open (path, &error);
  g_assert_no_error (error);
  ids = user_ids (store);
  g_assert_cmpstr (ids, ==, "2,1,3");
  g_clear_pointer (&ids, g_free);
  g_clear_object (&store);

  /* Written by the store itself before its first read. */
  roster_store_preopen (path);
  store = roster_store_open (path, &error);
  g_assert_no_error (error);
  put_user (store, 4, "Ana Cruz", "ana@hartbell.example", TRUE);
  ids = user_ids (store);
  g_assert_cmpstr (ids, ==, "4,2,1,3");
  g_clear_pointer (&ids, g_free);
  g_clear_object (&store);

  /* Written by another connection (a sync's, another program's). */
  roster_store_preopen (path);
  store = roster_store_open (path, &error);
  g_assert_no_error (error);
  writer = roster_store_open (path, &error);
  g_assert_no_error (error);
  put_user (writer, 5, "Abel Moss", "abel@hartbell.example", TRUE);
  ids = user_ids (store);
  g_assert_cmpstr (ids, ==, "5,4,2,1,3");
  g_clear_pointer (&ids, g_free);
  g_clear_object (&writer);
  g_clear_object (&store);

  /* Another cache opened: its own users, the early one dropped. */
  roster_store_preopen (path);
  store = roster_store_open (other, &error);
  g_assert_no_error (error);
  ids = user_ids (store);
  g_assert_cmpstr (ids, ==, "2,3,1");
  g_clear_pointer (&ids, g_free);
  g_clear_object (&store);

  /* A file that is not a cache: opened early or not, the open says why,
   * with SQLite's words, and nothing is kept of the early try. */
  {
    g_autofree char *garbage = temp_path ();
    g_autofree char *nested = g_path_get_dirname (garbage);

    g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
    g_assert_true (g_file_set_contents (garbage, "not a database, not even close to one; ", -1, NULL));
    roster_store_preopen (garbage);
    store = roster_store_open (garbage, &error);
    g_assert_null (store);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "not a database"));
    g_clear_error (&error);
    remove_cache (garbage);
  }

  remove_cache (path);
  remove_cache (other);
}

static void
test_users_queries (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(GListStore) active = NULL;
  RosterOpenWork work;

  g_assert_no_error (error);
  g_assert_true (roster_store_begin (store, &error));
  put_user (store, 1, "Olivia Hart", "olivia@hartbell.example", TRUE);
  put_user (store, 2, "Marcus Reyes", "marcus@hartbell.example", TRUE);
  put_user (store, 3, "Yuki Lindqvist", "yuki@hartbell.example", FALSE);
  put_user (store, 4, "Ana 100% Cruz", "ana_cruz@hartbell.example", TRUE);
  g_assert_true (roster_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ACTIVE, NULL), ==, 3);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_DEACTIVATED, NULL), ==, 1);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, NULL), ==, 4);

  /* Search on names and e-mail addresses, case-insensitive, wildcards as text. */
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "hart"), ==, 4);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "olivia@"), ==, 1);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "100%"), ==, 1);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "%"), ==, 1);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "_"), ==, 1);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ACTIVE, "yuki"), ==, 0);
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ALL, "'; DROP TABLE users; --"), ==, 0);
  g_assert_cmpint (roster_store_count (store, "users"), ==, 4);

  /* Sorted by name. */
  active = roster_store_list_users (store, ROSTER_USER_FILTER_ACTIVE, NULL, &error);
  {
    g_autoptr(RosterUser) first = g_list_model_get_item (G_LIST_MODEL (active), 0);

    g_assert_cmpstr (roster_user_get_name (first), ==, "Ana 100% Cruz");
  }

  /* Open work: open and pending matters, tasks not complete, upcoming events. */
  g_assert_true (roster_database_exec (roster_store_get_database (store),
                                       "INSERT INTO matters VALUES (1, 'e', 'M1', NULL, 'Open', 2, 0, NULL, NULL, 'x'),"
                                       " (2, 'e', 'M2', NULL, 'Pending', 2, 1, NULL, NULL, 'x'),"
                                       " (3, 'e', 'M3', NULL, 'Closed', 2, 0, NULL, NULL, 'x');"
                                       "INSERT INTO tasks VALUES (1, 'e', 'T1', 'pending', NULL, 2, 1, 'x', 'User', NULL),"
                                       " (2, 'e', 'T2', 'complete', NULL, 2, 1, 'x', 'User', NULL);"
                                       "INSERT INTO calendar_entries VALUES"
                                       " (1, 'e', 'E1', '2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 102, 1, 0, 'x', 0, NULL),"
                                       " (2, 'e', 'E2', '2020-01-01T09:00:00Z', '2020-01-01T10:00:00Z', 102, 1, 0, 'x', 0, NULL);",
                                       &error));
  g_assert_true (roster_store_get_open_work (store, 2, "2026-11-27T12:00:00.000000Z", &work, &error));
  g_assert_cmpuint (work.matters, ==, 2);
  g_assert_cmpuint (work.tasks, ==, 1);
  g_assert_cmpuint (work.events, ==, 1);

  remove_cache (path);
}

static void
put_event (RosterStore *store,
           const char  *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (roster_store_put_audit_event (store, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

static void
test_logs_queries (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(GListStore) events = NULL;
  g_autoptr(JsonNode) bad = json_from_string ("{\"id\": 9, \"etag\": \"e\", \"actor\": null, \"action\": 4,"
                                              " \"target_type\": \"user\", \"target_id\": 7,"
                                              " \"created_at\": \"2026-11-04T09:00:00Z\"}", NULL);

  g_assert_no_error (error);
  put_event (store, "{\"id\": 1, \"etag\": \"a\", \"actor\": {\"id\": 2, \"name\": \"Marcus Reyes\"},"
             " \"action\": \"user.deactivate\", \"target_type\": \"user\", \"target_id\": 7,"
             " \"created_at\": \"2026-11-01T09:00:00Z\"}");
  put_event (store, "{\"id\": 2, \"etag\": \"b\", \"actor\": {\"id\": 2, \"name\": \"Marcus Reyes\"},"
             " \"action\": \"user.activate\", \"target_type\": \"user\", \"target_id\": 7,"
             " \"created_at\": \"2026-11-02T09:00:00Z\"}");
  put_event (store, "{\"id\": 3, \"etag\": \"c\", \"actor\": null, \"action\": \"support.release_email\","
             " \"target_type\": \"user\", \"target_id\": 8, \"created_at\": \"2026-11-03T09:00:00Z\"}");

  /* A user's events, newest first; a limit; a start. */
  events = roster_store_list_audit_events (store, 7, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 2);
  {
    g_autoptr(RosterAuditEvent) newest = g_list_model_get_item (G_LIST_MODEL (events), 0);

    g_assert_cmpstr (roster_audit_event_get_action (newest), ==, "user.activate");
    g_assert_cmpstr (roster_audit_event_get_actor_name (newest), ==, "Marcus Reyes");
  }
  g_clear_object (&events);
  events = roster_store_list_audit_events (store, 0, NULL, 1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);
  g_clear_object (&events);
  events = roster_store_list_audit_events (store, 0, "2026-11-02T00:00:00Z", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 2);

  /* A record the codec refuses never reaches the cache. */
  g_assert_false (roster_store_put_audit_event (store, json_node_get_object (bad), &error));
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
  g_assert_cmpint (roster_store_count (store, "audit_events"), ==, 3);

  remove_cache (path);
}

static gint64
work_owner (RosterStore   *store,
            RosterWorkKind kind,
            gint64         id)
{
  g_autoptr(GError) error = NULL;
  gint64 owner = -1;

  g_assert_true (roster_store_get_work_owner (store, kind, id, &owner, &error));
  g_assert_no_error (error);
  return owner;
}

static void
test_outbox_setters (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(RosterUser) found = NULL;

  g_assert_no_error (error);
  put_user (store, 2, "Marcus Reyes", "marcus@hartbell.example", TRUE);
  g_assert_true (roster_database_exec (roster_store_get_database (store),
                                       "UPDATE users SET personal_injury_license = 1 WHERE id = 2;"
                                       "INSERT INTO matters VALUES (1, 'e', 'M1', NULL, 'Open', 2, 0, NULL, NULL, 'x'),"
                                       " (2, 'e', 'M2', NULL, 'Open', NULL, 0, NULL, NULL, 'x');"
                                       "INSERT INTO tasks VALUES (1, 'e', 'T1', 'pending', NULL, 2, 1, 'x', 'User', NULL);"
                                       "INSERT INTO calendar_entries VALUES"
                                       " (1, 'e', 'E1', '2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 102, 1, 0, 'x', 0, NULL);",
                                       &error));
  g_assert_no_error (error);

  /* Deactivating takes the licence too; undoing puts both back. */
  g_assert_true (roster_store_set_user_enabled (store, 2, FALSE, FALSE, &error));
  g_assert_no_error (error);
  found = roster_store_get_user (store, 2, &error);
  g_assert_false (roster_user_get_enabled (found));
  g_assert_false (roster_user_get_personal_injury_license (found));
  g_clear_object (&found);
  g_assert_true (roster_store_set_user_enabled (store, 2, TRUE, TRUE, &error));
  found = roster_store_get_user (store, 2, &error);
  g_assert_true (roster_user_get_enabled (found));
  g_assert_true (roster_user_get_personal_injury_license (found));
  g_assert_cmpuint (count_users (store, ROSTER_USER_FILTER_ACTIVE, NULL), ==, 1);
  /* A user the cache does not hold is no error. */
  g_assert_true (roster_store_set_user_enabled (store, 99, FALSE, FALSE, &error));
  g_assert_no_error (error);

  /* Owners: read, moved, moved back; unknown items and no owner read as 0. */
  g_assert_cmpint (work_owner (store, ROSTER_WORK_MATTER, 1), ==, 2);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_MATTER, 2), ==, 0);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_MATTER, 99), ==, 0);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_TASK, 1), ==, 2);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_EVENT, 1), ==, 102);

  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_MATTER, 1, 5, &error));
  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_TASK, 1, 5, &error));
  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_EVENT, 1, 105, &error));
  g_assert_no_error (error);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_MATTER, 1), ==, 5);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_TASK, 1), ==, 5);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_EVENT, 1), ==, 105);
  {
    RosterOpenWork work;

    g_assert_true (roster_store_get_open_work (store, 2, "2026-11-27T12:00:00Z", &work, &error));
    g_assert_cmpuint (work.matters, ==, 0);
    g_assert_cmpuint (work.tasks, ==, 0);
    g_assert_cmpuint (work.events, ==, 0);
  }

  /* 0 gives a matter or a task no owner again, as it was. */
  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_MATTER, 1, 0, &error));
  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_TASK, 1, 2, &error));
  g_assert_true (roster_store_set_work_owner (store, ROSTER_WORK_MATTER, 99, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_MATTER, 1), ==, 0);
  g_assert_cmpint (work_owner (store, ROSTER_WORK_TASK, 1), ==, 2);
  g_assert_cmpint (roster_store_count (store, "matters"), ==, 2);

  remove_cache (path);
}

static void
put_json (RosterStore *store,
          const char  *kind,
          const char  *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (node);
  if (g_str_equal (kind, "matter"))
    {
      g_autoptr(RosterMatter) matter = roster_matter_new_from_json (object, &error);

      g_assert_no_error (error);
      g_assert_true (roster_store_put_matter (store, matter, &error));
    }
  else if (g_str_equal (kind, "task"))
    {
      g_autoptr(RosterTask) task = roster_task_new_from_json (object, &error);

      g_assert_no_error (error);
      g_assert_true (roster_store_put_task (store, task, &error));
    }
  else
    {
      g_autoptr(RosterCalendarEntry) entry = roster_calendar_entry_new_from_json (object, &error);

      g_assert_no_error (error);
      g_assert_true (roster_store_put_calendar_entry (store, entry, &error));
    }
  g_assert_no_error (error);
}

#define MATTER(id, status, responsible) \
  "{\"id\": " #id ", \"etag\": \"m" #id "\", \"display_number\": \"M" #id "\", \"description\": null," \
  " \"status\": \"" status "\", \"responsible_attorney\": {\"id\": " #responsible "}, \"group\": null," \
  " \"open_date\": null, \"close_date\": null, \"updated_at\": \"2026-11-01T00:00:00Z\"}"

static guint
count_kind (GListStore    *items,
            RosterWorkKind kind)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      count += roster_work_item_get_kind (item) == kind;
    }

  return count;
}

/* A user's matters are listed in id order whatever their status (the
 * preview reads them in the index's order, migration 9), each judged by
 * its own status, in any case the server writes it. */
static void
test_preview_matters_in_order (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T11:00:00Z", NULL);
  static const struct
  {
    gint64         id;
    RosterVerdict  verdict;
  } expected[] = {
    { 1, ROSTER_VERDICT_CLOSED_MATTER },
    { 3, ROSTER_VERDICT_MOVES },
    { 5, ROSTER_VERDICT_MOVES },
    { 7, ROSTER_VERDICT_MOVES },
    { 9, ROSTER_VERDICT_CLOSED_MATTER },
    { 12, ROSTER_VERDICT_MOVES },
  };

  g_assert_no_error (error);
  put_user (store, 2, "Bo Ng", "bo@odd.example", TRUE);
  put_user (store, 3, "Cy Oakes", "cy@odd.example", TRUE);
  put_json (store, "matter", MATTER (9, "Closed", 2));
  put_json (store, "matter", MATTER (7, "Open", 2));
  put_json (store, "matter", MATTER (5, "Pending", 2));
  put_json (store, "matter", MATTER (8, "Open", 3));
  put_json (store, "matter", MATTER (3, "open", 2));
  put_json (store, "matter", MATTER (12, "PENDING", 2));
  put_json (store, "matter", MATTER (1, "closed", 2));

  preview = roster_store_preview_reassignment (store, 2, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->matters->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      RosterPreviewItem *item = &g_array_index (preview->matters, RosterPreviewItem, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, expected[i].id);

      g_assert_cmpint (item->id, ==, expected[i].id);
      g_assert_cmpstr (item->id_string, ==, id);
      g_assert_cmpint (item->verdict, ==, expected[i].verdict);
    }
}

#define TASK_ON(id, matter) \
  "{\"id\": " #id ", \"etag\": \"t" #id "\", \"name\": \"Task " #id "\", \"status\": \"pending\"," \
  " \"due_at\": \"2027-01-04\", \"assignee\": {\"id\": 2, \"type\": \"User\"}, \"matter\": " matter "," \
  " \"updated_at\": \"2026-11-01T00:00:00Z\"}"

/* A first sync asks for open and pending matters alone: a task or an entry
 * on a closed one keeps its number, and is listed with it and judged as
 * the server judges it; a matter the cache holds says more than an item
 * that names it. */
static void
test_closed_matter_named (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(GListStore) work = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T11:00:00Z", NULL);
  static const struct
  {
    gint64         id;
    gint64         matter_id;
    const char    *matter_number;
    RosterVerdict  verdict;
  } expected[] = {
    { 1, 40, "M40", ROSTER_VERDICT_CLOSED_MATTER },  /* closed, named by the task alone */
    { 2, 41, "M41", ROSTER_VERDICT_MOVES },          /* named closed, cached open since */
    { 3, 0, NULL, ROSTER_VERDICT_NO_MATTER },        /* open, not cached: not judged */
    { 4, 0, NULL, ROSTER_VERDICT_NO_MATTER },        /* no matter */
    { 5, 43, "M43", ROSTER_VERDICT_CLOSED_MATTER },  /* closed, in the server's other case */
  };

  g_assert_no_error (error);
  put_user (store, 2, "Bo Ng", "bo@odd.example", TRUE);
  put_json (store, "matter", MATTER (41, "Open", 3));
  put_json (store, "task", TASK_ON (1, "{\"id\": 40, \"display_number\": \"M40\", \"status\": \"Closed\"}"));
  put_json (store, "task", TASK_ON (2, "{\"id\": 41, \"display_number\": \"M41-old\", \"status\": \"Closed\"}"));
  put_json (store, "task", TASK_ON (3, "{\"id\": 42, \"display_number\": \"M42\", \"status\": \"Open\"}"));
  put_json (store, "task", TASK_ON (4, "null"));
  put_json (store, "task", TASK_ON (5, "{\"id\": 43, \"display_number\": \"M43\", \"status\": \"closed\"}"));
  put_json (store, "entry",
            "{\"id\": \"9\", \"etag\": \"e9\", \"summary\": \"Hearing\", \"all_day\": false,"
            " \"start_at\": \"2027-01-05T10:00:00Z\", \"end_at\": \"2027-01-05T11:00:00Z\","
            " \"calendar_owner_id\": 102, \"matter\": {\"id\": 40, \"display_number\": \"M40\", \"status\": \"Closed\"},"
            " \"attendees\": [], \"updated_at\": \"2026-11-01T00:00:00Z\"}");

  preview = roster_store_preview_reassignment (store, 2, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->tasks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      RosterPreviewItem *item = &g_array_index (preview->tasks, RosterPreviewItem, i);

      g_assert_cmpint (item->id, ==, expected[i].id);
      g_assert_cmpint (item->verdict, ==, expected[i].verdict);
    }
  g_assert_cmpuint (preview->calendar_entries->len, ==, 1);
  g_assert_cmpint (g_array_index (preview->calendar_entries, RosterPreviewItem, 0).verdict, ==,
                   ROSTER_VERDICT_CLOSED_MATTER);
  /* Only the open matter the cache does not hold is judged as no matter
   * when the server would not. */
  g_assert_cmpuint (preview->unjudged, ==, 1);

  /* The user's open work names each item's matter. */
  work = roster_store_list_open_work (store, 2, "2026-12-01T11:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (work)), ==, G_N_ELEMENTS (expected) + 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (work)); i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (work), i);
      gint64 id = roster_work_item_get_id (item);

      if (roster_work_item_get_kind (item) == ROSTER_WORK_EVENT)
        {
          g_assert_cmpstr (roster_work_item_get_matter_number (item), ==, "M40");
          g_assert_cmpint (roster_work_item_get_matter_id (item), ==, 40);
          continue;
        }
      g_assert_cmpstr (roster_work_item_get_matter_number (item), ==, expected[id - 1].matter_number);
      g_assert_cmpint (roster_work_item_get_matter_id (item), ==, expected[id - 1].matter_id);
    }

  /* What is read of the matter a task names is read strictly. */
  {
    g_autoptr(JsonNode) node = json_from_string (TASK_ON (6, "{\"id\": 44, \"display_number\": \"M44\", \"status\": 3}"),
                                                 NULL);
    g_autoptr(RosterTask) task = roster_task_new_from_json (json_node_get_object (node), &error);

    g_assert_null (task);
    g_assert_cmpstr (roster_json_error_get_member (error), ==, "matter.status");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) node = json_from_string (TASK_ON (7, "{\"id\": 45, \"display_number\": null, \"status\": \"Closed\"}"),
                                                 NULL);
    g_autoptr(RosterTask) task = roster_task_new_from_json (json_node_get_object (node), &error);

    g_assert_null (task);
    g_assert_cmpstr (roster_json_error_get_member (error), ==, "matter.display_number");
    g_clear_error (&error);
  }

  remove_cache (path);
}

/* Every index of the cache, by name, as SQLite keeps its definition. */
static char *
indexes_of (RosterStore *store)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *statement = roster_database_statement (roster_store_get_database (store),
                                                       "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                                       " AND sql IS NOT NULL ORDER BY name", &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_string_append_printf (text, "%s: %s\n", sqlite3_column_text (statement, 0), sqlite3_column_text (statement, 1));
  sqlite3_reset (statement);

  return g_string_free (text, FALSE);
}

/* A first walk drops the indexes that find a user's records and builds
 * them at its end: built, they are the migrations' own, and without them
 * the cache answers the same. */
static void
test_user_indexes (void)
{
  static const char *const collections[] = { "matters", "tasks", "calendar_entries", "users" };
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autofree char *migrated = NULL;
  g_autofree char *dropped = NULL;
  g_autofree char *built = NULL;
  RosterOpenWork indexed;
  RosterOpenWork unindexed;

  g_assert_no_error (error);
  put_user (store, 2, "Bo Ng", "bo@odd.example", TRUE);
  put_json (store, "matter", MATTER (7, "Open", 2));
  put_json (store, "matter", MATTER (8, "Closed", 2));
  migrated = indexes_of (store);
  g_assert_nonnull (strstr (migrated, "tasks_assignee: CREATE INDEX"));
  g_assert_true (roster_store_get_open_work (store, 2, "2026-12-01T00:00:00Z", &indexed, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_assert_true (roster_store_drop_user_indexes (store, collections[i], &error));
      g_assert_no_error (error);
    }
  dropped = indexes_of (store);
  g_assert_null (strstr (dropped, "matters_responsible"));
  g_assert_null (strstr (dropped, "tasks_assignee"));
  g_assert_null (strstr (dropped, "calendar_entries_owner"));
  g_assert_null (strstr (dropped, "attendees_calendar"));
  g_assert_nonnull (strstr (dropped, "users_enabled"));
  g_assert_true (roster_store_get_open_work (store, 2, "2026-12-01T00:00:00Z", &unindexed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unindexed.matters, ==, 1);
  g_assert_cmpmem (&unindexed, sizeof unindexed, &indexed, sizeof indexed);

  /* Built twice: the second time, nothing is missing. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
      {
        g_assert_true (roster_store_build_user_indexes (store, collections[i], &error));
        g_assert_no_error (error);
      }
  built = indexes_of (store);
  g_assert_cmpstr (built, ==, migrated);
}

/* What Clio's description allows, read as it is: a calendar entry's id is
 * any string; times come with any offset and are instants; a task of a
 * contact is no user's. The counts, the user's page and the preview agree. */
static void
test_what_clio_allows (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(GListStore) work = NULL;
  g_autoptr(GListStore) preview_items = NULL;
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) etags = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T11:00:00Z", NULL);
  RosterOpenWork open_work;
  RosterOpenWork *counted;
  gint64 owner = 0;
  gint64 user = 2;

  g_assert_no_error (error);
  put_user (store, 1, "Ada Quist", "ada@odd.example", TRUE);
  put_user (store, 2, "Bo Ng", "bo@odd.example", TRUE);
  put_json (store, "matter", MATTER (1, "Open", 2));
  /* Three hours ahead of 11:00 UTC, written in Pacific time: 14:00 UTC. */
  put_json (store, "entry",
            "{\"id\": \"a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11\", \"etag\": \"e1\", \"summary\": \"Kickoff\","
            " \"start_at\": \"2026-12-01T06:00:00-08:00\", \"end_at\": \"2026-12-01T07:30:00-08:00\","
            " \"calendar_owner_id\": 102, \"matter\": {\"id\": 1}, \"attendees\": [{\"id\": 101, \"type\": \"Calendar\"}],"
            " \"updated_at\": \"2026-11-01T00:00:00+02:00\"}");
  /* An hour ago, written with an offset ahead of UTC: 10:00 UTC. */
  put_json (store, "entry",
            "{\"id\": \"r\u00e9union:2026-12-01\", \"etag\": \"e2\", \"summary\": null,"
            " \"start_at\": \"2026-12-01T15:30:00+05:30\", \"end_at\": null,"
            " \"calendar_owner_id\": 102, \"matter\": {\"id\": 1}, \"attendees\": null,"
            " \"updated_at\": null}");
  /* A plain id, as a string of digits; a whole day's entry. */
  put_json (store, "entry",
            "{\"id\": \"6\", \"etag\": \"e6\", \"summary\": \"Plain\", \"all_day\": true,"
            " \"start_at\": \"2027-01-05T10:00:00Z\", \"end_at\": \"2027-01-05T11:00:00Z\","
            " \"calendar_owner_id\": 102, \"matter\": null, \"attendees\": [],"
            " \"updated_at\": \"2026-11-01T00:00:00Z\"}");
  /* Contact 2 (a Person) and user 2 share an id: the contact's task is not Bo's. */
  put_json (store, "task",
            "{\"id\": 1, \"etag\": \"t1\", \"name\": \"Call the client\", \"status\": \"pending\", \"due_at\": null,"
            " \"assignee\": {\"id\": 2, \"type\": \"Person\"}, \"matter\": {\"id\": 1}, \"updated_at\": null}");
  put_json (store, "task",
            "{\"id\": 2, \"etag\": \"t2\", \"name\": \"Bo's\", \"status\": null, \"due_at\": \"2026-12-24\","
            " \"assignee\": {\"id\": 2, \"type\": \"User\"}, \"matter\": {\"id\": 1}, \"updated_at\": null}");

  /* The times are instants, in one form. */
  etags = roster_store_etags (store, "calendar_entries", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (etags), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (etags, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11"), ==, "e1");
  g_assert_cmpstr (g_hash_table_lookup (etags, "r\u00e9union:2026-12-01"), ==, "e2");
  g_assert_cmpstr (g_hash_table_lookup (etags, "6"), ==, "e6");

  /* Open work: one matter, Bo's one task (not the contact's), two entries
   * to come, whatever the form "now" is given in. */
  g_assert_true (roster_store_get_open_work (store, user, "2026-12-01T11:00:00Z", &open_work, &error));
  g_assert_cmpuint (open_work.matters, ==, 1);
  g_assert_cmpuint (open_work.tasks, ==, 1);
  g_assert_cmpuint (open_work.events, ==, 2);
  g_assert_true (roster_store_get_open_work (store, user, "2026-12-01T03:00:00-08:00", &open_work, &error));
  g_assert_cmpuint (open_work.events, ==, 2);
  g_assert_true (roster_store_get_open_work (store, 1, "2026-12-01T11:00:00Z", &open_work, &error));
  g_assert_cmpuint (open_work.tasks, ==, 0);
  counts = roster_store_open_work_counts (store, "2026-12-01T11:00:00.000000Z");
  counted = g_hash_table_lookup (counts, &user);
  g_assert_nonnull (counted);
  g_assert_cmpuint (counted->events, ==, 2);
  g_assert_cmpuint (counted->tasks, ==, 1);
  g_assert_null (g_hash_table_lookup (counts, &(gint64) { 1 }));

  /* The user's page lists them; an entry's id as the server wrote it. */
  work = roster_store_list_open_work (store, user, "2026-12-01T11:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (work, ROSTER_WORK_EVENT), ==, 2);
  g_assert_cmpuint (count_kind (work, ROSTER_WORK_TASK), ==, 1);
  {
    g_autoptr(RosterWorkItem) first = g_list_model_get_item (G_LIST_MODEL (work), 2);

    g_assert_cmpint (roster_work_item_get_kind (first), ==, ROSTER_WORK_EVENT);
    g_assert_cmpstr (roster_work_item_get_id_string (first), ==, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11");
    g_assert_cmpint (roster_work_item_get_id (first), ==, 0);
    g_assert_cmpstr (roster_work_item_get_date (first), ==, "2026-12-01T14:00:00.000000Z");
    g_assert_false (roster_work_item_get_all_day (first));
  }
  {
    /* All day is kept, so that the page says so instead of a midnight. */
    g_autoptr(RosterWorkItem) last = g_list_model_get_item (G_LIST_MODEL (work), 3);

    g_assert_cmpstr (roster_work_item_get_id_string (last), ==, "6");
    g_assert_true (roster_work_item_get_all_day (last));
  }

  /* The preview agrees: the entry to come moves, the one begun stays. */
  preview = roster_store_preview_reassignment (store, user, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->tasks->len, ==, 1);
  g_assert_cmpint (g_array_index (preview->tasks, RosterPreviewItem, 0).id, ==, 2);
  g_assert_cmpuint (preview->calendar_entries->len, ==, 3);
  for (guint i = 0; i < preview->calendar_entries->len; i++)
    {
      RosterPreviewItem *item = &g_array_index (preview->calendar_entries, RosterPreviewItem, i);

      if (g_str_equal (item->id_string, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11"))
        g_assert_cmpint (item->verdict, ==, ROSTER_VERDICT_MOVES);
      else if (g_str_equal (item->id_string, "6"))
        {
          g_assert_cmpint (item->verdict, ==, ROSTER_VERDICT_NO_MATTER);
          g_assert_cmpint (item->id, ==, 6);
        }
      else
        g_assert_cmpint (item->verdict, ==, ROSTER_VERDICT_PAST_EVENT);
    }
  /* Ada is only an attendee of the kickoff. */
  g_clear_pointer (&preview, roster_preview_free);
  preview = roster_store_preview_reassignment (store, 1, now, &error);
  g_assert_cmpuint (preview->calendar_entries->len, ==, 1);
  g_assert_cmpint (g_array_index (preview->calendar_entries, RosterPreviewItem, 0).verdict, ==,
                   ROSTER_VERDICT_ONLY_ATTENDEE);
  g_assert_cmpuint (preview->tasks->len, ==, 0);
  preview_items = roster_store_preview_items (store, user, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview_items)), ==, 1 + 1 + 3);

  /* An entry whose id is not a number moves and is deleted by that id. */
  g_assert_true (roster_store_set_work_owner_by_id_string (store, ROSTER_WORK_EVENT,
                                                           "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11", 101, &error));
  g_assert_true (roster_store_get_work_owner_by_id_string (store, ROSTER_WORK_EVENT,
                                                           "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11", &owner, &error));
  g_assert_cmpint (owner, ==, 101);
  g_assert_true (roster_store_get_work_owner (store, ROSTER_WORK_EVENT, 6, &owner, &error));
  g_assert_cmpint (owner, ==, 102);
  g_assert_true (roster_store_delete_record_by_id_string (store, "calendar_entries", "r\u00e9union:2026-12-01", &error));
  g_assert_true (roster_store_delete_record (store, "calendar_entries", 6, &error));
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_count (store, "calendar_entries"), ==, 1);
  g_assert_true (roster_database_check_integrity (roster_store_get_database (store), &error));
  g_assert_no_error (error);

  remove_cache (path);
}

/* Records a sync could not read are kept aside with what was wrong and the
 * request that brought them, until read again or deleted. */
static void
test_unreadable (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonNode) no_id = json_from_string ("{\"name\": \"no id\"}", NULL);
  RosterUnreadable *first;

  g_assert_no_error (error);
  put_json (store, "matter", MATTER (9, "Open", 2));
  g_assert_cmpint (roster_store_count (store, "matters"), ==, 1);

  /* A record that changed into one that cannot be read: the cached copy
   * goes, it no longer says what the server has. */
  g_assert_true (roster_store_put_unreadable (store, "matters", "9", NULL, "status",
                                              "The member “status” is not a string: it is 4",
                                              "GET", "/api/v4/matters.json", &error));
  g_assert_true (roster_store_put_unreadable (store, "tasks", NULL, no_id, "id", "The member “id” is missing",
                                              "GET", "/api/v4/tasks.json", &error));
  /* Met again: one record, not two. */
  g_assert_true (roster_store_put_unreadable (store, "tasks", NULL, no_id, "id", "The member “id” is missing",
                                              "GET", "/api/v4/tasks.json", &error));
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_count (store, "matters"), ==, 0);
  g_assert_cmpuint (roster_store_count_unreadable (store, NULL), ==, 2);
  g_assert_cmpuint (roster_store_count_unreadable (store, "tasks"), ==, 1);

  listed = roster_store_list_unreadable (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  first = g_ptr_array_index (listed, 0);
  g_assert_cmpstr (first->resource, ==, "matters");
  g_assert_cmpstr (first->record_id, ==, "9");
  g_assert_cmpstr (first->member, ==, "status");
  g_assert_cmpstr (first->method, ==, "GET");
  g_assert_cmpstr (first->path, ==, "/api/v4/matters.json");
  g_assert_nonnull (first->seen_at);
  g_assert_null (((RosterUnreadable *) g_ptr_array_index (listed, 1))->record_id);

  /* Read again, or deleted on the server: no longer unreadable. */
  g_assert_true (roster_store_forget_unreadable (store, "matters", "9", &error));
  g_assert_cmpuint (roster_store_count_unreadable (store, "matters"), ==, 0);
  g_assert_true (roster_store_put_unreadable (store, "calendar_entries", "x y", NULL, "start_at", "Not a time",
                                              "GET", "/api/v4/calendar_entries.json", &error));
  g_assert_true (roster_store_delete_record_by_id_string (store, "calendar_entries", "x y", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (roster_store_count_unreadable (store, NULL), ==, 1);

  remove_cache (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/file-and-migrations", test_file_and_migrations);
  g_test_add_func ("/store/users-queries", test_users_queries);
  g_test_add_func ("/store/preopen", test_preopen);
  g_test_add_func ("/store/logs-queries", test_logs_queries);
  g_test_add_func ("/store/outbox-setters", test_outbox_setters);
  g_test_add_func ("/store/what-clio-allows", test_what_clio_allows);
  g_test_add_func ("/store/preview-matters-in-order", test_preview_matters_in_order);
  g_test_add_func ("/store/closed-matter-named", test_closed_matter_named);
  g_test_add_func ("/store/unreadable", test_unreadable);
  g_test_add_func ("/store/user-indexes", test_user_indexes);

  return g_test_run ();
}
