/* roster-sign-in.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-sign-in"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "roster-api.h"
#include "roster-json.h"
#include "roster-sign-in.h"

/*
 * Signing in is OAuth 2.0 for a native application (RFC 8252): the
 * authorization code grant with PKCE (RFC 7636), the code coming back to a
 * loopback redirect that Roster listens on for that one request.
 *
 * roster_sign_in_begin() starts the listener and returns the page to open
 * in the browser; roster_sign_in_wait_async() ends when the browser comes
 * back and the code has been exchanged for tokens. The demo firm, whose
 * password Roster knows, goes through the same flow without a browser:
 * roster_sign_in_with_password() posts the sign-in page's form itself.
 */

struct _RosterSignIn
{
  GObject     parent_instance;

  char       *server;
  char       *verifier;
  char       *state;
  char       *redirect_uri;
  SoupServer *listener;
  GTask      *waiting;
};

G_DEFINE_FINAL_TYPE (RosterSignIn, roster_sign_in, G_TYPE_OBJECT)

static void
roster_sign_in_dispose (GObject *object)
{
  RosterSignIn *self = ROSTER_SIGN_IN (object);

  if (self->listener != NULL)
    soup_server_disconnect (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->waiting);

  G_OBJECT_CLASS (roster_sign_in_parent_class)->dispose (object);
}

static void
roster_sign_in_finalize (GObject *object)
{
  RosterSignIn *self = ROSTER_SIGN_IN (object);

  g_free (self->server);
  g_free (self->verifier);
  g_free (self->state);
  g_free (self->redirect_uri);

  G_OBJECT_CLASS (roster_sign_in_parent_class)->finalize (object);
}

static void
roster_sign_in_class_init (RosterSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_sign_in_dispose;
  object_class->finalize = roster_sign_in_finalize;
}

/* Unpadded base64url, as PKCE has it (RFC 7636, appendix A). */
static char *
base64url (const guint8 *data,
           gsize         length)
{
  g_autofree char *encoded = g_base64_encode (data, length);

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');

  return g_strdup (encoded);
}

/* 32 random bytes: a PKCE verifier or a state. */
static char *
random_token (void)
{
  guint8 bytes[32];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i += 4)
    {
      guint32 value = g_random_int ();

      memcpy (bytes + i, &value, 4);
    }

  return base64url (bytes, sizeof bytes);
}

static void
roster_sign_in_init (RosterSignIn *self)
{
  self->verifier = random_token ();
  self->state = random_token ();
}

/* The server the sign-in is for, without a trailing slash. */
const char *
roster_sign_in_get_server (RosterSignIn *self)
{
  return self->server;
}

RosterSignIn *
roster_sign_in_new (const char *server)
{
  RosterSignIn *self = g_object_new (ROSTER_TYPE_SIGN_IN, NULL);

  self->server = g_strdup (server);
  /* The same address without a trailing slash, as RosterApi joins it. */
  if (g_str_has_suffix (self->server, "/"))
    self->server[strlen (self->server) - 1] = '\0';

  return self;
}

static char *
challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);

  return base64url (digest, length);
}

static char *
authorize_query (RosterSignIn *self)
{
  g_autofree char *code_challenge = challenge (self->verifier);

  return soup_form_encode ("response_type", "code",
                           "client_id", ROSTER_CLIENT_ID,
                           "redirect_uri", self->redirect_uri,
                           "state", self->state,
                           "code_challenge", code_challenge,
                           "code_challenge_method", "S256",
                           NULL);
}

/* Trades the code for tokens at the server's token endpoint. */
static gboolean
exchange_code (RosterSignIn *self,
               const char   *code,
               char        **access_token,
               char        **refresh_token,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (self->server, "/oauth/token", NULL);
  g_autofree char *form = soup_form_encode ("grant_type", "authorization_code",
                                            "code", code,
                                            "redirect_uri", self->redirect_uri,
                                            "client_id", ROSTER_CLIENT_ID,
                                            "code_verifier", self->verifier,
                                            NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not the address of a server"), self->server);
      return FALSE;
    }
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE,
                   _("The server cannot be reached: %s"), local_error->message);
      return FALSE;
    }

  root = roster_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL);
  object = root ? roster_json_object (root, NULL) : NULL;
  if (soup_message_get_status (msg) != 200 || object == NULL ||
      !roster_json_get_string (object, "access_token", FALSE, access_token, NULL) ||
      !roster_json_get_string (object, "refresh_token", TRUE, refresh_token, NULL))
    {
      const char *description = NULL;

      if (object != NULL && json_object_has_member (object, "error_description"))
        description = json_object_get_string_member (object, "error_description");
      g_set_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED,
                   _("The server refused the sign-in: %s"),
                   description ? description : soup_status_get_phrase (soup_message_get_status (msg)));
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_sign_in_parse_redirect:
 * @expected_state: the state this sign-in sent
 * @query: (nullable): the query string the browser came back with, as sent
 * @code: (out): the authorization code
 *
 * The code (or the refusal) from where the browser was sent back: a page
 * with another state did not come from this sign-in, and is ignored
 * (%G_IO_ERROR_PERMISSION_DENIED), not trusted.
 */
gboolean
roster_sign_in_parse_redirect (const char *expected_state,
                               const char *query,
                               char      **code,
                               GError    **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *state;
  const char *value;
  const char *refusal;

  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  state = params ? g_hash_table_lookup (params, "state") : NULL;
  value = params ? g_hash_table_lookup (params, "code") : NULL;
  refusal = params ? g_hash_table_lookup (params, "error") : NULL;

  if (expected_state == NULL || g_strcmp0 (state, expected_state) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("The sign-in came back from another request"));
      return FALSE;
    }

  if (refusal != NULL || value == NULL || *value == '\0')
    {
      if (refusal != NULL && !g_utf8_validate (refusal, -1, NULL))
        refusal = "?";
      g_set_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED,
                   g_strcmp0 (refusal, "access_denied") == 0
                     ? _("Access to the firm’s account was not allowed")
                     : _("The sign-in failed: %s"), refusal ? refusal : "no code");
      return FALSE;
    }

  *code = g_strdup (value);
  return TRUE;
}

/**
 * roster_sign_in_begin:
 *
 * Listens on a loopback port for the browser's return.
 *
 * Returns: (transfer full): the sign-in page to open in the browser
 */
char *
roster_sign_in_begin (RosterSignIn *self,
                      GError      **error)
{
  g_autoptr(GSList) uris = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (ROSTER_IS_SIGN_IN (self), NULL);

  if (!roster_api_check_server_url (self->server, error))
    return NULL;

  if (self->listener == NULL)
    {
      self->listener = soup_server_new ("server-header", NULL, NULL);
      if (!soup_server_listen_local (self->listener, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
        return NULL;
      uris = soup_server_get_uris (self->listener);
      self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/signed-in", g_uri_get_port (uris->data));
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
    }

  query = authorize_query (self);
  return g_strdup_printf ("%s/oauth/authorize?%s", self->server, query);
}

typedef struct
{
  char *code;
  char *access_token;
  char *refresh_token;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->code);
  g_free (exchange->access_token);
  g_free (exchange->refresh_token);
  g_free (exchange);
}

static void
exchange_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Exchange *exchange = task_data;
  GError *error = NULL;

  if (exchange_code (source_object, exchange->code, &exchange->access_token, &exchange->refresh_token,
                     cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
handle_redirect (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RosterSignIn *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *code = NULL;
  g_autofree char *page = NULL;
  Exchange *exchange;

  if (!g_str_equal (path, "/signed-in") || self->waiting == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (!roster_sign_in_parse_redirect (self->state, g_uri_get_query (soup_server_message_get_uri (msg)), &code, &error))
    {
      /* Another page's visit is no answer: keep waiting for ours. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          return;
        }
    }

  page = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Roster</title></head>"
                          "<body style=\"font-family:Cantarell,sans-serif;text-align:center;padding-top:10vh\">"
                          "<h1>%s</h1><p>%s</p></body></html>",
                          error ? _("Not Signed In") : _("Signed In"),
                          _("You can close this page and go back to Roster."));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page, strlen (page));

  task = g_steal_pointer (&self->waiting);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->code = g_steal_pointer (&code);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  g_task_run_in_thread (task, exchange_in_thread);
}

/**
 * roster_sign_in_wait_async:
 *
 * Waits for the browser to come back to the loopback redirect, then
 * exchanges the code for tokens. Cancel it to stop waiting.
 */
void
roster_sign_in_wait_async (RosterSignIn       *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (self->listener != NULL);

  g_task_set_source_tag (task, roster_sign_in_wait_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_set_object (&self->waiting, task);
  soup_server_add_handler (self->listener, NULL, handle_redirect, self, NULL);
}

gboolean
roster_sign_in_wait_finish (RosterSignIn *self,
                            GAsyncResult *result,
                            char        **access_token,
                            char        **refresh_token,
                            GError      **error)
{
  Exchange *exchange;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  exchange = g_task_get_task_data (G_TASK (result));
  *access_token = g_steal_pointer (&exchange->access_token);
  *refresh_token = g_steal_pointer (&exchange->refresh_token);

  return TRUE;
}

/**
 * roster_sign_in_with_password:
 *
 * The same flow as in a browser, with Roster as the browser: it fills in
 * the sign-in page's form, allows access, and reads the code from where the
 * server sends it back. For the demo firm, whose password is public; it
 * blocks, so the app calls it on a worker thread.
 */
gboolean
roster_sign_in_with_password (RosterSignIn *self,
                              const char   *email,
                              const char   *password,
                              char        **access_token,
                              char        **refresh_token,
                              GCancellable *cancellable,
                              GError      **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (self->server, "/oauth/authorize", NULL);
  g_autofree char *query = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *form = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) location = NULL;
  g_autofree char *code = NULL;
  const char *target;

  if (!roster_api_check_server_url (self->server, error))
    return FALSE;

  if (self->redirect_uri == NULL)
    self->redirect_uri = g_strdup ("http://127.0.0.1/signed-in");
  query = authorize_query (self);
  credentials = soup_form_encode ("email", email, "password", password, "action", "allow", NULL);
  form = g_strdup_printf ("%s&%s", query, credentials);
  msg = soup_message_new ("POST", url);
  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not the address of a server"), self->server);
      return FALSE;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);

  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE,
                   _("The server cannot be reached: %s"), local_error->message);
      return FALSE;
    }

  target = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (msg)) || target == NULL ||
      (location = g_uri_parse (target, G_URI_FLAGS_ENCODED, NULL)) == NULL)
    {
      g_set_error_literal (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED,
                           _("The server did not accept the e-mail address and password"));
      return FALSE;
    }

  if (!roster_sign_in_parse_redirect (self->state, g_uri_get_query (location), &code, error))
    return FALSE;

  return exchange_code (self, code, access_token, refresh_token, cancellable, error);
}

/**
 * roster_sign_in_who_am_i:
 *
 * Asks the server who the token belongs to, to name the account.
 */
gboolean
roster_sign_in_who_am_i (const char   *server,
                         const char   *access_token,
                         gint64       *id,
                         char        **name,
                         char        **email,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autoptr(RosterApi) api = roster_api_new (server, access_token);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *data;

  roster_api_set_max_attempts (api, 2);
  root = roster_api_get (api, "/users/who_am_i.json?fields=id,name,email", NULL, cancellable, error);
  if (root == NULL)
    return FALSE;

  data = roster_json_object (json_object_get_member (json_node_get_object (root), "data"), error);
  return data != NULL &&
         roster_json_get_id (data, "id", id, error) &&
         roster_json_get_string (data, "name", FALSE, name, error) &&
         roster_json_get_string (data, "email", FALSE, email, error);
}
