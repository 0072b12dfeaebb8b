/* roster-resource.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-resource"

#include "config.h"

#include "roster-resource.h"

/* The fields of the records other records nest, as Clio's description has them. */
static const char *const user_fields[] = {
  "id", "etag", "name", "first_name", "last_name", "initials", "email", "enabled", "account_owner",
  "roles", "subscription_type", "personal_injury_license", "time_zone", "default_calendar_id",
  "created_at", "updated_at", NULL
};
static const char *const matter_base_fields[] = {
  "id", "etag", "display_number", "description", "status", "open_date", "pending_date", "close_date",
  "created_at", "updated_at", NULL
};
static const char *const group_fields[] = { "id", "etag", "name", "type", NULL };
static const char *const participant_fields[] = {
  "id", "etag", "type", "identifier", "enabled", "name", "initials", "created_at", "updated_at", NULL
};
static const char *const calendar_fields[] = { "id", "etag", "name", "type", "visible", "updated_at", NULL };
static const char *const attendee_fields[] = { "id", "etag", "type", "name", "enabled", "email", "updated_at", NULL };
static const char *const actor_fields[] = { "id", "name", NULL };

#define FIELD(name) { name, NULL, FALSE, ROSTER_WRITABLE_NO, NULL, NULL }
#define NESTED(name, nested) { name, nested, FALSE, ROSTER_WRITABLE_NO, NULL, NULL }
#define EXTENSION(name) { name, NULL, TRUE, ROSTER_WRITABLE_NO, NULL, NULL }
#define WRITABLE(name, nested, writable, column, clears) { name, nested, FALSE, writable, column, clears }
#define END { NULL, NULL, FALSE, ROSTER_WRITABLE_NO, NULL, NULL }

static const RosterField user_info[] = {
  FIELD ("id"), FIELD ("etag"), FIELD ("name"), FIELD ("first_name"), FIELD ("last_name"), FIELD ("initials"),
  FIELD ("email"), FIELD ("enabled"), FIELD ("account_owner"), FIELD ("roles"), FIELD ("subscription_type"),
  EXTENSION ("personal_injury_license"), FIELD ("time_zone"), FIELD ("default_calendar_id"),
  FIELD ("created_at"), FIELD ("updated_at"), END
};

static const RosterField matter_info[] = {
  FIELD ("id"), FIELD ("etag"), FIELD ("display_number"),
  WRITABLE ("description", NULL, ROSTER_WRITABLE_TEXT, "description", NULL),
  WRITABLE ("status", NULL, ROSTER_WRITABLE_MATTER_STATUS, "status", NULL),
  FIELD ("open_date"), FIELD ("pending_date"), FIELD ("close_date"), FIELD ("created_at"), FIELD ("updated_at"),
  WRITABLE ("responsible_attorney", user_fields, ROSTER_WRITABLE_USER, "responsible_attorney_id", NULL),
  WRITABLE ("originating_attorney", user_fields, ROSTER_WRITABLE_USER, "originating_attorney_id", NULL),
  NESTED ("group", group_fields), END
};

static const RosterField task_info[] = {
  FIELD ("id"), FIELD ("etag"),
  WRITABLE ("name", NULL, ROSTER_WRITABLE_TEXT, "name", NULL),
  WRITABLE ("status", NULL, ROSTER_WRITABLE_TASK_STATUS, "status", NULL),
  FIELD ("priority"),
  WRITABLE ("due_at", NULL, ROSTER_WRITABLE_DATE, "due_at", NULL),
  FIELD ("permission"), FIELD ("completed_at"), FIELD ("created_at"), FIELD ("updated_at"),
  /* A task given to a user is no longer a contact's. */
  WRITABLE ("assignee", participant_fields, ROSTER_WRITABLE_USER, "assignee_id", "assignee_contact_id"),
  NESTED ("matter", matter_base_fields), END
};

static const RosterField entry_info[] = {
  FIELD ("id"), FIELD ("etag"),
  WRITABLE ("summary", NULL, ROSTER_WRITABLE_TEXT, "summary", NULL),
  FIELD ("description"), FIELD ("location"),
  WRITABLE ("start_at", NULL, ROSTER_WRITABLE_TIME, "start_at", NULL),
  WRITABLE ("end_at", NULL, ROSTER_WRITABLE_TIME, "end_at", NULL),
  FIELD ("all_day"), FIELD ("recurrence_rule"), FIELD ("calendar_owner_id"), EXTENSION ("hidden"),
  FIELD ("created_at"), FIELD ("updated_at"),
  WRITABLE ("calendar_owner", calendar_fields, ROSTER_WRITABLE_CALENDAR, "calendar_id", NULL),
  NESTED ("attendees", attendee_fields), NESTED ("matter", matter_base_fields), END
};

static const RosterField notification_info[] = {
  FIELD ("id"), FIELD ("etag"), FIELD ("kind"), FIELD ("subject"), FIELD ("body"), FIELD ("audit_event_id"),
  FIELD ("created_at"), FIELD ("updated_at"), END
};

static const RosterField audit_info[] = {
  FIELD ("id"), FIELD ("etag"), FIELD ("action"), FIELD ("target_type"), FIELD ("target_id"), FIELD ("before"),
  FIELD ("after"), FIELD ("created_at"), FIELD ("updated_at"), NESTED ("actor", actor_fields), END
};

static const RosterField tombstone_info[] = {
  FIELD ("id"), FIELD ("etag"), FIELD ("resource"), FIELD ("record_id"), FIELD ("deleted_at"), FIELD ("updated_at"),
  END
};

static const RosterResourceInfo resources[] = {
  { "users", ROSTER_RESOURCE_USERS, NULL, "user", "users", FALSE, user_info },
  { "matters", ROSTER_RESOURCE_MATTERS, "matters", "matter", "matters", FALSE, matter_info },
  { "tasks", ROSTER_RESOURCE_TASKS, "tasks", "task", "tasks", FALSE, task_info },
  { "calendar_entries", ROSTER_RESOURCE_CALENDAR_ENTRIES, "calendar_entries", "calendar entry", "calendar entries", FALSE, entry_info },
  { "notifications", ROSTER_RESOURCE_NOTIFICATIONS, NULL, "notification", "notifications", TRUE, notification_info },
  { "audit_events", ROSTER_RESOURCE_AUDIT_EVENTS, NULL, "audit event", "audit events", TRUE, audit_info },
  { "deleted_records", ROSTER_RESOURCE_DELETED_RECORDS, NULL, "deleted record", "deleted records", TRUE, tombstone_info },
};

/**
 * roster_resource_lookup:
 * @name: a resource's name in paths, e.g. "tasks"
 *
 * Returns: (nullable): the resource, or %NULL when the API has none of
 *   that name
 */
const RosterResourceInfo *
roster_resource_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_strcmp0 (name, resources[i].name) == 0)
      return &resources[i];

  return NULL;
}

const RosterResourceInfo *
roster_resource_info (RosterResource resource)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (resources[i].resource == resource)
      return &resources[i];

  g_return_val_if_reached (NULL);
}

/**
 * roster_resource_field:
 *
 * Returns: (nullable): the field of @resource called @name, or %NULL
 */
const RosterField *
roster_resource_field (RosterResource resource,
                       const char    *name)
{
  const RosterField *field = roster_resource_info (resource)->fields;

  for (; field->name != NULL; field++)
    if (g_str_equal (field->name, name))
      return field;

  return NULL;
}
