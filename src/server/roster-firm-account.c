/* roster-firm-account.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <sys/random.h>

#include "roster-firm-private.h"
#include "roster-rules.h"

/*
 * The account: renewal options, and its closure with the single-use code
 * that support reads to an administrator on the phone.
 */

#define CLOSURE_CODE_LIFETIME_SECONDS (15 * 60)

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

  if (!roster_firm_require_manager (actor, error))
    return NULL;

  if (!roster_firm_account_plan (self, &subscription, &licenses, &in_use, error))
    return NULL;

  roster_firm_actor_facts (actor, &actor_is);
  if (!roster_firm_refuse (roster_rules_check_renewal_options (&actor_is, subscription), NULL, NULL, error))
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

  return roster_firm_wrap_result (after, NULL);
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

  {
    RosterUserFacts actor_is = { 0, FALSE, FALSE, FALSE };

    if (actor != NULL)
      actor_is = (RosterUserFacts) { actor->id, actor->account_owner, actor->admin, TRUE }
    ;
    if (!roster_firm_refuse (roster_rules_check_closure (actor ? &actor_is : NULL), NULL, NULL, error))
      return NULL;
  }

  /* The reasons are the rules' list, which the client offers too. */
  valid_reason = roster_rules_describe_closure_reason (reason) != NULL;
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

  return roster_firm_wrap_result (data, NULL);
}

/**
 * roster_firm_record_closure_failure:
 * @tries_left: (out): how many wrong tries the codes still allow
 *
 * Counts a wrong verification code against every code still valid, and
 * spends them at the fifth: six digits are a million guesses, and the
 * rate limit alone would let them all through inside a code's 15 minutes.
 * Each try is in the audit log. Runs in a transaction of its own, after
 * the refused closure's was rolled back.
 */
gboolean
roster_firm_record_closure_failure (RosterFirm  *self,
                                    RosterActor *actor,
                                    guint       *tries_left,
                                    GError     **error)
{
  g_autoptr(JsonNode) after = json_node_new (JSON_NODE_OBJECT);
  JsonObject *state = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 failed = 0;
  sqlite3_stmt *statement;

  json_node_take_object (after, state);
  if (!roster_firm_begin (self, error))
    return FALSE;

  statement = roster_firm_statement (self,
                                     "UPDATE closure_codes SET failed_tries = failed_tries + 1,"
                                     " used = (failed_tries + 1 >= ?1) WHERE used = 0 AND expires_at > ?2"
                                     " RETURNING failed_tries",
                                     error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_int (statement, 1, ROSTER_CLOSURE_CODE_TRIES);
  sqlite3_bind_int64 (statement, 2, now);
  for (int step; (step = sqlite3_step (statement)) != SQLITE_DONE;)
    {
      if (step != SQLITE_ROW)
        {
          sqlite3_reset (statement);
          roster_firm_set_db_error (self, error);
          goto failed;
        }
      failed = MAX (failed, sqlite3_column_int64 (statement, 0));
    }
  sqlite3_reset (statement);

  *tries_left = failed > 0 ? (guint) MAX (ROSTER_CLOSURE_CODE_TRIES - failed, 0) : 0;
  json_object_set_int_member (state, "failed_tries", failed);
  json_object_set_boolean_member (state, "codes_spent", *tries_left == 0);
  if (roster_firm_audit (self, actor, "account.close_refused", "account", 1, NULL, after, error) == 0 ||
      !roster_firm_commit (self, error))
    goto failed;

  return TRUE;

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
