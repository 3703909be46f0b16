/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-call-backend.h"

G_BEGIN_DECLS

#define KV_TYPE_FAKE_CALL (kv_fake_call_get_type ())
G_DECLARE_FINAL_TYPE (KvFakeCall, kv_fake_call, KV, FAKE_CALL, GObject)

/**
 * KvFakeCall:
 *
 * A #KvCallBackend for tests. It records what the kiosk asked of it
 * (started, held, remote descriptions and candidates, play messages) and
 * lets the test play the engine's part (state, media flowing, local
 * descriptions and candidates, incoming play messages, failure), including
 * the sound's own hold ("audio-held", staff's mute).
 * The paintables are solid colours: blue remote, green self.
 */
KvFakeCall  *kv_fake_call_new                     (gboolean     offerer);

gboolean     kv_fake_call_get_offerer             (KvFakeCall  *self);
gboolean     kv_fake_call_get_started             (KvFakeCall  *self);
gboolean     kv_fake_call_get_stopped             (KvFakeCall  *self);
gboolean     kv_fake_call_get_audio_held          (KvFakeCall  *self);
/* What kv_call_backend_set_signalling_up() said last ("signalling-up",
 * notified on change); TRUE until told. */
gboolean     kv_fake_call_get_signalling_up       (KvFakeCall  *self);
/* Whether the kiosk called set_held (TRUE) before start(). */
gboolean     kv_fake_call_get_held_before_start   (KvFakeCall  *self);

void         kv_fake_call_set_state               (KvFakeCall  *self,
                                                   KvCallState  state);
void         kv_fake_call_set_media_flowing       (KvFakeCall  *self,
                                                   gboolean     flowing);
void         kv_fake_call_set_lost_us             (KvFakeCall  *self,
                                                   gint64       lost_us);
void         kv_fake_call_set_input_level         (KvFakeCall  *self,
                                                   double       level);
/* Bumps the generation (as after a rebuild) and notifies it. */
void         kv_fake_call_set_generation          (KvFakeCall  *self,
                                                   guint        generation);
void         kv_fake_call_emit_local_description  (KvFakeCall  *self,
                                                   KvSdpType    type,
                                                   const char  *sdp);
void         kv_fake_call_emit_local_candidate    (KvFakeCall  *self,
                                                   guint        mline_index,
                                                   const char  *candidate);
void         kv_fake_call_receive_play_message    (KvFakeCall  *self,
                                                   const char  *json);
void         kv_fake_call_fail                    (KvFakeCall  *self,
                                                   const GError *error);

/* What the kiosk fed in: remote descriptions "offer:<sdp>@<generation>" and
 * candidates "<mline>:<candidate>@<generation>", play messages as sent. */
GPtrArray   *kv_fake_call_get_remote_descriptions (KvFakeCall  *self);
GPtrArray   *kv_fake_call_get_remote_candidates   (KvFakeCall  *self);
GPtrArray   *kv_fake_call_get_sent_play_messages  (KvFakeCall  *self);

G_END_DECLS
