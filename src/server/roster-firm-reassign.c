/* roster-firm-reassign.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "roster-firm-private.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * Reassigning a user's work: what moves and what stays (and why), the moves
 * in one transaction with their audit event, and for each receiver one
 * in-app notification and one e-mail, which the mail spool receives after
 * the commit.
 */

/* Reassigning work --------------------------------------------------------- */

typedef struct
{
  gint64      to;          /* 0: this kind of work is not being reassigned */
  JsonObject *receiver;
  JsonArray  *moved;
  JsonArray  *stayed;
  GArray     *moved_ids;
} WorkKind;

static void
work_kind_init (WorkKind   *kind,
                RosterFirm *self,
                gint64      to)
{
  kind->to = to;
  kind->receiver = to ? roster_firm_user_json (self, to) : NULL;
  kind->moved = json_array_new ();
  kind->stayed = json_array_new ();
  kind->moved_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
work_kind_clear (WorkKind *kind)
{
  g_clear_pointer (&kind->receiver, json_object_unref);
  g_clear_pointer (&kind->moved, json_array_unref);
  g_clear_pointer (&kind->stayed, json_array_unref);
  g_clear_pointer (&kind->moved_ids, g_array_unref);
}

static void
work_kind_add (WorkKind     *kind,
               JsonObject   *item,
               gint64        id,
               RosterVerdict verdict)
{
  if (verdict == ROSTER_VERDICT_MOVES)
    {
      json_array_add_object_element (kind->moved, item);
      g_array_append_val (kind->moved_ids, id);
    }
  else
    {
      json_object_set_string_member (item, "reason", roster_verdict_to_code (verdict));
      json_array_add_object_element (kind->stayed, item);
    }
}

static JsonObject *
work_kind_json (WorkKind *kind)
{
  JsonObject *object = json_object_new ();

  if (kind->receiver != NULL)
    {
      JsonObject *to = json_object_new ();

      json_object_set_int_member (to, "id", kind->to);
      json_object_set_string_member (to, "name", json_object_get_string_member (kind->receiver, "name"));
      json_object_set_object_member (object, "to", to);
    }
  else
    json_object_set_null_member (object, "to");

  json_object_set_array_member (object, "moved", json_array_ref (kind->moved));
  json_object_set_array_member (object, "stayed", json_array_ref (kind->stayed));

  return object;
}

static gboolean
check_receiver (RosterFirm *self,
                gint64      source_id,
                gint64      receiver_id,
                const char *what,
                GError    **error)
{
  g_autoptr(JsonObject) receiver = NULL;
  RosterUserFacts facts;

  if (receiver_id == 0)
    return TRUE;

  receiver = roster_firm_user_json (self, receiver_id);
  if (receiver == NULL)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_RECEIVER,
                   "There is no user %" G_GINT64_FORMAT " to receive the %s", receiver_id, what);
      return FALSE;
    }
  roster_firm_user_facts (receiver, &facts);

  return roster_firm_refuse (roster_rules_check_receiver (source_id, &facts),
                             json_object_get_string_member (receiver, "name"), what, error);
}

static RosterMatterFacts
matter_facts (sqlite3_stmt *statement,
              int           id_column,
              int           status_column,
              int           private_column)
{
  RosterMatterFacts facts = { FALSE, ROSTER_MATTER_STATUS_OPEN, FALSE };

  if (sqlite3_column_type (statement, id_column) == SQLITE_NULL)
    return facts;

  facts.exists = TRUE;
  if (!roster_matter_status_from_string (roster_firm_column_text (statement, status_column), &facts.status))
    facts.status = ROSTER_MATTER_STATUS_CLOSED;
  facts.is_private = sqlite3_column_type (statement, private_column) != SQLITE_NULL;

  return facts;
}

static JsonObject *
matter_ref (sqlite3_stmt *statement,
            int           id_column,
            int           number_column)
{
  JsonObject *matter;

  if (sqlite3_column_type (statement, id_column) == SQLITE_NULL)
    return NULL;

  matter = json_object_new ();
  json_object_set_int_member (matter, "id", sqlite3_column_int64 (statement, id_column));
  json_object_set_string_member (matter, "display_number", roster_firm_column_text (statement, number_column));

  return matter;
}

static void
set_matter_ref (JsonObject   *item,
                sqlite3_stmt *statement,
                int           id_column,
                int           number_column)
{
  JsonObject *matter = matter_ref (statement, id_column, number_column);

  if (matter != NULL)
    json_object_set_object_member (item, "matter", matter);
  else
    json_object_set_null_member (item, "matter");
}

static gboolean
collect_matters (RosterFirm *self,
                 gint64      source_id,
                 WorkKind   *kind,
                 GError    **error)
{
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "SELECT id, display_number, description, status, private_to_user_id"
                                     " FROM matters WHERE responsible_attorney_id = ? ORDER BY id",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, source_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      RosterMatterFacts facts = matter_facts (statement, 0, 3, 4);

      json_object_set_int_member (item, "id", sqlite3_column_int64 (statement, 0));
      json_object_set_string_member (item, "display_number", roster_firm_column_text (statement, 1));
      json_object_set_string_member (item, "description", roster_firm_column_text (statement, 2));
      json_object_set_string_member (item, "status", roster_firm_column_text (statement, 3));
      work_kind_add (kind, item, sqlite3_column_int64 (statement, 0),
                     roster_rules_matter_verdict (facts.status, facts.is_private));
    }
  sqlite3_reset (statement);

  return TRUE;
}

static gboolean
collect_tasks (RosterFirm  *self,
               gint64       source_id,
               const GDate *today,
               WorkKind    *kind,
               GError     **error)
{
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "SELECT t.id, t.name, t.status, t.due_at, m.id, m.display_number, m.status,"
                                     " m.private_to_user_id FROM tasks t LEFT JOIN matters m ON m.id = t.matter_id"
                                     " WHERE t.assignee_id = ? ORDER BY t.id",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, source_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      RosterMatterFacts facts = matter_facts (statement, 4, 6, 7);
      g_autoptr(GDate) due = roster_date_parse (roster_firm_column_text (statement, 3));
      gboolean complete = g_strcmp0 (roster_firm_column_text (statement, 2), "complete") == 0;

      json_object_set_int_member (item, "id", sqlite3_column_int64 (statement, 0));
      json_object_set_string_member (item, "name", roster_firm_column_text (statement, 1));
      json_object_set_string_member (item, "status", roster_firm_column_text (statement, 2));
      roster_firm_set_text_or_null (item, "due_at", statement, 3);
      set_matter_ref (item, statement, 4, 5);
      work_kind_add (kind, item, sqlite3_column_int64 (statement, 0),
                     roster_rules_task_verdict (&facts, complete, due, today));
    }
  sqlite3_reset (statement);

  return TRUE;
}

static gboolean
collect_entries (RosterFirm *self,
                 gint64      source_id,
                 gint64      now_unix,
                 WorkKind   *kind,
                 GError    **error)
{
  sqlite3_stmt *statement;

  /* The entries of the user's own calendar, then those of other calendars
   * where the user is only an attendee. */
  statement = roster_firm_statement (self,
                                     "SELECT e.id, e.summary, e.start_at, m.id, m.display_number, m.status,"
                                     " m.private_to_user_id, e.calendar_id = c.id, e.public_id"
                                     " FROM calendars c JOIN calendar_entries e"
                                     "   ON e.calendar_id = c.id"
                                     "   OR e.id IN (SELECT entry_id FROM attendees WHERE calendar_id = c.id)"
                                     " LEFT JOIN matters m ON m.id = e.matter_id"
                                     " WHERE c.user_id = ? ORDER BY e.id",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, source_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      RosterMatterFacts facts = matter_facts (statement, 3, 5, 6);
      g_autoptr(GDateTime) start = roster_time_parse_iso (roster_firm_column_text (statement, 2));
      g_autofree char *id_text = sqlite3_column_type (statement, 8) == SQLITE_TEXT
                                 ? g_strdup (roster_firm_column_text (statement, 8))
                                 : g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (statement, 0));
      gboolean own = sqlite3_column_int (statement, 7);

      json_object_set_string_member (item, "id", id_text);
      json_object_set_string_member (item, "summary", roster_firm_column_text (statement, 1));
      json_object_set_string_member (item, "start_at", roster_firm_column_text (statement, 2));
      set_matter_ref (item, statement, 3, 4);
      work_kind_add (kind, item, sqlite3_column_int64 (statement, 0),
                     roster_rules_event_verdict (&facts, own,
                                                 start ? g_date_time_to_unix (start) : 0, now_unix));
    }
  sqlite3_reset (statement);

  return TRUE;
}

static gboolean
apply_moves (RosterFirm *self,
             const char *sql,
             WorkKind   *kind,
             gint64      value,
             const char *now,
             GError    **error)
{
  for (guint i = 0; i < kind->moved_ids->len; i++)
    {
      sqlite3_stmt *statement = roster_firm_statement (self, sql, error);

      if (statement == NULL)
        return FALSE;
      sqlite3_bind_int64 (statement, 1, value);
      sqlite3_bind_text (statement, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (statement, 3, g_array_index (kind->moved_ids, gint64, i));
      if (!roster_database_step_done (self->db, statement, NULL))
        return roster_firm_set_db_error (self, error);
    }

  return TRUE;
}

/* RFC 2047: header text that is not plain ASCII travels base64-encoded, and
 * a header never carries a line break, whatever a name contains. */
static char *
mail_header_text (const char *text)
{
  g_autofree char *clean = g_strdup (text ? text : "");
  gboolean ascii = TRUE;

  for (char *p = clean; *p; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
      else if ((guchar) *p >= 0x80)
        ascii = FALSE;
    }

  if (ascii)
    return g_steal_pointer (&clean);
  else
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) clean, strlen (clean));

      return g_strdup_printf ("=?UTF-8?B?%s?=", encoded);
    }
}

static void
describe_items (GString    *body,
                const char *heading,
                JsonArray  *items,
                const char *label_member)
{
  guint n = json_array_get_length (items);

  if (n == 0)
    return;

  g_string_append_printf (body, "\n%s (%u):\n", heading, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *matter = json_object_get_member (item, "matter");

      g_string_append_printf (body, "  - %s", json_object_get_string_member (item, label_member));
      if (json_object_has_member (item, "description"))
        g_string_append_printf (body, " %s", json_object_get_string_member (item, "description"));
      if (json_object_has_member (item, "due_at") && !json_object_get_null_member (item, "due_at"))
        g_string_append_printf (body, ", due %s", json_object_get_string_member (item, "due_at"));
      if (json_object_has_member (item, "start_at"))
        g_string_append_printf (body, ", %s", json_object_get_string_member (item, "start_at"));
      if (matter != NULL && JSON_NODE_HOLDS_OBJECT (matter))
        g_string_append_printf (body, " (matter %s)",
                                json_object_get_string_member (json_node_get_object (matter), "display_number"));
      g_string_append_c (body, '\n');
    }
}

/* One notification and one e-mail to each receiver, listing what they got. */
static gboolean
notify_receiver (RosterFirm  *self,
                 RosterActor *actor,
                 JsonObject  *source,
                 gint64       receiver_id,
                 JsonArray   *matters,
                 JsonArray   *tasks,
                 JsonArray   *entries,
                 gint64       audit_event_id,
                 JsonArray   *notifications,
                 GError     **error)
{
  g_autoptr(JsonObject) receiver = roster_firm_user_json (self, receiver_id);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = roster_firm_now (self);
  g_autofree char *subject = NULL;
  g_autofree char *date = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *message = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *subject_header = NULL;
  sqlite3_stmt *statement;
  JsonObject *notice;

  if (receiver == NULL)
    return TRUE;

  subject = g_strdup_printf ("Work from %s was reassigned to you", json_object_get_string_member (source, "name"));
  g_string_append_printf (body, "%s reassigned work from %s to you.\n",
                          actor->name, json_object_get_string_member (source, "name"));
  describe_items (body, "Matters you are now responsible attorney of", matters, "display_number");
  describe_items (body, "Tasks now assigned to you", tasks, "name");
  describe_items (body, "Calendar events now on your calendar", entries, "summary");

  statement = roster_firm_statement (self,
                                     "INSERT INTO notifications (user_id, kind, subject, body, audit_event_id,"
                                     " created_at, updated_at) VALUES (?, 'work_reassigned', ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, receiver_id);
  sqlite3_bind_text (statement, 2, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, body->str, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 4, audit_event_id);
  sqlite3_bind_text (statement, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 6, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  notice = json_object_new ();
  json_object_set_int_member (notice, "user_id", receiver_id);
  json_object_set_int_member (notice, "notification_id", roster_database_last_insert_id (self->db));

  date = g_date_time_format (now_time, "%a, %d %b %Y %H:%M:%S +0000");
  message_id = roster_firm_random_token (16);
  to_name = mail_header_text (json_object_get_string_member (receiver, "name"));
  subject_header = mail_header_text (subject);
  message = g_strdup_printf ("From: Roster <no-reply@roster-server.invalid>\r\n"
                             "To: %s <%s>\r\n"
                             "Subject: %s\r\n"
                             "Date: %s\r\n"
                             "Message-ID: <%s@roster-server.invalid>\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Content-Type: text/plain; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: 8bit\r\n"
                             "\r\n"
                             "%s",
                             to_name, json_object_get_string_member (receiver, "email"),
                             subject_header, date, message_id, body->str);

  statement = roster_firm_statement (self, "INSERT INTO emails (user_id, message, created_at) VALUES (?, ?, ?)", error);
  if (statement == NULL)
    {
      json_object_unref (notice);
      return FALSE;
    }
  sqlite3_bind_int64 (statement, 1, receiver_id);
  sqlite3_bind_text (statement, 2, message, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      json_object_unref (notice);
      return roster_firm_set_db_error (self, error);
    }
  json_object_set_int_member (notice, "email_id", roster_database_last_insert_id (self->db));
  json_array_add_object_element (notifications, notice);

  return TRUE;
}

JsonObject *
roster_firm_reassign_work (RosterFirm  *self,
                           RosterActor *actor,
                           gint64       user_id,
                           gint64       matters_to,
                           gint64       tasks_to,
                           gint64       calendar_entries_to,
                           gboolean     dry_run,
                           GError     **error)
{
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *now = NULL;
  WorkKind matters, tasks, entries;
  JsonObject *data = NULL;
  JsonArray *notifications;
  gint64 receivers[3];
  gint64 audit_event_id = 0;
  gboolean ok = FALSE;

  if (!roster_firm_require_manager (actor, error))
    return NULL;

  source = roster_firm_user_json (self, user_id);
  if (source == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND, "There is no such user");
      return NULL;
    }

  if (matters_to == 0 && tasks_to == 0 && calendar_entries_to == 0)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                           "Choose who receives the matters, the tasks or the calendar entries");
      return NULL;
    }

  if (!check_receiver (self, user_id, matters_to, "matters", error) ||
      !check_receiver (self, user_id, tasks_to, "tasks", error) ||
      !check_receiver (self, user_id, calendar_entries_to, "calendar entries", error))
    return NULL;

  if (calendar_entries_to != 0 && roster_firm_user_calendar (self, calendar_entries_to) == 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_RECEIVER,
                   "User %" G_GINT64_FORMAT " has no calendar to receive the calendar entries", calendar_entries_to);
      return NULL;
    }

  g_date_set_dmy (today, g_date_time_get_day_of_month (now_time),
                  g_date_time_get_month (now_time), g_date_time_get_year (now_time));

  work_kind_init (&matters, self, matters_to);
  work_kind_init (&tasks, self, tasks_to);
  work_kind_init (&entries, self, calendar_entries_to);

  if ((matters_to && !collect_matters (self, user_id, &matters, error)) ||
      (tasks_to && !collect_tasks (self, user_id, today, &tasks, error)) ||
      (calendar_entries_to && !collect_entries (self, user_id, g_date_time_to_unix (now_time), &entries, error)))
    goto out;

  notifications = json_array_new ();
  data = json_object_new ();
  json_object_set_boolean_member (data, "dry_run", dry_run);
  {
    JsonObject *from = json_object_new ();

    json_object_set_int_member (from, "id", user_id);
    json_object_set_string_member (from, "name", json_object_get_string_member (source, "name"));
    json_object_set_boolean_member (from, "enabled", json_object_get_boolean_member (source, "enabled"));
    json_object_set_object_member (data, "from", from);
  }
  json_object_set_object_member (data, "matters", work_kind_json (&matters));
  json_object_set_object_member (data, "tasks", work_kind_json (&tasks));
  json_object_set_object_member (data, "calendar_entries", work_kind_json (&entries));
  json_object_set_array_member (data, "notifications", notifications);

  if (dry_run)
    {
      ok = TRUE;
      goto out;
    }

  now = roster_firm_now (self);
  if (!apply_moves (self, "UPDATE matters SET responsible_attorney_id = ?, updated_at = ?, version = version + 1"
                    " WHERE id = ?", &matters, matters_to, now, error) ||
      !apply_moves (self, "UPDATE tasks SET assignee_id = ?, updated_at = ?, version = version + 1"
                    " WHERE id = ?", &tasks, tasks_to, now, error) ||
      !apply_moves (self, "UPDATE calendar_entries SET calendar_id = ?, updated_at = ?, version = version + 1"
                    " WHERE id = ?", &entries,
                    calendar_entries_to ? roster_firm_user_calendar (self, calendar_entries_to) : 0, now, error))
    goto out;

  {
    g_autoptr(JsonNode) after = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonNode) before = json_node_new (JSON_NODE_OBJECT);
    JsonObject *before_object = json_object_new ();

    json_object_set_int_member (before_object, "user_id", user_id);
    json_node_take_object (before, before_object);
    json_node_set_object (after, data);
    audit_event_id = roster_firm_audit (self, actor, "user.reassign_work", "user", user_id, before, after, error);
    if (audit_event_id == 0)
      goto out;
  }
  json_object_set_int_member (data, "audit_event_id", audit_event_id);

  /* One notification per receiver, however many kinds of work they got. */
  receivers[0] = matters_to;
  receivers[1] = tasks_to;
  receivers[2] = calendar_entries_to;
  for (guint i = 0; i < G_N_ELEMENTS (receivers); i++)
    {
      g_autoptr(JsonArray) got_matters = json_array_new ();
      g_autoptr(JsonArray) got_tasks = json_array_new ();
      g_autoptr(JsonArray) got_entries = json_array_new ();
      gboolean seen = FALSE;

      if (receivers[i] == 0)
        continue;
      for (guint j = 0; j < i; j++)
        seen |= receivers[j] == receivers[i];
      if (seen)
        continue;

      if (matters_to == receivers[i])
        for (guint k = 0; k < json_array_get_length (matters.moved); k++)
          json_array_add_element (got_matters, json_node_copy (json_array_get_element (matters.moved, k)));
      if (tasks_to == receivers[i])
        for (guint k = 0; k < json_array_get_length (tasks.moved); k++)
          json_array_add_element (got_tasks, json_node_copy (json_array_get_element (tasks.moved, k)));
      if (calendar_entries_to == receivers[i])
        for (guint k = 0; k < json_array_get_length (entries.moved); k++)
          json_array_add_element (got_entries, json_node_copy (json_array_get_element (entries.moved, k)));

      /* Nothing received, nothing to tell. */
      if (json_array_get_length (got_matters) + json_array_get_length (got_tasks) +
          json_array_get_length (got_entries) == 0)
        continue;

      if (!notify_receiver (self, actor, source, receivers[i], got_matters, got_tasks, got_entries,
                            audit_event_id, notifications, error))
        goto out;
    }

  ok = TRUE;

out:
  work_kind_clear (&matters);
  work_kind_clear (&tasks);
  work_kind_clear (&entries);
  if (!ok)
    {
      g_clear_pointer (&data, json_object_unref);
      return NULL;
    }

  return roster_firm_wrap_result (data, NULL);
}

/* Mail ---------------------------------------------------------------------- */

/**
 * roster_firm_flush_mail:
 *
 * Writes every message not yet in the mail spool into it, one RFC 5322 file
 * each, then marks it spooled. Called after each commit and at start-up, so
 * a crash between the two loses no message; a message may at worst be
 * written twice under the same name, which overwrites it.
 */
void
roster_firm_flush_mail (RosterFirm *self)
{
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *statement;

  if (self->mail_spool == NULL)
    return;

  if (g_mkdir_with_parents (self->mail_spool, 0700) != 0)
    {
      g_warning ("Cannot create the mail spool %s: %s", self->mail_spool, g_strerror (errno));
      return;
    }

  statement = roster_firm_statement (self, "SELECT id, message FROM emails WHERE spooled = 0 ORDER BY id", NULL);
  if (statement == NULL)
    return;
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (statement, 0);
      const char *message = roster_firm_column_text (statement, 1);
      g_autofree char *name = g_strdup_printf ("%08" G_GINT64_FORMAT ".eml", id);
      g_autofree char *path = g_build_filename (self->mail_spool, name, NULL);
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents_full (path, message, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        {
          g_warning ("Cannot write %s: %s", path, error->message);
          continue;
        }
      g_array_append_val (written, id);
    }
  sqlite3_reset (statement);

  for (guint i = 0; i < written->len; i++)
    {
      statement = roster_firm_statement (self, "UPDATE emails SET spooled = 1 WHERE id = ?", NULL);
      if (statement == NULL)
        return;
      sqlite3_bind_int64 (statement, 1, g_array_index (written, gint64, i));
      roster_database_step_done (self->db, statement, NULL);
    }
}
