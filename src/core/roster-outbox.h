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

typedef enum
{
  ROSTER_OUTBOX_QUEUED,    /* waiting for the server */
  ROSTER_OUTBOX_SENDING,   /* sent; a crash leaves it here, and it is sent again under its key */
  ROSTER_OUTBOX_DONE,
  ROSTER_OUTBOX_REFUSED,   /* with the server's reason; the cache's change undone */
} RosterOutboxState;

/* One action of the outbox, as `roster-cli queue` and the window list it. */
typedef struct
{
  gint64             id;
  RosterAction       action;
  gint64             target_id;
  char              *payload;
  RosterOutboxState  state;
  char              *error_type;     /* the server's, when refused */
  char              *error_message;
  char              *created_at;
  char              *updated_at;
  char              *answer;         /* the server's JSON, when done */
} RosterOutboxEntry;

void roster_outbox_entry_free (RosterOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterOutboxEntry, roster_outbox_entry_free)

/* The names the API and `roster-cli queue --format json` use. */
const char *roster_action_to_string        (RosterAction        action);
gboolean    roster_action_from_string      (const char         *string,
                                            RosterAction       *action);
const char *roster_outbox_state_to_string  (RosterOutboxState   state);
gboolean    roster_outbox_state_from_string (const char        *string,
                                             RosterOutboxState *state);

#define ROSTER_OUTBOX_ERROR (roster_outbox_error_quark ())

typedef enum
{
  ROSTER_OUTBOX_ERROR_NOT_OFFERED,  /* the server has Clio's API alone */
  ROSTER_OUTBOX_ERROR_INVALID,      /* an action without what it needs */
} RosterOutboxError;

#define ROSTER_TYPE_OUTBOX (roster_outbox_get_type ())

G_DECLARE_FINAL_TYPE (RosterOutbox, roster_outbox, ROSTER, OUTBOX, GObject)

GQuark             roster_outbox_error_quark         (void);

RosterOutbox      *roster_outbox_new                 (RosterStore   *store);
gint64             roster_outbox_enqueue_deactivate  (RosterOutbox  *self,
                                                      gint64         user_id,
                                                      GError       **error);
gint64             roster_outbox_enqueue_activate    (RosterOutbox  *self,
                                                      gint64         user_id,
                                                      GError       **error);
gint64             roster_outbox_enqueue_reassignment (RosterOutbox *self,
                                                       gint64        user_id,
                                                       gint64        matters_to,
                                                       gint64        tasks_to,
                                                       gint64        calendar_entries_to,
                                                       GError      **error);
gint64             roster_outbox_enqueue_renewal_options (RosterOutbox *self,
                                                          gboolean      remove_unused_licenses,
                                                          GError      **error);
gboolean           roster_outbox_check_offered       (RosterOutbox  *self,
                                                      RosterAction   action,
                                                      GError       **error);
gboolean           roster_outbox_flush               (RosterOutbox  *self,
                                                      RosterApi     *api,
                                                      guint         *sent,
                                                      GCancellable  *cancellable,
                                                      GError       **error);
RosterOutboxEntry *roster_outbox_get                 (RosterOutbox  *self,
                                                      gint64         id,
                                                      GError       **error);
GPtrArray         *roster_outbox_list                (RosterOutbox  *self,
                                                      GError       **error);
guint              roster_outbox_count               (RosterOutbox  *self,
                                                      RosterOutboxState state);
guint              roster_outbox_count_waiting       (RosterOutbox  *self);
gboolean           roster_outbox_cancel              (RosterOutbox  *self,
                                                      gint64         id,
                                                      GError       **error);
RosterOutboxEntry *roster_outbox_find_waiting        (RosterOutbox  *self,
                                                      gint64         target_id);
GPtrArray         *roster_outbox_list_waiting        (RosterOutbox  *self,
                                                      GError       **error);
GPtrArray         *roster_outbox_list_for_user       (RosterOutbox  *self,
                                                      gint64         user_id,
                                                      guint          limit,
                                                      GError       **error);

char              *roster_reassignment_body          (gint64         matters_to,
                                                      gint64         tasks_to,
                                                      gint64         calendar_entries_to,
                                                      gboolean       dry_run);

G_END_DECLS
