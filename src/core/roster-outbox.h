/* roster-outbox.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-api.h"
#include "roster-store.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_ACTION_DEACTIVATE,
  ROSTER_ACTION_ACTIVATE,
  ROSTER_ACTION_REASSIGN_WORK,
  ROSTER_ACTION_RENEWAL_OPTIONS,
} RosterAction;

#define ROSTER_TYPE_OUTBOX (roster_outbox_get_type ())

G_DECLARE_FINAL_TYPE (RosterOutbox, roster_outbox, ROSTER, OUTBOX, GObject)

RosterOutbox *roster_outbox_new      (RosterStore   *store);
gint64        roster_outbox_enqueue  (RosterOutbox  *self,
                                      RosterAction   action,
                                      gint64         target_id,
                                      const char    *payload,
                                      GError       **error);
gboolean      roster_outbox_flush    (RosterOutbox  *self,
                                      RosterApi     *api,
                                      guint         *sent,
                                      GCancellable  *cancellable,
                                      GError       **error);
guint         roster_outbox_count    (RosterOutbox  *self,
                                      const char    *state);

G_END_DECLS
