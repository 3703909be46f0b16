/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-types.h"

G_BEGIN_DECLS

/*
 * KvSessionPauses:
 *
 * Private to KvSession: what interrupts a live visit and what is muted.
 * A visit loses time while its media is lost or while staff on either side
 * have paused it; both together, or both sides at once, count once. Sound
 * muted by either side is not lost time: the two still see each other.
 *
 * The setters return the time an interruption that ended just now lasted
 * (0 when none ended), for the session to add to its lost time and give
 * back as make-up.
 */
typedef struct
{
  gboolean         media_lost;
  KvSideFlags      paused;
  KvPauseCategory  prison_category;     /* while the prison side pauses */
  KvPauseCategory  community_category;  /* while the community side pauses */
  KvSideFlags      last_paused;         /* the side that paused last */
  KvSideFlags      muted;
  gint64           since_us;            /* start of the interruption going on */
} KvSessionPauses;

gboolean        kv_session_pauses_is_interrupted (const KvSessionPauses *pauses);
gint64          kv_session_pauses_ongoing_us     (const KvSessionPauses *pauses,
                                                  gint64                 now_us);
KvPauseCategory kv_session_pauses_get_category   (const KvSessionPauses *pauses,
                                                  KvSideFlags            side);
KvPauseCategory kv_session_pauses_get_shown_category (const KvSessionPauses *pauses);

gint64          kv_session_pauses_set_media_lost (KvSessionPauses       *pauses,
                                                  gboolean               lost,
                                                  gint64                 now_us);
gint64          kv_session_pauses_set_paused     (KvSessionPauses       *pauses,
                                                  KvSideFlags            side,
                                                  KvPauseCategory        category,
                                                  gint64                 now_us);
gint64          kv_session_pauses_lift           (KvSessionPauses       *pauses,
                                                  gint64                 now_us);
gboolean        kv_session_pauses_set_muted      (KvSessionPauses       *pauses,
                                                  KvSideFlags            side,
                                                  gboolean               muted);
gint64          kv_session_pauses_stop           (KvSessionPauses       *pauses,
                                                  gint64                 now_us);
void            kv_session_pauses_restore        (KvSessionPauses       *pauses,
                                                  KvPauseCategory        prison_category,
                                                  KvPauseCategory        community_category,
                                                  KvSideFlags            muted,
                                                  gint64                 now_us);

G_END_DECLS
