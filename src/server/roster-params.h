/* roster-params.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-firm.h"
#include "roster-query.h"

G_BEGIN_DECLS

int          roster_params_largest_page  (RosterResource    resource);
gboolean     roster_params_parse_list    (RosterResource    resource,
                                          RosterQuery      *query,
                                          gboolean          clio_only,
                                          GBytes           *page_key,
                                          RosterListQuery  *list,
                                          gint64           *token_total,
                                          GError          **error);
gboolean     roster_params_check_only    (RosterQuery      *query,
                                          const char *const *names,
                                          GError          **error);
char        *roster_params_page_token    (const RosterListQuery *list,
                                          const RosterCursor    *next,
                                          gint64                 total,
                                          GBytes                *page_key);

G_END_DECLS
