/* test-window.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "roster-known-accounts.h"
#include "roster-notifications-button.h"
#include "roster-notifications-popover.h"
#include "roster-side-by-side.h"
#include "roster-store.h"
#include "roster-user-page.h"
#include "roster-users-view.h"
#include "roster-window.h"
#include "test-home.h"

/* The first widget of @type under @widget; a stack only if it has a page
 * named @page, when @page is given. */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *page)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (page == NULL || gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's primary menu: the header bar has another menu button, the
 * notifications' (issue 14). */
static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every status page under @widget. */
static void
collect_status_pages (GtkWidget *widget,
                      GPtrArray *pages)
{
  if (ADW_IS_STATUS_PAGE (widget))
    g_ptr_array_add (pages, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_status_pages (child, pages);
}

/* GTK 4.8 names a button with a mnemonic "_Sign In Sign In" unless
 * roster_a11y_name_buttons() has named it: each button with a text
 * label under @widget must be named by its text alone. */
static void
assert_buttons_named_as_read (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    assert_buttons_named_as_read (child);

#if !GTK_CHECK_VERSION (4, 10, 0)
  if (GTK_IS_BUTTON (widget) && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
    {
      GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (widget)));
      g_autofree char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                   gtk_label_get_text (label));

      g_assert_null (wrong);
      g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }
#endif
}

static AdwStatusPage *
find_status_page (GtkWidget  *window,
                  const char *title)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect_status_pages (window, pages);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (pages->pdata[i]), title) == 0)
      return pages->pdata[i];

  return NULL;
}

static void
test_window_empty_state (void)
{
  GtkWidget *window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  GtkWidget *status_page;
  GtkWidget *menu_button;
  GMenuModel *menu;
  g_autofree char *label = NULL;
  g_autofree char *action = NULL;
  gboolean has_about = FALSE;
  gboolean has_shortcuts = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  roster_window_open (ROSTER_WINDOW (window), FALSE);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Roster");

  /* Until an account is open, the welcome page offers the two ways in. */
  status_page = GTK_WIDGET (find_status_page (window, "Welcome to Roster"));
  g_assert_nonnull (status_page);
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==, "Welcome to Roster");
  g_assert_nonnull (adw_status_page_get_description (ADW_STATUS_PAGE (status_page)));
  {
    GtkWidget *buttons = adw_status_page_get_child (ADW_STATUS_PAGE (status_page));
    GtkWidget *demo = gtk_widget_get_first_child (buttons);
    GtkWidget *connect = gtk_widget_get_next_sibling (demo);

    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (demo)), ==, "_Try the Demo Firm");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (demo)), ==, "win.demo");
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (connect)), ==, "_Connect to Your Firm");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (connect)), ==, "win.connect");
  }

  /* The primary menu offers the shortcuts and About. */
  menu_button = find_primary_menu_button (window);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          g_clear_pointer (&action, g_free);
          g_clear_pointer (&label, g_free);
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          if (g_str_equal (action, "app.about"))
            {
              g_assert_cmpstr (label, ==, "_About Roster");
              has_about = TRUE;
            }
          else if (g_str_equal (action, "win.show-help-overlay"))
            {
              g_assert_cmpstr (label, ==, "_Keyboard Shortcuts");
              has_shortcuts = TRUE;
            }
        }
    }
  g_assert_true (has_about);
  g_assert_true (has_shortcuts);

  /* The shortcuts window is built when first asked for, not as the window
   * opens (#17). */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_widget_activate_action (window, "win.show-help-overlay", NULL);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_restores_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  GtkWidget *window;
  int width;
  int height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  /* Closing the window saves its size for the next start. */
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 810, 620);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 810);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 620);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

/* Whether the users list's column titled @title is shown. */
static gboolean
column_shown (GtkWidget  *window,
              const char *title)
{
  GtkWidget *view = find_descendant (window, GTK_TYPE_COLUMN_VIEW, NULL);
  GListModel *columns;

  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return gtk_column_view_column_get_visible (column);
    }

  g_error ("no column titled “%s”", title);
}

/* The list's columns are those of the width the window opens at before
 * it is first drawn (#17): laid out once allocated, its first frame
 * showed every column, squeezed, and the next one the right ones. */
static void
test_window_columns_before_first_frame (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  static const struct
  {
    int       width;
    gboolean  email;
    gboolean  subscription;
  } widths[] = {
    { 400, FALSE, FALSE },
    { 800, TRUE, FALSE },
    { 1100, TRUE, TRUE },
  };

  g_settings_set_boolean (settings, "window-maximized", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      GtkWidget *window;

      g_settings_set_int (settings, "window-width", widths[i].width);
      window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
      g_assert_false (gtk_widget_get_realized (window));
      g_assert_cmpint (column_shown (window, "E-mail"), ==, widths[i].email);
      g_assert_cmpint (column_shown (window, "Subscription"), ==, widths[i].subscription);
      g_assert_true (column_shown (window, "Name"));
      g_assert_true (column_shown (window, "Status"));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_settings_reset (settings, "window-width");
}

/* A firm cached under the account used last, with one user. */
static void
cache_last_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterKnownAccount) account = roster_known_account_new ("http://127.0.0.1:9", "marcus.reyes@hartbell.example");
  g_autofree char *path = roster_known_account_cache_path (account);
  g_autoptr(RosterStore) store = roster_store_open (path, &error);
  g_autoptr(JsonNode) node = json_from_string ("{\"id\": 2, \"etag\": \"e\", \"name\": \"Marcus Reyes\","
                                               " \"first_name\": \"Marcus\", \"last_name\": \"Reyes\","
                                               " \"email\": \"marcus.reyes@hartbell.example\", \"enabled\": true,"
                                               " \"account_owner\": false, \"roles\": [\"admin\"],"
                                               " \"subscription_type\": \"Attorney\", \"personal_injury_license\": false,"
                                               " \"default_calendar_id\": 12, \"updated_at\": \"2026-11-01T00:00:00Z\"}",
                                               NULL);
  g_autoptr(RosterUser) user = NULL;

  g_assert_no_error (error);
  user = roster_user_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_true (roster_store_put_user (store, user, &error));
  g_assert_true (roster_store_set_info (store, "me", "2", &error));
  g_assert_true (roster_known_accounts_save (account, &error));
  g_assert_no_error (error);
}

static void
test_window_opens_on_last_account (void)
{
  GtkWidget *window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  GtkWidget *stack;

  cache_last_account ();
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  roster_window_open (ROSTER_WINDOW (window), FALSE);

  /* The users at once: no welcome page fading into them. */
  stack = find_descendant (window, GTK_TYPE_STACK, "users");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "users");
  g_assert_false (gtk_stack_get_transition_running (GTK_STACK (stack)));
  /* Other pages still fade, as before. */
  g_assert_cmpint (gtk_stack_get_transition_type (GTK_STACK (stack)), ==, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
iterate_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));
}

/* Iterates the main loop until the window is allocated about @width
 * wide (less the frame's margins) and what waits on that (its layout, in
 * an idle) has run. */
static void
resize_window (GtkWidget *window,
               int        width)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  while (ABS (gtk_widget_get_width (window) - width) > 20 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ABS (gtk_widget_get_width (window) - width), <=, 20);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A window opened @width pixels wide on the cached account, its list
 * shown; its stack and users view found. No user's page yet. */
static GtkWidget *
window_opened_at (GSettings  *settings,
                  int         width,
                  GtkWidget **stack,
                  GtkWidget **view)
{
  GtkWidget *window;

  g_settings_set_int (settings, "window-width", width);
  window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  roster_window_open (ROSTER_WINDOW (window), FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  *stack = find_descendant (window, GTK_TYPE_STACK, "users");
  *view = find_descendant (window, ROSTER_TYPE_USERS_VIEW, NULL);
  g_assert_nonnull (*stack);
  g_assert_nonnull (*view);
  g_assert_null (find_descendant (window, ROSTER_TYPE_USER_PAGE, NULL));

  return window;
}

/* The user's page is made when a user is first opened (#17), where the
 * window's width puts it: in a page of its own, or beside the list; and
 * it moves between the two as the window is resized. */
static void
test_window_user_page_when_opened (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  GtkWidget *window;
  GtkWidget *stack;
  GtkWidget *view;
  GtkWidget *page;

  cache_last_account ();
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = window_opened_at (settings, 800, &stack, &view);

  /* Opened at 800 px: a page of its own, in place of the list. */
  g_signal_emit_by_name (view, "user-activated", (gint64) 2);
  page = find_descendant (window, ROSTER_TYPE_USER_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_cmpint (roster_user_page_get_user_id (ROSTER_USER_PAGE (page)), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "user");
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "user")));

  /* Widened: the same page, beside the list. */
  resize_window (window, 1400);
  g_assert_true (find_descendant (window, ROSTER_TYPE_USER_PAGE, NULL) == page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "users");
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "users")));
  g_assert_true (gtk_widget_get_mapped (page));

  /* Narrowed again: a page of its own, the user still shown. */
  resize_window (window, 1100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "user");
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "user")));

  /* Beside the list, then narrowed in one step to less than the list and
   * the page need side by side (976 px), as when a window is tiled to half
   * a screen: the window gets that width, and the page moves. */
  resize_window (window, 1400);
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "users")));
  resize_window (window, 800);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "user");
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "user")));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A window that opens wide, no user opened yet: the page is made beside
   * the list. */
  window = window_opened_at (settings, 1400, &stack, &view);
  g_signal_emit_by_name (view, "user-activated", (gint64) 2);
  page = find_descendant (window, ROSTER_TYPE_USER_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "users");
  g_assert_true (gtk_widget_is_ancestor (page, gtk_stack_get_child_by_name (GTK_STACK (stack), "users")));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
}

/* Where RosterSideBySide put @child: its x and width. */
static void
assert_placed (GtkWidget *child,
               int        x,
               int        width)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (child, gtk_widget_get_parent (child), &bounds));
  g_assert_cmpint ((int) bounds.origin.x, ==, x);
  g_assert_cmpint ((int) bounds.size.width, ==, width);
}

/* The list and the user's page beside it: only the list's minimum holds
 * the window; the page keeps its width, and is pushed past the end edge
 * when there is no room for it (until the window moves it); right to
 * left, mirrored. */
static void
test_window_side_by_side_layout (void)
{
  GtkWidget *layout = g_object_ref_sink (roster_side_by_side_new ());
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  int minimum;
  int natural;
  int separator_width;

  gtk_widget_set_size_request (list, 400, 300);
  gtk_widget_set_size_request (page, 560, 200);
  gtk_widget_set_parent (list, layout);
  gtk_widget_set_parent (separator, layout);
  gtk_widget_set_parent (page, layout);
  gtk_widget_measure (separator, GTK_ORIENTATION_HORIZONTAL, -1, &separator_width, NULL, NULL, NULL);

  gtk_widget_measure (layout, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 400);
  g_assert_cmpint (natural, ==, 400 + separator_width + 560);
  gtk_widget_measure (layout, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, ==, 300);

  /* Room for both: the list takes what the page leaves. */
  gtk_widget_size_allocate (layout, &(GtkAllocation) { 0, 0, 1400, 800 }, -1);
  assert_placed (list, 0, 1400 - 560 - separator_width);
  assert_placed (page, 1400 - 560, 560);

  /* Not enough: the list keeps its minimum, the page its width, past the edge. */
  gtk_widget_size_allocate (layout, &(GtkAllocation) { 0, 0, 800, 800 }, -1);
  assert_placed (list, 0, 400);
  assert_placed (page, 400 + separator_width, 560);

  /* The page hidden: the list has it all. */
  gtk_widget_set_visible (separator, FALSE);
  gtk_widget_set_visible (page, FALSE);
  gtk_widget_measure (layout, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 400);
  gtk_widget_size_allocate (layout, &(GtkAllocation) { 0, 0, 800, 800 }, -1);
  assert_placed (list, 0, 800);

  /* Right to left: the page on the left. */
  gtk_widget_set_visible (separator, TRUE);
  gtk_widget_set_visible (page, TRUE);
  gtk_widget_set_direction (layout, GTK_TEXT_DIR_RTL);
  gtk_widget_size_allocate (layout, &(GtkAllocation) { 0, 0, 1400, 800 }, -1);
  assert_placed (list, 560 + separator_width, 1400 - 560 - separator_width);
  assert_placed (page, 0, 560);

  g_object_unref (layout);
}

/* The rows of @list_box. */
static guint
count_rows (GtkWidget *list_box)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row);

  return n;
}

/* A notification numbered @id put in @store, as a sync would. */
static void
put_notification (RosterStore *store,
                  int          id)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": %d, \"etag\": \"n%d\", \"kind\": \"reassignment\","
                                           " \"subject\": \"Work reassigned to you (%d)\", \"body\": \"A matter\","
                                           " \"created_at\": \"2026-11-0%dT09:00:00Z\"}",
                                           id, id, id, id);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_store_put_notification (store, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

/* A notification for the window's account, and the session's "changed". */
static void
add_notification (GtkWidget *window,
                  int        id)
{
  RosterSession *session = roster_window_get_session (ROSTER_WINDOW (window));

  put_notification (roster_session_get_store (session), id);
  g_signal_emit_by_name (session, "changed");
}

/* The bell's popover is made when the bell is first opened (#17), and
 * counts what is unread before it; its rows are made only while it shows,
 * and a notification that comes while it shows is listed at once. */
static void
test_window_notifications_when_opened (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterKnownAccount) account = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  GtkWidget *bell;
  GtkWidget *menu_button;
  GtkWidget *popover;

  cache_last_account ();
  account = roster_known_account_new ("http://127.0.0.1:9", "marcus.reyes@hartbell.example");
  path = roster_known_account_cache_path (account);
  store = roster_store_open (path, &error);
  g_assert_no_error (error);
  put_notification (store, 1);
  put_notification (store, 2);
  g_clear_object (&store);

  window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  roster_window_open (ROSTER_WINDOW (window), FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  bell = find_descendant (window, ROSTER_TYPE_NOTIFICATIONS_BUTTON, NULL);
  g_assert_nonnull (bell);
  g_assert_true (gtk_widget_get_visible (bell));
  g_assert_cmpuint (roster_notifications_button_get_unread (ROSTER_NOTIFICATIONS_BUTTON (bell)), ==, 2);
  menu_button = find_descendant (bell, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_null (find_descendant (window, ROSTER_TYPE_NOTIFICATIONS_POPOVER, NULL));

  /* Opened: both listed, and now seen. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (ROSTER_IS_NOTIFICATIONS_POPOVER (popover));
  iterate_until_mapped (popover);
  g_assert_cmpuint (count_rows (find_descendant (popover, GTK_TYPE_LIST_BOX, NULL)), ==, 2);
  g_assert_cmpuint (roster_notifications_button_get_unread (ROSTER_NOTIFICATIONS_BUTTON (bell)), ==, 0);

  /* One more while it shows: listed, and seen. */
  add_notification (window, 3);
  g_assert_cmpuint (count_rows (find_descendant (popover, GTK_TYPE_LIST_BOX, NULL)), ==, 3);
  g_assert_cmpuint (roster_notifications_button_get_unread (ROSTER_NOTIFICATIONS_BUTTON (bell)), ==, 0);

  /* Closed, one more: counted, but the hidden list is left as it was. */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  add_notification (window, 4);
  g_assert_cmpuint (roster_notifications_button_get_unread (ROSTER_NOTIFICATIONS_BUTTON (bell)), ==, 1);
  g_assert_cmpuint (count_rows (find_descendant (popover, GTK_TYPE_LIST_BOX, NULL)), ==, 3);

  /* Opened again: the same popover, listing all four. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))) == popover);
  g_assert_cmpuint (count_rows (find_descendant (popover, GTK_TYPE_LIST_BOX, NULL)), ==, 4);
  g_assert_cmpuint (roster_notifications_button_get_unread (ROSTER_NOTIFICATIONS_BUTTON (bell)), ==, 0);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A status page's icon is given only once its page is shown (#17): GTK
 * reads every icon it looks up, shown or not, and the large icons are SVGs
 * whose reading loaded librsvg into every start. */
static void
test_window_status_icons_when_shown (void)
{
  GtkWidget *window = g_object_new (ROSTER_TYPE_WINDOW, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  AdwStatusPage *welcome;
  AdwStatusPage *connect;
  AdwStatusPage *none_found;
  GtkWidget *stack;
  GtkWidget *search;

  cache_last_account ();
  gtk_window_present (GTK_WINDOW (window));
  roster_window_open (ROSTER_WINDOW (window), FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A window that opens on an account does not make the pages for
   * signing in (#17). */
  g_assert_null (find_status_page (window, "Welcome to Roster"));
  g_assert_null (find_status_page (window, "Connect to Your Firm"));
  none_found = find_status_page (window, "No Users Found");
  g_assert_nonnull (none_found);

  /* The users are shown: no page that waits has its icon. */
  collect_status_pages (window, pages);
  for (guint i = 0; i < pages->len; i++)
    {
      AdwStatusPage *page = pages->pdata[i];

      if (!gtk_widget_get_mapped (GTK_WIDGET (page)))
        g_assert_null (adw_status_page_get_icon_name (page));
    }
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (none_found)));

  /* A search that matches nobody: its page comes with its icon. */
  search = find_descendant (window, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "nobody of this name");
  iterate_until_mapped (GTK_WIDGET (none_found));
  g_assert_cmpstr (adw_status_page_get_icon_name (none_found), ==, "edit-find-symbolic");

  /* The window's pages not shown are hidden, so that GTK does not style
   * them for the first frame of the one shown. */
  stack = find_descendant (window, GTK_TYPE_STACK, "users");
  for (GtkWidget *page = gtk_widget_get_first_child (stack); page != NULL; page = gtk_widget_get_next_sibling (page))
    g_assert_true (gtk_widget_get_visible (page) == (page == gtk_stack_get_child_by_name (GTK_STACK (stack), "users")));

  /* A page for signing in is made when first shown, with its icon, and
   * its buttons named as a screen reader should read them: connecting,
   * then back to the welcome page. */
  gtk_widget_activate_action (window, "win.connect", NULL);
  connect = find_status_page (window, "Connect to Your Firm");
  g_assert_nonnull (connect);
  iterate_until_mapped (GTK_WIDGET (connect));
  g_assert_cmpstr (adw_status_page_get_icon_name (connect), ==, "network-server-symbolic");
  assert_buttons_named_as_read (GTK_WIDGET (connect));
  gtk_widget_activate_action (window, "win.back", NULL);
  welcome = find_status_page (window, "Welcome to Roster");
  g_assert_nonnull (welcome);
  iterate_until_mapped (GTK_WIDGET (welcome));
  g_assert_cmpstr (adw_status_page_get_icon_name (welcome), ==, "io.github.firmroster.Roster");
  assert_buttons_named_as_read (GTK_WIDGET (welcome));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* On X11 a window's icon is drawn from the theme at 48 px: the
 * application's resources hold a PNG of that size, drawn from its SVG at
 * build time, so that the SVG is not read for it (#17). */
static void
test_window_icon_48_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_resource (RESOURCE_BASE_PATH "/icons/48x48/apps/io.github.firmroster.Roster.png");
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  g_assert_cmpint (gdk_texture_get_width (texture), ==, 48);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 48);

  /* What GtkApplication does with its resources' icons, and what GTK asks
   * for a window's icon on X11: 48 px gives the PNG, not the SVG. */
  gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE_PATH "/icons");
  icon = gtk_icon_theme_lookup_icon (theme, "io.github.firmroster.Roster", NULL, 48, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_assert_true (g_str_has_suffix (uri, "/48x48/apps/io.github.firmroster.Roster.png"));
}

int
main (int   argc,
      char *argv[])
{
  /* The account the last test opens is this test's own. */
  g_autofree char *home = test_home_new ("window");
  int status;

  /* GTK's accessibility backend for tests: it keeps each widget's
   * accessible properties, which the checks of buttons' names read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/welcome", test_window_empty_state);
  g_test_add_func ("/window/restores-size", test_window_restores_size);
  g_test_add_func ("/window/columns-before-first-frame", test_window_columns_before_first_frame);
  g_test_add_func ("/window/opens-on-last-account", test_window_opens_on_last_account);
  g_test_add_func ("/window/user-page-when-opened", test_window_user_page_when_opened);
  g_test_add_func ("/window/side-by-side-layout", test_window_side_by_side_layout);
  g_test_add_func ("/window/status-icons-when-shown", test_window_status_icons_when_shown);
  g_test_add_func ("/window/notifications-when-opened", test_window_notifications_when_opened);
  g_test_add_func ("/window/icon-48-png", test_window_icon_48_png);

  status = g_test_run ();
  test_remove_tree (home);

  return status;
}
