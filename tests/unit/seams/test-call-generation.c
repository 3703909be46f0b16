/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-call-generation"

#include "config.h"

#include "kv-call-generation.h"

/* The stale-generation filter both sides of the seam ask (the kiosk's
 * KvVisitCall, the engine's call): a table of what arrives against what
 * the call makes of it. The call is at generation 2. */

typedef struct
{
  gboolean                offering;
  KvSdpType               type;
  guint                   generation;
  KvCallGenerationVerdict expected;
} DescriptionCase;

static void
test_descriptions (void)
{
  static const DescriptionCase cases[] = {
    /* The answerer's last answer, sent again when it signs in: the
     * offerer with an offer out sends it again... */
    { TRUE, KV_SDP_ANSWER, 1, KV_CALL_GENERATION_ASKS_FOR_OFFER },
    /* ...one without an offer out has nothing to send: stale. */
    { FALSE, KV_SDP_ANSWER, 1, KV_CALL_GENERATION_STALE },
    { TRUE, KV_SDP_OFFER, 1, KV_CALL_GENERATION_STALE },
    { FALSE, KV_SDP_OFFER, 1, KV_CALL_GENERATION_STALE },
    { TRUE, KV_SDP_ANSWER, 2, KV_CALL_GENERATION_CURRENT },
    { FALSE, KV_SDP_OFFER, 2, KV_CALL_GENERATION_CURRENT },
    /* The offerer rebuilt: its newer offer starts a new generation. */
    { FALSE, KV_SDP_OFFER, 3, KV_CALL_GENERATION_NEWER },
    { TRUE, KV_SDP_ANSWER, 3, KV_CALL_GENERATION_NEWER },
    /* Generation 0 is older than any call's first (1). */
    { TRUE, KV_SDP_ANSWER, 0, KV_CALL_GENERATION_ASKS_FOR_OFFER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const DescriptionCase *c = &cases[i];

      g_test_message ("case %u: %s %s of generation %u", i,
                      c->offering ? "offering," : "not offering,",
                      c->type == KV_SDP_OFFER ? "offer" : "answer", c->generation);
      g_assert_cmpint (kv_call_generation_check_description (c->offering, c->type,
                                                             c->generation, 2),
                       ==, c->expected);
    }
}

static void
test_candidates (void)
{
  g_assert_cmpint (kv_call_generation_check_candidate (0, 2), ==, KV_CALL_GENERATION_STALE);
  g_assert_cmpint (kv_call_generation_check_candidate (1, 2), ==, KV_CALL_GENERATION_STALE);
  g_assert_cmpint (kv_call_generation_check_candidate (2, 2), ==, KV_CALL_GENERATION_CURRENT);
  g_assert_cmpint (kv_call_generation_check_candidate (3, 2), ==, KV_CALL_GENERATION_NEWER);
  g_assert_cmpint (kv_call_generation_check_candidate (G_MAXUINT, 2), ==,
                   KV_CALL_GENERATION_NEWER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-generation/descriptions", test_descriptions);
  g_test_add_func ("/call-generation/candidates", test_candidates);

  return g_test_run ();
}
