/* test-session.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session without a network: the account used last opens on its cache
 * at once, offline; a user who is neither an administrator nor the primary
 * subscriber is told the firm is read-only, and why; signing out forgets
 * the account and, when asked, the cache.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "roster-session.h"
#include "test-home.h"

static void
put_user (RosterStore *store,
          gint64       id,
          const char  *name,
          gboolean     owner,
          gboolean     admin)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": %" G_GINT64_FORMAT ", \"etag\": \"e\", \"name\": \"%s\","
                                           " \"first_name\": \"x\", \"last_name\": \"y\","
                                           " \"email\": \"u%" G_GINT64_FORMAT "@hartbell.example\", \"enabled\": true,"
                                           " \"account_owner\": %s, \"roles\": [%s], \"subscription_type\": \"Attorney\","
                                           " \"personal_injury_license\": false, \"default_calendar_id\": 1%" G_GINT64_FORMAT ","
                                           " \"updated_at\": \"2026-11-01T00:00:00Z\"}",
                                           id, name, id, owner ? "true" : "false", admin ? "\"admin\"" : "", id);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = roster_user_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_true (roster_store_put_user (store, user, &error));
}

/* An account whose server is nowhere, its cache holding a firm in which the
 * signed-in user is @me. */
static RosterKnownAccount *
cached_account (gint64 me)
{
  g_autoptr(GError) error = NULL;
  RosterKnownAccount *account = roster_known_account_new ("http://127.0.0.1:9", "someone@hartbell.example");
  g_autofree char *path = roster_known_account_cache_path (account);
  g_autofree char *me_text = g_strdup_printf ("%" G_GINT64_FORMAT, me);
  g_autoptr(RosterStore) store = roster_store_open (path, &error);

  g_assert_no_error (error);
  put_user (store, 1, "Olivia Hart", TRUE, FALSE);
  put_user (store, 2, "Marcus Reyes", FALSE, TRUE);
  put_user (store, 4, "Daniel García", FALSE, FALSE);
  g_assert_true (roster_store_set_info (store, "me", me_text, &error));
  g_assert_true (roster_known_accounts_save (account, &error));

  return account;
}

static void
wait_until_offline (RosterSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!roster_session_get_offline (session) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_read_only (void)
{
  g_autoptr(RosterKnownAccount) account = NULL;
  g_autoptr(RosterSession) session = roster_session_new ();
  g_autofree char *reason = NULL;

  /* Daniel manages nothing: he may look, and is told so. */
  account = cached_account (4);
  g_assert_true (roster_session_open_last (session));
  g_assert_cmpint (roster_session_get_state (session), ==, ROSTER_SESSION_OPEN);
  g_assert_cmpint (roster_store_count (roster_session_get_store (session), "users"), ==, 3);
  reason = roster_session_dup_read_only_reason (session);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "Daniel García"));
  g_assert_nonnull (strstr (reason, "read-only"));

  /* With no sign-in kept (no keyring here), the cache is shown offline. */
  wait_until_offline (session);
  g_assert_true (roster_session_get_offline (session));
  roster_session_sign_out (session, TRUE);
}

static void
test_managers_and_sign_out (void)
{
  g_autoptr(RosterSession) session = roster_session_new ();
  g_autoptr(RosterKnownAccount) account = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;

  /* The primary subscriber manages the firm without being an administrator. */
  account = cached_account (1);
  path = roster_known_account_cache_path (account);
  g_assert_true (roster_session_open_last (session));
  reason = roster_session_dup_read_only_reason (session);
  g_assert_null (reason);

  /* Signing out keeps the cache unless asked; then the welcome page. */
  roster_session_sign_out (session, FALSE);
  g_assert_cmpint (roster_session_get_state (session), ==, ROSTER_SESSION_SIGNED_OUT);
  known = roster_known_accounts_load (NULL);
  g_assert_cmpuint (known->len, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (roster_session_open_last (session));

  g_clear_pointer (&account, roster_known_account_free);
  account = cached_account (2);
  g_assert_true (roster_session_open_last (session));
  g_assert_null (roster_session_dup_read_only_reason (session));
  roster_session_sign_out (session, TRUE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
count_answers (RosterSession     *session,
               RosterOutboxEntry *entry,
               guint             *answers)
{
  (*answers)++;
}

static void
test_queue_offline (void)
{
  g_autoptr(RosterSession) session = roster_session_new ();
  g_autoptr(RosterKnownAccount) account = NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint answers = 0;

  /* Marcus, an administrator, deactivates Daniel with the server nowhere. */
  account = cached_account (2);
  g_assert_true (roster_session_open_last (session));
  g_signal_connect (session, "answered", G_CALLBACK (count_answers), &answers);
  wait_until_offline (session);

  g_assert_true (roster_session_queue (session, ROSTER_ACTION_DEACTIVATE, 4, &error));
  g_assert_no_error (error);
  /* The sync it starts ends offline too: the action is kept, unanswered. */
  while (roster_session_get_syncing (session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (roster_session_get_offline (session));
  g_assert_cmpuint (answers, ==, 0);

  outbox = roster_outbox_new (roster_session_get_store (session));
  entries = roster_outbox_list (outbox, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((RosterOutboxEntry *) g_ptr_array_index (entries, 0))->action, ==, "deactivate");
  g_assert_cmpint (((RosterOutboxEntry *) g_ptr_array_index (entries, 0))->target_id, ==, 4);
  g_assert_cmpstr (((RosterOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, "queued");
  /* The cache shows it done already, to be undone if the server refuses. */
  {
    g_autoptr(RosterUser) daniel = roster_store_get_user (roster_session_get_store (session), 4, NULL);

    g_assert_false (roster_user_get_enabled (daniel));
  }

  g_clear_object (&outbox);
  roster_session_sign_out (session, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_home_new ("session");
  int status;


  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/read-only", test_read_only);
  g_test_add_func ("/session/managers-and-sign-out", test_managers_and_sign_out);
  g_test_add_func ("/session/queue-offline", test_queue_offline);

  status = g_test_run ();
  test_remove_tree (home);

  return status;
}
