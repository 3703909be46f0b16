/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-media-config.h"

#include "kv-core-enums.h"
#include "kv-ice-url.h"

#include <gio/gio.h>

#define GROUP "media"

static const char * const media_keys[] = {
  "video-source", "video-device", "test-pattern",
  "audio-source", "audio-source-device", "audio-sink", "audio-sink-device",
  "width", "height", "framerate", "video-bitrate-kbps", "jitter-latency-ms",
  "codecs", "echo-cancel",
  "stun-servers", "turn-servers", "relay-only", "local-addresses",
  "netsim-drop-probability", "netsim-delay-ms", "netsim-delay-jitter-ms", "netsim-max-kbps",
  NULL
};

/* videotestsrc's pattern nicks in GStreamer 1.22; core must not link
 * GStreamer, so the list lives here. */
static const char * const test_patterns[] = {
  "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1",
  "checkers-2", "checkers-4", "checkers-8", "circular", "blink", "smpte75",
  "zone-plate", "gamut", "chroma-zone-plate", "solid-color", "ball", "smpte100",
  "bar", "pinwheel", "spokes", "gradient", "colors", "smpte-rp-219",
  NULL
};

G_DEFINE_BOXED_TYPE (KvMediaConfig, kv_media_config, kv_media_config_copy, kv_media_config_free)

static GStrv
empty_strv (void)
{
  return g_new0 (char *, 1);
}

/**
 * kv_media_config_new_defaults:
 *
 * The defaults of every `[media]` key: a camera and PulseAudio at
 * 640x480@30, H.264 then VP8, 50 ms jitter buffer, no fault injection.
 *
 * Returns: (transfer full): a new media configuration
 */
KvMediaConfig *
kv_media_config_new_defaults (void)
{
  KvMediaConfig *self = g_new0 (KvMediaConfig, 1);

  self->video_source = KV_VIDEO_SOURCE_V4L2;
  self->video_device = g_strdup ("/dev/video0");
  self->test_pattern = g_strdup ("smpte");
  self->audio_source = KV_AUDIO_SOURCE_PULSE;
  self->audio_sink = KV_AUDIO_SINK_PULSE;
  self->width = 640;
  self->height = 480;
  self->framerate = 30;
  self->video_bitrate_kbps = 1000;
  /* webrtcbin's 200 ms default alone breaks a 150 ms mouth-to-ear budget;
   * 50 ms measured ~66 ms end to end on loopback (platform-notes.md). */
  self->jitter_latency_ms = 50;
  /* H.264 first: ~15% of a core against ~23% for VP8. */
  self->codecs[0] = KV_VIDEO_CODEC_H264;
  self->codecs[1] = KV_VIDEO_CODEC_VP8;
  self->n_codecs = 2;
  self->echo_cancel = KV_ECHO_CANCEL_AUTO;
  self->stun_servers = empty_strv ();
  self->turn_servers = empty_strv ();
  self->local_addresses = empty_strv ();
  return self;
}

KvMediaConfig *
kv_media_config_copy (const KvMediaConfig *self)
{
  KvMediaConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->video_device = g_strdup (self->video_device);
  copy->test_pattern = g_strdup (self->test_pattern);
  copy->audio_source_device = g_strdup (self->audio_source_device);
  copy->audio_sink_device = g_strdup (self->audio_sink_device);
  copy->stun_servers = self->stun_servers != NULL ? g_strdupv (self->stun_servers) : empty_strv ();
  copy->turn_servers = self->turn_servers != NULL ? g_strdupv (self->turn_servers) : empty_strv ();
  copy->local_addresses = self->local_addresses != NULL ? g_strdupv (self->local_addresses)
                                                        : empty_strv ();
  return copy;
}

void
kv_media_config_free (KvMediaConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->video_device);
  g_free (self->test_pattern);
  g_free (self->audio_source_device);
  g_free (self->audio_sink_device);
  g_strfreev (self->stun_servers);
  g_strfreev (self->turn_servers);
  g_strfreev (self->local_addresses);
  g_free (self);
}

/**
 * kv_media_config_wants_echo_cancel:
 * @self: a media configuration
 *
 * Resolves `echo-cancel=auto`: a kiosk with a real microphone and a real
 * speaker hears itself, so it cancels echo; with a test tone or a fake sink
 * there is nothing to cancel and webrtcdsp would only cost CPU.
 *
 * Returns: whether the call engine should add webrtcdsp + webrtcechoprobe
 */
gboolean
kv_media_config_wants_echo_cancel (const KvMediaConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->echo_cancel)
    {
    case KV_ECHO_CANCEL_ON:
      return TRUE;
    case KV_ECHO_CANCEL_OFF:
      return FALSE;
    case KV_ECHO_CANCEL_AUTO:
    default:
      return self->audio_source == KV_AUDIO_SOURCE_PULSE &&
             self->audio_sink != KV_AUDIO_SINK_FAKE;
    }
}

/**
 * kv_media_config_has_netsim:
 * @self: a media configuration
 *
 * Returns: whether any fault injection is configured
 */
gboolean
kv_media_config_has_netsim (const KvMediaConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->netsim_drop_probability > 0.0 || self->netsim_delay_ms > 0 ||
         self->netsim_delay_jitter_ms > 0 || self->netsim_max_kbps > 0;
}

const char *
kv_video_codec_to_string (KvVideoCodec codec)
{
  switch (codec)
    {
    case KV_VIDEO_CODEC_H264:
      return "h264";
    case KV_VIDEO_CODEC_VP8:
      return "vp8";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
parse_codecs (KvMediaConfig *self,
              KvConfigFile  *file,
              GError       **error)
{
  static const char * const default_codecs[] = { "h264", "vp8", NULL };
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (KV_TYPE_VIDEO_CODEC);
  g_auto(GStrv) names = NULL;

  if (!kv_config_file_get_string_list (file, GROUP, "codecs", default_codecs, &names, error))
    return FALSE;

  if (names[0] == NULL)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP, "codecs",
                                "codecs is empty (use h264, vp8 or both, preferred first)");
      return FALSE;
    }

  self->n_codecs = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      GEnumValue *value = g_enum_get_value_by_nick (enum_class, names[i]);
      g_autofree char *quoted = kv_config_quote (names[i]);

      if (value == NULL)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP, "codecs",
                                    "codecs entry '%s' is not a codec (use h264 or vp8)", quoted);
          return FALSE;
        }
      for (guint j = 0; j < self->n_codecs; j++)
        {
          if (self->codecs[j] == (KvVideoCodec) value->value)
            {
              kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP,
                                        "codecs", "codecs lists '%s' twice", quoted);
              return FALSE;
            }
        }
      self->codecs[self->n_codecs++] = value->value;
    }

  return TRUE;
}

static gboolean
parse_ice_urls (KvConfigFile   *file,
                const char     *key,
                KvIceUrlScheme  scheme,
                GStrv          *out_urls,
                GError        **error)
{
  g_auto(GStrv) urls = NULL;

  if (!kv_config_file_get_string_list (file, GROUP, key, NULL, &urls, error))
    return FALSE;

  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KvIceUrl) url = kv_ice_url_parse (urls[i], &local_error);

      if (url == NULL)
        {
          kv_config_file_set_error (file, error, local_error->code, GROUP, key,
                                    "%s: %s", key, local_error->message);
          return FALSE;
        }
      if (url->scheme != scheme)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP, key,
                                    "%s entry %u is not a %s URL", key, i + 1,
                                    scheme == KV_ICE_URL_SCHEME_STUN ? "stun:" : "turn:");
          return FALSE;
        }
    }

  *out_urls = g_steal_pointer (&urls);
  return TRUE;
}

static gboolean
parse_local_addresses (KvMediaConfig *self,
                       KvConfigFile  *file,
                       GError       **error)
{
  g_auto(GStrv) addresses = NULL;

  if (!kv_config_file_get_string_list (file, GROUP, "local-addresses", NULL, &addresses, error))
    return FALSE;

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (addresses[i]);

      if (address == NULL)
        {
          g_autofree char *quoted = kv_config_quote (addresses[i]);

          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP,
                                    "local-addresses", "local-addresses entry '%s' is not "
                                    "an IP address", quoted);
          return FALSE;
        }
    }

  g_strfreev (self->local_addresses);
  self->local_addresses = g_steal_pointer (&addresses);
  return TRUE;
}

static gboolean
parse_sources_and_sinks (KvMediaConfig *self,
                         KvConfigFile  *file,
                         GError       **error)
{
  g_autofree char *video_device = NULL;
  g_autofree char *test_pattern = NULL;
  int video_source, audio_source, audio_sink;

  if (!kv_config_file_get_enum (file, GROUP, "video-source", KV_TYPE_VIDEO_SOURCE,
                                self->video_source, &video_source, error) ||
      !kv_config_file_get_string (file, GROUP, "video-device", self->video_device,
                                  &video_device, error) ||
      !kv_config_file_get_string (file, GROUP, "test-pattern", self->test_pattern,
                                  &test_pattern, error) ||
      !kv_config_file_get_enum (file, GROUP, "audio-source", KV_TYPE_AUDIO_SOURCE,
                                self->audio_source, &audio_source, error) ||
      !kv_config_file_get_string (file, GROUP, "audio-source-device", NULL,
                                  &self->audio_source_device, error) ||
      !kv_config_file_get_enum (file, GROUP, "audio-sink", KV_TYPE_AUDIO_SINK,
                                self->audio_sink, &audio_sink, error) ||
      !kv_config_file_get_string (file, GROUP, "audio-sink-device", NULL,
                                  &self->audio_sink_device, error))
    return FALSE;

  self->video_source = video_source;
  self->audio_source = audio_source;
  self->audio_sink = audio_sink;

  if (!g_path_is_absolute (video_device))
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP,
                                "video-device", "video-device must be an absolute path "
                                "such as /dev/video0");
      return FALSE;
    }
  g_free (self->video_device);
  self->video_device = g_steal_pointer (&video_device);

  if (!g_strv_contains (test_patterns, test_pattern))
    {
      g_autofree char *known = g_strjoinv (", ", (GStrv) test_patterns);

      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP,
                                "test-pattern", "test-pattern is not a videotestsrc "
                                "pattern (use one of %s)", known);
      return FALSE;
    }
  g_free (self->test_pattern);
  self->test_pattern = g_steal_pointer (&test_pattern);

  return TRUE;
}

static gboolean
check_even (KvConfigFile *file,
            const char   *key,
            guint         value,
            GError      **error)
{
  /* I420, what the encoders take, has 2x2 chroma blocks. */
  if (value % 2 != 0)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP, key,
                                "%s=%u must be an even number", key, value);
      return FALSE;
    }

  return TRUE;
}

/**
 * kv_media_config_new_from_config_file:
 * @file: a loaded configuration
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Parses the `[media]` group over kv_media_config_new_defaults(). Unknown
 * keys in `[media]` are errors; other groups are the caller's business.
 *
 * Returns: (transfer full): the media configuration, or %NULL
 */
KvMediaConfig *
kv_media_config_new_from_config_file (KvConfigFile  *file,
                                      GError       **error)
{
  g_autoptr(KvMediaConfig) self = kv_media_config_new_defaults ();
  int echo_cancel;

  g_return_val_if_fail (file != NULL, NULL);

  if (!kv_config_file_check_keys (file, GROUP, media_keys, error) ||
      !parse_sources_and_sinks (self, file, error))
    return NULL;

  if (!kv_config_file_get_uint (file, GROUP, "width", self->width, KV_MEDIA_CONFIG_MIN_WIDTH,
                                KV_MEDIA_CONFIG_MAX_WIDTH, &self->width, error) ||
      !check_even (file, "width", self->width, error) ||
      !kv_config_file_get_uint (file, GROUP, "height", self->height, KV_MEDIA_CONFIG_MIN_HEIGHT,
                                KV_MEDIA_CONFIG_MAX_HEIGHT, &self->height, error) ||
      !check_even (file, "height", self->height, error) ||
      !kv_config_file_get_uint (file, GROUP, "framerate", self->framerate,
                                KV_MEDIA_CONFIG_MIN_FRAMERATE, KV_MEDIA_CONFIG_MAX_FRAMERATE,
                                &self->framerate, error) ||
      !kv_config_file_get_uint (file, GROUP, "video-bitrate-kbps", self->video_bitrate_kbps,
                                KV_MEDIA_CONFIG_MIN_BITRATE_KBPS,
                                KV_MEDIA_CONFIG_MAX_BITRATE_KBPS,
                                &self->video_bitrate_kbps, error) ||
      !kv_config_file_get_uint (file, GROUP, "jitter-latency-ms", self->jitter_latency_ms,
                                0, KV_MEDIA_CONFIG_MAX_JITTER_LATENCY_MS,
                                &self->jitter_latency_ms, error) ||
      !parse_codecs (self, file, error) ||
      !kv_config_file_get_enum (file, GROUP, "echo-cancel", KV_TYPE_ECHO_CANCEL,
                                self->echo_cancel, &echo_cancel, error))
    return NULL;
  self->echo_cancel = echo_cancel;

  g_clear_pointer (&self->stun_servers, g_strfreev);
  g_clear_pointer (&self->turn_servers, g_strfreev);
  if (!parse_ice_urls (file, "stun-servers", KV_ICE_URL_SCHEME_STUN, &self->stun_servers, error) ||
      !parse_ice_urls (file, "turn-servers", KV_ICE_URL_SCHEME_TURN, &self->turn_servers, error) ||
      !kv_config_file_get_boolean (file, GROUP, "relay-only", self->relay_only,
                                   &self->relay_only, error) ||
      !parse_local_addresses (self, file, error))
    return NULL;

  if (!kv_config_file_get_double (file, GROUP, "netsim-drop-probability", 0.0, 0.0, 1.0,
                                  &self->netsim_drop_probability, error) ||
      !kv_config_file_get_uint (file, GROUP, "netsim-delay-ms", 0, 0,
                                KV_MEDIA_CONFIG_MAX_NETSIM_DELAY_MS, &self->netsim_delay_ms,
                                error) ||
      !kv_config_file_get_uint (file, GROUP, "netsim-delay-jitter-ms", 0, 0,
                                KV_MEDIA_CONFIG_MAX_NETSIM_DELAY_MS,
                                &self->netsim_delay_jitter_ms, error) ||
      !kv_config_file_get_uint (file, GROUP, "netsim-max-kbps", 0, 0,
                                KV_MEDIA_CONFIG_MAX_NETSIM_KBPS, &self->netsim_max_kbps, error))
    return NULL;

  return g_steal_pointer (&self);
}
