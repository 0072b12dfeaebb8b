/* roster-compat.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-compat"

#include "config.h"

#include "roster-compat.h"
#include "roster-json.h"
#include "roster-time.h"

/*
 * Against a server with Clio's public API alone there is no reassign_work:
 * Roster reads the user's work from the server as it is now, judges each
 * item with the rules the extension applies, and moves each item that
 * moves with the PATCH Clio's API has, one request at a time (RosterApi
 * keeps within the rate limit).
 *
 * Each PATCH carries If-Match with the etag the item had when it was read,
 * so that nothing is moved that changed meanwhile: an item that did is read
 * and judged again. Only what changes is sent: an item the server already
 * shows with its receiver (a reassignment sent again after a lost answer)
 * costs no PATCH.
 *
 * Unlike the extension it is not atomic, the server notifies nobody, and a
 * deactivated user's calendar entries, which Clio hides, cannot be seen, so
 * they cannot be moved: the result says all of that, for the caller to say
 * to the administrator. A sync afterwards shows the outcome in the cache.
 */

#define MATTER_FIELDS \
  "id,etag,display_number,description,status,responsible_attorney{id},group{id,type},open_date,close_date,updated_at"
#define TASK_FIELDS "id,etag,name,status,due_at,assignee{id,type},matter{id},updated_at"
#define ENTRY_FIELDS "id,etag,summary,start_at,end_at,all_day,calendar_owner_id,matter{id},attendees{id,type},updated_at"

/* Matters asked for at once with ids[]: a short URL, one page. */
#define MATTERS_A_REQUEST 100

static const struct
{
  const char *collection;
  const char *fields;
  const char *answer_member;
} kinds[] = {
  [ROSTER_WORK_MATTER] = { "matters", MATTER_FIELDS, "matters" },
  [ROSTER_WORK_TASK] = { "tasks", TASK_FIELDS, "tasks" },
  [ROSTER_WORK_EVENT] = { "calendar_entries", ENTRY_FIELDS, "calendar_entries" },
};

void
roster_compat_result_free (RosterCompatResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->answer, json_node_unref);
  g_free (result);
}

/* The PATCH body that gives an item to its receiver, as Clio's API has it:
 * only the member that changes. */
static char *
patch_body (RosterWorkKind kind,
            gint64         value)
{
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      return g_strdup_printf ("{\"data\": {\"responsible_attorney\": {\"id\": %" G_GINT64_FORMAT "}}}", value);
    case ROSTER_WORK_TASK:
      return g_strdup_printf ("{\"data\": {\"assignee\": {\"id\": %" G_GINT64_FORMAT ", \"type\": \"User\"}}}", value);
    case ROSTER_WORK_EVENT:
    default:
      return g_strdup_printf ("{\"data\": {\"calendar_owner\": {\"id\": %" G_GINT64_FORMAT "}}}", value);
    }
}

/* A record's path: its id as the server writes it, escaped. */
static char *
record_path (RosterWorkKind kind,
             const char    *id,
             const char    *fields)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf ("/%s/%s.json?fields=%s", kinds[kind].collection, escaped, fields);
}

/* One item of work as the server has it now. */
typedef struct
{
  RosterWorkKind  kind;
  char           *id;         /* as the server writes it */
  char           *etag;
  gint64          owner;      /* the responsible attorney, the User assigned, the calendar; 0 for none */
  gint64          matter_id;  /* a task's or an entry's; 0 for none */
  GObject        *record;     /* the codec's */
} Item;

static void
item_free (Item *item)
{
  g_free (item->id);
  g_free (item->etag);
  g_clear_object (&item->record);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Item, item_free)

static Item *
item_new (RosterWorkKind kind,
          JsonObject    *object,
          GError       **error)
{
  g_autoptr(Item) item = g_new0 (Item, 1);

  item->kind = kind;
  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      {
        RosterMatter *matter = roster_matter_new_from_json (object, error);

        if (matter == NULL)
          return NULL;
        item->record = G_OBJECT (matter);
        item->id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_matter_get_id (matter));
        item->etag = g_strdup (roster_matter_get_etag (matter));
        item->owner = roster_matter_get_responsible_attorney_id (matter);
        break;
      }
    case ROSTER_WORK_TASK:
      {
        RosterTask *task = roster_task_new_from_json (object, error);

        if (task == NULL)
          return NULL;
        item->record = G_OBJECT (task);
        item->id = g_strdup_printf ("%" G_GINT64_FORMAT, roster_task_get_id (task));
        item->etag = g_strdup (roster_task_get_etag (task));
        item->owner = roster_task_get_assignee_id (task);
        item->matter_id = roster_task_get_matter_id (task);
        break;
      }
    case ROSTER_WORK_EVENT:
    default:
      {
        RosterCalendarEntry *entry = roster_calendar_entry_new_from_json (object, error);

        if (entry == NULL)
          return NULL;
        item->record = G_OBJECT (entry);
        item->id = g_strdup (roster_calendar_entry_get_id_string (entry));
        item->etag = g_strdup (roster_calendar_entry_get_etag (entry));
        item->owner = roster_calendar_entry_get_calendar_owner_id (entry);
        item->matter_id = roster_calendar_entry_get_matter_id (entry);
        break;
      }
    }

  return g_steal_pointer (&item);
}

/* What the rules need of a matter, and what the answer shows of it. */
typedef struct
{
  RosterMatterFacts  facts;
  char              *display_number;
} MatterInfo;

static void
matter_info_free (MatterInfo *info)
{
  g_free (info->display_number);
  g_free (info);
}

typedef struct
{
  RosterStore        *store;
  RosterApi          *api;
  GCancellable       *cancellable;
  gboolean            dry_run;

  gint64              user_id;
  gint64              user_calendar;
  gint64              receivers[3];  /* the user receiving each kind, or 0 */
  gint64              receiver_calendars[3];
  gint64              targets[3];    /* what a PATCH gives: the user, or for events their calendar */
  GDate              *today;
  gint64              now_unix;

  GHashTable         *matters;       /* gint64 → MatterInfo, as the server has them now */
  GPtrArray          *items[3];      /* of Item: the user's work as the server has it now */
  JsonArray          *moved[3];
  JsonArray          *stayed[3];
  JsonArray          *not_judged[3];
  RosterCompatResult *result;
} Reassignment;

static void
reassignment_clear (Reassignment *self)
{
  g_clear_pointer (&self->today, g_date_free);
  g_clear_pointer (&self->matters, g_hash_table_unref);
  for (guint kind = 0; kind < 3; kind++)
    {
      g_clear_pointer (&self->items[kind], g_ptr_array_unref);
      g_clear_pointer (&self->moved[kind], json_array_unref);
      g_clear_pointer (&self->stayed[kind], json_array_unref);
      g_clear_pointer (&self->not_judged[kind], json_array_unref);
    }
}

/* A single record, or a list's first page, read as JSON with its data. */
static JsonNode *
get_data (Reassignment *self,
          const char   *path,
          JsonNode    **root,
          GError      **error)
{
  JsonNode *data;

  *root = roster_api_get (self->api, path, NULL, self->cancellable, error);
  if (*root == NULL)
    return NULL;

  data = json_object_get_member (json_node_get_object (*root), "data");
  if (data == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (path, G_URI_FLAGS_ENCODED, NULL);

      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data", "GET /api/v4%s: the answer has no “data”",
                             uri ? g_uri_get_path (uri) : path);
      g_clear_pointer (root, json_node_unref);
    }

  return data;
}

/* A user as the server has them now: their name, whether they are active,
 * their calendar. */
static gboolean
read_user (Reassignment *self,
           gint64        id,
           char        **name,
           gboolean     *enabled,
           gint64       *calendar,
           GError      **error)
{
  g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT ".json?fields=id,name,enabled,default_calendar_id",
                                           id);
  g_autoptr(JsonNode) root = NULL;
  JsonNode *data = get_data (self, path, &root, error);
  JsonObject *user;

  if (data == NULL)
    {
      if (error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
        g_prefix_error (error, "GET /api/v4/users/%" G_GINT64_FORMAT ".json: ", id);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "data",
                             "GET /api/v4/users/%" G_GINT64_FORMAT ".json: the user is not a record", id);
      return FALSE;
    }

  user = json_node_get_object (data);
  *enabled = FALSE;
  if (!roster_json_get_text (user, "name", name, error) ||
      !roster_json_get_boolean (user, "enabled", FALSE, enabled, error) ||
      !roster_json_get_optional_id (user, "default_calendar_id", calendar, error))
    {
      g_prefix_error (error, "GET /api/v4/users/%" G_GINT64_FORMAT ".json: user %" G_GINT64_FORMAT ": ", id, id);
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
matter_reference (Reassignment *self,
                  gint64        matter_id)
{
  MatterInfo *info = matter_id ? g_hash_table_lookup (self->matters, &matter_id) : NULL;
  JsonObject *matter;

  if (matter_id == 0)
    return NULL;

  matter = json_object_new ();
  json_object_set_int_member (matter, "id", matter_id);
  json_object_set_string_member (matter, "display_number", info ? info->display_number : NULL);
  return matter;
}

/* An item as reassign_work's answer lists it. */
static JsonObject *
item_json (Reassignment *self,
           Item         *item)
{
  JsonObject *object = json_object_new ();

  switch (item->kind)
    {
    case ROSTER_WORK_MATTER:
      {
        RosterMatter *matter = ROSTER_MATTER (item->record);

        json_object_set_int_member (object, "id", roster_matter_get_id (matter));
        json_object_set_string_member (object, "display_number", roster_matter_get_display_number (matter));
        json_object_set_string_member (object, "description", roster_matter_get_description (matter));
        json_object_set_string_member (object, "status", roster_matter_get_status (matter));
        break;
      }
    case ROSTER_WORK_TASK:
      {
        RosterTask *task = ROSTER_TASK (item->record);
        JsonObject *matter = matter_reference (self, item->matter_id);

        json_object_set_int_member (object, "id", roster_task_get_id (task));
        json_object_set_string_member (object, "name", roster_task_get_name (task));
        json_object_set_string_member (object, "status", roster_task_get_status (task));
        json_object_set_string_member (object, "due_at", roster_task_get_due_at (task));
        if (matter != NULL)
          json_object_set_object_member (object, "matter", matter);
        else
          json_object_set_null_member (object, "matter");
        break;
      }
    case ROSTER_WORK_EVENT:
    default:
      {
        RosterCalendarEntry *entry = ROSTER_CALENDAR_ENTRY (item->record);
        JsonObject *matter = matter_reference (self, item->matter_id);

        json_object_set_string_member (object, "id", item->id);
        json_object_set_string_member (object, "summary", roster_calendar_entry_get_summary (entry));
        json_object_set_string_member (object, "start_at", roster_calendar_entry_get_start_at (entry));
        if (matter != NULL)
          json_object_set_object_member (object, "matter", matter);
        else
          json_object_set_null_member (object, "matter");
        break;
      }
    }

  return object;
}

/* An item left as it is because it could not be judged, and why. */
static void
add_not_judged (Reassignment  *self,
                RosterWorkKind kind,
                Item          *item,
                const char    *id,
                const char    *why,
                const char    *problem)
{
  JsonObject *object = item ? item_json (self, item) : json_object_new ();

  if (item == NULL)
    {
      if (id != NULL)
        json_object_set_string_member (object, "id", id);
      else
        json_object_set_null_member (object, "id");
    }
  json_object_set_string_member (object, "why", why);
  if (problem != NULL)
    json_object_set_string_member (object, "problem", problem);
  json_array_add_object_element (self->not_judged[kind], object);
  self->result->not_judged++;
}

/* The user's work of one kind, as the server has it now: their matters,
 * the tasks assigned to them as a User (the list asks for a User's with
 * assignee_type, and each task's type is checked again), the entries of
 * their calendar. A record that cannot be read is not judged. */
static gboolean
list_items (Reassignment  *self,
            RosterWorkKind kind,
            GError       **error)
{
  g_autofree char *url = NULL;

  switch (kind)
    {
    case ROSTER_WORK_MATTER:
      url = g_strdup_printf ("/matters.json?fields=%s&responsible_attorney_id=%" G_GINT64_FORMAT
                             "&limit=200&order=id(asc)", MATTER_FIELDS, self->user_id);
      break;
    case ROSTER_WORK_TASK:
      url = g_strdup_printf ("/tasks.json?fields=%s&assignee_id=%" G_GINT64_FORMAT
                             "&assignee_type=user&limit=200&order=id(asc)", TASK_FIELDS, self->user_id);
      break;
    case ROSTER_WORK_EVENT:
    default:
      /* calendar_entries.json defines no order: the server's own. */
      if (self->user_calendar == 0)
        return TRUE;
      url = g_strdup_printf ("/calendar_entries.json?fields=%s&calendar_id=%" G_GINT64_FORMAT "&limit=200",
                             ENTRY_FIELDS, self->user_calendar);
      break;
    }

  while (url != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonNode *data = get_data (self, url, &root, error);

      if (data == NULL)
        {
          if (error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (error, "GET /api/v4/%s.json: ", kinds[kind].collection);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (data))
        {
          roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "data",
                                 "GET /api/v4/%s.json: the page's “data” is not a list", kinds[kind].collection);
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (data), i);
          g_autoptr(GError) problem = NULL;
          g_autoptr(Item) item = NULL;
          g_autofree char *id = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            item = item_new (kind, json_node_get_object (element), &problem);
          else
            roster_json_set_error (&problem, ROSTER_JSON_ERROR_WRONG_TYPE, NULL, "The record is not an object");

          if (item == NULL)
            {
              if (JSON_NODE_HOLDS_OBJECT (element))
                roster_json_get_id_string (json_node_get_object (element), "id", &id, NULL);
              add_not_judged (self, kind, NULL, id, "unreadable", problem->message);
              continue;
            }

          /* Whatever the filter did, only the user's own items are theirs:
           * a task of a contact with the user's id is not. */
          if ((kind == ROSTER_WORK_EVENT ? self->user_calendar : self->user_id) != item->owner)
            continue;

          g_ptr_array_add (self->items[kind], g_steal_pointer (&item));
        }

      g_free (url);
      url = g_strdup (roster_json_page_next (root));
    }

  return TRUE;
}

static void
remember_matter (Reassignment *self,
                 RosterMatter *matter)
{
  MatterInfo *info = g_new0 (MatterInfo, 1);
  gint64 id = roster_matter_get_id (matter);

  info->facts.exists = TRUE;
  if (!roster_matter_status_from_string (roster_matter_get_status (matter), &info->facts.status))
    info->facts.status = ROSTER_MATTER_STATUS_CLOSED;
  info->facts.is_private = roster_matter_get_is_private (matter);
  info->display_number = g_strdup (roster_matter_get_display_number (matter));
  g_hash_table_insert (self->matters, g_memdup2 (&id, sizeof id), info);
}

/* Matters as the server has them now, asked for a hundred at a time with
 * ids[]. A matter the server does not list (deleted, or one the signed-in
 * user may not read) stays unknown. */
static gboolean
fetch_matters (Reassignment *self,
               GArray       *wanted,
               GError      **error)
{
  for (guint start = 0; start < wanted->len; start += MATTERS_A_REQUEST)
    {
      g_autoptr(GString) url = g_string_new (NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonNode *data;

      g_string_append_printf (url, "/matters.json?fields=%s&limit=200", MATTER_FIELDS);
      for (guint i = start; i < MIN (start + MATTERS_A_REQUEST, wanted->len); i++)
        g_string_append_printf (url, "&ids%%5B%%5D=%" G_GINT64_FORMAT, g_array_index (wanted, gint64, i));

      data = get_data (self, url->str, &root, error);
      if (data == NULL)
        {
          if (error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (error, "GET /api/v4/matters.json: ");
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (data))
        {
          roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "data",
                                 "GET /api/v4/matters.json: the page's “data” is not a list");
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (data), i);
          g_autoptr(RosterMatter) matter = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              (matter = roster_matter_new_from_json (json_node_get_object (element), NULL)) != NULL)
            remember_matter (self, matter);
        }
    }

  return TRUE;
}

/* The matters the user's tasks and entries are tied to: their items are
 * judged by the matters as they are now, and not judged when the server
 * does not list their matter. */
static gboolean
read_matters (Reassignment *self,
              GError      **error)
{
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint kind = ROSTER_WORK_TASK; kind <= ROSTER_WORK_EVENT; kind++)
    for (guint i = 0; i < self->items[kind]->len; i++)
      {
        Item *item = g_ptr_array_index (self->items[kind], i);

        if (item->matter_id == 0 || g_hash_table_contains (self->matters, &item->matter_id) ||
            g_hash_table_contains (seen, &item->matter_id))
          continue;
        g_hash_table_add (seen, g_memdup2 (&item->matter_id, sizeof (gint64)));
        g_array_append_val (wanted, item->matter_id);
      }

  return fetch_matters (self, wanted, error);
}

/* Whether an item moves, by the rules, from what the server has now.
 * Returns FALSE, with why, when it cannot be judged. */
static gboolean
judge (Reassignment  *self,
       Item          *item,
       RosterVerdict *verdict,
       const char   **why)
{
  RosterMatterFacts none = { FALSE, ROSTER_MATTER_STATUS_OPEN, FALSE };
  const RosterMatterFacts *facts = &none;

  if (item->kind == ROSTER_WORK_MATTER)
    {
      RosterMatter *matter = ROSTER_MATTER (item->record);
      RosterMatterStatus status;

      if (!roster_matter_status_from_string (roster_matter_get_status (matter), &status))
        {
          *why = "unknown_status";
          return FALSE;
        }
      *verdict = roster_rules_matter_verdict (status, roster_matter_get_is_private (matter));
      return TRUE;
    }

  if (item->matter_id != 0)
    {
      MatterInfo *info = g_hash_table_lookup (self->matters, &item->matter_id);

      if (info == NULL)
        {
          *why = "matter_unreadable";
          return FALSE;
        }
      facts = &info->facts;
    }

  if (item->kind == ROSTER_WORK_TASK)
    {
      RosterTask *task = ROSTER_TASK (item->record);
      g_autoptr(GDate) due = roster_date_parse (roster_task_get_due_at (task));

      *verdict = roster_rules_task_verdict (facts, g_strcmp0 (roster_task_get_status (task), "complete") == 0,
                                            due, self->today);
    }
  else
    {
      RosterCalendarEntry *entry = ROSTER_CALENDAR_ENTRY (item->record);
      g_autoptr(GDateTime) start = roster_time_parse_iso (roster_calendar_entry_get_start_at (entry));

      *verdict = roster_rules_event_verdict (facts, item->owner == self->user_calendar,
                                             start ? g_date_time_to_unix (start) : 0, self->now_unix);
    }

  return TRUE;
}

/* Reads one item again, as the server has it now. */
static Item *
read_item_again (Reassignment *self,
                 Item         *item,
                 GError      **error)
{
  g_autofree char *path = record_path (item->kind, item->id, kinds[item->kind].fields);
  g_autoptr(JsonNode) root = NULL;
  JsonNode *data = get_data (self, path, &root, error);
  Item *fresh;

  if (data == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "data", "The record is not an object");
      return NULL;
    }

  fresh = item_new (item->kind, json_node_get_object (data), error);
  if (fresh != NULL && fresh->matter_id != 0 && !g_hash_table_contains (self->matters, &fresh->matter_id))
    {
      g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* Tied to another matter now: ask for it as for the others. */
      g_array_append_val (wanted, fresh->matter_id);
      if (!fetch_matters (self, wanted, error))
        {
          item_free (fresh);
          return NULL;
        }
    }

  return fresh;
}

static gboolean
is_refusal (const GError *error,
            guint         status)
{
  return g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) &&
         roster_api_error_get_status (error) == status;
}

typedef enum
{
  OUTCOME_MOVED,
  OUTCOME_ALREADY_MOVED,
  OUTCOME_STAYED,
  OUTCOME_NOT_JUDGED,
} Outcome;

/* Moves one item that moves: a PATCH with If-Match. An item that changed
 * since it was read (412) is read and judged again, and moved if it still
 * moves; one that changes again is left, not judged. */
static gboolean
move_item (Reassignment  *self,
           Item          *item,
           Outcome       *outcome,
           RosterVerdict *verdict,
           const char   **why,
           GError       **error)
{
  g_autoptr(Item) fresh = NULL;
  Item *current = item;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *path = record_path (current->kind, current->id, "id,etag");
      g_autofree char *body = patch_body (current->kind, self->targets[current->kind]);
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      Item *again;

      answer = roster_api_write_if_match (self->api, "PATCH", path, body, key,
                                          current->etag && *current->etag ? current->etag : NULL,
                                          NULL, NULL, self->cancellable, &local_error);
      if (local_error == NULL)
        {
          self->result->patched++;
          *outcome = OUTCOME_MOVED;
          return TRUE;
        }

      if (is_refusal (local_error, 404))
        {
          *why = "deleted_on_server";
          *outcome = OUTCOME_NOT_JUDGED;
          return TRUE;
        }

      if (!is_refusal (local_error, 412))
        {
          g_autofree char *escaped = g_uri_escape_string (current->id, NULL, FALSE);

          if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (&local_error, "PATCH /api/v4/%s/%s.json: ", kinds[current->kind].collection, escaped);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* It changed since it was read: as it is now, does it still move? */
      g_clear_error (&local_error);
      again = read_item_again (self, current, &local_error);
      if (again == NULL)
        {
          if (is_refusal (local_error, 404))
            {
              *why = "deleted_on_server";
              *outcome = OUTCOME_NOT_JUDGED;
              return TRUE;
            }
          if (local_error->domain == ROSTER_JSON_ERROR)
            {
              *why = "unreadable";
              *outcome = OUTCOME_NOT_JUDGED;
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_pointer (&fresh, item_free);
      fresh = again;
      current = fresh;

      /* Already the receiver's: a PATCH would change nothing. */
      if (current->owner == self->targets[current->kind])
        {
          *outcome = OUTCOME_ALREADY_MOVED;
          return TRUE;
        }
      /* Someone else's now: not for this reassignment to judge. */
      if (current->owner != (current->kind == ROSTER_WORK_EVENT ? self->user_calendar : self->user_id))
        {
          *why = "changed_on_server";
          *outcome = OUTCOME_NOT_JUDGED;
          return TRUE;
        }
      if (!judge (self, current, verdict, why))
        {
          *outcome = OUTCOME_NOT_JUDGED;
          return TRUE;
        }
      if (*verdict != ROSTER_VERDICT_MOVES)
        {
          *outcome = OUTCOME_STAYED;
          return TRUE;
        }
    }

  *why = "changed_on_server";
  *outcome = OUTCOME_NOT_JUDGED;
  return TRUE;
}

static JsonObject *
receiver_json (gint64      id,
               const char *name)
{
  JsonObject *to = json_object_new ();

  json_object_set_int_member (to, "id", id);
  json_object_set_string_member (to, "name", name);
  return to;
}

/* The entries of other calendars where the user is only an attendee stay;
 * the server's list of the user's calendar does not have them, the cache
 * does. */
static void
add_attendee_entries (Reassignment *self,
                      GDateTime    *now)
{
  g_autoptr(GListStore) items = roster_store_preview_items (self->store, self->user_id, now, NULL);

  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(RosterWorkItem) entry = g_list_model_get_item (G_LIST_MODEL (items), i);
      gint64 calendar = 0;
      JsonObject *object;

      if (roster_work_item_get_kind (entry) != ROSTER_WORK_EVENT ||
          roster_work_item_get_verdict (entry) == ROSTER_VERDICT_MOVES ||
          !roster_store_get_work_owner_by_id_string (self->store, ROSTER_WORK_EVENT,
                                                     roster_work_item_get_id_string (entry), &calendar, NULL) ||
          calendar == self->user_calendar || calendar == 0)
        continue;

      object = json_object_new ();
      json_object_set_string_member (object, "id", roster_work_item_get_id_string (entry));
      json_object_set_string_member (object, "summary", roster_work_item_get_title (entry));
      json_object_set_string_member (object, "start_at", roster_work_item_get_date (entry));
      if (roster_work_item_get_matter_id (entry) != 0)
        {
          JsonObject *matter = json_object_new ();

          json_object_set_int_member (matter, "id", roster_work_item_get_matter_id (entry));
          json_object_set_string_member (matter, "display_number", roster_work_item_get_matter_number (entry));
          json_object_set_object_member (object, "matter", matter);
        }
      else
        json_object_set_null_member (object, "matter");
      json_object_set_string_member (object, "reason", roster_verdict_to_code (roster_work_item_get_verdict (entry)));
      json_array_add_object_element (self->stayed[ROSTER_WORK_EVENT], object);
      self->result->stayed++;
    }
}

static JsonNode *
build_answer (Reassignment *self,
              const char   *user_name,
              gboolean      user_enabled,
              char         *receiver_names[3])
{
  g_autoptr(JsonObject) data = json_object_new ();
  JsonObject *from = json_object_new ();
  JsonObject *compat = json_object_new ();
  g_autoptr(JsonObject) envelope = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_boolean_member (data, "dry_run", self->dry_run);
  json_object_set_int_member (from, "id", self->user_id);
  json_object_set_string_member (from, "name", user_name);
  json_object_set_boolean_member (from, "enabled", user_enabled);
  json_object_set_object_member (data, "from", from);

  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      JsonObject *part = json_object_new ();

      if (self->receivers[kind] != 0)
        json_object_set_object_member (part, "to", receiver_json (self->receivers[kind], receiver_names[kind]));
      else
        json_object_set_null_member (part, "to");
      json_object_set_array_member (part, "moved", json_array_ref (self->moved[kind]));
      json_object_set_array_member (part, "stayed", json_array_ref (self->stayed[kind]));
      json_object_set_array_member (part, "not_judged", json_array_ref (self->not_judged[kind]));
      json_object_set_object_member (data, kinds[kind].answer_member, part);
    }

  /* Clio's API notifies nobody, and records nothing in an audit log. */
  json_object_set_array_member (data, "notifications", json_array_new ());
  json_object_set_null_member (data, "audit_event_id");

  json_object_set_string_member (compat, "api", "clio");
  json_object_set_boolean_member (compat, "notified", FALSE);
  json_object_set_boolean_member (compat, "atomic", FALSE);
  json_object_set_boolean_member (compat, "if_match", TRUE);
  json_object_set_int_member (compat, "moved", self->result->moved);
  json_object_set_int_member (compat, "patched", self->result->patched);
  json_object_set_int_member (compat, "already_moved", self->result->already_moved);
  json_object_set_int_member (compat, "stayed", self->result->stayed);
  json_object_set_int_member (compat, "not_judged", self->result->not_judged);
  json_object_set_int_member (compat, "unreadable_records", self->result->unreadable);
  json_object_set_boolean_member (compat, "hidden_calendar_entries_unseen", self->result->hidden_entries_unseen);
  json_object_set_object_member (data, "compat", compat);

  json_object_set_object_member (envelope, "data", g_steal_pointer (&data));
  json_node_set_object (root, envelope);

  return root;
}

/* Reassigns, filling @result as it goes, so that a reassignment stopped by
 * an error still says what it moved. */
static gboolean
reassign (Reassignment *self,
          GDateTime    *now,
          GError      **error)
{
  g_autofree char *user_name = NULL;
  char *receiver_names[3] = { NULL, NULL, NULL };
  gboolean user_enabled = FALSE;
  guint to_move = 0;
  gboolean ok = FALSE;

  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    {
      gboolean enabled = FALSE;
      gint64 calendar = 0;

      if (self->receivers[kind] == 0)
        continue;
      /* One receiver of several kinds is read once. */
      for (guint earlier = ROSTER_WORK_MATTER; earlier < kind && receiver_names[kind] == NULL; earlier++)
        if (self->receivers[earlier] == self->receivers[kind] && receiver_names[earlier] != NULL)
          {
            receiver_names[kind] = g_strdup (receiver_names[earlier]);
            calendar = self->receiver_calendars[earlier];
          }
      if (receiver_names[kind] == NULL &&
          !read_user (self, self->receivers[kind], &receiver_names[kind], &enabled, &calendar, error))
        goto out;
      self->receiver_calendars[kind] = calendar;
      self->targets[kind] = kind == ROSTER_WORK_EVENT ? calendar : self->receivers[kind];
      if (self->targets[kind] == 0)
        {
          g_propagate_error (error, roster_api_error_new_refused (422, "invalid_receiver",
                                                                  "%s has no calendar to receive the events",
                                                                  receiver_names[kind]));
          goto out;
        }
    }

  if (!read_user (self, self->user_id, &user_name, &user_enabled, &self->user_calendar, error))
    goto out;

  /* Clio hides a deactivated user's calendar entries and its API serves
   * none of them: they can be neither seen nor moved. */
  self->result->hidden_entries_unseen = self->receivers[ROSTER_WORK_EVENT] != 0 && !user_enabled;

  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    if (self->receivers[kind] != 0 && !list_items (self, kind, error))
      goto out;

  for (guint i = 0; i < self->items[ROSTER_WORK_MATTER]->len; i++)
    remember_matter (self, ROSTER_MATTER (((Item *) g_ptr_array_index (self->items[ROSTER_WORK_MATTER], i))->record));
  if (!read_matters (self, error))
    goto out;

  /* How many move, for an error that stops halfway to say so. */
  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    for (guint i = 0; i < self->items[kind]->len; i++)
      {
        RosterVerdict verdict;
        const char *why = NULL;

        if (judge (self, g_ptr_array_index (self->items[kind], i), &verdict, &why) && verdict == ROSTER_VERDICT_MOVES)
          to_move++;
      }

  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    for (guint i = 0; i < self->items[kind]->len; i++)
      {
        Item *item = g_ptr_array_index (self->items[kind], i);
        RosterVerdict verdict = ROSTER_VERDICT_MOVES;
        const char *why = NULL;
        Outcome outcome;
        JsonObject *object;

        if (!judge (self, item, &verdict, &why))
          outcome = OUTCOME_NOT_JUDGED;
        else if (verdict != ROSTER_VERDICT_MOVES)
          outcome = OUTCOME_STAYED;
        else if (self->dry_run)
          outcome = OUTCOME_MOVED;
        else
          {
            g_autoptr(GError) local_error = NULL;

            if (!move_item (self, item, &outcome, &verdict, &why, &local_error))
              {
                g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                            "Stopped after moving %u of %u items: ", self->result->moved, to_move);
                goto out;
              }
          }

        switch (outcome)
          {
          case OUTCOME_MOVED:
          case OUTCOME_ALREADY_MOVED:
            self->result->moved++;
            self->result->already_moved += outcome == OUTCOME_ALREADY_MOVED;
            json_array_add_object_element (self->moved[kind], item_json (self, item));
            break;
          case OUTCOME_STAYED:
            self->result->stayed++;
            object = item_json (self, item);
            json_object_set_string_member (object, "reason", roster_verdict_to_code (verdict));
            json_array_add_object_element (self->stayed[kind], object);
            break;
          case OUTCOME_NOT_JUDGED:
          default:
            add_not_judged (self, kind, item, NULL, why, NULL);
            break;
          }
      }

  if (self->receivers[ROSTER_WORK_EVENT] != 0)
    add_attendee_entries (self, now);

  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    self->result->unreadable += roster_store_count_unreadable (self->store, kinds[kind].collection);
  self->result->answer = build_answer (self, user_name, user_enabled, receiver_names);
  ok = TRUE;

out:
  for (guint kind = 0; kind < 3; kind++)
    g_free (receiver_names[kind]);

  return ok;
}

static gboolean
reassign_into (RosterStore        *store,
               RosterApi          *api,
               gint64              user_id,
               gint64              matters_to,
               gint64              tasks_to,
               gint64              calendar_entries_to,
               gboolean            dry_run,
               GDateTime          *now,
               RosterCompatResult *result,
               GCancellable       *cancellable,
               GError            **error)
{
  Reassignment self = { 0 };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  gboolean ok;

  self.store = store;
  self.api = api;
  self.cancellable = cancellable;
  self.dry_run = dry_run;
  self.user_id = user_id;
  self.receivers[ROSTER_WORK_MATTER] = matters_to;
  self.receivers[ROSTER_WORK_TASK] = tasks_to;
  self.receivers[ROSTER_WORK_EVENT] = calendar_entries_to;
  self.today = g_date_new_dmy (g_date_time_get_day_of_month (utc), g_date_time_get_month (utc),
                               g_date_time_get_year (utc));
  self.now_unix = g_date_time_to_unix (utc);
  self.matters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) matter_info_free);
  for (guint kind = 0; kind < 3; kind++)
    {
      self.items[kind] = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
      self.moved[kind] = json_array_new ();
      self.stayed[kind] = json_array_new ();
      self.not_judged[kind] = json_array_new ();
    }
  self.result = result;
  result->dry_run = dry_run;
  result->notified = FALSE;

  ok = reassign (&self, now, error);
  reassignment_clear (&self);

  return ok;
}

/**
 * roster_compat_reassign:
 * @matters_to: the receiver of the matters, or 0 to leave them
 * @tasks_to: the receiver of the tasks, or 0
 * @calendar_entries_to: the receiver of the calendar entries, or 0
 * @dry_run: judge everything and move nothing
 * @now: the time now; today is its date in UTC, as on the server
 *
 * Reassigns a user's work on a server with Clio's API alone: reads it as
 * the server has it now, judges each item by the rules the extension
 * applies, and moves each item that moves with a PATCH carrying If-Match.
 * It needs the server: nothing is judged from the cache but the entries
 * where the user is only an attendee, which stay anyway.
 *
 * A refusal that is about the whole reassignment (the receiver is
 * deactivated, the signed-in user may not write) stops it, with an error
 * that says how many items had moved and names the request.
 *
 * Returns: (transfer full): what moved, what stayed and what could not be
 *   judged, with `answer` for the outbox to keep; %NULL with an error
 */
RosterCompatResult *
roster_compat_reassign (RosterStore  *store,
                        RosterApi    *api,
                        gint64        user_id,
                        gint64        matters_to,
                        gint64        tasks_to,
                        gint64        calendar_entries_to,
                        gboolean      dry_run,
                        GDateTime    *now,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(RosterCompatResult) result = g_new0 (RosterCompatResult, 1);

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (ROSTER_IS_API (api), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!reassign_into (store, api, user_id, matters_to, tasks_to, calendar_entries_to, dry_run, now, result,
                      cancellable, error))
    return NULL;

  return g_steal_pointer (&result);
}

/**
 * roster_compat_reassign_work:
 * @matters_to: the receiver of the matters, or 0 to leave them
 * @moved: (out): the items the receivers hold now, also when it stops on
 *   an error
 *
 * Reassigns a user's work item by item with PATCH, for a server without
 * Roster's extensions: roster_compat_reassign(), for a caller that needs
 * only the count.
 */
gboolean
roster_compat_reassign_work (RosterStore  *store,
                             RosterApi    *api,
                             gint64        user_id,
                             gint64        matters_to,
                             gint64        tasks_to,
                             gint64        calendar_entries_to,
                             GDateTime    *now,
                             guint        *moved,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autoptr(RosterCompatResult) result = g_new0 (RosterCompatResult, 1);
  gboolean ok;

  ok = reassign_into (store, api, user_id, matters_to, tasks_to, calendar_entries_to, FALSE, now, result,
                      cancellable, error);
  *moved = result->moved;

  return ok;
}

/* Moves one item to @target, unless the server shows it there already:
 * read first for its etag and owner, then a PATCH with If-Match. */
static gboolean
move_one (RosterApi     *api,
          RosterWorkKind kind,
          const char    *id,
          gint64         target,
          gboolean      *changed,
          GCancellable  *cancellable,
          GError       **error)
{
  static const char *const owner_fields[] = {
    [ROSTER_WORK_MATTER] = "id,etag,responsible_attorney{id}",
    [ROSTER_WORK_TASK] = "id,etag,assignee{id,type}",
    [ROSTER_WORK_EVENT] = "id,etag,calendar_owner_id",
  };
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  *changed = FALSE;
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *path = record_path (kind, id, owner_fields[kind]);
      g_autofree char *patch_path = record_path (kind, id, "id,etag");
      g_autofree char *body = patch_body (kind, target);
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *etag = NULL;
      g_autofree char *type = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonNode *data;
      JsonObject *record;
      gint64 owner = 0;

      root = roster_api_get (api, path, NULL, cancellable, &local_error);
      data = root ? json_object_get_member (json_node_get_object (root), "data") : NULL;
      if (root != NULL && (data == NULL || !JSON_NODE_HOLDS_OBJECT (data)))
        roster_json_set_error (&local_error, ROSTER_JSON_ERROR_MISSING, "data", "The answer has no record “data”");
      if (local_error == NULL)
        {
          record = json_node_get_object (data);
          if (roster_json_get_text (record, "etag", &etag, &local_error))
            {
              if (kind == ROSTER_WORK_MATTER)
                roster_json_get_nested_id (record, "responsible_attorney", &owner, &local_error);
              else if (kind == ROSTER_WORK_TASK)
                {
                  JsonNode *assignee = json_object_get_member (record, "assignee");

                  /* A contact's task is no user's, whatever its id. */
                  if (roster_json_get_nested_id (record, "assignee", &owner, &local_error) &&
                      assignee != NULL && JSON_NODE_HOLDS_OBJECT (assignee) &&
                      roster_json_get_string (json_node_get_object (assignee), "type", TRUE, &type, &local_error) &&
                      g_strcmp0 (type, "User") != 0)
                    owner = 0;
                }
              else
                roster_json_get_optional_id (record, "calendar_owner_id", &owner, &local_error);
            }
        }
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "GET /api/v4/%s/%s.json: ",
                                      kinds[kind].collection, escaped);
          return FALSE;
        }

      /* Only what changes is sent. */
      if (owner == target)
        return TRUE;

      answer = roster_api_write_if_match (api, "PATCH", patch_path, body, key, *etag ? etag : NULL, NULL, NULL,
                                          cancellable, &local_error);
      if (local_error == NULL)
        {
          *changed = TRUE;
          return TRUE;
        }
      if (!is_refusal (local_error, 412))
        {
          if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (&local_error, "PATCH /api/v4/%s/%s.json: ", kinds[kind].collection, escaped);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Changed between the read and the write: read it again. */
    }

  g_set_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_SERVER,
               "PATCH /api/v4/%s/%s.json: the record keeps changing on the server", kinds[kind].collection, escaped);
  return FALSE;
}

static gboolean
patch_items (RosterApi     *api,
             RosterWorkKind kind,
             GArray        *items,
             gint64         value,
             guint         *moved,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      RosterPreviewItem *item = &g_array_index (items, RosterPreviewItem, i);
      g_autofree char *decimal = NULL;
      gboolean changed = FALSE;

      if (item->verdict != ROSTER_VERDICT_MOVES)
        continue;
      if (item->id_string == NULL)
        decimal = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);
      if (!move_one (api, kind, item->id_string ? item->id_string : decimal, value, &changed, cancellable, error))
        return FALSE;
      (*moved)++;
    }

  return TRUE;
}

/**
 * roster_compat_move_items:
 * @preview: the items; those whose verdict is to move are moved
 * @matters_to: the receiver of the matters, or 0 to leave them
 * @calendar_to: the calendar that receives the events, or 0
 * @moved: (out): the items the receivers hold now, also when it stops on
 *   an error
 *
 * Moves given items with PATCH, one by one: each is read first, left alone
 * when the server shows it with its receiver already, and moved with
 * If-Match on the etag just read. Nothing is judged again: for a whole
 * reassignment, roster_compat_reassign() does.
 */
gboolean
roster_compat_move_items (RosterApi           *api,
                          const RosterPreview *preview,
                          gint64               matters_to,
                          gint64               tasks_to,
                          gint64               calendar_to,
                          guint               *moved,
                          GCancellable        *cancellable,
                          GError             **error)
{
  *moved = 0;

  return (matters_to == 0 ||
          patch_items (api, ROSTER_WORK_MATTER, preview->matters, matters_to, moved, cancellable, error)) &&
         (tasks_to == 0 ||
          patch_items (api, ROSTER_WORK_TASK, preview->tasks, tasks_to, moved, cancellable, error)) &&
         (calendar_to == 0 ||
          patch_items (api, ROSTER_WORK_EVENT, preview->calendar_entries, calendar_to, moved, cancellable, error));
}

/**
 * roster_compat_receiving_calendar:
 *
 * Returns: the calendar of the user who is to receive events, or 0 with an
 *   error when the cache knows none
 */
gint64
roster_compat_receiving_calendar (RosterStore *store,
                                  gint64       user_id,
                                  GError     **error)
{
  g_autoptr(RosterUser) receiver = roster_store_get_user (store, user_id, error);
  gint64 calendar;

  if (receiver == NULL)
    return 0;
  calendar = roster_user_get_default_calendar_id (receiver);
  if (calendar == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "%s has no calendar to receive the events", roster_user_get_name (receiver));

  return calendar;
}
