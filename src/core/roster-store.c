/* roster-store.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "roster-store-private.h"
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
 *
 * This file holds the type, the file and its schema, transactions, the
 * sync's cursors and the server's facts; roster-store-records.c writes
 * records, roster-store-queries.c reads them and roster-store-preview.c
 * previews a reassignment.
 */

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

/* The outbox's undo records, once in three formats ("1 0" for a user's
 * enabled and Personal Injury flags, "renewal 1" for the renewal option,
 * JSON for a reassignment), all become the one JSON record. */
static gboolean
migrate_to_5 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "UPDATE outbox SET undo = '{\"users\":[[' || target_id || ',' || substr (undo, 1, 1) || ','"
    "  || substr (undo, 3, 1) || ']]}'"
    " WHERE action IN ('deactivate', 'activate') AND undo GLOB '[01] [01]';"
    "UPDATE outbox SET undo = '{}' WHERE action IN ('deactivate', 'activate') AND undo = '';"
    "UPDATE outbox SET undo = '{\"remove_unused_licenses\":'"
    "  || CASE undo WHEN 'renewal 1' THEN 'true' ELSE 'false' END || '}'"
    " WHERE action = 'renewal_options' AND undo IN ('renewal 0', 'renewal 1');"
    "UPDATE outbox SET undo = '{}' WHERE action = 'renewal_options' AND undo = '';";

  return roster_database_run_script (db, sql, "Cannot convert the outbox's undo records", error);
}

/* roster_normalize_time(TEXT): a time in Roster's one form, or NULL when
 * it is none; for the migration that puts the cached times in that form. */
static void
normalize_time_function (sqlite3_context *context,
                         int              argc,
                         sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *normalized = text ? roster_time_normalize_iso (text) : NULL;

  if (normalized != NULL)
    sqlite3_result_text (context, normalized, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

/*
 * What Clio's description allows, kept as it is:
 *
 * - a calendar entry's id is a string: the entries and their attendees key
 *   on text ("31" stays "31"; "ce-31" can be kept at all);
 * - a task's assignee is a User or a contact: its type is kept, and only a
 *   User's id is the task's assignee_id. The cached tasks did not say, so
 *   the next sync reads them all again;
 * - null where the API may answer it: times may be NULL;
 * - times with any offset: every cached time becomes an instant in UTC in
 *   Roster's one form, so that the queries comparing them as text agree
 *   with the preview, which parses them;
 * - records a sync could not read are kept aside, with what was wrong.
 *
 * SQLite cannot change a column's type or constraint in place: each table
 * is made anew and its rows copied, in the columns' order of before.
 */
static gboolean
migrate_to_6 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE users_v6 ("
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
    "  updated_at TEXT);"
    "INSERT INTO users_v6 SELECT id, etag, name, first_name, last_name, email, enabled, account_owner, admin,"
    "  subscription_type, personal_injury_license, default_calendar_id, roster_normalize_time (updated_at) FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_v6 RENAME TO users;"
    "CREATE INDEX users_enabled ON users (enabled, name);"
    "CREATE INDEX users_calendar ON users (default_calendar_id);"

    "CREATE TABLE matters_v6 ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  display_number TEXT NOT NULL,"
    "  description TEXT,"
    "  status TEXT NOT NULL,"
    "  responsible_attorney_id INTEGER,"
    "  is_private INTEGER NOT NULL,"
    "  open_date TEXT,"
    "  close_date TEXT,"
    "  updated_at TEXT);"
    "INSERT INTO matters_v6 SELECT id, etag, display_number, description, status, responsible_attorney_id,"
    "  is_private, open_date, close_date, roster_normalize_time (updated_at) FROM matters;"
    "DROP TABLE matters;"
    "ALTER TABLE matters_v6 RENAME TO matters;"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id, status);"

    "CREATE TABLE tasks_v6 ("
    "  id INTEGER PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  due_at TEXT,"
    "  assignee_id INTEGER,"
    "  matter_id INTEGER,"
    "  updated_at TEXT,"
    "  assignee_type TEXT);"
    "INSERT INTO tasks_v6 SELECT id, etag, name, status, due_at, assignee_id, matter_id,"
    "  roster_normalize_time (updated_at), NULL FROM tasks;"
    "DROP TABLE tasks;"
    "ALTER TABLE tasks_v6 RENAME TO tasks;"
    "CREATE INDEX tasks_assignee ON tasks (assignee_id, status);"
    "DELETE FROM sync_state WHERE collection = 'tasks';"

    "CREATE TABLE calendar_entries_v6 ("
    "  id TEXT PRIMARY KEY,"
    "  etag TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  start_at TEXT,"
    "  end_at TEXT,"
    "  calendar_owner_id INTEGER,"
    "  matter_id INTEGER,"
    "  hidden INTEGER NOT NULL,"
    "  updated_at TEXT);"
    "INSERT INTO calendar_entries_v6 SELECT CAST (id AS TEXT), etag, summary, roster_normalize_time (start_at),"
    "  roster_normalize_time (end_at), calendar_owner_id, matter_id, hidden, roster_normalize_time (updated_at)"
    "  FROM calendar_entries;"
    "CREATE TABLE attendees_v6 AS SELECT CAST (entry_id AS TEXT) AS entry_id, calendar_id FROM attendees;"
    "DROP TABLE attendees;"
    "DROP TABLE calendar_entries;"
    "ALTER TABLE calendar_entries_v6 RENAME TO calendar_entries;"
    "CREATE INDEX calendar_entries_owner ON calendar_entries (calendar_owner_id, start_at);"
    "CREATE TABLE attendees ("
    "  entry_id TEXT NOT NULL REFERENCES calendar_entries (id) ON DELETE CASCADE,"
    "  calendar_id INTEGER NOT NULL,"
    "  PRIMARY KEY (entry_id, calendar_id)) WITHOUT ROWID;"
    "INSERT INTO attendees SELECT entry_id, calendar_id FROM attendees_v6;"
    "DROP TABLE attendees_v6;"
    "CREATE INDEX attendees_calendar ON attendees (calendar_id);"

    "UPDATE notifications SET created_at = coalesce (roster_normalize_time (created_at), created_at);"
    "UPDATE audit_events SET created_at = coalesce (roster_normalize_time (created_at), created_at);"

    "CREATE TABLE unreadable_records ("
    "  resource TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  record_id TEXT,"
    "  member TEXT,"
    "  problem TEXT NOT NULL,"
    "  method TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  seen_at TEXT NOT NULL,"
    "  PRIMARY KEY (resource, key)) WITHOUT ROWID;";
  int rc;

  rc = sqlite3_create_function_v2 (db, "roster_normalize_time", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   normalize_time_function, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      roster_database_set_error (error, db, rc, "Cannot read the cache's times");
      return FALSE;
    }

  return roster_database_run_script (db, sql, "Cannot keep what Clio's API allows in the cache", error);
}

/* Version 7: whether an event is all day, so that it reads "All day", not
 * "00:00". The entries are fetched again to learn it. */
static gboolean
migrate_to_7 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "ALTER TABLE calendar_entries ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;"
    "DELETE FROM sync_state WHERE collection = 'calendar_entries';";

  return roster_database_run_script (db, sql, "Cannot keep which events are all day", error);
}

/* Version 8: the index of a user's matters holds whether each is private,
 * so that the reassignment preview reads them from the index alone, not
 * row by row from the table (bench-sync: a user with 100,000 matters). */
static gboolean
migrate_to_8 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "DROP INDEX matters_responsible;"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id, status, is_private);";

  return roster_database_run_script (db, sql, "Cannot index the matters for the reassignment preview", error);
}

/* Version 9: a user's matters in that index by id, so the preview reads
 * them in the order it lists them, with no sort (bench-sync: 20,000
 * matters). The open-work counts read status and privacy from it still. */
static gboolean
migrate_to_9 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "DROP INDEX matters_responsible;"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id, id, status, is_private);";

  return roster_database_run_script (db, sql, "Cannot index the matters for the reassignment preview", error);
}

/* Version 10: a first sync asks for open and pending matters alone; a
 * task or an entry on a closed matter keeps the matter's number, which
 * says it is closed (roster_matter_read_closed_number()). Kept in the
 * item's own row, written as it arrives, rather than as a matter's row:
 * those, at random places in the matters' table, had every batch of the
 * tasks' first walk write most of its pages again. */
static gboolean
migrate_to_10 (sqlite3 *db,
               GError **error)
{
  static const char sql[] =
    "ALTER TABLE tasks ADD COLUMN closed_matter_number TEXT;"
    "ALTER TABLE calendar_entries ADD COLUMN closed_matter_number TEXT;";

  return roster_database_run_script (db, sql, "Cannot keep the numbers of closed matters", error);
}

static const RosterMigration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
  migrate_to_4,
  migrate_to_5,
  migrate_to_6,
  migrate_to_7,
  migrate_to_8,
  migrate_to_9,
  migrate_to_10,
};

/* The indexes that find a user's records, as the last migration left
 * them: a collection's first walk goes without them (see
 * roster_store_drop_user_indexes()). A migration that changes one changes
 * it here too; test-store holds the two equal. */
typedef struct
{
  const char *collection;
  const char *drop;
  const char *create;
} UserIndex;

static const UserIndex user_indexes[] = {
  { "matters", "DROP INDEX IF EXISTS matters_responsible",
    "CREATE INDEX IF NOT EXISTS matters_responsible ON matters (responsible_attorney_id, id, status, is_private)" },
  { "tasks", "DROP INDEX IF EXISTS tasks_assignee",
    "CREATE INDEX IF NOT EXISTS tasks_assignee ON tasks (assignee_id, status)" },
  { "calendar_entries", "DROP INDEX IF EXISTS calendar_entries_owner",
    "CREATE INDEX IF NOT EXISTS calendar_entries_owner ON calendar_entries (calendar_owner_id, start_at)" },
  { "calendar_entries", "DROP INDEX IF EXISTS attendees_calendar",
    "CREATE INDEX IF NOT EXISTS attendees_calendar ON attendees (calendar_id)" },
};

/**
 * roster_store_drop_user_indexes:
 * @collection: "matters", "tasks" or "calendar_entries"; any other has none
 *
 * Drops the indexes that find @collection's records by user, for a walk
 * that writes the whole collection: records come in the order of their
 * ids and their users at random, so every batch of a walk rewrote nearly
 * every page of such an index (the large firm's tasks: 1,631 pages
 * rewritten some 90 times, most of the sync's writes and half its CPU,
 * #17). Built once at the end, an index is one sort.
 * roster_store_build_user_indexes() puts them back; until then the cache
 * answers the same, by reading the whole table.
 */
gboolean
roster_store_drop_user_indexes (RosterStore *self,
                                const char  *collection,
                                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (user_indexes); i++)
    if (g_str_equal (collection, user_indexes[i].collection) &&
        !roster_database_exec (self->db, user_indexes[i].drop, error))
      return FALSE;

  return TRUE;
}

/**
 * roster_store_build_user_indexes:
 *
 * Builds those of @collection's user indexes that are missing; nothing
 * when none is.
 */
gboolean
roster_store_build_user_indexes (RosterStore *self,
                                 const char  *collection,
                                 GError     **error)
{
  gboolean has_indexes = FALSE;
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (user_indexes); i++)
    has_indexes |= g_str_equal (collection, user_indexes[i].collection);
  if (!has_indexes)
    return TRUE;

  /* The sort that builds an index goes past the page cache into a
   * temporary file rather than memory (the large firm's first sync peaked
   * at 29.6 MB instead of 16.8): SQLite's own file, made mode 0600 and
   * unlinked as it is made, of ids, statuses and times. */
  if (!roster_database_exec (self->db, "PRAGMA temp_store = FILE", error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (user_indexes); i++)
    if (g_str_equal (collection, user_indexes[i].collection))
      ok = roster_database_exec (self->db, user_indexes[i].create, error);
  if (!roster_database_exec (self->db, "PRAGMA temp_store = MEMORY", ok ? error : NULL))
    ok = FALSE;

  return ok;
}

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

  g_clear_pointer (&self->early_users, g_ptr_array_unref);
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
 * and brings its schema up to date; or takes it from roster_store_preopen().
 */
RosterStore *
roster_store_open (const char *path,
                   GError    **error)
{
  RosterStore *preopened = roster_store_take_preopened (path);

  if (preopened != NULL)
    return preopened;

  return roster_store_open_now (path, error);
}

/* roster_store_open(), on this thread, now. */
RosterStore *
roster_store_open_now (const char *path,
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

void
roster_store_bind_text_or_null (sqlite3_stmt *statement,
                                int           index,
                                const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (statement, index);
}

void
roster_store_bind_id_or_null (sqlite3_stmt *statement,
                              int           index,
                              gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (statement, index, id);
  else
    sqlite3_bind_null (statement, index);
}

const char *
roster_store_checked_collection (const char *collection)
{
  static const char *const collections[] = { "users", "matters", "tasks", "calendar_entries",
                                             "notifications", "audit_events", NULL };

  for (guint i = 0; collections[i] != NULL; i++)
    if (g_strcmp0 (collection, collections[i]) == 0)
      return collections[i];

  return NULL;
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
  roster_store_bind_text_or_null (statement, 2, next_url);
  roster_store_bind_text_or_null (statement, 3, high_water);
  sqlite3_bind_text (statement, 4, synced_at, -1, SQLITE_TRANSIENT);
  roster_store_bind_text_or_null (statement, 5, etag);

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

/**
 * roster_store_holds_open_work_only:
 *
 * Whether a sync asked for open work alone: complete tasks and calendar
 * entries already over, which a reassignment always leaves, are then not
 * all in the cache.
 */
gboolean
roster_store_holds_open_work_only (RosterStore *self)
{
  g_autofree char *open_work_only = roster_store_get_info (self, ROSTER_STORE_OPEN_WORK_ONLY);

  return g_strcmp0 (open_work_only, "1") == 0;
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
