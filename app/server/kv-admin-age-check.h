/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A visit's length and its gap to the family's other visits against the
 * age rules of the child's site, for a new booking and a move alike; and
 * the reason a scheduler gives to book against them. Calls nothing of the
 * admin API back. */

#include "kv-admin-http.h"

G_BEGIN_DECLS

/* Longest override reason, in characters. */
#define KV_ADMIN_AGE_CHECK_REASON_MAX_CHARS 500

/**
 * KvAdminAgeVisit:
 * @rules: the age rules of the child's (community) site
 * @band: the band whose rules apply (the family's youngest)
 * @family_id: (nullable): the family, whose other visits must keep the gap
 * @booking_id: (nullable): the booking being moved, which is not "another"
 *   visit
 * @start_us: the visit's start
 * @end_us: its end
 * @length_field: the request's field its length came from ("minutes",
 *   "end")
 *
 * A visit to check.
 */
typedef struct
{
  const KvAgeRules *rules;
  KvAgeBand         band;
  const char       *family_id;
  const char       *booking_id;
  gint64            start_us;
  gint64            end_us;
  const char       *length_field;
} KvAdminAgeVisit;

gboolean kv_admin_age_check_read_reason (const KvAdminRequest  *request,
                                         JsonObject            *body,
                                         const char           **out_reason);
gboolean kv_admin_age_check_run         (const KvAdminRequest  *request,
                                         const KvAdminAgeVisit *visit,
                                         const char            *override_reason,
                                         KvBookingOrigin       *inout_origin);

G_END_DECLS
