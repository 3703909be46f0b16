/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl.h"

#include "kv-ctl-credentials.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* What every command of kinvisitctl needs: its arguments, one admin
 * request over HTTP, times, and printing the answer. Every refusal ends in
 * one line on stderr and a non-zero exit status, so staff and scripts can
 * both rely on it. Calls no command. */

int
kv_ctl_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "kinvisitctl: %s\n", message);
  return KV_CTL_EXIT_REFUSED;
}

int
kv_ctl_usage_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "kinvisitctl: %s (see kinvisitctl --help)\n", message);
  return KV_CTL_EXIT_USAGE;
}

static char *
read_admin_token (KvCtl   *ctl,
                  GError **error)
{
  g_autofree char *contents = NULL;

  if (ctl->token_file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "no admin token: use --token-file FILE or KINVISIT_ADMIN_TOKEN_FILE");
      return NULL;
    }
  if (!g_file_get_contents (ctl->token_file, &contents, NULL, error))
    return NULL;
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the admin token file %s is empty", ctl->token_file);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static gboolean send_request (KvCtl               *ctl,
                              const char          *method,
                              const char          *path,
                              JsonNode            *body,
                              const char          *what,
                              JsonNode           **out_reply,
                              GBytes             **out_raw,
                              SoupMessageHeaders **out_headers,
                              char               **out_code,
                              int                 *out_exit);

/**
 * kv_ctl_request:
 * @ctl: the context
 * @method: "GET" or "POST"
 * @path: path and query below the server URL, e.g. "/api/v1/kiosks"
 * @body: (nullable): JSON body to send
 * @what: what is being done, for the refusal line ("booking")
 * @out_reply: (out) (optional): the reply's JSON
 * @out_raw: (out) (optional): the reply's bytes (for exports)
 * @out_exit: (out): the exit status to return when this fails
 *
 * Sends one admin request. A refusal is printed as
 * "kinvisitctl: booking refused: <message> (<code>)".
 *
 * Returns: %TRUE on a 2xx reply
 */
gboolean
kv_ctl_request (KvCtl       *ctl,
                const char  *method,
                const char  *path,
                JsonNode    *body,
                const char  *what,
                JsonNode   **out_reply,
                GBytes     **out_raw,
                int         *out_exit)
{
  return kv_ctl_request_full (ctl, method, path, body, what, out_reply, out_raw, NULL, out_exit);
}

/**
 * kv_ctl_request_full:
 * @out_headers: (out) (optional): the reply's headers (a page's cursor)
 *
 * kv_ctl_request(), with the reply's headers.
 */
gboolean
kv_ctl_request_full (KvCtl               *ctl,
                     const char          *method,
                     const char          *path,
                     JsonNode            *body,
                     const char          *what,
                     JsonNode           **out_reply,
                     GBytes             **out_raw,
                     SoupMessageHeaders **out_headers,
                     int                 *out_exit)
{
  return send_request (ctl, method, path, body, what, out_reply, out_raw, out_headers, NULL,
                       out_exit);
}

/**
 * kv_ctl_request_code:
 * @out_code: (out) (optional): on a refusal, the server's error code
 *   ("too-long-for-age"), or %NULL if it gave none
 *
 * kv_ctl_request(), telling the caller which refusal it was, so a command
 * can say what to do about it after the server's own line.
 */
gboolean
kv_ctl_request_code (KvCtl       *ctl,
                     const char  *method,
                     const char  *path,
                     JsonNode    *body,
                     const char  *what,
                     JsonNode   **out_reply,
                     char       **out_code,
                     int         *out_exit)
{
  return send_request (ctl, method, path, body, what, out_reply, NULL, NULL, out_code, out_exit);
}

static gboolean
send_request (KvCtl               *ctl,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              const char          *what,
              JsonNode           **out_reply,
              GBytes             **out_raw,
              SoupMessageHeaders **out_headers,
              char               **out_code,
              int                 *out_exit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KvCtlCredentials) credentials = NULL;
  guint status;

  *out_exit = KV_CTL_EXIT_REFUSED;
  if (out_code != NULL)
    *out_code = NULL;
  /* A staff session (kinvisitctl sign-in) wins over the admin token. */
  if (!ctl->anonymous)
    {
      credentials = kv_ctl_credentials_load (ctl->server, &error);
      if (credentials == NULL && error != NULL)
        {
          kv_ctl_fail ("%s", error->message);
          return FALSE;
        }
      if (credentials == NULL)
        {
          token = read_admin_token (ctl, &error);
          if (token == NULL)
            {
              kv_ctl_fail ("%s (or sign in: kinvisitctl sign-in --user ID)", error->message);
              return FALSE;
            }
        }
    }

  url = g_strconcat (ctl->server, path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      kv_ctl_fail ("not a valid server URL: %s", ctl->server);
      *out_exit = KV_CTL_EXIT_USAGE;
      return FALSE;
    }
  /* The server answers one request per connection and closes it. A
   * command that sends a second request (a PUT after a GET) must not try
   * the first one's connection: libsoup then sent the PUT again on a new
   * connection, and the server got it without its body. */
  soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
  if (token != NULL)
    {
      authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
    }
  else if (credentials != NULL)
    {
      g_autofree char *cookie = g_strconcat ("kinvisit_session=", credentials->cookie, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Cookie", cookie);
      soup_message_headers_replace (soup_message_get_request_headers (message), "X-CSRF-Token",
                                    credentials->csrf_token);
    }
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  reply = soup_session_send_and_read (ctl->session, message, NULL, &error);
  if (reply == NULL)
    {
      kv_ctl_fail ("cannot reach the server at %s: %s", ctl->server, error->message);
      return FALSE;
    }
  status = soup_message_get_status (message);

  if (status >= 200 && status < 300)
    {
      if (out_reply != NULL)
        {
          if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                           g_bytes_get_size (reply), &error) ||
              json_parser_get_root (parser) == NULL ||
              !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              kv_ctl_fail ("the server sent an unreadable reply: %s",
                           error != NULL ? error->message : "not a JSON object");
              return FALSE;
            }
          *out_reply = json_node_copy (json_parser_get_root (parser));
        }
      if (out_raw != NULL)
        *out_raw = g_bytes_ref (reply);
      if (out_headers != NULL)
        *out_headers = soup_message_headers_ref (soup_message_get_response_headers (message));
      *out_exit = KV_CTL_EXIT_OK;
      return TRUE;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && credentials != NULL)
    {
      kv_ctl_fail ("the session of %s has ended: kinvisitctl sign-in --user %s",
                   credentials->account, credentials->account);
      return FALSE;
    }

  /* A refusal: say what the server said, in one line. */
  if (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                  g_bytes_get_size (reply), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonNode *err_node = json_object_get_member (root, "error");
      JsonObject *err = err_node != NULL && JSON_NODE_HOLDS_OBJECT (err_node)
                          ? json_node_get_object (err_node) : NULL;

      if (err != NULL)
        {
          if (out_code != NULL && *kv_ctl_member_string (err, "code") != '\0')
            *out_code = g_strdup (kv_ctl_member_string (err, "code"));
          kv_ctl_fail ("%s refused: %s (%s)", what,
                       json_object_get_string_member_with_default (err, "message", "no reason given"),
                       json_object_get_string_member_with_default (err, "code", "error"));
          return FALSE;
        }
    }
  kv_ctl_fail ("%s refused: HTTP %u %s", what, status, soup_message_get_reason_phrase (message));
  return FALSE;
}

/**
 * kv_ctl_parse_time:
 * @text: "2026-12-01T10:00Z", "2026-12-01T10:00:00+01:00", "+5m", "+2h", "+30s"
 * @now_us: now, for relative times
 * @out_us: (out): the time, UTC microseconds
 * @out_missing_zone: (out) (optional): set when @text is a time but has no
 *   zone, which is refused: "10:00" is another hour for staff in another
 *   zone than the server's
 *
 * Relative times are rounded up to the next whole minute, because bookings
 * start on a minute.
 *
 * Returns: %TRUE if @text is a time
 */
gboolean
kv_ctl_parse_time (const char *text,
                   gint64      now_us,
                   gint64     *out_us,
                   gboolean   *out_missing_zone)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autofree char *full = NULL;
  gsize length = strlen (text);

  if (out_missing_zone != NULL)
    *out_missing_zone = FALSE;
  if (text[0] == '+')
    {
      char *end = NULL;
      guint64 amount = g_ascii_strtoull (text + 1, &end, 10);
      gint64 unit;
      gint64 when;

      if (end == text + 1 || end[0] == '\0' || end[1] != '\0' || amount > 1000000)
        return FALSE;
      switch (end[0])
        {
        case 's': unit = G_USEC_PER_SEC; break;
        case 'm': unit = G_GINT64_CONSTANT (60) * G_USEC_PER_SEC; break;
        case 'h': unit = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC; break;
        case 'd': unit = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC; break;
        default: return FALSE;
        }
      when = now_us + (gint64) amount * unit;
      when = (when + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC) * (60 * G_USEC_PER_SEC);
      *out_us = when;
      return TRUE;
    }

  /* GLib wants seconds; staff write minutes ("10:00Z", or "10:00" that
   * gets refused below for its missing zone). */
  if (length >= 16 && text[10] == 'T' && text[13] == ':' &&
      (length == 16 || text[16] == 'Z' || text[16] == '+' || text[16] == '-'))
    full = g_strdup_printf ("%.16s:00%s", text, text + 16);
  else
    full = g_strdup (text);

  date_time = g_date_time_new_from_iso8601 (full, NULL);
  if (date_time == NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) zoneless = g_date_time_new_from_iso8601 (full, utc);

      if (out_missing_zone != NULL)
        *out_missing_zone = zoneless != NULL;
      return FALSE;
    }
  *out_us = g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
            g_date_time_get_microsecond (date_time);
  return TRUE;
}

/* A usage error for a TIME option that kv_ctl_parse_time() refused. */
int
kv_ctl_time_error (const char *option,
                   const char *text)
{
  gboolean missing_zone;
  gint64 ignored;

  kv_ctl_parse_time (text, 0, &ignored, &missing_zone);
  if (missing_zone)
    return kv_ctl_usage_error ("%s %s has no time zone: add Z for UTC or an offset like +01:00",
                               option, text);
  return kv_ctl_usage_error ("%s %s is not a time like 2026-12-01T10:00Z, "
                             "2026-12-01T11:00+01:00 or +5m", option, text);
}

/* RFC 3339 UTC, as the admin API takes it. */
char *
kv_ctl_format_iso (gint64 time_us)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  if (date_time == NULL)
    return g_strdup ("?");
  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
}

/* "2026-12-01 10:00 UTC": what staff read in tables. */
char *
kv_ctl_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  if (date_time == NULL)
    return g_strdup ("?");
  return g_date_time_format (date_time, "%Y-%m-%d %H:%M UTC");
}

void
kv_ctl_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  printf ("%s\n", text);
}

/**
 * kv_ctl_print_table:
 * @headers: %NULL-terminated column headers
 * @rows: (element-type GStrv): the rows, each as many cells as @headers
 *
 * Prints an aligned table (widths in characters, so labels in any
 * language line up).
 */
void
kv_ctl_print_table (const char * const *headers,
                    GPtrArray          *rows)
{
  guint n_columns = g_strv_length ((char **) headers);
  g_autofree glong *widths = g_new0 (glong, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns && row[c] != NULL; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *row = r == 0 ? headers : g_ptr_array_index (rows, r - 1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns && row[c] != NULL; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < n_columns)
            for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
}

/* Splits a command's arguments into options (from @options: "--name value",
 * "--name=value", a flag "--name", or a value of an option that repeats)
 * and positional arguments. */
gboolean
kv_ctl_parse_arguments (int                argc,
                        char             **argv,
                        const KvCtlOption *options,
                        GPtrArray         *positional,
                        int               *out_exit)
{
  for (int i = 0; i < argc; i++)
    {
      gboolean matched = FALSE;

      if (argv[i][0] != '-' || argv[i][1] == '\0')
        {
          g_ptr_array_add (positional, argv[i]);
          continue;
        }
      for (const KvCtlOption *option = options; option != NULL && option->name != NULL; option++)
        {
          gsize len = strlen (option->name);

          if (option->values != NULL && g_str_equal (argv[i], option->name))
            {
              if (i + 1 >= argc)
                {
                  *out_exit = kv_ctl_usage_error ("%s needs a value", option->name);
                  return FALSE;
                }
              g_ptr_array_add (option->values, g_strdup (argv[++i]));
              matched = TRUE;
              break;
            }
          if (option->values != NULL)
            {
              if (strncmp (argv[i], option->name, len) == 0 && argv[i][len] == '=')
                {
                  g_ptr_array_add (option->values, g_strdup (argv[i] + len + 1));
                  matched = TRUE;
                  break;
                }
              continue;
            }
          if (option->flag != NULL)
            {
              if (g_str_equal (argv[i], option->name))
                {
                  *option->flag = TRUE;
                  matched = TRUE;
                  break;
                }
              continue;
            }
          if (g_str_equal (argv[i], option->name))
            {
              if (i + 1 >= argc)
                {
                  *out_exit = kv_ctl_usage_error ("%s needs a value", option->name);
                  return FALSE;
                }
              g_free (*option->value);
              *option->value = g_strdup (argv[++i]);
              matched = TRUE;
              break;
            }
          if (strncmp (argv[i], option->name, len) == 0 && argv[i][len] == '=')
            {
              g_free (*option->value);
              *option->value = g_strdup (argv[i] + len + 1);
              matched = TRUE;
              break;
            }
        }
      if (!matched)
        {
          *out_exit = kv_ctl_usage_error ("unknown option %s", argv[i]);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
kv_ctl_member_string (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* An array member of a server's answer, or %NULL if it has none (an
 * older or another server): kinvisitctl prints what it got, never trips
 * over what it did not. */
JsonArray *
kv_ctl_member_array (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An object member, or %NULL (see kv_ctl_member_array()). */
JsonObject *
kv_ctl_member_object (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* RFC 3339 from the server -> "2026-12-01 10:00 UTC" */
char *
kv_ctl_display_time (JsonObject *object,
                     const char *name)
{
  const char *text = kv_ctl_member_string (object, name);
  gint64 time_us;

  if (*text == '\0')
    return g_strdup ("-");
  if (!kv_ctl_parse_time (text, 0, &time_us, NULL))
    return g_strdup (text);
  return kv_ctl_format_time (time_us);
}

JsonArray *
kv_ctl_reply_array (JsonNode   *reply,
                    const char *name)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (reply))
    return NULL;
  member = json_object_get_member (json_node_get_object (reply), name);
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;
  return json_node_get_array (member);
}

/* "kiosk revoke ID", "booking cancel ID": one POST to <prefix>/<id>/<verb> */
int
kv_ctl_post_action (KvCtl      *ctl,
                    int         argc,
                    char      **argv,
                    const char *prefix,
                    const char *verb,
                    const char *what,
                    const char *noun,
                    const char *done)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("%s needs exactly one ID", what);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("%s/%s/%s", prefix, escaped, verb);
  if (!kv_ctl_request (ctl, "POST", path, NULL, what, &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("%s %s %s.\n", noun, (const char *) g_ptr_array_index (positional, 0), done);
  return KV_CTL_EXIT_OK;
}


/* A string member of a request body, left out when @value is %NULL. */
void
kv_ctl_add_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* A whole-number option's value ("--minutes 30") as a member, or a usage
 * error (FALSE, @out_exit set). Left out when @text is %NULL. */
gboolean
kv_ctl_add_number (JsonBuilder *builder,
                   const char  *option,
                   const char  *name,
                   const char  *text,
                   guint64      max,
                   int         *out_exit)
{
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      *out_exit = kv_ctl_usage_error ("%s %s is not a number from 1 to %" G_GUINT64_FORMAT,
                                      option, text, max);
      return FALSE;
    }
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
  return TRUE;
}

/* The local time the server wrote beside a UTC one ("start_local"), or
 * the UTC one as "2026-12-01 10:00 UTC" from an older server. */
char *
kv_ctl_local_time (JsonObject *object,
                   const char *name)
{
  g_autofree char *local_name = g_strconcat (name, "_local", NULL);
  const char *local = kv_ctl_member_string (object, local_name);

  if (*local != '\0')
    return g_strdup (local);
  return kv_ctl_display_time (object, name);
}

static char *
read_line (const char *prompt,
           gboolean    tty)
{
  struct termios saved, quiet;
  char line[1024];
  char *text;

  if (tty)
    {
      fputs (prompt, stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  text = fgets (line, sizeof line, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (text == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  text = g_strdup (line);
  memset (line, 0, sizeof line);
  return text;
}

/**
 * kv_ctl_read_secret:
 * @prompt: "Password: "
 * @again_prompt: (nullable): to ask a second time on a terminal, so a typo
 *   does not become the new password
 *
 * Reads a password or PIN: from the terminal without echo, or the first
 * line of standard input when it is not a terminal (scripts).
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL (and a line on
 *   stderr) if there was none or the two did not match
 */
char *
kv_ctl_read_secret (const char *prompt,
                    const char *again_prompt)
{
  gboolean tty = isatty (STDIN_FILENO);
  g_autofree char *first = read_line (prompt, tty);
  g_autofree char *second = NULL;

  if (first == NULL)
    {
      kv_ctl_fail ("nothing on standard input");
      return NULL;
    }
  if (!tty || again_prompt == NULL)
    return g_steal_pointer (&first);
  second = read_line (again_prompt, tty);
  if (second == NULL || !g_str_equal (first, second))
    {
      memset (first, 0, strlen (first));
      kv_ctl_fail ("the two did not match; nothing changed");
      return NULL;
    }
  memset (second, 0, strlen (second));
  return g_steal_pointer (&first);
}
