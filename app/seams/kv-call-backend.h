/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-media-error.h"
#include "kv-protocol.h"

G_BEGIN_DECLS

/* Largest play message (data channel JSON), in bytes: stickers and shared
 * play are tiny; anything bigger is refused on send and dropped on receipt. */
#define KV_CALL_MAX_PLAY_MESSAGE_SIZE (16 * 1024)

/* What the kiosk's recovery bound (KV_VISIT_CALL_RECOVERY_BOUND_US in
 * app/kiosk/kv-visit-call.h) counts on from a call engine. The kiosk sees
 * only this interface, so the promises live here; the real engine's tuning
 * is in app/media/kv-media-watchdog.h, which asserts that it keeps them. */

/* A picture that stopped is taken for lost, and the first rebuild starts,
 * at most this long after the last frame. */
#define KV_CALL_STALL_BOUND_US (2 * G_USEC_PER_SEC)

/* A rebuild attempt that cannot succeed (it began while the path was
 * down) blocks the next one at most this long from its start. */
#define KV_CALL_ATTEMPT_BOUND_US (1500 * 1000)

/* What one rebuild needs on a working path, from its start (new pipeline,
 * offer) to the first remote picture: the offer and the answer through the
 * server (plus one more hop when the answerer has to ask for the offer
 * again), ICE, DTLS and the first keyframe. Measured ~0.2 s on loopback
 * (bench-media-link, "renegotiation_p50_ms"); 1 s leaves room for a site
 * network of up to ~100 ms round trip (about eight of them). Not a timer:
 * the recovery bound rests on it (see kv-visit-call.h). */
#define KV_CALL_NEGOTIATION_BUDGET_US (1 * G_USEC_PER_SEC)

/**
 * KvCallState:
 * @KV_CALL_STATE_NEW: created, not started
 * @KV_CALL_STATE_CONNECTING: negotiating and connecting (ICE, DTLS)
 * @KV_CALL_STATE_CONNECTED: connected; media flows unless held
 * @KV_CALL_STATE_RECONNECTING: connected before, but no remote picture for
 *   a while; the engine rebuilds the call by itself if it does not come back
 * @KV_CALL_STATE_ENDED: stopped on purpose (kv_call_backend_stop())
 * @KV_CALL_STATE_FAILED: gave up; #KvCallBackend::failed said why
 *
 * The life of one call, across rebuilds (a rebuild goes back through
 * RECONNECTING, not NEW).
 */
typedef enum {
  KV_CALL_STATE_NEW,
  KV_CALL_STATE_CONNECTING,
  KV_CALL_STATE_CONNECTED,
  KV_CALL_STATE_RECONNECTING,
  KV_CALL_STATE_ENDED,
  KV_CALL_STATE_FAILED,
} KvCallState;

#define KV_TYPE_CALL_BACKEND (kv_call_backend_get_type ())
G_DECLARE_INTERFACE (KvCallBackend, kv_call_backend, KV, CALL_BACKEND, GObject)

/**
 * KvCallBackendInterface:
 * @start: offerer: build the pipeline and create the offer; answerer: build
 *   and wait for the offer
 * @set_remote_description: apply the peer's offer or answer of @generation;
 *   stale generations are ignored, a newer offer (answerer) rebuilds the
 *   call, a repeated one changes nothing. An offerer given an answer of an
 *   older generation takes it as the peer being back without the current
 *   offer, which the kiosk sends again (kv_visit_call_handle_sdp()): the
 *   current attempt's time starts over. Which generation a description
 *   belongs to is decided in one place, kv_call_generation_check_description()
 * @add_remote_candidate: add the peer's ICE candidate of @generation; an
 *   empty @candidate means end of candidates; candidates of another
 *   generation than the current one are ignored
 *   (kv_call_generation_check_candidate())
 * @set_held: %TRUE: connected but nothing is sent (no picture, no sound);
 *   %FALSE: release in one step
 * @send_play_message: send a small JSON text over the data channel
 * @stop: end the call; the state becomes %KV_CALL_STATE_ENDED
 * @set_signalling_up: whether descriptions and candidates can reach the
 *   peer now (the kiosk is signed in to the server); a rebuild waits for
 *   it and starts the moment it is back. Optional: without it, the call
 *   assumes the link is always up.
 * @set_audio_held: %TRUE: no sound is sent, the picture goes on (staff
 *   muted the visit); independent of @set_held, and sound is sent only
 *   when neither holds it. Like a hold, it changes no negotiation and is
 *   no media loss
 *
 * A call between the two kiosks of a visit. The kiosk sees only this
 * interface, from libkinvisit-seams (the real one is #KvWebrtcCall in
 * app/media; the kiosk's tests use a fake).
 * All methods are called, and all signals and notifications are emitted, on
 * the main context of the thread that created the call.
 *
 * Properties (read-only unless noted, notified only on change):
 * "state" (#KvCallState), "held" (gboolean, read-write), "audio-held"
 * (gboolean, read-write: the sound alone is held), "media-flowing"
 * (gboolean: a remote picture was decoded recently), "remote-paintable" and
 * "self-paintable" (#GdkPaintable), "input-level" (double 0..1, microphone
 * level), "lost-us" (gint64: total time without remote media while released),
 * "generation" (guint: bumped by every rebuild).
 *
 * Signals: "local-description" (#KvSdpType, const char *sdp, guint
 * generation), "local-candidate" (guint mline_index, const char *candidate,
 * guint generation), "play-message-received" (const char *json), "failed"
 * (#GError).
 */
struct _KvCallBackendInterface
{
  GTypeInterface parent_iface;

  void     (*start)                  (KvCallBackend *self);
  void     (*set_remote_description) (KvCallBackend *self,
                                      KvSdpType      type,
                                      const char    *sdp,
                                      guint          generation);
  void     (*add_remote_candidate)   (KvCallBackend *self,
                                      guint          mline_index,
                                      const char    *candidate,
                                      guint          generation);
  void     (*set_held)               (KvCallBackend *self,
                                      gboolean       held);
  gboolean (*send_play_message)      (KvCallBackend *self,
                                      const char    *json,
                                      GError       **error);
  void     (*stop)                   (KvCallBackend *self);
  void     (*set_signalling_up)      (KvCallBackend *self,
                                      gboolean       up);
  void     (*set_audio_held)         (KvCallBackend *self,
                                      gboolean       held);

  /*< private >*/
  gpointer padding[6];
};

void         kv_call_backend_start                  (KvCallBackend *self);
void         kv_call_backend_set_remote_description (KvCallBackend *self,
                                                     KvSdpType      type,
                                                     const char    *sdp,
                                                     guint          generation);
void         kv_call_backend_add_remote_candidate   (KvCallBackend *self,
                                                     guint          mline_index,
                                                     const char    *candidate,
                                                     guint          generation);
void         kv_call_backend_set_held               (KvCallBackend *self,
                                                     gboolean       held);
gboolean     kv_call_backend_send_play_message      (KvCallBackend *self,
                                                     const char    *json,
                                                     GError       **error);
void         kv_call_backend_stop                   (KvCallBackend *self);
void         kv_call_backend_set_signalling_up      (KvCallBackend *self,
                                                     gboolean       up);
void         kv_call_backend_set_audio_held         (KvCallBackend *self,
                                                     gboolean       held);

/* Property getters (they read the properties, so they work for any
 * implementation). The paintables are (transfer none), never %NULL for a
 * real call. */
KvCallState  kv_call_backend_get_state              (KvCallBackend *self);
gboolean     kv_call_backend_get_held               (KvCallBackend *self);
gboolean     kv_call_backend_get_audio_held         (KvCallBackend *self);
gboolean     kv_call_backend_get_media_flowing      (KvCallBackend *self);
GdkPaintable *kv_call_backend_get_remote_paintable   (KvCallBackend *self);
GdkPaintable *kv_call_backend_get_self_paintable   (KvCallBackend *self);
double       kv_call_backend_get_input_level        (KvCallBackend *self);
gint64       kv_call_backend_get_lost_us            (KvCallBackend *self);
guint        kv_call_backend_get_generation         (KvCallBackend *self);

/* For implementations: emit the interface's signals. */
void         kv_call_backend_emit_local_description (KvCallBackend *self,
                                                     KvSdpType      type,
                                                     const char    *sdp,
                                                     guint          generation);
void         kv_call_backend_emit_local_candidate   (KvCallBackend *self,
                                                     guint          mline_index,
                                                     const char    *candidate,
                                                     guint          generation);
void         kv_call_backend_emit_play_message_received (KvCallBackend *self,
                                                         const char    *json);
void         kv_call_backend_emit_failed            (KvCallBackend *self,
                                                     const GError  *error);

const char  *kv_call_state_to_string                (KvCallState    state);

G_END_DECLS
