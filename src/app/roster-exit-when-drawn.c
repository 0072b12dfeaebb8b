/* roster-exit-when-drawn.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For bench/, in Roster (ROSTER_EXIT_WHEN_DRAWN) and in the bare window it
 * is measured against, the same way in both: print the resident memory at
 * the first paint that shows what the window is for ("drawn", whose arrival
 * times the start-up), then once the memory has stopped growing
 * ("settled"), and quit.
 *
 * Settled, rather than a fixed time after the first paint: with a GL
 * renderer the memory keeps growing for a second or two after the first
 * frames (the driver compiles what the next frames draw), in the bare
 * window as in Roster, and a fixed wait caught one but not the other.
 */

#include "config.h"

#include <string.h>

#include "roster-exit-when-drawn.h"

/* Samples this far apart, ... */
#define SAMPLE_MS 500
/* ... the last few of which must lie within this much of each other ... */
#define STEADY_SAMPLES 5
#define STEADY_KB 256
/* ... after at least this long, or at most this long. */
#define MIN_WAIT_MS 2000
#define MAX_WAIT_MS 20000

/* The steps of start-up so far, for bench-app: what Roster does before its
 * first frame that a bare window does not. */
typedef struct
{
  const char *step;
  gint64      at_usec;   /* g_get_monotonic_time(): the same clock in every process */
} Mark;

static GArray *marks;

/**
 * roster_exit_when_drawn_mark:
 * @step: (not nullable): a name for the step that has just ended, static
 *
 * With ROSTER_EXIT_WHEN_DRAWN set, records when @step first ended, for
 * the "drawn" line to report; otherwise does nothing.
 */
void
roster_exit_when_drawn_mark (const char *step)
{
  Mark mark = { step, g_get_monotonic_time () };

  if (marks == NULL)
    {
      if (g_getenv ("ROSTER_EXIT_WHEN_DRAWN") == NULL)
        return;
      marks = g_array_new (FALSE, FALSE, sizeof (Mark));
    }

  /* The first time a step ends is start-up's; a list read again later is
   * not. */
  for (guint i = 0; i < marks->len; i++)
    if (g_str_equal (g_array_index (marks, Mark, i).step, step))
      return;
  g_array_append_val (marks, mark);
}

typedef struct
{
  GtkWindow       *window;
  RosterDrawnFunc  drawn;
  gint64           samples[STEADY_SAMPLES];
  guint            n_samples;
  guint            waited_ms;
} Watch;

static gint64
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) && (line = strstr (status, "VmRSS:")) != NULL)
    return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);

  return 0;
}

static gboolean
is_steady (Watch *watch)
{
  gint64 least = G_MAXINT64;
  gint64 most = 0;

  if (watch->n_samples < STEADY_SAMPLES)
    return FALSE;

  for (guint i = 0; i < STEADY_SAMPLES; i++)
    {
      least = MIN (least, watch->samples[i]);
      most = MAX (most, watch->samples[i]);
    }

  return most - least <= STEADY_KB;
}

static gboolean
sample (gpointer user_data)
{
  Watch *watch = user_data;
  gint64 kb = resident_kb ();

  watch->samples[watch->n_samples++ % STEADY_SAMPLES] = kb;
  watch->waited_ms += SAMPLE_MS;
  if ((watch->waited_ms < MIN_WAIT_MS || !is_steady (watch)) && watch->waited_ms < MAX_WAIT_MS)
    return G_SOURCE_CONTINUE;

  g_print ("settled %" G_GINT64_FORMAT " kB\n", kb);
  /* Closed as a person closes it, not quit outright: the window then lets
   * go of the account, whose cache checkpoints its write-ahead log, so
   * that the next start does not read it back as no real start would. */
  gtk_window_close (watch->window);
  g_free (watch);

  return G_SOURCE_REMOVE;
}

static void
painted (GdkFrameClock *clock,
         Watch         *watch)
{
  if (!watch->drawn (watch->window))
    return;

  g_signal_handlers_disconnect_by_func (clock, painted, watch);
  roster_exit_when_drawn_mark ("drawn");
  {
    g_autoptr(GString) line = g_string_new (NULL);

    /* "drawn N kB marks main=T,…": each step's end on the monotonic clock. */
    g_string_printf (line, "drawn %" G_GINT64_FORMAT " kB marks ", resident_kb ());
    for (guint i = 0; i < marks->len; i++)
      g_string_append_printf (line, "%s%s=%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (marks, Mark, i).step,
                              g_array_index (marks, Mark, i).at_usec);
    g_print ("%s\n", line->str);
  }
  g_timeout_add (SAMPLE_MS, sample, watch);
}

/* The first frame of all, whatever it shows. */
static void
first_paint (GdkFrameClock *clock,
             Watch         *watch)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint, watch);
  roster_exit_when_drawn_mark ("first-frame");
}

static void
realized (GtkWidget *window,
          Watch     *watch)
{
  g_signal_handlers_disconnect_by_func (window, realized, watch);
  roster_exit_when_drawn_mark ("realized");
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_paint), watch);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted), watch);
}

/**
 * roster_exit_when_drawn:
 * @window: a window not yet realized
 * @drawn: tells whether @window shows what it is for
 *
 * Prints "drawn N kB" at the first paint after which @drawn says so, then
 * "settled N kB" once the memory has stopped growing, and closes @window
 * (the application's last, which then quits).
 */
void
roster_exit_when_drawn (GtkWindow      *window,
                        RosterDrawnFunc drawn)
{
  Watch *watch = g_new0 (Watch, 1);

  roster_exit_when_drawn_mark ("window");
  watch->window = window;
  watch->drawn = drawn;
  g_signal_connect (window, "realize", G_CALLBACK (realized), watch);
}
