/* roster-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-account-window.h"
#include "roster-activity-window.h"
#include "roster-connect-page.h"
#include "roster-deactivate-users-dialog.h"
#include "roster-exit-when-drawn.h"
#include "roster-labels.h"
#include "roster-notifications-button.h"
#include "roster-outbox-button.h"
#include "roster-reassign-dialog.h"
#include "roster-rules.h"
#include "roster-session.h"
#include "roster-side-by-side.h"
#include "roster-signing-in-page.h"
#include "roster-user-page.h"
#include "roster-users-view.h"
#include "roster-welcome-page.h"
#include "roster-window.h"

/*
 * The main window: the welcome page with its two ways in, the sign-in's
 * pages, and once an account is open the users list and a user's page.
 * It shows the account's cache at once and never waits for the network:
 * the session syncs behind it and says when the cache changed. Offline is
 * a banner with the time of the last sync, not an error.
 */

struct _RosterWindow
{
  AdwApplicationWindow       parent_instance;

  GSettings                 *settings;
  RosterSession             *session;
  guint                      sync_timeout;
  guint                      width_source;
  gboolean                   refresh_asked;  /* Ctrl+R: the answer is said, even "still offline" */

  /* Template widgets */
  AdwToastOverlay           *toast_overlay;
  AdwWindowTitle            *window_title;
  gboolean                   showed_held_back;  /* the subtitle says how long the sync takes */
  GtkWidget                 *back_button;
  GtkWidget                 *refresh_button;
  GtkProgressBar            *sync_progress;
  GtkRevealer               *offline_banner;
  GtkLabel                  *offline_label;
  GtkRevealer               *signed_out_banner;
  GtkLabel                  *signed_out_label;
  GtkRevealer               *read_only_banner;
  GtkRevealer               *memory_banner;
  GtkLabel                  *read_only_label;
  /* The closed account (issue 14): since when, and a way to its export. */
  GtkRevealer               *closed_banner;
  GtkLabel                  *closed_label;
  GtkStack                  *main_stack;
  RosterUsersView           *users_view;
  /* Made when a user is first opened (ensure_user_page()); held by
   * page_holder or side_pane. */
  RosterUserPage            *user_page;
  /* Wide windows: the user's page beside the list (side_pane) instead of
   * in place of it (page_holder, the "user" page of the stack). */
  AdwBin                    *page_holder;
  AdwBin                    *side_pane;
  GtkWidget                 *side_separator;
  gboolean                   side_by_side;
  /* Notifications (issue 14): the bell in the header bar. */
  RosterNotificationsButton *notifications_button;
  RosterOutboxButton        *outbox_button;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

RosterWindow *
roster_window_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * roster_window_get_session:
 *
 * Returns: (transfer none): the account the window shows
 */
RosterSession *
roster_window_get_session (RosterWindow *self)
{
  return self->session;
}

/* An error where no page can say it: a dialog, read before going on. */
static void
alert (RosterWindow *self,
       const char   *heading,
       const char   *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  roster_a11y_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A confirmation, or a word that repeats what the page says: never the
 * only place an error is told. */
static void
toast (RosterWindow *self,
       const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Only the page on screen is visible to GTK. A page that the stack merely
 * keeps out of sight is still styled with the rest of the window, so every
 * page's widgets counted in the first frame of the one shown (#17). The
 * page left is hidden once the crossfade to the next has ended. */
static void
hide_pages_not_shown (RosterWindow *self)
{
  GtkWidget *shown = gtk_stack_get_visible_child (self->main_stack);

  if (gtk_stack_get_transition_running (self->main_stack))
    return;

  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->main_stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    gtk_widget_set_visible (page, page == shown);
}

/* The stack's page of that name. The pages for signing in are made when
 * first asked for (#17): a window that opens on an account never shows
 * them, and made with the window they were a fifth of what its templates
 * cost before the first frame. */
static GtkWidget *
page_by_name (RosterWindow *self,
              const char   *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->main_stack, name);

  if (page != NULL)
    return page;

  if (g_str_equal (name, "welcome"))
    page = roster_welcome_page_new ();
  else if (g_str_equal (name, "connect"))
    page = roster_connect_page_new ();
  else if (g_str_equal (name, "signing-in"))
    page = roster_signing_in_page_new ();
  else
    g_return_val_if_reached (NULL);

  /* Its buttons named for a screen reader, as the window's own were. */
  roster_a11y_name_buttons (page);
  gtk_widget_set_visible (page, FALSE);
  gtk_stack_add_named (self->main_stack, page, name);
  return page;
}

static void
show_page (RosterWindow *self,
           const char   *name)
{
  gboolean user = g_str_equal (name, "user");
  gboolean open = user || g_str_equal (name, "users");
  const char *before = gtk_stack_get_visible_child_name (self->main_stack);

  gtk_widget_set_visible (page_by_name (self, name), TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, name);
  hide_pages_not_shown (self);
  if (!user)
    adw_window_title_set_title (self->window_title, _("Roster"));
  /* Each page opens with the focus on its first useful control (into the
   * list, a person types first: the search). */
  if (g_strcmp0 (before, name) != 0)
    {
      if (g_str_equal (name, "users"))
        gtk_widget_grab_focus (roster_users_view_get_search_entry (self->users_view));
      else
        gtk_widget_grab_focus (gtk_stack_get_visible_child (self->main_stack));
    }
  /* Back is the header bar's, from a user's page and from connecting. */
  gtk_widget_set_visible (self->back_button, user || g_str_equal (name, "connect"));
  gtk_widget_set_visible (self->refresh_button, open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", open);
  /* Account and Licenses (issue 14): for an open account. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.account", open);
  /* Activity (issue 14): for an open account. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.activity", open);
  /* Signing out needs an account to sign out of. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", open);
}

/* Whether a user's page is on screen: in place of the list, or beside it. */
static gboolean
user_page_shown (RosterWindow *self)
{
  return g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "user") ||
         gtk_widget_get_visible (GTK_WIDGET (self->side_pane));
}

static void
show_side_pane (RosterWindow *self,
                gboolean      shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->side_pane), shown);
  gtk_widget_set_visible (self->side_separator, shown);
}

/* Whether the signed-in user may change the firm's users from here. */
static void
set_managing (RosterWindow *self,
              gboolean      managing)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.deactivate-user", managing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reactivate-user", managing);
  /* Reassign Work (issue 14). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reassign-work", managing);
}

/* The banners and the title, from the session. */
static void
update_status (RosterWindow *self)
{
  RosterKnownAccount *account = roster_session_get_account (self->session);
  g_autofree char *reason = NULL;

  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN || account == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_revealer_set_reveal_child (self->offline_banner, FALSE);
      gtk_revealer_set_reveal_child (self->signed_out_banner, FALSE);
      gtk_revealer_set_reveal_child (self->read_only_banner, FALSE);
      gtk_revealer_set_reveal_child (self->closed_banner, FALSE);
      set_managing (self, FALSE);
      return;
    }

  {
    g_autoptr(RosterAccount) firm = roster_store_get_account (roster_session_get_store (self->session), NULL);
    g_autofree char *subtitle = NULL;

    /* A sync the server's rate limit holds back says how long it takes
     * where it is seen; the bar alone would look stuck. */
    if (roster_session_get_held_back (self->session))
      subtitle = roster_session_dup_progress_text (self->session);
    else if (account->demo)
      subtitle = g_strdup_printf (_("%s — the demo firm"), firm ? roster_account_get_name (firm) : _("Demo"));
    else
      subtitle = g_strdup (firm ? roster_account_get_name (firm) : account->server);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  if (roster_session_get_offline (self->session) || roster_session_get_last_sync_error (self->session) != NULL)
    {
      const GError *sync_error = roster_session_get_last_sync_error (self->session);
      g_autofree char *synced = roster_session_dup_last_synced_at (self->session);
      g_autofree char *text = NULL;

      if (synced != NULL)
        {
          g_autofree char *when = roster_labels_date_time (synced);

          text = g_strdup_printf (_("Offline — showing the firm as last synced on %s"), when);
        }
      else
        text = g_strdup (_("Offline — the firm has not been synced yet"));
      /* Online, a sync that failed says why, in the one banner with the
       * one Retry. */
      if (!roster_session_get_offline (self->session))
        {
          g_free (text);
          text = g_strdup_printf (_("The last sync failed: %s"), sync_error->message);
        }
      gtk_label_set_label (self->offline_label, text);
    }
  gtk_revealer_set_reveal_child (self->offline_banner, roster_session_get_offline (self->session) ||
                                 roster_session_get_last_sync_error (self->session) != NULL);

  /* Signed out is said where the user looks, until they sign in again. */
  {
    g_autofree char *signed_out = roster_session_dup_signed_out_reason (self->session);

    if (signed_out != NULL)
      gtk_label_set_label (self->signed_out_label, signed_out);
    gtk_revealer_set_reveal_child (self->signed_out_banner, signed_out != NULL);
  }

  reason = roster_session_dup_read_only_reason (self->session);
  if (reason != NULL)
    gtk_label_set_label (self->read_only_label, reason);
  gtk_revealer_set_reveal_child (self->read_only_banner, reason != NULL);
  set_managing (self, reason == NULL);

  /* The closed account (issue 14): its one banner, in place of signed out
   * and read-only, says since when; nothing can be changed any more. */
  {
    g_autofree char *closed_at = roster_session_dup_closed_at (self->session);
    g_autofree char *when = roster_labels_date_time (closed_at);
    g_autofree char *text = NULL;

    if (closed_at != NULL)
      {
        text = g_strdup_printf (_("The firm’s account was closed on %s: nothing can be changed any more"), when);
        gtk_label_set_label (self->closed_label, text);
        gtk_revealer_set_reveal_child (self->signed_out_banner, FALSE);
        gtk_revealer_set_reveal_child (self->read_only_banner, FALSE);
        set_managing (self, FALSE);
      }
    gtk_revealer_set_reveal_child (self->closed_banner, closed_at != NULL);
  }
}

static void
session_state_changed (RosterSession *session,
                       GParamSpec    *pspec,
                       RosterWindow  *self)
{
  switch (roster_session_get_state (session))
    {
    case ROSTER_SESSION_SIGNED_OUT:
      show_side_pane (self, FALSE);
      roster_users_view_set_store (self->users_view, NULL);
      if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "connect"))
        show_page (self, "welcome");
      break;

    case ROSTER_SESSION_SIGNING_IN:
      show_page (self, "signing-in");
      break;

    case ROSTER_SESSION_OPEN:
      roster_users_view_set_me (self->users_view, roster_session_get_me (session));
      roster_users_view_set_store (self->users_view, roster_session_get_store (session));
      if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "user"))
        show_page (self, "users");
      break;

    default:
      g_assert_not_reached ();
    }

  update_status (self);
}

/* For bench/ (ROSTER_EXIT_WHEN_DRAWN): the users list painted with its rows. */
static gboolean
users_drawn (GtkWindow *window)
{
  RosterWindow *self = ROSTER_WINDOW (window);

  return g_list_model_get_n_items (roster_users_view_get_model (self->users_view)) > 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (self->users_view));
}

static void
session_changed (RosterSession *session,
                 RosterWindow  *self)
{
  /* Who is signed in is known once the first sync said so. */
  roster_users_view_set_me (self->users_view, roster_session_get_me (session));
  roster_users_view_reload (self->users_view);
  if (user_page_shown (self))
    roster_user_page_reload (self->user_page);
  update_status (self);
}

static void
session_failed (RosterSession *session,
                const char    *message,
                gboolean       retryable,
                RosterWindow  *self)
{
  /* An open account's failures are in its banners, with Retry; before one
   * is open (a sign-in, the demo not starting) the welcome page returns
   * and a dialog says why. */
  if (roster_session_get_state (session) == ROSTER_SESSION_OPEN)
    {
      update_status (self);
      if (self->refresh_asked && roster_session_get_offline (session))
        toast (self, _("Still offline: the firm’s server cannot be reached"));
      self->refresh_asked = FALSE;
      return;
    }

  alert (self, _("Could Not Sign In"), message);
}

static void
sync_progress_changed (RosterSession *session,
                       GParamSpec    *pspec,
                       RosterWindow  *self)
{
  double progress = roster_session_get_progress (session);
  g_autofree char *text = roster_session_dup_progress_text (session);
  gboolean held_back = roster_session_get_held_back (session);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), roster_session_get_syncing (session));
  if (progress > 0)
    gtk_progress_bar_set_fraction (self->sync_progress, progress);
  else
    gtk_progress_bar_pulse (self->sync_progress);

  /* What is done and left, for the pointer and for a screen reader. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_progress), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text ? text : "", -1);
  if (held_back || self->showed_held_back)
    update_status (self);
  self->showed_held_back = held_back;
}

static void
offline_changed (RosterSession *session,
                 GParamSpec    *pspec,
                 RosterWindow  *self)
{
  update_status (self);
  /* What waits says whether it waits for the network. */
  if (user_page_shown (self))
    roster_user_page_reload (self->user_page);
}

static void
tokens_in_memory_changed (RosterSession *session,
                          GParamSpec    *pspec,
                          RosterWindow  *self)
{
  /* A warning that holds as long as the session: a banner, not a toast. */
  gboolean in_memory = roster_session_get_tokens_in_memory (session);

  /* Hidden, not only folded away: GTK 4.8 reads a folded revealer's
   * label out to a screen reader all the same. */
  gtk_widget_set_visible (GTK_WIDGET (self->memory_banner), in_memory);
  gtk_revealer_set_reveal_child (self->memory_banner, in_memory);
}

/* The user's page, made when the first user is opened (#17): a window
 * that only lists users never needs it, and made with the window it cost
 * a sixth of its templates before the first frame. It goes beside the
 * list on a wide window, in a page of its own otherwise. */
static RosterUserPage *
ensure_user_page (RosterWindow *self)
{
  if (self->user_page == NULL)
    {
      self->user_page = ROSTER_USER_PAGE (roster_user_page_new ());
      adw_bin_set_child (self->side_by_side ? self->side_pane : self->page_holder, GTK_WIDGET (self->user_page));
    }
  return self->user_page;
}

static void
user_activated (RosterUsersView *view,
                gint64           user_id,
                RosterWindow    *self)
{
  g_autoptr(RosterUser) user = roster_store_get_user (roster_session_get_store (self->session), user_id, NULL);

  if (user != NULL && roster_user_page_show_user (ensure_user_page (self), self->session, user_id))
    {
      roster_user_page_scroll_to_top (self->user_page);
      /* Beside the list, the list keeps the focus: the next user is an
       * arrow key away. */
      if (self->side_by_side)
        {
          show_side_pane (self, TRUE);
          return;
        }
      adw_window_title_set_title (self->window_title, roster_user_get_name (user));
      show_page (self, "user");
    }
}

/* From this width a user's page opens beside the list, which keeps its
 * columns: the page takes SIDE_PANE_WIDTH of it. */
#define SIDE_BY_SIDE_WIDTH 1280
#define SIDE_PANE_WIDTH    560

/* Moves the user's page beside the list, or back to a page of its own. */
static void
set_side_by_side (RosterWindow *self,
                  gboolean      side_by_side)
{
  GtkWidget *page = GTK_WIDGET (self->user_page);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean shown = page != NULL && roster_user_page_get_user_id (self->user_page) != 0 && user_page_shown (self);
  gboolean had_focus = page != NULL && focus != NULL && (focus == page || gtk_widget_is_ancestor (focus, page));

  if (self->side_by_side == side_by_side)
    return;
  self->side_by_side = side_by_side;
  /* No user opened yet: the page is made where it belongs when one is. */
  if (page == NULL)
    return;

  g_object_ref (page);
  if (side_by_side)
    {
      adw_bin_set_child (self->page_holder, NULL);
      adw_bin_set_child (self->side_pane, page);
      show_side_pane (self, shown);
      if (g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "user"))
        show_page (self, "users");
    }
  else
    {
      adw_bin_set_child (self->side_pane, NULL);
      show_side_pane (self, FALSE);
      adw_bin_set_child (self->page_holder, page);
      /* The page that was beside the list goes on in place of it. */
      if (shown)
        {
          g_autoptr(RosterUser) user = roster_store_get_user (roster_session_get_store (self->session),
                                                              roster_user_page_get_user_id (self->user_page), NULL);

          if (user != NULL)
            adw_window_title_set_title (self->window_title, roster_user_get_name (user));
          show_page (self, "user");
        }
    }
  g_object_unref (page);
  if (had_focus)
    gtk_widget_grab_focus (page);
}

/* The page beside the list or not, and the list's columns, for a window
 * @width pixels wide. */
static void
lay_out_for_width (RosterWindow *self,
                   int           width)
{
  set_side_by_side (self, width >= SIDE_BY_SIDE_WIDTH);
  gtk_widget_set_size_request (GTK_WIDGET (self->side_pane), self->side_by_side ? SIDE_PANE_WIDTH : -1, -1);
  roster_users_view_set_width (self->users_view,
                               gtk_widget_get_visible (GTK_WIDGET (self->side_pane)) ? width - SIDE_PANE_WIDTH : width);
}

static gboolean
apply_width (gpointer user_data)
{
  RosterWindow *self = user_data;

  self->width_source = 0;
  lay_out_for_width (self, gtk_widget_get_width (GTK_WIDGET (self)));

  return G_SOURCE_REMOVE;
}

/* The layout follows the width once it is allocated: changing it inside
 * the allocation would size the window again in the middle. */
static void
roster_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  GTK_WIDGET_CLASS (roster_window_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->width_source == 0)
    self->width_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_width, self, NULL);
}

/* Periodic sync ------------------------------------------------------------ */

static gboolean
periodic_sync (gpointer user_data)
{
  RosterWindow *self = user_data;

  roster_session_refresh (self->session);

  return G_SOURCE_CONTINUE;
}

static void
schedule_sync (RosterWindow *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->sync_timeout, g_source_remove);
  if (minutes > 0)
    self->sync_timeout = g_timeout_add_seconds (minutes * 60, periodic_sync, self);
}

/* Actions ------------------------------------------------------------------ */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  self->refresh_asked = TRUE;
  roster_session_refresh (self->session);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_str_equal (page, "user"))
    show_page (self, "users");
  /* In the list, Escape clears the search; then it closes the page
   * beside the list. */
  else if (g_str_equal (page, "users"))
    {
      if (!roster_users_view_clear_search (self->users_view) && gtk_widget_get_visible (GTK_WIDGET (self->side_pane)))
        show_side_pane (self, FALSE);
    }
  else if (g_str_equal (page, "connect"))
    show_page (self, "welcome");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    return;
  show_page (self, "users");
  gtk_widget_grab_focus (roster_users_view_get_search_entry (self->users_view));
}

static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  roster_signing_in_page_set_description (ROSTER_SIGNING_IN_PAGE (page_by_name (self, "signing-in")),
                                          _("Starting the demo firm on this computer and signing in as one of its "
                                            "administrators"));
  roster_session_start_demo (self->session);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_page (ROSTER_WINDOW (widget), "connect");
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);
  g_autofree char *server = roster_connect_page_dup_server (ROSTER_CONNECT_PAGE (page_by_name (self, "connect")));
  g_autoptr(GError) error = NULL;

  roster_signing_in_page_set_description (ROSTER_SIGNING_IN_PAGE (page_by_name (self, "signing-in")),
                                          _("Sign in in the browser window that opened, then come back here"));
  if (!roster_session_connect (self->session, server, &error))
    alert (self, _("Could Not Sign In"), error->message);
}

static void
cancel_sign_in_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  roster_session_cancel_sign_in (ROSTER_WINDOW (widget)->session);
}

static void
sign_out_response (AdwMessageDialog *dialog,
                   const char       *response,
                   RosterWindow     *self)
{
  GtkWidget *forget = adw_message_dialog_get_extra_child (dialog);

  if (!g_str_equal (response, "sign-out"))
    return;

  roster_session_sign_out (self->session, gtk_check_button_get_active (GTK_CHECK_BUTTON (forget)));
  show_page (self, "welcome");
}

/* Deactivating and reactivating ------------------------------------------ */

/* Several users at once, from the list's selection. */
static void
selected_deactivation_answered (AdwMessageDialog *dialog,
                                const char       *response,
                                RosterWindow     *self)
{
  if (g_str_equal (response, "deactivate"))
    roster_users_view_set_selection_mode (self->users_view, FALSE);
}

static void
deactivate_selected (RosterUsersView *view,
                     RosterWindow    *self)
{
  g_autoptr(GArray) ids = roster_users_view_dup_selected_ids (view);
  GtkWidget *dialog = roster_deactivate_users_dialog_new (GTK_WINDOW (self), self->session, ids);

  g_signal_connect_object (dialog, "response", G_CALLBACK (selected_deactivation_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
queue_for_user (RosterWindow *self,
                RosterAction  action,
                gint64        user_id)
{
  g_autoptr(GError) error = NULL;

  gint64 queued = action == ROSTER_ACTION_DEACTIVATE
                   ? roster_session_deactivate (self->session, user_id, &error)
                   : roster_session_activate (self->session, user_id, &error);

  if (queued == 0)
    alert (self, action == ROSTER_ACTION_DEACTIVATE ? _("Not Deactivated") : _("Not Reactivated"), error->message);
  else if (roster_session_get_offline (self->session))
    toast (self, _("Roster is offline: the change is kept and sent at the next sync"));
  /* The button pressed may be gone (a pending row stands in its place):
   * the focus returns to the page, not to nowhere. */
  if (user_page_shown (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->user_page));
}

static void
user_action_response (AdwMessageDialog *dialog,
                      const char       *response,
                      RosterWindow     *self)
{
  gint64 user_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "user-id"));

  if (g_str_equal (response, "deactivate"))
    queue_for_user (self, ROSTER_ACTION_DEACTIVATE, user_id);
  else if (g_str_equal (response, "reactivate"))
    queue_for_user (self, ROSTER_ACTION_ACTIVATE, user_id);
  /* Reassign Work First (issue 14): the work moves, then the deactivation. */
  else if (g_str_equal (response, "reassign-first"))
    gtk_window_present (GTK_WINDOW (roster_reassign_dialog_new (GTK_WINDOW (self), self->session, user_id, TRUE)));
}

/* Takes back the queued action whose outbox id is @parameter. */
static void
cancel_action_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!roster_session_cancel_action (self->session, g_variant_get_int64 (parameter), &error))
    {
      alert (self, _("The Action Cannot Be Cancelled"), error->message);
      return;
    }
  toast (self, _("The action was cancelled and will not be sent"));
  if (self->user_page != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->user_page));
}

/* Reassign Work (issue 14): the dialog for the user whose id is @parameter. */
static void
reassign_work_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  if (roster_session_get_store (self->session) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (roster_reassign_dialog_new (GTK_WINDOW (self), self->session,
                                                              g_variant_get_int64 (parameter), FALSE)));
}

/* Asks before @action is done to the user whose id is @parameter, saying
 * what follows, as the help centre does. */
static void
user_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);
  RosterStore *store = roster_session_get_store (self->session);
  gboolean deactivate = g_str_equal (action_name, "win.deactivate-user");
  gint64 user_id = g_variant_get_int64 (parameter);
  g_autoptr(RosterUser) user = store ? roster_store_get_user (store, user_id, NULL) : NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (user == NULL)
    return;

  if (deactivate)
    {
      g_autoptr(RosterAccount) firm = roster_store_get_account (store, NULL);
      RosterSubscription subscription = ROSTER_SUBSCRIPTION_MONTHLY;

      if (firm != NULL)
        roster_subscription_from_string (roster_account_get_subscription (firm), &subscription);
      body = roster_rules_deactivation_warning (roster_user_get_name (user), subscription,
                                                roster_user_get_personal_injury_license (user));
    }
  else
    body = roster_rules_reactivation_warning (roster_user_get_name (user), roster_user_get_email (user));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, body);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), deactivate ? _("Deactivate %s?") : _("Reactivate %s?"),
                                     roster_user_get_name (user));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (deactivate)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "deactivate", _("_Deactivate"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deactivate",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      /* Reassign Work First (issue 14), when there is open work to move. */
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autofree char *now_text = g_date_time_format_iso8601 (now);
        RosterOpenWork work = { 0, 0, 0 };

        if (roster_store_get_open_work (store, user_id, now_text, &work, NULL) &&
            work.matters + work.tasks + work.events > 0)
          {
            g_autofree char *matters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open matter",
                                                                     "%u open matters", work.matters),
                                                        work.matters);
            g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks",
                                                                   work.tasks), work.tasks);
            g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upcoming event",
                                                                    "%u upcoming events", work.events),
                                                       work.events);

            adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                            /* Translators: the warning, then the user's open work. */
                                            _("%s\n\nThey still have %s, %s and %s: what can move is best "
                                              "reassigned first."), body, matters, tasks, events);
            adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "reassign-first",
                                             _("Reassign Work _First…"));
          }
      }
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "reactivate", _("_Reactivate"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reactivate",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "user-id", GSIZE_TO_POINTER ((gsize) user_id));
  g_signal_connect (dialog, "response", G_CALLBACK (user_action_response), self);
  roster_a11y_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The server's answer to a deactivation or a reactivation. */
static void
session_answered (RosterSession     *session,
                  RosterOutboxEntry *entry,
                  RosterWindow      *self)
{
  RosterStore *store = roster_session_get_store (session);
  g_autoptr(RosterUser) user = store ? roster_store_get_user (store, entry->target_id, NULL) : NULL;
  const char *name = user ? roster_user_get_name (user) : "";
  gboolean deactivate = entry->action == ROSTER_ACTION_DEACTIVATE;
  g_autofree char *message = NULL;

  /* Renewal options (issue 14): the Account and Licenses window shows the
   * answer in full; here, a word of it. */
  if (entry->action == ROSTER_ACTION_RENEWAL_OPTIONS)
    {
      if (entry->state == ROSTER_OUTBOX_REFUSED)
        message = g_strdup_printf (_("The renewal options were not changed: %s"), entry->error_message);
      toast (self, message ? message : _("The renewal options were changed"));
      return;
    }

  /* Reassign Work (issue 14): its dialog shows the answer in full; here, a
   * word of it. */
  if (entry->action == ROSTER_ACTION_REASSIGN_WORK)
    {
      message = entry->state == ROSTER_OUTBOX_REFUSED
                  ? g_strdup_printf (_("The work of %s was not reassigned: %s"), name, entry->error_message)
                  : g_strdup_printf (_("The work of %s was reassigned"), name);
      toast (self, message);
      return;
    }

  if (entry->state == ROSTER_OUTBOX_REFUSED)
    message = deactivate ? g_strdup_printf (_("%s was not deactivated: %s"), name, entry->error_message)
                         : g_strdup_printf (_("%s was not reactivated: %s"), name, entry->error_message);
  else
    message = deactivate ? g_strdup_printf (_("%s was deactivated"), name)
                         : g_strdup_printf (_("%s was reactivated"), name);
  toast (self, message);
}

/* Account and Licenses (issue 14), over the window. */
static void
account_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    return;
  gtk_window_present (GTK_WINDOW (roster_account_window_new (GTK_WINDOW (self), self->session, self->settings)));
}

/* Activity (issue 14): the firm's audit log, in a window of its own. */
static void
activity_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);

  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    return;
  roster_activity_window_present (GTK_WINDOW (self), self->session);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RosterWindow *self = ROSTER_WINDOW (widget);
  RosterKnownAccount *account = roster_session_get_account (self->session);
  GtkWidget *dialog;
  GtkWidget *forget;

  if (account == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Roster will forget the sign-in of %s. Actions not yet sent stay in the cache "
                                    "unless it is removed."),
                                  account->user_name ? account->user_name : account->email);
  forget = gtk_check_button_new_with_mnemonic (_("Also _remove the firm’s data from this computer"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), forget);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (sign_out_response), self);
  roster_a11y_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The last account's users show at once when the window opens on them, not
 * the welcome page fading into them. */
static gboolean
open_last_at_once (RosterWindow *self)
{
  GtkStackTransitionType transition = gtk_stack_get_transition_type (self->main_stack);
  gboolean opened;

  gtk_stack_set_transition_type (self->main_stack, GTK_STACK_TRANSITION_TYPE_NONE);
  opened = roster_session_open_last (self->session);
  gtk_stack_set_transition_type (self->main_stack, transition);

  return opened;
}

/**
 * roster_window_open:
 * @demo: go straight to the demo firm
 *
 * Opens the account used last (or the demo firm), else the welcome page.
 */
void
roster_window_open (RosterWindow *self,
                    gboolean      demo)
{
  RosterKnownAccount *account = roster_session_get_account (self->session);

  if (roster_session_get_state (self->session) != ROSTER_SESSION_SIGNED_OUT)
    {
      if (!demo || (account != NULL && account->demo))
        return;
    }

  if (demo)
    {
      g_autoptr(RosterKnownAccount) last = roster_known_accounts_last_used (NULL);

      /* The demo firm as it was left, when it was the last account. */
      if (last == NULL || !last->demo || !open_last_at_once (self))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.demo", NULL);
      return;
    }

  if (!open_last_at_once (self))
    show_page (self, "welcome");
  roster_exit_when_drawn_mark ("account");
}

static void
roster_window_restore_state (RosterWindow *self)
{
  int width;
  int height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  /* The layout for the width the window opens at, before its first frame:
   * laid out only once allocated, the first frame showed every column,
   * squeezed, the next one the columns for the width, and the window
   * measured and drew columns it then hid (#17). A maximized window's
   * width is known only once it is shown; it opens with every column, as
   * a wide window does. */
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  else
    lay_out_for_width (self, width);
}

static void
roster_window_save_state (RosterWindow *self)
{
  int width;
  int height;

  /* The default size follows the window's size while it is not maximized,
   * so it is the size to restore after a maximized session too. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
roster_window_close_request (GtkWindow *window)
{
  roster_window_save_state (ROSTER_WINDOW (window));

  return GTK_WINDOW_CLASS (roster_window_parent_class)->close_request (window);
}

static void
roster_window_constructed (GObject *object)
{
  RosterWindow *self = ROSTER_WINDOW (object);
  GtkApplication *application;

  G_OBJECT_CLASS (roster_window_parent_class)->constructed (object);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (ROSTER_IS_APPLICATION (application))
    self->settings = g_object_ref (roster_application_get_settings (ROSTER_APPLICATION (application)));
  else
    self->settings = g_settings_new (SCHEMA_ID);

  roster_window_restore_state (self);
  g_signal_connect_object (self->settings, "changed::sync-interval", G_CALLBACK (schedule_sync), self,
                           G_CONNECT_SWAPPED);
  schedule_sync (self);
}

static void
roster_window_dispose (GObject *object)
{
  RosterWindow *self = ROSTER_WINDOW (object);

  g_clear_handle_id (&self->sync_timeout, g_source_remove);
  g_clear_handle_id (&self->width_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* Its holder, a template child, drops it. */
  self->user_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_WINDOW);

  G_OBJECT_CLASS (roster_window_parent_class)->dispose (object);
}

static void
roster_window_finalize (GObject *object)
{
  RosterWindow *self = ROSTER_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (roster_window_parent_class)->finalize (object);
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = roster_window_constructed;
  object_class->dispose = roster_window_dispose;
  object_class->finalize = roster_window_finalize;

  window_class->close_request = roster_window_close_request;
  widget_class->size_allocate = roster_window_size_allocate;

  g_type_ensure (ROSTER_TYPE_USERS_VIEW);
  g_type_ensure (ROSTER_TYPE_NOTIFICATIONS_BUTTON);
  g_type_ensure (ROSTER_TYPE_OUTBOX_BUTTON);
  g_type_ensure (ROSTER_TYPE_SIDE_BY_SIDE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, signed_out_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, signed_out_label);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, memory_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, closed_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, closed_label);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, users_view);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, page_holder);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, side_pane);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, side_separator);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, notifications_button);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, outbox_button);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sign-in", NULL, cancel_sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.account", NULL, account_action);
  gtk_widget_class_install_action (widget_class, "win.activity", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "win.deactivate-user", "x", user_action);
  gtk_widget_class_install_action (widget_class, "win.reactivate-user", "x", user_action);
  gtk_widget_class_install_action (widget_class, "win.reassign-work", "x", reassign_work_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-action", "x", cancel_action_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

/* The keyboard shortcuts window, built when first asked for. GtkApplication
 * builds one from gtk/help-overlay.ui for each window it is given, as the
 * window opens: 7 to 10 ms of a start-up of 350 (#17). */
static void
show_shortcuts (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplicationWindow *window = user_data;
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (window);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/roster-shortcuts-window.ui");

      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, shortcuts);
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
roster_window_init (RosterWindow *self)
{
  g_autoptr(GSimpleAction) shortcuts = g_simple_action_new ("show-help-overlay", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Before the window has a shortcuts window, which would add its own. */
  g_signal_connect (shortcuts, "activate", G_CALLBACK (show_shortcuts), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (shortcuts));

  self->session = roster_session_new ();
  roster_session_set_sync_on_open (self->session, TRUE);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (session_state_changed), self);
  g_signal_connect (self->session, "notify::offline", G_CALLBACK (offline_changed), self);
  g_signal_connect (self->session, "notify::credentials", G_CALLBACK (offline_changed), self);
  g_signal_connect (self->session, "notify::syncing", G_CALLBACK (sync_progress_changed), self);
  g_signal_connect (self->session, "notify::progress", G_CALLBACK (sync_progress_changed), self);
  g_signal_connect (self->session, "notify::tokens-in-memory", G_CALLBACK (tokens_in_memory_changed), self);
  g_signal_connect_swapped (self->main_stack, "notify::transition-running", G_CALLBACK (hide_pages_not_shown), self);
  g_signal_connect (self->session, "changed", G_CALLBACK (session_changed), self);
  g_signal_connect (self->session, "failed", G_CALLBACK (session_failed), self);
  g_signal_connect (self->session, "answered", G_CALLBACK (session_answered), self);
  g_signal_connect (self->users_view, "user-activated", G_CALLBACK (user_activated), self);
  /* Notifications (issue 14): the signed-in user's, from the session. */
  roster_notifications_button_set_session (self->notifications_button, self->session);
  roster_outbox_button_set_session (self->outbox_button, self->session);
  g_signal_connect (self->users_view, "deactivate-requested", G_CALLBACK (deactivate_selected), self);

  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (roster_users_view_get_search_entry (self->users_view)),
                                           GTK_WIDGET (self));
  if (g_getenv ("ROSTER_EXIT_WHEN_DRAWN") != NULL)
    roster_exit_when_drawn (GTK_WINDOW (self), users_drawn);
  show_page (self, "opening");
  roster_a11y_name_buttons (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
