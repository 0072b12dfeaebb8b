/* roster-store.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-calendar-entry.h"
#include "roster-database.h"
#include "roster-matter.h"
#include "roster-rules.h"
#include "roster-task.h"
#include "roster-user.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_USER_FILTER_ACTIVE,
  ROSTER_USER_FILTER_DEACTIVATED,
  ROSTER_USER_FILTER_ALL,
} RosterUserFilter;

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
  gint64        id;
  RosterVerdict verdict;
} RosterPreviewItem;

/* The reassignment preview: every item of the user either moves or stays
 * with its reason, by the rules the server applies. */
typedef struct
{
  GArray *matters;           /* of RosterPreviewItem */
  GArray *tasks;
  GArray *calendar_entries;
} RosterPreview;

void roster_preview_free (RosterPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterPreview, roster_preview_free)

#define ROSTER_TYPE_STORE (roster_store_get_type ())

G_DECLARE_FINAL_TYPE (RosterStore, roster_store, ROSTER, STORE, GObject)

char        *roster_store_path_for_account  (const char          *account_key);
RosterStore *roster_store_open              (const char          *path,
                                             GError             **error);
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

gboolean     roster_store_get_sync_state    (RosterStore         *self,
                                             const char          *collection,
                                             char               **next_url,
                                             char               **high_water,
                                             GError             **error);
gboolean     roster_store_set_sync_state    (RosterStore         *self,
                                             const char          *collection,
                                             const char          *next_url,
                                             const char          *high_water,
                                             GError             **error);
char        *roster_store_last_synced_at    (RosterStore         *self);

GListStore  *roster_store_list_users        (RosterStore         *self,
                                             RosterUserFilter     filter,
                                             const char          *search,
                                             GError             **error);
RosterUser  *roster_store_get_user          (RosterStore         *self,
                                             gint64               id,
                                             GError             **error);
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
GHashTable  *roster_store_etags             (RosterStore         *self,
                                             const char          *collection,
                                             GError             **error);

G_END_DECLS
