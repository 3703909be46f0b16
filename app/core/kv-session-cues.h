/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-booking.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

/*
 * KvSessionCues:
 *
 * Private to KvSession: which of a visit's cues have fired. The half-way
 * cue is fixed to the booked slot; the others, those of the site's cue
 * points in the slot's last quarter (kv_site_rules_get_slot_cues()), are
 * counted back from the effective end, so make-up time moves them.
 */
typedef struct
{
  gint64   half_way_us;
  gboolean has_half_way;
  guint    n_points;
  guint    seconds_left[KV_SITE_RULES_MAX_CUES];
  guint    fired;        /* bit 0: half-way; bit i + 1: seconds_left[i] */
} KvSessionCues;

void     kv_session_cues_init        (KvSessionCues     *cues,
                                      const KvBooking   *booking,
                                      const KvSiteRules *rules);
void     kv_session_cues_skip_before (KvSessionCues     *cues,
                                      gint64             before_us,
                                      gint64             end_us);
void     kv_session_cues_skip_all    (KvSessionCues     *cues);
gint64   kv_session_cues_next        (const KvSessionCues *cues,
                                      gint64             end_us);
gboolean kv_session_cues_take_due    (KvSessionCues     *cues,
                                      gint64             now_us,
                                      gint64             end_us,
                                      guint             *out_seconds_left,
                                      gboolean          *out_half_way);

G_END_DECLS
