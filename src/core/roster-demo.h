/* roster-demo.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Who the demo signs in as: an administrator of the demo firm. */
#define ROSTER_DEMO_EMAIL    "marcus.reyes@hartbell.example"
#define ROSTER_DEMO_PASSWORD "roster-demo"
#define ROSTER_DEMO_KEY      "demo"

#define ROSTER_TYPE_DEMO_SERVER (roster_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (RosterDemoServer, roster_demo_server, ROSTER, DEMO_SERVER, GObject)

char             *roster_demo_server_program   (void);
RosterDemoServer *roster_demo_server_start     (GCancellable     *cancellable,
                                                GError          **error);
const char       *roster_demo_server_get_url   (RosterDemoServer *self);
void              roster_demo_server_stop      (RosterDemoServer *self);

G_END_DECLS
