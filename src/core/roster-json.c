/* roster-json.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-json"

#include "config.h"

#include "roster-json.h"

G_DEFINE_QUARK (roster-json-error-quark, roster_json_error)

JsonNode *
roster_json_parse (const char *data,
                   gsize length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data ? data : "", length, error))
    {
      g_prefix_error (error, "The server's answer is not JSON: ");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_INVALID, "The server's answer is empty");
      return NULL;
    }

  return json_node_ref (root);
}

JsonObject *
roster_json_object (JsonNode *root,
                    GError  **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE,
                           "The server's answer is not a JSON object");
      return NULL;
    }

  return json_node_get_object (root);
}

static JsonNode *
member (JsonObject *object,
        const char *name,
        GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_set_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_MISSING, "The member “%s” is missing", name);

  return node;
}

static gboolean
wrong_type (GError    **error,
            const char *name,
            const char *expected)
{
  g_set_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE, "The member “%s” is not %s", name, expected);
  return FALSE;
}

/* An id: a positive integer, or a string of digits (Clio types a calendar
 * entry's id as a string). */
gboolean
roster_json_get_id (JsonObject *object,
                    const char *name,
                    gint64     *value,
                    GError    **error)
{
  JsonNode *node = member (object, name, error);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, 1, G_MAXINT64, value, NULL))
        return wrong_type (error, name, "an id");
    }
  else
    return wrong_type (error, name, "an id");

  if (*value <= 0)
    return wrong_type (error, name, "a positive id");

  return TRUE;
}

gboolean
roster_json_get_string (JsonObject *object,
                        const char *name,
                        gboolean    nullable,
                        char      **value,
                        GError    **error)
{
  JsonNode *node = member (object, name, error);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      *value = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (error, name, nullable ? "a string or null" : "a string");

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* An optional boolean keeps *value when the member is absent: the API's
 * extensions are absent from a server that offers only Clio's API. */
gboolean
roster_json_get_boolean (JsonObject *object,
                         const char *name,
                         gboolean    optional,
                         gboolean   *value,
                         GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (optional)
        return TRUE;
      g_set_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_MISSING, "The member “%s” is missing", name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (error, name, "true or false");

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A nested record's id, or 0 when the member is null. */
gboolean
roster_json_get_nested_id (JsonObject *object,
                           const char *name,
                           gint64     *value,
                           GError    **error)
{
  JsonNode *node = member (object, name, error);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, name, "a record or null");

  if (!roster_json_get_id (json_node_get_object (node), "id", value, error))
    {
      g_prefix_error (error, "In “%s”: ", name);
      return FALSE;
    }

  return TRUE;
}

/* A number inside a nested record: `licenses.total` is (object, "licenses", "total"). */
gboolean
roster_json_get_nested_int (JsonObject *object,
                            const char *record,
                            const char *name,
                            gint64     *value,
                            GError    **error)
{
  JsonNode *node = member (object, record, error);
  JsonNode *inner;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, record, "a record");

  inner = member (json_node_get_object (node), name, error);
  if (inner == NULL)
    {
      g_prefix_error (error, "In “%s”: ", record);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (inner) || json_node_get_value_type (inner) != G_TYPE_INT64)
    {
      g_set_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE,
                   "The member “%s.%s” is not a number", record, name);
      return FALSE;
    }

  *value = json_node_get_int (inner);
  return TRUE;
}

gboolean
roster_json_get_nested_string (JsonObject *object,
                               const char *record,
                               const char *name,
                               char      **value,
                               GError    **error)
{
  JsonNode *node = member (object, record, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, record, "a record");

  if (!roster_json_get_string (json_node_get_object (node), name, TRUE, value, error))
    {
      g_prefix_error (error, "In “%s”: ", record);
      return FALSE;
    }

  return TRUE;
}

gboolean
roster_json_get_nested_boolean (JsonObject *object,
                                const char *record,
                                const char *name,
                                gboolean   *value,
                                GError    **error)
{
  JsonNode *node = member (object, record, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, record, "a record");

  if (!roster_json_get_boolean (json_node_get_object (node), name, FALSE, value, error))
    {
      g_prefix_error (error, "In “%s”: ", record);
      return FALSE;
    }

  return TRUE;
}

/* An id that may be null or absent: 0 then. */
gboolean
roster_json_get_optional_id (JsonObject *object,
                             const char *name,
                             gint64     *value,
                             GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  return roster_json_get_id (object, name, value, error);
}
