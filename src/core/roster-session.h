/* roster-session.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-known-accounts.h"
#include "roster-outbox.h"
#include "roster-store.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_SESSION_SIGNED_OUT,   /* the welcome page */
  ROSTER_SESSION_SIGNING_IN,   /* the demo starting, or the browser open */
  ROSTER_SESSION_OPEN,         /* an account's cache, synced or not */
} RosterSessionState;

#define ROSTER_TYPE_SESSION (roster_session_get_type ())

G_DECLARE_FINAL_TYPE (RosterSession, roster_session, ROSTER, SESSION, GObject)

RosterSession      *roster_session_new                  (void);
RosterSessionState  roster_session_get_state            (RosterSession *self);
RosterStore        *roster_session_get_store            (RosterSession *self);
RosterKnownAccount *roster_session_get_account          (RosterSession *self);
gint64              roster_session_get_me               (RosterSession *self);
gboolean            roster_session_get_syncing          (RosterSession *self);
double              roster_session_get_progress         (RosterSession *self);
gboolean            roster_session_get_offline          (RosterSession *self);
char               *roster_session_dup_last_synced_at   (RosterSession *self);
char               *roster_session_dup_read_only_reason (RosterSession *self);
gboolean            roster_session_get_tokens_in_memory (RosterSession *self);

gboolean            roster_session_open_last            (RosterSession *self);
void                roster_session_start_demo           (RosterSession *self);
gboolean            roster_session_connect              (RosterSession *self,
                                                         const char    *server,
                                                         GError       **error);
void                roster_session_cancel_sign_in       (RosterSession *self);
void                roster_session_refresh              (RosterSession *self);
gboolean            roster_session_queue                (RosterSession *self,
                                                         RosterAction   action,
                                                         gint64         user_id,
                                                         GError       **error);
void                roster_session_sign_out             (RosterSession *self,
                                                         gboolean       forget_cache);

G_END_DECLS
