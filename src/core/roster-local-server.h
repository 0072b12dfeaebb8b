/* roster-local-server.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ROSTER_LOCAL_SERVER_FLAGS_NONE            = 0,
  /* The server's standard error goes nowhere, not to the caller's. */
  ROSTER_LOCAL_SERVER_FLAGS_STDERR_SILENCE  = 1 << 0,
  /* The server also gets SIGTERM when the thread that started it ends
   * (PR_SET_PDEATHSIG): only for a thread that lives as long as the
   * server is needed, such as a test's main thread. */
  ROSTER_LOCAL_SERVER_FLAGS_DIE_WITH_THREAD = 1 << 1,
} RosterLocalServerFlags;

#define ROSTER_TYPE_LOCAL_SERVER (roster_local_server_get_type ())

G_DECLARE_FINAL_TYPE (RosterLocalServer, roster_local_server, ROSTER, LOCAL_SERVER, GObject)

char              *roster_local_server_find_program    (void);
RosterLocalServer *roster_local_server_new             (const char              *program,
                                                        const char              *db_path,
                                                        const char              *mail_spool);
const char        *roster_local_server_get_program     (RosterLocalServer       *self);
const char        *roster_local_server_get_db_path     (RosterLocalServer       *self);
const char        *roster_local_server_get_mail_spool  (RosterLocalServer       *self);
gboolean           roster_local_server_seed_if_missing (RosterLocalServer       *self,
                                                        const char              *firm,
                                                        guint                    seed,
                                                        GCancellable            *cancellable,
                                                        GError                 **error);
char              *roster_local_server_support         (RosterLocalServer       *self,
                                                        const char *const       *args,
                                                        GCancellable            *cancellable,
                                                        GError                 **error);
gboolean           roster_local_server_start           (RosterLocalServer       *self,
                                                        RosterLocalServerFlags   flags,
                                                        const char *const       *extra_args,
                                                        GCancellable            *cancellable,
                                                        GError                 **error);
const char        *roster_local_server_get_url         (RosterLocalServer       *self);
void               roster_local_server_kill            (RosterLocalServer       *self);
gboolean           roster_local_server_stop            (RosterLocalServer       *self,
                                                        GError                 **error);

G_END_DECLS
