/* roster-fields.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-fields"

#include "config.h"

#include <string.h>

#include "roster-fields.h"

/*
 * The `fields=` parameter, as Clio's API has it: a comma-separated list of
 * the fields to return, where a nested record's fields go in braces, one
 * level deep: `id,name,matter{id,display_number}`. Without it a record is
 * its id and etag; a nested record named without braces is likewise. A
 * field the resource does not have is an error, never silently dropped.
 */

typedef struct
{
  const char        *name;
  const char *const *nested;     /* NULL for a plain field */
  gboolean           extension;  /* Roster's, not in Clio's API */
} FieldInfo;

static const char *const user_fields[] = {
  "id", "etag", "name", "first_name", "last_name", "initials", "email", "enabled", "account_owner",
  "roles", "subscription_type", "personal_injury_license", "time_zone", "default_calendar_id",
  "created_at", "updated_at", NULL
};
static const char *const matter_base_fields[] = {
  "id", "etag", "display_number", "description", "status", "open_date", "pending_date", "close_date",
  "created_at", "updated_at", NULL
};
static const char *const group_fields[] = { "id", "etag", "name", "type", NULL };
static const char *const participant_fields[] = {
  "id", "etag", "type", "identifier", "enabled", "name", "initials", NULL
};
static const char *const calendar_fields[] = { "id", "etag", "name", "type", "visible", NULL };
static const char *const attendee_fields[] = { "id", "etag", "type", "name", "enabled", "email", NULL };
static const char *const actor_fields[] = { "id", "name", NULL };

static const FieldInfo user_info[] = {
  { "id" }, { "etag" }, { "name" }, { "first_name" }, { "last_name" }, { "initials" }, { "email" },
  { "enabled" }, { "account_owner" }, { "roles" }, { "subscription_type" }, { "personal_injury_license", NULL, TRUE },
  { "time_zone" }, { "default_calendar_id" }, { "created_at" }, { "updated_at" }, { NULL }
};
static const FieldInfo matter_info[] = {
  { "id" }, { "etag" }, { "display_number" }, { "description" }, { "status" }, { "open_date" },
  { "pending_date" }, { "close_date" }, { "created_at" }, { "updated_at" },
  { "responsible_attorney", user_fields }, { "originating_attorney", user_fields },
  { "group", group_fields }, { NULL }
};
static const FieldInfo task_info[] = {
  { "id" }, { "etag" }, { "name" }, { "status" }, { "priority" }, { "due_at" }, { "permission" },
  { "completed_at" }, { "created_at" }, { "updated_at" },
  { "assignee", participant_fields }, { "matter", matter_base_fields }, { NULL }
};
static const FieldInfo entry_info[] = {
  { "id" }, { "etag" }, { "summary" }, { "description" }, { "location" }, { "start_at" }, { "end_at" },
  { "all_day" }, { "recurrence_rule" }, { "calendar_owner_id" }, { "hidden", NULL, TRUE }, { "created_at" },
  { "updated_at" }, { "calendar_owner", calendar_fields }, { "attendees", attendee_fields },
  { "matter", matter_base_fields }, { NULL }
};
static const FieldInfo notification_info[] = {
  { "id" }, { "etag" }, { "kind" }, { "subject" }, { "body" }, { "audit_event_id" }, { "created_at" },
  { "updated_at" }, { NULL }
};
static const FieldInfo audit_info[] = {
  { "id" }, { "etag" }, { "action" }, { "target_type" }, { "target_id" }, { "before" }, { "after" },
  { "created_at" }, { "updated_at" }, { "actor", actor_fields }, { NULL }
};
static const FieldInfo tombstone_info[] = {
  { "id" }, { "etag" }, { "resource" }, { "record_id" }, { "deleted_at" }, { "updated_at" }, { NULL }
};

static const FieldInfo *
resource_info (RosterResource resource)
{
  switch (resource)
    {
    case ROSTER_RESOURCE_USERS:
      return user_info;
    case ROSTER_RESOURCE_MATTERS:
      return matter_info;
    case ROSTER_RESOURCE_TASKS:
      return task_info;
    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      return entry_info;
    case ROSTER_RESOURCE_NOTIFICATIONS:
      return notification_info;
    case ROSTER_RESOURCE_AUDIT_EVENTS:
      return audit_info;
    case ROSTER_RESOURCE_DELETED_RECORDS:
      return tombstone_info;
    default:
      g_return_val_if_reached (NULL);
    }
}

struct _RosterFields
{
  /* field name → GPtrArray of nested names, or a NULL value for a plain
   * field or a nested record with its default fields */
  GHashTable *fields;
  GHashTable *nested_kind;  /* field name → the nested field list */
  GPtrArray  *order;        /* the names, in the order asked for */
};

static void
nested_names_free (gpointer names)
{
  if (names != NULL)
    g_ptr_array_unref (names);
}

void
roster_fields_free (RosterFields *fields)
{
  if (fields == NULL)
    return;

  g_hash_table_unref (fields->fields);
  g_hash_table_unref (fields->nested_kind);
  g_ptr_array_unref (fields->order);
  g_free (fields);
}

static const FieldInfo *
find_info (const FieldInfo *info,
           const char      *name)
{
  for (; info->name != NULL; info++)
    if (g_str_equal (info->name, name))
      return info;

  return NULL;
}

static gboolean
G_GNUC_PRINTF (2,
               3)
invalid (GError ** error,
         const char * format,
         ...)
{
  va_list args;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_FIELDS, format, args);
      va_end (args);
    }

  return FALSE;
}

static gboolean
add_field (RosterFields    *fields,
           const FieldInfo *info,
           const char      *name,
           GPtrArray       *nested,
           gboolean         clio_only,
           GError         **error)
{
  const FieldInfo *field = find_info (info, name);

  if (field == NULL || (clio_only && field->extension))
    return invalid (error, "Unknown field “%s”", name);

  if (nested != NULL)
    {
      if (field->nested == NULL)
        return invalid (error, "The field “%s” has no fields of its own", name);
      for (guint i = 0; i < nested->len; i++)
        if (!g_strv_contains (field->nested, g_ptr_array_index (nested, i)))
          return invalid (error, "Unknown nested field “%s”", (const char *) g_ptr_array_index (nested, i));
    }

  if (!g_hash_table_contains (fields->fields, name))
    g_ptr_array_add (fields->order, g_strdup (name));
  if (field->nested != NULL)
    g_hash_table_insert (fields->nested_kind, g_strdup (name), (gpointer) field->nested);
  g_hash_table_insert (fields->fields, g_strdup (name), nested ? g_ptr_array_ref (nested) : NULL);

  return TRUE;
}

RosterFields *
roster_fields_parse (RosterResource resource,
                     const char    *text,
                     gboolean       clio_only,
                     GError       **error)
{
  g_autoptr(RosterFields) fields = g_new0 (RosterFields, 1);
  const FieldInfo *info = resource_info (resource);
  const char *p = text;

  fields->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, nested_names_free);
  fields->nested_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fields->order = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL || *text == '\0')
    {
      add_field (fields, info, "id", NULL, FALSE, NULL);
      add_field (fields, info, "etag", NULL, FALSE, NULL);
      return g_steal_pointer (&fields);
    }

  if (strlen (text) > 4096)
    {
      invalid (error, "The field list is too long");
      return NULL;
    }

  while (*p != '\0')
    {
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) nested = NULL;
      const char *start = p;

      while (*p != '\0' && *p != ',' && *p != '{' && *p != '}')
        p++;
      name = g_strstrip (g_strndup (start, p - start));
      if (*name == '\0')
        {
          invalid (error, "An empty field in “%s”", text);
          return NULL;
        }

      if (*p == '{')
        {
          nested = g_ptr_array_new_with_free_func (g_free);
          p++;
          for (;;)
            {
              const char *nested_start = p;
              char *nested_name;

              while (*p != '\0' && *p != ',' && *p != '}' && *p != '{')
                p++;
              if (*p == '\0' || *p == '{')
                {
                  invalid (error, "Nested fields go one level deep, in closed braces: “%s”", text);
                  return NULL;
                }
              nested_name = g_strstrip (g_strndup (nested_start, p - nested_start));
              if (*nested_name == '\0')
                {
                  g_free (nested_name);
                  invalid (error, "An empty nested field in “%s”", text);
                  return NULL;
                }
              g_ptr_array_add (nested, nested_name);
              if (*p++ == '}')
                break;
            }
        }
      else if (*p == '}')
        {
          invalid (error, "An unopened brace in “%s”", text);
          return NULL;
        }

      if (!add_field (fields, info, name, nested, clio_only, error))
        return NULL;

      if (*p == ',')
        {
          p++;
          if (*p == '\0')
            {
              invalid (error, "A trailing comma in “%s”", text);
              return NULL;
            }
        }
      else if (*p != '\0')
        {
          invalid (error, "Expected a comma in “%s”", text);
          return NULL;
        }
    }

  return g_steal_pointer (&fields);
}

static JsonObject *
project_nested (JsonObject *object,
                GPtrArray  *names)
{
  JsonObject *projected = json_object_new ();

  if (names == NULL)
    {
      /* A nested record without braces: its id and etag. */
      if (json_object_has_member (object, "id"))
        json_object_set_member (projected, "id", json_node_copy (json_object_get_member (object, "id")));
      if (json_object_has_member (object, "etag"))
        json_object_set_member (projected, "etag", json_node_copy (json_object_get_member (object, "etag")));
      return projected;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *member = json_object_get_member (object, name);

      if (member != NULL)
        json_object_set_member (projected, name, json_node_copy (member));
    }

  return projected;
}

JsonObject *
roster_fields_apply (RosterFields *fields,
                     JsonObject   *record)
{
  JsonObject *projected = json_object_new ();

  for (guint f = 0; f < fields->order->len; f++)
    {
      const char *name = g_ptr_array_index (fields->order, f);
      gpointer value = g_hash_table_lookup (fields->fields, name);
      JsonNode *member = json_object_get_member (record, name);

      if (member == NULL)
        continue;

      if (!g_hash_table_contains (fields->nested_kind, name) || JSON_NODE_HOLDS_NULL (member))
        json_object_set_member (projected, name, json_node_copy (member));
      else if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *items = json_node_get_array (member);
          JsonArray *projected_items = json_array_new ();

          for (guint i = 0; i < json_array_get_length (items); i++)
            json_array_add_object_element (projected_items,
                                           project_nested (json_array_get_object_element (items, i), value));
          json_object_set_array_member (projected, name, projected_items);
        }
      else if (JSON_NODE_HOLDS_OBJECT (member))
        json_object_set_object_member (projected, name, project_nested (json_node_get_object (member), value));
    }

  return projected;
}
