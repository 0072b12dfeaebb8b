/* roster-session.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-secrets.h"
#include "roster-session-private.h"

/*
 * RosterSession is one signed-in account, for the window and for
 * roster-cli alike: which account, its cache and outbox, its tokens (held
 * here and nowhere else), and the one background path that sends what is
 * queued and then syncs. It has no widgets: the window binds to its
 * properties, the CLI waits on them.
 *
 * Nothing waits for the network to show the cache. Opening an account
 * opens its cache at once; its credentials (the keyring, the demo firm's
 * own sign-in, or a token given for automation) come after, and the sync
 * runs on a worker thread with a connection of its own. No network is a
 * state (:offline); no credentials is another (:credentials, with the
 * reason), never mistaken for the first.
 *
 * Before an action is queued, the session checks every rule the cache can
 * judge with the same roster-rules functions the server applies, so that
 * an action that cannot succeed is refused at once, in the same words, and
 * nothing is queued.
 */


G_DEFINE_FINAL_TYPE (RosterSession, roster_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (roster-session-error-quark, roster_session_error)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_OFFLINE,
  PROP_CREDENTIALS,
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
    case PROP_CREDENTIALS:
      g_value_set_int (value, self->credentials);
      break;
    case PROP_TOKENS_IN_MEMORY:
      g_value_set_boolean (value, self->tokens_in_memory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
roster_session_stop_demo (RosterSession *self)
{
  if (self->demo != NULL)
    roster_demo_server_stop (self->demo);
  g_clear_object (&self->demo);
}

static void
roster_session_dispose (GObject *object)
{
  RosterSession *self = ROSTER_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->send_source, g_source_remove);
  g_clear_object (&self->sign_in);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  roster_session_stop_demo (self);

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
  g_free (self->signed_out_reason);
  g_clear_error (&self->credentials_error);
  g_clear_error (&self->last_sync_error);
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
  properties[PROP_CREDENTIALS] = g_param_spec_int ("credentials", NULL, NULL, ROSTER_CREDENTIALS_UNKNOWN,
                                                   ROSTER_CREDENTIALS_MISSING, ROSTER_CREDENTIALS_UNKNOWN, flags);
  properties[PROP_TOKENS_IN_MEMORY] = g_param_spec_boolean ("tokens-in-memory", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The cache holds something new: read it again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something went wrong that a person should hear of; retryable or not. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* The server answered an action queued through the session: its outbox
   * entry, done or refused (with the server's reason). */
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

/**
 * roster_session_set_sync_on_open:
 *
 * Whether opening an account looks for its credentials and syncs at once,
 * as the window wants; roster-cli syncs only when asked.
 */
void
roster_session_set_sync_on_open (RosterSession *self,
                                 gboolean       sync_on_open)
{
  self->sync_on_open = sync_on_open;
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

/* The collection the running sync is at, for a terminal's progress line. */
const char *
roster_session_get_phase (RosterSession *self)
{
  return self->sync != NULL ? roster_sync_get_phase (self->sync) : NULL;
}

static const char *
phase_label (const char *phase)
{
  static const struct
  {
    const char *phase;
    const char *label;
  } labels[] = {
    { "users", N_("Users") },
    { "matters", N_("Matters") },
    { "tasks", N_("Tasks") },
    { "calendar_entries", N_("Calendar events") },
    { "notifications", N_("Notifications") },
    { "audit_events", N_("Activity") },
    { "account", N_("The account") },
    { "deleted_records", N_("Deleted records") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].phase, phase) == 0)
      return _(labels[i].label);

  return phase;
}

/* "21 minutes", "1 hour 5 minutes": a wait, to the minute past one. */
static char *
wait_text (int seconds)
{
  int minutes = (seconds + 59) / 60;

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", seconds), seconds);
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes), minutes);

  {
    g_autofree char *hours = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", minutes / 60),
                                              minutes / 60);
    g_autofree char *rest = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes % 60),
                                             minutes % 60);

    if (minutes % 60 == 0)
      return g_steal_pointer (&hours);
    /* Translators: a wait, "1 hour 5 minutes". */
    return g_strdup_printf (C_("wait", "%s %s"), hours, rest);
  }
}

/**
 * roster_session_get_held_back:
 *
 * Returns: whether the running sync waits on the server's rate limit: it
 *   will take a while, and the window says how long where it is seen
 */
gboolean
roster_session_get_held_back (RosterSession *self)
{
  return self->sync != NULL && roster_sync_get_seconds_left (self->sync) >= 0;
}

/**
 * roster_progress_text:
 * @phase: the collection a sync is at ("tasks")
 * @done: its records written
 * @expected: its records in all, or 0 when not known yet
 * @seconds_left: how long it takes at the server's rate limit, or -1
 *
 * What a sync has done of its phase and what is left, as the window and
 * the CLI say it: "Tasks: 12,400 of 75,000", and under the server's rate
 * limit "… — about 21 minutes more at the server's rate limit".
 *
 * Returns: (transfer full): the text
 */
char *
roster_progress_text (const char *phase,
                      guint       done,
                      guint       expected,
                      int         seconds_left)
{
  g_autofree char *counts = NULL;
  g_autofree char *wait = NULL;

  if (expected == 0)
    return g_strdup (phase_label (phase));

  /* Translators: a sync's phase and where it is: "Tasks: 12,400 of 75,000". */
  counts = g_strdup_printf (_("%s: %'u of %'u"), phase_label (phase), done, expected);
  if (seconds_left < 0)
    return g_steal_pointer (&counts);

  wait = wait_text (seconds_left);
  /* Translators: "Tasks: 12,400 of 75,000 — about 21 minutes more at the server's rate limit". */
  return g_strdup_printf (_("%s — about %s more at the server’s rate limit"), counts, wait);
}

/**
 * roster_session_dup_progress_text:
 *
 * Returns: (transfer full) (nullable): roster_progress_text() of the sync
 *   under way, or %NULL when none is or it has not said where it is
 */
char *
roster_session_dup_progress_text (RosterSession *self)
{
  const char *phase = roster_session_get_phase (self);

  if (phase == NULL)
    return NULL;

  return roster_progress_text (phase, roster_sync_get_done (self->sync), roster_sync_get_expected (self->sync),
                               roster_sync_get_seconds_left (self->sync));
}

gboolean
roster_session_get_offline (RosterSession *self)
{
  return self->offline;
}

RosterCredentials
roster_session_get_credentials (RosterSession *self)
{
  return self->credentials;
}

/**
 * roster_session_dup_signed_out_reason:
 *
 * Returns: (nullable): why the account cannot talk to its server until
 *   someone signs in again, when it cannot
 */
char *
roster_session_dup_signed_out_reason (RosterSession *self)
{
  return self->credentials == ROSTER_CREDENTIALS_MISSING ? g_strdup (self->signed_out_reason) : NULL;
}

/**
 * roster_session_get_last_sync_error:
 *
 * Returns: (nullable): how the last sync failed, or %NULL after one that
 *   did not
 */
const GError *
roster_session_get_last_sync_error (RosterSession *self)
{
  return self->last_sync_error;
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

/* What the rules need to know of a cached user; %FALSE when not cached. */
gboolean
roster_session_cached_facts (RosterSession   *self,
                             gint64           id,
                             RosterUserFacts *facts,
                             char           **name)
{
  g_autoptr(RosterUser) user = id != 0 ? roster_store_get_user (self->store, id, NULL) : NULL;

  if (user == NULL)
    return FALSE;

  facts->id = id;
  facts->account_owner = roster_user_get_account_owner (user);
  facts->admin = roster_user_get_admin (user);
  facts->enabled = roster_user_get_enabled (user);
  if (name != NULL)
    *name = g_strdup (roster_user_get_name (user));

  return TRUE;
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
  g_autofree char *name = NULL;
  RosterUserFacts me;

  if (self->store == NULL || !roster_session_cached_facts (self, roster_session_get_me (self), &me, &name))
    return NULL;
  if (roster_rules_check_manager (&me) == ROSTER_REFUSAL_NONE)
    return NULL;

  return g_strdup_printf (_("You are signed in as %s, who is neither an administrator nor the primary subscriber: "
                            "the firm is shown read-only"),
                          name);
}

void
roster_session_set_state (RosterSession     *self,
                          RosterSessionState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
roster_session_set_offline (RosterSession *self,
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

void
roster_session_set_credentials (RosterSession    *self,
                                RosterCredentials credentials,
                                const char       *signed_out_reason)
{
  g_free (self->signed_out_reason);
  self->signed_out_reason = g_strdup (signed_out_reason);
  if (self->credentials == credentials)
    return;

  self->credentials = credentials;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS]);
}

void
roster_session_set_tokens_in_memory (RosterSession *self,
                                     gboolean       in_memory)
{
  if (self->tokens_in_memory == in_memory)
    return;

  self->tokens_in_memory = in_memory;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS_IN_MEMORY]);
}

void
roster_session_fail (RosterSession *self,
                     const char    *message,
                     gboolean       retryable)
{
  g_signal_emit (self, signals[FAILED], 0, message, retryable);
}

void
roster_session_set_tokens (RosterSession *self,
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

/* Called on the sync's threads after a refresh: the new tokens replace
 * the session's, and the keyring's when they came from there. */
static void
tokens_refreshed (const char *access_token,
                  const char *refresh_token,
                  gpointer    user_data)
{
  RosterSession *self = user_data;
  g_autofree char *key = NULL;

  roster_session_set_tokens (self, access_token, refresh_token);

  g_mutex_lock (&self->token_lock);
  if (!self->tokens_in_memory && !self->tokens_given && self->account != NULL && !self->account->demo)
    key = g_strdup (self->account->key);
  g_mutex_unlock (&self->token_lock);

  if (key != NULL)
    roster_secrets_store (key, key, access_token, refresh_token, NULL, NULL);
}

/**
 * roster_session_new_api:
 *
 * Returns: (transfer full) (nullable): a client of the account's server
 *   with the session's tokens, whose refreshes the session keeps; %NULL
 *   without credentials
 */
RosterApi *
roster_session_new_api (RosterSession *self)
{
  RosterApi *api;

  g_return_val_if_fail (ROSTER_IS_SESSION (self), NULL);

  if (self->account == NULL || self->credentials != ROSTER_CREDENTIALS_PRESENT)
    return NULL;

  g_mutex_lock (&self->token_lock);
  api = roster_api_new (self->account->server, self->access_token);
  if (self->refresh_token != NULL)
    roster_api_set_refresh (api, ROSTER_CLIENT_ID, self->refresh_token, tokens_refreshed, self);
  g_mutex_unlock (&self->token_lock);

  return api;
}

/**
 * roster_session_dup_closed_at:
 *
 * Returns: (nullable): when the firm's account was closed, as this cache
 *   knows it; what is cached stays for export until it is removed
 */
char *
roster_session_dup_closed_at (RosterSession *self)
{
  return self->store ? roster_store_get_info (self->store, "closed-at") : NULL;
}

/* The account is closed: nothing more can be sent, the cache stays. */
void
roster_session_mark_closed (RosterSession *self,
                            const char    *closed_at)
{
  g_autofree char *known = roster_store_get_info (self->store, "closed-at");

  if (known == NULL)
    roster_store_set_info (self->store, "closed-at", closed_at, NULL);
  roster_session_set_credentials (self, ROSTER_CREDENTIALS_MISSING,
                                  _("The firm’s account is closed: what is cached stays here to export or remove"));
  roster_session_emit_changed (self);
}

void
roster_session_emit_changed (RosterSession *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
send_queued (gpointer user_data)
{
  RosterSession *self = user_data;

  self->send_source = 0;
  roster_session_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Several actions queued in a row (a bulk deactivation, roster-cli with
 * several users) are sent by one flush and one sync, not one sync each:
 * once the code that queued them returns. At the default priority, not
 * an idle one: a window that keeps drawing (a spinner, with software
 * rendering on a loaded machine) would starve an idle, and the action
 * would wait unsent for as long as the spinner turns. */
void
roster_session_send_soon (RosterSession *self)
{
  if (self->send_source == 0)
    self->send_source = g_idle_add_full (G_PRIORITY_DEFAULT, send_queued, self, NULL);
}

/* Leaves a running sync to finish unheard: the account is going. */
void
roster_session_forget_sync (RosterSession *self)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

/* Syncing ------------------------------------------------------------------- */

static void
sync_progress (RosterSync    *sync,
               GParamSpec    *pspec,
               RosterSession *self)
{
  guint expected = roster_sync_get_expected (sync);

  set_progress (self, expected > 0 ? (double) roster_sync_get_done (sync) / expected : 0);
}

/* The users come first, so that the list is there after the first
 * requests while the firm's work follows: once their phase ends, the views
 * read them. The rest shows when the sync ends (sync_finished), rather
 * than the views reading 2,000 users again at every phase. */
static void
sync_phase_changed (RosterSync    *sync,
                    GParamSpec    *pspec,
                    RosterSession *self)
{
  const char *phase = roster_sync_get_phase (sync);
  gboolean users = g_strcmp0 (phase, "users") == 0;

  if (self->syncing_users && !users && phase != NULL)
    g_signal_emit (self, signals[CHANGED], 0);
  self->syncing_users = users;
}

typedef struct
{
  RosterSync *sync;
  RosterApi  *api;
  char       *store_path;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->sync);
  g_clear_object (&job->api);
  g_free (job->store_path);
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
  g_autoptr(RosterStore) store = roster_store_open (job->store_path, &error);
  g_autoptr(RosterOutbox) outbox = store ? roster_outbox_new (store) : NULL;

  if (outbox != NULL && roster_outbox_count_waiting (outbox) > 0 &&
      !roster_outbox_flush (outbox, job->api, NULL, cancellable, &error))
    {
      /* Offline, or signed out: the sync finds it too, and says so. */
      g_debug ("The outbox waits: %s", error->message);
    }
  g_clear_error (&error);

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

  if (self->awaited->len == 0 || self->store == NULL)
    return;

  outbox = roster_outbox_new (self->store);
  for (guint i = 0; i < self->awaited->len;)
    {
      g_autoptr(RosterOutboxEntry) entry = roster_outbox_get (outbox, g_array_index (self->awaited, gint64, i), NULL);

      if (entry == NULL || entry->state == ROSTER_OUTBOX_DONE || entry->state == ROSTER_OUTBOX_REFUSED)
        {
          g_array_remove_index (self->awaited, i);
          if (entry != NULL)
            g_signal_emit (self, signals[ANSWERED], 0, entry);
          continue;
        }
      i++;
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
  g_clear_error (&self->last_sync_error);
  if (error != NULL)
    self->last_sync_error = g_error_copy (error);

  if (ok)
    roster_session_set_offline (self, FALSE);
  else if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_OFFLINE))
    roster_session_set_offline (self, TRUE);
  else if (g_strcmp0 (roster_api_error_get_refusal (error), "account_closed") == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *closed_at = g_date_time_format_iso8601 (now);

      roster_session_set_offline (self, FALSE);
      roster_session_mark_closed (self, closed_at);
    }
  else if (g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED))
    {
      const char *reason = _("The sign-in has expired: sign out and sign in again");

      roster_session_set_offline (self, FALSE);
      roster_session_set_credentials (self, ROSTER_CREDENTIALS_MISSING, reason);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The sync failed: %s"), error->message);

      roster_session_fail (self, message, TRUE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
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
 * roster_session_refresh:
 *
 * Sends what is queued and syncs, on a worker thread. Asked again while a
 * sync runs, it syncs once more after it. Without credentials yet, it
 * looks for them first; signed out, it does nothing.
 */
void
roster_session_refresh (RosterSession *self)
{
  g_autoptr(GTask) task = NULL;
  SyncJob *job;

  g_return_if_fail (ROSTER_IS_SESSION (self));

  if (self->state != ROSTER_SESSION_OPEN)
    return;
  if (self->sync != NULL || self->loading_credentials)
    {
      self->refresh_again = TRUE;
      return;
    }
  if (self->credentials == ROSTER_CREDENTIALS_UNKNOWN && self->credentials_error == NULL)
    {
      self->refresh_again = TRUE;
      roster_session_load_credentials (self);
      return;
    }
  if (self->credentials != ROSTER_CREDENTIALS_PRESENT)
    {
      /* The demo firm's server did not start: nothing to ask. */
      if (self->credentials_error != NULL)
        roster_session_set_offline (self, TRUE);
      return;
    }

  job = g_new0 (SyncJob, 1);
  job->store_path = roster_known_account_cache_path (self->account);
  job->api = roster_session_new_api (self);
  g_mutex_lock (&self->token_lock);
  /* Made here, so that it tells its progress on this thread. */
  job->sync = roster_sync_new (job->store_path, self->account->server, self->access_token);
  if (self->refresh_token != NULL)
    roster_sync_set_refresh (job->sync, ROSTER_CLIENT_ID, self->refresh_token, tokens_refreshed, self);
  g_mutex_unlock (&self->token_lock);

  self->sync = g_object_ref (job->sync);
  g_signal_connect (self->sync, "notify::done", G_CALLBACK (sync_progress), self);
  g_signal_connect (self->sync, "notify::expected", G_CALLBACK (sync_progress), self);
  g_signal_connect (self->sync, "notify::seconds-left", G_CALLBACK (sync_progress), self);
  g_signal_connect (self->sync, "notify::phase", G_CALLBACK (sync_progress), self);
  g_signal_connect (self->sync, "notify::phase", G_CALLBACK (sync_phase_changed), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  task = g_task_new (self, self->cancellable, sync_finished, NULL);
  g_task_set_source_tag (task, roster_session_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) sync_job_free);
  g_task_run_in_thread (task, sync_in_thread);
}

/**
 * roster_session_wait_idle:
 *
 * Runs the thread-default main context until no sync runs or is due, for
 * a caller with no main loop of its own (roster-cli).
 */
void
roster_session_wait_idle (RosterSession *self)
{
  g_return_if_fail (ROSTER_IS_SESSION (self));

  while (self->sync != NULL || self->loading_credentials || self->refresh_again || self->send_source != 0)
    {
      if (self->sync == NULL && !self->loading_credentials && self->send_source == 0)
        {
          /* Asked for again while nothing runs: only when the sync could
           * not start (signed out). */
          self->refresh_again = FALSE;
          break;
        }
      g_main_context_iteration (NULL, TRUE);
    }
}
