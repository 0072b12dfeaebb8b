/* fuzz-migration.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "roster-store.h"

/*
 * The cache's migration from whatever an old, damaged or hostile database
 * holds. The input is SQL that builds the database (any tables, any rows,
 * any user_version); then the store opens it, migrating it to the current
 * schema or refusing it with an error, and is read once. No crash, no
 * leak, no SQLite misuse.
 */

static char *dir;

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RosterStore) store = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  dir = g_dir_make_tmp ("roster-fuzz-migration-XXXXXX", NULL);
  path = g_build_filename (dir, "warm-up.db", NULL);
  store = roster_store_open (path, &error);
  g_clear_object (&store);
  roster_store_remove_cache (path);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *sql = g_strndup ((const char *) data, size);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* Nothing written outside the fuzzer's directory. */
  {
    g_autofree char *folded = g_ascii_strdown (sql, -1);

    if (strstr (folded, "attach") != NULL || strstr (folded, "vacuum") != NULL)
      return 0;
  }

  roster_store_remove_cache (path);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      sqlite3_close (db);
      return 0;
    }
  /* Whatever of the script SQLite takes; a statement it refuses ends it. */
  sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);

  store = roster_store_open (path, &error);
  if (store == NULL)
    g_assert_nonnull (error);
  else
    {
      GListStore *users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, NULL);
      RosterAccount *account = roster_store_get_account (store, NULL);

      g_clear_object (&users);
      g_clear_object (&account);
    }

  g_clear_object (&store);
  roster_store_remove_cache (path);
  return 0;
}
