/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libglib-testing/signal-logger.h>

#include "kv-core-enums.h"
#include "kv-fake-call-factory.h"
#include "kv-fake-clock.h"
#include "kv-fake-messages.h"
#include "kv-fake-signaller.h"
#include "kv-kiosk-enums.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

/* The visit controller's test fixture: a controller made with a fake clock,
 * a fake signaller and a fake call factory; helpers to drive a visit and to
 * check what the controller announced. Every time is UTC on 2026-11-22. */

#define T(h, m, s) (kv_test_time ((h), (m), (s)))
#define BOOKING "b1"
#define NEXT_BOOKING "b2"

typedef struct
{
  KvClock *clock;
  KvFakeSignaller *signaller;
  KvFakeCallFactory *factory;
  KvKioskConfig *config;
  KvVisitController *controller;
  GtSignalLogger *logger;
  GArray *phases;        /* KvVisitPhase at each notify::phase */
  guint phases_popped;
} Fixture;

gint64      kv_test_time                  (int            hour,
                                           int            minute,
                                           double         seconds);
void        kv_test_setup                 (Fixture       *f,
                                           gconstpointer  data);
void        kv_test_setup_prison          (Fixture       *f,
                                           gconstpointer  data);
void        kv_test_setup_prison_supervised (Fixture *f,
                                             gconstpointer data);
void        kv_test_teardown              (Fixture       *f,
                                           gconstpointer  data);
void        kv_test_advance_to            (Fixture       *f,
                                           gint64         when_us);
void        kv_test_receive               (Fixture       *f,
                                           KvMessage     *message);
void        kv_test_assert_phase_pop      (Fixture       *f,
                                           KvVisitPhase   expected);
void        kv_test_assert_cue_pop        (Fixture       *f,
                                           guint          seconds_left,
                                           gboolean       half_way);
void        kv_test_assert_ended_pop      (Fixture       *f,
                                           KvOutcome      outcome);
void        kv_test_assert_sticker_pop    (Fixture       *f,
                                           const char    *sticker_id,
                                           gboolean       from_peer);
KvFakeCall *kv_test_last_call             (Fixture       *f);
gboolean    kv_test_call_held             (KvFakeCall    *call);
void        kv_test_sign_in_with_schedule (Fixture       *f);
KvFakeCall *kv_test_go_waiting            (Fixture       *f,
                                           gboolean       offerer);
void        kv_test_go_live               (Fixture       *f);

G_END_DECLS
