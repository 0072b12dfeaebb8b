/* roster-notification.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-notification"

#include "config.h"

#include "roster-json.h"
#include "roster-notification.h"

/* An in-app notification to the signed-in user. Immutable: a change on the server is a new object. */

struct _RosterNotification
{
  GObject  parent_instance;

  gint64   id;
  char    *etag;
  char    *kind;
  char    *subject;
  char    *body;
  char    *created_at;
};

G_DEFINE_FINAL_TYPE (RosterNotification, roster_notification, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ETAG,
  PROP_KIND,
  PROP_SUBJECT,
  PROP_BODY,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_notification_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RosterNotification *self = ROSTER_NOTIFICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_notification_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RosterNotification *self = ROSTER_NOTIFICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    case PROP_SUBJECT:
      self->subject = g_value_dup_string (value);
      break;

    case PROP_BODY:
      self->body = g_value_dup_string (value);
      break;

    case PROP_CREATED_AT:
      self->created_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_notification_finalize (GObject *object)
{
  RosterNotification *self = ROSTER_NOTIFICATION (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (roster_notification_parent_class)->finalize (object);
}

static void
roster_notification_class_init (RosterNotificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_notification_get_property;
  object_class->set_property = roster_notification_set_property;
  object_class->finalize = roster_notification_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_notification_init (RosterNotification *self)
{
}

/**
 * roster_notification_new_from_json:
 * @object: the record, as the API writes it
 *
 * Returns: (transfer full): the notification, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterNotification *
roster_notification_new_from_json (JsonObject *object,
                                   GError    **error)
{
  g_autoptr(RosterNotification) self = g_object_new (ROSTER_TYPE_NOTIFICATION, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id (object, "id", &self->id, error) ||
      !roster_json_get_string (object, "etag", FALSE, &self->etag, error) ||
      !roster_json_get_string (object, "kind", FALSE, &self->kind, error) ||
      !roster_json_get_string (object, "subject", FALSE, &self->subject, error) ||
      !roster_json_get_string (object, "body", FALSE, &self->body, error) ||
      !roster_json_get_string (object, "created_at", FALSE, &self->created_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
roster_notification_get_id (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), 0);

  return self->id;
}

const char *
roster_notification_get_etag (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), NULL);

  return self->etag;
}

const char *
roster_notification_get_kind (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), NULL);

  return self->kind;
}

const char *
roster_notification_get_subject (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), NULL);

  return self->subject;
}

const char *
roster_notification_get_body (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), NULL);

  return self->body;
}

const char *
roster_notification_get_created_at (RosterNotification *self)
{
  g_return_val_if_fail (ROSTER_IS_NOTIFICATION (self), NULL);

  return self->created_at;
}
