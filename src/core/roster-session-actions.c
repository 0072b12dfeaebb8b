/* roster-session-actions.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "roster-session-private.h"

/*
 * The administrators' actions: every rule the cache can judge is checked
 * with the server's own roster-rules before anything is queued.
 */

/* Actions ---------------------------------------------------------------------- */

/* The work as roster_refusal_describe() takes it: untranslated. */
static const char *
work_name (RosterWorkKind kind)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return "matters";
    case ROSTER_WORK_TASK:
      return "tasks";
    case ROSTER_WORK_EVENT:
      return "calendar entries";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
not_cached (GError **error,
            gint64   id)
{
  g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_CACHED,
               _("User %" PRId64 " is not in the cache: sync first"), id);
  return FALSE;
}

/**
 * roster_session_check:
 * @action: what would be queued
 * @target_id: the user it is for (the source of a reassignment); ignored
 *   for renewal options
 * @receivers: (nullable) (array fixed-size=3): a reassignment's receivers,
 *   by #RosterWorkKind, 0 for none
 *
 * Checks everything the cache can tell about @action with the rules the
 * server applies: who is signed in and whether they manage the firm, the
 * primary subscriber, themselves, a user already deactivated or already
 * active, a receiver who is deactivated or is the source, a plan that is
 * not annual. What only the server knows (an e-mail address in use, no
 * free license) stays the server's to say.
 *
 * Returns: %FALSE with the refusal, in %ROSTER_RULES_ERROR (its code a
 *   #RosterRefusal) or %ROSTER_SESSION_ERROR
 */
gboolean
roster_session_check (RosterSession *self,
                      RosterAction   action,
                      gint64         target_id,
                      const gint64   receivers[3],
                      GError       **error)
{
  g_autofree char *name = NULL;
  RosterUserFacts me, user;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  if (self->state != ROSTER_SESSION_OPEN)
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN, _("No account is open"));
      return FALSE;
    }

  {
    g_autoptr(RosterOutbox) outbox = roster_outbox_new (self->store);

    if (!roster_outbox_check_offered (outbox, action, error))
      return FALSE;
  }

  if (!roster_session_cached_facts (self, roster_session_get_me (self), &me, NULL))
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_CACHED,
                           _("Roster does not know yet who you are in this firm: sync first"));
      return FALSE;
    }

  switch (action)
    {
    case ROSTER_ACTION_DEACTIVATE:
      if (!roster_session_cached_facts (self, target_id, &user, &name))
        return not_cached (error, target_id);
      return roster_rules_set_error (error, roster_rules_check_deactivation (&me, &user), name, NULL);

    case ROSTER_ACTION_ACTIVATE:
      if (!roster_session_cached_facts (self, target_id, &user, &name))
        return not_cached (error, target_id);
      return roster_rules_set_error (error, roster_rules_check_activation (&me, &user), name, NULL);

    case ROSTER_ACTION_REASSIGN_WORK:
      if (!roster_rules_set_error (error, roster_rules_check_manager (&me), NULL, NULL))
        return FALSE;
      if (!roster_session_cached_facts (self, target_id, &user, NULL))
        return not_cached (error, target_id);
      for (RosterWorkKind kind = ROSTER_WORK_MATTER; receivers != NULL && kind <= ROSTER_WORK_EVENT; kind++)
        {
          g_autofree char *receiver_name = NULL;
          RosterUserFacts receiver;

          if (receivers[kind] == 0)
            continue;
          if (!roster_session_cached_facts (self, receivers[kind], &receiver, &receiver_name))
            return not_cached (error, receivers[kind]);
          if (!roster_rules_set_error (error, roster_rules_check_receiver (target_id, &receiver), receiver_name,
                                       work_name (kind)))
            return FALSE;
        }
      return TRUE;

    case ROSTER_ACTION_RENEWAL_OPTIONS:
      {
        g_autoptr(RosterAccount) firm = roster_store_get_account (self->store, NULL);
        RosterSubscription subscription;

        if (!roster_rules_set_error (error, roster_rules_check_manager (&me), NULL, NULL))
          return FALSE;
        if (firm == NULL || !roster_subscription_from_string (roster_account_get_subscription (firm), &subscription))
          {
            g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_CACHED,
                                 _("The firm’s plan is not in the cache yet: sync first"));
            return FALSE;
          }
        return roster_rules_set_error (error, roster_rules_check_renewal_options (&me, subscription), NULL, NULL);
      }

    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Signed out is said as such, never queued as if offline. */
static gboolean
check_signed_in (RosterSession *self,
                 GError       **error)
{
  if (self->credentials != ROSTER_CREDENTIALS_MISSING)
    return TRUE;

  g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_SIGNED_OUT, _("Signed out of %s: %s"),
               self->account->key, self->signed_out_reason ? self->signed_out_reason : _("sign in again"));
  return FALSE;
}

/* An action the outbox took: a person waits for its answer, and it is sent
 * at once, with a sync behind it. */
static gint64
queued (RosterSession *self,
        gint64         id)
{
  if (id == 0)
    return 0;

  g_array_append_val (self->awaited, id);
  roster_session_emit_changed (self);
  roster_session_send_soon (self);

  return id;
}

/**
 * roster_session_deactivate:
 *
 * Checks the deactivation against the cache (roster_session_check()),
 * queues it in the outbox and sends it at once; offline, it waits there
 * for the next sync. "answered" tells what the server said.
 *
 * Returns: the outbox entry's id, or 0 with the refusal
 */
gint64
roster_session_deactivate (RosterSession *self,
                           gint64         user_id,
                           GError       **error)
{
  g_autoptr(RosterOutbox) outbox = NULL;

  if (!roster_session_check (self, ROSTER_ACTION_DEACTIVATE, user_id, NULL, error) || !check_signed_in (self, error))
    return 0;

  outbox = roster_outbox_new (self->store);
  return queued (self, roster_outbox_enqueue_deactivate (outbox, user_id, error));
}

gint64
roster_session_activate (RosterSession *self,
                         gint64         user_id,
                         GError       **error)
{
  g_autoptr(RosterOutbox) outbox = NULL;

  if (!roster_session_check (self, ROSTER_ACTION_ACTIVATE, user_id, NULL, error) || !check_signed_in (self, error))
    return 0;

  outbox = roster_outbox_new (self->store);
  return queued (self, roster_outbox_enqueue_activate (outbox, user_id, error));
}

/**
 * roster_session_reassign:
 * @matters_to: the new responsible attorney of the open and pending
 *   matters, or 0 to leave them
 *
 * Returns: the outbox entry's id, or 0 with the refusal
 */
gint64
roster_session_reassign (RosterSession *self,
                         gint64         user_id,
                         gint64         matters_to,
                         gint64         tasks_to,
                         gint64         calendar_entries_to,
                         GError       **error)
{
  const gint64 receivers[3] = {
    [ROSTER_WORK_MATTER] = matters_to,
    [ROSTER_WORK_TASK] = tasks_to,
    [ROSTER_WORK_EVENT] = calendar_entries_to,
  };
  g_autoptr(RosterOutbox) outbox = NULL;

  if (!roster_session_check (self, ROSTER_ACTION_REASSIGN_WORK, user_id, receivers, error) ||
      !check_signed_in (self, error))
    return 0;

  outbox = roster_outbox_new (self->store);
  return queued (self, roster_outbox_enqueue_reassignment (outbox, user_id, matters_to, tasks_to,
                                                           calendar_entries_to, error));
}

gint64
roster_session_set_renewal_options (RosterSession *self,
                                    gboolean       remove_unused_licenses,
                                    GError       **error)
{
  g_autoptr(RosterOutbox) outbox = NULL;

  if (!roster_session_check (self, ROSTER_ACTION_RENEWAL_OPTIONS, 0, NULL, error) || !check_signed_in (self, error))
    return 0;

  outbox = roster_outbox_new (self->store);
  return queued (self, roster_outbox_enqueue_renewal_options (outbox, remove_unused_licenses, error));
}

/**
 * roster_session_cancel_action:
 * @id: an outbox entry's id
 *
 * Takes back a queued action before it is sent: what it showed is undone.
 */
gboolean
roster_session_cancel_action (RosterSession *self,
                              gint64         id,
                              GError       **error)
{
  g_autoptr(RosterOutbox) outbox = NULL;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  if (self->state != ROSTER_SESSION_OPEN)
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN, _("No account is open"));
      return FALSE;
    }

  outbox = roster_outbox_new (self->store);
  if (!roster_outbox_cancel (outbox, id, error))
    return FALSE;

  for (guint i = 0; i < self->awaited->len; i++)
    if (g_array_index (self->awaited, gint64, i) == id)
      {
        g_array_remove_index (self->awaited, i);
        break;
      }
  roster_session_emit_changed (self);

  return TRUE;
}

/* Closing the account ---------------------------------------------------------- */

typedef struct
{
  RosterApi *api;
  char      *body;
} Closure;

static void
closure_free (Closure *closure)
{
  g_clear_object (&closure->api);
  g_free (closure->body);
  g_free (closure);
}

/* On a worker thread: closing needs the server now, never the outbox. */
static void
close_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Closure *closure = task_data;
  g_autofree char *key = g_uuid_string_random ();
  GError *error = NULL;
  JsonNode *answer = roster_api_write (closure->api, "POST", "/account/closure.json", closure->body, key, NULL,
                                       cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, answer ? (GDestroyNotify) json_node_unref : NULL);
}

static char *
closure_body (const char *reason,
              const char *verification_code,
              const char *confirmation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "verification_code");
  json_builder_add_string_value (builder, verification_code);
  json_builder_set_member_name (builder, "confirmation");
  json_builder_add_string_value (builder, confirmation);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * roster_session_check_closure:
 *
 * What the cache can judge of closing the account: an administrator signed
 * in, a server that offers it, a reason from the list, and the phrase typed
 * exactly. The verification code is the server's to judge.
 */
gboolean
roster_session_check_closure (RosterSession *self,
                              const char    *reason,
                              const char    *confirmation,
                              GError       **error)
{
  RosterUserFacts me;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  if (self->state != ROSTER_SESSION_OPEN)
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN, _("No account is open"));
      return FALSE;
    }
  if (roster_store_get_server_api (self->store) == ROSTER_SERVER_API_CLIO)
    {
      g_set_error_literal (error, ROSTER_OUTBOX_ERROR, ROSTER_OUTBOX_ERROR_NOT_OFFERED,
                           _("This server offers only Clio’s public API, which cannot close the account: "
                             "close it in Clio Manage’s settings"));
      return FALSE;
    }
  if (!roster_session_cached_facts (self, roster_session_get_me (self), &me, NULL))
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_CACHED,
                           _("Roster does not know yet who you are in this firm: sync first"));
      return FALSE;
    }
  if (!roster_rules_set_error (error, roster_rules_check_closure (&me), NULL, NULL))
    return FALSE;
  if (reason != NULL && roster_rules_describe_closure_reason (reason) == NULL)
    {
      g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_INVALID,
                   _("“%s” is not one of the reasons for closing the account"), reason);
      return FALSE;
    }
  if (confirmation != NULL && g_strcmp0 (confirmation, ROSTER_CLOSURE_CONFIRMATION) != 0)
    {
      g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_INVALID,
                   _("The confirmation must be exactly “%s”: nothing was changed"), ROSTER_CLOSURE_CONFIRMATION);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_session_close_account_async:
 * @reason: a code of roster_rules_closure_reasons()
 * @verification_code: the code support read out on the phone
 * @confirmation: %ROSTER_CLOSURE_CONFIRMATION, as the person typed it
 *
 * Closes the account, online only, after roster_session_check_closure().
 * Afterwards the cache is marked closed (roster_session_dup_closed_at())
 * and stays on this computer for export until it is removed.
 */
void
roster_session_close_account_async (RosterSession      *self,
                                    const char         *reason,
                                    const char         *verification_code,
                                    const char         *confirmation,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Closure *closure;

  g_task_set_source_tag (task, roster_session_close_account_async);

  if (!roster_session_check_closure (self, reason, confirmation, &error) || !check_signed_in (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reason == NULL || verification_code == NULL || confirmation == NULL)
    {
      g_task_return_new_error (task, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_INVALID,
                               _("Closing the account needs a reason, the verification code and the confirmation"));
      return;
    }

  closure = g_new0 (Closure, 1);
  closure->api = roster_session_new_api (self);
  closure->body = closure_body (reason, verification_code, confirmation);
  if (closure->api == NULL)
    {
      closure_free (closure);
      g_task_return_new_error (task, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE,
                               _("Closing the account needs the server, which cannot be reached"));
      return;
    }
  g_task_set_task_data (task, closure, (GDestroyNotify) closure_free);
  g_task_run_in_thread (task, close_in_thread);
}

gboolean
roster_session_close_account_finish (RosterSession *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *closed_at = g_date_time_format_iso8601 (now);
  GError *local_error = NULL;
  JsonNode *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  answer = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* The server's account, closed, when it answered with it. */
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      (data = json_object_get_member (json_node_get_object (answer), "data")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *account = json_node_get_object (data);

      if (json_object_has_member (account, "closed_at") &&
          json_node_get_value_type (json_object_get_member (account, "closed_at")) == G_TYPE_STRING)
        {
          g_free (closed_at);
          closed_at = g_strdup (json_object_get_string_member (account, "closed_at"));
        }
      if (json_object_has_member (account, "renewal"))
        roster_store_put_account (self->store, account, NULL);
    }

  roster_session_mark_closed (self, closed_at);

  return TRUE;
}
