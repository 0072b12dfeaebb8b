/* roster-labels.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "roster-outbox.h"
#include "roster-user.h"

G_BEGIN_DECLS

const char  *roster_labels_audit_action          (const char *action);
const char **roster_labels_audit_actions         (guint      *n_actions);
char        *roster_labels_date_time             (const char *iso);
char        *roster_labels_date                  (const char *iso);
char        *roster_labels_event_time            (const char *iso,
                                                  gboolean    all_day);

const char  *roster_labels_role                  (RosterUser *user);
const char  *roster_labels_subscription          (RosterUser *user);
const char  *roster_labels_status                (RosterUser *user);
const char  *roster_labels_pending               (RosterAction action);
const char  *roster_labels_refused               (RosterAction action);
const char  *roster_labels_next_step             (const char *error_type);

G_END_DECLS
