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

typedef struct _RosterJsonListReader RosterJsonListReader;

RosterJsonListReader *roster_json_list_reader_new  (GBytes               *text,
                                                    const RosterJsonSpan *span,
                                                    guint                 depth,
                                                    guint                 max_depth);
gboolean              roster_json_list_reader_next (RosterJsonListReader *self,
                                                    JsonNode            **element,
                                                    GError              **error);
void                  roster_json_list_reader_free (RosterJsonListReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterJsonListReader, roster_json_list_reader_free)

G_END_DECLS
