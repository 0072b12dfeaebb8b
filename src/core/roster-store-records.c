/* roster-store-records.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include "roster-store-private.h"

/* Writing the cache: the records a sync brings, the tombstones it finds,
 * and the outbox's optimistic changes with their undoing. */

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
  roster_store_bind_text_or_null (statement, 2, roster_user_get_etag (user));
  roster_store_bind_text_or_null (statement, 3, roster_user_get_name (user));
  roster_store_bind_text_or_null (statement, 4, roster_user_get_first_name (user));
  roster_store_bind_text_or_null (statement, 5, roster_user_get_last_name (user));
  roster_store_bind_text_or_null (statement, 6, roster_user_get_email (user));
  sqlite3_bind_int (statement, 7, roster_user_get_enabled (user));
  sqlite3_bind_int (statement, 8, roster_user_get_account_owner (user));
  sqlite3_bind_int (statement, 9, roster_user_get_admin (user));
  roster_store_bind_text_or_null (statement, 10, roster_user_get_subscription_type (user));
  sqlite3_bind_int (statement, 11, roster_user_get_personal_injury_license (user));
  roster_store_bind_id_or_null (statement, 12, roster_user_get_default_calendar_id (user));
  roster_store_bind_text_or_null (statement, 13, roster_user_get_updated_at (user));

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
  roster_store_bind_text_or_null (statement, 2, roster_matter_get_etag (matter));
  roster_store_bind_text_or_null (statement, 3, roster_matter_get_display_number (matter));
  roster_store_bind_text_or_null (statement, 4, roster_matter_get_description (matter));
  roster_store_bind_text_or_null (statement, 5, roster_matter_get_status (matter));
  roster_store_bind_id_or_null (statement, 6, roster_matter_get_responsible_attorney_id (matter));
  sqlite3_bind_int (statement, 7, roster_matter_get_is_private (matter));
  roster_store_bind_text_or_null (statement, 8, roster_matter_get_open_date (matter));
  roster_store_bind_text_or_null (statement, 9, roster_matter_get_close_date (matter));
  roster_store_bind_text_or_null (statement, 10, roster_matter_get_updated_at (matter));

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
                                         " matter_id, updated_at, assignee_type, closed_matter_number)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, roster_task_get_id (task));
  roster_store_bind_text_or_null (statement, 2, roster_task_get_etag (task));
  roster_store_bind_text_or_null (statement, 3, roster_task_get_name (task));
  roster_store_bind_text_or_null (statement, 4, roster_task_get_status (task));
  roster_store_bind_text_or_null (statement, 5, roster_task_get_due_at (task));
  roster_store_bind_id_or_null (statement, 6, roster_task_get_assignee_id (task));
  roster_store_bind_id_or_null (statement, 7, roster_task_get_matter_id (task));
  roster_store_bind_text_or_null (statement, 8, roster_task_get_updated_at (task));
  roster_store_bind_text_or_null (statement, 9, roster_task_get_assignee_type (task));
  roster_store_bind_text_or_null (statement, 10, roster_task_get_closed_matter_number (task));

  return roster_database_step_done (self->db, statement, error);
}

gboolean
roster_store_put_calendar_entry (RosterStore         *self,
                                 RosterCalendarEntry *entry,
                                 GError             **error)
{
  const char *const *attendees = roster_calendar_entry_get_attendee_calendar_ids (entry);
  const char *id = roster_calendar_entry_get_id_string (entry);
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO calendar_entries (id, etag, summary, start_at, end_at,"
                                         " calendar_owner_id, matter_id, hidden, updated_at, all_day, closed_matter_number)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_text (statement, 1, id, -1, SQLITE_TRANSIENT);
  roster_store_bind_text_or_null (statement, 2, roster_calendar_entry_get_etag (entry));
  roster_store_bind_text_or_null (statement, 3, roster_calendar_entry_get_summary (entry));
  roster_store_bind_text_or_null (statement, 4, roster_calendar_entry_get_start_at (entry));
  roster_store_bind_text_or_null (statement, 5, roster_calendar_entry_get_end_at (entry));
  roster_store_bind_id_or_null (statement, 6, roster_calendar_entry_get_calendar_owner_id (entry));
  roster_store_bind_id_or_null (statement, 7, roster_calendar_entry_get_matter_id (entry));
  sqlite3_bind_int (statement, 8, roster_calendar_entry_get_hidden (entry));
  roster_store_bind_text_or_null (statement, 9, roster_calendar_entry_get_updated_at (entry));
  sqlite3_bind_int (statement, 10, roster_calendar_entry_get_all_day (entry));
  roster_store_bind_text_or_null (statement, 11, roster_calendar_entry_get_closed_matter_number (entry));
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
      sqlite3_bind_text (statement, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (statement, 2, g_ascii_strtoll (attendees[i], NULL, 10));
      if (!roster_database_step_done (self->db, statement, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
roster_store_delete_record (RosterStore *self,
                            const char  *collection,
                            gint64       id,
                            GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return roster_store_delete_record_by_id_string (self, collection, text, error);
}

/**
 * roster_store_delete_record_by_id_string:
 * @id: the record's id as the server writes it (a calendar entry's may be
 *   any text)
 *
 * Deletes a record the server deleted, and forgets it if it was kept aside
 * as unreadable.
 */
gboolean
roster_store_delete_record_by_id_string (RosterStore *self,
                                         const char  *collection,
                                         const char  *id,
                                         GError     **error)
{
  const char *table = roster_store_checked_collection (collection);
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
  /* Text compared with an INTEGER key is read as a number: "31" finds 31. */
  sqlite3_bind_text (statement, 1, id, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error) &&
         roster_store_forget_unreadable (self, collection, id, error);
}

/**
 * roster_store_set_user_enabled:
 * @enabled: whether the user may sign in
 * @personal_injury_license: whether they hold the licence
 *
 * Sets a cached user's state as an action on them will leave it, or back as
 * it was: for the outbox. A user the cache does not hold is no error.
 */
gboolean
roster_store_set_user_enabled (RosterStore *self,
                               gint64       user_id,
                               gboolean     enabled,
                               gboolean     personal_injury_license,
                               GError     **error)
{
  sqlite3_stmt *statement;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);

  statement = roster_database_statement (self->db,
                                         "UPDATE users SET enabled = ?, personal_injury_license = ? WHERE id = ?",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int (statement, 1, enabled ? 1 : 0);
  sqlite3_bind_int (statement, 2, personal_injury_license ? 1 : 0);
  sqlite3_bind_int64 (statement, 3, user_id);

  return roster_database_step_done (self->db, statement, error);
}

/* Who holds an item of work: a matter's responsible attorney, a task's
 * assignee, a calendar entry's calendar. */
static const struct
{
  const char *read;
  const char *write;
} work_owner_sql[] = {
  [ROSTER_WORK_MATTER] = { "SELECT responsible_attorney_id FROM matters WHERE id = ?",
                           "UPDATE matters SET responsible_attorney_id = ? WHERE id = ?" },
  [ROSTER_WORK_TASK] = { "SELECT assignee_id FROM tasks WHERE id = ?",
                         "UPDATE tasks SET assignee_id = ? WHERE id = ?" },
  [ROSTER_WORK_EVENT] = { "SELECT calendar_owner_id FROM calendar_entries WHERE id = ?",
                          "UPDATE calendar_entries SET calendar_owner_id = ? WHERE id = ?" },
};

/**
 * roster_store_get_work_owner:
 * @owner_id: (out): the owner's id, or 0 when the cache does not hold the
 *   item or the item has no owner
 *
 * Reads who holds an item of work in the cache, so that the outbox can put
 * it back after an optimistic reassignment. A calendar entry whose id is
 * not a number: roster_store_get_work_owner_by_id_string().
 */
gboolean
roster_store_get_work_owner (RosterStore   *self,
                             RosterWorkKind kind,
                             gint64         item_id,
                             gint64        *owner_id,
                             GError       **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);

  return roster_store_get_work_owner_by_id_string (self, kind, text, owner_id, error);
}

/**
 * roster_store_get_work_owner_by_id_string:
 * @item_id: the item's id as the server writes it
 * @owner_id: (out): the owner's id, or 0 when the cache does not hold the
 *   item or the item has no owner
 */
gboolean
roster_store_get_work_owner_by_id_string (RosterStore   *self,
                                          RosterWorkKind kind,
                                          const char    *item_id,
                                          gint64        *owner_id,
                                          GError       **error)
{
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= ROSTER_WORK_EVENT, FALSE);
  g_return_val_if_fail (owner_id != NULL, FALSE);

  *owner_id = 0;
  statement = roster_database_statement (self->db, work_owner_sql[kind].read, error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, item_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *owner_id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      roster_database_set_error (error, roster_database_get_handle (self->db), rc, "Cannot read the work's owner");
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_store_set_work_owner:
 * @owner_id: the new owner's id; 0 leaves a matter or a task with none
 *
 * Moves an item of work to another owner in the cache. An item the cache
 * does not hold is no error.
 */
gboolean
roster_store_set_work_owner (RosterStore   *self,
                             RosterWorkKind kind,
                             gint64         item_id,
                             gint64         owner_id,
                             GError       **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);

  return roster_store_set_work_owner_by_id_string (self, kind, text, owner_id, error);
}

/**
 * roster_store_set_work_owner_by_id_string:
 * @item_id: the item's id as the server writes it
 * @owner_id: the new owner's id; 0 leaves a matter or a task with none
 */
gboolean
roster_store_set_work_owner_by_id_string (RosterStore   *self,
                                          RosterWorkKind kind,
                                          const char    *item_id,
                                          gint64         owner_id,
                                          GError       **error)
{
  sqlite3_stmt *statement;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= ROSTER_WORK_EVENT, FALSE);

  statement = roster_database_statement (self->db, work_owner_sql[kind].write, error);
  if (statement == NULL)
    return FALSE;
  /* A calendar entry always belongs to a calendar; the others may have no
   * owner, which roster_store_get_work_owner() reads as 0. */
  if (kind == ROSTER_WORK_EVENT)
    sqlite3_bind_int64 (statement, 1, owner_id);
  else
    roster_store_bind_id_or_null (statement, 1, owner_id);
  sqlite3_bind_text (statement, 2, item_id, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
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
  roster_store_bind_id_or_null (statement, 3, roster_audit_event_get_actor_id (event));
  sqlite3_bind_text (statement, 4, roster_audit_event_get_action (event), -1, SQLITE_TRANSIENT);
  roster_store_bind_text_or_null (statement, 5, roster_audit_event_get_target_type (event));
  roster_store_bind_id_or_null (statement, 6, roster_audit_event_get_target_id (event));
  sqlite3_bind_text (statement, 7, roster_audit_event_get_created_at (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 8, text, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_put_unreadable:
 * @resource: the collection the record is of ("tasks")
 * @record_id: (nullable): the record's id as the server wrote it, or %NULL
 *   when the id itself could not be read
 * @record: (nullable): the record as the server sent it: a record without
 *   an id is told from the others by its content
 * @member: (nullable): the member that was wrong ("assignee.type")
 * @problem: what was wrong, in a sentence
 * @method: the request that brought it ("GET")
 * @path: the request's path, without its query ("/api/v4/tasks.json")
 *
 * Keeps aside a record the sync could not read, so that the sync goes on and
 * the window and `roster-cli status` can say what was left out. The cache's
 * copy of the record, if any, is deleted: it no longer says what the server
 * has.
 */
gboolean
roster_store_put_unreadable (RosterStore *self,
                             const char  *resource,
                             const char  *record_id,
                             JsonNode    *record,
                             const char  *member,
                             const char  *problem,
                             const char  *method,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seen_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *key = NULL;
  sqlite3_stmt *statement;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL && problem != NULL && method != NULL && path != NULL, FALSE);

  if (record_id != NULL)
    {
      key = g_strconcat ("id:", record_id, NULL);
      if (!roster_store_delete_record_by_id_string (self, resource, record_id, error))
        return FALSE;
    }
  else
    {
      g_autofree char *text = record ? json_to_string (record, FALSE) : g_strdup ("");
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

      key = g_strconcat ("sha256:", digest, NULL);
    }

  statement = roster_database_statement (self->db,
                                         "INSERT OR REPLACE INTO unreadable_records (resource, key, record_id, member,"
                                         " problem, method, path, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, resource, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);
  roster_store_bind_text_or_null (statement, 3, record_id);
  roster_store_bind_text_or_null (statement, 4, member);
  sqlite3_bind_text (statement, 5, problem, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 6, method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 7, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 8, seen_at, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}

/**
 * roster_store_forget_unreadable:
 * @record_id: the record's id as the server writes it
 *
 * Forgets that a record could not be read: a later sync read it, or the
 * server deleted it. A record that was not kept aside is no error.
 */
gboolean
roster_store_forget_unreadable (RosterStore *self,
                                const char  *resource,
                                const char  *record_id,
                                GError     **error)
{
  g_autofree char *key = g_strconcat ("id:", record_id, NULL);
  sqlite3_stmt *statement;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);

  statement = roster_database_statement (self->db,
                                         "DELETE FROM unreadable_records WHERE resource = ? AND key = ?", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, resource, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);

  return roster_database_step_done (self->db, statement, error);
}
