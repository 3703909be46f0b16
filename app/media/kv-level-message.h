/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

double kv_level_message_get (const GstStructure *s,
                             const char         *field);

G_END_DECLS
