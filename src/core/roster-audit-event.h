/* roster-audit-event.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_AUDIT_EVENT (roster_audit_event_get_type ())

G_DECLARE_FINAL_TYPE (RosterAuditEvent, roster_audit_event, ROSTER, AUDIT_EVENT, GObject)

RosterAuditEvent *roster_audit_event_new_from_json   (JsonObject  *object,
                                                      GError     **error);
gint64            roster_audit_event_get_id          (RosterAuditEvent *self);
const char       *roster_audit_event_get_etag        (RosterAuditEvent *self);
gint64            roster_audit_event_get_actor_id    (RosterAuditEvent *self);
const char       *roster_audit_event_get_actor_name  (RosterAuditEvent *self);
const char       *roster_audit_event_get_action      (RosterAuditEvent *self);
const char       *roster_audit_event_get_target_type (RosterAuditEvent *self);
gint64            roster_audit_event_get_target_id   (RosterAuditEvent *self);
const char       *roster_audit_event_get_created_at  (RosterAuditEvent *self);

G_END_DECLS
