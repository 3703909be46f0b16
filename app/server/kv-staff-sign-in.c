/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-staff"

#include "config.h"

#include "kv-staff-sign-in.h"

#include "kv-admin-staff-fields.h"
#include "kv-booking-rules.h"
#include "kv-random-token.h"
#include "kv-rate-limiter.h"
#include "kv-staff-password.h"

#include <string.h>

/**
 * KvStaffSignIn:
 *
 * Staff console sessions: signing in (`POST /api/v1/session`), the
 * session's account (`GET`), signing out (`DELETE`), and the cookie check
 * of every other admin request.
 *
 * A session is 32 random bytes in an HttpOnly, Secure, SameSite=Strict
 * cookie; the store keeps only their SHA-256. It ends when unused for
 * [staff] session-idle-minutes, [staff] session-max-hours after signing
 * in, on sign-out, and at once when its account is disabled or its
 * password reset (the store deletes the rows).
 *
 * Sign-in failures are counted per account and per address (#KvRateLimiter);
 * over either limit, sign-ins are refused with 429 and Retry-After before
 * any password is checked. Every refusal says the same whether the account
 * exists or not, and an unknown account costs a password check all the
 * same. Failures are counted in the #KvRefusalLog (so a flood cannot fill
 * the audit log); sign-ins and lockouts are audited.
 *
 * Passwords are checked on the password threads (kv-staff-password.c)
 * while the request is paused, so the main loop and the kiosks' relay never
 * wait for Argon2.
 */

/* 32 bytes as unpadded base64url. */
#define SESSION_ID_LENGTH 43

struct _KvStaffSignIn
{
  GObject         parent_instance;

  KvServerConfig *config;
  KvClock        *clock;
  KvStore        *store;
  KvRefusalLog   *refusal_log;
  KvRateLimiter  *by_account;
  KvRateLimiter  *by_address;
};

G_DEFINE_FINAL_TYPE (KvStaffSignIn, kv_staff_sign_in, G_TYPE_OBJECT)

static gboolean
looks_like_session_id (const char *value)
{
  if (value == NULL || strlen (value) != SESSION_ID_LENGTH)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * kv_staff_sign_in_get_cookie:
 * @message: a request whose headers are in
 *
 * The request's session cookie, if it has one of the right shape. Only
 * the shape: whether it is a session is for kv_staff_sign_in_authenticate().
 *
 * Returns: (transfer full) (nullable): the session id
 */
char *
kv_staff_sign_in_get_cookie (SoupServerMessage *message)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                     "Cookie");
  g_autoptr(GHashTable) cookies = NULL;
  const char *value;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  value = g_hash_table_lookup (cookies, KV_STAFF_SESSION_COOKIE);
  return looks_like_session_id (value) ? g_strdup (value) : NULL;
}

static gboolean
is_expired (KvStaffSignIn              *self,
            const KvStaffSessionRecord *session,
            gint64                      now_us)
{
  const KvStaffSettings *settings = kv_server_config_get_staff (self->config);

  return now_us - session->last_used_us >= settings->session_idle_minutes * 60 * G_USEC_PER_SEC ||
         now_us - session->created_us >= settings->session_max_hours * G_TIME_SPAN_HOUR;
}

/* The caller an account makes. An account with the admin role and no
 * sites is the organisation's admin and covers every site, as the admin
 * token does (the first admin of an install is made before any site
 * exists); any other account covers exactly its sites. */
static KvAdminCaller *
new_caller (const KvStaffRecord *staff)
{
  KvAdminCaller *caller = kv_admin_caller_new_staff (staff->id, staff->roles,
                                                     (const char * const *) staff->sites);

  if ((staff->roles & KV_STAFF_ROLE_ADMIN) && g_strv_length (staff->sites) == 0)
    g_clear_pointer (&caller->sites, g_strfreev);
  return caller;
}

/* The caller of @message's session; @touch: count this as a use (a
 * request), not as a check (an open event stream). */
static KvAdminCaller *
lookup_caller (KvStaffSignIn      *self,
               SoupServerMessage  *message,
               gboolean            touch,
               char              **out_csrf_token)
{
  g_autofree char *session_id = kv_staff_sign_in_get_cookie (message);
  g_autoptr(KvStaffSessionRecord) session = NULL;
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_us = kv_clock_get_now (self->clock);

  if (session_id == NULL)
    return NULL;
  session = kv_store_lookup_staff_session (self->store, session_id, &error);
  if (session == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        g_warning ("Could not look up a console session: %s", error->message);
      return NULL;
    }
  if (is_expired (self, session, now_us))
    {
      if (!kv_store_delete_staff_session (self->store, session_id, now_us, NULL, &error))
        g_warning ("Could not delete an expired console session: %s", error->message);
      return NULL;
    }
  staff = kv_store_lookup_staff (self->store, session->staff_id, &error);
  if (staff == NULL || staff->disabled_us != 0)
    return NULL;
  if (touch && !kv_store_touch_staff_session (self->store, session_id, now_us, &error))
    g_warning ("Could not record a console session's use: %s", error->message);
  if (out_csrf_token != NULL)
    *out_csrf_token = g_strdup (session->csrf_token);
  return new_caller (staff);
}

/**
 * kv_staff_sign_in_authenticate:
 * @message: a request
 * @out_csrf_token: (out) (optional): the session's CSRF token
 *
 * The staff account whose live session the request's cookie is, if its
 * account is enabled. An expired session is deleted here; a live one
 * counts as used now.
 *
 * Returns: (transfer full) (nullable): the caller, or %NULL
 */
KvAdminCaller *
kv_staff_sign_in_authenticate (KvStaffSignIn      *self,
                               SoupServerMessage  *message,
                               char              **out_csrf_token)
{
  g_return_val_if_fail (KV_IS_STAFF_SIGN_IN (self), NULL);

  return lookup_caller (self, message, TRUE, out_csrf_token);
}

/**
 * kv_staff_sign_in_check:
 * @message: a request that was authenticated earlier and is still open
 *   (the console's event stream)
 *
 * Whether its session is still live and its account enabled, without
 * counting this as a use: an open page alone does not keep a session
 * from going idle.
 *
 * Returns: %TRUE if it is
 */
gboolean
kv_staff_sign_in_check (KvStaffSignIn     *self,
                        SoupServerMessage *message)
{
  g_autoptr(KvAdminCaller) caller = NULL;

  g_return_val_if_fail (KV_IS_STAFF_SIGN_IN (self), FALSE);

  caller = lookup_caller (self, message, FALSE, NULL);
  return caller != NULL;
}

/* {"account":{"id","name","roles","sites"},"csrf_token"} */
static void
respond_session (KvStaffSignIn       *self,
                 SoupServerMessage   *message,
                 guint                status,
                 const KvStaffRecord *staff,
                 const char          *csrf_token)
{
  const KvStaffSettings *settings = kv_server_config_get_staff (self->config);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_begin_object (builder);
  kv_admin_staff_add_identity (builder, staff);
  json_builder_end_object (builder);
  kv_admin_http_add_string (builder, "csrf_token", csrf_token);
  kv_admin_http_add_int (builder, "idle_minutes", settings->session_idle_minutes);
  json_builder_end_object (builder);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Cache-Control", "no-store");
  kv_admin_http_respond_json (message, status, builder);
}

/* Signing in */

typedef struct
{
  KvStaffSignIn     *self;
  SoupServerMessage *message;
  char              *username;
  char              *address;
  gboolean           usable;    /* the account exists and is enabled */
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_object_unref (attempt->self);
  g_object_unref (attempt->message);
  g_free (attempt->username);
  g_free (attempt->address);
  g_free (attempt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

/* The limiter key of an account: any name counts, even one no account has
 * (the limiter's memory is bounded). */
static char *
account_key (const char *username)
{
  return g_strdup_printf ("%.64s", username);
}

static void
respond_wrong (SoupServerMessage *message)
{
  /* The same words for an unknown account, a disabled one and a wrong
   * password: the answer tells no one which accounts exist. */
  kv_admin_http_respond_error (message, SOUP_STATUS_UNAUTHORIZED, "sign-in-failed",
                               "Wrong username or password");
}

static void
respond_throttled (SoupServerMessage *message,
                   gint64             wait_us)
{
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              MAX ((wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC,
                                                   1));

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Retry-After", seconds);
  kv_admin_http_respond_error (message, 429 /* Too Many Requests: libsoup names no such status */,
                               "too-many-attempts",
                               "Too many failed sign-ins; try again later");
}

/* A lockout begins: audited once (not each refused attempt after it), in
 * the account's name if it is one, else the address's. */
static void
audit_lockout (KvStaffSignIn *self,
               Attempt       *attempt,
               gboolean       account_locked,
               gboolean       address_locked)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *details = NULL;

  if (account_locked && attempt->usable)
    {
      actor = g_strconcat ("staff:", attempt->username, NULL);
      details = g_strdup_printf ("address=%s", attempt->address);
    }
  else if (address_locked)
    actor = g_strconcat ("address:", attempt->address, NULL);
  else
    return;
  if (!kv_store_append_audit (self->store, kv_clock_get_now (self->clock), actor,
                              "staff-sign-in-locked", NULL, details, &error))
    g_warning ("Could not audit a sign-in lockout: %s", error->message);
}

static void
sign_in_failed (KvStaffSignIn *self,
                Attempt       *attempt)
{
  g_autofree char *key = account_key (attempt->username);
  gboolean account_was = kv_rate_limiter_is_limited (self->by_account, key);
  gboolean address_was = kv_rate_limiter_is_limited (self->by_address, attempt->address);

  kv_rate_limiter_record (self->by_account, key);
  kv_rate_limiter_record (self->by_address, attempt->address);
  kv_refusal_log_record (self->refusal_log, attempt->address, KV_REFUSAL_STAFF_SIGN_IN_FAILED);
  audit_lockout (self, attempt,
                 !account_was && kv_rate_limiter_is_limited (self->by_account, key),
                 !address_was && kv_rate_limiter_is_limited (self->by_address, attempt->address));
  respond_wrong (attempt->message);
}

static void
sign_in_succeeded (KvStaffSignIn *self,
                   Attempt       *attempt)
{
  const KvStaffSettings *settings = kv_server_config_get_staff (self->config);
  g_autofree char *session_id = NULL;
  g_autofree char *csrf_token = NULL;
  g_autofree char *details = g_strdup_printf ("address=%s", attempt->address);
  g_autofree char *cookie = NULL;
  g_autofree char *key = account_key (attempt->username);
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_us = kv_clock_get_now (self->clock);

  staff = kv_store_lookup_staff (self->store, attempt->username, &error);
  if (staff == NULL || staff->disabled_us != 0)
    {
      /* Disabled while its password was being checked. */
      respond_wrong (attempt->message);
      return;
    }
  if ((session_id = kv_random_token_new (&error)) == NULL ||
      (csrf_token = kv_random_token_new (&error)) == NULL ||
      !kv_store_add_staff_session (self->store, session_id, staff->id, csrf_token, now_us,
                                   now_us - settings->session_idle_minutes * G_TIME_SPAN_MINUTE,
                                   now_us - settings->session_max_hours * G_TIME_SPAN_HOUR,
                                   details, &error))
    {
      kv_admin_http_respond_gerror (attempt->message, error);
      return;
    }
  kv_rate_limiter_forget (self->by_account, key);
  cookie = g_strdup_printf (KV_STAFF_SESSION_COOKIE "=%s; Path=/; Max-Age=%u; HttpOnly; Secure; "
                            "SameSite=Strict", session_id, settings->session_max_hours * 3600);
  soup_message_headers_append (soup_server_message_get_response_headers (attempt->message),
                               "Set-Cookie", cookie);
  respond_session (self, attempt->message, SOUP_STATUS_OK, staff, csrf_token);
}

static void
on_verify_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(GError) error = NULL;
  gboolean matches = kv_staff_password_verify_finish (result, &error);

  if (error != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (attempt->message),
                                    "Retry-After", "1");
      kv_admin_http_respond_error (attempt->message, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                                   error->message);
    }
  else if (matches && attempt->usable)
    sign_in_succeeded (attempt->self, attempt);
  else
    sign_in_failed (attempt->self, attempt);
  soup_server_message_unpause (attempt->message);
}

/* POST /api/v1/session {"username","password"} */
static void
sign_in (KvStaffSignIn        *self,
         const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Attempt) attempt = NULL;
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *key = NULL;
  const char *username, *password;
  const char *content_type;
  JsonObject *body;
  gint64 wait_us;

  /* Signing in needs no CSRF token (there is no session yet), so another
   * site must not be able to sign a browser in to an account of its
   * choosing: a form can only post text/plain, urlencoded or multipart,
   * and a script of another origin cannot send application/json without
   * a CORS preflight, which this server never answers. */
  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                                        NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                   "bad-content-type",
                                   "Send the sign-in as Content-Type: application/json");
      return;
    }
  body = kv_admin_http_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (message, body, "username", &username) ||
      !kv_admin_http_get_string (message, body, "password", &password))
    return;
  if (username == NULL || *username == '\0')
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing", "username",
                                         "Type your username");
      return;
    }
  if (password == NULL || *password == '\0')
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing", "password",
                                         "Type your password");
      return;
    }

  attempt = g_new0 (Attempt, 1);
  attempt->self = g_object_ref (self);
  attempt->message = g_object_ref (message);
  attempt->username = g_strdup (username);
  attempt->address = g_strdup (soup_server_message_get_remote_host (message));
  if (attempt->address == NULL)
    attempt->address = g_strdup ("unknown");

  /* Throttled: refused before any password is checked, so guessing costs
   * the server nothing more. */
  key = account_key (username);
  wait_us = MAX (kv_rate_limiter_get_wait (self->by_account, key),
                 kv_rate_limiter_get_wait (self->by_address, attempt->address));
  if (wait_us > 0)
    {
      kv_refusal_log_record (self->refusal_log, attempt->address,
                             KV_REFUSAL_STAFF_SIGN_IN_THROTTLED);
      respond_throttled (message, wait_us);
      return;
    }

  if (kv_booking_rules_check_id (username, NULL))
    staff = kv_store_lookup_staff (self->store, username, NULL);
  if (staff != NULL)
    hash = kv_store_get_staff_password_hash (self->store, staff->id, NULL);
  attempt->usable = staff != NULL && staff->disabled_us == 0 && hash != NULL;

  soup_server_message_pause (message);
  kv_staff_password_verify_async (hash, password, NULL, on_verify_ready,
                                  g_steal_pointer (&attempt));
}

/* GET /api/v1/session */
static void
show_session (KvStaffSignIn        *self,
              const KvAdminRequest *request)
{
  g_autofree char *csrf_token = NULL;
  g_autoptr(KvAdminCaller) caller = NULL;
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;

  if (request->caller->staff_id == NULL)
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_NOT_FOUND, "no-session",
                                   "The admin token has no console session");
      return;
    }
  caller = kv_staff_sign_in_authenticate (self, request->message, &csrf_token);
  staff = caller != NULL ? kv_store_lookup_staff (self->store, caller->staff_id, &error) : NULL;
  if (staff == NULL)
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                   "Your session has ended; sign in again");
      return;
    }
  respond_session (self, request->message, SOUP_STATUS_OK, staff, csrf_token);
}

/* DELETE /api/v1/session */
static void
sign_out (KvStaffSignIn        *self,
          const KvAdminRequest *request)
{
  g_autofree char *session_id = kv_staff_sign_in_get_cookie (request->message);
  g_autoptr(GError) error = NULL;

  if (request->caller->staff_id == NULL || session_id == NULL)
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_NOT_FOUND, "no-session",
                                   "The admin token has no console session");
      return;
    }
  if (!kv_store_delete_staff_session (self->store, session_id, request->now_us,
                                      request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  /* Tell the browser to forget it too. */
  soup_message_headers_append (soup_server_message_get_response_headers (request->message),
                               "Set-Cookie", KV_STAFF_SESSION_COOKIE "=; Path=/; Max-Age=0; "
                               "HttpOnly; Secure; SameSite=Strict");
  soup_server_message_set_status (request->message, SOUP_STATUS_NO_CONTENT, NULL);
}

/**
 * kv_staff_sign_in_route:
 * @request: a request for the `session` collection
 *
 * Returns: whether it was one of the session's routes (answered)
 */
gboolean
kv_staff_sign_in_route (KvStaffSignIn        *self,
                        const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_STAFF_SIGN_IN (self), FALSE);

  if (kv_admin_http_is_route (request, "POST", 1, NULL))
    sign_in (self, request);
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    show_session (self, request);
  else if (kv_admin_http_is_route (request, "DELETE", 1, NULL))
    sign_out (self, request);
  else
    return FALSE;
  return TRUE;
}

static void
kv_staff_sign_in_dispose (GObject *object)
{
  KvStaffSignIn *self = KV_STAFF_SIGN_IN (object);

  g_clear_object (&self->by_account);
  g_clear_object (&self->by_address);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_staff_sign_in_parent_class)->dispose (object);
}

static void
kv_staff_sign_in_class_init (KvStaffSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_staff_sign_in_dispose;
}

static void
kv_staff_sign_in_init (KvStaffSignIn *self)
{
}

KvStaffSignIn *
kv_staff_sign_in_new (KvServerConfig *config,
                      KvClock        *clock,
                      KvStore        *store,
                      KvRefusalLog   *refusal_log)
{
  KvStaffSignIn *self;
  const KvStaffSettings *settings;
  gint64 window_us;

  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_REFUSAL_LOG (refusal_log), NULL);

  self = g_object_new (KV_TYPE_STAFF_SIGN_IN, NULL);
  self->config = g_object_ref (config);
  self->clock = g_object_ref (clock);
  self->store = g_object_ref (store);
  self->refusal_log = g_object_ref (refusal_log);
  settings = kv_server_config_get_staff (config);
  window_us = (gint64) settings->sign_in_window_minutes * 60 * G_USEC_PER_SEC;
  self->by_account = kv_rate_limiter_new (clock, settings->sign_in_failures_per_account,
                                          window_us);
  self->by_address = kv_rate_limiter_new (clock, settings->sign_in_failures_per_address,
                                          window_us);
  return self;
}
