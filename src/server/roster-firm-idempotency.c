/* roster-firm-idempotency.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include "roster-firm-private.h"

/*
 * Idempotency keys, per user: the first answer to a key is stored with its
 * write, in the same transaction, and replayed for the same request.
 */

/* Idempotency keys ---------------------------------------------------------- */

/**
 * roster_firm_find_idempotent:
 * @status: (out): the first answer's status, when found
 * @body: (out): the first answer's body, when found
 *
 * Returns: %TRUE when @key was used before for this very request; %FALSE
 *   when it is new, or with an error when it was used for another request
 */
gboolean
roster_firm_find_idempotent (RosterFirm *self,
                             gint64      user_id,
                             const char *key,
                             const char *fingerprint,
                             guint      *status,
                             char      **body,
                             GError    **error)
{
  sqlite3_stmt *statement;
  gboolean found = FALSE;
  gboolean same = FALSE;

  statement = roster_firm_statement (self,
                                     "SELECT fingerprint, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      found = TRUE;
      same = g_strcmp0 (roster_firm_column_text (statement, 0), fingerprint) == 0;
      *status = sqlite3_column_int (statement, 1);
      *body = g_strdup (roster_firm_column_text (statement, 2));
    }
  sqlite3_reset (statement);

  if (found && !same)
    {
      g_clear_pointer (body, g_free);
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_IDEMPOTENCY_KEY_REUSED,
                           "This Idempotency-Key was used for another request");
      return FALSE;
    }

  return found;
}

gboolean
roster_firm_store_idempotent (RosterFirm *self,
                              gint64      user_id,
                              const char *key,
                              const char *fingerprint,
                              guint       status,
                              const char *body,
                              GError    **error)
{
  g_autofree char *now = roster_firm_now (self);
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body, created_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, user_id);
  sqlite3_bind_text (statement, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (statement, 4, status);
  sqlite3_bind_text (statement, 5, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 6, now, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}
