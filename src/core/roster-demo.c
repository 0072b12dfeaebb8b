/* roster-demo.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-demo"

#include "config.h"

#include "roster-demo.h"
#include "roster-local-server.h"

/*
 * The demo firm is the bundled roster-server, run on a loopback port with a
 * seeded small firm in $XDG_DATA_HOME/roster/demo/: no network at all. Its
 * changes persist between runs, as a real firm's would; its e-mails go to
 * files in the same folder. It lives as long as the program that started it.
 */

struct _RosterDemoServer
{
  GObject            parent_instance;

  RosterLocalServer *server;
  char              *url;  /* kept once stopped, to say where it was */
};

G_DEFINE_FINAL_TYPE (RosterDemoServer, roster_demo_server, G_TYPE_OBJECT)

static void
roster_demo_server_dispose (GObject *object)
{
  RosterDemoServer *self = ROSTER_DEMO_SERVER (object);

  g_clear_object (&self->server);

  G_OBJECT_CLASS (roster_demo_server_parent_class)->dispose (object);
}

static void
roster_demo_server_finalize (GObject *object)
{
  RosterDemoServer *self = ROSTER_DEMO_SERVER (object);

  g_free (self->url);

  G_OBJECT_CLASS (roster_demo_server_parent_class)->finalize (object);
}

static void
roster_demo_server_class_init (RosterDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_demo_server_dispose;
  object_class->finalize = roster_demo_server_finalize;
}

static void
roster_demo_server_init (RosterDemoServer *self)
{
}

/**
 * roster_demo_server_program:
 *
 * Returns: (transfer full): the roster-server to run, as
 *   roster_local_server_find_program() finds it
 */
char *
roster_demo_server_program (void)
{
  return roster_local_server_find_program ();
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
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "roster", "demo", NULL);
  g_autofree char *db = g_build_filename (dir, "firm.db", NULL);
  g_autofree char *spool = g_build_filename (dir, "mail", NULL);

  self->server = roster_local_server_new (NULL, db, spool);
  if (!roster_local_server_seed_if_missing (self->server, "small", 0, cancellable, error))
    return NULL;

  /* Not tied to the worker thread, which may end long before the app: the
   * server's standard input alone ties it to the app. */
  if (!roster_local_server_start (self->server, ROSTER_LOCAL_SERVER_FLAGS_STDERR_SILENCE, NULL, cancellable, error))
    return NULL;
  self->url = g_strdup (roster_local_server_get_url (self->server));

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
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ROSTER_IS_DEMO_SERVER (self));

  if (!roster_local_server_stop (self->server, &error))
    g_debug ("%s", error->message);
}
