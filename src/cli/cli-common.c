/* cli-common.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "roster-known-accounts.h"

/*
 * What every command shares: its options, the account session, and saying
 * what failed on standard error with an exit status a script can trust.
 */

void
cli_clear (Cli *cli)
{
  g_free (cli->account_arg);
  g_free (cli->server_arg);
  g_free (cli->token_file);
  g_free (cli->format_arg);
  cli->account = NULL;
  cli->store = NULL;
  g_clear_object (&cli->session);
}

/* The reason on standard error, for the person or the script's log. */
int
cli_fail (const char *format,
          ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("roster-cli: %s\n", message);

  return EXIT_FAILED;
}

int
cli_usage_error (const char *format,
                 ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("roster-cli: %s\n%s\n", message, _("Try “roster-cli --help”."));

  return EXIT_USAGE;
}

/*
 * Parses a command's options: its own @entries and those every command
 * takes. --help describes both. Returns %FALSE with the exit status in
 * @status on bad usage.
 */
gboolean
cli_parse (Cli                *cli,
           const GOptionEntry *entries,
           int                *argc,
           char             ***argv,
           int                 max_arguments,
           int                *status)
{
  const GOptionEntry common[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &cli->account_arg, N_("The account, by key or e-mail address (default: the last used)"), "ACCOUNT" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &cli->server_arg, N_("A server, with a token in --token-file or $ROSTER_TOKEN"), "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &cli->token_file, N_("Read the access token from FILE"), "FILE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &cli->format_arg, N_("How to print records: table (the default), json or csv"), "FORMAT" },
    { NULL },
  };
  g_autofree char *parameters = g_strdup_printf ("%s %s", cli->command->name, cli->command->parameters);
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _(cli->command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);

  /* The strings it takes out are freed: the array is main()'s own. */
  if (!g_option_context_parse_strv (context, argv, &error))
    {
      *status = cli_usage_error ("%s", error->message);
      return FALSE;
    }
  *argc = g_strv_length (*argv);
  if (*argc - 1 > max_arguments)
    {
      *status = cli_usage_error (_("Too many arguments for %s"), cli->command->name);
      return FALSE;
    }
  if (cli->format_arg != NULL && !cli_format_from_string (cli->format_arg, &cli->format))
    {
      *status = cli_usage_error (_("--format is table, json or csv, not “%s”"), cli->format_arg);
      return FALSE;
    }

  return TRUE;
}

char *
cli_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Sessions ------------------------------------------------------------- */

/*
 * Opens the account the options name (or the last used) and its cache,
 * through the same account session as the window. Reads come from the
 * cache; commands that talk to the server ask for credentials after.
 */
int
cli_open_session (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  cli->session = roster_session_new ();
  if (!roster_session_open (cli->session, cli->server_arg, cli->account_arg, cli->token_file, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return cli_usage_error ("%s", error->message);
      return cli_fail ("%s", error->message);
    }

  cli->account = roster_session_get_account (cli->session);
  cli->store = roster_session_get_store (cli->session);

  return EXIT_DONE;
}

/*
 * The credentials, for a command that talks to the server. Signed out is
 * a failure; the demo firm's server not starting is being offline, and an
 * action then waits in the outbox.
 */
gboolean
cli_connect_session (Cli     *cli,
                     GError **error)
{
  return roster_session_wait_for_credentials (cli->session, error);
}

/* A refusal of the rules, before anything was queued, with the server's
 * type for it, as a refusal from the server is printed. */
int
cli_fail_refused (const char   *who,
                  const GError *error)
{
  const char *code = error->domain == ROSTER_RULES_ERROR ? roster_refusal_to_code (error->code) : NULL;

  if (who != NULL && code != NULL)
    return cli_fail ("%s: %s (%s)", who, error->message, code);
  if (code != NULL)
    return cli_fail ("%s (%s)", error->message, code);
  if (who != NULL)
    return cli_fail ("%s: %s", who, error->message);

  return cli_fail ("%s", error->message);
}

RosterUser *
cli_find_user (Cli        *cli,
               const char *id_or_email,
               GError    **error)
{
  RosterUser *user = roster_store_find_user (cli->store, id_or_email, error);

  if (user == NULL && error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_prefix_error (error, "%s: ", _("Not in the cache (run “roster-cli sync”)"));

  return user;
}

gboolean
cli_confirm (const char *question)
{
  char answer[16] = "";

  /* Translators: the answers to a yes-or-no question at the terminal: the
   * letter for yes as your locale's yes expression takes it (`locale
   * yesexpr`; "y" is always taken too), the capital for what Enter means. */
  g_printerr ("%s %s ", question, _("[y/N]"));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;

  /* The locale's yes ("j" in German), and "y" for scripts written anywhere. */
  return rpmatch (answer) == 1 || answer[0] == 'y' || answer[0] == 'Y';
}

/* A line typed at the terminal, without its end; %NULL at the end of input. */
char *
cli_prompt (const char *question)
{
  char line[512] = "";

  g_printerr ("%s ", question);
  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;

  return g_strdup (g_strchomp (line));
}

/**
 * cli_may_ask:
 * @yes: whether --yes was given
 * @command: the command, for the message
 *
 * A command that acts asks first. With no terminal to ask on and no --yes,
 * it must not act as if the answer were yes: it exits 2 and says why.
 *
 * Returns: %EXIT_DONE to go on (asking when !@yes), or the exit status
 */
int
cli_may_ask (gboolean    yes,
             const char *command)
{
  if (yes || isatty (STDIN_FILENO))
    return EXIT_DONE;

  return cli_usage_error (_("%s asks for confirmation and there is no terminal to ask on: "
                            "give --yes to go on without asking"), command);
}

/* Reads from the cache only once a sync has filled it. */
int
cli_require_synced (Cli *cli)
{
  g_autofree char *synced = roster_store_last_synced_at (cli->store);

  if (synced != NULL)
    return EXIT_DONE;

  return cli_fail (_("Nothing is cached yet for %s: run “roster-cli sync” first"), cli->account->key);
}
