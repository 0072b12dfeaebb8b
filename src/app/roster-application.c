/* roster-application.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-application"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-a11y.h"
#include "roster-application.h"
#include "roster-exit-when-drawn.h"
#include "roster-session.h"
#include "roster-window.h"

struct _RosterApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        demo;       /* roster --demo */
};

G_DEFINE_FINAL_TYPE (RosterApplication, roster_application, ADW_TYPE_APPLICATION)

RosterApplication *
roster_application_new (void)
{
  return g_object_new (ROSTER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The resources keep the base ID in every profile. */
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

/**
 * roster_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
roster_application_get_settings (RosterApplication *self)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
roster_application_activate (GApplication *app)
{
  GtkWindow *window;

  RosterApplication *self = ROSTER_APPLICATION (app);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (roster_window_new (self));

  /* The window shows itself first: the account opens behind it. */
  gtk_window_present (window);
  roster_window_open (ROSTER_WINDOW (window), self->demo);
  self->demo = FALSE;
}

static int
roster_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  RosterApplication *self = ROSTER_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  return -1;
}

static void
roster_application_startup (GApplication *app)
{
  RosterApplication *self = ROSTER_APPLICATION (app);

  G_APPLICATION_CLASS (roster_application_parent_class)->startup (app);

  /* The last account's cache opened while the window is made (#17): the
   * window opens on it once shown (and drops it for another account).
   * After GTK's start, which sets the locale its users sort in. */
  roster_session_preopen_last ();

  g_set_application_name (_("Roster"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (SCHEMA_ID);
  roster_exit_when_drawn_mark ("startup");
}

static void
roster_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  RosterApplication *self = user_data;
  /* Translators: who made Roster, as the About window and the software
   * centre name them. */
  const char *authors = _("The Roster Authors");
  const char *developers[] = { authors, NULL };
  /* Translators: the About window's copyright line. */
  const char *copyright = _("© 2026 The Roster Authors");
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *about = adw_about_dialog_new ();

    adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (about), _("Roster"));
    adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (about), "io.github.firmroster.Roster");
    adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), authors);
    adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
    adw_about_dialog_set_website (ADW_ABOUT_DIALOG (about), PACKAGE_WEBSITE);
    adw_about_dialog_set_issue_url (ADW_ABOUT_DIALOG (about), PACKAGE_BUGREPORT);
    adw_about_dialog_set_license_type (ADW_ABOUT_DIALOG (about), GTK_LICENSE_GPL_3_0);
    adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (about), copyright);
    adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (about), developers);
    /* Translators: Replace "translator-credits" with your name and e-mail address. */
    adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (about), _("translator-credits"));
    adw_dialog_present (about, GTK_WIDGET (window));
  }
#else
  {
    GtkWidget *about = adw_about_window_new ();

    gtk_window_set_transient_for (GTK_WINDOW (about), window);
    gtk_window_set_modal (GTK_WINDOW (about), TRUE);
    adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Roster"));
    adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), "io.github.firmroster.Roster");
    adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), authors);
    adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
    adw_about_window_set_website (ADW_ABOUT_WINDOW (about), PACKAGE_WEBSITE);
    adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), PACKAGE_BUGREPORT);
    adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
    adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), copyright);
    adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
    /* Translators: Replace "translator-credits" with your name and e-mail address. */
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
    /* Its buttons too would be read out with their mnemonics. */
    roster_a11y_name_buttons (about);
    gtk_window_present (GTK_WINDOW (about));
  }
#endif
}

static void
roster_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  RosterApplication *self = user_data;
  GList *windows;

  /* Close the windows rather than quitting outright, so that each one saves
   * its state on the way out. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", roster_application_about_action },
  { "quit", roster_application_quit_action },
};

static void
roster_application_dispose (GObject *object)
{
  RosterApplication *self = ROSTER_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (roster_application_parent_class)->dispose (object);
}

static void
roster_application_class_init (RosterApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = roster_application_dispose;

  app_class->activate = roster_application_activate;
  app_class->startup = roster_application_startup;
  app_class->handle_local_options = roster_application_handle_local_options;
}

static void
roster_application_init (RosterApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  /* The window builds its shortcuts window when first asked (roster-window.c). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);

  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Open the demo firm, which runs on this computer"), NULL);
}
