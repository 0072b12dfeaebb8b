/* cli-accounts.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cli.h"

/* accounts, sign-in, sign-out */

int
command_accounts (Cli   *cli,
                  int    argc,
                  char **argv)
{
  static const CliColumn columns[] = {
    { "key", N_("Account") },
    { "user_name", N_("Name") },
    { "email", N_("E-mail") },
    { "server", N_("Server") },
    { "demo", N_("Demo") },
    { "last_used", N_("Last Used") },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  accounts = roster_known_accounts_load (&error);
  if (accounts == NULL)
    return cli_fail ("%s", error->message);

  for (guint i = 0; i < accounts->len; i++)
    {
      RosterKnownAccount *account = g_ptr_array_index (accounts, i);
      JsonObject *record = json_object_new ();

      json_object_set_string_member (record, "key", account->key);
      json_object_set_string_member (record, "user_name", account->user_name);
      json_object_set_string_member (record, "email", account->email);
      json_object_set_string_member (record, "server", account->server);
      json_object_set_boolean_member (record, "demo", account->demo);
      json_object_set_string_member (record, "last_used", account->last_used);
      json_array_add_object_element (records, record);
    }

  cli_print_records (cli->format, columns, G_N_ELEMENTS (columns), records);
  return EXIT_DONE;
}

static gboolean
open_browser (const char *url)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return FALSE;

  return g_app_info_launch_default_for_uri (url, NULL, &error);
}

static void
keep_failure (RosterSession *session,
              const char    *message,
              gboolean       retryable,
              char         **failure)
{
  g_free (*failure);
  *failure = g_strdup (message);
}

int
command_sign_in (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;
  RosterKnownAccount *account;
  gboolean demo = FALSE;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Sign in to the bundled demo firm"), NULL },
    { NULL },
  };
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;
  if (!demo && cli->server_arg == NULL)
    return cli_usage_error (_("sign-in needs --server URL, or --demo"));

  cli->session = roster_session_new ();
  g_signal_connect (cli->session, "failed", G_CALLBACK (keep_failure), &failure);

  if (demo)
    roster_session_start_demo (cli->session);
  else if (cli->token_file != NULL || g_getenv ("ROSTER_TOKEN") != NULL)
    {
      /* A token given for automation stays with the automation. */
      if (!roster_session_open (cli->session, cli->server_arg, NULL, cli->token_file, &error))
        return cli_fail ("%s", error->message);
    }
  else
    {
      g_autofree char *url = NULL;

      if (!roster_session_begin_sign_in (cli->session, cli->server_arg, &url, &error))
        return cli_fail ("%s", error->message);
      if (!open_browser (url))
        g_printerr ("%s\n\n  %s\n\n", _("Open this page in a browser to sign in:"), url);
      else
        g_printerr ("%s\n", _("Sign in in the browser window that opened."));
    }

  while (roster_session_get_state (cli->session) == ROSTER_SESSION_SIGNING_IN)
    g_main_context_iteration (NULL, TRUE);
  if (roster_session_get_state (cli->session) != ROSTER_SESSION_OPEN)
    return cli_fail ("%s", failure ? failure : _("The sign-in did not complete"));

  account = roster_session_get_account (cli->session);
  if (roster_session_get_tokens_in_memory (cli->session))
    g_printerr ("roster-cli: %s\n",
                _("No Secret Service is running: the sign-in is not kept, and the next command needs a token"));

  g_print (_("Signed in to %s as %s (%s)\n"), account->server, account->user_name, account->key);
  return EXIT_DONE;
}

int
command_sign_out (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean forget_cache = FALSE;
  const GOptionEntry entries[] = {
    { "forget-cache", 0, 0, G_OPTION_ARG_NONE, &forget_cache, N_("Remove the account’s cache too"), NULL },
    { NULL },
  };
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;

  cli->session = roster_session_new ();
  if (!roster_session_open_known (cli->session, cli->account_arg, &error))
    return cli_fail ("%s", error->message);

  key = g_strdup (roster_session_get_account (cli->session)->key);
  roster_session_sign_out (cli->session, forget_cache);

  g_print (_("Signed out of %s\n"), key);
  return EXIT_DONE;
}
