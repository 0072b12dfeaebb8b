/* roster-query.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-query"

#include "config.h"

#include <string.h>

#include "roster-firm.h"
#include "roster-query.h"

/*
 * A request's query string, every value of every name in order: unlike
 * soup_form_decode(), it keeps each value of a name given more than once,
 * as `ids[]=1&ids[]=2`.
 */

struct _RosterQuery
{
  GPtrArray *names;
  GPtrArray *values;
};

void
roster_query_free (RosterQuery *query)
{
  if (query == NULL)
    return;

  g_ptr_array_unref (query->names);
  g_ptr_array_unref (query->values);
  g_free (query);
}

static char *
form_unescape (const char *text,
               gsize       length)
{
  g_autofree char *plus_free = g_strndup (text, length);

  for (char *p = plus_free; *p; p++)
    if (*p == '+')
      *p = ' ';

  return g_uri_unescape_string (plus_free, NULL);
}

/**
 * roster_query_parse:
 * @encoded: (nullable): the query as the request's URI has it, encoded
 *
 *
 * Returns: (transfer full): the query, or %NULL with an invalid_parameter
 *   error when it is not well encoded
 */
RosterQuery *
roster_query_parse (const char *encoded,
                    GError    **error)
{
  g_autoptr(RosterQuery) query = g_new0 (RosterQuery, 1);
  g_auto(GStrv) pairs = NULL;

  query->names = g_ptr_array_new_with_free_func (g_free);
  query->values = g_ptr_array_new_with_free_func (g_free);

  if (encoded == NULL || *encoded == '\0')
    return g_steal_pointer (&query);

  pairs = g_strsplit (encoded, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      char *name;
      char *value;

      if (*pairs[i] == '\0')
        continue;

      name = form_unescape (pairs[i], equals ? (gsize) (equals - pairs[i]) : strlen (pairs[i]));
      value = form_unescape (equals ? equals + 1 : "", equals ? strlen (equals + 1) : 0);
      if (name == NULL || value == NULL || !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          g_free (name);
          g_free (value);
          g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_PARAMETER,
                               "The query string is not well encoded");
          return NULL;
        }
      g_ptr_array_add (query->names, name);
      g_ptr_array_add (query->values, value);
    }

  return g_steal_pointer (&query);
}

/**
 * roster_query_get:
 *
 * Returns: (nullable): the first value of @name
 */
const char *
roster_query_get (RosterQuery *query,
                  const char  *name)
{
  for (guint i = 0; i < query->names->len; i++)
    if (g_str_equal (g_ptr_array_index (query->names, i), name))
      return g_ptr_array_index (query->values, i);

  return NULL;
}

/**
 * roster_query_encode_with:
 *
 * Returns: the query encoded again, with @name's value replaced by @value
 *   (or added), every other parameter kept in its order
 */
char *
roster_query_encode_with (RosterQuery *query,
                          const char  *name,
                          const char  *value)
{
  GString *encoded = g_string_new (NULL);
  gboolean replaced = FALSE;

  for (guint i = 0; i <= query->names->len; i++)
    {
      const char *this_name = i < query->names->len ? g_ptr_array_index (query->names, i) : name;
      const char *this_value = i < query->names->len ? g_ptr_array_index (query->values, i) : value;
      g_autofree char *escaped_name = NULL;
      g_autofree char *escaped_value = NULL;

      if (g_str_equal (this_name, name))
        {
          if (replaced)
            continue;
          this_value = value;
          replaced = TRUE;
        }

      escaped_name = g_uri_escape_string (this_name, NULL, FALSE);
      escaped_value = g_uri_escape_string (this_value, NULL, FALSE);
      g_string_append_printf (encoded, "%s%s=%s", encoded->len ? "&" : "", escaped_name, escaped_value);
    }

  return g_string_free (encoded, FALSE);
}

guint
roster_query_get_length (RosterQuery *query)
{
  return query->names->len;
}

const char *
roster_query_get_name (RosterQuery *query,
                       guint        index)
{
  return g_ptr_array_index (query->names, index);
}

const char *
roster_query_get_value (RosterQuery *query,
                        guint        index)
{
  return g_ptr_array_index (query->values, index);
}
