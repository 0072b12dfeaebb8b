/* roster-sync-private.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-store.h"
#include "roster-sync.h"

G_BEGIN_DECLS

/* The sync's parts: roster-sync.c (the object, its progress, the
 * collections and the run), roster-sync-pages.c (walking a collection's
 * pages, a fetcher thread ahead of the writer, records kept aside and read
 * again) and roster-sync-extras.c (the signed-in user, the account,
 * tombstones, what the user may not read, the server's extensions). */

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

/* The filter of a collection's first walk, as query parameters. */
typedef char *(*OpenWorkFilter) (void);

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

  /* The records a page holds at most; 0 for Clio's usual 200. */
  guint          largest_page;
  /* What of the collection a first walk asks for: the open work the views
   * show. Later walks ask for everything changed since, open or not, so
   * that work closed or completed on the server leaves the open work. */
  OpenWorkFilter open_work;
} Collection;

typedef struct
{
  const char *method;
  char       *path;
} PageRequest;

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
  int                    seconds_left;
  guint                  requests;

  GNetworkMonitor       *network_monitor;

  /* Progress as the running sync last reported it, for its own use */
  const char            *reported_phase;  /* a collection's name: static */
  guint                  reported_done;
  guint                  reported_expected;
};

extern const Collection roster_sync_collections[];
extern const guint      roster_sync_n_collections;

RosterApi * roster_sync_make_api                (RosterSync *self);
void       roster_sync_report                  (RosterSync *self,
                                                const char *phase,
                                                guint      done,
                                                guint      expected,
                                                int        seconds_left,
                                                gboolean   offline);
char *     roster_sync_since_from_date         (const char *date);
int        roster_sync_seconds_left            (const RosterRateLimit *limit,
                                                guint                  pages_left,
                                                gint64                 now_unix);
void       roster_sync_page_request_init       (PageRequest *request,
                                                const char  *path_or_url);
void       roster_sync_page_request_clear      (PageRequest *request);
gboolean   roster_sync_read_page               (JsonNode          *root,
                                                const PageRequest *request,
                                                JsonArray         **data,
                                                const char        **next,
                                                gint64            *records,
                                                GError            **error);
gboolean   roster_sync_walk_until_level        (RosterSync       *self,
                                                RosterStore      *store,
                                                const Collection *collection,
                                                gboolean         extensions,
                                                gboolean         managers_part,
                                                GCancellable     *cancellable,
                                                GError           **error);
gboolean   roster_sync_reread_unreadable       (RosterApi        *api,
                                                RosterStore      *store,
                                                const Collection *collection,
                                                gboolean         extensions,
                                                gboolean         managers_part,
                                                GCancellable     *cancellable,
                                                GError           **error);
gboolean   roster_sync_signed_in_user_manages  (RosterStore *store);
gboolean   roster_sync_settle_availability     (RosterStore      *store,
                                                const Collection *collection,
                                                gboolean         withheld,
                                                GPtrArray        *not_available,
                                                GError           **error);
gboolean   roster_sync_fetch_account           (RosterApi    *api,
                                                RosterStore  *store,
                                                GCancellable *cancellable,
                                                GError       **error);
gboolean   roster_sync_fetch_me                (RosterApi    *api,
                                                RosterStore  *store,
                                                GCancellable *cancellable,
                                                GError       **error);
gboolean   roster_sync_fetch_tombstones        (RosterApi    *api,
                                                RosterStore  *store,
                                                GCancellable *cancellable,
                                                GError       **error);
gboolean   roster_sync_probe_extensions        (RosterApi    *api,
                                                gboolean     *extensions,
                                                GCancellable *cancellable,
                                                GError       **error);

G_END_DECLS
