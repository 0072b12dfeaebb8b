/* roster-installed.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where Roster's other installed files are, found from the running program
 * itself, so that an installation moved to another prefix (a package
 * unpacked with DESTDIR, a relocated tree) works as well as the one the
 * build was configured for. */

char *roster_installed_find_program (const char *name);
char *roster_installed_locale_dir   (void);

G_END_DECLS
