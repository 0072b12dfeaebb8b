/* roster-api.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-json-reader.h"

G_BEGIN_DECLS

#define ROSTER_API_ERROR (roster_api_error_quark ())

typedef enum
{
  ROSTER_API_ERROR_OFFLINE,       /* no connection to the server, or none that answered */
  ROSTER_API_ERROR_UNAUTHORIZED,  /* sign in again */
  ROSTER_API_ERROR_REFUSED,       /* a 4xx with the server's type and message */
  ROSTER_API_ERROR_SERVER,        /* 5xx or 429 after retries */
  ROSTER_API_ERROR_MALFORMED,     /* an answer that is not what the API promises */
} RosterApiError;

/* Called on the API client's thread with the new tokens after a refresh,
 * for the caller to store them (in the Secret Service). */
typedef void (*RosterTokensRefreshed) (const char *access_token,
                                       const char *refresh_token,
                                       gpointer    user_data);

#define ROSTER_TYPE_API (roster_api_get_type ())

/* A server's rate limit, as its answers' X-RateLimit-* headers say. */
typedef struct
{
  gint64 limit;        /* requests allowed in a window (Clio's: a minute) */
  gint64 remaining;    /* of them, left in this window */
  gint64 reset_unix;   /* when the next window begins */
} RosterRateLimit;

G_DECLARE_FINAL_TYPE (RosterApi, roster_api, ROSTER, API, GObject)

GQuark      roster_api_error_quark       (void);
const char *roster_api_error_get_refusal (const GError  *error);
guint       roster_api_error_get_status  (const GError  *error);
const char *roster_api_error_get_method  (const GError  *error);
const char *roster_api_error_get_path    (const GError  *error);
GError     *roster_api_error_new_refused (guint          status,
                                          const char    *refusal,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (3, 4);

RosterApi  *roster_api_new              (const char    *base_url,
                                         const char    *access_token);
const char *roster_api_get_base_url     (RosterApi     *self);
void        roster_api_set_max_attempts (RosterApi     *self,
                                         guint          attempts);
void        roster_api_set_refresh      (RosterApi             *self,
                                         const char            *client_id,
                                         const char            *refresh_token,
                                         RosterTokensRefreshed  callback,
                                         gpointer               user_data);
guint       roster_api_get_requests     (RosterApi     *self);
gboolean    roster_api_get_rate_limit   (RosterApi       *self,
                                         RosterRateLimit *limit);
JsonNode   *roster_api_get              (RosterApi     *self,
                                         const char    *path_or_url,
                                         char         **date,
                                         GCancellable  *cancellable,
                                         GError       **error);
JsonNode   *roster_api_get_if_changed   (RosterApi     *self,
                                         const char    *path_or_url,
                                         const char    *etag,
                                         char         **new_etag,
                                         char         **date,
                                         gboolean      *not_modified,
                                         GCancellable  *cancellable,
                                         GError       **error);
JsonNode   *roster_api_get_page         (RosterApi             *self,
                                         const char            *path_or_url,
                                         const char            *etag,
                                         char                 **new_etag,
                                         char                 **date,
                                         gboolean              *not_modified,
                                         RosterJsonListReader **list,
                                         GCancellable          *cancellable,
                                         GError               **error);
gboolean    roster_api_page_list_next   (RosterJsonListReader *list,
                                         JsonNode            **record,
                                         const char           *method,
                                         const char           *path,
                                         GError              **error);
JsonNode   *roster_api_write            (RosterApi     *self,
                                         const char    *method,
                                         const char    *path,
                                         const char    *body,
                                         const char    *idempotency_key,
                                         guint         *status,
                                         GCancellable  *cancellable,
                                         GError       **error);
JsonNode   *roster_api_write_if_match   (RosterApi     *self,
                                         const char    *method,
                                         const char    *path,
                                         const char    *body,
                                         const char    *idempotency_key,
                                         const char    *if_match,
                                         guint         *status,
                                         char         **etag,
                                         GCancellable  *cancellable,
                                         GError       **error);

gboolean    roster_api_url_is_loopback  (const char    *url);
gboolean    roster_api_check_server_url (const char    *url,
                                         GError       **error);

G_END_DECLS
