/* roster-query.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A request's query string: every value of every name, in order. */
typedef struct _RosterQuery RosterQuery;

RosterQuery *roster_query_parse        (const char   *encoded,
                                        GError      **error);
void         roster_query_free         (RosterQuery  *query);
guint        roster_query_get_length   (RosterQuery  *query);
const char  *roster_query_get_name     (RosterQuery  *query,
                                        guint         index);
const char  *roster_query_get_value    (RosterQuery  *query,
                                        guint         index);
const char  *roster_query_get          (RosterQuery  *query,
                                        const char   *name);
char        *roster_query_encode_with  (RosterQuery  *query,
                                        const char   *name,
                                        const char   *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterQuery, roster_query_free)

G_END_DECLS
