/* roster-server-writes.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <string.h>

#include "roster-fields.h"
#include "roster-json.h"
#include "roster-server-private.h"

/*
 * The writes: each runs in one transaction with its audit event and its
 * idempotency record. The first answer to an Idempotency-Key, success or
 * refusal, is stored with the write and replayed for the same request.
 */

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

/* Parses a request's {"data": {…}} body. */
static JsonObject *
request_data (SoupServerMessage *msg,
              gboolean           required,
              GError           **error)
{
  g_autoptr(GBytes) bytes = request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonNode *data;

  if (g_bytes_get_size (bytes) == 0)
    {
      if (!required)
        return json_object_new ();
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "The request needs a JSON body {\"data\": {…}}");
      return NULL;
    }

  /* Before the parser sees it: it recurses once a level. */
  if (!roster_json_depth_within (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), ROSTER_JSON_MAX_DEPTH))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "The body nests deeper than %u levels", ROSTER_JSON_MAX_DEPTH);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &parse_error))
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "The body is not valid JSON: %s", parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                           "The body must be an object with an object \"data\"");
      return NULL;
    }

  return json_object_ref (json_node_get_object (data));
}

static gboolean
data_id_or_null (JsonObject *data,
                 const char *member,
                 gint64     *id,
                 GError    **error)
{
  JsonNode *node = json_object_get_member (data, member);

  *id = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST,
                   "%s must be a user id or null", member);
      return FALSE;
    }

  *id = json_node_get_int (node);
  return TRUE;
}

static gboolean
data_bool (JsonObject *data,
           const char *member,
           gboolean    required,
           gboolean   *value,
           GError    **error)
{
  JsonNode *node = json_object_get_member (data, member);

  if (node == NULL && !required)
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_INVALID_REQUEST, "%s must be true or false", member);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

static const char *
data_string (JsonObject *data,
             const char *member)
{
  JsonNode *node = json_object_get_member (data, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Runs one write: its rules, its changes, its audit event and its
 * idempotency record commit together or not at all. */
static JsonObject *
run_write (RosterServer  *self,
           RosterRequest *request,
           guint         *status,
           GError       **error)
{
  SoupServerMessage *msg = request->msg;
  RosterActor *actor = request->actor;
  gint64 id = request->id;
  g_autoptr(JsonObject) data = NULL;
  const char *if_match;

  *status = SOUP_STATUS_OK;
  if_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-Match");

  switch (request->route->write)
    {
    case WRITE_DEACTIVATE:
      return roster_firm_deactivate (self->firm, actor, id, error);

    case WRITE_ACTIVATE:
      return roster_firm_activate (self->firm, actor, id, error);

    case WRITE_REASSIGN:
      {
        gint64 matters_to, tasks_to, entries_to;
        gboolean dry_run = FALSE;

        /* Who may not reassign is refused before the body is read. */
        if (!roster_firm_require_manager (actor, error))
          return NULL;
        data = request_data (msg, TRUE, error);
        if (data == NULL ||
            !data_id_or_null (data, "matters_to", &matters_to, error) ||
            !data_id_or_null (data, "tasks_to", &tasks_to, error) ||
            !data_id_or_null (data, "calendar_entries_to", &entries_to, error) ||
            !data_bool (data, "dry_run", FALSE, &dry_run, error))
          return NULL;
        return roster_firm_reassign_work (self->firm, actor, id, matters_to, tasks_to, entries_to, dry_run, error);
      }

    case WRITE_RENEWAL:
      {
        gboolean remove_unused = FALSE;

        /* Who may not change the renewal is refused before the body is read. */
        if (!roster_firm_require_manager (actor, error))
          return NULL;
        data = request_data (msg, TRUE, error);
        if (data == NULL || !data_bool (data, "remove_unused_licenses", TRUE, &remove_unused, error))
          return NULL;
        return roster_firm_set_renewal_options (self->firm, actor, remove_unused, error);
      }

    case WRITE_CLOSURE:
      /* Who may not close the account is refused before the body is read. */
      if (!roster_firm_require_closer (actor, error))
        return NULL;
      data = request_data (msg, TRUE, error);
      if (data == NULL)
        return NULL;
      return roster_firm_close_account (self->firm, actor,
                                        data_string (data, "reason"),
                                        data_string (data, "verification_code"),
                                        data_string (data, "confirmation"),
                                        error);

    case WRITE_UPDATE:
      if (!roster_firm_require_manager (actor, error))
        return NULL;
      data = request_data (msg, TRUE, error);
      if (data == NULL)
        return NULL;
      return roster_firm_update_record (self->firm, actor, request->resource->resource, id, if_match, data, error);

    case WRITE_DELETE:
      if (!roster_firm_delete_record (self->firm, actor, request->resource->resource, id, error))
        return NULL;
      *status = SOUP_STATUS_NO_CONTENT;
      return json_object_new ();

    case WRITE_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A PATCH answers the record with the fields asked for, the whole record
 * when none are. */
static gboolean
project_answer (RosterServer  *self,
                RosterRequest *request,
                JsonObject    *result,
                GError       **error)
{
  const char *text = roster_query_get (request->query, "fields");
  g_autoptr(RosterFields) fields = NULL;
  JsonObject *data;

  if (text == NULL)
    return TRUE;

  fields = roster_fields_parse (request->resource->resource, text, self->clio_only, error);
  if (fields == NULL)
    return FALSE;

  data = roster_fields_apply (fields, json_object_get_object_member (result, "data"));
  json_object_set_object_member (result, "data", data);
  return TRUE;
}

/* A wrong closure code counts, even though the closure's own transaction
 * is gone: the refusal then says how many tries are left. */
static void
count_closure_failure (RosterServer *self,
                       RosterActor  *actor,
                       GError      **error)
{
  g_autoptr(GError) record_error = NULL;
  guint tries_left = 0;
  const char *message;

  if (!roster_firm_record_closure_failure (self->firm, actor, &tries_left, &record_error))
    {
      g_warning ("Cannot count a wrong closure code: %s", record_error->message);
      return;
    }

  message = tries_left > 0 ? "The verification code is wrong, used or expired: check it with support"
                           : "The verification code is wrong, used or expired, and no code is valid any more:"
    " call support for a new one";
  g_clear_error (error);
  if (tries_left > 0)
    g_set_error (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VERIFICATION_FAILED,
                 "%s (%u %s left)", message, tries_left, tries_left == 1 ? "try" : "tries");
  else
    g_set_error_literal (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VERIFICATION_FAILED, message);
}

void
roster_server_handle_write (RosterServer  *self,
                            RosterRequest *request)
{
  SoupServerMessage *msg = request->msg;
  RosterActor *actor = request->actor;
  gboolean takes_fields = request->route->write == WRITE_UPDATE;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  g_autoptr(GBytes) bytes = request_body (msg);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_body = NULL;
  g_autofree char *body = NULL;
  const char *fingerprint;
  guint stored_status = 0;
  guint status = SOUP_STATUS_OK;
  gboolean replay;

  if (!roster_params_check_only (request->query, takes_fields ? (const char *[]) { "fields", NULL }
                                                              : (const char *[]) { NULL }, &error))
    {
      roster_server_respond_gerror (msg, error);
      return;
    }

  if (key != NULL && (*key == '\0' || strlen (key) > 255))
    {
      roster_server_respond_error (msg, 400, "invalid_request", "An Idempotency-Key has 1 to 255 characters");
      return;
    }

  /* A key stands for one request: the same method, path and body. */
  g_checksum_update (checksum, (const guchar *) soup_server_message_get_method (msg), -1);
  g_checksum_update (checksum, (const guchar *) " ", 1);
  g_checksum_update (checksum, (const guchar *) g_uri_get_path (soup_server_message_get_uri (msg)), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fingerprint = g_checksum_get_string (checksum);

  if (!roster_firm_begin (self->firm, &error))
    {
      roster_server_respond_gerror (msg, error);
      return;
    }

  if (key != NULL)
    {
      replay = roster_firm_find_idempotent (self->firm, actor->id, key, fingerprint,
                                            &stored_status, &stored_body, &error);
      if (error != NULL || replay)
        {
          roster_firm_rollback (self->firm);
          if (error != NULL)
            roster_server_respond_gerror (msg, error);
          else
            {
              soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                            "Idempotent-Replayed", "true");
              roster_server_respond_json (msg, stored_status, *stored_body ? stored_body : NULL);
            }
          return;
        }
    }

  result = run_write (self, request, &status, &error);
  if (result != NULL && takes_fields && !project_answer (self, request, result, &error))
    g_clear_pointer (&result, json_object_unref);
  if (result == NULL)
    {
      guint refusal = roster_server_error_status (error);
      g_autofree char *refusal_body = NULL;

      roster_firm_rollback (self->firm);
      if (g_error_matches (error, ROSTER_FIRM_ERROR, ROSTER_FIRM_ERROR_VERIFICATION_FAILED))
        count_closure_failure (self, actor, &error);
      refusal_body = roster_server_error_body (roster_server_error_type (error),
                                               refusal >= 500 ? "The server failed; try again" : error->message);
      /* A refusal is the first answer too, and is replayed as such; a
       * server failure is not, so that a retry may succeed. */
      if (key != NULL && refusal < 500)
        {
          g_autoptr(GError) store_error = NULL;

          if (!roster_firm_begin (self->firm, &store_error) ||
              !roster_firm_store_idempotent (self->firm, actor->id, key, fingerprint, refusal, refusal_body, &store_error) ||
              !roster_firm_commit (self->firm, &store_error))
            {
              roster_firm_rollback (self->firm);
              g_warning ("Cannot record a refusal under its Idempotency-Key: %s", store_error->message);
            }
        }
      if (refusal >= 500)
        g_warning ("%s", error->message);
      roster_server_respond_json (msg, refusal, refusal_body);
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT)
    body = g_strdup ("");
  else
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (root, result);
      body = json_to_string (root, FALSE);
    }

  if ((key != NULL && !roster_firm_store_idempotent (self->firm, actor->id, key, fingerprint, status, body, &error)) ||
      !roster_firm_commit (self->firm, &error))
    {
      roster_firm_rollback (self->firm);
      roster_server_respond_gerror (msg, error);
      return;
    }

  roster_firm_flush_mail (self->firm);
  roster_server_respond_json (msg, status, *body ? body : NULL);
}
