/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

/**
 * KvNetsimSettings:
 * @drop_probability: packet loss, 0..1
 * @delay_ms: added delay
 * @delay_jitter_ms: random extra delay, 0..@delay_jitter_ms
 * @max_kbps: bandwidth cap, 0 for none
 *
 * Fault injection on a call's RTP send path (there is no netem here).
 */
typedef struct
{
  double drop_probability;
  guint  delay_ms;
  guint  delay_jitter_ms;
  guint  max_kbps;
} KvNetsimSettings;

#define KV_TYPE_NETSIM (kv_netsim_get_type ())
G_DECLARE_FINAL_TYPE (KvNetsim, kv_netsim, KV, NETSIM, GObject)

gboolean    kv_netsim_settings_parse       (const char             *spec,
                                            KvNetsimSettings       *settings,
                                            GError                **error);
void        kv_netsim_settings_from_config (const KvMediaConfig    *config,
                                            KvNetsimSettings       *settings);
gboolean    kv_netsim_settings_is_active   (const KvNetsimSettings *settings);

KvNetsim   *kv_netsim_new                  (const KvNetsimSettings *settings);
GstElement *kv_netsim_make_element         (KvNetsim               *self);
void        kv_netsim_set_blackout         (KvNetsim               *self,
                                            gboolean                blackout);
gboolean    kv_netsim_get_blackout         (KvNetsim               *self);
void        kv_netsim_set_drop_probability (KvNetsim               *self,
                                            double                  probability);

G_END_DECLS
