/* roster-time.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-time"

#include "config.h"

#include <string.h>

#include "roster-time.h"

/*
 * Times travel as ISO 8601 in UTC with microseconds
 * ("2026-11-27T18:22:48.123456Z"): in that one form they sort as text, so a
 * database compares them with an index and a sync never loses an update made
 * in the same second as the last one it saw.
 */

char *
roster_time_format_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
roster_time_format_unix_iso (gint64 unix_usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (unix_usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = NULL;

  if (seconds == NULL)
    return NULL;
  /* g_date_time_add() makes a new time: the whole seconds are still ours. */
  time = g_date_time_add (seconds, unix_usec % G_USEC_PER_SEC);

  return roster_time_format_iso (time);
}

/**
 * roster_time_parse_iso:
 *
 * Reads an ISO 8601 date and time; one without a time zone is in UTC.
 *
 * Returns: (nullable): the time, or %NULL when @text is not one
 */
GDateTime *
roster_time_parse_iso (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

/* The number the @n digits at @text write, or -1 if they are not all
 * digits. */
static int
read_digits (const char *text,
             int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }
  return value;
}

/* The valid date @text starts with, written YYYY-MM-DD with digits where
 * digits go (no spaces, no signs). Each read stops at the first byte that
 * is not a digit, the NUL too, so @text may be shorter. */
static gboolean
read_date (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  if ((*year = read_digits (text, 4)) < 0 || text[4] != '-' ||
      (*month = read_digits (text + 5, 2)) < 0 || text[7] != '-' ||
      (*day = read_digits (text + 8, 2)) < 0)
    return FALSE;

  return g_date_valid_dmy (*day, *month, *year);
}

/* Whether @text is already in Roster's one form of a time, as
 * roster_time_format_iso() writes it ("2026-12-02T08:30:00.000000Z"): most
 * times a sync reads are, and reading them through GDateTime to write them
 * out the same was a quarter of the models' work. */
static gboolean
is_normal_time (const char *text)
{
  static const char form[] = "0000-00-00T00:00:00.000000Z";
  int year, month, day;

  for (gsize i = 0; i < sizeof form - 1; i++)
    if (form[i] == '0' ? !g_ascii_isdigit (text[i]) : text[i] != form[i])
      return FALSE;

  /* GDateTime's "%Y" writes a year before 1000 without its zeros. */
  return text[sizeof form - 1] == '\0' && read_date (text, &year, &month, &day) && year >= 1000 &&
         read_digits (text + 11, 2) < 24 && read_digits (text + 14, 2) < 60 && read_digits (text + 17, 2) < 60;
}

/**
 * roster_time_normalize_iso:
 *
 * Returns: (nullable): @text in Roster's one form of a time, or %NULL when it
 *   is not an ISO 8601 time
 */
char *
roster_time_normalize_iso (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text != NULL && is_normal_time (text))
    return g_strdup (text);

  time = roster_time_parse_iso (text);
  return time != NULL ? roster_time_format_iso (time) : NULL;
}

/**
 * roster_date_normalize:
 *
 * Returns: (nullable): @text as a date written YYYY-MM-DD, or %NULL when it
 *   is not one
 */
char *
roster_date_normalize (const char *text)
{
  int year, month, day;

  /* A date read is written back as it was: Roster's form is the only one. */
  if (text == NULL || strlen (text) != 10 || !read_date (text, &year, &month, &day))
    return NULL;

  return g_strdup (text);
}

/**
 * roster_date_parse:
 *
 * Reads a date written YYYY-MM-DD.
 *
 * Returns: (nullable): the date, or %NULL when @text is not one
 */
GDate *
roster_date_parse (const char *text)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || !read_date (text, &year, &month, &day))
    return NULL;

  return g_date_new_dmy (day, month, year);
}

char *
roster_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}
