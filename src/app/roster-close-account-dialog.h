/* roster-close-account-dialog.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_CLOSE_ACCOUNT_DIALOG (roster_close_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterCloseAccountDialog, roster_close_account_dialog, ROSTER, CLOSE_ACCOUNT_DIALOG, AdwWindow)

GtkWidget *roster_close_account_dialog_new                 (GtkWindow     *parent,
                                                            RosterSession *session);
char      *roster_close_account_dup_unavailable_reason     (RosterSession *session);

G_END_DECLS
