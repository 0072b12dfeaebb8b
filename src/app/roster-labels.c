/* roster-labels.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-labels"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "roster-labels.h"
#include "roster-time.h"

/*
 * Words the window uses in more than one place, so that a user's page and
 * the Activity window call the same thing by the same name.
 */

/* The audit log's actions, in the order a person picks them from a list. */
static const struct
{
  const char *action;
  const char *text;
} audit_actions[] = {
  { "user.deactivate", N_("Deactivated") },
  { "user.activate", N_("Reactivated") },
  { "user.reassign_work", N_("Work reassigned") },
  { "support.release_email", N_("E-mail address released by support") },
  { "account.renewal_options", N_("Renewal options changed") },
  { "account.close", N_("Account closed") },
};

/**
 * roster_labels_audit_action:
 * @action: an audit event's action, as the API names it ("user.deactivate")
 *
 * Returns: what the action is called where a person reads it; an action
 *   Roster does not know yet is shown as the server names it
 */
const char *
roster_labels_audit_action (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_actions); i++)
    if (g_strcmp0 (audit_actions[i].action, action) == 0)
      return _(audit_actions[i].text);

  return action;
}

/**
 * roster_labels_audit_actions:
 * @n_actions: (out): how many there are
 *
 * Returns: (transfer container): the actions Roster has words for, as the
 *   API names them, %NULL-terminated; free with g_free()
 */
const char **
roster_labels_audit_actions (guint *n_actions)
{
  const char **actions = g_new0 (const char *, G_N_ELEMENTS (audit_actions) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (audit_actions); i++)
    actions[i] = audit_actions[i].action;
  *n_actions = G_N_ELEMENTS (audit_actions);

  return actions;
}

/* Whether the locale writes the time of day with AM and PM. */
static gboolean
locale_uses_am_pm (void)
{
  const char *format = nl_langinfo (T_FMT);

  return strstr (format, "%p") != NULL || strstr (format, "%r") != NULL || strstr (format, "%I") != NULL;
}

/**
 * roster_labels_date_time:
 * @iso: (nullable): a time from the API, in ISO 8601
 *
 * A moment as a person reads it in a list: the locale's medium date and
 * its time of day, in local time ("Jan 5, 2027, 3:04 PM").
 *
 * Returns: (transfer full): the text; @iso itself when it is not a time
 */
char *
roster_labels_date_time (const char *iso)
{
  g_autoptr(GDateTime) time = iso ? roster_time_parse_iso (iso) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso ? iso : "");

  local = g_date_time_to_local (time);
  if (locale_uses_am_pm ())
    /* Translators: a date and a time of day with AM or PM, as in strftime(3): the locale's medium date. */
    return g_date_time_format (local, _("%b %-d, %Y, %-I:%M %p"));

  /* Translators: a date and a 24-hour time of day, as in strftime(3): the locale's medium date. */
  return g_date_time_format (local, _("%b %-d, %Y, %H:%M"));
}

/**
 * roster_labels_date:
 * @iso: (nullable): a date or a time from the API
 *
 * A day as a person reads it in a list: the locale's medium date
 * ("Jan 5, 2027"), of the local day for a time.
 *
 * Returns: (transfer full): the text; @iso itself when it is not a date
 */
char *
roster_labels_date (const char *iso)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;

  if (iso == NULL)
    return g_strdup ("");

  /* A date alone ("2027-01-05") is a day, not midnight somewhere: it is
   * not moved to another time zone. */
  if (strlen (iso) == 10 && sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) == 3)
    local = g_date_time_new_local (year, month, day, 0, 0, 0);
  else if ((time = roster_time_parse_iso (iso)) != NULL)
    local = g_date_time_to_local (time);
  if (local == NULL)
    return g_strdup (iso);

  /* Translators: a date, as in strftime(3): the locale's medium date. */
  return g_date_time_format (local, _("%b %-d, %Y"));
}

/**
 * roster_labels_event_time:
 * @iso: (nullable): an event's start
 * @all_day: whether the event is for the whole day
 *
 * Returns: (transfer full): "Jan 5, 2027, 3:04 PM", or "Jan 5, 2027, all
 *   day" for an event with no time of its own (not its midnight)
 */
char *
roster_labels_event_time (const char *iso,
                          gboolean    all_day)
{
  g_autofree char *day = NULL;

  if (!all_day)
    return roster_labels_date_time (iso);

  /* Its start is the midnight of its day where the firm is, which is where
   * Roster runs: the local day. */
  day = roster_labels_date (iso);
  /* Translators: an event for a whole day, after its date. */
  return g_strdup_printf (_("%s, all day"), day);
}

/* Users ------------------------------------------------------------------- */

/**
 * roster_labels_role:
 *
 * Returns: what @user is to the firm, as the list and their page say it
 */
const char *
roster_labels_role (RosterUser *user)
{
  if (roster_user_get_account_owner (user) && roster_user_get_admin (user))
    return _("Primary subscriber, administrator");
  if (roster_user_get_account_owner (user))
    return _("Primary subscriber");
  if (roster_user_get_admin (user))
    return _("Administrator");

  return _("User");
}

/**
 * roster_labels_subscription:
 *
 * Returns: the kind of license @user holds
 */
const char *
roster_labels_subscription (RosterUser *user)
{
  const char *type = roster_user_get_subscription_type (user);

  if (g_strcmp0 (type, "Attorney") == 0)
    return _("Attorney");
  if (g_strcmp0 (type, "NonAttorney") == 0)
    return _("Non-attorney");

  return type ? type : "";
}

const char *
roster_labels_status (RosterUser *user)
{
  return roster_user_get_enabled (user) ? _("Active") : _("Deactivated");
}

/* The outbox ---------------------------------------------------------------- */

/**
 * roster_labels_pending:
 *
 * Returns: how an action waiting to be sent is named on a row or a page
 */
const char *
roster_labels_pending (RosterAction action)
{
  switch (action)
    {
    case ROSTER_ACTION_DEACTIVATE:
      return _("Deactivation pending");
    case ROSTER_ACTION_ACTIVATE:
      return _("Reactivation pending");
    case ROSTER_ACTION_REASSIGN_WORK:
      return _("Reassignment pending");
    case ROSTER_ACTION_RENEWAL_OPTIONS:
      return _("Renewal options pending");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * roster_labels_refused:
 *
 * Returns: the heading of a refusal of @action
 */
const char *
roster_labels_refused (RosterAction action)
{
  switch (action)
    {
    case ROSTER_ACTION_DEACTIVATE:
      return _("Not Deactivated");
    case ROSTER_ACTION_ACTIVATE:
      return _("Not Reactivated");
    case ROSTER_ACTION_REASSIGN_WORK:
      return _("Work Not Reassigned");
    case ROSTER_ACTION_RENEWAL_OPTIONS:
      return _("Renewal Options Not Changed");
    default:
      g_return_val_if_reached ("");
    }
}

/* What a person can do about each of the server's refusals. */
static const struct
{
  const char *error_type;
  const char *next_step;
} next_steps[] = {
  { "email_unavailable", N_("Ask Clio support to release the e-mail address, then reactivate the user.") },
  { "no_free_license", N_("Buy another license, or deactivate a user who no longer needs one, then try again.") },
  { "forbidden", N_("Only an administrator of the firm can do this: ask one.") },
  { "primary_subscriber", N_("The primary subscriber stays active; another user’s work can still be reassigned.") },
  { "self_deactivation", N_("Ask another administrator to deactivate you.") },
  { "already_deactivated", N_("Someone else deactivated the user first: nothing is left to do.") },
  { "already_active", N_("Someone else reactivated the user first: nothing is left to do.") },
  { "invalid_receiver", N_("Choose an active user other than this one to receive the work, then reassign again.") },
  { "not_annual", N_("Unused licenses are removed at renewal on annual plans only.") },
  { "account_closed", N_("The account is closed: nothing can be changed any more.") },
  { "not_offered", N_("This server offers Clio’s public API only, which cannot do this: use Clio’s web console.") },
};

/**
 * roster_labels_next_step:
 * @error_type: (nullable): the server's type of a refusal
 *
 * Returns: what to do next, after the server's own words
 */
const char *
roster_labels_next_step (const char *error_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (next_steps); i++)
    if (g_strcmp0 (next_steps[i].error_type, error_type) == 0)
      return _(next_steps[i].next_step);

  return _("Sync to see the firm as the server has it, then try again; if it is refused again, contact support.");
}
