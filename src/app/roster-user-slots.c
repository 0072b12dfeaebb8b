/* roster-user-slots.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-user-slots.h"

/*
 * The users list's rows as slots: a GListModel of RosterUserSlot, the
 * slot at each position showing whichever user is at that position of the
 * filtered, sorted users. A keystroke of search changes which user each
 * slot shows (its :user is notified) and, at the end, how many slots there
 * are; the list sees the same items, so it keeps its row widgets and only
 * relabels them. On GTK 4.8 a list given new items makes new widgets for
 * every row it keeps, which costs several frames.
 */

typedef struct _RosterUserSlots RosterUserSlotsModel;

struct _RosterUserSlot
{
  GObject               parent_instance;

  RosterUserSlotsModel *model;      /* unowned: the slots own their slots */
  guint                 position;
  guint                 generation; /* of the model when user was read */
  guint                 watchers;   /* rows showing the slot */
  RosterUser           *user;
};

G_DEFINE_FINAL_TYPE (RosterUserSlot, roster_user_slot, G_TYPE_OBJECT)

enum { SLOT_PROP_0, SLOT_PROP_USER, SLOT_N_PROPS };

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
roster_user_slot_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RosterUserSlot *self = ROSTER_USER_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_USER:
      g_value_set_object (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_user_slot_finalize (GObject *object)
{
  g_clear_object (&ROSTER_USER_SLOT (object)->user);

  G_OBJECT_CLASS (roster_user_slot_parent_class)->finalize (object);
}

static void
roster_user_slot_class_init (RosterUserSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_user_slot_get_property;
  object_class->finalize = roster_user_slot_finalize;

  slot_properties[SLOT_PROP_USER] = g_param_spec_object ("user", NULL, NULL, ROSTER_TYPE_USER,
                                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
roster_user_slot_init (RosterUserSlot *self)
{
}

static RosterUser * slots_user_at (RosterUserSlotsModel *model,
                                   guint                 position,
                                   guint                *generation);

/**
 * roster_user_slot_get_user:
 *
 * Returns: (transfer none) (nullable): the user the slot shows now
 */
RosterUser *
roster_user_slot_get_user (RosterUserSlot *self)
{
  guint generation;
  RosterUser *user;

  if (self->model == NULL)
    return self->user;

  user = slots_user_at (self->model, self->position, &generation);

  /* Read on demand: most slots are never shown. */
  if (generation != self->generation)
    {
      g_set_object (&self->user, user);
      self->generation = generation;
    }
  g_clear_object (&user);

  return self->user;
}

struct _RosterUserSlots
{
  GObject     parent_instance;

  GListModel *users;
  GPtrArray  *slots;       /* every slot made so far; the first n_items are shown */
  GHashTable *watched;     /* the slots a row shows: only they hear of changes */
  guint       n_items;
  guint       n_users;     /* of users; fewer than n_items while none is found */
  guint       generation;  /* counts the users' changes */
};

static RosterUser *
slots_user_at (RosterUserSlotsModel *model,
               guint                 position,
               guint                *generation)
{
  *generation = model->generation;

  return position < model->n_users ? g_list_model_get_item (model->users, position) : NULL;
}

/**
 * roster_user_slot_watch:
 *
 * Says a row shows the slot: from now on it is notified when its user
 * changes, until as many roster_user_slot_unwatch().
 */
void
roster_user_slot_watch (RosterUserSlot *self)
{
  if (self->watchers++ == 0 && self->model != NULL)
    g_hash_table_add (self->model->watched, self);
}

void
roster_user_slot_unwatch (RosterUserSlot *self)
{
  g_return_if_fail (self->watchers > 0);

  if (--self->watchers == 0 && self->model != NULL)
    g_hash_table_remove (self->model->watched, self);
}

static void roster_user_slots_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterUserSlots, roster_user_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, roster_user_slots_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return ROSTER_TYPE_USER_SLOT;
}

static guint
get_n_items (GListModel *model)
{
  return ROSTER_USER_SLOTS (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RosterUserSlots *self = ROSTER_USER_SLOTS (model);

  if (position >= self->n_items)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
roster_user_slots_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Tells the slots a row shows, from @start to before @end, that their user
 * may have changed. A firm of 10,000 has 10,000 slots and a window shows a
 * few dozen rows: looking at the others on every keystroke cost more than
 * the search itself. */
static void
notify_watched (RosterUserSlots *self,
                guint            start,
                guint            end)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer slot;

  /* Copied first: a row told of its new user may stop or start showing a
   * slot while the others are told. */
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &slot, NULL))
    if (ROSTER_USER_SLOT (slot)->position >= start && ROSTER_USER_SLOT (slot)->position < end)
      g_ptr_array_add (shown, g_object_ref (slot));

  for (guint i = 0; i < shown->len; i++)
    g_object_notify_by_pspec (g_ptr_array_index (shown, i), slot_properties[SLOT_PROP_USER]);
}

/* The users moved: each slot shows the user now at its position, and only
 * the count changes for the list. Only the slots a row shows (those with a
 * handler) hear of it; the others read their user when asked. */
static void
users_changed (GListModel      *users,
               guint            position,
               guint            removed,
               guint            added,
               RosterUserSlots *self)
{
  guint n_users = g_list_model_get_n_items (users);
  guint before = self->n_items;

  while (self->slots->len < n_users)
    {
      RosterUserSlot *slot = g_object_new (ROSTER_TYPE_USER_SLOT, NULL);

      slot->model = self;
      slot->position = self->slots->len;
      slot->generation = G_MAXUINT;
      g_ptr_array_add (self->slots, slot);
    }

  self->generation++;
  self->n_users = n_users;

  /* When nothing is found, the window shows that instead of the list: the
   * list keeps its rows, blank, for when the search finds users again. */
  if (n_users == 0 && before > 0)
    {
      roster_user_slots_refresh (self);
      return;
    }
  self->n_items = n_users;

  notify_watched (self, position, MAX (n_users, before));

  if (n_users < before)
    g_list_model_items_changed (G_LIST_MODEL (self), n_users, before - n_users, 0);
  else if (n_users > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, n_users - before);
}

/**
 * roster_user_slots_refresh:
 *
 * Tells the rows shown to show their users again, as after a change to
 * what is known of them.
 */
void
roster_user_slots_refresh (RosterUserSlots *self)
{
  notify_watched (self, 0, self->n_items);
}

static void
roster_user_slots_dispose (GObject *object)
{
  RosterUserSlots *self = ROSTER_USER_SLOTS (object);

  if (self->users != NULL)
    g_signal_handlers_disconnect_by_data (self->users, self);
  g_clear_object (&self->users);
  /* A row may still hold a slot: it must not reach back into this. */
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    ROSTER_USER_SLOT (g_ptr_array_index (self->slots, i))->model = NULL;
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_user_slots_parent_class)->dispose (object);
}

static void
roster_user_slots_class_init (RosterUserSlotsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = roster_user_slots_dispose;
}

static void
roster_user_slots_init (RosterUserSlots *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_hash_table_new (NULL, NULL);
}

/**
 * roster_user_slots_new:
 * @users: the users to show, in order
 */
RosterUserSlots *
roster_user_slots_new (GListModel *users)
{
  RosterUserSlots *self = g_object_new (ROSTER_TYPE_USER_SLOTS, NULL);

  self->users = g_object_ref (users);
  g_signal_connect (users, "items-changed", G_CALLBACK (users_changed), self);
  users_changed (users, 0, 0, g_list_model_get_n_items (users), self);

  return self;
}
