/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-legit-pair.h"

#include "kv-hostile-server.h"
#include "kv-protocol.h"

#include <libsoup/soup.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SIGN_IN_TIMEOUT_US (10 * G_USEC_PER_SEC)
/* After the last send, how long a message may still be on its way. */
#define DRAIN_TIMEOUT_US (1 * G_USEC_PER_SEC)
#define CANDIDATE_PREFIX "candidate:"

typedef struct
{
  KvLegitPair             *pair;
  guint                    index;        /* 0: prison, 1: community */
  char                    *token;
  SoupWebsocketConnection *connection;
  gboolean                 signed_in;
  gboolean                 failed;
  GArray                  *sent_us;      /* gint64, by sequence number, of what this kiosk sent */
  GArray                  *arrived_us;   /* gint64, the same messages' arrival at the other kiosk */
} Kiosk;

struct _KvLegitPair
{
  GThread      *thread;
  GMainContext *context;
  SoupSession  *session;
  guint16       port;
  char         *booking_id;
  guint         interval_ms;
  Kiosk         kiosks[2];
  guint         received;
  gint          stop;           /* atomic */
  GMutex        lock;
  GCond         changed;
  gboolean      ready;          /* both signed in, or one failed */
  char         *failure;
};

static void
report_ready (KvLegitPair *self,
              const char  *failure)
{
  g_mutex_lock (&self->lock);
  if (!self->ready)
    {
      self->ready = TRUE;
      self->failure = g_strdup (failure);
      g_cond_signal (&self->changed);
    }
  g_mutex_unlock (&self->lock);
}

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *data,
            gpointer                 user_data)
{
  /* Before anything else: the time to parse is ours, not the server's. */
  gint64 arrived = g_get_monotonic_time ();
  Kiosk *kiosk = user_data;
  KvLegitPair *self = kiosk->pair;
  Kiosk *from = &self->kiosks[1 - kiosk->index];
  g_autoptr(KvMessage) message = NULL;
  gsize length;
  const char *text = g_bytes_get_data (data, &length);
  guint64 seq;

  message = kv_message_parse (text, length, NULL);
  if (message == NULL)
    return;
  if (message->type == KV_MESSAGE_WELCOME && !kiosk->signed_in)
    {
      kiosk->signed_in = TRUE;
      if (self->kiosks[0].signed_in && self->kiosks[1].signed_in)
        report_ready (self, NULL);
      return;
    }
  if (message->type == KV_MESSAGE_ERROR && !kiosk->signed_in)
    {
      report_ready (self, "a kiosk of the legitimate pair could not sign in");
      return;
    }
  if (message->type != KV_MESSAGE_ICE ||
      !g_str_has_prefix (message->ice.candidate, CANDIDATE_PREFIX))
    return;
  seq = g_ascii_strtoull (message->ice.candidate + strlen (CANDIDATE_PREFIX), NULL, 10);
  if (seq < from->arrived_us->len && g_array_index (from->arrived_us, gint64, seq) == 0)
    {
      g_array_index (from->arrived_us, gint64, seq) = arrived;
      self->received++;
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Kiosk *kiosk = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autofree char *text = NULL;
  GIOStream *stream;

  kiosk->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (kiosk->connection == NULL)
    {
      report_ready (kiosk->pair, "a kiosk of the legitimate pair could not connect");
      return;
    }
  stream = soup_websocket_connection_get_io_stream (kiosk->connection);
  if (G_IS_SOCKET_CONNECTION (stream))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_signal_connect (kiosk->connection, "message", G_CALLBACK (on_message), kiosk);
  hello->hello.token = g_strdup (kiosk->token);
  text = kv_message_serialize (hello, NULL);
  soup_websocket_connection_send_text (kiosk->connection, text);
}

static void
send_ice (KvLegitPair *self,
          Kiosk       *kiosk)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_ICE);
  g_autofree char *text = NULL;
  gint64 zero = 0, now;

  if (kiosk->connection == NULL ||
      soup_websocket_connection_get_state (kiosk->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  message->ice.booking_id = g_strdup (self->booking_id);
  message->ice.generation = 1;
  message->ice.candidate = g_strdup_printf (CANDIDATE_PREFIX
                                            "%u 1 UDP 2122252543 127.0.0.1 %u typ host",
                                            kiosk->sent_us->len, 40000 + kiosk->index);
  text = kv_message_serialize (message, NULL);
  now = g_get_monotonic_time ();
  g_array_append_val (kiosk->sent_us, now);
  g_array_append_val (kiosk->arrived_us, zero);
  soup_websocket_connection_send_text (kiosk->connection, text);
}

static gboolean
on_pace (gpointer user_data)
{
  KvLegitPair *self = user_data;

  if (g_atomic_int_get (&self->stop))
    return G_SOURCE_REMOVE;
  send_ice (self, &self->kiosks[0]);
  send_ice (self, &self->kiosks[1]);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gpointer
run (gpointer user_data)
{
  KvLegitPair *self = user_data;
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", self->port);
  GSource *pace, *tick;
  gint64 deadline;
  guint sent;

  /* Measured, like the server: ahead of the attacking threads. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), KV_HOSTILE_MEASURED_NICE);
  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

      soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                            G_PRIORITY_DEFAULT, NULL, on_connected,
                                            &self->kiosks[i]);
    }
  /* A tick, so the waits below see their deadline. */
  tick = g_timeout_source_new (50);
  g_source_set_callback (tick, on_tick, NULL, NULL);
  g_source_attach (tick, self->context);
  deadline = g_get_monotonic_time () + SIGN_IN_TIMEOUT_US;
  while (!(self->kiosks[0].signed_in && self->kiosks[1].signed_in) &&
         g_get_monotonic_time () < deadline && !g_atomic_int_get (&self->stop))
    g_main_context_iteration (self->context, TRUE);
  if (!(self->kiosks[0].signed_in && self->kiosks[1].signed_in))
    report_ready (self, "the legitimate pair did not sign in within 10 s");

  pace = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (pace, on_pace, self, NULL);
  g_source_set_priority (pace, G_PRIORITY_HIGH);
  g_source_attach (pace, self->context);
  while (!g_atomic_int_get (&self->stop))
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (pace);
  g_source_unref (pace);

  sent = self->kiosks[0].sent_us->len + self->kiosks[1].sent_us->len;
  deadline = g_get_monotonic_time () + DRAIN_TIMEOUT_US;
  while (self->received < sent && g_get_monotonic_time () < deadline)
    g_main_context_iteration (self->context, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      SoupWebsocketConnection *connection = self->kiosks[i].connection;

      if (connection == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (connection, &self->kiosks[i]);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->kiosks[i].connection);
    }
  g_source_destroy (tick);
  g_source_unref (tick);
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
free_pair (KvLegitPair *self)
{
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->kiosks[i].token);
      g_array_unref (self->kiosks[i].sent_us);
      g_array_unref (self->kiosks[i].arrived_us);
    }
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self->booking_id);
  g_free (self->failure);
  g_free (self);
}

/**
 * kv_legit_pair_start:
 *
 * Signs both kiosks in and starts relaying.
 *
 * Returns: (transfer full): the relaying pair, or %NULL if it could not
 *   sign in
 */
KvLegitPair *
kv_legit_pair_start (guint16      port,
                     const char  *prison_token,
                     const char  *community_token,
                     const char  *booking_id,
                     guint        messages_per_second_each,
                     GError     **error)
{
  KvLegitPair *self = g_new0 (KvLegitPair, 1);
  gint64 deadline = g_get_monotonic_time () + SIGN_IN_TIMEOUT_US + G_USEC_PER_SEC;

  self->context = g_main_context_new ();
  self->port = port;
  self->booking_id = g_strdup (booking_id);
  self->interval_ms = MAX (1, 1000 / MAX (1, messages_per_second_each));
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  for (guint i = 0; i < 2; i++)
    {
      self->kiosks[i].pair = self;
      self->kiosks[i].index = i;
      self->kiosks[i].token = g_strdup (i == 0 ? prison_token : community_token);
      self->kiosks[i].sent_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->kiosks[i].arrived_us = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  self->thread = g_thread_new ("hostile-legit-pair", run, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    if (!g_cond_wait_until (&self->changed, &self->lock, deadline))
      break;
  g_mutex_unlock (&self->lock);
  if (!self->ready || self->failure != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   self->failure != NULL ? self->failure : "the legitimate pair never signed in");
      g_atomic_int_set (&self->stop, 1);
      g_main_context_wakeup (self->context);
      g_thread_join (self->thread);
      free_pair (self);
      return NULL;
    }
  return self;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Stops relaying, waits up to 1 s for messages on their way, and gives
 * the latency of everything sent (and frees @self). */
void
kv_legit_pair_stop (KvLegitPair  *self,
                    KvRelayStats *out_stats)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));

  g_atomic_int_set (&self->stop, 1);
  g_main_context_wakeup (self->context);
  g_thread_join (self->thread);

  memset (out_stats, 0, sizeof *out_stats);
  for (guint i = 0; i < 2; i++)
    {
      Kiosk *kiosk = &self->kiosks[i];

      for (guint seq = 0; seq < kiosk->sent_us->len; seq++)
        {
          gint64 arrived = g_array_index (kiosk->arrived_us, gint64, seq);
          gint64 sent = g_array_index (kiosk->sent_us, gint64, seq);
          double ms = arrived != 0 ? (arrived - sent) / 1000.0 : INFINITY;

          g_array_append_val (latencies, ms);
        }
    }
  out_stats->sent = latencies->len;
  out_stats->received = self->received;
  if (latencies->len == 0)
    out_stats->p50_ms = out_stats->p99_ms = out_stats->max_ms = INFINITY;
  else
    {
      g_array_sort (latencies, compare_doubles);
      out_stats->p50_ms = g_array_index (latencies, double, latencies->len / 2);
      out_stats->p99_ms = g_array_index (latencies, double, (latencies->len * 99) / 100);
      out_stats->max_ms = g_array_index (latencies, double, latencies->len - 1);
    }
  free_pair (self);
}
