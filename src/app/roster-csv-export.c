/* roster-csv-export.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-csv-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "roster-csv-export.h"

/*
 * What the window saves as CSV (a reassignment's result, the activity log,
 * the cached users of a closed account): RFC 4180 rows, and the file chosen
 * through the file chooser portal (GtkFileChooserNative on GTK 4.8,
 * GtkFileDialog where there is one) and written without blocking.
 */

static void
append_field (GString    *csv,
              const char *text)
{
  /* A spreadsheet runs a field that starts like a formula: the firm's
   * names and titles are text, so such a field starts with an apostrophe. */
  gboolean formula = text != NULL && *text != '\0' && strchr ("=+-@\t\r", *text) != NULL;

  if (text == NULL)
    return;

  if (!formula && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  if (formula)
    g_string_append_c (csv, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/**
 * roster_csv_append_row:
 * @fields: (array length=n_fields): the row's fields; %NULL for empty
 *
 * Appends one row, ended by CRLF as RFC 4180 has it.
 */
void
roster_csv_append_row (GString           *csv,
                       const char *const *fields,
                       guint              n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      append_field (csv, fields[i]);
    }
  g_string_append (csv, "\r\n");
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (source), g_object_unref);
}

/* The person chose @file, or nothing. */
static void
chosen (GTask *task,
        GFile *file)
{
  if (file == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  g_file_replace_contents_bytes_async (file, g_task_get_task_data (task), NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, g_task_get_cancellable (task), written,
                                       task);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  chosen (user_data, file);
}

#else
static void
chooser_answered (GtkNativeDialog *chooser,
                  int              response,
                  GTask           *task)
{
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                                                         : NULL;

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  chosen (task, file);
}

#endif

/**
 * roster_csv_export_async:
 * @title: the file chooser's title
 * @suggested_name: the file name offered
 * @contents: the CSV
 *
 * Asks where to save @contents, then saves it there.
 */
void
roster_csv_export_async (GtkWindow          *parent,
                         const char         *title,
                         const char         *suggested_name,
                         GBytes             *contents,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  /* Without what a file name cannot hold, such as a slash in a firm's name. */
  g_autofree char *name = g_strdelimit (g_strdup (suggested_name), "/\\:", '-');

  g_task_set_source_tag (task, roster_csv_export_async);
  g_task_set_task_data (task, g_bytes_ref (contents), (GDestroyNotify) g_bytes_unref);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, _("_Save"));
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_save (dialog, parent, cancellable, dialog_answered, task);
  }
#else
  {
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                 _("_Save"), _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    g_signal_connect (chooser, "response", G_CALLBACK (chooser_answered), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}

/**
 * roster_csv_export_finish:
 *
 * Returns: (transfer full) (nullable): the file saved; %NULL with no error
 *   when the person chose none, with an error when it could not be written
 */
GFile *
roster_csv_export_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
