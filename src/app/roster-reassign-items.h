/* roster-reassign-items.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "roster-session.h"

G_BEGIN_DECLS

/* The Reassign Work dialog's items: what each is, in words, and their rows,
 * made a few dozen at a time. roster-reassign-dialog.c is the dialog. */

typedef enum
{
  STATE_PREVIEW,
  STATE_SENDING,
  STATE_QUEUED,
  STATE_DONE,
} State;

/* One item of the user's work as the dialog shows it and the CSV writes it. */
typedef struct
{
  RosterWorkKind  kind;
  guint           order;    /* its place in the preview or in the answer */
  RosterVerdict   verdict;  /* the cache's, in the preview */
  char           *id;       /* as the server writes it */
  char           *title;    /* a matter's description, a task's name, an event's summary */
  char           *matter;   /* the matter's display number, or NULL for none */
  char           *date;     /* a task's due date, an event's start, or NULL */
  char           *receiver; /* who it moves to; NULL when it stays */
  char           *reason;   /* why it stays, as the API's code, or "no_receiver" */
} Item;

/* Why an item whose kind goes to nobody stays, in the CSV. */
#define NO_RECEIVER "no_receiver"

/* Rows made at a time: enough to fill a window, few enough for a frame. */
#define ROWS_AT_A_TIME 40

/* The rows of a list of items, made a few at a time. */
typedef struct
{
  GPtrArray  *items;     /* of Item, borrowed */
  GtkListBox *lists[3];  /* by RosterWorkKind */
  guint       next;
  guint       idle_id;
} RowBuilder;

void        roster_reassign_item_free (Item *item);
Item *      roster_reassign_item_new (RosterWorkKind kind,
                                      guint order,
                                      const char *id,
                                      const char *title,
                                      const char *matter,
                                      const char *date);
Item *      roster_reassign_item_copy (const Item *item);
gboolean    roster_reassign_item_same (const Item *a,
                                       const Item *b);
const char *roster_reassign_kind_code (RosterWorkKind kind);
char *      roster_reassign_open_work_text (const RosterOpenWork *work);
GPtrArray * roster_reassign_copy_items (GPtrArray *items);
const char *roster_reassign_member_string (JsonObject *object,
                                           const char *member);
JsonObject *roster_reassign_member_object (JsonObject *object,
                                           const char *member);
JsonArray * roster_reassign_member_array (JsonObject *object,
                                          const char *member);
char *      roster_reassign_member_id (JsonObject *object);
void        roster_reassign_count_items (GPtrArray *items,
                                         int kind,
                                         guint *moves,
                                         guint *stays);
void        roster_reassign_update_row (GtkWidget *row);
void        roster_reassign_clear_box (GtkBox *box);
void        roster_reassign_builder_stop (RowBuilder *builder);
void        roster_reassign_set_list_counts (GtkListBox *list,
                                             GPtrArray *items,
                                             int kind);
void        roster_reassign_show_items (RowBuilder *builder,
                                        GtkBox *box,
                                        GtkWidget *groups[3],
                                        GPtrArray *items,
                                        State state);

G_END_DECLS
