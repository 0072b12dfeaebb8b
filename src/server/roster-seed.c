/* roster-seed.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-seed"

#include "config.h"

#include "roster-firm-private.h"
#include "roster-seed.h"
#include "roster-time.h"

/*
 * A deterministic demo firm: the same seed gives the same people, matters,
 * tasks and events, dated relative to the day it is generated so that there
 * is always upcoming work. The small firm holds every case the seed article
 * speaks of: a primary subscriber who is not an administrator, administrators,
 * attorneys and non-attorneys, deactivated users, a Personal Injury license,
 * two users sharing an e-mail address, and work that moves or stays for each
 * reason. The large firm is the same shape at a hundred times the size.
 *
 * The odd firm is small and fixed: data that is unusual but valid by Clio's
 * description, to prove a client reads what a Clio server may send.
 */

typedef struct
{
  int       users;
  int       matters;
  int       tasks;
  int       entries;
  gboolean  annual;
} FirmShape;

static const FirmShape shapes[] = {
  [ROSTER_SEED_SMALL] = { 25, 500, 1500, 1000, TRUE },
  [ROSTER_SEED_LARGE] = { 2000, 200000, 400000, 200000, FALSE },
};

static const char *first_names[] = {
  "Olivia", "Marcus", "Priya", "Daniel", "Sofia", "James", "Amara", "Lucas", "Hannah", "Mateo",
  "Grace", "Noah", "Yuki", "Ethan", "Chloé", "Omar", "Isabel", "Liam", "Zara", "Samuel",
  "Leila", "Henry", "Mei", "Oscar", "Ava", "Tomás", "Nadia", "Felix", "Ruth", "Kwame",
  "Elena", "Arjun", "Freya", "Diego", "Ingrid", "Malik", "Rosa", "Theo", "Anika", "Bruno",
};

static const char *last_names[] = {
  "Hart", "Bell", "Shah", "Okafor", "Lindqvist", "Moreau", "Nakamura", "Reyes", "Fischer", "O’Brien",
  "Kowalski", "Haddad", "Silva", "Andersen", "Mbeki", "Rossi", "Chen", "Dubois", "Novak", "Patel",
  "Schmidt", "García", "Ivanova", "Murphy", "Tanaka", "Costa", "Larsen", "Mensah", "Varga", "Quinn",
  "Alvarez", "Brennan", "Cho", "Duarte", "Eriksen", "Fontaine", "Gallagher", "Horvat", "Ibrahim", "Jensen",
};

static const char *matter_kinds[] = {
  "Estate planning", "Personal injury claim", "Commercial lease review", "Employment dispute",
  "Real estate closing", "Divorce proceedings", "Contract negotiation", "Trademark registration",
  "Immigration petition", "Insurance coverage dispute", "Probate administration", "Shareholder agreement",
};

static const char *task_kinds[] = {
  "Draft engagement letter", "File motion", "Review discovery", "Call client", "Prepare exhibits",
  "Send invoice", "Research precedent", "Update case notes", "Schedule deposition", "Serve notice",
};

static const char *event_kinds[] = {
  "Client meeting", "Court hearing", "Deposition", "Mediation", "Filing deadline",
  "Team review", "Settlement conference", "Witness interview",
};

static const char *time_zones[] = {
  "Eastern Time (US & Canada)", "Central Time (US & Canada)", "Pacific Time (US & Canada)",
};

static gboolean
step (RosterFirm   *firm,
      sqlite3_stmt *statement,
      GError      **error)
{
  if (!roster_database_step_done (roster_firm_get_database (firm), statement, NULL))
    return roster_firm_set_db_error (firm, error);

  sqlite3_clear_bindings (statement);
  return TRUE;
}

static char *
date_from_today (GDate *today,
                 int    days)
{
  GDate date = *today;

  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);

  return roster_date_format (&date);
}

static char *
ascii_fold (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *folded = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (folded, g_ascii_tolower (*p));

  return g_string_free (folded, FALSE);
}

typedef struct
{
  gboolean  attorney;
  gboolean  enabled;
} SeededUser;

static gboolean
seed_users (RosterFirm      *firm,
            const FirmShape *shape,
            RosterSeedSize   size,
            GRand           *rand,
            const char      *now,
            SeededUser      *users,
            GError         **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  sqlite3_stmt *insert_user;
  sqlite3_stmt *insert_calendar;
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  insert_user = roster_database_statement (db,
                                           "INSERT INTO users (id, first_name, last_name, email, enabled,"
                                           " account_owner, admin, subscription_type, personal_injury_license,"
                                           " time_zone, password_salt, password_hash, created_at, updated_at)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                           error);
  insert_calendar = roster_database_statement (db,
                                               "INSERT INTO calendars (id, user_id, name, created_at, updated_at)"
                                               " VALUES (?, ?, ?, ?, ?)",
                                               error);
  if (insert_user == NULL || insert_calendar == NULL)
    return FALSE;

  for (int i = 1; i <= shape->users; i++)
    {
      const char *first = first_names[(i - 1) % G_N_ELEMENTS (first_names)];
      const char *last = last_names[((i - 1) / G_N_ELEMENTS (first_names) + (i - 1) * 7) % G_N_ELEMENTS (last_names)];
      g_autofree char *folded_first = ascii_fold (first);
      g_autofree char *folded_last = ascii_fold (last);
      g_autofree char *email = NULL;
      g_autofree char *salt = roster_firm_random_token (8);
      g_autofree char *hash = roster_firm_hash_password (salt, ROSTER_SEED_PASSWORD);
      g_autofree char *calendar_name = NULL;
      gboolean owner = i == 1;
      gboolean admin = i == 2 || i == 3;
      gboolean attorney = i != 3 && (i % 3 != 0 || i < 4);
      gboolean enabled = TRUE;
      gboolean pi = FALSE;

      if (size == ROSTER_SEED_SMALL)
        {
          /* Four deactivated users, one of whom shares an e-mail address
           * with an active user (they came back in another role). */
          enabled = !(i == 13 || i == 14 || i == 21 || i == 23);
          pi = i == 5 || i == 9;
          if (i == 23 || i == 24)
            {
              first = "Dana";
              last = "Whitfield";
              attorney = i == 23;
            }
        }
      else
        {
          enabled = i <= 3 || g_rand_int_range (rand, 0, 10) != 0;
          pi = enabled && g_rand_int_range (rand, 0, 40) == 0;
        }

      g_free (folded_first);
      g_free (folded_last);
      folded_first = ascii_fold (first);
      folded_last = ascii_fold (last);
      email = g_strdup_printf ("%s.%s@hartbell.example", folded_first, folded_last);
      if (!(size == ROSTER_SEED_SMALL && i == 24))
        {
          int n = 2;

          while (g_hash_table_contains (emails, email))
            {
              g_free (email);
              email = g_strdup_printf ("%s.%s%d@hartbell.example", folded_first, folded_last, n++);
            }
        }
      g_hash_table_add (emails, g_strdup (email));

      sqlite3_bind_int (insert_user, 1, i);
      sqlite3_bind_text (insert_user, 2, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 3, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 4, email, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert_user, 5, enabled);
      sqlite3_bind_int (insert_user, 6, owner);
      sqlite3_bind_int (insert_user, 7, admin);
      sqlite3_bind_text (insert_user, 8, attorney ? "Attorney" : "NonAttorney", -1, SQLITE_STATIC);
      sqlite3_bind_int (insert_user, 9, pi);
      sqlite3_bind_text (insert_user, 10, time_zones[i % G_N_ELEMENTS (time_zones)], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 11, salt, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 12, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 13, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_user, 14, now, -1, SQLITE_STATIC);
      if (!step (firm, insert_user, error))
        return FALSE;

      calendar_name = g_strdup_printf ("%s %s", first, last);
      sqlite3_bind_int (insert_calendar, 1, 100 + i);
      sqlite3_bind_int (insert_calendar, 2, i);
      sqlite3_bind_text (insert_calendar, 3, calendar_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_calendar, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_calendar, 5, now, -1, SQLITE_STATIC);
      if (!step (firm, insert_calendar, error))
        return FALSE;

      users[i].attorney = attorney;
      users[i].enabled = enabled;
    }

  return TRUE;
}

static int
random_user (GRand           *rand,
             const FirmShape *shape)
{
  return g_rand_int_range (rand, 1, shape->users + 1);
}

static int
random_attorney (GRand           *rand,
                 const FirmShape *shape,
                 SeededUser      *users)
{
  for (;;)
    {
      int id = random_user (rand, shape);

      if (users[id].attorney)
        return id;
    }
}

static gboolean
seed_matters (RosterFirm      *firm,
              const FirmShape *shape,
              GRand           *rand,
              GDate           *today,
              const char      *now,
              SeededUser      *users,
              GError         **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  sqlite3_stmt *insert;

  insert = roster_database_statement (db,
                                      "INSERT INTO matters (id, display_number, description, status,"
                                      " responsible_attorney_id, originating_attorney_id, private_to_user_id,"
                                      " open_date, pending_date, close_date, created_at, updated_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      error);
  if (insert == NULL)
    return FALSE;

  for (int i = 1; i <= shape->matters; i++)
    {
      int roll = g_rand_int_range (rand, 0, 100);
      const char *status = roll < 55 ? "Open" : roll < 70 ? "Pending" : "Closed";
      int responsible = random_attorney (rand, shape, users);
      int originating = random_attorney (rand, shape, users);
      gboolean private = g_rand_int_range (rand, 0, 100) < 8;
      int opened = -g_rand_int_range (rand, 30, 1500);
      g_autofree char *number = g_strdup_printf ("%05d-%s", i, last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      g_autofree char *description = g_strdup (matter_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (matter_kinds))]);
      g_autofree char *open_date = date_from_today (today, opened);
      g_autofree char *pending_date = NULL;
      g_autofree char *close_date = NULL;

      if (g_str_equal (status, "Pending"))
        pending_date = date_from_today (today, opened + 10);
      else if (g_str_equal (status, "Closed"))
        close_date = date_from_today (today, MIN (opened + g_rand_int_range (rand, 20, 400), -1));

      sqlite3_bind_int (insert, 1, i);
      sqlite3_bind_text (insert, 2, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, description, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, status, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 5, responsible);
      sqlite3_bind_int (insert, 6, originating);
      if (private)
        sqlite3_bind_int (insert, 7, responsible);
      sqlite3_bind_text (insert, 8, open_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, pending_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 10, close_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 11, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 12, now, -1, SQLITE_STATIC);
      if (!step (firm, insert, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
seed_tasks (RosterFirm      *firm,
            const FirmShape *shape,
            GRand           *rand,
            GDate           *today,
            const char      *now,
            GError         **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  static const char *priorities[] = { "High", "Normal", "Low" };
  sqlite3_stmt *insert;

  insert = roster_database_statement (db,
                                      "INSERT INTO tasks (id, name, status, priority, due_at, permission,"
                                      " assignee_id, matter_id, completed_at, created_at, updated_at)"
                                      " VALUES (?, ?, ?, ?, ?, 'public', ?, ?, ?, ?, ?)",
                                      error);
  if (insert == NULL)
    return FALSE;

  for (int i = 1; i <= shape->tasks; i++)
    {
      int roll = g_rand_int_range (rand, 0, 100);
      const char *status = roll < 25 ? "complete" : roll < 70 ? "pending" : roll < 90 ? "in_progress" : "in_review";
      gboolean no_matter = g_rand_int_range (rand, 0, 100) < 12;
      gboolean no_due = g_rand_int_range (rand, 0, 100) < 10;
      g_autofree char *due = no_due ? NULL : date_from_today (today, g_rand_int_range (rand, -60, 121));
      int assignee = random_user (rand, shape);
      int matter = g_rand_int_range (rand, 1, shape->matters + 1);

      sqlite3_bind_int (insert, 1, i);
      sqlite3_bind_text (insert, 2, task_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (task_kinds))], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, priorities[g_rand_int_range (rand, 0, 3)], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, due, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 6, assignee);
      if (!no_matter)
        sqlite3_bind_int (insert, 7, matter);
      if (g_str_equal (status, "complete"))
        sqlite3_bind_text (insert, 8, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 10, now, -1, SQLITE_STATIC);
      if (!step (firm, insert, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
seed_entries (RosterFirm      *firm,
              const FirmShape *shape,
              GRand           *rand,
              GDateTime       *now_time,
              const char      *now,
              GError         **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  g_autoptr(GDateTime) midnight = NULL;
  sqlite3_stmt *insert;
  sqlite3_stmt *attend;

  midnight = g_date_time_new_utc (g_date_time_get_year (now_time), g_date_time_get_month (now_time),
                                  g_date_time_get_day_of_month (now_time), 0, 0, 0);

  insert = roster_database_statement (db,
                                      "INSERT INTO calendar_entries (id, summary, start_at, end_at, all_day,"
                                      " calendar_id, matter_id, created_at, updated_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      error);
  attend = roster_database_statement (db, "INSERT OR IGNORE INTO attendees (entry_id, calendar_id) VALUES (?, ?)",
                                      error);
  if (insert == NULL || attend == NULL)
    return FALSE;

  for (int i = 1; i <= shape->entries; i++)
    {
      int owner = random_user (rand, shape);
      gboolean no_matter = g_rand_int_range (rand, 0, 100) < 15;
      gboolean all_day = g_rand_int_range (rand, 0, 10) == 0;
      int days = g_rand_int_range (rand, -60, 121);
      int hour = all_day ? 0 : g_rand_int_range (rand, 8, 18);
      g_autoptr(GDateTime) start = g_date_time_add_full (midnight, 0, 0, days, hour, 0, 0);
      g_autoptr(GDateTime) end = g_date_time_add_hours (start, all_day ? 24 : 1);
      g_autofree char *start_at = roster_time_format_iso (start);
      g_autofree char *end_at = roster_time_format_iso (end);
      int n_attendees = g_rand_int_range (rand, 0, 10) < 3 ? g_rand_int_range (rand, 1, 3) : 0;

      sqlite3_bind_int (insert, 1, i);
      sqlite3_bind_text (insert, 2, event_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (event_kinds))], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, start_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, end_at, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 5, all_day);
      sqlite3_bind_int (insert, 6, 100 + owner);
      if (!no_matter)
        sqlite3_bind_int (insert, 7, g_rand_int_range (rand, 1, shape->matters + 1));
      sqlite3_bind_text (insert, 8, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, now, -1, SQLITE_STATIC);
      if (!step (firm, insert, error))
        return FALSE;

      for (int a = 0; a < n_attendees; a++)
        {
          int attendee = random_user (rand, shape);

          if (attendee == owner)
            continue;
          sqlite3_bind_int (attend, 1, i);
          sqlite3_bind_int (attend, 2, 100 + attendee);
          if (!step (firm, attend, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* The odd firm -------------------------------------------------------------- */

typedef struct
{
  int         id;
  const char *first_name;
  const char *last_name;
  const char *email;
  gboolean    enabled;
  gboolean    owner;
  gboolean    admin;
  const char *subscription_type;
  const char *time_zone;
  gboolean    pending_setup;  /* no password yet, no calendar */
  const char *created_at;
} OddUser;

/* Names that are not plain ASCII, a lower-case surname particle, an
 * apostrophe; a deactivated user; a user still being set up, who has no
 * calendar (a null default_calendar_id). */
static const OddUser odd_users[] = {
  { 1, "Ada", "Quist", "ada@odd.example", TRUE, TRUE, TRUE, "Attorney", "Pacific Time (US & Canada)", FALSE,
    "2025-01-02T03:04:05.000000Z" },
  { 2, "Bo", "Ng", "bo@odd.example", TRUE, FALSE, FALSE, "Attorney", "Eastern Time (US & Canada)", FALSE,
    "2025-06-30T23:59:59.999999Z" },
  { 3, "Zoë", "d’Arcy-Ōta", "zoe@odd.example", TRUE, FALSE, FALSE, "NonAttorney", "Chennai", FALSE,
    "2026-02-28T12:00:00.000000Z" },
  { 4, "Élodie", "van der Berg", "elodie@odd.example", FALSE, FALSE, FALSE, "Attorney", "Paris", FALSE,
    "2026-03-01T00:00:00.000000Z" },
  { 5, "Pending", "Person", "pending@odd.example", TRUE, FALSE, FALSE, "NonAttorney", "UTC", TRUE,
    "2026-11-30T08:00:00.000000Z" },
  { 6, "Ömer", "Ünal", "omer@odd.example", TRUE, FALSE, TRUE, "NonAttorney", "Istanbul", FALSE,
    "2026-11-30T09:00:00.000000Z" },
};

typedef struct
{
  int         id;
  const char *type;
  const char *name;
  const char *initials;
} OddContact;

static const OddContact odd_contacts[] = {
  { 1, "Person", "Jordan Client", "JC" },
  { 2, "Company", "Acme Widgets Ltd.", NULL },
};

typedef struct
{
  int         id;
  const char *display_number;
  const char *description;
  const char *status;
  int         responsible;   /* 0: none */
  int         originating;
  int         private_to;
  const char *open_date;
  const char *pending_date;
  const char *close_date;
  const char *created_at;
} OddMatter;

static const OddMatter odd_matters[] = {
  { 1, "ODD-1", "A matter with every date", "Closed", 1, 2, 0, "2025-01-15", "2025-02-01", "2025-06-30",
    "2025-01-15T10:00:00.000000Z" },
  { 2, "odd/2 (ß)", "", "Open", 0, 0, 0, NULL, NULL, NULL, "2025-07-01T10:00:00.000000Z" },
  { 3, "ODD-3", "Private to Bo", "Pending", 2, 2, 2, "2026-03-01", "2026-04-01", NULL,
    "2026-03-01T10:00:00.000000Z" },
  { 4, "ODD-4", "Opened on a leap day", "Open", 4, 1, 0, "2024-02-29", NULL, NULL,
    "2026-05-01T10:00:00.000000Z" },
  { 5, "ODD-5 100%_done", "Wildcards in its number", "Open", 1, 0, 0, "2026-11-01", NULL, NULL,
    "2026-11-01T10:00:00.000000Z" },
};

typedef struct
{
  int         id;
  const char *name;
  const char *status;
  const char *priority;
  const char *due_at;
  const char *permission;
  int         user;          /* the assignee, a user; 0: none */
  int         contact;       /* or a contact */
  int         matter;
  const char *completed_at;
  const char *created_at;
} OddTask;

/* Tasks given to a contact (a Person, a Company) rather than a user, a task
 * given to nobody, a private task. Contact 1 and user 1 share an id. */
static const OddTask odd_tasks[] = {
  { 1, "Call the client", "pending", "High", NULL, "public", 0, 1, 1, NULL, "2025-02-01T00:00:00.000000Z" },
  { 2, "Send the draft to Acme", "in_review", "Low", "2026-12-24", "public", 0, 2, 0, NULL,
    "2025-08-01T00:00:00.000000Z" },
  { 3, "Nobody’s task", "pending", "Normal", NULL, "public", 0, 0, 2, NULL, "2026-01-01T00:00:00.000000Z" },
  { 4, "A private note", "in_progress", "High", "2027-01-04", "private", 1, 0, 3, NULL,
    "2026-06-01T00:00:00.000000Z" },
  { 5, "Done already", "complete", "Normal", "2026-11-30", "public", 2, 0, 4, "2026-11-30T23:59:59.999999Z",
    "2026-09-01T00:00:00.000000Z" },
  { 6, "Élodie’s leftover", "pending", "Low", "2027-02-01", "public", 4, 0, 4, NULL,
    "2026-10-01T00:00:00.000000Z" },
  { 7, "File 100%_of it", "pending", "Normal", "2026-12-01", "public", 1, 0, 5, NULL,
    "2026-11-15T00:00:00.000000Z" },
};

typedef struct
{
  int         id;            /* the row id */
  const char *public_id;     /* the id served; NULL: the row id, in digits */
  const char *summary;
  const char *description;
  const char *location;
  const char *start_at;
  const char *end_at;
  gboolean    all_day;
  const char *recurrence_rule;
  int         owner;         /* whose calendar */
  int         matter;
  int         attendees[2];
  const char *created_at;
} OddEntry;

/* Ids that are not made of digits (Clio's description types them as
 * strings), times with offsets other than Z, a recurring entry, an
 * all-day one, one across a new year, one on a deactivated user's
 * calendar (hidden), and one with a plain id. */
static const OddEntry odd_entries[] = {
  { 1, "a9f3c2e0-5b1d-4c8e-9f7a-2d6b8e0c4a11", "Kickoff (Pacific)", NULL, NULL,
    "2026-12-01T06:00:00-08:00", "2026-12-01T07:30:00-08:00", FALSE, NULL, 1, 1, { 0, 0 },
    "2025-03-01T00:00:00.000000Z" },
  { 2, "evt_weekly-standup", "Weekly stand-up", "Every Monday", "Bengaluru",
    "2026-12-07T09:00:00+05:30", "2026-12-07T09:15:00+05:30", FALSE, "FREQ=WEEKLY;BYDAY=MO", 2, 0, { 1, 3 },
    "2025-09-01T00:00:00.000000Z" },
  { 3, "réunion:2026-12-02", "Réunion", "Toute la journée", "Paris",
    "2026-12-02T00:00:00+01:00", "2026-12-03T00:00:00+01:00", TRUE, NULL, 3, 2, { 0, 0 },
    "2026-01-15T00:00:00.000000Z" },
  { 4, "x", "Across the new year", NULL, NULL,
    "2026-12-31T23:30:00-10:00", "2027-01-01T00:30:00-10:00", FALSE, NULL, 6, 3, { 1, 0 },
    "2026-04-01T00:00:00.000000Z" },
  { 5, "entry with space+plus", "Handover", NULL, "Room 100%",
    "2027-01-05T10:00:00+00:00", "2027-01-05T11:00:00+00:00", FALSE, NULL, 4, 4, { 0, 0 },
    "2026-07-01T00:00:00.000000Z" },
  { 6, NULL, "A plain id", NULL, NULL,
    "2026-11-20T15:00:00.000000Z", "2026-11-20T16:00:00.000000Z", FALSE, NULL, 2, 5, { 0, 0 },
    "2026-11-20T00:00:00.000000Z" },
  { 7, "CAPS-And-lower_7", "Deadline, Chatham time", NULL, NULL,
    "2027-03-01T17:00:00+13:45", "2027-03-01T17:00:00+13:45", FALSE, NULL, 1, 0, { 6, 0 },
    "2026-11-30T00:00:00.000000Z" },
};

static void
bind_text_or_null (sqlite3_stmt *statement,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (statement, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (statement, column);
}

static void
bind_id_or_null (sqlite3_stmt *statement,
                 int           column,
                 int           id)
{
  if (id != 0)
    sqlite3_bind_int (statement, column, id);
  else
    sqlite3_bind_null (statement, column);
}

static gboolean
seed_odd_people (RosterFirm *firm,
                 GError    **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  sqlite3_stmt *user;
  sqlite3_stmt *calendar;
  sqlite3_stmt *contact;

  user = roster_database_statement (db,
                                    "INSERT INTO users (id, first_name, last_name, email, enabled, account_owner,"
                                    " admin, subscription_type, time_zone, password_salt, password_hash,"
                                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    error);
  calendar = roster_database_statement (db,
                                        "INSERT INTO calendars (id, user_id, name, created_at, updated_at)"
                                        " VALUES (?, ?, ?, ?, ?)",
                                        error);
  contact = roster_database_statement (db,
                                       "INSERT INTO contacts (id, type, name, initials, created_at, updated_at)"
                                       " VALUES (?, ?, ?, ?, '2025-01-01T00:00:00.000000Z',"
                                       " '2025-01-01T00:00:00.000000Z')",
                                       error);
  if (user == NULL || calendar == NULL || contact == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (odd_users); i++)
    {
      const OddUser *u = &odd_users[i];
      g_autofree char *salt = u->pending_setup ? NULL : roster_firm_random_token (8);
      g_autofree char *hash = salt ? roster_firm_hash_password (salt, ROSTER_SEED_PASSWORD) : NULL;
      g_autofree char *name = g_strdup_printf ("%s %s", u->first_name, u->last_name);

      sqlite3_bind_int (user, 1, u->id);
      sqlite3_bind_text (user, 2, u->first_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 3, u->last_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 4, u->email, -1, SQLITE_STATIC);
      sqlite3_bind_int (user, 5, u->enabled);
      sqlite3_bind_int (user, 6, u->owner);
      sqlite3_bind_int (user, 7, u->admin);
      sqlite3_bind_text (user, 8, u->subscription_type, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 9, u->time_zone, -1, SQLITE_STATIC);
      bind_text_or_null (user, 10, salt);
      bind_text_or_null (user, 11, hash);
      sqlite3_bind_text (user, 12, u->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 13, u->created_at, -1, SQLITE_STATIC);
      if (!step (firm, user, error))
        return FALSE;

      if (u->pending_setup)
        continue;
      sqlite3_bind_int (calendar, 1, 100 + u->id);
      sqlite3_bind_int (calendar, 2, u->id);
      sqlite3_bind_text (calendar, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (calendar, 4, u->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (calendar, 5, u->created_at, -1, SQLITE_STATIC);
      if (!step (firm, calendar, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (odd_contacts); i++)
    {
      sqlite3_bind_int (contact, 1, odd_contacts[i].id);
      sqlite3_bind_text (contact, 2, odd_contacts[i].type, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 3, odd_contacts[i].name, -1, SQLITE_STATIC);
      bind_text_or_null (contact, 4, odd_contacts[i].initials);
      if (!step (firm, contact, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
seed_odd_work (RosterFirm *firm,
               GError    **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  sqlite3_stmt *matter;
  sqlite3_stmt *task;
  sqlite3_stmt *entry;
  sqlite3_stmt *attend;

  matter = roster_database_statement (db,
                                      "INSERT INTO matters (id, display_number, description, status,"
                                      " responsible_attorney_id, originating_attorney_id, private_to_user_id,"
                                      " open_date, pending_date, close_date, created_at, updated_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      error);
  task = roster_database_statement (db,
                                    "INSERT INTO tasks (id, name, status, priority, due_at, permission, assignee_id,"
                                    " assignee_contact_id, matter_id, completed_at, created_at, updated_at)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    error);
  entry = roster_database_statement (db,
                                     "INSERT INTO calendar_entries (id, public_id, summary, description, location,"
                                     " start_at, end_at, all_day, recurrence_rule, calendar_id, matter_id,"
                                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     error);
  attend = roster_database_statement (db, "INSERT INTO attendees (entry_id, calendar_id) VALUES (?, ?)", error);
  if (matter == NULL || task == NULL || entry == NULL || attend == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (odd_matters); i++)
    {
      const OddMatter *m = &odd_matters[i];

      sqlite3_bind_int (matter, 1, m->id);
      sqlite3_bind_text (matter, 2, m->display_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (matter, 3, m->description, -1, SQLITE_STATIC);
      sqlite3_bind_text (matter, 4, m->status, -1, SQLITE_STATIC);
      bind_id_or_null (matter, 5, m->responsible);
      bind_id_or_null (matter, 6, m->originating);
      bind_id_or_null (matter, 7, m->private_to);
      bind_text_or_null (matter, 8, m->open_date);
      bind_text_or_null (matter, 9, m->pending_date);
      bind_text_or_null (matter, 10, m->close_date);
      sqlite3_bind_text (matter, 11, m->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (matter, 12, m->created_at, -1, SQLITE_STATIC);
      if (!step (firm, matter, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (odd_tasks); i++)
    {
      const OddTask *t = &odd_tasks[i];

      sqlite3_bind_int (task, 1, t->id);
      sqlite3_bind_text (task, 2, t->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (task, 3, t->status, -1, SQLITE_STATIC);
      sqlite3_bind_text (task, 4, t->priority, -1, SQLITE_STATIC);
      bind_text_or_null (task, 5, t->due_at);
      sqlite3_bind_text (task, 6, t->permission, -1, SQLITE_STATIC);
      bind_id_or_null (task, 7, t->user);
      bind_id_or_null (task, 8, t->contact);
      bind_id_or_null (task, 9, t->matter);
      bind_text_or_null (task, 10, t->completed_at);
      sqlite3_bind_text (task, 11, t->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (task, 12, t->created_at, -1, SQLITE_STATIC);
      if (!step (firm, task, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (odd_entries); i++)
    {
      const OddEntry *e = &odd_entries[i];

      sqlite3_bind_int (entry, 1, e->id);
      bind_text_or_null (entry, 2, e->public_id);
      sqlite3_bind_text (entry, 3, e->summary, -1, SQLITE_STATIC);
      bind_text_or_null (entry, 4, e->description);
      bind_text_or_null (entry, 5, e->location);
      sqlite3_bind_text (entry, 6, e->start_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 7, e->end_at, -1, SQLITE_STATIC);
      sqlite3_bind_int (entry, 8, e->all_day);
      bind_text_or_null (entry, 9, e->recurrence_rule);
      sqlite3_bind_int (entry, 10, 100 + e->owner);
      bind_id_or_null (entry, 11, e->matter);
      sqlite3_bind_text (entry, 12, e->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 13, e->created_at, -1, SQLITE_STATIC);
      if (!step (firm, entry, error))
        return FALSE;

      for (guint a = 0; a < G_N_ELEMENTS (e->attendees) && e->attendees[a] != 0; a++)
        {
          sqlite3_bind_int (attend, 1, e->id);
          sqlite3_bind_int (attend, 2, 100 + e->attendees[a]);
          if (!step (firm, attend, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
seed_odd (RosterFirm *firm,
          GError    **error)
{
  RosterDatabase *db = roster_firm_get_database (firm);
  sqlite3_stmt *account;

  if (!seed_odd_people (firm, error) || !seed_odd_work (firm, error))
    return FALSE;

  /* A monthly plan, whose renewal falls on a leap day. */
  account = roster_database_statement (db,
                                       "INSERT INTO account (id, name, subscription, licenses, license_price,"
                                       " pi_license_price, currency, renewal_date, updated_at)"
                                       " VALUES (1, 'Odd & Even (Ünited) LLP', 'monthly', 5, 9900, 4500, 'EUR',"
                                       " '2028-02-29', '2025-01-02T03:04:05.000000Z')",
                                       error);

  return account != NULL && step (firm, account, error);
}

gboolean
roster_seed_firm (RosterFirm    *firm,
                  RosterSeedSize size,
                  guint32        seed,
                  GError       **error)
{
  const FirmShape *shape = &shapes[size == ROSTER_SEED_ODD ? ROSTER_SEED_SMALL : size];
  RosterDatabase *db = roster_firm_get_database (firm);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now_time),
                                           g_date_time_get_month (now_time),
                                           g_date_time_get_year (now_time));
  g_autofree SeededUser *users = g_new0 (SeededUser, shape->users + 1);
  /* The firm's records were last changed a while ago, as a firm's are:
   * not while the first sync after seeding walks them, which would then
   * walk them all again to catch what changed behind its cursor. */
  g_autofree char *now = roster_time_format_unix_iso (g_get_real_time () - G_TIME_SPAN_HOUR);
  g_autofree char *renewal = date_from_today (today, 75);
  sqlite3_stmt *statement;
  gboolean seeded;
  int enabled = 0;

  statement = roster_database_statement (db, "SELECT EXISTS (SELECT 1 FROM users)", error);
  if (statement == NULL)
    return FALSE;
  seeded = sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_int (statement, 0);
  sqlite3_reset (statement);
  if (seeded)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "%s already holds a firm: seed a new database", roster_database_get_path (db));
      return FALSE;
    }

  if (!roster_firm_begin (firm, error))
    return FALSE;

  if (size == ROSTER_SEED_ODD)
    {
      if (!seed_odd (firm, error))
        goto failed;
      return roster_firm_commit (firm, error);
    }

  if (!seed_users (firm, shape, size, rand, now, users, error) ||
      !seed_matters (firm, shape, rand, today, now, users, error) ||
      !seed_tasks (firm, shape, rand, today, now, error) ||
      !seed_entries (firm, shape, rand, now_time, now, error))
    goto failed;

  for (int i = 1; i <= shape->users; i++)
    enabled += users[i].enabled;

  statement = roster_database_statement (db,
                                         "INSERT INTO account (id, name, subscription, licenses, license_price,"
                                         " pi_license_price, currency, renewal_date, updated_at)"
                                         " VALUES (1, ?, ?, ?, ?, ?, 'USD', ?, ?)",
                                         error);
  if (statement == NULL)
    goto failed;
  sqlite3_bind_text (statement, 1, size == ROSTER_SEED_SMALL ? "Hart & Bell LLP" : "Hart, Bell & Partners", -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, shape->annual ? "annual" : "monthly", -1, SQLITE_STATIC);
  /* The annual firm has paid for two more licenses than it uses. */
  sqlite3_bind_int (statement, 3, shape->annual ? enabled + 2 : enabled);
  sqlite3_bind_int64 (statement, 4, shape->annual ? 131880 : 12900);
  sqlite3_bind_int64 (statement, 5, shape->annual ? 47880 : 4500);
  sqlite3_bind_text (statement, 6, renewal, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 7, now, -1, SQLITE_STATIC);
  if (!step (firm, statement, error))
    goto failed;

  return roster_firm_commit (firm, error);

failed:
  roster_firm_rollback (firm);
  return FALSE;
}
