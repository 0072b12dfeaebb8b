/* roster-user-page.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-user-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-labels.h"
#include "roster-outbox.h"
#include "roster-time.h"
#include "roster-user-page.h"

/*
 * One user: who they are at a glance, what waits to be sent for them
 * (each with Cancel), the server's last refusal in full until dismissed,
 * their profile, their open work as lists (matters with their status,
 * tasks with their due dates, upcoming events) and what the audit log says
 * about them lately. Read from the cache, so it is there offline too.
 *
 * What cannot succeed is not offered: on one's own page and on the primary
 * subscriber's the reason stands where Deactivate… would be, and while an
 * action on the user waits its button is gone and the pending row says so.
 */

/* A long list is cut here: a person reads the first ones, and a user made
 * responsible for thousands of matters should not cost thousands of rows. */
#define MAX_ROWS 200
#define RECENT_EVENTS 10
/* How far back the page looks for the user's last refusal. */
#define RECENT_ACTIONS 20

struct _RosterUserPage
{
  AdwBin               parent_instance;

  RosterSession       *session;
  gint64               user_id;
  gint64               refusal_id;    /* the outbox entry the refusal shows, or 0 */
  guint                reload_source;
  /* The rows made for the lists, so that a reload replaces them. */
  GPtrArray           *rows;

  /* Template widgets */
  GtkScrolledWindow   *scrolled;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *email_label;
  GtkLabel            *status_badge;
  GtkWidget           *you_badge;
  GtkLabel            *role_label;
  AdwPreferencesGroup *pending_group;
  GtkWidget           *refusal_box;
  GtkLabel            *refusal_title;
  GtkLabel            *refusal_message;
  GtkLabel            *refusal_next_step;
  AdwPreferencesGroup *profile_group;
  GtkWidget           *status_button;
  AdwActionRow        *not_offered_row;
  GtkLabel            *subscription_value;
  GtkLabel            *personal_injury_value;
  GtkWidget           *deactivated_note_row;
  AdwPreferencesGroup *work_group;
  GtkWidget           *reassign_button;
  AdwPreferencesGroup *matters_group;
  AdwPreferencesGroup *tasks_group;
  AdwPreferencesGroup *events_group;
  AdwPreferencesGroup *activity_group;
};

G_DEFINE_FINAL_TYPE (RosterUserPage, roster_user_page, ADW_TYPE_BIN)

/* Rows ------------------------------------------------------------------- */

typedef struct
{
  AdwPreferencesGroup *group;
  GtkWidget           *row;
} MadeRow;

static void
clear_rows (RosterUserPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      MadeRow *made = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (made->group, made->row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* A row that only tells: it takes no focus, so that Tab goes from one
 * thing to do to the next. */
static GtkWidget *
add_row (RosterUserPage      *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  MadeRow *made = g_new (MadeRow, 1);

  /* Names and descriptions are the firm's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_focusable (row, FALSE);
  adw_preferences_group_add (group, row);

  made->group = group;
  made->row = row;
  g_ptr_array_add (self->rows, made);

  return row;
}

static char *
matter_text (RosterWorkItem *item)
{
  const char *number = roster_work_item_get_matter_number (item);

  return g_strdup (number ? number : _("No matter"));
}

static void
add_work_rows (RosterUserPage      *self,
               AdwPreferencesGroup *group,
               GListModel          *items,
               RosterWorkKind       kind,
               guint                count,
               const char          *today)
{
  guint shown = 0;

  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items) && shown < MAX_ROWS; i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (items, i);
      const char *date = roster_work_item_get_date (item);
      g_autofree char *subtitle = NULL;
      g_autofree char *matter = NULL;
      g_autofree char *when = NULL;
      GtkWidget *row;

      if (roster_work_item_get_kind (item) != kind)
        continue;
      shown++;
      matter = matter_text (item);

      switch (kind)
        {
        case ROSTER_WORK_MATTER:
          subtitle = g_strdup_printf ("%s · %s", roster_work_item_get_title (item),
                                      g_strcmp0 (roster_work_item_get_status (item), "Pending") == 0
                                        ? _("Pending") : _("Open"));
          add_row (self, group, matter, subtitle);
          break;

        case ROSTER_WORK_TASK:
          when = date ? roster_labels_date (date) : NULL;
          /* Past due is what cannot be reassigned: it reads as such. */
          if (date != NULL && strncmp (date, today, 10) < 0)
            subtitle = g_strdup_printf (_("Past due since %s · %s"), when, matter);
          else if (when != NULL)
            subtitle = g_strdup_printf (_("Due %s · %s"), when, matter);
          else
            subtitle = g_strdup_printf (_("No due date · %s"), matter);
          row = add_row (self, group, roster_work_item_get_title (item), subtitle);
          if (date != NULL && strncmp (date, today, 10) < 0)
            gtk_widget_add_css_class (row, "roster-past-due");
          break;

        case ROSTER_WORK_EVENT:
          when = roster_labels_event_time (date, roster_work_item_get_all_day (item));
          subtitle = g_strdup_printf ("%s · %s", when, matter);
          add_row (self, group, roster_work_item_get_title (item), subtitle);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (count > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more", "And %u more",
                                                            count - shown), count - shown);

      add_row (self, group, more, NULL);
    }
  else if (shown == 0)
    add_row (self, group, _("None"), NULL);
}

/* Who --------------------------------------------------------------------- */

static void
show_heading (RosterUserPage *self,
              RosterUser     *user)
{
  gboolean me = roster_user_get_id (user) == roster_session_get_me (self->session);

  adw_avatar_set_text (self->avatar, roster_user_get_name (user));
  gtk_label_set_label (self->name_label, roster_user_get_name (user));
  gtk_label_set_label (self->email_label, roster_user_get_email (user));
  gtk_label_set_label (self->status_badge, roster_labels_status (user));
  if (roster_user_get_enabled (user))
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_badge), "roster-deactivated");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->status_badge), "roster-deactivated");
  gtk_widget_set_visible (self->you_badge, me);
  gtk_label_set_label (self->role_label, roster_labels_role (user));

  gtk_label_set_label (self->subscription_value, roster_labels_subscription (user));
  gtk_label_set_label (self->personal_injury_value,
                       roster_user_get_personal_injury_license (user) ? _("Licensed") : _("None"));
  gtk_widget_set_visible (self->deactivated_note_row, !roster_user_get_enabled (user));
}

/* Deactivate or Reactivate, beside the profile's title; or, where it
 * cannot succeed, the reason instead. The window's actions ask first, and
 * are disabled for those who may only look. */
static void
show_status_action (RosterUserPage *self,
                    RosterUser     *user,
                    gboolean        waiting)
{
  gboolean enabled = roster_user_get_enabled (user);
  const char *reason = NULL;
  GVariant *target = g_variant_new_int64 (roster_user_get_id (user));

  if (enabled && roster_user_get_account_owner (user))
    reason = _("The primary subscriber cannot be deactivated");
  else if (enabled && roster_user_get_id (user) == roster_session_get_me (self->session))
    reason = _("You cannot deactivate yourself: another administrator can");

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->status_button), target);
  if (enabled)
    {
      gtk_button_set_label (GTK_BUTTON (self->status_button), _("_Deactivate…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), "win.deactivate-user");
      gtk_widget_add_css_class (self->status_button, "destructive-action");
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->status_button), _("_Reactivate…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), "win.reactivate-user");
      gtk_widget_remove_css_class (self->status_button, "destructive-action");
    }
  roster_a11y_name_buttons (self->status_button);
  /* While a change of this user waits, its pending row is the one to act on. */
  gtk_widget_set_visible (self->status_button, reason == NULL && !waiting);

  gtk_widget_set_visible (GTK_WIDGET (self->not_offered_row), reason != NULL);
  if (reason != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->not_offered_row), reason);
}

/* The outbox -------------------------------------------------------------- */

static char *
dismissed_key (gint64 user_id)
{
  return g_strdup_printf ("user-refusal-dismissed-%" G_GINT64_FORMAT, user_id);
}

/* The user's waiting actions, each with Cancel while it is only queued;
 * and the newest answer, when it is a refusal not yet dismissed. Returns
 * whether a deactivation or a reactivation waits. */
static gboolean
show_outbox (RosterUserPage *self)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(GPtrArray) entries = roster_outbox_list_for_user (outbox, self->user_id, RECENT_ACTIONS, NULL);
  g_autofree char *key = dismissed_key (self->user_id);
  g_autofree char *dismissed = roster_store_get_info (store, key);
  gint64 dismissed_id = dismissed ? g_ascii_strtoll (dismissed, NULL, 10) : 0;
  RosterOutboxEntry *refused = NULL;
  gboolean answered_seen = FALSE;
  gboolean status_waits = FALSE;
  guint waiting = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      RosterOutboxEntry *entry = g_ptr_array_index (entries, i);
      gboolean sending = entry->state == ROSTER_OUTBOX_SENDING;

      if (entry->state == ROSTER_OUTBOX_QUEUED || sending)
        {
          g_autofree char *when = roster_labels_date_time (entry->created_at);
          g_autofree char *subtitle = NULL;
          GtkWidget *row;

          if (sending)
            subtitle = g_strdup_printf (_("Queued %s; being sent now"), when);
          else if (roster_session_get_offline (self->session))
            subtitle = g_strdup_printf (_("Queued %s; sent when Roster is back online"), when);
          else
            subtitle = g_strdup_printf (_("Queued %s; being sent"), when);
          row = add_row (self, self->pending_group, roster_labels_pending (entry->action), subtitle);
          gtk_widget_add_css_class (row, "roster-pending");

          /* Only what has not left can be taken back. */
          if (!sending)
            {
              GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
              g_autofree char *name = g_strdup_printf (_("Cancel: %s"), roster_labels_pending (entry->action));

              gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
              gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-action");
              gtk_actionable_set_action_target (GTK_ACTIONABLE (cancel), "x", entry->id);
              gtk_widget_set_tooltip_text (cancel, name);
              /* Named for what it cancels: a page may have two Cancels. */
              gtk_accessible_reset_relation (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
              gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
            }
          waiting++;
          if (entry->action != ROSTER_ACTION_REASSIGN_WORK)
            status_waits = TRUE;
        }
      else if (!answered_seen)
        {
          /* Only the newest answer counts: a refusal followed by a success
           * is history. */
          answered_seen = TRUE;
          if (entry->state == ROSTER_OUTBOX_REFUSED && entry->id > dismissed_id)
            refused = entry;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), waiting > 0);

  self->refusal_id = refused ? refused->id : 0;
  gtk_widget_set_visible (self->refusal_box, refused != NULL);
  if (refused != NULL)
    {
      gtk_label_set_label (self->refusal_title, roster_labels_refused (refused->action));
      gtk_label_set_label (self->refusal_message, refused->error_message ? refused->error_message : "");
      gtk_label_set_label (self->refusal_next_step, roster_labels_next_step (refused->error_type));
    }

  return status_waits;
}

static void
dismiss_clicked (RosterUserPage *self)
{
  g_autofree char *key = dismissed_key (self->user_id);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, self->refusal_id);
  g_autoptr(GError) error = NULL;

  if (!roster_store_set_info (roster_session_get_store (self->session), key, value, &error))
    g_warning ("Could not keep the refusal dismissed: %s", error->message);
  gtk_widget_set_visible (self->refusal_box, FALSE);
  /* The focus stays on the page, not lost with the hidden button. */
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* The page ---------------------------------------------------------------- */

/**
 * roster_user_page_show_user:
 *
 * Fills the page with @user_id's profile and work, from @session's cache.
 *
 * Returns: %FALSE when the cache has no such user
 */
gboolean
roster_user_page_show_user (RosterUserPage *self,
                            RosterSession  *session,
                            gint64          user_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autofree char *today = g_date_time_format (local_now, "%Y-%m-%d");
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GListStore) work = NULL;
  g_autoptr(GListStore) events = NULL;
  RosterOpenWork counts = { 0, 0, 0 };
  RosterStore *store = roster_session_get_store (session);
  gboolean status_waits;

  g_return_val_if_fail (ROSTER_IS_USER_PAGE (self), FALSE);

  user = store ? roster_store_get_user (store, user_id, NULL) : NULL;
  if (user == NULL)
    return FALSE;

  g_set_object (&self->session, session);
  self->user_id = user_id;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  clear_rows (self);

  work = roster_store_list_open_work (store, user_id, now_text, NULL);
  roster_store_get_open_work (store, user_id, now_text, &counts, NULL);
  events = roster_store_list_audit_events (store, user_id, NULL, RECENT_EVENTS, NULL);

  show_heading (self, user);
  status_waits = show_outbox (self);
  show_status_action (self, user, status_waits);

  /* Their open work. */
  {
    g_autofree char *matters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open matter", "%u open matters",
                                                             counts.matters), counts.matters);
    g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", counts.tasks),
                                              counts.tasks);
    g_autofree char *upcoming = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upcoming event",
                                                              "%u upcoming events", counts.events), counts.events);
    /* Translators: a user's open matters, tasks and upcoming events. */
    g_autofree char *summary = g_strdup_printf (_("%s, %s and %s"), matters, tasks, upcoming);

    adw_preferences_group_set_description (self->work_group, summary);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->reassign_button), "x", user_id);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reassign_button), "win.reassign-work");
  }

  {
    g_autofree char *matters = g_strdup_printf (_("Open Matters (%u)"), counts.matters);
    g_autofree char *tasks = g_strdup_printf (_("Tasks (%u)"), counts.tasks);
    g_autofree char *upcoming = g_strdup_printf (_("Upcoming Events (%u)"), counts.events);

    adw_preferences_group_set_title (self->matters_group, matters);
    adw_preferences_group_set_title (self->tasks_group, tasks);
    adw_preferences_group_set_title (self->events_group, upcoming);
  }
  add_work_rows (self, self->matters_group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_MATTER,
                 counts.matters, today);
  add_work_rows (self, self->tasks_group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_TASK,
                 counts.tasks, today);
  add_work_rows (self, self->events_group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_EVENT,
                 counts.events, today);

  /* What happened to them lately. */
  for (guint i = 0; events != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (events), i);
      g_autofree char *when = roster_labels_date_time (roster_audit_event_get_created_at (event));
      const char *actor = roster_audit_event_get_actor_name (event);
      g_autofree char *subtitle = NULL;

      /* Translators: when something happened to this user, then who did it. */
      subtitle = actor ? g_strdup_printf (C_("time and actor", "%s, by %s"), when, actor) : g_strdup (when);

      add_row (self, self->activity_group, roster_labels_audit_action (roster_audit_event_get_action (event)),
               subtitle);
    }
  if (events == NULL || g_list_model_get_n_items (G_LIST_MODEL (events)) == 0)
    add_row (self, self->activity_group, _("Nothing recorded"), NULL);

  return TRUE;
}

gint64
roster_user_page_get_user_id (RosterUserPage *self)
{
  return self->user_id;
}

static gboolean
reload_now (gpointer user_data)
{
  RosterUserPage *self = user_data;

  self->reload_source = 0;
  if (self->session != NULL && self->user_id != 0)
    roster_user_page_show_user (self, self->session, self->user_id);

  return G_SOURCE_REMOVE;
}

/**
 * roster_user_page_reload:
 *
 * Reads the user again, after a sync or an action; the scroll position and
 * the focus stay where they were, since the page's controls stay. It
 * happens once the main loop is idle: the change may come from a button in
 * one of the rows a reload replaces (Cancel), still handling its click.
 */
void
roster_user_page_reload (RosterUserPage *self)
{
  if (self->session == NULL || self->user_id == 0 || self->reload_source != 0)
    return;

  /* Before the next frame is drawn, which may never leave room for an
   * idle of the default priority while something animates. */
  self->reload_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_now, self, NULL);
}

/**
 * roster_user_page_scroll_to_top:
 *
 * For another user: their page starts at the top.
 */
void
roster_user_page_scroll_to_top (RosterUserPage *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
}

/* A page opens with the focus on its first useful control that destroys
 * nothing: Reassign Work…, or Reactivate…; else on the page itself. */
static gboolean
roster_user_page_grab_focus (GtkWidget *widget)
{
  RosterUserPage *self = ROSTER_USER_PAGE (widget);

  if (gtk_widget_get_visible (self->status_button) &&
      !gtk_widget_has_css_class (self->status_button, "destructive-action") &&
      gtk_widget_is_sensitive (self->status_button) &&
      gtk_widget_grab_focus (self->status_button))
    return TRUE;
  if (gtk_widget_is_sensitive (self->reassign_button) && gtk_widget_grab_focus (self->reassign_button))
    return TRUE;

  return gtk_widget_grab_focus (GTK_WIDGET (self->scrolled));
}

static void
roster_user_page_dispose (GObject *object)
{
  RosterUserPage *self = ROSTER_USER_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (roster_user_page_parent_class)->dispose (object);
}

static void
roster_user_page_finalize (GObject *object)
{
  RosterUserPage *self = ROSTER_USER_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (roster_user_page_parent_class)->finalize (object);
}

/* AdwBin drops its child, and with it the template's widgets. */
static void
roster_user_page_class_init (RosterUserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_user_page_dispose;
  object_class->finalize = roster_user_page_finalize;
  widget_class->grab_focus = roster_user_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-user-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, email_label);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, status_badge);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, you_badge);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, role_label);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, pending_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, refusal_box);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, refusal_title);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, refusal_message);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, refusal_next_step);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, profile_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, status_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, not_offered_row);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, subscription_value);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, personal_injury_value);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, deactivated_note_row);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, work_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, reassign_button);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, matters_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, events_group);
  gtk_widget_class_bind_template_child (widget_class, RosterUserPage, activity_group);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked);
}

static void
roster_user_page_init (RosterUserPage *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  roster_a11y_name_buttons (GTK_WIDGET (self));
}

GtkWidget *
roster_user_page_new (void)
{
  return g_object_new (ROSTER_TYPE_USER_PAGE, NULL);
}
