/* roster-money.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *roster_money_format (gint64      amount,
                           const char *currency);

G_END_DECLS
