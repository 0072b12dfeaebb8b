/* roster-audit-event.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-audit-event"

#include "config.h"

#include "roster-json.h"
#include "roster-audit-event.h"

/* One entry of the firm's audit log: who did what, when. Immutable: a change on the server is a new object. */

struct _RosterAuditEvent
{
  GObject  parent_instance;

  gint64   id;
  char    *etag;
  gint64   actor_id;
  char    *actor_name;
  char    *action;
  char    *target_type;
  gint64   target_id;
  char    *created_at;
};

G_DEFINE_FINAL_TYPE (RosterAuditEvent, roster_audit_event, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ETAG,
  PROP_ACTOR_ID,
  PROP_ACTOR_NAME,
  PROP_ACTION,
  PROP_TARGET_TYPE,
  PROP_TARGET_ID,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_audit_event_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RosterAuditEvent *self = ROSTER_AUDIT_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_ACTOR_ID:
      g_value_set_int64 (value, self->actor_id);
      break;

    case PROP_ACTOR_NAME:
      g_value_set_string (value, self->actor_name);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_TARGET_TYPE:
      g_value_set_string (value, self->target_type);
      break;

    case PROP_TARGET_ID:
      g_value_set_int64 (value, self->target_id);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_audit_event_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RosterAuditEvent *self = ROSTER_AUDIT_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_ACTOR_ID:
      self->actor_id = g_value_get_int64 (value);
      break;

    case PROP_ACTOR_NAME:
      self->actor_name = g_value_dup_string (value);
      break;

    case PROP_ACTION:
      self->action = g_value_dup_string (value);
      break;

    case PROP_TARGET_TYPE:
      self->target_type = g_value_dup_string (value);
      break;

    case PROP_TARGET_ID:
      self->target_id = g_value_get_int64 (value);
      break;

    case PROP_CREATED_AT:
      self->created_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_audit_event_finalize (GObject *object)
{
  RosterAuditEvent *self = ROSTER_AUDIT_EVENT (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->target_type, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (roster_audit_event_parent_class)->finalize (object);
}

static void
roster_audit_event_class_init (RosterAuditEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_audit_event_get_property;
  object_class->set_property = roster_audit_event_set_property;
  object_class->finalize = roster_audit_event_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACTOR_ID] =
    g_param_spec_int64 ("actor-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACTOR_NAME] =
    g_param_spec_string ("actor-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_TARGET_TYPE] =
    g_param_spec_string ("target-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_TARGET_ID] =
    g_param_spec_int64 ("target-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_audit_event_init (RosterAuditEvent *self)
{
}

/* The actor is a record whose id is null for the support desk. */
static gboolean
read_optional_nested_id (JsonObject *object,
                         const char *name,
                         gint64     *value,
                         GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *id = json_object_get_member (json_node_get_object (node), "id");

      if (id != NULL && JSON_NODE_HOLDS_NULL (id))
        return TRUE;
    }

  return roster_json_get_nested_id (object, name, value, error);
}

/* The actor's name, when the server sent one: support acts with no user. */
static gboolean
read_actor_name (JsonObject *object,
                 char      **name,
                 GError    **error)
{
  JsonNode *actor = json_object_get_member (object, "actor");
  JsonNode *member;

  if (actor == NULL || !JSON_NODE_HOLDS_OBJECT (actor))
    return TRUE;
  member = json_object_get_member (json_node_get_object (actor), "name");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      g_set_error_literal (error, ROSTER_JSON_ERROR, ROSTER_JSON_ERROR_WRONG_TYPE, "“actor.name” is not a string");
      return FALSE;
    }
  *name = g_strdup (json_node_get_string (member));

  return TRUE;
}

/**
 * roster_audit_event_new_from_json:
 * @object: the record, as the API writes it
 *
 * Returns: (transfer full): the audit event, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterAuditEvent *
roster_audit_event_new_from_json (JsonObject *object,
                                  GError    **error)
{
  g_autoptr(RosterAuditEvent) self = g_object_new (ROSTER_TYPE_AUDIT_EVENT, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id (object, "id", &self->id, error) ||
      !roster_json_get_string (object, "etag", FALSE, &self->etag, error) ||
      !read_optional_nested_id (object, "actor", &self->actor_id, error) ||
      !read_actor_name (object, &self->actor_name, error) ||
      !roster_json_get_string (object, "action", FALSE, &self->action, error) ||
      !roster_json_get_string (object, "target_type", FALSE, &self->target_type, error) ||
      !roster_json_get_optional_id (object, "target_id", &self->target_id, error) ||
      !roster_json_get_string (object, "created_at", FALSE, &self->created_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
roster_audit_event_get_id (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), 0);

  return self->id;
}

const char *
roster_audit_event_get_etag (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), NULL);

  return self->etag;
}

gint64
roster_audit_event_get_actor_id (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), 0);

  return self->actor_id;
}

/**
 * roster_audit_event_get_actor_name:
 *
 * Returns: (nullable): who acted, by name, as the server recorded it
 */
const char *
roster_audit_event_get_actor_name (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), NULL);

  return self->actor_name;
}

const char *
roster_audit_event_get_action (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), NULL);

  return self->action;
}

const char *
roster_audit_event_get_target_type (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), NULL);

  return self->target_type;
}

gint64
roster_audit_event_get_target_id (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), 0);

  return self->target_id;
}

const char *
roster_audit_event_get_created_at (RosterAuditEvent *self)
{
  g_return_val_if_fail (ROSTER_IS_AUDIT_EVENT (self), NULL);

  return self->created_at;
}
