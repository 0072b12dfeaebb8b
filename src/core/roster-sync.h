/* roster-sync.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-api.h"
#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SYNC (roster_sync_get_type ())

G_DECLARE_FINAL_TYPE (RosterSync, roster_sync, ROSTER, SYNC, GObject)

RosterSync *roster_sync_new          (const char           *store_path,
                                      const char           *base_url,
                                      const char           *access_token);
void        roster_sync_set_refresh  (RosterSync           *self,
                                      const char           *client_id,
                                      const char           *refresh_token,
                                      RosterTokensRefreshed callback,
                                      gpointer              user_data);
void        roster_sync_set_network_monitor (RosterSync      *self,
                                             GNetworkMonitor *monitor);
const char *roster_sync_get_phase    (RosterSync           *self);
guint       roster_sync_get_done     (RosterSync           *self);
guint       roster_sync_get_expected (RosterSync           *self);
int         roster_sync_get_seconds_left (RosterSync       *self);
gboolean    roster_sync_get_offline  (RosterSync           *self);
guint       roster_sync_get_requests (RosterSync           *self);
gboolean    roster_sync_run          (RosterSync           *self,
                                      GCancellable         *cancellable,
                                      GError              **error);
void        roster_sync_run_async    (RosterSync           *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean    roster_sync_run_finish   (RosterSync           *self,
                                      GAsyncResult         *result,
                                      GError              **error);

GStrv       roster_sync_dup_not_available (RosterStore   *store);

G_END_DECLS
