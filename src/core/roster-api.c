/* roster-api.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "roster-api.h"
#include "roster-json.h"

/*
 * The client of the firm's API: one SoupSession with a user agent and a
 * timeout, bearer authentication, and the patience a shared server asks
 * for: requests that may be repeated are retried with exponential backoff
 * and jitter after a dropped connection, a 5xx, a 429 (after its
 * Retry-After) or an answer that is not JSON, and the client waits for the
 * rate-limit window when X-RateLimit-Remaining says it is used up, rather
 * than be refused. A server that cannot be connected to at all is offline
 * at once, with no retry. It is used from one thread at a time (the
 * sync's).
 */

#define DEFAULT_MAX_ATTEMPTS 8
#define BACKOFF_BASE_MS 100
#define BACKOFF_MAX_MS 5000

struct _RosterApi
{
  GObject                parent_instance;

  SoupSession           *session;
  char                  *base_url;
  char                  *access_token;
  guint                  max_attempts;
  guint                  requests;
  gint64                 wait_until_usec; /* a rate-limit window to wait out */
  RosterRateLimit        rate_limit;      /* as the last answer said it */
  GRand                 *jitter;

  char                  *client_id;
  char                  *refresh_token;
  RosterTokensRefreshed  refreshed;
  gpointer               refreshed_data;
};

G_DEFINE_FINAL_TYPE (RosterApi, roster_api, G_TYPE_OBJECT)

/* What a ROSTER_API_ERROR carries besides its message: the server's own
 * word for a refusal, so that it travels with the error across threads and
 * queues rather than stay behind in the client that met it. */
typedef struct
{
  char  *refusal;   /* the type of {"error": {"type", "message"}}, or NULL */
  guint  status;    /* the HTTP status of the last answer, or 0 for none */
  char  *method;    /* the request's, or NULL when the error was made elsewhere */
  char  *path;      /* its path, without the query: "/api/v4/tasks.json" */
} RosterApiErrorPrivate;

static void
roster_api_error_private_init (RosterApiErrorPrivate *priv)
{
  priv->refusal = NULL;
  priv->status = 0;
  priv->method = NULL;
  priv->path = NULL;
}

static void
roster_api_error_private_copy (const RosterApiErrorPrivate *src_priv,
                               RosterApiErrorPrivate       *dest_priv)
{
  dest_priv->refusal = g_strdup (src_priv->refusal);
  dest_priv->status = src_priv->status;
  dest_priv->method = g_strdup (src_priv->method);
  dest_priv->path = g_strdup (src_priv->path);
}

static void
roster_api_error_private_clear (RosterApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->refusal, g_free);
  g_clear_pointer (&priv->method, g_free);
  g_clear_pointer (&priv->path, g_free);
}

G_DEFINE_EXTENDED_ERROR (RosterApiError, roster_api_error)

/**
 * roster_api_error_get_refusal:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the server's type of a refusal (e.g.
 *   "primary_subscriber", "forbidden", "email_unavailable", "unauthorized"), or
 *   %NULL when @error is not a ROSTER_API_ERROR or the server gave no type
 */
const char *
roster_api_error_get_refusal (const GError *error)
{
  if (error == NULL || error->domain != ROSTER_API_ERROR)
    return NULL;

  return roster_api_error_get_private (error)->refusal;
}

/**
 * roster_api_error_get_status:
 * @error: (nullable): any error
 *
 * Returns: the HTTP status of the answer behind a ROSTER_API_ERROR (403 for
 *   a refusal "forbidden", 503 for a server that kept failing), or 0 when
 *   there was no answer or @error is not a ROSTER_API_ERROR
 */
guint
roster_api_error_get_status (const GError *error)
{
  if (error == NULL || error->domain != ROSTER_API_ERROR)
    return 0;

  return roster_api_error_get_private (error)->status;
}

/**
 * roster_api_error_get_method:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the method of the request a ROSTER_API_ERROR is
 *   about ("GET", "PATCH"), or %NULL
 */
const char *
roster_api_error_get_method (const GError *error)
{
  if (error == NULL || error->domain != ROSTER_API_ERROR)
    return NULL;

  return roster_api_error_get_private (error)->method;
}

/**
 * roster_api_error_get_path:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the path of the request a ROSTER_API_ERROR is about,
 *   without its query ("/api/v4/tasks/57.json"), or %NULL
 */
const char *
roster_api_error_get_path (const GError *error)
{
  if (error == NULL || error->domain != ROSTER_API_ERROR)
    return NULL;

  return roster_api_error_get_private (error)->path;
}

/* The request an error is about, as a person or a log names it. */
typedef struct
{
  const char *method;
  char       *path;
} Named;

static GError * api_error_new (RosterApiError code,
                               guint          status,
                               const char    *refusal,
                               const Named   *request,
                               const char    *format,
                               ...) G_GNUC_PRINTF (5, 6);

/* A failure that is about one request (the server failed, an answer that
 * is not JSON) says which in its message; a refusal is the server's words
 * alone, which a person reads, and being offline or signed out is about no
 * request in particular. Every one carries the request. */
static GError *
api_error_new (RosterApiError code,
               guint          status,
               const char    *refusal,
               const Named   *request,
               const char    *format,
               ...)
{
  RosterApiErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (ROSTER_API_ERROR, code, format, args);
  va_end (args);

  if (request != NULL && (code == ROSTER_API_ERROR_SERVER || code == ROSTER_API_ERROR_MALFORMED))
    g_prefix_error (&error, "%s %s: ", request->method, request->path);

  priv = roster_api_error_get_private (error);
  priv->status = status;
  priv->refusal = g_strdup (refusal);
  if (request != NULL)
    {
      priv->method = g_strdup (request->method);
      priv->path = g_strdup (request->path);
    }

  return error;
}

/**
 * roster_api_error_new_refused:
 * @status: the HTTP status the server would have answered (422)
 * @refusal: the server's type for it ("invalid_receiver")
 *
 * A refusal the client states in the server's terms, for what it can tell
 * before asking (a receiver with no calendar to receive events): callers
 * treat it as they treat the server's own.
 *
 * Returns: (transfer full): a ROSTER_API_ERROR_REFUSED
 */
GError *
roster_api_error_new_refused (guint       status,
                              const char *refusal,
                              const char *format,
                              ...)
{
  RosterApiErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED, format, args);
  va_end (args);

  priv = roster_api_error_get_private (error);
  priv->status = status;
  priv->refusal = g_strdup (refusal);

  return error;
}

static void
set_refused (RosterApi   *self,
             GError     **error,
             guint        status,
             const char  *type,
             const char  *message,
             const Named *request)
{
  g_propagate_error (error, api_error_new (status == 401 ? ROSTER_API_ERROR_UNAUTHORIZED : ROSTER_API_ERROR_REFUSED,
                                           status, type, request,
                                           "%s", message ? message : soup_status_get_phrase (status)));
}

static void
roster_api_finalize (GObject *object)
{
  RosterApi *self = ROSTER_API (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->jitter, g_rand_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->refresh_token, g_free);

  G_OBJECT_CLASS (roster_api_parent_class)->finalize (object);
}

static void
roster_api_class_init (RosterApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_api_finalize;
}

static void
roster_api_init (RosterApi *self)
{
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->jitter = g_rand_new ();
}

RosterApi *
roster_api_new (const char *base_url,
                const char *access_token)
{
  RosterApi *self = g_object_new (ROSTER_TYPE_API, NULL);

  self->base_url = g_strdup (base_url);
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->access_token = g_strdup (access_token);
  self->session = soup_session_new_with_options ("user-agent", "Roster/" PACKAGE_VERSION " ",
                                                 "timeout", 30,
                                                 NULL);

  return self;
}

const char *
roster_api_get_base_url (RosterApi *self)
{
  return self->base_url;
}

void
roster_api_set_max_attempts (RosterApi *self,
                             guint      attempts)
{
  self->max_attempts = MAX (attempts, 1);
}

/**
 * roster_api_set_refresh:
 * @callback: (nullable): told the new tokens after each refresh
 *
 * With a refresh token, a request answered 401 refreshes the access token
 * once and is sent again.
 */
void
roster_api_set_refresh (RosterApi            *self,
                        const char           *client_id,
                        const char           *refresh_token,
                        RosterTokensRefreshed callback,
                        gpointer              user_data)
{
  g_return_if_fail (ROSTER_IS_API (self));

  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  self->refreshed = callback;
  self->refreshed_data = user_data;
}

/* Trades the refresh token for a new access token (RFC 6749, 6). */
static gboolean
refresh_access_token (RosterApi    *self,
                      GCancellable *cancellable)
{
  g_autofree char *url = g_strconcat (self->base_url, "/oauth/token", NULL);
  g_autofree char *form = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  JsonObject *object;

  if (self->refresh_token == NULL || self->client_id == NULL)
    return FALSE;

  form = soup_form_encode ("grant_type", "refresh_token", "refresh_token", self->refresh_token,
                           "client_id", self->client_id, NULL);
  msg = soup_message_new ("POST", url);
  if (msg == NULL)
    return FALSE;
  request = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);

  self->requests++;
  answer = soup_session_send_and_read (self->session, msg, cancellable, NULL);
  if (answer == NULL || soup_message_get_status (msg) != 200)
    return FALSE;

  root = roster_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL);
  object = root ? roster_json_object (root, NULL) : NULL;
  if (object == NULL ||
      !roster_json_get_string (object, "access_token", FALSE, &access_token, NULL) ||
      !roster_json_get_string (object, "refresh_token", FALSE, &refresh_token, NULL))
    return FALSE;

  g_free (self->access_token);
  self->access_token = g_steal_pointer (&access_token);
  g_free (self->refresh_token);
  self->refresh_token = g_steal_pointer (&refresh_token);

  if (self->refreshed != NULL)
    self->refreshed (self->access_token, self->refresh_token, self->refreshed_data);

  return TRUE;
}

/* How many HTTP requests this client has sent, retries included. */
guint
roster_api_get_requests (RosterApi *self)
{
  return self->requests;
}

/**
 * roster_api_get_rate_limit:
 * @limit: (out): the requests the server allows in its window
 *
 * Returns: whether an answer has said (X-RateLimit-Limit, -Remaining and
 *   -Reset), and then what
 */
gboolean
roster_api_get_rate_limit (RosterApi       *self,
                           RosterRateLimit *limit)
{
  *limit = self->rate_limit;
  return limit->limit > 0;
}

/* Sleeps, waking early when cancelled. */
static gboolean
pause_for (guint         ms,
           GCancellable *cancellable,
           GError      **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, end - g_get_monotonic_time () + 1));
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static guint
backoff_ms (RosterApi *self,
            guint      attempt)
{
  guint delay = MIN (BACKOFF_BASE_MS << MIN (attempt, 10), BACKOFF_MAX_MS);

  return delay + g_rand_int_range (self->jitter, 0, delay / 2 + 1);
}

static void
note_rate_limit (RosterApi   *self,
                 SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *limit = soup_message_headers_get_one (headers, "X-RateLimit-Limit");
  const char *remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  gint64 reset_at;

  if (limit != NULL && remaining != NULL && reset != NULL)
    {
      self->rate_limit.limit = MAX (g_ascii_strtoll (limit, NULL, 10), 0);
      self->rate_limit.remaining = MAX (g_ascii_strtoll (remaining, NULL, 10), 0);
      self->rate_limit.reset_unix = MAX (g_ascii_strtoll (reset, NULL, 10), 0);
    }

  /* The window is used up: wait for its end before the next request. */
  if (remaining != NULL && reset != NULL && g_ascii_strtoll (remaining, NULL, 10) == 0 &&
      (reset_at = g_ascii_strtoll (reset, NULL, 10)) > 0)
    self->wait_until_usec = reset_at * G_USEC_PER_SEC;
}

static void
refusal_from_body (RosterApi   *self,
                   GBytes      *body,
                   guint        status,
                   const Named *request,
                   GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;
  JsonObject *object;
  JsonNode *envelope;

  root = roster_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      (object = json_node_get_object (root)) != NULL &&
      (envelope = json_object_get_member (object, "error")) != NULL && JSON_NODE_HOLDS_OBJECT (envelope))
    {
      roster_json_get_string (json_node_get_object (envelope), "type", TRUE, &type, NULL);
      roster_json_get_string (json_node_get_object (envelope), "message", TRUE, &message, NULL);
    }

  set_refused (self, error, status, type, message, request);
}

/* One request and what came back besides its JSON. */
typedef struct
{
  const char     *method;
  const char     *path_or_url;
  const char     *body;         /* nullable */
  const char     *idempotency_key; /* nullable: a write that is safe to retry */
  const char     *if_none_match; /* nullable: the ETag the caller holds */
  const char     *if_match;     /* nullable: the ETag a write expects the record to have */
  const char     *deferred;     /* nullable: a member of the answer checked, not read */

  guint           status;
  char           *date;         /* the Date header */
  char           *etag;         /* the ETag header */
  GBytes         *answer;       /* with a member deferred: the answer */
  RosterJsonSpan  span;         /* and where that member's value is in it */
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->date, g_free);
  g_clear_pointer (&request->etag, g_free);
  g_clear_pointer (&request->answer, g_bytes_unref);
}

static JsonNode * send_request (RosterApi    *self,
                                Request      *request,
                                GCancellable *cancellable,
                                GError      **error);

/**
 * roster_api_get:
 * @path_or_url: a path under /api/v4 (e.g. "/users.json?…"), or a full URL
 *   the server gave (a page's `next`)
 * @date: (out) (optional): the answer's Date header
 *
 * Returns: (transfer full): the answer's JSON, or %NULL with an error in
 *   ROSTER_API_ERROR (or G_IO_ERROR_CANCELLED)
 */
JsonNode *
roster_api_get (RosterApi    *self,
                const char   *path_or_url,
                char        **date,
                GCancellable *cancellable,
                GError      **error)
{
  Request request = { .method = "GET", .path_or_url = path_or_url };
  JsonNode *root = send_request (self, &request, cancellable, error);

  if (date != NULL)
    *date = g_steal_pointer (&request.date);
  request_clear (&request);

  return root;
}

/* A GET with @request's If-None-Match, and what came back besides its
 * JSON handed out. */
static JsonNode *
get_conditional (RosterApi    *self,
                 Request      *request,
                 char        **new_etag,
                 char        **date,
                 gboolean     *not_modified,
                 GCancellable *cancellable,
                 GError      **error)
{
  JsonNode *root = send_request (self, request, cancellable, error);

  *not_modified = root == NULL && request->status == SOUP_STATUS_NOT_MODIFIED;
  if (new_etag != NULL)
    *new_etag = g_steal_pointer (&request->etag);
  if (date != NULL)
    *date = g_steal_pointer (&request->date);

  return root;
}

/**
 * roster_api_get_if_changed:
 * @etag: (nullable): the ETag of what the caller holds
 * @new_etag: (out) (optional): the answer's ETag
 * @date: (out) (optional): the answer's Date header
 * @not_modified: (out): whether the server said the caller's copy is current
 *
 * A conditional read: with @etag, the server answers 304 and no body when
 * nothing changed, and this returns %NULL with no error and @not_modified
 * set.
 */
JsonNode *
roster_api_get_if_changed (RosterApi    *self,
                           const char   *path_or_url,
                           const char   *etag,
                           char        **new_etag,
                           char        **date,
                           gboolean     *not_modified,
                           GCancellable *cancellable,
                           GError      **error)
{
  Request request = { .method = "GET", .path_or_url = path_or_url, .if_none_match = etag };
  JsonNode *root = get_conditional (self, &request, new_etag, date, not_modified, cancellable, error);

  request_clear (&request);
  return root;
}

/**
 * roster_api_get_page:
 * @list: (out) (transfer full) (nullable): a reader of its list, `data`;
 *   %NULL when the page has none
 *
 * As roster_api_get_if_changed(), for a page of a list: the answer is
 * checked as JSON throughout (an answer that is not is asked for again),
 * but its list is left out of the tree returned, to be read record by
 * record from @list (roster_api_page_list_next()), on another thread if
 * need be. The paging and the count are read at once.
 */
JsonNode *
roster_api_get_page (RosterApi             *self,
                     const char            *path_or_url,
                     const char            *etag,
                     char                 **new_etag,
                     char                 **date,
                     gboolean              *not_modified,
                     RosterJsonListReader **list,
                     GCancellable          *cancellable,
                     GError               **error)
{
  Request request = { .method = "GET", .path_or_url = path_or_url, .if_none_match = etag, .deferred = "data" };
  JsonNode *root = get_conditional (self, &request, new_etag, date, not_modified, cancellable, error);

  /* The list is a member of the answer's object. */
  *list = root != NULL ? roster_json_list_reader_new (request.answer, &request.span, 1, ROSTER_JSON_MAX_DEPTH)
                       : NULL;
  request_clear (&request);
  return root;
}

/**
 * roster_api_page_list_next:
 * @list: a reader of the list roster_api_get_page() checked
 * @record: (out) (transfer full): the next record, or %NULL after the last
 * @method: the page's request's method, to name in an error
 * @path: its path, without the query
 *
 * The list was checked with its page: what can fail here is only a name
 * given twice in a record, which is an answer that is not what the API
 * promises.
 */
gboolean
roster_api_page_list_next (RosterJsonListReader *list,
                           JsonNode            **record,
                           const char           *method,
                           const char           *path,
                           GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  Named named = { method, (char *) path };

  if (roster_json_list_reader_next (list, record, &local_error))
    return TRUE;

  g_propagate_error (error, api_error_new (ROSTER_API_ERROR_MALFORMED, SOUP_STATUS_OK, NULL, &named,
                                           "The server's answer is not what the API promises: %s",
                                           local_error->message));
  return FALSE;
}

/**
 * roster_api_write:
 * @method: "POST", "PATCH" or "DELETE"
 * @body: (nullable): the JSON body
 * @idempotency_key: the key that makes retrying the write safe
 * @status: (out) (optional): the answer's status
 *
 * Sends a write, retried like a read: the server applies a key once and
 * replays its first answer to a retry.
 *
 * Returns: (transfer full) (nullable): the answer's JSON; %NULL with no
 *   error for an answer with no body
 */
JsonNode *
roster_api_write (RosterApi    *self,
                  const char   *method,
                  const char   *path,
                  const char   *body,
                  const char   *idempotency_key,
                  guint        *status,
                  GCancellable *cancellable,
                  GError      **error)
{
  Request request = { .method = method, .path_or_url = path, .body = body, .idempotency_key = idempotency_key };
  JsonNode *root = NULL;

  g_return_val_if_fail (idempotency_key != NULL, NULL);

  root = send_request (self, &request, cancellable, error);
  if (status != NULL)
    *status = request.status;
  request_clear (&request);

  return root;
}

/**
 * roster_api_write_if_match:
 * @if_match: (nullable): the record's ETag as the caller read it
 * @etag: (out) (optional): the answer's ETag
 *
 * Like roster_api_write(), with `If-Match`: the server applies the write
 * only to the record as the caller read it, and answers 412 (a refusal
 * "precondition_failed") when it changed since.
 */
JsonNode *
roster_api_write_if_match (RosterApi    *self,
                           const char   *method,
                           const char   *path,
                           const char   *body,
                           const char   *idempotency_key,
                           const char   *if_match,
                           guint        *status,
                           char        **etag,
                           GCancellable *cancellable,
                           GError      **error)
{
  Request request = { .method = method, .path_or_url = path, .body = body, .idempotency_key = idempotency_key,
                      .if_match = if_match };
  JsonNode *root = NULL;

  g_return_val_if_fail (idempotency_key != NULL, NULL);

  root = send_request (self, &request, cancellable, error);
  if (status != NULL)
    *status = request.status;
  if (etag != NULL)
    *etag = g_steal_pointer (&request.etag);
  request_clear (&request);

  return root;
}

/* A connection that could not be made: no server listens there, or no
 * network leads to it. Asking again would only keep the person waiting for
 * an answer that "offline" gives at once; the sync, the outbox and the
 * window try again later. */
static gboolean
unreachable (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

static int
port_of (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* Whether @url is on the server @base_url names: the same scheme, host
 * and port. */
static gboolean
same_origin (const char *url,
             const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);

  return uri != NULL && base != NULL && g_uri_get_host (uri) != NULL && g_uri_get_host (base) != NULL &&
         g_uri_get_userinfo (uri) == NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (base)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (base)) == 0 &&
         port_of (uri) == port_of (base);
}

/* Sends a request, retrying what may succeed the next time: an answer cut
 * short (connection closed or reset, broken pipe, partial input, timed
 * out), a 5xx, a 429, a garbled answer. A connection never made is offline
 * at once. */
static JsonNode *
send_request (RosterApi    *self,
              Request      *request,
              GCancellable *cancellable,
              GError      **error)
{
  g_autofree char *url = NULL;
  g_autofree char *named_path = NULL;
  g_autoptr(GError) last_error = NULL;
  gboolean refreshed = FALSE;
  Named named = { request->method, NULL };

  g_return_val_if_fail (ROSTER_IS_API (self), NULL);

  if (strstr (request->path_or_url, "://") != NULL)
    {
      /* A link the server gave (the next page): followed only to the
       * account's own server, or the access token goes with it to
       * whoever the link names, in the clear if it says http. */
      if (!same_origin (request->path_or_url, self->base_url))
        {
          g_autoptr(GUri) uri = g_uri_parse (request->path_or_url, G_URI_FLAGS_ENCODED, NULL);
          Named link = { request->method, (char *) (uri ? g_uri_get_path (uri) : "") };

          g_propagate_error (error, api_error_new (ROSTER_API_ERROR_MALFORMED, 0, NULL, &link,
                                                   "The server gave a link to %s://%s, not to itself (%s): "
                                                   "Roster does not follow it",
                                                   uri ? g_uri_get_scheme (uri) : "?",
                                                   uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "?",
                                                   self->base_url));
          return NULL;
        }
      url = g_strdup (request->path_or_url);
    }
  else
    url = g_strconcat (self->base_url, "/api/v4", request->path_or_url, NULL);

  /* The request's name in errors: its path, never its query (page tokens,
   * times, and nothing a person needs). */
  {
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

    named_path = uri ? g_strdup (g_uri_get_path (uri)) : g_strdup (request->path_or_url);
    if (strchr (named_path, '?') != NULL)
      *strchr (named_path, '?') = '\0';
    named.path = named_path;
  }

  for (guint attempt = 0; attempt < self->max_attempts; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;
      guint status;

      if (attempt > 0 && !pause_for (backoff_ms (self, attempt - 1), cancellable, error))
        return NULL;

      if (self->wait_until_usec > g_get_real_time ())
        {
          guint wait = (self->wait_until_usec - g_get_real_time ()) / 1000 + 100;

          g_debug ("Waiting %u ms for the rate limit's window", wait);
          if (!pause_for (MIN (wait, 61000), cancellable, error))
            return NULL;
        }

      msg = soup_message_new (request->method, url);
      if (msg == NULL)
        {
          g_propagate_error (error, api_error_new (ROSTER_API_ERROR_MALFORMED, 0, NULL, &named, "Not a URL: %s", url));
          return NULL;
        }
      /* A redirection could send the token elsewhere: the API has none. */
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      {
        g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->access_token);

        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      }
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
      if (request->idempotency_key != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                      request->idempotency_key);
      if (request->if_none_match != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                      request->if_none_match);
      if (request->if_match != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", request->if_match);
      if (request->body != NULL)
        {
          g_autoptr(GBytes) request_body = g_bytes_new (request->body, strlen (request->body));

          soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
        }

      self->requests++;
      body = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
      if (body == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("%s: %s (attempt %u)", url, local_error->message, attempt + 1);
          g_clear_error (&last_error);
          last_error = api_error_new (ROSTER_API_ERROR_OFFLINE, 0, NULL, &named,
                                      "The server cannot be reached: %s", local_error->message);
          if (unreachable (local_error))
            break;
          continue;
        }

      status = soup_message_get_status (msg);
      request->status = status;
      note_rate_limit (self, msg);

      if (status == 429)
        {
          const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
          gint64 seconds = retry ? g_ascii_strtoll (retry, NULL, 10) : 1;

          self->wait_until_usec = g_get_real_time () + CLAMP (seconds, 1, 60) * G_USEC_PER_SEC;
          g_clear_error (&last_error);
          last_error = api_error_new (ROSTER_API_ERROR_SERVER, status, NULL, &named, "The server asks to slow down");
          continue;
        }

      if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
        {
          g_propagate_error (error, api_error_new (ROSTER_API_ERROR_MALFORMED, status, NULL, &named,
                                                   "The server answered with a redirection (%u), which Roster does"
                                                   " not follow", status));
          return NULL;
        }

      if (status >= 500)
        {
          g_clear_error (&last_error);
          last_error = api_error_new (ROSTER_API_ERROR_SERVER, status, NULL, &named,
                                      "The server failed (%u %s)", status, soup_status_get_phrase (status));
          continue;
        }

      /* An expired access token: refresh it once, and ask again. */
      if (status == 401 && !refreshed && refresh_access_token (self, cancellable))
        {
          refreshed = TRUE;
          attempt--;
          continue;
        }

      if (status >= 400)
        {
          refusal_from_body (self, body, status, &named, error);
          return NULL;
        }

      g_clear_pointer (&request->date, g_free);
      g_clear_pointer (&request->etag, g_free);
      request->date = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date"));
      request->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));

      /* No body: nothing changed (304), or nothing to say (204). */
      if (status == SOUP_STATUS_NOT_MODIFIED || status == SOUP_STATUS_NO_CONTENT)
        return NULL;

      if (request->deferred != NULL)
        root = roster_json_read_deferring (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                           ROSTER_JSON_MAX_DEPTH, request->deferred, &request->span, &local_error);
      else
        root = roster_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &local_error);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          /* A truncated or garbled answer to a read: ask again. */
          g_clear_error (&last_error);
          last_error = api_error_new (ROSTER_API_ERROR_MALFORMED, status, NULL, &named,
                                      "The server's answer is not what the API promises: %s",
                                      local_error ? local_error->message : "not an object");
          continue;
        }

      if (request->deferred != NULL)
        {
          g_clear_pointer (&request->answer, g_bytes_unref);
          request->answer = g_steal_pointer (&body);
        }
      return g_steal_pointer (&root);
    }

  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

/**
 * roster_api_url_is_loopback:
 *
 * Returns: whether @url names this machine (localhost, 127.0.0.0/8, ::1)
 */
gboolean
roster_api_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * roster_api_check_server_url:
 *
 * A firm's server must be HTTPS, so that tokens and the firm's records
 * never cross a network in the clear; plain HTTP is for this machine alone.
 */
gboolean
roster_api_check_server_url (const char *url,
                             GError    **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not the address of a server"), url);
      return FALSE;
    }

  if (g_str_equal (g_uri_get_scheme (uri), "http") && !roster_api_url_is_loopback (url))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not encrypted: a firm’s server must use HTTPS"), url);
      return FALSE;
    }

  return TRUE;
}
