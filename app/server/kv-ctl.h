/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* kinvisitctl: the command line for the server's admin API. What every
 * command needs (kv-ctl.c: arguments, HTTP, errors, times, printing), for
 * the command groups (kv-ctl-kiosks.c, kv-ctl-bookings.c,
 * kv-ctl-sessions.c, kv-ctl-audit.c, kv-ctl-pin.c, kv-ctl-staff.c,
 * kv-ctl-sign-in.c), which the dispatcher
 * (kv-ctl-main.c) calls. */

/**
 * KvCtl:
 * @server: base URL of the server, e.g. "https://visits.example.org:8443"
 * @token_file: (nullable): file holding the admin token
 * @ca_file: (nullable): PEM of the CA to trust for the server's certificate
 * @json: print JSON for scripts instead of tables
 * @session: the HTTP session
 * @anonymous: send no credentials at all (signing in)
 *
 * What every command needs.
 */
typedef struct
{
  char        *server;
  char        *token_file;
  char        *ca_file;
  gboolean     json;
  SoupSession *session;
  gboolean     anonymous;
} KvCtl;

/**
 * KvCtlOption:
 * @name: "--role"
 * @value: (nullable): where its value goes (replaced if given twice)
 * @flag: (nullable): for an option without a value ("--dry-run"): set to
 *   %TRUE when given
 * @values: (nullable) (element-type utf8): for an option that may repeat
 *   ("--child Lena:0-3 --child Tom:4-7"): each value is added, in order
 *   (owned by the array)
 *
 * One option of a command.
 */
typedef struct
{
  const char  *name;
  char       **value;
  gboolean    *flag;
  GPtrArray   *values;
} KvCtlOption;

/* Exit statuses. */
#define KV_CTL_EXIT_OK      0
#define KV_CTL_EXIT_REFUSED 1   /* the server refused, or the request failed */
#define KV_CTL_EXIT_USAGE   2   /* bad command line */

int        kv_ctl_fail            (const char  *format,
                                   ...) G_GNUC_PRINTF (1, 2);
int        kv_ctl_usage_error     (const char  *format,
                                   ...) G_GNUC_PRINTF (1, 2);
gboolean   kv_ctl_request         (KvCtl       *ctl,
                                   const char  *method,
                                   const char  *path,
                                   JsonNode    *body,
                                   const char  *what,
                                   JsonNode   **out_reply,
                                   GBytes     **out_raw,
                                   int         *out_exit);
gboolean   kv_ctl_request_full    (KvCtl       *ctl,
                                   const char  *method,
                                   const char  *path,
                                   JsonNode    *body,
                                   const char  *what,
                                   JsonNode   **out_reply,
                                   GBytes     **out_raw,
                                   SoupMessageHeaders **out_headers,
                                   int         *out_exit);
gboolean   kv_ctl_request_code    (KvCtl       *ctl,
                                   const char  *method,
                                   const char  *path,
                                   JsonNode    *body,
                                   const char  *what,
                                   JsonNode   **out_reply,
                                   char       **out_code,
                                   int         *out_exit);
gboolean   kv_ctl_parse_time      (const char  *text,
                                   gint64       now_us,
                                   gint64      *out_us,
                                   gboolean    *out_missing_zone);
int        kv_ctl_time_error      (const char  *option,
                                   const char  *text);
char      *kv_ctl_format_time     (gint64       time_us);
char      *kv_ctl_format_iso      (gint64       time_us);
gboolean   kv_ctl_parse_arguments (int                argc,
                                   char             **argv,
                                   const KvCtlOption *options,
                                   GPtrArray         *positional,
                                   int               *out_exit);
char      *kv_ctl_read_secret     (const char  *prompt,
                                   const char  *again_prompt);
void       kv_ctl_print_json      (JsonNode    *node);
void       kv_ctl_print_table     (const char * const *headers,
                                   GPtrArray   *rows);

const char *kv_ctl_member_string  (JsonObject  *object,
                                   const char  *name);
JsonArray  *kv_ctl_member_array   (JsonObject  *object,
                                   const char  *name);
JsonObject *kv_ctl_member_object  (JsonObject  *object,
                                   const char  *name);
char      *kv_ctl_display_time    (JsonObject  *object,
                                   const char  *name);
JsonArray *kv_ctl_reply_array     (JsonNode    *reply,
                                   const char  *name);
int        kv_ctl_post_action     (KvCtl       *ctl,
                                   int          argc,
                                   char       **argv,
                                   const char  *prefix,
                                   const char  *verb,
                                   const char  *what,
                                   const char  *noun,
                                   const char  *done);

void       kv_ctl_add_string      (JsonBuilder *builder,
                                   const char  *name,
                                   const char  *value);
gboolean   kv_ctl_add_number      (JsonBuilder *builder,
                                   const char  *option,
                                   const char  *name,
                                   const char  *text,
                                   guint64      max,
                                   int         *out_exit);
char      *kv_ctl_local_time      (JsonObject  *object,
                                   const char  *name);

G_END_DECLS
