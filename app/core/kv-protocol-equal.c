/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol-private.h"

#include <string.h>

/*
 * Field-by-field comparison of messages, for the round-trip tests and the
 * fuzzers: parse (serialize (m)) must give back exactly m.
 */

static gboolean
bookings_equal (const KvBooking *a,
                const KvBooking *b)
{
  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->prison_kiosk, b->prison_kiosk) == 0 &&
         g_strcmp0 (a->community_kiosk, b->community_kiosk) == 0 &&
         a->start_us == b->start_us && a->end_us == b->end_us &&
         g_strcmp0 (a->prison_label, b->prison_label) == 0 &&
         g_strcmp0 (a->community_label, b->community_label) == 0 &&
         a->age_band == b->age_band;
}

static gboolean
ice_servers_equal (const KvIceServer *a,
                   const KvIceServer *b)
{
  guint n_a = a->urls != NULL ? a->urls->len : 0;
  guint n_b = b->urls != NULL ? b->urls->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (g_strcmp0 (g_ptr_array_index (a->urls, i), g_ptr_array_index (b->urls, i)) != 0)
      return FALSE;

  return g_strcmp0 (a->username, b->username) == 0 &&
         g_strcmp0 (a->credential, b->credential) == 0;
}

static gboolean
arrays_equal (GPtrArray *a,
              GPtrArray *b,
              gboolean (*equal) (gconstpointer, gconstpointer))
{
  guint n_a = a != NULL ? a->len : 0;
  guint n_b = b != NULL ? b->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
roster_entry_equal_func (gconstpointer a,
                         gconstpointer b)
{
  const KvRosterEntry *x = a, *y = b;

  return g_strcmp0 (x->id, y->id) == 0 && g_strcmp0 (x->name, y->name) == 0 &&
         g_strcmp0 (x->pin_hash, y->pin_hash) == 0;
}

static gboolean
booking_equal_func (gconstpointer a,
                    gconstpointer b)
{
  return bookings_equal (a, b);
}

static gboolean
ice_server_equal_func (gconstpointer a,
                       gconstpointer b)
{
  return ice_servers_equal (a, b);
}

/**
 * kv_message_equal:
 * @a: a message
 * @b: another message
 *
 * Compares every field, for round-trip tests and the fuzzers.
 *
 * Returns: whether @a and @b are the same message
 */
gboolean
kv_message_equal (const KvMessage *a,
                  const KvMessage *b)
{
  if (a == NULL || b == NULL || a->type != b->type)
    return a == b;

  switch (a->type)
    {
    case KV_MESSAGE_HELLO:
      return a->hello.version == b->hello.version &&
             g_strcmp0 (a->hello.token, b->hello.token) == 0 &&
             g_strcmp0 (a->hello.software, b->hello.software) == 0;
    case KV_MESSAGE_WELCOME:
      return a->welcome.version == b->welcome.version &&
             g_strcmp0 (a->welcome.kiosk_id, b->welcome.kiosk_id) == 0 &&
             a->welcome.role == b->welcome.role &&
             g_strcmp0 (a->welcome.kiosk_label, b->welcome.kiosk_label) == 0 &&
             a->welcome.server_time_us == b->welcome.server_time_us;
    case KV_MESSAGE_PING:
      return a->ping.client_time_us == b->ping.client_time_us;
    case KV_MESSAGE_PONG:
      return a->pong.client_time_us == b->pong.client_time_us &&
             a->pong.server_time_us == b->pong.server_time_us;
    case KV_MESSAGE_SCHEDULE:
      return a->schedule.server_time_us == b->schedule.server_time_us &&
             arrays_equal (a->schedule.bookings, b->schedule.bookings, booking_equal_func);
    case KV_MESSAGE_JOIN:
      return g_strcmp0 (a->join.booking_id, b->join.booking_id) == 0 &&
             !a->join.offerer == !b->join.offerer &&
             a->join.start_us == b->join.start_us && a->join.end_us == b->join.end_us &&
             a->join.goodbye_us == b->join.goodbye_us &&
             a->join.n_cues == b->join.n_cues &&
             memcmp (a->join.cues, b->join.cues,
                     MIN (a->join.n_cues, KV_SITE_RULES_MAX_CUES) * sizeof (guint)) == 0 &&
             arrays_equal (a->join.ice_servers, b->join.ice_servers, ice_server_equal_func);
    case KV_MESSAGE_PRESENCE:
      return g_strcmp0 (a->presence.booking_id, b->presence.booking_id) == 0 &&
             !a->presence.present == !b->presence.present &&
             !a->presence.supervised == !b->presence.supervised;
    case KV_MESSAGE_CONFIRM:
      return g_strcmp0 (a->confirm.booking_id, b->confirm.booking_id) == 0 &&
             g_strcmp0 (a->confirm.staff_id, b->confirm.staff_id) == 0;
    case KV_MESSAGE_SESSION:
      return g_strcmp0 (a->session.booking_id, b->session.booking_id) == 0 &&
             a->session.state == b->session.state &&
             a->session.start_us == b->session.start_us &&
             a->session.end_us == b->session.end_us &&
             a->session.goodbye_us == b->session.goodbye_us &&
             a->session.present == b->session.present &&
             a->session.confirmed == b->session.confirmed &&
             a->session.lost_us == b->session.lost_us &&
             a->session.makeup_us == b->session.makeup_us &&
             a->session.outcome == b->session.outcome &&
             a->session.paused == b->session.paused &&
             a->session.pause_category == b->session.pause_category &&
             a->session.muted == b->session.muted &&
             !a->session.supervised == !b->session.supervised &&
             a->session.end_category == b->session.end_category;
    case KV_MESSAGE_START:
      return g_strcmp0 (a->start.booking_id, b->start.booking_id) == 0 &&
             a->start.end_us == b->start.end_us;
    case KV_MESSAGE_CUE:
      return g_strcmp0 (a->cue.booking_id, b->cue.booking_id) == 0 &&
             a->cue.seconds_left == b->cue.seconds_left &&
             !a->cue.half_way == !b->cue.half_way;
    case KV_MESSAGE_GOODBYE:
      return g_strcmp0 (a->goodbye.booking_id, b->goodbye.booking_id) == 0 &&
             a->goodbye.end_us == b->goodbye.end_us &&
             a->goodbye.category == b->goodbye.category;
    case KV_MESSAGE_END:
      return g_strcmp0 (a->end.booking_id, b->end.booking_id) == 0 &&
             a->end.outcome == b->end.outcome && a->end.absent == b->end.absent &&
             g_strcmp0 (a->end.reason, b->end.reason) == 0 &&
             a->end.lost_us == b->end.lost_us &&
             a->end.category == b->end.category;
    case KV_MESSAGE_STAFF_END:
      return g_strcmp0 (a->staff_end.booking_id, b->staff_end.booking_id) == 0 &&
             g_strcmp0 (a->staff_end.reason, b->staff_end.reason) == 0 &&
             a->staff_end.category == b->staff_end.category &&
             g_strcmp0 (a->staff_end.staff_id, b->staff_end.staff_id) == 0;
    case KV_MESSAGE_MEDIA:
      return g_strcmp0 (a->media.booking_id, b->media.booking_id) == 0 &&
             !a->media.flowing == !b->media.flowing;
    case KV_MESSAGE_PAUSE:
      return g_strcmp0 (a->pause.booking_id, b->pause.booking_id) == 0 &&
             !a->pause.paused == !b->pause.paused &&
             a->pause.category == b->pause.category &&
             g_strcmp0 (a->pause.staff_id, b->pause.staff_id) == 0;
    case KV_MESSAGE_MUTE:
      return g_strcmp0 (a->mute.booking_id, b->mute.booking_id) == 0 &&
             !a->mute.muted == !b->mute.muted &&
             g_strcmp0 (a->mute.staff_id, b->mute.staff_id) == 0;
    case KV_MESSAGE_CHILD_ALERT:
      return g_strcmp0 (a->child_alert.booking_id, b->child_alert.booking_id) == 0;
    case KV_MESSAGE_SDP:
      return g_strcmp0 (a->sdp.booking_id, b->sdp.booking_id) == 0 &&
             a->sdp.generation == b->sdp.generation &&
             a->sdp.sdp_type == b->sdp.sdp_type &&
             g_strcmp0 (a->sdp.sdp, b->sdp.sdp) == 0;
    case KV_MESSAGE_ICE:
      return g_strcmp0 (a->ice.booking_id, b->ice.booking_id) == 0 &&
             a->ice.generation == b->ice.generation &&
             a->ice.mline_index == b->ice.mline_index &&
             g_strcmp0 (a->ice.candidate, b->ice.candidate) == 0;
    case KV_MESSAGE_ERROR:
      return a->error.code == b->error.code &&
             g_strcmp0 (a->error.message, b->error.message) == 0 &&
             g_strcmp0 (a->error.in_reply_to, b->error.in_reply_to) == 0;
    case KV_MESSAGE_STAFF_ROSTER:
      return g_strcmp0 (a->staff_roster.time_zone, b->staff_roster.time_zone) == 0 &&
             arrays_equal (a->staff_roster.staff, b->staff_roster.staff,
                           roster_entry_equal_func);
    default:
      return FALSE;
    }
}
