/* roster-deactivate-users-dialog.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_DEACTIVATE_USERS_DIALOG (roster_deactivate_users_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterDeactivateUsersDialog, roster_deactivate_users_dialog, ROSTER, DEACTIVATE_USERS_DIALOG,
                      AdwMessageDialog)

GtkWidget *roster_deactivate_users_dialog_new (GtkWindow     *parent,
                                               RosterSession *session,
                                               GArray        *user_ids);

G_END_DECLS
