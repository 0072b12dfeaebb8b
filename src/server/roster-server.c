/* roster-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <string.h>

#include "roster-fields.h"
#include "roster-oauth.h"
#include "roster-rules.h"
#include "roster-server.h"
#include "roster-time.h"

/*
 * The HTTP side of roster-server: Clio's API v4 conventions over a
 * RosterFirm. Every request is authenticated, rate-limited and logged (with
 * its status and time, never a secret); every write runs in one transaction
 * with its idempotency record; every refusal is the error envelope
 * {"error": {"type", "message"}} with the status of its type.
 */

#define MAX_BODY_SIZE (1024 * 1024)
#define MAX_PAGE_SIZE 200
#define DEFAULT_RATE_LIMIT 100000

typedef enum
{
  FAULT_NONE,
  FAULT_SERVER_ERROR,
  FAULT_RATE_LIMITED,
  FAULT_DELAY,
  FAULT_DROP,
  FAULT_MALFORMED,
  FAULT_TRUNCATED,
  N_FAULTS
} Fault;

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

struct _RosterServer
{
  GObject     parent_instance;

  RosterFirm *firm;
  SoupServer *soup;
  gboolean    quiet;
  gboolean    clio_only;  /* serve Clio's public API alone, no extension */

  guint       rate_limit;     /* requests a minute and token; 0: off */
  GHashTable *rate_windows;   /* token digest → RateWindow */

  GRand      *fault_rand;
  double      fault_rates[N_FAULTS];
};

G_DEFINE_FINAL_TYPE (RosterServer, roster_server, G_TYPE_OBJECT)

/* Answers -------------------------------------------------------------------- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                      body, strlen (body));
}

static void
respond_object (SoupServerMessage *msg,
                guint              status,
                JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;

  json_node_set_object (node, object);
  body = json_to_string (node, FALSE);
  respond_json (msg, status, body);
}

static char *
error_body (const char *type,
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

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *type,
               const char        *message)
{
  g_autofree char *body = error_body (type, message);

  respond_json (msg, status, body);
}

static guint
error_status (const GError *error)
{
  if (error->domain == ROSTER_FIRM_ERROR)
    return roster_firm_error_status (error->code);
  return 500;
}

static const char *
error_type (const GError *error)
{
  if (error->domain == ROSTER_FIRM_ERROR)
    return roster_firm_error_type (error->code);
  return "internal_error";
}

static void
respond_gerror (SoupServerMessage *msg,
                const GError      *error)
{
  guint status = error_status (error);

  if (status >= 500)
    g_warning ("%s", error->message);

  respond_error (msg, status, error_type (error), status >= 500 ? "The server failed; try again" : error->message);
}

/* Logging ---------------------------------------------------------------------- */

static void
log_finished (SoupServerMessage *msg,
              gpointer           user_data)
{
  gint64 started = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "roster-started"));
  gint64 elapsed = g_get_monotonic_time () - started;

  /* The path only: a query string may carry what is nobody's business. */
  g_printerr ("%s %s %u %.1fms\n",
              soup_server_message_get_method (msg),
              g_uri_get_path (soup_server_message_get_uri (msg)),
              soup_server_message_get_status (msg),
              elapsed / 1000.0);
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
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* The client sees the connection close with no answer; the server may
   * already have done the work, as after a real network failure. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
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

/* Counts the request in its token's minute and writes the headers; returns
 * FALSE with Retry-After set when the minute is used up. */
static gboolean
count_request (RosterServer      *self,
               SoupServerMessage *msg,
               const char        *token)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token ? token : "", -1);
  guint limit = self->rate_limit ? self->rate_limit : DEFAULT_RATE_LIMIT;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *limit_text = NULL;
  g_autofree char *remaining_text = NULL;
  g_autofree char *reset_text = NULL;
  RateWindow *window;

  window = g_hash_table_lookup (self->rate_windows, digest);
  if (window == NULL)
    {
      window = g_new0 (RateWindow, 1);
      g_hash_table_insert (self->rate_windows, g_steal_pointer (&digest), window);
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

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

/* Parses a request's {"data": {…}} body. */
static JsonObject *
request_data (SoupServerMessage *msg,
              gboolean           required,
              GError           **error)
{
  g_autoptr(GBytes) bytes = request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonNode *data;

  if (g_bytes_get_size (bytes) == 0)
    {
      if (!required)
        return json_object_new ();
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "The request needs a JSON body {\"data\": {…}}");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &parse_error))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "The body is not valid JSON: %s", parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "The body must be an object with an object \"data\"");
      return NULL;
    }

  return json_object_ref (json_node_get_object (data));
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value == 0 || value > G_MAXINT64)
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

static gboolean
invalid_parameter (GError    **error,
                   const char *name,
                   const char *value)
{
  g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
               "The parameter %s has an invalid value “%s”", name, value);
  return FALSE;
}

static gboolean
query_bool (GHashTable *query,
            const char *name,
            int        *value,
            GError    **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true"))
    *value = 1;
  else if (g_str_equal (text, "false"))
    *value = 0;
  else
    return invalid_parameter (error, name, text);

  return TRUE;
}

static gboolean
query_id (GHashTable *query,
          const char *name,
          gint64     *value,
          GError    **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    return TRUE;
  if (!parse_id (text, value))
    return invalid_parameter (error, name, text);

  return TRUE;
}

/* page_token: the cursor, opaque to clients: "v1:<last id>:<total>" in base64url. */
static char *
encode_page_token (gint64 last_id,
                   gint64 total)
{
  g_autofree char *plain = g_strdup_printf ("v1:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, last_id, total);
  char *token = g_base64_encode ((const guchar *) plain, strlen (plain));

  for (char *p = token; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }

  return token;
}

static gboolean
decode_page_token (const char *token,
                   gint64     *last_id,
                   gint64     *total)
{
  g_autoptr(GString) padded = NULL;
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  g_auto(GStrv) parts = NULL;

  if (token == NULL || strlen (token) > 200)
    return FALSE;

  padded = g_string_new (token);
  for (char *p = padded->str; *p; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p))
        return FALSE;
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  plain = g_base64_decode (padded->str, &length);
  text = g_strndup ((const char *) plain, length);
  parts = g_strsplit (text, ":", 3);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "v1"))
    return FALSE;

  return parse_id (parts[1], last_id) &&
         g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, total, NULL);
}

static gboolean
parse_list_query (RosterResource   resource,
                  GHashTable      *query,
                  RosterListQuery *list,
                  gint64          *token_total,
                  GError         **error)
{
  const char *limit = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *order = query ? g_hash_table_lookup (query, "order") : NULL;
  const char *token = query ? g_hash_table_lookup (query, "page_token") : NULL;
  const char *since = query ? g_hash_table_lookup (query, "updated_since") : NULL;
  const char *status = query ? g_hash_table_lookup (query, "status") : NULL;
  int include_hidden = 0;

  if (since == NULL && query != NULL)
    since = g_hash_table_lookup (query, "since");

  if (limit != NULL)
    {
      gint64 value;

      if (!parse_id (limit, &value))
        return invalid_parameter (error, "limit", limit);
      /* Clio allows larger pages on some lists; this server serves 200 at most. */
      list->limit = (int) MIN (value, MAX_PAGE_SIZE);
    }

  if (order != NULL)
    {
      if (g_str_equal (order, "id(asc)"))
        list->descending = FALSE;
      else if (g_str_equal (order, "id(desc)"))
        list->descending = TRUE;
      else
        {
          g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                       "This server orders lists by id(asc) or id(desc), not “%s”", order);
          return FALSE;
        }
    }

  if (token != NULL && !decode_page_token (token, &list->after_id, token_total))
    return invalid_parameter (error, "page_token", token);

  if (since != NULL && (list->updated_since = roster_time_normalize_iso (since)) == NULL)
    return invalid_parameter (error, "updated_since", since);

  if (!query_bool (query, "enabled", &list->enabled, error) ||
      !query_bool (query, "complete", &list->complete, error) ||
      !query_bool (query, "include_hidden", &include_hidden, error) ||
      !query_id (query, "responsible_attorney_id", &list->responsible_attorney_id, error) ||
      !query_id (query, "assignee_id", &list->assignee_id, error) ||
      !query_id (query, "matter_id", &list->matter_id, error) ||
      !query_id (query, "calendar_id", &list->calendar_id, error))
    return FALSE;
  list->include_hidden = include_hidden == 1;

  if (status != NULL)
    {
      if (resource == ROSTER_RESOURCE_MATTERS)
        {
          RosterMatterStatus parsed;

          if (!roster_matter_status_from_string (status, &parsed))
            return invalid_parameter (error, "status", status);
          list->status = g_strdup (roster_matter_status_to_string (parsed));
        }
      else if (resource == ROSTER_RESOURCE_TASKS)
        {
          if (!g_strv_contains ((const char *[]) { "pending", "in_progress", "in_review", "complete", NULL }, status))
            return invalid_parameter (error, "status", status);
          list->status = g_strdup (status);
        }
    }

  if (query != NULL && g_hash_table_lookup (query, "role") != NULL)
    list->role = g_strdup (g_hash_table_lookup (query, "role"));
  if (query != NULL && g_hash_table_lookup (query, "subscription_type") != NULL)
    list->subscription_type = g_strdup (g_hash_table_lookup (query, "subscription_type"));

  return TRUE;
}

static char *
next_page_url (SoupServerMessage *msg,
               GHashTable        *query,
               const char        *token)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *encoded = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, key, value);
    }
  g_hash_table_insert (params, (gpointer) "page_token", (gpointer) token);
  encoded = soup_form_encode_hash (params);

  return g_strdup_printf ("%s://%s%s?%s", g_uri_get_scheme (uri),
                          host ? host : g_uri_get_host (uri), g_uri_get_path (uri), encoded);
}

static gboolean
not_modified (SoupServerMessage *msg,
              const char        *etag)
{
  const char *match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-None-Match");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (match == NULL)
    return FALSE;

  if (g_str_equal (match, "*") || strstr (match, etag) != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return TRUE;
    }

  return FALSE;
}

static void
handle_list (RosterServer      *self,
             SoupServerMessage *msg,
             RosterActor       *actor,
             RosterResource     resource,
             GHashTable        *query)
{
  RosterListQuery list = ROSTER_LIST_QUERY_INIT;
  g_autoptr(RosterFields) fields = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *etag = NULL;
  JsonObject *envelope;
  JsonObject *meta;
  JsonObject *paging;
  JsonArray *data;
  gint64 total = -1;
  gint64 token_total = 0;
  gboolean more = FALSE;

  fields = roster_fields_parse (resource, query ? g_hash_table_lookup (query, "fields") : NULL, self->clio_only, &error);
  if (fields == NULL || !parse_list_query (resource, query, &list, &token_total, &error))
    {
      roster_list_query_clear (&list);
      respond_gerror (msg, error);
      return;
    }

  if (self->clio_only)
    list.include_hidden = FALSE;

  page = roster_firm_list (self->firm, actor, resource, &list, &total, &more, &error);
  roster_list_query_clear (&list);
  if (page == NULL)
    {
      respond_gerror (msg, error);
      return;
    }
  if (total < 0)
    total = token_total;

  envelope = json_object_new ();
  data = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (data, roster_fields_apply (fields, g_ptr_array_index (page, i)));
  json_object_set_array_member (envelope, "data", data);

  meta = json_object_new ();
  paging = json_object_new ();
  if (more)
    {
      gint64 last_id = roster_firm_record_id (g_ptr_array_index (page, page->len - 1));
      g_autofree char *token = encode_page_token (last_id, total);
      g_autofree char *next = next_page_url (msg, query, token);

      json_object_set_string_member (paging, "next", next);
    }
  json_object_set_object_member (meta, "paging", paging);
  json_object_set_int_member (meta, "records", total);
  json_object_set_object_member (envelope, "meta", meta);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, envelope);
  body = json_to_string (root, FALSE);

  /* A list's ETag is its content's: an unchanged page costs no transfer. */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  digest[32] = '\0';
  etag = g_strdup_printf ("W/\"%s\"", digest);
  if (not_modified (msg, etag))
    return;

  respond_json (msg, SOUP_STATUS_OK, body);
}

static void
respond_record (RosterServer      *self,
                SoupServerMessage *msg,
                RosterResource     resource,
                JsonObject        *record,
                GHashTable        *query)
{
  g_autoptr(RosterFields) fields = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *envelope;

  fields = roster_fields_parse (resource, query ? g_hash_table_lookup (query, "fields") : NULL, self->clio_only, &error);
  if (fields == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  if (not_modified (msg, json_object_get_string_member (record, "etag")))
    return;

  envelope = json_object_new ();
  json_object_set_object_member (envelope, "data", roster_fields_apply (fields, record));
  respond_object (msg, SOUP_STATUS_OK, envelope);
  json_object_unref (envelope);
}

static void
handle_get_record (RosterServer      *self,
                   SoupServerMessage *msg,
                   RosterActor       *actor,
                   RosterResource     resource,
                   gint64             id,
                   GHashTable        *query)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  record = roster_firm_get_record (self->firm, actor, resource, id, &error);
  if (record == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  respond_record (self, msg, resource, record, query);
}

/* Writes ------------------------------------------------------------------------ */

typedef enum
{
  WRITE_DEACTIVATE,
  WRITE_ACTIVATE,
  WRITE_REASSIGN,
  WRITE_RENEWAL,
  WRITE_CLOSURE,
  WRITE_UPDATE,
  WRITE_DELETE,
} WriteKind;

static gboolean
data_id_or_null (JsonObject *data,
                 const char *member,
                 gint64     *id,
                 GError    **error)
{
  JsonNode *node = json_object_get_member (data, member);

  *id = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "%s must be a user id or null", member);
      return FALSE;
    }

  *id = json_node_get_int (node);
  return TRUE;
}

static gboolean
data_bool (JsonObject *data,
           const char *member,
           gboolean    required,
           gboolean   *value,
           GError    **error)
{
  JsonNode *node = json_object_get_member (data, member);

  if (node == NULL && !required)
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST, "%s must be true or false", member);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

static const char *
data_string (JsonObject *data,
             const char *member)
{
  JsonNode *node = json_object_get_member (data, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Runs one write: its rules, its changes, its audit event and its
 * idempotency record commit together or not at all. */
static JsonObject *
run_write (RosterServer      *self,
           SoupServerMessage *msg,
           RosterActor       *actor,
           WriteKind          kind,
           RosterResource     resource,
           gint64             id,
           guint             *status,
           GError           **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *if_match;

  *status = SOUP_STATUS_OK;
  if_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-Match");

  switch (kind)
    {
    case WRITE_DEACTIVATE:
      return roster_firm_deactivate (self->firm, actor, id, error);

    case WRITE_ACTIVATE:
      return roster_firm_activate (self->firm, actor, id, error);

    case WRITE_REASSIGN:
      {
        gint64 matters_to, tasks_to, entries_to;
        gboolean dry_run = FALSE;

        data = request_data (msg, TRUE, error);
        if (data == NULL ||
            !data_id_or_null (data, "matters_to", &matters_to, error) ||
            !data_id_or_null (data, "tasks_to", &tasks_to, error) ||
            !data_id_or_null (data, "calendar_entries_to", &entries_to, error) ||
            !data_bool (data, "dry_run", FALSE, &dry_run, error))
          return NULL;
        return roster_firm_reassign_work (self->firm, actor, id, matters_to, tasks_to, entries_to, dry_run, error);
      }

    case WRITE_RENEWAL:
      {
        gboolean remove_unused = FALSE;

        data = request_data (msg, TRUE, error);
        if (data == NULL || !data_bool (data, "remove_unused_licenses", TRUE, &remove_unused, error))
          return NULL;
        return roster_firm_set_renewal_options (self->firm, actor, remove_unused, error);
      }

    case WRITE_CLOSURE:
      data = request_data (msg, TRUE, error);
      if (data == NULL)
        return NULL;
      return roster_firm_close_account (self->firm, actor,
                                        data_string (data, "reason"),
                                        data_string (data, "verification_code"),
                                        data_string (data, "confirmation"),
                                        error);

    case WRITE_UPDATE:
      data = request_data (msg, TRUE, error);
      if (data == NULL)
        return NULL;
      return roster_firm_update_record (self->firm, actor, resource, id, if_match, data, error);

    case WRITE_DELETE:
      if (!roster_firm_delete_record (self->firm, actor, resource, id, error))
        return NULL;
      *status = SOUP_STATUS_NO_CONTENT;
      return json_object_new ();

    default:
      g_return_val_if_reached (NULL);
    }
}

static void
handle_write (RosterServer      *self,
              SoupServerMessage *msg,
              RosterActor       *actor,
              WriteKind          kind,
              RosterResource     resource,
              gint64             id,
              GHashTable        *query)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  g_autoptr(GBytes) bytes = request_body (msg);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_body = NULL;
  g_autofree char *body = NULL;
  const char *fingerprint;
  guint stored_status = 0;
  guint status = SOUP_STATUS_OK;
  gboolean replay;

  if (key != NULL && (*key == '\0' || strlen (key) > 255))
    {
      respond_error (msg, 400, "invalid_request", "An Idempotency-Key has 1 to 255 characters");
      return;
    }

  /* A key stands for one request: the same method, path and body. */
  g_checksum_update (checksum, (const guchar *) soup_server_message_get_method (msg), -1);
  g_checksum_update (checksum, (const guchar *) " ", 1);
  g_checksum_update (checksum, (const guchar *) g_uri_get_path (soup_server_message_get_uri (msg)), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fingerprint = g_checksum_get_string (checksum);

  if (!roster_firm_begin (self->firm, &error))
    {
      respond_gerror (msg, error);
      return;
    }

  if (key != NULL)
    {
      replay = roster_firm_find_idempotent (self->firm, actor->id, key, fingerprint,
                                            &stored_status, &stored_body, &error);
      if (error != NULL || replay)
        {
          roster_firm_rollback (self->firm);
          if (error != NULL)
            respond_gerror (msg, error);
          else
            {
              soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                            "Idempotent-Replayed", "true");
              respond_json (msg, stored_status, *stored_body ? stored_body : NULL);
            }
          return;
        }
    }

  result = run_write (self, msg, actor, kind, resource, id, &status, &error);
  if (result == NULL)
    {
      guint refusal = error_status (error);
      g_autofree char *refusal_body = error_body (error_type (error), refusal >= 500 ? "The server failed; try again" : error->message);

      roster_firm_rollback (self->firm);
      /* A refusal is the first answer too, and is replayed as such; a
       * server failure is not, so that a retry may succeed. */
      if (key != NULL && refusal < 500)
        {
          g_autoptr(GError) store_error = NULL;

          if (!roster_firm_begin (self->firm, &store_error) ||
              !roster_firm_store_idempotent (self->firm, actor->id, key, fingerprint, refusal, refusal_body, &store_error) ||
              !roster_firm_commit (self->firm, &store_error))
            {
              roster_firm_rollback (self->firm);
              g_warning ("Cannot record a refusal under its Idempotency-Key: %s", store_error->message);
            }
        }
      if (refusal >= 500)
        g_warning ("%s", error->message);
      respond_json (msg, refusal, refusal_body);
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT)
    body = g_strdup ("");
  else
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (root, result);
      body = json_to_string (root, FALSE);
    }

  if ((key != NULL && !roster_firm_store_idempotent (self->firm, actor->id, key, fingerprint, status, body, &error)) ||
      !roster_firm_commit (self->firm, &error))
    {
      roster_firm_rollback (self->firm);
      respond_gerror (msg, error);
      return;
    }

  roster_firm_flush_mail (self->firm);
  respond_json (msg, status, *body ? body : NULL);
}

/* Routes ------------------------------------------------------------------------- */

static void
respond_extensions (SoupServerMessage *msg)
{
  static const char body[] =
    "{\"data\": {\"api\": \"roster\", \"version\": 1, \"extensions\": ["
    "\"users.deactivate\", \"users.activate\", \"users.reassign_work\", \"account\","
    " \"account.renewal_options\", \"account.closure\", \"notifications\", \"audit_events\","
    " \"deleted_records\", \"calendar_entries.include_hidden\", \"idempotency_keys\"]}}";

  respond_json (msg, SOUP_STATUS_OK, body);
}

static gboolean
method_is (SoupServerMessage *msg,
           const char        *method)
{
  return g_str_equal (soup_server_message_get_method (msg), method);
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                 "This method is not allowed here");
}

static gboolean
resource_from_name (const char     *name,
                    RosterResource *resource)
{
  static const struct { const char *name; RosterResource resource; } names[] = {
    { "users", ROSTER_RESOURCE_USERS },
    { "matters", ROSTER_RESOURCE_MATTERS },
    { "tasks", ROSTER_RESOURCE_TASKS },
    { "calendar_entries", ROSTER_RESOURCE_CALENDAR_ENTRIES },
    { "notifications", ROSTER_RESOURCE_NOTIFICATIONS },
    { "audit_events", ROSTER_RESOURCE_AUDIT_EVENTS },
    { "deleted_records", ROSTER_RESOURCE_DELETED_RECORDS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i].name))
      {
        *resource = names[i].resource;
        return TRUE;
      }

  return FALSE;
}

static void
route_api (RosterServer      *self,
           SoupServerMessage *msg,
           RosterActor       *actor,
           const char        *path,
           GHashTable        *query)
{
  g_auto(GStrv) parts = NULL;
  RosterResource resource;
  guint n;
  gint64 id = 0;

  if (!g_str_has_suffix (path, ".json"))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Paths of this API end in .json");
      return;
    }

  {
    g_autofree char *bare = g_strndup (path, strlen (path) - strlen (".json"));

    parts = g_strsplit (bare, "/", -1);
  }
  n = g_strv_length (parts);

  /* A server of Clio's public API alone knows none of Roster's extensions. */
  if (self->clio_only &&
      (g_strv_contains ((const char *[]) { "extensions", "account", "notifications", "audit_events",
                                           "deleted_records", NULL }, parts[0]) ||
       (n == 3 && g_str_equal (parts[0], "users"))))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this path");
      return;
    }

  if (n == 1 && g_str_equal (parts[0], "extensions"))
    {
      if (!method_is (msg, "GET"))
        return method_not_allowed (msg, "GET");
      return respond_extensions (msg);
    }

  if (n == 1 && g_str_equal (parts[0], "account"))
    {
      g_autoptr(JsonObject) account = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *envelope;

      if (!method_is (msg, "GET"))
        return method_not_allowed (msg, "GET");
      account = roster_firm_account (self->firm, &error);
      if (account == NULL)
        return respond_gerror (msg, error);
      if (not_modified (msg, json_object_get_string_member (account, "etag")))
        return;
      envelope = json_object_new ();
      json_object_set_object_member (envelope, "data", g_steal_pointer (&account));
      respond_object (msg, SOUP_STATUS_OK, envelope);
      json_object_unref (envelope);
      return;
    }

  if (n == 2 && g_str_equal (parts[0], "account"))
    {
      if (g_str_equal (parts[1], "renewal_options"))
        {
          if (!method_is (msg, "PATCH"))
            return method_not_allowed (msg, "PATCH");
          return handle_write (self, msg, actor, WRITE_RENEWAL, ROSTER_RESOURCE_USERS, 0, query);
        }
      if (g_str_equal (parts[1], "closure"))
        {
          if (!method_is (msg, "POST"))
            return method_not_allowed (msg, "POST");
          return handle_write (self, msg, actor, WRITE_CLOSURE, ROSTER_RESOURCE_USERS, 0, query);
        }
    }

  if (n >= 1 && resource_from_name (parts[0], &resource))
    {
      if (n == 1)
        {
          if (!method_is (msg, "GET"))
            return method_not_allowed (msg, "GET");
          return handle_list (self, msg, actor, resource, query);
        }

      if (n == 2 && resource == ROSTER_RESOURCE_USERS && g_str_equal (parts[1], "who_am_i"))
        {
          if (!method_is (msg, "GET"))
            return method_not_allowed (msg, "GET");
          return handle_get_record (self, msg, actor, resource, actor->id, query);
        }

      if (!parse_id (parts[1], &id))
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such record");
          return;
        }

      if (n == 2 && resource <= ROSTER_RESOURCE_CALENDAR_ENTRIES)
        {
          if (method_is (msg, "GET"))
            return handle_get_record (self, msg, actor, resource, id, query);
          if (resource != ROSTER_RESOURCE_USERS && method_is (msg, "PATCH"))
            return handle_write (self, msg, actor, WRITE_UPDATE, resource, id, query);
          if (resource != ROSTER_RESOURCE_USERS && method_is (msg, "DELETE"))
            return handle_write (self, msg, actor, WRITE_DELETE, resource, id, query);
          return method_not_allowed (msg, resource == ROSTER_RESOURCE_USERS ? "GET" : "GET, PATCH, DELETE");
        }

      if (n == 3 && resource == ROSTER_RESOURCE_USERS)
        {
          WriteKind kind;

          if (g_str_equal (parts[2], "deactivate"))
            kind = WRITE_DEACTIVATE;
          else if (g_str_equal (parts[2], "activate"))
            kind = WRITE_ACTIVATE;
          else if (g_str_equal (parts[2], "reassign_work"))
            kind = WRITE_REASSIGN;
          else
            goto not_found;

          if (!method_is (msg, "POST"))
            return method_not_allowed (msg, "POST");
          return handle_write (self, msg, actor, kind, resource, id, query);
        }
    }

not_found:
  respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this path");
}

static void
process_api (RosterServer      *self,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query)
{
  g_autoptr(RosterActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bearer_token (msg);
  g_autoptr(GBytes) body = request_body (msg);

  if (!count_request (self, msg, token))
    {
      respond_error (msg, 429, "rate_limited",
                     "Too many requests: wait for the time Retry-After gives");
      return;
    }

  if (g_bytes_get_size (body) > MAX_BODY_SIZE)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                     "A request body holds 1 MiB at most");
      return;
    }

  actor = roster_firm_authenticate (self->firm, token, &error);
  if (actor == NULL)
    {
      if (error_status (error) == 401)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "WWW-Authenticate", "Bearer realm=\"roster\"");
      respond_gerror (msg, error);
      return;
    }

  route_api (self, msg, actor, path + strlen ("/api/v4/"), query);
}

typedef struct
{
  RosterServer      *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
} DelayedRequest;

static gboolean
resume_delayed (gpointer data)
{
  DelayedRequest *delayed = data;

  process_api (delayed->self, delayed->msg, delayed->path, delayed->query);
  soup_server_message_unpause (delayed->msg);

  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed->path);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

static void
handle_api (RosterServer      *self,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query)
{
  Fault fault = pick_fault (self);

  switch (fault)
    {
    case FAULT_SERVER_ERROR:
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "An injected server failure");
      return;

    case FAULT_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      respond_error (msg, 429, "rate_limited", "An injected rate limit");
      return;

    case FAULT_DELAY:
      {
        DelayedRequest *delayed = g_new0 (DelayedRequest, 1);

        delayed->self = g_object_ref (self);
        delayed->msg = g_object_ref (msg);
        delayed->path = g_strdup (path);
        delayed->query = query ? g_hash_table_ref (query) : NULL;
        soup_server_message_pause (msg);
        g_timeout_add (g_rand_int_range (self->fault_rand, 100, 700), resume_delayed, delayed);
        return;
      }

    case FAULT_DROP:
      process_api (self, msg, path, query);
      drop_connection (msg);
      return;

    case FAULT_MALFORMED:
    case FAULT_TRUNCATED:
      process_api (self, msg, path, query);
      apply_body_fault (msg, fault);
      return;

    case FAULT_NONE:
    case N_FAULTS:
    default:
      process_api (self, msg, path, query);
      return;
    }
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

  if (roster_firm_is_closed (self->firm))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "account_closed", "This account is closed");
      return;
    }

  if (g_str_has_prefix (path, "/api/v4/"))
    handle_api (self, msg, path, query);
  else if (g_str_has_prefix (path, "/oauth/"))
    roster_oauth_handle (self->firm, msg, path, query);
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "The API lives under /api/v4 and /oauth");
}

/* Object ------------------------------------------------------------------------- */

static void
roster_server_dispose (GObject *object)
{
  RosterServer *self = ROSTER_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->firm);
  g_clear_pointer (&self->rate_windows, g_hash_table_unref);
  g_clear_pointer (&self->fault_rand, g_rand_free);

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
  GSList *uris;

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

  self->soup = soup_server_new ("server-header", "roster-server/" PACKAGE_VERSION " ", NULL);
  if (certificate != NULL)
    soup_server_set_tls_certificate (self->soup, certificate);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  if (!soup_server_listen (self->soup, socket_address,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    *port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}
