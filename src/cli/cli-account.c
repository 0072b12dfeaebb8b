/* cli-account.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <unistd.h>

#include "cli.h"
#include "roster-money.h"
#include "roster-outbox.h"
#include "roster-sync.h"
#include "roster-time.h"

/* account, renewal, close, audit */

/* The account as the API has it, for its Personal Injury add-on. */
static gint64
add_on_member (JsonObject *account,
               const char *member)
{
  JsonNode *node = json_object_get_member (account, "personal_injury_add_on");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;

  return json_object_get_int_member_with_default (json_node_get_object (node), member, 0);
}

int
command_account (Cli   *cli,
                 int    argc,
                 char **argv)
{
  static const CliColumn columns[] = {
    { "name", N_("Firm") },
    { "subscription", N_("Plan") },
    { "licenses", N_("Licenses Bought") },
    { "licenses_in_use", N_("In Use") },
    { "licenses_unused", N_("Unused") },
    { "license_price_text", N_("Price per License") },
    { "personal_injury_text", N_("Personal Injury Add-On") },
    { "renewal_date", N_("Renewal Date") },
    { "remove_unused_licenses", N_("Remove Unused at Renewal") },
    { "projected_price_text", N_("Renewal Price") },
    { "price_without_removal_text", N_("Renewal Price, Keeping Unused") },
    { "price_with_removal_text", N_("Renewal Price, Removing Unused") },
    { "closed_at", N_("Closed") },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  const char *currency;
  gboolean annual;
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
  json = roster_store_get_account_json (cli->store, NULL);
  currency = roster_account_get_currency (account);
  annual = g_strcmp0 (roster_account_get_subscription (account), "annual") == 0;

  json_object_set_string_member (record, "name", roster_account_get_name (account));
  json_object_set_string_member (record, "subscription", roster_account_get_subscription (account));
  json_object_set_string_member (record, "currency", currency);
  json_object_set_int_member (record, "licenses", roster_account_get_licenses (account));
  json_object_set_int_member (record, "licenses_in_use", roster_account_get_licenses_in_use (account));
  json_object_set_int_member (record, "licenses_unused", roster_account_get_licenses_unused (account));
  json_object_set_int_member (record, "license_price", roster_account_get_license_price (account));
  json_object_set_int_member (record, "personal_injury_licenses", json ? add_on_member (json, "in_use") : 0);
  json_object_set_int_member (record, "personal_injury_price", json ? add_on_member (json, "price") : 0);
  json_object_set_string_member (record, "renewal_date", roster_account_get_renewal_date (account));
  json_object_set_boolean_member (record, "remove_unused_licenses", roster_account_get_remove_unused_licenses (account));
  json_object_set_int_member (record, "projected_price", roster_account_get_renewal_projected_price (account));
  json_object_set_int_member (record, "price_without_removal", roster_account_get_renewal_price_without_removal (account));
  json_object_set_int_member (record, "price_with_removal", roster_account_get_renewal_price_with_removal (account));
  json_object_set_string_member (record, "closed_at", roster_account_get_closed_at (account));

  /* For a person: money in the account's currency, as their locale writes it. */
  if (cli->format != CLI_FORMAT_JSON)
    {
      g_autofree char *price = roster_money_format (roster_account_get_license_price (account), currency);
      g_autofree char *pi_price = roster_money_format (json ? add_on_member (json, "price") : 0, currency);
      g_autofree char *projected = roster_money_format (roster_account_get_renewal_projected_price (account), currency);
      g_autofree char *keeping = roster_money_format (roster_account_get_renewal_price_without_removal (account), currency);
      g_autofree char *removing = roster_money_format (roster_account_get_renewal_price_with_removal (account), currency);
      g_autofree char *per_license = g_strdup_printf (annual ? _("%s a year") : _("%s a month"), price);
      gint64 pi_in_use = json ? add_on_member (json, "in_use") : 0;
      g_autofree char *pi = annual
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " license, %s each a year",
                                        "%" PRId64 " licenses, %s each a year", pi_in_use),
                           pi_in_use, pi_price)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " license, %s each a month",
                                        "%" PRId64 " licenses, %s each a month", pi_in_use),
                           pi_in_use, pi_price);

      json_object_set_string_member (record, "license_price_text", per_license);
      json_object_set_string_member (record, "personal_injury_text", pi);
      json_object_set_string_member (record, "projected_price_text", projected);
      json_object_set_string_member (record, "price_without_removal_text", annual ? keeping : NULL);
      json_object_set_string_member (record, "price_with_removal_text", annual ? removing : NULL);
    }

  if (cli->format == CLI_FORMAT_TABLE)
    {
      cli_print_record (cli->format, columns, G_N_ELEMENTS (columns) - (roster_account_get_closed_at (account) ? 0 : 1),
                        record);
      if (!annual)
        g_print ("\n%s\n", _("On a monthly plan the firm pays for active users only: there are no unused licenses "
                             "to remove at renewal."));
      return EXIT_DONE;
    }
  if (cli->format == CLI_FORMAT_CSV)
    {
      static const CliColumn csv_columns[] = {
        { "name", NULL }, { "subscription", NULL }, { "currency", NULL }, { "licenses", NULL },
        { "licenses_in_use", NULL }, { "licenses_unused", NULL }, { "license_price", NULL },
        { "personal_injury_licenses", NULL }, { "personal_injury_price", NULL }, { "renewal_date", NULL },
        { "remove_unused_licenses", NULL }, { "projected_price", NULL }, { "price_without_removal", NULL },
        { "price_with_removal", NULL }, { "closed_at", NULL },
      };

      cli_print_record (cli->format, csv_columns, G_N_ELEMENTS (csv_columns), record);
      return EXIT_DONE;
    }

  cli_print_record (cli->format, columns, G_N_ELEMENTS (columns), record);
  return EXIT_DONE;
}

int
command_renewal (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autofree char *remove = NULL;
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    { "remove-unused-licenses", 0, 0, G_OPTION_ARG_STRING, &remove,
      N_("Remove the licenses no user holds at renewal: on or off"), "on|off" },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask for confirmation"), NULL },
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
  if ((status = cli_may_ask (yes, "renewal")) != EXIT_DONE)
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  /* What the cache can judge first; then the price it means, and a yes. */
  if (!roster_session_check (cli->session, ROSTER_ACTION_RENEWAL_OPTIONS, 0, NULL, &error))
    return cli_fail_refused (NULL, error);
  if (!yes)
    {
      g_autoptr(RosterAccount) account = roster_store_get_account (cli->store, NULL);
      g_autofree char *price = NULL;
      g_autofree char *question = NULL;

      if (account != NULL)
        {
          price = roster_money_format (g_str_equal (remove, "on")
                                         ? roster_account_get_renewal_price_with_removal (account)
                                         : roster_account_get_renewal_price_without_removal (account),
                                       roster_account_get_currency (account));
          g_printerr (_("At renewal on %s the firm will pay %s.\n"), roster_account_get_renewal_date (account), price);
        }
      question = g_strdup (g_str_equal (remove, "on") ? _("Remove unused licenses at renewal?")
                                                      : _("Keep unused licenses at renewal?"));
      if (!cli_confirm (question))
        return cli_fail (_("Nothing was changed"));
    }

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
  if ((status = cli_require_synced (cli)) != EXIT_DONE)
    return status;
  {
    g_auto(GStrv) not_available = roster_sync_dup_not_available (cli->store);
    g_autofree char *read_only = roster_session_dup_read_only_reason (cli->session);

    if (g_strv_contains ((const char *const *) not_available, "audit_events"))
      return cli_fail (_("The audit log is for administrators and the primary subscriber: %s"),
                       read_only ? read_only : _("the server does not show it to you"));
  }
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

typedef struct
{
  gboolean  done;
  GError   *error;
} Closing;

static void
closed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Closing *closing = user_data;

  roster_session_close_account_finish (ROSTER_SESSION (source), result, &closing->error);
  closing->done = TRUE;
}

/* Asks for the reason by number, from the list the server takes. */
static char *
ask_reason (void)
{
  guint n_reasons;
  const RosterClosureReason *reasons = roster_rules_closure_reasons (&n_reasons);
  g_autofree char *answer = NULL;
  guint64 chosen = 0;

  g_printerr ("%s\n", _("Why is the firm closing its account?"));
  for (guint i = 0; i < n_reasons; i++)
    g_printerr ("  %u. %s\n", i + 1, _(reasons[i].description));
  answer = cli_prompt (_("Reason (a number):"));
  if (answer == NULL || !g_ascii_string_to_unsigned (answer, 10, 1, n_reasons, &chosen, NULL))
    return NULL;

  return g_strdup (reasons[chosen - 1].code);
}

int
command_close (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *code = NULL;
  g_autofree char *confirmation = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why: too_expensive, missing_features, switching_products, firm_closing, not_using or other"), "REASON" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The verification code Clio’s support reads out"), "CODE" },
    { "confirm", 0, 0, G_OPTION_ARG_STRING, &confirmation,
      N_("The phrase “I Want To Permanently Close My Account”, exactly"), "PHRASE" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = NULL;
  gboolean on_terminal = isatty (STDIN_FILENO);
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;
  if (!on_terminal && (reason == NULL || code == NULL || confirmation == NULL))
    return cli_usage_error (_("close asks for the reason, the verification code and the confirmation, and there is "
                              "no terminal to ask on: give --reason, --code and --confirm"));
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if ((status = cli_require_synced (cli)) != EXIT_DONE)
    return status;

  /* Who may close it, and what was given, before anything is asked. */
  if (!roster_session_check_closure (cli->session, reason, confirmation, &error))
    return cli_fail_refused (NULL, error);
  /* Online only: closing needs the server now. */
  if (!cli_connect_session (cli, &error))
    return cli_fail (_("Closing the account needs the server: %s"), error->message);

  account = roster_store_get_account (cli->store, NULL);
  if (account != NULL)
    g_printerr (_("%s renews on %s. There are no additional or hidden costs to closing the account; close it "
                  "before the renewal date to avoid the annual charge.\n\n"),
                roster_account_get_name (account), roster_account_get_renewal_date (account));

  if (reason == NULL && (reason = ask_reason ()) == NULL)
    return cli_fail (_("That is not one of the reasons: nothing was changed"));
  if (code == NULL)
    {
      g_printerr ("%s\n", _("Call Clio’s support team for verification: they read out a code."));
      code = cli_prompt (_("Verification code:"));
      if (code == NULL || *code == '\0')
        return cli_fail (_("No verification code: nothing was changed"));
    }
  if (confirmation == NULL)
    {
      g_printerr (_("Closing the account cannot be undone. Type “%s” to close it.\n"), ROSTER_CLOSURE_CONFIRMATION);
      confirmation = cli_prompt (">");
    }
  if (!roster_session_check_closure (cli->session, reason, confirmation, &error))
    return cli_fail_refused (NULL, error);

  {
    Closing closing = { FALSE, NULL };

    roster_session_close_account_async (cli->session, reason, code, confirmation, NULL, closed, &closing);
    while (!closing.done)
      g_main_context_iteration (NULL, TRUE);
    if (closing.error != NULL)
      {
        g_propagate_error (&error, closing.error);
        if (roster_api_error_get_refusal (error) != NULL)
          return cli_fail (_("Refused by the server (%s): %s"), roster_api_error_get_refusal (error), error->message);
        return cli_fail ("%s", error->message);
      }
  }

  g_print (_("The account of %s is closed.\n"), account ? roster_account_get_name (account) : cli->account->key);
  g_print ("%s\n", _("What Roster cached stays on this computer until you remove it. To export it first:"));
  g_print ("  roster-cli users --status all --format csv > users.csv\n");
  g_print ("  roster-cli audit --format csv > audit.csv\n");
  g_print ("  roster-cli user USER --format json > user.json\n");
  g_print ("%s\n", _("To remove it:"));
  g_print ("  roster-cli sign-out --forget-cache\n");
  return EXIT_DONE;
}
