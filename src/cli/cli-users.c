/* cli-users.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "cli.h"
#include "roster-outbox.h"
#include "roster-time.h"

/* users, user, notifications */

/* Records ---------------------------------------------------------------- */

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
  json_object_set_string_member (record, "role", roster_user_get_role_code (user));
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
  { "pending", N_("Waiting to Be Sent") },
};

static JsonObject *
work_record (RosterWorkItem *item)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "kind", roster_work_item_get_kind_code (item));
  /* A calendar entry's id is a string in Clio's API, and need not be a number. */
  if (roster_work_item_get_kind (item) == ROSTER_WORK_EVENT)
    json_object_set_string_member (record, "id", roster_work_item_get_id_string (item));
  else
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

int
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
  g_autofree char *now = cli_now_iso ();
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
    return cli_usage_error (_("--status is active, deactivated or all, not “%s”"), status_arg);

  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if ((status = cli_require_synced (cli)) != EXIT_DONE)
    return status;

  users = roster_store_list_users (cli->store, filter, search, &error);
  if (users == NULL)
    return cli_fail ("%s", error->message);
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

/* The user and their open work as one CSV table: a row of kind "user",
 * then a row an item, each with the columns of both. */
static const CliColumn user_document_columns[] = {
  { "kind", NULL },
  { "id", NULL },
  { "name", NULL },
  { "email", NULL },
  { "role", NULL },
  { "subscription_type", NULL },
  { "status", NULL },
  { "personal_injury_license", NULL },
  { "open_matters", NULL },
  { "open_tasks", NULL },
  { "upcoming_events", NULL },
  { "matter", NULL },
  { "title", NULL },
  { "date", NULL },
};

int
command_user (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autofree char *section = NULL;
  const GOptionEntry entries[] = {
    { "section", 0, 0, G_OPTION_ARG_STRING, &section, N_("Only the profile, or only the open work"), "profile|work" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GListStore) work = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *now = cli_now_iso ();
  int status;

  if (!cli_parse (cli, entries, &argc, &argv, 1, &status))
    return status;
  if (argc != 2)
    return cli_usage_error (_("user needs one user: an ID or an e-mail address"));
  if (section != NULL && !g_str_equal (section, "profile") && !g_str_equal (section, "work"))
    return cli_usage_error (_("--section is profile or work, not “%s”"), section);
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if ((status = cli_require_synced (cli)) != EXIT_DONE)
    return status;

  user = cli_find_user (cli, argv[1], &error);
  if (user == NULL)
    return cli_fail ("%s", error->message);
  work = roster_store_list_open_work (cli->store, roster_user_get_id (user), now, &error);
  if (work == NULL)
    return cli_fail ("%s", error->message);

  {
    RosterOpenWork counts;
    g_autoptr(RosterOutbox) outbox = roster_outbox_new (cli->store);
    g_autoptr(RosterOutboxEntry) waiting = roster_outbox_find_waiting (outbox, roster_user_get_id (user));

    roster_store_get_open_work (cli->store, roster_user_get_id (user), now, &counts, NULL);
    record = user_record (user, &counts);
    /* What the cache shows may still wait to be sent: said, with its time. */
    if (waiting != NULL)
      {
        g_autofree char *pending = g_strdup_printf (_("%s, queued %s (roster-cli queue --cancel %" PRId64
                                                      " takes it back)"),
                                                    roster_action_to_string (waiting->action), waiting->created_at,
                                                    waiting->id);

        json_object_set_string_member (record, "pending", cli->format == CLI_FORMAT_JSON
                                         ? roster_action_to_string (waiting->action) : pending);
        json_object_set_int_member (record, "pending_id", waiting->id);
      }
  }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (work)); i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (work), i);

      json_array_add_object_element (items, work_record (item));
    }

  if (g_strcmp0 (section, "profile") == 0)
    {
      cli_print_record (cli->format, user_columns, G_N_ELEMENTS (user_columns), record);
      return EXIT_DONE;
    }
  if (g_strcmp0 (section, "work") == 0)
    {
      cli_print_records (cli->format, work_columns, G_N_ELEMENTS (work_columns), items);
      return EXIT_DONE;
    }

  switch (cli->format)
    {
    case CLI_FORMAT_JSON:
      json_object_set_array_member (record, "open_work", json_array_ref (items));
      cli_print_record (cli->format, user_columns, G_N_ELEMENTS (user_columns), record);
      break;

    case CLI_FORMAT_CSV:
      {
        g_autoptr(JsonArray) rows = json_array_new ();

        json_object_set_string_member (record, "kind", "user");
        json_array_add_object_element (rows, json_object_ref (record));
        for (guint i = 0; i < json_array_get_length (items); i++)
          json_array_add_object_element (rows, json_object_ref (json_array_get_object_element (items, i)));
        cli_print_records (cli->format, user_document_columns, G_N_ELEMENTS (user_document_columns), rows);
      }
      break;

    case CLI_FORMAT_TABLE:
    default:
      cli_print_record (cli->format, user_columns, G_N_ELEMENTS (user_columns), record);
      g_print ("\n%s\n", _("Open work:"));
      cli_print_records (cli->format, work_columns, G_N_ELEMENTS (work_columns), items);
      break;
    }

  return EXIT_DONE;
}

/* The receiving side of a reassignment: what the signed-in user was told. */
int
command_notifications (Cli   *cli,
                       int    argc,
                       char **argv)
{
  static const CliColumn columns[] = {
    { "created_at", N_("When") },
    { "subject", N_("Subject") },
    { "body", N_("Message") },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) notifications = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  int status;

  if (!cli_parse (cli, NULL, &argc, &argv, 0, &status))
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;
  if ((status = cli_require_synced (cli)) != EXIT_DONE)
    return status;

  notifications = roster_store_list_notifications (cli->store, &error);
  if (notifications == NULL)
    return cli_fail ("%s", error->message);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (notifications)); i++)
    {
      g_autoptr(RosterNotification) notification = g_list_model_get_item (G_LIST_MODEL (notifications), i);
      JsonObject *record = json_object_new ();

      json_object_set_int_member (record, "id", roster_notification_get_id (notification));
      json_object_set_string_member (record, "kind", roster_notification_get_kind (notification));
      json_object_set_string_member (record, "subject", roster_notification_get_subject (notification));
      json_object_set_string_member (record, "body", roster_notification_get_body (notification));
      json_object_set_string_member (record, "created_at", roster_notification_get_created_at (notification));
      json_array_add_object_element (records, record);
    }

  cli_print_records (cli->format, columns, G_N_ELEMENTS (columns), records);
  return EXIT_DONE;
}
