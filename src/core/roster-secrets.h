/* roster-secrets.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean roster_secrets_store  (const char    *account_key,
                                const char    *label,
                                const char    *access_token,
                                const char    *refresh_token,
                                GCancellable  *cancellable,
                                GError       **error);
gboolean roster_secrets_lookup (const char    *account_key,
                                char         **access_token,
                                char         **refresh_token,
                                GCancellable  *cancellable,
                                GError       **error);
gboolean roster_secrets_clear  (const char    *account_key,
                                GCancellable  *cancellable,
                                GError       **error);

G_END_DECLS
