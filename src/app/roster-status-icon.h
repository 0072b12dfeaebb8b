/* roster-status-icon.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void roster_status_page_defer_icon (AdwStatusPage *page);

G_END_DECLS
