/* fuzz-codecs.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "roster-account.h"
#include "roster-audit-event.h"
#include "roster-calendar-entry.h"
#include "roster-json.h"
#include "roster-json-reader.h"
#include "roster-matter.h"
#include "roster-notification.h"
#include "roster-task.h"
#include "roster-user.h"

/*
 * The client's JSON codecs, given whatever a server might answer: a page
 * ({"data": [...], "meta": ...}) or a record ({"data": {...}}). Each
 * record goes through every decoder; an error is a fine answer, a crash,
 * a leak or undefined behaviour is not.
 *
 * Roster reads JSON with its own reader (roster-json-reader.c): whatever
 * it takes, json-glib's parser must take too and read to the same tree.
 * The reader may refuse more (json-glib takes comments, for one).
 */

typedef gpointer (*Decoder) (JsonObject *object,
                             GError    **error);

static const Decoder decoders[] = {
  (Decoder) roster_user_new_from_json,
  (Decoder) roster_matter_new_from_json,
  (Decoder) roster_task_new_from_json,
  (Decoder) roster_calendar_entry_new_from_json,
  (Decoder) roster_account_new_from_json,
  (Decoder) roster_audit_event_new_from_json,
  (Decoder) roster_notification_new_from_json,
};

static void
decode_all (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer decoded = decoders[i](json_node_get_object (node), &error);

      g_assert ((decoded == NULL) != (error == NULL));
      g_clear_object (&decoded);
    }
}

static gboolean
same_tree (JsonNode *a,
           JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a);
        JsonObject *y = json_node_get_object (b);
        JsonObjectIter ours;
        JsonObjectIter theirs;
        const char *name;
        const char *their_name;
        JsonNode *member;
        JsonNode *their_member;

        /* The same names in the same order, with the same values. */
        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        json_object_iter_init_ordered (&ours, x);
        json_object_iter_init_ordered (&theirs, y);
        while (json_object_iter_next_ordered (&ours, &name, &member))
          if (!json_object_iter_next_ordered (&theirs, &their_name, &their_member) ||
              strcmp (name, their_name) != 0 || !same_tree (member, their_member))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!same_tree (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        {
          /* To the bit: -0.0 is not 0.0. */
          double x = json_node_get_double (a);
          double y = json_node_get_double (b);

          return memcmp (&x, &y, sizeof x) == 0;
        }
      return json_node_equal (a, b);

    case JSON_NODE_NULL:
      return TRUE;
    }

  return FALSE;
}

static void
compare_with_json_glib (const char *data,
                        gsize       size,
                        JsonNode   *ours)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, data, size, &error))
    g_error ("Roster's reader took what json-glib refuses (%s): %.*s", error->message, (int) MIN (size, 200), data);
  if (!same_tree (ours, json_parser_get_root (parser)))
    g_error ("Roster's reader and json-glib read differently: %.*s", (int) MIN (size, 200), data);
}

/* A checked list read record by record, as the sync reads it; %NULL with
 * no error if the value there is not a list. */
static JsonNode *
read_list (const char           *data,
           gsize                 size,
           const RosterJsonSpan *span,
           GError              **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(RosterJsonListReader) reader = roster_json_list_reader_new (bytes, span, 1, ROSTER_JSON_MAX_DEPTH);
  g_autoptr(JsonArray) array = json_array_new ();

  if (reader == NULL)
    return NULL;

  for (;;)
    {
      JsonNode *element;

      if (!roster_json_list_reader_next (reader, &element, error))
        return NULL;
      if (element == NULL)
        break;
      json_array_add_element (array, element);
    }

  return json_node_init_array (json_node_alloc (), array);
}

/* A page read in two steps, as the sync reads it (its frame, then its
 * list), is the page read at once, or refused as it is. */
static void
compare_in_two_steps (const char   *data,
                      gsize         size,
                      JsonNode     *whole,
                      const GError *whole_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) list = NULL;
  RosterJsonSpan span;

  frame = roster_json_read_deferring (data, size, ROSTER_JSON_MAX_DEPTH, "data", &span, &error);
  /* The sync reads a list record by record, and refuses a page whose
   * "data" is not a list. */
  if (frame != NULL && span.length > 0)
    {
      list = read_list (data, size, &span, &error);
      if (list == NULL && error == NULL)
        return;
    }

  /* A name given twice in the list is seen only when the list is read:
   * what else is wrong after it is said first then. */
  if (whole == NULL)
    {
      if (error == NULL ||
          (strcmp (error->message, whole_error->message) != 0 && strstr (whole_error->message, "named twice") == NULL))
        g_error ("Read in two steps, “%s”; at once, “%s”: %.*s", error ? error->message : "no error",
                 whole_error->message, (int) MIN (size, 200), data);
      return;
    }

  if (error != NULL)
    g_error ("Read in two steps, “%s”; at once, no error: %.*s", error->message, (int) MIN (size, 200), data);

  /* The frame is the whole without its list, in the same order. */
  if (list != NULL)
    {
      JsonObject *rest = json_object_new ();
      g_autoptr(JsonNode) rest_node = json_node_init_object (json_node_alloc (), rest);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (!same_tree (list, json_object_get_member (json_node_get_object (whole), "data")))
        g_error ("The list read in two steps and at once differently: %.*s", (int) MIN (size, 200), data);
      json_object_iter_init_ordered (&iter, json_node_get_object (whole));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        if (strcmp (name, "data") != 0)
          json_object_set_member (rest, name, json_node_ref (member));
      json_object_unref (rest);
      if (!same_tree (frame, rest_node))
        g_error ("The frame read in two steps and at once differently: %.*s", (int) MIN (size, 200), data);
    }
  else if (!same_tree (frame, whole))
    g_error ("Read in two steps and at once differently: %.*s", (int) MIN (size, 200), data);
}

static void
fuzz_one (const char *data,
          gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = roster_json_parse (data, size, &error);
  JsonNode *records;

  compare_in_two_steps (data, size, root, error);
  if (root == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  compare_with_json_glib (data, size, root);

  (void) roster_json_page_next (root);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;

  records = json_object_get_member (json_node_get_object (root), "data");
  if (records != NULL && JSON_NODE_HOLDS_ARRAY (records))
    {
      JsonArray *array = json_node_get_array (records);

      for (guint i = 0; i < json_array_get_length (array); i++)
        decode_all (json_array_get_element (array, i));
    }
  else
    decode_all (records);
}

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char warm_up[] = "{\"data\": [{\"id\": 1, \"name\": \"A\"}], \"meta\": {\"paging\": {}}}";

  /* Types registered once, before the leak checker counts. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  fuzz_one (warm_up, sizeof warm_up - 1);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_one ((const char *) data, size);
  return 0;
}
