/* roster-calendar-entry.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_CALENDAR_ENTRY (roster_calendar_entry_get_type ())

G_DECLARE_FINAL_TYPE (RosterCalendarEntry, roster_calendar_entry, ROSTER, CALENDAR_ENTRY, GObject)

RosterCalendarEntry *roster_calendar_entry_new_from_json             (JsonObject  *object,
                                                                      GError     **error);
gint64               roster_calendar_entry_get_id                    (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_id_string             (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_etag                  (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_summary               (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_start_at              (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_end_at                (RosterCalendarEntry *self);
gint64               roster_calendar_entry_get_calendar_owner_id     (RosterCalendarEntry *self);
gint64               roster_calendar_entry_get_matter_id             (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_closed_matter_number  (RosterCalendarEntry *self);
gboolean             roster_calendar_entry_get_hidden                (RosterCalendarEntry *self);
gboolean             roster_calendar_entry_get_all_day               (RosterCalendarEntry *self);
const char * const  *roster_calendar_entry_get_attendee_calendar_ids (RosterCalendarEntry *self);
const char          *roster_calendar_entry_get_updated_at            (RosterCalendarEntry *self);

G_END_DECLS
