/* roster-database.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "roster-database.h"

/*
 * A thin wrapper around one SQLite connection: the pragmas every Roster
 * database wants, a cache of prepared statements keyed by their SQL (so that
 * callers write the SQL where it is used and still prepare it once), and
 * migrations keyed on PRAGMA user_version. SQL is never built from data:
 * callers bind.
 */

struct _RosterDatabase
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
};

G_DEFINE_FINAL_TYPE (RosterDatabase, roster_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (roster-database-error-quark, roster_database_error)

/**
 * roster_database_run_script:
 * @sql: fixed statements, never built from data (a migration's schema)
 * @what: what fails, for the error, e.g. "Cannot create the cache"
 *
 * Runs @sql on @db, for a #RosterMigration.
 */
gboolean
roster_database_run_script (sqlite3    *db,
                            const char *sql,
                            const char *what,
                            GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      roster_database_set_error (error, db, rc, what);
      return FALSE;
    }

  return TRUE;
}

void
roster_database_set_error (GError    **error,
                           sqlite3    *db,
                           int         rc,
                           const char *what)
{
  RosterDatabaseError code;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = ROSTER_DATABASE_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = ROSTER_DATABASE_ERROR_BUSY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = ROSTER_DATABASE_ERROR_CORRUPT;
      break;
    default:
      code = ROSTER_DATABASE_ERROR_FAILED;
      break;
    }

  g_set_error (error, ROSTER_DATABASE_ERROR, code, "%s: %s",
               what, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static void
roster_database_finalize (GObject *object)
{
  RosterDatabase *self = ROSTER_DATABASE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  self->handle = NULL;
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (roster_database_parent_class)->finalize (object);
}

static void
roster_database_class_init (RosterDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_database_finalize;
}

static void
roster_database_init (RosterDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/* The file holds a firm's data: only its owner may read it, from the moment
 * it exists. SQLite creates the -wal and -shm files with the same mode. */
static gboolean
roster_database_create_private (const char *path,
                                GError    **error)
{
  int fd;

  if (g_str_equal (path, ":memory:"))
    return TRUE;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    g_debug ("Cannot restrict the mode of %s: %s", path, g_strerror (errno));
  close (fd);

  return TRUE;
}

/**
 * roster_database_open:
 * @path: a file name, or ":memory:"
 *
 * Opens (creating it, mode 0600) the database at @path in WAL mode with
 * foreign keys on.
 */
RosterDatabase *
roster_database_open (const char *path,
                      GError    **error)
{
  g_autoptr(RosterDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!roster_database_create_private (path, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      roster_database_set_error (error, self->handle, rc, "Cannot open the database");
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  if (!roster_database_exec (self,
                             "PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = NORMAL;"
                             "PRAGMA foreign_keys = ON;"
                             "PRAGMA temp_store = MEMORY;",
                             error))
    return NULL;

  return g_steal_pointer (&self);
}

sqlite3 *
roster_database_get_handle (RosterDatabase *self)
{
  g_return_val_if_fail (ROSTER_IS_DATABASE (self), NULL);

  return self->handle;
}

const char *
roster_database_get_path (RosterDatabase *self)
{
  g_return_val_if_fail (ROSTER_IS_DATABASE (self), NULL);

  return self->path;
}

gboolean
roster_database_exec (RosterDatabase *self,
                      const char     *sql,
                      GError        **error)
{
  int rc;

  g_return_val_if_fail (ROSTER_IS_DATABASE (self), FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      roster_database_set_error (error, self->handle, rc, "Cannot run SQL");
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_database_statement:
 * @sql: one SQL statement, with parameters for every value
 *
 * Returns: (transfer none): the statement for @sql, prepared once and
 *   reset, its bindings cleared, each time it is asked for
 */
sqlite3_stmt *
roster_database_statement (RosterDatabase *self,
                           const char     *sql,
                           GError        **error)
{
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (ROSTER_IS_DATABASE (self), NULL);

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    {
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL);
  if (rc != SQLITE_OK)
    {
      roster_database_set_error (error, self->handle, rc, "Cannot prepare a statement");
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), statement);

  return statement;
}

/**
 * roster_database_step_done:
 *
 * Steps @statement, which returns no rows, to its end and resets it.
 */
gboolean
roster_database_step_done (RosterDatabase *self,
                           sqlite3_stmt   *statement,
                           GError        **error)
{
  int rc;

  rc = sqlite3_step (statement);
  sqlite3_reset (statement);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      roster_database_set_error (error, self->handle, rc, "Cannot write");
      return FALSE;
    }

  return TRUE;
}

gboolean
roster_database_begin (RosterDatabase *self,
                       GError        **error)
{
  /* IMMEDIATE takes the write lock at once, so a transaction never fails
   * half-way for want of it. */
  return roster_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
roster_database_commit (RosterDatabase *self,
                        GError        **error)
{
  return roster_database_exec (self, "COMMIT", error);
}

void
roster_database_rollback (RosterDatabase *self)
{
  g_return_if_fail (ROSTER_IS_DATABASE (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

int
roster_database_get_version (RosterDatabase *self)
{
  sqlite3_stmt *statement;
  int version = -1;

  statement = roster_database_statement (self, "PRAGMA user_version", NULL);
  if (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    version = sqlite3_column_int (statement, 0);
  if (statement != NULL)
    sqlite3_reset (statement);

  return version;
}

/**
 * roster_database_migrate:
 * @migrations: (array length=n_migrations): the schema's steps, in order
 *
 * Runs each step after the one recorded in PRAGMA user_version, each in its
 * own transaction together with the new version, so that a crash leaves the
 * database at a version it really has.
 */
gboolean
roster_database_migrate (RosterDatabase        *self,
                         const RosterMigration *migrations,
                         guint                  n_migrations,
                         GError               **error)
{
  int version;

  g_return_val_if_fail (ROSTER_IS_DATABASE (self), FALSE);

  version = roster_database_get_version (self);
  if (version < 0)
    {
      roster_database_set_error (error, self->handle, SQLITE_ERROR, "Cannot read the schema version");
      return FALSE;
    }

  if ((guint) version > n_migrations)
    {
      g_set_error (error, ROSTER_DATABASE_ERROR, ROSTER_DATABASE_ERROR_TOO_NEW,
                   "The database %s was written by a newer version (schema %d, this one knows %u)",
                   self->path, version, n_migrations);
      return FALSE;
    }

  for (guint i = version; i < n_migrations; i++)
    {
      g_autofree char *pragma = NULL;

      if (!roster_database_begin (self, error))
        return FALSE;

      pragma = g_strdup_printf ("PRAGMA user_version = %u", i + 1);
      if (!migrations[i](self->handle, error) ||
          !roster_database_exec (self, pragma, error) ||
          !roster_database_commit (self, error))
        {
          roster_database_rollback (self);
          g_prefix_error (error, "Migration to schema %u failed: ", i + 1);
          return FALSE;
        }

      g_debug ("Migrated %s to schema %u", self->path, i + 1);
    }

  return TRUE;
}

gboolean
roster_database_check_integrity (RosterDatabase *self,
                                 GError        **error)
{
  sqlite3_stmt *statement;
  g_autofree char *result = NULL;

  statement = roster_database_statement (self, "PRAGMA integrity_check", error);
  if (statement == NULL)
    return FALSE;

  if (sqlite3_step (statement) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_reset (statement);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, ROSTER_DATABASE_ERROR, ROSTER_DATABASE_ERROR_CORRUPT,
                   "Integrity check failed: %s", result ? result : "no answer");
      return FALSE;
    }

  return TRUE;
}

gint64
roster_database_last_insert_id (RosterDatabase *self)
{
  return sqlite3_last_insert_rowid (self->handle);
}

int
roster_database_changes (RosterDatabase *self)
{
  return sqlite3_changes (self->handle);
}
