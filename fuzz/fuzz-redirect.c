/* fuzz-redirect.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "roster-api.h"
#include "roster-sign-in.h"

/*
 * The OAuth redirect parser: what the browser (or anyone who finds the
 * loopback port) sends back. The input's first line is the state this
 * sign-in expects, the rest the query string that comes back, so that the
 * fuzzer reaches past the state check too.
 */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *query = strchr (text, '\n');
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  if (query != NULL)
    *query++ = '\0';

  if (roster_sign_in_parse_redirect (text, query, &code, &error))
    {
      g_assert_nonnull (code);
      g_assert_cmpstr (code, !=, "");
    }
  else
    g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
                   g_error_matches (error, ROSTER_API_ERROR, ROSTER_API_ERROR_UNAUTHORIZED));

  return 0;
}
