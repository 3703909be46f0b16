/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the two files of KvSignallingHandler: kv-signalling-handler.c
 * (kiosk messages: sign-in, authorisation, relay) and
 * kv-signalling-sessions.c (what sessions say to kiosks, bookings). */

#include "kv-signalling-handler.h"

G_BEGIN_DECLS

/**
 * KvSessionWatch:
 * @handler: the handler (not a reference: the handler owns the watch)
 * @session: the session (a reference)
 * @lost: sides whose media is lost now: reported by the kiosk, or its
 *   kiosk disconnected while live
 * @handler_ids: the session signal connections
 */
typedef struct
{
  KvSignallingHandler *handler;
  KvSession           *session;
  KvSideFlags          lost;
  gulong               handler_ids[6];
} KvSessionWatch;

struct _KvSignallingHandler
{
  GObject         parent_instance;

  KvServerConfig *config;
  KvClock        *clock;
  KvStore        *store;
  KvScheduler    *scheduler;
  KvMetrics      *metrics;
  KvRateLimiter  *auth_limiter;
  KvRefusalLog   *refusal_log;

  GHashTable     *peers;     /* kiosk id -> KvPeer (not owned): signed-in kiosks */
  GHashTable     *watches;   /* booking id -> KvSessionWatch */
  GPtrArray      *outbox;    /* KvEnvelope, waiting to be taken */
  guint           depth;     /* > 0 while an entry point runs */
  char           *actor;     /* who causes changes now, for the audit log */
  guint           prune_alarm;
};

/* kv-signalling-handler.c */
void       kv_signalling_handler_send        (KvSignallingHandler *self,
                                              KvPeer              *peer,
                                              KvMessage           *message,
                                              gboolean             close);
void       kv_signalling_handler_send_to_kiosk (KvSignallingHandler *self,
                                                const char          *kiosk_id,
                                                KvMessage           *message);
void       kv_signalling_handler_enter       (KvSignallingHandler *self,
                                              const char          *actor);
GPtrArray *kv_signalling_handler_leave       (KvSignallingHandler *self);
void       kv_signalling_handler_audit       (KvSignallingHandler *self,
                                              const char          *action,
                                              const char          *booking_id,
                                              const char          *details);

/* The side whose kiosk sends the offer (join's `offerer`); the other side
 * answers. The prison kiosk offers: the prison's network decides what is
 * allowed, so its side starts the negotiation. */
#define KV_SIGNALLING_OFFERER_SIDE KV_SIDE_PRISON

/* Ended sessions are kept this long (for `session` replies to kiosks that
 * reconnect late, and for staff), then forgotten: the database has them. */
#define KV_SIGNALLING_PRUNE_AFTER_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)
#define KV_SIGNALLING_PRUNE_EVERY_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

void       kv_signalling_handler_reject      (KvSignallingHandler *self,
                                              KvPeer              *peer,
                                              KvProtocolError      code,
                                              const char          *in_reply_to,
                                              const char          *booking_id,
                                              const char          *text);

/* kv-signalling-peers.c */
char      *kv_peer_dup_actor                 (KvPeer              *peer);

/* kv-signalling-relay.c */
void       kv_signalling_handler_handle_booking (KvSignallingHandler *self,
                                                 KvPeer              *peer,
                                                 KvMessage           *message);

/* kv-signalling-sessions.c */
KvMessage *kv_signalling_handler_new_session_message (KvSession           *session);
void       kv_signalling_handler_send_to_both (KvSignallingHandler *self,
                                               KvSession           *session,
                                               KvMessage           *message);
void       kv_signalling_handler_send_joins_to_both (KvSignallingHandler *self,
                                                     KvSession           *session);
void       kv_signalling_handler_save_session (KvSignallingHandler *self,
                                               KvSession           *session,
                                               const char          *action,
                                               const char          *details);
void       kv_signalling_handler_notify_bookings_changed (KvSignallingHandler *self,
                                                          const KvBooking     *booking);
KvSessionWatch *kv_signalling_handler_watch  (KvSignallingHandler *self,
                                              KvSession           *session);
void       kv_session_watch_free             (KvSessionWatch      *watch);
void       kv_signalling_handler_send_schedule (KvSignallingHandler *self,
                                                KvPeer              *peer);
void       kv_signalling_handler_send_joins  (KvSignallingHandler *self,
                                              KvPeer              *peer);
void       kv_signalling_handler_set_lost    (KvSignallingHandler *self,
                                              KvSessionWatch      *watch,
                                              KvSideFlags          side,
                                              gboolean             lost);
void       kv_signalling_handler_schedule_prune (KvSignallingHandler *self);

G_END_DECLS
