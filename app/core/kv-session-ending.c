/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session-ending.h"

void
kv_session_ending_clear (KvSessionEnding *ending)
{
  g_clear_pointer (&ending->reason, g_free);
  g_clear_pointer (&ending->actor, g_free);
  *ending = (KvSessionEnding) { 0, };
}

gboolean
kv_session_ending_is_recorded (const KvSessionEnding *ending)
{
  return ending->requested_us != 0;
}

gboolean
kv_session_ending_is_goodbye (const KvSessionEnding *ending)
{
  return ending->goodbye_from_us != 0;
}

/* Whether a staff end in @category ends the visit now rather than with a
 * goodbye: a safeguarding stop, or a kiosk of protocol version 1 that gave
 * no category (it has ended the call on its own screen already). */
gboolean
kv_session_ending_stops_at_once (KvEndCategory category)
{
  return category == KV_END_CATEGORY_SAFEGUARDING || category == KV_END_CATEGORY_NONE;
}

void
kv_session_ending_record (KvSessionEnding *ending,
                          KvEndCategory    category,
                          const char      *reason,
                          KvSideFlags      side,
                          const char      *actor,
                          gint64           now_us)
{
  g_free (ending->reason);
  ending->reason = g_strdup (reason);
  g_free (ending->actor);
  ending->actor = g_strdup (actor != NULL ? actor : "admin");
  ending->category = category;
  ending->side = side & KV_SIDE_BOTH;
  ending->requested_us = now_us;
}

void
kv_session_ending_start_goodbye (KvSessionEnding *ending,
                                 gint64           from_us,
                                 gint64           end_us)
{
  ending->goodbye_from_us = from_us;
  ending->end_us = MAX (from_us, end_us);
}

/**
 * kv_session_ending_goodbye_end:
 * @now_us: when staff asked
 * @slot_end_us: the visit's end so far (booked end plus make-up)
 * @goodbye_length_us: the site's goodbye length
 *
 * Returns: the end of a goodbye staff start now: the site's goodbye, and
 *   at least %KV_SESSION_STAFF_GOODBYE_MIN_US, but never past the slot
 */
gint64
kv_session_ending_goodbye_end (gint64 now_us,
                               gint64 slot_end_us,
                               gint64 goodbye_length_us)
{
  return MIN (slot_end_us, now_us + MAX (goodbye_length_us, KV_SESSION_STAFF_GOODBYE_MIN_US));
}

/* A reason staff can read back: UTF-8, at most @max_chars characters, no
 * control characters but newline and tab (the protocol's rule for reasons:
 * it is shown on screens and terminals), and something in it that is not
 * white space. */
gboolean
kv_session_ending_reason_is_valid (const char *reason,
                                   glong       max_chars)
{
  gboolean visible = FALSE;

  if (reason == NULL || !g_utf8_validate (reason, -1, NULL) ||
      g_utf8_strlen (reason, -1) > max_chars)
    return FALSE;
  for (const char *p = reason; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        return FALSE;
      visible = visible || !g_unichar_isspace (c);
    }
  return visible;
}

/* What a snapshot from the database says of a staff end: repaired, never
 * trusted (a reason or actor that is not UTF-8 is dropped), and a staff
 * goodbye never ends later than the visit would have (@slot_end_us). */
void
kv_session_ending_restore (KvSessionEnding         *ending,
                           const KvSessionSnapshot *snapshot,
                           gint64                   slot_end_us)
{
  const char *reason = snapshot->end_reason;
  const char *actor = snapshot->end_actor;

  if (snapshot->end_requested_us <= 0 && snapshot->end_reason == NULL)
    return;
  if (reason != NULL && !g_utf8_validate (reason, -1, NULL))
    reason = NULL;
  if (actor != NULL && !g_utf8_validate (actor, -1, NULL))
    actor = NULL;
  kv_session_ending_record (ending,
                            snapshot->end_category <= KV_END_CATEGORY_SAFEGUARDING
                              ? snapshot->end_category : KV_END_CATEGORY_OTHER,
                            reason, snapshot->end_side, actor,
                            MAX (0, snapshot->end_requested_us));
  if (snapshot->staff_goodbye_us > 0 && snapshot->staff_end_us > 0)
    kv_session_ending_start_goodbye (ending, snapshot->staff_goodbye_us,
                                     MIN (snapshot->staff_end_us, slot_end_us));
}
