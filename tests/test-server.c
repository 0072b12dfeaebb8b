/* test-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * roster-server over real HTTP: every endpoint, every rule of the seed with
 * each refusal's status and type, OAuth with PKCE, paging, ETags,
 * idempotency, rate limits and bad input.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <sqlite3.h>

#include "server-fixture.h"

#define MAX_HUGE_BODY (1024 * 1024 + 10)

#define OWNER "olivia.hart@hartbell.example"        /* primary subscriber, not an administrator */
#define ADMIN "marcus.reyes@hartbell.example"       /* administrator */
#define ADMIN2 "priya.mbeki@hartbell.example"       /* administrator */
#define STAFF "daniel.garcia@hartbell.example"      /* neither */
#define PI_USER_ID 5                                /* holds a Personal Injury license */
#define DEACTIVATED_ID 13
#define DEACTIVATED2_ID 14
#define DEACTIVATED3_ID 21
#define DANA_OLD_ID 23                              /* deactivated; shares an e-mail with 24 */
#define DANA_EMAIL "dana.whitfield@hartbell.example"

typedef struct
{
  ServerFixture  server;
  char          *admin;
  char          *owner;
  char          *staff;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  server_fixture_start (&fixture->server, "small", (const char **) data);
  fixture->admin = server_fixture_token (&fixture->server, ADMIN);
  fixture->owner = server_fixture_token (&fixture->server, OWNER);
  fixture->staff = server_fixture_token (&fixture->server, STAFF);
}

/* The odd firm: unusual but valid data (roster-server seed --firm odd). */
#define ODD_ADMIN "ada@odd.example"   /* primary subscriber and administrator */
#define ODD_STAFF "bo@odd.example"

static void
odd_set_up (Fixture      *fixture,
            gconstpointer data)
{
  server_fixture_start (&fixture->server, "odd", (const char **) data);
  fixture->admin = server_fixture_token (&fixture->server, ODD_ADMIN);
  fixture->owner = server_fixture_token (&fixture->server, ODD_ADMIN);
  fixture->staff = server_fixture_token (&fixture->server, ODD_STAFF);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  server_fixture_stop (&fixture->server);
  g_free (fixture->admin);
  g_free (fixture->owner);
  g_free (fixture->staff);
}

static Response *
get (Fixture    *fixture,
     const char *token,
     const char *path)
{
  return server_fixture_request (&fixture->server, "GET", path, token, NULL, NULL, NULL);
}

static Response *
post (Fixture    *fixture,
      const char *token,
      const char *path,
      const char *body)
{
  return server_fixture_request (&fixture->server, "POST", path, token, body, NULL, NULL);
}

static void
assert_refused (Response   *response,
                guint       status,
                const char *type)
{
  if (response->status != status)
    g_error ("expected %u %s, got %u: %s", status, type, response->status, response->body);
  g_assert_cmpstr (response_error_type (response), ==, type);
}

static const char *
error_message (Response *response)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (response->root), "error"),
                                        "message");
}

/* A refusal of a query parameter, whose message names it and, for an
 * enumeration, what it takes. */
static void
assert_parameter_refused (Response   *response,
                          const char *name,
                          const char *also_named)
{
  assert_refused (response, 400, "invalid_parameter");
  if (strstr (error_message (response), name) == NULL ||
      (also_named != NULL && strstr (error_message (response), also_named) == NULL))
    g_error ("“%s” does not name %s %s", error_message (response), name, also_named ? also_named : "");
}

static gint64
records_of (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (response->root), "meta"),
                                     "records");
}

static gint64
audit_count (Fixture    *fixture,
             const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = '%s'", action);

  return server_fixture_sql_int (&fixture->server, sql);
}

/* Reads ------------------------------------------------------------------- */

static void
test_reads (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(Response) users = NULL;
  g_autoptr(Response) selected = NULL;
  g_autoptr(Response) who = NULL;
  g_autoptr(Response) matter = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) nested_unknown = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) extensions = NULL;
  g_autoptr(Response) enabled = NULL;
  JsonObject *first;
  JsonObject *attorney;
  JsonObject *meta;

  /* By default a record is its id and etag, in Clio's envelope. */
  users = get (fixture, fixture->admin, "/api/v4/users.json");
  g_assert_cmpuint (users->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (response_data_array (users)), ==, 25);
  first = json_array_get_object_element (response_data_array (users), 0);
  g_assert_cmpuint (json_object_get_size (first), ==, 2);
  g_assert_true (json_object_has_member (first, "id"));
  g_assert_true (json_object_has_member (first, "etag"));
  meta = json_object_get_object_member (json_node_get_object (users->root), "meta");
  g_assert_cmpint (json_object_get_int_member (meta, "records"), ==, 25);
  g_assert_false (json_object_has_member (json_object_get_object_member (meta, "paging"), "next"));
  g_assert_nonnull (soup_message_headers_get_one (users->headers, "X-RateLimit-Limit"));
  g_assert_nonnull (soup_message_headers_get_one (users->headers, "X-RateLimit-Remaining"));
  g_assert_nonnull (soup_message_headers_get_one (users->headers, "X-RateLimit-Reset"));

  selected = get (fixture, fixture->admin, "/api/v4/users/1.json?fields=id,name,account_owner,roles,enabled,personal_injury_license");
  g_assert_cmpuint (selected->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (selected), "name"), ==, "Olivia Hart");
  g_assert_true (json_object_get_boolean_member (response_data_object (selected), "account_owner"));
  g_assert_false (json_object_has_member (response_data_object (selected), "etag"));

  who = get (fixture, fixture->staff, "/api/v4/users/who_am_i.json?fields=id,email");
  g_assert_cmpstr (json_object_get_string_member (response_data_object (who), "email"), ==, STAFF);

  enabled = get (fixture, fixture->admin, "/api/v4/users.json?enabled=false&fields=id");
  g_assert_cmpuint (json_array_get_length (response_data_array (enabled)), ==, 4);

  /* One level of nesting. */
  matter = get (fixture, fixture->admin, "/api/v4/matters/1.json?fields=id,status,responsible_attorney{id,name},group{type}");
  g_assert_cmpuint (matter->status, ==, 200);
  attorney = json_object_get_object_member (response_data_object (matter), "responsible_attorney");
  g_assert_cmpuint (json_object_get_size (attorney), ==, 2);
  g_assert_nonnull (json_object_get_string_member (attorney, "name"));

  unknown = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,salary");
  assert_refused (unknown, 400, "invalid_fields");
  nested_unknown = get (fixture, fixture->admin, "/api/v4/matters.json?fields=responsible_attorney{id,password}");
  assert_refused (nested_unknown, 400, "invalid_fields");
  missing = get (fixture, fixture->admin, "/api/v4/tasks/999999.json");
  assert_refused (missing, 404, "not_found");

  extensions = get (fixture, fixture->admin, "/api/v4/extensions.json");
  g_assert_cmpuint (extensions->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (extensions), "api"), ==, "roster");
}

/* Every task or calendar entry the staff member reads nests no matter
 * private to someone else: as the matter itself answers 404, it is null. */
static void
assert_no_private_nested (Fixture    *fixture,
                          const char *resource)
{
  g_autofree char *path = g_strdup_printf ("/api/v4/%s.json?fields=id,matter{id,display_number,description}"
                                           "&limit=200", resource);
  g_autoptr(Response) list = get (fixture, fixture->staff, path);
  JsonArray *records = response_data_array (list);
  guint nested = 0;

  g_assert_cmpuint (list->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      JsonNode *matter = json_object_get_member (record, "matter");
      g_autofree char *sql = NULL;

      if (JSON_NODE_HOLDS_NULL (matter))
        continue;
      nested++;
      sql = g_strdup_printf ("SELECT count(*) FROM matters WHERE id = %" G_GINT64_FORMAT
                             " AND private_to_user_id IS NOT NULL AND private_to_user_id <>"
                             " (SELECT id FROM users WHERE email = '" STAFF "')",
                             json_object_get_int_member (json_node_get_object (matter), "id"));
      if (server_fixture_sql_int (&fixture->server, sql) != 0)
        g_error ("%s %" G_GINT64_FORMAT " nests another user's private matter", resource,
                 json_object_get_int_member (record, "id"));
    }
  g_assert_cmpuint (nested, >, 0);
}

/* The hostile tester's finding: lists and records of tasks and calendar
 * entries nested the whole matter, number and description, without the
 * private-matter rule the matters list applies. */
static void
test_private_matters_nested (Fixture      *fixture,
                             gconstpointer data)
{
  gint64 task = server_fixture_sql_int (&fixture->server,
                                        "SELECT t.id FROM tasks t JOIN matters m ON m.id = t.matter_id"
                                        " WHERE m.private_to_user_id IS NOT NULL AND m.private_to_user_id <>"
                                        " (SELECT id FROM users WHERE email = '" STAFF "') ORDER BY t.id LIMIT 1");
  gint64 matter = server_fixture_sql_int (&fixture->server, "SELECT matter_id FROM tasks WHERE id = (SELECT t.id"
                                          " FROM tasks t JOIN matters m ON m.id = t.matter_id"
                                          " WHERE m.private_to_user_id IS NOT NULL AND m.private_to_user_id <>"
                                          " (SELECT id FROM users WHERE email = '" STAFF "') ORDER BY t.id LIMIT 1)");
  g_autofree char *task_path = g_strdup_printf ("/api/v4/tasks/%" G_GINT64_FORMAT ".json"
                                                "?fields=id,matter{id,display_number,description}", task);
  g_autofree char *matter_path = g_strdup_printf ("/api/v4/matters/%" G_GINT64_FORMAT ".json", matter);

  g_assert_cmpint (task, >, 0);

  /* The matter itself is not found for the staff member… */
  {
    g_autoptr(Response) response = get (fixture, fixture->staff, matter_path);

    assert_refused (response, 404, "not_found");
  }
  /* …so the task they may read does not nest it either. */
  {
    g_autoptr(Response) response = get (fixture, fixture->staff, task_path);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (response_data_object (response), "matter")));
  }
  /* An administrator sees it, number and all. */
  {
    g_autoptr(Response) response = get (fixture, fixture->admin, task_path);
    JsonObject *nested;

    g_assert_cmpuint (response->status, ==, 200);
    nested = json_object_get_object_member (response_data_object (response), "matter");
    g_assert_nonnull (nested);
    g_assert_cmpint (json_object_get_int_member (nested, "id"), ==, matter);
    g_assert_nonnull (json_object_get_string_member (nested, "display_number"));
  }

  assert_no_private_nested (fixture, "tasks");
  assert_no_private_nested (fixture, "calendar_entries");
}

/* The hostile tester's finding: {"data": and 100,000 "[" (160 KB, under
 * the size limit) killed the server, parsed before the permission check.
 * Now the staff member is refused before the body is read, an
 * administrator's is refused for its depth, and the server answers on. */
static void
test_deep_body (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GString) body = g_string_new ("{\"data\": ");
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) admin = NULL;
  g_autoptr(Response) after = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');

  staff = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->staff,
                                  body->str, NULL, NULL);
  assert_refused (staff, 403, "forbidden");
  admin = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->admin,
                                  body->str, NULL, NULL);
  assert_refused (admin, 400, "invalid_request");
  g_assert_nonnull (strstr (error_message (admin), "nests deeper"));
  {
    g_autoptr(Response) closure = post (fixture, fixture->admin, "/api/v4/account/closure.json", body->str);

    assert_refused (closure, 400, "invalid_request");
  }

  after = get (fixture, fixture->staff, "/api/v4/users/who_am_i.json");
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_unauthenticated (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(Response) none = get (fixture, NULL, "/api/v4/users.json");
  g_autoptr(Response) bad = get (fixture, "not-a-token", "/api/v4/users.json");

  assert_refused (none, 401, "unauthorized");
  assert_refused (bad, 401, "unauthorized");
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
}

/* Paging ------------------------------------------------------------------ */

static void
test_paging_while_changing (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *path = g_strdup ("/api/v4/tasks.json?fields=id,etag,name&limit=200&order=id(asc)");
  gint64 expected;
  guint pages = 0;

  /* 10,000 tasks and more, before the first page. */
  server_fixture_sql (&fixture->server,
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8600)"
                      " INSERT INTO tasks (name, status, priority, assignee_id, created_at, updated_at)"
                      " SELECT 'Bulk task ' || i, 'pending', 'Normal', 4, '2026-01-01T00:00:00.000000Z',"
                      " '2026-01-01T00:00:00.000000Z' FROM n");
  expected = server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks");
  g_assert_cmpint (expected, >=, 10000);

  while (path != NULL)
    {
      g_autoptr(Response) page = get (fixture, fixture->admin, path);
      JsonArray *items;
      JsonObject *paging;
      g_autofree char *patch_path = NULL;
      g_autoptr(Response) patched = NULL;

      g_assert_cmpuint (page->status, ==, 200);
      items = response_data_array (page);
      g_assert_cmpuint (json_array_get_length (items), <=, 200);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");

          /* No duplicate. */
          g_assert_false (g_hash_table_contains (seen, &id));
          g_array_append_val (ids, id);
          g_hash_table_add (seen, &g_array_index (ids, gint64, ids->len - 1));
        }

      /* Meanwhile the firm changes: a task already seen and one still ahead
       * are renamed, and a new task is added at the end. */
      patch_path = g_strdup_printf ("/api/v4/tasks/%u.json", 1 + pages * 37);
      patched = server_fixture_request (&fixture->server, "PATCH", patch_path, fixture->admin,
                                        "{\"data\": {\"name\": \"Renamed while paging\"}}", NULL, NULL);
      g_assert_cmpuint (patched->status, ==, 200);

      pages++;
      g_clear_pointer (&path, g_free);
      paging = json_object_get_object_member (json_object_get_object_member (json_node_get_object (page->root), "meta"), "paging");
      if (json_object_has_member (paging, "next"))
        {
          const char *next = json_object_get_string_member (paging, "next");

          g_assert_true (g_str_has_prefix (next, fixture->server.base_url));
          path = g_strdup (next + strlen (fixture->server.base_url));
        }
    }

  /* No gap: every task that was there at the start was seen, in order. */
  g_assert_cmpint (ids->len, ==, expected);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));
  g_assert_cmpuint (pages, ==, (expected + 199) / 200);
}

static void
test_bad_page_token (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(Response) garbage = get (fixture, fixture->admin, "/api/v4/users.json?page_token=%25%25%25");
  g_autoptr(Response) order = get (fixture, fixture->admin, "/api/v4/users.json?order=salary(desc)");
  g_autoptr(Response) since = get (fixture, fixture->admin, "/api/v4/users.json?updated_since=yesterday");

  assert_refused (garbage, 400, "invalid_parameter");
  assert_refused (order, 400, "invalid_parameter");
  assert_refused (since, 400, "invalid_parameter");
}

/* ETags -------------------------------------------------------------------- */

static void
test_etags (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) cached = NULL;
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) fresh = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) list = NULL;
  g_autoptr(Response) list_cached = NULL;
  g_autofree char *etag = NULL;

  first = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=id,etag,description");
  g_assert_cmpuint (first->status, ==, 200);
  /* The record's etag names its version; the answer's ETag names what it
   * shows, which is asked for again with If-None-Match. */
  etag = g_strdup (json_object_get_string_member (response_data_object (first), "etag"));
  g_assert_nonnull (soup_message_headers_get_one (first->headers, "ETag"));

  cached = server_fixture_request (&fixture->server, "GET", "/api/v4/matters/2.json?fields=id,etag,description",
                                   fixture->admin, NULL, "If-None-Match",
                                   soup_message_headers_get_one (first->headers, "ETag"));
  g_assert_cmpuint (cached->status, ==, 304);
  g_assert_cmpstr (cached->body, ==, "");

  fresh = server_fixture_request (&fixture->server, "PATCH", "/api/v4/matters/2.json", fixture->admin,
                                  "{\"data\": {\"description\": \"Renamed\"}}", "If-Match", etag);
  g_assert_cmpuint (fresh->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (fresh), "description"), ==, "Renamed");
  g_assert_cmpstr (json_object_get_string_member (response_data_object (fresh), "etag"), !=, etag);

  /* The etag read before the change is stale now. */
  stale = server_fixture_request (&fixture->server, "PATCH", "/api/v4/matters/2.json", fixture->admin,
                                  "{\"data\": {\"description\": \"Lost update\"}}", "If-Match", etag);
  assert_refused (stale, 412, "precondition_failed");

  after = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=description");
  g_assert_cmpstr (json_object_get_string_member (response_data_object (after), "description"), ==, "Renamed");

  /* A list has an ETag too. */
  list = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,etag");
  list_cached = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json?fields=id,etag", fixture->admin,
                                        NULL, "If-None-Match", soup_message_headers_get_one (list->headers, "ETag"));
  g_assert_cmpuint (list_cached->status, ==, 304);
}

/* Deactivation --------------------------------------------------------------- */

static void
test_deactivate (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(Response) owner = NULL;
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) self_deactivation = NULL;
  g_autoptr(Response) done = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) entries = NULL;
  g_autoptr(Response) hidden = NULL;
  g_autoptr(Response) account = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v4/users/%d/deactivate.json", PI_USER_ID);
  g_autofree char *entries_path = NULL;
  JsonObject *effects;
  gint64 own_entries;

  owner = post (fixture, fixture->admin, "/api/v4/users/1/deactivate.json", NULL);
  assert_refused (owner, 422, "primary_subscriber");

  staff = post (fixture, fixture->staff, path, NULL);
  assert_refused (staff, 403, "forbidden");

  self_deactivation = post (fixture, fixture->admin, "/api/v4/users/2/deactivate.json", NULL);
  assert_refused (self_deactivation, 422, "self_deactivation");

  own_entries = server_fixture_sql_int (&fixture->server,
                                        "SELECT count(*) FROM calendar_entries e JOIN calendars c ON c.id = e.calendar_id"
                                        " WHERE c.user_id = 5");
  g_assert_cmpint (own_entries, >, 0);

  /* The primary subscriber may deactivate, like an administrator. */
  done = post (fixture, fixture->owner, path, NULL);
  g_assert_cmpuint (done->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (response_data_object (done), "enabled"));
  g_assert_false (json_object_get_boolean_member (response_data_object (done), "personal_injury_license"));
  effects = json_object_get_object_member (json_object_get_object_member (json_node_get_object (done->root), "meta"), "effects");
  g_assert_cmpstr (json_object_get_string_member (effects, "billing"), ==, "license_freed");
  g_assert_true (json_object_get_boolean_member (effects, "personal_injury_license_removed"));
  g_assert_true (json_object_get_boolean_member (effects, "activity_kept"));
  g_assert_cmpint (json_object_get_int_member (effects, "calendar_entries_hidden"), ==, own_entries);

  again = post (fixture, fixture->admin, path, NULL);
  assert_refused (again, 409, "already_deactivated");

  /* Their calendar entries are hidden from lists, their activity kept. */
  entries_path = g_strdup_printf ("/api/v4/calendar_entries.json?calendar_id=%d&fields=id", 100 + PI_USER_ID);
  entries = get (fixture, fixture->admin, entries_path);
  g_assert_cmpuint (json_array_get_length (response_data_array (entries)), ==, 0);
  g_free (entries_path);
  entries_path = g_strdup_printf ("/api/v4/calendar_entries.json?calendar_id=%d&include_hidden=true&fields=id,hidden", 100 + PI_USER_ID);
  hidden = get (fixture, fixture->admin, entries_path);
  g_assert_cmpint (json_array_get_length (response_data_array (hidden)), ==, own_entries);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (response_data_array (hidden), 0), "hidden"));
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 5"), >, 0);

  /* On the annual plan the license is free for another user now. */
  account = get (fixture, fixture->admin, "/api/v4/account.json");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (response_data_object (account), "licenses"), "unused"), ==, 3);
  g_assert_cmpint (audit_count (fixture, "user.deactivate"), ==, 1);
}

static void
test_deactivate_monthly (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(Response) done = NULL;
  g_autoptr(Response) account = NULL;
  JsonObject *effects;
  JsonObject *licenses;

  g_autoptr(Response) before = NULL;

  server_fixture_sql (&fixture->server, "UPDATE account SET subscription = 'monthly'");
  before = get (fixture, fixture->admin, "/api/v4/account.json");
  done = post (fixture, fixture->admin, "/api/v4/users/4/deactivate.json", NULL);
  g_assert_cmpuint (done->status, ==, 200);
  effects = json_object_get_object_member (json_object_get_object_member (json_node_get_object (done->root), "meta"), "effects");
  g_assert_cmpstr (json_object_get_string_member (effects, "billing"), ==, "no_longer_charged");

  /* A monthly plan pays for the users in use, and nothing unused. */
  account = get (fixture, fixture->admin, "/api/v4/account.json");
  licenses = json_object_get_object_member (response_data_object (account), "licenses");
  g_assert_cmpint (json_object_get_int_member (licenses, "total"), ==, json_object_get_int_member (licenses, "in_use"));
  g_assert_cmpint (json_object_get_int_member (licenses, "in_use"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (licenses, "unused"), ==, 0);

  /* The account as shown changed, and so did its ETag: a client asking
   * with the old one gets the new account, not a 304. */
  g_assert_cmpstr (json_object_get_string_member (response_data_object (account), "etag"), !=,
                   json_object_get_string_member (response_data_object (before), "etag"));
}

/* Reactivation ------------------------------------------------------------- */

static void
test_activate (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) active = NULL;
  g_autoptr(Response) dana = NULL;
  g_autoptr(Response) dana_again = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) third = NULL;
  g_autoptr(Response) deactivated = NULL;
  g_autoptr(Response) pi = NULL;
  g_autofree char *released = NULL;
  g_autofree char *path = NULL;

  staff = post (fixture, fixture->staff, "/api/v4/users/13/activate.json", NULL);
  assert_refused (staff, 403, "forbidden");

  active = post (fixture, fixture->admin, "/api/v4/users/4/activate.json", NULL);
  assert_refused (active, 409, "already_active");

  /* Another active user signs in with Dana's old address. */
  path = g_strdup_printf ("/api/v4/users/%d/activate.json", DANA_OLD_ID);
  dana = post (fixture, fixture->admin, path, NULL);
  assert_refused (dana, 409, "email_unavailable");

  /* Support releases it; then Dana's old account can come back. */
  released = server_fixture_support (&fixture->server, "release-email", DANA_EMAIL, NULL);
  g_assert_nonnull (strstr (released, DANA_EMAIL));
  dana_again = post (fixture, fixture->admin, path, NULL);
  g_assert_cmpuint (dana_again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (dana_again), "email"), ==, DANA_EMAIL);

  /* The annual plan had two licenses free; Dana took one. */
  first = post (fixture, fixture->admin, "/api/v4/users/13/activate.json", NULL);
  g_assert_cmpuint (first->status, ==, 200);
  second = post (fixture, fixture->admin, "/api/v4/users/14/activate.json", NULL);
  assert_refused (second, 422, "no_free_license");

  /* Deactivating one frees a license again; a lost Personal Injury license
   * does not come back with reactivation. */
  deactivated = post (fixture, fixture->admin, "/api/v4/users/5/deactivate.json", NULL);
  g_assert_cmpuint (deactivated->status, ==, 200);
  third = post (fixture, fixture->admin, "/api/v4/users/5/activate.json", NULL);
  g_assert_cmpuint (third->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (response_data_object (third), "personal_injury_license"));
  pi = get (fixture, fixture->admin, "/api/v4/users/5.json?fields=personal_injury_license,enabled");
  g_assert_true (json_object_get_boolean_member (response_data_object (pi), "enabled"));
  g_assert_false (json_object_get_boolean_member (response_data_object (pi), "personal_injury_license"));
  g_assert_cmpint (audit_count (fixture, "support.release_email"), ==, 1);
}

/* Reassigning work --------------------------------------------------------- */

static guint
count_reason (JsonArray  *stayed,
              const char *reason)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (stayed); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (stayed, i), "reason"), reason) == 0;

  return n;
}

static void
test_reassign_refusals (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) to_deactivated = NULL;
  g_autoptr(Response) to_self = NULL;
  g_autoptr(Response) to_nobody = NULL;
  g_autoptr(Response) nothing = NULL;
  g_autoptr(Response) wrong_type = NULL;

  staff = post (fixture, fixture->staff, "/api/v4/users/13/reassign_work.json", "{\"data\": {\"matters_to\": 4}}");
  assert_refused (staff, 403, "forbidden");
  to_deactivated = post (fixture, fixture->admin, "/api/v4/users/13/reassign_work.json", "{\"data\": {\"matters_to\": 14}}");
  assert_refused (to_deactivated, 422, "invalid_receiver");
  to_self = post (fixture, fixture->admin, "/api/v4/users/4/reassign_work.json", "{\"data\": {\"tasks_to\": 4}}");
  assert_refused (to_self, 422, "invalid_receiver");
  to_nobody = post (fixture, fixture->admin, "/api/v4/users/4/reassign_work.json", "{\"data\": {\"tasks_to\": 4000}}");
  assert_refused (to_nobody, 422, "invalid_receiver");
  nothing = post (fixture, fixture->admin, "/api/v4/users/4/reassign_work.json", "{\"data\": {\"matters_to\": null}}");
  assert_refused (nothing, 422, "validation_failed");
  wrong_type = post (fixture, fixture->admin, "/api/v4/users/4/reassign_work.json", "{\"data\": {\"matters_to\": \"7\"}}");
  assert_refused (wrong_type, 400, "invalid_request");
}

static void
test_reassign (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(Response) dry = NULL;
  g_autoptr(Response) done = NULL;
  g_autoptr(Response) notifications = NULL;
  g_autoptr(Response) audit = NULL;
  g_autoptr(GDir) spool = NULL;
  g_autofree char *receiver_token = NULL;
  JsonObject *dry_data;
  JsonObject *done_data;
  const char *kinds[] = { "matters", "tasks", "calendar_entries" };
  gint64 moved_matters;
  gint64 tasks_before;
  guint mails = 0;

  /* From a deactivated user to an active one: matters to 4, tasks and
   * calendar entries to 7. */
  dry = post (fixture, fixture->admin, "/api/v4/users/13/reassign_work.json",
              "{\"data\": {\"matters_to\": 4, \"tasks_to\": 7, \"calendar_entries_to\": 7, \"dry_run\": true}}");
  g_assert_cmpuint (dry->status, ==, 200);
  dry_data = response_data_object (dry);
  g_assert_true (json_object_get_boolean_member (dry_data, "dry_run"));

  /* Every item of the user either moves or stays with its reason. */
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (dry_data, "matters"), "moved")) +
                   json_array_get_length (json_object_get_array_member (json_object_get_object_member (dry_data, "matters"), "stayed")),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (dry_data, "tasks"), "moved")) +
                   json_array_get_length (json_object_get_array_member (json_object_get_object_member (dry_data, "tasks"), "stayed")),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 13"));

  /* The seeded firm has each case: check the verdicts against the data. */
  g_assert_cmpint (count_reason (json_object_get_array_member (json_object_get_object_member (dry_data, "matters"), "stayed"), "closed_matter"),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13 AND status = 'Closed'"));
  g_assert_cmpint (count_reason (json_object_get_array_member (json_object_get_object_member (dry_data, "matters"), "stayed"), "private_matter"),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13 AND status <> 'Closed' AND private_to_user_id IS NOT NULL"));
  g_assert_cmpint (count_reason (json_object_get_array_member (json_object_get_object_member (dry_data, "tasks"), "stayed"), "no_matter"),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 13 AND matter_id IS NULL"));
  g_assert_cmpint (count_reason (json_object_get_array_member (json_object_get_object_member (dry_data, "calendar_entries"), "stayed"), "only_attendee"),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM attendees a JOIN calendar_entries e ON e.id = a.entry_id JOIN matters m ON m.id = e.matter_id WHERE a.calendar_id = 113 AND m.status <> 'Closed' AND m.private_to_user_id IS NULL"));

  /* A dry run changes nothing and tells nobody. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM notifications"), ==, 0);
  tasks_before = server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 13");

  done = post (fixture, fixture->admin, "/api/v4/users/13/reassign_work.json",
               "{\"data\": {\"matters_to\": 4, \"tasks_to\": 7, \"calendar_entries_to\": 7}}");
  g_assert_cmpuint (done->status, ==, 200);
  done_data = response_data_object (done);
  g_assert_false (json_object_get_boolean_member (done_data, "dry_run"));

  /* The real run did what the dry run said. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      JsonObject *dry_kind = json_object_get_object_member (dry_data, kinds[k]);
      JsonObject *done_kind = json_object_get_object_member (done_data, kinds[k]);

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dry_kind, "moved")), ==,
                        json_array_get_length (json_object_get_array_member (done_kind, "moved")));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dry_kind, "stayed")), ==,
                        json_array_get_length (json_object_get_array_member (done_kind, "stayed")));
    }

  moved_matters = json_array_get_length (json_object_get_array_member (json_object_get_object_member (done_data, "matters"), "moved"));
  g_assert_cmpint (moved_matters, >, 0);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters WHERE responsible_attorney_id = 13 AND status <> 'Closed' AND private_to_user_id IS NULL"), ==, 0);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE assignee_id = 13"), ==,
                   tasks_before - (gint64) json_array_get_length (json_object_get_array_member (json_object_get_object_member (done_data, "tasks"), "moved")));

  /* Two receivers: one notification and one e-mail each. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (done_data, "notifications")), ==, 2);
  receiver_token = server_fixture_token (&fixture->server, "amara.shah@hartbell.example");
  notifications = get (fixture, receiver_token, "/api/v4/notifications.json?fields=id,kind,subject,body");
  g_assert_cmpuint (json_array_get_length (response_data_array (notifications)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (response_data_array (notifications), 0), "kind"),
                   ==, "work_reassigned");

  spool = g_dir_open (fixture->server.spool, 0, NULL);
  g_assert_nonnull (spool);
  while (g_dir_read_name (spool) != NULL)
    mails++;
  g_assert_cmpuint (mails, ==, 2);

  audit = get (fixture, fixture->admin, "/api/v4/audit_events.json?fields=id,action,actor,target_id");
  g_assert_cmpuint (audit->status, ==, 200);
  g_assert_cmpint (audit_count (fixture, "user.reassign_work"), ==, 1);
}

static void
test_reassign_mail (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(Response) done = NULL;
  g_autoptr(GDir) spool = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  const char *name;

  done = post (fixture, fixture->admin, "/api/v4/users/13/reassign_work.json", "{\"data\": {\"matters_to\": 4}}");
  g_assert_cmpuint (done->status, ==, 200);

  spool = g_dir_open (fixture->server.spool, 0, NULL);
  g_assert_nonnull (spool);
  name = g_dir_read_name (spool);
  g_assert_nonnull (name);
  path = g_build_filename (fixture->server.spool, name, NULL);
  g_assert_true (g_file_get_contents (path, &message, NULL, NULL));

  /* An RFC 5322 message to the receiver, listing their matters. */
  /* "Daniel García" is not ASCII: the header carries it encoded (RFC 2047). */
  g_assert_nonnull (strstr (message, "\r\nTo: =?UTF-8?B?"));
  g_assert_nonnull (strstr (message, "?= <daniel.garcia@hartbell.example>\r\n"));
  g_assert_nonnull (strstr (message, "\r\nSubject: Work from Yuki Lindqvist was reassigned to you\r\n"));
  g_assert_nonnull (strstr (message, "\r\nMessage-ID: <"));
  g_assert_nonnull (strstr (message, "\r\nDate: "));
  g_assert_nonnull (strstr (message, "\r\n\r\n"));
  g_assert_nonnull (strstr (message, "Matters you are now responsible attorney of"));
  g_assert_null (g_dir_read_name (spool));
}

/* Idempotency --------------------------------------------------------------- */

static void
test_idempotency (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) replay = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) refused_replay = NULL;

  first = server_fixture_request (&fixture->server, "POST", "/api/v4/users/4/deactivate.json", fixture->admin,
                                  NULL, "Idempotency-Key", "key-1");
  g_assert_cmpuint (first->status, ==, 200);
  replay = server_fixture_request (&fixture->server, "POST", "/api/v4/users/4/deactivate.json", fixture->admin,
                                   NULL, "Idempotency-Key", "key-1");
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (replay->body, ==, first->body);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpint (audit_count (fixture, "user.deactivate"), ==, 1);

  /* The same key for another request is refused, and applies nothing. */
  other = server_fixture_request (&fixture->server, "POST", "/api/v4/users/6/deactivate.json", fixture->admin,
                                  NULL, "Idempotency-Key", "key-1");
  assert_refused (other, 422, "idempotency_key_reused");
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT enabled FROM users WHERE id = 6"), ==, 1);

  /* A refusal is the first answer too. */
  refused = server_fixture_request (&fixture->server, "POST", "/api/v4/users/1/deactivate.json", fixture->admin,
                                    NULL, "Idempotency-Key", "key-2");
  assert_refused (refused, 422, "primary_subscriber");
  refused_replay = server_fixture_request (&fixture->server, "POST", "/api/v4/users/1/deactivate.json", fixture->admin,
                                           NULL, "Idempotency-Key", "key-2");
  assert_refused (refused_replay, 422, "primary_subscriber");
  g_assert_cmpstr (soup_message_headers_get_one (refused_replay->headers, "Idempotent-Replayed"), ==, "true");
}

/* Account, renewal, closure ------------------------------------------------- */

static void
test_renewal (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(Response) before = NULL;
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) changed = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) monthly = NULL;
  JsonObject *renewal;
  JsonObject *licenses;

  before = get (fixture, fixture->admin, "/api/v4/account.json");
  g_assert_cmpuint (before->status, ==, 200);
  licenses = json_object_get_object_member (response_data_object (before), "licenses");
  renewal = json_object_get_object_member (response_data_object (before), "renewal");
  g_assert_cmpstr (json_object_get_string_member (response_data_object (before), "subscription"), ==, "annual");
  g_assert_cmpint (json_object_get_int_member (licenses, "unused"), ==, 2);
  g_assert_false (json_object_get_boolean_member (renewal, "remove_unused_licenses"));
  g_assert_cmpint (json_object_get_int_member (renewal, "projected_price"), ==,
                   json_object_get_int_member (renewal, "price_without_removal"));
  /* Without the two unused licenses the renewal costs two licenses less. */
  g_assert_cmpint (json_object_get_int_member (renewal, "price_without_removal") -
                   json_object_get_int_member (renewal, "price_with_removal"), ==,
                   2 * json_object_get_int_member (licenses, "price"));

  staff = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->staff,
                                  "{\"data\": {\"remove_unused_licenses\": true}}", NULL, NULL);
  assert_refused (staff, 403, "forbidden");
  bad = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->admin,
                                "{\"data\": {\"remove_unused_licenses\": \"yes\"}}", NULL, NULL);
  assert_refused (bad, 400, "invalid_request");

  changed = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->owner,
                                    "{\"data\": {\"remove_unused_licenses\": true}}", NULL, NULL);
  g_assert_cmpuint (changed->status, ==, 200);
  renewal = json_object_get_object_member (response_data_object (changed), "renewal");
  g_assert_true (json_object_get_boolean_member (renewal, "remove_unused_licenses"));
  g_assert_cmpint (json_object_get_int_member (renewal, "projected_price"), ==,
                   json_object_get_int_member (renewal, "price_with_removal"));
  g_assert_cmpint (audit_count (fixture, "account.renewal_options"), ==, 1);

  server_fixture_sql (&fixture->server, "UPDATE account SET subscription = 'monthly'");
  monthly = server_fixture_request (&fixture->server, "PATCH", "/api/v4/account/renewal_options.json", fixture->admin,
                                    "{\"data\": {\"remove_unused_licenses\": false}}", NULL, NULL);
  assert_refused (monthly, 422, "not_annual");
}

static char *
closure_body (const char *reason,
              const char *code,
              const char *confirmation)
{
  return g_strdup_printf ("{\"data\": {\"reason\": \"%s\", \"verification_code\": \"%s\", \"confirmation\": \"%s\"}}",
                          reason, code, confirmation);
}

static void
test_closure (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *code = server_fixture_support (&fixture->server, "closure-code", NULL);
  g_autofree char *good = closure_body ("firm_closing", code, "I Want To Permanently Close My Account");
  g_autofree char *bad_reason = closure_body ("bored", code, "I Want To Permanently Close My Account");
  g_autofree char *bad_code = closure_body ("firm_closing", "000000x", "I Want To Permanently Close My Account");
  g_autofree char *bad_phrase = closure_body ("firm_closing", code, "i want to permanently close my account");
  g_autoptr(Response) owner = NULL;
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) reason = NULL;
  g_autoptr(Response) wrong_code = NULL;
  g_autoptr(Response) phrase = NULL;
  g_autoptr(Response) closed = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) oauth = NULL;

  g_assert_cmpuint (strlen (code), ==, 6);

  /* Only administrators close the account: not the primary subscriber. */
  owner = post (fixture, fixture->owner, "/api/v4/account/closure.json", good);
  assert_refused (owner, 403, "forbidden");
  staff = post (fixture, fixture->staff, "/api/v4/account/closure.json", good);
  assert_refused (staff, 403, "forbidden");

  reason = post (fixture, fixture->admin, "/api/v4/account/closure.json", bad_reason);
  assert_refused (reason, 422, "invalid_reason");
  wrong_code = post (fixture, fixture->admin, "/api/v4/account/closure.json", bad_code);
  assert_refused (wrong_code, 422, "verification_failed");
  phrase = post (fixture, fixture->admin, "/api/v4/account/closure.json", bad_phrase);
  assert_refused (phrase, 422, "confirmation_mismatch");

  closed = post (fixture, fixture->admin, "/api/v4/account/closure.json", good);
  g_assert_cmpuint (closed->status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (response_data_object (closed), "closed_at"));

  /* Then every request is refused, and every token revoked. */
  after = get (fixture, fixture->admin, "/api/v4/users.json");
  assert_refused (after, 403, "account_closed");
  oauth = get (fixture, NULL, "/oauth/authorize?client_id=roster-desktop");
  g_assert_cmpuint (oauth->status, ==, 403);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM oauth_tokens WHERE revoked = 0"), ==, 0);
  g_assert_cmpint (audit_count (fixture, "account.close"), ==, 1);
}

static void
test_closure_code_single_use (Fixture      *fixture,
                              gconstpointer data)
{
  g_autofree char *code = server_fixture_support (&fixture->server, "closure-code", NULL);
  g_autofree char *body = closure_body ("other", code, "I Want To Permanently Close My Account");
  g_autoptr(Response) expired = NULL;

  /* A code older than 15 minutes is refused. */
  server_fixture_sql (&fixture->server, "UPDATE closure_codes SET expires_at = expires_at - 901");
  expired = post (fixture, fixture->admin, "/api/v4/account/closure.json", body);
  assert_refused (expired, 422, "verification_failed");
}

/* OAuth ---------------------------------------------------------------------- */

static const char verifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
static const char challenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; /* RFC 7636, appendix B */
#define REDIRECT "http://127.0.0.1:53682/callback"

static char *
form_request (Fixture    *fixture,
              const char *path,
              const char *form,
              guint      *status,
              char      **location)
{
  g_autofree char *url = g_strconcat (fixture->server.base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  answer = soup_session_send_and_read (fixture->server.session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));

  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static char *
authorize (Fixture    *fixture,
           const char *password)
{
  g_autofree char *form = NULL;
  g_autofree char *location = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  guint status = 0;

  form = soup_form_encode ("response_type", "code", "client_id", "roster-desktop", "redirect_uri", REDIRECT,
                           "state", "xyz", "code_challenge", challenge, "code_challenge_method", "S256",
                           "email", ADMIN, "password", password, "action", "allow", NULL);
  page = form_request (fixture, "/oauth/authorize", form, &status, &location);
  if (status != 302)
    {
      g_assert_cmpuint (status, ==, 401);
      g_assert_nonnull (strstr (page, "wrong"));
      return NULL;
    }

  g_assert_true (g_str_has_prefix (location, REDIRECT "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  params = soup_form_decode (g_uri_get_query (uri));
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "xyz");

  return g_strdup (g_hash_table_lookup (params, "code"));
}

static JsonObject *
token_request (Fixture    *fixture,
               const char *form,
               guint      *status)
{
  g_autofree char *body = form_request (fixture, "/oauth/token", form, status, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_oauth (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(Response) page = NULL;
  g_autoptr(Response) bad_redirect = NULL;
  g_autoptr(Response) no_pkce = NULL;
  g_autoptr(Response) me = NULL;
  g_autoptr(Response) refreshed_me = NULL;
  g_autoptr(Response) revoked = NULL;
  g_autoptr(JsonObject) wrong = NULL;
  g_autoptr(JsonObject) reused = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autofree char *code = NULL;
  g_autofree char *second_code = NULL;
  g_autofree char *wrong_password = NULL;
  g_autofree char *form = NULL;
  g_autofree char *deauthorize = NULL;
  g_autofree char *page_path = NULL;
  guint status = 0;

  /* A real sign-in page, for a known client with a loopback redirect. */
  page_path = g_strdup_printf ("/oauth/authorize?response_type=code&client_id=roster-desktop&redirect_uri=%s"
                               "&state=xyz&code_challenge=%s&code_challenge_method=S256",
                               "http%3A%2F%2F127.0.0.1%3A53682%2Fcallback", challenge);
  page = get (fixture, NULL, page_path);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (page->body, "<form method=\"post\" action=\"/oauth/authorize\">"));
  g_assert_nonnull (strstr (page->body, "name=\"password\""));

  bad_redirect = get (fixture, NULL, "/oauth/authorize?response_type=code&client_id=roster-desktop"
                      "&redirect_uri=http%3A%2F%2Fevil.example%2Fcb&code_challenge=x&code_challenge_method=S256");
  g_assert_cmpuint (bad_redirect->status, ==, 400);
  no_pkce = get (fixture, NULL, "/oauth/authorize?response_type=code&client_id=roster-desktop"
                 "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb");
  g_assert_cmpuint (no_pkce->status, ==, 302);

  wrong_password = authorize (fixture, "guess");
  g_assert_null (wrong_password);

  /* A wrong verifier is refused, and spends the code. */
  code = authorize (fixture, "roster-demo");
  g_assert_nonnull (code);
  form = soup_form_encode ("grant_type", "authorization_code", "client_id", "roster-desktop", "code", code,
                           "redirect_uri", REDIRECT, "code_verifier", "x-wrong-verifier-x-wrong-verifier-x-wrong-verifier", NULL);
  wrong = token_request (fixture, form, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (wrong, "error"), ==, "invalid_grant");
  g_free (form);
  form = soup_form_encode ("grant_type", "authorization_code", "client_id", "roster-desktop", "code", code,
                           "redirect_uri", REDIRECT, "code_verifier", verifier, NULL);
  reused = token_request (fixture, form, &status);
  g_assert_cmpuint (status, ==, 400);

  second_code = authorize (fixture, "roster-demo");
  g_free (form);
  form = soup_form_encode ("grant_type", "authorization_code", "client_id", "roster-desktop", "code", second_code,
                           "redirect_uri", REDIRECT, "code_verifier", verifier, NULL);
  tokens = token_request (fixture, form, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "bearer");
  g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), >, 0);
  /* Tokens are stored hashed, never as given. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM oauth_tokens WHERE length(token_hash) = 64"),
                   ==, server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM oauth_tokens"));

  me = get (fixture, json_object_get_string_member (tokens, "access_token"), "/api/v4/users/who_am_i.json?fields=email");
  g_assert_cmpstr (json_object_get_string_member (response_data_object (me), "email"), ==, ADMIN);

  g_free (form);
  form = soup_form_encode ("grant_type", "refresh_token", "client_id", "roster-desktop",
                           "refresh_token", json_object_get_string_member (tokens, "refresh_token"), NULL);
  refreshed = token_request (fixture, form, &status);
  g_assert_cmpuint (status, ==, 200);
  refreshed_me = get (fixture, json_object_get_string_member (refreshed, "access_token"), "/api/v4/users/who_am_i.json");
  g_assert_cmpuint (refreshed_me->status, ==, 200);

  /* Deauthorizing signs the client out: its tokens are refused. */
  deauthorize = g_strdup_printf ("token=%s", json_object_get_string_member (refreshed, "access_token"));
  g_free (form_request (fixture, "/oauth/deauthorize", deauthorize, &status, NULL));
  g_assert_cmpuint (status, ==, 200);
  revoked = get (fixture, json_object_get_string_member (tokens, "access_token"), "/api/v4/users/who_am_i.json");
  assert_refused (revoked, 401, "unauthorized");
}

static void
test_token_expiry (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(Response) expired = NULL;

  server_fixture_sql (&fixture->server, "UPDATE oauth_tokens SET expires_at = 1 WHERE kind = 'access'");
  expired = get (fixture, fixture->admin, "/api/v4/users.json");
  assert_refused (expired, 401, "unauthorized");
}

/* Rate limits --------------------------------------------------------------- */

static void
test_rate_limit (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(Response) limited = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(Response) ok = get (fixture, fixture->admin, "/api/v4/users/who_am_i.json");
      g_autofree char *remaining = g_strdup_printf ("%d", 4 - i);

      g_assert_cmpuint (ok->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "X-RateLimit-Limit"), ==, "5");
      g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "X-RateLimit-Remaining"), ==, remaining);
    }

  limited = get (fixture, fixture->admin, "/api/v4/users/who_am_i.json");
  assert_refused (limited, 429, "rate_limited");
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (limited->headers, "Retry-After"), NULL, 10), >=, 1);
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (limited->headers, "Retry-After"), NULL, 10), <=, 60);

  /* The limit is per access token. */
  {
    g_autoptr(Response) other = get (fixture, fixture->staff, "/api/v4/users/who_am_i.json");

    g_assert_cmpuint (other->status, ==, 200);
  }
}

/* Bad input ------------------------------------------------------------------- */

static void
test_bad_input (Fixture      *fixture,
                gconstpointer data)
{
  static const char *bodies[] = {
    "", "{", "[]", "null", "42", "\"data\"", "{\"data\": []}", "{\"data\": null}",
    "{\"data\": {\"matters_to\": true}}", "{\"data\": {\"matters_to\": -1}}",
    "{\"data\": {\"matters_to\": 1e99}}", "{\"data\": {\"matters_to\": \"'; DROP TABLE users; --\"}}",
    "{\"data\": {\"dry_run\": \"yes\", \"matters_to\": 4}}", "\xff\xfe\x00garbage",
    "{\"data\": {\"matters_to\": 4, \"tasks_to\": {\"id\": 4}}}",
  };
  static const char *paths[] = {
    "/api/v4/users.json?fields=id{", "/api/v4/users.json?fields=,", "/api/v4/users.json?fields=id,,name",
    "/api/v4/users.json?fields=name{id}", "/api/v4/users.json?limit=abc", "/api/v4/users.json?limit=-5",
    "/api/v4/users.json?enabled=maybe", "/api/v4/matters.json?status=archived",
    "/api/v4/users/abc.json", "/api/v4/users/0.json", "/api/v4/users/99999999999999999999999.json",
    "/api/v4/users/1%27%20OR%201=1.json", "/api/v4/nothing.json", "/api/v4/users", "/api/v4/tasks.json?assignee_id=x",
    "/api/v4/users.json?page_token=djE6MTpub3Q", "/api/v4/matters.json?updated_since=2026-13-45",
    "/api/v4/calendar_entries.json?include_hidden=perhaps",
  };
  g_autofree char *huge = NULL;
  g_autoptr(Response) too_large = NULL;
  guint requests = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      const char *targets[] = { "/api/v4/users/13/reassign_work.json", "/api/v4/account/closure.json" };

      for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
        {
          g_autoptr(Response) response = post (fixture, fixture->admin, targets[t], bodies[i]);

          requests++;
          g_assert_cmpuint (response->status, >=, 200);
          g_assert_cmpuint (response->status, <, 500);
          if (response->status >= 400)
            response_error_type (response);
        }

      for (guint t = 0; t < 2; t++)
        {
          g_autoptr(Response) patch = server_fixture_request (&fixture->server, "PATCH",
                                                              t ? "/api/v4/account/renewal_options.json" : "/api/v4/tasks/3.json",
                                                              fixture->admin, bodies[i], NULL, NULL);

          requests++;
          g_assert_cmpuint (patch->status, >=, 400);
          g_assert_cmpuint (patch->status, <, 500);
          response_error_type (patch);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint n = 0; n < 3; n++)
      {
        g_autoptr(Response) response = get (fixture, fixture->admin, paths[i]);

        requests++;
        if (response->status < 400 || response->status >= 500)
          g_error ("%s answered %u", paths[i], response->status);
        response_error_type (response);
      }

  /* Hostile strings are data, never SQL. */
  {
    g_autoptr(Response) hostile = server_fixture_request (&fixture->server, "PATCH", "/api/v4/matters/3.json",
                                                          fixture->admin,
                                                          "{\"data\": {\"description\": \"Robert'); DROP TABLE matters;-- <script>\"}}",
                                                          NULL, NULL);

    requests++;
    g_assert_cmpuint (hostile->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (response_data_object (hostile), "description"), ==,
                     "Robert'); DROP TABLE matters;-- <script>");
  }

  huge = g_strnfill (MAX_HUGE_BODY, 'x');
  too_large = post (fixture, fixture->admin, "/api/v4/users/13/reassign_work.json", huge);
  requests++;
  assert_refused (too_large, 413, "payload_too_large");

  g_assert_cmpuint (requests, >=, 100);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM matters"), ==, 500);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM users WHERE enabled = 1"), ==, 21);

  /* The database is whole. */
  {
    sqlite3 *db;
    sqlite3_stmt *check;

    g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &check, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");
    sqlite3_finalize (check);
    sqlite3_close (db);
  }
}

/* Record writes, deletions and tombstones ---------------------------------- */

static void
test_record_writes (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(Response) to_deactivated = NULL;
  g_autoptr(Response) task = NULL;
  g_autoptr(Response) entry = NULL;
  g_autoptr(Response) bad_time = NULL;
  g_autoptr(Response) staff = NULL;
  g_autoptr(Response) deleted = NULL;
  g_autoptr(Response) gone = NULL;
  g_autoptr(Response) tombstones = NULL;
  g_autoptr(Response) none_since = NULL;
  g_autoptr(Response) method = NULL;
  JsonObject *tombstone;

  /* Work goes to active users only, whatever a client sends. */
  to_deactivated = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/1.json", fixture->admin,
                                           "{\"data\": {\"assignee\": {\"id\": 13, \"type\": \"User\"}}}", NULL, NULL);
  assert_refused (to_deactivated, 422, "invalid_receiver");

  task = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/1.json?fields=id,assignee{id}", fixture->admin,
                                 "{\"data\": {\"assignee\": {\"id\": 7, \"type\": \"User\"}}}", NULL, NULL);
  g_assert_cmpuint (task->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (response_data_object (task), "assignee"), "id"), ==, 7);

  entry = server_fixture_request (&fixture->server, "PATCH", "/api/v4/calendar_entries/1.json", fixture->admin,
                                  "{\"data\": {\"calendar_owner\": {\"id\": 107}, \"start_at\": \"2027-01-04T09:00:00-05:00\"}}",
                                  NULL, NULL);
  g_assert_cmpuint (entry->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (entry), "id"), ==, "1");
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT calendar_id FROM calendar_entries WHERE id = 1"), ==, 107);
  g_assert_cmpint (server_fixture_sql_int (&fixture->server,
                                           "SELECT start_at = '2027-01-04T14:00:00.000000Z' FROM calendar_entries WHERE id = 1"), ==, 1);

  bad_time = server_fixture_request (&fixture->server, "PATCH", "/api/v4/calendar_entries/1.json", fixture->admin,
                                     "{\"data\": {\"start_at\": \"soon\"}}", NULL, NULL);
  assert_refused (bad_time, 422, "validation_failed");

  staff = server_fixture_request (&fixture->server, "DELETE", "/api/v4/matters/9.json", fixture->staff, NULL, NULL, NULL);
  assert_refused (staff, 403, "forbidden");

  deleted = server_fixture_request (&fixture->server, "DELETE", "/api/v4/matters/9.json", fixture->admin, NULL, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  gone = get (fixture, fixture->admin, "/api/v4/matters/9.json");
  assert_refused (gone, 404, "not_found");
  /* Its work stays, tied to no matter. */
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT count(*) FROM tasks WHERE matter_id = 9"), ==, 0);

  tombstones = get (fixture, fixture->admin, "/api/v4/deleted_records.json?since=2020-01-01T00:00:00Z&fields=resource,record_id,deleted_at");
  g_assert_cmpuint (tombstones->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (response_data_array (tombstones)), ==, 1);
  tombstone = json_array_get_object_element (response_data_array (tombstones), 0);
  g_assert_cmpstr (json_object_get_string_member (tombstone, "resource"), ==, "matters");
  g_assert_cmpint (json_object_get_int_member (tombstone, "record_id"), ==, 9);
  none_since = get (fixture, fixture->admin, "/api/v4/deleted_records.json?since=2999-01-01T00:00:00Z");
  g_assert_cmpuint (json_array_get_length (response_data_array (none_since)), ==, 0);

  method = server_fixture_request (&fixture->server, "DELETE", "/api/v4/users/4.json", fixture->admin, NULL, NULL, NULL);
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (method->headers, "Allow"), ==, "GET");
  g_assert_cmpint (audit_count (fixture, "matters.delete"), ==, 1);
  g_assert_cmpint (audit_count (fixture, "tasks.update"), ==, 1);
}

static void
test_clio_only (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(Response) extensions = get (fixture, fixture->admin, "/api/v4/extensions.json");
  g_autoptr(Response) field = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,personal_injury_license");
  g_autoptr(Response) deactivate = post (fixture, fixture->admin, "/api/v4/users/4/deactivate.json", NULL);
  g_autoptr(Response) account = get (fixture, fixture->admin, "/api/v4/account.json");
  g_autoptr(Response) users = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,name");
  g_autoptr(Response) hidden = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?include_hidden=true&fields=id");
  g_autoptr(Response) order = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?order=id(asc)&fields=id");
  g_autoptr(Response) entries = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?fields=id");

  assert_refused (extensions, 404, "not_found");
  assert_refused (field, 400, "invalid_fields");
  assert_refused (deactivate, 404, "not_found");
  assert_refused (account, 404, "not_found");
  g_assert_cmpuint (users->status, ==, 200);

  /* Roster's own parameters are unknown to Clio's API: refused, not ignored.
   * Clio's description defines no order on calendar entries either. */
  assert_refused (hidden, 400, "invalid_parameter");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (hidden->root), "error"), "message"), "include_hidden"));
  assert_refused (order, 400, "invalid_parameter");

  /* Hidden calendar entries are not served. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (entries->root), "meta"), "records"),
                   ==, server_fixture_sql_int (&fixture->server,
                                               "SELECT count(*) FROM calendar_entries e JOIN calendars c ON c.id = e.calendar_id"
                                               " JOIN users u ON u.id = c.user_id WHERE u.enabled = 1"));
}

/* Clio's API, honestly -------------------------------------------------------- */

static void
test_api_version (Fixture      *fixture,
                  gconstpointer data)
{
  static const char *const served[] = { "4.0.4", "4.0.9", "4.0.10" };
  static const char *const refused[] = { "4.0.3", "4.0.11", "4.1.0", "5.0.0", "v4", "banana", "" };
  g_autoptr(Response) plain = get (fixture, fixture->admin, "/api/v4/users/who_am_i.json");
  g_autoptr(Response) missing = get (fixture, fixture->admin, "/api/v4/tasks/999999.json");

  /* Without the header, the description's default version, named. */
  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (plain->headers, "X-API-VERSION"), ==, "4.0.9");
  g_assert_cmpstr (soup_message_headers_get_one (missing->headers, "X-API-VERSION"), ==, "4.0.9");

  for (guint i = 0; i < G_N_ELEMENTS (served); i++)
    {
      g_autoptr(Response) answer = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json?fields=id",
                                                           fixture->admin, NULL, "X-API-VERSION", served[i]);

      g_assert_cmpuint (answer->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "X-API-VERSION"), ==, served[i]);
    }

  /* A version that is not one, or not served, is Gone, as Clio answers;
   * before authentication, and not counted as served in any version. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Response) answer = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json",
                                                           fixture->admin, NULL, "X-API-VERSION", refused[i]);
      g_autoptr(Response) anonymous = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json",
                                                              NULL, NULL, "X-API-VERSION", refused[i]);

      assert_refused (answer, 410, "unsupported_api_version");
      g_assert_nonnull (strstr (error_message (answer), "4.0.9"));
      g_assert_null (soup_message_headers_get_one (answer->headers, "X-API-VERSION"));
      assert_refused (anonymous, 410, "unsupported_api_version");
    }
}

/* The status line, as a client's HTTP library reads it. */
static char *
reason_phrase_of (Fixture    *fixture,
                  const char *path,
                  guint      *status)
{
  g_autofree char *url = g_strconcat (fixture->server.base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", fixture->admin);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  body = soup_session_send_and_read (fixture->server.session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  return g_strdup (soup_message_get_reason_phrase (msg));
}

static void
test_reason_phrases (Fixture      *fixture,
                     gconstpointer data)
{
  guint status = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *ok = reason_phrase_of (fixture, "/api/v4/users/who_am_i.json", &status);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (ok, ==, "OK");
    }

  {
    g_autofree char *limited = reason_phrase_of (fixture, "/api/v4/users/who_am_i.json", &status);

    g_assert_cmpuint (status, ==, 429);
    g_assert_cmpstr (limited, ==, "Too Many Requests");
  }
}

static void
test_etag_fields (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(Response) narrow = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=id,etag");
  g_autoptr(Response) wide = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=id,etag,description");
  g_autoptr(Response) wide_again = NULL;
  g_autoptr(Response) crossed = NULL;
  g_autoptr(Response) same = NULL;
  g_autoptr(Response) list_narrow = get (fixture, fixture->admin, "/api/v4/users.json?fields=id");
  g_autoptr(Response) list_wide = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,name");
  g_autoptr(Response) list_crossed = NULL;
  const char *narrow_etag = soup_message_headers_get_one (narrow->headers, "ETag");
  const char *wide_etag = soup_message_headers_get_one (wide->headers, "ETag");

  /* One record, one version (its etag), two answers, two ETags. */
  g_assert_cmpstr (json_object_get_string_member (response_data_object (narrow), "etag"), ==,
                   json_object_get_string_member (response_data_object (wide), "etag"));
  g_assert_nonnull (narrow_etag);
  g_assert_nonnull (wide_etag);
  g_assert_cmpstr (narrow_etag, !=, wide_etag);

  /* The same fields, the same ETag; a 304 only for the answer it names. */
  wide_again = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=id,etag,description");
  g_assert_cmpstr (soup_message_headers_get_one (wide_again->headers, "ETag"), ==, wide_etag);
  crossed = server_fixture_request (&fixture->server, "GET", "/api/v4/matters/2.json?fields=id,etag,description",
                                    fixture->admin, NULL, "If-None-Match", narrow_etag);
  g_assert_cmpuint (crossed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_data_object (crossed), "description"), !=, NULL);
  same = server_fixture_request (&fixture->server, "GET", "/api/v4/matters/2.json?fields=id,etag", fixture->admin,
                                 NULL, "If-None-Match", narrow_etag);
  g_assert_cmpuint (same->status, ==, 304);

  g_assert_cmpstr (soup_message_headers_get_one (list_narrow->headers, "ETag"), !=,
                   soup_message_headers_get_one (list_wide->headers, "ETag"));
  list_crossed = server_fixture_request (&fixture->server, "GET", "/api/v4/users.json?fields=id,name", fixture->admin,
                                         NULL, "If-None-Match", soup_message_headers_get_one (list_narrow->headers, "ETag"));
  g_assert_cmpuint (list_crossed->status, ==, 200);
}

static Response *
get_if_modified_since (Fixture    *fixture,
                       const char *path,
                       const char *since)
{
  return server_fixture_request (&fixture->server, "GET", path, fixture->admin, NULL, "If-Modified-Since", since);
}

static void
test_if_modified_since (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(Response) record = NULL;
  g_autoptr(Response) list = NULL;
  g_autofree char *record_modified = NULL;
  g_autofree char *list_modified = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autofree char *earlier_text = NULL;

  /* Everything last changed long ago. */
  server_fixture_sql (&fixture->server,
                      "UPDATE users SET updated_at = '2026-01-01T00:00:00.000000Z';"
                      "UPDATE calendars SET updated_at = '2026-01-01T00:00:00.000000Z';"
                      "UPDATE matters SET updated_at = '2026-01-01T00:00:00.000000Z';"
                      "UPDATE tasks SET updated_at = '2026-01-01T00:00:00.000000Z';"
                      "UPDATE matters SET updated_at = '2026-02-01T12:30:00.000000Z', responsible_attorney_id = 4"
                      " WHERE id = 2");

  record = get (fixture, fixture->admin, "/api/v4/matters/2.json?fields=id,description");
  record_modified = g_strdup (soup_message_headers_get_one (record->headers, "Last-Modified"));
  g_assert_cmpstr (record_modified, ==, "Sun, 01 Feb 2026 12:30:00 GMT");
  list = get (fixture, fixture->admin, "/api/v4/tasks.json?fields=id&limit=5");
  list_modified = g_strdup (soup_message_headers_get_one (list->headers, "Last-Modified"));
  g_assert_cmpstr (list_modified, ==, "Sun, 01 Feb 2026 12:30:00 GMT");

  modified = soup_date_time_new_from_http_string (record_modified);
  earlier = g_date_time_add_seconds (modified, -1);
  earlier_text = soup_date_time_to_string (earlier, SOUP_DATE_HTTP);

  /* Not modified since: 304; modified since a second before: 200. */
  {
    g_autoptr(Response) current = get_if_modified_since (fixture, "/api/v4/matters/2.json?fields=id,description",
                                                         record_modified);
    g_autoptr(Response) stale = get_if_modified_since (fixture, "/api/v4/matters/2.json?fields=id,description",
                                                       earlier_text);
    g_autoptr(Response) list_current = get_if_modified_since (fixture, "/api/v4/tasks.json?fields=id&limit=5",
                                                              list_modified);
    g_autoptr(Response) garbage = get_if_modified_since (fixture, "/api/v4/matters/2.json", "yesterday");
    g_autoptr(Response) tag_decides = NULL;

    g_assert_cmpuint (current->status, ==, 304);
    g_assert_cmpstr (current->body, ==, "");
    g_assert_cmpuint (stale->status, ==, 200);
    g_assert_cmpuint (list_current->status, ==, 304);
    g_assert_cmpuint (garbage->status, ==, 200);

    /* With If-None-Match, the ETag decides alone. */
    tag_decides = server_fixture_request (&fixture->server, "GET", "/api/v4/matters/2.json?fields=id,description",
                                          fixture->admin, NULL, "If-None-Match", "\"not-this\"");
    g_assert_cmpuint (tag_decides->status, ==, 200);
  }

  /* A deletion changes the list, though no record left in it changed. */
  {
    g_autoptr(Response) deleted = server_fixture_request (&fixture->server, "DELETE", "/api/v4/tasks/1500.json",
                                                          fixture->admin, NULL, NULL, NULL);
    g_autoptr(Response) after = NULL;

    g_assert_cmpuint (deleted->status, ==, 204);
    after = get_if_modified_since (fixture, "/api/v4/tasks.json?fields=id&limit=5", list_modified);
    g_assert_cmpuint (after->status, ==, 200);
  }

  /* A change to a record a matter nests (its attorney) is a change to it. */
  {
    g_autoptr(Response) deactivated = post (fixture, fixture->admin, "/api/v4/users/4/deactivate.json", NULL);
    g_autoptr(Response) nested = NULL;

    g_assert_cmpuint (deactivated->status, ==, 200);
    nested = get_if_modified_since (fixture, "/api/v4/matters/2.json?fields=id,description", record_modified);
    g_assert_cmpuint (nested->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (nested->headers, "Last-Modified"), !=, record_modified);
  }
}

static void
test_enumerations (Fixture      *fixture,
                   gconstpointer data)
{
  static const struct { const char *path; const char *name; const char *values; } refused[] = {
    { "/api/v4/users.json?subscription_type=foo", "subscription_type", "attorney, nonattorney" },
    { "/api/v4/users.json?role=boss", "role", "admin, accounts, billing, reports" },
    { "/api/v4/users.json?order=salary(desc)", "order", "email(asc)" },
    { "/api/v4/matters.json?status=open,archived", "status", "open, closed, pending" },
    { "/api/v4/matters.json?order=name(asc)", "order", "display_number(asc)" },
    { "/api/v4/tasks.json?priority=urgent", "priority", "high, normal, low" },
    { "/api/v4/tasks.json?status=done", "status", "pending, in_progress, in_review, complete" },
    { "/api/v4/tasks.json?statuses[]=pending&statuses[]=later", "statuses[]", "in_review" },
    { "/api/v4/tasks.json?permission=secret", "permission", "private, public" },
    { "/api/v4/tasks.json?assignee_type=robot&assignee_id=4", "assignee_type", "user, contact" },
    { "/api/v4/calendar_entries.json?source=fax", "source", "web, mobile" },
  };
  g_autoptr(Response) any_case = get (fixture, fixture->admin, "/api/v4/users.json?subscription_type=NonAttorney&fields=id");
  g_autoptr(Response) lower = get (fixture, fixture->admin, "/api/v4/users.json?subscription_type=nonattorney&fields=id");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Response) answer = get (fixture, fixture->admin, refused[i].path);

      assert_parameter_refused (answer, refused[i].name, refused[i].values);
    }

  /* The description's values, in any case. */
  g_assert_cmpint (records_of (any_case), ==, records_of (lower));
  g_assert_cmpint (records_of (lower), >, 0);
  g_assert_cmpint (records_of (lower), <, 25);
}

/* The issue's own examples, and a few more: a filter is honoured, refused
 * or unknown, never ignored. */
static void
test_filters_never_ignored (Fixture      *fixture,
                            gconstpointer data)
{
  static const struct { const char *path; const char *name; } refused[] = {
    { "/api/v4/users.json?include_co_counsel=true", "include_co_counsel" },
    { "/api/v4/matters.json?billable=true", "billable" },
    { "/api/v4/matters.json?custom_field_values[12]=%3D42", "custom_field_values" },
    { "/api/v4/matters.json?order=client.name(asc)", "order" },
    { "/api/v4/tasks.json?task_type_id=3", "task_type_id" },
    { "/api/v4/tasks.json?assignee_id=4", "assignee_type" },
    { "/api/v4/calendar_entries.json?expanded=true", "expanded" },
    { "/api/v4/calendar_entries.json?has_court_rule=false", "has_court_rule" },
    { "/api/v4/users.json?foo=bar", "foo" },
    { "/api/v4/users.json?since=2020-01-01T00:00:00Z", "since" },
    { "/api/v4/users.json?enabled=true&enabled=false", "enabled" },
    { "/api/v4/users.json?name=", "name" },
    { "/api/v4/users/1.json?enabled=true", "enabled" },
    { "/api/v4/matters.json?open_date[]=2026-01-01", "open_date[]" },
  };
  g_autoptr(Response) ids = get (fixture, fixture->admin, "/api/v4/users.json?ids[]=1&ids[]=2&fields=id");
  g_autoptr(Response) future = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?from=2099-01-01T00:00:00Z");
  g_autoptr(Response) name = get (fixture, fixture->admin, "/api/v4/users.json?name=dana%20whitfield&fields=id");
  g_autoptr(Response) created = get (fixture, fixture->admin, "/api/v4/matters.json?created_since=2099-01-01T00:00:00Z");
  g_autoptr(Response) query = get (fixture, fixture->admin, "/api/v4/matters.json?query=Probate&fields=id,description");
  g_autoptr(Response) invisible = get (fixture, fixture->admin,
                                       "/api/v4/calendar_entries.json?visible=false&include_hidden=true&fields=id,hidden");
  g_autoptr(Response) all_entries = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?include_hidden=true");
  JsonArray *records;

  records = response_data_array (ids);
  g_assert_cmpuint (json_array_get_length (records), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 1), "id"), ==, 2);
  g_assert_cmpint (records_of (future), ==, 0);
  g_assert_cmpint (records_of (name), ==, 2);
  g_assert_cmpint (records_of (created), ==, 0);

  g_assert_cmpint (records_of (query), >, 0);
  g_assert_cmpint (records_of (query), <, 500);
  records = response_data_array (query);
  for (guint i = 0; i < json_array_get_length (records); i++)
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (records, i), "description"),
                              "Probate"));

  g_assert_cmpint (records_of (invisible), >, 0);
  g_assert_cmpint (records_of (invisible), <, records_of (all_entries));
  records = response_data_array (invisible);
  for (guint i = 0; i < json_array_get_length (records); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (records, i), "hidden"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Response) answer = get (fixture, fixture->admin, refused[i].path);

      assert_parameter_refused (answer, refused[i].name, NULL);
    }
}

/* Walks every page of @path, returning the records' ids in order. */
static GArray *
walk_ids (Fixture    *fixture,
          const char *path)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *next = g_strdup (path);

  while (next != NULL)
    {
      g_autoptr(Response) page = get (fixture, fixture->admin, next);
      JsonArray *records;
      JsonObject *paging;

      g_assert_cmpuint (page->status, ==, 200);
      records = response_data_array (page);
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (records, i), "id");

          g_array_append_val (ids, id);
        }

      g_clear_pointer (&next, g_free);
      paging = json_object_get_object_member (json_object_get_object_member (json_node_get_object (page->root), "meta"),
                                              "paging");
      if (json_object_has_member (paging, "next"))
        next = g_strdup (json_object_get_string_member (paging, "next") + strlen (fixture->server.base_url));
    }

  return ids;
}

static void
test_order_paging (Fixture      *fixture,
                   gconstpointer data)
{
  static const char *const orders[] = {
    "/api/v4/users.json?order=last_name(desc)&fields=id",
    "/api/v4/tasks.json?order=due_at(asc)&fields=id",
    "/api/v4/tasks.json?order=completed_at(desc)&fields=id",
    "/api/v4/matters.json?order=responsible_attorney.name(asc)&fields=id",
  };

  /* Small pages walk the same order as one large one: keys that repeat and
  * keys that are null span pages without a record seen twice or missed. */
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *whole_path = g_strdup_printf ("%s&limit=200", orders[i]);
      g_autofree char *paged_path = g_strdup_printf ("%s&limit=7", orders[i]);
      g_autoptr(GArray) whole = walk_ids (fixture, whole_path);
      g_autoptr(GArray) paged = walk_ids (fixture, paged_path);

      g_assert_cmpuint (paged->len, ==, whole->len);
      for (guint j = 0; j < whole->len; j++)
        g_assert_cmpint (g_array_index (paged, gint64, j), ==, g_array_index (whole, gint64, j));
    }

  /* A cursor belongs to its order. */
  {
    g_autoptr(Response) first = get (fixture, fixture->admin, "/api/v4/users.json?order=name(asc)&limit=3&fields=id");
    const char *next = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (first->root), "meta"), "paging"), "next");
    const char *token = strstr (next, "page_token=") + strlen ("page_token=");
    g_autofree char *elsewhere = g_strdup_printf ("/api/v4/users.json?order=email(asc)&limit=3&page_token=%s", token);
    g_autoptr(Response) refused = get (fixture, fixture->admin, elsewhere);

    assert_parameter_refused (refused, "page_token", NULL);
  }
}

static void
test_patch_fields_declared (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(Response) unknown = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/2.json", fixture->admin,
                                                        "{\"data\": {\"name\": \"Renamed\", \"salary\": 1}}", NULL, NULL);
  g_autoptr(Response) read_only = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/2.json", fixture->admin,
                                                          "{\"data\": {\"priority\": \"Low\"}}", NULL, NULL);
  g_autoptr(Response) contact = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/2.json", fixture->admin,
                                                        "{\"data\": {\"assignee\": {\"id\": 4, \"type\": \"Person\"}}}",
                                                        NULL, NULL);
  g_autoptr(Response) narrow = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/2.json?fields=id,name",
                                                       fixture->admin, "{\"data\": {\"name\": \"Renamed\"}}", NULL, NULL);
  g_autoptr(Response) bad_field = server_fixture_request (&fixture->server, "PATCH", "/api/v4/tasks/2.json?fields=salary",
                                                          fixture->admin, "{\"data\": {\"name\": \"Again\"}}", NULL, NULL);
  JsonObject *task;

  assert_refused (unknown, 422, "validation_failed");
  g_assert_nonnull (strstr (error_message (unknown), "salary"));
  assert_refused (read_only, 422, "validation_failed");
  g_assert_nonnull (strstr (error_message (read_only), "priority"));
  assert_refused (contact, 422, "validation_failed");

  /* The answer has the fields asked for. */
  g_assert_cmpuint (narrow->status, ==, 200);
  task = response_data_object (narrow);
  g_assert_cmpuint (json_object_get_size (task), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (task, "name"), ==, "Renamed");
  assert_refused (bad_field, 400, "invalid_fields");
  g_assert_cmpint (server_fixture_sql_int (&fixture->server, "SELECT name = 'Renamed' FROM tasks WHERE id = 2"), ==, 1);
}

/* The odd firm ------------------------------------------------------------------- */

static JsonObject *
find_by_id (JsonArray  *records,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "id"), id) == 0)
        return record;
    }

  return NULL;
}

static void
test_odd_firm (Fixture      *fixture,
               gconstpointer data)
{
  gboolean clio_only = data != NULL;
  g_autoptr(Response) entries = NULL;
  g_autoptr(Response) tasks = NULL;
  g_autoptr(Response) users = NULL;
  g_autoptr(Response) matters = NULL;
  g_autoptr(Response) by_contact = NULL;
  g_autoptr(Response) by_user = NULL;
  g_autoptr(Response) chosen = NULL;
  g_autoptr(Response) pending = NULL;
  JsonArray *list;
  JsonObject *entry;
  JsonObject *task;
  JsonObject *assignee;
  JsonObject *user;

  entries = get (fixture, fixture->admin,
                 "/api/v4/calendar_entries.json?fields=id,etag,summary,description,location,start_at,end_at,all_day,"
                 "recurrence_rule,calendar_owner{id,visible},attendees{id},matter{id}");
  g_assert_cmpuint (entries->status, ==, 200);
  list = response_data_array (entries);
  /* The deactivated user's entry is hidden either way. */
  g_assert_cmpuint (json_array_get_length (list), ==, 6);

  /* Ids that are strings, not digits; times with their own offsets. */
  entry = find_by_id (list, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "start_at"), ==, "2026-12-01T06:00:00-08:00");
  g_assert_true (json_object_get_null_member (entry, "description"));
  g_assert_true (json_object_get_null_member (entry, "location"));
  g_assert_true (json_object_get_null_member (entry, "recurrence_rule"));
  entry = find_by_id (list, "evt_weekly-standup");
  g_assert_cmpstr (json_object_get_string_member (entry, "recurrence_rule"), ==, "FREQ=WEEKLY;BYDAY=MO");
  g_assert_true (json_object_get_null_member (entry, "matter"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "attendees")), ==, 2);
  g_assert_nonnull (find_by_id (list, "réunion:2026-12-02"));
  g_assert_nonnull (find_by_id (list, "x"));
  g_assert_nonnull (find_by_id (list, "6"));

  /* Each is found by its id, percent-encoded in the path. */
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (list, i), "id");
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v4/calendar_entries/%s.json?fields=id,start_at", escaped);
      g_autoptr(Response) one = get (fixture, fixture->admin, path);

      g_assert_cmpuint (one->status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (response_data_object (one), "id"), ==, id);
    }
  /* A text id's row id is no id of it. */
  {
    g_autoptr(Response) by_row = get (fixture, fixture->admin, "/api/v4/calendar_entries/1.json");

    assert_refused (by_row, 404, "not_found");
  }

  /* from and to compare instants, whatever the offsets: "x" begins at
   * 2027-01-01T09:30Z, the kickoff ends at 2026-12-01T15:30Z. */
  {
    g_autoptr(Response) window = get (fixture, fixture->admin,
                                      "/api/v4/calendar_entries.json?from=2026-12-01T15:30:00Z"
                                      "&to=2027-01-01T09:29:59Z&fields=id");
    JsonArray *in_window = response_data_array (window);

    g_assert_nonnull (find_by_id (in_window, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11"));
    g_assert_null (find_by_id (in_window, "x"));
  }
  {
    g_autoptr(Response) asked = get (fixture, fixture->admin,
                                     "/api/v4/calendar_entries.json?ids[]=x&ids[]=6&ids[]=entry%20with%20space%2Bplus"
                                     "&fields=id");

    /* The hidden entry is not among them. */
    g_assert_cmpint (records_of (asked), ==, 2);
  }

  /* Tasks given to a contact, or to nobody. */
  tasks = get (fixture, fixture->admin, "/api/v4/tasks.json?fields=id,due_at,matter,assignee{id,type,name,enabled}");
  list = response_data_array (tasks);
  task = json_array_get_object_element (list, 0);
  assignee = json_object_get_object_member (task, "assignee");
  g_assert_cmpint (json_object_get_int_member (assignee, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (assignee, "type"), ==, "Person");
  g_assert_true (json_object_get_null_member (assignee, "enabled"));
  g_assert_true (json_object_get_null_member (task, "due_at"));
  task = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "assignee"), "type"), ==, "Company");
  g_assert_true (json_object_get_null_member (task, "matter"));
  task = json_array_get_object_element (list, 2);
  g_assert_true (json_object_get_null_member (task, "assignee"));

  /* Contact 1 and user 1 share an id: assignee_type tells them apart. */
  by_contact = get (fixture, fixture->admin, "/api/v4/tasks.json?assignee_id=1&assignee_type=contact&fields=id");
  by_user = get (fixture, fixture->admin, "/api/v4/tasks.json?assignee_id=1&assignee_type=user&fields=id");
  g_assert_cmpint (records_of (by_contact), ==, 1);
  g_assert_cmpint (records_of (by_user), ==, 2);
  chosen = get (fixture, fixture->admin, "/api/v4/tasks.json?assignee_id=null&fields=id");
  g_assert_cmpint (records_of (chosen), ==, 1);

  /* A user being set up, with no calendar. */
  users = get (fixture, fixture->admin, "/api/v4/users.json?fields=id,name,initials,default_calendar_id");
  list = response_data_array (users);
  user = json_array_get_object_element (list, 4);
  g_assert_true (json_object_get_null_member (user, "default_calendar_id"));
  user = json_array_get_object_element (list, 2);
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "Zoë d’Arcy-Ōta");
  g_assert_cmpstr (json_object_get_string_member (user, "initials"), ==, "ZD");
  pending = get (fixture, fixture->admin, "/api/v4/users.json?pending_setup=true&fields=id");
  g_assert_cmpint (records_of (pending), ==, 1);

  /* A matter without attorneys or dates. */
  matters = get (fixture, fixture->admin, "/api/v4/matters.json?ids[]=2&fields=id,display_number,responsible_attorney,"
                 "originating_attorney,open_date");
  list = response_data_array (matters);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "display_number"), ==, "odd/2 (ß)");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0), "responsible_attorney"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0), "open_date"));

  /* Roster's own parameters: served, or unknown to a Clio server. */
  {
    g_autoptr(Response) hidden = get (fixture, fixture->admin, "/api/v4/calendar_entries.json?include_hidden=true&fields=id");

    if (clio_only)
      assert_parameter_refused (hidden, "include_hidden", NULL);
    else
      {
        g_assert_cmpint (records_of (hidden), ==, 7);
        g_assert_nonnull (find_by_id (response_data_array (hidden), "entry with space+plus"));
      }
  }

  /* Writes keep the text id; a deletion is remembered by it. */
  {
    g_autoptr(Response) moved = server_fixture_request (&fixture->server, "PATCH",
                                                        "/api/v4/calendar_entries/evt_weekly-standup.json?fields=id,calendar_owner{id}",
                                                        fixture->admin, "{\"data\": {\"calendar_owner\": {\"id\": 103}}}",
                                                        NULL, NULL);
    g_autoptr(Response) deleted = server_fixture_request (&fixture->server, "DELETE", "/api/v4/calendar_entries/x.json",
                                                          fixture->admin, NULL, NULL, NULL);

    g_assert_cmpuint (moved->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (response_data_object (moved), "id"), ==, "evt_weekly-standup");
    g_assert_cmpuint (deleted->status, ==, 204);
    if (!clio_only)
      {
        g_autoptr(Response) tombstones = get (fixture, fixture->admin,
                                              "/api/v4/deleted_records.json?fields=resource,record_id");
        JsonObject *tombstone = json_array_get_object_element (response_data_array (tombstones), 0);

        g_assert_cmpstr (json_object_get_string_member (tombstone, "record_id"), ==, "x");
      }
  }
}

static void
test_tls_required_off_loopback (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("roster-tls-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "firm.db", NULL);

  /* Refused before it listens: no traffic leaves loopback. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("ROSTER_SERVER"), "serve", "--db", db, "--listen", "0.0.0.0:0", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "--tls-cert"));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (db, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Faults ---------------------------------------------------------------------- */

static void
test_faults (Fixture      *fixture,
             gconstpointer data)
{
  guint kinds[600] = { 0 };
  guint answered = 0;

  /* Every kind of fault happens, and the server goes on serving. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *url = g_strconcat (fixture->server.base_url, "/api/v4/users.json?fields=id,name", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", fixture->admin);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      body = soup_session_send_and_read (fixture->server.session, msg, NULL, &error);
      if (error != NULL)
        {
          kinds[0]++;  /* dropped */
          continue;
        }
      answered++;
      kinds[soup_message_get_status (msg)]++;
      if (soup_message_get_status (msg) == 200 &&
          !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
        kinds[1]++;  /* malformed or truncated */
    }

  g_assert_cmpuint (kinds[0], >, 0);
  g_assert_cmpuint (kinds[1], >, 0);
  g_assert_cmpuint (kinds[500], >, 0);
  g_assert_cmpuint (kinds[429], >, 0);
  g_assert_cmpuint (kinds[200], >, answered / 3);
}

int
main (int   argc,
      char *argv[])
{
  static const char *rate_limited[] = { "--rate-limit", "5/min", NULL };
  static const char *clio_only[] = { "--clio-only", NULL };
  static const char *faulty[] = { "--faults", "seed=3,500=0.1,429=0.1,delay=0.05,drop=0.1,malformed=0.05,truncate=0.05", NULL };

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add ("/server/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("reads", test_reads, NULL);
  ADD ("private-matters-nested", test_private_matters_nested, NULL);
  ADD ("deep-body", test_deep_body, NULL);
  ADD ("unauthenticated", test_unauthenticated, NULL);
  ADD ("paging-while-changing", test_paging_while_changing, NULL);
  ADD ("bad-page-token", test_bad_page_token, NULL);
  ADD ("etags", test_etags, NULL);
  ADD ("deactivate", test_deactivate, NULL);
  ADD ("deactivate-monthly", test_deactivate_monthly, NULL);
  ADD ("activate", test_activate, NULL);
  ADD ("reassign-refusals", test_reassign_refusals, NULL);
  ADD ("reassign", test_reassign, NULL);
  ADD ("reassign-mail", test_reassign_mail, NULL);
  ADD ("idempotency", test_idempotency, NULL);
  ADD ("renewal", test_renewal, NULL);
  ADD ("closure", test_closure, NULL);
  ADD ("closure-code-expires", test_closure_code_single_use, NULL);
  ADD ("oauth", test_oauth, NULL);
  ADD ("token-expiry", test_token_expiry, NULL);
  ADD ("rate-limit", test_rate_limit, rate_limited);
  ADD ("bad-input", test_bad_input, NULL);
  ADD ("faults", test_faults, faulty);
  ADD ("record-writes", test_record_writes, NULL);
  ADD ("clio-only", test_clio_only, clio_only);
  ADD ("api-version", test_api_version, NULL);
  ADD ("reason-phrases", test_reason_phrases, rate_limited);
  ADD ("etag-fields", test_etag_fields, NULL);
  ADD ("if-modified-since", test_if_modified_since, NULL);
  ADD ("enumerations", test_enumerations, NULL);
  ADD ("filters-never-ignored", test_filters_never_ignored, NULL);
  ADD ("order-paging", test_order_paging, NULL);
  ADD ("patch-fields-declared", test_patch_fields_declared, NULL);
  g_test_add ("/server/odd-firm", Fixture, NULL, odd_set_up, test_odd_firm, fixture_tear_down);
  g_test_add ("/server/odd-firm-clio-only", Fixture, clio_only, odd_set_up, test_odd_firm, fixture_tear_down);
  g_test_add_func ("/server/tls-required-off-loopback", test_tls_required_off_loopback);

  return g_test_run ();
}
