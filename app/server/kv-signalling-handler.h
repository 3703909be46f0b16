/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-metrics.h"
#include "kv-peer.h"
#include "kv-protocol.h"
#include "kv-refusal-log.h"
#include "kv-scheduler.h"
#include "kv-server-config.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-peers.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_SIGNALLING_HANDLER (kv_signalling_handler_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingHandler, kv_signalling_handler, KV, SIGNALLING_HANDLER, GObject)

KvSignallingHandler *kv_signalling_handler_new (KvServerConfig *config,
                                                KvClock        *clock,
                                                KvStore        *store,
                                                KvScheduler    *scheduler,
                                                KvMetrics      *metrics,
                                                KvRefusalLog   *refusal_log);

gboolean   kv_signalling_handler_load         (KvSignallingHandler *self,
                                               GError             **error);

GPtrArray *kv_signalling_handler_handle       (KvSignallingHandler *self,
                                               KvPeer              *peer,
                                               const char          *data,
                                               gsize                length);
GPtrArray *kv_signalling_handler_refuse       (KvSignallingHandler *self,
                                               KvPeer              *peer,
                                               const GError        *error,
                                               const char          *in_reply_to);
GPtrArray *kv_signalling_handler_peer_closed  (KvSignallingHandler *self,
                                               KvPeer              *peer);
GPtrArray *kv_signalling_handler_kiosk_revoked (KvSignallingHandler *self,
                                                const char          *kiosk_id,
                                                const char          *actor);
GPtrArray *kv_signalling_handler_add_booking  (KvSignallingHandler *self,
                                               const KvBooking     *booking,
                                               const char          *actor,
                                               GError             **error);
GPtrArray *kv_signalling_handler_add_booking_from (KvSignallingHandler *self,
                                                   const KvBooking     *booking,
                                                   const char          *template_id,
                                                   const char          *actor,
                                                   GError             **error);
GPtrArray *kv_signalling_handler_add_booking_with (KvSignallingHandler   *self,
                                                   const KvBooking       *booking,
                                                   const KvBookingOrigin *origin,
                                                   const char            *actor,
                                                   GError               **error);
GPtrArray *kv_signalling_handler_cancel_booking (KvSignallingHandler *self,
                                                 const char          *booking_id,
                                                 const char          *category,
                                                 const char          *reason,
                                                 const char          *actor,
                                                 GError             **error);
GPtrArray *kv_signalling_handler_move_booking (KvSignallingHandler *self,
                                               const char          *booking_id,
                                               gint64               start_us,
                                               gint64               end_us,
                                               const char          *reason,
                                               const KvBookingOrigin *origin,
                                               const char          *actor,
                                               GError             **error);
const KvBooking *kv_signalling_handler_find_clash (KvSignallingHandler *self,
                                                   const KvBooking     *booking);
GPtrArray *kv_signalling_handler_end_session  (KvSignallingHandler *self,
                                               const char          *booking_id,
                                               KvEndCategory        category,
                                               const char          *reason,
                                               const char          *actor,
                                               GError             **error);
GPtrArray *kv_signalling_handler_confirm_session (KvSignallingHandler *self,
                                                  const char          *booking_id,
                                                  KvSideFlags          side,
                                                  const char          *actor,
                                                  GError             **error);
GPtrArray *kv_signalling_handler_rosters_changed (KvSignallingHandler *self);
void       kv_signalling_handler_send_rosters (KvSignallingHandler *self);
void       kv_signalling_handler_flush_sightings (KvSignallingHandler *self);
GPtrArray *kv_signalling_handler_take_outbox  (KvSignallingHandler *self);

gboolean   kv_signalling_handler_is_signed_in (KvSignallingHandler *self,
                                               const char          *kiosk_id);
guint      kv_signalling_handler_get_n_signed_in (KvSignallingHandler *self);
guint      kv_signalling_handler_get_n_live   (KvSignallingHandler *self);
GPtrArray *kv_signalling_handler_list_active_sessions (KvSignallingHandler *self);
KvSession *kv_signalling_handler_lookup_session (KvSignallingHandler *self,
                                                 const char          *booking_id);

G_END_DECLS
