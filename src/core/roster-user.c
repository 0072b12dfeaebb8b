/* roster-user.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-user"

#include "config.h"

#include "roster-json.h"
#include "roster-user.h"

/* A user of the firm's account. Immutable: a change on the server is a new
 * object. Its properties are read-only: made from the cache or the API
 * alone, a user is filled in directly, not property by property (2,000 of
 * them are read before the window's first frame, #17). */

struct _RosterUser
{
  GObject   parent_instance;

  gint64    id;
  char     *etag;
  char     *name;
  char     *first_name;
  char     *last_name;
  char     *email;
  gboolean  enabled;
  gboolean  account_owner;
  gboolean  admin;
  char     *subscription_type;
  gboolean  personal_injury_license;
  gint64    default_calendar_id;
  char     *updated_at;
  /* The name as it sorts, made when first asked for. */
  char     *name_key;
};

G_DEFINE_FINAL_TYPE (RosterUser, roster_user, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ETAG,
  PROP_NAME,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_EMAIL,
  PROP_ENABLED,
  PROP_ACCOUNT_OWNER,
  PROP_ADMIN,
  PROP_SUBSCRIPTION_TYPE,
  PROP_PERSONAL_INJURY_LICENSE,
  PROP_DEFAULT_CALENDAR_ID,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_user_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RosterUser *self = ROSTER_USER (object);

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

    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_ACCOUNT_OWNER:
      g_value_set_boolean (value, self->account_owner);
      break;

    case PROP_ADMIN:
      g_value_set_boolean (value, self->admin);
      break;

    case PROP_SUBSCRIPTION_TYPE:
      g_value_set_string (value, self->subscription_type);
      break;

    case PROP_PERSONAL_INJURY_LICENSE:
      g_value_set_boolean (value, self->personal_injury_license);
      break;

    case PROP_DEFAULT_CALENDAR_ID:
      g_value_set_int64 (value, self->default_calendar_id);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_user_finalize (GObject *object)
{
  RosterUser *self = ROSTER_USER (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->subscription_type, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->name_key, g_free);

  G_OBJECT_CLASS (roster_user_parent_class)->finalize (object);
}

static void
roster_user_class_init (RosterUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_user_get_property;
  object_class->finalize = roster_user_finalize;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACCOUNT_OWNER] =
    g_param_spec_boolean ("account-owner", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ADMIN] =
    g_param_spec_boolean ("admin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_SUBSCRIPTION_TYPE] =
    g_param_spec_string ("subscription-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_PERSONAL_INJURY_LICENSE] =
    g_param_spec_boolean ("personal-injury-license", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_DEFAULT_CALENDAR_ID] =
    g_param_spec_int64 ("default-calendar-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_user_init (RosterUser *self)
{
}

/* An administrator is a user whose roles include "admin". */
static gboolean
read_admin (JsonObject *object,
            gboolean   *admin,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, "roles");
  JsonArray *roles;

  *admin = FALSE;
  if (node == NULL)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_MISSING, "roles", "The member “roles” is missing");
      return FALSE;
    }
  /* Null is no roles. */
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_WRONG_TYPE, "roles", "The member “roles” is not a list");
      return FALSE;
    }

  roles = json_node_get_array (node);
  *admin = FALSE;
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      JsonNode *role = json_array_get_element (roles, i);

      if (JSON_NODE_HOLDS_VALUE (role) && json_node_get_value_type (role) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (role), "admin"))
        *admin = TRUE;
    }

  return TRUE;
}

/**
 * roster_user_new:
 * @fields: the user's fields, as the cache keeps them
 *
 * Returns: (transfer full): a user with a copy of @fields
 */
RosterUser *
roster_user_new (const RosterUserFields *fields)
{
  RosterUser *self = g_object_new (ROSTER_TYPE_USER, NULL);

  self->id = fields->id;
  self->etag = g_strdup (fields->etag);
  self->name = g_strdup (fields->name);
  self->first_name = g_strdup (fields->first_name);
  self->last_name = g_strdup (fields->last_name);
  self->email = g_strdup (fields->email);
  self->enabled = fields->enabled;
  self->account_owner = fields->account_owner;
  self->admin = fields->admin;
  self->subscription_type = g_strdup (fields->subscription_type);
  self->personal_injury_license = fields->personal_injury_license;
  self->default_calendar_id = fields->default_calendar_id;
  self->updated_at = g_strdup (fields->updated_at);

  return self;
}

/**
 * roster_user_new_from_json:
 * @object: the record, as the API writes it
 *
 * Null is an empty name or address, no roles, no calendar, not the account's
 * owner; a null name is the first and last names'. Whether the user is
 * enabled is never guessed: null there is an error.
 *
 * Returns: (transfer full): the user, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterUser *
roster_user_new_from_json (JsonObject *object,
                           GError    **error)
{
  g_autoptr(RosterUser) self = g_object_new (ROSTER_TYPE_USER, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_id (object, "id", &self->id, error) ||
      !roster_json_get_text (object, "etag", &self->etag, error) ||
      !roster_json_get_string (object, "name", TRUE, &self->name, error) ||
      !roster_json_get_text (object, "first_name", &self->first_name, error) ||
      !roster_json_get_text (object, "last_name", &self->last_name, error) ||
      !roster_json_get_text (object, "email", &self->email, error) ||
      !roster_json_get_boolean (object, "enabled", FALSE, &self->enabled, error) ||
      !roster_json_get_boolean (object, "account_owner", TRUE, &self->account_owner, error) ||
      !read_admin (object, &self->admin, error) ||
      !roster_json_get_text (object, "subscription_type", &self->subscription_type, error) ||
      !roster_json_get_boolean (object, "personal_injury_license", TRUE, &self->personal_injury_license, error) ||
      !roster_json_get_optional_id (object, "default_calendar_id", &self->default_calendar_id, error) ||
      !roster_json_get_time (object, "updated_at", TRUE, &self->updated_at, error))
    return NULL;

  if (self->name == NULL)
    self->name = g_strstrip (g_strconcat (self->first_name, " ", self->last_name, NULL));

  return g_steal_pointer (&self);
}

gint64
roster_user_get_id (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->id;
}

const char *
roster_user_get_etag (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->etag;
}

const char *
roster_user_get_name (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->name;
}

/**
 * roster_user_get_name_key:
 *
 * The name as it sorts in the user's language (g_utf8_collate_key()),
 * made once: collating on every comparison would make a sort of
 * thousands of users a visible pause. A user is read on one thread at a
 * time, so the first call needs no lock.
 *
 * Returns: a key to compare with strcmp()
 */
const char *
roster_user_get_name_key (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  if (self->name_key == NULL)
    self->name_key = g_utf8_collate_key (self->name ? self->name : "", -1);

  return self->name_key;
}

const char *
roster_user_get_first_name (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->first_name;
}

const char *
roster_user_get_last_name (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->last_name;
}

const char *
roster_user_get_email (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->email;
}

gboolean
roster_user_get_enabled (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->enabled;
}

gboolean
roster_user_get_account_owner (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->account_owner;
}

gboolean
roster_user_get_admin (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->admin;
}

const char *
roster_user_get_subscription_type (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->subscription_type;
}

gboolean
roster_user_get_personal_injury_license (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->personal_injury_license;
}

gint64
roster_user_get_default_calendar_id (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), 0);

  return self->default_calendar_id;
}

const char *
roster_user_get_updated_at (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  return self->updated_at;
}

/**
 * roster_user_get_role_code:
 *
 * Returns: the user's role as exports write it: "primary_subscriber",
 *   "administrator", both comma-separated, or "user"
 */
const char *
roster_user_get_role_code (RosterUser *self)
{
  g_return_val_if_fail (ROSTER_IS_USER (self), NULL);

  if (self->account_owner && self->admin)
    return "primary_subscriber,administrator";
  if (self->account_owner)
    return "primary_subscriber";
  if (self->admin)
    return "administrator";

  return "user";
}
