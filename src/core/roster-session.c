/* roster-session.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "roster-api.h"
#include "roster-demo.h"
#include "roster-outbox.h"
#include "roster-secrets.h"
#include "roster-session.h"
#include "roster-sign-in.h"
#include "roster-sync.h"

/*
 * RosterSession is the signed-in account as the window sees it: which
 * account, its cache, its tokens, and the sync that keeps the cache level
 * with the server. It has no widgets: the window binds to its properties.
 *
 * The window never waits for the network. Opening an account opens its
 * cache at once; the sync runs on a worker thread with a connection of its
 * own, and when it has written something the session says "changed" and
 * the window reads the cache again. No network is a state (:offline), not
 * an error; other failures are told with "failed", for a toast.
 */

struct _RosterSession
{
  GObject             parent_instance;

  RosterSessionState  state;
  RosterKnownAccount *account;
  RosterStore        *store;
  RosterDemoServer   *demo;
  RosterSignIn       *sign_in;
  GCancellable       *cancellable;

  /* Tokens: replaced by a refresh on the sync's threads. */
  GMutex              token_lock;
  char               *access_token;
  char               *refresh_token;
  gboolean            tokens_in_memory;  /* no Secret Service to keep them */

  RosterSync         *sync;              /* while one runs */
  double              progress;
  gboolean            offline;
  gboolean            refresh_again;     /* asked for while one ran */
  GArray             *awaited;           /* outbox entries whose answers a person waits for */
};

G_DEFINE_FINAL_TYPE (RosterSession, roster_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_OFFLINE,
  PROP_TOKENS_IN_MEMORY,
  N_PROPS
};

enum
{
  CHANGED,
  FAILED,
  ANSWERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
roster_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RosterSession *self = ROSTER_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->sync != NULL);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_TOKENS_IN_MEMORY:
      g_value_set_boolean (value, self->tokens_in_memory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_session_dispose (GObject *object)
{
  RosterSession *self = ROSTER_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  if (self->demo != NULL)
    roster_demo_server_stop (self->demo);
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (roster_session_parent_class)->dispose (object);
}

static void
roster_session_finalize (GObject *object)
{
  RosterSession *self = ROSTER_SESSION (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->account, roster_known_account_free);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_array_unref (self->awaited);
  g_mutex_clear (&self->token_lock);

  G_OBJECT_CLASS (roster_session_parent_class)->finalize (object);
}

static void
roster_session_class_init (RosterSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = roster_session_get_property;
  object_class->dispose = roster_session_dispose;
  object_class->finalize = roster_session_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, ROSTER_SESSION_SIGNED_OUT, ROSTER_SESSION_OPEN,
                                             ROSTER_SESSION_SIGNED_OUT, flags);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, flags);
  properties[PROP_TOKENS_IN_MEMORY] = g_param_spec_boolean ("tokens-in-memory", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The cache holds something new: read it again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something went wrong that a person should hear of; retryable or not. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* The server answered an action queued with roster_session_queue(): its
   * outbox entry, done or refused (with the server's reason). */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
roster_session_init (RosterSession *self)
{
  g_mutex_init (&self->token_lock);
  self->cancellable = g_cancellable_new ();
  self->awaited = g_array_new (FALSE, FALSE, sizeof (gint64));
}

RosterSession *
roster_session_new (void)
{
  return g_object_new (ROSTER_TYPE_SESSION, NULL);
}

RosterSessionState
roster_session_get_state (RosterSession *self)
{
  return self->state;
}

/**
 * roster_session_get_store:
 *
 * Returns: (transfer none) (nullable): the open account's cache
 */
RosterStore *
roster_session_get_store (RosterSession *self)
{
  return self->store;
}

RosterKnownAccount *
roster_session_get_account (RosterSession *self)
{
  return self->account;
}

/* The signed-in user's id, as the sync learned it; 0 before. */
gint64
roster_session_get_me (RosterSession *self)
{
  g_autofree char *me = NULL;

  if (self->store == NULL)
    return 0;
  me = roster_store_get_info (self->store, "me");

  return me ? g_ascii_strtoll (me, NULL, 10) : 0;
}

gboolean
roster_session_get_syncing (RosterSession *self)
{
  return self->sync != NULL;
}

double
roster_session_get_progress (RosterSession *self)
{
  return self->progress;
}

gboolean
roster_session_get_offline (RosterSession *self)
{
  return self->offline;
}

gboolean
roster_session_get_tokens_in_memory (RosterSession *self)
{
  return self->tokens_in_memory;
}

char *
roster_session_dup_last_synced_at (RosterSession *self)
{
  return self->store ? roster_store_last_synced_at (self->store) : NULL;
}

/**
 * roster_session_dup_read_only_reason:
 *
 * Returns: (nullable): why the signed-in user may only look, or %NULL when
 *   they may change the firm's settings (an administrator or the primary
 *   subscriber)
 */
char *
roster_session_dup_read_only_reason (RosterSession *self)
{
  g_autoptr(RosterUser) me = NULL;
  gint64 id = roster_session_get_me (self);

  if (id == 0 || (me = roster_store_get_user (self->store, id, NULL)) == NULL)
    return NULL;
  if (roster_rules_may_change_account_settings (roster_user_get_account_owner (me), roster_user_get_admin (me)))
    return NULL;

  return g_strdup_printf (_("You are signed in as %s, who is neither an administrator nor the primary subscriber: "
                            "the firm is shown read-only"),
                          roster_user_get_name (me));
}

static void
set_state (RosterSession     *self,
           RosterSessionState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_offline (RosterSession *self,
             gboolean       offline)
{
  if (self->offline == offline)
    return;

  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

static void
set_progress (RosterSession *self,
              double         progress)
{
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
fail (RosterSession *self,
      const char    *message,
      gboolean       retryable)
{
  g_signal_emit (self, signals[FAILED], 0, message, retryable);
}

static void
set_tokens (RosterSession *self,
            const char    *access_token,
            const char    *refresh_token)
{
  g_mutex_lock (&self->token_lock);
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  g_mutex_unlock (&self->token_lock);
}

/* Called on the sync's threads after a refresh: keep the new tokens. */
static void
tokens_refreshed (const char *access_token,
                  const char *refresh_token,
                  gpointer    user_data)
{
  RosterSession *self = user_data;
  g_autofree char *key = NULL;

  set_tokens (self, access_token, refresh_token);

  g_mutex_lock (&self->token_lock);
  if (!self->tokens_in_memory && self->account != NULL && !self->account->demo)
    key = g_strdup (self->account->key);
  g_mutex_unlock (&self->token_lock);

  if (key != NULL)
    roster_secrets_store (key, key, access_token, refresh_token, NULL, NULL);
}

/* Opening and syncing ------------------------------------------------------- */

static gboolean
open_store (RosterSession *self,
            GError       **error)
{
  g_autofree char *path = roster_known_account_cache_path (self->account);

  g_clear_object (&self->store);
  self->store = roster_store_open (path, error);

  return self->store != NULL;
}

static void
sync_progress (RosterSync    *sync,
               GParamSpec    *pspec,
               RosterSession *self)
{
  guint expected = roster_sync_get_expected (sync);

  set_progress (self, expected > 0 ? (double) roster_sync_get_done (sync) / expected : 0);
}

typedef struct
{
  RosterSync *sync;
  char       *store_path;
  char       *server;
  char       *access_token;
  char       *refresh_token;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->sync);
  g_free (job->store_path);
  g_free (job->server);
  g_free (job->access_token);
  g_free (job->refresh_token);
  g_free (job);
}

/* On a worker thread: what was queued goes first, then the sync. */
static void
sync_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SyncJob *job = task_data;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RosterStore) store = roster_store_open (job->store_path, &error);
    g_autoptr(RosterOutbox) outbox = store ? roster_outbox_new (store) : NULL;
    g_autoptr(RosterApi) api = roster_api_new (job->server, job->access_token);

    if (job->refresh_token != NULL)
      roster_api_set_refresh (api, ROSTER_CLIENT_ID, job->refresh_token, tokens_refreshed, source);
    if (outbox != NULL && roster_outbox_count (outbox, "queued") + roster_outbox_count (outbox, "sending") > 0)
      roster_outbox_flush (outbox, api, NULL, cancellable, NULL);
    g_clear_error (&error);
  }

  if (roster_sync_run (job->sync, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* What the server said to the actions a person queued, once it has. */
static void
report_answers (RosterSession *self)
{
  g_autoptr(RosterOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (self->awaited->len == 0 || self->store == NULL)
    return;

  outbox = roster_outbox_new (self->store);
  entries = roster_outbox_list (outbox, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      RosterOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (!g_str_equal (entry->state, "done") && !g_str_equal (entry->state, "refused"))
        continue;
      for (guint a = 0; a < self->awaited->len; a++)
        if (g_array_index (self->awaited, gint64, a) == entry->id)
          {
            g_array_remove_index_fast (self->awaited, a);
            g_signal_emit (self, signals[ANSWERED], 0, entry);
            break;
          }
    }
}

static void
sync_finished (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  set_progress (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  if (ok)
    set_offline (self, FALSE);
  else if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    set_offline (self, TRUE);
  else if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED))
    fail (self, _("The sign-in has expired: sign out and sign in again"), FALSE);
  else
    {
      g_autofree char *message = g_strdup_printf (_("The sync failed: %s"), error->message);

      fail (self, message, TRUE);
    }

  /* Even a failed sync may have written pages before it stopped. */
  g_signal_emit (self, signals[CHANGED], 0);
  report_answers (self);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      roster_session_refresh (self);
    }
}

/**
 * roster_session_queue:
 * @action: %ROSTER_ACTION_DEACTIVATE or %ROSTER_ACTION_ACTIVATE
 * @user_id: whom it is for
 *
 * Queues @action in the outbox and sends it at once, with a sync behind
 * it; offline, it waits in the outbox for the next sync. "answered" tells
 * what the server said.
 *
 * Returns: %FALSE, with @error, when it cannot even be queued (a server
 *   that does not offer it, say)
 */
gboolean
roster_session_queue (RosterSession *self,
                      RosterAction   action,
                      gint64         user_id,
                      GError       **error)
{
  g_autoptr(RosterOutbox) outbox = NULL;
  gint64 id;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (action == ROSTER_ACTION_DEACTIVATE || action == ROSTER_ACTION_ACTIVATE, FALSE);
  g_return_val_if_fail (self->state == ROSTER_SESSION_OPEN, FALSE);

  outbox = roster_outbox_new (self->store);
  id = roster_outbox_enqueue (outbox, action, user_id, NULL, error);
  if (id == 0)
    return FALSE;

  g_array_append_val (self->awaited, id);
  roster_session_refresh (self);

  return TRUE;
}

/**
 * roster_session_refresh:
 *
 * Sends what is queued and syncs, behind the window. Asked again while a
 * sync runs, it syncs once more after it.
 */
void
roster_session_refresh (RosterSession *self)
{
  g_autoptr(GTask) task = NULL;
  SyncJob *job;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if (self->state != ROSTER_SESSION_OPEN)
    return;
  if (self->sync != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }
  if (self->access_token == NULL)
    {
      /* The demo firm's server did not start, or no token: nothing to ask. */
      set_offline (self, TRUE);
      return;
    }

  job = g_new0 (SyncJob, 1);
  job->store_path = roster_known_account_cache_path (self->account);
  job->server = g_strdup (self->account->server);
  g_mutex_lock (&self->token_lock);
  job->access_token = g_strdup (self->access_token);
  job->refresh_token = g_strdup (self->refresh_token);
  g_mutex_unlock (&self->token_lock);
  /* Made here, so that it tells its progress on this thread. */
  job->sync = roster_sync_new (job->store_path, job->server, job->access_token);
  if (job->refresh_token != NULL)
    roster_sync_set_refresh (job->sync, ROSTER_CLIENT_ID, job->refresh_token, tokens_refreshed, self);

  self->sync = g_object_ref (job->sync);
  g_signal_connect (self->sync, "notify::done", G_CALLBACK (sync_progress), self);
  g_signal_connect (self->sync, "notify::expected", G_CALLBACK (sync_progress), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  task = g_task_new (self, self->cancellable, sync_finished, NULL);
  g_task_set_source_tag (task, roster_session_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) sync_job_free);
  g_task_run_in_thread (task, sync_in_thread);
}

/* Shows the account's cache at once; the sync follows. */
static gboolean
open_account (RosterSession      *self,
              RosterKnownAccount *account,
              GError            **error)
{
  g_clear_pointer (&self->account, roster_known_account_free);
  self->account = account;

  if (!open_store (self, error))
    return FALSE;

  set_offline (self, FALSE);
  /* The window reads the cache when the state becomes open; an account
   * opened in place of another is a change. */
  if (self->state == ROSTER_SESSION_OPEN)
    g_signal_emit (self, signals[CHANGED], 0);
  else
    set_state (self, ROSTER_SESSION_OPEN);

  return TRUE;
}

/* The demo firm -------------------------------------------------------------- */

typedef struct
{
  RosterDemoServer *demo;
  char             *access_token;
  char             *refresh_token;
  gint64            user_id;
  char             *user_name;
  char             *email;
} DemoStart;

static void
demo_start_free (DemoStart *start)
{
  g_clear_object (&start->demo);
  g_free (start->access_token);
  g_free (start->refresh_token);
  g_free (start->user_name);
  g_free (start->email);
  g_free (start);
}

/* On a worker thread: the server, then the sign-in through its own pages. */
static void
start_demo_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DemoStart *start = g_new0 (DemoStart, 1);
  g_autoptr(RosterSignIn) sign_in = NULL;
  GError *error = NULL;

  start->demo = roster_demo_server_start (cancellable, &error);
  if (start->demo != NULL)
    {
      sign_in = roster_sign_in_new (roster_demo_server_get_url (start->demo));
      if (roster_sign_in_with_password (sign_in, ROSTER_DEMO_EMAIL, ROSTER_DEMO_PASSWORD,
                                        &start->access_token, &start->refresh_token, cancellable, &error))
        roster_sign_in_who_am_i (roster_demo_server_get_url (start->demo), start->access_token, &start->user_id,
                                 &start->user_name, &start->email, cancellable, &error);
    }

  if (error != NULL)
    {
      demo_start_free (start);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, start, (GDestroyNotify) demo_start_free);
}

static void
demo_started (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  DemoStart *start = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean reopening = GPOINTER_TO_INT (user_data);
  RosterKnownAccount *account;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (start == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo firm could not start: %s"), error->message);

      /* Its cache is still there to review. */
      if (reopening)
        set_offline (self, TRUE);
      else
        set_state (self, ROSTER_SESSION_SIGNED_OUT);
      fail (self, message, TRUE);
      return;
    }

  g_clear_object (&self->demo);
  self->demo = g_steal_pointer (&start->demo);
  set_tokens (self, start->access_token, start->refresh_token);
  self->tokens_in_memory = FALSE;

  if (reopening)
    {
      g_free (self->account->server);
      self->account->server = g_strdup (roster_demo_server_get_url (self->demo));
    }
  else
    {
      account = roster_known_account_new (roster_demo_server_get_url (self->demo), start->email);
      g_free (account->key);
      account->key = g_strdup (ROSTER_DEMO_KEY);
      account->demo = TRUE;
      account->user_id = start->user_id;
      account->user_name = g_strdup (start->user_name);
      if (!open_account (self, account, &error))
        {
          set_state (self, ROSTER_SESSION_SIGNED_OUT);
          fail (self, error->message, FALSE);
          demo_start_free (start);
          return;
        }
    }

  roster_known_accounts_save (self->account, NULL);
  demo_start_free (start);
  roster_session_refresh (self);
}

static void
start_demo (RosterSession *self,
            gboolean       reopening)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, demo_started, GINT_TO_POINTER (reopening));

  g_task_set_source_tag (task, roster_session_start_demo);
  g_task_run_in_thread (task, start_demo_in_thread);
}

/**
 * roster_session_start_demo:
 *
 * Starts the bundled demo firm on this computer, signs in to it as one of
 * its administrators, and syncs: no network needed.
 */
void
roster_session_start_demo (RosterSession *self)
{
  g_return_if_fail (ROSTER_IS_SESSION (self));

  set_state (self, ROSTER_SESSION_SIGNING_IN);
  start_demo (self, FALSE);
}

/* The last account --------------------------------------------------------- */

typedef struct
{
  char *access_token;
  char *refresh_token;
} Tokens;

static void
tokens_free (Tokens *tokens)
{
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens);
}

static void
lookup_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Tokens *tokens = g_new0 (Tokens, 1);
  GError *error = NULL;

  if (!roster_secrets_lookup (task_data, &tokens->access_token, &tokens->refresh_token, cancellable, &error))
    {
      tokens_free (tokens);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify) tokens_free);
}

static void
tokens_found (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  Tokens *tokens = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (tokens == NULL || tokens->access_token == NULL)
    {
      fail (self, _("The sign-in was not kept: the firm is shown as last synced. Sign out and sign in again to sync."),
            FALSE);
      set_offline (self, TRUE);
      g_clear_pointer (&tokens, tokens_free);
      return;
    }

  set_tokens (self, tokens->access_token, tokens->refresh_token);
  tokens_free (tokens);
  roster_session_refresh (self);
}

/**
 * roster_session_open_last:
 *
 * Opens the account used last, on its cache, and syncs behind it.
 *
 * Returns: %FALSE when this computer knows no account
 */
gboolean
roster_session_open_last (RosterSession *self)
{
  g_autoptr(GError) error = NULL;
  RosterKnownAccount *account = roster_known_accounts_last_used (&error);

  if (account == NULL)
    return FALSE;

  if (!open_account (self, account, &error))
    {
      fail (self, error->message, FALSE);
      set_state (self, ROSTER_SESSION_SIGNED_OUT);
      return FALSE;
    }

  if (self->account->demo)
    start_demo (self, TRUE);
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, tokens_found, NULL);

      g_task_set_task_data (task, g_strdup (self->account->key), g_free);
      g_task_run_in_thread (task, lookup_in_thread);
    }

  return TRUE;
}

/* A firm's own server ----------------------------------------------------- */

typedef struct
{
  char     *server;
  char     *access_token;
  char     *refresh_token;
  gint64    user_id;
  char     *user_name;
  char     *email;
  char     *key;
  gboolean  stored;
} Connected;

static void
connected_free (Connected *connected)
{
  g_free (connected->server);
  g_free (connected->access_token);
  g_free (connected->refresh_token);
  g_free (connected->user_name);
  g_free (connected->email);
  g_free (connected->key);
  g_free (connected);
}

/* On a worker thread: who signed in, and their tokens to the keyring. */
static void
name_account_in_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Connected *connected = task_data;
  g_autoptr(RosterKnownAccount) account = NULL;
  GError *error = NULL;

  if (!roster_sign_in_who_am_i (connected->server, connected->access_token, &connected->user_id,
                                &connected->user_name, &connected->email, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  account = roster_known_account_new (connected->server, connected->email);
  connected->key = g_strdup (account->key);
  connected->stored = roster_secrets_store (account->key, account->key, connected->access_token,
                                            connected->refresh_token, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
account_named (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RosterSession *self = ROSTER_SESSION (source);
  g_autoptr(GError) error = NULL;
  Connected *connected = g_task_get_task_data (G_TASK (result));
  RosterKnownAccount *account;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_state (self, ROSTER_SESSION_SIGNED_OUT);
          fail (self, error->message, FALSE);
        }
      return;
    }

  account = roster_known_account_new (connected->server, connected->email);
  account->user_id = connected->user_id;
  account->user_name = g_strdup (connected->user_name);
  set_tokens (self, connected->access_token, connected->refresh_token);
  self->tokens_in_memory = !connected->stored;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS_IN_MEMORY]);

  if (!open_account (self, account, &error))
    {
      set_state (self, ROSTER_SESSION_SIGNED_OUT);
      fail (self, error->message, FALSE);
      return;
    }
  roster_known_accounts_save (self->account, NULL);
  roster_session_refresh (self);
}

static void
browser_returned (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RosterSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Connected *connected = g_new0 (Connected, 1);

  if (!roster_sign_in_wait_finish (ROSTER_SIGN_IN (source), result, &connected->access_token,
                                   &connected->refresh_token, &error))
    {
      connected_free (connected);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_state (self, ROSTER_SESSION_SIGNED_OUT);
          fail (self, error->message, FALSE);
        }
      g_object_unref (self);
      return;
    }

  connected->server = g_strdup (roster_sign_in_get_server (ROSTER_SIGN_IN (source)));
  task = g_task_new (self, self->cancellable, account_named, NULL);
  g_task_set_task_data (task, connected, (GDestroyNotify) connected_free);
  g_task_run_in_thread (task, name_account_in_thread);
  g_object_unref (self);
}

/**
 * roster_session_connect:
 * @server: the firm's server: https, or http on this computer
 *
 * Opens the server's sign-in page in the browser and waits for it to come
 * back (OAuth 2.0 with PKCE and a loopback redirect).
 */
gboolean
roster_session_connect (RosterSession *self,
                        const char    *server,
                        GError       **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), FALSE);

  g_clear_object (&self->sign_in);
  self->sign_in = roster_sign_in_new (server);
  url = roster_sign_in_begin (self->sign_in, error);
  if (url == NULL)
    return FALSE;

  if (!g_app_info_launch_default_for_uri (url, NULL, error))
    return FALSE;

  set_state (self, ROSTER_SESSION_SIGNING_IN);
  roster_sign_in_wait_async (self->sign_in, self->cancellable, browser_returned, g_object_ref (self));

  return TRUE;
}

void
roster_session_cancel_sign_in (RosterSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->sign_in);
  if (self->demo != NULL)
    roster_demo_server_stop (self->demo);
  g_clear_object (&self->demo);
  set_state (self, self->store != NULL ? ROSTER_SESSION_OPEN : ROSTER_SESSION_SIGNED_OUT);
}

/**
 * roster_session_sign_out:
 * @forget_cache: whether to remove the cached firm too
 *
 * Removes the tokens from the Secret Service and forgets the account.
 */
void
roster_session_sign_out (RosterSession *self,
                         gboolean       forget_cache)
{
  g_autofree char *path = NULL;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  if (!self->account->demo)
    roster_secrets_clear (self->account->key, NULL, NULL);
  roster_known_accounts_forget (self->account->key, NULL);
  set_tokens (self, NULL, NULL);

  path = roster_known_account_cache_path (self->account);
  g_clear_object (&self->store);
  /* What was queued stays in the cache for a later sign-in; nobody here
   * waits for its answer any more. */
  g_array_set_size (self->awaited, 0);
  if (forget_cache)
    roster_store_remove_cache (path);

  if (self->demo != NULL)
    roster_demo_server_stop (self->demo);
  g_clear_object (&self->demo);
  g_clear_pointer (&self->account, roster_known_account_free);
  set_offline (self, FALSE);
  set_state (self, ROSTER_SESSION_SIGNED_OUT);
}
