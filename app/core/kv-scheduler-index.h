/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-session.h"

G_BEGIN_DECLS

/*
 * Private to KvScheduler: each kiosk's sessions sorted by start, so that
 * clash checks, make-up bounds and a kiosk's day look at a few neighbours
 * instead of every booking of the region.
 */

typedef struct
{
  KvSession       *session;
  const KvBooking *booking;     /* owned by the session */
  GSequenceIter   *iters[2];    /* in the prison and the community kiosk's sequence */
  gulong           ended_handler;
} KvSchedulerEntry;

typedef struct
{
  GHashTable *by_kiosk;         /* kiosk id -> GSequence of KvSchedulerEntry, by (start, id) */
  gint64      max_span_us;      /* longest booking + make-up: bounds backward walks */
} KvSchedulerIndex;

void       kv_scheduler_index_init              (KvSchedulerIndex       *index);
void       kv_scheduler_index_clear             (KvSchedulerIndex       *index);
void       kv_scheduler_index_insert            (KvSchedulerIndex       *index,
                                                 KvSchedulerEntry       *entry,
                                                 gint64                  makeup_max_us);
void       kv_scheduler_index_remove            (KvSchedulerIndex       *index,
                                                 KvSchedulerEntry       *entry);
void       kv_scheduler_index_update_neighbours (KvSchedulerEntry       *entry);
gboolean   kv_scheduler_index_check_free        (KvSchedulerIndex       *index,
                                                 const KvBooking        *booking,
                                                 GError                **error);
const KvBooking *kv_scheduler_index_find_clash (KvSchedulerIndex    *index,
                                                const KvBooking     *booking,
                                                GError             **error);
GPtrArray *kv_scheduler_index_list              (KvSchedulerIndex       *index,
                                                 const char             *kiosk_id,
                                                 gint64                  from_us,
                                                 gint64                  to_us);

G_END_DECLS
