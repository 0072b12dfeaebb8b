/* roster-notification.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_NOTIFICATION (roster_notification_get_type ())

G_DECLARE_FINAL_TYPE (RosterNotification, roster_notification, ROSTER, NOTIFICATION, GObject)

RosterNotification *roster_notification_new_from_json  (JsonObject  *object,
                                                        GError     **error);
gint64              roster_notification_get_id         (RosterNotification *self);
const char         *roster_notification_get_etag       (RosterNotification *self);
const char         *roster_notification_get_kind       (RosterNotification *self);
const char         *roster_notification_get_subject    (RosterNotification *self);
const char         *roster_notification_get_body       (RosterNotification *self);
const char         *roster_notification_get_created_at (RosterNotification *self);

G_END_DECLS
