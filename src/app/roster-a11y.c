/* roster-a11y.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-a11y.h"

/**
 * roster_a11y_name_buttons:
 * @root: a widget whose buttons with text are to be named
 *
 * GTK 4.8 names a button with a text label by its label property, mnemonic
 * underline included, followed by the label it is labelled by ("_Retry
 * Retry"), and a screen reader reads that out. This names each such button
 * by the text a person reads, once; and each check button with a mnemonic.
 * GTK 4.10 computes the name right, and there this does nothing.
 */
void
roster_a11y_name_buttons (GtkWidget *root)
{
#if !GTK_CHECK_VERSION (4, 10, 0)
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    roster_a11y_name_buttons (child);

  if (GTK_IS_BUTTON (root) && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root))))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (root));

      gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_text (GTK_LABEL (label)), -1);
    }

  /* A check button with a mnemonic is named by its label as written,
   * underline and all ("Also _remove…"). */
  if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root)))
    {
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (root));
      g_autofree char *text = NULL;

      /* The label without its underline, read as GTK reads a mnemonic. */
      if (label != NULL && pango_parse_markup (label, -1, '_', NULL, &text, NULL, NULL))
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
#endif
}
