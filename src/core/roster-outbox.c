/* roster-outbox.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-compat.h"
#include "roster-json.h"
#include "roster-outbox.h"

/*
 * The outbox: every administrator's action is committed to the cache with
 * an idempotency key before it is sent, applied to the cache at once so the
 * window shows it, and marked queued. Flushing sends the actions in order;
 * each ends done (the server's record replaces the cache's) or refused (the
 * server's reason is kept and the optimistic change undone). A dropped
 * connection leaves an action queued: sent again under the same key, the
 * server applies it once and replays its first answer.
 *
 * Account closure never goes through here: it needs the server now.
 */

struct _RosterOutbox
{
  GObject      parent_instance;

  RosterStore *store;
};

G_DEFINE_FINAL_TYPE (RosterOutbox, roster_outbox, G_TYPE_OBJECT)

static const char *const action_names[] = {
  [ROSTER_ACTION_DEACTIVATE] = "deactivate",
  [ROSTER_ACTION_ACTIVATE] = "activate",
  [ROSTER_ACTION_REASSIGN_WORK] = "reassign_work",
  [ROSTER_ACTION_RENEWAL_OPTIONS] = "renewal_options",
};

static const char *const state_names[] = {
  [ROSTER_OUTBOX_QUEUED] = "queued",
  [ROSTER_OUTBOX_SENDING] = "sending",
  [ROSTER_OUTBOX_DONE] = "done",
  [ROSTER_OUTBOX_REFUSED] = "refused",
};

const char *
roster_action_to_string (RosterAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);

  return action_names[action];
}

gboolean
roster_action_from_string (const char   *string,
                           RosterAction *action)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (string, action_names[i]))
      {
        *action = i;
        return TRUE;
      }

  return FALSE;
}

const char *
roster_outbox_state_to_string (RosterOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
roster_outbox_state_from_string (const char        *string,
                                 RosterOutboxState *state)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (string, state_names[i]))
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

static void
roster_outbox_finalize (GObject *object)
{
  RosterOutbox *self = ROSTER_OUTBOX (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (roster_outbox_parent_class)->finalize (object);
}

static void
roster_outbox_class_init (RosterOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_outbox_finalize;
}

static void
roster_outbox_init (RosterOutbox *self)
{
}

RosterOutbox *
roster_outbox_new (RosterStore *store)
{
  RosterOutbox *self = g_object_new (ROSTER_TYPE_OUTBOX, NULL);

  self->store = g_object_ref (store);

  return self;
}

static RosterDatabase *
database (RosterOutbox *self)
{
  return roster_store_get_database (self->store);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

G_DEFINE_QUARK (roster-outbox-error-quark, roster_outbox_error)

/**
 * roster_outbox_check_offered:
 *
 * Says plainly what a server with Clio's public API alone cannot do.
 */
gboolean
roster_outbox_check_offered (RosterOutbox *self,
                             RosterAction  action,
                             GError      **error)
{
  if (roster_store_get_server_api (self->store) != ROSTER_SERVER_API_CLIO ||
      action == ROSTER_ACTION_REASSIGN_WORK)
    return TRUE;

  g_set_error_literal (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_NOT_OFFERED,
                       action == ROSTER_ACTION_DEACTIVATE
                         ? _("This server offers only Clio’s public API, which cannot deactivate users")
                       : action == ROSTER_ACTION_ACTIVATE
                         ? _("This server offers only Clio’s public API, which cannot reactivate users")
                         : _("This server offers only Clio’s public API, which cannot change renewal options"));
  return FALSE;
}

static gboolean
read_receiver (JsonObject *data,
               const char *name,
               gint64     *id,
               GError    **error)
{
  *id = 0;
  if (!json_object_has_member (data, name) || JSON_NODE_HOLDS_NULL (json_object_get_member (data, name)))
    return TRUE;

  return roster_json_get_id (data, name, id, error);
}

/* The receivers of a reassignment, from its body. */
static gboolean
read_reassignment (const char *payload,
                   gint64      receivers[3],
                   GError    **error)
{
  g_autoptr(JsonNode) root = payload ? roster_json_parse (payload, -1, error) : NULL;
  JsonNode *data;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_clear_error (error);
      g_set_error_literal (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_INVALID,
                           "A reassignment needs a body with its receivers");
      return FALSE;
    }

  return read_receiver (json_node_get_object (data), "matters_to", &receivers[ROSTER_WORK_MATTER], error) &&
         read_receiver (json_node_get_object (data), "tasks_to", &receivers[ROSTER_WORK_TASK], error) &&
         read_receiver (json_node_get_object (data), "calendar_entries_to", &receivers[ROSTER_WORK_EVENT], error);
}

static void
add_receiver (JsonBuilder *builder,
              const char  *name,
              gint64       id)
{
  json_builder_set_member_name (builder, name);
  /* Nobody is 0 here; the API says null. */
  if (id != 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

/**
 * roster_reassignment_body:
 * @matters_to: the new responsible attorney, or 0 for none
 * @dry_run: ask the server what would move, changing nothing
 *
 * Returns: the body of `POST /users/{id}/reassign_work.json`
 */
char *
roster_reassignment_body (gint64   matters_to,
                          gint64   tasks_to,
                          gint64   calendar_entries_to,
                          gboolean dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_receiver (builder, "matters_to", matters_to);
  add_receiver (builder, "tasks_to", tasks_to);
  add_receiver (builder, "calendar_entries_to", calendar_entries_to);
  if (dry_run)
    {
      json_builder_set_member_name (builder, "dry_run");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static char *
renewal_options_body (gboolean remove_unused_licenses)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "remove_unused_licenses");
  json_builder_add_boolean_value (builder, remove_unused_licenses);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/*
 * The undo record, one format for every action: a JSON object with what
 * the optimistic change replaced, each member optional.
 *
 *   "users": [[id, enabled, personal_injury_license], …]
 *   "matters", "tasks", "calendar_entries": [[id, previous owner], …]
 *   "calendar_to": the receiving calendar of a reassignment's events
 *   "remove_unused_licenses": the renewal option before
 *
 * An item's id is a number, or a calendar entry's id as the server writes
 * it when that is not one.
 */
static const char *const work_members[] = {
  [ROSTER_WORK_MATTER] = "matters",
  [ROSTER_WORK_TASK] = "tasks",
  [ROSTER_WORK_EVENT] = "calendar_entries",
};

/* [id, previous owner]: the id a number, or a calendar entry's id that is
 * not one as the server writes it. */
static void
add_move (JsonBuilder             *builder,
          const RosterPreviewItem *item,
          gint64                   was)
{
  json_builder_begin_array (builder);
  if (item->id != 0)
    json_builder_add_int_value (builder, item->id);
  else
    json_builder_add_string_value (builder, item->id_string);
  json_builder_add_int_value (builder, was);
  json_builder_end_array (builder);
}

static char *
builder_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Moves in the cache what the reassignment moves, by the rules the server
 * applies, and writes down where each item was. */
static char *
apply_reassignment (RosterOutbox *self,
                    gint64        user_id,
                    const gint64  receivers[3],
                    GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 calendar = 0;
  GArray *items[3];

  preview = roster_store_preview_reassignment (self->store, user_id, now, error);
  if (preview == NULL)
    return NULL;
  items[ROSTER_WORK_MATTER] = preview->matters;
  items[ROSTER_WORK_TASK] = preview->tasks;
  items[ROSTER_WORK_EVENT] = preview->calendar_entries;

  /* Events move to the receiver's calendar: without it in the cache, they
   * wait for the server. */
  if (receivers[ROSTER_WORK_EVENT] != 0)
    calendar = roster_compat_receiving_calendar (self->store, receivers[ROSTER_WORK_EVENT], NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "calendar_to");
  json_builder_add_int_value (builder, calendar);
  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      gint64 to = kind == ROSTER_WORK_EVENT ? calendar : receivers[kind];

      json_builder_set_member_name (builder, work_members[kind]);
      json_builder_begin_array (builder);
      for (guint i = 0; to != 0 && i < items[kind]->len; i++)
        {
          RosterPreviewItem *item = &g_array_index (items[kind], RosterPreviewItem, i);
          gint64 was = 0;

          if (item->verdict != ROSTER_VERDICT_MOVES)
            continue;
          if (!roster_store_get_work_owner_by_id_string (self->store, kind, item->id_string, &was, error) ||
              !roster_store_set_work_owner_by_id_string (self->store, kind, item->id_string, to, error))
            return NULL;
          add_move (builder, item, was);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return builder_text (builder);
}

/* Sets the renewal option in the cached account, with the price it
 * projects, as the server will. */
static gboolean
set_renewal_option (RosterOutbox *self,
                    gboolean      remove,
                    gboolean     *was,
                    GError      **error)
{
  g_autoptr(JsonObject) account = roster_store_get_account_json (self->store, error);
  JsonObject *renewal;

  if (account == NULL)
    return error == NULL || *error == NULL;

  renewal = json_object_get_object_member (account, "renewal");
  if (was != NULL)
    *was = json_object_get_boolean_member (renewal, "remove_unused_licenses");
  json_object_set_boolean_member (renewal, "remove_unused_licenses", remove);
  json_object_set_int_member (renewal, "projected_price",
                              json_object_get_int_member (renewal, remove ? "price_with_removal"
                                                                          : "price_without_removal"));
  return roster_store_put_account (self->store, account, error);
}

static char *
apply_renewal_options (RosterOutbox *self,
                       gboolean      remove,
                       GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean was = FALSE;
  g_autoptr(RosterAccount) cached = roster_store_get_account (self->store, NULL);

  json_builder_begin_object (builder);
  if (cached != NULL)
    {
      if (!set_renewal_option (self, remove, &was, error))
        return NULL;
      json_builder_set_member_name (builder, "remove_unused_licenses");
      json_builder_add_boolean_value (builder, was);
    }
  json_builder_end_object (builder);

  return builder_text (builder);
}

/* A user's deactivation or reactivation, shown in the cache at once. */
static char *
apply_user_change (RosterOutbox *self,
                   RosterAction  action,
                   gint64        user_id,
                   GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(RosterUser) user = roster_store_get_user (self->store, user_id, NULL);

  json_builder_begin_object (builder);
  /* A user the cache does not know yet: nothing to show, nothing to undo. */
  if (user != NULL)
    {
      gboolean enabled = roster_user_get_enabled (user);
      gboolean pi = roster_user_get_personal_injury_license (user);

      json_builder_set_member_name (builder, "users");
      json_builder_begin_array (builder);
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, user_id);
      json_builder_add_int_value (builder, enabled);
      json_builder_add_int_value (builder, pi);
      json_builder_end_array (builder);
      json_builder_end_array (builder);

      /* Deactivated, they lose their Personal Injury license for good. */
      if (!roster_store_set_user_enabled (self->store, user_id, action == ROSTER_ACTION_ACTIVATE,
                                          action == ROSTER_ACTION_ACTIVATE && pi, error))
        return NULL;
    }
  json_builder_end_object (builder);

  return builder_text (builder);
}

/* Writes the action, applied to the cache, in one transaction. */
static gint64
enqueue (RosterOutbox *self,
         RosterAction  action,
         gint64        target_id,
         const char   *payload,
         const gint64  receivers[3],
         gboolean      remove_unused_licenses,
         GError      **error)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *now = now_text ();
  g_autofree char *undo = NULL;
  sqlite3_stmt *statement;
  gint64 id;

  if (!roster_outbox_check_offered (self, action, error))
    return 0;

  if (!roster_store_begin (self->store, error))
    return 0;

  switch (action)
    {
    case ROSTER_ACTION_DEACTIVATE:
    case ROSTER_ACTION_ACTIVATE:
      undo = apply_user_change (self, action, target_id, error);
      break;
    case ROSTER_ACTION_REASSIGN_WORK:
      undo = apply_reassignment (self, target_id, receivers, error);
      break;
    case ROSTER_ACTION_RENEWAL_OPTIONS:
      undo = apply_renewal_options (self, remove_unused_licenses, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (undo == NULL)
    goto failed;

  statement = roster_database_statement (database (self),
                                         "INSERT INTO outbox (idempotency_key, action, target_id, payload, state, undo,"
                                         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, roster_action_to_string (action), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 3, target_id);
  sqlite3_bind_text (statement, 4, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 5, roster_outbox_state_to_string (ROSTER_OUTBOX_QUEUED), -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 6, undo, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 7, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 8, now, -1, SQLITE_TRANSIENT);
  if (!roster_database_step_done (database (self), statement, error))
    goto failed;
  id = roster_database_last_insert_id (database (self));

  if (!roster_store_commit (self->store, error))
    goto failed;

  return id;

failed:
  roster_store_rollback (self->store);
  return 0;
}

/**
 * roster_outbox_enqueue_deactivate:
 *
 * Queues a deactivation, shown in the cache at once. The rules the cache
 * can judge are the session's to check first.
 *
 * Returns: the queued action's id, or 0 with an error
 */
gint64
roster_outbox_enqueue_deactivate (RosterOutbox *self,
                                  gint64        user_id,
                                  GError      **error)
{
  return enqueue (self, ROSTER_ACTION_DEACTIVATE, user_id, NULL, NULL, FALSE, error);
}

gint64
roster_outbox_enqueue_activate (RosterOutbox *self,
                                gint64        user_id,
                                GError      **error)
{
  return enqueue (self, ROSTER_ACTION_ACTIVATE, user_id, NULL, NULL, FALSE, error);
}

/**
 * roster_outbox_enqueue_reassignment:
 * @matters_to: the new responsible attorney of the open and pending
 *   matters, or 0 to leave them
 *
 * Returns: the queued action's id, or 0 with an error
 */
gint64
roster_outbox_enqueue_reassignment (RosterOutbox *self,
                                    gint64        user_id,
                                    gint64        matters_to,
                                    gint64        tasks_to,
                                    gint64        calendar_entries_to,
                                    GError      **error)
{
  const gint64 receivers[3] = {
    [ROSTER_WORK_MATTER] = matters_to,
    [ROSTER_WORK_TASK] = tasks_to,
    [ROSTER_WORK_EVENT] = calendar_entries_to,
  };
  g_autofree char *body = roster_reassignment_body (matters_to, tasks_to, calendar_entries_to, FALSE);

  if (matters_to == 0 && tasks_to == 0 && calendar_entries_to == 0)
    {
      g_set_error_literal (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_INVALID,
                           _("A reassignment needs someone to receive the matters, the tasks or the calendar events"));
      return 0;
    }

  return enqueue (self, ROSTER_ACTION_REASSIGN_WORK, user_id, body, receivers, FALSE, error);
}

gint64
roster_outbox_enqueue_renewal_options (RosterOutbox *self,
                                       gboolean      remove_unused_licenses,
                                       GError      **error)
{
  g_autofree char *body = renewal_options_body (remove_unused_licenses);

  return enqueue (self, ROSTER_ACTION_RENEWAL_OPTIONS, 0, body, NULL, remove_unused_licenses, error);
}

guint
roster_outbox_count (RosterOutbox     *self,
                     RosterOutboxState state)
{
  sqlite3_stmt *statement;
  guint count = 0;

  statement = roster_database_statement (database (self), "SELECT count(*) FROM outbox WHERE state = ?", NULL);
  if (statement == NULL)
    return 0;
  sqlite3_bind_text (statement, 1, roster_outbox_state_to_string (state), -1, SQLITE_STATIC);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  sqlite3_reset (statement);

  return count;
}

/* Actions not yet answered: queued, or sent with no answer yet. */
guint
roster_outbox_count_waiting (RosterOutbox *self)
{
  return roster_outbox_count (self, ROSTER_OUTBOX_QUEUED) + roster_outbox_count (self, ROSTER_OUTBOX_SENDING);
}

static gboolean
set_state (RosterOutbox     *self,
           gint64            id,
           RosterOutboxState state,
           const char       *error_type,
           const char       *error_message,
           GError          **error)
{
  g_autofree char *now = now_text ();
  sqlite3_stmt *statement;

  statement = roster_database_statement (database (self),
                                         "UPDATE outbox SET state = ?, error_type = ?, error_message = ?, updated_at = ?"
                                         " WHERE id = ?",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, roster_outbox_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, error_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, error_message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 5, id);

  return roster_database_step_done (database (self), statement, error);
}

/* An undo record's member, an array of arrays of integers, or %NULL. */
static JsonArray *
undo_member (JsonObject *undo,
             const char *name)
{
  JsonNode *node = json_object_get_member (undo, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
tuple_int (JsonArray *tuple,
           guint      index)
{
  JsonNode *node;

  if (index >= json_array_get_length (tuple))
    return 0;
  node = json_array_get_element (tuple, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : 0;
}

/* An item's id in an undo record, as the store takes it: a number in
 * decimal, a calendar entry's string as it is. */
static char *
tuple_id_string (JsonArray *tuple,
                 guint      index)
{
  JsonNode *node;

  if (index >= json_array_get_length (tuple))
    return NULL;
  node = json_array_get_element (tuple, index);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

/* Puts back what the optimistic change replaced, whatever the action. */
static gboolean
undo_optimistic (RosterOutbox *self,
                 const char   *undo_text,
                 GError      **error)
{
  g_autoptr(JsonNode) root = undo_text ? roster_json_parse (undo_text, -1, NULL) : NULL;
  JsonObject *undo;
  JsonArray *users;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  undo = json_node_get_object (root);

  users = undo_member (undo, "users");
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonArray *user = json_array_get_array_element (users, i);

      if (user != NULL &&
          !roster_store_set_user_enabled (self->store, tuple_int (user, 0), tuple_int (user, 1) != 0,
                                          tuple_int (user, 2) != 0, error))
        return FALSE;
    }

  for (RosterWorkKind kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      JsonArray *moves = undo_member (undo, work_members[kind]);

      for (guint i = 0; moves != NULL && i < json_array_get_length (moves); i++)
        {
          JsonArray *move = json_array_get_array_element (moves, i);
          g_autofree char *item_id = move ? tuple_id_string (move, 0) : NULL;

          if (item_id != NULL &&
              !roster_store_set_work_owner_by_id_string (self->store, kind, item_id, tuple_int (move, 1), error))
            return FALSE;
        }
    }

  if (json_object_has_member (undo, "remove_unused_licenses") &&
      !set_renewal_option (self, json_object_get_boolean_member (undo, "remove_unused_licenses"), NULL, error))
    return FALSE;

  return TRUE;
}

/* The server's answer to a user action is the user as it is now, to renewal
 * options the account; a reassignment's the next sync brings in. */
static gboolean
store_answer (RosterOutbox *self,
              RosterAction  action,
              JsonNode     *answer,
              GError      **error)
{
  JsonNode *data;
  g_autoptr(RosterUser) user = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      (data = json_object_get_member (json_node_get_object (answer), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;

  if (action == ROSTER_ACTION_RENEWAL_OPTIONS)
    return roster_store_put_account (self->store, json_node_get_object (data), error);

  if (!json_object_has_member (json_node_get_object (data), "roles"))
    return TRUE;

  user = roster_user_new_from_json (json_node_get_object (data), error);
  return user != NULL && roster_store_put_user (self->store, user, error);
}

/* What the server answered, for `roster-cli queue` and a reassignment's
 * result. */
static gboolean
keep_answer (RosterOutbox *self,
             gint64        id,
             JsonNode     *answer,
             GError      **error)
{
  g_autofree char *text = answer ? json_to_string (answer, FALSE) : NULL;
  sqlite3_stmt *statement;

  if (text == NULL)
    return TRUE;

  statement = roster_database_statement (database (self), "UPDATE outbox SET answer = ? WHERE id = ?", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 2, id);

  return roster_database_step_done (database (self), statement, error);
}

/*
 * Sends one action to a server with Clio's API alone: a reassignment reads
 * the user's work as the server has it now, judges it by the rules and
 * moves what moves, one PATCH with If-Match each; its answer says what
 * moved, what stayed, what could not be judged, that nobody was notified
 * and whether a deactivated user's hidden entries were out of sight.
 * Anything else is refused here with the plain reason.
 */
static JsonNode *
send_to_clio (RosterOutbox *self,
              RosterApi    *api,
              RosterAction  action,
              gint64        target_id,
              const char   *payload,
              char        **error_type,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(RosterCompatResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 receivers[3];

  if (action != ROSTER_ACTION_REASSIGN_WORK)
    {
      *error_type = g_strdup ("not_offered");
      roster_outbox_check_offered (self, action, error);
      return NULL;
    }

  if (!read_reassignment (payload, receivers, error))
    {
      *error_type = g_strdup ("invalid_request");
      return NULL;
    }

  result = roster_compat_reassign (self->store, api, target_id, receivers[ROSTER_WORK_MATTER],
                                   receivers[ROSTER_WORK_TASK], receivers[ROSTER_WORK_EVENT], FALSE, now,
                                   cancellable, error);
  if (result == NULL)
    {
      *error_type = g_strdup (roster_api_error_get_refusal (error ? *error : NULL));
      return NULL;
    }

  return g_steal_pointer (&result->answer);
}

static char *
action_path (RosterAction action,
             gint64       target_id,
             const char **method)
{
  *method = "POST";
  if (action == ROSTER_ACTION_RENEWAL_OPTIONS)
    {
      *method = "PATCH";
      return g_strdup ("/account/renewal_options.json");
    }

  return g_strdup_printf ("/users/%" G_GINT64_FORMAT "/%s.json", target_id, roster_action_to_string (action));
}

static RosterOutboxEntry *
entry_from_row (sqlite3_stmt *statement)
{
  RosterOutboxEntry *entry = g_new0 (RosterOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (statement, 0);
  roster_action_from_string ((const char *) sqlite3_column_text (statement, 1), &entry->action);
  entry->target_id = sqlite3_column_int64 (statement, 2);
  entry->payload = g_strdup ((const char *) sqlite3_column_text (statement, 3));
  roster_outbox_state_from_string ((const char *) sqlite3_column_text (statement, 4), &entry->state);
  entry->error_type = g_strdup ((const char *) sqlite3_column_text (statement, 5));
  entry->error_message = g_strdup ((const char *) sqlite3_column_text (statement, 6));
  entry->created_at = g_strdup ((const char *) sqlite3_column_text (statement, 7));
  entry->updated_at = g_strdup ((const char *) sqlite3_column_text (statement, 8));
  entry->answer = g_strdup ((const char *) sqlite3_column_text (statement, 9));

  return entry;
}

#define ENTRY_COLUMNS \
  "id, action, target_id, payload, state, error_type, error_message, created_at, updated_at, answer"

/**
 * roster_outbox_flush:
 * @sent: (out) (optional): the actions that ended done or refused
 *
 * Sends the queued actions in order. Returns %FALSE, leaving the rest
 * queued, when the server cannot be reached or the sign-in has expired.
 */
gboolean
roster_outbox_flush (RosterOutbox *self,
                     RosterApi    *api,
                     guint        *sent,
                     GCancellable *cancellable,
                     GError      **error)
{
  guint count = 0;

  for (;;)
    {
      g_autofree char *key = NULL;
      g_autofree char *undo = NULL;
      g_autofree char *path = NULL;
      g_autofree char *error_type = NULL;
      g_autoptr(RosterOutboxEntry) entry = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *method;
      sqlite3_stmt *statement;
      guint status = 0;

      statement = roster_database_statement (database (self),
                                             "SELECT " ENTRY_COLUMNS ", idempotency_key, undo FROM outbox"
                                             " WHERE state IN ('queued', 'sending') ORDER BY id LIMIT 1",
                                             error);
      if (statement == NULL)
        return FALSE;
      if (sqlite3_step (statement) == SQLITE_ROW)
        {
          entry = entry_from_row (statement);
          key = g_strdup ((const char *) sqlite3_column_text (statement, 10));
          undo = g_strdup ((const char *) sqlite3_column_text (statement, 11));
        }
      sqlite3_reset (statement);

      if (entry == NULL)
        break;

      if (!set_state (self, entry->id, ROSTER_OUTBOX_SENDING, NULL, NULL, error))
        return FALSE;

      if (roster_store_get_server_api (self->store) == ROSTER_SERVER_API_CLIO)
        answer = send_to_clio (self, api, entry->action, entry->target_id, entry->payload, &error_type, cancellable,
                               &local_error);
      else
        {
          path = action_path (entry->action, entry->target_id, &method);
          answer = roster_api_write (api, method, path, entry->payload, key, &status, cancellable, &local_error);
          error_type = g_strdup (roster_api_error_get_refusal (local_error));
        }

      if (local_error != NULL &&
          (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) ||
           local_error->domain == ROSTER_OUTBOX_ERROR))
        {
          /* Refused: keep the server's reason, undo what the window showed. */
          if (error_type == NULL)
            error_type = g_strdup ("unknown");
          if (!roster_store_begin (self->store, error) ||
              !set_state (self, entry->id, ROSTER_OUTBOX_REFUSED, error_type, local_error->message, error) ||
              !undo_optimistic (self, undo, error) ||
              !roster_store_commit (self->store, error))
            {
              roster_store_rollback (self->store);
              return FALSE;
            }
          count++;
          continue;
        }

      if (local_error != NULL)
        {
          /* Offline, a failing server or an expired sign-in: try later. */
          set_state (self, entry->id, ROSTER_OUTBOX_QUEUED, NULL, NULL, NULL);
          if (sent != NULL)
            *sent = count;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!roster_store_begin (self->store, error) ||
          !set_state (self, entry->id, ROSTER_OUTBOX_DONE, NULL, NULL, error) ||
          !keep_answer (self, entry->id, answer, error) ||
          !store_answer (self, entry->action, answer, error) ||
          !roster_store_commit (self->store, error))
        {
          roster_store_rollback (self->store);
          return FALSE;
        }
      count++;
    }

  if (sent != NULL)
    *sent = count;

  return TRUE;
}

void
roster_outbox_entry_free (RosterOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->payload);
  g_free (entry->error_type);
  g_free (entry->error_message);
  g_free (entry->created_at);
  g_free (entry->updated_at);
  g_free (entry->answer);
  g_free (entry);
}

/**
 * roster_outbox_get:
 *
 * Returns: (transfer full) (nullable): the action @id, with its state and,
 *   when refused, the server's reason; %NULL with G_IO_ERROR_NOT_FOUND
 */
RosterOutboxEntry *
roster_outbox_get (RosterOutbox *self,
                   gint64        id,
                   GError      **error)
{
  RosterOutboxEntry *entry = NULL;
  sqlite3_stmt *statement;

  statement = roster_database_statement (database (self), "SELECT " ENTRY_COLUMNS " FROM outbox WHERE id = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    entry = entry_from_row (statement);
  sqlite3_reset (statement);

  if (entry == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No action %" G_GINT64_FORMAT " in the outbox", id);

  return entry;
}

/**
 * roster_outbox_list:
 *
 * Returns: (transfer full) (element-type RosterOutboxEntry): every action,
 *   oldest first, with its state and, when refused, the server's reason
 */
GPtrArray *
roster_outbox_list (RosterOutbox *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_outbox_entry_free);
  sqlite3_stmt *statement;

  statement = roster_database_statement (database (self), "SELECT " ENTRY_COLUMNS " FROM outbox ORDER BY id", error);
  if (statement == NULL)
    return NULL;

  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (statement));
  sqlite3_reset (statement);

  return g_steal_pointer (&entries);
}

/**
 * roster_outbox_cancel:
 *
 * Takes back an action that has not been sent: what it showed in the cache
 * is undone and it leaves the outbox. One already sent (sending) may have
 * reached the server, and one answered is history: neither can be.
 *
 * Returns: %FALSE with G_IO_ERROR_NOT_FOUND or G_IO_ERROR_BUSY when it
 *   cannot be cancelled
 */
gboolean
roster_outbox_cancel (RosterOutbox *self,
                      gint64        id,
                      GError      **error)
{
  g_autoptr(RosterOutboxEntry) entry = roster_outbox_get (self, id, error);
  g_autofree char *undo = NULL;
  sqlite3_stmt *statement;

  if (entry == NULL)
    return FALSE;
  if (entry->state != ROSTER_OUTBOX_QUEUED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   entry->state == ROSTER_OUTBOX_SENDING
                     ? _("This action is being sent and may already have reached the server: it cannot be cancelled")
                     : _("This action has been answered by the server: there is nothing to cancel"));
      return FALSE;
    }

  if (!roster_store_begin (self->store, error))
    return FALSE;

  statement = roster_database_statement (database (self), "SELECT undo FROM outbox WHERE id = ? AND state = 'queued'",
                                         error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_int64 (statement, 1, id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    undo = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  statement = roster_database_statement (database (self), "DELETE FROM outbox WHERE id = ? AND state = 'queued'", error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_int64 (statement, 1, id);
  if (!roster_database_step_done (database (self), statement, error) ||
      !undo_optimistic (self, undo, error) ||
      !roster_store_commit (self->store, error))
    goto failed;

  return TRUE;

failed:
  roster_store_rollback (self->store);
  return FALSE;
}

/**
 * roster_outbox_find_waiting:
 * @target_id: the user an action is for
 *
 * Returns: (transfer full) (nullable): the latest action for @target_id
 *   that has not been answered yet, for "Deactivation pending" on their
 *   row and page
 */
RosterOutboxEntry *
roster_outbox_find_waiting (RosterOutbox *self,
                            gint64        target_id)
{
  RosterOutboxEntry *entry = NULL;
  sqlite3_stmt *statement;

  statement = roster_database_statement (database (self),
                                         "SELECT " ENTRY_COLUMNS " FROM outbox WHERE target_id = ?"
                                         " AND action IN ('deactivate', 'activate', 'reassign_work')"
                                         " AND state IN ('queued', 'sending') ORDER BY id DESC LIMIT 1",
                                         NULL);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, target_id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    entry = entry_from_row (statement);
  sqlite3_reset (statement);

  return entry;
}

static GPtrArray *
list_where (RosterOutbox *self,
            const char   *sql,
            gint64        target_id,
            guint         limit,
            GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_outbox_entry_free);
  sqlite3_stmt *statement = roster_database_statement (database (self), sql, error);

  if (statement == NULL)
    return NULL;
  if (target_id != 0)
    {
      sqlite3_bind_int64 (statement, 1, target_id);
      sqlite3_bind_int64 (statement, 2, limit);
    }
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (statement));
  sqlite3_reset (statement);

  return g_steal_pointer (&entries);
}

/**
 * roster_outbox_list_waiting:
 *
 * Returns: (transfer container): the actions not yet answered (queued or
 *   being sent), oldest first, as the window marks them
 */
GPtrArray *
roster_outbox_list_waiting (RosterOutbox *self,
                            GError      **error)
{
  return list_where (self, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE state IN ('queued', 'sending') ORDER BY id",
                     0, 0, error);
}

/**
 * roster_outbox_list_for_user:
 * @limit: how many of the newest to return
 *
 * Returns: (transfer container): the newest actions on @user_id (deactivating,
 *   reactivating, reassigning their work), newest first, whatever their state
 */
GPtrArray *
roster_outbox_list_for_user (RosterOutbox *self,
                             gint64        user_id,
                             guint         limit,
                             GError      **error)
{
  return list_where (self, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE target_id = ?"
                     " AND action IN ('deactivate', 'activate', 'reassign_work') ORDER BY id DESC LIMIT ?",
                     user_id, limit, error);
}
