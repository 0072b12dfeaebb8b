/* cli-sync.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <unistd.h>

#include "cli.h"
#include "roster-outbox.h"
#include "roster-sync.h"

/* sync, status, queue */

static void
sync_progress (RosterSession *session,
               GParamSpec    *pspec,
               gpointer       user_data)
{
  g_autofree char *text = roster_session_dup_progress_text (session);

  if (text == NULL)
    return;

  g_printerr ("\r\033[K%s", text);
}

int
command_sync (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  gboolean on_terminal = isatty (STDERR_FILENO);
  const GError *sync_error;
  guint sent = 0, refused = 0, still_waiting = 0;
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if (!cli_connect_session (cli, &error))
    {
      if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
        return cli_fail (_("Offline: %s. The cache is as of its last sync."), error->message);
      return cli_fail ("%s", error->message);
    }

  /* What was queued offline goes first, in order; then the sync. */
  outbox = roster_outbox_new (cli->store);
  waiting = roster_outbox_list (outbox, NULL);
  if (on_terminal)
    g_signal_connect (cli->session, "notify::progress", G_CALLBACK (sync_progress), NULL);
  roster_session_refresh (cli->session);
  roster_session_wait_idle (cli->session);
  if (on_terminal)
    g_printerr ("\r\033[K");

  /* Each refusal in full, on standard error, and a line for all of them. */
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      RosterOutboxEntry *before = g_ptr_array_index (waiting, i);
      g_autoptr(RosterOutboxEntry) after = NULL;
      g_autoptr(RosterUser) user = NULL;

      if (before->state != ROSTER_OUTBOX_QUEUED && before->state != ROSTER_OUTBOX_SENDING)
        continue;
      after = roster_outbox_get (outbox, before->id, NULL);
      if (after == NULL || after->state == ROSTER_OUTBOX_QUEUED || after->state == ROSTER_OUTBOX_SENDING)
        {
          still_waiting++;
          continue;
        }
      sent++;
      if (after->state != ROSTER_OUTBOX_REFUSED)
        continue;
      refused++;
      user = after->target_id ? roster_store_get_user (cli->store, after->target_id, NULL) : NULL;
      g_printerr ("roster-cli: %s %s: %s (%s)\n", roster_action_to_string (after->action),
                  user ? roster_user_get_name (user) : _("the account"), after->error_message, after->error_type);
    }
  if (sent + still_waiting > 0)
    g_printerr (_("%u sent, %u refused, %u still waiting\n"), sent, refused, still_waiting);

  sync_error = roster_session_get_last_sync_error (cli->session);
  if (sync_error != NULL)
    {
      if (g_error_matches (sync_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
        return cli_fail (_("Offline: %s. The cache is as of its last sync."), sync_error->message);
      return cli_fail ("%s", sync_error->message);
    }
  if (refused > 0)
    return EXIT_FAILED;

  if (on_terminal)
    g_printerr (_("Synced %s: %" PRId64 " users, %" PRId64 " matters, %" PRId64 " tasks, %"
                  PRId64 " calendar entries\n"),
                cli->account->key, roster_store_count (cli->store, "users"), roster_store_count (cli->store, "matters"),
                roster_store_count (cli->store, "tasks"), roster_store_count (cli->store, "calendar_entries"));
  return EXIT_DONE;
}

int
command_status (Cli   *cli,
                int    argc,
                char **argv)
{
  static const CliColumn columns[] = {
    { "account", N_("Account") },
    { "server", N_("Server") },
    { "api", N_("API") },
    { "last_synced_at", N_("Last Synced") },
    { "last_attempt", N_("Last Attempt") },
    { "offline", N_("Offline") },
    { "last_error", N_("Last Error") },
    { "queued", N_("Queued Actions") },
    { "refused", N_("Refused Actions") },
    { "not_available", N_("Not Available to You") },
    { "closed_at", N_("Account Closed") },
  };
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  g_autofree char *synced = NULL;
  g_autofree char *attempt = NULL;
  g_autofree char *result = NULL;
  RosterServerApi api;
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  outbox = roster_outbox_new (cli->store);
  synced = roster_store_last_synced_at (cli->store);
  attempt = roster_store_get_info (cli->store, "last-sync-attempt");
  result = roster_store_get_info (cli->store, "last-sync-result");
  api = roster_store_get_server_api (cli->store);

  json_object_set_string_member (record, "account", cli->account->key);
  json_object_set_string_member (record, "server", cli->account->server);
  json_object_set_string_member (record, "api", api == ROSTER_SERVER_API_ROSTER ? "roster"
                                 : api == ROSTER_SERVER_API_CLIO ? "clio" : NULL);
  json_object_set_string_member (record, "last_synced_at", synced);
  json_object_set_string_member (record, "last_attempt", attempt);
  /* Online or not is only known by asking: after a sync that reached the
   * server, it is unknown until the next one, never a stale "no". */
  if (g_strcmp0 (result, "offline") == 0)
    json_object_set_boolean_member (record, "offline", TRUE);
  else
    json_object_set_null_member (record, "offline");
  if (cli->format != CLI_FORMAT_JSON)
    json_object_set_string_member (record, "offline", g_strcmp0 (result, "offline") == 0
                                     ? _("yes, at the last attempt")
                                     : _("unknown until the next sync"));
  {
    g_auto(GStrv) not_available = roster_sync_dup_not_available (cli->store);
    g_autofree char *closed_at = roster_store_get_info (cli->store, "closed-at");
    g_autofree char *withheld = not_available[0] != NULL ? g_strjoinv (", ", not_available) : NULL;

    json_object_set_string_member (record, "closed_at", closed_at);
    json_object_set_string_member (record, "not_available", withheld);
  }
  json_object_set_string_member (record, "last_error",
                                 result == NULL || g_str_equal (result, "ok") || g_str_equal (result, "offline")
                                   ? NULL : result);
  json_object_set_int_member (record, "queued", roster_outbox_count_waiting (outbox));
  json_object_set_int_member (record, "refused", roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED));

  cli_print_record (cli->format, columns, G_N_ELEMENTS (columns), record);
  return EXIT_DONE;
}

int
command_queue (Cli   *cli,
               int    argc,
               char **argv)
{
  static const CliColumn columns[] = {
    { "id", N_("ID") },
    { "action", N_("Action") },
    { "target_id", N_("Target") },
    { "state", N_("State") },
    { "error_type", N_("Refusal") },
    { "reason", N_("Reason") },
    { "updated_at", N_("Updated") },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  gint64 cancel = 0;
  const GOptionEntry entries_options[] = {
    { "cancel", 0, 0, G_OPTION_ARG_INT64, &cancel, N_("Take back the queued action ID before it is sent"), "ID" },
    { NULL },
  };
  int status;

  if (!cli_parse (cli, entries_options, &argc, &argv, 0, &status))
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  if (cancel != 0)
    {
      if (!roster_session_cancel_action (cli->session, cancel, &error))
        return cli_fail ("%s", error->message);
      g_printerr (_("Action %" PRId64 " cancelled: it will not be sent, and what it showed is undone.\n"),
                  cancel);
    }

  outbox = roster_outbox_new (cli->store);
  entries = roster_outbox_list (outbox, &error);
  if (entries == NULL)
    return cli_fail ("%s", error->message);

  for (guint i = 0; i < entries->len; i++)
    {
      RosterOutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *record = json_object_new ();

      json_object_set_int_member (record, "id", entry->id);
      json_object_set_string_member (record, "action", roster_action_to_string (entry->action));
      json_object_set_int_member (record, "target_id", entry->target_id);
      json_object_set_string_member (record, "state", roster_outbox_state_to_string (entry->state));
      json_object_set_string_member (record, "error_type", entry->error_type);
      json_object_set_string_member (record, "reason", entry->error_message);
      json_object_set_string_member (record, "created_at", entry->created_at);
      json_object_set_string_member (record, "updated_at", entry->updated_at);
      json_array_add_object_element (records, record);
    }

  cli_print_records (cli->format, columns, G_N_ELEMENTS (columns), records);
  return EXIT_DONE;
}
