/* roster-json-reader.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a value is in a text: its first byte and its length. */
typedef struct
{
  gsize offset;
  gsize length;
} RosterJsonSpan;

JsonNode *roster_json_read (const char *data,
                            gsize       length,
                            guint       max_depth,
                            GError    **error);
JsonNode *roster_json_read_deferring (const char     *data,
                                      gsize           length,
                                      guint           max_depth,
                                      const char     *deferred,
                                      RosterJsonSpan *span,
                                      GError        **error);
JsonNode *roster_json_read_span      (const char           *data,
                                      gsize                 length,
                                      const RosterJsonSpan *span,
                                      guint                 max_depth,
                                      GError              **error);

G_END_DECLS
