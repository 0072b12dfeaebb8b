/* roster-listener.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* How many connections, and for how long. */
typedef struct
{
  guint max_connections;  /* open at once; at the limit the longest idle goes */
  guint idle_seconds;     /* with no request begun, a connection is closed */
  guint request_seconds;  /* to read a request's body and answer it */
} RosterListenerLimits;

#define ROSTER_LISTENER_MAX_CONNECTIONS 256
#define ROSTER_LISTENER_IDLE_SECONDS 30
#define ROSTER_LISTENER_REQUEST_SECONDS 60

typedef struct _RosterListener RosterListener;

RosterListener *roster_listener_new               (SoupServer                 *soup,
                                                   GSocketAddress             *address,
                                                   GTlsCertificate            *certificate,
                                                   const RosterListenerLimits *limits,
                                                   GError                    **error);
guint           roster_listener_get_port          (RosterListener             *self);
void            roster_listener_drop              (RosterListener             *self,
                                                   SoupServerMessage          *msg);
void            roster_listener_free              (RosterListener             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterListener, roster_listener_free)

G_END_DECLS
