/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-cue-player.h"
#include "kv-fake-call-factory.h"
#include "kv-fake-clock.h"
#include "kv-fake-messages.h"
#include "kv-fake-signaller.h"
#include "kv-staff-lock.h"
#include "kv-visit-controller.h"
#include "kv-window.h"

G_BEGIN_DECLS

/* The staff PIN of every UI test kiosk. */
#define KV_TEST_PIN "2468"
#define KV_TEST_BOOKING "b1"

/* 2026-11-22 (a Sunday), UTC; tests run with TZ=UTC. */
gint64   kv_test_time             (int hour,
                                   int minute,
                                   int second);

typedef struct
{
  KvRole             role;
  KvClock           *clock;
  KvFakeSignaller   *signaller;
  KvFakeCallFactory *factory;
  KvKioskConfig     *config;
  KvVisitController *controller;
  KvStaffLock       *lock;
  KvStaffRoster     *roster;
  KvCuePlayer       *cues;
  KvWindow          *window;
  int                width;
  int                height;
  gboolean           sized;
} KvUiFixture;

void        kv_ui_fixture_setup       (KvUiFixture *f,
                                       KvRole       role,
                                       guint        pin_attempts);
void        kv_ui_fixture_setup_full  (KvUiFixture *f,
                                       KvRole       role,
                                       guint        pin_attempts,
                                       const char  *extra_kiosk_keys);
void        kv_ui_fixture_setup_sized (KvUiFixture *f,
                                       KvRole       role,
                                       int          width,
                                       int          height);
void        kv_ui_fixture_setup_sized_full (KvUiFixture *f,
                                            KvRole       role,
                                            int          width,
                                            int          height,
                                            const char  *extra_kiosk_keys);
void        kv_ui_fixture_teardown    (KvUiFixture *f);

void        kv_ui_fixture_advance_to  (KvUiFixture *f,
                                       gint64       when_us);
void        kv_ui_fixture_receive     (KvUiFixture *f,
                                       KvMessage   *message);
void        kv_ui_fixture_sign_in     (KvUiFixture *f);
void        kv_ui_fixture_receive_schedule (KvUiFixture *f);
void        kv_ui_fixture_sign_in_for_band (KvUiFixture *f,
                                            KvAgeBand    age_band);
void        kv_ui_fixture_join        (KvUiFixture *f);
void        kv_ui_fixture_go_live     (KvUiFixture *f);
KvFakeCall *kv_ui_fixture_call        (KvUiFixture *f);
void        kv_ui_fixture_receive_live_session (KvUiFixture     *f,
                                                KvSideFlags      paused,
                                                KvPauseCategory  category,
                                                KvSideFlags      muted,
                                                gboolean         supervised);
void        kv_ui_fixture_receive_staff_end (KvUiFixture   *f,
                                             KvEndCategory  category);
void        kv_ui_fixture_unlock_staff (KvUiFixture *f);
void        kv_ui_fixture_enter_pin   (KvUiFixture *f,
                                       const char  *pin);

void        kv_ui_wait_for_paint      (GtkWidget   *widget);
char       *kv_ui_without_marks       (const char  *text);
char       *kv_ui_visible_text        (GtkWidget   *root);
void        kv_ui_assert_visible_text (GtkWidget   *root,
                                       const char  *expected);
void        kv_ui_save_screenshot     (KvUiFixture *f,
                                       const char  *screen);
void        kv_ui_assert_window_fits  (KvUiFixture *f);

G_END_DECLS
