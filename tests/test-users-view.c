/* test-users-view.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The users list against a seeded cache: its filters (Active, Deactivated,
 * All), its search on names and e-mail addresses, its sorting by column,
 * and the open work it counts.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "roster-users-view.h"

static char *cache_dir;

static void
put_user (RosterStore *store,
          gint64       id,
          const char  *name,
          const char  *email,
          gboolean     enabled,
          gboolean     owner,
          gboolean     admin)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RosterUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"id\": %" G_GINT64_FORMAT ", \"etag\": \"e\", \"name\": \"%s\", \"first_name\": \"x\","
                          " \"last_name\": \"y\", \"email\": \"%s\", \"enabled\": %s, \"account_owner\": %s,"
                          " \"roles\": [%s], \"subscription_type\": \"Attorney\", \"personal_injury_license\": false,"
                          " \"default_calendar_id\": %" G_GINT64_FORMAT ", \"updated_at\": \"2026-11-01T00:00:00Z\"}",
                          id, name, email, enabled ? "true" : "false", owner ? "true" : "false",
                          admin ? "\"admin\"" : "", 100 + id);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  user = roster_user_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_true (roster_store_put_user (store, user, &error));
}

static RosterStore *
seeded_store (void)
{
  g_autofree char *path = g_build_filename (cache_dir, "cache.db", NULL);
  g_autoptr(GError) error = NULL;
  RosterStore *store = roster_store_open (path, &error);

  g_assert_no_error (error);
  roster_database_exec (roster_store_get_database (store), "DELETE FROM users; DELETE FROM matters", NULL);
  put_user (store, 1, "Olivia Hart", "olivia.hart@hartbell.example", TRUE, TRUE, FALSE);
  put_user (store, 2, "Marcus Reyes", "marcus.reyes@hartbell.example", TRUE, FALSE, TRUE);
  put_user (store, 3, "Ana Cruz", "ana.cruz@hartbell.example", TRUE, FALSE, FALSE);
  put_user (store, 4, "Yuki Lindqvist", "yuki@lindqvist.example", FALSE, FALSE, FALSE);
  put_user (store, 5, "Zoë Adler", "zoe.adler@hartbell.example", FALSE, FALSE, FALSE);
  /* Open work: Ana has three open matters, Marcus one, Yuki a closed one. */
  g_assert_true (roster_database_exec (roster_store_get_database (store),
                                       "INSERT INTO matters VALUES"
                                       " (1, 'e', 'M1', NULL, 'Open', 3, 0, NULL, NULL, 'x'),"
                                       " (2, 'e', 'M2', NULL, 'Pending', 3, 0, NULL, NULL, 'x'),"
                                       " (3, 'e', 'M3', NULL, 'Open', 3, 1, NULL, NULL, 'x'),"
                                       " (4, 'e', 'M4', NULL, 'Open', 2, 0, NULL, NULL, 'x'),"
                                       " (5, 'e', 'M5', NULL, 'Closed', 4, 0, NULL, NULL, 'x')",
                                       &error));
  g_assert_no_error (error);

  return store;
}

static void
counted (RosterUsersView *view,
         gboolean        *done)
{
  *done = TRUE;
}

/* The open work is counted behind the list: wait for it. */
static void
wait_for_counts (GtkWidget *view)
{
  gboolean done = FALSE;
  gulong handler = g_signal_connect (view, "open-work-counted", G_CALLBACK (counted), &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (view, handler);
}

static char *
names (RosterUsersView *view)
{
  GListModel *model = roster_users_view_get_model (view);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, roster_user_get_name (user));
    }

  return g_string_free (text, FALSE);
}

#define assert_names(view, expected) \
  G_STMT_START { g_autofree char *shown = names (view); g_assert_cmpstr (shown, ==, expected); } G_STMT_END

static void
test_filters_and_search (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = roster_users_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  wait_for_counts (view);

  /* Active users by default, by name. */
  assert_names (ROSTER_USERS_VIEW (view), "Ana Cruz, Marcus Reyes, Olivia Hart");
  roster_users_view_set_filter (ROSTER_USERS_VIEW (view), ROSTER_USER_FILTER_DEACTIVATED);
  assert_names (ROSTER_USERS_VIEW (view), "Yuki Lindqvist, Zoë Adler");
  roster_users_view_set_filter (ROSTER_USERS_VIEW (view), ROSTER_USER_FILTER_ALL);
  assert_names (ROSTER_USERS_VIEW (view), "Ana Cruz, Marcus Reyes, Olivia Hart, Yuki Lindqvist, Zoë Adler");

  /* Search on part of an address, in any case; and on part of a name. */
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "LINDQVIST.EX");
  assert_names (ROSTER_USERS_VIEW (view), "Yuki Lindqvist");
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "zoë");
  assert_names (ROSTER_USERS_VIEW (view), "Zoë Adler");
  /* The filter still applies to what the search finds. */
  roster_users_view_set_filter (ROSTER_USERS_VIEW (view), ROSTER_USER_FILTER_ACTIVE);
  assert_names (ROSTER_USERS_VIEW (view), "");
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "hartbell");
  assert_names (ROSTER_USERS_VIEW (view), "Ana Cruz, Marcus Reyes, Olivia Hart");
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sorting (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = roster_users_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  wait_for_counts (view);
  roster_users_view_set_filter (ROSTER_USERS_VIEW (view), ROSTER_USER_FILTER_ALL);

  /* By name, both ways. */
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 0, GTK_SORT_DESCENDING);
  assert_names (ROSTER_USERS_VIEW (view), "Zoë Adler, Yuki Lindqvist, Olivia Hart, Marcus Reyes, Ana Cruz");

  /* By open matters (open and pending; closed ones do not count), ties by name. */
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 6, GTK_SORT_DESCENDING);
  assert_names (ROSTER_USERS_VIEW (view), "Ana Cruz, Marcus Reyes, Zoë Adler, Yuki Lindqvist, Olivia Hart");
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 6, GTK_SORT_ASCENDING);
  assert_names (ROSTER_USERS_VIEW (view), "Olivia Hart, Yuki Lindqvist, Zoë Adler, Marcus Reyes, Ana Cruz");

  /* By status: active first. */
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 4, GTK_SORT_ASCENDING);
  assert_names (ROSTER_USERS_VIEW (view), "Ana Cruz, Marcus Reyes, Olivia Hart, Yuki Lindqvist, Zoë Adler");

  /* By role: the primary subscriber, then administrators. */
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 2, GTK_SORT_ASCENDING);
  assert_names (ROSTER_USERS_VIEW (view), "Olivia Hart, Marcus Reyes, Ana Cruz, Yuki Lindqvist, Zoë Adler");

  /* A change in the cache shows after a reload, in the same order. */
  put_user (store, 6, "Aaron Best", "aaron@hartbell.example", TRUE, FALSE, TRUE);
  roster_users_view_reload (ROSTER_USERS_VIEW (view));
  wait_for_counts (view);
  assert_names (ROSTER_USERS_VIEW (view), "Olivia Hart, Aaron Best, Marcus Reyes, Ana Cruz, Yuki Lindqvist, Zoë Adler");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A users view alone in a window of @width by @height, shown and mapped. */
static GtkWidget *
view_in_shown_window (int         width,
                      int         height,
                      GtkWidget **window)
{
  GtkWidget *view = roster_users_view_new ();

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gtk_window_set_default_size (GTK_WINDOW (*window), width, height);
  gtk_window_present (GTK_WINDOW (*window));
  while (!gtk_widget_get_mapped (*window))
    g_main_context_iteration (NULL, TRUE);

  return view;
}

/* A shown window gets a screenful first, the rows its height can show,
 * and the rest after it is painted; in the end, every user, in order. */
static void
test_first_screenful (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  GtkWidget *window;
  GtkWidget *view;
  GListModel *shown;
  guint first_count;

  for (int i = 100; i < 160; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %03d", 259 - i);
      g_autofree char *email = g_strdup_printf ("member%d@hartbell.example", i);

      put_user (store, i, name, email, TRUE, FALSE, FALSE);
    }

  view = view_in_shown_window (600, 300, &window);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  shown = roster_users_view_get_model (ROSTER_USERS_VIEW (view));
  first_count = g_list_model_get_n_items (shown);
  /* Under the title bar, the search, the column titles and the summary
   * (at least 120 px), 300 px hold fewer than 8 rows of 22 px; at least
   * 20 px a row, 10 (not a tall window's 48, nor the 16 of rows as high as
   * the whole window). */
  g_assert_cmpuint (first_count, >=, 9);
  g_assert_cmpuint (first_count, <=, 11);
  {
    g_autoptr(RosterUser) first = g_list_model_get_item (shown, 0);

    /* The top of the list, as sorted, comes first. */
    g_assert_cmpstr (roster_user_get_name (first), ==, "Ana Cruz");
  }

  wait_for_counts (view);
  while (g_list_model_get_n_items (shown) < 63)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 63);
  {
    g_autoptr(RosterUser) last = g_list_model_get_item (shown, 62);

    g_assert_cmpstr (roster_user_get_name (last), ==, "Olivia Hart");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* In another order, the top of that order comes first, in order: names
   * from Z to A here (the active users: Zoë Adler and Yuki Lindqvist are
   * not), whose first are the cache's last. */
  view = view_in_shown_window (600, 300, &window);
  roster_users_view_sort_by (ROSTER_USERS_VIEW (view), 0, GTK_SORT_DESCENDING);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  shown = roster_users_view_get_model (ROSTER_USERS_VIEW (view));
  first_count = g_list_model_get_n_items (shown);
  g_assert_cmpuint (first_count, <, 63);
  {
    static const char *const top[] = { "Olivia Hart", "Member 159", "Member 158", "Member 157" };

    for (guint i = 0; i < G_N_ELEMENTS (top); i++)
      {
        g_autoptr(RosterUser) user = g_list_model_get_item (shown, i);

        g_assert_cmpstr (roster_user_get_name (user), ==, top[i]);
      }
  }
  wait_for_counts (view);
  while (g_list_model_get_n_items (shown) < 63)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(RosterUser) last = g_list_model_get_item (shown, 62);

    g_assert_cmpstr (roster_user_get_name (last), ==, "Ana Cruz");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every GtkInscription under @widget whose text is one of @names. */
static void
collect_name_cells (GtkWidget  *widget,
                    GHashTable *names,
                    GPtrArray  *cells)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
      g_hash_table_contains (names, gtk_inscription_get_text (GTK_INSCRIPTION (widget))))
    g_ptr_array_add (cells, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_name_cells (child, names, cells);
}

static void
cell_finalized (gpointer data,
                GObject *where_the_cell_was)
{
  (*(guint *) data)++;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* A search that narrows the list past the rows GTK keeps (some 200) takes
 * rows away; their cells are kept, not destroyed, and the rows made when
 * the search widens again show their own users, nothing of the users the
 * cells showed before. */
static void
test_spare_cells (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  g_autoptr(GHashTable) all_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = roster_users_view_new ();
  GListModel *shown;
  guint finalized = 0;

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %03d", i);
      g_autofree char *email = g_strdup_printf ("member%d@hartbell.example", i);

      put_user (store, 100 + i, name, email, TRUE, FALSE, FALSE);
      g_hash_table_add (all_names, g_steal_pointer (&name));
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  wait_for_counts (view);
  shown = roster_users_view_get_model (ROSTER_USERS_VIEW (view));
  while (g_list_model_get_n_items (shown) < 303)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Members 000 to 199 and more have rows; a search keeps a hundred of
   * them, and the list made whole again makes rows from kept cells. */
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "Member 0");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 100);
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "");
  collect_name_cells (view, all_names, cells);
  g_assert_cmpuint (cells->len, >, 150);
  for (guint i = 0; i < cells->len; i++)
    g_object_weak_ref (cells->pdata[i], cell_finalized, &finalized);
  /* Those cells, shown, stay whole while a search takes their rows away. */
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "Member 2");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 100);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (finalized, ==, 0);

  /* Wider again: every row shows the user at its place, once. */
  roster_users_view_set_search (ROSTER_USERS_VIEW (view), "Member");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < cells->len; i++)
    g_object_weak_unref (cells->pdata[i], cell_finalized, &finalized);
  g_ptr_array_set_size (cells, 0);
  collect_name_cells (view, all_names, cells);
  g_assert_cmpuint (cells->len, >, 150);
  for (guint i = 0; i < cells->len; i++)
    {
      g_autoptr(RosterUser) user = g_list_model_get_item (shown, i);

      g_ptr_array_add (shown_names, (gpointer) gtk_inscription_get_text (cells->pdata[i]));
      g_ptr_array_add (expected, g_steal_pointer (&user));
    }
  g_ptr_array_sort (shown_names, compare_strings);
  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %03u", i);

      g_assert_cmpstr (g_ptr_array_index (shown_names, i), ==, name);
      g_assert_cmpstr (roster_user_get_name (g_ptr_array_index (expected, i)), ==, name);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The texts of the count cells (Matters, Tasks, Events) under @widget. */
static void
collect_count_texts (GtkWidget *widget,
                     GPtrArray *texts)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_has_css_class (widget, "numeric"))
    g_ptr_array_add (texts, (gpointer) gtk_inscription_get_text (GTK_INSCRIPTION (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_count_texts (child, texts);
}

/* Count cells that say something, and whether one says @number. */
static guint
count_texts_shown (GtkWidget  *view,
                   const char *number,
                   gboolean   *found)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint shown = 0;

  collect_count_texts (view, texts);
  g_assert_cmpuint (texts->len, >, 0);
  *found = FALSE;
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (text != NULL && *text != '\0')
        shown++;
      if (g_strcmp0 (text, number) == 0)
        *found = TRUE;
    }

  return shown;
}

/* Until the open work is counted (behind the list, on a thread), its
 * cells are blank rather than 0, which would say a user has none; and a
 * cache opened in place of another never shows the other's counts, whose
 * users may have the same ids. */
static void
test_counts_when_counted (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  g_autoptr(RosterStore) other = NULL;
  g_autofree char *other_path = g_build_filename (cache_dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *view = view_in_shown_window (1200, 600, &window);
  gboolean found;

  /* The rows are made with the list; the counts come later. */
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  g_assert_cmpuint (count_texts_shown (view, "0", &found), ==, 0);
  wait_for_counts (view);
  /* Ana Cruz's three open matters; Marcus Reyes's one; Olivia Hart none. */
  g_assert_cmpuint (count_texts_shown (view, "3", &found), ==, 9);
  g_assert_true (found);

  /* Another firm's cache: Ana Cruz under the same id, no matter at all. */
  other = roster_store_open (other_path, &error);
  g_assert_no_error (error);
  put_user (other, 3, "Ana Cruz", "ana.cruz@other.example", TRUE, FALSE, FALSE);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), other);
  g_assert_cmpuint (count_texts_shown (view, "3", &found), ==, 0);
  g_assert_false (found);
  wait_for_counts (view);
  g_assert_cmpuint (count_texts_shown (view, "0", &found), ==, 3);
  g_assert_true (found);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The widgets under @widget of @type whose CSS classes include @css_class
 * (any, for NULL). */
static void
collect_widgets (GtkWidget  *widget,
                 GType       type,
                 const char *css_class,
                 GPtrArray  *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (css_class == NULL || gtk_widget_has_css_class (widget, css_class)))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, css_class, found);
}

/* The Name cells' addresses (the second line of narrow windows' rows)
 * under @view that show, sorted. */
static char *
addresses_shown (GtkWidget *view)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_widgets (view, GTK_TYPE_INSCRIPTION, "caption", lines);
  for (guint i = 0; i < lines->len; i++)
    if (gtk_widget_get_visible (lines->pdata[i]) && gtk_widget_get_mapped (lines->pdata[i]))
      g_ptr_array_add (texts, (char *) gtk_inscription_get_text (lines->pdata[i]));
  g_ptr_array_sort (texts, compare_strings);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (",", (char **) texts->pdata);
}

static void
iterate_a_while (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The Name cell's "You" badge and its address line are made for the rows
 * that show them, not for every row (#17): one badge, for the signed-in
 * user; the addresses once the window is narrow, and hidden again once it
 * is wide. */
static void
test_name_cell_parts (void)
{
  g_autoptr(RosterStore) store = seeded_store ();
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();
  g_autofree char *addresses = NULL;
  GtkWidget *window;
  GtkWidget *view;

  view = view_in_shown_window (900, 600, &window);
  roster_users_view_set_me (ROSTER_USERS_VIEW (view), 2);
  roster_users_view_set_store (ROSTER_USERS_VIEW (view), store);
  roster_users_view_set_width (ROSTER_USERS_VIEW (view), 900);
  wait_for_counts (view);
  iterate_a_while ();

  collect_widgets (view, GTK_TYPE_LABEL, "roster-badge", badges);
  for (guint i = 0; i < badges->len; i++)
    if (g_strcmp0 (gtk_label_get_text (badges->pdata[i]), "You") != 0)
      g_ptr_array_remove_index (badges, i--);
  g_assert_cmpuint (badges->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (badges->pdata[0]));
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (gtk_widget_get_prev_sibling (badges->pdata[0]))), ==,
                   "Marcus Reyes");

  addresses = addresses_shown (view);
  g_assert_cmpstr (addresses, ==, "");
  g_clear_pointer (&addresses, g_free);

  roster_users_view_set_width (ROSTER_USERS_VIEW (view), 360);
  iterate_a_while ();
  addresses = addresses_shown (view);
  /* The active users, as the list shows first. */
  g_assert_cmpstr (addresses, ==, "ana.cruz@hartbell.example,marcus.reyes@hartbell.example,olivia.hart@hartbell.example");
  g_clear_pointer (&addresses, g_free);

  roster_users_view_set_width (ROSTER_USERS_VIEW (view), 900);
  iterate_a_while ();
  addresses = addresses_shown (view);
  g_assert_cmpstr (addresses, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cache_dir = g_dir_make_tmp ("roster-users-view-XXXXXX", NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/users-view/filters-and-search", test_filters_and_search);
  g_test_add_func ("/users-view/sorting", test_sorting);
  g_test_add_func ("/users-view/first-screenful", test_first_screenful);
  g_test_add_func ("/users-view/spare-cells", test_spare_cells);
  g_test_add_func ("/users-view/counts-when-counted", test_counts_when_counted);
  g_test_add_func ("/users-view/name-cell-parts", test_name_cell_parts);

  status = g_test_run ();

  {
    g_autofree char *path = g_build_filename (cache_dir, "cache.db", NULL);

    roster_store_remove_cache (path);
    g_rmdir (cache_dir);
    g_free (cache_dir);
  }

  return status;
}
