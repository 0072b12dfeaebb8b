/* roster-store-preopen.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-store-private.h"

/*
 * A cache opened, and its users read, on a thread of its own while the
 * program does something else (#17). Roster starts opening the account
 * used last once GTK has started, while the main thread makes and shows
 * the window; the window's roster_store_open() of the same cache then
 * takes the store ready, and its first read of all the users takes the
 * users read, when nothing was written since. (Not before GTK starts: it
 * sets the locale the users' sort keys are made in.)
 *
 * Only the thread that started a pre-open takes it; roster_store_open() on
 * any other thread opens a store of its own, as always.
 */

typedef struct
{
  char        *path;
  GThread     *owner;    /* the thread that may take it */
  GThread     *thread;   /* the thread opening it, until joined */
  RosterStore *store;    /* once opened, or NULL */
} Preopen;

G_LOCK_DEFINE_STATIC (preopen);
static Preopen *pending;

/* The connection's counts of what it and the other connections wrote:
 * the users read early are what a read gives now while neither moved. */
static void
read_write_counts (RosterStore *self,
                   gint64      *own,
                   gint64      *others)
{
  sqlite3 *handle = roster_database_get_handle (self->db);
  sqlite3_stmt *statement = roster_database_statement (self->db, "PRAGMA data_version", NULL);

  *own = sqlite3_total_changes64 (handle);
  *others = -1;
  if (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    *others = sqlite3_column_int64 (statement, 0);
  if (statement != NULL)
    sqlite3_reset (statement);
}

static gpointer
preopen_in_thread (gpointer data)
{
  Preopen *preopen = data;
  g_autoptr(GError) error = NULL;
  RosterStore *store = roster_store_open_now (preopen->path, &error);

  /* A cache that cannot be opened is opened again by roster_store_open(),
   * which says why. */
  if (store == NULL)
    return NULL;

  store->early_users = roster_store_read_users (store, ROSTER_USER_FILTER_ALL, NULL, NULL);
  /* The list sorts by name first: the keys made here, not there. */
  for (guint i = 0; store->early_users != NULL && i < store->early_users->len; i++)
    roster_user_get_name_key (store->early_users->pdata[i]);
  read_write_counts (store, &store->early_own_changes, &store->early_data_version);
  preopen->store = store;
  return NULL;
}

static void
preopen_free (Preopen *preopen)
{
  g_clear_object (&preopen->store);
  g_free (preopen->path);
  g_free (preopen);
}

/**
 * roster_store_preopen:
 * @path: the cache to open
 *
 * Starts opening the cache at @path, and reading its users, on a thread of
 * its own; this thread's next roster_store_open() takes it (or, for
 * another path, drops it).
 */
void
roster_store_preopen (const char *path)
{
  Preopen *preopen;

  g_return_if_fail (path != NULL);

  preopen = g_new0 (Preopen, 1);
  preopen->path = g_strdup (path);
  preopen->owner = g_thread_self ();
  preopen->thread = g_thread_new ("roster-preopen", preopen_in_thread, preopen);

  G_LOCK (preopen);
  if (pending != NULL)
    {
      g_thread_join (pending->thread);
      preopen_free (pending);
    }
  pending = preopen;
  G_UNLOCK (preopen);
}

/* The store pre-opened at @path by this thread, waiting for it if it is
 * still being opened; NULL if there is none. A pre-open of another path
 * is dropped. */
RosterStore *
roster_store_take_preopened (const char *path)
{
  Preopen *preopen = NULL;
  RosterStore *store = NULL;

  G_LOCK (preopen);
  if (pending != NULL && pending->owner == g_thread_self ())
    preopen = g_steal_pointer (&pending);
  G_UNLOCK (preopen);

  if (preopen == NULL)
    return NULL;

  g_thread_join (preopen->thread);
  if (g_str_equal (preopen->path, path))
    store = g_steal_pointer (&preopen->store);
  preopen_free (preopen);

  return store;
}

/* The users read as the store was pre-opened, once, if nothing was written
 * to the cache since, by this connection or any other; else NULL. */
GPtrArray *
roster_store_take_early_users (RosterStore *self)
{
  g_autoptr(GPtrArray) users = g_steal_pointer (&self->early_users);
  gint64 own;
  gint64 others;

  if (users == NULL)
    return NULL;

  read_write_counts (self, &own, &others);
  if (own != self->early_own_changes || others != self->early_data_version || others < 0)
    return NULL;

  return g_steal_pointer (&users);
}
