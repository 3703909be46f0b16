/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-call-factory.h"
#include "kv-clock.h"
#include "kv-protocol.h"
#include "kv-signaller.h"
#include "kv-types.h"
#include "kv-visit.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_JOINER (kv_visit_joiner_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitJoiner, kv_visit_joiner, KV, VISIT_JOINER, GObject)

KvVisitJoiner *kv_visit_joiner_new            (KvClock         *clock,
                                               KvSignaller     *signaller,
                                               KvCallFactory   *call_factory,
                                               KvRole           role,
                                               gboolean         room_supervised);
void           kv_visit_joiner_stop           (KvVisitJoiner   *self);
KvVisit       *kv_visit_joiner_get_visit      (KvVisitJoiner   *self);

G_END_DECLS
