/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-api.h"
#include "kv-admin-api-private.h"

#include "kv-booking-rules.h"

#include <json-glib/json-glib.h>
#include <string.h>

/**
 * KvAdminApi:
 *
 * The admin API under /api/v1: kiosks, bookings, sessions and the audit
 * log, for kinvisitctl and staff tools. Every request carries the admin
 * token as a bearer token. Errors are JSON bodies
 * `{"error":{"code":"...","message":"..."}}` with 400 (bad input),
 * 401 (no or wrong token), 404 (no such thing) or 409 (conflict).
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_STORE,
  PROP_HANDLER,
  PROP_REFUSAL_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KvAdminApi, kv_admin_api, G_TYPE_OBJECT)

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
kv_admin_format_time (gint64 time_us)
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
kv_admin_parse_time (const char *text,
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

/* @text as a time (kv_admin_parse_time()), or FALSE and a 400 bad-time
 * response that names @name ("Field 'start'") and says what is wrong. */
gboolean
kv_admin_get_time (SoupServerMessage *message,
                   const char        *name,
                   const char        *text,
                   gint64            *out_us)
{
  g_autofree char *reply = NULL;
  gboolean missing_zone;

  if (kv_admin_parse_time (text, out_us, &missing_zone))
    return TRUE;
  if (missing_zone)
    /* Echoed only when it parsed as a time: short and valid UTF-8. */
    reply = g_strdup_printf ("%s \"%s\" has no time zone: add Z for UTC or an offset like "
                             "+01:00", name, text);
  else
    reply = g_strdup_printf ("%s must be a time with its zone, like \"2026-12-01T10:00:00Z\" "
                             "or \"2026-12-01T11:00:00+01:00\"", name);
  kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-time", reply);
  return FALSE;
}

void
kv_admin_respond_json (SoupServerMessage *message,
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
kv_admin_respond_error (SoupServerMessage *message,
                        guint              status,
                        const char        *code,
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
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  kv_admin_respond_json (message, status, builder);
}

/* Any error from the layers below, as the right status and code. */
void
kv_admin_respond_gerror (SoupServerMessage *message,
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
      kv_admin_respond_error (message, status, booking_error_codes[error->code], error->message);
    }
  else if (error->domain == KV_SESSION_ERROR &&
           (guint) error->code < G_N_ELEMENTS (session_error_codes))
    kv_admin_respond_error (message,
                   error->code == KV_SESSION_ERROR_BAD_REASON ||
                   error->code == KV_SESSION_ERROR_BAD_CATEGORY ? SOUP_STATUS_BAD_REQUEST
                                                                 : SOUP_STATUS_CONFLICT,
                   session_error_codes[error->code], error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
    kv_admin_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found", error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_EXISTS))
    kv_admin_respond_error (message, SOUP_STATUS_CONFLICT, "exists", error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID))
    kv_admin_respond_error (message, SOUP_STATUS_CONFLICT, "invalid-state", error->message);
  else
    {
      g_warning ("Admin request failed: %s", error->message);
      kv_admin_respond_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                     "The server failed; see its log");
    }
}

/* The request body as a JSON object, or an error response. */
JsonObject *
kv_admin_read_body (SoupServerMessage *message,
                    JsonParser        *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (bytes) > KV_ADMIN_API_MAX_BODY)
    {
      kv_admin_respond_error (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                     "The request body is over 64 KiB");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &error))
    {
      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "malformed", error->message);
      return NULL;
    }
  /* An empty body parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "malformed",
                     "The request body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

/* A string member, or NULL if missing; FALSE (and a response) if it is
 * there but not a string. */
gboolean
kv_admin_get_string (SoupServerMessage  *message,
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

      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "wrong-type", text);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

void
kv_admin_add_string (JsonBuilder *builder,
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
kv_admin_add_time (JsonBuilder *builder,
                   const char  *name,
                   gint64       time_us)
{
  g_autofree char *text = time_us != 0 ? kv_admin_format_time (time_us) : NULL;

  kv_admin_add_string (builder, name, text);
}

static void
add_kiosk (KvAdminApi    *self,
           JsonBuilder   *builder,
           KvKioskRecord *kiosk)
{
  json_builder_begin_object (builder);
  kv_admin_add_string (builder, "id", kiosk->id);
  kv_admin_add_string (builder, "role", kv_role_to_string (kiosk->role));
  kv_admin_add_string (builder, "label", kiosk->label);
  kv_admin_add_time (builder, "created", kiosk->created_us);
  kv_admin_add_time (builder, "revoked", kiosk->revoked_us);
  json_builder_set_member_name (builder, "signed_in");
  json_builder_add_boolean_value (builder,
                                  kv_signalling_handler_is_signed_in (self->handler, kiosk->id));
  json_builder_end_object (builder);
}

static void
kiosks_create (KvAdminApi        *self,
               SoupServerMessage *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autofree char *token = NULL;
  const char *id, *role_name, *label;
  JsonObject *body;
  KvRole role;

  body = kv_admin_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_get_string (message, body, "id", &id) ||
      !kv_admin_get_string (message, body, "role", &role_name) ||
      !kv_admin_get_string (message, body, "label", &label))
    return;
  if (id == NULL || !kv_booking_rules_check_id (id, &error))
    {
      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-id",
                     error != NULL ? error->message : "Field 'id' is required");
      return;
    }
  if (role_name == NULL || !kv_role_from_string (role_name, &role))
    {
      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-role",
                     "Field 'role' must be \"community\" or \"prison\"");
      return;
    }
  if (label != NULL && *label != '\0' && !kv_booking_rules_check_label (label, &error))
    {
      kv_admin_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-label", error->message);
      return;
    }
  if (!kv_store_add_kiosk (self->store, id, role, label, kv_clock_get_now (self->clock),
                           &token, &error))
    {
      kv_admin_respond_gerror (message, error);
      return;
    }
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_respond_gerror (message, error);
      return;
    }

  json_builder_begin_object (builder);
  kv_admin_add_string (builder, "id", kiosk->id);
  kv_admin_add_string (builder, "role", kv_role_to_string (kiosk->role));
  kv_admin_add_string (builder, "label", kiosk->label);
  kv_admin_add_time (builder, "created", kiosk->created_us);
  /* The only time the token leaves the server: the store keeps its hash. */
  kv_admin_add_string (builder, "token", token);
  json_builder_end_object (builder);
  kv_admin_respond_json (message, SOUP_STATUS_CREATED, builder);
}

static void
kiosks_list (KvAdminApi        *self,
             SoupServerMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = kv_store_list_kiosks (self->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (kiosks == NULL)
    {
      kv_admin_respond_gerror (message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kiosks->len; i++)
    add_kiosk (self, builder, g_ptr_array_index (kiosks, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_respond_json (message, SOUP_STATUS_OK, builder);
}

static void
kiosks_revoke (KvAdminApi        *self,
               SoupServerMessage *message,
               const char        *id,
               GPtrArray         *out_envelopes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!kv_store_revoke_kiosk (self->store, id, kv_clock_get_now (self->clock), &error))
    {
      kv_admin_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (out_envelopes,
                                kv_signalling_handler_kiosk_revoked (self->handler, id));
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_respond_gerror (message, error);
      return;
    }
  add_kiosk (self, builder, kiosk);
  kv_admin_respond_json (message, SOUP_STATUS_OK, builder);
}

/**
 * kv_admin_api_token_equal:
 * @expected: the admin token
 * @given: what the client sent
 *
 * Compares in constant time: both are hashed first, so neither the length
 * nor the first differing byte shows in the timing.
 *
 * Returns: %TRUE if they are equal
 */
gboolean
kv_admin_api_token_equal (const char *expected,
                          const char *given)
{
  g_autoptr(GChecksum) a = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) b = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest_a[32], digest_b[32];
  gsize len_a = sizeof digest_a, len_b = sizeof digest_b;
  guint8 diff = 0;

  if (expected == NULL || *expected == '\0' || given == NULL)
    return FALSE;
  g_checksum_update (a, (const guchar *) expected, -1);
  g_checksum_update (b, (const guchar *) given, -1);
  g_checksum_get_digest (a, digest_a, &len_a);
  g_checksum_get_digest (b, digest_b, &len_b);
  for (gsize i = 0; i < sizeof digest_a; i++)
    diff |= digest_a[i] ^ digest_b[i];
  return diff == 0;
}

static gboolean
bearer_token_matches (SoupServerMessage *message,
                      const char        *expected)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  return kv_admin_api_token_equal (expected, header + 7);
}

/**
 * kv_admin_api_authorise:
 * @self: a #KvAdminApi
 * @message: a request whose headers are in
 * @path: its path
 * @extra_token: (nullable): a second token that is good for this path
 *   (the metrics token for /metrics)
 *
 * Checks the request's bearer token against the admin token (or
 * @extra_token). A refused request gets its 401 response here and is
 * counted in the refusal log (by address and minute, so a flood of them
 * cannot fill the audit log); nothing of what it sent (its path) is kept.
 *
 * Returns: %TRUE if the request may go on
 */
gboolean
kv_admin_api_authorise (KvAdminApi        *self,
                        SoupServerMessage *message,
                        const char        *path,
                        const char        *extra_token)
{
  g_return_val_if_fail (KV_IS_ADMIN_API (self), FALSE);

  if (bearer_token_matches (message, kv_server_config_get_admin_token (self->config)) ||
      (extra_token != NULL && bearer_token_matches (message, extra_token)))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "WWW-Authenticate", "Bearer realm=\"kinvisit\"");
  kv_admin_respond_error (message, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                          "A valid token is needed (Authorization: Bearer ...)");
  kv_refusal_log_record (self->refusal_log, soup_server_message_get_remote_host (message),
                         KV_REFUSAL_ADMIN_UNAUTHORIZED);
  return FALSE;
}

/**
 * kv_admin_api_handle:
 * @self: a #KvAdminApi
 * @message: the request
 * @path: its path
 * @query: (nullable): its query
 * @out_envelopes: (element-type KvEnvelope): where to add messages for kiosks
 *
 * Answers one admin request.
 */
void
kv_admin_api_handle (KvAdminApi        *self,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     GPtrArray         *out_envelopes)
{
  const char *method = soup_server_message_get_method (message);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  g_return_if_fail (KV_IS_ADMIN_API (self));

  /* The front checked the token before the body was read; this is only
   * so that the admin API is never served without one. */
  if (!kv_admin_api_authorise (self, message, path, NULL))
    return;

  /* /api/v1/<collection>[/<id>[/<action>]] */
  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      kv_admin_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found", "No such admin endpoint");
      return;
    }
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 4);
  n_parts = g_strv_length (parts);

#define ROUTE(m, n, first, last) \
  (g_str_equal (method, m) && n_parts == (n) && g_str_equal (parts[0], first) && \
   ((last) == NULL || g_str_equal (parts[(n) - 1], (last) ? (last) : "")))

  if (ROUTE ("POST", 1, "kiosks", NULL))
    kiosks_create (self, message);
  else if (ROUTE ("GET", 1, "kiosks", NULL))
    kiosks_list (self, message);
  else if (ROUTE ("POST", 3, "kiosks", "revoke"))
    kiosks_revoke (self, message, parts[1], out_envelopes);
  else if (ROUTE ("POST", 1, "bookings", NULL))
    kv_admin_api_bookings_create (self, message, out_envelopes);
  else if (ROUTE ("GET", 1, "bookings", NULL))
    kv_admin_api_bookings_list (self, message, query);
  else if (ROUTE ("POST", 3, "bookings", "cancel"))
    kv_admin_api_bookings_cancel (self, message, parts[1], out_envelopes);
  else if (ROUTE ("GET", 1, "sessions", NULL))
    kv_admin_api_sessions_list (self, message);
  else if (ROUTE ("GET", 2, "sessions", NULL))
    kv_admin_api_sessions_show (self, message, parts[1]);
  else if (ROUTE ("POST", 3, "sessions", "end"))
    kv_admin_api_sessions_end (self, message, parts[1], out_envelopes);
  else if (ROUTE ("GET", 1, "audit", NULL))
    kv_admin_api_audit_export (self, message, query);
  else if (ROUTE ("GET", 2, "audit", "verify"))
    kv_admin_api_audit_verify (self, message);
  else if (ROUTE ("POST", 1, "purge", NULL))
    kv_admin_api_purge (self, message);
  else
    kv_admin_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found", "No such admin endpoint");

#undef ROUTE
}

static void
kv_admin_api_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KvAdminApi *self = KV_ADMIN_API (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_HANDLER:
      self->handler = g_value_dup_object (value);
      break;
    case PROP_REFUSAL_LOG:
      self->refusal_log = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_admin_api_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KvAdminApi *self = KV_ADMIN_API (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HANDLER:
      g_value_set_object (value, self->handler);
      break;
    case PROP_REFUSAL_LOG:
      g_value_set_object (value, self->refusal_log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_admin_api_dispose (GObject *object)
{
  KvAdminApi *self = KV_ADMIN_API (object);

  g_clear_object (&self->handler);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_admin_api_parent_class)->dispose (object);
}

static void
kv_admin_api_class_init (KvAdminApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_admin_api_set_property;
  object_class->get_property = kv_admin_api_get_property;
  object_class->dispose = kv_admin_api_dispose;

  /**
   * KvAdminApi:config:
   *
   * The server configuration, for the admin token.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvAdminApi:clock:
   *
   * Where time comes from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvAdminApi:store:
   *
   * The database.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvAdminApi:handler:
   *
   * The signalling handler: bookings and sessions go through it so the
   * kiosks hear of every change.
   */
  properties[PROP_HANDLER] =
    g_param_spec_object ("handler", NULL, NULL, KV_TYPE_SIGNALLING_HANDLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvAdminApi:refusal-log:
   *
   * Where requests without a valid token are counted.
   */
  properties[PROP_REFUSAL_LOG] =
    g_param_spec_object ("refusal-log", NULL, NULL, KV_TYPE_REFUSAL_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_admin_api_init (KvAdminApi *self)
{
}

KvAdminApi *
kv_admin_api_new (KvServerConfig      *config,
                  KvClock             *clock,
                  KvStore             *store,
                  KvSignallingHandler *handler,
                  KvRefusalLog        *refusal_log)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (handler), NULL);
  g_return_val_if_fail (KV_IS_REFUSAL_LOG (refusal_log), NULL);

  return g_object_new (KV_TYPE_ADMIN_API,
                       "refusal-log", refusal_log,
                       "config", config,
                       "clock", clock,
                       "store", store,
                       "handler", handler,
                       NULL);
}
