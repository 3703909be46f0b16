/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-call.h"

#include "kv-call-generation.h"
#include "kv-kiosk-error.h"
#include "kv-sticker.h"

/**
 * KvVisitCall:
 *
 * The call of one visit, glued to the signalling link: it relays the call
 * engine's local descriptions and candidates to the server as `sdp`/`ice`
 * messages (with the call generation), feeds the peer's ones back into the
 * engine (dropping stale generations and other bookings), reports media
 * lost/back as `media` messages, and carries stickers over the data
 * channel.
 *
 * The call starts held (connected, nothing sent) so all of the set-up cost
 * is paid during the join window; kv_visit_call_release() lets media flow.
 * A staff pause holds it again (kv_visit_call_set_paused()) and a mute
 * holds the sound alone (kv_visit_call_set_audio_held()); neither is a
 * media loss, and neither renegotiates: the call stays up, so the picture
 * comes back at the resume without a new offer.
 *
 * It also makes the call engine and the server link work together when
 * media is lost (the bound they keep is in kv-visit-call.h): while the call
 * exists the link is urgent; the engine knows whether the kiosk is signed
 * in, so it rebuilds only when an offer can reach the peer, and at once
 * when the link is back; an answerer that signs in again sends its last
 * answer again, which tells an offerer that rebuilt meanwhile to send its
 * current offer again.
 */

struct _KvVisitCall
{
  GObject parent_instance;

  KvCallBackend *backend;
  KvSignaller *signaller;
  char *booking_id;

  gboolean started;
  gboolean released;
  gboolean paused;
  gboolean audio_held;
  gboolean stopped;
  gboolean had_media;
  gboolean media_lost;
  gboolean made_urgent;

  /* Signalling that could not go out while the server link was down,
   * oldest first; sent as soon as the kiosk is signed in again. */
  GQueue outbox;
  /* This side's description (the offerer's offer, the answerer's answer)
   * and candidates of the current generation, oldest first: the server
   * drops what it cannot deliver to a kiosk that is not signed in, so they
   * are sent again when the peer turns up. */
  GQueue history;
};

/* Enough for a description and a full set of candidates. */
#define MAX_OUTBOX 64

/* The target a visit is held to: the picture back within 3 s once the
 * network and the server are. Whoever tunes a constant of the bound
 * (kv-visit-call.h) finds out here, at build time. The derivation also
 * needs an attempt to outlast a working negotiation, which
 * kv-media-watchdog.h asserts. */
G_STATIC_ASSERT (KV_VISIT_CALL_RECOVERY_BOUND_US <= 3 * G_USEC_PER_SEC);

enum {
  PROP_0,
  PROP_BACKEND,
  PROP_SIGNALLER,
  PROP_BOOKING_ID,
  PROP_RELEASED,
  PROP_MEDIA_LOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STICKER_RECEIVED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KvVisitCall, kv_visit_call, G_TYPE_OBJECT)

static guint
message_generation (const KvMessage *message)
{
  return message->type == KV_MESSAGE_SDP ? message->sdp.generation : message->ice.generation;
}

/* A new description makes everything queued of older generations moot. */
static void
drop_older_than (KvVisitCall *self,
                 guint        generation)
{
  GList *link = self->outbox.head;

  while (link != NULL)
    {
      GList *next = link->next;

      if (kv_call_generation_check_candidate (message_generation (link->data), generation)
          == KV_CALL_GENERATION_STALE)
        {
          kv_message_free (link->data);
          g_queue_delete_link (&self->outbox, link);
        }
      link = next;
    }
}

/* Sends @message (transfer full); call signalling (@keep) waits in the
 * outbox while the link is down, so a call set up during a server outage
 * still connects once the link is back. */
static void
send_message (KvVisitCall *self,
              KvMessage   *message,
              gboolean     keep)
{
  g_autoptr(KvMessage) owned = message;
  g_autoptr(GError) error = NULL;

  if (keep && !g_queue_is_empty (&self->outbox))
    {
      /* Keep the order: behind what is already waiting. */
      g_queue_push_tail (&self->outbox, g_steal_pointer (&owned));
    }
  else if (!kv_signaller_send (self->signaller, owned, &error))
    {
      g_debug ("Could not send %s: %s",
               kv_message_type_to_string (owned->type), error->message);
      if (keep && g_error_matches (error, KV_NET_ERROR, KV_NET_ERROR_NOT_SIGNED_IN))
        g_queue_push_tail (&self->outbox, g_steal_pointer (&owned));
    }

  while (g_queue_get_length (&self->outbox) > MAX_OUTBOX)
    kv_message_free (g_queue_pop_head (&self->outbox));
}

/* Whether the history holds an offer (this side offers, and has). */
static gboolean
has_offer (KvVisitCall *self)
{
  const KvMessage *first = g_queue_peek_head (&self->history);

  return first != NULL && first->type == KV_MESSAGE_SDP && first->sdp.sdp_type == KV_SDP_OFFER;
}

static void
send_history (KvVisitCall *self)
{
  for (GList *l = self->history.head; l != NULL; l = l->next)
    send_message (self, kv_message_copy (l->data), TRUE);
}

static void
on_signaller_state_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvVisitCall *self = user_data;
  gboolean up = kv_signaller_get_state (self->signaller) == KV_SIGNALLER_STATE_SIGNED_IN;

  /* Before "signed-in" (the link notifies its state first): an offerer
   * that rebuilds now does so before the outbox is flushed, and the
   * flush leaves out what the rebuild made stale. */
  if (!self->stopped)
    kv_call_backend_set_signalling_up (self->backend, up);
}

static void
on_signed_in (KvSignaller *signaller,
              KvMessage   *welcome,
              gpointer     user_data)
{
  KvVisitCall *self = user_data;

  /* A rebuild at the sign-in (see above) made older generations moot. */
  drop_older_than (self, kv_call_backend_get_generation (self->backend));

  while (!g_queue_is_empty (&self->outbox) && !self->stopped)
    {
      g_autoptr(KvMessage) message = g_queue_pop_head (&self->outbox);
      g_autoptr(GError) error = NULL;

      if (!kv_signaller_send (self->signaller, message, &error))
        {
          g_debug ("Could not send queued %s: %s",
                   kv_message_type_to_string (message->type), error->message);
          g_queue_push_head (&self->outbox, g_steal_pointer (&message));
          break;
        }
    }

  /* Back on the server, the answerer cannot rebuild the call itself: the
   * offerer may have made new offers while this kiosk was away (the server
   * dropped them) and cannot know it is back. Its last answer, sent again,
   * tells it: an offerer takes an answer of an older generation as a
   * request for its current offer (kv_visit_call_handle_sdp()), and
   * ignores one it already has. Sent at every sign-in, picture or not: a
   * picture that seems fine may be the last frames of a pipeline the
   * offerer is tearing down at this very moment (it rebuilt as its own
   * link came back), and a repeated answer costs one relayed message. */
  if (!self->stopped && !g_queue_is_empty (&self->history) &&
      ((KvMessage *) g_queue_peek_head (&self->history))->sdp.sdp_type == KV_SDP_ANSWER)
    {
      g_debug ("Signed in again: sending answer %u again",
               message_generation (g_queue_peek_head (&self->history)));
      send_history (self);
    }
}

static void
on_local_description (KvCallBackend *backend,
                      KvSdpType      type,
                      const char    *sdp,
                      guint          generation,
                      gpointer       user_data)
{
  KvVisitCall *self = user_data;
  KvMessage *message = kv_message_new (KV_MESSAGE_SDP);

  message->sdp.booking_id = g_strdup (self->booking_id);
  message->sdp.generation = generation;
  message->sdp.sdp_type = type;
  message->sdp.sdp = g_strdup (sdp);
  g_debug ("Relaying local %s of generation %u",
           type == KV_SDP_OFFER ? "offer" : "answer", generation);
  drop_older_than (self, generation);
  g_queue_clear_full (&self->history, (GDestroyNotify) kv_message_free);
  g_queue_push_tail (&self->history, kv_message_copy (message));
  send_message (self, message, TRUE);
}

static void
on_local_candidate (KvCallBackend *backend,
                    guint          mline_index,
                    const char    *candidate,
                    guint          generation,
                    gpointer       user_data)
{
  KvVisitCall *self = user_data;
  KvMessage *message = kv_message_new (KV_MESSAGE_ICE);

  message->ice.booking_id = g_strdup (self->booking_id);
  message->ice.generation = generation;
  message->ice.mline_index = mline_index;
  message->ice.candidate = g_strdup (candidate != NULL ? candidate : "");
  if (!g_queue_is_empty (&self->history) &&
      message_generation (g_queue_peek_head (&self->history)) == generation)
    g_queue_push_tail (&self->history, kv_message_copy (message));
  send_message (self, message, TRUE);
}

static void
on_play_message_received (KvCallBackend *backend,
                          const char    *json,
                          gpointer       user_data)
{
  KvVisitCall *self = user_data;
  const char *sticker_id = kv_sticker_from_json (json);

  if (sticker_id == NULL)
    {
      /* The peer runs our software, but its data channel is still input
       * from outside: anything but a known sticker is dropped. */
      g_debug ("Dropped a play message that is not a known sticker");
      return;
    }

  g_signal_emit (self, signals[SIGNAL_STICKER_RECEIVED], 0, sticker_id);
}

static void
on_failed (KvCallBackend *backend,
           GError        *error,
           gpointer       user_data)
{
  KvVisitCall *self = user_data;

  g_warning ("Call of booking %s failed: %s", self->booking_id, error->message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

static void
update_media_lost (KvVisitCall *self)
{
  KvCallState state = kv_call_backend_get_state (self->backend);
  gboolean flowing = kv_call_backend_get_media_flowing (self->backend);
  gboolean lost;
  KvMessage *message;

  if (flowing && self->released)
    self->had_media = TRUE;

  /* Media is lost when the engine says it is recovering, or when a picture
   * that flowed stops; before the first picture after the release, the
   * call is still coming up, which is not a loss. While paused no picture
   * is sent either way, so only the engine can say it is lost. */
  lost = self->released && !self->stopped &&
         (state == KV_CALL_STATE_RECONNECTING ||
          state == KV_CALL_STATE_FAILED ||
          (self->had_media && !flowing && !self->paused));

  if (lost == self->media_lost)
    return;

  self->media_lost = lost;
  g_debug ("Media of booking %s %s", self->booking_id, lost ? "lost" : "back");

  message = kv_message_new (KV_MESSAGE_MEDIA);
  message->media.booking_id = g_strdup (self->booking_id);
  message->media.flowing = !lost;
  /* The server dates `media` messages as they arrive: one sent late would
   * misdate the loss, so it is not kept for later. */
  send_message (self, message, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_LOST]);
}

static void
on_media_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  update_media_lost (KV_VISIT_CALL (user_data));
}

static void
apply_hold (KvVisitCall *self)
{
  /* The engine's hold is the one the waiting room uses: its watchdog does
   * not watch a held call, so a pause of any length rebuilds nothing. */
  kv_call_backend_set_held (self->backend, !self->released || self->paused);
  kv_call_backend_set_audio_held (self->backend, self->audio_held);
}

static void
kv_visit_call_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KvVisitCall *self = KV_VISIT_CALL (object);

  switch (prop_id)
    {
    case PROP_BACKEND:
      g_value_set_object (value, self->backend);
      break;

    case PROP_SIGNALLER:
      g_value_set_object (value, self->signaller);
      break;

    case PROP_BOOKING_ID:
      g_value_set_string (value, self->booking_id);
      break;

    case PROP_RELEASED:
      g_value_set_boolean (value, self->released);
      break;

    case PROP_MEDIA_LOST:
      g_value_set_boolean (value, self->media_lost);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_call_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KvVisitCall *self = KV_VISIT_CALL (object);

  switch (prop_id)
    {
    case PROP_BACKEND:
      self->backend = g_value_dup_object (value);
      break;

    case PROP_SIGNALLER:
      self->signaller = g_value_dup_object (value);
      break;

    case PROP_BOOKING_ID:
      self->booking_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_call_constructed (GObject *object)
{
  KvVisitCall *self = KV_VISIT_CALL (object);
  G_OBJECT_CLASS (kv_visit_call_parent_class)->constructed (object);

  g_assert (KV_IS_CALL_BACKEND (self->backend));
  g_assert (KV_IS_SIGNALLER (self->signaller));
  g_assert (self->booking_id != NULL);

  g_signal_connect_object (self->backend, "local-description",
                           G_CALLBACK (on_local_description), self, 0);
  g_signal_connect_object (self->backend, "local-candidate",
                           G_CALLBACK (on_local_candidate), self, 0);
  g_signal_connect_object (self->backend, "play-message-received",
                           G_CALLBACK (on_play_message_received), self, 0);
  g_signal_connect_object (self->backend, "failed",
                           G_CALLBACK (on_failed), self, 0);
  g_signal_connect_object (self->backend, "notify::media-flowing",
                           G_CALLBACK (on_media_changed), self, 0);
  g_signal_connect_object (self->backend, "notify::state",
                           G_CALLBACK (on_media_changed), self, 0);
  g_signal_connect_object (self->signaller, "signed-in", G_CALLBACK (on_signed_in), self, 0);
  g_signal_connect_object (self->signaller, "notify::state",
                           G_CALLBACK (on_signaller_state_changed), self, 0);
  kv_call_backend_set_signalling_up (self->backend,
                                     kv_signaller_get_state (self->signaller)
                                     == KV_SIGNALLER_STATE_SIGNED_IN);
}

/* While the call exists, it depends on the link (see kv-visit-call.h). */
static void
set_urgent (KvVisitCall *self,
            gboolean     urgent)
{
  if (self->made_urgent == urgent)
    return;
  self->made_urgent = urgent;
  kv_signaller_set_urgent (self->signaller, urgent);
}

static void
kv_visit_call_dispose (GObject *object)
{
  KvVisitCall *self = KV_VISIT_CALL (object);

  if (self->backend != NULL && self->started && !self->stopped)
    {
      self->stopped = TRUE;
      kv_call_backend_stop (self->backend);
    }
  if (self->signaller != NULL)
    set_urgent (self, FALSE);
  g_clear_object (&self->backend);
  g_clear_object (&self->signaller);

  G_OBJECT_CLASS (kv_visit_call_parent_class)->dispose (object);
}

static void
kv_visit_call_finalize (GObject *object)
{
  KvVisitCall *self = KV_VISIT_CALL (object);

  g_free (self->booking_id);
  g_queue_clear_full (&self->outbox, (GDestroyNotify) kv_message_free);
  g_queue_clear_full (&self->history, (GDestroyNotify) kv_message_free);

  G_OBJECT_CLASS (kv_visit_call_parent_class)->finalize (object);
}

static void
kv_visit_call_class_init (KvVisitCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_visit_call_get_property;
  object_class->set_property = kv_visit_call_set_property;
  object_class->constructed = kv_visit_call_constructed;
  object_class->dispose = kv_visit_call_dispose;
  object_class->finalize = kv_visit_call_finalize;

  properties[PROP_BACKEND] =
    g_param_spec_object ("backend", NULL, NULL,
                         KV_TYPE_CALL_BACKEND,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL,
                         KV_TYPE_SIGNALLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvVisitCall:released:
   *
   * Whether media was released (the visit started).
   */
  properties[PROP_RELEASED] =
    g_param_spec_boolean ("released", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvVisitCall:media-lost:
   *
   * Whether media stopped flowing after the release.
   */
  properties[PROP_MEDIA_LOST] =
    g_param_spec_boolean ("media-lost", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvVisitCall::sticker-received:
   * @sticker_id: a known sticker id
   *
   * The peer sent a sticker.
   */
  signals[SIGNAL_STICKER_RECEIVED] =
    g_signal_new ("sticker-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * KvVisitCall::failed:
   * @error: why
   *
   * The call engine gave up on the call.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kv_visit_call_init (KvVisitCall *self)
{
  g_queue_init (&self->outbox);
}

KvVisitCall *
kv_visit_call_new (KvCallBackend *backend,
                   KvSignaller   *signaller,
                   const char    *booking_id)
{
  g_return_val_if_fail (KV_IS_CALL_BACKEND (backend), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  return g_object_new (KV_TYPE_VISIT_CALL,
                       "backend", backend,
                       "signaller", signaller,
                       "booking-id", booking_id,
                       NULL);
}

/**
 * kv_visit_call_start:
 * @self: a #KvVisitCall
 *
 * Starts the call held: it connects, but sends nothing until released.
 */
void
kv_visit_call_start (KvVisitCall *self)
{
  g_return_if_fail (KV_IS_VISIT_CALL (self));

  if (self->started)
    return;

  self->started = TRUE;
  set_urgent (self, TRUE);
  /* Held before start, so not a single frame leaves before the visit. */
  apply_hold (self);
  kv_call_backend_start (self->backend);
}

/**
 * kv_visit_call_release:
 * @self: a #KvVisitCall
 *
 * Lets media flow: the visit begins.
 */
void
kv_visit_call_release (KvVisitCall *self)
{
  g_return_if_fail (KV_IS_VISIT_CALL (self));

  if (self->released || self->stopped)
    return;

  self->released = TRUE;
  apply_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASED]);
  update_media_lost (self);
}

/**
 * kv_visit_call_set_paused:
 * @self: a #KvVisitCall
 * @paused: whether staff (on either side) paused the visit
 *
 * Holds this side's sending (picture and sound) while paused; the call
 * stays up and is not watched for stalls, so the resume is one release,
 * with no new negotiation. The picture coming back after the resume is
 * not a loss until the engine says so (as after the first release).
 */
void
kv_visit_call_set_paused (KvVisitCall *self,
                          gboolean     paused)
{
  g_return_if_fail (KV_IS_VISIT_CALL (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  if (!paused)
    self->had_media = FALSE;
  if (self->started && !self->stopped)
    apply_hold (self);
  update_media_lost (self);
}

/**
 * kv_visit_call_set_audio_held:
 * @self: a #KvVisitCall
 * @held: whether staff (on either side) muted the sound
 *
 * Holds this side's sound alone; the picture goes on.
 */
void
kv_visit_call_set_audio_held (KvVisitCall *self,
                              gboolean     held)
{
  g_return_if_fail (KV_IS_VISIT_CALL (self));

  held = !!held;
  if (self->audio_held == held)
    return;

  self->audio_held = held;
  if (self->started && !self->stopped)
    apply_hold (self);
}

void
kv_visit_call_stop (KvVisitCall *self)
{
  g_return_if_fail (KV_IS_VISIT_CALL (self));

  if (self->stopped)
    return;

  self->stopped = TRUE;
  kv_call_backend_stop (self->backend);
  set_urgent (self, FALSE);
  if (self->media_lost)
    {
      self->media_lost = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_LOST]);
    }
}

/**
 * kv_visit_call_peer_arrived:
 * @self: a #KvVisitCall
 *
 * The other kiosk has just joined the visit (its presence went from absent
 * to present). If this side offered and the call has not connected, the
 * offer and its candidates may have gone out while the other kiosk was not
 * signed in, and the server drops those: they are sent again. The peer's
 * call engine ignores an offer of a generation it already has, so a peer
 * that only lost its server link is not disturbed.
 */
void
kv_visit_call_peer_arrived (KvVisitCall *self)
{
  KvCallState state;

  g_return_if_fail (KV_IS_VISIT_CALL (self));

  if (self->stopped || !has_offer (self))
    return;
  state = kv_call_backend_get_state (self->backend);
  if (state != KV_CALL_STATE_NEW && state != KV_CALL_STATE_CONNECTING)
    return;

  g_debug ("The peer arrived: sending the offer of generation %u again (%u messages)",
           message_generation (g_queue_peek_head (&self->history)),
           g_queue_get_length (&self->history));
  send_history (self);
}

/**
 * kv_visit_call_handle_sdp:
 * @self: a #KvVisitCall
 * @sdp: the peer's description, relayed by the server
 *
 * Feeds the peer's description into the call, unless it belongs to another
 * booking or to an older generation of the call (a rebuild made it stale).
 */
void
kv_visit_call_handle_sdp (KvVisitCall *self,
                          const KvSdp *sdp)
{
  gboolean offering;
  guint generation;

  g_return_if_fail (KV_IS_VISIT_CALL (self));
  g_return_if_fail (sdp != NULL);

  if (self->stopped || g_strcmp0 (sdp->booking_id, self->booking_id) != 0)
    {
      g_debug ("Dropped an sdp for another booking or a stopped call");
      return;
    }

  generation = kv_call_backend_get_generation (self->backend);
  offering = has_offer (self) &&
             message_generation (g_queue_peek_head (&self->history)) == generation;
  switch (kv_call_generation_check_description (offering, sdp->sdp_type, sdp->generation,
                                                generation))
    {
    case KV_CALL_GENERATION_ASKS_FOR_OFFER:
      /* The answerer is back and sent its last answer again: it never got
       * this generation's offer (the server dropped it while the answerer
       * was away). Send it again; the call engine, told of the old answer,
       * gives the attempt its time from now. An answerer that has the
       * offer ignores a repeated one, so this cannot loop. */
      g_debug ("An answer of generation %u: sending offer %u again", sdp->generation,
               generation);
      send_history (self);
      break;

    case KV_CALL_GENERATION_STALE:
      g_debug ("Dropped an sdp of stale generation %u (call is at %u)",
               sdp->generation, generation);
      return;

    case KV_CALL_GENERATION_CURRENT:
    case KV_CALL_GENERATION_NEWER:
    default:
      break;
    }

  kv_call_backend_set_remote_description (self->backend, sdp->sdp_type, sdp->sdp,
                                          sdp->generation);
}

void
kv_visit_call_handle_ice (KvVisitCall *self,
                          const KvIce *ice)
{
  guint generation;

  g_return_if_fail (KV_IS_VISIT_CALL (self));
  g_return_if_fail (ice != NULL);

  if (self->stopped || g_strcmp0 (ice->booking_id, self->booking_id) != 0)
    {
      g_debug ("Dropped an ice candidate for another booking or a stopped call");
      return;
    }

  generation = kv_call_backend_get_generation (self->backend);
  if (kv_call_generation_check_candidate (ice->generation, generation) == KV_CALL_GENERATION_STALE)
    {
      g_debug ("Dropped an ice candidate of stale generation %u (call is at %u)",
               ice->generation, generation);
      return;
    }

  kv_call_backend_add_remote_candidate (self->backend, ice->mline_index, ice->candidate,
                                        ice->generation);
}

/**
 * kv_visit_call_send_sticker:
 * @self: a #KvVisitCall
 * @sticker_id: a known sticker id
 * @error: return location for a #GError
 *
 * Returns: whether the sticker went out over the data channel
 */
gboolean
kv_visit_call_send_sticker (KvVisitCall  *self,
                            const char   *sticker_id,
                            GError      **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CALL (self), FALSE);

  json = kv_sticker_to_json (sticker_id);
  if (json == NULL)
    {
      g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW, "Unknown sticker");
      return FALSE;
    }

  if (self->stopped || !self->released)
    {
      g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW, "The visit is not on");
      return FALSE;
    }

  return kv_call_backend_send_play_message (self->backend, json, error);
}

KvCallBackend *
kv_visit_call_get_backend (KvVisitCall *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CALL (self), NULL);

  return self->backend;
}

const char *
kv_visit_call_get_booking_id (KvVisitCall *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CALL (self), NULL);

  return self->booking_id;
}

gboolean
kv_visit_call_get_released (KvVisitCall *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CALL (self), FALSE);

  return self->released;
}

gboolean
kv_visit_call_get_media_lost (KvVisitCall *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CALL (self), FALSE);

  return self->media_lost;
}

gint64
kv_visit_call_get_lost_us (KvVisitCall *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CALL (self), 0);

  return kv_call_backend_get_lost_us (self->backend);
}
