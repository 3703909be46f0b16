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
 * minutes of lost time given back, and cues half-way, at 5 and at 2 minutes.
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
