/* roster-reassign-dialog.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REASSIGN_DIALOG (roster_reassign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterReassignDialog, roster_reassign_dialog, ROSTER, REASSIGN_DIALOG, AdwWindow)

GtkWidget *roster_reassign_dialog_new           (GtkWindow            *parent,
                                                 RosterSession        *session,
                                                 gint64                user_id,
                                                 gboolean              then_deactivate);
char      *roster_reassign_dialog_dup_csv       (RosterReassignDialog *self);

G_END_DECLS
