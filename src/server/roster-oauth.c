/* roster-oauth.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-oauth"

#include "config.h"

#include <string.h>

#include "roster-oauth.h"
#include "roster-server-private.h"

/*
 * The OAuth 2.0 endpoints: a sign-in and consent page, the token endpoint
 * and deauthorization. Desktop clients are public clients (RFC 8252): they
 * must send a PKCE S256 challenge and redirect to a loopback address on any
 * port (section 7.3). The token endpoint answers in RFC 6749's error format,
 * {"error": "invalid_grant", "error_description": "…"}.
 */

gboolean
roster_oauth_is_loopback_redirect (const char *redirect_uri)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (redirect_uri == NULL)
    return FALSE;

  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 || g_uri_get_fragment (uri) != NULL)
    return FALSE;

  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0 || g_strcmp0 (host, "localhost") == 0;
}

static void
respond_html (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *content)
{
  g_autofree char *page = NULL;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title>"
                          "<style>"
                          "body{font-family:Cantarell,system-ui,sans-serif;background:#fafafa;color:#2e3436;"
                          "display:flex;justify-content:center;padding-top:8vh;margin:0}"
                          "main{background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.15);"
                          "padding:32px;width:360px}"
                          "h1{font-size:1.4em;margin-top:0}label{display:block;margin:12px 0 4px}"
                          "input[type=email],input[type=password]{width:100%%;box-sizing:border-box;padding:8px;"
                          "border:1px solid #ccc;border-radius:6px;font-size:1em}"
                          ".buttons{display:flex;gap:8px;margin-top:20px;justify-content:flex-end}"
                          "button{padding:8px 16px;border-radius:6px;border:0;font-size:1em}"
                          "button.allow{background:#3584e4;color:#fff}.error{color:#c01c28}"
                          "</style></head><body><main>%s</main></body></html>\n",
                          title, content);

  roster_server_set_status (msg, status);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Frame-Options", "DENY");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page, strlen (page));
}

static void
respond_html_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *content = g_strdup_printf ("<h1>Roster cannot sign you in</h1><p class=\"error\">%s</p>", escaped);

  respond_html (msg, status, "Sign-in failed", content);
}

static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               const char        *name,
               const char        *value,
               const char        *state)
{
  g_autoptr(GString) location = g_string_new (redirect_uri);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (location, strchr (redirect_uri, '?') ? '&' : '?');
  g_string_append_printf (location, "%s=%s", name, escaped_value);
  if (state != NULL)
    {
      g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);

      g_string_append_printf (location, "&state=%s", escaped_state);
    }

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
}

static const char *
param (GHashTable *params,
       const char *name)
{
  return params != NULL ? g_hash_table_lookup (params, name) : NULL;
}

/* Checks what can be checked before redirecting: a bad client or redirect
 * URI gets an error page, never a redirect to an address nobody vouched for. */
static gboolean
check_client (RosterFirm        *firm,
              SoupServerMessage *msg,
              GHashTable        *params)
{
  if (!roster_firm_client_exists (firm, param (params, "client_id")))
    {
      respond_html_error (msg, SOUP_STATUS_BAD_REQUEST, "This application is not known to the firm's account.");
      return FALSE;
    }

  if (!roster_oauth_is_loopback_redirect (param (params, "redirect_uri")))
    {
      respond_html_error (msg, SOUP_STATUS_BAD_REQUEST,
                          "A desktop application must redirect to a loopback address (http://127.0.0.1:PORT/…).");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_request (SoupServerMessage *msg,
               GHashTable        *params)
{
  const char *redirect_uri = param (params, "redirect_uri");
  const char *state = param (params, "state");

  if (g_strcmp0 (param (params, "response_type"), "code") != 0)
    {
      redirect_with (msg, redirect_uri, "error", "unsupported_response_type", state);
      return FALSE;
    }

  if (param (params, "code_challenge") == NULL || strlen (param (params, "code_challenge")) != 43 ||
      g_strcmp0 (param (params, "code_challenge_method"), "S256") != 0)
    {
      redirect_with (msg, redirect_uri, "error", "invalid_request", state);
      return FALSE;
    }

  return TRUE;
}

static void
show_sign_in (SoupServerMessage *msg,
              GHashTable        *params,
              guint              status,
              const char        *error_message)
{
  static const char *carried[] = {
    "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method",
  };
  g_autoptr(GString) content = g_string_new (NULL);
  const char *email = param (params, "email");

  g_string_append (content, "<h1>Sign in to your firm</h1>"
                   "<p><b>Roster</b> asks to manage the users of your firm's account on your behalf.</p>");
  if (error_message != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error_message, -1);

      g_string_append_printf (content, "<p class=\"error\" role=\"alert\">%s</p>", escaped);
    }

  g_string_append (content, "<form method=\"post\" action=\"/oauth/authorize\">");
  for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
    {
      const char *value = param (params, carried[i]);
      g_autofree char *escaped = g_markup_escape_text (value ? value : "", -1);

      g_string_append_printf (content, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", carried[i], escaped);
    }
  {
    g_autofree char *escaped_email = g_markup_escape_text (email ? email : "", -1);

    g_string_append_printf (content,
                            "<label for=\"email\">E-mail address</label>"
                            "<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"username\" required value=\"%s\">"
                            "<label for=\"password\">Password</label>"
                            "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
                            "<div class=\"buttons\">"
                            "<button type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>Deny</button>"
                            "<button type=\"submit\" name=\"action\" value=\"allow\" class=\"allow\">Allow</button>"
                            "</div></form>",
                            escaped_email);
  }

  respond_html (msg, status, "Sign in — Roster", content->str);
}

static GHashTable *
form_params (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  if (g_bytes_get_size (body) > 64 * 1024)
    return NULL;

  return soup_form_decode (text);
}

static void
handle_authorize (RosterFirm        *firm,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(RosterActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GHashTable *params;

  if (g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      if (check_client (firm, msg, query) && check_request (msg, query))
        show_sign_in (msg, query, SOUP_STATUS_OK, NULL);
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      roster_server_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED);
      return;
    }

  form = form_params (msg);
  params = form;
  if (params == NULL)
    {
      respond_html_error (msg, SOUP_STATUS_BAD_REQUEST, "The form is not valid.");
      return;
    }

  if (!check_client (firm, msg, params) || !check_request (msg, params))
    return;

  if (g_strcmp0 (param (params, "action"), "allow") != 0)
    {
      redirect_with (msg, param (params, "redirect_uri"), "error", "access_denied", param (params, "state"));
      return;
    }

  actor = roster_firm_sign_in (firm, param (params, "email"), param (params, "password"), &error);
  if (actor == NULL)
    {
      show_sign_in (msg, params, SOUP_STATUS_UNAUTHORIZED, error->message);
      return;
    }

  code = roster_firm_issue_code (firm, param (params, "client_id"), actor->id,
                                 param (params, "redirect_uri"), param (params, "code_challenge"), &error);
  if (code == NULL)
    {
      respond_html_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "The server failed; try again.");
      return;
    }

  redirect_with (msg, param (params, "redirect_uri"), "code", code, param (params, "state"));
}

static void
respond_token_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error,
                     const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  roster_server_set_status (msg, status);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle_token (RosterFirm        *firm,
              SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  const char *grant_type;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      respond_token_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", "Use POST");
      return;
    }

  form = form_params (msg);
  grant_type = param (form, "grant_type");

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    tokens = roster_firm_exchange_code (firm, param (form, "client_id"), param (form, "code"),
                                        param (form, "redirect_uri"), param (form, "code_verifier"), &error);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    tokens = roster_firm_refresh (firm, param (form, "client_id"), param (form, "refresh_token"), &error);
  else
    {
      respond_token_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                           "grant_type is authorization_code or refresh_token");
      return;
    }

  if (tokens == NULL)
    {
      gboolean invalid_request = error->code == ROSTER_FIRM_ERROR_INVALID_REQUEST;

      respond_token_error (msg, SOUP_STATUS_BAD_REQUEST, invalid_request ? "invalid_request" : "invalid_grant",
                           error->message);
      return;
    }

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, tokens);
  body = json_to_string (root, FALSE);
  roster_server_set_status (msg, SOUP_STATUS_OK);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle_deauthorize (RosterFirm        *firm,
                    SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      respond_token_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", "Use POST");
      return;
    }

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (header + 7));
  else
    {
      form = form_params (msg);
      token = g_strdup (param (form, "token"));
    }

  if (!roster_firm_deauthorize (firm, token, &error))
    {
      respond_token_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_token", error->message);
      return;
    }

  roster_server_set_status (msg, SOUP_STATUS_OK);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC, "{}", 2);
}

void
roster_oauth_handle (RosterFirm        *firm,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query)
{
  if (g_str_equal (path, "/oauth/authorize"))
    handle_authorize (firm, msg, query);
  else if (g_str_equal (path, "/oauth/token"))
    handle_token (firm, msg);
  else if (g_str_equal (path, "/oauth/deauthorize"))
    handle_deauthorize (firm, msg);
  else
    respond_token_error (msg, SOUP_STATUS_NOT_FOUND, "invalid_request", "There is nothing at this path");
}
