/* cli-account.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cli.h"
#include "roster-outbox.h"
#include "roster-time.h"


/* account, renewal, audit */

int
command_account (Cli   *cli,
                 int    argc,
                 char **argv)
{
  static const CliColumn columns[] = {
    { "name", N_("Firm") },
    { "subscription", N_("Subscription") },
    { "licenses", N_("Licenses") },
    { "licenses_in_use", N_("In Use") },
    { "licenses_unused", N_("Unused") },
    { "renewal_date", N_("Renewal") },
    { "remove_unused_licenses", N_("Remove Unused at Renewal") },
    { "projected_price", N_("Projected Price") },
    { "currency", N_("Currency") },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  int status;

  /* After renewal, the session is open and the options parsed. */
  if (cli->store == NULL)
    {
      if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
        return status;
      if ((status = cli_open_session (cli)) != EXIT_DONE)
        return status;
    }

  account = roster_store_get_account (cli->store, &error);
  if (account == NULL)
    return cli_fail ("%s", error ? error->message
                 : roster_store_get_server_api (cli->store) == ROSTER_SERVER_API_CLIO
                   ? _("This server offers only Clio’s public API, which does not show the account’s plan")
                   : _("The account is not in the cache yet: run “roster-cli sync”"));

  json_object_set_string_member (record, "name", roster_account_get_name (account));
  json_object_set_string_member (record, "subscription", roster_account_get_subscription (account));
  json_object_set_int_member (record, "licenses", roster_account_get_licenses (account));
  json_object_set_int_member (record, "licenses_in_use", roster_account_get_licenses_in_use (account));
  json_object_set_int_member (record, "licenses_unused", roster_account_get_licenses_unused (account));
  json_object_set_string_member (record, "renewal_date", roster_account_get_renewal_date (account));
  json_object_set_boolean_member (record, "remove_unused_licenses", roster_account_get_remove_unused_licenses (account));
  json_object_set_int_member (record, "projected_price", roster_account_get_renewal_projected_price (account));
  json_object_set_int_member (record, "price_without_removal", roster_account_get_renewal_price_without_removal (account));
  json_object_set_int_member (record, "price_with_removal", roster_account_get_renewal_price_with_removal (account));
  json_object_set_string_member (record, "currency", roster_account_get_currency (account));

  cli_print_record (cli->format, columns, G_N_ELEMENTS (columns), record);
  return EXIT_DONE;
}

int
command_renewal (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autofree char *remove = NULL;
  const GOptionEntry entries[] = {
    { "remove-unused-licenses", 0, 0, G_OPTION_ARG_STRING, &remove,
      N_("Remove the licenses no user holds at renewal: on or off"), "on|off" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(RosterOutboxEntry) entry = NULL;
  gint64 id;
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;
  if (remove == NULL || (!g_str_equal (remove, "on") && !g_str_equal (remove, "off")))
    return cli_usage_error (_("renewal needs --remove-unused-licenses on or off"));
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  if (!cli_connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    return cli_fail ("%s", error->message);
  g_clear_error (&error);

  id = roster_session_set_renewal_options (cli->session, g_str_equal (remove, "on"), &error);
  if (id == 0)
    return cli_fail_refused (NULL, error);
  roster_session_wait_idle (cli->session);

  outbox = roster_outbox_new (cli->store);
  entry = roster_outbox_get (outbox, id, &error);
  if (entry == NULL)
    return cli_fail ("%s", error->message);
  if (entry->state == ROSTER_OUTBOX_REFUSED)
    return cli_fail (_("Refused by the server (%s): %s"), entry->error_type, entry->error_message);

  g_printerr ("%s\n", entry->state == ROSTER_OUTBOX_DONE
              ? _("Renewal options changed; this affects the annual rate at renewal.")
              : _("Queued offline: the renewal options change when the server is reached."));
  return command_account (cli, 1, argv);
}

int
command_audit (Cli   *cli,
               int    argc,
               char **argv)
{
  static const CliColumn columns[] = {
    { "created_at", N_("When") },
    { "actor", N_("Who") },
    { "action", N_("Action") },
    { "target_type", N_("Target") },
    { "target_id", N_("Target ID") },
  };
  g_autofree char *since = NULL;
  g_autofree char *user = NULL;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Only events at or after this date (YYYY-MM-DD or ISO 8601)"), "DATE" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Only events about this user"), "USER" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  g_autofree char *normalized = NULL;
  gint64 user_id = 0;
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;
  if (since != NULL)
    {
      g_autoptr(GDate) date = roster_date_parse (since);
      g_autoptr(GDateTime) time = roster_time_parse_iso (since);

      if (time != NULL)
        normalized = roster_time_normalize_iso (since);
      else if (date != NULL)
        normalized = g_strdup_printf ("%04d-%02d-%02dT00:00:00Z", g_date_get_year (date),
                                      g_date_get_month (date), g_date_get_day (date));
      else
        return cli_usage_error (_("--since is a date (YYYY-MM-DD) or a time (ISO 8601), not “%s”"), since);
    }
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if (user != NULL)
    {
      g_autoptr(RosterUser) found = cli_find_user (cli, user, &error);

      if (found == NULL)
        return cli_fail ("%s", error->message);
      user_id = roster_user_get_id (found);
    }

  events = roster_store_list_audit_events (cli->store, user_id, normalized, 0, &error);
  if (events == NULL)
    return cli_fail ("%s", error->message);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (events), i);
      JsonObject *record = json_object_new ();

      json_object_set_int_member (record, "id", roster_audit_event_get_id (event));
      json_object_set_string_member (record, "created_at", roster_audit_event_get_created_at (event));
      json_object_set_int_member (record, "actor_id", roster_audit_event_get_actor_id (event));
      json_object_set_string_member (record, "actor", roster_audit_event_get_actor_name (event));
      json_object_set_string_member (record, "action", roster_audit_event_get_action (event));
      json_object_set_string_member (record, "target_type", roster_audit_event_get_target_type (event));
      json_object_set_int_member (record, "target_id", roster_audit_event_get_target_id (event));
      json_array_add_object_element (records, record);
    }

  cli_print_records (cli->format, columns, G_N_ELEMENTS (columns), records);
  return EXIT_DONE;
}
