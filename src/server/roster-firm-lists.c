/* roster-firm-lists.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <string.h>

#include "roster-firm-private.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * Lists of records, filtered and ordered as Clio's API has them, one page
 * at a time after a cursor. The SQL is built from fixed pieces; every value
 * from a request is bound.
 */

typedef struct
{
  int     type;   /* SQLITE_INTEGER or SQLITE_TEXT */
  gint64  number;
  char   *text;
} Binding;

static void
binding_clear (gpointer data)
{
  Binding *binding = data;

  g_free (binding->text);
}

static void
bind_int (GArray *bindings,
          gint64  number)
{
  Binding binding = { SQLITE_INTEGER, number, NULL };

  g_array_append_val (bindings, binding);
}

static void
bind_text (GArray     *bindings,
           const char *text)
{
  Binding binding = { SQLITE_TEXT, 0, g_strdup (text) };

  g_array_append_val (bindings, binding);
}

static void
apply_bindings (sqlite3_stmt *statement,
                GArray       *bindings)
{
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *binding = &g_array_index (bindings, Binding, i);

      if (binding->type == SQLITE_INTEGER)
        sqlite3_bind_int64 (statement, i + 1, binding->number);
      else
        sqlite3_bind_text (statement, i + 1, binding->text, -1, SQLITE_TRANSIENT);
    }
}

static gboolean
actor_is_manager (RosterActor *actor)
{
  return actor != NULL && roster_rules_may_change_account_settings (actor->account_owner, actor->admin);
}

/**
 * roster_firm_may_see_matter:
 * @actor: (nullable): who asks; %NULL is the server itself
 * @private_to_user_id: the user the matter is private to, or 0
 *
 * The one rule of what a user may see of a matter, wherever it appears:
 * a private matter is seen by its user and by those who manage the firm.
 * The matters list applies the same rule in its query (where_matters()).
 */
gboolean
roster_firm_may_see_matter (RosterActor *actor,
                            gint64       private_to_user_id)
{
  return actor == NULL || private_to_user_id == 0 || actor_is_manager (actor) || actor->id == private_to_user_id;
}

/* Orders ------------------------------------------------------------------ */

typedef struct
{
  const char *key;         /* as Clio's order= names it, without (asc) */
  const char *expression;  /* its SQL, on the resource's alias */
} SortKey;

static const SortKey user_sort_keys[] = {
  { "id", "u.id" },
  { "name", "u.first_name || ' ' || u.last_name" },
  { "first_name", "u.first_name" },
  { "last_name", "u.last_name" },
  { "initials", "roster_initials (u.first_name, u.last_name)" },
  { "email", "u.email" },
  { "enabled", "u.enabled" },
  { "subscription_type", "u.subscription_type" },
  { NULL, NULL }
};

static const SortKey matter_sort_keys[] = {
  { "id", "m.id" },
  { "display_number", "m.display_number" },
  { "open_date", "m.open_date" },
  { "pending_date", "m.pending_date" },
  { "close_date", "m.close_date" },
  { "created_at", "m.created_at" },
  { "updated_at", "m.updated_at" },
  { "responsible_attorney.name",
    "(SELECT r.first_name || ' ' || r.last_name FROM users r WHERE r.id = m.responsible_attorney_id)" },
  { "originating_attorney.name",
    "(SELECT r.first_name || ' ' || r.last_name FROM users r WHERE r.id = m.originating_attorney_id)" },
  { NULL, NULL }
};

/* Priorities rise from Low to High. */
static const SortKey task_sort_keys[] = {
  { "id", "t.id" },
  { "name", "t.name" },
  { "priority", "CASE t.priority WHEN 'Low' THEN 0 WHEN 'Normal' THEN 1 ELSE 2 END" },
  { "due_at", "t.due_at" },
  { "completed_at", "t.completed_at" },
  { "matter.display_number", "(SELECT tm.display_number FROM matters tm WHERE tm.id = t.matter_id)" },
  { NULL, NULL }
};

static const SortKey entry_sort_keys[] = { { "id", "e.id" }, { NULL, NULL } };
static const SortKey notification_sort_keys[] = { { "id", "n.id" }, { NULL, NULL } };
static const SortKey audit_sort_keys[] = { { "id", "a.id" }, { NULL, NULL } };
static const SortKey tombstone_sort_keys[] = { { "id", "d.id" }, { NULL, NULL } };

static const SortKey *
sort_keys (RosterResource resource)
{
  switch (resource)
    {
    case ROSTER_RESOURCE_USERS:
      return user_sort_keys;
    case ROSTER_RESOURCE_MATTERS:
      return matter_sort_keys;
    case ROSTER_RESOURCE_TASKS:
      return task_sort_keys;
    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      return entry_sort_keys;
    case ROSTER_RESOURCE_NOTIFICATIONS:
      return notification_sort_keys;
    case ROSTER_RESOURCE_AUDIT_EVENTS:
      return audit_sort_keys;
    case ROSTER_RESOURCE_DELETED_RECORDS:
      return tombstone_sort_keys;
    default:
      g_return_val_if_reached (NULL);
    }
}

static const SortKey *
find_sort_key (RosterResource resource,
               const char    *key)
{
  for (const SortKey *sort = sort_keys (resource); sort->key != NULL; sort++)
    if (g_str_equal (sort->key, key))
      return sort;

  return NULL;
}

gboolean
roster_firm_sorts_by (RosterResource resource,
                      const char    *key)
{
  return find_sort_key (resource, key) != NULL;
}

/**
 * roster_firm_describe_sort_keys:
 *
 * Returns: the keys a list of @resource is ordered by, for a message:
 *   "id, name, priority"
 */
char *
roster_firm_describe_sort_keys (RosterResource resource)
{
  GString *text = g_string_new (NULL);

  for (const SortKey *sort = sort_keys (resource); sort->key != NULL; sort++)
    g_string_append_printf (text, "%s%s", text->len ? ", " : "", sort->key);

  return g_string_free (text, FALSE);
}

/* Filters ----------------------------------------------------------------- */

static void
where_int (GString    *where,
           GArray     *bindings,
           const char *condition,
           gint64      value)
{
  g_string_append (where, condition);
  bind_int (bindings, value);
}

static void
where_text (GString    *where,
            GArray     *bindings,
            const char *condition,
            const char *value)
{
  g_string_append (where, condition);
  bind_text (bindings, value);
}

/* An id filter on @column: an id, or the keyword null. */
static void
where_id_filter (GString              *where,
                 GArray               *bindings,
                 const char           *column,
                 const RosterIdFilter *filter)
{
  if (!filter->set)
    return;

  if (filter->is_null)
    g_string_append_printf (where, " AND %s IS NULL", column);
  else
    {
      g_string_append_printf (where, " AND %s = ?", column);
      bind_int (bindings, filter->id);
    }
}

/* `column IN (?, ?, …)`, each value bound as text or number. */
static void
where_in (GString    *where,
          GArray     *bindings,
          const char *column,
          GPtrArray  *values,
          gboolean    numbers)
{
  g_string_append_printf (where, " AND %s IN (", column);
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      g_string_append (where, i ? ", ?" : "?");
      if (numbers)
        bind_int (bindings, g_ascii_strtoll (value, NULL, 10));
      else
        bind_text (bindings, value);
    }
  g_string_append_c (where, ')');
}

/* A wildcard search: the text anywhere in any of the columns, regardless of
 * (ASCII) case, its own % and _ taken literally. */
static void
where_search (GString           *where,
              GArray            *bindings,
              const char *const *columns,
              const char        *text)
{
  g_autoptr(GString) pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  g_string_append (where, " AND (");
  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_string_append_printf (where, "%s%s LIKE ? ESCAPE '\\'", i ? " OR " : "", columns[i]);
      bind_text (bindings, pattern->str);
    }
  g_string_append_c (where, ')');
}

static gboolean
is_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* A calendar entry's ids[]: a number is the id of an entry that has no text
 * id of its own, anything else an entry's text id. */
static void
where_entry_ids (GString   *where,
                 GArray    *bindings,
                 GPtrArray *ids)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (is_digits (g_ptr_array_index (ids, i)) ? numbers : texts, g_ptr_array_index (ids, i));

  g_string_append (where, " AND (0");
  if (numbers->len > 0)
    {
      g_string_append (where, " OR (e.public_id IS NULL");
      where_in (where, bindings, "e.id", numbers, TRUE);
      g_string_append_c (where, ')');
    }
  if (texts->len > 0)
    {
      g_string_append (where, " OR (1");
      where_in (where, bindings, "e.public_id", texts, FALSE);
      g_string_append_c (where, ')');
    }
  g_string_append_c (where, ')');
}

static void
where_users (const RosterListQuery *query,
             GString               *where,
             GArray                *bindings)
{
  static const char *const searched[] = { "u.first_name || ' ' || u.last_name", "u.email", NULL };

  if (query->enabled >= 0)
    where_int (where, bindings, " AND u.enabled = ?", query->enabled);
  if (query->pending_setup >= 0)
    where_int (where, bindings, " AND (u.password_hash IS NULL) = ?", query->pending_setup);
  /* Roster's firms know one role; any other selects nobody. */
  if (query->role != NULL)
    g_string_append (where, g_str_equal (query->role, "admin") ? " AND u.admin = 1" : " AND 0");
  if (query->subscription_type != NULL)
    where_text (where, bindings, " AND lower(u.subscription_type) = ?", query->subscription_type);
  if (query->name != NULL)
    where_text (where, bindings, " AND (u.first_name || ' ' || u.last_name) = ? COLLATE NOCASE", query->name);
  if (query->search != NULL)
    where_search (where, bindings, searched, query->search);
}

static void
where_matters (const RosterListQuery *query,
               RosterActor           *actor,
               GString               *where,
               GArray                *bindings)
{
  static const char *const searched[] = { "m.display_number", "m.description", NULL };

  if (query->statuses != NULL)
    where_in (where, bindings, "lower(m.status)", query->statuses, FALSE);
  where_id_filter (where, bindings, "m.responsible_attorney_id", &query->responsible_attorney);
  where_id_filter (where, bindings, "m.originating_attorney_id", &query->originating_attorney);

  /* A matter's group is the firm's (1) or, when private, its user's. */
  if (query->group_id == 1)
    g_string_append (where, " AND m.private_to_user_id IS NULL");
  else if (query->group_id > 1000000)
    where_int (where, bindings, " AND m.private_to_user_id = ?", query->group_id - 1000000);
  else if (query->group_id != 0)
    g_string_append (where, " AND 0");

  for (guint i = 0; i < query->dates->len; i++)
    {
      RosterDateCondition *condition = &g_array_index (query->dates, RosterDateCondition, i);

      g_string_append_printf (where, " AND m.%s %s ?", condition->column, condition->op);
      bind_text (bindings, condition->date);
    }

  if (query->search != NULL)
    where_search (where, bindings, searched, query->search);

  /* A private matter is seen by its user and by those who manage the firm. */
  if (!actor_is_manager (actor))
    where_int (where, bindings, " AND (m.private_to_user_id IS NULL OR m.private_to_user_id = ?)",
               actor ? actor->id : 0);
}

static void
where_tasks (const RosterListQuery *query,
             GString               *where,
             GArray                *bindings)
{
  static const char *const searched[] = { "t.name", NULL };

  if (query->statuses != NULL)
    where_in (where, bindings, "t.status", query->statuses, FALSE);
  if (query->complete >= 0)
    g_string_append (where, query->complete ? " AND t.status = 'complete'" : " AND t.status <> 'complete'");

  /* A task's assignee is a user or a contact, whose ids may be alike. */
  if (g_strcmp0 (query->assignee_type, "user") == 0)
    g_string_append (where, " AND t.assignee_id IS NOT NULL");
  else if (g_strcmp0 (query->assignee_type, "contact") == 0)
    g_string_append (where, " AND t.assignee_contact_id IS NOT NULL");
  if (query->assignee.set && query->assignee.is_null)
    g_string_append (where, " AND t.assignee_id IS NULL AND t.assignee_contact_id IS NULL");
  else if (query->assignee.set)
    where_int (where, bindings,
               g_strcmp0 (query->assignee_type, "contact") == 0 ? " AND t.assignee_contact_id = ?"
                                                                 : " AND t.assignee_id = ?",
               query->assignee.id);

  where_id_filter (where, bindings, "t.matter_id", &query->matter);
  if (query->responsible_attorney.set)
    where_int (where, bindings,
               " AND t.matter_id IN (SELECT id FROM matters WHERE responsible_attorney_id = ?)",
               query->responsible_attorney.id);
  if (query->priority != NULL)
    where_text (where, bindings, " AND lower(t.priority) = ?", query->priority);
  if (query->permission != NULL)
    where_text (where, bindings, " AND t.permission = ?", query->permission);
  if (query->due_from != NULL)
    where_text (where, bindings, " AND t.due_at >= ?", query->due_from);
  if (query->due_to != NULL)
    where_text (where, bindings, " AND t.due_at <= ?", query->due_to);
  if (query->due_present >= 0)
    where_int (where, bindings, " AND (t.due_at IS NOT NULL) = ?", query->due_present);
  if (query->search != NULL)
    where_search (where, bindings, searched, query->search);
}

static gboolean
where_entries (const RosterListQuery *query,
               RosterActor           *actor,
               GString               *where,
               GArray                *bindings,
               GError               **error)
{
  static const char *const searched[] = { "e.summary", "e.description", "e.location", NULL };

  if (query->include_hidden && !actor_is_manager (actor))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_FORBIDDEN,
                   "Only administrators and the primary subscriber see hidden calendar entries");
      return FALSE;
    }

  /* Deactivating a user hides their calendar's entries: its calendar is
   * no longer visible. */
  if (!query->include_hidden)
    g_string_append (where, " AND u.enabled = 1");
  if (query->visible >= 0)
    where_int (where, bindings, " AND u.enabled = ?", query->visible);
  if (query->calendar_id > 0)
    where_int (where, bindings, " AND e.calendar_id = ?", query->calendar_id);
  where_id_filter (where, bindings, "e.matter_id", &query->matter);
  if (query->all_day >= 0)
    where_int (where, bindings, " AND e.all_day = ?", query->all_day);

  /* Times may carry any offset: they compare as instants (to the
   * millisecond, as SQLite reads them). */
  if (query->from != NULL)
    where_text (where, bindings, " AND julianday(e.end_at) >= julianday(?)", query->from);
  if (query->to != NULL)
    where_text (where, bindings, " AND julianday(e.start_at) <= julianday(?)", query->to);
  if (query->search != NULL)
    where_search (where, bindings, searched, query->search);

  return TRUE;
}

static gboolean
describe_list (const RosterRecordSource *source,
               RosterActor              *actor,
               const RosterListQuery    *query,
               GString                  *where,
               GArray                   *bindings,
               GError                  **error)
{
  g_autofree char *id_column = g_strdup_printf ("%s.id", source->alias);

  if (query->only_id > 0)
    {
      g_string_append_printf (where, " AND %s = ?", id_column);
      bind_int (bindings, query->only_id);
    }

  if (query->ids != NULL)
    {
      if (source->resource == ROSTER_RESOURCE_CALENDAR_ENTRIES)
        where_entry_ids (where, bindings, query->ids);
      else
        where_in (where, bindings, id_column, query->ids, TRUE);
    }

  if (query->created_since != NULL)
    {
      g_string_append_printf (where, " AND %s >= ?", source->created_column);
      bind_text (bindings, query->created_since);
    }

  switch (source->resource)
    {
    case ROSTER_RESOURCE_USERS:
      where_users (query, where, bindings);
      break;

    case ROSTER_RESOURCE_MATTERS:
      where_matters (query, actor, where, bindings);
      break;

    case ROSTER_RESOURCE_TASKS:
      where_tasks (query, where, bindings);
      break;

    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      if (!where_entries (query, actor, where, bindings, error))
        return FALSE;
      break;

    case ROSTER_RESOURCE_NOTIFICATIONS:
      where_int (where, bindings, " AND n.user_id = ?", actor ? actor->id : 0);
      break;

    case ROSTER_RESOURCE_AUDIT_EVENTS:
      if (!actor_is_manager (actor))
        {
          g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_FORBIDDEN,
                       "Only administrators and the primary subscriber read the audit log");
          return FALSE;
        }
      break;

    case ROSTER_RESOURCE_DELETED_RECORDS:
    default:
      break;
    }

  if (query->updated_since != NULL)
    {
      /* Few records change between two syncs: tell the planner so, or it
       * walks the whole table in id order to honour ORDER BY and LIMIT. */
      g_string_append_printf (where, " AND likelihood(%s >= ?, 0.001)", source->updated_column);
      bind_text (bindings, query->updated_since);
    }

  return TRUE;
}

/* After the cursor's row, in the order (key, id), where a NULL key sorts
 * before any other in ascending order and after any in descending. */
static void
where_after (GString            *where,
             GArray             *bindings,
             const char         *id_column,
             const SortKey      *sort,
             gboolean            descending,
             const RosterCursor *cursor)
{
  const char *than = descending ? "<" : ">";

  if (cursor->key_type == 0 || g_str_equal (sort->key, "id"))
    {
      g_string_append_printf (where, " AND %s %s ?", id_column, than);
      bind_int (bindings, cursor->after_id);
      return;
    }

  if (cursor->key_type == SQLITE_NULL)
    {
      if (descending)
        g_string_append_printf (where, " AND ((%s) IS NULL AND %s < ?)", sort->expression, id_column);
      else
        g_string_append_printf (where, " AND (((%s) IS NULL AND %s > ?) OR (%s) IS NOT NULL)",
                                sort->expression, id_column, sort->expression);
      bind_int (bindings, cursor->after_id);
      return;
    }

  g_string_append_printf (where, " AND ((%s) %s ? OR ((%s) = ? AND %s %s ?)", sort->expression, than,
                          sort->expression, id_column, than);
  if (descending)
    g_string_append_printf (where, " OR (%s) IS NULL", sort->expression);
  g_string_append_c (where, ')');
  for (guint i = 0; i < 2; i++)
    {
      if (cursor->key_type == SQLITE_INTEGER)
        bind_int (bindings, g_ascii_strtoll (cursor->key, NULL, 10));
      else
        bind_text (bindings, cursor->key);
    }
  bind_int (bindings, cursor->after_id);
}

static void
read_cursor (sqlite3_stmt *statement,
             int           key_column,
             RosterCursor *cursor)
{
  roster_cursor_clear (cursor);
  cursor->after_id = sqlite3_column_int64 (statement, 0);
  cursor->key_type = sqlite3_column_type (statement, key_column);
  if (cursor->key_type == SQLITE_FLOAT || cursor->key_type == SQLITE_BLOB)
    cursor->key_type = SQLITE_TEXT;
  if (cursor->key_type != SQLITE_NULL)
    cursor->key = g_strdup ((const char *) sqlite3_column_text (statement, key_column));
}

/**
 * roster_firm_list:
 * @total: (out): the records matching the filters, on every page; -1 when
 *   the query has a cursor, since the first page told it
 * @next: (out caller-allocates): where the next page starts; its after_id
 *   is 0 when this page is the last
 *
 * Returns: (transfer container) (element-type JsonObject): one page
 */
GPtrArray *
roster_firm_list (RosterFirm            *self,
                  RosterActor           *actor,
                  RosterResource         resource,
                  const RosterListQuery *query,
                  gint64                *total,
                  RosterCursor          *next,
                  GError               **error)
{
  const RosterRecordSource *source = roster_firm_record_source (resource);
  const SortKey *sort = find_sort_key (resource, query->order ? query->order : "id");
  g_autoptr(GString) where = g_string_new (" WHERE 1");
  g_autoptr(GArray) bindings = g_array_new (FALSE, TRUE, sizeof (Binding));
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *id_column = g_strdup_printf ("%s.id", source->alias);
  g_autofree char *count_sql = NULL;
  g_autofree char *page_sql = NULL;
  g_auto(RosterCursor) last = { 0 };
  const char *direction = query->descending ? "DESC" : "ASC";
  sqlite3_stmt *statement;
  int key_column;
  int rc;

  g_array_set_clear_func (bindings, binding_clear);
  roster_cursor_clear (next);

  if (sort == NULL)
    {
      g_autofree char *keys = roster_firm_describe_sort_keys (resource);

      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_PARAMETER,
                   "The parameter order: this server orders these records by %s, not %s", keys, query->order);
      return NULL;
    }

  if (!describe_list (source, actor, query, where, bindings, error))
    return NULL;

  /* The count ignores the cursor, so every page tells the same total; it
   * is counted on the first page only, and the cursor carries it on. */
  *total = -1;
  if (query->cursor.after_id == 0)
    {
      count_sql = g_strdup_printf ("SELECT count(*)%s%s", source->from, where->str);
      statement = roster_firm_statement (self, count_sql, error);
      if (statement == NULL)
        return NULL;
      apply_bindings (statement, bindings);
      *total = sqlite3_step (statement) == SQLITE_ROW ? sqlite3_column_int64 (statement, 0) : 0;
      sqlite3_reset (statement);
    }

  if (query->cursor.after_id > 0)
    where_after (where, bindings, id_column, sort, query->descending, &query->cursor);

  if (g_str_equal (sort->key, "id"))
    page_sql = g_strdup_printf ("SELECT %s, %s%s%s ORDER BY %s %s LIMIT ?", source->columns, id_column,
                                source->from, where->str, id_column, direction);
  else
    page_sql = g_strdup_printf ("SELECT %s, (%s)%s%s ORDER BY (%s) %s, %s %s LIMIT ?", source->columns,
                                sort->expression, source->from, where->str, sort->expression, direction,
                                id_column, direction);
  bind_int (bindings, query->limit + 1);

  statement = roster_firm_statement (self, page_sql, error);
  if (statement == NULL)
    return NULL;
  apply_bindings (statement, bindings);
  key_column = sqlite3_column_count (statement) - 1;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      if ((int) records->len == query->limit)
        {
          /* There is a row after the page's last: the next page starts there. */
          next->after_id = last.after_id;
          next->key_type = g_str_equal (sort->key, "id") ? 0 : last.key_type;
          next->key = g_steal_pointer (&last.key);
          break;
        }
      g_ptr_array_add (records, source->reader (self, actor, statement));
      read_cursor (statement, key_column, &last);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * roster_firm_find_record:
 * @key: a record's id as a path has it
 *
 * Returns: the record's row id, or 0 when no record has that id. A
 *   calendar entry's id is a string: a number is the id of an entry without
 *   a text id of its own, anything else an entry's text id.
 */
gint64
roster_firm_find_record (RosterFirm    *self,
                         RosterResource resource,
                         const char    *key)
{
  sqlite3_stmt *statement;
  gint64 id = 0;
  guint64 number;

  if (key == NULL || *key == '\0' || strlen (key) > 200)
    return 0;

  if (is_digits (key))
    {
      if (!g_ascii_string_to_unsigned (key, 10, 1, G_MAXINT64, &number, NULL))
        return 0;
      if (resource != ROSTER_RESOURCE_CALENDAR_ENTRIES)
        return (gint64) number;
    }
  else if (resource != ROSTER_RESOURCE_CALENDAR_ENTRIES)
    return 0;

  statement = roster_firm_statement (self,
                                     is_digits (key)
                                     ? "SELECT id FROM calendar_entries WHERE id = ? AND public_id IS NULL"
                                     : "SELECT id FROM calendar_entries WHERE public_id = ?",
                                     NULL);
  if (statement == NULL)
    return 0;
  if (is_digits (key))
    sqlite3_bind_int64 (statement, 1, (gint64) number);
  else
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  return id;
}

/**
 * roster_firm_get_record:
 * @id: the record's row id (roster_firm_find_record())
 *
 * Returns: (transfer full): one record, or %NULL with a not_found error
 */
JsonObject *
roster_firm_get_record (RosterFirm    *self,
                        RosterActor   *actor,
                        RosterResource resource,
                        gint64         id,
                        GError       **error)
{
  g_auto(RosterListQuery) query = { 0 };
  g_auto(RosterCursor) next = { 0 };
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  /* One record has the same visibility rules as the list. A single entry
   * is shown even when hidden, to those who manage the firm. */
  roster_list_query_init (&query);
  query.only_id = id;
  query.limit = 1;
  query.include_hidden = resource == ROSTER_RESOURCE_CALENDAR_ENTRIES && actor_is_manager (actor);

  page = roster_firm_list (self, actor, resource, &query, &total, &next, error);
  if (page == NULL)
    return NULL;

  if (id <= 0 || page->len == 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_NOT_FOUND,
                   "There is no such record");
      return NULL;
    }

  return json_object_ref (g_ptr_array_index (page, 0));
}

/**
 * roster_firm_last_modified:
 *
 * Returns: when a list of @resource last changed, in unix seconds: the
 *   latest change to its records, to the records they nest, and to its
 *   deletions; 0 when it never did
 */
gint64
roster_firm_last_modified (RosterFirm    *self,
                           RosterResource resource)
{
  static const char users[] = "SELECT max(updated_at) AS t FROM users UNION ALL SELECT max(updated_at) FROM calendars";
  static const char matters[] = "SELECT max(updated_at) AS t FROM matters UNION ALL SELECT max(updated_at) FROM users"
    " UNION ALL SELECT max(deleted_at) FROM tombstones WHERE resource = 'matters'";
  static const char tasks[] = "SELECT max(updated_at) AS t FROM tasks UNION ALL SELECT max(updated_at) FROM matters"
    " UNION ALL SELECT max(updated_at) FROM users"
    " UNION ALL SELECT max(updated_at) FROM contacts"
    " UNION ALL SELECT max(deleted_at) FROM tombstones WHERE resource = 'tasks'";
  static const char entries[] = "SELECT max(updated_at) AS t FROM calendar_entries"
    " UNION ALL SELECT max(updated_at) FROM calendars"
    " UNION ALL SELECT max(updated_at) FROM matters"
    " UNION ALL SELECT max(updated_at) FROM users"
    " UNION ALL SELECT max(deleted_at) FROM tombstones WHERE resource = 'calendar_entries'";
  static const char notifications[] = "SELECT max(updated_at) AS t FROM notifications";
  static const char audit_events[] = "SELECT max(created_at) AS t FROM audit_events";
  static const char tombstones[] = "SELECT max(deleted_at) AS t FROM tombstones";
  const char *parts = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GDateTime) time = NULL;
  sqlite3_stmt *statement;

  switch (resource)
    {
    case ROSTER_RESOURCE_USERS:
      parts = users;
      break;
    case ROSTER_RESOURCE_MATTERS:
      parts = matters;
      break;
    case ROSTER_RESOURCE_TASKS:
      parts = tasks;
      break;
    case ROSTER_RESOURCE_CALENDAR_ENTRIES:
      parts = entries;
      break;
    case ROSTER_RESOURCE_NOTIFICATIONS:
      parts = notifications;
      break;
    case ROSTER_RESOURCE_AUDIT_EVENTS:
      parts = audit_events;
      break;
    case ROSTER_RESOURCE_DELETED_RECORDS:
    default:
      parts = tombstones;
      break;
    }

  /* Every time is stored in one form, in UTC: the latest is the greatest. */
  sql = g_strdup_printf ("SELECT max(t) FROM (%s)", parts);
  statement = roster_firm_statement (self, sql, NULL);
  if (statement == NULL)
    return 0;
  if (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_type (statement, 0) == SQLITE_TEXT)
    time = roster_time_parse_iso (roster_firm_column_text (statement, 0));
  sqlite3_reset (statement);

  return time != NULL ? g_date_time_to_unix (time) : 0;
}
