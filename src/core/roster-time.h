/* roster-time.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *roster_time_format_iso  (GDateTime  *time);
char      *roster_time_format_unix_iso (gint64  unix_usec);
GDateTime *roster_time_parse_iso   (const char *text);
char      *roster_time_normalize_iso (const char *text);
GDate     *roster_date_parse       (const char *text);
char      *roster_date_normalize   (const char *text);
char      *roster_date_format      (const GDate *date);

G_END_DECLS
