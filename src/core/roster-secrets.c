/* roster-secrets.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-secrets"

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "roster-secrets.h"

/*
 * An account's tokens live in the Secret Service (GNOME Keyring, KeePassXC…)
 * and nowhere else: never in the cache, never in the accounts file. Where no
 * Secret Service runs, these fail, and the caller keeps the tokens in
 * memory for the session and says so.
 */

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.firmroster.Roster.Tokens", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/**
 * roster_secrets_store:
 * @label: what a keyring's window shows, e.g. "Roster: marcus@firm on https://…"
 *
 * Stores the tokens of @account_key, replacing any before them.
 */
gboolean
roster_secrets_store (const char   *account_key,
                      const char   *label,
                      const char   *access_token,
                      const char   *refresh_token,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autofree char *secret = g_strdup_printf ("%s\n%s", access_token, refresh_token ? refresh_token : "");
  gboolean stored;

  stored = secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                       cancellable, error, "account", account_key, NULL);
  explicit_bzero (secret, strlen (secret));

  return stored;
}

/**
 * roster_secrets_lookup:
 * @access_token: (out): the access token, or %NULL when none is stored
 * @refresh_token: (out): the refresh token, or %NULL
 *
 * Returns: %FALSE with an error when the Secret Service cannot be asked;
 *   %TRUE otherwise, with %NULL tokens when it holds none for the account
 */
gboolean
roster_secrets_lookup (const char   *account_key,
                       char        **access_token,
                       char        **refresh_token,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *newline;

  *access_token = NULL;
  *refresh_token = NULL;

  secret = secret_password_lookup_sync (token_schema (), cancellable, &local_error, "account", account_key, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (secret == NULL)
    return TRUE;

  newline = strchr (secret, '\n');
  if (newline != NULL)
    {
      *access_token = g_strndup (secret, newline - secret);
      if (newline[1] != '\0')
        *refresh_token = g_strdup (newline + 1);
    }
  else
    *access_token = g_strdup (secret);
  secret_password_free (secret);

  return TRUE;
}

gboolean
roster_secrets_clear (const char   *account_key,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (token_schema (), cancellable, &local_error, "account", account_key, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
