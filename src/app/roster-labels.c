/* roster-labels.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-labels"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
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
