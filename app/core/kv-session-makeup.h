/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * KvSessionMakeup:
 *
 * Part of KvSession: the time a live visit lost (media lost, staff's
 * pauses) and the make-up time given back for it, which moves the end
 * later, as far as the site's maximum and the next booking on either kiosk
 * allow.
 */
typedef struct
{
  gint64 lost_us;         /* interruptions that ended, in total */
  gint64 makeup_us;       /* given back so far */
  gint64 free_until_us;   /* the next booking on either kiosk; G_MAXINT64: none */
} KvSessionMakeup;

void   kv_session_makeup_init     (KvSessionMakeup *makeup);
void   kv_session_makeup_add_lost (KvSessionMakeup *makeup,
                                   gint64           lost_us);
gint64 kv_session_makeup_grant    (KvSessionMakeup *makeup,
                                   gint64           end_us,
                                   gint64           max_us);

G_END_DECLS
