/* cli.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cli-output.h"
#include "roster-session.h"

G_BEGIN_DECLS

/*
 * roster-cli's parts: roster-cli.c dispatches and helps; cli-common.c opens
 * the account session and says what failed; one file a group of commands.
 */

enum
{
  EXIT_DONE = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct _Command Command;

typedef struct
{
  const Command      *command;

  /* Options every command takes */
  char               *account_arg;
  char               *server_arg;
  char               *token_file;
  char               *format_arg;
  CliFormat           format;

  /* The account session, once opened; the account and its cache are its */
  RosterSession      *session;
  RosterKnownAccount *account;
  RosterStore        *store;
} Cli;

struct _Command
{
  const char *name;
  const char *parameters;
  const char *summary;
  int         (*run) (Cli   *cli,
                      int    argc,
                      char **argv);
};

void        cli_clear           (Cli                *cli);
int         cli_fail            (const char         *format,
                                 ...) G_GNUC_PRINTF (1, 2);
int         cli_usage_error     (const char         *format,
                                 ...) G_GNUC_PRINTF (1, 2);
int         cli_fail_refused    (const char         *who,
                                 const GError       *error);
gboolean    cli_parse           (Cli                *cli,
                                 const GOptionEntry *entries,
                                 int                *argc,
                                 char             ***argv,
                                 int                 max_arguments,
                                 int                *status);
char       *cli_now_iso         (void);
int         cli_open_session    (Cli                *cli);
gboolean    cli_connect_session (Cli                *cli,
                                 GError            **error);
RosterUser *cli_find_user       (Cli                *cli,
                                 const char         *id_or_email,
                                 GError            **error);
gboolean    cli_confirm         (const char         *question);
char       *cli_prompt          (const char         *question);
int         cli_may_ask         (gboolean            yes,
                                 const char         *command);
int         cli_require_synced  (Cli                *cli);

/* The commands, by group */
int command_accounts   (Cli *cli, int argc, char **argv);
int command_sign_in    (Cli *cli, int argc, char **argv);
int command_sign_out   (Cli *cli, int argc, char **argv);
int command_sync       (Cli *cli, int argc, char **argv);
int command_status     (Cli *cli, int argc, char **argv);
int command_queue      (Cli *cli, int argc, char **argv);
int command_users      (Cli *cli, int argc, char **argv);
int command_user       (Cli *cli, int argc, char **argv);
int command_reassign   (Cli *cli, int argc, char **argv);
int command_deactivate (Cli *cli, int argc, char **argv);
int command_activate   (Cli *cli, int argc, char **argv);
int command_account    (Cli *cli, int argc, char **argv);
int command_renewal    (Cli *cli, int argc, char **argv);
int command_audit      (Cli *cli, int argc, char **argv);
int command_close      (Cli *cli, int argc, char **argv);
int command_notifications (Cli *cli, int argc, char **argv);

G_END_DECLS
