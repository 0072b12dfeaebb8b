/* roster-json.h
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Strict readers for the API's JSON: a missing required member or a member
 * of the wrong type is a ROSTER_JSON_ERROR naming it, never a crash or a
 * silent default. Unknown members are ignored. Null is accepted where Clio's
 * API answers it for an empty value (its description marks no property
 * nullable, and its answers have null for anything not set); each reader
 * says what it makes of it.
 */

#define ROSTER_JSON_ERROR (roster_json_error_quark ())

typedef enum
{
  ROSTER_JSON_ERROR_MISSING,
  ROSTER_JSON_ERROR_WRONG_TYPE,
  ROSTER_JSON_ERROR_INVALID,
} RosterJsonError;

GQuark      roster_json_error_quark   (void);
const char *roster_json_error_get_member (const GError *error);
void        roster_json_error_nest    (GError     **error,
                                       const char  *record);
void        roster_json_set_error     (GError        **error,
                                       RosterJsonError code,
                                       const char     *member,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (4, 5);

/* Deeper than any record of the API, shallow enough for the parser's stack. */
#define ROSTER_JSON_MAX_DEPTH 64

gboolean    roster_json_depth_within  (const char  *data,
                                       gsize        length,
                                       guint        max_depth);
JsonNode   *roster_json_parse         (const char  *data,
                                       gsize        length,
                                       GError     **error);
JsonObject *roster_json_object        (JsonNode    *root,
                                       GError     **error);

gboolean    roster_json_get_id        (JsonObject  *object,
                                       const char  *member,
                                       gint64      *value,
                                       GError     **error);
gboolean    roster_json_get_string    (JsonObject  *object,
                                       const char  *member,
                                       gboolean     nullable,
                                       char       **value,
                                       GError     **error);
gboolean    roster_json_get_boolean   (JsonObject  *object,
                                       const char  *member,
                                       gboolean     optional,
                                       gboolean    *value,
                                       GError     **error);
gboolean    roster_json_get_optional_id (JsonObject *object,
                                         const char *member,
                                         gint64     *value,
                                         GError    **error);
gboolean    roster_json_get_id_string (JsonObject  *object,
                                       const char  *member,
                                       char       **value,
                                       GError     **error);
gint64      roster_json_id_number     (const char  *id);
gboolean    roster_json_get_text      (JsonObject  *object,
                                       const char  *member,
                                       char       **value,
                                       GError     **error);
gboolean    roster_json_get_time      (JsonObject  *object,
                                       const char  *member,
                                       gboolean     nullable,
                                       char       **value,
                                       GError     **error);
gboolean    roster_json_get_date      (JsonObject  *object,
                                       const char  *member,
                                       char       **value,
                                       GError     **error);
gboolean    roster_json_get_nested_id (JsonObject  *object,
                                       const char  *member,
                                       gint64      *value,
                                       GError     **error);

gboolean    roster_json_get_nested_int     (JsonObject  *object,
                                            const char  *record,
                                            const char  *member,
                                            gint64      *value,
                                            GError     **error);
gboolean    roster_json_get_nested_string  (JsonObject  *object,
                                            const char  *record,
                                            const char  *member,
                                            char       **value,
                                            GError     **error);
gboolean    roster_json_get_nested_boolean (JsonObject  *object,
                                            const char  *record,
                                            const char  *member,
                                            gboolean    *value,
                                            GError     **error);

const char *roster_json_page_next (JsonNode *root);

G_END_DECLS
