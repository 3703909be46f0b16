/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A family and a proposal as the admin API writes them. Times are local
 * ISO 8601 with their offset ("2026-12-14T00:00:00+01:00"), in the zone of
 * the family's prison kiosks' site. Calls nothing of the admin API back. */

#include "kv-admin-http.h"
#include "kv-family-proposals.h"
#include "kv-family-view.h"

G_BEGIN_DECLS

/* Most past visits a family's answer lists (all upcoming ones are). */
#define KV_FAMILY_JSON_PAST_BOOKINGS 20

void     kv_family_json_add          (JsonBuilder            *builder,
                                      const KvFamilyView     *view);
void     kv_family_json_add_bookings (JsonBuilder            *builder,
                                      const KvFamilyView     *view,
                                      GPtrArray              *bookings,
                                      gint64                  now_us);
void     kv_family_json_add_proposal (JsonBuilder            *builder,
                                      const char             *name,
                                      const KvFamilyProposal *proposal);
gboolean kv_family_json_is_held      (const KvBookingRecord  *record);

G_END_DECLS
