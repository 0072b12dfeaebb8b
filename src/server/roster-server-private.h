/* roster-server-private.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-listener.h"
#include "roster-params.h"
#include "roster-resource.h"
#include "roster-server.h"

G_BEGIN_DECLS

typedef enum
{
  FAULT_NONE,
  FAULT_SERVER_ERROR,
  FAULT_RATE_LIMITED,
  FAULT_DELAY,
  FAULT_DROP,
  FAULT_MALFORMED,
  FAULT_TRUNCATED,
  N_FAULTS
} Fault;

struct _RosterServer
{
  GObject     parent_instance;

  RosterFirm *firm;
  SoupServer *soup;
  RosterListener *listener;
  RosterListenerLimits limits;
  char       *base_url;   /* scheme://host:port, no slash: where clients reach this server */
  gboolean    quiet;
  gboolean    clio_only;  /* serve Clio's public API alone, no extension */

  guint       rate_limit;     /* requests a minute and token; 0: off */
  GHashTable *rate_windows;   /* "token:<digest>" or "address:<ip>" → RateWindow */
  gint64      rate_windows_expired;  /* when the minutes over were last forgotten */

  GRand      *fault_rand;
  double      fault_rates[N_FAULTS];
};

typedef enum
{
  WRITE_NONE,
  WRITE_DEACTIVATE,
  WRITE_ACTIVATE,
  WRITE_REASSIGN,
  WRITE_RENEWAL,
  WRITE_CLOSURE,
  WRITE_UPDATE,
  WRITE_DELETE,
} WriteKind;

typedef struct _RosterRoute RosterRoute;

/* One API request, once authenticated and routed. */
typedef struct
{
  SoupServerMessage        *msg;
  RosterActor              *actor;
  RosterQuery              *query;
  const RosterRoute        *route;
  const RosterResourceInfo *resource;  /* the path's resource, or NULL */
  gint64                    id;        /* the record's row id, on a route with {id} */
} RosterRequest;

typedef void (*RosterRouteHandler) (RosterServer  *self,
                                    RosterRequest *request);

struct _RosterRoute
{
  const char         *method;
  const char         *pattern;    /* "users/{id}/deactivate": {id} is a record of the first segment's resource */
  RosterRouteHandler  handler;
  WriteKind           write;
  gboolean            extension;  /* Roster's own: not found on a --clio-only server */
};

/* Answers */
void     roster_server_set_status     (SoupServerMessage *msg,
                                       guint              status);
void     roster_server_respond_json   (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *body);
void     roster_server_respond_object (SoupServerMessage *msg,
                                       guint              status,
                                       JsonObject        *object);
char    *roster_server_error_body     (const char        *type,
                                       const char        *message);
void     roster_server_respond_error  (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *type,
                                       const char        *message);
void     roster_server_respond_gerror (SoupServerMessage *msg,
                                       const GError      *error);
guint    roster_server_error_status   (const GError      *error);
const char *roster_server_error_type  (const GError      *error);

/* Reads (roster-server-reads.c) */
void     roster_server_handle_list      (RosterServer  *self,
                                         RosterRequest *request);
void     roster_server_handle_record    (RosterServer  *self,
                                         RosterRequest *request);
void     roster_server_handle_who_am_i  (RosterServer  *self,
                                         RosterRequest *request);
void     roster_server_handle_account   (RosterServer  *self,
                                         RosterRequest *request);
void     roster_server_handle_extensions (RosterServer  *self,
                                          RosterRequest *request);

/* Writes (roster-server-writes.c) */
void     roster_server_handle_write     (RosterServer  *self,
                                         RosterRequest *request);

G_END_DECLS
