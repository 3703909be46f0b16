/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-http.h"

#include "kv-booking-rules.h"
#include "kv-session.h"
#include "kv-store.h"

#include <string.h>

/* The admin API's requests and answers: errors are JSON bodies
 * `{"error":{"code":"...","message":"...","field":"..."}}` (field, when one
 * field of the request is at fault) with 400 (bad input),
 * 401 (no or wrong token), 404 (no such thing) or 409 (conflict); times
 * are RFC 3339 with their zone. */

/* Whether @request is @method on its collection with @n_parts parts, the
 * last of them @last (any, if %NULL). */
gboolean
kv_admin_http_is_route (const KvAdminRequest *request,
                        const char           *method,
                        guint                 n_parts,
                        const char           *last)
{
  return g_str_equal (request->method, method) && request->n_parts == n_parts &&
         (last == NULL || g_str_equal (request->parts[n_parts - 1], last));
}

/* A query parameter, or %NULL. */
const char *
kv_admin_http_get_query (const KvAdminRequest *request,
                         const char           *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

/**
 * kv_admin_http_forbid:
 * @request: an authenticated request its caller may not make
 * @why: what the caller lacks, for people ("This needs the scheduler role")
 *
 * Answers 403 and audits the refusal in the caller's name, with the method
 * and path (never the body).
 */
void
kv_admin_http_forbid (const KvAdminRequest *request,
                      const char           *why)
{
  kv_admin_http_refuse (request, "forbidden", why);
}

/**
 * kv_admin_http_refuse:
 * @request: an authenticated request that is refused
 * @code: the error code, which is also the audit row's action ("csrf")
 * @why: for people
 *
 * kv_admin_http_forbid() with another code than `forbidden`.
 */
void
kv_admin_http_refuse (const KvAdminRequest *request,
                      const char           *code,
                      const char           *why)
{
  g_autofree char *path = g_strjoinv ("/", request->parts);
  g_autofree char *details = g_strdup_printf ("%s /api/v1/%s: %s", request->method, path, why);
  g_autoptr(GError) error = NULL;

  kv_admin_http_respond_error (request->message, SOUP_STATUS_FORBIDDEN, code, why);
  if (!kv_store_append_audit (request->store, request->now_us, request->caller->actor,
                              code, NULL, details, &error))
    g_warning ("Could not audit a refused request: %s", error->message);
}

/* Whether the caller holds one of @any_of; if not, the request is refused
 * (kv_admin_http_forbid()). */
gboolean
kv_admin_http_require_role (const KvAdminRequest *request,
                            KvStaffRoles          any_of)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *why = NULL;
  static const struct { KvStaffRoles role; const char *name; } roles[] = {
    { KV_STAFF_ROLE_OFFICER, "officer" }, { KV_STAFF_ROLE_COORDINATOR, "coordinator" },
    { KV_STAFF_ROLE_SCHEDULER, "scheduler" }, { KV_STAFF_ROLE_ADMIN, "admin" },
  };

  if (kv_admin_caller_has_role (request->caller, any_of))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (any_of & roles[i].role)
      g_string_append_printf (names, "%s%s", names->len > 0 ? " or " : "", roles[i].name);
  why = g_strdup_printf ("This needs the %s role", names->str);
  kv_admin_http_forbid (request, why);
  return FALSE;
}

/* Whether the caller works at @site_id (%NULL: a kiosk on no site); if
 * not, the request is refused (kv_admin_http_forbid()). */
gboolean
kv_admin_http_require_site (const KvAdminRequest *request,
                            const char           *site_id)
{
  g_autofree char *why = NULL;

  if (kv_admin_caller_covers_site (request->caller, site_id))
    return TRUE;
  why = site_id != NULL ? g_strdup_printf ("Your account does not cover site %s", site_id)
                        : g_strdup ("Only the admin token may act on a kiosk that is on no site");
  kv_admin_http_forbid (request, why);
  return FALSE;
}

static const char * const booking_error_codes[] = {
  "invalid-times", "not-minute-aligned", "in-the-past", "too-soon", "beyond-horizon",
  "too-short", "too-long", "same-kiosk", "prison-kiosk-busy", "community-kiosk-busy",
  "bad-label", "bad-id", "duplicate-id", "bad-age-band", "not-found",
};

static const char * const session_error_codes[] = {
  "not-joinable-yet", "already-started", "already-ended", "invalid-sides", "bad-reason",
  "not-live", "not-open", "already-ending", "bad-category",
};
G_STATIC_ASSERT (G_N_ELEMENTS (session_error_codes) == KV_SESSION_ERROR_BAD_CATEGORY + 1);

char *
kv_admin_http_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) date_time = kv_date_time_new_from_us (time_us);

  if (date_time == NULL)
    return g_strdup ("");
  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
}

/* ISO 8601 with an explicit zone, "Z" or "+01:00": without one, the same
 * words mean another hour to staff in another zone than the server's, so
 * they are refused (@out_missing_zone says that was the only fault). */
gboolean
kv_admin_http_parse_time (const char *text,
                          gint64     *out_us,
                          gboolean   *out_missing_zone)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (out_missing_zone != NULL)
    *out_missing_zone = FALSE;
  if (text == NULL)
    return FALSE;
  date_time = g_date_time_new_from_iso8601 (text, NULL);
  if (date_time == NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) zoneless = g_date_time_new_from_iso8601 (text, utc);

      if (out_missing_zone != NULL)
        *out_missing_zone = zoneless != NULL;
      return FALSE;
    }
  *out_us = kv_date_time_to_us (date_time);
  return TRUE;
}

/* @text as a time (kv_admin_http_parse_time()), or FALSE and a 400 bad-time
 * response that names @name ("Field 'start'") and says what is wrong. */
gboolean
kv_admin_http_get_time (SoupServerMessage *message,
                        const char        *name,
                        const char        *text,
                        gint64            *out_us)
{
  g_autofree char *reply = NULL;
  gboolean missing_zone;

  if (kv_admin_http_parse_time (text, out_us, &missing_zone))
    return TRUE;
  if (missing_zone)
    /* Echoed only when it parsed as a time: short and valid UTF-8. */
    reply = g_strdup_printf ("%s \"%s\" has no time zone: add Z for UTC or an offset like "
                             "+01:00", name, text);
  else
    reply = g_strdup_printf ("%s must be a time with its zone, like \"2026-12-01T10:00:00Z\" "
                             "or \"2026-12-01T11:00:00+01:00\"", name);
  kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-time", reply);
  return FALSE;
}

void
kv_admin_http_respond_json (SoupServerMessage *message,
                            guint              status,
                            JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
kv_admin_http_respond_error (SoupServerMessage *message,
                             guint              status,
                             const char        *code,
                             const char        *text)
{
  kv_admin_http_respond_field_error (message, status, code, NULL, text);
}

/**
 * kv_admin_http_respond_field_error:
 * @field: (nullable): the request body's member at fault ("password"),
 *   so that a console can show @text next to it
 *
 * An error body `{"error":{"code","message","field"}}`.
 */
void
kv_admin_http_respond_field_error (SoupServerMessage *message,
                                   guint              status,
                                   const char        *code,
                                   const char        *field,
                                   const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, status, builder);
}

/* The request field a scheduling rule is about. */
static const char *
booking_error_field (int code)
{
  switch (code)
    {
    case KV_BOOKING_ERROR_INVALID_TIMES:
    case KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED:
    case KV_BOOKING_ERROR_IN_THE_PAST:
    case KV_BOOKING_ERROR_TOO_SOON:
    case KV_BOOKING_ERROR_BEYOND_HORIZON:
      return "start";
    case KV_BOOKING_ERROR_TOO_SHORT:
    case KV_BOOKING_ERROR_TOO_LONG:
      return "minutes";
    case KV_BOOKING_ERROR_SAME_KIOSK:
    case KV_BOOKING_ERROR_PRISON_KIOSK_BUSY:
      return "prison";
    case KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY:
      return "community";
    case KV_BOOKING_ERROR_BAD_AGE_BAND:
      return "age_band";
    case KV_BOOKING_ERROR_BAD_ID:
    case KV_BOOKING_ERROR_DUPLICATE_ID:
      return "id";
    default:
      return NULL;
    }
}

/* Any error from the layers below, as the right status and code. */
void
kv_admin_http_respond_gerror (SoupServerMessage *message,
                              const GError      *error)
{
  if (error->domain == KV_BOOKING_ERROR && (guint) error->code < G_N_ELEMENTS (booking_error_codes))
    {
      guint status = SOUP_STATUS_BAD_REQUEST;

      if (error->code == KV_BOOKING_ERROR_PRISON_KIOSK_BUSY ||
          error->code == KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY ||
          error->code == KV_BOOKING_ERROR_DUPLICATE_ID)
        status = SOUP_STATUS_CONFLICT;
      else if (error->code == KV_BOOKING_ERROR_NOT_FOUND)
        status = SOUP_STATUS_NOT_FOUND;
      kv_admin_http_respond_field_error (message, status, booking_error_codes[error->code],
                                         booking_error_field (error->code), error->message);
    }
  else if (error->domain == KV_SESSION_ERROR &&
           (error->code == KV_SESSION_ERROR_BAD_REASON ||
            error->code == KV_SESSION_ERROR_BAD_CATEGORY))
    /* Staff's words or their choice: shown next to that field. */
    kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST,
                                       session_error_codes[error->code],
                                       error->code == KV_SESSION_ERROR_BAD_REASON
                                         ? "reason" : "category",
                                       error->message);
  else if (error->domain == KV_SESSION_ERROR &&
           (guint) error->code < G_N_ELEMENTS (session_error_codes))
    kv_admin_http_respond_error (message,
                                 error->code == KV_SESSION_ERROR_BAD_REASON ||
                                 error->code == KV_SESSION_ERROR_BAD_CATEGORY
                                   ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_CONFLICT,
                                 session_error_codes[error->code], error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
    kv_admin_http_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found", error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_EXISTS))
    kv_admin_http_respond_error (message, SOUP_STATUS_CONFLICT, "exists", error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID))
    kv_admin_http_respond_error (message, SOUP_STATUS_CONFLICT, "invalid-state", error->message);
  else
    {
      g_warning ("Admin request failed: %s", error->message);
      kv_admin_http_respond_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                   "The server failed; see its log");
    }
}

/* The request body as a JSON object, or an error response. */
JsonObject *
kv_admin_http_read_body (SoupServerMessage *message,
                         JsonParser        *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (bytes) > KV_ADMIN_HTTP_MAX_BODY)
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                                   "The request body is over 64 KiB");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &error))
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "malformed", error->message);
      return NULL;
    }
  /* An empty body parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "malformed",
                                   "The request body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

/* A string member, or NULL if missing; FALSE (and a response) if it is
 * there but not a string. */
gboolean
kv_admin_http_get_string (SoupServerMessage  *message,
                          JsonObject         *object,
                          const char         *name,
                          const char        **out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *text = g_strdup_printf ("Field '%s' must be a string", name);

      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "wrong-type", text);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

/* A whole-number member in [@min, @max], if given (@out_given); FALSE (and
 * a 400 naming the field) if it is there but not such a number. */
gboolean
kv_admin_http_get_int (SoupServerMessage *message,
                       JsonObject        *object,
                       const char        *name,
                       gint64             min,
                       gint64             max,
                       gint64            *out_value,
                       gboolean          *out_given)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *text = NULL;

  *out_given = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) >= min && json_node_get_int (node) <= max)
    {
      *out_value = json_node_get_int (node);
      *out_given = TRUE;
      return TRUE;
    }
  text = g_strdup_printf ("Field '%s' must be a whole number from %" G_GINT64_FORMAT " to %"
                          G_GINT64_FORMAT, name, min, max);
  kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-number", name, text);
  return FALSE;
}

void
kv_admin_http_add_string (JsonBuilder *builder,
                          const char  *name,
                          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
kv_admin_http_add_time (JsonBuilder *builder,
                        const char  *name,
                        gint64       time_us)
{
  g_autofree char *text = time_us != 0 ? kv_admin_http_format_time (time_us) : NULL;

  kv_admin_http_add_string (builder, name, text);
}

void
kv_admin_http_add_int (JsonBuilder *builder,
                       const char  *name,
                       gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}
