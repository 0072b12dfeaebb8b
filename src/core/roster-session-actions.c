/* roster-session-actions.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-session-private.h"

/*
 * The administrators' actions: every rule the cache can judge is checked
 * with the server's own roster-rules before anything is queued.
 */

/* Actions ---------------------------------------------------------------------- */

static const char *
work_name (RosterWorkKind kind)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return _("matters");
    case ROSTER_WORK_TASK:
      return _("tasks");
    case ROSTER_WORK_EVENT:
      return _("calendar entries");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
not_cached (GError **error,
            gint64   id)
{
  g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_CACHED,
               _("User %" G_GINT64_FORMAT " is not in the cache: sync first"), id);
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
  roster_session_refresh (self);

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
