/* roster-outbox-button.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-session.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_OUTBOX_BUTTON (roster_outbox_button_get_type ())

G_DECLARE_FINAL_TYPE (RosterOutboxButton, roster_outbox_button, ROSTER, OUTBOX_BUTTON, GtkWidget)

void  roster_outbox_button_set_session (RosterOutboxButton *self,
                                        RosterSession      *session);
guint roster_outbox_button_get_count   (RosterOutboxButton *self);

G_END_DECLS
