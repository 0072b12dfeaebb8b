/* bench-app.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's targets, each beside its baseline in the same run, under one
 * display:
 *
 *  - start-up: from exec to the users list painted with the large firm's
 *    2,000 users cached (and 800,000 matters, tasks and events behind their
 *    counts), against a bare libadwaita window with a header bar painted;
 *    the median of alternating runs;
 *  - memory: the window's RSS at that paint and once it has settled, large
 *    firm cached, beside the bare window's; these two with GTK's choice of
 *    renderer, then with cairo;
 *  - search: one keystroke over 1,000, 10,000 and 50,000 cached users, from the key to the
 *    list filtered and sorted, and to the next frame painted.
 *
 *   xvfb-run -a dbus-run-session -- bench-app
 *
 * ROSTER_SERVER, ROSTER_EXE and ROSTER_BARE_WINDOW name the programs; the
 * large firm is seeded and synced once into ROSTER_BENCH_DIR and reused.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bench-util.h"
#include "roster-store.h"
#include "roster-sync.h"
#include "roster-users-view.h"

#define RUNS 7
/* The firm sizes the search is measured at (#17: flat in the number of
 * users), unless ROSTER_BENCH_SEARCH_USERS lists others ("10000"). */
#define SEARCH_USERS "1000,10000,50000"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * (values->len - 1) + 0.5)));
}

/* The large firm, seeded and synced once. */
static char *
large_cache (const char *dir,
             const char *server_program)
{
  char *cache = g_build_filename (dir, "bench-app-large-cache.db", NULL);
  BenchServer server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterSync) sync = NULL;

  if (g_file_test (cache, G_FILE_TEST_EXISTS))
    return cache;

  bench_server_start (&server, server_program, dir, "large");
  g_printerr ("Syncing the large firm into a cache…\n");
  sync = roster_sync_new (cache, server.base, server.token);
  if (!roster_sync_run (sync, NULL, &error))
    g_error ("The large firm's sync failed: %s", error->message);
  bench_server_stop (&server);

  return cache;
}

/* What alternating runs of one program measured. */
typedef struct
{
  GArray     *ms;
  GArray     *drawn_kb;
  GArray     *settled_kb;
  GHashTable *steps;   /* a step's name → GArray of its ms from exec */
  GPtrArray  *order;   /* the steps' names, in the order they came */
} Runs;

static void
runs_init (Runs *runs)
{
  runs->ms = g_array_new (FALSE, FALSE, sizeof (double));
  runs->drawn_kb = g_array_new (FALSE, FALSE, sizeof (double));
  runs->settled_kb = g_array_new (FALSE, FALSE, sizeof (double));
  runs->steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  runs->order = g_ptr_array_new_with_free_func (g_free);
}

static void
runs_reset (Runs *runs)
{
  g_array_set_size (runs->ms, 0);
  g_array_set_size (runs->drawn_kb, 0);
  g_array_set_size (runs->settled_kb, 0);
  g_hash_table_remove_all (runs->steps);
  g_ptr_array_set_size (runs->order, 0);
}

static void
runs_clear (Runs *runs)
{
  g_array_unref (runs->ms);
  g_array_unref (runs->drawn_kb);
  g_array_unref (runs->settled_kb);
  g_hash_table_unref (runs->steps);
  g_ptr_array_unref (runs->order);
}

/* "marks main=T,startup=T,…" of a drawn line: each step's end, on the
 * monotonic clock every process shares, as ms from @start (the exec). */
static void
runs_add_marks (Runs       *runs,
                const char *line,
                gint64      start)
{
  const char *marks = strstr (line, " marks ");
  g_auto(GStrv) each = marks ? g_strsplit (marks + strlen (" marks "), ",", -1) : NULL;

  for (guint i = 0; each != NULL && each[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (each[i], "=", 2);
      GArray *times;
      double ms;

      if (pair[0] == NULL || pair[1] == NULL)
        continue;
      ms = (g_ascii_strtoll (pair[1], NULL, 10) - start) / 1000.0;
      times = g_hash_table_lookup (runs->steps, pair[0]);
      if (times == NULL)
        {
          times = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (runs->steps, g_strdup (pair[0]), times);
          g_ptr_array_add (runs->order, g_strdup (pair[0]));
        }
      g_array_append_val (times, ms);
    }
}

/* Each step's median end, and what it took after the one before. */
static void
runs_print_steps (Runs       *runs,
                  const char *name)
{
  double before = 0;

  g_print ("    %s, step by step (median ms from exec; the step's own):\n", name);
  for (guint i = 0; i < runs->order->len; i++)
    {
      const char *step = g_ptr_array_index (runs->order, i);
      double at = percentile (g_hash_table_lookup (runs->steps, step), 0.5);

      g_print ("      %-12s %7.1f  %+7.1f\n", step, at, at - before);
      before = at;
    }
}

/* Runs a program that prints "drawn N kB" at its first paint with rows and
 * "settled N kB" once its memory has stopped growing (see
 * roster-exit-when-drawn.c); adds the time to the first line, in ms, and
 * both memories to @runs. */
static void
run_until_settled (const char *const *argv,
                   char             **environment,
                   Runs              *runs)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *drawn = NULL;
  g_autofree char *settled = NULL;
  gint64 start;
  double value;

  g_subprocess_launcher_set_environ (launcher, environment);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  drawn = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  value = (g_get_monotonic_time () - start) / 1000.0;
  settled = drawn ? g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error) : NULL;
  g_subprocess_wait (process, NULL, NULL);

  if (drawn == NULL || !g_str_has_prefix (drawn, "drawn ") || settled == NULL || !g_str_has_prefix (settled, "settled "))
    g_error ("%s never painted its window (printed “%s”)", argv[0], drawn ? drawn : "");
  g_array_append_val (runs->ms, value);
  runs_add_marks (runs, drawn, start);
  value = g_ascii_strtod (drawn + strlen ("drawn "), NULL);
  g_array_append_val (runs->drawn_kb, value);
  value = g_ascii_strtod (settled + strlen ("settled "), NULL);
  g_array_append_val (runs->settled_kb, value);
}

/* Roster and the bare window, alternately, under one renderer. */
static void
start_up_with (const char *renderer,
               char      **environment)
{
  const char *roster_argv[] = { g_getenv ("ROSTER_EXE"), NULL };
  const char *bare_argv[] = { g_getenv ("ROSTER_BARE_WINDOW"), NULL };
  g_auto(GStrv) with_renderer = g_strdupv (environment);
  Runs roster;
  Runs bare;
  double roster_ms;
  double bare_ms;

  if (renderer != NULL)
    with_renderer = g_environ_setenv (with_renderer, "GSK_RENDERER", renderer, TRUE);
  runs_init (&roster);
  runs_init (&bare);
  /* Once each, not counted: the GL driver's shader cache (in the home
   * they share) is then as warm as on a machine where Roster ran before. */
  run_until_settled (bare_argv, with_renderer, &bare);
  run_until_settled (roster_argv, with_renderer, &roster);
  runs_reset (&roster);
  runs_reset (&bare);
  for (guint run = 0; run < RUNS; run++)
    {
      run_until_settled (bare_argv, with_renderer, &bare);
      run_until_settled (roster_argv, with_renderer, &roster);
    }

  roster_ms = percentile (roster.ms, 0.5);
  bare_ms = percentile (bare.ms, 0.5);
  g_print ("Renderer: %s\n", renderer ? renderer : "GTK's choice");
  g_print ("  start-up to the list painted, median of %d:\n", RUNS);
  g_print ("    roster                 %7.0f ms\n", roster_ms);
  g_print ("    bare window            %7.0f ms   ratio %.2f (target at most 1.3)\n", bare_ms, roster_ms / bare_ms);
  runs_print_steps (&roster, "roster");
  runs_print_steps (&bare, "bare window");
  g_print ("  memory (RSS, median), at the first paint / settled:\n");
  g_print ("    roster, large firm     %7.1f / %7.1f MiB (target under 150 MB)\n",
           percentile (roster.drawn_kb, 0.5) / 1024, percentile (roster.settled_kb, 0.5) / 1024);
  g_print ("    bare window            %7.1f / %7.1f MiB\n",
           percentile (bare.drawn_kb, 0.5) / 1024, percentile (bare.settled_kb, 0.5) / 1024);
  g_print ("    roster's own, settled  %7.1f MiB\n",
           (percentile (roster.settled_kb, 0.5) - percentile (bare.settled_kb, 0.5)) / 1024);
  runs_clear (&roster);
  runs_clear (&bare);
}

static void
bench_start_up (const char *dir,
                const char *server_program)
{
  g_autofree char *cache = large_cache (dir, server_program);
  g_autofree char *home = g_dir_make_tmp ("roster-bench-app-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", "roster", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);
  g_autofree char *accounts = g_build_filename (config, "accounts.ini", NULL);
  g_autofree char *linked = NULL;
  g_autofree char *cache_dir = NULL;
  g_auto(GStrv) environment = g_get_environ ();
  char *key;

  /* A home where the large firm's cache is the account used last; its
  * server is nowhere, so Roster opens offline, on the cache alone. */
  g_mkdir_with_parents (config, 0700);
  g_assert_true (g_file_set_contents (accounts,
                                      "[account marcus.reyes@hartbell.example@127.0.0.1:9]\n"
                                      "server=http://127.0.0.1:9\nemail=marcus.reyes@hartbell.example\n"
                                      "user-name=Marcus Reyes\nuser-id=2\ndemo=false\n"
                                      "last-used=2026-11-27T00:00:00Z\n", -1, NULL));
  environment = g_environ_setenv (environment, "XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  environment = g_environ_setenv (environment, "XDG_CACHE_HOME", cache_home, TRUE);
  environment = g_environ_setenv (environment, "XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  environment = g_environ_setenv (environment, "ROSTER_EXIT_WHEN_DRAWN", "1", TRUE);
  environment = g_environ_setenv (environment, "GSETTINGS_BACKEND", "memory", TRUE);

  /* Where Roster looks for the account's cache: this process's own cache
   * folder was fixed when GTK started, so name the file as the store does. */
  key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "marcus.reyes@hartbell.example@127.0.0.1:9", -1);
  key[24] = '\0';
  linked = g_strdup_printf ("%s/roster/%s.db", cache_home, key);
  g_free (key);
  cache_dir = g_path_get_dirname (linked);
  g_mkdir_with_parents (cache_dir, 0700);
  {
    g_autofree char *absolute = g_canonicalize_filename (cache, NULL);

    g_assert_cmpint (symlink (absolute, linked), ==, 0);
  }

  g_print ("Start-up and memory, large firm cached (2,000 users), offline:\n");
  /* GTK's choice (GL where there is GL, or what GSK_RENDERER says), then
   * cairo, the renderer GTK falls back to. */
  start_up_with (g_getenv ("GSK_RENDERER"), environment);
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    start_up_with ("cairo", environment);

  g_unlink (linked);
}

/* Search ------------------------------------------------------------------- */

static gboolean painted;

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_paint (GtkWidget *window)
{
  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

static void
bench_search (int users)
{
  static const char *const first[] = { "Ana", "Ben", "Chloé", "Dana", "Élodie", "Farid", "Grace", "Hiro", "Isabel",
                                       "Jonas", "Keiko", "Liam", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa",
                                       "Sami", "Tomás" };
  static const char *const last[] = { "Adler", "Brennan", "Costa", "Duarte", "Eriksen", "Fontaine", "García",
                                      "Haddad", "Ibrahim", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak",
                                      "O’Brien", "Petrov", "Quispe", "Reyes", "Schmidt", "Tanaka" };
  static const char *const typed[] = { "lindqvist", "hartbell.ex", "o’b", "ana.c", "zz", "ibrahim" };
  g_autofree char *dir = g_dir_make_tmp ("roster-bench-search-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(GArray) work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *statement;
  GtkWidget *window;
  GtkWidget *view;

  g_assert_no_error (error);
  roster_store_begin (store, NULL);
  statement = roster_database_statement (roster_store_get_database (store),
                                         "INSERT INTO users VALUES (?1, 'e', ?2, 'f', 'l', ?3, ?4, 0, ?5,"
                                         " 'Attorney', 0, ?1 + 100000, 'x')", NULL);
  for (int i = 1; i <= users; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s %d", first[i % 20], last[(i / 20) % 20], i);
      g_autofree char *email = g_strdup_printf ("%s.%s%d@%s.example", first[i % 20], last[(i / 20) % 20], i,
                                                i % 3 ? "hartbell" : "partners");

      sqlite3_bind_int (statement, 1, i);
      sqlite3_bind_text (statement, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (statement, 3, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (statement, 4, i % 7 != 0);
      sqlite3_bind_int (statement, 5, i % 50 == 0);
      sqlite3_step (statement);
      sqlite3_reset (statement);
    }
  roster_store_commit (store, NULL);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  view = roster_users_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  roster_users_view_set_filter (ROSTER_USERS_VIEW (view), ROSTER_USER_FILTER_ALL);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint), NULL);
  wait_for_paint (window);

  /* Type each query a key at a time, then take it back a key at a time. */
  for (guint q = 0; q < G_N_ELEMENTS (typed); q++)
    {
      glong length = g_utf8_strlen (typed[q], -1);

      for (glong step = 1; step <= 2 * length; step++)
        {
          glong keep = step <= length ? step : 2 * length - step;
          g_autofree char *text = g_utf8_substring (typed[q], 0, keep);
          gint64 start = g_get_monotonic_time ();
          double ms;

          roster_users_view_set_search (ROSTER_USERS_VIEW (view), text);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (work_ms, ms);
          if (g_getenv ("ROSTER_BENCH_VERBOSE") != NULL)
            g_printerr ("  “%s”: %.1f ms, %u shown\n", text, ms,
                        g_list_model_get_n_items (roster_users_view_get_model (ROSTER_USERS_VIEW (view))));
          wait_for_paint (window);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (frame_ms, ms);
        }
    }

  g_print ("Search over %d cached users, %u keystrokes:\n", users, work_ms->len);
  g_print ("  filter and sort          p50 %5.2f ms   p95 %5.2f ms   (target: p95 under 8 ms at 10,000, "
           "within 1.5 times that at 50,000)\n",
           percentile (work_ms, 0.5), percentile (work_ms, 0.95));
  g_print ("  to the next frame painted p50 %5.2f ms   p95 %5.2f ms   (includes waiting for the frame clock)\n",
           percentile (frame_ms, 0.5), percentile (frame_ms, 0.95));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  roster_store_remove_cache (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("ROSTER_BENCH_DIR");
  const char *server = g_getenv ("ROSTER_SERVER");

  if (dir == NULL || server == NULL || g_getenv ("ROSTER_EXE") == NULL || g_getenv ("ROSTER_BARE_WINDOW") == NULL)
    g_error ("Set ROSTER_BENCH_DIR, ROSTER_SERVER, ROSTER_EXE and ROSTER_BARE_WINDOW");

  gtk_init ();
  adw_init ();

  if (argc < 2 || g_str_equal (argv[1], "start-up"))
    bench_start_up (dir, server);
  if (argc < 2 || g_str_equal (argv[1], "search"))
    {
      const char *sizes = g_getenv ("ROSTER_BENCH_SEARCH_USERS");
      g_auto(GStrv) each = g_strsplit (sizes != NULL ? sizes : SEARCH_USERS, ",", -1);

      for (guint i = 0; each[i] != NULL; i++)
        bench_search ((int) g_ascii_strtoll (each[i], NULL, 10));
    }

  return 0;
}
