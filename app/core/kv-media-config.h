/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-config-file.h"

G_BEGIN_DECLS

/**
 * KvVideoSource:
 * @KV_VIDEO_SOURCE_TEST: videotestsrc (tests, demo)
 * @KV_VIDEO_SOURCE_V4L2: a camera through v4l2src
 *
 * Where the kiosk's picture comes from. Config names: "test", "v4l2".
 */
typedef enum {
  KV_VIDEO_SOURCE_TEST,
  KV_VIDEO_SOURCE_V4L2,
} KvVideoSource;

/**
 * KvAudioSource:
 * @KV_AUDIO_SOURCE_TEST: audiotestsrc (tests, demo)
 * @KV_AUDIO_SOURCE_PULSE: a microphone through pulsesrc
 *
 * Where the kiosk's sound comes from. Config names: "test", "pulse".
 */
typedef enum {
  KV_AUDIO_SOURCE_TEST,
  KV_AUDIO_SOURCE_PULSE,
} KvAudioSource;

/**
 * KvAudioSink:
 * @KV_AUDIO_SINK_PULSE: pulsesink
 * @KV_AUDIO_SINK_AUTO: autoaudiosink
 * @KV_AUDIO_SINK_FAKE: fakesink (tests: no sound card)
 *
 * Where the peer's sound goes. Config names: "pulse", "auto", "fake".
 */
typedef enum {
  KV_AUDIO_SINK_PULSE,
  KV_AUDIO_SINK_AUTO,
  KV_AUDIO_SINK_FAKE,
} KvAudioSink;

/**
 * KvVideoCodec:
 * @KV_VIDEO_CODEC_H264: H.264 (x264enc / avdec_h264): cheapest on CPU
 * @KV_VIDEO_CODEC_VP8: VP8 (vp8enc / vp8dec)
 *
 * A video codec offered in calls. Config names: "h264", "vp8".
 */
typedef enum {
  KV_VIDEO_CODEC_H264,
  KV_VIDEO_CODEC_VP8,
} KvVideoCodec;

/**
 * KvEchoCancel:
 * @KV_ECHO_CANCEL_AUTO: on when both the microphone and the speaker are
 *   real devices, off with test sources or a fake sink
 * @KV_ECHO_CANCEL_ON: always (webrtcdsp + webrtcechoprobe)
 * @KV_ECHO_CANCEL_OFF: never
 *
 * Echo cancellation. Config names: "auto", "on", "off".
 */
typedef enum {
  KV_ECHO_CANCEL_AUTO,
  KV_ECHO_CANCEL_ON,
  KV_ECHO_CANCEL_OFF,
} KvEchoCancel;

/* Most codecs in KvMediaConfig.codecs (each at most once). */
#define KV_MEDIA_CONFIG_MAX_CODECS 2

/* Ranges accepted in the [media] group. */
#define KV_MEDIA_CONFIG_MIN_WIDTH        160
#define KV_MEDIA_CONFIG_MAX_WIDTH        1920
#define KV_MEDIA_CONFIG_MIN_HEIGHT       120
#define KV_MEDIA_CONFIG_MAX_HEIGHT       1080
#define KV_MEDIA_CONFIG_MIN_FRAMERATE    1
#define KV_MEDIA_CONFIG_MAX_FRAMERATE    60
#define KV_MEDIA_CONFIG_MIN_BITRATE_KBPS 100
#define KV_MEDIA_CONFIG_MAX_BITRATE_KBPS 8000
#define KV_MEDIA_CONFIG_MAX_JITTER_LATENCY_MS 1000
#define KV_MEDIA_CONFIG_MAX_NETSIM_DELAY_MS   10000
#define KV_MEDIA_CONFIG_MAX_NETSIM_KBPS       1000000

/**
 * KvMediaConfig:
 * @video_source: camera or test pattern (default v4l2)
 * @video_device: v4l2 device (default /dev/video0)
 * @test_pattern: videotestsrc pattern nick (default "smpte")
 * @audio_source: microphone or test tone (default pulse)
 * @audio_source_device: pulse source name, %NULL for the default
 * @audio_sink: speaker (default pulse)
 * @audio_sink_device: pulse sink name, %NULL for the default
 * @width: capture width in pixels (default 640)
 * @height: capture height in pixels (default 480)
 * @framerate: frames per second (default 30)
 * @video_bitrate_kbps: encoder target (default 1000)
 * @jitter_latency_ms: webrtcbin `latency` (default 50: the default 200 ms
 *   alone breaks a 150 ms mouth-to-ear budget, see platform-notes.md)
 * @codecs: codecs to offer, preferred first (default h264, vp8)
 * @n_codecs: how many of @codecs are used (at least 1)
 * @echo_cancel: echo cancellation (default auto, see
 *   kv_media_config_wants_echo_cancel())
 * @stun_servers: `stun:host[:port]` URLs; never %NULL, may be empty
 * @turn_servers: `turn:host[:port][?transport=udp|tcp]` URLs; never %NULL,
 *   may be empty (the server also hands out TURN servers with credentials)
 * @relay_only: use TURN relay candidates only (default %FALSE)
 * @local_addresses: IP addresses to give libnice explicitly (loopback tests,
 *   demo); never %NULL, empty by default: libnice then finds them itself
 * @netsim_drop_probability: fault injection: packet loss, 0..1 (default 0)
 * @netsim_delay_ms: fault injection: added delay (default 0)
 * @netsim_delay_jitter_ms: fault injection: random extra delay (default 0)
 * @netsim_max_kbps: fault injection: bandwidth cap, 0 = none (default 0)
 *
 * The call engine's settings, from the kiosk configuration's `[media]`
 * group. A plain struct: the call engine takes a `const KvMediaConfig *`,
 * and tests fill one from kv_media_config_new_defaults().
 */
typedef struct
{
  KvVideoSource video_source;
  char         *video_device;
  char         *test_pattern;
  KvAudioSource audio_source;
  char         *audio_source_device;
  KvAudioSink   audio_sink;
  char         *audio_sink_device;
  guint         width;
  guint         height;
  guint         framerate;
  guint         video_bitrate_kbps;
  guint         jitter_latency_ms;
  KvVideoCodec  codecs[KV_MEDIA_CONFIG_MAX_CODECS];
  guint         n_codecs;
  KvEchoCancel  echo_cancel;
  GStrv         stun_servers;
  GStrv         turn_servers;
  gboolean      relay_only;
  GStrv         local_addresses;
  double        netsim_drop_probability;
  guint         netsim_delay_ms;
  guint         netsim_delay_jitter_ms;
  guint         netsim_max_kbps;
} KvMediaConfig;

#define KV_TYPE_MEDIA_CONFIG (kv_media_config_get_type ())
GType          kv_media_config_get_type       (void) G_GNUC_CONST;

KvMediaConfig *kv_media_config_new_defaults   (void);
KvMediaConfig *kv_media_config_copy           (const KvMediaConfig *self);
void           kv_media_config_free           (KvMediaConfig       *self);

KvMediaConfig *kv_media_config_new_from_config_file (KvConfigFile *file,
                                                    GError      **error);

gboolean       kv_media_config_wants_echo_cancel (const KvMediaConfig *self);
gboolean       kv_media_config_has_netsim     (const KvMediaConfig *self);

const char    *kv_video_codec_to_string       (KvVideoCodec codec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvMediaConfig, kv_media_config_free)

G_END_DECLS
