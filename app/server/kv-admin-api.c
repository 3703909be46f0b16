/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-api.h"

#include "kv-admin-audit.h"
#include "kv-admin-bookings.h"
#include "kv-admin-families.h"
#include "kv-admin-family-reports.h"
#include "kv-admin-http.h"
#include "kv-admin-kiosks.h"
#include "kv-admin-permissions.h"
#include "kv-admin-reports.h"
#include "kv-admin-sessions.h"
#include "kv-admin-sites.h"
#include "kv-admin-staff.h"
#include "kv-admin-templates.h"
#include "kv-console-events.h"
#include "kv-staff-sign-in.h"

#include <string.h>

/**
 * KvAdminApi:
 *
 * The admin API under /api/v1: sites, kiosks, slot templates and slots,
 * bookings, sessions, staff accounts and the audit log, for kinvisitctl and
 * the staff console. Every request carries the admin token as a bearer
 * token, or the cookie of a staff console session (#KvStaffSignIn);
 * signing in (`POST /api/v1/session`) is the only request that needs
 * neither. Errors are JSON bodies
 * `{"error":{"code":"...","message":"...","field":"..."}}` with 400 (bad
 * input), 401 (no or wrong credentials), 403 (not for this caller), 404 (no
 * such thing), 409 (conflict) or 429 (too many failed sign-ins).
 *
 * KvAdminApi authenticates each request, checks a cookie's CSRF token on
 * every request that changes anything, checks the caller's roles against
 * the permission table (kv-admin-permissions.c), and hands the request to
 * the endpoints of its collection: #KvStaffSignIn (the session),
 * #KvAdminStaff, #KvAdminSites, #KvAdminKiosks, #KvAdminTemplates
 * (templates and slots), #KvAdminBookings, #KvAdminFamilies (families,
 * their proposals and the due list), #KvAdminSessions, #KvAdminAudit (the
 * audit log and purges), #KvAdminReports (monthly reports),
 * #KvAdminFamilyReports (the contact report) and #KvConsoleEvents (the
 * console's live board), each holding only the
 * collaborators it needs. What they share to read requests and write
 * answers is in kv-admin-http.c.
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

struct _KvAdminApi
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvClock             *clock;
  KvStore             *store;
  KvSignallingHandler *handler;
  KvRefusalLog        *refusal_log;

  KvAdminSites        *sites;
  KvAdminKiosks       *kiosks;
  KvAdminTemplates    *templates;
  KvAdminBookings     *bookings;
  KvAdminFamilies     *families;
  KvAdminSessions     *sessions;
  KvAdminAudit        *audit;
  KvAdminReports      *reports;
  KvAdminFamilyReports *family_reports;
  KvAdminStaff        *staff;
  KvStaffSignIn       *sign_in;
  KvConsoleEvents     *events;
};

G_DEFINE_FINAL_TYPE (KvAdminApi, kv_admin_api, G_TYPE_OBJECT)

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
 * @extra_token), or for the admin API that it has a session cookie. A
 * refused request gets its 401 response here and is
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
  /* A session cookie, by its shape only: this runs before the body is read,
   * for every request, and kv_admin_api_handle() checks the session
   * itself. The cookie opens nothing but the admin API. */
  if (g_str_has_prefix (path, "/api/v1/"))
    {
      g_autofree char *session_id = kv_staff_sign_in_get_cookie (message);

      if (session_id != NULL)
        return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "WWW-Authenticate", "Bearer realm=\"kinvisit\"");
  kv_admin_http_respond_error (message, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
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
  g_auto(GStrv) parts = NULL;
  g_autoptr(KvAdminCaller) caller = NULL;
  g_autofree char *csrf_token = NULL;
  const KvAdminPermission *permission;
  KvAdminRequest request;
  const char *collection;
  gboolean answered = FALSE;

  g_return_if_fail (KV_IS_ADMIN_API (self));

  /* /api/v1/<collection>[/<id>[/<action>]] */
  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      if (kv_admin_api_authorise (self, message, path, NULL))
        kv_admin_http_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found",
                                     "No such admin endpoint");
      return;
    }
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 4);
  permission = kv_admin_permissions_lookup (soup_server_message_get_method (message),
                                            (const char * const *) parts, g_strv_length (parts));

  /* Who is asking. The front only looked at the shape of a cookie; the
   * session itself is checked here, on every request. The bearer token
   * wins over a cookie. */
  if (bearer_token_matches (message, kv_server_config_get_admin_token (self->config)))
    caller = kv_admin_caller_new_admin_token ();
  else
    caller = kv_staff_sign_in_authenticate (self->sign_in, message, &csrf_token);
  if (caller == NULL && (permission == NULL || !(permission->flags & KV_ADMIN_PERMISSION_PUBLIC)))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "WWW-Authenticate", "Bearer realm=\"kinvisit\"");
      kv_admin_http_respond_error (message, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                   "Sign in, or send the admin token (Authorization: Bearer ...)");
      kv_refusal_log_record (self->refusal_log, soup_server_message_get_remote_host (message),
                             KV_REFUSAL_ADMIN_UNAUTHORIZED);
      return;
    }
  if (caller == NULL)
    {
      /* Someone signing in: no roles, no sites, no account yet. */
      caller = g_new0 (KvAdminCaller, 1);
      caller->actor = g_strdup ("anonymous");
      caller->sites = g_new0 (char *, 1);
    }

  request = (KvAdminRequest) {
    .message = message,
    .method = soup_server_message_get_method (message),
    .parts = parts,
    .n_parts = g_strv_length (parts),
    .query = query,
    .out_envelopes = out_envelopes,
    .caller = caller,
    .store = self->store,
    .now_us = kv_clock_get_now (self->clock),
  };
  collection = request.n_parts > 0 ? parts[0] : "";

  /* A cookie is sent by the browser whoever made the page asking, so a
   * request that changes anything must also prove it comes from the
   * console: the session's CSRF token, which only the console read. */
  if (csrf_token != NULL && !g_str_equal (request.method, "GET") &&
      !g_str_equal (request.method, "HEAD") &&
      !(permission != NULL && (permission->flags & KV_ADMIN_PERMISSION_PUBLIC)))
    {
      const char *given = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                        "X-CSRF-Token");

      if (!kv_admin_api_token_equal (csrf_token, given))
        {
          kv_admin_http_refuse (&request, "csrf",
                                "The X-CSRF-Token header is missing or wrong; reload the console");
          return;
        }
    }

  /* Staff accounts reach only what the permission table lists for their
   * roles (default deny); the admin token reaches everything. */
  if (caller->staff_id != NULL)
    {
      if (permission == NULL)
        {
          kv_admin_http_forbid (&request, "This is not open to staff accounts");
          return;
        }
      if (!kv_admin_permissions_allows (permission, caller, (const char * const *) parts))
        {
          g_autofree char *why = kv_admin_permissions_describe (permission);

          kv_admin_http_forbid (&request, why);
          return;
        }
    }

  if (g_str_equal (collection, "session"))
    answered = kv_staff_sign_in_route (self->sign_in, &request);
  else if (g_str_equal (collection, "staff"))
    answered = kv_admin_staff_route (self->staff, &request);
  else if (g_str_equal (collection, "sites"))
    answered = kv_admin_sites_route (self->sites, &request);
  else if (g_str_equal (collection, "kiosks"))
    answered = kv_admin_kiosks_route (self->kiosks, &request);
  else if (g_str_equal (collection, "templates") || g_str_equal (collection, "slots"))
    answered = kv_admin_templates_route (self->templates, &request);
  else if (g_str_equal (collection, "bookings"))
    answered = kv_admin_bookings_route (self->bookings, &request);
  else if (g_str_equal (collection, "families"))
    answered = kv_admin_families_route (self->families, &request);
  else if (g_str_equal (collection, "sessions"))
    answered = kv_admin_sessions_route (self->sessions, &request);
  else if (g_str_equal (collection, "audit") || g_str_equal (collection, "purge"))
    answered = kv_admin_audit_route (self->audit, &request);
  else if (g_str_equal (collection, "reports"))
    answered = kv_admin_reports_route (self->reports, &request) ||
               kv_admin_family_reports_route (self->family_reports, &request);
  else if (g_str_equal (collection, "events"))
    answered = kv_console_events_route (self->events, &request);
  if (!answered)
    kv_admin_http_respond_error (message, SOUP_STATUS_NOT_FOUND, "not-found",
                                 "No such admin endpoint");

  /* A change the consoles' boards may show (a kiosk added or revoked, a
   * visit ended), or one that ends a console session. */
  if (!g_str_equal (request.method, "GET") && !g_str_equal (request.method, "HEAD"))
    {
      kv_console_events_changed (self->events);
      if (g_str_equal (collection, "session") || g_str_equal (collection, "staff"))
        kv_console_events_check_sessions (self->events);
    }
}

/**
 * kv_admin_api_changed:
 *
 * Something the staff console's live board shows may have changed (a
 * kiosk signed in or out, a session changed): tells the open event
 * streams.
 */
void
kv_admin_api_changed (KvAdminApi *self)
{
  g_return_if_fail (KV_IS_ADMIN_API (self));

  kv_console_events_changed (self->events);
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
kv_admin_api_constructed (GObject *object)
{
  KvAdminApi *self = KV_ADMIN_API (object);

  G_OBJECT_CLASS (kv_admin_api_parent_class)->constructed (object);

  self->sites = kv_admin_sites_new (self->store, self->handler);
  self->kiosks = kv_admin_kiosks_new (self->store, self->handler, self->clock);
  self->templates = kv_admin_templates_new (self->store, self->handler,
                                            kv_server_config_get_site_rules (self->config));
  self->bookings = kv_admin_bookings_new (self->store, self->handler, self->clock);
  self->families = kv_admin_families_new (self->store, self->handler,
                                          kv_server_config_get_site_rules (self->config));
  self->sessions = kv_admin_sessions_new (self->config, self->store, self->handler, self->clock);
  self->audit = kv_admin_audit_new (self->config, self->clock, self->store);
  self->reports = kv_admin_reports_new (self->store);
  self->family_reports = kv_admin_family_reports_new (self->store);
  self->staff = kv_admin_staff_new (self->store, self->clock, self->handler);
  self->sign_in = kv_staff_sign_in_new (self->config, self->clock, self->store,
                                        self->refusal_log);
  self->events = kv_console_events_new (self->store, self->handler, self->clock, self->sign_in);
}

static void
kv_admin_api_dispose (GObject *object)
{
  KvAdminApi *self = KV_ADMIN_API (object);

  g_clear_object (&self->events);
  g_clear_object (&self->sites);
  g_clear_object (&self->kiosks);
  g_clear_object (&self->templates);
  g_clear_object (&self->bookings);
  g_clear_object (&self->families);
  g_clear_object (&self->sessions);
  g_clear_object (&self->audit);
  g_clear_object (&self->reports);
  g_clear_object (&self->family_reports);
  g_clear_object (&self->staff);
  g_clear_object (&self->sign_in);
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
  object_class->constructed = kv_admin_api_constructed;
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
