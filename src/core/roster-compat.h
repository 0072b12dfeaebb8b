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

/* What a reassignment against Clio's API did, or would do: enough for the
 * caller to say plainly what happened and what did not. */
typedef struct
{
  gboolean  dry_run;
  guint     moved;                  /* items the receivers hold now (would hold, in a dry run) */
  guint     patched;                /* PATCHes that moved an item, each sent with If-Match */
  guint     already_moved;          /* items the server showed with their receiver already: nothing sent */
  guint     stayed;                 /* items the rules keep with the user */
  guint     not_judged;             /* items left as they are because they could not be judged: their
                                     * record or their matter could not be read, or they changed on the
                                     * server while they were being moved */
  guint     unreadable;             /* matters, tasks and calendar entries the syncs could not read:
                                     * whose they are, the cache cannot say */
  gboolean  notified;               /* always FALSE: Clio's API notifies nobody */
  gboolean  hidden_entries_unseen;  /* the user is deactivated and their calendar entries were to move:
                                     * Clio's API does not serve a deactivated user's hidden entries,
                                     * so none of those was seen or moved */
  JsonNode *answer;                 /* all of it as {"data": {…}}, in the shape of reassign_work's
                                     * answer with a "compat" member: for the outbox to keep */
} RosterCompatResult;

void                roster_compat_result_free   (RosterCompatResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterCompatResult, roster_compat_result_free)

RosterCompatResult *roster_compat_reassign      (RosterStore   *store,
                                                 RosterApi     *api,
                                                 gint64         user_id,
                                                 gint64         matters_to,
                                                 gint64         tasks_to,
                                                 gint64         calendar_entries_to,
                                                 gboolean       dry_run,
                                                 GDateTime     *now,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

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
