/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-site-rules"

#include "config.h"

#include "kv-site-rules.h"

#include "kv-clock.h"

/**
 * kv_site_rules_init_defaults:
 * @rules: (out caller-allocates): the rules to fill
 *
 * The defaults follow design.md: visits of 10 to 60 minutes, bookable up to
 * 60 days ahead and right up to their start, a 10-minute join window so that
 * set-up never eats into the visit, a protected goodbye minute, up to 10
 * minutes of lost time given back, and cues half-way, at 5 and at 2 minutes
 * (a booking gets those of them that suit its length, see
 * kv_site_rules_get_slot_cues()).
 */
void
kv_site_rules_init_defaults (KvSiteRules *rules)
{
  g_return_if_fail (rules != NULL);

  *rules = (KvSiteRules) {
    .min_length_us = 10 * KV_USEC_PER_MINUTE,
    .max_length_us = 60 * KV_USEC_PER_MINUTE,
    .horizon_us = 60 * 24 * 60 * KV_USEC_PER_MINUTE,
    .min_notice_us = 0,
    .join_window_us = 10 * KV_USEC_PER_MINUTE,
    .goodbye_us = 60 * KV_USEC_PER_SECOND,
    .makeup_max_us = 10 * KV_USEC_PER_MINUTE,
    .cue_half_way = TRUE,
    .cue_seconds_left = { 5 * 60, 2 * 60 },
    .n_cues = 2,
  };
}

/**
 * kv_site_rules_get_slot_cues:
 * @rules: the site's rules
 * @slot_us: the booked slot's length (start to booked end, without
 *   make-up time)
 * @out_seconds_left: (out caller-allocates) (array length=max_cues): the
 *   cue points the visit gets, as time left before the end
 * @max_cues: the size of @out_seconds_left
 *
 * Which of the site's countdown cues a booking of this length gets: only
 * those that fall in the last quarter of the slot (S seconds left with
 * S * 4 <= the slot's length). So with the default 5- and 2-minute cues a
 * visit of 20 minutes or more gets both, one of 8 to 19 minutes only the
 * 2-minute cue, and one shorter than 8 minutes none; the half-way cue is
 * not among these and always stays.
 *
 * Why: a cue in the first three quarters of a visit crowds the half-way
 * cue (a 15-minute visit would hear "half-way" at 7:30 left and "5
 * minutes left" 2:30 later), and makes a short visit, the very young
 * children's, feel like it is ending before it has properly started. The
 * slot decides, not the effective end: make-up time moves the cues later
 * but does not bring back one the booking does not get.
 *
 * Returns: how many cue points were written
 */
guint
kv_site_rules_get_slot_cues (const KvSiteRules *rules,
                             gint64             slot_us,
                             guint             *out_seconds_left,
                             guint              max_cues)
{
  guint n = 0;

  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (out_seconds_left != NULL || max_cues == 0, 0);

  for (guint i = 0; i < MIN (rules->n_cues, KV_SITE_RULES_MAX_CUES) && n < max_cues; i++)
    {
      gint64 seconds_left = rules->cue_seconds_left[i];

      if (seconds_left == 0 || seconds_left * KV_USEC_PER_SECOND * 4 > slot_us)
        continue;
      out_seconds_left[n++] = (guint) seconds_left;
    }

  return n;
}
