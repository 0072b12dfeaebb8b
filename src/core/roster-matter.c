/* roster-matter.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-matter"

#include "config.h"

#include "roster-json.h"
#include "roster-matter.h"
#include "roster-rules.h"

/* A matter: its status, responsible attorney and permission. Immutable: a change on the server is a new object. */

struct _RosterMatter
{
  GObject   parent_instance;

  gint64    id;
  char     *etag;
  char     *display_number;
  char     *description;
  char     *status;
  gint64    responsible_attorney_id;
  gboolean  is_private;
  char     *open_date;
  char     *close_date;
  char     *updated_at;
};

G_DEFINE_FINAL_TYPE (RosterMatter, roster_matter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ETAG,
  PROP_DISPLAY_NUMBER,
  PROP_DESCRIPTION,
  PROP_STATUS,
  PROP_RESPONSIBLE_ATTORNEY_ID,
  PROP_IS_PRIVATE,
  PROP_OPEN_DATE,
  PROP_CLOSE_DATE,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_matter_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RosterMatter *self = ROSTER_MATTER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_DISPLAY_NUMBER:
      g_value_set_string (value, self->display_number);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_RESPONSIBLE_ATTORNEY_ID:
      g_value_set_int64 (value, self->responsible_attorney_id);
      break;

    case PROP_IS_PRIVATE:
      g_value_set_boolean (value, self->is_private);
      break;

    case PROP_OPEN_DATE:
      g_value_set_string (value, self->open_date);
      break;

    case PROP_CLOSE_DATE:
      g_value_set_string (value, self->close_date);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_matter_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RosterMatter *self = ROSTER_MATTER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NUMBER:
      self->display_number = g_value_dup_string (value);
      break;

    case PROP_DESCRIPTION:
      self->description = g_value_dup_string (value);
      break;

    case PROP_STATUS:
      self->status = g_value_dup_string (value);
      break;

    case PROP_RESPONSIBLE_ATTORNEY_ID:
      self->responsible_attorney_id = g_value_get_int64 (value);
      break;

    case PROP_IS_PRIVATE:
      self->is_private = g_value_get_boolean (value);
      break;

    case PROP_OPEN_DATE:
      self->open_date = g_value_dup_string (value);
      break;

    case PROP_CLOSE_DATE:
      self->close_date = g_value_dup_string (value);
      break;

    case PROP_UPDATED_AT:
      self->updated_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_matter_finalize (GObject *object)
{
  RosterMatter *self = ROSTER_MATTER (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->display_number, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->open_date, g_free);
  g_clear_pointer (&self->close_date, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (roster_matter_parent_class)->finalize (object);
}

static void
roster_matter_class_init (RosterMatterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_matter_get_property;
  object_class->set_property = roster_matter_set_property;
  object_class->finalize = roster_matter_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_DISPLAY_NUMBER] =
    g_param_spec_string ("display-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RESPONSIBLE_ATTORNEY_ID] =
    g_param_spec_int64 ("responsible-attorney-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_IS_PRIVATE] =
    g_param_spec_boolean ("is-private", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OPEN_DATE] =
    g_param_spec_string ("open-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CLOSE_DATE] =
    g_param_spec_string ("close-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_matter_init (RosterMatter *self)
{
}

/* A matter is private when its permission is one user's group. */
static gboolean
read_private (JsonObject *object,
              gboolean   *is_private,
              GError    **error)
{
  JsonNode *node = json_object_get_member (object, "group");
  g_autofree char *type = NULL;

  *is_private = FALSE;
  if (node == NULL)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "group", "The member “group” is missing");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "group", "The member “group” is not a record");
      return FALSE;
    }
  if (!roster_json_get_string (json_node_get_object (node), "type", TRUE, &type, error))
    {
      roster_json_error_nest (error, "group");
      return FALSE;
    }

  *is_private = g_strcmp0 (type, "UserGroup") == 0;
  return TRUE;
}

/**
 * roster_matter_new_from_json:
 * @object: the record, as the API writes it
 *
 * Returns: (transfer full): the matter, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterMatter *
roster_matter_new_from_json (JsonObject *object,
                             GError    **error)
{
  g_autoptr(RosterMatter) self = g_object_new (ROSTER_TYPE_MATTER, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id (object, "id", &self->id, error) ||
      !roster_json_get_text (object, "etag", &self->etag, error) ||
      !roster_json_get_text (object, "display_number", &self->display_number, error) ||
      !roster_json_get_string (object, "description", TRUE, &self->description, error) ||
      !roster_json_get_text (object, "status", &self->status, error) ||
      !roster_json_get_nested_id (object, "responsible_attorney", &self->responsible_attorney_id, error) ||
      !read_private (object, &self->is_private, error) ||
      !roster_json_get_date (object, "open_date", &self->open_date, error) ||
      !roster_json_get_date (object, "close_date", &self->close_date, error) ||
      !roster_json_get_time (object, "updated_at", TRUE, &self->updated_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * roster_matter_read_closed_number:
 * @record: a task or a calendar entry, as the API writes it
 * @name: the member that names its matter, `{id,display_number,status}`
 * @number: (out) (transfer full) (nullable): the matter's number when it
 *   is closed; %NULL when it is open or pending, when there is none, or
 *   when @record does not say its status
 *
 * A first sync asks for open and pending matters alone: a task or an
 * entry on a closed matter says what the views need of it, its number and
 * that it is closed (its privacy counts only while it is open).
 *
 * Returns: whether the member could be read; if not, an error naming it
 */
gboolean
roster_matter_read_closed_number (JsonObject *record,
                                  const char *name,
                                  char      **number,
                                  GError    **error)
{
  g_autofree char *status_text = NULL;
  RosterMatterStatus status;
  JsonObject *matter;
  JsonNode *node;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  *number = NULL;
  node = json_object_get_member (record, name);
  /* None, or not a record: the matter's id says so (roster_json_get_nested_id()). */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  matter = json_node_get_object (node);
  if (!json_object_has_member (matter, "status"))
    return TRUE;
  if (!roster_json_get_text (matter, "status", &status_text, error))
    {
      roster_json_error_nest (error, name);
      return FALSE;
    }
  if (!roster_matter_status_from_string (status_text, &status) || status != ROSTER_MATTER_STATUS_CLOSED)
    return TRUE;

  if (!roster_json_get_string (matter, "display_number", FALSE, number, error))
    {
      roster_json_error_nest (error, name);
      return FALSE;
    }

  return TRUE;
}

gint64
roster_matter_get_id (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), 0);

  return self->id;
}

const char *
roster_matter_get_etag (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->etag;
}

const char *
roster_matter_get_display_number (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->display_number;
}

const char *
roster_matter_get_description (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->description;
}

const char *
roster_matter_get_status (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->status;
}

gint64
roster_matter_get_responsible_attorney_id (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), 0);

  return self->responsible_attorney_id;
}

gboolean
roster_matter_get_is_private (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), 0);

  return self->is_private;
}

const char *
roster_matter_get_open_date (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->open_date;
}

const char *
roster_matter_get_close_date (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->close_date;
}

const char *
roster_matter_get_updated_at (RosterMatter *self)
{
  g_return_val_if_fail (ROSTER_IS_MATTER (self), NULL);

  return self->updated_at;
}
