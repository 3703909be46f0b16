/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-webrtc-call-factory.h"

#include "kv-local-preview.h"
#include "kv-media-init.h"
#include "kv-media-sources.h"
#include "kv-webrtc-call.h"

/**
 * KvWebrtcCallFactory:
 *
 * The real #KvCallFactory: #KvWebrtcCall calls and #KvLocalPreview
 * previews from the kiosk's media configuration. A missing camera or
 * microphone is found here, when the call is created, so the kiosk can
 * show it before the visit instead of failing into it.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvWebrtcCallFactory
{
  GObject        parent_instance;

  KvMediaConfig *config;
  KvClock       *clock;
};

static void kv_webrtc_call_factory_iface_init (KvCallFactoryInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvWebrtcCallFactory, kv_webrtc_call_factory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_CALL_FACTORY,
                                                      kv_webrtc_call_factory_iface_init))

/* Opens and closes the configured devices once. */
static gboolean
probe_devices (const KvMediaConfig  *config,
               GError              **error)
{
  g_autoptr(GstElement) video = NULL;
  g_autoptr(GstElement) audio = NULL;
  g_autoptr(GstElement) sink = NULL;

  if (!kv_media_init (error) || !kv_media_check_config (config, error))
    return FALSE;
  if ((video = kv_media_make_video_source (config, error)) == NULL)
    return FALSE;
  gst_object_ref_sink (video);
  if ((audio = kv_media_make_audio_source (config, NULL, error)) == NULL)
    return FALSE;
  gst_object_ref_sink (audio);
  if ((sink = kv_media_make_audio_sink (config, NULL, error)) == NULL)
    return FALSE;
  gst_object_ref_sink (sink);
  return TRUE;
}

static KvCallBackend *
kv_webrtc_call_factory_create_call (KvCallFactory  *factory,
                                    gboolean        offerer,
                                    GPtrArray      *ice_servers,
                                    GError        **error)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (factory);

  if (!probe_devices (self->config, error))
    return NULL;
  return KV_CALL_BACKEND (kv_webrtc_call_new (self->config, offerer, ice_servers, self->clock));
}

static KvMediaPreview *
kv_webrtc_call_factory_create_preview (KvCallFactory  *factory,
                                       GError        **error)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (factory);

  return (KvMediaPreview *) kv_local_preview_new (self->config, error);
}

static void
kv_webrtc_call_factory_iface_init (KvCallFactoryInterface *iface)
{
  iface->create_call = kv_webrtc_call_factory_create_call;
  iface->create_preview = kv_webrtc_call_factory_create_preview;
}

static void
kv_webrtc_call_factory_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_webrtc_call_factory_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_webrtc_call_factory_constructed (GObject *object)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (object);

  G_OBJECT_CLASS (kv_webrtc_call_factory_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = kv_media_config_new_defaults ();
}

static void
kv_webrtc_call_factory_finalize (GObject *object)
{
  KvWebrtcCallFactory *self = KV_WEBRTC_CALL_FACTORY (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_webrtc_call_factory_parent_class)->finalize (object);
}

static void
kv_webrtc_call_factory_class_init (KvWebrtcCallFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_webrtc_call_factory_get_property;
  object_class->set_property = kv_webrtc_call_factory_set_property;
  object_class->constructed = kv_webrtc_call_factory_constructed;
  object_class->finalize = kv_webrtc_call_factory_finalize;

  /**
   * KvWebrtcCallFactory:config:
   *
   * The media configuration every call and preview is made from (copied).
   */
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, KV_TYPE_MEDIA_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCallFactory:clock:
   *
   * Time for the calls' media watchdogs; %NULL for a real clock each.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_webrtc_call_factory_init (KvWebrtcCallFactory *self)
{
}

/**
 * kv_webrtc_call_factory_new:
 * @config: the kiosk's media configuration (copied)
 * @clock: (nullable): the kiosk's clock, for the media watchdogs
 *
 * Returns: (transfer full): a new factory
 */
KvWebrtcCallFactory *
kv_webrtc_call_factory_new (const KvMediaConfig *config,
                            KvClock             *clock)
{
  return g_object_new (KV_TYPE_WEBRTC_CALL_FACTORY, "config", config, "clock", clock, NULL);
}
