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

/* A user's initials, as served and as the SQL function roster_initials()
 * sorts them. */
char *
roster_firm_initials (const char *first_name,
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
  g_autofree char *initials = roster_firm_initials (first_name, last_name);
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

/* A task's assignee: a user, or a contact (a Person or a Company), as
* Clio's Participant. A contact is never enabled or disabled: null. */
static JsonObject *
participant_from_user (gint64      id,
                       JsonObject *user)
{
  JsonObject *participant = json_object_new ();

  json_object_set_int_member (participant, "id", id);
  json_object_set_string_member (participant, "type", "User");
  if (user != NULL)
    {
      json_object_set_string_member (participant, "etag", json_object_get_string_member (user, "etag"));
      json_object_set_string_member (participant, "identifier", json_object_get_string_member (user, "email"));
      json_object_set_boolean_member (participant, "enabled", json_object_get_boolean_member (user, "enabled"));
      json_object_set_string_member (participant, "name", json_object_get_string_member (user, "name"));
      json_object_set_string_member (participant, "initials", json_object_get_string_member (user, "initials"));
      json_object_set_string_member (participant, "created_at", json_object_get_string_member (user, "created_at"));
      json_object_set_string_member (participant, "updated_at", json_object_get_string_member (user, "updated_at"));
    }

  return participant;
}

static JsonObject *
participant_from_contact (RosterFirm *self,
                          gint64      id)
{
  JsonObject *participant = json_object_new ();
  sqlite3_stmt *statement;

  json_object_set_int_member (participant, "id", id);
  statement = roster_firm_statement (self,
                                     "SELECT type, name, initials, created_at, updated_at, version"
                                     " FROM contacts WHERE id = ?",
                                     NULL);
  if (statement == NULL)
    return participant;

  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      g_autofree char *etag = roster_firm_etag ("contacts", id, sqlite3_column_int64 (statement, 5));

      json_object_set_string_member (participant, "etag", etag);
      json_object_set_string_member (participant, "type", roster_firm_column_text (statement, 0));
      json_object_set_string_member (participant, "identifier", roster_firm_column_text (statement, 1));
      json_object_set_null_member (participant, "enabled");
      json_object_set_string_member (participant, "name", roster_firm_column_text (statement, 1));
      roster_firm_set_text_or_null (participant, "initials", statement, 2);
      json_object_set_string_member (participant, "created_at", roster_firm_column_text (statement, 3));
      json_object_set_string_member (participant, "updated_at", roster_firm_column_text (statement, 4));
    }
  else
    json_object_set_string_member (participant, "type", "Person");
  sqlite3_reset (statement);

  return participant;
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
                 RosterActor  *actor,
                 sqlite3_stmt *statement)
{
  JsonObject *matter = matter_base_from_row (statement);

  json_object_set_member (matter, "responsible_attorney", user_node_or_null (self, statement, 4));
  json_object_set_member (matter, "originating_attorney", user_node_or_null (self, statement, 5));
  json_object_set_object_member (matter, "group", matter_group (self, statement));

  return matter;
}

/* The matter a task or a calendar entry is tied to, as far as @actor may
* see it: a private matter of someone else's is nested as null, as the
* matters themselves answer 404 for it (roster_firm_may_see_matter()). */
static JsonNode *
matter_base_node_or_null (RosterFirm   *self,
                          RosterActor  *actor,
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
  if (sqlite3_step (statement) == SQLITE_ROW &&
      roster_firm_may_see_matter (actor, sqlite3_column_type (statement, 6) == SQLITE_NULL
                                           ? 0 : sqlite3_column_int64 (statement, 6)))
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
    matter = matter_from_row (self, NULL, statement);
  sqlite3_reset (statement);

  return matter;
}

/* Tasks ------------------------------------------------------------------- */

#define TASK_COLUMNS \
  "t.id, t.name, t.status, t.priority, t.due_at, t.permission, t.assignee_id," \
  " t.matter_id, t.completed_at, t.created_at, t.updated_at, t.version, t.assignee_contact_id"

static JsonObject *
task_from_row (RosterFirm   *self,
               RosterActor  *actor,
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

  if (sqlite3_column_type (statement, 6) != SQLITE_NULL)
    {
      gint64 assignee_id = sqlite3_column_int64 (statement, 6);
      g_autoptr(JsonObject) user = roster_firm_user_json (self, assignee_id);

      json_object_set_object_member (task, "assignee", participant_from_user (assignee_id, user));
    }
  else if (sqlite3_column_type (statement, 12) != SQLITE_NULL)
    json_object_set_object_member (task, "assignee",
                                   participant_from_contact (self, sqlite3_column_int64 (statement, 12)));
  else
    json_object_set_null_member (task, "assignee");

  json_object_set_member (task, "matter", matter_base_node_or_null (self, actor, statement, 7));
  roster_firm_set_text_or_null (task, "completed_at", statement, 8);
  json_object_set_string_member (task, "created_at", roster_firm_column_text (statement, 9));
  json_object_set_string_member (task, "updated_at", roster_firm_column_text (statement, 10));

  return task;
}

/* Calendar entries -------------------------------------------------------- */

#define ENTRY_COLUMNS \
  "e.id, e.summary, e.description, e.location, e.start_at, e.end_at, e.all_day," \
  " e.recurrence_rule, e.calendar_id, e.matter_id, e.created_at, e.updated_at, e.version," \
  " c.user_id, u.enabled, e.public_id, c.updated_at"

#define ENTRY_FROM \
  " FROM calendar_entries e JOIN calendars c ON c.id = e.calendar_id JOIN users u ON u.id = c.user_id"

/* A calendar shows its user's name and whether they are active: it changed
 * when either did. */
static const char *
later_of (const char *a,
          const char *b)
{
  return g_strcmp0 (a, b) >= 0 ? a : b;
}

static JsonObject *
calendar_json (RosterFirm *self,
               gint64      calendar_id,
               gint64      user_id,
               const char *updated_at)
{
  g_autoptr(JsonObject) user = roster_firm_user_json (self, user_id);
  JsonObject *calendar = json_object_new ();
  g_autofree char *etag = roster_firm_etag ("calendars", calendar_id, 1);

  json_object_set_int_member (calendar, "id", calendar_id);
  json_object_set_string_member (calendar, "etag", etag);
  json_object_set_string_member (calendar, "name", user ? json_object_get_string_member (user, "name") : "");
  json_object_set_string_member (calendar, "type", "UserCalendar");
  json_object_set_boolean_member (calendar, "visible", user ? json_object_get_boolean_member (user, "enabled") : FALSE);
  if (updated_at != NULL)
    json_object_set_string_member (calendar, "updated_at",
                                   user ? later_of (updated_at, json_object_get_string_member (user, "updated_at"))
                                        : updated_at);

  return calendar;
}

static JsonArray *
entry_attendees (RosterFirm *self,
                 gint64      entry_id)
{
  JsonArray *attendees = json_array_new ();
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "SELECT a.calendar_id, c.user_id, c.updated_at FROM attendees a"
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
          json_object_set_string_member (attendee, "updated_at",
                                         later_of (roster_firm_column_text (statement, 2),
                                                   json_object_get_string_member (user, "updated_at")));
        }
      json_array_add_object_element (attendees, attendee);
    }
  sqlite3_reset (statement);

  return attendees;
}

static JsonObject *
entry_from_row (RosterFirm   *self,
                RosterActor  *actor,
                sqlite3_stmt *statement)
{
  JsonObject *entry = json_object_new ();
  gint64 id = sqlite3_column_int64 (statement, 0);
  gint64 calendar_id = sqlite3_column_int64 (statement, 8);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *etag = roster_firm_etag ("calendar_entries", id, sqlite3_column_int64 (statement, 12));

  /* Clio's description types a calendar entry's id as a string; an entry
   * with a text id of its own is served with it. */
  if (sqlite3_column_type (statement, 15) == SQLITE_TEXT)
    json_object_set_string_member (entry, "id", roster_firm_column_text (statement, 15));
  else
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
                                 calendar_json (self, calendar_id, sqlite3_column_int64 (statement, 13),
                                                roster_firm_column_text (statement, 16)));
  json_object_set_array_member (entry, "attendees", entry_attendees (self, id));
  json_object_set_member (entry, "matter", matter_base_node_or_null (self, actor, statement, 9));
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
  /* A calendar entry with a text id is remembered by it. */
  if (sqlite3_column_type (statement, 2) == SQLITE_TEXT)
    json_object_set_string_member (tombstone, "record_id", roster_firm_column_text (statement, 2));
  else
    json_object_set_int_member (tombstone, "record_id", sqlite3_column_int64 (statement, 2));
  json_object_set_string_member (tombstone, "deleted_at", roster_firm_column_text (statement, 3));
  json_object_set_string_member (tombstone, "updated_at", roster_firm_column_text (statement, 3));

  return tombstone;
}

/* Where each list reads its records ---------------------------------------- */

static JsonObject *
read_user (RosterFirm   *self,
           RosterActor  *actor,
           sqlite3_stmt *statement)
{
  return user_from_row (statement);
}

static JsonObject *
read_notification (RosterFirm   *self,
                   RosterActor  *actor,
                   sqlite3_stmt *statement)
{
  return notification_from_row (statement);
}

static JsonObject *
read_audit_event (RosterFirm   *self,
                  RosterActor  *actor,
                  sqlite3_stmt *statement)
{
  return audit_event_from_row (statement);
}

static JsonObject *
read_tombstone (RosterFirm   *self,
                RosterActor  *actor,
                sqlite3_stmt *statement)
{
  return tombstone_from_row (statement);
}

static const RosterRecordSource sources[] = {
  { ROSTER_RESOURCE_USERS, USER_COLUMNS, " FROM users u", "u", "u.updated_at", "u.created_at", read_user },
  { ROSTER_RESOURCE_MATTERS, MATTER_COLUMNS, " FROM matters m", "m", "m.updated_at", "m.created_at",
    matter_from_row },
  { ROSTER_RESOURCE_TASKS, TASK_COLUMNS, " FROM tasks t", "t", "t.updated_at", "t.created_at", task_from_row },
  { ROSTER_RESOURCE_CALENDAR_ENTRIES, ENTRY_COLUMNS, ENTRY_FROM, "e", "e.updated_at", "e.created_at",
    entry_from_row },
  { ROSTER_RESOURCE_NOTIFICATIONS, NOTIFICATION_COLUMNS, " FROM notifications n", "n", "n.updated_at",
    "n.created_at", read_notification },
  { ROSTER_RESOURCE_AUDIT_EVENTS, AUDIT_COLUMNS, " FROM audit_events a", "a", "a.created_at", "a.created_at",
    read_audit_event },
  { ROSTER_RESOURCE_DELETED_RECORDS, "d.id, d.resource, d.record_id, d.deleted_at", " FROM tombstones d", "d",
    "d.deleted_at", "d.deleted_at", read_tombstone },
};

const RosterRecordSource *
roster_firm_record_source (RosterResource resource)
{
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (sources[i].resource == resource)
      return &sources[i];

  g_return_val_if_reached (NULL);
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
