/* fuzz-codecs.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>

#include "roster-account.h"
#include "roster-audit-event.h"
#include "roster-calendar-entry.h"
#include "roster-json.h"
#include "roster-matter.h"
#include "roster-notification.h"
#include "roster-task.h"
#include "roster-user.h"

/*
 * The client's JSON codecs, given whatever a server might answer: a page
 * ({"data": [...], "meta": ...}) or a record ({"data": {...}}). Each
 * record goes through every decoder; an error is a fine answer, a crash,
 * a leak or undefined behaviour is not.
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

static void
fuzz_one (const char *data,
          gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = roster_json_parse (data, size, &error);
  JsonNode *records;

  if (root == NULL)
    {
      g_assert_nonnull (error);
      return;
    }

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
