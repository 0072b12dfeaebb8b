/* roster-json-reader.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *roster_json_read (const char *data,
                            gsize       length,
                            guint       max_depth,
                            GError    **error);

G_END_DECLS
