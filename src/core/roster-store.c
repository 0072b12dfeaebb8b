/* roster-store.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "roster-json.h"
#include "roster-store.h"
#include "roster-time.h"

/*
 * RosterStore is the cache of one signed-in account: the firm's users,
 * matters, tasks and calendar entries as the last sync saw them, the sync's
 * cursors, and (from the outbox) the actions not yet confirmed. It lets an
 * administrator review the firm with no network at all.
 *
 * The cache keeps no foreign keys between the firm's records: the server
 * sends them in no particular order (a task may arrive before its matter),
 * and a record the cache lacks is simply not shown yet.
 */

struct _RosterStore
{
  GObject         parent_instance;

  RosterDatabase *db;
};

G_DEFINE_FINAL_TYPE (RosterStore, roster_store, G_TYPE_OBJECT)

static gboolean
migrate_to_1 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  first_name TEXT NOT NULL,"
    "  last_name TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  enabled INTEGER NOT NULL,"
    "  account_owner INTEGER NOT NULL,"
    "  admin INTEGER NOT NULL,"
    "  subscription_type TEXT NOT NULL,"
    "  personal_injury_license INTEGER NOT NULL,"
    "  default_calendar_id INTEGER,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX users_enabled ON users (enabled, name);"
    "CREATE INDEX users_calendar ON users (default_calendar_id);"
    "CREATE TABLE matters ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  display_number TEXT NOT NULL,"
    "  description TEXT,"
    "  status TEXT NOT NULL,"
    "  responsible_attorney_id INTEGER,"
    "  is_private INTEGER NOT NULL,"
    "  open_date TEXT,"
    "  close_date TEXT,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id);"
    "CREATE TABLE tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  due_at TEXT,"
    "  assignee_id INTEGER,"
    "  matter_id INTEGER,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX tasks_assignee ON tasks (assignee_id);"
    "CREATE TABLE calendar_entries ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  start_at TEXT NOT NULL,"
    "  end_at TEXT NOT NULL,"
    "  calendar_owner_id INTEGER NOT NULL,"
    "  matter_id INTEGER,"
    "  hidden INTEGER NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX calendar_entries_owner ON calendar_entries (calendar_owner_id);"
    "CREATE TABLE attendees ("
    "  entry_id INTEGER NOT NULL REFERENCES calendar_entries (id) ON DELETE CASCADE,"
    "  calendar_id INTEGER NOT NULL,"
    "  PRIMARY KEY (entry_id, calendar_id)) WITHOUT ROWID;"
    "CREATE INDEX attendees_calendar ON attendees (calendar_id);"
    "CREATE TABLE sync_state ("
    "  collection TEXT PRIMARY KEY,"
    "  next_url TEXT,"
    "  high_water TEXT,"
    "  synced_at TEXT);";

  return roster_database_run_script (db, sql, "Cannot create the cache", error);
}

/* The outbox: admin actions committed here before they are sent. */
static gboolean
migrate_to_2 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  action TEXT NOT NULL,"
    "  target_id INTEGER NOT NULL,"
    "  payload TEXT,"
    "  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'refused')),"
    "  error_type TEXT,"
    "  error_message TEXT,"
    "  undo TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX outbox_state ON outbox (state, id);";

  return roster_database_run_script (db, sql, "Cannot create the outbox", error);
}

/* What the firm's account, its audit log and the signed-in user's
 * notifications looked like at the last sync, and what the server is. The
 * account and the logs are kept as the server's JSON, read back through the
 * same strict codecs; the columns are what the queries need. */
static gboolean
migrate_to_3 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE server_info ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  etag TEXT NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE TABLE audit_events ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  actor_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  target_type TEXT,"
    "  target_id INTEGER,"
    "  created_at TEXT NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE INDEX audit_events_target ON audit_events (target_type, target_id, created_at);"
    "ALTER TABLE sync_state ADD COLUMN etag TEXT;"
    "ALTER TABLE outbox ADD COLUMN answer TEXT;";

  return roster_database_run_script (db, sql, "Cannot add the account and the logs to the cache", error);
}

/* Indexes that answer the users list's open-work counts on their own,
 * without reading a row of the tables: with 800,000 matters, tasks and
 * entries cached, reading the rows made the window wait seconds. */
static gboolean
migrate_to_4 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "DROP INDEX matters_responsible;"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id, status);"
    "DROP INDEX tasks_assignee;"
    "CREATE INDEX tasks_assignee ON tasks (assignee_id, status);"
    "DROP INDEX calendar_entries_owner;"
    "CREATE INDEX calendar_entries_owner ON calendar_entries (calendar_owner_id, start_at);";

  return roster_database_run_script (db, sql, "Cannot index the cache's open work", error);
}

static const RosterMigration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
  migrate_to_4,
};

/**
 * roster_store_get_migrations:
 *
 * The cache's schema, step by step, for tests that build a cache of an
 * earlier version and open it with this one.
 */
const RosterMigration *
roster_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

static void
roster_store_finalize (GObject *object)
{
  RosterStore *self = ROSTER_STORE (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (roster_store_parent_class)->finalize (object);
}

static void
roster_store_class_init (RosterStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_store_finalize;
}

static void
roster_store_init (RosterStore *self)
{
}

/**
 * roster_store_path_for_account:
 * @account_key: what tells accounts apart (server and user)
 *
 * Returns: the cache file of that account under $XDG_CACHE_HOME/roster/,
 *   named by a digest so that no server name reaches the file system
 */
char *
roster_store_path_for_account (const char *account_key)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, account_key, -1);
  g_autofree char *name = NULL;

  digest[24] = '\0';
  name = g_strdup_printf ("%s.db", digest);
  return g_build_filename (g_get_user_cache_dir (), "roster", name, NULL);
}

/**
 * roster_store_open:
 *
 * Opens or creates the cache at @path (its folder mode 0700, the file 0600)
 * and brings its schema up to date.
 */
RosterStore *
roster_store_open (const char *path,
                   GError    **error)
{
  g_autoptr(RosterStore) self = g_object_new (ROSTER_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_str_equal (path, ":memory:") && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  self->db = roster_database_open (path, error);
  if (self->db == NULL)
    return NULL;

  if (!roster_database_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return g_steal_pointer (&self);
}

RosterDatabase *
roster_store_get_database (RosterStore *self)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  return self->db;
}

gboolean
roster_store_begin (RosterStore *self,
                    GError     **error)
{
  return roster_database_begin (self->db, error);
}

gboolean
roster_store_commit (RosterStore *self,
                     GError     **error)
{
  return roster_database_commit (self->db, error);
}

void
roster_store_rollback (RosterStore *self)
{
  roster_database_rollback (self->db);
}

static void
bind_text_or_null (sqlite3_stmt *statement,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (statement, index);
}

static void
bind_id_or_null (sqlite3_stmt *statement,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (statement, index, id);
  else
    sqlite3_bind_null (statement, index);
}

gboolean
roster_store_put_user (RosterStore *self,
                       RosterUser  *user,
                       GError     **error)
{
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO users (id, etag, name, first_name, last_name, email,"
                                         " enabled, account_owner, admin, subscription_type, personal_injury_license,"
                                         " default_calendar_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, roster_user_get_id (user));
  bind_text_or_null (statement, 2, roster_user_get_etag (user));
  bind_text_or_null (statement, 3, roster_user_get_name (user));
  bind_text_or_null (statement, 4, roster_user_get_first_name (user));
  bind_text_or_null (statement, 5, roster_user_get_last_name (user));
  bind_text_or_null (statement, 6, roster_user_get_email (user));
  sqlite3_bind_int (statement, 7, roster_user_get_enabled (user));
  sqlite3_bind_int (statement, 8, roster_user_get_account_owner (user));
  sqlite3_bind_int (statement, 9, roster_user_get_admin (user));
  bind_text_or_null (statement, 10, roster_user_get_subscription_type (user));
  sqlite3_bind_int (statement, 11, roster_user_get_personal_injury_license (user));
  bind_id_or_null (statement, 12, roster_user_get_default_calendar_id (user));
  bind_text_or_null (statement, 13, roster_user_get_updated_at (user));

  return roster_database_step_done (self->db, statement, error);
}

gboolean
roster_store_put_matter (RosterStore  *self,
                         RosterMatter *matter,
                         GError      **error)
{
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO matters (id, etag, display_number, description, status,"
                                         " responsible_attorney_id, is_private, open_date, close_date, updated_at)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, roster_matter_get_id (matter));
  bind_text_or_null (statement, 2, roster_matter_get_etag (matter));
  bind_text_or_null (statement, 3, roster_matter_get_display_number (matter));
  bind_text_or_null (statement, 4, roster_matter_get_description (matter));
  bind_text_or_null (statement, 5, roster_matter_get_status (matter));
  bind_id_or_null (statement, 6, roster_matter_get_responsible_attorney_id (matter));
  sqlite3_bind_int (statement, 7, roster_matter_get_is_private (matter));
  bind_text_or_null (statement, 8, roster_matter_get_open_date (matter));
  bind_text_or_null (statement, 9, roster_matter_get_close_date (matter));
  bind_text_or_null (statement, 10, roster_matter_get_updated_at (matter));

  return roster_database_step_done (self->db, statement, error);
}

gboolean
roster_store_put_task (RosterStore *self,
                       RosterTask  *task,
                       GError     **error)
{
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO tasks (id, etag, name, status, due_at, assignee_id,"
                                         " matter_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, roster_task_get_id (task));
  bind_text_or_null (statement, 2, roster_task_get_etag (task));
  bind_text_or_null (statement, 3, roster_task_get_name (task));
  bind_text_or_null (statement, 4, roster_task_get_status (task));
  bind_text_or_null (statement, 5, roster_task_get_due_at (task));
  bind_id_or_null (statement, 6, roster_task_get_assignee_id (task));
  bind_id_or_null (statement, 7, roster_task_get_matter_id (task));
  bind_text_or_null (statement, 8, roster_task_get_updated_at (task));

  return roster_database_step_done (self->db, statement, error);
}

gboolean
roster_store_put_calendar_entry (RosterStore         *self,
                                 RosterCalendarEntry *entry,
                                 GError             **error)
{
  const char *const *attendees = roster_calendar_entry_get_attendee_calendar_ids (entry);
  gint64 id = roster_calendar_entry_get_id (entry);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO calendar_entries (id, etag, summary, start_at, end_at,"
                                         " calendar_owner_id, matter_id, hidden, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, id);
  bind_text_or_null (statement, 2, roster_calendar_entry_get_etag (entry));
  bind_text_or_null (statement, 3, roster_calendar_entry_get_summary (entry));
  bind_text_or_null (statement, 4, roster_calendar_entry_get_start_at (entry));
  bind_text_or_null (statement, 5, roster_calendar_entry_get_end_at (entry));
  sqlite3_bind_int64 (statement, 6, roster_calendar_entry_get_calendar_owner_id (entry));
  bind_id_or_null (statement, 7, roster_calendar_entry_get_matter_id (entry));
  sqlite3_bind_int (statement, 8, roster_calendar_entry_get_hidden (entry));
  bind_text_or_null (statement, 9, roster_calendar_entry_get_updated_at (entry));
  if (!roster_database_step_done (self->db, statement, error))
    return FALSE;

  /* REPLACE deleted the old row and, by cascade, its attendees. */
  for (guint i = 0; attendees != NULL && attendees[i] != NULL; i++)
    {
      statement = roster_database_statement (self->db,
                                             "INSERT OR IGNORE INTO attendees (entry_id, calendar_id) VALUES (?, ?)",
                                             error);
      if (statement == NULL)
        return FALSE;
      sqlite3_bind_int64 (statement, 1, id);
      sqlite3_bind_int64 (statement, 2, g_ascii_strtoll (attendees[i], NULL, 10));
      if (!roster_database_step_done (self->db, statement, error))
        return FALSE;
    }

  return TRUE;
}

static const char *
checked_collection (const char *collection)
{
  static const char *const collections[] = { "users", "matters", "tasks", "calendar_entries",
                                             "notifications", "audit_events", NULL };

  for (guint i = 0; collections[i] != NULL; i++)
    if (g_strcmp0 (collection, collections[i]) == 0)
      return collections[i];

  return NULL;
}

gboolean
roster_store_delete_record (RosterStore *self,
                            const char  *collection,
                            gint64       id,
                            GError     **error)
{
  const char *table = checked_collection (collection);
  g_autofree char *sql = NULL;
  sqlite3_stmt *statement;

  /* A tombstone of a kind this cache does not keep has nothing to delete. */
  if (table == NULL)
    return TRUE;

  /* The table name comes from the fixed list above, the id is bound. */
  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", table);
  statement = roster_database_statement (self->db, sql, error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, id);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_get_sync_state:
 * @etag: (out) (optional): the ETag of the last walk's only page, to ask
 *   the server whether anything changed since
 */
gboolean
roster_store_get_sync_state (RosterStore *self,
                             const char  *collection,
                             char       **next_url,
                             char       **high_water,
                             char       **etag,
                             GError     **error)
{
  sqlite3_stmt *statement;

  *next_url = NULL;
  *high_water = NULL;
  if (etag != NULL)
    *etag = NULL;
  statement = roster_database_statement (self->db,
                                         "SELECT next_url, high_water, etag FROM sync_state WHERE collection = ?",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, collection, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      *next_url = g_strdup ((const char *) sqlite3_column_text (statement, 0));
      *high_water = g_strdup ((const char *) sqlite3_column_text (statement, 1));
      if (etag != NULL)
        *etag = g_strdup ((const char *) sqlite3_column_text (statement, 2));
    }
  sqlite3_reset (statement);

  return TRUE;
}

/**
 * roster_store_set_sync_state:
 * @next_url: (nullable): the page to fetch next, or %NULL when the
 *   collection is walked to its end
 * @high_water: (nullable): the newest updated_at the sync has seen
 * @etag: (nullable): the ETag of a walk's only page
 *
 * Called inside the transaction of the page it follows, so that the cursor
 * and the records it covers are committed together.
 */
gboolean
roster_store_set_sync_state (RosterStore *self,
                             const char  *collection,
                             const char  *next_url,
                             const char  *high_water,
                             const char  *etag,
                             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *synced_at = g_date_time_format_iso8601 (now);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO sync_state (collection, next_url, high_water, synced_at, etag)"
                                         " VALUES (?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, collection, -1, SQLITE_TRANSIENT);
  bind_text_or_null (statement, 2, next_url);
  bind_text_or_null (statement, 3, high_water);
  sqlite3_bind_text (statement, 4, synced_at, -1, SQLITE_TRANSIENT);
  bind_text_or_null (statement, 5, etag);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_last_synced_at:
 *
 * Returns: (nullable): when the last complete sync ended, for the offline
 *   banner, or %NULL when there has been none
 */
char *
roster_store_last_synced_at (RosterStore *self)
{
  sqlite3_stmt *statement;
  char *synced_at = NULL;

  statement = roster_database_statement (self->db,
                                         "SELECT min(synced_at) FROM sync_state WHERE next_url IS NULL"
                                         " AND collection IN ('users', 'matters', 'tasks', 'calendar_entries')"
                                         " HAVING count(*) = 4",
                                         NULL);
  if (statement == NULL)
    return NULL;
  if (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_type (statement, 0) != SQLITE_NULL)
    synced_at = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  return synced_at;
}

#define USER_SELECT \
  "SELECT id, etag, name, first_name, last_name, email, enabled, account_owner, admin, subscription_type," \
  " personal_injury_license, default_calendar_id, updated_at FROM users"

static RosterUser *
user_from_row (sqlite3_stmt *statement)
{
  return g_object_new (ROSTER_TYPE_USER,
                       "id", (gint64) sqlite3_column_int64 (statement, 0),
                       "etag", (const char *) sqlite3_column_text (statement, 1),
                       "name", (const char *) sqlite3_column_text (statement, 2),
                       "first-name", (const char *) sqlite3_column_text (statement, 3),
                       "last-name", (const char *) sqlite3_column_text (statement, 4),
                       "email", (const char *) sqlite3_column_text (statement, 5),
                       "enabled", sqlite3_column_int (statement, 6) != 0,
                       "account-owner", sqlite3_column_int (statement, 7) != 0,
                       "admin", sqlite3_column_int (statement, 8) != 0,
                       "subscription-type", (const char *) sqlite3_column_text (statement, 9),
                       "personal-injury-license", sqlite3_column_int (statement, 10) != 0,
                       "default-calendar-id", (gint64) sqlite3_column_int64 (statement, 11),
                       "updated-at", (const char *) sqlite3_column_text (statement, 12),
                       NULL);
}

/* LIKE with the user's text as data: its wildcards are escaped. */
static char *
like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/**
 * roster_store_list_users:
 * @search: (nullable): text to find in names and e-mail addresses
 *
 * Returns: (transfer full): the users, sorted by name
 */
GListStore *
roster_store_list_users (RosterStore     *self,
                         RosterUserFilter filter,
                         const char      *search,
                         GError         **error)
{
  static const char *const sql[] = {
    [ROSTER_USER_FILTER_ACTIVE] = USER_SELECT " WHERE enabled = 1 AND (?1 IS NULL OR name LIKE ?1 ESCAPE '\\'"
      " OR email LIKE ?1 ESCAPE '\\') ORDER BY name COLLATE NOCASE, id",
    [ROSTER_USER_FILTER_DEACTIVATED] = USER_SELECT " WHERE enabled = 0 AND (?1 IS NULL OR name LIKE ?1 ESCAPE '\\'"
      " OR email LIKE ?1 ESCAPE '\\') ORDER BY name COLLATE NOCASE, id",
    [ROSTER_USER_FILTER_ALL] = USER_SELECT " WHERE (?1 IS NULL OR name LIKE ?1 ESCAPE '\\'"
      " OR email LIKE ?1 ESCAPE '\\') ORDER BY name COLLATE NOCASE, id",
  };
  g_autoptr(GListStore) users = g_list_store_new (ROSTER_TYPE_USER);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (filter <= ROSTER_USER_FILTER_ALL, NULL);

  statement = roster_database_statement (self->db, sql[filter], error);
  if (statement == NULL)
    return NULL;

  if (search != NULL && *search != '\0')
    {
      pattern = like_pattern (search);
      sqlite3_bind_text (statement, 1, pattern, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(RosterUser) user = user_from_row (statement);

      g_list_store_append (users, user);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc, "Cannot read the users");
      return NULL;
    }

  return g_steal_pointer (&users);
}

RosterUser *
roster_store_get_user (RosterStore *self,
                       gint64       id,
                       GError     **error)
{
  sqlite3_stmt *statement;
  RosterUser *user = NULL;

  statement = roster_database_statement (self->db, USER_SELECT " WHERE id = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    user = user_from_row (statement);
  sqlite3_reset (statement);

  if (user == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No user %" G_GINT64_FORMAT " in the cache", id);

  return user;
}

/**
 * roster_store_get_open_work:
 * @now: the time now, in the API's form
 */
gboolean
roster_store_get_open_work (RosterStore    *self,
                            gint64          user_id,
                            const char     *now,
                            RosterOpenWork *work,
                            GError        **error)
{
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "SELECT"
                                         " (SELECT count(*) FROM matters WHERE responsible_attorney_id = ?1"
                                         "   AND status IN ('Open', 'Pending')),"
                                         " (SELECT count(*) FROM tasks WHERE assignee_id = ?1 AND status <> 'complete'),"
                                         " (SELECT count(*) FROM calendar_entries e JOIN users u"
                                         "   ON u.default_calendar_id = e.calendar_owner_id"
                                         "   WHERE u.id = ?1 AND e.start_at >= ?2)",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, now, -1, SQLITE_TRANSIENT);

  memset (work, 0, sizeof *work);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      work->matters = sqlite3_column_int (statement, 0);
      work->tasks = sqlite3_column_int (statement, 1);
      work->events = sqlite3_column_int (statement, 2);
    }
  sqlite3_reset (statement);

  return TRUE;
}

gint64
roster_store_count (RosterStore *self,
                    const char  *collection)
{
  const char *table = checked_collection (collection);
  g_autofree char *sql = NULL;
  sqlite3_stmt *statement;
  gint64 count = -1;

  if (table == NULL)
    return -1;

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  statement = roster_database_statement (self->db, sql, NULL);
  if (statement == NULL)
    return -1;
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  return count;
}

/**
 * roster_store_etags:
 *
 * Returns: (transfer full) (element-type gint64 utf8): every record's etag
 *   by id, to compare the cache with the server
 */
GHashTable *
roster_store_etags (RosterStore *self,
                    const char  *collection,
                    GError     **error)
{
  const char *table = checked_collection (collection);
  g_autoptr(GHashTable) etags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *statement;

  if (table == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Unknown collection %s", collection);
      return NULL;
    }

  sql = g_strdup_printf ("SELECT id, etag FROM %s", table);
  statement = roster_database_statement (self->db, sql, error);
  if (statement == NULL)
    return NULL;
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (statement, 0);

      g_hash_table_insert (etags, g_memdup2 (&id, sizeof id),
                           g_strdup ((const char *) sqlite3_column_text (statement, 1)));
    }
  sqlite3_reset (statement);

  return g_steal_pointer (&etags);
}

void
roster_preview_free (RosterPreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_pointer (&preview->matters, g_array_unref);
  g_clear_pointer (&preview->tasks, g_array_unref);
  g_clear_pointer (&preview->calendar_entries, g_array_unref);
  g_free (preview);
}

static RosterMatterFacts
cached_matter_facts (sqlite3_stmt *statement,
                     int           id_column)
{
  RosterMatterFacts facts = { FALSE, ROSTER_MATTER_STATUS_OPEN, FALSE };

  /* A matter the cache does not hold (yet) is treated as no matter. */
  if (sqlite3_column_type (statement, id_column) == SQLITE_NULL)
    return facts;

  facts.exists = TRUE;
  if (!roster_matter_status_from_string ((const char *) sqlite3_column_text (statement, id_column + 1), &facts.status))
    facts.status = ROSTER_MATTER_STATUS_CLOSED;
  facts.is_private = sqlite3_column_int (statement, id_column + 2) != 0;

  return facts;
}

static void
add_item (GArray       *items,
          gint64        id,
          RosterVerdict verdict)
{
  RosterPreviewItem item = { id, verdict };

  g_array_append_val (items, item);
}

/**
 * roster_store_preview_reassignment:
 * @now: the time now; today is its date in UTC, as on the server
 *
 * Returns: (transfer full): what reassigning all of the user's work would
 *   move and leave, from the cache alone
 */
RosterPreview *
roster_store_preview_reassignment (RosterStore *self,
                                   gint64       user_id,
                                   GDateTime   *now,
                                   GError     **error)
{
  g_autoptr(RosterPreview) preview = g_new0 (RosterPreview, 1);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (utc),
                                           g_date_time_get_month (utc),
                                           g_date_time_get_year (utc));
  gint64 now_unix = g_date_time_to_unix (utc);
  sqlite3_stmt *statement;

  preview->matters = g_array_new (FALSE, FALSE, sizeof (RosterPreviewItem));
  preview->tasks = g_array_new (FALSE, FALSE, sizeof (RosterPreviewItem));
  preview->calendar_entries = g_array_new (FALSE, FALSE, sizeof (RosterPreviewItem));

  statement = roster_database_statement (self->db,
                                         "SELECT id, status, is_private FROM matters"
                                         " WHERE responsible_attorney_id = ? ORDER BY id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 0);

      add_item (preview->matters, sqlite3_column_int64 (statement, 0),
                roster_rules_matter_verdict (facts.status, facts.is_private));
    }
  sqlite3_reset (statement);

  statement = roster_database_statement (self->db,
                                         "SELECT t.id, t.status, t.due_at, m.id, m.status, m.is_private"
                                         " FROM tasks t LEFT JOIN matters m ON m.id = t.matter_id"
                                         " WHERE t.assignee_id = ? ORDER BY t.id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 3);
      g_autoptr(GDate) due = roster_date_parse ((const char *) sqlite3_column_text (statement, 2));
      gboolean complete = g_strcmp0 ((const char *) sqlite3_column_text (statement, 1), "complete") == 0;

      add_item (preview->tasks, sqlite3_column_int64 (statement, 0),
                roster_rules_task_verdict (&facts, complete, due, today));
    }
  sqlite3_reset (statement);

  /* The entries of the user's calendar, and those of other calendars where
   * the user is only an attendee. */
  statement = roster_database_statement (self->db,
                                         "SELECT e.id, e.start_at, e.calendar_owner_id = u.default_calendar_id,"
                                         " m.id, m.status, m.is_private"
                                         " FROM users u JOIN calendar_entries e"
                                         "   ON e.calendar_owner_id = u.default_calendar_id"
                                         "   OR e.id IN (SELECT entry_id FROM attendees WHERE calendar_id = u.default_calendar_id)"
                                         " LEFT JOIN matters m ON m.id = e.matter_id"
                                         " WHERE u.id = ? ORDER BY e.id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 3);
      g_autoptr(GDateTime) start = roster_time_parse_iso ((const char *) sqlite3_column_text (statement, 1));

      add_item (preview->calendar_entries, sqlite3_column_int64 (statement, 0),
                roster_rules_event_verdict (&facts, sqlite3_column_int (statement, 2) != 0,
                                            start ? g_date_time_to_unix (start) : 0, now_unix));
    }
  sqlite3_reset (statement);

  return g_steal_pointer (&preview);
}

/**
 * roster_store_set_info:
 * @key: "api" (roster or clio), "me" (the signed-in user's id)
 *
 * Remembers a fact about the server or the sign-in that the cache's
 * readers need offline.
 */
gboolean
roster_store_set_info (RosterStore *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO server_info (key, value) VALUES (?, ?)", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, value, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_get_info:
 *
 * Returns: (nullable): what roster_store_set_info() remembered, or %NULL
 */
char *
roster_store_get_info (RosterStore *self,
                       const char  *key)
{
  sqlite3_stmt *statement;
  char *value = NULL;

  statement = roster_database_statement (self->db, "SELECT value FROM server_info WHERE key = ?", NULL);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  return value;
}

/**
 * roster_store_get_server_api:
 *
 * Returns: what the last sync found the server to offer
 */
RosterServerApi
roster_store_get_server_api (RosterStore *self)
{
  g_autofree char *api = roster_store_get_info (self, "api");

  if (g_strcmp0 (api, "roster") == 0)
    return ROSTER_SERVER_API_ROSTER;
  if (g_strcmp0 (api, "clio") == 0)
    return ROSTER_SERVER_API_CLIO;

  return ROSTER_SERVER_API_UNKNOWN;
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static JsonObject *
object_from_text (const char *text,
                  GError    **error)
{
  g_autoptr(JsonNode) root = roster_json_parse (text, -1, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE, "A cached record is not an object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * roster_store_put_account:
 * @object: the account as the server sent it, already read by
 *   roster_account_new_from_json()
 */
gboolean
roster_store_put_account (RosterStore *self,
                          JsonObject  *object,
                          GError     **error)
{
  g_autoptr(RosterAccount) account = roster_account_new_from_json (object, error);
  g_autofree char *text = NULL;
  sqlite3_stmt *statement;

  if (account == NULL)
    return FALSE;

  text = object_to_text (object);
  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO account (id, etag, json) VALUES (1, ?, ?)", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, roster_account_get_etag (account), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, text, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_get_account_json:
 *
 * Returns: (transfer full) (nullable): the cached account as the server
 *   sent it, or %NULL with no error when the cache has none
 */
JsonObject *
roster_store_get_account_json (RosterStore *self,
                               GError     **error)
{
  sqlite3_stmt *statement;
  g_autofree char *text = NULL;

  statement = roster_database_statement (self->db, "SELECT json FROM account WHERE id = 1", error);
  if (statement == NULL)
    return NULL;
  if (sqlite3_step (statement) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  return text ? object_from_text (text, error) : NULL;
}

/**
 * roster_store_get_account:
 *
 * Returns: (transfer full) (nullable): the cached account, or %NULL with no
 *   error when the cache has none (a server with Clio's API alone)
 */
RosterAccount *
roster_store_get_account (RosterStore *self,
                          GError     **error)
{
  g_autoptr(JsonObject) object = roster_store_get_account_json (self, error);

  return object ? roster_account_new_from_json (object, error) : NULL;
}

/**
 * roster_store_get_account_etag:
 *
 * Returns: (nullable): the cached account's ETag, to ask whether it changed
 */
char *
roster_store_get_account_etag (RosterStore *self)
{
  sqlite3_stmt *statement;
  char *etag = NULL;

  statement = roster_database_statement (self->db, "SELECT etag FROM account WHERE id = 1", NULL);
  if (statement == NULL)
    return NULL;
  if (sqlite3_step (statement) == SQLITE_ROW)
    etag = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  return etag;
}

gboolean
roster_store_put_notification (RosterStore *self,
                               JsonObject  *object,
                               GError     **error)
{
  g_autoptr(RosterNotification) notification = roster_notification_new_from_json (object, error);
  g_autofree char *text = NULL;
  sqlite3_stmt *statement;

  if (notification == NULL)
    return FALSE;

  text = object_to_text (object);
  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO notifications (id, etag, created_at, json)"
                                         " VALUES (?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, roster_notification_get_id (notification));
  sqlite3_bind_text (statement, 2, roster_notification_get_etag (notification), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, roster_notification_get_created_at (notification), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, text, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

gboolean
roster_store_put_audit_event (RosterStore *self,
                              JsonObject  *object,
                              GError     **error)
{
  g_autoptr(RosterAuditEvent) event = roster_audit_event_new_from_json (object, error);
  g_autofree char *text = NULL;
  sqlite3_stmt *statement;

  if (event == NULL)
    return FALSE;

  text = object_to_text (object);
  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO audit_events (id, etag, actor_id, action, target_type,"
                                         " target_id, created_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, roster_audit_event_get_id (event));
  sqlite3_bind_text (statement, 2, roster_audit_event_get_etag (event), -1, SQLITE_TRANSIENT);
  bind_id_or_null (statement, 3, roster_audit_event_get_actor_id (event));
  sqlite3_bind_text (statement, 4, roster_audit_event_get_action (event), -1, SQLITE_TRANSIENT);
  bind_text_or_null (statement, 5, roster_audit_event_get_target_type (event));
  bind_id_or_null (statement, 6, roster_audit_event_get_target_id (event));
  sqlite3_bind_text (statement, 7, roster_audit_event_get_created_at (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 8, text, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

typedef gpointer (*JsonCodec) (JsonObject *object,
                               GError    **error);

/* Reads the records a statement's first column holds as JSON, each through
 * its codec, into @list. */
static gboolean
append_json_rows (RosterStore  *self,
                  sqlite3_stmt *statement,
                  GListStore   *list,
                  JsonCodec     codec,
                  const char   *what,
                  GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) object = object_from_text ((const char *) sqlite3_column_text (statement, 0), error);
      g_autoptr(GObject) record = object ? codec (object, error) : NULL;

      if (record == NULL)
        {
          sqlite3_reset (statement);
          return FALSE;
        }
      g_list_store_append (list, record);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc, what);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_store_list_audit_events:
 * @user_id: the user the events are about, or 0 for all
 * @since: (nullable): only events created at or after this time
 * @limit: at most this many, newest first; 0 for all
 *
 * Returns: (transfer full): a list of #RosterAuditEvent, newest first
 */
GListStore *
roster_store_list_audit_events (RosterStore *self,
                                gint64       user_id,
                                const char  *since,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(GListStore) events = g_list_store_new (ROSTER_TYPE_AUDIT_EVENT);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "SELECT json FROM audit_events"
                                         " WHERE (?1 = 0 OR (target_type = 'user' AND target_id = ?1))"
                                         " AND (?2 IS NULL OR created_at >= ?2)"
                                         " ORDER BY created_at DESC, id DESC LIMIT ?3",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  bind_text_or_null (statement, 2, since);
  sqlite3_bind_int64 (statement, 3, limit > 0 ? (gint64) limit : -1);

  if (!append_json_rows (self, statement, events, (JsonCodec) roster_audit_event_new_from_json,
                         "Cannot read the audit log", error))
    return NULL;

  return g_steal_pointer (&events);
}

/**
 * roster_store_list_notifications:
 *
 * Returns: (transfer full): the signed-in user's notifications, newest first
 */
GListStore *
roster_store_list_notifications (RosterStore *self,
                                 GError     **error)
{
  g_autoptr(GListStore) notifications = g_list_store_new (ROSTER_TYPE_NOTIFICATION);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "SELECT json FROM notifications ORDER BY created_at DESC, id DESC", error);
  if (statement == NULL)
    return NULL;

  if (!append_json_rows (self, statement, notifications, (JsonCodec) roster_notification_new_from_json,
                         "Cannot read the notifications", error))
    return NULL;

  return g_steal_pointer (&notifications);
}

/**
 * roster_store_find_user:
 * @id_or_email: a user's id, or their e-mail address (any case)
 *
 * Returns: (transfer full) (nullable): the user, or %NULL with
 *   G_IO_ERROR_NOT_FOUND
 */
RosterUser *
roster_store_find_user (RosterStore *self,
                        const char  *id_or_email,
                        GError     **error)
{
  sqlite3_stmt *statement;
  RosterUser *user = NULL;
  guint64 id;

  if (g_ascii_string_to_unsigned (id_or_email, 10, 1, G_MAXINT64, &id, NULL))
    return roster_store_get_user (self, (gint64) id, error);

  statement = roster_database_statement (self->db, USER_SELECT " WHERE email = ? COLLATE NOCASE ORDER BY id", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, id_or_email, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    user = user_from_row (statement);
  /* A deactivated user keeps their address, and a new user may have it
   * too: then only the id says which. */
  if (user != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 other = sqlite3_column_int64 (statement, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Users %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " both have the address %s: name one by its ID",
                   roster_user_get_id (user), other, id_or_email);
      g_clear_object (&user);
      sqlite3_reset (statement);
      return NULL;
    }
  sqlite3_reset (statement);

  if (user == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No user “%s” in the cache", id_or_email);

  return user;
}

static const char *
column_text (sqlite3_stmt *statement,
             int           column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

/* Appends the rows of a work query: id, title, status, date, matter id,
 * matter number. */
static gboolean
append_work (RosterStore   *self,
             GListStore    *items,
             RosterWorkKind kind,
             sqlite3_stmt  *statement,
             GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(RosterWorkItem) item = roster_work_item_new (kind,
                                                             sqlite3_column_int64 (statement, 0),
                                                             column_text (statement, 1),
                                                             column_text (statement, 2),
                                                             column_text (statement, 3),
                                                             sqlite3_column_int64 (statement, 4),
                                                             column_text (statement, 5));

      g_list_store_append (items, item);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc, "Cannot read the work");
      return FALSE;
    }

  return TRUE;
}

#define MATTER_WORK "SELECT id, coalesce(description, ''), status, open_date, id, display_number FROM matters"
#define TASK_WORK \
  "SELECT t.id, t.name, t.status, t.due_at, m.id, m.display_number FROM tasks t" \
  " LEFT JOIN matters m ON m.id = t.matter_id"
#define EVENT_WORK \
  "SELECT e.id, e.summary, NULL, e.start_at, m.id, m.display_number FROM users u" \
  " JOIN calendar_entries e ON e.calendar_owner_id = u.default_calendar_id" \
  " LEFT JOIN matters m ON m.id = e.matter_id"

/**
 * roster_store_list_open_work:
 * @now: the time now, in the API's form
 *
 * Returns: (transfer full): a list of #RosterWorkItem: the user's open and
 *   pending matters, their tasks not complete (soonest due first) and the
 *   entries of their calendar still to come (soonest first)
 */
GListStore *
roster_store_list_open_work (RosterStore *self,
                             gint64       user_id,
                             const char  *now,
                             GError     **error)
{
  g_autoptr(GListStore) items = g_list_store_new (ROSTER_TYPE_WORK_ITEM);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         MATTER_WORK " WHERE responsible_attorney_id = ? AND status IN ('Open', 'Pending')"
                                         " ORDER BY display_number",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  if (!append_work (self, items, ROSTER_WORK_MATTER, statement, error))
    return NULL;

  statement = roster_database_statement (self->db,
                                         TASK_WORK " WHERE t.assignee_id = ? AND t.status <> 'complete'"
                                         " ORDER BY t.due_at IS NULL, t.due_at, t.id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  if (!append_work (self, items, ROSTER_WORK_TASK, statement, error))
    return NULL;

  statement = roster_database_statement (self->db,
                                         EVENT_WORK " WHERE u.id = ? AND e.start_at >= ? ORDER BY e.start_at, e.id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, now, -1, SQLITE_TRANSIENT);
  if (!append_work (self, items, ROSTER_WORK_EVENT, statement, error))
    return NULL;

  return g_steal_pointer (&items);
}

static RosterWorkItem *
work_item_by_id (RosterStore   *self,
                 RosterWorkKind kind,
                 gint64         id,
                 GError       **error)
{
  static const char *const sql[] = {
    [ROSTER_WORK_MATTER] = MATTER_WORK " WHERE id = ?",
    [ROSTER_WORK_TASK] = TASK_WORK " WHERE t.id = ?",
    [ROSTER_WORK_EVENT] = "SELECT e.id, e.summary, NULL, e.start_at, m.id, m.display_number FROM calendar_entries e"
      " LEFT JOIN matters m ON m.id = e.matter_id WHERE e.id = ?",
  };
  g_autoptr(GListStore) found = g_list_store_new (ROSTER_TYPE_WORK_ITEM);
  sqlite3_stmt *statement = roster_database_statement (self->db, sql[kind], error);

  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  if (!append_work (self, found, kind, statement, error))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (found), 0);
}

/**
 * roster_store_preview_items:
 * @now: the time now
 *
 * The reassignment preview as items a list shows: every item of the user,
 * each with its verdict.
 *
 * Returns: (transfer full): a list of #RosterWorkItem
 */
GListStore *
roster_store_preview_items (RosterStore *self,
                            gint64       user_id,
                            GDateTime   *now,
                            GError     **error)
{
  g_autoptr(RosterPreview) preview = roster_store_preview_reassignment (self, user_id, now, error);
  g_autoptr(GListStore) items = g_list_store_new (ROSTER_TYPE_WORK_ITEM);
  GArray *kinds[3];

  if (preview == NULL)
    return NULL;

  kinds[ROSTER_WORK_MATTER] = preview->matters;
  kinds[ROSTER_WORK_TASK] = preview->tasks;
  kinds[ROSTER_WORK_EVENT] = preview->calendar_entries;
  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    for (guint i = 0; i < kinds[kind]->len; i++)
      {
        RosterPreviewItem *entry = &g_array_index (kinds[kind], RosterPreviewItem, i);
        g_autoptr(RosterWorkItem) item = work_item_by_id (self, kind, entry->id, error);

        if (item == NULL)
          return NULL;
        roster_work_item_set_verdict (item, entry->verdict);
        g_list_store_append (items, item);
      }

  return g_steal_pointer (&items);
}

static void
count_by_user (RosterStore *self,
               const char  *sql,
               const char  *now,
               GHashTable  *counts,
               gsize        offset)
{
  sqlite3_stmt *statement = roster_database_statement (self->db, sql, NULL);

  if (statement == NULL)
    return;
  if (now != NULL)
    sqlite3_bind_text (statement, 1, now, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (statement, 0);
      RosterOpenWork *work = g_hash_table_lookup (counts, &id);

      if (work == NULL)
        {
          gint64 *key = g_memdup2 (&id, sizeof id);

          work = g_new0 (RosterOpenWork, 1);
          g_hash_table_insert (counts, key, work);
        }
      G_STRUCT_MEMBER (guint, work, offset) = sqlite3_column_int (statement, 1);
    }
  sqlite3_reset (statement);
}

/**
 * roster_store_open_work_counts:
 * @now: the time now, in the API's form
 *
 * Every user's open work at once, for a list of users: three grouped
 * queries rather than three a user.
 *
 * Returns: (transfer full) (element-type gint64 RosterOpenWork): the
 *   counts by user id; a user with no open work is not in it
 */
GHashTable *
roster_store_open_work_counts (RosterStore *self,
                               const char  *now)
{
  GHashTable *counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  count_by_user (self,
                 "SELECT responsible_attorney_id, count(*) FROM matters WHERE status IN ('Open', 'Pending')"
                 " AND responsible_attorney_id IS NOT NULL GROUP BY responsible_attorney_id",
                 NULL, counts, G_STRUCT_OFFSET (RosterOpenWork, matters));
  count_by_user (self,
                 "SELECT assignee_id, count(*) FROM tasks WHERE status <> 'complete'"
                 " AND assignee_id IS NOT NULL GROUP BY assignee_id",
                 NULL, counts, G_STRUCT_OFFSET (RosterOpenWork, tasks));
  count_by_user (self,
                 "SELECT u.id, count(*) FROM users u JOIN calendar_entries e"
                 " ON e.calendar_owner_id = u.default_calendar_id WHERE e.start_at >= ? GROUP BY u.id",
                 now, counts, G_STRUCT_OFFSET (RosterOpenWork, events));

  return counts;
}

/**
 * roster_store_remove_cache:
 * @path: a cache's file, closed
 *
 * Removes a cache from the disk, with its write-ahead log: for signing out
 * with "remove the firm's data from this computer".
 */
void
roster_store_remove_cache (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}
