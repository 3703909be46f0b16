/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-visit-call.h"
#include "kv-visit-controller.h"
#include "kv-visit-timeline.h"

G_BEGIN_DECLS

/* The controller is one GObject in four files: kv-visit-controller.c has the
 * object (properties, signals, public API), kv-visit-flow.c the visit itself
 * (phases, the call, the visit's own clock), kv-visit-messages.c what the
 * server says, kv-visit-staff.c the staff intents. */

typedef enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_SIGNALLER,
  PROP_CALL_FACTORY,
  PROP_PHASE,
  PROP_UNAVAILABLE_REASON,
  PROP_ROLE,
  PROP_KIOSK_LABEL,
  PROP_PEER_LABEL,
  PROP_SELF_LABEL,
  PROP_AGE_BAND,
  PROP_PEER_PRESENT,
  PROP_SELF_CONFIRMED,
  PROP_PEER_CONFIRMED,
  PROP_NEXT_VISIT_START,
  PROP_NEXT_VISIT_END,
  PROP_VISIT_START,
  PROP_VISIT_END,
  PROP_SECONDS_LEFT,
  PROP_PROGRESS,
  PROP_LOST_SECONDS,
  PROP_MAKEUP_SECONDS,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_PICTURE_PAUSED,
  PROP_DEVICE_TESTING,
  N_PROPS
} KvVisitControllerProperty;

typedef enum {
  SIGNAL_CUE_REACHED,
  SIGNAL_STICKER_SHOWN,
  SIGNAL_ENDED,
  N_SIGNALS
} KvVisitControllerSignal;

struct _KvVisitController
{
  GObject parent_instance;

  /* Collaborators (construct-only) */
  KvKioskConfig *config;
  KvClock *clock;
  KvSignaller *signaller;
  KvCallFactory *call_factory;

  /* Where the kiosk stands */
  gboolean started;
  gboolean ever_signed_in;
  gboolean have_schedule;
  gboolean no_camera;
  gint64 restore_until;      /* after a sign-in, wait this long for a session */
  guint restore_alarm;
  guint after_alarm;
  guint next_alarm;          /* when the next visit's slot is over */
  gboolean link_tried;       /* the link was up or tried since start */
  gboolean link_failed;      /* ...and went down since the last sign-in */
  char *kiosk_id;
  GPtrArray *bookings;       /* KvBooking, by start */

  /* The current (or last) visit */
  char *visit_booking_id;
  gboolean visit_active;     /* joined and not over */
  gboolean visit_ended;      /* "ended" emitted for it */
  gboolean visit_offerer;
  gint64 goodbye_length_us;
  gboolean have_session_state;
  KvSessionState session_state;
  gint64 server_lost_us;
  KvVisitTimeline *timeline;
  KvVisitCall *call;
  KvMediaPreview *preview;
  KvMessage *pending_join;     /* the next visit's join, while one is on */
  KvMessage *pending_session;  /* a snapshot waiting for its join */
  guint pending_session_alarm;

  /* Property values */
  KvVisitPhase phase;
  KvUnavailableReason unavailable_reason;
  char *kiosk_label;
  char *peer_label;
  char *self_label;
  KvAgeBand age_band;
  gboolean peer_present;
  gboolean self_confirmed;
  gboolean peer_confirmed;
  gint64 next_visit_start;
  gint64 next_visit_end;
  gint64 visit_start;
  gint64 visit_end;
  guint seconds_left;
  double progress;
  guint lost_seconds;
  guint makeup_seconds;
  GdkPaintable *remote_paintable;
  GdkPaintable *self_paintable;
  double input_level;
  gboolean picture_paused;
  gboolean device_testing;
};

extern GParamSpec *kv_visit_controller_properties[N_PROPS];
extern guint kv_visit_controller_signals[N_SIGNALS];

/* Setters that notify only on change (kv-visit-controller.c). */
void kv_visit_controller_set_phase       (KvVisitController  *self,
                                          KvVisitPhase        phase,
                                          KvUnavailableReason reason);
void kv_visit_controller_set_boolean     (KvVisitController  *self,
                                          gboolean           *field,
                                          gboolean            value,
                                          KvVisitControllerProperty prop);
void kv_visit_controller_set_int64       (KvVisitController  *self,
                                          gint64             *field,
                                          gint64              value,
                                          KvVisitControllerProperty prop);
void kv_visit_controller_set_uint        (KvVisitController  *self,
                                          guint              *field,
                                          guint               value,
                                          KvVisitControllerProperty prop);
void kv_visit_controller_set_double      (KvVisitController  *self,
                                          double             *field,
                                          double              value,
                                          KvVisitControllerProperty prop);
void kv_visit_controller_set_string      (KvVisitController  *self,
                                          char              **field,
                                          const char         *value,
                                          KvVisitControllerProperty prop);
void kv_visit_controller_update_media    (KvVisitController  *self);
void kv_visit_controller_stop_preview    (KvVisitController  *self);

/* The visit flow (kv-visit-flow.c). */
void kv_visit_flow_setup                 (KvVisitController  *self);
void kv_visit_flow_teardown              (KvVisitController  *self);
void kv_visit_flow_update_resting_phase  (KvVisitController  *self);
void kv_visit_flow_finish                (KvVisitController  *self,
                                          KvOutcome           outcome);
void kv_visit_flow_send_presence         (KvVisitController  *self,
                                          gboolean            present);
KvSideFlags kv_visit_flow_own_side       (KvVisitController  *self);
KvSideFlags kv_visit_flow_peer_side      (KvVisitController  *self);
gboolean kv_visit_flow_is_current        (KvVisitController  *self,
                                          const char         *booking_id);
void kv_visit_flow_update_lost           (KvVisitController  *self);
void kv_visit_flow_update_next_visit     (KvVisitController  *self);
void kv_visit_flow_set_times             (KvVisitController  *self,
                                          gint64              start_us,
                                          gint64              end_us,
                                          gint64              goodbye_at_us);
void kv_visit_flow_release               (KvVisitController  *self);
void kv_visit_flow_evaluate_phase        (KvVisitController  *self);
void kv_visit_flow_begin                 (KvVisitController  *self,
                                          const char         *booking_id,
                                          gboolean            offerer,
                                          gint64              start_us,
                                          gint64              end_us,
                                          gint64              goodbye_at_us,
                                          const guint        *cues,
                                          guint               n_cues,
                                          GPtrArray          *ice_servers,
                                          gboolean            release_now);

/* Messages from the server (kv-visit-messages.c). */
void kv_visit_messages_connect           (KvVisitController  *self);
void kv_visit_messages_replay_pending    (KvVisitController  *self);
void kv_visit_messages_clear             (KvVisitController  *self);

G_END_DECLS
