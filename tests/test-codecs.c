/* test-codecs.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The models' JSON codecs against good and bad JSON: a missing member or a
 * wrong type is an error naming the member, never a crash or a default.
 */

#include "config.h"

#include "roster-account.h"
#include "roster-calendar-entry.h"
#include "roster-json.h"
#include "roster-json-reader.h"
#include "roster-matter.h"
#include "roster-task.h"
#include "roster-time.h"
#include "roster-user.h"

static const char good_user[] =
  "{\"id\": 5, \"etag\": \"\\\"e5\\\"\", \"name\": \"Sofia Varga\", \"first_name\": \"Sofia\","
  " \"last_name\": \"Varga\", \"email\": \"sofia@example.org\", \"enabled\": true, \"account_owner\": false,"
  " \"roles\": [\"admin\"], \"subscription_type\": \"Attorney\", \"default_calendar_id\": 105,"
  " \"updated_at\": \"2026-11-27T10:00:00.000000Z\", \"personal_injury_license\": true, \"unknown\": [1, 2]}";

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = roster_json_parse (text, strlen (text), &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = roster_json_object (root, &error);
  g_assert_no_error (error);

  return json_object_ref (object);
}

static void
test_user_good (void)
{
  g_autoptr(JsonObject) object = parse_object (good_user);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = roster_user_new_from_json (object, &error);
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (roster_user_get_id (user), ==, 5);
  g_assert_cmpstr (roster_user_get_name (user), ==, "Sofia Varga");
  g_assert_true (roster_user_get_enabled (user));
  g_assert_true (roster_user_get_admin (user));
  g_assert_false (roster_user_get_account_owner (user));
  g_assert_true (roster_user_get_personal_injury_license (user));
  g_assert_cmpint (roster_user_get_default_calendar_id (user), ==, 105);

  /* Properties a view binds to. */
  g_object_get (user, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Sofia Varga");
}

static void
test_user_from_clio (void)
{
  /* Clio's API has no personal_injury_license, and may give no calendar. */
  g_autoptr(JsonObject) object = parse_object (good_user);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = NULL;

  json_object_remove_member (object, "personal_injury_license");
  json_object_set_null_member (object, "default_calendar_id");
  json_object_set_array_member (object, "roles", json_array_new ());
  user = roster_user_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_false (roster_user_get_personal_injury_license (user));
  g_assert_false (roster_user_get_admin (user));
  g_assert_cmpint (roster_user_get_default_calendar_id (user), ==, 0);
}

static void
test_user_bad (void)
{
  static const struct
  {
    const char *member;
    const char *json;   /* NULL: remove the member */
    int         code;
  } cases[] = {
    { "email", NULL, ROSTER_JSON_ERROR_MISSING },
    { "id", NULL, ROSTER_JSON_ERROR_MISSING },
    { "enabled", "\"yes\"", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "enabled", "null", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "id", "-3", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "id", "\"12abc\"", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "id", "1.5", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "name", "42", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "roles", "\"admin\"", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "personal_injury_license", "1", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "account_owner", "\"no\"", ROSTER_JSON_ERROR_WRONG_TYPE },
    { "default_calendar_id", "\"x\"", ROSTER_JSON_ERROR_WRONG_TYPE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = parse_object (good_user);
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterUser) user = NULL;

      if (cases[i].json == NULL)
        json_object_remove_member (object, cases[i].member);
      else
        {
          g_autofree char *text = g_strdup_printf ("{\"v\": %s}", cases[i].json);
          g_autoptr(JsonObject) value = parse_object (text);

          json_object_set_member (object, cases[i].member, json_node_copy (json_object_get_member (value, "v")));
        }

      user = roster_user_new_from_json (object, &error);
      g_assert_null (user);
      g_assert_error (error, ROSTER_JSON_ERROR, cases[i].code);
      /* The error names the member, in its message and for a list of
       * what could not be read. */
      g_assert_nonnull (strstr (error->message, cases[i].member));
      g_assert_cmpstr (roster_json_error_get_member (error), ==, cases[i].member);
    }
}

static void
test_matter (void)
{
  g_autoptr(JsonObject) private = parse_object (
    "{\"id\": 7, \"etag\": \"e\", \"display_number\": \"00007-Hart\", \"description\": null, \"status\": \"Open\","
    " \"responsible_attorney\": {\"id\": 4}, \"group\": {\"id\": 1000004, \"type\": \"UserGroup\"},"
    " \"open_date\": \"2026-01-02\", \"close_date\": null, \"updated_at\": \"2026-11-27T10:00:00Z\"}");
  g_autoptr(JsonObject) nested_wrong = parse_object (
    "{\"id\": 7, \"etag\": \"e\", \"display_number\": \"x\", \"description\": \"d\", \"status\": \"Open\","
    " \"responsible_attorney\": {\"id\": \"four\"}, \"group\": null,"
    " \"open_date\": null, \"close_date\": null, \"updated_at\": \"2026-11-27T10:00:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterMatter) matter = roster_matter_new_from_json (private, &error);
  g_autoptr(RosterMatter) refused = NULL;

  g_assert_no_error (error);
  g_assert_true (roster_matter_get_is_private (matter));
  g_assert_cmpint (roster_matter_get_responsible_attorney_id (matter), ==, 4);
  g_assert_null (roster_matter_get_description (matter));

  refused = roster_matter_new_from_json (nested_wrong, &error);
  g_assert_null (refused);
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "responsible_attorney"));
  /* What was found, and where. */
  g_assert_nonnull (strstr (error->message, "\"four\""));
  g_assert_cmpstr (roster_json_error_get_member (error), ==, "responsible_attorney.id");
}

static void
test_task (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 9, \"etag\": \"e\", \"name\": \"File motion\", \"status\": \"pending\", \"due_at\": null,"
    " \"assignee\": {\"id\": 4, \"type\": \"User\"}, \"matter\": null, \"updated_at\": \"2026-11-27T10:00:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterTask) task = roster_task_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpint (roster_task_get_assignee_id (task), ==, 4);
  g_assert_cmpint (roster_task_get_matter_id (task), ==, 0);
  g_assert_null (roster_task_get_due_at (task));
}

static void
test_calendar_entry (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": \"31\", \"etag\": \"e\", \"summary\": \"Hearing\", \"start_at\": \"2026-12-01T09:00:00Z\","
    " \"end_at\": \"2026-12-01T10:00:00Z\", \"calendar_owner_id\": 104, \"matter\": {\"id\": 2},"
    " \"attendees\": [{\"id\": 107, \"type\": \"Calendar\"}, {\"id\": 900, \"type\": \"Contact\"}],"
    " \"updated_at\": \"2026-11-27T10:00:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterCalendarEntry) entry = roster_calendar_entry_new_from_json (object, &error);
  const char *const *attendees;

  g_assert_no_error (error);
  /* Clio writes this id as a string. */
  g_assert_cmpint (roster_calendar_entry_get_id (entry), ==, 31);
  g_assert_cmpint (roster_calendar_entry_get_matter_id (entry), ==, 2);
  g_assert_false (roster_calendar_entry_get_hidden (entry));
  attendees = roster_calendar_entry_get_attendee_calendar_ids (entry);
  g_assert_cmpuint (g_strv_length ((char **) attendees), ==, 1);
  g_assert_cmpstr (attendees[0], ==, "107");

  json_object_set_string_member (object, "attendees", "everyone");
  g_assert_null (roster_calendar_entry_new_from_json (object, &error));
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
}

/* Clio's description types a calendar entry's id as a string: any string
 * is an id. Its times, with any offset, become instants in UTC. */
static void
test_calendar_entry_as_clio_allows (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": \"a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11\", \"etag\": \"e\", \"summary\": null,"
    " \"start_at\": \"2026-12-01T06:00:00-08:00\", \"end_at\": \"2027-03-01T17:00:00+13:45\","
    " \"calendar_owner_id\": null, \"matter\": null, \"attendees\": null, \"updated_at\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterCalendarEntry) entry = roster_calendar_entry_new_from_json (object, &error);
  static const char *const not_ids[] = { "\"\"", "0", "-4", "1.5", "true", "{}", "\"tab\\there\"" };

  g_assert_no_error (error);
  g_assert_cmpstr (roster_calendar_entry_get_id_string (entry), ==, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11");
  g_assert_cmpint (roster_calendar_entry_get_id (entry), ==, 0);
  g_assert_cmpstr (roster_calendar_entry_get_start_at (entry), ==, "2026-12-01T14:00:00.000000Z");
  g_assert_cmpstr (roster_calendar_entry_get_end_at (entry), ==, "2027-03-01T03:15:00.000000Z");
  g_assert_cmpstr (roster_calendar_entry_get_summary (entry), ==, "");
  g_assert_cmpint (roster_calendar_entry_get_calendar_owner_id (entry), ==, 0);
  g_assert_null (roster_calendar_entry_get_updated_at (entry));
  g_assert_cmpuint (g_strv_length ((char **) roster_calendar_entry_get_attendee_calendar_ids (entry)), ==, 0);
  g_clear_object (&entry);

  /* A number is an id too, kept in decimal; "031" is a string, not 31. */
  json_object_set_int_member (object, "id", 31);
  entry = roster_calendar_entry_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (roster_calendar_entry_get_id_string (entry), ==, "31");
  g_assert_cmpint (roster_calendar_entry_get_id (entry), ==, 31);
  g_clear_object (&entry);
  json_object_set_string_member (object, "id", "031");
  entry = roster_calendar_entry_new_from_json (object, &error);
  g_assert_cmpstr (roster_calendar_entry_get_id_string (entry), ==, "031");
  g_assert_cmpint (roster_calendar_entry_get_id (entry), ==, 0);
  g_clear_object (&entry);

  for (guint i = 0; i < G_N_ELEMENTS (not_ids); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"v\": %s}", not_ids[i]);
      g_autoptr(JsonObject) value = parse_object (text);

      json_object_set_member (object, "id", json_node_copy (json_object_get_member (value, "v")));
      g_assert_null (roster_calendar_entry_new_from_json (object, &error));
      g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
      g_assert_cmpstr (roster_json_error_get_member (error), ==, "id");
      g_clear_error (&error);
    }

  /* A time that is not one is named, with what it was. */
  json_object_set_string_member (object, "id", "x");
  json_object_set_string_member (object, "start_at", "tomorrow at nine");
  g_assert_null (roster_calendar_entry_new_from_json (object, &error));
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
  g_assert_cmpstr (roster_json_error_get_member (error), ==, "start_at");
  g_assert_nonnull (strstr (error->message, "tomorrow at nine"));
  g_clear_error (&error);

  json_object_set_string_member (object, "start_at", "2026-12-01T06:00:00-08:00");
  json_object_set_array_member (object, "attendees", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (object, "attendees"), json_object_new ());
  g_assert_null (roster_calendar_entry_new_from_json (object, &error));
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_MISSING);
  g_assert_cmpstr (roster_json_error_get_member (error), ==, "attendees.id");
}

/* A task's assignee is a User or a contact: only a User's task is a
 * user's, and the type is read on every record. */
static void
test_task_assignees (void)
{
  static const struct
  {
    const char *assignee;
    gint64      user_id;
    const char *type;
  } cases[] = {
    { "{\"id\": 1, \"type\": \"User\"}", 1, "User" },
    { "{\"id\": 1, \"type\": \"Person\"}", 0, "Person" },
    { "{\"id\": 2, \"type\": \"Company\"}", 0, "Company" },
    { "{\"id\": 3, \"type\": null}", 0, NULL },
    { "null", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"id\": 9, \"etag\": null, \"name\": null, \"status\": null,"
                                               " \"due_at\": null, \"assignee\": %s, \"matter\": null,"
                                               " \"updated_at\": \"2026-11-27T10:00:00+01:00\"}", cases[i].assignee);
      g_autoptr(JsonObject) object = parse_object (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterTask) task = roster_task_new_from_json (object, &error);

      g_assert_no_error (error);
      g_assert_cmpint (roster_task_get_assignee_id (task), ==, cases[i].user_id);
      g_assert_cmpstr (roster_task_get_assignee_type (task), ==, cases[i].type);
      g_assert_cmpstr (roster_task_get_name (task), ==, "");
      g_assert_cmpstr (roster_task_get_updated_at (task), ==, "2026-11-27T09:00:00.000000Z");
    }

  /* An assignee that does not say what it is cannot be judged. */
  {
    g_autoptr(JsonObject) object = parse_object (
      "{\"id\": 9, \"etag\": \"e\", \"name\": \"n\", \"status\": \"pending\", \"due_at\": \"2026-13-01\","
      " \"assignee\": {\"id\": 1}, \"matter\": null, \"updated_at\": null}");
    g_autoptr(GError) error = NULL;

    g_assert_null (roster_task_new_from_json (object, &error));
    g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
    g_assert_cmpstr (roster_json_error_get_member (error), ==, "due_at");
    g_clear_error (&error);

    json_object_set_string_member (object, "due_at", "2026-12-01");
    g_assert_null (roster_task_new_from_json (object, &error));
    g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_MISSING);
    g_assert_cmpstr (roster_json_error_get_member (error), ==, "assignee.type");
    g_assert_nonnull (strstr (error->message, "assignee"));
  }
}

/* Null where Clio's API answers it for an empty value. */
static void
test_user_nulls (void)
{
  g_autoptr(JsonObject) object = parse_object (good_user);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterUser) user = NULL;

  json_object_set_null_member (object, "name");
  json_object_set_null_member (object, "email");
  json_object_set_null_member (object, "roles");
  json_object_set_null_member (object, "subscription_type");
  json_object_set_null_member (object, "updated_at");
  json_object_set_null_member (object, "account_owner");
  json_object_set_null_member (object, "personal_injury_license");
  user = roster_user_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_false (roster_user_get_account_owner (user));
  g_assert_false (roster_user_get_personal_injury_license (user));
  g_assert_cmpstr (roster_user_get_name (user), ==, "Sofia Varga");
  g_assert_cmpstr (roster_user_get_email (user), ==, "");
  g_assert_false (roster_user_get_admin (user));
  g_assert_null (roster_user_get_updated_at (user));
}

static void
test_account_bad (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"etag\": \"e\", \"name\": \"Firm\", \"subscription\": \"annual\", \"currency\": \"USD\","
    " \"licenses\": {\"total\": \"23\", \"in_use\": 21, \"unused\": 2, \"price\": 100},"
    " \"renewal\": {\"date\": \"2027-02-10\", \"remove_unused_licenses\": false, \"price_without_removal\": 1,"
    " \"price_with_removal\": 1, \"projected_price\": 1}, \"closed_at\": null, \"updated_at\": \"x\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterAccount) account = roster_account_new_from_json (object, &error);

  g_assert_null (account);
  g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "licenses.total"));
}

static void
test_not_json (void)
{
  static const char *inputs[] = { "", "{", "{\"data\": [{\"id\": tru", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = roster_json_parse (inputs[i], strlen (inputs[i]), &error);

      g_assert_null (root);
      g_assert_nonnull (error);
    }
}

/* Times and dates already in Roster's form are taken as they are; any
 * other form is read and written in it; what is not a time or a date is
 * refused. The form taken as it is is what reading and writing give. */
static void
test_times_normalized (void)
{
  static const struct
  {
    const char *text;
    const char *time;   /* roster_time_normalize_iso() */
  } times[] = {
    { "2026-12-02T08:30:00.000000Z", "2026-12-02T08:30:00.000000Z" },
    { "2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z" },
    { "2026-12-02T08:30:00Z", "2026-12-02T08:30:00.000000Z" },
    { "2026-12-02T09:30:00.5+01:00", "2026-12-02T08:30:00.500000Z" },
    { "2026-12-02T08:30:00.000000+00:00", "2026-12-02T08:30:00.000000Z" },
    { "2025-02-29T08:30:00.000000Z", NULL },
    { "2026-13-02T08:30:00.000000Z", NULL },
    { "2026-12-02T24:30:00.000000Z", NULL },
    { "2026-12-02T08:60:00.000000Z", NULL },
    { "2026-12-02T08:30:00.000000Zx", NULL },
    { "2026-12-02", NULL },
    { "", NULL },
  };
  static const struct
  {
    const char *text;
    const char *date;   /* roster_date_normalize() */
  } dates[] = {
    { "2026-12-02", "2026-12-02" },
    { "2024-02-29", "2024-02-29" },
    { "2025-02-29", NULL },
    { "2026-00-10", NULL },
    { "2026-12-32", NULL },
    { "2026-12-0", NULL },
    { "2026- 1- 1", NULL },
    { "+026-01-01", NULL },
    { "0999-01-31", "0999-01-31" },
    { "2026-12-02T00:00:00Z", NULL },
    { "20", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *normal = roster_time_normalize_iso (times[i].text);
      g_autoptr(GDateTime) parsed = roster_time_parse_iso (times[i].text);
      g_autofree char *written = parsed ? roster_time_format_iso (parsed) : NULL;

      g_assert_cmpstr (normal, ==, times[i].time);
      g_assert_cmpstr (written, ==, times[i].time);
    }

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *normal = roster_date_normalize (dates[i].text);
      g_autoptr(GDate) parsed = roster_date_parse (dates[i].text);
      g_autofree char *written = parsed ? roster_date_format (parsed) : NULL;

      g_assert_cmpstr (normal, ==, dates[i].date);
      g_assert_cmpstr (written, ==, dates[i].date);
    }
}

/* What Roster's reader takes, it reads as json-glib's parser does: the
 * same tree, node for node. */
static void
test_reader_agrees (void)
{
  static const char *inputs[] = {
    "{\"a\": 1, \"b\": [true, false, null], \"c\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\","
    " \"d\": -0.5e3, \"e\": {}, \"f\": [], \"g\": {\"h\": [[{}]]}}",
    " [1, -2, 3.25, 1E2, 0, -0, 2.5e-3, 6E+2] ",
    "\"just a string\"",
    "12",
    "null",
    "0.00000000000000000000000000000000000000000000000000000000000000000000001",
    "[9223372036854775807, -9223372036854775808]",
    "{\"raw\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
    "\r\n\t{ \"spaced\" :\t[ 1 ,2 ] }\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) ours = roster_json_parse (inputs[i], strlen (inputs[i]), &error);
      g_autoptr(JsonNode) theirs = json_from_string (inputs[i], NULL);

      g_assert_no_error (error);
      g_assert_nonnull (theirs);
      if (!json_node_equal (ours, theirs))
        g_error ("%s: read as %s, json-glib reads %s", inputs[i],
                 json_to_string (ours, FALSE), json_to_string (theirs, FALSE));
    }
}

/* Texts that are not JSON, or not what Roster takes, and what is said of
 * each. */
static const struct
{
  const char *text;
  const char *message;
} not_json[] = {
  { "", "The server's answer is empty" },
  { " \n\t", "The server's answer is empty" },
  { "{\"a\": 1,}", "an object's member without a quoted name at byte 8" },
  { "[1,]", "an unexpected character at byte 3" },
  { "// note\n{}", "an unexpected character at byte 0" },
  { "/* note */ {}", "an unexpected character at byte 0" },
  { "{'a': 1}", "an object's member without a quoted name at byte 1" },
  { "{\"a\": 1} x", "more after the value at byte 9" },
  { "{\"a\" 1}", "a member's name without a colon after it at byte 5" },
  { "\"\\u0000\"", "a NUL character in a string at byte 7" },
  { "\"\\ud800\"", "half of a UTF-16 surrogate pair at byte 7" },
  { "\"\\ud800\\u0041\"", "half of a UTF-16 surrogate pair at byte 13" },
  { "\"\\udc00\"", "half of a UTF-16 surrogate pair at byte 7" },
  { "\"\\u12g4\"", "a \\u escape without four hex digits at byte 3" },
  { "\"\\x\"", "an unknown escape in a string at byte 2" },
  { "\"abc", "a string that does not end at its end (byte 4)" },
  { "\"a\tb\"", "a control character in a string at byte 2" },
  { "\"\xff\xfe\"", "a string that is not UTF-8 at byte 1" },
  { "[01]", "an array that does not go on with “,” or end with “]” at byte 2" },
  { "1.", "a number without digits after its point at its end (byte 2)" },
  { "1e", "a number without digits in its exponent at its end (byte 2)" },
  { "-", "a number without digits at its end (byte 1)" },
  { "+1", "an unexpected character at byte 0" },
  { "9223372036854775808", "an integer beyond 64 bits at byte 0" },
  { "[1, 1e400]", "a number beyond a double's range at byte 4" },
  { "{\"twice\": 1, \"twice\": 2}", "an object's member named twice at byte 23" },
  { "\"\xc3\\n\"", "a string that is not UTF-8 at byte 1" },
  { "[\"ok\", \"\\n\xed\xa0\x80\"]", "a string that is not UTF-8 at byte 10" },
  { "-1E+999", "a number beyond a double's range at byte 0" },
  { "[NaN]", "an unexpected character at byte 1" },
  { "tru", "an unexpected character at byte 0" },
  { "{\"data\": [{\"id\": tru", "an unexpected character at byte 17" },
  { "{", "an object's member without a quoted name at its end (byte 1)" },
  { "[1 2]", "an array that does not go on with “,” or end with “]” at byte 3" },
};

/* What is not JSON is refused, with where it goes wrong; json-glib's
 * liberties (comments, single quotes) are not taken, nor what a C string
 * or 64 bits cannot hold. */
static void
test_reader_refuses (void)
{

  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = roster_json_parse (not_json[i].text, strlen (not_json[i].text), &error);

      g_assert_null (root);
      g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_INVALID);
      if (!g_str_has_suffix (error->message, not_json[i].message))
        g_error ("%s: “%s”, not “…%s”", not_json[i].text, error->message, not_json[i].message);
    }

  /* As deep as allowed, and one deeper. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;

    for (guint i = 0; i < ROSTER_JSON_MAX_DEPTH; i++)
      g_string_insert (deep, i, "[]");
    root = roster_json_parse (deep->str, deep->len, &error);
    g_assert_no_error (error);
    g_clear_pointer (&root, json_node_unref);

    g_string_prepend (deep, "[");
    g_string_append (deep, "]");
    root = roster_json_parse (deep->str, deep->len, &error);
    g_assert_null (root);
    g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_INVALID);
  }
}

/* A checked list read record by record, as the sync reads it, into one
 * array; %NULL with no error if the value there is not a list. */
static JsonNode *
read_list (const char           *text,
           const RosterJsonSpan *span,
           GError              **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(RosterJsonListReader) reader = roster_json_list_reader_new (bytes, span, 1, ROSTER_JSON_MAX_DEPTH);
  g_autoptr(JsonArray) array = json_array_new ();

  if (reader == NULL)
    return NULL;

  for (;;)
    {
      JsonNode *element;

      if (!roster_json_list_reader_next (reader, &element, error))
        return NULL;
      if (element == NULL)
        break;
      json_array_add_element (array, element);
    }

  return json_node_init_array (json_node_alloc (), array);
}

/* A page read in two steps, its frame and then its list record by
 * record, is the page read at once; and what reading at once refuses, the
 * two steps refuse with the same words and byte: all of it while
 * checking, but a name given twice inside the list, which only reading
 * the list can see. */
static void
test_reader_deferring (void)
{
  static const char *lists[] = {
    "[{\"id\": 1, \"name\": \"Ann \\\"A\\\" \\u00e9\"}, {\"id\": 2, \"tags\": [[], {}], \"rate\": -0.5e3}]",
    "[]",
    "{\"not\": \"a list\"}",
    "null",
    "\"data\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"meta\": {\"paging\": {\"next\": \"x\"}, \"records\": 2}, "
                                               "\"data\": %s, \"after\": {\"data\": 1}}", lists[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) whole = roster_json_read (text, strlen (text), ROSTER_JSON_MAX_DEPTH, &error);
      g_autoptr(JsonNode) frame = NULL;
      g_autoptr(JsonNode) list = NULL;
      RosterJsonSpan span;

      g_assert_no_error (error);
      frame = roster_json_read_deferring (text, strlen (text), ROSTER_JSON_MAX_DEPTH, "data", &span, &error);
      g_assert_no_error (error);
      g_assert_false (json_object_has_member (json_node_get_object (frame), "data"));
      g_assert_true (json_object_has_member (json_node_get_object (frame), "after"));
      g_assert_cmpmem (text + span.offset, span.length, lists[i], strlen (lists[i]));

      /* What is not a list the sync refuses as a page without one. */
      list = read_list (text, &span, &error);
      g_assert_no_error (error);
      if (lists[i][0] != '[')
        {
          g_assert_null (list);
          continue;
        }
      g_assert_nonnull (list);
      json_object_set_member (json_node_get_object (frame), "data", g_steal_pointer (&list));
      g_assert_true (json_node_equal (frame, whole));
    }

  /* A page with no list: nothing deferred. */
  {
    const char *text = "{\"meta\": {}}";
    g_autoptr(GError) error = NULL;
    RosterJsonSpan span;
    g_autoptr(JsonNode) frame = roster_json_read_deferring (text, strlen (text), ROSTER_JSON_MAX_DEPTH, "data",
                                                            &span, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (span.length, ==, 0);
    g_assert_cmpuint (json_object_get_size (json_node_get_object (frame)), ==, 1);
    g_assert_null (read_list (text, &span, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (not_json) + 3; i++)
    {
      /* Each text as a page's list, then as much of the frame's. */
      const char *extra[] = { "[], \"data\": []", "[{\"id\": 1}, {\"twice\": 1, \"twice\": 2}]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" };
      const char *list = i < G_N_ELEMENTS (not_json) ? not_json[i].text : extra[i - G_N_ELEMENTS (not_json)];
      g_autofree char *text = g_strdup_printf ("{\"meta\": {}, \"data\": %s}", list);
      g_autoptr(GError) whole_error = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) whole = roster_json_read (text, strlen (text), ROSTER_JSON_MAX_DEPTH, &whole_error);
      g_autoptr(JsonNode) frame = NULL;
      g_autoptr(JsonNode) read = NULL;
      RosterJsonSpan span;

      g_assert_null (whole);
      g_assert_nonnull (whole_error);
      frame = roster_json_read_deferring (text, strlen (text), ROSTER_JSON_MAX_DEPTH, "data", &span, &error);
      if (frame != NULL)
        {
          /* Only a name given twice passes the check. */
          g_assert_nonnull (strstr (whole_error->message, "named twice"));
          read = read_list (text, &span, &error);
          g_assert_null (read);
          if (list[0] != '[')
            {
              g_assert_no_error (error);
              continue;
            }
        }
      g_assert_error (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, whole_error->message);
    }
}

/* A hostile server's answer of 100,000 "[" is refused before json-glib's
 * recursive parser would run out of stack; brackets in strings do not
 * count; as deep as the API goes is fine. */
static void
test_too_deep (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"data\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *quoted = "{\"data\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[\"}";

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (roster_json_depth_within (deep->str, deep->len, ROSTER_JSON_MAX_DEPTH));
  root = roster_json_parse (deep->str, deep->len, &error);
  g_assert_null (root);
  g_assert_nonnull (strstr (error->message, "nests deeper"));

  g_assert_true (roster_json_depth_within (quoted, strlen (quoted), 2));
  {
    const char *four = "{\"a\": [{\"b\": {}}]}";

    g_assert_true (roster_json_depth_within (four, strlen (four), 4));
    g_assert_false (roster_json_depth_within (four, strlen (four), 3));
    /* -1, as json-glib takes it, is up to the NUL. */
    g_assert_true (roster_json_depth_within (four, -1, 4));
    g_assert_false (roster_json_depth_within (four, -1, 3));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codecs/user", test_user_good);
  g_test_add_func ("/codecs/user-from-clio", test_user_from_clio);
  g_test_add_func ("/codecs/user-bad", test_user_bad);
  g_test_add_func ("/codecs/matter", test_matter);
  g_test_add_func ("/codecs/task", test_task);
  g_test_add_func ("/codecs/calendar-entry", test_calendar_entry);
  g_test_add_func ("/codecs/calendar-entry-as-clio-allows", test_calendar_entry_as_clio_allows);
  g_test_add_func ("/codecs/task-assignees", test_task_assignees);
  g_test_add_func ("/codecs/user-nulls", test_user_nulls);
  g_test_add_func ("/codecs/account-bad", test_account_bad);
  g_test_add_func ("/codecs/not-json", test_not_json);
  g_test_add_func ("/codecs/too-deep", test_too_deep);
  g_test_add_func ("/codecs/reader-agrees", test_reader_agrees);
  g_test_add_func ("/codecs/times-normalized", test_times_normalized);
  g_test_add_func ("/codecs/reader-refuses", test_reader_refuses);
  g_test_add_func ("/codecs/reader-deferring", test_reader_deferring);

  return g_test_run ();
}
