/* roster-json-reader.c
 *
 * Copyright 2026 The Roster Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-json"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roster-json-reader.h"
#include "roster-json.h"

/*
 * JSON text (RFC 8259) to a json-glib tree, in one pass over the bytes.
 *
 * json-glib's own parser reads through a general-purpose scanner and was
 * three fifths of a sync's instructions (bench-sync, callgrind); this one
 * builds the same nodes straight from the text, two to three times faster
 * over a page of the API. It is stricter than json-glib's, which takes
 * comments, single quotes and "var x =" assignments: none of those is
 * JSON, and no server of the API writes them. It also refuses what a
 * C string cannot hold (\u0000), a lone UTF-16 surrogate, text that is not
 * UTF-8, an integer beyond 64 bits, which json-glib would wrap, a
 * number beyond a double's range, which would be read as infinite, and an
 * object's member named twice.
 *
 * Nesting is bounded by @max_depth, so a hostile answer cannot exhaust
 * the stack. Every error names the byte where the text goes wrong.
 *
 * A page of a list can be read in two steps, on two threads: its frame
 * (the paging, the count) at once, with its list checked but not built,
 * and the list later, one record at a time. The sync's fetcher then asks
 * for the next page without building and freeing this one's tree first,
 * which on loopback was more than half its time. Checking refuses what
 * reading refuses, except a name given twice inside the list, which only
 * the list's own reading can see.
 */

typedef struct
{
  const char     *start;
  const char     *p;
  const char     *end;
  guint           depth;
  guint           max_depth;
  GString        *text; /* a string's or a key's bytes, unescaped */
  gboolean        checking; /* values are checked, not built */
  const char     *deferred; /* the top-level member checked only, or NULL */
  RosterJsonSpan *span; /* where its value is */
} Reader;

/* What a value read while checking returns: not a node, never freed. */
static const gint64 checked_marker;
#define CHECKED ((JsonNode *) &checked_marker)

static void
node_free (JsonNode *node)
{
  if (node != CHECKED)
    json_node_unref (node);
}

static JsonNode * read_value (Reader  *reader,
                              GError **error);

static gboolean
fail (Reader     *reader,
      GError    **error,
      const char *what)
{
  if (reader->p >= reader->end)
    roster_json_set_error (error, ROSTER_JSON_ERROR_INVALID, NULL,
                           "The server's answer is not JSON: %s at its end (byte %" G_GSIZE_FORMAT ")",
                           what, (gsize) (reader->end - reader->start));
  else
    roster_json_set_error (error, ROSTER_JSON_ERROR_INVALID, NULL,
                           "The server's answer is not JSON: %s at byte %" G_GSIZE_FORMAT,
                           what, (gsize) (reader->p - reader->start));
  return FALSE;
}

static JsonNode *
fail_node (Reader     *reader,
           GError    **error,
           const char *what)
{
  fail (reader, error, what);
  return NULL;
}

static void
skip_space (Reader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
    reader->p++;
}

/* Four hex digits after "\u"; -1 if they are not. */
static gint32
read_hex4 (Reader *reader)
{
  gint32 value = 0;

  if (reader->end - reader->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (reader->p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  reader->p += 4;
  return value;
}

static gboolean
read_escape (Reader  *reader,
             GError **error)
{
  gint32 unit;
  gunichar c;

  /* reader->p is past the backslash. */
  if (reader->p >= reader->end)
    return fail (reader, error, "a string that does not end");

  switch (*reader->p++)
    {
    case '"': g_string_append_c (reader->text, '"'); return TRUE;
    case '\\': g_string_append_c (reader->text, '\\'); return TRUE;
    case '/': g_string_append_c (reader->text, '/'); return TRUE;
    case 'b': g_string_append_c (reader->text, '\b'); return TRUE;
    case 'f': g_string_append_c (reader->text, '\f'); return TRUE;
    case 'n': g_string_append_c (reader->text, '\n'); return TRUE;
    case 'r': g_string_append_c (reader->text, '\r'); return TRUE;
    case 't': g_string_append_c (reader->text, '\t'); return TRUE;
    case 'u': break;
    default:
      reader->p--;
      return fail (reader, error, "an unknown escape in a string");
    }

  unit = read_hex4 (reader);
  if (unit < 0)
    return fail (reader, error, "a \\u escape without four hex digits");

  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      gint32 low;

      /* A high surrogate: its low half must follow as another escape. */
      if (reader->end - reader->p < 2 || reader->p[0] != '\\' || reader->p[1] != 'u')
        return fail (reader, error, "half of a UTF-16 surrogate pair");
      reader->p += 2;
      low = read_hex4 (reader);
      if (low < 0xDC00 || low > 0xDFFF)
        return fail (reader, error, "half of a UTF-16 surrogate pair");
      c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
  else if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail (reader, error, "half of a UTF-16 surrogate pair");
  else if (unit == 0)
    return fail (reader, error, "a NUL character in a string");
  else
    c = unit;

  g_string_append_unichar (reader->text, c);
  return TRUE;
}

/* A string's bytes, unescaped, in reader->text; reader->p is on the
 * opening quote. */
static gboolean
read_string (Reader  *reader,
             GError **error)
{
  const char *run;

  g_string_truncate (reader->text, 0);
  run = ++reader->p;

  for (;;)
    {
      unsigned char c;

      if (reader->p >= reader->end)
        return fail (reader, error, "a string that does not end");

      c = (unsigned char) *reader->p;
      if (c == '"' || c == '\\')
        {
          const char *invalid;

          /* Each run of raw bytes on its own: a character of UTF-8 never
           * holds a quote or a backslash, and escapes write valid UTF-8. */
          if (!g_utf8_validate_len (run, reader->p - run, &invalid))
            {
              reader->p = invalid;
              return fail (reader, error, "a string that is not UTF-8");
            }
          /* What is only checked is not kept: its text is never read. */
          if (!reader->checking)
            g_string_append_len (reader->text, run, reader->p - run);
          reader->p++;
          if (c == '"')
            break;
          if (!read_escape (reader, error))
            return FALSE;
          run = reader->p;
        }
      else if (c < 0x20)
        return fail (reader, error, "a control character in a string");
      else
        reader->p++;
    }

  return TRUE;
}

static gboolean
is_digit (const Reader *reader)
{
  return reader->p < reader->end && g_ascii_isdigit (*reader->p);
}

/* A number as JSON writes it: an integer that fits 64 bits is an int64, as
 * json-glib makes it; one with a fraction or an exponent a double. */
static JsonNode *
read_number (Reader  *reader,
             GError **error)
{
  const char *start = reader->p;
  gboolean integer = TRUE;
  char digits[64];
  g_autofree char *long_digits = NULL;
  const char *text;
  gsize length;

  if (*reader->p == '-')
    reader->p++;
  if (!is_digit (reader))
    return fail_node (reader, error, "a number without digits");
  if (*reader->p == '0')
    reader->p++;
  else
    while (is_digit (reader))
      reader->p++;

  if (reader->p < reader->end && *reader->p == '.')
    {
      integer = FALSE;
      reader->p++;
      if (!is_digit (reader))
        return fail_node (reader, error, "a number without digits after its point");
      while (is_digit (reader))
        reader->p++;
    }
  if (reader->p < reader->end && (*reader->p == 'e' || *reader->p == 'E'))
    {
      integer = FALSE;
      reader->p++;
      if (reader->p < reader->end && (*reader->p == '+' || *reader->p == '-'))
        reader->p++;
      if (!is_digit (reader))
        return fail_node (reader, error, "a number without digits in its exponent");
      while (is_digit (reader))
        reader->p++;
    }

  /* The number alone, as text that ends, for strtoll() and strtod(). */
  length = reader->p - start;
  if (length < sizeof digits)
    {
      memcpy (digits, start, length);
      digits[length] = '\0';
      text = digits;
    }
  else
    text = long_digits = g_strndup (start, length);

  if (integer)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, NULL, 10);
      if (errno != ERANGE)
        return reader->checking ? CHECKED : json_node_init_int (json_node_alloc (), value);
      reader->p = start;
      return fail_node (reader, error, "an integer beyond 64 bits");
    }
  else
    {
      double value = g_ascii_strtod (text, NULL);

      if (isfinite (value))
        return reader->checking ? CHECKED : json_node_init_double (json_node_alloc (), value);
      reader->p = start;
      return fail_node (reader, error, "a number beyond a double's range");
    }
}

static gboolean
read_word (Reader     *reader,
           const char *word,
           gsize       length)
{
  if ((gsize) (reader->end - reader->p) < length || memcmp (reader->p, word, length) != 0)
    return FALSE;
  reader->p += length;
  return TRUE;
}

/* Whether the next byte is @c; if so, the reader is past it. */
static gboolean
take (Reader *reader,
      char    c)
{
  if (reader->p >= reader->end || *reader->p != c)
    return FALSE;
  reader->p++;
  return TRUE;
}

static gboolean
enter (Reader  *reader,
       GError **error)
{
  if (++reader->depth > reader->max_depth)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_INVALID, NULL,
                             "The server's answer nests deeper than %u levels at byte %" G_GSIZE_FORMAT,
                             reader->max_depth, (gsize) (reader->p - reader->start));
      return FALSE;
    }
  reader->p++;
  return TRUE;
}

/* The value of the top-level member that is only checked: where it is
 * goes in reader->span. */
static gboolean
check_deferred (Reader  *reader,
                GError **error)
{
  const char *value_start;

  /* Only the top-level object, which is built, holds it. */
  skip_space (reader);
  value_start = reader->p;
  reader->checking = TRUE;
  if (read_value (reader, error) == NULL)
    return FALSE;
  reader->checking = FALSE;

  /* Refused where a member built would be: once its value is read. */
  if (reader->span->length > 0)
    return fail (reader, error, "an object's member named twice");

  reader->span->offset = value_start - reader->start;
  reader->span->length = reader->p - value_start;
  return TRUE;
}

static JsonNode *
read_object (Reader  *reader,
             GError **error)
{
  g_autoptr(JsonObject) object = NULL;

  if (!enter (reader, error))
    return NULL;

  if (!reader->checking)
    object = json_object_new ();
  skip_space (reader);
  if (!take (reader, '}'))
    for (;;)
      {
        g_autofree char *key = NULL;
        JsonNode *value;

        if (reader->p >= reader->end || *reader->p != '"')
          return fail_node (reader, error, "an object's member without a quoted name");
        if (!read_string (reader, error))
          return NULL;

        skip_space (reader);
        if (!take (reader, ':'))
          return fail_node (reader, error, "a member's name without a colon after it");

        if (reader->depth == 1 && reader->deferred != NULL && strcmp (reader->text->str, reader->deferred) == 0)
          {
            if (!check_deferred (reader, error))
              return NULL;
          }
        else if (reader->checking)
          {
            if (read_value (reader, error) == NULL)
              return NULL;
          }
        else
          {
            key = g_strndup (reader->text->str, reader->text->len);
            value = read_value (reader, error);
            if (value == NULL)
              return NULL;
            /* A name given twice is refused: which value holds is up to
             * each reader (RFC 8259, 4), and json-glib's replacing one is a
             * search of every name before it. */
            if (json_object_has_member (object, key))
              {
                json_node_unref (value);
                return fail_node (reader, error, "an object's member named twice");
              }
            json_object_set_member (object, key, value);
          }

        skip_space (reader);
        if (take (reader, '}'))
          break;
        if (!take (reader, ','))
          return fail_node (reader, error, "an object that does not go on with “,” or end with “}”");
        skip_space (reader);
      }

  reader->depth--;
  if (reader->checking)
    return CHECKED;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Reader  *reader,
            GError **error)
{
  g_autoptr(JsonArray) array = NULL;

  if (!enter (reader, error))
    return NULL;

  if (!reader->checking)
    array = json_array_new ();
  skip_space (reader);
  if (!take (reader, ']'))
    for (;;)
      {
        JsonNode *element = read_value (reader, error);

        if (element == NULL)
          return NULL;
        if (element != CHECKED)
          json_array_add_element (array, element);

        skip_space (reader);
        if (take (reader, ']'))
          break;
        if (!take (reader, ','))
          return fail_node (reader, error, "an array that does not go on with “,” or end with “]”");
      }

  reader->depth--;
  if (reader->checking)
    return CHECKED;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (Reader  *reader,
            GError **error)
{
  JsonNode *node;

  skip_space (reader);
  if (reader->p >= reader->end)
    return fail_node (reader, error, "a value missing");

  switch (*reader->p)
    {
    case '{':
      return read_object (reader, error);

    case '[':
      return read_array (reader, error);

    case '"':
      if (!read_string (reader, error))
        return NULL;
      if (reader->checking)
        return CHECKED;
      node = json_node_alloc ();
      json_node_init_string (node, reader->text->str);
      return node;

    case 't':
      if (!read_word (reader, "true", 4))
        break;
      return reader->checking ? CHECKED : json_node_init_boolean (json_node_alloc (), TRUE);

    case 'f':
      if (!read_word (reader, "false", 5))
        break;
      return reader->checking ? CHECKED : json_node_init_boolean (json_node_alloc (), FALSE);

    case 'n':
      if (!read_word (reader, "null", 4))
        break;
      return reader->checking ? CHECKED : json_node_init_null (json_node_alloc ());

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (reader, error);

    default:
      break;
    }

  return fail_node (reader, error, "an unexpected character");
}

/* The one value @data holds, with the member @deferred of its top-level
 * object only checked, if @deferred is given. */
static JsonNode *
read_text (const char     *data,
           gsize           length,
           guint           max_depth,
           const char     *deferred,
           RosterJsonSpan *span,
           GError        **error)
{
  g_autoptr(GString) text = g_string_sized_new (64);
  Reader reader = { 0 };
  JsonNode *root;

  reader.start = reader.p = data;
  reader.end = data + length;
  reader.max_depth = max_depth;
  reader.text = text;
  reader.deferred = deferred;
  reader.span = span;

  skip_space (&reader);
  if (reader.p == reader.end)
    {
      roster_json_set_error (error, ROSTER_JSON_ERROR_INVALID, NULL, "The server's answer is empty");
      return NULL;
    }

  root = read_value (&reader, error);
  if (root == NULL)
    return NULL;

  skip_space (&reader);
  if (reader.p != reader.end)
    {
      node_free (root);
      fail (&reader, error, "more after the value");
      return NULL;
    }

  return root;
}

/**
 * roster_json_read:
 * @data: (array length=length): JSON text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @max_depth: how deep arrays and objects may nest
 *
 * Returns: (transfer full) (nullable): the value; %NULL
 *   with @error set (%ROSTER_JSON_ERROR_INVALID) if the text is not one
 *   JSON value, or is only white space
 */
JsonNode *
roster_json_read (const char *data,
                  gsize       length,
                  guint       max_depth,
                  GError    **error)
{
  if (data == NULL)
    {
      data = "";
      length = 0;
    }
  if (length == (gsize) -1)
    length = strlen (data);

  return read_text (data, length, max_depth, NULL, NULL, error);
}

/**
 * roster_json_read_deferring:
 * @data: (array length=length): JSON text
 * @length: its length in bytes
 * @max_depth: how deep arrays and objects may nest
 * @deferred: the name of a member of the text's top-level object
 * @span: (out caller-allocates): where that member's value is in @data;
 *   its length is 0 when there is no such member
 *
 * Reads @data as roster_json_read() does, except that the value of the
 * top-level object's member @deferred is checked but neither built nor
 * put in the object: a #RosterJsonListReader reads it later, if it is a
 * list. Checking refuses all that reading refuses but a name given twice
 * inside it.
 *
 * Returns: (transfer full) (nullable): the value, without @deferred
 */
JsonNode *
roster_json_read_deferring (const char     *data,
                            gsize           length,
                            guint           max_depth,
                            const char     *deferred,
                            RosterJsonSpan *span,
                            GError        **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (deferred != NULL && span != NULL, NULL);

  span->offset = span->length = 0;
  return read_text (data ? data : "", length, max_depth, deferred, span, error);
}

/*
 * A list read one element at a time, each its own tree: a page's records
 * are then written and freed one by one, and memory holds one record's
 * tree rather than the page's (the users' page of 2,000 was most of a
 * sync's peak).
 */
struct _RosterJsonListReader
{
  Reader    reader;
  GBytes   *bytes;
  GString  *text;
  gboolean  started;
  gboolean  ended;
};

/**
 * roster_json_list_reader_new:
 * @text: a text roster_json_read_deferring() checked
 * @span: where the deferred value is in it
 * @depth: how many arrays and objects hold the value (1 for a member of
 *   the top-level object)
 * @max_depth: how deep arrays and objects may nest in the whole text
 *
 * Returns: (transfer full) (nullable): a reader of the value's elements,
 *   in order; %NULL when there is no value or it is not a list
 */
RosterJsonListReader *
roster_json_list_reader_new (GBytes               *text,
                             const RosterJsonSpan *span,
                             guint                 depth,
                             guint                 max_depth)
{
  gsize length;
  const char *data = g_bytes_get_data (text, &length);
  RosterJsonListReader *self;

  g_return_val_if_fail (span->offset <= length && span->length <= length - span->offset, NULL);

  if (span->length == 0 || data[span->offset] != '[')
    return NULL;

  self = g_new0 (RosterJsonListReader, 1);
  self->bytes = g_bytes_ref (text);
  self->text = g_string_sized_new (64);
  self->reader.start = data;
  self->reader.p = data + span->offset + 1;
  self->reader.end = data + span->offset + span->length;
  self->reader.depth = depth + 1;
  self->reader.max_depth = max_depth;
  self->reader.text = self->text;

  return self;
}

/**
 * roster_json_list_reader_next:
 * @element: (out) (transfer full): the next element, or %NULL after the last
 *
 * Returns: %FALSE with @error set if the element is not JSON as
 *   roster_json_read() takes it (in a checked list: a name given twice)
 */
gboolean
roster_json_list_reader_next (RosterJsonListReader *self,
                              JsonNode            **element,
                              GError              **error)
{
  Reader *reader = &self->reader;

  *element = NULL;
  if (self->ended)
    return TRUE;

  skip_space (reader);
  if (take (reader, ']'))
    {
      self->ended = TRUE;
      return TRUE;
    }
  if (self->started && !take (reader, ','))
    return fail (reader, error, "an array that does not go on with “,” or end with “]”");
  self->started = TRUE;

  *element = read_value (reader, error);
  return *element != NULL;
}

void
roster_json_list_reader_free (RosterJsonListReader *self)
{
  g_string_free (self->text, TRUE);
  g_bytes_unref (self->bytes);
  g_free (self);
}
