/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"

G_BEGIN_DECLS

/* A kiosk that signed in properly and then abuses what it may send:
 * prison-2 stops its visit of next week with a safeguarding staff_end and
 * pauses it, and sends the child's alert (only the community kiosk does);
 * community-2 sends an SDP offer (only the prison kiosk offers) and a
 * child's alert, which the prison kiosk must not hear of. */

typedef struct
{
  char     *staff_end_answer;   /* error code answering the staff_end, or what came instead */
  gboolean  staff_end_took_effect; /* an `end` for next week's visit came back */
  char     *pause_answer;       /* error code answering a pause of next week's visit */
  char     *alert_answer;       /* error code answering the prison's child_alert */
  gboolean  alert_heard;        /* the prison kiosk got anything but sdp/ice after the
                                 * community's child_alert */
  char     *sdp_answer;         /* error code answering the sdp, or what came instead */
  gboolean  sdp_relayed;        /* the prison kiosk received the community's offer */
  gboolean  marker_relayed;     /* the ice sent after it arrived: the check was complete */
  char     *detail;             /* set-up failures, or NULL */
} KvKioskAbuseResult;

void kv_kiosk_abuse_result_clear (KvKioskAbuseResult *result);
void kv_attack_kiosk_abuse       (KvHostileServer    *server,
                                  KvKioskAbuseResult *out_result);

G_END_DECLS
