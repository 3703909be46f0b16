/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-call-backend.h"

#include "kv-core-enums.h"
#include "kv-seams-enums.h"

/**
 * KvCallBackend:
 *
 * The kiosk's view of a call: negotiation goes out through
 * #KvCallBackend::local-description and #KvCallBackend::local-candidate and
 * comes back through kv_call_backend_set_remote_description() and
 * kv_call_backend_add_remote_candidate(); the pictures are #GdkPaintables.
 */

enum {
  SIGNAL_LOCAL_DESCRIPTION,
  SIGNAL_LOCAL_CANDIDATE,
  SIGNAL_PLAY_MESSAGE_RECEIVED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (KvCallBackend, kv_call_backend, G_TYPE_OBJECT)

static void
kv_call_backend_default_init (KvCallBackendInterface *iface)
{
  /**
   * KvCallBackend:state:
   *
   * Where the call is; see #KvCallState.
   */
  g_object_interface_install_property (iface,
    g_param_spec_enum ("state", NULL, NULL,
                       KV_TYPE_CALL_STATE, KV_CALL_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:held:
   *
   * Whether media is held: connected, but no picture and no sound are sent.
   * Calls are pre-connected held during the join window and released when
   * the visit starts.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:audio-held:
   *
   * Whether the sound alone is held: the picture is sent (unless "held"),
   * the sound is not. Staff mute a visit with it; like "held", it is not a
   * media loss and needs no new negotiation. Sound is sent only when
   * neither "held" nor "audio-held" holds it.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("audio-held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:media-flowing:
   *
   * Whether a remote picture was decoded recently.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("media-flowing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:remote-paintable:
   *
   * The peer's picture. The same object for the whole life of the call,
   * across rebuilds.
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("remote-paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:self-paintable:
   *
   * The local camera's picture (self-view).
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("self-paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:input-level:
   *
   * The microphone's level, 0 (silence) to 1 (full scale), for the waiting
   * room's animation.
   */
  g_object_interface_install_property (iface,
    g_param_spec_double ("input-level", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:lost-us:
   *
   * Total time, in microseconds, without remote media while the call was
   * released (for the lost-minutes accounting).
   */
  g_object_interface_install_property (iface,
    g_param_spec_int64 ("lost-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend:generation:
   *
   * The call's generation, carried by every SDP and ICE message; bumped
   * by every rebuild.
   */
  g_object_interface_install_property (iface,
    g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvCallBackend::local-description:
   * @self: the call
   * @type: offer or answer
   * @sdp: the SDP text (never log it above debug level)
   * @generation: the call generation it belongs to
   *
   * Emitted when a local offer or answer is ready to be sent to the peer.
   */
  signals[SIGNAL_LOCAL_DESCRIPTION] =
    g_signal_new ("local-description", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, KV_TYPE_SDP_TYPE, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * KvCallBackend::local-candidate:
   * @self: the call
   * @mline_index: the media line the candidate belongs to
   * @candidate: the candidate line; empty at the end of candidates
   * @generation: the call generation it belongs to
   *
   * Emitted for each local ICE candidate to be sent to the peer.
   */
  signals[SIGNAL_LOCAL_CANDIDATE] =
    g_signal_new ("local-candidate", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * KvCallBackend::play-message-received:
   * @self: the call
   * @json: the text received on the data channel (not validated beyond
   *   UTF-8 and size)
   *
   * Emitted for each play message (sticker, shared game) from the peer.
   */
  signals[SIGNAL_PLAY_MESSAGE_RECEIVED] =
    g_signal_new ("play-message-received", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KvCallBackend::failed:
   * @self: the call
   * @error: why, a #KV_MEDIA_ERROR
   *
   * Emitted once when the call gives up (state %KV_CALL_STATE_FAILED).
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

void
kv_call_backend_start (KvCallBackend *self)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->start (self);
}

void
kv_call_backend_set_remote_description (KvCallBackend *self,
                                        KvSdpType      type,
                                        const char    *sdp,
                                        guint          generation)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->set_remote_description (self, type, sdp, generation);
}

void
kv_call_backend_add_remote_candidate (KvCallBackend *self,
                                      guint          mline_index,
                                      const char    *candidate,
                                      guint          generation)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->add_remote_candidate (self, mline_index, candidate,
                                                          generation);
}

void
kv_call_backend_set_held (KvCallBackend *self,
                          gboolean       held)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->set_held (self, held);
}

/**
 * kv_call_backend_set_audio_held:
 * @self: a #KvCallBackend
 * @held: %TRUE: no sound is sent; the picture goes on
 *
 * Holds the outgoing sound alone (staff muted the visit), whatever
 * #KvCallBackend:held says; sound is sent only when neither holds it.
 */
void
kv_call_backend_set_audio_held (KvCallBackend *self,
                                gboolean       held)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->set_audio_held (self, !!held);
}

gboolean
kv_call_backend_send_play_message (KvCallBackend *self,
                                   const char    *json,
                                   GError       **error)
{
  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return KV_CALL_BACKEND_GET_IFACE (self)->send_play_message (self, json, error);
}

void
kv_call_backend_stop (KvCallBackend *self)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  KV_CALL_BACKEND_GET_IFACE (self)->stop (self);
}

/**
 * kv_call_backend_set_signalling_up:
 * @self: a #KvCallBackend
 * @up: whether the kiosk is signed in to the server, so that descriptions
 *   and candidates reach the peer
 *
 * A rebuild needs the server (the offer and the answer go through it):
 * the call waits for it instead of rebuilding into the void, and rebuilds
 * the moment it is back if the picture is still gone.
 */
void
kv_call_backend_set_signalling_up (KvCallBackend *self,
                                   gboolean       up)
{
  KvCallBackendInterface *iface;

  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  iface = KV_CALL_BACKEND_GET_IFACE (self);
  if (iface->set_signalling_up != NULL)
    iface->set_signalling_up (self, up);
}

KvCallState
kv_call_backend_get_state (KvCallBackend *self)
{
  KvCallState state = KV_CALL_STATE_NEW;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), KV_CALL_STATE_NEW);

  g_object_get (self, "state", &state, NULL);
  return state;
}

gboolean
kv_call_backend_get_held (KvCallBackend *self)
{
  gboolean held = FALSE;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), FALSE);

  g_object_get (self, "held", &held, NULL);
  return held;
}

gboolean
kv_call_backend_get_audio_held (KvCallBackend *self)
{
  gboolean held = FALSE;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), FALSE);

  g_object_get (self, "audio-held", &held, NULL);
  return held;
}

gboolean
kv_call_backend_get_media_flowing (KvCallBackend *self)
{
  gboolean flowing = FALSE;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), FALSE);

  g_object_get (self, "media-flowing", &flowing, NULL);
  return flowing;
}

GdkPaintable *
kv_call_backend_get_remote_paintable (KvCallBackend *self)
{
  g_autoptr(GdkPaintable) paintable = NULL;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), NULL);

  /* The call keeps its own reference for its whole life: transfer none. */
  g_object_get (self, "remote-paintable", &paintable, NULL);
  return paintable;
}

GdkPaintable *
kv_call_backend_get_self_paintable (KvCallBackend *self)
{
  g_autoptr(GdkPaintable) paintable = NULL;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), NULL);

  g_object_get (self, "self-paintable", &paintable, NULL);
  return paintable;
}

double
kv_call_backend_get_input_level (KvCallBackend *self)
{
  double level = 0.0;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), 0.0);

  g_object_get (self, "input-level", &level, NULL);
  return level;
}

gint64
kv_call_backend_get_lost_us (KvCallBackend *self)
{
  gint64 lost_us = 0;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), 0);

  g_object_get (self, "lost-us", &lost_us, NULL);
  return lost_us;
}

guint
kv_call_backend_get_generation (KvCallBackend *self)
{
  guint generation = 0;

  g_return_val_if_fail (KV_IS_CALL_BACKEND (self), 0);

  g_object_get (self, "generation", &generation, NULL);
  return generation;
}

void
kv_call_backend_emit_local_description (KvCallBackend *self,
                                        KvSdpType      type,
                                        const char    *sdp,
                                        guint          generation)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  g_signal_emit (self, signals[SIGNAL_LOCAL_DESCRIPTION], 0, type, sdp, generation);
}

void
kv_call_backend_emit_local_candidate (KvCallBackend *self,
                                      guint          mline_index,
                                      const char    *candidate,
                                      guint          generation)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  g_signal_emit (self, signals[SIGNAL_LOCAL_CANDIDATE], 0, mline_index, candidate, generation);
}

void
kv_call_backend_emit_play_message_received (KvCallBackend *self,
                                            const char    *json)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));

  g_signal_emit (self, signals[SIGNAL_PLAY_MESSAGE_RECEIVED], 0, json);
}

void
kv_call_backend_emit_failed (KvCallBackend *self,
                             const GError  *error)
{
  g_return_if_fail (KV_IS_CALL_BACKEND (self));
  g_return_if_fail (error != NULL);

  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

const char *
kv_call_state_to_string (KvCallState state)
{
  switch (state)
    {
    case KV_CALL_STATE_NEW:          return "new";
    case KV_CALL_STATE_CONNECTING:   return "connecting";
    case KV_CALL_STATE_CONNECTED:    return "connected";
    case KV_CALL_STATE_RECONNECTING: return "reconnecting";
    case KV_CALL_STATE_ENDED:        return "ended";
    case KV_CALL_STATE_FAILED:       return "failed";
    default:                         return "unknown";
    }
}
