/* test-store.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache: its file, its migrations, and the queries the window needs.
 */

#include "config.h"

#include <glib/gstdio.h>

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
    g_assert_cmpint (roster_database_get_version (roster_store_get_database (store)), ==, 5);
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
          if (from >= 2)
            g_assert_true (roster_database_exec (db,
                                                 "INSERT INTO outbox (idempotency_key, action, target_id, state,"
                                                 " created_at, updated_at) VALUES ('k', 'deactivate', 7, 'queued', 'x', 'x')",
                                                 &error));
          /* The undo records of before version 5, each in its format. */
          if (from >= 2)
            g_assert_true (roster_database_exec (db,
                                                 "UPDATE outbox SET undo = '1 1' WHERE idempotency_key = 'k';"
                                                 "INSERT INTO outbox (idempotency_key, action, target_id, state, undo,"
                                                 " created_at, updated_at) VALUES ('r', 'renewal_options', 0, 'queued',"
                                                 " 'renewal 1', 'x', 'x')",
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

    g_assert_true (roster_database_exec (roster_store_get_database (store), "PRAGMA user_version = 9", &error));
  }
  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);

    g_assert_null (store);
    g_assert_error (error, ROSTER_DATABASE_ERROR, ROSTER_DATABASE_ERROR_TOO_NEW);
  }

  remove_cache (path);
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
                                       "INSERT INTO tasks VALUES (1, 'e', 'T1', 'pending', NULL, 2, 1, 'x'),"
                                       " (2, 'e', 'T2', 'complete', NULL, 2, 1, 'x');"
                                       "INSERT INTO calendar_entries VALUES"
                                       " (1, 'e', 'E1', '2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 102, 1, 0, 'x'),"
                                       " (2, 'e', 'E2', '2020-01-01T09:00:00Z', '2020-01-01T10:00:00Z', 102, 1, 0, 'x');",
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
                                       "INSERT INTO tasks VALUES (1, 'e', 'T1', 'pending', NULL, 2, 1, 'x');"
                                       "INSERT INTO calendar_entries VALUES"
                                       " (1, 'e', 'E1', '2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 102, 1, 0, 'x');",
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/file-and-migrations", test_file_and_migrations);
  g_test_add_func ("/store/users-queries", test_users_queries);
  g_test_add_func ("/store/logs-queries", test_logs_queries);
  g_test_add_func ("/store/outbox-setters", test_outbox_setters);

  return g_test_run ();
}
