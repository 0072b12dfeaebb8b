/* roster-firm-users.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <string.h>

#include "roster-firm-private.h"
#include "roster-rules.h"

/*
 * Deactivating and reactivating users, and the support desk's release of an
 * e-mail address that a deactivated user needs back. Each action runs
 * inside the caller's transaction, checks every rule before it writes, and
 * writes an audit event with what was before and what is after.
 */

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

/* Deactivate and activate -------------------------------------------------- */

/* The user an action is about, and what the rules need to know of both:
 * the actor's permission first, so that someone who manages nothing learns
 * nothing of the firm's users. */
static JsonObject *
judged_user (RosterFirm      *self,
             RosterActor     *actor,
             gint64           user_id,
             RosterUserFacts *actor_is,
             RosterUserFacts *user_is,
             GError         **error)
{
  JsonObject *user;

  if (!roster_firm_require_manager (actor, error))
    return NULL;

  user = roster_firm_user_json (self, user_id);
  if (user == NULL)
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND, "There is no such user");
      return NULL;
    }

  roster_firm_actor_facts (actor, actor_is);
  roster_firm_user_facts (user, user_is);

  return user;
}

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

  before = judged_user (self, actor, user_id, &actor_is, &user_is, error);
  if (before == NULL)
    return NULL;
  if (!roster_firm_refuse (roster_rules_check_deactivation (&actor_is, &user_is),
                           json_object_get_string_member (before, "name"), NULL, error))
    return NULL;

  if (!roster_firm_account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  had_pi = json_object_get_boolean_member (before, "personal_injury_license");
  now = roster_firm_now (self);

  /* Their activity stays; their Personal Injury license goes for good. */
  if (!roster_firm_exec_bound_id (self,
                                  "UPDATE users SET enabled = 0, personal_injury_license = 0, updated_at = ?,"
                                  " version = version + 1 WHERE id = ?",
                                  user_id, now, error))
    return NULL;

  /* Their calendar's entries are hidden now: their representation changes. */
  if (!roster_firm_exec_bound_id (self,
                                  "UPDATE calendar_entries SET updated_at = ?, version = version + 1"
                                  " WHERE calendar_id = (SELECT id FROM calendars WHERE user_id = ?)",
                                  user_id, now, error))
    return NULL;
  hidden = roster_database_changes (self->db);

  roster_firm_forget_user (self, user_id);
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

  return roster_firm_wrap_result (after, effects);
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

  before = judged_user (self, actor, user_id, &actor_is, &user_is, error);
  if (before == NULL)
    return NULL;
  if (!roster_firm_refuse (roster_rules_check_activation (&actor_is, &user_is),
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

  if (!roster_firm_account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  if (!roster_rules_has_free_license (subscription, licenses, in_use))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NO_FREE_LICENSE,
                   "All %d licenses of the annual plan are in use: deactivate a user or buy a license first",
                   licenses);
      return NULL;
    }

  now = roster_firm_now (self);
  if (!roster_firm_exec_bound_id (self, "UPDATE users SET enabled = 1, updated_at = ?, version = version + 1 WHERE id = ?",
                                  user_id, now, error) ||
      !roster_firm_exec_bound_id (self,
                                  "UPDATE calendar_entries SET updated_at = ?, version = version + 1"
                                  " WHERE calendar_id = (SELECT id FROM calendars WHERE user_id = ?)",
                                  user_id, now, error))
    return NULL;

  roster_firm_forget_user (self, user_id);
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

  return roster_firm_wrap_result (after, effects);
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
      roster_firm_forget_user (self, id);

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
