/* roster-sign-in.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Roster's OAuth client ID, a public client (RFC 8252). */
#define ROSTER_CLIENT_ID "roster-desktop"

#define ROSTER_TYPE_SIGN_IN (roster_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (RosterSignIn, roster_sign_in, ROSTER, SIGN_IN, GObject)

RosterSignIn *roster_sign_in_new                (const char          *server);
const char   *roster_sign_in_get_server         (RosterSignIn        *self);
char         *roster_sign_in_begin              (RosterSignIn        *self,
                                                 GError             **error);
void          roster_sign_in_wait_async         (RosterSignIn        *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      roster_sign_in_wait_finish        (RosterSignIn        *self,
                                                 GAsyncResult        *result,
                                                 char               **access_token,
                                                 char               **refresh_token,
                                                 GError             **error);
gboolean      roster_sign_in_with_password      (RosterSignIn        *self,
                                                 const char          *email,
                                                 const char          *password,
                                                 char               **access_token,
                                                 char               **refresh_token,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
gboolean      roster_sign_in_parse_redirect     (const char          *expected_state,
                                                 const char          *query,
                                                 char               **code,
                                                 GError             **error);
gboolean      roster_sign_in_who_am_i           (const char          *server,
                                                 const char          *access_token,
                                                 gint64              *id,
                                                 char               **name,
                                                 char               **email,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

G_END_DECLS
