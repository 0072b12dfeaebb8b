/* roster-demo.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>

#include "roster-demo.h"

/*
 * The demo firm is the bundled roster-server, run on a loopback port with a
 * seeded small firm in $XDG_DATA_HOME/roster/demo/: no network at all. Its
 * changes persist between runs, as a real firm's would; its e-mails go to
 * files in the same folder. It lives as long as the program that started it.
 */

struct _RosterDemoServer
{
  GObject      parent_instance;

  GSubprocess *process;
  char        *url;
};

G_DEFINE_FINAL_TYPE (RosterDemoServer, roster_demo_server, G_TYPE_OBJECT)

static void
roster_demo_server_finalize (GObject *object)
{
  RosterDemoServer *self = ROSTER_DEMO_SERVER (object);

  roster_demo_server_stop (self);
  g_free (self->url);

  G_OBJECT_CLASS (roster_demo_server_parent_class)->finalize (object);
}

static void
roster_demo_server_class_init (RosterDemoServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = roster_demo_server_finalize;
}

static void
roster_demo_server_init (RosterDemoServer *self)
{
}

/**
 * roster_demo_server_program:
 *
 * Returns: (transfer full) (nullable): the roster-server to run: $ROSTER_SERVER,
 *   else the one beside this program in a build tree, else the installed one
 */
char *
roster_demo_server_program (void)
{
  const char *from_environment = g_getenv ("ROSTER_SERVER");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (from_environment != NULL)
    return g_strdup (from_environment);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *built = g_build_filename (dir, "..", "server", "roster-server", NULL);

      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);
    }

  return g_build_filename (BINDIR, "roster-server", NULL);
}

static gboolean
run_to_end (const char *const *argv,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The demo firm could not be created: %s"),
                   err ? g_strstrip (err) : "");
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_demo_server_start:
 *
 * Seeds the demo firm on first use and starts its server. It blocks until
 * the server listens: the app calls it on a worker thread.
 */
RosterDemoServer *
roster_demo_server_start (GCancellable *cancellable,
                          GError      **error)
{
  g_autoptr(RosterDemoServer) self = g_object_new (ROSTER_TYPE_DEMO_SERVER, NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *program = roster_demo_server_program ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "roster", "demo", NULL);
  g_autofree char *db = g_build_filename (dir, "firm.db", NULL);
  g_autofree char *spool = g_build_filename (dir, "mail", NULL);
  g_autofree char *line = NULL;

  if (g_mkdir_with_parents (spool, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot create %s"), spool);
      return NULL;
    }

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The demo firm’s server is not installed (%s)"), program);
      return NULL;
    }

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      const char *seed[] = { program, "seed", "--db", db, "--firm", "small", NULL };

      if (!run_to_end (seed, cancellable, error))
        return NULL;
    }

  /* The server goes when this program goes, even killed: it holds the
   * server's standard input, which then closes. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  self->process = g_subprocess_launcher_spawn (launcher, error, program, "serve", "--db", db,
                                               "--listen", "127.0.0.1:0", "--mail-spool", spool,
                                               "--quiet", "--exit-with-stdin", NULL);
  if (self->process == NULL)
    return NULL;

  /* Its first line says where it listens: "Listening on http://…/". */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (output, NULL, cancellable, error);
  if (line == NULL || strstr (line, "http://") == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The demo firm’s server did not start"));
      return NULL;
    }
  self->url = g_strdup (g_strstrip (strstr (line, "http://")));
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  return g_steal_pointer (&self);
}

const char *
roster_demo_server_get_url (RosterDemoServer *self)
{
  g_return_val_if_fail (ROSTER_IS_DEMO_SERVER (self), NULL);

  return self->url;
}

void
roster_demo_server_stop (RosterDemoServer *self)
{
  g_return_if_fail (ROSTER_IS_DEMO_SERVER (self));

  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}
