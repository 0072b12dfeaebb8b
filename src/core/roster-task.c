/* roster-task.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-task"

#include "config.h"

#include "roster-json.h"
#include "roster-matter.h"
#include "roster-task.h"

/* A task, its assignee, its due date and its matter. Immutable: a change on the server is a new object. */

struct _RosterTask
{
  GObject  parent_instance;

  gint64   id;
  char    *etag;
  char    *name;
  char    *status;
  char    *due_at;
  gint64   assignee_id;
  char    *assignee_type;
  gint64   matter_id;
  char    *closed_matter_number;  /* its matter's, when the task says it is closed */
  char    *updated_at;
};

G_DEFINE_FINAL_TYPE (RosterTask, roster_task, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ETAG,
  PROP_NAME,
  PROP_STATUS,
  PROP_DUE_AT,
  PROP_ASSIGNEE_ID,
  PROP_ASSIGNEE_TYPE,
  PROP_MATTER_ID,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_task_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RosterTask *self = ROSTER_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_DUE_AT:
      g_value_set_string (value, self->due_at);
      break;

    case PROP_ASSIGNEE_ID:
      g_value_set_int64 (value, self->assignee_id);
      break;

    case PROP_ASSIGNEE_TYPE:
      g_value_set_string (value, self->assignee_type);
      break;

    case PROP_MATTER_ID:
      g_value_set_int64 (value, self->matter_id);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_task_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RosterTask *self = ROSTER_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_STATUS:
      self->status = g_value_dup_string (value);
      break;

    case PROP_DUE_AT:
      self->due_at = g_value_dup_string (value);
      break;

    case PROP_ASSIGNEE_ID:
      self->assignee_id = g_value_get_int64 (value);
      break;

    case PROP_ASSIGNEE_TYPE:
      self->assignee_type = g_value_dup_string (value);
      break;

    case PROP_MATTER_ID:
      self->matter_id = g_value_get_int64 (value);
      break;

    case PROP_UPDATED_AT:
      self->updated_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_task_finalize (GObject *object)
{
  RosterTask *self = ROSTER_TASK (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->due_at, g_free);
  g_clear_pointer (&self->assignee_type, g_free);
  g_clear_pointer (&self->closed_matter_number, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (roster_task_parent_class)->finalize (object);
}

static void
roster_task_class_init (RosterTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_task_get_property;
  object_class->set_property = roster_task_set_property;
  object_class->finalize = roster_task_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_DUE_AT] =
    g_param_spec_string ("due-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ASSIGNEE_ID] =
    g_param_spec_int64 ("assignee-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ASSIGNEE_TYPE] =
    g_param_spec_string ("assignee-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_MATTER_ID] =
    g_param_spec_int64 ("matter-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_task_init (RosterTask *self)
{
}

/* Whom the task is assigned to: a participant, which Clio's description
 * says is a User or a contact (Person, Company). Only a User's task is a
 * user's: a contact's task with the id 1 is not user 1's. The type is read
 * on every record, never assumed. */
static gboolean
read_assignee (JsonObject *object,
               gint64     *user_id,
               char      **type,
               GError    **error)
{
  JsonNode *node = json_object_get_member (object, "assignee");
  JsonObject *assignee;
  gint64 id;

  *user_id = 0;
  *type = NULL;
  if (node == NULL)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "assignee", "The member “assignee” is missing");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "assignee",
                             "The member “assignee” is not a record or null");
      return FALSE;
    }

  assignee = json_node_get_object (node);
  if (!roster_json_get_id (assignee, "id", &id, error) ||
      !roster_json_get_string (assignee, "type", TRUE, type, error))
    {
      roster_json_error_nest (error, "assignee");
      return FALSE;
    }

  if (g_strcmp0 (*type, "User") == 0)
    *user_id = id;

  return TRUE;
}

/**
 * roster_task_new_from_json:
 * @object: the record, as the API writes it, with `assignee{id,type}`
 *
 * Null is no name, no status, no due date, no assignee, no matter.
 *
 * Returns: (transfer full): the task, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterTask *
roster_task_new_from_json (JsonObject *object,
                           GError    **error)
{
  g_autoptr(RosterTask) self = g_object_new (ROSTER_TYPE_TASK, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id (object, "id", &self->id, error) ||
      !roster_json_get_text (object, "etag", &self->etag, error) ||
      !roster_json_get_text (object, "name", &self->name, error) ||
      !roster_json_get_text (object, "status", &self->status, error) ||
      !roster_json_get_date (object, "due_at", &self->due_at, error) ||
      !read_assignee (object, &self->assignee_id, &self->assignee_type, error) ||
      !roster_json_get_nested_id (object, "matter", &self->matter_id, error) ||
      !roster_matter_read_closed_number (object, "matter", &self->closed_matter_number, error) ||
      !roster_json_get_time (object, "updated_at", TRUE, &self->updated_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
roster_task_get_id (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), 0);

  return self->id;
}

const char *
roster_task_get_etag (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->etag;
}

const char *
roster_task_get_name (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->name;
}

const char *
roster_task_get_status (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->status;
}

const char *
roster_task_get_due_at (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->due_at;
}

/**
 * roster_task_get_assignee_id:
 *
 * Returns: the user the task is assigned to, or 0 when it is assigned to
 *   no user (to nobody, or to a contact)
 */
gint64
roster_task_get_assignee_id (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), 0);

  return self->assignee_id;
}

/**
 * roster_task_get_assignee_type:
 *
 * Returns: (nullable): the assignee's type as the server wrote it ("User",
 *   "Person", "Company"), or %NULL when the task is assigned to nobody
 */
const char *
roster_task_get_assignee_type (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->assignee_type;
}

gint64
roster_task_get_matter_id (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), 0);

  return self->matter_id;
}

const char *
roster_task_get_updated_at (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->updated_at;
}

/**
 * roster_task_get_closed_matter_number:
 *
 * Returns: (nullable): the number of the task's matter when the task says
 *   the matter is closed (roster_matter_read_closed_number())
 */
const char *
roster_task_get_closed_matter_number (RosterTask *self)
{
  g_return_val_if_fail (ROSTER_IS_TASK (self), NULL);

  return self->closed_matter_number;
}
