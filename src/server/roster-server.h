/* roster-server.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "roster-firm.h"
#include "roster-listener.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SERVER (roster_server_get_type ())

G_DECLARE_FINAL_TYPE (RosterServer, roster_server, ROSTER, SERVER, GObject)

RosterServer *roster_server_new            (RosterFirm       *firm);
void          roster_server_set_rate_limit (RosterServer     *self,
                                            guint             per_minute);
gboolean      roster_server_set_faults     (RosterServer     *self,
                                            const char       *spec,
                                            GError          **error);
void          roster_server_set_quiet      (RosterServer     *self,
                                            gboolean          quiet);
void          roster_server_set_clio_only  (RosterServer     *self,
                                            gboolean          clio_only);
void          roster_server_set_limits     (RosterServer     *self,
                                            const RosterListenerLimits *limits);
gboolean      roster_server_set_public_url (RosterServer     *self,
                                            const char       *url,
                                            GError          **error);
void          roster_server_accept_stream  (RosterServer     *self,
                                            GIOStream        *stream,
                                            GSocketAddress   *local,
                                            GSocketAddress   *remote);
gboolean      roster_server_listen         (RosterServer     *self,
                                            const char       *address,
                                            GTlsCertificate  *certificate,
                                            guint            *port,
                                            GError          **error);

G_END_DECLS
