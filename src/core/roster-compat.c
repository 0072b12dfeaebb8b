/* roster-compat.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-compat"

#include "config.h"

#include "roster-compat.h"

/*
 * Against a server with Clio's public API alone there is no reassign_work:
 * Roster computes the reassignment from its cache with the same rules the
 * extension applies, then moves each item with the PATCH Clio's API has,
 * one request at a time (RosterApi keeps within the rate limit). Unlike the
 * extension it is not atomic, and the server notifies nobody: the caller
 * says so to the administrator, and a sync afterwards shows the result.
 */

/* The PATCH body that gives an item to its receiver, as Clio's API has it. */
static char *
patch_body (const char *collection,
            gint64      value)
{
  if (g_str_equal (collection, "matters"))
    return g_strdup_printf ("{\"data\": {\"responsible_attorney\": {\"id\": %" G_GINT64_FORMAT "}}}", value);
  if (g_str_equal (collection, "tasks"))
    return g_strdup_printf ("{\"data\": {\"assignee\": {\"id\": %" G_GINT64_FORMAT ", \"type\": \"User\"}}}", value);

  return g_strdup_printf ("{\"data\": {\"calendar_owner\": {\"id\": %" G_GINT64_FORMAT "}}}", value);
}

static gboolean
patch_items (RosterApi    *api,
             const char   *collection,
             GArray       *items,
             gint64        value,
             guint        *moved,
             GCancellable *cancellable,
             GError      **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      RosterPreviewItem *item = &g_array_index (items, RosterPreviewItem, i);
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autofree char *key = NULL;
      g_autoptr(JsonNode) answer = NULL;

      if (item->verdict != ROSTER_VERDICT_MOVES)
        continue;

      path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT ".json?fields=id", collection, item->id);
      body = patch_body (collection, value);
      key = g_uuid_string_random ();
      answer = roster_api_write (api, "PATCH", path, body, key, NULL, cancellable, error);
      if (answer == NULL && error != NULL && *error != NULL)
        {
          g_prefix_error (error, "Moving %s %" G_GINT64_FORMAT ": ", collection, item->id);
          return FALSE;
        }
      (*moved)++;
    }

  return TRUE;
}

/**
 * roster_compat_move_items:
 * @preview: the items; those whose verdict is to move are moved
 * @matters_to: the receiver of the matters, or 0 to leave them
 * @calendar_to: the calendar that receives the events, or 0
 * @moved: (out): the items moved, also when it stops on an error
 *
 * Moves the items of a reassignment with PATCH, one by one.
 */
gboolean
roster_compat_move_items (RosterApi           *api,
                          const RosterPreview *preview,
                          gint64               matters_to,
                          gint64               tasks_to,
                          gint64               calendar_to,
                          guint               *moved,
                          GCancellable        *cancellable,
                          GError             **error)
{
  *moved = 0;

  return (matters_to == 0 ||
          patch_items (api, "matters", preview->matters, matters_to, moved, cancellable, error)) &&
         (tasks_to == 0 ||
          patch_items (api, "tasks", preview->tasks, tasks_to, moved, cancellable, error)) &&
         (calendar_to == 0 ||
          patch_items (api, "calendar_entries", preview->calendar_entries, calendar_to, moved, cancellable, error));
}

/**
 * roster_compat_receiving_calendar:
 *
 * Returns: the calendar of the user who is to receive events, or 0 with an
 *   error when the cache knows none
 */
gint64
roster_compat_receiving_calendar (RosterStore *store,
                                  gint64       user_id,
                                  GError     **error)
{
  g_autoptr(RosterUser) receiver = roster_store_get_user (store, user_id, error);
  gint64 calendar;

  if (receiver == NULL)
    return 0;
  calendar = roster_user_get_default_calendar_id (receiver);
  if (calendar == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "%s has no calendar to receive the events", roster_user_get_name (receiver));

  return calendar;
}

/**
 * roster_compat_reassign_work:
 * @matters_to: the receiver of the matters, or 0 to leave them
 * @moved: (out): the items moved, also when it stops on an error
 *
 * Reassigns a user's work item by item with PATCH, for a server without
 * Roster's extensions.
 */
gboolean
roster_compat_reassign_work (RosterStore  *store,
                             RosterApi    *api,
                             gint64        user_id,
                             gint64        matters_to,
                             gint64        tasks_to,
                             gint64        calendar_entries_to,
                             GDateTime    *now,
                             guint        *moved,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autoptr(RosterPreview) preview = NULL;
  gint64 calendar = 0;

  *moved = 0;

  preview = roster_store_preview_reassignment (store, user_id, now, error);
  if (preview == NULL)
    return FALSE;

  if (calendar_entries_to != 0 &&
      (calendar = roster_compat_receiving_calendar (store, calendar_entries_to, error)) == 0)
    return FALSE;

  return roster_compat_move_items (api, preview, matters_to, tasks_to, calendar, moved, cancellable, error);
}
