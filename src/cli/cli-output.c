/* cli-output.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli-output.h"

/*
 * Every command that prints records prints them one way: an aligned table
 * for a person, JSON (typed, the members named as in the API) or CSV
 * (RFC 4180, a heading row of members) for a script.
 */

gboolean
cli_format_from_string (const char *text,
                        CliFormat  *format)
{
  if (g_strcmp0 (text, "table") == 0)
    *format = CLI_FORMAT_TABLE;
  else if (g_strcmp0 (text, "json") == 0)
    *format = CLI_FORMAT_JSON;
  else if (g_strcmp0 (text, "csv") == 0)
    *format = CLI_FORMAT_CSV;
  else
    return FALSE;

  return TRUE;
}

/* How many columns of a terminal @text takes: two for wide characters
 * (CJK), none for combining marks. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* A table's cell is one line: line breaks, tabs and other control
 * characters are written as escapes rather than breaking the table. */
static char *
escape_cell (const char *text)
{
  GString *escaped = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '\n':
          g_string_append (escaped, "\\n");
          break;
        case '\r':
          g_string_append (escaped, "\\r");
          break;
        case '\t':
          g_string_append (escaped, "\\t");
          break;
        default:
          if (g_unichar_iscntrl (c))
            g_string_append_printf (escaped, "\\x%02x", c);
          else
            g_string_append_unichar (escaped, c);
        }
    }

  return g_string_free (escaped, FALSE);
}

/* A member as text: strings as they are, numbers in decimal, true and
 * false as yes and no for a person, null as nothing. */
static char *
member_text (JsonObject *record,
             const char *member,
             gboolean    for_person)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return for_person ? escape_cell (json_node_get_string (node)) : g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? (for_person ? "yes" : "true")
                                                    : (for_person ? "no" : "false"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return g_strdup ("");
    }
}

static void
print_csv_field (const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, stdout);
      return;
    }

  putchar ('"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        putchar ('"');
      putchar (*p);
    }
  putchar ('"');
}

static void
print_padded (const char *text,
              guint       width)
{
  guint length = display_width (text);

  fputs (text, stdout);
  for (guint i = length; i < width; i++)
    putchar (' ');
}

void
cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  puts (text);
}

void
cli_print_records (CliFormat        format,
                   const CliColumn *columns,
                   guint            n_columns,
                   JsonArray       *records)
{
  guint n_records = json_array_get_length (records);

  if (format == CLI_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, records);
      cli_print_json (node);
      return;
    }

  if (format == CLI_FORMAT_CSV)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            putchar (',');
          print_csv_field (columns[c].member);
        }
      fputs ("\r\n", stdout);
      for (guint r = 0; r < n_records; r++)
        {
          for (guint c = 0; c < n_columns; c++)
            {
              g_autofree char *text = member_text (json_array_get_object_element (records, r), columns[c].member, FALSE);

              if (c > 0)
                putchar (',');
              print_csv_field (text);
            }
          fputs ("\r\n", stdout);
        }
      return;
    }

  /* A table: each column as wide as its widest cell. */
  {
    g_autofree guint *widths = g_new0 (guint, n_columns);

    for (guint c = 0; c < n_columns; c++)
      {
        widths[c] = display_width (_(columns[c].heading));
        for (guint r = 0; r < n_records; r++)
          {
            g_autofree char *text = member_text (json_array_get_object_element (records, r), columns[c].member, TRUE);

            widths[c] = MAX (widths[c], display_width (text));
          }
      }

    for (guint c = 0; c < n_columns; c++)
      {
        print_padded (_(columns[c].heading), c + 1 < n_columns ? widths[c] + 2 : 0);
      }
    putchar ('\n');
    for (guint r = 0; r < n_records; r++)
      {
        for (guint c = 0; c < n_columns; c++)
          {
            g_autofree char *text = member_text (json_array_get_object_element (records, r), columns[c].member, TRUE);

            print_padded (text, c + 1 < n_columns ? widths[c] + 2 : 0);
          }
        putchar ('\n');
      }
  }
}

/* One record: its members one a line for a person; an object or one row
 * for a script. */
void
cli_print_record (CliFormat        format,
                  const CliColumn *columns,
                  guint            n_columns,
                  JsonObject      *record)
{
  guint width = 0;

  if (format == CLI_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, record);
      cli_print_json (node);
      return;
    }

  if (format == CLI_FORMAT_CSV)
    {
      g_autoptr(JsonArray) one = json_array_new ();

      json_array_add_object_element (one, json_object_ref (record));
      cli_print_records (format, columns, n_columns, one);
      return;
    }

  for (guint c = 0; c < n_columns; c++)
    width = MAX (width, display_width (_(columns[c].heading)));
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *text = member_text (record, columns[c].member, TRUE);
      g_autofree char *heading = g_strconcat (_(columns[c].heading), ":", NULL);

      print_padded (heading, width + 2);
      puts (text);
    }
}
