/* roster-cli.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli.h"
#include "roster-installed.h"

/*
 * roster-cli: Roster's core without a window, for cron jobs, audits and bulk
 * changes. The same accounts, cache, outbox and rules as the app. Exit
 * codes a script can trust: 0 done (or, offline, queued), 1 refused or
 * failed with the reason on standard error, 2 bad usage.
 */

/* The command line --------------------------------------------------------- */

static const Command commands[] = {
  { "accounts", "", N_("The accounts this computer knows"), command_accounts },
  { "sign-in", "--server URL | --demo", N_("Sign in to a firm’s account, or to the demo firm"), command_sign_in },
  { "sign-out", "[--forget-cache]", N_("Sign out, and with --forget-cache remove the cache"), command_sign_out },
  { "sync", "", N_("Send queued actions, then bring the cache up to date"), command_sync },
  { "status", "", N_("Last sync, queued actions, offline or not"), command_status },
  { "users", "[--status active|deactivated|all] [--search TEXT]", N_("The firm’s users and their open work"), command_users },
  { "user", "ID|EMAIL", N_("A user’s profile and open work"), command_user },
  { "reassign", "FROM [--matters-to U] [--tasks-to U] [--events-to U] [--dry-run]",
    N_("Reassign a user’s work, showing what moves and what stays"), command_reassign },
  { "deactivate", "USER… [--yes]", N_("Deactivate users"), command_deactivate },
  { "activate", "USER… [--yes]", N_("Reactivate users"), command_activate },
  { "queue", "[--cancel ID]", N_("The actions sent and waiting, with refusals’ reasons"), command_queue },
  { "account", "", N_("The plan, licenses and renewal"), command_account },
  { "renewal", "--remove-unused-licenses on|off", N_("Renewal options (annual subscriptions)"), command_renewal },
  { "audit", "[--since DATE] [--user USER]", N_("The audit log"), command_audit },
  { "notifications", "", N_("Your in-app notifications: work reassigned to you"), command_notifications },
  { "close", "[--reason R] [--code C] [--confirm PHRASE]",
    N_("Close the firm’s account (administrators, online only)"), command_close },
};

static void
print_help (void)
{
  g_print ("%s\n  roster-cli COMMAND [OPTIONS]\n\n%s\n\n", _("Usage:"),
           _("Manage the users of a firm’s practice-management account from a terminal."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Options of every command:"));
  g_print ("  --account ACCOUNT      %s\n", _("The account, by key or e-mail address (default: the last used)"));
  g_print ("  --server URL           %s\n", _("A server, with a token in --token-file or $ROSTER_TOKEN"));
  g_print ("  --token-file FILE      %s\n", _("Read the access token from FILE"));
  g_print ("  --format table|json|csv  %s\n", _("How to print records (default: table)"));
  g_print ("\n%s\n", _("“roster-cli COMMAND --help” describes a command."));
  g_print ("%s\n", _("Exit status: 0 done (or queued offline), 1 refused or failed, 2 bad usage."));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = NULL;
  const Command *command = NULL;
  Cli cli = { 0 };
  g_autofree char *locale_dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_set_prgname ("roster-cli");
  locale_dir = roster_installed_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? EXIT_USAGE : EXIT_DONE;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("roster-cli %s\n", PACKAGE_VERSION);
      return EXIT_DONE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    return cli_usage_error (_("“%s” is not a command"), argv[1]);

  /* The command parses the rest, its name in the place of the program's. */
  args = g_strdupv (argv + 1);
  cli.command = command;
  status = command->run (&cli, g_strv_length (args), args);

  cli_clear (&cli);
  return status;
}
