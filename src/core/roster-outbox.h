/* roster-outbox.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-api.h"
#include "roster-store.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_ACTION_DEACTIVATE,
  ROSTER_ACTION_ACTIVATE,
  ROSTER_ACTION_REASSIGN_WORK,
  ROSTER_ACTION_RENEWAL_OPTIONS,
} RosterAction;

/* One action of the outbox, as `roster-cli queue` and the window list it. */
typedef struct
{
  gint64  id;
  char   *action;         /* deactivate, activate, reassign_work, renewal_options */
  gint64  target_id;
  char   *payload;
  char   *state;          /* queued, sending, done, refused */
  char   *error_type;     /* the server's, when refused */
  char   *error_message;
  char   *created_at;
  char   *updated_at;
  char   *answer;         /* the server's JSON, when done */
} RosterOutboxEntry;

void roster_outbox_entry_free (RosterOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterOutboxEntry, roster_outbox_entry_free)

#define ROSTER_OUTBOX_ERROR (roster_outbox_error_quark ())

typedef enum
{
  ROSTER_OUTBOX_ERROR_NOT_OFFERED,  /* the server has Clio's API alone */
  ROSTER_OUTBOX_ERROR_INVALID,      /* an action without what it needs */
} RosterOutboxError;

#define ROSTER_TYPE_OUTBOX (roster_outbox_get_type ())

G_DECLARE_FINAL_TYPE (RosterOutbox, roster_outbox, ROSTER, OUTBOX, GObject)

GQuark        roster_outbox_error_quark (void);

RosterOutbox *roster_outbox_new      (RosterStore   *store);
gint64        roster_outbox_enqueue  (RosterOutbox  *self,
                                      RosterAction   action,
                                      gint64         target_id,
                                      const char    *payload,
                                      GError       **error);
gboolean      roster_outbox_flush    (RosterOutbox  *self,
                                      RosterApi     *api,
                                      guint         *sent,
                                      GCancellable  *cancellable,
                                      GError       **error);
GPtrArray    *roster_outbox_list     (RosterOutbox  *self,
                                      GError       **error);
guint         roster_outbox_count    (RosterOutbox  *self,
                                      const char    *state);

G_END_DECLS
