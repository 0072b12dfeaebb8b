/* roster-user.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_USER (roster_user_get_type ())

G_DECLARE_FINAL_TYPE (RosterUser, roster_user, ROSTER, USER, GObject)

/* A user's fields as the cache keeps them; roster_user_new() copies them. */
typedef struct
{
  gint64      id;
  const char *etag;
  const char *name;
  const char *first_name;
  const char *last_name;
  const char *email;
  gboolean    enabled;
  gboolean    account_owner;
  gboolean    admin;
  const char *subscription_type;
  gboolean    personal_injury_license;
  gint64      default_calendar_id;
  const char *updated_at;
} RosterUserFields;

RosterUser *roster_user_new                         (const RosterUserFields *fields);
RosterUser *roster_user_new_from_json               (JsonObject  *object,
                                                     GError     **error);
gint64      roster_user_get_id                      (RosterUser *self);
const char *roster_user_get_etag                    (RosterUser *self);
const char *roster_user_get_name                    (RosterUser *self);
const char *roster_user_get_name_key                (RosterUser *self);
const char *roster_user_get_first_name              (RosterUser *self);
const char *roster_user_get_last_name               (RosterUser *self);
const char *roster_user_get_email                   (RosterUser *self);
gboolean    roster_user_get_enabled                 (RosterUser *self);
gboolean    roster_user_get_account_owner           (RosterUser *self);
gboolean    roster_user_get_admin                   (RosterUser *self);
const char *roster_user_get_role_code               (RosterUser *self);
const char *roster_user_get_subscription_type       (RosterUser *self);
gboolean    roster_user_get_personal_injury_license (RosterUser *self);
gint64      roster_user_get_default_calendar_id     (RosterUser *self);
const char *roster_user_get_updated_at              (RosterUser *self);

G_END_DECLS
