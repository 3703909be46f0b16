/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"

#include "kv-audit-table.h"
#include "kv-booking-table.h"
#include "kv-database.h"
#include "kv-family-table.h"
#include "kv-kiosk-table.h"
#include "kv-roster-table.h"
#include "kv-pause-table.h"
#include "kv-purge-batch.h"
#include "kv-report-table.h"
#include "kv-site-rules-table.h"
#include "kv-site-table.h"
#include "kv-staff-session-table.h"
#include "kv-staff-table.h"
#include "kv-store-schema.h"
#include "kv-template-table.h"

/**
 * KvStore:
 *
 * The server's database: kiosks, bookings, sessions and the audit log, in
 * SQLite. SQLite stays inside the store's files; everything else sees
 * records. Threads that must not wait for the main loop (exports,
 * verification) read with their own #KvStoreReader.
 *
 * The store is what the rest of the server calls; it hands each request to
 * the part that knows it: the connection, its lock, transactions and
 * backups (#KvDatabase), the schema (kv-store-schema.c), the audit log and
 * the head of its hash chain (#KvAuditTable), kiosks (kv-kiosk-table.c),
 * staff accounts (kv-staff-table.c) and their console sessions
 * (kv-staff-session-table.c), staff rosters of kiosks (kv-roster-table.c,
 * read only), bookings and sessions (kv-booking-table.c), their pauses and
 * mutes (kv-pause-table.c), sites (kv-site-table.c) and the rules they
 * keep for children (kv-site-rules-table.c), slot templates
 * (kv-template-table.c) and retention (kv-purge-batch.c). Families have an
 * object of their own (#KvFamilyTable, kv_store_get_families()). Every
 * change is one transaction together with its audit entry (see #KvDatabase
 * for the durability this gives).
 */

struct _KvStore
{
  GObject       parent_instance;

  KvDatabase    *database;
  KvAuditTable  *audit;
  KvFamilyTable *families;
};

G_DEFINE_FINAL_TYPE (KvStore, kv_store, G_TYPE_OBJECT)

static void
kv_store_dispose (GObject *object)
{
  KvStore *self = KV_STORE (object);

  g_clear_object (&self->families);
  g_clear_object (&self->audit);
  /* Last: closing the database lets the next server in. */
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kv_store_parent_class)->dispose (object);
}

static void
kv_store_class_init (KvStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_store_dispose;
}

static void
kv_store_init (KvStore *self)
{
}

/**
 * kv_store_open:
 * @path: the database file, created (mode 0600) if missing
 * @error: return location for a #GError
 *
 * Opens the database for serving: takes the lock that keeps a second
 * server out (%KV_STORE_ERROR_LOCKED), switches to WAL, migrates the
 * schema and reads the head of the audit chain.
 *
 * Returns: (transfer full): the store, or %NULL
 */
KvStore *
kv_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(KvStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (KV_TYPE_STORE, NULL);
  self->database = kv_database_open (path, error);
  if (self->database == NULL || !kv_store_schema_migrate (self->database, error))
    return NULL;
  self->audit = kv_audit_table_new (self->database, error);
  if (self->audit == NULL)
    return NULL;
  self->families = kv_family_table_new (self->database, self->audit);

  return g_steal_pointer (&self);
}

const char *
kv_store_get_path (KvStore *self)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_database_get_path (self->database);
}

/**
 * kv_store_get_families:
 *
 * Returns: (transfer none): the store's families
 */
KvFamilyTable *
kv_store_get_families (KvStore *self)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return self->families;
}

/**
 * kv_store_hash_token:
 * @token: a device token
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of @token, which is
 *   all the store keeps of it
 */
char *
kv_store_hash_token (const char *token)
{
  return kv_kiosk_table_hash_token (token);
}

/* Staff accounts and console sessions: see kv-staff-table.c and
 * kv-staff-session-table.c. Each write
 * is one transaction with its audit row in @actor's name. */

/* Whether @site_id is a site; %FALSE with %KV_STORE_ERROR_NOT_FOUND if not. */
gboolean
kv_store_has_site (KvStore     *self,
                   const char  *site_id,
                   GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_check_exists (self->database, site_id, error);
}

/**
 * kv_store_add_staff:
 * @sites: (nullable) (array zero-terminated=1): its sites, each one a site
 *   that exists (%KV_STORE_ERROR_NOT_FOUND if not)
 * @password_hash: the hash of its password (kv_staff_password_hash())
 *
 * Returns: %TRUE if the account was added (%KV_STORE_ERROR_EXISTS if the
 *   id is taken)
 */
gboolean
kv_store_add_staff (KvStore            *self,
                    const char         *id,
                    const char         *display_name,
                    KvStaffRoles        roles,
                    const char * const *sites,
                    const char         *password_hash,
                    gint64              now_us,
                    const char         *actor,
                    GError            **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && password_hash != NULL && actor != NULL, FALSE);

  return kv_staff_table_add (self->database, self->audit, id, display_name, roles, sites,
                             password_hash, now_us, actor, error);
}

KvStaffRecord *
kv_store_lookup_staff (KvStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_lookup (self->database, id, error);
}

/* The account's password hash, for verifying a sign-in and nothing else. */
char *
kv_store_get_staff_password_hash (KvStore     *self,
                                  const char  *id,
                                  GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_get_password_hash (self->database, id, error);
}

/* Returns: (transfer container) (element-type KvStaffRecord): every
 * account, by id */
GPtrArray *
kv_store_list_staff (KvStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_list (self->database, error);
}

/**
 * kv_store_update_staff:
 * @display_name: (nullable): a new name, or %NULL to keep it
 * @roles: (nullable): new roles, or %NULL to keep them
 * @sites: (nullable) (array zero-terminated=1): new sites (an empty array
 *   for none), or %NULL to keep them
 */
gboolean
kv_store_update_staff (KvStore            *self,
                       const char         *id,
                       const char         *display_name,
                       const KvStaffRoles *roles,
                       const char * const *sites,
                       gint64              now_us,
                       const char         *actor,
                       GError            **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_update (self->database, self->audit, id, display_name, roles, sites,
                                now_us, actor, error);
}

/* Disabling ends the account's console sessions in the same transaction. */
gboolean
kv_store_set_staff_disabled (KvStore     *self,
                             const char  *id,
                             gboolean     disabled,
                             gint64       now_us,
                             const char  *actor,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_disabled (self->database, self->audit, id, disabled, now_us, actor,
                                      error);
}

/* A new password hash ends the account's console sessions in the same
 * transaction. */
gboolean
kv_store_set_staff_password (KvStore     *self,
                             const char  *id,
                             const char  *password_hash,
                             gint64       now_us,
                             const char  *actor,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_password (self->database, self->audit, id, password_hash, now_us,
                                      actor, error);
}

gboolean
kv_store_set_staff_pin (KvStore     *self,
                        const char  *id,
                        const char  *pin_hash,
                        gint64       now_us,
                        const char  *actor,
                        GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_pin (self->database, self->audit, id, pin_hash, now_us, actor, error);
}

/**
 * kv_store_add_staff_session:
 * @session_id: the cookie's value; the store keeps only its SHA-256
 * @idle_before_us: sessions of any account last used before this are
 *   deleted (expired), in the same transaction
 * @made_before_us: and those made before this
 * @details: (nullable): for the `staff-signed-in` audit row (the address)
 */
gboolean
kv_store_add_staff_session (KvStore     *self,
                            const char  *session_id,
                            const char  *staff_id,
                            const char  *csrf_token,
                            gint64       now_us,
                            gint64       idle_before_us,
                            gint64       made_before_us,
                            const char  *details,
                            GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_add (self->database, self->audit, session_id, staff_id,
                                     csrf_token, now_us, idle_before_us, made_before_us,
                                     details, error);
}

KvStaffSessionRecord *
kv_store_lookup_staff_session (KvStore     *self,
                               const char  *session_id,
                               GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_session_table_lookup (self->database, session_id, error);
}

/* Records that the session was used now (at most once a minute). */
gboolean
kv_store_touch_staff_session (KvStore     *self,
                              const char  *session_id,
                              gint64       now_us,
                              GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_touch (self->database, session_id, now_us, error);
}

/* Ends one session; @actor %NULL for an expired one (not audited). */
gboolean
kv_store_delete_staff_session (KvStore     *self,
                               const char  *session_id,
                               gint64       now_us,
                               const char  *actor,
                               GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_delete (self->database, self->audit, session_id, now_us, actor,
                                         error);
}

gboolean
kv_store_delete_staff_sessions (KvStore     *self,
                                const char  *staff_id,
                                gint64       now_us,
                                const char  *actor,
                                GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_delete_all (self->database, self->audit, staff_id, now_us,
                                            actor, error);
}

/* Kiosks */

/**
 * kv_store_add_kiosk:
 * @self: a #KvStore
 * @id: the new kiosk's id
 * @role: its side
 * @label: (nullable): staff's label for it
 * @now_us: the time
 * @out_token: (out): the new device token; the store keeps only its hash,
 *   so this is the one chance to hand it to the kiosk
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the kiosk was added
 */
gboolean
kv_store_add_kiosk (KvStore     *self,
                    const char  *id,
                    KvRole       role,
                    const char  *label,
                    gint64       now_us,
                    const char  *actor,
                    char       **out_token,
                    GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && out_token != NULL, FALSE);

  return kv_kiosk_table_add (self->database, self->audit, id, role, label, NULL, now_us, actor,
                             out_token, error);
}

/**
 * kv_store_add_kiosk_at_site:
 * @self: a #KvStore
 * @site_id: (nullable): the site it stands at (%KV_STORE_ERROR_NOT_FOUND if
 *   there is no such site)
 *
 * kv_store_add_kiosk() at a site, in one transaction.
 *
 * Returns: %TRUE if the kiosk was added
 */
gboolean
kv_store_add_kiosk_at_site (KvStore     *self,
                            const char  *id,
                            KvRole       role,
                            const char  *label,
                            const char  *site_id,
                            gint64       now_us,
                            const char  *actor,
                            char       **out_token,
                            GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && out_token != NULL, FALSE);

  return kv_kiosk_table_add (self->database, self->audit, id, role, label, site_id, now_us,
                             actor, out_token, error);
}

/**
 * kv_store_note_kiosk_seen:
 * @self: a #KvStore
 * @id: a kiosk that just signed in or out
 * @now_us: when
 * @software: (nullable): the software its `hello` named (kept only if fit
 *   to show, else stored empty), or %NULL to keep what is stored
 * @error: return location for a #GError
 *
 * Records when @id was last seen. Not audited: sign-ins are in the log
 * already as what they caused, and this is one small UPDATE per sign-in
 * or sign-out, never per message.
 *
 * Returns: %TRUE once stored
 */
gboolean
kv_store_note_kiosk_seen (KvStore     *self,
                          const char  *id,
                          gint64       now_us,
                          const char  *software,
                          GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return kv_kiosk_table_note_seen (self->database, id, now_us, software, error);
}

KvKioskSeen *
kv_kiosk_seen_new (const char *kiosk_id,
                   gint64      time_us,
                   const char *software)
{
  KvKioskSeen *seen = g_new0 (KvKioskSeen, 1);

  seen->kiosk_id = g_strdup (kiosk_id);
  seen->time_us = time_us;
  seen->software = g_strdup (software);
  return seen;
}

void
kv_kiosk_seen_free (KvKioskSeen *seen)
{
  if (seen == NULL)
    return;
  g_free (seen->kiosk_id);
  g_free (seen->software);
  g_free (seen);
}

/**
 * kv_store_note_kiosks_seen:
 * @self: a #KvStore
 * @sightings: (element-type KvKioskSeen): kiosks that signed in or out
 * @error: return location for a #GError
 *
 * kv_store_note_kiosk_seen() for many kiosks, in one transaction: a
 * reconnect storm costs one fsync, not one a kiosk.
 *
 * Returns: %TRUE once all are stored
 */
gboolean
kv_store_note_kiosks_seen (KvStore    *self,
                           GPtrArray  *sightings,
                           GError    **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  if (!kv_database_begin (self->database, error))
    return FALSE;
  for (guint i = 0; i < sightings->len; i++)
    {
      const KvKioskSeen *seen = g_ptr_array_index (sightings, i);

      if (!kv_kiosk_table_note_seen (self->database, seen->kiosk_id, seen->time_us,
                                     seen->software, error))
        {
          kv_database_rollback (self->database);
          return FALSE;
        }
    }
  if (!kv_database_commit (self->database, error))
    {
      kv_database_rollback (self->database);
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_store_set_kiosk_site:
 * @self: a #KvStore
 * @id: a kiosk
 * @site_id: (nullable): its site, %NULL for none (UTC)
 *
 * Returns: %TRUE once the kiosk is at @site_id, audited
 */
gboolean
kv_store_set_kiosk_site (KvStore     *self,
                         const char  *id,
                         const char  *site_id,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_kiosk_table_set_site (self->database, self->audit, id, site_id, now_us, actor, error);
}

KvKioskRecord *
kv_store_lookup_kiosk (KvStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_kiosk_table_lookup (self->database, id, error);
}

/**
 * kv_store_lookup_kiosk_by_token:
 * @self: a #KvStore
 * @token: a device token from a kiosk
 * @error: return location for a #GError
 *
 * Finds the kiosk a token belongs to, revoked or not. The lookup is by the
 * token's hash, so it takes the same time whatever the token.
 *
 * Returns: (transfer full): the kiosk, or %NULL with %KV_STORE_ERROR_NOT_FOUND
 */
KvKioskRecord *
kv_store_lookup_kiosk_by_token (KvStore     *self,
                                const char  *token,
                                GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_kiosk_table_lookup_by_token (self->database, token, error);
}

/**
 * kv_store_list_kiosks:
 *
 * Returns: (transfer container) (element-type KvKioskRecord): every kiosk,
 *   by id
 */
GPtrArray *
kv_store_list_kiosks (KvStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_kiosk_table_list (self->database, error);
}

void
kv_kiosk_roster_free (KvKioskRoster *roster)
{
  if (roster == NULL)
    return;
  g_free (roster->time_zone);
  g_clear_pointer (&roster->staff, g_ptr_array_unref);
  g_free (roster);
}

/**
 * kv_store_get_kiosk_roster:
 * @self: a #KvStore
 * @kiosk_id: a kiosk
 * @error: return location for a #GError
 *
 * Reads who may open @kiosk_id's staff panel with a personal PIN and its
 * site's time zone (see kv-roster-table.c). Read only: staff accounts and
 * sites are written by their own parts.
 *
 * Returns: (transfer full): the roster, or %NULL with
 *   %KV_STORE_ERROR_NOT_FOUND or %KV_STORE_ERROR_FAILED
 */
KvKioskRoster *
kv_store_get_kiosk_roster (KvStore     *self,
                           const char  *kiosk_id,
                           GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);

  return kv_roster_table_lookup (self->database, kiosk_id, error);
}

gboolean
kv_store_revoke_kiosk (KvStore     *self,
                       const char  *id,
                       gint64       now_us,
                       const char  *actor,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_kiosk_table_revoke (self->database, self->audit, id, now_us, actor, error);
}

/* Bookings and sessions */

/**
 * kv_store_add_booking:
 * @self: a #KvStore
 * @booking: a booking the scheduling rules accepted
 * @now_us: the time
 * @actor: who made it, for the audit log ("admin", "staff:ana")
 * @error: return location for a #GError
 *
 * Stores a new booking, with its audit entry, in one transaction. The rules
 * are the scheduler's job; the store refuses only unknown kiosks and ids
 * that exist.
 *
 * Returns: %TRUE once the booking is committed
 */
gboolean
kv_store_add_booking (KvStore          *self,
                      const KvBooking  *booking,
                      gint64            now_us,
                      const char       *actor,
                      GError          **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (booking != NULL, FALSE);

  return kv_booking_table_add (self->database, self->audit, booking, NULL, now_us, actor, error);
}

/**
 * kv_store_add_booking_from:
 * @template_id: (nullable): the slot template it takes a slot of
 *
 * kv_store_add_booking(), remembering the template.
 *
 * Returns: %TRUE once the booking is committed
 */
gboolean
kv_store_add_booking_from (KvStore          *self,
                           const KvBooking  *booking,
                           const char       *template_id,
                           gint64            now_us,
                           const char       *actor,
                           GError          **error)
{
  KvBookingOrigin origin = { .template_id = template_id };

  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (booking != NULL, FALSE);

  return kv_booking_table_add (self->database, self->audit, booking, &origin, now_us, actor,
                               error);
}

/**
 * kv_store_add_booking_with:
 * @origin: (nullable): its template, its family and why it was booked
 *   against the age rules
 *
 * kv_store_add_booking() with where it comes from: an override is stored
 * with the booking and audited (`booking-rules-override`) in the same
 * transaction.
 *
 * Returns: %TRUE once the booking is committed
 */
gboolean
kv_store_add_booking_with (KvStore                *self,
                           const KvBooking        *booking,
                           const KvBookingOrigin  *origin,
                           gint64                  now_us,
                           const char             *actor,
                           GError                **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (booking != NULL, FALSE);

  return kv_booking_table_add (self->database, self->audit, booking, origin, now_us, actor,
                               error);
}

gboolean
kv_store_cancel_booking (KvStore     *self,
                         const char  *booking_id,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_booking_table_cancel (self->database, self->audit, booking_id, NULL, NULL, now_us,
                                  actor, error);
}

/**
 * kv_store_cancel_booking_why:
 * @category: (nullable): why, as a category, audited
 * @reason: (nullable): why, in staff's words: kept with the booking, not
 *   in the audit log
 *
 * kv_store_cancel_booking() with why.
 *
 * Returns: %TRUE once the cancellation is committed
 */
gboolean
kv_store_cancel_booking_why (KvStore     *self,
                             const char  *booking_id,
                             const char  *category,
                             const char  *reason,
                             gint64       now_us,
                             const char  *actor,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_booking_table_cancel (self->database, self->audit, booking_id, category, reason,
                                  now_us, actor, error);
}

/**
 * kv_store_move_booking:
 * @self: a #KvStore
 * @booking_id: a booking the scheduler has moved
 * @start_us: its new start
 * @end_us: its new end
 * @reason: (nullable): why
 *
 * Stores the new times, the move (from, to, who, why) and its
 * `booking-moved` audit row in one transaction.
 *
 * Returns: %TRUE once the move is committed
 */
gboolean
kv_store_move_booking (KvStore     *self,
                       const char  *booking_id,
                       gint64       start_us,
                       gint64       end_us,
                       const char  *reason,
                       gint64       now_us,
                       const char  *actor,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_booking_table_move (self->database, self->audit, booking_id, start_us, end_us, reason,
                                NULL, now_us, actor, error);
}

/**
 * kv_store_move_booking_with:
 * @origin: (nullable): the age rules' override at the new times, if any
 *   (only its family, band, rule and reason count)
 *
 * kv_store_move_booking(), judging the age rules again: the booking keeps
 * @origin's override (audited in the same transaction), or none.
 *
 * Returns: %TRUE once the move is committed
 */
gboolean
kv_store_move_booking_with (KvStore                *self,
                            const char             *booking_id,
                            gint64                  start_us,
                            gint64                  end_us,
                            const char             *reason,
                            const KvBookingOrigin  *origin,
                            gint64                  now_us,
                            const char             *actor,
                            GError                **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_booking_table_move (self->database, self->audit, booking_id, start_us, end_us, reason,
                                origin, now_us, actor, error);
}

/**
 * kv_store_list_booking_moves:
 *
 * Returns: (transfer container) (element-type KvBookingMove): the moves of
 *   @booking_id, oldest first
 */
GPtrArray *
kv_store_list_booking_moves (KvStore     *self,
                             const char  *booking_id,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_booking_table_list_moves (self->database, booking_id, error);
}

/* Sites */

/**
 * kv_store_add_site:
 * @time_zone: an IANA zone the caller has checked
 *
 * Returns: %TRUE once the site is added, audited
 */
gboolean
kv_store_add_site (KvStore     *self,
                   const char  *id,
                   const char  *name,
                   const char  *time_zone,
                   gint64       now_us,
                   const char  *actor,
                   GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_add (self->database, self->audit, id, name, time_zone, now_us, actor,
                            error);
}

/* Changes the site's name and/or zone (%NULL: keep). */
gboolean
kv_store_update_site (KvStore     *self,
                      const char  *id,
                      const char  *name,
                      const char  *time_zone,
                      gint64       now_us,
                      const char  *actor,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_update (self->database, self->audit, id, name, time_zone, now_us, actor,
                               error);
}

/**
 * kv_store_lookup_site:
 *
 * Returns: (transfer full): the site with its hours and closed days, or
 *   %NULL (%KV_STORE_ERROR_NOT_FOUND)
 */
KvSiteRecord *
kv_store_lookup_site (KvStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_site_table_lookup (self->database, id, error);
}

/**
 * kv_store_list_sites:
 *
 * Returns: (transfer container) (element-type KvSiteRecord): every site
 */
GPtrArray *
kv_store_list_sites (KvStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_site_table_list (self->database, error);
}

/**
 * kv_store_set_site_hours:
 * @hours: (element-type KvSiteHours): the whole week; empty for open all day
 *
 * Returns: %TRUE once the week is replaced, audited
 */
gboolean
kv_store_set_site_hours (KvStore     *self,
                         const char  *id,
                         GArray      *hours,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_set_hours (self->database, self->audit, id, hours, now_us, actor, error);
}

gboolean
kv_store_add_closed_day (KvStore     *self,
                         const char  *id,
                         const char  *day,
                         const char  *reason,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_add_closed_day (self->database, self->audit, id, day, reason, now_us,
                                       actor, error);
}

gboolean
kv_store_remove_closed_day (KvStore     *self,
                            const char  *id,
                            const char  *day,
                            gint64       now_us,
                            const char  *actor,
                            GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_remove_closed_day (self->database, self->audit, id, day, now_us, actor,
                                          error);
}

/**
 * kv_store_set_site_age_rules:
 * @rules: rules the caller has validated
 * @bands_mask: the bands of @rules to set (bit kv_age_rules_band_index());
 *   the others keep theirs
 *
 * Returns: %TRUE once set, audited
 */
gboolean
kv_store_set_site_age_rules (KvStore           *self,
                             const char        *id,
                             const KvAgeRules  *rules,
                             guint              bands_mask,
                             gint64             now_us,
                             const char        *actor,
                             GError           **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_rules_table_set_age_rules (self->database, self->audit, id, rules, bands_mask,
                                            now_us, actor, error);
}

/**
 * kv_store_set_site_school_hours:
 * @hours: (element-type KvSiteHours): the whole week; empty for none
 *
 * Returns: %TRUE once the week is replaced, audited
 */
gboolean
kv_store_set_site_school_hours (KvStore     *self,
                                const char  *id,
                                GArray      *hours,
                                gint64       now_us,
                                const char  *actor,
                                GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_rules_table_set_school_hours (self->database, self->audit, id, hours, now_us,
                                               actor, error);
}

/* Slot templates */

/**
 * kv_store_add_template:
 * @template: a template the caller has validated
 *
 * Returns: %TRUE once it is added, audited
 */
gboolean
kv_store_add_template (KvStore              *self,
                       const KvSlotTemplate *template,
                       gint64                now_us,
                       const char           *actor,
                       GError              **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_template_table_add (self->database, self->audit, template, now_us, actor, error);
}

/**
 * kv_store_update_template:
 * @active: 0 or 1, or -1 to keep it
 * @valid_to: (nullable): the last day, "" for no end, %NULL to keep it
 * @first_week_share: 0 to 100 percent, or -1 to keep it
 *
 * Returns: %TRUE once it is changed, audited
 */
gboolean
kv_store_update_template (KvStore     *self,
                          const char  *id,
                          int          active,
                          const char  *valid_to,
                          int          first_week_share,
                          gint64       now_us,
                          const char  *actor,
                          GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_template_table_update (self->database, self->audit, id, active, valid_to,
                                   first_week_share, now_us, actor, error);
}

KvSlotTemplate *
kv_store_lookup_template (KvStore     *self,
                          const char  *id,
                          GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_template_table_lookup (self->database, id, error);
}

/**
 * kv_store_list_templates:
 * @prison_kiosk: (nullable): only this prison kiosk's
 * @community_kiosk: (nullable): only this community kiosk's
 *
 * Returns: (transfer container) (element-type KvSlotTemplate): templates
 */
GPtrArray *
kv_store_list_templates (KvStore     *self,
                         const char  *prison_kiosk,
                         const char  *community_kiosk,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_template_table_list (self->database, prison_kiosk, community_kiosk, error);
}

KvBookingRecord *
kv_store_lookup_booking (KvStore     *self,
                         const char  *booking_id,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_booking_table_lookup (self->database, booking_id, error);
}

/**
 * kv_store_list_bookings:
 * @self: a #KvStore
 * @kiosk_id: (nullable): only the bookings of this kiosk
 * @from_us: only bookings ending after this
 * @to_us: only bookings starting before this
 * @include_cancelled: whether to list cancelled bookings too
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type KvBookingRecord): the
 *   bookings, by start time
 */
GPtrArray *
kv_store_list_bookings (KvStore     *self,
                        const char  *kiosk_id,
                        gint64       from_us,
                        gint64       to_us,
                        gboolean     include_cancelled,
                        GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_booking_table_list (self->database, kiosk_id, from_us, to_us, include_cancelled,
                                error);
}

/**
 * kv_store_save_session_audited:
 * @self: a #KvStore
 * @booking_id: the session's booking
 * @snapshot: the session's state now
 * @now_us: the time
 * @actor: who caused the change, for the audit log and the pause rows
 * @audit: (nullable) (element-type KvAuditEntry): the audit entries of the
 *   change, in order; an entry's own actor and time win over @actor and
 *   @now_us when set
 * @error: return location for a #GError
 *
 * Stores a session's state, brings its pause and mute rows in line with it
 * (a row opens when a side pauses or mutes, and closes, by @actor, when it
 * resumes or unmutes, or the goodbye or the end lifts it) and appends its
 * audit entries, in one transaction, so a restart finds every session as
 * it was and the audit log never says more or less than the database.
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_store_save_session_audited (KvStore                 *self,
                               const char              *booking_id,
                               const KvSessionSnapshot *snapshot,
                               gint64                   now_us,
                               const char              *actor,
                               GPtrArray               *audit,
                               GError                 **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  return kv_booking_table_save_session (self->database, self->audit, booking_id, snapshot,
                                        now_us, actor, audit, error);
}

/**
 * kv_store_save_session:
 * @self: a #KvStore
 * @booking_id: the session's booking
 * @snapshot: the session's state now
 * @now_us: the time
 * @actor: who caused the change, for the audit log
 * @action: (nullable): audit action; %NULL to store without an audit entry
 * @details: (nullable): audit details
 * @error: return location for a #GError
 *
 * kv_store_save_session_audited() with at most one audit entry.
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_store_save_session (KvStore                 *self,
                       const char              *booking_id,
                       const KvSessionSnapshot *snapshot,
                       gint64                   now_us,
                       const char              *actor,
                       const char              *action,
                       const char              *details,
                       GError                 **error)
{
  g_autoptr(GPtrArray) audit = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);

  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  if (action != NULL)
    g_ptr_array_add (audit, kv_audit_entry_new (now_us, actor, action, booking_id,
                                                details != NULL ? details : ""));
  return kv_store_save_session_audited (self, booking_id, snapshot, now_us, actor, audit, error);
}

/**
 * kv_store_read_report:
 * @self: a #KvStore
 * @site_id: a site
 * @month: the month, `YYYY-MM`
 * @start_us: its first instant in the site's zone
 * @end_us: the next month's first instant there
 * @error: return location for a #GError
 *
 * Reads the site's figures for the month, with the purged visits'
 * counts, in one read transaction (see kv-report-table.c).
 *
 * Returns: (transfer full): the report
 */
KvReport *
kv_store_read_report (KvStore     *self,
                      const char  *site_id,
                      const char  *month,
                      gint64       start_us,
                      gint64       end_us,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_report_table_read (self->database, site_id, month, start_us, end_us, error);
}

/**
 * kv_store_list_pauses:
 * @self: a #KvStore
 * @booking_id: a booking
 * @mutes: %TRUE for the mutes, %FALSE for the pauses
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type KvPauseRecord): the pauses
 *   (or mutes) of the booking's visit, in the order they began
 */
GPtrArray *
kv_store_list_pauses (KvStore     *self,
                      const char  *booking_id,
                      gboolean     mutes,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_pause_table_list (self->database, booking_id, mutes, error);
}

/* The audit log */

/**
 * kv_store_append_audit:
 *
 * Appends one entry to the audit log, in its own transaction.
 */
gboolean
kv_store_append_audit (KvStore     *self,
                       gint64       time_us,
                       const char  *actor,
                       const char  *action,
                       const char  *booking_id,
                       const char  *details,
                       GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);

  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  g_ptr_array_add (entries, kv_audit_entry_new (time_us, actor, action, booking_id, details));
  return kv_audit_table_append (self->audit, entries, error);
}

/**
 * kv_store_append_audit_batch:
 * @self: a #KvStore
 * @entries: (element-type KvAuditEntry): the entries, in order; their
 *   @seq and @hash are ignored (the store gives them theirs)
 * @error: return location for a #GError
 *
 * Appends several entries in one transaction (one fsync): all of them, in
 * order and chained one to the next, or none. For entries written often,
 * such as counts of refused requests flushed once a minute.
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_store_append_audit_batch (KvStore    *self,
                             GPtrArray  *entries,
                             GError    **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  return kv_audit_table_append (self->audit, entries, error);
}

/**
 * kv_store_list_audit:
 * @since_us: only entries at or after this time
 *
 * Reads the whole log into memory on the calling thread: for tests and
 * small logs. The admin API pages through it with a #KvStoreReader in a
 * worker thread instead.
 *
 * Returns: (transfer container) (element-type KvAuditEntry): the entries in
 *   the order they were written
 */
GPtrArray *
kv_store_list_audit (KvStore  *self,
                     gint64    since_us,
                     GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_audit_table_list (self->audit, since_us, error);
}

gint64
kv_store_count_audit (KvStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), -1);

  return kv_audit_table_count (self->audit, error);
}

/**
 * kv_store_get_audit_head:
 * @self: a #KvStore
 * @out_hash: (out) (optional) (transfer none): the head's hash
 *
 * Returns: the seq of the last audit row (of the purge anchor if the log
 *   is empty; 0 for a new log)
 */
gint64
kv_store_get_audit_head (KvStore     *self,
                         const char **out_hash)
{
  g_return_val_if_fail (KV_IS_STORE (self), 0);

  return kv_audit_table_get_head (self->audit, out_hash);
}

/* Retention */

/**
 * kv_store_purge_bookings_batch:
 *
 * Removes up to @max_rows finished bookings in one transaction, after
 * counting them in the anonymous monthly counts: see
 * kv_purge_batch_bookings().
 *
 * Returns: %TRUE if the batch was committed
 */
gboolean
kv_store_purge_bookings_batch (KvStore        *self,
                               gint64          before_us,
                               gint64          now_us,
                               guint           max_rows,
                               KvPurgeCounts  *inout_counts,
                               gboolean       *out_done,
                               GError        **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_purge_batch_bookings (self->database, before_us, now_us, max_rows, inout_counts,
                                  out_done, error);
}

/**
 * kv_store_purge_audit_batch:
 *
 * Removes up to @max_rows of the oldest audit rows in one transaction,
 * moving the purge anchor: see kv_purge_batch_audit().
 *
 * Returns: %TRUE if the batch was committed
 */
gboolean
kv_store_purge_audit_batch (KvStore        *self,
                            gint64          before_us,
                            guint           max_rows,
                            KvPurgeCounts  *inout_counts,
                            gboolean       *out_done,
                            GError        **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_purge_batch_audit (self->database, before_us, max_rows, inout_counts, out_done,
                               error);
}

/* Backups */

/**
 * kv_store_backup:
 * @self: a #KvStore
 * @destination: the backup file to write (replaced once the copy is complete)
 * @error: return location for a #GError
 *
 * Copies the open database: a consistent copy while the server keeps
 * running. The copy is mode 0600.
 *
 * Returns: %TRUE if the backup is complete
 */
gboolean
kv_store_backup (KvStore     *self,
                 const char  *destination,
                 GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return kv_database_backup (self->database, destination, error);
}

/**
 * kv_store_backup_database:
 * @database: the database file
 * @destination: the backup file to write (replaced once the copy is complete)
 * @error: return location for a #GError
 *
 * Copies a database that a server may be serving: it is opened read-only,
 * without the server's lock and without migrating it, so this works while
 * the server runs, and copies the database as it is. The copy is mode 0600.
 *
 * Returns: %TRUE if the backup is complete
 */
gboolean
kv_store_backup_database (const char  *database,
                          const char  *destination,
                          GError     **error)
{
  g_return_val_if_fail (database != NULL, FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return kv_database_backup_file (database, destination, error);
}
