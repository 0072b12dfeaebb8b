/* roster-session-open.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-demo.h"
#include "roster-secrets.h"
#include "roster-sign-in.h"
#include "roster-session-private.h"

/*
 * Opening an account: the last used, one this computer knows, one given by
 * token, the demo firm, or a firm's own server through the browser; its
 * credentials; and signing out.
 */

/* Opening ------------------------------------------------------------------ */

/* Shows the account's cache at once; credentials and the sync follow. */
static gboolean
open_account (RosterSession      *self,
              RosterKnownAccount *account,
              GError            **error)
{
  g_autofree char *path = roster_known_account_cache_path (account);
  RosterStore *store = NULL;

  /* accounts.ini is a file anyone with the user's rights may edit: the
   * address read back is held to the rules it was first checked by, or a
   * token would go in the clear to wherever it now says. */
  if (!roster_api_check_server_url (account->server, error))
    {
      roster_known_account_free (account);
      return FALSE;
    }

  store = roster_store_open (path, error);
  if (store == NULL)
    {
      roster_known_account_free (account);
      return FALSE;
    }

  g_clear_object (&self->store);
  self->store = store;
  g_clear_pointer (&self->account, roster_known_account_free);
  self->account = account;
  g_array_set_size (self->awaited, 0);
  g_clear_error (&self->credentials_error);
  g_clear_error (&self->last_sync_error);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_UNKNOWN, NULL);
  roster_session_set_offline (self, FALSE);

  /* The window reads the cache when the state becomes open; an account
   * opened in place of another is a change. */
  if (self->state == ROSTER_SESSION_OPEN)
    roster_session_emit_changed (self);
  else
    roster_session_set_state (self, ROSTER_SESSION_OPEN);

  return TRUE;
}

/* Credentials now present: sync when the window wants it, or when a
 * refresh waited for them. */
static void
credentials_found (RosterSession *self)
{
  gboolean refresh = self->sync_on_open || self->refresh_again;

  self->refresh_again = FALSE;
  if (refresh)
    roster_session_refresh (self);
}

/* The demo firm -------------------------------------------------------------- */

typedef struct
{
  RosterDemoServer *demo;
  char             *access_token;
  char             *refresh_token;
  gint64            user_id;
  char             *user_name;
  char             *email;
} DemoStart;

static void
demo_start_free (DemoStart *start)
{
  g_clear_object (&start->demo);
  g_free (start->access_token);
  g_free (start->refresh_token);
  g_free (start->user_name);
  g_free (start->email);
  g_free (start);
}

/* On a worker thread: the server, then the sign-in through its own pages. */
static void
start_demo_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DemoStart *start = g_new0 (DemoStart, 1);
  g_autoptr(RosterSignIn) sign_in = NULL;
  GError *error = NULL;

  start->demo = roster_demo_server_start (cancellable, &error);
  if (start->demo != NULL)
    {
      sign_in = roster_sign_in_new (roster_demo_server_get_url (start->demo));
      if (roster_sign_in_with_password (sign_in, ROSTER_DEMO_EMAIL, ROSTER_DEMO_PASSWORD,
                                        &start->access_token, &start->refresh_token, cancellable, &error))
        roster_sign_in_who_am_i (roster_demo_server_get_url (start->demo), start->access_token, &start->user_id,
                                 &start->user_name, &start->email, cancellable, &error);
    }

  if (error != NULL)
    {
      demo_start_free (start);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, start, (GDestroyNotify) demo_start_free);
}

static void
demo_started (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  DemoStart *start = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean reopening = GPOINTER_TO_INT (user_data);
  RosterKnownAccount *account;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_credentials = FALSE;

  if (start == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo firm could not start: %s"), error->message);

      /* Its cache is still there to review: the demo firm is "offline". */
      if (reopening)
        {
          g_clear_error (&self->credentials_error);
          self->credentials_error = g_error_new_literal (ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE, message);
          self->refresh_again = FALSE;
          roster_session_set_offline (self, TRUE);
        }
      else
        roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
      roster_session_fail (self, message, TRUE);
      return;
    }

  roster_session_stop_demo (self);
  self->demo = g_steal_pointer (&start->demo);
  roster_session_set_tokens (self, start->access_token, start->refresh_token);
  roster_session_set_tokens_in_memory (self, FALSE);

  if (reopening)
    {
      g_free (self->account->server);
      self->account->server = g_strdup (roster_demo_server_get_url (self->demo));
    }
  else
    {
      account = roster_known_account_new (roster_demo_server_get_url (self->demo), start->email);
      g_free (account->key);
      account->key = g_strdup (ROSTER_DEMO_KEY);
      account->demo = TRUE;
      account->user_id = start->user_id;
      account->user_name = g_strdup (start->user_name);
      if (!open_account (self, account, &error))
        {
          roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
          roster_session_fail (self, error->message, FALSE);
          demo_start_free (start);
          return;
        }
    }

  roster_known_accounts_save (self->account, NULL);
  demo_start_free (start);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_PRESENT, NULL);
  credentials_found (self);
}

static void
start_demo (RosterSession *self,
            gboolean       reopening)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, demo_started, GINT_TO_POINTER (reopening));

  self->loading_credentials = TRUE;
  g_task_set_source_tag (task, roster_session_start_demo);
  g_task_run_in_thread (task, start_demo_in_thread);
}

/**
 * roster_session_start_demo:
 *
 * Starts the bundled demo firm on this computer, signs in to it as one of
 * its administrators, and syncs: no network needed.
 */
void
roster_session_start_demo (RosterSession *self)
{
  g_return_if_fail (ROSTER_IS_SESSION (self));

  roster_session_set_state (self, ROSTER_SESSION_SIGNING_IN);
  start_demo (self, FALSE);
}

/* Credentials from the keyring ----------------------------------------------- */

typedef struct
{
  char *access_token;
  char *refresh_token;
} Tokens;

static void
tokens_free (Tokens *tokens)
{
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens);
}

static void
lookup_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Tokens *tokens = g_new0 (Tokens, 1);
  GError *error = NULL;

  if (!roster_secrets_lookup (task_data, &tokens->access_token, &tokens->refresh_token, cancellable, &error))
    {
      tokens_free (tokens);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify) tokens_free);
}

static void
tokens_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  Tokens *tokens = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_credentials = FALSE;

  if (tokens == NULL || tokens->access_token == NULL)
    {
      const char *reason = _("The sign-in was not kept: the firm is shown as last synced. "
                             "Sign out and sign in again to sync.");

      g_debug ("No tokens for %s: %s", self->account->key, error ? error->message : "none stored");
      self->refresh_again = FALSE;
      roster_session_set_credentials (self, ROSTER_CREDENTIALS_MISSING, reason);
      g_clear_pointer (&tokens, tokens_free);
      return;
    }

  roster_session_set_tokens (self, tokens->access_token, tokens->refresh_token);
  tokens_free (tokens);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_PRESENT, NULL);
  credentials_found (self);
}

/**
 * roster_session_load_credentials:
 *
 * Looks for the open account's credentials in the background: the demo
 * firm's own sign-in, or the keyring. :credentials tells what was found.
 */
void
roster_session_load_credentials (RosterSession *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if (self->state != ROSTER_SESSION_OPEN || self->loading_credentials ||
      self->credentials != ROSTER_CREDENTIALS_UNKNOWN)
    return;

  g_clear_error (&self->credentials_error);
  if (self->account->demo)
    {
      start_demo (self, TRUE);
      return;
    }

  self->loading_credentials = TRUE;
  task = g_task_new (self, self->cancellable, tokens_looked_up, NULL);
  g_task_set_source_tag (task, roster_session_load_credentials);
  g_task_set_task_data (task, g_strdup (self->account->key), g_free);
  g_task_run_in_thread (task, lookup_in_thread);
}

/**
 * roster_session_wait_for_credentials:
 *
 * Looks for the credentials, if nobody has yet, and runs the
 * thread-default main context until they are found or not (roster-cli).
 *
 * Returns: %FALSE with %ROSTER_SESSION_ERROR_SIGNED_OUT (and the reason)
 *   when signed out, or %ROSTER_API_ERROR_OFFLINE when the demo firm's
 *   server could not start
 */
gboolean
roster_session_wait_for_credentials (RosterSession *self,
                                     GError       **error)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  if (self->state != ROSTER_SESSION_OPEN)
    {
      g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN, _("No account is open"));
      return FALSE;
    }

  roster_session_load_credentials (self);
  while (self->loading_credentials)
    g_main_context_iteration (NULL, TRUE);

  if (self->credentials == ROSTER_CREDENTIALS_PRESENT)
    return TRUE;
  if (self->credentials_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->credentials_error));
      return FALSE;
    }

  g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_SIGNED_OUT, _("Signed out of %s: %s"),
               self->account->key, self->signed_out_reason ? self->signed_out_reason : _("sign in again"));
  return FALSE;
}

/**
 * roster_session_preopen_last:
 *
 * Starts opening the cache of the account used last, and reading its
 * users, on a thread of its own (roster_store_preopen()): for a program
 * that will open it with roster_session_open_last() once it has started
 * what else it needs, on this thread.
 */
void
roster_session_preopen_last (void)
{
  g_autoptr(RosterKnownAccount) account = roster_known_accounts_last_used (NULL);
  g_autofree char *path = NULL;

  /* Held to the rules open_account() holds it to. */
  if (account == NULL || !roster_api_check_server_url (account->server, NULL))
    return;

  path = roster_known_account_cache_path (account);
  roster_store_preopen (path);
}

/**
 * roster_session_open_last:
 *
 * Opens the account used last, on its cache; with :sync-on-open, its
 * credentials and a sync follow in the background.
 *
 * Returns: %FALSE when this computer knows no account
 */
gboolean
roster_session_open_last (RosterSession *self)
{
  g_autoptr(GError) error = NULL;
  RosterKnownAccount *account = roster_known_accounts_last_used (&error);

  if (account == NULL)
    return FALSE;

  if (!open_account (self, account, &error))
    {
      roster_session_fail (self, error->message, FALSE);
      roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
      return FALSE;
    }

  if (self->sync_on_open)
    roster_session_load_credentials (self);

  return TRUE;
}

/**
 * roster_session_open_known:
 * @key_or_email: (nullable): the account's key or e-mail address; %NULL
 *   for the last used
 *
 * Opens an account this computer knows, on its cache.
 */
gboolean
roster_session_open_known (RosterSession *self,
                           const char    *key_or_email,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RosterKnownAccount *account;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  account = key_or_email ? roster_known_accounts_find (key_or_email, &local_error)
                         : roster_known_accounts_last_used (&local_error);
  if (account == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (key_or_email != NULL)
        g_set_error (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN,
                     _("This computer knows no account “%s”"), key_or_email);
      else
        g_set_error_literal (error, ROSTER_SESSION_ERROR, ROSTER_SESSION_ERROR_NOT_OPEN,
                             _("No account on this computer yet: sign in first"));
      return FALSE;
    }

  if (!open_account (self, account, error))
    return FALSE;
  if (self->sync_on_open)
    roster_session_load_credentials (self);

  return TRUE;
}

/* The account this computer knows on @server, when there is one only (or
 * the one @key_or_email names). */
static RosterKnownAccount *
known_account_on (const char *server,
                  const char *key_or_email)
{
  g_autoptr(GPtrArray) accounts = roster_known_accounts_load (NULL);
  RosterKnownAccount *found = NULL;
  guint matches = 0;

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      RosterKnownAccount *account = g_ptr_array_index (accounts, i);

      if (account->demo || g_strcmp0 (account->server, server) != 0)
        continue;
      if (key_or_email != NULL && g_strcmp0 (account->key, key_or_email) != 0 &&
          g_ascii_strcasecmp (account->email, key_or_email) != 0)
        continue;
      found = account;
      matches++;
    }
  if (matches != 1)
    return NULL;

  return roster_known_accounts_find (found->key, NULL);
}

/**
 * roster_session_open_with_token:
 * @server: (nullable): the server the token is for; %NULL for an account
 *   this computer knows
 * @key_or_email: (nullable): which known account; %NULL for the last used,
 *   or the one on @server
 * @access_token: a token given for automation (a file, the environment):
 *   used, never stored
 *
 * Opens the account of a token. On a server given by address the server
 * names the account; when it cannot be reached, the account this computer
 * already knows on it opens on its cache, offline.
 */
gboolean
roster_session_open_with_token (RosterSession *self,
                                const char    *server,
                                const char    *key_or_email,
                                const char    *access_token,
                                GError       **error)
{
  RosterKnownAccount *account = NULL;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (access_token != NULL, FALSE);

  if (server == NULL)
    {
      if (!roster_session_open_known (self, key_or_email, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      gint64 id;

      if (!roster_api_check_server_url (server, error))
        return FALSE;

      if (roster_sign_in_who_am_i (server, access_token, &id, &name, &email, self->cancellable, &local_error))
        {
          account = roster_known_account_new (server, email);
          account->user_id = id;
          account->user_name = g_steal_pointer (&name);
          if (!roster_known_accounts_save (account, error))
            {
              roster_known_account_free (account);
              return FALSE;
            }
        }
      else if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE) &&
               (account = known_account_on (server, key_or_email)) != NULL)
        g_debug ("%s cannot be reached: %s opens on its cache", server, account->key);
      else
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Cannot sign in to %s: "), server);
          return FALSE;
        }

      if (!open_account (self, account, error))
        return FALSE;
      if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
        roster_session_set_offline (self, TRUE);
    }

  roster_session_set_tokens (self, access_token, NULL);
  self->tokens_given = TRUE;
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_PRESENT, NULL);
  credentials_found (self);

  return TRUE;
}

/**
 * roster_session_open:
 * @server: (nullable): a server given by address, with a token
 * @key_or_email: (nullable): a known account; %NULL for the last used
 * @token_file: (nullable): a file holding an access token
 *
 * Opens an account for automation: with a token from @token_file or
 * $ROSTER_TOKEN (never from the command line, where other users could read
 * it) that token is used and never stored; without one, the account's own
 * credentials are looked for when needed.
 */
gboolean
roster_session_open (RosterSession *self,
                     const char    *server,
                     const char    *key_or_email,
                     const char    *token_file,
                     GError       **error)
{
  const char *from_environment = g_getenv ("ROSTER_TOKEN");
  g_autofree char *token = NULL;

  if (token_file != NULL)
    {
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (token_file, &contents, NULL, error))
        return FALSE;
      token = g_strdup (g_strstrip (contents));
    }
  else if (from_environment != NULL && *from_environment != '\0')
    token = g_strdup (from_environment);

  if (token != NULL && *token != '\0')
    return roster_session_open_with_token (self, server, key_or_email, token, error);

  if (server != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A server given by address needs a token in a file or in $ROSTER_TOKEN"));
      return FALSE;
    }

  return roster_session_open_known (self, key_or_email, error);
}

/* A firm's own server, through the browser ---------------------------------- */

typedef struct
{
  char     *server;
  char     *access_token;
  char     *refresh_token;
  gint64    user_id;
  char     *user_name;
  char     *email;
  gboolean  stored;
} Connected;

static void
connected_free (Connected *connected)
{
  g_free (connected->server);
  g_free (connected->access_token);
  g_free (connected->refresh_token);
  g_free (connected->user_name);
  g_free (connected->email);
  g_free (connected);
}

/* On a worker thread: who signed in, and their tokens to the keyring. */
static void
name_account_in_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Connected *connected = task_data;
  g_autoptr(RosterKnownAccount) account = NULL;
  GError *error = NULL;

  if (!roster_sign_in_who_am_i (connected->server, connected->access_token, &connected->user_id,
                                &connected->user_name, &connected->email, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  account = roster_known_account_new (connected->server, connected->email);
  connected->stored = roster_secrets_store (account->key, account->key, connected->access_token,
                                            connected->refresh_token, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
account_named (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  Connected *connected = g_task_get_task_data (G_TASK (result));
  RosterKnownAccount *account;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
          roster_session_fail (self, error->message, FALSE);
        }
      return;
    }

  account = roster_known_account_new (connected->server, connected->email);
  account->user_id = connected->user_id;
  account->user_name = g_strdup (connected->user_name);

  /* Said before the firm fills the window: no keyring, the sign-in lasts
   * until Roster closes. */
  roster_session_set_tokens_in_memory (self, !connected->stored);
  if (!open_account (self, account, &error))
    {
      roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
      roster_session_fail (self, error->message, FALSE);
      return;
    }
  roster_session_set_tokens (self, connected->access_token, connected->refresh_token);
  self->tokens_given = FALSE;
  roster_known_accounts_save (self->account, NULL);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_PRESENT, NULL);
  credentials_found (self);
}

static void
browser_returned (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RosterSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Connected *connected = g_new0 (Connected, 1);

  if (!roster_sign_in_wait_finish (ROSTER_SIGN_IN (source), result, &connected->access_token,
                                   &connected->refresh_token, &error))
    {
      connected_free (connected);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
          roster_session_fail (self, error->message, FALSE);
        }
      g_object_unref (self);
      return;
    }

  connected->server = g_strdup (roster_sign_in_get_server (ROSTER_SIGN_IN (source)));
  task = g_task_new (self, self->cancellable, account_named, NULL);
  g_task_set_task_data (task, connected, (GDestroyNotify) connected_free);
  g_task_run_in_thread (task, name_account_in_thread);
  g_object_unref (self);
}

/**
 * roster_session_begin_sign_in:
 * @server: the firm's server: https, or http on this computer
 * @url: (out): the sign-in page, for the caller to open in a browser
 *
 * Waits for the browser to come back from @url (OAuth 2.0 with PKCE and a
 * loopback redirect). :state says when the account is open, or signed out
 * again, with "failed" telling why.
 */
gboolean
roster_session_begin_sign_in (RosterSession *self,
                              const char    *server,
                              char         **url,
                              GError       **error)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  if (!roster_api_check_server_url (server, error))
    return FALSE;

  g_clear_object (&self->sign_in);
  self->sign_in = roster_sign_in_new (server);
  *url = roster_sign_in_begin (self->sign_in, error);
  if (*url == NULL)
    return FALSE;

  roster_session_set_state (self, ROSTER_SESSION_SIGNING_IN);
  roster_sign_in_wait_async (self->sign_in, self->cancellable, browser_returned, g_object_ref (self));

  return TRUE;
}

/**
 * roster_session_connect:
 *
 * roster_session_begin_sign_in(), with the sign-in page opened in the
 * default browser.
 */
gboolean
roster_session_connect (RosterSession *self,
                        const char    *server,
                        GError       **error)
{
  g_autofree char *url = NULL;

  if (!roster_session_begin_sign_in (self, server, &url, error))
    return FALSE;

  if (!g_app_info_launch_default_for_uri (url, NULL, error))
    {
      g_prefix_error (error, _("No browser could be opened to sign in: "));
      roster_session_cancel_sign_in (self);
      return FALSE;
    }

  return TRUE;
}

void
roster_session_cancel_sign_in (RosterSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_credentials = FALSE;
  g_clear_object (&self->sign_in);
  roster_session_stop_demo (self);
  roster_session_set_state (self, self->store != NULL ? ROSTER_SESSION_OPEN : ROSTER_SESSION_SIGNED_OUT);
}

/**
 * roster_session_sign_out:
 * @forget_cache: whether to remove the cached firm too
 *
 * Removes the tokens from the Secret Service and forgets the account.
 */
void
roster_session_sign_out (RosterSession *self,
                         gboolean       forget_cache)
{
  g_autofree char *path = NULL;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_credentials = FALSE;
  self->refresh_again = FALSE;
  g_clear_handle_id (&self->send_source, g_source_remove);
  roster_session_forget_sync (self);

  if (!self->account->demo)
    roster_secrets_clear (self->account->key, NULL, NULL);
  roster_known_accounts_forget (self->account->key, NULL);
  roster_session_set_tokens (self, NULL, NULL);
  self->tokens_given = FALSE;

  path = roster_known_account_cache_path (self->account);
  g_clear_object (&self->store);
  /* What was queued stays in the cache for a later sign-in; nobody here
   * waits for its answer any more. */
  g_array_set_size (self->awaited, 0);
  if (forget_cache)
    roster_store_remove_cache (path);

  roster_session_stop_demo (self);
  g_clear_pointer (&self->account, roster_known_account_free);
  g_clear_error (&self->credentials_error);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_UNKNOWN, NULL);
  roster_session_set_offline (self, FALSE);
  roster_session_set_state (self, ROSTER_SESSION_SIGNED_OUT);
}
