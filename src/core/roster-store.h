/* roster-store.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-account.h"
#include "roster-audit-event.h"
#include "roster-calendar-entry.h"
#include "roster-database.h"
#include "roster-matter.h"
#include "roster-notification.h"
#include "roster-rules.h"
#include "roster-task.h"
#include "roster-user.h"
#include "roster-work-item.h"

G_BEGIN_DECLS

/* The info key a sync sets to "1" when a first walk asks for open work
 * alone (roster-sync-pages.c). */
#define ROSTER_STORE_OPEN_WORK_ONLY "open-work-only"

typedef enum
{
  ROSTER_USER_FILTER_ACTIVE,
  ROSTER_USER_FILTER_DEACTIVATED,
  ROSTER_USER_FILTER_ALL,
} RosterUserFilter;

/* What the server offers, as the last sync found it. */
typedef enum
{
  ROSTER_SERVER_API_UNKNOWN,  /* not synced yet */
  ROSTER_SERVER_API_ROSTER,   /* Clio's API and Roster's extensions */
  ROSTER_SERVER_API_CLIO,     /* Clio's public API alone */
} RosterServerApi;

/* A user's open work, as the users list shows it. */
typedef struct
{
  guint matters;   /* open and pending matters they are responsible attorney of */
  guint tasks;     /* tasks assigned to them that are not complete */
  guint events;    /* entries on their calendar that have not started */
} RosterOpenWork;

/* One item of a user's work and what a reassignment does with it. */
typedef struct
{
  gint64        id;          /* the id as a number; 0 for a calendar entry whose id is not one */
  RosterVerdict verdict;
  char         *id_string;   /* the id as the server writes it: set by the store, and freed
                              * with an array of roster_preview_items_new(); NULL in an item
                              * made elsewhere means the decimal of id */
} RosterPreviewItem;

/* The reassignment preview: every item of the user either moves or stays
 * with its reason, by the rules the server applies. */
typedef struct
{
  GArray *matters;           /* of RosterPreviewItem */
  GArray *tasks;
  GArray *calendar_entries;
  guint   unjudged;          /* tasks and entries tied to a matter the cache does not hold:
                              * judged as tied to none, which the server may not agree with */
  gboolean open_work_only;   /* the cache was synced with open work alone: complete tasks
                              * and past calendar entries, which always stay, are not all in it */
} RosterPreview;

GArray *roster_preview_items_new (void);

/* A record a sync could not read, kept aside with what was wrong and the
 * request that brought it. */
typedef struct
{
  char *resource;    /* "users", "matters", "tasks", "calendar_entries", … */
  char *record_id;   /* as the server wrote it, or NULL when the id itself could not be read */
  char *member;      /* the member that was wrong, as a path ("assignee.type"), or NULL */
  char *problem;     /* what was wrong, in English */
  char *method;      /* the request that brought it: "GET" */
  char *path;        /* "/api/v4/tasks.json", without the query */
  char *seen_at;     /* when a sync last met it */
} RosterUnreadable;

void roster_unreadable_free (RosterUnreadable *unreadable);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterUnreadable, roster_unreadable_free)

void roster_preview_free (RosterPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterPreview, roster_preview_free)

#define ROSTER_TYPE_STORE (roster_store_get_type ())

G_DECLARE_FINAL_TYPE (RosterStore, roster_store, ROSTER, STORE, GObject)

char        *roster_store_path_for_account  (const char          *account_key);
void         roster_store_remove_cache      (const char          *path);
RosterStore *roster_store_open              (const char          *path,
                                             GError             **error);
void         roster_store_preopen           (const char          *path);
RosterDatabase *roster_store_get_database   (RosterStore         *self);

gboolean     roster_store_begin             (RosterStore         *self,
                                             GError             **error);
gboolean     roster_store_commit            (RosterStore         *self,
                                             GError             **error);
void         roster_store_rollback          (RosterStore         *self);

gboolean     roster_store_put_user          (RosterStore         *self,
                                             RosterUser          *user,
                                             GError             **error);
gboolean     roster_store_put_matter        (RosterStore         *self,
                                             RosterMatter        *matter,
                                             GError             **error);
gboolean     roster_store_put_task          (RosterStore         *self,
                                             RosterTask          *task,
                                             GError             **error);
gboolean     roster_store_put_calendar_entry (RosterStore        *self,
                                              RosterCalendarEntry *entry,
                                              GError            **error);
gboolean     roster_store_delete_record     (RosterStore         *self,
                                             const char          *collection,
                                             gint64               id,
                                             GError             **error);
gboolean     roster_store_delete_record_by_id_string (RosterStore *self,
                                                      const char  *collection,
                                                      const char  *id,
                                                      GError     **error);

/* Records a sync could not read. */
gboolean     roster_store_put_unreadable    (RosterStore         *self,
                                             const char          *resource,
                                             const char          *record_id,
                                             JsonNode            *record,
                                             const char          *member,
                                             const char          *problem,
                                             const char          *method,
                                             const char          *path,
                                             GError             **error);
gboolean     roster_store_forget_unreadable (RosterStore         *self,
                                             const char          *resource,
                                             const char          *record_id,
                                             GError             **error);
GPtrArray   *roster_store_list_unreadable   (RosterStore         *self,
                                             const char          *resource,
                                             GError             **error);
guint        roster_store_count_unreadable  (RosterStore         *self,
                                             const char          *resource);

/* The outbox's optimistic changes, and their undoing. */
gboolean     roster_store_set_user_enabled  (RosterStore         *self,
                                             gint64               user_id,
                                             gboolean             enabled,
                                             gboolean             personal_injury_license,
                                             GError             **error);
gboolean     roster_store_get_work_owner    (RosterStore         *self,
                                             RosterWorkKind       kind,
                                             gint64               item_id,
                                             gint64              *owner_id,
                                             GError             **error);
gboolean     roster_store_set_work_owner    (RosterStore         *self,
                                             RosterWorkKind       kind,
                                             gint64               item_id,
                                             gint64               owner_id,
                                             GError             **error);
gboolean     roster_store_get_work_owner_by_id_string (RosterStore    *self,
                                                       RosterWorkKind  kind,
                                                       const char     *item_id,
                                                       gint64         *owner_id,
                                                       GError        **error);
gboolean     roster_store_set_work_owner_by_id_string (RosterStore    *self,
                                                       RosterWorkKind  kind,
                                                       const char     *item_id,
                                                       gint64          owner_id,
                                                       GError        **error);

gboolean     roster_store_drop_user_indexes (RosterStore         *self,
                                             const char          *collection,
                                             GError             **error);
gboolean     roster_store_build_user_indexes (RosterStore        *self,
                                              const char         *collection,
                                              GError            **error);

gboolean     roster_store_get_sync_state    (RosterStore         *self,
                                             const char          *collection,
                                             char               **next_url,
                                             char               **high_water,
                                             char               **etag,
                                             GError             **error);
gboolean     roster_store_set_sync_state    (RosterStore         *self,
                                             const char          *collection,
                                             const char          *next_url,
                                             const char          *high_water,
                                             const char          *etag,
                                             GError             **error);
char        *roster_store_last_synced_at    (RosterStore         *self);

GListStore  *roster_store_list_users        (RosterStore         *self,
                                             RosterUserFilter     filter,
                                             const char          *search,
                                             GError             **error);
GPtrArray   *roster_store_read_users        (RosterStore         *self,
                                             RosterUserFilter     filter,
                                             const char          *search,
                                             GError             **error);
RosterUser  *roster_store_get_user          (RosterStore         *self,
                                             gint64               id,
                                             GError             **error);
RosterUser  *roster_store_find_user         (RosterStore         *self,
                                             const char          *id_or_email,
                                             GError             **error);
GListStore  *roster_store_list_open_work    (RosterStore         *self,
                                             gint64               user_id,
                                             const char          *now,
                                             GError             **error);
GListStore  *roster_store_preview_items     (RosterStore         *self,
                                             gint64               user_id,
                                             GDateTime           *now,
                                             GError             **error);
GHashTable  *roster_store_open_work_counts  (RosterStore         *self,
                                             const char          *now);
gboolean     roster_store_get_open_work     (RosterStore         *self,
                                             gint64               user_id,
                                             const char          *now,
                                             RosterOpenWork      *work,
                                             GError             **error);
RosterPreview *roster_store_preview_reassignment (RosterStore    *self,
                                                gint64          user_id,
                                                GDateTime      *now,
                                                GError        **error);
gint64       roster_store_count             (RosterStore         *self,
                                             const char          *collection);
gboolean     roster_store_set_info          (RosterStore         *self,
                                             const char          *key,
                                             const char          *value,
                                             GError             **error);
char        *roster_store_get_info          (RosterStore         *self,
                                             const char          *key);
RosterServerApi roster_store_get_server_api (RosterStore         *self);
gboolean     roster_store_holds_open_work_only (RosterStore      *self);

gboolean     roster_store_put_account       (RosterStore         *self,
                                             JsonObject          *object,
                                             GError             **error);
JsonObject  *roster_store_get_account_json  (RosterStore         *self,
                                             GError             **error);
RosterAccount *roster_store_get_account     (RosterStore         *self,
                                             GError             **error);
char        *roster_store_get_account_etag  (RosterStore         *self);
gboolean     roster_store_put_notification  (RosterStore         *self,
                                             JsonObject          *object,
                                             GError             **error);
gboolean     roster_store_put_audit_event   (RosterStore         *self,
                                             JsonObject          *object,
                                             GError             **error);
GListStore  *roster_store_list_audit_events (RosterStore         *self,
                                             gint64               user_id,
                                             const char          *since,
                                             guint                limit,
                                             GError             **error);
GListStore  *roster_store_list_notifications (RosterStore        *self,
                                              GError            **error);

const RosterMigration *roster_store_get_migrations (guint        *n_migrations);

GHashTable  *roster_store_etags             (RosterStore         *self,
                                             const char          *collection,
                                             GError             **error);

G_END_DECLS
