/* roster-close-account-dialog.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-close-account"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-a11y.h"
#include "roster-close-account-dialog.h"
#include "roster-rules.h"
#include "roster-time.h"

/*
 * Closing the firm's account, as the help centre describes it: the renewal
 * date with the reminder to close before it, the reason, a call to Clio's
 * support team for verification, and "I Want To Permanently Close My
 * Account". The last step asks for the firm's name, typed exactly, before
 * that button can be pressed. Online and administrators only, as
 * roster-cli: the session checks the same rules before anything is sent,
 * and the server's refusal (a wrong code) is shown here in full, with the
 * dialog left open to try again.
 */

/* Whom a person calls to verify the closure. Clio's support phone number
 * is not in Roster's data (the API does not give it, and it differs by
 * region), so the dialog names the team and shows, prominently, the
 * account number they ask for. */
#define SUPPORT_CONTACT N_("Call Clio’s support team for verification")

struct _RosterCloseAccountDialog
{
  AdwWindow            parent_instance;

  RosterSession       *session;
  GCancellable        *cancellable;
  char                *firm_name;
  const char          *reason;  /* a code of roster_rules_closure_reasons() */
  gboolean             closing;

  /* Template widgets */
  AdwActionRow        *renewal_row;
  AdwPreferencesGroup *reason_group;
  GtkLabel            *account_number_label;
  AdwActionRow        *support_row;
  AdwEntryRow         *code_row;
  AdwActionRow        *error_row;
  GtkButton           *close_button;
  GtkLabel            *hint_label;
};

G_DEFINE_FINAL_TYPE (RosterCloseAccountDialog, roster_close_account_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * roster_close_account_dup_unavailable_reason:
 *
 * Why the firm's account cannot be closed from here now: it is closed
 * already, the signed-in user is not an administrator, the server offers
 * Clio's public API alone, Roster is signed out or offline.
 *
 * Returns: (nullable): the reason, or %NULL when it can be closed
 */
char *
roster_close_account_dup_unavailable_reason (RosterSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_at = roster_session_dup_closed_at (session);
  g_autofree char *signed_out = NULL;

  if (closed_at != NULL)
    return g_strdup (_("The firm’s account is closed"));
  if (!roster_session_check_closure (session, NULL, NULL, &error))
    return g_strdup (error->message);
  signed_out = roster_session_dup_signed_out_reason (session);
  if (signed_out != NULL)
    return g_strdup_printf (_("Closing the account needs the server, and Roster is signed out: %s"), signed_out);
  if (roster_session_get_offline (session))
    return g_strdup (_("Closing the account needs the server, and Roster is offline: try again once the firm’s "
                       "server can be reached"));
  if (roster_session_get_credentials (session) != ROSTER_CREDENTIALS_PRESENT)
    return g_strdup (_("Roster is still connecting to the firm’s server: try again in a moment"));

  return NULL;
}

static JsonObject *
account_json (RosterCloseAccountDialog *self)
{
  RosterStore *store = roster_session_get_store (self->session);

  return store ? roster_store_get_account_json (store, NULL) : NULL;
}

/* The account's renewal date, as a person reads it. */
static char *
renewal_text (const char *date)
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

static void
fill (RosterCloseAccountDialog *self)
{
  g_autoptr(JsonObject) account = account_json (self);
  g_autoptr(RosterAccount) firm = NULL;
  RosterStore *store = roster_session_get_store (self->session);
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  gboolean annual;

  firm = store ? roster_store_get_account (store, NULL) : NULL;
  if (firm == NULL)
    return;

  g_free (self->firm_name);
  self->firm_name = g_strdup (roster_account_get_name (firm));
  annual = g_strcmp0 (roster_account_get_subscription (firm), "annual") == 0;
  date = renewal_text (roster_account_get_renewal_date (firm));
  title = g_strdup_printf (_("%s renews on %s"), self->firm_name, date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->renewal_row), title);
  adw_action_row_set_subtitle (self->renewal_row,
                               annual ? _("There are no additional or hidden costs to closing the account; close it "
                                          "before the renewal date to avoid annual charges.")
                                      : _("There are no additional or hidden costs to closing the account; close it "
                                          "before the renewal date to avoid the next month’s charge."));

  /* The account number support asks for: the account's id on the server. */
  if (account != NULL && json_object_has_member (account, "id") &&
      json_node_get_value_type (json_object_get_member (account, "id")) == G_TYPE_INT64)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (account, "id"));

      gtk_label_set_label (self->account_number_label, number);
    }
  else
    gtk_label_set_label (self->account_number_label, _("Unknown: sync first"));
}

/* What the button needs, said under it while it cannot be pressed. */
static void
update (RosterCloseAccountDialog *self)
{
  g_autofree char *unavailable = roster_close_account_dup_unavailable_reason (self->session);
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  const char *hint = NULL;

  if (self->closing)
    hint = _("Closing the account…");
  else if (unavailable != NULL)
    hint = unavailable;
  else if (self->reason == NULL && *code == '\0')
    hint = _("Choose a reason and type the verification code to go on");
  else if (self->reason == NULL)
    hint = _("Choose a reason to go on");
  else if (*code == '\0')
    hint = _("Type the verification code support read out to go on");

  gtk_label_set_label (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), hint == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), !self->closing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_group), !self->closing);
}

static void
reason_toggled (GtkCheckButton           *button,
                RosterCloseAccountDialog *self)
{
  if (gtk_check_button_get_active (button))
    self->reason = g_object_get_data (G_OBJECT (button), "reason");
  update (self);
}

static void
show_error (RosterCloseAccountDialog *self,
            const char               *message)
{
  adw_action_row_set_subtitle (self->error_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
}

static void
closed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(RosterCloseAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!roster_session_close_account_finish (ROSTER_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The account was not closed: %s", error->message);
      self->closing = FALSE;
      show_error (self, error->message);
      update (self);
      /* Another code is the usual way on: it is there to type again. */
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      return;
    }

  /* The account window shows the closed account: the session said so. */
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirmation_changed (GtkEditable      *entry,
                      AdwMessageDialog *confirmation)
{
  const char *firm_name = g_object_get_data (G_OBJECT (confirmation), "firm-name");

  /* Exactly: the firm's name as the account writes it. */
  adw_message_dialog_set_response_enabled (confirmation, "close",
                                           g_strcmp0 (gtk_editable_get_text (entry), firm_name) == 0);
}

static void
confirmation_response (AdwMessageDialog         *confirmation,
                       const char               *response,
                       RosterCloseAccountDialog *self)
{
  g_autofree char *code = NULL;

  if (!g_str_equal (response, "close") || self->closing)
    return;

  code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  self->closing = TRUE;
  show_error (self, NULL);
  update (self);
  roster_session_close_account_async (self->session, self->reason, code, ROSTER_CLOSURE_CONFIRMATION,
                                      self->cancellable, closed, g_object_ref (self));
}

/* The last step: the firm's name, typed exactly, enables the button. */
static void
close_clicked (RosterCloseAccountDialog *self)
{
  GtkWidget *confirmation;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *entry;
  g_autofree char *prompt = NULL;

  if (self->reason == NULL || self->firm_name == NULL || self->closing)
    return;

  confirmation = adw_message_dialog_new (GTK_WINDOW (self), _("Permanently Close the Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (confirmation),
                                  _("Closing the account of %s cannot be undone: every sign-in of the firm ends and "
                                    "nothing can be changed any more. What Roster cached stays on this computer, "
                                    "to export or remove."),
                                  self->firm_name);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  prompt = g_strdup_printf (_("Type the firm’s name, “%s”, to confirm"), self->firm_name);
  label = gtk_label_new (prompt);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  entry = gtk_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Firm Name"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (confirmation), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirmation),
                                    "cancel", _("_Cancel"),
                                    "close", ROSTER_CLOSURE_CONFIRMATION,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirmation), "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (confirmation), "close", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirmation), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirmation), "cancel");
  g_object_set_data_full (G_OBJECT (confirmation), "firm-name", g_strdup (self->firm_name), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (confirmation_changed), confirmation);
  g_signal_connect_object (confirmation, "response", G_CALLBACK (confirmation_response), self, 0);
  roster_a11y_name_buttons (confirmation);
  gtk_window_present (GTK_WINDOW (confirmation));
  gtk_widget_grab_focus (entry);
}

static void
session_changed (RosterCloseAccountDialog *self)
{
  fill (self);
  update (self);
}

static void
session_state_changed (RosterCloseAccountDialog *self)
{
  if (roster_session_get_state (self->session) != ROSTER_SESSION_OPEN)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
add_reasons (RosterCloseAccountDialog *self)
{
  guint n_reasons;
  const RosterClosureReason *reasons = roster_rules_closure_reasons (&n_reasons);
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < n_reasons; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(reasons[i].description));
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (check), "reason", (gpointer) reasons[i].code);
      g_signal_connect (check, "toggled", G_CALLBACK (reason_toggled), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      /* Which also names the check button by the row's title. */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->reason_group, row);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);
    }
}

static void
roster_close_account_dialog_constructed (GObject *object)
{
  RosterCloseAccountDialog *self = ROSTER_CLOSE_ACCOUNT_DIALOG (object);

  G_OBJECT_CLASS (roster_close_account_dialog_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::offline", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::credentials", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed), self,
                           G_CONNECT_SWAPPED);
  fill (self);
  update (self);
}

static void
roster_close_account_dialog_dispose (GObject *object)
{
  RosterCloseAccountDialog *self = ROSTER_CLOSE_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ROSTER_TYPE_CLOSE_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (roster_close_account_dialog_parent_class)->dispose (object);
}

static void
roster_close_account_dialog_finalize (GObject *object)
{
  RosterCloseAccountDialog *self = ROSTER_CLOSE_ACCOUNT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_free (self->firm_name);

  G_OBJECT_CLASS (roster_close_account_dialog_parent_class)->finalize (object);
}

static void
roster_close_account_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  RosterCloseAccountDialog *self = ROSTER_CLOSE_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_close_account_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  RosterCloseAccountDialog *self = ROSTER_CLOSE_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_close_account_dialog_class_init (RosterCloseAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = roster_close_account_dialog_constructed;
  object_class->dispose = roster_close_account_dialog_dispose;
  object_class->finalize = roster_close_account_dialog_finalize;
  object_class->set_property = roster_close_account_dialog_set_property;
  object_class->get_property = roster_close_account_dialog_get_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, ROSTER_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                  G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/roster-close-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, renewal_row);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, account_number_label);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, support_row);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, error_row);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, RosterCloseAccountDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_close_account_dialog_init (RosterCloseAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->support_row), _(SUPPORT_CONTACT));
  add_reasons (self);
  roster_a11y_name_buttons (GTK_WIDGET (self));
}

/**
 * roster_close_account_dialog_new:
 * @parent: the window it is for
 *
 * Returns: (transfer none): the dialog, to present
 */
GtkWidget *
roster_close_account_dialog_new (GtkWindow     *parent,
                                 RosterSession *session)
{
  g_return_val_if_fail (ROSTER_IS_SESSION (session), NULL);

  return g_object_new (ROSTER_TYPE_CLOSE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       /* Of the application, for its shortcuts: Ctrl+W closes it. */
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "session", session,
                       NULL);
}
