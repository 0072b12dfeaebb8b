/* roster-server-reads.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-server"

#include "config.h"

#include <string.h>

#include "roster-fields.h"
#include "roster-server-private.h"
#include "roster-time.h"

/*
 * The reads: lists and records in Clio's envelopes, with the fields asked
 * for. An answer's ETag is its content's, so that it changes with the
 * fields asked for as with the records; `If-None-Match` compares with it.
 * `If-Modified-Since` compares with when the records shown last changed,
 * to the second, and is read only when `If-None-Match` is absent (RFC 9110).
 */

static const char *const record_params[] = { "fields", NULL };

/* Validators ---------------------------------------------------------------- */

static char *
content_etag (const char *body,
              gboolean    weak)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

  digest[32] = '\0';
  return g_strdup_printf ("%s\"%s\"", weak ? "W/" : "", digest);
}

static const char *
opaque_tag (const char *etag)
{
  return g_str_has_prefix (etag, "W/") ? etag + 2 : etag;
}

/* If-None-Match: "*" or a list of ETags, compared weakly. */
static gboolean
etag_listed (const char *header,
             const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*") || g_str_equal (opaque_tag (tag), opaque_tag (etag)))
        return TRUE;
    }

  return FALSE;
}

/* Writes the validators; answers 304 and returns TRUE when the client's
 * copy is current. @last_modified is unix time, 0 when unknown. */
static gboolean
not_modified (SoupServerMessage *msg,
              const char        *etag,
              gint64             last_modified)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *none_match = soup_message_headers_get_one (request, "If-None-Match");
  const char *modified_since = soup_message_headers_get_one (request, "If-Modified-Since");
  gboolean current = FALSE;

  soup_message_headers_replace (response, "ETag", etag);
  if (last_modified > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (last_modified);
      g_autofree char *text = soup_date_time_to_string (time, SOUP_DATE_HTTP);

      soup_message_headers_replace (response, "Last-Modified", text);
    }

  if (none_match != NULL)
    current = etag_listed (none_match, etag);
  else if (modified_since != NULL && last_modified > 0)
    {
      g_autoptr(GDateTime) since = soup_date_time_new_from_http_string (modified_since);

      current = since != NULL && last_modified <= g_date_time_to_unix (since);
    }

  if (current)
    roster_server_set_status (msg, SOUP_STATUS_NOT_MODIFIED);

  return current;
}

/* When a record as served last changed: its own updated_at or that of a
 * record it nests (a matter's attorney, a task's assignee, an entry's
 * calendar), whichever is latest. */
static gint64
record_last_modified (JsonObject *record)
{
  g_autoptr(GList) members = json_object_get_values (record);
  const char *latest = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (json_object_has_member (record, "updated_at"))
    latest = json_object_get_string_member (record, "updated_at");

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = l->data;
      g_autoptr(GList) nested = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        nested = g_list_append (NULL, json_node_get_object (node));
      else if (JSON_NODE_HOLDS_ARRAY (node))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
          if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), i)))
            nested = g_list_append (nested, json_array_get_object_element (json_node_get_array (node), i));

      for (GList *n = nested; n != NULL; n = n->next)
        {
          JsonNode *updated = json_object_get_member (n->data, "updated_at");

          if (updated != NULL && JSON_NODE_HOLDS_VALUE (updated) &&
              json_node_get_value_type (updated) == G_TYPE_STRING &&
              g_strcmp0 (json_node_get_string (updated), latest) > 0)
            latest = json_node_get_string (updated);
        }
    }

  time = latest ? roster_time_parse_iso (latest) : NULL;
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

/* Lists ------------------------------------------------------------------- */

/* From the server's own base URL, never from the request's Host header: a
 * client must not be able to make the server send others, or itself, to
 * an address of its choosing. */
static char *
next_page_url (RosterServer      *self,
               SoupServerMessage *msg,
               RosterQuery       *query,
               const char        *token)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *encoded = roster_query_encode_with (query, "page_token", token);

  return g_strdup_printf ("%s%s?%s", self->base_url, g_uri_get_path (uri), encoded);
}

void
roster_server_handle_list (RosterServer  *self,
                           RosterRequest *request)
{
  RosterResource resource = request->resource->resource;
  g_auto(RosterListQuery) list = { 0 };
  g_auto(RosterCursor) next = { 0 };
  g_autoptr(RosterFields) fields = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  JsonObject *envelope;
  JsonObject *meta;
  JsonObject *paging;
  JsonArray *data;
  gint64 total = -1;
  gint64 token_total = 0;
  gint64 last_modified;

  roster_list_query_init (&list);
  fields = roster_fields_parse (resource, roster_query_get (request->query, "fields"), self->clio_only, &error);
  if (fields == NULL ||
      !roster_params_parse_list (resource, request->query, self->clio_only, roster_firm_get_page_key (self->firm),
                                 &list, &token_total, &error))
    {
      roster_server_respond_gerror (request->msg, error);
      return;
    }

  /* Read before the list: a change made meanwhile makes it later, never
   * earlier, than what the list shows. */
  last_modified = roster_firm_last_modified (self->firm, resource);

  page = roster_firm_list (self->firm, request->actor, resource, &list, &total, &next, &error);
  if (page == NULL)
    {
      roster_server_respond_gerror (request->msg, error);
      return;
    }
  if (total < 0)
    total = token_total;

  envelope = json_object_new ();
  data = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (data, roster_fields_apply (fields, g_ptr_array_index (page, i)));
  json_object_set_array_member (envelope, "data", data);

  meta = json_object_new ();
  paging = json_object_new ();
  if (next.after_id > 0)
    {
      g_autofree char *token = roster_params_page_token (&list, &next, total,
                                                         roster_firm_get_page_key (self->firm));
      g_autofree char *url = next_page_url (self, request->msg, request->query, token);

      json_object_set_string_member (paging, "next", url);
    }
  json_object_set_object_member (meta, "paging", paging);
  json_object_set_int_member (meta, "records", total);
  json_object_set_object_member (envelope, "meta", meta);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, envelope);
  body = json_to_string (root, FALSE);

  /* A list's ETag is its content's: an unchanged page costs no transfer. */
  etag = content_etag (body, TRUE);
  if (not_modified (request->msg, etag, last_modified))
    return;

  roster_server_respond_json (request->msg, SOUP_STATUS_OK, body);
}

/* Records ------------------------------------------------------------------ */

static void
respond_record (RosterServer  *self,
                RosterRequest *request,
                JsonObject    *record)
{
  RosterResource resource = request->resource->resource;
  g_autoptr(RosterFields) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  JsonObject *envelope;

  fields = roster_fields_parse (resource, roster_query_get (request->query, "fields"), self->clio_only, &error);
  if (fields == NULL)
    {
      roster_server_respond_gerror (request->msg, error);
      return;
    }

  envelope = json_object_new ();
  json_object_set_object_member (envelope, "data", roster_fields_apply (fields, record));
  json_node_take_object (root, envelope);
  body = json_to_string (root, FALSE);

  /* The record's `etag` names its version, for If-Match; the answer's
   * ETag names these bytes, which depend on the fields asked for too. */
  etag = content_etag (body, FALSE);
  if (not_modified (request->msg, etag, record_last_modified (record)))
    return;

  roster_server_respond_json (request->msg, SOUP_STATUS_OK, body);
}

static void
handle_get (RosterServer  *self,
            RosterRequest *request,
            gint64         id)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!roster_params_check_only (request->query, record_params, &error) ||
      (record = roster_firm_get_record (self->firm, request->actor, request->resource->resource, id,
                                        &error)) == NULL)
    {
      roster_server_respond_gerror (request->msg, error);
      return;
    }

  respond_record (self, request, record);
}

void
roster_server_handle_record (RosterServer  *self,
                             RosterRequest *request)
{
  handle_get (self, request, request->id);
}

void
roster_server_handle_who_am_i (RosterServer  *self,
                               RosterRequest *request)
{
  handle_get (self, request, request->actor->id);
}

/* Roster's own ------------------------------------------------------------------ */

void
roster_server_handle_account (RosterServer  *self,
                              RosterRequest *request)
{
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *envelope;

  if (!roster_params_check_only (request->query, (const char *[]) { NULL }, &error) ||
      (account = roster_firm_account (self->firm, &error)) == NULL)
    {
      roster_server_respond_gerror (request->msg, error);
      return;
    }

  /* The account's etag covers all it shows (see roster_firm_account()). */
  if (not_modified (request->msg, json_object_get_string_member (account, "etag"), 0))
    return;

  envelope = json_object_new ();
  json_object_set_object_member (envelope, "data", g_steal_pointer (&account));
  roster_server_respond_object (request->msg, SOUP_STATUS_OK, envelope);
  json_object_unref (envelope);
}

void
roster_server_handle_extensions (RosterServer  *self,
                                 RosterRequest *request)
{
  static const char body[] =
    "{\"data\": {\"api\": \"roster\", \"version\": 1, \"extensions\": ["
    "\"users.deactivate\", \"users.activate\", \"users.reassign_work\", \"account\","
    " \"account.renewal_options\", \"account.closure\", \"notifications\", \"audit_events\","
    " \"deleted_records\", \"calendar_entries.include_hidden\", \"idempotency_keys\"]}}";

  roster_server_respond_json (request->msg, SOUP_STATUS_OK, body);
}
