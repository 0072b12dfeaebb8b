/* cli-reassign.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cli.h"
#include "roster-outbox.h"

/* reassign: what moves and what stays, from the server or the cache */

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
          const char *id,
          const char *title,
          const char *matter,
          const char *to_name,
          const char *reason)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "kind", kind);
  /* A calendar entry's id is a string in Clio's API, and need not be a number. */
  if (g_str_equal (kind, "calendar_entry"))
    json_object_set_string_member (record, "id", id);
  else
    json_object_set_int_member (record, "id", g_ascii_strtoll (id, NULL, 10));
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

static char *
member_id (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
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

      /* Moved, stayed, and (from a server with Clio's API alone) not judged. */
      for (guint moved = 0; moved < 3; moved++)
        {
          JsonNode *list = json_object_get_member (part, moved == 0 ? "moved" : moved == 1 ? "stayed" : "not_judged");

          if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
            continue;
          for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
            {
              JsonObject *item = json_array_get_object_element (json_node_get_array (list), i);
              g_autofree char *id = member_id (item, "id");
              const char *matter = NULL;

              if (k == 0)
                matter = member_string (item, "display_number");
              else if (json_object_has_member (item, "matter") &&
                       JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "matter")))
                matter = member_string (json_object_get_object_member (item, "matter"), "display_number");

              add_item (items, kinds[k].kind, id, member_string (item, kinds[k].title), matter, to_name,
                        moved == 0 ? NULL : member_string (item, moved == 1 ? "reason" : "why"));
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
      add_item (items, roster_work_item_get_kind_code (item), roster_work_item_get_id_string (item),
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
  user = cli_find_user (cli, arg, error);
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
      JsonNode *compat_node = result && JSON_NODE_HOLDS_OBJECT (result)
                                ? json_object_get_member (json_node_get_object (result), "compat") : NULL;
      JsonObject *compat = compat_node && JSON_NODE_HOLDS_OBJECT (compat_node) ? json_node_get_object (compat_node) : NULL;
      guint moves = 0;
      guint total = json_array_get_length (items);

      for (guint i = 0; i < json_array_get_length (items); i++)
        moves += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "outcome"),
                            "moves") == 0;
      g_print ("\n");
      if (dry_run)
        g_print (g_dngettext (GETTEXT_PACKAGE, "Dry run (%s): %u of %u item would move; nothing was changed.\n",
                              "Dry run (%s): %u of %u items would move; nothing was changed.\n", total),
                 g_str_equal (source, "server") ? _("the server’s answer") : _("from the cache, offline"),
                 moves, total);
      else if (g_str_equal (state, "done") && compat != NULL)
        {
          /* Clio's API alone: item by item, and nobody is told. */
          gint64 not_judged = json_object_get_int_member_with_default (compat, "not_judged", 0);
          gint64 unreadable = json_object_get_int_member_with_default (compat, "unreadable_records", 0);

          g_print (g_dngettext (GETTEXT_PACKAGE,
                                "Done: %u of %u item moved, one by one with Clio’s API, which notifies nobody: "
                                "tell each receiver yourself.\n",
                                "Done: %u of %u items moved, one by one with Clio’s API, which notifies nobody: "
                                "tell each receiver yourself.\n", total), moves, total);
          if (json_object_get_boolean_member_with_default (compat, "hidden_calendar_entries_unseen", FALSE))
            g_print (_("The user is deactivated: Clio hides their calendar entries, which could be neither seen "
                       "nor moved.\n"));
          if (not_judged > 0)
            g_print (g_dngettext (GETTEXT_PACKAGE, "%u item could not be judged and was left as it is.\n",
                                  "%u items could not be judged and were left as they are.\n", not_judged),
                     (guint) not_judged);
          if (unreadable > 0)
            g_print (g_dngettext (GETTEXT_PACKAGE,
                                  "%u record the sync could not read may be this user’s (“roster-cli status”).\n",
                                  "%u records the sync could not read may be this user’s (“roster-cli status”).\n",
                                  unreadable),
                     (guint) unreadable);
        }
      else if (g_str_equal (state, "done") && roster_store_get_server_api (cli->store) == ROSTER_SERVER_API_CLIO)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Done: %u of %u item moved. Clio’s API notifies nobody: tell each receiver yourself.\n",
                              "Done: %u of %u items moved. Clio’s API notifies nobody: tell each receiver yourself.\n",
                              total), moves, total);
      else if (g_str_equal (state, "done"))
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Done: %u of %u item moved; each receiver was notified in the app and by e-mail.\n",
                              "Done: %u of %u items moved; each receiver was notified in the app and by e-mail.\n",
                              total), moves, total);
      else
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Queued offline: %u of %u item will move when the server is reached (“roster-cli sync”).\n",
                              "Queued offline: %u of %u items will move when the server is reached (“roster-cli sync”).\n",
                              total), moves, total);
      /* The server's answer lists them; the cache holds open work alone. */
      if (g_str_equal (source, "cache") && roster_store_holds_open_work_only (cli->store))
        g_print (_("Closed matters, complete tasks and past calendar events are not synced, so they are not listed: "
                   "they stay where they are.\n"));
    }
}

int
command_reassign (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autofree char *matters_to = NULL;
  g_autofree char *tasks_to = NULL;
  g_autofree char *events_to = NULL;
  gboolean dry_run = FALSE;
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    { "matters-to", 0, 0, G_OPTION_ARG_STRING, &matters_to, N_("The new responsible attorney of open and pending matters"), "USER" },
    { "tasks-to", 0, 0, G_OPTION_ARG_STRING, &tasks_to, N_("Who receives the tasks that are not past due"), "USER" },
    { "events-to", 0, 0, G_OPTION_ARG_STRING, &events_to, N_("Who receives the upcoming calendar events"), "USER" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would move and what would stay, change nothing"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask for confirmation"), NULL },
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
    return cli_usage_error (_("reassign needs the user whose work moves"));
  if (matters_to == NULL && tasks_to == NULL && events_to == NULL)
    return cli_usage_error (_("reassign needs at least one of --matters-to, --tasks-to and --events-to"));
  if (!dry_run && (status = cli_may_ask (yes, "reassign")) != EXIT_DONE)
    return status;
  if ((status = cli_open_session (cli)) != EXIT_DONE)
    return status;

  from = cli_find_user (cli, argv[1], &error);
  if (from == NULL ||
      !resolve_receiver (cli, matters_to, &receivers[ROSTER_WORK_MATTER], &error) ||
      !resolve_receiver (cli, tasks_to, &receivers[ROSTER_WORK_TASK], &error) ||
      !resolve_receiver (cli, events_to, &receivers[ROSTER_WORK_EVENT], &error))
    return cli_fail ("%s", error->message);

  /* What the cache can judge is refused at once, by the server's rules. */
  if (!roster_session_check (cli->session, ROSTER_ACTION_REASSIGN_WORK, roster_user_get_id (from), receivers, &error))
    return cli_fail_refused (NULL, error);

  if (dry_run)
    {
      /* The server's own dry run when it can be asked; the cache's, by the
       * same rules, when not. */
      if (roster_store_get_server_api (cli->store) != ROSTER_SERVER_API_CLIO &&
          cli_connect_session (cli, NULL) && (api = roster_session_new_api (cli->session)) != NULL)
        {
          g_autofree char *key = g_uuid_string_random ();
          g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT "/reassign_work.json",
                                                   roster_user_get_id (from));
          g_autofree char *body = roster_reassignment_body (receivers[ROSTER_WORK_MATTER],
                                                            receivers[ROSTER_WORK_TASK],
                                                            receivers[ROSTER_WORK_EVENT], TRUE);

          answer = roster_api_write (api, "POST", path, body, key, NULL, NULL, &error);
          if (answer == NULL && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
            return cli_fail ("%s", error ? error->message : _("The server gave no answer"));
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
            return cli_fail ("%s", error->message);
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
      return cli_fail ("%s", error->message);
    if (!yes)
      {
        guint moves = 0;
        g_autofree char *question = NULL;

        for (guint i = 0; i < json_array_get_length (preview); i++)
          moves += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (preview, i), "outcome"),
                              "moves") == 0;
        print_reassignment (cli, TRUE, "cache", "done", preview, NULL);
        question = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reassign %u item?", "Reassign %u items?", moves),
                                    moves);
        if (!cli_confirm (question))
          return cli_fail (_("Nothing was changed"));
      }
    if (!cli_connect_session (cli, &error) && !g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
      return cli_fail ("%s", error->message);
    g_clear_error (&error);

    id = roster_session_reassign (cli->session, roster_user_get_id (from), receivers[ROSTER_WORK_MATTER],
                                  receivers[ROSTER_WORK_TASK], receivers[ROSTER_WORK_EVENT], &error);
    if (id == 0)
      return cli_fail_refused (NULL, error);
    roster_session_wait_idle (cli->session);

    entry = roster_outbox_get (outbox, id, &error);
    if (entry == NULL)
      return cli_fail ("%s", error->message);

    if (entry->state == ROSTER_OUTBOX_REFUSED)
      return cli_fail (_("Refused by the server (%s): %s"), entry->error_type, entry->error_message);

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
