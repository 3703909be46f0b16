/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-call"

#include "config.h"

#include "kv-fake-call.h"
#include "kv-fake-messages.h"
#include "kv-fake-signaller.h"
#include "kv-visit-call.h"

/* KvVisitCall with a fake call engine and a fake server link: how the
 * call and the link work together when media and the link are lost (the
 * recovery bound of kv-visit-call.h). What goes over the wire is what the
 * fake signaller recorded. */

#define BOOKING "b1"

typedef struct
{
  KvFakeSignaller *signaller;
  KvFakeCall      *backend;
  KvVisitCall     *call;
} Fixture;

static void
sign_in (Fixture *f)
{
  kv_fake_signaller_sign_in (f->signaller, "kiosk-1", KV_ROLE_COMMUNITY, 0);
}

static void
setup (Fixture       *f,
       gboolean       offerer)
{
  f->signaller = kv_fake_signaller_new ();
  f->backend = kv_fake_call_new (offerer);
  f->call = kv_visit_call_new (KV_CALL_BACKEND (f->backend), KV_SIGNALLER (f->signaller), BOOKING);
}

static void
setup_offerer (Fixture       *f,
               gconstpointer  data)
{
  setup (f, TRUE);
}

static void
setup_answerer (Fixture       *f,
                gconstpointer  data)
{
  setup (f, FALSE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->call));
  g_assert_finalize_object (g_steal_pointer (&f->backend));
  g_assert_finalize_object (g_steal_pointer (&f->signaller));
}

/* The @index-th message sent (oldest first). */
static const KvMessage *
sent (Fixture *f,
      guint    index)
{
  GPtrArray *all = kv_fake_signaller_get_sent (f->signaller);

  g_assert_cmpuint (index, <, all->len);
  return g_ptr_array_index (all, index);
}

/* The server relays the peer's description. */
static void
receive_sdp (Fixture    *f,
             guint       generation,
             KvSdpType   type,
             const char *text)
{
  g_autoptr(KvMessage) message = kv_fake_message_sdp (BOOKING, generation, type, text);

  kv_visit_call_handle_sdp (f->call, &message->sdp);
}

static guint
n_sent (Fixture *f)
{
  return kv_fake_signaller_get_sent (f->signaller)->len;
}

static void
assert_sdp (const KvMessage *message,
            KvSdpType        type,
            guint            generation,
            const char      *sdp)
{
  g_assert_cmpint (message->type, ==, KV_MESSAGE_SDP);
  g_assert_cmpint (message->sdp.sdp_type, ==, type);
  g_assert_cmpuint (message->sdp.generation, ==, generation);
  g_assert_cmpstr (message->sdp.sdp, ==, sdp);
}

static void
assert_ice (const KvMessage *message,
            guint            generation,
            const char      *candidate)
{
  g_assert_cmpint (message->type, ==, KV_MESSAGE_ICE);
  g_assert_cmpuint (message->ice.generation, ==, generation);
  g_assert_cmpstr (message->ice.candidate, ==, candidate);
}

/* While the call exists the link is urgent (fast dead-link detection,
 * short backoff), and only then. */
static void
test_link_urgent_while_call (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_false (kv_signaller_get_urgent (KV_SIGNALLER (f->signaller)));
  kv_visit_call_start (f->call);
  g_assert_true (kv_signaller_get_urgent (KV_SIGNALLER (f->signaller)));
  kv_visit_call_stop (f->call);
  g_assert_false (kv_signaller_get_urgent (KV_SIGNALLER (f->signaller)));

  /* A call dropped without a stop lets go of the link too. */
  g_clear_object (&f->call);
  f->call = kv_visit_call_new (KV_CALL_BACKEND (f->backend), KV_SIGNALLER (f->signaller), BOOKING);
  kv_visit_call_start (f->call);
  g_assert_true (kv_signaller_get_urgent (KV_SIGNALLER (f->signaller)));
  g_clear_object (&f->call);
  g_assert_false (kv_signaller_get_urgent (KV_SIGNALLER (f->signaller)));
  f->call = kv_visit_call_new (KV_CALL_BACKEND (f->backend), KV_SIGNALLER (f->signaller), BOOKING);
}

/* The engine knows whether an offer can reach the peer: from the start,
 * and on every change of the link. */
static void
test_engine_knows_link (Fixture       *f,
                        gconstpointer  data)
{
  /* Made while the link was down. */
  g_assert_false (kv_fake_call_get_signalling_up (f->backend));
  kv_visit_call_start (f->call);
  sign_in (f);
  g_assert_true (kv_fake_call_get_signalling_up (f->backend));
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  g_assert_false (kv_fake_call_get_signalling_up (f->backend));
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_CONNECTING);
  g_assert_false (kv_fake_call_get_signalling_up (f->backend));
  sign_in (f);
  g_assert_true (kv_fake_call_get_signalling_up (f->backend));
}

/* Plays the engine: a stalled offerer rebuilds the moment the link is
 * back (generation + 1, its new offer comes later). */
static void
on_signalling_up_rebuild (GObject    *backend,
                          GParamSpec *pspec,
                          gpointer    data)
{
  KvFakeCall *call = KV_FAKE_CALL (backend);

  if (kv_fake_call_get_signalling_up (call))
    kv_fake_call_set_generation (call, kv_call_backend_get_generation (KV_CALL_BACKEND (call)) + 1);
}

/* An offer made while the link was down waits in the outbox; when the
 * engine rebuilds at the sign-in, that offer is stale and must not reach
 * the answerer (it would rebuild twice). The new one goes out alone. */
static void
test_rebuild_at_sign_in_drops_stale_offer (Fixture       *f,
                                           gconstpointer  data)
{
  kv_visit_call_start (f->call);
  kv_visit_call_release (f->call);
  kv_fake_call_emit_local_description (f->backend, KV_SDP_OFFER, "offer-1");
  kv_fake_call_emit_local_candidate (f->backend, 0, "candidate:1-a");
  g_assert_cmpuint (n_sent (f), ==, 0);

  g_signal_connect (f->backend, "notify::signalling-up", G_CALLBACK (on_signalling_up_rebuild),
                    NULL);
  sign_in (f);
  g_signal_handlers_disconnect_by_func (f->backend, on_signalling_up_rebuild, NULL);
  g_assert_cmpuint (kv_call_backend_get_generation (KV_CALL_BACKEND (f->backend)), ==, 2);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 0);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_ICE), ==, 0);

  kv_fake_call_emit_local_description (f->backend, KV_SDP_OFFER, "offer-2");
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 1);
  assert_sdp (kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_SDP), KV_SDP_OFFER, 2,
              "offer-2");
}

/* An answerer back on the server sends its last answer (and its
 * candidates) again: that is how the offerer learns it is back. Even with
 * a picture on screen: it may be the last frames of a pipeline the
 * offerer is replacing right now (seen in bench-media-link). */
static void
test_answerer_asks_again_on_sign_in (Fixture       *f,
                                     gconstpointer  data)
{
  sign_in (f);
  kv_visit_call_start (f->call);
  kv_visit_call_release (f->call);
  kv_fake_call_set_generation (f->backend, 3);
  kv_fake_call_emit_local_description (f->backend, KV_SDP_ANSWER, "answer-3");
  kv_fake_call_emit_local_candidate (f->backend, 0, "candidate:3-a");

  for (guint flowing = 0; flowing <= 1; flowing++)
    {
      kv_fake_call_set_media_flowing (f->backend, flowing);
      kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
      kv_fake_signaller_clear_sent (f->signaller);
      sign_in (f);
      /* The answer again, then its candidates, in that order. */
      g_assert_cmpuint (n_sent (f), ==, 2);
      assert_sdp (sent (f, 0), KV_SDP_ANSWER, 3, "answer-3");
      assert_ice (sent (f, 1), 3, "candidate:3-a");
    }
}

/* Before it has answered, an answerer has nothing to send again (only an
 * offer starts a call). */
static void
test_answerer_without_answer_asks_nothing (Fixture       *f,
                                           gconstpointer  data)
{
  sign_in (f);
  kv_visit_call_start (f->call);
  kv_visit_call_release (f->call);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_fake_signaller_clear_sent (f->signaller);
  sign_in (f);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 0);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_ICE), ==, 0);
}

/* An offerer that rebuilt while the answerer was away gets the
 * answerer's old answer: it sends its current offer and candidates again
 * at once, and tells the engine (so the attempt's time starts over). */
static void
test_offerer_sends_offer_again_on_old_answer (Fixture       *f,
                                              gconstpointer  data)
{
  GPtrArray *fed;

  sign_in (f);
  kv_visit_call_start (f->call);
  kv_visit_call_release (f->call);
  kv_fake_call_set_generation (f->backend, 3);
  kv_fake_call_emit_local_description (f->backend, KV_SDP_OFFER, "offer-3");
  kv_fake_call_emit_local_candidate (f->backend, 0, "candidate:3-a");
  kv_fake_call_emit_local_candidate (f->backend, 0, "candidate:3-b");
  kv_fake_signaller_clear_sent (f->signaller);

  receive_sdp (f, 1, KV_SDP_ANSWER, "answer-1");
  g_assert_cmpuint (n_sent (f), ==, 3);
  assert_sdp (sent (f, 0), KV_SDP_OFFER, 3, "offer-3");
  assert_ice (sent (f, 1), 3, "candidate:3-a");
  assert_ice (sent (f, 2), 3, "candidate:3-b");
  fed = kv_fake_call_get_remote_descriptions (f->backend);
  g_assert_cmpuint (fed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fed, 0), ==, "answer:answer-1@1");

  /* The answer to it is applied, and sends nothing. */
  kv_fake_signaller_clear_sent (f->signaller);
  receive_sdp (f, 3, KV_SDP_ANSWER, "answer-3");
  g_assert_cmpuint (n_sent (f), ==, 0);
  g_assert_cmpuint (fed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fed, 1), ==, "answer:answer-3@3");

  /* An old offer (only an offerer makes those) asks for nothing. */
  receive_sdp (f, 1, KV_SDP_OFFER, "offer-1");
  g_assert_cmpuint (n_sent (f), ==, 0);
  g_assert_cmpuint (fed->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/visit-call/link-urgent-while-call", Fixture, NULL, setup_offerer,
              test_link_urgent_while_call, teardown);
  g_test_add ("/visit-call/engine-knows-link", Fixture, NULL, setup_offerer,
              test_engine_knows_link, teardown);
  g_test_add ("/visit-call/rebuild-at-sign-in-drops-stale-offer", Fixture, NULL, setup_offerer,
              test_rebuild_at_sign_in_drops_stale_offer, teardown);
  g_test_add ("/visit-call/answerer-asks-again-on-sign-in", Fixture, NULL, setup_answerer,
              test_answerer_asks_again_on_sign_in, teardown);
  g_test_add ("/visit-call/answerer-without-answer-asks-nothing", Fixture, NULL,
              setup_answerer, test_answerer_without_answer_asks_nothing, teardown);
  g_test_add ("/visit-call/offerer-sends-offer-again-on-old-answer", Fixture, NULL,
              setup_offerer, test_offerer_sends_offer_again_on_old_answer, teardown);

  return g_test_run ();
}
