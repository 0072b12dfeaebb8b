/* roster-session.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-api.h"
#include "roster-known-accounts.h"
#include "roster-outbox.h"
#include "roster-store.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_SESSION_SIGNED_OUT,   /* no account open: the welcome page */
  ROSTER_SESSION_SIGNING_IN,   /* the demo starting, or the browser open */
  ROSTER_SESSION_OPEN,         /* an account's cache, synced or not */
} RosterSessionState;

/* Whether the open account can talk to its server. */
typedef enum
{
  ROSTER_CREDENTIALS_UNKNOWN,  /* not looked for yet, or being looked for */
  ROSTER_CREDENTIALS_PRESENT,
  ROSTER_CREDENTIALS_MISSING,  /* signed out: the reason says why */
} RosterCredentials;

#define ROSTER_SESSION_ERROR (roster_session_error_quark ())

typedef enum
{
  ROSTER_SESSION_ERROR_SIGNED_OUT,   /* no token, no keyring, an expired sign-in: sign in again */
  ROSTER_SESSION_ERROR_NOT_OPEN,     /* no account, or none known */
  ROSTER_SESSION_ERROR_NOT_CACHED,   /* the cache cannot judge yet: sync first */
  ROSTER_SESSION_ERROR_INVALID,      /* what a person gave is not what is asked */
} RosterSessionError;

#define ROSTER_TYPE_SESSION (roster_session_get_type ())

G_DECLARE_FINAL_TYPE (RosterSession, roster_session, ROSTER, SESSION, GObject)

GQuark              roster_session_error_quark          (void);

RosterSession      *roster_session_new                  (void);
void                roster_session_set_sync_on_open     (RosterSession *self,
                                                         gboolean       sync_on_open);
RosterSessionState  roster_session_get_state            (RosterSession *self);
RosterStore        *roster_session_get_store            (RosterSession *self);
RosterKnownAccount *roster_session_get_account          (RosterSession *self);
gint64              roster_session_get_me               (RosterSession *self);
gboolean            roster_session_get_syncing          (RosterSession *self);
double              roster_session_get_progress         (RosterSession *self);
const char         *roster_session_get_phase            (RosterSession *self);
char               *roster_session_dup_progress_text    (RosterSession *self);
char               *roster_progress_text                (const char    *phase,
                                                         guint          done,
                                                         guint          expected,
                                                         int            seconds_left);
gboolean            roster_session_get_held_back        (RosterSession *self);
gboolean            roster_session_get_offline          (RosterSession *self);
RosterCredentials   roster_session_get_credentials      (RosterSession *self);
char               *roster_session_dup_signed_out_reason (RosterSession *self);
const GError       *roster_session_get_last_sync_error  (RosterSession *self);
char               *roster_session_dup_last_synced_at   (RosterSession *self);
char               *roster_session_dup_read_only_reason (RosterSession *self);
char               *roster_session_dup_closed_at        (RosterSession *self);
gboolean            roster_session_get_tokens_in_memory (RosterSession *self);

/* Opening an account */
void                roster_session_preopen_last         (void);
gboolean            roster_session_open_last            (RosterSession *self);
gboolean            roster_session_open_known           (RosterSession *self,
                                                         const char    *key_or_email,
                                                         GError       **error);
gboolean            roster_session_open_with_token      (RosterSession *self,
                                                         const char    *server,
                                                         const char    *key_or_email,
                                                         const char    *access_token,
                                                         GError       **error);
gboolean            roster_session_open                 (RosterSession *self,
                                                         const char    *server,
                                                         const char    *key_or_email,
                                                         const char    *token_file,
                                                         GError       **error);
void                roster_session_start_demo           (RosterSession *self);
gboolean            roster_session_begin_sign_in        (RosterSession *self,
                                                         const char    *server,
                                                         char         **url,
                                                         GError       **error);
gboolean            roster_session_connect              (RosterSession *self,
                                                         const char    *server,
                                                         GError       **error);
void                roster_session_cancel_sign_in       (RosterSession *self);
void                roster_session_sign_out             (RosterSession *self,
                                                         gboolean       forget_cache);

/* Talking to the server */
void                roster_session_load_credentials     (RosterSession *self);
gboolean            roster_session_wait_for_credentials (RosterSession *self,
                                                         GError       **error);
RosterApi          *roster_session_new_api              (RosterSession *self);
void                roster_session_refresh              (RosterSession *self);
void                roster_session_wait_idle            (RosterSession *self);

/* Administrators' actions: checked against the cache, then queued */
gboolean            roster_session_check                (RosterSession *self,
                                                         RosterAction   action,
                                                         gint64         target_id,
                                                         const gint64   receivers[3],
                                                         GError       **error);
gint64              roster_session_deactivate           (RosterSession *self,
                                                         gint64         user_id,
                                                         GError       **error);
gint64              roster_session_activate             (RosterSession *self,
                                                         gint64         user_id,
                                                         GError       **error);
gint64              roster_session_reassign             (RosterSession *self,
                                                         gint64         user_id,
                                                         gint64         matters_to,
                                                         gint64         tasks_to,
                                                         gint64         calendar_entries_to,
                                                         GError       **error);
gint64              roster_session_set_renewal_options  (RosterSession *self,
                                                         gboolean       remove_unused_licenses,
                                                         GError       **error);
gboolean            roster_session_cancel_action        (RosterSession *self,
                                                         gint64         id,
                                                         GError       **error);

/* Closing the account: online only, administrators only */
gboolean            roster_session_check_closure        (RosterSession      *self,
                                                         const char         *reason,
                                                         const char         *confirmation,
                                                         GError            **error);
void                roster_session_close_account_async  (RosterSession      *self,
                                                         const char         *reason,
                                                         const char         *verification_code,
                                                         const char         *confirmation,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean            roster_session_close_account_finish (RosterSession      *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

G_END_DECLS
