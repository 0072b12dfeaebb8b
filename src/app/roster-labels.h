/* roster-labels.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char  *roster_labels_audit_action          (const char *action);
const char **roster_labels_audit_actions         (guint      *n_actions);
char        *roster_labels_date_time             (const char *iso);

G_END_DECLS
