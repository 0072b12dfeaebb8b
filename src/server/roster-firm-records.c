/* roster-firm-records.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include "roster-firm-private.h"
#include "roster-rules.h"

/* The firm's records as the API writes them: every field, nested records
 * included; RosterServer then keeps the fields a request asked for. */

#define USER_COLUMNS \
  "u.id, u.first_name, u.last_name, u.email, u.enabled, u.account_owner, u.admin," \
  " u.subscription_type, u.personal_injury_license, u.time_zone, u.created_at, u.updated_at," \
  " u.version, (SELECT c.id FROM calendars c WHERE c.user_id = u.id)"

static char *
initials_of (const char *first_name,
             const char *last_name)
{
  GString *initials = g_string_new (NULL);

  if (first_name != NULL && *first_name != '\0')
    g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (first_name)));
  if (last_name != NULL && *last_name != '\0')
    g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (last_name)));

  return g_string_free (initials, FALSE);
}

static JsonObject *
user_from_row (sqlite3_stmt *statement)
{
  JsonObject *user = json_object_new ();
  JsonArray *roles = json_array_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  const char *first_name = roster_firm_column_text (statement, 1);
  const char *last_name = roster_firm_column_text (statement, 2);
  g_autofree char *name = g_strdup_printf ("%s %s", first_name, last_name);
  g_autofree char *initials = initials_of (first_name, last_name);
  g_autofree char *etag = roster_firm_etag ("users", id, sqlite3_column_int64 (statement, 12));

  if (sqlite3_column_int (statement, 6))
    json_array_add_string_element (roles, "admin");

  json_object_set_int_member (user, "id", id);
  json_object_set_string_member (user, "etag", etag);
  json_object_set_string_member (user, "name", name);
  json_object_set_string_member (user, "first_name", first_name);
  json_object_set_string_member (user, "last_name", last_name);
  json_object_set_string_member (user, "initials", initials);
  json_object_set_string_member (user, "email", roster_firm_column_text (statement, 3));
  json_object_set_boolean_member (user, "enabled", sqlite3_column_int (statement, 4));
  json_object_set_boolean_member (user, "account_owner", sqlite3_column_int (statement, 5));
  json_object_set_array_member (user, "roles", roles);
  json_object_set_string_member (user, "subscription_type", roster_firm_column_text (statement, 7));
  json_object_set_boolean_member (user, "personal_injury_license", sqlite3_column_int (statement, 8));
  json_object_set_string_member (user, "time_zone", roster_firm_column_text (statement, 9));
  if (sqlite3_column_type (statement, 13) == SQLITE_NULL)
    json_object_set_null_member (user, "default_calendar_id");
  else
    json_object_set_int_member (user, "default_calendar_id", sqlite3_column_int64 (statement, 13));
  json_object_set_string_member (user, "created_at", roster_firm_column_text (statement, 10));
  json_object_set_string_member (user, "updated_at", roster_firm_column_text (statement, 11));

  return user;
}

/**
 * roster_firm_user_json:
 *
 * Returns: (transfer full) (nullable): the user, or %NULL when there is none
 */
JsonObject *
roster_firm_user_json (RosterFirm *self,
                       gint64      id)
{
  JsonObject *user;
  sqlite3_stmt *statement;

  user = g_hash_table_lookup (self->user_cache, &id);
  if (user != NULL)
    return json_object_ref (user);

  statement = roster_firm_statement (self, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", NULL);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    user = user_from_row (statement);
  sqlite3_reset (statement);

  if (user != NULL)
    g_hash_table_insert (self->user_cache, g_memdup2 (&id, sizeof id), json_object_ref (user));

  return user;
}

RosterActor *
roster_firm_load_actor (RosterFirm *self,
                        gint64      user_id)
{
  g_autoptr(JsonObject) user = roster_firm_user_json (self, user_id);
  RosterActor *actor;
  JsonArray *roles;

  if (user == NULL)
    return NULL;

  actor = g_new0 (RosterActor, 1);
  actor->id = user_id;
  actor->enabled = json_object_get_boolean_member (user, "enabled");
  actor->account_owner = json_object_get_boolean_member (user, "account_owner");
  roles = json_object_get_array_member (user, "roles");
  for (guint i = 0; i < json_array_get_length (roles); i++)
    if (g_strcmp0 (json_array_get_string_element (roles, i), "admin") == 0)
      actor->admin = TRUE;
  actor->name = g_strdup (json_object_get_string_member (user, "name"));
  actor->email = g_strdup (json_object_get_string_member (user, "email"));

  return actor;
}

gint64
roster_firm_user_calendar (RosterFirm *self,
                           gint64      user_id)
{
  sqlite3_stmt *statement;
  gint64 calendar_id = 0;

  statement = roster_firm_statement (self, "SELECT id FROM calendars WHERE user_id = ?", NULL);
  if (statement == NULL)
    return 0;
  sqlite3_bind_int64 (statement, 1, user_id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    calendar_id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  return calendar_id;
}

static JsonNode *
user_node_or_null (RosterFirm   *self,
                   sqlite3_stmt *statement,
                   int           column)
{
  JsonObject *user = NULL;
  JsonNode *node;

  if (sqlite3_column_type (statement, column) != SQLITE_NULL)
    user = roster_firm_user_json (self, sqlite3_column_int64 (statement, column));

  if (user == NULL)
    return json_node_new (JSON_NODE_NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, user);
  return node;
}

/* Matters ----------------------------------------------------------------- */

#define MATTER_COLUMNS \
  "m.id, m.display_number, m.description, m.status, m.responsible_attorney_id," \
  " m.originating_attorney_id, m.private_to_user_id, m.open_date, m.pending_date," \
  " m.close_date, m.created_at, m.updated_at, m.version"

/* The Matter_base fields, which tasks and calendar entries nest. */
static JsonObject *
matter_base_from_row (sqlite3_stmt *statement)
{
  JsonObject *matter = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  g_autofree char *etag = roster_firm_etag ("matters", id, sqlite3_column_int64 (statement, 12));

  json_object_set_int_member (matter, "id", id);
  json_object_set_string_member (matter, "etag", etag);
  json_object_set_string_member (matter, "display_number", roster_firm_column_text (statement, 1));
  json_object_set_string_member (matter, "description", roster_firm_column_text (statement, 2));
  json_object_set_string_member (matter, "status", roster_firm_column_text (statement, 3));
  roster_firm_set_text_or_null (matter, "open_date", statement, 7);
  roster_firm_set_text_or_null (matter, "pending_date", statement, 8);
  roster_firm_set_text_or_null (matter, "close_date", statement, 9);
  json_object_set_string_member (matter, "created_at", roster_firm_column_text (statement, 10));
  json_object_set_string_member (matter, "updated_at", roster_firm_column_text (statement, 11));

  return matter;
}

/* A matter's permission is a group: the whole firm's, or one user's when
 * the matter is private to them. */
static JsonObject *
matter_group (RosterFirm   *self,
              sqlite3_stmt *statement)
{
  JsonObject *group = json_object_new ();

  if (sqlite3_column_type (statement, 6) == SQLITE_NULL)
    {
      g_autofree char *etag = roster_firm_etag ("groups", 1, 1);

      json_object_set_int_member (group, "id", 1);
      json_object_set_string_member (group, "etag", etag);
      json_object_set_string_member (group, "name", "Everyone");
      json_object_set_string_member (group, "type", "AccountGroup");
    }
  else
    {
      gint64 user_id = sqlite3_column_int64 (statement, 6);
      g_autoptr(JsonObject) user = roster_firm_user_json (self, user_id);
      g_autofree char *etag = roster_firm_etag ("groups", 1000000 + user_id, 1);

      json_object_set_int_member (group, "id", 1000000 + user_id);
      json_object_set_string_member (group, "etag", etag);
      json_object_set_string_member (group, "name", user ? json_object_get_string_member (user, "name") : "");
      json_object_set_string_member (group, "type", "UserGroup");
    }

  return group;
}

static JsonObject *
matter_from_row (RosterFirm   *self,
                 sqlite3_stmt *statement)
{
  JsonObject *matter = matter_base_from_row (statement);

  json_object_set_member (matter, "responsible_attorney", user_node_or_null (self, statement, 4));
  json_object_set_member (matter, "originating_attorney", user_node_or_null (self, statement, 5));
  json_object_set_object_member (matter, "group", matter_group (self, statement));

  return matter;
}

static JsonNode *
matter_base_node_or_null (RosterFirm   *self,
                          sqlite3_stmt *row,
                          int           column)
{
  sqlite3_stmt *statement;
  JsonNode *node = NULL;

  if (sqlite3_column_type (row, column) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  statement = roster_firm_statement (self, "SELECT " MATTER_COLUMNS " FROM matters m WHERE m.id = ?", NULL);
  if (statement == NULL)
    return json_node_new (JSON_NODE_NULL);

  sqlite3_bind_int64 (statement, 1, sqlite3_column_int64 (row, column));
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, matter_base_from_row (statement));
    }
  sqlite3_reset (statement);

  return node ? node : json_node_new (JSON_NODE_NULL);
}

JsonObject *
roster_firm_matter_json (RosterFirm *self,
                         gint64      id)
{
  sqlite3_stmt *statement;
  JsonObject *matter = NULL;

  statement = roster_firm_statement (self, "SELECT " MATTER_COLUMNS " FROM matters m WHERE m.id = ?", NULL);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    matter = matter_from_row (self, statement);
  sqlite3_reset (statement);

  return matter;
}

/* Tasks ------------------------------------------------------------------- */

#define TASK_COLUMNS \
  "t.id, t.name, t.status, t.priority, t.due_at, t.permission, t.assignee_id," \
  " t.matter_id, t.completed_at, t.created_at, t.updated_at, t.version"

static JsonObject *
task_from_row (RosterFirm   *self,
               sqlite3_stmt *statement)
{
  JsonObject *task = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  g_autofree char *etag = roster_firm_etag ("tasks", id, sqlite3_column_int64 (statement, 11));

  json_object_set_int_member (task, "id", id);
  json_object_set_string_member (task, "etag", etag);
  json_object_set_string_member (task, "name", roster_firm_column_text (statement, 1));
  json_object_set_string_member (task, "status", roster_firm_column_text (statement, 2));
  json_object_set_string_member (task, "priority", roster_firm_column_text (statement, 3));
  roster_firm_set_text_or_null (task, "due_at", statement, 4);
  json_object_set_string_member (task, "permission", roster_firm_column_text (statement, 5));

  if (sqlite3_column_type (statement, 6) == SQLITE_NULL)
    json_object_set_null_member (task, "assignee");
  else
    {
      gint64 assignee_id = sqlite3_column_int64 (statement, 6);
      g_autoptr(JsonObject) user = roster_firm_user_json (self, assignee_id);
      JsonObject *assignee = json_object_new ();

      json_object_set_int_member (assignee, "id", assignee_id);
      json_object_set_string_member (assignee, "type", "User");
      if (user != NULL)
        {
          json_object_set_string_member (assignee, "etag", json_object_get_string_member (user, "etag"));
          json_object_set_string_member (assignee, "identifier", json_object_get_string_member (user, "email"));
          json_object_set_boolean_member (assignee, "enabled", json_object_get_boolean_member (user, "enabled"));
          json_object_set_string_member (assignee, "name", json_object_get_string_member (user, "name"));
          json_object_set_string_member (assignee, "initials", json_object_get_string_member (user, "initials"));
        }
      json_object_set_object_member (task, "assignee", assignee);
    }

  json_object_set_member (task, "matter", matter_base_node_or_null (self, statement, 7));
  roster_firm_set_text_or_null (task, "completed_at", statement, 8);
  json_object_set_string_member (task, "created_at", roster_firm_column_text (statement, 9));
  json_object_set_string_member (task, "updated_at", roster_firm_column_text (statement, 10));

  return task;
}

/* Calendar entries -------------------------------------------------------- */

#define ENTRY_COLUMNS \
  "e.id, e.summary, e.description, e.location, e.start_at, e.end_at, e.all_day," \
  " e.recurrence_rule, e.calendar_id, e.matter_id, e.created_at, e.updated_at, e.version," \
  " c.user_id, u.enabled"

#define ENTRY_FROM \
  " FROM calendar_entries e JOIN calendars c ON c.id = e.calendar_id JOIN users u ON u.id = c.user_id"

static JsonObject *
calendar_json (RosterFirm *self,
               gint64      calendar_id,
               gint64      user_id)
{
  g_autoptr(JsonObject) user = roster_firm_user_json (self, user_id);
  JsonObject *calendar = json_object_new ();
  g_autofree char *etag = roster_firm_etag ("calendars", calendar_id, 1);

  json_object_set_int_member (calendar, "id", calendar_id);
  json_object_set_string_member (calendar, "etag", etag);
  json_object_set_string_member (calendar, "name", user ? json_object_get_string_member (user, "name") : "");
  json_object_set_string_member (calendar, "type", "UserCalendar");
  json_object_set_boolean_member (calendar, "visible", user ? json_object_get_boolean_member (user, "enabled") : FALSE);

  return calendar;
}

static JsonArray *
entry_attendees (RosterFirm *self,
                 gint64      entry_id)
{
  JsonArray *attendees = json_array_new ();
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "SELECT a.calendar_id, c.user_id FROM attendees a"
                                     " JOIN calendars c ON c.id = a.calendar_id"
                                     " WHERE a.entry_id = ? ORDER BY a.calendar_id",
                                     NULL);
  if (statement == NULL)
    return attendees;

  sqlite3_bind_int64 (statement, 1, entry_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 calendar_id = sqlite3_column_int64 (statement, 0);
      g_autoptr(JsonObject) user = roster_firm_user_json (self, sqlite3_column_int64 (statement, 1));
      JsonObject *attendee = json_object_new ();
      g_autofree char *etag = roster_firm_etag ("calendars", calendar_id, 1);

      json_object_set_int_member (attendee, "id", calendar_id);
      json_object_set_string_member (attendee, "etag", etag);
      json_object_set_string_member (attendee, "type", "Calendar");
      if (user != NULL)
        {
          json_object_set_string_member (attendee, "name", json_object_get_string_member (user, "name"));
          json_object_set_boolean_member (attendee, "enabled", json_object_get_boolean_member (user, "enabled"));
          json_object_set_string_member (attendee, "email", json_object_get_string_member (user, "email"));
        }
      json_array_add_object_element (attendees, attendee);
    }
  sqlite3_reset (statement);

  return attendees;
}

static JsonObject *
entry_from_row (RosterFirm   *self,
                sqlite3_stmt *statement)
{
  JsonObject *entry = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  gint64 calendar_id = sqlite3_column_int64 (statement, 8);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *etag = roster_firm_etag ("calendar_entries", id, sqlite3_column_int64 (statement, 12));

  /* Clio's description types a calendar entry's id as a string. */
  json_object_set_string_member (entry, "id", id_text);
  json_object_set_string_member (entry, "etag", etag);
  json_object_set_string_member (entry, "summary", roster_firm_column_text (statement, 1));
  roster_firm_set_text_or_null (entry, "description", statement, 2);
  roster_firm_set_text_or_null (entry, "location", statement, 3);
  json_object_set_string_member (entry, "start_at", roster_firm_column_text (statement, 4));
  json_object_set_string_member (entry, "end_at", roster_firm_column_text (statement, 5));
  json_object_set_boolean_member (entry, "all_day", sqlite3_column_int (statement, 6));
  roster_firm_set_text_or_null (entry, "recurrence_rule", statement, 7);
  json_object_set_int_member (entry, "calendar_owner_id", calendar_id);
  json_object_set_object_member (entry, "calendar_owner",
                                 calendar_json (self, calendar_id, sqlite3_column_int64 (statement, 13)));
  json_object_set_array_member (entry, "attendees", entry_attendees (self, id));
  json_object_set_member (entry, "matter", matter_base_node_or_null (self, statement, 9));
  /* Deactivating a user hides the entries of their calendar. */
  json_object_set_boolean_member (entry, "hidden", !sqlite3_column_int (statement, 14));
  json_object_set_string_member (entry, "created_at", roster_firm_column_text (statement, 10));
  json_object_set_string_member (entry, "updated_at", roster_firm_column_text (statement, 11));

  return entry;
}

/* Notifications, audit events, tombstones --------------------------------- */

#define NOTIFICATION_COLUMNS "n.id, n.kind, n.subject, n.body, n.audit_event_id, n.created_at, n.updated_at"

static JsonObject *
notification_from_row (sqlite3_stmt *statement)
{
  JsonObject *notification = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  g_autofree char *etag = roster_firm_etag ("notifications", id, 1);

  json_object_set_int_member (notification, "id", id);
  json_object_set_string_member (notification, "etag", etag);
  json_object_set_string_member (notification, "kind", roster_firm_column_text (statement, 1));
  json_object_set_string_member (notification, "subject", roster_firm_column_text (statement, 2));
  json_object_set_string_member (notification, "body", roster_firm_column_text (statement, 3));
  if (sqlite3_column_type (statement, 4) == SQLITE_NULL)
    json_object_set_null_member (notification, "audit_event_id");
  else
    json_object_set_int_member (notification, "audit_event_id", sqlite3_column_int64 (statement, 4));
  json_object_set_string_member (notification, "created_at", roster_firm_column_text (statement, 5));
  json_object_set_string_member (notification, "updated_at", roster_firm_column_text (statement, 6));

  return notification;
}

#define AUDIT_COLUMNS "a.id, a.actor_id, a.actor_name, a.action, a.target_type, a.target_id, a.before, a.after, a.created_at"

static void
set_json_text_member (JsonObject *object,
                      const char *member,
                      const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL))
    json_object_set_member (object, member, json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_null_member (object, member);
}

static JsonObject *
audit_event_from_row (sqlite3_stmt *statement)
{
  JsonObject *event = json_object_new ();
  JsonObject *actor = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  g_autofree char *etag = roster_firm_etag ("audit_events", id, 1);

  json_object_set_int_member (event, "id", id);
  json_object_set_string_member (event, "etag", etag);
  if (sqlite3_column_type (statement, 1) == SQLITE_NULL)
    json_object_set_null_member (actor, "id");
  else
    json_object_set_int_member (actor, "id", sqlite3_column_int64 (statement, 1));
  json_object_set_string_member (actor, "name", roster_firm_column_text (statement, 2));
  json_object_set_object_member (event, "actor", actor);
  json_object_set_string_member (event, "action", roster_firm_column_text (statement, 3));
  json_object_set_string_member (event, "target_type", roster_firm_column_text (statement, 4));
  if (sqlite3_column_type (statement, 5) == SQLITE_NULL)
    json_object_set_null_member (event, "target_id");
  else
    json_object_set_int_member (event, "target_id", sqlite3_column_int64 (statement, 5));
  set_json_text_member (event, "before", roster_firm_column_text (statement, 6));
  set_json_text_member (event, "after", roster_firm_column_text (statement, 7));
  json_object_set_string_member (event, "created_at", roster_firm_column_text (statement, 8));
  json_object_set_string_member (event, "updated_at", roster_firm_column_text (statement, 8));

  return event;
}

static JsonObject *
tombstone_from_row (sqlite3_stmt *statement)
{
  JsonObject *tombstone = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  g_autofree char *etag = roster_firm_etag ("deleted_records", id, 1);

  json_object_set_int_member (tombstone, "id", id);
  json_object_set_string_member (tombstone, "etag", etag);
  json_object_set_string_member (tombstone, "resource", roster_firm_column_text (statement, 1));
  json_object_set_int_member (tombstone, "record_id", sqlite3_column_int64 (statement, 2));
  json_object_set_string_member (tombstone, "deleted_at", roster_firm_column_text (statement, 3));
  json_object_set_string_member (tombstone, "updated_at", roster_firm_column_text (statement, 3));

  return tombstone;
}

/* Lists ------------------------------------------------------------------- */

typedef struct
{
  int     type;   /* SQLITE_INTEGER or SQLITE_TEXT */
  gint64  number;
  char   *text;
} Binding;

static void
binding_clear (gpointer data)
{
  Binding *binding = data;

  g_free (binding->text);
}

static void
bind_int (GArray *bindings,
          gint64  number)
{
  Binding binding = { SQLITE_INTEGER, number, NULL };

  g_array_append_val (bindings, binding);
}

static void
bind_text (GArray     *bindings,
           const char *text)
{
  Binding binding = { SQLITE_TEXT, 0, g_strdup (text) };

  g_array_append_val (bindings, binding);
}

static void
apply_bindings (sqlite3_stmt *statement,
                GArray       *bindings)
{
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *binding = &g_array_index (bindings, Binding, i);

      if (binding->type == SQLITE_INTEGER)
        sqlite3_bind_int64 (statement, i + 1, binding->number);
      else
        sqlite3_bind_text (statement, i + 1, binding->text, -1, SQLITE_TRANSIENT);
    }
}

typedef JsonObject *(*RowReader) (RosterFirm   *self,
                                  sqlite3_stmt *statement);

static JsonObject *
read_user (RosterFirm   *self,
           sqlite3_stmt *statement)
{
  return user_from_row (statement);
}

static JsonObject *
read_notification (RosterFirm   *self,
                   sqlite3_stmt *statement)
{
  return notification_from_row (statement);
}

static JsonObject *
read_audit_event (RosterFirm   *self,
                  sqlite3_stmt *statement)
{
  return audit_event_from_row (statement);
}

static JsonObject *
read_tombstone (RosterFirm   *self,
                sqlite3_stmt *statement)
{
  return tombstone_from_row (statement);
}

static gboolean
actor_is_manager (RosterActor *actor)
{
  return actor != NULL && roster_rules_may_change_account_settings (actor->account_owner, actor->admin);
}

/* Builds the SELECT and the WHERE of a list from fixed pieces of SQL; every
 * value from the request is bound. */
static gboolean
describe_list (RosterResource         resource,
               RosterActor           *actor,
               const RosterListQuery *query,
               GString               *select,
               GString               *where,
               GArray                *bindings,
               RowReader             *reader,
               const char           **id_column,
               GError               **error)
{
  const char *updated_column = NULL;

  switch (resource)
    {
    case ROSTER_RESOURCE_USERS:
      g_string_append (select, "SELECT " USER_COLUMNS " FROM users u");
      *reader = read_user;
      *id_column = "u.id";
      updated_column = "u.updated_at";
      if (query->enabled >= 0)
        {
          g_string_append (where, " AND u.enabled = ?");
          bind_int (bindings, query->enabled);
        }
      if (query->role != NULL)
        {
          if (!g_str_equal (query->role, "admin"))
            {
              /* Roster's firms know one role; any other selects nobody. */
              g_string_append (where, " AND 0");
            }
          else
            g_string_append (where, " AND u.admin = 1");
        }
      if (query->subscription_type != NULL)
        {
          g_string_append (where, " AND lower(u.subscription_type) = lower(?)");
          bind_text (bindings, query->subscription_type);
        }
      break;

    case ROSTER_RESOURCE_MATTERS:
      g_string_append (select, "SELECT " MATTER_COLUMNS " FROM matters m");
      *reader = matter_from_row;
      *id_column = "m.id";
      updated_column = "m.updated_at";
      if (query->status != NULL)
        {
          g_string_append (where, " AND m.status = ?");
          bind_text (bindings, query->status);
        }
      if (query->responsible_attorney_id > 0)
        {
          g_string_append (where, " AND m.responsible_attorney_id = ?");
          bind_int (bindings, query->responsible_attorney_id);
        }
      /* A private matter is seen by its user and by those who manage the firm. */
      if (!actor_is_manager (actor))
        {
          g_string_append (where, " AND (m.private_to_user_id IS NULL OR m.private_to_user_id = ?)");
          bind_int (bindings, actor ? actor->id : 0);
        }
      break;

    case ROSTER_RESOURCE_TASKS:
      g_string_append (select, "SELECT " TASK_COLUMNS " FROM tasks t");
      *reader = task_from_row;
      *id_column = "t.id";
      updated_column = "t.updated_at";
      if (query->status != NULL)
        {
          g_string_append (where, " AND t.status = ?");
          bind_text (bindings, query->status);
        }
      if (query->complete >= 0)
        g_string_append (where, query->complete ? " AND t.status = 'complete'" : " AND t.status <> 'complete'");
      if (query->assignee_id > 0)
        {
          g_string_append (where, " AND t.assignee_id = ?");
          bind_int (bindings, query->assignee_id);
        }
      if (query->matter_id > 0)
        {
          g_string_append (where, " AND t.matter_id = ?");
          bind_int (bindings, query->matter_id);
        }
      break;

    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      g_string_append (select, "SELECT " ENTRY_COLUMNS ENTRY_FROM);
      *reader = entry_from_row;
      *id_column = "e.id";
      updated_column = "e.updated_at";
      if (query->include_hidden && !actor_is_manager (actor))
        {
          g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_FORBIDDEN,
                       "Only administrators and the primary subscriber see hidden calendar entries");
          return FALSE;
        }
      if (!query->include_hidden)
        g_string_append (where, " AND u.enabled = 1");
      if (query->calendar_id > 0)
        {
          g_string_append (where, " AND e.calendar_id = ?");
          bind_int (bindings, query->calendar_id);
        }
      if (query->matter_id > 0)
        {
          g_string_append (where, " AND e.matter_id = ?");
          bind_int (bindings, query->matter_id);
        }
      break;

    case ROSTER_RESOURCE_NOTIFICATIONS:
      g_string_append (select, "SELECT " NOTIFICATION_COLUMNS " FROM notifications n");
      *reader = read_notification;
      *id_column = "n.id";
      updated_column = "n.updated_at";
      g_string_append (where, " AND n.user_id = ?");
      bind_int (bindings, actor ? actor->id : 0);
      break;

    case ROSTER_RESOURCE_AUDIT_EVENTS:
      if (!actor_is_manager (actor))
        {
          g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_FORBIDDEN,
                       "Only administrators and the primary subscriber read the audit log");
          return FALSE;
        }
      g_string_append (select, "SELECT " AUDIT_COLUMNS " FROM audit_events a");
      *reader = read_audit_event;
      *id_column = "a.id";
      updated_column = "a.created_at";
      break;

    case ROSTER_RESOURCE_DELETED_RECORDS:
      g_string_append (select, "SELECT id, resource, record_id, deleted_at FROM tombstones d");
      *reader = read_tombstone;
      *id_column = "d.id";
      updated_column = "d.deleted_at";
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (query->updated_since != NULL)
    {
      /* Few records change between two syncs: tell the planner so, or it
       * walks the whole table in id order to honour ORDER BY and LIMIT. */
      g_string_append_printf (where, " AND likelihood(%s >= ?, 0.001)", updated_column);
      bind_text (bindings, query->updated_since);
    }

  return TRUE;
}

/**
 * roster_firm_list:
 * @total: (out): the records matching the filters, on every page; -1 when
 *   the query has a cursor, since the first page told it
 * @more: (out): whether a page follows this one
 *
 * Returns: (transfer container) (element-type JsonObject): one page
 */
GPtrArray *
roster_firm_list (RosterFirm            *self,
                  RosterActor           *actor,
                  RosterResource         resource,
                  const RosterListQuery *query,
                  gint64                *total,
                  gboolean              *more,
                  GError               **error)
{
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(GString) where = g_string_new (" WHERE 1");
  g_autoptr(GArray) bindings = g_array_new (FALSE, TRUE, sizeof (Binding));
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *count_sql = NULL;
  g_autofree char *page_sql = NULL;
  const char *id_column = NULL;
  RowReader reader = NULL;
  sqlite3_stmt *statement;
  int rc;

  g_array_set_clear_func (bindings, binding_clear);

  if (!describe_list (resource, actor, query, select, where, bindings, &reader, &id_column, error))
    return NULL;

  /* The count ignores the cursor, so every page tells the same total; it
   * is counted on the first page only, and the cursor carries it on. */
  *total = -1;
  if (query->after_id == 0)
    {
      count_sql = g_strdup_printf ("SELECT count(*) FROM (%s%s)", select->str, where->str);
      statement = roster_firm_statement (self, count_sql, error);
      if (statement == NULL)
        return NULL;
      apply_bindings (statement, bindings);
      *total = sqlite3_step (statement) == SQLITE_ROW ? sqlite3_column_int64 (statement, 0) : 0;
      sqlite3_reset (statement);
    }

  if (query->after_id > 0)
    {
      g_string_append_printf (where, " AND %s %s ?", id_column, query->descending ? "<" : ">");
      bind_int (bindings, query->after_id);
    }

  page_sql = g_strdup_printf ("%s%s ORDER BY %s %s LIMIT ?", select->str, where->str,
                              id_column, query->descending ? "DESC" : "ASC");
  bind_int (bindings, query->limit + 1);

  statement = roster_firm_statement (self, page_sql, error);
  if (statement == NULL)
    return NULL;
  apply_bindings (statement, bindings);

  *more = FALSE;
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      if ((int) records->len == query->limit)
        {
          *more = TRUE;
          break;
        }
      g_ptr_array_add (records, reader (self, statement));
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Calendar entries carry their id as a string, everything else as a number. */
gint64
roster_firm_record_id (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);

  return json_node_get_int (node);
}

/**
 * roster_firm_get_record:
 *
 * Returns: (transfer full): one record, or %NULL with a not_found error
 */
JsonObject *
roster_firm_get_record (RosterFirm    *self,
                        RosterActor   *actor,
                        RosterResource resource,
                        gint64         id,
                        GError       **error)
{
  RosterListQuery query = ROSTER_LIST_QUERY_INIT;
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;
  gboolean more = FALSE;

  /* One record is a page of one from just before it, with the same
   * visibility rules as the list. A single entry is shown even when hidden,
   * to those who manage the firm. */
  query.after_id = id - 1;
  query.limit = 1;
  query.include_hidden = resource == ROSTER_RESOURCE_CALENDAR_ENTRIES && actor_is_manager (actor);

  page = roster_firm_list (self, actor, resource, &query, &total, &more, error);
  if (page == NULL)
    return NULL;

  if (page->len == 0 || roster_firm_record_id (g_ptr_array_index (page, 0)) != id)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND,
                   "There is no such record");
      return NULL;
    }

  return json_object_ref (g_ptr_array_index (page, 0));
}

/* The account ------------------------------------------------------------- */

JsonObject *
roster_firm_account (RosterFirm *self,
                     GError    **error)
{
  RosterLicenseFigures figures;
  RosterSubscription subscription;
  JsonObject *account;
  JsonObject *licenses;
  JsonObject *pi;
  JsonObject *renewal;
  sqlite3_stmt *statement;
  g_autofree char *etag = NULL;
  int in_use = 0;
  int pi_in_use = 0;

  statement = roster_firm_statement (self,
                                     "SELECT (SELECT count(*) FROM users WHERE enabled = 1),"
                                     " (SELECT count(*) FROM users WHERE enabled = 1 AND personal_injury_license = 1)",
                                     error);
  if (statement == NULL)
    return NULL;
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      in_use = sqlite3_column_int (statement, 0);
      pi_in_use = sqlite3_column_int (statement, 1);
    }
  sqlite3_reset (statement);

  statement = roster_firm_statement (self,
                                     "SELECT name, subscription, licenses, license_price, pi_license_price,"
                                     " currency, renewal_date, remove_unused_licenses, closed_at, version,"
                                     " updated_at FROM account WHERE id = 1",
                                     error);
  if (statement == NULL)
    return NULL;
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      sqlite3_reset (statement);
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL,
                   "The firm has no account: seed the database first");
      return NULL;
    }

  if (!roster_subscription_from_string (roster_firm_column_text (statement, 1), &subscription))
    subscription = ROSTER_SUBSCRIPTION_MONTHLY;

  roster_rules_license_figures (subscription,
                                sqlite3_column_int (statement, 2), in_use,
                                sqlite3_column_int64 (statement, 3),
                                pi_in_use, sqlite3_column_int64 (statement, 4),
                                sqlite3_column_int (statement, 7),
                                &figures);

  account = json_object_new ();
  /* The licenses in use are part of the account as it is shown: a user's
   * deactivation changes it as much as a new renewal option does. */
  {
    g_autofree char *shown = g_strdup_printf ("account:%d:%d", in_use, pi_in_use);

    etag = roster_firm_etag (shown, 1, sqlite3_column_int64 (statement, 9));
  }
  json_object_set_int_member (account, "id", 1);
  json_object_set_string_member (account, "etag", etag);
  json_object_set_string_member (account, "name", roster_firm_column_text (statement, 0));
  json_object_set_string_member (account, "subscription", roster_subscription_to_string (subscription));
  json_object_set_string_member (account, "currency", roster_firm_column_text (statement, 5));

  licenses = json_object_new ();
  json_object_set_int_member (licenses, "total", figures.licenses);
  json_object_set_int_member (licenses, "in_use", figures.in_use);
  json_object_set_int_member (licenses, "unused", figures.unused);
  json_object_set_int_member (licenses, "price", figures.license_price);
  json_object_set_object_member (account, "licenses", licenses);

  pi = json_object_new ();
  json_object_set_int_member (pi, "in_use", figures.pi_in_use);
  json_object_set_int_member (pi, "price", figures.pi_price);
  json_object_set_object_member (account, "personal_injury_add_on", pi);

  renewal = json_object_new ();
  json_object_set_string_member (renewal, "date", roster_firm_column_text (statement, 6));
  json_object_set_boolean_member (renewal, "remove_unused_licenses", sqlite3_column_int (statement, 7));
  json_object_set_int_member (renewal, "price_without_removal", figures.renewal_without_removal);
  json_object_set_int_member (renewal, "price_with_removal", figures.renewal_with_removal);
  json_object_set_int_member (renewal, "projected_price", figures.renewal_projected);
  json_object_set_object_member (account, "renewal", renewal);

  roster_firm_set_text_or_null (account, "closed_at", statement, 8);
  json_object_set_string_member (account, "updated_at", roster_firm_column_text (statement, 10));
  sqlite3_reset (statement);

  return account;
}
