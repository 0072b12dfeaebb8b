/* roster-store-private.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-store.h"

G_BEGIN_DECLS

struct _RosterStore
{
  GObject         parent_instance;

  RosterDatabase *db;
};

void            roster_store_bind_text_or_null  (sqlite3_stmt  *statement,
                                                 int            index,
                                                 const char    *text);
void            roster_store_bind_id_or_null    (sqlite3_stmt  *statement,
                                                 int            index,
                                                 gint64         id);
/* The table of a collection the cache keeps, or %NULL: the only table
 * names that go into SQL text. */
const char     *roster_store_checked_collection (const char    *collection);

/* One item of work by its id as the server writes it, as
 * roster_store_list_open_work() reads it. */
RosterWorkItem *roster_store_work_item_by_id    (RosterStore   *self,
                                                 RosterWorkKind kind,
                                                 const char    *id,
                                                 GError       **error);

G_END_DECLS
