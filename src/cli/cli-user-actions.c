/* cli-user-actions.c
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

/* deactivate, activate */

static const CliColumn outcome_columns[] = {
  { "id", N_("ID") },
  { "name", N_("Name") },
  { "action", N_("Action") },
  { "state", N_("State") },
  { "reason", N_("Reason") },
};

/* What followed, from the server's answer (its meta.effects), in words. */
static char *
describe_effects (RosterOutboxEntry *entry,
                  const char        *name,
                  JsonObject       **effects_out)
{
  g_autoptr(JsonNode) answer = entry->answer ? json_from_string (entry->answer, NULL) : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  JsonObject *meta = NULL;
  JsonObject *effects = NULL;
  const char *billing;

  *effects_out = NULL;
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      json_object_has_member (json_node_get_object (answer), "meta") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (answer), "meta")))
    meta = json_object_get_object_member (json_node_get_object (answer), "meta");
  if (meta != NULL && json_object_has_member (meta, "effects") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (meta, "effects")))
    effects = json_object_get_object_member (meta, "effects");
  if (effects == NULL)
    return NULL;
  *effects_out = json_object_ref (effects);

  billing = json_object_get_string_member_with_default (effects, "billing", "");
  if (g_str_equal (billing, "no_longer_charged"))
    g_ptr_array_add (parts, g_strdup_printf (_("the firm is no longer charged for %s"), name));
  else if (g_str_equal (billing, "license_freed"))
    g_ptr_array_add (parts, g_strdup_printf (_("%s’s license is free for another user"), name));
  else if (g_str_equal (billing, "charged"))
    g_ptr_array_add (parts, g_strdup_printf (_("the firm is charged for %s again"), name));
  else if (g_str_equal (billing, "license_used"))
    g_ptr_array_add (parts, g_strdup_printf (_("%s holds one of the firm’s licenses again"), name));
  if (json_object_has_member (effects, "calendar_entries_hidden"))
    {
      gint64 hidden = json_object_get_int_member (effects, "calendar_entries_hidden");

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " calendar entry hidden",
                                                            "%" PRId64 " calendar entries hidden", hidden),
                                               hidden));
    }
  if (json_object_get_boolean_member_with_default (effects, "personal_injury_license_removed", FALSE))
    g_ptr_array_add (parts, g_strdup (_("their Personal Injury license removed for good")));
  if (json_object_get_boolean_member_with_default (effects, "activity_kept", FALSE))
    g_ptr_array_add (parts, g_strdup (_("their activity kept")));
  if (json_object_has_member (effects, "personal_injury_license_restored") &&
      !json_object_get_boolean_member (effects, "personal_injury_license_restored"))
    g_ptr_array_add (parts, g_strdup (_("no Personal Injury license restored")));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv ("; ", (char **) parts->pdata);
}

/* Queues one action per user, sends them, and reports each; exits 1 when
 * any was refused, the reasons on standard error. */
static int
user_actions (Cli         *cli,
              RosterAction action,
              int          argc,
              char       **argv)
{
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask for confirmation"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  g_autoptr(GPtrArray) followed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RosterAccount) firm = NULL;
  RosterSubscription subscription = ROSTER_SUBSCRIPTION_MONTHLY;
  const char *verb = action == ROSTER_ACTION_DEACTIVATE ? "deactivate" : "activate";
  gboolean refused = FALSE;
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, G_MAXINT, &status))
    return status;
  if (argc < 2)
    return cli_usage_error (_("%s needs at least one user"), verb);
  if ((status = cli_may_ask (yes, verb)) != EXIT_DONE)
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  for (int i = 1; i < argc; i++)
    {
      RosterUser *user = cli_find_user (cli, argv[i], &error);

      if (user == NULL)
        return cli_fail ("%s", error->message);
      g_ptr_array_add (users, user);
    }

  firm = roster_store_get_account (cli->store, NULL);
  if (firm != NULL)
    roster_subscription_from_string (roster_account_get_subscription (firm), &subscription);

  /* Every user is checked against the rules before anything is asked or
   * queued. */
  for (guint i = 0; i < users->len; i++)
    {
      RosterUser *user = g_ptr_array_index (users, i);

      if (!roster_session_check (cli->session, action, roster_user_get_id (user), NULL, &error))
        return cli_fail_refused (roster_user_get_name (user), error);
    }

  /* The warning says what follows, and waits for a yes. */
  if (!yes)
    {
      g_autofree char *question = NULL;

      for (guint i = 0; i < users->len; i++)
        {
          RosterUser *user = g_ptr_array_index (users, i);
          g_autofree char *warning = action == ROSTER_ACTION_DEACTIVATE
                                       ? roster_rules_deactivation_warning (roster_user_get_name (user), subscription,
                                                                            roster_user_get_personal_injury_license (user))
                                       : roster_rules_reactivation_warning (roster_user_get_name (user),
                                                                            roster_user_get_email (user));

          g_printerr ("%s <%s>\n%s\n\n", roster_user_get_name (user), roster_user_get_email (user), warning);
        }
      question = action == ROSTER_ACTION_DEACTIVATE
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deactivate %u user?", "Deactivate %u users?",
                                                   users->len), users->len)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reactivate %u user?", "Reactivate %u users?",
                                                   users->len), users->len);
      if (!cli_confirm (question))
        return cli_fail (_("Nothing was changed"));
    }

  if (!cli_connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    return cli_fail ("%s", error->message);
  g_clear_error (&error);

  for (guint i = 0; i < users->len; i++)
    {
      gint64 user_id = roster_user_get_id (g_ptr_array_index (users, i));
      gint64 id = action == ROSTER_ACTION_DEACTIVATE ? roster_session_deactivate (cli->session, user_id, &error)
                                                     : roster_session_activate (cli->session, user_id, &error);

      if (id == 0)
        return cli_fail ("%s", error->message);
      g_array_append_val (ids, id);
    }
  roster_session_wait_idle (cli->session);

  outbox = roster_outbox_new (cli->store);
  for (guint i = 0; i < users->len; i++)
    {
      RosterUser *user = g_ptr_array_index (users, i);
      JsonObject *record = json_object_new ();
      g_autoptr(RosterOutboxEntry) entry = roster_outbox_get (outbox, g_array_index (ids, gint64, i), NULL);

      json_object_set_int_member (record, "id", roster_user_get_id (user));
      json_object_set_string_member (record, "name", roster_user_get_name (user));
      json_object_set_string_member (record, "action", verb);
      json_object_set_string_member (record, "state",
                                     roster_outbox_state_to_string (entry ? entry->state : ROSTER_OUTBOX_QUEUED));
      json_object_set_string_member (record, "error_type", entry ? entry->error_type : NULL);
      json_object_set_string_member (record, "reason", entry ? entry->error_message : NULL);
      if (entry != NULL && entry->state == ROSTER_OUTBOX_DONE)
        {
          JsonObject *effects = NULL;
          g_autofree char *said = describe_effects (entry, roster_user_get_name (user), &effects);

          if (effects != NULL)
            json_object_set_object_member (record, "effects", effects);
          if (said != NULL)
            g_ptr_array_add (followed, g_strdup_printf ("%s: %s.", roster_user_get_name (user), said));
        }
      json_array_add_object_element (records, record);

      if (entry != NULL && entry->state == ROSTER_OUTBOX_REFUSED)
        {
          refused = TRUE;
          g_printerr ("roster-cli: %s: %s (%s)\n", roster_user_get_name (user), entry->error_message, entry->error_type);
        }
    }

  cli_print_records (cli->format, outcome_columns, G_N_ELEMENTS (outcome_columns), records);
  if (cli->format == CLI_FORMAT_TABLE && followed->len > 0)
    {
      g_print ("\n");
      for (guint i = 0; i < followed->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (followed, i));
    }
  return refused ? EXIT_FAILED : EXIT_DONE;
}

int
command_deactivate (Cli   *cli,
                    int    argc,
                    char **argv)
{
  return user_actions (cli, ROSTER_ACTION_DEACTIVATE, argc, argv);
}

int
command_activate (Cli   *cli,
                  int    argc,
                  char **argv)
{
  return user_actions (cli, ROSTER_ACTION_ACTIVATE, argc, argv);
}
