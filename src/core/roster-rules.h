/* roster-rules.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The rules of the help-centre article that Roster implements, as pure
 * functions. The server calls them when it acts and the app calls them when
 * it previews, so that there is one definition with two callers.
 */

typedef enum
{
  ROSTER_MATTER_STATUS_OPEN,
  ROSTER_MATTER_STATUS_PENDING,
  ROSTER_MATTER_STATUS_CLOSED,
} RosterMatterStatus;

/* Whether a work item moves in a reassignment and, when it stays, why. */
typedef enum
{
  ROSTER_VERDICT_MOVES,
  ROSTER_VERDICT_NO_MATTER,
  ROSTER_VERDICT_CLOSED_MATTER,
  ROSTER_VERDICT_PRIVATE_MATTER,
  ROSTER_VERDICT_ONLY_ATTENDEE,
  ROSTER_VERDICT_COMPLETE,
  ROSTER_VERDICT_PAST_DUE,
  ROSTER_VERDICT_PAST_EVENT,
} RosterVerdict;

/* What the rules need to know of the matter a task or an event is tied to. */
typedef struct
{
  gboolean           exists;      /* FALSE when the item is tied to no matter */
  RosterMatterStatus status;
  gboolean           is_private;  /* its permission is the user's alone */
} RosterMatterFacts;

gboolean       roster_rules_may_change_account_settings (gboolean            is_account_owner,
                                                         gboolean            is_admin);
gboolean       roster_rules_may_close_account           (gboolean            is_admin);
gboolean       roster_rules_may_be_deactivated          (gboolean            is_account_owner);

RosterVerdict  roster_rules_matter_verdict              (RosterMatterStatus  status,
                                                         gboolean            is_private);
RosterVerdict  roster_rules_task_verdict                (const RosterMatterFacts *matter,
                                                         gboolean            complete,
                                                         const GDate        *due,
                                                         const GDate        *today);
RosterVerdict  roster_rules_event_verdict               (const RosterMatterFacts *matter,
                                                         gboolean            on_own_calendar,
                                                         gint64              start_unix,
                                                         gint64              now_unix);

const char    *roster_verdict_to_code                   (RosterVerdict       verdict);
gboolean       roster_verdict_from_code                 (const char         *code,
                                                         RosterVerdict      *verdict);
const char    *roster_verdict_describe                  (RosterVerdict       verdict);

typedef enum
{
  ROSTER_SUBSCRIPTION_MONTHLY,
  ROSTER_SUBSCRIPTION_ANNUAL,
} RosterSubscription;

/* What a firm pays for, and what it would pay at renewal. Prices are in the
 * smallest unit of the account's currency. */
typedef struct
{
  RosterSubscription subscription;
  int                licenses;          /* paid for: on a monthly plan, the users in use */
  int                in_use;            /* enabled users */
  int                unused;            /* annual only: paid for but free for another user */
  gint64             license_price;     /* a license, for a month or a year */
  int                pi_in_use;         /* Personal Injury add-on licenses held */
  gint64             pi_price;
  gint64             renewal_without_removal;
  gint64             renewal_with_removal;
  gint64             renewal_projected; /* with the account's current option */
} RosterLicenseFigures;

void           roster_rules_license_figures             (RosterSubscription  subscription,
                                                         int                 licenses,
                                                         int                 in_use,
                                                         gint64              license_price,
                                                         int                 pi_in_use,
                                                         gint64              pi_price,
                                                         gboolean            remove_unused,
                                                         RosterLicenseFigures *figures);
gboolean       roster_rules_has_free_license            (RosterSubscription  subscription,
                                                         int                 licenses,
                                                         int                 in_use);
gboolean       roster_rules_may_remove_unused_licenses  (RosterSubscription  subscription);

gboolean       roster_subscription_from_string          (const char         *string,
                                                         RosterSubscription *subscription);
const char    *roster_subscription_to_string            (RosterSubscription  subscription);

gboolean       roster_matter_status_from_string         (const char         *string,
                                                         RosterMatterStatus *status);
const char    *roster_matter_status_to_string           (RosterMatterStatus  status);

char          *roster_rules_deactivation_warning        (const char         *name,
                                                         RosterSubscription  subscription,
                                                         gboolean            has_personal_injury_license);

char          *roster_rules_reactivation_warning        (const char         *name,
                                                         const char         *email);

/* Closing the account: the phrase typed to confirm it, and the reasons. */
#define ROSTER_CLOSURE_CONFIRMATION "I Want To Permanently Close My Account"

/* Wrong verification codes allowed before every code issued is spent. */
#define ROSTER_CLOSURE_CODE_TRIES 5

typedef struct
{
  const char *code;         /* the API's */
  const char *description;  /* translatable, for a person */
} RosterClosureReason;

const RosterClosureReason *roster_rules_closure_reasons (guint *n_reasons);
const char    *roster_rules_describe_closure_reason     (const char         *code);

/* What the rules need to know of a user to judge an action on them. */
typedef struct
{
  gint64   id;
  gboolean account_owner;   /* the primary subscriber */
  gboolean admin;
  gboolean enabled;
} RosterUserFacts;

/* Why an administrator's action cannot be done, as the server says it too.
 * Each has the server's error type (roster_refusal_to_code()). */
typedef enum
{
  ROSTER_REFUSAL_NONE,
  ROSTER_REFUSAL_FORBIDDEN,             /* the actor manages nothing */
  ROSTER_REFUSAL_PRIMARY_SUBSCRIBER,
  ROSTER_REFUSAL_SELF_DEACTIVATION,
  ROSTER_REFUSAL_ALREADY_DEACTIVATED,
  ROSTER_REFUSAL_ALREADY_ACTIVE,
  ROSTER_REFUSAL_NOT_ANNUAL,
  ROSTER_REFUSAL_RECEIVER_IS_SOURCE,
  ROSTER_REFUSAL_RECEIVER_DEACTIVATED,
  ROSTER_REFUSAL_NOT_ADMINISTRATOR,     /* closing the account */
} RosterRefusal;

#define ROSTER_RULES_ERROR (roster_rules_error_quark ())

GQuark         roster_rules_error_quark                 (void);

RosterRefusal  roster_rules_check_manager               (const RosterUserFacts *actor);
RosterRefusal  roster_rules_check_deactivation          (const RosterUserFacts *actor,
                                                         const RosterUserFacts *user);
RosterRefusal  roster_rules_check_activation            (const RosterUserFacts *actor,
                                                         const RosterUserFacts *user);
RosterRefusal  roster_rules_check_receiver              (gint64              source_id,
                                                         const RosterUserFacts *receiver);
RosterRefusal  roster_rules_check_renewal_options       (const RosterUserFacts *actor,
                                                         RosterSubscription  subscription);
RosterRefusal  roster_rules_check_closure                (const RosterUserFacts *actor);
const char    *roster_refusal_to_code                   (RosterRefusal       refusal);
char          *roster_refusal_describe                  (RosterRefusal       refusal,
                                                         const char         *name,
                                                         const char         *what);
gboolean       roster_rules_set_error                   (GError            **error,
                                                         RosterRefusal       refusal,
                                                         const char         *name,
                                                         const char         *what);

G_END_DECLS
