/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-contact-plan"

#include "config.h"

#include "kv-contact-plan.h"

#include "kv-local-time.h"

#include <gio/gio.h>

#include <string.h>

/* When a family's contact is due and which visit to propose for it: the
 * first week after admission (CM/Rec(2018)5, Art. 17), the slots templates
 * hold back for families in it, and the contact each age band aims for
 * afterwards. Pure: the caller brings the slots, visits and clock.
 *
 * Days are local days at the site, so the first week ends at a local
 * midnight, found by resolving the wall-clock time on that day rather than
 * by adding 8 × 24 hours: a week with a clock change in it has 167 or 169
 * hours. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* The first instant of local day @admitted_on + @days_after in @tz. */
static gint64
local_midnight (const char  *admitted_on,
                guint        days_after,
                GTimeZone   *tz,
                GError     **error)
{
  GDate day;
  KvLocalResolution resolution;

  g_return_val_if_fail (tz != NULL, 0);

  if (!kv_local_time_parse_day (admitted_on, &day, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The admission date \"%s\" is not a real day: it must be a date like "
                   "2026-12-08", admitted_on != NULL ? admitted_on : "");
      return 0;
    }
  g_date_add_days (&day, days_after);
  /* Where the clocks skip midnight, the day starts when they jump (01:00
   * in Havana); where midnight happens twice, at the first. */
  kv_local_time_resolve (tz, &day, 0, 0, &resolution);
  return resolution.n_matches == 0 ? resolution.change_us : resolution.first_us;
}

gint64
kv_contact_plan_first_week_end (const char  *admitted_on,
                                GTimeZone   *tz,
                                GError     **error)
{
  /* The admission day and the 7 days after it. */
  return local_midnight (admitted_on, KV_FIRST_WEEK_DAYS + 1, tz, error);
}

gint64
kv_contact_plan_admission_start (const char  *admitted_on,
                                 GTimeZone   *tz,
                                 GError     **error)
{
  return local_midnight (admitted_on, 0, tz, error);
}

/* Occurrence k is held when the running count of held slots,
 * floor(k × share / 100), steps up at k + 1: the held ones are spread as
 * evenly as whole slots allow, whatever the share. */
gboolean
kv_contact_plan_is_held_back (guint occurrence,
                              guint share_percent)
{
  guint64 share = MIN (share_percent, KV_HOLD_BACK_MAX_SHARE);

  return ((guint64) occurrence + 1) * share / 100 > (guint64) occurrence * share / 100;
}

gboolean
kv_contact_plan_hold_applies (gint64 slot_start_us,
                              gint64 now_us)
{
  return now_us < slot_start_us - KV_HOLD_BACK_RELEASE_US;
}

void
kv_proposal_free (KvProposal *proposal)
{
  if (proposal == NULL)
    return;
  kv_slot_free (proposal->slot);
  g_free (proposal);
}

static KvSlot *
copy_slot (const KvSlot *slot)
{
  KvSlot *copy = g_new0 (KvSlot, 1);

  copy->template_id = g_strdup (slot->template_id);
  copy->prison_kiosk = g_strdup (slot->prison_kiosk);
  copy->community_kiosk = g_strdup (slot->community_kiosk);
  copy->start_us = slot->start_us;
  copy->end_us = slot->end_us;
  copy->moved_by_us = slot->moved_by_us;
  copy->occurrence = slot->occurrence;
  return copy;
}

/* Whether a visit [start_us, end_us) keeps the band's gap to every visit
 * of the family. Without a band there is no gap rule, but a family still
 * cannot be in two visits at once. */
static gboolean
keeps_gap (GPtrArray        *family_visits,
           KvAgeBand         band,
           const KvAgeRules *rules,
           gint64            start_us,
           gint64            end_us)
{
  for (guint i = 0; family_visits != NULL && i < family_visits->len; i++)
    {
      const KvBooking *visit = g_ptr_array_index (family_visits, i);

      if (start_us < visit->end_us && visit->start_us < end_us)
        return FALSE;
      if (!kv_age_rules_check_gap (rules, band, start_us, end_us, visit->start_us,
                                   visit->end_us, NULL))
        return FALSE;
    }
  return TRUE;
}

/* 0: before the deadline and outside school hours; 1: before it, inside
 * them; 2: after the deadline. Lower is better. */
static guint
preference (gboolean before_deadline,
            gboolean in_school_hours)
{
  if (!before_deadline)
    return 2;
  return in_school_hours ? 1 : 0;
}

/**
 * kv_contact_plan_propose:
 * @free_slots: (element-type KvSlot): slots the family could have
 * @band: the youngest child's band
 * @rules: the community site's rules
 * @school_hours: (nullable): the community site's school hours
 * @family_visits: (nullable) (element-type KvBooking): the family's other
 *   visits
 * @not_before_us: the earliest start to propose
 * @deadline_us: when contact is due
 *
 * Returns: (transfer full) (nullable): the visit to propose, or %NULL
 */
KvProposal *
kv_contact_plan_propose (GPtrArray        *free_slots,
                         KvAgeBand         band,
                         const KvAgeRules *rules,
                         KvSchoolHours    *school_hours,
                         GPtrArray        *family_visits,
                         gint64            not_before_us,
                         gint64            deadline_us)
{
  const KvAgeBandRules *band_rules;
  gboolean mind_school;
  const KvSlot *best = NULL;
  KvProposal chosen = { 0 };
  guint best_preference = G_MAXUINT;
  KvProposal *proposal;

  g_return_val_if_fail (free_slots != NULL, NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  band_rules = kv_age_rules_get (rules, band);
  mind_school = school_hours != NULL && kv_age_band_goes_to_school (band);

  for (guint i = 0; i < free_slots->len; i++)
    {
      const KvSlot *slot = g_ptr_array_index (free_slots, i);
      gint64 end_us = slot->end_us;
      gboolean before_deadline, in_school_hours;
      guint slot_preference;

      if (slot->start_us < not_before_us)
        continue;
      /* A 15-minute visit for a toddler in a 30-minute slot; never longer
       * than the slot. */
      if (band_rules != NULL)
        end_us = MIN (end_us, slot->start_us + band_rules->default_minutes * MINUTE_US);
      if (!keeps_gap (family_visits, band, rules, slot->start_us, end_us))
        continue;

      before_deadline = slot->start_us < deadline_us;
      in_school_hours = mind_school &&
                        kv_school_hours_overlaps (school_hours, slot->start_us, end_us);
      slot_preference = preference (before_deadline, in_school_hours);
      /* The earliest of the best kind; between two at the same time, the
       * template id decides, so the answer does not depend on the order
       * the slots came in. */
      if (best == NULL || slot_preference < best_preference ||
          (slot_preference == best_preference &&
           (slot->start_us < best->start_us ||
            (slot->start_us == best->start_us &&
             strcmp (slot->template_id, best->template_id) < 0))))
        {
          best = slot;
          best_preference = slot_preference;
          chosen = (KvProposal) { .start_us = slot->start_us, .end_us = end_us,
                                  .before_deadline = before_deadline,
                                  .in_school_hours = in_school_hours };
        }
    }

  if (best == NULL)
    return NULL;
  proposal = g_new0 (KvProposal, 1);
  *proposal = chosen;
  proposal->slot = copy_slot (best);
  return proposal;
}

/* Whole days from @from_us to @to_us, rounded down (towards the past when
 * negative: a day and a bit late is 2 days late). */
static gint
days_between (gint64 from_us,
              gint64 to_us)
{
  gint64 span = to_us - from_us;
  gint64 days = span / DAY_US;

  if (span % DAY_US != 0 && span < 0)
    days--;
  return (gint) CLAMP (days, G_MININT, G_MAXINT);
}

/**
 * kv_contact_plan_status:
 * @first_week_end_us: kv_contact_plan_first_week_end() of the family
 * @last_held_us: start of the family's last held visit, 0 for none
 * @rules: (nullable): the youngest band's rules
 * @now_us: now
 * @out_status: (out): where the family stands
 */
void
kv_contact_plan_status (gint64                first_week_end_us,
                        gint64                last_held_us,
                        const KvAgeBandRules *rules,
                        gint64                now_us,
                        KvContactStatus      *out_status)
{
  gint64 period_us = rules != NULL ? kv_age_band_rules_get_period_us (rules) : 7 * DAY_US;

  g_return_if_fail (out_status != NULL);

  if (last_held_us == 0)
    {
      out_status->state = KV_CONTACT_STATE_FIRST_DUE;
      out_status->due_us = first_week_end_us;
    }
  else
    {
      out_status->due_us = last_held_us + period_us;
      out_status->state = out_status->due_us < now_us ? KV_CONTACT_STATE_DUE
                                                      : KV_CONTACT_STATE_OK;
    }
  out_status->days_left = days_between (now_us, out_status->due_us);
}
