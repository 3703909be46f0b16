/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session-makeup.h"

void
kv_session_makeup_init (KvSessionMakeup *makeup)
{
  *makeup = (KvSessionMakeup) { 0, };
  makeup->free_until_us = G_MAXINT64;
}

void
kv_session_makeup_add_lost (KvSessionMakeup *makeup,
                            gint64           lost_us)
{
  makeup->lost_us += MAX (0, lost_us);
}

/**
 * kv_session_makeup_grant:
 * @makeup: the make-up
 * @end_us: the visit's effective end so far
 * @max_us: the site's most make-up for one visit
 *
 * Gives lost time back right away, as far as @max_us and the next booking
 * on either kiosk allow.
 *
 * Returns: the time given back now (the end moves by as much), or 0
 */
gint64
kv_session_makeup_grant (KvSessionMakeup *makeup,
                         gint64           end_us,
                         gint64           max_us)
{
  gint64 owed = makeup->lost_us - makeup->makeup_us;
  gint64 room = max_us - makeup->makeup_us;
  gint64 extra;

  if (makeup->free_until_us != G_MAXINT64)
    room = MIN (room, makeup->free_until_us - end_us);

  extra = MIN (owed, room);
  if (extra <= 0)
    return 0;
  makeup->makeup_us += extra;
  return extra;
}
