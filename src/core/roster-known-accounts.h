/* roster-known-accounts.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An account this machine has signed in to: shared by the app and
 * roster-cli. Its tokens are in the Secret Service, not here. */
typedef struct
{
  char     *key;         /* "demo", or "EMAIL@SERVER": names its cache */
  char     *server;      /* the base URL */
  char     *email;       /* of the signed-in user */
  char     *user_name;
  gint64    user_id;
  gboolean  demo;        /* the bundled demo firm */
  char     *last_used;   /* ISO 8601 */
} RosterKnownAccount;

void                roster_known_account_free       (RosterKnownAccount *account);
RosterKnownAccount *roster_known_account_new        (const char         *server,
                                                     const char         *email);
char               *roster_known_account_cache_path (RosterKnownAccount *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterKnownAccount, roster_known_account_free)

GPtrArray          *roster_known_accounts_load      (GError            **error);
RosterKnownAccount *roster_known_accounts_find      (const char         *key_or_email,
                                                     GError            **error);
RosterKnownAccount *roster_known_accounts_last_used (GError            **error);
gboolean            roster_known_accounts_save      (RosterKnownAccount *account,
                                                     GError            **error);
gboolean            roster_known_accounts_forget    (const char         *key,
                                                     GError            **error);

G_END_DECLS
