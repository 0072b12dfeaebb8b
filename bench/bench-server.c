/* bench-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages of 200 users and of 200 matters that roster-server serves a second
 * on loopback, against the large firm, side by side with a baseline in the
 * same run: the same server answering its smallest request
 * (extensions.json, no database), which is what HTTP alone costs.
 *
 *   bench-server [--rounds N] [--pages N]
 *
 * ROSTER_SERVER names the server; the large firm is seeded once into
 * ROSTER_BENCH_DIR (default: the current directory) and reused.
 */

#include "config.h"

#include "bench-util.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* Follows `next` from path for at most pages pages; returns pages a second. */
static double
walk (SoupSession *session,
      const char  *base,
      const char  *token,
      const char  *path,
      int          pages,
      gsize       *bytes)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  gint64 start = g_get_monotonic_time ();
  int done = 0;

  *bytes = 0;
  while (url != NULL && done < pages)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonObject *paging;
      JsonNode *meta;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      if (body == NULL || soup_message_get_status (msg) != 200)
        g_error ("%s: %s", url, error ? error->message : soup_message_get_reason_phrase (msg));
      *bytes += g_bytes_get_size (body);
      done++;

      g_clear_pointer (&url, g_free);
      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
        g_error ("Not JSON");
      meta = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "meta");
      paging = meta != NULL ? json_object_get_object_member (json_node_get_object (meta), "paging") : NULL;
      if (paging != NULL && json_object_has_member (paging, "next"))
        url = g_strdup (json_object_get_string_member (paging, "next"));
      else if (g_str_has_suffix (path, "extensions.json"))
        url = g_strconcat (base, path, NULL);
    }

  return done / ((g_get_monotonic_time () - start) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  const char *program = g_getenv ("ROSTER_SERVER");
  const char *dir = g_getenv ("ROSTER_BENCH_DIR");
  BenchServer server = { 0 };
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) matters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) baseline = g_array_new (FALSE, FALSE, sizeof (double));
  gint rounds = 5;
  gint pages = 100;
  gsize user_bytes = 0, matter_bytes = 0, base_bytes = 0;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds (the median is reported)", "N" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages, "Pages a round and kind", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— roster-server pages a second");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (program == NULL)
    g_error ("Set ROSTER_SERVER to the roster-server to measure");

  bench_server_start (&server, program, dir ? dir : ".", "large");
  session = soup_session_new ();

  for (int r = 0; r < rounds; r++)
    {
      double rate;

      rate = walk (session, server.base, server.token, "/api/v4/extensions.json", pages, &base_bytes);
      g_array_append_val (baseline, rate);
      rate = walk (session, server.base, server.token,
                   "/api/v4/users.json?limit=200&order=id(asc)&fields=id,etag,name,first_name,last_name,email,"
                   "enabled,account_owner,roles,subscription_type,personal_injury_license,default_calendar_id,updated_at",
                   pages, &user_bytes);
      g_array_append_val (users, rate);
      rate = walk (session, server.base, server.token,
                   "/api/v4/matters.json?limit=200&order=id(asc)&fields=id,etag,display_number,description,status,"
                   "responsible_attorney{id},group{id,type},open_date,close_date,updated_at",
                   pages, &matter_bytes);
      g_array_append_val (matters, rate);
    }

  bench_server_stop (&server);

  printf ("roster-server on loopback, large firm, median of %d rounds of up to %d pages\n", rounds, pages);
  printf ("%-34s %10s %12s %10s\n", "request", "pages/s", "bytes/page", "vs HTTP");
  printf ("%-34s %10.0f %12zu %10s\n", "baseline: extensions.json", median (baseline), base_bytes / (gsize) pages, "1.00");
  printf ("%-34s %10.0f %12zu %10.2f\n", "users, 200 a page", median (users), user_bytes / (gsize) MIN (pages, 10),
          median (users) / median (baseline));
  printf ("%-34s %10.0f %12zu %10.2f\n", "matters, 200 a page", median (matters), matter_bytes / (gsize) pages,
          median (matters) / median (baseline));
  printf ("records/s: users %.0f, matters %.0f\n", median (users) * 200, median (matters) * 200);

  return 0;
}
