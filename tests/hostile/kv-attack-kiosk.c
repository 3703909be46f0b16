/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-kiosk.h"

#include "kv-raw-socket.h"
#include "kv-raw-websocket.h"

#include <string.h>

#define REPLY_TIMEOUT_MS 2000
/* After sign-in the server sends schedule, join and session at once. */
#define QUIET_MS 300
#define MARKER "candidate:999 1 UDP 2122252543 127.0.0.1 49999 typ host"

void
kv_kiosk_abuse_result_clear (KvKioskAbuseResult *result)
{
  g_clear_pointer (&result->staff_end_answer, g_free);
  g_clear_pointer (&result->pause_answer, g_free);
  g_clear_pointer (&result->alert_answer, g_free);
  g_clear_pointer (&result->sdp_answer, g_free);
  g_clear_pointer (&result->detail, g_free);
}

/* Returns: (transfer full) (nullable): a signed-in kiosk's WebSocket, its
 * first messages read */
static KvRawWebsocket *
sign_in (KvHostileServer *server,
         const char      *token,
         GError         **error)
{
  g_autoptr(KvMessage) hello = kv_raw_hello_new (token);
  gint64 deadline = kv_raw_deadline_ms (REPLY_TIMEOUT_MS);
  KvRawWebsocket *ws = kv_raw_websocket_connect (NULL, server->port, NULL, deadline, error);

  if (ws == NULL || !kv_raw_websocket_send_message (ws, hello, deadline, error))
    goto failed;
  while (TRUE)
    {
      g_autoptr(KvMessage) message = kv_raw_websocket_read_message (ws, deadline, error);

      if (message == NULL)
        goto failed;
      if (message->type == KV_MESSAGE_WELCOME)
        break;
      if (message->type == KV_MESSAGE_ERROR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sign-in refused: %s",
                       kv_protocol_error_to_string (message->error.code));
          goto failed;
        }
    }
  /* Read what follows the welcome until the server is quiet. */
  while (TRUE)
    {
      g_autoptr(KvMessage) message =
        kv_raw_websocket_read_message (ws, kv_raw_deadline_ms (QUIET_MS), NULL);
      if (message == NULL)
        break;
    }
  return ws;

failed:
  kv_raw_websocket_free (ws);
  return NULL;
}

/* Reads until the error that answers @type. Returns: its code, or a
 * description of what came instead; *@out_ended if an `end` for
 * @watched_booking came on the way */
static char *
read_answer (KvRawWebsocket *ws,
             const char     *type,
             const char     *watched_booking,
             gboolean       *out_ended)
{
  gint64 deadline = kv_raw_deadline_ms (REPLY_TIMEOUT_MS);

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KvMessage) message = kv_raw_websocket_read_message (ws, deadline, &error);

      if (message == NULL)
        return g_strdup_printf ("no error answered %s: %s", type, error->message);
      if (message->type == KV_MESSAGE_END && out_ended != NULL &&
          g_strcmp0 (message->end.booking_id, watched_booking) == 0)
        *out_ended = TRUE;
      if (message->type == KV_MESSAGE_ERROR && g_strcmp0 (message->error.in_reply_to, type) == 0)
        return g_strdup (kv_protocol_error_to_string (message->error.code));
    }
}

static gboolean
send (KvRawWebsocket *ws,
      KvMessage      *message)
{
  g_autoptr(KvMessage) owned = message;

  return kv_raw_websocket_send_message (ws, owned, kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
}

/**
 * kv_attack_kiosk_abuse:
 *
 * The answers are read from the wire; whether next week's booking is still
 * scheduled is the test's to check through the admin API.
 */
void
kv_attack_kiosk_abuse (KvHostileServer    *server,
                       KvKioskAbuseResult *out_result)
{
  g_autoptr(GError) error = NULL;
  KvRawWebsocket *prison = NULL, *community = NULL;
  KvMessage *message;
  gint64 deadline;

  memset (out_result, 0, sizeof *out_result);
  prison = sign_in (server, server->abuse_prison_token, &error);
  if (prison != NULL)
    community = sign_in (server, server->abuse_community_token, &error);
  if (prison == NULL || community == NULL)
    {
      out_result->detail = g_strdup_printf ("kiosks of the abuse booking: %s", error->message);
      goto out;
    }

  message = kv_message_new (KV_MESSAGE_STAFF_END);
  message->staff_end.booking_id = g_strdup (KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING);
  message->staff_end.reason = g_strdup ("Ending next week's visit now");
  message->staff_end.category = KV_END_CATEGORY_SAFEGUARDING;
  send (prison, message);
  out_result->staff_end_answer = read_answer (prison, "staff_end",
                                              KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING,
                                              &out_result->staff_end_took_effect);

  message = kv_message_new (KV_MESSAGE_PAUSE);
  message->pause.booking_id = g_strdup (KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING);
  message->pause.paused = TRUE;
  message->pause.category = KV_PAUSE_CATEGORY_OTHER;
  send (prison, message);
  out_result->pause_answer = read_answer (prison, "pause", NULL, NULL);

  message = kv_message_new (KV_MESSAGE_CHILD_ALERT);
  message->child_alert.booking_id = g_strdup (KV_HOSTILE_ABUSE_BOOKING);
  send (prison, message);
  out_result->alert_answer = read_answer (prison, "child_alert", NULL, NULL);

  /* The child's own alert: taken without a word to the prison kiosk. */
  message = kv_message_new (KV_MESSAGE_CHILD_ALERT);
  message->child_alert.booking_id = g_strdup (KV_HOSTILE_ABUSE_BOOKING);
  send (community, message);

  message = kv_message_new (KV_MESSAGE_SDP);
  message->sdp.booking_id = g_strdup (KV_HOSTILE_ABUSE_BOOKING);
  message->sdp.generation = 1;
  message->sdp.sdp_type = KV_SDP_OFFER;
  message->sdp.sdp = g_strdup ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
  send (community, message);
  out_result->sdp_answer = read_answer (community, "sdp", NULL, NULL);

  /* An ice the community may send, after the offer on the same connection:
   * once the prison kiosk has it, anything relayed before has arrived. */
  message = kv_message_new (KV_MESSAGE_ICE);
  message->ice.booking_id = g_strdup (KV_HOSTILE_ABUSE_BOOKING);
  message->ice.generation = 1;
  message->ice.candidate = g_strdup (MARKER);
  send (community, message);
  deadline = kv_raw_deadline_ms (REPLY_TIMEOUT_MS);
  while (!out_result->marker_relayed)
    {
      g_autoptr(KvMessage) received = kv_raw_websocket_read_message (prison, deadline, NULL);

      if (received == NULL)
        break;
      if (received->type == KV_MESSAGE_SDP)
        out_result->sdp_relayed = TRUE;
      else if (received->type != KV_MESSAGE_ICE)
        out_result->alert_heard = TRUE;
      if (received->type == KV_MESSAGE_ICE && g_strcmp0 (received->ice.candidate, MARKER) == 0)
        out_result->marker_relayed = TRUE;
    }

out:
  kv_raw_websocket_free (prison);
  kv_raw_websocket_free (community);
}
