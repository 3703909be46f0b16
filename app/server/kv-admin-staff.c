/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-staff.h"

#include "kv-admin-staff-fields.h"

#include "kv-booking-rules.h"
#include "kv-pin.h"
#include "kv-staff-password.h"

#include <string.h>

/**
 * KvAdminStaff:
 *
 * The admin API's staff accounts: adding, listing, changing names, roles
 * and sites, disabling and enabling, resetting passwords and setting kiosk
 * PINs. Which roles may call what is in kv-admin-permissions.c; here each
 * account is checked against the caller's sites: an admin of some sites
 * manages only the accounts whose sites are all among its own, and gives
 * only those sites; an account of no sites is managed only by an admin of
 * every site (the admin token, or an admin account of no sites).
 *
 * Passwords and PINs are hashed off the main loop while the request is
 * paused. No answer holds a hash, no log a password or PIN.
 */

struct _KvAdminStaff
{
  GObject  parent_instance;

  KvStore             *store;
  KvClock             *clock;
  KvSignallingHandler *handler;
};

G_DEFINE_FINAL_TYPE (KvAdminStaff, kv_admin_staff, G_TYPE_OBJECT)

/* The kiosks hold a roster of their sites' staff (names, roles, PIN
 * hashes) so staff can unlock them even while the server is away: after
 * every change a roster shows (an account added, disabled or enabled, its
 * roles or sites changed, its PIN set) the signalling handler sends each
 * signed-in kiosk its roster again. Some of these changes finish on a
 * worker thread's callback, after the request's own answer path, so the
 * rosters go out through the handler's outbox, not the request. */
static void
kv_admin_staff_rosters_changed (KvAdminStaff *self)
{
  kv_signalling_handler_send_rosters (self->handler);
}

static void
add_account (JsonBuilder         *builder,
             const KvStaffRecord *staff)
{
  json_builder_begin_object (builder);
  kv_admin_staff_add_identity (builder, staff);
  json_builder_set_member_name (builder, "has_pin");
  json_builder_add_boolean_value (builder, staff->has_pin);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, staff->disabled_us != 0);
  kv_admin_http_add_time (builder, "created", staff->created_us);
  kv_admin_http_add_time (builder, "disabled_at", staff->disabled_us);
  kv_admin_http_add_time (builder, "credentials_changed", staff->credentials_us);
  json_builder_end_object (builder);
}

static void
respond_account (KvAdminStaff      *self,
                 SoupServerMessage *message,
                 guint              status,
                 const char        *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = kv_store_lookup_staff (self->store, id, &error);
  if (staff == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  add_account (builder, staff);
  kv_admin_http_respond_json (message, status, builder);
}

/* Whether the caller covers every one of @sites; an account of no sites
 * needs a caller of every site. Refuses (403, audited) if not. */
static gboolean
require_sites (const KvAdminRequest *request,
               const char * const   *sites)
{
  if (sites == NULL || sites[0] == NULL)
    {
      if (request->caller->sites == NULL)
        return TRUE;
      kv_admin_http_forbid (request, "Only an admin of every site manages accounts of no site");
      return FALSE;
    }
  for (guint i = 0; sites[i] != NULL; i++)
    if (!kv_admin_http_require_site (request, sites[i]))
      return FALSE;
  return TRUE;
}

/* The account @id, if the caller may manage it; else an answer is sent. */
static KvStaffRecord *
lookup_managed (KvAdminStaff         *self,
                const KvAdminRequest *request,
                const char           *id)
{
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = kv_store_lookup_staff (self->store, id, &error);
  if (staff == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  if (!require_sites (request, (const char * const *) staff->sites))
    return NULL;
  return g_steal_pointer (&staff);
}

/* Work done once a password or PIN is hashed, off the main loop. */

typedef enum {
  PENDING_CREATE,
  PENDING_PASSWORD,
  PENDING_PIN,
} PendingKind;

typedef struct
{
  KvAdminStaff      *self;
  SoupServerMessage *message;
  PendingKind        kind;
  char              *actor;
  char              *id;
  char              *name;
  KvStaffRoles       roles;
  GStrv              sites;
  char              *secret;    /* the PIN, for the PIN thread */
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_object_unref (pending->message);
  g_free (pending->actor);
  g_free (pending->id);
  g_free (pending->name);
  g_strfreev (pending->sites);
  if (pending->secret != NULL)
    {
      memset (pending->secret, 0, strlen (pending->secret));
      g_free (pending->secret);
    }
  g_free (pending);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Pending *
pending_new (KvAdminStaff         *self,
             const KvAdminRequest *request,
             PendingKind           kind,
             const char           *id)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->message = g_object_ref (request->message);
  pending->kind = kind;
  pending->actor = g_strdup (request->caller->actor);
  pending->id = g_strdup (id);
  return pending;
}

/* The hash is made: store it (a new account, a password, a PIN). */
static void
finish_pending (Pending    *pending,
                const char *hash)
{
  KvAdminStaff *self = pending->self;
  g_autoptr(GError) error = NULL;
  gint64 now_us = kv_clock_get_now (self->clock);
  gboolean stored = FALSE;

  switch (pending->kind)
    {
    case PENDING_CREATE:
      stored = kv_store_add_staff (self->store, pending->id, pending->name, pending->roles,
                                   (const char * const *) pending->sites, hash, now_us,
                                   pending->actor, &error);
      break;
    case PENDING_PASSWORD:
      stored = kv_store_set_staff_password (self->store, pending->id, hash, now_us,
                                            pending->actor, &error);
      break;
    case PENDING_PIN:
      stored = kv_store_set_staff_pin (self->store, pending->id, hash, now_us, pending->actor,
                                       &error);
      break;
    }
  if (!stored)
    {
      kv_admin_http_respond_gerror (pending->message, error);
      return;
    }
  if (pending->kind != PENDING_PASSWORD)
    kv_admin_staff_rosters_changed (self);
  respond_account (self, pending->message,
                   pending->kind == PENDING_CREATE ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                   pending->id);
}

static void
on_password_hashed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kv_staff_password_hash_finish (result, &error);

  if (hash == NULL)
    {
      guint status = g_error_matches (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_BUSY)
                       ? SOUP_STATUS_SERVICE_UNAVAILABLE : SOUP_STATUS_INTERNAL_SERVER_ERROR;

      kv_admin_http_respond_error (pending->message, status, "busy", error->message);
    }
  else
    finish_pending (pending, hash);
  soup_server_message_unpause (pending->message);
}

static void
hash_pin_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Pending *pending = task_data;
  GError *error = NULL;
  char *hash = kv_pin_check (pending->secret, &error) ? kv_pin_hash_new (pending->secret, &error)
                                                       : NULL;

  if (hash != NULL)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

static void
on_pin_hashed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &error);

  if (hash == NULL)
    kv_admin_http_respond_error (pending->message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                 error->message);
  else
    finish_pending (pending, hash);
  soup_server_message_unpause (pending->message);
}

/* Endpoints */

/* POST /api/v1/staff {"id","name","roles":[...],"sites":[...],"password"} */
static void
staff_create (KvAdminStaff         *self,
              const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Pending) pending = NULL;
  g_auto(GStrv) sites = NULL;
  g_autoptr(KvStaffRecord) existing = NULL;
  const char *id, *name, *password;
  KvStaffRoles roles;
  gboolean has_roles;
  JsonObject *body;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL || !kv_admin_http_get_string (message, body, "id", &id))
    return;
  if (id == NULL || !kv_booking_rules_check_id (id, &error))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-id", "id",
                                         error != NULL ? error->message
                                                       : "Type a username for the account");
      return;
    }
  if (!kv_admin_staff_read_name (message, body, TRUE, &name) ||
      !kv_admin_staff_read_roles (message, body, TRUE, &has_roles, &roles) ||
      !kv_admin_staff_read_sites (self->store, message, body, &sites) ||
      !kv_admin_staff_read_password (message, body, &password) ||
      !require_sites (request, (const char * const *) sites))
    return;
  /* Said now, not after a second of hashing. */
  existing = kv_store_lookup_staff (self->store, id, NULL);
  if (existing != NULL)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_CONFLICT, "exists", "id",
                                         "A staff account with that username exists already");
      return;
    }

  pending = pending_new (self, request, PENDING_CREATE, id);
  pending->name = g_strdup (name);
  pending->roles = roles;
  pending->sites = sites != NULL ? g_steal_pointer (&sites) : g_new0 (char *, 1);
  soup_server_message_pause (message);
  kv_staff_password_hash_async (password, NULL, on_password_hashed, g_steal_pointer (&pending));
}

/* GET /api/v1/staff: the accounts the caller manages. */
static void
staff_list (KvAdminStaff         *self,
            const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = kv_store_list_staff (self->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (staff == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "staff");
  json_builder_begin_array (builder);
  for (guint i = 0; i < staff->len; i++)
    {
      const KvStaffRecord *record = g_ptr_array_index (staff, i);
      gboolean covered = request->caller->sites == NULL;

      if (!covered && record->sites[0] != NULL)
        {
          covered = TRUE;
          for (guint j = 0; record->sites[j] != NULL; j++)
            covered = covered && kv_admin_caller_covers_site (request->caller, record->sites[j]);
        }
      if (covered)
        add_account (builder, record);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* GET /api/v1/staff/ID */
static void
staff_show (KvAdminStaff         *self,
            const KvAdminRequest *request,
            const char           *id)
{
  g_autoptr(KvStaffRecord) staff = lookup_managed (self, request, id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (staff == NULL)
    return;
  add_account (builder, staff);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* PATCH /api/v1/staff/ID {"name"?, "roles"?, "sites"?} */
static void
staff_update (KvAdminStaff         *self,
              const KvAdminRequest *request,
              const char           *id)
{
  SoupServerMessage *message = request->message;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStaffRecord) staff = NULL;
  g_auto(GStrv) sites = NULL;
  const char *name;
  KvStaffRoles roles;
  gboolean has_roles;
  JsonObject *body;

  staff = lookup_managed (self, request, id);
  if (staff == NULL)
    return;
  body = kv_admin_http_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_staff_read_name (message, body, FALSE, &name) ||
      !kv_admin_staff_read_roles (message, body, FALSE, &has_roles, &roles) ||
      !kv_admin_staff_read_sites (self->store, message, body, &sites) ||
      (sites != NULL && !require_sites (request, (const char * const *) sites)))
    return;
  if (!kv_store_update_staff (self->store, id, name, has_roles ? &roles : NULL,
                              (const char * const *) sites, request->now_us,
                              request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  if (has_roles || sites != NULL)
    kv_admin_staff_rosters_changed (self);
  respond_account (self, message, SOUP_STATUS_OK, id);
}

/* POST /api/v1/staff/ID/disable and /enable: disabling ends its console
 * sessions at once. */
static void
staff_set_disabled (KvAdminStaff         *self,
                    const KvAdminRequest *request,
                    const char           *id,
                    gboolean              disabled)
{
  g_autoptr(KvStaffRecord) staff = lookup_managed (self, request, id);
  g_autoptr(GError) error = NULL;

  if (staff == NULL)
    return;
  if (disabled && g_strcmp0 (request->caller->staff_id, id) == 0)
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_CONFLICT, "invalid-state",
                                   "You cannot disable your own account");
      return;
    }
  if (!kv_store_set_staff_disabled (self->store, id, disabled, request->now_us,
                                    request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_staff_rosters_changed (self);
  respond_account (self, request->message, SOUP_STATUS_OK, id);
}

/* POST /api/v1/staff/ID/password {"password"}: a reset by an admin; ends
 * the account's console sessions. */
static void
staff_reset_password (KvAdminStaff         *self,
                      const KvAdminRequest *request,
                      const char           *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KvStaffRecord) staff = lookup_managed (self, request, id);
  const char *password;
  JsonObject *body;

  if (staff == NULL)
    return;
  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_staff_read_password (request->message, body, &password))
    return;
  soup_server_message_pause (request->message);
  kv_staff_password_hash_async (password, NULL, on_password_hashed,
                                pending_new (self, request, PENDING_PASSWORD, id));
}

/* POST /api/v1/staff/ID/pin {"pin"}: by an admin, or the account itself. */
static void
staff_set_pin (KvAdminStaff         *self,
               const KvAdminRequest *request,
               const char           *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KvStaffRecord) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Pending *pending;
  const char *pin;
  JsonObject *body;

  if (g_strcmp0 (request->caller->staff_id, id) == 0)
    staff = kv_store_lookup_staff (self->store, id, &error);
  else
    staff = lookup_managed (self, request, id);
  if (staff == NULL)
    {
      if (error != NULL)
        kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_http_get_string (request->message, body, "pin", &pin))
    return;
  if (!kv_pin_check (pin, &error))
    {
      g_autofree char *text = g_strdup_printf ("The PIN must be %d to %d digits",
                                               KV_PIN_MIN_DIGITS, KV_PIN_MAX_DIGITS);

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-pin",
                                         "pin", text);
      return;
    }
  pending = pending_new (self, request, PENDING_PIN, id);
  pending->secret = g_strdup (pin);
  /* About 50 ms and 16 MiB: GLib's own worker threads are enough. */
  task = g_task_new (NULL, NULL, on_pin_hashed, NULL);
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);
  soup_server_message_pause (request->message);
  g_task_run_in_thread (task, hash_pin_in_thread);
}

static void
kv_admin_staff_dispose (GObject *object)
{
  KvAdminStaff *self = KV_ADMIN_STAFF (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->handler);

  G_OBJECT_CLASS (kv_admin_staff_parent_class)->dispose (object);
}

static void
kv_admin_staff_class_init (KvAdminStaffClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_admin_staff_dispose;
}

static void
kv_admin_staff_init (KvAdminStaff *self)
{
}

KvAdminStaff *
kv_admin_staff_new (KvStore             *store,
                    KvClock             *clock,
                    KvSignallingHandler *handler)
{
  KvAdminStaff *self = g_object_new (KV_TYPE_ADMIN_STAFF, NULL);

  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->handler = g_object_ref (handler);
  return self;
}

/**
 * kv_admin_staff_route:
 * @request: a request on /api/v1/staff
 *
 * Returns: %FALSE if no endpoint of staff answers @request (nothing was
 *   sent then)
 */
gboolean
kv_admin_staff_route (KvAdminStaff         *self,
                      const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_ADMIN_STAFF (self), FALSE);

  if (kv_admin_http_is_route (request, "GET", 1, NULL))
    staff_list (self, request);
  else if (kv_admin_http_is_route (request, "POST", 1, NULL))
    staff_create (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    staff_show (self, request, request->parts[1]);
  else if (kv_admin_http_is_route (request, "PATCH", 2, NULL))
    staff_update (self, request, request->parts[1]);
  else if (kv_admin_http_is_route (request, "POST", 3, "disable"))
    staff_set_disabled (self, request, request->parts[1], TRUE);
  else if (kv_admin_http_is_route (request, "POST", 3, "enable"))
    staff_set_disabled (self, request, request->parts[1], FALSE);
  else if (kv_admin_http_is_route (request, "POST", 3, "password"))
    staff_reset_password (self, request, request->parts[1]);
  else if (kv_admin_http_is_route (request, "POST", 3, "pin"))
    staff_set_pin (self, request, request->parts[1]);
  else
    return FALSE;
  return TRUE;
}
