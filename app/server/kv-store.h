/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-protocol.h"
#include "kv-session.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_STORE_ERROR (kv_store_error_quark ())
GQuark kv_store_error_quark (void);

/**
 * KvStoreError:
 * @KV_STORE_ERROR_FAILED: the database failed (disk, corruption, locking)
 * @KV_STORE_ERROR_TOO_NEW: the database was written by a newer Kinvisit
 * @KV_STORE_ERROR_NOT_FOUND: no such kiosk or booking
 * @KV_STORE_ERROR_EXISTS: a kiosk or booking with that id exists already
 * @KV_STORE_ERROR_INVALID: the request makes no sense for the record
 *   (revoking a revoked kiosk, cancelling a cancelled booking)
 * @KV_STORE_ERROR_LOCKED: another kinvisit-server serves this database
 *
 * Errors of the server's database.
 */
typedef enum {
  KV_STORE_ERROR_FAILED,
  KV_STORE_ERROR_TOO_NEW,
  KV_STORE_ERROR_NOT_FOUND,
  KV_STORE_ERROR_EXISTS,
  KV_STORE_ERROR_INVALID,
  KV_STORE_ERROR_LOCKED,
} KvStoreError;

/* The schema version this build writes (PRAGMA user_version). */
#define KV_STORE_SCHEMA_VERSION 4

/**
 * KvKioskRecord:
 * @id: the kiosk's id
 * @role: which side it is on
 * @label: staff's label for the kiosk ("Visit room 2"), may be empty
 * @created_us: when it was added
 * @revoked_us: when it was revoked, 0 if it is not
 *
 * A kiosk as the server knows it. The device token is never kept: only its
 * SHA-256 hash, inside the store.
 */
typedef struct
{
  char   *id;
  KvRole  role;
  char   *label;
  gint64  created_us;
  gint64  revoked_us;
} KvKioskRecord;

KvKioskRecord *kv_kiosk_record_copy (const KvKioskRecord *record);
void           kv_kiosk_record_free (KvKioskRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvKioskRecord, kv_kiosk_record_free)

/**
 * KvBookingRecord:
 * @booking: the booking
 * @cancelled_us: when it was cancelled, 0 if it is not
 * @has_session: whether @session holds a stored session
 * @session: the stored session state
 *
 * A booking with what the store knows about its session.
 */
typedef struct
{
  KvBooking         *booking;
  gint64             cancelled_us;
  gboolean           has_session;
  KvSessionSnapshot  session;
} KvBookingRecord;

void kv_booking_record_free (KvBookingRecord *record);

/**
 * KvKioskRoster:
 * @time_zone: (nullable): the IANA time zone of the kiosk's site
 * @staff: (element-type KvRosterEntry): who may open the kiosk's staff
 *   panel with a personal PIN, by id
 *
 * What a kiosk's `staff_roster` says, as the store reads it.
 */
typedef struct
{
  char      *time_zone;
  GPtrArray *staff;
} KvKioskRoster;

void kv_kiosk_roster_free (KvKioskRoster *roster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvKioskRoster, kv_kiosk_roster_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvBookingRecord, kv_booking_record_free)

/**
 * KvPauseRecord:
 * @side: the side whose staff paused (or muted)
 * @category: why, for a pause; %KV_PAUSE_CATEGORY_NONE for a mute
 * @started_us: when it began
 * @ended_us: when it ended, 0 while it goes on
 * @started_by: who began it: `kiosk:<id>`
 * @ended_by: (nullable): who ended it: `kiosk:<id>`, or `scheduler` when
 *   the goodbye or the end lifted it
 *
 * One pause or one mute of a visit, as stored.
 */
typedef struct
{
  KvSideFlags      side;
  KvPauseCategory  category;
  gint64           started_us;
  gint64           ended_us;
  char            *started_by;
  char            *ended_by;
} KvPauseRecord;

void kv_pause_record_free (KvPauseRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvPauseRecord, kv_pause_record_free)

/**
 * KvAuditEntry:
 * @seq: position in the log: 1, 2, 3, ... with no gaps
 * @time_us: when it happened
 * @actor: who did it: "admin", "scheduler", "kiosk:<id>", "address:<ip>"
 * @action: what happened, a short stable word ("booking-created")
 * @booking_id: (nullable): the booking concerned
 * @details: more facts, never labels, tokens or SDP
 * @hash: (nullable): the row's link in the hash chain (see kv-audit-chain.h),
 *   64 hex digits; %NULL in an entry that is not written yet
 */
typedef struct
{
  gint64  seq;
  gint64  time_us;
  char   *actor;
  char   *action;
  char   *booking_id;
  char   *details;
  char   *hash;
} KvAuditEntry;

KvAuditEntry *kv_audit_entry_new  (gint64        time_us,
                                   const char   *actor,
                                   const char   *action,
                                   const char   *booking_id,
                                   const char   *details);
void          kv_audit_entry_free (KvAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvAuditEntry, kv_audit_entry_free)

/**
 * KvPurgeCounts:
 * @bookings: finished bookings removed (each one counted in the monthly
 *   visit counts first)
 * @sessions: their stored sessions (times, lost and make-up figures)
 * @end_reasons: of those sessions, the ones with a staff end reason
 * @audit_rows: audit rows removed from the oldest end of the log
 *
 * What a retention purge removed, or would remove.
 */
typedef struct
{
  gint64 bookings;
  gint64 sessions;
  gint64 end_reasons;
  gint64 audit_rows;
} KvPurgeCounts;

#define KV_TYPE_STORE (kv_store_get_type ())
G_DECLARE_FINAL_TYPE (KvStore, kv_store, KV, STORE, GObject)

KvStore        *kv_store_open                 (const char         *path,
                                               GError            **error);
const char     *kv_store_get_path             (KvStore            *self);

/* Kiosks */
gboolean        kv_store_add_kiosk            (KvStore            *self,
                                               const char         *id,
                                               KvRole              role,
                                               const char         *label,
                                               gint64              now_us,
                                               const char         *actor,
                                               char              **out_token,
                                               GError            **error);
KvKioskRecord  *kv_store_lookup_kiosk         (KvStore            *self,
                                               const char         *id,
                                               GError            **error);
KvKioskRecord  *kv_store_lookup_kiosk_by_token (KvStore           *self,
                                                const char        *token,
                                                GError           **error);
GPtrArray      *kv_store_list_kiosks          (KvStore            *self,
                                               GError            **error);
KvKioskRoster  *kv_store_get_kiosk_roster     (KvStore         *self,
                                               const char      *kiosk_id,
                                               GError         **error);
gboolean        kv_store_revoke_kiosk         (KvStore            *self,
                                               const char         *id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);

/* Bookings and sessions */
gboolean        kv_store_add_booking          (KvStore            *self,
                                               const KvBooking    *booking,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_cancel_booking       (KvStore            *self,
                                               const char         *booking_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
KvBookingRecord *kv_store_lookup_booking      (KvStore            *self,
                                               const char         *booking_id,
                                               GError            **error);
GPtrArray      *kv_store_list_bookings        (KvStore            *self,
                                               const char         *kiosk_id,
                                               gint64              from_us,
                                               gint64              to_us,
                                               gboolean            include_cancelled,
                                               GError            **error);
gboolean        kv_store_save_session_audited (KvStore            *self,
                                               const char         *booking_id,
                                               const KvSessionSnapshot *snapshot,
                                               gint64              now_us,
                                               const char         *actor,
                                               GPtrArray          *audit,
                                               GError            **error);
GPtrArray      *kv_store_list_pauses          (KvStore            *self,
                                               const char         *booking_id,
                                               gboolean            mutes,
                                               GError            **error);
gboolean        kv_store_save_session         (KvStore            *self,
                                               const char         *booking_id,
                                               const KvSessionSnapshot *snapshot,
                                               gint64              now_us,
                                               const char         *actor,
                                               const char         *action,
                                               const char         *details,
                                               GError            **error);

/* Audit log: append-only and hash-chained (the database refuses UPDATE,
 * and DELETE except of the oldest rows that retention purges). */
gboolean        kv_store_append_audit         (KvStore            *self,
                                               gint64              time_us,
                                               const char         *actor,
                                               const char         *action,
                                               const char         *booking_id,
                                               const char         *details,
                                               GError            **error);
gboolean        kv_store_append_audit_batch   (KvStore            *self,
                                               GPtrArray          *entries,
                                               GError            **error);
GPtrArray      *kv_store_list_audit           (KvStore            *self,
                                               gint64              since_us,
                                               GError            **error);
gint64          kv_store_count_audit          (KvStore            *self,
                                               GError            **error);
gint64          kv_store_get_audit_head       (KvStore            *self,
                                               const char        **out_hash);

/* Retention (kv-store-retention.c): each batch is one transaction. */
gboolean        kv_store_purge_bookings_batch (KvStore            *self,
                                               gint64              before_us,
                                               gint64              now_us,
                                               guint               max_rows,
                                               KvPurgeCounts      *inout_counts,
                                               gboolean           *out_done,
                                               GError            **error);
gboolean        kv_store_purge_audit_batch    (KvStore            *self,
                                               gint64              before_us,
                                               guint               max_rows,
                                               KvPurgeCounts      *inout_counts,
                                               gboolean           *out_done,
                                               GError            **error);

/* Backups */
gboolean        kv_store_backup               (KvStore            *self,
                                               const char         *destination,
                                               GError            **error);
gboolean        kv_store_backup_database      (const char         *database,
                                               const char         *destination,
                                               GError            **error);

char           *kv_store_hash_token           (const char         *token);

G_END_DECLS
