/* roster-sync-extras.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-sync"

#include "config.h"
#include <string.h>
#include "roster-api.h"
#include "roster-json.h"
#include "roster-rules.h"
#include "roster-store.h"
#include "roster-sync-private.h"

/*
 * What a sync reads besides the collections: who is signed in, the
 * account, tombstones, whether the server has Roster's extensions, and
 * what the signed-in user may not read.
 */
gboolean
roster_sync_signed_in_user_manages (RosterStore *store)
{
  g_autofree char *me = roster_store_get_info (store, "me");
  g_autoptr(RosterUser) user = NULL;
  gint64 id = me ? g_ascii_strtoll (me, NULL, 10) : 0;

  if (id <= 0 || (user = roster_store_get_user (store, id, NULL)) == NULL)
    return TRUE;

  return roster_rules_may_change_account_settings (roster_user_get_account_owner (user),
                                                   roster_user_get_admin (user));
}

static gboolean
write_not_available (RosterStore *store,
                     GPtrArray   *not_available,
                     GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* In the collections' order, whatever the order they were settled in. */
  for (guint i = 0; i < roster_sync_n_collections; i++)
    {
      if (roster_sync_collections[i].withheld == NULL ||
          !g_ptr_array_find_with_equal_func (not_available, roster_sync_collections[i].withheld, g_str_equal, NULL))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, roster_sync_collections[i].withheld);
    }

  /* The column holds no NULL: empty says everything is available. */
  return roster_store_set_info (store, NOT_AVAILABLE_KEY, text->str, error);
}

/* Records whether @collection's withheld part is available to the user,
 * when that changed. A walk of the other kind starts again from the
 * beginning: its cursor and its since were the other kind's, and they
 * would neither bring what now is readable (a new administrator's hidden
 * entries) nor be accepted (an old one's include_hidden). The cursor is
 * reset before the record is written, so that a sync stopped between the
 * two does it again. */
gboolean
roster_sync_settle_availability (RosterStore      *store,
                                 const Collection *collection,
                                 gboolean          withheld,
                                 GPtrArray        *not_available,
                                 GError          **error)
{
  guint index = 0;
  gboolean was_withheld = g_ptr_array_find_with_equal_func (not_available, collection->withheld, g_str_equal, &index);

  if (was_withheld == withheld)
    return TRUE;

  g_debug ("%s: %s to the signed-in user", collection->withheld, withheld ? "not available" : "available");
  if (withheld)
    g_ptr_array_add (not_available, g_strdup (collection->withheld));
  else
    g_ptr_array_remove_index (not_available, index);

  return roster_store_set_sync_state (store, collection->name, NULL, NULL, NULL, error) &&
         write_not_available (store, not_available, error);
}

/* Records kept aside as unreadable are asked for again after each walk of
 * their collection, a hundred at a time with ids[] (a calendar entry whose
 * id is not a number, which ids[] cannot name, by its own path): one that
 * reads now (the server mended it) is cached and no longer unreadable. One
 * the server no longer lists is left to the tombstones. */
/* The account (plan, licenses, renewal), when the server has changed it. */
gboolean
roster_sync_fetch_account (RosterApi    *api,
                           RosterStore  *store,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autofree char *etag = roster_store_get_account_etag (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean not_modified = FALSE;
  JsonNode *data;

  root = roster_api_get_if_changed (api, "/account.json", etag, NULL, NULL, &not_modified, cancellable, &local_error);
  if (not_modified)
    return TRUE;
  if (root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  data = json_object_get_member (json_node_get_object (root), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data",
                             "GET /api/v4/account.json: the account has no object “data”");
      return FALSE;
    }

  if (!roster_store_begin (store, error))
    return FALSE;
  if (!roster_store_put_account (store, json_node_get_object (data), &local_error) ||
      !roster_store_commit (store, &local_error))
    {
      roster_store_rollback (store);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "GET /api/v4/account.json: the account: ");
      return FALSE;
    }

  return TRUE;
}

/* Who is signed in, once: a cache belongs to one user of one server. */
gboolean
roster_sync_fetch_me (RosterApi    *api,
                      RosterStore  *store,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autofree char *known = roster_store_get_info (store, "me");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonNode *data;
  gint64 id;

  if (known != NULL)
    return TRUE;

  root = roster_api_get (api, "/users/who_am_i.json?fields=id", NULL, cancellable, error);
  if (root == NULL)
    {
      if (error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
        g_prefix_error (error, "GET /api/v4/users/who_am_i.json: ");
      return FALSE;
    }

  data = json_object_get_member (json_node_get_object (root), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "data",
                             "GET /api/v4/users/who_am_i.json: the answer has no object “data”");
      return FALSE;
    }
  if (!roster_json_get_id (json_node_get_object (data), "id", &id, error))
    {
      g_prefix_error (error, "GET /api/v4/users/who_am_i.json: the signed-in user: ");
      return FALSE;
    }

  text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return roster_store_set_info (store, "me", text, error);
}

gboolean
roster_sync_fetch_tombstones (RosterApi    *api,
                              RosterStore  *store,
                              GCancellable *cancellable,
                              GError      **error)
{
  g_autofree char *since = NULL;
  g_autofree char *stored_next = NULL;
  g_autofree char *url = NULL;
  gboolean resuming;

  if (!roster_store_get_sync_state (store, "deleted_records", &stored_next, &since, NULL, error))
    return FALSE;

  resuming = stored_next != NULL;
  if (resuming)
    url = g_steal_pointer (&stored_next);
  else
    {
      g_autofree char *escaped = g_uri_escape_string (since ? since : "1970-01-01T00:00:00Z", NULL, FALSE);

      url = g_strdup_printf ("/deleted_records.json?fields=id,resource,record_id&limit=200&since=%s", escaped);
    }

  while (url != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *date = NULL;
      JsonArray *data;
      const char *next;
      gint64 records;

      PageRequest request;

      roster_sync_page_request_init (&request, url);
      root = roster_api_get (api, url, &date, cancellable, error);
      if (root == NULL && error != NULL && g_error_matches (*error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED))
        g_prefix_error (error, "%s %s: ", request.method, request.path);
      if (root == NULL || !roster_sync_read_page (root, &request, &data, &next, &records, error))
        {
          roster_sync_page_request_clear (&request);
          return FALSE;
        }

      if (!resuming)
        {
          g_autofree char *walk_start = roster_sync_since_from_date (date);

          if (walk_start != NULL)
            {
              g_free (since);
              since = g_steal_pointer (&walk_start);
            }
          resuming = TRUE;
        }

      if (!roster_store_begin (store, error))
        {
          roster_sync_page_request_clear (&request);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonNode *element = json_array_get_element (data, i);
          g_autofree char *resource = NULL;
          g_autofree char *record_id = NULL;
          g_autoptr(GError) problem = NULL;
          g_autofree char *tombstone_id = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            roster_json_set_error (&problem, ROSTER_JSON_ERROR_WRONG_TYPE, NULL, "The tombstone is not an object");
          else if (roster_json_get_string (json_node_get_object (element), "resource", FALSE, &resource, &problem) &&
                   roster_json_get_id_string (json_node_get_object (element), "record_id", &record_id, &problem))
            {
              if (!roster_store_delete_record_by_id_string (store, resource, record_id, error))
                {
                  roster_store_rollback (store);
                  roster_sync_page_request_clear (&request);
                  return FALSE;
                }
              continue;
            }

          /* A tombstone that cannot be read is kept aside like a record. */
          if (JSON_NODE_HOLDS_OBJECT (element))
            roster_json_get_id_string (json_node_get_object (element), "id", &tombstone_id, NULL);
          if (!roster_store_put_unreadable (store, "deleted_records", tombstone_id, element,
                                            roster_json_error_get_member (problem), problem->message,
                                            request.method, request.path, error))
            {
              roster_store_rollback (store);
              roster_sync_page_request_clear (&request);
              return FALSE;
            }
        }
      roster_sync_page_request_clear (&request);
      if (!roster_store_set_sync_state (store, "deleted_records", next, since, NULL, error) ||
          !roster_store_commit (store, error))
        {
          roster_store_rollback (store);
          return FALSE;
        }

      g_free (url);
      url = g_strdup (next);
    }

  return TRUE;
}

/* A server that answers extensions.json is a Roster server; Clio's answers 404. */
gboolean
roster_sync_probe_extensions (RosterApi    *api,
                              gboolean     *extensions,
                              GCancellable *cancellable,
                              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = roster_api_get (api, "/extensions.json", NULL, cancellable, &local_error);

  if (root != NULL)
    {
      *extensions = TRUE;
      return TRUE;
    }

  if (g_error_matches (local_error, ROSTER_API_ERROR, ROSTER_API_ERROR_REFUSED) &&
      g_strcmp0 (roster_api_error_get_refusal (local_error), "unauthorized") != 0)
    {
      *extensions = FALSE;
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * roster_sync_dup_not_available:
 * @store: the cache a sync fills
 *
 * What the last sync did not ask for because the signed-in user may not
 * read it, which is not a failure: "calendar_entries.hidden" (the
 * calendar entries of deactivated users) and "audit_events" (the audit
 * log), those of the primary subscriber and administrators alone.
 *
 * A user who managed the firm at an earlier sync and no longer does keeps
 * the hidden entries cached then, until the server deletes them.
 *
 * Returns: (transfer full): the names, empty when the user may read
 *   everything the server offers
 */
GStrv
roster_sync_dup_not_available (RosterStore *store)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  text = roster_store_get_info (store, NOT_AVAILABLE_KEY);
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, ",", -1);
}
