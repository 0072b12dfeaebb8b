/* roster-firm-writes.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <string.h>

#include "roster-firm-private.h"
#include "roster-resource.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * PATCH and DELETE of matters, tasks and calendar entries, as Clio's API has
 * them. What a PATCH may change is the resource's table of fields
 * (roster-resource.c): a member that is not a field, or a field that is
 * not written, is refused, never silently dropped. Work goes to active
 * users only.
 */

#define MAX_TEXT_BYTES 1000

/* One column a PATCH sets, with its value. */
typedef struct
{
  const char *column;
  const char *clears;
  gboolean    is_text;
  gint64      number;
  char       *text;
} Assignment;

static void
assignment_clear (gpointer data)
{
  Assignment *assignment = data;

  g_free (assignment->text);
}

static gboolean refuse_value (GError    **error,
                              int         code,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse_value (GError    **error,
              int         code,
              const char *format,
              ...)
{
  va_list args;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (ROSTER_FIRM_ERROR, code, format, args);
      va_end (args);
    }

  return FALSE;
}

static const char *
string_value (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* {"id": N, …}: a reference to another record, by its numeric id. */
static gboolean
reference_id (JsonNode   *node,
              const char *member,
              gint64     *id,
              GError    **error)
{
  JsonNode *id_node;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (id_node = json_object_get_member (json_node_get_object (node), "id")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_INT64)
    return refuse_value (error, ROSTER_FIRM_ERROR_INVALID_REQUEST, "%s must be an object with a numeric id", member);

  *id = json_node_get_int (id_node);
  return TRUE;
}

static gboolean
require_enabled_user (RosterFirm *self,
                      gint64      user_id,
                      GError    **error)
{
  g_autoptr(JsonObject) user = roster_firm_user_json (self, user_id);

  if (user == NULL || !json_object_get_boolean_member (user, "enabled"))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_RECEIVER,
                   "User %" G_GINT64_FORMAT " is not an active user of the firm", user_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
require_active_calendar (RosterFirm *self,
                         gint64      calendar_id,
                         GError    **error)
{
  sqlite3_stmt *owner = roster_firm_statement (self, "SELECT user_id FROM calendars WHERE id = ?", error);
  gint64 owner_id = 0;

  if (owner == NULL)
    return FALSE;
  sqlite3_bind_int64 (owner, 1, calendar_id);
  if (sqlite3_step (owner) == SQLITE_ROW)
    owner_id = sqlite3_column_int64 (owner, 0);
  sqlite3_reset (owner);

  if (owner_id == 0 || !require_enabled_user (self, owner_id, NULL))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_RECEIVER,
                   "Calendar %" G_GINT64_FORMAT " is not an active user's calendar", calendar_id);
      return FALSE;
    }

  return TRUE;
}

/* Checks one member of a PATCH against its field and says what to write. */
static gboolean
assign (RosterFirm        *self,
        const RosterField *field,
        JsonNode          *node,
        Assignment        *assignment,
        GError           **error)
{
  const char *name = field->name;
  const char *text = NULL;

  assignment->column = field->column;
  assignment->clears = field->clears;
  assignment->is_text = TRUE;

  switch (field->writable)
    {
    case ROSTER_WRITABLE_TEXT:
    case ROSTER_WRITABLE_MATTER_STATUS:
    case ROSTER_WRITABLE_TASK_STATUS:
    case ROSTER_WRITABLE_DATE:
    case ROSTER_WRITABLE_TIME:
      if ((text = string_value (node)) == NULL)
        return refuse_value (error, ROSTER_FIRM_ERROR_INVALID_REQUEST, "%s must be a string", name);
      if (strlen (text) > MAX_TEXT_BYTES)
        return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s is too long", name);
      break;

    case ROSTER_WRITABLE_USER:
    case ROSTER_WRITABLE_CALENDAR:
      assignment->is_text = FALSE;
      if (!reference_id (node, name, &assignment->number, error))
        return FALSE;
      break;

    case ROSTER_WRITABLE_NO:
    default:
      return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s cannot be changed", name);
    }

  switch (field->writable)
    {
    case ROSTER_WRITABLE_TEXT:
      assignment->text = g_strdup (text);
      return TRUE;

    case ROSTER_WRITABLE_MATTER_STATUS:
      {
        RosterMatterStatus status;

        if (!roster_matter_status_from_string (text, &status))
          return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                               "%s must be Open, Pending or Closed", name);
        assignment->text = g_strdup (roster_matter_status_to_string (status));
        return TRUE;
      }

    case ROSTER_WRITABLE_TASK_STATUS:
      if (!g_strv_contains ((const char *[]) { "pending", "in_progress", "in_review", "complete", NULL }, text))
        return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                             "%s must be pending, in_progress, in_review or complete", name);
      assignment->text = g_strdup (text);
      return TRUE;

    case ROSTER_WRITABLE_DATE:
      {
        g_autoptr(GDate) date = roster_date_parse (text);

        if (date == NULL)
          return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s must be a date, YYYY-MM-DD", name);
        assignment->text = g_strdup (text);
        return TRUE;
      }

    case ROSTER_WRITABLE_TIME:
      if ((assignment->text = roster_time_normalize_iso (text)) == NULL)
        return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s must be an ISO 8601 time", name);
      return TRUE;

    case ROSTER_WRITABLE_USER:
      {
        JsonNode *type = json_object_get_member (json_node_get_object (node), "type");

        /* Work goes to the firm's users, never to a contact. */
        if (type != NULL && g_strcmp0 (string_value (type), "User") != 0)
          return refuse_value (error, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s must be a User", name);
        return require_enabled_user (self, assignment->number, error);
      }

    case ROSTER_WRITABLE_CALENDAR:
      return require_active_calendar (self, assignment->number, error);

    case ROSTER_WRITABLE_NO:
    default:
      g_return_val_if_reached (FALSE);
    }
}

JsonObject *
roster_firm_update_record (RosterFirm    *self,
                           RosterActor   *actor,
                           RosterResource resource,
                           gint64         id,
                           const char    *if_match,
                           JsonObject    *changes,
                           GError       **error)
{
  const RosterResourceInfo *info = roster_resource_info (resource);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(GArray) assignments = g_array_new (FALSE, TRUE, sizeof (Assignment));
  g_autoptr(GString) sql = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *statement;
  JsonObject *after;
  int column = 2;

  g_array_set_clear_func (assignments, assignment_clear);

  if (!roster_firm_require_manager (actor, error))
    return NULL;

  if (info->table == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "This resource cannot be changed with PATCH");
      return NULL;
    }

  before = roster_firm_get_record (self, actor, resource, id, error);
  if (before == NULL)
    return NULL;

  if (if_match != NULL && !g_str_equal (if_match, "*") &&
      !g_str_equal (if_match, json_object_get_string_member (before, "etag")))
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_PRECONDITION_FAILED,
                           "The record changed since you read it: read it again");
      return NULL;
    }

  /* Every member is a field the PATCH writes, in the table's order. */
  members = json_object_get_members (changes);
  for (GList *l = members; l != NULL; l = l->next)
    if (roster_resource_field (resource, l->data) == NULL)
      {
        g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                     "%s is not a field of a %s", (const char *) l->data, info->noun);
        return NULL;
      }

  for (const RosterField *field = info->fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (changes, field->name);
      Assignment assignment = { 0 };

      if (node == NULL)
        continue;
      if (!assign (self, field, node, &assignment, error))
        {
          assignment_clear (&assignment);
          return NULL;
        }
      g_array_append_val (assignments, assignment);
    }

  if (assignments->len == 0)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                           "The request changes nothing this server lets a client change");
      return NULL;
    }

  /* Table and column names come from the fixed table, values are bound. */
  sql = g_string_new ("UPDATE ");
  g_string_append (sql, info->table);
  g_string_append (sql, " SET updated_at = ?, version = version + 1");
  for (guint i = 0; i < assignments->len; i++)
    {
      Assignment *assignment = &g_array_index (assignments, Assignment, i);

      g_string_append_printf (sql, ", %s = ?", assignment->column);
      if (assignment->clears != NULL)
        g_string_append_printf (sql, ", %s = NULL", assignment->clears);
    }
  g_string_append (sql, " WHERE id = ?");

  statement = roster_firm_statement (self, sql->str, error);
  if (statement == NULL)
    return NULL;
  now = roster_firm_now (self);
  sqlite3_bind_text (statement, 1, now, -1, SQLITE_STATIC);
  for (guint i = 0; i < assignments->len; i++, column++)
    {
      Assignment *assignment = &g_array_index (assignments, Assignment, i);

      if (assignment->is_text)
        sqlite3_bind_text (statement, column, assignment->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (statement, column, assignment->number);
    }
  sqlite3_bind_int64 (statement, column, id);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  after = roster_firm_get_record (self, actor, resource, id, error);
  if (after == NULL)
    return NULL;

  {
    g_autoptr(JsonNode) before_node = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonNode) after_node = json_node_new (JSON_NODE_OBJECT);
    g_autofree char *action = g_strdup_printf ("%s.update", info->table);

    json_node_set_object (before_node, before);
    json_node_set_object (after_node, changes);
    if (roster_firm_audit (self, actor, action, info->table, id, before_node, after_node, error) == 0)
      {
        json_object_unref (after);
        return NULL;
      }
  }

  return roster_firm_wrap_result (after, NULL);
}

/* Whether a served id is the row id itself, written in digits. */
static gboolean
is_row_id (const char *text,
           gint64      id)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return g_str_equal (text, digits);
}

gboolean
roster_firm_delete_record (RosterFirm    *self,
                           RosterActor   *actor,
                           RosterResource resource,
                           gint64         id,
                           GError       **error)
{
  const RosterResourceInfo *info = roster_resource_info (resource);
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *action = NULL;
  sqlite3_stmt *statement;
  JsonNode *record_id;

  if (!roster_firm_require_manager (actor, error))
    return FALSE;

  if (info->table == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "This resource cannot be deleted");
      return FALSE;
    }

  before = roster_firm_get_record (self, actor, resource, id, error);
  if (before == NULL)
    return FALSE;

  /* Work tied to a deleted matter stays, tied to no matter. */
  if (resource == ROSTER_RESOURCE_MATTERS)
    {
      now = roster_firm_now (self);
      if (!roster_firm_exec_bound_id (self,
                                      "UPDATE tasks SET matter_id = NULL, updated_at = ?, version = version + 1"
                                      " WHERE matter_id = ?", id, now, error) ||
          !roster_firm_exec_bound_id (self,
                                      "UPDATE calendar_entries SET matter_id = NULL, updated_at = ?,"
                                      " version = version + 1 WHERE matter_id = ?", id, now, error))
        return FALSE;
    }

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", info->table);
  statement = roster_firm_statement (self, sql, error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, id);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  /* The tombstone names the record by the id it was served with: a
   * calendar entry's text id, when it has one. */
  g_free (now);
  now = roster_firm_now (self);
  statement = roster_firm_statement (self, "INSERT INTO tombstones (resource, record_id, deleted_at) VALUES (?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  record_id = json_object_get_member (before, "id");
  sqlite3_bind_text (statement, 1, info->table, -1, SQLITE_STATIC);
  if (string_value (record_id) != NULL && !is_row_id (string_value (record_id), id))
    sqlite3_bind_text (statement, 2, string_value (record_id), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (statement, 2, id);
  sqlite3_bind_text (statement, 3, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  {
    g_autoptr(JsonNode) before_node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (before_node, before);
    action = g_strdup_printf ("%s.delete", info->table);
    if (roster_firm_audit (self, actor, action, info->table, id, before_node, NULL, error) == 0)
      return FALSE;
  }

  return TRUE;
}
