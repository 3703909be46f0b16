/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "kv-clock-offset.h"
#include "kv-signalling-client.h"

G_BEGIN_DECLS

/* #KvSignallingClient is one GObject in two files: kv-signalling-client.c
 * has the object and its API, kv-signalling-link.c the WebSocket link
 * (connect, sign in, heartbeat, reconnect, incoming frames). */

typedef enum {
  PROP_0,
  PROP_STATE,
  PROP_SERVER_URL,
  PROP_TLS_DATABASE,
  PROP_DEVICE_TOKEN,
  PROP_HEARTBEAT_SECONDS,
  PROP_CLOCK,
  PROP_CLOCK_OFFSET,
  PROP_ROUND_TRIP,
  PROP_URGENT,
  KV_SIGNALLING_CLIENT_N_PROPS
} KvSignallingClientProperty;

struct _KvSignallingClient
{
  GObject parent_instance;

  char *server_url;
  GTlsDatabase *tls_database;
  char *device_token;
  guint heartbeat_seconds;
  KvClock *clock;

  gint64 retry_base_us;
  gint64 retry_cap_us;
  gint64 refused_retry_us;

  SoupSession *session;
  GCancellable *cancellable;
  SoupWebsocketConnection *connection;
  KvSignallerState state;
  gboolean running;
  gboolean urgent;
  guint retry_attempt;
  /* Retries and the sign-in deadline (see "Timers" in kv-signalling-link.c). */
  guint retry_timer;
  gint64 retry_due_us;
  guint sign_in_timer;         /* while urgent and connecting */
  guint heartbeat_id;
  gint64 last_heard_us;        /* monotonic */
  gint64 hello_sent_us;        /* wall clock, for the welcome's sample */
  GRand *rand;

  KvClockOffset offset;
  gint64 clock_offset_us;
  gint64 round_trip_us;
};

extern GParamSpec *kv_signalling_client_properties[KV_SIGNALLING_CLIENT_N_PROPS];

void     kv_signalling_link_connect   (KvSignallingClient  *self);
void     kv_signalling_link_drop      (KvSignallingClient  *self);
gboolean kv_signalling_link_send      (KvSignallingClient  *self,
                                       const KvMessage     *message,
                                       GError             **error);
void     kv_signalling_link_set_state (KvSignallingClient  *self,
                                       KvSignallerState     state);
void     kv_signalling_link_set_urgent (KvSignallingClient *self,
                                        gboolean            urgent);
void     kv_signalling_link_cancel_retry (KvSignallingClient *self);

G_END_DECLS
