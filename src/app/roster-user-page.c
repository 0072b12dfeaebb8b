/* roster-user-page.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-a11y.h"
#include "roster-labels.h"
#include "roster-time.h"
#include "roster-user-page.h"

/*
 * One user: their profile and status, their open work as lists (matters
 * with their status, tasks with their due dates, upcoming events), each
 * item's matter, and what the audit log says about them lately. Read from
 * the cache, so it is there offline too.
 */

/* A long list is cut here: a person reads the first ones, and a user made
 * responsible for thousands of matters should not cost thousands of rows. */
#define MAX_ROWS 200
#define RECENT_EVENTS 10

struct _RosterUserPage
{
  AdwBin       parent_instance;

  RosterStore *store;
  gint64       user_id;
  GtkWidget   *page;
};

G_DEFINE_FINAL_TYPE (RosterUserPage, roster_user_page, ADW_TYPE_BIN)

static void
roster_user_page_dispose (GObject *object)
{
  RosterUserPage *self = ROSTER_USER_PAGE (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (roster_user_page_parent_class)->dispose (object);
}

static void
roster_user_page_class_init (RosterUserPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = roster_user_page_dispose;
}

static void
roster_user_page_init (RosterUserPage *self)
{
}

GtkWidget *
roster_user_page_new (void)
{
  return g_object_new (ROSTER_TYPE_USER_PAGE, NULL);
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Names and descriptions are the firm's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static GtkWidget *
add_value_row (GtkWidget  *group,
               const char *title,
               const char *value)
{
  GtkWidget *row = add_row (group, title, NULL);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  return row;
}

static GtkWidget *
add_group (RosterUserPage *self,
           const char     *title,
           const char     *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));

  return group;
}

/* A date or a time from the API, as a person reads it here. */
/* Deactivate or Reactivate, beside the profile's title; the window's
 * actions ask first, and are disabled for those who may only look. The
 * primary subscriber is never deactivated. */
static void
add_status_button (GtkWidget  *group,
                   RosterUser *user)
{
  GtkWidget *button;

  if (roster_user_get_account_owner (user) && roster_user_get_enabled (user))
    return;

  if (roster_user_get_enabled (user))
    {
      button = gtk_button_new_with_mnemonic (_("_Deactivate…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.deactivate-user");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      button = gtk_button_new_with_mnemonic (_("_Reactivate…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.reactivate-user");
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", roster_user_get_id (user));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  roster_a11y_name_buttons (button);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
}

/* Reassign Work (issue 14): a heading over the user's open work with the
 * button, on every user's page, active or deactivated; the window's action
 * is disabled for those who may only look. */
static void
add_reassign_group (RosterUserPage       *self,
                    RosterUser           *user,
                    const RosterOpenWork *counts)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Re_assign Work…"));
  g_autofree char *matters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open matter", "%u open matters",
                                                           counts->matters), counts->matters);
  g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", counts->tasks),
                                            counts->tasks);
  g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upcoming event",
                                                          "%u upcoming events", counts->events), counts->events);
  /* Translators: a user's open matters, tasks and upcoming events. */
  g_autofree char *work = g_strdup_printf (_("%s, %s and %s"), matters, tasks, events);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Open Work"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), work);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.reassign-work");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", roster_user_get_id (user));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  roster_a11y_name_buttons (button);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
}

static char *
when_text (const char *iso,
           gboolean    with_time)
{
  g_autoptr(GDateTime) time = iso ? roster_time_parse_iso (iso) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso ? iso : "");

  local = g_date_time_to_local (time);
  /* Translators: a date, as in strftime(3); %x is the locale's own. */
  return g_date_time_format (local, with_time ? _("%x %H:%M") : _("%x"));
}

static char *
matter_text (RosterWorkItem *item)
{
  const char *number = roster_work_item_get_matter_number (item);

  return g_strdup (number ? number : _("No matter"));
}

/* The words are shared with the Activity window (roster-labels). */
static const char *
audit_action_text (const char *action)
{
  return roster_labels_audit_action (action);
}

static void
add_work_rows (GtkWidget     *group,
               GListModel    *items,
               RosterWorkKind kind,
               guint          count)
{
  guint shown = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items) && shown < MAX_ROWS; i++)
    {
      g_autoptr(RosterWorkItem) item = g_list_model_get_item (items, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *matter = NULL;
      g_autofree char *when = NULL;

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
          add_row (group, matter, subtitle);
          break;

        case ROSTER_WORK_TASK:
          when = roster_work_item_get_date (item) ? when_text (roster_work_item_get_date (item), FALSE) : NULL;
          subtitle = when ? g_strdup_printf (_("Due %s · %s"), when, matter)
                          : g_strdup_printf (_("No due date · %s"), matter);
          add_row (group, roster_work_item_get_title (item), subtitle);
          break;

        case ROSTER_WORK_EVENT:
          when = when_text (roster_work_item_get_date (item), TRUE);
          subtitle = g_strdup_printf ("%s · %s", when, matter);
          add_row (group, roster_work_item_get_title (item), subtitle);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (count > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more", "And %u more",
                                                            count - shown), count - shown);

      add_row (group, more, NULL);
    }
  else if (shown == 0)
    add_row (group, _("None"), NULL);
}

/**
 * roster_user_page_show_user:
 *
 * Fills the page with @user_id's profile and work, from @store.
 *
 * Returns: %FALSE when the cache has no such user
 */
gboolean
roster_user_page_show_user (RosterUserPage *self,
                            RosterStore    *store,
                            gint64          user_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GListStore) work = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(GError) error = NULL;
  RosterOpenWork counts;
  GtkWidget *group;
  g_autofree char *title = NULL;

  g_set_object (&self->store, store);
  self->user_id = user_id;

  user = roster_store_get_user (store, user_id, &error);
  if (user == NULL)
    return FALSE;
  work = roster_store_list_open_work (store, user_id, now_text, NULL);
  roster_store_get_open_work (store, user_id, now_text, &counts, NULL);
  events = roster_store_list_audit_events (store, user_id, NULL, RECENT_EVENTS, NULL);

  self->page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->page), roster_user_get_name (user));

  /* Who. */
  group = add_group (self, _("Profile"), roster_user_get_email (user));
  add_status_button (group, user);
  add_value_row (group, _("Status"), roster_user_get_enabled (user) ? _("Active") : _("Deactivated"));
  add_value_row (group, _("Role"),
                 roster_user_get_account_owner (user)
                   ? (roster_user_get_admin (user) ? _("Primary subscriber, administrator") : _("Primary subscriber"))
                   : roster_user_get_admin (user) ? _("Administrator") : _("User"));
  add_value_row (group, _("Subscription"),
                 g_strcmp0 (roster_user_get_subscription_type (user), "Attorney") == 0 ? _("Attorney") : _("Non-attorney"));
  add_value_row (group, _("Personal Injury License"),
                 roster_user_get_personal_injury_license (user) ? _("Licensed") : _("None"));
  if (!roster_user_get_enabled (user))
    add_row (group, _("Deactivated users keep their activity; their calendar entries are hidden"), NULL);
  else if (roster_user_get_account_owner (user))
    add_row (group, _("The primary subscriber cannot be deactivated"), NULL);

  add_reassign_group (self, user, &counts);

  /* Their open work. */
  title = g_strdup_printf (_("Open Matters (%u)"), counts.matters);
  group = add_group (self, title, _("Open and pending matters they are the responsible attorney of"));
  add_work_rows (group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_MATTER, counts.matters);
  g_clear_pointer (&title, g_free);

  title = g_strdup_printf (_("Tasks (%u)"), counts.tasks);
  group = add_group (self, title, _("Tasks assigned to them that are not complete, the soonest due first"));
  add_work_rows (group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_TASK, counts.tasks);
  g_clear_pointer (&title, g_free);

  title = g_strdup_printf (_("Upcoming Events (%u)"), counts.events);
  group = add_group (self, title, _("Entries of their calendar still to come"));
  add_work_rows (group, work ? G_LIST_MODEL (work) : NULL, ROSTER_WORK_EVENT, counts.events);
  g_clear_pointer (&title, g_free);

  /* What happened to them lately. */
  group = add_group (self, _("Recent Activity"), NULL);
  for (guint i = 0; events != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    {
      g_autoptr(RosterAuditEvent) event = g_list_model_get_item (G_LIST_MODEL (events), i);
      g_autofree char *when = when_text (roster_audit_event_get_created_at (event), TRUE);
      g_autofree char *subtitle = roster_audit_event_get_actor_name (event)
                                    ? g_strdup_printf (_("%s, by %s"), when, roster_audit_event_get_actor_name (event))
                                    : g_strdup (when);

      add_row (group, audit_action_text (roster_audit_event_get_action (event)), subtitle);
    }
  if (events == NULL || g_list_model_get_n_items (G_LIST_MODEL (events)) == 0)
    add_row (group, _("Nothing recorded"), NULL);

  adw_bin_set_child (ADW_BIN (self), self->page);

  return TRUE;
}

gint64
roster_user_page_get_user_id (RosterUserPage *self)
{
  return self->user_id;
}

/**
 * roster_user_page_reload:
 *
 * Reads the user again, after a sync, keeping the scroll position.
 */
void
roster_user_page_reload (RosterUserPage *self)
{
  GtkWidget *old_page = self->page;
  GtkAdjustment *adjustment = NULL;
  double position = 0;
  GtkWidget *scrolled;

  if (self->store == NULL || self->user_id == 0)
    return;

  scrolled = old_page ? gtk_widget_get_first_child (old_page) : NULL;
  if (GTK_IS_SCROLLED_WINDOW (scrolled))
    {
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      position = gtk_adjustment_get_value (adjustment);
    }

  if (!roster_user_page_show_user (self, self->store, self->user_id))
    return;

  scrolled = gtk_widget_get_first_child (self->page);
  if (adjustment != NULL && GTK_IS_SCROLLED_WINDOW (scrolled))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), position);
}
