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
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
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
    g_assert_cmpint (roster_database_get_version (roster_store_get_database (store)), ==, 2);
  }

  /* Owner only: the file and its folder. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* From the first schema to the current one. */
  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);
    RosterDatabase *db = roster_store_get_database (store);

    g_assert_no_error (error);
    g_assert_true (roster_database_exec (db, "DROP TABLE outbox; PRAGMA user_version = 1", &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(RosterStore) store = roster_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (roster_database_get_version (roster_store_get_database (store)), ==, 2);
    g_assert_cmpint (roster_store_count (store, "users"), ==, 0);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/file-and-migrations", test_file_and_migrations);
  g_test_add_func ("/store/users-queries", test_users_queries);

  return g_test_run ();
}
