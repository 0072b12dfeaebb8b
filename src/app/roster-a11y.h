/* roster-a11y.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void roster_a11y_name_buttons (GtkWidget *root);

G_END_DECLS
