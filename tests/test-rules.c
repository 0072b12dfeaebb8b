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

  return g_test_run ();
}
