/* roster-session-private.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-demo.h"
#include "roster-session.h"
#include "roster-sign-in.h"
#include "roster-sync.h"

G_BEGIN_DECLS

/* The session's parts: roster-session.c (properties, tokens, syncing),
 * roster-session-open.c (accounts and credentials) and
 * roster-session-actions.c (the rules, then the outbox). */
struct _RosterSession
{
  GObject             parent_instance;

  RosterSessionState  state;
  RosterKnownAccount *account;
  RosterStore        *store;
  RosterDemoServer   *demo;
  RosterSignIn       *sign_in;
  GCancellable       *cancellable;
  gboolean            sync_on_open;

  /* Tokens: replaced by a refresh on the sync's threads. */
  GMutex              token_lock;
  char               *access_token;
  char               *refresh_token;
  gboolean            tokens_in_memory;   /* no Secret Service to keep them */
  gboolean            tokens_given;       /* for automation: never stored */

  RosterCredentials   credentials;
  char               *signed_out_reason;
  GError             *credentials_error;  /* why the demo firm is not there */
  gboolean            loading_credentials;

  RosterSync         *sync;               /* while one runs */
  gboolean            syncing_users;      /* its phase is the users */
  double              progress;
  gboolean            offline;
  gboolean            refresh_again;      /* asked for while one ran */
  guint               send_source;        /* actions queued: sent once the caller is done queueing */
  GError             *last_sync_error;
  GArray             *awaited;            /* outbox entries whose answers a person waits for */
};

void     roster_session_set_state            (RosterSession      *self,
                                              RosterSessionState  state);
void     roster_session_set_offline          (RosterSession      *self,
                                              gboolean            offline);
void     roster_session_set_credentials      (RosterSession      *self,
                                              RosterCredentials   credentials,
                                              const char         *signed_out_reason);
void     roster_session_set_tokens           (RosterSession      *self,
                                              const char         *access_token,
                                              const char         *refresh_token);
void     roster_session_set_tokens_in_memory (RosterSession      *self,
                                              gboolean            in_memory);
void     roster_session_fail                 (RosterSession      *self,
                                              const char         *message,
                                              gboolean            retryable);
void     roster_session_stop_demo            (RosterSession      *self);
void     roster_session_mark_closed          (RosterSession      *self,
                                              const char         *closed_at);
void     roster_session_emit_changed         (RosterSession      *self);
void     roster_session_send_soon            (RosterSession      *self);
void     roster_session_forget_sync          (RosterSession      *self);
gboolean roster_session_cached_facts         (RosterSession      *self,
                                              gint64              id,
                                              RosterUserFacts    *facts,
                                              char              **name);

G_END_DECLS
