/* roster-task.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_TASK (roster_task_get_type ())

G_DECLARE_FINAL_TYPE (RosterTask, roster_task, ROSTER, TASK, GObject)

RosterTask *roster_task_new_from_json   (JsonObject  *object,
                                         GError     **error);
gint64      roster_task_get_id          (RosterTask *self);
const char *roster_task_get_etag        (RosterTask *self);
const char *roster_task_get_name        (RosterTask *self);
const char *roster_task_get_status      (RosterTask *self);
const char *roster_task_get_due_at      (RosterTask *self);
gint64      roster_task_get_assignee_id (RosterTask *self);
const char *roster_task_get_assignee_type (RosterTask *self);
gint64      roster_task_get_matter_id   (RosterTask *self);
const char *roster_task_get_closed_matter_number (RosterTask *self);
const char *roster_task_get_updated_at  (RosterTask *self);

G_END_DECLS
