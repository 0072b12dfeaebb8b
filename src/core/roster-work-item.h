/* roster-work-item.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "roster-rules.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_WORK_MATTER,
  ROSTER_WORK_TASK,
  ROSTER_WORK_EVENT,
} RosterWorkKind;

#define ROSTER_TYPE_WORK_ITEM (roster_work_item_get_type ())

G_DECLARE_FINAL_TYPE (RosterWorkItem, roster_work_item, ROSTER, WORK_ITEM, GObject)

RosterWorkItem *roster_work_item_new                (RosterWorkKind  kind,
                                                     gint64          id,
                                                     const char     *title,
                                                     const char     *status,
                                                     const char     *date,
                                                     gint64          matter_id,
                                                     const char     *matter_number);
RosterWorkItem *roster_work_item_new_with_id_string (RosterWorkKind  kind,
                                                     const char     *id,
                                                     const char     *title,
                                                     const char     *status,
                                                     const char     *date,
                                                     gint64          matter_id,
                                                     const char     *matter_number);
RosterWorkKind  roster_work_item_get_kind           (RosterWorkItem *self);
const char     *roster_work_item_get_kind_code      (RosterWorkItem *self);
gint64          roster_work_item_get_id             (RosterWorkItem *self);
const char     *roster_work_item_get_id_string      (RosterWorkItem *self);
const char     *roster_work_item_get_title          (RosterWorkItem *self);
const char     *roster_work_item_get_status         (RosterWorkItem *self);
const char     *roster_work_item_get_date           (RosterWorkItem *self);
gint64          roster_work_item_get_matter_id      (RosterWorkItem *self);
const char     *roster_work_item_get_matter_number  (RosterWorkItem *self);
RosterVerdict   roster_work_item_get_verdict        (RosterWorkItem *self);
gboolean        roster_work_item_get_all_day        (RosterWorkItem *self);
void            roster_work_item_set_all_day        (RosterWorkItem *self,
                                                     gboolean        all_day);
void            roster_work_item_set_verdict        (RosterWorkItem *self,
                                                     RosterVerdict   verdict);

G_END_DECLS
