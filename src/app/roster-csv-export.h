/* roster-csv-export.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   roster_csv_append_row   (GString            *csv,
                                const char *const  *fields,
                                guint               n_fields);
void   roster_csv_export_async (GtkWindow          *parent,
                                const char         *title,
                                const char         *suggested_name,
                                GBytes             *contents,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
GFile *roster_csv_export_finish (GAsyncResult      *result,
                                 GError           **error);

G_END_DECLS
