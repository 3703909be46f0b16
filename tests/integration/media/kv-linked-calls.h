/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-signalling-client.h"
#include "kv-test-proxy.h"
#include "kv-test-server.h"
#include "kv-visit-call.h"
#include "kv-webrtc-call.h"

G_BEGIN_DECLS

/* The two kiosks of a visit as they run for real, in one process: each
 * has its own signalling client, signed in to a real KvServer (on
 * 127.0.0.1, port 0) through its own KvTestProxy (its network path to the
 * server), a real webrtcbin call with netsim in its send path (the media
 * path), and the KvVisitCall that joins the two. The server relays their
 * offers, answers and candidates. */

typedef enum
{
  KV_LINKED_PRISON,      /* the offerer */
  KV_LINKED_COMMUNITY,   /* the answerer */
  KV_LINKED_N_SIDES
} KvLinkedSide;

typedef struct
{
  KvClock            *clock;          /* the kiosk's (real) clock */
  KvSignallingClient *link;
  KvWebrtcCall       *engine;
  KvVisitCall        *call;
  KvTestProxy        *proxy;
  GArray             *link_states;    /* KvSignallerState at each change */
} KvLinkedKiosk;

typedef struct
{
  KvTestServer  server;
  char         *booking_id;
  KvLinkedKiosk kiosks[KV_LINKED_N_SIDES];
  guint         server_clock_id;
  gint64        server_clock_synced_us;   /* monotonic */
} KvLinkedCalls;

/* Both kiosks signed in, their calls released and showing each other's
 * picture (red from the prison, blue from the community). */
void     kv_linked_calls_init        (KvLinkedCalls *self);
void     kv_linked_calls_clear       (KvLinkedCalls *self);

/* The media path between the kiosks (both directions). */
void     kv_linked_calls_set_media_down (KvLinkedCalls *self,
                                         gboolean       down);
/* One kiosk's path to the server. */
void     kv_linked_calls_set_link_down  (KvLinkedCalls *self,
                                         KvLinkedSide   side,
                                         gboolean       down);

guint64  kv_linked_calls_get_frames     (KvLinkedCalls *self,
                                         KvLinkedSide   side);
gboolean kv_linked_calls_link_dropped   (KvLinkedCalls *self,
                                         KvLinkedSide   side);
void     kv_linked_calls_forget_links   (KvLinkedCalls *self);

G_END_DECLS
