/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-age-rules.h"
#include "kv-booking.h"
#include "kv-school-hours.h"
#include "kv-slot-calendar.h"

G_BEGIN_DECLS

/* A child should see a detained parent within a week of detention
 * (CM/Rec(2018)5, Art. 17): the first week is the admission day and the
 * 7 days after it. */
#define KV_FIRST_WEEK_DAYS 7

/* Slots a template holds back for first-week families are free for anyone
 * this long before they start. */
#define KV_HOLD_BACK_RELEASE_US (48 * G_TIME_SPAN_HOUR)

/* Most percent of a template's slots it may hold back. */
#define KV_HOLD_BACK_MAX_SHARE 100

/* When the first week of a parent admitted on @admitted_on ("YYYY-MM-DD",
 * local in @tz) ends: the local midnight that starts day admitted_on + 8.
 * Returns 0 and sets @error (G_IO_ERROR_INVALID_ARGUMENT) for a day that is
 * not a real date. */
gint64   kv_contact_plan_first_week_end   (const char     *admitted_on,
                                           GTimeZone      *tz,
                                           GError        **error);

/* The start of local day @admitted_on in @tz (for "admitted in the future"
 * checks and reports); 0 and @error for a bad date. */
gint64   kv_contact_plan_admission_start  (const char     *admitted_on,
                                           GTimeZone      *tz,
                                           GError        **error);

/* Whether occurrence @occurrence (0, 1, 2 ... : KvSlot.occurrence) of a
 * template holding back @share_percent of its slots is held back. Held
 * slots are spread evenly: 50 holds every other slot, 25 every fourth,
 * 0 none, 100 all. */
gboolean kv_contact_plan_is_held_back     (guint           occurrence,
                                           guint           share_percent);

/* Whether a held-back slot starting at @slot_start_us is still kept for
 * first-week families at @now_us (until KV_HOLD_BACK_RELEASE_US before it). */
gboolean kv_contact_plan_hold_applies     (gint64          slot_start_us,
                                           gint64          now_us);

/**
 * KvProposal:
 * @slot: the slot proposed (owned)
 * @start_us: its start
 * @end_us: start plus the band's default length, or the slot's end if that
 *   comes first
 * @before_deadline: whether it starts before the deadline asked for
 * @in_school_hours: whether it overlaps school hours (only ever TRUE for
 *   bands that go to school)
 *
 * A visit the system proposes for a family.
 */
typedef struct
{
  KvSlot  *slot;
  gint64   start_us;
  gint64   end_us;
  gboolean before_deadline;
  gboolean in_school_hours;
} KvProposal;

void kv_proposal_free (KvProposal *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvProposal, kv_proposal_free)

/* The visit to propose for a family whose youngest child is in @band, from
 * @free_slots (KvSlot *, any order; the caller has removed slots that clash
 * with other bookings and slots held back from this family):
 *
 * - only slots starting at or after @not_before_us, not closer to any of
 *   @family_visits (KvBooking *, may be %NULL) than the band's gap;
 * - first the earliest that starts before @deadline_us and is outside
 *   @school_hours (nullable; ignored for bands that do not go to school);
 * - then the earliest before @deadline_us inside school hours;
 * - then the earliest after @deadline_us.
 *
 * %NULL when no slot is left. @rules must not be %NULL; for an unspecified
 * band pass any band's rules and UNSPECIFIED: lengths then stay the
 * slot's. */
KvProposal *kv_contact_plan_propose       (GPtrArray            *free_slots,
                                           KvAgeBand             band,
                                           const KvAgeRules     *rules,
                                           KvSchoolHours        *school_hours,
                                           GPtrArray            *family_visits,
                                           gint64                not_before_us,
                                           gint64                deadline_us);

/**
 * KvContactState:
 * @KV_CONTACT_STATE_OK: contact is on track
 * @KV_CONTACT_STATE_FIRST_DUE: no visit has been held yet: the first
 *   contact is due by the end of the first week
 * @KV_CONTACT_STATE_DUE: the last held visit is older than the period the
 *   band aims for
 *
 * Where a family stands with the contact its site aims for.
 */
typedef enum {
  KV_CONTACT_STATE_OK,
  KV_CONTACT_STATE_FIRST_DUE,
  KV_CONTACT_STATE_DUE,
} KvContactState;

/**
 * KvContactStatus:
 * @state: see #KvContactState
 * @due_us: when contact is (or was) due: the end of the first week, or the
 *   last held visit's start plus the band's period
 * @days_left: whole days from now until @due_us, rounded down; negative
 *   when late
 *
 * A family's contact at @now_us. A visit lost to a technical failure is
 * not held (the caller passes only held visits).
 */
typedef struct
{
  KvContactState state;
  gint64         due_us;
  gint           days_left;
} KvContactStatus;

/* @last_held_us: start of the family's last held visit, 0 for none.
 * @rules: the youngest band's rules (%NULL when no child has a band: the
 * period is then 7 days). */
void kv_contact_plan_status (gint64                first_week_end_us,
                             gint64                last_held_us,
                             const KvAgeBandRules *rules,
                             gint64                now_us,
                             KvContactStatus      *out_status);

G_END_DECLS
