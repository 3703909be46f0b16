/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session-cues.h"

#include "kv-clock.h"

#define HALF_WAY_BIT 1u
#define POINT_BIT(i) (1u << ((i) + 1))

static gint64
point_time (const KvSessionCues *cues,
            guint                i,
            gint64               end_us)
{
  return end_us - (gint64) cues->seconds_left[i] * KV_USEC_PER_SECOND;
}

void
kv_session_cues_init (KvSessionCues     *cues,
                      const KvBooking   *booking,
                      const KvSiteRules *rules)
{
  *cues = (KvSessionCues) { 0, };

  /* Half-way through the booked slot: make-up time is a repair, not part of
   * the visit the child was promised. */
  cues->has_half_way = rules->cue_half_way;
  cues->half_way_us = booking->start_us + (booking->end_us - booking->start_us) / 2;

  /* Only the countdown cues in the slot's last quarter: a 15-minute
   * visit gets half-way and 2 minutes, not 5 minutes, which would crowd
   * the half-way cue and make a short visit feel as if it were ending
   * before it had started (see kv_site_rules_get_slot_cues()). */
  cues->n_points = kv_site_rules_get_slot_cues (rules, booking->end_us - booking->start_us,
                                                cues->seconds_left,
                                                G_N_ELEMENTS (cues->seconds_left));

  if (!cues->has_half_way)
    cues->fired |= HALF_WAY_BIT;
}

void
kv_session_cues_skip_before (KvSessionCues *cues,
                             gint64         before_us,
                             gint64         end_us)
{
  if (cues->half_way_us < before_us)
    cues->fired |= HALF_WAY_BIT;

  for (guint i = 0; i < cues->n_points; i++)
    if (point_time (cues, i, end_us) < before_us)
      cues->fired |= POINT_BIT (i);
}

void
kv_session_cues_skip_all (KvSessionCues *cues)
{
  cues->fired |= HALF_WAY_BIT;
  for (guint i = 0; i < cues->n_points; i++)
    cues->fired |= POINT_BIT (i);
}

gint64
kv_session_cues_next (const KvSessionCues *cues,
                      gint64               end_us)
{
  gint64 next = G_MAXINT64;

  if (!(cues->fired & HALF_WAY_BIT))
    next = cues->half_way_us;

  for (guint i = 0; i < cues->n_points; i++)
    if (!(cues->fired & POINT_BIT (i)))
      next = MIN (next, point_time (cues, i, end_us));

  return next;
}

/*
 * Takes every cue due at @now_us and reports one: the latest. After a
 * clock jump the earlier ones are stale, and a child should see the cue
 * that is true now, not a burst. The countdown cues keep to the slot's
 * last quarter, so none falls on half-way; should one ever fall on the
 * same moment, the one cue is reported as both.
 */
gboolean
kv_session_cues_take_due (KvSessionCues *cues,
                          gint64         now_us,
                          gint64         end_us,
                          guint         *out_seconds_left,
                          gboolean      *out_half_way)
{
  gint64 latest = G_MININT64;
  gboolean found = FALSE;
  gboolean point_at_latest = FALSE;
  guint seconds_at_latest = 0;

  if (!(cues->fired & HALF_WAY_BIT) && cues->half_way_us <= now_us)
    {
      latest = cues->half_way_us;
      found = TRUE;
    }

  for (guint i = 0; i < cues->n_points; i++)
    {
      gint64 when = point_time (cues, i, end_us);

      if ((cues->fired & POINT_BIT (i)) || when > now_us)
        continue;
      if (!found || when > latest || (when == latest && !point_at_latest))
        {
          latest = when;
          point_at_latest = TRUE;
          seconds_at_latest = cues->seconds_left[i];
        }
      found = TRUE;
    }

  if (!found)
    return FALSE;

  *out_half_way = !(cues->fired & HALF_WAY_BIT) && cues->half_way_us == latest;
  if (point_at_latest)
    *out_seconds_left = seconds_at_latest;
  else
    *out_seconds_left = (guint) ((end_us - latest + KV_USEC_PER_SECOND / 2) / KV_USEC_PER_SECOND);

  /* Everything due is now taken, reported or stale. */
  kv_session_cues_skip_before (cues, now_us + 1, end_us);

  return TRUE;
}
