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

  /* The users read by roster_store_preopen()'s thread, and the counts of
   * writes then (roster-store-preopen.c). */
  GPtrArray      *early_users;
  gint64          early_own_changes;
  gint64          early_data_version;
};

RosterStore    *roster_store_open_now           (const char    *path,
                                                 GError       **error);
RosterStore    *roster_store_take_preopened     (const char    *path);
GPtrArray      *roster_store_take_early_users   (RosterStore   *self);

void            roster_store_bind_text_or_null  (sqlite3_stmt  *statement,
                                                 int            index,
                                                 const char    *text);
void            roster_store_bind_id_or_null    (sqlite3_stmt  *statement,
                                                 int            index,
                                                 gint64         id);
/* The table of a collection the cache keeps, or %NULL: the only table
 * names that go into SQL text. */
const char     *roster_store_checked_collection (const char    *collection);

/* SQL: the id of the matter of a task or an entry (@item, its table's
 * alias) joined with `matters m`: the cache's matter, or a closed one that
 * the item names (migration 10; a first sync asks for open and pending
 * matters alone); NULL when the cache knows neither. */
#define ROSTER_STORE_ITEM_MATTER_ID(item) \
  "coalesce(m.id, iif(" item ".closed_matter_number IS NULL, NULL, " item ".matter_id))"

/* One item of work by its id as the server writes it, as
 * roster_store_list_open_work() reads it. */
RosterWorkItem *roster_store_work_item_by_id    (RosterStore   *self,
                                                 RosterWorkKind kind,
                                                 const char    *id,
                                                 GError       **error);

G_END_DECLS
