/* roster-oauth.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "roster-firm.h"

G_BEGIN_DECLS

gboolean roster_oauth_is_loopback_redirect (const char        *redirect_uri);
void     roster_oauth_handle               (RosterFirm        *firm,
                                            SoupServerMessage *msg,
                                            const char        *path,
                                            GHashTable        *query);

G_END_DECLS
