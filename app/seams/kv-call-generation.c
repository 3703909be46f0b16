/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-call-generation.h"

/*
 * The stale-generation filter, in one place. Every rebuild of a call (no
 * ICE restart in GStreamer 1.22: a new pipeline, a new negotiation) bumps
 * its generation, and every `sdp` and `ice` message carries the generation
 * it belongs to. The server relays them as they come, so the peer's
 * messages of a generation a rebuild made moot still arrive for a while:
 * applied, they would tear down or confuse the working call.
 *
 * The kiosk's KvVisitCall asks here before it feeds the call engine, and
 * the engine (app/media's KvCallGenerations) asks again for its own
 * pipeline: the same answer on both sides of the seam.
 */

/**
 * kv_call_generation_check_description:
 * @offering: whether this side offers and has an offer of @current out
 *   (only such a side can be asked for its offer again)
 * @type: the peer's description's type
 * @generation: the generation the description carries
 * @current: the call's current generation
 *
 * Returns: what to make of the peer's description
 */
KvCallGenerationVerdict
kv_call_generation_check_description (gboolean  offering,
                                      KvSdpType type,
                                      guint     generation,
                                      guint     current)
{
  if (generation < current)
    return offering && type == KV_SDP_ANSWER ? KV_CALL_GENERATION_ASKS_FOR_OFFER
                                             : KV_CALL_GENERATION_STALE;
  if (generation > current)
    return KV_CALL_GENERATION_NEWER;
  return KV_CALL_GENERATION_CURRENT;
}

/**
 * kv_call_generation_check_candidate:
 * @generation: the generation the candidate carries
 * @current: the call's current generation
 *
 * Returns: what to make of the peer's ICE candidate (never
 *   %KV_CALL_GENERATION_ASKS_FOR_OFFER)
 */
KvCallGenerationVerdict
kv_call_generation_check_candidate (guint generation,
                                    guint current)
{
  if (generation < current)
    return KV_CALL_GENERATION_STALE;
  if (generation > current)
    return KV_CALL_GENERATION_NEWER;
  return KV_CALL_GENERATION_CURRENT;
}
