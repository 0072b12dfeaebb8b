/* roster-json.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-json"

#include "config.h"

#include <string.h>

#include "roster-json.h"
#include "roster-json-reader.h"
#include "roster-time.h"

/* What a ROSTER_JSON_ERROR carries besides its message: the member that was
 * wrong, as a path ("assignee.type"), for the list of records a sync could
 * not read. */
typedef struct
{
  char *member;
} RosterJsonErrorPrivate;

static void
roster_json_error_private_init (RosterJsonErrorPrivate *priv)
{
  priv->member = NULL;
}

static void
roster_json_error_private_copy (const RosterJsonErrorPrivate *src_priv,
                                RosterJsonErrorPrivate       *dest_priv)
{
  dest_priv->member = g_strdup (src_priv->member);
}

static void
roster_json_error_private_clear (RosterJsonErrorPrivate *priv)
{
  g_clear_pointer (&priv->member, g_free);
}

G_DEFINE_EXTENDED_ERROR (RosterJsonError, roster_json_error)

/**
 * roster_json_error_get_member:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the member a ROSTER_JSON_ERROR is about, as a path
 *   ("start_at", "assignee.type", "attendees.id"), or %NULL when it is about
 *   no member (an answer that is not JSON) or @error is of another domain
 */
const char *
roster_json_error_get_member (const GError *error)
{
  if (error == NULL || error->domain != ROSTER_JSON_ERROR)
    return NULL;

  return roster_json_error_get_private (error)->member;
}

/**
 * roster_json_error_nest:
 * @record: the member that holds the record the error is about
 *
 * Says that an error met inside a nested record is about a member of
 * @record: "In “assignee”: …", and the member becomes "assignee.type".
 */
void
roster_json_error_nest (GError    **error,
                        const char *record)
{
  if (error == NULL || *error == NULL)
    return;

  if ((*error)->domain == ROSTER_JSON_ERROR)
    {
      RosterJsonErrorPrivate *priv = roster_json_error_get_private (*error);
      char *path = priv->member ? g_strconcat (record, ".", priv->member, NULL) : g_strdup (record);

      g_free (priv->member);
      priv->member = path;
    }
  g_prefix_error (error, "In “%s”: ", record);
}

/**
 * roster_json_set_error:
 * @member: (nullable): the member the error is about, as a path
 *
 * Sets a ROSTER_JSON_ERROR about @member, for a codec's own checks.
 */
void
roster_json_set_error (GError        **error,
                       RosterJsonError code,
                       const char     *name,
                       const char     *format,
                       ...)
{
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  new_error = g_error_new_valist (ROSTER_JSON_ERROR, code, format, args);
  va_end (args);
  roster_json_error_get_private (new_error)->member = g_strdup (name);

  g_propagate_error (error, new_error);
}

/**
 * roster_json_depth_within:
 * @data: JSON text, not necessarily valid
 * @length: its length, or -1 when it ends with a NUL
 * @max_depth: how deep arrays and objects may nest
 *
 * Looks at the nesting before anything is parsed: json-glib's parser
 * recurses once a level, and a body of 100,000 "[" would run it out of
 * stack. Brackets inside strings do not count.
 *
 * Returns: %FALSE when @data nests deeper than @max_depth
 */
gboolean
roster_json_depth_within (const char *data,
                          gsize       length,
                          guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  /* As json-glib takes it: -1 for text that ends with a NUL. */
  if (data != NULL && length == (gsize) -1)
    length = strlen (data);

  for (gsize i = 0; data != NULL && i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * roster_json_parse:
 *
 * The server's answer as a tree, read by roster_json_read(): strict JSON,
 * nested no deeper than %ROSTER_JSON_MAX_DEPTH.
 *
 * Returns: (transfer full) (nullable): the answer's value
 */
JsonNode *
roster_json_parse (const char *data,
                   gsize       length,
                   GError    **error)
{
  return roster_json_read (data, length, ROSTER_JSON_MAX_DEPTH, error);
}

JsonObject *
roster_json_object (JsonNode *root,
                    GError  **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, NULL, "The server's answer is not a JSON object");
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
    roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, name, "The member “%s” is missing", name);

  return node;
}

/* What a member holds, for an error that says it is not what it should be. */
static char *
describe_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("a record");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("a list");

  text = json_to_string (node, FALSE);
  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *shortened = g_utf8_substring (text, 0, 40);

      return g_strdup_printf ("%s…", shortened);
    }

  return g_steal_pointer (&text);
}

static gboolean
wrong_type (GError    **error,
            const char *name,
            const char *expected,
            JsonNode   *found)
{
  g_autofree char *what = found ? describe_node (found) : NULL;

  if (what != NULL)
    roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, name, "The member “%s” is not %s: it is %s", name, expected, what);
  else
    roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, name, "The member “%s” is not %s", name, expected);
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
        return wrong_type (error, name, "an id made of digits", node);
    }
  else
    return wrong_type (error, name, "an id", node);

  if (*value <= 0)
    return wrong_type (error, name, "a positive id", node);

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
    return wrong_type (error, name, nullable ? "a string or null" : "a string", node);

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* An optional boolean keeps *value when the member is absent (the API's
 * extensions are absent from a server that offers only Clio's API) or null
 * (Clio's API answers null for what is not set). */
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
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, name, "The member “%s” is missing", name);
      return FALSE;
    }

  if (JSON_NODE_HOLDS_NULL (node) && optional)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (error, name, "true or false", node);

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
    return wrong_type (error, name, "a record or null", node);

  if (!roster_json_get_id (json_node_get_object (node), "id", value, error))
    {
      roster_json_error_nest (error, name);
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
    return wrong_type (error, record, "a record", node);

  inner = member (json_node_get_object (node), name, error);
  if (inner == NULL)
    {
      roster_json_error_nest (error, record);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (inner) || json_node_get_value_type (inner) != G_TYPE_INT64)
    {
      g_autofree char *path = g_strconcat (record, ".", name, NULL);

      return wrong_type (error, path, "a number", inner);
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
    return wrong_type (error, record, "a record", node);

  if (!roster_json_get_string (json_node_get_object (node), name, TRUE, value, error))
    {
      roster_json_error_nest (error, record);
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
    return wrong_type (error, record, "a record", node);

  if (!roster_json_get_boolean (json_node_get_object (node), name, FALSE, value, error))
    {
      roster_json_error_nest (error, record);
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

/* The longest opaque id Roster keeps. */
#define MAX_ID_STRING 255

/**
 * roster_json_get_id_string:
 * @value: (out): the id as the server wrote it
 *
 * An id that Clio's description types as a string (a calendar entry's): any
 * text of 1 to 255 characters without control characters, kept as it is,
 * or a positive integer, kept in decimal. Nothing is assumed of its form.
 */
gboolean
roster_json_get_id_string (JsonObject *object,
                           const char *name,
                           char      **value,
                           GError    **error)
{
  JsonNode *node = member (object, name, error);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (json_node_get_int (node) <= 0)
        return wrong_type (error, name, "a positive id", node);
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gsize length = strlen (text);

      if (length == 0 || length > MAX_ID_STRING)
        return wrong_type (error, name, "an id of 1 to 255 characters", node);
      for (const char *p = text; *p != '\0'; p++)
        if (g_ascii_iscntrl (*p))
          return wrong_type (error, name, "an id without control characters", node);
      *value = g_strdup (text);
      return TRUE;
    }

  return wrong_type (error, name, "an id", node);
}

/**
 * roster_json_id_number:
 * @id: (nullable): an id as the server wrote it
 *
 * Returns: the number @id writes when it is the decimal of a positive
 *   integer ("31", not "031" nor "ce-31"), else 0
 */
gint64
roster_json_id_number (const char *id)
{
  gint64 value;
  char written[24];

  if (id == NULL || !g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, &value, NULL))
    return 0;
  g_snprintf (written, sizeof written, "%" G_GINT64_FORMAT, value);

  return g_str_equal (written, id) ? value : 0;
}

/**
 * roster_json_get_text:
 * @value: (out): the text, empty when the member is null
 *
 * A text a person reads (a name, a summary): null is an empty text.
 */
gboolean
roster_json_get_text (JsonObject *object,
                      const char *name,
                      char      **value,
                      GError    **error)
{
  if (!roster_json_get_string (object, name, TRUE, value, error))
    return FALSE;

  if (*value == NULL)
    *value = g_strdup ("");

  return TRUE;
}

/**
 * roster_json_get_time:
 * @nullable: whether null is accepted, as %NULL
 * @value: (out) (nullable): the time as an instant in Roster's one form,
 *   UTC with microseconds ("2026-12-01T14:00:00.000000Z")
 *
 * An ISO 8601 date and time with any offset ("2026-12-01T06:00:00-08:00")
 * or none (UTC). In one form, times sort as text: the cache compares them
 * so, and the preview, which parses them, agrees.
 */
gboolean
roster_json_get_time (JsonObject *object,
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

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (*value = roster_time_normalize_iso (json_node_get_string (node))) == NULL)
    return wrong_type (error, name, nullable ? "an ISO 8601 time or null" : "an ISO 8601 time", node);

  return TRUE;
}

/**
 * roster_json_get_date:
 * @value: (out) (nullable): the date, YYYY-MM-DD, or %NULL when null
 *
 * A date, as Clio's API writes a task's due date, or null.
 */
gboolean
roster_json_get_date (JsonObject *object,
                      const char *name,
                      char      **value,
                      GError    **error)
{
  JsonNode *node = member (object, name, error);
  char *date = NULL;

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (date = roster_date_normalize (json_node_get_string (node))) == NULL)
    return wrong_type (error, name, "a date (YYYY-MM-DD) or null", node);

  *value = date;
  return TRUE;
}

/**
 * roster_json_page_next:
 * @root: a list's answer
 *
 * Returns: (nullable): the next page's URL, `meta.paging.next`, or %NULL on
 *   the last page
 */
const char *
roster_json_page_next (JsonNode *root)
{
  JsonNode *meta;
  JsonNode *paging = NULL;
  JsonNode *next = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  meta = json_object_get_member (json_node_get_object (root), "meta");
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    paging = json_object_get_member (json_node_get_object (meta), "paging");
  if (paging != NULL && JSON_NODE_HOLDS_OBJECT (paging))
    next = json_object_get_member (json_node_get_object (paging), "next");
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next) && json_node_get_value_type (next) == G_TYPE_STRING)
    return json_node_get_string (next);

  return NULL;
}
