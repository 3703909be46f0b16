/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-test-proxy.h"

/*
 * Each accepted connection is a Pair: the client's stream and, once
 * connected, the upstream one, with one pump per direction (read, then
 * write everything to the other side, then read again). A doomed pair
 * (alive during an outage, or made during one) reads and drops everything
 * until the outage ends, when it is closed. Every pending operation holds
 * a reference on its pair; a closed pair's streams are closed once no
 * operation is pending any more (GIO refuses to close a stream that has
 * one), which the cancellable makes immediate.
 */

#define BUFFER_SIZE 16384

struct _KvTestProxy
{
  GSocketService *service;
  GSocketClient  *connector;
  guint16         port;
  guint16         upstream_port;
  gboolean        down;
  GPtrArray      *pairs;          /* Pair, one reference each */
};

typedef struct
{
  gint          ref;
  KvTestProxy  *proxy;            /* NULL once the proxy is freed */
  GIOStream    *client;
  GIOStream    *upstream;         /* NULL until connected; never if made while down */
  GCancellable *cancellable;
  gboolean      doomed;
  gboolean      closed;
  guint         n_pending;
  guint8        buffer[2][BUFFER_SIZE];   /* 0: client to upstream, 1: back */
} Pair;

typedef struct
{
  Pair *pair;
  int   direction;
} Pump;

static Pair *
pair_ref (Pair *pair)
{
  g_atomic_int_inc (&pair->ref);
  return pair;
}

static void
pair_unref (Pair *pair)
{
  if (!g_atomic_int_dec_and_test (&pair->ref))
    return;
  g_clear_object (&pair->client);
  g_clear_object (&pair->upstream);
  g_clear_object (&pair->cancellable);
  g_free (pair);
}

static void
close_streams_if_idle (Pair *pair)
{
  if (!pair->closed || pair->n_pending > 0)
    return;
  if (pair->client != NULL)
    g_io_stream_close (pair->client, NULL, NULL);
  if (pair->upstream != NULL)
    g_io_stream_close (pair->upstream, NULL, NULL);
}

static void
close_pair (Pair *pair)
{
  if (pair->closed)
    return;
  pair->closed = TRUE;
  g_cancellable_cancel (pair->cancellable);
  close_streams_if_idle (pair);
  if (pair->proxy != NULL)
    g_ptr_array_remove (pair->proxy->pairs, pair);   /* drops the list's reference */
}

static void start_read (Pair *pair, int direction);

static GIOStream *
source_of (Pair *pair,
           int   direction)
{
  return direction == 0 ? pair->client : pair->upstream;
}

static GIOStream *
sink_of (Pair *pair,
         int   direction)
{
  return direction == 0 ? pair->upstream : pair->client;
}

/* An operation of @pair ended: the pair may now close its streams. */
static void
op_done (Pair *pair)
{
  pair->n_pending--;
  close_streams_if_idle (pair);
  pair_unref (pair);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Pump *pump = data;
  Pair *pair = pump->pair;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);

  if (!ok)
    close_pair (pair);
  else if (!pair->closed)
    start_read (pair, pump->direction);
  op_done (pair);
  g_free (pump);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Pump *pump = data;
  Pair *pair = pump->pair;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      /* End of stream or error: the other side sees it as a close. */
      close_pair (pair);
    }
  else if (!pair->closed && !pair->doomed && sink_of (pair, pump->direction) != NULL)
    {
      Pump *write = g_new0 (Pump, 1);

      write->pair = pair_ref (pair);
      write->direction = pump->direction;
      pair->n_pending++;
      g_output_stream_write_all_async (g_io_stream_get_output_stream (sink_of (pair, pump->direction)),
                                       pair->buffer[pump->direction], (gsize) n,
                                       G_PRIORITY_DEFAULT, pair->cancellable, on_written, write);
    }
  else if (!pair->closed)
    {
      /* Down: what was sent is lost, like packets into a dead path. */
      start_read (pair, pump->direction);
    }
  op_done (pair);
  g_free (pump);
}

static void
start_read (Pair *pair,
            int   direction)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->pair = pair_ref (pair);
  pump->direction = direction;
  pair->n_pending++;
  g_input_stream_read_async (g_io_stream_get_input_stream (source_of (pair, direction)),
                             pair->buffer[direction], BUFFER_SIZE, G_PRIORITY_DEFAULT,
                             pair->cancellable, on_read, pump);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Pair *pair = data;
  GSocketConnection *upstream;

  upstream = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  if (upstream == NULL)
    close_pair (pair);
  else
    {
      pair->upstream = G_IO_STREAM (upstream);
      if (!pair->closed)
        {
          start_read (pair, 0);
          start_read (pair, 1);
        }
    }
  op_done (pair);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  KvTestProxy *self = data;
  Pair *pair = g_new0 (Pair, 1);

  pair->ref = 1;   /* the list's */
  pair->proxy = self;
  pair->client = G_IO_STREAM (g_object_ref (connection));
  pair->cancellable = g_cancellable_new ();
  g_ptr_array_add (self->pairs, pair);

  if (self->down)
    {
      /* Taken by the kernel, but nothing behind it answers. */
      pair->doomed = TRUE;
      start_read (pair, 0);
      return TRUE;
    }

  pair_ref (pair);
  pair->n_pending++;
  g_socket_client_connect_to_host_async (self->connector, "127.0.0.1", self->upstream_port,
                                         pair->cancellable, on_connected, pair);
  return TRUE;
}

KvTestProxy *
kv_test_proxy_new (guint16 upstream_port)
{
  KvTestProxy *self = g_new0 (KvTestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  self->upstream_port = upstream_port;
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_unref);
  self->connector = g_socket_client_new ();
  self->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return self;
}

guint16
kv_test_proxy_get_port (KvTestProxy *self)
{
  return self->port;
}

/* Down: a dead path. Up: the outage's connections are reset, new ones
 * get through. */
void
kv_test_proxy_set_down (KvTestProxy *self,
                        gboolean     down)
{
  self->down = down;
  if (down)
    {
      for (guint i = 0; i < self->pairs->len; i++)
        ((Pair *) g_ptr_array_index (self->pairs, i))->doomed = TRUE;
      return;
    }

  for (guint i = self->pairs->len; i > 0; i--)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i - 1);

      if (pair->doomed)
        close_pair (pair);
    }
}

void
kv_test_proxy_free (KvTestProxy *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  while (self->pairs->len > 0)
    {
      Pair *pair = g_ptr_array_index (self->pairs, self->pairs->len - 1);

      pair->proxy = NULL;
      pair->closed = TRUE;
      g_cancellable_cancel (pair->cancellable);
      close_streams_if_idle (pair);
      g_ptr_array_remove_index (self->pairs, self->pairs->len - 1);
    }
  g_ptr_array_unref (self->pairs);
  g_object_unref (self->connector);
  g_object_unref (self->service);
  g_free (self);
}
