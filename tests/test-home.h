/* test-home.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *test_home_new    (const char *name);
void  test_remove_tree (const char *path);
guint test_rounds      (const char *variable,
                        guint       in_ci);

G_END_DECLS
