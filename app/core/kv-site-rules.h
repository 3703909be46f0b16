/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_SITE_RULES_MAX_CUES 8

/**
 * KvSiteRules:
 * @min_length_us: shortest bookable visit (default 10 min)
 * @max_length_us: longest bookable visit (default 60 min)
 * @horizon_us: how far ahead visits can be booked (default 60 days)
 * @min_notice_us: how soon before its start a visit can still be booked
 *   (default 0: right up to the start)
 * @join_window_us: how long before the start kiosks set up the call with
 *   media held (default 10 min)
 * @goodbye_us: the protected goodbye at the end (default 60 s)
 * @makeup_max_us: most time given back for media lost during a visit
 *   (default 10 min)
 * @cue_half_way: whether there is a cue half-way through (default yes)
 * @cue_seconds_left: cue points, as time left before the end
 *   (default 5 min and 2 min), largest first; a booking gets only those
 *   in the last quarter of its slot (kv_site_rules_get_slot_cues())
 * @n_cues: how many of @cue_seconds_left are used
 *
 * The scheduling rules of a site, from the server configuration. The server
 * enforces them; the kiosk receives the ones it needs with each booking.
 */
typedef struct
{
  gint64   min_length_us;
  gint64   max_length_us;
  gint64   horizon_us;
  gint64   min_notice_us;
  gint64   join_window_us;
  gint64   goodbye_us;
  gint64   makeup_max_us;
  gboolean cue_half_way;
  guint    cue_seconds_left[KV_SITE_RULES_MAX_CUES];
  guint    n_cues;
} KvSiteRules;

void  kv_site_rules_init_defaults  (KvSiteRules       *rules);
guint kv_site_rules_get_slot_cues  (const KvSiteRules *rules,
                                    gint64             slot_us,
                                    guint             *out_seconds_left,
                                    guint              max_cues);

G_END_DECLS
