/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol.h"
#include "kv-protocol-private.h"

/*
 * kv_message_serialize(): KvMessage -> compact JSON, written directly into a
 * GString. The server relays every sdp and ice message, so this is on the
 * hot path; a JsonBuilder tree per message would cost several allocations
 * per field for nothing. Field order is fixed ("type" first) so that output
 * is stable and easy to read in logs and tests.
 */

static void
append_string (GString    *out,
               const char *value)
{
  g_autofree char *valid = NULL;

  /* The parser refuses invalid UTF-8: never produce any. */
  if (value == NULL)
    value = "";
  else if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      const char *run = p;
      guchar c;

      /* Most bytes need no escape: copy them in runs. */
      while (*p != '\0' && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;

      c = (guchar) *p;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        /* Short forms for \b and \f too: no escape is ever longer than the
         * one a peer may have used, so a parsed message never grows. */
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:  /* the other control characters */
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_key (GString    *out,
            const char *key)
{
  /* Keys are the codec's own names: nothing to escape. */
  g_string_append (out, ",\"");
  g_string_append (out, key);
  g_string_append (out, "\":");
}

static void
add_string (GString    *out,
            const char *key,
            const char *value)
{
  append_key (out, key);
  append_string (out, value);
}

/* Optional fields are left out when unset. */
static void
add_optional_string (GString    *out,
                     const char *key,
                     const char *value)
{
  if (value != NULL)
    add_string (out, key, value);
}

/* Categories are left out when NONE: an absent field means NONE. */
static void
add_end_category (GString       *out,
                  const char    *key,
                  KvEndCategory  category)
{
  if (category != KV_END_CATEGORY_NONE)
    add_string (out, key, kv_end_category_to_string (category));
}

static void
add_pause_category (GString         *out,
                    const char      *key,
                    KvPauseCategory  category)
{
  if (category != KV_PAUSE_CATEGORY_NONE)
    add_string (out, key, kv_pause_category_to_string (category));
}

static void
add_int (GString    *out,
         const char *key,
         gint64      value)
{
  append_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
add_bool (GString    *out,
          const char *key,
          gboolean    value)
{
  append_key (out, key);
  g_string_append (out, value ? "true" : "false");
}

static void
add_time (GString    *out,
          const char *key,
          gint64      time_us)
{
  char text[KV_PROTOCOL_TIME_BUFFER_SIZE];
  gsize length = kv_protocol_format_time_into (time_us, text);

  append_key (out, key);
  g_string_append_c (out, '"');
  g_string_append_len (out, text, length);
  g_string_append_c (out, '"');
}

/* Durations are whole milliseconds on the wire. */
static void
add_duration (GString    *out,
              const char *key,
              gint64      duration_us)
{
  add_int (out, key, CLAMP (duration_us / 1000, 0, KV_PROTOCOL_MAX_DURATION_MS));
}

static void
add_sides (GString     *out,
           const char  *key,
           KvSideFlags  sides)
{
  append_key (out, key);
  g_string_append_c (out, '[');
  if (sides & KV_SIDE_PRISON)
    append_string (out, kv_role_to_string (KV_ROLE_PRISON));
  if ((sides & KV_SIDE_PRISON) && (sides & KV_SIDE_COMMUNITY))
    g_string_append_c (out, ',');
  if (sides & KV_SIDE_COMMUNITY)
    append_string (out, kv_role_to_string (KV_ROLE_COMMUNITY));
  g_string_append_c (out, ']');
}

static void
append_booking (GString         *out,
                const KvBooking *booking)
{
  g_string_append (out, "{\"id\":");
  append_string (out, booking->id);
  add_time (out, "start", booking->start_us);
  add_time (out, "end", booking->end_us);
  add_string (out, "prison_label", booking->prison_label);
  add_string (out, "community_label", booking->community_label);
  add_string (out, "age_band", kv_age_band_to_string (booking->age_band));
  g_string_append_c (out, '}');
}

static void
append_ice_server (GString           *out,
                   const KvIceServer *server)
{
  g_string_append (out, "{\"urls\":[");
  for (guint i = 0; server->urls != NULL && i < server->urls->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_string (out, g_ptr_array_index (server->urls, i));
    }
  g_string_append_c (out, ']');
  add_optional_string (out, "username", server->username);
  add_optional_string (out, "credential", server->credential);
  g_string_append_c (out, '}');
}

static void
append_body (GString         *out,
             const KvMessage *m)
{
  switch (m->type)
    {
    case KV_MESSAGE_HELLO:
      add_int (out, "version", m->hello.version);
      add_string (out, "token", m->hello.token);
      add_optional_string (out, "software", m->hello.software);
      break;

    case KV_MESSAGE_WELCOME:
      add_int (out, "version", m->welcome.version);
      add_string (out, "kiosk", m->welcome.kiosk_id);
      add_string (out, "role", kv_role_to_string (m->welcome.role));
      add_optional_string (out, "kiosk_label", m->welcome.kiosk_label);
      add_time (out, "server_time", m->welcome.server_time_us);
      break;

    case KV_MESSAGE_PING:
      add_time (out, "client_time", m->ping.client_time_us);
      break;

    case KV_MESSAGE_PONG:
      add_time (out, "client_time", m->pong.client_time_us);
      add_time (out, "server_time", m->pong.server_time_us);
      break;

    case KV_MESSAGE_SCHEDULE:
      add_time (out, "server_time", m->schedule.server_time_us);
      append_key (out, "bookings");
      g_string_append_c (out, '[');
      for (guint i = 0; m->schedule.bookings != NULL && i < m->schedule.bookings->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_booking (out, g_ptr_array_index (m->schedule.bookings, i));
        }
      g_string_append_c (out, ']');
      break;

    case KV_MESSAGE_JOIN:
      add_string (out, "booking", m->join.booking_id);
      add_bool (out, "offerer", m->join.offerer);
      add_time (out, "start", m->join.start_us);
      add_time (out, "end", m->join.end_us);
      add_duration (out, "goodbye_ms", m->join.goodbye_us);
      append_key (out, "cues");
      g_string_append_c (out, '[');
      for (guint i = 0; i < MIN (m->join.n_cues, KV_SITE_RULES_MAX_CUES); i++)
        g_string_append_printf (out, i > 0 ? ",%u" : "%u", m->join.cues[i]);
      g_string_append_c (out, ']');
      append_key (out, "ice_servers");
      g_string_append_c (out, '[');
      for (guint i = 0; m->join.ice_servers != NULL && i < m->join.ice_servers->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_ice_server (out, g_ptr_array_index (m->join.ice_servers, i));
        }
      g_string_append_c (out, ']');
      break;

    case KV_MESSAGE_PRESENCE:
      add_string (out, "booking", m->presence.booking_id);
      add_bool (out, "present", m->presence.present);
      /* Only ever true from a prison kiosk in a supervised room. */
      if (m->presence.supervised)
        add_bool (out, "supervised", TRUE);
      break;

    case KV_MESSAGE_CONFIRM:
      add_string (out, "booking", m->confirm.booking_id);
      add_optional_string (out, "staff", m->confirm.staff_id);
      break;

    case KV_MESSAGE_SESSION:
      add_string (out, "booking", m->session.booking_id);
      add_string (out, "state", kv_session_state_to_string (m->session.state));
      add_time (out, "start", m->session.start_us);
      add_time (out, "end", m->session.end_us);
      add_time (out, "goodbye", m->session.goodbye_us);
      add_sides (out, "present", m->session.present);
      add_sides (out, "confirmed", m->session.confirmed);
      add_duration (out, "lost_ms", m->session.lost_us);
      add_duration (out, "makeup_ms", m->session.makeup_us);
      add_string (out, "outcome", kv_outcome_to_string (m->session.outcome));
      add_sides (out, "paused", m->session.paused);
      add_pause_category (out, "pause_category", m->session.pause_category);
      add_sides (out, "muted", m->session.muted);
      add_bool (out, "supervised", m->session.supervised);
      add_end_category (out, "end_category", m->session.end_category);
      break;

    case KV_MESSAGE_START:
      add_string (out, "booking", m->start.booking_id);
      add_time (out, "end", m->start.end_us);
      break;

    case KV_MESSAGE_CUE:
      add_string (out, "booking", m->cue.booking_id);
      add_int (out, "seconds_left", m->cue.seconds_left);
      add_bool (out, "half_way", m->cue.half_way);
      break;

    case KV_MESSAGE_GOODBYE:
      add_string (out, "booking", m->goodbye.booking_id);
      add_time (out, "end", m->goodbye.end_us);
      add_end_category (out, "category", m->goodbye.category);
      break;

    case KV_MESSAGE_END:
      add_string (out, "booking", m->end.booking_id);
      add_string (out, "outcome", kv_outcome_to_string (m->end.outcome));
      add_sides (out, "absent", m->end.absent);
      add_optional_string (out, "reason", m->end.reason);
      add_duration (out, "lost_ms", m->end.lost_us);
      add_end_category (out, "category", m->end.category);
      break;

    case KV_MESSAGE_STAFF_END:
      add_string (out, "booking", m->staff_end.booking_id);
      add_string (out, "reason", m->staff_end.reason);
      add_end_category (out, "category", m->staff_end.category);
      add_optional_string (out, "staff", m->staff_end.staff_id);
      break;

    case KV_MESSAGE_MEDIA:
      add_string (out, "booking", m->media.booking_id);
      add_bool (out, "flowing", m->media.flowing);
      break;

    case KV_MESSAGE_PAUSE:
      add_string (out, "booking", m->pause.booking_id);
      add_bool (out, "paused", m->pause.paused);
      add_pause_category (out, "category", m->pause.category);
      add_optional_string (out, "staff", m->pause.staff_id);
      break;

    case KV_MESSAGE_MUTE:
      add_string (out, "booking", m->mute.booking_id);
      add_bool (out, "muted", m->mute.muted);
      add_optional_string (out, "staff", m->mute.staff_id);
      break;

    case KV_MESSAGE_CHILD_ALERT:
      add_string (out, "booking", m->child_alert.booking_id);
      break;

    case KV_MESSAGE_SDP:
      add_string (out, "booking", m->sdp.booking_id);
      add_int (out, "generation", m->sdp.generation);
      add_string (out, "sdp_type", m->sdp.sdp_type == KV_SDP_ANSWER ? "answer" : "offer");
      add_string (out, "sdp", m->sdp.sdp);
      break;

    case KV_MESSAGE_ICE:
      add_string (out, "booking", m->ice.booking_id);
      add_int (out, "generation", m->ice.generation);
      add_int (out, "mline_index", m->ice.mline_index);
      add_string (out, "candidate", m->ice.candidate);
      break;

    case KV_MESSAGE_ERROR:
      add_string (out, "code", kv_protocol_error_to_string (m->error.code));
      add_string (out, "message", m->error.message);
      add_optional_string (out, "in_reply_to", m->error.in_reply_to);
      break;

    case KV_MESSAGE_STAFF_ROSTER:
      add_optional_string (out, "time_zone", m->staff_roster.time_zone);
      append_key (out, "staff");
      g_string_append_c (out, '[');
      for (guint i = 0; m->staff_roster.staff != NULL && i < m->staff_roster.staff->len; i++)
        {
          const KvRosterEntry *entry = g_ptr_array_index (m->staff_roster.staff, i);

          g_string_append (out, i > 0 ? ",{\"id\":" : "{\"id\":");
          append_string (out, entry->id);
          add_string (out, "name", entry->name);
          add_string (out, "pin_hash", entry->pin_hash);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * kv_message_serialize:
 * @message: a message
 * @out_length: (out) (optional): the length of the result in bytes
 *
 * Writes @message as one compact JSON object, ready to send as a WebSocket
 * text message. Times and durations are written at the protocol's
 * resolution of a millisecond. A message that kv_message_parse() returned
 * comes back unchanged through kv_message_parse (kv_message_serialize (m)).
 *
 * Returns: (transfer full): the JSON text
 */
char *
kv_message_serialize (const KvMessage *message,
                      gsize           *out_length)
{
  GString *out;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail ((guint) message->type < KV_MESSAGE_N_TYPES, NULL);

  out = g_string_sized_new (message->type == KV_MESSAGE_SDP ? 4096 : 128);
  g_string_append (out, "{\"type\":");
  append_string (out, kv_message_type_to_string (message->type));
  append_body (out, message);
  g_string_append_c (out, '}');

  if (out_length != NULL)
    *out_length = out->len;
  return g_string_free (out, FALSE);
}
