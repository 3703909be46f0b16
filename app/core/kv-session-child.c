/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session-child.h"

/* Returns: whether it changed */
gboolean
kv_session_child_set_supervised (KvSessionChild *child,
                                 gboolean        supervised)
{
  if (!child->supervised == !supervised)
    return FALSE;
  child->supervised = !!supervised;
  return TRUE;
}

/* Returns: whether this alert was counted: not one within @interval_us
 * after the last counted one (a clock that went back counts again). */
gboolean
kv_session_child_note_alert (KvSessionChild *child,
                             gint64          now_us,
                             gint64          interval_us)
{
  if (child->last_alert_us != 0 &&
      now_us - child->last_alert_us < interval_us &&
      now_us >= child->last_alert_us)
    return FALSE;

  child->last_alert_us = now_us;
  child->alerts++;
  return TRUE;
}
