/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_TIMELINE (kv_visit_timeline_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitTimeline, kv_visit_timeline, KV, VISIT_TIMELINE, GObject)

KvVisitTimeline *kv_visit_timeline_new           (KvClock         *clock);
void             kv_visit_timeline_set_times     (KvVisitTimeline *self,
                                                  gint64           start_us,
                                                  gint64           end_us,
                                                  gint64           goodbye_us);
void             kv_visit_timeline_move_end      (KvVisitTimeline *self,
                                                  gint64           end_us);
void             kv_visit_timeline_begin_goodbye (KvVisitTimeline *self);
void             kv_visit_timeline_set_cues      (KvVisitTimeline *self,
                                                  const guint     *seconds_left,
                                                  guint            n_cues);
void             kv_visit_timeline_stop          (KvVisitTimeline *self);

gint64           kv_visit_timeline_get_start     (KvVisitTimeline *self);
gint64           kv_visit_timeline_get_end       (KvVisitTimeline *self);
gint64           kv_visit_timeline_get_goodbye   (KvVisitTimeline *self);
guint            kv_visit_timeline_get_seconds_to_start (KvVisitTimeline *self);
guint            kv_visit_timeline_get_seconds_to_end   (KvVisitTimeline *self);
double           kv_visit_timeline_get_progress  (KvVisitTimeline *self);
gboolean         kv_visit_timeline_is_half_way   (KvVisitTimeline *self,
                                                  guint            seconds_left);
/* Marks a cue as shown; returns FALSE if it was shown already. */
gboolean         kv_visit_timeline_mark_cue_shown (KvVisitTimeline *self,
                                                   guint            seconds_left);

G_END_DECLS
