/* roster-sync-pages.c
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
#include "roster-sync-private.h"

/*
 * Walking a collection: its pages in cursor order, fetched by a thread of
 * their own a few pages ahead of the writer, each written with its cursor
 * in the same transaction; a record the codecs refuse is kept aside and
 * asked for again by id after the walk.
 */
char *
roster_sync_since_from_date (const char *date)
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

/* A collection's list: everything changed since @since, or on a first
 * walk (no @since) the open work alone. */
static char *
list_path (const Collection *collection,
           gboolean          extensions,
           gboolean          managers_part,
           const char       *since)
{
  g_autofree char *escaped = since ? g_uri_escape_string (since, NULL, FALSE) : NULL;
  g_autofree char *open_work = since == NULL && collection->open_work ? collection->open_work () : NULL;

  return g_strdup_printf ("/%s.json?fields=%s%s%s&limit=%u%s%s%s%s%s%s",
                          collection->name, collection->fields,
                          extensions ? collection->extension_fields : "",
                          managers_part && collection->manager_fields ? collection->manager_fields : "",
                          collection->largest_page ? collection->largest_page : 200,
                          collection->unordered ? "" : "&order=id(asc)",
                          extensions ? collection->extension_params : "",
                          managers_part && collection->manager_params ? collection->manager_params : "",
                          open_work ? open_work : "",
                          escaped ? "&updated_since=" : "", escaped ? escaped : "");
}

/* The request a page came from, as errors and the records kept aside name
 * it: its method and its path, never its query. */

void
roster_sync_page_request_init (PageRequest *request,
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

void
roster_sync_page_request_clear (PageRequest *request)
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

/*
 * Pages are written in batches: the transaction stays open for the pages
 * that arrive within BATCH_USEC of its first, up to BATCH_PAGES. A commit
 * for every page was a third of the writer's time in a first sync (the
 * write-ahead log's frames, written again at each checkpoint: perf), and
 * the writer is what sets a sync's pace once the fetcher waits only on
 * the server. The window's and the outbox's writes, which wait for a
 * batch, wait no longer than BATCH_USEC; each page's cursor is written
 * with it, so a sync cut short resumes after the last batch and writes
 * nothing twice.
 */
#define BATCH_PAGES 16
#define BATCH_USEC (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  RosterStore *store;
  gboolean     open;
  guint        pages;
  gint64       began;
} Batch;

static gboolean
batch_commit (Batch   *batch,
              GError **error)
{
  if (!batch->open)
    return TRUE;

  batch->open = FALSE;
  if (roster_store_commit (batch->store, error))
    return TRUE;
  roster_store_rollback (batch->store);
  return FALSE;
}

/* How long the batch may still wait for a page, in µs; 0 once it is full
 * or has waited long enough. */
static gint64
batch_time_left (const Batch *batch)
{
  if (!batch->open || batch->pages >= BATCH_PAGES)
    return 0;
  return MAX (batch->began + BATCH_USEC - g_get_monotonic_time (), 0);
}

/* Writes one page and the cursor that follows it, in the batch's
 * transaction; if anything fails, the whole batch is undone. The records
 * are read one at a time from @list, each freed once written. A record
 * the codec refuses is kept aside rather than stop the sync; a record read
 * again is no longer unreadable. */
static gboolean
store_page (Batch                *batch,
            const Collection     *collection,
            const PageRequest    *request,
            RosterJsonListReader *list,
            const char           *next,
            const char           *since,
            const char           *etag,
            guint                *stored,
            GError              **error)
{
  RosterStore *store = batch->store;
  gboolean some_unreadable;

  if (!batch->open)
    {
      if (!roster_store_begin (store, error))
        return FALSE;
      batch->open = TRUE;
      batch->pages = 0;
      batch->began = g_get_monotonic_time ();
    }

  some_unreadable = roster_store_count_unreadable (store, collection->name) > 0;
  *stored = 0;
  while (list != NULL)
    {
      g_autoptr(JsonNode) element = NULL;
      g_autoptr(GError) problem = NULL;

      if (!roster_api_page_list_next (list, &element, request->method, request->path, error))
        goto failed;
      if (element == NULL)
        break;
      (*stored)++;

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

  if (!roster_store_set_sync_state (store, collection->name, next, since, etag, error))
    goto failed;

  batch->pages++;
  return TRUE;

failed:
  batch->open = FALSE;
  roster_store_rollback (store);
  return FALSE;
}

static gboolean
no_list (const PageRequest *request,
         GError           **error)
{
  roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data", "%s %s: the page has no list “data”",
                         request->method, request->path);
  return FALSE;
}

/* A page's `meta`: the next page's address, and the count of records. */
static void
read_paging (JsonNode    *root,
             const char **next,
             gint64      *records)
{
  JsonNode *meta = json_object_get_member (json_node_get_object (root), "meta");
  JsonNode *records_node = NULL;

  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    records_node = json_object_get_member (json_node_get_object (meta), "records");
  *next = roster_json_page_next (root);

  *records = -1;
  if (records_node != NULL && JSON_NODE_HOLDS_VALUE (records_node) &&
      json_node_get_value_type (records_node) == G_TYPE_INT64)
    *records = json_node_get_int (records_node);
}

gboolean
roster_sync_read_page (JsonNode          *root,
                       const PageRequest *request,
                       JsonArray        **data,
                       const char       **next,
                       gint64            *records,
                       GError           **error)
{
  JsonNode *data_node = json_object_get_member (json_node_get_object (root), "data");

  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    return no_list (request, error);
  *data = json_node_get_array (data_node);
  read_paging (root, next, records);

  return TRUE;
}

/*
 * A walk fetches and stores at once: a fetcher thread with its own API
 * client follows `next` and hands each page over, at most two ahead,
 * while this thread writes the previous ones. The network and the
 * server's work then overlap with the cache's, and memory holds a few
 * pages at most (two ahead, one being written; four ahead took as long).
 *
 * The fetcher does as little as it can between one answer and the next
 * request, because with cursor paging nothing else is asked for
 * meanwhile: it checks the answer as JSON (one that is not is asked for
 * again) and reads only its paging; this thread reads the list record by
 * record, and frees each where it was made. Reading and freeing the list
 * on the fetcher were more than half its time, and the server waited on
 * them.
 */

#define PAGES_AHEAD 2
#define CREDIT_FETCH 1
#define CREDIT_STOP 2

typedef struct
{
  char                 *url; /* what was asked for */
  JsonNode             *root; /* NULL with an error, or when not modified; without its list */
  RosterJsonListReader *list; /* the list, still to read; NULL if the page has none */
  char                 *date;
  char                 *etag;
  gboolean              not_modified; /* the first page is what the cache holds */
  GError               *error; /* a refusal carries the server's type */
  RosterRateLimit       rate_limit; /* as the page's answer said it; limit 0: not said */
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
  g_clear_pointer (&page->list, roster_json_list_reader_free);
  g_clear_pointer (&page->date, g_free);
  g_clear_pointer (&page->etag, g_free);
  g_clear_error (&page->error);
  g_free (page);
}

static gpointer
fetch_pages (gpointer data)
{
  Fetcher *fetcher = data;
  g_autoptr(RosterApi) api = roster_sync_make_api (fetcher->sync);
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
      page->root = roster_api_get_page (api, url, etag, &page->etag, &page->date, &page->not_modified,
                                        &page->list, fetcher->cancellable, &page->error);
      roster_api_get_rate_limit (api, &page->rate_limit);
      etag = NULL;
      g_clear_pointer (&url, g_free);
      if (page->root != NULL)
        {
          next = roster_json_page_next (page->root);
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

/**
 * roster_sync_seconds_left:
 * @limit: the rate limit as the last answer said it
 * @pages_left: the requests still to send
 * @now_unix: the time now
 *
 * Clio's window is a minute: what it has left goes at once, then a
 * window's worth a minute.
 *
 * Returns: how long @pages_left take under @limit, or -1 when the limit
 *   is not known or lets them all go in the window under way (the wire and
 *   the cache then set the pace, and it is short)
 */
int
roster_sync_seconds_left (const RosterRateLimit *limit,
                          guint                  pages_left,
                          gint64                 now_unix)
{
  gint64 beyond;

  if (limit->limit <= 0 || pages_left <= (guint64) limit->remaining)
    return -1;

  beyond = pages_left - limit->remaining;
  return (int) MIN (MAX (limit->reset_unix - now_unix, 0) + (beyond - 1) / limit->limit * 60, G_MAXINT);
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
  Batch batch = { store, FALSE, 0, 0 };
  GThread *thread;
  gboolean resuming;
  gboolean ok = TRUE;
  guint done = 0;
  guint expected = 0;

  *pages = 0;
  if (!roster_store_get_sync_state (store, collection->name, &stored_next, &since, &stored_etag, error))
    return FALSE;

  resuming = stored_next != NULL;
  if (!resuming && since == NULL && collection->open_work != NULL &&
      !roster_store_set_info (store, ROSTER_STORE_OPEN_WORK_ONLY, "1", error))
    return FALSE;
  /* A first walk writes the whole collection: its indexes by user are
   * built once at the end, not kept up record by record. */
  if (!resuming && since == NULL && !roster_store_drop_user_indexes (store, collection->name, error))
    return FALSE;

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

  roster_sync_report (self, collection->name, 0, 0, -1, FALSE);
  thread = g_thread_new ("roster-fetch", fetch_pages, &fetcher);

  for (;;)
    {
      FetchedPage *page = NULL;
      PageRequest request;
      const char *next;
      gint64 records;
      guint stored = 0;
      gboolean last;

      /* An open batch waits a little for the next page, never long. */
      if (batch.open)
        {
          gint64 left = batch_time_left (&batch);

          if (left > 0)
            page = g_async_queue_timeout_pop (fetcher.pages, left);
          if (page == NULL && !batch_commit (&batch, error))
            {
              ok = FALSE;
              break;
            }
        }
      if (page == NULL)
        page = g_async_queue_pop (fetcher.pages);

      g_async_queue_push (fetcher.credits, GUINT_TO_POINTER (CREDIT_FETCH));
      roster_sync_page_request_init (&request, page->url);

      if (page->error != NULL)
        {
          /* A refusal is in the server's words: say which request it
           * answered. Other failures name it already. */
          if (g_error_matches (page->error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
            g_prefix_error (&page->error, "%s %s: ", request.method, request.path);
          g_propagate_error (error, g_steal_pointer (&page->error));
          fetched_page_free (page);
          roster_sync_page_request_clear (&request);
          ok = FALSE;
          break;
        }

      if (page->not_modified)
        {
          g_autofree char *walk_start = roster_sync_since_from_date (page->date);

          ok = store_page (&batch, collection, &request, NULL, NULL, walk_start ? walk_start : since, page->etag,
                           &stored, error) && batch_commit (&batch, error);
          fetched_page_free (page);
          roster_sync_page_request_clear (&request);
          break;
        }

      /* The list, checked by the fetcher, is read record by record. */
      if (page->list == NULL)
        {
          no_list (&request, error);
          fetched_page_free (page);
          roster_sync_page_request_clear (&request);
          ok = FALSE;
          break;
        }
      read_paging (page->root, &next, &records);

      /* The first page of a new walk fixes where the next one starts. */
      if (!resuming)
        {
          g_autofree char *walk_start = roster_sync_since_from_date (page->date);

          if (walk_start != NULL)
            {
              g_free (since);
              since = g_steal_pointer (&walk_start);
            }
          resuming = TRUE;
        }

      /* Only a walk of one page can be asked about again as a whole. */
      if (!store_page (&batch, collection, &request, page->list, next, since,
                       *pages == 0 && next == NULL ? page->etag : NULL, &stored, error) ||
          ((next == NULL || batch_time_left (&batch) == 0) &&
           !batch_commit (&batch, error)))
        {
          fetched_page_free (page);
          roster_sync_page_request_clear (&request);
          ok = FALSE;
          break;
        }

      (*pages)++;
      done += stored;
      if (records >= 0)
        expected = MAX ((guint) records, done);
      {
        /* Pages of this one's size still to come, for the time they take. */
        guint page_size = stored;
        guint pages_left = expected > done && page_size > 0 ? (expected - done + page_size - 1) / page_size : 0;

        roster_sync_report (self, collection->name, done, MAX (expected, done),
                            roster_sync_seconds_left (&page->rate_limit, pages_left, g_get_real_time () / G_USEC_PER_SEC),
                            FALSE);
      }

      roster_sync_page_request_clear (&request);
      last = next == NULL;
      fetched_page_free (page);
      if (last)
        break;
    }

  /* A walk that stops on an error keeps the pages written before it. */
  if (batch.open && !batch_commit (&batch, ok ? error : NULL))
    ok = FALSE;

  /* Stop the fetcher if it is ahead, and wait for it. */
  g_async_queue_push_front (fetcher.credits, GUINT_TO_POINTER (CREDIT_STOP));
  g_thread_join (thread);
  self->requests += fetcher.requests;

  g_free (fetcher.first_url);
  g_async_queue_unref (fetcher.pages);
  g_async_queue_unref (fetcher.credits);

  /* Whatever stopped the walk, the cache keeps its indexes: a walk resumed
   * later goes on with them. */
  if (!roster_store_build_user_indexes (store, collection->name, ok ? error : NULL))
    ok = FALSE;

  return ok;
}

/* A walk of several pages may have passed records that changed behind its
* cursor; one more walk from its start catches them, so that a sync ends
* level with the server as it was when the sync ended. A busy server could
* keep that going: a few walks are enough, the next sync does the rest. */
#define MAX_WALKS 3

gboolean
roster_sync_walk_until_level (RosterSync       *self,
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

gboolean
roster_sync_reread_unreadable (RosterApi        *api,
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
      roster_sync_page_request_init (&request, url);
      ok = store_reread (store, collection, &request, data, error);
      roster_sync_page_request_clear (&request);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* Brings one collection level with the server, or as much of it as the
 * signed-in user may read. */
