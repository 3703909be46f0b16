/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-protocol.h"

G_BEGIN_DECLS

/**
 * KvCallGenerationVerdict:
 * @KV_CALL_GENERATION_CURRENT: of the call's current generation
 * @KV_CALL_GENERATION_NEWER: of a newer generation: the peer rebuilt the
 *   call (only an offer to the answerer can start one; anything else of a
 *   newer generation is early)
 * @KV_CALL_GENERATION_STALE: of an older generation: a rebuild made it
 *   moot; drop it
 * @KV_CALL_GENERATION_ASKS_FOR_OFFER: an answer of an older generation,
 *   reaching the side that offers: the answerer signed in again without
 *   the current offer (the server dropped it while the answerer was away)
 *   and sent its last answer again to ask for it
 *
 * What the call makes of the peer's description or candidate, given the
 * generation it carries.
 */
typedef enum {
  KV_CALL_GENERATION_CURRENT,
  KV_CALL_GENERATION_NEWER,
  KV_CALL_GENERATION_STALE,
  KV_CALL_GENERATION_ASKS_FOR_OFFER,
} KvCallGenerationVerdict;

KvCallGenerationVerdict kv_call_generation_check_description (gboolean  offering,
                                                              KvSdpType type,
                                                              guint     generation,
                                                              guint     current);
KvCallGenerationVerdict kv_call_generation_check_candidate   (guint     generation,
                                                              guint     current);

G_END_DECLS
