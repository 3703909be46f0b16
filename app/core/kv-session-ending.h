/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-session.h"
#include "kv-types.h"

G_BEGIN_DECLS

/* The shortest goodbye a staff end gives, whatever the site's goodbye
 * length: time for a wave and "see you soon", even on a site that set a
 * very short goodbye. */
#define KV_SESSION_STAFF_GOODBYE_MIN_US (20 * G_USEC_PER_SEC)

/*
 * KvSessionEnding:
 *
 * Private to KvSession: how staff ended a visit, for the record (who, from
 * which side, in which category, with which words), and the goodbye they
 * started now if it was not a stop. @goodbye_from_us is 0 while no staff
 * goodbye runs; then the visit ends at @end_us, which no make-up moves.
 */
typedef struct
{
  KvEndCategory  category;
  char          *reason;
  KvSideFlags    side;            /* KV_SIDE_NONE: the admin API */
  char          *actor;           /* "kiosk:<id>", "admin" */
  gint64         requested_us;    /* 0: staff have not ended the visit */
  gint64         goodbye_from_us;
  gint64         end_us;
} KvSessionEnding;

void     kv_session_ending_clear        (KvSessionEnding *ending);
gboolean kv_session_ending_is_recorded  (const KvSessionEnding *ending);
gboolean kv_session_ending_is_goodbye   (const KvSessionEnding *ending);
void     kv_session_ending_record       (KvSessionEnding *ending,
                                         KvEndCategory    category,
                                         const char      *reason,
                                         KvSideFlags      side,
                                         const char      *actor,
                                         gint64           now_us);
void     kv_session_ending_start_goodbye (KvSessionEnding *ending,
                                          gint64           from_us,
                                          gint64           end_us);
gint64   kv_session_ending_goodbye_end  (gint64           now_us,
                                         gint64           slot_end_us,
                                         gint64           goodbye_length_us);
gboolean kv_session_ending_reason_is_valid (const char   *reason,
                                            glong         max_chars);
gboolean kv_session_ending_stops_at_once (KvEndCategory   category);
void     kv_session_ending_restore      (KvSessionEnding         *ending,
                                         const KvSessionSnapshot *snapshot,
                                         gint64                   slot_end_us);

G_END_DECLS
