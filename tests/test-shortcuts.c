/* test-shortcuts.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shortcuts window lists every shortcut: the key bindings each window
 * and dialog adds to what GTK and libadwaita give it, the application's
 * accelerators, and the mnemonics of the users list's filters.
 */

#include "config.h"

#include <adwaita.h>

#include "roster-account-window.h"
#include "roster-activity-window.h"
#include "roster-application.h"
#include "roster-close-account-dialog.h"
#include "roster-deactivate-users-dialog.h"
#include "roster-reassign-dialog.h"
#include "roster-users-view.h"
#include "roster-window.h"
#include "test-home.h"

static RosterApplication *application;
static RosterSession *session;
static GSettings *settings;

/* The shortcuts window's groups, by title, each a table of the
 * accelerators it lists, as gtk_accelerator_name() spells them, to the
 * titles that list them. A window's shortcuts belong in its own group or
 * in General: a Ctrl+R listed for the users is not one listed for the
 * account. */
static GHashTable *groups;

/* The shortcuts a widget of a type's parent has: GType to GPtrArray. */
static GHashTable *parent_shortcuts;

/* Adds @accelerator to what @group lists, as gtk_accelerator_name()
 * spells it: <Primary>f and <Control>F are one. */
static void
add_listed (const char *group,
            const char *accelerator,
            const char *title)
{
  GHashTable *listed = g_hash_table_lookup (groups, group);
  g_autofree char *name = NULL;
  const char *titles;
  guint keyval;
  GdkModifierType modifiers;

  if (!gtk_accelerator_parse (accelerator, &keyval, &modifiers))
    g_error ("The shortcuts window's \"%s\" has an accelerator GTK cannot read: %s", title, accelerator);

  if (listed == NULL)
    {
      listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (groups, g_strdup (group), listed);
    }
  name = gtk_accelerator_name (keyval, modifiers);
  titles = g_hash_table_lookup (listed, name);
  g_hash_table_insert (listed, g_steal_pointer (&name),
                       titles != NULL ? g_strdup_printf ("%s\" and \"%s", titles, title) : g_strdup (title));
}

/* What the shortcuts window lists, read as GTK reads it: its accelerators,
 * and the application's accelerators for its actions. */
static void
load_listed (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/roster-shortcuts-window.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  guint shortcuts = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *group = NULL;
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action_name = NULL;
      GtkWidget *parent;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      shortcuts++;
      parent = gtk_widget_get_ancestor (l->data, GTK_TYPE_SHORTCUTS_GROUP);
      g_assert_nonnull (parent);
      g_object_get (parent, "title", &group, NULL);
      g_object_get (l->data,
                    "title", &title,
                    "accelerator", &accelerator,
                    "action-name", &action_name,
                    NULL);
      if (accelerator != NULL)
        {
          g_auto(GStrv) accelerators = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; accelerators[i] != NULL; i++)
            if (*accelerators[i] != '\0')
              add_listed (group, accelerators[i], title);
        }
      if (action_name != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), action_name);

          if (accels[0] == NULL)
            g_error ("The shortcuts window's \"%s\" names %s, which has no accelerator", title, action_name);
          for (guint i = 0; accels[i] != NULL; i++)
            add_listed (group, accels[i], title);
        }
    }
  g_assert_cmpuint (shortcuts, >, 0);

  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* The titles that list @accelerator in one of @group_titles, or NULL. */
static const char *
listed_title (const char *const *group_titles,
              const char        *accelerator)
{
  for (guint i = 0; group_titles[i] != NULL; i++)
    {
      GHashTable *listed = g_hash_table_lookup (groups, group_titles[i]);
      const char *title;

      /* A group the window does not have lists nothing. */
      if (listed == NULL)
        continue;
      title = g_hash_table_lookup (listed, accelerator);
      if (title != NULL)
        return title;
    }

  return NULL;
}

/* Every shortcut of @widget's shortcut controllers, the class's own
 * (gtk_widget_class_add_binding() and the like) and any it added itself. */
static GPtrArray *
widget_shortcuts (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GPtrArray *shortcuts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        g_ptr_array_add (shortcuts, g_list_model_get_item (G_LIST_MODEL (controller), j));
    }

  return shortcuts;
}

/* The shortcuts of a widget of @type's parent type: what GTK and
 * libadwaita give it. GtkWidget itself binds no keys. */
static GPtrArray *
get_parent_shortcuts (GType type)
{
  GPtrArray *shortcuts = g_hash_table_lookup (parent_shortcuts, GSIZE_TO_POINTER (type));
  GType parent = g_type_parent (type);
  GtkWidget *widget;

  if (shortcuts != NULL)
    return shortcuts;

  while (G_TYPE_IS_ABSTRACT (parent) && parent != GTK_TYPE_WIDGET)
    parent = g_type_parent (parent);
  if (parent == GTK_TYPE_WIDGET)
    {
      shortcuts = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else
    {
      widget = g_object_ref_sink (g_object_new (parent, NULL));
      shortcuts = widget_shortcuts (widget);
      if (GTK_IS_WINDOW (widget))
        gtk_window_destroy (GTK_WINDOW (widget));
      g_object_unref (widget);
    }
  g_hash_table_insert (parent_shortcuts, GSIZE_TO_POINTER (type), shortcuts);

  return shortcuts;
}

/* Whether @shortcut is one of @inherited: the same object (a class's
 * shortcuts are its parent's and its own), or the same keys for the same
 * action, signal or callback (GtkWindow's F10 is a shortcut of each
 * window's own, calling the same function). */
static gboolean
is_inherited (GtkShortcut *shortcut,
              GPtrArray   *inherited)
{
  GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
  g_autofree char *action_string = gtk_shortcut_action_to_string (action);

  for (guint i = 0; i < inherited->len; i++)
    {
      GtkShortcut *other = g_ptr_array_index (inherited, i);
      g_autofree char *other_action = NULL;

      if (other == shortcut)
        return TRUE;
      if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), gtk_shortcut_get_trigger (other)))
        continue;
      other_action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (other));
      if (g_str_equal (action_string, other_action))
        return TRUE;
    }

  return FALSE;
}

/* @trigger's keys as gtk_accelerator_name() spells them, each
 * alternative apart. */
static void
add_trigger_accelerators (GtkShortcutTrigger *trigger,
                          GPtrArray          *accelerators)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      GtkKeyvalTrigger *keys = GTK_KEYVAL_TRIGGER (trigger);

      g_ptr_array_add (accelerators,
                       gtk_accelerator_name (gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (keys)),
                                             gtk_keyval_trigger_get_modifiers (keys)));
    }
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      GtkAlternativeTrigger *alternative = GTK_ALTERNATIVE_TRIGGER (trigger);

      add_trigger_accelerators (gtk_alternative_trigger_get_first (alternative), accelerators);
      add_trigger_accelerators (gtk_alternative_trigger_get_second (alternative), accelerators);
    }
  else
    {
      /* A mnemonic or another trigger the shortcuts window cannot show as
       * an accelerator: said as GTK says it, so that it is reported. */
      g_ptr_array_add (accelerators, gtk_shortcut_trigger_to_string (trigger));
    }
}

typedef struct
{
  const char *name;
  GtkWidget *(*create)(void);
  guint       at_least;    /* the bindings the type is known to add */
  const char *groups[3];   /* the shortcuts window's groups for it */
} Toplevel;

typedef struct
{
  const Toplevel *toplevel;
  GHashTable     *checked;  /* the types seen already */
  guint           own;
  guint           missing;
} Check;

/* Reports each shortcut @widget's type adds that the shortcuts window does
 * not list among its toplevel's groups, then does the same for @widget's
 * children. Mnemonics are the window's, and have a test of their own. */
static void
check_widget (GtkWidget *widget,
              Check     *check)
{
  GType type = G_OBJECT_TYPE (widget);

  if (g_str_has_prefix (g_type_name (type), "Roster") &&
      g_hash_table_add (check->checked, GSIZE_TO_POINTER (type)))
    {
      g_autoptr(GPtrArray) shortcuts = widget_shortcuts (widget);
      GPtrArray *inherited = get_parent_shortcuts (type);
      g_autoptr(GString) not_checked = g_string_new (NULL);

      for (guint i = 0; i < shortcuts->len; i++)
        {
          GtkShortcut *shortcut = g_ptr_array_index (shortcuts, i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autoptr(GPtrArray) accelerators = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));
          gboolean from_parent;

          if (GTK_IS_MNEMONIC_TRIGGER (trigger))
            continue;
          from_parent = is_inherited (shortcut, inherited);
          add_trigger_accelerators (trigger, accelerators);
          for (guint j = 0; j < accelerators->len; j++)
            {
              const char *accelerator = g_ptr_array_index (accelerators, j);
              const char *title;

              if (from_parent)
                {
                  g_string_append_printf (not_checked, " %s", accelerator);
                  continue;
                }

              check->own++;
              title = listed_title (check->toplevel->groups, accelerator);
              if (title != NULL)
                {
                  g_test_message ("%s: %s (%s) is listed as \"%s\"", g_type_name (type), accelerator, action, title);
                }
              else
                {
                  g_autofree char *where = g_strjoinv ("\" or \"", (char **) check->toplevel->groups);

                  g_test_message ("%s: %s (%s) is not in the shortcuts window's \"%s\"",
                                  g_type_name (type), accelerator, action, where);
                  check->missing++;
                }
            }
        }
      if (not_checked->len > 0)
        g_test_message ("%s: what %s binds is not checked:%s", g_type_name (type),
                        g_type_name (g_type_parent (type)), not_checked->str);
    }

  /* F10 opens a window's primary menu: GtkWindow binds it in every
   * window, and it does something where the window has one. */
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    {
      const char *title = listed_title (check->toplevel->groups, "F10");

      check->own++;
      if (title != NULL)
        {
          g_test_message ("%s: F10 (the primary menu) is listed as \"%s\"", check->toplevel->name, title);
        }
      else
        {
          g_autofree char *where = g_strjoinv ("\" or \"", (char **) check->toplevel->groups);

          g_test_message ("%s: F10 (the primary menu) is not in the shortcuts window's \"%s\"",
                          check->toplevel->name, where);
          check->missing++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child, check);
}

static GtkWidget *
create_window (void)
{
  return GTK_WIDGET (g_object_new (ROSTER_TYPE_WINDOW, NULL));
}

static GtkWidget *
create_account_window (void)
{
  return roster_account_window_new (NULL, session, settings);
}

static GtkWidget *
create_activity_window (void)
{
  return roster_activity_window_new (NULL, session);
}

static GtkWidget *
create_close_account_dialog (void)
{
  return roster_close_account_dialog_new (NULL, session);
}

static GtkWidget *
create_reassign_dialog (void)
{
  return roster_reassign_dialog_new (NULL, session, 2, FALSE);
}

/* roster_deactivate_users_dialog_new() reads the open account's cache,
 * which a test without one has not got; the dialog's keys are its class's,
 * bound before the constructor fills it in. */
static GtkWidget *
create_deactivate_users_dialog (void)
{
  return GTK_WIDGET (g_object_new (ROSTER_TYPE_DEACTIVATE_USERS_DIALOG, NULL));
}

/* Every GtkWindow subclass of src/app, and where the shortcuts window
 * lists its shortcuts. */
static const Toplevel toplevels[] = {
  { "RosterWindow", create_window, 5, { "General", "Users", NULL } },
  { "RosterAccountWindow", create_account_window, 1, { "General", "Account and Licenses", NULL } },
  { "RosterActivityWindow", create_activity_window, 4, { "General", "Activity", NULL } },
  { "RosterCloseAccountDialog", create_close_account_dialog, 1, { "General", "Dialogs", NULL } },
  { "RosterReassignDialog", create_reassign_dialog, 1, { "General", "Dialogs", NULL } },
  { "RosterDeactivateUsersDialog", create_deactivate_users_dialog, 0, { "General", "Dialogs", NULL } },
};

static void
test_toplevel_listed (gconstpointer data)
{
  const Toplevel *toplevel = data;
  g_autoptr(GHashTable) checked = g_hash_table_new (NULL, NULL);
  Check check = { toplevel, checked, 0, 0 };
  GtkWidget *window = toplevel->create ();

  g_assert_true (GTK_IS_WINDOW (window));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (window), ==, toplevel->name);

  /* The window and every widget of Roster's in it. */
  check_widget (window, &check);
  /* A type that stops adding bindings is told apart from a test that
   * stopped finding them. */
  g_assert_cmpuint (check.own, >=, toplevel->at_least);
  if (check.missing > 0)
    g_test_fail_printf ("%u of %s's %u shortcuts are not in the shortcuts window",
                        check.missing, toplevel->name, check.own);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The application's accelerators: Quit, Close Window and the like. */
static void
test_application_listed (void)
{
  static const char *const general[] = { "General", NULL };
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  guint own = 0;
  guint missing = 0;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval;
          GdkModifierType modifiers;
          g_autofree char *accelerator = NULL;
          const char *title;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &modifiers));
          accelerator = gtk_accelerator_name (keyval, modifiers);
          title = listed_title (general, accelerator);
          own++;
          if (title != NULL)
            {
              g_test_message ("application: %s (%s) is listed as \"%s\"", accelerator, actions[i], title);
            }
          else
            {
              g_test_message ("application: %s (%s) is not in the shortcuts window's \"General\"",
                              accelerator, actions[i]);
              missing++;
            }
        }
    }

  /* Quit and Close Window at least. */
  g_assert_cmpuint (own, >=, 2);
  if (missing > 0)
    g_test_fail_printf ("%u of the application's %u accelerators are not in the shortcuts window", missing, own);
}

static void
collect_mnemonics (GtkWidget *widget,
                   GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) &&
      gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, labels);
}

/* The users list is worked from the keyboard by its mnemonics (Alt+A,
 * Alt+D, Alt+L for the filters): each is in the shortcuts window. Buttons
 * in dialogs keep their mnemonics to themselves, as in every GNOME app. */
static void
test_users_view_mnemonics_listed (void)
{
  static const char *const users[] = { "Users", NULL };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = roster_users_view_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint missing = 0;

  gtk_window_set_child (GTK_WINDOW (window), view);
  collect_mnemonics (view, labels);
  /* The three filters at least. */
  g_assert_cmpuint (labels->len, >=, 3);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *accelerator = gtk_accelerator_name (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (label)),
                                                           GDK_ALT_MASK);
      const char *title = listed_title (users, accelerator);

      if (title != NULL)
        {
          g_test_message ("RosterUsersView: %s (\"%s\") is listed as \"%s\"",
                          accelerator, gtk_label_get_label (label), title);
        }
      else
        {
          g_test_message ("RosterUsersView: %s (\"%s\") is not in the shortcuts window's \"Users\"",
                          accelerator, gtk_label_get_label (label));
          missing++;
        }
    }

  if (missing > 0)
    g_test_fail_printf ("%u of the users list's %u mnemonics are not in the shortcuts window", missing, labels->len);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_home_new ("shortcuts");
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Registered, so that its accelerators are all set, as when it runs;
   * alone on the test's own bus. */
  application = roster_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  /* No account: the windows and dialogs bind their keys all the same. */
  session = roster_session_new ();
  roster_session_set_sync_on_open (session, FALSE);
  settings = g_settings_new (SCHEMA_ID);
  parent_shortcuts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  load_listed ();

  g_test_add_func ("/shortcuts/application", test_application_listed);
  for (guint i = 0; i < G_N_ELEMENTS (toplevels); i++)
    {
      g_autofree char *path = g_strdup_printf ("/shortcuts/%s", toplevels[i].name);

      g_test_add_data_func (path, &toplevels[i], test_toplevel_listed);
    }
  g_test_add_func ("/shortcuts/users-view-mnemonics", test_users_view_mnemonics_listed);

  status = g_test_run ();

  g_hash_table_unref (groups);
  g_hash_table_unref (parent_shortcuts);
  g_object_unref (settings);
  g_object_unref (session);
  g_object_unref (application);
  test_remove_tree (home);

  return status;
}
