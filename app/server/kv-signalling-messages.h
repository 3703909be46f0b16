/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-protocol.h"
#include "kv-server-config.h"
#include "kv-session.h"

G_BEGIN_DECLS

/* The side whose kiosk sends the offer (join's `offerer`); the other side
 * answers. The prison kiosk offers: the prison's network decides what is
 * allowed, so its side starts the negotiation. */
#define KV_SIGNALLING_OFFERER_SIDE KV_SIDE_PRISON

/* What the server tells a kiosk about its visits, built from the session
 * and the configuration alone (no state, no sockets). */

KvMessage *kv_signalling_new_session_message  (KvSession         *session);
KvMessage *kv_signalling_new_join_message     (KvServerConfig    *config,
                                               KvSession         *session,
                                               const char        *kiosk_id);
KvMessage *kv_signalling_new_schedule_message (GPtrArray         *bookings,
                                               gint64             server_time_us);

G_END_DECLS
