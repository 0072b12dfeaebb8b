/* roster-firm-auth.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-firm"

#include "config.h"

#include <string.h>

#include "roster-firm-private.h"
#include "roster-time.h"

/*
 * OAuth 2.0 as the API's reference describes it, for a desktop client:
 * authorization codes bound to a PKCE S256 challenge and to the loopback
 * redirect they were issued for, single-use and short-lived; access tokens
 * that expire; refresh tokens that do not. Every secret is stored as its
 * SHA-256 and compared as such, never kept in the clear.
 */

#define CODE_LIFETIME_SECONDS 600

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
refuse (GError    **error,
        int         code,
        const char *message)
{
  g_set_error_literal (error, ROSTER_FIRM_ERROR, code, message);
  return FALSE;
}

RosterActor *
roster_firm_authenticate (RosterFirm *self,
                          const char *access_token,
                          GError    **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *statement;
  gint64 user_id = 0;
  RosterActor *actor;

  if (access_token == NULL || *access_token == '\0')
    {
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "Sign in first: this request carries no access token");
      return NULL;
    }

  if (roster_firm_is_closed (self))
    {
      refuse (error, ROSTER_FIRM_ERROR_ACCOUNT_CLOSED, "This account is closed");
      return NULL;
    }

  hash = roster_firm_hash_secret (access_token);
  statement = roster_firm_statement (self,
                                     "SELECT user_id FROM oauth_tokens WHERE token_hash = ? AND kind = 'access'"
                                     " AND revoked = 0 AND (expires_at IS NULL OR expires_at > ?)",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, now_seconds ());
  if (sqlite3_step (statement) == SQLITE_ROW)
    user_id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  if (user_id == 0)
    {
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The access token is unknown, expired or revoked");
      return NULL;
    }

  actor = roster_firm_load_actor (self, user_id);
  if (actor == NULL || !actor->enabled)
    {
      roster_actor_free (actor);
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "This user is deactivated");
      return NULL;
    }

  return actor;
}

RosterActor *
roster_firm_sign_in (RosterFirm *self,
                     const char *email,
                     const char *password,
                     GError    **error)
{
  g_autofree char *salt = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *computed = NULL;
  sqlite3_stmt *statement;
  gint64 user_id = 0;

  if (roster_firm_is_closed (self))
    {
      refuse (error, ROSTER_FIRM_ERROR_ACCOUNT_CLOSED, "This account is closed");
      return NULL;
    }

  statement = roster_firm_statement (self,
                                     "SELECT id, password_salt, password_hash FROM users"
                                     " WHERE email = ? AND enabled = 1 ORDER BY id LIMIT 1",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, email ? email : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      user_id = sqlite3_column_int64 (statement, 0);
      salt = g_strdup (roster_firm_column_text (statement, 1));
      stored = g_strdup (roster_firm_column_text (statement, 2));
    }
  sqlite3_reset (statement);

  if (user_id != 0 && salt != NULL && stored != NULL && password != NULL)
    computed = roster_firm_hash_password (salt, password);

  if (computed == NULL || !g_str_equal (computed, stored))
    {
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The e-mail address or the password is wrong");
      return NULL;
    }

  return roster_firm_load_actor (self, user_id);
}

gboolean
roster_firm_client_exists (RosterFirm *self,
                           const char *client_id)
{
  sqlite3_stmt *statement;
  gboolean exists = FALSE;

  statement = roster_firm_statement (self, "SELECT 1 FROM oauth_clients WHERE client_id = ?", NULL);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, client_id ? client_id : "", -1, SQLITE_TRANSIENT);
  exists = sqlite3_step (statement) == SQLITE_ROW;
  sqlite3_reset (statement);

  return exists;
}

char *
roster_firm_issue_code (RosterFirm *self,
                        const char *client_id,
                        gint64      user_id,
                        const char *redirect_uri,
                        const char *code_challenge,
                        GError    **error)
{
  g_autofree char *code = roster_firm_random_token (32);
  g_autofree char *hash = roster_firm_hash_secret (code);
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri,"
                                     " code_challenge, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 3, user_id);
  sqlite3_bind_text (statement, 4, redirect_uri, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 5, code_challenge, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 6, now_seconds () + CODE_LIFETIME_SECONDS);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&code);
}

static gboolean
insert_token (RosterFirm *self,
              const char *token,
              const char *kind,
              gint64      user_id,
              const char *client_id,
              const char *refresh_hash,
              gint64      expires_at,
              GError    **error)
{
  g_autofree char *hash = roster_firm_hash_secret (token);
  g_autofree char *now = roster_firm_now (self);
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "INSERT INTO oauth_tokens (token_hash, kind, user_id, client_id,"
                                     " refresh_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 3, user_id);
  sqlite3_bind_text (statement, 4, client_id, -1, SQLITE_TRANSIENT);
  if (refresh_hash != NULL)
    sqlite3_bind_text (statement, 5, refresh_hash, -1, SQLITE_TRANSIENT);
  if (expires_at > 0)
    sqlite3_bind_int64 (statement, 6, expires_at);
  sqlite3_bind_text (statement, 7, now, -1, SQLITE_STATIC);

  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}

static JsonObject *
token_response (RosterFirm *self,
                gint64      user_id,
                const char *client_id,
                const char *refresh_token,
                GError    **error)
{
  g_autofree char *access_token = roster_firm_random_token (32);
  g_autofree char *new_refresh = NULL;
  g_autofree char *refresh_hash = NULL;
  JsonObject *response;

  if (refresh_token == NULL)
    {
      new_refresh = roster_firm_random_token (32);
      if (!insert_token (self, new_refresh, "refresh", user_id, client_id, NULL, 0, error))
        return NULL;
      refresh_token = new_refresh;
    }
  refresh_hash = roster_firm_hash_secret (refresh_token);

  if (!insert_token (self, access_token, "access", user_id, client_id, refresh_hash,
                     now_seconds () + self->token_lifetime, error))
    return NULL;

  response = json_object_new ();
  json_object_set_string_member (response, "access_token", access_token);
  json_object_set_string_member (response, "token_type", "bearer");
  json_object_set_int_member (response, "expires_in", self->token_lifetime);
  json_object_set_string_member (response, "refresh_token", refresh_token);

  return response;
}

JsonObject *
roster_firm_issue_tokens (RosterFirm *self,
                          gint64      user_id,
                          const char *client_id,
                          GError    **error)
{
  JsonObject *response;

  if (!roster_firm_begin (self, error))
    return NULL;
  response = token_response (self, user_id, client_id, NULL, error);
  if (response == NULL || !roster_firm_commit (self, error))
    {
      roster_firm_rollback (self);
      g_clear_pointer (&response, json_object_unref);
    }

  return response;
}

/* BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge, RFC 7636. */
static gboolean
pkce_matches (const char *verifier,
              const char *challenge)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *encoded = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize verifier_len;

  if (verifier == NULL || challenge == NULL)
    return FALSE;

  /* 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~" */
  verifier_len = strlen (verifier);
  if (verifier_len < 43 || verifier_len > 128)
    return FALSE;
  for (const char *p = verifier; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
      return FALSE;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, verifier_len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  encoded = g_base64_encode (digest, digest_len);
  for (char *p = encoded; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return g_str_equal (encoded, challenge);
}

JsonObject *
roster_firm_exchange_code (RosterFirm *self,
                           const char *client_id,
                           const char *code,
                           const char *redirect_uri,
                           const char *code_verifier,
                           GError    **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *stored_client = NULL;
  g_autofree char *stored_redirect = NULL;
  g_autofree char *challenge = NULL;
  sqlite3_stmt *statement;
  gint64 user_id = 0;
  gint64 expires_at = 0;
  gboolean used = TRUE;
  JsonObject *response;

  if (code == NULL || client_id == NULL || redirect_uri == NULL)
    {
      refuse (error, ROSTER_FIRM_ERROR_INVALID_REQUEST, "code, client_id and redirect_uri are required");
      return NULL;
    }

  if (!roster_firm_begin (self, error))
    return NULL;

  hash = roster_firm_hash_secret (code);
  statement = roster_firm_statement (self,
                                     "SELECT client_id, user_id, redirect_uri, code_challenge, expires_at, used"
                                     " FROM oauth_codes WHERE code_hash = ?",
                                     error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      stored_client = g_strdup (roster_firm_column_text (statement, 0));
      user_id = sqlite3_column_int64 (statement, 1);
      stored_redirect = g_strdup (roster_firm_column_text (statement, 2));
      challenge = g_strdup (roster_firm_column_text (statement, 3));
      expires_at = sqlite3_column_int64 (statement, 4);
      used = sqlite3_column_int (statement, 5);
    }
  sqlite3_reset (statement);

  if (user_id == 0 || used || expires_at <= now_seconds () ||
      !g_str_equal (stored_client, client_id) || !g_str_equal (stored_redirect, redirect_uri))
    {
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The authorization code is invalid, used or expired");
      goto failed;
    }

  /* The code is spent whether or not the verifier matches: a guess gets one try. */
  statement = roster_firm_statement (self, "UPDATE oauth_codes SET used = 1 WHERE code_hash = ?", error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    {
      roster_firm_set_db_error (self, error);
      goto failed;
    }

  if (!pkce_matches (code_verifier, challenge))
    {
      if (!roster_firm_commit (self, error))
        return NULL;
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The PKCE code verifier does not match the challenge");
      return NULL;
    }

  response = token_response (self, user_id, client_id, NULL, error);
  if (response == NULL)
    goto failed;
  if (!roster_firm_commit (self, error))
    {
      json_object_unref (response);
      return NULL;
    }

  return response;

failed:
  roster_firm_rollback (self);
  return NULL;
}

JsonObject *
roster_firm_refresh (RosterFirm *self,
                     const char *client_id,
                     const char *refresh_token,
                     GError    **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *statement;
  gint64 user_id = 0;
  JsonObject *response;
  g_autoptr(RosterActor) actor = NULL;

  if (refresh_token == NULL || client_id == NULL)
    {
      refuse (error, ROSTER_FIRM_ERROR_INVALID_REQUEST, "refresh_token and client_id are required");
      return NULL;
    }

  if (roster_firm_is_closed (self))
    {
      refuse (error, ROSTER_FIRM_ERROR_ACCOUNT_CLOSED, "This account is closed");
      return NULL;
    }

  hash = roster_firm_hash_secret (refresh_token);
  statement = roster_firm_statement (self,
                                     "SELECT user_id FROM oauth_tokens WHERE token_hash = ? AND kind = 'refresh'"
                                     " AND revoked = 0 AND client_id = ?",
                                     error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, client_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    user_id = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  actor = user_id ? roster_firm_load_actor (self, user_id) : NULL;
  if (actor == NULL || !actor->enabled)
    {
      refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The refresh token is unknown or revoked");
      return NULL;
    }

  if (!roster_firm_begin (self, error))
    return NULL;
  response = token_response (self, user_id, client_id, refresh_token, error);
  if (response == NULL || !roster_firm_commit (self, error))
    {
      roster_firm_rollback (self);
      g_clear_pointer (&response, json_object_unref);
    }

  return response;
}

/* Revokes an access token and the refresh token it came from, with every
 * other access token of that refresh token: the client is signed out. */
gboolean
roster_firm_deauthorize (RosterFirm *self,
                         const char *access_token,
                         GError    **error)
{
  g_autofree char *hash = roster_firm_hash_secret (access_token ? access_token : "");
  g_autofree char *refresh_hash = NULL;
  sqlite3_stmt *statement;

  statement = roster_firm_statement (self,
                                     "SELECT refresh_hash FROM oauth_tokens WHERE token_hash = ? AND kind = 'access'"
                                     " AND revoked = 0",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      sqlite3_reset (statement);
      return refuse (error, ROSTER_FIRM_ERROR_UNAUTHORIZED, "The access token is unknown or already revoked");
    }
  refresh_hash = g_strdup (roster_firm_column_text (statement, 0));
  sqlite3_reset (statement);

  statement = roster_firm_statement (self,
                                     "UPDATE oauth_tokens SET revoked = 1 WHERE token_hash = ?"
                                     " OR (? IS NOT NULL AND (token_hash = ? OR refresh_hash = ?))",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, refresh_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, refresh_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, refresh_hash, -1, SQLITE_STATIC);
  if (!roster_database_step_done (self->db, statement, NULL))
    return roster_firm_set_db_error (self, error);

  return TRUE;
}
