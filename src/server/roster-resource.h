/* roster-resource.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-firm.h"

G_BEGIN_DECLS

/*
 * Each resource of the API declared once: its name in paths, its table, and
 * its fields, with how a PATCH writes each one. The routes, the `fields=`
 * parser and the PATCH handler all read these tables.
 */

typedef enum
{
  ROSTER_WRITABLE_NO,
  ROSTER_WRITABLE_TEXT,           /* a string of 1,000 bytes at most */
  ROSTER_WRITABLE_MATTER_STATUS,  /* Open, Pending or Closed, any case */
  ROSTER_WRITABLE_TASK_STATUS,    /* pending, in_progress, in_review, complete */
  ROSTER_WRITABLE_DATE,           /* YYYY-MM-DD */
  ROSTER_WRITABLE_TIME,           /* ISO 8601, stored in UTC */
  ROSTER_WRITABLE_USER,           /* {"id": N}: an active user */
  ROSTER_WRITABLE_CALENDAR,       /* {"id": N}: an active user's calendar */
} RosterWritable;

typedef struct
{
  const char        *name;
  const char *const *nested;     /* the nested record's fields; NULL for a plain field */
  gboolean           extension;  /* Roster's, not in Clio's API */
  RosterWritable     writable;
  const char        *column;     /* the column a PATCH writes */
  const char        *clears;     /* a column the same PATCH sets to NULL, or NULL */
} RosterField;

typedef struct
{
  const char        *name;       /* in paths: "calendar_entries" */
  RosterResource     resource;
  const char        *table;      /* written by PATCH and DELETE; NULL: never */
  const char        *noun;       /* for messages: "calendar entry" */
  const char        *plural;     /* "calendar entries" */
  gboolean           extension;  /* a list of Roster's, not in Clio's API */
  const RosterField *fields;     /* ends with a NULL name */
} RosterResourceInfo;

const RosterResourceInfo *roster_resource_lookup (const char          *name);
const RosterResourceInfo *roster_resource_info   (RosterResource       resource);
const RosterField        *roster_resource_field  (RosterResource       resource,
                                                  const char          *name);

G_END_DECLS
