/* roster-sync.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-sync"

#include "config.h"

#include <string.h>

#include "roster-api.h"
#include "roster-json.h"
#include "roster-rules.h"
#include "roster-store.h"
#include "roster-sync.h"

/*
 * RosterSync brings the cache level with the server. The first sync walks
 * each collection with cursor paging; later ones ask for what changed since
 * the server's time when the last walk began (less a small overlap), then
 * for the tombstones of deleted records. Each page is written in one
 * transaction together with the cursor that follows it, so a sync killed at
 * any point resumes where it stopped and never duplicates or loses a row.
 *
 * A record the codecs cannot read does not stop a sync: it is kept aside in
 * the cache (roster_store_list_unreadable()) with the member that was wrong
 * and the request that brought it, any cached copy of it is dropped, and
 * the sync goes on. After each walk those records are asked for again by
 * id, so that one the server mends is read at the next sync.
 *
 * It runs on a worker thread with its own connection to the cache (SQLite
 * in WAL mode lets the window read meanwhile), and reports its progress as
 * properties notified on the thread that started it.
 *
 * Some of a Roster server's records are for those who manage the firm (the
 * primary subscriber and administrators) alone: hidden calendar entries
 * (those of deactivated users) and the audit log. For anyone else the sync
 * does not ask for them, and records them in the cache's info
 * NOT_AVAILABLE_KEY as not available to this user, which is not a failure;
 * a server that refuses them anyway ("forbidden") is taken at its word the
 * same way.
 */

/* The cache's info key that lists, comma-separated, what the signed-in user
 * may not read (e.g. "calendar_entries.hidden,audit_events"); empty when
 * they may read everything. */
#define NOT_AVAILABLE_KEY "not-available"

/* A change made while a walk runs is at or after the walk's start in the
 * server's clock; the overlap covers the Date header's whole seconds. */
#define OVERLAP_SECONDS 2

typedef gboolean (*PutRecord) (RosterStore *store,
                               JsonObject  *object,
                               GError     **error);

typedef struct
{
  const char *name;
  const char *fields;
  const char *extension_fields;
  const char *extension_params;
  PutRecord   put;
  gboolean    extension_only;   /* a Roster server's alone */
  gboolean    unordered;        /* Clio's description defines no `order` for this list */

  /* What of a Roster server's collection is for those who manage the firm
   * alone, by the name NOT_AVAILABLE_KEY gives it when others go without:
   * the part asked for with manager_fields and manager_params, or the whole
   * collection when there are none. */
  const char *withheld;
  const char *manager_fields;
  const char *manager_params;
} Collection;

static gboolean
put_user (RosterStore *store,
          JsonObject  *object,
          GError     **error)
{
  g_autoptr(RosterUser) user = roster_user_new_from_json (object, error);

  return user != NULL && roster_store_put_user (store, user, error);
}

static gboolean
put_matter (RosterStore *store,
            JsonObject  *object,
            GError     **error)
{
  g_autoptr(RosterMatter) matter = roster_matter_new_from_json (object, error);

  return matter != NULL && roster_store_put_matter (store, matter, error);
}

static gboolean
put_task (RosterStore *store,
          JsonObject  *object,
          GError     **error)
{
  g_autoptr(RosterTask) task = roster_task_new_from_json (object, error);

  return task != NULL && roster_store_put_task (store, task, error);
}

static gboolean
put_entry (RosterStore *store,
           JsonObject  *object,
           GError     **error)
{
  g_autoptr(RosterCalendarEntry) entry = roster_calendar_entry_new_from_json (object, error);

  return entry != NULL && roster_store_put_calendar_entry (store, entry, error);
}

static gboolean
put_notification (RosterStore *store,
                  JsonObject  *object,
                  GError     **error)
{
  return roster_store_put_notification (store, object, error);
}

static gboolean
put_audit_event (RosterStore *store,
                 JsonObject  *object,
                 GError     **error)
{
  return roster_store_put_audit_event (store, object, error);
}

/* The fields each collection asks for; the extensions' fields only from a
 * server that offers them (Clio's would refuse an unknown field). Every
 * field and parameter of Clio's lists is one its description defines for
 * that path: a task's assignee is asked with its type (a User or a
 * contact), and calendar_entries.json, which defines no `order`, is paged
 * in the server's own order. */
static const Collection collections[] = {
  { "users",
    "id,etag,name,first_name,last_name,email,enabled,account_owner,roles,subscription_type,default_calendar_id,updated_at",
    ",personal_injury_license", "", put_user },
  { "matters",
    "id,etag,display_number,description,status,responsible_attorney{id},group{id,type},open_date,close_date,updated_at",
    "", "", put_matter },
  { "tasks",
    "id,etag,name,status,due_at,assignee{id,type},matter{id},updated_at",
    "", "", put_task },
  { "calendar_entries",
    "id,etag,summary,start_at,end_at,calendar_owner_id,matter{id},attendees{id,type},updated_at",
    "", "", put_entry, FALSE, TRUE,
    "calendar_entries.hidden", ",hidden", "&include_hidden=true" },
  { "notifications",
    "id,etag,kind,subject,body,audit_event_id,created_at,updated_at",
    "", "", put_notification, TRUE },
  { "audit_events",
    "id,etag,actor{id,name},action,target_type,target_id,before,after,created_at",
    "", "", put_audit_event, TRUE, FALSE,
    "audit_events", NULL, NULL },
};

struct _RosterSync
{
  GObject                parent_instance;

  char                  *store_path;
  char                  *base_url;

  /* The tokens, which a refresh on either thread replaces. */
  GMutex                 token_lock;
  char                  *access_token;
  char                  *refresh_token;
  char                  *client_id;
  RosterTokensRefreshed  refreshed;
  gpointer               refreshed_data;

  GMainContext          *owner_context;
  GThread               *owner_thread;

  /* Progress, as the owner's thread sees it */
  char                  *phase;
  guint                  done;
  guint                  expected;
  gboolean               offline;
  guint                  requests;

  GNetworkMonitor       *network_monitor;

  /* Progress as the running sync last reported it, for its own use */
  const char            *reported_phase;  /* a collection's name: static */
  guint                  reported_done;
  guint                  reported_expected;
};

G_DEFINE_FINAL_TYPE (RosterSync, roster_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PHASE,
  PROP_DONE,
  PROP_EXPECTED,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_sync_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RosterSync *self = ROSTER_SYNC (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_string (value, self->phase);
      break;
    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;
    case PROP_EXPECTED:
      g_value_set_uint (value, self->expected);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_sync_finalize (GObject *object)
{
  RosterSync *self = ROSTER_SYNC (object);

  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_mutex_clear (&self->token_lock);
  g_clear_pointer (&self->phase, g_free);
  g_clear_object (&self->network_monitor);
  g_clear_pointer (&self->owner_context, g_main_context_unref);

  G_OBJECT_CLASS (roster_sync_parent_class)->finalize (object);
}

static void
roster_sync_class_init (RosterSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_sync_get_property;
  object_class->finalize = roster_sync_finalize;

  properties [PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_EXPECTED] =
    g_param_spec_uint ("expected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_sync_init (RosterSync *self)
{
  self->owner_context = g_main_context_ref_thread_default ();
  self->owner_thread = g_thread_self ();
  g_mutex_init (&self->token_lock);
}

RosterSync *
roster_sync_new (const char *store_path,
                 const char *base_url,
                 const char *access_token)
{
  RosterSync *self = g_object_new (ROSTER_TYPE_SYNC, NULL);

  self->store_path = g_strdup (store_path);
  self->base_url = g_strdup (base_url);
  self->access_token = g_strdup (access_token);

  return self;
}

/**
 * roster_sync_set_network_monitor:
 * @monitor: (nullable): what tells whether there is a network, or %NULL
 *   for the system's
 *
 * With no network, a sync of a server off this machine does not try: it
 * ends offline at once, and the window shows the cache.
 */
void
roster_sync_set_network_monitor (RosterSync      *self,
                                 GNetworkMonitor *monitor)
{
  g_return_if_fail (ROSTER_IS_SYNC (self));

  g_set_object (&self->network_monitor, monitor);
}

static gboolean
network_available (RosterSync *self)
{
  GNetworkMonitor *monitor = self->network_monitor ? self->network_monitor : g_network_monitor_get_default ();

  /* A server on this machine needs no network; and a monitor can be
   * wrong (no default route, a VPN), so only its "no" is believed, and
   * only for a server elsewhere. */
  return roster_api_url_is_loopback (self->base_url) || g_network_monitor_get_network_available (monitor);
}

/**
 * roster_sync_set_refresh:
 * @callback: (nullable): told the new tokens after a refresh, on the
 *   sync's worker threads
 *
 * Lets the sync refresh an expired access token and go on.
 */
void
roster_sync_set_refresh (RosterSync           *self,
                         const char           *client_id,
                         const char           *refresh_token,
                         RosterTokensRefreshed callback,
                         gpointer              user_data)
{
  g_mutex_lock (&self->token_lock);
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  self->refreshed = callback;
  self->refreshed_data = user_data;
  g_mutex_unlock (&self->token_lock);
}

static void
tokens_refreshed (const char *access_token,
                  const char *refresh_token,
                  gpointer    user_data)
{
  RosterSync *self = user_data;

  g_mutex_lock (&self->token_lock);
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  g_mutex_unlock (&self->token_lock);

  if (self->refreshed != NULL)
    self->refreshed (access_token, refresh_token, self->refreshed_data);
}

/* An API client with the current tokens, for one thread. */
static RosterApi *
new_api (RosterSync *self)
{
  RosterApi *api;

  g_mutex_lock (&self->token_lock);
  api = roster_api_new (self->base_url, self->access_token);
  if (self->refresh_token != NULL)
    roster_api_set_refresh (api, self->client_id, self->refresh_token, tokens_refreshed, self);
  g_mutex_unlock (&self->token_lock);

  return api;
}

const char *
roster_sync_get_phase (RosterSync *self)
{
  return self->phase;
}

guint
roster_sync_get_done (RosterSync *self)
{
  return self->done;
}

guint
roster_sync_get_expected (RosterSync *self)
{
  return self->expected;
}

gboolean
roster_sync_get_offline (RosterSync *self)
{
  return self->offline;
}

/* HTTP requests the last run sent, retries included. */
guint
roster_sync_get_requests (RosterSync *self)
{
  return self->requests;
}

typedef struct
{
  RosterSync *self;
  char       *phase;
  guint       done;
  guint       expected;
  gboolean    offline;
} Progress;

static gboolean
publish_progress (gpointer data)
{
  Progress *progress = data;
  RosterSync *self = progress->self;

  if (g_strcmp0 (self->phase, progress->phase) != 0)
    {
      g_free (self->phase);
      self->phase = g_strdup (progress->phase);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHASE]);
    }
  if (self->expected != progress->expected)
    {
      self->expected = progress->expected;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EXPECTED]);
    }
  if (self->done != progress->done)
    {
      self->done = progress->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DONE]);
    }
  if (self->offline != progress->offline)
    {
      self->offline = progress->offline;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OFFLINE]);
    }

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress->phase);
  g_free (progress);
}

/* From the worker: the owner's thread applies it and notifies. */
static void
report (RosterSync *self,
        const char *phase,
        guint       done,
        guint       expected,
        gboolean    offline)
{
  Progress *progress = g_new0 (Progress, 1);

  /* What this run last said, kept on the thread that runs it. */
  self->reported_phase = phase;
  self->reported_done = done;
  self->reported_expected = expected;

  progress->self = g_object_ref (self);
  progress->phase = g_strdup (phase);
  progress->done = done;
  progress->expected = expected;
  progress->offline = offline;

  if (g_thread_self () == self->owner_thread)
    {
      /* Run on the owner's thread (the CLI, tests): apply it now. */
      publish_progress (progress);
      progress_free (progress);
      return;
    }

  g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT, publish_progress, progress, progress_free);
}

/* The server's clock from a Date header, less the overlap, as updated_since. */
static char *
since_from_date (const char *date)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;

  time = soup_date_time_new_from_http_string (date);
  if (time == NULL)
    return NULL;

  earlier = g_date_time_add_seconds (time, -OVERLAP_SECONDS);
  utc = g_date_time_to_utc (earlier);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
list_path (const Collection *collection,
           gboolean          extensions,
           gboolean          managers_part,
           const char       *since)
{
  g_autofree char *escaped = since ? g_uri_escape_string (since, NULL, FALSE) : NULL;

  return g_strdup_printf ("/%s.json?fields=%s%s%s&limit=200%s%s%s%s%s",
                          collection->name, collection->fields,
                          extensions ? collection->extension_fields : "",
                          managers_part && collection->manager_fields ? collection->manager_fields : "",
                          collection->unordered ? "" : "&order=id(asc)",
                          extensions ? collection->extension_params : "",
                          managers_part && collection->manager_params ? collection->manager_params : "",
                          escaped ? "&updated_since=" : "", escaped ? escaped : "");
}

/* The request a page came from, as errors and the records kept aside name
 * it: its method and its path, never its query. */
typedef struct
{
  const char *method;
  char       *path;
} PageRequest;

static void
page_request_init (PageRequest *request,
                   const char  *path_or_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  request->method = "GET";
  if (g_str_has_prefix (path_or_url, "http://") || g_str_has_prefix (path_or_url, "https://"))
    url = g_strdup (path_or_url);
  else
    url = g_strconcat ("http://server/api/v4", path_or_url, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  request->path = g_strdup (uri ? g_uri_get_path (uri) : path_or_url);
}

static void
page_request_clear (PageRequest *request)
{
  g_clear_pointer (&request->path, g_free);
}

/* Keeps a record the codec refused aside, with what was wrong: the sync
 * goes on with the others. */
static gboolean
keep_unreadable (RosterStore       *store,
                 const Collection  *collection,
                 JsonNode          *element,
                 const GError      *problem,
                 const PageRequest *request,
                 GError           **error)
{
  g_autofree char *record_id = NULL;

  if (JSON_NODE_HOLDS_OBJECT (element))
    roster_json_get_id_string (json_node_get_object (element), "id", &record_id, NULL);

  g_debug ("%s %s: %s %s: %s", request->method, request->path, collection->name,
           record_id ? record_id : "(no id)", problem->message);

  return roster_store_put_unreadable (store, collection->name, record_id, element,
                                      roster_json_error_get_member (problem), problem->message,
                                      request->method, request->path, error);
}

/* Writes one page and the cursor that follows it, all or nothing. A record
 * the codec refuses is kept aside rather than stop the sync; a record read
 * again is no longer unreadable. */
static gboolean
store_page (RosterStore       *store,
            const Collection  *collection,
            const PageRequest *request,
            JsonArray         *data,
            const char        *next,
            const char        *since,
            const char        *etag,
            GError           **error)
{
  gboolean some_unreadable;

  if (!roster_store_begin (store, error))
    return FALSE;

  some_unreadable = roster_store_count_unreadable (store, collection->name) > 0;
  for (guint i = 0; data != NULL && i < json_array_get_length (data); i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      g_autoptr(GError) problem = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          roster_json_set_error (&problem, ROSTER_JSON_ERROR_WRONG_TYPE, NULL, "The record is not an object");
          if (!keep_unreadable (store, collection, element, problem, request, error))
            goto failed;
          continue;
        }
      if (!collection->put (store, json_node_get_object (element), &problem))
        {
          if (problem->domain == ROSTER_JSON_ERROR)
            {
              if (!keep_unreadable (store, collection, element, problem, request, error))
                goto failed;
              continue;
            }
          g_propagate_prefixed_error (error, g_steal_pointer (&problem), "%s %s: a record of %s: ",
                                      request->method, request->path, collection->name);
          goto failed;
        }
      if (some_unreadable)
        {
          g_autofree char *record_id = NULL;

          if (roster_json_get_id_string (json_node_get_object (element), "id", &record_id, NULL) &&
              !roster_store_forget_unreadable (store, collection->name, record_id, error))
            goto failed;
        }
    }

  if (!roster_store_set_sync_state (store, collection->name, next, since, etag, error) ||
      !roster_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  roster_store_rollback (store);
  return FALSE;
}

static gboolean
read_page (JsonNode          *root,
           const PageRequest *request,
           JsonArray        **data,
           const char       **next,
           gint64            *records,
           GError           **error)
{
  JsonObject *object = json_node_get_object (root);
  JsonNode *data_node = json_object_get_member (object, "data");
  JsonNode *meta = json_object_get_member (object, "meta");
  JsonNode *paging = NULL;
  JsonNode *next_node = NULL;
  JsonNode *records_node = NULL;

  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data", "%s %s: the page has no list “data”",
                             request->method, request->path);
      return FALSE;
    }
  *data = json_node_get_array (data_node);

  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    {
      paging = json_object_get_member (json_node_get_object (meta), "paging");
      records_node = json_object_get_member (json_node_get_object (meta), "records");
    }
  if (paging != NULL && JSON_NODE_HOLDS_OBJECT (paging))
    next_node = json_object_get_member (json_node_get_object (paging), "next");

  *next = NULL;
  if (next_node != NULL && JSON_NODE_HOLDS_VALUE (next_node) && json_node_get_value_type (next_node) == G_TYPE_STRING)
    *next = json_node_get_string (next_node);

  *records = -1;
  if (records_node != NULL && JSON_NODE_HOLDS_VALUE (records_node) &&
      json_node_get_value_type (records_node) == G_TYPE_INT64)
    *records = json_node_get_int (records_node);

  return TRUE;
}

/*
 * A walk fetches and stores at once: a fetcher thread with its own API
 * client follows `next` and hands each page over, at most two ahead, while
 * this thread writes the previous one. The network and the server's work
 * then overlap with the cache's, and memory holds three pages at most.
 */

#define PAGES_AHEAD 2
#define CREDIT_FETCH 1
#define CREDIT_STOP 2

typedef struct
{
  char     *url;           /* what was asked for */
  JsonNode *root;          /* NULL with an error, or when not modified */
  char     *date;
  char     *etag;
  gboolean  not_modified;  /* the first page is what the cache holds */
  GError   *error;         /* a refusal carries the server's type */
} FetchedPage;

typedef struct
{
  RosterSync   *sync;
  char         *first_url;
  char         *first_etag;  /* of the last walk's only page, if it had one */
  GAsyncQueue  *pages;      /* FetchedPage, fetcher → writer */
  GAsyncQueue  *credits;    /* one a page the fetcher may fetch ahead */
  GCancellable *cancellable;
  guint         requests;
} Fetcher;

static void
fetched_page_free (FetchedPage *page)
{
  g_clear_pointer (&page->url, g_free);
  g_clear_pointer (&page->root, json_node_unref);
  g_clear_pointer (&page->date, g_free);
  g_clear_pointer (&page->etag, g_free);
  g_clear_error (&page->error);
  g_free (page);
}

static const char *
page_next (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonNode *meta = json_object_get_member (object, "meta");
  JsonNode *paging = NULL;
  JsonNode *next = NULL;

  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    paging = json_object_get_member (json_node_get_object (meta), "paging");
  if (paging != NULL && JSON_NODE_HOLDS_OBJECT (paging))
    next = json_object_get_member (json_node_get_object (paging), "next");
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next) && json_node_get_value_type (next) == G_TYPE_STRING)
    return json_node_get_string (next);

  return NULL;
}

static gpointer
fetch_pages (gpointer data)
{
  Fetcher *fetcher = data;
  g_autoptr(RosterApi) api = new_api (fetcher->sync);
  g_autofree char *url = g_strdup (fetcher->first_url);
  const char *etag = fetcher->first_etag;

  while (url != NULL)
    {
      FetchedPage *page = g_new0 (FetchedPage, 1);
      const char *next;
      gboolean failed;

      /* Wait until the writer has room for another page, unless it says
       * it has stopped. */
      if (GPOINTER_TO_UINT (g_async_queue_pop (fetcher->credits)) == CREDIT_STOP)
        {
          g_free (page);
          break;
        }

      page->url = g_strdup (url);
      page->root = roster_api_get_if_changed (api, url, etag, &page->etag, &page->date, &page->not_modified,
                                              fetcher->cancellable, &page->error);
      etag = NULL;
      g_clear_pointer (&url, g_free);
      if (page->root != NULL)
        {
          next = page_next (page->root);
          url = g_strdup (next);
        }
      failed = page->error != NULL;
      /* The writer owns the page from here on. */
      g_async_queue_push (fetcher->pages, page);
      if (failed)
        break;
    }

  fetcher->requests = roster_api_get_requests (api);
  return NULL;
}

/* One walk of a collection: from its stored cursor when a walk was
 * interrupted, else from the start of what changed since the last walk
 * began. Returns the pages it took. */
static gboolean
walk_collection (RosterSync       *self,
                 RosterStore      *store,
                 const Collection *collection,
                 gboolean          extensions,
                 gboolean          managers_part,
                 guint            *pages,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autofree char *since = NULL;
  g_autofree char *stored_next = NULL;
  g_autofree char *stored_etag = NULL;
  Fetcher fetcher = { 0 };
  GThread *thread;
  gboolean resuming;
  gboolean ok = TRUE;
  guint done = 0;
  guint expected = 0;

  *pages = 0;
  if (!roster_store_get_sync_state (store, collection->name, &stored_next, &since, &stored_etag, error))
    return FALSE;

  resuming = stored_next != NULL;

  fetcher.sync = self;
  fetcher.first_url = resuming ? g_steal_pointer (&stored_next) : list_path (collection, extensions, managers_part, since);
  /* An unchanged list of changes is the same page as last time: the server
   * says so with a 304 and sends nothing. */
  if (!resuming && since != NULL)
    fetcher.first_etag = stored_etag;
  fetcher.pages = g_async_queue_new_full ((GDestroyNotify) fetched_page_free);
  fetcher.credits = g_async_queue_new ();
  fetcher.cancellable = cancellable;
  for (guint i = 0; i < PAGES_AHEAD; i++)
    g_async_queue_push (fetcher.credits, GUINT_TO_POINTER (CREDIT_FETCH));

  report (self, collection->name, 0, 0, FALSE);
  thread = g_thread_new ("roster-fetch", fetch_pages, &fetcher);

  for (;;)
    {
      FetchedPage *page = g_async_queue_pop (fetcher.pages);
      PageRequest request;
      JsonArray *data;
      const char *next;
      gint64 records;

      g_async_queue_push (fetcher.credits, GUINT_TO_POINTER (CREDIT_FETCH));
      page_request_init (&request, page->url);

      if (page->error != NULL)
        {
          /* A refusal is in the server's words: say which request it
           * answered. Other failures name it already. */
          if (g_error_matches (page->error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (&page->error, "%s %s: ", request.method, request.path);
          g_propagate_error (error, g_steal_pointer (&page->error));
          fetched_page_free (page);
          page_request_clear (&request);
          ok = FALSE;
          break;
        }

      if (page->not_modified)
        {
          g_autofree char *walk_start = since_from_date (page->date);

          ok = store_page (store, collection, &request, NULL, NULL, walk_start ? walk_start : since, page->etag, error);
          fetched_page_free (page);
          page_request_clear (&request);
          break;
        }

      if (!read_page (page->root, &request, &data, &next, &records, error))
        {
          fetched_page_free (page);
          page_request_clear (&request);
          ok = FALSE;
          break;
        }

      /* The first page of a new walk fixes where the next one starts. */
      if (!resuming)
        {
          g_autofree char *walk_start = since_from_date (page->date);

          if (walk_start != NULL)
            {
              g_free (since);
              since = g_steal_pointer (&walk_start);
            }
          resuming = TRUE;
        }

      /* Only a walk of one page can be asked about again as a whole. */
      if (!store_page (store, collection, &request, data, next, since,
                       *pages == 0 && next == NULL ? page->etag : NULL, error))
        {
          fetched_page_free (page);
          page_request_clear (&request);
          ok = FALSE;
          break;
        }

      (*pages)++;
      done += json_array_get_length (data);
      if (records >= 0)
        expected = MAX ((guint) records, done);
      report (self, collection->name, done, MAX (expected, done), FALSE);

      page_request_clear (&request);
      fetched_page_free (page);
      if (next == NULL)
        break;
    }

  /* Stop the fetcher if it is ahead, and wait for it. */
  g_async_queue_push_front (fetcher.credits, GUINT_TO_POINTER (CREDIT_STOP));
  g_thread_join (thread);
  self->requests += fetcher.requests;

  g_free (fetcher.first_url);
  g_async_queue_unref (fetcher.pages);
  g_async_queue_unref (fetcher.credits);

  return ok;
}

/* A walk of several pages may have passed records that changed behind its
* cursor; one more walk from its start catches them, so that a sync ends
* level with the server as it was when the sync ended. A busy server could
* keep that going: a few walks are enough, the next sync does the rest. */
#define MAX_WALKS 3

static gboolean
walk_until_level (RosterSync       *self,
                  RosterStore      *store,
                  const Collection *collection,
                  gboolean          extensions,
                  gboolean          managers_part,
                  GCancellable     *cancellable,
                  GError          **error)
{
  for (guint walk = 0; walk < MAX_WALKS; walk++)
    {
      guint pages = 0;

      if (!walk_collection (self, store, collection, extensions, managers_part, &pages, cancellable, error))
        return FALSE;
      if (pages <= 1)
        break;
    }

  return TRUE;
}

/* Whether the signed-in user manages the firm, as the cache knows them
 * (their record was walked just before). Not knowing, the sync asks as if
 * they did, and the server's refusal settles it. */
static gboolean
signed_in_user_manages (RosterStore *store)
{
  g_autofree char *me = roster_store_get_info (store, "me");
  g_autoptr(RosterUser) user = NULL;
  gint64 id = me ? g_ascii_strtoll (me, NULL, 10) : 0;

  if (id <= 0 || (user = roster_store_get_user (store, id, NULL)) == NULL)
    return TRUE;

  return roster_rules_may_change_account_settings (roster_user_get_account_owner (user),
                                                   roster_user_get_admin (user));
}

static gboolean
write_not_available (RosterStore *store,
                     GPtrArray   *not_available,
                     GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* In the collections' order, whatever the order they were settled in. */
  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      if (collections[i].withheld == NULL ||
          !g_ptr_array_find_with_equal_func (not_available, collections[i].withheld, g_str_equal, NULL))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, collections[i].withheld);
    }

  /* The column holds no NULL: empty says everything is available. */
  return roster_store_set_info (store, NOT_AVAILABLE_KEY, text->str, error);
}

/* Records whether @collection's withheld part is available to the user,
 * when that changed. A walk of the other kind starts again from the
 * beginning: its cursor and its since were the other kind's, and they
 * would neither bring what now is readable (a new administrator's hidden
 * entries) nor be accepted (an old one's include_hidden). The cursor is
 * reset before the record is written, so that a sync stopped between the
 * two does it again. */
static gboolean
settle_availability (RosterStore      *store,
                     const Collection *collection,
                     gboolean          withheld,
                     GPtrArray        *not_available,
                     GError          **error)
{
  guint index = 0;
  gboolean was_withheld = g_ptr_array_find_with_equal_func (not_available, collection->withheld, g_str_equal, &index);

  if (was_withheld == withheld)
    return TRUE;

  g_debug ("%s: %s to the signed-in user", collection->withheld, withheld ? "not available" : "available");
  if (withheld)
    g_ptr_array_add (not_available, g_strdup (collection->withheld));
  else
    g_ptr_array_remove_index (not_available, index);

  return roster_store_set_sync_state (store, collection->name, NULL, NULL, NULL, error) &&
         write_not_available (store, not_available, error);
}

/* Records kept aside as unreadable are asked for again after each walk of
 * their collection, a hundred at a time with ids[] (a calendar entry whose
 * id is not a number, which ids[] cannot name, by its own path): one that
 * reads now (the server mended it) is cached and no longer unreadable. One
 * the server no longer lists is left to the tombstones. */
#define REREAD_A_REQUEST 100

static gboolean
store_reread (RosterStore       *store,
              const Collection  *collection,
              const PageRequest *request,
              JsonNode          *data,
              GError           **error)
{
  g_autoptr(JsonArray) one = NULL;
  JsonArray *records;

  if (JSON_NODE_HOLDS_OBJECT (data))
    {
      one = json_array_new ();
      json_array_add_element (one, json_node_copy (data));
      records = one;
    }
  else if (JSON_NODE_HOLDS_ARRAY (data))
    records = json_node_get_array (data);
  else
    return TRUE;

  if (!roster_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      g_autoptr(GError) problem = NULL;
      g_autofree char *record_id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      if (!collection->put (store, json_node_get_object (element), &problem))
        {
          if (problem->domain == ROSTER_JSON_ERROR)
            {
              if (!keep_unreadable (store, collection, element, problem, request, error))
                goto failed;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&problem));
          goto failed;
        }
      if (roster_json_get_id_string (json_node_get_object (element), "id", &record_id, NULL) &&
          !roster_store_forget_unreadable (store, collection->name, record_id, error))
        goto failed;
    }

  if (roster_store_commit (store, error))
    return TRUE;

failed:
  roster_store_rollback (store);
  return FALSE;
}

static gboolean
reread_unreadable (RosterApi        *api,
                   RosterStore      *store,
                   const Collection *collection,
                   gboolean          extensions,
                   gboolean          managers_part,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(GPtrArray) unreadable = NULL;
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) batch = NULL;
  g_autofree char *fields = NULL;
  guint in_batch = 0;

  if (roster_store_count_unreadable (store, collection->name) == 0)
    return TRUE;
  unreadable = roster_store_list_unreadable (store, collection->name, error);
  if (unreadable == NULL)
    return FALSE;

  fields = g_strconcat (collection->fields, extensions ? collection->extension_fields : "",
                        managers_part && collection->manager_fields ? collection->manager_fields : "", NULL);
  for (guint i = 0; i < unreadable->len; i++)
    {
      RosterUnreadable *record = g_ptr_array_index (unreadable, i);
      g_autofree char *escaped = NULL;

      if (record->record_id == NULL)
        continue;
      escaped = g_uri_escape_string (record->record_id, NULL, FALSE);
      if (roster_json_id_number (record->record_id) == 0)
        {
          g_ptr_array_add (urls, g_strdup_printf ("/%s/%s.json?fields=%s", collection->name, escaped, fields));
          continue;
        }
      if (batch == NULL)
        batch = g_string_new (NULL);
      g_string_append_printf (batch, "&ids%%5B%%5D=%s", escaped);
      if (++in_batch == REREAD_A_REQUEST)
        {
          g_ptr_array_add (urls, g_strdup_printf ("/%s.json?fields=%s&limit=200%s%s%s", collection->name, fields,
                                                  extensions ? collection->extension_params : "",
                                                  managers_part && collection->manager_params ? collection->manager_params : "",
                                                  batch->str));
          g_string_truncate (batch, 0);
          in_batch = 0;
        }
    }
  if (batch != NULL && batch->len > 0)
    g_ptr_array_add (urls, g_strdup_printf ("/%s.json?fields=%s&limit=200%s%s%s", collection->name, fields,
                                            extensions ? collection->extension_params : "",
                                            managers_part && collection->manager_params ? collection->manager_params : "",
                                            batch->str));

  for (guint i = 0; i < urls->len; i++)
    {
      const char *url = g_ptr_array_index (urls, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;
      PageRequest request;
      JsonNode *data;
      gboolean ok;

      root = roster_api_get (api, url, NULL, cancellable, &local_error);
      if (root == NULL)
        {
          /* Asked again in vain (gone, or not ours to read): it stays
           * listed, for the tombstones or the next sync. */
          if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            {
              g_debug ("%s: %s", url, local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      data = json_object_get_member (json_node_get_object (root), "data");
      if (data == NULL)
        continue;
      page_request_init (&request, url);
      ok = store_reread (store, collection, &request, data, error);
      page_request_clear (&request);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* Brings one collection level with the server, or as much of it as the
 * signed-in user may read. */
static gboolean
sync_collection (RosterSync       *self,
                 RosterApi        *api,
                 RosterStore      *store,
                 const Collection *collection,
                 gboolean          extensions,
                 gboolean          manages,
                 GPtrArray        *not_available,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean gated = extensions && collection->withheld != NULL;
  gboolean whole = collection->manager_fields == NULL && collection->manager_params == NULL;

  if (collection->extension_only && !extensions)
    return TRUE;

  /* What a server does not offer at all is not withheld from anyone. */
  if (collection->withheld != NULL &&
      !settle_availability (store, collection, gated && !manages, not_available, error))
    return FALSE;

  if (gated && !manages && whole)
    return TRUE;

  if (walk_until_level (self, store, collection, extensions, gated && manages, cancellable, &local_error))
    return reread_unreadable (api, store, collection, extensions, gated && manages, cancellable, error);

  /* The server knows better than the cache who may read what (a role
   * changed since the users were walked, or the cache did not know the
   * user): its "forbidden" is taken as not available, not as a failure. */
  if (gated && manages &&
      g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) &&
      g_strcmp0 (roster_api_error_get_refusal (local_error), "forbidden") == 0)
    {
      g_debug ("%s: %s", collection->withheld, local_error->message);
      g_clear_error (&local_error);
      if (!settle_availability (store, collection, TRUE, not_available, error))
        return FALSE;
      return whole ||
             (walk_until_level (self, store, collection, extensions, FALSE, cancellable, error) &&
              reread_unreadable (api, store, collection, extensions, FALSE, cancellable, error));
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The account (plan, licenses, renewal), when the server has changed it. */
static gboolean
sync_account (RosterApi    *api,
              RosterStore  *store,
              GCancellable *cancellable,
              GError      **error)
{
  g_autofree char *etag = roster_store_get_account_etag (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean not_modified = FALSE;
  JsonNode *data;

  root = roster_api_get_if_changed (api, "/account.json", etag, NULL, NULL, &not_modified, cancellable, &local_error);
  if (not_modified)
    return TRUE;
  if (root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  data = json_object_get_member (json_node_get_object (root), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data",
                             "GET /api/v4/account.json: the account has no object “data”");
      return FALSE;
    }

  if (!roster_store_begin (store, error))
    return FALSE;
  if (!roster_store_put_account (store, json_node_get_object (data), &local_error) ||
      !roster_store_commit (store, &local_error))
    {
      roster_store_rollback (store);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "GET /api/v4/account.json: the account: ");
      return FALSE;
    }

  return TRUE;
}

/* Who is signed in, once: a cache belongs to one user of one server. */
static gboolean
sync_me (RosterApi    *api,
         RosterStore  *store,
         GCancellable *cancellable,
         GError      **error)
{
  g_autofree char *known = roster_store_get_info (store, "me");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonNode *data;
  gint64 id;

  if (known != NULL)
    return TRUE;

  root = roster_api_get (api, "/users/who_am_i.json?fields=id", NULL, cancellable, error);
  if (root == NULL)
    {
      if (error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
        g_prefix_error (error, "GET /api/v4/users/who_am_i.json: ");
      return FALSE;
    }

  data = json_object_get_member (json_node_get_object (root), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data",
                             "GET /api/v4/users/who_am_i.json: the answer has no object “data”");
      return FALSE;
    }
  if (!roster_json_get_id (json_node_get_object (data), "id", &id, error))
    {
      g_prefix_error (error, "GET /api/v4/users/who_am_i.json: the signed-in user: ");
      return FALSE;
    }

  text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return roster_store_set_info (store, "me", text, error);
}

static gboolean
sync_tombstones (RosterApi    *api,
                 RosterStore  *store,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autofree char *since = NULL;
  g_autofree char *stored_next = NULL;
  g_autofree char *url = NULL;
  gboolean resuming;

  if (!roster_store_get_sync_state (store, "deleted_records", &stored_next, &since, NULL, error))
    return FALSE;

  resuming = stored_next != NULL;
  if (resuming)
    url = g_steal_pointer (&stored_next);
  else
    {
      g_autofree char *escaped = g_uri_escape_string (since ? since : "1970-01-01T00:00:00Z", NULL, FALSE);

      url = g_strdup_printf ("/deleted_records.json?fields=id,resource,record_id&limit=200&since=%s", escaped);
    }

  while (url != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *date = NULL;
      JsonArray *data;
      const char *next;
      gint64 records;

      PageRequest request;

      page_request_init (&request, url);
      root = roster_api_get (api, url, &date, cancellable, error);
      if (root == NULL && error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
        g_prefix_error (error, "%s %s: ", request.method, request.path);
      if (root == NULL || !read_page (root, &request, &data, &next, &records, error))
        {
          page_request_clear (&request);
          return FALSE;
        }

      if (!resuming)
        {
          g_autofree char *walk_start = since_from_date (date);

          if (walk_start != NULL)
            {
              g_free (since);
              since = g_steal_pointer (&walk_start);
            }
          resuming = TRUE;
        }

      if (!roster_store_begin (store, error))
        {
          page_request_clear (&request);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonNode *element = json_array_get_element (data, i);
          g_autofree char *resource = NULL;
          g_autofree char *record_id = NULL;
          g_autoptr(GError) problem = NULL;
          g_autofree char *tombstone_id = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            roster_json_set_error (&problem, ROSTER_JSON_ERROR_WRONG_TYPE, NULL, "The tombstone is not an object");
          else if (roster_json_get_string (json_node_get_object (element), "resource", FALSE, &resource, &problem) &&
                   roster_json_get_id_string (json_node_get_object (element), "record_id", &record_id, &problem))
            {
              if (!roster_store_delete_record_by_id_string (store, resource, record_id, error))
                {
                  roster_store_rollback (store);
                  page_request_clear (&request);
                  return FALSE;
                }
              continue;
            }

          /* A tombstone that cannot be read is kept aside like a record. */
          if (JSON_NODE_HOLDS_OBJECT (element))
            roster_json_get_id_string (json_node_get_object (element), "id", &tombstone_id, NULL);
          if (!roster_store_put_unreadable (store, "deleted_records", tombstone_id, element,
                                            roster_json_error_get_member (problem), problem->message,
                                            request.method, request.path, error))
            {
              roster_store_rollback (store);
              page_request_clear (&request);
              return FALSE;
            }
        }
      page_request_clear (&request);
      if (!roster_store_set_sync_state (store, "deleted_records", next, since, NULL, error) ||
          !roster_store_commit (store, error))
        {
          roster_store_rollback (store);
          return FALSE;
        }

      g_free (url);
      url = g_strdup (next);
    }

  return TRUE;
}

/* A server that answers extensions.json is a Roster server; Clio's answers 404. */
static gboolean
probe_extensions (RosterApi    *api,
                  gboolean     *extensions,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = roster_api_get (api, "/extensions.json", NULL, cancellable, &local_error);

  if (root != NULL)
    {
      *extensions = TRUE;
      return TRUE;
    }

  if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) &&
      g_strcmp0 (roster_api_error_get_refusal (local_error), "unauthorized") != 0)
    {
      *extensions = FALSE;
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * roster_sync_dup_not_available:
 * @store: the cache a sync fills
 *
 * What the last sync did not ask for because the signed-in user may not
 * read it, which is not a failure: "calendar_entries.hidden" (the
 * calendar entries of deactivated users) and "audit_events" (the audit
 * log), those of the primary subscriber and administrators alone.
 *
 * A user who managed the firm at an earlier sync and no longer does keeps
 * the hidden entries cached then, until the server deletes them.
 *
 * Returns: (transfer full): the names, empty when the user may read
 *   everything the server offers
 */
GStrv
roster_sync_dup_not_available (RosterStore *store)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  text = roster_store_get_info (store, NOT_AVAILABLE_KEY);
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, ",", -1);
}

/**
 * roster_sync_run:
 *
 * Syncs on the calling thread, blocking it; the app uses
 * roster_sync_run_async().
 */
gboolean
roster_sync_run (RosterSync   *self,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterApi) api = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) not_available = NULL;
  gboolean extensions = FALSE;
  gboolean manages = TRUE;
  gboolean ok = TRUE;

  g_return_val_if_fail (ROSTER_IS_SYNC (self), FALSE);

  self->requests = 0;
  store = roster_store_open (self->store_path, error);
  if (store == NULL)
    return FALSE;

  api = new_api (self);

  if (!network_available (self))
    {
      g_set_error_literal (&local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE,
                           "This computer is not connected to a network");
      ok = FALSE;
    }

  if (ok && !probe_extensions (api, &extensions, cancellable, &local_error))
    ok = FALSE;

  if (ok)
    ok = roster_store_set_info (store, "api", extensions ? "roster" : "clio", &local_error) &&
      sync_me (api, store, cancellable, &local_error);

  if (ok)
    {
      g_auto(GStrv) known = roster_sync_dup_not_available (store);

      not_available = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; known[i] != NULL; i++)
        g_ptr_array_add (not_available, g_strdup (known[i]));
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (collections); i++)
    {
      ok = sync_collection (self, api, store, &collections[i], extensions, manages, not_available, cancellable,
                            &local_error);
      /* The users come first: with them, the signed-in user's roles. */
      if (ok && collections[i].put == put_user)
        manages = signed_in_user_manages (store);
    }

  if (ok && extensions)
    {
      report (self, "account", 0, 0, FALSE);
      ok = sync_account (api, store, cancellable, &local_error);
    }

  if (ok && extensions)
    {
      report (self, "deleted_records", 0, 0, FALSE);
      ok = sync_tombstones (api, store, cancellable, &local_error);
    }

  self->requests += roster_api_get_requests (api);

  /* Fold the write-ahead log back into the cache while nobody waits. */
  if (ok)
    roster_database_exec (roster_store_get_database (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  /* How the last sync went, for `roster-cli status` and the window. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *attempted = g_date_time_format_iso8601 (now);

    roster_store_set_info (store, "last-sync-attempt", attempted, NULL);
    roster_store_set_info (store, "last-sync-result",
                           ok ? "ok"
                           : g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE) ? "offline"
                           : local_error->message,
                           NULL);
  }

  /* No network is a state the window shows, not a failure it reports. */
  report (self, ok ? NULL : self->reported_phase, self->reported_done, self->reported_expected,
          g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE));

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (roster_sync_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
roster_sync_run_async (RosterSync         *self,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ROSTER_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_sync_run_async);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
roster_sync_run_finish (RosterSync   *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
