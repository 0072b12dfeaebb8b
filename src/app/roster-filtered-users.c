/* roster-filtered-users.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-filtered-users.h"

/*
 * The users the search and the filter let through, in the list's order: a
 * GListModel over two arrays, every user in order and those shown. In
 * place of GtkFilterListModel, whose item at a position is found through a
 * bitset each time: the list asks for some 200 items at every keystroke,
 * and that lookup was a quarter of a keystroke's cost over 10,000 users.
 * A search made longer looks only at those shown; any other change at
 * every user, from the array, not the sorted model.
 */

struct _RosterFilteredUsers
{
  GObject          parent_instance;

  GListModel      *sorted;
  RosterUserMatch  match;
  gpointer         match_data;
  GPtrArray       *all;    /* every user, in the sorted model's order; owns them */
  GPtrArray       *shown;  /* those that match, in the same order; borrowed from all */
};

static void roster_filtered_users_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterFilteredUsers, roster_filtered_users, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, roster_filtered_users_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return ROSTER_TYPE_USER;
}

static guint
get_n_items (GListModel *model)
{
  return ROSTER_FILTERED_USERS (model)->shown->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RosterFilteredUsers *self = ROSTER_FILTERED_USERS (model);

  if (position >= self->shown->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
roster_filtered_users_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Which of @from match, into a new array. */
static GPtrArray *
matching (RosterFilteredUsers *self,
          GPtrArray           *from)
{
  GPtrArray *found = g_ptr_array_sized_new (from->len);

  for (guint i = 0; i < from->len; i++)
    if (self->match (g_ptr_array_index (from, i), self->match_data))
      g_ptr_array_add (found, g_ptr_array_index (from, i));

  return found;
}

/**
 * roster_filtered_users_refilter:
 * @change: how the match changed: %GTK_FILTER_CHANGE_MORE_STRICT looks at
 *   the users shown alone
 *
 * Says the match changed: the model changes as one replacement, of the
 * positions between what stays the same at the start and at the end.
 */
void
roster_filtered_users_refilter (RosterFilteredUsers *self,
                                GtkFilterChange      change)
{
  g_autoptr(GPtrArray) before = self->shown;
  guint same_start = 0;
  guint same_end = 0;

  g_return_if_fail (ROSTER_IS_FILTERED_USERS (self));

  self->shown = matching (self, change == GTK_FILTER_CHANGE_MORE_STRICT ? before : self->all);

  /* Said as narrowly as it is: the rows that show the same user are not
   * told, and a keystroke that changes nothing changes nothing. */
  while (same_start < before->len && same_start < self->shown->len &&
         before->pdata[same_start] == self->shown->pdata[same_start])
    same_start++;
  while (same_end < before->len - same_start && same_end < self->shown->len - same_start &&
         before->pdata[before->len - 1 - same_end] == self->shown->pdata[self->shown->len - 1 - same_end])
    same_end++;

  if (same_start + same_end < MAX (before->len, self->shown->len))
    g_list_model_items_changed (G_LIST_MODEL (self), same_start, before->len - same_start - same_end,
                                self->shown->len - same_start - same_end);
}

/* The users or their order changed: read them again, in order. */
static void
sorted_changed (GListModel          *sorted,
                guint                position,
                guint                removed,
                guint                added,
                RosterFilteredUsers *self)
{
  guint n = g_list_model_get_n_items (sorted);

  g_ptr_array_set_size (self->all, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->all, g_list_model_get_item (sorted, i));

  roster_filtered_users_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
roster_filtered_users_dispose (GObject *object)
{
  RosterFilteredUsers *self = ROSTER_FILTERED_USERS (object);

  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  g_clear_object (&self->sorted);

  G_OBJECT_CLASS (roster_filtered_users_parent_class)->dispose (object);
}

static void
roster_filtered_users_finalize (GObject *object)
{
  RosterFilteredUsers *self = ROSTER_FILTERED_USERS (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_filtered_users_parent_class)->finalize (object);
}

static void
roster_filtered_users_class_init (RosterFilteredUsersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_filtered_users_dispose;
  object_class->finalize = roster_filtered_users_finalize;
}

static void
roster_filtered_users_init (RosterFilteredUsers *self)
{
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_ptr_array_new ();
}

/**
 * roster_filtered_users_new:
 * @sorted: (transfer full): every user, in the order shown
 * @match: whether a user is shown
 */
RosterFilteredUsers *
roster_filtered_users_new (GListModel     *sorted,
                           RosterUserMatch match,
                           gpointer        user_data)
{
  RosterFilteredUsers *self = g_object_new (ROSTER_TYPE_FILTERED_USERS, NULL);

  self->sorted = sorted;
  self->match = match;
  self->match_data = user_data;
  g_signal_connect (sorted, "items-changed", G_CALLBACK (sorted_changed), self);
  sorted_changed (sorted, 0, 0, g_list_model_get_n_items (sorted), self);

  return self;
}
