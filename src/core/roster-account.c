/* roster-account.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-account"

#include "config.h"

#include "roster-json.h"
#include "roster-account.h"

/* The firm's account: its plan, licenses and renewal. Immutable: a change on the server is a new object. */

struct _RosterAccount
{
  GObject   parent_instance;

  char     *etag;
  char     *name;
  char     *subscription;
  char     *currency;
  gint64    licenses;
  gint64    licenses_in_use;
  gint64    licenses_unused;
  gint64    license_price;
  char     *renewal_date;
  gboolean  remove_unused_licenses;
  gint64    renewal_price_without_removal;
  gint64    renewal_price_with_removal;
  gint64    renewal_projected_price;
  char     *closed_at;
  char     *updated_at;
};

G_DEFINE_FINAL_TYPE (RosterAccount, roster_account, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ETAG,
  PROP_NAME,
  PROP_SUBSCRIPTION,
  PROP_CURRENCY,
  PROP_LICENSES,
  PROP_LICENSES_IN_USE,
  PROP_LICENSES_UNUSED,
  PROP_LICENSE_PRICE,
  PROP_RENEWAL_DATE,
  PROP_REMOVE_UNUSED_LICENSES,
  PROP_RENEWAL_PRICE_WITHOUT_REMOVAL,
  PROP_RENEWAL_PRICE_WITH_REMOVAL,
  PROP_RENEWAL_PROJECTED_PRICE,
  PROP_CLOSED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
roster_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RosterAccount *self = ROSTER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SUBSCRIPTION:
      g_value_set_string (value, self->subscription);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_LICENSES:
      g_value_set_int64 (value, self->licenses);
      break;

    case PROP_LICENSES_IN_USE:
      g_value_set_int64 (value, self->licenses_in_use);
      break;

    case PROP_LICENSES_UNUSED:
      g_value_set_int64 (value, self->licenses_unused);
      break;

    case PROP_LICENSE_PRICE:
      g_value_set_int64 (value, self->license_price);
      break;

    case PROP_RENEWAL_DATE:
      g_value_set_string (value, self->renewal_date);
      break;

    case PROP_REMOVE_UNUSED_LICENSES:
      g_value_set_boolean (value, self->remove_unused_licenses);
      break;

    case PROP_RENEWAL_PRICE_WITHOUT_REMOVAL:
      g_value_set_int64 (value, self->renewal_price_without_removal);
      break;

    case PROP_RENEWAL_PRICE_WITH_REMOVAL:
      g_value_set_int64 (value, self->renewal_price_with_removal);
      break;

    case PROP_RENEWAL_PROJECTED_PRICE:
      g_value_set_int64 (value, self->renewal_projected_price);
      break;

    case PROP_CLOSED_AT:
      g_value_set_string (value, self->closed_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RosterAccount *self = ROSTER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ETAG:
      self->etag = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_SUBSCRIPTION:
      self->subscription = g_value_dup_string (value);
      break;

    case PROP_CURRENCY:
      self->currency = g_value_dup_string (value);
      break;

    case PROP_LICENSES:
      self->licenses = g_value_get_int64 (value);
      break;

    case PROP_LICENSES_IN_USE:
      self->licenses_in_use = g_value_get_int64 (value);
      break;

    case PROP_LICENSES_UNUSED:
      self->licenses_unused = g_value_get_int64 (value);
      break;

    case PROP_LICENSE_PRICE:
      self->license_price = g_value_get_int64 (value);
      break;

    case PROP_RENEWAL_DATE:
      self->renewal_date = g_value_dup_string (value);
      break;

    case PROP_REMOVE_UNUSED_LICENSES:
      self->remove_unused_licenses = g_value_get_boolean (value);
      break;

    case PROP_RENEWAL_PRICE_WITHOUT_REMOVAL:
      self->renewal_price_without_removal = g_value_get_int64 (value);
      break;

    case PROP_RENEWAL_PRICE_WITH_REMOVAL:
      self->renewal_price_with_removal = g_value_get_int64 (value);
      break;

    case PROP_RENEWAL_PROJECTED_PRICE:
      self->renewal_projected_price = g_value_get_int64 (value);
      break;

    case PROP_CLOSED_AT:
      self->closed_at = g_value_dup_string (value);
      break;

    case PROP_UPDATED_AT:
      self->updated_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_finalize (GObject *object)
{
  RosterAccount *self = ROSTER_ACCOUNT (object);

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->subscription, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->renewal_date, g_free);
  g_clear_pointer (&self->closed_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (roster_account_parent_class)->finalize (object);
}

static void
roster_account_class_init (RosterAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = roster_account_get_property;
  object_class->set_property = roster_account_set_property;
  object_class->finalize = roster_account_finalize;

  properties [PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SUBSCRIPTION] =
    g_param_spec_string ("subscription", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LICENSES] =
    g_param_spec_int64 ("licenses", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LICENSES_IN_USE] =
    g_param_spec_int64 ("licenses-in-use", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LICENSES_UNUSED] =
    g_param_spec_int64 ("licenses-unused", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LICENSE_PRICE] =
    g_param_spec_int64 ("license-price", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RENEWAL_DATE] =
    g_param_spec_string ("renewal-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_REMOVE_UNUSED_LICENSES] =
    g_param_spec_boolean ("remove-unused-licenses", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RENEWAL_PRICE_WITHOUT_REMOVAL] =
    g_param_spec_int64 ("renewal-price-without-removal", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RENEWAL_PRICE_WITH_REMOVAL] =
    g_param_spec_int64 ("renewal-price-with-removal", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RENEWAL_PROJECTED_PRICE] =
    g_param_spec_int64 ("renewal-projected-price", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CLOSED_AT] =
    g_param_spec_string ("closed-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_account_init (RosterAccount *self)
{
}

/**
 * roster_account_new_from_json:
 * @object: the record, as the API writes it
 *
 * Returns: (transfer full): the account, or %NULL with an error naming the
 *   member that is missing or of the wrong type
 */
RosterAccount *
roster_account_new_from_json (JsonObject *object,
                              GError    **error)
{
  g_autoptr(RosterAccount) self = g_object_new (ROSTER_TYPE_ACCOUNT, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!roster_json_get_string (object, "etag", FALSE, &self->etag, error) ||
      !roster_json_get_string (object, "name", FALSE, &self->name, error) ||
      !roster_json_get_string (object, "subscription", FALSE, &self->subscription, error) ||
      !roster_json_get_string (object, "currency", FALSE, &self->currency, error) ||
      !roster_json_get_nested_int (object, "licenses", "total", &self->licenses, error) ||
      !roster_json_get_nested_int (object, "licenses", "in_use", &self->licenses_in_use, error) ||
      !roster_json_get_nested_int (object, "licenses", "unused", &self->licenses_unused, error) ||
      !roster_json_get_nested_int (object, "licenses", "price", &self->license_price, error) ||
      !roster_json_get_nested_string (object, "renewal", "date", &self->renewal_date, error) ||
      !roster_json_get_nested_boolean (object, "renewal", "remove_unused_licenses", &self->remove_unused_licenses, error) ||
      !roster_json_get_nested_int (object, "renewal", "price_without_removal", &self->renewal_price_without_removal, error) ||
      !roster_json_get_nested_int (object, "renewal", "price_with_removal", &self->renewal_price_with_removal, error) ||
      !roster_json_get_nested_int (object, "renewal", "projected_price", &self->renewal_projected_price, error) ||
      !roster_json_get_string (object, "closed_at", TRUE, &self->closed_at, error) ||
      !roster_json_get_string (object, "updated_at", FALSE, &self->updated_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
roster_account_get_etag (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->etag;
}

const char *
roster_account_get_name (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->name;
}

const char *
roster_account_get_subscription (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->subscription;
}

const char *
roster_account_get_currency (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->currency;
}

gint64
roster_account_get_licenses (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->licenses;
}

gint64
roster_account_get_licenses_in_use (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->licenses_in_use;
}

gint64
roster_account_get_licenses_unused (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->licenses_unused;
}

gint64
roster_account_get_license_price (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->license_price;
}

const char *
roster_account_get_renewal_date (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->renewal_date;
}

gboolean
roster_account_get_remove_unused_licenses (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->remove_unused_licenses;
}

gint64
roster_account_get_renewal_price_without_removal (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->renewal_price_without_removal;
}

gint64
roster_account_get_renewal_price_with_removal (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->renewal_price_with_removal;
}

gint64
roster_account_get_renewal_projected_price (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), 0);

  return self->renewal_projected_price;
}

const char *
roster_account_get_closed_at (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->closed_at;
}

const char *
roster_account_get_updated_at (RosterAccount *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCOUNT (self), NULL);

  return self->updated_at;
}
