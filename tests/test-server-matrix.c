/* test-server-matrix.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <sqlite3.h>

#include "raw-server.h"

/*
 * The authorization matrix: ten kinds of credentials against every write
 * and every read that only those who manage the firm may make, then the
 * account closed and every request again. Each cell says who may: an
 * invalid credential is 401 everywhere; a member of the firm is 403 where
 * managers alone may go, and before the server reads a body; the primary
 * subscriber manages but does not close the account (403); after the
 * closure, every request is 403 account_closed, whoever sends it.
 */

typedef enum
{
  MAY_ANYONE_SIGNED_IN,
  MAY_MANAGERS,     /* administrators and the primary subscriber */
  MAY_ADMINISTRATORS,
} Who;

typedef struct
{
  const char *method;
  const char *path;
  const char *body;   /* NULL: none */
  Who         who;
} Operation;

/* Daniel (4) is deactivated and reactivated, James (6) would lose his work
 * (a dry run): neither holds a token of the matrix. */
static const Operation operations[] = {
  { "GET", "/api/v4/users.json?fields=id,name", NULL, MAY_ANYONE_SIGNED_IN },
  { "GET", "/api/v4/users/who_am_i.json", NULL, MAY_ANYONE_SIGNED_IN },
  { "GET", "/api/v4/matters.json?fields=id,display_number&limit=5", NULL, MAY_ANYONE_SIGNED_IN },
  { "GET", "/api/v4/audit_events.json?limit=5", NULL, MAY_MANAGERS },
  { "GET", "/api/v4/calendar_entries.json?fields=id&include_hidden=true&limit=5", NULL, MAY_MANAGERS },
  { "POST", "/api/v4/users/4/deactivate.json", "", MAY_MANAGERS },
  { "POST", "/api/v4/users/4/activate.json", "", MAY_MANAGERS },
  { "POST", "/api/v4/users/6/reassign_work.json",
    "{\"data\": {\"matters_to\": 2, \"tasks_to\": 2, \"calendar_entries_to\": 2, \"dry_run\": true}}", MAY_MANAGERS },
  { "PATCH", "/api/v4/account/renewal_options.json", "{\"data\": {\"remove_unused_licenses\": false}}", MAY_MANAGERS },
  { "PATCH", "/api/v4/tasks/1.json", "{\"data\": {\"name\": \"Renamed by the matrix\"}}", MAY_MANAGERS },
  { "DELETE", "/api/v4/calendar_entries/1.json", NULL, MAY_MANAGERS },
  { "POST", "/api/v4/account/closure.json",
    "{\"data\": {\"reason\": \"too_expensive\", \"verification_code\": \"000000\","
    " \"confirmation\": \"I Want To Permanently Close My Account\"}}", MAY_ADMINISTRATORS },
};

typedef enum
{
  ROLE_ADMINISTRATOR,
  ROLE_PRIMARY_SUBSCRIBER,
  ROLE_MEMBER,
  ROLE_INVALID,
} Role;

typedef struct
{
  const char *name;
  char       *header;  /* the Authorization header's value, or NULL for none */
  Role        role;
} Credential;

static char *
token_of (Server     *server,
          const char *email)
{
  return run_tool ("support", "issue-token", "--db", server->db, email, NULL);
}

static char *
bearer (const char *token)
{
  return g_strdup_printf ("Bearer %s", token);
}

/* What the firm's database says of @token: as support would expire or
 * revoke it (the server keeps only a token's hash). */
static void
change_token (Server     *server,
              const char *token,
              const char *assignment)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *sql = g_strdup_printf ("UPDATE oauth_tokens SET %s WHERE token_hash = ?", assignment);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open (server->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, hash, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (statement);
  sqlite3_close (db);
}

/* The ten kinds: three who may, seven who may not. */
static GPtrArray *
credentials_for (Server *server)
{
  GPtrArray *credentials = g_ptr_array_new ();
  g_autofree char *admin = token_of (server, "marcus.reyes@hartbell.example");
  g_autofree char *owner = token_of (server, "olivia.hart@hartbell.example");
  g_autofree char *member = token_of (server, "sofia.varga@hartbell.example");
  g_autofree char *leaver = token_of (server, "amara.shah@hartbell.example");
  g_autofree char *expired = token_of (server, "lucas.obrien@hartbell.example");
  g_autofree char *revoked = token_of (server, "hannah.chen@hartbell.example");
  g_autofree char *pair = run_tool ("support", "issue-tokens", "--db", server->db,
                                    "mateo.murphy@hartbell.example", NULL);
  g_auto(GStrv) access_and_refresh = g_strsplit (pair, " ", 2);
  static Credential kinds[10];

  g_assert_cmpuint (g_strv_length (access_and_refresh), ==, 2);

  kinds[0] = (Credential) { "administrator", bearer (admin), ROLE_ADMINISTRATOR };
  kinds[1] = (Credential) { "primary subscriber", bearer (owner), ROLE_PRIMARY_SUBSCRIBER };
  kinds[2] = (Credential) { "member", bearer (member), ROLE_MEMBER };
  kinds[3] = (Credential) { "deactivated user's token", bearer (leaver), ROLE_INVALID };
  kinds[4] = (Credential) { "expired token", bearer (expired), ROLE_INVALID };
  kinds[5] = (Credential) { "revoked token", bearer (revoked), ROLE_INVALID };
  kinds[6] = (Credential) { "refresh token as access token", bearer (access_and_refresh[1]), ROLE_INVALID };
  kinds[7] = (Credential) { "garbage", g_strdup ("Bearer 0123456789abcdef"), ROLE_INVALID };
  kinds[8] = (Credential) { "basic authentication", g_strdup ("Basic bWFyY3VzOnNlY3JldA=="), ROLE_INVALID };
  kinds[9] = (Credential) { "no credentials", NULL, ROLE_INVALID };

  /* Made invalid as each kind says, on the server's side. */
  {
    g_autofree char *answer = raw_send (server, "POST", "/api/v4/users/7/deactivate.json", kinds[0].header, "");

    g_assert_cmpuint (status_of (answer), ==, 200);
  }
  change_token (server, expired, "expires_at = 1");
  change_token (server, revoked, "revoked = 1");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_ptr_array_add (credentials, &kinds[i]);
  return credentials;
}

static gboolean
may (Role role,
     Who  who)
{
  switch (role)
    {
    case ROLE_ADMINISTRATOR:
      return TRUE;
    case ROLE_PRIMARY_SUBSCRIBER:
      return who != MAY_ADMINISTRATORS;
    case ROLE_MEMBER:
      return who == MAY_ANYONE_SIGNED_IN;
    case ROLE_INVALID:
    default:
      return FALSE;
    }
}

static void
test_matrix (void)
{
  Server server = { 0 };
  g_autoptr(GPtrArray) credentials = NULL;
  g_autofree char *log = NULL;
  guint cases = 0;
  guint wrong = 0;

  server_start (&server, "--quiet", NULL);
  credentials = credentials_for (&server);

  /* Those who may not go first: a record deleted by one who may would
   * answer 404 to the others. */
  for (guint o = 0; o < G_N_ELEMENTS (operations); o++)
    for (guint c = credentials->len; c-- > 0;)
      {
        const Operation *operation = &operations[o];
        const Credential *credential = g_ptr_array_index (credentials, c);
        g_autofree char *answer = raw_send (&server, operation->method, operation->path, credential->header,
                                            operation->body);
        guint status = status_of (answer);
        gboolean right;

        if (may (credential->role, operation->who))
          right = status != 401 && status != 403;
        else if (credential->role == ROLE_INVALID)
          right = status == 401;
        else
          right = status == 403;

        cases++;
        if (!right)
          {
            wrong++;
            g_test_message ("WRONG: %s %s by %s: %u", operation->method, operation->path, credential->name, status);
          }
      }

  /* Closed by an administrator, with a code from support. */
  {
    g_autofree char *code = run_tool ("support", "closure-code", "--db", server.db, NULL);
    g_autofree char *body = g_strdup_printf ("{\"data\": {\"reason\": \"too_expensive\", \"verification_code\": \"%s\","
                                             " \"confirmation\": \"I Want To Permanently Close My Account\"}}", code);
    const Credential *admin = g_ptr_array_index (credentials, 0);
    g_autofree char *answer = raw_send (&server, "POST", "/api/v4/account/closure.json", admin->header, body);

    g_assert_cmpuint (status_of (answer), ==, 200);
    cases++;
  }

  /* Then every request of everyone is refused: the account is closed. */
  for (guint o = 0; o < G_N_ELEMENTS (operations); o++)
    for (guint c = 0; c < credentials->len; c++)
      {
        const Operation *operation = &operations[o];
        const Credential *credential = g_ptr_array_index (credentials, c);
        g_autofree char *answer = raw_send (&server, operation->method, operation->path, credential->header,
                                            operation->body);

        cases++;
        if (status_of (answer) != 403 || strstr (answer, "account_closed") == NULL)
          {
            wrong++;
            g_test_message ("WRONG after closure: %s %s by %s: %u", operation->method, operation->path,
                            credential->name, status_of (answer));
          }
      }

  g_test_message ("%u cases, %u wrong answers", cases, wrong);
  g_assert_cmpuint (cases, ==, 2 * G_N_ELEMENTS (operations) * credentials->len + 1);
  g_assert_cmpuint (wrong, ==, 0);

  for (guint c = 0; c < credentials->len; c++)
    g_free (((Credential *) g_ptr_array_index (credentials, c))->header);
  log = server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/matrix/authorization", test_matrix);

  return g_test_run ();
}
