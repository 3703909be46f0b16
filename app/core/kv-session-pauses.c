/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session-pauses.h"

static KvPauseCategory *
category_of (KvSessionPauses *pauses,
             KvSideFlags      side)
{
  return side == KV_SIDE_PRISON ? &pauses->prison_category : &pauses->community_category;
}

gboolean
kv_session_pauses_is_interrupted (const KvSessionPauses *pauses)
{
  return pauses->media_lost || pauses->paused != KV_SIDE_NONE;
}

/* The part of the interruption going on that is not yet counted. */
gint64
kv_session_pauses_ongoing_us (const KvSessionPauses *pauses,
                              gint64                 now_us)
{
  if (!kv_session_pauses_is_interrupted (pauses))
    return 0;
  return MAX (0, now_us - pauses->since_us);
}

KvPauseCategory
kv_session_pauses_get_category (const KvSessionPauses *pauses,
                                KvSideFlags            side)
{
  if (!(pauses->paused & side))
    return KV_PAUSE_CATEGORY_NONE;
  return side == KV_SIDE_PRISON ? pauses->prison_category : pauses->community_category;
}

/* What both kiosks show: the reason of the side that paused last, while it
 * is paused; else that of the side still paused. */
KvPauseCategory
kv_session_pauses_get_shown_category (const KvSessionPauses *pauses)
{
  if (pauses->paused & pauses->last_paused)
    return kv_session_pauses_get_category (pauses, pauses->last_paused);
  if (pauses->paused & KV_SIDE_PRISON)
    return pauses->prison_category;
  if (pauses->paused & KV_SIDE_COMMUNITY)
    return pauses->community_category;
  return KV_PAUSE_CATEGORY_NONE;
}

/* Call with what was interrupted before a change: starts the clock of a new
 * interruption, or returns how long the one that just ended lasted. */
static gint64
account (KvSessionPauses *pauses,
         gboolean         was_interrupted,
         gint64           now_us)
{
  gboolean is_interrupted = kv_session_pauses_is_interrupted (pauses);

  if (!was_interrupted && is_interrupted)
    pauses->since_us = now_us;
  else if (was_interrupted && !is_interrupted)
    return MAX (0, now_us - pauses->since_us);
  return 0;
}

gint64
kv_session_pauses_set_media_lost (KvSessionPauses *pauses,
                                  gboolean         lost,
                                  gint64           now_us)
{
  gboolean was = kv_session_pauses_is_interrupted (pauses);

  pauses->media_lost = lost;
  return account (pauses, was, now_us);
}

/**
 * kv_session_pauses_set_paused:
 * @pauses: the pauses
 * @side: one side
 * @category: why it pauses, or %KV_PAUSE_CATEGORY_NONE to resume
 * @now_us: now
 *
 * A side that pauses again only changes its reason; a side resumes only
 * its own pause.
 *
 * Returns: the length of the interruption this ended, or 0
 */
gint64
kv_session_pauses_set_paused (KvSessionPauses *pauses,
                              KvSideFlags      side,
                              KvPauseCategory  category,
                              gint64           now_us)
{
  gboolean was = kv_session_pauses_is_interrupted (pauses);

  g_return_val_if_fail (side == KV_SIDE_PRISON || side == KV_SIDE_COMMUNITY, 0);

  *category_of (pauses, side) = category;
  if (category != KV_PAUSE_CATEGORY_NONE)
    {
      pauses->paused |= side;
      pauses->last_paused = side;
    }
  else
    pauses->paused &= ~side;
  return account (pauses, was, now_us);
}

/* The goodbye lifts every pause, so that nobody misses it. */
gint64
kv_session_pauses_lift (KvSessionPauses *pauses,
                        gint64           now_us)
{
  gboolean was = kv_session_pauses_is_interrupted (pauses);

  pauses->paused = KV_SIDE_NONE;
  pauses->prison_category = KV_PAUSE_CATEGORY_NONE;
  pauses->community_category = KV_PAUSE_CATEGORY_NONE;
  return account (pauses, was, now_us);
}

gboolean
kv_session_pauses_set_muted (KvSessionPauses *pauses,
                             KvSideFlags      side,
                             gboolean         muted)
{
  KvSideFlags before = pauses->muted;

  if (muted)
    pauses->muted |= side & KV_SIDE_BOTH;
  else
    pauses->muted &= ~side;
  return pauses->muted != before;
}

/* The visit is over: nothing is interrupted or muted any more. */
gint64
kv_session_pauses_stop (KvSessionPauses *pauses,
                        gint64           now_us)
{
  gint64 closed = kv_session_pauses_ongoing_us (pauses, now_us);

  *pauses = (KvSessionPauses) { 0, };
  return closed;
}

/* After a restart: staff's pauses and mutes hold (the kiosks hear them
 * again when they sign in); lost media does not (each kiosk reports its
 * own again). A pause going on counts from now: what it lasted before was
 * counted when the session was stored. */
void
kv_session_pauses_restore (KvSessionPauses *pauses,
                           KvPauseCategory  prison_category,
                           KvPauseCategory  community_category,
                           KvSideFlags      muted,
                           gint64           now_us)
{
  *pauses = (KvSessionPauses) { 0, };
  if (prison_category > KV_PAUSE_CATEGORY_NONE && prison_category <= KV_PAUSE_CATEGORY_OTHER)
    kv_session_pauses_set_paused (pauses, KV_SIDE_PRISON, prison_category, now_us);
  if (community_category > KV_PAUSE_CATEGORY_NONE &&
      community_category <= KV_PAUSE_CATEGORY_OTHER)
    kv_session_pauses_set_paused (pauses, KV_SIDE_COMMUNITY, community_category, now_us);
  pauses->muted = muted & KV_SIDE_BOTH;
}
