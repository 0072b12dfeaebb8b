/* roster-deactivate-users-dialog.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-deactivate-users"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-a11y.h"
#include "roster-deactivate-users-dialog.h"

/*
 * Several users deactivated in one step: the warning sums up what follows
 * for all of them, as the help centre says it for one (billing, calendar
 * entries hidden, activity kept, Personal Injury licenses lost), and names
 * those it leaves out and why, by the rules the session checks before
 * anything is queued (the primary subscriber, yourself, someone already
 * deactivated). Only the others are queued.
 */

struct _RosterDeactivateUsersDialog
{
  AdwMessageDialog  parent_instance;

  RosterSession    *session;
  GArray           *eligible;    /* gint64 ids */

  GtkWidget        *left_out_label;
};

G_DEFINE_FINAL_TYPE (RosterDeactivateUsersDialog, roster_deactivate_users_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
roster_deactivate_users_dialog_dispose (GObject *object)
{
  RosterDeactivateUsersDialog *self = ROSTER_DEACTIVATE_USERS_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->eligible, g_array_unref);

  G_OBJECT_CLASS (roster_deactivate_users_dialog_parent_class)->dispose (object);
}

static void
responded (AdwMessageDialog *dialog,
           const char       *response)
{
  RosterDeactivateUsersDialog *self = ROSTER_DEACTIVATE_USERS_DIALOG (dialog);

  if (g_str_equal (response, "deactivate"))
    for (guint i = 0; i < self->eligible->len; i++)
      {
        g_autoptr(GError) error = NULL;

        /* Checked a moment ago: a refusal now is a change since. */
        if (roster_session_deactivate (self->session, g_array_index (self->eligible, gint64, i), &error) == 0)
          g_warning ("Not queued: %s", error->message);
      }

  if (ADW_MESSAGE_DIALOG_CLASS (roster_deactivate_users_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (roster_deactivate_users_dialog_parent_class)->response (dialog, response);
}

static void
roster_deactivate_users_dialog_class_init (RosterDeactivateUsersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = roster_deactivate_users_dialog_dispose;
  dialog_class->response = responded;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/firmroster/Roster/roster-deactivate-users-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterDeactivateUsersDialog, left_out_label);
}

static void
roster_deactivate_users_dialog_init (RosterDeactivateUsersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->eligible = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* What deactivating the eligible users does, summed up. */
static char *
summary (RosterDeactivateUsersDialog *self,
         RosterSubscription           subscription,
         GPtrArray                   *losing_pi)
{
  guint n = self->eligible->len;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, subscription == ROSTER_SUBSCRIPTION_MONTHLY
                            ? g_dngettext (GETTEXT_PACKAGE, "The firm will no longer be charged for %u user.",
                                           "The firm will no longer be charged for %u users.", n)
                            : g_dngettext (GETTEXT_PACKAGE,
                                           "%u license will be free for another user; the annual rate stays until renewal.",
                                           "%u licenses will be free for other users; the annual rate stays until renewal.",
                                           n),
                          n);
  g_string_append_c (text, '\n');
  g_string_append (text, _("Their calendar entries will be hidden."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Their activity will be kept: there is no way to remove a user permanently."));
  if (losing_pi->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (losing_pi, NULL);
      names = g_strjoinv (", ", (char **) losing_pi->pdata);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s will lose their Personal Injury license, and will not get it back if "
                                      "reactivated."), names);
    }

  return g_string_free (text, FALSE);
}

/**
 * roster_deactivate_users_dialog_new:
 * @user_ids: (element-type gint64): the users selected
 *
 * Returns: (transfer floating): the dialog, to present
 */
GtkWidget *
roster_deactivate_users_dialog_new (GtkWindow     *parent,
                                    RosterSession *session,
                                    GArray        *user_ids)
{
  RosterDeactivateUsersDialog *self = g_object_new (ROSTER_TYPE_DEACTIVATE_USERS_DIALOG,
                                                    "transient-for", parent, NULL);
  RosterStore *store = roster_session_get_store (session);
  g_autoptr(RosterAccount) firm = roster_store_get_account (store, NULL);
  g_autoptr(GPtrArray) losing_pi = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) left_out = g_string_new (NULL);
  RosterSubscription subscription = ROSTER_SUBSCRIPTION_MONTHLY;
  g_autofree char *signed_out = roster_session_dup_signed_out_reason (session);

  self->session = g_object_ref (session);
  if (firm != NULL)
    roster_subscription_from_string (roster_account_get_subscription (firm), &subscription);

  for (guint i = 0; i < user_ids->len; i++)
    {
      gint64 id = g_array_index (user_ids, gint64, i);
      g_autoptr(RosterUser) user = roster_store_get_user (store, id, NULL);
      g_autoptr(GError) error = NULL;

      if (user == NULL)
        continue;
      if (!roster_session_check (session, ROSTER_ACTION_DEACTIVATE, id, NULL, &error))
        {
          /* Translators: a user left out of a deactivation, and why. */
          g_string_append_printf (left_out, _("%s: %s"), roster_user_get_name (user), error->message);
          g_string_append_c (left_out, '\n');
          continue;
        }
      g_array_append_val (self->eligible, id);
      if (roster_user_get_personal_injury_license (user))
        g_ptr_array_add (losing_pi, g_strdup (roster_user_get_name (user)));
    }

  if (signed_out != NULL)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Signed Out"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), signed_out);
      g_array_set_size (self->eligible, 0);
    }
  else if (self->eligible->len == 0)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Nobody Can Be Deactivated"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), _("None of the selected users can be deactivated:"));
    }
  else
    {
      g_autofree char *body = summary (self, subscription, losing_pi);

      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (self),
                                         g_dngettext (GETTEXT_PACKAGE, "Deactivate %u User?",
                                                      "Deactivate %u Users?", self->eligible->len),
                                         self->eligible->len);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "deactivate", self->eligible->len > 0);

  if (left_out->len > 0 && signed_out == NULL)
    {
      g_autofree char *text = NULL;

      g_string_truncate (left_out, left_out->len - 1);
      text = g_strdup_printf ("%s\n%s", _("Left out:"), left_out->str);
      gtk_label_set_label (GTK_LABEL (self->left_out_label), text);
      gtk_widget_set_visible (self->left_out_label, TRUE);
    }
  roster_a11y_name_buttons (GTK_WIDGET (self));

  return GTK_WIDGET (self);
}
