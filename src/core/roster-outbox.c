/* roster-outbox.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-outbox"

#include "config.h"

#include <stdio.h>

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

/* Applies a deactivation or an activation to the cached user, and returns
 * what undoes it. */
static char *
apply_optimistically (RosterOutbox *self,
                      RosterAction  action,
                      gint64        user_id,
                      GError      **error)
{
  sqlite3_stmt *statement;
  g_autofree char *undo = NULL;

  if (action != ROSTER_ACTION_DEACTIVATE && action != ROSTER_ACTION_ACTIVATE)
    return g_strdup ("");

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

  if (!roster_store_begin (self->store, error))
    return 0;

  undo = apply_optimistically (self, action, target_id, error);
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
undo_optimistic (RosterOutbox *self,
                 gint64        user_id,
                 const char   *undo,
                 GError      **error)
{
  sqlite3_stmt *statement;
  int enabled, pi;

  if (undo == NULL || sscanf (undo, "%d %d", &enabled, &pi) != 2)
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

/* The server's answer to a user action is the user as it is now. */
static gboolean
store_answer (RosterOutbox *self,
              JsonNode     *answer,
              GError      **error)
{
  JsonNode *data;
  g_autoptr(RosterUser) user = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      (data = json_object_get_member (json_node_get_object (answer), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data) ||
      !json_object_has_member (json_node_get_object (data), "roles"))
    return TRUE;

  user = roster_user_new_from_json (json_node_get_object (data), error);
  return user != NULL && roster_store_put_user (self->store, user, error);
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

      path = action_path (action, target_id, &method);
      answer = roster_api_write (api, method, path, payload, key, &status, cancellable, &local_error);

      if (local_error != NULL &&
          (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED)))
        {
          /* Refused: keep the server's reason, undo what the window showed. */
          if (!roster_store_begin (self->store, error) ||
              !set_state (self, id, "refused", roster_api_get_last_error_type (api), local_error->message, error) ||
              !undo_optimistic (self, target_id, undo, error) ||
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
          !store_answer (self, answer, error) ||
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
