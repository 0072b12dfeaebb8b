/* roster-fields.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-fields"

#include "config.h"

#include <string.h>

#include "roster-fields.h"
#include "roster-resource.h"

/*
 * The `fields=` parameter, as Clio's API has it: a comma-separated list of
 * the fields to return, where a nested record's fields go in braces, one
 * level deep: `id,name,matter{id,display_number}`. Without it a record is
 * its id and etag; a nested record named without braces is likewise. A
 * field the resource does not have is an error, never silently dropped.
 */

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
add_field (RosterFields  *fields,
           RosterResource resource,
           const char    *name,
           GPtrArray     *nested,
           gboolean       clio_only,
           GError       **error)
{
  const RosterField *field = roster_resource_field (resource, name);

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
  const char *p = text;

  fields->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, nested_names_free);
  fields->nested_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fields->order = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL || *text == '\0')
    {
      add_field (fields, resource, "id", NULL, FALSE, NULL);
      add_field (fields, resource, "etag", NULL, FALSE, NULL);
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

      if (!add_field (fields, resource, name, nested, clio_only, error))
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
