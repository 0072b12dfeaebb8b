/* roster-listener.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "roster-listener.h"

/*
 * The server's door: it accepts connections itself and hands them to
 * libsoup, because libsoup 3.2's own listener stops accepting for good the
 * first time an accept fails (as it does when the process is out of file
 * descriptors), and keeps idle connections open forever. Here:
 *
 * - at most max_connections are open; at the limit, a new client takes the
 *   place of the one idle the longest, or is turned away when every one is
 *   busy;
 * - a connection with no request begun for idle_seconds is closed, and so
 *   is one whose request is not read and answered within request_seconds
 *   (a client sending a byte a minute holds nothing for long);
 * - when accept() fails, the longest idle connection is closed and
 *   accepting resumes a moment later: never stops.
 *
 * A connection is closed by shutting its socket down: libsoup then reads
 * the end of the stream and lets the connection go itself, closing the
 * descriptor; the sweep notices and forgets it.
 */

typedef enum
{
  PHASE_WAITING,   /* for a request's headers: idle */
  PHASE_HANDLING,  /* reading a request's body, or answering it */
} Phase;

typedef struct
{
  GSocketConnection *connection;
  GSocketAddress    *remote;   /* the key: handed to libsoup, given back by each message */
  Phase              phase;
  gint64             since;    /* monotonic µs, when the phase began */
  gboolean           closing;
} Connection;

struct _RosterListener
{
  SoupServer           *soup;
  GSocket              *socket;
  GTlsCertificate      *certificate;
  RosterListenerLimits  limits;
  GHashTable           *connections;  /* remote GSocketAddress → Connection */
  GSource              *accept_source;
  guint                 resume_id;
  guint                 sweep_id;
  gulong                started_id;
  gulong                finished_id;
  gulong                aborted_id;
};

static void
connection_free (Connection *connection)
{
  g_object_unref (connection->connection);
  g_object_unref (connection->remote);
  g_free (connection);
}

static void
connection_close (Connection *connection)
{
  if (connection->closing)
    return;

  connection->closing = TRUE;
  g_socket_shutdown (g_socket_connection_get_socket (connection->connection), TRUE, TRUE, NULL);
}

/* Forgets the connections libsoup has let go, and counts the others. */
static guint
prune (RosterListener *self)
{
  GHashTableIter iter;
  Connection *connection;
  guint open = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    if (g_socket_is_closed (g_socket_connection_get_socket (connection->connection)))
      g_hash_table_iter_remove (&iter);
    else if (!connection->closing)
      open++;

  return open;
}

/* Closes the connection idle the longest; FALSE when every one is busy. */
static gboolean
close_longest_idle (RosterListener *self)
{
  GHashTableIter iter;
  Connection *connection;
  Connection *oldest = NULL;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    if (!connection->closing && connection->phase == PHASE_WAITING &&
        (oldest == NULL || connection->since < oldest->since))
      oldest = connection;

  if (oldest == NULL)
    return FALSE;

  connection_close (oldest);
  return TRUE;
}

static gboolean
sweep (gpointer data)
{
  RosterListener *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *connection;

  prune (self);
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      guint allowed = connection->phase == PHASE_WAITING ? self->limits.idle_seconds : self->limits.request_seconds;

      if (now - connection->since > (gint64) allowed * G_USEC_PER_SEC)
        connection_close (connection);
    }

  return G_SOURCE_CONTINUE;
}

static Connection *
connection_of (RosterListener    *self,
               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote ? g_hash_table_lookup (self->connections, remote) : NULL;
}

static void
enter_phase (RosterListener    *self,
             SoupServerMessage *msg,
             Phase              phase)
{
  Connection *connection = connection_of (self, msg);

  if (connection == NULL)
    return;

  connection->phase = phase;
  connection->since = g_get_monotonic_time ();
}

static void
got_headers (SoupServerMessage *msg,
             RosterListener    *self)
{
  enter_phase (self, msg, PHASE_HANDLING);
}

/* A connection's next request begins as soon as the last is answered. */
static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 RosterListener    *self)
{
  enter_phase (self, msg, PHASE_WAITING);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), self);
}

static void
request_ended (SoupServer        *soup,
               SoupServerMessage *msg,
               RosterListener    *self)
{
  g_signal_handlers_disconnect_by_func (msg, got_headers, self);
  enter_phase (self, msg, PHASE_WAITING);
}

static void start_accepting (RosterListener *self);

static gboolean
resume_accepting (gpointer data)
{
  RosterListener *self = data;

  self->resume_id = 0;
  start_accepting (self);

  return G_SOURCE_REMOVE;
}

static void
take (RosterListener *self,
      GSocket        *client)
{
  g_autoptr(GSocketConnection) socket_connection = NULL;
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (client, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (client, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  Connection *connection;

  if (prune (self) >= self->limits.max_connections && !close_longest_idle (self))
    {
      /* Every one busy: this one waits its turn elsewhere. */
      g_socket_close (client, NULL);
      return;
    }

  if (local == NULL || remote == NULL)
    {
      g_socket_close (client, NULL);
      return;
    }

  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  socket_connection = g_socket_connection_factory_create_connection (client);
  if (self->certificate != NULL)
    {
      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (socket_connection), self->certificate, &error));
      if (stream == NULL)
        {
          g_message ("A TLS connection could not be set up: %s", error->message);
          g_io_stream_close (G_IO_STREAM (socket_connection), NULL, NULL);
          return;
        }
      g_object_set (stream, "require-close-notify", FALSE, NULL);
    }
  else
    stream = g_object_ref (G_IO_STREAM (socket_connection));

  connection = g_new0 (Connection, 1);
  connection->connection = g_object_ref (socket_connection);
  connection->remote = g_object_ref (remote);
  connection->phase = PHASE_WAITING;
  connection->since = g_get_monotonic_time ();
  /* Known before libsoup says the first request started, which it does at once. */
  g_hash_table_insert (self->connections, connection->remote, connection);

  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    {
      g_message ("A connection could not be served: %s", error->message);
      connection_close (connection);
    }
}

static gboolean
accept_ready (GSocket     *socket,
              GIOCondition condition,
              gpointer     data)
{
  RosterListener *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);

      if (client != NULL)
        {
          take (self, client);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      /* Out of descriptors, most likely: make room, and try again in a
       * moment rather than spin on a listening socket that stays ready. */
      g_message ("Could not accept a connection (%s): closing the longest idle one and waiting a moment",
                 error->message);
      close_longest_idle (self);
      g_clear_pointer (&self->accept_source, g_source_destroy);
      if (self->resume_id == 0)
        self->resume_id = g_timeout_add (100, resume_accepting, self);
      return G_SOURCE_REMOVE;
    }
}

static void
start_accepting (RosterListener *self)
{
  GSource *source = g_socket_create_source (self->socket, G_IO_IN, NULL);

  g_source_set_callback (source, G_SOURCE_FUNC (accept_ready), self, NULL);
  g_source_attach (source, NULL);
  self->accept_source = source;
  g_source_unref (source);
}

/*
 * libsoup keeps a connection open for the client's next request only when
 * the SoupServer has a listener of its own (soup-server.c,
 * request_finished()). With every connection handed over by
 * soup_server_accept_iostream(), as here, each answer closed its
 * connection, and each request paid for a new one: a TCP handshake, the
 * client's proxy lookup, over TLS a TLS handshake (a third of a syncing
 * client's time on loopback). So libsoup is given a listener that nothing
 * can reach: a Unix socket whose name is removed once it listens.
 */
static gboolean
keep_connections_alive (SoupServer *soup,
                        GError    **error)
{
  GSList *listeners = soup_server_get_listeners (soup);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean ok;

  g_slist_free (listeners);
  if (listeners != NULL)
    return TRUE;

  dir = g_dir_make_tmp ("roster-server-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "unreachable", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  ok = socket != NULL && g_socket_bind (socket, address, FALSE, error) && g_socket_listen (socket, error) &&
    soup_server_listen_socket (soup, socket, 0, error);
  g_unlink (path);
  g_rmdir (dir);

  return ok;
}

/**
 * roster_listener_new:
 * @address: where to listen
 * @certificate: (nullable): served over TLS when given
 *
 * Listens on @address and serves what arrives with @soup.
 */
RosterListener *
roster_listener_new (SoupServer                 *soup,
                     GSocketAddress             *address,
                     GTlsCertificate            *certificate,
                     const RosterListenerLimits *limits,
                     GError                    **error)
{
  g_autoptr(RosterListener) self = g_new0 (RosterListener, 1);

  self->soup = g_object_ref (soup);
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->limits = *limits;
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) connection_free);

  self->socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error);
  if (self->socket == NULL)
    return NULL;
  g_socket_set_blocking (self->socket, FALSE);
  g_socket_set_listen_backlog (self->socket, 128);
  if (!g_socket_bind (self->socket, address, TRUE, error) || !g_socket_listen (self->socket, error))
    return NULL;

  if (!keep_connections_alive (soup, error))
    return NULL;

  self->started_id = g_signal_connect (soup, "request-started", G_CALLBACK (request_started), self);
  self->finished_id = g_signal_connect (soup, "request-finished", G_CALLBACK (request_ended), self);
  self->aborted_id = g_signal_connect (soup, "request-aborted", G_CALLBACK (request_ended), self);
  self->sweep_id = g_timeout_add_seconds (1, sweep, self);
  start_accepting (self);

  return g_steal_pointer (&self);
}

guint
roster_listener_get_port (RosterListener *self)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (self->socket, NULL);

  return local ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : 0;
}

/**
 * roster_listener_drop:
 *
 * Closes @msg's connection at once, with no answer.
 */
void
roster_listener_drop (RosterListener    *self,
                      SoupServerMessage *msg)
{
  Connection *connection = connection_of (self, msg);

  if (connection != NULL)
    connection_close (connection);
}

void
roster_listener_free (RosterListener *self)
{
  if (self->soup != NULL)
    {
      g_clear_signal_handler (&self->started_id, self->soup);
      g_clear_signal_handler (&self->finished_id, self->soup);
      g_clear_signal_handler (&self->aborted_id, self->soup);
    }
  if (self->accept_source != NULL)
    g_source_destroy (self->accept_source);
  g_clear_handle_id (&self->resume_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_object (&self->certificate);
  g_clear_object (&self->soup);
  g_free (self);
}
