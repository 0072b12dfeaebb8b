/* roster-account.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_ACCOUNT (roster_account_get_type ())

G_DECLARE_FINAL_TYPE (RosterAccount, roster_account, ROSTER, ACCOUNT, GObject)

RosterAccount *roster_account_new_from_json                     (JsonObject  *object,
                                                                 GError     **error);
const char    *roster_account_get_etag                          (RosterAccount *self);
const char    *roster_account_get_name                          (RosterAccount *self);
const char    *roster_account_get_subscription                  (RosterAccount *self);
const char    *roster_account_get_currency                      (RosterAccount *self);
gint64         roster_account_get_licenses                      (RosterAccount *self);
gint64         roster_account_get_licenses_in_use               (RosterAccount *self);
gint64         roster_account_get_licenses_unused               (RosterAccount *self);
gint64         roster_account_get_license_price                 (RosterAccount *self);
const char    *roster_account_get_renewal_date                  (RosterAccount *self);
gboolean       roster_account_get_remove_unused_licenses        (RosterAccount *self);
gint64         roster_account_get_renewal_price_without_removal (RosterAccount *self);
gint64         roster_account_get_renewal_price_with_removal    (RosterAccount *self);
gint64         roster_account_get_renewal_projected_price       (RosterAccount *self);
const char    *roster_account_get_closed_at                     (RosterAccount *self);
const char    *roster_account_get_updated_at                    (RosterAccount *self);

G_END_DECLS
