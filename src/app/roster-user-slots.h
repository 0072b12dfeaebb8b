/* roster-user-slots.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-user.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_USER_SLOT (roster_user_slot_get_type ())

G_DECLARE_FINAL_TYPE (RosterUserSlot, roster_user_slot, ROSTER, USER_SLOT, GObject)

RosterUser *roster_user_slot_get_user (RosterUserSlot *self);
void        roster_user_slot_watch    (RosterUserSlot *self);
void        roster_user_slot_unwatch  (RosterUserSlot *self);

#define ROSTER_TYPE_USER_SLOTS (roster_user_slots_get_type ())

G_DECLARE_FINAL_TYPE (RosterUserSlots, roster_user_slots, ROSTER, USER_SLOTS, GObject)

RosterUserSlots *roster_user_slots_new     (GListModel      *users);
void             roster_user_slots_refresh (RosterUserSlots *self);

G_END_DECLS
