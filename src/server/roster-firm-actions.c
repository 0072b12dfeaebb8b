/* roster-firm-actions.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "roster-firm-private.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * The administrators' actions. Each runs inside the caller's transaction
 * (RosterServer wraps it with its idempotency record), checks every rule
 * before it writes anything, and writes an audit event with what was before
 * and what is after.
 */

#define CLOSURE_CODE_LIFETIME_SECONDS (15 * 60)

/* The shared rules' refusal as the server's error: the same words the
 * client shows when it refuses the action before queueing it. */
static gboolean
refuse (RosterRefusal refusal,
        const char   *name,
        const char   *what,
        GError      **error)
{
  static const RosterFirmError codes[] = {
    [ROSTER_REFUSAL_NONE] = ROSTER_FIRM_ERROR_INTERNAL,
    [ROSTER_REFUSAL_FORBIDDEN] = ROSTER_FIRM_ERROR_FORBIDDEN,
    [ROSTER_REFUSAL_PRIMARY_SUBSCRIBER] = ROSTER_FIRM_ERROR_PRIMARY_SUBSCRIBER,
    [ROSTER_REFUSAL_SELF_DEACTIVATION] = ROSTER_FIRM_ERROR_SELF_DEACTIVATION,
    [ROSTER_REFUSAL_ALREADY_DEACTIVATED] = ROSTER_FIRM_ERROR_ALREADY_DEACTIVATED,
    [ROSTER_REFUSAL_ALREADY_ACTIVE] = ROSTER_FIRM_ERROR_ALREADY_ACTIVE,
    [ROSTER_REFUSAL_NOT_ANNUAL] = ROSTER_FIRM_ERROR_NOT_ANNUAL,
    [ROSTER_REFUSAL_RECEIVER_IS_SOURCE] = ROSTER_FIRM_ERROR_INVALID_RECEIVER,
    [ROSTER_REFUSAL_RECEIVER_DEACTIVATED] = ROSTER_FIRM_ERROR_INVALID_RECEIVER,
  };
  g_autofree char *message = NULL;

  if (refusal == ROSTER_REFUSAL_NONE)
    return TRUE;

  g_return_val_if_fail (refusal < G_N_ELEMENTS (codes), FALSE);
  message = roster_refusal_describe (refusal, name, what);
  g_set_error_literal (error, ROSTER_FIRM_ERROR, codes[refusal], message);

  return FALSE;
}

static void
actor_facts (RosterActor     *actor,
             RosterUserFacts *facts)
{
  facts->id = actor->id;
  facts->account_owner = actor->account_owner;
  facts->admin = actor->admin;
  facts->enabled = TRUE;
}

static void
user_facts (JsonObject      *user,
            RosterUserFacts *facts)
{
  facts->id = json_object_get_int_member (user, "id");
  facts->account_owner = json_object_get_boolean_member (user, "account_owner");
  facts->admin = FALSE;
  facts->enabled = json_object_get_boolean_member (user, "enabled");
}

static gboolean
require_manager (RosterActor *actor,
                 GError     **error)
{
  RosterUserFacts facts;

  if (actor == NULL)
    return refuse (ROSTER_REFUSAL_FORBIDDEN, NULL, NULL, error);
  actor_facts (actor, &facts);

  return refuse (roster_rules_check_manager (&facts), NULL, NULL, error);
}

static gboolean
exec_bound_id (RosterFirm *self,
               const char *sql,
               gint64      id,
               const char *now,
               GError    **error)
{
  sqlite3_stmt *statement = roster_firm_statement (self, sql, error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 2, id);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

static JsonNode *
user_state_node (JsonObject *user)
{
  JsonObject *state = json_object_new ();
  JsonNode *node;

  json_object_set_boolean_member (state, "enabled", json_object_get_boolean_member (user, "enabled"));
  json_object_set_boolean_member (state, "personal_injury_license",
                                  json_object_get_boolean_member (user, "personal_injury_license"));
  json_object_set_string_member (state, "email", json_object_get_string_member (user, "email"));
  node = object_node (state);
  json_object_unref (state);

  return node;
}

static gboolean
account_plan (RosterFirm         *self,
              RosterSubscription *subscription,
              int                *licenses,
              int                *in_use,
              GError            **error)
{
  sqlite3_stmt *statement;
  gboolean found = FALSE;

  statement = roster_firm_statement (self,
                                     "SELECT subscription, licenses, (SELECT count(*) FROM users WHERE enabled = 1)"
                                     " FROM account WHERE id = 1",
                                     error);
  if (statement == NULL)
    return FALSE;
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      found = roster_subscription_from_string (roster_firm_column_text (statement, 0), subscription);
      *licenses = sqlite3_column_int (statement, 1);
      *in_use = sqlite3_column_int (statement, 2);
    }
  sqlite3_reset (statement);

  if (!found)
    g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL, "The firm has no account");

  return found;
}

static JsonObject *
wrap_result (JsonObject *data,
             JsonObject *effects)
{
  JsonObject *result = json_object_new ();

  json_object_set_object_member (result, "data", data);
  if (effects != NULL)
    {
      JsonObject *meta = json_object_new ();

      json_object_set_object_member (meta, "effects", effects);
      json_object_set_object_member (result, "meta", meta);
    }

  return result;
}

static void
forget_user (RosterFirm *self,
             gint64      user_id)
{
  g_hash_table_remove (self->user_cache, &user_id);
}

/* Deactivate and activate -------------------------------------------------- */

JsonObject *
roster_firm_deactivate (RosterFirm  *self,
                        RosterActor *actor,
                        gint64       user_id,
                        GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonNode) before_state = NULL;
  g_autoptr(JsonNode) after_state = NULL;
  g_autofree char *now = NULL;
  RosterSubscription subscription;
  JsonObject *after;
  JsonObject *effects;
  int licenses, in_use;
  int hidden;
  gboolean had_pi;
  RosterUserFacts actor_is, user_is;

  if (!require_manager (actor, error))
    return NULL;

  before = roster_firm_user_json (self, user_id);
  if (before == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND, "There is no such user");
      return NULL;
    }

  actor_facts (actor, &actor_is);
  user_facts (before, &user_is);
  if (!refuse (roster_rules_check_deactivation (&actor_is, &user_is),
               json_object_get_string_member (before, "name"), NULL, error))
    return NULL;

  if (!account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  had_pi = json_object_get_boolean_member (before, "personal_injury_license");
  now = roster_firm_now (self);

  /* Their activity stays; their Personal Injury license goes for good. */
  if (!exec_bound_id (self,
                      "UPDATE users SET enabled = 0, personal_injury_license = 0, updated_at = ?,"
                      " version = version + 1 WHERE id = ?",
                      user_id, now, error))
    return NULL;

  /* Their calendar's entries are hidden now: their representation changes. */
  if (!exec_bound_id (self,
                      "UPDATE calendar_entries SET updated_at = ?, version = version + 1"
                      " WHERE calendar_id = (SELECT id FROM calendars WHERE user_id = ?)",
                      user_id, now, error))
    return NULL;
  hidden = roster_database_changes (self->db);

  forget_user (self, user_id);
  after = roster_firm_user_json (self, user_id);

  before_state = user_state_node (before);
  after_state = user_state_node (after);
  if (roster_firm_audit (self, actor, "user.deactivate", "user", user_id, before_state, after_state, error) == 0)
    {
      json_object_unref (after);
      return NULL;
    }

  effects = json_object_new ();
  json_object_set_string_member (effects, "billing",
                                 subscription == ROSTER_SUBSCRIPTION_MONTHLY ? "no_longer_charged"
                                                                             : "license_freed");
  json_object_set_int_member (effects, "calendar_entries_hidden", hidden);
  json_object_set_boolean_member (effects, "personal_injury_license_removed", had_pi);
  json_object_set_boolean_member (effects, "activity_kept", TRUE);

  return wrap_result (after, effects);
}

JsonObject *
roster_firm_activate (RosterFirm  *self,
                      RosterActor *actor,
                      gint64       user_id,
                      GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonNode) before_state = NULL;
  g_autoptr(JsonNode) after_state = NULL;
  g_autofree char *now = NULL;
  RosterSubscription subscription;
  sqlite3_stmt *statement;
  JsonObject *after;
  JsonObject *effects;
  gboolean email_taken;
  int licenses, in_use;
  RosterUserFacts actor_is, user_is;

  if (!require_manager (actor, error))
    return NULL;

  before = roster_firm_user_json (self, user_id);
  if (before == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND, "There is no such user");
      return NULL;
    }

  actor_facts (actor, &actor_is);
  user_facts (before, &user_is);
  if (!refuse (roster_rules_check_activation (&actor_is, &user_is),
               json_object_get_string_member (before, "name"), NULL, error))
    return NULL;

  statement = roster_firm_statement (self, "SELECT 1 FROM users WHERE email = ? AND enabled = 1 AND id <> ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, json_object_get_string_member (before, "email"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 2, user_id);
  email_taken = sqlite3_step (statement) == SQLITE_ROW;
  sqlite3_reset (statement);

  if (email_taken)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_EMAIL_UNAVAILABLE,
                   "Another active user signs in with %s: support must release the address first",
                   json_object_get_string_member (before, "email"));
      return NULL;
    }

  if (!account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  if (!roster_rules_has_free_license (subscription, licenses, in_use))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NO_FREE_LICENSE,
                   "All %d licenses of the annual plan are in use: deactivate a user or buy a license first",
                   licenses);
      return NULL;
    }

  now = roster_firm_now (self);
  if (!exec_bound_id (self, "UPDATE users SET enabled = 1, updated_at = ?, version = version + 1 WHERE id = ?",
                      user_id, now, error) ||
      !exec_bound_id (self,
                      "UPDATE calendar_entries SET updated_at = ?, version = version + 1"
                      " WHERE calendar_id = (SELECT id FROM calendars WHERE user_id = ?)",
                      user_id, now, error))
    return NULL;

  forget_user (self, user_id);
  after = roster_firm_user_json (self, user_id);

  before_state = user_state_node (before);
  after_state = user_state_node (after);
  if (roster_firm_audit (self, actor, "user.activate", "user", user_id, before_state, after_state, error) == 0)
    {
      json_object_unref (after);
      return NULL;
    }

  effects = json_object_new ();
  json_object_set_string_member (effects, "billing",
                                 subscription == ROSTER_SUBSCRIPTION_MONTHLY ? "charged" : "license_used");
  json_object_set_boolean_member (effects, "personal_injury_license_restored", FALSE);

  return wrap_result (after, effects);
}

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
  user_facts (receiver, &facts);

  return refuse (roster_rules_check_receiver (source_id, &facts),
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
                                     " m.private_to_user_id, e.calendar_id = c.id"
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
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (statement, 0));
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

  if (!require_manager (actor, error))
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

  return wrap_result (data, NULL);
}

/* The account -------------------------------------------------------------- */

JsonObject *
roster_firm_set_renewal_options (RosterFirm  *self,
                                 RosterActor *actor,
                                 gboolean     remove_unused_licenses,
                                 GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *now = NULL;
  RosterSubscription subscription;
  sqlite3_stmt *statement;
  JsonObject *after;
  int licenses, in_use;
  RosterUserFacts actor_is;

  if (!require_manager (actor, error))
    return NULL;

  if (!account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  actor_facts (actor, &actor_is);
  if (!refuse (roster_rules_check_renewal_options (&actor_is, subscription), NULL, NULL, error))
    return NULL;

  before = roster_firm_account (self, error);
  if (before == NULL)
    return NULL;

  now = roster_firm_now (self);
  statement = roster_firm_statement (self,
                                     "UPDATE account SET remove_unused_licenses = ?, updated_at = ?,"
                                     " version = version + 1 WHERE id = 1",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int (statement, 1, remove_unused_licenses ? 1 : 0);
  sqlite3_bind_text (statement, 2, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  after = roster_firm_account (self, error);
  if (after == NULL)
    return NULL;

  {
    g_autoptr(JsonNode) before_node = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonNode) after_node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (before_node, json_object_get_object_member (before, "renewal"));
    json_node_set_object (after_node, json_object_get_object_member (after, "renewal"));
    if (roster_firm_audit (self, actor, "account.renewal_options", "account", 1, before_node, after_node, error) == 0)
      {
        json_object_unref (after);
        return NULL;
      }
  }

  return wrap_result (after, NULL);
}

JsonObject *
roster_firm_close_account (RosterFirm  *self,
                           RosterActor *actor,
                           const char  *reason,
                           const char  *verification_code,
                           const char  *confirmation,
                           GError     **error)
{
  g_autofree char *code_hash = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *statement;
  gboolean valid_reason = FALSE;
  gboolean code_ok = FALSE;
  JsonObject *data;

  if (actor == NULL || !roster_rules_may_close_account (actor->admin))
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_FORBIDDEN,
                           "Only a user with administrator permissions can close the account");
      return NULL;
    }

  valid_reason = reason != NULL && g_strv_contains ((const char *const *) roster_firm_closure_reasons (), reason);
  if (!valid_reason)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REASON,
                           "Select the reason for closing the account from the list");
      return NULL;
    }

  if (g_strcmp0 (confirmation, ROSTER_CLOSURE_CONFIRMATION) != 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_CONFIRMATION_MISMATCH,
                   "Confirm with the exact words “%s”", ROSTER_CLOSURE_CONFIRMATION);
      return NULL;
    }

  code_hash = roster_firm_hash_secret (verification_code ? verification_code : "");
  statement = roster_firm_statement (self,
                                     "UPDATE closure_codes SET used = 1 WHERE code_hash = ? AND used = 0"
                                     " AND expires_at > ?",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, code_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }
  code_ok = roster_database_changes (self->db) == 1;
  if (!code_ok)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VERIFICATION_FAILED,
                           "The verification code is wrong, used or expired: call support for a new one");
      return NULL;
    }

  now = roster_firm_now (self);
  statement = roster_firm_statement (self,
                                     "UPDATE account SET closed_at = ?, closure_reason = ?, updated_at = ?,"
                                     " version = version + 1 WHERE id = 1",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL) ||
      !roster_database_exec (self->db, "UPDATE oauth_tokens SET revoked = 1", NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  {
    g_autoptr(JsonNode) after = json_node_new (JSON_NODE_OBJECT);
    JsonObject *state = json_object_new ();

    json_object_set_string_member (state, "closed_at", now);
    json_object_set_string_member (state, "reason", reason);
    json_node_take_object (after, state);
    if (roster_firm_audit (self, actor, "account.close", "account", 1, NULL, after, error) == 0)
      return NULL;
  }

  data = json_object_new ();
  json_object_set_string_member (data, "closed_at", now);
  json_object_set_string_member (data, "reason", reason);

  return wrap_result (data, NULL);
}

/* PATCH and DELETE of matters, tasks and calendar entries ------------------ */

static gboolean
member_id (JsonObject *changes,
           const char *member,
           gint64     *id,
           GError    **error)
{
  JsonNode *node = json_object_get_member (changes, member);
  JsonNode *id_node;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (id_node = json_object_get_member (json_node_get_object (node), "id")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_INT64)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "%s must be an object with a numeric id", member);
      return FALSE;
    }

  *id = json_node_get_int (id_node);
  return TRUE;
}

static gboolean
member_string (JsonObject  *changes,
               const char  *member,
               const char **value,
               GError     **error)
{
  JsonNode *node = json_object_get_member (changes, member);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST, "%s must be a string", member);
      return FALSE;
    }

  *value = json_node_get_string (node);
  if (strlen (*value) > 1000)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED, "%s is too long", member);
      return FALSE;
    }

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

static const char *
resource_table (RosterResource resource)
{
  switch (resource)
    {
    case ROSTER_RESOURCE_MATTERS:
      return "matters";
    case ROSTER_RESOURCE_TASKS:
      return "tasks";
    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      return "calendar_entries";
    case ROSTER_RESOURCE_USERS:
    case ROSTER_RESOURCE_NOTIFICATIONS:
    case ROSTER_RESOURCE_AUDIT_EVENTS:
    case ROSTER_RESOURCE_DELETED_RECORDS:
    default:
      return NULL;
    }
}

/* Each updatable column of each resource, with the JSON member it comes from. */
typedef struct
{
  const char *column;
  gboolean    is_text;
  gint64      number;
  const char *text;
} Assignment;

JsonObject *
roster_firm_update_record (RosterFirm    *self,
                           RosterActor   *actor,
                           RosterResource resource,
                           gint64         id,
                           const char    *if_match,
                           JsonObject    *changes,
                           GError       **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(GString) sql = NULL;
  g_autofree char *now = NULL;
  g_autofree char *normalized_start = NULL;
  g_autofree char *normalized_end = NULL;
  const char *table = resource_table (resource);
  Assignment assignments[8];
  guint n = 0;
  sqlite3_stmt *statement;
  JsonObject *after;

  if (!require_manager (actor, error))
    return NULL;

  if (table == NULL)
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

  if (resource == ROSTER_RESOURCE_MATTERS)
    {
      gint64 responsible = 0, originating = 0;
      const char *status = NULL, *description = NULL;
      RosterMatterStatus parsed;

      if (!member_id (changes, "responsible_attorney", &responsible, error) ||
          !member_id (changes, "originating_attorney", &originating, error) ||
          !member_string (changes, "status", &status, error) ||
          !member_string (changes, "description", &description, error))
        return NULL;
      if (responsible && !require_enabled_user (self, responsible, error))
        return NULL;
      if (originating && !require_enabled_user (self, originating, error))
        return NULL;
      if (status != NULL && !roster_matter_status_from_string (status, &parsed))
        {
          g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                               "status must be Open, Pending or Closed");
          return NULL;
        }
      if (responsible)
        assignments[n++] = (Assignment) { "responsible_attorney_id", FALSE, responsible, NULL }
      ;
      if (originating)
        assignments[n++] = (Assignment) { "originating_attorney_id", FALSE, originating, NULL }
      ;
      if (status)
        assignments[n++] = (Assignment) { "status", TRUE, 0, roster_matter_status_to_string (parsed) }
      ;
      if (description)
        assignments[n++] = (Assignment) { "description", TRUE, 0, description }
      ;
    }
  else if (resource == ROSTER_RESOURCE_TASKS)
    {
      gint64 assignee = 0;
      const char *name = NULL, *status = NULL, *due_at = NULL;

      if (!member_id (changes, "assignee", &assignee, error) ||
          !member_string (changes, "name", &name, error) ||
          !member_string (changes, "status", &status, error) ||
          !member_string (changes, "due_at", &due_at, error))
        return NULL;
      if (assignee && !require_enabled_user (self, assignee, error))
        return NULL;
      if (status != NULL && !g_strv_contains ((const char *[]) { "pending", "in_progress", "in_review", "complete", NULL }, status))
        {
          g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                               "status must be pending, in_progress, in_review or complete");
          return NULL;
        }
      if (due_at != NULL)
        {
          g_autoptr(GDate) date = roster_date_parse (due_at);

          if (date == NULL)
            {
              g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                                   "due_at must be a date, YYYY-MM-DD");
              return NULL;
            }
        }
      if (assignee)
        assignments[n++] = (Assignment) { "assignee_id", FALSE, assignee, NULL }
      ;
      if (name)
        assignments[n++] = (Assignment) { "name", TRUE, 0, name }
      ;
      if (status)
        assignments[n++] = (Assignment) { "status", TRUE, 0, status }
      ;
      if (due_at)
        assignments[n++] = (Assignment) { "due_at", TRUE, 0, due_at }
      ;
    }
  else
    {
      gint64 calendar = 0;
      const char *summary = NULL, *start_at = NULL, *end_at = NULL;

      if (!member_id (changes, "calendar_owner", &calendar, error) ||
          !member_string (changes, "summary", &summary, error) ||
          !member_string (changes, "start_at", &start_at, error) ||
          !member_string (changes, "end_at", &end_at, error))
        return NULL;
      if (calendar)
        {
          sqlite3_stmt *owner = roster_firm_statement (self, "SELECT user_id FROM calendars WHERE id = ?", error);
          gint64 owner_id = 0;

          if (owner == NULL)
            return NULL;
          sqlite3_bind_int64 (owner, 1, calendar);
          if (sqlite3_step (owner) == SQLITE_ROW)
            owner_id = sqlite3_column_int64 (owner, 0);
          sqlite3_reset (owner);
          if (owner_id == 0 || !require_enabled_user (self, owner_id, error))
            {
              g_clear_error (error);
              g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_RECEIVER,
                           "Calendar %" G_GINT64_FORMAT " is not an active user's calendar", calendar);
              return NULL;
            }
          assignments[n++] = (Assignment) { "calendar_id", FALSE, calendar, NULL };
        }
      if (start_at != NULL && (normalized_start = roster_time_normalize_iso (start_at)) == NULL)
        {
          g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                               "start_at must be an ISO 8601 time");
          return NULL;
        }
      if (end_at != NULL && (normalized_end = roster_time_normalize_iso (end_at)) == NULL)
        {
          g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                               "end_at must be an ISO 8601 time");
          return NULL;
        }
      if (summary)
        assignments[n++] = (Assignment) { "summary", TRUE, 0, summary }
      ;
      if (normalized_start)
        assignments[n++] = (Assignment) { "start_at", TRUE, 0, normalized_start }
      ;
      if (normalized_end)
        assignments[n++] = (Assignment) { "end_at", TRUE, 0, normalized_end }
      ;
    }

  if (n == 0)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VALIDATION_FAILED,
                           "The request changes nothing this server lets a client change");
      return NULL;
    }

  /* Column names come from the fixed list above, values are bound. */
  sql = g_string_new ("UPDATE ");
  g_string_append (sql, table);
  g_string_append (sql, " SET updated_at = ?, version = version + 1");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", %s = ?", assignments[i].column);
  g_string_append (sql, " WHERE id = ?");

  statement = roster_firm_statement (self, sql->str, error);
  if (statement == NULL)
    return NULL;
  now = roster_firm_now (self);
  sqlite3_bind_text (statement, 1, now, -1, SQLITE_STATIC);
  for (guint i = 0; i < n; i++)
    {
      if (assignments[i].is_text)
        sqlite3_bind_text (statement, i + 2, assignments[i].text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (statement, i + 2, assignments[i].number);
    }
  sqlite3_bind_int64 (statement, n + 2, id);
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
    g_autofree char *action = g_strdup_printf ("%s.update", table);

    json_node_set_object (before_node, before);
    json_node_set_object (after_node, changes);
    if (roster_firm_audit (self, actor, action, table, id, before_node, after_node, error) == 0)
      {
        json_object_unref (after);
        return NULL;
      }
  }

  return wrap_result (after, NULL);
}

gboolean
roster_firm_delete_record (RosterFirm    *self,
                           RosterActor   *actor,
                           RosterResource resource,
                           gint64         id,
                           GError       **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *action = NULL;
  const char *table = resource_table (resource);
  sqlite3_stmt *statement;

  if (!require_manager (actor, error))
    return FALSE;

  if (table == NULL)
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
      if (!exec_bound_id (self, "UPDATE tasks SET matter_id = NULL, updated_at = ?, version = version + 1"
                          " WHERE matter_id = ?", id, now, error) ||
          !exec_bound_id (self, "UPDATE calendar_entries SET matter_id = NULL, updated_at = ?,"
                          " version = version + 1 WHERE matter_id = ?", id, now, error))
        return FALSE;
    }

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", table);
  statement = roster_firm_statement (self, sql, error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, id);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  g_free (now);
  now = roster_firm_now (self);
  statement = roster_firm_statement (self, "INSERT INTO tombstones (resource, record_id, deleted_at) VALUES (?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, id);
  sqlite3_bind_text (statement, 3, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  {
    g_autoptr(JsonNode) before_node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (before_node, before);
    action = g_strdup_printf ("%s.delete", table);
    if (roster_firm_audit (self, actor, action, table, id, before_node, NULL, error) == 0)
      return FALSE;
  }

  return TRUE;
}

/* Idempotency keys ---------------------------------------------------------- */

/**
 * roster_firm_find_idempotent:
 * @status: (out): the first answer's status, when found
 * @body: (out): the first answer's body, when found
 *
 * Returns: %TRUE when @key was used before for this very request; %FALSE
 *   when it is new, or with an error when it was used for another request
 */
gboolean
roster_firm_find_idempotent (RosterFirm *self,
                             gint64      user_id,
                             const char *key,
                             const char *fingerprint,
                             guint      *status,
                             char      **body,
                             GError    **error)
{
  sqlite3_stmt *statement;
  gboolean found = FALSE;
  gboolean same = FALSE;

  statement = roster_firm_statement (self,
                                     "SELECT fingerprint, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      found = TRUE;
      same = g_strcmp0 (roster_firm_column_text (statement, 0), fingerprint) == 0;
      *status = sqlite3_column_int (statement, 1);
      *body = g_strdup (roster_firm_column_text (statement, 2));
    }
  sqlite3_reset (statement);

  if (found && !same)
    {
      g_clear_pointer (body, g_free);
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_IDEMPOTENCY_KEY_REUSED,
                           "This Idempotency-Key was used for another request");
      return FALSE;
    }

  return found;
}

gboolean
roster_firm_store_idempotent (RosterFirm *self,
                              gint64      user_id,
                              const char *key,
                              const char *fingerprint,
                              guint       status,
                              const char *body,
                              GError    **error)
{
  g_autofree char *now = roster_firm_now (self);
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body, created_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (statement, 4, status);
  sqlite3_bind_text (statement, 5, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 6, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}

/* The support desk ---------------------------------------------------------- */

/**
 * roster_firm_release_email:
 *
 * Frees @email for a deactivated user to be reactivated with it: the active
 * user who holds it signs in with an alias from now on (plus-addressed, so
 * mail still reaches the same mailbox).
 */
gboolean
roster_firm_release_email (RosterFirm *self,
                           const char *email,
                           GError    **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *statement;
  g_autoptr(GArray) holders = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *at;

  at = email ? strchr (email, '@') : NULL;
  if (at == NULL || at == email)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST, "That is not an e-mail address");
      return FALSE;
    }

  if (!roster_firm_begin (self, error))
    return FALSE;

  statement = roster_firm_statement (self, "SELECT id FROM users WHERE email = ? AND enabled = 1", error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, email, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (statement, 0);

      g_array_append_val (holders, id);
    }
  sqlite3_reset (statement);

  if (holders->len == 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND,
                   "No active user holds %s: it is free already", email);
      goto failed;
    }

  now = roster_firm_now (self);
  for (guint i = 0; i < holders->len; i++)
    {
      gint64 id = g_array_index (holders, gint64, i);
      g_autofree char *alias = g_strdup_printf ("%.*s+released-%" G_GINT64_FORMAT "%s",
                                                (int) (at - email), email, id, at);
      g_autoptr(JsonNode) before = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) after = json_node_new (JSON_NODE_OBJECT);
      JsonObject *before_object = json_object_new ();
      JsonObject *after_object = json_object_new ();

      statement = roster_firm_statement (self,
                                         "UPDATE users SET email = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                                         error);
      if (statement == NULL)
        goto failed;
      sqlite3_bind_text (statement, 1, alias, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (statement, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 3, id);
      if (!roster_database_step_done (self->db, statement, NULL))
        {
          roster_firm_set_db_error (self, error);
          goto failed;
        }
      forget_user (self, id);

      json_object_set_string_member (before_object, "email", email);
      json_object_set_string_member (after_object, "email", alias);
      json_node_take_object (before, before_object);
      json_node_take_object (after, after_object);
      if (roster_firm_audit (self, NULL, "support.release_email", "user", id, before, after, error) == 0)
        goto failed;
    }

  return roster_firm_commit (self, error);

failed:
  roster_firm_rollback (self);
  return FALSE;
}

/**
 * roster_firm_issue_closure_code:
 *
 * Returns: a single-use code, valid for 15 minutes, that support reads to
 *   an administrator on the phone
 */
char *
roster_firm_issue_closure_code (RosterFirm *self,
                                GError    **error)
{
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *statement;
  guint32 number;

  if (getrandom (&number, sizeof number, 0) != sizeof number)
    number = g_random_int ();
  code = g_strdup_printf ("%06u", number % 1000000);
  hash = roster_firm_hash_secret (code);

  statement = roster_firm_statement (self, "INSERT OR REPLACE INTO closure_codes (code_hash, expires_at) VALUES (?, ?)",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, g_get_real_time () / G_USEC_PER_SEC + CLOSURE_CODE_LIFETIME_SECONDS);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&code);
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
