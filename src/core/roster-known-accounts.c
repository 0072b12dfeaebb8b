/* roster-known-accounts.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-accounts"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "roster-known-accounts.h"
#include "roster-store.h"

/*
 * The accounts this machine knows live in $XDG_CONFIG_HOME/roster/accounts.ini
 * (mode 0600), one group each: which server, who signed in, when it was last
 * used. The app and roster-cli read and write the same file, so an account
 * signed in to by one is there for the other.
 */

#define GROUP_PREFIX "account "

void
roster_known_account_free (RosterKnownAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->key);
  g_free (account->server);
  g_free (account->email);
  g_free (account->user_name);
  g_free (account->last_used);
  g_free (account);
}

RosterKnownAccount *
roster_known_account_new (const char *server,
                          const char *email)
{
  RosterKnownAccount *account = g_new0 (RosterKnownAccount, 1);
  g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);

  account->server = g_strdup (server);
  account->email = g_strdup (email);
  /* The host and port name the server: a server's address with another
   * path is the same firm. */
  account->key = g_strdup_printf ("%s@%s", email,
                                  uri ? g_uri_get_host (uri) : server);
  if (uri != NULL && g_uri_get_port (uri) > 0)
    {
      char *with_port = g_strdup_printf ("%s:%d", account->key, g_uri_get_port (uri));

      g_free (account->key);
      account->key = with_port;
    }

  return account;
}

/**
 * roster_known_account_cache_path:
 *
 * Returns: (transfer full): where the account's cache is
 */
char *
roster_known_account_cache_path (RosterKnownAccount *account)
{
  return roster_store_path_for_account (account->key);
}

static char *
accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "roster", "accounts.ini", NULL);
}

static GKeyFile *
load_key_file (GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = accounts_path ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Cannot read %s: ", path);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gboolean
save_key_file (GKeyFile *file,
               GError  **error)
{
  g_autofree char *path = accounts_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (file, &length, NULL);
  /* Written to a new file and renamed over the old: a crash leaves one or
   * the other, never half of each. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  return TRUE;
}

static RosterKnownAccount *
account_from_group (GKeyFile   *file,
                    const char *group)
{
  RosterKnownAccount *account = g_new0 (RosterKnownAccount, 1);

  account->key = g_strdup (group + strlen (GROUP_PREFIX));
  account->server = g_key_file_get_string (file, group, "server", NULL);
  account->email = g_key_file_get_string (file, group, "email", NULL);
  account->user_name = g_key_file_get_string (file, group, "user-name", NULL);
  account->user_id = g_key_file_get_int64 (file, group, "user-id", NULL);
  account->demo = g_key_file_get_boolean (file, group, "demo", NULL);
  account->last_used = g_key_file_get_string (file, group, "last-used", NULL);

  return account;
}

/* The last used first: ISO 8601 times sort as text. */
static int
compare_last_used (gconstpointer a,
                   gconstpointer b)
{
  const RosterKnownAccount *first = *(RosterKnownAccount *const *) a;
  const RosterKnownAccount *second = *(RosterKnownAccount *const *) b;

  return -g_strcmp0 (first->last_used, second->last_used);
}

/**
 * roster_known_accounts_load:
 *
 * Returns: (transfer full) (element-type RosterKnownAccount): the accounts,
 *   the last used first
 */
GPtrArray *
roster_known_accounts_load (GError **error)
{
  g_autoptr(GKeyFile) file = load_key_file (error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_auto(GStrv) groups = NULL;

  if (file == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_known_account_free);
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      RosterKnownAccount *account;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;
      account = account_from_group (file, groups[i]);
      if (account->server == NULL)
        {
          roster_known_account_free (account);
          continue;
        }
      g_ptr_array_add (accounts, account);
    }

  g_ptr_array_sort (accounts, compare_last_used);

  return g_steal_pointer (&accounts);
}

static RosterKnownAccount *
account_copy (const RosterKnownAccount *account)
{
  RosterKnownAccount *copy = g_new0 (RosterKnownAccount, 1);

  copy->key = g_strdup (account->key);
  copy->server = g_strdup (account->server);
  copy->email = g_strdup (account->email);
  copy->user_name = g_strdup (account->user_name);
  copy->user_id = account->user_id;
  copy->demo = account->demo;
  copy->last_used = g_strdup (account->last_used);

  return copy;
}

/**
 * roster_known_accounts_find:
 * @key_or_email: an account's key, or the e-mail address it signed in with
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   G_IO_ERROR_NOT_FOUND (or G_IO_ERROR_INVALID_ARGUMENT when the address
 *   names accounts on several servers)
 */
RosterKnownAccount *
roster_known_accounts_find (const char *key_or_email,
                            GError    **error)
{
  g_autoptr(GPtrArray) accounts = roster_known_accounts_load (error);
  RosterKnownAccount *found = NULL;
  guint matches = 0;

  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      RosterKnownAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (account->key, key_or_email) == 0)
        return account_copy (account);
      if (g_strcmp0 (account->email, key_or_email) == 0)
        {
          found = account;
          matches++;
        }
    }

  if (matches == 1)
    return account_copy (found);

  if (matches > 1)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "%s has signed in to several servers: name the account by its key", key_or_email);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No account “%s” on this computer", key_or_email);

  return NULL;
}

/**
 * roster_known_accounts_last_used:
 *
 * Returns: (transfer full) (nullable): the account used last, or %NULL
 *   with no error when there is none
 */
RosterKnownAccount *
roster_known_accounts_last_used (GError **error)
{
  g_autoptr(GPtrArray) accounts = roster_known_accounts_load (error);

  if (accounts == NULL || accounts->len == 0)
    return NULL;

  return account_copy (g_ptr_array_index (accounts, 0));
}

/**
 * roster_known_accounts_save:
 *
 * Adds or updates @account, marked as used now.
 */
gboolean
roster_known_accounts_save (RosterKnownAccount *account,
                            GError            **error)
{
  g_autoptr(GKeyFile) file = load_key_file (error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *group = NULL;

  if (file == NULL)
    return FALSE;

  g_free (account->last_used);
  account->last_used = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");

  group = g_strconcat (GROUP_PREFIX, account->key, NULL);
  g_key_file_set_string (file, group, "server", account->server);
  g_key_file_set_string (file, group, "email", account->email ? account->email : "");
  g_key_file_set_string (file, group, "user-name", account->user_name ? account->user_name : "");
  g_key_file_set_int64 (file, group, "user-id", account->user_id);
  g_key_file_set_boolean (file, group, "demo", account->demo);
  g_key_file_set_string (file, group, "last-used", account->last_used);

  return save_key_file (file, error);
}

gboolean
roster_known_accounts_forget (const char *key,
                              GError    **error)
{
  g_autoptr(GKeyFile) file = load_key_file (error);
  g_autofree char *group = NULL;

  if (file == NULL)
    return FALSE;

  group = g_strconcat (GROUP_PREFIX, key, NULL);
  if (!g_key_file_remove_group (file, group, NULL))
    return TRUE;

  return save_key_file (file, error);
}
