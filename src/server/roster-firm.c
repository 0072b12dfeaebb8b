/* roster-firm.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "roster-firm-private.h"
#include "roster-rules.h"
#include "roster-time.h"

G_DEFINE_QUARK (roster-firm-error-quark, roster_firm_error)

static const struct
{
  RosterFirmError  code;
  guint            status;
  const char      *type;
} error_table[] = {
  { ROSTER_FIRM_ERROR_INVALID_REQUEST, 400, "invalid_request" },
  { ROSTER_FIRM_ERROR_INVALID_PARAMETER, 400, "invalid_parameter" },
  { ROSTER_FIRM_ERROR_INVALID_FIELDS, 400, "invalid_fields" },
  { ROSTER_FIRM_ERROR_UNAUTHORIZED, 401, "unauthorized" },
  { ROSTER_FIRM_ERROR_FORBIDDEN, 403, "forbidden" },
  { ROSTER_FIRM_ERROR_ACCOUNT_CLOSED, 403, "account_closed" },
  { ROSTER_FIRM_ERROR_NOT_FOUND, 404, "not_found" },
  { ROSTER_FIRM_ERROR_UNSUPPORTED_API_VERSION, 410, "unsupported_api_version" },
  { ROSTER_FIRM_ERROR_ALREADY_DEACTIVATED, 409, "already_deactivated" },
  { ROSTER_FIRM_ERROR_ALREADY_ACTIVE, 409, "already_active" },
  { ROSTER_FIRM_ERROR_EMAIL_UNAVAILABLE, 409, "email_unavailable" },
  { ROSTER_FIRM_ERROR_PRECONDITION_FAILED, 412, "precondition_failed" },
  { ROSTER_FIRM_ERROR_PAYLOAD_TOO_LARGE, 413, "payload_too_large" },
  { ROSTER_FIRM_ERROR_PRIMARY_SUBSCRIBER, 422, "primary_subscriber" },
  { ROSTER_FIRM_ERROR_SELF_DEACTIVATION, 422, "self_deactivation" },
  { ROSTER_FIRM_ERROR_NO_FREE_LICENSE, 422, "no_free_license" },
  { ROSTER_FIRM_ERROR_NOT_ANNUAL, 422, "not_annual" },
  { ROSTER_FIRM_ERROR_INVALID_RECEIVER, 422, "invalid_receiver" },
  { ROSTER_FIRM_ERROR_INVALID_REASON, 422, "invalid_reason" },
  { ROSTER_FIRM_ERROR_VERIFICATION_FAILED, 422, "verification_failed" },
  { ROSTER_FIRM_ERROR_CONFIRMATION_MISMATCH, 422, "confirmation_mismatch" },
  { ROSTER_FIRM_ERROR_IDEMPOTENCY_KEY_REUSED, 422, "idempotency_key_reused" },
  { ROSTER_FIRM_ERROR_VALIDATION_FAILED, 422, "validation_failed" },
  { ROSTER_FIRM_ERROR_RATE_LIMITED, 429, "rate_limited" },
  { ROSTER_FIRM_ERROR_INTERNAL, 500, "internal_error" },
};

guint
roster_firm_error_status (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if ((int) error_table[i].code == code)
      return error_table[i].status;

  return 500;
}

const char *
roster_firm_error_type (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if ((int) error_table[i].code == code)
      return error_table[i].type;

  return "internal_error";
}

G_DEFINE_FINAL_TYPE (RosterFirm, roster_firm, G_TYPE_OBJECT)

void
roster_cursor_clear (RosterCursor *cursor)
{
  cursor->after_id = 0;
  cursor->key_type = 0;
  g_clear_pointer (&cursor->key, g_free);
}

static void
date_condition_clear (gpointer data)
{
  RosterDateCondition *condition = data;

  g_free (condition->date);
}

void
roster_list_query_init (RosterListQuery *query)
{
  memset (query, 0, sizeof *query);
  query->limit = 200;
  query->enabled = -1;
  query->pending_setup = -1;
  query->complete = -1;
  query->due_present = -1;
  query->all_day = -1;
  query->visible = -1;
  query->dates = g_array_new (FALSE, TRUE, sizeof (RosterDateCondition));
  g_array_set_clear_func (query->dates, date_condition_clear);
}

void
roster_list_query_clear (RosterListQuery *query)
{
  roster_cursor_clear (&query->cursor);
  g_clear_pointer (&query->order, g_free);
  g_clear_pointer (&query->ids, g_ptr_array_unref);
  g_clear_pointer (&query->updated_since, g_free);
  g_clear_pointer (&query->created_since, g_free);
  g_clear_pointer (&query->search, g_free);
  g_clear_pointer (&query->name, g_free);
  g_clear_pointer (&query->role, g_free);
  g_clear_pointer (&query->subscription_type, g_free);
  g_clear_pointer (&query->statuses, g_ptr_array_unref);
  g_clear_pointer (&query->dates, g_array_unref);
  g_clear_pointer (&query->assignee_type, g_free);
  g_clear_pointer (&query->priority, g_free);
  g_clear_pointer (&query->permission, g_free);
  g_clear_pointer (&query->due_from, g_free);
  g_clear_pointer (&query->due_to, g_free);
  g_clear_pointer (&query->from, g_free);
  g_clear_pointer (&query->to, g_free);
}

void
roster_actor_free (RosterActor *actor)
{
  if (actor == NULL)
    return;

  g_free (actor->name);
  g_free (actor->email);
  g_free (actor);
}

/* Schema ------------------------------------------------------------------ */

static gboolean
migrate_to_1 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  name TEXT NOT NULL,"
    "  subscription TEXT NOT NULL CHECK (subscription IN ('monthly', 'annual')),"
    "  licenses INTEGER NOT NULL CHECK (licenses >= 0),"
    "  license_price INTEGER NOT NULL,"
    "  pi_license_price INTEGER NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  renewal_date TEXT NOT NULL,"
    "  remove_unused_licenses INTEGER NOT NULL DEFAULT 0,"
    "  closed_at TEXT,"
    "  closure_reason TEXT,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  first_name TEXT NOT NULL,"
    "  last_name TEXT NOT NULL,"
    "  email TEXT NOT NULL COLLATE NOCASE,"
    "  enabled INTEGER NOT NULL,"
    "  account_owner INTEGER NOT NULL DEFAULT 0,"
    "  admin INTEGER NOT NULL DEFAULT 0,"
    "  subscription_type TEXT NOT NULL CHECK (subscription_type IN ('Attorney', 'NonAttorney')),"
    "  personal_injury_license INTEGER NOT NULL DEFAULT 0,"
    "  time_zone TEXT NOT NULL,"
    "  password_salt TEXT,"
    "  password_hash TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX users_updated_at ON users (updated_at);"
    "CREATE INDEX users_email ON users (email);"
    "CREATE TABLE calendars ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL UNIQUE REFERENCES users (id),"
    "  name TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE matters ("
    "  id INTEGER PRIMARY KEY,"
    "  display_number TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('Open', 'Pending', 'Closed')),"
    "  responsible_attorney_id INTEGER REFERENCES users (id),"
    "  originating_attorney_id INTEGER REFERENCES users (id),"
    "  private_to_user_id INTEGER REFERENCES users (id),"
    "  open_date TEXT,"
    "  pending_date TEXT,"
    "  close_date TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX matters_responsible ON matters (responsible_attorney_id);"
    "CREATE INDEX matters_updated_at ON matters (updated_at);"
    "CREATE TABLE tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'in_review', 'complete')),"
    "  priority TEXT NOT NULL CHECK (priority IN ('High', 'Normal', 'Low')),"
    "  due_at TEXT,"
    "  permission TEXT NOT NULL DEFAULT 'public',"
    "  assignee_id INTEGER REFERENCES users (id),"
    "  matter_id INTEGER REFERENCES matters (id),"
    "  completed_at TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX tasks_assignee ON tasks (assignee_id);"
    "CREATE INDEX tasks_matter ON tasks (matter_id);"
    "CREATE INDEX tasks_updated_at ON tasks (updated_at);"
    "CREATE TABLE calendar_entries ("
    "  id INTEGER PRIMARY KEY,"
    "  summary TEXT NOT NULL,"
    "  description TEXT,"
    "  location TEXT,"
    "  start_at TEXT NOT NULL,"
    "  end_at TEXT NOT NULL,"
    "  all_day INTEGER NOT NULL DEFAULT 0,"
    "  recurrence_rule TEXT,"
    "  calendar_id INTEGER NOT NULL REFERENCES calendars (id),"
    "  matter_id INTEGER REFERENCES matters (id),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX calendar_entries_calendar ON calendar_entries (calendar_id);"
    "CREATE INDEX calendar_entries_matter ON calendar_entries (matter_id);"
    "CREATE INDEX calendar_entries_updated_at ON calendar_entries (updated_at);"
    "CREATE TABLE attendees ("
    "  entry_id INTEGER NOT NULL REFERENCES calendar_entries (id) ON DELETE CASCADE,"
    "  calendar_id INTEGER NOT NULL REFERENCES calendars (id),"
    "  PRIMARY KEY (entry_id, calendar_id)) WITHOUT ROWID;"
    "CREATE INDEX attendees_calendar ON attendees (calendar_id);"
    "CREATE TABLE audit_events ("
    "  id INTEGER PRIMARY KEY,"
    "  actor_id INTEGER REFERENCES users (id),"
    "  actor_name TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  target_type TEXT NOT NULL,"
    "  target_id INTEGER,"
    "  before TEXT,"
    "  after TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX audit_events_created_at ON audit_events (created_at);"
    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users (id),"
    "  kind TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  audit_event_id INTEGER REFERENCES audit_events (id),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX notifications_user ON notifications (user_id);"
    "CREATE TABLE emails ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users (id),"
    "  message TEXT NOT NULL,"
    "  spooled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE tombstones ("
    "  id INTEGER PRIMARY KEY,"
    "  resource TEXT NOT NULL,"
    "  record_id INTEGER NOT NULL,"
    "  deleted_at TEXT NOT NULL);"
    "CREATE INDEX tombstones_deleted_at ON tombstones (deleted_at);"
    "CREATE TABLE idempotency_keys ("
    "  user_id INTEGER NOT NULL,"
    "  key TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  status INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, key));"
    "CREATE TABLE oauth_clients ("
    "  client_id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL);"
    "CREATE TABLE oauth_codes ("
    "  code_hash TEXT PRIMARY KEY,"
    "  client_id TEXT NOT NULL REFERENCES oauth_clients (client_id),"
    "  user_id INTEGER NOT NULL REFERENCES users (id),"
    "  redirect_uri TEXT NOT NULL,"
    "  code_challenge TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  used INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE oauth_tokens ("
    "  token_hash TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
    "  user_id INTEGER NOT NULL REFERENCES users (id),"
    "  client_id TEXT NOT NULL,"
    "  refresh_hash TEXT,"
    "  expires_at INTEGER,"
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX oauth_tokens_refresh ON oauth_tokens (refresh_hash);"
    "CREATE TABLE closure_codes ("
    "  code_hash TEXT PRIMARY KEY,"
    "  expires_at INTEGER NOT NULL,"
    "  used INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO oauth_clients (client_id, name) VALUES ('roster-desktop', 'Roster');";

  return roster_database_run_script (db, sql, "Cannot create the schema", error);
}

/* Contacts, who may be given tasks, and a calendar entry's id as text: Clio's
 * description types it as a string, and a firm may hold ids that are not
 * made of digits. Such an entry keeps a row id for the cursor and its
 * attendees; it is served, found and filtered by its text id. */
static gboolean
migrate_to_2 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL CHECK (type IN ('Person', 'Company')),"
    "  name TEXT NOT NULL,"
    "  initials TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "ALTER TABLE tasks ADD COLUMN assignee_contact_id INTEGER REFERENCES contacts (id);"
    "CREATE INDEX tasks_assignee_contact ON tasks (assignee_contact_id);"
    "ALTER TABLE calendar_entries ADD COLUMN public_id TEXT;"
    "CREATE UNIQUE INDEX calendar_entries_public_id ON calendar_entries (public_id);";

  return roster_database_run_script (db, sql, "Cannot add contacts and text calendar entry ids", error);
}

/* What hostile clients taught: page tokens signed with a key of the firm's
 * own (kept here so that a sync survives the server's restart), and a
 * closure code's wrong tries counted. */
static gboolean
migrate_to_3 (sqlite3 *db,
              GError **error)
{
  static const char sql[] =
    "CREATE TABLE server_secrets ("
    "  name TEXT PRIMARY KEY,"
    "  value BLOB NOT NULL);"
    "INSERT INTO server_secrets (name, value) VALUES ('page_tokens', randomblob(32));"
    "ALTER TABLE closure_codes ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;";

  return roster_database_run_script (db, sql, "Cannot add the server's secrets", error);
}

static const RosterMigration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
};

/* Object ------------------------------------------------------------------ */

static void
roster_firm_finalize (GObject *object)
{
  RosterFirm *self = ROSTER_FIRM (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->mail_spool, g_free);
  g_clear_pointer (&self->user_cache, g_hash_table_unref);
  g_clear_pointer (&self->last_time, g_free);
  g_clear_pointer (&self->page_key, g_bytes_unref);

  G_OBJECT_CLASS (roster_firm_parent_class)->finalize (object);
}

static void
roster_firm_class_init (RosterFirmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_firm_finalize;
}

static void
roster_firm_init (RosterFirm *self)
{
  self->token_lifetime = 30 * 24 * 3600;
  self->user_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
}

/* roster_initials(first_name, last_name): a user's initials as served, for
 * order=initials(asc). */
static void
initials_function (sqlite3_context *context,
                   int              argc,
                   sqlite3_value  **argv)
{
  char *initials = roster_firm_initials ((const char *) sqlite3_value_text (argv[0]),
                                         (const char *) sqlite3_value_text (argv[1]));

  sqlite3_result_text (context, initials, -1, g_free);
}

RosterFirm *
roster_firm_open (const char *path,
                  GError    **error)
{
  g_autoptr(RosterFirm) self = g_object_new (ROSTER_TYPE_FIRM, NULL);

  self->db = roster_database_open (path, error);
  if (self->db == NULL)
    return NULL;

  if (sqlite3_create_function (roster_database_get_handle (self->db), "roster_initials", 2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, initials_function, NULL, NULL) != SQLITE_OK)
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  if (!roster_database_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  {
    sqlite3_stmt *statement = roster_firm_statement (self, "SELECT value FROM server_secrets WHERE name = 'page_tokens'",
                                                     error);

    if (statement == NULL)
      return NULL;
    if (sqlite3_step (statement) != SQLITE_ROW || sqlite3_column_bytes (statement, 0) < 16)
      {
        sqlite3_reset (statement);
        g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL,
                             "The firm's database has no key for its page tokens");
        return NULL;
      }
    self->page_key = g_bytes_new (sqlite3_column_blob (statement, 0), sqlite3_column_bytes (statement, 0));
    sqlite3_reset (statement);
  }

  return g_steal_pointer (&self);
}

/**
 * roster_firm_get_page_key:
 *
 * Returns: (transfer none): the key that signs the firm's page tokens
 */
GBytes *
roster_firm_get_page_key (RosterFirm *self)
{
  return self->page_key;
}

RosterDatabase *
roster_firm_get_database (RosterFirm *self)
{
  return self->db;
}

void
roster_firm_set_mail_spool (RosterFirm *self,
                            const char *directory)
{
  g_free (self->mail_spool);
  self->mail_spool = g_strdup (directory);
}

void
roster_firm_set_token_lifetime (RosterFirm *self,
                                gint64      seconds)
{
  self->token_lifetime = seconds;
}

/* Helpers ----------------------------------------------------------------- */

gboolean
roster_firm_set_db_error (RosterFirm *self,
                          GError    **error)
{
  g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL,
               "The firm's database failed: %s", sqlite3_errmsg (roster_database_get_handle (self->db)));
  return FALSE;
}

sqlite3_stmt *
roster_firm_statement (RosterFirm *self,
                       const char *sql,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *statement;

  statement = roster_database_statement (self->db, sql, &local_error);
  if (statement == NULL)
    {
      g_critical ("%s", local_error->message);
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL,
                   "The firm's database failed: %s", local_error->message);
    }

  return statement;
}

/* A clock for updated_at that never goes back and never repeats, so that a
 * sync asking for what changed since the last time it saw misses nothing. */
char *
roster_firm_now (RosterFirm *self)
{
  gint64 now = g_get_real_time ();
  g_autofree char *text = NULL;

  if (now <= self->last_time_usec)
    now = self->last_time_usec + 1;
  self->last_time_usec = now;

  text = roster_time_format_unix_iso (now);
  g_free (self->last_time);
  self->last_time = g_strdup (text);

  return g_steal_pointer (&text);
}

char *
roster_firm_etag (const char *resource,
                  gint64      id,
                  gint64      version)
{
  g_autofree char *source = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, resource, id, version);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, source, -1);

  digest[32] = '\0';
  return g_strdup_printf ("\"%s\"", digest);
}

char *
roster_firm_hash_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

char *
roster_firm_random_token (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString *text = g_string_sized_new (n_bytes * 2);
  gsize filled = 0;

  while (filled < n_bytes)
    {
      gssize got = getrandom (bytes + filled, n_bytes - filled, 0);

      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("No randomness to make a secret with: %s", g_strerror (errno));
        }
      filled += got;
    }

  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (text, "%02x", bytes[i]);

  return g_string_free (text, FALSE);
}

/* Passwords: salted SHA-256, iterated. The demo firm is the only firm this
 * server keeps, and its users' password is printed by `seed`; a firm's real
 * identity provider would use a memory-hard function. */
#define PASSWORD_ROUNDS 1000

char *
roster_firm_hash_password (const char *salt,
                           const char *password)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) salt, -1);
  g_checksum_update (checksum, (const guchar *) password, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (int i = 1; i < PASSWORD_ROUNDS; i++)
    {
      g_checksum_reset (checksum);
      g_checksum_update (checksum, digest, digest_len);
      g_checksum_update (checksum, (const guchar *) salt, -1);
      g_checksum_get_digest (checksum, digest, &digest_len);
    }

  g_checksum_reset (checksum);
  g_checksum_update (checksum, digest, digest_len);
  return g_strdup (g_checksum_get_string (checksum));
}

const char *
roster_firm_column_text (sqlite3_stmt *statement,
                         int           column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

void
roster_firm_set_text_or_null (JsonObject   *object,
                              const char   *member,
                              sqlite3_stmt *statement,
                              int           column)
{
  if (sqlite3_column_type (statement, column) == SQLITE_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, roster_firm_column_text (statement, column));
}

gboolean
roster_firm_is_closed (RosterFirm *self)
{
  sqlite3_stmt *statement;
  gboolean closed = FALSE;

  statement = roster_firm_statement (self, "SELECT closed_at IS NOT NULL FROM account WHERE id = 1", NULL);
  if (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    closed = sqlite3_column_int (statement, 0);
  if (statement != NULL)
    sqlite3_reset (statement);

  return closed;
}

gboolean
roster_firm_begin (RosterFirm *self,
                   GError    **error)
{
  if (!roster_database_begin (self->db, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}

gboolean
roster_firm_commit (RosterFirm *self,
                    GError    **error)
{
  if (!roster_database_commit (self->db, NULL))
    {
      roster_firm_set_db_error (self, error);
      roster_database_rollback (self->db);
      g_hash_table_remove_all (self->user_cache);
      return FALSE;
    }

  return TRUE;
}

void
roster_firm_rollback (RosterFirm *self)
{
  roster_database_rollback (self->db);
  /* What the cache learnt inside the transaction is gone with it. */
  g_hash_table_remove_all (self->user_cache);
}

/* Shared by the actions -------------------------------------------------- */

/* The shared rules' refusal as the server's error: the same words the
 * client shows when it refuses the action before queueing it. */
gboolean
roster_firm_refuse (RosterRefusal refusal,
                    const char   *name,
                    const char   *what,
                    GError      **error)
{
  static const RosterFirmError codes[] = {
    [ROSTER_REFUSAL_NONE] = ROSTER_FIRM_ERROR_INTERNAL,
    [ROSTER_REFUSAL_FORBIDDEN] = ROSTER_FIRM_ERROR_FORBIDDEN,
    [ROSTER_REFUSAL_PRIMARY_SUBSCRIBER] = ROSTER_FIRM_ERROR_PRIMARY_SUBSCRIBER,
    [ROSTER_REFUSAL_SELF_DEACTIVATION] = ROSTER_FIRM_ERROR_SELF_DEACTIVATION,
    [ROSTER_REFUSAL_ALREADY_DEACTIVATED] = ROSTER_FIRM_ERROR_ALREADY_DEACTIVATED,
    [ROSTER_REFUSAL_ALREADY_ACTIVE] = ROSTER_FIRM_ERROR_ALREADY_ACTIVE,
    [ROSTER_REFUSAL_NOT_ANNUAL] = ROSTER_FIRM_ERROR_NOT_ANNUAL,
    [ROSTER_REFUSAL_RECEIVER_IS_SOURCE] = ROSTER_FIRM_ERROR_INVALID_RECEIVER,
    [ROSTER_REFUSAL_RECEIVER_DEACTIVATED] = ROSTER_FIRM_ERROR_INVALID_RECEIVER,
    [ROSTER_REFUSAL_NOT_ADMINISTRATOR] = ROSTER_FIRM_ERROR_FORBIDDEN,
  };
  g_autofree char *message = NULL;

  if (refusal == ROSTER_REFUSAL_NONE)
    return TRUE;

  g_return_val_if_fail (refusal < G_N_ELEMENTS (codes), FALSE);
  message = roster_refusal_describe (refusal, name, what);
  g_set_error_literal (error, ROSTER_FIRM_ERROR, codes[refusal], message);

  return FALSE;
}

void
roster_firm_actor_facts (RosterActor     *actor,
                         RosterUserFacts *facts)
{
  facts->id = actor->id;
  facts->account_owner = actor->account_owner;
  facts->admin = actor->admin;
  facts->enabled = TRUE;
}

void
roster_firm_user_facts (JsonObject      *user,
                        RosterUserFacts *facts)
{
  facts->id = json_object_get_int_member (user, "id");
  facts->account_owner = json_object_get_boolean_member (user, "account_owner");
  facts->admin = FALSE;
  facts->enabled = json_object_get_boolean_member (user, "enabled");
}

gboolean
roster_firm_require_manager (RosterActor *actor,
                             GError     **error)
{
  RosterUserFacts facts;

  if (actor == NULL)
    return roster_firm_refuse (ROSTER_REFUSAL_FORBIDDEN, NULL, NULL, error);
  roster_firm_actor_facts (actor, &facts);

  return roster_firm_refuse (roster_rules_check_manager (&facts), NULL, NULL, error);
}

/* Closing the account: administrators alone, the primary subscriber
 * without the permission not. */
gboolean
roster_firm_require_closer (RosterActor *actor,
                            GError     **error)
{
  RosterUserFacts facts;

  if (actor == NULL)
    return roster_firm_refuse (ROSTER_REFUSAL_NOT_ADMINISTRATOR, NULL, NULL, error);
  roster_firm_actor_facts (actor, &facts);

  return roster_firm_refuse (roster_rules_check_closure (&facts), NULL, NULL, error);
}

gboolean
roster_firm_exec_bound_id (RosterFirm *self,
                           const char *sql,
                           gint64      id,
                           const char *now,
                           GError    **error)
{
  sqlite3_stmt *statement = roster_firm_statement (self, sql, error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 2, id);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}

gboolean
roster_firm_account_plan (RosterFirm         *self,
                          RosterSubscription *subscription,
                          int                *licenses,
                          int                *in_use,
                          GError            **error)
{
  sqlite3_stmt *statement;
  gboolean found = FALSE;

  statement = roster_firm_statement (self,
                                     "SELECT subscription, licenses, (SELECT count(*) FROM users WHERE enabled = 1)"
                                     " FROM account WHERE id = 1",
                                     error);
  if (statement == NULL)
    return FALSE;
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      found = roster_subscription_from_string (roster_firm_column_text (statement, 0), subscription);
      *licenses = sqlite3_column_int (statement, 1);
      *in_use = sqlite3_column_int (statement, 2);
    }
  sqlite3_reset (statement);

  if (!found)
    g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INTERNAL, "The firm has no account");

  return found;
}

JsonObject *
roster_firm_wrap_result (JsonObject *data,
                         JsonObject *effects)
{
  JsonObject *result = json_object_new ();

  json_object_set_object_member (result, "data", data);
  if (effects != NULL)
    {
      JsonObject *meta = json_object_new ();

      json_object_set_object_member (meta, "effects", effects);
      json_object_set_object_member (result, "meta", meta);
    }

  return result;
}

void
roster_firm_forget_user (RosterFirm *self,
                         gint64      user_id)
{
  g_hash_table_remove (self->user_cache, &user_id);
}

/* Audit events ------------------------------------------------------------ */

gint64
roster_firm_audit (RosterFirm  *self,
                   RosterActor *actor,
                   const char  *action,
                   const char  *target_type,
                   gint64       target_id,
                   JsonNode    *before,
                   JsonNode    *after,
                   GError     **error)
{
  g_autofree char *now = roster_firm_now (self);
  g_autofree char *before_text = before ? json_to_string (before, FALSE) : NULL;
  g_autofree char *after_text = after ? json_to_string (after, FALSE) : NULL;
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "INSERT INTO audit_events (actor_id, actor_name, action, target_type,"
                                     " target_id, before, after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return 0;

  if (actor != NULL && actor->id > 0)
    sqlite3_bind_int64 (statement, 1, actor->id);
  sqlite3_bind_text (statement, 2, actor != NULL ? actor->name : "Support", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, target_type, -1, SQLITE_STATIC);
  if (target_id > 0)
    sqlite3_bind_int64 (statement, 5, target_id);
  sqlite3_bind_text (statement, 6, before_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 7, after_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 8, now, -1, SQLITE_TRANSIENT);

  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return 0;
    }

  return roster_database_last_insert_id (self->db);
}
