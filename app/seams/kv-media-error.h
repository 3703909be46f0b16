/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_MEDIA_ERROR (kv_media_error_quark ())
GQuark kv_media_error_quark (void);

/**
 * KvMediaError:
 * @KV_MEDIA_ERROR_MISSING_PLUGIN: a GStreamer element this machine needs is
 *   not installed (the message names it)
 * @KV_MEDIA_ERROR_DEVICE_MISSING: the configured camera, microphone or
 *   speaker is not there or cannot be opened
 * @KV_MEDIA_ERROR_PIPELINE: the pipeline could not be built or started
 * @KV_MEDIA_ERROR_BAD_DESCRIPTION: the peer's SDP could not be parsed or
 *   applied
 * @KV_MEDIA_ERROR_BAD_CANDIDATE: the peer's ICE candidate is malformed
 * @KV_MEDIA_ERROR_NEGOTIATION: offer/answer negotiation failed
 * @KV_MEDIA_ERROR_FINGERPRINT_MISMATCH: the peer's DTLS certificate does not
 *   match the `a=fingerprint` of its SDP: someone is in the middle
 * @KV_MEDIA_ERROR_NO_FINGERPRINT: the peer's SDP has no usable
 *   `a=fingerprint`, so its identity cannot be checked
 * @KV_MEDIA_ERROR_CONNECTION_FAILED: ICE or DTLS failed
 * @KV_MEDIA_ERROR_STREAM: a streaming error while the call ran
 * @KV_MEDIA_ERROR_NOT_CONNECTED: the data channel is not open (yet)
 * @KV_MEDIA_ERROR_MESSAGE_TOO_LARGE: a play message is over
 *   %KV_CALL_MAX_PLAY_MESSAGE_SIZE
 * @KV_MEDIA_ERROR_INVALID_STATE: not possible in the call's state (e.g.
 *   after stop)
 *
 * Errors of the call engine (libkinvisit-media).
 */
typedef enum {
  KV_MEDIA_ERROR_MISSING_PLUGIN,
  KV_MEDIA_ERROR_DEVICE_MISSING,
  KV_MEDIA_ERROR_PIPELINE,
  KV_MEDIA_ERROR_BAD_DESCRIPTION,
  KV_MEDIA_ERROR_BAD_CANDIDATE,
  KV_MEDIA_ERROR_NEGOTIATION,
  KV_MEDIA_ERROR_FINGERPRINT_MISMATCH,
  KV_MEDIA_ERROR_NO_FINGERPRINT,
  KV_MEDIA_ERROR_CONNECTION_FAILED,
  KV_MEDIA_ERROR_STREAM,
  KV_MEDIA_ERROR_NOT_CONNECTED,
  KV_MEDIA_ERROR_MESSAGE_TOO_LARGE,
  KV_MEDIA_ERROR_INVALID_STATE,
} KvMediaError;

G_END_DECLS
