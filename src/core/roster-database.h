/* roster-database.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define ROSTER_DATABASE_ERROR (roster_database_error_quark ())

typedef enum
{
  ROSTER_DATABASE_ERROR_FAILED,
  ROSTER_DATABASE_ERROR_CONSTRAINT,
  ROSTER_DATABASE_ERROR_BUSY,
  ROSTER_DATABASE_ERROR_CORRUPT,
  ROSTER_DATABASE_ERROR_TOO_NEW,
} RosterDatabaseError;

/* One step of the schema: runs inside its own transaction. */
typedef gboolean (*RosterMigration) (sqlite3  *db,
                                     GError  **error);

#define ROSTER_TYPE_DATABASE (roster_database_get_type ())

G_DECLARE_FINAL_TYPE (RosterDatabase, roster_database, ROSTER, DATABASE, GObject)

GQuark          roster_database_error_quark (void);

RosterDatabase *roster_database_open        (const char             *path,
                                             GError                **error);
sqlite3        *roster_database_get_handle  (RosterDatabase         *self);
const char     *roster_database_get_path    (RosterDatabase         *self);
gboolean        roster_database_exec        (RosterDatabase         *self,
                                             const char             *sql,
                                             GError                **error);
sqlite3_stmt   *roster_database_statement   (RosterDatabase         *self,
                                             const char             *sql,
                                             GError                **error);
gboolean        roster_database_step_done   (RosterDatabase         *self,
                                             sqlite3_stmt           *statement,
                                             GError                **error);
gboolean        roster_database_begin       (RosterDatabase         *self,
                                             GError                **error);
gboolean        roster_database_commit      (RosterDatabase         *self,
                                             GError                **error);
void            roster_database_rollback    (RosterDatabase         *self);
gboolean        roster_database_migrate     (RosterDatabase         *self,
                                             const RosterMigration  *migrations,
                                             guint                   n_migrations,
                                             GError                **error);
int             roster_database_get_version (RosterDatabase         *self);
gboolean        roster_database_check_integrity (RosterDatabase     *self,
                                                 GError            **error);
gint64          roster_database_last_insert_id (RosterDatabase      *self);
int             roster_database_changes     (RosterDatabase         *self);

void            roster_database_set_error   (GError                **error,
                                             sqlite3                *db,
                                             int                     rc,
                                             const char             *what);
gboolean        roster_database_run_script  (sqlite3                *db,
                                             const char             *sql,
                                             const char             *what,
                                             GError                **error);

G_END_DECLS
