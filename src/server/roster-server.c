/* roster-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <string.h>

#include "roster-oauth.h"
#include "roster-server-private.h"

/*
 * The HTTP side of roster-server: Clio's API v4 conventions over a
 * RosterFirm. Every request is rate-limited, answered in the API version
 * it asks for, authenticated, routed by the table of routes below and
 * logged (with its status and time, never a secret); every write runs in
 * one transaction with its idempotency record; every refusal is the error
 * envelope {"error": {"type", "message"}} with the status of its type.
 */

#define MAX_BODY_SIZE (1024 * 1024)
#define DEFAULT_RATE_LIMIT 100000
#define MAX_RATE_WINDOWS 4096

/* The minor versions of API v4 that Clio's description lists, and the one
 * it serves by default. They differ in resources this server does not have
 * (activities, bills, documents, contacts' visibility, notes): it serves
 * users, matters, tasks and calendar entries the same in each. */
static const char *const api_versions[] = {
  "4.0.4", "4.0.5", "4.0.6", "4.0.7", "4.0.8", "4.0.9", "4.0.10", NULL
};
#define DEFAULT_API_VERSION "4.0.9"

static const char *fault_names[N_FAULTS] = {
  [FAULT_SERVER_ERROR] = "500",
  [FAULT_RATE_LIMITED] = "429",
  [FAULT_DELAY] = "delay",
  [FAULT_DROP] = "drop",
  [FAULT_MALFORMED] = "malformed",
  [FAULT_TRUNCATED] = "truncate",
};

typedef struct
{
  gint64  window_start;
  guint   count;
} RateWindow;

G_DEFINE_FINAL_TYPE (RosterServer, roster_server, G_TYPE_OBJECT)

/* Answers -------------------------------------------------------------------- */

/* The reason phrases of RFC 9110 and RFC 6585, which libsoup 3.2 does not
 * all know: it calls a 429 an "Unknown Error". */
static const char *
reason_phrase (guint status)
{
  static const struct { guint  status; const char *phrase; } phrases[] = {
    { 200, "OK" }, { 201, "Created" }, { 204, "No Content" }, { 302, "Found" }, { 304, "Not Modified" },
    { 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" }, { 404, "Not Found" },
    { 405, "Method Not Allowed" }, { 409, "Conflict" }, { 410, "Gone" }, { 412, "Precondition Failed" },
    { 413, "Content Too Large" }, { 422, "Unprocessable Content" }, { 429, "Too Many Requests" },
    { 500, "Internal Server Error" }, { 503, "Service Unavailable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (phrases[i].status == status)
      return phrases[i].phrase;

  return soup_status_get_phrase (status);
}

void
roster_server_set_status (SoupServerMessage *msg,
                          guint              status)
{
  soup_server_message_set_status (msg, status, reason_phrase (status));
}

void
roster_server_respond_json (SoupServerMessage *msg,
                            guint              status,
                            const char        *body)
{
  roster_server_set_status (msg, status);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                      body, strlen (body));
}

void
roster_server_respond_object (SoupServerMessage *msg,
                              guint              status,
                              JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;

  json_node_set_object (node, object);
  body = json_to_string (node, FALSE);
  roster_server_respond_json (msg, status, body);
}

char *
roster_server_error_body (const char *type,
                          const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

void
roster_server_respond_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *type,
                             const char        *message)
{
  g_autofree char *body = roster_server_error_body (type, message);

  roster_server_respond_json (msg, status, body);
}

guint
roster_server_error_status (const GError *error)
{
  if (error->domain == ROSTER_FIRM_ERROR)
    return roster_firm_error_status (error->code);
  return 500;
}

const char *
roster_server_error_type (const GError *error)
{
  if (error->domain == ROSTER_FIRM_ERROR)
    return roster_firm_error_type (error->code);
  return "internal_error";
}

void
roster_server_respond_gerror (SoupServerMessage *msg,
                              const GError      *error)
{
  guint status = roster_server_error_status (error);

  if (status >= 500)
    g_warning ("%s", error->message);

  roster_server_respond_error (msg, status, roster_server_error_type (error),
                               status >= 500 ? "The server failed; try again" : error->message);
}

/* Logging ---------------------------------------------------------------------- */

/* A request's words as a log line may hold them: control characters, the
 * line break first, percent-encoded again, so that a path cannot end its
 * line and write one of its own ("GET /x%0APOST /users/1/deactivate…"). */
static char *
escape_for_log (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p == 0x7f || *p == '%')
      g_string_append_printf (escaped, "%%%02X", (guchar) *p);
    else
      g_string_append_c (escaped, *p);

  return g_string_free (escaped, FALSE);
}

static void
log_finished (SoupServerMessage *msg,
              gpointer           user_data)
{
  gint64 started = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "roster-started"));
  gint64 elapsed = g_get_monotonic_time () - started;

  g_autofree char *method = escape_for_log (soup_server_message_get_method (msg));
  g_autofree char *path = escape_for_log (g_uri_get_path (soup_server_message_get_uri (msg)));

  /* The path only: a query string may carry what is nobody's business. */
  g_printerr ("%s %s %u %.1fms\n", method, path, soup_server_message_get_status (msg), elapsed / 1000.0);
}

/* Faults ------------------------------------------------------------------------- */

gboolean
roster_server_set_faults (RosterServer *self,
                          const char   *spec,
                          GError      **error)
{
  g_auto(GStrv) parts = NULL;
  guint32 seed = 1;

  memset (self->fault_rates, 0, sizeof self->fault_rates);
  g_clear_pointer (&self->fault_rand, g_rand_free);

  if (spec == NULL || *spec == '\0')
    return TRUE;

  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], "=", 2);
      gboolean known = FALSE;
      char *end = NULL;
      double rate;

      if (pair[0] == NULL || pair[1] == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "A fault is NAME=RATE, not “%s”", parts[i]);
          return FALSE;
        }

      if (g_str_equal (pair[0], "seed"))
        {
          seed = (guint32) g_ascii_strtoull (pair[1], NULL, 10);
          continue;
        }

      rate = g_ascii_strtod (pair[1], &end);
      if (end == pair[1] || *end != '\0' || rate < 0 || rate > 1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "A fault's rate is a number from 0 to 1, not “%s”", pair[1]);
          return FALSE;
        }

      for (guint f = 1; f < N_FAULTS; f++)
        if (g_str_equal (pair[0], fault_names[f]))
          {
            self->fault_rates[f] = rate;
            known = TRUE;
          }

      if (!known)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown fault “%s”: the faults are 500, 429, delay, drop, malformed, truncate",
                       pair[0]);
          return FALSE;
        }
    }

  self->fault_rand = g_rand_new_with_seed (seed);
  return TRUE;
}

static Fault
pick_fault (RosterServer *self)
{
  double roll;

  if (self->fault_rand == NULL)
    return FAULT_NONE;

  roll = g_rand_double (self->fault_rand);
  for (guint f = 1; f < N_FAULTS; f++)
    {
      if (roll < self->fault_rates[f])
        return f;
      roll -= self->fault_rates[f];
    }

  return FAULT_NONE;
}

static void
apply_body_fault (SoupServerMessage *msg,
                  Fault              fault)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize length = g_bytes_get_size (bytes);
  const char *data = g_bytes_get_data (bytes, NULL);
  g_autofree char *broken = NULL;

  if (fault == FAULT_TRUNCATED)
    broken = g_strndup (data, length / 2);
  else
    broken = g_strdup_printf ("{\"data\": [{\"id\": %s", length > 0 ? "tru" : "");

  soup_message_body_truncate (body);
  soup_message_body_append (body, SOUP_MEMORY_COPY, broken, strlen (broken));
}

static void
drop_connection (RosterServer      *self,
                 SoupServerMessage *msg)
{
  /* The client sees the connection close with no answer; the server may
   * already have done the work, as after a real network failure. */
  if (self->listener != NULL)
    roster_listener_drop (self->listener, msg);
}

/* Rate limits ---------------------------------------------------------------------- */

void
roster_server_set_rate_limit (RosterServer *self,
                              guint         per_minute)
{
  self->rate_limit = per_minute;
}

/**
 * roster_server_set_clio_only:
 *
 * Serves what Clio's public API offers and nothing more: no extension
 * endpoint (404), no extension field (400), no hidden calendar entry. For
 * testing a client against a server that is not Roster's.
 */
void
roster_server_set_clio_only (RosterServer *self,
                             gboolean      clio_only)
{
  self->clio_only = clio_only;
}

void
roster_server_set_quiet (RosterServer *self,
                         gboolean      quiet)
{
  self->quiet = quiet;
}

/* Forgets the minutes that are over. */
static void
expire_rate_windows (RosterServer *self,
                     gint64        now)
{
  GHashTableIter iter;
  RateWindow *window;

  g_hash_table_iter_init (&iter, self->rate_windows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &window))
    if (now >= window->window_start + 60)
      g_hash_table_iter_remove (&iter);
  self->rate_windows_expired = now;
}

/* Whose minute a request counts in: a signed-in token's own, or for any
 * other (no token, or one that is not valid) the address it comes from.
 * Garbage tokens share their sender's minute: 100,000 of them must not
 * make 100,000 entries. */
static char *
rate_key (SoupServerMessage *msg,
          const char        *token,
          gboolean           authenticated)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *digest = NULL;
  g_autofree char *address = NULL;

  if (authenticated)
    {
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
      return g_strconcat ("token:", digest, NULL);
    }

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  return g_strconcat ("address:", address ? address : "unknown", NULL);
}

/* Counts the request in its minute (see rate_key()) and writes the
 * headers; returns FALSE with Retry-After set when the minute is used up. */
static gboolean
count_request (RosterServer      *self,
               SoupServerMessage *msg,
               const char        *token,
               gboolean           authenticated)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *key = rate_key (msg, token, authenticated);
  guint limit = self->rate_limit ? self->rate_limit : DEFAULT_RATE_LIMIT;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *limit_text = NULL;
  g_autofree char *remaining_text = NULL;
  g_autofree char *reset_text = NULL;
  RateWindow *window;

  window = g_hash_table_lookup (self->rate_windows, key);
  if (window == NULL)
    {
      /* Bounded: the minutes that are over go first, and should the
       * table still be full, the newcomers share one minute. */
      if (g_hash_table_size (self->rate_windows) >= MAX_RATE_WINDOWS || now >= self->rate_windows_expired + 60)
        expire_rate_windows (self, now);
      if (g_hash_table_size (self->rate_windows) >= MAX_RATE_WINDOWS)
        {
          g_free (key);
          key = g_strdup ("overflow");
          window = g_hash_table_lookup (self->rate_windows, key);
        }
    }
  if (window == NULL)
    {
      window = g_new0 (RateWindow, 1);
      g_hash_table_insert (self->rate_windows, g_steal_pointer (&key), window);
    }

  if (now >= window->window_start + 60)
    {
      window->window_start = now;
      window->count = 0;
    }

  limit_text = g_strdup_printf ("%u", limit);
  reset_text = g_strdup_printf ("%" G_GINT64_FORMAT, window->window_start + 60);
  soup_message_headers_replace (headers, "X-RateLimit-Limit", limit_text);
  soup_message_headers_replace (headers, "X-RateLimit-Reset", reset_text);

  if (window->count >= limit)
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (window->window_start + 60 - now, 1));

      soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (headers, "Retry-After", retry);
      return FALSE;
    }

  window->count++;
  remaining_text = g_strdup_printf ("%u", limit - window->count);
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", remaining_text);

  return TRUE;
}

/* Routes ---------------------------------------------------------------------- */

static const RosterRoute routes[] = {
  { "GET", "extensions", roster_server_handle_extensions, WRITE_NONE, TRUE },
  { "GET", "account", roster_server_handle_account, WRITE_NONE, TRUE },
  { "PATCH", "account/renewal_options", roster_server_handle_write, WRITE_RENEWAL, TRUE },
  { "POST", "account/closure", roster_server_handle_write, WRITE_CLOSURE, TRUE },

  { "GET", "users", roster_server_handle_list, WRITE_NONE, FALSE },
  { "GET", "users/who_am_i", roster_server_handle_who_am_i, WRITE_NONE, FALSE },
  { "GET", "users/{id}", roster_server_handle_record, WRITE_NONE, FALSE },
  { "POST", "users/{id}/deactivate", roster_server_handle_write, WRITE_DEACTIVATE, TRUE },
  { "POST", "users/{id}/activate", roster_server_handle_write, WRITE_ACTIVATE, TRUE },
  { "POST", "users/{id}/reassign_work", roster_server_handle_write, WRITE_REASSIGN, TRUE },

  { "GET", "matters", roster_server_handle_list, WRITE_NONE, FALSE },
  { "GET", "matters/{id}", roster_server_handle_record, WRITE_NONE, FALSE },
  { "PATCH", "matters/{id}", roster_server_handle_write, WRITE_UPDATE, FALSE },
  { "DELETE", "matters/{id}", roster_server_handle_write, WRITE_DELETE, FALSE },

  { "GET", "tasks", roster_server_handle_list, WRITE_NONE, FALSE },
  { "GET", "tasks/{id}", roster_server_handle_record, WRITE_NONE, FALSE },
  { "PATCH", "tasks/{id}", roster_server_handle_write, WRITE_UPDATE, FALSE },
  { "DELETE", "tasks/{id}", roster_server_handle_write, WRITE_DELETE, FALSE },

  { "GET", "calendar_entries", roster_server_handle_list, WRITE_NONE, FALSE },
  { "GET", "calendar_entries/{id}", roster_server_handle_record, WRITE_NONE, FALSE },
  { "PATCH", "calendar_entries/{id}", roster_server_handle_write, WRITE_UPDATE, FALSE },
  { "DELETE", "calendar_entries/{id}", roster_server_handle_write, WRITE_DELETE, FALSE },

  { "GET", "notifications", roster_server_handle_list, WRITE_NONE, TRUE },
  { "GET", "audit_events", roster_server_handle_list, WRITE_NONE, TRUE },
  { "GET", "deleted_records", roster_server_handle_list, WRITE_NONE, TRUE },
};

/* Whether @segments match @pattern; @key is then the {id} segment, if any. */
static gboolean
route_matches (const RosterRoute *route,
               char             **segments,
               const char       **key)
{
  g_auto(GStrv) pattern = g_strsplit (route->pattern, "/", -1);
  guint n = g_strv_length (segments);

  if (g_strv_length (pattern) != n)
    return FALSE;

  *key = NULL;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (pattern[i], "{id}") && *segments[i] != '\0')
        *key = segments[i];
      else if (!g_str_equal (pattern[i], segments[i]))
        return FALSE;
    }

  return TRUE;
}

static void
dispatch (RosterServer  *self,
          RosterRequest *request,
          const char    *path)
{
  const char *method = soup_server_message_get_method (request->msg);
  g_autofree char *bare = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GString) allowed = g_string_new (NULL);
  const char *key = NULL;

  if (!g_str_has_suffix (path, ".json"))
    {
      roster_server_respond_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", "Paths of this API end in .json");
      return;
    }
  bare = g_strndup (path, strlen (path) - strlen (".json"));
  segments = g_strsplit (bare, "/", -1);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const RosterRoute *route = &routes[i];
      g_autofree char *record_key = NULL;

      /* A server of Clio's public API alone knows none of Roster's extensions. */
      if ((self->clio_only && route->extension) || !route_matches (route, segments, &key))
        continue;

      if (!g_str_equal (route->method, method))
        {
          if (strstr (allowed->str, route->method) == NULL)
            g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", route->method);
          continue;
        }

      request->route = route;
      request->resource = roster_resource_lookup (segments[0]);
      if (key != NULL)
        {
          record_key = g_uri_unescape_string (key, NULL);
          request->id = roster_firm_find_record (self->firm, request->resource->resource, record_key);
          if (request->id == 0)
            {
              roster_server_respond_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such record");
              return;
            }
        }

      route->handler (self, request);
      return;
    }

  if (allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Allow", allowed->str);
      roster_server_respond_error (request->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                   "This method is not allowed here");
      return;
    }

  roster_server_respond_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this path");
}

/* Requests ------------------------------------------------------------------------- */

static char *
bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  return g_strstrip (g_strdup (header + 7));
}

/* X-API-VERSION, as Clio's description has it: absent, the default
 * version; present, a version served, or 410 Gone when it is not one
 * (malformed, or no longer or never supported). Every answer in a version
 * says which. */
static gboolean
settle_api_version (SoupServerMessage *msg)
{
  const char *asked = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-API-VERSION");
  g_autofree char *version = g_strstrip (g_strdup (asked ? asked : DEFAULT_API_VERSION));

  if (!g_strv_contains (api_versions, version))
    {
      g_autofree char *supported = g_strjoinv (", ", (char **) api_versions);
      g_autofree char *message = g_strdup_printf ("This server serves API versions %s (default %s), not “%s”",
                                                  supported, DEFAULT_API_VERSION, version);

      roster_server_respond_error (msg, SOUP_STATUS_GONE, "unsupported_api_version", message);
      return FALSE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-API-VERSION", version);
  return TRUE;
}

static void
process_api (RosterServer      *self,
             SoupServerMessage *msg,
             const char        *path)
{
  g_autoptr(RosterActor) actor = NULL;
  g_autoptr(RosterQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bearer_token (msg);
  RosterRequest request = { msg, NULL, NULL, NULL, NULL, 0 };

  /* Who asks decides whose minute the request counts in. */
  actor = roster_firm_authenticate (self->firm, token, &error);
  if (!count_request (self, msg, token, actor != NULL))
    {
      roster_server_respond_error (msg, 429, "rate_limited",
                                   "Too many requests: wait for the time Retry-After gives");
      return;
    }

  if (!settle_api_version (msg))
    return;

  if (actor == NULL)
    {
      if (roster_server_error_status (error) == 401)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "WWW-Authenticate", "Bearer realm=\"roster\"");
      roster_server_respond_gerror (msg, error);
      return;
    }

  query = roster_query_parse (g_uri_get_query (soup_server_message_get_uri (msg)), &error);
  if (query == NULL)
    {
      roster_server_respond_gerror (msg, error);
      return;
    }

  request.actor = actor;
  request.query = query;
  dispatch (self, &request, path + strlen ("/api/v4/"));
}

typedef struct
{
  RosterServer      *self;
  SoupServerMessage *msg;
  char              *path;
} DelayedRequest;

static gboolean
resume_delayed (gpointer data)
{
  DelayedRequest *delayed = data;

  process_api (delayed->self, delayed->msg, delayed->path);
  soup_server_message_unpause (delayed->msg);

  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed->path);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

static void
handle_api (RosterServer      *self,
            SoupServerMessage *msg,
            const char        *path)
{
  Fault fault = pick_fault (self);

  switch (fault)
    {
    case FAULT_SERVER_ERROR:
      roster_server_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "An injected server failure");
      return;

    case FAULT_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      roster_server_respond_error (msg, 429, "rate_limited", "An injected rate limit");
      return;

    case FAULT_DELAY:
      {
        DelayedRequest *delayed = g_new0 (DelayedRequest, 1);

        delayed->self = g_object_ref (self);
        delayed->msg = g_object_ref (msg);
        delayed->path = g_strdup (path);
        soup_server_message_pause (msg);
        g_timeout_add (g_rand_int_range (self->fault_rand, 100, 700), resume_delayed, delayed);
        return;
      }

    case FAULT_DROP:
      process_api (self, msg, path);
      drop_connection (self, msg);
      return;

    case FAULT_MALFORMED:
    case FAULT_TRUNCATED:
      process_api (self, msg, path);
      apply_body_fault (msg, fault);
      return;

    case FAULT_NONE:
    case N_FAULTS:
    default:
      process_api (self, msg, path);
      return;
    }
}

/* The body limit, enforced as the request arrives: from its Content-Length
 * before a byte of the body is kept, and while a body of unknown length is
 * read. What is over the limit is read and dropped, never kept, and the
 * request is answered 413 with the connection closed. */
static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  gsize read = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "roster-body-read")) + g_bytes_get_size (chunk);

  g_object_set_data (G_OBJECT (msg), "roster-body-read", GSIZE_TO_POINTER (read));
  if (read > MAX_BODY_SIZE && g_object_get_data (G_OBJECT (msg), "roster-too-large") == NULL)
    {
      g_object_set_data (G_OBJECT (msg), "roster-too-large", GINT_TO_POINTER (TRUE));
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

static void
got_headers (SoupServerMessage *msg,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_BODY_SIZE)
    {
      g_object_set_data (G_OBJECT (msg), "roster-too-large", GINT_TO_POINTER (TRUE));
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), NULL);
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 RosterServer      *self)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), NULL);
}

static gboolean
refuse_too_large (SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "roster-too-large") == NULL)
    return FALSE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  roster_server_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                               "A request body holds 1 MiB at most");
  return TRUE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  RosterServer *self = user_data;

  g_object_set_data (G_OBJECT (msg), "roster-started", GSIZE_TO_POINTER (g_get_monotonic_time ()));
  if (!self->quiet)
    g_signal_connect (msg, "finished", G_CALLBACK (log_finished), NULL);

  if (refuse_too_large (msg))
    return;

  if (roster_firm_is_closed (self->firm))
    {
      roster_server_respond_error (msg, SOUP_STATUS_FORBIDDEN, "account_closed", "This account is closed");
      return;
    }

  if (g_str_has_prefix (path, "/api/v4/"))
    handle_api (self, msg, path);
  else if (g_str_has_prefix (path, "/oauth/"))
    roster_oauth_handle (self->firm, msg, path, query);
  else
    roster_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "The API lives under /api/v4 and /oauth");
}

/* Object ------------------------------------------------------------------------- */

static void
roster_server_dispose (GObject *object)
{
  RosterServer *self = ROSTER_SERVER (object);

  g_clear_pointer (&self->listener, roster_listener_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->firm);
  g_clear_pointer (&self->rate_windows, g_hash_table_unref);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (roster_server_parent_class)->dispose (object);
}

static void
roster_server_class_init (RosterServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_server_dispose;
}

static void
roster_server_init (RosterServer *self)
{
  self->rate_windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->limits = (RosterListenerLimits) {
    ROSTER_LISTENER_MAX_CONNECTIONS, ROSTER_LISTENER_IDLE_SECONDS, ROSTER_LISTENER_REQUEST_SECONDS
  };
}

/**
 * roster_server_set_public_url:
 * @url: where clients reach this server (behind a proxy, or off loopback)
 *
 * What links the server gives (the next page's) start with. Before
 * listening; by default, its loopback address and port.
 */
gboolean
roster_server_set_public_url (RosterServer *self,
                              const char   *url,
                              GError      **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);

  if (uri == NULL)
    return FALSE;
  if ((g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (*g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not a server's address (http or https, a host, an optional port, nothing else)", url);
      return FALSE;
    }

  g_free (self->base_url);
  self->base_url = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                               g_uri_get_port (uri), "", NULL, NULL);
  return TRUE;
}

/**
 * roster_server_set_limits:
 *
 * How many connections may be open, and for how long; before listening.
 */
void
roster_server_set_limits (RosterServer               *self,
                          const RosterListenerLimits *limits)
{
  self->limits = *limits;
}

RosterServer *
roster_server_new (RosterFirm *firm)
{
  RosterServer *self = g_object_new (ROSTER_TYPE_SERVER, NULL);

  self->firm = g_object_ref (firm);
  roster_firm_flush_mail (firm);

  return self;
}

static gboolean
is_loopback (GInetAddress *address)
{
  return g_inet_address_get_is_loopback (address);
}

static void
ensure_soup (RosterServer *self)
{
  if (self->soup != NULL)
    return;

  self->soup = soup_server_new ("server-header", "roster-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
}

/**
 * roster_server_accept_stream:
 * @stream: a connection made some other way than by listening
 *
 * Serves what arrives on @stream as if a client had connected: how the
 * fuzzer hands the server its requests without a network.
 */
void
roster_server_accept_stream (RosterServer   *self,
                             GIOStream      *stream,
                             GSocketAddress *local,
                             GSocketAddress *remote)
{
  g_autoptr(GError) error = NULL;

  ensure_soup (self);
  if (self->base_url == NULL)
    self->base_url = g_strdup ("http://127.0.0.1");
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    g_warning ("Cannot serve a stream: %s", error->message);
}

/**
 * roster_server_listen:
 * @address: HOST:PORT, where port 0 picks a free one
 * @certificate: (nullable): the TLS certificate, required off loopback
 * @port: (out): the port listened on
 */
gboolean
roster_server_listen (RosterServer    *self,
                      const char      *address,
                      GTlsCertificate *certificate,
                      guint           *port,
                      GError         **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    return FALSE;

  enumerator = g_socket_connectable_enumerate (connectable);
  socket_address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (socket_address == NULL)
    return FALSE;

  if (!is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address))) &&
      certificate == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not a loopback address: serve it with --tls-cert and --tls-key", address);
      return FALSE;
    }

  ensure_soup (self);
  self->listener = roster_listener_new (self->soup, socket_address, certificate, &self->limits, error);
  if (self->listener == NULL)
    return FALSE;
  *port = roster_listener_get_port (self->listener);

  /* Unless told otherwise, clients reach it on loopback. */
  if (self->base_url == NULL)
    self->base_url = g_strdup_printf ("%s://%s:%u", certificate ? "https" : "http",
                                      g_socket_address_get_family (socket_address) == G_SOCKET_FAMILY_IPV6
                                        ? "[::1]" : "127.0.0.1",
                                      *port);

  return TRUE;
}
