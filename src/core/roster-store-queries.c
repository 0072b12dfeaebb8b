/* roster-store-queries.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include <string.h>

#include "roster-json.h"
#include "roster-store-private.h"
#include "roster-time.h"

/* Reading the cache: users, their open work, the account and the logs,
 * as the window, the CLI and the sync ask for them. */

#define USER_SELECT \
  "SELECT id, etag, name, first_name, last_name, email, enabled, account_owner, admin, subscription_type," \
  " personal_injury_license, default_calendar_id, updated_at FROM users"

static RosterUser *
user_from_row (sqlite3_stmt *statement)
{
  RosterUserFields fields = {
    .id = sqlite3_column_int64 (statement, 0),
    .etag = (const char *) sqlite3_column_text (statement, 1),
    .name = (const char *) sqlite3_column_text (statement, 2),
    .first_name = (const char *) sqlite3_column_text (statement, 3),
    .last_name = (const char *) sqlite3_column_text (statement, 4),
    .email = (const char *) sqlite3_column_text (statement, 5),
    .enabled = sqlite3_column_int (statement, 6) != 0,
    .account_owner = sqlite3_column_int (statement, 7) != 0,
    .admin = sqlite3_column_int (statement, 8) != 0,
    .subscription_type = (const char *) sqlite3_column_text (statement, 9),
    .personal_injury_license = sqlite3_column_int (statement, 10) != 0,
    .default_calendar_id = sqlite3_column_int64 (statement, 11),
    .updated_at = (const char *) sqlite3_column_text (statement, 12),
  };

  return roster_user_new (&fields);
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
 * roster_store_read_users:
 * @search: (nullable): text to find in names and e-mail addresses
 *
 * The users, as roster_store_list_users() lists them, in an array: what
 * fills a list at once (a list store appended a user at a time tells its
 * watchers each time).
 *
 * Returns: (transfer full) (element-type RosterUser): the users, sorted by
 *   name
 */
GPtrArray *
roster_store_read_users (RosterStore     *self,
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
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (filter <= ROSTER_USER_FILTER_ALL, NULL);

  /* All of them, read as the store was pre-opened and unchanged since. */
  if (filter == ROSTER_USER_FILTER_ALL && (search == NULL || *search == '\0'))
    {
      GPtrArray *early = roster_store_take_early_users (self);

      if (early != NULL)
        return early;
    }

  statement = roster_database_statement (self->db, sql[filter], error);
  if (statement == NULL)
    return NULL;

  if (search != NULL && *search != '\0')
    {
      pattern = like_pattern (search);
      sqlite3_bind_text (statement, 1, pattern, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (statement));
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc, "Cannot read the users");
      return NULL;
    }

  return g_steal_pointer (&users);
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
  g_autoptr(GPtrArray) users = roster_store_read_users (self, filter, search, error);
  GListStore *list;

  if (users == NULL)
    return NULL;

  list = g_list_store_new (ROSTER_TYPE_USER);
  g_list_store_splice (list, 0, 0, users->pdata, users->len);
  return list;
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

/* The time now as the cache writes times, whatever form the caller gave. */
static char *
instant (const char *now)
{
  char *normalized = roster_time_normalize_iso (now);

  return normalized ? normalized : g_strdup (now);
}

/**
 * roster_store_get_open_work:
 * @now: the time now, in ISO 8601 with any offset
 */
gboolean
roster_store_get_open_work (RosterStore    *self,
                            gint64          user_id,
                            const char     *now,
                            RosterOpenWork *work,
                            GError        **error)
{
  g_autofree char *now_instant = instant (now);
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
  sqlite3_bind_text (statement, 2, now_instant, -1, SQLITE_TRANSIENT);

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
  const char *table = roster_store_checked_collection (collection);
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
 * Returns: (transfer full) (element-type utf8 utf8): every record's etag
 *   by its id as the server writes it ("31"; a calendar entry's may be any
 *   text), to compare the cache with the server
 */
GHashTable *
roster_store_etags (RosterStore *self,
                    const char  *collection,
                    GError     **error)
{
  const char *table = roster_store_checked_collection (collection);
  g_autoptr(GHashTable) etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
    g_hash_table_insert (etags, g_strdup ((const char *) sqlite3_column_text (statement, 0)),
                         g_strdup ((const char *) sqlite3_column_text (statement, 1)));
  sqlite3_reset (statement);

  return g_steal_pointer (&etags);
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
  roster_store_bind_text_or_null (statement, 2, since);
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
      g_autoptr(RosterWorkItem) item = roster_work_item_new_with_id_string (kind,
                                                                            column_text (statement, 0),
                                                                            column_text (statement, 1),
                                                                            column_text (statement, 2),
                                                                            column_text (statement, 3),
                                                                            sqlite3_column_int64 (statement, 4),
                                                                            column_text (statement, 5));

      /* Events say whether they are all day, in a seventh column. */
      if (sqlite3_column_count (statement) > 6)
        roster_work_item_set_all_day (item, sqlite3_column_int (statement, 6));
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
/* An item's matter: the cache's, or a closed one as the item names it. */
#define ITEM_MATTER(item) ROSTER_STORE_ITEM_MATTER_ID (item) ", coalesce(m.display_number, " item ".closed_matter_number)"
#define TASK_WORK \
  "SELECT t.id, t.name, t.status, t.due_at, " ITEM_MATTER ("t") " FROM tasks t" \
  " LEFT JOIN matters m ON m.id = t.matter_id"
#define EVENT_WORK \
  "SELECT e.id, e.summary, NULL, e.start_at, " ITEM_MATTER ("e") ", e.all_day FROM users u" \
  " JOIN calendar_entries e ON e.calendar_owner_id = u.default_calendar_id" \
  " LEFT JOIN matters m ON m.id = e.matter_id"

/**
 * roster_store_list_open_work:
 * @now: the time now, in ISO 8601 with any offset
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
  g_autofree char *now_instant = instant (now);
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
  sqlite3_bind_text (statement, 2, now_instant, -1, SQLITE_TRANSIENT);
  if (!append_work (self, items, ROSTER_WORK_EVENT, statement, error))
    return NULL;

  return g_steal_pointer (&items);
}

RosterWorkItem *
roster_store_work_item_by_id (RosterStore   *self,
                              RosterWorkKind kind,
                              const char    *id,
                              GError       **error)
{
  static const char *const sql[] = {
    [ROSTER_WORK_MATTER] = MATTER_WORK " WHERE id = ?",
    [ROSTER_WORK_TASK] = TASK_WORK " WHERE t.id = ?",
    [ROSTER_WORK_EVENT] = "SELECT e.id, e.summary, NULL, e.start_at, " ITEM_MATTER ("e") " FROM calendar_entries e"
      " LEFT JOIN matters m ON m.id = e.matter_id WHERE e.id = ?",
  };
  g_autoptr(GListStore) found = g_list_store_new (ROSTER_TYPE_WORK_ITEM);
  sqlite3_stmt *statement = roster_database_statement (self->db, sql[kind], error);

  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, id, -1, SQLITE_TRANSIENT);
  if (!append_work (self, found, kind, statement, error))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (found), 0);
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
 * @now: the time now, in ISO 8601 with any offset
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
  g_autofree char *now_instant = instant (now);

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
                 now_instant, counts, G_STRUCT_OFFSET (RosterOpenWork, events));

  return counts;
}

void
roster_unreadable_free (RosterUnreadable *unreadable)
{
  if (unreadable == NULL)
    return;

  g_free (unreadable->resource);
  g_free (unreadable->record_id);
  g_free (unreadable->member);
  g_free (unreadable->problem);
  g_free (unreadable->method);
  g_free (unreadable->path);
  g_free (unreadable->seen_at);
  g_free (unreadable);
}

/**
 * roster_store_list_unreadable:
 * @resource: (nullable): "users", "matters", "tasks", "calendar_entries",
 *   …, or %NULL for all
 *
 * The records the syncs could not read and kept aside, with what was wrong
 * and the request that brought each: for `roster-cli status` and the
 * window. A record leaves the list when a later sync reads it or the
 * server deletes it.
 *
 * Returns: (transfer full) (element-type RosterUnreadable): the records, by
 *   resource and id
 */
GPtrArray *
roster_store_list_unreadable (RosterStore *self,
                              const char  *resource,
                              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_unreadable_free);
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  statement = roster_database_statement (self->db,
                                         "SELECT resource, record_id, member, problem, method, path, seen_at"
                                         " FROM unreadable_records WHERE ?1 IS NULL OR resource = ?1"
                                         " ORDER BY resource, length (record_id), record_id, key",
                                         error);
  if (statement == NULL)
    return NULL;
  roster_store_bind_text_or_null (statement, 1, resource);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      RosterUnreadable *record = g_new0 (RosterUnreadable, 1);

      record->resource = g_strdup (column_text (statement, 0));
      record->record_id = g_strdup (column_text (statement, 1));
      record->member = g_strdup (column_text (statement, 2));
      record->problem = g_strdup (column_text (statement, 3));
      record->method = g_strdup (column_text (statement, 4));
      record->path = g_strdup (column_text (statement, 5));
      record->seen_at = g_strdup (column_text (statement, 6));
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc,
                                 "Cannot read the records that could not be read");
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * roster_store_count_unreadable:
 * @resource: (nullable): a collection, or %NULL for all
 *
 * Returns: how many records the syncs could not read
 */
guint
roster_store_count_unreadable (RosterStore *self,
                               const char  *resource)
{
  sqlite3_stmt *statement;
  guint count = 0;

  g_return_val_if_fail (ROSTER_IS_STORE (self), 0);

  statement = roster_database_statement (self->db,
                                         "SELECT count(*) FROM unreadable_records WHERE ?1 IS NULL OR resource = ?1",
                                         NULL);
  if (statement == NULL)
    return 0;
  roster_store_bind_text_or_null (statement, 1, resource);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  sqlite3_reset (statement);

  return count;
}
