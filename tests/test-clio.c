/* test-clio.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clio's own API, honestly: what its description allows, Roster reads. A
 * real roster-server, with and without --clio-only, seeded with the odd
 * firm (calendar entry ids that are not numbers, times with offsets other
 * than Z, contacts as assignees, nulls) or the small one, behind a proxy
 * that records every request and can spoil answers: a record that cannot
 * be read is kept aside and the sync goes on; the cache, its open-work
 * counts and its preview agree with the server's own reading; a
 * reassignment against --clio-only moves what the server's dry run says,
 * each PATCH with If-Match, and only what changes; and every query
 * parameter sent is one Clio's description defines for that path.
 */

#include "config.h"

#include <string.h>

#include "roster-api.h"
#include "roster-compat.h"
#include "roster-json.h"
#include "roster-store.h"
#include "roster-sync.h"
#include "roster-time.h"
#include "server-fixture.h"

/* The proxy --------------------------------------------------------------- */

typedef struct
{
  char  *method;
  char  *path;      /* decoded, as "/api/v4/calendar_entries/réunion:2026-12-02.json" */
  char  *query;     /* encoded, or NULL */
  char  *if_match;  /* or NULL */
  guint  status;
} Recorded;

static void
recorded_free (Recorded *recorded)
{
  g_free (recorded->method);
  g_free (recorded->path);
  g_free (recorded->query);
  g_free (recorded->if_match);
  g_free (recorded);
}

/* Rewrites an answer's JSON on its way to the client; returns NULL to
 * leave it as it is. */
typedef JsonNode *(*Rewrite) (const char *path,
                              GHashTable *params,
                              JsonNode   *root);
/* What no JSON tree can say, written into the answer's text. */
typedef char *(*RewriteText) (const char *path,
                              const char *text);

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  SoupSession  *session;
  char         *url;
  GMutex        lock;
  GCond         ready;
  gboolean      started;

  /* Under the lock */
  char         *upstream;
  GPtrArray    *requests;
  Rewrite       rewrite;
  RewriteText   rewrite_text;
  char         *bump_path;  /* a record changed on the server just before its first PATCH goes through */
} Proxy;

static const char *const forwarded_request_headers[] = {
  "Authorization", "Accept", "If-Match", "If-None-Match", "Idempotency-Key", NULL
};
static const char *const forwarded_response_headers[] = {
  "ETag", "Date", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
  "WWW-Authenticate", "Allow", "Idempotent-Replayed", NULL
};

static GBytes *
send_upstream (Proxy               *proxy,
               const char          *method,
               const char          *url,
               SoupMessageHeaders  *headers,
               GBytes              *body,
               guint               *status,
               SoupMessageHeaders **response_headers)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  for (guint i = 0; forwarded_request_headers[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_one (headers, forwarded_request_headers[i]);

      if (value != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), forwarded_request_headers[i], value);
    }
  if (body != NULL && g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  answer = soup_session_send_and_read (proxy->session, msg, NULL, &error);
  *status = answer ? soup_message_get_status (msg) : SOUP_STATUS_BAD_GATEWAY;
  if (response_headers != NULL)
    *response_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return answer ? answer : g_bytes_new (NULL, 0);
}

/* Changes a record on the server behind the client's back, so that the
 * etag the client holds is stale. */
static void
bump (Proxy              *proxy,
      const char         *upstream_url,
      const char         *path,
      SoupMessageHeaders *headers)
{
  const char *member = strstr (path, "/tasks/") ? "name" : strstr (path, "/matters/") ? "description" : "summary";
  g_autofree char *body = g_strdup_printf ("{\"data\": {\"%s\": \"Changed behind your back\"}}", member);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessageHeaders) plain = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) answer = NULL;
  guint status;

  soup_message_headers_replace (plain, "Authorization", soup_message_headers_get_one (headers, "Authorization"));
  answer = send_upstream (proxy, "PATCH", upstream_url, plain, bytes, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static void
proxy_handle (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  Proxy *proxy = data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *encoded_query = g_uri_get_query (uri);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) request_body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(SoupMessageHeaders) response_headers = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *upstream = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bump_url = NULL;
  Rewrite rewrite;
  RewriteText rewrite_text;
  Recorded *recorded;
  guint status;

  g_mutex_lock (&proxy->lock);
  upstream = g_strdup (proxy->upstream);
  rewrite = proxy->rewrite;
  rewrite_text = proxy->rewrite_text;
  if (g_str_equal (method, "PATCH") && proxy->bump_path != NULL && g_str_equal (proxy->bump_path, path))
    {
      bump_url = g_strconcat (upstream, g_uri_get_path (uri), NULL);
      g_clear_pointer (&proxy->bump_path, g_free);
    }
  g_mutex_unlock (&proxy->lock);

  if (bump_url != NULL)
    bump (proxy, bump_url, path, headers);

  url = g_strconcat (upstream, g_uri_get_path (uri), encoded_query ? "?" : "", encoded_query ? encoded_query : "", NULL);
  answer = send_upstream (proxy, method, url, headers, request_body, &status, &response_headers);

  recorded = g_new0 (Recorded, 1);
  recorded->method = g_strdup (method);
  recorded->path = g_strdup (path);
  recorded->query = g_strdup (encoded_query);
  recorded->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
  recorded->status = status;
  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->requests, recorded);
  g_mutex_unlock (&proxy->lock);

  soup_server_message_set_status (msg, status, NULL);
  for (guint i = 0; forwarded_response_headers[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_one (response_headers, forwarded_response_headers[i]);

      if (value != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      forwarded_response_headers[i], value);
    }

  if (g_bytes_get_size (answer) == 0)
    return;

  /* The pages' next links lead back through the proxy. */
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  {
    g_autofree char *through = replace_all (text, upstream, proxy->url);

    g_free (text);
    text = g_steal_pointer (&through);
  }

  if (rewrite != NULL && status == 200)
    {
      g_autoptr(JsonNode) root = json_from_string (text, NULL);
      g_autoptr(GHashTable) params = encoded_query ? g_uri_parse_params (encoded_query, -1, "&", G_URI_PARAMS_NONE, NULL)
                                                   : g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(JsonNode) rewritten = root ? rewrite (path, params, root) : NULL;

      if (rewritten != NULL)
        {
          g_free (text);
          text = json_to_string (rewritten, FALSE);
        }
    }

  if (rewrite_text != NULL && status == 200)
    {
      char *rewritten = rewrite_text (path, text);

      g_free (text);
      text = rewritten;
    }

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *proxy = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (proxy->context);
  proxy->session = soup_session_new_with_options ("timeout", 60, NULL);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handle, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  {
    g_autofree char *url = g_uri_to_string (uris->data);

    proxy->url = g_strndup (url, strlen (url) - (g_str_has_suffix (url, "/") ? 1 : 0));
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&proxy->lock);
  proxy->started = TRUE;
  g_cond_signal (&proxy->ready);
  g_mutex_unlock (&proxy->lock);

  g_main_loop_run (proxy->loop);

  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_main_context_pop_thread_default (proxy->context);

  return NULL;
}

static void
proxy_start (Proxy      *proxy,
             const char *upstream)
{
  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->ready);
  proxy->upstream = g_strdup (upstream);
  proxy->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) recorded_free);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);
  proxy->thread = g_thread_new ("test-proxy", proxy_thread, proxy);

  g_mutex_lock (&proxy->lock);
  while (!proxy->started)
    g_cond_wait (&proxy->ready, &proxy->lock);
  g_mutex_unlock (&proxy->lock);
}

static void
proxy_stop (Proxy *proxy)
{
  if (proxy->thread == NULL)
    return;

  g_main_context_invoke (proxy->context, quit_loop, proxy->loop);
  g_thread_join (proxy->thread);
  proxy->thread = NULL;
  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_ptr_array_unref (proxy->requests);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy->bump_path);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->ready);
}

static void
proxy_set_upstream (Proxy      *proxy,
                    const char *upstream)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->upstream);
  proxy->upstream = g_strdup (upstream);
  g_mutex_unlock (&proxy->lock);
}

static void
proxy_set_rewrite (Proxy  *proxy,
                   Rewrite rewrite)
{
  g_mutex_lock (&proxy->lock);
  proxy->rewrite = rewrite;
  g_mutex_unlock (&proxy->lock);
}

static void
proxy_set_rewrite_text (Proxy      *proxy,
                        RewriteText rewrite_text)
{
  g_mutex_lock (&proxy->lock);
  proxy->rewrite_text = rewrite_text;
  g_mutex_unlock (&proxy->lock);
}

/* The requests recorded since the last call. */
static GPtrArray *
proxy_take_requests (Proxy *proxy)
{
  GPtrArray *requests;

  g_mutex_lock (&proxy->lock);
  requests = g_steal_pointer (&proxy->requests);
  proxy->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) recorded_free);
  g_mutex_unlock (&proxy->lock);

  return requests;
}

/* The fixture -------------------------------------------------------------- */

#define ADA "ada@odd.example"
#define MARCUS "marcus.reyes@hartbell.example"

typedef struct
{
  const char  *firm;
  const char  *admin;
  const char **args;
} Setup;

typedef struct
{
  ServerFixture  server;
  Proxy          proxy;
  const Setup   *setup;
  char          *token;
  char          *store_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->setup = data;
  server_fixture_start (&fixture->server, fixture->setup->firm, (const char **) fixture->setup->args);
  fixture->token = server_fixture_token (&fixture->server, fixture->setup->admin);
  fixture->store_path = g_build_filename (fixture->server.dir, "cache", "cache.db", NULL);
  proxy_start (&fixture->proxy, fixture->server.base_url);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  proxy_stop (&fixture->proxy);
  server_fixture_stop (&fixture->server);
  g_free (fixture->token);
  g_free (fixture->store_path);
}

static gboolean
clio_only (Fixture *fixture)
{
  return fixture->setup->args != NULL && g_strv_contains (fixture->setup->args, "--clio-only");
}

/* A sync through the proxy, to its end. */
static void
sync_through_proxy (Fixture *fixture)
{
  g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->proxy.url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autofree char *result = NULL;
  g_autofree char *synced_at = NULL;

  g_assert_true (roster_sync_run (sync, NULL, &error));
  g_assert_no_error (error);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  result = roster_store_get_info (store, "last-sync-result");
  g_assert_cmpstr (result, ==, "ok");
  synced_at = roster_store_last_synced_at (store);
  g_assert_nonnull (synced_at);
}

static char *
id_text (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* Every record of a list the server serves, by id as the server writes
 * it, walking its pages directly (not through the proxy). */
static GHashTable *
server_records (Fixture    *fixture,
                const char *collection,
                const char *fields,
                const char *filters)
{
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) json_object_unref);
  g_autofree char *path = g_strdup_printf ("/api/v4/%s.json?fields=%s&limit=200%s%s", collection, fields,
                                           !clio_only (fixture) && g_str_equal (collection, "calendar_entries")
                                             ? "&include_hidden=true" : "",
                                           filters ? filters : "");

  while (path != NULL)
    {
      g_autoptr(Response) page = server_fixture_request (&fixture->server, "GET", path, fixture->token, NULL, NULL, NULL);
      JsonArray *data;
      JsonObject *paging;

      if (page->status != 200)
        g_error ("GET %s: %u %s", path, page->status, page->body);
      data = response_data_array (page);
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *record = json_array_get_object_element (data, i);

          g_hash_table_insert (records, id_text (json_object_get_member (record, "id")), json_object_ref (record));
        }

      g_clear_pointer (&path, g_free);
      paging = json_object_get_object_member (json_object_get_object_member (json_node_get_object (page->root), "meta"),
                                              "paging");
      if (json_object_has_member (paging, "next"))
        path = g_strdup (json_object_get_string_member (paging, "next") + strlen (fixture->server.base_url));
    }

  return g_steal_pointer (&records);
}

static const char *const firm_collections[] = { "users", "matters", "tasks", "calendar_entries" };

/* The cache holds the server's open work (server_fixture_open_work_filter)
 * etag for etag, but the records in @left_out ("tasks/7"); whatever else
 * it holds, as the server has it now. */
static void
assert_cache_equals_server (Fixture     *fixture,
                            const char **left_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (firm_collections); c++)
    {
      g_autofree char *open_work = server_fixture_open_work_filter (firm_collections[c]);
      g_autoptr(GHashTable) expected = server_records (fixture, firm_collections[c], "id,etag", open_work);
      g_autoptr(GHashTable) everything = server_records (fixture, firm_collections[c], "id,etag", NULL);
      g_autoptr(GHashTable) cached = roster_store_etags (store, firm_collections[c], &error);
      GHashTableIter iter;
      gpointer id, value;

      g_assert_no_error (error);
      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &id, &value))
        {
          g_autofree char *name = g_strdup_printf ("%s/%s", firm_collections[c], (const char *) id);
          const char *mine = g_hash_table_lookup (cached, id);

          if (left_out != NULL && g_strv_contains (left_out, name))
            {
              g_assert_null (mine);
              continue;
            }
          if (g_strcmp0 (mine, json_object_get_string_member (value, "etag")) != 0)
            g_error ("%s: the cache has %s, the server %s", name, mine ? mine : "nothing",
                     json_object_get_string_member (value, "etag"));
        }

      g_hash_table_iter_init (&iter, cached);
      while (g_hash_table_iter_next (&iter, &id, &value))
        {
          g_autofree char *name = g_strdup_printf ("%s/%s", firm_collections[c], (const char *) id);
          JsonObject *theirs = g_hash_table_lookup (everything, id);

          if (theirs == NULL || g_strcmp0 (value, json_object_get_string_member (theirs, "etag")) != 0)
            g_error ("%s: the cache has %s, the server %s", name, (const char *) value,
                     theirs ? json_object_get_string_member (theirs, "etag") : "nothing");
        }
    }
}

/* Unreadable records ---------------------------------------------------- */

static JsonObject *
record_with_id (JsonArray  *data,
                const char *id)
{
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      text = id_text (json_object_get_member (json_node_get_object (element), "id"));
      if (g_str_equal (text, id))
        return json_node_get_object (element);
    }

  return NULL;
}

/* Spoils a few records of the small firm's lists (and of the same records
 * asked for again), as a server might send them. */
static JsonNode *
spoil_records (const char *path,
               GHashTable *params,
               JsonNode   *root)
{
  JsonNode *copy = json_node_copy (root);
  JsonNode *data_node = json_object_get_member (json_node_get_object (copy), "data");
  JsonArray *data;
  JsonObject *record;

  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    return copy;
  data = json_node_get_array (data_node);

  if (g_str_equal (path, "/api/v4/users.json") && (record = record_with_id (data, "9")) != NULL)
    json_object_set_string_member (record, "enabled", "yes");
  if (g_str_equal (path, "/api/v4/matters.json") && (record = record_with_id (data, "3")) != NULL)
    json_object_set_int_member (record, "status", 7);
  if (g_str_equal (path, "/api/v4/tasks.json"))
    {
      /* Task 7, the first spoiled once, is complete: a first sync does not
       * ask for it. */
      if ((record = record_with_id (data, "3")) != NULL && json_object_get_member (record, "assignee") != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (record, "assignee")))
        json_object_remove_member (json_object_get_object_member (record, "assignee"), "type");
      if ((record = record_with_id (data, "8")) != NULL)
        json_object_set_string_member (record, "due_at", "soon");
    }
  if (g_str_equal (path, "/api/v4/calendar_entries.json"))
    {
      if ((record = record_with_id (data, "5")) != NULL)
        json_object_set_string_member (record, "start_at", "at five");
      /* Something that is not a record at all, on the first page. */
      if (g_hash_table_lookup (params, "page_token") == NULL && g_hash_table_lookup (params, "ids[]") == NULL)
        json_array_add_int_element (data, 42);
    }

  return copy;
}

typedef struct
{
  const char *resource;
  const char *id;
  const char *member;
} Expected;

static void
test_unreadable_records (Fixture      *fixture,
                         gconstpointer data)
{
  static const Expected spoiled[] = {
    { "calendar_entries", NULL, NULL },
    { "calendar_entries", "5", "start_at" },
    { "matters", "3", "status" },
    { "tasks", "3", "assignee.type" },
    { "tasks", "8", "due_at" },
    { "users", "9", "enabled" },
  };
  static const char *left_out[] = { "calendar_entries/5", "matters/3", "tasks/3", "tasks/8", "users/9", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unreadable = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  /* The next sync asks from the first one's start, less an overlap of two
   * seconds: let the seeded records fall before it, so that only the
   * records kept aside are asked for again. */
  g_usleep (3 * G_USEC_PER_SEC);
  proxy_set_rewrite (&fixture->proxy, spoil_records);
  sync_through_proxy (fixture);

  {
    g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (roster_store_count_unreadable (store, NULL), ==, G_N_ELEMENTS (spoiled));
    unreadable = roster_store_list_unreadable (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (unreadable->len, ==, G_N_ELEMENTS (spoiled));
    for (guint i = 0; i < unreadable->len; i++)
      {
        RosterUnreadable *record = g_ptr_array_index (unreadable, i);
        g_autofree char *path = g_strdup_printf ("/api/v4/%s.json", spoiled[i].resource);

        g_test_message ("%s %s: %s (%s %s)", record->resource, record->record_id ? record->record_id : "(no id)",
                        record->problem, record->method, record->path);
        g_assert_cmpstr (record->resource, ==, spoiled[i].resource);
        g_assert_cmpstr (record->record_id, ==, spoiled[i].id);
        g_assert_cmpstr (record->member, ==, spoiled[i].member);
        g_assert_cmpstr (record->method, ==, "GET");
        g_assert_cmpstr (record->path, ==, path);
        g_assert_nonnull (record->problem);
        if (spoiled[i].member != NULL)
          g_assert_nonnull (strstr (record->problem, strrchr (spoiled[i].member, '.') ? strrchr (spoiled[i].member, '.') + 1
                                                                                    : spoiled[i].member));
      }
  }
  /* Every other record is cached, and the collections after the spoiled
   * ones were read to their end. */
  assert_cache_equals_server (fixture, left_out);

  /* Mended on the server's side: the next sync asks for them again, by
   * their ids, and they are read; what had no id stays listed. */
  proxy_set_rewrite (&fixture->proxy, NULL);
  g_ptr_array_unref (proxy_take_requests (&fixture->proxy));
  sync_through_proxy (fixture);
  assert_cache_equals_server (fixture, NULL);
  {
    g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
    RosterUnreadable *left;

    g_assert_no_error (error);
    g_clear_pointer (&unreadable, g_ptr_array_unref);
    unreadable = roster_store_list_unreadable (store, NULL, &error);
    g_assert_cmpuint (unreadable->len, ==, 1);
    left = g_ptr_array_index (unreadable, 0);
    g_assert_cmpstr (left->resource, ==, "calendar_entries");
    g_assert_null (left->record_id);
  }
  requests = proxy_take_requests (&fixture->proxy);
  {
    gboolean asked_by_ids = FALSE;

    for (guint i = 0; i < requests->len; i++)
      {
        Recorded *recorded = g_ptr_array_index (requests, i);
        g_autoptr(GHashTable) params = NULL;

        if (!g_str_equal (recorded->path, "/api/v4/tasks.json") || recorded->query == NULL)
          continue;
        params = g_uri_parse_params (recorded->query, -1, "&", G_URI_PARAMS_NONE, NULL);
        if (params != NULL && g_hash_table_lookup (params, "ids[]") != NULL)
          asked_by_ids = TRUE;
      }
    g_assert_true (asked_by_ids);
  }
}

/* An answer to who_am_i whose id is not an id. */
static JsonNode *
negative_me (const char *path,
             GHashTable *params,
             JsonNode   *root)
{
  JsonNode *copy = json_node_copy (root);

  if (g_str_equal (path, "/api/v4/users/who_am_i.json"))
    json_object_set_int_member (json_object_get_object_member (json_node_get_object (copy), "data"), "id", -3);

  return copy;
}

/* A page of matters whose first record names a member twice. */
static char *
matter_named_twice (const char *path,
                    const char *text)
{
  const char *list = strstr (text, "\"data\":[{");

  if (!g_str_equal (path, "/api/v4/matters.json") || list == NULL)
    return g_strdup (text);

  list += strlen ("\"data\":[{");
  return g_strdup_printf ("%.*s\"twice\":1,\"twice\":2,%s", (int) (list - text), text, list);
}

static void
test_errors_name_request_and_record (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autoptr(RosterSync) sync = roster_sync_new (fixture->store_path, fixture->proxy.url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterApi) api = roster_api_new (fixture->proxy.url, fixture->token);
  g_autoptr(JsonNode) root = NULL;

  proxy_set_rewrite (&fixture->proxy, negative_me);
  g_assert_false (roster_sync_run (sync, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "GET /api/v4/users/who_am_i.json"));
  g_assert_nonnull (strstr (error->message, "signed-in user"));
  g_assert_nonnull (strstr (error->message, "“id”"));
  g_assert_nonnull (strstr (error->message, "-3"));
  g_assert_cmpstr (roster_json_error_get_member (error), ==, "id");
  g_clear_error (&error);
  proxy_set_rewrite (&fixture->proxy, NULL);

  /* A page's list is read after its frame, on the sync's own thread: what
   * only that reading finds is said as a page that is not JSON, with its
   * request, and what came before is kept. */
  proxy_set_rewrite_text (&fixture->proxy, matter_named_twice);
  g_assert_false (roster_sync_run (sync, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "GET /api/v4/matters.json: "));
  g_assert_nonnull (strstr (error->message, "named twice"));
  g_assert_cmpstr (roster_api_error_get_path (error), ==, "/api/v4/matters.json");
  {
    g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, NULL);
    g_autoptr(GListStore) users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, NULL);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (users)), >, 0);
  }
  g_clear_error (&error);
  proxy_set_rewrite_text (&fixture->proxy, NULL);

  /* A refusal keeps the server's words, and carries the request. */
  root = roster_api_get (api, "/users/999999.json?fields=id", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED);
  g_assert_cmpstr (roster_api_error_get_method (error), ==, "GET");
  g_assert_cmpstr (roster_api_error_get_path (error), ==, "/api/v4/users/999999.json");
  g_assert_null (strstr (error->message, "/api/v4"));
  g_clear_error (&error);

  /* A failure names it in its message. */
  roster_api_set_max_attempts (api, 1);
  server_fixture_restart (&fixture->server, (const char *[]) { "--faults", "seed=1,500=1", NULL });
  proxy_set_upstream (&fixture->proxy, fixture->server.base_url);
  root = roster_api_get (api, "/matters.json?fields=id&limit=1", NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ROSTER_API_ERROR, ROSTER_API_ERROR_SERVER);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "GET /api/v4/matters.json: "));
  g_assert_cmpstr (roster_api_error_get_path (error), ==, "/api/v4/matters.json");
}

/* The odd firm ------------------------------------------------------------- */

/* What the server's own records say of a user's open work, read from its
 * lists and compared with @now as times (not as text). */
static void
server_open_work (Fixture        *fixture,
                  gint64          user_id,
                  gint64          calendar_id,
                  GDateTime      *now,
                  RosterOpenWork *work,
                  GHashTable     *ids)
{
  g_autofree char *by_attorney = g_strdup_printf ("&responsible_attorney_id=%" G_GINT64_FORMAT, user_id);
  g_autofree char *by_assignee = g_strdup_printf ("&assignee_id=%" G_GINT64_FORMAT "&assignee_type=user", user_id);
  g_autofree char *by_calendar = g_strdup_printf ("&calendar_id=%" G_GINT64_FORMAT, calendar_id);
  g_autoptr(GHashTable) matters = server_records (fixture, "matters", "id,status", by_attorney);
  g_autoptr(GHashTable) tasks = server_records (fixture, "tasks", "id,status,assignee{id,type}", by_assignee);
  GHashTableIter iter;
  gpointer id, record;

  memset (work, 0, sizeof *work);
  g_hash_table_iter_init (&iter, matters);
  while (g_hash_table_iter_next (&iter, &id, &record))
    if (g_strv_contains ((const char *[]) { "Open", "Pending", NULL }, json_object_get_string_member (record, "status")))
      {
        work->matters++;
        g_hash_table_add (ids, g_strconcat ("matter/", id, NULL));
      }

  g_hash_table_iter_init (&iter, tasks);
  while (g_hash_table_iter_next (&iter, &id, &record))
    {
      JsonObject *assignee = json_object_get_object_member (record, "assignee");

      g_assert_cmpstr (json_object_get_string_member (assignee, "type"), ==, "User");
      if (g_strcmp0 (json_object_get_string_member (record, "status"), "complete") != 0)
        {
          work->tasks++;
          g_hash_table_add (ids, g_strconcat ("task/", id, NULL));
        }
    }

  if (calendar_id != 0)
    {
      g_autoptr(GHashTable) entries = server_records (fixture, "calendar_entries", "id,start_at", by_calendar);

      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, &id, &record))
        {
          g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (json_object_get_string_member (record, "start_at"),
                                                                     NULL);

          g_assert_nonnull (start);
          if (g_date_time_compare (start, now) >= 0)
            {
              work->events++;
              g_hash_table_add (ids, g_strconcat ("calendar_entry/", id, NULL));
            }
        }
    }
}

/* The cache's open work agrees, count for count and item for item, with
 * the server's own reading, for every user. */
static void
assert_open_work_agrees (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (fixture->store_path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = roster_time_format_iso (now);
  g_autoptr(GListStore) users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, &error);
  g_autoptr(GHashTable) counts = roster_store_open_work_counts (store, now_text);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      g_autoptr(GHashTable) expected_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GListStore) work = NULL;
      gint64 id = roster_user_get_id (user);
      RosterOpenWork expected;
      RosterOpenWork cached;
      RosterOpenWork *counted = g_hash_table_lookup (counts, &id);

      server_open_work (fixture, id, roster_user_get_default_calendar_id (user), now, &expected, expected_ids);
      g_assert_true (roster_store_get_open_work (store, id, now_text, &cached, &error));
      g_assert_no_error (error);
      g_test_message ("user %" G_GINT64_FORMAT ": %u matters, %u tasks, %u events", id,
                      expected.matters, expected.tasks, expected.events);
      g_assert_cmpuint (cached.matters, ==, expected.matters);
      g_assert_cmpuint (cached.tasks, ==, expected.tasks);
      g_assert_cmpuint (cached.events, ==, expected.events);
      g_assert_cmpuint (counted ? counted->matters : 0, ==, expected.matters);
      g_assert_cmpuint (counted ? counted->tasks : 0, ==, expected.tasks);
      g_assert_cmpuint (counted ? counted->events : 0, ==, expected.events);

      /* The user's page lists the same items. */
      work = roster_store_list_open_work (store, id, now_text, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (work)), ==, g_hash_table_size (expected_ids));
      for (guint w = 0; w < g_list_model_get_n_items (G_LIST_MODEL (work)); w++)
        {
          g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (work), w);
          g_autofree char *name = g_strdup_printf ("%s/%s", roster_work_item_get_kind_code (item),
                                                   roster_work_item_get_id_string (item));

          if (!g_hash_table_contains (expected_ids, name))
            g_error ("user %" G_GINT64_FORMAT ": the page lists %s, the server does not", id, name);
        }
    }
}

/* The server's dry run for @user_id, item by item: "kind/id" → reason
 * ("moves" for an item that moves). */
static GHashTable *
dry_run (Fixture *fixture,
         gint64   user_id,
         gint64   receiver)
{
  static const char *const kinds[] = { "matters", "tasks", "calendar_entries" };
  g_autofree char *path = g_strdup_printf ("/api/v4/users/%" G_GINT64_FORMAT "/reassign_work.json", user_id);
  g_autofree char *body = g_strdup_printf ("{\"data\": {\"matters_to\": %" G_GINT64_FORMAT ", \"tasks_to\": %"
                                           G_GINT64_FORMAT ", \"calendar_entries_to\": %" G_GINT64_FORMAT
                                           ", \"dry_run\": true}}", receiver, receiver, receiver);
  g_autoptr(Response) answer = server_fixture_request (&fixture->server, "POST", path, fixture->token, body, NULL, NULL);
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *data;

  if (answer->status != 200)
    g_error ("%s: %u %s", path, answer->status, answer->body);
  data = response_data_object (answer);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      JsonObject *part = json_object_get_object_member (data, kinds[k]);

      for (guint moved = 0; moved < 2; moved++)
        {
          JsonArray *list = json_object_get_array_member (part, moved == 0 ? "moved" : "stayed");

          for (guint i = 0; i < json_array_get_length (list); i++)
            {
              JsonObject *item = json_array_get_object_element (list, i);
              g_autofree char *id = id_text (json_object_get_member (item, "id"));

              g_hash_table_insert (items, g_strdup_printf ("%s/%s", kinds[k], id),
                                   g_strdup (moved == 0 ? "moves" : json_object_get_string_member (item, "reason")));
            }
        }
    }

  return items;
}

/* The cache's preview says, item by item, what the server's dry run says;
 * @unseen_ok: items the dry run has and the preview may lack (a
 * deactivated user's entries, which Clio's API does not serve). */
static void
assert_preview_equals_dry_run (RosterStore *store,
                               GHashTable  *expected,
                               gint64       user_id,
                               gboolean     unseen_ok)
{
  static const char *const kinds[] = { "matters", "tasks", "calendar_entries" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterPreview) preview = roster_store_preview_reassignment (store, user_id, now, &error);
  g_autoptr(GHashTable) compared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer name, reason_of;
  GArray *lists[3];

  g_assert_no_error (error);
  lists[0] = preview->matters;
  lists[1] = preview->tasks;
  lists[2] = preview->calendar_entries;
  for (guint k = 0; k < 3; k++)
    for (guint i = 0; i < lists[k]->len; i++)
      {
        RosterPreviewItem *item = &g_array_index (lists[k], RosterPreviewItem, i);
        char *item_name = g_strdup_printf ("%s/%s", kinds[k], item->id_string);
        const char *reason = g_hash_table_lookup (expected, item_name);

        if (g_strcmp0 (reason, roster_verdict_to_code (item->verdict)) != 0)
          g_error ("user %" G_GINT64_FORMAT ", %s: the preview says %s, the server %s", user_id, item_name,
                   roster_verdict_to_code (item->verdict), reason ? reason : "nothing");
        g_hash_table_add (compared, item_name);
      }

  /* Nothing the server has is missing from the preview, but what Clio's
   * API does not serve: a deactivated user's entries. */
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &name, &reason_of))
    {
      /* Nor what a sync of open work skips, which always stays: closed
       * matters, complete tasks, entries over. */
      gboolean not_synced = preview->open_work_only &&
        (g_strcmp0 (reason_of, "complete") == 0 || g_strcmp0 (reason_of, "past_event") == 0 ||
         (g_str_has_prefix (name, "matters/") && g_strcmp0 (reason_of, "closed_matter") == 0));

      if (!g_hash_table_contains (compared, name) && !not_synced &&
          !(unseen_ok && g_str_has_prefix (name, "calendar_entries/")))
        g_error ("user %" G_GINT64_FORMAT ", %s: the server has it, the preview does not", user_id, (const char *) name);
    }
  g_assert_true (preview->open_work_only);
}

static void
test_odd_firm (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;

  /* The odd firm's times are fixed, and a first sync asks only for the
   * entries not over: ten years on, offsets and all, every odd id is among
   * them whatever the day the test runs. */
  server_fixture_sql (&fixture->server,
                      "UPDATE calendar_entries SET"
                      " start_at = replace (replace (start_at, '2027-', '2037-'), '2026-', '2036-'),"
                      " end_at = replace (replace (end_at, '2027-', '2037-'), '2026-', '2036-')");
  sync_through_proxy (fixture);

  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (roster_store_get_server_api (store), ==,
                   clio_only (fixture) ? ROSTER_SERVER_API_CLIO : ROSTER_SERVER_API_ROSTER);
  /* Everything was read: nothing kept aside. */
  g_assert_cmpuint (roster_store_count_unreadable (store, NULL), ==, 0);
  assert_cache_equals_server (fixture, NULL);

  /* What the description allows, as it is. */
  {
    g_autoptr(GHashTable) etags = roster_store_etags (store, "calendar_entries", &error);
    g_autoptr(RosterUser) pending = roster_store_get_user (store, 5, &error);
    RosterOpenWork work;

    g_assert_no_error (error);
    g_assert_true (g_hash_table_contains (etags, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11"));
    g_assert_true (g_hash_table_contains (etags, "r\u00e9union:2026-12-02"));
    g_assert_true (g_hash_table_contains (etags, "6"));
    /* Élodie is deactivated: Clio's API does not serve her entry. */
    g_assert_true (g_hash_table_contains (etags, "entry with space+plus") == !clio_only (fixture));
    g_assert_cmpint (roster_user_get_default_calendar_id (pending), ==, 0);
    /* Ada (user 1) has no task of contact 1's. */
    g_assert_true (roster_store_get_open_work (store, 1, "2026-01-01T00:00:00Z", &work, &error));
    g_assert_cmpuint (work.tasks, ==, 2);
  }

  assert_open_work_agrees (fixture);

  /* The preview agrees with the server's own dry run, on a server with
   * Roster's extensions over the same firm. */
  if (clio_only (fixture))
    server_fixture_restart (&fixture->server, NULL);
  {
    g_autoptr(GListStore) users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, &error);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
      {
        g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
        gint64 id = roster_user_get_id (user);
        g_autoptr(GHashTable) expected = dry_run (fixture, id, id == 2 ? 3 : 2);

        assert_preview_equals_dry_run (store, expected, id, clio_only (fixture) && !roster_user_get_enabled (user));
      }
  }
}

/* Query parameters ------------------------------------------------------- */

static JsonObject *
load_reference (void)
{
  const char *path = g_getenv ("ROSTER_OPENAPI");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The description's path for a request's ("/tasks/{id}.json"), or NULL. */
static const char *
reference_path (JsonObject *paths,
                const char *path)
{
  g_autoptr(GList) names = json_object_get_members (paths);
  const char *tail = path + strlen ("/api/v4");

  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *pattern = NULL;
      g_auto(GStrv) parts = g_strsplit (l->data, "{id}", -1);
      g_autofree char *escaped_joined = NULL;
      g_autoptr(GPtrArray) escaped = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (escaped, g_regex_escape_string (parts[i], -1));
      g_ptr_array_add (escaped, NULL);
      escaped_joined = g_strjoinv ("[^/]+", (char **) escaped->pdata);
      pattern = g_strdup_printf ("^%s$", escaped_joined);
      if (g_regex_match_simple (pattern, tail, 0, 0))
        return l->data;
    }

  return NULL;
}

/* Every parameter of every request is one Clio's description defines for
 * that path and method; the probe for Roster's extensions, which a Clio
 * server answers 404, is the one path it does not have. */
static void
assert_only_defined (JsonObject *reference,
                     GPtrArray  *requests)
{
  JsonObject *paths = json_object_get_object_member (reference, "paths");
  guint checked = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      Recorded *recorded = g_ptr_array_index (requests, i);
      g_autofree char *method = g_ascii_strdown (recorded->method, -1);
      g_autoptr(GHashTable) params = NULL;
      const char *defined_path;
      JsonObject *operation;
      JsonArray *parameters;
      GHashTableIter iter;
      gpointer name;

      if (g_str_equal (recorded->path, "/api/v4/extensions.json"))
        {
          g_assert_null (recorded->query);
          g_assert_cmpuint (recorded->status, ==, 404);
          continue;
        }

      defined_path = reference_path (paths, recorded->path);
      if (defined_path == NULL)
        g_error ("%s %s: no such path in Clio's description", recorded->method, recorded->path);
      operation = json_object_get_object_member (json_object_get_object_member (paths, defined_path), method);
      if (operation == NULL)
        g_error ("%s %s: no such method in Clio's description", recorded->method, defined_path);
      parameters = json_object_get_array_member (operation, "parameters");

      params = recorded->query ? g_uri_parse_params (recorded->query, -1, "&", G_URI_PARAMS_NONE, NULL)
                               : g_hash_table_new (g_str_hash, g_str_equal);
      g_assert_nonnull (params);
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        {
          gboolean defined = FALSE;

          for (guint p = 0; p < json_array_get_length (parameters); p++)
            {
              JsonObject *parameter = json_array_get_object_element (parameters, p);

              defined |= g_str_equal (json_object_get_string_member (parameter, "in"), "query") &&
                g_str_equal (json_object_get_string_member (parameter, "name"), name);
            }
          if (!defined)
            g_error ("%s %s: “%s” is not a parameter Clio's description defines there", recorded->method,
                     defined_path, (const char *) name);
          checked++;
        }
    }

  g_assert_cmpuint (checked, >, 0);
}

static void
test_only_defined_parameters (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(JsonObject) reference = load_reference ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(RosterApi) api = roster_api_new (fixture->proxy.url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RosterCompatResult) result = NULL;

  if (reference == NULL)
    {
      g_test_skip ("Clio's description is not beside the checkout (ROSTER_OPENAPI)");
      return;
    }

  /* A first sync, a second one (updated_since), and a dry run of a
   * reassignment. */
  sync_through_proxy (fixture);
  sync_through_proxy (fixture);
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  result = roster_compat_reassign (store, api, 3, 2, 2, 2, TRUE, now, NULL, &error);
  g_assert_no_error (error);

  requests = proxy_take_requests (&fixture->proxy);
  g_assert_cmpuint (requests->len, >, 6);
  assert_only_defined (reference, requests);
}

/* Reassigning against Clio's API alone ----------------------------------- */

typedef struct
{
  gint64    user;
  gint64    receiver;
  gboolean  deactivated;
} Source;

/* The items a compat result says moved: "kind/id". */
static GHashTable *
moved_items (RosterCompatResult *result)
{
  static const char *const kinds[] = { "matters", "tasks", "calendar_entries" };
  GHashTable *moved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *data = json_object_get_object_member (json_node_get_object (result->answer), "data");

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      JsonArray *list = json_object_get_array_member (json_object_get_object_member (data, kinds[k]), "moved");

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          g_autofree char *id = id_text (json_object_get_member (json_array_get_object_element (list, i), "id"));

          g_hash_table_add (moved, g_strdup_printf ("%s/%s", kinds[k], id));
        }
    }

  return moved;
}

static guint
count_patches (GPtrArray  *requests,
               const char *path)
{
  guint count = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      Recorded *recorded = g_ptr_array_index (requests, i);

      count += g_str_equal (recorded->method, "PATCH") && (path == NULL || g_str_equal (recorded->path, path));
    }

  return count;
}

/* The reassignment moves exactly what the server's dry run (on a server
 * with Roster's extensions, over the same firm) says moves, but a
 * deactivated user's calendar entries, which Clio's API hides, as the
 * result says; every PATCH carries If-Match with the record's etag; sent
 * again, nothing is sent. */
static void
assert_reassignments (Fixture      *fixture,
                      const Source *sources,
                      guint         n_sources)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RosterApi) api = roster_api_new (fixture->proxy.url, fixture->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  GHashTable *etags[3] = { NULL, NULL, NULL };
  static const char *const collections[] = { "matters", "tasks", "calendar_entries" };
  guint all_moves = 0;

  sync_through_proxy (fixture);
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 3; k++)
    etags[k] = roster_store_etags (store, collections[k], &error);

  /* The dry runs first, on the same firm served with the extensions. */
  server_fixture_restart (&fixture->server, NULL);
  for (guint s = 0; s < n_sources; s++)
    g_ptr_array_add (expected, dry_run (fixture, sources[s].user, sources[s].receiver));
  server_fixture_restart (&fixture->server, fixture->setup->args);
  proxy_set_upstream (&fixture->proxy, fixture->server.base_url);
  g_ptr_array_unref (proxy_take_requests (&fixture->proxy));

  for (guint s = 0; s < n_sources; s++)
    {
      g_autoptr(RosterCompatResult) result = NULL;
      g_autoptr(RosterCompatResult) again = NULL;
      g_autoptr(GHashTable) moved = NULL;
      g_autoptr(GPtrArray) requests = NULL;
      GHashTable *dry = g_ptr_array_index (expected, s);
      GHashTableIter iter;
      gpointer name, reason;
      guint expected_moves = 0;
      guint unseen = 0;

      result = roster_compat_reassign (store, api, sources[s].user, sources[s].receiver, sources[s].receiver,
                                       sources[s].receiver, FALSE, now, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      requests = proxy_take_requests (&fixture->proxy);
      moved = moved_items (result);

      g_test_message ("user %" G_GINT64_FORMAT ": %u moved (%u PATCHes), %u stayed, %u not judged", sources[s].user,
                      result->moved, result->patched, result->stayed, result->not_judged);
      g_assert_false (result->notified);
      g_assert_false (result->dry_run);
      g_assert_cmpuint (result->not_judged, ==, 0);
      g_assert_true (result->hidden_entries_unseen == sources[s].deactivated);

      g_hash_table_iter_init (&iter, dry);
      while (g_hash_table_iter_next (&iter, &name, &reason))
        {
          if (!g_str_equal (reason, "moves"))
            {
              if (g_hash_table_contains (moved, name))
                g_error ("user %" G_GINT64_FORMAT ": %s moved; the dry run says it stays (%s)", sources[s].user,
                         (const char *) name, (const char *) reason);
              continue;
            }
          expected_moves++;
          if (g_hash_table_contains (moved, name))
            continue;
          /* What Clio hides cannot be moved: a deactivated user's entries. */
          if (sources[s].deactivated && g_str_has_prefix (name, "calendar_entries/"))
            {
              unseen++;
              continue;
            }
          g_error ("user %" G_GINT64_FORMAT ": %s did not move; the dry run says it moves", sources[s].user,
                   (const char *) name);
        }
      g_assert_cmpuint (g_hash_table_size (moved), ==, expected_moves - unseen);
      g_assert_cmpuint (result->moved, ==, expected_moves - unseen);
      all_moves += expected_moves;

      /* Each PATCH with If-Match: the etag the record had when synced. */
      g_assert_cmpuint (count_patches (requests, NULL), ==, result->patched);
      for (guint i = 0; i < requests->len; i++)
        {
          Recorded *recorded = g_ptr_array_index (requests, i);
          g_autofree char *id = NULL;
          const char *collection;
          guint k;

          if (!g_str_equal (recorded->method, "PATCH"))
            continue;
          g_assert_nonnull (recorded->if_match);
          collection = recorded->path + strlen ("/api/v4/");
          for (k = 0; k < 3 && !g_str_has_prefix (collection, collections[k]); k++)
            ;
          g_assert_cmpuint (k, <, 3);
          id = g_strndup (collection + strlen (collections[k]) + 1,
                          strlen (collection) - strlen (collections[k]) - 1 - strlen (".json"));
          g_assert_cmpuint (recorded->status, ==, 200);
          g_assert_cmpstr (recorded->if_match, ==, g_hash_table_lookup (etags[k], id));
        }

      /* Asked again: nothing of the user's is left to move, nothing is sent. */
      again = roster_compat_reassign (store, api, sources[s].user, sources[s].receiver, sources[s].receiver,
                                      sources[s].receiver, FALSE, now, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (again->moved, ==, 0);
      g_assert_cmpuint (again->patched, ==, 0);
      g_ptr_array_unref (requests);
      requests = proxy_take_requests (&fixture->proxy);
      g_assert_cmpuint (count_patches (requests, NULL), ==, 0);
    }

  /* Work moved (the odd firm's dates are fixed: what moves depends on the
   * day, but its open matters always do). */
  g_assert_cmpuint (all_moves, >, 0);

  /* The server has it as the cache now reads it. */
  sync_through_proxy (fixture);
  assert_cache_equals_server (fixture, NULL);

  for (guint k = 0; k < 3; k++)
    g_hash_table_unref (etags[k]);
}

static void
test_reassign_small (Fixture      *fixture,
                     gconstpointer data)
{
  static const Source sources[] = {
    { 13, 4, TRUE },
    { 5, 7, FALSE },
  };

  assert_reassignments (fixture, sources, G_N_ELEMENTS (sources));
}

static void
test_reassign_odd (Fixture      *fixture,
                   gconstpointer data)
{
  static const Source sources[] = {
    { 3, 2, FALSE },   /* an entry whose id is "réunion:2026-12-02", written at +01:00 */
    { 4, 2, TRUE },    /* deactivated: her entry is hidden */
    { 1, 2, FALSE },   /* contact 1's task is not hers */
  };

  assert_reassignments (fixture, sources, G_N_ELEMENTS (sources));

  /* The contact's task stayed the contact's. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT assignee_contact_id FROM tasks WHERE id = 1"), ==, 1);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT assignee_id IS NULL FROM tasks WHERE id = 1"), ==, 1);
}

/* An item changed on the server between the read and the PATCH: If-Match
 * makes the server refuse (412); it is read again, judged again, and moved
 * with its new etag. A PATCH sent again after a lost answer sends
 * nothing. */
static void
test_reassign_changed_meanwhile (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterApi) api = roster_api_new (fixture->proxy.url, fixture->token);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RosterPreview) preview = NULL;
  g_autoptr(RosterCompatResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *bumped = NULL;
  const char *first_patch = NULL;
  guint moved = 0;

  sync_through_proxy (fixture);
  store = roster_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  preview = roster_store_preview_reassignment (store, 5, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < preview->tasks->len && bumped == NULL; i++)
    if (g_array_index (preview->tasks, RosterPreviewItem, i).verdict == ROSTER_VERDICT_MOVES)
      bumped = g_strdup_printf ("/api/v4/tasks/%s.json", g_array_index (preview->tasks, RosterPreviewItem, i).id_string);
  g_assert_nonnull (bumped);

  g_ptr_array_unref (proxy_take_requests (&fixture->proxy));
  g_mutex_lock (&fixture->proxy.lock);
  fixture->proxy.bump_path = g_strdup (bumped);
  g_mutex_unlock (&fixture->proxy.lock);

  result = roster_compat_reassign (store, api, 5, 7, 7, 7, FALSE, now, NULL, &error);
  g_assert_no_error (error);
  requests = proxy_take_requests (&fixture->proxy);

  /* Two PATCHes for it: the first refused, the second with a new etag. */
  g_assert_cmpuint (count_patches (requests, bumped), ==, 2);
  for (guint i = 0; i < requests->len; i++)
    {
      Recorded *recorded = g_ptr_array_index (requests, i);

      if (!g_str_equal (recorded->method, "PATCH") || !g_str_equal (recorded->path, bumped))
        continue;
      if (first_patch == NULL)
        {
          first_patch = recorded->if_match;
          g_assert_cmpuint (recorded->status, ==, 412);
        }
      else
        {
          g_assert_cmpstr (recorded->if_match, !=, first_patch);
          g_assert_cmpuint (recorded->status, ==, 200);
        }
    }
  g_assert_cmpuint (result->patched, ==, count_patches (requests, NULL) - 1);
  g_assert_cmpuint (result->moved, ==, result->patched);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 7"
                                           " AND name = 'Changed behind your back'"), ==, 1);

  /* The outbox's way, with the items it moved in the cache: sent again
   * after a lost answer, each is read, found with its receiver, and left
   * alone. */
  g_ptr_array_unref (requests);
  {
    g_autoptr(RosterPreview) sent = g_new0 (RosterPreview, 1);
    JsonObject *answer = json_object_get_object_member (json_node_get_object (result->answer), "data");
    JsonArray *tasks = json_object_get_array_member (json_object_get_object_member (answer, "tasks"), "moved");

    sent->matters = roster_preview_items_new ();
    sent->tasks = roster_preview_items_new ();
    sent->calendar_entries = roster_preview_items_new ();
    for (guint i = 0; i < json_array_get_length (tasks); i++)
      {
        RosterPreviewItem item = { json_object_get_int_member (json_array_get_object_element (tasks, i), "id"),
                                   ROSTER_VERDICT_MOVES, NULL };

        g_array_append_val (sent->tasks, item);
      }
    g_assert_true (roster_compat_move_items (api, sent, 0, 7, 0, &moved, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (moved, ==, json_array_get_length (tasks));
    requests = proxy_take_requests (&fixture->proxy);
    g_assert_cmpuint (count_patches (requests, NULL), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  static const char *clio_only_args[] = { "--clio-only", NULL };
  static const Setup small = { "small", MARCUS, NULL };
  static const Setup small_clio = { "small", MARCUS, clio_only_args };
  static const Setup odd = { "odd", ADA, NULL };
  static const Setup odd_clio = { "odd", ADA, clio_only_args };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clio/unreadable-records", Fixture, &small, fixture_set_up, test_unreadable_records, fixture_tear_down);
  g_test_add ("/clio/unreadable-records-clio-only", Fixture, &small_clio, fixture_set_up, test_unreadable_records,
              fixture_tear_down);
  g_test_add ("/clio/errors-name-request-and-record", Fixture, &small, fixture_set_up,
              test_errors_name_request_and_record, fixture_tear_down);
  g_test_add ("/clio/odd-firm", Fixture, &odd, fixture_set_up, test_odd_firm, fixture_tear_down);
  g_test_add ("/clio/odd-firm-clio-only", Fixture, &odd_clio, fixture_set_up, test_odd_firm, fixture_tear_down);
  g_test_add ("/clio/only-defined-parameters", Fixture, &odd_clio, fixture_set_up, test_only_defined_parameters,
              fixture_tear_down);
  g_test_add ("/clio/reassign-small-clio-only", Fixture, &small_clio, fixture_set_up, test_reassign_small,
              fixture_tear_down);
  g_test_add ("/clio/reassign-odd-clio-only", Fixture, &odd_clio, fixture_set_up, test_reassign_odd, fixture_tear_down);
  g_test_add ("/clio/reassign-changed-meanwhile", Fixture, &small_clio, fixture_set_up, test_reassign_changed_meanwhile,
              fixture_tear_down);

  return g_test_run ();
}
