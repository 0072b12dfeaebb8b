/* roster-outbox.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-outbox"

#include "config.h"

#include <stdio.h>

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

/* Says plainly what a server with Clio's public API alone cannot do. */
static gboolean
check_offered (RosterOutbox *self,
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
                   gint64     *matters_to,
                   gint64     *tasks_to,
                   gint64     *calendar_entries_to,
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

  return read_receiver (json_node_get_object (data), "matters_to", matters_to, error) &&
         read_receiver (json_node_get_object (data), "tasks_to", tasks_to, error) &&
         read_receiver (json_node_get_object (data), "calendar_entries_to", calendar_entries_to, error);
}

static gboolean
set_column (RosterOutbox *self,
            const char   *sql,
            gint64        value,
            gint64        id,
            GError      **error)
{
  sqlite3_stmt *statement = roster_database_statement (database (self), sql, error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, value);
  sqlite3_bind_int64 (statement, 2, id);

  return roster_database_step_done (database (self), statement, error);
}

static const struct
{
  const char *name;     /* in the undo record */
  const char *read;     /* the item's receiver as the cache has it */
  const char *write;
} reassigned_kinds[] = {
  { "matters", "SELECT responsible_attorney_id FROM matters WHERE id = ?",
    "UPDATE matters SET responsible_attorney_id = ? WHERE id = ?" },
  { "tasks", "SELECT assignee_id FROM tasks WHERE id = ?",
    "UPDATE tasks SET assignee_id = ? WHERE id = ?" },
  { "calendar_entries", "SELECT calendar_owner_id FROM calendar_entries WHERE id = ?",
    "UPDATE calendar_entries SET calendar_owner_id = ? WHERE id = ?" },
};

/* Moves in the cache what the reassignment moves, by the rules the server
 * applies, and writes down where each item was. */
static char *
apply_reassignment (RosterOutbox *self,
                    gint64        user_id,
                    const char   *payload,
                    GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) undo = NULL;
  gint64 receivers[3] = { 0 };
  gint64 calendar = 0;
  GArray *items[3];

  if (!read_reassignment (payload, &receivers[0], &receivers[1], &receivers[2], error))
    return NULL;

  preview = roster_store_preview_reassignment (self->store, user_id, now, error);
  if (preview == NULL)
    return NULL;
  items[0] = preview->matters;
  items[1] = preview->tasks;
  items[2] = preview->calendar_entries;

  /* Events move to the receiver's calendar: without it in the cache, they
   * wait for the server. */
  if (receivers[2] != 0)
    calendar = roster_compat_receiving_calendar (self->store, receivers[2], NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "calendar_to");
  json_builder_add_int_value (builder, calendar);
  for (guint kind = 0; kind < G_N_ELEMENTS (reassigned_kinds); kind++)
    {
      gint64 to = kind == 2 ? calendar : receivers[kind];

      json_builder_set_member_name (builder, reassigned_kinds[kind].name);
      json_builder_begin_array (builder);
      for (guint i = 0; to != 0 && i < items[kind]->len; i++)
        {
          RosterPreviewItem *item = &g_array_index (items[kind], RosterPreviewItem, i);
          sqlite3_stmt *statement;
          gint64 was = 0;

          if (item->verdict != ROSTER_VERDICT_MOVES)
            continue;

          statement = roster_database_statement (database (self), reassigned_kinds[kind].read, error);
          if (statement == NULL)
            return NULL;
          sqlite3_bind_int64 (statement, 1, item->id);
          if (sqlite3_step (statement) == SQLITE_ROW)
            was = sqlite3_column_int64 (statement, 0);
          sqlite3_reset (statement);

          if (!set_column (self, reassigned_kinds[kind].write, to, item->id, error))
            return NULL;

          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, item->id);
          json_builder_add_int_value (builder, was);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  undo = json_builder_get_root (builder);
  return json_to_string (undo, FALSE);
}

/* Sets the renewal option in the cached account, with the price it
 * projects, as the server will. */
static char *
apply_renewal_options (RosterOutbox *self,
                       const char   *payload,
                       GError      **error)
{
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonNode) root = payload ? roster_json_parse (payload, -1, NULL) : NULL;
  JsonObject *data = NULL;
  JsonObject *renewal;
  gboolean remove, was;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "data") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "data")))
    data = json_object_get_object_member (json_node_get_object (root), "data");
  if (data == NULL || !json_object_has_member (data, "remove_unused_licenses") ||
      json_node_get_value_type (json_object_get_member (data, "remove_unused_licenses")) != G_TYPE_BOOLEAN)
    {
      g_set_error_literal (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_INVALID,
                           "Renewal options need “remove_unused_licenses”, true or false");
      return NULL;
    }
  remove = json_object_get_boolean_member (data, "remove_unused_licenses");

  account = roster_store_get_account_json (self->store, error);
  if (account == NULL)
    return *error == NULL ? g_strdup ("") : NULL;

  renewal = json_object_get_object_member (account, "renewal");
  was = json_object_get_boolean_member (renewal, "remove_unused_licenses");
  json_object_set_boolean_member (renewal, "remove_unused_licenses", remove);
  json_object_set_int_member (renewal, "projected_price",
                              json_object_get_int_member (renewal, remove ? "price_with_removal"
                                                                          : "price_without_removal"));
  if (!roster_store_put_account (self->store, account, error))
    return NULL;

  return g_strdup (was ? "renewal 1" : "renewal 0");
}

/* Applies an action to the cache, so the window shows it at once, and
 * returns what undoes it ("" when there is nothing to undo). */
static char *
apply_optimistically (RosterOutbox *self,
                      RosterAction  action,
                      gint64        user_id,
                      const char   *payload,
                      GError      **error)
{
  sqlite3_stmt *statement;
  g_autofree char *undo = NULL;

  if (action == ROSTER_ACTION_REASSIGN_WORK)
    return apply_reassignment (self, user_id, payload, error);
  if (action == ROSTER_ACTION_RENEWAL_OPTIONS)
    return apply_renewal_options (self, payload, error);

  statement = roster_database_statement (database (self),
                                         "SELECT enabled, personal_injury_license FROM users WHERE id = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    undo = g_strdup_printf ("%d %d", sqlite3_column_int (statement, 0), sqlite3_column_int (statement, 1));
  sqlite3_reset (statement);

  /* A user the cache does not know yet: nothing to show, nothing to undo. */
  if (undo == NULL)
    return g_strdup ("");

  statement = roster_database_statement (database (self),
                                         action == ROSTER_ACTION_DEACTIVATE
                                           ? "UPDATE users SET enabled = 0, personal_injury_license = 0 WHERE id = ?"
                                           : "UPDATE users SET enabled = 1 WHERE id = ?",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  if (!roster_database_step_done (database (self), statement, error))
    return NULL;

  return g_steal_pointer (&undo);
}

/**
 * roster_outbox_enqueue:
 * @payload: (nullable): the action's JSON body, for those that have one
 *
 * Returns: the queued action's id, or 0 with an error
 */
gint64
roster_outbox_enqueue (RosterOutbox *self,
                       RosterAction  action,
                       gint64        target_id,
                       const char   *payload,
                       GError      **error)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *now = now_text ();
  g_autofree char *undo = NULL;
  sqlite3_stmt *statement;
  gint64 id;

  g_return_val_if_fail (action <= ROSTER_ACTION_RENEWAL_OPTIONS, 0);

  if (!check_offered (self, action, error))
    return 0;

  if (!roster_store_begin (self->store, error))
    return 0;

  undo = apply_optimistically (self, action, target_id, payload, error);
  if (undo == NULL)
    goto failed;

  statement = roster_database_statement (database (self),
                                         "INSERT INTO outbox (idempotency_key, action, target_id, payload, state, undo,"
                                         " created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)",
                                         error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, action_names[action], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 3, target_id);
  sqlite3_bind_text (statement, 4, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 5, undo, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 7, now, -1, SQLITE_TRANSIENT);
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

guint
roster_outbox_count (RosterOutbox *self,
                     const char   *state)
{
  sqlite3_stmt *statement;
  guint count = 0;

  statement = roster_database_statement (database (self), "SELECT count(*) FROM outbox WHERE state = ?", NULL);
  if (statement == NULL)
    return 0;
  sqlite3_bind_text (statement, 1, state, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  sqlite3_reset (statement);

  return count;
}

static gboolean
set_state (RosterOutbox *self,
           gint64        id,
           const char   *state,
           const char   *error_type,
           const char   *error_message,
           GError      **error)
{
  g_autofree char *now = now_text ();
  sqlite3_stmt *statement;

  statement = roster_database_statement (database (self),
                                         "UPDATE outbox SET state = ?, error_type = ?, error_message = ?, updated_at = ?"
                                         " WHERE id = ?",
                                         error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, error_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, error_message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 5, id);

  return roster_database_step_done (database (self), statement, error);
}

static gboolean
undo_reassignment (RosterOutbox *self,
                   const char   *undo,
                   GError      **error)
{
  g_autoptr(JsonNode) root = roster_json_parse (undo, -1, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  for (guint kind = 0; kind < G_N_ELEMENTS (reassigned_kinds); kind++)
    {
      JsonArray *moves = json_object_get_array_member (json_node_get_object (root), reassigned_kinds[kind].name);

      for (guint i = 0; moves != NULL && i < json_array_get_length (moves); i++)
        {
          JsonArray *move = json_array_get_array_element (moves, i);

          if (!set_column (self, reassigned_kinds[kind].write, json_array_get_int_element (move, 1),
                           json_array_get_int_element (move, 0), error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
undo_renewal_options (RosterOutbox *self,
                      gboolean      was,
                      GError      **error)
{
  g_autoptr(JsonObject) account = roster_store_get_account_json (self->store, error);
  JsonObject *renewal;

  if (account == NULL)
    return error == NULL || *error == NULL;

  renewal = json_object_get_object_member (account, "renewal");
  json_object_set_boolean_member (renewal, "remove_unused_licenses", was);
  json_object_set_int_member (renewal, "projected_price",
                              json_object_get_int_member (renewal, was ? "price_with_removal"
                                                                       : "price_without_removal"));
  return roster_store_put_account (self->store, account, error);
}

/* Puts back what apply_optimistically() changed. */
static gboolean
undo_optimistic (RosterOutbox *self,
                 const char   *action,
                 gint64        user_id,
                 const char   *undo,
                 GError      **error)
{
  sqlite3_stmt *statement;
  int enabled, pi;

  if (undo == NULL || *undo == '\0')
    return TRUE;
  if (g_str_equal (action, "reassign_work"))
    return undo_reassignment (self, undo, error);
  if (g_str_equal (action, "renewal_options"))
    return undo_renewal_options (self, g_str_equal (undo, "renewal 1"), error);

  if (sscanf (undo, "%d %d", &enabled, &pi) != 2)
    return TRUE;

  statement = roster_database_statement (database (self),
                                         "UPDATE users SET enabled = ?, personal_injury_license = ? WHERE id = ?", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int (statement, 1, enabled);
  sqlite3_bind_int (statement, 2, pi);
  sqlite3_bind_int64 (statement, 3, user_id);

  return roster_database_step_done (database (self), statement, error);
}

/* The server's answer to a user action is the user as it is now, to renewal
 * options the account; a reassignment's the next sync brings in. */
static gboolean
store_answer (RosterOutbox *self,
              const char   *action,
              JsonNode     *answer,
              GError      **error)
{
  JsonNode *data;
  g_autoptr(RosterUser) user = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      (data = json_object_get_member (json_node_get_object (answer), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;

  if (g_str_equal (action, "renewal_options"))
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

/* The items a reassignment moved in the cache, as a preview to send. */
static RosterPreview *
preview_from_undo (const char *undo,
                   gint64     *calendar_to)
{
  g_autoptr(JsonNode) root = roster_json_parse (undo, -1, NULL);
  RosterPreview *preview = g_new0 (RosterPreview, 1);
  GArray **items[] = { &preview->matters, &preview->tasks, &preview->calendar_entries };

  *calendar_to = 0;
  for (guint kind = 0; kind < G_N_ELEMENTS (reassigned_kinds); kind++)
    {
      JsonArray *moves = NULL;

      *items[kind] = g_array_new (FALSE, FALSE, sizeof (RosterPreviewItem));
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        moves = json_object_get_array_member (json_node_get_object (root), reassigned_kinds[kind].name);
      for (guint i = 0; moves != NULL && i < json_array_get_length (moves); i++)
        {
          RosterPreviewItem item = {
            json_array_get_int_element (json_array_get_array_element (moves, i), 0),
            ROSTER_VERDICT_MOVES
          };

          g_array_append_val (*items[kind], item);
        }
    }
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    *calendar_to = json_object_get_int_member_with_default (json_node_get_object (root), "calendar_to", 0);

  return preview;
}

/*
 * Sends one action to a server with Clio's API alone: a reassignment moves
 * the items the cache moved, one PATCH each; anything else is refused here
 * with the plain reason.
 */
static JsonNode *
send_to_clio (RosterOutbox *self,
              RosterApi    *api,
              const char   *action,
              const char   *payload,
              const char   *undo,
              char        **error_type,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(RosterPreview) preview = NULL;
  gint64 matters_to, tasks_to, calendar_entries_to, calendar_to;
  guint moved;

  if (!g_str_equal (action, "reassign_work"))
    {
      *error_type = g_strdup ("not_offered");
      check_offered (self, g_str_equal (action, "deactivate") ? ROSTER_ACTION_DEACTIVATE
                           : g_str_equal (action, "activate") ? ROSTER_ACTION_ACTIVATE
                           : ROSTER_ACTION_RENEWAL_OPTIONS, error);
      return NULL;
    }

  if (!read_reassignment (payload, &matters_to, &tasks_to, &calendar_entries_to, error))
    {
      *error_type = g_strdup ("invalid_request");
      return NULL;
    }

  preview = preview_from_undo (undo, &calendar_to);
  if (!roster_compat_move_items (api, preview, matters_to, tasks_to, calendar_to, &moved, cancellable, error))
    {
      *error_type = g_strdup (roster_api_get_last_error_type (api));
      return NULL;
    }

  return NULL;
}

static char *
action_path (const char  *action,
             gint64       target_id,
             const char **method)
{
  *method = "POST";
  if (g_str_equal (action, "renewal_options"))
    {
      *method = "PATCH";
      return g_strdup ("/account/renewal_options.json");
    }

  return g_strdup_printf ("/users/%" G_GINT64_FORMAT "/%s.json", target_id, action);
}

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
      g_autofree char *action = NULL;
      g_autofree char *payload = NULL;
      g_autofree char *undo = NULL;
      g_autofree char *path = NULL;
      g_autofree char *error_type = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *method;
      sqlite3_stmt *statement;
      gint64 id = 0, target_id = 0;
      guint status = 0;

      statement = roster_database_statement (database (self),
                                             "SELECT id, idempotency_key, action, target_id, payload, undo FROM outbox"
                                             " WHERE state IN ('queued', 'sending') ORDER BY id LIMIT 1",
                                             error);
      if (statement == NULL)
        return FALSE;
      if (sqlite3_step (statement) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (statement, 0);
          key = g_strdup ((const char *) sqlite3_column_text (statement, 1));
          action = g_strdup ((const char *) sqlite3_column_text (statement, 2));
          target_id = sqlite3_column_int64 (statement, 3);
          payload = g_strdup ((const char *) sqlite3_column_text (statement, 4));
          undo = g_strdup ((const char *) sqlite3_column_text (statement, 5));
        }
      sqlite3_reset (statement);

      if (id == 0)
        break;

      if (!set_state (self, id, "sending", NULL, NULL, error))
        return FALSE;

      if (roster_store_get_server_api (self->store) == ROSTER_SERVER_API_CLIO)
        answer = send_to_clio (self, api, action, payload, undo, &error_type, cancellable, &local_error);
      else
        {
          path = action_path (action, target_id, &method);
          answer = roster_api_write (api, method, path, payload, key, &status, cancellable, &local_error);
          error_type = g_strdup (roster_api_get_last_error_type (api));
        }

      if (local_error != NULL &&
          (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) ||
           local_error->domain == ROSTER_OUTBOX_ERROR))
        {
          /* Refused: keep the server's reason, undo what the window showed. */
          if (!roster_store_begin (self->store, error) ||
              !set_state (self, id, "refused", error_type, local_error->message, error) ||
              !undo_optimistic (self, action, target_id, undo, error) ||
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
          set_state (self, id, "queued", NULL, NULL, NULL);
          if (sent != NULL)
            *sent = count;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!roster_store_begin (self->store, error) ||
          !set_state (self, id, "done", NULL, NULL, error) ||
          !keep_answer (self, id, answer, error) ||
          !store_answer (self, action, answer, error) ||
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

  g_free (entry->action);
  g_free (entry->payload);
  g_free (entry->state);
  g_free (entry->error_type);
  g_free (entry->error_message);
  g_free (entry->created_at);
  g_free (entry->updated_at);
  g_free (entry->answer);
  g_free (entry);
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

  statement = roster_database_statement (database (self),
                                         "SELECT id, action, target_id, payload, state, error_type, error_message,"
                                         " created_at, updated_at, answer FROM outbox ORDER BY id",
                                         error);
  if (statement == NULL)
    return NULL;

  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterOutboxEntry *entry = g_new0 (RosterOutboxEntry, 1);

      entry->id = sqlite3_column_int64 (statement, 0);
      entry->action = g_strdup ((const char *) sqlite3_column_text (statement, 1));
      entry->target_id = sqlite3_column_int64 (statement, 2);
      entry->payload = g_strdup ((const char *) sqlite3_column_text (statement, 3));
      entry->state = g_strdup ((const char *) sqlite3_column_text (statement, 4));
      entry->error_type = g_strdup ((const char *) sqlite3_column_text (statement, 5));
      entry->error_message = g_strdup ((const char *) sqlite3_column_text (statement, 6));
      entry->created_at = g_strdup ((const char *) sqlite3_column_text (statement, 7));
      entry->updated_at = g_strdup ((const char *) sqlite3_column_text (statement, 8));
      entry->answer = g_strdup ((const char *) sqlite3_column_text (statement, 9));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (statement);

  return g_steal_pointer (&entries);
}
