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
#include "roster-sync-private.h"

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
/* A first sync asks for the open work the views show (matters open or
 * pending, tasks not complete, calendar entries not over) and skips the
 * rest, the larger part of a firm with years of history. A task or an
 * entry names its matter's number and status, which is what its verdict
 * needs of a closed matter (roster_matter_read_closed_number()): a
 * matter's privacy counts only while it is open or pending. */
static char *
open_matters (void)
{
  return g_strdup ("&status=open,pending");
}

static char *
incomplete_tasks (void)
{
  return g_strdup ("&complete=false");
}

/* Entries that end from a day ago: the server's clock and this one's may
 * differ, and the views judge what is over by this one. */
static char *
entries_not_over (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (now, -1);
  g_autofree char *from = g_date_time_format (day_ago, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *escaped = g_uri_escape_string (from, NULL, FALSE);

  return g_strconcat ("&from=", escaped, NULL);
}

const Collection roster_sync_collections[] = {
  { .name = "users",
    .fields = "id,etag,name,first_name,last_name,email,enabled,account_owner,roles,subscription_type,default_calendar_id,updated_at",
    .extension_fields = ",personal_injury_license", .extension_params = "", .put = put_user,
    .largest_page = 2000 },
  { .name = "matters",
    .fields = "id,etag,display_number,description,status,responsible_attorney{id},group{id,type},open_date,close_date,updated_at",
    .extension_fields = "", .extension_params = "", .put = put_matter,
    .open_work = open_matters },
  { .name = "tasks",
    .fields = "id,etag,name,status,due_at,assignee{id,type},matter{id,display_number,status},updated_at",
    .extension_fields = "", .extension_params = "", .put = put_task,
    .open_work = incomplete_tasks },
  { .name = "calendar_entries",
    .fields = "id,etag,summary,start_at,end_at,all_day,calendar_owner_id,matter{id,display_number,status},attendees{id,type},updated_at",
    .extension_fields = "", .extension_params = "", .put = put_entry, .unordered = TRUE,
    .withheld = "calendar_entries.hidden", .manager_fields = ",hidden", .manager_params = "&include_hidden=true",
    .open_work = entries_not_over },
  { .name = "notifications",
    .fields = "id,etag,kind,subject,body,audit_event_id,created_at,updated_at",
    .extension_fields = "", .extension_params = "", .put = put_notification, .extension_only = TRUE },
  { .name = "audit_events",
    .fields = "id,etag,actor{id,name},action,target_type,target_id,before,after,created_at",
    .extension_fields = "", .extension_params = "", .put = put_audit_event, .extension_only = TRUE,
    .withheld = "audit_events" },
};

const guint roster_sync_n_collections = G_N_ELEMENTS (roster_sync_collections);


G_DEFINE_FINAL_TYPE (RosterSync, roster_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PHASE,
  PROP_DONE,
  PROP_EXPECTED,
  PROP_OFFLINE,
  PROP_SECONDS_LEFT,
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
    case PROP_SECONDS_LEFT:
      g_value_set_int (value, self->seconds_left);
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
  properties [PROP_SECONDS_LEFT] =
    g_param_spec_int ("seconds-left", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_sync_init (RosterSync *self)
{
  self->owner_context = g_main_context_ref_thread_default ();
  self->owner_thread = g_thread_self ();
  self->seconds_left = -1;
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
RosterApi *
roster_sync_make_api (RosterSync *self)
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

/**
 * roster_sync_get_seconds_left:
 *
 * Returns: how long the phase's pages left will take at the server's rate
 *   limit, or -1 when the limit does not hold the sync back
 */
int
roster_sync_get_seconds_left (RosterSync *self)
{
  return self->seconds_left;
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
  int         seconds_left;
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
  if (self->seconds_left != progress->seconds_left)
    {
      self->seconds_left = progress->seconds_left;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SECONDS_LEFT]);
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
void
roster_sync_report (RosterSync *self,
                    const char *phase,
                    guint       done,
                    guint       expected,
                    int         seconds_left,
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
  progress->seconds_left = seconds_left;

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
      !roster_sync_settle_availability (store, collection, gated && !manages, not_available, error))
    return FALSE;

  if (gated && !manages && whole)
    return TRUE;

  if (roster_sync_walk_until_level (self, store, collection, extensions, gated && manages, cancellable, &local_error))
    return roster_sync_reread_unreadable (api, store, collection, extensions, gated && manages, cancellable, error);

  /* The server knows better than the cache who may read what (a role
   * changed since the users were walked, or the cache did not know the
   * user): its "forbidden" is taken as not available, not as a failure. */
  if (gated && manages &&
      g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) &&
      g_strcmp0 (roster_api_error_get_refusal (local_error), "forbidden") == 0)
    {
      g_debug ("%s: %s", collection->withheld, local_error->message);
      g_clear_error (&local_error);
      if (!roster_sync_settle_availability (store, collection, TRUE, not_available, error))
        return FALSE;
      return whole ||
             (roster_sync_walk_until_level (self, store, collection, extensions, FALSE, cancellable, error) &&
              roster_sync_reread_unreadable (api, store, collection, extensions, FALSE, cancellable, error));
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Made an administrator (or the primary subscriber) since the last sync,
 * the user may now read records that did not change meanwhile (others'
 * private matters, and their tasks and entries): what follows the users is
 * walked whole, not from the last walk's start. A role lost leaves the
 * cache as it is, as the server's refusals say what is no longer
 * available. */
static gboolean
walk_whole_when_promoted (RosterStore *store,
                          gboolean     manages,
                          guint        first,
                          GError     **error)
{
  g_autofree char *managed = roster_store_get_info (store, "manages");

  if (manages && g_strcmp0 (managed, "0") == 0)
    for (guint i = first; i < roster_sync_n_collections; i++)
      if (!roster_store_set_sync_state (store, roster_sync_collections[i].name, NULL, NULL, NULL, error))
        return FALSE;

  return roster_store_set_info (store, "manages", manages ? "1" : "0", error);
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

  api = roster_sync_make_api (self);

  if (!network_available (self))
    {
      g_set_error_literal (&local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE,
                           "This computer is not connected to a network");
      ok = FALSE;
    }

  if (ok && !roster_sync_probe_extensions (api, &extensions, cancellable, &local_error))
    ok = FALSE;

  if (ok)
    ok = roster_store_set_info (store, "api", extensions ? "roster" : "clio", &local_error) &&
      roster_sync_fetch_me (api, store, cancellable, &local_error);

  if (ok)
    {
      g_auto(GStrv) known = roster_sync_dup_not_available (store);

      not_available = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; known[i] != NULL; i++)
        g_ptr_array_add (not_available, g_strdup (known[i]));
    }

  for (guint i = 0; ok && i < roster_sync_n_collections; i++)
    {
      ok = sync_collection (self, api, store, &roster_sync_collections[i], extensions, manages, not_available, cancellable,
                            &local_error);
      /* The users come first: with them, the signed-in user's roles. */
      if (ok && roster_sync_collections[i].put == put_user)
        {
          manages = roster_sync_signed_in_user_manages (store);
          ok = walk_whole_when_promoted (store, manages, i + 1, &local_error);
        }
    }

  if (ok && extensions)
    {
      roster_sync_report (self, "account", 0, 0, -1, FALSE);
      ok = roster_sync_fetch_account (api, store, cancellable, &local_error);
    }

  if (ok && extensions)
    {
      roster_sync_report (self, "deleted_records", 0, 0, -1, FALSE);
      ok = roster_sync_fetch_tombstones (api, store, cancellable, &local_error);
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
  roster_sync_report (self, ok ? NULL : self->reported_phase, self->reported_done, self->reported_expected, -1,
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
