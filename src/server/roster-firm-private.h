/* roster-firm-private.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-firm.h"
#include "roster-rules.h"

G_BEGIN_DECLS

struct _RosterFirm
{
  GObject         parent_instance;

  RosterDatabase *db;
  char           *mail_spool;
  gint64          token_lifetime;

  /* Users as JSON by id: every list nests them, and a firm has few. */
  GHashTable     *user_cache;

  gint64          last_time_usec;
  char           *last_time;

  GBytes         *page_key;  /* signs page tokens: a client cannot forge a cursor */
};

gboolean      roster_firm_set_db_error     (RosterFirm   *self,
                                            GError      **error);
sqlite3_stmt *roster_firm_statement        (RosterFirm   *self,
                                            const char   *sql,
                                            GError      **error);
char         *roster_firm_now              (RosterFirm   *self);
char         *roster_firm_etag             (const char   *resource,
                                            gint64        id,
                                            gint64        version);
char         *roster_firm_hash_secret      (const char   *secret);
char         *roster_firm_random_token     (gsize         n_bytes);
char         *roster_firm_hash_password    (const char   *salt,
                                            const char   *password);
const char   *roster_firm_column_text      (sqlite3_stmt *statement,
                                            int           column);
void          roster_firm_set_text_or_null (JsonObject   *object,
                                            const char   *member,
                                            sqlite3_stmt *statement,
                                            int           column);
gint64        roster_firm_audit            (RosterFirm   *self,
                                            RosterActor  *actor,
                                            const char   *action,
                                            const char   *target_type,
                                            gint64        target_id,
                                            JsonNode     *before,
                                            JsonNode     *after,
                                            GError      **error);

/* Shared by the actions: each checks every rule before it writes */
gboolean      roster_firm_refuse           (RosterRefusal       refusal,
                                            const char         *name,
                                            const char         *what,
                                            GError            **error);
void          roster_firm_actor_facts      (RosterActor        *actor,
                                            RosterUserFacts    *facts);
void          roster_firm_user_facts       (JsonObject         *user,
                                            RosterUserFacts    *facts);
gboolean      roster_firm_exec_bound_id    (RosterFirm         *self,
                                            const char         *sql,
                                            gint64              id,
                                            const char         *now,
                                            GError            **error);
gboolean      roster_firm_account_plan     (RosterFirm         *self,
                                            RosterSubscription *subscription,
                                            int                *licenses,
                                            int                *in_use,
                                            GError            **error);
JsonObject   *roster_firm_wrap_result      (JsonObject         *data,
                                            JsonObject         *effects);
gboolean      roster_firm_may_see_matter   (RosterActor        *actor,
                                            gint64              private_to_user_id);
void          roster_firm_forget_user      (RosterFirm         *self,
                                            gint64              user_id);

/* Records, as the API writes them */
/* @actor is who asks: what they may not see is left out of the record. */
typedef JsonObject *(*RosterRowReader) (RosterFirm   *self,
                                        RosterActor  *actor,
                                        sqlite3_stmt *statement);

/* Where a resource's records are read; the first column is the row id. */
typedef struct
{
  RosterResource   resource;
  const char      *columns;
  const char      *from;            /* " FROM tasks t", with its joins */
  const char      *alias;           /* the table's alias: "t" */
  const char      *updated_column;
  const char      *created_column;
  RosterRowReader  reader;
} RosterRecordSource;

const RosterRecordSource *roster_firm_record_source (RosterResource resource);
char         *roster_firm_initials         (const char   *first_name,
                                            const char   *last_name);

JsonObject   *roster_firm_user_json        (RosterFirm   *self,
                                            gint64        id);
JsonObject   *roster_firm_matter_json      (RosterFirm   *self,
                                            gint64        id);
RosterActor  *roster_firm_load_actor       (RosterFirm   *self,
                                            gint64        user_id);
gint64        roster_firm_user_calendar    (RosterFirm   *self,
                                            gint64        user_id);

G_END_DECLS
