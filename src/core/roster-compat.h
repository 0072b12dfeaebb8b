/* roster-compat.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-api.h"
#include "roster-store.h"

G_BEGIN_DECLS

/* What a server that offers only Clio's public API lets Roster do. */

gboolean roster_compat_reassign_work (RosterStore   *store,
                                      RosterApi     *api,
                                      gint64         user_id,
                                      gint64         matters_to,
                                      gint64         tasks_to,
                                      gint64         calendar_entries_to,
                                      GDateTime     *now,
                                      guint         *moved,
                                      GCancellable  *cancellable,
                                      GError       **error);

gboolean roster_compat_move_items    (RosterApi           *api,
                                      const RosterPreview *preview,
                                      gint64               matters_to,
                                      gint64               tasks_to,
                                      gint64               calendar_to,
                                      guint               *moved,
                                      GCancellable        *cancellable,
                                      GError             **error);
gint64   roster_compat_receiving_calendar (RosterStore   *store,
                                      gint64         user_id,
                                      GError       **error);

G_END_DECLS
