/* roster-rules.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-rules.h"

/* The codes are part of the API (docs/api.md): never renumber or rename. */
static const struct
{
  RosterVerdict  verdict;
  const char    *code;
  const char    *description;
} verdicts[] = {
  { ROSTER_VERDICT_MOVES, "moves", N_("Moves to the new user") },
  { ROSTER_VERDICT_NO_MATTER, "no_matter", N_("Stays: not tied to a matter") },
  { ROSTER_VERDICT_CLOSED_MATTER, "closed_matter", N_("Stays: the matter is closed") },
  { ROSTER_VERDICT_PRIVATE_MATTER, "private_matter", N_("Stays: the matter is private to this user") },
  { ROSTER_VERDICT_ONLY_ATTENDEE, "only_attendee", N_("Stays: the user is only an attendee") },
  { ROSTER_VERDICT_COMPLETE, "complete", N_("Stays: the task is complete") },
  { ROSTER_VERDICT_PAST_DUE, "past_due", N_("Stays: the task is past due") },
  { ROSTER_VERDICT_PAST_EVENT, "past_event", N_("Stays: the event is over") },
};

/**
 * roster_rules_may_change_account_settings:
 *
 * Only the primary subscriber and administrators change account settings:
 * deactivating and reactivating users, reassigning work, licenses.
 */
gboolean
roster_rules_may_change_account_settings (gboolean is_account_owner,
                                          gboolean is_admin)
{
  return is_account_owner || is_admin;
}

/**
 * roster_rules_may_close_account:
 *
 * Only a user with administrator permissions can close the account; being
 * the primary subscriber is not enough.
 */
gboolean
roster_rules_may_close_account (gboolean is_admin)
{
  return is_admin;
}

/**
 * roster_rules_may_be_deactivated:
 *
 * Nobody can deactivate the primary subscriber.
 */
gboolean
roster_rules_may_be_deactivated (gboolean is_account_owner)
{
  return !is_account_owner;
}

/**
 * roster_rules_matter_verdict:
 *
 * A matter's responsible attorney moves when the matter is open or pending
 * and not private to the user who leaves.
 */
RosterVerdict
roster_rules_matter_verdict (RosterMatterStatus status,
                             gboolean           is_private)
{
  if (status == ROSTER_MATTER_STATUS_CLOSED)
    return ROSTER_VERDICT_CLOSED_MATTER;

  if (is_private)
    return ROSTER_VERDICT_PRIVATE_MATTER;

  return ROSTER_VERDICT_MOVES;
}

static RosterVerdict
roster_rules_tied_matter_verdict (const RosterMatterFacts *matter)
{
  if (matter == NULL || !matter->exists)
    return ROSTER_VERDICT_NO_MATTER;

  return roster_rules_matter_verdict (matter->status, matter->is_private);
}

/**
 * roster_rules_task_verdict:
 * @matter: (nullable): the task's matter, or %NULL when it has none
 * @complete: whether the task is complete
 * @due: (nullable): the task's due date, or %NULL when it has none
 * @today: today's date in the firm's time zone
 *
 * A task moves when it is tied to a matter that moves, is not complete, and
 * is not past due. A task due today is not past due yet.
 */
RosterVerdict
roster_rules_task_verdict (const RosterMatterFacts *matter,
                           gboolean                 complete,
                           const GDate             *due,
                           const GDate             *today)
{
  RosterVerdict verdict;

  g_return_val_if_fail (today != NULL && g_date_valid (today), ROSTER_VERDICT_PAST_DUE);

  verdict = roster_rules_tied_matter_verdict (matter);
  if (verdict != ROSTER_VERDICT_MOVES)
    return verdict;

  if (complete)
    return ROSTER_VERDICT_COMPLETE;

  if (due != NULL && g_date_valid (due) && g_date_compare (due, today) < 0)
    return ROSTER_VERDICT_PAST_DUE;

  return ROSTER_VERDICT_MOVES;
}

/**
 * roster_rules_event_verdict:
 * @matter: (nullable): the event's matter, or %NULL when it has none
 * @on_own_calendar: whether the event is saved on the user's own calendar,
 *   rather than on another one where the user is only an attendee
 * @start_unix: when the event starts
 * @now_unix: the time now
 *
 * A calendar event moves when it is tied to a matter that moves, is saved on
 * the user's own calendar, and has not started yet.
 */
RosterVerdict
roster_rules_event_verdict (const RosterMatterFacts *matter,
                            gboolean                 on_own_calendar,
                            gint64                   start_unix,
                            gint64                   now_unix)
{
  RosterVerdict verdict;

  verdict = roster_rules_tied_matter_verdict (matter);
  if (verdict != ROSTER_VERDICT_MOVES)
    return verdict;

  if (!on_own_calendar)
    return ROSTER_VERDICT_ONLY_ATTENDEE;

  if (start_unix < now_unix)
    return ROSTER_VERDICT_PAST_EVENT;

  return ROSTER_VERDICT_MOVES;
}

/**
 * roster_verdict_to_code:
 *
 * Returns: the verdict's stable code, as the API writes it
 */
const char *
roster_verdict_to_code (RosterVerdict verdict)
{
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      if (verdicts[i].verdict == verdict)
        return verdicts[i].code;
    }

  g_return_val_if_reached (NULL);
}

/**
 * roster_verdict_from_code:
 *
 * Returns: %TRUE and sets @verdict when @code is a known verdict code
 */
gboolean
roster_verdict_from_code (const char    *code,
                          RosterVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      if (g_str_equal (verdicts[i].code, code))
        {
          *verdict = verdicts[i].verdict;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * roster_verdict_describe:
 *
 * Returns: a translated sentence that says what happens to the item
 */
const char *
roster_verdict_describe (RosterVerdict verdict)
{
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      if (verdicts[i].verdict == verdict)
        return g_dgettext (GETTEXT_PACKAGE, verdicts[i].description);
    }

  g_return_val_if_reached (NULL);
}

/**
 * roster_matter_status_from_string:
 *
 * Reads a matter's status as the API writes it ("Open", "Pending",
 * "Closed"); filters write it in lower case, which is accepted too.
 */
gboolean
roster_matter_status_from_string (const char         *string,
                                  RosterMatterStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  /* The API's own spelling first: the preview reads thousands. */
  if (strcmp (string, "Open") == 0)
    *status = ROSTER_MATTER_STATUS_OPEN;
  else if (strcmp (string, "Pending") == 0)
    *status = ROSTER_MATTER_STATUS_PENDING;
  else if (strcmp (string, "Closed") == 0)
    *status = ROSTER_MATTER_STATUS_CLOSED;
  else if (g_ascii_strcasecmp (string, "Open") == 0)
    *status = ROSTER_MATTER_STATUS_OPEN;
  else if (g_ascii_strcasecmp (string, "Pending") == 0)
    *status = ROSTER_MATTER_STATUS_PENDING;
  else if (g_ascii_strcasecmp (string, "Closed") == 0)
    *status = ROSTER_MATTER_STATUS_CLOSED;
  else
    return FALSE;

  return TRUE;
}

const char *
roster_matter_status_to_string (RosterMatterStatus status)
{
  switch (status)
    {
    case ROSTER_MATTER_STATUS_OPEN:
      return "Open";
    case ROSTER_MATTER_STATUS_PENDING:
      return "Pending";
    case ROSTER_MATTER_STATUS_CLOSED:
      return "Closed";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * roster_rules_license_figures:
 * @licenses: the licenses paid for (on a monthly plan, ignored: the firm
 *   pays for the users in use)
 * @in_use: the enabled users
 *
 * On a monthly plan the firm is charged for its enabled users only, so a
 * deactivated user costs nothing. On an annual plan the firm has paid for
 * @licenses; a deactivated user's license stays paid for and becomes free
 * for another user, and at renewal the firm pays for every license unless it
 * chose to remove the unused ones.
 */
void
roster_rules_license_figures (RosterSubscription    subscription,
                              int                   licenses,
                              int                   in_use,
                              gint64                license_price,
                              int                   pi_in_use,
                              gint64                pi_price,
                              gboolean              remove_unused,
                              RosterLicenseFigures *figures)
{
  gint64 add_on;

  g_return_if_fail (figures != NULL);

  figures->subscription = subscription;
  figures->in_use = MAX (in_use, 0);
  figures->license_price = license_price;
  figures->pi_in_use = MAX (pi_in_use, 0);
  figures->pi_price = pi_price;
  add_on = (gint64) figures->pi_in_use * pi_price;

  if (subscription == ROSTER_SUBSCRIPTION_MONTHLY)
    {
      figures->licenses = figures->in_use;
      figures->unused = 0;
      figures->renewal_without_removal = (gint64) figures->in_use * license_price + add_on;
      figures->renewal_with_removal = figures->renewal_without_removal;
      figures->renewal_projected = figures->renewal_without_removal;
      return;
    }

  /* More users in use than licenses cannot happen on the server, which
   * refuses such an activation; count them all the same. */
  figures->licenses = MAX (licenses, figures->in_use);
  figures->unused = figures->licenses - figures->in_use;
  figures->renewal_without_removal = (gint64) figures->licenses * license_price + add_on;
  figures->renewal_with_removal = (gint64) figures->in_use * license_price + add_on;
  figures->renewal_projected = remove_unused ? figures->renewal_with_removal
                                             : figures->renewal_without_removal;
}

/**
 * roster_rules_has_free_license:
 *
 * Whether one more user can be made active: always on a monthly plan, which
 * then charges for them; on an annual plan only while a paid license is
 * unused.
 */
gboolean
roster_rules_has_free_license (RosterSubscription subscription,
                               int                licenses,
                               int                in_use)
{
  if (subscription == ROSTER_SUBSCRIPTION_MONTHLY)
    return TRUE;

  return in_use < licenses;
}

/**
 * roster_rules_may_remove_unused_licenses:
 *
 * Removing unused licenses at renewal is an option of annual plans only.
 */
gboolean
roster_rules_may_remove_unused_licenses (RosterSubscription subscription)
{
  return subscription == ROSTER_SUBSCRIPTION_ANNUAL;
}

gboolean
roster_subscription_from_string (const char         *string,
                                 RosterSubscription *subscription)
{
  g_return_val_if_fail (subscription != NULL, FALSE);

  if (g_strcmp0 (string, "monthly") == 0)
    *subscription = ROSTER_SUBSCRIPTION_MONTHLY;
  else if (g_strcmp0 (string, "annual") == 0)
    *subscription = ROSTER_SUBSCRIPTION_ANNUAL;
  else
    return FALSE;

  return TRUE;
}

const char *
roster_subscription_to_string (RosterSubscription subscription)
{
  switch (subscription)
    {
    case ROSTER_SUBSCRIPTION_MONTHLY:
      return "monthly";
    case ROSTER_SUBSCRIPTION_ANNUAL:
      return "annual";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * roster_rules_deactivation_warning:
 * @name: the user's name
 * @has_personal_injury_license: whether they hold a Personal Injury license
 *
 * Returns: (transfer full): what deactivating the user does, for the
 *   warning an administrator confirms, as the seed article says it
 */
char *
roster_rules_deactivation_warning (const char        *name,
                                   RosterSubscription subscription,
                                   gboolean           has_personal_injury_license)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, subscription == ROSTER_SUBSCRIPTION_MONTHLY
                            ? _("The firm will no longer be charged for %s.")
                            : _("%s’s license will be free for another user; the annual rate stays until renewal."),
                          name);
  g_string_append_c (text, '\n');
  g_string_append (text, _("Their calendar entries will be hidden."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Their activity will be kept: there is no way to remove a user permanently."));
  if (has_personal_injury_license)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("They will lose their Personal Injury license, and will not get it back if reactivated."));
    }

  return g_string_free (text, FALSE);
}

/**
 * roster_rules_reactivation_warning:
 *
 * Returns: (transfer full): what reactivating the user may need, and what
 *   it does not bring back, as the seed article says it
 */
char *
roster_rules_reactivation_warning (const char *name,
                                   const char *email)
{
  return g_strdup_printf (_("If %s signs in with the same e-mail address as before (%s), Clio’s support may first "
                            "need to release it. A Personal Injury license lost when they were deactivated "
                            "does not come back."),
                          name, email);
}

/* The codes are part of the API (docs/api.md); the order is a person's. */
static const RosterClosureReason closure_reasons[] = {
  { "too_expensive", N_("It costs too much") },
  { "missing_features", N_("It lacks features the firm needs") },
  { "switching_products", N_("The firm is moving to another product") },
  { "firm_closing", N_("The firm is closing") },
  { "not_using", N_("The firm does not use it") },
  { "other", N_("Another reason") },
};

/**
 * roster_rules_closure_reasons:
 *
 * Returns: (array length=n_reasons): the reasons a firm may give for
 *   closing its account; the descriptions are untranslated (N_())
 */
const RosterClosureReason *
roster_rules_closure_reasons (guint *n_reasons)
{
  *n_reasons = G_N_ELEMENTS (closure_reasons);
  return closure_reasons;
}

/**
 * roster_rules_describe_closure_reason:
 *
 * Returns: (nullable): the reason in words, translated; %NULL for a code
 *   that is not one
 */
const char *
roster_rules_describe_closure_reason (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (closure_reasons); i++)
    if (g_str_equal (code, closure_reasons[i].code))
      return _(closure_reasons[i].description);

  return NULL;
}

/* Refusals ------------------------------------------------------------------ */

G_DEFINE_QUARK (roster-rules-error-quark, roster_rules_error)

/* The codes are the server's error types (docs/api.md). */
static const struct
{
  RosterRefusal  refusal;
  const char    *code;
} refusal_codes[] = {
  { ROSTER_REFUSAL_NONE, NULL },
  { ROSTER_REFUSAL_FORBIDDEN, "forbidden" },
  { ROSTER_REFUSAL_PRIMARY_SUBSCRIBER, "primary_subscriber" },
  { ROSTER_REFUSAL_SELF_DEACTIVATION, "self_deactivation" },
  { ROSTER_REFUSAL_ALREADY_DEACTIVATED, "already_deactivated" },
  { ROSTER_REFUSAL_ALREADY_ACTIVE, "already_active" },
  { ROSTER_REFUSAL_NOT_ANNUAL, "not_annual" },
  { ROSTER_REFUSAL_RECEIVER_IS_SOURCE, "invalid_receiver" },
  { ROSTER_REFUSAL_RECEIVER_DEACTIVATED, "invalid_receiver" },
  { ROSTER_REFUSAL_NOT_ADMINISTRATOR, "forbidden" },
};

/**
 * roster_rules_check_manager:
 *
 * Only the primary subscriber and administrators change account settings.
 */
RosterRefusal
roster_rules_check_manager (const RosterUserFacts *actor)
{
  if (actor == NULL || !roster_rules_may_change_account_settings (actor->account_owner, actor->admin))
    return ROSTER_REFUSAL_FORBIDDEN;

  return ROSTER_REFUSAL_NONE;
}

/**
 * roster_rules_check_deactivation:
 *
 * Never the primary subscriber, never oneself (the firm would be left
 * without the administrator who asked), never twice.
 */
RosterRefusal
roster_rules_check_deactivation (const RosterUserFacts *actor,
                                 const RosterUserFacts *user)
{
  RosterRefusal refusal = roster_rules_check_manager (actor);

  if (refusal != ROSTER_REFUSAL_NONE)
    return refusal;
  if (!roster_rules_may_be_deactivated (user->account_owner))
    return ROSTER_REFUSAL_PRIMARY_SUBSCRIBER;
  if (user->id == actor->id)
    return ROSTER_REFUSAL_SELF_DEACTIVATION;
  if (!user->enabled)
    return ROSTER_REFUSAL_ALREADY_DEACTIVATED;

  return ROSTER_REFUSAL_NONE;
}

/**
 * roster_rules_check_activation:
 *
 * What only the server knows (an address in use, no free license on an
 * annual plan) is not judged here.
 */
RosterRefusal
roster_rules_check_activation (const RosterUserFacts *actor,
                               const RosterUserFacts *user)
{
  RosterRefusal refusal = roster_rules_check_manager (actor);

  if (refusal != ROSTER_REFUSAL_NONE)
    return refusal;
  if (user->enabled)
    return ROSTER_REFUSAL_ALREADY_ACTIVE;

  return ROSTER_REFUSAL_NONE;
}

/**
 * roster_rules_check_receiver:
 *
 * Work moves from any user, active or deactivated, to another, active one.
 */
RosterRefusal
roster_rules_check_receiver (gint64                 source_id,
                             const RosterUserFacts *receiver)
{
  if (receiver->id == source_id)
    return ROSTER_REFUSAL_RECEIVER_IS_SOURCE;
  if (!receiver->enabled)
    return ROSTER_REFUSAL_RECEIVER_DEACTIVATED;

  return ROSTER_REFUSAL_NONE;
}

RosterRefusal
roster_rules_check_renewal_options (const RosterUserFacts *actor,
                                    RosterSubscription     subscription)
{
  RosterRefusal refusal = roster_rules_check_manager (actor);

  if (refusal != ROSTER_REFUSAL_NONE)
    return refusal;
  if (!roster_rules_may_remove_unused_licenses (subscription))
    return ROSTER_REFUSAL_NOT_ANNUAL;

  return ROSTER_REFUSAL_NONE;
}

/**
 * roster_rules_check_closure:
 *
 * Only a user with administrator permissions can close the account; the
 * primary subscriber without them cannot.
 */
RosterRefusal
roster_rules_check_closure (const RosterUserFacts *actor)
{
  if (actor == NULL || !roster_rules_may_close_account (actor->admin))
    return ROSTER_REFUSAL_NOT_ADMINISTRATOR;

  return ROSTER_REFUSAL_NONE;
}

const char *
roster_refusal_to_code (RosterRefusal refusal)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusal_codes); i++)
    if (refusal_codes[i].refusal == refusal)
      return refusal_codes[i].code;

  return NULL;
}

/**
 * roster_refusal_describe:
 * @name: (nullable): the user the action is about (the receiver, for a
 *   receiver's refusal)
 * @what: (nullable): for a receiver, the work, untranslated: "matters",
 *   "tasks" or "calendar entries" (each has a whole sentence of its own,
 *   for translators)
 *
 * Returns: (nullable): the refusal in the help centre's words, %NULL for
 *   %ROSTER_REFUSAL_NONE
 */
char *
roster_refusal_describe (RosterRefusal refusal,
                         const char   *name,
                         const char   *what)
{
  const char *someone = name != NULL ? name : _("This user");

  switch (refusal)
    {
    case ROSTER_REFUSAL_NONE:
      return NULL;
    case ROSTER_REFUSAL_FORBIDDEN:
      return g_strdup (_("Only the primary subscriber and administrators can change account settings"));
    case ROSTER_REFUSAL_PRIMARY_SUBSCRIBER:
      return g_strdup (_("The primary subscriber cannot be deactivated"));
    case ROSTER_REFUSAL_SELF_DEACTIVATION:
      return g_strdup (_("You cannot deactivate yourself: ask another administrator"));
    case ROSTER_REFUSAL_ALREADY_DEACTIVATED:
      return g_strdup (_("This user is already deactivated"));
    case ROSTER_REFUSAL_ALREADY_ACTIVE:
      return g_strdup (_("This user is already active"));
    case ROSTER_REFUSAL_NOT_ANNUAL:
      return g_strdup (_("Removing unused licenses at renewal is an option of annual subscriptions only"));
    case ROSTER_REFUSAL_RECEIVER_IS_SOURCE:
      if (g_strcmp0 (what, "matters") == 0)
        return g_strdup (_("The matters cannot be reassigned to the user they come from"));
      if (g_strcmp0 (what, "tasks") == 0)
        return g_strdup (_("The tasks cannot be reassigned to the user they come from"));
      if (g_strcmp0 (what, "calendar entries") == 0)
        return g_strdup (_("The calendar entries cannot be reassigned to the user they come from"));
      return g_strdup (_("The work cannot be reassigned to the user they come from"));
    case ROSTER_REFUSAL_RECEIVER_DEACTIVATED:
      return g_strdup_printf (_("%s is deactivated: work can only go to an active user"), someone);
    case ROSTER_REFUSAL_NOT_ADMINISTRATOR:
      return g_strdup (_("Only a user with administrator permissions can close the account"));
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * roster_rules_set_error:
 *
 * Sets @error in %ROSTER_RULES_ERROR, its code the #RosterRefusal.
 *
 * Returns: %FALSE when @refusal is a refusal, so that a check reads
 *   `if (!roster_rules_set_error (…))`
 */
gboolean
roster_rules_set_error (GError      **error,
                        RosterRefusal refusal,
                        const char   *name,
                        const char   *what)
{
  g_autofree char *message = NULL;

  if (refusal == ROSTER_REFUSAL_NONE)
    return TRUE;

  message = roster_refusal_describe (refusal, name, what);
  g_set_error_literal (error, ROSTER_RULES_ERROR, refusal, message);

  return FALSE;
}
