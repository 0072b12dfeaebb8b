/* cli-output.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLI_FORMAT_TABLE,
  CLI_FORMAT_JSON,
  CLI_FORMAT_CSV,
} CliFormat;

/* A column: the record's member, and its heading in a table. */
typedef struct
{
  const char *member;
  const char *heading;
} CliColumn;

gboolean cli_format_from_string (const char       *text,
                                 CliFormat        *format);
void     cli_print_records      (CliFormat         format,
                                 const CliColumn  *columns,
                                 guint             n_columns,
                                 JsonArray        *records);
void     cli_print_record       (CliFormat         format,
                                 const CliColumn  *columns,
                                 guint             n_columns,
                                 JsonObject       *record);
void     cli_print_json         (JsonNode         *node);

G_END_DECLS
