/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-clock.h"
#include "kv-peer.h"
#include "kv-scheduler.h"
#include "kv-server-config.h"
#include "kv-session.h"
#include "kv-session-watch.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-peers.h"

G_BEGIN_DECLS

/* Ended sessions are kept this long (for `session` replies to kiosks that
 * reconnect late, and for staff), then forgotten: the database has them. */
#define KV_SIGNALLING_PRUNE_AFTER_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)
#define KV_SIGNALLING_PRUNE_EVERY_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

#define KV_TYPE_SIGNALLING_SESSIONS (kv_signalling_sessions_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingSessions, kv_signalling_sessions, KV, SIGNALLING_SESSIONS,
                      GObject)

KvSignallingSessions *kv_signalling_sessions_new (KvServerConfig     *config,
                                                  KvClock            *clock,
                                                  KvScheduler        *scheduler,
                                                  KvSignallingPeers  *peers,
                                                  KvSignallingOutbox *outbox);

KvSessionWatch *kv_signalling_sessions_watch     (KvSignallingSessions *self,
                                                  KvSession            *session);
void       kv_signalling_sessions_notify_bookings_changed (KvSignallingSessions *self,
                                                           const KvBooking      *booking);

void       kv_signalling_sessions_kiosk_signed_in (KvSignallingSessions *self,
                                                   KvPeer               *peer);
void       kv_signalling_sessions_kiosk_left     (KvSignallingSessions *self,
                                                  const char           *kiosk_id);

KvSession *kv_signalling_sessions_lookup         (KvSignallingSessions *self,
                                                  const char           *booking_id);
void       kv_signalling_sessions_set_media_lost (KvSignallingSessions *self,
                                                  const char           *booking_id,
                                                  KvSideFlags           side,
                                                  gboolean              lost);

guint      kv_signalling_sessions_get_n_live     (KvSignallingSessions *self);
GPtrArray *kv_signalling_sessions_list_active    (KvSignallingSessions *self);

G_END_DECLS
