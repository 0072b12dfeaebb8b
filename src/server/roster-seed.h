/* roster-seed.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-firm.h"

G_BEGIN_DECLS

typedef enum
{
  ROSTER_SEED_SMALL,
  ROSTER_SEED_LARGE,
  ROSTER_SEED_ODD,    /* small and fixed: unusual but valid data */
} RosterSeedSize;

#define ROSTER_SEED_PASSWORD "roster-demo"

gboolean roster_seed_firm (RosterFirm      *firm,
                           RosterSeedSize   size,
                           guint32          seed,
                           GError         **error);

G_END_DECLS
