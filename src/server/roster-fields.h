/* roster-fields.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "roster-firm.h"

G_BEGIN_DECLS

typedef struct _RosterFields RosterFields;

RosterFields *roster_fields_parse (RosterResource   resource,
                                   const char      *text,
                                   gboolean         clio_only,
                                   GError         **error);
JsonObject   *roster_fields_apply (RosterFields    *fields,
                                   JsonObject      *record);
void          roster_fields_free  (RosterFields    *fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterFields, roster_fields_free)

G_END_DECLS
