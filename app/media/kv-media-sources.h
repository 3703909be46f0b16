/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

GstElement *kv_media_make_element       (const char           *factory,
                                         const char           *name,
                                         GError              **error);
GstElement *kv_media_make_video_source  (const KvMediaConfig  *config,
                                         GError              **error);
GstElement *kv_media_make_audio_source  (const KvMediaConfig  *config,
                                         const char           *echo_probe_name,
                                         GError              **error);
GstElement *kv_media_make_audio_sink    (const KvMediaConfig  *config,
                                         const char           *echo_probe_name,
                                         GError              **error);

G_END_DECLS
