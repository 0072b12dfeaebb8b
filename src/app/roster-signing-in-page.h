/* roster-signing-in-page.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_SIGNING_IN_PAGE (roster_signing_in_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterSigningInPage, roster_signing_in_page, ROSTER, SIGNING_IN_PAGE, AdwBin)

GtkWidget *roster_signing_in_page_new             (void);
void       roster_signing_in_page_set_description (RosterSigningInPage *self,
                                                   const char          *description);

G_END_DECLS
