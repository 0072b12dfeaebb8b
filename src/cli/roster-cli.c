/* roster-cli.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-output.h"
#include "roster-api.h"
#include "roster-known-accounts.h"
#include "roster-outbox.h"
#include "roster-session.h"
#include "roster-store.h"
#include "roster-time.h"

/*
 * roster-cli: Roster's core without a window, for cron jobs, audits and bulk
 * changes. The same accounts, cache, outbox and rules as the app. Exit
 * codes a script can trust: 0 done (or, offline, queued), 1 refused or
 * failed with the reason on standard error, 2 bad usage.
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

static void
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

static int fail (const char *format,
                 ...) G_GNUC_PRINTF (1, 2);

/* The reason on standard error, for the person or the script's log. */
static int
fail (const char *format,
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

static int usage_error (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
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
static gboolean
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
      *status = usage_error ("%s", error->message);
      return FALSE;
    }
  *argc = g_strv_length (*argv);
  if (*argc - 1 > max_arguments)
    {
      *status = usage_error (_("Too many arguments for %s"), cli->command->name);
      return FALSE;
    }
  if (cli->format_arg != NULL && !cli_format_from_string (cli->format_arg, &cli->format))
    {
      *status = usage_error (_("--format is table, json or csv, not “%s”"), cli->format_arg);
      return FALSE;
    }

  return TRUE;
}

static char *
now_iso (void)
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
static int
open_session (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  cli->session = roster_session_new ();
  if (!roster_session_open (cli->session, cli->server_arg, cli->account_arg, cli->token_file, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return usage_error ("%s", error->message);
      return fail ("%s", error->message);
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
static gboolean
connect_session (Cli     *cli,
                 GError **error)
{
  return roster_session_wait_for_credentials (cli->session, error);
}

/* A refusal of the rules, before anything was queued, with the server's
 * type for it, as a refusal from the server is printed. */
static int
fail_refused (const char   *who,
              const GError *error)
{
  const char *code = error->domain == ROSTER_RULES_ERROR ? roster_refusal_to_code (error->code) : NULL;

  if (who != NULL && code != NULL)
    return fail ("%s: %s (%s)", who, error->message, code);
  if (code != NULL)
    return fail ("%s (%s)", error->message, code);
  if (who != NULL)
    return fail ("%s: %s", who, error->message);

  return fail ("%s", error->message);
}

static RosterUser *
find_user (Cli        *cli,
           const char *id_or_email,
           GError    **error)
{
  RosterUser *user = roster_store_find_user (cli->store, id_or_email, error);

  if (user == NULL && error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_prefix_error (error, "%s: ", _("Not in the cache (run “roster-cli sync”)"));

  return user;
}

/* Records ---------------------------------------------------------------- */

static const char *
role_of (RosterUser *user)
{
  if (roster_user_get_account_owner (user) && roster_user_get_admin (user))
    return "primary_subscriber,administrator";
  if (roster_user_get_account_owner (user))
    return "primary_subscriber";
  if (roster_user_get_admin (user))
    return "administrator";

  return "user";
}

static JsonObject *
user_record (RosterUser           *user,
             const RosterOpenWork *work)
{
  static const RosterOpenWork none = { 0, 0, 0 };
  JsonObject *record = json_object_new ();

  if (work == NULL)
    work = &none;
  json_object_set_int_member (record, "id", roster_user_get_id (user));
  json_object_set_string_member (record, "name", roster_user_get_name (user));
  json_object_set_string_member (record, "email", roster_user_get_email (user));
  json_object_set_string_member (record, "role", role_of (user));
  json_object_set_string_member (record, "subscription_type", roster_user_get_subscription_type (user));
  json_object_set_string_member (record, "status", roster_user_get_enabled (user) ? "active" : "deactivated");
  json_object_set_boolean_member (record, "personal_injury_license", roster_user_get_personal_injury_license (user));
  json_object_set_int_member (record, "open_matters", work->matters);
  json_object_set_int_member (record, "open_tasks", work->tasks);
  json_object_set_int_member (record, "upcoming_events", work->events);

  return record;
}

static const CliColumn user_columns[] = {
  { "id", N_("ID") },
  { "name", N_("Name") },
  { "email", N_("E-mail") },
  { "role", N_("Role") },
  { "subscription_type", N_("Subscription") },
  { "status", N_("Status") },
  { "personal_injury_license", N_("Personal Injury") },
  { "open_matters", N_("Matters") },
  { "open_tasks", N_("Tasks") },
  { "upcoming_events", N_("Events") },
};

static JsonObject *
work_record (RosterWorkItem *item)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "kind", roster_work_item_get_kind_code (item));
  json_object_set_int_member (record, "id", roster_work_item_get_id (item));
  json_object_set_string_member (record, "title", roster_work_item_get_title (item));
  json_object_set_string_member (record, "status", roster_work_item_get_status (item));
  json_object_set_string_member (record, "date", roster_work_item_get_date (item));
  json_object_set_string_member (record, "matter", roster_work_item_get_matter_number (item));

  return record;
}

static const CliColumn work_columns[] = {
  { "kind", N_("Kind") },
  { "id", N_("ID") },
  { "matter", N_("Matter") },
  { "title", N_("Title") },
  { "status", N_("Status") },
  { "date", N_("Date") },
};

/* Commands --------------------------------------------------------------- */

static int
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
    return fail ("%s", error->message);

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

static int
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
    return usage_error (_("sign-in needs --server URL, or --demo"));

  cli->session = roster_session_new ();
  g_signal_connect (cli->session, "failed", G_CALLBACK (keep_failure), &failure);

  if (demo)
    roster_session_start_demo (cli->session);
  else if (cli->token_file != NULL || g_getenv ("ROSTER_TOKEN") != NULL)
    {
      /* A token given for automation stays with the automation. */
      if (!roster_session_open (cli->session, cli->server_arg, NULL, cli->token_file, &error))
        return fail ("%s", error->message);
    }
  else
    {
      g_autofree char *url = NULL;

      if (!roster_session_begin_sign_in (cli->session, cli->server_arg, &url, &error))
        return fail ("%s", error->message);
      if (!open_browser (url))
        g_printerr ("%s\n\n  %s\n\n", _("Open this page in a browser to sign in:"), url);
      else
        g_printerr ("%s\n", _("Sign in in the browser window that opened."));
    }

  while (roster_session_get_state (cli->session) == ROSTER_SESSION_SIGNING_IN)
    g_main_context_iteration (NULL, TRUE);
  if (roster_session_get_state (cli->session) != ROSTER_SESSION_OPEN)
    return fail ("%s", failure ? failure : _("The sign-in did not complete"));

  account = roster_session_get_account (cli->session);
  if (roster_session_get_tokens_in_memory (cli->session))
    g_printerr ("roster-cli: %s\n",
                _("No Secret Service is running: the sign-in is not kept, and the next command needs a token"));

  g_print (_("Signed in to %s as %s (%s)\n"), account->server, account->user_name, account->key);
  return EXIT_DONE;
}

static int
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
    return fail ("%s", error->message);

  key = g_strdup (roster_session_get_account (cli->session)->key);
  roster_session_sign_out (cli->session, forget_cache);

  g_print (_("Signed out of %s\n"), key);
  return EXIT_DONE;
}

static void
sync_progress (RosterSession *session,
               GParamSpec    *pspec,
               gpointer       user_data)
{
  const char *phase = roster_session_get_phase (session);

  if (phase == NULL)
    return;

  g_printerr ("\r\033[K%s %s: %.0f%%", _("Syncing"), phase, roster_session_get_progress (session) * 100);
}

static int
command_sync (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean on_terminal = isatty (STDERR_FILENO);
  const GError *sync_error;
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;
  if (!connect_session (cli, &error))
    {
      if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
        return fail (_("Offline: %s. The cache is as of its last sync."), error->message);
      return fail ("%s", error->message);
    }

  /* What was queued offline goes first, in order; then the sync. */
  if (on_terminal)
    g_signal_connect (cli->session, "notify::progress", G_CALLBACK (sync_progress), NULL);
  roster_session_refresh (cli->session);
  roster_session_wait_idle (cli->session);
  if (on_terminal)
    g_printerr ("\r\033[K");

  sync_error = roster_session_get_last_sync_error (cli->session);
  if (sync_error != NULL)
    {
      if (g_error_matches (sync_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
        return fail (_("Offline: %s. The cache is as of its last sync."), sync_error->message);
      return fail ("%s", sync_error->message);
    }

  if (on_terminal)
    g_printerr (_("Synced %s: %" G_GINT64_FORMAT " users, %" G_GINT64_FORMAT " matters, %" G_GINT64_FORMAT " tasks, %"
                  G_GINT64_FORMAT " calendar entries\n"),
                cli->account->key, roster_store_count (cli->store, "users"), roster_store_count (cli->store, "matters"),
                roster_store_count (cli->store, "tasks"), roster_store_count (cli->store, "calendar_entries"));
  return EXIT_DONE;
}

static int
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
  if ((status = open_session (cli)) != EXIT_DONE)
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
  json_object_set_boolean_member (record, "offline", g_strcmp0 (result, "offline") == 0);
  json_object_set_string_member (record, "last_error",
                                 result == NULL || g_str_equal (result, "ok") || g_str_equal (result, "offline")
                                   ? NULL : result);
  json_object_set_int_member (record, "queued", roster_outbox_count_waiting (outbox));
  json_object_set_int_member (record, "refused", roster_outbox_count (outbox, ROSTER_OUTBOX_REFUSED));

  cli_print_record (cli->format, columns, G_N_ELEMENTS (columns), record);
  return EXIT_DONE;
}

static int
command_users (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autofree char *status_arg = NULL;
  g_autofree char *search = NULL;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_arg, N_("active (the default), deactivated or all"), "STATUS" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Text to find in names and e-mail addresses"), "TEXT" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autoptr(GHashTable) open_work = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  g_autofree char *now = now_iso ();
  RosterUserFilter filter = ROSTER_USER_FILTER_ACTIVE;
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 0, &status))
    return status;
  if (status_arg == NULL || g_str_equal (status_arg, "active"))
    filter = ROSTER_USER_FILTER_ACTIVE;
  else if (g_str_equal (status_arg, "deactivated"))
    filter = ROSTER_USER_FILTER_DEACTIVATED;
  else if (g_str_equal (status_arg, "all"))
    filter = ROSTER_USER_FILTER_ALL;
  else
    return usage_error (_("--status is active, deactivated or all, not “%s”"), status_arg);

  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  users = roster_store_list_users (cli->store, filter, search, &error);
  if (users == NULL)
    return fail ("%s", error->message);
  /* Every user's open work in three grouped queries, not three a user. */
  open_work = roster_store_open_work_counts (cli->store, now);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = roster_user_get_id (user);

      json_array_add_object_element (records, user_record (user, g_hash_table_lookup (open_work, &id)));
    }

  cli_print_records (cli->format, user_columns, G_N_ELEMENTS (user_columns), records);
  return EXIT_DONE;
}

static int
command_user (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GListStore) work = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *now = now_iso ();
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 1, &status))
    return status;
  if (argc != 2)
    return usage_error (_("user needs one user: an ID or an e-mail address"));
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  user = find_user (cli, argv[1], &error);
  if (user == NULL)
    return fail ("%s", error->message);
  work = roster_store_list_open_work (cli->store, roster_user_get_id (user), now, &error);
  if (work == NULL)
    return fail ("%s", error->message);

  {
    RosterOpenWork counts;

    roster_store_get_open_work (cli->store, roster_user_get_id (user), now, &counts, NULL);
    record = user_record (user, &counts);
  }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (work)); i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (work), i);

      json_array_add_object_element (items, work_record (item));
    }

  if (cli->format == CLI_FORMAT_JSON)
    {
      json_object_set_array_member (record, "open_work", json_array_ref (items));
      cli_print_record (cli->format, user_columns, G_N_ELEMENTS (user_columns), record);
      return EXIT_DONE;
    }

  cli_print_record (cli->format, user_columns, G_N_ELEMENTS (user_columns), record);
  if (cli->format == CLI_FORMAT_TABLE)
    g_print ("\n%s\n", _("Open work:"));
  else
    g_print ("\r\n");
  cli_print_records (cli->format, work_columns, G_N_ELEMENTS (work_columns), items);
  return EXIT_DONE;
}

/* Reassignment ----------------------------------------------------------- */

static const CliColumn reassign_columns[] = {
  { "kind", N_("Kind") },
  { "id", N_("ID") },
  { "matter", N_("Matter") },
  { "title", N_("Title") },
  { "outcome", N_("Outcome") },
  { "reason", N_("Reason") },
};

/* A person reads why an item stays in words. */
static const CliColumn reassign_table_columns[] = {
  { "kind", N_("Kind") },
  { "id", N_("ID") },
  { "matter", N_("Matter") },
  { "title", N_("Title") },
  { "description", N_("Outcome") },
};

static void
add_item (JsonArray  *items,
          const char *kind,
          gint64      id,
          const char *title,
          const char *matter,
          const char *to_name,
          const char *reason)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "kind", kind);
  json_object_set_int_member (record, "id", id);
  json_object_set_string_member (record, "matter", matter);
  json_object_set_string_member (record, "title", title);
  json_object_set_string_member (record, "outcome", reason ? "stays" : "moves");
  json_object_set_string_member (record, "to", reason ? NULL : to_name);
  json_object_set_string_member (record, "reason", reason);
  {
    RosterVerdict verdict = ROSTER_VERDICT_MOVES;

    if (reason != NULL)
      roster_verdict_from_code (reason, &verdict);
    if (reason == NULL && to_name != NULL)
      {
        g_autofree char *moves = g_strdup_printf (_("Moves to %s"), to_name);

        json_object_set_string_member (record, "description", moves);
      }
    else
      json_object_set_string_member (record, "description", reason && verdict == ROSTER_VERDICT_MOVES
                                     ? reason : roster_verdict_describe (verdict));
  }
  json_array_add_object_element (items, record);
}

static gint64
member_id (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);

  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The server's answer to a reassignment, item by item. */
static JsonArray *
items_from_answer (JsonObject *data)
{
  static const struct { const char *member; const char *kind; const char *title; } kinds[] = {
    { "matters", "matter", "description" },
    { "tasks", "task", "name" },
    { "calendar_entries", "calendar_entry", "summary" },
  };
  JsonArray *items = json_array_new ();

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      JsonNode *part_node = json_object_get_member (data, kinds[k].member);
      JsonObject *part;
      const char *to_name = NULL;

      if (part_node == NULL || !JSON_NODE_HOLDS_OBJECT (part_node))
        continue;
      part = json_node_get_object (part_node);
      if (json_object_has_member (part, "to") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (part, "to")))
        to_name = member_string (json_object_get_object_member (part, "to"), "name");

      for (guint moved = 0; moved < 2; moved++)
        {
          JsonNode *list = json_object_get_member (part, moved == 0 ? "moved" : "stayed");

          if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
            continue;
          for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
            {
              JsonObject *item = json_array_get_object_element (json_node_get_array (list), i);
              const char *matter = NULL;

              if (k == 0)
                matter = member_string (item, "display_number");
              else if (json_object_has_member (item, "matter") &&
                       JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "matter")))
                matter = member_string (json_object_get_object_member (item, "matter"), "display_number");

              add_item (items, kinds[k].kind, member_id (item, "id"), member_string (item, kinds[k].title), matter,
                        to_name, moved == 0 ? NULL : member_string (item, "reason"));
            }
        }
    }

  return items;
}

static char *
receiver_name (Cli   *cli,
               gint64 id)
{
  g_autoptr(RosterUser) user = id ? roster_store_get_user (cli->store, id, NULL) : NULL;

  return user ? g_strdup (roster_user_get_name (user)) : NULL;
}

/* The cache's preview, item by item: what a reassignment would do by the
 * server's rules, when the server cannot be asked. */
static JsonArray *
items_from_cache (Cli     *cli,
                  gint64   from,
                  gint64   receivers[3],
                  GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GListStore) preview = roster_store_preview_items (cli->store, from, now, error);
  JsonArray *items;

  if (preview == NULL)
    return NULL;

  items = json_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (preview)); i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (preview), i);
      RosterWorkKind kind = roster_work_item_get_kind (item);
      RosterVerdict verdict = roster_work_item_get_verdict (item);
      g_autofree char *to_name = receiver_name (cli, receivers[kind]);

      /* An item whose kind goes to nobody stays where it is, with no reason to give. */
      if (receivers[kind] == 0)
        continue;
      add_item (items, roster_work_item_get_kind_code (item), roster_work_item_get_id (item),
                roster_work_item_get_title (item), roster_work_item_get_matter_number (item), to_name,
                verdict == ROSTER_VERDICT_MOVES ? NULL : roster_verdict_to_code (verdict));
    }

  return items;
}

static gboolean
resolve_receiver (Cli        *cli,
                  const char *arg,
                  gint64     *id,
                  GError    **error)
{
  g_autoptr(RosterUser) user = NULL;

  *id = 0;
  if (arg == NULL)
    return TRUE;
  user = find_user (cli, arg, error);
  if (user == NULL)
    return FALSE;
  *id = roster_user_get_id (user);

  return TRUE;
}

static void
print_reassignment (Cli        *cli,
                    gboolean    dry_run,
                    const char *source,
                    const char *state,
                    JsonArray  *items,
                    JsonNode   *result)
{
  if (cli->format == CLI_FORMAT_JSON)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_boolean_member (object, "dry_run", dry_run);
      json_object_set_string_member (object, "source", source);
      json_object_set_string_member (object, "state", state);
      json_object_set_array_member (object, "items", json_array_ref (items));
      json_object_set_member (object, "result", result ? json_node_copy (result) : json_node_new (JSON_NODE_NULL));
      json_node_set_object (node, object);
      cli_print_json (node);
      return;
    }

  if (cli->format == CLI_FORMAT_TABLE)
    cli_print_records (cli->format, reassign_table_columns, G_N_ELEMENTS (reassign_table_columns), items);
  else
    cli_print_records (cli->format, reassign_columns, G_N_ELEMENTS (reassign_columns), items);
  if (cli->format == CLI_FORMAT_TABLE)
    {
      guint moves = 0;

      for (guint i = 0; i < json_array_get_length (items); i++)
        moves += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "outcome"),
                            "moves") == 0;
      g_print ("\n");
      if (dry_run)
        g_print (_("Dry run (%s): %u of %u items would move; nothing was changed.\n"),
                 g_str_equal (source, "server") ? _("the server’s answer") : _("from the cache, offline"),
                 moves, json_array_get_length (items));
      else if (g_str_equal (state, "done"))
        g_print (_("Done: %u of %u items moved; each receiver was notified in the app and by e-mail.\n"),
                 moves, json_array_get_length (items));
      else
        g_print (_("Queued offline: %u of %u items will move when the server is reached (“roster-cli sync”).\n"),
                 moves, json_array_get_length (items));
    }
}

static int
command_reassign (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autofree char *matters_to = NULL;
  g_autofree char *tasks_to = NULL;
  g_autofree char *events_to = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "matters-to", 0, 0, G_OPTION_ARG_STRING, &matters_to, N_("The new responsible attorney of open and pending matters"), "USER" },
    { "tasks-to", 0, 0, G_OPTION_ARG_STRING, &tasks_to, N_("Who receives the tasks that are not past due"), "USER" },
    { "events-to", 0, 0, G_OPTION_ARG_STRING, &events_to, N_("Who receives the upcoming calendar events"), "USER" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would move and what would stay, change nothing"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) from = NULL;
  g_autoptr(RosterApi) api = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 receivers[3];
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 1, &status))
    return status;
  if (argc != 2)
    return usage_error (_("reassign needs the user whose work moves"));
  if (matters_to == NULL && tasks_to == NULL && events_to == NULL)
    return usage_error (_("reassign needs at least one of --matters-to, --tasks-to and --events-to"));
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  from = find_user (cli, argv[1], &error);
  if (from == NULL ||
      !resolve_receiver (cli, matters_to, &receivers[ROSTER_WORK_MATTER], &error) ||
      !resolve_receiver (cli, tasks_to, &receivers[ROSTER_WORK_TASK], &error) ||
      !resolve_receiver (cli, events_to, &receivers[ROSTER_WORK_EVENT], &error))
    return fail ("%s", error->message);

  /* What the cache can judge is refused at once, by the server's rules. */
  if (!roster_session_check (cli->session, ROSTER_ACTION_REASSIGN_WORK, roster_user_get_id (from), receivers, &error))
    return fail_refused (NULL, error);

  if (dry_run)
    {
      /* The server's own dry run when it can be asked; the cache's, by the
       * same rules, when not. */
      if (roster_store_get_server_api (cli->store) != ROSTER_SERVER_API_CLIO &&
          connect_session (cli, NULL) && (api = roster_session_new_api (cli->session)) != NULL)
        {
          g_autofree char *key = g_uuid_string_random ();
          g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT "/reassign_work.json",
                                                   roster_user_get_id (from));
          g_autofree char *body = roster_reassignment_body (receivers[ROSTER_WORK_MATTER],
                                                            receivers[ROSTER_WORK_TASK],
                                                            receivers[ROSTER_WORK_EVENT], TRUE);

          answer = roster_api_write (api, "POST", path, body, key, NULL, NULL, &error);
          if (answer == NULL && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
            return fail ("%s", error ? error->message : _("The server gave no answer"));
          g_clear_error (&error);
        }

      if (answer != NULL)
        {
          JsonNode *data = json_object_get_member (json_node_get_object (answer), "data");

          items = items_from_answer (json_node_get_object (data));
          print_reassignment (cli, TRUE, "server", "done", items, data);
        }
      else
        {
          items = items_from_cache (cli, roster_user_get_id (from), receivers, &error);
          if (items == NULL)
            return fail ("%s", error->message);
          print_reassignment (cli, TRUE, "cache", "done", items, NULL);
        }
      return EXIT_DONE;
    }

  {
    g_autoptr(RosterOutbox) outbox = roster_outbox_new (cli->store);
    g_autoptr(RosterOutboxEntry) entry = NULL;
    g_autoptr(JsonArray) preview = items_from_cache (cli, roster_user_get_id (from), receivers, &error);
    gint64 id;

    if (preview == NULL)
      return fail ("%s", error->message);
    if (!connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
      return fail ("%s", error->message);
    g_clear_error (&error);

    id = roster_session_reassign (cli->session, roster_user_get_id (from), receivers[ROSTER_WORK_MATTER],
                                  receivers[ROSTER_WORK_TASK], receivers[ROSTER_WORK_EVENT], &error);
    if (id == 0)
      return fail ("%s", error->message);
    roster_session_wait_idle (cli->session);

    entry = roster_outbox_get (outbox, id, &error);
    if (entry == NULL)
      return fail ("%s", error->message);

    if (entry->state == ROSTER_OUTBOX_REFUSED)
      return fail (_("Refused by the server (%s): %s"), entry->error_type, entry->error_message);

    if (entry->state == ROSTER_OUTBOX_DONE)
      {
        g_autoptr(JsonNode) result = entry->answer ? json_from_string (entry->answer, NULL) : NULL;
        JsonNode *data = result && JSON_NODE_HOLDS_OBJECT (result)
                           ? json_object_get_member (json_node_get_object (result), "data") : NULL;

        if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
          items = items_from_answer (json_node_get_object (data));
        print_reassignment (cli, FALSE, data ? "server" : "cache", "done", items ? items : preview, data);
        return EXIT_DONE;
      }

    print_reassignment (cli, FALSE, "cache", "queued", preview, NULL);
    return EXIT_DONE;
  }
}

/* Deactivation, activation, renewal options --------------------------------- */

static gboolean
confirm (const char *question)
{
  char answer[16] = "";

  g_printerr ("%s [y/N] ", question);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;

  return answer[0] == 'y' || answer[0] == 'Y';
}

static const CliColumn outcome_columns[] = {
  { "id", N_("ID") },
  { "name", N_("Name") },
  { "action", N_("Action") },
  { "state", N_("State") },
  { "reason", N_("Reason") },
};

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
  g_autoptr(RosterAccount) firm = NULL;
  RosterSubscription subscription = ROSTER_SUBSCRIPTION_MONTHLY;
  const char *verb = action == ROSTER_ACTION_DEACTIVATE ? "deactivate" : "activate";
  gboolean refused = FALSE;
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, G_MAXINT, &status))
    return status;
  if (argc < 2)
    return usage_error (_("%s needs at least one user"), verb);
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  for (int i = 1; i < argc; i++)
    {
      RosterUser *user = find_user (cli, argv[i], &error);

      if (user == NULL)
        return fail ("%s", error->message);
      g_ptr_array_add (users, user);
    }

  firm = roster_store_get_account (cli->store, NULL);
  if (firm != NULL)
    roster_subscription_from_string (roster_account_get_subscription (firm), &subscription);

  /* On a terminal, the warning says what follows, and waits for a yes. */
  if (!yes && isatty (STDIN_FILENO))
    {
      g_autofree char *question = NULL;

      for (guint i = 0; i < users->len; i++)
        {
          RosterUser *user = g_ptr_array_index (users, i);

          if (action == ROSTER_ACTION_DEACTIVATE)
            {
              g_autofree char *warning = roster_rules_deactivation_warning (roster_user_get_name (user), subscription,
                                                                            roster_user_get_personal_injury_license (user));

              g_printerr ("%s <%s>\n%s\n\n", roster_user_get_name (user), roster_user_get_email (user), warning);
            }
          else
            g_printerr ("%s <%s>\n", roster_user_get_name (user), roster_user_get_email (user));
        }
      question = action == ROSTER_ACTION_DEACTIVATE
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deactivate %u user?", "Deactivate %u users?",
                                                   users->len), users->len)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reactivate %u user?", "Reactivate %u users?",
                                                   users->len), users->len);
      if (!confirm (question))
        return fail (_("Nothing was changed"));
    }

  /* Every user is checked against the rules before anything is queued. */
  for (guint i = 0; i < users->len; i++)
    {
      RosterUser *user = g_ptr_array_index (users, i);

      if (!roster_session_check (cli->session, action, roster_user_get_id (user), NULL, &error))
        return fail_refused (roster_user_get_name (user), error);
    }
  if (!connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    return fail ("%s", error->message);
  g_clear_error (&error);

  for (guint i = 0; i < users->len; i++)
    {
      gint64 user_id = roster_user_get_id (g_ptr_array_index (users, i));
      gint64 id = action == ROSTER_ACTION_DEACTIVATE ? roster_session_deactivate (cli->session, user_id, &error)
                                                     : roster_session_activate (cli->session, user_id, &error);

      if (id == 0)
        return fail ("%s", error->message);
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
      json_array_add_object_element (records, record);

      if (entry != NULL && entry->state == ROSTER_OUTBOX_REFUSED)
        {
          refused = TRUE;
          g_printerr ("roster-cli: %s: %s (%s)\n", roster_user_get_name (user), entry->error_message, entry->error_type);
        }
    }

  cli_print_records (cli->format, outcome_columns, G_N_ELEMENTS (outcome_columns), records);
  return refused ? EXIT_FAILED : EXIT_DONE;
}

static int
command_deactivate (Cli   *cli,
                    int    argc,
                    char **argv)
{
  return user_actions (cli, ROSTER_ACTION_DEACTIVATE, argc, argv);
}

static int
command_activate (Cli   *cli,
                  int    argc,
                  char **argv)
{
  return user_actions (cli, ROSTER_ACTION_ACTIVATE, argc, argv);
}

static int
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
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  outbox = roster_outbox_new (cli->store);
  entries = roster_outbox_list (outbox, &error);
  if (entries == NULL)
    return fail ("%s", error->message);

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

static int
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
      if ((status = open_session (cli)) != EXIT_DONE)
        return status;
    }

  account = roster_store_get_account (cli->store, &error);
  if (account == NULL)
    return fail ("%s", error ? error->message
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

static int
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
    return usage_error (_("renewal needs --remove-unused-licenses on or off"));
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;

  if (!connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    return fail ("%s", error->message);
  g_clear_error (&error);

  id = roster_session_set_renewal_options (cli->session, g_str_equal (remove, "on"), &error);
  if (id == 0)
    return fail_refused (NULL, error);
  roster_session_wait_idle (cli->session);

  outbox = roster_outbox_new (cli->store);
  entry = roster_outbox_get (outbox, id, &error);
  if (entry == NULL)
    return fail ("%s", error->message);
  if (entry->state == ROSTER_OUTBOX_REFUSED)
    return fail (_("Refused by the server (%s): %s"), entry->error_type, entry->error_message);

  g_printerr ("%s\n", entry->state == ROSTER_OUTBOX_DONE
              ? _("Renewal options changed; this affects the annual rate at renewal.")
              : _("Queued offline: the renewal options change when the server is reached."));
  return command_account (cli, 1, argv);
}

static int
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
        return usage_error (_("--since is a date (YYYY-MM-DD) or a time (ISO 8601), not “%s”"), since);
    }
  if ((status = open_session (cli)) != EXIT_DONE)
    return status;
  if (user != NULL)
    {
      g_autoptr(RosterUser) found = find_user (cli, user, &error);

      if (found == NULL)
        return fail ("%s", error->message);
      user_id = roster_user_get_id (found);
    }

  events = roster_store_list_audit_events (cli->store, user_id, normalized, 0, &error);
  if (events == NULL)
    return fail ("%s", error->message);
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
  { "queue", "", N_("The actions sent and waiting, with refusals’ reasons"), command_queue },
  { "account", "", N_("The plan, licenses and renewal"), command_account },
  { "renewal", "--remove-unused-licenses on|off", N_("Renewal options (annual subscriptions)"), command_renewal },
  { "audit", "[--since DATE] [--user USER]", N_("The audit log"), command_audit },
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
  int status;

  setlocale (LC_ALL, "");
  g_set_prgname ("roster-cli");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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
    return usage_error (_("“%s” is not a command"), argv[1]);

  /* The command parses the rest, its name in the place of the program's. */
  args = g_strdupv (argv + 1);
  cli.command = command;
  status = command->run (&cli, g_strv_length (args), args);

  cli_clear (&cli);
  return status;
}
