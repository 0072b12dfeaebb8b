/* roster-store-preview.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include <string.h>

#include "roster-json.h"
#include "roster-store-private.h"
#include "roster-time.h"

/* The reassignment preview, from the cache alone: every item of a user's
 * work and whether reassigning it moves it, by the rules the server
 * applies (roster-rules). */

void
roster_preview_free (RosterPreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_pointer (&preview->matters, g_array_unref);
  g_clear_pointer (&preview->tasks, g_array_unref);
  g_clear_pointer (&preview->calendar_entries, g_array_unref);
  g_free (preview);
}

/* An item's matter as cached_matter_facts() reads it: the cache's, or a
 * closed one as the item names it. */
#define MATTER_FACTS(item) \
  ROSTER_STORE_ITEM_MATTER_ID (item) "," \
  " coalesce(m.status, iif(" item ".closed_matter_number IS NULL, NULL, 'Closed')), coalesce(m.is_private, 0)"

static RosterMatterFacts
cached_matter_facts (sqlite3_stmt *statement,
                     int           id_column)
{
  RosterMatterFacts facts = { FALSE, ROSTER_MATTER_STATUS_OPEN, FALSE };

  /* A matter the cache does not hold (yet) is treated as no matter. */
  if (sqlite3_column_type (statement, id_column) == SQLITE_NULL)
    return facts;

  facts.exists = TRUE;
  if (!roster_matter_status_from_string ((const char *) sqlite3_column_text (statement, id_column + 1), &facts.status))
    facts.status = ROSTER_MATTER_STATUS_CLOSED;
  facts.is_private = sqlite3_column_int (statement, id_column + 2) != 0;

  return facts;
}

static void
clear_item (gpointer data)
{
  RosterPreviewItem *item = data;

  g_clear_pointer (&item->id_string, g_free);
}

/**
 * roster_preview_items_new:
 *
 * Returns: (transfer full): an empty array of #RosterPreviewItem that frees
 *   their id_string
 */
GArray *
roster_preview_items_new (void)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (RosterPreviewItem));

  g_array_set_clear_func (items, clear_item);
  return items;
}

/* The item in a row's column @column: an id the cache keeps as a number is
 * read as one and written out here, rather than through SQLite's text and
 * parsed back, which was a fifth of the preview's time. */
static void
add_item (GArray       *items,
          sqlite3_stmt *statement,
          int           column,
          RosterVerdict verdict)
{
  RosterPreviewItem item = { 0, verdict, NULL };

  if (sqlite3_column_type (statement, column) == SQLITE_INTEGER)
    {
      char digits[24];
      char *end = digits + sizeof digits;
      char *start = end;
      guint64 rest;

      gint64 value = sqlite3_column_int64 (statement, column);

      rest = value < 0 ? -(guint64) value : (guint64) value;
      do
        *--start = '0' + rest % 10;
      while ((rest /= 10) > 0);
      if (value < 0)
        *--start = '-';
      item.id_string = g_strndup (start, end - start);
      /* As roster_json_id_number(): ids from 1 are numbers. */
      item.id = value >= 1 ? value : 0;
    }
  else
    {
      const char *id = (const char *) sqlite3_column_text (statement, column);

      item.id = roster_json_id_number (id);
      item.id_string = g_strdup (id);
    }

  g_array_append_val (items, item);
}

/* A task or an entry tied to a matter the cache does not hold: judged as
 * tied to none, which the server, holding the matter, may not agree with. */
static gboolean
matter_unknown (sqlite3_stmt *statement,
                int           matter_id_column,
                int           cached_id_column)
{
  return sqlite3_column_type (statement, matter_id_column) != SQLITE_NULL &&
         sqlite3_column_type (statement, cached_id_column) == SQLITE_NULL;
}

/* Items in id order, as SQLite orders the ids: numbers first, by value,
 * then the ids that are not numbers, byte by byte. Tasks and entries are
 * sorted here rather than by their queries, which would sort through a
 * temporary B-tree; a user's few are cheap to sort. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const RosterPreviewItem *x = a;
  const RosterPreviewItem *y = b;

  if (x->id != 0 && y->id != 0)
    return (x->id > y->id) - (x->id < y->id);
  if (x->id != 0 || y->id != 0)
    return x->id != 0 ? -1 : 1;

  return strcmp (x->id_string, y->id_string);
}

/**
 * roster_store_preview_reassignment:
 * @now: the time now; today is its date in UTC, as on the server
 *
 * Only a User's tasks are the user's: a task assigned to a contact with the
 * same id is not. The items' id_string is the id as the server writes it.
 *
 * Returns: (transfer full): what reassigning all of the user's work would
 *   move and leave, from the cache alone
 */
RosterPreview *
roster_store_preview_reassignment (RosterStore *self,
                                   gint64       user_id,
                                   GDateTime   *now,
                                   GError     **error)
{
  g_autoptr(RosterPreview) preview = g_new0 (RosterPreview, 1);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (utc),
                                           g_date_time_get_month (utc),
                                           g_date_time_get_year (utc));
  gint64 now_unix = g_date_time_to_unix (utc);
  sqlite3_stmt *statement;

  preview->matters = roster_preview_items_new ();
  preview->tasks = roster_preview_items_new ();
  preview->calendar_entries = roster_preview_items_new ();
  preview->open_work_only = roster_store_holds_open_work_only (self);

  /* In id order from the index (migration 9), as listed, with no sort. */
  statement = roster_database_statement (self->db,
                                         "SELECT id, status, is_private FROM matters"
                                         " WHERE responsible_attorney_id = ? ORDER BY id",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 0);

      add_item (preview->matters, statement, 0,
                roster_rules_matter_verdict (facts.status, facts.is_private));
    }
  sqlite3_reset (statement);

  statement = roster_database_statement (self->db,
                                         "SELECT t.id, t.status, t.due_at, " MATTER_FACTS ("t") ", t.matter_id"
                                         " FROM tasks t LEFT JOIN matters m ON m.id = t.matter_id"
                                         " WHERE t.assignee_id = ?",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 3);
      g_autoptr(GDate) due = roster_date_parse ((const char *) sqlite3_column_text (statement, 2));
      gboolean complete = g_strcmp0 ((const char *) sqlite3_column_text (statement, 1), "complete") == 0;

      preview->unjudged += matter_unknown (statement, 6, 3);
      add_item (preview->tasks, statement, 0,
                roster_rules_task_verdict (&facts, complete, due, today));
    }
  sqlite3_reset (statement);

  /* The entries of the user's calendar, and those of other calendars where
   * the user is only an attendee. */
  statement = roster_database_statement (self->db,
                                         "SELECT e.id, e.start_at, e.calendar_owner_id = u.default_calendar_id,"
                                         " " MATTER_FACTS ("e") ", e.matter_id"
                                         " FROM users u JOIN calendar_entries e"
                                         "   ON e.calendar_owner_id = u.default_calendar_id"
                                         "   OR e.id IN (SELECT entry_id FROM attendees WHERE calendar_id = u.default_calendar_id)"
                                         " LEFT JOIN matters m ON m.id = e.matter_id"
                                         " WHERE u.id = ?",
                                         error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, user_id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      RosterMatterFacts facts = cached_matter_facts (statement, 3);
      g_autoptr(GDateTime) start = roster_time_parse_iso ((const char *) sqlite3_column_text (statement, 1));

      preview->unjudged += matter_unknown (statement, 6, 3);
      add_item (preview->calendar_entries, statement, 0,
                roster_rules_event_verdict (&facts, sqlite3_column_int (statement, 2) != 0,
                                            start ? g_date_time_to_unix (start) : 0, now_unix));
    }
  sqlite3_reset (statement);

  g_array_sort (preview->tasks, compare_items);
  g_array_sort (preview->calendar_entries, compare_items);

  return g_steal_pointer (&preview);
}

/**
 * roster_store_preview_items:
 * @now: the time now
 *
 * The reassignment preview as items a list shows: every item of the user,
 * each with its verdict.
 *
 * Returns: (transfer full): a list of #RosterWorkItem
 */
GListStore *
roster_store_preview_items (RosterStore *self,
                            gint64       user_id,
                            GDateTime   *now,
                            GError     **error)
{
  g_autoptr(RosterPreview) preview = roster_store_preview_reassignment (self, user_id, now, error);
  g_autoptr(GListStore) items = g_list_store_new (ROSTER_TYPE_WORK_ITEM);
  GArray *kinds[3];

  if (preview == NULL)
    return NULL;

  kinds[ROSTER_WORK_MATTER] = preview->matters;
  kinds[ROSTER_WORK_TASK] = preview->tasks;
  kinds[ROSTER_WORK_EVENT] = preview->calendar_entries;
  for (guint kind = ROSTER_WORK_MATTER; kind <= ROSTER_WORK_EVENT; kind++)
    for (guint i = 0; i < kinds[kind]->len; i++)
      {
        RosterPreviewItem *entry = &g_array_index (kinds[kind], RosterPreviewItem, i);
        g_autoptr(RosterWorkItem) item = roster_store_work_item_by_id (self, kind, entry->id_string, error);

        if (item == NULL)
          return NULL;
        roster_work_item_set_verdict (item, entry->verdict);
        g_list_store_append (items, item);
      }

  return g_steal_pointer (&items);
}
