/* roster-account-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-account-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "roster-a11y.h"
#include "roster-account-window.h"
#include "roster-csv-export.h"
#include "roster-close-account-dialog.h"
#include "roster-money.h"
#include "roster-outbox.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * Account and Licenses: what the firm pays for, read from the cache so that
 * it is there offline too. On an annual plan, "Remove Unused Licenses at
 * Renewal" goes through the outbox like every change: the cache holds the
 * new option at once, the page shows it at once, and a refusal undoes it
 * and stays on the page in the server's words until dismissed. At the end,
 * Close Account…; once the account is closed, the page says since when
 * and offers to export what is cached and to remove it.
 */

/* The outbox entry of the last refusal a person dismissed, in the cache's
 * info table, so that it does not come back when the window opens again. */
#define DISMISSED_KEY "renewal-refusal-dismissed"

struct _RosterAccountWindow
{
  AdwPreferencesWindow  parent_instance;

  RosterSession        *session;
  GSettings            *settings;
  GCancellable         *cancellable;
  guint                 exported_users; /* in the CSV being saved */
  gint64                refusal_id;   /* the outbox entry the note shows refused, or 0 */
  gboolean              filling;      /* the switch is being set from the cache */

  /* Template widgets */
  AdwPreferencesGroup  *unavailable_group;
  GtkLabel             *unavailable_title;
  GtkLabel             *unavailable_description;
  AdwPreferencesGroup  *closed_group;
  AdwActionRow         *export_row;
  AdwPreferencesGroup  *plan_group;
  GtkLabel             *firm_value;
  GtkLabel             *plan_value;
  GtkLabel             *price_value;
  GtkLabel             *renewal_date_value;
  AdwPreferencesGroup  *licenses_group;
  GtkLabel             *bought_value;
  GtkLabel             *in_use_value;
  AdwActionRow         *unused_row;
  GtkLabel             *unused_value;
  AdwActionRow         *pi_row;
  GtkLabel             *pi_value;
  AdwPreferencesGroup  *renewal_group;
  AdwActionRow         *switch_row;
  GtkSwitch            *remove_switch;
  AdwActionRow         *monthly_row;
  AdwActionRow         *note_row;
  GtkImage             *note_icon;
  GtkWidget            *dismiss_button;
  AdwActionRow         *projected_row;
  GtkLabel             *projected_value;
  AdwActionRow         *keep_row;
  GtkLabel             *keep_value;
  AdwActionRow         *remove_row;
  GtkLabel             *remove_value;
  AdwPreferencesGroup  *sync_group;
  GtkSpinButton        *sync_spin;
  AdwPreferencesGroup  *close_group;
  GtkWidget            *close_button;
  GtkLabel             *close_reason_label;
};

G_DEFINE_FINAL_TYPE (RosterAccountWindow, roster_account_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Reading the cache --------------------------------------------------------- */

/* A member of the account's Personal Injury add-on, 0 when there is none. */
static gint64
add_on_member (JsonObject *account,
               const char *member)
{
  JsonNode *node = account ? json_object_get_member (account, "personal_injury_add_on") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;

  return json_object_get_int_member_with_default (json_node_get_object (node), member, 0);
}

/* A date of the API ("2027-02-14"), as a person reads it. */
static char *
date_text (const char *date)
{
  g_autoptr(GDate) parsed = date ? roster_date_parse (date) : NULL;
  char text[128];

  if (parsed == NULL)
    return g_strdup (date ? date : "");
  /* Translators: a date, as in strftime(3): the locale's long date. */
  if (g_date_strftime (text, sizeof text, _("%B %-d, %Y"), parsed) == 0)
    return g_strdup (date);

  return g_strdup (text);
}

/* A time of the API, in the local time zone. */
static char *
time_text (const char *iso)
{
  g_autoptr(GDateTime) time = iso ? roster_time_parse_iso (iso) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso ? iso : "");
  local = g_date_time_to_local (time);

  /* Translators: a date and a time, as in strftime(3). */
  return g_date_time_format (local, _("%B %-d, %Y at %H:%M"));
}

/* The last renewal-options change in the outbox, or NULL. */
static RosterOutboxEntry *
last_renewal_change (RosterStore *store)
{
  g_autoptr(RosterOutbox) outbox = roster_outbox_new (store);
  g_autoptr(GPtrArray) entries = roster_outbox_list (outbox, NULL);

  for (guint i = entries ? entries->len : 0; i > 0; i--)
    {
      RosterOutboxEntry *entry = g_ptr_array_index (entries, i - 1);

      if (entry->action == ROSTER_ACTION_RENEWAL_OPTIONS)
        return roster_outbox_get (outbox, entry->id, NULL);
    }

  return NULL;
}

/* Filling the page ---------------------------------------------------------- */

static void
set_note (RosterAccountWindow *self,
          const char          *icon_name,
          const char          *title,
          const char          *subtitle,
          gboolean             error)
{
  gtk_widget_set_visible (GTK_WIDGET (self->note_row), title != NULL);
  gtk_widget_set_visible (self->dismiss_button, error);
  if (title == NULL)
    return;

  gtk_image_set_from_icon_name (self->note_icon, icon_name);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->note_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->note_icon), "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), title);
  adw_action_row_set_subtitle (self->note_row, subtitle ? subtitle : "");
}

/* Whether the switch can change the option and, when it cannot or a change
 * waits, the note that says why, in full. A refusal shows on a monthly plan
 * too, which may be what the sync brought after it. */
static void
fill_renewal_state (RosterAccountWindow *self,
                    RosterStore         *store,
                    gboolean             annual)
{
  g_autoptr(RosterOutboxEntry) last = last_renewal_change (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *dismissed = roster_store_get_info (store, DISMISSED_KEY);
  g_autofree char *signed_out = roster_session_dup_signed_out_reason (self->session);
  gboolean may_change = roster_session_check (self->session, ROSTER_ACTION_RENEWAL_OPTIONS, 0, NULL, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_switch), may_change && signed_out == NULL);
  self->refusal_id = 0;

  if (last != NULL && last->state == ROSTER_OUTBOX_REFUSED &&
      (dismissed == NULL || g_ascii_strtoll (dismissed, NULL, 10) < last->id))
    {
      self->refusal_id = last->id;
      set_note (self, "dialog-error-symbolic", _("The Server Refused the Change"), last->error_message, TRUE);
    }
  else if (!annual)
    set_note (self, NULL, NULL, NULL, FALSE);
  else if (!may_change)
    {
      g_autofree char *read_only = roster_session_dup_read_only_reason (self->session);

      set_note (self, "changes-prevent-symbolic", error->message, read_only, FALSE);
    }
  else if (signed_out != NULL)
    set_note (self, "changes-prevent-symbolic", _("Signed out: changes cannot be sent"), signed_out, FALSE);
  else if (last != NULL && (last->state == ROSTER_OUTBOX_QUEUED || last->state == ROSTER_OUTBOX_SENDING))
    {
      if (roster_session_get_offline (self->session))
        set_note (self, "network-offline-symbolic", _("Waiting to Be Sent"),
                  _("Roster is offline: the change is kept and sent at the next sync"), FALSE);
      else
        set_note (self, "emblem-synchronizing-symbolic", _("Sending the Change…"), NULL, FALSE);
    }
  else
    set_note (self, NULL, NULL, NULL, FALSE);
}

static void
fill_account (RosterAccountWindow *self,
              RosterStore         *store,
              RosterAccount       *firm,
              JsonObject          *json)
{
  const char *currency = roster_account_get_currency (firm);
  RosterSubscription subscription = ROSTER_SUBSCRIPTION_MONTHLY;
  gboolean annual;
  gboolean remove = roster_account_get_remove_unused_licenses (firm);
  gint64 unused = roster_account_get_licenses_unused (firm);
  gint64 pi_held = add_on_member (json, "in_use");
  g_autofree char *price = roster_money_format (roster_account_get_license_price (firm), currency);
  g_autofree char *pi_price = roster_money_format (add_on_member (json, "price"), currency);
  g_autofree char *projected = roster_money_format (roster_account_get_renewal_projected_price (firm), currency);
  g_autofree char *keeping = roster_money_format (roster_account_get_renewal_price_without_removal (firm), currency);
  g_autofree char *removing = roster_money_format (roster_account_get_renewal_price_with_removal (firm), currency);
  g_autofree char *renewal = date_text (roster_account_get_renewal_date (firm));
  g_autofree char *text = NULL;

  roster_subscription_from_string (roster_account_get_subscription (firm), &subscription);
  annual = subscription == ROSTER_SUBSCRIPTION_ANNUAL;

  gtk_label_set_label (self->firm_value, roster_account_get_name (firm));
  /* A long name is cut short on a narrow window: the whole of it here. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->firm_value), roster_account_get_name (firm));
  gtk_label_set_label (self->plan_value, annual ? _("Annual") : _("Monthly"));
  text = g_strdup_printf (annual ? _("%s a year") : _("%s a month"), price);
  gtk_label_set_label (self->price_value, text);
  g_clear_pointer (&text, g_free);
  gtk_label_set_label (self->renewal_date_value, renewal);

  text = g_strdup_printf ("%" PRId64, roster_account_get_licenses (firm));
  gtk_label_set_label (self->bought_value, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%" PRId64, roster_account_get_licenses_in_use (firm));
  gtk_label_set_label (self->in_use_value, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%" PRId64, unused);
  gtk_label_set_label (self->unused_value, text);
  g_clear_pointer (&text, g_free);
  adw_action_row_set_subtitle (self->unused_row,
                               !annual ? _("A monthly plan pays for active users only")
                               : unused > 0 ? _("Paid for, and free for another user until renewal")
                               : _("Every license bought is held by an active user"));
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " license held",
                                       "%" PRId64 " licenses held", pi_held), pi_held);
  gtk_label_set_label (self->pi_value, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (annual ? _("%s a license, each year") : _("%s a license, each month"), pi_price);
  adw_action_row_set_subtitle (self->pi_row, text);
  g_clear_pointer (&text, g_free);

  /* Renewal: the switch on an annual plan; on a monthly one, why not. */
  gtk_widget_set_visible (GTK_WIDGET (self->switch_row), annual);
  gtk_widget_set_visible (GTK_WIDGET (self->monthly_row), !annual);
  gtk_widget_set_visible (GTK_WIDGET (self->keep_row), annual);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_row), annual);
  adw_preferences_group_set_description (self->renewal_group,
                                         annual ? _("Removing unused licenses affects the annual rate at renewal")
                                                : NULL);
  self->filling = TRUE;
  gtk_switch_set_active (self->remove_switch, annual && remove);
  self->filling = FALSE;
  adw_action_row_set_subtitle (self->switch_row,
                               remove ? _("Licenses no active user holds at renewal are not renewed")
                                      : _("Every license bought is renewed, used or not"));
  gtk_label_set_label (self->projected_value, projected);
  if (!annual)
    text = g_strdup_printf (_("On %s, then each month, for the licenses in use"), renewal);
  else if (remove)
    text = g_strdup_printf (_("On %s, with the unused licenses removed"), renewal);
  else
    text = g_strdup_printf (_("On %s, keeping the unused licenses"), renewal);
  adw_action_row_set_subtitle (self->projected_row, text);
  g_clear_pointer (&text, g_free);
  gtk_label_set_label (self->keep_value, keeping);
  gtk_label_set_label (self->remove_value, removing);

  fill_renewal_state (self, store, annual);

  /* Close Account…, or why not, where the button would be. */
  {
    g_autofree char *why_not = roster_close_account_dup_unavailable_reason (self->session);

    gtk_widget_set_visible (self->close_button, why_not == NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->close_reason_label), why_not != NULL);
    gtk_label_set_label (self->close_reason_label, why_not ? why_not : "");
  }
}

static void
refresh (RosterAccountWindow *self)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(RosterAccount) firm = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *closed_at = NULL;
  const char *unavailable = NULL;
  const char *unavailable_title = NULL;
  gboolean shown;

  if (store == NULL || roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    return;

  closed_at = roster_session_dup_closed_at (self->session);
  firm = roster_store_get_account (store, NULL);
  json = roster_store_get_account_json (store, NULL);

  if (roster_store_get_server_api (store) == ROSTER_SERVER_API_CLIO)
    {
      unavailable_title = _("The Account Is Not Shown");
      unavailable = _("This server offers only Clio’s public API, which does not show the firm’s plan, licenses "
                      "or renewal. See them in Clio Manage’s settings, under Account and Payment Info.");
    }
  else if (firm == NULL)
    {
      unavailable_title = _("Not Synced Yet");
      unavailable = roster_session_get_offline (self->session)
                    ? _("Roster is offline and has not read the firm’s account yet: it appears here after the "
                        "next sync.")
                    : _("Roster has not read the firm’s account yet: it appears here after the next sync.");
    }

  shown = unavailable == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_group), !shown);
  if (!shown)
    {
      gtk_label_set_label (self->unavailable_title, unavailable_title);
      gtk_label_set_label (self->unavailable_description, unavailable);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->closed_group), closed_at != NULL);
  if (closed_at != NULL)
    {
      g_autofree char *when = time_text (closed_at);
      g_autofree char *description = g_strdup_printf (_("Closed on %s. Nothing can be changed any more. What Roster "
                                                        "cached stays on this computer until you remove it: export "
                                                        "it first if you need it."),
                                                      when);
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (self->closed_group, escaped);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->plan_group), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->licenses_group), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->renewal_group), shown && closed_at == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->close_group), shown && closed_at == NULL);
  /* A closed account is never synced again. */
  gtk_widget_set_visible (GTK_WIDGET (self->sync_group), closed_at == NULL);

  if (shown)
    fill_account (self, store, firm, json);
}

/* Changing the renewal option ----------------------------------------------- */

static void
remove_switch_toggled (RosterAccountWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean remove = gtk_switch_get_active (self->remove_switch);

  if (self->filling)
    return;

  /* Queued, and already in the cache: "changed" fills the page again. */
  if (roster_session_set_renewal_options (self->session, remove, &error) == 0)
    {
      g_debug ("Renewal options not queued: %s", error->message);
      refresh (self);
      set_note (self, "dialog-error-symbolic", _("The Change Was Not Made"), error->message, TRUE);
    }
}

static void
dismiss_clicked (RosterAccountWindow *self)
{
  RosterStore *store = roster_session_get_store (self->session);

  if (store != NULL && self->refusal_id != 0)
    {
      g_autofree char *id = g_strdup_printf ("%" PRId64, self->refusal_id);

      roster_store_set_info (store, DISMISSED_KEY, id, NULL);
    }
  set_note (self, NULL, NULL, NULL, FALSE);
  refresh (self);
}

/* The closed account: export and remove ------------------------------------- */

/* Every cached user and their open work as one CSV table, in the columns
 * of `roster-cli user --format csv`: a row of kind "user", then a row an
 * item of their open work. */
static GBytes *
users_csv (RosterStore *store,
           guint       *n_users,
           GError     **error)
{
  static const char *const header[] = {
    "kind", "id", "name", "email", "role", "subscription_type", "status", "personal_injury_license",
    "open_matters", "open_tasks", "upcoming_events", "matter", "title", "date",
  };
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (now_time, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(GListStore) users = roster_store_list_users (store, ROSTER_USER_FILTER_ALL, NULL, error);
  g_autoptr(GHashTable) counts = NULL;
  GString *csv;

  if (users == NULL)
    return NULL;

  counts = roster_store_open_work_counts (store, now);
  csv = g_string_new (NULL);
  roster_csv_append_row (csv, header, G_N_ELEMENTS (header));
  *n_users = g_list_model_get_n_items (G_LIST_MODEL (users));
  for (guint i = 0; i < *n_users; i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = roster_user_get_id (user);
      const RosterOpenWork *work = counts ? g_hash_table_lookup (counts, &id) : NULL;
      g_autofree char *id_text = g_strdup_printf ("%" PRId64, id);
      g_autofree char *matters = g_strdup_printf ("%u", work ? work->matters : 0);
      g_autofree char *tasks = g_strdup_printf ("%u", work ? work->tasks : 0);
      g_autofree char *events = g_strdup_printf ("%u", work ? work->events : 0);
      g_autoptr(GListStore) items = roster_store_list_open_work (store, id, now, NULL);
      const char *fields[] = {
        "user", id_text, roster_user_get_name (user), roster_user_get_email (user), roster_user_get_role_code (user),
        roster_user_get_subscription_type (user), roster_user_get_enabled (user) ? "active" : "deactivated",
        roster_user_get_personal_injury_license (user) ? "true" : "false", matters, tasks, events, "", "", "",
      };

      roster_csv_append_row (csv, fields, G_N_ELEMENTS (fields));
      for (guint j = 0; items != NULL && j < g_list_model_get_n_items (G_LIST_MODEL (items)); j++)
        {
          g_autoptr(RosterWorkItem) item = g_list_model_get_item (G_LIST_MODEL (items), j);
          const char *item_fields[] = {
            roster_work_item_get_kind_code (item), roster_work_item_get_id_string (item), "", "", "", "",
            roster_work_item_get_status (item), "", "", "", "",
            roster_work_item_get_matter_number (item), roster_work_item_get_title (item),
            roster_work_item_get_date (item),
          };

          roster_csv_append_row (csv, item_fields, G_N_ELEMENTS (item_fields));
        }
    }

  return g_string_free_to_bytes (csv);
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RosterAccountWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = roster_csv_export_finish (result, &error);
  g_autofree char *text = NULL;

  if (file == NULL && error == NULL)
    return;
  if (error != NULL)
    text = g_strdup_printf (_("Not saved: %s"), error->message);
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u user and their open work to %s",
                                           "Saved %u users and their open work to %s", self->exported_users),
                              self->exported_users, name);
    }
  adw_action_row_set_subtitle (self->export_row, text);
}

static void
export_clicked (RosterAccountWindow *self)
{
  RosterStore *store = roster_session_get_store (self->session);
  g_autoptr(RosterAccount) firm = store ? roster_store_get_account (store, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *name = NULL;

  if (store == NULL)
    return;

  csv = users_csv (store, &self->exported_users, &error);
  if (csv == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      adw_action_row_set_subtitle (self->export_row, text);
      return;
    }

  /* Translators: the file a firm's users are saved to; %s is the firm's name. */
  name = firm ? g_strdup_printf (_("%s users.csv"), roster_account_get_name (firm)) : g_strdup (_("users.csv"));
  roster_csv_export_async (GTK_WINDOW (self), _("Export Users and Open Work"), name, csv, self->cancellable,
                           export_written, g_object_ref (self));
}

static gboolean
remove_data (gpointer user_data)
{
  RosterSession *session = user_data;

  roster_session_sign_out (session, TRUE);

  return G_SOURCE_REMOVE;
}

static void
remove_data_response (AdwMessageDialog    *dialog,
                      const char          *response,
                      RosterAccountWindow *self)
{
  if (!g_str_equal (response, "remove"))
    return;

  /* Once the question is gone: signing out closes this window, which must
   * not go while a window it is the parent of is still answering. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, remove_data, g_object_ref (self->session), g_object_unref);
}

static void
remove_data_clicked (RosterAccountWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove the Firm’s Data?"),
                                              _("Roster signs out and removes what it cached of the firm from this "
                                                "computer: its users, their work and its activity. Export them "
                                                "first if you need them; this cannot be undone."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_data_response), self, 0);
  roster_a11y_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing the account ------------------------------------------------------- */

static void
close_clicked (RosterAccountWindow *self)
{
  GtkWidget *dialog = roster_close_account_dialog_new (GTK_WINDOW (self), self->session);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The session --------------------------------------------------------------- */

/* Ctrl+R here as in the main window: the figures are the server's. */
static gboolean
refresh_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  roster_session_refresh (ROSTER_ACCOUNT_WINDOW (widget)->session);

  return TRUE;
}

static void
session_state_changed (RosterAccountWindow *self)
{
  /* Signed out, or the data removed: nothing left to show. */
  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
session_answered (RosterSession       *session,
                  RosterOutboxEntry   *entry,
                  RosterAccountWindow *self)
{
  if (entry->action == ROSTER_ACTION_RENEWAL_OPTIONS)
    refresh (self);
}

static void
roster_account_window_constructed (GObject *object)
{
  RosterAccountWindow *self = ROSTER_ACCOUNT_WINDOW (object);

  G_OBJECT_CLASS (roster_account_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "sync-interval", gtk_spin_button_get_adjustment (self->sync_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "answered", G_CALLBACK (session_answered), self, 0);
  g_signal_connect_object (self->session, "notify::offline", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::credentials", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
roster_account_window_dispose (GObject *object)
{
  RosterAccountWindow *self = ROSTER_ACCOUNT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_ACCOUNT_WINDOW);

  G_OBJECT_CLASS (roster_account_window_parent_class)->dispose (object);
}

static void
roster_account_window_finalize (GObject *object)
{
  RosterAccountWindow *self = ROSTER_ACCOUNT_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (roster_account_window_parent_class)->finalize (object);
}

static void
roster_account_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RosterAccountWindow *self = ROSTER_ACCOUNT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RosterAccountWindow *self = ROSTER_ACCOUNT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_account_window_class_init (RosterAccountWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY;

  object_class->constructed = roster_account_window_constructed;
  object_class->dispose = roster_account_window_dispose;
  object_class->finalize = roster_account_window_finalize;
  object_class->set_property = roster_account_window_set_property;
  object_class->get_property = roster_account_window_get_property;

  flags |= G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, ROSTER_TYPE_SESSION, flags);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-account-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, unavailable_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, unavailable_title);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, unavailable_description);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, closed_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, export_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, plan_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, firm_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, plan_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, price_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, renewal_date_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, licenses_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, bought_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, in_use_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, unused_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, unused_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, pi_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, pi_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, renewal_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, switch_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, remove_switch);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, monthly_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, note_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, note_icon);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, projected_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, projected_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, keep_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, keep_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, remove_row);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, remove_value);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, sync_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, sync_spin);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, close_group);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, close_button);
  gtk_widget_class_bind_template_child (widget_class, RosterAccountWindow, close_reason_label);
  gtk_widget_class_bind_template_callback (widget_class, remove_switch_toggled);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, remove_data_clicked);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, refresh_shortcut, NULL);
}

static void
roster_account_window_init (RosterAccountWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  roster_a11y_name_buttons (GTK_WIDGET (self));
}

/**
 * roster_account_window_new:
 * @parent: the main window
 * @session: the account to show
 * @settings: Roster's settings, for the sync interval
 *
 * Returns: (transfer none): the window, to present
 */
GtkWidget *
roster_account_window_new (GtkWindow     *parent,
                           RosterSession *session,
                           GSettings     *settings)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (ROSTER_TYPE_ACCOUNT_WINDOW,
                       "transient-for", parent,
                       /* Of the application, for its shortcuts: Ctrl+W closes it. */
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "session", session,
                       "settings", settings,
                       NULL);
}
