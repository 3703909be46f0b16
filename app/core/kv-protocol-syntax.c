/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol-private.h"

#include <stdarg.h>
#include <string.h>

/* Longest integer literal, in digits: anything longer could overflow, and
 * json-glib 1.6 silently wraps overflowing integers (2^64 + 1 reads as 1). */
#define MAX_INTEGER_DIGITS 18

static gboolean G_GNUC_PRINTF (3, 4)
syntax_error (GError          **error,
              KvProtocolError   code,
              const char       *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KV_PROTOCOL_ERROR, code, "message: %s", detail);
  return FALSE;
}

static gboolean
ends_token (const char *data,
            gsize       length,
            gsize       i)
{
  return i >= length || strchr (" \t\n\r,:]}", data[i]) != NULL;
}

/* Scans a number per RFC 8259 from data[*i]; returns its end in *i. */
static gboolean
scan_number (const char  *data,
             gsize        length,
             gsize       *i,
             const char  *key,
             GError     **error)
{
  gsize p = *i, int_start, int_digits;
  gboolean has_fraction = FALSE, has_exponent = FALSE;

  if (data[p] == '-')
    p++;
  int_start = p;
  if (p < length && data[p] == '0')
    p++;
  else if (p < length && data[p] >= '1' && data[p] <= '9')
    while (p < length && g_ascii_isdigit (data[p]))
      p++;
  else
    return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON (bad number)");
  int_digits = p - int_start;

  if (p < length && data[p] == '.')
    {
      gsize start = ++p;

      while (p < length && g_ascii_isdigit (data[p]))
        p++;
      if (p == start)
        return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON (bad number)");
      has_fraction = TRUE;
    }
  if (p < length && (data[p] == 'e' || data[p] == 'E'))
    {
      gsize start;

      p++;
      if (p < length && (data[p] == '+' || data[p] == '-'))
        p++;
      start = p;
      while (p < length && g_ascii_isdigit (data[p]))
        p++;
      if (p == start)
        return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON (bad number)");
      has_exponent = TRUE;
    }
  if (!ends_token (data, length, p))
    return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON (bad number)");

  /* Fractions and exponents are refused later as the wrong type; a long
   * integer literal must be refused now, before json-glib wraps it. */
  if (!has_fraction && !has_exponent && int_digits > MAX_INTEGER_DIGITS)
    return syntax_error (error, KV_PROTOCOL_ERROR_BAD_VALUE,
                         "field '%s' is out of range", key);

  *i = p;
  return TRUE;
}

/* json-glib 1.6 is lenient (single quotes, comments, hex and octal-looking
 * numbers, raw control characters, wrapping integers) and recurses once per
 * nesting level. This pass holds the input to RFC 8259 token by token and
 * bounds the nesting, so that what json-glib then builds is exactly what a
 * strict parser in any language would see. json-glib still checks the
 * grammar (commas, colons, brackets). */
gboolean
kv_protocol_check_json_syntax (const char  *data,
                               gsize        length,
                               GError     **error)
{
  /* The key of the value being scanned, for messages; cut to id syntax. */
  char key[KV_PROTOCOL_MAX_ID_SIZE + 1] = "";
  char last_string[KV_PROTOCOL_MAX_ID_SIZE + 1] = "";
  guint depth = 0;

  for (gsize i = 0; i < length;)
    {
      char c = data[i];

      switch (c)
        {
        case ' ': case '\t': case '\n': case '\r': case ',':
          i++;
          break;

        case ':':
          memcpy (key, last_string, sizeof key);
          i++;
          break;

        case '[': case '{':
          if (++depth > KV_PROTOCOL_MAX_DEPTH)
            return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                 "nested deeper than %d levels", KV_PROTOCOL_MAX_DEPTH);
          i++;
          break;

        case ']': case '}':
          if (depth > 0)
            depth--;
          i++;
          break;

        case '"':
          {
            gsize n_kept = 0;

            for (i++; i < length && data[i] != '"'; i++)
              {
                if ((guchar) data[i] < 0x20)
                  return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                       "not valid JSON (control character in a string)");
                if (data[i] == '\\')
                  {
                    if (++i >= length)
                      break;
                    if (data[i] == 'u')
                      {
                        if (i + 4 >= length ||
                            !g_ascii_isxdigit (data[i + 1]) || !g_ascii_isxdigit (data[i + 2]) ||
                            !g_ascii_isxdigit (data[i + 3]) || !g_ascii_isxdigit (data[i + 4]))
                          return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                               "not valid JSON (bad \\u escape)");
                        /* NUL would silently cut the string short. */
                        if (strncmp (data + i + 1, "0000", 4) == 0)
                          return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                               "strings must not contain NUL");
                        i += 4;
                      }
                    else if (strchr ("\"\\/bfnrt", data[i]) == NULL || data[i] == '\0')
                      return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                           "not valid JSON (bad escape)");
                    n_kept = sizeof last_string;  /* not a plain name */
                  }
                else if (n_kept < sizeof last_string - 1 &&
                         (g_ascii_isalnum (data[i]) || data[i] == '_' || data[i] == '-'))
                  last_string[n_kept++] = data[i];
                else
                  n_kept = sizeof last_string;
              }
            if (i >= length)
              return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED,
                                   "not valid JSON (unterminated string)");
            last_string[MIN (n_kept, sizeof last_string - 1)] = '\0';
            i++;
            break;
          }

        case 't': case 'f': case 'n':
          {
            const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            gsize n = strlen (word);

            if (length - i < n || strncmp (data + i, word, n) != 0 ||
                !ends_token (data, length, i + n))
              return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON");
            i += n;
            break;
          }

        default:
          if (c == '-' || g_ascii_isdigit (c))
            {
              if (!scan_number (data, length, &i, key, error))
                return FALSE;
              break;
            }
          return syntax_error (error, KV_PROTOCOL_ERROR_MALFORMED, "not valid JSON");
        }
    }

  return TRUE;
}
