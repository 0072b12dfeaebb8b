/* roster-local-server.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-local-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "roster-installed.h"
#include "roster-local-server.h"

/*
 * A roster-server on this computer, on a loopback port that it picks: the
 * demo firm, and the peer of the tests and the benchmarks. It serves one
 * firm's database, which it can seed first, and sends its e-mails to files
 * in a mail spool.
 *
 * It lives no longer than the program that started it: that program holds
 * the server's standard input, which closes when the program ends, however
 * it ends, and the server then stops (serve --exit-with-stdin).
 */

struct _RosterLocalServer
{
  GObject      parent_instance;

  char        *program;
  char        *db_path;
  char        *mail_spool;
  GSubprocess *process;
  char        *url;
};

G_DEFINE_FINAL_TYPE (RosterLocalServer, roster_local_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROGRAM,
  PROP_DB_PATH,
  PROP_MAIL_SPOOL,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* SIGTERM, on which the server stops cleanly, then the wait for it. */
static void
terminate (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

static void
roster_local_server_constructed (GObject *object)
{
  RosterLocalServer *self = ROSTER_LOCAL_SERVER (object);

  G_OBJECT_CLASS (roster_local_server_parent_class)->constructed (object);

  if (self->program == NULL)
    self->program = roster_local_server_find_program ();
}

static void
roster_local_server_dispose (GObject *object)
{
  RosterLocalServer *self = ROSTER_LOCAL_SERVER (object);

  if (self->process != NULL)
    terminate (self->process);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (roster_local_server_parent_class)->dispose (object);
}

static void
roster_local_server_finalize (GObject *object)
{
  RosterLocalServer *self = ROSTER_LOCAL_SERVER (object);

  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->mail_spool, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (roster_local_server_parent_class)->finalize (object);
}

static void
roster_local_server_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RosterLocalServer *self = ROSTER_LOCAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      g_value_set_string (value, self->program);
      break;
    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;
    case PROP_MAIL_SPOOL:
      g_value_set_string (value, self->mail_spool);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_local_server_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RosterLocalServer *self = ROSTER_LOCAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      self->program = g_value_dup_string (value);
      break;
    case PROP_DB_PATH:
      self->db_path = g_value_dup_string (value);
      break;
    case PROP_MAIL_SPOOL:
      self->mail_spool = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_local_server_class_init (RosterLocalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = roster_local_server_constructed;
  object_class->dispose = roster_local_server_dispose;
  object_class->finalize = roster_local_server_finalize;
  object_class->get_property = roster_local_server_get_property;
  object_class->set_property = roster_local_server_set_property;

  /* The roster-server to run; by default roster_local_server_find_program()'s. */
  properties [PROP_PROGRAM] =
    g_param_spec_string ("program", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Where the firm's e-mails go, one file each; NULL for nowhere. */
  properties [PROP_MAIL_SPOOL] =
    g_param_spec_string ("mail-spool", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Where it listens while it runs, without a trailing slash. */
  properties [PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_local_server_init (RosterLocalServer *self)
{
}

/**
 * roster_local_server_find_program:
 *
 * Returns: (transfer full): the roster-server to run: $ROSTER_SERVER, else
 *   roster_installed_find_program()'s: beside this program where it is
 *   installed, in the build tree, else in the configured bindir
 */
char *
roster_local_server_find_program (void)
{
  const char *from_environment = g_getenv ("ROSTER_SERVER");

  if (from_environment != NULL && from_environment[0] != '\0')
    return g_strdup (from_environment);

  return roster_installed_find_program ("roster-server");
}

/**
 * roster_local_server_new:
 * @program: (nullable): the roster-server to run, or NULL for
 *   roster_local_server_find_program()'s
 * @db_path: the firm's database
 * @mail_spool: (nullable): where the firm's e-mails go, one file each
 *
 * Returns: (transfer full): a server, not started
 */
RosterLocalServer *
roster_local_server_new (const char *program,
                         const char *db_path,
                         const char *mail_spool)
{
  g_return_val_if_fail (db_path != NULL, NULL);

  return g_object_new (ROSTER_TYPE_LOCAL_SERVER,
                       "program", program,
                       "db-path", db_path,
                       "mail-spool", mail_spool,
                       NULL);
}

const char *
roster_local_server_get_program (RosterLocalServer *self)
{
  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), NULL);

  return self->program;
}

const char *
roster_local_server_get_db_path (RosterLocalServer *self)
{
  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), NULL);

  return self->db_path;
}

const char *
roster_local_server_get_mail_spool (RosterLocalServer *self)
{
  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), NULL);

  return self->mail_spool;
}

static gboolean
make_directory (const char *path,
                GError    **error)
{
  int saved_errno;

  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot create %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
check_program (RosterLocalServer *self,
               GError           **error)
{
  g_autofree char *found = g_find_program_in_path (self->program);

  if (found == NULL)
    {
      /* Where it was looked for is for the log, not for a person's eyes. */
      g_message ("%s is not in the program path", self->program);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The demo firm’s server is not installed on this computer"));
      return FALSE;
    }

  return TRUE;
}

/* Runs a roster-server command to its end. Returns what it printed, or
 * fails with what it said was wrong. */
static char *
run (GPtrArray    *argv,
     GCancellable *cancellable,
     GError      **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) ended = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return NULL;

  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, &out, &err, error))
    {
      /* Cancelled, most likely: it must not go on writing once the caller
       * has moved on. */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }

  if (!g_spawn_check_wait_status (g_subprocess_get_status (process), &ended))
    {
      if (err != NULL && g_strstrip (err)[0] != '\0')
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, ended->message);
      return NULL;
    }

  return g_strstrip (g_steal_pointer (&out));
}

/* A database and the journal files SQLite may have left beside it. */
static void
remove_database (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_debug ("Cannot remove %s: %s", file, g_strerror (errno));
    }
}

/**
 * roster_local_server_seed_if_missing:
 * @firm: the size of the firm to make: "small" or "large"
 * @seed: the generator's random seed, or 0 for roster-server's default;
 *   the same seed makes the same firm
 *
 * Makes a new demo firm in the database, unless the database exists
 * already: a firm's data is never replaced. It blocks until the firm is
 * made, which takes seconds for a large one.
 */
gboolean
roster_local_server_seed_if_missing (RosterLocalServer *self,
                                     const char        *firm,
                                     guint              seed,
                                     GCancellable      *cancellable,
                                     GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *dir = NULL;
  g_autofree char *seeding = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) local_error = NULL;
  int saved_errno;

  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), FALSE);
  g_return_val_if_fail (firm != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    return TRUE;

  dir = g_path_get_dirname (self->db_path);
  if (!check_program (self, error) || !make_directory (dir, error))
    return FALSE;

  /* The firm is made beside the database and moved into place when whole:
   * an interrupted seed leaves no half firm to serve. */
  seeding = g_strconcat (self->db_path, ".seeding", NULL);
  remove_database (seeding);

  g_ptr_array_add (argv, self->program);
  g_ptr_array_add (argv, (gpointer) "seed");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, seeding);
  g_ptr_array_add (argv, (gpointer) "--firm");
  g_ptr_array_add (argv, (gpointer) firm);
  if (seed != 0)
    {
      seed_text = g_strdup_printf ("%u", seed);
      g_ptr_array_add (argv, (gpointer) "--seed");
      g_ptr_array_add (argv, seed_text);
    }

  g_debug ("Seeding a %s firm in %s", firm, self->db_path);
  out = run (argv, cancellable, &local_error);
  if (out == NULL)
    {
      remove_database (seeding);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("The firm could not be created: "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_rename (seeding, self->db_path) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The firm could not be created: %s"), g_strerror (saved_errno));
      remove_database (seeding);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_local_server_support:
 * @args: what follows `roster-server support --db DB`, such as
 *   { "issue-token", EMAIL, NULL }
 *
 * Runs one of the support desk's commands on the firm's database, whether
 * the server runs or not.
 *
 * Returns: (transfer full): what the command printed, stripped
 */
char *
roster_local_server_support (RosterLocalServer *self,
                             const char *const *args,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  char *out;

  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), NULL);
  g_return_val_if_fail (args != NULL && args[0] != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_add (argv, self->program);
  g_ptr_array_add (argv, (gpointer) "support");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, self->db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);

  out = run (argv, cancellable, &local_error);
  if (out == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, "support %s: ", args[0]);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return out;
}

/* In the server's process, before it runs: the signal follows the thread
 * that forked it, and that thread may have gone before prctl() ran. */
static void
die_with_thread (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != (pid_t) GPOINTER_TO_INT (data))
    raise (SIGTERM);
}

/* "Listening on http://127.0.0.1:PORT/" gives "http://127.0.0.1:PORT". */
static char *
parse_listening (const char *line)
{
  const char *prefix = "Listening on ";
  char *url;

  if (line == NULL || !g_str_has_prefix (line, prefix))
    return NULL;

  url = g_strstrip (g_strdup (line + strlen (prefix)));
  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      g_free (url);
      return NULL;
    }
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  return url;
}

/**
 * roster_local_server_start:
 * @flags: how the server's life and output are tied to the caller's
 * @extra_args: (nullable): more arguments for `roster-server serve`, such
 *   as { "--faults", SPEC, NULL } or { "--clio-only", NULL }
 *
 * Serves the firm's database on a loopback port, and creates the mail
 * spool if need be. It blocks until the server says where it listens:
 * roster_local_server_get_url(). A stopped server may start again, with
 * other arguments, on the same database.
 */
gboolean
roster_local_server_start (RosterLocalServer     *self,
                           RosterLocalServerFlags flags,
                           const char *const     *extra_args,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) ended = NULL;
  g_autofree char *line = NULL;
  GSubprocessFlags process_flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;

  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_program (self, error))
    return FALSE;
  if (self->mail_spool != NULL && !make_directory (self->mail_spool, error))
    return FALSE;

  /* Request logs would fill a pipe that nobody reads: --quiet. */
  g_ptr_array_add (argv, self->program);
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, self->db_path);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  if (self->mail_spool != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--mail-spool");
      g_ptr_array_add (argv, self->mail_spool);
    }
  g_ptr_array_add (argv, (gpointer) "--quiet");
  g_ptr_array_add (argv, (gpointer) "--exit-with-stdin");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  if (flags & ROSTER_LOCAL_SERVER_FLAGS_STDERR_SILENCE)
    process_flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  launcher = g_subprocess_launcher_new (process_flags);
  if (flags & ROSTER_LOCAL_SERVER_FLAGS_DIE_WITH_THREAD)
    g_subprocess_launcher_set_child_setup (launcher, die_with_thread, GINT_TO_POINTER (getpid ()), NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (self->process == NULL)
    return FALSE;

  /* Its first line says where it listens. The pipe stays open after it, so
   * that a later line cannot kill the server with SIGPIPE. */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (output), FALSE);
  line = g_data_input_stream_read_line_utf8 (output, NULL, cancellable, &local_error);
  self->url = parse_listening (line);
  if (self->url == NULL)
    {
      /* A server that stopped on SIGTERM ends with status 0: anything else
       * is why it did not start. */
      terminate (self->process);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (!g_spawn_check_wait_status (g_subprocess_get_status (self->process), &ended))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The firm’s server did not start: %s"), ended->message);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The firm’s server did not say where it listens"));
      g_clear_object (&self->process);
      return FALSE;
    }

  g_debug ("Serving %s on %s", self->db_path, self->url);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_URL]);

  return TRUE;
}

/**
 * roster_local_server_get_url:
 *
 * Returns: (nullable): where the server listens, such as
 *   "http://127.0.0.1:40123", or NULL when it does not run
 */
const char *
roster_local_server_get_url (RosterLocalServer *self)
{
  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), NULL);

  return self->url;
}

/**
 * roster_local_server_kill:
 *
 * Ends the server at once with SIGKILL, whatever it is doing: what a test
 * of a crash in the middle of a write needs. Its database is left as the
 * crash leaves it.
 */
void
roster_local_server_kill (RosterLocalServer *self)
{
  g_return_if_fail (ROSTER_IS_LOCAL_SERVER (self));

  if (self->process == NULL)
    return;
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_URL]);
}

/**
 * roster_local_server_stop:
 *
 * Stops the server, if it runs, and waits for it to end.
 *
 * Returns: FALSE when it did not end cleanly: it had crashed, or it
 *   crashed on the way out
 */
gboolean
roster_local_server_stop (RosterLocalServer *self,
                          GError           **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) ended = NULL;

  g_return_val_if_fail (ROSTER_IS_LOCAL_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->process == NULL)
    return TRUE;

  process = g_steal_pointer (&self->process);
  terminate (process);
  g_clear_pointer (&self->url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_URL]);

  if (!g_spawn_check_wait_status (g_subprocess_get_status (process), &ended))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The firm’s server did not stop cleanly: %s"),
                   ended->message);
      return FALSE;
    }

  return TRUE;
}
