/* roster-matter.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_MATTER (roster_matter_get_type ())

G_DECLARE_FINAL_TYPE (RosterMatter, roster_matter, ROSTER, MATTER, GObject)

RosterMatter *roster_matter_new_from_json               (JsonObject  *object,
                                                         GError     **error);
gboolean      roster_matter_read_closed_number          (JsonObject  *record,
                                                         const char  *name,
                                                         char       **number,
                                                         GError     **error);
gint64        roster_matter_get_id                      (RosterMatter *self);
const char   *roster_matter_get_etag                    (RosterMatter *self);
const char   *roster_matter_get_display_number          (RosterMatter *self);
const char   *roster_matter_get_description             (RosterMatter *self);
const char   *roster_matter_get_status                  (RosterMatter *self);
gint64        roster_matter_get_responsible_attorney_id (RosterMatter *self);
gboolean      roster_matter_get_is_private              (RosterMatter *self);
const char   *roster_matter_get_open_date               (RosterMatter *self);
const char   *roster_matter_get_close_date              (RosterMatter *self);
const char   *roster_matter_get_updated_at              (RosterMatter *self);

G_END_DECLS
