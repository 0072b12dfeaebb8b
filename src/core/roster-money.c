/* roster-money.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-money"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "roster-money.h"

/*
 * Prices come from the API in the currency's smallest unit (cents). A
 * person reads them in the account's currency, grouped and with decimals
 * as their locale writes money (LC_MONETARY), its symbol where the locale
 * puts its own: "$28,652.40" in the United States, "28.652,40 $" in
 * Germany. The currency is the account's, never the locale's.
 */

static const struct
{
  const char *code;      /* ISO 4217 */
  const char *symbol;
  guint       decimals;
} currencies[] = {
  { "USD", "$", 2 },
  { "CAD", "CA$", 2 },
  { "AUD", "A$", 2 },
  { "NZD", "NZ$", 2 },
  { "EUR", "€", 2 },
  { "GBP", "£", 2 },
  { "CHF", "CHF ", 2 },
  { "JPY", "¥", 0 },
};

/* Groups @digits with @separator as @grouping says (localeconv(3)). */
static void
append_grouped (GString    *text,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize length = strlen (digits);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize position = length;
  guint size = 0;

  /* Where the separators go, from the right. */
  for (const char *g = grouping; separator != NULL && *separator != '\0' && g != NULL && *g != '\0' &&
       *g != CHAR_MAX;)
    {
      size = (guchar) * g;
      if (size == 0 || position <= size)
        break;
      position -= size;
      g_array_prepend_val (breaks, position);
      if (g[1] != '\0')
        g++;
    }

  for (gsize i = 0, b = 0; i < length; i++)
    {
      if (b < breaks->len && g_array_index (breaks, gsize, b) == i)
        {
          g_string_append (text, separator);
          b++;
        }
      g_string_append_c (text, digits[i]);
    }
}

/**
 * roster_money_format:
 * @amount: in the currency's smallest unit
 * @currency: (nullable): the ISO 4217 code
 *
 * Returns: (transfer full): @amount as a person reads it, in @currency,
 *   with the locale's grouping and decimal separator
 */
char *
roster_money_format (gint64      amount,
                     const char *currency)
{
  const struct lconv *conventions = localeconv ();
  const char *decimal_point = conventions->mon_decimal_point;
  const char *separator = conventions->mon_thousands_sep;
  const char *symbol = NULL;
  g_autofree char *whole = NULL;
  guint decimals = 2;
  guint64 magnitude = amount < 0 ? -(guint64) amount : (guint64) amount;
  guint64 unit = 1;
  /* Where the locale writes its currency's symbol: before the amount
   * unless it says after (the C locale says neither: before, as the API's
   * documentation writes dollars). */
  gboolean symbol_after = (amount < 0 ? conventions->n_cs_precedes : conventions->p_cs_precedes) == 0;
  gboolean symbol_spaced = (amount < 0 ? conventions->n_sep_by_space : conventions->p_sep_by_space) == 1;
  GString *text = g_string_new (NULL);

  for (guint i = 0; currency != NULL && i < G_N_ELEMENTS (currencies); i++)
    if (g_str_equal (currency, currencies[i].code))
      {
        symbol = currencies[i].symbol;
        decimals = currencies[i].decimals;
      }

  /* The C locale has no monetary conventions: write it as the API's
   * documentation does. */
  if (decimal_point == NULL || *decimal_point == '\0')
    decimal_point = ".";

  for (guint i = 0; i < decimals; i++)
    unit *= 10;
  whole = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / unit);

  if (amount < 0)
    g_string_append_c (text, '-');
  if (symbol != NULL && !symbol_after)
    g_string_append (text, symbol);
  append_grouped (text, whole, conventions->mon_grouping, separator);
  if (decimals > 0)
    g_string_append_printf (text, "%s%0*" G_GUINT64_FORMAT, decimal_point, (int) decimals, magnitude % unit);
  if (symbol != NULL && symbol_after)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (symbol));

      g_string_append_printf (text, "%s%s", symbol_spaced ? " " : "", trimmed);
    }
  if (symbol == NULL && currency != NULL)
    g_string_append_printf (text, " %s", currency);

  return g_string_free (text, FALSE);
}
