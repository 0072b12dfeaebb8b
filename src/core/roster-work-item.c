/* roster-work-item.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-json.h"
#include "roster-work-item.h"

/*
 * One item of a user's work as a list shows it: a matter, a task or a
 * calendar entry, with the matter it belongs to and, in a reassignment's
 * preview, whether it moves or why it stays. Read-only: the store makes
 * them from the cache.
 */

struct _RosterWorkItem
{
  GObject         parent_instance;

  RosterWorkKind  kind;
  gint64          id;
  char           *id_string;     /* the id as the server writes it */
  char           *title;         /* a matter's number and description, a task's name, an event's summary */
  char           *status;        /* a matter's or a task's */
  char           *date;          /* a task's due date, an event's start, a matter's opening */
  gint64          matter_id;
  char           *matter_number;
  RosterVerdict   verdict;
  gboolean        all_day;       /* an event for a whole day */
};

G_DEFINE_FINAL_TYPE (RosterWorkItem, roster_work_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_ID_STRING,
  PROP_TITLE,
  PROP_STATUS,
  PROP_DATE,
  PROP_MATTER_ID,
  PROP_MATTER_NUMBER,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_work_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RosterWorkItem *self = ROSTER_WORK_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ID_STRING:
      g_value_set_string (value, self->id_string);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_MATTER_ID:
      g_value_set_int64 (value, self->matter_id);
      break;
    case PROP_MATTER_NUMBER:
      g_value_set_string (value, self->matter_number);
      break;
    case PROP_VERDICT:
      g_value_set_int (value, self->verdict);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_work_item_finalize (GObject *object)
{
  RosterWorkItem *self = ROSTER_WORK_ITEM (object);

  g_free (self->id_string);
  g_free (self->title);
  g_free (self->status);
  g_free (self->date);
  g_free (self->matter_number);

  G_OBJECT_CLASS (roster_work_item_parent_class)->finalize (object);
}

static void
roster_work_item_class_init (RosterWorkItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = roster_work_item_get_property;
  object_class->finalize = roster_work_item_finalize;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, ROSTER_WORK_MATTER, ROSTER_WORK_EVENT,
                                            ROSTER_WORK_MATTER, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ID_STRING] = g_param_spec_string ("id-string", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_MATTER_ID] = g_param_spec_int64 ("matter-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MATTER_NUMBER] = g_param_spec_string ("matter-number", NULL, NULL, NULL, flags);
  properties[PROP_VERDICT] = g_param_spec_int ("verdict", NULL, NULL, ROSTER_VERDICT_MOVES, ROSTER_VERDICT_PAST_EVENT,
                                               ROSTER_VERDICT_MOVES, flags | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_work_item_init (RosterWorkItem *self)
{
}

RosterWorkItem *
roster_work_item_new (RosterWorkKind kind,
                      gint64         id,
                      const char    *title,
                      const char    *status,
                      const char    *date,
                      gint64         matter_id,
                      const char    *matter_number)
{
  g_autofree char *id_string = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return roster_work_item_new_with_id_string (kind, id_string, title, status, date, matter_id, matter_number);
}

/**
 * roster_work_item_new_with_id_string:
 * @id: the item's id as the server writes it: a calendar entry's may be any
 *   text
 */
RosterWorkItem *
roster_work_item_new_with_id_string (RosterWorkKind kind,
                                     const char    *id,
                                     const char    *title,
                                     const char    *status,
                                     const char    *date,
                                     gint64         matter_id,
                                     const char    *matter_number)
{
  RosterWorkItem *self = g_object_new (ROSTER_TYPE_WORK_ITEM, NULL);

  self->kind = kind;
  self->id = roster_json_id_number (id);
  self->id_string = g_strdup (id);
  self->title = g_strdup (title);
  self->status = g_strdup (status);
  self->date = g_strdup (date);
  self->matter_id = matter_id;
  self->matter_number = g_strdup (matter_number);

  return self;
}

RosterWorkKind
roster_work_item_get_kind (RosterWorkItem *self)
{
  return self->kind;
}

/**
 * roster_work_item_get_kind_code:
 *
 * Returns: "matter", "task" or "calendar_entry", as scripts read it
 */
const char *
roster_work_item_get_kind_code (RosterWorkItem *self)
{
  static const char *const codes[] = { "matter", "task", "calendar_entry" };

  return codes[self->kind];
}

/**
 * roster_work_item_get_id:
 *
 * Returns: the item's id as a number, or 0 for a calendar entry whose id is
 *   not one: see roster_work_item_get_id_string()
 */
gint64
roster_work_item_get_id (RosterWorkItem *self)
{
  return self->id;
}

/**
 * roster_work_item_get_id_string:
 *
 * Returns: the item's id as the server writes it ("31", or any text for a
 *   calendar entry)
 */
const char *
roster_work_item_get_id_string (RosterWorkItem *self)
{
  return self->id_string;
}

const char *
roster_work_item_get_title (RosterWorkItem *self)
{
  return self->title;
}

const char *
roster_work_item_get_status (RosterWorkItem *self)
{
  return self->status;
}

const char *
roster_work_item_get_date (RosterWorkItem *self)
{
  return self->date;
}

gint64
roster_work_item_get_matter_id (RosterWorkItem *self)
{
  return self->matter_id;
}

const char *
roster_work_item_get_matter_number (RosterWorkItem *self)
{
  return self->matter_number;
}

/**
 * roster_work_item_get_all_day:
 *
 * Returns: whether the item is an event for a whole day: its date is a day,
 *   not a time
 */
gboolean
roster_work_item_get_all_day (RosterWorkItem *self)
{
  return self->all_day;
}

void
roster_work_item_set_all_day (RosterWorkItem *self,
                              gboolean        all_day)
{
  self->all_day = !!all_day;
}

RosterVerdict
roster_work_item_get_verdict (RosterWorkItem *self)
{
  return self->verdict;
}

void
roster_work_item_set_verdict (RosterWorkItem *self,
                              RosterVerdict   verdict)
{
  if (self->verdict == verdict)
    return;

  self->verdict = verdict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}
