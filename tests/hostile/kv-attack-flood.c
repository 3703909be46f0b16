/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-flood.h"

#include "kv-raw-http.h"
#include "kv-raw-socket.h"
#include "kv-raw-websocket.h"

#include <string.h>

/* Every wait for the server is bounded by this. */
#define REPLY_TIMEOUT_MS 2000
/* Long random paths: an audit entry that copies the path grows with it. */
#define PATH_LENGTH 512
/* Each flood thread rotates over this many source addresses of its own. */
#define ADDRESSES_PER_THREAD 4
#define LOCKOUT_ANSWER_MS 500

/* Refused before sign-in for every reason the codec and the handler have. */
static const char * const junk_messages[] = {
  "hello?",
  "[1,2,3]",
  "{\"type\":\"nope\"}",
  "{\"type\":\"ping\",\"client_time\":\"2026-01-01T00:00:00Z\"}",
  "{\"type\":\"ice\",\"booking\":\"b-legit\",\"generation\":1,\"mline_index\":0,"
  "\"candidate\":\"\"}",
  "{\"type\":\"staff_end\",\"booking\":\"b-legit\",\"reason\":\"no\"}",
};

guint64
kv_audit_flood_total (const KvAuditFloodResult *result)
{
  return result->http_refused + result->http_other + result->junk_sent + result->hellos_sent;
}

static char *
random_text (guint        length,
             const char  *alphabet)
{
  gsize n = strlen (alphabet);
  char *text = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    text[i] = alphabet[g_random_int_range (0, n)];
  text[length] = '\0';
  return text;
}

/* A well-formed device token that no kiosk has: refused for being wrong,
 * not for its syntax. */
static char *
bad_token (void)
{
  return random_text (43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

typedef enum {
  FLOOD_HTTP,
  FLOOD_JUNK,
  FLOOD_HELLO,
} FloodKind;

typedef struct
{
  FloodKind        kind;
  KvHostileServer *server;
  guint            first_address;
  gint64           deadline_us;
  guint64          max_requests;
  gint            *total;           /* atomic, shared by all flood threads */
  gint64           started_us;
  gint64           interval_us;     /* between two requests of this thread; 0: none */
  guint64          requests;        /* this thread's, for the pace */
  KvAuditFloodResult result;        /* this thread's */
} Flooder;

/* Waits until this thread's next request is due. A pause to pace the
 * attack, not to synchronise with anything. */
static void
pace (Flooder *flooder)
{
  gint64 due = flooder->started_us + (gint64) flooder->requests++ * flooder->interval_us;
  gint64 now = g_get_monotonic_time ();

  if (flooder->interval_us > 0 && due > now)
    g_usleep (MIN (due, flooder->deadline_us) - now);
}

static gboolean
flooding (Flooder *flooder)
{
  return g_get_monotonic_time () < flooder->deadline_us &&
         (guint64) g_atomic_int_get (flooder->total) < flooder->max_requests;
}

static char *
next_address (Flooder *flooder)
{
  return kv_raw_attacker_address (flooder->first_address +
                                  flooder->result.connections % ADDRESSES_PER_THREAD);
}

/* Admin requests with a wrong token on a kept-alive connection, one at a
 * time: as fast as the server answers, without queueing at it. */
static void
flood_http (Flooder *flooder)
{
  int fd = -1;

  while (flooding (flooder))
    {
      g_autofree char *path_tail = random_text (PATH_LENGTH,
                                                "abcdefghijklmnopqrstuvwxyz0123456789");
      g_autofree char *path = g_strconcat ("/api/v1/", path_tail, NULL);
      g_autofree char *token = bad_token ();
      g_autofree char *request = kv_raw_http_format ("GET", path, token, NULL, NULL);
      g_autoptr(KvRawResponse) response = NULL;
      const char *connection;

      pace (flooder);
      /* The server may close a connection after a 401: open another. */
      if (fd >= 0 && kv_raw_poll_end (fd) != KV_RAW_END_TIMEOUT)
        {
          kv_raw_close (fd);
          fd = -1;
        }
      if (fd < 0)
        {
          g_autofree char *address = next_address (flooder);

          flooder->result.connections++;
          fd = kv_raw_connect (address, flooder->server->port,
                               kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
          if (fd < 0)
            {
              flooder->result.failures++;
              continue;
            }
        }
      if (kv_raw_send_all (fd, request, strlen (request), kv_raw_deadline_ms (REPLY_TIMEOUT_MS),
                           NULL))
        response = kv_raw_http_read_response (fd, 64 * 1024, kv_raw_deadline_ms (REPLY_TIMEOUT_MS),
                                              NULL);
      if (response == NULL)
        {
          flooder->result.failures++;
          kv_raw_close (fd);
          fd = -1;
          continue;
        }
      g_atomic_int_inc (flooder->total);
      /* Refused for the token, or for the address's failures. */
      if (response->status == 401 || response->status == 429)
        flooder->result.http_refused++;
      else
        flooder->result.http_other++;
      connection = soup_message_headers_get_list (response->headers, "Connection");
      if (connection != NULL && soup_header_contains (connection, "close"))
        {
          kv_raw_close (fd);
          fd = -1;
        }
    }
  kv_raw_close (fd);
}

/* Sends junk on @ws, each after the answer to the last, until the server
 * closes the connection or @max are sent; paced and counted when
 * @flooder is not %NULL. Returns: how many were sent */
static guint
send_junk (KvRawWebsocket *ws,
           guint           max,
           Flooder        *flooder)
{
  guint sent = 0;

  while (sent < max && (flooder == NULL || flooding (flooder)))
    {
      g_autoptr(KvRawFrame) answer = NULL;

      if (flooder != NULL)
        pace (flooder);
      const char *junk = junk_messages[g_random_int_range (0, G_N_ELEMENTS (junk_messages))];

      if (!kv_raw_websocket_send_text (ws, junk, kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL))
        break;
      sent++;
      if (flooder != NULL)
        g_atomic_int_inc (flooder->total);
      answer = kv_raw_websocket_read_frame (ws, kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
      if (answer == NULL || answer->opcode == KV_RAW_WS_OPCODE_CLOSE)
        break;
    }
  return sent;
}

static void
flood_junk (Flooder *flooder)
{
  while (flooding (flooder))
    {
      g_autofree char *address = next_address (flooder);
      KvRawWebsocket *ws;

      pace (flooder);
      flooder->result.connections++;
      ws = kv_raw_websocket_connect (address, flooder->server->port, NULL,
                                     kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
      if (ws == NULL)
        {
          flooder->result.failures++;
          continue;
        }
      flooder->result.junk_sent += send_junk (ws, 1000, flooder);
      kv_raw_websocket_free (ws);
    }
}

/* Returns: whether the hello was sent; *@out_welcomed if it got a welcome
 * within @answer_ms */
static gboolean
send_bad_hello (const char *source_address,
                guint16     port,
                guint       answer_ms,
                gboolean   *out_welcomed)
{
  g_autofree char *token = bad_token ();
  g_autoptr(KvMessage) hello = kv_raw_hello_new (token);
  g_autoptr(KvMessage) answer = NULL;
  KvRawWebsocket *ws = kv_raw_websocket_connect (source_address, port, NULL,
                                                 kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
  gboolean sent;

  *out_welcomed = FALSE;
  if (ws == NULL)
    return FALSE;
  sent = kv_raw_websocket_send_message (ws, hello, kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);
  if (sent)
    {
      answer = kv_raw_websocket_read_message (ws, kv_raw_deadline_ms (answer_ms), NULL);
      *out_welcomed = answer != NULL && answer->type == KV_MESSAGE_WELCOME;
    }
  kv_raw_websocket_free (ws);
  return sent;
}

static void
flood_hellos (Flooder *flooder)
{
  while (flooding (flooder))
    {
      g_autofree char *address = next_address (flooder);
      gboolean welcomed;

      pace (flooder);
      flooder->result.connections++;
      if (!send_bad_hello (address, flooder->server->port, REPLY_TIMEOUT_MS, &welcomed))
        {
          flooder->result.failures++;
          continue;
        }
      g_atomic_int_inc (flooder->total);
      flooder->result.hellos_sent++;
      if (welcomed)
        flooder->result.hellos_welcomed++;
    }
}

static gpointer
run_flooder (gpointer user_data)
{
  Flooder *flooder = user_data;

  switch (flooder->kind)
    {
    case FLOOD_HTTP:
      flood_http (flooder);
      break;
    case FLOOD_JUNK:
      flood_junk (flooder);
      break;
    case FLOOD_HELLO:
    default:
      flood_hellos (flooder);
      break;
    }
  return NULL;
}

/**
 * kv_attack_audit_flood:
 * @seconds: how long to flood
 * @max_requests: stop early after this many (the test's cap on what a
 *   server that audits every one of them writes to disk)
 * @max_per_second: the pace of the whole flood; 0: as fast as the server
 *   answers
 * @first_address: index of the first attacker address
 *
 * Four threads, each waiting for the server's answer before the next
 * request: two for admin requests, one for junk, one for hellos (each a
 * quarter of the pace). Each has its own source addresses.
 */
void
kv_attack_audit_flood (KvHostileServer    *server,
                       guint               seconds,
                       guint64             max_requests,
                       guint               max_per_second,
                       guint               first_address,
                       KvAuditFloodResult *out_result)
{
  static const FloodKind kinds[] = { FLOOD_HTTP, FLOOD_HTTP, FLOOD_JUNK, FLOOD_HELLO };
  Flooder flooders[G_N_ELEMENTS (kinds)];
  GThread *threads[G_N_ELEMENTS (kinds)];
  gint64 started = g_get_monotonic_time ();
  gint total = 0;

  memset (out_result, 0, sizeof *out_result);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      memset (&flooders[i], 0, sizeof flooders[i]);
      flooders[i].kind = kinds[i];
      flooders[i].server = server;
      flooders[i].first_address = first_address + i * ADDRESSES_PER_THREAD;
      flooders[i].deadline_us = started + (gint64) seconds * G_USEC_PER_SEC;
      flooders[i].max_requests = max_requests;
      flooders[i].total = &total;
      flooders[i].started_us = started;
      flooders[i].interval_us = max_per_second > 0
                                  ? (gint64) G_N_ELEMENTS (kinds) * G_USEC_PER_SEC / max_per_second
                                  : 0;
      threads[i] = g_thread_new ("hostile-flood", run_flooder, &flooders[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      KvAuditFloodResult *r = &flooders[i].result;

      g_thread_join (threads[i]);
      out_result->http_refused += r->http_refused;
      out_result->http_other += r->http_other;
      out_result->junk_sent += r->junk_sent;
      out_result->hellos_sent += r->hellos_sent;
      out_result->hellos_welcomed += r->hellos_welcomed;
      out_result->connections += r->connections;
      out_result->failures += r->failures;
    }
  out_result->seconds = (g_get_monotonic_time () - started) / 1e6;
}

void
kv_lockout_result_clear (KvLockoutResult *result)
{
  g_clear_pointer (&result->sign_in_failure, g_free);
}

/**
 * kv_attack_lockout:
 * @source_address: where all of it comes from
 * @valid_token: the token of a kiosk that then signs in from there
 *
 * Junk (over as many connections as the server closes), then bad hellos,
 * then a valid sign-in, all in turn.
 */
void
kv_attack_lockout (KvHostileServer *server,
                   const char      *source_address,
                   guint            n_junk,
                   guint            n_hellos,
                   const char      *valid_token,
                   KvLockoutResult *out_result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) reply = NULL;
  gint64 deadline = kv_raw_deadline_ms (30000);
  gint64 started;
  guint failures = 0;

  memset (out_result, 0, sizeof *out_result);
  while (out_result->junk_sent < n_junk && g_get_monotonic_time () < deadline)
    {
      KvRawWebsocket *ws = kv_raw_websocket_connect (source_address, server->port, NULL,
                                                     kv_raw_deadline_ms (REPLY_TIMEOUT_MS), NULL);

      out_result->connections++;
      if (ws == NULL && ++failures >= 10)
        break;
      if (ws == NULL)
        continue;
      out_result->junk_sent += send_junk (ws, n_junk - out_result->junk_sent, NULL);
      kv_raw_websocket_free (ws);
    }
  while (out_result->hellos_sent < n_hellos && g_get_monotonic_time () < deadline)
    {
      gboolean welcomed;

      out_result->connections++;
      /* Not waiting long for the answer: a server may slow bad sign-ins
       * down, and what counts is what comes after them. */
      if (send_bad_hello (source_address, server->port, LOCKOUT_ANSWER_MS, &welcomed))
        out_result->hellos_sent++;
      else if (++failures >= 10)
        break;
    }

  started = g_get_monotonic_time ();
  reply = kv_raw_sign_in (source_address, server->port, valid_token, kv_raw_deadline_ms (2000),
                          &error);
  out_result->sign_in_ms = (g_get_monotonic_time () - started) / 1000.0;
  out_result->welcomed = reply != NULL && reply->type == KV_MESSAGE_WELCOME;
  if (reply == NULL)
    out_result->sign_in_failure = g_strdup_printf ("no answer: %s", error->message);
  else if (!out_result->welcomed)
    out_result->sign_in_failure =
      g_strdup_printf ("error %s", reply->type == KV_MESSAGE_ERROR
                                     ? kv_protocol_error_to_string (reply->error.code)
                                     : "(not a welcome)");
}
