/* roster-firm.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "roster-database.h"

G_BEGIN_DECLS

/*
 * RosterFirm is the server's firm: its SQLite database and every rule of the
 * seed enforced on it. The HTTP layer (RosterServer) translates requests into
 * these calls and their errors into statuses; nothing here knows HTTP.
 */

#define ROSTER_FIRM_ERROR (roster_firm_error_quark ())

/* Each error has one HTTP status and one stable type (see docs/api.md). */
typedef enum
{
  ROSTER_FIRM_ERROR_INVALID_REQUEST,
  ROSTER_FIRM_ERROR_INVALID_PARAMETER,
  ROSTER_FIRM_ERROR_INVALID_FIELDS,
  ROSTER_FIRM_ERROR_UNAUTHORIZED,
  ROSTER_FIRM_ERROR_FORBIDDEN,
  ROSTER_FIRM_ERROR_ACCOUNT_CLOSED,
  ROSTER_FIRM_ERROR_NOT_FOUND,
  ROSTER_FIRM_ERROR_UNSUPPORTED_API_VERSION,
  ROSTER_FIRM_ERROR_ALREADY_DEACTIVATED,
  ROSTER_FIRM_ERROR_ALREADY_ACTIVE,
  ROSTER_FIRM_ERROR_EMAIL_UNAVAILABLE,
  ROSTER_FIRM_ERROR_PRECONDITION_FAILED,
  ROSTER_FIRM_ERROR_PAYLOAD_TOO_LARGE,
  ROSTER_FIRM_ERROR_PRIMARY_SUBSCRIBER,
  ROSTER_FIRM_ERROR_SELF_DEACTIVATION,
  ROSTER_FIRM_ERROR_NO_FREE_LICENSE,
  ROSTER_FIRM_ERROR_NOT_ANNUAL,
  ROSTER_FIRM_ERROR_INVALID_RECEIVER,
  ROSTER_FIRM_ERROR_INVALID_REASON,
  ROSTER_FIRM_ERROR_VERIFICATION_FAILED,
  ROSTER_FIRM_ERROR_CONFIRMATION_MISMATCH,
  ROSTER_FIRM_ERROR_IDEMPOTENCY_KEY_REUSED,
  ROSTER_FIRM_ERROR_VALIDATION_FAILED,
  ROSTER_FIRM_ERROR_RATE_LIMITED,
  ROSTER_FIRM_ERROR_INTERNAL,
} RosterFirmError;

typedef enum
{
  ROSTER_RESOURCE_USERS,
  ROSTER_RESOURCE_MATTERS,
  ROSTER_RESOURCE_TASKS,
  ROSTER_RESOURCE_CALENDAR_ENTRIES,
  ROSTER_RESOURCE_NOTIFICATIONS,
  ROSTER_RESOURCE_AUDIT_EVENTS,
  ROSTER_RESOURCE_DELETED_RECORDS,
} RosterResource;

/* An id filter: unset, one id, or the keyword null (no such record). */
typedef struct
{
  gboolean  set;
  gboolean  is_null;
  gint64    id;
} RosterIdFilter;

/* One condition on a matter's date: open_date[]=>=2026-01-01. */
typedef struct
{
  const char *column;   /* open_date, pending_date or close_date */
  const char *op;       /* =, <, <=, > or >= */
  char       *date;     /* YYYY-MM-DD */
} RosterDateCondition;

/* Where a page starts: after the row with this id and sort key. */
typedef struct
{
  gint64    after_id;   /* the row id; 0 for the first page */
  int       key_type;   /* SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL; 0 in id order */
  char     *key;        /* the sort key of that row, as text */
} RosterCursor;

void roster_cursor_clear (RosterCursor *cursor);

/* The filters of a list request, already checked and normalized. */
typedef struct
{
  RosterCursor    cursor;
  char           *order;            /* a sort key (roster_firm_sort_keys()); NULL: id */
  gboolean        descending;
  int             limit;
  gint64          only_id;          /* one record's row id, or 0 */
  GPtrArray      *ids;              /* ids[], as text, or NULL */
  char           *updated_since;    /* normalized ISO 8601, or NULL */
  char           *created_since;
  char           *search;           /* query= */

  /* users */
  int             enabled;          /* -1 any, 0, 1 */
  int             pending_setup;
  char           *name;
  char           *role;
  char           *subscription_type;  /* attorney or nonattorney */

  /* matters, and tasks' status */
  GPtrArray      *statuses;         /* lower case, as Clio's filters spell them */
  RosterIdFilter  responsible_attorney;
  RosterIdFilter  originating_attorney;
  gint64          group_id;
  GArray         *dates;            /* of RosterDateCondition */

  /* tasks */
  int             complete;
  char           *assignee_type;    /* user or contact */
  RosterIdFilter  assignee;
  RosterIdFilter  matter;           /* tasks and calendar entries */
  char           *priority;         /* high, normal or low */
  char           *permission;
  char           *due_from;         /* YYYY-MM-DD */
  char           *due_to;
  int             due_present;

  /* calendar entries */
  gint64          calendar_id;
  char           *from;             /* normalized ISO 8601 */
  char           *to;
  int             all_day;
  int             visible;
  gboolean        include_hidden;   /* entries of deactivated users */
} RosterListQuery;

void roster_list_query_init  (RosterListQuery *query);
void roster_list_query_clear (RosterListQuery *query);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RosterListQuery, roster_list_query_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RosterCursor, roster_cursor_clear)

typedef struct
{
  gint64    id;
  gboolean  enabled;
  gboolean  account_owner;
  gboolean  admin;
  char     *name;
  char     *email;
} RosterActor;

void roster_actor_free (RosterActor *actor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterActor, roster_actor_free)

/* Refuses, as the API words it, an actor who manages nothing: before a
 * body is read where the route is for managers only. */
gboolean roster_firm_require_manager (RosterActor *actor,
                                      GError     **error);
gboolean roster_firm_require_closer (RosterActor *actor,
                                     GError     **error);

#define ROSTER_TYPE_FIRM (roster_firm_get_type ())

G_DECLARE_FINAL_TYPE (RosterFirm, roster_firm, ROSTER, FIRM, GObject)

GQuark          roster_firm_error_quark      (void);
guint           roster_firm_error_status     (int code);
const char     *roster_firm_error_type       (int code);

RosterFirm     *roster_firm_open             (const char       *path,
                                              GError          **error);
RosterDatabase *roster_firm_get_database     (RosterFirm       *self);
GBytes         *roster_firm_get_page_key     (RosterFirm       *self);
void            roster_firm_set_mail_spool   (RosterFirm       *self,
                                              const char       *directory);
void            roster_firm_set_token_lifetime (RosterFirm     *self,
                                                gint64          seconds);
gboolean        roster_firm_is_closed        (RosterFirm       *self);

/* Transactions: the HTTP layer wraps each write, its idempotency record and
 * its audit event in one. */
gboolean        roster_firm_begin            (RosterFirm       *self,
                                              GError          **error);
gboolean        roster_firm_commit           (RosterFirm       *self,
                                              GError          **error);
void            roster_firm_rollback         (RosterFirm       *self);
void            roster_firm_flush_mail       (RosterFirm       *self);

/* Authentication */
RosterActor    *roster_firm_authenticate     (RosterFirm       *self,
                                              const char       *access_token,
                                              GError          **error);
RosterActor    *roster_firm_sign_in          (RosterFirm       *self,
                                              const char       *email,
                                              const char       *password,
                                              GError          **error);
gboolean        roster_firm_client_exists    (RosterFirm       *self,
                                              const char       *client_id);
char           *roster_firm_issue_code       (RosterFirm       *self,
                                              const char       *client_id,
                                              gint64            user_id,
                                              const char       *redirect_uri,
                                              const char       *code_challenge,
                                              GError          **error);
JsonObject     *roster_firm_exchange_code    (RosterFirm       *self,
                                              const char       *client_id,
                                              const char       *code,
                                              const char       *redirect_uri,
                                              const char       *code_verifier,
                                              GError          **error);
JsonObject     *roster_firm_refresh          (RosterFirm       *self,
                                              const char       *client_id,
                                              const char       *refresh_token,
                                              GError          **error);
gboolean        roster_firm_deauthorize      (RosterFirm       *self,
                                              const char       *access_token,
                                              GError          **error);
JsonObject     *roster_firm_issue_tokens     (RosterFirm       *self,
                                              gint64            user_id,
                                              const char       *client_id,
                                              GError          **error);

/* Reads */
gint64          roster_firm_find_record      (RosterFirm       *self,
                                              RosterResource    resource,
                                              const char       *key);
JsonObject     *roster_firm_get_record       (RosterFirm       *self,
                                              RosterActor      *actor,
                                              RosterResource    resource,
                                              gint64            id,
                                              GError          **error);
GPtrArray      *roster_firm_list             (RosterFirm       *self,
                                              RosterActor      *actor,
                                              RosterResource    resource,
                                              const RosterListQuery *query,
                                              gint64           *total,
                                              RosterCursor     *next,
                                              GError          **error);
gboolean        roster_firm_sorts_by         (RosterResource    resource,
                                              const char       *key);
char           *roster_firm_describe_sort_keys (RosterResource  resource);
gint64          roster_firm_last_modified    (RosterFirm       *self,
                                              RosterResource    resource);
JsonObject     *roster_firm_account          (RosterFirm       *self,
                                              GError          **error);

/* Writes, each inside the caller's transaction */
JsonObject     *roster_firm_deactivate       (RosterFirm       *self,
                                              RosterActor      *actor,
                                              gint64            user_id,
                                              GError          **error);
JsonObject     *roster_firm_activate         (RosterFirm       *self,
                                              RosterActor      *actor,
                                              gint64            user_id,
                                              GError          **error);
JsonObject     *roster_firm_reassign_work    (RosterFirm       *self,
                                              RosterActor      *actor,
                                              gint64            user_id,
                                              gint64            matters_to,
                                              gint64            tasks_to,
                                              gint64            calendar_entries_to,
                                              gboolean          dry_run,
                                              GError          **error);
JsonObject     *roster_firm_set_renewal_options (RosterFirm    *self,
                                                 RosterActor   *actor,
                                                 gboolean       remove_unused_licenses,
                                                 GError       **error);
JsonObject     *roster_firm_close_account    (RosterFirm       *self,
                                              RosterActor      *actor,
                                              const char       *reason,
                                              const char       *verification_code,
                                              const char       *confirmation,
                                              GError          **error);
gboolean        roster_firm_record_closure_failure (RosterFirm *self,
                                                    RosterActor *actor,
                                                    guint      *tries_left,
                                                    GError    **error);
JsonObject     *roster_firm_update_record    (RosterFirm       *self,
                                              RosterActor      *actor,
                                              RosterResource    resource,
                                              gint64            id,
                                              const char       *if_match,
                                              JsonObject       *changes,
                                              GError          **error);
gboolean        roster_firm_delete_record    (RosterFirm       *self,
                                              RosterActor      *actor,
                                              RosterResource    resource,
                                              gint64            id,
                                              GError          **error);

/* Idempotency keys, per user */
gboolean        roster_firm_find_idempotent  (RosterFirm       *self,
                                              gint64            user_id,
                                              const char       *key,
                                              const char       *fingerprint,
                                              guint            *status,
                                              char            **body,
                                              GError          **error);
gboolean        roster_firm_store_idempotent (RosterFirm       *self,
                                              gint64            user_id,
                                              const char       *key,
                                              const char       *fingerprint,
                                              guint             status,
                                              const char       *body,
                                              GError          **error);

/* The support desk */
gboolean        roster_firm_release_email    (RosterFirm       *self,
                                              const char       *email,
                                              GError          **error);
char           *roster_firm_issue_closure_code (RosterFirm     *self,
                                                GError        **error);

/* The closure reasons, NULL-terminated */

#define ROSTER_CLOSURE_CONFIRMATION "I Want To Permanently Close My Account"

G_END_DECLS
