/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-netsim.h"

#include "kv-media-error.h"

/**
 * KvNetsim:
 *
 * Puts GStreamer's `netsim` element into a call's RTP send path (through
 * webrtcbin's `request-aux-sender`), for loss, delay, a bandwidth cap, and
 * blackouts switched at run time. This kernel has no netem and no
 * iptables, so this is how the engine's recovery is tested here. Only RTP
 * goes through it: RTCP and ICE keep flowing, like a congested or lossy
 * link rather than an unplugged one.
 *
 * Elements are made on webrtcbin's thread and switched from the main
 * thread, hence the lock.
 */

struct _KvNetsim
{
  GObject          parent_instance;

  GMutex           lock;
  KvNetsimSettings settings;   /* lock */
  gboolean         blackout;   /* lock */
  GPtrArray       *elements;   /* GstElement; lock */
};

G_DEFINE_FINAL_TYPE (KvNetsim, kv_netsim, G_TYPE_OBJECT)

/**
 * kv_netsim_settings_parse:
 * @spec: e.g. "drop=0.05,delay=20,jitter=10,max-kbps=500" (the KV_NETSIM
 *   environment variable); keys may be left out
 * @settings: (inout): updated with the keys given
 * @error: return location for %KV_MEDIA_ERROR_PIPELINE
 */
gboolean
kv_netsim_settings_parse (const char        *spec,
                          KvNetsimSettings  *settings,
                          GError           **error)
{
  g_auto(GStrv) items = g_strsplit (spec != NULL ? spec : "", ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (items[i]), "=", 2);
      char *end = NULL;
      double value;

      if (kv[0] == NULL || *kv[0] == '\0')
        continue;
      if (kv[1] == NULL)
        goto bad;
      value = g_ascii_strtod (kv[1], &end);
      if (end == kv[1] || *end != '\0' || value < 0 || value > 1e6)
        goto bad;

      if (g_str_equal (kv[0], "drop"))
        {
          if (value > 1.0)
            goto bad;
          settings->drop_probability = value;
        }
      else if (g_str_equal (kv[0], "delay"))
        settings->delay_ms = (guint) value;
      else if (g_str_equal (kv[0], "jitter"))
        settings->delay_jitter_ms = (guint) value;
      else if (g_str_equal (kv[0], "max-kbps"))
        settings->max_kbps = (guint) value;
      else
        goto bad;
      continue;

    bad:
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "Bad fault injection setting \"%s\" (expected drop=0..1, delay=MS, "
                   "jitter=MS, max-kbps=N)", items[i]);
      return FALSE;
    }
  return TRUE;
}

void
kv_netsim_settings_from_config (const KvMediaConfig *config,
                                KvNetsimSettings    *settings)
{
  settings->drop_probability = config->netsim_drop_probability;
  settings->delay_ms = config->netsim_delay_ms;
  settings->delay_jitter_ms = config->netsim_delay_jitter_ms;
  settings->max_kbps = config->netsim_max_kbps;
}

gboolean
kv_netsim_settings_is_active (const KvNetsimSettings *settings)
{
  return settings->drop_probability > 0 || settings->delay_ms > 0
         || settings->delay_jitter_ms > 0 || settings->max_kbps > 0;
}

static void
apply_locked (KvNetsim   *self,
              GstElement *element)
{
  const KvNetsimSettings *s = &self->settings;

  g_object_set (element,
                "drop-probability", (float) (self->blackout ? 1.0 : s->drop_probability),
                "max-kbps", s->max_kbps > 0 ? (int) s->max_kbps : -1,
                "min-delay", (int) s->delay_ms,
                "max-delay", (int) (s->delay_ms + s->delay_jitter_ms),
                "delay-probability", (float) (s->delay_ms + s->delay_jitter_ms > 0 ? 1.0 : 0.0),
                NULL);
}

static void
kv_netsim_finalize (GObject *object)
{
  KvNetsim *self = KV_NETSIM (object);

  g_ptr_array_unref (self->elements);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kv_netsim_parent_class)->finalize (object);
}

static void
kv_netsim_class_init (KvNetsimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kv_netsim_finalize;
}

static void
kv_netsim_init (KvNetsim *self)
{
  g_mutex_init (&self->lock);
  self->elements = g_ptr_array_new_with_free_func (gst_object_unref);
}

KvNetsim *
kv_netsim_new (const KvNetsimSettings *settings)
{
  KvNetsim *self = g_object_new (KV_TYPE_NETSIM, NULL);

  self->settings = *settings;
  return self;
}

/**
 * kv_netsim_make_element:
 * @self: a #KvNetsim
 *
 * Thread-safe (called from webrtcbin's `request-aux-sender`).
 *
 * Returns: (transfer floating) (nullable): a netsim element with the
 *   current settings
 */
GstElement *
kv_netsim_make_element (KvNetsim *self)
{
  GstElement *element = gst_element_factory_make ("netsim", NULL);

  if (element == NULL)
    return NULL;

  g_mutex_lock (&self->lock);
  apply_locked (self, element);
  g_ptr_array_add (self->elements, gst_object_ref (element));
  g_mutex_unlock (&self->lock);
  return element;
}

/**
 * kv_netsim_set_blackout:
 * @self: a #KvNetsim
 * @blackout: %TRUE to drop every RTP packet, %FALSE to go back to the
 *   settings
 *
 * A blackout also applies to elements made later (a rebuilt call), as a
 * real network outage would.
 */
void
kv_netsim_set_blackout (KvNetsim *self,
                        gboolean  blackout)
{
  g_return_if_fail (KV_IS_NETSIM (self));

  g_mutex_lock (&self->lock);
  self->blackout = blackout;
  for (guint i = 0; i < self->elements->len; i++)
    apply_locked (self, g_ptr_array_index (self->elements, i));
  g_mutex_unlock (&self->lock);
}

gboolean
kv_netsim_get_blackout (KvNetsim *self)
{
  gboolean blackout;

  g_return_val_if_fail (KV_IS_NETSIM (self), FALSE);

  g_mutex_lock (&self->lock);
  blackout = self->blackout;
  g_mutex_unlock (&self->lock);
  return blackout;
}

void
kv_netsim_set_drop_probability (KvNetsim *self,
                                double    probability)
{
  g_return_if_fail (KV_IS_NETSIM (self));

  g_mutex_lock (&self->lock);
  self->settings.drop_probability = CLAMP (probability, 0.0, 1.0);
  for (guint i = 0; i < self->elements->len; i++)
    apply_locked (self, g_ptr_array_index (self->elements, i));
  g_mutex_unlock (&self->lock);
}
