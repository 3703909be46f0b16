/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-admin-caller.h"
#include "kv-age-rules.h"
#include "kv-booking.h"
#include "kv-protocol.h"
#include "kv-school-hours.h"
#include "kv-session.h"
#include "kv-slot-calendar.h"
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
 * @KV_STORE_ERROR_OVERLAP: the record would say the same as another one
 *   (a family that is already there under another id)
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
  KV_STORE_ERROR_OVERLAP,
} KvStoreError;

/* The schema version this build writes (PRAGMA user_version). */
#define KV_STORE_SCHEMA_VERSION 6

/**
 * KvKioskRecord:
 * @id: the kiosk's id
 * @role: which side it is on
 * @label: staff's label for the kiosk ("Visit room 2"), may be empty
 * @created_us: when it was added
 * @revoked_us: when it was revoked, 0 if it is not
 * @site_id: (nullable): the site it stands at; %NULL for a kiosk on no
 *   site, whose times are UTC
 * @last_seen_us: when it last signed in or out, 0 if it never signed in
 * @software: the software it named in its last `hello` ("kinvisit-kiosk
 *   0.1.0"), empty if it named none or nothing fit to show
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
  char   *site_id;
  gint64  last_seen_us;
  char   *software;
} KvKioskRecord;

KvKioskRecord *kv_kiosk_record_copy (const KvKioskRecord *record);
void           kv_kiosk_record_free (KvKioskRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvKioskRecord, kv_kiosk_record_free)

/**
 * KvSiteHours:
 * @weekday: 1 (Monday) to 7 (Sunday)
 * @opens: minutes after local midnight
 * @closes: minutes after local midnight, up to 1440
 *
 * One opening of a site on a day of the week.
 */
typedef struct
{
  guint weekday;
  guint opens;
  guint closes;
} KvSiteHours;

/**
 * KvClosedDay:
 * @day: "YYYY-MM-DD", local
 * @reason: why ("Christmas"), may be empty
 *
 * A day a site holds no visits.
 */
typedef struct
{
  char *day;
  char *reason;
} KvClosedDay;

/**
 * KvSiteRecord:
 * @id: the site's id
 * @name: its name for people ("Zagreb centre")
 * @time_zone: its IANA zone ("Europe/Zagreb")
 * @created_us: when it was added
 * @hours: (element-type KvSiteHours): its opening hours, by weekday and
 *   opening; none means open all day
 * @closed_days: (element-type KvClosedDay): its closed days, by day
 * @age_rules: its rules per age band, the defaults where it set none
 * @age_rules_set: per band (kv_age_rules_band_index()), whether the site
 *   set that band's rules itself
 * @school_hours: (element-type KvSiteHours): when its children are at
 *   school, by weekday and start; none for no school hours
 *
 * A prison or community site, where kiosks stand.
 */
typedef struct
{
  char      *id;
  char      *name;
  char      *time_zone;
  gint64     created_us;
  GArray    *hours;
  GPtrArray *closed_days;
  KvAgeRules age_rules;
  gboolean   age_rules_set[KV_AGE_BAND_COUNT];
  GArray    *school_hours;
} KvSiteRecord;

/**
 * KvReport:
 * @site_id: the site
 * @month: the month, `YYYY-MM`, in the site's zone
 * @booked: visits that start in the month and were not cancelled
 * @held: of those, visits that went live and ran to their end or were
 *   ended by staff
 * @cancelled: visits of the month that were cancelled
 * @no_show_prison: no-shows where only the prison side was absent
 * @no_show_community: no-shows where only the community side was absent
 * @no_show_both: no-shows where both were
 * @no_show_unknown: no-shows of purged visits, whose absent sides are gone
 * @ended_early: (element-type utf8 gint64): visits staff ended before their
 *   end, by end category (`none` for a stop without one); each value is
 *   a `gint64 *` count
 * @lost_seconds: time lost to faults
 * @makeup_seconds: time given back
 * @booked_minutes: minutes booked (not cancelled)
 * @purged_visits: how many of the figures come from `visit_counts`
 *   (visits retention removed); when not 0 @ended_early is partial
 *
 * One site's figures for one month.
 */
typedef struct
{
  char       *site_id;
  char       *month;
  gint64      booked;
  gint64      held;
  gint64      cancelled;
  gint64      no_show_prison;
  gint64      no_show_community;
  gint64      no_show_both;
  gint64      no_show_unknown;
  GHashTable *ended_early;
  gint64      lost_seconds;
  gint64      makeup_seconds;
  gint64      booked_minutes;
  gint64      purged_visits;
} KvReport;

void            kv_report_free             (KvReport           *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvReport, kv_report_free)

void            kv_site_record_free        (KvSiteRecord       *record);
KvSiteCalendar *kv_site_record_to_calendar (const KvSiteRecord *record);
KvSchoolHours  *kv_site_record_to_school_hours (const KvSiteRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSiteRecord, kv_site_record_free)

/**
 * KvStaffRecord:
 * @id: the account's id, which is also its sign-in name
 * @display_name: the person's name as staff see it ("Ana Horvat")
 * @roles: what the account may do
 * @sites: (array zero-terminated=1): the sites it works at, by id; empty for
 *   none
 * @has_pin: whether a kiosk PIN is set
 * @created_us: when it was added
 * @disabled_us: when it was disabled, 0 if it is not
 * @credentials_us: when its password or PIN last changed
 *
 * A staff account as the admin API shows it. The password and PIN hashes
 * stay inside the store.
 */
typedef struct
{
  char         *id;
  char         *display_name;
  KvStaffRoles  roles;
  GStrv         sites;
  gboolean      has_pin;
  gint64        created_us;
  gint64        disabled_us;
  gint64        credentials_us;
} KvStaffRecord;

void kv_staff_record_free (KvStaffRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvStaffRecord, kv_staff_record_free)

/**
 * KvStaffSessionRecord:
 * @staff_id: whose session it is
 * @csrf_token: the token state-changing requests must carry
 * @created_us: when its account signed in
 * @last_used_us: when it was last used (to the minute)
 *
 * One console session. The store keeps only the SHA-256 of its id (the
 * cookie's value).
 */
typedef struct
{
  char   *staff_id;
  char   *csrf_token;
  gint64  created_us;
  gint64  last_used_us;
} KvStaffSessionRecord;

void kv_staff_session_record_free (KvStaffSessionRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvStaffSessionRecord, kv_staff_session_record_free)

/**
 * KvKioskSeen:
 * @kiosk_id: a kiosk that signed in or out
 * @time_us: when
 * @software: (nullable): what its `hello` named; %NULL keeps what is stored
 *
 * One sighting of a kiosk, for kv_store_note_kiosks_seen().
 */
typedef struct
{
  char   *kiosk_id;
  gint64  time_us;
  char   *software;
} KvKioskSeen;

KvKioskSeen *kv_kiosk_seen_new  (const char  *kiosk_id,
                                 gint64       time_us,
                                 const char  *software);
void         kv_kiosk_seen_free (KvKioskSeen *seen);

/**
 * KvBookingRecord:
 * @booking: the booking
 * @cancelled_us: when it was cancelled, 0 if it is not
 * @has_session: whether @session holds a stored session
 * @session: the stored session state
 * @template_id: (nullable): the slot template it was booked from
 * @created_by: who made it
 * @cancelled_by: (nullable): who cancelled it
 * @cancel_category: (nullable): why, as a category ("illness")
 * @cancel_reason: (nullable): why, in staff's words
 * @family_id: (nullable): the family whose visit it is
 * @rules_override: why staff booked it against the age rules; empty when
 *   it keeps to them
 *
 * A booking with what the store knows about its session.
 */
typedef struct
{
  KvBooking         *booking;
  gint64             cancelled_us;
  gboolean           has_session;
  KvSessionSnapshot  session;
  char              *template_id;
  char              *created_by;
  char              *cancelled_by;
  char              *cancel_category;
  char              *cancel_reason;
  char              *family_id;
  char              *rules_override;
} KvBookingRecord;

/**
 * KvBookingOrigin:
 * @template_id: (nullable): the slot template whose slot it takes
 * @family_id: (nullable): the family whose visit it is
 * @rules_override: (nullable): why staff book it against the age rules;
 *   %NULL or empty when it keeps to them
 * @override_band: the band whose rule it breaks
 * @override_rule: (nullable): which rule ("too-long-for-age"), for the
 *   `booking-rules-override` audit row
 *
 * Where a new (or moved) booking comes from, beyond its times and kiosks.
 */
typedef struct
{
  const char *template_id;
  const char *family_id;
  const char *rules_override;
  KvAgeBand   override_band;
  const char *override_rule;
} KvBookingOrigin;

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
 * KvBookingMove:
 * @moved_us: when it was moved
 * @moved_by: who moved it
 * @from_start_us: its start before
 * @from_end_us: its end before
 * @to_start_us: its start after
 * @to_end_us: its end after
 * @reason: why, may be empty
 *
 * One reschedule of a booking.
 */
typedef struct
{
  gint64  moved_us;
  char   *moved_by;
  gint64  from_start_us;
  gint64  from_end_us;
  gint64  to_start_us;
  gint64  to_end_us;
  char   *reason;
} KvBookingMove;

void kv_booking_move_free (KvBookingMove *move);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvBookingMove, kv_booking_move_free)

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

/**
 * KvFamilyChild:
 * @label: what staff call the child ("Lena"): never a full name
 * @age_band: the child's age band: never a birth date
 *
 * One child of a family.
 */
typedef struct
{
  char      *label;
  KvAgeBand  age_band;
} KvFamilyChild;

KvFamilyChild *kv_family_child_new  (const char    *label,
                                     KvAgeBand      age_band);
void           kv_family_child_free (KvFamilyChild *child);

/**
 * KvFamilyRecord:
 * @id: the family's id ("f-1a2b3c4d")
 * @parent_label: what the children call the parent in prison ("Dad")
 * @admitted_on: the parent's admission day, "YYYY-MM-DD" in the zone of
 *   the prison kiosks' site
 * @community_site: the site where the children visit from
 * @prison_kiosks: (array zero-terminated=1): the prison kiosks the parent
 *   uses, by id
 * @prison_kiosk_sites: (array zero-terminated=1): the site of each of
 *   @prison_kiosks, in the same order ("" for a kiosk on no site); filled
 *   when read, ignored when written
 * @children: (element-type KvFamilyChild): the children, in the order
 *   staff gave them
 * @created_us: when it was added
 * @created_by: who added it
 * @archived_us: when it was archived, 0 if it is not
 *
 * A family: one person in prison and their children at a community site,
 * known by the labels staff chose. Bookings may belong to it.
 */
typedef struct
{
  char      *id;
  char      *parent_label;
  char      *admitted_on;
  char      *community_site;
  GStrv      prison_kiosks;
  GStrv      prison_kiosk_sites;
  GPtrArray *children;
  gint64     created_us;
  char      *created_by;
  gint64     archived_us;
} KvFamilyRecord;

KvFamilyRecord *kv_family_record_new          (void);
KvFamilyRecord *kv_family_record_copy         (const KvFamilyRecord *record);
void            kv_family_record_free         (KvFamilyRecord       *record);
KvAgeBand       kv_family_record_get_age_band (const KvFamilyRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvFamilyRecord, kv_family_record_free)

/**
 * KvFamilyContact:
 * @last_held_us: the start of the family's last held visit, 0 for none
 * @next_booking_id: (nullable): its next visit that has not ended
 * @next_start_us: that visit's start
 *
 * A family's contact as its bookings say: a visit is held when it ran to
 * its end or staff ended it for another reason than a technical problem.
 */
typedef struct
{
  gint64  last_held_us;
  char   *next_booking_id;
  gint64  next_start_us;
} KvFamilyContact;

void kv_family_contact_free (KvFamilyContact *contact);

/**
 * KvFamilyVisit:
 * @family_id: the family
 * @start_us: the visit's start
 * @held: whether it was held (see #KvFamilyContact)
 * @within_rules: whether it was booked within the age rules (no override)
 *
 * One visit of a family that was not cancelled, for the families report.
 */
typedef struct
{
  char     *family_id;
  gint64    start_us;
  gboolean  held;
  gboolean  within_rules;
} KvFamilyVisit;

void kv_family_visit_free (KvFamilyVisit *visit);

/* The store's families (kv-family-table.h). */
typedef struct _KvFamilyTable KvFamilyTable;

#define KV_TYPE_STORE (kv_store_get_type ())
G_DECLARE_FINAL_TYPE (KvStore, kv_store, KV, STORE, GObject)

KvStore        *kv_store_open                 (const char         *path,
                                               GError            **error);
const char     *kv_store_get_path             (KvStore            *self);
KvFamilyTable  *kv_store_get_families         (KvStore            *self);

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
gboolean        kv_store_add_kiosk_at_site    (KvStore            *self,
                                               const char         *id,
                                               KvRole              role,
                                               const char         *label,
                                               const char         *site_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               char              **out_token,
                                               GError            **error);
gboolean        kv_store_note_kiosk_seen      (KvStore            *self,
                                               const char         *id,
                                               gint64              now_us,
                                               const char         *software,
                                               GError            **error);
gboolean        kv_store_note_kiosks_seen     (KvStore            *self,
                                               GPtrArray          *sightings,
                                               GError            **error);
gboolean        kv_store_set_kiosk_site       (KvStore            *self,
                                               const char         *id,
                                               const char         *site_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);

/* Sites (kv-site-table.c) */
gboolean        kv_store_add_site             (KvStore            *self,
                                               const char         *id,
                                               const char         *name,
                                               const char         *time_zone,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_update_site          (KvStore            *self,
                                               const char         *id,
                                               const char         *name,
                                               const char         *time_zone,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
KvSiteRecord   *kv_store_lookup_site          (KvStore            *self,
                                               const char         *id,
                                               GError            **error);
GPtrArray      *kv_store_list_sites           (KvStore            *self,
                                               GError            **error);
gboolean        kv_store_set_site_hours       (KvStore            *self,
                                               const char         *id,
                                               GArray             *hours,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_add_closed_day       (KvStore            *self,
                                               const char         *id,
                                               const char         *day,
                                               const char         *reason,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_remove_closed_day    (KvStore            *self,
                                               const char         *id,
                                               const char         *day,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_set_site_age_rules   (KvStore            *self,
                                               const char         *id,
                                               const KvAgeRules   *rules,
                                               guint               bands_mask,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_set_site_school_hours (KvStore           *self,
                                                const char        *id,
                                                GArray            *hours,
                                                gint64             now_us,
                                                const char        *actor,
                                                GError           **error);

/* Slot templates (kv-template-table.c) */
gboolean        kv_store_add_template         (KvStore            *self,
                                               const KvSlotTemplate *template,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_update_template      (KvStore            *self,
                                               const char         *id,
                                               int                 active,
                                               const char         *valid_to,
                                               int                 first_week_share,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
KvSlotTemplate *kv_store_lookup_template      (KvStore            *self,
                                               const char         *id,
                                               GError            **error);
GPtrArray      *kv_store_list_templates       (KvStore            *self,
                                               const char         *prison_kiosk,
                                               const char         *community_kiosk,
                                               GError            **error);

/* Staff accounts and their console sessions (kv-staff-table.c,
 * kv-staff-session-table.c). Hashes
 * come in made (kv-staff-password.c, kv_pin_hash_new()) and never go out but
 * for verification. */
gboolean        kv_store_has_site             (KvStore            *self,
                                               const char         *site_id,
                                               GError            **error);
gboolean        kv_store_add_staff            (KvStore            *self,
                                               const char         *id,
                                               const char         *display_name,
                                               KvStaffRoles        roles,
                                               const char * const *sites,
                                               const char         *password_hash,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
KvStaffRecord  *kv_store_lookup_staff         (KvStore            *self,
                                               const char         *id,
                                               GError            **error);
char           *kv_store_get_staff_password_hash (KvStore         *self,
                                                  const char      *id,
                                                  GError         **error);
GPtrArray      *kv_store_list_staff           (KvStore            *self,
                                               GError            **error);
gboolean        kv_store_update_staff         (KvStore            *self,
                                               const char         *id,
                                               const char         *display_name,
                                               const KvStaffRoles *roles,
                                               const char * const *sites,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_set_staff_disabled   (KvStore            *self,
                                               const char         *id,
                                               gboolean            disabled,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_set_staff_password   (KvStore            *self,
                                               const char         *id,
                                               const char         *password_hash,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_set_staff_pin        (KvStore            *self,
                                               const char         *id,
                                               const char         *pin_hash,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_add_staff_session    (KvStore            *self,
                                               const char         *session_id,
                                               const char         *staff_id,
                                               const char         *csrf_token,
                                               gint64              now_us,
                                               gint64              idle_before_us,
                                               gint64              made_before_us,
                                               const char         *details,
                                               GError            **error);
KvStaffSessionRecord *kv_store_lookup_staff_session (KvStore      *self,
                                                     const char   *session_id,
                                                     GError      **error);
gboolean        kv_store_touch_staff_session  (KvStore            *self,
                                               const char         *session_id,
                                               gint64              now_us,
                                               GError            **error);
gboolean        kv_store_delete_staff_session (KvStore            *self,
                                               const char         *session_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_delete_staff_sessions (KvStore           *self,
                                                const char        *staff_id,
                                                gint64             now_us,
                                                const char        *actor,
                                                GError           **error);

/* Bookings and sessions */
gboolean        kv_store_add_booking          (KvStore            *self,
                                               const KvBooking    *booking,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_add_booking_from     (KvStore            *self,
                                               const KvBooking    *booking,
                                               const char         *template_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_add_booking_with     (KvStore            *self,
                                               const KvBooking    *booking,
                                               const KvBookingOrigin *origin,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_cancel_booking       (KvStore            *self,
                                               const char         *booking_id,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_cancel_booking_why   (KvStore            *self,
                                               const char         *booking_id,
                                               const char         *category,
                                               const char         *reason,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_move_booking         (KvStore            *self,
                                               const char         *booking_id,
                                               gint64              start_us,
                                               gint64              end_us,
                                               const char         *reason,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
gboolean        kv_store_move_booking_with    (KvStore            *self,
                                               const char         *booking_id,
                                               gint64              start_us,
                                               gint64              end_us,
                                               const char         *reason,
                                               const KvBookingOrigin *origin,
                                               gint64              now_us,
                                               const char         *actor,
                                               GError            **error);
GPtrArray      *kv_store_list_booking_moves   (KvStore            *self,
                                               const char         *booking_id,
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
KvReport       *kv_store_read_report          (KvStore            *self,
                                               const char         *site_id,
                                               const char         *month,
                                               gint64              start_us,
                                               gint64              end_us,
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
