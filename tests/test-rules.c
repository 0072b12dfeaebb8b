/* test-rules.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-rules.h"

static const RosterMatterFacts open_matter = { TRUE, ROSTER_MATTER_STATUS_OPEN, FALSE };
static const RosterMatterFacts pending_matter = { TRUE, ROSTER_MATTER_STATUS_PENDING, FALSE };
static const RosterMatterFacts closed_matter = { TRUE, ROSTER_MATTER_STATUS_CLOSED, FALSE };
static const RosterMatterFacts private_matter = { TRUE, ROSTER_MATTER_STATUS_OPEN, TRUE };
static const RosterMatterFacts no_matter = { FALSE, ROSTER_MATTER_STATUS_OPEN, FALSE };

static void
test_permissions (void)
{
  /* Only the primary subscriber and administrators change account settings. */
  g_assert_true (roster_rules_may_change_account_settings (TRUE, FALSE));
  g_assert_true (roster_rules_may_change_account_settings (FALSE, TRUE));
  g_assert_true (roster_rules_may_change_account_settings (TRUE, TRUE));
  g_assert_false (roster_rules_may_change_account_settings (FALSE, FALSE));

  /* Only administrators close the account, whoever pays for it. */
  g_assert_true (roster_rules_may_close_account (TRUE));
  g_assert_false (roster_rules_may_close_account (FALSE));

  /* The primary subscriber is never deactivated. */
  g_assert_false (roster_rules_may_be_deactivated (TRUE));
  g_assert_true (roster_rules_may_be_deactivated (FALSE));
}

static void
test_matter_verdict (void)
{
  g_assert_cmpint (roster_rules_matter_verdict (ROSTER_MATTER_STATUS_OPEN, FALSE), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_matter_verdict (ROSTER_MATTER_STATUS_PENDING, FALSE), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_matter_verdict (ROSTER_MATTER_STATUS_CLOSED, FALSE), ==, ROSTER_VERDICT_CLOSED_MATTER);
  g_assert_cmpint (roster_rules_matter_verdict (ROSTER_MATTER_STATUS_OPEN, TRUE), ==, ROSTER_VERDICT_PRIVATE_MATTER);
  /* A closed private matter is closed first: it would stay for either reason. */
  g_assert_cmpint (roster_rules_matter_verdict (ROSTER_MATTER_STATUS_CLOSED, TRUE), ==, ROSTER_VERDICT_CLOSED_MATTER);
}

static void
test_task_verdict (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (27, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) yesterday = g_date_new_dmy (26, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) tomorrow = g_date_new_dmy (28, G_DATE_NOVEMBER, 2026);

  g_assert_cmpint (roster_rules_task_verdict (&open_matter, FALSE, tomorrow, today), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_task_verdict (&pending_matter, FALSE, tomorrow, today), ==, ROSTER_VERDICT_MOVES);
  /* Due today is not past due yet; no due date is never past due. */
  g_assert_cmpint (roster_rules_task_verdict (&open_matter, FALSE, today, today), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_task_verdict (&open_matter, FALSE, NULL, today), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_task_verdict (&open_matter, FALSE, yesterday, today), ==, ROSTER_VERDICT_PAST_DUE);
  g_assert_cmpint (roster_rules_task_verdict (&open_matter, TRUE, tomorrow, today), ==, ROSTER_VERDICT_COMPLETE);
  g_assert_cmpint (roster_rules_task_verdict (&closed_matter, FALSE, tomorrow, today), ==, ROSTER_VERDICT_CLOSED_MATTER);
  g_assert_cmpint (roster_rules_task_verdict (&private_matter, FALSE, tomorrow, today), ==, ROSTER_VERDICT_PRIVATE_MATTER);
  g_assert_cmpint (roster_rules_task_verdict (&no_matter, FALSE, tomorrow, today), ==, ROSTER_VERDICT_NO_MATTER);
  g_assert_cmpint (roster_rules_task_verdict (NULL, FALSE, tomorrow, today), ==, ROSTER_VERDICT_NO_MATTER);
}

static void
test_event_verdict (void)
{
  const gint64 now = 1795780800; /* 2026-11-27 12:00 UTC */

  g_assert_cmpint (roster_rules_event_verdict (&open_matter, TRUE, now + 3600, now), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_event_verdict (&open_matter, TRUE, now, now), ==, ROSTER_VERDICT_MOVES);
  g_assert_cmpint (roster_rules_event_verdict (&open_matter, TRUE, now - 1, now), ==, ROSTER_VERDICT_PAST_EVENT);
  g_assert_cmpint (roster_rules_event_verdict (&open_matter, FALSE, now + 3600, now), ==, ROSTER_VERDICT_ONLY_ATTENDEE);
  g_assert_cmpint (roster_rules_event_verdict (&closed_matter, TRUE, now + 3600, now), ==, ROSTER_VERDICT_CLOSED_MATTER);
  g_assert_cmpint (roster_rules_event_verdict (&private_matter, TRUE, now + 3600, now), ==, ROSTER_VERDICT_PRIVATE_MATTER);
  g_assert_cmpint (roster_rules_event_verdict (&no_matter, TRUE, now + 3600, now), ==, ROSTER_VERDICT_NO_MATTER);
}

static void
test_codes (void)
{
  const RosterVerdict all[] = {
    ROSTER_VERDICT_MOVES, ROSTER_VERDICT_NO_MATTER, ROSTER_VERDICT_CLOSED_MATTER,
    ROSTER_VERDICT_PRIVATE_MATTER, ROSTER_VERDICT_ONLY_ATTENDEE, ROSTER_VERDICT_COMPLETE,
    ROSTER_VERDICT_PAST_DUE, ROSTER_VERDICT_PAST_EVENT,
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RosterVerdict parsed;
  RosterMatterStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *code = roster_verdict_to_code (all[i]);

      g_assert_nonnull (code);
      g_assert_true (g_hash_table_add (seen, (gpointer) code));
      g_assert_true (roster_verdict_from_code (code, &parsed));
      g_assert_cmpint (parsed, ==, all[i]);
      g_assert_nonnull (roster_verdict_describe (all[i]));
    }

  g_assert_false (roster_verdict_from_code ("lost", &parsed));
  g_assert_false (roster_verdict_from_code (NULL, &parsed));

  g_assert_true (roster_matter_status_from_string ("Pending", &status));
  g_assert_cmpint (status, ==, ROSTER_MATTER_STATUS_PENDING);
  g_assert_true (roster_matter_status_from_string ("closed", &status));
  g_assert_cmpint (status, ==, ROSTER_MATTER_STATUS_CLOSED);
  g_assert_cmpstr (roster_matter_status_to_string (ROSTER_MATTER_STATUS_OPEN), ==, "Open");
  g_assert_false (roster_matter_status_from_string ("Archived", &status));
}

/* The refusals the client and the server share, in the same order. */
static void
test_refusals (void)
{
  const RosterUserFacts owner = { 1, TRUE, FALSE, TRUE };
  const RosterUserFacts admin = { 2, FALSE, TRUE, TRUE };
  const RosterUserFacts member = { 4, FALSE, FALSE, TRUE };
  const RosterUserFacts gone = { 13, FALSE, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;

  /* Who may act at all. */
  g_assert_cmpint (roster_rules_check_manager (&owner), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_manager (&admin), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_manager (&member), ==, ROSTER_REFUSAL_FORBIDDEN);
  g_assert_cmpint (roster_rules_check_manager (NULL), ==, ROSTER_REFUSAL_FORBIDDEN);

  /* Deactivating: never the primary subscriber, never oneself, never twice. */
  g_assert_cmpint (roster_rules_check_deactivation (&admin, &member), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_deactivation (&owner, &admin), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_deactivation (&admin, &owner), ==, ROSTER_REFUSAL_PRIMARY_SUBSCRIBER);
  g_assert_cmpint (roster_rules_check_deactivation (&owner, &owner), ==, ROSTER_REFUSAL_PRIMARY_SUBSCRIBER);
  g_assert_cmpint (roster_rules_check_deactivation (&admin, &admin), ==, ROSTER_REFUSAL_SELF_DEACTIVATION);
  g_assert_cmpint (roster_rules_check_deactivation (&admin, &gone), ==, ROSTER_REFUSAL_ALREADY_DEACTIVATED);
  g_assert_cmpint (roster_rules_check_deactivation (&member, &gone), ==, ROSTER_REFUSAL_FORBIDDEN);

  g_assert_cmpint (roster_rules_check_activation (&admin, &gone), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_activation (&admin, &member), ==, ROSTER_REFUSAL_ALREADY_ACTIVE);
  g_assert_cmpint (roster_rules_check_activation (&member, &gone), ==, ROSTER_REFUSAL_FORBIDDEN);

  /* Work goes from anyone to another, active user. */
  g_assert_cmpint (roster_rules_check_receiver (13, &member), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_receiver (4, &member), ==, ROSTER_REFUSAL_RECEIVER_IS_SOURCE);
  g_assert_cmpint (roster_rules_check_receiver (4, &gone), ==, ROSTER_REFUSAL_RECEIVER_DEACTIVATED);

  g_assert_cmpint (roster_rules_check_renewal_options (&admin, ROSTER_SUBSCRIPTION_ANNUAL), ==, ROSTER_REFUSAL_NONE);
  g_assert_cmpint (roster_rules_check_renewal_options (&admin, ROSTER_SUBSCRIPTION_MONTHLY), ==,
                   ROSTER_REFUSAL_NOT_ANNUAL);
  g_assert_cmpint (roster_rules_check_renewal_options (&member, ROSTER_SUBSCRIPTION_ANNUAL), ==,
                   ROSTER_REFUSAL_FORBIDDEN);

  /* The server's types and words. */
  g_assert_null (roster_refusal_to_code (ROSTER_REFUSAL_NONE));
  g_assert_cmpstr (roster_refusal_to_code (ROSTER_REFUSAL_PRIMARY_SUBSCRIBER), ==, "primary_subscriber");
  g_assert_cmpstr (roster_refusal_to_code (ROSTER_REFUSAL_RECEIVER_DEACTIVATED), ==, "invalid_receiver");
  words = roster_refusal_describe (ROSTER_REFUSAL_RECEIVER_DEACTIVATED, "Yuki Lindqvist", "tasks");
  g_assert_cmpstr (words, ==, "Yuki Lindqvist is deactivated: work can only go to an active user");

  g_assert_true (roster_rules_set_error (&error, ROSTER_REFUSAL_NONE, NULL, NULL));
  g_assert_no_error (error);
  g_assert_false (roster_rules_set_error (&error, ROSTER_REFUSAL_RECEIVER_IS_SOURCE, NULL, "matters"));
  g_assert_error (error, ROSTER_RULES_ERROR, ROSTER_REFUSAL_RECEIVER_IS_SOURCE);
  g_assert_cmpstr (error->message, ==, "The matters cannot be reassigned to the user they come from");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/permissions", test_permissions);
  g_test_add_func ("/rules/matter-verdict", test_matter_verdict);
  g_test_add_func ("/rules/task-verdict", test_task_verdict);
  g_test_add_func ("/rules/event-verdict", test_event_verdict);
  g_test_add_func ("/rules/codes", test_codes);
  g_test_add_func ("/rules/refusals", test_refusals);

  return g_test_run ();
}
