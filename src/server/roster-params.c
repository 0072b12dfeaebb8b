/* roster-params.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-params"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "roster-params.h"
#include "roster-query.h"
#include "roster-resource.h"
#include "roster-time.h"

/*
 * The query parameters of the lists, as Clio's published description
 * defines them for each path. Every parameter the description defines is
 * either honoured or refused with 400 invalid_parameter, naming it and
 * saying why: a filter on something Roster's firms do not keep (clients,
 * grants, custom fields…) is never answered as if nothing matched, nor
 * ignored. An enumerated parameter takes one of its values (any case). A
 * parameter the description does not define is refused too, but for
 * Roster's own (extension) parameters on a server that is not in
 * --clio-only mode.
 */

#define MAX_IDS 1000

/* The description's parameters ---------------------------------------------- */

typedef enum
{
  KIND_BOOLEAN,          /* true or false: an int */
  KIND_ID,               /* a positive id: a gint64 */
  KIND_ID_FILTER,        /* a positive id: a RosterIdFilter */
  KIND_ID_OR_NULL,       /* a positive id or the keyword null: a RosterIdFilter */
  KIND_IDS,              /* ids[]=1&ids[]=2: a GPtrArray of text */
  KIND_TEXT,             /* a string */
  KIND_TIME,             /* an ISO 8601 time, normalized */
  KIND_DATE,             /* YYYY-MM-DD */
  KIND_ENUM,             /* one of the allowed values, as the description spells it */
  KIND_ENUMS,            /* allowed values, given again or comma-separated: a GPtrArray */
  KIND_DATE_CONDITIONS,  /* open_date[]=>=2026-01-01: RosterDateConditions */
  KIND_LIMIT,
  KIND_ORDER,
  KIND_PAGE_TOKEN,
  KIND_FIELDS,
} ParamKind;

typedef enum
{
  HONOURED,
  REFUSED,               /* defined by Clio, not served by Roster: why says why */
  EXTENSION,             /* Roster's own: unknown in --clio-only mode */
} ParamSupport;

typedef struct
{
  const char        *name;      /* as the description spells it */
  ParamKind          kind;
  ParamSupport       support;
  gsize              offset;    /* where the value goes in a RosterListQuery */
  const char *const *allowed;   /* KIND_ENUM, KIND_ENUMS, KIND_ORDER */
  const char        *detail;    /* REFUSED: why; KIND_DATE_CONDITIONS: the column; KIND_ENUMS: "," when comma-separated */
} ParamInfo;

#define AT(member) G_STRUCT_OFFSET (RosterListQuery, member)
#define COMMON(updated) \
  { "fields", KIND_FIELDS, HONOURED, 0, NULL, NULL }, \
  { "limit", KIND_LIMIT, HONOURED, 0, NULL, NULL }, \
  { "page_token", KIND_PAGE_TOKEN, HONOURED, 0, NULL, NULL }, \
  { "updated_since", KIND_TIME, updated, AT (updated_since), NULL, NULL }
#define END { NULL, KIND_TEXT, HONOURED, 0, NULL, NULL }

static const char *const id_orders[] = { "id(asc)", "id(desc)", NULL };
static const char *const user_orders[] = {
  "email(asc)", "email(desc)", "enabled(asc)", "enabled(desc)", "id(asc)", "id(desc)", "name(asc)", "name(desc)",
  "first_name(asc)", "first_name(desc)", "last_name(asc)", "last_name(desc)", "initials(asc)", "initials(desc)",
  "subscription_type(asc)", "subscription_type(desc)", NULL
};
static const char *const roles[] = { "admin", "accounts", "billing", "reports", NULL };
static const char *const subscription_types[] = { "attorney", "nonattorney", NULL };

static const char *const matter_orders[] = {
  "display_number(asc)", "display_number(desc)", "custom_number(asc)", "custom_number(desc)", "id(asc)",
  "id(desc)", "client.name(asc)", "client.name(desc)", "open_date(asc)", "open_date(desc)",
  "practice_area.name(asc)", "practice_area.name(desc)", "matter_stage.name(asc)", "matter_stage.name(desc)",
  "responsible_attorney.name(asc)", "responsible_attorney.name(desc)", "close_date(asc)", "close_date(desc)",
  "pending_date(asc)", "pending_date(desc)", "updated_at(asc)", "updated_at(desc)", "created_at(asc)",
  "created_at(desc)", "statute_of_limitations.due_at(asc)", "statute_of_limitations.due_at(desc)",
  "originating_attorney.name(asc)", "originating_attorney.name(desc)", "grants(asc)", "grants(desc)",
  "matter_stage_updated_at(asc)", "matter_stage_updated_at(desc)", NULL
};
static const char *const matter_statuses[] = { "open", "closed", "pending", NULL };

static const char *const task_orders[] = {
  "name(asc)", "name(desc)", "task_type.name(asc)", "task_type.name(desc)", "id(asc)", "id(desc)",
  "priority(asc)", "priority(desc)", "matter.display_number(asc)", "matter.display_number(desc)",
  "due_at(asc)", "due_at(desc)", "due_at_strict(asc)", "due_at_strict(desc)", "completed_at(asc)",
  "completed_at(desc)", NULL
};
static const char *const assignee_types[] = { "user", "contact", NULL };
static const char *const permissions[] = { "private", "public", NULL };
static const char *const priorities[] = { "high", "normal", "low", NULL };
static const char *const task_statuses[] = { "pending", "in_progress", "in_review", "complete", NULL };
static const char *const sources[] = { "web", "mobile", NULL };

#define NO_CLIENTS "Roster's firms keep no clients (contacts of matters)"
#define NO_SUBSCRIBERS "Roster's firms keep no notification event subscribers"

static const ParamInfo user_params[] = {
  COMMON (HONOURED),
  { "created_since", KIND_TIME, HONOURED, AT (created_since), NULL, NULL },
  { "enabled", KIND_BOOLEAN, HONOURED, AT (enabled), NULL, NULL },
  { "ids[]", KIND_IDS, HONOURED, AT (ids), NULL, NULL },
  { "include_co_counsel", KIND_BOOLEAN, REFUSED, 0, NULL, "Roster's firms have no co-counsel users" },
  { "name", KIND_TEXT, HONOURED, AT (name), NULL, NULL },
  { "order", KIND_ORDER, HONOURED, 0, user_orders, NULL },
  { "pending_setup", KIND_BOOLEAN, HONOURED, AT (pending_setup), NULL, NULL },
  { "role", KIND_ENUM, HONOURED, AT (role), roles, NULL },
  { "subscription_type", KIND_ENUM, HONOURED, AT (subscription_type), subscription_types, NULL },
  END
};

static const ParamInfo matter_params[] = {
  COMMON (HONOURED),
  { "billable", KIND_BOOLEAN, REFUSED, 0, NULL, "Roster's matters keep no billing" },
  { "client_id", KIND_ID, REFUSED, 0, NULL, NO_CLIENTS },
  { "close_date[]", KIND_DATE_CONDITIONS, HONOURED, 0, NULL, "close_date" },
  { "created_since", KIND_TIME, HONOURED, AT (created_since), NULL, NULL },
  { "custom_field_ids[]", KIND_IDS, REFUSED, 0, NULL, "Roster's firms keep no custom fields" },
  { "custom_field_values", KIND_TEXT, REFUSED, 0, NULL, "Roster's firms keep no custom fields" },
  { "grant_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, "Roster's firms keep no grants" },
  { "group_id", KIND_ID, HONOURED, AT (group_id), NULL, NULL },
  { "ids[]", KIND_IDS, HONOURED, AT (ids), NULL, NULL },
  { "notification_event_subscriber_user_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, NO_SUBSCRIBERS },
  { "open_date[]", KIND_DATE_CONDITIONS, HONOURED, 0, NULL, "open_date" },
  { "order", KIND_ORDER, HONOURED, 0, matter_orders, NULL },
  { "originating_attorney_id", KIND_ID_OR_NULL, HONOURED, AT (originating_attorney), NULL, NULL },
  { "pending_date[]", KIND_DATE_CONDITIONS, HONOURED, 0, NULL, "pending_date" },
  { "practice_area_id", KIND_ID, REFUSED, 0, NULL, "Roster's firms keep no practice areas" },
  { "query", KIND_TEXT, HONOURED, AT (search), NULL, NULL },
  { "responsible_attorney_id", KIND_ID_OR_NULL, HONOURED, AT (responsible_attorney), NULL, NULL },
  { "responsible_staff_id", KIND_ID_OR_NULL, REFUSED, 0, NULL,
    "Roster's matters have a responsible attorney and no responsible staff" },
  { "status", KIND_ENUMS, HONOURED, AT (statuses), matter_statuses, "," },
  { "subscriber_user_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, NO_SUBSCRIBERS },
  END
};

static const ParamInfo task_params[] = {
  COMMON (HONOURED),
  { "assignee_id", KIND_ID_OR_NULL, HONOURED, AT (assignee), NULL, NULL },
  { "assignee_type", KIND_ENUM, HONOURED, AT (assignee_type), assignee_types, NULL },
  { "assigner_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, "Roster does not record who assigned a task" },
  { "cascading_source_id", KIND_ID, REFUSED, 0, NULL, "Roster's tasks have no parent tasks" },
  { "client_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, NO_CLIENTS },
  { "complete", KIND_BOOLEAN, HONOURED, AT (complete), NULL, NULL },
  { "created_since", KIND_TIME, HONOURED, AT (created_since), NULL, NULL },
  { "due_at_from", KIND_DATE, HONOURED, AT (due_from), NULL, NULL },
  { "due_at_present", KIND_BOOLEAN, HONOURED, AT (due_present), NULL, NULL },
  { "due_at_to", KIND_DATE, HONOURED, AT (due_to), NULL, NULL },
  { "ids[]", KIND_IDS, HONOURED, AT (ids), NULL, NULL },
  { "matter_id", KIND_ID_OR_NULL, HONOURED, AT (matter), NULL, NULL },
  { "order", KIND_ORDER, HONOURED, 0, task_orders, NULL },
  { "permission", KIND_ENUM, HONOURED, AT (permission), permissions, NULL },
  { "priority", KIND_ENUM, HONOURED, AT (priority), priorities, NULL },
  { "query", KIND_TEXT, HONOURED, AT (search), NULL, NULL },
  { "responsible_attorney_id", KIND_ID_FILTER, HONOURED, AT (responsible_attorney), NULL, NULL },
  { "status", KIND_ENUMS, HONOURED, AT (statuses), task_statuses, NULL },
  { "statuses[]", KIND_ENUMS, HONOURED, AT (statuses), task_statuses, NULL },
  { "statute_of_limitations", KIND_BOOLEAN, REFUSED, 0, NULL, "Roster keeps no statutes of limitations" },
  { "task_type_id", KIND_ID_OR_NULL, REFUSED, 0, NULL, "Roster's firms keep no task types" },
  { "time_entries_present", KIND_BOOLEAN, REFUSED, 0, NULL, "Roster's firms keep no time entries" },
  END
};

static const ParamInfo entry_params[] = {
  COMMON (HONOURED),
  { "calendar_id", KIND_ID, HONOURED, AT (calendar_id), NULL, NULL },
  { "created_since", KIND_TIME, HONOURED, AT (created_since), NULL, NULL },
  { "expanded", KIND_BOOLEAN, REFUSED, 0, NULL, "this server does not expand recurring entries into occurrences" },
  { "external_property_name", KIND_TEXT, REFUSED, 0, NULL, "Roster's firms keep no external properties" },
  { "external_property_value", KIND_TEXT, REFUSED, 0, NULL, "Roster's firms keep no external properties" },
  { "from", KIND_TIME, HONOURED, AT (from), NULL, NULL },
  { "has_court_rule", KIND_BOOLEAN, REFUSED, 0, NULL, "Roster's firms keep no court rules" },
  { "ids[]", KIND_IDS, HONOURED, AT (ids), NULL, NULL },
  { "is_all_day", KIND_BOOLEAN, HONOURED, AT (all_day), NULL, NULL },
  { "matter_id", KIND_ID_OR_NULL, HONOURED, AT (matter), NULL, NULL },
  { "owner_entries_across_all_users", KIND_BOOLEAN, REFUSED, 0, NULL,
    "every user's entries are listed already: Roster's lists are not limited to the signed-in user's calendars" },
  { "query", KIND_TEXT, HONOURED, AT (search), NULL, NULL },
  { "source", KIND_ENUM, REFUSED, 0, sources, "a calendar's visibility is the same from every source" },
  { "to", KIND_TIME, HONOURED, AT (to), NULL, NULL },
  { "visible", KIND_BOOLEAN, HONOURED, AT (visible), NULL, NULL },
  /* Roster's own: the entries of deactivated users, and the order the
   * sync has always sent (Clio's description defines no order here). */
  { "include_hidden", KIND_BOOLEAN, EXTENSION, AT (include_hidden), NULL, NULL },
  { "order", KIND_ORDER, EXTENSION, 0, id_orders, NULL },
  END
};

/* Roster's own lists, which a --clio-only server does not have. */
static const ParamInfo extension_params[] = {
  COMMON (HONOURED),
  { "order", KIND_ORDER, HONOURED, 0, id_orders, NULL },
  { "since", KIND_TIME, HONOURED, AT (updated_since), NULL, NULL },
  END
};

static const ParamInfo *
resource_params (RosterResource resource)
{
  switch (resource)
    {
    case ROSTER_RESOURCE_USERS:
      return user_params;
    case ROSTER_RESOURCE_MATTERS:
      return matter_params;
    case ROSTER_RESOURCE_TASKS:
      return task_params;
    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      return entry_params;
    case ROSTER_RESOURCE_NOTIFICATIONS:
    case ROSTER_RESOURCE_AUDIT_EVENTS:
    case ROSTER_RESOURCE_DELETED_RECORDS:
    default:
      return extension_params;
    }
}

/* The parameter a name stands for: as the description spells it, or an
 * element of it (custom_field_values[12]), or a date condition without
 * its brackets (close_date==2026-01-01, as the description's examples). */
static const ParamInfo *
find_param (const ParamInfo *params,
            const char      *name,
            gboolean         clio_only)
{
  g_autofree char *base = NULL;
  g_autofree char *bracketed = NULL;
  const char *bracket = strchr (name, '[');

  base = bracket ? g_strndup (name, bracket - name) : g_strdup (name);
  bracketed = g_strconcat (base, "[]", NULL);

  for (const ParamInfo *param = params; param->name != NULL; param++)
    {
      if (clio_only && param->support == EXTENSION)
        continue;
      if (g_str_equal (param->name, name) ||
          (bracket != NULL && g_str_equal (param->name, base)) ||
          (bracket == NULL && param->kind == KIND_DATE_CONDITIONS && g_str_equal (param->name, bracketed)))
        return param;
    }

  return NULL;
}

static gboolean invalid (GError    **error,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_PARAMETER, format, args);
      va_end (args);
    }

  return FALSE;
}

static gboolean
invalid_value (GError    **error,
               const char *name,
               const char *value)
{
  return invalid (error, "The parameter %s has an invalid value “%s”", name, value);
}

static char *
describe_allowed (const char *const *allowed)
{
  g_autofree char *joined = g_strjoinv (", ", (char **) allowed);

  return g_steal_pointer (&joined);
}

/* One of the allowed values, in any case. */
static const char *
match_allowed (const ParamInfo *param,
               const char      *value,
               GError         **error)
{
  g_autofree char *allowed = NULL;

  for (guint i = 0; param->allowed[i] != NULL; i++)
    if (g_ascii_strcasecmp (param->allowed[i], value) == 0)
      return param->allowed[i];

  allowed = describe_allowed (param->allowed);
  invalid (error, "The parameter %s is one of %s, not “%s”", param->name, allowed, value);
  return NULL;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

static void
store_values (GPtrArray **slot,
              GPtrArray  *values)
{
  if (*slot == NULL)
    {
      *slot = g_ptr_array_ref (values);
      return;
    }

  for (guint i = (*slot)->len; i > 0; i--)
    if (!g_ptr_array_find_with_equal_func (values, g_ptr_array_index (*slot, i - 1), g_str_equal, NULL))
      g_ptr_array_remove_index (*slot, i - 1);
}

static gboolean
parse_date_condition (const ParamInfo *param,
                      const char      *value,
                      RosterListQuery *list,
                      GError         **error)
{
  static const char *const operators[] = { "<=", ">=", "<", ">", "=", NULL };
  g_autoptr(GDate) date = NULL;
  RosterDateCondition condition = { param->detail, NULL, NULL };

  for (guint i = 0; operators[i] != NULL; i++)
    if (g_str_has_prefix (value, operators[i]))
      {
        condition.op = operators[i];
        break;
      }

  if (condition.op == NULL || (date = roster_date_parse (value + strlen (condition.op))) == NULL)
    return invalid (error, "The parameter %s is an operator (=, <, <=, >, >=) and a date YYYY-MM-DD, not “%s”",
                    param->name, value);

  condition.date = g_strdup (value + strlen (condition.op));
  g_array_append_val (list->dates, condition);
  return TRUE;
}

/* Reads one value of a parameter into the list query. */
static gboolean
parse_value (RosterResource   resource,
             const ParamInfo *param,
             const char      *value,
             RosterListQuery *list,
             GError         **error)
{
  gpointer slot = G_STRUCT_MEMBER_P (list, param->offset);

  switch (param->kind)
    {
    case KIND_BOOLEAN:
      if (g_str_equal (value, "true"))
        *(int *) slot = 1;
      else if (g_str_equal (value, "false"))
        *(int *) slot = 0;
      else
        return invalid (error, "The parameter %s is true or false, not “%s”", param->name, value);
      return TRUE;

    case KIND_ID:
      if (!parse_id (value, (gint64 *) slot))
        return invalid_value (error, param->name, value);
      return TRUE;

    case KIND_ID_FILTER:
    case KIND_ID_OR_NULL:
      {
        RosterIdFilter *filter = slot;

        filter->set = TRUE;
        if (param->kind == KIND_ID_OR_NULL && g_str_equal (value, "null"))
          filter->is_null = TRUE;
        else if (!parse_id (value, &filter->id))
          return invalid_value (error, param->name, value);
        return TRUE;
      }

    case KIND_IDS:
      {
        GPtrArray **ids = slot;
        gint64 id;

        /* A calendar entry's id is a string (Clio's description types it
         * so, though it types ids[] as numbers): any id is asked for. */
        if (resource == ROSTER_RESOURCE_CALENDAR_ENTRIES ? strlen (value) > 200 : !parse_id (value, &id))
          return invalid_value (error, param->name, value);
        if (*ids == NULL)
          *ids = g_ptr_array_new_with_free_func (g_free);
        if ((*ids)->len >= MAX_IDS)
          return invalid (error, "The parameter %s is given %d times at most", param->name, MAX_IDS);
        g_ptr_array_add (*ids, g_strdup (value));
        return TRUE;
      }

    case KIND_TEXT:
      if (strlen (value) > 1000)
        return invalid (error, "The parameter %s is too long", param->name);
      g_free (*(char **) slot);
      *(char **) slot = g_strdup (value);
      return TRUE;

    case KIND_TIME:
      g_free (*(char **) slot);
      if ((*(char **) slot = roster_time_normalize_iso (value)) == NULL)
        return invalid (error, "The parameter %s is an ISO 8601 time, not “%s”", param->name, value);
      return TRUE;

    case KIND_DATE:
      {
        g_autoptr(GDate) date = roster_date_parse (value);

        if (date == NULL)
          return invalid (error, "The parameter %s is a date YYYY-MM-DD, not “%s”", param->name, value);
        g_free (*(char **) slot);
        *(char **) slot = g_strdup (value);
        return TRUE;
      }

    case KIND_ENUM:
      {
        const char *allowed = match_allowed (param, value, error);

        if (allowed == NULL)
          return FALSE;
        g_free (*(char **) slot);
        *(char **) slot = g_strdup (allowed);
        return TRUE;
      }

    case KIND_DATE_CONDITIONS:
      return parse_date_condition (param, value, list, error);

    case KIND_ENUMS:
    case KIND_LIMIT:
    case KIND_ORDER:
    case KIND_PAGE_TOKEN:
    case KIND_FIELDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* An enumeration's values, given again or comma-separated, added to those
 * the parameter had already. */
static gboolean
parse_values (const ParamInfo *param,
              const char      *value,
              GHashTable      *values_of,
              GError         **error)
{
  GPtrArray *values = g_hash_table_lookup (values_of, param);
  g_auto(GStrv) parts = NULL;

  if (param->detail != NULL)
    parts = g_strsplit (value, param->detail, -1);
  else
    parts = g_strdupv ((char *[]) { (char *) value, NULL });

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (values_of, (gpointer) param, values);
    }

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *allowed = match_allowed (param, g_strstrip (parts[i]), error);

      if (allowed == NULL)
        return FALSE;
      g_ptr_array_add (values, g_strdup (allowed));
    }

  return TRUE;
}

/* Page tokens ----------------------------------------------------------------- */

static char *
base64url_encode (const char *plain)
{
  char *token = g_base64_encode ((const guchar *) plain, strlen (plain));

  for (char *p = token; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }

  return token;
}

static char *
base64url_decode (const char *token)
{
  g_autoptr(GString) padded = g_string_new (token);
  g_autofree guchar *plain = NULL;
  gsize length = 0;

  for (char *p = padded->str; *p; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p))
        return NULL;
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  plain = g_base64_decode (padded->str, &length);
  if (plain == NULL || memchr (plain, '\0', length) != NULL)
    return NULL;

  return g_strndup ((const char *) plain, length);
}

/* 128 bits of HMAC-SHA-256, in hex. */
static char *
sign_token (const char *encoded,
            GBytes     *page_key)
{
  gsize key_length = 0;
  const guchar *key = g_bytes_get_data (page_key, &key_length);
  g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, key_length, encoded, -1);

  return g_strndup (mac, 32);
}

static const char *
order_name (const RosterListQuery *list)
{
  return list->descending ? "desc" : "asc";
}

/**
 * roster_params_page_token:
 *
 * The cursor, opaque to clients: "v1:<last id>:<total>" in id order;
 * "v2:<order>:<last id>:<total>:<key type>:<key>" in any other, both in
 * base64url, then "." and its signature: a client that makes up a token
 * (to be told a total of 999999, or to start after a row of its choice)
 * is refused.
 */
char *
roster_params_page_token (const RosterListQuery *list,
                          const RosterCursor    *next,
                          gint64                 total,
                          GBytes                *page_key)
{
  g_autofree char *encoded = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *plain = NULL;

  if (next->key_type == 0)
    plain = g_strdup_printf ("v1:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, next->after_id, total);
  else
    {
      g_autofree char *key = base64url_encode (next->key ? next->key : "");

      plain = g_strdup_printf ("v2:%s(%s):%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%c:%s",
                               list->order, order_name (list), next->after_id, total,
                               next->key_type == SQLITE_INTEGER ? 'i' : next->key_type == SQLITE_NULL ? 'n' : 't',
                               key);
    }

  encoded = base64url_encode (plain);
  signature = sign_token (encoded, page_key);
  return g_strconcat (encoded, ".", signature, NULL);
}

static gboolean
decode_page_token (const char      *token,
                   GBytes          *page_key,
                   RosterListQuery *list,
                   gint64          *total)
{
  g_autofree char *text = NULL;
  g_autofree char *order = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) parts = NULL;
  const char *dot = strrchr (token, '.');
  guint8 difference = 0;

  if (strlen (token) > 1000 || dot == NULL)
    return FALSE;

  encoded = g_strndup (token, dot - token);
  expected = sign_token (encoded, page_key);
  if (strlen (dot + 1) != strlen (expected))
    return FALSE;
  /* Compared in full whatever differs, so that the time taken tells nothing. */
  for (gsize i = 0; expected[i] != '\0'; i++)
    difference |= expected[i] ^ dot[1 + i];
  if (difference != 0 || (text = base64url_decode (encoded)) == NULL)
    return FALSE;

  parts = g_strsplit (text, ":", 6);
  if (g_strv_length (parts) == 3 && g_str_equal (parts[0], "v1"))
    return list->order == NULL &&
           parse_id (parts[1], &list->cursor.after_id) &&
           g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, total, NULL);

  /* A cursor in one order is no cursor in another. */
  order = g_strdup_printf ("%s(%s)", list->order ? list->order : "", order_name (list));
  if (g_strv_length (parts) != 6 || !g_str_equal (parts[0], "v2") || list->order == NULL ||
      !g_str_equal (parts[1], order) || !parse_id (parts[2], &list->cursor.after_id) ||
      !g_ascii_string_to_signed (parts[3], 10, 0, G_MAXINT64, total, NULL))
    return FALSE;

  if (g_str_equal (parts[4], "n"))
    list->cursor.key_type = SQLITE_NULL;
  else if (g_str_equal (parts[4], "i") || g_str_equal (parts[4], "t"))
    {
      list->cursor.key_type = g_str_equal (parts[4], "i") ? SQLITE_INTEGER : SQLITE_TEXT;
      list->cursor.key = base64url_decode (parts[5]);
      if (list->cursor.key == NULL)
        return FALSE;
    }
  else
    return FALSE;

  return TRUE;
}

/* The list's parameters ------------------------------------------------------- */

static gboolean
parse_order (RosterResource   resource,
             const ParamInfo *param,
             const char      *value,
             RosterListQuery *list,
             GError         **error)
{
  const char *allowed = match_allowed (param, value, error);
  const char *open;

  if (allowed == NULL)
    return FALSE;

  open = strchr (allowed, '(');
  g_free (list->order);
  list->order = g_strndup (allowed, open - allowed);
  list->descending = g_str_equal (open, "(desc)");

  if (!roster_firm_sorts_by (resource, list->order))
    {
      g_autofree char *keys = roster_firm_describe_sort_keys (resource);

      return invalid (error, "The parameter order is not supported as %s: this server orders %s by %s",
                      allowed, roster_resource_info (resource)->plural, keys);
    }

  /* Ordered by id is the order of old, without a key in its cursor. */
  if (g_str_equal (list->order, "id"))
    g_clear_pointer (&list->order, g_free);

  return TRUE;
}

static gboolean
is_repeatable (const ParamInfo *param)
{
  return param->kind == KIND_IDS || param->kind == KIND_DATE_CONDITIONS ||
         (param->kind == KIND_ENUMS && g_str_has_suffix (param->name, "[]"));
}

/**
 * roster_params_largest_page:
 *
 * Clio's description: users come 2,000 a page (its default and its
 * largest), every other list 200. A sync's users then arrive in one
 * request in most firms.
 *
 * Returns: the most records a page of the list holds, and its default
 */
int
roster_params_largest_page (RosterResource resource)
{
  return resource == ROSTER_RESOURCE_USERS ? 2000 : 200;
}

/**
 * roster_params_parse_list:
 * @token_total: (out): the total the page token carries, when there is one
 *
 * Checks every parameter of a list request against the description's and
 * fills @list, initialized by the caller. `fields` is left to
 * roster_fields_parse().
 */
gboolean
roster_params_parse_list (RosterResource   resource,
                          RosterQuery     *query,
                          gboolean         clio_only,
                          GBytes          *page_key,
                          RosterListQuery *list,
                          gint64          *token_total,
                          GError         **error)
{
  const ParamInfo *params = resource_params (resource);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) values_of = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                           (GDestroyNotify) g_ptr_array_unref);
  const char *token = NULL;

  list->limit = roster_params_largest_page (resource);
  for (guint i = 0; i < roster_query_get_length (query); i++)
    {
      const char *name = roster_query_get_name (query, i);
      const char *value = roster_query_get_value (query, i);
      const ParamInfo *param = find_param (params, name, clio_only);

      if (param == NULL)
        return invalid (error, "Unknown parameter %s: this server's list of %s does not take it",
                        name, roster_resource_info (resource)->plural);

      if (g_hash_table_contains (seen, param) && !is_repeatable (param))
        return invalid (error, "The parameter %s is given more than once", param->name);
      g_hash_table_add (seen, (gpointer) param);

      if (param->kind == KIND_FIELDS)
        continue;

      if (*value == '\0')
        return invalid (error, "The parameter %s has no value", param->name);

      /* An enumeration is checked before it is refused, so that the
       * message says what it takes. */
      if (param->support == REFUSED)
        {
          if (param->kind == KIND_ENUM && match_allowed (param, value, error) == NULL)
            return FALSE;
          return invalid (error, "The parameter %s is not supported: %s", param->name, param->detail);
        }

      switch (param->kind)
        {
        case KIND_LIMIT:
          {
            gint64 limit;

            /* A larger limit than the list's pages is served as its
             * largest pages, as Clio does. */
            if (!parse_id (value, &limit))
              return invalid_value (error, param->name, value);
            list->limit = (int) MIN (limit, roster_params_largest_page (resource));
            break;
          }

        case KIND_ORDER:
          if (!parse_order (resource, param, value, list, error))
            return FALSE;
          break;

        case KIND_PAGE_TOKEN:
          token = value;
          break;

        case KIND_ENUMS:
          if (!parse_values (param, value, values_of, error))
            return FALSE;
          break;

        case KIND_BOOLEAN:
        case KIND_ID:
        case KIND_ID_FILTER:
        case KIND_ID_OR_NULL:
        case KIND_IDS:
        case KIND_TEXT:
        case KIND_TIME:
        case KIND_DATE:
        case KIND_ENUM:
        case KIND_DATE_CONDITIONS:
        case KIND_FIELDS:
        default:
          if (!parse_value (resource, param, value, list, error))
            return FALSE;
          break;
        }
    }

  /* Two parameters on one set of values (a task's status and statuses[])
   * keep what both allow. */
  for (const ParamInfo *param = params; param->name != NULL; param++)
    if (g_hash_table_contains (values_of, param))
      store_values (G_STRUCT_MEMBER_P (list, param->offset), g_hash_table_lookup (values_of, param));

  /* A task's assignee is a user or a contact, whose ids may be alike. */
  if (list->assignee.set && !list->assignee.is_null && list->assignee_type == NULL)
    return invalid (error, "The parameter assignee_type (user or contact) goes with assignee_id");

  /* The token is read last: it holds a cursor in the order asked for. */
  if (token != NULL && !decode_page_token (token, page_key, list, token_total))
    return invalid_value (error, "page_token", token);

  return TRUE;
}

/**
 * roster_params_check_only:
 * @names: the parameters the request takes, NULL-terminated
 *
 * For a request on one record, which takes `fields` and nothing else.
 */
gboolean
roster_params_check_only (RosterQuery       *query,
                          const char *const *names,
                          GError           **error)
{
  for (guint i = 0; i < roster_query_get_length (query); i++)
    {
      const char *name = roster_query_get_name (query, i);

      if (!g_strv_contains (names, name))
        return invalid (error, "Unknown parameter %s: this request does not take it", name);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (roster_query_get_name (query, j), name))
          return invalid (error, "The parameter %s is given more than once", name);
    }

  return TRUE;
}
