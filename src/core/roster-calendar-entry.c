/* roster-calendar-entry.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-calendar-entry"

#include "config.h"

#include "roster-json.h"
#include "roster-calendar-entry.h"
#include "roster-matter.h"

/* A calendar entry: whose calendar it is on, its attendees, its matter. Immutable: a change on the server is a new object. */

struct _RosterCalendarEntry
{
  GObject   parent_instance;

  gint64    id;
  char     *id_string;
  char     *etag;
  char     *summary;
  char     *start_at;
  char     *end_at;
  gint64    calendar_owner_id;
  gint64    matter_id;
  char     *closed_matter_number;  /* its matter's, when the entry says it is closed */
  gboolean  hidden;
  gboolean  all_day;   /* a day, not a time: its start is that day's midnight */
  char    **attendee_calendar_ids;
  char     *updated_at;
};

G_DEFINE_FINAL_TYPE (RosterCalendarEntry, roster_calendar_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ID_STRING,
  PROP_ETAG,
  PROP_SUMMARY,
  PROP_START_AT,
  PROP_END_AT,
  PROP_CALENDAR_OWNER_ID,
  PROP_MATTER_ID,
  PROP_HIDDEN,
  PROP_ATTENDEE_CALENDAR_IDS,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_calendar_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RosterCalendarEntry *self = ROSTER_CALENDAR_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ID_STRING:
      g_value_set_string (value, self->id_string);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_START_AT:
      g_value_set_string (value, self->start_at);
      break;

    case PROP_END_AT:
      g_value_set_string (value, self->end_at);
      break;

    case PROP_CALENDAR_OWNER_ID:
      g_value_set_int64 (value, self->calendar_owner_id);
      break;

    case PROP_MATTER_ID:
      g_value_set_int64 (value, self->matter_id);
      break;

    case PROP_HIDDEN:
      g_value_set_boolean (value, self->hidden);
      break;

    case PROP_ATTENDEE_CALENDAR_IDS:
      g_value_set_boxed (value, self->attendee_calendar_ids);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_calendar_entry_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RosterCalendarEntry *self = ROSTER_CALENDAR_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ID_STRING:
      self->id_string = g_value_dup_string (value);
      break;

    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_SUMMARY:
      self->summary = g_value_dup_string (value);
      break;

    case PROP_START_AT:
      self->start_at = g_value_dup_string (value);
      break;

    case PROP_END_AT:
      self->end_at = g_value_dup_string (value);
      break;

    case PROP_CALENDAR_OWNER_ID:
      self->calendar_owner_id = g_value_get_int64 (value);
      break;

    case PROP_MATTER_ID:
      self->matter_id = g_value_get_int64 (value);
      break;

    case PROP_HIDDEN:
      self->hidden = g_value_get_boolean (value);
      break;

    case PROP_ATTENDEE_CALENDAR_IDS:
      self->attendee_calendar_ids = g_value_dup_boxed (value);
      break;

    case PROP_UPDATED_AT:
      self->updated_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_calendar_entry_finalize (GObject *object)
{
  RosterCalendarEntry *self = ROSTER_CALENDAR_ENTRY (object);

  g_clear_pointer (&self->id_string, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->start_at, g_free);
  g_clear_pointer (&self->end_at, g_free);
  g_clear_pointer (&self->attendee_calendar_ids, g_strfreev);
  g_clear_pointer (&self->closed_matter_number, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (roster_calendar_entry_parent_class)->finalize (object);
}

static void
roster_calendar_entry_class_init (RosterCalendarEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_calendar_entry_get_property;
  object_class->set_property = roster_calendar_entry_set_property;
  object_class->finalize = roster_calendar_entry_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ID_STRING] =
    g_param_spec_string ("id-string", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_START_AT] =
    g_param_spec_string ("start-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_END_AT] =
    g_param_spec_string ("end-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CALENDAR_OWNER_ID] =
    g_param_spec_int64 ("calendar-owner-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_MATTER_ID] =
    g_param_spec_int64 ("matter-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ATTENDEE_CALENDAR_IDS] =
    g_param_spec_boxed ("attendee-calendar-ids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_calendar_entry_init (RosterCalendarEntry *self)
{
}

/* The calendars of the entry's attendees, as ids written in decimal. An
 * attendee is a calendar (a firm user's) or a contact; contacts are left
 * out. Null is no attendees. */
static gboolean
read_attendees (JsonObject *object,
                char     ***ids,
                GError    **error)
{
  JsonNode *node = json_object_get_member (object, "attendees");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *attendees;

  if (node == NULL)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "attendees", "The member “attendees” is missing");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *ids = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "attendees", "The member “attendees” is not a list");
      return FALSE;
    }

  attendees = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (attendees); i++)
    {
      JsonNode *attendee = json_array_get_element (attendees, i);
      g_autofree char *type = NULL;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (attendee))
        {
          roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "attendees",
                                 "The member “attendees” holds an attendee that is not a record");
          return FALSE;
        }
      if (!roster_json_get_id (json_node_get_object (attendee), "id", &id, error) ||
          !roster_json_get_string (json_node_get_object (attendee), "type", TRUE, &type, error))
        {
          roster_json_error_nest (error, "attendees");
          return FALSE;
        }
      /* Contacts attend too; only calendars (firm users) matter here. An
       * attendee of no stated type is taken for a calendar, as Roster's
       * server once wrote them. */
      if (type == NULL || g_str_equal (type, "Calendar"))
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          g_strv_builder_add (builder, text);
        }
    }

  *ids = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * roster_calendar_entry_new_from_json:
 * @object: the record, as the API writes it
 *
 * Reads a calendar entry. Its id is a string in Clio's description: any
 * string is kept as it is. Its times, with whatever offset the server
 * wrote, become instants in UTC. Null is no summary, no start or end, no
 * calendar, no matter, no attendees.
 *
 * Returns: (transfer full): the calendar entry, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterCalendarEntry *
roster_calendar_entry_new_from_json (JsonObject *object,
                                     GError    **error)
{
  g_autoptr(RosterCalendarEntry) self = g_object_new (ROSTER_TYPE_CALENDAR_ENTRY, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id_string (object, "id", &self->id_string, error) ||
      !roster_json_get_text (object, "etag", &self->etag, error) ||
      !roster_json_get_text (object, "summary", &self->summary, error) ||
      !roster_json_get_time (object, "start_at", TRUE, &self->start_at, error) ||
      !roster_json_get_time (object, "end_at", TRUE, &self->end_at, error) ||
      !roster_json_get_optional_id (object, "calendar_owner_id", &self->calendar_owner_id, error) ||
      !roster_json_get_nested_id (object, "matter", &self->matter_id, error) ||
      !roster_matter_read_closed_number (object, "matter", &self->closed_matter_number, error) ||
      !roster_json_get_boolean (object, "hidden", TRUE, &self->hidden, error) ||
      !roster_json_get_boolean (object, "all_day", TRUE, &self->all_day, error) ||
      !read_attendees (object, &self->attendee_calendar_ids, error) ||
      !roster_json_get_time (object, "updated_at", TRUE, &self->updated_at, error))
    return NULL;

  self->id = roster_json_id_number (self->id_string);

  return g_steal_pointer (&self);
}

/**
 * roster_calendar_entry_get_id:
 *
 * Returns: the entry's id as a number when the server wrote it as one
 *   (digits), else 0: see roster_calendar_entry_get_id_string()
 */
gint64
roster_calendar_entry_get_id (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), 0);

  return self->id;
}

/**
 * roster_calendar_entry_get_id_string:
 *
 * Returns: the entry's id as the server wrote it, which Clio's description
 *   types as a string: "31", or any other text
 */
const char *
roster_calendar_entry_get_id_string (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->id_string;
}

const char *
roster_calendar_entry_get_etag (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->etag;
}

const char *
roster_calendar_entry_get_summary (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->summary;
}

const char *
roster_calendar_entry_get_start_at (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->start_at;
}

const char *
roster_calendar_entry_get_end_at (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->end_at;
}

gint64
roster_calendar_entry_get_calendar_owner_id (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), 0);

  return self->calendar_owner_id;
}

gint64
roster_calendar_entry_get_matter_id (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), 0);

  return self->matter_id;
}

/**
 * roster_calendar_entry_get_all_day:
 *
 * Returns: whether the entry is for a whole day, with no time of its own
 */
gboolean
roster_calendar_entry_get_all_day (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), FALSE);

  return self->all_day;
}

gboolean
roster_calendar_entry_get_hidden (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), 0);

  return self->hidden;
}

const char * const *
roster_calendar_entry_get_attendee_calendar_ids (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return (const char *const *) self->attendee_calendar_ids;
}

const char *
roster_calendar_entry_get_updated_at (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->updated_at;
}

/**
 * roster_calendar_entry_get_closed_matter_number:
 *
 * Returns: (nullable): the number of the entry's matter when the entry
 *   says the matter is closed (roster_matter_read_closed_number())
 */
const char *
roster_calendar_entry_get_closed_matter_number (RosterCalendarEntry *self)
{
  g_return_val_if_fail (ROSTER_IS_CALENDAR_ENTRY (self), NULL);

  return self->closed_matter_number;
}
